//! Whose voices were heard: the organisations that responded to a call against all of
//! England's (or the call's area), dimension by dimension (trust size, phase, region,
//! urban or rural, disadvantage, Ofsted), with the gaps named in words ("no response from
//! trusts with one school in the North East") and the under-heard groups a convener can
//! still invite. The same figures compare the people chosen for an expert group with
//! those who applied, so selection is visible.
//!
//! Trusts and schools are counted apart: a trust responding speaks for a trust, a school
//! for a school. A figure that is not published for an organisation puts it in a "Not
//! published" group of its own, never in a group it may not belong to.

use crate::analysis::SystemAnalysis;
use crate::ids::GroupUid;
use crate::judgement::Judgement;
use crate::organisation::{Phase, School, Status};
use crate::party::OrgRef;
use crate::place::Region;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The label for an organisation whose figure is not published.
pub const NOT_PUBLISHED: &str = "Not published";

/// A group with fewer organisations than this in the population is too small to call a
/// missing response a gap.
pub const MIN_GROUP_FOR_GAP: usize = 3;

/// How many gaps are named at most, largest first.
pub const MAX_GAPS: usize = 12;

/// What the organisations are compared on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// How many schools a trust has (for a school, its trust's).
    TrustSize,
    /// Primary, secondary and so on (for a trust, the phases of its schools).
    Phase,
    /// The region (for a trust, where most of its schools are).
    Region,
    /// Urban or rural (for a trust, most of its schools).
    UrbanRural,
    /// Pupils eligible for free school meals (for a trust, across its pupils).
    Disadvantage,
    /// The latest Ofsted judgement (for a trust, the share of its schools good or better).
    Ofsted,
}

impl Dimension {
    /// Every dimension, in the order shown.
    pub const ALL: [Dimension; 6] = [
        Dimension::TrustSize,
        Dimension::Phase,
        Dimension::Region,
        Dimension::UrbanRural,
        Dimension::Disadvantage,
        Dimension::Ofsted,
    ];

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::TrustSize => "Trust size",
            Dimension::Phase => "Phase",
            Dimension::Region => "Region",
            Dimension::UrbanRural => "Urban or rural",
            Dimension::Disadvantage => "Disadvantage (free school meals)",
            Dimension::Ofsted => "Ofsted",
        }
    }

    fn index(self) -> usize {
        Dimension::ALL
            .iter()
            .position(|d| *d == self)
            .unwrap_or_default()
    }
}

/// Whether an organisation is a trust or a school: they are counted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Academy trusts.
    Trust,
    /// Schools.
    School,
}

impl Kind {
    /// Plural, for sentences.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Trust => "trusts",
            Kind::School => "schools",
        }
    }
}

/// One organisation's group on each dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Who.
    pub org: OrgRef,
    /// Trust or school.
    pub kind: Kind,
    /// Its group on each of [`Dimension::ALL`], in that order.
    pub groups: [String; 6],
}

impl Profile {
    /// Its group on `dimension`.
    pub fn group(&self, dimension: Dimension) -> &str {
        &self.groups[dimension.index()]
    }
}

/// The trust-size group of a trust with `schools` open schools.
pub fn size_group(schools: usize) -> &'static str {
    match schools {
        0 | 1 => "1 school",
        2..=5 => "2 to 5 schools",
        6..=15 => "6 to 15 schools",
        16..=30 => "16 to 30 schools",
        _ => "31 schools or more",
    }
}

fn phase_group(phase: Phase) -> &'static str {
    match phase {
        Phase::Nursery | Phase::Primary => "Primary",
        Phase::Secondary => "Secondary",
        Phase::AllThrough => "All-through",
        Phase::SixteenPlus => "16 plus",
        Phase::Special => "Special",
        Phase::AlternativeProvision => "Alternative provision",
        Phase::Other => NOT_PUBLISHED,
    }
}

fn urban_rural_group(text: Option<&str>) -> &'static str {
    match text {
        Some(t) if t.contains("Urban") => "Urban",
        Some(t) if t.contains("Rural") => "Rural",
        _ => NOT_PUBLISHED,
    }
}

