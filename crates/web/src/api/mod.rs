//! The JSON API under `/api/v1/`, with CSV twins of its lists. Every path is listed once in
//! [`API_PATHS`], which is checked both against the route table and against the OpenAPI
//! document, so an undocumented route cannot slip in.

pub(crate) mod comparisons;
pub(crate) mod me;
pub(crate) mod notes;
pub mod openapi;
pub(crate) mod places;
pub(crate) mod schools;
pub(crate) mod trusts;

use axum::Json;

/// Every API path, in the router's syntax (which is also OpenAPI's).
pub const API_PATHS: &[&str] = &[
    "/api/v1/schools",
    "/api/v1/schools.csv",
    "/api/v1/schools/{urn}",
    "/api/v1/schools/{urn}/family",
    "/api/v1/trusts",
    "/api/v1/trusts.csv",
    "/api/v1/trusts/{uid}",
    "/api/v1/trusts/{uid}/profile",
    "/api/v1/local-authorities",
    "/api/v1/local-authorities/{code}",
    "/api/v1/regions",
    "/api/v1/regions/{slug}",
    "/api/v1/sources",
    "/api/v1/me",
    "/api/v1/notes",
    "/api/v1/notes/{id}",
    "/api/v1/openapi.json",
];

/// `GET /api/v1/openapi.json`.
pub(crate) async fn openapi_json() -> Json<&'static serde_json::Value> {
    Json(openapi::document())
}

#[cfg(test)]
mod tests {
    use super::*;

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
