//! Every change to a review after it starts, once, for pages and API alike: a step as
//! typed ([`ReviewStep`]), checked by the domain and made by the store ([`take_step`]),
//! and how it went ([`Outcome`]). Pages map the outcome to a form with its errors; the API
//! to 400 (what was typed) or 409 (this side may not take this step now).

use crate::access::RequestContext;
use crate::error::refusal;
use crate::partnerships::today;
use crate::peer_reviews::{action_owners, acts_for, current_team_conflicts};
use crate::state::AppState;
use crate::WebError;
use convene_domain::account::PersonId;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::review::FieldProblems;
use convene_domain::peer_review::review::{
    ActionDraft, ActionForm, EvidenceDraft, EvidenceForm, FeedbackDraft, FeedbackForm,
    FindingDraft, FindingForm, PeerReview, Reader, ReviewPart, ReviewStatus, Reviewer,
    ReviewerForm, Schedule, ScheduleForm, SetupDraft, SetupForm, SummaryDraft, SummaryForm,
};
use convene_domain::peer_review::review_conflicts::review_conflicts;

/// How a change went: done, refused for what was typed, or refused by the review's rules
/// for this side at this stage.
pub(crate) enum Outcome {
    /// Made.
    Done,
    /// Problems with what was typed, by field.
    Invalid(FieldProblems),
    /// The store or the review's rules refused it, with the field a page shows it beside.
    Refused(&'static str, String),
}

/// The store's answer to a change as an [`Outcome`].
fn stored<T>(
    field: &'static str,
    result: Result<T, convene_store::StoreError>,
) -> Result<Outcome, WebError> {
    match result {
        Ok(_) => Ok(Outcome::Done),
        Err(e) => Ok(Outcome::Refused(field, refusal(e)?)),
    }
}

/// One step, as typed. Field names in problems are the domain's (`kind`, `text`...).
pub(crate) enum ReviewStep {
    /// Focus areas and self-evaluation (the host is the review's own).
    Setup(SetupForm),
    /// A reviewer to add.
    AddReviewer(ReviewerForm),
    /// A reviewer's person number to take off the team.
    RemoveReviewer(String),
    /// The dates.
    Schedule(ScheduleForm),
    /// The stage key to move to.
    Move(String),
    /// An evidence log entry.
    Evidence(EvidenceForm),
    /// A finding.
    Finding(FindingForm),
    /// An action in the host's plan.
    Action(ActionForm),
    /// Feedback from the caller's side.
    Feedback(FeedbackForm),
    /// The summary to publish.
    Summary(SummaryForm),
}

impl ReviewStep {
    /// The part of the review it changes, so the caller's side and the review's stage can
    /// be checked before what was typed (moving a stage has its own rules).
    pub(crate) fn part(&self) -> Option<ReviewPart> {
        Some(match self {
            ReviewStep::Setup(_) => ReviewPart::Setup,
            ReviewStep::AddReviewer(_) | ReviewStep::RemoveReviewer(_) => ReviewPart::Team,
            ReviewStep::Schedule(_) => ReviewPart::Schedule,
            ReviewStep::Move(_) => return None,
            ReviewStep::Evidence(_) => ReviewPart::Evidence,
            ReviewStep::Finding(_) => ReviewPart::Findings,
            ReviewStep::Action(_) => ReviewPart::ActionPlan,
            ReviewStep::Feedback(_) => ReviewPart::Feedback,
            ReviewStep::Summary(_) => ReviewPart::Summary,
        })
    }
}

/// Checks `step` with the domain and makes it through the store, which checks again that
/// the reader's side may make it at the review's stage.
pub(crate) async fn take_step(
    state: &AppState,
    context: &RequestContext,
    review: &PeerReview,
    step: ReviewStep,
) -> Result<Outcome, WebError> {
    let viewer = context.viewer()?;
    let reader = Reader::from_actor(&context.actor);
    let store = state.store();
    let id = review.id;
    match step {
        ReviewStep::Setup(mut form) => {
            form.host = review.host.key();
            match SetupDraft::check(&form) {
                Err(p) => Ok(Outcome::Invalid(p)),
                Ok(d) => stored("focus", store.update_review_setup(id, &reader, &d).await),
            }
        }
        ReviewStep::AddReviewer(form) => add_reviewer(state, review, &reader, &form).await,
        ReviewStep::RemoveReviewer(person) => match person.trim().parse::<i64>() {
            Err(_) => Ok(Outcome::Invalid(vec![(
                "person",
                "Choose the reviewer to remove".into(),
            )])),
            Ok(person) => stored(
                "person",
                store.remove_reviewer(id, &reader, PersonId(person)).await,
            ),
        },
        ReviewStep::Schedule(form) => match Schedule::check(&form) {
            Err(p) => Ok(Outcome::Invalid(p)),
            Ok(s) => stored(
                "starts_on",
                store.set_review_schedule(id, &reader, &s).await,
            ),
        },
        ReviewStep::Move(to) => {
            let Some(to) = ReviewStatus::from_key(&to) else {
                return Ok(Outcome::Invalid(vec![(
                    "to",
                    "Choose a stage the review can move to".into(),
                )]));
            };
            if to == ReviewStatus::Scheduled {
                let conflicts = current_team_conflicts(state, review).await?;
                if let Some((_, reason)) = conflicts.into_iter().next() {
                    return Ok(Outcome::Refused("to", reason));
                }
            }
            stored("to", store.move_review(id, &reader, to, today()).await)
        }
        ReviewStep::Evidence(form) => match EvidenceDraft::check(&form, today()) {
            Err(p) => Ok(Outcome::Invalid(p)),
            Ok(d) => stored(
                "note",
                store.log_review_evidence(id, &reader, viewer.id, &d).await,
            ),
        },
        ReviewStep::Finding(form) => match FindingDraft::check(&form, &review.focus) {
            Err(p) => Ok(Outcome::Invalid(p)),
            Ok(d) => stored(
                "text",
                store.record_finding(id, &reader, viewer.id, &d).await,
            ),
        },
        ReviewStep::Action(form) => {
            let owners = action_owners(state, review.host).await?;
            match ActionDraft::check(&form, &owners, &review.findings, today()) {
                Err(p) => Ok(Outcome::Invalid(p)),
                Ok(d) => stored("what", store.add_review_action(id, &reader, &d).await),
            }
        }
        ReviewStep::Feedback(form) => match FeedbackDraft::check(&form) {
            Err(p) => Ok(Outcome::Invalid(p)),
            Ok(d) => stored(
                "rating",
                store.give_review_feedback(id, &reader, viewer.id, &d).await,
            ),
        },
        ReviewStep::Summary(form) => match SummaryDraft::check(&form) {
            Err(p) => Ok(Outcome::Invalid(p)),
            Ok(d) => stored(
                "text",
                store
                    .publish_review_summary(id, &reader, viewer.id, &d, today())
                    .await,
            ),
        },
    }
}

/// Checks and adds one reviewer: the domain's checks with the host's conflicts from the
/// evidence, and that the person acts for the organisation they would review for.
async fn add_reviewer(
    state: &AppState,
    review: &PeerReview,
    reader: &Reader,
    form: &ReviewerForm,
) -> Result<Outcome, WebError> {
    let conflicts = match OrgRef::parse(form.org.trim()) {
        Some(org) => {
            let evidence = state.evidence().await?;
            let analysis = state.analysis().await?;
            review_conflicts(review.host, &[org], &evidence, &analysis)
        }
        None => Vec::new(),
    };
    let reviewer = match Reviewer::check(form, review.host, &review.team, &conflicts) {
        Err(p) => return Ok(Outcome::Invalid(p)),
        Ok(r) => r,
    };
    if !acts_for(state, reviewer.person, reviewer.org).await? {
        return Ok(Outcome::Invalid(vec![(
            "person",
            "That person does not act for that organisation: a reviewer reviews for an \
             organisation they belong to"
                .into(),
        )]));
    }
    stored(
        "person",
        state
            .store()
            .add_reviewer(review.id, reader, &reviewer)
            .await,
    )
}
