//! Each organisation's brokerage dashboard (its needs, offers, introductions and
//! collaborations), a person's notices, the figures conveners and administrators watch,
//! and the page that explains the ranking.

use super::needs::{need_row, NEED_COLUMNS};
use super::CRUMBS;
use crate::access::RequestContext;
use crate::format::{share, timestamp};
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::ranking::{catchment_km, COMPETITOR_MULTIPLIER};
use convene_domain::brokerage::records::Side;
use convene_domain::brokerage::{FactorKind, ImprovementArea, Weights};
use convene_domain::organisation::Phase;
use convene_domain::party::OrgRef;
use convene_domain::Date;
use convene_store::PostingFilter;
use maud::html;

/// `GET /organisations/{org}/brokerage`.
pub(crate) async fn organisation(
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
    let scope = context.actor.read_scope();
    let filter = PostingFilter {
        owner: Some(org),
        ..PostingFilter::default()
    };
    let needs = state.store().needs(&scope, &filter, 200, 0).await?;
    let offers = state.store().offers(&scope, &filter, 200, 0).await?;
    let introductions = state.store().introductions_of(&scope, org).await?;
    let collaborations = state
        .store()
        .collaborations(&scope, Some(org), 200, 0)
        .await?;
    let content = html! {
        span class="govuk-caption-l" { (name) }
        h1 class="govuk-heading-l" { "Brokerage dashboard" }
        (components::headline(&[
            (needs.len().to_string(), "needs"),
            (offers.len().to_string(), "offers"),
            (introductions.len().to_string(), "introductions"),
            (collaborations.len().to_string(), "collaborations"),
        ]))
        h2 class="govuk-heading-m" { "Needs" }
        @if needs.is_empty() { p class="govuk-body" { "None." } } @else {
            (components::table("Needs", &NEED_COLUMNS, html! { @for n in &needs { (need_row(n)) } }))
        }
        h2 class="govuk-heading-m" { "Offers" }
        @if offers.is_empty() { p class="govuk-body" { "None." } } @else {
            ul class="govuk-list" { @for o in &offers { li { a class="govuk-link" href=(format!("/offers/{}", o.id.0)) { (o.area.label()) ", " (o.form.label().to_lowercase()) } " (" (o.status.label().to_lowercase()) ", " (o.spare_days()) " of " (o.days_per_term) " days per term free)" } } }
        }
        h2 class="govuk-heading-m" { "Introductions" }
        @if introductions.is_empty() { p class="govuk-body" { "None." } } @else {
            (components::table("Introductions", &[Column("Introduction", false), Column("Direction", false), Column("Status", false), Column("Asked", false)], html! {
                @for (i, side) in &introductions {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/introductions/{}", i.id.0)) { (i.area.label()) } }
                        td class="govuk-table__cell" { @match side { Side::Asker => { "Asked of " (i.candidate.name) }, Side::Candidate => { "Asked by " (i.asker.as_ref().map_or("an organisation (confidential)", |a| a.name.as_str())) } } }
                        td class="govuk-table__cell" { (i.status.label()) }
                        td class="govuk-table__cell" { (timestamp(&i.created_at)) }
                    }
                }
            }))
        }
        h2 class="govuk-heading-m" { "Collaborations" }
        @if collaborations.is_empty() { p class="govuk-body" { "None." } } @else {
            (components::table("Collaborations", &[Column("Collaboration", false), Column("Helping", false), Column("Helped", false), Column("Status", false)], html! {
                @for c in &collaborations {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/collaborations/{}", c.id.0)) { (c.area.label()) } }
                        td class="govuk-table__cell" { (c.helper.name) }
                        td class="govuk-table__cell" { (c.helped.name) }
                        td class="govuk-table__cell" { (c.status.label()) }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &format!("Brokerage: {name}"),
        &CRUMBS,
        content,
    )
    .await)
}

/// `GET /notices`: the person's newest notices, marked read once seen.
pub(crate) async fn notices(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let notices = state.store().notices(viewer.id, 100).await?;
    state.store().mark_notices_read(viewer.id).await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Notices" }
        @if notices.is_empty() { p class="govuk-body" { "No notices yet." } }
        ul class="govuk-list" {
            @for n in &notices {
                li { @if n.read_at.is_none() { strong class="govuk-tag" { "New" } " " }
                    a class="govuk-link" href=(n.link) { (n.text) } " (" (timestamp(&n.created_at)) ")" }
            }
        }
    };
    Ok(respond(&state, StatusCode::OK, "Notices", &CRUMBS, content).await)
}

/// `GET /brokerage/figures`: counts across the platform, for conveners and administrators.
pub(crate) async fn figures(State(state): State<AppState>) -> Result<Response, WebError> {
    let today = Date::parse(&crate::format::today())
        .ok_or_else(|| WebError::internal("the clock gave no date"))?;
    let f = state.store().brokerage_figures(today).await?;
    let rows = [
        ("Needs open", f.needs_open.to_string()),
        (
            "Needs posted 30 or more days ago",
            f.needs_posted_30_days_ago.to_string(),
        ),
        (
            "… with an introduction accepted within 30 days",
            format!(
                "{} ({})",
                f.needs_met_within_30_days,
                share(f.needs_met_within_30_days, f.needs_posted_30_days_ago)
            ),
        ),
        ("Offers posted", f.offers.to_string()),
        (
            "Offers used by a collaboration",
            format!("{} ({})", f.offers_used, share(f.offers_used, f.offers)),
        ),
        ("Introductions asked", f.introductions.to_string()),
        (
            "… accepted",
            format!(
                "{} ({})",
                f.introductions_accepted,
                share(f.introductions_accepted, f.introductions)
            ),
        ),
        (
            "… declined",
            format!(
                "{} ({})",
                f.introductions_declined,
                share(f.introductions_declined, f.introductions)
            ),
        ),
        (
            "Collaborations under way",
            f.collaborations_active.to_string(),
        ),
        (
            "Collaborations finished",
            f.collaborations_finished.to_string(),
        ),
    ];
    let content = html! {
        h1 class="govuk-heading-l" { "Brokerage figures" }
        p class="govuk-body" { "Counts across Convene on " (today.long()) ". They include confidential records as numbers only." }
        (components::table("Brokerage figures", &[Column("Measure", false), Column("Figure", true)], html! {
            @for (label, value) in &rows { tr class="govuk-table__row" { th class="govuk-table__header" scope="row" { (label) } td class="govuk-table__cell govuk-table__cell--numeric" { (value) } } }
        }))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Brokerage figures",
        &CRUMBS,
        content,
    )
    .await)
}

/// `GET /about/brokerage`: the method, in plain English.
pub(crate) async fn method(State(state): State<AppState>) -> Result<Response, WebError> {
    let defaults = Weights::default();
    let content = html! {
        h1 class="govuk-heading-l" { "How Convene ranks who is best placed to help" }
        p class="govuk-body" { "For each need, Convene scores every open school and academy trust in England, and every partner organisation with an offer in the area. The organisation in need, its own trust and that trust's schools are never candidates. Each candidate gets five factors, each from 0 to 1; the score is their weighted mean, out of 100. Every factor is shown with its figures, their years and their sources, and anyone acting for the organisation in need can change the weights and see the ranking change." }
        (components::table("The factors and their default weights", &[Column("Factor", false), Column("Default weight", true), Column("How it is worked out", false)], html! {
            @for kind in FactorKind::ALL {
                tr class="govuk-table__row" {
                    th class="govuk-table__header" scope="row" { (kind.label()) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (defaults.of(kind)) }
                    td class="govuk-table__cell" { (match kind {
                        FactorKind::Evidence => "How far the candidate's schools are above the median of their own family of similar schools on the measures tied to the area, in national standard deviations for that measure and year (Ofsted grades count one grade as one unit), in the latest year published. 0 at or below the median, 1 at two or more above. A trust's figure is the pupil-weighted mean of its schools'. A school with no published figure gets no credit, and the page says \"not published\".",
                        FactorKind::Context => "How alike the candidate's schools are to the schools in need, measured as families are (pupils, disadvantage, SEN support, EHC plans, EAL, IDACI): 1 / (1 + distance), for its most similar school of the same phase to each school in need, averaged. For a trust's need, a trust among its most similar trusts scores at least 1 / (1 + its distance by that method).",
                        FactorKind::Distance => "For a need nearby: 1 at the same place, falling to 0 at the need's limit, from the nearest pair of schools in a straight line; candidates beyond the limit are left out. For a need from anywhere, distance is shown but not scored.",
                        FactorKind::Offer => "A declared offer in the area, available in the need's dates and within its own reach: 1 if the form of help matches (0.7 if not), times the share of the days asked that are still free after collaborations already agreed. Capacity used up scores 0, so the same strong trusts are not asked again and again.",
                        FactorKind::TrackRecord => "Collaborations on Convene as a helper: three or more completed count fully, times their average feedback out of 5 (0.6 before any feedback).",
                    }) }
                }
            }
        }))
        h2 class="govuk-heading-m" { "Possible competitors" }
        p class="govuk-body" { "Schools of the same phase within " (catchment_km(Phase::Primary).unwrap_or_default()) " km (primary) or " (catchment_km(Phase::Secondary).unwrap_or_default()) " km (secondary) of a school in need may draw on the same families. Such candidates are flagged with the distance and each school's first preferences per place from the admissions data. You choose to leave them out, multiply their score by " (COMPETITOR_MULTIPLIER) ", or only show the flag. Admissions data gives each school's demand, not where its pupils live, so overlap is judged by distance." }
        h2 class="govuk-heading-m" { "Improvement areas and their evidence" }
        (components::table("Improvement areas", &[Column("Area", false), Column("Public evidence", false)], html! {
            @for area in ImprovementArea::ALL {
                tr class="govuk-table__row" {
                    th class="govuk-table__header" scope="row" { (area.label()) }
                    td class="govuk-table__cell" {
                        @if area.indicators().is_empty() { (area.evidence_note()) "; its weight goes to declared offers and track record." } @else {
                            @for (i, ind) in area.indicators().iter().enumerate() { @if i > 0 { ", " } (ind.label()) }
                            @if area == ImprovementArea::EarlyReading { ". " (area.evidence_note()) }
                        }
                    }
                }
            }
        }))
        h2 class="govuk-heading-m" { "What stays confidential" }
        p class="govuk-body" { "A confidential need is seen only by the organisations it is shared with, and its ranking only by people acting for the organisation in need. A candidate asked for an introduction sees the area and the form of help, but not who asked or what they wrote, until it accepts. Declining reasons stay with the candidate. Track records count confidential collaborations as numbers only." }
        p class="govuk-body" { "The same method, with its reasoning, is in docs/brokerage.md in Convene's source." }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "How the brokerage ranking works",
        &[("/", "Home")],
        content,
    )
    .await)
}
