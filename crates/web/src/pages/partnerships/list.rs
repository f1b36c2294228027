//! The partnerships a person may see, convening a new one, and changing one (conveners).

use super::{borrowed, crumbs_for, CRUMBS};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{self, Column};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::partnerships::{convening, partnership_form};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::partnerships::schedule::calendar_text;
use convene_domain::partnerships::{Partnership, PartnershipDraft, Rhythm};
use maud::html;

/// Partnerships per page.
const PER_PAGE: usize = 50;

/// `GET /partnerships`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let page = params.page()?;
    let found = state
        .store()
        .partnerships(
            &context.actor.read_scope(),
            None,
            PER_PAGE + 1,
            (page as usize - 1) * PER_PAGE,
        )
        .await?;
    let more = found.len() > PER_PAGE;
    let content = html! {
        h1 class="govuk-heading-l" { "Partnerships" }
        p class="govuk-body" { "Trusts convene local partners (schools, employers, health, police, charities, the local authority) around a shared issue no one of them can solve, agree goals, share out commitments and take stock every half term. Published partnerships show their progress, or its lack, to everyone." }
        @if context.actor.viewer().is_some() {
            div class="govuk-button-group" {
                a class="govuk-button" href="/partnerships/new" { "Convene a partnership" }
                a class="govuk-link" href="/partnerships/mine" { "Your partnerships and commitments" }
            }
        } @else {
            p class="govuk-body" { "You are seeing published partnerships. " a class="govuk-link" href="/sign-in?next=/partnerships" { "Sign in" } " to see the ones you belong to." }
        }
        @if found.is_empty() { p class="govuk-body" { "No partnerships found." } } @else {
            (components::table("Partnerships", &COLUMNS, html! {
                @for s in found.iter().take(PER_PAGE) {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(s.partnership.path()) { (s.partnership.name) } }
                        td class="govuk-table__cell" { (s.partnership.convened_by.name) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (s.members) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (s.goals) }
                        td class="govuk-table__cell" { @if s.partnership.published { "Published" } @else { "Members only" } }
                    }
                }
            }))
        }
        nav class="govuk-pagination" aria-label="Pagination" {
            @if page > 1 { div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href=(format!("/partnerships?page={}", page - 1)) { "Previous page" } } }
            @if more { div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href=(format!("/partnerships?page={}", page + 1)) { "Next page" } } }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Partnerships",
        &[("/", "Home")],
        content,
    )
    .await)
}

const COLUMNS: [Column; 5] = [
    Column("Partnership", false),
    Column("Convened by", false),
    Column("Members", true),
    Column("Agreed goals", true),
    Column("Published", false),
];

/// The form's fields as they were, or as the partnership is.
fn fields_of(p: &Partnership) -> Vec<(String, String)> {
    let (rhythm, weeks) = match p.rhythm {
        Rhythm::HalfTermly => ("half-termly".to_string(), String::new()),
        Rhythm::Weeks(n) => ("weeks".to_string(), n.to_string()),
    };
    let join = |v: Vec<String>| v.join(", ");
    vec![
        ("convener".into(), p.convened_by.org.key()),
        ("name".into(), p.name.clone()),
        ("issue".into(), p.issue.clone()),
        (
            "local_authorities".into(),
            join(
                p.area
                    .local_authorities
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
            ),
        ),
        (
            "schools".into(),
            join(p.area.schools.iter().map(|u| u.0.to_string()).collect()),
        ),
        ("evidence".into(), p.evidence.clone()),
        ("vision".into(), p.vision.clone()),
        ("narrative".into(), p.narrative.clone()),
        ("rhythm".into(), rhythm),
        ("weeks".into(), weeks),
        ("first_stocktake".into(), p.first_stocktake.to_string()),
        ("calendar".into(), calendar_text(&p.calendar)),
        (
            "published".into(),
            if p.published {
                "yes".into()
            } else {
                String::new()
            },
        ),
    ]
}

