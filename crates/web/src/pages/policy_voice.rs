//! A voice in policy, as pages: the calls for input, opening one, a call's page (its
//! questions, the response form while it is open, the responses the reader may read, and
//! for a group the choice of people), whose voices were heard (tables, bars and the gaps
//! in words, with the convener's reminder list of under-heard groups to invite), the
//! responses as CSV for the convener (anonymity kept), and the collective submission.

use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{self, Column};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::today;
use crate::policy_voice::{found_call, heard, hearing, readable_responses, respondents};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::access::Viewer;
use convene_domain::party::OrgRef;
use convene_domain::place::Region;
use convene_domain::policy_voice::representation::{Dimension, Kind, Representation};
use convene_domain::policy_voice::submission::{
    QuoteForm, Submission, SubmissionDraft, SubmissionForm,
};
use convene_domain::policy_voice::{
    Call, CallDraft, CallForm, CallKind, ResponseDraft, ResponseForm, ResponseVisibility,
};
use maud::{html, Markup};
use std::collections::BTreeSet;

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/calls", "Calls for input")];

/// How many blank questions the form offers.
const QUESTION_ROWS: usize = 6;
/// How many quote rows the submission form offers.
const QUOTE_ROWS: usize = 8;
/// How many organisations each gap's reminder list names.
const REMINDER_LIMIT: usize = 10;

/// `GET /calls`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let today = today();
    let calls = state.store().calls(today).await?;
    let (open, closed): (Vec<&Call>, Vec<&Call>) = calls.iter().partition(|c| c.is_open(today));
    let content = html! {
        h1 class="govuk-heading-l" { "Calls for input" }
        p class="govuk-body" { "Consultations, calls for evidence, expert groups and roundtables opened by networks, associations and regional groups. Each says how the responses will be used and who may read them, and shows whose voices were heard: the organisations that responded against all of England's." }
        @if context.actor.viewer().is_some() {
            p class="govuk-body" { a class="govuk-button" href="/calls/new" { "Open a call for input" } }
        }
        h2 class="govuk-heading-m" { "Open" }
        @if open.is_empty() { p class="govuk-body" { "No call is open." } }
        @for c in &open { (card(c, today)) }
        h2 class="govuk-heading-m" { "Closed" }
        @if closed.is_empty() { p class="govuk-body" { "No call has closed yet." } }
        @for c in &closed { (card(c, today)) }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Calls for input",
        &CRUMBS[..1],
        content,
    )
    .await)
}

fn card(c: &Call, today: convene_domain::Date) -> Markup {
    html! {
        div class="govuk-summary-card" {
            div class="govuk-summary-card__title-wrapper" {
                h3 class="govuk-summary-card__title" { a class="govuk-link" href=(format!("/calls/{}", c.id.0)) { (c.draft.title) } }
                strong class=(if c.is_open(today) { "govuk-tag govuk-tag--green" } else { "govuk-tag govuk-tag--grey" }) { (if c.is_open(today) { "Open" } else { "Closed" }) }
            }
            div class="govuk-summary-card__content" {
                p class="govuk-body-s" { (c.draft.kind.label()) " by " (c.convener_name) " · closes " (c.draft.closes_on.long()) " · " (area(c)) }
            }
        }
    }
}

