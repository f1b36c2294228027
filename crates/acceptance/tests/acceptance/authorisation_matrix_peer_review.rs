//! The authorisation matrix for peer review: every round and review route, asked by every
//! kind of person towards a round and a review. The route table check in `authorisation_matrix.rs` counts
//! these rows too, so a round route added without a row here fails.
//!
//! Columns, in order: anonymous, signed in but email not confirmed, an outsider (signed
//! in, acting for an organisation not in the round), a volunteer (acting for trust B,
//! which volunteered), the convener (acting for trust A) and a platform administrator
//! (who has no part in the round). Answers as in the main matrix. Rows that change the
//! round (saving groups, confirming) come last.
//!
//! Beyond status codes, a second test proves that who volunteered and what they want
//! reviewed reach only the convener's people and the volunteers', and that a review's
//! self-evaluation reaches only its host and its reviewer, never a platform administrator.

use super::authorisation_matrix::{ask, check_rows, person};
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{two_trusts, SCHOOL_A, TRUST_A, TRUST_B};
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::peer_review::review::{Reader, Reviewer, ReviewerSource, SetupDraft};
use convene_domain::peer_review::round_setup::{RoundDraft, RoundForm};
use convene_domain::Date;
use convene_store::Store;

const ACTORS: [&str; 6] = [
    "anonymous",
    "unverified",
    "outsider",
    "volunteer",
    "convener",
    "platform admin",
];

