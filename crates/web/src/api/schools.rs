//! `/api/v1/schools`: search, one school, and the CSV download.

use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND};
use crate::api::parameters::SchoolSearch;
use crate::error::ApiError;
use crate::export_csv;
use crate::lookup;
use crate::params::{ApiParams, API_PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use convene_domain::geo::LatLon;
use convene_domain::outcome::MeasureSeries;
use convene_domain::search::Page;
use convene_domain::summary::{SchoolDetail, SchoolSummary};
use serde::Serialize;
use utoipa::ToSchema;

/// Search schools.
///
/// Schools matching the search text and filters, a page at a time. An exact URN, LAESTAB or
/// postcode match comes first; words match ignoring case, accents and apostrophes, with one
/// typo forgiven in words of five or more letters, best matches first.
#[utoipa::path(
    get,
    path = "/api/v1/schools",
    operation_id = "search_schools",
    tag = "System map",
    params(SchoolSearch),
    responses(
        (status = 200, description = "A page of schools.", body = Page<SchoolSummary>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Json<Page<SchoolSummary>>, WebError> {
    let query = params.school_query(API_PAGE_SIZE)?;
    Ok(Json(state.search_schools(&query).await?))
}

/// Download schools as CSV.
///
/// Every school matching the search (up to 50,000 rows; `page` and `per_page` are checked
/// but otherwise ignored). Columns: urn, name, status, phase, type, la_code, la_name,
/// region, postcode, pupils, fsm_percent, ofsted_overall, ofsted_inspection_date,
/// trust_uid, trust_name.
#[utoipa::path(
    get,
    path = "/api/v1/schools.csv",
    operation_id = "download_schools",
    tag = "System map",
    params(SchoolSearch),
    responses(
        (status = 200, description = "CSV with a header row.", body = String, content_type = "text/csv"),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn csv(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Response, WebError> {
    let query = params.school_query(API_PAGE_SIZE)?;
    export_csv::schools_download(&state, &query, "schools.csv").await
}

/// A school with its location also as latitude and longitude, for web maps.
#[derive(Serialize, ToSchema)]
pub(crate) struct SchoolWithWgs84 {
    #[serde(flatten)]
    detail: SchoolDetail,
    /// The school's location as WGS84 latitude and longitude, converted from its British
    /// National Grid easting and northing (OSGB36, Helmert transformation; accurate to a few
    /// metres); null where the school has no location.
    wgs84: Option<LatLon>,
    /// Each measure the school has a published figure for (KS2, KS4, 16-18 results,
    /// admissions demand, pupil premium), year by year with its source, beside the median of
    /// its family of similar schools. A year with no published figure has `school: null`.
    outcomes: Vec<MeasureSeries>,
}

/// One school.
///
/// Everything Convene knows about a school: its facts, latest Ofsted inspections, trust and
/// other groups, and predecessor and successor links.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{urn}",
    operation_id = "school",
    tag = "System map",
    params(("urn" = i64, Path, description = "The school's unique reference number (URN).")),
    responses(
        (status = 200, description = "The school.", body = SchoolWithWgs84),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Json<SchoolWithWgs84>, WebError> {
    let detail: SchoolDetail = lookup::school(state.store(), &urn).await?;
    let wgs84 = detail.school.location.map(convene_domain::geo::to_lat_lon);
    let analysis = state.analysis().await?;
    let outcomes = crate::outcomes::school_series(&state, &analysis, detail.school.urn).await?;
    Ok(Json(SchoolWithWgs84 {
        detail,
        wgs84,
        outcomes,
    }))
}
