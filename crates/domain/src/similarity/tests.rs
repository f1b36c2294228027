use super::*;
use crate::import::{ImportKind, ImportSource};
use crate::organisation::{GridReference, OfstedInspection};
use crate::outcome::{Measure, Outcome};
use crate::{Date, GroupUid};

fn school(urn: i64, phase: Phase, pupils: i64, fsm: Option<f64>) -> School {
    let mut s = School::new(Urn(urn), format!("School {urn}"));
    s.phase = phase;
    s.pupils = Some(pupils);
    s.fsm_percent = fsm;
    s.eal_percent = Some(5.0);
    s.urban_rural = Some("(England/Wales) Urban city and town".into());
    s.idaci_quintile = Some(3);
    s
}

fn fsm_only() -> FamilyMethod {
    FamilyMethod {
        measures: vec![(ContextMeasure::DisadvantagePercent, 1.0)],
        family_size: 20,
    }
}

fn neighbour_urns(family: &Family) -> Vec<i64> {
    family.neighbours.iter().map(|n| n.urn.0).collect()
}

#[test]
fn standardises_within_a_phase_as_worked_by_hand() {
    // FSM 10, 20, 60: mean 30; deviations -20, -10, 30; variance (400 + 100 + 900) / 3.
    let schools = [
        school(1, Phase::Primary, 100, Some(10.0)),
        school(2, Phase::Primary, 100, Some(20.0)),
        school(3, Phase::Primary, 100, Some(60.0)),
    ];
    let families = compute_families(
        &schools,
        &FamilyContext::default(),
        &FamilyMethod::default(),
    );
    let sd = (1400.0_f64 / 3.0).sqrt();
    let primary = families.phase(Phase::Primary).expect("primary phase");
    assert_eq!(primary.schools, 3);
    let fsm = &primary.measures[1];
    assert_eq!(fsm.measure, ContextMeasure::DisadvantagePercent);
    assert!((fsm.standardisation.mean - 30.0).abs() < 1e-12);
    assert!((fsm.standardisation.standard_deviation - sd).abs() < 1e-12);

    let family = families.family(Urn(1)).expect("family of 1");
    assert_eq!(neighbour_urns(family), [2, 3]);
    // z-scores -20/sd, -10/sd, 30/sd: school 1 is 10/sd from school 2 and 50/sd from 3.
    assert!((family.neighbours[0].distance - 10.0 / sd).abs() < 1e-12);
    assert!((family.neighbours[1].distance - 50.0 / sd).abs() < 1e-12);
    // Every school has 100 pupils: a measure with no spread contributes nothing.
    let pupils = &family.neighbours[0].contributions[0];
    assert_eq!(pupils.measure, ContextMeasure::Pupils);
    assert_eq!(pupils.squared_difference, 0.0);
    assert_eq!(family.neighbours[0].contributions[1].share_of_distance, 1.0);
}

#[test]
fn missing_values_are_imputed_at_the_mean_and_flagged() {
    let schools = [
        school(1, Phase::Primary, 100, Some(10.0)),
        school(2, Phase::Primary, 100, Some(30.0)),
        school(3, Phase::Primary, 100, Some(50.0)),
        school(4, Phase::Primary, 100, None),
    ];
    let families = compute_families(&schools, &FamilyContext::default(), &fsm_only());
    let fsm = &families.phase(Phase::Primary).expect("primary").measures[0];
    // The mean and SD come from the three schools with a value.
    assert_eq!(fsm.standardisation.count, 3);
    assert!((fsm.standardisation.mean - 30.0).abs() < 1e-12);

    let family = families.family(Urn(4)).expect("family of 4");
    assert_eq!(family.imputed, [ContextMeasure::DisadvantagePercent]);
    // At the mean, school 4 sits exactly on school 2 and equally far from 1 and 3.
    assert_eq!(neighbour_urns(family), [2, 1, 3]);
    assert_eq!(family.neighbours[0].distance, 0.0);
    assert_eq!(family.neighbours[0].contributions[0].school_value, None);
    assert_eq!(
        family.neighbours[0].contributions[0].neighbour_value,
        Some(30.0)
    );
    assert!(families
        .family(Urn(1))
        .expect("family of 1")
        .imputed
        .is_empty());
}

