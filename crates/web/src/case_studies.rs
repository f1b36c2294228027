//! What case-study pages and the API share: finding a case study the reader may see
//! (anything else is "not found"), the records an author may link (collaborations and
//! partnerships they can see that their organisation took part in) and the check that
//! every linked record is one of those, the context of each named organisation from the
//! published data, the facts search filters on, and "schools like mine" from the families
//! of similar schools and similar trusts. Pages live in `pages/evidence/case_studies.rs`,
//! the JSON API in `api/case_studies.rs`.

use crate::access::RequestContext;
use crate::format::{percent, thousands};
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::Viewer;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::brokerage::{CollaborationId, CollaborationStatus, ImprovementArea};
use convene_domain::evidence::case_studies::{
    CaseStudy, CaseStudyDraft, CaseStudyFacts, CaseStudyFilter, CaseStudyForm, CaseStudyId,
    ChangeForm, Likeness, Source, StepRefused, WorkForm, MAX_CHANGES,
};
use convene_domain::organisation::{Phase, Status};
use convene_domain::partnerships::PartnershipId;
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::place::Region;
use convene_domain::placements::FieldProblems;
use convene_domain::{Date, GroupUid, Urn};
use convene_store::{CaseStudyReader, MAX_BROKERAGE_LISTED as MAX_LISTED};
use std::collections::BTreeMap;

/// The reader as the store's rule needs them.
pub(crate) fn reader(context: &RequestContext) -> CaseStudyReader {
    CaseStudyReader::of(&context.actor)
}

