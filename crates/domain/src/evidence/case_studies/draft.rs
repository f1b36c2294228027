//! The write-up itself: the parts a reader needs to judge whether the work would travel to
//! their own schools, each checked with a message that names the field.

use crate::brokerage::{CollaborationId, HelpForm, ImprovementArea};
use crate::partnerships::PartnershipId;
use crate::party::OrgRef;
use crate::placements::fields::{date, line, passage};
use crate::placements::FieldProblems;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Longest title.
pub const MAX_TITLE: usize = 150;
/// Longest summary: a sentence or two for lists.
pub const MAX_SUMMARY: usize = 600;
/// Longest passage (the challenge, what was done, lessons...).
pub const MAX_PASSAGE: usize = 10_000;
/// Longest measure, before or after figure, and contact line.
pub const MAX_LINE: usize = 300;
/// Most measured changes one case study records.
pub const MAX_CHANGES: usize = 10;
/// Most records one case study links to.
pub const MAX_SOURCES: usize = 20;
/// Most organisations one case study names.
pub const MAX_ORGANISATIONS: usize = 30;

/// The form the work took: one of brokerage's forms of help, or a partnership around a
/// shared issue, so case studies are found by the same words as the records they describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkForm {
    /// One organisation helping another, in one of the forms brokerage knows.
    Help(HelpForm),
    /// A partnership of several organisations around a shared issue.
    Partnership,
}

impl WorkForm {
    /// Every form, in the order forms list them.
    pub fn all() -> Vec<WorkForm> {
        let mut all: Vec<WorkForm> = HelpForm::ALL.into_iter().map(WorkForm::Help).collect();
        all.push(WorkForm::Partnership);
        all
    }

    /// Stable key (brokerage's key for a form of help, `partnership` otherwise).
    pub fn key(self) -> &'static str {
        match self {
            WorkForm::Help(form) => form.key(),
            WorkForm::Partnership => "partnership",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<WorkForm> {
        let key = key.trim();
        WorkForm::all().into_iter().find(|f| f.key() == key)
    }

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            WorkForm::Help(form) => form.label(),
            WorkForm::Partnership => "Partnership around a shared issue",
        }
    }
}

