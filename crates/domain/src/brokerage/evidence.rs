//! Evidence of strength in each improvement area, per school and per trust, against each
//! school's own family of similar schools. Worked out once per import from the analysis
//! and the published outcomes, so ranking a need only looks figures up.
//!
//! For a result measure, a school's figure in the latest year it has one is set against the
//! median of its family's figures for the same year, and the difference is expressed in
//! national standard deviations of that measure in that year, so different measures can be
//! averaged. For an Ofsted area, the school's grade is set against its family's median
//! grade, one grade counting as one unit. A school's strength in an area is the mean over
//! the area's indicators it has; a trust's is the pupil-weighted mean over its schools.

use super::area::{ImprovementArea, Indicator, OfstedArea};
use crate::analysis::SystemAnalysis;
use crate::organisation::{GridReference, OfstedInspection, Phase, School, Status};
use crate::outcome::{median, Measure, Outcome};
use crate::similarity::comparison_phase;
use crate::{Date, GroupUid, Judgement, Urn};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// Fewest family members with a figure for a comparison to count: below it a median says
/// too little.
pub const MIN_FAMILY_FIGURES: usize = 3;

/// How one school does on one indicator against its family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndicatorEvidence {
    /// What was compared.
    pub indicator: Indicator,
    /// The school's figure (an Ofsted grade 1 to 4 for Ofsted areas).
    pub value: f64,
    /// The family's median for the same year.
    pub family_median: f64,
    /// How many family members had a figure.
    pub family_count: usize,
    /// The difference in the direction of "better", in national standard deviations (or
    /// grades for Ofsted).
    pub difference: f64,
    /// The academic year of a result ("2023/24"), or the inspection date for Ofsted.
    pub year: String,
    /// Where the figure is from.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub source: Arc<str>,
}

impl IndicatorEvidence {
    /// "Progress 8 2023/24: 0.45 against a family median of 0.02 (20 schools)".
    pub fn describe(&self) -> String {
        match self.indicator {
            Indicator::Result(measure) => format!(
                "{} {}: {} against a family median of {} ({} similar schools)",
                measure.label(),
                self.year,
                measure.format(self.value),
                measure.format(self.family_median),
                self.family_count
            ),
            Indicator::Ofsted(area) => format!(
                "{} (inspected {}): {} against a family median of {} ({} similar schools)",
                area.label(),
                self.year,
                grade_label(self.value),
                grade_words(self.family_median),
                self.family_count
            ),
        }
    }
}

fn grade_label(grade: f64) -> &'static str {
    match grade.round() as i64 {
        1 => "Outstanding",
        2 => "Good",
        3 => "Requires improvement",
        _ => "Inadequate",
    }
}

fn grade_words(median: f64) -> String {
    if (median - median.round()).abs() < 1e-9 {
        grade_label(median).to_string()
    } else {
        format!(
            "between {} and {}",
            grade_label(median.floor()),
            grade_label(median.ceil())
        )
    }
}

/// What the index keeps about each open school.
#[derive(Debug, Clone)]
pub struct SchoolFacts {
    /// The school.
    pub urn: Urn,
    /// Its name.
    pub name: String,
    /// The phase it is compared within.
    pub phase: Phase,
    /// Where it is.
    pub location: Option<GridReference>,
    /// Pupils on roll (weights a trust's figures).
    pub pupils: Option<i64>,
    /// The trust it belongs to, if any.
    pub trust: Option<GroupUid>,
    /// Latest first preferences per place offered, with its year: evidence of demand for
    /// competition flags.
    pub first_preferences: Option<(f64, String)>,
    /// Its place in the context space families are drawn in (weighted z-scores), if it has
    /// a family; the ranking compares schools' context with these directly.
    pub context: Option<Box<[f64]>>,
    strength: [Option<f32>; ImprovementArea::ALL.len()],
}

impl SchoolFacts {
    /// How far apart two schools are in context, or `None` unless both have a place in
    /// context space and are compared within the same phase.
    pub fn context_distance(&self, other: &SchoolFacts) -> Option<f64> {
        match (&self.context, &other.context) {
            (Some(a), Some(b)) if self.phase == other.phase => Some(context_gap(a, b)),
            _ => None,
        }
    }

    /// The school's strength in an area (mean difference from its family), if it has any
    /// evidence there.
    pub fn strength(&self, area: ImprovementArea) -> Option<f64> {
        self.strength[area_index(area)].map(f64::from)
    }
}

