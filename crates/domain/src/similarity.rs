//! Families of similar schools: for each open school, the schools most like it in context,
//! so that leaders can find peers facing the same circumstances (and see which of them get
//! better Ofsted outcomes).
//!
//! The method, in full:
//!
//! 1. **Measures.** Each school is described by the [`ContextMeasure`]s of a
//!    [`FamilyMethod`]: by default its size (log of pupils on roll), % free school meals,
//!    % English as an additional language, urban or rural setting and IDACI quintile.
//! 2. **Phase separation.** Schools are only compared within their own [`Phase`]: a primary's
//!    family is made of open primaries.
//! 3. **Standardisation.** Within a phase, each measure becomes a z-score: the value minus the
//!    mean, divided by the population standard deviation, both computed over the open schools
//!    of that phase that have the value. A missing value is imputed at the mean (z = 0), so it
//!    neither favours nor penalises the school, and is flagged in [`Family::imputed`]. A
//!    measure on which the whole phase agrees contributes nothing.
//! 4. **Distance.** The distance between two schools is the Euclidean distance between their
//!    z-scores, each squared difference multiplied by its measure's weight.
//! 5. **Neighbours.** The family is the `family_size` schools at the smallest distance, found
//!    with a k-d tree (exact, not approximate); ties are broken by URN, ascending, so the same
//!    data always gives the same families.
//! 6. **Explanation.** Each neighbour carries each measure's [`Contribution`] to the squared
//!    distance: why this school counts as similar.

pub mod kdtree;
pub mod space;
pub mod trusts;

use crate::organisation::{Phase, School, Status};
use crate::{Judgement, Urn};
use serde::{Deserialize, Serialize};
use space::{shares, MeasureSpace, Standardisation};
use std::collections::{BTreeMap, HashMap};

/// A fact about a school's context that families are matched on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContextMeasure {
    /// Number of pupils on roll, compared on a log scale.
    Pupils,
    /// Percentage of pupils eligible for free school meals.
    FsmPercent,
    /// Percentage of pupils with English as an additional language.
    EalPercent,
    /// Urban (0) or rural (1) setting.
    UrbanRural,
    /// IDACI quintile of the school's location (1 = most deprived).
    IdaciQuintile,
    /// Percentage of pupils receiving SEN support.
    SenSupportPercent,
}

