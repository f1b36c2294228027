//! Partnerships over HTTP on both backends: convening one (and what a bad form says),
//! inviting a second trust and a charity that join when their administrators accept,
//! drafting and agreeing SMART goals (a goal missing a part is refused and the form says
//! which), commitments, a stock-take saved whole or not at all, the public page and its
//! chart changing after a stock-take, the history of an agreed goal, and, above all, that
//! members-only material (stock-take notes, decisions, next steps, drafts, discussion,
//! unpublished partnerships) never reaches the public page, a feed, the API, the CSV or an
//! email to anyone outside. Reminders are sent once with a fake clock, including from two
//! store handles on one PostgreSQL database at the same moment.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{
    create_person, new_api_token, sign_in, two_trusts, PASSWORD, TRUST_A, TRUST_B,
};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::{PlatformRole, ReadScope};
use convene_domain::account::PersonId;
use convene_domain::partnerships::{
    CommitmentDraft, GoalDraft, PartnershipDraft, PartnershipId, PartnershipRole, Rhythm,
    ServedArea,
};
use convene_domain::party::{OrgRef, PartnerDetails, PartnerKind};
use convene_domain::{Date, Urn};
use convene_store::Store;

pub(crate) const CONVENER: &str = "convener@example.org";
pub(crate) const PARTNER: &str = "partner@example.org";
pub(crate) const CHARITY: &str = "charity@example.org";
pub(crate) const OUTSIDER: &str = "outsider@example.org";

/// Words that are only ever written into members-only places: none may reach an outsider.
const SECRETS: [&str; 5] = [
    "SECRET-NOTE",
    "SECRET-DECISION",
    "SECRET-NEXT",
    "SECRET-DISCUSSION",
    "SECRET-DRAFT-GOAL",
];

pub(crate) struct People {
    convener: PersonId,
    partner: PersonId,
    pub(crate) charity: OrgRef,
}

/// Trust A's administrator (who convenes), trust B's (a partner), a charity's (created on
/// Convene by its administrator), someone in no organisation, and a platform administrator.
pub(crate) async fn people(store: &Store) -> People {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let platform = create_person(
        store,
        "platform@example.org",
        "Pat Platform",
        &[PlatformRole::Administrator],
    )
    .await;
    let convener = create_person(store, CONVENER, "Cora Convener", &[]).await;
    let partner = create_person(store, PARTNER, "Pia Partner", &[]).await;
    let charity_admin = create_person(store, CHARITY, "Chas Charity", &[]).await;
    create_person(store, OUTSIDER, "Otto Outsider", &[]).await;
    for (who, org) in [(convener, TRUST_A), (partner, TRUST_B)] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let charity = store
        .create_partner(
            &PartnerDetails {
                name: "Read Together".into(),
                kind: PartnerKind::Charity,
                locality: "Milton Keynes".into(),
                website: None,
            },
            charity_admin,
            None,
        )
        .await
        .unwrap();
    People {
        convener,
        partner,
        charity: OrgRef::Partner(charity),
    }
}

async fn signed_in(server: &TestServer, email: &str) -> WebClient {
    let client = WebClient::new(server);
    let reply = sign_in(&client, email, PASSWORD).await;
    assert_eq!(reply.status, 303, "{email} signs in: {}", reply.body);
    client
}

fn partnership_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("convener", "trust-17101"),
        ("name", "Every child a reader"),
        ("issue", "Too few children in the city read at home."),
        ("local_authorities", ""),
        ("schools", "136730"),
        ("evidence", "Our reading survey of 2,000 families (2026)."),
        ("vision", "Every child a reader by seven."),
        ("narrative", "Schools, libraries and charities together."),
        ("rhythm", "half-termly"),
        ("weeks", ""),
        ("first_stocktake", "2026-09-01"),
        ("calendar", ""),
    ];
    for (name, value) in changes {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

fn goal_form<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("title", "Readers by seven"),
        (
            "measure",
            "Pupils meeting the expected standard in reading at seven",
        ),
        ("unit", "%"),
        ("baseline", "62"),
        ("baseline_on", "2026-07-01"),
        ("target", "80"),
        ("deadline", "2028-07-01"),
        ("owner", "trust-17101"),
    ];
    for (name, value) in changes {
        if let Some(field) = fields.iter_mut().find(|(n, _)| n == name) {
            field.1 = value;
        }
    }
    fields
}

