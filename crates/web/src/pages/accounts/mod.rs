//! Account pages: signing up and in, email links, the account itself and API tokens.

pub(crate) mod account;
pub(crate) mod api_tokens;
pub(crate) mod email_links;
pub(crate) mod sign_in;
pub(crate) mod sign_up;

use crate::pages::layout;
use crate::state::AppState;
use crate::WebError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use convene_credentials::{new_token, token_digest};
use maud::Markup;

/// A page in the shared frame with a status (400 for a form with problems).
pub(crate) async fn respond(
    state: &AppState,
    status: StatusCode,
    title: &str,
    crumbs: &[(&str, &str)],
    content: Markup,
) -> Response {
    let sources = state.sources().await;
    let Html(body) = layout::page(title, &sources, crumbs, content);
    (status, Html(body)).into_response()
}

/// A fresh one-time token and its digest.
pub(crate) fn token_pair() -> Result<(String, String), WebError> {
    let token = new_token("").map_err(WebError::internal)?;
    let digest = token_digest(&token);
    Ok((token, digest))
}

/// Hashes a password off the async threads (Argon2id is deliberately slow).
pub(crate) async fn hash_password(password: String) -> Result<String, WebError> {
    tokio::task::spawn_blocking(move || convene_credentials::hash_password(&password))
        .await
        .map_err(WebError::internal)?
        .map_err(WebError::internal)
}

/// Checks a password off the async threads; a missing hash is checked against a decoy so
/// unknown addresses take as long to refuse as wrong passwords.
pub(crate) async fn password_matches(
    password: String,
    hash: Option<String>,
) -> Result<bool, WebError> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| convene_credentials::decoy_hash().to_string());
        convene_credentials::verify_password(&password, &hash) && known
    })
    .await
    .map_err(WebError::internal)
}

/// A path to return to after signing in: only a path on this site (see
/// [`crate::redirect::LocalPath`]), otherwise the account page.
pub(crate) fn safe_next(next: &str) -> &str {
    match crate::redirect::LocalPath::parse(next) {
        Some(_) => next,
        None => "/account",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/trusts/1"), "/trusts/1");
        assert_eq!(safe_next("//evil.example"), "/account");
        assert_eq!(safe_next("https://evil.example"), "/account");
        assert_eq!(safe_next("/\\evil.example"), "/account");
        assert_eq!(safe_next(""), "/account");
        assert_eq!(safe_next("/\t/evil.com"), "/account");
        assert_eq!(safe_next("/\n/evil.com"), "/account");
    }
}