fn area(c: &Call) -> String {
    if c.draft.regions.is_empty() {
        "all of England".into()
    } else {
        c.draft
            .regions
            .iter()
            .map(|r| r.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `GET /calls/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    context.viewer()?;
    let form = CallForm {
        kind: "consultation".into(),
        visibility: "attributed-inside".into(),
        ..CallForm::default()
    };
    form_page(&state, &context, &form, &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    form: &CallForm,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let orgs = organisation_choices(state, context, &form.convener).await?;
    let kinds: Vec<(String, String, bool)> = CallKind::ALL
        .iter()
        .map(|k| {
            (
                k.key().to_string(),
                k.label().to_string(),
                form.kind == k.key(),
            )
        })
        .collect();
    let levels: Vec<(String, String, bool)> = ResponseVisibility::ALL
        .iter()
        .map(|v| {
            (
                v.key().to_string(),
                v.describe().to_string(),
                form.visibility == v.key(),
            )
        })
        .collect();
    let regions: Vec<(String, String, bool)> = Region::ALL
        .iter()
        .map(|r| {
            (
                r.slug().to_string(),
                r.name().to_string(),
                form.regions.iter().any(|s| s == r.slug()),
            )
        })
        .collect();
    let rows = form.questions.len().clamp(
        QUESTION_ROWS,
        convene_domain::policy_voice::call::MAX_QUESTIONS,
    );
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Open a call for input" }
            @if orgs.is_empty() {
                p class="govuk-body" { "A call is convened by an organisation, and you do not act for one yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/calls" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "convener", "Which organisation is convening it?", None, &orgs, errors))
                    (forms::choices(ChoiceKind::Radios, "kind", "What kind of call?", None, &kinds, errors))
                    (Input::text("title", "Title", &form.title).render(errors))
                    (forms::textarea("description", "What it is about", &form.description, None, errors))
                    (forms::textarea("how_used", "How the responses will be used", &form.how_used, Some("Who will read them, what you will do with them, and whether you will publish a submission"), errors))
                    fieldset class="govuk-fieldset" id="questions" {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--m" { h2 class="govuk-fieldset__heading" { "Questions" } }
                        div class="govuk-hint" { "For an expert group or roundtable: what you want to know about each person put forward. Leave the rest blank." }
                        @if let Some(error) = forms::error_for(errors, "questions") {
                            p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) }
                        }
                        @for n in 1..=rows {
                            (Input::text(&format!("question_{n}"), &format!("Question {n}"), form.questions.get(n - 1).map_or("", String::as_str)).render(&Vec::new()))
                        }
                    }
                    (Input::text("closes_on", "Closing date", &form.closes_on).hint("The last day to respond, for example 2027-01-31").render(errors))
                    (forms::choices(ChoiceKind::Radios, "visibility", "Who may read the responses?", None, &levels, errors))
                    (forms::choices(ChoiceKind::Checkboxes, "regions", "Whose voices it wants", Some("Leave every region unticked for all of England: the responses are compared with the schools and trusts of the area chosen"), &regions, errors))
                    (forms::button("Open the call"))
                }
            }
        }}
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Open a call for input",
        &CRUMBS,
        content,
    )
    .await)
}

fn posted_call(fields: &FormFields) -> CallForm {
    CallForm {
        convener: fields.get("convener").to_string(),
        kind: fields.get("kind").to_string(),
        title: fields.get("title").to_string(),
        description: fields.get("description").to_string(),
        how_used: fields.get("how_used").to_string(),
        questions: (1..=convene_domain::policy_voice::call::MAX_QUESTIONS)
            .map(|n| fields.get(&format!("question_{n}")).to_string())
            .filter(|q| !q.trim().is_empty())
            .collect(),
        closes_on: fields.get("closes_on").to_string(),
        visibility: fields.get("visibility").to_string(),
        regions: fields
            .all("regions")
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// Checks a posted or sent call whole, the convener one the writer acts for.
pub(crate) fn checked_call(
    context: &RequestContext,
    form: &CallForm,
) -> Result<Result<CallDraft, FieldErrors>, WebError> {
    let viewer = context.viewer()?;
    Ok(must_act_for(
        viewer,
        "convener",
        &form.convener,
        CallDraft::check(form, today()),
    ))
}

/// `POST /calls`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let form = posted_call(&fields);
    let errors = match checked_call(&context, &form)? {
        Ok(draft) => match state.store().create_call(viewer, &draft, today()).await {
            Ok(id) => return Ok(crate::redirect::see_other(&format!("/calls/{}", id.0))),
            Err(e) => forms::refused(e, "title")?,
        },
        Err(problems) => problems,
    };
    form_page(&state, &context, &form, &errors).await
}

/// `GET /calls/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = found_call(&state, &id).await?;
    page(
        &state,
        &context,
        &call,
        &ResponseForm::default(),
        &Vec::new(),
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    call: &Call,
    form: &ResponseForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let today = today();
    let viewer = context.actor.viewer();
    let convener = call.is_convener(viewer);
    let respondents: BTreeSet<OrgRef> = respondents(state, call).await?;
    let mut can_respond_for = Vec::new();
    if let Some(v) = viewer {
        for org in v.organisations.keys().filter(|o| !respondents.contains(o)) {
            let name = state
                .store()
                .organisation_name(*org)
                .await?
                .unwrap_or_else(|| org.key());
            can_respond_for.push((org.key(), name, form.org == org.key()));
        }
        if form.org.is_empty() {
            if let Some(first) = can_respond_for.first_mut() {
                first.2 = true;
            }
        }
    }
    let responses = readable_responses(state, context, call).await?;
    let (all, named) = call.reads_responses(viewer);
    let base = format!("/calls/{}", call.id.0);
    let group = call.draft.kind.seats_people();
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { (call.draft.kind.label()) " by " (call.convener_name) }
        h1 class="govuk-heading-l" { (call.draft.title) }
        (components::summary_list(&[
            ("Status", components::text(if call.is_open(today) { format!("Open until {}", call.draft.closes_on.long()) } else { format!("Closed ({})", call.closed_on.unwrap_or(call.draft.closes_on).long()) })),
            ("Whose voices it wants", components::text(area(call))),
            ("Who may read the responses", components::text(call.draft.visibility.describe())),
            ("Responses so far", components::text(respondents.len().to_string())),
        ]))
        h2 class="govuk-heading-m" { "What it is about" }
        @for p in call.draft.description.split("\n\n") { p class="govuk-body" { (p) } }
        h2 class="govuk-heading-m" { "How the responses will be used" }
        @for p in call.draft.how_used.split("\n\n") { p class="govuk-body" { (p) } }
        h2 class="govuk-heading-m" { (if group { "What to say about each person" } else { "The questions" }) }
        ol class="govuk-list govuk-list--number" { @for q in &call.draft.questions { li { (q) } } }
        p class="govuk-body" {
            a class="govuk-link" href=(format!("{base}/representation")) { "Whose voices were heard" }
            " · "
            a class="govuk-link" href=(format!("{base}/submission")) { "The collective submission" }
        }
        @if call.is_open(today) {
            @if viewer.is_none() {
                p class="govuk-body" { a class="govuk-link" href=(format!("/sign-in?next={base}")) { "Sign in" } " to respond for your organisation." }
            } @else if can_respond_for.is_empty() {
                p class="govuk-body" { "Every organisation you act for has responded, or you act for none yet." }
            } @else {
                h2 class="govuk-heading-m" id="respond" { "Respond" }
                form method="post" action=(format!("{base}/responses")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "org", "Which organisation are you responding for?", Some("An organisation responds once"), &can_respond_for, errors))
                    @if group {
                        (Input::text("nominee_name", "The person you are putting forward (yourself or someone else)", &form.nominee_name).render(errors))
                        (Input::text("nominee_role", "Their role", &form.nominee_role).render(errors))
                        (forms::textarea("statement", "Why them", &form.statement, None, errors))
                    }
                    @for (n, q) in call.draft.questions.iter().enumerate() {
                        (forms::textarea_with_id(&format!("answer-{}", n + 1), "answers", q, form.answers.get(n).map_or("", String::as_str), None, &Vec::new()))
                    }
                    @if let Some(error) = forms::error_for(errors, "answers") {
                        p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) }
                    }
                    (forms::textarea("comments", "Anything else (optional)", &form.comments, None, errors))
                    @if call.draft.visibility == ResponseVisibility::Anonymous {
                        div class="govuk-inset-text" { "This call is anonymous: Convene records that your organisation responded, never which response is yours. You will not be able to see or change it after sending." }
                    }
                    (forms::button("Send the response"))
                }
            }
        }
        @if convener && call.is_open(today) {
            (forms::action_button(&format!("{base}/close"), "Close the call now", "govuk-button--warning", &context.csrf_token))
        }
        h2 class="govuk-heading-m" id="responses" { "Responses" }
        @if !all {
            p class="govuk-body" { (call.draft.visibility.describe()) "." @if !responses.is_empty() { " Your organisation's own:" } }
        } @else if !named {
            p class="govuk-body" { "Anonymous: who gave each response is not shown to anyone. " @if convener { a class="govuk-link" href=(format!("{base}/responses.csv")) { "Download them as CSV" } } }
        } @else if convener {
            p class="govuk-body" { a class="govuk-link" href=(format!("{base}/responses.csv")) { "Download the responses as CSV" } }
        }
        @for r in &responses {
            div class="govuk-summary-card" {
                div class="govuk-summary-card__title-wrapper" {
                    h3 class="govuk-summary-card__title" {
                        (r.org.as_ref().map_or("An organisation (anonymous)".to_string(), |o| o.name.clone()))
                        " · reference " (r.reference)
                    }
                    @if r.chosen { strong class="govuk-tag govuk-tag--green" { "Chosen" } }
                }
                div class="govuk-summary-card__content" {
                    @if let Some(n) = &r.nominee {
                        p class="govuk-body" { strong { (n.name) } ", " (n.role) }
                        p class="govuk-body" { (n.statement) }
                    }
                    dl class="govuk-summary-list" {
                        @for (q, a) in call.draft.questions.iter().zip(&r.answers) {
                            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { (q) } dd class="govuk-summary-list__value" { @if a.is_empty() { "No answer" } @else { (a) } } }
                        }
                        @if !r.comments.is_empty() {
                            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Anything else" } dd class="govuk-summary-list__value" { (r.comments) } }
                        }
                    }
                    @if group && convener {
                        @if let Some(id) = r.id {
                            form method="post" action=(format!("{base}/responses/{}/choose", id.0)) novalidate {
                                (forms::csrf_field(&context.csrf_token))
                                input type="hidden" name="chosen" value=(if r.chosen { "0" } else { "1" });
                                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { (if r.chosen { "Stop choosing them" } else { "Choose them" }) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(respond(state, status, &call.draft.title, &CRUMBS, content).await)
}

/// Call `id` and its convener reading it; anyone else is refused with `refusal`.
async fn convened<'c>(
    state: &AppState,
    context: &'c RequestContext,
    id: &str,
    refusal: &str,
) -> Result<(Call, &'c Viewer), WebError> {
    let call = found_call(state, id).await?;
    let viewer = context.viewer()?;
    if !call.is_convener(Some(viewer)) {
        return Err(WebError::Forbidden(refusal.into()));
    }
    Ok((call, viewer))
}

fn posted_response(fields: &FormFields) -> ResponseForm {
    ResponseForm {
        org: fields.get("org").to_string(),
        answers: fields
            .all("answers")
            .into_iter()
            .map(str::to_string)
            .collect(),
        comments: fields.get("comments").to_string(),
        nominee_name: fields.get("nominee_name").to_string(),
        nominee_role: fields.get("nominee_role").to_string(),
        statement: fields.get("statement").to_string(),
    }
}

/// Checks a posted or sent response to `call` whole, for an organisation the writer acts
/// for; a closed call is refused before anything else.
pub(crate) fn checked_response(
    context: &RequestContext,
    call: &Call,
    form: &ResponseForm,
) -> Result<Result<ResponseDraft, FieldErrors>, WebError> {
    let viewer = context.viewer()?;
    if !call.is_open(today()) {
        return Err(WebError::Conflict(
            "The call has closed: it takes no more responses.".into(),
        ));
    }
    Ok(must_act_for(
        viewer,
        "org",
        &form.org,
        ResponseDraft::check(form, call),
    ))
}

/// `POST /calls/{id}/responses`.
pub(crate) async fn respond_to(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let call = found_call(&state, &id).await?;
    let viewer = context.viewer()?;
    let form = posted_response(&fields);
    let errors = match checked_response(&context, &call, &form)? {
        Ok(draft) => match state
            .store()
            .respond_to_call(viewer, &call, &draft, today())
            .await
        {
            Ok(_) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/calls/{}#responses",
                    call.id.0
                )))
            }
            Err(e) => forms::refused(e, "org")?,
        },
        Err(problems) => problems,
    };
    page(
        &state,
        &context,
        &call,
        &form,
        &errors,
        forms::status_for(&errors),
    )
    .await
}

