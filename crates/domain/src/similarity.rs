//! Families of similar schools: for each open school, the schools most like it in context,
//! so that leaders can find peers facing the same circumstances (and see which of them get
//! better Ofsted outcomes).
//!
//! The method, in full (it follows DfE's similar-schools comparisons as far as Convene's data
//! allows; `/about/families` lists each difference):
//!
//! 1. **Measures.** Each school is described by the [`ContextMeasure`]s of a
//!    [`FamilyMethod`]: by default the characteristics DfE matches on that Convene holds:
//!    pupils on roll (log), % disadvantaged (pupil premium, or free school meals where no
//!    pupil premium figure is published, see [`Basis`]), % SEN support, % with an EHC plan,
//!    % English as an additional language and the IDACI quintile.
//! 2. **Phase separation.** Schools are only compared within their [`comparison_phase`]: a
//!    primary's family is made of open primaries; all-through schools are compared with
//!    secondaries (and appear in secondaries' families).
//! 3. **Standardisation.** Within a phase, each measure becomes a z-score: the value minus the
//!    mean, divided by the population standard deviation, both computed over the open schools
//!    of that phase that have the value. A missing value is imputed at the mean (z = 0), so it
//!    neither favours nor penalises the school, and is flagged in [`Family::imputed`]. A
//!    measure on which the whole phase agrees contributes nothing.
//! 4. **Distance.** The distance between two schools is the Euclidean distance between their
//!    z-scores, each squared difference multiplied by its measure's weight (1 each: DfE
//!    publishes no weights).
//! 5. **Neighbours.** The family is the `family_size` schools at the smallest distance, found
//!    with a k-d tree (exact, not approximate); ties are broken by URN, ascending, so the same
//!    data always gives the same families. A [`FamilyFilter`] (distance, same trust, same LA,
//!    same type) narrows the schools a family is drawn from, as DfE's services allow.
//! 6. **Explanation.** Each neighbour carries each measure's [`Contribution`] to the squared
//!    distance, with each figure's basis and source: why this school counts as similar.

pub mod kdtree;
pub mod space;
pub mod trusts;

use crate::import::{ImportKind, ImportSource};
use crate::organisation::{GridReference, Phase, School, Status};
use crate::outcome::{Measure, Outcome};
use crate::{GroupUid, Judgement, Urn};
use serde::{Deserialize, Serialize};
use space::{shares, MeasureSpace, Standardisation};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A fact about a school's context that families are matched on: the characteristics DfE's
/// own similar-schools comparisons use, as far as Convene's data has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContextMeasure {
    /// Number of pupils on roll, compared on a log scale.
    Pupils,
    /// Percentage of pupils eligible for the pupil premium (disadvantaged), or of pupils
    /// eligible for free school meals where no pupil premium figure is published.
    DisadvantagePercent,
    /// Percentage of pupils receiving SEN support.
    SenSupportPercent,
    /// Percentage of pupils with an education, health and care plan.
    EhcPlanPercent,
    /// Percentage of pupils with English as an additional language.
    EalPercent,
    /// IDACI quintile of the school's location (1 = most deprived).
    IdaciQuintile,
}

