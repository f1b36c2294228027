//! The eight behaviours, as pages, for their owner only: the framework, the person's
//! latest assessment with the change since the one before, their development plan,
//! their 360 feedback rounds (inviting raters by email, and the report once a round has
//! closed, anonymous below three answers per group), and the rater's own page reached
//! by the link in their email.

use crate::access::RequestContext;
use crate::error::refused_as;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::today;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::account::Email;
use convene_domain::behaviours::assessment::{
    change, Action, ActionForm, AssessmentDraft, AssessmentForm,
};
use convene_domain::behaviours::feedback::{
    report, FeedbackReport, RaterGroup, Rating, RatingForm, MIN_RATERS,
};
use convene_domain::behaviours::framework::{Behaviour, Level};
use convene_domain::Date;
use maud::{html, Markup};
use std::collections::BTreeMap;

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/behaviours", "Your system leadership")];

fn level_choices(chosen: Option<&str>) -> Vec<(String, String, bool)> {
    Level::ALL
        .iter()
        .map(|l| {
            (
                l.number().to_string(),
                format!("{}: {}", l.number(), l.label()),
                chosen == Some(l.number().to_string().as_str()),
            )
        })
        .collect()
}

/// A rater's choices for one behaviour: the four levels and "not seen".
fn rater_choices(chosen: Option<&str>) -> Vec<(String, String, bool)> {
    let mut options = level_choices(chosen);
    options.push((
        String::new(),
        "I have not seen this".into(),
        chosen.is_none_or(str::is_empty),
    ));
    options
}