/// `POST /calls/{id}/close`.
pub(crate) async fn close(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, viewer) =
        convened(&state, &context, &id, "Only its convener can close a call.").await?;
    state.store().close_call(viewer, call.id, today()).await?;
    Ok(crate::redirect::see_other(&format!("/calls/{}", call.id.0)))
}

/// `POST /calls/{id}/responses/{response}/choose`: the convener chooses a person put
/// forward for a group, or stops choosing them.
pub(crate) async fn choose(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, response)): Path<(String, String)>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (call, viewer) = convened(
        &state,
        &context,
        &id,
        "Only its convener can choose people.",
    )
    .await?;
    let response = convene_domain::policy_voice::ResponseId(
        response
            .parse()
            .map_err(|_| WebError::NotFound("There is no such response.".into()))?,
    );
    state
        .store()
        .choose_for_group(viewer, &call, response, fields.get("chosen") == "1")
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/calls/{}#responses",
        call.id.0
    )))
}

/// `GET /calls/{id}/responses.csv`: every response for the convener, without who gave
/// each for an anonymous call.
pub(crate) async fn responses_csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, _) = convened(
        &state,
        &context,
        &id,
        "Only the call's convener can download every response.",
    )
    .await?;
    let responses = readable_responses(&state, &context, &call).await?;
    let anonymous = call.draft.visibility == ResponseVisibility::Anonymous;
    let mut header: Vec<String> = vec!["reference".into()];
    if !anonymous {
        header.extend(["organisation".into(), "organisation_name".into()]);
    }
    if call.draft.kind.seats_people() {
        header.extend([
            "nominee".into(),
            "role".into(),
            "statement".into(),
            "chosen".into(),
        ]);
    }
    header.extend((1..=call.draft.questions.len()).map(|n| format!("answer_{n}")));
    header.push("comments".into());
    let mut table = CsvTable::new(header)?;
    for r in &responses {
        let mut row = vec![r.reference.clone()];
        if !anonymous {
            row.push(r.org.as_ref().map(|o| o.org.key()).unwrap_or_default());
            row.push(r.org.as_ref().map(|o| o.name.clone()).unwrap_or_default());
        }
        if call.draft.kind.seats_people() {
            let n = r.nominee.as_ref();
            row.push(n.map(|n| n.name.clone()).unwrap_or_default());
            row.push(n.map(|n| n.role.clone()).unwrap_or_default());
            row.push(n.map(|n| n.statement.clone()).unwrap_or_default());
            row.push(if r.chosen { "yes" } else { "no" }.into());
        }
        row.extend(r.answers.iter().cloned());
        row.push(r.comments.clone());
        table.row(row)?;
    }
    Ok(attachment(
        &format!("call-{}-responses.csv", call.id.0),
        table.finish()?,
    ))
}

