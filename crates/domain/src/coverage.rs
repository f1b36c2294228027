//! Where England's schools are, as a coarse grid: the offline base map. Every map Convene
//! draws sits on this silhouette of England made from the schools' own coordinates, so maps
//! work with no internet connection and no boundary files to license.

use crate::organisation::GridReference;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Side of one grid cell, in metres. 5 km keeps the outline recognisable (estuaries,
/// National Parks) while staying small enough to send with every page.
pub const CELL_METRES: i64 = 5_000;

/// A run of occupied cells along one row of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellRun {
    /// Easting of the run's west edge, in metres.
    pub easting: i64,
    /// Northing of the row's south edge, in metres.
    pub northing: i64,
    /// How many cells the run covers.
    pub cells: i64,
}

/// The occupied cells, row by row, merged into runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Runs, south to north, west to east.
    pub runs: Vec<CellRun>,
    /// The extent of every point: (min easting, min northing, max easting, max northing).
    pub extent: Option<(i64, i64, i64, i64)>,
}

impl Coverage {
    /// The grid of cells that hold at least one point.
    pub fn of(points: impl IntoIterator<Item = GridReference>) -> Coverage {
        let mut cells = BTreeSet::new();
        let mut extent: Option<(i64, i64, i64, i64)> = None;
        for p in points {
            cells.insert((
                p.northing.div_euclid(CELL_METRES),
                p.easting.div_euclid(CELL_METRES),
            ));
            extent = Some(match extent {
                None => (p.easting, p.northing, p.easting, p.northing),
                Some((a, b, c, d)) => (
                    a.min(p.easting),
                    b.min(p.northing),
                    c.max(p.easting),
                    d.max(p.northing),
                ),
            });
        }
        let mut runs: Vec<CellRun> = Vec::new();
        for (row, column) in cells {
            match runs.last_mut() {
                Some(run)
                    if run.northing == row * CELL_METRES
                        && run.easting + run.cells * CELL_METRES == column * CELL_METRES =>
                {
                    run.cells += 1;
                }
                _ => runs.push(CellRun {
                    easting: column * CELL_METRES,
                    northing: row * CELL_METRES,
                    cells: 1,
                }),
            }
        }
        Coverage { runs, extent }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(e: i64, n: i64) -> GridReference {
        GridReference {
            easting: e,
            northing: n,
        }
    }

    #[test]
    fn neighbouring_cells_merge_into_runs() {
        let coverage = Coverage::of([
            at(1_000, 1_000),
            at(6_000, 2_000),
            at(16_000, 3_000),
            at(1_000, 7_000),
            at(2_000, 1_500),
        ]);
        assert_eq!(
            coverage.runs,
            vec![
                CellRun {
                    easting: 0,
                    northing: 0,
                    cells: 2
                },
                CellRun {
                    easting: 15_000,
                    northing: 0,
                    cells: 1
                },
                CellRun {
                    easting: 0,
                    northing: 5_000,
                    cells: 1
                },
            ]
        );
        assert_eq!(coverage.extent, Some((1_000, 1_000, 16_000, 7_000)));
        assert_eq!(Coverage::of([]), Coverage::default());
    }
}
