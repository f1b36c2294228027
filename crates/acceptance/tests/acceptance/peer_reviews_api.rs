//! Peer reviews through the HTTP API on both backends: every step from start to a
//! published summary, each by the side allowed to take it (400 for a bad body, 409 for a
//! step out of turn, 404 for anyone not a party), the conflict check on the team, and that
//! no list, detail, reminder email or record shows the confidential parts to an outsider
//! or a platform administrator. Then the records a finished review leaves: the reviewer's
//! hours, the collaboration record, and progress-review reminders sent once.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::dates::days_from_today;
use convene_acceptance::people::{create_person, serve_two_trusts, SCHOOL_A, TRUST_A, TRUST_B};
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::peer_review::review::{default_progress_review, ReviewStatus};
use convene_domain::Date;
use convene_store::Store;
use serde_json::{json, Value};

const SECRET: &str = "SECRET-FINDING-TEXT";
const SELF_EVALUATION: &str = "SECRET-SELF-EVALUATION";

async fn token(store: &Store, person: PersonId) -> String {
    let secret = convene_credentials::new_token("cvn_").unwrap();
    store
        .create_api_token(
            person,
            "test",
            &convene_credentials::token_digest(&secret),
            None,
        )
        .await
        .unwrap();
    secret
}

async fn member(
    store: &Store,
    admin: PersonId,
    person: PersonId,
    org: convene_domain::party::OrgRef,
) {
    let claim = store.claim_membership(person, org, None).await.unwrap();
    store
        .decide_membership(admin, org, claim, true, "/account", None)
        .await
        .unwrap();
}

struct Api<'a> {
    client: &'a WebClient,
    id: i64,
}

impl Api<'_> {
    async fn step(&self, token: &str, step: &str, body: Value) -> Reply {
        self.client
            .post_json_with_token(
                &format!("/api/v1/peer-reviews/{}/{step}", self.id),
                token,
                &body,
            )
            .await
    }

    async fn ok(&self, token: &str, step: &str, body: Value) -> Value {
        let reply = self.step(token, step, body).await;
        assert_eq!(reply.status, 200, "{step}: {}", reply.body);
        reply.json()
    }
}

