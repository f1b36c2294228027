//! A call for input: a consultation, a call for evidence, an expert group or a roundtable,
//! opened by a convener for an organisation, with its questions, its closing date, how the
//! responses will be used, the area whose voices it wants, and who may read the responses.
//! Responses come from organisations: structured answers and free text, or, for a group,
//! a nomination of a person with a statement. Nothing partial is written and a closed
//! call refuses responses.

use crate::access::Viewer;
use crate::account::PersonId;
use crate::party::{NamedOrg, OrgRef};
use crate::place::Region;
use crate::placements::fields::{line, org, passage};
use crate::placements::FieldProblems;
use crate::Date;
use serde::{Deserialize, Serialize};

/// Longest title.
pub const MAX_TITLE: usize = 200;
/// Longest description, or "how the responses will be used".
pub const MAX_TEXT: usize = 5_000;
/// Most questions one call asks.
pub const MAX_QUESTIONS: usize = 20;
/// Longest question.
pub const MAX_QUESTION: usize = 500;
/// Longest answer to one question.
pub const MAX_ANSWER: usize = 5_000;
/// Longest nominee's statement.
pub const MAX_STATEMENT: usize = 2_000;

/// A call's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CallId(pub i64);

/// A response's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ResponseId(pub i64);

/// The four kinds of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum CallKind {
    /// Questions to answer.
    Consultation,
    /// Evidence to send.
    CallForEvidence,
    /// People to put forward for an expert group.
    ExpertGroup,
    /// People to put forward for a roundtable.
    Roundtable,
}

impl CallKind {
    /// Every kind.
    pub const ALL: [CallKind; 4] = [
        CallKind::Consultation,
        CallKind::CallForEvidence,
        CallKind::ExpertGroup,
        CallKind::Roundtable,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            CallKind::Consultation => "consultation",
            CallKind::CallForEvidence => "call-for-evidence",
            CallKind::ExpertGroup => "expert-group",
            CallKind::Roundtable => "roundtable",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<CallKind> {
        CallKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            CallKind::Consultation => "Consultation",
            CallKind::CallForEvidence => "Call for evidence",
            CallKind::ExpertGroup => "Expert group",
            CallKind::Roundtable => "Roundtable",
        }
    }

    /// Whether responses put people forward (a group) rather than answer questions.
    pub fn seats_people(self) -> bool {
        matches!(self, CallKind::ExpertGroup | CallKind::Roundtable)
    }
}

/// Who may read the responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ResponseVisibility {
    /// Anyone may read every response and who gave it.
    Public,
    /// The convener reads responses with who gave them; no one else reads them (each
    /// respondent reads its own).
    AttributedInside,
    /// The convener reads responses without who gave them; Convene keeps who responded
    /// apart from what was said, so no page, download or answer joins the two.
    Anonymous,
}

impl ResponseVisibility {
    /// Every level.
    pub const ALL: [ResponseVisibility; 3] = [
        ResponseVisibility::Public,
        ResponseVisibility::AttributedInside,
        ResponseVisibility::Anonymous,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ResponseVisibility::Public => "public",
            ResponseVisibility::AttributedInside => "attributed-inside",
            ResponseVisibility::Anonymous => "anonymous",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<ResponseVisibility> {
        ResponseVisibility::ALL
            .into_iter()
            .find(|v| v.key() == key.trim())
    }

    /// What it means, for the form and the call's page.
    pub fn describe(self) -> &'static str {
        match self {
            ResponseVisibility::Public => "Responses are public, with who gave them",
            ResponseVisibility::AttributedInside => {
                "Responses are read by the convener, with who gave them; they are not published"
            }
            ResponseVisibility::Anonymous => {
                "Responses are anonymous: the convener reads what was said, never who said it"
            }
        }
    }
}

/// A call as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallForm {
    /// The convening organisation, one the writer acts for.
    #[serde(default)]
    pub convener: String,
    /// `consultation`, `call-for-evidence`, `expert-group` or `roundtable`.
    #[serde(default)]
    pub kind: String,
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// What it is about.
    #[serde(default)]
    pub description: String,
    /// How the responses will be used.
    #[serde(default)]
    pub how_used: String,
    /// The questions, one per entry (for a group: what to say about the person).
    #[serde(default)]
    pub questions: Vec<String>,
    /// The last day to respond, yyyy-mm-dd.
    #[serde(default)]
    pub closes_on: String,
    /// `public`, `attributed-inside` or `anonymous`.
    #[serde(default)]
    pub visibility: String,
    /// The regions whose voices it wants, by slug; none for all of England.
    #[serde(default)]
    pub regions: Vec<String>,
}

