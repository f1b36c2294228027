use super::*;
use crate::analysis::SystemInput;
use crate::brokerage::evidence::EvidenceIndex;
use crate::organisation::{GridReference, Group, GroupKind, GroupLink, School};
use crate::outcome::{Measure, Outcome};
use crate::party::PartnerId;

const TRUST_IN_NEED: GroupUid = GroupUid(900);
const OTHER_TRUST: GroupUid = GroupUid(901);

fn school(urn: i64, easting_km: i64) -> School {
    let mut s = School::new(Urn(urn), format!("School {urn}"));
    s.phase = Phase::Primary;
    s.pupils = Some(200 + urn);
    s.fsm_percent = Some(10.0 + (urn % 5) as f64);
    s.eal_percent = Some(5.0);
    s.urban_rural = Some("(England/Wales) Urban city and town".into());
    s.idaci_quintile = Some(3);
    s.location = GridReference::new(400_000 + easting_km * 1000, 300_000);
    s
}

struct World {
    analysis: SystemAnalysis,
    evidence: EvidenceIndex,
}

/// 40 primary schools 2 km apart in a line; schools 1 and 2 are in the trust in need,
/// schools 3 and 4 in another trust. KS2 maths progress varies from -3 to 3, and
/// `overrides` sets chosen schools' figures.
fn world(overrides: &[(i64, f64)]) -> World {
    let mut schools: Vec<School> = (1..=40).map(|u| school(u, u * 2)).collect();
    // Two twins, alike in every way but their results, far from the schools in need.
    let mut twin_a = school(50, 200);
    let mut twin_b = school(51, 200);
    twin_a.pupils = Some(300);
    twin_b.pupils = Some(300);
    twin_a.fsm_percent = Some(12.0);
    twin_b.fsm_percent = Some(12.0);
    schools.push(twin_a);
    schools.push(twin_b);
    let mut outcomes: HashMap<Urn, Vec<Outcome>> = HashMap::new();
    for s in &schools {
        let value = overrides
            .iter()
            .find(|(u, _)| *u == s.urn.0)
            .map_or(((s.urn.0 % 7) - 3) as f64, |(_, v)| *v);
        outcomes.insert(
            s.urn,
            vec![Outcome {
                measure: Measure::Ks2MathsProgress,
                year: "2018/19".into(),
                value,
                source: "ks2_2018-19.csv".into(),
            }],
        );
    }
    let input = SystemInput {
        schools,
        groups: vec![
            Group::new(TRUST_IN_NEED, "Trust in need", GroupKind::MultiAcademyTrust),
            Group::new(OTHER_TRUST, "Other trust", GroupKind::MultiAcademyTrust),
        ],
        memberships: [
            (TRUST_IN_NEED, 1),
            (TRUST_IN_NEED, 2),
            (OTHER_TRUST, 3),
            (OTHER_TRUST, 4),
        ]
        .into_iter()
        .map(|(group_uid, urn)| GroupLink {
            group_uid,
            urn: Urn(urn),
            joined_date: None,
        })
        .collect(),
        context: Default::default(),
    };
    let analysis = SystemAnalysis::build(&input);
    let evidence = EvidenceIndex::build(&analysis, &outcomes);
    World { analysis, evidence }
}

fn need(owner: OrgRef, reach: Reach) -> RankingNeed {
    RankingNeed {
        owner,
        area: ImprovementArea::Ks2Maths,
        form: HelpForm::PeerReview,
        days: 10,
        reach,
        from: Date::new(2027, 1, 1).unwrap(),
        to: Date::new(2027, 7, 1).unwrap(),
        schools: Vec::new(),
    }
}

fn ranked(
    world: &World,
    need: &RankingNeed,
    policy: CompetitionPolicy,
    market: &Market,
) -> Ranking {
    rank(
        need,
        Weights::default(),
        policy,
        &world.evidence,
        &world.analysis,
        market,
    )
}

fn orgs(ranking: &Ranking) -> Vec<OrgRef> {
    ranking.order().map(|(o, _)| o).collect()
}

fn score_of(ranking: &Ranking, org: OrgRef) -> f64 {
    ranking
        .order()
        .find(|(o, _)| *o == org)
        .map(|(_, s)| s)
        .unwrap()
}

#[test]
fn the_same_data_always_gives_the_same_order() {
    let w = world(&[]);
    let n = need(OrgRef::Trust(TRUST_IN_NEED), Reach::Within(100));
    let first = orgs(&ranked(
        &w,
        &n,
        CompetitionPolicy::Ignore,
        &Market::default(),
    ));
    let second = orgs(&ranked(
        &w,
        &n,
        CompetitionPolicy::Ignore,
        &Market::default(),
    ));
    assert!(!first.is_empty());
    assert_eq!(first, second);
}

