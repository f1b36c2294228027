use super::*;
use crate::party::OrgRef;
use crate::peer_review::round::{GroupingWeights, Relations, Volunteer};
use crate::Urn;

/// A volunteer at (x, y) km with a context value `c` (closeness is 1 / (1 + |c - c'|)).
struct Spec {
    x: f64,
    y: f64,
    c: f64,
    focus: Vec<ImprovementArea>,
    strong: Vec<(ImprovementArea, f64)>,
}

fn spec(x: f64, y: f64, c: f64) -> Spec {
    Spec {
        x,
        y,
        c,
        focus: Vec::new(),
        strong: Vec::new(),
    }
}

fn input(specs: &[Spec]) -> RoundInput {
    let n = specs.len();
    let mut relations = Relations::new(n);
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (&specs[i], &specs[j]);
            relations.set_km(i, j, ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt());
            relations.set_similarity(i, j, 1.0 / (1.0 + (a.c - b.c).abs()));
        }
    }
    RoundInput {
        volunteers: specs
            .iter()
            .enumerate()
            .map(|(i, s)| Volunteer {
                org: OrgRef::School(Urn(100 + i as i64)),
                name: format!("Volunteer {i}"),
                focus: s.focus.clone(),
                strengths: s.strong.clone(),
            })
            .collect(),
        relations,
    }
}

fn rules(size: usize, travel_km: Option<f64>) -> RoundRules {
    RoundRules {
        group_size: size,
        travel_km,
        weights: GroupingWeights::default(),
    }
}

/// `n` volunteers scattered over a 100 km square by a fixed recipe.
fn scattered(n: usize) -> Vec<Spec> {
    (0..n)
        .map(|i| {
            let k = i as f64;
            spec(
                (k * 37.0) % 100.0,
                (k * 61.0 + 13.0) % 100.0,
                (k * 0.37) % 3.0,
            )
        })
        .collect()
}

fn groups_of(proposal: &Proposal) -> Vec<Vec<usize>> {
    proposal
        .assessment
        .groups
        .iter()
        .map(|g| g.members.clone())
        .collect()
}

fn check_partition(n: usize, groups: &[Vec<usize>], size: usize) {
    let mut seen = vec![0; n];
    for g in groups {
        for m in g {
            seen[*m] += 1;
        }
    }
    assert!(seen.iter().all(|s| *s == 1), "everyone in one group");
    let (_, lo, hi) = group_sizes(n, size).unwrap();
    for g in groups {
        assert!(
            (lo..=hi).contains(&g.len()),
            "size {} not in {lo}..={hi}",
            g.len()
        );
        assert!((MIN_GROUP..=MAX_GROUP).contains(&g.len()));
    }
}

#[test]
fn group_sizes_stay_within_three_to_seven_and_near_the_size_asked() {
    for n in 0..80 {
        for wanted in MIN_GROUP..=MAX_GROUP {
            match group_sizes(n, wanted) {
                None => assert!(n < MIN_GROUP, "{n} volunteers, size {wanted}"),
                Some((count, lo, hi)) => {
                    assert!(lo >= MIN_GROUP && hi <= MAX_GROUP);
                    assert!(hi - lo <= 1);
                    assert!(count * lo <= n && n <= count * hi);
                    if n % wanted == 0 {
                        assert_eq!((lo, hi), (wanted, wanted), "{n} divides by {wanted}");
                    }
                }
            }
        }
    }
}

