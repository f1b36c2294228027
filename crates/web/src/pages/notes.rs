//! Notes pages. Which notes a person sees is decided by the store's visibility rule (the
//! SQL form of the domain policy), so lists, search, the single note and the CSV all show
//! exactly what the person is entitled to, and nothing else.

use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::form_fields::FormFields;
use crate::format::timestamp;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_domain::access::{may_change, may_share_with, Visibility};
use convene_domain::note::{Note, NoteDraft, NoteId};
use convene_domain::party::OrgRef;
use convene_store::{NoteFilter, MAX_NOTES};
use maud::html;
use std::collections::{BTreeSet, HashMap};

/// Notes per page.
const PER_PAGE: usize = 50;

/// Reads `q`, `about`, `mine` and `page` from a query string, with the one paging rule
/// of every list ([`Params::page`]).
pub(crate) fn filter_from(
    params: &Params,
    context: &RequestContext,
) -> Result<(NoteFilter, u32), WebError> {
    let about = params
        .get("about")
        .map(|key| {
            OrgRef::parse(key).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "\"{key}\" is not an organisation: use trust-<Group UID>, school-<URN> or partner-<number>."
                ))
            })
        })
        .transpose()?;
    let author = match params.get("mine") {
        None => None,
        Some(yes) if MINE.contains(&yes) => context.actor.viewer().map(|v| v.id),
        Some(other) => {
            return Err(WebError::BadRequest(format!(
                "\"{other}\" is not a valid value for mine: use {}, or leave it out.",
                MINE.join(" or ")
            )))
        }
    };
    Ok((
        NoteFilter {
            text: params.search_text()?,
            about,
            author,
        },
        params.page()?,
    ))
}

/// The values of `mine` that ask for only the caller's own notes.
pub(crate) const MINE: [&str; 2] = ["1", "true"];

/// How many notes come before page `page` of `per_page`.
pub(crate) fn offset(page: u32, per_page: usize) -> usize {
    (page.max(1) as usize - 1) * per_page
}

/// Reads one note for the actor, recording the read when the note is confidential.
pub(crate) async fn read_note(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Note, WebError> {
    let not_found = || WebError::NotFound("There is no such note, or you cannot see it.".into());
    let id = NoteId(id.parse().map_err(|_| not_found())?);
    let note = state
        .store()
        .note(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)?;
    if let (true, Some(viewer)) = (note.visibility.is_confidential(), context.actor.viewer()) {
        state
            .store()
            .record_confidential_read(viewer.id, &note, context.address())
            .await?;
    }
    Ok(note)
}

/// `GET /notes`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (filter, page) = filter_from(&params, &context)?;
    let notes = state
        .store()
        .notes(
            &context.actor.read_scope(),
            &filter,
            PER_PAGE + 1,
            offset(page, PER_PAGE),
        )
        .await?;
    let more = notes.len() > PER_PAGE;
    let about_name = match filter.about {
        Some(org) => state.store().organisation_name(org).await?,
        None => None,
    };
    let csv_href = format!("/notes.csv?{}", query_string(&filter));
    let content = html! {
        h1 class="govuk-heading-l" {
            @if let Some(name) = &about_name { "Notes about " (name) } @else { "Notes" }
        }
        @if context.actor.viewer().is_some() {
            p class="govuk-body" { a class="govuk-button govuk-button--secondary" href=(match filter.about { Some(org) => format!("/notes/new?about={}", org.key()), None => "/notes/new".into() }) { "Write a note" } }
        } @else {
            p class="govuk-body" { "You are seeing public notes. " a class="govuk-link" href="/sign-in?next=/notes" { "Sign in" } " to see notes shared with you." }
        }
        form method="get" action="/notes" {
            @if let Some(org) = filter.about { input type="hidden" name="about" value=(org.key()); }
            @if filter.author.is_some() { input type="hidden" name="mine" value="1"; }
            (Input::text("q", "Search notes", &filter.text).kind("search", "off").render(&Vec::new()))
            (forms::button("Search"))
        }
        @if notes.is_empty() { p class="govuk-body" { "No notes found." } }
        @for note in notes.iter().take(PER_PAGE) {
            div class="govuk-summary-card" {
                div class="govuk-summary-card__title-wrapper" {
                    h2 class="govuk-summary-card__title" { a class="govuk-link" href=(format!("/notes/{}", note.id.0)) { (note.title) } }
                }
                div class="govuk-summary-card__content" {
                    p class="govuk-body-s" {
                        (note.author_name) ", " (timestamp(&note.created_at))
                        @if let Some(about) = &note.about { " · about " (about.name) }
                    }
                    p class="govuk-body-s" { strong class="govuk-tag govuk-tag--grey" { (note.visibility.level_key()) } " " (note.visibility.describe()) }
                }
            }
        }
        nav class="govuk-pagination" aria-label="Pagination" {
            @if page > 1 { div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href=(format!("/notes?{}&page={}", query_string(&filter), page - 1)) { "Previous page" } } }
            @if more { div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href=(format!("/notes?{}&page={}", query_string(&filter), page + 1)) { "Next page" } } }
        }
        p class="govuk-body" { a class="govuk-link" href=(csv_href) { "Download these notes (CSV)" } }
    };
    Ok(respond(&state, StatusCode::OK, "Notes", &[("/", "Home")], content).await)
}

