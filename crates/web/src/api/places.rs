//! `/api/v1/local-authorities`, `/api/v1/regions` and `/api/v1/sources`.

use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND};
use crate::api::parameters::RegionFilter;
use crate::error::ApiError;
use crate::lookup;
use crate::params::ApiParams;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::Json;
use convene_domain::import::ImportRun;
use convene_domain::place::{LocalAuthority, Region};
use convene_domain::summary::{AreaDetail, AreaSummary};
use convene_store::Area;
use serde::Serialize;
use utoipa::ToSchema;

/// A region with its numbers, added up from its local authorities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RegionSummary {
    /// URL slug.
    pub(crate) slug: Region,
    /// Name.
    pub(crate) name: &'static str,
    /// Local authorities in it.
    pub(crate) local_authorities: u64,
    /// Open schools.
    pub(crate) schools: u64,
    /// Of which in academy trusts.
    pub(crate) in_trusts: u64,
}

/// Adds local authorities' figures up by region, north to south.
pub(crate) fn region_summaries(las: &[AreaSummary]) -> Vec<RegionSummary> {
    Region::ALL
        .iter()
        .map(|region| {
            let members = las
                .iter()
                .filter(|la| la.local_authority.region == Some(*region));
            let mut summary = RegionSummary {
                slug: *region,
                name: region.name(),
                local_authorities: 0,
                schools: 0,
                in_trusts: 0,
            };
            for la in members {
                summary.local_authorities += 1;
                summary.schools += la.schools;
                summary.in_trusts += la.in_trusts;
            }
            summary
        })
        .collect()
}

/// Local authorities.
///
/// Every local authority with its open schools and how many are in academy trusts.
#[utoipa::path(
    get,
    path = "/api/v1/local-authorities",
    operation_id = "local_authorities",
    tag = "System map",
    params(RegionFilter),
    responses(
        (status = 200, description = "The local authorities, by name.", body = Vec<AreaSummary>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn local_authorities(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<AreaSummary>>, WebError> {
    let region = params.region()?;
    Ok(Json(state.store().local_authorities(region).await?))
}

/// A local authority with its figures.
#[derive(Serialize, ToSchema)]
pub(crate) struct LocalAuthorityDetail {
    /// The local authority.
    local_authority: LocalAuthority,
    /// Its figures.
    area: AreaDetail,
}

/// One local authority.
///
/// A local authority's figures, the trusts working there and its schools' judgements. List
/// its schools with `/api/v1/schools?la={code}`.
#[utoipa::path(
    get,
    path = "/api/v1/local-authorities/{code}",
    operation_id = "local_authority",
    tag = "System map",
    params(("code" = i64, Path, description = "The local authority's three-digit DfE code.")),
    responses(
        (status = 200, description = "The local authority.", body = LocalAuthorityDetail),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn local_authority(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<LocalAuthorityDetail>, WebError> {
    let local_authority = lookup::local_authority(state.store(), &code).await?;
    let area = state
        .store()
        .area(Area::LocalAuthority(local_authority.code))
        .await?;
    Ok(Json(LocalAuthorityDetail {
        local_authority,
        area,
    }))
}

/// Regions.
///
/// England's nine regions with their local authorities, open schools and how many are in
/// academy trusts.
#[utoipa::path(
    get,
    path = "/api/v1/regions",
    operation_id = "regions",
    tag = "System map",
    responses(
        (status = 200, description = "The regions, north to south.", body = Vec<RegionSummary>),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn regions(
    State(state): State<AppState>,
) -> Result<Json<Vec<RegionSummary>>, WebError> {
    let las = state.store().local_authorities(None).await?;
    Ok(Json(region_summaries(&las)))
}

/// A region named by slug and name.
#[derive(Serialize, ToSchema)]
pub(crate) struct RegionRef {
    /// URL slug.
    slug: Region,
    /// Name.
    name: &'static str,
}

/// A region with its figures.
#[derive(Serialize, ToSchema)]
pub(crate) struct RegionDetail {
    /// The region.
    region: RegionRef,
    /// Its figures.
    area: AreaDetail,
}

/// One region.
///
/// A region's figures, local authorities, the trusts working there and its schools'
/// judgements. List its schools with `/api/v1/schools?region={slug}`.
#[utoipa::path(
    get,
    path = "/api/v1/regions/{slug}",
    operation_id = "region",
    tag = "System map",
    params(("slug" = Region, Path, description = "The region's slug.")),
    responses(
        (status = 200, description = "The region.", body = RegionDetail),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn region(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<RegionDetail>, WebError> {
    let region = lookup::region(&slug)?;
    let area = state.store().area(Area::Region(region)).await?;
    Ok(Json(RegionDetail {
        region: RegionRef {
            slug: region,
            name: region.name(),
        },
        area,
    }))
}

/// Data sources.
///
/// The published files behind the data now shown, with the dates their data describes.
#[utoipa::path(
    get,
    path = "/api/v1/sources",
    operation_id = "sources",
    tag = "System map",
    responses(
        (status = 200, description = "The current sources.", body = Vec<ImportRun>),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn sources(State(state): State<AppState>) -> Json<Vec<ImportRun>> {
    Json(state.sources().await.as_ref().clone())
}
