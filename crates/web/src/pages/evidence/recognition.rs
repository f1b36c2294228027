//! Recognition, as pages: the recognitions shown to everyone (and the reader's own still
//! waiting, declined or withdrawn), giving one (choose the nominee, then the records it
//! rests on from those the reader may cite), its page with the answer or withdrawal the
//! reader may give, and the section on trust, school, organisation and person pages.

use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::organisation_choices;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::partnerships::today;
use crate::recognition::{checked, citable, cited_for_reader, reader, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::account::ProfileField;
use convene_domain::evidence::recognition::{
    Nominee, Recognition, RecognitionForm, RecognitionKind,
};
use convene_store::{RecognitionList, MAX_RECOGNITIONS_LISTED};
use maud::{html, Markup};

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/recognition", "Recognition")];

/// The list a page or download asks for: `nominee` and `kind`, each optional.
pub(crate) fn list_from(params: &Params) -> Result<RecognitionList, WebError> {
    let nominee = match params.get("nominee") {
        None => None,
        Some(key) => Some(Nominee::parse(key).ok_or_else(|| {
            WebError::BadRequest(
                "nominee must be person- and a number, or an organisation's key such as trust-17101."
                    .into(),
            )
        })?),
    };
    let kind = match params.get("kind") {
        None => None,
        Some(key) => Some(RecognitionKind::from_key(key).ok_or_else(|| {
            WebError::BadRequest("kind must be nomination or endorsement.".into())
        })?),
    };
    Ok(RecognitionList {
        nominee,
        kind,
        ..RecognitionList::default()
    })
}

/// `GET /recognition`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let asked = list_from(&params)?;
    let store = state.store();
    let shown = store
        .recognitions(
            &reader(&context),
            &RecognitionList {
                shown_only: true,
                ..asked.clone()
            },
            MAX_RECOGNITIONS_LISTED,
        )
        .await?;
    let viewer = context.actor.viewer();
    let own = match viewer {
        Some(_) => {
            store
                .recognitions(
                    &reader(&context),
                    &RecognitionList {
                        unshown_only: true,
                        ..RecognitionList::default()
                    },
                    MAX_RECOGNITIONS_LISTED,
                )
                .await?
        }
        None => Vec::new(),
    };
    let (to_answer, given): (Vec<&Recognition>, Vec<&Recognition>) = own
        .iter()
        .partition(|r| viewer.is_some_and(|v| r.is_nominee(v)));
    let content = html! {
        h1 class="govuk-heading-l" { "Recognition" }
        p class="govuk-body" { "Nominations and endorsements of people and organisations for their work across school and trust boundaries. Each rests on records in Convene (case studies, collaborations, peer reviews given) and is shown only once the person or organisation recognised has accepted it." }
        @if viewer.is_some() {
            p class="govuk-body" { a class="govuk-button" href="/recognition/new" { "Recognise someone's system work" } }
        }
        @if !to_answer.is_empty() {
            h2 class="govuk-heading-m" { "For you or your organisations, not shown" }
            @for r in &to_answer { (card(r)) }
        }
        @if !given.is_empty() {
            h2 class="govuk-heading-m" { "Given by you or your organisations, not shown" }
            @for r in &given { (card(r)) }
        }
        h2 class="govuk-heading-m" { "Shown" }
        p class="govuk-body" { a class="govuk-link" href="/recognition.csv" { "Download the recognition shown as CSV" } }
        @if shown.is_empty() {
            p class="govuk-body" { "No recognition has been accepted yet." }
        } @else {
            @for r in &shown { (card(r)) }
        }
    };
    Ok(respond(&state, StatusCode::OK, "Recognition", &CRUMBS[..1], content).await)
}