/// The form to convene (`editing` none) or change a partnership.
async fn form_page(
    state: &AppState,
    context: &RequestContext,
    editing: Option<&Partnership>,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    // Changing a partnership never changes its convener, so only a new one offers the choice.
    let conveners = match editing {
        None => organisation_choices(state, context, get("convener")).await?,
        Some(_) => Vec::new(),
    };
    let rhythm = if get("rhythm").is_empty() {
        "half-termly"
    } else {
        get("rhythm")
    };
    let rhythms = vec![
        (
            "half-termly".to_string(),
            "Every half term, by England's school terms (or our own term dates below)".to_string(),
            rhythm == "half-termly",
        ),
        (
            "weeks".to_string(),
            "Every so many weeks".to_string(),
            rhythm == "weeks",
        ),
    ];
    let published = vec![("yes".to_string(), "Publish: anyone can see the issue, vision, agreed goals, progress and commitments (never notes, drafts or discussion)".to_string(), get("published") == "yes")];
    let (heading, action, button) = match editing {
        None => (
            "Convene a partnership".to_string(),
            "/partnerships".to_string(),
            "Convene partnership",
        ),
        Some(p) => (
            format!("Change {}", p.name),
            format!("{}/edit", p.path()),
            "Save changes",
        ),
    };
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { (heading) }
            @if editing.is_none() && conveners.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action=(action) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    @if editing.is_none() {
                        (forms::choices(ChoiceKind::Radios, "convener", "Which organisation is convening?", None, &conveners, errors))
                    }
                    (Input::text("name", "Name of the partnership", get("name")).render(errors))
                    (forms::textarea("issue", "The shared issue", get("issue"), Some("The need no one organisation can meet alone, for example youth mental health or reading at home"), errors))
                    (Input::text("local_authorities", "Local authorities served", get("local_authorities")).hint("Local authority codes separated by commas, for example 826 for Milton Keynes").render(errors))
                    (Input::text("schools", "Schools served", get("schools")).hint("School URNs separated by commas, if the area is a list of schools").render(errors))
                    (forms::textarea("evidence", "Evidence of need", get("evidence"), Some("What shows the need, with sources. Convene adds a panel of its own figures for the area."), errors))
                    (forms::textarea("vision", "Shared vision", get("vision"), None, errors))
                    (forms::textarea("narrative", "Narrative (optional)", get("narrative"), Some("A short account of why the partners work together, that everyone can subscribe to"), errors))
                    (forms::choices(ChoiceKind::Radios, "rhythm", "How often will you take stock?", None, &rhythms, errors))
                    (Input::text("weeks", "Weeks between stock-takes", get("weeks")).hint("From 1 to 26, if not every half term").render(errors))
                    (Input::text("first_stocktake", "First stock-take on or after", get("first_stocktake")).hint("For example 2027-02-09").render(errors))
                    (forms::textarea("calendar", "Our own term dates (optional)", get("calendar"), Some("One half term a line, as 2026-09-03 to 2026-10-16. Leave blank to use England's usual term dates."), errors))
                    (forms::choices(ChoiceKind::Checkboxes, "published", "Publication", None, &published, errors))
                    (forms::button(button))
                }
            }
        } }
    };
    let status = forms::status_for(errors);
    Ok(match editing {
        None => respond(state, status, &heading, &CRUMBS, content).await,
        Some(p) => {
            let crumbs = crumbs_for(&p.path(), &p.name);
            respond(state, status, &heading, &borrowed(&crumbs), content).await
        }
    })
}

/// `GET /partnerships/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let fields = vec![("published".to_string(), "yes".to_string())];
    form_page(&state, &context, None, &fields, &Vec::new()).await
}

/// `POST /partnerships`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = partnership_form(|name| form.get(name).to_string());
    let checked = must_act_for(
        viewer,
        "convener",
        &input.convener,
        PartnershipDraft::check(&input),
    );
    match checked {
        Ok(draft) => {
            let id = state.store().create_partnership(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!(
                "/partnerships/{}",
                id.0
            )))
        }
        Err(errors) => form_page(&state, &context, None, &form.pairs(), &errors).await,
    }
}

/// `GET /partnerships/{id}/edit`: conveners.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let fields = fields_of(&seen.partnership);
    form_page(
        &state,
        &context,
        Some(&seen.partnership),
        &fields,
        &Vec::new(),
    )
    .await
}

/// `POST /partnerships/{id}/edit`: conveners; the convening organisation does not change.
pub(crate) async fn edit(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let convener = seen.partnership.convened_by.org.key();
    let input = partnership_form(|name| {
        if name == "convener" {
            convener.clone()
        } else {
            form.get(name).to_string()
        }
    });
    match PartnershipDraft::check(&input) {
        Ok(draft) => {
            state
                .store()
                .update_partnership(seen.partnership.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&seen.partnership.path()))
        }
        Err(errors) => {
            form_page(
                &state,
                &context,
                Some(&seen.partnership),
                &form.pairs(),
                &errors,
            )
            .await
        }
    }
}
