//! Offers: the list, posting one, one offer's page, pausing and ending it, and the reverse
//! view: who might need it.

use super::posting_form::{self, Checked, Posting};
use super::CRUMBS;
use crate::access::RequestContext;
use crate::brokerage::{acts_for, own_offer, visible_offer};
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::brokerage::needs::{need_row, posting_filter, NEED_COLUMNS};
use crate::pages::components::{self, Column};
use crate::pages::forms;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::{Offer, OfferStatus};
use convene_domain::party::OrgRef;
use convene_domain::similarity::distance_km;
use convene_store::PostingFilter;
use maud::html;

/// Offers per page.
const PER_PAGE: usize = 50;

/// Schools shown in "who might need this".
const MIGHT_NEED: usize = 30;

/// `GET /offers`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let filter = posting_filter(&params)?;
    let page = params.page()?;
    let offers = state
        .store()
        .offers(
            &context.actor.read_scope(),
            &filter,
            PER_PAGE + 1,
            (page as usize - 1) * PER_PAGE,
        )
        .await?;
    let more = offers.len() > PER_PAGE;
    let columns = [
        Column("Area", false),
        Column("Organisation", false),
        Column("Form of help", false),
        Column("Days per term free", true),
        Column("Status", false),
    ];
    let content = html! {
        h1 class="govuk-heading-l" { "Offers" }
        @if context.actor.viewer().is_some() { p class="govuk-body" { a class="govuk-button" href="/offers/new" { "Post an offer" } } }
        @if offers.is_empty() { p class="govuk-body" { "No offers found." } } @else {
            (components::table("Offers", &columns, html! {
                @for offer in offers.iter().take(PER_PAGE) {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/offers/{}", offer.id.0)) { (offer.area.label()) } }
                        td class="govuk-table__cell" { (offer.owner.name) }
                        td class="govuk-table__cell" { (offer.form.label()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (offer.spare_days()) " of " (offer.days_per_term) }
                        td class="govuk-table__cell" { (offer.status.label()) }
                    }
                }
            }))
        }
        nav class="govuk-pagination" aria-label="Pagination" {
            @if page > 1 { div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href=(format!("/offers?page={}", page - 1)) { "Previous page" } } }
            @if more { div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href=(format!("/offers?page={}", page + 1)) { "Next page" } } }
        }
    };
    Ok(respond(&state, StatusCode::OK, "Offers", &CRUMBS, content).await)
}

/// `GET /offers/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    posting_form::page(&state, &context, Posting::Offer, &[], &Vec::new()).await
}

/// `POST /offers`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    match posting_form::check(&state, &context, Posting::Offer, &form).await? {
        Ok(Checked::Offer(draft)) => {
            let id = state.store().create_offer(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!("/offers/{}", id.0)))
        }
        Ok(Checked::Need(_)) => Err(WebError::internal("an offer form gave a need")),
        Err(errors) => {
            posting_form::page(&state, &context, Posting::Offer, &form.pairs(), &errors).await
        }
    }
}

fn summary(offer: &Offer) -> maud::Markup {
    components::summary_list(&[
        (
            "Organisation",
            html! { a class="govuk-link" href=(offer.owner.org.page_path()) { (offer.owner.name) } },
        ),
        ("Area", components::text(offer.area.label())),
        (
            "Form of help",
            html! { (offer.form.label()) @if let Some(role) = &offer.role { ": " (role) } },
        ),
        (
            "Available",
            html! { (offer.from.long()) " to " (offer.to.long()) },
        ),
        (
            "Days per term",
            html! { (offer.days_per_term) " offered, " (offer.days_agreed) " agreed, " (offer.spare_days()) " free" },
        ),
        ("How far", components::text(offer.reach.describe())),
        (
            "Who can see it",
            components::text(offer.visibility.describe()),
        ),
        ("Status", components::text(offer.status.label())),
        ("Posted", components::text(timestamp(&offer.created_at))),
    ])
}

/// `GET /offers/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let offer = visible_offer(&state, &context, &id).await?;
    let own = context
        .actor
        .viewer()
        .is_some_and(|v| acts_for(v, offer.owner.org));
    let content = html! {
        span class="govuk-caption-l" { "Offer " (offer.id.0) }
        h1 class="govuk-heading-l" { (offer.area.label()) }
        (summary(&offer))
        @for paragraph in offer.description.split("\n\n") { p class="govuk-body convene-pre-wrap" { (paragraph) } }
        @if own {
            p class="govuk-body" { a class="govuk-link" href=(format!("/offers/{}/who-might-need", offer.id.0)) { "Who might need this" } }
            div class="govuk-button-group" {
                @match offer.status {
                    OfferStatus::Active => (forms::action_button(&format!("/offers/{}/status?status=paused", offer.id.0), "Pause offer", "govuk-button--secondary", &context.csrf_token)),
                    OfferStatus::Paused => (forms::action_button(&format!("/offers/{}/status?status=active", offer.id.0), "Make available again", "govuk-button--secondary", &context.csrf_token)),
                    OfferStatus::Ended => {},
                }
                @if offer.status != OfferStatus::Ended {
                    (forms::action_button(&format!("/offers/{}/status?status=ended", offer.id.0), "End offer", "govuk-button--warning", &context.csrf_token))
                }
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &format!("Offer: {}", offer.area.label()),
        &CRUMBS,
        content,
    )
    .await)
}