fn query_string(filter: &NoteFilter) -> String {
    let mut pairs = Vec::new();
    if !filter.text.is_empty() {
        pairs.push(format!("q={}", crate::params::encode(&filter.text)));
    }
    if let Some(org) = filter.about {
        pairs.push(format!("about={}", org.key()));
    }
    if filter.author.is_some() {
        pairs.push("mine=1".into());
    }
    pairs.join("&")
}

/// `GET /notes.csv`: every note the person may see that matches, as CSV.
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (filter, _) = filter_from(&params, &context)?;
    let scope = context.actor.read_scope();
    let mut table = CsvTable::new([
        "id",
        "title",
        "author",
        "about",
        "visibility",
        "shared_with",
        "created_at",
        "body",
    ])?;
    let mut offset = 0;
    loop {
        let page = state
            .store()
            .notes(&scope, &filter, MAX_NOTES, offset)
            .await?;
        for note in &page {
            table.row([
                note.id.0.to_string(),
                note.title.clone(),
                note.author_name.clone(),
                note.about.as_ref().map(|a| a.org.key()).unwrap_or_default(),
                note.visibility.level_key().to_string(),
                note.shared_with
                    .iter()
                    .map(|o| o.org.key())
                    .collect::<Vec<_>>()
                    .join(" "),
                note.created_at.clone(),
                note.body.clone(),
            ])?;
        }
        offset += page.len();
        if page.len() < MAX_NOTES {
            break;
        }
    }
    let body = table.finish()?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"notes.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

/// `GET /notes/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut fields = vec![("visibility".to_string(), "organisations".to_string())];
    if let Some(about) = query.get("about") {
        fields.push(("about".into(), about.clone()));
    }
    form_page(&state, &context, &fields, &Vec::new(), None).await
}

/// `POST /notes`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    match draft_from_form(&state, &context, &form).await? {
        Ok(draft) => {
            let id = state.store().create_note(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!("/notes/{}", id.0)))
        }
        Err(errors) => form_page(&state, &context, &form.pairs(), &errors, None).await,
    }
}