fn id_after(reply: &Reply, prefix: &str) -> i64 {
    assert_eq!(reply.status, 303, "{}", reply.body);
    let location = reply.location.as_deref().expect("a redirect");
    location
        .strip_prefix(prefix)
        .and_then(|rest| rest.split(['/', '#', '?']).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{location} does not start {prefix}<number>"))
}

fn assert_no_secrets(what: &str, body: &str) {
    for secret in SECRETS {
        assert!(!body.contains(secret), "{what} shows {secret}:\n{body}");
    }
}

async fn dossier(
    store: &Store,
    id: i64,
    members_only: bool,
) -> std::sync::Arc<convene_store::PartnershipDossier> {
    let scope = ReadScope {
        person: None,
        organisations: vec![TRUST_A],
    };
    let (partnership, _) = store
        .partnership(&scope, PartnershipId(id))
        .await
        .unwrap()
        .unwrap();
    store
        .partnership_dossier(&partnership, members_only)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_partnership_from_convening_to_stock_take_keeps_members_only_material_to_members() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let people = people(&store).await;
        let server = TestServer::start(store.clone()).await;
        let convener = signed_in(&server, CONVENER).await;
        let anonymous = WebClient::new(&server);
        let outsider = signed_in(&server, OUTSIDER).await;

        // A bad form names each problem and writes nothing.
        convener.get("/partnerships/new").await;
        let bad = convener
            .post(
                "/partnerships",
                &partnership_form(&[("name", " "), ("vision", ""), ("schools", "12x")]),
            )
            .await;
        assert_eq!(bad.status, 400, "{}", bad.body);
        for message in [
            "There is a problem",
            "Enter a name for the partnership",
            "Write the shared vision",
            "&quot;12x&quot; is not a number",
        ] {
            assert!(bad.body.contains(message), "{message}: {}", bad.body);
        }
        let scope = ReadScope {
            person: Some(people.convener),
            organisations: vec![TRUST_A],
        };
        assert!(store
            .partnerships(&scope, None, 10, 0)
            .await
            .unwrap()
            .is_empty());

        // Convened unpublished: no one outside sees it anywhere.
        let created = convener.post("/partnerships", &partnership_form(&[])).await;
        let id = id_after(&created, "/partnerships/");
        let base = format!("/partnerships/{id}");
        for path in [
            base.clone(),
            format!("{base}/feed.atom"),
            format!("{base}/stocktakes.ics"),
            format!("{base}/commitments.csv"),
            format!("{base}/report"),
            format!("/api/v1/partnerships/{id}"),
            format!("/api/v1/partnerships/{id}/goals"),
            format!("/api/v1/partnerships/{id}/commitments.csv"),
        ] {
            assert_eq!(anonymous.get(&path).await.status, 404, "{path}");
            assert_eq!(outsider.get(&path).await.status, 404, "{path}");
        }
        assert!(!anonymous
            .get("/partnerships")
            .await
            .body
            .contains("Every child a reader"));
        assert!(!anonymous
            .get("/api/v1/partnerships")
            .await
            .body
            .contains("Every child a reader"));

        // Invitations: a second trust and a charity, each joining when its administrator accepts.
        let page = convener.get(&base).await;
        assert!(
            page.body.contains("Invite an organisation"),
            "{}",
            page.body
        );
        let wrong = convener
            .post(
                &format!("{base}/invitations"),
                &[("org", "trust-424242"), ("role", "partner")],
            )
            .await;
        assert_eq!(wrong.status, 400);
        assert!(
            wrong
                .body
                .contains("trust-424242 is not an organisation on Convene"),
            "{}",
            wrong.body
        );
        for org in [TRUST_B, people.charity] {
            let invited = convener
                .post(
                    &format!("{base}/invitations"),
                    &[("org", &org.key()), ("role", "partner")],
                )
                .await;
            assert_eq!(invited.status, 303, "{}", invited.body);
        }
        let emails = store.outbox(Some(PARTNER), 10).await.unwrap();
        assert!(
            emails.iter().any(|e| e
                .message
                .subject
                .contains("invited to join Every child a reader")),
            "{emails:?}"
        );
        for (email, org) in [(PARTNER, TRUST_B), (CHARITY, people.charity)] {
            let member = signed_in(&server, email).await;
            let page = member.get(&base).await;
            assert_eq!(
                page.status, 200,
                "an invited organisation sees what it is invited to"
            );
            assert!(
                page.body.contains("You have an invitation"),
                "{}",
                page.body
            );
            assert_eq!(
                member.get(&format!("{base}/goals/new")).await.status,
                403,
                "not yet a member"
            );
            let accepted = member
                .post(&format!("{base}/invitations/{}/accept", org.key()), &[])
                .await;
            assert_eq!(accepted.status, 303, "{}", accepted.body);
        }
        let partner = signed_in(&server, PARTNER).await;

        // A goal missing parts is refused, naming each; nothing is written.
        partner.get(&format!("{base}/goals/new")).await;
        let missing = partner
            .post(
                &format!("{base}/goals"),
                &goal_form(&[("baseline", ""), ("deadline", ""), ("owner", "")]),
            )
            .await;
        assert_eq!(missing.status, 400);
        for message in [
            "The goal has no baseline",
            "The goal has no deadline",
            "The goal has no owner",
        ] {
            assert!(
                missing.body.contains(message),
                "{message}: {}",
                missing.body
            );
        }
        assert!(dossier(&store, id, true).await.goals.is_empty());
        let goal = id_after(
            &partner
                .post(&format!("{base}/goals"), &goal_form(&[]))
                .await,
            "/partnerships/",
        );
        assert_eq!(goal, id);
        partner
            .post(
                &format!("{base}/goals"),
                &goal_form(&[("title", "SECRET-DRAFT-GOAL"), ("owner", "trust-900001")]),
            )
            .await;
        let goals = dossier(&store, id, true).await.goals.clone();
        assert_eq!(goals.len(), 2);
        let (agreed, draft) = (goals[0].id.0, goals[1].id.0);

        // Published; the drafts stay with the members until agreed.
        convener.get(&format!("{base}/edit")).await;
        let published = convener
            .post(
                &format!("{base}/edit"),
                &partnership_form(&[("published", "yes")]),
            )
            .await;
        assert_eq!(published.status, 303, "{}", published.body);
        let public = anonymous.get(&base).await;
        assert_eq!(public.status, 200);
        assert!(public.body.contains("Every child a reader by seven."));
        assert!(
            !public.body.contains("Readers by seven"),
            "a draft is not public"
        );
        assert_eq!(
            partner
                .post(&format!("{base}/goals/{agreed}/agree"), &[])
                .await
                .status,
            403,
            "partners do not agree goals"
        );
        assert_eq!(
            convener
                .post(&format!("{base}/goals/{agreed}/agree"), &[])
                .await
                .status,
            303
        );
        let public = anonymous.get(&base).await;
        assert!(public.body.contains("Readers by seven"));
        assert!(!public.body.contains("<circle"), "nothing measured yet");
        assert_no_secrets("the public page", &public.body);

        // Only conveners change an agreed goal, and the change is kept with who and when.
        assert_eq!(
            partner
                .get(&format!("{base}/goals/{agreed}/edit"))
                .await
                .status,
            403
        );
        assert_eq!(
            partner
                .get(&format!("{base}/goals/{draft}/edit"))
                .await
                .status,
            200,
            "drafts are anyone's to change"
        );
        convener.get(&format!("{base}/goals/{agreed}/edit")).await;
        let changed = convener
            .post(
                &format!("{base}/goals/{agreed}/edit"),
                &goal_form(&[("target", "85")]),
            )
            .await;
        assert_eq!(changed.status, 303, "{}", changed.body);
        let members_page = convener.get(&base).await;
        assert!(
            members_page
                .body
                .contains("the target changed from “80” to “85” by Cora Convener"),
            "{}",
            members_page.body
        );
        let public = anonymous.get(&base).await;
        assert!(public.body.contains("the target changed from “80” to “85”"));
        assert!(
            !public.body.contains("Cora Convener"),
            "who changed a goal is for members"
        );

        // Commitments, one overdue.
        partner.get(&format!("{base}/commitments/new")).await;
        let bad = partner
            .post(
                &format!("{base}/commitments"),
                &[
                    ("goal", ""),
                    ("owner", "trust-17101"),
                    ("action", ""),
                    ("due", "soon"),
                    ("days", "x"),
                ],
            )
            .await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.body.contains("Choose the goal this commitment serves")
                && bad.body.contains("Say what will be done")
        );
        let goal_key = agreed.to_string();
        let charity_key = people.charity.key();
        for (owner, action, due) in [
            (
                charity_key.as_str(),
                "Run family reading cafés in six libraries",
                "2026-01-15",
            ),
            (
                "trust-900001",
                "Train forty reading volunteers",
                "2030-03-16",
            ),
        ] {
            let added = partner
                .post(
                    &format!("{base}/commitments"),
                    &[
                        ("goal", &goal_key),
                        ("owner", owner),
                        ("action", action),
                        ("due", due),
                        ("days", "6"),
                    ],
                )
                .await;
            assert_eq!(added.status, 303, "{}", added.body);
        }
        let commitments = dossier(&store, id, true).await.commitments.clone();
        assert_eq!(commitments.len(), 2);
        assert!(anonymous.get(&base).await.body.contains("Overdue"));

        // A stock-take missing a status is refused whole.
        partner.get(&format!("{base}/stocktakes/new")).await;
        let first = format!("status-{}", commitments[0].id.0);
        let second = format!("status-{}", commitments[1].id.0);
        let note = format!("note-{}", commitments[0].id.0);
        let value = format!("value-{agreed}");
        let held = "2026-10-20".to_string();
        let partial = partner
            .post(
                &format!("{base}/stocktakes"),
                &[
                    ("held_on", &held),
                    (&first, "at_risk"),
                    (&note, "SECRET-NOTE"),
                    (&value, "66"),
                ],
            )
            .await;
        assert_eq!(partial.status, 400);
        assert!(
            partial
                .body
                .contains("Give a status for “Train forty reading volunteers”"),
            "{}",
            partial.body
        );
        let after = dossier(&store, id, true).await;
        assert!(
            after.stocktakes.is_empty() && after.series.values().all(Vec::is_empty),
            "nothing partial is written"
        );
        let saved = partner
            .post(
                &format!("{base}/stocktakes"),
                &[
                    ("held_on", &held),
                    (&first, "at_risk"),
                    (&note, "SECRET-NOTE"),
                    (&second, "on_track"),
                    (&value, "66"),
                    ("decisions", "SECRET-DECISION"),
                    ("next_steps", "SECRET-NEXT"),
                    ("summary", "A good first half term: volunteers recruited."),
                ],
            )
            .await;
        let stocktake = {
            assert_eq!(saved.status, 303, "{}", saved.body);
            saved
                .location
                .clone()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        };
        let posted = partner
            .post(&format!("{base}/posts"), &[("body", "SECRET-DISCUSSION")])
            .await;
        assert_eq!(posted.status, 303, "{}", posted.body);

        // Members see everything; the chart now shows the measured value.
        let members_page = partner.get(&base).await;
        assert!(
            members_page.body.contains("SECRET-DISCUSSION")
                && members_page.body.contains("SECRET-DRAFT-GOAL")
        );
        let members_stocktake = partner.get(&format!("{base}/stocktakes/{stocktake}")).await;
        for secret in ["SECRET-NOTE", "SECRET-DECISION", "SECRET-NEXT"] {
            assert!(members_stocktake.body.contains(secret), "{secret}");
        }

        // Outsiders: every page, feed, export and API answer carries the public selection only.
        let public = anonymous.get(&base).await;
        assert!(
            public.body.contains("<circle"),
            "the chart shows the value measured"
        );
        assert!(public.body.contains("66%") && public.body.contains("A good first half term"));
        assert!(public.body.contains("At risk"));
        let token = new_api_token(&outsider, "outsider").await;
        for (who, client) in [("anonymous", &anonymous), ("outsider", &outsider)] {
            for path in [
                base.clone(),
                format!("{base}/stocktakes/{stocktake}"),
                format!("{base}/feed.atom"),
                format!("{base}/stocktakes.ics"),
                format!("{base}/commitments.csv"),
                format!("{base}/report"),
                "/partnerships".to_string(),
                format!("/api/v1/partnerships/{id}"),
                format!("/api/v1/partnerships/{id}/goals"),
                format!("/api/v1/partnerships/{id}/commitments"),
                format!("/api/v1/partnerships/{id}/commitments.csv"),
                format!("/api/v1/partnerships/{id}/stocktakes"),
                format!("/api/v1/partnerships/{id}/stocktakes/{stocktake}"),
                "/api/v1/partnerships".to_string(),
            ] {
                let reply = client.get(&path).await;
                assert_eq!(reply.status, 200, "{who} {path}: {}", reply.body);
                assert_no_secrets(&format!("{who} {path}"), &reply.body);
            }
            let api = client
                .get_with_token(&format!("/api/v1/partnerships/{id}"), &token)
                .await;
            assert_no_secrets("the API with an outsider's token", &api.body);
        }
        let atom = anonymous.get(&format!("{base}/feed.atom")).await;
        assert!(atom.content_type.starts_with("application/atom+xml"));
        assert!(
            atom.body.contains("<entry>") && atom.body.contains("Readers by seven: 66%"),
            "{}",
            atom.body
        );
        let ics = anonymous.get(&format!("{base}/stocktakes.ics")).await;
        assert!(
            ics.body.starts_with("BEGIN:VCALENDAR\r\n") && ics.body.contains("BEGIN:VEVENT"),
            "{}",
            ics.body
        );
        assert!(ics
            .body
            .contains(&format!("DTSTART;VALUE=DATE:{}", held.replace('-', ""))));
        let csv = anonymous.get(&format!("{base}/commitments.csv")).await;
        assert!(csv.body.starts_with("id,action,goal_id"), "{}", csv.body);
        assert!(
            csv.body.contains("Train forty reading volunteers") && csv.body.contains("at_risk")
        );
        assert!(
            csv.body
                .lines()
                .next()
                .unwrap()
                .ends_with(",overdue,history")
                && csv.body.contains(&format!("{held} at_risk")),
            "every past status is in the CSV: {}",
            csv.body
        );

        // No email has gone to anyone outside, and none carries members-only material.
        assert!(store
            .outbox(Some(OUTSIDER), 50)
            .await
            .unwrap()
            .iter()
            .all(|e| !e.message.subject.contains("partnership")
                && !e.message.body.contains("Every child a reader")));
        for email in store.outbox(None, 200).await.unwrap() {
            assert_no_secrets("an email", &email.message.body);
        }

        // A partner leaves: its commitments stay, marked.
        let charity = signed_in(&server, CHARITY).await;
        charity.get(&base).await;
        let left = charity
            .post(&format!("{base}/members/{charity_key}/leave"), &[])
            .await;
        assert_eq!(left.status, 303, "{}", left.body);
        let page = anonymous.get(&base).await;
        assert!(
            page.body.contains("Run family reading cafés")
                && page.body.contains("Left the partnership")
        );
        let only_convener = convener
            .post(&format!("{base}/members/trust-17101/leave"), &[])
            .await;
        assert_eq!(only_convener.status, 409, "the last convener cannot leave");

        // Load and the board report.
        let load = convener.get(&format!("{base}/load")).await;
        assert_eq!(load.status, 200);
        assert!(load.body.contains("Test Trust B"));
        assert_eq!(outsider.get(&format!("{base}/load")).await.status, 403);
        let report = convener
            .get(&format!("{base}/report?org=trust-900001"))
            .await;
        assert!(
            report.body.contains("For the board of Test Trust B")
                && report.body.contains("What we gave"),
            "{}",
            report.body
        );
        let mine = partner.get("/partnerships/mine").await;
        assert!(
            mine.body.contains("Train forty reading volunteers")
                && mine.body.contains("6 days of work in all"),
            "{}",
            mine.body
        );
    }
}

