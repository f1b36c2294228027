//! Membership of an organisation: who belongs, asking to join, approving claims, roles and
//! the organisation's audit log. What each person may do here is decided by the route
//! rules; this page only offers the actions the same policy allows them.

use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::forms;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::access::{decide, Decision, MembershipStatus, OrgRole, RouteFacts, Rule};
use convene_domain::party::OrgRef;
use convene_store::AuditScope;
use maud::html;

async fn organisation(state: &AppState, key: &str) -> Result<(OrgRef, String), WebError> {
    let not_found = || WebError::NotFound(format!("There is no organisation called {key}."));
    let org = OrgRef::parse(key).ok_or_else(not_found)?;
    let name = state
        .store()
        .organisation_name(org)
        .await?
        .ok_or_else(not_found)?;
    Ok((org, name))
}

async fn allowed(
    state: &AppState,
    context: &RequestContext,
    rule: Rule,
    org: OrgRef,
) -> Result<bool, WebError> {
    let facts = RouteFacts {
        org: Some(org),
        org_has_administrator: state.store().has_administrator(org).await?,
    };
    Ok(decide(rule, &context.actor, facts) == Decision::Allow)
}

/// `GET /organisations/{org}`: the organisation on Convene, and joining it.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let (org, name) = organisation(&state, &key).await?;
    let members = state.store().members_of(org).await?;
    let approved = members
        .iter()
        .filter(|m| m.status == MembershipStatus::Approved)
        .count();
    let mine = context
        .actor
        .viewer()
        .and_then(|v| members.iter().find(|m| m.person == v.id));
    let can_claim = allowed(&state, &context, Rule::Verified, org).await?;
    let can_see_members = allowed(&state, &context, Rule::OrgRosterViewer, org).await?;
    let can_administer = allowed(&state, &context, Rule::OrgAdministrator, org).await?;
    let reviews =
        crate::pages::peer_review::reviews::records_section(&state, &context, org).await?;
    let network = crate::pages::evidence::network::place_section(&state, &context, org).await?;
    let recognition = crate::pages::evidence::recognition::section(
        &state,
        &context,
        convene_domain::evidence::recognition::Nominee::Organisation(org),
    )
    .await?;
    let content = html! {
        span class="govuk-caption-l" { "Convene members" }
        h1 class="govuk-heading-l" { (name) }
        p class="govuk-body" {
            a class="govuk-link" href=(org.page_path()) { "About " (name) }
        }
        p class="govuk-body" { (approved) @if approved == 1 { " person acts" } @else { " people act" } " for this organisation on Convene." }
        @match (mine, context.actor.viewer()) {
            (Some(m), _) if m.status == MembershipStatus::Approved => {
                p class="govuk-body" { "You are a " (m.role.label().to_lowercase()) " of this organisation." }
            }
            (Some(m), _) if m.status == MembershipStatus::Pending => {
                div class="govuk-inset-text" { "You asked to join on " (timestamp(&m.requested_at)) ". An administrator will decide." }
            }
            (_, None) => {
                p class="govuk-body" {
                    a class="govuk-link" href=(format!("/sign-in?next=/organisations/{}", org.key())) { "Sign in" }
                    " to ask to join this organisation."
                }
            }
            (_, Some(_)) if can_claim => {
                p class="govuk-body" {
                    "If you work for " (name) ", ask to join. An administrator of the organisation \
                     (or, for its first member, a Convene administrator) will check and approve it."
                }
                form method="post" action=(format!("/organisations/{}/claim", org.key())) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::button("Ask to join"))
                }
            }
            (_, Some(_)) => {
                p class="govuk-body" { "Confirm your email address to ask to join. " a class="govuk-link" href="/account" { "Go to your account" } }
            }
        }
        ul class="govuk-list" {
            @if can_see_members { li { a class="govuk-link" href=(format!("/organisations/{}/members", org.key())) { "Members and requests to join" } } }
            @if can_see_members { li { a class="govuk-link" href=(format!("/organisations/{}/brokerage", org.key())) { "Brokerage: needs, offers, introductions and collaborations" } } }
            @if can_administer { li { a class="govuk-link" href=(format!("/organisations/{}/audit", org.key())) { "Audit log" } } }
            li { a class="govuk-link" href=(format!("/placements/records/{}", org.key())) { "Loans and interim placements it has been part of" } }
            li { a class="govuk-link" href=(format!("/notes?about={}", org.key())) { "Notes about this organisation" } }
            @if can_claim { li { a class="govuk-link" href=(format!("/notes/new?about={}", org.key())) { "Write a note about this organisation" } } }
        }
        (recognition)
        (reviews)
        (network)
    };
    Ok(respond(&state, StatusCode::OK, &name, &[("/", "Home")], content).await)
}

/// `POST /organisations/{org}/claim`.
pub(crate) async fn claim(
    State(state): State<AppState>,
    context: RequestContext,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let (org, _) = organisation(&state, &key).await?;
    let viewer = context.viewer()?;
    state
        .store()
        .claim_membership(viewer.id, org, context.address())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/organisations/{}",
        org.key()
    )))
}

