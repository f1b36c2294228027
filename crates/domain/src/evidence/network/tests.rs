use super::*;
use crate::ids::{GroupUid, Urn};
use std::collections::BTreeSet;

fn school(n: i64) -> OrgRef {
    OrgRef::School(Urn(n))
}

fn day(t: &str) -> Date {
    Date::parse(t).unwrap()
}

fn tie(a: i64, b: i64) -> Tie {
    Tie {
        a: school(a),
        b: school(b),
        kind: TieKind::Collaboration,
        from: day("2025-01-01"),
        to: None,
    }
}

fn all() -> TieFilter {
    TieFilter::default()
}

fn measures_of(ties: &[Tie]) -> (Network, Measures) {
    let network = Network::build(ties, &all(), |_| true);
    let measures = measure(&network);
    (network, measures)
}

fn of(measures: &Measures, n: i64) -> &OrgMeasures {
    measures.orgs.iter().find(|m| m.org == school(n)).unwrap()
}

#[test]
fn a_path_of_three_is_bridged_by_its_middle() {
    let (_, m) = measures_of(&[tie(1, 2), tie(2, 3)]);
    // Hand-computed: the only pair not joined directly (1, 3) runs through 2.
    assert!((of(&m, 2).betweenness - 1.0).abs() < 1e-9);
    assert_eq!(of(&m, 1).betweenness, 0.0);
    assert_eq!(of(&m, 1).connections, 1);
    assert_eq!(of(&m, 1).reach, 2, "1 reaches 2 and, through it, 3");
    assert_eq!(of(&m, 2).reach, 2);
    assert_eq!(m.components, 1);
    assert_eq!(of(&m, 2).role, Role::Broker);
}

#[test]
fn a_star_centre_lies_on_every_path_between_leaves() {
    let (_, m) = measures_of(&[tie(1, 2), tie(1, 3), tie(1, 4), tie(1, 5)]);
    // 6 pairs of leaves, each through the centre; normalised by (n-1)(n-2)/2 = 6.
    assert!((of(&m, 1).betweenness - 1.0).abs() < 1e-9);
    for leaf in 2..=5 {
        assert_eq!(of(&m, leaf).betweenness, 0.0);
        assert_eq!(of(&m, leaf).reach, 4);
    }
}

#[test]
fn two_triangles_joined_by_a_bridge_form_two_clusters_and_the_bridge_ends_span() {
    let ties = [
        tie(1, 2),
        tie(1, 3),
        tie(2, 3),
        tie(4, 5),
        tie(4, 6),
        tie(5, 6),
        tie(3, 4),
    ];
    let (_, m) = measures_of(&ties);
    assert_eq!(m.clusters.len(), 2, "{:?}", m.clusters);
    assert_eq!(of(&m, 1).cluster, of(&m, 2).cluster);
    assert_ne!(of(&m, 1).cluster, of(&m, 6).cluster);
    // Hand-computed modularity of that split: 2 * (3/7 - (7/14)^2) = 0.357...
    assert!(
        (m.modularity - (2.0 * (3.0 / 7.0 - 0.25))).abs() < 1e-3,
        "{}",
        m.modularity
    );
    // Betweenness of 3: it lies on every path from {1, 2} to {4, 5, 6} (6 pairs) and on
    // none between 1 and 2 or within the other triangle; normalised by 10.
    assert!((of(&m, 3).betweenness - 0.6).abs() < 1e-9);
    assert_eq!(of(&m, 3).clusters_spanned, 1);
}

#[test]
fn betweenness_matches_the_reference_values_for_the_karate_club() {
    // Zachary's karate club, as the library ships it; the reference values are networkx's
    // (normalised betweenness of members 0 and 33).
    let karate = graphrs::generators::social::karate_club_graph();
    let ties: Vec<Tie> = karate
        .get_all_edges()
        .iter()
        .map(|e| tie(i64::from(e.u), i64::from(e.v)))
        .collect();
    let (_, m) = measures_of(&ties);
    assert_eq!(m.orgs.len(), 34);
    assert!((of(&m, 0).betweenness - 0.437_635_281_385_281_4).abs() < 1e-9);
    assert!((of(&m, 33).betweenness - 0.304_074_975_949_975_96).abs() < 1e-9);
    assert!(m.modularity > 0.35, "{}", m.modularity);
}

#[test]
fn repeated_ties_count_once_as_a_link_and_self_ties_not_at_all() {
    let mut partnership = tie(1, 2);
    partnership.kind = TieKind::Partnership;
    let network = Network::build(&[tie(1, 2), partnership, tie(3, 3)], &all(), |_| true);
    assert_eq!(network.orgs.len(), 2);
    assert_eq!(network.links.len(), 1);
    assert_eq!(network.links[0].ties, 2);
    assert_eq!(
        network.links[0].kinds,
        vec![TieKind::Collaboration, TieKind::Partnership]
    );
    let m = measure(&network);
    assert_eq!(of(&m, 1).ties, 2);
    assert_eq!(of(&m, 1).connections, 1);
}

