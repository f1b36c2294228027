//! The authorisation matrix for the eight behaviours: every route, page and API, asked by
//! every kind of person. The route table check in `authorisation_matrix.rs` counts these
//! rows too, so a route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, the owner (whose
//! assessment, plan and 360 round these are), another person, and a platform
//! administrator. A rater's page is reached by the token in their email, by anyone who
//! holds it. Answers as in the main matrix. No row changes anything except the last two,
//! which mark the owner's action done and close a spare round.

use super::authorisation_matrix::{check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::two_trusts;
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::behaviours::assessment::{Action, ActionForm, AssessmentDraft, AssessmentForm};
use convene_domain::behaviours::feedback::RaterGroup;
use convene_domain::behaviours::framework::Behaviour;
use convene_domain::Date;
use convene_store::Store;

const ACTORS: [&str; 5] = [
    "anonymous",
    "unverified",
    "owner",
    "other",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{round}` and `{spare}` are
/// the owner's open 360 rounds, `{token}` a rater's link to `{round}`, `{action}` an
/// action in the owner's plan, `{group}` the owner's group, to which the other person is
/// invited (not yet joined).
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/behaviours", "/behaviours", "SVAAA"),
    ("GET", "/behaviours/assessments/new", "/behaviours/assessments/new", "SVAAA"),
    ("POST", "/behaviours/assessments", "/behaviours/assessments", "SVAAA"),
    ("POST", "/behaviours/actions", "/behaviours/actions", "SVAAA"),
    ("GET", "/behaviours/feedback/new", "/behaviours/feedback/new", "SVAAA"),
    ("POST", "/behaviours/feedback", "/behaviours/feedback", "SVAAA"),
    ("GET", "/behaviours/feedback/{id}", "/behaviours/feedback/{round}", "SVANN"),
    ("GET", "/behaviours/feedback/{id}", "/behaviours/feedback/999999", "SVNNN"),
    ("GET", "/feedback/{token}", "/feedback/{token}", "AAAAA"),
    ("GET", "/feedback/{token}", "/feedback/fb_not-a-token", "NNNNN"),
    ("POST", "/feedback/{token}", "/feedback/{token}", "AAAAA"),
    ("POST", "/feedback/{token}", "/feedback/fb_not-a-token", "NNNNN"),
    ("POST", "/behaviours/groups", "/behaviours/groups", "SVAAA"),
    ("GET", "/behaviours/groups/{id}", "/behaviours/groups/{group}", "SVANN"),
    ("GET", "/behaviours/groups/{id}", "/behaviours/groups/999999", "SVNNN"),
    ("POST", "/behaviours/groups/{id}/invitations", "/behaviours/groups/{group}/invitations", "SVANN"),
    ("POST", "/behaviours/groups/{id}/answer", "/behaviours/groups/{group}/answer", "SVAAN"),
    ("POST", "/behaviours/groups/{id}/sharing", "/behaviours/groups/{group}/sharing", "SVANN"),
    ("GET", "/api/v1/behaviours", "/api/v1/behaviours", "SVAAA"),
    ("POST", "/api/v1/behaviours/assessments", "/api/v1/behaviours/assessments", "SVAAA"),
    ("GET", "/api/v1/behaviours/feedback/{id}", "/api/v1/behaviours/feedback/{round}", "SVANN"),
    ("POST", "/behaviours/feedback/{id}/close", "/behaviours/feedback/{spare}/close", "SVANN"),
    ("POST", "/behaviours/actions/{id}/done", "/behaviours/actions/{action}/done", "SVANN"),
];

struct Fixture {
    people: Vec<Option<PersonId>>,
    round: i64,
    spare: i64,
    token: String,
    action: i64,
    group: i64,
}

async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let owner = person(store, "owner@example.org", true, &[]).await;
    let other = person(store, "other@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    let form = AssessmentForm {
        levels: Behaviour::ALL
            .iter()
            .map(|b| (b.key().to_string(), "2".to_string()))
            .collect(),
        ..AssessmentForm::default()
    };
    let today = Date::new(2026, 12, 4).unwrap();
    store
        .save_assessment(owner, &AssessmentDraft::check(&form).unwrap(), &[], today)
        .await
        .unwrap();
    let action = store
        .add_action(
            owner,
            &Action::check(&ActionForm {
                behaviour: "bravery".into(),
                action: "Raise the attendance gap at the regional board".into(),
                by: "2027-03-01".into(),
            })
            .unwrap(),
        )
        .await
        .unwrap();
    let token = convene_credentials::new_token("fb_").unwrap();
    let invite = |token: &str, email: &str| {
        (
            email.to_string(),
            RaterGroup::Colleagues,
            convene_credentials::token_digest(token),
            format!("http://convene.test/feedback/{token}"),
        )
    };
    let closes = Date::new(2099, 1, 31).unwrap();
    let round = store
        .open_feedback_round(
            owner,
            "Olu Owner",
            closes,
            &[invite(&token, "rater@example.org")],
        )
        .await
        .unwrap();
    let spare_token = convene_credentials::new_token("fb_").unwrap();
    let spare = store
        .open_feedback_round(
            owner,
            "Olu Owner",
            closes,
            &[invite(&spare_token, "rater2@example.org")],
        )
        .await
        .unwrap();
    let group = store
        .create_behaviour_group(owner, "North East CEOs")
        .await
        .unwrap();
    store
        .invite_to_behaviour_group(owner, group, "other@example.org")
        .await
        .unwrap();
    Fixture {
        people: vec![
            None,
            Some(unverified),
            Some(owner),
            Some(other),
            Some(platform),
        ],
        round,
        spare,
        token,
        action,
        group,
    }
}

#[tokio::test]
async fn every_behaviours_route_answers_every_kind_of_person_as_the_table_says() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let failures = check_rows(
            &store,
            &server,
            &fixture.people,
            &ACTORS,
            &backend,
            MATRIX,
            |example| {
                example
                    .replace("{round}", &fixture.round.to_string())
                    .replace("{spare}", &fixture.spare.to_string())
                    .replace("{token}", &fixture.token)
                    .replace("{action}", &fixture.action.to_string())
                    .replace("{group}", &fixture.group.to_string())
            },
        )
        .await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