/// `GET /calls/{id}/representation`.
pub(crate) async fn representation(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = found_call(&state, &id).await?;
    let hearing = hearing(&state, &call).await?;
    let chosen = hearing.selection(&state, &call).await?;
    let heard = &hearing.heard;
    let convener = call.is_convener(context.actor.viewer());
    let reminders = if convener && call.is_open(today()) {
        let mut out = Vec::new();
        for gap in &heard.gaps {
            let mut named = Vec::new();
            for org in hearing.not_yet_heard(gap, REMINDER_LIMIT) {
                let name = state
                    .store()
                    .organisation_name(org)
                    .await?
                    .unwrap_or_else(|| org.key());
                named.push((org, name));
            }
            out.push((gap.text.clone(), named));
        }
        out
    } else {
        Vec::new()
    };
    let base = format!("/calls/{}", call.id.0);
    let content = html! {
        span class="govuk-caption-l" { (call.draft.title) }
        h1 class="govuk-heading-l" { "Whose voices were heard" }
        p class="govuk-body" { "The schools and trusts that responded, against all the open schools and academy trusts of " (area(&call)) ", from the published data (GIAS, the school census and Ofsted; the sources and their dates are at the foot of the page). Trusts and schools are counted apart. A figure not published for an organisation puts it in a group of its own." }
        (components::summary_list(&[
            ("Trusts", components::text(format!("{} of {} responded", heard.trusts.1, heard.trusts.0))),
            ("Schools", components::text(format!("{} of {} responded", heard.schools.1, heard.schools.0))),
            ("Others", components::text(format!("{} partners or organisations outside the area", heard.others))),
        ]))
        h2 class="govuk-heading-m" { "Gaps" }
        @if heard.gaps.is_empty() {
            p class="govuk-body" { "No group of three or more organisations is unheard or heard at under half its share." }
        } @else {
            ul class="govuk-list govuk-list--bullet" { @for g in &heard.gaps { li { (g.text) } } }
        }
        @if !reminders.is_empty() {
            h2 class="govuk-heading-m" { "Who to invite before the call closes" }
            p class="govuk-body" { "Organisations in each gap that have not responded (up to " (REMINDER_LIMIT) " each). Inviting them sends a notice to their administrators on Convene." }
            @for (i, (gap, named)) in reminders.iter().enumerate() {
                @if !named.is_empty() {
                    h3 class="govuk-heading-s" { (gap) }
                    ul class="govuk-list" { @for (org, name) in named { li { a class="govuk-link" href=(org.page_path()) { (name) } } } }
                    form method="post" action=(format!("{base}/invitations")) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        input type="hidden" name="gap" value=(i);
                        button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Invite them" }
                    }
                }
            }
        }
        (figures(heard, "responded", "All"))
        @if let Some(chosen) = &chosen {
            h2 class="govuk-heading-l" id="selection" { "Who was chosen, against who was put forward" }
            p class="govuk-body" { "The organisations whose person was chosen for the group, against every organisation that put someone forward." }
            (components::summary_list(&[
                ("Trusts", components::text(format!("{} chosen of {} that put someone forward", chosen.trusts.1, chosen.trusts.0))),
                ("Schools", components::text(format!("{} chosen of {} that put someone forward", chosen.schools.1, chosen.schools.0))),
            ]))
            @if !chosen.gaps.is_empty() {
                ul class="govuk-list govuk-list--bullet" { @for g in &chosen.gaps { li { (g.text.replace("No response from", "No one chosen from").replace("Few responses from", "Few chosen from")) } } }
            }
            (figures(chosen, "chosen", "Put forward"))
        }
        p class="govuk-body" { a class="govuk-link" href=(base) { "Back to the call" } }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Whose voices were heard",
        &CRUMBS,
        content,
    )
    .await)
}

