//! `/api/v1/partnerships` and below it: partnerships, goals, commitments and stock-takes
//! for programs. The same checks as the pages ([`crate::partnerships`]) and the same
//! selection by the store: without a token, or for a token whose owner is not a member,
//! only published partnerships answer, and only their public material (agreed goals and
//! their commitments, statuses, values and summaries; never notes, decisions, next steps,
//! drafts or discussion).

use super::json_body::{read, refused as problems};
use super::must_act_for;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{PartnershipSearch, BROKERAGE_PAGE_SIZE};
use crate::error::ApiError;
use crate::export_csv::attachment;
use crate::pages::notes::offset;
use crate::pages::partnerships::commitments::commitments_csv;
use crate::params::ApiParams;
use crate::partnerships::{
    acting, commitment_form, convening, goal_form, partnership_form, today, visible, Seen,
};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use convene_domain::partnerships::progress::progress;
use convene_domain::partnerships::{
    Commitment, CommitmentDraft, CommitmentId, Goal, GoalChange, GoalDraft, GoalId, GoalStatus,
    Measurement, Member, Partnership, PartnershipDraft, PartnershipRole, Progress, ReviewStatus,
    Stocktake, StocktakeDraft, StocktakeForm, StocktakeId,
};
use convene_domain::party::OrgRef;
use convene_store::PartnershipDossier;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The tag every partnership operation is listed under.
const TAG: &str = "Partnerships";

/// What a 403 answer means for acting in a partnership.
const NOT_ACTING: &str = "The token's owner does not act for a convener or partner of the partnership (or, where conveners alone may act, for a convener), or their email address is not confirmed.";

/// A partnership in a list.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartnershipListed {
    /// The partnership.
    partnership: Partnership,
    /// Organisations that have joined.
    members: u64,
    /// Agreed goals.
    goals: u64,
}

/// A goal with its values and progress today.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct GoalProgress {
    /// The goal.
    goal: Goal,
    /// Values measured at stock-takes, oldest first.
    measurements: Vec<Measurement>,
    /// Progress today.
    progress: Progress,
    /// Changes since it was agreed (who, by name, only for members).
    history: Vec<GoalChange>,
}

/// A commitment with its statuses at past stock-takes.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CommitmentRecord {
    /// The commitment.
    commitment: Commitment,
    /// Whether it is overdue today.
    overdue: bool,
    /// Its status at each past stock-take, oldest first.
    history: Vec<StatusAt>,
}

/// A commitment's status at one stock-take.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct StatusAt {
    /// The stock-take's day.
    on: convene_domain::Date,
    /// The status then.
    status: ReviewStatus,
}

/// A partnership in full, as much as the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PartnershipDetail {
    /// The partnership.
    partnership: Partnership,
    /// The caller's role, if they act for a member.
    role: Option<PartnershipRole>,
    /// Members (with invitations, for members).
    members: Vec<Member>,
    /// Goals with progress (drafts only for members).
    goals: Vec<GoalProgress>,
    /// Commitments.
    commitments: Vec<CommitmentRecord>,
    /// Stock-takes, newest first, without their reviews (see the stock-take itself).
    stocktakes: Vec<Stocktake>,
    /// The next stock-take days.
    next_stocktakes: Vec<convene_domain::Date>,
}

fn goal_progress(d: &PartnershipDossier) -> Vec<GoalProgress> {
    let today = today();
    d.goals
        .iter()
        .map(|g| {
            let measurements = d.series.get(&g.id).cloned().unwrap_or_default();
            GoalProgress {
                progress: progress(g, &measurements, today),
                measurements,
                history: d
                    .history
                    .iter()
                    .filter(|(id, _)| *id == g.id)
                    .map(|(_, c)| c.clone())
                    .collect(),
                goal: g.clone(),
            }
        })
        .collect()
}

