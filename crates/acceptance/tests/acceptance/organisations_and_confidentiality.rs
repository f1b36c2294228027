//! Organisations and confidential records over HTTP on both backends: claiming membership,
//! approval (a platform administrator for the first claim, then the organisation's own
//! administrators), roles, partner organisations, the audit log, and notes that never
//! reach anyone not entitled to them, in any list, search, JSON or CSV.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{
    create_person, link_from_outbox, serve_two_trusts, sign_in, PASSWORD, TRUST_A, TRUST_B,
};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::WebClient;
use convene_domain::access::PlatformRole;
use convene_store::Store;

async fn signed_in(server: &TestServer, email: &str) -> WebClient {
    let client = WebClient::new(server);
    let reply = sign_in(&client, email, PASSWORD).await;
    assert_eq!(reply.status, 303, "{email} signs in: {}", reply.body);
    client
}

/// Claims `org` for the client's person and returns the membership number.
async fn claim(store: &Store, client: &WebClient, org: &str) -> i64 {
    client.get(&format!("/organisations/{org}")).await;
    let reply = client
        .post(&format!("/organisations/{org}/claim"), &[])
        .await;
    assert_eq!(reply.status, 303, "claim {org}: {}", reply.body);
    let org_ref = convene_domain::party::OrgRef::parse(org).unwrap();
    store
        .members_of(org_ref)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.status == convene_domain::access::MembershipStatus::Pending)
        .map(|m| m.membership)
        .max()
        .expect("a pending claim")
}

