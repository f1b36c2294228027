//! `/api`: the API explained for people, generated from the OpenAPI document so the two
//! never disagree.

use crate::api::openapi;
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
                    "so you can use the data in your own tools. You do not need a key to read "
                    "the system map; errors come back as JSON with an "
                    code { "error" } " message."
                }
                p class="govuk-body" {
                    "The full description, which tools can read, is the "
                    a class="govuk-link" href="/api/v1/openapi.json" { "OpenAPI document" } "."
                }
                @for (path, method, operation) in operations(doc) {
                    h2 class="govuk-heading-m" { (text(&operation["summary"])) }
                    p class="govuk-body" { code { (method.to_ascii_uppercase()) " " (path) } }
                    p class="govuk-body" { (text(&operation["description"])) }
                    @let names = parameter_names(&operation["parameters"]);
                    @if !names.is_empty() {
                        p class="govuk-body" { "Parameters: " (names.join(", ")) "." }
                    }
                    @if method == "get" {
                        @let example = openapi::example(path);
                        p class="govuk-body" {
                            "Example: " a class="govuk-link" href=(example) { (example) }
                        }
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

/// Every operation in the document, path by path in the document's order.
fn operations(doc: &Value) -> Vec<(&str, &str, &Value)> {
    doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, operation)| (path.as_str(), method.as_str(), operation))
        })
        .collect()
}

fn parameter_names(parameters: &Value) -> Vec<String> {
    parameters
        .as_array()
        .map(|list| list.iter().map(|p| text(&p["name"]).to_string()).collect())
        .unwrap_or_default()
}