fn disadvantage_group(fsm_percent: Option<f64>) -> &'static str {
    match fsm_percent {
        None => NOT_PUBLISHED,
        Some(p) if p < 10.0 => "Under 10% free school meals",
        Some(p) if p < 20.0 => "10% to 20% free school meals",
        Some(p) if p < 30.0 => "20% to 30% free school meals",
        Some(p) if p < 40.0 => "30% to 40% free school meals",
        Some(_) => "40% or more free school meals",
    }
}

fn judgement_group(judgement: Option<Judgement>) -> &'static str {
    match judgement {
        Some(Judgement::Outstanding) => "Outstanding",
        Some(Judgement::Good) => "Good",
        Some(Judgement::RequiresImprovement) => "Requires improvement",
        Some(Judgement::Inadequate) => "Inadequate",
        None => "No overall grade",
    }
}

/// A school's profile; `trust_schools` is the number of open schools in its trust, if it
/// is in one.
pub fn school_profile(school: &School, trust_schools: Option<usize>) -> Profile {
    Profile {
        org: OrgRef::School(school.urn),
        kind: Kind::School,
        groups: [
            trust_schools
                .map_or("Not in a trust", size_group)
                .to_string(),
            phase_group(school.phase).to_string(),
            school
                .region
                .map_or(NOT_PUBLISHED, Region::name)
                .to_string(),
            urban_rural_group(school.urban_rural.as_deref()).to_string(),
            disadvantage_group(school.fsm_percent).to_string(),
            judgement_group(school.ofsted.as_ref().and_then(|o| o.overall)).to_string(),
        ],
    }
}

/// The group most of `values` are in (ties go to the first in order); "Not published"
/// counts only when nothing else is known.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values.filter(|v| *v != NOT_PUBLISHED) {
        *counts.entry(v).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(NOT_PUBLISHED.to_string(), |(v, _)| (*v).to_string())
}

/// A trust's profile from its open schools.
pub fn trust_profile(org: OrgRef, schools: &[&School]) -> Profile {
    let phases: BTreeSet<&str> = schools
        .iter()
        .map(|s| phase_group(s.phase))
        .filter(|p| *p != NOT_PUBLISHED)
        .collect();
    let phase = match phases.len() {
        0 => NOT_PUBLISHED.to_string(),
        1 => format!(
            "{} only",
            phases.iter().next().copied().unwrap_or(NOT_PUBLISHED)
        ),
        _ => "Mixed phases".to_string(),
    };
    let (pupils, eligible) =
        schools
            .iter()
            .fold((0.0, 0.0), |(n, e), s| match (s.pupils, s.fsm_percent) {
                (Some(p), Some(f)) if p > 0 => (n + p as f64, e + p as f64 * f / 100.0),
                _ => (n, e),
            });
    let fsm = (pupils > 0.0).then(|| eligible / pupils * 100.0);
    let judged: Vec<Judgement> = schools
        .iter()
        .filter_map(|s| s.ofsted.as_ref().and_then(|o| o.overall))
        .collect();
    let good = judged
        .iter()
        .filter(|j| matches!(j, Judgement::Outstanding | Judgement::Good))
        .count();
    let ofsted = if judged.is_empty() {
        "No overall grades"
    } else if good == judged.len() {
        "Every graded school good or better"
    } else if good * 4 >= judged.len() * 3 {
        "Three in four or more good or better"
    } else {
        "Fewer than three in four good or better"
    };
    Profile {
        org,
        kind: Kind::Trust,
        groups: [
            size_group(schools.len()).to_string(),
            phase,
            most_common(
                schools
                    .iter()
                    .map(|s| s.region.map_or(NOT_PUBLISHED, Region::name)),
            ),
            most_common(
                schools
                    .iter()
                    .map(|s| urban_rural_group(s.urban_rural.as_deref())),
            ),
            disadvantage_group(fsm).to_string(),
            ofsted.to_string(),
        ],
    }
}

