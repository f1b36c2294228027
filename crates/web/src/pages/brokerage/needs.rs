//! Needs: the list people may see, posting one, one need's page, and closing it.

use super::posting_form::{self, Checked, Posting};
use super::CRUMBS;
use crate::access::RequestContext;
use crate::brokerage::{acts_for, own_need, visible_need};
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::pages::forms;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::{ImprovementArea, Need, NeedStatus};
use convene_store::PostingFilter;
use maud::{html, Markup};

/// Needs per page.
const PER_PAGE: usize = 50;

/// Reads `area`, `owner` and `open` for lists of needs or offers.
pub(crate) fn posting_filter(params: &Params) -> Result<PostingFilter, WebError> {
    let area = params
        .get("area")
        .map(|key| {
            ImprovementArea::from_key(key).ok_or_else(|| {
                WebError::BadRequest(format!("\"{key}\" is not an improvement area; the areas are listed at /about/brokerage."))
            })
        })
        .transpose()?;
    let owner = params.org("owner")?;
    Ok(PostingFilter {
        area,
        owner,
        current_only: params.flag("open")?,
    })
}

/// A need in one line of a table.
pub(crate) fn need_row(need: &Need) -> Markup {
    html! {
        tr class="govuk-table__row" {
            td class="govuk-table__cell" { a class="govuk-link" href=(format!("/needs/{}", need.id.0)) { (need.area.label()) } }
            td class="govuk-table__cell" { (need.owner.name) }
            td class="govuk-table__cell" { (need.form.label()) }
            td class="govuk-table__cell" { (need.from.long()) " to " (need.to.long()) }
            td class="govuk-table__cell" { (need.status.label()) }
            td class="govuk-table__cell" { (need.visibility.describe()) }
        }
    }
}

/// The columns of [`need_row`].
pub(crate) const NEED_COLUMNS: [Column; 6] = [
    Column("Area", false),
    Column("Organisation", false),
    Column("Help wanted", false),
    Column("When", false),
    Column("Status", false),
    Column("Who can see it", false),
];

/// `GET /needs`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let filter = posting_filter(&params)?;
    let page = params.page()?;
    let needs = state
        .store()
        .needs(
            &context.actor.read_scope(),
            &filter,
            PER_PAGE + 1,
            (page as usize - 1) * PER_PAGE,
        )
        .await?;
    let more = needs.len() > PER_PAGE;
    let area_options: Vec<(String, String)> = ImprovementArea::ALL
        .iter()
        .map(|a| (a.key().into(), a.label().into()))
        .collect();
    let content = html! {
        h1 class="govuk-heading-l" { "Needs and offers" }
        p class="govuk-body" { "Trusts, schools and partners say what they need and what they can offer. For each need, Convene ranks who is best placed to help and shows every reason. "
            a class="govuk-link" href="/about/brokerage" { "How the ranking works" } "." }
        @if context.actor.viewer().is_some() {
            div class="govuk-button-group" {
                a class="govuk-button" href="/needs/new" { "Post a need" }
                a class="govuk-button govuk-button--secondary" href="/offers/new" { "Post an offer" }
                a class="govuk-link" href="/offers" { "See offers" }
                a class="govuk-link" href="/notices" { "Your notices" }
            }
        } @else {
            p class="govuk-body" { "You are seeing public needs. " a class="govuk-link" href="/sign-in?next=/needs" { "Sign in" } " to see more and to post." }
        }
        form method="get" action="/needs" {
            div class="govuk-form-group" {
                label class="govuk-label" for="area" { "Area" }
                select class="govuk-select" id="area" name="area" {
                    option value="" { "All areas" }
                    @for (key, label) in &area_options { option value=(key) selected[filter.area.map(|a| a.key()) == Some(key.as_str())] { (label) } }
                }
            }
            div class="govuk-checkboxes govuk-checkboxes--small govuk-form-group" {
                div class="govuk-checkboxes__item" {
                    input class="govuk-checkboxes__input" id="open" name="open" type="checkbox" value="true" checked[filter.current_only];
                    label class="govuk-label govuk-checkboxes__label" for="open" { "Open needs only" }
                }
            }
            (forms::button("Filter"))
        }
        @if needs.is_empty() { p class="govuk-body" { "No needs found." } } @else {
            (components::table("Needs", &NEED_COLUMNS, html! { @for need in needs.iter().take(PER_PAGE) { (need_row(need)) } }))
        }
        nav class="govuk-pagination" aria-label="Pagination" {
            @if page > 1 { div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href=(format!("/needs?page={}", page - 1)) { "Previous page" } } }
            @if more { div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href=(format!("/needs?page={}", page + 1)) { "Next page" } } }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Needs and offers",
        &[("/", "Home")],
        content,
    )
    .await)
}

