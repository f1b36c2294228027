//! Recognition: nominations and endorsements of people and organisations for their system
//! work, each tied to the evidence in Convene it rests on (case studies, collaborations,
//! reviews given). Recognition comes from others: no one recognises themselves or an
//! organisation they act for. Nothing is shown beyond its parties until the nominee
//! accepts, and a nominee can change their mind; a nominator can withdraw it.

use crate::access::Viewer;
use crate::account::PersonId;
use crate::brokerage::CollaborationId;
use crate::evidence::case_studies::CaseStudyId;
use crate::party::OrgRef;
use crate::peer_review::review::PeerReviewId;
use crate::placements::fields::{org, passage};
use crate::placements::FieldProblems;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Longest citation of a nomination, in characters.
pub const MAX_CITATION: usize = 2_000;
/// Longest statement of an endorsement, in characters.
pub const MAX_ENDORSEMENT: usize = 600;
/// Most records one recognition cites.
pub const MAX_EVIDENCE: usize = 10;

/// A recognition's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct RecognitionId(pub i64);

/// Who is recognised: a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Nominee {
    /// A person on Convene.
    Person(PersonId),
    /// A school, trust or partner.
    Organisation(OrgRef),
}

impl Nominee {
    /// What every key looks like, as a regular expression, for documents that describe
    /// keys to programs.
    pub const PATTERN: &'static str = "^(person|trust|school|partner)-[1-9][0-9]{0,17}$";

    /// Stable text form: `person-12`, or an organisation's key (`trust-17101`).
    pub fn key(self) -> String {
        match self {
            Nominee::Person(id) => format!("person-{}", id.0),
            Nominee::Organisation(org) => org.key(),
        }
    }

    /// Reads a key written by [`Nominee::key`].
    pub fn parse(key: &str) -> Option<Nominee> {
        let key = key.trim();
        if let Some(digits) = key.strip_prefix("person-") {
            let canonical = (1..=18).contains(&digits.len())
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit());
            return digits
                .parse()
                .ok()
                .filter(|_| canonical)
                .map(|n| Nominee::Person(PersonId(n)));
        }
        OrgRef::parse(key).map(Nominee::Organisation)
    }

    /// Its page on Convene.
    pub fn page_path(self) -> String {
        match self {
            Nominee::Person(id) => format!("/people/{}", id.0),
            Nominee::Organisation(org) => org.page_path(),
        }
    }
}

impl Serialize for Nominee {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// The two kinds of recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RecognitionKind {
    /// Putting them forward for their system leadership, with a citation.
    Nomination,
    /// A shorter statement backing their work.
    Endorsement,
}

impl RecognitionKind {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            RecognitionKind::Nomination => "nomination",
            RecognitionKind::Endorsement => "endorsement",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<RecognitionKind> {
        [RecognitionKind::Nomination, RecognitionKind::Endorsement]
            .into_iter()
            .find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            RecognitionKind::Nomination => "Nomination",
            RecognitionKind::Endorsement => "Endorsement",
        }
    }

    /// The kind with its article, for sentences: "a nomination", "an endorsement".
    pub fn with_article(self) -> &'static str {
        match self {
            RecognitionKind::Nomination => "a nomination",
            RecognitionKind::Endorsement => "an endorsement",
        }
    }

    /// The longest text it takes.
    pub fn max_text(self) -> usize {
        match self {
            RecognitionKind::Nomination => MAX_CITATION,
            RecognitionKind::Endorsement => MAX_ENDORSEMENT,
        }
    }
}

/// A record a recognition rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EvidenceRef {
    /// A case study naming the nominee (or its organisation).
    CaseStudy(CaseStudyId),
    /// A brokered collaboration the nominee (or its organisation) took part in.
    Collaboration(CollaborationId),
    /// A peer review the nominee gave, as a reviewer or the reviewers' organisation.
    ReviewGiven(PeerReviewId),
}

