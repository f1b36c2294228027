//! `/api/v1/notes`: the notes the caller may see, one note, and writing a note with an API
//! token. Visibility is applied by the store exactly as for the pages.

use super::json_body::read;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{NoteSearch, NOTES_PAGE_SIZE};
use crate::error::ApiError;
use crate::pages::notes::{filter_from, offset, read_note};
use crate::params::ApiParams;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::access::{may_share_with, Visibility};
use convene_domain::note::{Note, NoteDraft, MAX_BODY_LENGTH, MAX_TITLE_LENGTH};
use convene_domain::party::OrgRef;
use serde::{Deserialize, Deserializer};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// Notes the caller may read.
///
/// Notes visible to the caller, newest first, a page at a time: public notes without a
/// token; with a token also notes for signed-in members, notes shared with the caller's
/// organisations, and the caller's own.
#[utoipa::path(
    get,
    path = "/api/v1/notes",
    operation_id = "list_notes",
    tag = "Notes and people",
    params(NoteSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The notes.", body = Vec<Note>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<Note>>, WebError> {
    let (filter, page) = filter_from(&params, &context)?;
    let per_page = params.per_page(NOTES_PAGE_SIZE)? as usize;
    Ok(Json(
        state
            .store()
            .notes(
                &context.actor.read_scope(),
                &filter,
                per_page,
                offset(page, per_page),
            )
            .await?,
    ))
}

/// One note.
///
/// A note, if the caller may read it (public notes need no token). A confidential note that
/// the caller may not read is answered exactly like one that does not exist. Each read of a
/// confidential note is written to the audit log.
#[utoipa::path(
    get,
    path = "/api/v1/notes/{id}",
    operation_id = "note",
    tag = "Notes and people",
    params(("id" = i64, Path, description = "The note's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The note.", body = Note),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn detail(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Note>, WebError> {
    Ok(Json(read_note(&state, &context, &id).await?))
}

/// A note to write.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewNote {
    /// Title (up to 200 characters, not all spaces).
    #[schema(max_length = 200, pattern = "\\S")]
    title: String,
    /// Text (up to 20,000 characters, not all spaces).
    #[schema(max_length = 20000, pattern = "\\S")]
    body: String,
    /// The organisation it is about; leave it out for a note about none (`null` is refused).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<OrgRef>, nullable = false)]
    about: Option<String>,
    /// Who may read it.
    visibility: NewVisibility,
    /// For `organisations`: the organisations it is shared with, including at least one
    /// the author acts for.
    #[serde(default)]
    #[schema(value_type = Vec<OrgRef>)]
    shared_with: Vec<String>,
}

/// Who may read a new note: `public` anyone; `members` anyone signed in; `organisations`
/// members of the organisations in `shared_with`, and the author; `private` the author alone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NewVisibility {
    /// Anyone.
    Public,
    /// Anyone signed in.
    Members,
    /// The named organisations.
    Organisations,
    /// The author alone.
    Private,
}

impl NewVisibility {
    fn key(&self) -> &'static str {
        match self {
            NewVisibility::Public => "public",
            NewVisibility::Members => "members",
            NewVisibility::Organisations => "organisations",
            NewVisibility::Private => "private",
        }
    }
}

/// Reads a field that may be left out but, when given, must not be `null`.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(value) => Ok(Some(value)),
        None => Err(serde::de::Error::custom(
            "about must not be null: leave it out, or use trust-<Group UID>, school-<URN> or partner-<number>",
        )),
    }
}

/// Write a note.
///
/// Creates a note as the token's owner, whose email address must be confirmed. A note
/// shared with named organisations must name at least one the owner acts for.
#[utoipa::path(
    post,
    path = "/api/v1/notes",
    operation_id = "write_note",
    tag = "Notes and people",
    request_body = NewNote,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The note as stored.", body = Note),
        (status = 400, description = "The note is not valid; the message says why.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The owner's email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    body: Result<Json<serde_json::Value>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Note>), WebError> {
    let new: NewNote = read("note", body)?;
    let viewer = context.viewer()?;
    for (field, text, most) in [
        ("title", &new.title, MAX_TITLE_LENGTH),
        ("body", &new.body, MAX_BODY_LENGTH),
    ] {
        if text.chars().count() > most {
            return Err(WebError::BadRequest(format!(
                "{field} must be {most} characters or fewer"
            )));
        }
    }
    let parse =
        |key: &str| OrgRef::parse(key).ok_or_else(|| WebError::BadRequest(OrgRef::unreadable(key)));
    let about = new.about.as_deref().map(parse).transpose()?;
    let shared: BTreeSet<OrgRef> = new
        .shared_with
        .iter()
        .map(|k| parse(k))
        .collect::<Result<_, _>>()?;
    let draft = NoteDraft::from_form(&new.title, &new.body, about, new.visibility.key(), shared)
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
        .ok_or_else(|| WebError::internal("a new note could not be read back"))?;
    Ok((StatusCode::CREATED, Json(note)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_may_be_left_out_but_not_null() {
        let left_out: NewNote =
            serde_json::from_str(r#"{"title":"t","body":"b","visibility":"public"}"#).unwrap();
        assert_eq!(left_out.about, None);
        let error = serde_json::from_str::<NewNote>(
            r#"{"title":"t","body":"b","visibility":"public","about":null}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("trust-<Group UID>"), "{error}");
    }

    #[test]
    fn visibility_is_one_of_the_documented_levels() {
        let error =
            serde_json::from_str::<NewNote>(r#"{"title":"t","body":"b","visibility":"secret"}"#)
                .unwrap_err()
                .to_string();
        assert!(error.contains("organisations"), "{error}");
    }
}
