//! What the impact pages and API share: reading the measure and start asked for, the starts
//! a reader may choose from (joining a trust, the collaborations they may see), and working
//! out a school's impact against its family of similar schools with
//! [`convene_domain::evidence::impact`]. A collaboration is read with the reader's scope, so
//! its impact is seen by exactly those who may see the collaboration itself.

use crate::access::RequestContext;
use crate::lookup;
use crate::params::{unknown, Params};
use crate::state::AppState;
use crate::WebError;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::brokerage::{Collaboration, CollaborationId, Indicator};
use convene_domain::evidence::impact::{impact, Impact, ImpactInput};
use convene_domain::organisation::Phase;
use convene_domain::outcome::{Measure, Outcome};
use convene_domain::partnerships::{GoalId, GoalStatus, Member, PartnershipId};
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::{Date, Urn};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// The measures impact is worked out for: results, where higher is better. Admissions demand
/// and pupil premium describe a school's situation, not what work with it achieved.
pub(crate) fn measures() -> impl Iterator<Item = Measure> {
    Measure::ALL.into_iter().filter(|m| m.is_result())
}

/// The `measure` asked for, if any: one of [`measures`] by key.
pub(crate) fn requested_measure(params: &Params) -> Result<Option<Measure>, WebError> {
    params
        .get("measure")
        .map(|key| {
            Measure::from_key(key)
                .filter(|m| m.is_result())
                .ok_or_else(|| unknown("result measure", key, measures().map(Measure::key)))
        })
        .transpose()
}

/// Whether `text` is written as a full date, `2017-09-01`: digits, with hyphens after
/// the year and the month.
fn full_date_form(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The `start` asked for, if any: a real date written `2017-09-01`.
pub(crate) fn requested_start(params: &Params) -> Result<Option<Date>, WebError> {
    params
        .get("start")
        .map(|text| {
            Some(text)
                .filter(|t| full_date_form(t))
                .and_then(Date::parse)
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "\"{text}\" is not a start date: write it as year-month-day, such as 2017-09-01."
                    ))
                })
        })
        .transpose()
}

/// What a start is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StartKind {
    /// The school joined an academy trust (GIAS' joined date).
    JoinedTrust,
    /// A brokerage collaboration in which the school was helped started.
    Collaboration,
    /// A partnership the school (or its trust) is a member of started, or one of its goals
    /// was set (its baseline date).
    Partnership,
    /// A date the reader gave.
    Given,
}

/// A start to compare before and after.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub(crate) struct Start {
    /// The date.
    pub(crate) date: Date,
    /// What started, in words ("joining 5 Dimensions Trust").
    pub(crate) label: String,
    /// What kind of start it is.
    pub(crate) kind: StartKind,
    /// The collaboration, for a collaboration's start.
    pub(crate) collaboration: Option<CollaborationId>,
    /// The partnership, for a partnership's or one of its goals' start.
    pub(crate) partnership: Option<PartnershipId>,
}

/// A school's impact for one measure and start, and the choices around it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SchoolImpact {
    /// The school's URN.
    pub(crate) urn: Urn,
    /// Its name.
    pub(crate) name: String,
    /// The measure compared.
    pub(crate) measure: Measure,
    /// The result measures the school has a published figure for in some year.
    pub(crate) measures: Vec<Measure>,
    /// The start compared, if one was given or the school joined a trust.
    pub(crate) start: Option<Start>,
    /// Starts the reader may choose: the school's trust joining dates and the
    /// collaborations helping it or its current trust that the reader may see.
    pub(crate) starts: Vec<Start>,
    /// How many schools are in its family of similar schools.
    pub(crate) family_size: usize,
    /// The figures before and after against the family, with the estimate or why there is
    /// none; `null` when there is no start to compare.
    pub(crate) impact: Option<Impact>,
    /// What to do when there is no start, in words.
    pub(crate) message: Option<String>,
}

/// Each school's family members (the default family, as the family page shows it).
fn family_of(analysis: &SystemAnalysis, urn: Urn) -> Vec<Urn> {
    analysis
        .family(urn)
        .map(|f| f.neighbours.iter().map(|n| n.urn).collect())
        .unwrap_or_default()
}

/// One school's impact from figures already read.
fn school_impact_from(
    outcomes: &HashMap<Urn, Vec<Outcome>>,
    urn: Urn,
    name: &str,
    family: &[Urn],
    measure: Measure,
    start: &Start,
) -> Impact {
    let of = |u: &Urn| outcomes.get(u).map_or(&[][..], Vec::as_slice);
    let members: Vec<(Urn, &[Outcome])> = family.iter().map(|u| (*u, of(u))).collect();
    impact(&ImpactInput {
        measure,
        start: start.date,
        school_name: name,
        start_label: &start.label,
        school: of(&urn),
        family: &members,
    })
}

