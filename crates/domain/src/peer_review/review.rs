//! One trust-to-trust peer review, from the host's first draft to the progress review ten
//! months on. The host sets up to five focus areas and writes a self-evaluation; a review
//! team from other organisations (none from the host, none conflicted with it) visits on set
//! dates, logs its evidence and records strengths and areas to develop, each tied to a focus
//! area; the host agrees an action plan; both sides give feedback; and the host may publish
//! a summary.
//!
//! Confidentiality comes first: the findings, evidence log, self-evaluation, action plan and
//! feedback are for the host and its reviewers only. [`who_sees`] is the one rule, and
//! [`PeerReview::as_seen_by`] applies it so a page or an API answer cannot show more than
//! the rule allows. Platform administrators see no more than anyone else.

use crate::access::{Actor, PlatformRole};
use crate::account::PersonId;
use crate::brokerage::area::ImprovementArea;
use crate::party::OrgRef;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A peer review's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PeerReviewId(pub i64);

/// A finding's number, so an action can say which finding it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct FindingId(pub i64);

/// An action's number, so the progress review can refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ActionId(pub i64);

/// An evidence log entry's number, so an entry can be corrected or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct EvidenceId(pub i64);

/// Every problem with a form, as (field, message), in form order.
pub type FieldProblems = Vec<(&'static str, String)>;

/// Most focus areas one review may take: a review that looks at everything looks at
/// nothing closely.
pub const MAX_FOCUS: usize = 5;
/// Longest self-evaluation, in characters.
pub const MAX_SELF_EVALUATION: usize = 10_000;
/// Longest evidence note, finding or action, in characters.
pub const MAX_TEXT: usize = 5_000;
/// Longest feedback comment, in characters.
pub const MAX_COMMENT: usize = 2_000;
/// Longest published summary, in characters.
pub const MAX_SUMMARY: usize = 5_000;
/// Largest review team.
pub const MAX_TEAM: usize = 8;
/// Most hours one reviewer may give one review (preparation, visit and write-up).
pub const MAX_REVIEWER_HOURS: u32 = 200;
/// Months from the end of the review to the progress review, unless the host sets a date.
pub const PROGRESS_REVIEW_MONTHS: u32 = 10;
/// Lowest feedback rating.
pub const MIN_RATING: u8 = 1;
/// Highest feedback rating.
pub const MAX_RATING: u8 = 5;

/// Where a review stands. Each stage opens the next; only the host's move from scheduled
/// back to draft goes backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// The host is setting the focus and writing the self-evaluation.
    Draft,
    /// The team and dates are set.
    Scheduled,
    /// The reviewers are at work: visiting, logging evidence, recording findings.
    InProgress,
    /// The reviewers have shared their findings with the host.
    FindingsShared,
    /// The host has agreed its action plan.
    ActionPlanAgreed,
    /// The progress review has been held; the review is closed.
    ProgressReviewed,
}

impl ReviewStatus {
    /// Every stage, in order.
    pub const ALL: [ReviewStatus; 6] = [
        ReviewStatus::Draft,
        ReviewStatus::Scheduled,
        ReviewStatus::InProgress,
        ReviewStatus::FindingsShared,
        ReviewStatus::ActionPlanAgreed,
        ReviewStatus::ProgressReviewed,
    ];

    /// Stable key for storage, addresses and JSON.
    pub fn key(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "draft",
            ReviewStatus::Scheduled => "scheduled",
            ReviewStatus::InProgress => "in_progress",
            ReviewStatus::FindingsShared => "findings_shared",
            ReviewStatus::ActionPlanAgreed => "action_plan_agreed",
            ReviewStatus::ProgressReviewed => "progress_reviewed",
        }
    }

    /// Reads a key produced by [`ReviewStatus::key`].
    pub fn from_key(key: &str) -> Option<ReviewStatus> {
        let key = key.trim();
        ReviewStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Draft => "Draft",
            ReviewStatus::Scheduled => "Scheduled",
            ReviewStatus::InProgress => "In progress",
            ReviewStatus::FindingsShared => "Findings shared",
            ReviewStatus::ActionPlanAgreed => "Action plan agreed",
            ReviewStatus::ProgressReviewed => "Progress reviewed",
        }
    }

    /// The stages a review may move to from this one, so pages offer only those buttons.
    pub fn next(self) -> &'static [ReviewStatus] {
        match self {
            ReviewStatus::Draft => &[ReviewStatus::Scheduled],
            ReviewStatus::Scheduled => &[ReviewStatus::InProgress, ReviewStatus::Draft],
            ReviewStatus::InProgress => &[ReviewStatus::FindingsShared],
            ReviewStatus::FindingsShared => &[ReviewStatus::ActionPlanAgreed],
            ReviewStatus::ActionPlanAgreed => &[ReviewStatus::ProgressReviewed],
            ReviewStatus::ProgressReviewed => &[],
        }
    }

    /// Whether the reviewers' work is done (findings recorded and shared), which is when
    /// hours count as professional development and a summary may be published.
    pub fn is_finished(self) -> bool {
        self >= ReviewStatus::FindingsShared
    }

    /// Whether the review is closed: nothing more happens to it.
    pub fn is_closed(self) -> bool {
        self == ReviewStatus::ProgressReviewed
    }
}

/// Which side of a review someone is on: the side decides what they may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewRole {
    /// Acts for the host organisation.
    Host,
    /// A member of the review team, or acts for a reviewer's organisation.
    Reviewer,
}

impl ReviewRole {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ReviewRole::Host => "host",
            ReviewRole::Reviewer => "reviewer",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<ReviewRole> {
        [ReviewRole::Host, ReviewRole::Reviewer]
            .into_iter()
            .find(|r| r.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewRole::Host => "Host",
            ReviewRole::Reviewer => "Reviewer",
        }
    }
}

/// Where a reviewer was found: the host's review-group cluster, or elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewerSource {
    /// From the host's review-group cluster.
    Cluster,
    /// From outside the cluster.
    Other,
}

impl ReviewerSource {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ReviewerSource::Cluster => "cluster",
            ReviewerSource::Other => "other",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<ReviewerSource> {
        [ReviewerSource::Cluster, ReviewerSource::Other]
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewerSource::Cluster => "From the review group",
            ReviewerSource::Other => "From outside the review group",
        }
    }
}

/// What kind of evidence an entry in the log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A lesson visit.
    LessonVisit,
    /// A learning walk through several classrooms.
    LearningWalk,
    /// An interview with leaders, staff, pupils, parents or governors.
    Interview,
    /// A review of documents (plans, policies, minutes).
    DocumentReview,
    /// Data: results, attendance, exclusions, finance.
    Data,
}

impl EvidenceKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [EvidenceKind; 5] = [
        EvidenceKind::LessonVisit,
        EvidenceKind::LearningWalk,
        EvidenceKind::Interview,
        EvidenceKind::DocumentReview,
        EvidenceKind::Data,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            EvidenceKind::LessonVisit => "lesson_visit",
            EvidenceKind::LearningWalk => "learning_walk",
            EvidenceKind::Interview => "interview",
            EvidenceKind::DocumentReview => "document_review",
            EvidenceKind::Data => "data",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<EvidenceKind> {
        let key = key.trim();
        EvidenceKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::LessonVisit => "Lesson visit",
            EvidenceKind::LearningWalk => "Learning walk",
            EvidenceKind::Interview => "Interview",
            EvidenceKind::DocumentReview => "Document review",
            EvidenceKind::Data => "Data",
        }
    }
}

/// Whether a finding is something to keep or something to work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// Something the host does well.
    Strength,
    /// Something the host could do better ("even better if").
    AreaToDevelop,
}

impl FindingKind {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::Strength => "strength",
            FindingKind::AreaToDevelop => "area_to_develop",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<FindingKind> {
        [FindingKind::Strength, FindingKind::AreaToDevelop]
            .into_iter()
            .find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Strength => "Strength",
            FindingKind::AreaToDevelop => "Area to develop",
        }
    }
}

/// Parts of a review that people change, so [`may_change`] can say who changes each and
/// when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewPart {
    /// The focus areas and self-evaluation.
    Setup,
    /// The review team.
    Team,
    /// The dates.
    Schedule,
    /// The evidence log.
    Evidence,
    /// The findings.
    Findings,
    /// The action plan.
    ActionPlan,
    /// Either side's feedback.
    Feedback,
    /// The published summary.
    Summary,
}

impl ReviewPart {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ReviewPart::Setup => "setup",
            ReviewPart::Team => "team",
            ReviewPart::Schedule => "schedule",
            ReviewPart::Evidence => "evidence",
            ReviewPart::Findings => "findings",
            ReviewPart::ActionPlan => "action_plan",
            ReviewPart::Feedback => "feedback",
            ReviewPart::Summary => "summary",
        }
    }

    /// Plain-English label, in a sentence's middle.
    pub fn label(self) -> &'static str {
        match self {
            ReviewPart::Setup => "the focus areas and self-evaluation",
            ReviewPart::Team => "the review team",
            ReviewPart::Schedule => "the dates",
            ReviewPart::Evidence => "the evidence log",
            ReviewPart::Findings => "the findings",
            ReviewPart::ActionPlan => "the action plan",
            ReviewPart::Feedback => "feedback",
            ReviewPart::Summary => "the published summary",
        }
    }
}