#[test]
fn filters_keep_kinds_periods_and_ties_touching_the_scope() {
    let mut review = tie(2, 3);
    review.kind = TieKind::PeerReview;
    let mut old = tie(4, 5);
    old.from = day("2020-01-01");
    old.to = Some(day("2021-06-30"));
    let ties = [tie(1, 2), review, old];
    let reviews_only = TieFilter {
        kinds: [TieKind::PeerReview].into_iter().collect(),
        ..TieFilter::default()
    };
    assert_eq!(
        Network::build(&ties, &reviews_only, |_| true).links.len(),
        1
    );
    let since_2024 = TieFilter {
        from: Some(day("2024-01-01")),
        ..TieFilter::default()
    };
    assert_eq!(Network::build(&ties, &since_2024, |_| true).links.len(), 2);
    let in_2021 = TieFilter {
        from: Some(day("2021-01-01")),
        to: Some(day("2021-12-31")),
        ..TieFilter::default()
    };
    assert_eq!(Network::build(&ties, &in_2021, |_| true).links.len(), 1);
    // A tie leaving the scope still counts, so bridges to elsewhere show.
    let only_one = Network::build(&ties, &all(), |o| o == school(1));
    assert_eq!(only_one.orgs, vec![school(1), school(2)]);
}

#[test]
fn an_empty_network_has_no_measures() {
    let m = measure(&Network::default());
    assert!(m.orgs.is_empty() && m.clusters.is_empty());
    assert_eq!(m.components, 0);
}

#[test]
fn trusts_and_schools_are_distinct_organisations() {
    let t = Tie {
        a: OrgRef::Trust(GroupUid(1)),
        b: school(1),
        kind: TieKind::Placement,
        from: day("2025-01-01"),
        to: None,
    };
    let network = Network::build(&[t], &all(), |_| true);
    assert_eq!(network.orgs.len(), 2);
}

/// A network of `n` organisations numbered from `first` in a ring with chords,
/// reproducible from `seed`.
fn ring_with_chords(first: i64, n: i64, seed: u64) -> Vec<Tie> {
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        i64::try_from(state % 1_000_000).unwrap()
    };
    (0..n * 2)
        .map(|i| {
            let a = i % n;
            let b = if next() % 5 == 0 {
                next() % n
            } else {
                (a + 1 + next() % 6) % n
            };
            tie(first + a, first + b)
        })
        .collect()
}

#[test]
fn the_estimate_from_every_organisation_is_the_librarys_exact_betweenness() {
    let network = Network::build(&ring_with_chords(0, 400, 7), &all(), |_| true);
    let exact = measure(&network);
    let estimated = estimated_betweenness(&network.neighbours(), usize::MAX);
    for (m, e) in exact.orgs.iter().zip(&estimated) {
        assert!(
            (m.betweenness - e).abs() < 1e-9,
            "{:?}: {} against {}",
            m.org,
            m.betweenness,
            e
        );
    }
}

#[test]
fn the_estimate_from_pivots_finds_the_same_broker_near_its_exact_value() {
    // Two groups of 300 joined only through 0, 5000 and 1000: every path between the groups
    // passes through all three.
    let mut ties = ring_with_chords(0, 300, 3);
    ties.extend(ring_with_chords(1000, 300, 5));
    ties.push(tie(0, 5000));
    ties.push(tie(5000, 1000));
    let network = Network::build(&ties, &all(), |_| true);
    let exact = measure(&network);
    let estimated = estimated_betweenness(&network.neighbours(), 150);
    let bridge = network
        .orgs
        .iter()
        .position(|o| *o == school(5000))
        .unwrap();
    let mut ranked: Vec<usize> = (0..estimated.len()).collect();
    ranked.sort_by(|a, b| estimated[*b].total_cmp(&estimated[*a]));
    let top: BTreeSet<OrgRef> = ranked[..3].iter().map(|i| network.orgs[*i]).collect();
    assert_eq!(
        top,
        [school(0), school(1000), school(5000)]
            .into_iter()
            .collect()
    );
    let exact_bridge = exact.orgs[bridge].betweenness;
    assert!(
        (estimated[bridge] - exact_bridge).abs() < 0.1 * exact_bridge,
        "{} against {exact_bridge}",
        estimated[bridge]
    );
}

#[test]
fn modularity_and_pieces_agree_with_the_library() {
    let mut ties = ring_with_chords(0, 200, 11);
    ties.extend(ring_with_chords(500, 50, 13));
    ties.push(tie(900, 901));
    let network = Network::build(&ties, &all(), |_| true);
    let m = measure(&network);
    let graph = to_graph(&network);
    let communities: Vec<HashSet<usize>> = m
        .clusters
        .iter()
        .map(|c| {
            c.members
                .iter()
                .map(|o| network.orgs.iter().position(|x| x == o).unwrap())
                .collect()
        })
        .collect();
    let library =
        graphrs::algorithms::community::partitions::modularity(&graph, &communities, false, None)
            .unwrap();
    assert!(
        (m.modularity - library).abs() < 1e-9,
        "{} against {library}",
        m.modularity
    );
    let library_pieces = graphrs::algorithms::components::connected_components(&graph)
        .unwrap()
        .len();
    assert_eq!(m.components, library_pieces);
    assert_eq!(m.components, 3);
}