/// `GET /organisations/{org}/members`.
pub(crate) async fn members(
    State(state): State<AppState>,
    context: RequestContext,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let (org, name) = organisation(&state, &key).await?;
    let members = state.store().members_of(org).await?;
    let can_administer = allowed(&state, &context, Rule::OrgAdministrator, org).await?;
    let base = format!("/organisations/{}/members", org.key());
    let content = html! {
        span class="govuk-caption-l" { (name) }
        h1 class="govuk-heading-l" { "Members and requests to join" }
        @if members.is_empty() { p class="govuk-body" { "No one has asked to join yet." } }
        @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Members" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Name" }
                    th scope="col" class="govuk-table__header" { "Job title" }
                    th scope="col" class="govuk-table__header" { "Status" }
                    th scope="col" class="govuk-table__header" { "Role" }
                    @if can_administer { th scope="col" class="govuk-table__header" { "Actions" } }
                } }
                tbody class="govuk-table__body" {
                    @for m in &members {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href=(format!("/people/{}", m.person)) { (m.name) } }
                            td class="govuk-table__cell" { (m.job_title.as_deref().unwrap_or("")) }
                            td class="govuk-table__cell" { (m.status.label()) }
                            td class="govuk-table__cell" { @if m.status == MembershipStatus::Approved { (m.role.label()) } }
                            @if can_administer {
                                td class="govuk-table__cell" { div class="convene-button-row" {
                                    @match m.status {
                                        MembershipStatus::Pending => {
                                            (forms::action_button(&format!("{base}/{}/approve", m.membership), "Approve", "", &context.csrf_token))
                                            (forms::action_button(&format!("{base}/{}/reject", m.membership), "Turn down", "govuk-button--warning", &context.csrf_token))
                                        }
                                        MembershipStatus::Approved => {
                                            @let (role, label) = if m.role == OrgRole::Administrator { ("member", "Make member") } else { ("administrator", "Make administrator") };
                                            (role_button(&base, m.membership, role, label, "govuk-button--secondary", &context.csrf_token))
                                            (role_button(&base, m.membership, "remove", "Remove", "govuk-button--warning", &context.csrf_token))
                                        }
                                        MembershipStatus::Rejected => {}
                                    }
                                } }
                            }
                        }
                    }
                }
            } }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Members",
        &[
            ("/", "Home"),
            (&format!("/organisations/{}", org.key()), &name),
        ],
        content,
    )
    .await)
}

fn role_button(
    base: &str,
    membership: i64,
    role: &str,
    label: &str,
    style: &str,
    csrf: &str,
) -> maud::Markup {
    html! {
        form method="post" action=(format!("{base}/{membership}/role")) novalidate {
            (forms::csrf_field(csrf))
            input type="hidden" name="role" value=(role);
            button type="submit" class=(format!("govuk-button {style}")) data-module="govuk-button" { (label) }
        }
    }
}

/// `POST /organisations/{org}/members/{membership}/approve`.
pub(crate) async fn approve(
    State(state): State<AppState>,
    context: RequestContext,
    Path((key, membership)): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide_claim(state, context, key, membership, true).await
}

/// `POST /organisations/{org}/members/{membership}/reject`.
pub(crate) async fn reject(
    State(state): State<AppState>,
    context: RequestContext,
    Path((key, membership)): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide_claim(state, context, key, membership, false).await
}

async fn decide_claim(
    state: AppState,
    context: RequestContext,
    key: String,
    membership: String,
    approve: bool,
) -> Result<Response, WebError> {
    let (org, _) = organisation(&state, &key).await?;
    let viewer = context.viewer()?;
    let membership: i64 = membership
        .parse()
        .map_err(|_| WebError::NotFound("There is no such request to join.".into()))?;
    let account = state.config().link("/account");
    state
        .store()
        .decide_membership(
            viewer.id,
            org,
            membership,
            approve,
            &account,
            context.address(),
        )
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/organisations/{}/members",
        org.key()
    )))
}

/// `POST /organisations/{org}/members/{membership}/role`: `role` is `administrator`,
/// `member` or `remove`.
pub(crate) async fn change_role(
    State(state): State<AppState>,
    context: RequestContext,
    Path((key, membership)): Path<(String, String)>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (org, _) = organisation(&state, &key).await?;
    let viewer = context.viewer()?;
    let membership: i64 = membership
        .parse()
        .map_err(|_| WebError::NotFound("There is no such member.".into()))?;
    let role = match fields.get("role") {
        "remove" => None,
        other => Some(OrgRole::from_key(other).ok_or_else(|| {
            WebError::BadRequest("Choose administrator, member or remove".into())
        })?),
    };
    state
        .store()
        .change_member_role(viewer.id, org, membership, role, context.address())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/organisations/{}/members",
        org.key()
    )))
}

/// `GET /organisations/{org}/audit`.
pub(crate) async fn audit(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let (org, name) = organisation(&state, &key).await?;
    let entries = state
        .store()
        .audit_log(AuditScope::Organisation(org), 500)
        .await?;
    let content = html! {
        span class="govuk-caption-l" { (name) }
        h1 class="govuk-heading-l" { "Audit log" }
        p class="govuk-body" {
            "Sign-ins of this organisation's members, changes to its membership, and every reading \
             of a confidential record shared with it. The newest 500 entries."
        }
        (crate::pages::admin::audit_table(&entries))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Audit log",
        &[
            ("/", "Home"),
            (&format!("/organisations/{}", org.key()), &name),
        ],
        content,
    )
    .await)
}