fn commitment_records(d: &PartnershipDossier) -> Vec<CommitmentRecord> {
    let today = today();
    d.commitments
        .iter()
        .map(|c| CommitmentRecord {
            overdue: c.overdue(today),
            history: d
                .status_history
                .get(&c.id)
                .map(|h| {
                    h.iter()
                        .map(|(on, status)| StatusAt {
                            on: *on,
                            status: *status,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            commitment: c.clone(),
        })
        .collect()
}

/// Partnerships the caller may see.
///
/// Published partnerships, newest first, a page at a time; with a token also the
/// unpublished ones the token owner's organisations belong to or are invited to.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships",
    operation_id = "list_partnerships",
    tag = TAG,
    params(PartnershipSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The partnerships.", body = Vec<PartnershipListed>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<PartnershipListed>>, WebError> {
    let org = params.org("org")?;
    let page = params.page()?;
    let per_page = params.per_page(BROKERAGE_PAGE_SIZE)? as usize;
    let found = state
        .store()
        .partnerships(
            &context.actor.read_scope(),
            org,
            per_page,
            offset(page, per_page),
        )
        .await?;
    Ok(Json(
        found
            .into_iter()
            .map(|s| PartnershipListed {
                partnership: s.partnership,
                members: s.members,
                goals: s.goals,
            })
            .collect(),
    ))
}

/// A partnership to convene.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewPartnership {
    /// The convening organisation; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    convener: String,
    /// Name (up to 200 characters).
    #[schema(max_length = 200)]
    name: String,
    /// The shared issue.
    #[schema(max_length = 10000)]
    issue: String,
    /// Local authority codes served.
    #[serde(default)]
    local_authorities: Vec<i64>,
    /// School URNs served.
    #[serde(default)]
    schools: Vec<i64>,
    /// Evidence of need, with sources.
    #[schema(max_length = 10000)]
    evidence: String,
    /// The shared vision.
    #[schema(max_length = 10000)]
    vision: String,
    /// The narrative.
    #[serde(default)]
    narrative: String,
    /// `half-termly` (the default) or `weeks`.
    #[serde(default)]
    rhythm: String,
    /// For `weeks`: from 1 to 26.
    #[serde(default)]
    weeks: Option<i64>,
    /// The first stock-take day (yyyy-mm-dd).
    #[schema(format = Date)]
    first_stocktake: String,
    /// Own half terms, one a line (`yyyy-mm-dd to yyyy-mm-dd`); empty for England's rule.
    #[serde(default)]
    calendar: String,
    /// Whether to publish.
    #[serde(default)]
    published: bool,
}

/// Convene a partnership.
///
/// Convenes a partnership for an organisation the token's owner acts for. Every problem with
/// the body is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/partnerships",
    operation_id = "create_partnership",
    tag = TAG,
    request_body = NewPartnership,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The partnership as stored.", body = PartnershipDetail),
        (status = 400, description = "The partnership is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the convening organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<PartnershipDetail>), WebError> {
    let new = read::<NewPartnership>("partnership", new)?;
    let viewer = context.viewer()?;
    let join = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let form = partnership_form(|name| match name {
        "convener" => new.convener.clone(),
        "name" => new.name.clone(),
        "issue" => new.issue.clone(),
        "local_authorities" => join(&new.local_authorities),
        "schools" => join(&new.schools),
        "evidence" => new.evidence.clone(),
        "vision" => new.vision.clone(),
        "narrative" => new.narrative.clone(),
        "rhythm" => new.rhythm.clone(),
        "weeks" => new.weeks.map(|w| w.to_string()).unwrap_or_default(),
        "first_stocktake" => new.first_stocktake.clone(),
        "calendar" => new.calendar.clone(),
        "published" => {
            if new.published {
                "yes".into()
            } else {
                String::new()
            }
        }
        _ => String::new(),
    });
    if let Some(org) = OrgRef::parse(form.convener.trim()) {
        must_act_for(viewer, org, "convene for it")?;
    }
    let draft = PartnershipDraft::check(&form).map_err(|p| problems("partnership", &p))?;
    let id = state.store().create_partnership(viewer.id, &draft).await?;
    let seen = visible(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(detail_of(&state, &seen).await?)))
}

async fn detail_of(state: &AppState, seen: &Seen) -> Result<PartnershipDetail, WebError> {
    let d = seen.dossier(state).await?;
    Ok(PartnershipDetail {
        next_stocktakes: d.partnership.schedule().upcoming(today(), 6),
        role: seen.role,
        goals: goal_progress(&d),
        commitments: commitment_records(&d),
        partnership: d.partnership.clone(),
        members: d.members.clone(),
        stocktakes: d.stocktakes.clone(),
    })
}

/// One partnership.
///
/// A partnership with its members, goals and progress, commitments and stock-takes, as much
/// as the caller may see: an unpublished partnership answers only its members and invitees
/// (others get 404), and members-only material only members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}",
    operation_id = "partnership",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The partnership.", body = PartnershipDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<PartnershipDetail>, WebError> {
    let seen = visible(&state, &context, &id).await?;
    Ok(Json(detail_of(&state, &seen).await?))
}

/// A partnership's goals.
///
/// Goals with their values and progress today: agreed goals for everyone who may see the
/// partnership, drafts too for members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/goals",
    operation_id = "partnership_goals",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The goals.", body = Vec<GoalProgress>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn goals(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Vec<GoalProgress>>, WebError> {
    let seen = visible(&state, &context, &id).await?;
    Ok(Json(goal_progress(&*seen.dossier(&state).await?)))
}