#[test]
fn the_trust_in_need_and_its_schools_never_appear() {
    let w = world(&[]);
    for owner in [OrgRef::Trust(TRUST_IN_NEED), OrgRef::School(Urn(1))] {
        let n = need(owner, Reach::Anywhere);
        let r = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
        let order = orgs(&r);
        for own in [
            OrgRef::Trust(TRUST_IN_NEED),
            OrgRef::School(Urn(1)),
            OrgRef::School(Urn(2)),
        ] {
            assert!(!order.contains(&own), "{own} appears for {owner}");
            assert_eq!(
                r.explain(own, &w.evidence, &Market::default()).unwrap_err(),
                Exclusion::OwnTrust
            );
        }
        assert!(order.contains(&OrgRef::Trust(OTHER_TRUST)));
    }
}

#[test]
fn better_evidence_is_never_ranked_lower_when_all_else_is_equal() {
    let w = world(&[(50, 3.0), (51, 1.0)]);
    let n = need(OrgRef::School(Urn(1)), Reach::Anywhere);
    let r = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
    let (strong, weak) = (OrgRef::School(Urn(50)), OrgRef::School(Urn(51)));
    assert!(score_of(&r, strong) > score_of(&r, weak));
    let order = orgs(&r);
    let position = |o| order.iter().position(|x| *x == o).unwrap();
    assert!(position(strong) < position(weak));
    let explained = r.explain(strong, &w.evidence, &Market::default()).unwrap();
    let evidence = &explained.factors[0];
    assert_eq!(evidence.kind, FactorKind::Evidence);
    assert!(
        evidence.summary.contains("above its family's median"),
        "{}",
        evidence.summary
    );
    assert!(evidence
        .figures
        .iter()
        .any(|f| f.contains("2018/19") && f.contains("ks2_2018-19.csv")));
}

#[test]
fn raising_one_candidates_results_never_lowers_its_score() {
    let n = need(OrgRef::School(Urn(1)), Reach::Within(150));
    for (urn, low, high) in [(20, -2.0, 0.5), (30, 0.0, 2.5), (12, 1.0, 6.0)] {
        let before = ranked(
            &world(&[(urn, low)]),
            &n,
            CompetitionPolicy::Ignore,
            &Market::default(),
        );
        let after = ranked(
            &world(&[(urn, high)]),
            &n,
            CompetitionPolicy::Ignore,
            &Market::default(),
        );
        let org = OrgRef::School(Urn(urn));
        assert!(
            score_of(&after, org) >= score_of(&before, org),
            "school {urn}"
        );
    }
}

#[test]
fn an_excluded_competitor_never_appears_and_a_down_weighted_one_is_halved() {
    let w = world(&[]);
    let n = need(OrgRef::School(Urn(10)), Reach::Within(100));
    // School 11 is 2 km away and primary too: within the 3 km primary catchment.
    let neighbour = OrgRef::School(Urn(11));
    let excluded = ranked(&w, &n, CompetitionPolicy::Exclude, &Market::default());
    assert!(!orgs(&excluded).contains(&neighbour));
    assert_eq!(
        excluded
            .explain(neighbour, &w.evidence, &Market::default())
            .unwrap_err(),
        Exclusion::Competitor
    );
    let ignored = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
    let halved = ranked(&w, &n, CompetitionPolicy::DownWeight, &Market::default());
    let full = score_of(&ignored, neighbour);
    assert!((score_of(&halved, neighbour) - full * COMPETITOR_MULTIPLIER).abs() < 1e-9);
    let shown = ignored
        .explain(neighbour, &w.evidence, &Market::default())
        .unwrap();
    assert!(!shown.competition.is_empty());
    assert!(shown.competition[0].evidence.contains("2.0 km apart"));
    // School 20, 20 km away, is no competitor.
    let far = ignored
        .explain(OrgRef::School(Urn(20)), &w.evidence, &Market::default())
        .unwrap();
    assert!(far.competition.is_empty());
}

#[test]
fn a_need_nearby_leaves_out_candidates_beyond_its_reach() {
    let w = world(&[]);
    let n = need(OrgRef::School(Urn(1)), Reach::Within(10));
    let r = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
    assert!(orgs(&r).contains(&OrgRef::School(Urn(5))));
    assert_eq!(
        r.explain(OrgRef::School(Urn(30)), &w.evidence, &Market::default())
            .unwrap_err(),
        Exclusion::BeyondReach
    );
}

