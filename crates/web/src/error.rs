//! The web layer's one error type, and the one place that decides how an error looks: a
//! GOV.UK error page for people, `{"error": "..."}` for programs calling `/api/`.

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
    /// Convene failed. The detail is logged, never shown.
    Internal(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the person or program is told.
    fn public_message(&self) -> &str {
        match self {
            WebError::NotFound(message) | WebError::BadRequest(message) => message,
            WebError::Internal(_) => "Sorry, there is a problem with the service. Try again later.",
        }
    }
}

impl fmt::Display for WebError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebError::Internal(detail) => write!(f, "internal error: {detail}"),
            other => f.write_str(other.public_message()),
        }
    }
}

impl std::error::Error for WebError {}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        WebError::Internal(error.to_string())
    }
}

impl From<csv::Error> for WebError {
    fn from(error: csv::Error) -> Self {
        WebError::Internal(format!("writing CSV: {error}"))
    }
}

/// An error on its way out, waiting for [`render_errors`] to give it its final form.
#[derive(Debug, Clone)]
pub(crate) struct ErrorReport {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// What to tell the reader.
    pub(crate) message: String,
}

impl IntoResponse for WebError {
    /// A plain-text response carrying an [`ErrorReport`], which [`render_errors`] turns into
    /// an HTML page or JSON depending on where the request went.
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            eprintln!("internal error: {detail}");
        }
        let report = ErrorReport {
            status: self.status(),
            message: self.public_message().to_string(),
        };
        let mut response = (report.status, report.message.clone()).into_response();
        response.extensions_mut().insert(report);
        response
    }
}

/// Whether a path belongs to the JSON API (the human `/api` page does not).
pub(crate) fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Middleware giving every [`WebError`] its final form.
pub(crate) async fn render_errors(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let response = next.run(request).await;
    let Some(report) = response.extensions().get::<ErrorReport>().cloned() else {
        return response;
    };
    if api {
        let body = serde_json::json!({ "error": report.message });
        (report.status, Json(body)).into_response()
    } else {
        let sources = state.sources().await;
        (report.status, pages::errors::page(&report, &sources)).into_response()
    }
}
