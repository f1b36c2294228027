//! Signing in and out. Sign-in always starts a brand-new session (ending any session id the
//! browser presented, so an id planted beforehand is worthless), and is rate limited per
//! account and per address.

use super::{password_matches, respond, safe_next, token_pair};
use crate::access::cookies::{self, SESSION_SECONDS};
use crate::access::rate_limit;
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::forms::{self, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_credentials::new_token;
use convene_domain::account::Email;
use convene_store::NewSession;
use maud::html;
use std::collections::HashMap;

/// `GET /sign-in`.
pub(crate) async fn form(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let next = query.get("next").map_or("/account", |n| safe_next(n));
    page(&state, &context, "", next, &Vec::new(), StatusCode::OK).await
}

/// `POST /sign-in`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let next = safe_next(fields.get("next")).to_string();
    let typed = fields.get("email");
    let email = match Email::parse(typed) {
        Ok(email) => email,
        Err(message) => {
            let errors = vec![("email", message)];
            return Ok(page(
                &state,
                &context,
                typed,
                &next,
                &errors,
                StatusCode::BAD_REQUEST,
            )
            .await);
        }
    };
    let account_scope = rate_limit::account_scope(email.as_str());
    let address_scope = context.address().map(rate_limit::address_scope);
    let store = state.store();
    let limited = store
        .sign_in_failures(&account_scope, rate_limit::WINDOW_SECONDS)
        .await?
        >= rate_limit::PER_ACCOUNT
        || match &address_scope {
            Some(scope) => {
                store
                    .sign_in_failures(scope, rate_limit::WINDOW_SECONDS)
                    .await?
                    >= rate_limit::PER_ADDRESS
            }
            None => false,
        };
    if limited {
        let errors = vec![("email", rate_limit::MESSAGE.to_string())];
        return Ok(page(
            &state,
            &context,
            typed,
            &next,
            &errors,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await);
    }

    let credentials = store.credentials(&email).await?;
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let matches = password_matches(fields.get("password").to_string(), hash).await?;
    let person = match (credentials, matches) {
        (Some(credentials), true) => credentials.person,
        (known, _) => {
            let scopes: Vec<String> = std::iter::once(account_scope)
                .chain(address_scope)
                .collect();
            store
                .record_sign_in_failure(
                    &scopes,
                    known.map(|c| c.person),
                    "wrong email address or password",
                    context.address(),
                )
                .await?;
            let errors = vec![(
                "email",
                "Enter the correct email address and password".to_string(),
            )];
            return Ok(page(
                &state,
                &context,
                typed,
                &next,
                &errors,
                StatusCode::BAD_REQUEST,
            )
            .await);
        }
    };

    let (session_id, digest) = token_pair()?;
    let csrf_token = new_token("").map_err(WebError::internal)?;
    store
        .start_session(
            person,
            &NewSession {
                token_digest: digest,
                csrf_token,
                valid_for_seconds: SESSION_SECONDS,
                replaces: context.presented_session.clone(),
                clears_failures: vec![rate_limit::account_scope(email.as_str())],
                address: context.address.clone(),
            },
        )
        .await?;
    let mut response = crate::redirect::see_other(&next);
    cookies::set(
        response.headers_mut(),
        cookies::SESSION,
        &session_id,
        Some(SESSION_SECONDS),
        state.config().secure_cookies(),
    );
    Ok(response)
}

/// `POST /sign-out`.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    if let Some(digest) = &context.session_digest {
        state.store().end_session(digest, context.address()).await?;
    }
    let mut response = respond(
        &state,
        StatusCode::OK,
        "You have signed out",
        &[],
        html! {
            h1 class="govuk-heading-l" { "You have signed out" }
            p class="govuk-body" { a class="govuk-link" href="/sign-in" { "Sign in again" } }
        },
    )
    .await;
    cookies::set(
        response.headers_mut(),
        cookies::SESSION,
        "",
        Some(0),
        state.config().secure_cookies(),
    );
    Ok(response)
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    email: &str,
    next: &str,
    errors: &FieldErrors,
    status: StatusCode,
) -> Response {
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Sign in" }
            @if context.actor.viewer().is_some() {
                p class="govuk-body" { "You are already signed in. Signing in again starts a new session." }
            }
            form method="post" action="/sign-in" novalidate {
                (forms::csrf_field(&context.csrf_token))
                input type="hidden" name="next" value=(next);
                (Input::text("email", "Email address", email).kind("email", "username").render(errors))
                (Input::text("password", "Password", "").kind("password", "current-password").render(&Vec::new()))
                (forms::button("Sign in"))
            }
            p class="govuk-body" { a class="govuk-link" href="/forgot-password" { "I have forgotten my password" } }
            p class="govuk-body" {
                "New to Convene? " a class="govuk-link" href="/sign-up" { "Create an account" }
            }
        } }
    };
    respond(state, status, "Sign in", &[], content).await
}
