//! Creating an account. The address must be verified by following an emailed link before
//! the person can act for any organisation. Signing up with an address that already has an
//! account shows the same page and emails the owner instead, so the form cannot be used to
//! discover who has an account.

use super::{hash_password, respond, token_pair};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::forms::{self, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::account::{check_new_password, tidy, Email};
use convene_domain::mail::{self, EmailMessage, VERIFY_LINK_HOURS};
use convene_store::{EmailLink, NewAccount, StoreError};
use maud::html;

/// `GET /sign-up`.
pub(crate) async fn form(State(state): State<AppState>, context: RequestContext) -> Response {
    page(&state, &context, &FormFields::default(), &Vec::new()).await
}

/// `POST /sign-up`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let mut errors: FieldErrors = Vec::new();
    let name = tidy(fields.get("name"));
    if name.is_empty() {
        errors.push(("name", "Enter your full name".into()));
    } else if name.chars().count() > convene_domain::account::MAX_NAME_LENGTH {
        errors.push(("name", "Name must be 120 characters or fewer".into()));
    }
    let email = Email::parse(fields.get("email"));
    if let Err(message) = &email {
        errors.push(("email", message.clone()));
    }
    let password = fields.get("password");
    if let Ok(email) = &email {
        if let Err(message) = check_new_password(password, email) {
            errors.push(("password", message));
        }
    }
    let email = match email {
        Ok(email) if errors.is_empty() => email,
        _ => return Ok(page(&state, &context, &fields, &errors).await),
    };

    let (token, digest) = token_pair()?;
    let link = state.config().link(&format!("/verify-email?token={token}"));
    let account = NewAccount {
        email: email.clone(),
        password_hash: hash_password(password.to_string()).await?,
        name: name.clone(),
        verified: false,
        platform_roles: Default::default(),
    };
    let verification = EmailLink {
        token_digest: digest,
        valid_for_seconds: VERIFY_LINK_HOURS * 3600,
        message: mail::verify_email(email.as_str(), &name, &link),
    };
    match state
        .store()
        .create_account(&account, Some(&verification), context.address())
        .await
    {
        Ok(_) => {}
        Err(StoreError::Refused(_)) => {
            let sign_in = state.config().link("/sign-in");
            let reset = state.config().link("/forgot-password");
            state
                .store()
                .send_email(&EmailMessage {
                    to: email.as_str().to_string(),
                    subject: "You already have a Convene account".into(),
                    body: format!(
                        "Someone tried to create a Convene account with this email address, \
                         which already has one.\n\nTo sign in: {sign_in}\nIf you have forgotten \
                         your password: {reset}\n\nIf this was not you, you can ignore this email.\n"
                    ),
                })
                .await?;
        }
        Err(e) => return Err(e.into()),
    }
    Ok(respond(
        &state,
        StatusCode::OK,
        "Check your email",
        &[],
        html! {
            div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { "Check your email" }
                p class="govuk-body" { "We have sent an email to " strong { (email) } "." }
                p class="govuk-body" {
                    "Open the link in the email to confirm your address. The link works for "
                    (VERIFY_LINK_HOURS) " hours."
                }
                p class="govuk-body" {
                    "Then " a class="govuk-link" href="/sign-in" { "sign in" } "."
                }
            } }
        },
    )
    .await)
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    fields: &FormFields,
    errors: &FieldErrors,
) -> Response {
    let status = forms::status_for(errors);
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Create an account" }
            p class="govuk-body" {
                "Convene is for people who lead and support academy trusts, schools and their \
                 local partners. Once your email address is confirmed you can ask to join your \
                 trust, school or organisation."
            }
            form method="post" action="/sign-up" novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("name", "Full name", fields.get("name")).kind("text", "name").render(errors))
                (Input::text("email", "Email address", fields.get("email"))
                    .hint("Use your work email address")
                    .kind("email", "email").render(errors))
                (Input::text("password", "Create a password", "")
                    .hint("Use 10 characters or more. A few unrelated words make a strong password.")
                    .kind("password", "new-password").render(errors))
                (forms::button("Create account"))
            }
            p class="govuk-body" {
                "Already have an account? " a class="govuk-link" href="/sign-in" { "Sign in" }
            }
        } }
    };
    respond(state, status, "Create an account", &[], content).await
}
