//! The authorisation matrix for partnerships: every partnership route, asked by every role
//! a person can have towards a partnership, for a published and an unpublished one. The
//! route table check in `authorisation_matrix.rs` counts these rows too, so a partnership
//! route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (signed in,
//! in no organisation of the partnership), an administrator of an invited organisation that
//! has not yet answered, of an observer, of a partner, of the convening trust, and a
//! platform administrator (who has no part in the partnership). Answers as in the main
//! matrix: `A` allowed, `S` sign in first, `V` confirm email first, `F` forbidden, `N` not
//! found, `E` a server error (never expected).
//!
//! Rows run in order and a row's actors in column order, so rows that change who belongs
//! (accepting, declining, leaving, changing a role) come last: once the invited
//! organisation has declined the unpublished partnership, it no longer sees it. Observers
//! read members-only material but neither post nor act; an organisation leaves by its own
//! administrators' choice, not a convener's.

use super::authorisation_matrix::{ask, check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::partnerships::{
    CommitmentDraft, GoalDraft, PartnershipDraft, PartnershipId, PartnershipRole, Review,
    ReviewStatus, Rhythm, ServedArea, StocktakeDraft,
};
use convene_domain::party::{OrgRef, PartnerDetails, PartnerKind};
use convene_domain::Date;
use convene_store::Store;

const ACTORS: [&str; 8] = [
    "anonymous",
    "unverified",
    "outsider",
    "invited",
    "observer",
    "partner",
    "convener",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{pub}` is a published
/// partnership and `{unpub}` an unpublished one, each with an agreed goal `{pub_goal}` /
/// `{unpub_goal}`, a commitment and a stock-take `{pub_st}` / `{unpub_st}`; `{invited}`,
/// `{observer}` and `{partner}` are the organisations in those roles in both.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/partnerships", "/partnerships", "AAAAAAAA"),
    ("GET", "/partnerships/new", "/partnerships/new", "SVAAAAAA"),
    ("POST", "/partnerships", "/partnerships", "SVAAAAAA"),
    ("GET", "/partnerships/mine", "/partnerships/mine", "SAAAAAAA"),
    ("GET", "/partnerships/{id}", "/partnerships/{pub}", "AAAAAAAA"),
    ("GET", "/partnerships/{id}", "/partnerships/{unpub}", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/impact", "/partnerships/{pub}/impact", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/impact", "/partnerships/{pub}/impact?goal={pub_goal}&measure=ks4-progress8", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/impact", "/partnerships/{pub}/impact?goal=999999", "NNNNNNNN"),
    ("GET", "/partnerships/{id}/impact", "/partnerships/{unpub}/impact", "NNNAAAAN"),
    ("GET", "/api/v1/partnerships/{id}/impact", "/api/v1/partnerships/{pub}/impact", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/impact", "/api/v1/partnerships/{unpub}/impact?goal={unpub_goal}", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/edit", "/partnerships/{pub}/edit", "SVFFFFAF"),
    ("GET", "/partnerships/{id}/edit", "/partnerships/{unpub}/edit", "SVNFFFAN"),
    ("POST", "/partnerships/{id}/edit", "/partnerships/{pub}/edit", "SVFFFFAF"),
    ("POST", "/partnerships/{id}/edit", "/partnerships/{unpub}/edit", "SVNFFFAN"),
    ("POST", "/partnerships/{id}/invitations", "/partnerships/{pub}/invitations", "SVFFFFAF"),
    ("POST", "/partnerships/{id}/invitations", "/partnerships/{unpub}/invitations", "SVNFFFAN"),
    ("GET", "/partnerships/{id}/goals/new", "/partnerships/{pub}/goals/new", "SVFFFAAF"),
    ("GET", "/partnerships/{id}/goals/new", "/partnerships/{unpub}/goals/new", "SVNFFAAN"),
    ("POST", "/partnerships/{id}/goals", "/partnerships/{pub}/goals", "SVFFFAAF"),
    ("POST", "/partnerships/{id}/goals", "/partnerships/{unpub}/goals", "SVNFFAAN"),
    ("GET", "/partnerships/{id}/goals/{goal}/edit", "/partnerships/{pub}/goals/{pub_goal}/edit", "SVFFFFAF"),
    ("GET", "/partnerships/{id}/goals/{goal}/edit", "/partnerships/{unpub}/goals/{unpub_goal}/edit", "SVNFFFAN"),
    ("GET", "/partnerships/{id}/goals/{goal}/edit", "/partnerships/{pub}/goals/{unpub_goal}/edit", "SVFFFNNF"),
    ("POST", "/partnerships/{id}/goals/{goal}/edit", "/partnerships/{pub}/goals/{pub_goal}/edit", "SVFFFFAF"),
    ("POST", "/partnerships/{id}/goals/{goal}/edit", "/partnerships/{unpub}/goals/{unpub_goal}/edit", "SVNFFFAN"),
    ("POST", "/partnerships/{id}/goals/{goal}/agree", "/partnerships/{pub}/goals/{pub_goal}/agree", "SVFFFFAF"),
    ("POST", "/partnerships/{id}/goals/{goal}/agree", "/partnerships/{unpub}/goals/{unpub_goal}/agree", "SVNFFFAN"),
    ("GET", "/partnerships/{id}/commitments/new", "/partnerships/{pub}/commitments/new", "SVFFFAAF"),
    ("GET", "/partnerships/{id}/commitments/new", "/partnerships/{unpub}/commitments/new", "SVNFFAAN"),
    ("POST", "/partnerships/{id}/commitments", "/partnerships/{pub}/commitments", "SVFFFAAF"),
    ("POST", "/partnerships/{id}/commitments", "/partnerships/{unpub}/commitments", "SVNFFAAN"),
    ("GET", "/partnerships/{id}/commitments.csv", "/partnerships/{pub}/commitments.csv", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/commitments.csv", "/partnerships/{unpub}/commitments.csv", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/stocktakes/new", "/partnerships/{pub}/stocktakes/new", "SVFFFAAF"),
    ("GET", "/partnerships/{id}/stocktakes/new", "/partnerships/{unpub}/stocktakes/new", "SVNFFAAN"),
    ("POST", "/partnerships/{id}/stocktakes", "/partnerships/{pub}/stocktakes", "SVFFFAAF"),
    ("POST", "/partnerships/{id}/stocktakes", "/partnerships/{unpub}/stocktakes", "SVNFFAAN"),
    ("GET", "/partnerships/{id}/stocktakes/{stocktake}", "/partnerships/{pub}/stocktakes/{pub_st}", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/stocktakes/{stocktake}", "/partnerships/{unpub}/stocktakes/{unpub_st}", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/stocktakes/{stocktake}", "/partnerships/{pub}/stocktakes/{unpub_st}", "NNNNNNNN"),
    ("GET", "/partnerships/{id}/stocktakes.ics", "/partnerships/{pub}/stocktakes.ics", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/stocktakes.ics", "/partnerships/{unpub}/stocktakes.ics", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/feed.atom", "/partnerships/{pub}/feed.atom", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/feed.atom", "/partnerships/{unpub}/feed.atom", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/report", "/partnerships/{pub}/report", "AAAAAAAA"),
    ("GET", "/partnerships/{id}/report", "/partnerships/{unpub}/report", "NNNAAAAN"),
    ("GET", "/partnerships/{id}/load", "/partnerships/{pub}/load", "SVFFAAAF"),
    ("GET", "/partnerships/{id}/load", "/partnerships/{unpub}/load", "SVNFAAAN"),
    ("POST", "/partnerships/{id}/posts", "/partnerships/{pub}/posts", "SVFFFAAF"),
    ("POST", "/partnerships/{id}/posts", "/partnerships/{unpub}/posts", "SVNFFAAN"),
    ("GET", "/api/v1/partnerships", "/api/v1/partnerships", "AAAAAAAA"),
    ("POST", "/api/v1/partnerships", "/api/v1/partnerships", "SVAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}", "/api/v1/partnerships/{pub}", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}", "/api/v1/partnerships/{unpub}", "NNNAAAAN"),
    ("GET", "/api/v1/partnerships/{id}/goals", "/api/v1/partnerships/{pub}/goals", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/goals", "/api/v1/partnerships/{unpub}/goals", "NNNAAAAN"),
    ("POST", "/api/v1/partnerships/{id}/goals", "/api/v1/partnerships/{pub}/goals", "SVFFFAAF"),
    ("POST", "/api/v1/partnerships/{id}/goals", "/api/v1/partnerships/{unpub}/goals", "SVNFFAAN"),
    ("POST", "/api/v1/partnerships/{id}/goals/{goal}/agree", "/api/v1/partnerships/{pub}/goals/{pub_goal}/agree", "SVFFFFAF"),
    ("POST", "/api/v1/partnerships/{id}/goals/{goal}/agree", "/api/v1/partnerships/{unpub}/goals/{unpub_goal}/agree", "SVNFFFAN"),
    ("GET", "/api/v1/partnerships/{id}/commitments", "/api/v1/partnerships/{pub}/commitments", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/commitments", "/api/v1/partnerships/{unpub}/commitments", "NNNAAAAN"),
    ("GET", "/api/v1/partnerships/{id}/commitments.csv", "/api/v1/partnerships/{pub}/commitments.csv", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/commitments.csv", "/api/v1/partnerships/{unpub}/commitments.csv", "NNNAAAAN"),
    ("POST", "/api/v1/partnerships/{id}/commitments", "/api/v1/partnerships/{pub}/commitments", "SVFFFAAF"),
    ("POST", "/api/v1/partnerships/{id}/commitments", "/api/v1/partnerships/{unpub}/commitments", "SVNFFAAN"),
    ("GET", "/api/v1/partnerships/{id}/stocktakes", "/api/v1/partnerships/{pub}/stocktakes", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/stocktakes", "/api/v1/partnerships/{unpub}/stocktakes", "NNNAAAAN"),
    ("GET", "/api/v1/partnerships/{id}/stocktakes/{stocktake}", "/api/v1/partnerships/{pub}/stocktakes/{pub_st}", "AAAAAAAA"),
    ("GET", "/api/v1/partnerships/{id}/stocktakes/{stocktake}", "/api/v1/partnerships/{unpub}/stocktakes/{unpub_st}", "NNNAAAAN"),
    ("POST", "/api/v1/partnerships/{id}/stocktakes", "/api/v1/partnerships/{pub}/stocktakes", "SVFFFAAF"),
    ("POST", "/api/v1/partnerships/{id}/stocktakes", "/api/v1/partnerships/{unpub}/stocktakes", "SVNFFAAN"),
    ("POST", "/partnerships/{id}/members/{org}/role", "/partnerships/{pub}/members/{observer}/role", "SVFFFFAF"),
    ("POST", "/partnerships/{id}/members/{org}/role", "/partnerships/{unpub}/members/{observer}/role", "SVNFFFAN"),
    ("POST", "/partnerships/{id}/invitations/{org}/decline", "/partnerships/{unpub}/invitations/{invited}/decline", "SVNAFFFN"),
    ("POST", "/partnerships/{id}/invitations/{org}/accept", "/partnerships/{pub}/invitations/{invited}/accept", "SVFAFFFF"),
    ("POST", "/partnerships/{id}/members/{org}/leave", "/partnerships/{pub}/members/{partner}/leave", "SVFFFAFF"),
    ("POST", "/partnerships/{id}/members/{org}/leave", "/partnerships/{unpub}/members/{observer}/leave", "SVNNAFFN"),
];

/// What the rows' placeholders stand for.
struct Fixture {
    people: Vec<Option<PersonId>>,
    replacements: Vec<(&'static str, String)>,
}

async fn charity(store: &Store, name: &str, admin: PersonId) -> OrgRef {
    let details = PartnerDetails {
        name: name.into(),
        kind: PartnerKind::Charity,
        locality: "Milton Keynes".into(),
        website: None,
    };
    OrgRef::Partner(store.create_partner(&details, admin, None).await.unwrap())
}

/// One partnership convened by trust A with trust B as a partner, an observer charity and
/// an invited charity that has not answered; an agreed goal, a commitment and a stock-take.
async fn partnership(
    store: &Store,
    convener: PersonId,
    published: bool,
    invited: (OrgRef, PersonId),
    observer: (OrgRef, PersonId),
    partner: PersonId,
) -> (PartnershipId, i64, i64) {
    let date = |y, m, d| Date::new(y, m, d).unwrap();
    let id = store
        .create_partnership(
            convener,
            &PartnershipDraft {
                convener: TRUST_A,
                name: format!("Reading at home (published: {published})"),
                issue: "Too few children read at home.".into(),
                area: ServedArea {
                    local_authorities: vec![826],
                    schools: Vec::new(),
                },
                evidence: "A survey of families.".into(),
                vision: "Every child a reader.".into(),
                narrative: String::new(),
                rhythm: Rhythm::HalfTermly,
                first_stocktake: date(2026, 10, 1),
                calendar: Vec::new(),
                published,
            },
        )
        .await
        .unwrap();
    let url = "http://convene.test";
    for (org, role, by) in [
        (TRUST_B, PartnershipRole::Partner, partner),
        (observer.0, PartnershipRole::Observer, observer.1),
    ] {
        store
            .invite_to_partnership(id, org, role, convener, url)
            .await
            .unwrap();
        store.answer_invitation(id, org, by, true).await.unwrap();
    }
    store
        .invite_to_partnership(id, invited.0, PartnershipRole::Partner, convener, url)
        .await
        .unwrap();
    let goal = store
        .create_goal(
            id,
            convener,
            &GoalDraft {
                title: "More children reading at home".into(),
                measure: "Families reading together weekly".into(),
                unit: "%".into(),
                baseline: 40.0,
                baseline_on: date(2026, 7, 1),
                target: 70.0,
                deadline: date(2028, 7, 1),
                owner: TRUST_A,
            },
        )
        .await
        .unwrap();
    store.agree_goal(goal, convener).await.unwrap();
    let commitment = store
        .create_commitment(
            id,
            convener,
            &CommitmentDraft {
                goal,
                owner: TRUST_B,
                action: "Run reading cafés".into(),
                due: date(2027, 3, 1),
                days: 4,
            },
        )
        .await
        .unwrap();
    let stocktake = store
        .record_stocktake(
            id,
            convener,
            &StocktakeDraft {
                held_on: date(2026, 10, 1),
                reviews: vec![Review {
                    commitment,
                    status: ReviewStatus::OnTrack,
                    note: "Members-only note".into(),
                }],
                measurements: vec![(goal, 45.0)],
                decisions: "Decisions".into(),
                next_steps: "Next steps".into(),
                summary: "A good start.".into(),
            },
        )
        .await
        .unwrap();
    (id, goal.0, stocktake.0)
}

async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let invited_admin = person(store, "invited@example.org", true, &[]).await;
    let observer_admin = person(store, "observer@example.org", true, &[]).await;
    let partner_admin = person(store, "partner@example.org", true, &[]).await;
    let convener_admin = person(store, "convener@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(convener_admin, TRUST_A), (partner_admin, TRUST_B)] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let invited = charity(store, "Invited Charity", invited_admin).await;
    let observer = charity(store, "Observer Charity", observer_admin).await;
    let mut replacements = vec![
        ("{invited}", invited.to_string()),
        ("{observer}", observer.to_string()),
        ("{partner}", TRUST_B.to_string()),
    ];
    for (published, id_key, goal_key, st_key) in [
        (true, "{pub}", "{pub_goal}", "{pub_st}"),
        (false, "{unpub}", "{unpub_goal}", "{unpub_st}"),
    ] {
        let (id, goal, stocktake) = partnership(
            store,
            convener_admin,
            published,
            (invited, invited_admin),
            (observer, observer_admin),
            partner_admin,
        )
        .await;
        replacements.push((id_key, id.0.to_string()));
        replacements.push((goal_key, goal.to_string()));
        replacements.push((st_key, stocktake.to_string()));
    }
    // Longer placeholders first, so "{pub}" does not eat the start of "{pub_goal}".
    replacements.sort_by_key(|(key, _)| std::cmp::Reverse(key.len()));
    Fixture {
        people: vec![
            None,
            Some(unverified),
            Some(outsider),
            Some(invited_admin),
            Some(observer_admin),
            Some(partner_admin),
            Some(convener_admin),
            Some(platform),
        ],
        replacements,
    }
}

#[tokio::test]
async fn every_partnership_route_answers_every_role_as_the_table_says() {
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
                fixture
                    .replacements
                    .iter()
                    .fold(example.to_string(), |address, (key, value)| {
                        address.replace(key, value)
                    })
            },
        )
        .await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// Two places the matrix cannot see, because both answer 200: filtering the list by an
/// organisation does not reveal an invitation it has not answered to anyone outside it,
/// and a board report shows only agreed goals, never a draft.
#[tokio::test]
async fn invitations_stay_with_the_invited_and_drafts_stay_out_of_board_reports() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let value = |key: &str| {
            fixture
                .replacements
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        let (published, invited) = (value("{pub}"), value("{invited}"));
        let listed = format!("/api/v1/partnerships?org={invited}");
        let marker = format!("\"id\":{published},");
        for (who, sees) in [
            (None, false),
            (fixture.people[2], false),
            (fixture.people[3], true),
        ] {
            let reply = ask(&store, &server, who, "GET", &listed).await;
            assert_eq!(reply.status, 200, "{}", reply.body);
            assert_eq!(
                reply.body.contains(&marker),
                sees,
                "{who:?}: {}",
                reply.body
            );
        }
        let convener = fixture.people[6].unwrap();
        let id = PartnershipId(published.parse().unwrap());
        store
            .create_goal(
                id,
                convener,
                &GoalDraft {
                    title: "DRAFT-GOAL-TITLE".into(),
                    measure: "Something".into(),
                    unit: String::new(),
                    baseline: 1.0,
                    baseline_on: Date::new(2026, 7, 1).unwrap(),
                    target: 2.0,
                    deadline: Date::new(2028, 7, 1).unwrap(),
                    owner: TRUST_A,
                },
            )
            .await
            .unwrap();
        let page = ask(
            &store,
            &server,
            Some(convener),
            "GET",
            &format!("/partnerships/{published}"),
        )
        .await;
        assert!(
            page.body.contains("DRAFT-GOAL-TITLE"),
            "members see the draft"
        );
        let report = ask(
            &store,
            &server,
            Some(convener),
            "GET",
            &format!("/partnerships/{published}/report"),
        )
        .await;
        assert_eq!(report.status, 200);
        assert!(report.body.contains("More children reading at home"));
        assert!(!report.body.contains("DRAFT-GOAL-TITLE"), "{}", report.body);
    }
}