impl ContextMeasure {
    /// Every measure, in display order.
    pub const ALL: [ContextMeasure; 6] = [
        ContextMeasure::Pupils,
        ContextMeasure::DisadvantagePercent,
        ContextMeasure::SenSupportPercent,
        ContextMeasure::EhcPlanPercent,
        ContextMeasure::EalPercent,
        ContextMeasure::IdaciQuintile,
    ];

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            ContextMeasure::Pupils => "pupils",
            ContextMeasure::DisadvantagePercent => "disadvantage_percent",
            ContextMeasure::SenSupportPercent => "sen_support_percent",
            ContextMeasure::EhcPlanPercent => "ehc_plan_percent",
            ContextMeasure::EalPercent => "eal_percent",
            ContextMeasure::IdaciQuintile => "idaci_quintile",
        }
    }

    /// Short label for tables.
    pub fn label(self) -> &'static str {
        match self {
            ContextMeasure::Pupils => "Pupils on roll",
            ContextMeasure::DisadvantagePercent => "Disadvantaged pupils",
            ContextMeasure::SenSupportPercent => "SEN support",
            ContextMeasure::EhcPlanPercent => "EHC plans",
            ContextMeasure::EalPercent => "English as an additional language",
            ContextMeasure::IdaciQuintile => "Neighbourhood deprivation (IDACI quintile)",
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
            ContextMeasure::DisadvantagePercent => {
                "Percentage of pupils eligible for the pupil premium (disadvantaged pupils), as \
                 DfE uses; where no pupil premium figure is published for a school, its \
                 percentage eligible for free school meals is used instead, and the family \
                 page says which."
            }
            ContextMeasure::SenSupportPercent => {
                "Percentage of pupils receiving special educational needs (SEN) support (not \
                 counting pupils with an education, health and care plan), from DfE's special \
                 educational needs statistics."
            }
            ContextMeasure::EhcPlanPercent => {
                "Percentage of pupils with an education, health and care (EHC) plan, from the \
                 same statistics."
            }
            ContextMeasure::EalPercent => {
                "Percentage of pupils whose first language is known or believed to be other \
                 than English."
            }
            ContextMeasure::IdaciQuintile => {
                "Quintile of the Income Deprivation Affecting Children Index for the school's \
                 neighbourhood, from 1 (most deprived fifth) to 5 (least deprived). Ofsted's \
                 file gives only the quintile, not the score, so schools within a fifth of \
                 England are not told apart on it."
            }
        }
    }

    /// The weight the default method gives the measure: 1.0 for each. DfE publishes the
    /// characteristics its similar schools are chosen on but no weights for them, so each
    /// standardised measure counts the same and none dominates.
    pub fn default_weight(self) -> f64 {
        1.0
    }

    /// Whether the measure is standardised on the natural log of its value (the published
    /// means and standard deviations are then of logs).
    pub fn is_logarithmic(self) -> bool {
        self == ContextMeasure::Pupils
    }

    /// Which import supplies the measure, so a figure can say its source and date
    /// (disadvantage from free school meals; pupil premium figures carry their own).
    pub fn import_kind(self) -> ImportKind {
        match self {
            ContextMeasure::Pupils
            | ContextMeasure::DisadvantagePercent
            | ContextMeasure::EalPercent => ImportKind::Census,
            ContextMeasure::SenSupportPercent | ContextMeasure::EhcPlanPercent => ImportKind::Sen,
            ContextMeasure::IdaciQuintile => ImportKind::Ofsted,
        }
    }

    /// The school's value as published from its own record (disadvantage as free school
    /// meals), or `None` when it is missing or unusable. Pupil premium, which is kept over
    /// time rather than on the school, is preferred by [`ContextMeasure::figure`].
    pub fn value(self, school: &School) -> Option<f64> {
        let value = match self {
            ContextMeasure::Pupils => school.pupils.filter(|p| *p > 0).map(|p| p as f64),
            ContextMeasure::DisadvantagePercent => school.fsm_percent,
            ContextMeasure::SenSupportPercent => school.sen_support_percent,
            ContextMeasure::EhcPlanPercent => school.ehc_plan_percent,
            ContextMeasure::EalPercent => school.eal_percent,
            ContextMeasure::IdaciQuintile => school
                .idaci_quintile
                .filter(|q| (1..=5).contains(q))
                .map(|q| q as f64),
        };
        value.filter(|v| v.is_finite())
    }

    /// The school's figure and what it is: for disadvantage its pupil premium percentage when
    /// one is published, otherwise free school meals.
    pub fn figure(self, school: &School, pupil_premium: Option<&Outcome>) -> (Option<f64>, Basis) {
        if self == ContextMeasure::DisadvantagePercent {
            if let Some(pp) = pupil_premium.filter(|o| o.value.is_finite()) {
                return (Some(pp.value), Basis::PupilPremium);
            }
            let fsm = self.value(school);
            return (
                fsm,
                if fsm.is_some() {
                    Basis::FreeSchoolMeals
                } else {
                    Basis::NotPublished
                },
            );
        }
        let value = self.value(school);
        (
            value,
            if value.is_some() {
                Basis::Published
            } else {
                Basis::NotPublished
            },
        )
    }

    /// A value on the scale that is standardised.
    fn comparable(self, value: Option<f64>) -> Option<f64> {
        let value = value?;
        Some(if self.is_logarithmic() {
            value.ln()
        } else {
            value
        })
    }
}

