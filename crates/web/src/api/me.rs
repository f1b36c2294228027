//! `/api/v1/me`: who the API token (or session) belongs to, so a program can check its
//! token works and see what it may act for.

use crate::access::RequestContext;
use crate::WebError;
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/v1/me`.
pub(crate) async fn show(context: RequestContext) -> Result<Json<Value>, WebError> {
    let viewer = context.viewer()?;
    Ok(Json(json!({
        "id": viewer.id,
        "name": viewer.name,
        "email_verified": viewer.email_verified,
        "platform_roles": viewer.platform_roles,
        "organisations": viewer
            .organisations
            .iter()
            .map(|(org, role)| json!({ "organisation": org, "role": role }))
            .collect::<Vec<_>>(),
    })))
}