/// A goal to draft.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewGoal {
    /// What the goal is.
    #[schema(max_length = 500)]
    title: String,
    /// What is measured.
    #[schema(max_length = 500)]
    measure: String,
    /// The unit (`%`, `pupils`), may be empty.
    #[serde(default)]
    unit: String,
    /// The value at the start.
    baseline: Option<f64>,
    /// When the baseline was measured (yyyy-mm-dd).
    #[schema(format = Date)]
    #[serde(default)]
    baseline_on: String,
    /// The value to reach.
    target: Option<f64>,
    /// When (yyyy-mm-dd), after the baseline date.
    #[schema(format = Date)]
    #[serde(default)]
    deadline: String,
    /// The owning partner: a convener or partner that has joined.
    #[schema(value_type = OrgRef)]
    #[serde(default)]
    owner: String,
}

/// Draft a goal.
///
/// Drafts a goal (conveners and partners). A goal missing its measure, baseline, baseline
/// date, target, deadline or owner is refused, naming each missing part.
#[utoipa::path(
    post,
    path = "/api/v1/partnerships/{id}/goals",
    operation_id = "create_goal",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    request_body = NewGoal,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The draft goal.", body = Goal),
        (status = 400, description = "The goal is not valid; the message names every missing or wrong part.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_ACTING, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_goal(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Goal>), WebError> {
    let seen = acting(&state, &context, &id).await?;
    let new = read::<NewGoal>("goal", new)?;
    let form = goal_form(|name| match name {
        "title" => new.title.clone(),
        "measure" => new.measure.clone(),
        "unit" => new.unit.clone(),
        "baseline" => new.baseline.map(|v| v.to_string()).unwrap_or_default(),
        "baseline_on" => new.baseline_on.clone(),
        "target" => new.target.map(|v| v.to_string()).unwrap_or_default(),
        "deadline" => new.deadline.clone(),
        "owner" => new.owner.clone(),
        _ => String::new(),
    });
    let draft = GoalDraft::check(&form, &seen.members).map_err(|p| problems("goal", &p))?;
    let goal = state
        .store()
        .create_goal(seen.partnership.id, context.viewer()?.id, &draft)
        .await?;
    let goal = state
        .store()
        .goal(seen.partnership.id, goal)
        .await?
        .ok_or_else(|| WebError::internal("a goal just stored is missing"))?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// Agree a goal.
///
/// Agrees a draft goal (conveners). From then on only conveners change it, and every change
/// is kept in its history. Agreeing an agreed goal changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/partnerships/{id}/goals/{goal}/agree",
    operation_id = "agree_goal",
    tag = TAG,
    params(
        ("id" = i64, Path, description = "The partnership's number."),
        ("goal" = i64, Path, description = "The goal's number."),
    ),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreed goal.", body = Goal),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_ACTING, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn agree_goal(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, goal)): Path<(String, String)>,
) -> Result<Json<Goal>, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let not_found = || WebError::NotFound("There is no such goal.".into());
    let goal_id = GoalId(goal.parse().map_err(|_| not_found())?);
    state
        .store()
        .goal(seen.partnership.id, goal_id)
        .await?
        .ok_or_else(not_found)?;
    state
        .store()
        .agree_goal(goal_id, context.viewer()?.id)
        .await?;
    let goal = state
        .store()
        .goal(seen.partnership.id, goal_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(goal))
}

