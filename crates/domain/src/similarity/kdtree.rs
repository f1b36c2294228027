//! A k-d tree for exact k-nearest-neighbour search in a few dimensions.
//!
//! Finding twenty neighbours for each of ~22,000 schools by scanning every pair takes
//! ~480 million distance computations; with five measures the tree answers each query by
//! visiting a few hundred points, so every family in England takes a fraction of a second. Answers are exact (the same as a full scan), and ties in distance are broken by
//! key, ascending, so the same data always gives the same neighbours.

use std::cmp::Ordering;

/// Ranges this small are scanned rather than split further.
const LEAF_SIZE: usize = 8;

/// Points with keys, arranged for nearest-neighbour queries. The tree is implicit: for each
/// range of the arrays the median point sits in the middle, smaller coordinates on the split
/// axis to its left and larger ones to its right.
#[derive(Debug, Clone)]
pub struct KdTree<K> {
    dimensions: usize,
    /// Coordinates in tree order, `dimensions` per point.
    coordinates: Vec<f64>,
    /// Keys in tree order.
    keys: Vec<K>,
    /// Each point's position in the input, in tree order.
    positions: Vec<usize>,
    /// The split axis of the node whose median sits at each position (unused in leaves).
    axes: Vec<usize>,
}

/// One answer to a nearest-neighbour query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nearest<K> {
    /// The neighbour's key.
    pub key: K,
    /// Its position in the points the tree was built from.
    pub position: usize,
    /// Its squared Euclidean distance from the query point.
    pub squared_distance: f64,
}

impl<K: Ord + Copy> KdTree<K> {
    /// Builds a tree over `points`, each a key and its coordinates.
    ///
    /// # Panics
    ///
    /// If a point's coordinates do not have `dimensions` entries: that is a bug in the
    /// caller, not a property of the data.
    pub fn build(dimensions: usize, points: &[(K, Vec<f64>)]) -> KdTree<K> {
        for (_, coordinates) in points {
            assert_eq!(
                coordinates.len(),
                dimensions,
                "every point needs one coordinate per dimension"
            );
        }
        let mut order: Vec<usize> = (0..points.len()).collect();
        let mut axes = vec![0; points.len()];
        split(dimensions, points, &mut order, 0, &mut axes);
        let coordinates = order
            .iter()
            .flat_map(|&i| points[i].1.iter().copied())
            .collect();
        let keys = order.iter().map(|&i| points[i].0).collect();
        KdTree {
            dimensions,
            coordinates,
            keys,
            positions: order,
            axes,
        }
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the tree has no points.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The `k` points nearest to `query`, nearest first, ties by key ascending; a point whose
    /// key is `skip` is never returned (so a point can ask for its own neighbours without
    /// finding itself, however many other points share its coordinates). A query with the
    /// wrong number of coordinates finds nothing.
    pub fn nearest(&self, query: &[f64], k: usize, skip: Option<K>) -> Vec<Nearest<K>> {
        self.nearest_where(query, k, &|key| Some(key) != skip)
    }

    /// The `k` points nearest `query` among those whose key `accept` allows, nearest first,
    /// ties by key: how a family is drawn from only the schools a filter keeps (nearby, same
    /// trust) while staying exact.
    pub fn nearest_where(
        &self,
        query: &[f64],
        k: usize,
        accept: &dyn Fn(K) -> bool,
    ) -> Vec<Nearest<K>> {
        let mut search = Search {
            query,
            k,
            accept,
            offsets: vec![0.0; self.dimensions],
            found: Vec::with_capacity(k + 1),
        };
        if k > 0 && query.len() == self.dimensions {
            self.search(&mut search, 0, self.len(), 0.0);
        }
        search.found
    }

    fn point(&self, index: usize) -> &[f64] {
        &self.coordinates[index * self.dimensions..(index + 1) * self.dimensions]
    }

    /// Visits the subtree over `lo..hi`, whose cell lies at least `cell_distance` (squared)
    /// from the query.
    fn search(&self, s: &mut Search<'_, K>, lo: usize, hi: usize, cell_distance: f64) {
        if hi - lo <= LEAF_SIZE {
            for index in lo..hi {
                self.consider(s, index);
            }
            return;
        }
        let mid = lo + (hi - lo) / 2;
        self.consider(s, mid);
        let axis = self.axes[mid];
        let offset = s.query[axis] - self.point(mid)[axis];
        let (near, far) = if offset < 0.0 {
            ((lo, mid), (mid + 1, hi))
        } else {
            ((mid + 1, hi), (lo, mid))
        };
        self.search(s, near.0, near.1, cell_distance);
        // The far cell is at least as far as the near one, with this axis's gap widened to
        // the splitting plane (Arya and Mount's incremental distance).
        let previous = s.offsets[axis];
        let far_distance = cell_distance - previous * previous + offset * offset;
        if !s.can_skip(far_distance) {
            s.offsets[axis] = offset;
            self.search(s, far.0, far.1, far_distance);
            s.offsets[axis] = previous;
        }
    }

    fn consider(&self, s: &mut Search<'_, K>, index: usize) {
        let key = self.keys[index];
        if !(s.accept)(key) {
            return;
        }
        let squared_distance = squared_distance(s.query, self.point(index));
        if squared_distance > s.worst() {
            return;
        }
        let candidate = Nearest {
            key,
            position: self.positions[index],
            squared_distance,
        };
        if s.found.len() == s.k
            && s.found
                .last()
                .is_some_and(|worst| rank(&candidate, worst) != Ordering::Less)
        {
            return;
        }
        let at = s
            .found
            .partition_point(|f| rank(f, &candidate) == Ordering::Less);
        s.found.insert(at, candidate);
        s.found.truncate(s.k);
    }
}

/// The state of one query.
struct Search<'q, K> {
    query: &'q [f64],
    k: usize,
    /// Whether a key may be among the answers.
    accept: &'q dyn Fn(K) -> bool,
    /// Per axis, the gap between the query and the current cell (0 inside it).
    offsets: Vec<f64>,
    /// The best so far, nearest first.
    found: Vec<Nearest<K>>,
}