impl EvidenceRef {
    /// Stable text form: `case-study-3`, `collaboration-7`, `peer-review-2`.
    pub fn key(self) -> String {
        match self {
            EvidenceRef::CaseStudy(id) => format!("case-study-{}", id.0),
            EvidenceRef::Collaboration(id) => format!("collaboration-{}", id.0),
            EvidenceRef::ReviewGiven(id) => format!("peer-review-{}", id.0),
        }
    }

    /// Reads a key written by [`EvidenceRef::key`].
    pub fn parse(key: &str) -> Option<EvidenceRef> {
        let key = key.trim();
        let number = |digits: &str| -> Option<i64> {
            let canonical = (1..=18).contains(&digits.len())
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit());
            digits.parse().ok().filter(|_| canonical)
        };
        if let Some(d) = key.strip_prefix("case-study-") {
            return number(d).map(|n| EvidenceRef::CaseStudy(CaseStudyId(n)));
        }
        if let Some(d) = key.strip_prefix("collaboration-") {
            return number(d).map(|n| EvidenceRef::Collaboration(CollaborationId(n)));
        }
        if let Some(d) = key.strip_prefix("peer-review-") {
            return number(d).map(|n| EvidenceRef::ReviewGiven(PeerReviewId(n)));
        }
        None
    }

    /// Its page.
    pub fn page_path(self) -> String {
        match self {
            EvidenceRef::CaseStudy(id) => format!("/case-studies/{}", id.0),
            EvidenceRef::Collaboration(id) => format!("/collaborations/{}", id.0),
            EvidenceRef::ReviewGiven(id) => format!("/peer-reviews/{}", id.0),
        }
    }
}

impl Serialize for EvidenceRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

/// A recognition as typed (a posted form or a JSON body).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecognitionForm {
    /// Who is recognised: `person-12` or an organisation's key.
    #[serde(default)]
    pub nominee: String,
    /// `nomination` or `endorsement`.
    #[serde(default)]
    pub kind: String,
    /// The organisation giving it, one the writer acts for (`trust-900001`).
    #[serde(default)]
    pub from: String,
    /// What they did and why it deserves recognition.
    #[serde(default)]
    pub text: String,
    /// The records it rests on, by key (`case-study-3`, `collaboration-7`, `peer-review-2`).
    #[serde(default)]
    pub evidence: Vec<String>,
}

/// A recognition that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecognitionDraft {
    /// Who is recognised.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub nominee: Nominee,
    /// Which kind.
    pub kind: RecognitionKind,
    /// The organisation giving it.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: OrgRef,
    /// What they did.
    pub text: String,
    /// The records it rests on (at least one).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub evidence: BTreeSet<EvidenceRef>,
}

