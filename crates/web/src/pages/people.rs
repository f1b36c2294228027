//! People: the directory members use to find each other, and each person's profile page,
//! showing the public only what the person chose.

use crate::access::RequestContext;
use crate::pages::accounts::respond;
use crate::pages::components::{summary_list, text};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::access::MembershipStatus;
use convene_domain::account::{PersonId, ProfileField};
use maud::html;

/// `GET /people`: everyone on Convene, for signed-in members.
pub(crate) async fn directory(State(state): State<AppState>) -> Result<Response, WebError> {
    let people = state.store().people().await?;
    let content = html! {
        h1 class="govuk-heading-l" { "People on Convene" }
        p class="govuk-body" { "Everyone with a Convene account. Only signed-in members can see this list." }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "People" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Name" }
                th scope="col" class="govuk-table__header" { "Job title" }
                th scope="col" class="govuk-table__header" { "Areas of expertise" }
            } }
            tbody class="govuk-table__body" {
                @for person in &people {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/people/{}", person.id)) { (person.profile.name) } }
                        td class="govuk-table__cell" { (person.profile.job_title.as_deref().unwrap_or("")) }
                        td class="govuk-table__cell" { (person.profile.expertise.join(", ")) }
                    }
                }
            }
        } }))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "People on Convene",
        &[("/", "Home")],
        content,
    )
    .await)
}

/// `GET /people/{id}`: a profile. The public sees only fields the person made public, and
/// a profile whose name is not public is, to them, not there at all.
pub(crate) async fn profile(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let not_found =
        || WebError::NotFound("There is no such person, or their profile is not public.".into());
    let id = PersonId(id.parse().map_err(|_| not_found())?);
    let person = state.store().person(id).await?.ok_or_else(not_found)?;
    let signed_in = context.actor.viewer().is_some();
    let profile = &person.profile;
    if !profile.shows(ProfileField::Name, signed_in) {
        return Err(not_found());
    }
    let memberships = if profile.shows(ProfileField::Organisations, signed_in) {
        state.store().memberships_of(id).await?
    } else {
        Vec::new()
    };
    let mut rows = Vec::new();
    if let Some(title) = profile
        .job_title
        .as_deref()
        .filter(|_| profile.shows(ProfileField::JobTitle, signed_in))
    {
        rows.push(("Job title", text(title)));
    }
    if profile.shows(ProfileField::Expertise, signed_in) && !profile.expertise.is_empty() {
        rows.push(("Areas of expertise", text(profile.expertise.join(", "))));
    }
    if let Some(bio) = profile
        .bio
        .as_deref()
        .filter(|_| profile.shows(ProfileField::Bio, signed_in))
    {
        rows.push(("About", text(bio)));
    }
    let hours = crate::pages::peer_review::reviews::hours_section(&state, &context, id).await?;
    let recognition = crate::pages::evidence::recognition::section(
        &state,
        &context,
        convene_domain::evidence::recognition::Nominee::Person(id),
    )
    .await?;
    let content = html! {
        h1 class="govuk-heading-l" { (profile.name) }
        (summary_list(&rows))
        (hours)
        (recognition)
        @let approved: Vec<_> = memberships.iter().filter(|m| m.status == MembershipStatus::Approved).collect();
        @if !approved.is_empty() {
            h2 class="govuk-heading-m" { "Organisations" }
            ul class="govuk-list" {
                @for m in approved {
                    li { a class="govuk-link" href=(format!("/organisations/{}", m.organisation.org.key())) { (m.organisation.name) } }
                }
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &profile.name,
        &[("/", "Home")],
        content,
    )
    .await)
}
