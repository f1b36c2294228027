//! The JSON API for peer review rounds: the rounds, one round with its volunteers and
//! groups for those who may see them, opening a round and volunteering. The same checks as
//! the pages (`crate::peer_review`, `pages/peer_review/rounds.rs`); reviews themselves are
//! in `api/peer_reviews.rs`.

use super::json_body::{read, refused as problems};
use super::must_act_for;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{RoundSearch, BROKERAGE_PAGE_SIZE};
use crate::error::ApiError;
use crate::pages::notes::offset;
use crate::params::ApiParams;
use crate::partnerships::today;
use crate::peer_review::{move_and_save, propose_and_save, round, MoveRefused, SeenRound};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::round_setup::{
    check_focus, ReviewRound, RoundDraft, RoundForm, RoundVolunteer, SavedGroup,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) const TAG: &str = "Peer review";

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
        .await?;
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

/// The round, if the caller acts for its convener; 403 otherwise.
async fn convening(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<SeenRound, WebError> {
    context.viewer()?;
    let seen = round(state, context, id).await?;
    if seen.convenes {
        Ok(seen)
    } else {
        Err(WebError::Forbidden(
            "Only people acting for the convening organisation can change the groups.".into(),
        ))
    }
}

/// Propose and save a round's groups.
///
/// For the convener's people: forms groups of the round's size with the same optimiser and
/// seed as the round's page, and saves them (volunteering closes). When the constraints
/// cannot all be met, nothing is saved and the 409 says which constraint fails.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds/{id}/groups",
    operation_id = "save_review_round_groups",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The round with its groups.", body = RoundDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the convener, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "No grouping meets the constraints (the message says which fails), or the round's groups are confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn save_groups(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<RoundDetail>, WebError> {
    let seen = convening(&state, &context, &id).await?;
    propose_and_save(&state, &seen)
        .await?
        .map_err(WebError::Conflict)?;
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

/// A member to move between groups.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct GroupMove {
    /// The member's organisation.
    #[schema(value_type = OrgRef)]
    org: String,
    /// The group to move it to, from 1; one past the last starts a new group.
    #[schema(minimum = 1)]
    to: i64,
}

/// Move a member to another group.
///
/// For the convener's people, while the groups are proposed: moves one member, saves the
/// groups again and clears confirmations (the groups changed). Read the round to see each
/// group measured anew.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds/{id}/groups/move",
    operation_id = "move_review_round_member",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    request_body = GroupMove,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The round with its groups.", body = RoundDetail),
        (status = 400, description = "The member is not in the round, or the group number is out of range.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the convener, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The round's groups are confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn move_member(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<RoundDetail>, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let body: GroupMove = read("move", body)?;
    match move_and_save(&state, &seen, &body.org, &body.to.to_string()).await? {
        Ok(()) => {}
        Err(MoveRefused::Refused(why)) => return Err(WebError::Conflict(why)),
        Err(MoveRefused::Invalid(field, why)) => return Err(problems("move", &[(field, why)])),
    }
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

/// An organisation acting in a round.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct RoundMember {
    /// The organisation; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    org: String,
}

/// Confirm your group.
///
/// For people acting for a member, while the groups are proposed: confirms the member's
/// group. When every member has confirmed, the round's groups stand.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds/{id}/groups/confirm",
    operation_id = "confirm_review_round_group",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    request_body = RoundMember,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The round with its groups.", body = RoundDetail),
        (status = 400, description = "`org` is not an organisation key.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The groups are not waiting for confirmation, or the organisation is in none.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<RoundDetail>, WebError> {
    let viewer = context.viewer()?;
    let seen = round(&state, &context, &id).await?;
    let body: RoundMember = read("confirmation", body)?;
    let org = member_org(viewer, &body.org, "confirm its group")?;
    state
        .store()
        .confirm_round_group(seen.round.id, org, viewer.id)
        .await?;
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

/// Withdraw from a round.
///
/// For people acting for a volunteer, while the round is open: takes it out of the round.
#[utoipa::path(
    post,
    path = "/api/v1/review-rounds/{id}/withdraw",
    operation_id = "withdraw_from_review_round",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    request_body = RoundMember,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The round without the organisation.", body = RoundDetail),
        (status = 400, description = "`org` is not an organisation key.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The round is no longer open.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<RoundDetail>, WebError> {
    let viewer = context.viewer()?;
    let seen = round(&state, &context, &id).await?;
    let body: RoundMember = read("withdrawal", body)?;
    let org = member_org(viewer, &body.org, "withdraw it")?;
    state
        .store()
        .withdraw_from_round(seen.round.id, org)
        .await?;
    let seen = round(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, seen).await?))
}

fn member_org(
    viewer: &convene_domain::access::Viewer,
    key: &str,
    doing: &str,
) -> Result<OrgRef, WebError> {
    let org = OrgRef::parse(key.trim())
        .ok_or_else(|| WebError::BadRequest("org: not an organisation key".into()))?;
    must_act_for(viewer, org, doing)?;
    Ok(org)
}