impl RecognitionDraft {
    /// Checks every field at once. Whether each record is one the writer may cite for this
    /// nominee is for the caller, which can see the records.
    pub fn check(form: &RecognitionForm) -> Result<RecognitionDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let nominee = if form.nominee.trim().is_empty() {
            problems.push(("nominee", "Choose who to recognise".into()));
            None
        } else {
            let nominee = Nominee::parse(&form.nominee);
            if nominee.is_none() {
                problems.push((
                    "nominee",
                    "Give a person (person- and their number) or an organisation (trust-, school- or partner- and its number)".into(),
                ));
            }
            nominee
        };
        let kind = RecognitionKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push(("kind", "Choose a nomination or an endorsement".into()));
        }
        let from = org(
            &mut problems,
            "from",
            &form.from,
            "Choose the organisation giving the recognition",
        );
        let text = passage(
            &mut problems,
            "text",
            &form.text,
            "Say what they did and why it deserves recognition",
            "The text",
            kind.unwrap_or(RecognitionKind::Nomination).max_text(),
        );
        let mut evidence = BTreeSet::new();
        for key in form.evidence.iter().filter(|k| !k.trim().is_empty()) {
            match EvidenceRef::parse(key) {
                Some(e) => {
                    evidence.insert(e);
                }
                None => problems.push((
                    "evidence",
                    format!(
                        "\"{}\" is not a case study, collaboration or peer review",
                        key.trim().chars().take(40).collect::<String>()
                    ),
                )),
            }
        }
        if evidence.is_empty() && !problems.iter().any(|(f, _)| *f == "evidence") {
            problems.push((
                "evidence",
                "Choose at least one case study, collaboration or review it rests on".into(),
            ));
        }
        if evidence.len() > MAX_EVIDENCE {
            problems.push(("evidence", format!("Choose at most {MAX_EVIDENCE} records")));
        }
        if let (Some(Nominee::Organisation(nominee)), Some(from)) = (nominee, from) {
            if nominee == from {
                problems.push(("nominee", "An organisation cannot recognise itself".into()));
            }
        }
        match (nominee, kind, from) {
            (Some(nominee), Some(kind), Some(from)) if problems.is_empty() => {
                Ok(RecognitionDraft {
                    nominee,
                    kind,
                    from,
                    text,
                    evidence,
                })
            }
            _ => Err(problems),
        }
    }

    /// Why `writer` may not give this recognition, if they may not: recognition comes from
    /// others, so not for themselves nor for an organisation they act for.
    pub fn refused_for(&self, writer: &Viewer) -> Option<String> {
        match self.nominee {
            Nominee::Person(id) if id == writer.id => {
                Some("Recognition comes from others: you cannot recognise yourself.".into())
            }
            Nominee::Organisation(org) if writer.belongs_to(org) => {
                Some("Recognition comes from others: you act for that organisation.".into())
            }
            _ => None,
        }
    }
}

/// The nominee's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Not answered yet.
    Awaiting,
    /// Accepted: shown on their pages.
    Accepted,
    /// Declined: shown to no one beyond its parties.
    Declined,
}

impl Answer {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Answer::Awaiting => "awaiting",
            Answer::Accepted => "accepted",
            Answer::Declined => "declined",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Answer> {
        [Answer::Awaiting, Answer::Accepted, Answer::Declined]
            .into_iter()
            .find(|a| a.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Answer::Awaiting => "Waiting for an answer",
            Answer::Accepted => "Accepted",
            Answer::Declined => "Declined",
        }
    }
}

/// A recognition as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recognition {
    /// Number.
    pub id: RecognitionId,
    /// What it says.
    #[serde(flatten)]
    pub draft: RecognitionDraft,
    /// The nominee's name when it was given.
    pub nominee_name: String,
    /// The giving organisation's name.
    pub from_name: String,
    /// Who wrote it.
    #[serde(skip)]
    pub written_by: PersonId,
    /// Their name.
    pub written_by_name: String,
    /// The day it was given.
    pub given_on: Date,
    /// The nominee's answer.
    pub answer: Answer,
    /// When they last answered.
    pub answered_on: Option<Date>,
    /// When it was withdrawn, if it was.
    pub withdrawn_on: Option<Date>,
}

impl Recognition {
    /// Whether anyone may see it: accepted and not withdrawn.
    pub fn is_shown(&self) -> bool {
        self.answer == Answer::Accepted && self.withdrawn_on.is_none()
    }

    /// Whether `viewer` is its nominee, or acts for the nominee organisation.
    pub fn is_nominee(&self, viewer: &Viewer) -> bool {
        match self.draft.nominee {
            Nominee::Person(id) => id == viewer.id,
            Nominee::Organisation(org) => viewer.belongs_to(org),
        }
    }

    /// Whether `viewer` wrote it or acts for the organisation that gave it.
    pub fn is_giver(&self, viewer: &Viewer) -> bool {
        self.written_by == viewer.id || viewer.belongs_to(self.draft.from)
    }

    /// Whether `viewer` may read it: anyone once shown; otherwise only its parties
    /// (platform administrators are no exception).
    pub fn may_read(&self, viewer: Option<&Viewer>) -> bool {
        self.is_shown() || viewer.is_some_and(|v| self.is_nominee(v) || self.is_giver(v))
    }

