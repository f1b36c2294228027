//! Platform administration: first claims to approve, the email outbox (how a single-machine
//! install without SMTP still delivers links), people and their platform roles, and the
//! whole audit log.

use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::thousands;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::components::{self, cell, number_cell, text, Column};
use crate::pages::forms;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::access::PlatformRole;
use convene_domain::account::PersonId;
use convene_domain::audit::AuditEntry;
use convene_domain::import::ImportRun;
use convene_store::AuditScope;
use maud::{html, Markup};

const CRUMBS: &[(&str, &str)] = &[("/", "Home"), ("/admin", "Administration")];

/// `GET /admin`.
pub(crate) async fn overview(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let claims = state.store().first_claims().await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Administration" }
        ul class="govuk-list" {
            li { a class="govuk-link" href="/admin/outbox" { "Email outbox" } }
            li { a class="govuk-link" href="/admin/people" { "People and platform roles" } }
            li { a class="govuk-link" href="/admin/audit" { "Audit log" } }
            li { a class="govuk-link" href="/admin/imports" { "Import history" } }
        }
        h2 class="govuk-heading-m" { "First requests to join" }
        p class="govuk-body" {
            "These organisations have no administrator on Convene yet, so a platform administrator \
             decides. The first person approved becomes the organisation's administrator. Check \
             that the person really works there before approving."
        }
        @if claims.is_empty() { p class="govuk-body" { "There are no requests waiting." } }
        @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Requests waiting" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Organisation" }
                    th scope="col" class="govuk-table__header" { "Person" }
                    th scope="col" class="govuk-table__header" { "Asked" }
                    th scope="col" class="govuk-table__header" { "Decide" }
                } }
                tbody class="govuk-table__body" {
                    @for claim in &claims {
                        @let base = format!("/organisations/{}/members/{}", claim.organisation.org.key(), claim.member.membership);
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href=(claim.organisation.org.page_path()) { (claim.organisation.name) } }
                            td class="govuk-table__cell" {
                                a class="govuk-link" href=(format!("/people/{}", claim.member.person)) { (claim.member.name) }
                                @if let Some(title) = &claim.member.job_title { br; span class="govuk-hint" { (title) } }
                            }
                            td class="govuk-table__cell" { (timestamp(&claim.member.requested_at)) }
                            td class="govuk-table__cell" { div class="convene-button-row" {
                                (forms::action_button(&format!("{base}/approve"), "Approve", "", &context.csrf_token))
                                (forms::action_button(&format!("{base}/reject"), "Turn down", "govuk-button--warning", &context.csrf_token))
                            } }
                        }
                    }
                }
            } }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Administration",
        &[("/", "Home")],
        content,
    )
    .await)
}

/// `GET /admin/outbox`.
pub(crate) async fn outbox(State(state): State<AppState>) -> Result<Response, WebError> {
    let emails = state.store().outbox(None, 200).await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Email outbox" }
        p class="govuk-body" {
            "Every email Convene sends, newest first. When no mail server is configured, emails \
             stay here: open one to pass its link on to the person."
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "Emails" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "To" }
                th scope="col" class="govuk-table__header" { "Subject" }
                th scope="col" class="govuk-table__header" { "Written" }
                th scope="col" class="govuk-table__header" { "Delivered" }
            } }
            tbody class="govuk-table__body" {
                @for email in &emails {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (email.message.to) }
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/admin/outbox/{}", email.id)) { (email.message.subject) } }
                        td class="govuk-table__cell" { (timestamp(&email.created_at)) }
                        td class="govuk-table__cell" {
                            @match (&email.sent_at, &email.last_error) {
                                (Some(at), _) => { (timestamp(at)) }
                                (None, Some(error)) => { "Failed: " (error) }
                                (None, None) => { "Not sent by email" }
                            }
                        }
                    }
                }
            }
        } }))
    };
    Ok(respond(&state, StatusCode::OK, "Email outbox", CRUMBS, content).await)
}

/// `GET /admin/outbox/{id}`.
pub(crate) async fn outbox_email(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("There is no such email.".into());
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let email = state
        .store()
        .outbox_email(id)
        .await?
        .ok_or_else(not_found)?;
    let content = html! {
        span class="govuk-caption-l" { "To " (email.message.to) }
        h1 class="govuk-heading-l" { (email.message.subject) }
        pre class="govuk-body convene-pre-wrap" { (email.message.body) }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &email.message.subject,
        &[
            ("/", "Home"),
            ("/admin", "Administration"),
            ("/admin/outbox", "Email outbox"),
        ],
        content,
    )
    .await)
}