#[tokio::test]
async fn the_api_refuses_incomplete_goals_and_stocktakes_and_keeps_notes_to_members() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        people(&store).await;
        let server = TestServer::start(store.clone()).await;
        let convener = signed_in(&server, CONVENER).await;
        let token = new_api_token(&convener, "convener").await;
        let created = convener
            .post_json_with_token(
                "/api/v1/partnerships",
                &token,
                &serde_json::json!({
                    "convener": "trust-17101", "name": "Attendance matters", "issue": "Persistent absence doubled.",
                    "schools": [136730], "evidence": "DfE attendance data", "vision": "Every pupil in school every day.",
                    "first_stocktake": "2026-09-01", "published": true
                }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["partnership"]["id"].as_i64().unwrap();
        let missing = convener
            .post_json_with_token(
                &format!("/api/v1/partnerships/{id}/goals"),
                &token,
                &serde_json::json!({"title": "Fewer absent", "measure": "Persistent absence"}),
            )
            .await;
        assert_eq!(missing.status, 400);
        for part in [
            "baseline:",
            "baseline_on:",
            "target:",
            "deadline:",
            "owner:",
        ] {
            assert!(missing.body.contains(part), "{part}: {}", missing.body);
        }
        let goal = convener
            .post_json_with_token(
                &format!("/api/v1/partnerships/{id}/goals"),
                &token,
                &serde_json::json!({"title": "Fewer absent", "measure": "Persistent absence", "unit": "%", "baseline": 22.0, "baseline_on": "2026-07-01", "target": 12.0, "deadline": "2028-07-01", "owner": "trust-17101"}),
            )
            .await;
        assert_eq!(goal.status, 201, "{}", goal.body);
        let goal = goal.json()["id"].as_i64().unwrap();
        assert_eq!(
            convener
                .post_json_with_token(
                    &format!("/api/v1/partnerships/{id}/goals/{goal}/agree"),
                    &token,
                    &serde_json::json!({})
                )
                .await
                .status,
            200
        );
        let commitment = convener
            .post_json_with_token(&format!("/api/v1/partnerships/{id}/commitments"), &token, &serde_json::json!({"goal": goal, "owner": "trust-17101", "action": "Call every family on day one", "due": "2030-01-01", "days": 3}))
            .await;
        assert_eq!(commitment.status, 201, "{}", commitment.body);
        let commitment = commitment.json()["commitment"]["id"].as_i64().unwrap();
        let incomplete = convener
            .post_json_with_token(
                &format!("/api/v1/partnerships/{id}/stocktakes"),
                &token,
                &serde_json::json!({"held_on": "2026-10-20"}),
            )
            .await;
        assert_eq!(incomplete.status, 400);
        assert!(
            incomplete.body.contains(&format!("status-{commitment}")),
            "{}",
            incomplete.body
        );
        let recorded = convener
            .post_json_with_token(
                &format!("/api/v1/partnerships/{id}/stocktakes"),
                &token,
                &serde_json::json!({"held_on": "2026-10-20", "reviews": [{"commitment": commitment, "status": "off_track", "note": "SECRET-NOTE"}], "measurements": [{"goal": goal, "value": 14.0}], "decisions": "SECRET-DECISION", "summary": "Started"}),
            )
            .await;
        assert_eq!(recorded.status, 201, "{}", recorded.body);
        assert!(
            recorded.body.contains("SECRET-NOTE"),
            "members see their notes"
        );
        let stocktake = recorded.json()["id"].as_i64().unwrap();
        let anonymous = WebClient::new(&server);
        let public = anonymous
            .get(&format!("/api/v1/partnerships/{id}/stocktakes/{stocktake}"))
            .await;
        assert_eq!(public.status, 200);
        assert_no_secrets("the public stock-take", &public.body);
        assert_eq!(public.json()["reviews"][0]["status"], "off_track");
        let goals = anonymous
            .get(&format!("/api/v1/partnerships/{id}/goals"))
            .await
            .json();
        assert_eq!(goals[0]["measurements"][0]["value"], 14.0);
        assert_eq!(goals[0]["progress"]["status"], "on_track", "{goals}");
        assert_eq!(
            anonymous
                .post_json_with_token(
                    &format!("/api/v1/partnerships/{id}/goals"),
                    "cvn_not_a_token",
                    &serde_json::json!({})
                )
                .await
                .status,
            401
        );
    }
}

