//! Case studies over HTTP on both backends, as their writers, a convener, the named
//! organisations and the public would use them: written from a finished collaboration
//! (the form filled in from it), refused whole when anything is wrong, pictures checked
//! from their bytes, sent for approval, approved by a convener, published only once every
//! named organisation has agreed, found by "schools like mine" with the reasons, and taken
//! back to a draft by any change of its words. Who may see what is in
//! `authorisation_matrix_case_studies.rs`.

use super::authorisation_matrix::person;
use super::impact::{collaboration, dataset, People, OURS};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::dates::today;
use convene_acceptance::people::{new_api_token, sign_in, PASSWORD};
use convene_acceptance::pictures::{SCRIPT_AS_PNG, SVG, TINY_PNG};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::PlatformRole;
use convene_domain::brokerage::{CollaborationId, CollaborationStatus};
use convene_domain::party::OrgRef;
use convene_domain::Urn;
use convene_store::Store;
use serde_json::json;

/// The version in a page's first step form.
fn version_in(body: &str) -> String {
    body.split("name=\"version\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page has a step form with a version")
        .to_string()
}

fn number_from(reply: &Reply) -> i64 {
    assert_eq!(reply.status, 303, "{}", reply.body);
    reply
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/case-studies/"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a case study: {:?}", reply.location))
}

/// The collaboration (finished), its people, trust A's administrator also acting for Ours
/// Academy, and a convener; the server over them.
async fn setting(db: &TestDatabase) -> (Store, TestServer, People, i64, WebClient) {
    let store = db.store().await;
    store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
    let (people, collaboration) = collaboration(&store).await;
    assert!(store
        .end_collaboration(
            CollaborationId(collaboration),
            CollaborationStatus::Completed,
            today(),
        )
        .await
        .unwrap());
    let school = OrgRef::School(Urn(OURS));
    let claim = store
        .claim_membership(people.admin_a, school, None)
        .await
        .unwrap();
    store
        .decide_membership(people.platform, school, claim, true, "/account", None)
        .await
        .unwrap();
    person(
        &store,
        "convener@example.org",
        true,
        &[PlatformRole::Convener],
    )
    .await;
    let server = TestServer::start(store.clone()).await;
    let author = WebClient::new(&server);
    sign_in(&author, "admin-a@example.org", PASSWORD).await;
    (store, server, people, collaboration, author)
}

async fn signed_in_token(server: &TestServer, email: &str) -> String {
    let client = WebClient::new(server);
    sign_in(&client, email, PASSWORD).await;
    new_api_token(&client, "case studies").await
}

fn fields(collaboration: i64) -> Vec<(&'static str, String)> {
    vec![
        ("owner", "trust-17101".into()),
        ("title", "Progress 8 together".into()),
        (
            "summary",
            "Trust B's subject leads worked with Ours Academy for a year".into(),
        ),
        ("area", "ks4-outcomes".into()),
        ("form", "peer-review".into()),
        ("started", "2017-09-01".into()),
        ("ended", "2018-07-20".into()),
        (
            "challenge",
            "Progress 8 had been below its family's for three years".into(),
        ),
        (
            "what_was_done",
            "Paired subject leads; joint moderation each half term".into(),
        ),
        ("who", "Heads of English and maths on both sides".into()),
        (
            "what_changed",
            "Progress 8 rose, and the departments still meet".into(),
        ),
        ("change_1_measure", "Progress 8".into()),
        ("change_1_before", "-0.15".into()),
        ("change_1_after", "0.41".into()),
        ("change_1_from", "2017-07-01".into()),
        ("change_1_to", "2018-07-01".into()),
        ("lessons", "Pair people doing the same job".into()),
        ("contacts", "Deputy head, deputy@example.org".into()),
        ("organisations", "trust-900001 school-1001".into()),
        ("sources", format!("collaboration-{collaboration}")),
    ]
}

async fn post(client: &WebClient, path: &str, fields: &[(&str, String)]) -> Reply {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    client.post(path, &borrowed).await
}

async fn unpublished_count(server: &TestServer, token: &str) -> usize {
    let client = WebClient::new(server);
    let reply = client
        .get_with_token("/api/v1/case-studies?unpublished=true", token)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().unwrap().len()
}

