//! Peer review pages: the list (the reader's own reviews and every published summary),
//! starting a review, and a review's page, which shows its parties each stage in turn with
//! only the forms their side may use now (the domain's `may_change` decides), and shows
//! everyone else the published summary alone.

use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{table, Column};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::peer_review_steps::{take_step, Outcome, ReviewStep};
use crate::peer_reviews::{
    action_owners, candidates, current_team_conflicts, review, review_to_change, Candidate, Names,
    SeenReview,
};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::peer_review::review::{
    may_change, may_publish, ActionForm, EvidenceForm, EvidenceKind, FeedbackForm, FindingForm,
    FindingKind, PeerReview, Reader, ReviewPart, ReviewRole, ReviewStatus, ReviewerForm,
    ScheduleForm, SetupDraft, SetupForm, SummaryForm, MAX_FOCUS, PROGRESS_REVIEW_MONTHS,
};
use maud::{html, Markup};

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/peer-reviews", "Peer reviews")];

/// `GET /peer-reviews`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let reader = Reader::from_actor(&context.actor);
    let mine = if reader.person.is_some() {
        state.store().peer_reviews_of(&reader).await?
    } else {
        Vec::new()
    };
    let published = state.store().published_review_summaries(100, 0).await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Peer reviews" }
        p class="govuk-body" { "A trust or school asks others to review its practice in the areas it chooses. The findings belong to the host and its reviewers alone; the host may publish a summary it writes, which is all anyone else sees." }
        @if reader.person.is_some() {
            p class="govuk-body" { a class="govuk-button" href="/peer-reviews/new" { "Start a review" } }
            h2 class="govuk-heading-m" { "Your reviews" }
            @if mine.is_empty() {
                p class="govuk-body" { "You are not hosting or reviewing any review." }
            } @else {
                (table("Reviews you host or review", &[Column("Host", false), Column("Your side", false), Column("Stage", false), Column("Starts", false), Column("Progress review", false)], html! {
                    @for r in &mine {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href=(format!("/peer-reviews/{}", r.id.0)) { (r.host_name) } }
                            td class="govuk-table__cell" { (r.role.label()) }
                            td class="govuk-table__cell" { (r.status.label()) }
                            td class="govuk-table__cell" { (r.starts_on.map_or("Not set".to_string(), |d| d.long())) }
                            td class="govuk-table__cell" { (r.progress_review_on.map_or("Not set".to_string(), |d| d.long())) }
                        }
                    }
                }))
            }
        }
        h2 class="govuk-heading-m" { "Published summaries" }
        @if published.is_empty() {
            p class="govuk-body" { "No host has published a summary yet." }
        } @else {
            ul class="govuk-list" {
                @for (r, host_name) in &published {
                    li { a class="govuk-link" href=(format!("/peer-reviews/{}", r.id.0)) { (host_name) } ", published " (r.summary.published_on.long()) }
                }
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Peer reviews",
        &CRUMBS[..1],
        content,
    )
    .await)
}

/// `GET /peer-reviews/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    new_page(&state, &context, &[], &Vec::new()).await
}

fn focus_choices(
    fields: &[(String, String)],
    chosen: &[ImprovementArea],
) -> Vec<(String, String, bool)> {
    ImprovementArea::ALL
        .into_iter()
        .map(|a| {
            let ticked = fields.iter().any(|(k, v)| k == "focus" && v == a.key())
                || (fields.is_empty() && chosen.contains(&a));
            (a.key().to_string(), a.label().to_string(), ticked)
        })
        .collect()
}

async fn new_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    let hosts = organisation_choices(state, context, get("host")).await?;
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Start a peer review" }
            @if hosts.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/peer-reviews" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "host", "Which organisation is to be reviewed?", None, &hosts, errors))
                    (forms::choices(ChoiceKind::Checkboxes, "focus", "What should the reviewers look at?", Some(&format!("Choose up to {MAX_FOCUS}. Findings are tied to these areas.")), &focus_choices(fields, &[]), errors))
                    (forms::textarea("self_evaluation", "Your self-evaluation (you can finish it later)", get("self_evaluation"), Some("Where you think you are in each focus area, and why. Only your organisation and the review team will see it."), errors))
                    (forms::button("Start review"))
                }
            }
        } }
    };
    let status = forms::status_for(errors);
    Ok(respond(state, status, "Start a peer review", &CRUMBS, content).await)
}