/// Each dimension as a table with a bar for the population's share and the respondents'.
fn figures(r: &Representation, heard: &str, whole: &str) -> Markup {
    html! {
        @for kind in [Kind::Trust, Kind::School] {
            @let of_kind: Vec<_> = r.dimensions.iter().filter(|d| d.kind == kind).collect();
            @if !of_kind.is_empty() {
                h2 class="govuk-heading-m" { (if kind == Kind::Trust { "Trusts" } else { "Schools" }) }
                @for d in of_kind {
                    @if !(kind == Kind::School && d.dimension == Dimension::TrustSize && d.groups.len() == 1) {
                        (components::table(&format!("{}: {}", if kind == Kind::Trust { "Trusts" } else { "Schools" }, d.dimension.label()), &[
                            Column("Group", false),
                            Column(if whole == "All" { "In the area" } else { "Put forward" }, true),
                            Column(if heard == "chosen" { "Chosen" } else { "Responded" }, true),
                            Column("Share of the area and of those heard", false),
                        ], html! {
                            @for g in &d.groups {
                                tr class="govuk-table__row" {
                                    td class="govuk-table__cell" { (g.group) }
                                    td class="govuk-table__cell govuk-table__cell--numeric" { (g.population) " (" (format!("{:.0}%", g.population_share * 100.0)) ")" }
                                    td class="govuk-table__cell govuk-table__cell--numeric" { (g.responded) " (" (format!("{:.0}%", g.responded_share * 100.0)) ")" }
                                    td class="govuk-table__cell" { (bars(g.population_share, g.responded_share, &g.group)) }
                                }
                            }
                        }))
                    }
                }
            }
        }
    }
}

