//! The JSON API for peer reviews: the caller's reviews and every published summary,
//! starting a review, reading one as far as the caller may (whole for its parties, the
//! published summary for everyone else) and each later step: focus and self-evaluation,
//! team, dates, stage, evidence, findings, action plan, feedback and the published
//! summary. Every step runs the same checks as the pages (`pages/peer_review/reviews.rs`,
//! `crate::peer_reviews`): problems with the body are a 400 listing every field, a step
//! the caller's side may not take at this stage a 409, and a review the caller is not a
//! party to a 404.

use super::json_body::{read, refused as problems};
use super::must_act_for;
use super::peer_review::TAG;
use crate::access::RequestContext;
use crate::api::openapi::{FAILED, NOT_FOUND, NO_TOKEN};
use crate::error::ApiError;
use crate::peer_review_steps::{take_step, Outcome, ReviewStep};
use crate::peer_reviews::review_to_change;
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::records::ReviewListing;
use convene_domain::peer_review::review::{
    may_change, ActionForm, EvidenceForm, FeedbackForm, FindingForm, PeerReview, PeerReviewId,
    PublicReview, Reader, ReviewRole, ReviewerForm, ScheduleForm, SetupDraft, SetupForm,
    SummaryForm,
};
use convene_store::ReviewForReader;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A peer review as the caller may see it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub(crate) enum ReviewView {
    /// The whole review: the caller acts for the host or is on its review team.
    Whole {
        /// The review, findings and all.
        review: Box<PeerReview>,
    },
    /// Only the summary the host published.
    Summary {
        /// The host and its published summary.
        review: PublicReview,
    },
}

/// One peer review.
///
/// The whole review (self-evaluation, team, evidence, findings, action plan, feedback) for
/// people acting for the host or on its review team; for anyone else, platform
/// administrators included, only the summary the host published, or 404 if there is none.
#[utoipa::path(
    get,
    path = "/api/v1/peer-reviews/{id}",
    operation_id = "peer_review",
    tag = TAG,
    params(("id" = i64, Path, description = "The review's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The review, as far as the caller may see it.", body = ReviewView),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn review(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<ReviewView>, WebError> {
    let not_found = || WebError::NotFound("There is no such review.".into());
    let id = PeerReviewId(id.parse().map_err(|_| not_found())?);
    let reader = Reader::from_actor(&context.actor);
    match state.store().peer_review_for(id, &reader).await? {
        Some(ReviewForReader::Whole(review)) => Ok(Json(ReviewView::Whole { review })),
        Some(ReviewForReader::Summary(review)) => Ok(Json(ReviewView::Summary { review })),
        None => Err(not_found()),
    }
}

/// A peer review to start, as its host.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewReview {
    /// The organisation being reviewed; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    host: String,
    /// One to five improvement area keys for the reviewers to look at, each once.
    #[schema(value_type = Vec<convene_domain::brokerage::area::ImprovementArea>, min_items = 1, max_items = 5)]
    focus: Vec<String>,
    /// The host's self-evaluation (up to 10,000 characters); confidential to the host and
    /// its reviewers.
    #[serde(default)]
    #[schema(max_length = 10000)]
    self_evaluation: String,
}

/// Start a peer review.
///
/// Starts a review, in draft, of an organisation the token's owner acts for. Every problem
/// with the body is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/peer-reviews",
    operation_id = "create_peer_review",
    tag = TAG,
    request_body = NewReview,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The review as stored.", body = ReviewView),
        (status = 400, description = "The review is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the host, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_review(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<ReviewView>), WebError> {
    let new: NewReview = read("review", new)?;
    let viewer = context.viewer()?;
    let draft = SetupDraft::check(&SetupForm {
        host: new.host.clone(),
        focus: new.focus.clone(),
        self_evaluation: new.self_evaluation.clone(),
    })
    .map_err(|p| problems("review", &p))?;
    must_act_for(viewer, draft.host, "start its review")?;
    let id = state.store().create_peer_review(viewer.id, &draft).await?;
    let reader = Reader::from_actor(&context.actor);
    match state.store().peer_review_for(id, &reader).await? {
        Some(ReviewForReader::Whole(review)) => {
            Ok((StatusCode::CREATED, Json(ReviewView::Whole { review })))
        }
        _ => Err(WebError::internal(
            "a review just started cannot be read by its host",
        )),
    }
}

/// A published summary in the list, with the host's name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PublishedListed {
    /// The host and its summary.
    #[serde(flatten)]
    review: PublicReview,
    /// The host's name.
    host_name: String,
}