#[tokio::test]
async fn claims_are_approved_by_the_right_people_and_roles_are_kept_safe() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(
            &store,
            "admin@example.org",
            "Platform Admin",
            &[PlatformRole::Administrator],
        )
        .await;
        create_person(&store, "ceo@example.org", "Chris CEO", &[]).await;
        create_person(&store, "director@example.org", "Dana Director", &[]).await;
        create_person(&store, "outsider@example.org", "Olu Outsider", &[]).await;
        let a = TRUST_A.key();

        // First claim: only a platform administrator can decide, and the person approved
        // becomes the trust's administrator.
        let ceo = signed_in(&server, "ceo@example.org").await;
        let first = claim(&store, &ceo, &a).await;
        let outsider = signed_in(&server, "outsider@example.org").await;
        outsider.get(&format!("/organisations/{a}")).await;
        let meddling = outsider
            .post(&format!("/organisations/{a}/members/{first}/approve"), &[])
            .await;
        assert_eq!(meddling.status, 403, "{backend}");
        let admin = signed_in(&server, "admin@example.org").await;
        let waiting = admin.get("/admin").await;
        assert!(
            waiting.body.contains("Chris CEO"),
            "{backend}: the first claim is listed"
        );
        let approved = admin
            .post(&format!("/organisations/{a}/members/{first}/approve"), &[])
            .await;
        assert_eq!(approved.status, 303, "{backend}: {}", approved.body);
        let email = link_from_outbox(&store, "ceo@example.org", "/account").await;
        assert_eq!(email, "/account", "{backend}: the decision is emailed");
        let outbox = admin.get("/admin/outbox").await;
        assert!(
            outbox.body.contains("ceo@example.org")
                && outbox
                    .body
                    .contains("You can now act for 5 Dimensions Trust"),
            "{backend}: administrators read the outbox in the app"
        );
        let me = ceo.get("/account").await;
        assert!(me.body.contains("Organisation administrator"), "{backend}");

        // Later claims are for the trust's own administrators, not the platform's.
        let director = signed_in(&server, "director@example.org").await;
        let second = claim(&store, &director, &a).await;
        admin.get("/admin").await;
        let not_now = admin
            .post(&format!("/organisations/{a}/members/{second}/approve"), &[])
            .await;
        assert_eq!(
            not_now.status, 403,
            "{backend}: the trust has an administrator now"
        );
        ceo.get(&format!("/organisations/{a}/members")).await;
        let ok = ceo
            .post(&format!("/organisations/{a}/members/{second}/approve"), &[])
            .await;
        assert_eq!(ok.status, 303, "{backend}");
        let again = ceo
            .post(&format!("/organisations/{a}/members/{second}/approve"), &[])
            .await;
        assert_eq!(again.status, 409, "{backend}: decided already");

        // A membership number from another trust cannot be used through this trust.
        let b = TRUST_B.key();
        let elsewhere = claim(&store, &outsider, &b).await;
        let crossed = ceo
            .post(
                &format!("/organisations/{a}/members/{elsewhere}/approve"),
                &[],
            )
            .await;
        assert_eq!(crossed.status, 409, "{backend}");

        // The last administrator cannot step down; promoting someone else first works.
        let demote = ceo
            .post(
                &format!("/organisations/{a}/members/{first}/role"),
                &[("role", "member")],
            )
            .await;
        assert_eq!(demote.status, 409, "{backend}");
        assert!(
            demote.body.contains("at least one administrator"),
            "{backend}"
        );
        ceo.post(
            &format!("/organisations/{a}/members/{second}/role"),
            &[("role", "administrator")],
        )
        .await;
        let now_ok = ceo
            .post(
                &format!("/organisations/{a}/members/{first}/role"),
                &[("role", "member")],
            )
            .await;
        assert_eq!(now_ok.status, 303, "{backend}");

        // Members see the roster; outsiders do not; conveners do.
        assert_eq!(
            outsider
                .get(&format!("/organisations/{a}/members"))
                .await
                .status,
            403,
            "{backend}"
        );
        admin.get("/admin/people").await;
        let people = store.people().await.unwrap();
        let outsider_id = people
            .iter()
            .find(|p| p.email == "outsider@example.org")
            .unwrap()
            .id;
        let grant = admin
            .post(
                &format!("/admin/people/{outsider_id}/roles"),
                &[("role", "convener")],
            )
            .await;
        assert_eq!(grant.status, 303, "{backend}");
        assert_eq!(
            outsider
                .get(&format!("/organisations/{a}/members"))
                .await
                .status,
            200,
            "{backend}"
        );

        // The audit log records the approvals and role changes, for the trust's admins.
        let audit = director.get(&format!("/organisations/{a}/audit")).await;
        assert_eq!(audit.status, 200, "{backend}");
        for expected in [
            "Approved a member",
            "Changed an organisation role",
            "Asked to join",
            "Signed in",
        ] {
            assert!(
                audit.body.contains(expected),
                "{backend}: audit shows {expected}"
            );
        }
        assert_eq!(
            ceo.get(&format!("/organisations/{a}/audit")).await.status,
            403,
            "{backend}: no longer an admin"
        );
        let platform_audit = admin.get("/admin/audit").await;
        assert!(
            platform_audit.body.contains("Changed a platform role"),
            "{backend}"
        );

        // Partner organisations: the creator is their administrator.
        director.get("/partners/new").await;
        let bad = director
            .post("/partners", &[("name", ""), ("kind", "club")])
            .await;
        assert_eq!(bad.status, 400, "{backend}");
        let made = director
            .post(
                "/partners",
                &[
                    ("name", "Milton Keynes University Hospital"),
                    ("kind", "nhs_body"),
                    ("locality", "Milton Keynes"),
                    ("website", "https://www.mkuh.nhs.uk"),
                ],
            )
            .await;
        assert_eq!(made.status, 303, "{backend}: {}", made.body);
        let page = WebClient::new(&server)
            .get(made.location.as_deref().unwrap())
            .await;
        assert!(
            page.body.contains("NHS body")
                && page.body.contains("Milton Keynes University Hospital")
        );
        let listed = WebClient::new(&server).get("/partners").await;
        assert!(
            listed.body.contains("Milton Keynes University Hospital"),
            "{backend}"
        );
    }
}

