//! Identifies whoever is making each request, once, before any handler runs.

use super::cookies;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use convene_credentials::{new_token, token_digest};
use convene_domain::access::{Actor, Viewer};
use std::net::SocketAddr;

/// Who is asking, as every handler sees it.
#[derive(Debug, Clone)]
pub(crate) struct RequestContext {
    /// The person, or anonymous.
    pub(crate) actor: Actor,
    /// The CSRF token this person's forms must carry.
    pub(crate) csrf_token: String,
    /// Digest of the session id presented, if it is a live session.
    pub(crate) session_digest: Option<String>,
    /// Digest of any session id presented, live or not (ended at sign-in).
    pub(crate) presented_session: Option<String>,
    /// Whether the request was authenticated by an API token (no cookies, no CSRF).
    pub(crate) by_api_token: bool,
    /// The network address of the person, for rate limiting and the audit log.
    pub(crate) address: Option<String>,
}

impl RequestContext {
    /// The signed-in person. Routes whose rule needs one never reach a handler without one;
    /// this is the same answer for a handler that is reached anyway.
    pub(crate) fn viewer(&self) -> Result<&Viewer, WebError> {
        self.actor.viewer().ok_or_else(|| WebError::SignInRequired {
            next: "/account".into(),
        })
    }

    /// The address as the store wants it.
    pub(crate) fn address(&self) -> Option<&str> {
        self.address.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or_else(|| WebError::internal("request was not identified"))
    }
}

/// Middleware: works out the [`RequestContext`] from an API token (API only) or the
/// session cookie, and gives a new visitor a CSRF cookie with any page.
pub(crate) async fn identify(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let address = client_address(&request, state.config().trust_forwarded_for);
    let headers = request.headers();
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let is_api = crate::error::is_api(request.uri().path());
    let presented = cookies::read(headers, cookies::SESSION).map(|t| token_digest(&t));
    let csrf_cookie = cookies::read(headers, cookies::CSRF).filter(|t| t.len() == 64);

    let mut context = RequestContext {
        actor: Actor::Anonymous,
        csrf_token: String::new(),
        session_digest: None,
        presented_session: presented.clone(),
        by_api_token: false,
        address,
    };
    let mut new_csrf_cookie = None;
    let mut clear_session_cookie = false;

    if let (true, Some(token)) = (is_api, bearer) {
        match state.store().api_token_viewer(&token_digest(&token)).await {
            Ok(Some(viewer)) => {
                context.actor = Actor::Person(viewer);
                context.by_api_token = true;
            }
            Ok(None) => {
                return WebError::Unauthorised(
                    "The API token is not valid or has been revoked".into(),
                )
                .into_response()
            }
            Err(e) => return WebError::from(e).into_response(),
        }
    } else if let Some(digest) = &presented {
        match state.store().session(digest).await {
            Ok(Some(session)) => {
                context.actor = Actor::Person(session.viewer);
                context.csrf_token = session.csrf_token;
                context.session_digest = Some(digest.clone());
            }
            Ok(None) => clear_session_cookie = true,
            Err(e) => return WebError::from(e).into_response(),
        }
    }
    if context.csrf_token.is_empty() && !context.by_api_token {
        match csrf_cookie {
            Some(token) => context.csrf_token = token,
            None => match new_token("") {
                Ok(token) => {
                    context.csrf_token = token.clone();
                    new_csrf_cookie = Some(token);
                }
                Err(e) => return WebError::internal(e.to_string()).into_response(),
            },
        }
    }

    request.extensions_mut().insert(context.clone());
    let mut response = next.run(request).await;
    response.extensions_mut().insert(context);
    let secure = state.config().secure_cookies();
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if let (Some(token), true) = (new_csrf_cookie, is_html) {
        cookies::set(response.headers_mut(), cookies::CSRF, &token, None, secure);
    }
    if clear_session_cookie {
        cookies::set(
            response.headers_mut(),
            cookies::SESSION,
            "",
            Some(0),
            secure,
        );
    }
    response
}

/// The client's address: the socket peer, or the first `X-Forwarded-For` entry when
/// Convene is configured to sit behind a trusted proxy.
fn client_address(request: &Request, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for {
        let forwarded = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip().to_string())
}