/// The caller's reviews and the published summaries.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ReviewList {
    /// Reviews the caller hosts or reviews (empty without a token).
    yours: Vec<ReviewListing>,
    /// Up to 100 published summaries, newest first: all anyone else sees of any review.
    published: Vec<PublishedListed>,
}

/// Peer reviews.
///
/// The reviews the token's owner is a party to (hosting or reviewing), with their stage,
/// and the newest 100 summaries hosts have published. No one else's review is listed,
/// platform administrators included.
#[utoipa::path(
    get,
    path = "/api/v1/peer-reviews",
    operation_id = "peer_reviews",
    tag = TAG,
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The caller's reviews and the published summaries.", body = ReviewList),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<ReviewList>, WebError> {
    let reader = Reader::from_actor(&context.actor);
    let yours = if reader.person.is_some() {
        state.store().peer_reviews_of(&reader).await?
    } else {
        Vec::new()
    };
    let published = state
        .store()
        .published_review_summaries(100, 0)
        .await?
        .into_iter()
        .map(|(review, host_name)| PublishedListed { review, host_name })
        .collect();
    Ok(Json(ReviewList { yours, published }))
}

/// The answer to a step: the whole review as it now stands, or why not.
async fn answer(
    state: &AppState,
    context: &RequestContext,
    id: PeerReviewId,
    outcome: Outcome,
) -> Result<Json<ReviewView>, WebError> {
    match outcome {
        Outcome::Done => {}
        Outcome::Invalid(p) => return Err(problems("change", &p)),
        Outcome::Refused(_, message) => return Err(WebError::Conflict(message)),
    }
    let reader = Reader::from_actor(&context.actor);
    match state.store().peer_review_for(id, &reader).await? {
        Some(ReviewForReader::Whole(review)) => Ok(Json(ReviewView::Whole { review })),
        _ => Err(WebError::NotFound("There is no such review.".into())),
    }
}

/// The review to change, for its parties (404 for anyone else).
async fn party_review(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<(Box<PeerReview>, ReviewRole), WebError> {
    context.viewer()?;
    review_to_change(state, context, id).await
}

/// New focus areas and self-evaluation.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SetupBody {
    /// One to five improvement area keys, each once.
    #[schema(value_type = Vec<convene_domain::brokerage::area::ImprovementArea>, min_items = 1, max_items = 5)]
    focus: Vec<String>,
    /// The self-evaluation (up to 10,000 characters).
    #[serde(default)]
    #[schema(max_length = 10000)]
    self_evaluation: String,
}

/// A reviewer to add.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct TeamBody {
    /// The person's number; they must act for `org`.
    person: i64,
    /// The organisation they review for: not the host, its trust or a direct competitor.
    #[schema(value_type = OrgRef)]
    org: String,
    /// `cluster` (from the host's review group) or `other`.
    source: String,
    /// Hours they will give, 1 to 200.
    hours: i64,
}

/// A reviewer to take off the team.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RemoveBody {
    /// The person's number.
    person: i64,
}

/// The review's dates.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ScheduleBody {
    /// First day, `yyyy-mm-dd`.
    starts_on: String,
    /// Last day, on or after the first.
    ends_on: String,
    /// The progress review's date, after the last day; ten months after it when left out.
    #[serde(default)]
    progress_review_on: String,
}