/// A partnership straight in the store: trust A convening, trust B a partner, one agreed
/// goal and one commitment of trust B's due on 1 February 2027; stock-takes every two
/// weeks from 26 January 2027 (so one on 9 February).
async fn reminder_fixture(store: &Store, people: &People) -> PartnershipId {
    let d = |t: &str| Date::parse(t).unwrap();
    let id = store
        .create_partnership(
            people.convener,
            &PartnershipDraft {
                convener: TRUST_A,
                name: "Careers for all".into(),
                issue: "Too few pupils meet an employer.".into(),
                area: ServedArea {
                    local_authorities: Vec::new(),
                    schools: vec![Urn(136_730)],
                },
                evidence: "Survey".into(),
                vision: "Every pupil meets four employers.".into(),
                narrative: String::new(),
                rhythm: Rhythm::Weeks(2),
                first_stocktake: d("2027-01-26"),
                calendar: Vec::new(),
                published: false,
            },
        )
        .await
        .unwrap();
    store
        .invite_to_partnership(
            id,
            TRUST_B,
            PartnershipRole::Partner,
            people.convener,
            "http://convene.test",
        )
        .await
        .unwrap();
    store
        .answer_invitation(id, TRUST_B, people.partner, true)
        .await
        .unwrap();
    let goal = store
        .create_goal(
            id,
            people.convener,
            &GoalDraft {
                title: "Employer encounters".into(),
                measure: "Pupils with four encounters".into(),
                unit: "%".into(),
                baseline: 30.0,
                baseline_on: d("2026-07-01"),
                target: 90.0,
                deadline: d("2028-07-01"),
                owner: TRUST_A,
            },
        )
        .await
        .unwrap();
    store.agree_goal(goal, people.convener).await.unwrap();
    store
        .create_commitment(
            id,
            people.partner,
            &CommitmentDraft {
                goal,
                owner: TRUST_B,
                action: "Recruit ten employers".into(),
                due: d("2027-02-01"),
                days: 4,
            },
        )
        .await
        .unwrap();
    id
}

