//! `/api`: the API explained for people, generated from the OpenAPI document so the two
//! never disagree.

use crate::api::{openapi, API_PATHS};
use crate::pages::layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use maud::html;
use serde_json::Value;

/// `GET /api`.
pub(crate) async fn show(State(state): State<AppState>) -> Html<String> {
    let sources = state.sources().await;
    let doc = openapi::document();
    let content = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { "Convene API" }
                p class="govuk-body" {
                    "Everything Convene shows is also available as JSON, and its lists as CSV, "
                    "so you can use the data in your own tools. You do not need a key. Every "
                    "request is a GET; errors come back as JSON with an "
                    code { "error" } " message."
                }
                p class="govuk-body" {
                    "The full description, which tools can read, is the "
                    a class="govuk-link" href="/api/v1/openapi.json" { "OpenAPI document" } "."
                }
                @for path in API_PATHS {
                    @let operation = &doc["paths"][*path]["get"];
                    @let example = openapi::example(path);
                    h2 class="govuk-heading-m" { (text(&operation["summary"])) }
                    p class="govuk-body" { code { "GET " (path) } }
                    p class="govuk-body" { (text(&operation["description"])) }
                    @let names = parameter_names(doc, &operation["parameters"]);
                    @if !names.is_empty() {
                        p class="govuk-body" { "Parameters: " (names.join(", ")) "." }
                    }
                    p class="govuk-body" {
                        "Example: " a class="govuk-link" href=(example) { (example) }
                    }
                }
            }
        }
    };
    layout::page("Convene API", &sources, &[("/", "Home")], content)
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn parameter_names(doc: &Value, parameters: &Value) -> Vec<String> {
    parameters
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|p| p["$ref"].as_str())
                .filter_map(|r| doc.pointer(r.trim_start_matches('#')))
                .map(|p| text(&p["name"]).to_string())
                .collect()
        })
        .unwrap_or_default()
}
