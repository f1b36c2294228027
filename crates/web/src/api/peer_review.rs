//! The JSON API for peer review: rounds (the rounds, one round with its volunteers and
//! groups for those who may see them, opening a round and volunteering) and reviews
//! (starting one, and reading one as far as the caller may: whole for its parties, the
//! published summary for everyone else). The same checks
//! as the pages (`crate::peer_review`, `pages/peer_review/`).

use super::json_body::{read, refused as problems};
use super::must_act_for;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{RoundSearch, BROKERAGE_PAGE_SIZE};
use crate::error::ApiError;
use crate::pages::notes::offset;
use crate::params::ApiParams;
use crate::partnerships::today;
use crate::peer_review::{round, SeenRound};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::review::{
    PeerReview, PeerReviewId, PublicReview, Reader, SetupDraft, SetupForm,
};
use convene_domain::peer_review::round_setup::{
    check_focus, ReviewRound, RoundDraft, RoundForm, RoundVolunteer, SavedGroup,
};
use convene_store::ReviewForReader;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const TAG: &str = "Peer review";

/// A round in a list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RoundListed {
    /// The round.
    #[serde(flatten)]
    round: ReviewRound,
    /// How many have volunteered.
    volunteers: u64,
}

/// A round with what the caller may see of it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RoundDetail {
    /// The round.
    round: ReviewRound,
    /// How many have volunteered.
    volunteer_count: usize,
    /// Who volunteered and their focus areas: only for people acting for the convener or
    /// a volunteer; absent for everyone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    volunteers: Option<Vec<RoundVolunteer>>,
    /// The saved groups, for the same people.
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<SavedGroup>>,
}

async fn detail_of(state: &AppState, seen: SeenRound) -> Result<RoundDetail, WebError> {
    let sees = seen.sees_volunteers();
    let groups = if sees {
        Some(state.store().round_groups(seen.round.id).await?)
    } else {
        None
    };
    Ok(RoundDetail {
        volunteer_count: seen.volunteers.len(),
        volunteers: sees.then_some(seen.volunteers),
        groups,
        round: seen.round,
    })
}

/// Peer review rounds.
///
/// Every round, newest first, a page at a time, with how many have volunteered. Who
/// volunteered is in each round's own answer, for those who may see it.
#[utoipa::path(
    get,
    path = "/api/v1/review-rounds",
    operation_id = "list_review_rounds",
    tag = TAG,
    params(RoundSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The rounds.", body = Vec<RoundListed>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<RoundListed>>, WebError> {
    let page = params.page()?;
    let per_page = params.per_page(BROKERAGE_PAGE_SIZE)? as usize;
    let rounds = state
        .store()
        .review_rounds(per_page, offset(page, per_page))
        .await?;
    Ok(Json(
        rounds
            .into_iter()
            .map(|(round, volunteers)| RoundListed { round, volunteers })
            .collect(),
    ))
}

/// One peer review round.
///
/// The round and how many volunteered; for people acting for the convener or a volunteer,
/// also who volunteered with their focus areas, and the saved groups.
#[utoipa::path(
    get,
    path = "/api/v1/review-rounds/{id}",
    operation_id = "review_round",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The round.", body = RoundDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<RoundDetail>, WebError> {
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

/// A round to open.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewRound {
    /// The convening organisation; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    convener: String,
    /// Name (1 to 200 characters, not blank).
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    /// What the round is for.
    #[serde(default)]
    #[schema(max_length = 5000)]
    description: String,
    /// Wanted group size, from 3 to 7.
    #[schema(minimum = 3, maximum = 7)]
    group_size: i64,
    /// Longest distance between two members of a group, in km (1 to 700); none if absent.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 700)]
    travel_km: Option<i64>,
    /// Last day to volunteer (yyyy-mm-dd), today or later.
    #[schema(format = Date)]
    closes_on: String,
}

/// Open a peer review round.
///
/// Opens a round for an organisation the token's owner acts for. Every problem with the
/// body is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds",
    operation_id = "create_review_round",
    tag = TAG,
    request_body = NewRound,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The round as stored.", body = RoundDetail),
        (status = 400, description = "The round is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the convening organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<RoundDetail>), WebError> {
    let new: NewRound = read("round", new)?;
    let viewer = context.viewer()?;
    let form = RoundForm {
        convener: new.convener.clone(),
        name: new.name.clone(),
        description: new.description.clone(),
        group_size: new.group_size.to_string(),
        travel_km: new.travel_km.map(|k| k.to_string()).unwrap_or_default(),
        closes_on: new.closes_on.clone(),
    };
    let draft = RoundDraft::check(&form, today()).map_err(|p| problems("round", &p))?;
    must_act_for(viewer, draft.convener, "open a round for it")?;
    let id = state.store().create_review_round(viewer.id, &draft).await?;
    let seen = round(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, seen).await?)))
}

/// A volunteer for a round.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewVolunteer {
    /// The volunteering organisation; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    org: String,
    /// One to three improvement area keys to be reviewed on, each once.
    #[schema(value_type = Vec<convene_domain::brokerage::area::ImprovementArea>, min_items = 1, max_items = 3)]
    focus: Vec<String>,
}

/// Volunteer for a round.
///
/// Puts an organisation the token's owner acts for into an open round, or changes its
/// focus areas if it is in already. Refused once volunteering has closed.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds/{id}/volunteers",
    operation_id = "volunteer_for_review_round",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    request_body = NewVolunteer,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The round, now with the volunteer.", body = RoundDetail),
        (status = 400, description = "The focus areas are not valid.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The round is no longer taking volunteers.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn volunteer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<RoundDetail>, WebError> {
    let seen = round(&state, &context, &id).await?;
    let new: NewVolunteer = read("volunteer", new)?;
    let viewer = context.viewer()?;
    let focus = check_focus(&new.focus).map_err(|p| problems("volunteer", &p))?;
    let org = OrgRef::parse(new.org.trim())
        .ok_or_else(|| WebError::BadRequest("org: not an organisation key".into()))?;
    must_act_for(viewer, org, "volunteer it")?;
    state
        .store()
        .volunteer_for_round(seen.round.id, org, &focus, viewer.id, today())
        .await
        .map_err(|e| match e {
            convene_store::StoreError::Refused(m) => WebError::Conflict(m),
            other => other.into(),
        })?;
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

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
