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
    Ok(Json(state.search_schools(&query).await?))
}

/// `GET /api/v1/schools.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let query = params.school_query(API_PAGE_SIZE)?;
    export_csv::schools_download(&state, &query, "schools.csv").await
}

/// `GET /api/v1/schools/{urn}`: the school, with its location also given as WGS84
/// latitude and longitude (converted from the British National Grid) for web maps.
pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Json<serde_json::Value>, WebError> {
    let detail: SchoolDetail = lookup::school(state.store(), &urn).await?;
    let wgs84 = detail.school.location.map(convene_domain::geo::to_lat_lon);
    let mut body = serde_json::to_value(&detail).map_err(|e| WebError::Internal(e.to_string()))?;
    if let Some(object) = body.as_object_mut() {
        object.insert(
            "wgs84".into(),
            serde_json::to_value(wgs84).map_err(|e| WebError::Internal(e.to_string()))?,
        );
    }
    Ok(Json(body))
}
