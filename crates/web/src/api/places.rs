//! `/api/v1/local-authorities`, `/api/v1/regions` and `/api/v1/sources`.

use crate::lookup;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::Json;
use convene_domain::import::ImportRun;
use convene_domain::place::{LocalAuthority, Region};
use convene_domain::summary::{AreaDetail, AreaSummary};
use convene_store::Area;
use serde::Serialize;

/// A region with its numbers, added up from its local authorities.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RegionSummary {
    /// URL slug.
    pub(crate) slug: &'static str,
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
                slug: region.slug(),
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

/// `GET /api/v1/local-authorities[?region=]`.
pub(crate) async fn local_authorities(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Vec<AreaSummary>>, WebError> {
    let region = params.region()?;
    Ok(Json(state.store().local_authorities(region).await?))
}

/// A local authority with its figures.
#[derive(Serialize)]
pub(crate) struct LocalAuthorityDetail {
    local_authority: LocalAuthority,
    area: AreaDetail,
}

/// `GET /api/v1/local-authorities/{code}`.
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

/// `GET /api/v1/regions`.
pub(crate) async fn regions(
    State(state): State<AppState>,
) -> Result<Json<Vec<RegionSummary>>, WebError> {
    let las = state.store().local_authorities(None).await?;
    Ok(Json(region_summaries(&las)))
}

/// A region named by slug and name.
#[derive(Serialize)]
pub(crate) struct RegionRef {
    slug: &'static str,
    name: &'static str,
}

/// A region with its figures.
#[derive(Serialize)]
pub(crate) struct RegionDetail {
    region: RegionRef,
    area: AreaDetail,
}

/// `GET /api/v1/regions/{slug}`.
pub(crate) async fn region(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<RegionDetail>, WebError> {
    let region = lookup::region(&slug)?;
    let area = state.store().area(Area::Region(region)).await?;
    Ok(Json(RegionDetail {
        region: RegionRef {
            slug: region.slug(),
            name: region.name(),
        },
        area,
    }))
}

/// `GET /api/v1/sources`.
pub(crate) async fn sources(State(state): State<AppState>) -> Json<Vec<ImportRun>> {
    Json(state.sources().await.as_ref().clone())
}