/// One member of a review team: a person, the organisation they review for, and the hours
/// they give (which count as their professional development once the review is finished).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reviewer {
    /// Who.
    pub person: PersonId,
    /// The organisation they act for on this review (never the host).
    pub org: OrgRef,
    /// Whether they come from the host's review-group cluster.
    pub source: ReviewerSource,
    /// Hours they give to the review.
    pub hours: u32,
}

/// An organisation that may not review the host, and why (same trust, a direct competitor,
/// an existing collaboration). The caller works these out; the check here stays pure and
/// shows the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgConflict {
    /// The conflicted organisation.
    pub org: OrgRef,
    /// Why, as a phrase that follows "conflicted:" ("in the same trust as the host").
    pub reason: String,
}

/// The review's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// First day of the review.
    pub starts_on: Date,
    /// Last day of the review (on or after the first).
    pub ends_on: Date,
    /// When the progress review is held (after the last day).
    pub progress_review_on: Date,
}

/// One entry in the evidence log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceEntry {
    /// Number.
    pub id: EvidenceId,
    /// When the evidence was gathered.
    pub on: Date,
    /// What kind.
    pub kind: EvidenceKind,
    /// What was seen or heard.
    pub note: String,
    /// Who logged it.
    pub by: PersonId,
}

/// One finding: a strength or an area to develop in one of the review's focus areas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    /// Number.
    pub id: FindingId,
    /// Strength or area to develop.
    pub kind: FindingKind,
    /// The focus area it is about.
    pub area: ImprovementArea,
    /// The finding, in the reviewers' words.
    pub text: String,
    /// Who recorded it.
    pub by: PersonId,
}

/// One action in the host's plan, answering one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Action {
    /// Number.
    pub id: ActionId,
    /// What will be done.
    pub what: String,
    /// The organisation that will do it.
    pub who: OrgRef,
    /// By when.
    pub by: Date,
    /// The finding it answers.
    pub finding: FindingId,
}

/// Feedback from one side about the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    /// Which side gave it: the host about its reviewers, or a reviewer about the visit.
    pub from: ReviewRole,
    /// Who gave it.
    pub by: PersonId,
    /// From 1 (poor) to 5 (excellent).
    pub rating: u8,
    /// What they said (may be empty).
    pub comment: String,
}

/// The summary the host chose to publish: the only part of a review anyone else sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedSummary {
    /// The summary, in the host's words.
    pub text: String,
    /// When it was published.
    pub published_on: Date,
    /// Who published it.
    pub by: PersonId,
}

/// A whole review as stored: everything the rules in this module read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeerReview {
    /// Number.
    pub id: PeerReviewId,
    /// The organisation being reviewed.
    pub host: OrgRef,
    /// Where it stands.
    pub status: ReviewStatus,
    /// What the host asked the reviewers to look at (1 to 5 areas, no repeats).
    pub focus: Vec<ImprovementArea>,
    /// The host's self-evaluation (may be empty while in draft).
    pub self_evaluation: String,
    /// The review team.
    pub team: Vec<Reviewer>,
    /// The dates, once set.
    pub schedule: Option<Schedule>,
    /// The evidence log.
    pub evidence: Vec<EvidenceEntry>,
    /// The findings.
    pub findings: Vec<Finding>,
    /// The host's action plan.
    pub actions: Vec<Action>,
    /// Both sides' feedback.
    pub feedback: Vec<Feedback>,
    /// The published summary, if the host published one.
    pub summary: Option<PublishedSummary>,
}

/// Whoever is reading a review, as the confidentiality rule needs them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reader {
    /// The organisations they are approved to act for.
    pub orgs: BTreeSet<OrgRef>,
    /// Who they are, if signed in.
    pub person: Option<PersonId>,
    /// Whether they are a platform administrator (which grants nothing here, and is kept
    /// so the rule can say so and the tests can prove it).
    pub platform_admin: bool,
}

impl Reader {
    /// The reader a request's actor is.
    pub fn from_actor(actor: &Actor) -> Reader {
        match actor.viewer() {
            None => Reader::default(),
            Some(viewer) => Reader {
                orgs: viewer.organisations.keys().copied().collect(),
                person: Some(viewer.id),
                platform_admin: viewer.has(PlatformRole::Administrator),
            },
        }
    }
}

/// What a reader may see of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewAccess {
    /// The whole review: the host and its reviewers.
    Everything,
    /// Only the summary the host published: everyone else, platform administrators too.
    PublishedSummaryOnly,
    /// Not even that the review exists.
    Nothing,
}

impl ReviewAccess {
    /// Whether the confidential parts (findings, evidence, self-evaluation, action plan,
    /// feedback) may be shown.
    pub fn sees_confidential(self) -> bool {
        self == ReviewAccess::Everything
    }

    /// Whether the review may be listed at all.
    pub fn sees_anything(self) -> bool {
        self != ReviewAccess::Nothing
    }
}

/// Which side of the review the reader is on, if either: the host first (someone who acts
/// for the host is never treated as its reviewer), then the reviewers, by person or by
/// organisation. Platform administration counts for nothing.
pub fn role_of(host: OrgRef, team: &[Reviewer], reader: &Reader) -> Option<ReviewRole> {
    if reader.orgs.contains(&host) {
        return Some(ReviewRole::Host);
    }
    let on_team = team
        .iter()
        .any(|r| reader.person == Some(r.person) || reader.orgs.contains(&r.org));
    on_team.then_some(ReviewRole::Reviewer)
}

/// The confidentiality rule: the host and its reviewers (each reviewer in person, and
/// anyone acting for a reviewer's organisation) see everything; everyone else, platform
/// administrators included, sees the published summary if there is one, and otherwise
/// nothing.
pub fn who_sees(
    host: OrgRef,
    team: &[Reviewer],
    summary_published: bool,
    reader: &Reader,
) -> ReviewAccess {
    if role_of(host, team, reader).is_some() {
        ReviewAccess::Everything
    } else if summary_published {
        ReviewAccess::PublishedSummaryOnly
    } else {
        ReviewAccess::Nothing
    }
}

/// What an outsider sees of a review: who hosted it and the summary the host published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicReview {
    /// Number.
    pub id: PeerReviewId,
    /// The host.
    pub host: OrgRef,
    /// The published summary.
    pub summary: PublishedSummary,
}

/// A review as one reader may see it: the only way pages and API answers should reach a
/// review's contents, so the confidential parts cannot leak by accident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeenReview<'a> {
    /// The whole review, for the host and its reviewers.
    Everything(&'a PeerReview),
    /// The published summary only.
    PublishedSummary(PublicReview),
}

impl PeerReview {
    /// What this reader may see of the review, by [`who_sees`].
    pub fn access(&self, reader: &Reader) -> ReviewAccess {
        who_sees(self.host, &self.team, self.summary.is_some(), reader)
    }

    /// The review cut down to what this reader may see; `None` when they may see nothing.
    pub fn as_seen_by(&self, reader: &Reader) -> Option<SeenReview<'_>> {
        match self.access(reader) {
            ReviewAccess::Everything => Some(SeenReview::Everything(self)),
            ReviewAccess::PublishedSummaryOnly => self.summary.clone().map(|summary| {
                SeenReview::PublishedSummary(PublicReview {
                    id: self.id,
                    host: self.host,
                    summary,
                })
            }),
            ReviewAccess::Nothing => None,
        }
    }

    /// Which side of the review the reader is on, if either.
    pub fn role_of(&self, reader: &Reader) -> Option<ReviewRole> {
        role_of(self.host, &self.team, reader)
    }
}

