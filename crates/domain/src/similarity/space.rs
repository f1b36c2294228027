//! Standardised, weighted measure spaces: the shared machinery behind families of similar
//! schools and of similar trusts.
//!
//! Measures come in different units (pupils, percentages, a 0/1 flag), so each is turned
//! into a z-score (how many standard deviations from the population mean) before distances
//! are taken. Each z-score is scaled by the square root of its measure's weight, so the
//! squared Euclidean distance between two items is the weighted sum of their squared
//! z-score differences, and each measure's term is its contribution to the distance.

use super::kdtree::{KdTree, Nearest};
use serde::{Deserialize, Serialize};

/// Mean and population standard deviation of one measure over a reference population, so
/// values can be expressed as z-scores and the web layer can publish how it was done.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Standardisation {
    /// Mean of the values present.
    pub mean: f64,
    /// Population standard deviation (dividing by the count, not count - 1) of those values.
    pub standard_deviation: f64,
    /// How many members of the population had a value.
    pub count: usize,
}

impl Standardisation {
    /// Fits the mean and population standard deviation of the finite values given (others
    /// are ignored); with no values both are zero.
    pub fn fit(values: impl IntoIterator<Item = f64>) -> Standardisation {
        let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        if values.is_empty() {
            return Standardisation {
                mean: 0.0,
                standard_deviation: 0.0,
                count: 0,
            };
        }
        let count = values.len();
        let mean = values.iter().sum::<f64>() / count as f64;
        let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / count as f64;
        Standardisation {
            mean,
            standard_deviation: variance.sqrt(),
            count,
        }
    }

    /// The z-score of a value. A missing value scores 0 (it is imputed at the mean, so it
    /// neither draws an item towards nor pushes it away from anyone), and a measure on which
    /// the whole population agrees (standard deviation 0) scores 0 for everyone.
    pub fn z_score(&self, value: Option<f64>) -> f64 {
        match value {
            Some(v) if v.is_finite() && self.standard_deviation > 0.0 => {
                (v - self.mean) / self.standard_deviation
            }
            _ => 0.0,
        }
    }
}

/// One neighbour found in a [`MeasureSpace`], with each measure's share of the distance.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// The neighbour's position in the population.
    pub position: usize,
    /// Euclidean distance in the weighted z-score space.
    pub distance: f64,
    /// Per measure: the weight times the squared difference in z-scores. These sum to the
    /// squared distance.
    pub squared_differences: Vec<f64>,
}

/// A population of items (schools of one phase, or trusts) described by the same measures,
/// standardised and weighted, with a k-d tree for nearest-neighbour queries.
#[derive(Debug, Clone)]
pub(crate) struct MeasureSpace<K> {
    standardisations: Vec<Standardisation>,
    /// Each item's key and weighted z-scores, in population order.
    points: Vec<(K, Vec<f64>)>,
    tree: KdTree<K>,
}

impl<K: Ord + Copy> MeasureSpace<K> {
    /// Standardises `values` (one row per item, one entry per measure, `None` when missing)
    /// over the rows themselves and indexes them. A weight that is negative or not a number
    /// counts as 0 (the measure is ignored).
    pub fn build(keys: &[K], values: &[Vec<Option<f64>>], weights: &[f64]) -> MeasureSpace<K> {
        let standardisations: Vec<Standardisation> = (0..weights.len())
            .map(|m| Standardisation::fit(values.iter().filter_map(|row| value_at(row, m))))
            .collect();
        let scales: Vec<f64> = weights
            .iter()
            .map(|w| if *w > 0.0 { w.sqrt() } else { 0.0 })
            .collect();
        let points: Vec<(K, Vec<f64>)> = keys
            .iter()
            .zip(values)
            .map(|(key, row)| {
                let point = standardisations
                    .iter()
                    .zip(&scales)
                    .enumerate()
                    .map(|(m, (s, scale))| scale * s.z_score(value_at(row, m)))
                    .collect();
                (*key, point)
            })
            .collect();
        let tree = KdTree::build(weights.len(), &points);
        MeasureSpace {
            standardisations,
            points,
            tree,
        }
    }

    /// The distance in the weighted z-score space between the items at two positions
    /// (`None` if either is out of range).
    pub fn distance_between(&self, a: usize, b: usize) -> Option<f64> {
        let (_, pa) = self.points.get(a)?;
        let (_, pb) = self.points.get(b)?;
        Some(
            pa.iter()
                .zip(pb)
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>()
                .sqrt(),
        )
    }