async fn reminders_to(store: &Store, to: &str) -> Vec<String> {
    store
        .outbox(Some(to), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.message.subject)
        .filter(|s| s.contains("stock-take") || s.contains("overdue"))
        .collect()
}

#[tokio::test]
async fn reminders_go_once_by_a_fake_clock() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let people = people(&store).await;
        reminder_fixture(&store, &people).await;
        let d = |t: &str| Date::parse(t).unwrap();
        let url = "http://convene.test";
        // 31 January: the next stock-take (9 February) is more than a week off, nothing overdue.
        let run = store
            .run_partnership_reminders(
                "one",
                "2027-01-31T09:00:00Z",
                "2027-01-31T09:03:00Z",
                d("2027-01-31"),
                url,
            )
            .await
            .unwrap();
        assert_eq!((run.held, run.sent), (true, 0));
        // 3 February: the stock-take reminder and the overdue commitment.
        let run = store
            .run_partnership_reminders(
                "one",
                "2027-02-03T09:00:00Z",
                "2027-02-03T09:03:00Z",
                d("2027-02-03"),
                url,
            )
            .await
            .unwrap();
        assert_eq!((run.held, run.sent), (true, 2));
        let convener = reminders_to(&store, CONVENER).await;
        assert_eq!(convener.len(), 2, "{convener:?}");
        assert!(
            convener
                .iter()
                .any(|s| s.contains("stock-take for Careers for all on 9 February 2027")),
            "{convener:?}"
        );
        assert!(convener.iter().any(|s| s.contains("is overdue")));
        assert_eq!(reminders_to(&store, PARTNER).await.len(), 2);
        assert!(reminders_to(&store, OUTSIDER).await.is_empty());
        assert!(
            reminders_to(&store, CHARITY).await.is_empty(),
            "not a member"
        );
        // Another process while the lease is held does nothing; the holder again sends nothing new.
        let other = store
            .run_partnership_reminders(
                "two",
                "2027-02-03T09:01:00Z",
                "2027-02-03T09:04:00Z",
                d("2027-02-03"),
                url,
            )
            .await
            .unwrap();
        assert!(!other.held);
        let again = store
            .run_partnership_reminders(
                "one",
                "2027-02-04T09:00:00Z",
                "2027-02-04T09:03:00Z",
                d("2027-02-04"),
                url,
            )
            .await
            .unwrap();
        assert_eq!((again.held, again.sent), (true, 0));
        // After the lease expires the other process takes over, and still sends nothing twice.
        let taken = store
            .run_partnership_reminders(
                "two",
                "2027-02-05T09:00:00Z",
                "2027-02-05T09:03:00Z",
                d("2027-02-05"),
                url,
            )
            .await
            .unwrap();
        assert_eq!((taken.held, taken.sent), (true, 0));
        assert_eq!(reminders_to(&store, CONVENER).await.len(), 2);
        // In Convene too.
        let notices = store.notices(people.partner, 20).await.unwrap();
        assert!(
            notices
                .iter()
                .any(|n| n.text.starts_with("Overdue in Careers for all")),
            "{notices:?}"
        );
    }
}