/// A partnership's commitments.
///
/// Commitments with their status and history: those of agreed goals for everyone who may
/// see the partnership, those of drafts too for members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/commitments",
    operation_id = "partnership_commitments",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The commitments.", body = Vec<CommitmentRecord>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn commitments(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Vec<CommitmentRecord>>, WebError> {
    let seen = visible(&state, &context, &id).await?;
    Ok(Json(commitment_records(&*seen.dossier(&state).await?)))
}

/// Download a partnership's commitments as CSV.
///
/// The same commitments as the JSON, one a row. Columns: id, action, goal_id, goal, owner,
/// owner_name, owner_left, due, days, status, reviewed_on, overdue.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/commitments.csv",
    operation_id = "partnership_commitments_csv",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The commitments as CSV.", content_type = "text/csv", body = String),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn commitments_download(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let d = seen.dossier(&state).await?;
    Ok(attachment(
        &format!("partnership-{}-commitments.csv", d.partnership.id.0),
        commitments_csv(&d)?,
    ))
}

/// A commitment to add.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewCommitment {
    /// The goal it serves.
    goal: Option<i64>,
    /// Its owner: a convener or partner that has joined.
    #[schema(value_type = OrgRef)]
    #[serde(default)]
    owner: String,
    /// What will be done.
    #[schema(max_length = 1000)]
    #[serde(default)]
    action: String,
    /// By when (yyyy-mm-dd).
    #[schema(format = Date)]
    #[serde(default)]
    due: String,
    /// Days of work, from 0 to 400.
    #[schema(minimum = 0, maximum = 400)]
    days: Option<i64>,
}

/// Add a commitment.
///
/// Adds a commitment (conveners and partners): who does what by when, for which goal.
#[utoipa::path(
    post,
    path = "/api/v1/partnerships/{id}/commitments",
    operation_id = "create_commitment",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    request_body = NewCommitment,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The commitment.", body = CommitmentRecord),
        (status = 400, description = "The commitment is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_ACTING, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_commitment(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CommitmentRecord>), WebError> {
    let seen = acting(&state, &context, &id).await?;
    let new = read::<NewCommitment>("commitment", new)?;
    let d = seen.dossier(&state).await?;
    let form = commitment_form(|name| match name {
        "goal" => new.goal.map(|g| g.to_string()).unwrap_or_default(),
        "owner" => new.owner.clone(),
        "action" => new.action.clone(),
        "due" => new.due.clone(),
        "days" => new.days.map(|d| d.to_string()).unwrap_or_default(),
        _ => String::new(),
    });
    let draft = CommitmentDraft::check(&form, &d.goals, &seen.members)
        .map_err(|p| problems("commitment", &p))?;
    let created = state
        .store()
        .create_commitment(seen.partnership.id, context.viewer()?.id, &draft)
        .await?;
    let d = seen.dossier(&state).await?;
    let record = commitment_records(&d)
        .into_iter()
        .find(|r| r.commitment.id == created)
        .ok_or_else(|| WebError::internal("a commitment just stored is missing"))?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// A partnership's stock-takes.
///
/// Stock-takes, newest first: the day and public summary for everyone who may see the
/// partnership; decisions, next steps and who recorded it for members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/stocktakes",
    operation_id = "partnership_stocktakes",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The stock-takes.", body = Vec<Stocktake>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn stocktakes(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Vec<Stocktake>>, WebError> {
    let seen = visible(&state, &context, &id).await?;
    Ok(Json(seen.dossier(&state).await?.stocktakes.clone()))
}