/// The case study numbered `id`, if the reader may see it.
pub(crate) async fn visible(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<CaseStudy, WebError> {
    let missing =
        || WebError::NotFound("There is no such case study, or you cannot see it.".into());
    let id = CaseStudyId(id.parse().map_err(|_| missing())?);
    let study = state
        .store()
        .case_study(&reader(context), id)
        .await?
        .ok_or_else(missing)?;
    if !study.may_read(&context.actor) {
        return Err(missing());
    }
    Ok(study)
}

/// A record an author may link, with what a new case study can take from it.
#[derive(Debug, Clone)]
pub(crate) struct Linkable {
    /// The record.
    pub source: Source,
    /// What it is, in words.
    pub label: String,
    /// The organisations in it, the owner included.
    pub organisations: Vec<NamedOrg>,
    /// Its area, when it has one of brokerage's.
    pub area: Option<ImprovementArea>,
    /// Its form.
    pub form: WorkForm,
    /// When it started.
    pub started: Option<Date>,
    /// When it ended, if it has.
    pub ended: Option<Date>,
}

/// The collaborations and partnerships the reader may see in which `owner` took part.
pub(crate) async fn linkable(
    state: &AppState,
    context: &RequestContext,
    owner: OrgRef,
) -> Result<Vec<Linkable>, WebError> {
    let scope = context.actor.read_scope();
    let mut out = Vec::new();
    for c in state
        .store()
        .collaborations(&scope, Some(owner), MAX_LISTED, 0)
        .await?
    {
        let ended = (c.status != CollaborationStatus::Active).then_some(c.end);
        out.push(Linkable {
            source: Source::Collaboration(c.id),
            label: format!(
                "Collaboration: {} helping {} with {} ({})",
                c.helper.name,
                c.helped.name,
                c.area.label().to_lowercase(),
                c.status.label().to_lowercase()
            ),
            organisations: vec![c.helper.clone(), c.helped.clone()],
            area: Some(c.area),
            form: WorkForm::Help(c.form),
            started: Some(c.start),
            ended,
        });
    }
    for summary in state
        .store()
        .partnerships(&scope, Some(owner), MAX_LISTED, 0)
        .await?
    {
        let p = &summary.partnership;
        let members = state
            .store()
            .partnership(&scope, p.id)
            .await?
            .map(|(_, members)| members)
            .unwrap_or_default();
        let joined: Vec<NamedOrg> = members
            .iter()
            .filter(|m| m.joined_at.is_some() && m.left_at.is_none())
            .map(|m| m.org.clone())
            .collect();
        if !joined.iter().any(|m| m.org == owner) {
            continue;
        }
        out.push(Linkable {
            source: Source::Partnership(p.id),
            label: format!("Partnership: {}", p.name),
            organisations: joined,
            area: None,
            form: WorkForm::Partnership,
            started: None,
            ended: None,
        });
    }
    Ok(out)
}

/// Problems with the records `draft` links: each must be one the reader may see and its
/// owner took part in. Nothing else is said about a record the reader may not see.
pub(crate) async fn check_sources(
    state: &AppState,
    context: &RequestContext,
    draft: &CaseStudyDraft,
) -> Result<FieldProblems, WebError> {
    let allowed = linkable(state, context, draft.owner).await?;
    Ok(draft
        .sources
        .iter()
        .filter(|s| !allowed.iter().any(|a| a.source == **s))
        .map(|s| {
            (
                "sources",
                format!(
                    "{s} is not a collaboration or partnership you can see that the writing organisation took part in"
                ),
            )
        })
        .collect())
}

/// A new case study's form filled in from a record: its organisations, area, form and
/// dates. `None` if the reader may not link it for `owner`.
pub(crate) async fn prefilled(
    state: &AppState,
    context: &RequestContext,
    owner: OrgRef,
    from: Source,
) -> Result<Option<CaseStudyForm>, WebError> {
    let found = linkable(state, context, owner)
        .await?
        .into_iter()
        .find(|l| l.source == from);
    Ok(found.map(|l| CaseStudyForm {
        owner: owner.key(),
        area: l.area.map(|a| a.key().to_string()).unwrap_or_default(),
        form: l.form.key().into(),
        started: l.started.map(|d| d.to_string()).unwrap_or_default(),
        ended: l.ended.map(|d| d.to_string()).unwrap_or_default(),
        organisations: l
            .organisations
            .iter()
            .filter(|o| o.org != owner)
            .map(|o| o.org.key())
            .collect(),
        sources: vec![l.source.key()],
        ..CaseStudyForm::default()
    }))
}

/// The case-study form from a posted form: the measured changes in numbered rows
/// (`change_1_measure`...), the named organisations as keys separated by spaces, commas
/// or lines, and the linked records as ticked boxes.
pub(crate) fn form_from(get: impl Fn(&str) -> String, sources: Vec<String>) -> CaseStudyForm {
    let changes = (1..=MAX_CHANGES)
        .map(|n| ChangeForm {
            measure: get(&format!("change_{n}_measure")),
            before: get(&format!("change_{n}_before")),
            after: get(&format!("change_{n}_after")),
            from: get(&format!("change_{n}_from")),
            to: get(&format!("change_{n}_to")),
        })
        .collect();
    CaseStudyForm {
        owner: get("owner"),
        title: get("title"),
        summary: get("summary"),
        area: get("area"),
        form: get("form"),
        context: get("context"),
        challenge: get("challenge"),
        what_was_done: get("what_was_done"),
        who: get("who"),
        what_changed: get("what_changed"),
        changes,
        lessons: get("lessons"),
        contacts: get("contacts"),
        started: get("started"),
        ended: get("ended"),
        organisations: get("organisations")
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .collect(),
        sources,
    }
}

/// Whether `viewer` acts for the case study's owner (and so may change it).
pub(crate) fn owns(viewer: Option<&Viewer>, study: &CaseStudy) -> bool {
    viewer.is_some_and(|v| v.belongs_to(study.draft.owner) || study.author == Some(v.id))
}

/// The regions and phases of the organisations a case study names, from the data.
pub(crate) fn facts(analysis: &SystemAnalysis, study: &CaseStudy) -> CaseStudyFacts {
    let mut facts = CaseStudyFacts::default();
    for org in study.draft.named() {
        let schools: Vec<Urn> = match org {
            OrgRef::School(urn) => vec![urn],
            OrgRef::Trust(uid) => analysis.open_members(uid).to_vec(),
            OrgRef::Partner(_) => Vec::new(),
        };
        for school in schools.iter().filter_map(|urn| analysis.school(*urn)) {
            facts.regions.extend(school.region);
            facts.phases.insert(school.phase);
        }
    }
    facts
}

/// The search a list of case studies asks for (`area`, `form`, `region`, `phase`, `q`,
/// and `like`: a school's URN or a trust's Group UID).
pub(crate) fn filter_from(
    params: &Params,
    analysis: &SystemAnalysis,
) -> Result<CaseStudyFilter, WebError> {
    let area = match params.get("area") {
        None => None,
        Some(key) => Some(ImprovementArea::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!("\"{key}\" is not an improvement area."))
        })?),
    };
    let form = match params.get("form") {
        None => None,
        Some(key) => Some(
            WorkForm::from_key(key)
                .ok_or_else(|| WebError::BadRequest(format!("\"{key}\" is not a form of work.")))?,
        ),
    };
    let phase = match params.get("phase") {
        None => None,
        Some(key) => Some(Phase::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{key}\" is not a phase; use one of {}.",
                Phase::ALL.map(Phase::key).join(", ")
            ))
        })?),
    };
    let like = match params.get("like") {
        None => None,
        Some(key) => Some(likeness(analysis, key)?),
    };
    Ok(CaseStudyFilter {
        area,
        form,
        region: params.region()?,
        phase,
        words: CaseStudyFilter::words_of(params.text("q").unwrap_or_default()),
        like,
    })
}