/// The result measures `outcomes` has a figure for.
fn measures_in(outcomes: &[Outcome]) -> Vec<Measure> {
    measures()
        .filter(|m| outcomes.iter().any(|o| o.measure == *m))
        .collect()
}

/// The collaborations helping `org` that `context` may see, as starts.
async fn collaboration_starts(
    state: &AppState,
    context: &RequestContext,
    org: OrgRef,
) -> Result<Vec<Start>, WebError> {
    let visible = state
        .store()
        .collaborations(&context.actor.read_scope(), Some(org), 100, 0)
        .await?;
    Ok(visible
        .into_iter()
        .filter(|c| c.helped.org == org)
        .map(|c| Start {
            date: c.start,
            label: collaboration_label(&c),
            kind: StartKind::Collaboration,
            collaboration: Some(c.id),
            partnership: None,
        })
        .collect())
}

/// "the collaboration with Test Trust B on Key stage 4 outcomes".
fn collaboration_label(c: &Collaboration) -> String {
    format!(
        "the collaboration with {} on {}",
        c.helper.name,
        c.area.label().to_lowercase()
    )
}

/// A school's impact for `measure` (default: the first result measure it has figures for)
/// from `start` (default: when it joined its current academy trust).
pub(crate) async fn school(
    state: &AppState,
    context: &RequestContext,
    raw_urn: &str,
    measure: Option<Measure>,
    start: Option<Date>,
) -> Result<SchoolImpact, WebError> {
    let detail = lookup::school(state.store(), raw_urn).await?;
    let urn = detail.school.urn;
    let analysis = state.analysis().await?;
    let family = family_of(&analysis, urn);
    let mut urns = family.clone();
    urns.push(urn);
    let outcomes = state.store().outcomes_of(&urns).await?;
    let own = outcomes.get(&urn).map_or(&[][..], Vec::as_slice);
    let available = measures_in(own);
    let measure = measure.or_else(|| available.first().copied()).unwrap_or(
        if detail.school.phase == Phase::Primary {
            Measure::Ks2ReadingProgress
        } else {
            Measure::Ks4Progress8
        },
    );
    let mut starts: Vec<Start> = detail
        .memberships
        .iter()
        .filter(|m| m.group.kind.is_academy_trust())
        .filter_map(|m| {
            m.joined_date.map(|date| Start {
                date,
                label: format!("joining {}", m.group.name),
                kind: StartKind::JoinedTrust,
                collaboration: None,
                partnership: None,
            })
        })
        .collect();
    let current = detail
        .memberships
        .iter()
        .find(|m| m.left_date.is_none() && m.group.kind.is_academy_trust());
    starts.extend(collaboration_starts(state, context, OrgRef::School(urn)).await?);
    if let Some(trust) = current {
        starts.extend(collaboration_starts(state, context, OrgRef::Trust(trust.group.uid)).await?);
    }
    let current_trust = current.and_then(|m| m.joined_date);
    let start = match start {
        Some(date) => Some(
            starts
                .iter()
                .find(|s| s.date == date)
                .cloned()
                .unwrap_or_else(|| Start {
                    date,
                    label: format!("the start on {}", date.long()),
                    kind: StartKind::Given,
                    collaboration: None,
                    partnership: None,
                }),
        ),
        None => current_trust.and_then(|date| starts.iter().find(|s| s.date == date).cloned()),
    };
    let impact = start
        .as_ref()
        .map(|s| school_impact_from(&outcomes, urn, &detail.school.name, &family, measure, s));
    let message = start.is_none().then(|| {
        format!(
            "{} has not joined an academy trust in the data Convene holds, so there is no start to compare before and after: give one (start=YYYY-MM-DD), such as when work with the school began.",
            detail.school.name
        )
    });
    Ok(SchoolImpact {
        urn,
        name: detail.school.name,
        measure,
        measures: available,
        start,
        starts,
        family_size: family.len(),
        impact,
        message,
    })
}

/// One helped school's impact in a collaboration.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct HelpedSchool {
    /// The school's URN.
    pub(crate) urn: Urn,
    /// Its name.
    pub(crate) name: String,
    /// The figures before and after the collaboration started, against its family.
    pub(crate) impact: Impact,
}

