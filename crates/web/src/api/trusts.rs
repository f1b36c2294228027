//! `/api/v1/trusts`: search, one trust, and the CSV download.

use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND};
use crate::api::parameters::TrustSearch;
use crate::error::ApiError;
use crate::export_csv;
use crate::lookup::{self, TrustRef};
use crate::params::{ApiParams, API_PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use convene_domain::search::Page;
use convene_domain::summary::{TrustDetail, TrustSummary};

/// Search trusts.
///
/// Academy trusts (or another kind of group) by name, Group UID, Group ID, Companies House
/// number or postcode; words match as for schools. With no search text the largest trusts
/// come first.
#[utoipa::path(
    get,
    path = "/api/v1/trusts",
    operation_id = "search_trusts",
    tag = "System map",
    params(TrustSearch),
    responses(
        (status = 200, description = "A page of trusts.", body = Page<TrustSummary>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Json<Page<TrustSummary>>, WebError> {
    let query = params.trust_query(API_PAGE_SIZE)?;
    Ok(Json(state.search_trusts(&query).await?))
}

/// Download trusts as CSV.
///
/// Every trust matching the search (up to 50,000 rows; `page` and `per_page` are checked
/// but otherwise ignored). Columns: uid, group_id, name, kind, status,
/// companies_house_number, schools, pupils.
#[utoipa::path(
    get,
    path = "/api/v1/trusts.csv",
    operation_id = "download_trusts",
    tag = "System map",
    params(TrustSearch),
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
    let query = params.trust_query(API_PAGE_SIZE)?;
    export_csv::trusts_download(&state, &query, "trusts.csv").await
}

/// One trust.
///
/// A trust with its headline figures and current member schools, by Group UID or, for
/// convenience, Group ID (`TR01904`).
#[utoipa::path(
    get,
    path = "/api/v1/trusts/{uid}",
    operation_id = "trust",
    tag = "System map",
    params(("uid" = String, Path, description = "The trust's Group UID, or its Group ID such as `TR01904`.")),
    responses(
        (status = 200, description = "The trust.", body = TrustDetail),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<TrustDetail>, WebError> {
    let (TrustRef::Uid(uid) | TrustRef::GroupId(uid)) =
        lookup::trust_ref(state.store(), &raw).await?;
    Ok(Json(lookup::trust(state.store(), uid).await?))
}