#[test]
fn families_stay_within_a_phase_and_leave_out_closed_schools() {
    let mut closed = school(5, Phase::Primary, 100, Some(10.0));
    closed.status = Status::Closed;
    let schools = [
        school(1, Phase::Primary, 100, Some(10.0)),
        school(2, Phase::Primary, 100, Some(40.0)),
        school(3, Phase::Secondary, 100, Some(10.0)),
        school(4, Phase::Secondary, 100, Some(11.0)),
        closed,
    ];
    let families = compute_families(&schools, &FamilyContext::default(), &fsm_only());
    assert_eq!(neighbour_urns(&families.families[&Urn(1)]), [2]);
    assert_eq!(neighbour_urns(&families.families[&Urn(3)]), [4]);
    assert_eq!(families.families[&Urn(3)].phase, Phase::Secondary);
    assert!(families.family(Urn(5)).is_none());
    assert_eq!(families.families.len(), 4);
}

#[test]
fn results_are_deterministic_with_ties_broken_by_urn() {
    // Thirty identical schools given in scrambled order: every family is the lowest URNs
    // other than the school itself.
    let schools: Vec<School> = (0..30)
        .map(|i| school(100 + (i * 7) % 30, Phase::Primary, 250, Some(20.0)))
        .collect();
    let method = FamilyMethod {
        family_size: 3,
        ..FamilyMethod::default()
    };
    let first = compute_families(&schools, &FamilyContext::default(), &method);
    assert_eq!(neighbour_urns(&first.families[&Urn(100)]), [101, 102, 103]);
    assert_eq!(neighbour_urns(&first.families[&Urn(102)]), [100, 101, 103]);
    let mut reversed = schools.clone();
    reversed.reverse();
    assert_eq!(
        first,
        compute_families(&reversed, &FamilyContext::default(), &method)
    );
}

#[test]
fn contributions_sum_to_the_squared_distance() {
    let schools: Vec<School> = (0..60)
        .map(|i| {
            let mut s = school(i, Phase::Primary, 50 + i * 13, Some((i * 17 % 50) as f64));
            s.eal_percent = (i % 4 != 0).then_some((i * 11 % 70) as f64);
            s.sen_support_percent = Some((i * 5 % 30) as f64);
            s.ehc_plan_percent = (i % 5 != 0).then_some((i % 6) as f64);
            s.idaci_quintile = Some(1 + i % 5);
            s
        })
        .collect();
    let method = FamilyMethod {
        measures: ContextMeasure::ALL
            .into_iter()
            .zip([1.0, 2.0, 0.5, 1.0, 1.5, 3.0])
            .collect(),
        family_size: 10,
    };
    let families = compute_families(&schools, &FamilyContext::default(), &method);
    for family in families.families.values() {
        assert_eq!(family.neighbours.len(), 10);
        for n in &family.neighbours {
            let sum: f64 = n.contributions.iter().map(|c| c.squared_difference).sum();
            assert!((sum - n.distance * n.distance).abs() < 1e-9);
            let shares: f64 = n.contributions.iter().map(|c| c.share_of_distance).sum();
            assert!(n.distance == 0.0 || (shares - 1.0).abs() < 1e-9);
        }
        let distances: Vec<f64> = family.neighbours.iter().map(|n| n.distance).collect();
        assert!(distances.windows(2).all(|w| w[0] <= w[1]));
    }
}

#[test]
fn one_family_on_demand_equals_the_full_computation() {
    let schools: Vec<School> = (0..40)
        .map(|i| school(i, Phase::Secondary, 600 + i * 31, Some((i * 7 % 45) as f64)))
        .collect();
    let method = FamilyMethod::default();
    let index = FamilyIndex::build(&schools, &FamilyContext::default(), &method);
    let all = index.families();
    assert_eq!(index.family(Urn(17)).as_ref(), all.family(Urn(17)));
    assert_eq!(index.family(Urn(999)), None);
}