/// (method, route path, example address, expected answers). `{round}` is a round
/// convened by trust A with trust A, trust B and a school of trust A as volunteers;
/// `{review}` a draft peer review hosted by trust A with the volunteer's person (trust B)
/// on its team and no summary published.
#[rustfmt::skip]
pub(crate) const MATRIX: &[(&str, &str, &str, &str)] = &[
    ("GET", "/review-rounds", "/review-rounds", "AAAAAA"),
    ("GET", "/review-rounds/new", "/review-rounds/new", "SVAAAA"),
    ("POST", "/review-rounds", "/review-rounds", "SVAAAA"),
    ("GET", "/review-rounds/{id}", "/review-rounds/{round}", "AAAAAA"),
    ("GET", "/review-rounds/{id}", "/review-rounds/999999", "NNNNNN"),
    ("POST", "/review-rounds/{id}/volunteers", "/review-rounds/{round}/volunteers", "SVAAAA"),
    ("GET", "/api/v1/review-rounds", "/api/v1/review-rounds", "AAAAAA"),
    ("POST", "/api/v1/review-rounds", "/api/v1/review-rounds", "SVAAAA"),
    ("GET", "/api/v1/review-rounds/{id}", "/api/v1/review-rounds/{round}", "AAAAAA"),
    ("GET", "/api/v1/review-rounds/{id}", "/api/v1/review-rounds/999999", "NNNNNN"),
    ("POST", "/api/v1/review-rounds/{id}/volunteers", "/api/v1/review-rounds/{round}/volunteers", "SVAAAA"),
    ("GET", "/review-rounds/{id}/groups.csv", "/review-rounds/{round}/groups.csv", "NNNAAN"),
    ("POST", "/api/v1/review-rounds/{id}/groups/move", "/api/v1/review-rounds/{round}/groups/move", "SVFFAF"),
    ("POST", "/api/v1/review-rounds/{id}/groups/confirm", "/api/v1/review-rounds/{round}/groups/confirm", "SVAAAA"),
    ("POST", "/api/v1/peer-reviews", "/api/v1/peer-reviews", "SVAAAA"),
    ("GET", "/api/v1/peer-reviews/{id}", "/api/v1/peer-reviews/{review}", "NNNAAN"),
    ("GET", "/api/v1/peer-reviews/{id}", "/api/v1/peer-reviews/999999", "NNNNNN"),
    ("GET", "/api/v1/peer-reviews", "/api/v1/peer-reviews", "AAAAAA"),
    ("GET", "/peer-reviews", "/peer-reviews", "AAAAAA"),
    ("GET", "/peer-reviews/new", "/peer-reviews/new", "SVAAAA"),
    ("POST", "/peer-reviews", "/peer-reviews", "SVAAAA"),
    ("GET", "/peer-reviews/{id}", "/peer-reviews/{review}", "NNNAAN"),
    ("GET", "/peer-reviews/{id}", "/peer-reviews/999999", "NNNNNN"),
    ("POST", "/peer-reviews/{id}/setup", "/peer-reviews/{review}/setup", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/team", "/peer-reviews/{review}/team", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/team/remove", "/peer-reviews/{review}/team/remove", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/schedule", "/peer-reviews/{review}/schedule", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/status", "/peer-reviews/{review}/status", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/evidence", "/peer-reviews/{review}/evidence", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/findings", "/peer-reviews/{review}/findings", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/actions", "/peer-reviews/{review}/actions", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/feedback", "/peer-reviews/{review}/feedback", "SVNAAN"),
    ("POST", "/peer-reviews/{id}/summary", "/peer-reviews/{review}/summary", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/setup", "/api/v1/peer-reviews/{review}/setup", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/team", "/api/v1/peer-reviews/{review}/team", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/team/remove", "/api/v1/peer-reviews/{review}/team/remove", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/schedule", "/api/v1/peer-reviews/{review}/schedule", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/status", "/api/v1/peer-reviews/{review}/status", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/evidence", "/api/v1/peer-reviews/{review}/evidence", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/findings", "/api/v1/peer-reviews/{review}/findings", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/actions", "/api/v1/peer-reviews/{review}/actions", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/feedback", "/api/v1/peer-reviews/{review}/feedback", "SVNAAN"),
    ("POST", "/api/v1/peer-reviews/{id}/summary", "/api/v1/peer-reviews/{review}/summary", "SVNAAN"),
    ("POST", "/review-rounds/{id}/groups/move", "/review-rounds/{round}/groups/move", "SVFFAF"),
    ("POST", "/review-rounds/{id}/groups", "/review-rounds/{round}/groups", "SVFFAF"),
    ("POST", "/review-rounds/{id}/groups/confirm", "/review-rounds/{round}/groups/confirm", "SVFFFF"),
    ("POST", "/review-rounds/{id}/withdraw", "/review-rounds/{round}/withdraw", "SVFFFF"),
    ("POST", "/api/v1/review-rounds/{id}/withdraw", "/api/v1/review-rounds/{round}/withdraw", "SVAAAA"),
    ("POST", "/api/v1/review-rounds/{id}/groups", "/api/v1/review-rounds/{round}/groups", "SVFFAF"),
];

struct Fixture {
    people: Vec<Option<PersonId>>,
    round: i64,
    review: i64,
}

async fn fixture(store: &Store) -> Fixture {
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    let unverified = person(store, "unverified@example.org", false, &[]).await;
    let outsider = person(store, "outsider@example.org", true, &[]).await;
    let volunteer = person(store, "volunteer@example.org", true, &[]).await;
    let convener = person(store, "convener@example.org", true, &[]).await;
    let platform = person(
        store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(convener, TRUST_A), (volunteer, TRUST_B)] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let today = Date::new(2026, 1, 1).unwrap();
    let form = RoundForm {
        convener: TRUST_A.key(),
        name: "Matrix round".into(),
        description: String::new(),
        group_size: "3".into(),
        travel_km: String::new(),
        closes_on: "2099-12-31".into(),
    };
    let id = store
        .create_review_round(convener, &RoundDraft::check(&form, today).unwrap())
        .await
        .unwrap();
    for (org, area) in [
        (TRUST_A, ImprovementArea::Attendance),
        (TRUST_B, ImprovementArea::Safeguarding),
        (SCHOOL_A, ImprovementArea::Ks4Outcomes),
    ] {
        store
            .volunteer_for_round(id, org, &[area], convener, today)
            .await
            .unwrap();
    }
    let host = Reader {
        orgs: [TRUST_A].into_iter().collect(),
        person: Some(convener),
        platform_admin: false,
    };
    let review = store
        .create_peer_review(
            convener,
            &SetupDraft {
                host: TRUST_A,
                focus: vec![ImprovementArea::EarlyReading],
                self_evaluation: "SECRET-SELF-EVALUATION".into(),
            },
        )
        .await
        .unwrap();
    store
        .add_reviewer(
            review,
            &host,
            &Reviewer {
                person: volunteer,
                org: TRUST_B,
                source: ReviewerSource::Cluster,
                hours: 7,
            },
        )
        .await
        .unwrap();
    Fixture {
        review: review.0,
        people: vec![
            None,
            Some(unverified),
            Some(outsider),
            Some(volunteer),
            Some(convener),
            Some(platform),
        ],
        round: id.0,
    }
}

#[tokio::test]
async fn every_round_route_answers_every_kind_of_person_as_the_table_says() {
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
                    .replace("{review}", &fixture.review.to_string())
            },
        )
        .await;
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[tokio::test]
async fn volunteers_and_their_focus_areas_reach_only_the_convener_and_the_volunteers_on_pages_and_api(
) {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        let server = TestServer::start(store.clone()).await;
        let address = format!("/review-rounds/{}", fixture.round);
        let focus = ImprovementArea::Safeguarding.label();
        for (i, person) in fixture.people.iter().enumerate() {
            let reply = ask(&store, &server, *person, "GET", &address).await;
            assert_eq!(reply.status, 200, "{}", ACTORS[i]);
            let sees = matches!(ACTORS[i], "volunteer" | "convener");
            assert_eq!(
                reply.body.contains(focus),
                sees,
                "{}: focus areas shown {}",
                ACTORS[i],
                !sees
            );
        }
        let api = format!("/api/v1/review-rounds/{}", fixture.round);
        for (i, person) in fixture.people.iter().enumerate() {
            let reply = ask(&store, &server, *person, "GET", &api).await;
            assert_eq!(reply.status, 200, "{}", ACTORS[i]);
            let sees = matches!(ACTORS[i], "volunteer" | "convener");
            assert_eq!(
                reply.body.contains("\"volunteers\"") || reply.body.contains("safeguarding"),
                sees,
                "{}: {}",
                ACTORS[i],
                reply.body
            );
            assert!(
                reply.body.contains("\"volunteer_count\":3"),
                "{}",
                reply.body
            );
        }
        let review = format!("/api/v1/peer-reviews/{}", fixture.review);
        for (i, person) in fixture.people.iter().enumerate() {
            let reply = ask(&store, &server, *person, "GET", &review).await;
            let party = matches!(ACTORS[i], "volunteer" | "convener");
            assert_eq!(
                reply.body.contains("SECRET-SELF-EVALUATION"),
                party,
                "{}: {}",
                ACTORS[i],
                reply.body
            );
            assert_eq!(reply.status, if party { 200 } else { 404 }, "{}", ACTORS[i]);
        }
        let listed = ask(&store, &server, None, "GET", "/api/v1/review-rounds").await;
        assert!(!listed.body.contains("safeguarding"), "{}", listed.body);
        let reply = ask(
            &store,
            &server,
            fixture.people[4],
            "GET",
            &format!("{address}?propose=yes"),
        )
        .await;
        assert_eq!(reply.status, 200);
        assert!(
            reply.body.contains("Proposed groups") && reply.body.contains("Why"),
            "{}",
            reply.body
        );
    }
}

