//! Invitations and membership: conveners invite any organisation on Convene (a trust, a
//! school, or a partner organisation such as a charity or employer) with a role; the
//! organisation joins when one of its administrators accepts. A member may leave (its
//! commitments stay, marked) and conveners change roles.

use super::show;
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::{convening, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::partnerships::PartnershipRole;
use convene_domain::party::OrgRef;
use maud::{html, Markup};

/// The invitation form, on the partnership's page for conveners.
pub(crate) fn invite_form(
    context: &RequestContext,
    base: &str,
    errors: &FieldErrors,
    org: &str,
    role: &str,
) -> Markup {
    let role = if role.is_empty() { "partner" } else { role };
    let roles: Vec<(String, String, bool)> = PartnershipRole::ALL
        .iter()
        .map(|r| (r.key().to_string(), r.label().to_string(), r.key() == role))
        .collect();
    html! {
        h3 class="govuk-heading-s convene-no-print" id="invite" { "Invite an organisation" }
        form method="post" action=(format!("{base}/invitations")) class="convene-no-print" novalidate {
            (forms::csrf_field(&context.csrf_token))
            (Input::text("org", "Organisation", org).hint("trust-<Group UID>, school-<URN> or partner-<number>. A charity, employer or service not yet on Convene can be added under Partners first.").render(errors))
            (forms::choices(ChoiceKind::Radios, "role", "Role", None, &roles, errors))
            (forms::button("Send invitation"))
        }
    }
}

/// `POST /partnerships/{id}/invitations`: conveners.
pub(crate) async fn invite(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    let mut errors = FieldErrors::new();
    let org = OrgRef::parse(form.get("org").trim());
    match org {
        None => errors.push((
            "org",
            "Enter an organisation as trust-<Group UID>, school-<URN> or partner-<number>".into(),
        )),
        Some(org) if state.store().organisation_name(org).await?.is_none() => {
            errors.push(("org", format!("{org} is not an organisation on Convene")));
        }
        Some(_) => {}
    }
    let role = PartnershipRole::from_key(form.get("role").trim());
    if role.is_none() {
        errors.push(("role", "Choose the organisation's role".into()));
    }
    match (org, role) {
        (Some(org), Some(role)) if errors.is_empty() => {
            state
                .store()
                .invite_to_partnership(
                    seen.partnership.id,
                    org,
                    role,
                    viewer.id,
                    &state.config().public_url,
                )
                .await?;
            Ok(crate::redirect::see_other(&format!(
                "{}#members",
                seen.partnership.path()
            )))
        }
        _ => show::page(&state, &context, &seen, &errors, "").await,
    }
}

/// Checks the person administers the invited organisation.
fn administered(context: &RequestContext, org: &str) -> Result<OrgRef, WebError> {
    let viewer = context.viewer()?;
    let org = OrgRef::parse(org)
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    if !viewer.administers(org) {
        return Err(WebError::Forbidden(
            "Only an administrator of the organisation invited can answer for it.".into(),
        ));
    }
    Ok(org)
}

/// `POST /partnerships/{id}/invitations/{org}/accept`: administrators of `org`.
pub(crate) async fn accept(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, org)): Path<(String, String)>,
) -> Result<Response, WebError> {
    answer(&state, &context, &id, &org, true).await
}

/// `POST /partnerships/{id}/invitations/{org}/decline`: administrators of `org`.
pub(crate) async fn decline(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, org)): Path<(String, String)>,
) -> Result<Response, WebError> {
    answer(&state, &context, &id, &org, false).await
}

async fn answer(
    state: &AppState,
    context: &RequestContext,
    id: &str,
    org: &str,
    accept: bool,
) -> Result<Response, WebError> {
    let seen = visible(state, context, id).await?;
    let org = administered(context, org)?;
    state
        .store()
        .answer_invitation(seen.partnership.id, org, context.viewer()?.id, accept)
        .await?;
    Ok(crate::redirect::see_other(&seen.partnership.path()))
}

/// `POST /partnerships/{id}/members/{org}/leave`: administrators of a member organisation.
pub(crate) async fn leave(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, org)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let org = administered(&context, &org)?;
    state
        .store()
        .leave_partnership(seen.partnership.id, org)
        .await?;
    Ok(crate::redirect::see_other(&seen.partnership.path()))
}

/// `POST /partnerships/{id}/members/{org}/role`: conveners.
pub(crate) async fn set_role(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, org)): Path<(String, String)>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    let org = OrgRef::parse(&org)
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let role = PartnershipRole::from_key(form.get("role").trim()).ok_or_else(|| {
        WebError::BadRequest("role must be convener, partner or observer.".into())
    })?;
    state
        .store()
        .set_partnership_role(seen.partnership.id, org, role)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "{}#members",
        seen.partnership.path()
    )))
}