    /// Why `viewer` may not answer it, if they may not: the person themselves, or an
    /// administrator of the nominee organisation; not once withdrawn.
    pub fn refuses_answer(&self, viewer: &Viewer) -> Option<String> {
        let entitled = match self.draft.nominee {
            Nominee::Person(id) => id == viewer.id,
            Nominee::Organisation(org) => viewer.administers(org),
        };
        if !entitled {
            return Some(match self.draft.nominee {
                Nominee::Person(_) => "Only the person recognised can answer.".into(),
                Nominee::Organisation(_) => {
                    "Only an administrator of the organisation recognised can answer.".into()
                }
            });
        }
        self.withdrawn_on
            .map(|_| "It has been withdrawn: there is nothing to answer.".into())
    }

    /// Why `viewer` may not withdraw it, if they may not: its writer or an administrator
    /// of the giving organisation, once.
    pub fn refuses_withdrawal(&self, viewer: &Viewer) -> Option<String> {
        if self.written_by != viewer.id && !viewer.administers(self.draft.from) {
            return Some(
                "Only its writer or an administrator of the organisation that gave it can withdraw it."
                    .into(),
            );
        }
        self.withdrawn_on
            .map(|_| "It has already been withdrawn.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrgRole;
    use crate::ids::{GroupUid, Urn};
    use std::collections::BTreeMap;

    const TRUST_A: OrgRef = OrgRef::Trust(GroupUid(17101));
    const TRUST_B: OrgRef = OrgRef::Trust(GroupUid(900_001));

    fn viewer(id: i64, orgs: &[(OrgRef, OrgRole)]) -> Viewer {
        Viewer {
            id: PersonId(id),
            organisations: orgs.iter().copied().collect::<BTreeMap<_, _>>(),
            ..Viewer::default()
        }
    }

    fn form() -> RecognitionForm {
        RecognitionForm {
            nominee: "trust-17101".into(),
            kind: "nomination".into(),
            from: "trust-900001".into(),
            text: "Led the attendance partnership across the town".into(),
            evidence: vec!["case-study-3".into(), "collaboration-7".into()],
        }
    }

    fn stored(answer: Answer) -> Recognition {
        Recognition {
            id: RecognitionId(1),
            draft: RecognitionDraft::check(&form()).unwrap(),
            nominee_name: "5 Dimensions Trust".into(),
            from_name: "Test Trust B".into(),
            written_by: PersonId(2),
            written_by_name: "Bo".into(),
            given_on: Date::new(2026, 12, 4).unwrap(),
            answer,
            answered_on: None,
            withdrawn_on: None,
        }
    }

    #[test]
    fn keys_read_back_and_odd_ones_are_refused() {
        for key in ["person-12", "trust-17101", "school-136730", "partner-4"] {
            assert_eq!(Nominee::parse(key).unwrap().key(), key);
        }
        for key in ["case-study-3", "collaboration-7", "peer-review-2"] {
            assert_eq!(EvidenceRef::parse(key).unwrap().key(), key);
        }
        for odd in [
            "person-0",
            "person-012",
            "person--1",
            "person-",
            "people-1",
            "ｐerson-1",
        ] {
            assert_eq!(Nominee::parse(odd), None, "{odd}");
        }
        for odd in [
            "case-study-0",
            "case-study-1e3",
            "review-2",
            "collaboration-",
        ] {
            assert_eq!(EvidenceRef::parse(odd), None, "{odd}");
        }
    }

    #[test]
    fn a_good_form_passes_and_keeps_each_record_once() {
        let mut f = form();
        f.evidence.push(" case-study-3 ".into());
        let draft = RecognitionDraft::check(&f).unwrap();
        assert_eq!(draft.nominee, Nominee::Organisation(TRUST_A));
        assert_eq!(draft.from, TRUST_B);
        assert_eq!(draft.evidence.len(), 2);
    }

    #[test]
    fn every_problem_is_listed_at_once() {
        let problems = RecognitionDraft::check(&RecognitionForm::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["nominee", "kind", "from", "text", "evidence"]);
    }

    #[test]
    fn evidence_is_required_bounded_and_read_exactly() {
        let mut f = form();
        f.evidence = vec!["a blog post".into()];
        let problems = RecognitionDraft::check(&f).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].1.contains("is not a case study"));
        f.evidence = (1..=11).map(|n| format!("collaboration-{n}")).collect();
        let problems = RecognitionDraft::check(&f).unwrap_err();
        assert!(problems[0].1.contains("at most 10"), "{problems:?}");
    }

