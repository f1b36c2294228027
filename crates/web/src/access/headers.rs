//! Security headers on every response, pages, API, files and errors alike: a strict
//! Content-Security-Policy (no inline script or style, nothing from other sites, never
//! framed, so the approve, delete and role forms cannot be clickjacked), `nosniff`, a
//! referrer policy that keeps Convene's addresses (which name notes and people) to itself,
//! and HSTS when the public address is https.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Everything comes from Convene itself; no inline script or style; no plugins; forms post
/// only to Convene; no page may be put in a frame.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A year, as HSTS preload lists expect.
const HSTS: &str = "max-age=31536000";

/// Middleware, outermost: adds the headers to whatever the response is.
pub(crate) async fn secure(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.config().secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