fn bars(population: f64, heard: f64, group: &str) -> Markup {
    let width = |share: f64| format!("{:.1}", (share.clamp(0.0, 1.0) * 200.0).max(0.5));
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width="210" height="22" viewBox="0 0 210 22" role="img" aria-label=(format!("{group}: {:.0}% of the area, {:.0}% of those heard", population * 100.0, heard * 100.0)) {
            rect x="0" y="1" height="9" width=(width(population)) fill="#b1b4b6" {}
            rect x="0" y="12" height="9" width=(width(heard)) fill="#1d70b8" {}
        }
    }
}

/// `POST /calls/{id}/invitations`: the convener invites the organisations of one gap that
/// have not responded, through notices to their administrators on Convene.
pub(crate) async fn invite(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (call, _) = convened(
        &state,
        &context,
        &id,
        "Only its convener can invite organisations.",
    )
    .await?;
    if !call.is_open(today()) {
        return Err(WebError::Conflict("The call has closed.".into()));
    }
    let hearing = hearing(&state, &call).await?;
    let gap = fields
        .get("gap")
        .parse::<usize>()
        .ok()
        .and_then(|i| hearing.heard.gaps.get(i))
        .ok_or_else(|| WebError::BadRequest("Choose one of the gaps listed.".into()))?;
    let orgs = hearing.not_yet_heard(gap, REMINDER_LIMIT);
    state.store().invite_to_call(&call, &orgs).await?;
    Ok(crate::redirect::see_other(&format!(
        "/calls/{}/representation",
        call.id.0
    )))
}

/// `GET /calls/{id}/submission`.
pub(crate) async fn submission(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let call = found_call(&state, &id).await?;
    submission_page(&state, &context, &call, None, &Vec::new(), StatusCode::OK).await
}