/// `GET /admin/people`.
pub(crate) async fn people(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let people = state.store().people().await?;
    let content = html! {
        h1 class="govuk-heading-l" { "People and platform roles" }
        p class="govuk-body" {
            "Platform administrators run the service. Conveners facilitate networks across \
             organisations and can see who belongs to each. Neither role can read confidential \
             records shared between organisations."
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "People" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Name" }
                th scope="col" class="govuk-table__header" { "Email address" }
                th scope="col" class="govuk-table__header" { "Roles" }
            } }
            tbody class="govuk-table__body" {
                @for person in &people {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (person.profile.name) }
                        td class="govuk-table__cell" {
                            (person.email)
                            @if person.email_verified_at.is_none() { br; span class="govuk-hint" { "Not confirmed" } }
                        }
                        td class="govuk-table__cell" {
                            form method="post" action=(format!("/admin/people/{}/roles", person.id)) novalidate {
                                (forms::csrf_field(&context.csrf_token))
                                div class="govuk-checkboxes govuk-checkboxes--small" {
                                    @for role in PlatformRole::ALL {
                                        @let id = format!("role-{}-{}", person.id, role.key());
                                        div class="govuk-checkboxes__item" {
                                            input class="govuk-checkboxes__input" type="checkbox" id=(id) name="role"
                                                value=(role.key()) checked[person.platform_roles.contains(&role)];
                                            label class="govuk-label govuk-checkboxes__label" for=(id) { (role.label()) }
                                        }
                                    }
                                }
                                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" {
                                    "Save roles" span class="govuk-visually-hidden" { " for " (person.profile.name) }
                                }
                            }
                        }
                    }
                }
            }
        } }))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "People and platform roles",
        CRUMBS,
        content,
    )
    .await)
}

/// `POST /admin/people/{id}/roles`: the ticked roles become the person's roles.
pub(crate) async fn set_roles(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("There is no such person.".into());
    let person = PersonId(id.parse().map_err(|_| not_found())?);
    let by = context.actor.viewer().ok_or_else(not_found)?.id;
    let current = state.store().person(person).await?.ok_or_else(not_found)?;
    let ticked = fields.all("role");
    for role in PlatformRole::ALL {
        let wanted = ticked.contains(&role.key());
        if wanted != current.platform_roles.contains(&role) {
            state
                .store()
                .set_platform_role(by, person, role, wanted, context.address())
                .await?;
        }
    }
    Ok(crate::redirect::see_other("/admin/people"))
}

/// How many past imports the history shows.
const HISTORY: usize = 50;

/// `GET /admin/imports`: every import and what it changed.
pub(crate) async fn imports(State(state): State<AppState>) -> Result<Response, WebError> {
    let mut history = state.store().imports().await?;
    history.truncate(HISTORY);
    let content = html! {
        h1 class="govuk-heading-l" { "Import history" }
        (import_table(&history))
    };
    Ok(respond(&state, StatusCode::OK, "Import history", CRUMBS, content).await)
}

/// `GET /admin/audit`.
pub(crate) async fn audit(State(state): State<AppState>) -> Result<Response, WebError> {
    let entries = state.store().audit_log(AuditScope::All, 500).await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Audit log" }
        p class="govuk-body" { "The newest 500 entries." }
        (audit_table(&entries))
    };
    Ok(respond(&state, StatusCode::OK, "Audit log", CRUMBS, content).await)
}

/// The audit log as a table, shared by the platform and organisation views.
pub(crate) fn audit_table(entries: &[AuditEntry]) -> Markup {
    html! {
        @if entries.is_empty() { p class="govuk-body" { "Nothing has been recorded yet." } }
        @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Audit log" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "When" }
                    th scope="col" class="govuk-table__header" { "Who" }
                    th scope="col" class="govuk-table__header" { "What" }
                    th scope="col" class="govuk-table__header" { "Detail" }
                    th scope="col" class="govuk-table__header" { "From" }
                } }
                tbody class="govuk-table__body" {
                    @for entry in entries {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (timestamp(&entry.at)) }
                            td class="govuk-table__cell" { (entry.actor_name.as_deref().unwrap_or("Unknown or former member")) }
                            td class="govuk-table__cell" { (entry.event.action.label()) }
                            td class="govuk-table__cell" { (entry.event.subject) }
                            td class="govuk-table__cell" { (entry.event.address.as_deref().unwrap_or("")) }
                        }
                    }
                }
            } }))
        }
    }
}

fn import_table(history: &[ImportRun]) -> Markup {
    let columns = [
        Column("Imported", false),
        Column("Data", false),
        Column("File", false),
        Column("Rows read", true),
        Column("New", true),
        Column("Updated", true),
        Column("Unchanged", true),
        Column("Closed", true),
        Column("Skipped", true),
    ];
    let rows = html! {
        @for run in history {
            tr class="govuk-table__row" {
                (cell(text(timestamp(&run.imported_at))))
                (cell(text(run.source.kind.label())))
                (cell(html! { code { (run.source.file_name) } }))
                (number_cell(thousands(run.counts.read)))
                (number_cell(thousands(run.counts.inserted)))
                (number_cell(thousands(run.counts.updated)))
                (number_cell(thousands(run.counts.unchanged)))
                (number_cell(thousands(run.counts.closed)))
                (number_cell(thousands(run.counts.skipped)))
            }
        }
    };
    html! {
        @if history.is_empty() {
            h2 class="govuk-heading-m" { "Import history" }
            p class="govuk-body" { "Nothing has been imported yet." }
        } @else {
            p class="govuk-body" {
                "The import history lists the newest " (HISTORY) " imports. Files loaded from "
                "the dataset bundled with Convene show no row counts."
            }
            (components::table("Import history", &columns, rows))
        }
    }
}
