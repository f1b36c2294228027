//! 360 feedback over HTTP on both backends, as its owner and raters would use it, and as
//! someone trying to learn who said what would: the owner invites three colleagues and
//! two partners by email; each answers through their own link; nothing is reported while
//! the round is open; once closed, the colleagues are shown as an average with their
//! comments, the two partners not at all (not their count, not their comment, on any page
//! or API answer), and everyone together without comments. A second answer and a late one
//! are refused. The owner's self-assessment and its change sit beside it.

use super::authorisation_matrix::person;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{
    link_from_outbox, new_api_token, sign_in, two_trusts, PASSWORD, TRUST_A,
};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::WebClient;
use convene_domain::behaviours::framework::Behaviour;
use serde_json::json;

const RATERS: [(&str, &str); 5] = [
    ("c1@example.org", "colleagues"),
    ("c2@example.org", "colleagues"),
    ("c3@example.org", "colleagues"),
    ("p1@example.org", "partners"),
    ("p2@example.org", "partners"),
];

/// Makes the owner an administrator of trust A and has trust A convene a partnership: a
/// record the owner may cite.
async fn partnership_of_trust_a(store: &convene_store::Store) -> i64 {
    use convene_domain::partnerships::{PartnershipDraft, Rhythm, ServedArea};
    let email = convene_domain::account::Email::parse("owner@example.org").unwrap();
    let owner = store.person_by_email(&email).await.unwrap().unwrap().id;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[convene_domain::access::PlatformRole::Administrator],
    )
    .await;
    let claim = store.claim_membership(owner, TRUST_A, None).await.unwrap();
    store
        .decide_membership(platform, TRUST_A, claim, true, "/account", None)
        .await
        .unwrap();
    store
        .create_partnership(
            owner,
            &PartnershipDraft {
                convener: TRUST_A,
                name: "Attendance together".into(),
                issue: "Persistent absence".into(),
                area: ServedArea {
                    local_authorities: Vec::new(),
                    schools: Vec::new(),
                },
                evidence: "Published figures".into(),
                vision: "Every child in school".into(),
                narrative: String::new(),
                rhythm: Rhythm::HalfTermly,
                first_stocktake: convene_domain::Date::new(2027, 1, 4).unwrap(),
                calendar: Vec::new(),
                published: true,
            },
        )
        .await
        .unwrap()
        .0
}