/// `GET /notes/{id}/edit`: the author's form, filled in.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let note = authors_note(&state, &context, &id).await?;
    let own: Vec<OrgRef> = context.viewer()?.organisations.keys().copied().collect();
    let mut fields = vec![
        ("title".to_string(), note.title.clone()),
        ("body".to_string(), note.body.clone()),
        (
            "visibility".to_string(),
            note.visibility.level_key().to_string(),
        ),
    ];
    if let Some(about) = &note.about {
        fields.push(("about".into(), about.org.key()));
    }
    let others: Vec<String> = note
        .shared_with
        .iter()
        .filter(|o| !own.contains(&o.org))
        .map(|o| o.org.key())
        .collect();
    for org in note.shared_with.iter().filter(|o| own.contains(&o.org)) {
        fields.push(("share".into(), org.org.key()));
    }
    if note.shared_with.iter().all(|o| !own.contains(&o.org)) {
        // An empty choice, so the form does not tick the author's organisations by default
        // as it does for a new note.
        fields.push(("share".into(), String::new()));
    }
    fields.push(("share_other".into(), others.join(", ")));
    form_page(&state, &context, &fields, &Vec::new(), Some(note.id)).await
}

/// `POST /notes/{id}/edit`.
pub(crate) async fn edit(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let note = authors_note(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    match draft_from_form(&state, &context, &form).await? {
        Ok(draft) => {
            state
                .store()
                .update_note(viewer.id, note.id, &draft)
                .await?;
            Ok(crate::redirect::see_other(&format!("/notes/{}", note.id.0)))
        }
        Err(errors) => form_page(&state, &context, &form.pairs(), &errors, Some(note.id)).await,
    }
}

/// A note the person may read and, being its author, change; otherwise "not found" (cannot
/// see it) or "forbidden" (can see it, did not write it).
async fn authors_note(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Note, WebError> {
    let note = read_note(state, context, id).await?;
    if may_change(&context.actor, note.author) {
        Ok(note)
    } else {
        Err(WebError::Forbidden(
            "Only the author can change a note.".into(),
        ))
    }
}

async fn draft_from_form(
    state: &AppState,
    context: &RequestContext,
    form: &FormFields,
) -> Result<Result<NoteDraft, FieldErrors>, WebError> {
    let mut errors: FieldErrors = Vec::new();
    let about = match form.get("about").trim() {
        "" => None,
        key => match OrgRef::parse(key) {
            Some(org) if state.store().organisation_name(org).await?.is_some() => Some(org),
            _ => {
                errors.push((
                    "about",
                    "The organisation this note is about does not exist".into(),
                ));
                None
            }
        },
    };
    let mut shared: BTreeSet<OrgRef> = BTreeSet::new();
    for key in form
        .all("share")
        .into_iter()
        .chain(form.get("share_other").split([',', ' ', '\n']))
    {
        let key = key.trim();
        if key.is_empty() {
            continue;
        }
        match OrgRef::parse(key) {
            Some(org) if state.store().organisation_name(org).await?.is_some() => {
                shared.insert(org);
            }
            _ => errors.push((
                "share_other",
                format!("{key} is not an organisation on Convene"),
            )),
        }
    }
    let draft = NoteDraft::from_form(
        form.get("title"),
        form.get("body"),
        about,
        form.get("visibility"),
        shared,
    );
    let draft = match draft {
        Ok(draft) => {
            if let Visibility::Organisations(orgs) = &draft.visibility {
                if !may_share_with(&context.actor, orgs) {
                    errors.push((
                        "visibility",
                        "Include at least one organisation you belong to, so your own organisation can see the note too".into(),
                    ));
                }
            }
            if !errors.is_empty() {
                return Ok(Err(errors));
            }
            draft
        }
        Err(mut problems) => {
            problems.append(&mut errors);
            return Ok(Err(problems));
        }
    };
    Ok(Ok(draft))
}

/// `GET /notes/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let note = read_note(&state, &context, &id).await?;
    let content = html! {
        span class="govuk-caption-l" { "Note" }
        h1 class="govuk-heading-l" { (note.title) }
        div class="govuk-inset-text" {
            strong { (note.visibility.describe()) }
            @if !note.shared_with.is_empty() {
                ": " @for (i, org) in note.shared_with.iter().enumerate() {
                    @if i > 0 { ", " }
                    a class="govuk-link" href=(format!("/organisations/{}", org.org.key())) { (org.name) }
                }
            }
            @if note.visibility.is_confidential() { br; "Each time someone reads it, it is recorded in the audit log." }
        }
        p class="govuk-body-s" {
            "Written by " (note.author_name) " on " (timestamp(&note.created_at))
            @if let Some(about) = &note.about {
                " about " a class="govuk-link" href=(format!("/organisations/{}", about.org.key())) { (about.name) }
            }
        }
        @for paragraph in note.body.split("\n\n") {
            p class="govuk-body convene-pre-wrap" { (paragraph) }
        }
        @if may_change(&context.actor, note.author) {
            p class="govuk-body" { a class="govuk-link" href=(format!("/notes/{}/edit", note.id.0)) { "Change this note" } }
            (forms::action_button(&format!("/notes/{}/delete", note.id.0), "Delete note", "govuk-button--warning", &context.csrf_token))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &note.title,
        &[("/", "Home"), ("/notes", "Notes")],
        content,
    )
    .await)
}

/// `POST /notes/{id}/delete`: only the author may.
pub(crate) async fn delete(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let note = read_note(&state, &context, &id).await?;
    let viewer = context
        .actor
        .viewer()
        .filter(|_| may_change(&context.actor, note.author));
    let Some(viewer) = viewer else {
        return Err(WebError::Forbidden(
            "Only the author can delete a note.".into(),
        ));
    };
    state.store().delete_note(viewer.id, note.id).await?;
    Ok(crate::redirect::see_other("/notes?mine=1"))
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
    editing: Option<NoteId>,
) -> Result<Response, WebError> {
    let (heading, action) = match editing {
        Some(id) => ("Change the note", format!("/notes/{}/edit", id.0)),
        None => ("Write a note", "/notes".to_string()),
    };
    let get = |name: &str| forms::value_of(fields, name);
    let ticked: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "share")
        .map(|(_, v)| v.as_str())
        .collect();
    let viewer = context.viewer()?;
    let mut own = Vec::new();
    for org in viewer.organisations.keys() {
        let name = state
            .store()
            .organisation_name(*org)
            .await?
            .unwrap_or_else(|| org.key());
        own.push((
            org.key(),
            name,
            ticked.contains(&org.key().as_str()) || (ticked.is_empty() && errors.is_empty()),
        ));
    }
    let about = match OrgRef::parse(get("about")) {
        Some(org) => state
            .store()
            .organisation_name(org)
            .await?
            .map(|name| (org, name)),
        None => None,
    };
    let levels: Vec<(String, String, bool)> = [
        ("organisations", "Named organisations only (confidential)"),
        ("private", "Only me (private)"),
        ("members", "Anyone signed in to Convene"),
        ("public", "Everyone, including the public"),
    ]
    .iter()
    .map(|(key, label)| {
        (
            key.to_string(),
            label.to_string(),
            get("visibility") == *key,
        )
    })
    .collect();
    let status = forms::status_for(errors);
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { (heading) }
            form method="post" action=(action) novalidate {
                (forms::csrf_field(&context.csrf_token))
                @if let Some((org, name)) = &about {
                    input type="hidden" name="about" value=(org.key());
                    p class="govuk-body" { "About " strong { (name) } }
                }
                (Input::text("title", "Title", get("title")).render(errors))
                (forms::textarea("body", "Note", get("body"), None, errors))
                (forms::choices(ChoiceKind::Radios, "visibility", "Who can see this note?", None, &levels, errors))
                @if !own.is_empty() {
                    (forms::choices(ChoiceKind::Checkboxes, "share", "Share with your organisations", Some("For notes shared with named organisations"), &own, errors))
                }
                (Input::text("share_other", "Other organisations to share with", get("share_other"))
                    .hint("For example a partner trust: trust-<Group UID>, school-<URN> or partner-<number>, separated by commas")
                    .render(errors))
                (forms::button("Save note"))
            }
        } }
    };
    Ok(respond(
        state,
        status,
        heading,
        &[("/", "Home"), ("/notes", "Notes")],
        content,
    )
    .await)
}
