//! The JSON API for case studies, under `/api/v1/case-studies`: finding published ones
//! (with why each matched "schools like mine"), writing and revising one, its steps to
//! publication (submit, withdraw, approve, return, each named organisation's consent), and
//! its pictures. The same checks and visibility as the pages (`crate::case_studies`): an
//! unpublished case study is answered "not found" to anyone outside it, platform
//! administrators included.

use super::json_body::{read, refused as problems};
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::CaseStudySearch;
use crate::case_studies::{self as shared, context_lines, facts, filter_from, linked_visible};
use crate::error::ApiError;
use crate::pages::evidence::case_studies::checked;
use crate::params::ApiParams;
use crate::partnerships::today;
use crate::state::AppState;
use crate::WebError;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::Json;
use convene_domain::evidence::case_studies::{
    check_image, CaseStudy, CaseStudyForm, CaseStudyImage, Consent, Source, Step,
};
use convene_domain::party::{NamedOrg, OrgRef};
use convene_store::{CaseStudyList, MAX_CASE_STUDIES_LISTED};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const TAG: &str = "Case studies";

/// A case study in a list: its content, where it stands, and why it matched.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseStudyItem {
    /// The case study.
    #[serde(flatten)]
    case_study: CaseStudy,
    /// Whether anyone may read it.
    published: bool,
    /// Why it matched "schools like mine", one reason per organisation that counts.
    why: Vec<String>,
}

/// A named organisation's context from the published data.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct OrganisationContext {
    /// The organisation.
    organisation: NamedOrg,
    /// Its context in words, each figure with its source.
    lines: Vec<String>,
}

/// A record the case study describes that the caller may see.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LinkedRecord {
    /// The record's key.
    record: Source,
    /// What it is.
    label: String,
    /// Its page.
    href: String,
}

/// One case study whole: the content, the context of each organisation it names, the
/// records the caller may see and its pictures.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CaseStudyDetail {
    /// The case study.
    #[serde(flatten)]
    case_study: CaseStudy,
    /// Whether anyone may read it.
    published: bool,
    /// The context of each named organisation, owner first.
    context: Vec<OrganisationContext>,
    /// The records it describes that the caller may see (others are left out).
    records: Vec<LinkedRecord>,
    /// Its pictures: fetch each from `/case-studies/{id}/images/{image}`.
    images: Vec<CaseStudyImage>,
}

async fn detail(
    state: &AppState,
    context: &RequestContext,
    study: CaseStudy,
) -> Result<CaseStudyDetail, WebError> {
    let analysis = state.analysis().await?;
    let records = linked_visible(state, context, &study)
        .await?
        .into_iter()
        .map(|(record, label)| LinkedRecord {
            href: record.page_path(),
            record,
            label,
        })
        .collect();
    let images = state.store().case_study_images(study.id).await?;
    let context = study
        .organisations()
        .into_iter()
        .map(|organisation| OrganisationContext {
            lines: context_lines(&analysis, organisation.org),
            organisation,
        })
        .collect();
    Ok(CaseStudyDetail {
        published: study.is_published(),
        case_study: study,
        context,
        records,
        images,
    })
}

/// Case studies.
///
/// Published case studies matching the search, most recently changed first, each with
/// why it matched `like`; or, with `unpublished=true`, the unpublished ones the caller
/// may see (their own organisations', those naming them, and for conveners those waiting
/// for approval).
#[utoipa::path(
    get,
    path = "/api/v1/case-studies",
    operation_id = "list_case_studies",
    tag = TAG,
    params(CaseStudySearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The case studies.", body = Vec<CaseStudyItem>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = "`like` names no school or trust.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<CaseStudyItem>>, WebError> {
    let analysis = state.analysis().await?;
    let filter = filter_from(&params, &analysis)?;
    let unpublished = params.flag("unpublished")?;
    let studies = state
        .store()
        .case_studies(
            &shared::reader(&context),
            &CaseStudyList {
                published_only: !unpublished,
                ..CaseStudyList::default()
            },
            MAX_CASE_STUDIES_LISTED,
        )
        .await?;
    let studies: Vec<CaseStudy> = studies
        .into_iter()
        .filter(|s| s.is_published() != unpublished)
        .collect();
    Ok(Json(
        filter
            .apply(&studies, &|s| facts(&analysis, s))
            .into_iter()
            .map(|m| CaseStudyItem {
                case_study: m.case_study.clone(),
                published: m.case_study.is_published(),
                why: m.reasons,
            })
            .collect(),
    ))
}

/// Write a case study.
///
/// Saves a draft for an organisation the token's owner acts for. Every other organisation
/// it names is asked to consent; the records it links must be collaborations or
/// partnerships the caller may see that the organisation took part in. Every problem is
/// listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/case-studies",
    operation_id = "create_case_study",
    tag = TAG,
    request_body = CaseStudyForm,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The draft as stored.", body = CaseStudyDetail),
        (status = 400, description = "The case study is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner's email address is not confirmed.", body = ApiError),
        (status = 409, description = "A named organisation is not on Convene.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CaseStudyDetail>), WebError> {
    let form: CaseStudyForm = read("case study", new)?;
    let viewer = context.viewer()?;
    let draft = checked(&state, &context, &form)
        .await?
        .map_err(|found| problems("case study", &found))?;
    let id = state.store().create_case_study(viewer.id, &draft).await?;
    let study = shared::visible(&state, &context, &id.0.to_string()).await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &context, study).await?),
    ))
}