async fn submission_page(
    state: &AppState,
    context: &RequestContext,
    call: &Call,
    posted: Option<&SubmissionForm>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let viewer = context.actor.viewer();
    let convener = call.is_convener(viewer);
    let stored = state.store().call_submission(call.id).await?;
    let quoted_for: Vec<OrgRef> = match (&stored, viewer) {
        (Some((s, _)), Some(v)) => v
            .organisations
            .keys()
            .copied()
            .filter(|o| s.quotes_org(*o))
            .collect(),
        _ => Vec::new(),
    };
    let may_read = |s: &Submission| s.published_on.is_some() || convener || !quoted_for.is_empty();
    let base = format!("/calls/{}/submission", call.id.0);
    let responses = if convener {
        readable_responses(state, context, call).await?
    } else {
        Vec::new()
    };
    let form = posted.cloned().unwrap_or_else(|| match &stored {
        Some((s, _)) => SubmissionForm {
            title: s.title.clone(),
            body: s.body.clone(),
            addressed_to: s.addressed_to.clone(),
            quotes: Vec::new(),
        },
        None => SubmissionForm::default(),
    });
    let heard_now = if stored
        .as_ref()
        .is_some_and(|(s, _)| s.published_on.is_some())
    {
        None
    } else {
        Some(heard(state, call).await?)
    };
    let snapshot = stored.as_ref().and_then(|(_, json)| json.clone());
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { (call.draft.title) }
        h1 class="govuk-heading-l" { "The collective submission" }
        @match &stored {
            Some((s, _)) if may_read(s) => {
                @if s.published_on.is_none() {
                    (forms::banner("Not published", html! {
                        p class="govuk-body" { "Only the convener and the organisations it quotes can see it until it is published." }
                        @if !s.waiting_for().is_empty() { p class="govuk-body" { "Waiting for: " (s.waiting_for().iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", ")) } }
                    }))
                }
                h2 class="govuk-heading-m" { (s.title) }
                p class="govuk-body" { "To " (s.addressed_to) @if let Some(on) = s.published_on { ", published " (on.long()) } }
                @for p in s.body.split("\n\n") { p class="govuk-body" { (p) } }
                @if !s.quotes.is_empty() {
                    h2 class="govuk-heading-m" { "What respondents said" }
                    @for q in &s.quotes {
                        @if s.published_on.is_none() || q.consent.allows_publishing() {
                            div class="govuk-inset-text" {
                                p class="govuk-body" { "\u{201c}" (q.text) "\u{201d}" }
                                p class="govuk-body-s" { (q.org.as_ref().map_or("An anonymous respondent".to_string(), |o| o.name.clone())) @if s.published_on.is_none() { " · " (q.consent.label()) } }
                                @if s.published_on.is_none() && q.org.as_ref().is_some_and(|o| quoted_for.contains(&o.org)) {
                                    form method="post" action=(format!("{base}/quotes/{}", q.number)) novalidate {
                                        (forms::csrf_field(&context.csrf_token))
                                        (forms::choices(ChoiceKind::Radios, "answer", "May the convener quote your organisation's words as they stand?", None, &[
                                            ("agree".into(), "Yes".into(), false),
                                            ("refuse".into(), "No".into(), false),
                                        ], errors))
                                        (forms::button("Send the answer"))
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some(json) = &snapshot {
                    @if let Ok(figures) = serde_json::from_str::<serde_json::Value>(json) {
                        h2 class="govuk-heading-m" { "Whose voices it carries" }
                        p class="govuk-body" { "As they stood when it was published: " (figures["trusts"][1]) " of " (figures["trusts"][0]) " trusts and " (figures["schools"][1]) " of " (figures["schools"][0]) " schools responded." }
                        @if let Some(gaps) = figures["gaps"].as_array() {
                            ul class="govuk-list govuk-list--bullet" { @for g in gaps { li { (g["text"].as_str().unwrap_or_default()) } } }
                        }
                    }
                }
                @if let Some(outcome) = &s.outcome {
                    h2 class="govuk-heading-m" { "What happened next" }
                    p class="govuk-body" { (outcome) }
                }
                @if convener && s.published_on.is_none() && s.waiting_for().is_empty() {
                    (forms::action_button(&format!("{base}/publish"), "Publish the submission", "", &context.csrf_token))
                }
                @if convener && s.published_on.is_some() {
                    form method="post" action=(format!("{base}/outcome")) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        (forms::textarea("outcome", "What the policy-maker did with it", s.outcome.as_deref().unwrap_or_default(), None, errors))
                        (forms::button("Record the outcome"))
                    }
                }
            }
            _ => {
                p class="govuk-body" { "No submission has been published for this call yet." }
            }
        }
        @if convener && stored.as_ref().is_none_or(|(s, _)| s.published_on.is_none()) {
            h2 class="govuk-heading-m" { (if stored.is_some() { "Change the submission" } else { "Write the submission" }) }
            p class="govuk-body" { "Quote a response by its reference and its exact words. Saving asks every quoted organisation again; an anonymous response is quoted without a name and needs no one's consent." }
            @if let Some(h) = &heard_now { p class="govuk-body" { "So far " (h.trusts.1) " trusts and " (h.schools.1) " schools have responded." } }
            form method="post" action=(base.clone()) novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("title", "Title", &form.title).render(errors))
                (Input::text("addressed_to", "Who it goes to", &form.addressed_to).render(errors))
                (forms::textarea("body", "What it says", &form.body, None, errors))
                @if let Some(error) = forms::error_for(errors, "quotes") {
                    p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) }
                }
                @for n in 1..=QUOTE_ROWS {
                    @let q = form.quotes.get(n - 1);
                    (Input::text(&format!("quote_{n}_response"), &format!("Quote {n}: the response's reference"), q.map_or("", |q| q.response.as_str())).render(&Vec::new()))
                    (forms::textarea(&format!("quote_{n}_text"), &format!("Quote {n}: the words"), q.map_or("", |q| q.text.as_str()), None, &Vec::new()))
                }
                (forms::button("Save the submission"))
            }
            @if !responses.is_empty() {
                p class="govuk-body-s" { (responses.len()) " responses to quote from, with their references, are on " a class="govuk-link" href=(format!("/calls/{}#responses", call.id.0)) { "the call's page" } "." }
            }
        }
        p class="govuk-body" { a class="govuk-link" href=(format!("/calls/{}", call.id.0)) { "Back to the call" } }
    };
    Ok(respond(state, status, "The collective submission", &CRUMBS, content).await)
}