    /// The weighted z-scores of the item at `position`, to compare with other items
    /// directly (many times) without looking either up again.
    pub fn point(&self, position: usize) -> Option<&[f64]> {
        self.points.get(position).map(|(_, point)| point.as_slice())
    }

    /// The fitted standardisation of each measure.
    pub fn standardisations(&self) -> &[Standardisation] {
        &self.standardisations
    }

    /// The `k` items nearest the item at `position` (never itself), nearest first, ties by
    /// key ascending.
    pub fn nearest(&self, position: usize, k: usize) -> Vec<Found> {
        self.nearest_where(position, k, &|_| true)
    }

    /// The `k` items nearest the item at `position` among those `accept` allows (never
    /// itself), nearest first, ties by key ascending.
    pub fn nearest_where(
        &self,
        position: usize,
        k: usize,
        accept: &dyn Fn(K) -> bool,
    ) -> Vec<Found> {
        let Some((key, point)) = self.points.get(position) else {
            return Vec::new();
        };
        let own = *key;
        self.tree
            .nearest_where(point, k, &|other| other != own && accept(other))
            .into_iter()
            .map(|Nearest { position, .. }| {
                let other = &self.points[position].1;
                let squared_differences: Vec<f64> = point
                    .iter()
                    .zip(other)
                    .map(|(a, b)| (a - b) * (a - b))
                    .collect();
                let distance = squared_differences.iter().sum::<f64>().sqrt();
                Found {
                    position,
                    distance,
                    squared_differences,
                }
            })
            .collect()
    }
}

/// The value of measure `m` in a row; a row too short for it counts as missing.
fn value_at(row: &[Option<f64>], m: usize) -> Option<f64> {
    row.get(m).copied().flatten()
}

/// Each measure's share of a squared distance (0 for every measure when the distance is 0).
pub(crate) fn shares(squared_differences: &[f64]) -> Vec<f64> {
    let total: f64 = squared_differences.iter().sum();
    squared_differences
        .iter()
        .map(|d| if total > 0.0 { d / total } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_scores_use_the_population_standard_deviation() {
        // Values 2, 4, 9: mean 5, deviations -3, -1, 4, variance (9 + 1 + 16) / 3 = 26/3.
        let s = Standardisation::fit([2.0, 4.0, 9.0]);
        assert_eq!(s.mean, 5.0);
        assert!((s.standard_deviation - (26.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(s.count, 3);
        assert!((s.z_score(Some(9.0)) - 4.0 / (26.0_f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn missing_values_and_constant_measures_score_zero() {
        let s = Standardisation::fit([3.0, 3.0, f64::NAN]);
        assert_eq!(s.count, 2);
        assert_eq!(s.standard_deviation, 0.0);
        assert_eq!(s.z_score(Some(3.0)), 0.0);
        assert_eq!(Standardisation::fit([1.0, 2.0]).z_score(None), 0.0);
        assert_eq!(Standardisation::fit([]).count, 0);
    }

    #[test]
    fn squared_differences_are_weighted_and_sum_to_the_squared_distance() {
        let keys = [1, 2, 3];
        let values = vec![
            vec![Some(0.0), Some(10.0)],
            vec![Some(1.0), Some(20.0)],
            vec![Some(2.0), None],
        ];
        let space = MeasureSpace::build(&keys, &values, &[4.0, 1.0]);
        let found = space.nearest(0, 2);
        assert_eq!(found.len(), 2);
        // Measure 0: values 0, 1, 2 have SD sqrt(2/3); measure 1: values 10, 20 have SD 5,
        // so item 3's missing value sits at the mean, 15.
        let sd0 = (2.0_f64 / 3.0).sqrt();
        let to_two = 4.0 * (1.0 / sd0).powi(2) + (10.0_f64 / 5.0).powi(2);
        let to_three = 4.0 * (2.0 / sd0).powi(2) + (5.0_f64 / 5.0).powi(2);
        assert_eq!(found[0].position, 1);
        assert!((found[0].distance.powi(2) - to_two).abs() < 1e-9);
        assert!((found[1].distance.powi(2) - to_three).abs() < 1e-9);
        for f in &found {
            let sum: f64 = f.squared_differences.iter().sum();
            assert!((sum - f.distance.powi(2)).abs() < 1e-9);
            let share_sum: f64 = shares(&f.squared_differences).iter().sum();
            assert!((share_sum - 1.0).abs() < 1e-12);
        }
    }
}