/// The stage to move to.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StatusBody {
    /// One of the stages the review can move to next.
    #[schema(value_type = convene_domain::peer_review::review::ReviewStatus)]
    to: String,
}

/// An entry for the evidence log.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct EvidenceBody {
    /// When it was gathered, `yyyy-mm-dd`, not in the future.
    on: String,
    /// What kind.
    #[schema(value_type = convene_domain::peer_review::review::EvidenceKind)]
    kind: String,
    /// What was seen or heard (up to 5,000 characters).
    note: String,
}

/// A finding.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct FindingBody {
    /// `strength` or `area_to_develop`.
    #[schema(value_type = convene_domain::peer_review::review::FindingKind)]
    kind: String,
    /// One of the review's focus areas.
    #[schema(value_type = convene_domain::brokerage::area::ImprovementArea)]
    area: String,
    /// The finding (up to 5,000 characters).
    text: String,
}

/// An action in the host's plan.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct ActionBody {
    /// What will be done.
    what: String,
    /// Who does it: the host or one of its schools.
    #[schema(value_type = OrgRef)]
    who: String,
    /// Done by, `yyyy-mm-dd`, not in the past.
    by: String,
    /// The finding it answers.
    finding: i64,
}

/// Feedback on the review.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct FeedbackBody {
    /// 1 (not useful) to 5 (very useful).
    rating: i64,
    /// A comment (up to 2,000 characters).
    #[serde(default)]
    comment: String,
}

/// The summary to publish.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct SummaryBody {
    /// The summary everyone will be able to read (up to 5,000 characters).
    text: String,
}

macro_rules! review_step {
    ($name:ident, $path:literal, $op:literal, $body:ty, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(
            post,
            path = $path,
            operation_id = $op,
            tag = TAG,
            params(("id" = i64, Path, description = "The review's number.")),
            request_body = $body,
            security(("apiToken" = [])),
            responses(
                (status = 200, description = "The whole review as it now stands.", body = ReviewView),
                (status = 400, description = "The body is not valid; the message lists every problem with its field.", body = ApiError),
                (status = 401, description = NO_TOKEN, body = ApiError),
                (status = 403, description = "The token owner's email address is not confirmed.", body = ApiError),
                (status = 404, description = "There is no such review, or the caller is not one of its parties.", body = ApiError),
                (status = 409, description = "The caller's side may not take this step at the review's stage; the message says why.", body = ApiError),
                (status = 500, description = FAILED, body = ApiError),
            )
        )]
        pub(crate) async fn $name(
            State(state): State<AppState>,
            context: RequestContext,
            Path(id): Path<String>,
            body: Result<Json<serde_json::Value>, JsonRejection>,
        ) -> Result<Json<ReviewView>, WebError> {
            let (review, role) = party_review(&state, &context, &id).await?;
            let body: $body = read("change", body)?;
            let step = ReviewStep::from(body);
            if let Some(part) = step.part() {
                may_change(review.status, part, role).map_err(WebError::Conflict)?;
            }
            let outcome = take_step(&state, &context, &review, step).await?;
            answer(&state, &context, review.id, outcome).await
        }
    };
}

impl From<SetupBody> for ReviewStep {
    fn from(b: SetupBody) -> ReviewStep {
        ReviewStep::Setup(SetupForm {
            host: String::new(),
            focus: b.focus,
            self_evaluation: b.self_evaluation,
        })
    }
}

impl From<TeamBody> for ReviewStep {
    fn from(b: TeamBody) -> ReviewStep {
        ReviewStep::AddReviewer(ReviewerForm {
            person: b.person.to_string(),
            org: b.org,
            source: b.source,
            hours: b.hours.to_string(),
        })
    }
}

impl From<RemoveBody> for ReviewStep {
    fn from(b: RemoveBody) -> ReviewStep {
        ReviewStep::RemoveReviewer(b.person.to_string())
    }
}