/// The distance between two places in context space (the one families are drawn by), which
/// ranking, peer review and the school pages all compare schools with.
pub fn context_gap(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// What the index keeps about each profiled trust.
#[derive(Debug, Clone)]
pub struct TrustFacts {
    /// The trust.
    pub uid: GroupUid,
    /// Its name.
    pub name: String,
    /// Positions of its open schools in [`EvidenceIndex::schools`].
    pub members: Vec<usize>,
    strength: [Option<(f32, u16)>; ImprovementArea::ALL.len()],
}

impl TrustFacts {
    /// The trust's pupil-weighted strength in an area and how many of its schools had
    /// evidence, if any did.
    pub fn strength(&self, area: ImprovementArea) -> Option<(f64, usize)> {
        self.strength[area_index(area)].map(|(s, n)| (f64::from(s), usize::from(n)))
    }
}

fn area_index(area: ImprovementArea) -> usize {
    ImprovementArea::ALL
        .iter()
        .position(|a| *a == area)
        .unwrap_or_default()
}

/// What a ranking reads of every school for every need, packed together. Ranking every
/// school in England touched each school's whole record (320 bytes, its context on the heap
/// beside it), and waiting on memory was most of a ranking's time; these 64 bytes a school,
/// with the contexts end to end and the strengths area by area, are read in order instead.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// The school.
    pub urn: Urn,
    /// Its grid point in metres (easting, northing), if published.
    pub point: Option<(i64, i64)>,
    /// Its trust, if any.
    pub trust: Option<GroupUid>,
    /// The phase it is compared within.
    pub phase: Phase,
    /// Where its context starts in the index's contexts, and how long it is (0: none).
    context: (u32, u32),
}

/// Strength per area for every open school and profiled trust.
#[derive(Debug, Clone, Default)]
pub struct EvidenceIndex {
    schools: Vec<SchoolFacts>,
    spots: Vec<Spot>,
    contexts: Vec<f64>,
    strengths: Vec<Box<[Option<f32>]>>,
    school_position: HashMap<Urn, usize>,
    trusts: Vec<TrustFacts>,
    trust_position: HashMap<GroupUid, usize>,
    evidence: HashMap<Urn, Vec<IndicatorEvidence>>,
    by_phase: HashMap<Phase, Vec<usize>>,
}

fn is_open(status: Status) -> bool {
    matches!(status, Status::Open | Status::OpenProposedToClose)
}

fn ofsted_grade(inspection: &OfstedInspection, area: OfstedArea) -> Option<Judgement> {
    match area {
        OfstedArea::QualityOfEducation => inspection.quality_of_education,
        OfstedArea::BehaviourAndAttitudes => inspection.behaviour_and_attitudes,
        OfstedArea::PersonalDevelopment => inspection.personal_development,
        OfstedArea::LeadershipAndManagement => inspection.leadership_and_management,
        OfstedArea::EarlyYears => inspection.early_years,
        OfstedArea::SixthForm => inspection.sixth_form,
    }
}

fn latest(outcomes: &[Outcome], measure: Measure) -> Option<&Outcome> {
    outcomes
        .iter()
        .filter(|o| o.measure == measure)
        .max_by(|a, b| a.year.cmp(&b.year))
}

fn in_year<'a>(outcomes: &'a [Outcome], measure: Measure, year: &str) -> Option<&'a Outcome> {
    outcomes
        .iter()
        .find(|o| o.measure == measure && o.year == year)
}