#[tokio::test]
async fn two_processes_on_one_postgresql_database_send_each_reminder_once() {
    let db = TestDatabase::postgres().await;
    let first = db.store().await;
    let people = people(&first).await;
    reminder_fixture(&first, &people).await;
    let second = Store::open(&db.url).await.unwrap();
    let today = Date::parse("2027-02-03").unwrap();
    for round in 0..3 {
        let now = format!("2027-02-03T09:{:02}:00Z", round * 10);
        let until = format!("2027-02-03T09:{:02}:30Z", round * 10 + 5);
        let (a, b) = tokio::join!(
            first.run_partnership_reminders(
                "process-one",
                &now,
                &until,
                today,
                "http://convene.test"
            ),
            second.run_partnership_reminders(
                "process-two",
                &now,
                &until,
                today,
                "http://convene.test"
            ),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert!(
            a.held != b.held,
            "round {round}: exactly one process holds the lease ({a:?}, {b:?})"
        );
        assert_eq!(
            a.sent + b.sent,
            if round == 0 { 2 } else { 0 },
            "round {round}"
        );
    }
    assert_eq!(reminders_to(&first, CONVENER).await.len(), 2);
    assert_eq!(reminders_to(&second, PARTNER).await.len(), 2);
    second.close().await;
}
