//! The JSON API under `/api/v1/`, with CSV twins of its lists. Every path is listed once in
//! [`API_PATHS`], which both builds the router and is checked against the OpenAPI document,
//! so an undocumented route cannot slip in.

pub mod openapi;
pub(crate) mod places;
mod schools;
mod trusts;

use crate::state::AppState;
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};

/// Every API path, in the router's syntax (which is also OpenAPI's).
pub const API_PATHS: &[&str] = &[
    "/api/v1/schools",
    "/api/v1/schools.csv",
    "/api/v1/schools/{urn}",
    "/api/v1/trusts",
    "/api/v1/trusts.csv",
    "/api/v1/trusts/{uid}",
    "/api/v1/local-authorities",
    "/api/v1/local-authorities/{code}",
    "/api/v1/regions",
    "/api/v1/regions/{slug}",
    "/api/v1/sources",
    "/api/v1/openapi.json",
];

/// The handler for one of [`API_PATHS`]; `None` for a path with no handler (which the tests
/// refuse).
fn endpoint(path: &str) -> Option<MethodRouter<AppState>> {
    Some(match path {
        "/api/v1/schools" => get(schools::list),
        "/api/v1/schools.csv" => get(schools::csv),
        "/api/v1/schools/{urn}" => get(schools::detail),
        "/api/v1/trusts" => get(trusts::list),
        "/api/v1/trusts.csv" => get(trusts::csv),
        "/api/v1/trusts/{uid}" => get(trusts::detail),
        "/api/v1/local-authorities" => get(places::local_authorities),
        "/api/v1/local-authorities/{code}" => get(places::local_authority),
        "/api/v1/regions" => get(places::regions),
        "/api/v1/regions/{slug}" => get(places::region),
        "/api/v1/sources" => get(places::sources),
        "/api/v1/openapi.json" => get(|| async { Json(openapi::document()) }),
        _ => return None,
    })
}

/// The API's routes, built from [`API_PATHS`].
pub(crate) fn router() -> Router<AppState> {
    API_PATHS
        .iter()
        .fold(Router::new(), |router, path| match endpoint(path) {
            Some(handler) => router.route(path, handler),
            None => {
                eprintln!("API path {path} has no handler; it is not served");
                router
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_path_has_a_handler() {
        for path in API_PATHS {
            assert!(endpoint(path).is_some(), "{path} has no handler");
        }
    }

    #[test]
    fn every_api_path_is_documented_and_nothing_else_is() {
        let documented: Vec<&str> = openapi::document()["paths"]
            .as_object()
            .expect("paths")
            .keys()
            .map(String::as_str)
            .collect();
        for path in API_PATHS {
            assert!(
                documented.contains(path),
                "{path} is missing from the OpenAPI document"
            );
        }
        for path in &documented {
            assert!(
                API_PATHS.contains(path),
                "{path} is documented but not served"
            );
        }
    }
}