impl EvidenceIndex {
    /// Works out every open school's and profiled trust's strength per area. `outcomes`
    /// holds each school's published figures, all years.
    pub fn build(
        analysis: &SystemAnalysis,
        outcomes: &HashMap<Urn, Vec<Outcome>>,
    ) -> EvidenceIndex {
        let spread = national_spread(outcomes);
        let ofsted_source: Arc<str> = Arc::from("Ofsted state-funded schools inspections");
        let mut schools: Vec<&School> = analysis.schools().filter(|s| is_open(s.status)).collect();
        schools.sort_by_key(|s| s.urn);
        let empty = Vec::new();
        let mut facts = Vec::with_capacity(schools.len());
        let mut evidence_of = HashMap::new();
        let mut labels: HashMap<String, Arc<str>> = HashMap::new();
        for school in &schools {
            let own = outcomes.get(&school.urn).unwrap_or(&empty);
            let family: Vec<Urn> = analysis
                .family(school.urn)
                .map(|f| f.neighbours.iter().map(|n| n.urn).collect())
                .unwrap_or_default();
            let mut found = Vec::new();
            let indicators = ImprovementArea::ALL
                .iter()
                .flat_map(|a| a.indicators().iter().copied());
            let mut seen = Vec::new();
            for indicator in indicators {
                if seen.contains(&indicator) {
                    continue;
                }
                seen.push(indicator);
                let item = match indicator {
                    Indicator::Result(measure) => {
                        let Some(mine) = latest(own, measure) else {
                            continue;
                        };
                        let mut values: Vec<f64> = family
                            .iter()
                            .filter_map(|u| {
                                in_year(outcomes.get(u).unwrap_or(&empty), measure, &mine.year)
                            })
                            .map(|o| o.value)
                            .collect();
                        let sd = spread.get(&(measure, mine.year.clone())).copied();
                        let (Some(sd), true) = (sd, values.len() >= MIN_FAMILY_FIGURES) else {
                            continue;
                        };
                        let family_median = median(&mut values).unwrap_or(mine.value);
                        let source = labels
                            .entry(mine.source.clone())
                            .or_insert_with(|| Arc::from(mine.source.as_str()))
                            .clone();
                        IndicatorEvidence {
                            indicator,
                            value: mine.value,
                            family_median,
                            family_count: values.len(),
                            difference: (mine.value - family_median) / sd,
                            year: mine.year.clone(),
                            source,
                        }
                    }
                    Indicator::Ofsted(area) => {
                        let Some(inspection) = &school.ofsted else {
                            continue;
                        };
                        let Some(grade) = ofsted_grade(inspection, area) else {
                            continue;
                        };
                        let mut grades: Vec<f64> = family
                            .iter()
                            .filter_map(|u| analysis.school(*u))
                            .filter_map(|s| s.ofsted.as_ref())
                            .filter_map(|i| ofsted_grade(i, area))
                            .map(|g| g.grade() as f64)
                            .collect();
                        if grades.len() < MIN_FAMILY_FIGURES {
                            continue;
                        }
                        let family_median = median(&mut grades).unwrap_or(grade.grade() as f64);
                        IndicatorEvidence {
                            indicator,
                            value: grade.grade() as f64,
                            family_median,
                            family_count: grades.len(),
                            difference: family_median - grade.grade() as f64,
                            year: inspection
                                .inspection_date
                                .map(Date::long)
                                .unwrap_or_else(|| "date not published".into()),
                            source: ofsted_source.clone(),
                        }
                    }
                };
                found.push(item);
            }
            let mut strength = [None; ImprovementArea::ALL.len()];
            for (i, area) in ImprovementArea::ALL.iter().enumerate() {
                let diffs: Vec<f64> = found
                    .iter()
                    .filter(|e| area.indicators().contains(&e.indicator))
                    .map(|e| e.difference)
                    .collect();
                if !diffs.is_empty() {
                    strength[i] = Some((diffs.iter().sum::<f64>() / diffs.len() as f64) as f32);
                }
            }
            facts.push(SchoolFacts {
                urn: school.urn,
                name: school.name.clone(),
                phase: comparison_phase(school.phase),
                location: school.location,
                pupils: school.pupils,
                trust: analysis.trust_of(school.urn),
                first_preferences: latest(own, Measure::FirstPreferencesPerOffer)
                    .map(|o| (o.value, o.year.clone())),
                context: analysis
                    .family_index()
                    .context_point(school.urn)
                    .filter(|(phase, _)| *phase == comparison_phase(school.phase))
                    .map(|(_, point)| point.into()),
                strength,
            });
            if !found.is_empty() {
                evidence_of.insert(school.urn, found);
            }
        }
        let school_position: HashMap<Urn, usize> =
            facts.iter().enumerate().map(|(i, f)| (f.urn, i)).collect();
        let mut trusts = Vec::new();
        for profile in analysis.profiles() {
            let members: Vec<usize> = analysis
                .open_members(profile.uid)
                .iter()
                .filter_map(|u| school_position.get(u).copied())
                .collect();
            if members.is_empty() {
                continue;
            }
            let mut strength = [None; ImprovementArea::ALL.len()];
            for (i, area) in ImprovementArea::ALL.iter().enumerate() {
                let (mut total, mut weight, mut count) = (0.0, 0.0, 0u16);
                for m in &members {
                    if let Some(s) = facts[*m].strength(*area) {
                        let w = facts[*m].pupils.filter(|p| *p > 0).unwrap_or(1) as f64;
                        total += s * w;
                        weight += w;
                        count += 1;
                    }
                }
                if count > 0 {
                    strength[i] = Some(((total / weight) as f32, count));
                }
            }
            trusts.push(TrustFacts {
                uid: profile.uid,
                name: analysis
                    .group_name(profile.uid)
                    .unwrap_or_default()
                    .to_string(),
                members,
                strength,
            });
        }
        let trust_position = trusts.iter().enumerate().map(|(i, t)| (t.uid, i)).collect();
        let mut by_phase: HashMap<Phase, Vec<usize>> = HashMap::new();
        for (i, f) in facts.iter().enumerate() {
            by_phase.entry(f.phase).or_default().push(i);
        }
        let mut contexts = Vec::new();
        let spots = facts
            .iter()
            .map(|f| {
                let start = contexts.len() as u32;
                contexts.extend(f.context.iter().flatten());
                Spot {
                    urn: f.urn,
                    point: f.location.map(|l| (l.easting, l.northing)),
                    trust: f.trust,
                    phase: f.phase,
                    context: (start, contexts.len() as u32 - start),
                }
            })
            .collect();
        let strengths = (0..ImprovementArea::ALL.len())
            .map(|area| facts.iter().map(|f| f.strength[area]).collect())
            .collect();
        EvidenceIndex {
            schools: facts,
            spots,
            contexts,
            strengths,
            school_position,
            trusts,
            trust_position,
            evidence: evidence_of,
            by_phase,
        }
    }