/// Who changes each part of a review, and in which stages; refuses anything else in
/// plain English. The host sets up, chooses the team and dates, writes the action plan and
/// the summary; the reviewers log evidence and record findings; both give feedback.
pub fn may_change(status: ReviewStatus, part: ReviewPart, role: ReviewRole) -> Result<(), String> {
    use ReviewStatus as S;
    let (who, stages): (&[ReviewRole], &[ReviewStatus]) = match part {
        ReviewPart::Setup => (&[ReviewRole::Host], &[S::Draft]),
        ReviewPart::Team | ReviewPart::Schedule => (&[ReviewRole::Host], &[S::Draft, S::Scheduled]),
        ReviewPart::Evidence | ReviewPart::Findings => (&[ReviewRole::Reviewer], &[S::InProgress]),
        ReviewPart::ActionPlan => (&[ReviewRole::Host], &[S::FindingsShared]),
        ReviewPart::Feedback => (
            &[ReviewRole::Host, ReviewRole::Reviewer],
            &[S::FindingsShared, S::ActionPlanAgreed, S::ProgressReviewed],
        ),
        ReviewPart::Summary => (
            &[ReviewRole::Host],
            &[S::FindingsShared, S::ActionPlanAgreed, S::ProgressReviewed],
        ),
    };
    if !who.contains(&role) {
        let side = match who {
            [ReviewRole::Host] => "the host",
            _ => "the review team",
        };
        return Err(format!("Only {side} can change {}", part.label()));
    }
    if !stages.contains(&status) {
        let when = stages
            .iter()
            .map(|s| s.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(" or ");
        return Err(format!(
            "The review is {}: {} can be changed only while it is {when}",
            status.label().to_lowercase(),
            part.label()
        ));
    }
    Ok(())
}

/// Whether a review may move from its stage to `to`, moved by someone on `role`'s side on
/// `today`; refuses with the reason in plain English. Moving to scheduled needs focus, a
/// self-evaluation, a team and dates (the caller re-runs [`team_conflicts`] then, since
/// conflicts change); starting needs the first day to have come; sharing findings needs at
/// least one; agreeing the plan needs an action for every area to develop; the progress
/// review waits for its date.
pub fn transition(
    review: &PeerReview,
    to: ReviewStatus,
    role: ReviewRole,
    today: Date,
) -> Result<(), String> {
    use ReviewStatus as S;
    let from = review.status;
    if from == to {
        return Err(format!(
            "The review is already {}",
            from.label().to_lowercase()
        ));
    }
    if from.is_closed() {
        return Err("The review is closed: the progress review has been held".into());
    }
    if !from.next().contains(&to) {
        return Err(format!(
            "A review that is {} cannot become {}; next it can become {}",
            from.label().to_lowercase(),
            to.label().to_lowercase(),
            from.next()
                .iter()
                .map(|s| s.label().to_lowercase())
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    let host_only = matches!(
        (from, to),
        (S::Draft, S::Scheduled)
            | (S::Scheduled, S::Draft)
            | (S::FindingsShared, S::ActionPlanAgreed)
    );
    if host_only && role != ReviewRole::Host {
        return Err(format!(
            "Only the host can make the review {}",
            to.label().to_lowercase()
        ));
    }
    if (from, to) == (S::InProgress, S::FindingsShared) && role != ReviewRole::Reviewer {
        return Err("Only the review team can share its findings".into());
    }
    match (from, to) {
        (S::Draft, S::Scheduled) => {
            if review.focus.is_empty() {
                return Err("Choose at least one focus area before scheduling the review".into());
            }
            if review.self_evaluation.trim().is_empty() {
                return Err("Write the self-evaluation before scheduling the review".into());
            }
            if review.team.is_empty() {
                return Err("Add at least one reviewer before scheduling the review".into());
            }
            if review.schedule.is_none() {
                return Err("Set the review's dates before scheduling it".into());
            }
        }
        (S::Scheduled, S::InProgress) => {
            let Some(schedule) = review.schedule else {
                return Err("Set the review's dates before starting it".into());
            };
            if today < schedule.starts_on {
                return Err(format!(
                    "The review starts on {}: it can begin then",
                    schedule.starts_on.long()
                ));
            }
        }
        (S::InProgress, S::FindingsShared) if review.findings.is_empty() => {
            return Err("Record at least one finding before sharing the findings".into());
        }
        (S::FindingsShared, S::ActionPlanAgreed) => {
            if review.actions.is_empty() {
                return Err("Add at least one action before agreeing the action plan".into());
            }
            let unanswered = review
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::AreaToDevelop)
                .filter(|f| !review.actions.iter().any(|a| a.finding == f.id))
                .count();
            if unanswered > 0 {
                return Err(format!(
                    "{} without an action: add an action for each before agreeing the plan",
                    plural(unanswered, "area to develop is", "areas to develop are")
                ));
            }
        }
        (S::ActionPlanAgreed, S::ProgressReviewed) => {
            if let Some(schedule) = review.schedule {
                if today < schedule.progress_review_on {
                    return Err(format!(
                        "The progress review is set for {}: record it on or after that day",
                        schedule.progress_review_on.long()
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The date `months` calendar months after `date`, keeping the day of the month where that
/// month has it and otherwise taking its last day (31 March + 10 months is 31 January;
/// 30 April + 10 months is 28 or 29 February). `None` past the last year a date can hold.
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month()) - 1 + i64::from(months);
    let year = u16::try_from(index.div_euclid(12)).ok()?;
    let month = u8::try_from(index.rem_euclid(12) + 1).ok()?;
    (1..=date.day())
        .rev()
        .find_map(|day| Date::new(year, month, day))
}

/// When the progress review falls if the host sets no date: ten months after the review's
/// last day, long enough for the action plan to show.
pub fn default_progress_review(ends_on: Date) -> Option<Date> {
    add_months(ends_on, PROGRESS_REVIEW_MONTHS)
}

fn required(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    missing: &str,
    what: &str,
    max: usize,
) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if value.is_empty() {
        problems.push((field, missing.to_string()));
    } else if value.chars().count() > max {
        problems.push((
            field,
            format!("{what} must be {} characters or fewer", thousands(max)),
        ));
    }
    value
}

fn optional(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    what: &str,
    max: usize,
) -> String {
    let value = value.trim().replace("\r\n", "\n");
    if value.chars().count() > max {
        problems.push((
            field,
            format!("{what} must be {} characters or fewer", thousands(max)),
        ));
    }
    value
}

fn thousands(n: usize) -> String {
    let digits: Vec<char> = n.to_string().chars().collect();
    let mut out = String::new();
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*digit);
    }
    out
}

fn date(problems: &mut FieldProblems, field: &'static str, text: &str, what: &str) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        problems.push((field, format!("Enter the {what}")));
        return None;
    }
    let parsed = Date::parse(text);
    if parsed.is_none() {
        problems.push((
            field,
            format!("The {what} must be a real date, for example 2027-01-31"),
        ));
    }
    parsed
}

/// The host's setup as typed: who is hosting, the focus areas ticked, the self-evaluation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupForm {
    /// The host organisation's key (`trust-17101`).
    pub host: String,
    /// The focus area keys ticked (blank entries are ignored).
    pub focus: Vec<String>,
    /// The self-evaluation (may be left empty while in draft).
    pub self_evaluation: String,
}

/// A checked setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupDraft {
    /// The host.
    pub host: OrgRef,
    /// The focus areas, in the order ticked, no repeats.
    pub focus: Vec<ImprovementArea>,
    /// The self-evaluation.
    pub self_evaluation: String,
}

impl SetupDraft {
    /// Checks the host, 1 to 5 distinct known focus areas and the self-evaluation's length;
    /// every problem is listed at once.
    pub fn check(form: &SetupForm) -> Result<SetupDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let host = OrgRef::parse(&form.host);
        if host.is_none() {
            problems.push(("host", "Choose the organisation being reviewed".into()));
        }
        let mut focus = Vec::new();
        let mut repeated = Vec::new();
        for key in form
            .focus
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            match ImprovementArea::from_key(key) {
                None => problems.push((
                    "focus",
                    format!("\"{key}\" is not a focus area: choose from the list"),
                )),
                Some(area) if focus.contains(&area) => {
                    if !repeated.contains(&area) {
                        repeated.push(area);
                    }
                }
                Some(area) => focus.push(area),
            }
        }
        for area in &repeated {
            problems.push((
                "focus",
                format!(
                    "{} is chosen more than once: choose each area once",
                    area.label()
                ),
            ));
        }
        if focus.is_empty() && problems.iter().all(|(f, _)| *f != "focus") {
            problems.push(("focus", "Choose at least one focus area".into()));
        } else if focus.len() > MAX_FOCUS {
            problems.push((
                "focus",
                format!("Choose {MAX_FOCUS} focus areas or fewer, so the review can look closely"),
            ));
        }
        let self_evaluation = optional(
            &mut problems,
            "self_evaluation",
            &form.self_evaluation,
            "The self-evaluation",
            MAX_SELF_EVALUATION,
        );
        match host {
            Some(host) if problems.is_empty() => Ok(SetupDraft {
                host,
                focus,
                self_evaluation,
            }),
            _ => Err(problems),
        }
    }
}

/// A reviewer as proposed: the person, the organisation they come from, where they were
/// found and their hours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewerForm {
    /// The person's number.
    pub person: String,
    /// Their organisation's key.
    pub org: String,
    /// `cluster` or `other`.
    pub source: String,
    /// Hours they will give, a whole number.
    pub hours: String,
}

/// The reasons, if any, that `org` may not review `host`: it is the host, or the caller
/// listed it as conflicted. Each reason is a sentence ready to show.
pub fn conflicts_for(org: OrgRef, host: OrgRef, conflicts: &[OrgConflict]) -> Vec<String> {
    let mut reasons = Vec::new();
    if org == host {
        reasons.push(
            "A reviewer cannot come from the host organisation: the review is done by others"
                .to_string(),
        );
    }
    reasons.extend(conflicts.iter().filter(|c| c.org == org).map(|c| {
        format!(
            "This organisation cannot review the host: {}",
            c.reason.trim()
        )
    }));
    reasons
}

