//! Puts the signed-in person's links (or "Sign in") into the header of every page. Pages
//! are rendered (and cached) the same for everyone with a marker where these links go;
//! this fills it in per request, so caching never shows one person's name to another.

use super::RequestContext;
use axum::body::{to_bytes, Body};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::response::Response;
use convene_domain::access::{Actor, PlatformRole};
use maud::html;

/// The marker the layout writes where the account links go.
pub(crate) const MARKER: &str = "<!--convene:account-->";

/// Largest page rewritten (larger bodies are left alone).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Fills in the marker on an HTML page for whoever asked (nothing is filled in when the
/// request was never identified, which leaves the header without account links).
pub(crate) async fn fill(response: Response, context: Option<&RequestContext>) -> Response {
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let Some(context) = context.filter(|_| is_html) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(page) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Some((before, after)) = page.split_once(MARKER) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let links = links(context).into_string();
    let mut filled = String::with_capacity(page.len() + links.len());
    filled.push_str(before);
    filled.push_str(&links);
    filled.push_str(after);
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(filled))
}

fn links(context: &RequestContext) -> maud::Markup {
    let item = "govuk-header__navigation-item";
    html! {
        @match &context.actor {
            Actor::Anonymous => {
                li class=(item) { a class="govuk-header__link" href="/needs" { "Needs and offers" } }
                li class=(item) { a class="govuk-header__link" href="/sign-in" { "Sign in" } }
            }
            Actor::Person(viewer) => {
                @if viewer.has(PlatformRole::Administrator) {
                    li class=(item) { a class="govuk-header__link" href="/admin" { "Admin" } }
                }
                li class=(item) { a class="govuk-header__link" href="/needs" { "Needs and offers" } }
                li class=(item) { a class="govuk-header__link" href="/notices" { "Notices" } }
                li class=(item) { a class="govuk-header__link" href="/notes" { "Notes" } }
                li class=(item) { a class="govuk-header__link" href="/account" { "Your account" } }
                li class=(item) {
                    form method="post" action="/sign-out" class="convene-inline-form" {
                        input type="hidden" name="csrf_token" value=(context.csrf_token);
                        button type="submit" class="govuk-header__link convene-link-button" { "Sign out" }
                    }
                }
            }
        }
    }
}