#[tokio::test]
async fn a_case_study_from_a_finished_collaboration_is_published_after_approval_and_every_consent()
{
    for db in TestDatabase::both().await {
        let (_store, server, _people, collaboration, author) = setting(&db).await;
        let author_token = signed_in_token(&server, "admin-a@example.org").await;

        let form = author
            .get(&format!(
                "/case-studies/new?owner=trust-17101&from=collaboration-{collaboration}"
            ))
            .await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(form.body.contains("trust-900001"), "trust B is named");
        assert!(
            form.body.contains("value=\"ks4-outcomes\" selected"),
            "the area comes from the collaboration"
        );
        assert!(form
            .body
            .contains(&format!("collaboration-{collaboration}")));

        let mut missing = fields(collaboration);
        missing.retain(|(k, _)| *k != "title" && *k != "challenge");
        let refused = post(&author, "/case-studies", &missing).await;
        assert_eq!(refused.status, 400, "{}", refused.body);
        assert!(refused.body.contains("Enter a title"), "{}", refused.body);
        let mut foreign = fields(collaboration);
        foreign.retain(|(k, _)| *k != "sources");
        foreign.push(("sources", "collaboration-999999".into()));
        let refused = post(&author, "/case-studies", &foreign).await;
        assert_eq!(refused.status, 400);
        assert_eq!(unpublished_count(&server, &author_token).await, 0);

        let id = number_from(&post(&author, "/case-studies", &fields(collaboration)).await);
        let path = format!("/case-studies/{id}");
        let page = author.get(&path).await;
        assert!(page.body.contains("Not published"));
        assert!(page.body.contains("Progress 8 together"));
        assert!(
            page.body.contains("Test Trust B: Not answered yet"),
            "{}",
            page.body
        );
        assert_eq!(WebClient::new(&server).get(&path).await.status, 404);

        for (bad, name) in [(SCRIPT_AS_PNG, "photo.png"), (SVG, "drawing.svg")] {
            author.get(&path).await;
            let upload = author
                .post_multipart(
                    &format!("{path}/images"),
                    &[("alt", "A photograph")],
                    ("image", name, "image/png", bad),
                )
                .await;
            assert_eq!(upload.status, 400, "{name}: {}", upload.body);
            assert!(
                upload
                    .body
                    .contains("must be a PNG, JPEG, GIF or WebP file"),
                "{name}: {}",
                upload.body
            );
        }
        author.get(&path).await;
        let no_alt = author
            .post_multipart(
                &format!("{path}/images"),
                &[("alt", "")],
                ("image", "photo.png", "image/png", &TINY_PNG),
            )
            .await;
        assert_eq!(no_alt.status, 400);
        assert!(
            !author.get(&path).await.body.contains("/images/"),
            "nothing was stored"
        );
        let uploaded = author
            .post_multipart(
                &format!("{path}/images"),
                &[("alt", "Two heads of maths at a whiteboard")],
                ("image", "photo.png", "image/png", &TINY_PNG),
            )
            .await;
        assert_eq!(uploaded.status, 303, "{}", uploaded.body);
        let detail = WebClient::new(&server)
            .get_with_token(&format!("/api/v1{path}"), &author_token)
            .await
            .json();
        let image = detail["images"][0]["id"].as_i64().unwrap();
        assert_eq!(detail["images"][0]["kind"], "png");
        assert_eq!(detail["images"][0]["width"], 4);
        let picture = format!("{path}/images/{image}");
        let (status, media_type, cache, bytes) = author.get_bytes(&picture).await;
        assert_eq!((status, media_type.as_str()), (200, "image/png"));
        assert_eq!(cache, "private, no-store");
        assert_eq!(bytes, TINY_PNG);
        assert_eq!(WebClient::new(&server).get_bytes(&picture).await.0, 404);

        let api = WebClient::new(&server);
        let api_bad = api
            .post_bytes_with_token(
                &format!("/api/v1{path}/images?alt=Photo"),
                &author_token,
                "image/png",
                SCRIPT_AS_PNG,
            )
            .await;
        assert_eq!(api_bad.status, 400, "{}", api_bad.body);
        assert!(
            api_bad.body.contains("PNG, JPEG, GIF or WebP"),
            "{}",
            api_bad.body
        );

        let page = author.get(&path).await;
        let submitted = author
            .post(
                &format!("{path}/submit"),
                &[("version", &version_in(&page.body))],
            )
            .await;
        assert_eq!(submitted.status, 303, "{}", submitted.body);

        let convener = signed_in_token(&server, "convener@example.org").await;
        let seen = api
            .get_with_token(&format!("/api/v1{path}"), &convener)
            .await
            .json();
        assert_eq!(seen["stage"], "submitted");
        let version = seen["version"].as_i64().unwrap();
        let stale = api
            .post_json_with_token(
                &format!("/api/v1{path}/approve"),
                &convener,
                &json!({"version": version - 1}),
            )
            .await;
        assert_eq!(stale.status, 409, "{}", stale.body);
        let returned_without_note = api
            .post_json_with_token(
                &format!("/api/v1{path}/return"),
                &convener,
                &json!({"version": version, "note": "  "}),
            )
            .await;
        assert_eq!(returned_without_note.status, 400);
        let approved = api
            .post_json_with_token(
                &format!("/api/v1{path}/approve"),
                &convener,
                &json!({"version": version}),
            )
            .await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        let approved = approved.json();
        assert_eq!(approved["stage"], "approved");
        assert_eq!(
            approved["published"], false,
            "two organisations have not agreed"
        );
        assert_eq!(WebClient::new(&server).get(&path).await.status, 404);

        let trust_b = signed_in_token(&server, "admin-b@example.org").await;
        let version = approved["version"].as_i64().unwrap();
        let wrong_org = api
            .post_json_with_token(
                &format!("/api/v1{path}/consent"),
                &trust_b,
                &json!({"version": version, "org": "school-1001", "consent": "given"}),
            )
            .await;
        assert_eq!(
            wrong_org.status, 403,
            "trust B cannot answer for the school"
        );
        let agreed = api
            .post_json_with_token(
                &format!("/api/v1{path}/consent"),
                &trust_b,
                &json!({"version": version, "org": "trust-900001", "consent": "given"}),
            )
            .await;
        assert_eq!(agreed.status, 200, "{}", agreed.body);
        assert_eq!(
            agreed.json()["published"],
            false,
            "the school has not agreed"
        );

        let page = author.get(&path).await;
        let agreed = author
            .post(
                &format!("{path}/consent"),
                &[
                    ("version", &version_in(&page.body)),
                    ("org", "school-1001"),
                    ("consent", "given"),
                ],
            )
            .await;
        assert_eq!(agreed.status, 303, "{}", agreed.body);
        let public = WebClient::new(&server);
        let page = public.get(&path).await;
        assert_eq!(page.status, 200, "published");
        assert!(page.body.contains("Approved by"));
        assert!(page
            .body
            .contains(&format!("/schools/{OURS}/impact?start=2017-09-01")));
        assert!(page.body.contains("/network/organisations/school-1001"));
        let (status, _, cache, _) = public.get_bytes(&picture).await;
        assert_eq!((status, cache.as_str()), (200, "public, max-age=3600"));

        let like = public.get("/api/v1/case-studies?like=1002").await;
        assert_eq!(like.status, 200, "{}", like.body);
        let found = like.json();
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        let why = found[0]["why"][0].as_str().unwrap();
        assert!(
            why.contains("Ours Academy") && why.contains("family of similar schools"),
            "{why}"
        );
        let page = public.get("/case-studies?like=trust-900001").await;
        assert!(page.body.contains("Progress 8 together"));
        assert!(
            page.body.contains("Names Test Trust B, the trust itself"),
            "{}",
            page.body
        );
        let elsewhere = public
            .get("/api/v1/case-studies?like=1002&area=send-inclusion")
            .await;
        assert_eq!(elsewhere.json().as_array().unwrap().len(), 0);
        assert_eq!(
            public.get("/api/v1/case-studies?like=999999").await.status,
            404
        );
        assert_eq!(
            public
                .get("/api/v1/case-studies?like=nonsense")
                .await
                .status,
            400
        );
        assert_eq!(
            public
                .get("/api/v1/case-studies?area=nonsense")
                .await
                .status,
            400
        );
        let csv = public.get("/case-studies.csv?like=1002").await;
        assert!(csv.body.contains("Progress 8 together"));
        assert!(csv.body.contains("family of similar schools"));

        let current = api
            .get_with_token(&format!("/api/v1{path}"), &author_token)
            .await
            .json();
        let mut revision = json!({
            "version": current["version"].as_i64().unwrap() - 1,
            "owner": "trust-17101",
            "title": "Progress 8 together, a year on",
            "summary": "Trust B's subject leads worked with Ours Academy",
            "area": "ks4-outcomes",
            "form": "peer-review",
            "started": "2017-09-01",
            "challenge": "Progress 8 was low",
            "what_was_done": "Paired subject leads",
            "who": "Heads of department",
            "what_changed": "Progress 8 rose",
            "lessons": "Pair people",
            "contacts": "deputy@example.org",
            "organisations": ["trust-900001", "school-1001"],
            "sources": [format!("collaboration-{collaboration}")],
        });
        let conflict = api
            .post_json_with_token(&format!("/api/v1{path}/revise"), &author_token, &revision)
            .await;
        assert_eq!(conflict.status, 409, "{}", conflict.body);
        assert_eq!(
            public.get(&path).await.status,
            200,
            "the conflict changed nothing"
        );
        revision["version"] = current["version"].clone();
        let revised = api
            .post_json_with_token(&format!("/api/v1{path}/revise"), &author_token, &revision)
            .await;
        assert_eq!(revised.status, 200, "{}", revised.body);
        let revised = revised.json();
        assert_eq!(revised["stage"], "draft");
        assert!(revised["consents"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["consent"] == "awaiting"));
        assert_eq!(
            public.get(&path).await.status,
            404,
            "unpublished by the change"
        );
        assert_eq!(public.get_bytes(&picture).await.0, 404);
    }
}