/// Every conflict in a whole team, as (reviewer, reason): run again when the review is
/// scheduled, since conflicts found since a reviewer joined count too.
pub fn team_conflicts(
    host: OrgRef,
    team: &[Reviewer],
    conflicts: &[OrgConflict],
) -> Vec<(PersonId, String)> {
    team.iter()
        .flat_map(|r| {
            conflicts_for(r.org, host, conflicts)
                .into_iter()
                .map(move |reason| (r.person, reason))
        })
        .collect()
}

impl Reviewer {
    /// Checks one reviewer joining `team` (pass the team without them when changing an
    /// existing reviewer): a person not already on it, an organisation that is neither the
    /// host nor conflicted (each reason shown), where they were found, and 1 to 200 whole
    /// hours. The caller checks that the person acts for the organisation.
    pub fn check(
        form: &ReviewerForm,
        host: OrgRef,
        team: &[Reviewer],
        conflicts: &[OrgConflict],
    ) -> Result<Reviewer, FieldProblems> {
        let mut problems = FieldProblems::new();
        let person = match form.person.trim() {
            "" => {
                problems.push(("person", "Choose the reviewer".into()));
                None
            }
            text => match text.parse::<i64>() {
                Ok(id) if id > 0 => Some(PersonId(id)),
                _ => {
                    problems.push(("person", "Choose the reviewer from the list".into()));
                    None
                }
            },
        };
        if let Some(person) = person {
            if team.iter().any(|r| r.person == person) {
                problems.push(("person", "This person is already on the review team".into()));
            } else if team.len() >= MAX_TEAM {
                problems.push((
                    "person",
                    format!("A review team has at most {MAX_TEAM} reviewers"),
                ));
            }
        }
        let org = OrgRef::parse(&form.org);
        match org {
            None if form.org.trim().is_empty() => {
                problems.push((
                    "org",
                    "Choose the organisation the reviewer comes from".into(),
                ));
            }
            None => problems.push(("org", OrgRef::unreadable(form.org.trim()))),
            Some(org) => {
                for reason in conflicts_for(org, host, conflicts) {
                    problems.push(("org", reason));
                }
            }
        }
        let source = ReviewerSource::from_key(&form.source);
        if source.is_none() {
            problems.push((
                "source",
                "Say whether the reviewer comes from the review group or from outside it".into(),
            ));
        }
        let hours = match form.hours.trim().parse::<i64>() {
            Err(_) if form.hours.trim().is_empty() => {
                problems.push(("hours", "Enter the reviewer's hours".into()));
                None
            }
            Err(_) => {
                problems.push(("hours", "Hours must be a whole number".into()));
                None
            }
            Ok(h) if h < 1 => {
                problems.push(("hours", "Hours must be at least 1".into()));
                None
            }
            Ok(h) if h > i64::from(MAX_REVIEWER_HOURS) => {
                problems.push((
                    "hours",
                    format!("Hours must be {MAX_REVIEWER_HOURS} or fewer"),
                ));
                None
            }
            Ok(h) => u32::try_from(h).ok(),
        };
        match (person, org, source, hours) {
            (Some(person), Some(org), Some(source), Some(hours)) if problems.is_empty() => {
                Ok(Reviewer {
                    person,
                    org,
                    source,
                    hours,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The dates as typed. An empty progress review date means the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleForm {
    /// First day.
    pub starts_on: String,
    /// Last day.
    pub ends_on: String,
    /// The progress review's date, or empty for ten months after the last day.
    pub progress_review_on: String,
}

impl Schedule {
    /// Checks the dates: real, the last day on or after the first, and the progress review
    /// after the last day (ten months after it when left empty).
    pub fn check(form: &ScheduleForm) -> Result<Schedule, FieldProblems> {
        let mut problems = FieldProblems::new();
        let starts_on = date(&mut problems, "starts_on", &form.starts_on, "start date");
        let ends_on = date(&mut problems, "ends_on", &form.ends_on, "end date");
        if let (Some(s), Some(e)) = (starts_on, ends_on) {
            if e < s {
                problems.push((
                    "ends_on",
                    "The end date must be the same as or after the start date".into(),
                ));
            }
        }
        let progress_review_on = if form.progress_review_on.trim().is_empty() {
            ends_on.and_then(default_progress_review)
        } else {
            date(
                &mut problems,
                "progress_review_on",
                &form.progress_review_on,
                "progress review date",
            )
        };
        if let (Some(e), Some(p)) = (ends_on, progress_review_on) {
            if p <= e {
                problems.push((
                    "progress_review_on",
                    "The progress review must be after the review's end date".into(),
                ));
            }
        }
        match (starts_on, ends_on, progress_review_on) {
            (Some(starts_on), Some(ends_on), Some(progress_review_on)) if problems.is_empty() => {
                Ok(Schedule {
                    starts_on,
                    ends_on,
                    progress_review_on,
                })
            }
            _ => Err(problems),
        }
    }
}

/// An evidence log entry as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceForm {
    /// When it was gathered.
    pub on: String,
    /// The kind's key.
    pub kind: String,
    /// What was seen or heard.
    pub note: String,
}

/// A checked evidence log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceDraft {
    /// When.
    pub on: Date,
    /// What kind.
    pub kind: EvidenceKind,
    /// The note.
    pub note: String,
}

impl EvidenceDraft {
    /// Checks an entry: a real date no later than `today`, a kind from the list and a note.
    pub fn check(form: &EvidenceForm, today: Date) -> Result<EvidenceDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let on = date(
            &mut problems,
            "on",
            &form.on,
            "date the evidence was gathered",
        );
        if on.is_some_and(|on| on > today) {
            problems.push(("on", "The evidence date cannot be in the future".into()));
        }
        let kind = EvidenceKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push(("kind", "Choose the kind of evidence".into()));
        }
        let note = required(
            &mut problems,
            "note",
            &form.note,
            "Enter what was seen or heard",
            "The note",
            MAX_TEXT,
        );
        match (on, kind) {
            (Some(on), Some(kind)) if problems.is_empty() => Ok(EvidenceDraft { on, kind, note }),
            _ => Err(problems),
        }
    }
}

/// A finding as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingForm {
    /// `strength` or `area_to_develop`.
    pub kind: String,
    /// The focus area's key.
    pub area: String,
    /// The finding.
    pub text: String,
}

/// A checked finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingDraft {
    /// Strength or area to develop.
    pub kind: FindingKind,
    /// The focus area.
    pub area: ImprovementArea,
    /// The finding.
    pub text: String,
}

impl FindingDraft {
    /// Checks a finding: its kind, one of this review's `focus` areas (a finding about
    /// anything else is refused: the host chose what to be reviewed on) and its text.
    pub fn check(
        form: &FindingForm,
        focus: &[ImprovementArea],
    ) -> Result<FindingDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let kind = FindingKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push((
                "kind",
                "Say whether this is a strength or an area to develop".into(),
            ));
        }
        let area = match ImprovementArea::from_key(&form.area) {
            None => {
                problems.push(("area", "Choose the focus area the finding is about".into()));
                None
            }
            Some(area) if !focus.contains(&area) => {
                problems.push((
                    "area",
                    format!(
                        "{} is not one of this review's focus areas: findings are about the areas the host chose",
                        area.label()
                    ),
                ));
                None
            }
            Some(area) => Some(area),
        };
        let text = required(
            &mut problems,
            "text",
            &form.text,
            "Enter the finding",
            "The finding",
            MAX_TEXT,
        );
        match (kind, area) {
            (Some(kind), Some(area)) if problems.is_empty() => {
                Ok(FindingDraft { kind, area, text })
            }
            _ => Err(problems),
        }
    }
}

/// An action as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActionForm {
    /// What will be done.
    pub what: String,
    /// The organisation that will do it.
    pub who: String,
    /// By when.
    pub by: String,
    /// The number of the finding it answers.
    pub finding: String,
}

/// A checked action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDraft {
    /// What.
    pub what: String,
    /// Who.
    pub who: OrgRef,
    /// By when.
    pub by: Date,
    /// The finding it answers.
    pub finding: FindingId,
}

impl ActionDraft {
    /// Checks an action: what, an organisation from `owners` (the host and its schools, as
    /// the caller knows them), a date no earlier than `today`, and one of this review's
    /// `findings`.
    pub fn check(
        form: &ActionForm,
        owners: &BTreeSet<OrgRef>,
        findings: &[Finding],
        today: Date,
    ) -> Result<ActionDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let what = required(
            &mut problems,
            "what",
            &form.what,
            "Say what will be done",
            "The action",
            MAX_TEXT,
        );
        let who = OrgRef::parse(&form.who);
        match who {
            None => problems.push(("who", "Choose who will do it".into())),
            Some(org) if !owners.contains(&org) => problems.push((
                "who",
                "Choose the host or one of its schools: the action plan is the host's".into(),
            )),
            Some(_) => {}
        }
        let by = date(&mut problems, "by", &form.by, "date it will be done by");
        if by.is_some_and(|by| by < today) {
            problems.push((
                "by",
                "The date it will be done by cannot be in the past".into(),
            ));
        }
        let finding = match form.finding.trim() {
            "" => {
                problems.push(("finding", "Choose the finding this action answers".into()));
                None
            }
            text => {
                let id = text.parse::<i64>().ok().map(FindingId);
                let known = id.filter(|id| findings.iter().any(|f| f.id == *id));
                if known.is_none() {
                    problems.push((
                        "finding",
                        "Choose one of this review's findings for the action to answer".into(),
                    ));
                }
                known
            }
        };
        match (who, by, finding) {
            (Some(who), Some(by), Some(finding)) if problems.is_empty() => Ok(ActionDraft {
                what,
                who,
                by,
                finding,
            }),
            _ => Err(problems),
        }
    }
}

