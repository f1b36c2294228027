//! Load and overload: who carries what in one partnership (members; the heaviest first,
//! flagged when well over a fair share), and each person's organisations across every
//! partnership they belong to, with their total load, so no one takes on too much.

use super::{borrowed, crumbs_for, tag, CRUMBS};
use crate::access::RequestContext;
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::partnerships::{today, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::partnerships::load::loads;
use convene_domain::partnerships::partnership::owners;
use convene_domain::partnerships::ReviewStatus;
use convene_domain::party::NamedOrg;
use maud::html;

const LOAD_COLUMNS: [Column; 5] = [
    Column("Organisation", false),
    Column("Open commitments", true),
    Column("Days in them", true),
    Column("Overdue", true),
    Column("Done", true),
];

/// `GET /partnerships/{id}/load`: members only (outsiders see each commitment's owner on
/// the public page, not a league table of effort).
pub(crate) async fn partnership(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    if !seen.member() {
        return Err(WebError::Forbidden(
            "Only members of the partnership see who carries what.".into(),
        ));
    }
    let d = seen.dossier(&state).await?;
    let owners: Vec<NamedOrg> = owners(&d.members).map(|m| m.org.clone()).collect();
    let table = loads(&owners, &d.commitments, today());
    let content = html! {
        span class="govuk-caption-l" { (d.partnership.name) }
        h1 class="govuk-heading-l" { "Who carries what" }
        p class="govuk-body" { "Open commitments and the days of work in them, heaviest first. An organisation carrying more than one and a half times an even share is marked, so conveners can spread the work." }
        (components::table("Load by organisation", &LOAD_COLUMNS, html! {
            @for l in &table {
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" { (l.org.name) @if l.heavy { " " (tag("Carries most", "govuk-tag--orange")) } }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (l.open) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (l.open_days) " (" (format!("{:.0}%", l.share * 100.0)) ")" }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (l.overdue) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (l.done) }
                }
            }
        }))
    };
    let crumbs = crumbs_for(&d.partnership.path(), &d.partnership.name);
    Ok(respond(
        &state,
        StatusCode::OK,
        "Who carries what",
        &borrowed(&crumbs),
        content,
    )
    .await)
}

/// `GET /partnerships/mine`: every partnership the person's organisations belong to or
/// are invited to, and every commitment they own, with the total load per organisation.
pub(crate) async fn mine(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let orgs: Vec<_> = viewer.organisations.keys().copied().collect();
    let today = today();
    let scope = context.actor.read_scope();
    let mut sections = Vec::new();
    let commitments = state.store().commitments_of(&orgs).await?;
    for org in &orgs {
        let name = state
            .store()
            .organisation_name(*org)
            .await?
            .unwrap_or_else(|| org.key());
        let partnerships = state
            .store()
            .partnerships(&scope, Some(*org), 500, 0)
            .await?;
        let own: Vec<_> = commitments
            .iter()
            .filter(|(_, _, c)| c.owner.org == *org)
            .collect();
        sections.push((name, partnerships, own));
    }
    let content = html! {
        h1 class="govuk-heading-l" { "Your partnerships and commitments" }
        p class="govuk-body" { "Everything your organisations have taken on, in one place, so no one is overloaded. Prioritise the partnerships that matter most to your strategy and impact." }
        @if sections.is_empty() {
            p class="govuk-body" { "You do not act for any organisation yet." }
        }
        @for (name, partnerships, own) in &sections {
            @let open: Vec<_> = own.iter().filter(|(_, _, c)| !c.done()).collect();
            @let days: u32 = open.iter().map(|(_, _, c)| c.days).sum();
            @let overdue = open.iter().filter(|(_, _, c)| c.overdue(today)).count();
            h2 class="govuk-heading-m" { (name) }
            p class="govuk-body" {
                "In " (partnerships.len()) " partnership" @if partnerships.len() != 1 { "s" } "; "
                (open.len()) " open commitment" @if open.len() != 1 { "s" } ", " (days) " days of work in all"
                @if overdue > 0 { ", " (overdue) " overdue" } "."
            }
            @if !partnerships.is_empty() {
                ul class="govuk-list govuk-list--bullet" {
                    @for s in partnerships { li { a class="govuk-link" href=(s.partnership.path()) { (s.partnership.name) } } }
                }
            }
            @if !own.is_empty() {
                (components::table(&format!("Commitments of {name}"), &[Column("Commitment", false), Column("Partnership", false), Column("Due", false), Column("Days", true), Column("Status", false)], html! {
                    @for (pid, pname, c) in own {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (c.action) }
                            td class="govuk-table__cell" { a class="govuk-link" href=(format!("/partnerships/{}", pid.0)) { (pname) } }
                            td class="govuk-table__cell" { (c.due.long()) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (c.days) }
                            td class="govuk-table__cell" {
                                (c.status.map_or("Not reviewed yet", ReviewStatus::label))
                                @if c.overdue(today) { " " (tag("Overdue", "govuk-tag--red")) }
                            }
                        }
                    }
                }))
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Your partnerships and commitments",
        &CRUMBS,
        content,
    )
    .await)
}