/// `GET /behaviours`.
pub(crate) async fn dashboard(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let store = state.store();
    let assessments = store.assessments(viewer.id).await?;
    let actions = store.actions(viewer.id).await?;
    let rounds = store.feedback_rounds(viewer.id).await?;
    let groups = store.behaviour_groups_of(viewer.id).await?;
    let today = today();
    let latest = assessments.last();
    let moved = match assessments.as_slice() {
        [.., before, after] => Some((before.taken_on, change(&before.draft, &after.draft))),
        _ => None,
    };
    let content = html! {
        h1 class="govuk-heading-l" { "Your system leadership" }
        p class="govuk-body" { "The eight system leadership behaviours (Forum Strategy's system leadership PLCs, 2023), each in one of the NHS Leadership Academy's four domains. Assess yourself, ask colleagues, partners and governors for feedback, and plan how to grow. All of it is yours: no one else, platform administrators included, can see it." }
        p class="govuk-body" { a class="govuk-button" href="/behaviours/assessments/new" { (if latest.is_some() { "Assess yourself again" } else { "Assess yourself" }) } }
        @match latest {
            None => p class="govuk-body" { "You have not assessed yourself yet." },
            Some(a) => {
                h2 class="govuk-heading-m" { "Your assessment of " (a.taken_on.long()) }
                table class="govuk-table" {
                    caption class="govuk-table__caption govuk-table__caption--s" { "Each behaviour, your level and the change since your assessment before" }
                    thead class="govuk-table__head" { tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { "Behaviour" }
                        th scope="col" class="govuk-table__header" { "Domain" }
                        th scope="col" class="govuk-table__header" { "Level" }
                        th scope="col" class="govuk-table__header" { "Change" }
                    } }
                    tbody class="govuk-table__body" {
                        @for p in &a.draft.placed {
                            tr class="govuk-table__row" {
                                td class="govuk-table__cell" { (p.behaviour.title()) @if !p.evidence.is_empty() { br; span class="govuk-body-s" { (p.evidence) } } }
                                td class="govuk-table__cell" { (p.behaviour.domain().label()) }
                                td class="govuk-table__cell" { (p.level.number()) ": " (p.level.label()) }
                                td class="govuk-table__cell" {
                                    @match moved.as_ref().and_then(|(_, c)| c.iter().find(|c| c.behaviour == p.behaviour)) {
                                        Some(c) if c.moved > 0 => { "Up " (c.moved) }
                                        Some(c) if c.moved < 0 => { "Down " (-c.moved) }
                                        Some(_) => "No change",
                                        None => "First assessment",
                                    }
                                }
                            }
                        }
                    }
                }
                @if let Some((on, _)) = &moved { p class="govuk-body-s" { "Compared with your assessment of " (on.long()) "." } }
                @if !a.records.is_empty() {
                    h3 class="govuk-heading-s" { "The Convene records you cited" }
                    ul class="govuk-list govuk-list--bullet" { @for (_, label) in &a.records { li { (label) } } }
                }
            }
        }
        h2 class="govuk-heading-m" id="plan" { "Your development plan" }
        @if actions.is_empty() { p class="govuk-body" { "No actions yet." } }
        @else {
            ul class="govuk-list" {
                @for a in &actions {
                    li {
                        strong { (a.action.action) } " (" (a.action.behaviour.title().to_lowercase()) "), by " (a.action.by.long())
                        @if let Some(done) = a.done_on { " · done " (done.long()) }
                        @else { (forms::action_button(&format!("/behaviours/actions/{}/done", a.id), "Mark it done", "govuk-button--secondary", &context.csrf_token)) }
                    }
                }
            }
        }
        (action_form(&context.csrf_token, &ActionForm::default(), &Vec::new()))
        h2 class="govuk-heading-m" id="feedback" { "360 feedback" }
        p class="govuk-body" { "Invite colleagues, partners and governors by email. Each group's answers are shown only when at least " (MIN_RATERS) " of that group answered, and only once the round has closed." }
        p class="govuk-body" { a class="govuk-button govuk-button--secondary" href="/behaviours/feedback/new" { "Ask for feedback" } }
        @for r in &rounds {
            p class="govuk-body" {
                a class="govuk-link" href=(format!("/behaviours/feedback/{}", r.id)) { "Feedback closing " (r.closes_on.long()) }
                ": " (r.invited.values().sum::<usize>()) " invited, " (r.answered) " answered"
                (if r.is_open(today) { " (open)" } else { " (closed)" })
            }
        }
        h2 class="govuk-heading-m" id="groups" { "Groups" }
        p class="govuk-body" { "A group (a professional learning community, say) sees its members' levels together, once at least " (MIN_RATERS) " members share their latest assessment. No one sees whose levels are whose." }
        @for g in &groups {
            @if g.joined {
                p class="govuk-body" { a class="govuk-link" href=(format!("/behaviours/groups/{}", g.id)) { (g.name) } (if g.sharing { " (you share your assessment)" } else { " (you do not share your assessment)" }) }
            } @else {
                div class="govuk-inset-text" {
                    p class="govuk-body" { "You are invited to the group " strong { (g.name) } "." }
                    form method="post" action=(format!("/behaviours/groups/{}/answer", g.id)) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        input type="hidden" name="join" value="1";
                        button type="submit" class="govuk-button" data-module="govuk-button" { "Join it" }
                    }
                    form method="post" action=(format!("/behaviours/groups/{}/answer", g.id)) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        input type="hidden" name="join" value="0";
                        button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Decline" }
                    }
                }
            }
        }
        form method="post" action="/behaviours/groups" novalidate {
            (forms::csrf_field(&context.csrf_token))
            (Input::text("name", "Start a group", "").hint("Its name, for example North East CEOs' PLC").render(&Vec::new()))
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Start the group" }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Your system leadership",
        &CRUMBS[..1],
        content,
    )
    .await)
}

fn action_form(csrf: &str, form: &ActionForm, errors: &FieldErrors) -> Markup {
    let behaviours: Vec<(String, String, bool)> = Behaviour::ALL
        .iter()
        .map(|b| {
            (
                b.key().to_string(),
                b.title().to_string(),
                form.behaviour == b.key(),
            )
        })
        .collect();
    html! {
        form method="post" action="/behaviours/actions" novalidate {
            (forms::csrf_field(csrf))
            (forms::choices(ChoiceKind::Radios, "behaviour", "Add an action: which behaviour will it grow?", None, &behaviours, errors))
            (Input::text("action", "What you will do", &form.action).render(errors))
            (Input::text("by", "By when", &form.by).hint("For example 2027-07-16").render(errors))
            (forms::button("Add the action"))
        }
    }
}

/// `GET /behaviours/assessments/new`.
pub(crate) async fn new_assessment(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    context.viewer()?;
    assessment_page(&state, &context, &AssessmentForm::default(), &Vec::new()).await
}

