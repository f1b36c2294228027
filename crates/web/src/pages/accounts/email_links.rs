//! Pages reached from emailed one-time links: confirming an address and resetting a
//! password. Each link opens a page with a button, and only the button's POST uses the
//! link up, so mail scanners that open links cannot spend them.

use super::{hash_password, respond, token_pair};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::forms::{self, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_credentials::token_digest;
use convene_domain::account::{check_new_password, Email};
use convene_domain::mail::{self, RESET_LINK_MINUTES, VERIFY_LINK_HOURS};
use convene_store::{EmailLink, LinkPurpose};
use maud::html;
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

/// `GET /verify-email?token=...`.
pub(crate) async fn verify_form(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Params,
) -> Result<Response, WebError> {
    let token = query.get("token").cloned().unwrap_or_default();
    let works = state
        .store()
        .email_link_works(&token_digest(&token), LinkPurpose::VerifyEmail)
        .await?;
    if !works {
        return Ok(expired(&state, "This link has expired or has already been used").await);
    }
    Ok(respond(
        &state,
        StatusCode::OK,
        "Confirm your email address",
        &[],
        html! {
            h1 class="govuk-heading-l" { "Confirm your email address" }
            form method="post" action="/verify-email" novalidate {
                (forms::csrf_field(&context.csrf_token))
                input type="hidden" name="token" value=(token);
                (forms::button("Confirm email address"))
            }
        },
    )
    .await)
}

/// `POST /verify-email`.
pub(crate) async fn verify(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let verified = state
        .store()
        .verify_email(&token_digest(fields.get("token")), context.address())
        .await?;
    if verified.is_none() {
        return Ok(expired(&state, "This link has expired or has already been used").await);
    }
    let next = if context.actor.viewer().is_some() {
        html! { a class="govuk-link" href="/account" { "Go to your account" } }
    } else {
        html! { a class="govuk-link" href="/sign-in" { "Sign in" } }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Email address confirmed",
        &[],
        html! {
            (forms::panel("Email address confirmed", html! { "You can now ask to join your organisation" }))
            p class="govuk-body" { (next) }
        },
    )
    .await)
}

/// `POST /verify-email/resend`: a new verification link for the signed-in person.
pub(crate) async fn resend(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let person = state
        .store()
        .person(viewer.id)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such account.".into()))?;
    if person.email_verified_at.is_none() {
        let (token, digest) = token_pair()?;
        let link = state.config().link(&format!("/verify-email?token={token}"));
        state
            .store()
            .send_email_link(
                person.id,
                LinkPurpose::VerifyEmail,
                &EmailLink {
                    token_digest: digest,
                    valid_for_seconds: VERIFY_LINK_HOURS * 3600,
                    message: mail::verify_email(&person.email, &person.profile.name, &link),
                },
            )
            .await?;
    }
    Ok(crate::redirect::see_other("/account?sent=verification"))
}

/// `GET /forgot-password`.
pub(crate) async fn forgot_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Response {
    forgot_page(&state, &context, "", &Vec::new()).await
}

/// `POST /forgot-password`. The same answer whether or not the address has an account.
pub(crate) async fn forgot(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let email = match Email::parse(fields.get("email")) {
        Ok(email) => email,
        Err(message) => {
            return Ok(forgot_page(
                &state,
                &context,
                fields.get("email"),
                &vec![("email", message)],
            )
            .await)
        }
    };
    if let Some(person) = state.store().person_by_email(&email).await? {
        let (token, digest) = token_pair()?;
        let link = state
            .config()
            .link(&format!("/reset-password?token={token}"));
        state
            .store()
            .send_email_link(
                person.id,
                LinkPurpose::ResetPassword,
                &EmailLink {
                    token_digest: digest,
                    valid_for_seconds: RESET_LINK_MINUTES * 60,
                    message: mail::reset_password(&person.email, &person.profile.name, &link),
                },
            )
            .await?;
    }
    Ok(respond(
        &state,
        StatusCode::OK,
        "Check your email",
        &[],
        html! {
            h1 class="govuk-heading-l" { "Check your email" }
            p class="govuk-body" {
                "If " strong { (email) } " has a Convene account, we have sent it a link to reset \
                 the password. The link works for " (RESET_LINK_MINUTES) " minutes."
            }
        },
    )
    .await)
}

