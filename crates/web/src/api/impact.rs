//! `/api/v1/schools/{urn}/impact` and `/api/v1/collaborations/{id}/impact`: impact compared
//! like with like, as JSON with the same figures and words the pages show
//! ([`crate::impact`]). A collaboration's impact is answered only to those who may see the
//! collaboration, and like one that does not exist to everyone else.

use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::error::ApiError;
use crate::impact::{self, CollaborationImpact, PartnershipImpact, SchoolImpact};
use crate::params::ApiParams;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::Json;
use convene_domain::outcome::Measure;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{KnownFormat, Required, SchemaFormat};
use utoipa::IntoParams;

const TAG: &str = "Evidence";

fn measure_parameter(description: &str) -> Parameter {
    ParameterBuilder::new()
        .name("measure")
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(impact::measures().map(Measure::key))),
        ))
        .build()
}

/// `GET /api/v1/schools/{urn}/impact`: the measure and the start.
pub(crate) struct SchoolImpactParams;

impl IntoParams for SchoolImpactParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            measure_parameter(
                "The result measure to compare; by default the first one the school has a published figure for.",
            ),
            ParameterBuilder::new()
                .name("start")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(
                    "When the work started, as year-month-day; by default the day the school joined its current academy trust. The academic year the start falls in is the first after it.",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
                ))
                .build(),
        ]
    }
}

/// `GET /api/v1/collaborations/{id}/impact`: the measure.
pub(crate) struct CollaborationImpactParams;

impl IntoParams for CollaborationImpactParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![measure_parameter(
            "The result measure to compare; by default each school's first published measure among the collaboration's improvement area's indicators.",
        )]
    }
}

/// The query parameters of a partnership's impact.
pub(crate) struct PartnershipImpactParams;

impl IntoParams for PartnershipImpactParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            measure_parameter(
                "The result measure to compare; by default each school's first published result measure.",
            ),
            ParameterBuilder::new()
                .name("goal")
                .parameter_in(ParameterIn::Query)
                .required(Required::False)
                .description(Some(
                    "A goal of the partnership, by number: compare from its baseline date instead of the partnership's start.",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[1-9][0-9]{0,17}$")),
                ))
                .build(),
        ]
    }
}

/// A school's impact compared like with like.
///
/// The school's published figures for one result measure before and after a start (by
/// default the day it joined its current academy trust), against its family of similar
/// schools over the same years: each year's figure with its source and the family's range,
/// the school's change, each similar school's change, the difference-in-differences and a
/// 95% prediction interval from the spread of the similar schools' changes, and what it means
/// in words (a contribution compared with similar schools, never attribution), or why there
/// is too little data. The starts offered include the collaborations helping the school that
/// the caller may see. Method: docs/evidence.md.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{urn}/impact",
    operation_id = "school_impact",
    tag = TAG,
    params(("urn" = i64, Path, description = "The school's unique reference number (URN)."), SchoolImpactParams),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The impact, or the starts to choose from when none is known.", body = SchoolImpact),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn school(
    State(state): State<AppState>,
    context: RequestContext,
    Path(urn): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Json<SchoolImpact>, WebError> {
    let measure = impact::requested_measure(&params)?;
    let start = impact::requested_start(&params)?;
    Ok(Json(
        impact::school(&state, &context, &urn, measure, start).await?,
    ))
}

/// A collaboration's impact compared like with like.
///
/// For the school the collaboration helped, or each open school of the trust it helped:
/// the measure's figures before and after the collaboration started, against each school's
/// family of similar schools, with the estimate, its 95% interval and what it means in words.
/// A collaboration the caller may not see is answered exactly like one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/collaborations/{id}/impact",
    operation_id = "collaboration_impact",
    tag = TAG,
    params(("id" = i64, Path, description = "The collaboration's number."), CollaborationImpactParams),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The impact on each school helped.", body = CollaborationImpact),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn collaboration(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Json<CollaborationImpact>, WebError> {
    let measure = impact::requested_measure(&params)?;
    Ok(Json(
        impact::collaboration(&state, &context, &id, measure).await?,
    ))
}

/// A partnership's impact compared like with like.
///
/// For each open school of the partnership's current members (a member school, or each
/// open school of a member trust): the measure's figures before and after the partnership
/// started (or, with `goal`, after that goal's baseline date), against each school's family
/// of similar schools, with the estimate, its 95% interval and what it means in words. A
/// partnership the caller may not see is answered exactly like one that does not exist, as
/// is a draft goal for anyone but its members.
#[utoipa::path(
    get,
    path = "/api/v1/partnerships/{id}/impact",
    operation_id = "partnership_impact",
    tag = TAG,
    params(("id" = i64, Path, description = "The partnership's number."), PartnershipImpactParams),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The impact on each member's schools.", body = PartnershipImpact),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn partnership(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Json<PartnershipImpact>, WebError> {
    let measure = impact::requested_measure(&params)?;
    Ok(Json(
        impact::partnership(&state, &context, &id, measure, params.get("goal")).await?,
    ))
}