async fn assessment_page(
    state: &AppState,
    context: &RequestContext,
    form: &AssessmentForm,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let records = crate::behaviours::own_records(state, context).await?;
    let record_choices: Vec<(String, String, bool)> = records
        .iter()
        .map(|(key, (label, _))| (key.clone(), label.clone(), form.records.contains(key)))
        .collect();
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Assess yourself" }
            p class="govuk-body" { "For each behaviour, choose the level that best describes you now, and say what shows it: partnerships you convened, reviews you gave, loans, or anything else." }
            form method="post" action="/behaviours/assessments" novalidate {
                (forms::csrf_field(&context.csrf_token))
                @if let Some(error) = forms::error_for(errors, "levels") {
                    p class="govuk-error-message" id="levels" { span class="govuk-visually-hidden" { "Error: " } (error) }
                }
                @for b in Behaviour::ALL {
                    @let name = format!("level_{}", b.key());
                    @let descriptors = b.descriptors();
                    @let options: Vec<(String, String, bool)> = Level::ALL.iter().enumerate().map(|(i, l)| (l.number().to_string(), format!("{}: {}. {}", l.number(), l.label(), descriptors[i]), form.levels.get(b.key()).map(String::as_str) == Some(l.number().to_string().as_str()))).collect();
                    h2 class="govuk-heading-s" { (b.title()) }
                    (forms::choices(ChoiceKind::Radios, &name, &format!("Your level: {}", b.title().to_lowercase()), Some(b.domain().label()), &options, errors))
                    (forms::textarea(&format!("evidence_{}", b.key()), "What shows it (optional)", form.evidence.get(b.key()).map_or("", String::as_str), None, errors))
                }
                @if records.is_empty() {
                    p class="govuk-body-s" { "You have no partnership convened, review given or loan made on Convene to cite yet." }
                } @else {
                    (forms::choices(ChoiceKind::Checkboxes, "records", "Convene records that show it (optional)", Some("Partnerships your organisations convened, peer reviews you gave, loans your organisations made"), &record_choices, errors))
                }
                (forms::button("Save the assessment"))
            }
        }}
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Assess yourself",
        &CRUMBS,
        content,
    )
    .await)
}

/// `POST /behaviours/assessments`.
pub(crate) async fn save_assessment(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let form = AssessmentForm {
        levels: Behaviour::ALL
            .iter()
            .map(|b| {
                (
                    b.key().to_string(),
                    fields.get(&format!("level_{}", b.key())).to_string(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        evidence: Behaviour::ALL
            .iter()
            .map(|b| {
                (
                    b.key().to_string(),
                    fields.get(&format!("evidence_{}", b.key())).to_string(),
                )
            })
            .collect(),
        records: fields
            .all("records")
            .into_iter()
            .map(str::to_string)
            .collect(),
    };
    match crate::behaviours::checked_assessment(&state, &context, &form).await? {
        Ok((draft, cited)) => {
            state
                .store()
                .save_assessment(viewer.id, &draft, &cited, today())
                .await?;
            Ok(crate::redirect::see_other("/behaviours"))
        }
        Err(problems) => assessment_page(&state, &context, &form, &problems).await,
    }
}

/// `POST /behaviours/actions`.
pub(crate) async fn add_action(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let form = ActionForm {
        behaviour: fields.get("behaviour").to_string(),
        action: fields.get("action").to_string(),
        by: fields.get("by").to_string(),
    };
    match Action::check(&form) {
        Ok(action) => {
            state.store().add_action(viewer.id, &action).await?;
            Ok(crate::redirect::see_other("/behaviours#plan"))
        }
        Err(problems) => {
            let content = html! {
                (forms::error_summary(&problems))
                h1 class="govuk-heading-l" { "Add an action" }
                (action_form(&context.csrf_token, &form, &problems))
            };
            Ok(respond(
                &state,
                StatusCode::BAD_REQUEST,
                "Add an action",
                &CRUMBS,
                content,
            )
            .await)
        }
    }
}

/// `POST /behaviours/actions/{id}/done`.
pub(crate) async fn complete_action(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let id: i64 = id
        .parse()
        .map_err(|_| WebError::NotFound("There is no such action.".into()))?;
    state
        .store()
        .complete_action(viewer.id, id, today())
        .await
        .map_err(refused_as(WebError::NotFound))?;
    Ok(crate::redirect::see_other("/behaviours#plan"))
}

/// `GET /behaviours/feedback/new`.
pub(crate) async fn new_round(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    context.viewer()?;
    round_form(&state, &context, "", "", &Vec::new()).await
}

async fn round_form(
    state: &AppState,
    context: &RequestContext,
    closes_on: &str,
    raters: &str,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Ask for feedback" }
            p class="govuk-body" { "Each person gets an email with a link of their own. They rate you on each behaviour they have seen and may add a comment. You see each group's average only when at least " (MIN_RATERS) " of that group answered, and only once the round has closed; you never see who said what." }
            form method="post" action="/behaviours/feedback" novalidate {
                (forms::csrf_field(&context.csrf_token))
                (Input::text("closes_on", "Last day to answer", closes_on).hint("For example 2027-01-31").render(errors))
                (forms::textarea("raters", "Who to ask", raters, Some("One per line: an email address, a comma, and colleagues, partners or governors. For example: sam@trust.example, colleagues"), errors))
                (forms::button("Send the invitations"))
            }
        }}
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Ask for feedback",
        &CRUMBS,
        content,
    )
    .await)
}

