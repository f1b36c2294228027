//! Commitments: adding one (conveners and partners) and the CSV of the commitments a
//! reader may see (outsiders: those of agreed goals of a published partnership).

use super::{borrowed, crumbs_for, owner_choices};
use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::{acting, commitment_form, today, visible, Seen};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::partnerships::CommitmentDraft;
use convene_store::PartnershipDossier;
use maud::html;

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    seen: &Seen,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    let dossier = seen.dossier(state).await?;
    let goals: Vec<(String, String, bool)> = dossier
        .goals
        .iter()
        .map(|g| {
            (
                g.id.0.to_string(),
                g.title.clone(),
                get("goal") == g.id.0.to_string(),
            )
        })
        .collect();
    let owners = owner_choices(&seen.members, get("owner"));
    let base = seen.partnership.path();
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Add a commitment" }
            @if goals.is_empty() {
                p class="govuk-body" { "A commitment serves a goal: " a class="govuk-link" href=(format!("{base}/goals/new")) { "add a goal" } " first." }
            } @else {
                form method="post" action=(format!("{base}/commitments")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "goal", "Which goal does it serve?", None, &goals, errors))
                    (forms::choices(ChoiceKind::Radios, "owner", "Who owns it?", None, &owners, errors))
                    (forms::textarea("action", "What will be done", get("action"), None, errors))
                    (Input::text("due", "Due by", get("due")).hint("For example 2027-03-16").render(errors))
                    (Input::text("days", "Days of work", get("days")).hint("About how many days it will take, so work is shared fairly").render(errors))
                    (forms::button("Add commitment"))
                }
            }
        } }
    };
    let crumbs = crumbs_for(&base, &seen.partnership.name);
    Ok(respond(
        state,
        forms::status_for(errors),
        "Add a commitment",
        &borrowed(&crumbs),
        content,
    )
    .await)
}

/// `GET /partnerships/{id}/commitments/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    form_page(&state, &context, &seen, &[], &Vec::new()).await
}

/// `POST /partnerships/{id}/commitments`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    let dossier = seen.dossier(&state).await?;
    let input = commitment_form(|name| form.get(name).to_string());
    match CommitmentDraft::check(&input, &dossier.goals, &seen.members) {
        Ok(draft) => {
            state
                .store()
                .create_commitment(seen.partnership.id, context.viewer()?.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&format!(
                "{}#commitments",
                seen.partnership.path()
            )))
        }
        Err(errors) => form_page(&state, &context, &seen, &form.pairs(), &errors).await,
    }
}

/// The commitments as CSV, one row each, with every past status (the page shows only the
/// latest few).
pub(crate) fn commitments_csv(dossier: &PartnershipDossier) -> Result<Vec<u8>, WebError> {
    let today = today();
    let mut table = CsvTable::new([
        "id",
        "action",
        "goal_id",
        "goal",
        "owner",
        "owner_name",
        "owner_left",
        "due",
        "days",
        "status",
        "reviewed_on",
        "overdue",
        "history",
    ])?;
    for c in &dossier.commitments {
        let goal = dossier
            .goals
            .iter()
            .find(|g| g.id == c.goal)
            .map_or("", |g| g.title.as_str());
        let history = dossier
            .status_history
            .get(&c.id)
            .map(|h| {
                h.iter()
                    .map(|(day, status)| format!("{day} {}", status.key()))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default();
        table.row([
            c.id.0.to_string(),
            c.action.clone(),
            c.goal.0.to_string(),
            goal.to_string(),
            c.owner.org.key(),
            c.owner.name.clone(),
            c.owner_left.to_string(),
            c.due.to_string(),
            c.days.to_string(),
            c.status.map(|s| s.key().to_string()).unwrap_or_default(),
            c.reviewed_on.map(|d| d.to_string()).unwrap_or_default(),
            c.overdue(today).to_string(),
            history,
        ])?;
    }
    table.finish()
}

/// `GET /partnerships/{id}/commitments.csv`.
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let dossier = seen.dossier(&state).await?;
    let body = commitments_csv(&dossier)?;
    Ok(attachment(
        &format!("partnership-{}-commitments.csv", seen.partnership.id.0),
        body,
    ))
}
