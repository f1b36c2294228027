//! The authorisation matrix for case studies and an organisation's place in the network:
//! every route, page and API, asked by every kind of person. The route table check in
//! `authorisation_matrix.rs` counts these rows too, so a route added without a row here
//! fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (signed in,
//! acting for no organisation), the author (acting for trust A, which wrote every case
//! study here), the named (acting for trust B, which each case study names), a convener
//! (acting for no organisation) and a platform administrator. Answers as in the main
//! matrix. No row changes anything except the last, which removes a spare picture: every
//! other write is sent empty, out of order or with no version.

use super::authorisation_matrix::{ask, check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, TRUST_A, TRUST_B};
use convene_acceptance::pictures::TINY_PNG;
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::evidence::case_studies::{
    check_image, CaseStudyDraft, CaseStudyForm, CaseStudyId, Consent, Step,
};
use convene_domain::Date;
use convene_store::Store;

pub(crate) const ACTORS: [&str; 7] = [
    "anonymous",
    "unverified",
    "outsider",
    "author",
    "named",
    "convener",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{draft}` is trust A's draft
/// naming trust B, `{submitted}` one sent for approval, `{published}` one approved and
/// consented to; `{draft_image}` and `{published_image}` are their pictures and
/// `{spare_image}` a second picture on the draft.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/network/organisations/{org}", "/network/organisations/trust-17101", "AAAAAAA"),
    ("GET", "/network/organisations/{org}", "/network/organisations/trust-1", "NNNNNNN"),
    ("GET", "/case-studies", "/case-studies", "AAAAAAA"),
    ("GET", "/case-studies", "/case-studies?like=136730&area=send-inclusion", "AAAAAAA"),
    ("GET", "/case-studies.csv", "/case-studies.csv", "AAAAAAA"),
    ("GET", "/case-studies/new", "/case-studies/new", "SVAAAAA"),
    ("GET", "/case-studies/new", "/case-studies/new?owner=trust-17101&from=collaboration-999999", "SVANNAA"),
    ("POST", "/case-studies", "/case-studies", "SVAAAAA"),
    ("GET", "/case-studies/{id}", "/case-studies/{draft}", "NNNAANN"),
    ("GET", "/case-studies/{id}", "/case-studies/{submitted}", "NNNAAAN"),
    ("GET", "/case-studies/{id}", "/case-studies/{published}", "AAAAAAA"),
    ("GET", "/case-studies/{id}", "/case-studies/999999", "NNNNNNN"),
    ("GET", "/case-studies/{id}/edit", "/case-studies/{draft}/edit", "SVNAFNN"),
    ("GET", "/case-studies/{id}/edit", "/case-studies/{published}/edit", "SVFAFFF"),
    ("POST", "/case-studies/{id}/edit", "/case-studies/{draft}/edit", "SVNAFNN"),
    ("POST", "/case-studies/{id}/edit", "/case-studies/{published}/edit", "SVFAFFF"),
    ("POST", "/case-studies/{id}/submit", "/case-studies/{draft}/submit", "SVNAFNN"),
    ("POST", "/case-studies/{id}/withdraw", "/case-studies/{published}/withdraw", "SVFAFFF"),
    ("POST", "/case-studies/{id}/approve", "/case-studies/{submitted}/approve", "SVNFFAN"),
    ("POST", "/case-studies/{id}/approve", "/case-studies/{draft}/approve", "SVNFFNN"),
    ("POST", "/case-studies/{id}/return", "/case-studies/{submitted}/return", "SVNFFAN"),
    ("POST", "/case-studies/{id}/consent", "/case-studies/{draft}/consent", "SVNFANN"),
    ("POST", "/case-studies/{id}/consent", "/case-studies/{published}/consent", "SVFFAFF"),
    ("POST", "/case-studies/{id}/images", "/case-studies/{draft}/images", "SVNAFNN"),
    ("POST", "/case-studies/{id}/images", "/case-studies/{published}/images", "SVFAFFF"),
    ("GET", "/case-studies/{id}/images/{image}", "/case-studies/{draft}/images/{draft_image}", "NNNAANN"),
    ("GET", "/case-studies/{id}/images/{image}", "/case-studies/{published}/images/{published_image}", "AAAAAAA"),
    ("GET", "/case-studies/{id}/images/{image}", "/case-studies/{published}/images/{draft_image}", "NNNNNNN"),
    ("GET", "/api/v1/case-studies", "/api/v1/case-studies", "AAAAAAA"),
    ("GET", "/api/v1/case-studies", "/api/v1/case-studies?unpublished=true", "AAAAAAA"),
    ("POST", "/api/v1/case-studies", "/api/v1/case-studies", "SVAAAAA"),
    ("GET", "/api/v1/case-studies/{id}", "/api/v1/case-studies/{draft}", "NNNAANN"),
    ("GET", "/api/v1/case-studies/{id}", "/api/v1/case-studies/{submitted}", "NNNAAAN"),
    ("GET", "/api/v1/case-studies/{id}", "/api/v1/case-studies/{published}", "AAAAAAA"),
    ("POST", "/api/v1/case-studies/{id}/revise", "/api/v1/case-studies/{draft}/revise", "SVNAFNN"),
    ("POST", "/api/v1/case-studies/{id}/revise", "/api/v1/case-studies/{published}/revise", "SVFAFFF"),
    ("POST", "/api/v1/case-studies/{id}/submit", "/api/v1/case-studies/{draft}/submit", "SVNAFNN"),
    ("POST", "/api/v1/case-studies/{id}/withdraw", "/api/v1/case-studies/{published}/withdraw", "SVFAFFF"),
    ("POST", "/api/v1/case-studies/{id}/approve", "/api/v1/case-studies/{submitted}/approve", "SVNFFAN"),
    ("POST", "/api/v1/case-studies/{id}/return", "/api/v1/case-studies/{submitted}/return", "SVNFFAN"),
    ("POST", "/api/v1/case-studies/{id}/consent", "/api/v1/case-studies/{draft}/consent", "SVNFANN"),
    ("POST", "/api/v1/case-studies/{id}/images", "/api/v1/case-studies/{draft}/images", "SVNAFNN"),
    ("POST", "/api/v1/case-studies/{id}/images", "/api/v1/case-studies/{published}/images", "SVFAFFF"),
    ("POST", "/case-studies/{id}/images/{image}/remove", "/case-studies/{draft}/images/{spare_image}/remove", "SVNAFNN"),
];

/// The people (in [`ACTORS`] order) and the records the matrix asks about.
pub(crate) struct Fixture {
    pub(crate) people: Vec<Option<PersonId>>,
    pub(crate) draft: i64,
    pub(crate) submitted: i64,
    pub(crate) published: i64,
    pub(crate) draft_image: i64,
    pub(crate) spare_image: i64,
    pub(crate) published_image: i64,
}

/// Words written only into unpublished case studies (the draft's, then the submitted
/// one's): no one outside them may be sent them.
pub(crate) const SECRETS: [&str; 2] = ["SECRET-DRAFT", "SECRET-SUBMITTED"];

fn form(title: &str) -> CaseStudyForm {
    CaseStudyForm {
        owner: TRUST_A.key(),
        title: title.into(),
        summary: format!("{title}: two trusts improved attendance together"),
        area: "attendance".into(),
        form: "peer-review".into(),
        challenge: "Persistent absence had doubled since 2019".into(),
        what_was_done: "Attendance leads met every fortnight and shared their scripts".into(),
        who: "The attendance leads of both trusts".into(),
        what_changed: "Persistent absence fell by a third".into(),
        lessons: "Start with the families, not the figures".into(),
        contacts: "Attendance lead, attendance@example.org".into(),
        started: "2024-09-01".into(),
        organisations: vec![TRUST_B.key()],
        ..CaseStudyForm::default()
    }
}

/// Trust A's three case studies naming trust B (a draft with two pictures, one sent for
/// approval, one approved by the convener and consented to by trust B with a picture).
pub(crate) async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let author = person(store, "author@example.org", true, &[]).await;
    let named = person(store, "named@example.org", true, &[]).await;
    let convener = person(
        store,
        "convener@example.org",
        true,
        &[PlatformRole::Convener],
    )
    .await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(author, TRUST_A), (named, TRUST_B)] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let viewer = |id| async move { store.viewer(id).await.unwrap().unwrap() };
    let (as_author, as_named, as_convener) = (
        viewer(author).await,
        viewer(named).await,
        viewer(convener).await,
    );
    let today = Date::new(2026, 12, 4).unwrap();
    let create = |title: &'static str| async move {
        store
            .create_case_study(author, &CaseStudyDraft::check(&form(title)).unwrap())
            .await
            .unwrap()
    };
    let picture = check_image(&TINY_PNG, "Two attendance leads at a table").unwrap();
    let draft = create("SECRET-DRAFT").await;
    let draft_image = store
        .add_case_study_image(&as_author, draft, &picture, &TINY_PNG)
        .await
        .unwrap();
    let spare_image = store
        .add_case_study_image(&as_author, draft, &picture, &TINY_PNG)
        .await
        .unwrap();
    let step = |who, id: CaseStudyId, step: Step| {
        let store = store.clone();
        async move {
            let version = version_of(&store, &who, id).await;
            store
                .case_study_step(&who, id, version, &step, "", today)
                .await
                .unwrap();
        }
    };
    let submitted = create("SECRET-SUBMITTED").await;
    step(as_author.clone(), submitted, Step::Submit).await;
    let published = create("Attendance together").await;
    let published_image = store
        .add_case_study_image(&as_author, published, &picture, &TINY_PNG)
        .await
        .unwrap();
    step(as_author.clone(), published, Step::Submit).await;
    step(as_convener, published, Step::Approve).await;
    step(
        as_named,
        published,
        Step::Answer {
            org: TRUST_B,
            consent: Consent::Given,
        },
    )
    .await;
    Fixture {
        people: vec![
            None,
            Some(unverified),
            Some(outsider),
            Some(author),
            Some(named),
            Some(convener),
            Some(platform),
        ],
        draft: draft.0,
        submitted: submitted.0,
        published: published.0,
        draft_image,
        spare_image,
        published_image,
    }
}

async fn version_of(store: &Store, who: &convene_domain::access::Viewer, id: CaseStudyId) -> i64 {
    let reader =
        convene_store::CaseStudyReader::of(&convene_domain::access::Actor::Person(who.clone()));
    store
        .case_study(&reader, id)
        .await
        .unwrap()
        .unwrap()
        .version
}

/// `example` with the fixture's numbers in place of its placeholders.
pub(crate) fn address(example: &str, fixture: &Fixture) -> String {
    example
        .replace("{draft_image}", &fixture.draft_image.to_string())
        .replace("{spare_image}", &fixture.spare_image.to_string())
        .replace("{published_image}", &fixture.published_image.to_string())
        .replace("{draft}", &fixture.draft.to_string())
        .replace("{submitted}", &fixture.submitted.to_string())
        .replace("{published}", &fixture.published.to_string())
}

#[tokio::test]
async fn every_case_study_route_answers_every_kind_of_person_as_the_table_says() {
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

/// Every list, search, export and feed of case studies, asked by everyone: an unpublished
/// case study's words reach only its own organisation, the organisations it names and
/// (once sent for approval) the conveners; never the public, an outsider or a platform
/// administrator. The published one reaches everyone; asking for unpublished ones gives only those.
#[tokio::test]
async fn unpublished_case_studies_never_reach_anyone_outside_them() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let places = [
            "/case-studies",
            "/case-studies?q=SECRET",
            "/case-studies?like=trust-900001",
            "/case-studies.csv",
            "/case-studies.csv?q=SECRET",
            "/api/v1/case-studies",
            "/api/v1/case-studies?unpublished=true",
            "/api/v1/case-studies?q=SECRET&unpublished=true",
            "/search?q=SECRET",
            "/trusts/17101",
            "/trusts/900001",
            "/network/organisations/trust-17101",
            "/api/v1/network",
        ];
        for (i, person) in fixture.people.iter().enumerate() {
            let who = ACTORS[i];
            for place in places {
                let reply = ask(&store, &server, *person, "GET", place).await;
                assert_eq!(reply.status, 200, "{who} {place}: {}", reply.body);
                let sees_draft = matches!(who, "author" | "named");
                let sees_submitted = sees_draft || who == "convener";
                for (secret, sees) in SECRETS.into_iter().zip([sees_draft, sees_submitted]) {
                    if !sees {
                        assert!(
                            !reply.body.contains(secret),
                            "{who} was sent {secret} at {place}"
                        );
                    }
                }
            }
            for place in ["/case-studies", "/case-studies.csv", "/api/v1/case-studies"] {
                let reply = ask(&store, &server, *person, "GET", place).await;
                assert!(
                    reply.body.contains("Attendance together"),
                    "{who} cannot find the published case study at {place}"
                );
            }
            let mine = ask(
                &store,
                &server,
                *person,
                "GET",
                "/api/v1/case-studies?unpublished=true",
            )
            .await;
            let titles: Vec<String> = mine
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["draft"]["title"].as_str().unwrap_or_default().to_string())
                .collect();
            let expected = match who {
                "author" | "named" => 2,
                "convener" => 1,
                _ => 0,
            };
            assert_eq!(titles.len(), expected, "{who}: {titles:?}");
        }
    }
}