impl From<ScheduleBody> for ReviewStep {
    fn from(b: ScheduleBody) -> ReviewStep {
        ReviewStep::Schedule(ScheduleForm {
            starts_on: b.starts_on,
            ends_on: b.ends_on,
            progress_review_on: b.progress_review_on,
        })
    }
}

impl From<StatusBody> for ReviewStep {
    fn from(b: StatusBody) -> ReviewStep {
        ReviewStep::Move(b.to)
    }
}

impl From<EvidenceBody> for ReviewStep {
    fn from(b: EvidenceBody) -> ReviewStep {
        ReviewStep::Evidence(EvidenceForm {
            on: b.on,
            kind: b.kind,
            note: b.note,
        })
    }
}

impl From<FindingBody> for ReviewStep {
    fn from(b: FindingBody) -> ReviewStep {
        ReviewStep::Finding(FindingForm {
            kind: b.kind,
            area: b.area,
            text: b.text,
        })
    }
}

impl From<ActionBody> for ReviewStep {
    fn from(b: ActionBody) -> ReviewStep {
        ReviewStep::Action(ActionForm {
            what: b.what,
            who: b.who,
            by: b.by,
            finding: b.finding.to_string(),
        })
    }
}

impl From<FeedbackBody> for ReviewStep {
    fn from(b: FeedbackBody) -> ReviewStep {
        ReviewStep::Feedback(FeedbackForm {
            rating: b.rating.to_string(),
            comment: b.comment,
        })
    }
}

impl From<SummaryBody> for ReviewStep {
    fn from(b: SummaryBody) -> ReviewStep {
        ReviewStep::Summary(SummaryForm { text: b.text })
    }
}

review_step!(
    setup,
    "/api/v1/peer-reviews/{id}/setup",
    "set_peer_review_focus",
    SetupBody,
    "Change a review's focus areas and self-evaluation (the host, while it is a draft)."
);
review_step!(add_to_team, "/api/v1/peer-reviews/{id}/team", "add_peer_reviewer", TeamBody,
    "Add a reviewer to the team (the host, while a draft or scheduled); the organisation is checked for conflicts with the host.");
review_step!(
    remove_from_team,
    "/api/v1/peer-reviews/{id}/team/remove",
    "remove_peer_reviewer",
    RemoveBody,
    "Take a reviewer off the team (the host, while a draft or scheduled)."
);
review_step!(schedule, "/api/v1/peer-reviews/{id}/schedule", "schedule_peer_review", ScheduleBody,
    "Set the review's dates (the host, while a draft or scheduled); the progress review defaults to ten months after the last day.");
review_step!(status, "/api/v1/peer-reviews/{id}/status", "move_peer_review", StatusBody,
    "Move the review to its next stage; each move has its own side and conditions, and the team's conflicts are checked again before it is scheduled.");
review_step!(
    evidence,
    "/api/v1/peer-reviews/{id}/evidence",
    "log_peer_review_evidence",
    EvidenceBody,
    "Log evidence (the review team, while the review is in progress)."
);
review_step!(
    finding,
    "/api/v1/peer-reviews/{id}/findings",
    "record_peer_review_finding",
    FindingBody,
    "Record a finding tied to one of the focus areas (the review team, while in progress)."
);
review_step!(
    action,
    "/api/v1/peer-reviews/{id}/actions",
    "add_peer_review_action",
    ActionBody,
    "Add an action to the host's plan answering a finding (the host, once findings are shared)."
);
review_step!(
    feedback,
    "/api/v1/peer-reviews/{id}/feedback",
    "give_peer_review_feedback",
    FeedbackBody,
    "Give (or replace) your side's feedback on the review, once findings are shared."
);
review_step!(
    summary,
    "/api/v1/peer-reviews/{id}/summary",
    "publish_peer_review_summary",
    SummaryBody,
    "Publish (or replace) the summary everyone may read (the host, once findings are shared)."
);
