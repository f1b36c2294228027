//! `/api/v1/me`: who the API token (or session) belongs to, so a program can check its
//! token works and see what it may act for.

use crate::access::RequestContext;
use crate::api::openapi::{FAILED, NO_TOKEN};
use crate::error::ApiError;
use crate::WebError;
use axum::Json;
use convene_domain::access::{OrgRole, PlatformRole};
use convene_domain::account::PersonId;
use convene_domain::party::OrgRef;
use serde::Serialize;
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// The person an API token belongs to.
#[derive(Serialize, ToSchema)]
pub(crate) struct Me {
    /// The person's number.
    id: PersonId,
    /// Their name.
    name: String,
    /// Whether their email address is confirmed.
    email_verified: bool,
    /// Their platform roles.
    platform_roles: BTreeSet<PlatformRole>,
    /// The organisations they act for.
    organisations: Vec<ActsFor>,
}

/// An organisation a person acts for, and their role in it.
#[derive(Serialize, ToSchema)]
pub(crate) struct ActsFor {
    /// The organisation.
    organisation: OrgRef,
    /// Their role in it.
    role: OrgRole,
}

/// Who the token belongs to.
///
/// The person the API token was created by, whether their email address is confirmed, their
/// platform roles and the organisations they act for.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "me",
    tag = "Notes and people",
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The person.", body = Me),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn show(context: RequestContext) -> Result<Json<Me>, WebError> {
    let viewer = context.viewer()?;
    Ok(Json(Me {
        id: viewer.id,
        name: viewer.name.clone(),
        email_verified: viewer.email_verified,
        platform_roles: viewer.platform_roles.clone(),
        organisations: viewer
            .organisations
            .iter()
            .map(|(org, role)| ActsFor {
                organisation: *org,
                role: *role,
            })
            .collect(),
    }))
}