impl ContextMeasure {
    /// Every measure, in display order.
    pub const ALL: [ContextMeasure; 6] = [
        ContextMeasure::Pupils,
        ContextMeasure::FsmPercent,
        ContextMeasure::EalPercent,
        ContextMeasure::UrbanRural,
        ContextMeasure::IdaciQuintile,
        ContextMeasure::SenSupportPercent,
    ];

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            ContextMeasure::Pupils => "pupils",
            ContextMeasure::FsmPercent => "fsm_percent",
            ContextMeasure::EalPercent => "eal_percent",
            ContextMeasure::UrbanRural => "urban_rural",
            ContextMeasure::IdaciQuintile => "idaci_quintile",
            ContextMeasure::SenSupportPercent => "sen_support_percent",
        }
    }

    /// Short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            ContextMeasure::Pupils => "Pupils on roll",
            ContextMeasure::FsmPercent => "Free school meals",
            ContextMeasure::EalPercent => "English as an additional language",
            ContextMeasure::UrbanRural => "Urban or rural",
            ContextMeasure::IdaciQuintile => "Neighbourhood deprivation (IDACI)",
            ContextMeasure::SenSupportPercent => "SEN support",
        }
    }

    /// Plain-English description of what is compared, for the method page.
    pub fn description(self) -> &'static str {
        match self {
            ContextMeasure::Pupils => {
                "Number of pupils on roll, compared on a logarithmic scale so that 100 against \
                 200 pupils counts as much as 1,000 against 2,000. A roll of zero is treated as \
                 unknown rather than as a very small school."
            }
            ContextMeasure::FsmPercent => {
                "Percentage of pupils eligible for free school meals, the usual measure of \
                 disadvantage."
            }
            ContextMeasure::EalPercent => {
                "Percentage of pupils whose first language is known or believed to be other \
                 than English."
            }
            ContextMeasure::UrbanRural => {
                "Whether the school's area is urban or rural in the ONS rural-urban \
                 classification (any 'Rural' class counts as rural)."
            }
            ContextMeasure::IdaciQuintile => {
                "Quintile of the Income Deprivation Affecting Children Index for the school's \
                 neighbourhood, from 1 (most deprived fifth) to 5 (least deprived)."
            }
            ContextMeasure::SenSupportPercent => {
                "Percentage of pupils receiving special educational needs (SEN) support (not \
                 counting pupils with an education, health and care plan), from DfE's special \
                 educational needs statistics."
            }
        }
    }

    /// The weight the default method gives the measure: 1.0 for each, so that no single
    /// aspect of context dominates unless a user chooses otherwise.
    pub fn default_weight(self) -> f64 {
        1.0
    }

    /// Whether the measure is standardised on the natural log of its value (the published
    /// means and standard deviations are then of logs).
    pub fn is_logarithmic(self) -> bool {
        self == ContextMeasure::Pupils
    }

    /// The school's value as published (pupils as a count, urban/rural as 0 or 1), or `None`
    /// when it is missing or unusable.
    pub fn value(self, school: &School) -> Option<f64> {
        let value = match self {
            ContextMeasure::Pupils => school.pupils.filter(|p| *p > 0).map(|p| p as f64),
            ContextMeasure::FsmPercent => school.fsm_percent,
            ContextMeasure::EalPercent => school.eal_percent,
            ContextMeasure::UrbanRural => school.urban_rural.as_deref().and_then(rurality),
            ContextMeasure::IdaciQuintile => school
                .idaci_quintile
                .filter(|q| (1..=5).contains(q))
                .map(|q| q as f64),
            ContextMeasure::SenSupportPercent => school.sen_support_percent,
        };
        value.filter(|v| v.is_finite())
    }

    /// The value on the scale that is standardised.
    fn comparable(self, school: &School) -> Option<f64> {
        let value = self.value(school)?;
        Some(if self.is_logarithmic() {
            value.ln()
        } else {
            value
        })
    }
}

/// Reads an ONS urban/rural class ("(England/Wales) Rural village", "Urban major
/// conurbation") as 1.0 for rural and 0.0 for urban; blank text is unknown.
pub fn rurality(urban_rural: &str) -> Option<f64> {
    let text = urban_rural.trim();
    if text.is_empty() {
        return None;
    }
    Some(if text.to_ascii_lowercase().contains("rural") {
        1.0
    } else {
        0.0
    })
}

/// How families are formed: which measures, how much each counts, and how many neighbours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyMethod {
    /// Measures with their weights (a weight multiplies the measure's squared z-score
    /// difference; 0 or less ignores it).
    pub measures: Vec<(ContextMeasure, f64)>,
    /// Number of neighbours in each family.
    pub family_size: usize,
}

impl Default for FamilyMethod {
    /// All five measures at weight 1.0 and families of 20, enough to give a spread of
    /// outcomes while staying close in context.
    fn default() -> FamilyMethod {
        FamilyMethod {
            measures: ContextMeasure::ALL
                .into_iter()
                .map(|m| (m, m.default_weight()))
                .collect(),
            family_size: 20,
        }
    }
}

/// Why a neighbour is similar, one measure at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    /// The measure.
    pub measure: ContextMeasure,
    /// The school's value as published (`None` when missing and imputed at the mean).
    pub school_value: Option<f64>,
    /// The neighbour's value as published.
    pub neighbour_value: Option<f64>,
    /// The weight times the squared difference in z-scores; these sum to the squared
    /// distance.
    pub squared_difference: f64,
    /// This measure's share of the squared distance, 0 to 1 (all 0 for an exact match).
    pub share_of_distance: f64,
}

/// One member of a school's family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Neighbour {
    /// The similar school.
    pub urn: Urn,
    /// Its distance from the school in weighted z-scores (0 = identical context).
    pub distance: f64,
    /// Each measure's part in that distance.
    pub contributions: Vec<Contribution>,
}

