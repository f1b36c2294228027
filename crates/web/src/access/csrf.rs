//! CSRF protection for every state-changing request. Forms carry a `csrf_token` field that
//! must equal the token of the session (or, before sign-in, of the visitor's CSRF cookie).
//! A forged form from another site cannot know it. API writes must use an API token, which
//! a browser never sends by itself, so they need no form token.

use super::RequestContext;
use crate::WebError;
use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use convene_credentials::same_secret;

/// The form field carrying the token.
pub(crate) const FIELD: &str = "csrf_token";

/// Largest form accepted, in bytes (a long note, URL-encoded, fits with room to spare).
const MAX_FORM_BYTES: usize = 512 * 1024;

/// Middleware: refuses a state-changing request without the right token, before any
/// handler sees it.
pub(crate) async fn protect(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let Some(context) = request.extensions().get::<RequestContext>().cloned() else {
        return WebError::Internal("request was not identified".into()).into_response();
    };
    if context.by_api_token {
        return next.run(request).await;
    }
    if crate::error::is_api(request.uri().path()) {
        return WebError::Unauthorised(
            "Changes through the API need an API token: send it as 'Authorization: Bearer <token>'"
                .into(),
        )
        .into_response();
    }
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return WebError::BadRequest("The form is too large to send".into()).into_response()
        }
    };
    let sent = form_field(&bytes, FIELD);
    let valid = sent.as_deref().is_some_and(|sent| {
        !context.csrf_token.is_empty() && same_secret(sent, &context.csrf_token)
    });
    if !valid {
        return WebError::Forbidden(
            "This form has expired or did not come from Convene. Go back, reload the page and \
             try again."
                .into(),
        )
        .into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The first value of `name` in a URL-encoded form.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_among_other_fields() {
        assert_eq!(
            form_field(b"a=1&csrf_token=abc%20d&b=2", FIELD).as_deref(),
            Some("abc d")
        );
        assert_eq!(form_field(b"a=1", FIELD), None);
        assert_eq!(form_field(b"\xff\xfe", FIELD), None);
    }
}
