//! `/api/v1/trusts`: search, one trust, and the CSV download.

use crate::export_csv;
use crate::lookup::{self, TrustRef};
use crate::params::{Params, API_PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use convene_domain::search::Page;
use convene_domain::summary::{TrustDetail, TrustSummary};

/// `GET /api/v1/trusts`.
pub(crate) async fn list(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Page<TrustSummary>>, WebError> {
    let query = params.trust_query(API_PAGE_SIZE)?;
    Ok(Json(state.search_trusts(&query).await?))
}

/// `GET /api/v1/trusts.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let query = params.trust_query(API_PAGE_SIZE)?;
    export_csv::trusts_download(&state, &query, "trusts.csv").await
}

/// `GET /api/v1/trusts/{uid}`: by Group UID or, for convenience, Group ID (`TR01904`).
pub(crate) async fn detail(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<TrustDetail>, WebError> {
    let (TrustRef::Uid(uid) | TrustRef::GroupId(uid)) =
        lookup::trust_ref(state.store(), &raw).await?;
    Ok(Json(lookup::trust(state.store(), uid).await?))
}
