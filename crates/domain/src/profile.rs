//! A trust's profile ("vignette"): what kind of trust it is, in numbers a CEO recognises and
//! can set against the national picture ([`national`]) and against similar trusts
//! ([`crate::similarity::trusts`]).

mod geography;
pub mod national;

pub use geography::{median, Geography, Spread};

use crate::organisation::{Phase, School, Status};
use crate::place::Region;
use crate::summary::Tally;
use crate::{Date, GroupUid, Judgement, Urn};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Trust size bands by number of schools, so a trust is compared with trusts of its own
/// scale: one school (single-academy trusts and one-school MATs), 2-5 (the typical small
/// MAT), 6-10 (around the national average of six or seven), 11-20, 21-40, and 41 or more
/// (the few dozen largest trusts). Each band roughly doubles the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    /// One school.
    One,
    /// Two to five schools.
    TwoToFive,
    /// Six to ten schools.
    SixToTen,
    /// Eleven to twenty schools.
    ElevenToTwenty,
    /// Twenty-one to forty schools.
    TwentyOneToForty,
    /// Forty-one schools or more.
    FortyOneOrMore,
}

impl SizeBand {
    /// Every band, smallest first.
    pub const ALL: [SizeBand; 6] = [
        SizeBand::One,
        SizeBand::TwoToFive,
        SizeBand::SixToTen,
        SizeBand::ElevenToTwenty,
        SizeBand::TwentyOneToForty,
        SizeBand::FortyOneOrMore,
    ];

    /// The band for a number of schools; a trust with no open schools has none.
    pub fn of(schools: u64) -> Option<SizeBand> {
        match schools {
            0 => None,
            1 => Some(SizeBand::One),
            2..=5 => Some(SizeBand::TwoToFive),
            6..=10 => Some(SizeBand::SixToTen),
            11..=20 => Some(SizeBand::ElevenToTwenty),
            21..=40 => Some(SizeBand::TwentyOneToForty),
            _ => Some(SizeBand::FortyOneOrMore),
        }
    }

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            SizeBand::One => "1",
            SizeBand::TwoToFive => "2-5",
            SizeBand::SixToTen => "6-10",
            SizeBand::ElevenToTwenty => "11-20",
            SizeBand::TwentyOneToForty => "21-40",
            SizeBand::FortyOneOrMore => "41+",
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            SizeBand::One => "1 school",
            SizeBand::TwoToFive => "2 to 5 schools",
            SizeBand::SixToTen => "6 to 10 schools",
            SizeBand::ElevenToTwenty => "11 to 20 schools",
            SizeBand::TwentyOneToForty => "21 to 40 schools",
            SizeBand::FortyOneOrMore => "41 or more schools",
        }
    }
}

/// How many of a trust's schools are in urban and rural settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UrbanRuralMix {
    /// Schools in an urban class.
    pub urban: u64,
    /// Schools in a rural class.
    pub rural: u64,
    /// Schools with no classification.
    pub unknown: u64,
    /// Rural schools as a percentage of those classified.
    pub percent_rural: Option<f64>,
}

/// A school's standing on its latest overall Ofsted judgement, including the two ways of
/// having none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfstedStanding {
    /// Graded overall.
    Graded(Judgement),
    /// Inspected, but with no overall grade (graded inspections from September 2024 give
    /// none).
    NoOverallGrade,
    /// No inspection on record (typically a new school).
    NotInspected,
}

impl OfstedStanding {
    /// Every standing, best grade first, for tables that always show all six rows.
    pub const ALL: [OfstedStanding; 6] = [
        OfstedStanding::Graded(Judgement::Outstanding),
        OfstedStanding::Graded(Judgement::Good),
        OfstedStanding::Graded(Judgement::RequiresImprovement),
        OfstedStanding::Graded(Judgement::Inadequate),
        OfstedStanding::NoOverallGrade,
        OfstedStanding::NotInspected,
    ];

