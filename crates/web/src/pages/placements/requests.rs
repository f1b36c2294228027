//! Requests for a leader: the list (searchable, and its CSV), posting one, and a request's
//! page, which shows the organisation asking its suggested matches with every factor and
//! why each other leader is left out. A confidential request (a crisis, unless the trust
//! says otherwise) is seen only by the organisation asking, on every one of these pages.

use super::leaders::period;
use super::{crumbs_to, role_fields, CRUMBS};
use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{table, Column};
use crate::pages::forms::refused;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::placements::{asks, matches, request, request_form};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::placements::{LeaderRequestDraft, RequestKind};
use convene_store::{NamedRequest, PlacementFilter, MAX_PLACEMENTS_LISTED};
use maud::html;

/// The requests' filter from the address: words, a kind and an organisation.
pub(crate) fn filter_from(params: &Params) -> Result<PlacementFilter, WebError> {
    let kind = match params.get("kind") {
        None => None,
        Some(key) => Some(RequestKind::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{key}\" is not a kind of request; use vacancy or crisis."
            ))
        })?),
    };
    Ok(PlacementFilter {
        org: params.org("org")?,
        kind,
        words: params.text("q").map(str::to_string),
        ..PlacementFilter::default()
    })
}

async fn visible(
    state: &AppState,
    context: &RequestContext,
    params: &Params,
) -> Result<Vec<NamedRequest>, WebError> {
    let filter = filter_from(params)?;
    Ok(state
        .store()
        .leader_requests(
            &context.actor.read_scope(),
            &filter,
            MAX_PLACEMENTS_LISTED,
            0,
        )
        .await?)
}

/// `GET /placements/requests`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let requests = visible(&state, &context, &params).await?;
    let signed_in = context.actor.viewer().is_some();
    let words = params.text("q").unwrap_or_default().to_string();
    let content = html! {
        h1 class="govuk-heading-l" { "Requests for a leader" }
        p class="govuk-body" { "Trusts ask here for a leader to cover a vacancy, or for interim leadership in a crisis. A crisis request is confidential unless the trust chooses otherwise: only the trust asking sees it, and Convene suggests leaders to that trust alone." }
        @if signed_in {
            p class="govuk-body" { a class="govuk-button" href="/placements/requests/new" { "Ask for a leader" } }
        } @else {
            p class="govuk-body" { "Sign in to see the requests open to Convene members." }
        }
        form method="get" action="/placements/requests" {
            (Input::text("q", "Search requests", &words).render(&Vec::new()))
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Search" }
        }
        p class="govuk-body" { a class="govuk-link" href="/placements/requests.csv" { "Download these requests as CSV" } }
        @if requests.is_empty() {
            p class="govuk-body" { "No requests that you can see." }
        } @else {
            (table("Requests", &[Column("Request", false), Column("Organisation", false), Column("Role", false), Column("Days a week", true), Column("Wanted", false)], html! {
                @for n in &requests {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" {
                            a class="govuk-link" href=(format!("/placements/requests/{}", n.request.id.0)) { (n.request.kind.label()) }
                            @if n.request.confidential { " " strong class="govuk-tag govuk-tag--grey" { "Confidential" } }
                        }
                        td class="govuk-table__cell" { (n.org_name) }
                        td class="govuk-table__cell" { (n.request.role.label()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (n.request.days_per_week.number()) }
                        td class="govuk-table__cell" { (period(n.request.from, n.request.to)) }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Requests for a leader",
        &CRUMBS,
        content,
    )
    .await)
}

/// `GET /placements/requests.csv`: the requests the reader may see.
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let requests = visible(&state, &context, &params).await?;
    let mut table = CsvTable::new([
        "id",
        "organisation",
        "organisation_name",
        "kind",
        "role",
        "days_per_week",
        "from",
        "to",
        "confidential",
        "description",
    ])?;
    for n in &requests {
        let r = &n.request;
        table.row([
            r.id.0.to_string(),
            r.org.key(),
            n.org_name.clone(),
            r.kind.key().to_string(),
            r.role.label(),
            r.days_per_week.number(),
            r.from.to_string(),
            r.to.to_string(),
            r.confidential.to_string(),
            r.description.clone(),
        ])?;
    }
    Ok(attachment("leader-requests.csv", table.finish()?))
}

/// `GET /placements/requests/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    form_page(&state, &context, &[], &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name).to_string();
    let orgs = organisation_choices(state, context, &get("org")).await?;
    let kinds: Vec<(String, String, bool)> = RequestKind::ALL
        .iter()
        .map(|k| (k.key().into(), k.label().into(), get("kind") == k.key()))
        .collect();
    let confidential = vec![
        (
            "yes".to_string(),
            "Confidential: only my organisation can see it".to_string(),
            get("confidential") == "yes",
        ),
        (
            "no".to_string(),
            "Open: anyone signed in to Convene can see it".to_string(),
            get("confidential") == "no",
        ),
    ];
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Ask for a leader" }
            @if orgs.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/placements/requests" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "org", "Which organisation is asking?", None, &orgs, errors))
                    (forms::choices(ChoiceKind::Radios, "kind", "Why do you need a leader?", None, &kinds, errors))
                    (role_fields(&get, errors))
                    (Input::text("days_per_week", "Days a week needed", &get("days_per_week")).hint("In whole or half days, from 0.5 to 5, like 2 or 2.5").render(errors))
                    (Input::text("from", "Needed from", &get("from")).hint("For example 2027-01-04").render(errors))
                    (Input::text("to", "Needed until", &get("to")).hint("For example 2027-07-16").render(errors))
                    (forms::textarea("description", "What is needed and why", &get("description"), None, errors))
                    (forms::choices(ChoiceKind::Radios, "confidential", "Who can see this request?", Some("If you choose neither, a crisis request is confidential and a vacancy is open."), &confidential, errors))
                    (forms::button("Post the request"))
                }
            }
        } }
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Ask for a leader",
        &crumbs_to("/placements/requests", "Requests for a leader"),
        content,
    )
    .await)
}

