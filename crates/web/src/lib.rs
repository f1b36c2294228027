//! Convene's web layer: GOV.UK-styled pages, the JSON API and CSV exports over the system
//! map. It is deliberately thin: each handler reads the request, asks the [`Store`] and
//! renders, so every rule lives once in the domain or the store.

#![warn(missing_docs)]

mod access;
pub mod api;
pub mod assets;
mod behaviours;
mod brokerage;
mod case_studies;
mod charts;
mod csv_table;
mod error;
mod export_csv;
mod form_fields;
mod format;
mod graphml;
mod impact;
mod lookup;
mod maps;
mod network;
mod outcomes;
mod page_cache;
mod pages;
mod params;
mod partnerships;
mod peer_review;
mod peer_review_steps;
mod peer_reviews;
mod placements;
mod policy_voice;
mod recognition;
mod redirect;
mod routes;
mod state;

pub use error::WebError;
pub use routes::{route_table, RouteSpec};
pub use state::WebConfig;

use axum::body::Body;
use axum::extract::Path;
use axum::http::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{middleware, Router};
use convene_store::Store;
use state::AppState;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

/// Builds the whole application (pages, API, exports, assets) over one store, so the CLI,
/// the benchmarks and the tests all run exactly the same routes. Requests pass, in order:
/// identification (session or API token), routing (405 for a method no route declares),
/// CSRF and origin checks, the route's own rule, the handler; on the way out a panic
/// becomes a 500, errors get their final form and pages their account links, and every
/// response gets the security headers.
pub fn router(store: Store, config: WebConfig) -> Router {
    let state = AppState::new(store, config);
    warm_up(&state);
    routes::router(&state)
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            access::context::identify,
        ))
        .layer(CatchPanicLayer::custom(error::panicked))
        .layer(middleware::from_fn_with_state(state.clone(), error::finish))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            access::headers::secure,
        ))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response)
                .on_body_chunk(())
                .on_eos(())
                .on_failure(()),
        )
        .with_state(state)
}

/// One `request` span per request: method and path, never the query, which can carry
/// one-time tokens. Errors and panics logged while answering carry the span's fields.
fn request_span(request: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
    )
}

/// Closes a request's log with its status and the time taken.
fn log_response(response: &Response, latency: Duration, _span: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        ms = latency.as_secs_f64() * 1000.0,
        "answered"
    );
}

/// Builds the search index and works out profiles and families in the background as soon
/// as the application starts, so the first search or trust page does not wait for them.
fn warm_up(state: &AppState) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let state = state.clone();
        runtime.spawn(async move {
            if let Err(e) = state.search_index().await {
                tracing::warn!(error = %e, "could not build the search index yet");
            }
            if let Err(e) = state.analysis().await {
                tracing::warn!(error = %e, "could not work out profiles and families yet");
            }
        });
    }
}

/// Serves the application on `listener` until Ctrl-C or SIGTERM, finishing requests in
/// flight before returning, so a service manager can stop Convene cleanly.
pub async fn serve(
    store: Store,
    config: WebConfig,
    listener: tokio::net::TcpListener,
) -> std::io::Result<()> {
    let app = router(store, config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Resolves when the process is asked to stop. If a signal cannot be watched, that signal
/// simply never arrives (rather than stopping the server at once).
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The vendored GOV.UK Frontend files and Convene's own styles. Their names never change
/// within a release, so browsers may keep them for a year.
async fn asset(Path(path): Path<String>) -> Result<Response, WebError> {
    let found = assets::asset(&path)
        .ok_or_else(|| WebError::NotFound(format!("There is no file called {path}.")))?;
    Ok((
        [
            (header::CONTENT_TYPE, found.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        found.bytes,
    )
        .into_response())
}

/// For load balancers and service managers: answers without touching the database.
async fn healthz() -> (StatusCode, &'static str) {
    (StatusCode::OK, "ok")
}

/// Any address no route claims.
async fn not_found() -> WebError {
    WebError::NotFound("There is no page at this address.".into())
}