/// Feedback as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedbackForm {
    /// 1 to 5.
    pub rating: String,
    /// What they want to say (optional).
    pub comment: String,
}

/// Checked feedback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackDraft {
    /// 1 to 5.
    pub rating: u8,
    /// The comment, possibly empty.
    pub comment: String,
}

impl FeedbackDraft {
    /// Checks a rating from 1 to 5 and the comment's length.
    pub fn check(form: &FeedbackForm) -> Result<FeedbackDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let rating = match form.rating.trim().parse::<u8>() {
            Ok(r) if (MIN_RATING..=MAX_RATING).contains(&r) => Some(r),
            _ if form.rating.trim().is_empty() => {
                problems.push(("rating", "Choose a rating".into()));
                None
            }
            _ => {
                problems.push((
                    "rating",
                    format!("Choose a rating from {MIN_RATING} to {MAX_RATING}"),
                ));
                None
            }
        };
        let comment = optional(
            &mut problems,
            "comment",
            &form.comment,
            "The comment",
            MAX_COMMENT,
        );
        match rating {
            Some(rating) if problems.is_empty() => Ok(FeedbackDraft { rating, comment }),
            _ => Err(problems),
        }
    }
}

/// A summary as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryForm {
    /// The summary.
    pub text: String,
}

/// A checked summary, ready to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryDraft {
    /// The summary.
    pub text: String,
}

impl SummaryDraft {
    /// Checks the summary's text.
    pub fn check(form: &SummaryForm) -> Result<SummaryDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let text = required(
            &mut problems,
            "text",
            &form.text,
            "Enter the summary to publish",
            "The summary",
            MAX_SUMMARY,
        );
        if problems.is_empty() {
            Ok(SummaryDraft { text })
        } else {
            Err(problems)
        }
    }
}

/// Whether this reader may publish (or replace) the review's summary: only someone acting
/// for the host, and only once the review is finished (findings recorded and shared).
pub fn may_publish(review: &PeerReview, reader: &Reader) -> Result<(), String> {
    if review.role_of(reader) != Some(ReviewRole::Host) {
        return Err("Only the host can publish a summary of its review".into());
    }
    if !review.status.is_finished() || review.findings.is_empty() {
        return Err(
            "A summary can be published once the review is finished and its findings shared".into(),
        );
    }
    Ok(())
}

/// Hours given to a review, as a line on the reviewer's professional development record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DevelopmentHours {
    /// Who.
    pub person: PersonId,
    /// Hours given.
    pub hours: u32,
    /// The review.
    pub review: PeerReviewId,
    /// The review's last day.
    pub on: Date,
}