fn card(r: &Recognition) -> Markup {
    html! {
        div class="govuk-summary-card" {
            div class="govuk-summary-card__title-wrapper" {
                h3 class="govuk-summary-card__title" {
                    a class="govuk-link" href=(format!("/recognition/{}", r.id.0)) { (r.draft.kind.label()) " of " (r.nominee_name) }
                }
                @if !r.is_shown() { strong class="govuk-tag govuk-tag--grey" { (status(r)) } }
            }
            div class="govuk-summary-card__content" {
                p class="govuk-body" { (r.draft.text) }
                p class="govuk-body-s" { "From " (r.from_name) ", " (r.given_on.long()) " · resting on " (r.draft.evidence.len()) (if r.draft.evidence.len() == 1 { " record" } else { " records" }) }
            }
        }
    }
}

fn status(r: &Recognition) -> &'static str {
    if r.withdrawn_on.is_some() {
        "Withdrawn"
    } else {
        r.answer.label()
    }
}

/// `GET /recognition.csv`: the recognition shown to everyone (with the same filters).
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let asked = list_from(&params)?;
    let shown = state
        .store()
        .recognitions(
            &reader(&context),
            &RecognitionList {
                shown_only: true,
                ..asked
            },
            MAX_RECOGNITIONS_LISTED,
        )
        .await?;
    let mut table = CsvTable::new([
        "id",
        "kind",
        "nominee",
        "nominee_name",
        "from",
        "from_name",
        "text",
        "given_on",
        "accepted_on",
        "records",
    ])?;
    for r in &shown {
        table.row([
            r.id.0.to_string(),
            r.draft.kind.key().to_string(),
            r.draft.nominee.key(),
            r.nominee_name.clone(),
            r.draft.from.key(),
            r.from_name.clone(),
            r.draft.text.clone(),
            r.given_on.to_string(),
            r.answered_on.map(|d| d.to_string()).unwrap_or_default(),
            r.draft.evidence.len().to_string(),
        ])?;
    }
    Ok(attachment("recognition.csv", table.finish()?))
}

/// `GET /recognition/new?nominee=&evidence=`: first who, then the rest with the records
/// the reader may cite for them.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    context.viewer()?;
    let form = RecognitionForm {
        nominee: params.get("nominee").unwrap_or_default().to_string(),
        kind: "nomination".into(),
        evidence: params
            .get("evidence")
            .map(|e| vec![e.to_string()])
            .unwrap_or_default(),
        ..RecognitionForm::default()
    };
    let errors = match (params.get("nominee"), Nominee::parse(&form.nominee)) {
        (Some(_), None) => vec![(
            "nominee",
            "Give a person (person- and their number) or an organisation (trust-, school- or partner- and its number)".to_string(),
        )],
        _ => Vec::new(),
    };
    form_page(&state, &context, &form, &errors).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    form: &RecognitionForm,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let nominee = Nominee::parse(&form.nominee);
    let name = match nominee {
        Some(Nominee::Organisation(org)) => state.store().organisation_name(org).await?,
        Some(Nominee::Person(person)) => state
            .store()
            .person(person)
            .await?
            .filter(|p| p.profile.shows(ProfileField::Name, true))
            .map(|p| p.profile.name.clone()),
        None => None,
    };
    let title = "Recognise someone's system work";
    let content = match (nominee, name) {
        (Some(nominee), Some(name)) => {
            let orgs = organisation_choices(state, context, &form.from).await?;
            let records = citable(state, context, nominee).await?;
            let record_choices: Vec<(String, String, bool)> = records
                .iter()
                .map(|(e, label)| (e.key(), label.clone(), form.evidence.contains(&e.key())))
                .collect();
            let kinds: Vec<(String, String, bool)> = [RecognitionKind::Nomination, RecognitionKind::Endorsement]
                .iter()
                .map(|k| (k.key().to_string(), format!("{}: {}", k.label(), match k {
                    RecognitionKind::Nomination => "put them forward for their system leadership, with a citation of up to 2,000 characters",
                    RecognitionKind::Endorsement => "back their work in a statement of up to 600 characters",
                }), form.kind == k.key()))
                .collect();
            html! {
                div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
                    (forms::error_summary(errors))
                    span class="govuk-caption-l" { "Recognition" }
                    h1 class="govuk-heading-l" { "Recognise " (name) }
                    @if orgs.is_empty() {
                        p class="govuk-body" { "Recognition is given by an organisation, and you do not act for one yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
                    } @else if records.is_empty() {
                        p class="govuk-body" { "There is no case study, collaboration or peer review given that you can see for " (name) ", so there is nothing yet to rest a recognition on." }
                    } @else {
                        form method="post" action="/recognition" novalidate {
                            (forms::csrf_field(&context.csrf_token))
                            input type="hidden" name="nominee" value=(nominee.key());
                            (forms::choices(ChoiceKind::Radios, "from", "Which organisation is giving it?", None, &orgs, errors))
                            (forms::choices(ChoiceKind::Radios, "kind", "What kind of recognition?", None, &kinds, errors))
                            (forms::textarea("text", "What they did, and why it deserves recognition", &form.text, Some("This is shown on their page once they accept"), errors))
                            (forms::choices(ChoiceKind::Checkboxes, "evidence", "The records it rests on", Some("Only records you can see that they took part in. Anyone reading the recognition is shown only the records they may see themselves."), &record_choices, errors))
                            (forms::button("Give the recognition"))
                        }
                    }
                }}
            }
        }
        _ => html! {
            div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
                (forms::error_summary(errors))
                h1 class="govuk-heading-l" { (title) }
                p class="govuk-body" { "Start from the page of the person, school or trust, or give their key here." }
                form method="get" action="/recognition/new" novalidate {
                    (Input::text("nominee", "Who are you recognising?", &form.nominee).hint("A school (school-URN), a trust (trust-Group UID), a partner (partner-number) or a person (person-number, from their profile's address)").render(errors))
                    (forms::button("Continue"))
                }
            }}
        },
    };
    Ok(respond(state, forms::status_for(errors), title, &CRUMBS, content).await)
}