/// One stock-take.
///
/// A stock-take with each commitment's status and each goal's value; notes, decisions and
/// next steps only for members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/stocktakes/{stocktake}",
    operation_id = "partnership_stocktake",
    tag = TAG,
    params(
        ("id" = i64, Path, description = "The partnership's number."),
        ("stocktake" = i64, Path, description = "The stock-take's number."),
    ),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The stock-take.", body = Stocktake),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn stocktake(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, stocktake)): Path<(String, String)>,
) -> Result<Json<Stocktake>, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let not_found = || WebError::NotFound("There is no such stock-take.".into());
    let stocktake = StocktakeId(stocktake.parse().map_err(|_| not_found())?);
    Ok(Json(
        state
            .store()
            .stocktake(seen.partnership.id, stocktake, seen.member())
            .await?
            .ok_or_else(not_found)?,
    ))
}

/// One commitment's review in a new stock-take.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewReview {
    /// The commitment.
    commitment: i64,
    /// Its status.
    status: ReviewStatus,
    /// A note for members.
    #[serde(default)]
    #[schema(max_length = 5000)]
    note: String,
}

/// One goal's value in a new stock-take.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewValue {
    /// The goal (agreed).
    goal: i64,
    /// The value measured.
    value: f64,
}

/// A stock-take to record.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewStocktake {
    /// The day it was held (yyyy-mm-dd), not in the future.
    #[schema(format = Date)]
    held_on: String,
    /// A review for every commitment not yet done.
    #[serde(default)]
    reviews: Vec<NewReview>,
    /// Values measured for agreed goals.
    #[serde(default)]
    measurements: Vec<NewValue>,
    /// Decisions (members only).
    #[serde(default)]
    decisions: String,
    /// Next steps (members only).
    #[serde(default)]
    next_steps: String,
    /// The summary to publish.
    #[serde(default)]
    summary: String,
}

/// Record a stock-take.
///
/// Records a stock-take whole or not at all (conveners and partners): every commitment not
/// yet done needs a status, or nothing is saved and the message names each one missing.
#[utoipa::path(
    post,
    path = "/api/v1/partnerships/{id}/stocktakes",
    operation_id = "record_stocktake",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number.")),
    request_body = NewStocktake,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The stock-take as stored.", body = Stocktake),
        (status = 400, description = "The stock-take is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_ACTING, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn record_stocktake(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Stocktake>), WebError> {
    let seen = acting(&state, &context, &id).await?;
    let new = read::<NewStocktake>("stock-take", new)?;
    let d = seen.dossier(&state).await?;
    let form = StocktakeForm {
        held_on: new.held_on.clone(),
        reviews: new
            .reviews
            .iter()
            .map(|r| {
                (
                    CommitmentId(r.commitment),
                    r.status.key().to_string(),
                    r.note.clone(),
                )
            })
            .collect(),
        measurements: new
            .measurements
            .iter()
            .map(|v| (GoalId(v.goal), v.value.to_string()))
            .collect(),
        decisions: new.decisions.clone(),
        next_steps: new.next_steps.clone(),
        summary: new.summary.clone(),
    };
    let agreed: Vec<Goal> = d
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Agreed)
        .cloned()
        .collect();
    let draft = StocktakeDraft::check(&form, &d.commitments, &agreed, today())
        .map_err(|p| problems("stock-take", &p))?;
    let stocktake = state
        .store()
        .record_stocktake(seen.partnership.id, context.viewer()?.id, &draft)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .store()
                .stocktake(seen.partnership.id, stocktake, true)
                .await?
                .ok_or_else(|| WebError::internal("a stock-take just stored is missing"))?,
        ),
    ))
}