/// `POST /offers/{id}/status?status=active|paused|ended`.
pub(crate) async fn set_status(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let offer = own_offer(&state, &context, &id).await?;
    let status = params
        .get("status")
        .and_then(OfferStatus::from_key)
        .ok_or_else(|| WebError::BadRequest("status must be active, paused or ended.".into()))?;
    if !state.store().set_offer_status(offer.id, status).await? {
        return Err(WebError::Conflict(
            "This offer has ended and cannot be changed.".into(),
        ));
    }
    Ok(crate::redirect::see_other(&format!(
        "/offers/{}",
        offer.id.0
    )))
}

/// `GET /offers/{id}/who-might-need`: open needs in the area the person may see, and the
/// schools within the offer's reach whose published evidence in the area is furthest below
/// their family's.
pub(crate) async fn who_might_need(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let offer = own_offer(&state, &context, &id).await?;
    let needs = state
        .store()
        .needs(
            &context.actor.read_scope(),
            &PostingFilter {
                area: Some(offer.area),
                owner: None,
                current_only: true,
            },
            PER_PAGE,
            0,
        )
        .await?;
    let needs: Vec<_> = needs
        .into_iter()
        .filter(|n| n.owner.org != offer.owner.org)
        .collect();
    let evidence = state.evidence().await?;
    let own_locations: Vec<_> = match offer.owner.org {
        OrgRef::School(urn) => evidence
            .school(urn)
            .and_then(|s| s.location)
            .into_iter()
            .collect(),
        OrgRef::Trust(uid) => evidence
            .trust(uid)
            .map(|t| {
                t.members
                    .iter()
                    .filter_map(|m| evidence.schools()[*m].location)
                    .collect()
            })
            .unwrap_or_default(),
        OrgRef::Partner(_) => Vec::new(),
    };
    let own_trust = match offer.owner.org {
        OrgRef::Trust(uid) => Some(uid),
        OrgRef::School(urn) => evidence.school(urn).and_then(|s| s.trust),
        OrgRef::Partner(_) => None,
    };
    let mut weakest: Vec<(
        f64,
        Option<f64>,
        &convene_domain::brokerage::evidence::SchoolFacts,
    )> = evidence
        .schools()
        .iter()
        .filter(|s| own_trust.is_none() || s.trust != own_trust)
        .filter_map(|s| {
            let strength = s.strength(offer.area)?;
            let km = s.location.and_then(|here| {
                own_locations
                    .iter()
                    .map(|l| distance_km(*l, here))
                    .min_by(f64::total_cmp)
            });
            let within = match (offer.reach.limit_km(), km) {
                (Some(limit), Some(km)) => km <= limit,
                (Some(_), None) => own_locations.is_empty(),
                (None, _) => true,
            };
            (within && strength < 0.0).then_some((strength, km, s))
        })
        .collect();
    weakest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.urn.cmp(&b.2.urn)));
    weakest.truncate(MIGHT_NEED);
    let no_measure = offer.area.indicators().is_empty();
    let content = html! {
        span class="govuk-caption-l" { "Offer " (offer.id.0) ": " (offer.area.label()) }
        h1 class="govuk-heading-l" { "Who might need this" }
        h2 class="govuk-heading-m" { "Open needs in this area" }
        @if needs.is_empty() { p class="govuk-body" { "No open needs in this area that you can see." } } @else {
            (components::table("Open needs", &NEED_COLUMNS, html! { @for need in &needs { (need_row(need)) } }))
        }
        h2 class="govuk-heading-m" { "Schools whose published evidence is below their family's" }
        @if no_measure {
            p class="govuk-body" { (offer.area.evidence_note()) "." }
        } @else if weakest.is_empty() {
            p class="govuk-body" { "No school within the offer's reach is below its family's median on the measures for this area." }
        } @else {
            p class="govuk-body" { "Within the offer's reach (" (offer.reach.describe().to_lowercase()) "), furthest below their family of similar schools first. They have not asked for help: this is only where the public data suggests help could matter." }
            (components::table("Schools below their family", &[Column("School", false), Column("Below family median (standard deviations)", true), Column("Distance", true), Column("Evidence", false)], html! {
                @for (strength, km, school) in &weakest {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/schools/{}", school.urn.0)) { (school.name) } }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.2}", strength.abs())) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { @match km { Some(km) => (format!("{km:.1} km")), None => "not known" } }
                        td class="govuk-table__cell" { @for item in evidence.evidence_in(school.urn, offer.area) { (item.describe()) " (" (item.source) ")" br; } }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Who might need this",
        &CRUMBS,
        content,
    )
    .await)
}