/// `GET /reset-password?token=...`.
pub(crate) async fn reset_form(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Params,
) -> Result<Response, WebError> {
    let token = query.get("token").cloned().unwrap_or_default();
    let works = state
        .store()
        .email_link_works(&token_digest(&token), LinkPurpose::ResetPassword)
        .await?;
    if !works {
        return Ok(expired(
            &state,
            "This password reset link has expired or has already been used",
        )
        .await);
    }
    Ok(reset_page(&state, &context, &token, &Vec::new()).await)
}

/// `POST /reset-password`.
pub(crate) async fn reset(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let token = fields.get("token");
    let digest = token_digest(token);
    let store = state.store();
    if !store
        .email_link_works(&digest, LinkPurpose::ResetPassword)
        .await?
    {
        return Ok(expired(
            &state,
            "This password reset link has expired or has already been used",
        )
        .await);
    }
    let password = fields.get("password");
    // The rule about not using the address as the password needs the address, which the
    // link does not reveal; length rules are checked against a placeholder address.
    let placeholder = Email::parse("nobody@convene.invalid").map_err(WebError::internal)?;
    if let Err(message) = check_new_password(password, &placeholder) {
        return Ok(reset_page(&state, &context, token, &vec![("password", message)]).await);
    }
    let hash = hash_password(password.to_string()).await?;
    if store
        .reset_password(&digest, &hash, context.address())
        .await?
        .is_none()
    {
        return Ok(expired(
            &state,
            "This password reset link has expired or has already been used",
        )
        .await);
    }
    Ok(respond(
        &state,
        StatusCode::OK,
        "Your password has been reset",
        &[],
        html! {
            (forms::panel("Your password has been reset", html! { "You have been signed out everywhere and your API tokens no longer work" }))
            p class="govuk-body" { a class="govuk-link" href="/sign-in" { "Sign in with your new password" } }
        },
    )
    .await)
}

async fn forgot_page(
    state: &AppState,
    context: &RequestContext,
    email: &str,
    errors: &FieldErrors,
) -> Response {
    let status = forms::status_for(errors);
    respond(
        state,
        status,
        "Reset your password",
        &[],
        html! {
            div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
                (forms::error_summary(errors))
                h1 class="govuk-heading-l" { "Reset your password" }
                p class="govuk-body" { "We will email you a link to choose a new password." }
                form method="post" action="/forgot-password" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (Input::text("email", "Email address", email).kind("email", "email").render(errors))
                    (forms::button("Send link"))
                }
            } }
        },
    )
    .await
}

async fn reset_page(
    state: &AppState,
    context: &RequestContext,
    token: &str,
    errors: &FieldErrors,
) -> Response {
    let status = forms::status_for(errors);
    respond(
        state,
        status,
        "Choose a new password",
        &[],
        html! {
            div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
                (forms::error_summary(errors))
                h1 class="govuk-heading-l" { "Choose a new password" }
                p class="govuk-body" { "Resetting your password signs you out everywhere and revokes all your API tokens. You can make new tokens after you sign in." }
                form method="post" action="/reset-password" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    input type="hidden" name="token" value=(token);
                    (Input::text("password", "New password", "")
                        .hint("Use 10 characters or more")
                        .kind("password", "new-password").render(errors))
                    (forms::button("Reset password"))
                }
            } }
        },
    )
    .await
}

async fn expired(state: &AppState, title: &str) -> Response {
    respond(
        state,
        StatusCode::BAD_REQUEST,
        title,
        &[],
        html! {
            h1 class="govuk-heading-l" { (title) }
            p class="govuk-body" {
                "Links in Convene emails work once and for a limited time. "
                a class="govuk-link" href="/forgot-password" { "Ask for a new password reset link" }
                " or " a class="govuk-link" href="/account" { "go to your account" }
                " to ask for a new confirmation email."
            }
        },
    )
    .await
}
