//! Goals: drafting one (conveners and partners), changing a draft, agreeing it (conveners),
//! and changing an agreed goal (conveners only; every change is kept in its history).
//! A goal missing its measure, baseline, baseline date, target, deadline or owner is refused
//! and the form names each missing part.

use super::{borrowed, crumbs_for, owner_choices};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::{acting, convening, goal_form, Seen};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::partnerships::goal::format_number;
use convene_domain::partnerships::{Goal, GoalDraft, GoalId, GoalStatus};
use maud::html;

fn fields_of(goal: &Goal) -> Vec<(String, String)> {
    vec![
        ("title".into(), goal.title.clone()),
        ("measure".into(), goal.measure.clone()),
        ("unit".into(), goal.unit.clone()),
        ("baseline".into(), format_number(goal.baseline)),
        ("baseline_on".into(), goal.baseline_on.to_string()),
        ("target".into(), format_number(goal.target)),
        ("deadline".into(), goal.deadline.to_string()),
        ("owner".into(), goal.owner.org.key()),
    ]
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    seen: &Seen,
    editing: Option<&Goal>,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    let owners = owner_choices(&seen.members, get("owner"));
    let base = seen.partnership.path();
    let (heading, action, button) = match editing {
        None => (
            "Add a goal".to_string(),
            format!("{base}/goals"),
            "Save as a draft",
        ),
        Some(g) => (
            format!("Change “{}”", g.title),
            format!("{base}/goals/{}/edit", g.id.0),
            "Save changes",
        ),
    };
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { (heading) }
            @if editing.is_some_and(|g| g.status == GoalStatus::Agreed) {
                (forms::banner("This goal is agreed", html! { p class="govuk-body" { "Every change you make is kept in the goal's history, with your name and the time, for every member to see." } }))
            } @else {
                p class="govuk-body" { "Goals are drafts, seen only by members, until a convener agrees them. A goal needs every part: what is measured, where it starts and when, the target, the deadline and the partner that owns it." }
            }
            form method="post" action=(action) novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("title", "The goal", get("title")).hint("For example: Every child a reader by 7").render(errors))
                (Input::text("measure", "Measure", get("measure")).hint("What will be measured, for example: pupils meeting the expected standard in reading at 7").render(errors))
                (Input::text("unit", "Unit (optional)", get("unit")).hint("For example % or pupils").render(errors))
                (Input::text("baseline", "Baseline", get("baseline")).hint("The value at the start").render(errors))
                (Input::text("baseline_on", "Baseline date", get("baseline_on")).hint("When the baseline was measured, for example 2026-07-01").render(errors))
                (Input::text("target", "Target", get("target")).render(errors))
                (Input::text("deadline", "Deadline", get("deadline")).hint("For example 2028-07-01").render(errors))
                (forms::choices(ChoiceKind::Radios, "owner", "Owning partner", None, &owners, errors))
                (forms::button(button))
            }
        } }
    };
    let crumbs = crumbs_for(&base, &seen.partnership.name);
    Ok(respond(
        state,
        forms::status_for(errors),
        &heading,
        &borrowed(&crumbs),
        content,
    )
    .await)
}

/// `GET /partnerships/{id}/goals/new`: conveners and partners.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    form_page(&state, &context, &seen, None, &[], &Vec::new()).await
}

/// `POST /partnerships/{id}/goals`: conveners and partners; stored as a draft.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    let input = goal_form(|name| form.get(name).to_string());
    match GoalDraft::check(&input, &seen.members) {
        Ok(draft) => {
            let goal = state
                .store()
                .create_goal(seen.partnership.id, context.viewer()?.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&format!(
                "{}#goal-{}",
                seen.partnership.path(),
                goal.0
            )))
        }
        Err(errors) => form_page(&state, &context, &seen, None, &form.pairs(), &errors).await,
    }
}

/// The goal at `goal` and the partnership, for someone who may change it: any acting
/// member while it is a draft, conveners once agreed.
async fn changeable(
    state: &AppState,
    context: &RequestContext,
    id: &str,
    goal: &str,
) -> Result<(Seen, Goal), WebError> {
    let seen = acting(state, context, id).await?;
    let not_found = || WebError::NotFound("There is no such goal.".into());
    let goal_id = GoalId(goal.parse().map_err(|_| not_found())?);
    let goal = state
        .store()
        .goal(seen.partnership.id, goal_id)
        .await?
        .ok_or_else(not_found)?;
    if goal.status == GoalStatus::Agreed && !seen.convenes() {
        return Err(WebError::Forbidden(
            "Once a goal is agreed only the partnership's conveners can change it.".into(),
        ));
    }
    Ok((seen, goal))
}

/// `GET /partnerships/{id}/goals/{goal}/edit`.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, goal)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (seen, goal) = changeable(&state, &context, &id, &goal).await?;
    form_page(
        &state,
        &context,
        &seen,
        Some(&goal),
        &fields_of(&goal),
        &Vec::new(),
    )
    .await
}

/// `POST /partnerships/{id}/goals/{goal}/edit`.
pub(crate) async fn edit(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, goal)): Path<(String, String)>,
    form: FormFields,
) -> Result<Response, WebError> {
    let (seen, goal) = changeable(&state, &context, &id, &goal).await?;
    let input = goal_form(|name| form.get(name).to_string());
    match GoalDraft::check(&input, &seen.members) {
        Ok(draft) => {
            state
                .store()
                .update_goal(&goal, context.viewer()?.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&format!(
                "{}#goal-{}",
                seen.partnership.path(),
                goal.id.0
            )))
        }
        Err(errors) => {
            form_page(&state, &context, &seen, Some(&goal), &form.pairs(), &errors).await
        }
    }
}

/// `POST /partnerships/{id}/goals/{goal}/agree`: conveners.
pub(crate) async fn agree(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, goal)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let not_found = || WebError::NotFound("There is no such goal.".into());
    let goal_id = GoalId(goal.parse().map_err(|_| not_found())?);
    let goal = state
        .store()
        .goal(seen.partnership.id, goal_id)
        .await?
        .ok_or_else(not_found)?;
    state
        .store()
        .agree_goal(goal.id, context.viewer()?.id)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "{}#goal-{}",
        seen.partnership.path(),
        goal.id.0
    )))
}
