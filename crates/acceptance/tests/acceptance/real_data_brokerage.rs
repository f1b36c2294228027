//! The brokerage ranking over the whole country, from the bundled national data on both
//! backends: the evidence comes from real published figures with their years, the trust in
//! need never appears, and the same data gives the same order.

use crate::national::national_store;
use convene_acceptance::databases::TestDatabase;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::brokerage::ranking::Exclusion;
use convene_domain::brokerage::{
    rank, CompetitionPolicy, EvidenceIndex, FactorKind, HelpForm, ImprovementArea, Market,
    RankingNeed, Reach, Weights,
};
use convene_domain::party::OrgRef;
use convene_domain::{Date, Urn};

#[tokio::test]
async fn a_real_secondary_schools_need_is_ranked_on_dated_evidence() {
    for db in TestDatabase::both().await {
        let store = national_store(&db).await;
        let analysis = SystemAnalysis::build(&store.system_input().await.unwrap());
        let evidence = EvidenceIndex::build(&analysis, &store.all_outcomes().await.unwrap());
        assert!(evidence.schools().len() > 20_000, "{:?}", db.backend);
        assert!(evidence.trusts().len() > 2_000);

        // A secondary academy whose KS4 2023/24 results are compared with its family.
        let school = evidence
            .schools()
            .iter()
            .find(|s| {
                s.trust.is_some()
                    && evidence
                        .evidence_in(s.urn, ImprovementArea::Ks4Outcomes)
                        .iter()
                        .any(|e| e.year == "2023/24")
            })
            .expect("a secondary academy with 2023/24 results");
        let trust = school.trust.unwrap();
        let need = RankingNeed {
            owner: OrgRef::School(school.urn),
            area: ImprovementArea::Ks4Outcomes,
            form: HelpForm::PeerReview,
            days: 6,
            reach: Reach::Within(60),
            from: Date::new(2027, 1, 4).unwrap(),
            to: Date::new(2027, 7, 16).unwrap(),
            schools: Vec::new(),
        };
        let market = Market::default();
        let ranking = rank(
            &need,
            Weights::default(),
            CompetitionPolicy::DownWeight,
            &evidence,
            &analysis,
            &market,
        );
        assert!(ranking.len() > 100, "only {} candidates", ranking.len());
        let again = rank(
            &need,
            Weights::default(),
            CompetitionPolicy::DownWeight,
            &evidence,
            &analysis,
            &market,
        );
        assert!(
            ranking.order().eq(again.order()),
            "the same data gives the same order"
        );

        let own_schools: Vec<Urn> = analysis.open_members(trust).to_vec();
        for (org, _) in ranking.order() {
            assert_ne!(org, OrgRef::Trust(trust));
            if let OrgRef::School(urn) = org {
                assert!(
                    !own_schools.contains(&urn),
                    "{urn:?} is in the trust in need"
                );
            }
        }
        assert_eq!(
            ranking
                .explain(OrgRef::Trust(trust), &evidence, &market)
                .unwrap_err(),
            Exclusion::OwnTrust
        );

        let top = ranking.page(0, 10, &evidence, &market);
        let strongest = &top[0];
        let evidence_factor = strongest
            .factors
            .iter()
            .find(|f| f.kind == FactorKind::Evidence)
            .unwrap();
        assert!(evidence_factor.value > 0.0, "{}", evidence_factor.summary);
        assert!(
            evidence_factor.summary.contains("above"),
            "{}",
            evidence_factor.summary
        );
        assert!(
            evidence_factor
                .figures
                .iter()
                .any(|f| f.contains("Progress 8 2023/24") || f.contains("Attainment 8 2023/24")),
            "{:?}",
            evidence_factor.figures
        );
        for candidate in &top {
            let sum: f64 = candidate.factors.iter().map(|f| f.points).sum();
            assert!((sum - candidate.score).abs() < 1e-6);
        }
    }
}