impl Serialize for WorkForm {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for WorkForm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        WorkForm::from_key(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a form of work: {text}")))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for WorkForm {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let keys: Vec<&'static str> = WorkForm::all().into_iter().map(WorkForm::key).collect();
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(keys))
            .description(Some("The form the work took"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for WorkForm {}

/// A record a case study describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A brokerage collaboration.
    Collaboration(CollaborationId),
    /// A partnership.
    Partnership(PartnershipId),
}

impl Source {
    /// Stable key: `collaboration-12`, `partnership-3`.
    pub fn key(self) -> String {
        match self {
            Source::Collaboration(id) => format!("collaboration-{}", id.0),
            Source::Partnership(id) => format!("partnership-{}", id.0),
        }
    }

    /// Reads a key.
    pub fn parse(key: &str) -> Option<Source> {
        let key = key.trim();
        let number = |rest: &str| rest.parse::<i64>().ok().filter(|n| *n > 0);
        if let Some(rest) = key.strip_prefix("collaboration-") {
            return number(rest).map(|n| Source::Collaboration(CollaborationId(n)));
        }
        key.strip_prefix("partnership-")
            .and_then(number)
            .map(|n| Source::Partnership(PartnershipId(n)))
    }

    /// The record's page.
    pub fn page_path(self) -> String {
        match self {
            Source::Collaboration(id) => format!("/collaborations/{}", id.0),
            Source::Partnership(id) => format!("/partnerships/{}", id.0),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Source::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a record: {text}")))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Source {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^(collaboration|partnership)-[1-9][0-9]*$"))
            .description(Some(
                "A record the case study describes: collaboration-{id} or partnership-{id}",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Source {}

/// One thing that changed, with its measure and when: "children reading at the expected
/// standard, 61% to 74%, July 2024 to July 2026".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeMeasure {
    /// What was measured.
    pub measure: String,
    /// The figure at the start, as the authors give it (blank if there was none).
    pub before: String,
    /// The figure at the end.
    pub after: String,
    /// When the first figure was taken.
    pub from: Date,
    /// When the last figure was taken.
    pub to: Date,
}

/// One measured change as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeForm {
    /// What was measured.
    #[serde(default)]
    pub measure: String,
    /// The figure at the start.
    #[serde(default)]
    pub before: String,
    /// The figure at the end.
    #[serde(default)]
    pub after: String,
    /// yyyy-mm-dd.
    #[serde(default)]
    pub from: String,
    /// yyyy-mm-dd.
    #[serde(default)]
    pub to: String,
}

impl ChangeForm {
    fn is_blank(&self) -> bool {
        [
            &self.measure,
            &self.before,
            &self.after,
            &self.from,
            &self.to,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

/// A case study as typed (a posted form or a JSON body).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStudyForm {
    /// The organisation writing it, by key (`trust-17101`, `school-100000`).
    #[serde(default)]
    pub owner: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// A sentence or two for lists.
    #[serde(default)]
    pub summary: String,
    /// Improvement area key.
    #[serde(default)]
    pub area: String,
    /// Form of work key.
    #[serde(default)]
    pub form: String,
    /// Anything the published figures do not say about the context.
    #[serde(default)]
    pub context: String,
    /// The challenge.
    #[serde(default)]
    pub challenge: String,
    /// What was done.
    #[serde(default)]
    pub what_was_done: String,
    /// Who did it (people and roles).
    #[serde(default)]
    pub who: String,
    /// What changed, in words.
    #[serde(default)]
    pub what_changed: String,
    /// The measured changes.
    #[serde(default)]
    pub changes: Vec<ChangeForm>,
    /// What others can take from it.
    #[serde(default)]
    pub lessons: String,
    /// Who to contact.
    #[serde(default)]
    pub contacts: String,
    /// When the work started, yyyy-mm-dd.
    #[serde(default)]
    pub started: String,
    /// When it ended, if it has.
    #[serde(default)]
    pub ended: String,
    /// The other organisations it names, by key.
    #[serde(default)]
    pub organisations: Vec<String>,
    /// The records it describes, by key.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A case study's content, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStudyDraft {
    /// The organisation writing it.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub owner: OrgRef,
    /// Title.
    pub title: String,
    /// A sentence or two for lists.
    pub summary: String,
    /// Improvement area.
    pub area: ImprovementArea,
    /// The form the work took.
    pub form: WorkForm,
    /// Context the published figures do not give (may be blank).
    pub context: String,
    /// The challenge.
    pub challenge: String,
    /// What was done.
    pub what_was_done: String,
    /// Who did it.
    pub who: String,
    /// What changed, in words.
    pub what_changed: String,
    /// The measured changes.
    pub changes: Vec<ChangeMeasure>,
    /// What others can take from it.
    pub lessons: String,
    /// Who to contact.
    pub contacts: String,
    /// When the work started.
    pub started: Date,
    /// When it ended, if it has.
    pub ended: Option<Date>,
    /// The other organisations it names (never the owner).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub organisations: BTreeSet<OrgRef>,
    /// The records it describes.
    pub sources: BTreeSet<Source>,
}

impl CaseStudyDraft {
    /// Checks a form, returning every problem at once.
    pub fn check(form: &CaseStudyForm) -> Result<CaseStudyDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let owner = crate::placements::fields::org(
            &mut problems,
            "owner",
            &form.owner,
            "Choose the organisation writing the case study",
        );
        let title = line(
            &mut problems,
            "title",
            &form.title,
            "Enter a title",
            "The title",
            MAX_TITLE,
        );
        let summary = passage(
            &mut problems,
            "summary",
            &form.summary,
            "Enter a short summary",
            "The summary",
            MAX_SUMMARY,
        );
        let area = match ImprovementArea::from_key(&form.area) {
            Some(area) => Some(area),
            None => {
                problems.push(("area", "Choose the area the work was in".into()));
                None
            }
        };
        let work_form = match WorkForm::from_key(&form.form) {
            Some(f) => Some(f),
            None => {
                problems.push(("form", "Choose the form the work took".into()));
                None
            }
        };
        let context = optional_passage(&mut problems, "context", &form.context, "The context");
        let mut required = |field: &'static str, value: &str, missing: &str, label: &str| {
            passage(&mut problems, field, value, missing, label, MAX_PASSAGE)
        };
        let challenge = required(
            "challenge",
            &form.challenge,
            "Describe the challenge",
            "The challenge",
        );
        let what_was_done = required(
            "what_was_done",
            &form.what_was_done,
            "Describe what was done",
            "What was done",
        );
        let who = required("who", &form.who, "Say who did the work", "Who did it");
        let what_changed = required(
            "what_changed",
            &form.what_changed,
            "Describe what changed",
            "What changed",
        );
        let lessons = required(
            "lessons",
            &form.lessons,
            "Say what others can take from it",
            "What others can take from it",
        );
        let contacts = line(
            &mut problems,
            "contacts",
            &form.contacts,
            "Say who to contact, for example a role and an email address",
            "The contacts",
            MAX_LINE,
        );
        let changes = check_changes(&mut problems, &form.changes);
        let started = date(&mut problems, "started", &form.started, "start");
        let ended = if form.ended.trim().is_empty() {
            None
        } else {
            date(&mut problems, "ended", &form.ended, "end")
        };
        if let (Some(started), Some(ended)) = (started, ended) {
            if ended < started {
                problems.push((
                    "ended",
                    "The end date must be the same as or after the start date".into(),
                ));
            }
        }
        let organisations = check_organisations(&mut problems, &form.organisations, owner);
        let sources = check_sources(&mut problems, &form.sources);
        match (owner, area, work_form, started) {
            (Some(owner), Some(area), Some(form), Some(started)) if problems.is_empty() => {
                Ok(CaseStudyDraft {
                    owner,
                    title,
                    summary,
                    area,
                    form,
                    context,
                    challenge,
                    what_was_done,
                    who,
                    what_changed,
                    changes,
                    lessons,
                    contacts,
                    started,
                    ended,
                    organisations,
                    sources,
                })
            }
            _ => Err(problems),
        }
    }

    /// Every organisation the case study names, the owner first.
    pub fn named(&self) -> Vec<OrgRef> {
        let mut all = vec![self.owner];
        all.extend(self.organisations.iter().copied());
        all
    }

    /// The draft back as a form, for editing.
    pub fn to_form(&self) -> CaseStudyForm {
        CaseStudyForm {
            owner: self.owner.key(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            area: self.area.key().into(),
            form: self.form.key().into(),
            context: self.context.clone(),
            challenge: self.challenge.clone(),
            what_was_done: self.what_was_done.clone(),
            who: self.who.clone(),
            what_changed: self.what_changed.clone(),
            changes: self
                .changes
                .iter()
                .map(|c| ChangeForm {
                    measure: c.measure.clone(),
                    before: c.before.clone(),
                    after: c.after.clone(),
                    from: c.from.to_string(),
                    to: c.to.to_string(),
                })
                .collect(),
            lessons: self.lessons.clone(),
            contacts: self.contacts.clone(),
            started: self.started.to_string(),
            ended: self.ended.map(|d| d.to_string()).unwrap_or_default(),
            organisations: self.organisations.iter().map(|o| o.key()).collect(),
            sources: self.sources.iter().map(|s| s.key()).collect(),
        }
    }
}

fn optional_passage(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    label: &str,
) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if value.chars().count() > MAX_PASSAGE {
        problems.push((
            field,
            format!("{label} must be {MAX_PASSAGE} characters or fewer"),
        ));
    }
    value
}

fn check_changes(problems: &mut FieldProblems, changes: &[ChangeForm]) -> Vec<ChangeMeasure> {
    let typed: Vec<&ChangeForm> = changes.iter().filter(|c| !c.is_blank()).collect();
    if typed.len() > MAX_CHANGES {
        problems.push((
            "changes",
            format!("Record at most {MAX_CHANGES} measured changes"),
        ));
        return Vec::new();
    }
    let mut checked = Vec::new();
    for (i, change) in typed.into_iter().enumerate() {
        let n = i + 1;
        let mut mine = FieldProblems::new();
        let measure = line(
            &mut mine,
            "changes",
            &change.measure,
            &format!("Say what change {n} measured"),
            &format!("The measure of change {n}"),
            MAX_LINE,
        );
        let after = line(
            &mut mine,
            "changes",
            &change.after,
            &format!("Give the figure at the end of change {n}"),
            &format!("The end figure of change {n}"),
            MAX_LINE,
        );
        let before = crate::account::tidy(&change.before);
        if before.chars().count() > MAX_LINE {
            mine.push((
                "changes",
                format!("The start figure of change {n} must be {MAX_LINE} characters or fewer"),
            ));
        }
        let from = date(
            &mut mine,
            "changes",
            &change.from,
            &format!("change {n}'s first"),
        );
        let to = date(
            &mut mine,
            "changes",
            &change.to,
            &format!("change {n}'s last"),
        );
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                mine.push((
                    "changes",
                    format!("Change {n}'s last date must be on or after its first"),
                ));
            }
        }
        match (from, to) {
            (Some(from), Some(to)) if mine.is_empty() => checked.push(ChangeMeasure {
                measure,
                before,
                after,
                from,
                to,
            }),
            _ => problems.extend(mine),
        }
    }
    checked
}

fn check_organisations(
    problems: &mut FieldProblems,
    keys: &[String],
    owner: Option<OrgRef>,
) -> BTreeSet<OrgRef> {
    let mut named = BTreeSet::new();
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match OrgRef::parse(key) {
            Some(org) if Some(org) != owner => {
                named.insert(org);
            }
            Some(_) => {}
            None => problems.push(("organisations", OrgRef::unreadable(key))),
        }
    }
    if named.len() > MAX_ORGANISATIONS {
        problems.push((
            "organisations",
            format!("Name at most {MAX_ORGANISATIONS} other organisations"),
        ));
    }
    named
}