    /// The standing of a school.
    pub fn of(school: &School) -> OfstedStanding {
        match &school.ofsted {
            Some(o) => match o.overall {
                Some(j) => OfstedStanding::Graded(j),
                None if o.inspection_date.is_some() => OfstedStanding::NoOverallGrade,
                None => OfstedStanding::NotInspected,
            },
            None => OfstedStanding::NotInspected,
        }
    }

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            OfstedStanding::Graded(j) => j.key(),
            OfstedStanding::NoOverallGrade => "no_overall_grade",
            OfstedStanding::NotInspected => "not_inspected",
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            OfstedStanding::Graded(j) => j.label(),
            OfstedStanding::NoOverallGrade => "No overall grade (inspected from September 2024)",
            OfstedStanding::NotInspected => "Not yet inspected",
        }
    }
}

/// How many of a trust's schools have one Ofsted standing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandingCount {
    /// The standing.
    pub standing: OfstedStanding,
    /// Schools with it.
    pub schools: u64,
    /// As a percentage of the trust's schools (0 for a trust with none).
    pub percent: f64,
}

/// A trust's Ofsted picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfstedProfile {
    /// Schools by standing, in [`OfstedStanding::ALL`] order.
    pub standings: Vec<StandingCount>,
    /// Schools whose latest graded inspection and joining date are both known.
    pub with_both_dates: u64,
    /// Of those, schools whose latest graded inspection was on or after the day they joined.
    pub inspected_since_joining: u64,
    /// That as a percentage of `with_both_dates`.
    pub percent_inspected_since_joining: Option<f64>,
}

/// A trust's profile, computed from its member schools.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustProfile {
    /// The trust.
    pub uid: GroupUid,
    /// Member schools that are not closed.
    pub schools: u64,
    /// Its size band.
    pub size_band: Option<SizeBand>,
    /// Schools by phase, in phase order.
    pub phases: Vec<Tally>,
    /// Schools by type of establishment, most first.
    pub types: Vec<Tally>,
    /// Pupils on roll (schools without a count add nothing).
    pub pupils: u64,
    /// Schools with a pupil count.
    pub schools_with_pupils: u64,
    /// Local authorities with a school, by name (or code where the name is missing), sorted.
    pub local_authorities: Vec<String>,
    /// Regions with a school, in region order.
    pub regions: Vec<Region>,
    /// Urban and rural schools.
    pub urban_rural: UrbanRuralMix,
    /// Where the schools are.
    pub geography: Geography,
    /// Latest Ofsted judgements.
    pub ofsted: OfstedProfile,
    /// FSM %, weighted by pupils (over schools with both figures).
    pub fsm_percent: Option<f64>,
    /// EAL %, weighted by pupils (over schools with both figures).
    pub eal_percent: Option<f64>,
    /// Mean IDACI quintile, weighted by pupils (over schools with both figures).
    pub idaci_quintile: Option<f64>,
}

impl TrustProfile {
    /// Computes a trust's profile from its member schools, ignoring closed ones (as the
    /// trust headline does); `joined` gives the date each school joined the trust.
    pub fn from_members(
        uid: GroupUid,
        members: &[School],
        joined: impl Fn(Urn) -> Option<Date>,
    ) -> TrustProfile {
        let current: Vec<&School> = members
            .iter()
            .filter(|s| s.status != Status::Closed)
            .collect();
        let schools = current.len() as u64;

        let mut phases: BTreeMap<Phase, u64> = BTreeMap::new();
        let mut types: BTreeMap<&str, u64> = BTreeMap::new();
        let mut local_authorities = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for s in &current {
            *phases.entry(s.phase).or_default() += 1;
            let type_name = if s.type_name.trim().is_empty() {
                "Not recorded"
            } else {
                s.type_name.as_str()
            };
            *types.entry(type_name).or_default() += 1;
            if let Some(la) = s.la_name.clone().or(s.la_code.map(|c| c.to_string())) {
                local_authorities.insert(la);
            }
            if let Some(r) = s.region {
                regions.insert(r);
            }
        }
        let mut types: Vec<Tally> = types
            .into_iter()
            .map(|(name, n)| Tally {
                label: name.into(),
                key: name.into(),
                schools: n,
            })
            .collect();
        types.sort_by(|a, b| b.schools.cmp(&a.schools).then(a.label.cmp(&b.label)));

        let with_pupils: Vec<(&School, f64)> = current
            .iter()
            .filter_map(|s| s.pupils.filter(|p| *p > 0).map(|p| (*s, p as f64)))
            .collect();

        TrustProfile {
            uid,
            schools,
            size_band: SizeBand::of(schools),
            phases: phases
                .into_iter()
                .map(|(p, n)| Tally {
                    label: p.label().into(),
                    key: p.key().into(),
                    schools: n,
                })
                .collect(),
            types,
            pupils: with_pupils.iter().map(|(_, p)| *p as u64).sum(),
            schools_with_pupils: with_pupils.len() as u64,
            local_authorities: local_authorities.into_iter().collect(),
            regions: regions.into_iter().collect(),
            urban_rural: urban_rural_mix(&current),
            geography: Geography::of(&current),
            ofsted: ofsted_profile(&current, joined),
            fsm_percent: pupil_weighted(&with_pupils, |s| s.fsm_percent),
            eal_percent: pupil_weighted(&with_pupils, |s| s.eal_percent),
            idaci_quintile: pupil_weighted(&with_pupils, |s| {
                s.idaci_quintile
                    .filter(|q| (1..=5).contains(q))
                    .map(|q| q as f64)
            }),
        }
    }