#[test]
fn reads_urban_and_rural_classes() {
    assert_eq!(rurality("(England/Wales) Rural village"), Some(1.0));
    assert_eq!(
        rurality("(England/Wales) Rural town and fringe in a sparse setting"),
        Some(1.0)
    );
    assert_eq!(rurality("(England/Wales) Urban city and town"), Some(0.0));
    assert_eq!(rurality("Urban major conurbation"), Some(0.0));
    assert_eq!(rurality("  "), None);
}

#[test]
fn pupils_are_compared_on_a_log_scale_and_zero_rolls_are_unknown() {
    let method = FamilyMethod {
        measures: vec![(ContextMeasure::Pupils, 1.0)],
        family_size: 5,
    };
    let schools = [
        school(1, Phase::Primary, 100, None),
        school(2, Phase::Primary, 200, None),
        school(3, Phase::Primary, 400, None),
        school(4, Phase::Primary, 0, None),
    ];
    let families = compute_families(&schools, &FamilyContext::default(), &method);
    let pupils = families.phase(Phase::Primary).expect("primary").measures[0].standardisation;
    assert_eq!(pupils.count, 3);
    assert!((pupils.mean - 200.0_f64.ln()).abs() < 1e-12);
    // The unknown roll is imputed at the mean, 200 on a log scale, next to school 2; 100 and
    // 400 are equally far from 200 on a log scale.
    let family = &families.families[&Urn(2)];
    let mut urns = neighbour_urns(family);
    assert_eq!(urns[0], 4);
    urns[1..].sort();
    assert_eq!(urns, [4, 1, 3]);
    let d = &family.neighbours;
    assert!(d[0].distance < 1e-9);
    assert!((d[1].distance - d[2].distance).abs() < 1e-9);
    assert_eq!(families.families[&Urn(4)].imputed, [ContextMeasure::Pupils]);
}

fn inspected(overall: Option<Judgement>) -> School {
    let mut s = School::new(Urn(1), "Inspected");
    s.ofsted = Some(OfstedInspection {
        overall,
        ..OfstedInspection::default()
    });
    s
}

#[test]
fn compares_latest_overall_judgements() {
    let good = inspected(Some(Judgement::Good));
    let outstanding = inspected(Some(Judgement::Outstanding));
    let ungraded = inspected(None);
    let never = School::new(Urn(2), "New");
    assert_eq!(judgement_rank(&good), Some(2));
    assert_eq!(judgement_rank(&ungraded), None);
    assert_eq!(
        compare_judgements(&good, &outstanding),
        JudgementComparison::Better
    );
    assert_eq!(
        compare_judgements(&outstanding, &good),
        JudgementComparison::Worse
    );
    assert_eq!(compare_judgements(&good, &good), JudgementComparison::Same);
    assert_eq!(
        compare_judgements(&good, &ungraded),
        JudgementComparison::Unknown
    );
    assert_eq!(
        compare_judgements(&never, &good),
        JudgementComparison::Unknown
    );
}

fn pupil_premium(urn: i64, value: f64, year: &str) -> (Urn, Outcome) {
    (
        Urn(urn),
        Outcome {
            measure: Measure::PupilPremiumPercent,
            year: year.into(),
            value,
            source: "pupil_premium.csv".into(),
        },
    )
}

fn only(measure: ContextMeasure, weight: f64) -> FamilyMethod {
    FamilyMethod {
        measures: vec![(measure, weight)],
        family_size: 20,
    }
}

#[test]
fn the_default_method_uses_dfe_measures_at_equal_weight() {
    let method = FamilyMethod::default();
    let measures: Vec<ContextMeasure> = method.measures.iter().map(|(m, _)| *m).collect();
    assert_eq!(measures, ContextMeasure::ALL);
    assert!(measures.contains(&ContextMeasure::EhcPlanPercent));
    assert!(method.measures.iter().all(|(_, w)| *w == 1.0));
}

