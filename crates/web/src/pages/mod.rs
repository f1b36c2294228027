//! The HTML pages, one module per kind of page. Every page is a GET that works without
//! JavaScript.

mod api_docs;
mod components;
mod data_sources;
pub(crate) mod errors;
mod home;
pub(crate) mod layout;
mod place;
mod school;
mod search;
mod trust;

use crate::state::AppState;
use axum::routing::get;
use axum::Router;

/// Every page route.
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/search", get(search::schools))
        .route("/search.csv", get(search::schools_csv))
        .route("/trusts", get(search::trusts))
        .route("/trusts.csv", get(search::trusts_csv))
        .route("/schools/{urn}", get(school::show))
        .route("/trusts/{uid}", get(trust::show))
        .route("/trusts/{uid}/schools.csv", get(trust::schools_csv))
        .route("/local-authorities", get(place::local_authorities))
        .route("/local-authorities/{code}", get(place::local_authority))
        .route(
            "/local-authorities/{code}/schools.csv",
            get(place::local_authority_csv),
        )
        .route("/regions", get(place::regions))
        .route("/regions/{slug}", get(place::region))
        .route("/regions/{slug}/schools.csv", get(place::region_csv))
        .route("/data", get(data_sources::show))
        .route("/api", get(api_docs::show))
}
