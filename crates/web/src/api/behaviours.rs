//! The JSON API for the eight behaviours, for their owner only, under
//! `/api/v1/behaviours`: the framework with its level descriptors, the caller's own
//! assessments with the change between the last two, their development plan, their 360
//! rounds, saving an assessment, and a closed round's report (anonymous below three
//! answers per group). The same rules as the pages (`pages::behaviours`).

use super::json_body::{read, refused as problems};
use crate::access::RequestContext;
use crate::api::openapi::{FAILED, NOT_FOUND, NO_TOKEN};
use crate::error::ApiError;
use crate::pages::behaviours::round_report;
use crate::partnerships::today;
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::behaviours::assessment::{
    change, Action, AssessmentDraft, AssessmentForm, Change,
};
use convene_domain::behaviours::feedback::FeedbackReport;
use convene_domain::behaviours::framework::{Behaviour, Domain};
use serde::Serialize;
use utoipa::ToSchema;

const TAG: &str = "Behaviours";

/// One behaviour of the framework.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FrameworkBehaviour {
    /// Its key.
    behaviour: Behaviour,
    /// In the paper's words.
    title: &'static str,
    /// Its NHS Leadership Academy domain.
    domain: Domain,
    /// What levels 1 to 4 look like.
    levels: [&'static str; 4],
}

/// One of the caller's assessments.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AssessmentItem {
    /// Its number.
    id: i64,
    /// The day it was taken.
    #[schema(value_type = String)]
    taken_on: convene_domain::Date,
    /// Each behaviour placed.
    #[serde(flatten)]
    draft: AssessmentDraft,
}

/// One development action.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ActionItem {
    /// Its number.
    id: i64,
    /// What it is.
    #[serde(flatten)]
    action: Action,
    /// When it was done.
    #[schema(value_type = Option<String>)]
    done_on: Option<convene_domain::Date>,
}

/// One 360 round.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RoundItem {
    /// Its number.
    id: i64,
    /// The last day to answer.
    #[schema(value_type = String)]
    closes_on: convene_domain::Date,
    /// Whether it still takes answers.
    open: bool,
    /// How many were invited.
    invited: usize,
    /// How many answered in all.
    answered: usize,
}

/// The caller's system leadership.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Mine {
    /// The eight behaviours.
    framework: Vec<FrameworkBehaviour>,
    /// Their assessments, oldest first.
    assessments: Vec<AssessmentItem>,
    /// The change from their assessment before the last to the last.
    change: Vec<Change>,
    /// Their development plan.
    actions: Vec<ActionItem>,
    /// Their 360 rounds, newest first.
    rounds: Vec<RoundItem>,
}

/// Your system leadership.
///
/// The framework, your assessments with the change between the last two, your plan and
/// your 360 rounds. Only ever your own.
#[utoipa::path(
    get,
    path = "/api/v1/behaviours",
    operation_id = "my_behaviours",
    tag = TAG,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "Yours.", body = Mine),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn mine(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Json<Mine>, WebError> {
    let viewer = context.viewer()?;
    let store = state.store();
    let assessments = store.assessments(viewer.id).await?;
    let moved = match assessments.as_slice() {
        [.., before, after] => change(&before.draft, &after.draft),
        _ => Vec::new(),
    };
    let today = today();
    Ok(Json(Mine {
        framework: Behaviour::ALL
            .into_iter()
            .map(|b| FrameworkBehaviour {
                behaviour: b,
                title: b.title(),
                domain: b.domain(),
                levels: b.descriptors(),
            })
            .collect(),
        change: moved,
        assessments: assessments
            .into_iter()
            .map(|a| AssessmentItem {
                id: a.id,
                taken_on: a.taken_on,
                draft: a.draft,
            })
            .collect(),
        actions: store
            .actions(viewer.id)
            .await?
            .into_iter()
            .map(|a| ActionItem {
                id: a.id,
                action: a.action,
                done_on: a.done_on,
            })
            .collect(),
        rounds: store
            .feedback_rounds(viewer.id)
            .await?
            .into_iter()
            .map(|r| RoundItem {
                open: r.is_open(today),
                id: r.id,
                closes_on: r.closes_on,
                invited: r.invited.values().sum(),
                answered: r.answered,
            })
            .collect(),
    }))
}

/// Save an assessment of yourself.
///
/// A level from 1 to 4 for every one of the eight behaviours (by key), and optionally
/// what shows each. Every problem is listed at once and nothing is stored unless there
/// are none.
#[utoipa::path(
    post,
    path = "/api/v1/behaviours/assessments",
    operation_id = "save_behaviour_assessment",
    tag = TAG,
    request_body = AssessmentForm,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "Saved.", body = AssessmentItem),
        (status = 400, description = "It is not valid; the message lists every problem.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn save_assessment(
    State(state): State<AppState>,
    context: RequestContext,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<AssessmentItem>), WebError> {
    let viewer = context.viewer()?;
    let form: AssessmentForm = read("assessment", body)?;
    let (draft, cited) = crate::behaviours::checked_assessment(&state, &context, &form)
        .await?
        .map_err(|found| problems("assessment", &found))?;
    let today = today();
    let id = state
        .store()
        .save_assessment(viewer.id, &draft, &cited, today)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(AssessmentItem {
            id,
            taken_on: today,
            draft,
        }),
    ))
}

/// One of your 360 rounds' report.
///
/// Made only once the round has closed; before that, 409. Each group of raters is shown
/// only when at least three of them answered, and never its count below that. Anyone
/// else's round is answered "not found".
#[utoipa::path(
    get,
    path = "/api/v1/behaviours/feedback/{id}",
    operation_id = "my_feedback_report",
    tag = TAG,
    params(("id" = i64, Path, description = "The round's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The report.", body = FeedbackReport),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The round is still open: the report is made when it closes.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn report(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<FeedbackReport>, WebError> {
    let viewer = context.viewer()?;
    let (_, made) = round_report(&state, viewer.id, &id).await?;
    made.map(Json).ok_or_else(|| {
        WebError::Conflict("The round is still open: the report is made when it closes.".into())
    })
}
