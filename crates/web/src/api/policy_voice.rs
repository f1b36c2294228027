//! The JSON API for a voice in policy, under `/api/v1/calls`: the calls, opening one, one
//! call, its responses (as the call's rule lets the caller read them) and responding,
//! whose voices were heard (and, for a group, who was chosen against who was put
//! forward), and the collective submission once the caller may read it. The same checks
//! as the pages (`crate::policy_voice`).

use super::json_body::{read, refused as problems};
use crate::access::RequestContext;
use crate::api::openapi::{FAILED, NOT_FOUND, NO_TOKEN};
use crate::error::ApiError;
use crate::pages::policy_voice::{checked_call, checked_response};
use crate::partnerships::today;
use crate::policy_voice::{found_call, hearing, readable_responses};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::policy_voice::representation::Representation;
use convene_domain::policy_voice::submission::Submission;
use convene_domain::policy_voice::{Call, CallForm, Response, ResponseForm};
use serde::Serialize;
use utoipa::ToSchema;

const TAG: &str = "Calls for input";

/// A call with where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CallItem {
    /// The call.
    #[serde(flatten)]
    call: Call,
    /// Whether it takes responses today.
    open: bool,
}

fn item(call: Call) -> CallItem {
    CallItem {
        open: call.is_open(today()),
        call,
    }
}

/// Calls for input.
///
/// Every call, open ones first (closing soonest first), then closed ones.
#[utoipa::path(
    get,
    path = "/api/v1/calls",
    operation_id = "list_calls",
    tag = TAG,
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The calls.", body = Vec<CallItem>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(State(state): State<AppState>) -> Result<Json<Vec<CallItem>>, WebError> {
    Ok(Json(
        state
            .store()
            .calls(today())
            .await?
            .into_iter()
            .map(item)
            .collect(),
    ))
}

/// Open a call for input.
///
/// Convened by an organisation the token's owner acts for. Every problem is listed at
/// once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/calls",
    operation_id = "open_call",
    tag = TAG,
    request_body = CallForm,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The call as stored.", body = CallItem),
        (status = 400, description = "The call is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CallItem>), WebError> {
    let viewer = context.viewer()?;
    let form: CallForm = read("call", body)?;
    let draft = checked_call(&context, &form)?.map_err(|found| problems("call", &found))?;
    let id = state.store().create_call(viewer, &draft, today()).await?;
    let call = found_call(&state, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(item(call))))
}

/// One call for input.
#[utoipa::path(
    get,
    path = "/api/v1/calls/{id}",
    operation_id = "get_call",
    tag = TAG,
    params(("id" = i64, Path, description = "The call's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The call.", body = CallItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CallItem>, WebError> {
    Ok(Json(item(found_call(&state, &id).await?)))
}

/// A call's responses.
///
/// As the call's rule lets the caller read them: every response with who gave it for a
/// public call; for its convener every response, with who gave it unless the call is
/// anonymous (then without, in an order that says nothing of when each came); for
/// anyone else only their own organisations' responses to a call that is not anonymous.
#[utoipa::path(
    get,
    path = "/api/v1/calls/{id}/responses",
    operation_id = "list_call_responses",
    tag = TAG,
    params(("id" = i64, Path, description = "The call's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The responses the caller may read.", body = Vec<Response>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn responses(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Vec<Response>>, WebError> {
    let call = found_call(&state, &id).await?;
    Ok(Json(readable_responses(&state, &context, &call).await?))
}

/// The number of the response just given.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Responded {
    /// Its reference: its number, or nothing for an anonymous call.
    reference: Option<i64>,
}

/// Respond to a call.
///
/// For an organisation the token's owner acts for, once, while the call is open. Every
/// problem is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/calls/{id}/responses",
    operation_id = "respond_to_call",
    tag = TAG,
    params(("id" = i64, Path, description = "The call's number.")),
    request_body = ResponseForm,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The response was recorded.", body = Responded),
        (status = 400, description = "The response is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The call has closed, or the organisation has already responded.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn respond(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Responded>), WebError> {
    let call = found_call(&state, &id).await?;
    let viewer = context.viewer()?;
    let form: ResponseForm = read("response", body)?;
    let draft =
        checked_response(&context, &call, &form)?.map_err(|found| problems("response", &found))?;
    let id = state
        .store()
        .respond_to_call(viewer, &call, &draft, today())
        .await?;
    let anonymous =
        call.draft.visibility == convene_domain::policy_voice::ResponseVisibility::Anonymous;
    Ok((
        StatusCode::CREATED,
        Json(Responded {
            reference: (!anonymous).then_some(id.0),
        }),
    ))
}

/// Whose voices were heard.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Heard {
    /// The respondents against every open school and trust of the call's area.
    heard: Representation,
    /// For an expert group or roundtable: the organisations whose person was chosen
    /// against those that put someone forward.
    chosen: Option<Representation>,
}

/// Whose voices were heard in a call.
///
/// The organisations that responded against all the open schools and academy trusts of
/// the call's area (trusts and schools apart) on trust size, phase, region, urban or
/// rural, disadvantage and Ofsted, each group's share of the area and of those heard,
/// and the gaps in words.
#[utoipa::path(
    get,
    path = "/api/v1/calls/{id}/representation",
    operation_id = "call_representation",
    tag = TAG,
    params(("id" = i64, Path, description = "The call's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The figures.", body = Heard),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn representation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Heard>, WebError> {
    let call = found_call(&state, &id).await?;
    let hearing = hearing(&state, &call).await?;
    let chosen = hearing.selection(&state, &call).await?;
    Ok(Json(Heard {
        heard: hearing.heard,
        chosen,
    }))
}

/// A call's collective submission.
///
/// Once published, for anyone; before, only for the convener and the organisations it
/// quotes. Anyone else is told there is none.
#[utoipa::path(
    get,
    path = "/api/v1/calls/{id}/submission",
    operation_id = "get_call_submission",
    tag = TAG,
    params(("id" = i64, Path, description = "The call's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The submission.", body = Submission),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn submission(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Submission>, WebError> {
    let call = found_call(&state, &id).await?;
    let missing =
        || WebError::NotFound("There is no submission for this call that you can see.".into());
    let (s, _) = state
        .store()
        .call_submission(call.id)
        .await?
        .ok_or_else(missing)?;
    let viewer = context.actor.viewer();
    let quoted = viewer.is_some_and(|v| v.organisations.keys().any(|o| s.quotes_org(*o)));
    if s.published_on.is_none() && !call.is_convener(viewer) && !quoted {
        return Err(missing());
    }
    let mut s = s;
    if s.published_on.is_some() {
        s.quotes.retain(|q| q.consent.allows_publishing());
    }
    Ok(Json(s))
}
