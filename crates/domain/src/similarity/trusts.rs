//! Similar trusts: for each trust, the trusts most like it in size, intake, setting, phase
//! mix and geographic reach, so a CEO can find peers to learn from or partner with.
//!
//! The method is the one used for schools (see [`crate::similarity`]): each
//! [`TrustMeasure`] is standardised to a z-score over all the trusts given (missing values
//! imputed at the mean), weighted, and the nearest trusts found with the same k-d tree, ties
//! broken by Group UID. There is no phase separation: phase mix is itself a measure.

use super::space::{shares, MeasureSpace, Standardisation};
use crate::profile::TrustProfile;
use crate::GroupUid;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A fact about a trust that similar trusts are matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrustMeasure {
    /// Number of schools, on a log scale.
    Schools,
    /// Pupils on roll, on a log scale.
    Pupils,
    /// Pupil-weighted FSM %.
    FsmPercent,
    /// Pupil-weighted EAL %.
    EalPercent,
    /// Rural schools as a % of classified schools.
    PercentRural,
    /// Primary schools as a % of schools.
    PercentPrimary,
    /// Radius of the schools around their centroid, on a log scale.
    SpreadKm,
}

impl TrustMeasure {
    /// Every measure, in display order.
    pub const ALL: [TrustMeasure; 7] = [
        TrustMeasure::Schools,
        TrustMeasure::Pupils,
        TrustMeasure::FsmPercent,
        TrustMeasure::EalPercent,
        TrustMeasure::PercentRural,
        TrustMeasure::PercentPrimary,
        TrustMeasure::SpreadKm,
    ];

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            TrustMeasure::Schools => "schools",
            TrustMeasure::Pupils => "pupils",
            TrustMeasure::FsmPercent => "fsm_percent",
            TrustMeasure::EalPercent => "eal_percent",
            TrustMeasure::PercentRural => "percent_rural",
            TrustMeasure::PercentPrimary => "percent_primary",
            TrustMeasure::SpreadKm => "spread_km",
        }
    }

    /// Short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            TrustMeasure::Schools => "Schools",
            TrustMeasure::Pupils => "Pupils",
            TrustMeasure::FsmPercent => "Free school meals",
            TrustMeasure::EalPercent => "English as an additional language",
            TrustMeasure::PercentRural => "Rural schools",
            TrustMeasure::PercentPrimary => "Primary schools",
            TrustMeasure::SpreadKm => "Geographic spread",
        }
    }

    /// Plain-English description of what is compared, for the method page.
    pub fn description(self) -> &'static str {
        match self {
            TrustMeasure::Schools => {
                "Number of open schools, on a logarithmic scale: going from 2 to 4 schools \
                 counts as much as going from 20 to 40."
            }
            TrustMeasure::Pupils => "Pupils on roll across the trust, on a logarithmic scale.",
            TrustMeasure::FsmPercent => {
                "Percentage of the trust's pupils eligible for free school meals (each school \
                 weighted by its pupils)."
            }
            TrustMeasure::EalPercent => {
                "Percentage of the trust's pupils with English as an additional language \
                 (each school weighted by its pupils)."
            }
            TrustMeasure::PercentRural => "Percentage of the trust's schools in rural areas.",
            TrustMeasure::PercentPrimary => "Percentage of the trust's schools that are primary.",
            TrustMeasure::SpreadKm => {
                "Radius in km of the circle around the schools' centre that holds them all, \
                 on a logarithmic scale (of 1 + km) so that 5 against 10 km matters as much \
                 as 100 against 200 km."
            }
        }
    }

    /// Whether the measure is standardised on a log scale (`ln` of the value, or of 1 + km
    /// for the spread, which is 0 for one school); the published means and standard
    /// deviations are then of logs.
    pub fn is_logarithmic(self) -> bool {
        matches!(
            self,
            TrustMeasure::Schools | TrustMeasure::Pupils | TrustMeasure::SpreadKm
        )
    }

    /// The trust's value as shown to people, or `None` when it has none.
    pub fn value(self, profile: &TrustProfile) -> Option<f64> {
        let value = match self {
            TrustMeasure::Schools => (profile.schools > 0).then_some(profile.schools as f64),
            TrustMeasure::Pupils => (profile.pupils > 0).then_some(profile.pupils as f64),
            TrustMeasure::FsmPercent => profile.fsm_percent,
            TrustMeasure::EalPercent => profile.eal_percent,
            TrustMeasure::PercentRural => profile.urban_rural.percent_rural,
            TrustMeasure::PercentPrimary => profile.percent_primary(),
            TrustMeasure::SpreadKm => profile.geography.radius_km,
        };
        value.filter(|v| v.is_finite())
    }

    /// The value on the scale that is standardised.
    fn comparable(self, profile: &TrustProfile) -> Option<f64> {
        let value = self.value(profile)?;
        Some(match self {
            TrustMeasure::Schools | TrustMeasure::Pupils => value.ln(),
            TrustMeasure::SpreadKm => value.ln_1p(),
            _ => value,
        })
    }
}

