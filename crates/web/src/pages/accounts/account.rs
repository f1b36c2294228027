//! The signed-in person's own account: overview, profile, a copy of their data, and
//! deleting the account.

use super::{password_matches, respond};
use crate::access::cookies;
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::components::{summary_list, text};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_domain::access::MembershipStatus;
use convene_domain::account::{Profile, ProfileField, COMMON_JOB_TITLES};
use convene_domain::audit::{AuditAction, AuditEvent};
use convene_store::PersonRecord;
use maud::html;
use std::collections::{BTreeSet, HashMap};

async fn me(state: &AppState, context: &RequestContext) -> Result<PersonRecord, WebError> {
    let id = context.viewer()?.id;
    state
        .store()
        .person(id)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such account.".into()))
}

/// `GET /account`.
pub(crate) async fn overview(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let person = me(&state, &context).await?;
    let memberships = state.store().memberships_of(person.id).await?;
    let verified = person.email_verified_at.is_some();
    let content = html! {
        @if query.get("sent").is_some_and(|s| s == "verification") {
            (forms::banner("Important", html! {
                p class="govuk-notification-banner__heading" { "We have sent a new confirmation link to " (person.email) "." }
            }))
        }
        @if !verified {
            (forms::banner("Important", html! {
                p class="govuk-notification-banner__heading" { "Confirm your email address" }
                p class="govuk-body" {
                    "Open the link we emailed to " strong { (person.email) } ". Until you do, you cannot ask to join an organisation or write notes."
                }
                (forms::action_button("/verify-email/resend", "Send the link again", "govuk-button--secondary", &context.csrf_token))
            }))
        }
        h1 class="govuk-heading-l" { "Your account" }
        (summary_list(&[
            ("Name", text(&person.profile.name)),
            ("Email address", html! { (person.email) @if verified { " (confirmed)" } @else { " (not confirmed)" } }),
            ("Job title", text(person.profile.job_title.as_deref().unwrap_or("Not given"))),
            ("Areas of expertise", text(if person.profile.expertise.is_empty() { "Not given".to_string() } else { person.profile.expertise.join(", ") })),
            ("Platform roles", text(if person.platform_roles.is_empty() { "None".to_string() } else { person.platform_roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ") })),
            ("Account created", text(timestamp(&person.created_at))),
        ]))
        p class="govuk-body" { a class="govuk-link" href="/account/profile" { "Change your profile" } }
        h2 class="govuk-heading-m" { "Your organisations" }
        @if memberships.is_empty() {
            p class="govuk-body" {
                "You do not belong to any organisation yet. Find your "
                a class="govuk-link" href="/trusts" { "trust" } ", "
                a class="govuk-link" href="/search" { "school" } " or "
                a class="govuk-link" href="/partners" { "partner organisation" }
                " and ask to join it from its page."
            }
        } @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Your organisations" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Organisation" }
                    th scope="col" class="govuk-table__header" { "Role" }
                    th scope="col" class="govuk-table__header" { "Status" }
                } }
                tbody class="govuk-table__body" {
                    @for m in &memberships {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" {
                                a class="govuk-link" href=(format!("/organisations/{}", m.organisation.org.key())) { (m.organisation.name) }
                            }
                            td class="govuk-table__cell" { @if m.status == MembershipStatus::Approved { (m.role.label()) } }
                            td class="govuk-table__cell" { (m.status.label()) }
                        }
                    }
                }
            } }))
        }
        h2 class="govuk-heading-m" { "Your data" }
        ul class="govuk-list" {
            li { a class="govuk-link" href="/notes?mine=1" { "Notes you have written" } }
            li { a class="govuk-link" href="/account/api-tokens" { "API tokens" } }
            li { a class="govuk-link" href="/account/export" download { "Download everything Convene holds about you (JSON)" } }
            li { a class="govuk-link" href="/account/delete" { "Delete your account" } }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Your account",
        &[("/", "Home")],
        content,
    )
    .await)
}

/// `GET /account/profile`.
pub(crate) async fn profile_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let person = me(&state, &context).await?;
    let profile = &person.profile;
    let fields = ProfileForm {
        name: profile.name.clone(),
        job_title: profile.job_title.clone().unwrap_or_default(),
        expertise: profile.expertise.join(", "),
        bio: profile.bio.clone().unwrap_or_default(),
        public: profile.public_fields.clone(),
    };
    Ok(profile_page(&state, &context, &fields, &Vec::new()).await)
}

/// `POST /account/profile`.
pub(crate) async fn profile_save(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let id = context.viewer()?.id;
    let public: BTreeSet<ProfileField> = fields
        .all("public")
        .into_iter()
        .filter_map(ProfileField::from_key)
        .collect();
    match Profile::from_form(
        fields.get("name"),
        fields.get("job_title"),
        fields.get("expertise"),
        fields.get("bio"),
        public.clone(),
    ) {
        Ok(profile) => {
            state.store().update_profile(id, &profile).await?;
            Ok(crate::redirect::see_other("/account"))
        }
        Err(errors) => {
            let form = ProfileForm {
                name: fields.get("name").into(),
                job_title: fields.get("job_title").into(),
                expertise: fields.get("expertise").into(),
                bio: fields.get("bio").into(),
                public,
            };
            Ok(profile_page(&state, &context, &form, &errors).await)
        }
    }
}