#[tokio::test]
async fn a_360_reports_only_groups_of_three_and_only_once_it_has_closed() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
        person(&store, "owner@example.org", true, &[]).await;
        person(&store, "other@example.org", true, &[]).await;
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let owner = WebClient::new(&server);
        sign_in(&owner, "owner@example.org", PASSWORD).await;
        let token = new_api_token(&owner, "behaviours").await;
        let api = WebClient::new(&server);

        let levels = |n: &str| {
            Behaviour::ALL
                .iter()
                .map(|b| (b.key().to_string(), json!(n)))
                .collect::<serde_json::Map<_, _>>()
        };
        let partial = api
            .post_json_with_token(
                "/api/v1/behaviours/assessments",
                &token,
                &json!({"levels": {"humility": "3"}}),
            )
            .await;
        assert_eq!(
            partial.status, 400,
            "{backend}: every behaviour needs a level"
        );
        let foreign = api
            .post_json_with_token(
                "/api/v1/behaviours/assessments",
                &token,
                &json!({"levels": levels("2"), "records": ["partnership-999"]}),
            )
            .await;
        assert_eq!(foreign.status, 400, "{backend}: {}", foreign.body);
        assert!(
            foreign.body.contains("is not a partnership you convened"),
            "{backend}"
        );
        for n in ["2", "3"] {
            let saved = api
                .post_json_with_token(
                    "/api/v1/behaviours/assessments",
                    &token,
                    &json!({"levels": levels(n)}),
                )
                .await;
            assert_eq!(saved.status, 201, "{backend}: {}", saved.body);
        }
        let convened = partnership_of_trust_a(&store).await;
        let cited = api
            .post_json_with_token(
                "/api/v1/behaviours/assessments",
                &token,
                &json!({"levels": levels("3"), "records": [format!("partnership-{convened}")]}),
            )
            .await;
        assert_eq!(cited.status, 201, "{backend}: {}", cited.body);
        let page = owner.get("/behaviours").await;
        assert!(
            page.body
                .contains("Partnership convened: Attendance together"),
            "{backend}: the cited record is listed"
        );
        let mine = api
            .get_with_token("/api/v1/behaviours", &token)
            .await
            .json();
        assert_eq!(mine["framework"].as_array().unwrap().len(), 8);
        assert!(
            mine["change"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["moved"] == 0),
            "{backend}: {}",
            mine["change"]
        );
        assert_eq!(
            mine["assessments"][2]["records"][0],
            format!("partnership-{convened}")
        );

        owner.get("/behaviours/feedback/new").await;
        let bad = owner
            .post(
                "/behaviours/feedback",
                &[
                    ("closes_on", "2099-01-31"),
                    (
                        "raters",
                        "not an address, colleagues\nowner@example.org, partners",
                    ),
                ],
            )
            .await;
        assert_eq!(bad.status, 400, "{backend}");
        assert!(
            bad.body.contains("Line 1: not an email address")
                && bad.body.contains("cannot rate yourself"),
            "{backend}"
        );
        let raters: Vec<String> = RATERS.iter().map(|(e, g)| format!("{e}, {g}")).collect();
        let opened = owner
            .post(
                "/behaviours/feedback",
                &[("closes_on", "2099-01-31"), ("raters", &raters.join("\n"))],
            )
            .await;
        assert_eq!(opened.status, 303, "{backend}: {}", opened.body);
        let round_path = opened.location.clone().unwrap();
        let round: i64 = round_path.rsplit('/').next().unwrap().parse().unwrap();

        for (i, (email, group)) in RATERS.iter().enumerate() {
            let link = link_from_outbox(&store, email, "/feedback/").await;
            let rater = WebClient::new(&server);
            let page = rater.get(&link).await;
            assert_eq!(page.status, 200, "{backend}: {}", page.body);
            let level = if *group == "colleagues" {
                (2 + i % 3).to_string()
            } else {
                "1".to_string()
            };
            let comment = if *group == "colleagues" {
                format!("Colleague view {i}")
            } else {
                format!("SECRET-PARTNER {i}")
            };
            let empty = rater.post(&link, &[("comment", "nothing rated")]).await;
            assert_eq!(empty.status, 400, "{backend}: rate at least one");
            rater.get(&link).await;
            let sent = rater
                .post(
                    &link,
                    &[
                        ("level_humility", &level),
                        ("level_bravery", &level),
                        ("comment", &comment),
                    ],
                )
                .await;
            assert_eq!(sent.status, 303, "{backend}: {}", sent.body);
            rater.get(&link).await;
            let again = rater.post(&link, &[("level_humility", "4")]).await;
            assert_eq!(again.status, 409, "{backend}: once only");
            if i == 1 {
                let early = api
                    .get_with_token(&format!("/api/v1/behaviours/feedback/{round}"), &token)
                    .await;
                assert_eq!(early.status, 409, "{backend}: nothing while open");
                let page = owner.get(&round_path).await;
                assert!(
                    page.body
                        .contains("The report is made when the round closes"),
                    "{backend}"
                );
                assert!(!page.body.contains("Colleague view"), "{backend}");
            }
        }
        let other = WebClient::new(&server);
        sign_in(&other, "other@example.org", PASSWORD).await;
        assert_eq!(
            other.get(&round_path).await.status,
            404,
            "{backend}: not theirs"
        );

        owner.get(&round_path).await;
        let closed = owner.post(&format!("{round_path}/close"), &[]).await;
        assert_eq!(closed.status, 303, "{backend}");
        let report = api
            .get_with_token(&format!("/api/v1/behaviours/feedback/{round}"), &token)
            .await;
        assert_eq!(report.status, 200, "{backend}: {}", report.body);
        assert!(
            !report.body.contains("SECRET-PARTNER"),
            "{backend}: a partner's words in the report"
        );
        let report = report.json();
        let colleagues = &report["groups"][0];
        assert_eq!(colleagues["shown"], true);
        assert_eq!(colleagues["answered"], 3);
        let humility = colleagues["behaviours"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["behaviour"] == "humility")
            .unwrap();
        assert_eq!(humility["mean"], 3.0, "{backend}: (2 + 3 + 4) / 3");
        assert_eq!(colleagues["comments"].as_array().unwrap().len(), 3);
        let partners = &report["groups"][1];
        assert_eq!(partners["shown"], false);
        assert!(
            partners["answered"].is_null(),
            "{backend}: not even how many"
        );
        assert_eq!(report["everyone"]["answered"], 5);
        assert!(report["everyone"]["comments"]
            .as_array()
            .unwrap()
            .is_empty());
        let page = owner.get(&round_path).await;
        assert!(
            page.body
                .contains("Fewer than 3 answered, so nothing from them is shown"),
            "{backend}"
        );
        assert!(!page.body.contains("SECRET-PARTNER"), "{backend}");
        for place in ["/behaviours", "/api/v1/behaviours"] {
            let reply = api.get_with_token(place, &token).await;
            assert!(!reply.body.contains("SECRET-PARTNER"), "{backend}: {place}");
        }

        let late_link = link_from_outbox(&store, "c1@example.org", "/feedback/").await;
        let late = WebClient::new(&server);
        late.get(&late_link).await;
        assert!(
            late.get(&late_link)
                .await
                .body
                .contains("You have answered"),
            "{backend}"
        );
    }
}

