//! The web layer's one error type, and the one place that decides how an error looks: a
//! GOV.UK error page for people, `{"error": "..."}` for programs calling `/api/`.

use crate::access::{account_nav, RequestContext};
use crate::pages;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use convene_store::StoreError;
use std::fmt;

/// Why a request could not be answered.
#[derive(Debug)]
pub enum WebError {
    /// Nothing exists at the address; the message says what was looked for.
    NotFound(String),
    /// The request itself is wrong (a filter value Convene does not know); the message says
    /// how to put it right.
    BadRequest(String),
    /// Signing in is needed first; pages send people to sign in and come back to `next`.
    SignInRequired {
        /// Where to return after signing in.
        next: String,
    },
    /// The API request has no valid credentials.
    Unauthorised(String),
    /// The person may not do this (or the form's CSRF token was wrong).
    Forbidden(String),
    /// The change conflicts with what is stored (already a member, last administrator).
    Conflict(String),
    /// Too many attempts; wait and try again.
    TooManyRequests(String),
    /// Convene failed. The cause (with its own causes) is logged, never shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl WebError {
    /// An internal failure, keeping its cause (an error, or a message saying what failed)
    /// for the log.
    pub(crate) fn internal(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> WebError {
        WebError::Internal(cause.into())
    }

    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::SignInRequired { .. } | WebError::Unauthorised(_) => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person or program is told.
    fn public_message(&self) -> &str {
        match self {
            WebError::NotFound(message)
            | WebError::BadRequest(message)
            | WebError::Unauthorised(message)
            | WebError::Forbidden(message)
            | WebError::Conflict(message)
            | WebError::TooManyRequests(message) => message,
            WebError::SignInRequired { .. } => "Sign in to continue.",
            WebError::Internal(_) => "Sorry, there is a problem with the service. Try again later.",
        }
    }
}

/// The body of every JSON API error, one type so the OpenAPI document's `Error` schema is
/// the shape the API sends.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ApiError {
    /// What went wrong, in plain English; for a parameter, which values it accepts.
    pub error: String,
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::Internal(cause) => write!(f, "internal error: {cause}"),
            other => f.write_str(other.public_message()),
        }
    }
}

impl std::error::Error for WebError {}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Refused(message) => WebError::Conflict(message),
            other => WebError::Internal(Box::new(other)),
        }
    }
}

/// A refusal from the store as its words, for a page to show beside the field it is about;
/// any other store error as the error it is. Pages use this where the API lets the
/// `From` above turn a refusal into 409.
pub(crate) fn refusal(error: StoreError) -> Result<String, WebError> {
    match error {
        StoreError::Refused(message) => Ok(message),
        other => Err(other.into()),
    }
}

/// Maps a refusal from the store to the error `make` builds from its words (a page that
/// answers "not found" for someone else's record, say); any other store error as itself.
pub(crate) fn refused_as(make: fn(String) -> WebError) -> impl Fn(StoreError) -> WebError {
    move |error| match error {
        StoreError::Refused(message) => make(message),
        other => other.into(),
    }
}

impl From<csv::Error> for WebError {
    fn from(error: csv::Error) -> Self {
        WebError::Internal(Box::new(error))
    }
}

/// An error on its way out, waiting for [`render_errors`] to give it its final form.
#[derive(Debug, Clone)]
pub(crate) struct ErrorReport {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// What to tell the reader.
    pub(crate) message: String,
    /// For sign-in redirects: where to come back to.
    pub(crate) sign_in_next: Option<String>,
}

impl IntoResponse for WebError {
    /// A plain-text response carrying an [`ErrorReport`], which [`render_errors`] turns into
    /// an HTML page or JSON depending on where the request went.
    fn into_response(self) -> Response {
        if let WebError::Internal(cause) = &self {
            tracing::error!(error = %causes(cause.as_ref()), "internal error");
        }
        ErrorReport {
            status: self.status(),
            message: self.public_message().to_string(),
            sign_in_next: match &self {
                WebError::SignInRequired { next } => Some(next.clone()),
                _ => None,
            },
        }
        .into_response()
    }
}

impl IntoResponse for ErrorReport {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.message.clone()).into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// For the panic-catching layer: a handler that panicked still answers, with the same 500
/// page or JSON as any internal error. The panic hook (`convene serve` sets one that logs
/// through `tracing`, inside the request's span) has already logged the message and where
/// it happened, so nothing is logged twice here.
pub(crate) fn panicked(_payload: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ErrorReport {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: WebError::internal("panicked").public_message().to_string(),
        sign_in_next: None,
    }
    .into_response()
}

/// An error and every cause beneath it, as one line: `a: b: c`.
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = error.to_string();
    let mut next = error.source();
    while let Some(cause) = next {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        next = cause.source();
    }
    line
}

/// Whether a path belongs to the JSON API (the human `/api` page does not).
pub(crate) fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Middleware, outermost: gives every [`WebError`] its final form (an HTML page, a
/// sign-in redirect or JSON), then fills in the account links of any HTML page.
pub(crate) async fn finish(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let response = next.run(request).await;
    let context = response.extensions().get::<RequestContext>().cloned();
    let response = match response.extensions().get::<ErrorReport>().cloned() {
        None => response,
        Some(report) if api => {
            let body = ApiError {
                error: report.message,
            };
            (report.status, Json(body)).into_response()
        }
        Some(report) => match &report.sign_in_next {
            Some(next) => {
                let target = format!("/sign-in?next={}", crate::params::encode(next));
                crate::redirect::see_other(&target)
            }
            None => {
                let sources = state.sources().await;
                (report.status, pages::errors::page(&report, &sources)).into_response()
            }
        },
    };
    account_nav::fill(response, context.as_ref()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct WritingThePage(std::io::Error);

    impl fmt::Display for WritingThePage {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("writing the page")
        }
    }

    impl std::error::Error for WritingThePage {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn internal_errors_keep_their_causes_for_the_log_and_show_none() {
        let error = WebError::internal(WritingThePage(std::io::Error::other("disk full")));
        let WebError::Internal(cause) = &error else {
            panic!("not internal: {error:?}");
        };
        assert_eq!(causes(cause.as_ref()), "writing the page: disk full");
        assert!(!error.public_message().contains("disk"));
    }

    #[test]
    fn a_panic_becomes_the_ordinary_500_report() {
        let response = panicked(Box::new("index out of range"));
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let report = response
            .extensions()
            .get::<ErrorReport>()
            .expect("a report");
        assert_eq!(report.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            !report.message.contains("index"),
            "the panic's words stay in the log"
        );
    }
}
