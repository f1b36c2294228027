//! Peer review rounds in the store on both backends: a round opened, volunteers joining
//! (and changing their focus without losing their place), a grouping that loses someone
//! refused with nothing changed, groups saved and confirmed until the round closes, and
//! every change refused once the round has moved past it, and the next round told which
//! pairs shared a group.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{create_person, two_trusts, SCHOOL_A, TRUST_A, TRUST_B};
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::peer_review::round_setup::{RoundDraft, RoundForm, RoundStatus};
use convene_domain::Date;
use convene_store::StoreError;

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[tokio::test]
async fn a_round_takes_volunteers_saves_whole_groups_and_closes_when_all_confirm() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
        let person = create_person(&store, "convener@example.org", "Cora Convener", &[]).await;
        let today = day("2027-01-10");
        let form = RoundForm {
            convener: TRUST_A.key(),
            name: "Spring round".into(),
            description: String::new(),
            group_size: "3".into(),
            travel_km: "50".into(),
            closes_on: "2027-02-01".into(),
        };
        let draft = RoundDraft::check(&form, today).unwrap();
        let id = store.create_review_round(person, &draft).await.unwrap();
        let round = store.review_round(id).await.unwrap().unwrap();
        assert_eq!(round.status, RoundStatus::Open);
        assert_eq!(round.travel_km, Some(50));
        assert!(round.convener.name.contains("TRUST") || !round.convener.name.is_empty());

        use ImprovementArea::*;
        for (org, focus) in [
            (TRUST_A, vec![EarlyReading]),
            (TRUST_B, vec![Attendance, Behaviour]),
            (SCHOOL_A, vec![Ks4Outcomes]),
        ] {
            store
                .volunteer_for_round(id, org, &focus, person, today)
                .await
                .unwrap();
        }
        store
            .volunteer_for_round(id, TRUST_A, &[Careers], person, today)
            .await
            .unwrap();
        let volunteers = store.round_volunteers(id).await.unwrap();
        assert_eq!(volunteers.len(), 3);
        assert_eq!(volunteers[0].org.org, TRUST_A, "a change keeps its place");
        assert_eq!(volunteers[0].focus, [Careers]);
        let late = store
            .volunteer_for_round(id, TRUST_B, &[Attendance], person, day("2027-02-02"))
            .await;
        assert!(matches!(late, Err(StoreError::Refused(_))), "{late:?}");

        let lost = store.save_round_groups(id, &[vec![TRUST_A, TRUST_B]]).await;
        assert!(matches!(lost, Err(StoreError::Refused(_))), "{lost:?}");
        let doubled = store
            .save_round_groups(id, &[vec![TRUST_A, TRUST_B, SCHOOL_A], vec![TRUST_A]])
            .await;
        assert!(matches!(doubled, Err(StoreError::Refused(_))));
        assert!(
            store.round_groups(id).await.unwrap().is_empty(),
            "nothing saved"
        );
        assert_eq!(
            store.review_round(id).await.unwrap().unwrap().status,
            RoundStatus::Open
        );

        store
            .save_round_groups(id, &[vec![TRUST_B, TRUST_A, SCHOOL_A]])
            .await
            .unwrap();
        let groups = store.round_groups(id).await.unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members.len(), 3);
        assert!(!groups[0].confirmed());
        assert!(store
            .volunteer_for_round(id, TRUST_B, &[Attendance], person, today)
            .await
            .is_err());
        assert!(store.withdraw_from_round(id, TRUST_B).await.is_err());

        store
            .confirm_round_group(id, TRUST_A, person)
            .await
            .unwrap();
        store
            .confirm_round_group(id, TRUST_A, person)
            .await
            .unwrap();
        store
            .confirm_round_group(id, TRUST_B, person)
            .await
            .unwrap();
        assert_eq!(
            store.review_round(id).await.unwrap().unwrap().status,
            RoundStatus::Grouped
        );
        store
            .confirm_round_group(id, SCHOOL_A, person)
            .await
            .unwrap();
        let round = store.review_round(id).await.unwrap().unwrap();
        assert_eq!(round.status, RoundStatus::Closed, "all confirmed");
        assert!(store.round_groups(id).await.unwrap()[0].confirmed());
        assert!(store
            .save_round_groups(id, &[vec![TRUST_A, TRUST_B, SCHOOL_A]])
            .await
            .is_err());
        let rounds = store.review_rounds(50, 0).await.unwrap();
        assert_eq!(rounds.len(), 1);
        assert_eq!(rounds[0].1, 3);

        // The next round keeps this round's pairs apart: three pairs from one group of three.
        let next = store.create_review_round(person, &draft).await.unwrap();
        let past = store.past_pairings(next).await.unwrap();
        assert_eq!(past.len(), 3, "{past:?}");
        assert!(past
            .iter()
            .any(|p| [p.a, p.b].contains(&TRUST_A) && [p.a, p.b].contains(&TRUST_B)));
        assert!(past.iter().all(|p| p.when.contains("Spring round")));
        assert!(
            store.past_pairings(id).await.unwrap().is_empty(),
            "none before the first"
        );
    }
}
