//! The authorisation matrix for recognition: every route, page and API, asked by every
//! kind of person. The route table check in `authorisation_matrix.rs` counts these rows
//! too, so a recognition route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (signed
//! in, acting for no organisation), the nominee's administrator (administrator of trust
//! A, which is recognised), a member of trust A (who may see but not answer), the giver
//! (administrator of trust B, who wrote each recognition) and a platform administrator.
//! Answers as in the main matrix. No row changes anything except the last two, which
//! withdraw: every other write is sent empty.

use super::authorisation_matrix::{ask, check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, SCHOOL_A, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::{PlatformRole, Viewer, Visibility};
use convene_domain::account::PersonId;
use convene_domain::brokerage::{HelpForm, ImprovementArea, NeedDraft, Reach};
use convene_domain::evidence::recognition::{
    EvidenceRef, Nominee, RecognitionDraft, RecognitionKind,
};
use convene_domain::Date;
use convene_store::{IntroductionRequest, Store};

pub(crate) const ACTORS: [&str; 7] = [
    "anonymous",
    "unverified",
    "outsider",
    "nominee admin",
    "nominee member",
    "giver",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{accepted}` is trust B's
/// nomination of trust A, accepted; `{waiting}` its endorsement of trust A, not answered;
/// `{spare}` its endorsement of Shenley Brook End School, not answered.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/recognition", "/recognition", "AAAAAAA"),
    ("GET", "/recognition", "/recognition?nominee=trust-17101&kind=nomination", "AAAAAAA"),
    ("GET", "/recognition", "/recognition?nominee=nonsense", "AAAAAAA"),
    ("GET", "/recognition.csv", "/recognition.csv", "AAAAAAA"),
    ("GET", "/recognition/new", "/recognition/new", "SVAAAAA"),
    ("GET", "/recognition/new", "/recognition/new?nominee=trust-17101", "SVAAAAA"),
    ("POST", "/recognition", "/recognition", "SVAAAAA"),
    ("GET", "/recognition/{id}", "/recognition/{accepted}", "AAAAAAA"),
    ("GET", "/recognition/{id}", "/recognition/{waiting}", "NNNAAAN"),
    ("GET", "/recognition/{id}", "/recognition/{spare}", "NNNNNAN"),
    ("GET", "/recognition/{id}", "/recognition/999999", "NNNNNNN"),
    ("POST", "/recognition/{id}/answer", "/recognition/{waiting}/answer", "SVNAFFN"),
    ("POST", "/recognition/{id}/answer", "/recognition/{accepted}/answer", "SVFAFFF"),
    ("GET", "/api/v1/recognition", "/api/v1/recognition", "AAAAAAA"),
    ("GET", "/api/v1/recognition", "/api/v1/recognition?mine=true", "AAAAAAA"),
    ("POST", "/api/v1/recognition", "/api/v1/recognition", "SVAAAAA"),
    ("GET", "/api/v1/recognition/{id}", "/api/v1/recognition/{accepted}", "AAAAAAA"),
    ("GET", "/api/v1/recognition/{id}", "/api/v1/recognition/{waiting}", "NNNAAAN"),
    ("POST", "/api/v1/recognition/{id}/answer", "/api/v1/recognition/{waiting}/answer", "SVNAFFN"),
    ("POST", "/api/v1/recognition/{id}/answer", "/api/v1/recognition/{accepted}/answer", "SVFAFFF"),
    ("POST", "/recognition/{id}/withdraw", "/recognition/{spare}/withdraw", "SVNNNAN"),
    ("POST", "/api/v1/recognition/{id}/withdraw", "/api/v1/recognition/{waiting}/withdraw", "SVNFFAN"),
];

/// The people (in [`ACTORS`] order) and the recognitions the matrix asks about.
pub(crate) struct Fixture {
    pub(crate) people: Vec<Option<PersonId>>,
    pub(crate) accepted: i64,
    pub(crate) waiting: i64,
    pub(crate) spare: i64,
}

/// Words written only into recognitions not accepted.
pub(crate) const SECRET: &str = "SECRET-WAITING";

async fn viewer(store: &Store, id: PersonId) -> Viewer {
    store.viewer(id).await.unwrap().unwrap()
}

/// Trust B helping trust A (a public need, accepted), trust B's nomination of trust A
/// resting on it (accepted by trust A's administrator), its endorsement of trust A (not
/// answered) and of Shenley Brook End School (not answered).
pub(crate) async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let admin_a = person(store, "admin-a@example.org", true, &[]).await;
    let member_a = person(store, "member-a@example.org", true, &[]).await;
    let giver = person(store, "admin-b@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org, by) in [
        (admin_a, TRUST_A, platform),
        (giver, TRUST_B, platform),
        (member_a, TRUST_A, admin_a),
    ] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(by, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let need = store
        .create_need(
            admin_a,
            &NeedDraft {
                owner: TRUST_A,
                area: ImprovementArea::Attendance,
                form: HelpForm::Coaching,
                role: None,
                description: "Help with attendance".into(),
                from: Date::new(2027, 1, 4).unwrap(),
                to: Date::new(2027, 7, 16).unwrap(),
                days: 6,
                reach: Reach::Anywhere,
                schools: Vec::new(),
                visibility: Visibility::Public,
            },
        )
        .await
        .unwrap();
    let introduction = store
        .request_introduction(&IntroductionRequest {
            need,
            candidate: TRUST_B,
            requested_by: admin_a,
            message: String::new(),
            reasons: "Ranked 1".into(),
            public_url: "http://convene.test".into(),
        })
        .await
        .unwrap();
    let collaboration = store
        .accept_introduction(introduction, giver, "http://convene.test")
        .await
        .unwrap();
    let as_giver = viewer(store, giver).await;
    let today = Date::new(2026, 12, 4).unwrap();
    let give = |nominee, kind, text: &str| RecognitionDraft {
        nominee,
        kind,
        from: TRUST_B,
        text: text.into(),
        evidence: [EvidenceRef::Collaboration(collaboration)].into(),
    };
    let accepted = store
        .create_recognition(
            &as_giver,
            &give(
                Nominee::Organisation(TRUST_A),
                RecognitionKind::Nomination,
                "Opened its doors to every school in the town",
            ),
            today,
        )
        .await
        .unwrap();
    store
        .answer_recognition(&viewer(store, admin_a).await, accepted, true, today)
        .await
        .unwrap();
    let waiting = store
        .create_recognition(
            &as_giver,
            &give(
                Nominee::Organisation(TRUST_A),
                RecognitionKind::Endorsement,
                "SECRET-WAITING: generous with its time",
            ),
            today,
        )
        .await
        .unwrap();
    let spare = store
        .create_recognition(
            &as_giver,
            &give(
                Nominee::Organisation(SCHOOL_A),
                RecognitionKind::Endorsement,
                "SECRET-WAITING: a school that shares",
            ),
            today,
        )
        .await
        .unwrap();
    Fixture {
        people: vec![
            None,
            Some(unverified),
            Some(outsider),
            Some(admin_a),
            Some(member_a),
            Some(giver),
            Some(platform),
        ],
        accepted: accepted.0,
        waiting: waiting.0,
        spare: spare.0,
    }
}

/// `example` with the fixture's numbers in place of its placeholders.
pub(crate) fn address(example: &str, fixture: &Fixture) -> String {
    example
        .replace("{accepted}", &fixture.accepted.to_string())
        .replace("{waiting}", &fixture.waiting.to_string())
        .replace("{spare}", &fixture.spare.to_string())
}

#[tokio::test]
async fn every_recognition_route_answers_every_kind_of_person_as_the_table_says() {
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

/// Every list, download, feed and page recognition appears on, asked by everyone: a
/// recognition not accepted reaches only its parties; never the public, an outsider or a
/// platform administrator. The accepted one reaches everyone, on trust A's page too.
#[tokio::test]
async fn recognition_not_accepted_never_reaches_anyone_outside_it() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let places = [
            "/recognition",
            "/recognition.csv",
            "/recognition?nominee=school-136730",
            "/api/v1/recognition",
            "/api/v1/recognition?mine=true",
            "/api/v1/recognition?nominee=trust-17101&mine=true",
            "/organisations/trust-17101",
            "/organisations/school-136730",
            "/notices",
        ];
        for (i, person) in fixture.people.iter().enumerate() {
            let who = ACTORS[i];
            let sees = matches!(who, "nominee admin" | "nominee member" | "giver");
            for place in places {
                let reply = ask(&store, &server, *person, "GET", place).await;
                if !sees {
                    assert!(
                        !reply.body.contains(SECRET),
                        "{who} was sent a recognition not accepted at {place}"
                    );
                }
            }
            let page = ask(
                &store,
                &server,
                *person,
                "GET",
                "/organisations/trust-17101",
            )
            .await;
            assert!(
                page.body
                    .contains("Opened its doors to every school in the town"),
                "{who} does not see the accepted nomination on trust A's page"
            );
            let mine = ask(
                &store,
                &server,
                *person,
                "GET",
                "/api/v1/recognition?mine=true",
            )
            .await;
            let expected = match who {
                "giver" => 2,
                "nominee admin" | "nominee member" => 1,
                _ => 0,
            };
            assert_eq!(
                mine.json().as_array().unwrap().len(),
                expected,
                "{who}: {}",
                mine.body
            );
        }
    }
}