/// The raters typed one per line, or every problem with them.
fn raters_from(text: &str, own: &str) -> Result<Vec<(String, RaterGroup)>, FieldErrors> {
    let mut problems = FieldErrors::new();
    let mut out: Vec<(String, RaterGroup)> = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (address, group) = line.split_once(',').unwrap_or((line, ""));
        match (
            Email::parse(address.trim()),
            RaterGroup::from_key(group.trim().to_lowercase().as_str()),
        ) {
            (Ok(email), Some(group)) => {
                let address = email.as_str().to_string();
                if address.eq_ignore_ascii_case(own) {
                    problems.push((
                        "raters",
                        format!(
                            "Line {}: you cannot rate yourself here; assess yourself instead",
                            n + 1
                        ),
                    ));
                } else if out.iter().any(|(a, _)| *a == address) {
                    problems.push((
                        "raters",
                        format!("Line {}: {address} is already on the list", n + 1),
                    ));
                } else {
                    out.push((address, group));
                }
            }
            (Err(_), _) => {
                problems.push(("raters", format!("Line {}: not an email address", n + 1)))
            }
            (_, None) => problems.push((
                "raters",
                format!(
                    "Line {}: say colleagues, partners or governors after a comma",
                    n + 1
                ),
            )),
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(("raters", "Give at least one person to ask".into()));
    }
    if out.len() > convene_store::MAX_INVITATIONS {
        problems.push((
            "raters",
            format!("Ask at most {} people", convene_store::MAX_INVITATIONS),
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// `POST /behaviours/feedback`.
pub(crate) async fn open_round(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let own = state
        .store()
        .person(viewer.id)
        .await?
        .map(|p| p.email)
        .unwrap_or_default();
    let closes = Date::parse(fields.get("closes_on")).filter(|d| *d >= today());
    let mut errors = FieldErrors::new();
    if closes.is_none() {
        errors.push((
            "closes_on",
            "Enter the last day to answer, today or later, like 2027-01-31".into(),
        ));
    }
    let raters = raters_from(fields.get("raters"), &own);
    if let Err(problems) = &raters {
        errors.extend(problems.iter().cloned());
    }
    let (Some(closes_on), Ok(raters), true) = (closes, raters, errors.is_empty()) else {
        return round_form(
            &state,
            &context,
            fields.get("closes_on"),
            fields.get("raters"),
            &errors,
        )
        .await;
    };
    let mut invitations = Vec::with_capacity(raters.len());
    for (email, group) in raters {
        let token = convene_credentials::new_token("fb_").map_err(WebError::internal)?;
        let digest = convene_credentials::token_digest(&token);
        invitations.push((
            email,
            group,
            digest,
            state.config().link(&format!("/feedback/{token}")),
        ));
    }
    let id = state
        .store()
        .open_feedback_round(viewer.id, &viewer.name, closes_on, &invitations)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/behaviours/feedback/{id}"
    )))
}

/// The report of `person`'s round `id` once it has closed, with the round; "not found" for
/// anyone else's.
pub(crate) async fn round_report(
    state: &AppState,
    person: convene_domain::account::PersonId,
    id: &str,
) -> Result<(convene_store::FeedbackRound, Option<FeedbackReport>), WebError> {
    let missing = || WebError::NotFound("There is no such round of feedback of yours.".into());
    let id: i64 = id.parse().map_err(|_| missing())?;
    let round = state
        .store()
        .feedback_rounds(person)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(missing)?;
    if round.is_open(today()) {
        return Ok((round, None));
    }
    let answers = state
        .store()
        .feedback_answers(person, id)
        .await?
        .ok_or_else(missing)?;
    Ok((round, Some(report(&answers))))
}

/// `GET /behaviours/feedback/{id}`.
pub(crate) async fn show_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let (round, made) = round_report(&state, viewer.id, &id).await?;
    let own = state.store().assessments(viewer.id).await?;
    let latest = own.last();
    let content = html! {
        h1 class="govuk-heading-l" { "360 feedback closing " (round.closes_on.long()) }
        p class="govuk-body" { (round.invited.values().sum::<usize>()) " invited: " (round.invited.iter().map(|(g, n)| format!("{n} {}", g.key())).collect::<Vec<_>>().join(", ")) ". " (round.answered) " answered so far." }
        @match &made {
            None => {
                p class="govuk-body" { "The report is made when the round closes, so that no one answer can be told from the change it makes." }
                (forms::action_button(&format!("/behaviours/feedback/{}/close", round.id), "Close it now and see the report", "", &context.csrf_token))
            }
            Some(r) => {
                @for g in r.groups.iter().chain(std::iter::once(&r.everyone)) {
                    h2 class="govuk-heading-m" { (g.group.map_or("Everyone who answered", RaterGroup::label)) }
                    @if !g.shown {
                        p class="govuk-body" { "Fewer than " (MIN_RATERS) " answered, so nothing from them is shown." }
                    } @else {
                        p class="govuk-body-s" { (g.answered.unwrap_or_default()) " answered." }
                        table class="govuk-table" {
                            caption class="govuk-table__caption govuk-table__caption--s" { "Average level (1 to 4), lowest and highest, beside your own" }
                            thead class="govuk-table__head" { tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { "Behaviour" }
                                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Average" }
                                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Range" }
                                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Yours" }
                            } }
                            tbody class="govuk-table__body" {
                                @for b in &g.behaviours {
                                    tr class="govuk-table__row" {
                                        td class="govuk-table__cell" { (b.behaviour.title()) }
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (b.mean.map_or(format!("Fewer than {MIN_RATERS} rated it"), |m| format!("{m:.1}"))) }
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (b.range.map_or(String::new(), |(lo, hi)| format!("{lo} to {hi}"))) }
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (latest.and_then(|a| a.draft.level(b.behaviour)).map_or("Not assessed".to_string(), |l| l.number().to_string())) }
                                    }
                                }
                            }
                        }
                        @if !g.comments.is_empty() {
                            h3 class="govuk-heading-s" { "Their comments" }
                            @for c in &g.comments { div class="govuk-inset-text" { (c) } }
                        }
                    }
                }
            }
        }
        p class="govuk-body" { a class="govuk-link" href="/behaviours" { "Back to your system leadership" } }
    };
    Ok(respond(&state, StatusCode::OK, "360 feedback", &CRUMBS, content).await)
}

