//! Placements over HTTP on both backends: that a confidential crisis request and an
//! agreement's terms never reach anyone outside their parties (an outsider, a platform
//! administrator, the other trust for the request) through any page, list, search, CSV,
//! API answer, notice, email or audit entry; that a form or body with problems lists every
//! one and stores nothing; and that an agreement moves only forwards, each step out of
//! order refused with 409 and words saying why, until the finished placement is a
//! collaboration record others see, without its terms, once both trusts agree.

use super::authorisation_matrix::ask;
use super::authorisation_matrix_placements::{address, fixture, Fixture, ACTORS, SECRETS};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{sign_in, PASSWORD, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::account::PersonId;
use convene_domain::placements::RequestKind;
use convene_store::{PlacementFilter, Store};
use serde_json::json;

/// Every list, search, export, feed-like page and API answer a placement could leak
/// through, with the fixture's numbers filled in.
const EVERYWHERE: [&str; 30] = [
    "/placements",
    "/placements/leaders",
    "/placements/leaders.csv",
    "/placements/requests",
    "/placements/requests.csv",
    "/placements/requests?q=resigned",
    "/placements/requests?q=chief+executive&kind=crisis",
    "/placements/requests.csv?q=resigned",
    "/placements/requests/{crisis}",
    "/placements/requests/{vacancy}",
    "/placements/agreements",
    "/placements/agreements.csv",
    "/placements/agreements/{agreement}",
    "/placements/records/trust-900001",
    "/placements/records/trust-17101",
    "/placements/traded",
    "/placements/traded.csv",
    "/api/v1/placements/leaders",
    "/api/v1/placements/requests",
    "/api/v1/placements/requests?q=resigned",
    "/api/v1/placements/requests/{crisis}",
    "/api/v1/placements/requests/{vacancy}/matches",
    "/api/v1/placements/agreements",
    "/api/v1/placements/agreements/{agreement}",
    "/api/v1/placements/records/trust-900001",
    "/api/v1/placements/traded",
    "/search?q=resigned",
    "/notices",
    "/admin/audit",
    "/admin/outbox",
];

/// How a crisis request is named in lists: its existence alone is confidential.
const CRISIS_LABEL: &str = "Interim leadership in a crisis";

fn leaked(reply: &Reply) -> Vec<&'static str> {
    SECRETS
        .into_iter()
        .filter(|s| reply.body.contains(s))
        .collect()
}

/// An API token for `person`, made directly in the store.
async fn token(store: &Store, person: PersonId) -> String {
    let secret = convene_credentials::new_token("").unwrap();
    store
        .create_api_token(
            person,
            "placements",
            &convene_credentials::token_digest(&secret),
            None,
        )
        .await
        .unwrap();
    secret
}

/// Every email in the outbox, subject and body, as one text.
async fn outbox_text(store: &Store) -> String {
    store
        .outbox(None, 500)
        .await
        .unwrap()
        .iter()
        .map(|e| format!("{} {}", e.message.subject, e.message.body))
        .collect()
}

async fn sweep(store: &Store, server: &TestServer, fixture: &Fixture) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, who) in ACTORS.iter().enumerate() {
        for example in EVERYWHERE {
            let reply = ask(
                store,
                server,
                fixture.people[i],
                "GET",
                &address(example, fixture),
            )
            .await;
            if reply.status >= 500 {
                problems.push(format!("{who}: {example} failed: {}", reply.status));
            }
            let seen = leaked(&reply);
            let allowed: &[&str] = match *who {
                "requester" => &SECRETS,
                "lender" => &["SECRET-TERMS", "SECRET-PERSON"],
                _ => &[],
            };
            for secret in seen {
                if !allowed.contains(&secret) {
                    problems.push(format!("{who} read {secret} at {example}"));
                }
            }
            let crisis_shown =
                reply.body.contains(CRISIS_LABEL) || reply.body.contains("\"kind\":\"crisis\"");
            if crisis_shown && *who != "requester" {
                problems.push(format!("{who} learnt of the crisis request at {example}"));
            }
        }
    }
    problems
}