#[tokio::test]
async fn confidential_notes_reach_only_the_people_entitled_to_them() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let backend = format!("{:?}", db.backend);
        create_person(
            &store,
            "admin@example.org",
            "Platform Admin",
            &[PlatformRole::Administrator],
        )
        .await;
        create_person(&store, "author@example.org", "Alex Author", &[]).await;
        create_person(&store, "partner@example.org", "Pat Partner", &[]).await;
        create_person(&store, "outsider@example.org", "Olu Outsider", &[]).await;
        let admin = signed_in(&server, "admin@example.org").await;
        let author = signed_in(&server, "author@example.org").await;
        let partner = signed_in(&server, "partner@example.org").await;
        let outsider = signed_in(&server, "outsider@example.org").await;
        for (client, org) in [(&author, TRUST_A.key()), (&partner, TRUST_B.key())] {
            let id = claim(&store, client, &org).await;
            admin.get("/admin").await;
            let reply = admin
                .post(&format!("/organisations/{org}/members/{id}/approve"), &[])
                .await;
            assert_eq!(reply.status, 303);
        }

        // One note at each level, all containing the word "zebra" for search.
        let shared_with = format!("{}, {}", TRUST_A.key(), TRUST_B.key());
        let notes = [
            ("Public zebra", "public", ""),
            ("Members zebra", "members", ""),
            ("Peer review zebra", "organisations", shared_with.as_str()),
            ("Private zebra", "private", ""),
        ];
        let mut ids = Vec::new();
        for (title, level, share) in notes {
            author.get("/notes/new").await;
            let reply = author
                .post(
                    "/notes",
                    &[
                        ("title", title),
                        ("body", "zebra crossing findings"),
                        ("visibility", level),
                        ("share_other", share),
                    ],
                )
                .await;
            assert_eq!(reply.status, 303, "{backend} {title}: {}", reply.body);
            ids.push(
                reply
                    .location
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
            );
        }
        // Sharing between two organisations the author does not belong to is refused.
        author.get("/notes/new").await;
        let smuggle = author
            .post(
                "/notes",
                &[
                    ("title", "Smuggled"),
                    ("body", "x"),
                    ("visibility", "organisations"),
                    ("share_other", &TRUST_B.key()),
                ],
            )
            .await;
        assert_eq!(smuggle.status, 400, "{backend}");

        let anonymous = WebClient::new(&server);
        let expectations: [(&str, &WebClient, [bool; 4]); 5] = [
            ("anonymous", &anonymous, [true, false, false, false]),
            ("author", &author, [true, true, true, true]),
            ("partner trust", &partner, [true, true, true, false]),
            ("outsider", &outsider, [true, true, false, false]),
            ("platform admin", &admin, [true, true, false, false]),
        ];
        for (who, client, visible) in expectations {
            let list = client.get("/notes?q=zebra").await;
            let csv = client.get("/notes.csv?q=zebra").await;
            let json = client.get("/api/v1/notes?q=zebra").await;
            let about = client.get(&format!("/notes?about={}", TRUST_A.key())).await;
            for (i, (title, _, _)) in notes.iter().enumerate() {
                let expect = visible[i];
                assert_eq!(
                    list.body.contains(title),
                    expect,
                    "{backend} {who}: list {title}"
                );
                assert_eq!(
                    csv.body.contains(title),
                    expect,
                    "{backend} {who}: CSV {title}"
                );
                assert_eq!(
                    json.body.contains(title),
                    expect,
                    "{backend} {who}: JSON {title}"
                );
                let page = client.get(&format!("/notes/{}", ids[i])).await;
                assert_eq!(
                    page.status == 200,
                    expect,
                    "{backend} {who}: page {title} {}",
                    page.status
                );
                assert_eq!(
                    page.body.contains("zebra crossing"),
                    expect,
                    "{backend} {who}: page body {title}"
                );
                let api = client.get(&format!("/api/v1/notes/{}", ids[i])).await;
                assert_eq!(api.status == 200, expect, "{backend} {who}: API {title}");
                assert!(
                    !about.body.contains(title) || expect,
                    "{backend} {who}: about-list {title}"
                );
            }
        }

        // With an API token the partner sees exactly what they see on the pages.
        partner.get("/account/api-tokens").await;
        let created = partner
            .post("/account/api-tokens", &[("name", "script")])
            .await;
        let token = created
            .body
            .split("id=\"new-token\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string();
        let by_token = anonymous
            .get_with_token("/api/v1/notes?q=zebra", &token)
            .await;
        let titles: Vec<String> = by_token
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["title"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            titles,
            ["Peer review zebra", "Members zebra", "Public zebra"],
            "{backend}"
        );
        let written = anonymous
            .post_json_with_token(
                "/api/v1/notes",
                &token,
                &serde_json::json!({
                    "title": "From the API", "body": "text", "visibility": "organisations",
                    "shared_with": [TRUST_B.key()]
                }),
            )
            .await;
        assert_eq!(written.status, 201, "{backend}: {}", written.body);
        let cookie_write = partner.post_raw("/api/v1/notes", &[("title", "x")]).await;
        assert_eq!(
            cookie_write.status, 401,
            "{backend}: API writes need a token, not a cookie"
        );

        // Every read of the confidential note is in the audit log of both trusts.
        let audit_a = store
            .audit_log(convene_store::AuditScope::Organisation(TRUST_A), 100)
            .await
            .unwrap();
        let audit_b = store
            .audit_log(convene_store::AuditScope::Organisation(TRUST_B), 100)
            .await
            .unwrap();
        for audit in [&audit_a, &audit_b] {
            assert!(
                audit.iter().any(|e| e.event.action
                    == convene_domain::audit::AuditAction::ConfidentialRecordRead
                    && e.event.subject == format!("note {}", ids[2])
                    && e.actor_name.as_deref() == Some("Pat Partner")),
                "{backend}: the partner's read is recorded for both trusts"
            );
        }

        // Only the author may change a note; making it private takes it from the partner.
        partner.get(&format!("/notes/{}", ids[2])).await;
        let not_theirs = partner
            .post(
                &format!("/notes/{}/edit", ids[2]),
                &[
                    ("title", "Hijacked"),
                    ("body", "x"),
                    ("visibility", "public"),
                ],
            )
            .await;
        assert_eq!(not_theirs.status, 403, "{backend}");
        let form = author.get(&format!("/notes/{}/edit", ids[2])).await;
        assert!(
            form.body.contains("Change the note") && form.body.contains("Peer review zebra"),
            "{backend}"
        );
        assert!(
            form.body.contains(&TRUST_B.key()),
            "{backend}: the partner trust is still named"
        );
        let changed = author
            .post(
                &format!("/notes/{}/edit", ids[2]),
                &[
                    ("title", "Peer review zebra (draft)"),
                    ("body", "zebra crossing findings"),
                    ("visibility", "private"),
                ],
            )
            .await;
        assert_eq!(changed.status, 303, "{backend}: {}", changed.body);
        assert_eq!(
            partner.get(&format!("/notes/{}", ids[2])).await.status,
            404,
            "{backend}: private now"
        );
        assert!(author
            .get(&format!("/notes/{}", ids[2]))
            .await
            .body
            .contains("Peer review zebra (draft)"));
        author
            .post(
                &format!("/notes/{}/edit", ids[2]),
                &[
                    ("title", "Peer review zebra"),
                    ("body", "zebra crossing findings"),
                    ("visibility", "organisations"),
                    ("share_other", &shared_with),
                ],
            )
            .await;
        assert_eq!(
            partner.get(&format!("/notes/{}", ids[2])).await.status,
            200,
            "{backend}: shared again"
        );

        // Only the author may delete.
        partner.get(&format!("/notes/{}", ids[2])).await;
        let not_yours = partner
            .post(&format!("/notes/{}/delete", ids[2]), &[])
            .await;
        assert_eq!(not_yours.status, 403, "{backend}");
        author.get(&format!("/notes/{}", ids[2])).await;
        assert_eq!(
            author
                .post(&format!("/notes/{}/delete", ids[2]), &[])
                .await
                .status,
            303
        );
        assert_eq!(
            partner.get(&format!("/notes/{}", ids[2])).await.status,
            404,
            "{backend}"
        );
    }
}
