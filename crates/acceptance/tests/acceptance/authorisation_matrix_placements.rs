//! The authorisation matrix for placements: every placement route, page and API, asked by
//! every kind of person. The route table check in `authorisation_matrix.rs` counts these
//! rows too, so a placement route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (acting
//! for a school in neither trust), the lender (acting for trust A, which put a leader on
//! the register and is lending them), the requester (acting for trust B, which asked for a
//! leader in a crisis and for a COO) and a platform administrator. Answers as in the main
//! matrix. No row changes anything: every write is sent empty or out of order.

use super::authorisation_matrix::{check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, SCHOOL_A, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::{PlatformRole, Visibility};
use convene_domain::account::PersonId;
use convene_domain::placements::{
    AgreementDraft, AgreementForm, AvailableLeaderDraft, AvailableLeaderForm, LeaderRequestDraft,
    LeaderRequestForm, TradedOfferDraft, TradedOfferForm,
};
use convene_store::Store;

pub(crate) const ACTORS: [&str; 6] = [
    "anonymous",
    "unverified",
    "outsider",
    "lender",
    "requester",
    "platform admin",
];

/// Words written only into confidential places: the crisis request and the agreement's
/// terms. No one outside their parties may ever be sent them.
pub(crate) const SECRETS: [&str; 3] = ["SECRET-CRISIS", "SECRET-TERMS", "SECRET-PERSON"];

/// (method, route path, example address, expected answers). `{leader}` is trust A's COO on
/// the register for anyone signed in, `{leader_private}` one confidential to trust A;
/// `{crisis}` is trust B's confidential crisis request, `{vacancy}` its open request for a
/// COO; `{agreement}` is trust A lending its COO to trust B, proposed.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/placements", "/placements", "AAAAAA"),
    ("GET", "/placements/leaders", "/placements/leaders", "AAAAAA"),
    ("GET", "/placements/leaders.csv", "/placements/leaders.csv", "AAAAAA"),
    ("GET", "/placements/leaders/new", "/placements/leaders/new", "SVAAAA"),
    ("POST", "/placements/leaders", "/placements/leaders", "SVAAAA"),
    ("GET", "/placements/leaders/{id}", "/placements/leaders/{leader}", "NAAAAA"),
    ("GET", "/placements/leaders/{id}", "/placements/leaders/{leader_private}", "NNNANN"),
    ("GET", "/placements/requests", "/placements/requests", "AAAAAA"),
    ("GET", "/placements/requests.csv", "/placements/requests.csv", "AAAAAA"),
    ("GET", "/placements/requests/new", "/placements/requests/new", "SVAAAA"),
    ("POST", "/placements/requests", "/placements/requests", "SVAAAA"),
    ("GET", "/placements/requests/{id}", "/placements/requests/{crisis}", "NNNNAN"),
    ("GET", "/placements/requests/{id}", "/placements/requests/{vacancy}", "NAAAAA"),
    ("GET", "/placements/agreements", "/placements/agreements", "SVAAAA"),
    ("GET", "/placements/agreements.csv", "/placements/agreements.csv", "SVAAAA"),
    ("GET", "/placements/agreements/new", "/placements/agreements/new", "SVAAAA"),
    ("GET", "/placements/agreements/new", "/placements/agreements/new?request={crisis}&leader={leader}", "SVNNAN"),
    ("GET", "/placements/agreements/new", "/placements/agreements/new?request={vacancy}&leader={leader}", "SVFFAF"),
    ("POST", "/placements/agreements", "/placements/agreements", "SVAAAA"),
    ("GET", "/placements/agreements/{id}", "/placements/agreements/{agreement}", "SVNAAN"),
    ("GET", "/placements/agreements/{id}", "/placements/agreements/999999", "SVNNNN"),
    ("POST", "/placements/agreements/{id}/approve", "/placements/agreements/{agreement}/approve", "SVNFFN"),
    ("POST", "/placements/agreements/{id}/activate", "/placements/agreements/{agreement}/activate", "SVNAAN"),
    ("POST", "/placements/agreements/{id}/end", "/placements/agreements/{agreement}/end", "SVNAAN"),
    ("POST", "/placements/agreements/{id}/review", "/placements/agreements/{agreement}/review", "SVNAAN"),
    ("POST", "/placements/agreements/{id}/publication", "/placements/agreements/{agreement}/publication", "SVNFFN"),
    ("GET", "/placements/records/{org}", "/placements/records/trust-900001", "AAAAAA"),
    ("GET", "/placements/records/{org}", "/placements/records/trust-1", "NNNNNN"),
    ("GET", "/placements/traded", "/placements/traded", "AAAAAA"),
    ("GET", "/placements/traded.csv", "/placements/traded.csv", "AAAAAA"),
    ("GET", "/placements/traded/new", "/placements/traded/new", "SVAAAA"),
    ("POST", "/placements/traded", "/placements/traded", "SVAAAA"),
    ("GET", "/api/v1/placements/leaders", "/api/v1/placements/leaders", "AAAAAA"),
    ("POST", "/api/v1/placements/leaders", "/api/v1/placements/leaders", "SVAAAA"),
    ("GET", "/api/v1/placements/leaders/{id}", "/api/v1/placements/leaders/{leader}", "NAAAAA"),
    ("GET", "/api/v1/placements/leaders/{id}", "/api/v1/placements/leaders/{leader_private}", "NNNANN"),
    ("GET", "/api/v1/placements/requests", "/api/v1/placements/requests", "AAAAAA"),
    ("POST", "/api/v1/placements/requests", "/api/v1/placements/requests", "SVAAAA"),
    ("GET", "/api/v1/placements/requests/{id}", "/api/v1/placements/requests/{crisis}", "NNNNAN"),
    ("GET", "/api/v1/placements/requests/{id}", "/api/v1/placements/requests/{vacancy}", "NAAAAA"),
    ("GET", "/api/v1/placements/requests/{id}/matches", "/api/v1/placements/requests/{crisis}/matches", "SVNNAN"),
    ("GET", "/api/v1/placements/requests/{id}/matches", "/api/v1/placements/requests/{vacancy}/matches", "SVFFAF"),
    ("GET", "/api/v1/placements/agreements", "/api/v1/placements/agreements", "SVAAAA"),
    ("POST", "/api/v1/placements/agreements", "/api/v1/placements/agreements", "SVAAAA"),
    ("GET", "/api/v1/placements/agreements/{id}", "/api/v1/placements/agreements/{agreement}", "SVNAAN"),
    ("POST", "/api/v1/placements/agreements/{id}/approve", "/api/v1/placements/agreements/{agreement}/approve", "SVNAAN"),
    ("POST", "/api/v1/placements/agreements/{id}/activate", "/api/v1/placements/agreements/{agreement}/activate", "SVNAAN"),
    ("POST", "/api/v1/placements/agreements/{id}/end", "/api/v1/placements/agreements/{agreement}/end", "SVNAAN"),
    ("POST", "/api/v1/placements/agreements/{id}/review", "/api/v1/placements/agreements/{agreement}/review", "SVNAAN"),
    ("POST", "/api/v1/placements/agreements/{id}/publication", "/api/v1/placements/agreements/{agreement}/publication", "SVNAAN"),
    ("GET", "/api/v1/placements/records/{org}", "/api/v1/placements/records/trust-900001", "AAAAAA"),
    ("GET", "/api/v1/placements/traded", "/api/v1/placements/traded", "AAAAAA"),
    ("POST", "/api/v1/placements/traded", "/api/v1/placements/traded", "SVAAAA"),
];