#[test]
fn weights_multiply_each_squared_difference() {
    // Two measures with the same spread: school 2 differs from 1 on disadvantage, school 3
    // on EAL, by the same number of standard deviations. Weighting EAL four times as heavily
    // makes school 3 twice as far (in distance) and puts school 2 first.
    let mut schools = vec![
        school(1, Phase::Primary, 100, Some(10.0)),
        school(2, Phase::Primary, 100, Some(20.0)),
        school(3, Phase::Primary, 100, Some(10.0)),
    ];
    schools[0].eal_percent = Some(10.0);
    schools[1].eal_percent = Some(10.0);
    schools[2].eal_percent = Some(20.0);
    let method = |eal: f64| FamilyMethod {
        measures: vec![
            (ContextMeasure::DisadvantagePercent, 1.0),
            (ContextMeasure::EalPercent, eal),
        ],
        family_size: 2,
    };
    let none = FamilyContext::default();
    let equal = compute_families(&schools, &none, &method(1.0));
    let family = &equal.families[&Urn(1)];
    assert_eq!(neighbour_urns(family), [2, 3], "a tie, broken by URN");
    assert!((family.neighbours[0].distance - family.neighbours[1].distance).abs() < 1e-12);
    let weighted = compute_families(&schools, &none, &method(4.0));
    let family = &weighted.families[&Urn(1)];
    assert_eq!(neighbour_urns(family), [2, 3]);
    assert!((family.neighbours[1].distance - 2.0 * family.neighbours[0].distance).abs() < 1e-9);
    assert_eq!(family.neighbours[1].contributions[1].share_of_distance, 1.0);
    assert_eq!(weighted.phases[0].measures[1].weight, 4.0);
}

#[test]
fn pupil_premium_is_preferred_to_free_school_meals_with_fsm_as_fallback() {
    // FSM says 1 and 2 are alike; pupil premium (DfE's measure) says 1 and 3 are.
    let schools = [
        school(1, Phase::Primary, 100, Some(10.0)),
        school(2, Phase::Primary, 100, Some(11.0)),
        school(3, Phase::Primary, 100, Some(40.0)),
        school(4, Phase::Primary, 100, Some(50.0)),
    ];
    let context = FamilyContext {
        pupil_premium: FamilyContext::latest_pupil_premium([
            pupil_premium(1, 30.0, "2018/19"),
            pupil_premium(1, 45.0, "2019/20"),
            pupil_premium(2, 12.0, "2019/20"),
            pupil_premium(3, 44.0, "2019/20"),
        ]),
        sources: vec![ImportSource {
            kind: ImportKind::Census,
            file_name: "spc_school_level_2022-23.csv".into(),
            data_date: Date::new(2023, 1, 19),
        }],
    };
    let families = compute_families(
        &schools,
        &context,
        &only(ContextMeasure::DisadvantagePercent, 1.0),
    );
    let family = &families.families[&Urn(1)];
    assert_eq!(
        neighbour_urns(family)[0],
        3,
        "the latest year, 45%, is used"
    );
    assert_eq!(family.context[0].value, Some(45.0));
    assert_eq!(family.context[0].basis, Basis::PupilPremium);
    assert_eq!(
        family.context[0].source.as_deref(),
        Some("pupil_premium.csv, 2019/20")
    );
    // School 4 has no pupil premium figure: its free school meals stand in, and say so.
    let four = &families.families[&Urn(4)];
    assert_eq!(four.context[0].value, Some(50.0));
    assert_eq!(four.context[0].basis, Basis::FreeSchoolMeals);
    assert_eq!(
        four.context[0].source.as_deref(),
        Some("spc_school_level_2022-23.csv, 19 January 2023")
    );
    let to_four = family.neighbours.iter().find(|n| n.urn == Urn(4)).unwrap();
    assert_eq!(
        to_four.contributions[0].neighbour_basis,
        Basis::FreeSchoolMeals
    );
    assert!(four.imputed.is_empty());
}

