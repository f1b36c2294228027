//! Stock-takes: recording one (conveners and partners), whole or not at all, and one
//! stock-take's page (notes, decisions and next steps only for members).

use super::{borrowed, crumbs_for, owned_error_summary, paragraphs, tag};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::pages::forms;
use crate::partnerships::{acting, today, visible, Seen};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::partnerships::stocktake::{note_field, status_field, to_review, value_field};
use convene_domain::partnerships::{
    GoalStatus, ReviewStatus, StocktakeDraft, StocktakeForm, StocktakeId,
};
use maud::{html, Markup};

fn message<'a>(errors: &'a [(String, String)], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, m)| m.as_str())
}

fn error_line(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (m) }
        }
    }
}

fn group(has_error: bool) -> &'static str {
    if has_error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    seen: &Seen,
    fields: &[(String, String)],
    errors: &[(String, String)],
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name).to_string();
    let dossier = seen.dossier(state).await?;
    let open = to_review(&dossier.commitments);
    let goals: Vec<_> = dossier
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Agreed)
        .collect();
    let base = seen.partnership.path();
    let held_on = if fields.is_empty() {
        today().to_string()
    } else {
        get("held_on")
    };
    let text = |name: &str, label: &str, hint: &str| {
        let m = message(errors, name);
        html! {
            div class=(group(m.is_some())) {
                label class="govuk-label govuk-label--s" for=(name) { (label) }
                div class="govuk-hint" id=(format!("{name}-hint")) { (hint) }
                (error_line(m))
                textarea class="govuk-textarea" id=(name) name=(name) rows="4" aria-describedby=(format!("{name}-hint")) { (get(name)) }
            }
        }
    };
    let content = html! {
        (owned_error_summary(errors))
        h1 class="govuk-heading-l" { "Record a stock-take" }
        p class="govuk-body" { "Give every open commitment its status. Notes, decisions and next steps are seen only by members; statuses, values measured and the public summary appear on the partnership's page once it is published. Nothing is saved until every commitment has a status." }
        form method="post" action=(format!("{base}/stocktakes")) novalidate {
            (forms::csrf_field(&context.csrf_token))
            @let m = message(errors, "held_on");
            div class=(group(m.is_some())) {
                label class="govuk-label govuk-label--s" for="held_on" { "Day of the stock-take" }
                div class="govuk-hint" id="held_on-hint" { "For example 2027-02-09" }
                (error_line(m))
                input class="govuk-input govuk-input--width-10" id="held_on" name="held_on" type="text" value=(held_on) aria-describedby="held_on-hint";
            }
            h2 class="govuk-heading-m" { "Commitments" }
            @if open.is_empty() { p class="govuk-body" { "No open commitments to review." } }
            @for c in &open {
                @let field = status_field(c.id);
                @let note = note_field(c.id);
                @let m = message(errors, &field);
                div class=(group(m.is_some())) {
                    fieldset class="govuk-fieldset" id=(field) {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (c.action) " (" (c.owner.name) ", due " (c.due.long()) ")" }
                        (error_line(m))
                        div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios" {
                            @for (i, s) in ReviewStatus::ALL.iter().enumerate() {
                                div class="govuk-radios__item" {
                                    input class="govuk-radios__input" id=(format!("{field}-{i}")) name=(field) type="radio" value=(s.key()) checked[get(&field) == s.key()];
                                    label class="govuk-label govuk-radios__label" for=(format!("{field}-{i}")) { (s.label()) }
                                }
                            }
                        }
                    }
                    @let nm = message(errors, &note);
                    div class=(group(nm.is_some())) {
                        label class="govuk-label" for=(note) { "Note for members (optional)" }
                        (error_line(nm))
                        textarea class="govuk-textarea" id=(note) name=(note) rows="2" { (get(&note)) }
                    }
                }
            }
            h2 class="govuk-heading-m" { "Measures" }
            @if goals.is_empty() { p class="govuk-body" { "No agreed goals to measure yet." } }
            @for g in &goals {
                @let field = value_field(g.id);
                @let m = message(errors, &field);
                div class=(group(m.is_some())) {
                    label class="govuk-label govuk-label--s" for=(field) { (g.title) ": value measured (optional)" }
                    div class="govuk-hint" id=(format!("{field}-hint")) { (g.measure) "; baseline " (g.show(g.baseline)) ", target " (g.show(g.target)) }
                    (error_line(m))
                    input class="govuk-input govuk-input--width-10" id=(field) name=(field) type="text" value=(get(&field)) aria-describedby=(format!("{field}-hint"));
                }
            }
            h2 class="govuk-heading-m" { "Decisions and next steps" }
            (text("decisions", "Decisions taken", "Seen only by members"))
            (text("next_steps", "Next steps", "Seen only by members"))
            (text("summary", "Public summary", "What the partnership is happy for anyone to read once it is published"))
            (forms::button("Save stock-take"))
        }
    };
    let crumbs = crumbs_for(&base, &seen.partnership.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(respond(
        state,
        status,
        "Record a stock-take",
        &borrowed(&crumbs),
        content,
    )
    .await)
}