/// `POST /placements/requests`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = request_form(|name| form.get(name).to_string());
    let errors = match must_act_for(viewer, "org", &input.org, LeaderRequestDraft::check(&input)) {
        Ok(draft) => match state.store().create_leader_request(viewer.id, &draft).await {
            Ok(id) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/placements/requests/{}",
                    id.0
                )))
            }
            Err(e) => refused(e, "org")?,
        },
        Err(errors) => errors,
    };
    form_page(&state, &context, &form.pairs(), &errors).await
}

/// `GET /placements/requests/{id}`: the request, and for the organisation asking its
/// suggested matches with reasons.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = request(&state, &context, &id).await?;
    let r = &n.request;
    let suggestions = if asks(&context, &n) {
        Some(matches(&state, &context, &n).await?)
    } else {
        None
    };
    let title = format!("{}: {}", r.kind.label(), r.role.label());
    let content = html! {
        span class="govuk-caption-l" { "Asked by " (n.org_name) }
        h1 class="govuk-heading-l" { (title) }
        @if r.confidential {
            div class="govuk-inset-text" { "This request is confidential: only people acting for " (n.org_name) " can see it." }
        }
        dl class="govuk-summary-list" {
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Role" } dd class="govuk-summary-list__value" { (r.role.label()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Days a week" } dd class="govuk-summary-list__value" { (r.days_per_week.describe()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Wanted" } dd class="govuk-summary-list__value" { (period(r.from, r.to)) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "What is needed" } dd class="govuk-summary-list__value" { (r.description) } }
        }
        @if let Some((found, leaders)) = &suggestions {
            h2 class="govuk-heading-m" id="matches" { "Suggested leaders" }
            p class="govuk-body" { "Scored out of 100: the role (20), how much of the period they are free (40), days a week against those asked (25) and distance against their reach (15). Only leaders you can see on the register are suggested." }
            @if found.matches.is_empty() { p class="govuk-body" { "No leader on the register suits this request yet." } }
            @for m in &found.matches {
                @let named = leaders.get(&m.leader);
                div class="govuk-summary-card" {
                    div class="govuk-summary-card__title-wrapper" {
                        h3 class="govuk-summary-card__title" {
                            (m.rank) ". " (named.map_or("A leader", |l| l.leader.person_label())) ", " (named.map_or(String::new(), |l| l.org_name.clone()))
                        }
                    }
                    div class="govuk-summary-card__content" {
                        p class="govuk-body" { "Score " strong { (format!("{:.0}", m.score)) } " out of 100" }
                        h4 class="govuk-heading-s" { "Why" }
                        ul class="govuk-list govuk-list--bullet" {
                            @for f in &m.factors { li { (f.kind.label()) " (" (format!("{:.0}", f.points)) " of " (format!("{:.0}", f.weight)) "): " (f.summary) } }
                        }
                        a class="govuk-button govuk-button--secondary" href=(format!("/placements/agreements/new?request={}&leader={}", r.id.0, m.leader.0)) { "Propose an agreement" }
                    }
                }
            }
            @if !found.excluded.is_empty() {
                h3 class="govuk-heading-s" { "Not suggested" }
                ul class="govuk-list govuk-list--bullet" {
                    @for e in &found.excluded {
                        li { (leaders.get(&e.leader).map_or(String::new(), |l| format!("{}, {}: ", l.leader.person_label(), l.org_name))) (e.sentence) }
                    }
                }
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &title,
        &crumbs_to("/placements/requests", "Requests for a leader"),
        content,
    )
    .await)
}