/// What a school's figure for a measure is: the measure itself, or for disadvantage which of
/// DfE's two measures stands for it, so each family can say so school by school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The measure as published.
    Published,
    /// Disadvantage as % eligible for the pupil premium (DfE's own measure).
    PupilPremium,
    /// Disadvantage as % eligible for free school meals, because no pupil premium figure is
    /// published for the school.
    FreeSchoolMeals,
    /// Not published: imputed at the phase average.
    NotPublished,
}

/// The phase a school is compared within. All-through schools are compared with
/// secondaries: their main entry is at Year 7 and DfE's performance tables report their
/// headline (key stage 4) results with secondaries, so secondaries are the schools they are
/// judged beside. Every other phase is compared with itself.
pub fn comparison_phase(phase: Phase) -> Phase {
    match phase {
        Phase::AllThrough => Phase::Secondary,
        other => other,
    }
}

/// Which schools a family may be drawn from, like the filters DfE's comparison services
/// offer. With no filter, every open school of the comparison phase may be a member.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct FamilyFilter {
    /// Only schools within this many kilometres (straight line between the schools'
    /// coordinates); a school without coordinates is never within a distance.
    pub within_km: Option<f64>,
    /// Only schools in the same academy trust (none, for a school in no trust).
    pub same_trust: bool,
    /// Only schools in the same local authority.
    pub same_la: bool,
    /// Only schools of the same type of establishment ("Academy converter").
    pub same_type: bool,
}

impl FamilyFilter {
    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        self.within_km.is_some() || self.same_trust || self.same_la || self.same_type
    }

    /// Whether `other` (in trust `other_trust`) may be in the family of `school` (in trust
    /// `school_trust`). An unknown trust, LA or location never matches.
    pub fn accepts(
        &self,
        school: &School,
        school_trust: Option<GroupUid>,
        other: &School,
        other_trust: Option<GroupUid>,
    ) -> bool {
        if let Some(km) = self.within_km {
            let near = match (school.location, other.location) {
                (Some(a), Some(b)) => distance_km(a, b) <= km,
                _ => false,
            };
            if !near {
                return false;
            }
        }
        if self.same_trust && (school_trust.is_none() || school_trust != other_trust) {
            return false;
        }
        if self.same_la && (school.la_code.is_none() || school.la_code != other.la_code) {
            return false;
        }
        if self.same_type && school.type_name.trim() != other.type_name.trim() {
            return false;
        }
        true
    }
}

/// Straight-line distance in kilometres between two National Grid references (metres on a
/// flat projection, accurate to well under 1% across England).
pub fn distance_km(a: GridReference, b: GridReference) -> f64 {
    let de = (a.easting - b.easting) as f64;
    let dn = (a.northing - b.northing) as f64;
    // Grid distances are far from overflow, so the plain square root is exact enough and
    // several times quicker than `hypot` (brokerage measures millions of pairs).
    (de * de + dn * dn).sqrt() / 1000.0
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
    /// All six measures at their default weights and families of 20, enough to give a
    /// spread of outcomes while staying close in context.
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

/// What families need besides the schools themselves: figures kept over time rather than
/// on the school, and where each kind of figure came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FamilyContext {
    /// Each school's latest published pupil premium percentage, with its year and file.
    pub pupil_premium: HashMap<Urn, Outcome>,
    /// The latest import of each kind, so census, SEN and Ofsted figures can say their
    /// file and date.
    pub sources: Vec<ImportSource>,
}

impl FamilyContext {
    /// Keeps each school's latest-year pupil premium figure from `outcomes` (other measures
    /// are ignored).
    pub fn latest_pupil_premium(
        outcomes: impl IntoIterator<Item = (Urn, Outcome)>,
    ) -> HashMap<Urn, Outcome> {
        let mut latest: HashMap<Urn, Outcome> = HashMap::new();
        for (urn, outcome) in outcomes {
            if outcome.measure != Measure::PupilPremiumPercent {
                continue;
            }
            match latest.get(&urn) {
                Some(kept) if kept.year >= outcome.year => {}
                _ => {
                    latest.insert(urn, outcome);
                }
            }
        }
        latest
    }
}

