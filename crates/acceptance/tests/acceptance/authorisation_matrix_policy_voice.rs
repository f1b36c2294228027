//! The authorisation matrix for a voice in policy: every call route, page and API, asked
//! by every kind of person. The route table check in `authorisation_matrix.rs` counts
//! these rows too, so a route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (signed
//! in, acting for no organisation), the convener (acting for trust A, which opened every
//! call), the respondent (acting for trust B, which responded to each) and a platform
//! administrator. Answers as in the main matrix. No row changes anything except the last,
//! which closes a spare call: every other write is sent empty.

use super::authorisation_matrix::{ask, check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::policy_voice::submission::{QuoteForm, SubmissionDraft, SubmissionForm};
use convene_domain::policy_voice::{CallDraft, CallForm, ResponseDraft, ResponseForm};
use convene_domain::Date;
use convene_store::Store;

pub(crate) const ACTORS: [&str; 6] = [
    "anonymous",
    "unverified",
    "outsider",
    "convener",
    "respondent",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{inside}` is a consultation
/// read only by its convener, with trust B's response `{response}` quoted (not yet agreed)
/// in its submission; `{anonymous}` an anonymous consultation; `{group}` an expert group
/// with trust B's nomination `{nomination}`; `{spare}` a public consultation.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/calls", "/calls", "AAAAAA"),
    ("GET", "/calls/new", "/calls/new", "SVAAAA"),
    ("POST", "/calls", "/calls", "SVAAAA"),
    ("GET", "/calls/{id}", "/calls/{inside}", "AAAAAA"),
    ("GET", "/calls/{id}", "/calls/999999", "NNNNNN"),
    ("POST", "/calls/{id}/responses", "/calls/{inside}/responses", "SVAAAA"),
    ("POST", "/calls/{id}/responses", "/calls/999999/responses", "SVNNNN"),
    ("POST", "/calls/{id}/responses/{response}/choose", "/calls/{group}/responses/{nomination}/choose", "SVFAFF"),
    ("GET", "/calls/{id}/responses.csv", "/calls/{inside}/responses.csv", "SVFAFF"),
    ("GET", "/calls/{id}/responses.csv", "/calls/{anonymous}/responses.csv", "SVFAFF"),
    ("GET", "/calls/{id}/representation", "/calls/{inside}/representation", "AAAAAA"),
    ("GET", "/calls/{id}/representation", "/calls/{group}/representation", "AAAAAA"),
    ("POST", "/calls/{id}/invitations", "/calls/{inside}/invitations", "SVFAFF"),
    ("GET", "/calls/{id}/submission", "/calls/{inside}/submission", "AAAAAA"),
    ("POST", "/calls/{id}/submission", "/calls/{inside}/submission", "SVFAFF"),
    ("POST", "/calls/{id}/submission/quotes/{number}", "/calls/{inside}/submission/quotes/1", "SVFFAF"),
    ("POST", "/calls/{id}/submission/quotes/{number}", "/calls/{inside}/submission/quotes/9", "SVNNNN"),
    ("POST", "/calls/{id}/submission/publish", "/calls/{inside}/submission/publish", "SVFAFF"),
    ("POST", "/calls/{id}/submission/outcome", "/calls/{inside}/submission/outcome", "SVFAFF"),
    ("GET", "/api/v1/calls", "/api/v1/calls", "AAAAAA"),
    ("POST", "/api/v1/calls", "/api/v1/calls", "SVAAAA"),
    ("GET", "/api/v1/calls/{id}", "/api/v1/calls/{inside}", "AAAAAA"),
    ("GET", "/api/v1/calls/{id}/responses", "/api/v1/calls/{inside}/responses", "AAAAAA"),
    ("POST", "/api/v1/calls/{id}/responses", "/api/v1/calls/{inside}/responses", "SVAAAA"),
    ("GET", "/api/v1/calls/{id}/representation", "/api/v1/calls/{inside}/representation", "AAAAAA"),
    ("GET", "/api/v1/calls/{id}/submission", "/api/v1/calls/{inside}/submission", "NNNAAN"),
    ("POST", "/calls/{id}/close", "/calls/{spare}/close", "SVFAFF"),
];

/// The people (in [`ACTORS`] order) and the records the matrix asks about.
pub(crate) struct Fixture {
    pub(crate) people: Vec<Option<PersonId>>,
    pub(crate) inside: i64,
    pub(crate) anonymous: i64,
    pub(crate) group: i64,
    pub(crate) spare: i64,
    pub(crate) response: i64,
    pub(crate) nomination: i64,
}

/// Words trust B wrote into responses not for everyone's eyes.
pub(crate) const SECRET_INSIDE: &str = "SECRET-INSIDE answer";
/// Words trust B wrote into the anonymous call.
pub(crate) const SECRET_ANONYMOUS: &str = "SECRET-ANONYMOUS answer";

fn call(kind: &str, visibility: &str, title: &str) -> CallForm {
    CallForm {
        convener: TRUST_A.key(),
        kind: kind.into(),
        title: title.into(),
        description: "What works for attendance".into(),
        how_used: "A submission to the Department for Education".into(),
        questions: vec!["What works?".into()],
        closes_on: "2099-01-31".into(),
        visibility: visibility.into(),
        regions: Vec::new(),
    }
}

/// Trust A's calls, trust B's responses, and the submission quoting one.
pub(crate) async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let convener = person(store, "admin-a@example.org", true, &[]).await;
    let respondent = person(store, "admin-b@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(convener, TRUST_A), (respondent, TRUST_B)] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let today = Date::new(2026, 12, 4).unwrap();
    let as_convener = store.viewer(convener).await.unwrap().unwrap();
    let as_respondent = store.viewer(respondent).await.unwrap().unwrap();
    let open = |form: CallForm| {
        let as_convener = as_convener.clone();
        async move {
            let id = store
                .create_call(
                    &as_convener,
                    &CallDraft::check(&form, today).unwrap(),
                    today,
                )
                .await
                .unwrap();
            store.call(id).await.unwrap().unwrap()
        }
    };
    let inside = open(call("consultation", "attributed-inside", "Inside")).await;
    let anonymous = open(call("consultation", "anonymous", "Anonymous")).await;
    let group = open(call("expert-group", "attributed-inside", "Group")).await;
    let spare = open(call("consultation", "public", "Spare")).await;
    let answer = |text: &str| ResponseForm {
        org: TRUST_B.key(),
        answers: vec![text.into()],
        ..ResponseForm::default()
    };
    let response = store
        .respond_to_call(
            &as_respondent,
            &inside,
            &ResponseDraft::check(&answer(SECRET_INSIDE), &inside).unwrap(),
            today,
        )
        .await
        .unwrap();
    store
        .respond_to_call(
            &as_respondent,
            &anonymous,
            &ResponseDraft::check(&answer(SECRET_ANONYMOUS), &anonymous).unwrap(),
            today,
        )
        .await
        .unwrap();
    let nomination = store
        .respond_to_call(
            &as_respondent,
            &group,
            &ResponseDraft::check(
                &ResponseForm {
                    org: TRUST_B.key(),
                    nominee_name: "Bo Bright".into(),
                    nominee_role: "Chief executive".into(),
                    statement: "Twenty years in the North East".into(),
                    ..ResponseForm::default()
                },
                &group,
            )
            .unwrap(),
            today,
        )
        .await
        .unwrap();
    store
        .save_submission(
            &as_convener,
            &inside,
            &SubmissionDraft::check(&SubmissionForm {
                title: "What trusts told us".into(),
                body: "Attendance needs families".into(),
                addressed_to: "The Department for Education".into(),
                quotes: vec![QuoteForm {
                    response: response.0.to_string(),
                    text: "SECRET-INSIDE".into(),
                }],
            })
            .unwrap(),
        )
        .await
        .unwrap();
    Fixture {
        people: vec![
            None,
            Some(unverified),
            Some(outsider),
            Some(convener),
            Some(respondent),
            Some(platform),
        ],
        inside: inside.id.0,
        anonymous: anonymous.id.0,
        group: group.id.0,
        spare: spare.id.0,
        response: response.0,
        nomination: nomination.0,
    }
}

/// `example` with the fixture's numbers in place of its placeholders.
pub(crate) fn address(example: &str, fixture: &Fixture) -> String {
    example
        .replace("{inside}", &fixture.inside.to_string())
        .replace("{anonymous}", &fixture.anonymous.to_string())
        .replace("{group}", &fixture.group.to_string())
        .replace("{spare}", &fixture.spare.to_string())
        .replace("{response}", &fixture.response.to_string())
        .replace("{nomination}", &fixture.nomination.to_string())
}

#[tokio::test]
async fn every_call_route_answers_every_kind_of_person_as_the_table_says() {
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
            |example| address(example, &fixture),
        )
        .await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// Every page, list, download and API answer a call has, asked by everyone: a response
/// read only inside reaches its convener and its own organisation, never anyone else;
/// an anonymous response reaches its convener without anything that says who gave it,
/// and reaches no one else, its own organisation included.
#[tokio::test]
async fn responses_reach_only_whom_the_call_allows_and_anonymous_ones_never_say_who() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let places = |id: i64| {
            vec![
                format!("/calls/{id}"),
                format!("/calls/{id}/representation"),
                format!("/calls/{id}/submission"),
                format!("/calls/{id}/responses.csv"),
                format!("/api/v1/calls/{id}/responses"),
                format!("/api/v1/calls/{id}/representation"),
                format!("/api/v1/calls/{id}/submission"),
                "/calls".to_string(),
                "/api/v1/calls".to_string(),
                "/notices".to_string(),
            ]
        };
        for (i, person) in fixture.people.iter().enumerate() {
            let who = ACTORS[i];
            for place in places(fixture.inside) {
                let reply = ask(&store, &server, *person, "GET", &place).await;
                if !matches!(who, "convener" | "respondent") {
                    assert!(
                        !reply.body.contains("SECRET-INSIDE"),
                        "{who} read the inside response at {place}"
                    );
                }
            }
            for place in places(fixture.anonymous) {
                let reply = ask(&store, &server, *person, "GET", &place).await;
                if who != "convener" {
                    assert!(
                        !reply.body.contains(SECRET_ANONYMOUS),
                        "{who} read the anonymous response at {place}"
                    );
                }
                if reply.body.contains(SECRET_ANONYMOUS) {
                    assert!(
                        !reply.body.contains("Test Trust B")
                            && !reply.body.contains("trust-900001"),
                        "{who} was told who gave the anonymous response at {place}"
                    );
                }
            }
        }
        let convener = fixture.people[3];
        let listed = ask(
            &store,
            &server,
            convener,
            "GET",
            &format!("/api/v1/calls/{}/responses", fixture.anonymous),
        )
        .await
        .json();
        let first = &listed.as_array().unwrap()[0];
        assert!(first["org"].is_null() && first["id"].is_null(), "{first}");
        assert_eq!(first["answers"][0], SECRET_ANONYMOUS);
        let csv = ask(
            &store,
            &server,
            convener,
            "GET",
            &format!("/calls/{}/responses.csv", fixture.anonymous),
        )
        .await;
        assert!(
            csv.body.starts_with("reference,answer_1,comments"),
            "{}",
            csv.body
        );
        let heard = ask(
            &store,
            &server,
            None,
            "GET",
            &format!("/api/v1/calls/{}/representation", fixture.anonymous),
        )
        .await
        .json();
        assert_eq!(
            heard["heard"]["others"], 1,
            "trust B responded (it has no schools)"
        );
    }
}
