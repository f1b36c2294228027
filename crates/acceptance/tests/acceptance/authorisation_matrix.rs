//! The authorisation matrix: every route in the route table, asked by every kind of person,
//! against one table of expected answers. A route added without a row here fails the test,
//! as does a row for a route that no longer exists. Records are asked for at every
//! visibility level.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, member of trust A,
//! administrator of trust A, administrator of trust B, convener, platform administrator.
//! Answers: `A` allowed (the handler ran), `S` sign in first (a redirect to sign in, or 401
//! from the API), `V` confirm email first, `F` forbidden, `N` not found (a record the person
//! may not see is answered like one that does not exist). A server error is `E`, which no
//! row expects.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{create_person, two_trusts, PASSWORD, SCHOOL_A, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::{Reply, WebClient};
use convene_domain::access::{PlatformRole, Visibility};
use convene_domain::account::{Email, PersonId};
use convene_domain::brokerage::{HelpForm, ImprovementArea, NeedDraft, NeedId, OfferDraft, Reach};
use convene_domain::note::NoteDraft;
use convene_domain::party::{PartnerDetails, PartnerKind};
use convene_domain::Date;
use convene_store::{IntroductionRequest, NewAccount, NewSession, Store};
use std::collections::BTreeSet;

const ACTORS: [&str; 7] = [
    "anonymous",
    "unverified",
    "member of A",
    "admin of A",
    "admin of B",
    "convener",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{public}`, `{members}`,
/// `{shared}`, `{private}` are notes at each level by someone not in the matrix, shared
/// with trust A; `{author}` is that person. `{need}` is a need of trust A's confidential to
/// it, `{public_need}` a public one, both posted by the author; `{offer}` is trust A's
/// offer confidential to it; `{introduction}` asks trust B about the public need (still
/// waiting for a reply), and `{collaboration}` is trust B helping with the confidential
/// need.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/", "/", "AAAAAAA"),
    ("GET", "/search", "/search?q=shenley", "AAAAAAA"),
    ("GET", "/search.csv", "/search.csv", "AAAAAAA"),
    ("GET", "/trusts", "/trusts", "AAAAAAA"),
    ("GET", "/trusts.csv", "/trusts.csv", "AAAAAAA"),
    ("GET", "/schools/{urn}", "/schools/136730", "AAAAAAA"),
    ("GET", "/trusts/{uid}", "/trusts/17101", "AAAAAAA"),
    ("GET", "/trusts/{uid}/schools.csv", "/trusts/17101/schools.csv", "AAAAAAA"),
    ("GET", "/local-authorities", "/local-authorities", "AAAAAAA"),
    ("GET", "/local-authorities/{code}", "/local-authorities/826", "NNNNNNN"),
    ("GET", "/local-authorities/{code}/schools.csv", "/local-authorities/826/schools.csv", "NNNNNNN"),
    ("GET", "/regions", "/regions", "AAAAAAA"),
    ("GET", "/network", "/network", "AAAAAAA"),
    ("GET", "/network", "/network?kind=nonsense", "AAAAAAA"),
    ("GET", "/network.csv", "/network.csv", "AAAAAAA"),
    ("GET", "/network.graphml", "/network.graphml?region=north-east", "AAAAAAA"),
    ("GET", "/network/isolated", "/network/isolated?region=south-east", "AAAAAAA"),
    ("GET", "/network/isolated.csv", "/network/isolated.csv", "AAAAAAA"),
    ("GET", "/api/v1/network", "/api/v1/network?from=2025-01-01", "AAAAAAA"),
    ("GET", "/regions/{slug}", "/regions/south-east", "AAAAAAA"),
    ("GET", "/regions/{slug}/schools.csv", "/regions/south-east/schools.csv", "AAAAAAA"),
    ("GET", "/data", "/data", "AAAAAAA"),
    ("GET", "/api", "/api", "AAAAAAA"),
    ("GET", "/assets/{*path}", "/assets/convene.css", "AAAAAAA"),
    ("GET", "/healthz", "/healthz", "AAAAAAA"),
    ("GET", "/sign-up", "/sign-up", "AAAAAAA"),
    ("POST", "/sign-up", "/sign-up", "AAAAAAA"),
    ("GET", "/sign-in", "/sign-in", "AAAAAAA"),
    ("POST", "/sign-in", "/sign-in", "AAAAAAA"),
    ("POST", "/sign-out", "/sign-out", "SAAAAAA"),
    ("GET", "/verify-email", "/verify-email?token=x", "AAAAAAA"),
    ("POST", "/verify-email", "/verify-email", "AAAAAAA"),
    ("POST", "/verify-email/resend", "/verify-email/resend", "SAAAAAA"),
    ("GET", "/forgot-password", "/forgot-password", "AAAAAAA"),
    ("POST", "/forgot-password", "/forgot-password", "AAAAAAA"),
    ("GET", "/reset-password", "/reset-password?token=x", "AAAAAAA"),
    ("POST", "/reset-password", "/reset-password", "AAAAAAA"),
    ("GET", "/account", "/account", "SAAAAAA"),
    ("GET", "/account/profile", "/account/profile", "SAAAAAA"),
    ("POST", "/account/profile", "/account/profile", "SAAAAAA"),
    ("GET", "/account/export", "/account/export", "SAAAAAA"),
    ("GET", "/account/delete", "/account/delete", "SAAAAAA"),
    ("POST", "/account/delete", "/account/delete", "SAAAAAA"),
    ("GET", "/account/api-tokens", "/account/api-tokens", "SAAAAAA"),
    ("POST", "/account/api-tokens", "/account/api-tokens", "SVAAAAA"),
    ("POST", "/account/api-tokens/{id}/revoke", "/account/api-tokens/999999/revoke", "SNNNNNN"),
    ("GET", "/people", "/people", "SVAAAAA"),
    ("GET", "/people/{id}", "/people/{author}", "NAAAAAA"),
    ("GET", "/partners", "/partners", "AAAAAAA"),
    ("GET", "/partners/new", "/partners/new", "SVAAAAA"),
    ("POST", "/partners", "/partners", "SVAAAAA"),
    ("GET", "/partners/{id}", "/partners/{partner}", "AAAAAAA"),
    ("GET", "/organisations/{org}", "/organisations/trust-17101", "AAAAAAA"),
    ("POST", "/organisations/{org}/claim", "/organisations/trust-17101/claim", "SVAAAAA"),
    ("GET", "/organisations/{org}/members", "/organisations/trust-17101/members", "SVAAFAA"),
    ("POST", "/organisations/{org}/members/{membership}/approve", "/organisations/trust-17101/members/999999/approve", "SVFAFFF"),
    ("POST", "/organisations/{org}/members/{membership}/approve", "/organisations/school-136730/members/999999/approve", "SVFFFFA"),
    ("POST", "/organisations/{org}/members/{membership}/reject", "/organisations/trust-17101/members/999999/reject", "SVFAFFF"),
    ("POST", "/organisations/{org}/members/{membership}/role", "/organisations/trust-17101/members/999999/role", "SVFAFFF"),
    ("GET", "/organisations/{org}/audit", "/organisations/trust-17101/audit", "SVFAFFF"),
    ("GET", "/organisations/{org}/audit", "/organisations/trust-900001/audit", "SVFFAFF"),
    ("GET", "/notes", "/notes", "AAAAAAA"),
    ("GET", "/notes.csv", "/notes.csv", "AAAAAAA"),
    ("GET", "/notes/new", "/notes/new", "SVAAAAA"),
    ("POST", "/notes", "/notes", "SVAAAAA"),
    ("GET", "/notes/{id}", "/notes/{public}", "AAAAAAA"),
    ("GET", "/notes/{id}", "/notes/{members}", "NAAAAAA"),
    ("GET", "/notes/{id}", "/notes/{shared}", "NNAANNN"),
    ("GET", "/notes/{id}", "/notes/{private}", "NNNNNNN"),
    ("GET", "/notes/{id}/edit", "/notes/{members}/edit", "SVFFFFF"),
    ("GET", "/notes/{id}/edit", "/notes/{private}/edit", "SVNNNNN"),
    ("POST", "/notes/{id}/edit", "/notes/{shared}/edit", "SVFFNNN"),
    ("POST", "/notes/{id}/delete", "/notes/{members}/delete", "SVFFFFF"),
    ("POST", "/notes/{id}/delete", "/notes/{private}/delete", "SVNNNNN"),
    ("GET", "/admin", "/admin", "SVFFFFA"),
    ("GET", "/admin/outbox", "/admin/outbox", "SVFFFFA"),
    ("GET", "/admin/outbox/{id}", "/admin/outbox/1", "SVFFFFA"),
    ("GET", "/admin/people", "/admin/people", "SVFFFFA"),
    ("POST", "/admin/people/{id}/roles", "/admin/people/{author}/roles", "SVFFFFA"),
    ("GET", "/admin/audit", "/admin/audit", "SVFFFFA"),
    ("GET", "/admin/imports", "/admin/imports", "SVFFFFA"),
    ("GET", "/api/v1/schools", "/api/v1/schools", "AAAAAAA"),
    ("GET", "/api/v1/schools.csv", "/api/v1/schools.csv", "AAAAAAA"),
    ("GET", "/api/v1/schools/{urn}", "/api/v1/schools/136730", "AAAAAAA"),
    ("GET", "/api/v1/trusts", "/api/v1/trusts", "AAAAAAA"),
    ("GET", "/api/v1/trusts.csv", "/api/v1/trusts.csv", "AAAAAAA"),
    ("GET", "/api/v1/trusts/{uid}", "/api/v1/trusts/17101", "AAAAAAA"),
    ("GET", "/api/v1/local-authorities", "/api/v1/local-authorities", "AAAAAAA"),
    ("GET", "/api/v1/local-authorities/{code}", "/api/v1/local-authorities/826", "NNNNNNN"),
    ("GET", "/api/v1/regions", "/api/v1/regions", "AAAAAAA"),
    ("GET", "/api/v1/regions/{slug}", "/api/v1/regions/south-east", "AAAAAAA"),
    ("GET", "/api/v1/sources", "/api/v1/sources", "AAAAAAA"),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", "AAAAAAA"),
    ("GET", "/api/v1/me", "/api/v1/me", "SAAAAAA"),
    ("GET", "/api/v1/notes", "/api/v1/notes", "AAAAAAA"),
    ("POST", "/api/v1/notes", "/api/v1/notes", "SVAAAAA"),
    ("GET", "/api/v1/notes/{id}", "/api/v1/notes/{public}", "AAAAAAA"),
    ("GET", "/api/v1/notes/{id}", "/api/v1/notes/{members}", "NAAAAAA"),
    ("GET", "/api/v1/notes/{id}", "/api/v1/notes/{shared}", "NNAANNN"),
    ("GET", "/api/v1/notes/{id}", "/api/v1/notes/{private}", "NNNNNNN"),
    ("GET", "/trusts/{uid}/profile.csv", "/trusts/17101/profile.csv", "AAAAAAA"),
    ("GET", "/trusts/compare", "/trusts/compare?uid=17101&uid=900001", "AAAAAAA"),
    ("GET", "/schools/{urn}/family", "/schools/136730/family", "AAAAAAA"),
    ("GET", "/schools/{urn}/impact", "/schools/136730/impact", "AAAAAAA"),
    ("GET", "/about/families", "/about/families", "AAAAAAA"),
    ("GET", "/about/similarity", "/about/similarity", "AAAAAAA"),
    ("GET", "/api/v1/trusts/{uid}/profile", "/api/v1/trusts/17101/profile", "AAAAAAA"),
    ("GET", "/api/v1/schools/{urn}/family", "/api/v1/schools/136730/family", "AAAAAAA"),
    ("GET", "/api/v1/schools/{urn}/impact", "/api/v1/schools/136730/impact", "AAAAAAA"),
    ("GET", "/needs", "/needs", "AAAAAAA"),
    ("GET", "/needs/new", "/needs/new", "SVAAAAA"),
    ("POST", "/needs", "/needs", "SVAAAAA"),
    ("GET", "/needs/{id}", "/needs/{need_public}", "AAAAAAA"),
    ("GET", "/needs/{id}", "/needs/{need_members}", "NAAAAAA"),
    ("GET", "/needs/{id}", "/needs/{need_shared}", "NNAANNN"),
    ("GET", "/needs/{id}", "/needs/{need_private}", "NNNNNNN"),
    ("POST", "/needs/{id}/close", "/needs/{need_shared}/close", "SVAANNN"),
    ("POST", "/needs/{id}/close", "/needs/{need_public}/close", "SVAAFFF"),
    ("GET", "/needs/{id}/candidates", "/needs/{need_shared}/candidates", "SVAANNN"),
    ("GET", "/needs/{id}/candidates", "/needs/{need_public}/candidates", "SVAAFFF"),
    ("GET", "/needs/{id}/candidates", "/needs/{need_private}/candidates", "SVNNNNN"),
    ("POST", "/needs/{id}/introductions", "/needs/{need_shared}/introductions", "SVAANNN"),
    ("GET", "/offers", "/offers", "AAAAAAA"),
    ("GET", "/offers/new", "/offers/new", "SVAAAAA"),
    ("POST", "/offers", "/offers", "SVAAAAA"),
    ("GET", "/offers/{id}", "/offers/{offer}", "AAAAAAA"),
    ("GET", "/offers/{id}", "/offers/{offer_shared}", "NNAANNN"),
    ("POST", "/offers/{id}/status", "/offers/{offer_shared}/status", "SVAANNN"),
    ("POST", "/offers/{id}/status", "/offers/{offer}/status", "SVFFAFF"),
    ("GET", "/offers/{id}/who-might-need", "/offers/{offer}/who-might-need", "SVFFAFF"),
    ("GET", "/introductions/{id}", "/introductions/{introduction}", "SVAAANN"),
    ("POST", "/introductions/{id}/accept", "/introductions/{introduction}/accept", "SVFFANN"),
    ("POST", "/introductions/{id}/decline", "/introductions/{introduction}/decline", "SVFFANN"),
    ("GET", "/collaborations/{id}", "/collaborations/{collaboration}", "NNAAANN"),
    ("GET", "/collaborations/{id}/impact", "/collaborations/{collaboration}/impact", "NNAAANN"),
    ("POST", "/collaborations/{id}/end", "/collaborations/{collaboration}/end", "SVAAANN"),
    ("POST", "/collaborations/{id}/feedback", "/collaborations/{collaboration}/feedback", "SVAAANN"),
    ("GET", "/organisations/{org}/brokerage", "/organisations/trust-17101/brokerage", "SVAAFAA"),
    ("GET", "/notices", "/notices", "SAAAAAA"),
    ("GET", "/brokerage/figures", "/brokerage/figures", "SVFFFAA"),
    ("GET", "/about/brokerage", "/about/brokerage", "AAAAAAA"),
    ("GET", "/api/v1/needs", "/api/v1/needs", "AAAAAAA"),
    ("POST", "/api/v1/needs", "/api/v1/needs", "SVAAAAA"),
    ("GET", "/api/v1/needs/{id}", "/api/v1/needs/{need_public}", "AAAAAAA"),
    ("GET", "/api/v1/needs/{id}", "/api/v1/needs/{need_shared}", "NNAANNN"),
    ("GET", "/api/v1/needs/{id}/candidates", "/api/v1/needs/{need_shared}/candidates", "SVAANNN"),
    ("GET", "/api/v1/needs/{id}/candidates", "/api/v1/needs/{need_public}/candidates", "SVAAFFF"),
    ("GET", "/api/v1/needs/{id}/candidates.csv", "/api/v1/needs/{need_shared}/candidates.csv", "SVAANNN"),
    ("GET", "/api/v1/needs/{id}/candidates.csv", "/api/v1/needs/{need_public}/candidates.csv", "SVAAFFF"),
    ("GET", "/api/v1/needs/{id}/candidates/{org}", "/api/v1/needs/{need_shared}/candidates/trust-900001", "SVAANNN"),
    ("GET", "/api/v1/needs/{id}/candidates/{org}", "/api/v1/needs/{need_public}/candidates/trust-900001", "SVAAFFF"),
    ("POST", "/api/v1/needs/{id}/introductions", "/api/v1/needs/{need_shared}/introductions", "SVAANNN"),
    ("POST", "/api/v1/needs/{id}/introductions", "/api/v1/needs/{need_public}/introductions", "SVAAFFF"),
    ("GET", "/api/v1/offers", "/api/v1/offers", "AAAAAAA"),
    ("POST", "/api/v1/offers", "/api/v1/offers", "SVAAAAA"),
    ("GET", "/api/v1/offers/{id}", "/api/v1/offers/{offer}", "AAAAAAA"),
    ("GET", "/api/v1/offers/{id}", "/api/v1/offers/{offer_shared}", "NNAANNN"),
    ("POST", "/api/v1/offers/{id}/status", "/api/v1/offers/{offer_shared}/status", "SVAANNN"),
    ("POST", "/api/v1/offers/{id}/status", "/api/v1/offers/{offer}/status", "SVFFAFF"),
    ("GET", "/api/v1/introductions/{id}", "/api/v1/introductions/{introduction}", "SVAAANN"),
    ("POST", "/api/v1/introductions/{id}/accept", "/api/v1/introductions/{introduction}/accept", "SVFFANN"),
    ("POST", "/api/v1/introductions/{id}/decline", "/api/v1/introductions/{introduction}/decline", "SVFFANN"),
    ("GET", "/api/v1/collaborations", "/api/v1/collaborations", "AAAAAAA"),
    ("GET", "/api/v1/collaborations/{id}", "/api/v1/collaborations/{collaboration}", "NNAAANN"),
    ("GET", "/api/v1/collaborations/{id}/impact", "/api/v1/collaborations/{collaboration}/impact", "NNAAANN"),
];

#[test]
fn every_route_has_a_row_and_every_row_a_route() {
    let table = convene_web::route_table();
    let rows = || {
        MATRIX
            .iter()
            .chain(super::authorisation_matrix_partnerships::MATRIX)
            .chain(super::authorisation_matrix_peer_review::MATRIX)
            .chain(super::authorisation_matrix_placements::MATRIX)
            .chain(super::authorisation_matrix_case_studies::MATRIX)
            .chain(super::authorisation_matrix_recognition::MATRIX)
            .chain(super::authorisation_matrix_policy_voice::MATRIX)
            .chain(super::authorisation_matrix_behaviours::MATRIX)
    };
    for spec in &table {
        assert!(
            rows().any(|(m, p, _, _)| *m == spec.method.as_str() && *p == spec.path),
            "{} {} has no row in the authorisation matrix",
            spec.method,
            spec.path
        );
    }
    for (method, path, _, _) in rows() {
        assert!(
            table
                .iter()
                .any(|s| s.method.as_str() == *method && s.path == *path),
            "{method} {path} is in the matrix but is not a route"
        );
    }
}

struct Fixture {
    people: Vec<Option<PersonId>>,
    author: PersonId,
    partner: i64,
    notes: [i64; 4],
    needs: [i64; 4],
    offer: i64,
    offer_shared: i64,
    introduction: i64,
    collaboration: i64,
}

pub(crate) async fn person(
    store: &Store,
    email: &str,
    verified: bool,
    roles: &[PlatformRole],
) -> PersonId {
    if verified {
        return create_person(store, email, email, roles).await;
    }
    let account = NewAccount {
        email: Email::parse(email).unwrap(),
        password_hash: convene_credentials::hash_password(PASSWORD).unwrap(),
        name: email.to_string(),
        verified: false,
        platform_roles: BTreeSet::new(),
    };
    store.create_account(&account, None, None).await.unwrap()
}

async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let member_a = person(store, "member-a@example.org", true, &[]).await;
    let admin_a = person(store, "admin-a@example.org", true, &[]).await;
    let admin_b = person(store, "admin-b@example.org", true, &[]).await;
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
    let author = person(store, "author@example.org", true, &[]).await;
    for (who, org, by) in [
        (admin_a, TRUST_A, platform),
        (admin_b, TRUST_B, platform),
        (member_a, TRUST_A, admin_a),
        (author, TRUST_A, admin_a),
    ] {
        let id = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(by, org, id, true, "/account", None)
            .await
            .unwrap();
    }
    let partner = store
        .create_partner(
            &PartnerDetails {
                name: "Test Partner".into(),
                kind: PartnerKind::Charity,
                locality: "Milton Keynes".into(),
                website: None,
            },
            author,
            None,
        )
        .await
        .unwrap();
    let mut notes = [0; 4];
    let levels = [
        Visibility::Public,
        Visibility::Members,
        Visibility::Organisations([TRUST_A].into()),
        Visibility::Private,
    ];
    for (i, visibility) in levels.into_iter().enumerate() {
        let draft = NoteDraft {
            title: format!("Note {i}"),
            body: "text".into(),
            about: Some(SCHOOL_A),
            visibility,
        };
        notes[i] = store.create_note(author, &draft).await.unwrap().0;
    }
    let mut needs = [0; 4];
    let levels = [
        Visibility::Public,
        Visibility::Members,
        Visibility::Organisations([TRUST_A].into()),
        Visibility::Private,
    ];
    for (i, visibility) in levels.into_iter().enumerate() {
        let draft = NeedDraft {
            owner: TRUST_A,
            area: ImprovementArea::Ks4Outcomes,
            form: HelpForm::PeerReview,
            role: None,
            description: format!("Need {i}"),
            from: Date::new(2027, 1, 4).unwrap(),
            to: Date::new(2027, 7, 16).unwrap(),
            days: 6,
            reach: Reach::Anywhere,
            schools: Vec::new(),
            visibility,
        };
        needs[i] = store.create_need(author, &draft).await.unwrap().0;
    }
    let offer = store
        .create_offer(
            admin_b,
            &OfferDraft {
                owner: TRUST_B,
                area: ImprovementArea::Ks4Outcomes,
                form: HelpForm::PeerReview,
                role: None,
                description: "We can help".into(),
                from: Date::new(2026, 9, 1).unwrap(),
                to: Date::new(2027, 8, 31).unwrap(),
                days_per_term: 10,
                reach: Reach::Anywhere,
                visibility: Visibility::Public,
            },
        )
        .await
        .unwrap();
    let offer_shared = store
        .create_offer(
            author,
            &OfferDraft {
                owner: TRUST_A,
                area: ImprovementArea::Governance,
                form: HelpForm::Coaching,
                role: None,
                description: "Confidential offer".into(),
                from: Date::new(2026, 9, 1).unwrap(),
                to: Date::new(2027, 8, 31).unwrap(),
                days_per_term: 4,
                reach: Reach::Anywhere,
                visibility: Visibility::Organisations([TRUST_A].into()),
            },
        )
        .await
        .unwrap();
    let introduction = store
        .request_introduction(&IntroductionRequest {
            need: NeedId(needs[2]),
            candidate: TRUST_B,
            requested_by: author,
            message: String::new(),
            reasons: "Ranked 1".into(),
            public_url: "http://convene.test".into(),
        })
        .await
        .unwrap();
    let collaboration = store
        .accept_introduction(introduction, admin_b, "http://convene.test")
        .await
        .unwrap();
    Fixture {
        needs,
        offer: offer.0,
        offer_shared: offer_shared.0,
        introduction: introduction.0,
        collaboration: collaboration.0,
        people: vec![
            None,
            Some(unverified),
            Some(member_a),
            Some(admin_a),
            Some(admin_b),
            Some(convener),
            Some(platform),
        ],
        author,
        partner: partner.0,
        notes,
    }
}

pub(crate) fn classify(reply: &Reply) -> char {
    match reply.status {
        401 => 'S',
        303 if reply
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/sign-in")) =>
        {
            'S'
        }
        403 if reply.body.contains("Confirm your email address first") => 'V',
        403 => 'F',
        404 => 'N',
        // A server error is never an expected answer, so it can never pass for "allowed".
        500.. => 'E',
        _ => 'A',
    }
}

#[tokio::test]
async fn every_route_answers_every_kind_of_person_as_the_table_says() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let backend = format!("{:?}", db.backend);
        let mut failures = Vec::new();
        for (method, path, example, expected) in MATRIX {
            let address = example
                .replace("{public}", &fixture.notes[0].to_string())
                .replace("{members}", &fixture.notes[1].to_string())
                .replace("{shared}", &fixture.notes[2].to_string())
                .replace("{private}", &fixture.notes[3].to_string())
                .replace("{author}", &fixture.author.0.to_string())
                .replace("{partner}", &fixture.partner.to_string())
                .replace("{need_public}", &fixture.needs[0].to_string())
                .replace("{need_members}", &fixture.needs[1].to_string())
                .replace("{need_shared}", &fixture.needs[2].to_string())
                .replace("{need_private}", &fixture.needs[3].to_string())
                .replace("{offer_shared}", &fixture.offer_shared.to_string())
                .replace("{offer}", &fixture.offer.to_string())
                .replace("{introduction}", &fixture.introduction.to_string())
                .replace("{collaboration}", &fixture.collaboration.to_string());
            let row = Row {
                method,
                label: path,
                address: &address,
                expected,
            };
            check_row(
                &store,
                &server,
                &fixture.people,
                &ACTORS,
                &backend,
                row,
                &mut failures,
            )
            .await;
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// One matrix row to ask: the method, how to name it in a failure, the address with its
/// placeholders filled in, and one expected answer per actor.
pub(crate) struct Row<'a> {
    pub(crate) method: &'a str,
    pub(crate) label: &'a str,
    pub(crate) address: &'a str,
    pub(crate) expected: &'a str,
}

/// Asks every row of `matrix` as every person, with `address` filling in an example
/// address's placeholders, and returns every answer that is not the one expected, so
/// each capability's matrix is asked the same way.
pub(crate) async fn check_rows(
    store: &Store,
    server: &TestServer,
    people: &[Option<PersonId>],
    actors: &[&str],
    backend: &str,
    matrix: &[(&str, &str, &str, &str)],
    address: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut failures = Vec::new();
    for (method, _path, example, expected) in matrix {
        let address = address(example);
        let row = Row {
            method,
            label: example,
            address: &address,
            expected,
        };
        check_row(store, server, people, actors, backend, row, &mut failures).await;
    }
    failures
}

/// Asks `row` as every person in turn (column order) and records each answer that is not
/// the one expected, so every matrix reports its failures the same way.
pub(crate) async fn check_row(
    store: &Store,
    server: &TestServer,
    people: &[Option<PersonId>],
    actors: &[&str],
    backend: &str,
    row: Row<'_>,
    failures: &mut Vec<String>,
) {
    for (i, person) in people.iter().enumerate() {
        let reply = ask(store, server, *person, row.method, row.address).await;
        let got = classify(&reply);
        let want = row.expected.chars().nth(i).unwrap();
        if got != want {
            failures.push(format!(
                "{backend}: {} {} as {}: expected {want}, got {got} ({} {})",
                row.method,
                row.label,
                actors[i],
                reply.status,
                reply.body.chars().take(160).collect::<String>()
            ));
        }
    }
}

/// Makes one request as `person`: pages with a fresh session (and its CSRF token), the
/// API with an API token.
pub(crate) async fn ask(
    store: &Store,
    server: &TestServer,
    person: Option<PersonId>,
    method: &str,
    address: &str,
) -> Reply {
    let client = WebClient::new(server);
    let api = address.starts_with("/api/");
    let mut csrf = "c".repeat(64);
    let mut token = None;
    if let Some(person) = person {
        let (secret, digest) = pair();
        if api {
            store
                .create_api_token(
                    person,
                    "matrix",
                    &convene_credentials::token_digest(&secret),
                    None,
                )
                .await
                .unwrap();
            token = Some(secret);
        } else {
            csrf = pair().0;
            store
                .start_session(
                    person,
                    &NewSession {
                        token_digest: digest,
                        csrf_token: csrf.clone(),
                        valid_for_seconds: 3600,
                        replaces: None,
                        clears_failures: vec![],
                        address: None,
                    },
                )
                .await
                .unwrap();
            client.set_cookie("convene_session", &secret);
        }
    } else {
        client.set_cookie("convene_csrf", &csrf);
    }
    match (method, token) {
        ("GET", Some(token)) => client.get_with_token(address, &token).await,
        ("GET", None) => client.get(address).await,
        (_, Some(token)) => {
            client
                .post_json_with_token(address, &token, &serde_json::json!({}))
                .await
        }
        (_, None) if api => client.post_raw(address, &[]).await,
        (_, None) => client.post_raw(address, &[("csrf_token", &csrf)]).await,
    }
}

fn pair() -> (String, String) {
    let secret = convene_credentials::new_token("").unwrap();
    let digest = convene_credentials::token_digest(&secret);
    (secret, digest)
}

/// A confidential collaboration (shared with trust A) is a tie in the network only for the
/// people who may see it: never for the public, someone unconfirmed or a platform
/// administrator, on the page, in the CSV, the GraphML or the API.
#[tokio::test]
async fn a_confidential_collaboration_is_a_network_tie_only_for_those_who_may_see_it() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let tie = TRUST_B.key();
        for (i, person) in fixture.people.iter().enumerate() {
            let api = ask(&store, &server, *person, "GET", "/api/v1/network").await;
            assert_eq!(api.status, 200, "{}", ACTORS[i]);
            let sees = matches!(ACTORS[i], "member of A" | "admin of A" | "admin of B");
            let links = api.json()["links"].as_array().unwrap().len();
            assert_eq!(links, usize::from(sees), "{}: {}", ACTORS[i], api.body);
            for address in ["/network", "/network.csv", "/network.graphml"] {
                let reply = ask(&store, &server, *person, "GET", address).await;
                assert_eq!(reply.status, 200, "{} {address}", ACTORS[i]);
                if !sees {
                    assert!(
                        !reply.body.contains(&tie),
                        "{} saw the tie at {address}",
                        ACTORS[i]
                    );
                }
            }
        }
        let csv = ask(&store, &server, fixture.people[2], "GET", "/network.csv").await;
        assert!(
            csv.body.contains(&TRUST_A.key()) && csv.body.contains(&tie),
            "{}",
            csv.body
        );
        let graph = ask(
            &store,
            &server,
            fixture.people[2],
            "GET",
            "/network.graphml",
        )
        .await;
        assert!(
            graph
                .body
                .contains("<edge source=\"trust-17101\" target=\"trust-900001\">"),
            "{}",
            graph.body
        );
        let bad = ask(
            &store,
            &server,
            None,
            "GET",
            "/api/v1/network?kind=nonsense",
        )
        .await;
        assert_eq!(bad.status, 400);
        assert!(bad.body.contains("kind must be one of"), "{}", bad.body);
    }
}