/// How similar trusts are found: measures, weights, and how many to find.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrustMethod {
    /// Measures with their weights (0 or less ignores a measure).
    pub measures: Vec<(TrustMeasure, f64)>,
    /// How many similar trusts to find for each.
    pub family_size: usize,
}

impl Default for TrustMethod {
    /// All seven measures at weight 1.0, and ten similar trusts.
    fn default() -> TrustMethod {
        TrustMethod {
            measures: TrustMeasure::ALL.into_iter().map(|m| (m, 1.0)).collect(),
            family_size: 10,
        }
    }
}

/// Why a trust is similar, one measure at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustContribution {
    /// The measure.
    pub measure: TrustMeasure,
    /// The trust's own value (`None` when missing and imputed at the mean).
    pub trust_value: Option<f64>,
    /// The similar trust's value.
    pub neighbour_value: Option<f64>,
    /// The weight times the squared difference in z-scores; these sum to the squared
    /// distance.
    pub squared_difference: f64,
    /// This measure's share of the squared distance, 0 to 1.
    pub share_of_distance: f64,
}

/// One similar trust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarTrust {
    /// The similar trust.
    pub uid: GroupUid,
    /// Its distance in weighted z-scores.
    pub distance: f64,
    /// Each measure's part in that distance.
    pub contributions: Vec<TrustContribution>,
}

/// A trust's similar trusts, nearest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrustFamily {
    /// The trust.
    pub uid: GroupUid,
    /// Measures it has no value for, imputed at the mean.
    pub imputed: Vec<TrustMeasure>,
    /// The similar trusts, nearest first, ties by Group UID.
    pub neighbours: Vec<SimilarTrust>,
}

/// How one trust measure was standardised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrustMeasureStandardisation {
    /// The measure.
    pub measure: TrustMeasure,
    /// Its weight.
    pub weight: f64,
    /// Mean and standard deviation (of logs for logarithmic measures).
    pub standardisation: Standardisation,
}

/// Every trust's similar trusts, with the parameters that produced them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarTrusts {
    /// The method used.
    pub method: TrustMethod,
    /// How each measure was standardised, in method order.
    pub measures: Vec<TrustMeasureStandardisation>,
    /// Similar trusts by Group UID.
    pub families: BTreeMap<GroupUid, TrustFamily>,
}