fn setup_form(form: &FormFields) -> SetupForm {
    SetupForm {
        host: form.get("host").to_string(),
        focus: form.all("focus").iter().map(|s| s.to_string()).collect(),
        self_evaluation: form.get("self_evaluation").to_string(),
    }
}

/// `POST /peer-reviews`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = setup_form(&form);
    let checked = must_act_for(viewer, "host", &input.host, SetupDraft::check(&input));
    match checked {
        Ok(draft) => {
            let id = state.store().create_peer_review(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!(
                "/peer-reviews/{}",
                id.0
            )))
        }
        Err(errors) => new_page(&state, &context, &form.pairs(), &errors).await,
    }
}

/// `GET /peer-reviews/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    match review(&state, &context, &id).await? {
        SeenReview::Whole(review, role) => {
            page(&state, &context, &review, role, &Vec::new(), &[]).await
        }
        SeenReview::Summary(public) => {
            let host_name = state
                .store()
                .organisation_name(public.host)
                .await?
                .unwrap_or_else(|| public.host.key());
            let content = html! {
                span class="govuk-caption-l" { "Peer review summary" }
                h1 class="govuk-heading-l" { (host_name) }
                p class="govuk-body" { "Published by the host on " (public.summary.published_on.long()) ". The host wrote this summary; the review's findings are confidential to the host and its reviewers." }
                div class="govuk-inset-text" { @for para in public.summary.text.split("\n\n") { p class="govuk-body" { (para) } } }
            };
            Ok(respond(
                &state,
                StatusCode::OK,
                &format!("Peer review summary: {host_name}"),
                &CRUMBS,
                content,
            )
            .await)
        }
    }
}

fn may(review: &PeerReview, role: ReviewRole, part: ReviewPart) -> bool {
    may_change(review.status, part, role).is_ok()
}

fn summary_row(key: &str, value: Markup) -> Markup {
    html! { div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { (key) } dd class="govuk-summary-list__value" { (value) } } }
}