/// A school's family of similar schools, nearest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Family {
    /// The school.
    pub urn: Urn,
    /// Its phase, which all its neighbours share.
    pub phase: Phase,
    /// Measures the school has no value for, imputed at the phase mean.
    pub imputed: Vec<ContextMeasure>,
    /// The neighbours, nearest first, ties by URN.
    pub neighbours: Vec<Neighbour>,
}

/// How one measure was standardised in one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureStandardisation {
    /// The measure.
    pub measure: ContextMeasure,
    /// Its weight.
    pub weight: f64,
    /// Mean and standard deviation (of logs for logarithmic measures) over the open schools
    /// of the phase with a value.
    pub standardisation: Standardisation,
}

/// The standardisation used for one phase, so the web layer can document it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseStandardisation {
    /// The phase.
    pub phase: Phase,
    /// Open schools in the phase.
    pub schools: usize,
    /// Each measure's parameters, in method order.
    pub measures: Vec<MeasureStandardisation>,
}

/// Every open school's family, with the parameters that produced them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Families {
    /// The method used.
    pub method: FamilyMethod,
    /// Per-phase standardisation, in phase order.
    pub phases: Vec<PhaseStandardisation>,
    /// Families by URN.
    pub families: BTreeMap<Urn, Family>,
}

impl Families {
    /// The family of one school, if it is open and was in the data.
    pub fn family(&self, urn: Urn) -> Option<&Family> {
        self.families.get(&urn)
    }

    /// The standardisation used for a phase.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseStandardisation> {
        self.phases.iter().find(|p| p.phase == phase)
    }
}

/// The open schools of one phase, standardised and indexed.
#[derive(Debug, Clone)]
struct PhaseSpace {
    urns: Vec<Urn>,
    /// Values as published, per school and measure.
    values: Vec<Vec<Option<f64>>>,
    space: MeasureSpace<Urn>,
}

/// The per-phase indexes behind families, for computing one school's family on demand or
/// all of them at once.
#[derive(Debug, Clone)]
pub struct FamilyIndex {
    method: FamilyMethod,
    phases: BTreeMap<Phase, PhaseSpace>,
    positions: HashMap<Urn, (Phase, usize)>,
}

/// Whether a school counts as open for families: open, including open but proposed to close.
fn is_open(status: Status) -> bool {
    matches!(status, Status::Open | Status::OpenProposedToClose)
}

impl FamilyIndex {
    /// Standardises and indexes the open schools of each phase. Closed schools and schools
    /// proposed to open take no part; if a URN appears twice, its first record is used.
    pub fn build(schools: &[School], method: &FamilyMethod) -> FamilyIndex {
        let mut by_phase: BTreeMap<Phase, BTreeMap<Urn, &School>> = BTreeMap::new();
        for school in schools.iter().filter(|s| is_open(s.status)) {
            by_phase
                .entry(school.phase)
                .or_default()
                .entry(school.urn)
                .or_insert(school);
        }
        let weights: Vec<f64> = method.measures.iter().map(|(_, w)| *w).collect();
        let mut positions = HashMap::new();
        let mut phases = BTreeMap::new();
        for (phase, members) in by_phase {
            let urns: Vec<Urn> = members.keys().copied().collect();
            let values: Vec<Vec<Option<f64>>> = members
                .values()
                .map(|s| method.measures.iter().map(|(m, _)| m.value(s)).collect())
                .collect();
            let comparable: Vec<Vec<Option<f64>>> = members
                .values()
                .map(|s| {
                    method
                        .measures
                        .iter()
                        .map(|(m, _)| m.comparable(s))
                        .collect()
                })
                .collect();
            let space = MeasureSpace::build(&urns, &comparable, &weights);
            for (position, urn) in urns.iter().enumerate() {
                positions.insert(*urn, (phase, position));
            }
            phases.insert(
                phase,
                PhaseSpace {
                    urns,
                    values,
                    space,
                },
            );
        }
        FamilyIndex {
            method: method.clone(),
            phases,
            positions,
        }
    }