fn posted_submission(fields: &FormFields) -> SubmissionForm {
    SubmissionForm {
        title: fields.get("title").to_string(),
        body: fields.get("body").to_string(),
        addressed_to: fields.get("addressed_to").to_string(),
        quotes: (1..=QUOTE_ROWS)
            .map(|n| QuoteForm {
                response: fields.get(&format!("quote_{n}_response")).to_string(),
                text: fields.get(&format!("quote_{n}_text")).to_string(),
            })
            .filter(|q| !q.text.trim().is_empty() || !q.response.trim().is_empty())
            .collect(),
    }
}

/// `POST /calls/{id}/submission`.
pub(crate) async fn save_submission(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (call, viewer) = convened(
        &state,
        &context,
        &id,
        "Only the call's convener can write its submission.",
    )
    .await?;
    let form = posted_submission(&fields);
    let errors = match SubmissionDraft::check(&form) {
        Ok(draft) => match state.store().save_submission(viewer, &call, &draft).await {
            Ok(()) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/calls/{}/submission",
                    call.id.0
                )))
            }
            Err(e) => forms::refused(e, "quotes")?,
        },
        Err(problems) => problems,
    };
    submission_page(
        &state,
        &context,
        &call,
        Some(&form),
        &errors,
        forms::status_for(&errors),
    )
    .await
}

/// `POST /calls/{id}/submission/quotes/{number}`: a quoted organisation agrees or refuses.
pub(crate) async fn answer_quote(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, number)): Path<(String, String)>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let call = found_call(&state, &id).await?;
    let viewer = context.viewer()?;
    let number: i64 = number
        .parse()
        .map_err(|_| WebError::NotFound("There is no such quote.".into()))?;
    let Some((submission, _)) = state.store().call_submission(call.id).await? else {
        return Err(WebError::NotFound(
            "There is no submission for this call.".into(),
        ));
    };
    let quoted = submission
        .quotes
        .iter()
        .find(|q| q.number == number)
        .ok_or_else(|| WebError::NotFound("There is no such quote.".into()))?;
    if !quoted
        .org
        .as_ref()
        .is_some_and(|o| viewer.belongs_to(o.org))
    {
        return Err(WebError::Forbidden(
            "Only the quoted organisation's people can answer for it.".into(),
        ));
    }
    let agree = match fields.get("answer") {
        "agree" => true,
        "refuse" => false,
        _ => {
            let errors = vec![("answer", "Choose yes or no".to_string())];
            return submission_page(
                &state,
                &context,
                &call,
                None,
                &errors,
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    };
    state
        .store()
        .answer_quote(viewer, &call, number, agree, today())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/calls/{}/submission",
        call.id.0
    )))
}

/// `POST /calls/{id}/submission/publish`.
pub(crate) async fn publish_submission(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let (call, viewer) = convened(
        &state,
        &context,
        &id,
        "Only the call's convener can publish its submission.",
    )
    .await?;
    let figures = heard(&state, &call).await?;
    let json = serde_json::to_string(&figures).map_err(WebError::internal)?;
    state
        .store()
        .publish_submission(viewer, &call, &json, today())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/calls/{}/submission",
        call.id.0
    )))
}

/// `POST /calls/{id}/submission/outcome`.
pub(crate) async fn record_outcome(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let (call, viewer) = convened(
        &state,
        &context,
        &id,
        "Only the call's convener can record the outcome.",
    )
    .await?;
    let outcome = fields.get("outcome").trim();
    if outcome.is_empty() || outcome.chars().count() > 5_000 {
        let errors = vec![(
            "outcome",
            "Say what the policy-maker did with it, in 5,000 characters or fewer".to_string(),
        )];
        return submission_page(
            &state,
            &context,
            &call,
            None,
            &errors,
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    state
        .store()
        .record_submission_outcome(viewer, &call, outcome)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/calls/{}/submission",
        call.id.0
    )))
}
