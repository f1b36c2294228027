//! The placements overview, and an organisation's collaboration records from finished
//! placements: for its own people all of them, for anyone else only those both
//! organisations agreed to show, and never their terms.

use super::leaders::period;
use super::CRUMBS;
use crate::access::RequestContext;
use crate::pages::accounts::respond;
use crate::pages::components::{table, Column};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::party::OrgRef;
use maud::html;

/// `GET /placements`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let signed_in = context.actor.viewer().is_some();
    let content = html! {
        h1 class="govuk-heading-l" { "Loaned leaders, interim leadership and traded services" }
        p class="govuk-body" { "A trust with a leader to spare for a few days a week can lend them to a trust with a vacancy, or to a trust in difficulty that needs interim leadership. Convene keeps the register of leaders available, the requests for one, suggests who suits each request and why, and records the agreement both boards approve, from its start to its end and a review of how it went." }
        ul class="govuk-list" {
            li { a class="govuk-link" href="/placements/leaders" { "Leaders available to other trusts" } }
            li { a class="govuk-link" href="/placements/requests" { "Requests for a leader" } }
            @if signed_in { li { a class="govuk-link" href="/placements/agreements" { "Your placement agreements" } } }
            li { a class="govuk-link" href="/placements/traded" { "Traded services" } }
        }
        p class="govuk-body" { "A request for interim leadership in a crisis is confidential unless the trust chooses otherwise, and an agreement's terms are only ever seen by the two organisations in it. Platform administrators see neither." }
    };
    Ok(respond(&state, StatusCode::OK, "Placements", &CRUMBS[..1], content).await)
}

/// `GET /placements/records/{org}`.
pub(crate) async fn records(
    State(state): State<AppState>,
    context: RequestContext,
    Path(org): Path<String>,
) -> Result<Response, WebError> {
    let org = OrgRef::parse(&org)
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let name = state
        .store()
        .organisation_name(org)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let records = state
        .store()
        .placement_records_for(&context.actor.read_scope(), org)
        .await?;
    let title = format!("Placements of {name}");
    let content = html! {
        h1 class="govuk-heading-l" { (title) }
        p class="govuk-body" { "Finished loans and interim placements between this organisation and another, as collaboration records. Only the two organisations' people see a placement neither has agreed to show." }
        @if records.is_empty() { p class="govuk-body" { "No finished placements that you can see." } }
        @else {
            (table("Finished placements", &[Column("Kind", false), Column("Lending", false), Column("Receiving", false), Column("Period", false), Column("Days a week", true)], html! {
                @for r in &records {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (r.record.kind.label()) }
                        td class="govuk-table__cell" { (r.lending_name) }
                        td class="govuk-table__cell" { (r.receiving_name) }
                        td class="govuk-table__cell" { (period(r.record.from, r.record.to)) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (r.record.days_per_week.number()) }
                    }
                }
            }))
        }
    };
    Ok(respond(&state, StatusCode::OK, &title, &CRUMBS, content).await)
}
