//! Error pages in GOV.UK style: say what went wrong and what to do next.

use super::layout;
use crate::error::ErrorReport;
use axum::http::StatusCode;
use axum::response::Html;
use convene_domain::import::ImportRun;
use maud::html;

/// The page for an error on its way to a person's browser.
pub(crate) fn page(report: &ErrorReport, sources: &[ImportRun]) -> Html<String> {
    let (title, content) = match report.status {
        StatusCode::NOT_FOUND => (
            "Page not found",
            html! {
                h1 class="govuk-heading-l" { "Page not found" }
                p class="govuk-body" { (report.message) }
                p class="govuk-body" { "If you typed the web address, check it is correct." }
                p class="govuk-body" { "If you pasted the web address, check you copied the entire address." }
                p class="govuk-body" {
                    "You can " a class="govuk-link" href="/search" { "search for a school or trust" } "."
                }
            },
        ),
        StatusCode::BAD_REQUEST => (
            "There is a problem with your request",
            html! {
                h1 class="govuk-heading-l" { "There is a problem with your request" }
                p class="govuk-body" { (report.message) }
                p class="govuk-body" {
                    a class="govuk-link" href="/search" { "Start a new search" }
                }
            },
        ),
        StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED => (
            "You cannot do this",
            html! {
                h1 class="govuk-heading-l" { "You cannot do this" }
                p class="govuk-body" { (report.message) }
                p class="govuk-body" { a class="govuk-link" href="/account" { "Go to your account" } }
            },
        ),
        StatusCode::CONFLICT => (
            "This could not be done",
            html! {
                h1 class="govuk-heading-l" { "This could not be done" }
                p class="govuk-body" { (report.message) }
                p class="govuk-body" { "Go back and check what is shown now." }
            },
        ),
        StatusCode::TOO_MANY_REQUESTS => (
            "Too many attempts",
            html! {
                h1 class="govuk-heading-l" { "Too many attempts" }
                p class="govuk-body" { (report.message) }
            },
        ),
        _ => (
            "Sorry, there is a problem with the service",
            html! {
                h1 class="govuk-heading-l" { "Sorry, there is a problem with the service" }
                p class="govuk-body" { "Try again later." }
            },
        ),
    };
    layout::page(title, sources, &[], content)
}