#[test]
fn all_through_schools_are_compared_with_secondaries() {
    assert_eq!(comparison_phase(Phase::AllThrough), Phase::Secondary);
    assert_eq!(comparison_phase(Phase::Primary), Phase::Primary);
    let schools = [
        school(1, Phase::AllThrough, 1500, Some(20.0)),
        school(2, Phase::Secondary, 1000, Some(21.0)),
        school(3, Phase::Primary, 1500, Some(20.0)),
        school(4, Phase::Secondary, 1000, Some(40.0)),
    ];
    let families = compute_families(
        &schools,
        &FamilyContext::default(),
        &only(ContextMeasure::DisadvantagePercent, 1.0),
    );
    let all_through = &families.families[&Urn(1)];
    assert_eq!(all_through.phase, Phase::AllThrough);
    assert_eq!(all_through.compared_as, Phase::Secondary);
    assert_eq!(neighbour_urns(all_through), [2, 4]);
    assert_eq!(neighbour_urns(&families.families[&Urn(2)]), [1, 4]);
    assert!(families.phase(Phase::AllThrough).is_none());
    assert_eq!(families.phase(Phase::Secondary).unwrap().schools, 3);
}

fn placed(urn: i64, easting: i64, la: i64, type_name: &str) -> School {
    let mut s = school(urn, Phase::Primary, 100, Some(10.0));
    s.location = Some(GridReference {
        easting,
        northing: 200_000,
    });
    s.la_code = Some(la);
    s.type_name = type_name.into();
    s
}

#[test]
fn filters_keep_only_nearby_same_trust_same_la_same_type_schools() {
    let school = placed(1, 400_000, 826, "Academy converter");
    let near = placed(2, 409_000, 826, "Academy converter");
    let far = placed(3, 420_000, 825, "Community school");
    let trust = Some(GroupUid(7));
    let none = FamilyFilter::default();
    assert!(!none.is_active());
    assert!(none.accepts(&school, None, &far, None));

    let within = FamilyFilter {
        within_km: Some(10.0),
        ..FamilyFilter::default()
    };
    assert!((distance_km(school.location.unwrap(), far.location.unwrap()) - 20.0).abs() < 1e-9);
    assert!(within.accepts(&school, None, &near, None));
    assert!(!within.accepts(&school, None, &far, None));
    let mut nowhere = near.clone();
    nowhere.location = None;
    assert!(
        !within.accepts(&school, None, &nowhere, None),
        "no coordinates, not within"
    );

    let same_trust = FamilyFilter {
        same_trust: true,
        ..FamilyFilter::default()
    };
    assert!(same_trust.accepts(&school, trust, &far, trust));
    assert!(!same_trust.accepts(&school, trust, &near, Some(GroupUid(8))));
    assert!(
        !same_trust.accepts(&school, None, &near, None),
        "no trust, no trust family"
    );

    let same_la = FamilyFilter {
        same_la: true,
        ..FamilyFilter::default()
    };
    assert!(same_la.accepts(&school, None, &near, None));
    assert!(!same_la.accepts(&school, None, &far, None));

    let same_type = FamilyFilter {
        same_type: true,
        ..FamilyFilter::default()
    };
    assert!(same_type.accepts(&school, None, &near, None));
    assert!(!same_type.accepts(&school, None, &far, None));
}

#[test]
fn a_filtered_family_is_the_nearest_in_context_among_the_schools_kept() {
    let schools: Vec<School> = (0..30)
        .map(|i| {
            let mut s = placed(i, 400_000 + i * 1_000, 800 + i % 2, "Academy converter");
            s.fsm_percent = Some(i as f64);
            s
        })
        .collect();
    let index = FamilyIndex::build(
        &schools,
        &FamilyContext::default(),
        &only(ContextMeasure::DisadvantagePercent, 1.0),
    );
    let even = index
        .family_where(Urn(10), 3, &|urn| urn.0 % 2 == 0)
        .unwrap();
    assert_eq!(neighbour_urns(&even), [8, 12, 6]);
    let none = index.family_where(Urn(10), 3, &|_| false).unwrap();
    assert!(none.neighbours.is_empty());
}