/// A group sees its members' levels together only once three share, never whose are
/// whose; an invitation says nothing about whether an address is on Convene; someone
/// outside the group, or only invited, sees nothing of it.
#[tokio::test]
async fn a_group_sees_its_levels_together_only_once_three_members_share() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
        for (email, level) in [
            ("m1@example.org", "1"),
            ("m2@example.org", "2"),
            ("m3@example.org", "4"),
        ] {
            let id = person(&store, email, true, &[]).await;
            let form = convene_domain::behaviours::assessment::AssessmentForm {
                levels: Behaviour::ALL
                    .iter()
                    .map(|b| (b.key().to_string(), level.to_string()))
                    .collect(),
                ..Default::default()
            };
            let draft =
                convene_domain::behaviours::assessment::AssessmentDraft::check(&form).unwrap();
            store
                .save_assessment(
                    id,
                    &draft,
                    &[],
                    convene_domain::Date::new(2026, 12, 4).unwrap(),
                )
                .await
                .unwrap();
        }
        person(&store, "outsider@example.org", true, &[]).await;
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let first = WebClient::new(&server);
        sign_in(&first, "m1@example.org", PASSWORD).await;
        first.get("/behaviours").await;
        let started = first
            .post("/behaviours/groups", &[("name", "North East CEOs' PLC")])
            .await;
        assert_eq!(started.status, 303, "{backend}: {}", started.body);
        let group = started.location.unwrap();
        for email in ["m2@example.org", "m3@example.org", "nobody@example.org"] {
            first.get(&group).await;
            let invited = first
                .post(&format!("{group}/invitations"), &[("email", email)])
                .await;
            assert_eq!(
                invited.status, 303,
                "{backend}: the same answer for {email}"
            );
        }
        let mut clients = vec![first];
        for email in ["m2@example.org", "m3@example.org"] {
            let client = WebClient::new(&server);
            sign_in(&client, email, PASSWORD).await;
            let page = client.get("/behaviours").await;
            assert!(
                page.body.contains("You are invited to the group"),
                "{backend}"
            );
            assert_eq!(
                client.get(&group).await.status,
                404,
                "{backend}: invited is not joined"
            );
            client.get("/behaviours").await;
            let joined = client
                .post(&format!("{group}/answer"), &[("join", "1")])
                .await;
            assert_eq!(joined.status, 303, "{backend}");
            clients.push(client);
        }
        for (i, client) in clients.iter().enumerate() {
            client.get(&group).await;
            let shared = client
                .post(&format!("{group}/sharing"), &[("sharing", "1")])
                .await;
            assert_eq!(shared.status, 303, "{backend}");
            let page = client.get(&group).await;
            if i < 2 {
                assert!(
                    page.body.contains("Fewer than 3 members share"),
                    "{backend}: {i}"
                );
                assert!(!page.body.contains("Average level"), "{backend}: {i}");
            } else {
                assert!(
                    page.body
                        .contains("3 members share their latest assessment"),
                    "{backend}"
                );
                assert!(
                    page.body.contains(">2.3<"),
                    "{backend}: (1 + 2 + 4) / 3: {}",
                    page.body
                );
                assert!(page.body.contains("1 to 4"), "{backend}");
            }
        }
        let outsider = WebClient::new(&server);
        sign_in(&outsider, "outsider@example.org", PASSWORD).await;
        assert_eq!(outsider.get(&group).await.status, 404, "{backend}");
    }
}
