//! CSRF protection for every state-changing request. Forms carry a `csrf_token` field that
//! must equal the token of the session (or, before sign-in, of the visitor's CSRF cookie).
//! A forged form from another site cannot know it. As defence in depth, a browser's
//! `Origin` (and `Sec-Fetch-Site`) must also say the form came from Convene itself. API
//! writes must use an API token, which a browser never sends by itself, so they need no
//! form token.
//!
//! It runs per route (after routing), so a method no route declares answers 405 first.

use super::RequestContext;
use crate::state::AppState;
use crate::WebError;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use convene_credentials::same_secret;

/// The form field carrying the token.
pub(crate) const FIELD: &str = "csrf_token";

/// Largest form accepted, in bytes (a long note, URL-encoded, fits with room to spare).
const MAX_FORM_BYTES: usize = 512 * 1024;
/// Largest upload form accepted (multipart/form-data): the largest picture a case study
/// takes, and room for its other fields.
pub(crate) const MAX_UPLOAD_BYTES: usize =
    convene_domain::evidence::case_studies::MAX_IMAGE_BYTES + 64 * 1024;

/// Middleware: refuses a state-changing request without the right token, before any
/// handler sees it.
pub(crate) async fn protect(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let Some(context) = request.extensions().get::<RequestContext>().cloned() else {
        return WebError::internal("request was not identified").into_response();
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
    if !same_origin(request.headers(), &state.config().public_url) {
        return WebError::Forbidden(
            "This form was sent from another website, so Convene did not act on it.".into(),
        )
        .into_response();
    }
    let (parts, body) = request.into_parts();
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let limit = if boundary.is_some() {
        MAX_UPLOAD_BYTES
    } else {
        MAX_FORM_BYTES
    };
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return WebError::BadRequest("The form is too large to send".into()).into_response()
        }
    };
    let sent = match &boundary {
        Some(boundary) => multipart_field(bytes.clone(), boundary, FIELD).await,
        None => form_field(&bytes, FIELD),
    };
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

/// Whether a browser says the request came from this site. Browsers send `Origin` with
/// every form post and `Sec-Fetch-Site` with most; a request with neither (an old browser,
/// a script) is left to the CSRF token alone. The origin may be the configured public
/// address or the host the request was sent to (a forged cross-site request cannot set
/// both the victim browser's `Origin` and its `Host`).
fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("same-origin");
    if !matches!(fetch_site, "same-origin" | "none") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin.eq_ignore_ascii_case(public_url) {
        return true;
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    matches!((authority, host), (Some(a), Some(h)) if a.eq_ignore_ascii_case(h))
}

/// The first value of `name` in a URL-encoded form.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The value of text field `name` in a multipart/form-data body, read up to that field
/// (an upload puts its token first, before the file).
async fn multipart_field(body: axum::body::Bytes, boundary: &str, name: &str) -> Option<String> {
    let stream =
        futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(body)));
    let mut form = multer::Multipart::new(stream, boundary.to_string());
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some(name) {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn finds_the_token_in_an_upload() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x01\x02\r\n--XyZ--\r\n";
        let bytes = axum::body::Bytes::from(body);
        assert_eq!(
            multipart_field(bytes.clone(), "XyZ", FIELD)
                .await
                .as_deref(),
            Some("abc")
        );
        assert_eq!(multipart_field(bytes, "other", FIELD).await, None);
        assert_eq!(
            multipart_field(axum::body::Bytes::from_static(b"junk"), "XyZ", FIELD).await,
            None
        );
    }

    #[test]
    fn finds_the_token_among_other_fields() {
        assert_eq!(
            form_field(b"a=1&csrf_token=abc%20d&b=2", FIELD).as_deref(),
            Some("abc d")
        );
        assert_eq!(form_field(b"a=1", FIELD), None);
        assert_eq!(form_field(b"\xff\xfe", FIELD), None);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn forms_from_this_site_pass_the_origin_check() {
        let public = "https://convene.example.org";
        assert!(same_origin(&headers(&[]), public));
        assert!(same_origin(
            &headers(&[("origin", "https://convene.example.org")]),
            public
        ));
        assert!(same_origin(
            &headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]),
            public
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            public
        ));
    }

    #[test]
    fn forms_from_elsewhere_are_refused() {
        let public = "https://convene.example.org";
        for pairs in [
            &[("origin", "https://evil.example")][..],
            &[("origin", "null")],
            &[
                ("origin", "https://evil.example"),
                ("host", "convene.example.org"),
            ],
            &[
                ("origin", "http://convene.example.org.evil.example"),
                ("host", "convene.example.org"),
            ],
            &[("sec-fetch-site", "cross-site")],
            &[("sec-fetch-site", "same-site")],
        ] {
            assert!(!same_origin(&headers(pairs), public), "{pairs:?} passed");
        }
    }
}
