//! `/api/v1/schools`: search, one school, and the CSV download.

use crate::export_csv;
use crate::lookup;
use crate::params::{Params, API_PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use convene_domain::search::Page;
use convene_domain::summary::{SchoolDetail, SchoolSummary};

/// `GET /api/v1/schools`.
pub(crate) async fn list(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Page<SchoolSummary>>, WebError> {
    let query = params.school_query(API_PAGE_SIZE)?;
    Ok(Json(state.store().search_schools(&query).await?))
}

/// `GET /api/v1/schools.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let query = params.school_query(API_PAGE_SIZE)?;
    export_csv::schools_download(state.store(), &query, "schools.csv").await
}

/// `GET /api/v1/schools/{urn}`.
pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Json<SchoolDetail>, WebError> {
    Ok(Json(lookup::school(state.store(), &urn).await?))
}