/// A collaboration's impact on the schools it helped.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CollaborationImpact {
    /// The collaboration.
    pub(crate) collaboration: CollaborationId,
    /// The organisation helping.
    pub(crate) helper: NamedOrg,
    /// The organisation helped.
    pub(crate) helped: NamedOrg,
    /// The improvement area, by key.
    pub(crate) area: String,
    /// The start compared: the collaboration's start.
    pub(crate) start: Start,
    /// The measure asked for, if one was; otherwise each school's first published measure
    /// among the area's indicators.
    pub(crate) measure: Option<Measure>,
    /// The helped school, or each open school of the helped trust, with its impact.
    pub(crate) schools: Vec<HelpedSchool>,
    /// Why there are no schools or no measure, in words.
    pub(crate) message: Option<String>,
}

/// The collaboration `raw_id`, if `context` may see it; otherwise "not found", exactly as
/// the collaboration's own page answers.
pub(crate) async fn visible_collaboration(
    state: &AppState,
    context: &RequestContext,
    raw_id: &str,
) -> Result<Collaboration, WebError> {
    let not_found =
        || WebError::NotFound("There is no such collaboration, or you cannot see it.".into());
    let id = CollaborationId(raw_id.parse().map_err(|_| not_found())?);
    state
        .store()
        .collaboration(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)
}

/// A collaboration's impact: for the helped school, or each open school of the helped
/// trust, the measure asked for or the area's first published indicator, before and after
/// the collaboration started, against each school's family.
pub(crate) async fn collaboration(
    state: &AppState,
    context: &RequestContext,
    raw_id: &str,
    measure: Option<Measure>,
) -> Result<CollaborationImpact, WebError> {
    let c = visible_collaboration(state, context, raw_id).await?;
    let analysis = state.analysis().await?;
    let helped: Vec<Urn> = match c.helped.org {
        OrgRef::School(urn) => analysis.school(urn).map(|s| s.urn).into_iter().collect(),
        OrgRef::Trust(uid) => analysis.open_members(uid).to_vec(),
        OrgRef::Partner(_) => Vec::new(),
    };
    let indicators: Vec<Measure> = c
        .area
        .indicators()
        .iter()
        .filter_map(|i| match i {
            Indicator::Result(m) => Some(*m),
            Indicator::Ofsted(_) => None,
        })
        .collect();
    let start = Start {
        date: c.start,
        label: collaboration_label(&c),
        kind: StartKind::Collaboration,
        collaboration: Some(c.id),
        partnership: None,
    };
    let choose = |own: &[Outcome]| {
        measure.or_else(|| {
            indicators
                .iter()
                .copied()
                .find(|m| own.iter().any(|o| o.measure == *m))
                .or_else(|| indicators.first().copied())
        })
    };
    let schools = schools_impact(state, &analysis, &helped, &start, &choose).await?;
    let message = if helped.is_empty() {
        Some(format!(
            "{} has no open schools in the data Convene holds, so there are no published results to compare.",
            c.helped.name
        ))
    } else if measure.is_none() && indicators.is_empty() {
        Some(format!(
            "No published measure covers {}: choose a measure to see the helped schools' results before and after anyway.",
            c.area.label().to_lowercase()
        ))
    } else {
        None
    };
    Ok(CollaborationImpact {
        collaboration: c.id,
        helper: c.helper.clone(),
        helped: c.helped.clone(),
        area: c.area.key().to_string(),
        start,
        measure,
        schools,
        message,
    })
}

/// Each of `schools`' impact from `start`, on the measure `choose` picks from its own
/// figures (a school it picks none for is left out), against each school's family.
async fn schools_impact(
    state: &AppState,
    analysis: &SystemAnalysis,
    schools: &[Urn],
    start: &Start,
    choose: &(dyn Fn(&[Outcome]) -> Option<Measure> + Sync),
) -> Result<Vec<HelpedSchool>, WebError> {
    let families: Vec<(Urn, Vec<Urn>)> = schools
        .iter()
        .map(|u| (*u, family_of(analysis, *u)))
        .collect();
    let urns: Vec<Urn> = families
        .iter()
        .flat_map(|(u, f)| std::iter::once(*u).chain(f.iter().copied()))
        .collect();
    let outcomes = state.store().outcomes_of(&urns).await?;
    Ok(families
        .iter()
        .filter_map(|(urn, family)| {
            let own = outcomes.get(urn).map_or(&[][..], Vec::as_slice);
            let m = choose(own)?;
            let name = analysis
                .school(*urn)
                .map_or_else(String::new, |s| s.name.clone());
            Some(HelpedSchool {
                urn: *urn,
                impact: school_impact_from(&outcomes, *urn, &name, family, m, start),
                name,
            })
        })
        .collect())
}