#[test]
fn every_volunteer_is_in_one_group_of_an_allowed_size() {
    for n in [3, 4, 7, 10, 13, 29] {
        for size in MIN_GROUP..=MAX_GROUP {
            let data = input(&scattered(n));
            let proposal = propose(&data, &rules(size, None), 7).unwrap();
            check_partition(n, &groups_of(&proposal), size);
            assert!(proposal.assessment.misplaced.is_empty());
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_groups() {
    let data = input(&scattered(40));
    let a = propose(&data, &rules(4, Some(80.0)), 42).unwrap();
    let b = propose(&data, &rules(4, Some(80.0)), 42).unwrap();
    assert_eq!(a, b);
}

#[test]
fn local_search_is_never_worse_than_the_greedy_start() {
    for seed in 0..10 {
        let data = input(&scattered(30));
        let proposal = propose(&data, &rules(5, None), seed).unwrap();
        assert!(
            proposal.assessment.objective >= proposal.greedy_objective - 1e-12,
            "seed {seed}: {} < {}",
            proposal.assessment.objective,
            proposal.greedy_objective
        );
    }
}

#[test]
fn no_competitors_and_no_recent_reviewers_share_a_group() {
    let mut data = input(&scattered(24));
    for i in 0..12 {
        data.relations
            .mark_competitors(i, i + 12, "both primary schools 1.0 km apart");
        data.relations
            .mark_reviewed(i, (i + 1) % 24, "in the spring 2026 round");
    }
    let r = rules(4, None);
    let proposal = propose(&data, &r, 3).unwrap();
    for group in groups_of(&proposal) {
        for (x, i) in group.iter().enumerate() {
            for j in &group[x + 1..] {
                assert!(
                    data.relations.conflicts(*i, *j, &r).is_empty(),
                    "{i} and {j} share a group"
                );
            }
        }
    }
    assert!(proposal
        .assessment
        .groups
        .iter()
        .all(|g| g.conflicts.is_empty()));
}

#[test]
fn the_travel_limit_is_held() {
    // Four towns 200 km apart, five volunteers within 10 km in each.
    let mut specs = Vec::new();
    for town in 0..4 {
        for k in 0..5 {
            specs.push(spec(
                f64::from(town) * 200.0 + f64::from(k) * 2.0,
                0.0,
                f64::from(k) * 0.5,
            ));
        }
    }
    let data = input(&specs);
    let proposal = propose(&data, &rules(5, Some(30.0)), 1).unwrap();
    for group in &proposal.assessment.groups {
        let (_, _, km) = group.furthest.unwrap();
        assert!(km <= 30.0, "a group spans {km} km");
    }
}

#[test]
fn a_volunteer_with_too_few_possible_partners_is_named_with_the_constraint() {
    let mut specs = scattered(8);
    specs.push(spec(900.0, 900.0, 0.0));
    let data = input(&specs);
    let err = propose(&data, &rules(3, Some(150.0)), 1).unwrap_err();
    match &err {
        Infeasible::TooFewPartners {
            name,
            possible,
            ruled_out,
            ..
        } => {
            assert_eq!(name, "Volunteer 8");
            assert_eq!(*possible, 0);
            assert_eq!(ruled_out.too_far, 8);
        }
        other => panic!("{other:?}"),
    }
    assert!(err.describe().contains("beyond the travel limit"));
}

#[test]
fn conflicts_no_grouping_can_avoid_are_reported_not_proposed() {
    // Six volunteers, groups of three: each may only be with its two neighbours on a ring,
    // which has no three mutually compatible, so no grouping avoids every conflict.
    let mut data = input(&scattered(6));
    for i in 0..6 {
        for j in i + 1..6 {
            let neighbours = j == i + 1 || (i == 0 && j == 5);
            if !neighbours {
                data.relations.mark_competitors(i, j, "close");
            }
        }
    }
    let err = propose(&data, &rules(3, None), 1).unwrap_err();
    match &err {
        Infeasible::Unresolved { conflicts, counts } => {
            assert!(!conflicts.is_empty());
            assert_eq!(counts.competitors, conflicts.len());
        }
        other => panic!("{other:?}"),
    }
    assert!(err.describe().contains("possible competitors"));
}

#[test]
fn sizes_outside_three_to_seven_and_too_few_volunteers_are_refused() {
    let data = input(&scattered(10));
    assert_eq!(
        propose(&data, &rules(2, None), 1),
        Err(Infeasible::SizeOutOfRange { size: 2 })
    );
    assert_eq!(
        propose(&data, &rules(8, None), 1),
        Err(Infeasible::SizeOutOfRange { size: 8 })
    );
    let two = input(&scattered(2));
    assert_eq!(
        propose(&two, &rules(3, None), 1),
        Err(Infeasible::TooFewVolunteers { volunteers: 2 })
    );
}

#[test]
fn each_focus_area_finds_someone_strong_in_it() {
    // Two volunteers want help with KS2 maths, two are strong in it: the best grouping puts
    // one of the strong in each group, and the reasons say who covers whom.
    let area = ImprovementArea::Ks2Maths;
    let mut specs = scattered(6);
    for s in specs.iter_mut() {
        s.c = 0.0;
    }
    specs[0].focus = vec![area];
    specs[1].focus = vec![area];
    specs[2].strong = vec![(area, 0.9)];
    specs[3].strong = vec![(area, 0.8)];
    let data = input(&specs);
    let mut r = rules(3, None);
    r.weights = GroupingWeights {
        similarity: 10.0,
        complement: 90.0,
    };
    let proposal = propose(&data, &r, 5).unwrap();
    for group in &proposal.assessment.groups {
        for c in &group.cover {
            assert!(c.by.is_some(), "{:?} uncovered", c);
        }
        if let Some(c) = group.cover.first() {
            let (by, _) = c.by.unwrap();
            let reasons = group.reasons(&data, &r).join("\n");
            let expected = format!(
                "{}'s focus on {}: {} is strongest in it",
                data.volunteers[c.member].name,
                area.label().to_lowercase(),
                data.volunteers[by].name
            );
            assert!(reasons.contains(&expected), "{reasons}");
        }
    }
    let strong_apart = groups_of(&proposal)
        .iter()
        .all(|g| g.contains(&2) != g.contains(&3));
    assert!(strong_apart, "the two strong volunteers are split");
}

#[test]
fn the_optimum_of_a_small_round_matches_every_possible_grouping() {
    // Six volunteers in two groups of three: there are ten groupings; local search must
    // find the best one here, where alike volunteers form two clear clusters.
    let specs = vec![
        spec(0.0, 0.0, 0.0),
        spec(1.0, 0.0, 5.0),
        spec(2.0, 0.0, 0.1),
        spec(3.0, 0.0, 5.1),
        spec(4.0, 0.0, 0.2),
        spec(5.0, 0.0, 5.2),
    ];
    let data = input(&specs);
    let r = rules(3, None);
    let proposal = propose(&data, &r, 9).unwrap();
    let mut best = f64::MIN;
    for a in 1..6 {
        for b in a + 1..6 {
            let first = vec![0, a, b];
            let second: Vec<usize> = (0..6).filter(|m| !first.contains(m)).collect();
            best = best.max(assess(&data, &r, &[first, second]).objective);
        }
    }
    assert!((proposal.assessment.objective - best).abs() < 1e-12);
    let mut groups = groups_of(&proposal);
    groups.sort();
    assert_eq!(groups, vec![vec![0, 2, 4], vec![1, 3, 5]]);
}

#[test]
fn a_convener_moving_a_member_sees_the_effect_on_each_criterion() {
    let mut data = input(&scattered(6));
    data.relations
        .mark_competitors(0, 3, "both primary, 1 km apart");
    let r = rules(3, None);
    let good = assess(&data, &r, &[vec![0, 1, 2], vec![3, 4, 5]]);
    assert_eq!(good.conflicts, 0);
    let moved = assess(&data, &r, &[vec![0, 1, 3], vec![2, 4, 5]]);
    assert_eq!(moved.conflicts, 1);
    let reasons = moved.groups[0].reasons(&data, &r).join("\n");
    assert!(
        reasons.contains("may compete for the same pupils"),
        "{reasons}"
    );
    let lopsided = assess(&data, &r, &[vec![0, 1], vec![2, 3, 4, 5]]);
    assert!(!lopsided.groups[0].size_ok);
    let missing = assess(&data, &r, &[vec![0, 1, 2], vec![3, 4]]);
    assert_eq!(missing.misplaced, vec![5]);
}