#[tokio::test]
async fn a_review_runs_through_the_api_and_nothing_confidential_reaches_anyone_else() {
    for db in TestDatabase::both().await {
        let (store, server) = serve_two_trusts(&db).await;
        let client = WebClient::new(&server);
        let admin = create_person(
            &store,
            "admin@example.org",
            "Ada Admin",
            &[PlatformRole::Administrator],
        )
        .await;
        let host = create_person(&store, "host@example.org", "Hana Host", &[]).await;
        let reviewer = create_person(&store, "rev@example.org", "Rex Reviewer", &[]).await;
        let school_head = create_person(&store, "school@example.org", "Sam School", &[]).await;
        let outsider = create_person(&store, "out@example.org", "Otto Outsider", &[]).await;
        member(&store, admin, host, TRUST_A).await;
        member(&store, admin, reviewer, TRUST_B).await;
        member(&store, admin, school_head, SCHOOL_A).await;
        let host_token = token(&store, host).await;
        let reviewer_token = token(&store, reviewer).await;
        let outsider_token = token(&store, outsider).await;
        let admin_token = token(&store, admin).await;

        let created = client
            .post_json_with_token(
                "/api/v1/peer-reviews",
                &host_token,
                &json!({"host": TRUST_A.key(), "focus": ["early-reading"], "self_evaluation": SELF_EVALUATION}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["review"]["id"].as_i64().unwrap();
        let api = Api {
            client: &client,
            id,
        };

        // The host's own school may not review it, and says why; a bad body lists every field.
        let conflicted = api
            .step(&host_token, "team", json!({"person": school_head.0, "org": SCHOOL_A.key(), "source": "other", "hours": 6}))
            .await;
        assert_eq!(conflicted.status, 400, "{}", conflicted.body);
        assert!(
            conflicted.body.contains("same trust"),
            "{}",
            conflicted.body
        );
        let bad = api
            .step(&host_token, "team", json!({"person": reviewer.0, "org": TRUST_B.key(), "source": "nowhere", "hours": 0}))
            .await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.body.contains("source") && bad.body.contains("hours"),
            "{}",
            bad.body
        );
        // Someone who does not act for the organisation named cannot review for it.
        let stranger = api
            .step(
                &host_token,
                "team",
                json!({"person": outsider.0, "org": TRUST_B.key(), "source": "other", "hours": 6}),
            )
            .await;
        assert_eq!(stranger.status, 400, "{}", stranger.body);
        // Only the host builds the team; anyone not yet a party, platform administrators
        // included, finds nothing.
        for (who, expected) in [
            (&reviewer_token, 404),
            (&outsider_token, 404),
            (&admin_token, 404),
        ] {
            let reply = api
                .step(who, "team", json!({"person": reviewer.0, "org": TRUST_B.key(), "source": "other", "hours": 14}))
                .await;
            assert_eq!(reply.status, expected, "{}", reply.body);
        }
        let whole = api
            .ok(
                &host_token,
                "team",
                json!({"person": reviewer.0, "org": TRUST_B.key(), "source": "other", "hours": 14}),
            )
            .await;
        assert_eq!(whole["review"]["team"].as_array().unwrap().len(), 1);
        let by_reviewer = api
            .step(&reviewer_token, "team", json!({"person": school_head.0, "org": TRUST_B.key(), "source": "other", "hours": 3}))
            .await;
        assert_eq!(
            by_reviewer.status, 409,
            "now on the team, the reviewer is told why: {}",
            by_reviewer.body
        );

        // Scheduling needs the dates first.
        let early = api
            .step(&host_token, "status", json!({"to": "scheduled"}))
            .await;
        assert_eq!(early.status, 409, "{}", early.body);
        assert!(early.body.contains("dates"), "{}", early.body);
        let ends_on = days_from_today(-1);
        let scheduled = api
            .ok(
                &host_token,
                "schedule",
                json!({"starts_on": days_from_today(-3), "ends_on": ends_on}),
            )
            .await;
        let progress_on = default_progress_review(Date::parse(&ends_on).unwrap()).unwrap();
        assert_eq!(
            scheduled["review"]["schedule"]["progress_review_on"],
            json!(progress_on.to_string())
        );
        api.ok(&host_token, "status", json!({"to": "scheduled"}))
            .await;
        api.ok(&reviewer_token, "status", json!({"to": "in_progress"}))
            .await;

        // The review team logs evidence and findings; the host may not.
        let host_finding = api
            .step(
                &host_token,
                "findings",
                json!({"kind": "strength", "area": "early-reading", "text": "x"}),
            )
            .await;
        assert_eq!(host_finding.status, 409, "{}", host_finding.body);
        api.ok(
            &reviewer_token,
            "evidence",
            json!({"on": days_from_today(-2), "kind": "lesson_visit", "note": "Year 1 phonics"}),
        )
        .await;
        let off_focus = api
            .step(
                &reviewer_token,
                "findings",
                json!({"kind": "strength", "area": "attendance", "text": "x"}),
            )
            .await;
        assert_eq!(off_focus.status, 400, "{}", off_focus.body);
        let found = api
            .ok(
                &reviewer_token,
                "findings",
                json!({"kind": "area_to_develop", "area": "early-reading", "text": SECRET}),
            )
            .await;
        let finding = found["review"]["findings"][0]["id"].as_i64().unwrap();
        api.ok(&reviewer_token, "status", json!({"to": "findings_shared"}))
            .await;

        // The host answers every area to develop before agreeing the plan.
        let unanswered = api
            .step(&host_token, "status", json!({"to": "action_plan_agreed"}))
            .await;
        assert_eq!(unanswered.status, 409, "{}", unanswered.body);
        api.ok(&host_token, "actions", json!({"what": "Train year 1 staff", "who": SCHOOL_A.key(), "by": days_from_today(60), "finding": finding})).await;
        api.ok(&host_token, "status", json!({"to": "action_plan_agreed"}))
            .await;
        api.ok(
            &host_token,
            "feedback",
            json!({"rating": 5, "comment": "Useful"}),
        )
        .await;
        api.ok(&reviewer_token, "feedback", json!({"rating": 4}))
            .await;

        // Before the summary, no one else learns the review exists.
        for who in [&outsider_token, &admin_token] {
            let reply = client
                .get_with_token(&format!("/api/v1/peer-reviews/{id}"), who)
                .await;
            assert_eq!(reply.status, 404, "{}", reply.body);
            let list = client.get_with_token("/api/v1/peer-reviews", who).await;
            assert_eq!(list.json()["yours"], json!([]));
            assert_eq!(list.json()["published"], json!([]));
        }
        let refused_summary = api
            .step(&reviewer_token, "summary", json!({"text": "x"}))
            .await;
        assert_eq!(refused_summary.status, 409, "{}", refused_summary.body);
        api.ok(
            &host_token,
            "summary",
            json!({"text": "We asked for a review of early reading."}),
        )
        .await;

        // Parties list it; others see the summary alone, with nothing confidential in it.
        let mine = client
            .get_with_token("/api/v1/peer-reviews", &reviewer_token)
            .await
            .json();
        assert_eq!(mine["yours"][0]["id"], json!(id));
        assert_eq!(mine["yours"][0]["role"], json!("reviewer"));
        for who in [None, Some(&outsider_token), Some(&admin_token)] {
            let (detail, list) = match who {
                Some(t) => (
                    client
                        .get_with_token(&format!("/api/v1/peer-reviews/{id}"), t)
                        .await,
                    client.get_with_token("/api/v1/peer-reviews", t).await,
                ),
                None => (
                    client.get(&format!("/api/v1/peer-reviews/{id}")).await,
                    client.get("/api/v1/peer-reviews").await,
                ),
            };
            assert_eq!(detail.status, 200);
            assert_eq!(detail.json()["view"], json!("summary"));
            assert_eq!(list.json()["published"][0]["id"], json!(id));
            for body in [&detail.body, &list.body] {
                assert!(
                    !body.contains(SECRET)
                        && !body.contains(SELF_EVALUATION)
                        && !body.contains("Year 1 phonics"),
                    "{body}"
                );
            }
            let page = match who {
                Some(_) => None,
                None => Some(client.get(&format!("/peer-reviews/{id}")).await),
            };
            if let Some(page) = page {
                assert_eq!(page.status, 200);
                assert!(page
                    .body
                    .contains("We asked for a review of early reading."));
                assert!(!page.body.contains(SECRET), "{}", page.body);
            }
        }

        // The reviewer's hours count now the findings are shared; the review is a
        // collaboration record for both trusts.
        let hours = store.reviewer_hours(reviewer).await.unwrap();
        assert_eq!(hours.len(), 1);
        assert_eq!(hours[0].hours, 14);
        assert!(hours[0].published);
        for org in [TRUST_A, TRUST_B] {
            let records = store.review_records_of(org).await.unwrap();
            assert_eq!(records.len(), 1, "{org:?}");
            assert_eq!(records[0].host, TRUST_A);
            assert_eq!(records[0].reviewers, vec![TRUST_B]);
            assert_eq!(records[0].status, ReviewStatus::ActionPlanAgreed);
        }
        assert!(store.review_records_of(SCHOOL_A).await.unwrap().is_empty());

        // Progress-review reminders: four weeks before, and on the day, each once, to the
        // host's administrators and the reviewer, naming no finding.
        let far = Date::from_days_since_epoch(progress_on.days_since_epoch() - 40).unwrap();
        let run = store
            .run_review_reminders(
                "a",
                "2000-01-01T00:00:00Z",
                "2999-01-01T00:00:00Z",
                far,
                "http://convene.test",
            )
            .await
            .unwrap();
        assert_eq!(run.sent, 0);
        let near = Date::from_days_since_epoch(progress_on.days_since_epoch() - 10).unwrap();
        for _ in 0..2 {
            let run = store
                .run_review_reminders(
                    "a",
                    "2000-01-01T00:00:00Z",
                    "2999-01-01T00:00:00Z",
                    near,
                    "http://convene.test",
                )
                .await
                .unwrap();
            assert!(run.held);
        }
        let other = store
            .run_review_reminders(
                "b",
                "2000-01-01T00:00:00Z",
                "2999-01-01T00:00:00Z",
                near,
                "http://convene.test",
            )
            .await
            .unwrap();
        assert!(!other.held, "a second process waits for the lease");
        for to in ["rev@example.org", "host@example.org"] {
            let emails = store.outbox(Some(to), 50).await.unwrap();
            let reminders: Vec<_> = emails
                .iter()
                .filter(|e| e.message.subject.contains("progress review"))
                .collect();
            assert_eq!(reminders.len(), 1, "{to}: {emails:?}");
            assert!(reminders[0]
                .message
                .body
                .contains(&format!("/peer-reviews/{id}")));
            assert!(!reminders[0].message.body.contains(SECRET));
        }
        assert!(store
            .outbox(Some("out@example.org"), 50)
            .await
            .unwrap()
            .iter()
            .all(|e| !e.message.subject.contains("progress review")));
        store
            .run_review_reminders(
                "a",
                "2000-01-01T00:00:00Z",
                "2999-01-01T00:00:00Z",
                progress_on,
                "http://convene.test",
            )
            .await
            .unwrap();
        let due: Vec<_> = store
            .outbox(Some("rev@example.org"), 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.message.subject.contains("progress review"))
            .collect();
        assert_eq!(
            due.len(),
            2,
            "the on-the-day reminder follows the four-week one"
        );
    }
}

async fn token_for(store: &Store, email: &str) -> String {
    let email = convene_domain::account::Email::parse(email).unwrap();
    let person = store.person_by_email(&email).await.unwrap().unwrap();
    token(store, person.id).await
}

#[tokio::test]
async fn a_round_is_grouped_moved_and_confirmed_through_the_api() {
    use crate::partnerships::{people, CHARITY, CONVENER, OUTSIDER, PARTNER};
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let people = people(&store).await;
        let server = convene_acceptance::server::TestServer::start(store.clone()).await;
        let client = WebClient::new(&server);
        let convener = token_for(&store, CONVENER).await;
        let partner = token_for(&store, PARTNER).await;
        let charity = token_for(&store, CHARITY).await;
        let outsider = token_for(&store, OUTSIDER).await;
        let created = client
            .post_json_with_token(
                "/api/v1/review-rounds",
                &convener,
                &json!({"convener": TRUST_A.key(), "name": "API round", "group_size": 3, "closes_on": "2099-01-01"}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let id = created.json()["round"]["id"].as_i64().unwrap();
        let path = |tail: &str| format!("/api/v1/review-rounds/{id}{tail}");
        for (token, org, focus) in [
            (&convener, TRUST_A.key(), "early-reading"),
            (&partner, TRUST_B.key(), "attendance"),
            (&charity, people.charity.key(), "community-engagement"),
        ] {
            let reply = client
                .post_json_with_token(
                    &path("/volunteers"),
                    token,
                    &json!({"org": org, "focus": [focus]}),
                )
                .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
        }
        // A volunteer may withdraw while the round is open, and come back.
        let gone = client
            .post_json_with_token(&path("/withdraw"), &partner, &json!({"org": TRUST_B.key()}))
            .await;
        assert_eq!(gone.json()["volunteer_count"], json!(2), "{}", gone.body);
        let not_theirs = client
            .post_json_with_token(
                &path("/withdraw"),
                &outsider,
                &json!({"org": TRUST_B.key()}),
            )
            .await;
        assert_eq!(not_theirs.status, 403);
        client
            .post_json_with_token(
                &path("/volunteers"),
                &partner,
                &json!({"org": TRUST_B.key(), "focus": ["attendance"]}),
            )
            .await;

        // Only the convener's people group the round.
        let refused = client
            .post_json_with_token(&path("/groups"), &partner, &json!({}))
            .await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        let grouped = client
            .post_json_with_token(&path("/groups"), &convener, &json!({}))
            .await;
        assert_eq!(grouped.status, 200, "{}", grouped.body);
        let groups = grouped.json()["groups"].as_array().unwrap().clone();
        assert_eq!(groups.len(), 1, "{}", grouped.body);
        assert_eq!(groups[0]["members"].as_array().unwrap().len(), 3);
        assert_eq!(grouped.json()["round"]["status"], json!("grouped"));

        // A move to a group that cannot exist is refused with the field named.
        let bad = client
            .post_json_with_token(
                &path("/groups/move"),
                &convener,
                &json!({"org": TRUST_B.key(), "to": 9}),
            )
            .await;
        assert_eq!(bad.status, 400, "{}", bad.body);
        assert!(bad.body.contains("to:"), "{}", bad.body);

        for (token, org) in [
            (&convener, TRUST_A.key()),
            (&partner, TRUST_B.key()),
            (&charity, people.charity.key()),
        ] {
            let reply = client
                .post_json_with_token(&path("/groups/confirm"), token, &json!({"org": org}))
                .await;
            assert_eq!(reply.status, 200, "{}", reply.body);
        }
        let round = client.get_with_token(&path(""), &convener).await.json();
        assert_eq!(round["round"]["status"], json!("closed"), "{round}");
        let late = client
            .post_json_with_token(
                &path("/groups/move"),
                &convener,
                &json!({"org": TRUST_B.key(), "to": 1}),
            )
            .await;
        assert_eq!(late.status, 409, "confirmed groups stand: {}", late.body);

        // The CSV of volunteers and groups goes to the round's people only.
        let csv = client.get(&format!("/review-rounds/{id}/groups.csv")).await;
        assert_eq!(csv.status, 404);
    }
}