    /// The standardisation of each phase, in phase order.
    pub fn standardisation(&self) -> Vec<PhaseStandardisation> {
        self.phases
            .iter()
            .map(|(phase, p)| PhaseStandardisation {
                phase: *phase,
                schools: p.urns.len(),
                measures: self
                    .method
                    .measures
                    .iter()
                    .zip(p.space.standardisations())
                    .map(|((measure, weight), s)| MeasureStandardisation {
                        measure: *measure,
                        weight: *weight,
                        standardisation: *s,
                    })
                    .collect(),
            })
            .collect()
    }

    /// The family of one school, or `None` if it is not an open school in the index.
    pub fn family(&self, urn: Urn) -> Option<Family> {
        self.family_of_size(urn, self.method.family_size)
    }

    /// The family of one school with `size` members instead of the method's default, for
    /// readers who want a closer or wider circle of peers.
    pub fn family_of_size(&self, urn: Urn, size: usize) -> Option<Family> {
        let (phase, position) = *self.positions.get(&urn)?;
        let p = self.phases.get(&phase)?;
        Some(self.family_at(phase, p, position, size))
    }

    /// The default family size.
    pub fn family_size(&self) -> usize {
        self.method.family_size
    }

    fn family_at(&self, phase: Phase, p: &PhaseSpace, position: usize, size: usize) -> Family {
        let own = &p.values[position];
        let measures = &self.method.measures;
        let neighbours = p
            .space
            .nearest(position, size)
            .into_iter()
            .map(|found| {
                let theirs = &p.values[found.position];
                let shares = shares(&found.squared_differences);
                let contributions = measures
                    .iter()
                    .enumerate()
                    .map(|(m, (measure, _))| Contribution {
                        measure: *measure,
                        school_value: own[m],
                        neighbour_value: theirs[m],
                        squared_difference: found.squared_differences[m],
                        share_of_distance: shares[m],
                    })
                    .collect();
                Neighbour {
                    urn: p.urns[found.position],
                    distance: found.distance,
                    contributions,
                }
            })
            .collect();
        Family {
            urn: p.urns[position],
            phase,
            imputed: measures
                .iter()
                .zip(own)
                .filter(|(_, v)| v.is_none())
                .map(|((m, _), _)| *m)
                .collect(),
            neighbours,
        }
    }

    /// Every open school's family.
    pub fn families(&self) -> Families {
        let mut families = BTreeMap::new();
        for (phase, p) in &self.phases {
            for position in 0..p.urns.len() {
                families.insert(
                    p.urns[position],
                    self.family_at(*phase, p, position, self.method.family_size),
                );
            }
        }
        Families {
            method: self.method.clone(),
            phases: self.standardisation(),
            families,
        }
    }
}

/// Computes the family of every open school in `schools` (see the module documentation for
/// the method).
pub fn compute_families(schools: &[School], method: &FamilyMethod) -> Families {
    FamilyIndex::build(schools, method).families()
}

/// How a neighbour's latest overall Ofsted judgement compares with the school's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgementComparison {
    /// The neighbour's grade is better.
    Better,
    /// The same grade.
    Same,
    /// The neighbour's grade is worse.
    Worse,
    /// One or both has no overall grade (never inspected, or inspected from September 2024,
    /// when overall grades stopped): unknown, not worse.
    Unknown,
}

/// A school's latest overall effectiveness grade as a rank, 1 (Outstanding) to 4
/// (Inadequate), lower being better; `None` when there is no overall grade.
pub fn judgement_rank(school: &School) -> Option<i64> {
    latest_overall(school).map(Judgement::grade)
}

/// The school's latest overall effectiveness judgement, if it has one.
pub fn latest_overall(school: &School) -> Option<Judgement> {
    school.ofsted.as_ref().and_then(|o| o.overall)
}

/// Whether `neighbour` "does better" than `school` on latest overall Ofsted judgement.
pub fn compare_judgements(school: &School, neighbour: &School) -> JudgementComparison {
    match (judgement_rank(school), judgement_rank(neighbour)) {
        (Some(own), Some(theirs)) if theirs < own => JudgementComparison::Better,
        (Some(own), Some(theirs)) if theirs == own => JudgementComparison::Same,
        (Some(_), Some(_)) => JudgementComparison::Worse,
        _ => JudgementComparison::Unknown,
    }
}

#[cfg(test)]
mod tests;