/// A partnership's impact on its members' schools.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartnershipImpact {
    /// The partnership.
    pub(crate) partnership: PartnershipId,
    /// Its name.
    pub(crate) name: String,
    /// The goal whose baseline date is the start, if one was asked for.
    pub(crate) goal: Option<GoalChoice>,
    /// The goals a start may be taken from (agreed ones, and drafts for members).
    pub(crate) goals: Vec<GoalChoice>,
    /// The start compared: the partnership's start, or the goal's baseline date.
    pub(crate) start: Start,
    /// The measure asked for, if one was; otherwise each school's first published result
    /// measure.
    pub(crate) measure: Option<Measure>,
    /// Each open school of a member (a school, or a trust's schools) with its impact.
    pub(crate) schools: Vec<HelpedSchool>,
    /// Why there are no schools, in words.
    pub(crate) message: Option<String>,
}

/// A partnership goal as a start to compare from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct GoalChoice {
    /// The goal.
    pub(crate) id: GoalId,
    /// Its title.
    pub(crate) title: String,
    /// Its own measure, in the partnership's words (published measures are chosen
    /// separately).
    pub(crate) measure: String,
    /// Its baseline date: the start compared.
    pub(crate) baseline_on: Date,
}

/// A partnership's impact: for each open school of its current members, `measure` (or the
/// school's first published result measure) before and after the partnership started, or
/// after `goal`'s baseline date, against each school's family. The partnership is read
/// with the reader's scope, so its impact is seen by exactly those who may see it; a draft
/// goal only by its members.
pub(crate) async fn partnership(
    state: &AppState,
    context: &RequestContext,
    raw_id: &str,
    measure: Option<Measure>,
    goal: Option<&str>,
) -> Result<PartnershipImpact, WebError> {
    let not_found =
        || WebError::NotFound("There is no such partnership, or you cannot see it.".into());
    let id = PartnershipId(raw_id.parse().map_err(|_| not_found())?);
    let (p, members) = state
        .store()
        .partnership(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)?;
    let current: Vec<&Member> = members
        .iter()
        .filter(|m| m.joined_at.is_some() && m.left_at.is_none())
        .collect();
    let member = context
        .actor
        .viewer()
        .is_some_and(|v| current.iter().any(|m| v.belongs_to(m.org.org)));
    let dossier = state.store().partnership_dossier(&p, member).await?;
    let goals: Vec<GoalChoice> = dossier
        .goals
        .iter()
        .filter(|g| member || g.status != GoalStatus::Draft)
        .map(|g| GoalChoice {
            id: g.id,
            title: g.title.clone(),
            measure: g.measure.clone(),
            baseline_on: g.baseline_on,
        })
        .collect();
    let chosen = match goal {
        None => None,
        Some(raw) => {
            let missing =
                || WebError::NotFound("This partnership has no such goal that you can see.".into());
            let wanted = GoalId(raw.parse().map_err(|_| missing())?);
            Some(
                goals
                    .iter()
                    .find(|g| g.id == wanted)
                    .cloned()
                    .ok_or_else(missing)?,
            )
        }
    };
    let started = p
        .created_at
        .get(..10)
        .and_then(Date::parse)
        .ok_or_else(|| WebError::internal("a partnership without a creation date"))?;
    let start = match &chosen {
        Some(g) => Start {
            date: g.baseline_on,
            label: format!("the goal \u{201c}{}\u{201d} of {}", g.title, p.name),
            kind: StartKind::Partnership,
            collaboration: None,
            partnership: Some(p.id),
        },
        None => Start {
            date: started,
            label: format!("the partnership {}", p.name),
            kind: StartKind::Partnership,
            collaboration: None,
            partnership: Some(p.id),
        },
    };
    let analysis = state.analysis().await?;
    let mut schools: Vec<Urn> = Vec::new();
    for m in &current {
        match m.org.org {
            OrgRef::School(urn) => schools.extend(analysis.school(urn).map(|s| s.urn)),
            OrgRef::Trust(uid) => schools.extend(analysis.open_members(uid).iter().copied()),
            OrgRef::Partner(_) => {}
        }
    }
    schools.sort_unstable();
    schools.dedup();
    let choose = |own: &[Outcome]| measure.or_else(|| measures_in(own).first().copied());
    let found = schools_impact(state, &analysis, &schools, &start, &choose).await?;
    let message = if schools.is_empty() {
        Some(format!(
            "No member of {} has open schools in the data Convene holds, so there are no published results to compare.",
            p.name
        ))
    } else if found.is_empty() {
        Some("None of the members' schools has a published result for this measure.".into())
    } else {
        None
    };
    Ok(PartnershipImpact {
        partnership: p.id,
        name: p.name.clone(),
        goal: chosen,
        goals,
        start,
        measure,
        schools: found,
        message,
    })
}
