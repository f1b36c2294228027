//! Where a trust's schools are: how far they spread and how that is classified.

use crate::geo::{self, LatLon};
use crate::organisation::{GridReference, School};
use crate::Urn;
use serde::{Deserialize, Serialize};

/// How far a trust's schools are spread, by the radius of the circle around their centroid
/// that holds them all. Thresholds: a radius up to 0.5 km is one site; up to 25 km is local
/// (one town or county, every school within about half an hour of the centre); up to 100 km
/// is regional (an English region is roughly 150-250 km across); beyond that, national.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// One school, or all schools on one site.
    Single,
    /// Within 25 km of the centre.
    Local,
    /// Within 100 km of the centre.
    Regional,
    /// Further.
    National,
}

impl Spread {
    /// Largest radius (km) still counted as one site.
    pub const SINGLE_SITE_KM: f64 = 0.5;
    /// Largest radius (km) counted as local.
    pub const LOCAL_KM: f64 = 25.0;
    /// Largest radius (km) counted as regional.
    pub const REGIONAL_KM: f64 = 100.0;

    /// Classifies a radius in kilometres.
    pub fn classify(radius_km: f64) -> Spread {
        if radius_km <= Spread::SINGLE_SITE_KM {
            Spread::Single
        } else if radius_km <= Spread::LOCAL_KM {
            Spread::Local
        } else if radius_km <= Spread::REGIONAL_KM {
            Spread::Regional
        } else {
            Spread::National
        }
    }

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Spread::Single => "single",
            Spread::Local => "local",
            Spread::Regional => "regional",
            Spread::National => "national",
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Spread::Single => "One site",
            Spread::Local => "Local",
            Spread::Regional => "Regional",
            Spread::National => "National",
        }
    }
}

/// Where a trust's schools are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Geography {
    /// Schools with a grid reference.
    pub located: u64,
    /// Schools without one (left out of every figure below).
    pub unlocated: Vec<Urn>,
    /// The centroid (mean easting and northing) as WGS84, for centring a map.
    pub centre: Option<LatLon>,
    /// The largest distance from the centroid to a school, in km. This is the radius of the
    /// circle around the centroid holding every school; the smallest enclosing circle can be
    /// a little smaller, but the centroid's circle is simpler to explain.
    pub radius_km: Option<f64>,
    /// The median distance between two of the trust's schools, in km (needs two schools).
    pub median_distance_km: Option<f64>,
    /// The spread class of `radius_km`.
    pub spread: Option<Spread>,
}

impl Geography {
    /// Computes the geography of some schools.
    pub(super) fn of(members: &[&School]) -> Geography {
        let points: Vec<GridReference> = members.iter().filter_map(|s| s.location).collect();
        let unlocated = members
            .iter()
            .filter(|s| s.location.is_none())
            .map(|s| s.urn)
            .collect();
        if points.is_empty() {
            return Geography {
                located: 0,
                unlocated,
                centre: None,
                radius_km: None,
                median_distance_km: None,
                spread: None,
            };
        }
        let n = points.len() as f64;
        let centroid = (
            points.iter().map(|p| p.easting as f64).sum::<f64>() / n,
            points.iter().map(|p| p.northing as f64).sum::<f64>() / n,
        );
        let radius_km = points
            .iter()
            .map(|p| geo::planar_km(centroid, (p.easting as f64, p.northing as f64)))
            .fold(0.0, f64::max);
        let mut pairwise: Vec<f64> = Vec::with_capacity(points.len() * points.len() / 2);
        for (i, a) in points.iter().enumerate() {
            for b in &points[i + 1..] {
                pairwise.push(geo::distance_km(*a, *b));
            }
        }
        Geography {
            located: points.len() as u64,
            unlocated,
            centre: Some(geo::to_lat_lon(GridReference {
                easting: centroid.0.round() as i64,
                northing: centroid.1.round() as i64,
            })),
            radius_km: Some(radius_km),
            median_distance_km: median(&mut pairwise),
            spread: Some(Spread::classify(radius_km)),
        }
    }
}

/// The median of some values (mean of the middle two for an even count); `None` if empty.
pub fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    median_of_sorted(values)
}

/// The median of values already in ascending order; `None` if empty.
pub(super) fn median_of_sorted(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}