/// Every open school and academy trust whose voices a call for `regions` wants (all of
/// England when empty; a trust when any of its open schools is in them), profiled from
/// the published data.
pub fn population(analysis: &SystemAnalysis, regions: &[Region]) -> Vec<Profile> {
    let wanted = |s: &School| regions.is_empty() || s.region.is_some_and(|r| regions.contains(&r));
    let open: Vec<&School> = analysis
        .schools()
        .filter(|s| s.status == Status::Open)
        .collect();
    let mut trusts: BTreeMap<GroupUid, Vec<&School>> = BTreeMap::new();
    for s in &open {
        if let Some(uid) = analysis.trust_of(s.urn) {
            trusts.entry(uid).or_default().push(s);
        }
    }
    let mut profiles = Vec::with_capacity(open.len() + trusts.len());
    for s in open.iter().filter(|s| wanted(s)) {
        let size = analysis
            .trust_of(s.urn)
            .map(|uid| trusts.get(&uid).map_or(0, Vec::len));
        profiles.push(school_profile(s, size));
    }
    for (uid, schools) in &trusts {
        if schools.iter().any(|s| wanted(s)) {
            profiles.push(trust_profile(OrgRef::Trust(*uid), schools));
        }
    }
    profiles
}

/// One group's figures: how many of the population are in it, how many responded, and
/// each as a share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    /// The group.
    pub group: String,
    /// How many organisations of the population are in it.
    pub population: usize,
    /// How many of those responded.
    pub responded: usize,
    /// Its share of the population, 0 to 1.
    pub population_share: f64,
    /// Its share of those who responded, 0 to 1 (0 when no one responded).
    pub responded_share: f64,
    /// How many of its organisations responded, 0 to 1.
    pub response_rate: f64,
}

/// One dimension for one kind of organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DimensionFigures {
    /// Which dimension.
    pub dimension: Dimension,
    /// Trusts or schools.
    pub kind: Kind,
    /// Its groups, largest population first.
    pub groups: Vec<GroupFigures>,
}

/// A group no one (or too few) from was heard, in words, with what defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Gap {
    /// The sentence: "No response from trusts with 1 school in the North East".
    pub text: String,
    /// Trusts or schools.
    pub kind: Kind,
    /// The dimensions and groups that define it.
    pub groups: Vec<(Dimension, String)>,
    /// How many organisations are in it.
    pub population: usize,
    /// How many of them responded.
    pub responded: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Representation {
    /// How many trusts are in the population, and how many responded.
    pub trusts: (usize, usize),
    /// How many schools are in the population, and how many responded.
    pub schools: (usize, usize),
    /// Respondents outside the population (a partner, or an organisation outside the
    /// call's area): counted here, in no dimension.
    pub others: usize,
    /// Each dimension for trusts, then for schools.
    pub dimensions: Vec<DimensionFigures>,
    /// The groups not heard at all, then those heard at under half their share, largest
    /// first.
    pub gaps: Vec<Gap>,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// `respondents` against `population`, trusts and schools apart.
pub fn representation(population: &[Profile], respondents: &BTreeSet<OrgRef>) -> Representation {
    let known: BTreeSet<OrgRef> = population.iter().map(|p| p.org).collect();
    let others = respondents.iter().filter(|o| !known.contains(o)).count();
    let mut dimensions = Vec::new();
    let mut not_heard = Vec::new();
    let mut under_heard = Vec::new();
    let mut totals = BTreeMap::new();
    for kind in [Kind::Trust, Kind::School] {
        let of_kind: Vec<&Profile> = population.iter().filter(|p| p.kind == kind).collect();
        let answered = of_kind
            .iter()
            .filter(|p| respondents.contains(&p.org))
            .count();
        totals.insert(kind, (of_kind.len(), answered));
        for dimension in Dimension::ALL {
            if kind == Kind::Trust && dimension == Dimension::TrustSize && of_kind.is_empty() {
                continue;
            }
            let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
            for p in &of_kind {
                let entry = counts.entry(p.group(dimension)).or_default();
                entry.0 += 1;
                if respondents.contains(&p.org) {
                    entry.1 += 1;
                }
            }
            let mut groups: Vec<GroupFigures> = counts
                .iter()
                .map(|(group, &(n, r))| GroupFigures {
                    group: (*group).to_string(),
                    population: n,
                    responded: r,
                    population_share: share(n, of_kind.len()),
                    responded_share: share(r, answered),
                    response_rate: share(r, n),
                })
                .collect();
            groups.sort_by(|a, b| b.population.cmp(&a.population).then(a.group.cmp(&b.group)));
            for g in groups.iter().filter(|g| g.group != NOT_PUBLISHED) {
                if g.population < MIN_GROUP_FOR_GAP {
                    continue;
                }
                let gap = Gap {
                    text: String::new(),
                    kind,
                    groups: vec![(dimension, g.group.clone())],
                    population: g.population,
                    responded: g.responded,
                };
                if g.responded == 0 {
                    not_heard.push(gap);
                } else if answered > 0 && g.responded_share * 2.0 < g.population_share {
                    under_heard.push(gap);
                }
            }
            if !of_kind.is_empty() {
                dimensions.push(DimensionFigures {
                    dimension,
                    kind,
                    groups,
                });
            }
        }
        // Pairs of size and region, phase and region: the gaps people name.
        for (first, second) in [
            (Dimension::TrustSize, Dimension::Region),
            (Dimension::Phase, Dimension::Region),
        ] {
            let mut counts: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
            for p in &of_kind {
                let (a, b) = (p.group(first), p.group(second));
                if a == NOT_PUBLISHED || b == NOT_PUBLISHED {
                    continue;
                }
                let entry = counts.entry((a, b)).or_default();
                entry.0 += 1;
                if respondents.contains(&p.org) {
                    entry.1 += 1;
                }
            }
            for ((a, b), (n, r)) in counts {
                if r == 0 && n >= MIN_GROUP_FOR_GAP {
                    not_heard.push(Gap {
                        text: String::new(),
                        kind,
                        groups: vec![(first, a.to_string()), (second, b.to_string())],
                        population: n,
                        responded: 0,
                    });
                }
            }
        }
    }
    not_heard.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.groups.len().cmp(&b.groups.len()))
            .then(a.groups.cmp(&b.groups))
    });
    under_heard.sort_by(|a, b| {
        b.population
            .cmp(&a.population)
            .then(a.groups.cmp(&b.groups))
    });
    let mut gaps: Vec<Gap> = not_heard
        .into_iter()
        .map(|mut g| {
            g.text = format!("No response from {}", describe(g.kind, &g.groups));
            g
        })
        .chain(under_heard.into_iter().map(|mut g| {
            g.text = format!(
                "Few responses from {}: {} of {}",
                describe(g.kind, &g.groups),
                g.responded,
                g.population
            );
            g
        }))
        .collect();
    gaps.truncate(MAX_GAPS);
    Representation {
        trusts: totals.get(&Kind::Trust).copied().unwrap_or_default(),
        schools: totals.get(&Kind::School).copied().unwrap_or_default(),
        others,
        dimensions,
        gaps,
    }
}