struct ProfileForm {
    name: String,
    job_title: String,
    expertise: String,
    bio: String,
    public: BTreeSet<ProfileField>,
}

async fn profile_page(
    state: &AppState,
    context: &RequestContext,
    form: &ProfileForm,
    errors: &FieldErrors,
) -> Response {
    let status = forms::status_for(errors);
    let public_options: Vec<(String, String, bool)> = ProfileField::ALL
        .iter()
        .map(|f| {
            (
                f.key().to_string(),
                f.label().to_string(),
                form.public.contains(f),
            )
        })
        .collect();
    let titles = COMMON_JOB_TITLES.join("; ");
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Your profile" }
            form method="post" action="/account/profile" novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("name", "Full name", &form.name).kind("text", "name").render(errors))
                (Input::text("job_title", "Job title", &form.job_title)
                    .hint(&format!("For example: {titles}")).render(errors))
                (Input::text("expertise", "Areas of expertise", &form.expertise)
                    .hint("Separate them with commas, for example: SEND, curriculum, finance").render(errors))
                (forms::textarea("bio", "Short bio", &form.bio, Some("Up to 2,000 characters"), errors))
                (forms::choices(ChoiceKind::Checkboxes, "public", "What the public can see",
                    Some("People signed in to Convene can see your whole profile. The public sees only what you tick, and nothing unless you tick your name."),
                    &public_options, errors))
                (forms::button("Save profile"))
            }
        } }
    };
    respond(
        state,
        status,
        "Your profile",
        &[("/", "Home"), ("/account", "Your account")],
        content,
    )
    .await
}

/// `GET /account/export`: everything held about the person, as JSON.
pub(crate) async fn export(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let id = context.viewer()?.id;
    let data = state
        .store()
        .personal_data(id)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such account.".into()))?;
    state
        .store()
        .record_audit(&AuditEvent {
            actor: Some(id),
            action: AuditAction::PersonalDataExported,
            organisation: None,
            subject: format!("person {id}"),
            address: context.address.clone(),
        })
        .await?;
    let body = serde_json::to_string_pretty(&data).map_err(WebError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"convene-personal-data.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

/// `GET /account/delete`.
pub(crate) async fn delete_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    context.viewer()?;
    Ok(delete_page(&state, &context, &Vec::new()).await)
}

/// `POST /account/delete`: needs the password, so a session left open cannot be used to
/// delete someone's account.
pub(crate) async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let person = me(&state, &context).await?;
    let email = convene_domain::account::Email::parse(&person.email).map_err(WebError::internal)?;
    let hash = state
        .store()
        .credentials(&email)
        .await?
        .map(|c| c.password_hash);
    if !password_matches(fields.get("password").to_string(), hash).await? {
        let errors = vec![("password", "Enter your current password".to_string())];
        return Ok(delete_page(&state, &context, &errors).await);
    }
    if let Err(e) = state.store().delete_account(person.id).await {
        return match WebError::from(e) {
            WebError::Conflict(message) => {
                Ok(delete_page(&state, &context, &vec![("password", message)]).await)
            }
            other => Err(other),
        };
    }
    let mut response = respond(
        &state,
        StatusCode::OK,
        "Your account has been deleted",
        &[],
        html! {
            (forms::panel("Your account has been deleted", html! { "We have removed your personal data" }))
            p class="govuk-body" {
                "Notes you shared with others are kept, shown as written by a former member."
            }
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

async fn delete_page(state: &AppState, context: &RequestContext, errors: &FieldErrors) -> Response {
    let status = forms::status_for(errors);
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Delete your account" }
            p class="govuk-body" { "If you delete your account:" }
            ul class="govuk-list govuk-list--bullet" {
                li { "your profile, memberships, API tokens and private notes are deleted" }
                li { "notes you shared with others stay, shown as written by a former member" }
                li { "the audit log keeps what happened, but not who you were" }
            }
            div class="govuk-warning-text" {
                span class="govuk-warning-text__icon" aria-hidden="true" { "!" }
                strong class="govuk-warning-text__text" {
                    span class="govuk-visually-hidden" { "Warning" } "You cannot undo this."
                }
            }
            p class="govuk-body" {
                "You may want to " a class="govuk-link" href="/account/export" { "download your data" } " first."
            }
            form method="post" action="/account/delete" novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("password", "Your password", "").kind("password", "current-password").render(errors))
                button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" { "Delete account" }
            }
        } }
    };
    respond(
        state,
        status,
        "Delete your account",
        &[("/", "Home"), ("/account", "Your account")],
        content,
    )
    .await
}