/// Each reviewer's hours, for their profile, once the review is finished (findings shared
/// or later); nothing before then, since hours planned are not hours given.
pub fn development_hours(review: &PeerReview) -> Vec<DevelopmentHours> {
    let Some(schedule) = review.schedule.filter(|_| review.status.is_finished()) else {
        return Vec::new();
    };
    review
        .team
        .iter()
        .map(|r| DevelopmentHours {
            person: r.person,
            hours: r.hours,
            review: review.id,
            on: schedule.ends_on,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{OrgRole, Viewer};
    use crate::ids::{GroupUid, Urn};
    use crate::party::PartnerId;

    const HOST: OrgRef = OrgRef::Trust(GroupUid(100));
    const HOST_SCHOOL: OrgRef = OrgRef::School(Urn(1001));
    const REVIEWER_ORG: OrgRef = OrgRef::Trust(GroupUid(200));
    const SECOND_ORG: OrgRef = OrgRef::Trust(GroupUid(300));
    const OUTSIDER_ORG: OrgRef = OrgRef::Partner(PartnerId(9));
    const REVIEWER: PersonId = PersonId(21);
    const SECOND: PersonId = PersonId(31);

    fn day(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn reader(orgs: &[OrgRef], person: i64, admin: bool) -> Reader {
        Reader {
            orgs: orgs.iter().copied().collect(),
            person: Some(PersonId(person)),
            platform_admin: admin,
        }
    }

    fn team() -> Vec<Reviewer> {
        vec![
            Reviewer {
                person: REVIEWER,
                org: REVIEWER_ORG,
                source: ReviewerSource::Cluster,
                hours: 14,
            },
            Reviewer {
                person: SECOND,
                org: SECOND_ORG,
                source: ReviewerSource::Other,
                hours: 10,
            },
        ]
    }

    fn finding(id: i64, kind: FindingKind) -> Finding {
        Finding {
            id: FindingId(id),
            kind,
            area: ImprovementArea::EarlyReading,
            text: "Phonics is taught consistently".into(),
            by: REVIEWER,
        }
    }

    fn review(status: ReviewStatus) -> PeerReview {
        PeerReview {
            id: PeerReviewId(5),
            host: HOST,
            status,
            focus: vec![ImprovementArea::EarlyReading, ImprovementArea::Attendance],
            self_evaluation: "We think reading is strong.".into(),
            team: team(),
            schedule: Some(Schedule {
                starts_on: day(2027, 3, 1),
                ends_on: day(2027, 3, 3),
                progress_review_on: day(2028, 1, 3),
            }),
            evidence: Vec::new(),
            findings: vec![
                finding(1, FindingKind::Strength),
                finding(2, FindingKind::AreaToDevelop),
            ],
            actions: vec![Action {
                id: ActionId(1),
                what: "Train new staff in phonics".into(),
                who: HOST_SCHOOL,
                by: day(2027, 9, 1),
                finding: FindingId(2),
            }],
            feedback: Vec::new(),
            summary: None,
        }
    }

    fn published(mut review: PeerReview) -> PeerReview {
        review.summary = Some(PublishedSummary {
            text: "A strong reading culture.".into(),
            published_on: day(2027, 4, 1),
            by: PersonId(1),
        });
        review
    }

    fn fields(problems: &FieldProblems) -> Vec<&'static str> {
        problems.iter().map(|(f, _)| *f).collect()
    }

    fn setup_form() -> SetupForm {
        SetupForm {
            host: "trust-100".into(),
            focus: vec!["early-reading".into(), "attendance".into(), String::new()],
            self_evaluation: "Our reading is strong; attendance is not.".into(),
        }
    }

    #[test]
    fn a_good_setup_is_accepted() {
        let draft = SetupDraft::check(&setup_form()).unwrap();
        assert_eq!(draft.host, HOST);
        assert_eq!(
            draft.focus,
            vec![ImprovementArea::EarlyReading, ImprovementArea::Attendance]
        );
        let empty_evaluation = SetupForm {
            self_evaluation: "  ".into(),
            ..setup_form()
        };
        assert_eq!(
            SetupDraft::check(&empty_evaluation)
                .unwrap()
                .self_evaluation,
            ""
        );
    }

    #[test]
    fn every_setup_problem_is_named() {
        let form = SetupForm {
            host: String::new(),
            focus: Vec::new(),
            self_evaluation: "é".repeat(MAX_SELF_EVALUATION + 1),
        };
        let problems = SetupDraft::check(&form).unwrap_err();
        assert_eq!(fields(&problems), vec!["host", "focus", "self_evaluation"]);
        assert_eq!(problems[1].1, "Choose at least one focus area");
        assert_eq!(
            problems[2].1,
            "The self-evaluation must be 10,000 characters or fewer"
        );
        let exactly = SetupForm {
            self_evaluation: "é".repeat(MAX_SELF_EVALUATION),
            ..setup_form()
        };
        assert!(SetupDraft::check(&exactly).is_ok(), "counted in characters");
    }

    #[test]
    fn focus_areas_are_known_distinct_and_at_most_five() {
        let unknown = SetupForm {
            focus: vec!["astrology".into()],
            ..setup_form()
        };
        let problems = SetupDraft::check(&unknown).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("\"astrology\" is not a focus area"));

        let repeated = SetupForm {
            focus: vec![
                "attendance".into(),
                "attendance".into(),
                "attendance".into(),
            ],
            ..setup_form()
        };
        let problems = SetupDraft::check(&repeated).unwrap_err();
        assert_eq!(
            problems,
            vec![(
                "focus",
                "Attendance is chosen more than once: choose each area once".to_string()
            )]
        );

        let six = SetupForm {
            focus: ImprovementArea::ALL
                .iter()
                .take(6)
                .map(|a| a.key().to_string())
                .collect(),
            ..setup_form()
        };
        let problems = SetupDraft::check(&six).unwrap_err();
        assert_eq!(fields(&problems), vec!["focus"]);
        assert!(problems[0].1.starts_with("Choose 5 focus areas or fewer"));
        let five = SetupForm {
            focus: six.focus.iter().take(5).cloned().collect(),
            ..setup_form()
        };
        assert_eq!(SetupDraft::check(&five).unwrap().focus.len(), 5);
    }

    fn reviewer_form() -> ReviewerForm {
        ReviewerForm {
            person: "41".into(),
            org: "trust-400".into(),
            source: "other".into(),
            hours: "12".into(),
        }
    }

    #[test]
    fn a_good_reviewer_is_accepted() {
        let reviewer = Reviewer::check(&reviewer_form(), HOST, &team(), &[]).unwrap();
        assert_eq!(
            reviewer,
            Reviewer {
                person: PersonId(41),
                org: OrgRef::Trust(GroupUid(400)),
                source: ReviewerSource::Other,
                hours: 12,
            }
        );
    }

    #[test]
    fn every_reviewer_problem_is_named() {
        let blank = ReviewerForm::default();
        let problems = Reviewer::check(&blank, HOST, &[], &[]).unwrap_err();
        assert_eq!(fields(&problems), vec!["person", "org", "source", "hours"]);
        assert_eq!(problems[0].1, "Choose the reviewer");
        assert_eq!(problems[3].1, "Enter the reviewer's hours");

        let nonsense = ReviewerForm {
            person: "Alice".into(),
            org: "trust-0".into(),
            source: "friends".into(),
            hours: "1.5".into(),
        };
        let problems = Reviewer::check(&nonsense, HOST, &[], &[]).unwrap_err();
        assert_eq!(fields(&problems), vec!["person", "org", "source", "hours"]);
        assert_eq!(problems[3].1, "Hours must be a whole number");

        for (hours, message) in [
            ("0", "Hours must be at least 1"),
            ("201", "Hours must be 200 or fewer"),
        ] {
            let form = ReviewerForm {
                hours: hours.into(),
                ..reviewer_form()
            };
            let problems = Reviewer::check(&form, HOST, &[], &[]).unwrap_err();
            assert_eq!(problems, vec![("hours", message.to_string())]);
        }
    }

    #[test]
    fn a_person_joins_a_team_once_and_teams_have_a_limit() {
        let again = ReviewerForm {
            person: REVIEWER.0.to_string(),
            ..reviewer_form()
        };
        let problems = Reviewer::check(&again, HOST, &team(), &[]).unwrap_err();
        assert_eq!(
            problems,
            vec![(
                "person",
                "This person is already on the review team".to_string()
            )]
        );
        let full: Vec<Reviewer> = (0..MAX_TEAM)
            .map(|i| Reviewer {
                person: PersonId(1000 + i as i64),
                ..team()[0].clone()
            })
            .collect();
        let problems = Reviewer::check(&reviewer_form(), HOST, &full, &[]).unwrap_err();
        assert_eq!(fields(&problems), vec!["person"]);
        assert!(problems[0].1.contains("at most 8"));
    }

    #[test]
    fn reviewers_cannot_come_from_the_host_or_a_conflicted_organisation() {
        let from_host = ReviewerForm {
            org: HOST.key(),
            ..reviewer_form()
        };
        let problems = Reviewer::check(&from_host, HOST, &[], &[]).unwrap_err();
        assert_eq!(fields(&problems), vec!["org"]);
        assert!(problems[0]
            .1
            .starts_with("A reviewer cannot come from the host"));

        let conflicted = OrgRef::Trust(GroupUid(400));
        let conflicts = vec![
            OrgConflict {
                org: conflicted,
                reason: "it is in the same trust as the host".into(),
            },
            OrgConflict {
                org: conflicted,
                reason: "it already collaborates with the host on reading".into(),
            },
            OrgConflict {
                org: OUTSIDER_ORG,
                reason: "a direct competitor".into(),
            },
        ];
        let problems = Reviewer::check(&reviewer_form(), HOST, &[], &conflicts).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (
                    "org",
                    "This organisation cannot review the host: it is in the same trust as the host"
                        .to_string()
                ),
                (
                    "org",
                    "This organisation cannot review the host: it already collaborates with the host on reading"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_whole_team_is_checked_again_for_conflicts() {
        let conflicts = vec![OrgConflict {
            org: SECOND_ORG,
            reason: "a direct competitor".into(),
        }];
        assert_eq!(
            team_conflicts(HOST, &team(), &conflicts),
            vec![(
                SECOND,
                "This organisation cannot review the host: a direct competitor".to_string()
            )]
        );
        assert!(team_conflicts(HOST, &team(), &[]).is_empty());
    }

    #[test]
    fn dates_are_checked_and_the_progress_review_defaults_to_ten_months_on() {
        let form = ScheduleForm {
            starts_on: "2027-03-29".into(),
            ends_on: "31/03/2027".into(),
            progress_review_on: String::new(),
        };
        let schedule = Schedule::check(&form).unwrap();
        assert_eq!(schedule.ends_on, day(2027, 3, 31));
        assert_eq!(schedule.progress_review_on, day(2028, 1, 31));

        let one_day = ScheduleForm {
            ends_on: "2027-03-29".into(),
            progress_review_on: "2027-12-01".into(),
            ..form.clone()
        };
        let schedule = Schedule::check(&one_day).unwrap();
        assert_eq!(schedule.starts_on, schedule.ends_on);
        assert_eq!(schedule.progress_review_on, day(2027, 12, 1));

        let blank = ScheduleForm::default();
        let problems = Schedule::check(&blank).unwrap_err();
        assert_eq!(fields(&problems), vec!["starts_on", "ends_on"]);
        assert_eq!(problems[0].1, "Enter the start date");

        let backwards = ScheduleForm {
            starts_on: "2027-03-29".into(),
            ends_on: "2027-03-28".into(),
            progress_review_on: "2027-03-01".into(),
        };
        let problems = Schedule::check(&backwards).unwrap_err();
        assert_eq!(fields(&problems), vec!["ends_on", "progress_review_on"]);

        let unreal = ScheduleForm {
            starts_on: "2027-02-30".into(),
            ends_on: "soon".into(),
            progress_review_on: "later".into(),
        };
        let problems = Schedule::check(&unreal).unwrap_err();
        assert_eq!(
            fields(&problems),
            vec!["starts_on", "ends_on", "progress_review_on"]
        );
        assert!(problems[0].1.contains("must be a real date"));
    }

    #[test]
    fn months_are_added_keeping_the_day_or_taking_the_month_end() {
        assert_eq!(add_months(day(2027, 3, 31), 10), Some(day(2028, 1, 31)));
        assert_eq!(add_months(day(2027, 4, 30), 10), Some(day(2028, 2, 29)));
        assert_eq!(add_months(day(2026, 4, 30), 10), Some(day(2027, 2, 28)));
        assert_eq!(add_months(day(2027, 5, 31), 10), Some(day(2028, 3, 31)));
        assert_eq!(add_months(day(2027, 8, 31), 10), Some(day(2028, 6, 30)));
        assert_eq!(add_months(day(2028, 2, 29), 12), Some(day(2029, 2, 28)));
        assert_eq!(add_months(day(2027, 12, 15), 1), Some(day(2028, 1, 15)));
        assert_eq!(add_months(day(2027, 6, 15), 0), Some(day(2027, 6, 15)));
        assert_eq!(add_months(day(2027, 1, 31), 25), Some(day(2029, 2, 28)));
        assert_eq!(add_months(day(u16::MAX, 12, 1), 1), None);
        assert_eq!(
            default_progress_review(day(2027, 3, 31)),
            Some(day(2028, 1, 31))
        );
    }

    #[test]
    fn the_lifecycle_moves_one_stage_at_a_time() {
        let today = day(2030, 1, 1);
        use ReviewStatus as S;
        let steps = [
            (S::Draft, S::Scheduled, ReviewRole::Host),
            (S::Scheduled, S::InProgress, ReviewRole::Reviewer),
            (S::InProgress, S::FindingsShared, ReviewRole::Reviewer),
            (S::FindingsShared, S::ActionPlanAgreed, ReviewRole::Host),
            (S::ActionPlanAgreed, S::ProgressReviewed, ReviewRole::Host),
            (S::Scheduled, S::Draft, ReviewRole::Host),
        ];
        for (from, to, role) in steps {
            assert_eq!(
                transition(&review(from), to, role, today),
                Ok(()),
                "{from:?} to {to:?}"
            );
        }
        for from in S::ALL {
            for to in S::ALL {
                let allowed = from.next().contains(&to);
                let outcome = transition(&review(from), to, ReviewRole::Host, today);
                if !allowed {
                    assert!(outcome.is_err(), "{from:?} to {to:?} should be refused");
                }
            }
        }
        assert_eq!(
            transition(&review(S::Draft), S::FindingsShared, ReviewRole::Host, today),
            Err("A review that is draft cannot become findings shared; next it can become scheduled".into())
        );
        assert_eq!(
            transition(
                &review(S::ProgressReviewed),
                S::Draft,
                ReviewRole::Host,
                today
            ),
            Err("The review is closed: the progress review has been held".into())
        );
        assert_eq!(
            transition(
                &review(S::InProgress),
                S::InProgress,
                ReviewRole::Host,
                today
            ),
            Err("The review is already in progress".into())
        );
        assert!(S::ProgressReviewed.next().is_empty());
    }

    #[test]
    fn each_move_is_made_by_the_right_side() {
        let today = day(2030, 1, 1);
        use ReviewStatus as S;
        assert_eq!(
            transition(&review(S::Draft), S::Scheduled, ReviewRole::Reviewer, today),
            Err("Only the host can make the review scheduled".into())
        );
        assert_eq!(
            transition(
                &review(S::InProgress),
                S::FindingsShared,
                ReviewRole::Host,
                today
            ),
            Err("Only the review team can share its findings".into())
        );
        assert!(transition(
            &review(S::FindingsShared),
            S::ActionPlanAgreed,
            ReviewRole::Reviewer,
            today
        )
        .is_err());
    }

    #[test]
    fn each_move_waits_for_what_it_needs() {
        use ReviewStatus as S;
        let today = day(2030, 1, 1);
        let mut draft = review(S::Draft);
        draft.focus.clear();
        assert!(transition(&draft, S::Scheduled, ReviewRole::Host, today)
            .unwrap_err()
            .contains("focus area"));
        let mut draft = review(S::Draft);
        draft.self_evaluation = " ".into();
        assert!(transition(&draft, S::Scheduled, ReviewRole::Host, today)
            .unwrap_err()
            .contains("self-evaluation"));
        let mut draft = review(S::Draft);
        draft.team.clear();
        assert!(transition(&draft, S::Scheduled, ReviewRole::Host, today)
            .unwrap_err()
            .contains("reviewer"));
        let mut draft = review(S::Draft);
        draft.schedule = None;
        assert!(transition(&draft, S::Scheduled, ReviewRole::Host, today)
            .unwrap_err()
            .contains("dates"));

        assert_eq!(
            transition(
                &review(S::Scheduled),
                S::InProgress,
                ReviewRole::Host,
                day(2027, 2, 28)
            ),
            Err("The review starts on 1 March 2027: it can begin then".into())
        );
        assert!(transition(
            &review(S::Scheduled),
            S::InProgress,
            ReviewRole::Host,
            day(2027, 3, 1)
        )
        .is_ok());

        let mut started = review(S::InProgress);
        started.findings.clear();
        assert!(
            transition(&started, S::FindingsShared, ReviewRole::Reviewer, today)
                .unwrap_err()
                .contains("at least one finding")
        );

        let mut shared = review(S::FindingsShared);
        shared.actions.clear();
        assert!(
            transition(&shared, S::ActionPlanAgreed, ReviewRole::Host, today)
                .unwrap_err()
                .contains("at least one action")
        );
        let mut shared = review(S::FindingsShared);
        shared.findings.push(finding(3, FindingKind::AreaToDevelop));
        assert_eq!(
            transition(&shared, S::ActionPlanAgreed, ReviewRole::Host, today),
            Err("1 area to develop is without an action: add an action for each before agreeing the plan".into())
        );

        let agreed = review(S::ActionPlanAgreed);
        assert_eq!(
            transition(
                &agreed,
                S::ProgressReviewed,
                ReviewRole::Host,
                day(2028, 1, 2)
            ),
            Err(
                "The progress review is set for 3 January 2028: record it on or after that day"
                    .into()
            )
        );
        assert!(transition(
            &agreed,
            S::ProgressReviewed,
            ReviewRole::Reviewer,
            day(2028, 1, 3)
        )
        .is_ok());
    }

    #[test]
    fn statuses_parts_and_kinds_round_trip_their_keys() {
        for status in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::from_key(status.key()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.key())
            );
        }
        for kind in EvidenceKind::ALL {
            assert_eq!(EvidenceKind::from_key(kind.key()), Some(kind));
        }
        for kind in [FindingKind::Strength, FindingKind::AreaToDevelop] {
            assert_eq!(FindingKind::from_key(kind.key()), Some(kind));
        }
        for role in [ReviewRole::Host, ReviewRole::Reviewer] {
            assert_eq!(ReviewRole::from_key(role.key()), Some(role));
        }
        for source in [ReviewerSource::Cluster, ReviewerSource::Other] {
            assert_eq!(ReviewerSource::from_key(source.key()), Some(source));
        }
        assert_eq!(ReviewStatus::from_key("closed"), None);
        assert!(ReviewStatus::FindingsShared.is_finished());
        assert!(!ReviewStatus::InProgress.is_finished());
        assert_eq!(
            serde_json::to_value(PeerReviewId(5)).unwrap(),
            serde_json::json!(5)
        );
    }

    #[test]
    fn parts_are_changed_by_the_right_side_at_the_right_time() {
        use ReviewStatus as S;
        assert!(may_change(S::Draft, ReviewPart::Setup, ReviewRole::Host).is_ok());
        assert_eq!(
            may_change(S::Scheduled, ReviewPart::Setup, ReviewRole::Host),
            Err("The review is scheduled: the focus areas and self-evaluation can be changed only while it is draft".into())
        );
        assert_eq!(
            may_change(S::InProgress, ReviewPart::Findings, ReviewRole::Host),
            Err("Only the review team can change the findings".into())
        );
        assert!(may_change(S::InProgress, ReviewPart::Evidence, ReviewRole::Reviewer).is_ok());
        assert!(may_change(
            S::FindingsShared,
            ReviewPart::Evidence,
            ReviewRole::Reviewer
        )
        .is_err());
        assert!(may_change(S::Scheduled, ReviewPart::Team, ReviewRole::Host).is_ok());
        assert!(may_change(S::InProgress, ReviewPart::Schedule, ReviewRole::Host).is_err());
        assert!(may_change(S::FindingsShared, ReviewPart::ActionPlan, ReviewRole::Host).is_ok());
        assert!(may_change(
            S::FindingsShared,
            ReviewPart::ActionPlan,
            ReviewRole::Reviewer
        )
        .is_err());
        for role in [ReviewRole::Host, ReviewRole::Reviewer] {
            assert!(may_change(S::ActionPlanAgreed, ReviewPart::Feedback, role).is_ok());
            assert!(may_change(S::InProgress, ReviewPart::Feedback, role).is_err());
        }
        assert_eq!(
            may_change(
                S::ProgressReviewed,
                ReviewPart::Summary,
                ReviewRole::Reviewer
            ),
            Err("Only the host can change the published summary".into())
        );
    }

    #[test]
    fn evidence_entries_are_checked() {
        let today = day(2027, 3, 2);
        let form = EvidenceForm {
            on: "2027-03-02".into(),
            kind: "lesson_visit".into(),
            note: "Year 1 phonics, fluent blending".into(),
        };
        let entry = EvidenceDraft::check(&form, today).unwrap();
        assert_eq!(entry.kind, EvidenceKind::LessonVisit);
        let problems = EvidenceDraft::check(&EvidenceForm::default(), today).unwrap_err();
        assert_eq!(fields(&problems), vec!["on", "kind", "note"]);
        assert_eq!(problems[2].1, "Enter what was seen or heard");
        let bad = EvidenceForm {
            on: "2027-03-03".into(),
            kind: "gossip".into(),
            note: "x".repeat(MAX_TEXT + 1),
        };
        let problems = EvidenceDraft::check(&bad, today).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (
                    "on",
                    "The evidence date cannot be in the future".to_string()
                ),
                ("kind", "Choose the kind of evidence".to_string()),
                (
                    "note",
                    "The note must be 5,000 characters or fewer".to_string()
                ),
            ]
        );
    }

    #[test]
    fn findings_are_only_about_the_focus_areas() {
        let focus = review(ReviewStatus::InProgress).focus;
        let form = FindingForm {
            kind: "area_to_develop".into(),
            area: "attendance".into(),
            text: "Persistent absence is not followed up quickly".into(),
        };
        let draft = FindingDraft::check(&form, &focus).unwrap();
        assert_eq!(draft.kind, FindingKind::AreaToDevelop);
        assert_eq!(draft.area, ImprovementArea::Attendance);

        let off_focus = FindingForm {
            area: "estates".into(),
            ..form.clone()
        };
        assert_eq!(
            FindingDraft::check(&off_focus, &focus).unwrap_err(),
            vec![(
                "area",
                "Estates is not one of this review's focus areas: findings are about the areas the host chose"
                    .to_string()
            )]
        );
        let problems = FindingDraft::check(&FindingForm::default(), &focus).unwrap_err();
        assert_eq!(fields(&problems), vec!["kind", "area", "text"]);
        let long = FindingForm {
            text: "x".repeat(MAX_TEXT + 1),
            ..form
        };
        assert_eq!(
            fields(&FindingDraft::check(&long, &focus).unwrap_err()),
            vec!["text"]
        );
    }

    #[test]
    fn actions_answer_a_known_finding_and_belong_to_the_host() {
        let today = day(2027, 3, 10);
        let findings = review(ReviewStatus::FindingsShared).findings;
        let owners: BTreeSet<OrgRef> = [HOST, HOST_SCHOOL].into_iter().collect();
        let form = ActionForm {
            what: "Daily attendance calls".into(),
            who: HOST_SCHOOL.key(),
            by: "2027-09-01".into(),
            finding: "2".into(),
        };
        let action = ActionDraft::check(&form, &owners, &findings, today).unwrap();
        assert_eq!(action.finding, FindingId(2));
        assert_eq!(action.who, HOST_SCHOOL);

        let unknown = ActionForm {
            finding: "99".into(),
            ..form.clone()
        };
        assert_eq!(
            ActionDraft::check(&unknown, &owners, &findings, today).unwrap_err(),
            vec![(
                "finding",
                "Choose one of this review's findings for the action to answer".to_string()
            )]
        );
        let problems =
            ActionDraft::check(&ActionForm::default(), &owners, &findings, today).unwrap_err();
        assert_eq!(fields(&problems), vec!["what", "who", "by", "finding"]);

        let wrong = ActionForm {
            who: REVIEWER_ORG.key(),
            by: "2027-03-09".into(),
            finding: "two".into(),
            ..form
        };
        let problems = ActionDraft::check(&wrong, &owners, &findings, today).unwrap_err();
        assert_eq!(fields(&problems), vec!["who", "by", "finding"]);
        assert!(problems[1].1.contains("cannot be in the past"));
    }

    #[test]
    fn feedback_is_a_rating_from_one_to_five() {
        let good = FeedbackForm {
            rating: "4".into(),
            comment: "Thoughtful, well prepared".into(),
        };
        assert_eq!(FeedbackDraft::check(&good).unwrap().rating, 4);
        let no_comment = FeedbackForm {
            rating: "5".into(),
            comment: String::new(),
        };
        assert!(FeedbackDraft::check(&no_comment).is_ok());
        assert_eq!(
            FeedbackDraft::check(&FeedbackForm::default()).unwrap_err(),
            vec![("rating", "Choose a rating".to_string())]
        );
        for rating in ["0", "6", "great", "-1"] {
            let form = FeedbackForm {
                rating: rating.into(),
                comment: "x".repeat(MAX_COMMENT + 1),
            };
            let problems = FeedbackDraft::check(&form).unwrap_err();
            assert_eq!(fields(&problems), vec!["rating", "comment"], "{rating}");
            assert_eq!(problems[0].1, "Choose a rating from 1 to 5");
        }
    }

    #[test]
    fn the_host_and_its_reviewers_see_everything() {
        let review = published(review(ReviewStatus::FindingsShared));
        let host = reader(&[HOST], 1, false);
        let reviewer_in_person = reader(&[], REVIEWER.0, false);
        let colleague_of_reviewer = reader(&[REVIEWER_ORG], 77, false);
        for who in [&host, &reviewer_in_person, &colleague_of_reviewer] {
            assert_eq!(review.access(who), ReviewAccess::Everything, "{who:?}");
            assert!(matches!(
                review.as_seen_by(who),
                Some(SeenReview::Everything(_))
            ));
        }
        assert_eq!(review.role_of(&host), Some(ReviewRole::Host));
        assert_eq!(
            review.role_of(&reviewer_in_person),
            Some(ReviewRole::Reviewer)
        );
        assert_eq!(
            review.role_of(&colleague_of_reviewer),
            Some(ReviewRole::Reviewer)
        );
        let unpublished = super::tests::review(ReviewStatus::InProgress);
        assert_eq!(unpublished.access(&host), ReviewAccess::Everything);
        assert_eq!(
            unpublished.access(&reviewer_in_person),
            ReviewAccess::Everything
        );
        assert!(ReviewAccess::Everything.sees_confidential());
    }

    #[test]
    fn everyone_else_sees_only_a_published_summary() {
        let unpublished = review(ReviewStatus::FindingsShared);
        let review = published(unpublished.clone());
        let outsider = reader(&[OUTSIDER_ORG], 88, false);
        let anonymous = Reader::default();
        for who in [&outsider, &anonymous] {
            assert_eq!(review.access(who), ReviewAccess::PublishedSummaryOnly);
            assert_eq!(unpublished.access(who), ReviewAccess::Nothing);
            assert_eq!(unpublished.as_seen_by(who), None);
            match review.as_seen_by(who) {
                Some(SeenReview::PublishedSummary(public)) => {
                    assert_eq!(public.summary.text, "A strong reading culture.");
                    let json = serde_json::to_string(&public).unwrap();
                    assert!(!json.contains("Phonics"), "no findings: {json}");
                    assert!(!json.contains("We think"), "no self-evaluation: {json}");
                }
                other => panic!("expected the summary only, got {other:?}"),
            }
        }
        assert!(!ReviewAccess::PublishedSummaryOnly.sees_confidential());
        assert!(ReviewAccess::PublishedSummaryOnly.sees_anything());
        assert!(!ReviewAccess::Nothing.sees_anything());
    }

    #[test]
    fn platform_administrators_do_not_see_findings() {
        let unpublished = review(ReviewStatus::ProgressReviewed);
        let review = published(unpublished.clone());
        let admin = reader(&[], 1, true);
        assert_eq!(review.access(&admin), ReviewAccess::PublishedSummaryOnly);
        assert_eq!(unpublished.access(&admin), ReviewAccess::Nothing);
        assert_eq!(review.role_of(&admin), None);
        let admin_of_outsider = reader(&[OUTSIDER_ORG], 1, true);
        assert_eq!(
            who_sees(HOST, &team(), false, &admin_of_outsider),
            ReviewAccess::Nothing
        );
        let admin_who_acts_for_the_host = reader(&[HOST], 1, true);
        assert_eq!(
            unpublished.access(&admin_who_acts_for_the_host),
            ReviewAccess::Everything,
            "as the host, not as an administrator"
        );
    }

    #[test]
    fn readers_come_from_the_request_actor() {
        assert_eq!(Reader::from_actor(&Actor::Anonymous), Reader::default());
        let viewer = Viewer {
            id: PersonId(3),
            platform_roles: [PlatformRole::Administrator].into_iter().collect(),
            organisations: [(HOST, OrgRole::Member)].into_iter().collect(),
            ..Viewer::default()
        };
        let reader = Reader::from_actor(&Actor::Person(viewer));
        assert_eq!(reader.person, Some(PersonId(3)));
        assert!(reader.platform_admin);
        assert!(reader.orgs.contains(&HOST));
    }

    #[test]
    fn only_the_host_publishes_and_only_when_findings_are_in() {
        let finished = review(ReviewStatus::FindingsShared);
        let host = reader(&[HOST], 1, false);
        assert_eq!(may_publish(&finished, &host), Ok(()));
        for who in [
            reader(&[], REVIEWER.0, false),
            reader(&[REVIEWER_ORG], 50, false),
            reader(&[], 1, true),
            reader(&[OUTSIDER_ORG], 2, false),
        ] {
            assert_eq!(
                may_publish(&finished, &who),
                Err("Only the host can publish a summary of its review".into()),
                "{who:?}"
            );
        }
        let in_progress = review(ReviewStatus::InProgress);
        assert!(may_publish(&in_progress, &host)
            .unwrap_err()
            .contains("finished"));
        let mut empty = review(ReviewStatus::FindingsShared);
        empty.findings.clear();
        assert!(may_publish(&empty, &host).is_err());

        assert_eq!(
            SummaryDraft::check(&SummaryForm::default()).unwrap_err(),
            vec![("text", "Enter the summary to publish".to_string())]
        );
        let long = SummaryForm {
            text: "x".repeat(MAX_SUMMARY + 1),
        };
        assert_eq!(
            fields(&SummaryDraft::check(&long).unwrap_err()),
            vec!["text"]
        );
        let good = SummaryForm {
            text: " A strong reading culture. ".into(),
        };
        assert_eq!(
            SummaryDraft::check(&good).unwrap().text,
            "A strong reading culture."
        );
    }

    #[test]
    fn reviewers_hours_count_once_the_review_is_finished() {
        let finished = review(ReviewStatus::FindingsShared);
        assert_eq!(
            development_hours(&finished),
            vec![
                DevelopmentHours {
                    person: REVIEWER,
                    hours: 14,
                    review: PeerReviewId(5),
                    on: day(2027, 3, 3),
                },
                DevelopmentHours {
                    person: SECOND,
                    hours: 10,
                    review: PeerReviewId(5),
                    on: day(2027, 3, 3),
                },
            ]
        );
        assert_eq!(
            development_hours(&review(ReviewStatus::ProgressReviewed)).len(),
            2
        );
        for status in [
            ReviewStatus::Draft,
            ReviewStatus::Scheduled,
            ReviewStatus::InProgress,
        ] {
            assert!(development_hours(&review(status)).is_empty(), "{status:?}");
        }
    }

    #[test]
    fn numbers_in_messages_are_grouped() {
        assert_eq!(thousands(5), "5");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(5_000), "5,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
