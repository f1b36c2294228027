//! A collaboration record: who helped whom with what, when, and how it went. Either party
//! may end it; each side gives its own feedback once it has ended.

use super::CRUMBS;
use crate::access::RequestContext;
use crate::brokerage::acts_for;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::components;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::brokerage::{Collaboration, CollaborationId, CollaborationStatus, Feedback};
use convene_domain::Date;
use maud::html;

async fn read(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Collaboration, WebError> {
    let not_found =
        || WebError::NotFound("There is no such collaboration, or you cannot see it.".into());
    let id = CollaborationId(id.parse().map_err(|_| not_found())?);
    state
        .store()
        .collaboration(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)
}

/// Which side the person acts for: `Some(true)` the helper, `Some(false)` the helped.
fn side_of(context: &RequestContext, c: &Collaboration) -> Option<bool> {
    let viewer = context.actor.viewer()?;
    if acts_for(viewer, c.helper.org) {
        Some(true)
    } else if acts_for(viewer, c.helped.org) {
        Some(false)
    } else {
        None
    }
}

fn feedback_text(feedback: &Option<Feedback>) -> maud::Markup {
    match feedback {
        Some(f) => html! { (f.rating) " out of 5" @if !f.comment.is_empty() { ": " (f.comment) } },
        None => html! { "Not given yet" },
    }
}

/// `GET /collaborations/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let c = read(&state, &context, &id).await?;
    page(&state, &context, &c, &Vec::new()).await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    c: &Collaboration,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let side = side_of(context, c);
    let ratings: Vec<(String, String, bool)> = (1..=5)
        .map(|r| (r.to_string(), format!("{r}"), false))
        .collect();
    let endings: Vec<(String, String, bool)> = [
        CollaborationStatus::Completed,
        CollaborationStatus::EndedEarly,
    ]
    .iter()
    .map(|s| {
        (
            s.key().to_string(),
            s.label().to_string(),
            *s == CollaborationStatus::Completed,
        )
    })
    .collect();
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { "Collaboration " (c.id.0) }
        h1 class="govuk-heading-l" { (c.helper.name) " helping " (c.helped.name) }
        (components::summary_list(&[
            ("Helping", html! { a class="govuk-link" href=(c.helper.org.page_path()) { (c.helper.name) } }),
            ("Helped", html! { a class="govuk-link" href=(c.helped.org.page_path()) { (c.helped.name) } }),
            ("Area", components::text(c.area.label())),
            ("Form of help", components::text(c.form.label())),
            ("Days agreed", components::text(c.days.to_string())),
            ("From", components::text(c.start.long())),
            ("Until", components::text(c.end.long())),
            ("Status", components::text(c.status.label())),
            ("Who can see it", components::text(c.visibility.describe())),
            ("Helper's feedback", feedback_text(&c.helper_feedback)),
            ("Helped organisation's feedback", feedback_text(&c.helped_feedback)),
        ]))
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/collaborations/{}/impact", c.id.0)) { "Impact compared like with like" }
            ": the helped schools' results before and after the start, against their families of similar schools."
        }
        @if side.is_some() {
            @if c.status == CollaborationStatus::Active {
                form method="post" action=(format!("/collaborations/{}/end", c.id.0)) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    h2 class="govuk-heading-m" { "End the collaboration" }
                    (forms::choices(ChoiceKind::Radios, "status", "How did it end?", None, &endings, errors))
                    (Input::text("end", "End date", "").hint("For example 2027-07-16; blank for today").render(errors))
                    (forms::button("End collaboration"))
                }
            } @else {
                form method="post" action=(format!("/collaborations/{}/feedback", c.id.0)) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    h2 class="govuk-heading-m" { "Your feedback" }
                    (forms::choices(ChoiceKind::Radios, "rating", "How useful was it? (1 not useful, 5 very useful)", None, &ratings, errors))
                    (forms::textarea("comment", "A sentence or two", "", None, errors))
                    (forms::button("Save feedback"))
                }
            }
            @let writer = if side == Some(true) { c.helper.org } else { c.helped.org };
            h2 class="govuk-heading-m" { "Tell others about it" }
            p class="govuk-body" { "A case study starts from this collaboration's details; a convener approves it, and both organisations agree before anyone else can read it." }
            p class="govuk-body" { a class="govuk-button govuk-button--secondary" href=(format!("/case-studies/new?owner={}&from=collaboration-{}", writer.key(), c.id.0)) { "Write a case study about it" } }
        }
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Collaboration",
        &CRUMBS,
        content,
    )
    .await)
}

fn party(context: &RequestContext, c: &Collaboration) -> Result<bool, WebError> {
    side_of(context, c).ok_or_else(|| {
        WebError::Forbidden("Only the two organisations in a collaboration can change it.".into())
    })
}

/// `POST /collaborations/{id}/end`.
pub(crate) async fn end(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let c = read(&state, &context, &id).await?;
    party(&context, &c)?;
    let mut errors: FieldErrors = Vec::new();
    let status = match CollaborationStatus::from_key(form.get("status")) {
        Some(s) if s != CollaborationStatus::Active => Some(s),
        _ => {
            errors.push(("status", "Choose how the collaboration ended".into()));
            None
        }
    };
    let end = match form.get("end").trim() {
        "" => Date::parse(&crate::format::today()),
        text => Date::parse(text),
    };
    let end = match end {
        Some(d) if d >= c.start => Some(d),
        Some(_) => {
            errors.push((
                "end",
                "The end date must be on or after the start date".into(),
            ));
            None
        }
        None => {
            errors.push((
                "end",
                "The end date must be a real date, like 2027-07-16".into(),
            ));
            None
        }
    };
    match (status, end) {
        (Some(status), Some(end)) if errors.is_empty() => {
            if !state.store().end_collaboration(c.id, status, end).await? {
                return Err(WebError::Conflict(
                    "This collaboration has already ended.".into(),
                ));
            }
            Ok(crate::redirect::see_other(&format!(
                "/collaborations/{}",
                c.id.0
            )))
        }
        _ => page(&state, &context, &c, &errors).await,
    }
}

/// `POST /collaborations/{id}/feedback`.
pub(crate) async fn feedback(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let c = read(&state, &context, &id).await?;
    let helper_side = party(&context, &c)?;
    match Feedback::check(form.get("rating"), form.get("comment")) {
        Ok(feedback) => {
            if !state
                .store()
                .give_feedback(c.id, helper_side, &feedback)
                .await?
            {
                return Err(WebError::Conflict(
                    "Feedback is given once the collaboration has ended.".into(),
                ));
            }
            Ok(crate::redirect::see_other(&format!(
                "/collaborations/{}",
                c.id.0
            )))
        }
        Err(errors) => page(&state, &context, &c, &errors).await,
    }
}