/// A call that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallDraft {
    /// The convening organisation.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub convener: OrgRef,
    /// Its kind.
    pub kind: CallKind,
    /// Its title.
    pub title: String,
    /// What it is about.
    pub description: String,
    /// How the responses will be used.
    pub how_used: String,
    /// The questions.
    pub questions: Vec<String>,
    /// The last day to respond.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closes_on: Date,
    /// Who may read the responses.
    pub visibility: ResponseVisibility,
    /// The regions whose voices it wants (empty: all of England).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub regions: Vec<Region>,
}

impl CallDraft {
    /// Checks every field at once; `today` bounds the closing date.
    pub fn check(form: &CallForm, today: Date) -> Result<CallDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let convener = org(
            &mut problems,
            "convener",
            &form.convener,
            "Choose the organisation convening it",
        );
        let kind = CallKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push((
                "kind",
                "Choose a consultation, a call for evidence, an expert group or a roundtable"
                    .into(),
            ));
        }
        let title = line(
            &mut problems,
            "title",
            &form.title,
            "Enter a title",
            "The title",
            MAX_TITLE,
        );
        let description = passage(
            &mut problems,
            "description",
            &form.description,
            "Say what it is about",
            "The description",
            MAX_TEXT,
        );
        let how_used = passage(
            &mut problems,
            "how_used",
            &form.how_used,
            "Say how the responses will be used",
            "How the responses will be used",
            MAX_TEXT,
        );
        let questions: Vec<String> = form
            .questions
            .iter()
            .map(|q| crate::account::tidy(q))
            .filter(|q| !q.is_empty())
            .collect();
        if questions.is_empty() {
            problems.push(("questions", "Ask at least one question".into()));
        } else if questions.len() > MAX_QUESTIONS {
            problems.push((
                "questions",
                format!("Ask at most {MAX_QUESTIONS} questions"),
            ));
        } else if questions.iter().any(|q| q.chars().count() > MAX_QUESTION) {
            problems.push((
                "questions",
                format!("Each question must be {MAX_QUESTION} characters or fewer"),
            ));
        }
        let closes_on = match Date::parse(&form.closes_on) {
            None if form.closes_on.trim().is_empty() => {
                problems.push(("closes_on", "Enter the closing date".into()));
                None
            }
            None => {
                problems.push((
                    "closes_on",
                    "The closing date must be a real date, like 2027-01-31".into(),
                ));
                None
            }
            Some(d) if d < today => {
                problems.push((
                    "closes_on",
                    "The closing date must be today or later".into(),
                ));
                None
            }
            Some(d) => Some(d),
        };
        let visibility = ResponseVisibility::from_key(&form.visibility);
        if visibility.is_none() {
            problems.push(("visibility", "Choose who may read the responses".into()));
        }
        if let (Some(k), Some(ResponseVisibility::Anonymous)) = (kind, visibility) {
            if k.seats_people() {
                problems.push((
                    "visibility",
                    "Putting people forward names them, so a group's call cannot be anonymous"
                        .into(),
                ));
            }
        }
        let mut regions = Vec::new();
        for slug in form.regions.iter().filter(|r| !r.trim().is_empty()) {
            match Region::ALL.into_iter().find(|r| r.slug() == slug.trim()) {
                Some(r) if !regions.contains(&r) => regions.push(r),
                Some(_) => {}
                None => problems.push((
                    "regions",
                    format!(
                        "\"{}\" is not a region",
                        slug.trim().chars().take(40).collect::<String>()
                    ),
                )),
            }
        }
        match (convener, kind, closes_on, visibility) {
            (Some(convener), Some(kind), Some(closes_on), Some(visibility))
                if problems.is_empty() =>
            {
                Ok(CallDraft {
                    convener,
                    kind,
                    title,
                    description,
                    how_used,
                    questions,
                    closes_on,
                    visibility,
                    regions,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A call as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Call {
    /// Number.
    pub id: CallId,
    /// What it says.
    #[serde(flatten)]
    pub draft: CallDraft,
    /// The convening organisation's name.
    pub convener_name: String,
    /// The day it opened.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub opened_on: Date,
    /// When the convener closed it early, if they did.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub closed_on: Option<Date>,
}

impl Call {
    /// Whether it takes responses on `today`.
    pub fn is_open(&self, today: Date) -> bool {
        self.closed_on.is_none() && today <= self.draft.closes_on
    }

    /// Whether `viewer` convenes it (acts for its convening organisation).
    pub fn is_convener(&self, viewer: Option<&Viewer>) -> bool {
        viewer.is_some_and(|v| v.belongs_to(self.draft.convener))
    }

    /// Whether `viewer` may read other organisations' responses, and whether with who
    /// gave them: (may read, attributed).
    pub fn reads_responses(&self, viewer: Option<&Viewer>) -> (bool, bool) {
        match self.draft.visibility {
            ResponseVisibility::Public => (true, true),
            ResponseVisibility::AttributedInside => {
                let convener = self.is_convener(viewer);
                (convener, convener)
            }
            ResponseVisibility::Anonymous => (self.is_convener(viewer), false),
        }
    }
}

/// A response as typed: for a question call, one answer per question (in order) and
/// free text; for a group, the person put forward and their statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseForm {
    /// The organisation responding, one the writer acts for.
    #[serde(default)]
    pub org: String,
    /// One answer per question, in order (blank for a question left out).
    #[serde(default)]
    pub answers: Vec<String>,
    /// Anything else to say.
    #[serde(default)]
    pub comments: String,
    /// For a group: the person put forward, by name.
    #[serde(default)]
    pub nominee_name: String,
    /// For a group: their role.
    #[serde(default)]
    pub nominee_role: String,
    /// For a group: why them.
    #[serde(default)]
    pub statement: String,
}

/// A response that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseDraft {
    /// The organisation responding.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub org: OrgRef,
    /// One answer per question, in order.
    pub answers: Vec<String>,
    /// Anything else.
    pub comments: String,
    /// For a group: the person put forward, their role and why them.
    pub nominee: Option<Nomination>,
}

/// A person put forward for a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nomination {
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: String,
    /// Why them.
    pub statement: String,
}

impl ResponseDraft {
    /// Checks a response to `call` whole: something said, nothing too long, and for a
    /// group a person with a statement.
    pub fn check(form: &ResponseForm, call: &Call) -> Result<ResponseDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let org = org(
            &mut problems,
            "org",
            &form.org,
            "Choose the organisation responding",
        );
        let questions = call.draft.questions.len();
        if form.answers.len() > questions {
            problems.push((
                "answers",
                format!(
                    "The call asks {questions} questions, not {}",
                    form.answers.len()
                ),
            ));
        }
        let mut answers: Vec<String> = form
            .answers
            .iter()
            .take(questions)
            .map(|a| a.trim().replace("\r\n", "\n"))
            .collect();
        answers.resize(questions, String::new());
        if answers.iter().any(|a| a.chars().count() > MAX_ANSWER) {
            problems.push((
                "answers",
                format!("Each answer must be {MAX_ANSWER} characters or fewer"),
            ));
        }
        let comments = form.comments.trim().replace("\r\n", "\n");
        if comments.chars().count() > MAX_ANSWER {
            problems.push((
                "comments",
                format!("Comments must be {MAX_ANSWER} characters or fewer"),
            ));
        }
        let nominee = if call.draft.kind.seats_people() {
            let name = line(
                &mut problems,
                "nominee_name",
                &form.nominee_name,
                "Enter the name of the person you are putting forward",
                "The name",
                200,
            );
            let role = line(
                &mut problems,
                "nominee_role",
                &form.nominee_role,
                "Enter their role",
                "The role",
                200,
            );
            let statement = passage(
                &mut problems,
                "statement",
                &form.statement,
                "Say why they should be chosen",
                "The statement",
                MAX_STATEMENT,
            );
            Some(Nomination {
                name,
                role,
                statement,
            })
        } else {
            if answers.iter().all(String::is_empty) && comments.is_empty() {
                problems.push(("answers", "Answer at least one question".into()));
            }
            None
        };
        match org {
            Some(org) if problems.is_empty() => Ok(ResponseDraft {
                org,
                answers,
                comments,
                nominee,
            }),
            _ => Err(problems),
        }
    }
}