#[tokio::test]
async fn crisis_requests_and_agreement_terms_reach_no_one_outside_their_parties() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let problems = sweep(&store, &server, &fixture).await;
        assert!(
            problems.is_empty(),
            "{:?}: {}",
            db.backend,
            problems.join("\n")
        );

        // The parties do see them: the request on its page, list, search and CSV, the
        // terms on the agreement's.
        let requester = fixture.people[4];
        for example in [
            "/placements/requests",
            "/placements/requests?q=resigned",
            "/placements/requests.csv",
            "/api/v1/placements/requests?q=resigned",
            "/placements/requests/{crisis}",
        ] {
            let reply = ask(
                &store,
                &server,
                requester,
                "GET",
                &address(example, &fixture),
            )
            .await;
            assert!(
                reply.body.contains("SECRET-CRISIS") || reply.body.contains(CRISIS_LABEL),
                "{example}: {}",
                reply.body
            );
        }
        for who in [3, 4] {
            let reply = ask(
                &store,
                &server,
                fixture.people[who],
                "GET",
                &address("/placements/agreements/{agreement}", &fixture),
            )
            .await;
            assert!(reply.body.contains("SECRET-TERMS"), "{}", ACTORS[who]);
        }

        // Through the whole life of the agreement, and once it is a published
        // collaboration record, the terms stay with the two trusts.
        let a = convene_domain::placements::PlacementId(fixture.agreement);
        let today = convene_domain::Date::parse("2026-02-01").unwrap();
        for (side, by) in [
            (convene_domain::placements::Side::Lending, "Lena Chair"),
            (convene_domain::placements::Side::Receiving, "Rob Chair"),
        ] {
            let approval = convene_domain::placements::BoardApproval {
                approved_by: by.into(),
                approved_on: today,
            };
            store.approve_agreement(a, side, &approval).await.unwrap();
        }
        store.activate_agreement(a, today).await.unwrap();
        store.end_agreement(a, today).await.unwrap();
        for side in convene_domain::placements::Side::ALL {
            store
                .set_agreement_publication(a, side, true)
                .await
                .unwrap();
        }
        let problems = sweep(&store, &server, &fixture).await;
        assert!(
            problems.is_empty(),
            "{:?}: {}",
            db.backend,
            problems.join("\n")
        );
        for i in [0, 2, 5] {
            let reply = ask(
                &store,
                &server,
                fixture.people[i],
                "GET",
                "/placements/records/trust-900001",
            )
            .await;
            assert!(
                reply.body.contains("5 Dimensions Trust") && reply.body.contains("Loan"),
                "{} sees the published record: {}",
                ACTORS[i],
                reply.body
            );
        }
        let text = outbox_text(&store).await;
        assert!(SECRETS.iter().all(|s| !text.contains(s)), "{text}");
    }
}

