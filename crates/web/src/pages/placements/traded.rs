//! Traded services: offers of back-office help (IT, HR, catering, educational psychology
//! and the like), listed apart from leaders and improvement support, with their CSV and a
//! form to offer one. They are commercial offers made to be found, so anyone may see them.

use super::{crumbs_to, CRUMBS};
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
use crate::placements::traded_form;
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::placements::{TradedOfferDraft, TradedService};
use convene_store::{NamedTradedOffer, PlacementFilter, MAX_PLACEMENTS_LISTED};
use maud::html;

/// The offers' filter from the address: a service and an organisation.
pub(crate) fn filter_from(params: &Params) -> Result<PlacementFilter, WebError> {
    let service = match params.get("service") {
        None => None,
        Some(key) => Some(TradedService::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{key}\" is not a traded service; use one of {}.",
                TradedService::ALL.map(|s| s.key()).join(", ")
            ))
        })?),
    };
    Ok(PlacementFilter {
        org: params.org("org")?,
        service,
        ..PlacementFilter::default()
    })
}

async fn offers(state: &AppState, params: &Params) -> Result<Vec<NamedTradedOffer>, WebError> {
    Ok(state
        .store()
        .traded_offers(&filter_from(params)?, MAX_PLACEMENTS_LISTED, 0)
        .await?)
}

/// `GET /placements/traded`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let offers = offers(&state, &params).await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Traded services" }
        p class="govuk-body" { "Services schools and trusts sell to each other: IT, HR, finance, catering, educational psychology, estates and legal. These are commercial offers, listed here apart from leaders and improvement support." }
        @if context.actor.viewer().is_some() { p class="govuk-body" { a class="govuk-button" href="/placements/traded/new" { "Offer a service" } } }
        p class="govuk-body" { a class="govuk-link" href="/placements/traded.csv" { "Download these services as CSV" } }
        @if offers.is_empty() { p class="govuk-body" { "No services offered yet." } }
        @else {
            (table("Services offered", &[Column("Service", false), Column("Organisation", false), Column("What is offered", false), Column("Price", false), Column("Area served", false)], html! {
                @for n in &offers {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (n.offer.service.label()) }
                        td class="govuk-table__cell" { (n.org_name) }
                        td class="govuk-table__cell" { (n.offer.description) }
                        td class="govuk-table__cell" { (n.offer.price_basis) }
                        td class="govuk-table__cell" { (n.offer.area_served) }
                    }
                }
            }))
        }
    };
    Ok(respond(&state, StatusCode::OK, "Traded services", &CRUMBS, content).await)
}

/// `GET /placements/traded.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let offers = offers(&state, &params).await?;
    let mut table = CsvTable::new([
        "id",
        "organisation",
        "organisation_name",
        "service",
        "description",
        "price_basis",
        "area_served",
    ])?;
    for n in &offers {
        let o = &n.offer;
        table.row([
            o.id.0.to_string(),
            o.org.key(),
            n.org_name.clone(),
            o.service.key().to_string(),
            o.description.clone(),
            o.price_basis.clone(),
            o.area_served.clone(),
        ])?;
    }
    Ok(attachment("traded-services.csv", table.finish()?))
}

/// `GET /placements/traded/new`.
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
    let services: Vec<(String, String, bool)> = TradedService::ALL
        .iter()
        .map(|s| (s.key().into(), s.label().into(), get("service") == s.key()))
        .collect();
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Offer a service" }
            @if orgs.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/placements/traded" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "org", "Which organisation is offering it?", None, &orgs, errors))
                    (forms::choices(ChoiceKind::Radios, "service", "Service", None, &services, errors))
                    (forms::textarea("description", "What is offered", &get("description"), None, errors))
                    (Input::text("price_basis", "How it is priced", &get("price_basis")).hint("For example \"per pupil per year\"").render(errors))
                    (Input::text("area_served", "Where it is offered", &get("area_served")).hint("For example \"West Yorkshire\"").render(errors))
                    (forms::button("Offer the service"))
                }
            }
        } }
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Offer a service",
        &crumbs_to("/placements/traded", "Traded services"),
        content,
    )
    .await)
}

/// `POST /placements/traded`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = traded_form(|name| form.get(name).to_string());
    let errors = match must_act_for(viewer, "org", &input.org, TradedOfferDraft::check(&input)) {
        Ok(draft) => match state.store().create_traded_offer(viewer.id, &draft).await {
            Ok(_) => return Ok(crate::redirect::see_other("/placements/traded")),
            Err(e) => refused(e, "org")?,
        },
        Err(errors) => errors,
    };
    form_page(&state, &context, &form.pairs(), &errors).await
}