/// The people (in [`ACTORS`] order) and the records the matrix asks about.
pub(crate) struct Fixture {
    pub(crate) people: Vec<Option<PersonId>>,
    pub(crate) leader: i64,
    pub(crate) leader_private: i64,
    pub(crate) crisis: i64,
    pub(crate) vacancy: i64,
    pub(crate) agreement: i64,
}

/// Trust A's COO on the register (for members, and one confidential to trust A), trust
/// B's confidential crisis request and open COO vacancy, a proposed agreement for A to
/// lend its COO to B on secret terms, and a traded service of trust A's.
pub(crate) async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let lender = person(store, "lender@example.org", true, &[]).await;
    let requester = person(store, "requester@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [
        (lender, TRUST_A),
        (requester, TRUST_B),
        (outsider, SCHOOL_A),
    ] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let leader_form = |level: &str| AvailableLeaderForm {
        org: TRUST_A.key(),
        person_name: "Cam Coo".into(),
        role: "coo".into(),
        days_per_week: "2".into(),
        from: "2025-09-01".into(),
        to: "2027-08-31".into(),
        reach: "anywhere".into(),
        description: "Runs finance, estates and IT for eleven schools".into(),
        level: level.into(),
        ..AvailableLeaderForm::default()
    };
    let leader = store
        .create_available_leader(
            lender,
            &AvailableLeaderDraft::check(&leader_form("members")).unwrap(),
        )
        .await
        .unwrap();
    let mut private = AvailableLeaderDraft::check(&leader_form("organisations")).unwrap();
    private.person = Some("Dana Director".into());
    assert_eq!(
        private.visibility,
        Visibility::Organisations([TRUST_A].into())
    );
    let leader_private = store
        .create_available_leader(lender, &private)
        .await
        .unwrap();
    let request = |kind: &str, role: &str, description: &str| LeaderRequestForm {
        org: TRUST_B.key(),
        kind: kind.into(),
        role: role.into(),
        days_per_week: "2".into(),
        from: "2026-01-05".into(),
        to: "2027-07-16".into(),
        description: description.into(),
        ..LeaderRequestForm::default()
    };
    let crisis = store
        .create_leader_request(
            requester,
            &LeaderRequestDraft::check(&request(
                "crisis",
                "ceo",
                "SECRET-CRISIS: our chief executive has resigned",
            ))
            .unwrap(),
        )
        .await
        .unwrap();
    let vacancy = store
        .create_leader_request(
            requester,
            &LeaderRequestDraft::check(&request("vacancy", "coo", "Our COO left in the summer"))
                .unwrap(),
        )
        .await
        .unwrap();
    let terms = AgreementForm {
        lending: TRUST_A.key(),
        receiving: TRUST_B.key(),
        kind: "loan".into(),
        person_name: "SECRET-PERSON".into(),
        role: "coo".into(),
        from: "2026-01-05".into(),
        to: "2027-07-16".into(),
        days_per_week: "2".into(),
        recharge_terms: "SECRET-TERMS: salary at cost".into(),
        daily_rate: "450".into(),
        ..AgreementForm::default()
    };
    let agreement = store
        .propose_agreement(
            requester,
            &AgreementDraft::check(&terms).unwrap(),
            Some(vacancy),
        )
        .await
        .unwrap();
    store
        .create_traded_offer(
            lender,
            &TradedOfferDraft::check(&TradedOfferForm {
                org: TRUST_A.key(),
                service: "it".into(),
                description: "Managed IT for primary schools".into(),
                price_basis: "Per pupil per year".into(),
                area_served: "Milton Keynes".into(),
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
            Some(lender),
            Some(requester),
            Some(platform),
        ],
        leader: leader.0,
        leader_private: leader_private.0,
        crisis: crisis.0,
        vacancy: vacancy.0,
        agreement: agreement.0,
    }
}

/// `example` with the fixture's numbers in place of its placeholders.
pub(crate) fn address(example: &str, fixture: &Fixture) -> String {
    example
        .replace("{leader_private}", &fixture.leader_private.to_string())
        .replace("{leader}", &fixture.leader.to_string())
        .replace("{crisis}", &fixture.crisis.to_string())
        .replace("{vacancy}", &fixture.vacancy.to_string())
        .replace("{agreement}", &fixture.agreement.to_string())
}

#[tokio::test]
async fn every_placement_route_answers_every_kind_of_person_as_the_table_says() {
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