fn offer(owner: OrgRef, spare: u32) -> OfferCapacity {
    OfferCapacity {
        offer: OfferId(1),
        owner,
        area: ImprovementArea::Ks2Maths,
        form: HelpForm::PeerReview,
        days_per_term: 10,
        spare_days: spare,
        reach: Reach::Anywhere,
        from: Date::new(2026, 9, 1).unwrap(),
        to: Date::new(2027, 8, 31).unwrap(),
    }
}

#[test]
fn capacity_used_up_lowers_the_score() {
    let w = world(&[]);
    let n = need(OrgRef::School(Urn(1)), Reach::Anywhere);
    let helper = OrgRef::Trust(OTHER_TRUST);
    let free = Market {
        offers: vec![offer(helper, 10)],
        ..Market::default()
    };
    let used = Market {
        offers: vec![offer(helper, 0)],
        ..Market::default()
    };
    let with_free = ranked(&w, &n, CompetitionPolicy::Ignore, &free);
    let with_used = ranked(&w, &n, CompetitionPolicy::Ignore, &used);
    let none = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
    assert!(score_of(&with_free, helper) > score_of(&with_used, helper));
    assert!((score_of(&with_used, helper) - score_of(&none, helper)).abs() < 1e-9);
    let words = with_used.explain(helper, &w.evidence, &used).unwrap();
    assert!(words.factors[3].figures[0].contains("used up"));
}

#[test]
fn partners_appear_only_with_a_matching_offer_and_areas_without_measures_say_so() {
    let w = world(&[]);
    let partner = OrgRef::Partner(PartnerId(7));
    let mut n = need(OrgRef::School(Urn(1)), Reach::Anywhere);
    n.area = ImprovementArea::Governance;
    let mut governance_offer = offer(partner, 10);
    governance_offer.area = ImprovementArea::Governance;
    let market = Market {
        offers: vec![governance_offer],
        partner_names: [(PartnerId(7), "Governors' network".to_string())].into(),
        ..Market::default()
    };
    let r = ranked(&w, &n, CompetitionPolicy::Ignore, &market);
    assert_eq!(r.effective.evidence, 0.0);
    assert!(r.notes.iter().any(|note| note.contains("declared offers")));
    let top = &r.page(0, 1, &w.evidence, &market)[0];
    assert_eq!(top.org, partner, "the only declared offer leads");
    assert_eq!(top.name, "Governors' network");
    let without = ranked(&w, &n, CompetitionPolicy::Ignore, &Market::default());
    assert_eq!(
        without
            .explain(partner, &w.evidence, &Market::default())
            .unwrap_err(),
        Exclusion::PartnerWithoutOffer
    );
}

#[test]
fn points_add_up_to_the_score() {
    let w = world(&[]);
    let n = need(OrgRef::Trust(TRUST_IN_NEED), Reach::Within(200));
    let r = ranked(&w, &n, CompetitionPolicy::DownWeight, &Market::default());
    for c in r.page(0, 20, &w.evidence, &Market::default()) {
        let sum: f64 = c.factors.iter().map(|f| f.points).sum();
        assert!(
            (sum - c.score).abs() < 1e-9,
            "{}: {sum} against {}",
            c.name,
            c.score
        );
    }
}

#[test]
fn every_candidate_measured_again_for_its_words_has_the_score_it_was_ranked_by() {
    let w = world(&[]);
    let mut market = Market::default();
    market.offers.push(OfferCapacity {
        offer: OfferId(1),
        owner: OrgRef::Trust(OTHER_TRUST),
        area: ImprovementArea::Ks2Maths,
        form: HelpForm::PeerReview,
        days_per_term: 10,
        spare_days: 4,
        reach: Reach::Anywhere,
        from: Date::new(2027, 1, 1).unwrap(),
        to: Date::new(2027, 7, 1).unwrap(),
    });
    for owner in [OrgRef::Trust(TRUST_IN_NEED), OrgRef::School(Urn(20))] {
        for reach in [Reach::Within(20), Reach::Anywhere] {
            for policy in CompetitionPolicy::ALL {
                let ranking = ranked(&w, &need(owner, reach), policy, &market);
                let page = ranking.page(0, ranking.len(), &w.evidence, &market);
                assert_eq!(page.len(), ranking.len());
                for (candidate, (org, score)) in page.iter().zip(ranking.order()) {
                    assert_eq!(candidate.org, org);
                    assert_eq!(candidate.score, score);
                    let points: f64 = candidate.factors.iter().map(|f| f.points).sum();
                    assert!(
                        (points - score).abs() < 1e-9,
                        "{org:?}: {points} vs {score}"
                    );
                    let explained = ranking.explain(org, &w.evidence, &market).unwrap();
                    assert_eq!(explained, *candidate);
                }
            }
        }
    }
}