impl<K> Search<'_, K> {
    /// The squared distance a point must not exceed to enter (infinite until `k` are found).
    fn worst(&self) -> f64 {
        match self.found.last() {
            Some(worst) if self.found.len() == self.k => worst.squared_distance,
            _ => f64::INFINITY,
        }
    }

    /// Whether a cell at `cell_distance` cannot hold a better point. The incremental distance
    /// can round a little either way, so a cell is kept unless it is clearly beyond the worst:
    /// that may cost a few visits, never a neighbour, and keeps ties (decided by key) exact.
    fn can_skip(&self, cell_distance: f64) -> bool {
        let worst = self.worst();
        cell_distance > worst + worst * 1e-9 + f64::MIN_POSITIVE
    }
}

/// Orders answers nearest first, then by key.
fn rank<K: Ord>(a: &Nearest<K>, b: &Nearest<K>) -> Ordering {
    a.squared_distance
        .total_cmp(&b.squared_distance)
        .then_with(|| a.key.cmp(&b.key))
}

/// Squared Euclidean distance, summed in coordinate order.
pub fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Arranges `order[lo..hi]` as an implicit tree: picks the axis along which the range is most
/// spread out, puts the median there in the middle and recurses on both halves.
fn split<K>(
    dimensions: usize,
    points: &[(K, Vec<f64>)],
    order: &mut [usize],
    offset: usize,
    axes: &mut [usize],
) {
    if order.len() <= LEAF_SIZE || dimensions == 0 {
        return;
    }
    let axis = widest_axis(dimensions, points, order);
    let mid = order.len() / 2;
    order.select_nth_unstable_by(mid, |&a, &b| {
        points[a].1[axis].total_cmp(&points[b].1[axis])
    });
    axes[offset + mid] = axis;
    let (left, rest) = order.split_at_mut(mid);
    split(dimensions, points, left, offset, axes);
    split(dimensions, points, &mut rest[1..], offset + mid + 1, axes);
}

fn widest_axis<K>(dimensions: usize, points: &[(K, Vec<f64>)], order: &[usize]) -> usize {
    let mut best = (0, f64::NEG_INFINITY);
    for axis in 0..dimensions {
        let (min, max) = order
            .iter()
            .map(|&i| points[i].1[axis])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        if max - min > best.1 {
            best = (axis, max - min);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small linear congruential generator: repeatable pseudo-random numbers in [0, 1).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn brute_force(
        points: &[(u32, Vec<f64>)],
        query: &[f64],
        k: usize,
        skip: Option<u32>,
    ) -> Vec<Nearest<u32>> {
        let mut all: Vec<Nearest<u32>> = points
            .iter()
            .enumerate()
            .filter(|(_, (key, _))| Some(*key) != skip)
            .map(|(position, (key, coordinates))| Nearest {
                key: *key,
                position,
                squared_distance: squared_distance(query, coordinates),
            })
            .collect();
        all.sort_by(rank);
        all.truncate(k);
        all
    }

    #[test]
    fn answers_equal_a_full_scan() {
        let mut random = Lcg(42);
        for dimensions in [1, 3, 5] {
            // Coarse coordinates make many exact ties, which must still agree.
            let points: Vec<(u32, Vec<f64>)> = (0..400)
                .map(|i| {
                    let coordinates = (0..dimensions)
                        .map(|_| (random.next() * 10.0).floor())
                        .collect();
                    (1000 - i, coordinates)
                })
                .collect();
            let tree = KdTree::build(dimensions, &points);
            for (key, query) in points.iter().step_by(7) {
                for k in [1, 5, 20] {
                    assert_eq!(
                        tree.nearest(query, k, Some(*key)),
                        brute_force(&points, query, k, Some(*key)),
                        "dimensions {dimensions}, k {k}, key {key}"
                    );
                }
            }
            let outside: Vec<f64> = (0..dimensions).map(|_| random.next() * 30.0).collect();
            assert_eq!(
                tree.nearest(&outside, 10, None),
                brute_force(&points, &outside, 10, None)
            );
        }
    }

    #[test]
    fn identical_points_are_ordered_by_key_and_skip_only_the_asker() {
        let points: Vec<(u32, Vec<f64>)> = (0..30).rev().map(|k| (k, vec![1.0, 1.0])).collect();
        let tree = KdTree::build(2, &points);
        let keys: Vec<u32> = tree
            .nearest(&[1.0, 1.0], 3, Some(0))
            .iter()
            .map(|n| n.key)
            .collect();
        assert_eq!(keys, [1, 2, 3]);
    }

    #[test]
    fn small_and_empty_trees() {
        let empty: KdTree<u32> = KdTree::build(2, &[]);
        assert!(empty.is_empty());
        assert!(empty.nearest(&[0.0, 0.0], 3, None).is_empty());
        let one = KdTree::build(2, &[(7u32, vec![3.0, 4.0])]);
        let found = one.nearest(&[0.0, 0.0], 3, None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].squared_distance, 25.0);
        assert!(one.nearest(&[0.0, 0.0], 0, None).is_empty());
    }
}
