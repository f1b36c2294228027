//! The board report: a printable page (the print stylesheet hides the site's header,
//! footer and buttons) a CEO can take to trustees: what their organisation gave to the
//! partnership, what the other partners gave, and progress against every goal.

use super::chart::progress_words;
use super::{borrowed, crumbs_for, tag};
use crate::access::RequestContext;
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::params::Params;
use crate::partnerships::{today, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::partnerships::progress::progress;
use convene_domain::partnerships::{GoalStatus, MemberStatus, ReviewStatus};
use maud::html;

/// `GET /partnerships/{id}/report?org=<key>`: for the organisation named (by default the
/// reader's first member organisation, or the convener).
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let d = seen.dossier(&state).await?;
    let today = today();
    let joined: Vec<_> = d
        .members
        .iter()
        .filter(|m| matches!(m.status, MemberStatus::Joined | MemberStatus::Left))
        .collect();
    let org = match params.org("org")? {
        Some(org) => joined
            .iter()
            .find(|m| m.org.org == org)
            .ok_or_else(|| {
                WebError::NotFound("That organisation is not a member of this partnership.".into())
            })?
            .org
            .clone(),
        None => context
            .actor
            .viewer()
            .and_then(|v| joined.iter().find(|m| v.belongs_to(m.org.org)))
            .map_or_else(|| d.partnership.convened_by.clone(), |m| m.org.clone()),
    };
    // A board is shown what the partnership agreed: drafts, and commitments to them, stay
    // in the members' pages until a convener agrees them.
    let agreed: Vec<_> = d
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Agreed)
        .collect();
    let to_agreed: Vec<_> = d
        .commitments
        .iter()
        .filter(|c| agreed.iter().any(|g| g.id == c.goal))
        .collect();
    let ours: Vec<_> = to_agreed
        .iter()
        .copied()
        .filter(|c| c.owner.org == org.org)
        .collect();
    let theirs: Vec<_> = to_agreed
        .iter()
        .copied()
        .filter(|c| c.owner.org != org.org)
        .collect();
    let days =
        |cs: &[&convene_domain::partnerships::Commitment]| cs.iter().map(|c| c.days).sum::<u32>();
    let done =
        |cs: &[&convene_domain::partnerships::Commitment]| cs.iter().filter(|c| c.done()).count();
    let partners = joined.iter().filter(|m| m.org.org != org.org).count();
    let p = &d.partnership;
    let title = format!("{}: report for the board of {}", p.name, org.name);
    let content = html! {
        span class="govuk-caption-l" { "Partnership report, " (today.long()) }
        h1 class="govuk-heading-l" { (p.name) }
        p class="govuk-body-l" { "For the board of " (org.name) }
        p class="govuk-body convene-no-print" {
            "Print this page, or save it as a PDF, to take to trustees. "
            @for m in &joined { a class="govuk-link govuk-!-margin-right-2" href=(format!("{}/report?org={}", p.path(), m.org.org.key())) { "For " (m.org.name) } }
        }
        h2 class="govuk-heading-m" { "What the partnership is for" }
        p class="govuk-body" { (p.vision) }
        h2 class="govuk-heading-m" { "What we gave" }
        p class="govuk-body" { (org.name) " took on " (ours.len()) " commitment" @if ours.len() != 1 { "s" } ", " (days(&ours)) " days of work in all; " (done(&ours)) " done so far." }
        @if !ours.is_empty() {
            (components::table("Our commitments", &[Column("Commitment", false), Column("Due", false), Column("Days", true), Column("Status", false)], html! {
                @for c in &ours {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (c.action) }
                        td class="govuk-table__cell" { (c.due.long()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (c.days) }
                        td class="govuk-table__cell" { (c.status.map_or("Not reviewed yet", ReviewStatus::label)) @if c.overdue(today) { " (overdue)" } }
                    }
                }
            }))
        }
        h2 class="govuk-heading-m" { "What we got" }
        p class="govuk-body" { (partners) " other organisation" @if partners != 1 { "s" } " took on " (theirs.len()) " commitment" @if theirs.len() != 1 { "s" } ", " (days(&theirs)) " days of work; " (done(&theirs)) " done so far. Every member sees the same goals and progress below." }
        h2 class="govuk-heading-m" { "Progress against our goals" }
        @if agreed.is_empty() { p class="govuk-body" { "No goals agreed yet." } }
        @for g in &agreed {
            @let measured = d.series.get(&g.id).map(Vec::as_slice).unwrap_or_default();
            @let pr = progress(g, measured, today);
            h3 class="govuk-heading-s" { (g.title) " " (tag(pr.status.label(), pr.status.tag())) }
            p class="govuk-body" {
                (g.measure) ": from " (g.show(g.baseline)) " (" (g.baseline_on.long()) ") to a target of " (g.show(g.target)) " by " (g.deadline.long()) "."
                @if let Some(m) = pr.latest { " Latest: " (g.show(m.value)) " on " (m.on.long()) "." }
                " " (progress_words(&pr)) "."
            }
        }
        p class="govuk-body-s" { "System leadership enables improvement; it is rarely its provable cause. These figures show the partnership's contribution alongside everything else that changed, not what it alone achieved." }
    };
    let crumbs = crumbs_for(&p.path(), &p.name);
    Ok(respond(&state, StatusCode::OK, &title, &borrowed(&crumbs), content).await)
}