/// `POST /behaviours/feedback/{id}/close`.
pub(crate) async fn close_round(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let missing = || WebError::NotFound("There is no such round of feedback of yours.".into());
    let id: i64 = id.parse().map_err(|_| missing())?;
    state
        .store()
        .close_feedback_round(viewer.id, id, today())
        .await
        .map_err(refused_as(WebError::NotFound))?;
    Ok(crate::redirect::see_other(&format!(
        "/behaviours/feedback/{id}"
    )))
}

fn digest_of(token: &str) -> Option<String> {
    let token = token.trim();
    (token.len() <= 200 && token.starts_with("fb_"))
        .then(|| convene_credentials::token_digest(token))
}

/// `GET /feedback/{token}`: a rater's form.
pub(crate) async fn rater_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    rater_page(
        &state,
        &context,
        &token,
        &RatingForm::default(),
        &Vec::new(),
        StatusCode::OK,
    )
    .await
}

async fn rater_page(
    state: &AppState,
    context: &RequestContext,
    token: &str,
    form: &RatingForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let missing = || WebError::NotFound("This link is not valid.".into());
    let digest = digest_of(token).ok_or_else(missing)?;
    let invitation = state
        .store()
        .feedback_invitation(&digest)
        .await?
        .ok_or_else(missing)?;
    let open = !invitation.closed && today() <= invitation.closes_on;
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Feedback for " (invitation.person_name) }
            @if invitation.answered {
                p class="govuk-body" { "You have answered. Thank you." }
            } @else if !open {
                p class="govuk-body" { "This round of feedback has closed." }
            } @else {
                p class="govuk-body" { "Rate " (invitation.person_name) " on each behaviour you have seen, as " (invitation.group.label().to_lowercase()) ". Leave any you have not seen. Your answer is anonymous: they see only each group's average, nothing from a group with fewer than " (MIN_RATERS) " answers, and only after the round closes on " (invitation.closes_on.long()) "." }
                form method="post" action=(format!("/feedback/{token}")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    @if let Some(error) = forms::error_for(errors, "levels") {
                        p class="govuk-error-message" id="levels" { span class="govuk-visually-hidden" { "Error: " } (error) }
                    }
                    @for b in Behaviour::ALL {
                        @let options = rater_choices(form.levels.get(b.key()).map(String::as_str));
                        (forms::choices(ChoiceKind::Radios, &format!("level_{}", b.key()), b.title(), None, &options, &Vec::new()))
                    }
                    (forms::textarea("comment", "Anything to add (optional)", &form.comment, Some("Shown, unsigned, only if at least three of your group answer"), errors))
                    (forms::button("Send your feedback"))
                }
            }
        }}
    };
    Ok(respond(state, status, "Feedback", &[("/", "Home")], content).await)
}