/// "Schools like mine": for a school (`school-100000` or its URN), itself and its family
/// of similar schools; for a trust (`trust-17101`), itself and its similar trusts.
pub(crate) fn likeness(analysis: &SystemAnalysis, key: &str) -> Result<Likeness, WebError> {
    let key = key.trim();
    let org = OrgRef::parse(key)
        .or_else(|| key.parse::<i64>().ok().map(|n| OrgRef::School(Urn(n))))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "like must name a school (its URN, or school-URN) or a trust (trust-Group UID), not \"{}\".",
                key.chars().take(40).collect::<String>()
            ))
        })?;
    let mut members = BTreeMap::new();
    match org {
        OrgRef::School(urn) => {
            let school = analysis.school(urn).ok_or_else(|| {
                WebError::NotFound(format!("There is no school with URN {}.", urn.0))
            })?;
            members.insert(org, "the school itself".to_string());
            if let Some(family) = analysis.family(urn) {
                for n in &family.neighbours {
                    members.insert(
                        OrgRef::School(n.urn),
                        format!("in the family of similar schools of {}", school.name),
                    );
                }
            }
            if let Some(uid) = analysis.trust_of(urn) {
                members.insert(
                    OrgRef::Trust(uid),
                    format!("the trust {} belongs to", school.name),
                );
            }
            Ok(Likeness {
                of: school.name.clone(),
                members,
            })
        }
        OrgRef::Trust(uid) => {
            let name = analysis
                .group_name(uid)
                .ok_or_else(|| WebError::NotFound(format!("There is no trust with Group UID {}.", uid.0)))?
                .to_string();
            members.insert(org, "the trust itself".to_string());
            if let Some(family) = analysis.similar_trusts(uid) {
                for n in &family.neighbours {
                    members.insert(
                        OrgRef::Trust(n.uid),
                        format!("one of the trusts most similar to {name}"),
                    );
                }
            }
            Ok(Likeness { of: name, members })
        }
        OrgRef::Partner(_) => Err(WebError::BadRequest(
            "like must name a school or a trust: partner organisations have no similar organisations in the data.".into(),
        )),
    }
}

/// A named organisation's context from the published data, in plain words, each figure
/// with where it comes from; the page's foot names each source file and its date.
pub(crate) fn context_lines(analysis: &SystemAnalysis, org: OrgRef) -> Vec<String> {
    match org {
        OrgRef::School(urn) => {
            let Some(s) = analysis.school(urn) else {
                return vec!["Not in the published data.".into()];
            };
            let mut lines = vec![format!(
                "{} school{}{}",
                s.phase.label(),
                s.la_name
                    .as_deref()
                    .map(|la| format!(" in {la}"))
                    .unwrap_or_default(),
                s.region
                    .map(|r| format!(", {}", r.name()))
                    .unwrap_or_default()
            )];
            lines.push(format!(
                "Pupils: {} (school census, via GIAS)",
                s.pupils.map_or_else(|| "not published".into(), thousands)
            ));
            lines.push(format!(
                "Eligible for free school meals: {} (school census, via GIAS)",
                s.fsm_percent
                    .map_or_else(|| "not published".into(), percent)
            ));
            if let Some(ur) = &s.urban_rural {
                lines.push(format!("Urban or rural: {ur} (GIAS)"));
            }
            let ofsted = s.ofsted.as_ref().and_then(|o| {
                let date = o.inspection_date?;
                Some(match o.overall {
                    Some(j) => format!(
                        "Ofsted: {} at its inspection of {} (Ofsted)",
                        j.label(),
                        date.long()
                    ),
                    None => format!(
                        "Ofsted: inspected {}, with no overall grade (Ofsted)",
                        date.long()
                    ),
                })
            });
            lines.push(ofsted.unwrap_or_else(|| "Ofsted: not published".into()));
            if s.status == Status::Closed {
                lines.push("Now closed".into());
            }
            lines
        }
        OrgRef::Trust(uid) => trust_lines(analysis, uid),
        OrgRef::Partner(_) => vec!["A partner organisation: it is not in the school data.".into()],
    }
}

