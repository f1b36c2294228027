//! API tokens: made by the person, shown once, stored only as a digest, revoked at once.

use super::{respond, token_pair};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::forms::{self, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::account::tidy;
use maud::{html, Markup};

/// API tokens start with this, so a leaked one is recognisable (and secret scanners can
/// be taught to look for it).
pub(crate) const PREFIX: &str = "cvn_";

/// `GET /account/api-tokens`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    page(&state, &context, None, &Vec::new()).await
}

/// `POST /account/api-tokens`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let name = tidy(fields.get("name"));
    if name.is_empty() || name.chars().count() > 80 {
        let errors = vec![(
            "name",
            "Enter a name for the token, 80 characters or fewer".to_string(),
        )];
        return page(&state, &context, None, &errors).await;
    }
    let (secret, _) = token_pair()?;
    let token = format!("{PREFIX}{secret}");
    state
        .store()
        .create_api_token(
            viewer.id,
            &name,
            &convene_credentials::token_digest(&token),
            context.address(),
        )
        .await?;
    let shown = html! {
        (forms::banner("Important", html! {
            p class="govuk-notification-banner__heading" { "Copy your new token now: it will not be shown again" }
            code class="convene-secret" id="new-token" { (token) }
            p class="govuk-body" { "Send it with API requests as " code { "Authorization: Bearer <token>" } "." }
        }))
    };
    page(&state, &context, Some(shown), &Vec::new()).await
}

/// `POST /account/api-tokens/{id}/revoke`.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let id: i64 = id
        .parse()
        .map_err(|_| WebError::NotFound("There is no such token.".into()))?;
    if !state
        .store()
        .revoke_api_token(viewer.id, id, context.address())
        .await?
    {
        return Err(WebError::NotFound(
            "You have no such token, or it is already revoked.".into(),
        ));
    }
    Ok(crate::redirect::see_other("/account/api-tokens"))
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    new_token: Option<Markup>,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let tokens = state.store().api_tokens(viewer.id).await?;
    let status = forms::status_for(errors);
    let content = html! {
        (forms::error_summary(errors))
        @if let Some(shown) = new_token { (shown) }
        h1 class="govuk-heading-l" { "API tokens" }
        p class="govuk-body" {
            "A token lets a program use the " a class="govuk-link" href="/api" { "Convene API" }
            " as you, seeing what you can see. Revoke a token as soon as you no longer need it."
        }
        @if tokens.is_empty() {
            p class="govuk-body" { "You have no API tokens." }
        } @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-table__caption--m" { "Your tokens" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Name" }
                    th scope="col" class="govuk-table__header" { "Created" }
                    th scope="col" class="govuk-table__header" { "Last used" }
                    th scope="col" class="govuk-table__header" { "Status" }
                } }
                tbody class="govuk-table__body" {
                    @for token in &tokens {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (token.name) }
                            td class="govuk-table__cell" { (timestamp(&token.created_at)) }
                            td class="govuk-table__cell" { (token.last_used_at.as_deref().map_or("Never".into(), timestamp)) }
                            td class="govuk-table__cell" {
                                @match &token.revoked_at {
                                    Some(at) => { "Revoked " (timestamp(at)) }
                                    None => {
                                        (forms::action_button(&format!("/account/api-tokens/{}/revoke", token.id),
                                            "Revoke", "govuk-button--warning", &context.csrf_token))
                                    }
                                }
                            }
                        }
                    }
                }
            } }))
        }
        h2 class="govuk-heading-m" { "Create a token" }
        form method="post" action="/account/api-tokens" novalidate {
            (forms::csrf_field(&context.csrf_token))
            (Input::text("name", "Token name", "").hint("What will use it, for example: board report script").render(errors))
            (forms::button("Create token"))
        }
    };
    Ok(respond(
        state,
        status,
        "API tokens",
        &[("/", "Home"), ("/account", "Your account")],
        content,
    )
    .await)
}