/// `POST /feedback/{token}`: a rater's answer, once, while the round is open.
pub(crate) async fn rater_answer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(token): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let missing = || WebError::NotFound("This link is not valid.".into());
    let digest = digest_of(&token).ok_or_else(missing)?;
    state
        .store()
        .feedback_invitation(&digest)
        .await?
        .ok_or_else(missing)?;
    let form = RatingForm {
        levels: Behaviour::ALL
            .iter()
            .map(|b| {
                (
                    b.key().to_string(),
                    fields.get(&format!("level_{}", b.key())).to_string(),
                )
            })
            .collect::<BTreeMap<_, _>>(),
        comment: fields.get("comment").to_string(),
    };
    let errors = match Rating::check(&form) {
        Ok(rating) => match state
            .store()
            .answer_feedback(&digest, &rating, today())
            .await
        {
            Ok(()) => return Ok(crate::redirect::see_other(&format!("/feedback/{token}"))),
            Err(e) => forms::refused(e, "levels")?,
        },
        Err(problems) => problems,
    };
    let status = if errors
        .iter()
        .any(|(_, m)| m.contains("already answered") || m.contains("closed"))
    {
        StatusCode::CONFLICT
    } else {
        StatusCode::BAD_REQUEST
    };
    rater_page(&state, &context, &token, &form, &errors, status).await
}

/// `POST /behaviours/groups`: starts a group with the reader as its first member.
pub(crate) async fn create_group(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let name = convene_domain::account::tidy(fields.get("name"));
    if name.is_empty() || name.chars().count() > convene_domain::behaviours::group::MAX_GROUP_NAME {
        return Err(WebError::BadRequest(format!(
            "Give the group a name of {} characters or fewer.",
            convene_domain::behaviours::group::MAX_GROUP_NAME
        )));
    }
    let id = state
        .store()
        .create_behaviour_group(viewer.id, &name)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/behaviours/groups/{id}"
    )))
}

/// "Not found" unless `person` is in group `id` (joined, when `joined`; or invited).
async fn member_of(
    state: &AppState,
    person: convene_domain::account::PersonId,
    id: i64,
    joined: bool,
) -> Result<(), WebError> {
    let found = state
        .store()
        .behaviour_groups_of(person)
        .await?
        .into_iter()
        .any(|g| g.id == id && (g.joined || !joined));
    if found {
        Ok(())
    } else {
        Err(WebError::NotFound(
            "There is no such group of yours.".into(),
        ))
    }
}

fn group_id(id: &str) -> Result<i64, WebError> {
    id.parse()
        .map_err(|_| WebError::NotFound("There is no such group of yours.".into()))
}

