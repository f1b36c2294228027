//! Where to draw each organisation in a picture of the network: a force-directed layout
//! (Fruchterman and Reingold, 1991), in which linked organisations pull together and all
//! organisations push apart, so clusters show as clumps and bridges sit between them.
//!
//! Written here rather than taken from a crate: the algorithm is forty lines, and the
//! crates that offer it bring a physics engine and floating-point vector libraries for a
//! picture of at most a few hundred points. It is deterministic: the same network always
//! gets the same picture, so a page does not reshuffle on every visit.

/// A position in the unit square, `x` and `y` from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Across, from the left.
    pub x: f64,
    /// Down, from the top.
    pub y: f64,
}

/// How many rounds of pushing and pulling the layout takes.
pub const ROUNDS: usize = 300;

/// The positions of `nodes` organisations joined by `edges` (pairs of node numbers, each
/// with a weight: more ties pull harder), in the unit square with a margin, each node
/// apart from its neighbours. Edges naming a node out of range are ignored.
pub fn layout(nodes: usize, edges: &[(usize, usize, f64)], rounds: usize) -> Vec<Position> {
    if nodes == 0 {
        return Vec::new();
    }
    if nodes == 1 {
        return vec![Position { x: 0.5, y: 0.5 }];
    }
    let ideal = (1.0 / nodes as f64).sqrt();
    let mut at: Vec<(f64, f64)> = (0..nodes).map(start).collect();
    let edges: Vec<(usize, usize, f64)> = edges
        .iter()
        .copied()
        .filter(|(a, b, _)| *a < nodes && *b < nodes && a != b)
        .collect();
    let mut heat = 0.1;
    let cooling = heat / (rounds.max(1) as f64 + 1.0);
    for _ in 0..rounds {
        let mut moved = vec![(0.0, 0.0); nodes];
        for i in 0..nodes {
            for j in (i + 1)..nodes {
                let (dx, dy) = (at[i].0 - at[j].0, at[i].1 - at[j].1);
                let distance = (dx * dx + dy * dy).sqrt().max(1e-6);
                let push = ideal * ideal / distance;
                let (ux, uy) = (dx / distance, dy / distance);
                moved[i].0 += ux * push;
                moved[i].1 += uy * push;
                moved[j].0 -= ux * push;
                moved[j].1 -= uy * push;
            }
        }
        for &(a, b, weight) in &edges {
            let (dx, dy) = (at[a].0 - at[b].0, at[a].1 - at[b].1);
            let distance = (dx * dx + dy * dy).sqrt().max(1e-6);
            let pull = distance * distance / ideal * weight.clamp(1.0, 5.0).sqrt();
            let (ux, uy) = (dx / distance, dy / distance);
            moved[a].0 -= ux * pull;
            moved[a].1 -= uy * pull;
            moved[b].0 += ux * pull;
            moved[b].1 += uy * pull;
        }
        for (p, m) in at.iter_mut().zip(&moved) {
            let length = (m.0 * m.0 + m.1 * m.1).sqrt();
            if length > 0.0 {
                let step = length.min(heat);
                p.0 += m.0 / length * step;
                p.1 += m.1 / length * step;
            }
            // A gentle pull to the centre keeps separate pieces on the page.
            p.0 += (0.5 - p.0) * 0.01;
            p.1 += (0.5 - p.1) * 0.01;
        }
        heat = (heat - cooling).max(0.001);
    }
    fit(&at)
}

/// A spread-out, repeatable first position for node `i` (a spiral with the golden angle).
fn start(i: usize) -> (f64, f64) {
    let angle = i as f64 * 2.399_963_229_728_653;
    let radius = 0.45 * ((i as f64 + 0.5) / (i as f64 + 8.0)).sqrt();
    (0.5 + radius * angle.cos(), 0.5 + radius * angle.sin())
}

/// Scales the positions to fill the unit square less a 5% margin, keeping the shape.
fn fit(at: &[(f64, f64)]) -> Vec<Position> {
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in at {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let span = (max_x - min_x).max(max_y - min_y).max(1e-9);
    let (mid_x, mid_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    at.iter()
        .map(|&(x, y)| Position {
            x: 0.5 + (x - mid_x) / span * 0.9,
            y: 0.5 + (y - mid_y) / span * 0.9,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: Position, b: Position) -> f64 {
        ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
    }

    /// Two groups of five, each fully linked inside, joined by one bridge.
    fn two_groups() -> Vec<(usize, usize, f64)> {
        let mut edges = Vec::new();
        for group in [0, 5] {
            for i in group..group + 5 {
                for j in (i + 1)..group + 5 {
                    edges.push((i, j, 1.0));
                }
            }
        }
        edges.push((4, 5, 1.0));
        edges
    }

    #[test]
    fn nothing_one_and_two() {
        assert!(layout(0, &[], ROUNDS).is_empty());
        assert_eq!(layout(1, &[], ROUNDS), vec![Position { x: 0.5, y: 0.5 }]);
        let two = layout(2, &[(0, 1, 1.0)], ROUNDS);
        assert!(distance(two[0], two[1]) > 0.5, "{two:?}");
    }

    #[test]
    fn every_position_is_inside_the_square_with_its_margin() {
        for p in layout(10, &two_groups(), ROUNDS) {
            assert!(
                (0.049..=0.951).contains(&p.x) && (0.049..=0.951).contains(&p.y),
                "{p:?}"
            );
        }
    }

    #[test]
    fn the_same_network_always_gets_the_same_picture() {
        assert_eq!(
            layout(10, &two_groups(), ROUNDS),
            layout(10, &two_groups(), ROUNDS)
        );
    }

    #[test]
    fn a_group_sits_closer_together_than_to_the_other_group() {
        let at = layout(10, &two_groups(), ROUNDS);
        let mean = |pairs: &[(usize, usize)]| {
            pairs
                .iter()
                .map(|&(i, j)| distance(at[i], at[j]))
                .sum::<f64>()
                / pairs.len() as f64
        };
        let within: Vec<(usize, usize)> = (0..5)
            .flat_map(|i| ((i + 1)..5).map(move |j| (i, j)))
            .chain((5..10).flat_map(|i| ((i + 1)..10).map(move |j| (i, j))))
            .collect();
        let across: Vec<(usize, usize)> =
            (0..5).flat_map(|i| (5..10).map(move |j| (i, j))).collect();
        assert!(
            mean(&within) * 1.5 < mean(&across),
            "{} vs {}",
            mean(&within),
            mean(&across)
        );
    }

    #[test]
    fn no_two_organisations_are_drawn_on_top_of_each_other() {
        let at = layout(10, &two_groups(), ROUNDS);
        for i in 0..10 {
            for j in (i + 1)..10 {
                assert!(distance(at[i], at[j]) > 0.02, "{i} and {j}: {at:?}");
            }
        }
    }

    #[test]
    fn edges_to_nodes_that_do_not_exist_are_ignored() {
        let at = layout(3, &[(0, 1, 1.0), (1, 7, 1.0), (2, 2, 1.0)], ROUNDS);
        assert_eq!(at.len(), 3);
        assert!(at.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    }
}