/// One case study.
///
/// A published case study for anyone; an unpublished one only for the people acting for
/// the organisations it names and, once submitted, conveners. Anyone else is told it does
/// not exist.
#[utoipa::path(
    get,
    path = "/api/v1/case-studies/{id}",
    operation_id = "get_case_study",
    tag = TAG,
    params(("id" = i64, Path, description = "The case study's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The case study.", body = CaseStudyDetail),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn one(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<CaseStudyDetail>, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    Ok(Json(detail(&state, &context, study).await?))
}

/// A revised case study, with the version it revises.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct Revision {
    /// The version the caller last read, so a change made meanwhile is not overwritten.
    version: i64,
    /// The whole new text (the owner cannot change).
    #[serde(flatten)]
    case_study: CaseStudyForm,
}

/// Revise a case study.
///
/// Replaces its text. It goes back to a draft: a convener approves it again and every
/// named organisation is asked again.
#[utoipa::path(
    post,
    path = "/api/v1/case-studies/{id}/revise",
    operation_id = "revise_case_study",
    tag = TAG,
    params(("id" = i64, Path, description = "The case study's number.")),
    request_body = Revision,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The case study as stored.", body = CaseStudyDetail),
        (status = 400, description = "The case study is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The caller does not act for its organisation.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "It changed since `version`.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn revise(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<CaseStudyDetail>, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    study
        .may(viewer, &Step::Revise)
        .map_err(|r| WebError::Forbidden(r.message()))?;
    let revision: Revision = read("case study", body)?;
    let draft = checked(&state, &context, &revision.case_study)
        .await?
        .map_err(|found| problems("case study", &found))?;
    state
        .store()
        .revise_case_study(viewer, study.id, revision.version, &draft)
        .await?;
    let study = shared::visible(&state, &context, &id).await?;
    Ok(Json(detail(&state, &context, study).await?))
}

/// A step on the way to publication, with the version it acts on.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct StepBody {
    /// The version the caller last read.
    version: i64,
    /// Returning it: why (up to 2,000 characters).
    #[serde(default)]
    #[schema(max_length = 2000)]
    note: Option<String>,
    /// Consenting: the named organisation answered for.
    #[serde(default)]
    #[schema(value_type = Option<OrgRef>)]
    org: Option<String>,
    /// Consenting: `given` or `refused`.
    #[serde(default)]
    consent: Option<Consent>,
}

macro_rules! case_study_step {
    ($name:ident, $path:literal, $operation:literal, $summary:literal, $who:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            post,
            path = $path,
            operation_id = $operation,
            tag = TAG,
            params(("id" = i64, Path, description = "The case study's number.")),
            request_body = StepBody,
            security(("apiToken" = [])),
            responses(
                (status = 200, description = "The case study after the step.", body = CaseStudyDetail),
                (status = 400, description = "The body is not valid.", body = ApiError),
                (status = 401, description = NO_TOKEN, body = ApiError),
                (status = 403, description = $who, body = ApiError),
                (status = 404, description = NOT_FOUND, body = ApiError),
                (status = 409, description = "Not at this stage, or it changed since `version`.", body = ApiError),
                (status = 500, description = FAILED, body = ApiError),
            )
        )]
        pub(crate) async fn $name(
            State(state): State<AppState>,
            context: RequestContext,
            Path(id): Path<String>,
            body: Result<Json<serde_json::Value>, JsonRejection>,
        ) -> Result<Json<CaseStudyDetail>, WebError> {
            take_step(&state, &context, &id, body, $operation).await
        }
    };
}