/// `GET /behaviours/groups/{id}`: for its members only.
pub(crate) async fn show_group(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let group = state
        .store()
        .behaviour_group(viewer.id, group_id(&id)?)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such group of yours.".into()))?;
    let shared: Vec<&AssessmentDraft> = group.shared.iter().collect();
    let together = convene_domain::behaviours::group::aggregate(&shared);
    let base = format!("/behaviours/groups/{}", group.id);
    let content = html! {
        span class="govuk-caption-l" { "Group" }
        h1 class="govuk-heading-l" { (group.name) }
        h2 class="govuk-heading-m" { "Members" }
        ul class="govuk-list" { @for (name, joined) in &group.members { li { (name) @if !*joined { " (invited)" } } } }
        h2 class="govuk-heading-m" { "The group's levels together" }
        @if !together.shown {
            p class="govuk-body" { "Fewer than " (MIN_RATERS) " members share their assessment, so nothing is shown." }
        } @else {
            p class="govuk-body-s" { (together.sharing.unwrap_or_default()) " members share their latest assessment." }
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-table__caption--s" { "Average level (1 to 4), lowest and highest" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Behaviour" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Average" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Range" }
                } }
                tbody class="govuk-table__body" {
                    @for b in &together.behaviours {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (b.behaviour.title()) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (b.mean.map_or("Not shown".to_string(), |m| format!("{m:.1}"))) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (b.range.map_or(String::new(), |(lo, hi)| format!("{lo} to {hi}"))) }
                        }
                    }
                }
            }
        }
        form method="post" action=(format!("{base}/sharing")) novalidate {
            (forms::csrf_field(&context.csrf_token))
            input type="hidden" name="sharing" value=(if group.sharing { "0" } else { "1" });
            button type="submit" class="govuk-button" data-module="govuk-button" { (if group.sharing { "Stop sharing my assessment" } else { "Share my latest assessment with the group" }) }
        }
        form method="post" action=(format!("{base}/invitations")) novalidate {
            (forms::csrf_field(&context.csrf_token))
            (Input::text("email", "Invite someone on Convene", "").hint("Their email address. If they have a Convene account they will see the invitation; Convene does not say whether they do").render(&Vec::new()))
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Invite them" }
        }
        p class="govuk-body" { a class="govuk-link" href="/behaviours#groups" { "Back to your system leadership" } }
    };
    Ok(respond(&state, StatusCode::OK, &group.name, &CRUMBS, content).await)
}

/// `POST /behaviours/groups/{id}/invitations`.
pub(crate) async fn invite_to_group(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let id = group_id(&id)?;
    member_of(&state, viewer.id, id, true).await?;
    let email = Email::parse(fields.get("email").trim())
        .map_err(|_| WebError::BadRequest("Give an email address.".into()))?;
    state
        .store()
        .invite_to_behaviour_group(viewer.id, id, email.as_str())
        .await
        .map_err(refused_as(WebError::NotFound))?;
    Ok(crate::redirect::see_other(&format!(
        "/behaviours/groups/{id}"
    )))
}

/// `POST /behaviours/groups/{id}/answer`: joins (`join=1`) or declines an invitation.
pub(crate) async fn answer_group(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let id = group_id(&id)?;
    member_of(&state, viewer.id, id, false).await?;
    let join = match fields.get("join") {
        "1" => true,
        "0" => false,
        _ => return Err(WebError::BadRequest("Choose to join or decline.".into())),
    };
    state
        .store()
        .answer_behaviour_group(viewer.id, id, join)
        .await
        .map_err(refused_as(WebError::NotFound))?;
    Ok(crate::redirect::see_other(if join {
        "/behaviours#groups"
    } else {
        "/behaviours"
    }))
}

/// `POST /behaviours/groups/{id}/sharing`: shares (`sharing=1`) or stops sharing.
pub(crate) async fn share_with_group(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let id = group_id(&id)?;
    member_of(&state, viewer.id, id, true).await?;
    let sharing = match fields.get("sharing") {
        "1" => true,
        "0" => false,
        _ => {
            return Err(WebError::BadRequest(
                "Choose to share or stop sharing.".into(),
            ))
        }
    };
    state
        .store()
        .share_with_behaviour_group(viewer.id, id, sharing)
        .await
        .map_err(refused_as(WebError::NotFound))?;
    Ok(crate::redirect::see_other(&format!(
        "/behaviours/groups/{id}"
    )))
}