    #[test]
    fn an_endorsement_is_shorter_than_a_nomination() {
        let mut f = form();
        f.text = "x".repeat(MAX_ENDORSEMENT + 1);
        assert!(RecognitionDraft::check(&f).is_ok());
        f.kind = "endorsement".into();
        let problems = RecognitionDraft::check(&f).unwrap_err();
        assert!(problems[0].1.contains("600 characters"), "{problems:?}");
    }

    #[test]
    fn no_one_recognises_themselves_or_their_own_organisation() {
        let mut f = form();
        f.from = "trust-17101".into();
        let problems = RecognitionDraft::check(&f).unwrap_err();
        assert!(problems[0].1.contains("cannot recognise itself"));
        let draft = RecognitionDraft::check(&form()).unwrap();
        let member_of_a = viewer(5, &[(TRUST_A, OrgRole::Member), (TRUST_B, OrgRole::Member)]);
        assert!(draft.refused_for(&member_of_a).is_some());
        assert!(draft
            .refused_for(&viewer(6, &[(TRUST_B, OrgRole::Member)]))
            .is_none());
        let mut f = form();
        f.nominee = "person-6".into();
        let draft = RecognitionDraft::check(&f).unwrap();
        assert!(draft
            .refused_for(&viewer(6, &[(TRUST_B, OrgRole::Member)]))
            .is_some());
        assert!(draft
            .refused_for(&viewer(7, &[(TRUST_B, OrgRole::Member)]))
            .is_none());
    }

    #[test]
    fn only_its_parties_read_it_until_it_is_accepted() {
        let waiting = stored(Answer::Awaiting);
        let outsider = viewer(9, &[(OrgRef::School(Urn(1)), OrgRole::Administrator)]);
        let nominee = viewer(3, &[(TRUST_A, OrgRole::Member)]);
        let giver = viewer(4, &[(TRUST_B, OrgRole::Member)]);
        assert!(!waiting.may_read(None));
        assert!(!waiting.may_read(Some(&outsider)));
        assert!(waiting.may_read(Some(&nominee)));
        assert!(waiting.may_read(Some(&giver)));
        assert!(stored(Answer::Accepted).may_read(None));
        assert!(!stored(Answer::Declined).may_read(Some(&outsider)));
        let mut withdrawn = stored(Answer::Accepted);
        withdrawn.withdrawn_on = Date::new(2026, 12, 5);
        assert!(!withdrawn.is_shown());
        assert!(!withdrawn.may_read(None));
    }

    #[test]
    fn an_organisation_answers_through_its_administrators_and_a_giver_withdraws() {
        let r = stored(Answer::Awaiting);
        let member = viewer(3, &[(TRUST_A, OrgRole::Member)]);
        let admin = viewer(4, &[(TRUST_A, OrgRole::Administrator)]);
        assert!(r.refuses_answer(&member).is_some());
        assert!(r.refuses_answer(&admin).is_none());
        let writer = viewer(2, &[]);
        let giver_admin = viewer(8, &[(TRUST_B, OrgRole::Administrator)]);
        assert!(r.refuses_withdrawal(&writer).is_none());
        assert!(r.refuses_withdrawal(&giver_admin).is_none());
        assert!(r.refuses_withdrawal(&admin).is_some());
        let mut gone = r.clone();
        gone.withdrawn_on = Date::new(2026, 12, 5);
        assert!(gone.refuses_answer(&admin).is_some());
        assert!(gone.refuses_withdrawal(&writer).is_some());
    }
}