/// What only the review's parties may ever read.
const REVIEW_SECRETS: [&str; 5] = [
    "SECRET-SELF-EVALUATION",
    "SECRET-EVIDENCE",
    "SECRET-FINDING",
    "SECRET-ACTION",
    "SECRET-FEEDBACK",
];

/// Takes the fixture's review to an agreed action plan with a secret in every confidential
/// part, and sends its progress-review reminders.
async fn run_review(store: &Store, fixture: &Fixture) {
    use convene_domain::peer_review::review::{
        ActionDraft, EvidenceDraft, EvidenceKind, FeedbackDraft, FindingDraft, FindingKind,
        PeerReviewId, ReviewStatus, Schedule,
    };
    let id = PeerReviewId(fixture.review);
    let host_person = fixture.people[4].unwrap();
    let reviewer_person = fixture.people[3].unwrap();
    let host = Reader {
        orgs: [TRUST_A].into_iter().collect(),
        person: Some(host_person),
        platform_admin: false,
    };
    let reviewer = Reader {
        orgs: [TRUST_B].into_iter().collect(),
        person: Some(reviewer_person),
        platform_admin: false,
    };
    let day = |t: &str| Date::parse(t).unwrap();
    let schedule = Schedule {
        starts_on: day("2026-01-10"),
        ends_on: day("2026-01-12"),
        progress_review_on: day("2026-11-12"),
    };
    store
        .set_review_schedule(id, &host, &schedule)
        .await
        .unwrap();
    for (who, to) in [
        (&host, ReviewStatus::Scheduled),
        (&reviewer, ReviewStatus::InProgress),
    ] {
        store
            .move_review(id, who, to, day("2026-01-10"))
            .await
            .unwrap();
    }
    store
        .log_review_evidence(
            id,
            &reviewer,
            reviewer_person,
            &EvidenceDraft {
                on: day("2026-01-10"),
                kind: EvidenceKind::Interview,
                note: "SECRET-EVIDENCE".into(),
            },
        )
        .await
        .unwrap();
    let finding = store
        .record_finding(
            id,
            &reviewer,
            reviewer_person,
            &FindingDraft {
                kind: FindingKind::AreaToDevelop,
                area: ImprovementArea::EarlyReading,
                text: "SECRET-FINDING".into(),
            },
        )
        .await
        .unwrap();
    store
        .move_review(
            id,
            &reviewer,
            ReviewStatus::FindingsShared,
            day("2026-01-12"),
        )
        .await
        .unwrap();
    store
        .add_review_action(
            id,
            &host,
            &ActionDraft {
                what: "SECRET-ACTION".into(),
                who: TRUST_A,
                by: day("2026-06-01"),
                finding,
            },
        )
        .await
        .unwrap();
    store
        .move_review(id, &host, ReviewStatus::ActionPlanAgreed, day("2026-01-20"))
        .await
        .unwrap();
    let feedback = FeedbackDraft {
        rating: 4,
        comment: "SECRET-FEEDBACK".into(),
    };
    store
        .give_review_feedback(id, &host, host_person, &feedback)
        .await
        .unwrap();
    store
        .run_review_reminders(
            "sweep",
            "2000-01-01T00:00:00Z",
            "2999-01-01T00:00:00Z",
            day("2026-11-12"),
            "http://convene.test",
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn no_list_export_feed_or_email_shows_a_review_to_outsiders_or_platform_administrators() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let fixture = fixture(&store).await;
        run_review(&store, &fixture).await;
        let server = TestServer::start(store.clone()).await;
        let reviewer = fixture.people[3].unwrap().0;
        let addresses = [
            "/peer-reviews".to_string(),
            "/api/v1/peer-reviews".into(),
            format!("/peer-reviews/{}", fixture.review),
            format!("/api/v1/peer-reviews/{}", fixture.review),
            format!("/organisations/{}", TRUST_A.key()),
            format!("/organisations/{}", TRUST_B.key()),
            format!("/people/{reviewer}"),
            format!("/review-rounds/{}", fixture.round),
            format!("/api/v1/review-rounds/{}", fixture.round),
            format!("/review-rounds/{}/groups.csv", fixture.round),
            "/review-rounds".into(),
            "/notices".into(),
            "/search?q=SECRET".into(),
            "/notes".into(),
            "/notes.csv".into(),
            "/api/v1/notes".into(),
            "/api/v1/collaborations".into(),
            "/partnerships".into(),
            "/admin/outbox".into(),
            "/admin/audit".into(),
            "/account/export".into(),
        ];
        // Outsiders and platform administrators, before and after the host publishes.
        let outside = [0usize, 1, 2, 5];
        for published in [false, true] {
            if published {
                let host = Reader {
                    orgs: [TRUST_A].into_iter().collect(),
                    person: fixture.people[4],
                    platform_admin: false,
                };
                store
                    .publish_review_summary(
                        convene_domain::peer_review::review::PeerReviewId(fixture.review),
                        &host,
                        fixture.people[4].unwrap(),
                        &convene_domain::peer_review::review::SummaryDraft {
                            text: "PUBLIC-SUMMARY".into(),
                        },
                        Date::new(2026, 2, 1).unwrap(),
                    )
                    .await
                    .unwrap();
            }
            for i in outside {
                for address in &addresses {
                    let reply = ask(&store, &server, fixture.people[i], "GET", address).await;
                    assert!(
                        reply.status < 500,
                        "{} {address}: {}",
                        ACTORS[i],
                        reply.status
                    );
                    for secret in REVIEW_SECRETS {
                        assert!(
                            !reply.body.contains(secret),
                            "{} saw {secret} at {address} (published: {published})",
                            ACTORS[i]
                        );
                    }
                    if !published && address.contains("peer-reviews") {
                        assert!(
                            !reply.body.contains("Peer review: ")
                                && !reply.body.contains("\"host\""),
                            "{} learnt of the unpublished review at {address}: {}",
                            ACTORS[i],
                            reply.body
                        );
                    }
                }
            }
            // The parties see it all, on the page and in their list.
            for i in [3usize, 4] {
                let page = format!("/peer-reviews/{}", fixture.review);
                let reply = ask(&store, &server, fixture.people[i], "GET", &page).await;
                assert!(reply.body.contains("SECRET-FINDING"), "{}", ACTORS[i]);
            }
        }
        // No email carries a secret, and the reminders name no host.
        let emails = store.outbox(None, 200).await.unwrap();
        let reminders: Vec<_> = emails
            .iter()
            .filter(|e| e.message.subject.contains("progress review"))
            .collect();
        assert_eq!(
            reminders.len(),
            2,
            "the host's administrator and the reviewer"
        );
        for email in &emails {
            for secret in REVIEW_SECRETS {
                assert!(
                    !email.message.body.contains(secret) && !email.message.subject.contains(secret)
                );
            }
        }
        for email in reminders {
            assert!(
                !email.message.body.contains("5 Dimensions Trust"),
                "{}",
                email.message.body
            );
        }
    }
}
