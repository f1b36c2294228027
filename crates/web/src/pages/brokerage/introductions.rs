//! An introduction, as each side sees it, and the candidate's answer. Only the candidate
//! organisation's administrators may accept or decline; until they accept a confidential
//! need, the page names neither the organisation in need nor what it wrote.

use super::CRUMBS;
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::components;
use crate::pages::forms;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::records::{Side, MAX_MESSAGE};
use convene_domain::brokerage::{Introduction, IntroductionId, IntroductionStatus};
use maud::html;

/// The introduction the person is on one side of, or "not found".
async fn read(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<(Introduction, Side), WebError> {
    let not_found =
        || WebError::NotFound("There is no such introduction, or you cannot see it.".into());
    let id = IntroductionId(id.parse().map_err(|_| not_found())?);
    state
        .store()
        .introduction(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)
}

/// `GET /introductions/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (intro, side) = read(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    let may_answer = side == Side::Candidate
        && intro.status == IntroductionStatus::Requested
        && viewer.administers(intro.candidate.org);
    let asker = intro.asker.as_ref().map_or(
        "An organisation on Convene (named once you accept)".to_string(),
        |a| a.name.clone(),
    );
    let content = html! {
        span class="govuk-caption-l" { "Introduction " (intro.id.0) }
        h1 class="govuk-heading-l" { (intro.area.label()) ": " (intro.candidate.name) }
        (components::summary_list(&[
            ("Asked by", components::text(&asker)),
            ("Candidate", html! { a class="govuk-link" href=(intro.candidate.org.page_path()) { (intro.candidate.name) } }),
            ("Area", components::text(intro.area.label())),
            ("Help wanted", components::text(intro.form.label())),
            ("Status", components::text(intro.status.label())),
            ("Asked", components::text(timestamp(&intro.created_at))),
        ]))
        @if let Some(description) = &intro.need_description {
            h2 class="govuk-heading-m" { "The need" }
            p class="govuk-body convene-pre-wrap" { (description) }
            @if side == Side::Asker { p class="govuk-body" { a class="govuk-link" href=(format!("/needs/{}", intro.need.0)) { "See the need" } } }
        } @else {
            div class="govuk-inset-text" { "This need is confidential. Who asked and what they wrote are shown once you accept." }
        }
        @if let Some(message) = intro.message.as_deref().filter(|m| !m.is_empty()) {
            h2 class="govuk-heading-m" { "Message" }
            p class="govuk-body convene-pre-wrap" { (message) }
        }
        h2 class="govuk-heading-m" { "Why Convene suggested this match" }
        @if let Some(reasons) = &intro.reasons {
            ul class="govuk-list govuk-list--bullet govuk-body-s" { @for part in reasons.split(". ") { li { (part) } } }
        } @else {
            p class="govuk-body-s" { "The score and its reasons name the schools in need, so they are shown once you accept. Convene suggested " (intro.candidate.name) " for its evidence in " (intro.area.label().to_lowercase()) "." }
        }
        @if !intro.contacts.is_empty() {
            h2 class="govuk-heading-m" { "Contacts" }
            ul class="govuk-list" { @for c in &intro.contacts { li { (c) } } }
        }
        @if let Some(collaboration) = intro.collaboration {
            p class="govuk-body" { a class="govuk-button" href=(format!("/collaborations/{}", collaboration.0)) { "Go to the collaboration" } }
        }
        @if let Some(reason) = &intro.decline_reason { p class="govuk-body" { "Your private reason for declining: " (reason) } }
        @if may_answer {
            (forms::action_button(&format!("/introductions/{}/accept", intro.id.0), "Accept and share contact details", "", &context.csrf_token))
            form method="post" action=(format!("/introductions/{}/decline", intro.id.0)) {
                (forms::csrf_field(&context.csrf_token))
                (forms::textarea("reason", "Reason for declining (kept private to your organisation)", "", None, &Vec::new()))
                (forms::button("Decline"))
            }
        } @else if side == Side::Candidate && intro.status == IntroductionStatus::Requested {
            p class="govuk-body" { "An administrator of " (intro.candidate.name) " can accept or decline." }
        }
    };
    Ok(respond(&state, StatusCode::OK, "Introduction", &CRUMBS, content).await)
}

/// The introduction, if the person administers its candidate.
async fn answerable(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Introduction, WebError> {
    let (intro, side) = read(state, context, id).await?;
    if side == Side::Candidate && context.viewer()?.administers(intro.candidate.org) {
        Ok(intro)
    } else {
        Err(WebError::Forbidden(format!(
            "Only an administrator of {} can answer this introduction.",
            intro.candidate.name
        )))
    }
}

/// `POST /introductions/{id}/accept`.
pub(crate) async fn accept(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let intro = answerable(&state, &context, &id).await?;
    let collaboration = state
        .store()
        .accept_introduction(intro.id, context.viewer()?.id, &state.config().public_url)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/collaborations/{}",
        collaboration.0
    )))
}

/// `POST /introductions/{id}/decline`.
pub(crate) async fn decline(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let intro = answerable(&state, &context, &id).await?;
    let reason = form.get("reason").trim().replace("\r\n", "\n");
    if reason.chars().count() > MAX_MESSAGE {
        return Err(WebError::BadRequest(format!(
            "The reason must be {MAX_MESSAGE} characters or fewer."
        )));
    }
    if !state
        .store()
        .decline_introduction(
            intro.id,
            context.viewer()?.id,
            &reason,
            &state.config().public_url,
        )
        .await?
    {
        return Err(WebError::Conflict(
            "This introduction has already been answered.".into(),
        ));
    }
    Ok(crate::redirect::see_other(&format!(
        "/introductions/{}",
        intro.id.0
    )))
}
