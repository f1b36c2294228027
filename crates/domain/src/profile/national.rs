//! The national picture: where a trust stands among all trusts, dimension by dimension, and
//! against trusts of its own size.

use super::{SizeBand, TrustProfile};
use serde::{Deserialize, Serialize};

/// The percentile rank of `value` among `values`: the percentage of values at or below it,
/// from 0 to 100. The largest value ranks 100; a value below them all ranks 0. Values that
/// are not numbers are ignored, and an empty list ranks everything 0.
pub fn percentile_rank(values: &[f64], value: f64) -> f64 {
    let finite = values.iter().filter(|v| v.is_finite());
    let total = finite.clone().count();
    if total == 0 {
        return 0.0;
    }
    let at_or_below = finite.filter(|v| **v <= value).count();
    100.0 * at_or_below as f64 / total as f64
}

/// A numeric dimension of a trust profile that can be ranked nationally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Schools that are not closed.
    Schools,
    /// Pupils on roll.
    Pupils,
    /// Local authorities with a school.
    LocalAuthorities,
    /// Regions with a school.
    Regions,
    /// Pupil-weighted FSM %.
    FsmPercent,
    /// Pupil-weighted EAL %.
    EalPercent,
    /// Pupil-weighted mean IDACI quintile.
    IdaciQuintile,
    /// Rural schools as a % of classified schools.
    PercentRural,
    /// Primary schools as a % of schools.
    PercentPrimary,
    /// Radius of the schools around their centroid.
    RadiusKm,
    /// Median distance between two schools.
    MedianDistanceKm,
    /// Good or Outstanding as a % of schools with an overall grade.
    PercentGoodOrOutstanding,
    /// Schools inspected since joining, as a % of those with both dates.
    PercentInspectedSinceJoining,
}

impl Dimension {
    /// Every dimension, in display order.
    pub const ALL: [Dimension; 13] = [
        Dimension::Schools,
        Dimension::Pupils,
        Dimension::LocalAuthorities,
        Dimension::Regions,
        Dimension::FsmPercent,
        Dimension::EalPercent,
        Dimension::IdaciQuintile,
        Dimension::PercentRural,
        Dimension::PercentPrimary,
        Dimension::RadiusKm,
        Dimension::MedianDistanceKm,
        Dimension::PercentGoodOrOutstanding,
        Dimension::PercentInspectedSinceJoining,
    ];

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Schools => "schools",
            Dimension::Pupils => "pupils",
            Dimension::LocalAuthorities => "local_authorities",
            Dimension::Regions => "regions",
            Dimension::FsmPercent => "fsm_percent",
            Dimension::EalPercent => "eal_percent",
            Dimension::IdaciQuintile => "idaci_quintile",
            Dimension::PercentRural => "percent_rural",
            Dimension::PercentPrimary => "percent_primary",
            Dimension::RadiusKm => "radius_km",
            Dimension::MedianDistanceKm => "median_distance_km",
            Dimension::PercentGoodOrOutstanding => "percent_good_or_outstanding",
            Dimension::PercentInspectedSinceJoining => "percent_inspected_since_joining",
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Schools => "Schools",
            Dimension::Pupils => "Pupils",
            Dimension::LocalAuthorities => "Local authorities",
            Dimension::Regions => "Regions",
            Dimension::FsmPercent => "Free school meals",
            Dimension::EalPercent => "English as an additional language",
            Dimension::IdaciQuintile => "Average IDACI quintile",
            Dimension::PercentRural => "Rural schools",
            Dimension::PercentPrimary => "Primary schools",
            Dimension::RadiusKm => "Geographic radius",
            Dimension::MedianDistanceKm => "Median distance between schools",
            Dimension::PercentGoodOrOutstanding => "Good or Outstanding",
            Dimension::PercentInspectedSinceJoining => "Inspected since joining",
        }
    }

    /// What values are counted or measured in, for axis labels.
    pub fn unit(self) -> &'static str {
        match self {
            Dimension::Schools => "schools",
            Dimension::Pupils => "pupils",
            Dimension::LocalAuthorities => "local authorities",
            Dimension::Regions => "regions",
            Dimension::IdaciQuintile => "quintile (1 = most deprived)",
            Dimension::RadiusKm | Dimension::MedianDistanceKm => "km",
            Dimension::FsmPercent
            | Dimension::EalPercent
            | Dimension::PercentRural
            | Dimension::PercentPrimary
            | Dimension::PercentGoodOrOutstanding
            | Dimension::PercentInspectedSinceJoining => "%",
        }
    }

    /// The profile's value, or `None` where it has none (no located schools, no grades...).
    pub fn value(self, profile: &TrustProfile) -> Option<f64> {
        let value = match self {
            Dimension::Schools => Some(profile.schools as f64),
            Dimension::Pupils => Some(profile.pupils as f64),
            Dimension::LocalAuthorities => Some(profile.local_authorities.len() as f64),
            Dimension::Regions => Some(profile.regions.len() as f64),
            Dimension::FsmPercent => profile.fsm_percent,
            Dimension::EalPercent => profile.eal_percent,
            Dimension::IdaciQuintile => profile.idaci_quintile,
            Dimension::PercentRural => profile.urban_rural.percent_rural,
            Dimension::PercentPrimary => profile.percent_primary(),
            Dimension::RadiusKm => profile.geography.radius_km,
            Dimension::MedianDistanceKm => profile.geography.median_distance_km,
            Dimension::PercentGoodOrOutstanding => profile.percent_good_or_outstanding(),
            Dimension::PercentInspectedSinceJoining => {
                profile.ofsted.percent_inspected_since_joining
            }
        };
        value.filter(|v| v.is_finite())
    }
}