/// One of a school's context figures, with what it is and where it is from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// The measure.
    pub measure: ContextMeasure,
    /// The value as published (`None` when not published and imputed at the mean).
    pub value: Option<f64>,
    /// What the value is (for disadvantage: pupil premium or free school meals).
    pub basis: Basis,
    /// The file it came from and the date or academic year it describes, when known.
    pub source: Option<String>,
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
    /// What the neighbour's value is (for disadvantage: pupil premium or free school meals).
    pub neighbour_basis: Basis,
    /// The file the neighbour's value came from and the date or year it describes. Shared,
    /// not copied: a whole country's families cite a handful of sources millions of times.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub neighbour_source: Option<Arc<str>>,
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
    /// Its own phase.
    pub phase: Phase,
    /// The phase it is compared within, which all its neighbours share (see
    /// [`comparison_phase`]: all-through schools are compared with secondaries).
    pub compared_as: Phase,
    /// The school's own figures, in method order, each with its basis and source.
    pub context: Vec<Figure>,
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
    /// The phase compared within (all-through schools are in the secondary one).
    pub phase: Phase,
    /// Open schools compared within it.
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

/// One school's figures as indexed: value, basis and (an index into the source labels).
#[derive(Debug, Clone, Copy)]
struct Held {
    value: Option<f64>,
    basis: Basis,
    source: Option<usize>,
}

/// The open schools compared within one phase, standardised and indexed.
#[derive(Debug, Clone)]
struct PhaseSpace {
    urns: Vec<Urn>,
    /// Each school's own phase.
    own_phases: Vec<Phase>,
    /// Figures as published, per school and measure.
    values: Vec<Vec<Held>>,
    space: MeasureSpace<Urn>,
}

/// The per-phase indexes behind families, for computing one school's family on demand or
/// all of them at once.
#[derive(Debug, Clone)]
pub struct FamilyIndex {
    method: FamilyMethod,
    phases: BTreeMap<Phase, PhaseSpace>,
    positions: HashMap<Urn, (Phase, usize)>,
    /// Source labels ("file, date"), shared by the figures that cite them.
    labels: Vec<Arc<str>>,
}

/// Whether a school counts as open for families: open, including open but proposed to close.
fn is_open(status: Status) -> bool {
    matches!(status, Status::Open | Status::OpenProposedToClose)
}

/// A source as a figure cites it: the file name and the date it describes.
fn source_label(source: &ImportSource) -> String {
    match source.data_date {
        Some(date) => format!("{}, {}", source.file_name, date.long()),
        None => source.file_name.clone(),
    }
}