    /// Every open school, in URN order.
    pub fn schools(&self) -> &[SchoolFacts] {
        &self.schools
    }

    /// Every open school's [`Spot`], in the order of [`EvidenceIndex::schools`].
    pub fn spots(&self) -> &[Spot] {
        &self.spots
    }

    /// A school's place in context space, if it has one.
    pub fn context_of(&self, spot: &Spot) -> Option<&[f64]> {
        let (start, len) = (spot.context.0 as usize, spot.context.1 as usize);
        if len == 0 {
            return None;
        }
        self.contexts.get(start..start + len)
    }

    /// Every open school's strength in an area, in the order of [`EvidenceIndex::schools`].
    pub fn strengths_in(&self, area: ImprovementArea) -> &[Option<f32>] {
        self.strengths
            .get(area_index(area))
            .map(|s| &s[..])
            .unwrap_or_default()
    }

    /// Every profiled trust with open schools.
    pub fn trusts(&self) -> &[TrustFacts] {
        &self.trusts
    }

    /// Positions in [`EvidenceIndex::schools`] of the schools compared within `phase`.
    pub fn phase_members(&self, phase: Phase) -> &[usize] {
        self.by_phase
            .get(&phase)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// One open school.
    pub fn school(&self, urn: Urn) -> Option<&SchoolFacts> {
        self.school_position.get(&urn).map(|i| &self.schools[*i])
    }

    /// Where an open school sits in [`EvidenceIndex::schools`].
    pub fn school_position(&self, urn: Urn) -> Option<usize> {
        self.school_position.get(&urn).copied()
    }

    /// One profiled trust.
    pub fn trust(&self, uid: GroupUid) -> Option<&TrustFacts> {
        self.trust_position.get(&uid).map(|i| &self.trusts[*i])
    }

    /// A school's comparisons with its family, every indicator it has.
    pub fn evidence(&self, urn: Urn) -> &[IndicatorEvidence] {
        self.evidence
            .get(&urn)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// A school's comparisons on the indicators of one area.
    pub fn evidence_in(&self, urn: Urn, area: ImprovementArea) -> Vec<&IndicatorEvidence> {
        self.evidence(urn)
            .iter()
            .filter(|e| area.indicators().contains(&e.indicator))
            .collect()
    }
}

/// The population standard deviation of each result measure in each year, over every
/// school with a figure.
fn national_spread(outcomes: &HashMap<Urn, Vec<Outcome>>) -> HashMap<(Measure, String), f64> {
    let mut sums: HashMap<(Measure, &str), (f64, f64, usize)> = HashMap::new();
    for o in outcomes
        .values()
        .flatten()
        .filter(|o| o.measure.is_result())
    {
        let entry = sums.entry((o.measure, o.year.as_str())).or_default();
        entry.0 += o.value;
        entry.1 += o.value * o.value;
        entry.2 += 1;
    }
    sums.into_iter()
        .filter_map(|((measure, year), (sum, squares, n))| {
            let n = n as f64;
            let variance = squares / n - (sum / n) * (sum / n);
            (n >= 2.0 && variance > 1e-12).then(|| ((measure, year.to_string()), variance.sqrt()))
        })
        .collect()
}