fn posted_form(fields: &FormFields) -> RecognitionForm {
    RecognitionForm {
        nominee: fields.get("nominee").to_string(),
        kind: fields.get("kind").to_string(),
        from: fields.get("from").to_string(),
        text: fields.get("text").to_string(),
        evidence: fields
            .all("evidence")
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// `POST /recognition`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let form = posted_form(&fields);
    let errors = match checked(&state, &context, &form).await? {
        Ok(draft) => match state
            .store()
            .create_recognition(viewer, &draft, today())
            .await
        {
            Ok(id) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/recognition/{}",
                    id.0
                )))
            }
            Err(e) => forms::refused(e, "nominee")?,
        },
        Err(problems) => problems,
    };
    form_page(&state, &context, &form, &errors).await
}

/// `GET /recognition/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let r = visible(&state, &context, &id).await?;
    page(&state, &context, &r, &Vec::new(), StatusCode::OK).await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    r: &Recognition,
    errors: &FieldErrors,
    status_code: StatusCode,
) -> Result<Response, WebError> {
    let (cited, hidden) = cited_for_reader(state, context, r).await?;
    let viewer = context.actor.viewer();
    let may_answer = viewer.is_some_and(|v| r.refuses_answer(v).is_none());
    let may_withdraw = viewer.is_some_and(|v| r.refuses_withdrawal(v).is_none());
    let base = format!("/recognition/{}", r.id.0);
    let answers: Vec<(String, String, bool)> = vec![
        ("accept".into(), "Accept: show it on the page".into(), false),
        (
            "decline".into(),
            "Decline: show it to no one else".into(),
            false,
        ),
    ];
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { (r.draft.kind.label()) }
        h1 class="govuk-heading-l" { (r.draft.kind.label()) " of " a class="govuk-link" href=(r.draft.nominee.page_path()) { (r.nominee_name) } }
        @if !r.is_shown() {
            (forms::banner("Not shown", html! {
                p class="govuk-body" { (status(r)) ". Only the people it concerns can see it: " (r.nominee_name) " and " (r.from_name) "." }
            }))
        }
        p class="govuk-body-l" { (r.draft.text) }
        p class="govuk-body" { "Given by " (r.from_name) " (written by " (r.written_by_name) ") on " (r.given_on.long()) "." @if let (true, Some(on)) = (r.is_shown(), r.answered_on) { " Accepted on " (on.long()) "." } }
        h2 class="govuk-heading-m" { "The records it rests on" }
        @if cited.is_empty() {
            p class="govuk-body" { "None that you can see." }
        } @else {
            ul class="govuk-list govuk-list--bullet" {
                @for (evidence, label) in &cited { li { a class="govuk-link" href=(evidence.page_path()) { (label) } } }
            }
        }
        @if hidden > 0 {
            p class="govuk-body-s" { (hidden) (if hidden == 1 { " other record it rests on is" } else { " other records it rests on are" }) " not shown to you: confidential to the organisations in them." }
        }
        @if may_answer {
            form method="post" action=(format!("{base}/answer")) novalidate {
                (forms::csrf_field(&context.csrf_token))
                (forms::choices(ChoiceKind::Radios, "answer", "Do you accept it?", Some("You can change your answer later"), &answers, errors))
                (forms::button("Send the answer"))
            }
        }
        @if may_withdraw {
            (forms::action_button(&format!("{base}/withdraw"), "Withdraw it", "govuk-button--warning", &context.csrf_token))
        }
    };
    Ok(respond(
        state,
        status_code,
        &format!("{} of {}", r.draft.kind.label(), r.nominee_name),
        &CRUMBS,
        content,
    )
    .await)
}

