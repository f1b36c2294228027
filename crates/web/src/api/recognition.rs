//! The JSON API for recognition, under `/api/v1/recognition`: the recognition shown to
//! everyone (or the caller's own not shown), giving one, one whole with the records it
//! rests on that the caller may see, the nominee's answer and the giver's withdrawal. The
//! same checks and visibility as the pages (`crate::recognition`): a recognition not
//! accepted is answered "not found" to anyone outside its parties, platform
//! administrators included.

use super::json_body::{read, refused as problems};
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::RecognitionSearch;
use crate::error::ApiError;
use crate::pages::evidence::recognition::list_from;
use crate::params::ApiParams;
use crate::partnerships::today;
use crate::recognition::{checked, cited_for_reader, reader, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::evidence::recognition::{EvidenceRef, Recognition, RecognitionForm};
use convene_store::MAX_RECOGNITIONS_LISTED;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const TAG: &str = "Recognition";

/// A record a recognition rests on that the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CitedRecord {
    /// The record's key (`case-study-3`, `collaboration-7`, `peer-review-2`).
    #[schema(value_type = String)]
    record: EvidenceRef,
    /// What it is.
    label: String,
    /// Its page.
    href: String,
}

/// One recognition whole.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecognitionDetail {
    /// The recognition.
    #[serde(flatten)]
    recognition: Recognition,
    /// Whether anyone may see it (accepted, not withdrawn).
    shown: bool,
    /// The records it rests on that the caller may see.
    records: Vec<CitedRecord>,
    /// How many other records it rests on, confidential to the organisations in them.
    records_not_shown: usize,
}

async fn detail(
    state: &AppState,
    context: &RequestContext,
    recognition: Recognition,
) -> Result<RecognitionDetail, WebError> {
    let (cited, hidden) = cited_for_reader(state, context, &recognition).await?;
    Ok(RecognitionDetail {
        shown: recognition.is_shown(),
        recognition,
        records: cited
            .into_iter()
            .map(|(record, label)| CitedRecord {
                href: record.page_path(),
                record,
                label,
            })
            .collect(),
        records_not_shown: hidden,
    })
}

/// Recognition.
///
/// The recognition shown to everyone (accepted by its nominee, not withdrawn), newest
/// first; or, with `mine=true`, the caller's own not shown (given by them or their
/// organisations, or for them or their organisations: waiting, declined or withdrawn).
#[utoipa::path(
    get,
    path = "/api/v1/recognition",
    operation_id = "list_recognition",
    tag = TAG,
    params(RecognitionSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The recognition.", body = Vec<Recognition>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<Recognition>>, WebError> {
    let mut asked = list_from(&params)?;
    if params.flag("mine")? {
        asked.unshown_only = true;
    } else {
        asked.shown_only = true;
    }
    Ok(Json(
        state
            .store()
            .recognitions(&reader(&context), &asked, MAX_RECOGNITIONS_LISTED)
            .await?,
    ))
}

/// Give a recognition.
///
/// For an organisation the token's owner acts for (`from`), of a person or another
/// organisation, resting on records the caller can see that the nominee took part in.
/// The nominee (or its administrators) is told; nothing is shown until they accept.
/// Every problem is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/recognition",
    operation_id = "give_recognition",
    tag = TAG,
    request_body = RecognitionForm,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The recognition as stored.", body = RecognitionDetail),
        (status = 400, description = "It is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 409, description = "The nominee is not on Convene, or the organisation's earlier recognition of them is still waiting for an answer.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<RecognitionDetail>), WebError> {
    let viewer = context.viewer()?;
    let form: RecognitionForm = read("recognition", body)?;
    let draft = checked(&state, &context, &form)
        .await?
        .map_err(|found| problems("recognition", &found))?;
    let id = state
        .store()
        .create_recognition(viewer, &draft, today())
        .await?;
    let recognition = visible(&state, &context, &id.0.to_string()).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &context, recognition).await?),
    ))
}

/// One recognition.
///
/// Shown recognition for anyone; any other only for its parties. Anyone else is told it
/// does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/recognition/{id}",
    operation_id = "get_recognition",
    tag = TAG,
    params(("id" = i64, Path, description = "The recognition's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The recognition.", body = RecognitionDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn one(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<RecognitionDetail>, WebError> {
    let recognition = visible(&state, &context, &id).await?;
    Ok(Json(detail(&state, &context, recognition).await?))
}

/// The nominee's answer.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct AnswerBody {
    /// true to accept (shown on their pages), false to decline.
    accept: bool,
}

/// Answer a recognition.
///
/// The person recognised, or an administrator of the organisation recognised, accepts or
/// declines it; the answer can be changed later.
#[utoipa::path(
    post,
    path = "/api/v1/recognition/{id}/answer",
    operation_id = "answer_recognition",
    tag = TAG,
    params(("id" = i64, Path, description = "The recognition's number.")),
    request_body = AnswerBody,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The recognition after the answer.", body = RecognitionDetail),
        (status = 400, description = "The body is not valid.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The caller is not the person recognised, nor an administrator of the organisation, or it was withdrawn.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn answer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<RecognitionDetail>, WebError> {
    let recognition = visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    if let Some(refusal) = recognition.refuses_answer(viewer) {
        return Err(WebError::Forbidden(refusal));
    }
    let body: AnswerBody = read("answer", body)?;
    state
        .store()
        .answer_recognition(viewer, recognition.id, body.accept, today())
        .await?;
    let recognition = visible(&state, &context, &id).await?;
    Ok(Json(detail(&state, &context, recognition).await?))
}

/// Withdraw a recognition.
///
/// Its writer, or an administrator of the organisation that gave it, withdraws it: it is
/// shown to no one beyond its parties from then on.
#[utoipa::path(
    post,
    path = "/api/v1/recognition/{id}/withdraw",
    operation_id = "withdraw_recognition",
    tag = TAG,
    params(("id" = i64, Path, description = "The recognition's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The recognition, withdrawn.", body = RecognitionDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The caller did not write it and does not administer the organisation that gave it, or it was already withdrawn.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<RecognitionDetail>, WebError> {
    let recognition = visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    if let Some(refusal) = recognition.refuses_withdrawal(viewer) {
        return Err(WebError::Forbidden(refusal));
    }
    state
        .store()
        .withdraw_recognition(viewer, recognition.id, today())
        .await?;
    let recognition = visible(&state, &context, &id).await?;
    Ok(Json(detail(&state, &context, recognition).await?))
}