/// `GET /partnerships/{id}/stocktakes/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    form_page(&state, &context, &seen, &[], &[]).await
}

/// The stock-take form as the domain reads it, from named fields.
pub(crate) fn stocktake_form(
    get: impl Fn(&str) -> String,
    dossier: &convene_store::PartnershipDossier,
) -> StocktakeForm {
    StocktakeForm {
        held_on: get("held_on"),
        reviews: to_review(&dossier.commitments)
            .into_iter()
            .map(|c| (c.id, get(&status_field(c.id)), get(&note_field(c.id))))
            .collect(),
        measurements: dossier
            .goals
            .iter()
            .filter(|g| g.status == GoalStatus::Agreed)
            .map(|g| (g.id, get(&value_field(g.id))))
            .collect(),
        decisions: get("decisions"),
        next_steps: get("next_steps"),
        summary: get("summary"),
    }
}

/// `POST /partnerships/{id}/stocktakes`: saved whole, or the form again with every problem.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    let dossier = seen.dossier(&state).await?;
    let input = stocktake_form(|name| form.get(name).to_string(), &dossier);
    let goals: Vec<_> = dossier
        .goals
        .iter()
        .filter(|g| g.status == GoalStatus::Agreed)
        .cloned()
        .collect();
    match StocktakeDraft::check(&input, &dossier.commitments, &goals, today()) {
        Ok(draft) => {
            let stocktake = state
                .store()
                .record_stocktake(seen.partnership.id, context.viewer()?.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&format!(
                "{}/stocktakes/{}",
                seen.partnership.path(),
                stocktake.0
            )))
        }
        Err(errors) => form_page(&state, &context, &seen, &form.pairs(), &errors).await,
    }
}

/// `GET /partnerships/{id}/stocktakes/{stocktake}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, stocktake)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let not_found = || WebError::NotFound("There is no such stock-take.".into());
    let stocktake_id = StocktakeId(stocktake.parse().map_err(|_| not_found())?);
    let s = state
        .store()
        .stocktake(seen.partnership.id, stocktake_id, seen.member())
        .await?
        .ok_or_else(not_found)?;
    let dossier = seen.dossier(&state).await?;
    let base = seen.partnership.path();
    let title = format!("Stock-take of {}", s.held_on.long());
    let content = html! {
        span class="govuk-caption-l" { (seen.partnership.name) }
        h1 class="govuk-heading-l" { (title) }
        @if let Some(by) = &s.recorded_by { p class="govuk-body-s" { "Recorded by " (by) } }
        @if !s.summary.is_empty() { h2 class="govuk-heading-m" { "Summary" } (paragraphs(&s.summary)) }
        (components::table("Commitments reviewed", &[Column("Commitment", false), Column("Owned by", false), Column("Status", false), Column("Note", false)], html! {
            @for r in &s.reviews {
                @let c = dossier.commitments.iter().find(|c| c.id == r.commitment);
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" { (c.map_or("", |c| c.action.as_str())) }
                    td class="govuk-table__cell" { (c.map_or("", |c| c.owner.name.as_str())) }
                    td class="govuk-table__cell" { (tag(r.status.label(), r.status.tag())) }
                    td class="govuk-table__cell convene-pre-wrap" { (r.note) }
                }
            }
        }))
        @if !s.measurements.is_empty() {
            (components::table("Values measured", &[Column("Goal", false), Column("Value", true)], html! {
                @for v in &s.measurements {
                    @let g = dossier.goals.iter().find(|g| g.id == v.goal);
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (g.map_or("", |g| g.title.as_str())) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (g.map_or_else(|| v.value.to_string(), |g| g.show(v.value))) }
                    }
                }
            }))
        }
        @if seen.member() {
            h2 class="govuk-heading-m" { "Decisions" }
            @if s.decisions.is_empty() { p class="govuk-body" { "None recorded." } } @else { (paragraphs(&s.decisions)) }
            h2 class="govuk-heading-m" { "Next steps" }
            @if s.next_steps.is_empty() { p class="govuk-body" { "None recorded." } } @else { (paragraphs(&s.next_steps)) }
        }
        p class="govuk-body" { a class="govuk-link" href=(base) { "Back to the partnership" } }
    };
    let crumbs = crumbs_for(&base, &seen.partnership.name);
    Ok(respond(&state, StatusCode::OK, &title, &borrowed(&crumbs), content).await)
}