/// A response as a reader may see it: the organisation only when the call lets them
/// see who gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Response {
    /// Number; absent for an anonymous call's responses, so the order they came in
    /// cannot be read from it.
    pub id: Option<ResponseId>,
    /// What a submission quotes it by: its number, or for an anonymous response a code
    /// made from its words.
    pub reference: String,
    /// Who gave it, when the reader may know.
    pub org: Option<NamedOrg>,
    /// The answers, one per question.
    pub answers: Vec<String>,
    /// Anything else.
    pub comments: String,
    /// For a group: the person put forward.
    pub nominee: Option<Nomination>,
    /// For a group: whether the convener chose them.
    pub chosen: bool,
    /// Who wrote it (never shown; for the writer's own edits).
    #[serde(skip)]
    pub written_by: Option<PersonId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrgRole;
    use crate::ids::GroupUid;

    const CONVENER: OrgRef = OrgRef::Trust(GroupUid(17101));

    fn today() -> Date {
        Date::new(2026, 12, 4).unwrap()
    }

    fn form(kind: &str, visibility: &str) -> CallForm {
        CallForm {
            convener: CONVENER.key(),
            kind: kind.into(),
            title: "Attendance after the pandemic".into(),
            description: "What works".into(),
            how_used: "A submission to the DfE".into(),
            questions: vec!["What works?".into(), " ".into(), "What does not?".into()],
            closes_on: "2027-01-31".into(),
            visibility: visibility.into(),
            regions: vec!["north-east".into(), "north-east".into()],
        }
    }

    fn call(kind: &str, visibility: &str) -> Call {
        Call {
            id: CallId(1),
            draft: CallDraft::check(&form(kind, visibility), today()).unwrap(),
            convener_name: "5 Dimensions Trust".into(),
            opened_on: today(),
            closed_on: None,
        }
    }

    #[test]
    fn a_good_call_keeps_its_questions_and_regions_once() {
        let draft = CallDraft::check(&form("consultation", "public"), today()).unwrap();
        assert_eq!(draft.questions, ["What works?", "What does not?"]);
        assert_eq!(draft.regions, [Region::NorthEast]);
    }

    #[test]
    fn every_problem_is_listed_at_once_and_a_past_close_is_refused() {
        let problems = CallDraft::check(&CallForm::default(), today()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "convener",
                "kind",
                "title",
                "description",
                "how_used",
                "questions",
                "closes_on",
                "visibility"
            ]
        );
        let mut f = form("consultation", "public");
        f.closes_on = "2026-12-03".into();
        f.regions = vec!["atlantis".into()];
        let problems = CallDraft::check(&f, today()).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn a_group_cannot_be_anonymous() {
        let problems = CallDraft::check(&form("expert-group", "anonymous"), today()).unwrap_err();
        assert!(problems[0].1.contains("cannot be anonymous"));
        assert!(CallDraft::check(&form("consultation", "anonymous"), today()).is_ok());
    }

    #[test]
    fn a_response_answers_in_order_and_a_group_needs_a_person() {
        let c = call("consultation", "public");
        let r = ResponseDraft::check(
            &ResponseForm {
                org: "trust-900001".into(),
                answers: vec!["Families first".into()],
                ..ResponseForm::default()
            },
            &c,
        )
        .unwrap();
        assert_eq!(r.answers, ["Families first", ""]);
        let too_many = ResponseDraft::check(
            &ResponseForm {
                org: "trust-900001".into(),
                answers: vec!["a".into(), "b".into(), "c".into()],
                ..ResponseForm::default()
            },
            &c,
        )
        .unwrap_err();
        assert!(too_many[0].1.contains("asks 2 questions"));
        let empty = ResponseDraft::check(
            &ResponseForm {
                org: "trust-900001".into(),
                ..ResponseForm::default()
            },
            &c,
        )
        .unwrap_err();
        assert_eq!(empty[0].0, "answers");
        let group = call("expert-group", "public");
        let problems = ResponseDraft::check(
            &ResponseForm {
                org: "trust-900001".into(),
                ..ResponseForm::default()
            },
            &group,
        )
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["nominee_name", "nominee_role", "statement"]);
    }

    #[test]
    fn who_reads_responses_follows_the_call_s_rule() {
        let convener = Viewer {
            organisations: [(CONVENER, OrgRole::Member)].into(),
            ..Viewer::default()
        };
        let other = Viewer::default();
        assert_eq!(
            call("consultation", "public").reads_responses(None),
            (true, true)
        );
        let inside = call("consultation", "attributed-inside");
        assert_eq!(inside.reads_responses(Some(&convener)), (true, true));
        assert_eq!(inside.reads_responses(Some(&other)), (false, false));
        let anonymous = call("consultation", "anonymous");
        assert_eq!(anonymous.reads_responses(Some(&convener)), (true, false));
        assert_eq!(anonymous.reads_responses(None), (false, false));
    }

    #[test]
    fn a_call_closes_after_its_day_or_when_closed() {
        let mut c = call("consultation", "public");
        assert!(c.is_open(Date::new(2027, 1, 31).unwrap()));
        assert!(!c.is_open(Date::new(2027, 2, 1).unwrap()));
        c.closed_on = Some(today());
        assert!(!c.is_open(today()));
    }
}