case_study_step!(
    submit,
    "/api/v1/case-studies/{id}/submit",
    "submit_case_study",
    "Send a draft to the conveners for approval.",
    "The caller does not act for its organisation."
);
case_study_step!(
    withdraw,
    "/api/v1/case-studies/{id}/withdraw",
    "withdraw_case_study",
    "Take a case study back to a draft, unpublishing it if it was published.",
    "The caller does not act for its organisation."
);
case_study_step!(
    approve,
    "/api/v1/case-studies/{id}/approve",
    "approve_case_study",
    "Approve a submitted case study (a convener not acting for its organisation). It is published once every named organisation consents.",
    "The caller is not a convener, or acts for its organisation."
);
case_study_step!(
    send_back,
    "/api/v1/case-studies/{id}/return",
    "return_case_study",
    "Return a submitted case study to its authors with a `note` (a convener).",
    "The caller is not a convener, or acts for its organisation."
);
case_study_step!(
    consent,
    "/api/v1/case-studies/{id}/consent",
    "answer_case_study_consent",
    "Answer for a named organisation (`org`) the caller acts for: `given` or `refused`.",
    "The caller does not act for that named organisation."
);

async fn take_step(
    state: &AppState,
    context: &RequestContext,
    id: &str,
    body: Result<Json<serde_json::Value>, JsonRejection>,
    operation: &str,
) -> Result<Json<CaseStudyDetail>, WebError> {
    let study = shared::visible(state, context, id).await?;
    let viewer = context.viewer()?;
    let may = |step: &Step| {
        study.may(viewer, step).map_err(|refused| {
            if refused.is_forbidden() {
                WebError::Forbidden(refused.message())
            } else {
                WebError::Conflict(refused.message())
            }
        })
    };
    let fixed = match operation {
        "submit_case_study" => Some(Step::Submit),
        "withdraw_case_study" => Some(Step::Withdraw),
        "approve_case_study" => Some(Step::Approve),
        "return_case_study" => Some(Step::Return),
        _ => None,
    };
    match &fixed {
        Some(step) => may(step)?,
        None => drop(shared::answering_for(&study, Some(viewer), "")?),
    }
    let body: StepBody = read("step", body)?;
    let step = match fixed {
        Some(step) => step,
        None => {
            let org = shared::answering_for(
                &study,
                Some(viewer),
                body.org.as_deref().unwrap_or_default(),
            )?;
            let consent = body
                .consent
                .filter(|c| *c != Consent::Awaiting)
                .ok_or_else(|| {
                    problems(
                        "step",
                        &[("consent", "Answer given or refused".to_string())],
                    )
                })?;
            let step = Step::Answer { org, consent };
            may(&step)?;
            step
        }
    };
    let note = match step {
        Step::Return => shared::return_note(body.note.as_deref().unwrap_or_default())
            .map_err(|m| problems("step", &[("note", m)]))?,
        _ => String::new(),
    };
    state
        .store()
        .case_study_step(viewer, study.id, body.version, &step, &note, today())
        .await?;
    let study = shared::visible(state, context, id).await?;
    Ok(Json(detail(state, context, study).await?))
}

/// Add a picture.
///
/// The body is the picture itself (PNG, JPEG, GIF or WebP, 5 MB or less; its type is
/// read from its bytes), with its description for people who cannot see it in `alt`.
#[utoipa::path(
    post,
    path = "/api/v1/case-studies/{id}/images",
    operation_id = "add_case_study_image",
    tag = TAG,
    params(
        ("id" = i64, Path, description = "The case study's number."),
        ("alt" = String, Query, description = "The picture's description (up to 300 characters)."),
    ),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The picture's bytes."),
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The picture as stored.", body = CaseStudyImage),
        (status = 400, description = "Not a picture Convene takes, or no description; the message says which.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The caller does not act for its organisation.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "It already has the most pictures it may.", body = ApiError),
        (status = 413, description = "The body is larger than 5 MB.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn add_image(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
    bytes: Bytes,
) -> Result<
    (
        StatusCode,
        [(header::HeaderName, String); 1],
        Json<CaseStudyImage>,
    ),
    WebError,
> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    study
        .may(viewer, &Step::AddImage)
        .map_err(|r| WebError::Forbidden(r.message()))?;
    let image = check_image(&bytes, params.get("alt").unwrap_or_default())
        .map_err(|found| problems("picture", &found))?;
    let number = state
        .store()
        .add_case_study_image(viewer, study.id, &image, &bytes)
        .await?;
    let stored = state
        .store()
        .case_study_images(study.id)
        .await?
        .into_iter()
        .find(|i| i.id == number)
        .ok_or_else(|| WebError::internal("a picture just stored was not found"))?;
    let location = format!("/case-studies/{}/images/{number}", study.id.0);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(stored),
    ))
}