fn check_sources(problems: &mut FieldProblems, keys: &[String]) -> BTreeSet<Source> {
    let mut sources = BTreeSet::new();
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match Source::parse(key) {
            Some(source) => {
                sources.insert(source);
            }
            None => problems.push((
                "sources",
                format!(
                    "\"{}\" is not a record Convene knows; choose collaborations or partnerships from the list",
                    key.chars().take(60).collect::<String>()
                ),
            )),
        }
    }
    if sources.len() > MAX_SOURCES {
        problems.push(("sources", format!("Link at most {MAX_SOURCES} records")));
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn form() -> CaseStudyForm {
        CaseStudyForm {
            owner: "trust-17101".into(),
            title: " Reading   together ".into(),
            summary: "Two trusts lifted early reading.".into(),
            area: "early-reading".into(),
            form: "coaching".into(),
            challenge: "Phonics results had fallen.".into(),
            what_was_done: "Weekly coaching for reading leads.".into(),
            who: "Our English lead and theirs.".into(),
            what_changed: "More children read fluently.".into(),
            changes: vec![
                ChangeForm {
                    measure: "Phonics check pass rate".into(),
                    before: "61%".into(),
                    after: "74%".into(),
                    from: "2024-06-30".into(),
                    to: "2025-06-30".into(),
                },
                ChangeForm::default(),
            ],
            lessons: "Start with the reading leads.".into(),
            contacts: "Head of English, english@example.org".into(),
            started: "2024-09-01".into(),
            organisations: vec!["trust-900001".into(), "trust-17101".into(), " ".into()],
            sources: vec!["collaboration-4".into()],
            ..CaseStudyForm::default()
        }
    }

    #[test]
    fn a_whole_form_is_checked_and_tidied() {
        let draft = CaseStudyDraft::check(&form()).unwrap();
        assert_eq!(draft.title, "Reading together");
        assert_eq!(draft.form, WorkForm::Help(HelpForm::Coaching));
        assert_eq!(draft.changes.len(), 1, "blank rows are dropped");
        assert_eq!(
            draft
                .organisations
                .iter()
                .map(|o| o.key())
                .collect::<Vec<_>>(),
            ["trust-900001"],
            "the owner is not named twice"
        );
        assert_eq!(
            draft.sources.iter().copied().collect::<Vec<_>>(),
            [Source::Collaboration(CollaborationId(4))]
        );
        assert_eq!(CaseStudyDraft::check(&draft.to_form()).unwrap(), draft);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let mut bad = form();
        bad.title = "x".repeat(MAX_TITLE + 1);
        bad.area = "astrology".into();
        bad.form = String::new();
        bad.lessons = "  ".into();
        bad.changes[0].to = "2024-01-01".into();
        bad.started = "2025-13-01".into();
        bad.sources = vec!["note-3".into()];
        bad.organisations = vec!["nonsense".into()];
        let fields: Vec<&str> = CaseStudyDraft::check(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for field in [
            "title",
            "area",
            "form",
            "lessons",
            "changes",
            "started",
            "sources",
            "organisations",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }

    #[test]
    fn keys_read_back() {
        for form in WorkForm::all() {
            assert_eq!(WorkForm::from_key(form.key()), Some(form));
        }
        assert_eq!(
            Source::parse("partnership-7"),
            Some(Source::Partnership(PartnershipId(7)))
        );
        for bad in [
            "partnership-0",
            "partnership--1",
            "collaboration-",
            "note-1",
            "",
            "collaboration-99999999999999999999",
        ] {
            assert_eq!(Source::parse(bad), None, "{bad}");
        }
    }
}