/// The page for the review's parties, each part with the forms their side may use now.
async fn page(
    state: &AppState,
    context: &RequestContext,
    review: &PeerReview,
    role: ReviewRole,
    errors: &FieldErrors,
    fields: &[(String, String)],
) -> Result<Response, WebError> {
    let names = Names::of(state, review).await?;
    let host_name = names.org(review.host);
    let base = format!("/peer-reviews/{}", review.id.0);
    let csrf = &context.csrf_token;
    let get = |name: &str| forms::value_of(fields, name);
    let team_open = may(review, role, ReviewPart::Team);
    let candidates: Vec<Candidate> = if team_open {
        candidates(state, context, review).await?
    } else {
        Vec::new()
    };
    let conflicts = current_team_conflicts(state, review).await?;
    let owners = if may(review, role, ReviewPart::ActionPlan) {
        action_owners(state, review.host).await?
    } else {
        Default::default()
    };
    let reader = Reader::from_actor(&context.actor);
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { "Peer review · you are on the " (role.label().to_lowercase()) " side" }
        h1 class="govuk-heading-l" { (host_name) }
        div class="govuk-warning-text" { span class="govuk-warning-text__icon" aria-hidden="true" { "!" } strong class="govuk-warning-text__text" { span class="govuk-visually-hidden" { "Warning" } "Confidential: only " (host_name) " and its review team see this page. Everyone else sees only a summary the host chooses to publish." } }
        ol class="govuk-list govuk-list--number" aria-label="Stages" {
            @for s in ReviewStatus::ALL {
                li { @if s == review.status { strong { (s.label()) " (now)" } } @else { (s.label()) } }
            }
        }
        @if !review.status.next().is_empty() {
            div class="govuk-button-group" {
                @for to in review.status.next() {
                    @let label = match to { ReviewStatus::Scheduled => "Schedule the review", ReviewStatus::InProgress => "Start the review", ReviewStatus::Draft => "Back to draft", ReviewStatus::FindingsShared => "Share the findings with the host", ReviewStatus::ActionPlanAgreed => "Agree the action plan", ReviewStatus::ProgressReviewed => "Record the progress review as held" };
                    form method="post" action=(format!("{base}/status")) novalidate {
                        (forms::csrf_field(csrf))
                        input type="hidden" name="to" value=(to.key());
                        button type="submit" class=(if *to == ReviewStatus::Draft { "govuk-button govuk-button--secondary" } else { "govuk-button" }) data-module="govuk-button" { (label) }
                    }
                }
            }
        }

        h2 class="govuk-heading-m" id="setup" { "Focus and self-evaluation" }
        @if may(review, role, ReviewPart::Setup) {
            form method="post" action=(format!("{base}/setup")) novalidate {
                (forms::csrf_field(csrf))
                (forms::choices(ChoiceKind::Checkboxes, "focus", "Focus areas", Some(&format!("Choose up to {MAX_FOCUS}.")), &focus_choices(fields, &review.focus), errors))
                (forms::textarea("self_evaluation", "Self-evaluation", if fields.is_empty() { &review.self_evaluation } else { get("self_evaluation") }, None, errors))
                (forms::button("Save focus and self-evaluation"))
            }
        } @else {
            ul class="govuk-list govuk-list--bullet" { @for a in &review.focus { li { (a.label()) } } }
            @if review.self_evaluation.is_empty() { p class="govuk-body" { "No self-evaluation written." } }
            @else { div class="govuk-inset-text" { @for para in review.self_evaluation.split("\n\n") { p class="govuk-body" { (para) } } } }
        }

        h2 class="govuk-heading-m" id="team" { "Review team" }
        @if review.team.is_empty() { p class="govuk-body" { "No reviewers yet." } }
        @else {
            @let columns: &[Column] = if team_open { &[Column("Reviewer", false), Column("Reviewing for", false), Column("Found in", false), Column("Hours", true), Column("Change", false)] } else { &[Column("Reviewer", false), Column("Reviewing for", false), Column("Found in", false), Column("Hours", true)] };
            (table("Review team", columns, html! {
                @for r in &review.team {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (names.person(r.person)) }
                        td class="govuk-table__cell" { (names.org(r.org)) }
                        td class="govuk-table__cell" { (r.source.label()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (r.hours) }
                        @if team_open {
                            td class="govuk-table__cell" {
                                form method="post" action=(format!("{base}/team/remove")) novalidate {
                                    (forms::csrf_field(csrf))
                                    input type="hidden" name="person" value=(r.person.0);
                                    button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button" { "Remove" span class="govuk-visually-hidden" { " " (names.person(r.person)) } }
                                }
                            }
                        }
                    }
                }
            }))
        }
        @for (person, reason) in &conflicts {
            div class="govuk-warning-text" { span class="govuk-warning-text__icon" aria-hidden="true" { "!" } strong class="govuk-warning-text__text" { span class="govuk-visually-hidden" { "Warning" } (names.person(*person)) ": " (reason) } }
        }
        @if team_open {
            h3 class="govuk-heading-s" { "Add a reviewer" }
            @if candidates.is_empty() {
                p class="govuk-body" { "No one to suggest yet: reviewers come from your review group in a round, or from organisations offering peer review in your focus areas on the brokerage register." }
            } @else {
                @let options: Vec<(String, String, bool)> = candidates.iter().filter(|c| c.conflicts.is_empty()).map(|c| {
                    let value = format!("{}:{}:{}", c.person.0, c.org.key(), c.source.key());
                    let mut label = format!("{} ({}, {})", c.name, c.org_name, c.source.label().to_lowercase());
                    if !c.relationships.is_empty() { label.push_str(&format!(". Already works with you: {}", c.relationships.join("; "))); }
                    let chosen = get("reviewer") == value;
                    (value, label, chosen)
                }).collect();
                @if !options.is_empty() {
                    form method="post" action=(format!("{base}/team")) novalidate {
                        (forms::csrf_field(csrf))
                        (forms::choices(ChoiceKind::Radios, "reviewer", "Who should join the team?", Some("People acting for the other members of your review group first, then for organisations offering peer review in your focus areas."), &options, errors))
                        (Input::text("hours", "Hours they will give", get("hours")).hint("A whole number, 1 to 200. Once the findings are shared these count as their professional development.").render(errors))
                        (forms::button("Add reviewer"))
                    }
                }
                @let conflicted: Vec<&Candidate> = candidates.iter().filter(|c| !c.conflicts.is_empty()).collect();
                @if !conflicted.is_empty() {
                    h4 class="govuk-heading-s" { "Not offered, because of a conflict" }
                    ul class="govuk-list govuk-list--bullet" {
                        @for c in conflicted { li { (c.name) " (" (c.org_name) "): " (c.conflicts.join("; ")) } }
                    }
                }
            }
        }

        h2 class="govuk-heading-m" id="dates" { "Dates" }
        @if let Some(s) = review.schedule {
            dl class="govuk-summary-list" {
                (summary_row("First day", html! { (s.starts_on.long()) }))
                (summary_row("Last day", html! { (s.ends_on.long()) }))
                (summary_row("Progress review", html! { (s.progress_review_on.long()) }))
            }
        } @else { p class="govuk-body" { "Not set." } }
        @if may(review, role, ReviewPart::Schedule) {
            form method="post" action=(format!("{base}/schedule")) novalidate {
                (forms::csrf_field(csrf))
                (Input::text("starts_on", "First day", get("starts_on")).hint("For example 2027-03-01").render(errors))
                (Input::text("ends_on", "Last day", get("ends_on")).render(errors))
                (Input::text("progress_review_on", "Progress review (optional)", get("progress_review_on")).hint(&format!("Leave blank for {PROGRESS_REVIEW_MONTHS} months after the last day. Convene reminds the host and the team four weeks before, and on the day.")).render(errors))
                (forms::button("Save dates"))
            }
        }

        @if review.status >= ReviewStatus::InProgress {
            h2 class="govuk-heading-m" id="evidence" { "Evidence log" }
            @if review.evidence.is_empty() { p class="govuk-body" { "Nothing logged yet." } }
            @else {
                (table("Evidence log", &[Column("Date", false), Column("Kind", false), Column("What was seen or heard", false), Column("By", false)], html! {
                    @for e in &review.evidence {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (e.on.long()) }
                            td class="govuk-table__cell" { (e.kind.label()) }
                            td class="govuk-table__cell" { (e.note) }
                            td class="govuk-table__cell" { (names.person(e.by)) }
                        }
                    }
                }))
            }
            @if may(review, role, ReviewPart::Evidence) {
                form method="post" action=(format!("{base}/evidence")) novalidate {
                    (forms::csrf_field(csrf))
                    (Input::text("evidence_on", "Date gathered", get("evidence_on")).hint("For example 2027-03-02").render(errors))
                    (forms::choices(ChoiceKind::Radios, "evidence_kind", "Kind of evidence", None, &EvidenceKind::ALL.into_iter().map(|k| (k.key().to_string(), k.label().to_string(), get("evidence_kind") == k.key())).collect::<Vec<_>>(), errors))
                    (forms::textarea("evidence_note", "What was seen or heard", get("evidence_note"), None, errors))
                    (forms::button("Log evidence"))
                }
            }

            h2 class="govuk-heading-m" id="findings" { "Findings" }
            @for area in &review.focus {
                h3 class="govuk-heading-s" { (area.label()) }
                @let found: Vec<_> = review.findings.iter().filter(|f| f.area == *area).collect();
                @if found.is_empty() { p class="govuk-body" { "No findings yet." } }
                @else {
                    ul class="govuk-list govuk-list--bullet" {
                        @for f in found { li { strong { (f.kind.label()) ": " } (f.text) " (" (names.person(f.by)) ", finding " (f.id.0) ")" } }
                    }
                }
            }
            @if may(review, role, ReviewPart::Findings) {
                form method="post" action=(format!("{base}/findings")) novalidate {
                    (forms::csrf_field(csrf))
                    (forms::choices(ChoiceKind::Radios, "finding_kind", "Strength or area to develop?", None, &[FindingKind::Strength, FindingKind::AreaToDevelop].into_iter().map(|k| (k.key().to_string(), k.label().to_string(), get("finding_kind") == k.key())).collect::<Vec<_>>(), errors))
                    (forms::choices(ChoiceKind::Radios, "area", "Focus area", None, &review.focus.iter().map(|a| (a.key().to_string(), a.label().to_string(), get("area") == a.key())).collect::<Vec<_>>(), errors))
                    (forms::textarea("finding_text", "Finding", get("finding_text"), None, errors))
                    (forms::button("Record finding"))
                }
            }
        }

        @if review.status >= ReviewStatus::FindingsShared {
            h2 class="govuk-heading-m" id="plan" { "Action plan" }
            @if review.actions.is_empty() { p class="govuk-body" { "No actions yet." } }
            @else {
                (table("Action plan", &[Column("Action", false), Column("Who", false), Column("By", false), Column("Answers finding", false)], html! {
                    @for a in &review.actions {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (a.what) }
                            td class="govuk-table__cell" { (names.org(a.who)) }
                            td class="govuk-table__cell" { (a.by.long()) }
                            td class="govuk-table__cell" { (a.finding.0) }
                        }
                    }
                }))
            }
            @if may(review, role, ReviewPart::ActionPlan) {
                form method="post" action=(format!("{base}/actions")) novalidate {
                    (forms::csrf_field(csrf))
                    (forms::choices(ChoiceKind::Radios, "finding", "Which finding does it answer?", None, &review.findings.iter().map(|f| (f.id.0.to_string(), format!("{} ({}): {}", f.kind.label(), f.area.label(), f.text), get("finding") == f.id.0.to_string())).collect::<Vec<_>>(), errors))
                    (forms::textarea("what", "What will be done", get("what"), None, errors))
                    @let owner_choices: Vec<(String, String, bool)> = owners.iter().map(|o| (o.key(), if *o == review.host { host_name.clone() } else { o.key() }, get("who") == o.key() || (get("who").is_empty() && *o == review.host))).collect();
                    @if owner_choices.len() > 12 {
                        (Input::text("who", "Who will do it (the host, or one of its schools by key such as school-100000)", if get("who").is_empty() { review.host.key() } else { get("who").to_string() }.as_str()).render(errors))
                    } @else {
                        (forms::choices(ChoiceKind::Radios, "who", "Who will do it?", None, &owner_choices, errors))
                    }
                    (Input::text("by", "Done by", get("by")).hint("For example 2027-07-20").render(errors))
                    (forms::button("Add action"))
                }
            }

            h2 class="govuk-heading-m" id="feedback" { "Feedback on the review" }
            @if review.feedback.is_empty() { p class="govuk-body" { "No feedback yet." } }
            @else {
                ul class="govuk-list" {
                    @for f in &review.feedback { li { (names.person(f.by)) " (" (f.from.label().to_lowercase()) "): " (f.rating) " out of 5" @if !f.comment.is_empty() { ". " (f.comment) } } }
                }
            }
            @if may(review, role, ReviewPart::Feedback) {
                form method="post" action=(format!("{base}/feedback")) novalidate {
                    (forms::csrf_field(csrf))
                    (forms::choices(ChoiceKind::Radios, "rating", "How useful was the review, from 1 (not at all) to 5 (very)?", None, &(1..=5).map(|n: u8| (n.to_string(), n.to_string(), get("rating") == n.to_string())).collect::<Vec<_>>(), errors))
                    (forms::textarea("comment", "Comment (optional)", get("comment"), None, errors))
                    (forms::button("Give feedback"))
                }
            }

            h2 class="govuk-heading-m" id="summary" { "Published summary" }
            @if let Some(summary) = &review.summary {
                p class="govuk-body" { "Published on " (summary.published_on.long()) ". This is all anyone outside the review sees." }
                div class="govuk-inset-text" { @for para in summary.text.split("\n\n") { p class="govuk-body" { (para) } } }
            } @else { p class="govuk-body" { "Not published. Until the host publishes a summary, no one outside the review knows of it." } }
            @if may_publish(review, &reader).is_ok() {
                form method="post" action=(format!("{base}/summary")) novalidate {
                    (forms::csrf_field(csrf))
                    (forms::textarea("summary_text", if review.summary.is_some() { "Replace the published summary" } else { "Summary to publish" }, get("summary_text"), Some("Write it for the public: everyone will be able to read it. Findings are not published unless you write them here."), errors))
                    (forms::button("Publish summary"))
                }
            }
        }
    };
    let status = forms::status_for(errors);
    Ok(respond(
        state,
        status,
        &format!("Peer review: {host_name}"),
        &CRUMBS,
        content,
    )
    .await)
}

