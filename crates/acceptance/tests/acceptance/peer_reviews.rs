//! Peer reviews in the store on both backends: a review from draft to a published summary,
//! each step by the side allowed to take it, and above all that the findings, evidence,
//! self-evaluation, action plan and feedback reach only the host and its reviewers: an
//! outsider and a platform administrator get nothing, then only the published summary.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{create_person, two_trusts, TRUST_A, TRUST_B};
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::review::{
    ActionDraft, EvidenceDraft, EvidenceKind, FeedbackDraft, FindingDraft, FindingKind, Reader,
    ReviewStatus, Reviewer, ReviewerSource, Schedule, SetupDraft, SummaryDraft,
};
use convene_domain::Date;
use convene_store::{ReviewForReader, StoreError};

const SECRET: &str = "SECRET-FINDING";

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn reader(person: PersonId, orgs: &[OrgRef], platform_admin: bool) -> Reader {
    Reader {
        orgs: orgs.iter().copied().collect(),
        person: Some(person),
        platform_admin,
    }
}

#[tokio::test]
async fn a_review_runs_from_draft_to_a_published_summary_and_its_findings_stay_with_its_parties() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
        let host_person = create_person(&store, "host@example.org", "Hana Host", &[]).await;
        let reviewer_person = create_person(&store, "rev@example.org", "Rex Reviewer", &[]).await;
        let outsider_person = create_person(&store, "out@example.org", "Otto", &[]).await;
        let admin_person = create_person(
            &store,
            "admin@example.org",
            "Ada",
            &[PlatformRole::Administrator],
        )
        .await;
        let host = reader(host_person, &[TRUST_A], false);
        let reviewer = reader(reviewer_person, &[TRUST_B], false);
        let outsider = reader(outsider_person, &[], false);
        let admin = reader(admin_person, &[], true);
        let anonymous = Reader::default();

        let id = store
            .create_peer_review(
                host_person,
                &SetupDraft {
                    host: TRUST_A,
                    focus: vec![ImprovementArea::EarlyReading, ImprovementArea::Attendance],
                    self_evaluation: "SECRET-SELF: reading is weak in year 1".into(),
                },
            )
            .await
            .unwrap();
        let refused =
            |r: Result<(), StoreError>| assert!(matches!(r, Err(StoreError::Refused(_))), "{r:?}");
        // Only the host's side builds the team, and an outsider learns nothing.
        let member = Reviewer {
            person: reviewer_person,
            org: TRUST_B,
            source: ReviewerSource::Cluster,
            hours: 14,
        };
        refused(store.add_reviewer(id, &outsider, &member).await);
        store.add_reviewer(id, &host, &member).await.unwrap();
        let schedule = Schedule {
            starts_on: day("2027-01-10"),
            ends_on: day("2027-01-12"),
            progress_review_on: day("2027-11-12"),
        };
        store
            .set_review_schedule(id, &host, &schedule)
            .await
            .unwrap();
        refused(
            store
                .move_review(id, &reviewer, ReviewStatus::Scheduled, day("2027-01-01"))
                .await,
        );
        store
            .move_review(id, &host, ReviewStatus::Scheduled, day("2027-01-01"))
            .await
            .unwrap();
        refused(
            store
                .move_review(id, &host, ReviewStatus::InProgress, day("2027-01-09"))
                .await,
        );
        store
            .move_review(id, &host, ReviewStatus::InProgress, day("2027-01-10"))
            .await
            .unwrap();

        // The team logs evidence and findings; the host cannot write findings, and a
        // finding outside the focus is refused.
        store
            .log_review_evidence(
                id,
                &reviewer,
                reviewer_person,
                &EvidenceDraft {
                    on: day("2027-01-10"),
                    kind: EvidenceKind::LessonVisit,
                    note: "SECRET-EVIDENCE: phonics in year 1".into(),
                },
            )
            .await
            .unwrap();
        let finding = |area, kind| FindingDraft {
            kind,
            area,
            text: format!("{SECRET}: decoding lags"),
        };
        assert!(store
            .record_finding(
                id,
                &host,
                host_person,
                &finding(ImprovementArea::EarlyReading, FindingKind::AreaToDevelop)
            )
            .await
            .is_err());
        assert!(store
            .record_finding(
                id,
                &reviewer,
                reviewer_person,
                &finding(ImprovementArea::Careers, FindingKind::Strength)
            )
            .await
            .is_err());
        let develop = store
            .record_finding(
                id,
                &reviewer,
                reviewer_person,
                &finding(ImprovementArea::EarlyReading, FindingKind::AreaToDevelop),
            )
            .await
            .unwrap();
        store
            .move_review(
                id,
                &reviewer,
                ReviewStatus::FindingsShared,
                day("2027-01-12"),
            )
            .await
            .unwrap();

        // Nobody outside sees anything yet; the parties see it all.
        for who in [&outsider, &admin, &anonymous] {
            assert_eq!(store.peer_review_for(id, who).await.unwrap(), None);
        }
        for who in [&host, &reviewer] {
            match store.peer_review_for(id, who).await.unwrap() {
                Some(ReviewForReader::Whole(r)) => {
                    assert_eq!(r.findings.len(), 1);
                    assert_eq!(r.evidence.len(), 1);
                    assert!(r.self_evaluation.starts_with("SECRET-SELF"));
                }
                other => panic!("{other:?}"),
            }
        }

        // The host plans, agrees the plan, both give feedback, the host publishes.
        refused(
            store
                .move_review(id, &host, ReviewStatus::ActionPlanAgreed, day("2027-01-20"))
                .await,
        );
        store
            .add_review_action(
                id,
                &host,
                &ActionDraft {
                    what: "Phonics training for year 1 staff".into(),
                    who: TRUST_A,
                    by: day("2027-04-01"),
                    finding: develop,
                },
            )
            .await
            .unwrap();
        store
            .move_review(id, &host, ReviewStatus::ActionPlanAgreed, day("2027-01-20"))
            .await
            .unwrap();
        for (who, person) in [(&host, host_person), (&reviewer, reviewer_person)] {
            store
                .give_review_feedback(
                    id,
                    who,
                    person,
                    &FeedbackDraft {
                        rating: 5,
                        comment: "Useful".into(),
                    },
                )
                .await
                .unwrap();
        }
        let summary = SummaryDraft {
            text: "We were reviewed on early reading and attendance.".into(),
        };
        assert!(store
            .publish_review_summary(id, &reviewer, reviewer_person, &summary, day("2027-01-21"))
            .await
            .is_err());
        store
            .publish_review_summary(id, &host, host_person, &summary, day("2027-01-21"))
            .await
            .unwrap();
        for who in [&outsider, &admin, &anonymous] {
            match store.peer_review_for(id, who).await.unwrap() {
                Some(ReviewForReader::Summary(public)) => {
                    assert_eq!(public.summary.text, summary.text);
                    let shown = format!("{public:?}");
                    assert!(!shown.contains("SECRET"), "{shown}");
                }
                other => panic!("an outsider got {other:?}"),
            }
        }
        match store.peer_review_for(id, &host).await.unwrap() {
            Some(ReviewForReader::Whole(r)) => {
                assert_eq!(r.status, ReviewStatus::ActionPlanAgreed);
                assert_eq!(r.feedback.len(), 2);
                assert_eq!(r.actions.len(), 1);
                assert!(r.summary.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
}