impl FamilyIndex {
    /// Standardises and indexes the open schools of each comparison phase. Closed schools
    /// and schools proposed to open take no part; if a URN appears twice, its first record
    /// is used.
    pub fn build(
        schools: &[School],
        context: &FamilyContext,
        method: &FamilyMethod,
    ) -> FamilyIndex {
        let mut by_phase: BTreeMap<Phase, BTreeMap<Urn, &School>> = BTreeMap::new();
        for school in schools.iter().filter(|s| is_open(s.status)) {
            by_phase
                .entry(comparison_phase(school.phase))
                .or_default()
                .entry(school.urn)
                .or_insert(school);
        }
        let mut labels: Vec<Arc<str>> = Vec::new();
        let mut label_of: HashMap<String, usize> = HashMap::new();
        let mut intern = |label: String| -> usize {
            *label_of.entry(label.clone()).or_insert_with(|| {
                labels.push(Arc::from(label));
                labels.len() - 1
            })
        };
        let mut kind_label: HashMap<ImportKind, usize> = HashMap::new();
        for source in &context.sources {
            let label = intern(source_label(source));
            kind_label.entry(source.kind).or_insert(label);
        }
        let weights: Vec<f64> = method.measures.iter().map(|(_, w)| *w).collect();
        let mut positions = HashMap::new();
        let mut phases = BTreeMap::new();
        for (phase, members) in by_phase {
            let urns: Vec<Urn> = members.keys().copied().collect();
            let own_phases: Vec<Phase> = members.values().map(|s| s.phase).collect();
            let values: Vec<Vec<Held>> = members
                .values()
                .map(|s| {
                    let pp = context.pupil_premium.get(&s.urn);
                    method
                        .measures
                        .iter()
                        .map(|(m, _)| {
                            let (value, basis) = m.figure(s, pp);
                            let source = match (basis, pp) {
                                (Basis::NotPublished, _) => None,
                                (Basis::PupilPremium, Some(pp)) => {
                                    Some(intern(format!("{}, {}", pp.source, pp.year)))
                                }
                                _ => kind_label.get(&m.import_kind()).copied(),
                            };
                            Held {
                                value,
                                basis,
                                source,
                            }
                        })
                        .collect()
                })
                .collect();
            let comparable: Vec<Vec<Option<f64>>> = values
                .iter()
                .map(|row| {
                    method
                        .measures
                        .iter()
                        .zip(row)
                        .map(|((m, _), held)| m.comparable(held.value))
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
                    own_phases,
                    values,
                    space,
                },
            );
        }
        FamilyIndex {
            method: method.clone(),
            phases,
            positions,
            labels,
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

    /// The method in use.
    pub fn method(&self) -> &FamilyMethod {
        &self.method
    }

    /// The family of one school, or `None` if it is not an open school in the index.
    pub fn family(&self, urn: Urn) -> Option<Family> {
        self.family_of_size(urn, self.method.family_size)
    }

    /// The family of one school with `size` members instead of the method's default, for
    /// readers who want a closer or wider circle of peers.
    pub fn family_of_size(&self, urn: Urn, size: usize) -> Option<Family> {
        self.family_where(urn, size, &|_| true)
    }

    /// The family of one school with `size` members drawn only from the schools `accept`
    /// allows (a filter such as "within 10 km"): still the nearest in context among them.
    pub fn family_where(
        &self,
        urn: Urn,
        size: usize,
        accept: &dyn Fn(Urn) -> bool,
    ) -> Option<Family> {
        let (phase, position) = *self.positions.get(&urn)?;
        let p = self.phases.get(&phase)?;
        Some(self.family_at(phase, p, position, size, accept))
    }

    /// How far apart two open schools are in context (the distance families are drawn by),
    /// or `None` when they are not both open schools of the same comparison phase: schools
    /// of different phases are not compared at all. Brokerage uses it to say how alike a
    /// helper's schools are to the schools in need.
    pub fn context_distance(&self, a: Urn, b: Urn) -> Option<f64> {
        let (phase_a, position_a) = self.positions.get(&a)?;
        let (phase_b, position_b) = self.positions.get(&b)?;
        if phase_a != phase_b {
            return None;
        }
        self.phases
            .get(phase_a)?
            .space
            .distance_between(*position_a, *position_b)
    }

    /// An open school's place in context space (its weighted z-scores) and the phase it is
    /// compared within: the Euclidean distance between two points of the same phase is
    /// [`FamilyIndex::context_distance`]. For work that compares one school with thousands.
    pub fn context_point(&self, urn: Urn) -> Option<(Phase, &[f64])> {
        let (phase, position) = self.positions.get(&urn)?;
        Some((*phase, self.phases.get(phase)?.space.point(*position)?))
    }

    /// The phase an open school is compared within, if it is in the index.
    pub fn compared_as(&self, urn: Urn) -> Option<Phase> {
        self.positions.get(&urn).map(|(phase, _)| *phase)
    }

    /// The default family size.
    pub fn family_size(&self) -> usize {
        self.method.family_size
    }

    fn label(&self, index: Option<usize>) -> Option<Arc<str>> {
        index.and_then(|i| self.labels.get(i)).cloned()
    }

    fn family_at(
        &self,
        phase: Phase,
        p: &PhaseSpace,
        position: usize,
        size: usize,
        accept: &dyn Fn(Urn) -> bool,
    ) -> Family {
        let own = &p.values[position];
        let measures = &self.method.measures;
        let neighbours = p
            .space
            .nearest_where(position, size, accept)
            .into_iter()
            .map(|found| {
                let theirs = &p.values[found.position];
                let shares = shares(&found.squared_differences);
                let contributions = measures
                    .iter()
                    .enumerate()
                    .map(|(m, (measure, _))| Contribution {
                        measure: *measure,
                        school_value: own[m].value,
                        neighbour_value: theirs[m].value,
                        neighbour_basis: theirs[m].basis,
                        neighbour_source: self.label(theirs[m].source),
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
            phase: p.own_phases[position],
            compared_as: phase,
            context: measures
                .iter()
                .zip(own)
                .map(|((measure, _), held)| Figure {
                    measure: *measure,
                    value: held.value,
                    basis: held.basis,
                    source: self.label(held.source).map(|label| label.to_string()),
                })
                .collect(),
            imputed: measures
                .iter()
                .zip(own)
                .filter(|(_, held)| held.value.is_none())
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
                    self.family_at(*phase, p, position, self.method.family_size, &|_| true),
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
pub fn compute_families(
    schools: &[School],
    context: &FamilyContext,
    method: &FamilyMethod,
) -> Families {
    FamilyIndex::build(schools, context, method).families()
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