#[tokio::test]
async fn forms_and_bodies_with_problems_list_every_one_and_store_nothing() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let requester = fixture.people[4].unwrap();
        let scope = convene_domain::access::ReadScope {
            person: Some(requester),
            organisations: vec![TRUST_B],
        };
        let count = || async {
            store
                .leader_requests(&scope, &PlacementFilter::default(), 500, 0)
                .await
                .unwrap()
                .len()
        };
        let before = count().await;

        let client = WebClient::new(&server);
        sign_in(&client, "requester@example.org", PASSWORD).await;
        client.get("/placements/requests/new").await;
        let reply = client
            .post(
                "/placements/requests",
                &[
                    ("org", "trust-900001"),
                    ("kind", "emergency"),
                    ("days_per_week", "7"),
                    ("from", "2027-02-30"),
                    ("to", "2027-01-01"),
                ],
            )
            .await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        for message in [
            "Choose whether this is a vacancy or a crisis",
            "Choose the role",
            "Days per week must be from 0.5 to 5",
            "The start date must be a real date",
            "Describe what is needed",
        ] {
            assert!(reply.body.contains(message), "{message}: {}", reply.body);
        }
        let reply = client
            .post(
                "/placements/requests",
                &[("org", "trust-17101"), ("kind", "vacancy")],
            )
            .await;
        assert!(reply.body.contains("Choose an organisation you act for"));

        let api = token(&store, requester).await;
        let reply = client
            .post_json_with_token(
                "/api/v1/placements/requests",
                &api,
                &json!({"org": "trust-900001", "kind": "crisis", "role": "other",
                        "days_per_week": 2.25, "from": "2027-01-04", "to": "2026-01-04",
                        "description": ""}),
            )
            .await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        for field in ["role_other:", "days_per_week:", "to:", "description:"] {
            assert!(reply.body.contains(field), "{field}: {}", reply.body);
        }
        let reply = client
            .post_json_with_token(
                "/api/v1/placements/leaders",
                &api,
                &json!({"org": "trust-900001", "role": "cfo", "days_per_week": 0,
                        "from": "2027-01-04", "to": "2027-03-04", "reach": "within",
                        "description": "x", "visibility": {"level": "organisations",
                        "organisations": ["nobody"]}}),
            )
            .await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        for field in [
            "visibility.organisations:",
            "person_name:",
            "days_per_week:",
            "within_km:",
        ] {
            assert!(reply.body.contains(field), "{field}: {}", reply.body);
        }
        assert_eq!(count().await, before, "nothing was stored");
        assert!(store
            .available_leaders(&scope, &PlacementFilter::default(), 500, 0)
            .await
            .unwrap()
            .iter()
            .all(|l| l.leader.org != TRUST_B));

        // A crisis posted without a choice is confidential; an outsider cannot see it.
        let reply = client
            .post_json_with_token(
                "/api/v1/placements/requests",
                &api,
                &json!({"org": "trust-900001", "kind": "crisis", "role": "ceo",
                        "days_per_week": 3.0, "from": "2027-01-04", "to": "2027-03-04",
                        "description": "Interim CEO needed"}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        let created = reply.json();
        assert_eq!(created["confidential"], true);
        assert_eq!(created["kind"], RequestKind::Crisis.key());
        let outsider = ask(
            &store,
            &server,
            fixture.people[2],
            "GET",
            &format!("/api/v1/placements/requests/{}", created["id"]),
        )
        .await;
        assert_eq!(outsider.status, 404);
    }
}