/// Finds each trust's most similar trusts among `profiles` (if a Group UID appears twice,
/// its first profile is used).
pub fn similar_trusts(profiles: &[TrustProfile], method: &TrustMethod) -> SimilarTrusts {
    let mut unique: BTreeMap<GroupUid, &TrustProfile> = BTreeMap::new();
    for p in profiles {
        unique.entry(p.uid).or_insert(p);
    }
    let uids: Vec<GroupUid> = unique.keys().copied().collect();
    let values: Vec<Vec<Option<f64>>> = unique
        .values()
        .map(|p| method.measures.iter().map(|(m, _)| m.value(p)).collect())
        .collect();
    let comparable: Vec<Vec<Option<f64>>> = unique
        .values()
        .map(|p| {
            method
                .measures
                .iter()
                .map(|(m, _)| m.comparable(p))
                .collect()
        })
        .collect();
    let weights: Vec<f64> = method.measures.iter().map(|(_, w)| *w).collect();
    let space = MeasureSpace::build(&uids, &comparable, &weights);

    let families = uids
        .iter()
        .enumerate()
        .map(|(position, uid)| {
            let own = &values[position];
            let neighbours = space
                .nearest(position, method.family_size)
                .into_iter()
                .map(|found| {
                    let theirs = &values[found.position];
                    let shares = shares(&found.squared_differences);
                    SimilarTrust {
                        uid: uids[found.position],
                        distance: found.distance,
                        contributions: method
                            .measures
                            .iter()
                            .enumerate()
                            .map(|(m, (measure, _))| TrustContribution {
                                measure: *measure,
                                trust_value: own[m],
                                neighbour_value: theirs[m],
                                squared_difference: found.squared_differences[m],
                                share_of_distance: shares[m],
                            })
                            .collect(),
                    }
                })
                .collect();
            let family = TrustFamily {
                uid: *uid,
                imputed: method
                    .measures
                    .iter()
                    .zip(own)
                    .filter(|(_, v)| v.is_none())
                    .map(|((m, _), _)| *m)
                    .collect(),
                neighbours,
            };
            (*uid, family)
        })
        .collect();

    SimilarTrusts {
        method: method.clone(),
        measures: method
            .measures
            .iter()
            .zip(space.standardisations())
            .map(|((measure, weight), s)| TrustMeasureStandardisation {
                measure: *measure,
                weight: *weight,
                standardisation: *s,
            })
            .collect(),
        families,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::{GridReference, Phase, School};
    use crate::Urn;

    fn school(urn: i64, phase: Phase, pupils: i64, fsm: f64, easting: i64) -> School {
        let mut s = School::new(Urn(urn), format!("School {urn}"));
        s.phase = phase;
        s.pupils = Some(pupils);
        s.fsm_percent = Some(fsm);
        s.location = Some(GridReference {
            easting,
            northing: 300_000,
        });
        s
    }

    fn profile(uid: i64, members: &[School]) -> TrustProfile {
        TrustProfile::from_members(GroupUid(uid), members, |_| None)
    }

    #[test]
    fn similar_trusts_are_nearest_in_profile_and_explain_themselves() {
        let small_primary = |uid: i64, fsm: f64| {
            profile(
                uid,
                &[
                    school(uid * 10, Phase::Primary, 200, fsm, 400_000),
                    school(uid * 10 + 1, Phase::Primary, 220, fsm, 405_000),
                ],
            )
        };
        let big_secondary = profile(
            9,
            &(0..12)
                .map(|i| school(900 + i, Phase::Secondary, 1200, 30.0, 300_000 + 20_000 * i))
                .collect::<Vec<_>>(),
        );
        let profiles = vec![
            small_primary(1, 10.0),
            small_primary(2, 12.0),
            small_primary(3, 40.0),
            big_secondary,
        ];
        let method = TrustMethod {
            family_size: 2,
            ..TrustMethod::default()
        };
        let result = similar_trusts(&profiles, &method);
        let family = &result.families[&GroupUid(1)];
        let uids: Vec<GroupUid> = family.neighbours.iter().map(|n| n.uid).collect();
        assert_eq!(uids, [GroupUid(2), GroupUid(3)]);
        // Trusts 1 and 2 differ only in FSM, so FSM is the whole distance.
        let nearest = &family.neighbours[0];
        let fsm = nearest
            .contributions
            .iter()
            .find(|c| c.measure == TrustMeasure::FsmPercent)
            .map(|c| c.share_of_distance);
        assert_eq!(fsm, Some(1.0));
        for n in &family.neighbours {
            let sum: f64 = n.contributions.iter().map(|c| c.squared_difference).sum();
            assert!((sum - n.distance * n.distance).abs() < 1e-9);
        }
        // No trust has rural data, so that measure is imputed and contributes nothing.
        assert!(family.imputed.contains(&TrustMeasure::PercentRural));
        assert_eq!(result.measures.len(), TrustMeasure::ALL.len());
        assert_eq!(result.families.len(), 4);
    }
}