/// "trusts with 1 school in the North East", "primary schools in London".
fn describe(kind: Kind, groups: &[(Dimension, String)]) -> String {
    let mut subject = kind.plural().to_string();
    let mut after = Vec::new();
    for (dimension, group) in groups {
        match dimension {
            Dimension::TrustSize if kind == Kind::Trust => {
                after.push(format!("with {}", group.to_lowercase()))
            }
            Dimension::TrustSize => after.push(if group == "Not in a trust" {
                "not in a trust".to_string()
            } else {
                format!("in trusts of {}", group.to_lowercase())
            }),
            Dimension::Phase if kind == Kind::School => {
                subject = format!("{} {subject}", group.to_lowercase())
            }
            Dimension::Phase => after.push(format!("of {}", group.to_lowercase())),
            Dimension::Region => after.push(format!("in {}", with_the(group))),
            Dimension::UrbanRural => subject = format!("{} {subject}", group.to_lowercase()),
            Dimension::Disadvantage => after.push(format!("with {}", group.to_lowercase())),
            Dimension::Ofsted if kind == Kind::School => {
                after.push(format!("judged {}", group.to_lowercase()))
            }
            Dimension::Ofsted => after.push(format!("with {}", group.to_lowercase())),
        }
    }
    if after.is_empty() {
        subject
    } else {
        format!("{subject} {}", after.join(" "))
    }
}

/// A region's name as it reads after "in": "the North East", "London".
fn with_the(region: &str) -> String {
    if region == "London" || region.starts_with("Yorkshire") {
        region.to_string()
    } else {
        format!("the {region}")
    }
}

#[cfg(test)]
mod tests;