#[tokio::test]
async fn an_agreement_moves_only_forwards_and_says_why_a_step_is_refused() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let client = WebClient::new(&server);
        let lender = token(&store, fixture.people[3].unwrap()).await;
        let requester = token(&store, fixture.people[4].unwrap()).await;
        let outsider = token(&store, fixture.people[2].unwrap()).await;
        let base = format!("/api/v1/placements/agreements/{}", fixture.agreement);
        let step = |who: &str, what: &str, body: serde_json::Value| {
            let token = who.to_string();
            let address = format!("{base}/{what}");
            let client = &client;
            async move { client.post_json_with_token(&address, &token, &body).await }
        };

        let early = step(&requester, "activate", json!({})).await;
        assert_eq!(early.status, 409, "{}", early.body);
        assert!(
            early.body.contains("still waiting for both boards"),
            "{}",
            early.body
        );
        let wrong_side = step(
            &requester,
            "approve",
            json!({"org": TRUST_A.key(), "approved_by": "X", "approved_on": "2026-01-01"}),
        )
        .await;
        assert_eq!(wrong_side.status, 403, "{}", wrong_side.body);
        let future = step(
            &lender,
            "approve",
            json!({"org": TRUST_A.key(), "approved_by": "", "approved_on": "2099-01-01"}),
        )
        .await;
        assert_eq!(future.status, 400, "{}", future.body);
        assert!(future.body.contains("approved_by:") && future.body.contains("approved_on:"));
        let nosy = step(&outsider, "end", json!({})).await;
        assert_eq!(nosy.status, 404, "{}", nosy.body);

        let one = step(
            &lender,
            "approve",
            json!({"org": TRUST_A.key(), "approved_by": "Lena Chair", "approved_on": "2026-01-02"}),
        )
        .await;
        assert_eq!(one.status, 200, "{}", one.body);
        assert_eq!(one.json()["status"], "proposed");
        assert_eq!(one.json()["waiting_for"], json!(["receiving"]));
        let waiting = step(&lender, "activate", json!({})).await;
        assert!(
            waiting.body.contains("the receiving organisation's board"),
            "{}",
            waiting.body
        );
        let both = step(
            &requester,
            "approve",
            json!({"org": TRUST_B.key(), "approved_by": "Rob Chair", "approved_on": "2026-01-03"}),
        )
        .await;
        assert_eq!(both.json()["status"], "agreed", "{}", both.body);
        let again = step(
            &requester,
            "approve",
            json!({"org": TRUST_B.key(), "approved_by": "Rob Chair", "approved_on": "2026-01-03"}),
        )
        .await;
        assert_eq!(again.status, 409, "{}", again.body);
        let not_started = step(&lender, "end", json!({})).await;
        assert_eq!(not_started.status, 409);
        assert!(
            not_started.body.contains("has not started"),
            "{}",
            not_started.body
        );
        let too_soon = step(
            &lender,
            "review",
            json!({"outcome": "Good", "lending_rating": 4, "receiving_rating": 5}),
        )
        .await;
        assert_eq!(too_soon.status, 409, "{}", too_soon.body);

        assert_eq!(
            step(&lender, "activate", json!({})).await.json()["status"],
            "active"
        );
        assert_eq!(step(&lender, "activate", json!({})).await.status, 409);
        assert_eq!(
            step(&requester, "end", json!({})).await.json()["status"],
            "ended"
        );
        let bad = step(
            &requester,
            "review",
            json!({"outcome": "", "lending_rating": 0, "receiving_rating": 6}),
        )
        .await;
        assert_eq!(bad.status, 400, "{}", bad.body);
        for field in ["outcome:", "lending_rating:", "receiving_rating:"] {
            assert!(bad.body.contains(field), "{field}: {}", bad.body);
        }
        let reviewed = step(
            &requester,
            "review",
            json!({"outcome": "Steadied the finance team", "lending_rating": 4.0, "receiving_rating": 5}),
        )
        .await;
        assert_eq!(reviewed.json()["status"], "reviewed", "{}", reviewed.body);
        assert_eq!(reviewed.json()["collaboration_record"]["kind"], "loan");
        assert_eq!(
            step(
                &requester,
                "review",
                json!({"outcome": "x", "lending_rating": 1, "receiving_rating": 1})
            )
            .await
            .status,
            409
        );

        // The record is the parties' until both agree to show it; then others see it
        // without the terms.
        let records = "/api/v1/placements/records/trust-900001";
        assert_eq!(
            client
                .get_with_token(records, &requester)
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            client.get_with_token(records, &outsider).await.json(),
            json!([])
        );
        step(
            &lender,
            "publication",
            json!({"org": TRUST_A.key(), "publish": true}),
        )
        .await;
        assert_eq!(
            client.get_with_token(records, &outsider).await.json(),
            json!([])
        );
        step(
            &requester,
            "publication",
            json!({"org": TRUST_B.key(), "publish": true}),
        )
        .await;
        let shown = client.get_with_token(records, &outsider).await;
        assert_eq!(shown.json().as_array().unwrap().len(), 1, "{}", shown.body);
        assert_eq!(shown.json()[0]["lending"], TRUST_A.key());
        assert!(leaked(&shown).is_empty(), "{}", shown.body);
        assert!(!shown.body.contains("450"), "{}", shown.body);
        let anonymous = client.get(records).await;
        assert_eq!(anonymous.json().as_array().unwrap().len(), 1);
    }
}