/// `POST /recognition/{id}/answer`: the nominee accepts or declines.
pub(crate) async fn answer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let r = visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    if let Some(refusal) = r.refuses_answer(viewer) {
        return Err(WebError::Forbidden(refusal));
    }
    let accept = match fields.get("answer") {
        "accept" => true,
        "decline" => false,
        _ => {
            let errors = vec![("answer", "Choose accept or decline".to_string())];
            return page(&state, &context, &r, &errors, StatusCode::BAD_REQUEST).await;
        }
    };
    state
        .store()
        .answer_recognition(viewer, r.id, accept, today())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/recognition/{}",
        r.id.0
    )))
}

/// `POST /recognition/{id}/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let r = visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    if let Some(refusal) = r.refuses_withdrawal(viewer) {
        return Err(WebError::Forbidden(refusal));
    }
    state
        .store()
        .withdraw_recognition(viewer, r.id, today())
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/recognition/{}",
        r.id.0
    )))
}

/// The recognition a person or organisation accepted, for their pages, with a way to give
/// them more.
pub(crate) async fn section(
    state: &AppState,
    context: &RequestContext,
    nominee: Nominee,
) -> Result<Markup, WebError> {
    let shown = state
        .store()
        .recognitions(
            &reader(context),
            &RecognitionList {
                shown_only: true,
                nominee: Some(nominee),
                ..RecognitionList::default()
            },
            MAX_RECOGNITIONS_LISTED,
        )
        .await?;
    let may_give = context.actor.viewer().is_some();
    Ok(html! {
        h2 class="govuk-heading-m" id="recognition" { "Recognition" }
        @if shown.is_empty() {
            p class="govuk-body" { "No recognition accepted yet." }
        } @else {
            ul class="govuk-list" {
                @for r in &shown {
                    li {
                        a class="govuk-link" href=(format!("/recognition/{}", r.id.0)) { (r.draft.kind.label()) " from " (r.from_name) }
                        ", " (r.given_on.long()) ": " (r.draft.text.chars().take(200).collect::<String>()) @if r.draft.text.chars().count() > 200 { "…" }
                    }
                }
            }
        }
        @if may_give {
            p class="govuk-body" { a class="govuk-link" href=(format!("/recognition/new?nominee={}", nominee.key())) { "Recognise their system work" } }
        }
    })
}