/// The average of one dimension over the trusts of one size band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandAverage {
    /// The band.
    pub band: SizeBand,
    /// Trusts in the band with a value.
    pub trusts: usize,
    /// Their mean value.
    pub average: f64,
}

/// All trusts' values of one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The dimension.
    pub dimension: Dimension,
    /// Every trust's value, ascending (trusts without one are left out).
    pub values: Vec<f64>,
    /// Averages by size band, smallest band first (bands with no values are left out).
    pub band_averages: Vec<BandAverage>,
}

impl Distribution {
    /// The percentile rank of a value in this distribution (see [`percentile_rank`]).
    pub fn percentile(&self, value: f64) -> Option<f64> {
        (!self.values.is_empty()).then(|| {
            let at_or_below = self.values.partition_point(|v| *v <= value);
            100.0 * at_or_below as f64 / self.values.len() as f64
        })
    }

    /// The median value.
    pub fn median(&self) -> Option<f64> {
        super::geography::median_of_sorted(&self.values)
    }

    /// The average for trusts of a size band.
    pub fn band_average(&self, band: SizeBand) -> Option<f64> {
        self.band_averages
            .iter()
            .find(|b| b.band == band)
            .map(|b| b.average)
    }
}

/// Where one trust stands on one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Standing {
    /// The dimension.
    pub dimension: Dimension,
    /// The trust's value.
    pub value: Option<f64>,
    /// Its percentile rank among all trusts.
    pub percentile: Option<f64>,
    /// The national median.
    pub national_median: Option<f64>,
    /// The average of trusts in the trust's size band.
    pub band_average: Option<f64>,
}

/// Every dimension's national distribution, for setting one trust against all the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NationalPicture {
    /// Trusts the picture was built from.
    pub trusts: usize,
    /// One distribution per dimension, in [`Dimension::ALL`] order.
    pub distributions: Vec<Distribution>,
}

impl NationalPicture {
    /// Builds the picture from every trust's profile (the caller chooses which trusts count,
    /// e.g. open academy trusts with at least one school).
    pub fn from_profiles(profiles: &[TrustProfile]) -> NationalPicture {
        let distributions = Dimension::ALL
            .into_iter()
            .map(|dimension| {
                let mut values: Vec<f64> =
                    profiles.iter().filter_map(|p| dimension.value(p)).collect();
                values.sort_by(f64::total_cmp);
                let band_averages = SizeBand::ALL
                    .into_iter()
                    .filter_map(|band| {
                        let in_band: Vec<f64> = profiles
                            .iter()
                            .filter(|p| p.size_band == Some(band))
                            .filter_map(|p| dimension.value(p))
                            .collect();
                        (!in_band.is_empty()).then(|| BandAverage {
                            band,
                            trusts: in_band.len(),
                            average: in_band.iter().sum::<f64>() / in_band.len() as f64,
                        })
                    })
                    .collect();
                Distribution {
                    dimension,
                    values,
                    band_averages,
                }
            })
            .collect();
        NationalPicture {
            trusts: profiles.len(),
            distributions,
        }
    }

    /// The distribution of one dimension.
    pub fn distribution(&self, dimension: Dimension) -> Option<&Distribution> {
        self.distributions.iter().find(|d| d.dimension == dimension)
    }

    /// Where a trust stands on every dimension.
    pub fn standings(&self, profile: &TrustProfile) -> Vec<Standing> {
        self.distributions
            .iter()
            .map(|d| {
                let value = d.dimension.value(profile);
                Standing {
                    dimension: d.dimension,
                    value,
                    percentile: value.and_then(|v| d.percentile(v)),
                    national_median: d.median(),
                    band_average: profile.size_band.and_then(|b| d.band_average(b)),
                }
            })
            .collect()
    }
}
