//! `/api/v1/notes`: the notes the caller may see, one note, and writing a note with an API
//! token. Visibility is applied by the store exactly as for the pages.

use crate::access::RequestContext;
use crate::pages::notes::{filter_from, read_note};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::access::{may_share_with, Visibility};
use convene_domain::note::{Note, NoteDraft};
use convene_domain::party::OrgRef;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};

/// Notes per API page.
const PER_PAGE: usize = 100;

/// `GET /api/v1/notes`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Vec<Note>>, WebError> {
    let (filter, page) = filter_from(&query, &context)?;
    Ok(Json(
        state
            .store()
            .notes(
                &context.actor.read_scope(),
                &filter,
                PER_PAGE,
                (page - 1) * PER_PAGE,
            )
            .await?,
    ))
}

/// `GET /api/v1/notes/{id}`.
pub(crate) async fn detail(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Note>, WebError> {
    Ok(Json(read_note(&state, &context, &id).await?))
}

/// The body of `POST /api/v1/notes`.
#[derive(Debug, Deserialize)]
pub(crate) struct NewNote {
    title: String,
    body: String,
    #[serde(default)]
    about: Option<String>,
    visibility: String,
    #[serde(default)]
    shared_with: Vec<String>,
}

/// `POST /api/v1/notes`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    body: Result<Json<NewNote>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Note>), WebError> {
    let Json(new) = body.map_err(|e| {
        WebError::BadRequest(format!("The note could not be read: {}", e.body_text()))
    })?;
    let viewer = context.viewer()?;
    let parse = |key: &str| {
        OrgRef::parse(key)
            .ok_or_else(|| WebError::BadRequest(format!("{key} is not an organisation")))
    };
    let about = new.about.as_deref().map(parse).transpose()?;
    let shared: BTreeSet<OrgRef> = new
        .shared_with
        .iter()
        .map(|k| parse(k))
        .collect::<Result<_, _>>()?;
    let draft = NoteDraft::from_form(&new.title, &new.body, about, &new.visibility, shared)
        .map_err(|errors| {
            WebError::BadRequest(
                errors
                    .into_iter()
                    .map(|(field, message)| format!("{field}: {message}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
    if let Visibility::Organisations(orgs) = &draft.visibility {
        if !may_share_with(&context.actor, orgs) {
            return Err(WebError::BadRequest(
                "shared_with must include at least one organisation you belong to".into(),
            ));
        }
    }
    let id = state.store().create_note(viewer.id, &draft).await?;
    let note = state
        .store()
        .note(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(|| WebError::Internal("a new note could not be read back".into()))?;
    Ok((StatusCode::CREATED, Json(note)))
}