/// `GET /needs/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    posting_form::page(&state, &context, Posting::Need, &[], &Vec::new()).await
}

/// `POST /needs`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    match posting_form::check(&state, &context, Posting::Need, &form).await? {
        Ok(Checked::Need(draft)) => {
            let id = state.store().create_need(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!(
                "/needs/{}/candidates",
                id.0
            )))
        }
        Ok(Checked::Offer(_)) => Err(WebError::internal("a need form gave an offer")),
        Err(errors) => {
            posting_form::page(&state, &context, Posting::Need, &form.pairs(), &errors).await
        }
    }
}

/// What a need says, for its page and the candidate list.
pub(crate) fn summary(need: &Need) -> Markup {
    components::summary_list(&[
        (
            "Organisation",
            html! { a class="govuk-link" href=(need.owner.org.page_path()) { (need.owner.name) } },
        ),
        ("Area", components::text(need.area.label())),
        (
            "Help wanted",
            html! { (need.form.label()) @if let Some(role) = &need.role { ": " (role) } },
        ),
        ("When", html! { (need.from.long()) " to " (need.to.long()) }),
        ("Days", components::text(need.days.to_string())),
        ("How far away", components::text(need.reach.describe())),
        (
            "Schools concerned",
            html! {
                @if need.schools.is_empty() { "All the organisation's schools" }
                @for (i, urn) in need.schools.iter().enumerate() { @if i > 0 { ", " } a class="govuk-link" href=(format!("/schools/{}", urn.0)) { (urn.0) } }
            },
        ),
        (
            "Who can see it",
            components::text(need.visibility.describe()),
        ),
        ("Status", components::text(need.status.label())),
        ("Posted", components::text(timestamp(&need.created_at))),
    ])
}

/// `GET /needs/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let need = visible_need(&state, &context, &id).await?;
    let own = context
        .actor
        .viewer()
        .is_some_and(|v| acts_for(v, need.owner.org) || need.author == Some(v.id));
    let title = format!("{}: {}", need.owner.name, need.area.label());
    let content = html! {
        span class="govuk-caption-l" { "Need " (need.id.0) }
        h1 class="govuk-heading-l" { (need.area.label()) }
        (summary(&need))
        @for paragraph in need.description.split("\n\n") { p class="govuk-body convene-pre-wrap" { (paragraph) } }
        @if own {
            p class="govuk-body" { a class="govuk-button" href=(format!("/needs/{}/candidates", need.id.0)) { "See who is best placed to help" } }
            @if need.status == NeedStatus::Open {
                (forms::action_button(&format!("/needs/{}/close?status=met", need.id.0), "Mark as met", "govuk-button--secondary", &context.csrf_token))
                (forms::action_button(&format!("/needs/{}/close?status=closed", need.id.0), "Withdraw this need", "govuk-button--warning", &context.csrf_token))
            }
        }
    };
    Ok(respond(&state, StatusCode::OK, &title, &CRUMBS, content).await)
}

/// `POST /needs/{id}/close?status=met|closed`: for those acting for the need's organisation.
pub(crate) async fn close(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let need = own_need(&state, &context, &id).await?;
    let status = match params.get("status") {
        Some("met") => NeedStatus::Met,
        Some("closed") => NeedStatus::Closed,
        _ => return Err(WebError::BadRequest("status must be met or closed.".into())),
    };
    state.store().set_need_status(need.id, status).await?;
    Ok(crate::redirect::see_other(&format!("/needs/{}", need.id.0)))
}
