use super::*;
use crate::organisation::OfstedInspection;

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
        measures: vec![(ContextMeasure::FsmPercent, 1.0)],
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
    let families = compute_families(&schools, &FamilyMethod::default());
    let sd = (1400.0_f64 / 3.0).sqrt();
    let primary = families.phase(Phase::Primary).expect("primary phase");
    assert_eq!(primary.schools, 3);
    let fsm = &primary.measures[1];
    assert_eq!(fsm.measure, ContextMeasure::FsmPercent);
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
    let families = compute_families(&schools, &fsm_only());
    let fsm = &families.phase(Phase::Primary).expect("primary").measures[0];
    // The mean and SD come from the three schools with a value.
    assert_eq!(fsm.standardisation.count, 3);
    assert!((fsm.standardisation.mean - 30.0).abs() < 1e-12);

    let family = families.family(Urn(4)).expect("family of 4");
    assert_eq!(family.imputed, [ContextMeasure::FsmPercent]);
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
    let families = compute_families(&schools, &fsm_only());
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
    let first = compute_families(&schools, &method);
    assert_eq!(neighbour_urns(&first.families[&Urn(100)]), [101, 102, 103]);
    assert_eq!(neighbour_urns(&first.families[&Urn(102)]), [100, 101, 103]);
    let mut reversed = schools.clone();
    reversed.reverse();
    assert_eq!(first, compute_families(&reversed, &method));
}

#[test]
fn contributions_sum_to_the_squared_distance() {
    let schools: Vec<School> = (0..60)
        .map(|i| {
            let mut s = school(i, Phase::Primary, 50 + i * 13, Some((i * 17 % 50) as f64));
            s.eal_percent = (i % 4 != 0).then_some((i * 11 % 70) as f64);
            s.urban_rural = Some(if i % 3 == 0 { "Rural village" } else { "Urban" }.into());
            s.idaci_quintile = Some(1 + i % 5);
            s
        })
        .collect();
    let method = FamilyMethod {
        measures: ContextMeasure::ALL
            .into_iter()
            .zip([1.0, 2.0, 0.5, 1.0, 1.5])
            .collect(),
        family_size: 10,
    };
    let families = compute_families(&schools, &method);
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
    let index = FamilyIndex::build(&schools, &method);
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
    let families = compute_families(&schools, &method);
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