/// Field problems from a domain check, with the domain's field names mapped to this page's
/// (several forms share the page, so their fields are named apart).
fn renamed(problems: FieldErrors, rename: &[(&str, &'static str)]) -> FieldErrors {
    problems
        .into_iter()
        .map(|(field, message)| {
            let field = rename
                .iter()
                .find(|(from, _)| *from == field)
                .map_or(field, |(_, to)| *to);
            (field, message)
        })
        .collect()
}

impl Outcome {
    fn problems(self, rename: &[(&str, &'static str)]) -> Result<(), FieldErrors> {
        match self {
            Outcome::Done => Ok(()),
            Outcome::Invalid(p) => Err(renamed(p, rename)),
            Outcome::Refused(field, message) => Err(renamed(vec![(field, message)], rename)),
        }
    }
}

/// One step from a page's form: the review for its parties (404 for anyone else), the
/// step taken, then back to the part changed, or the page again with the problems under
/// the page's own field names.
async fn page_step(
    state: &AppState,
    context: &RequestContext,
    id: &str,
    form: &FormFields,
    step: ReviewStep,
    anchor: &str,
    rename: &[(&str, &'static str)],
) -> Result<Response, WebError> {
    let (review, _) = review_to_change(state, context, id).await?;
    let outcome = take_step(state, context, &review, step).await?;
    match outcome.problems(rename) {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/peer-reviews/{id}#{anchor}"
        ))),
        Err(errors) => {
            let (review, role) = review_to_change(state, context, id).await?;
            page(state, context, &review, role, &errors, &form.pairs()).await
        }
    }
}

/// Declares one `POST /peer-reviews/{id}/...` handler: the step from the form, the part of
/// the page to return to, and the domain's field names mapped to the page's.
macro_rules! form_step {
    ($name:ident, $doc:literal, $anchor:literal, |$form:ident| $step:expr, $rename:expr) => {
        #[doc = $doc]
        pub(crate) async fn $name(
            State(state): State<AppState>,
            context: RequestContext,
            Path(id): Path<String>,
            $form: FormFields,
        ) -> Result<Response, WebError> {
            let step = $step;
            page_step(&state, &context, &id, &$form, step, $anchor, $rename).await
        }
    };
}

fn field(form: &FormFields, name: &str) -> String {
    form.get(name).to_string()
}

form_step!(
    setup,
    "`POST /peer-reviews/{id}/setup`.",
    "setup",
    |form| ReviewStep::Setup(setup_form(&form)),
    &[]
);
form_step!(
    add_to_team,
    "`POST /peer-reviews/{id}/team`: the host adds a suggested reviewer (`person:org:source`).",
    "team",
    |form| {
        let mut parts = form.get("reviewer").splitn(3, ':');
        let mut next = || parts.next().unwrap_or_default().to_string();
        ReviewStep::AddReviewer(ReviewerForm {
            person: next(),
            org: next(),
            source: next(),
            hours: field(&form, "hours"),
        })
    },
    &[
        ("person", "reviewer"),
        ("org", "reviewer"),
        ("source", "reviewer")
    ]
);
form_step!(
    remove_from_team,
    "`POST /peer-reviews/{id}/team/remove`.",
    "team",
    |form| ReviewStep::RemoveReviewer(field(&form, "person")),
    &[]
);
form_step!(
    schedule,
    "`POST /peer-reviews/{id}/schedule`.",
    "dates",
    |form| ReviewStep::Schedule(ScheduleForm {
        starts_on: field(&form, "starts_on"),
        ends_on: field(&form, "ends_on"),
        progress_review_on: field(&form, "progress_review_on")
    }),
    &[]
);
form_step!(
    status,
    "`POST /peer-reviews/{id}/status`.",
    "setup",
    |form| ReviewStep::Move(field(&form, "to")),
    &[]
);
form_step!(
    evidence,
    "`POST /peer-reviews/{id}/evidence`.",
    "evidence",
    |form| ReviewStep::Evidence(EvidenceForm {
        on: field(&form, "evidence_on"),
        kind: field(&form, "evidence_kind"),
        note: field(&form, "evidence_note")
    }),
    &[
        ("on", "evidence_on"),
        ("kind", "evidence_kind"),
        ("note", "evidence_note")
    ]
);
form_step!(
    finding,
    "`POST /peer-reviews/{id}/findings`.",
    "findings",
    |form| ReviewStep::Finding(FindingForm {
        kind: field(&form, "finding_kind"),
        area: field(&form, "area"),
        text: field(&form, "finding_text")
    }),
    &[("kind", "finding_kind"), ("text", "finding_text")]
);
form_step!(
    action,
    "`POST /peer-reviews/{id}/actions`.",
    "plan",
    |form| ReviewStep::Action(ActionForm {
        what: field(&form, "what"),
        who: field(&form, "who"),
        by: field(&form, "by"),
        finding: field(&form, "finding")
    }),
    &[]
);
form_step!(
    feedback,
    "`POST /peer-reviews/{id}/feedback`.",
    "feedback",
    |form| ReviewStep::Feedback(FeedbackForm {
        rating: field(&form, "rating"),
        comment: field(&form, "comment")
    }),
    &[]
);
form_step!(
    summary,
    "`POST /peer-reviews/{id}/summary`.",
    "summary",
    |form| ReviewStep::Summary(SummaryForm {
        text: field(&form, "summary_text")
    }),
    &[("text", "summary_text")]
);

/// An organisation's finished peer reviews as collaboration records, for its page: all of
/// them for people acting for it (it was a party to each), only those whose host
/// published a summary for everyone else.
pub(crate) async fn records_section(
    state: &AppState,
    context: &RequestContext,
    org: convene_domain::party::OrgRef,
) -> Result<Markup, WebError> {
    let member = context.actor.viewer().is_some_and(|v| v.belongs_to(org));
    let records: Vec<_> = state
        .store()
        .review_records_of(org)
        .await?
        .into_iter()
        .filter(|r| member || r.published)
        .collect();
    let mut rows = Vec::with_capacity(records.len());
    for r in &records {
        let mut reviewers = Vec::new();
        for o in &r.reviewers {
            reviewers.push(
                state
                    .store()
                    .organisation_name(*o)
                    .await?
                    .unwrap_or_else(|| o.key()),
            );
        }
        rows.push((r, reviewers.join(", ")));
    }
    Ok(html! {
        h2 class="govuk-heading-m" id="peer-reviews" { "Peer reviews" }
        @if rows.is_empty() {
            p class="govuk-body" { "No finished peer review to show." }
        } @else {
            (table("Finished peer reviews", &[Column("Reviewed", false), Column("Reviewed by", false), Column("Last day", false), Column("Stage", false)], html! {
                @for (r, reviewers) in &rows {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/peer-reviews/{}", r.review.0)) { (r.host_name) } }
                        td class="govuk-table__cell" { (reviewers) }
                        td class="govuk-table__cell" { (r.ends_on.long()) }
                        td class="govuk-table__cell" { (r.status.label()) }
                    }
                }
            }))
            @if !member { p class="govuk-body" { "Only reviews whose host published a summary are shown here." } }
        }
    })
}

/// A person's hours as a peer reviewer, for their profile: the total, and each review's
/// host named only to the reviewer themself or where the host published a summary.
pub(crate) async fn hours_section(
    state: &AppState,
    context: &RequestContext,
    person: convene_domain::account::PersonId,
) -> Result<Markup, WebError> {
    let lines = state.store().reviewer_hours(person).await?;
    if lines.is_empty() {
        return Ok(html! {});
    }
    let own = context.actor.viewer().is_some_and(|v| v.id == person);
    let total = convene_domain::peer_review::records::total_hours(&lines);
    Ok(html! {
        h2 class="govuk-heading-m" id="development" { "Professional development: peer reviewing" }
        p class="govuk-body" { (total) " hours as a peer reviewer on " (lines.len()) @if lines.len() == 1 { " review" } @else { " reviews" } ", counted once each review's findings were shared." }
        ul class="govuk-list govuk-list--bullet" {
            @for l in &lines {
                li {
                    (l.hours) " hours, finished " (l.ends_on.long()) ": "
                    @match (own, l.host_for_others()) {
                        (true, _) => { (l.host_name) }
                        (false, Some(host)) => { (host) }
                        (false, None) => { "a confidential review" }
                    }
                }
            }
        }
    })
}
