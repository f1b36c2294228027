//! Partner organisations: the employers, charities, NHS bodies, police forces and others
//! that work with schools on wicked issues but are not in the system map.

use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::components::{summary_list, text};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::party::{OrgRef, PartnerDetails, PartnerId, PartnerKind};
use maud::html;

/// `GET /partners`.
pub(crate) async fn list(State(state): State<AppState>) -> Result<Response, WebError> {
    let partners = state.store().partners().await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Partner organisations" }
        p class="govuk-body" {
            "Organisations beyond schools and trusts that work with them: employers, charities, \
             the NHS, police, local authorities, colleges and universities."
        }
        p class="govuk-body" { a class="govuk-button govuk-button--secondary" href="/partners/new" { "Add a partner organisation" } }
        @if partners.is_empty() {
            p class="govuk-body" { "No partner organisations have been added yet." }
        } @else {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { "Partner organisations" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Name" }
                    th scope="col" class="govuk-table__header" { "Kind" }
                    th scope="col" class="govuk-table__header" { "Where" }
                } }
                tbody class="govuk-table__body" {
                    @for p in &partners {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href=(format!("/partners/{}", p.id.0)) { (p.details.name) } }
                            td class="govuk-table__cell" { (p.details.kind.label()) }
                            td class="govuk-table__cell" { (p.details.locality) }
                        }
                    }
                }
            } }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Partner organisations",
        &[("/", "Home")],
        content,
    )
    .await)
}

/// `GET /partners/new`.
pub(crate) async fn new_form(State(state): State<AppState>, context: RequestContext) -> Response {
    form_page(&state, &context, &FormFields::default(), &Vec::new()).await
}

/// `POST /partners`: the creator becomes the partner's first administrator.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    match PartnerDetails::from_form(
        fields.get("name"),
        fields.get("kind"),
        fields.get("locality"),
        fields.get("website"),
    ) {
        Ok(details) => {
            let id = state
                .store()
                .create_partner(&details, viewer.id, context.address())
                .await?;
            Ok(crate::redirect::see_other(&format!("/partners/{}", id.0)))
        }
        Err(errors) => Ok(form_page(&state, &context, &fields, &errors).await),
    }
}

/// `GET /partners/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let not_found = || WebError::NotFound("There is no such partner organisation.".into());
    let id = PartnerId(id.parse().map_err(|_| not_found())?);
    let partner = state.store().partner(id).await?.ok_or_else(not_found)?;
    let details = &partner.details;
    let content = html! {
        span class="govuk-caption-l" { (details.kind.label()) }
        h1 class="govuk-heading-l" { (details.name) }
        (summary_list(&[
            ("Kind", text(details.kind.label())),
            ("Where it works", text(&details.locality)),
            ("Website", match &details.website {
                Some(url) => html! { a class="govuk-link" href=(url) rel="nofollow noopener" { (url) } },
                None => text("Not given"),
            }),
        ]))
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/organisations/{}", OrgRef::Partner(id).key())) { "People from this organisation on Convene" }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &details.name,
        &[("/", "Home"), ("/partners", "Partner organisations")],
        content,
    )
    .await)
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &FormFields,
    errors: &FieldErrors,
) -> Response {
    let status = forms::status_for(errors);
    let kinds: Vec<(String, String, bool)> = PartnerKind::ALL
        .iter()
        .map(|k| {
            (
                k.key().to_string(),
                k.label().to_string(),
                fields.get("kind") == k.key(),
            )
        })
        .collect();
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Add a partner organisation" }
            p class="govuk-body" { "Check it is not already listed. You will become its administrator on Convene." }
            form method="post" action="/partners" novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("name", "Name", fields.get("name")).kind("text", "organization").render(errors))
                (forms::choices(ChoiceKind::Radios, "kind", "What kind of organisation is it?", None, &kinds, errors))
                (Input::text("locality", "Where does it work?", fields.get("locality"))
                    .hint("A town, local authority or region, for example: Milton Keynes").render(errors))
                (Input::text("website", "Website (optional)", fields.get("website")).kind("url", "url").render(errors))
                (forms::button("Add organisation"))
            }
        } }
    };
    respond(
        state,
        status,
        "Add a partner organisation",
        &[("/", "Home"), ("/partners", "Partner organisations")],
        content,
    )
    .await
}