    /// Schools in a phase.
    pub fn schools_in_phase(&self, phase: Phase) -> u64 {
        self.phases
            .iter()
            .find(|t| t.key == phase.key())
            .map_or(0, |t| t.schools)
    }

    /// Primary schools as a percentage of all schools.
    pub fn percent_primary(&self) -> Option<f64> {
        percent(self.schools_in_phase(Phase::Primary), self.schools)
    }

    /// Schools graded Good or Outstanding as a percentage of schools with an overall grade.
    pub fn percent_good_or_outstanding(&self) -> Option<f64> {
        let count = |wanted: fn(Judgement) -> bool| -> u64 {
            self.ofsted
                .standings
                .iter()
                .filter(|c| matches!(c.standing, OfstedStanding::Graded(j) if wanted(j)))
                .map(|c| c.schools)
                .sum()
        };
        let good = count(|j| j <= Judgement::Good);
        percent(good, count(|_| true))
    }
}

/// `part` as a percentage of `whole`; `None` when `whole` is 0.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

fn urban_rural_mix(members: &[&School]) -> UrbanRuralMix {
    let mut mix = UrbanRuralMix {
        urban: 0,
        rural: 0,
        unknown: 0,
        percent_rural: None,
    };
    for s in members {
        match s
            .urban_rural
            .as_deref()
            .and_then(crate::similarity::rurality)
        {
            Some(r) if r > 0.0 => mix.rural += 1,
            Some(_) => mix.urban += 1,
            None => mix.unknown += 1,
        }
    }
    mix.percent_rural = percent(mix.rural, mix.rural + mix.urban);
    mix
}

fn ofsted_profile(members: &[&School], joined: impl Fn(Urn) -> Option<Date>) -> OfstedProfile {
    let total = members.len() as u64;
    let standings = OfstedStanding::ALL
        .into_iter()
        .map(|standing| {
            let schools = members
                .iter()
                .filter(|s| OfstedStanding::of(s) == standing)
                .count() as u64;
            StandingCount {
                standing,
                schools,
                percent: percent(schools, total).unwrap_or(0.0),
            }
        })
        .collect();
    let mut with_both_dates = 0;
    let mut inspected_since_joining = 0;
    for s in members {
        let inspected = s.ofsted.as_ref().and_then(|o| o.inspection_date);
        if let (Some(inspected), Some(joined)) = (inspected, joined(s.urn)) {
            with_both_dates += 1;
            if inspected >= joined {
                inspected_since_joining += 1;
            }
        }
    }
    OfstedProfile {
        standings,
        with_both_dates,
        inspected_since_joining,
        percent_inspected_since_joining: percent(inspected_since_joining, with_both_dates),
    }
}

/// The pupil-weighted mean of a school figure over schools with a pupil count and the figure;
/// `None` when no school has both.
fn pupil_weighted(
    with_pupils: &[(&School, f64)],
    figure: impl Fn(&School) -> Option<f64>,
) -> Option<f64> {
    let (weighted, pupils) = with_pupils
        .iter()
        .filter_map(|(s, p)| figure(s).filter(|v| v.is_finite()).map(|v| (v * p, *p)))
        .fold((0.0, 0.0), |(sum, total), (v, p)| (sum + v, total + p));
    (pupils > 0.0).then(|| weighted / pupils)
}

#[cfg(test)]
mod tests;