fn trust_lines(analysis: &SystemAnalysis, uid: GroupUid) -> Vec<String> {
    let members = analysis.open_members(uid);
    if analysis.group_name(uid).is_none() {
        return vec!["Not in the published data.".into()];
    }
    let schools: Vec<_> = members.iter().filter_map(|u| analysis.school(*u)).collect();
    let pupils: i64 = schools.iter().filter_map(|s| s.pupils).sum();
    let mut regions: Vec<&str> = schools
        .iter()
        .filter_map(|s| s.region.map(Region::name))
        .collect();
    regions.sort_unstable();
    regions.dedup();
    let mut phases: Vec<&str> = schools.iter().map(|s| s.phase.label()).collect();
    phases.sort_unstable();
    phases.dedup();
    vec![
        format!("{} open schools (GIAS)", schools.len()),
        format!(
            "Pupils: {} (school census, via GIAS)",
            if schools.is_empty() {
                "not published".to_string()
            } else {
                thousands(pupils)
            }
        ),
        format!(
            "Phases: {}",
            if phases.is_empty() {
                "not published".to_string()
            } else {
                phases.join(", ")
            }
        ),
        format!(
            "Regions: {}",
            if regions.is_empty() {
                "not published".to_string()
            } else {
                regions.join(", ")
            }
        ),
    ]
}

/// The records a case study links that the reader may see, with their words; the others
/// are left out without a word, as if they were not there.
pub(crate) async fn linked_visible(
    state: &AppState,
    context: &RequestContext,
    study: &CaseStudy,
) -> Result<Vec<(Source, String)>, WebError> {
    let scope = context.actor.read_scope();
    let mut out = Vec::new();
    for source in &study.draft.sources {
        match source {
            Source::Collaboration(id) => {
                if let Some(c) = state
                    .store()
                    .collaboration(&scope, CollaborationId(id.0))
                    .await?
                {
                    out.push((
                        *source,
                        format!("Collaboration: {} helping {}", c.helper.name, c.helped.name),
                    ));
                }
            }
            Source::Partnership(id) => {
                if let Some((p, _)) = state
                    .store()
                    .partnership(&scope, PartnershipId(id.0))
                    .await?
                {
                    out.push((*source, format!("Partnership: {}", p.name)));
                }
            }
        }
    }
    Ok(out)
}

/// Longest note a convener returns a case study with.
pub(crate) const MAX_NOTE: usize = 2_000;

/// A convener's note when returning a case study: required, so its authors know why.
pub(crate) fn return_note(text: &str) -> Result<String, String> {
    let note = text.trim().replace("\r\n", "\n");
    if note.is_empty() {
        return Err("Say why you are returning it, so its authors know what to change".into());
    }
    if note.chars().count() > MAX_NOTE {
        return Err(format!("The note must be {MAX_NOTE} characters or fewer"));
    }
    Ok(note)
}

/// Which named organisation a consent answer is for: the one asked for, or, when none is
/// given, the first named organisation the person acts for. Someone acting for none of
/// them is refused, so an answer can only ever be given by a named organisation's people.
pub(crate) fn answering_for(
    study: &CaseStudy,
    viewer: Option<&Viewer>,
    asked: &str,
) -> Result<OrgRef, WebError> {
    let refused = || WebError::Forbidden(StepRefused::NotNamed.message());
    let asked = asked.trim();
    if !asked.is_empty() {
        return OrgRef::parse(asked).ok_or_else(refused);
    }
    let viewer = viewer.ok_or_else(refused)?;
    study
        .consents
        .iter()
        .map(|c| c.organisation.org)
        .find(|org| viewer.belongs_to(*org))
        .ok_or_else(refused)
}
