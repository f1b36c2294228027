//! A partnership's page, `/partnerships/{id}`: what the partnership chose to publish (the
//! issue, vision, evidence, goals with progress charts against target, commitments with
//! their status and history, stock-take days and summaries), and for members the
//! members-only panels (drafts, invitations, discussion, actions). Outsiders are given the
//! store's public selection, so members-only material is never even read for them.

use super::chart::{goal_chart, progress_words};
use super::{paragraphs, tag, CRUMBS};
use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::format::{thousands, timestamp};
use crate::pages::accounts::respond;
use crate::pages::components::{self, Column};
use crate::pages::forms::{self, FieldErrors};
use crate::pages::layout::source_line;
use crate::partnerships::{acting, today, visible, Seen};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::import::ImportKind;
use convene_domain::partnerships::evidence::AreaFigures;
use convene_domain::partnerships::partnership::invitations_for;
use convene_domain::partnerships::progress::progress;
use convene_domain::partnerships::{GoalStatus, MemberStatus};
use convene_store::PartnershipDossier;
use maud::{html, Markup};

/// Longest discussion message.
pub(crate) const MAX_POST: usize = 5_000;

/// `GET /partnerships/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    page(&state, &context, &seen, &Vec::new(), "").await
}

/// The evidence panel for the area, or nothing if the map is not loaded yet.
async fn evidence_panel(state: &AppState, seen: &Seen) -> Option<Markup> {
    if seen.partnership.area.is_empty() {
        return None;
    }
    let analysis = state.analysis().await.ok()?;
    let sums = state.area_sums().await.ok()?;
    let figures = sums.panel(&seen.partnership.area, |urn| analysis.school(urn));
    let sources = state.sources().await;
    let source = |kind: ImportKind| {
        sources
            .iter()
            .find(|run| run.source.kind == kind)
            .map_or_else(|| "Not imported".to_string(), source_line)
    };
    let percent =
        |v: Option<f64>| v.map_or_else(|| "Not published".to_string(), |v| format!("{v:.1}%"));
    let signed =
        |v: Option<f64>| v.map_or_else(|| "Not published".to_string(), |v| format!("{v:+.2}"));
    let row = |label: &str, kind: ImportKind, f: &dyn Fn(&AreaFigures) -> String| {
        html! {
            tr class="govuk-table__row" {
                th scope="row" class="govuk-table__header" { (label) }
                td class="govuk-table__cell govuk-table__cell--numeric" { (f(&figures.area)) }
                td class="govuk-table__cell govuk-table__cell--numeric" { (f(&figures.england)) }
                td class="govuk-table__cell govuk-body-s" { (source(kind)) }
            }
        }
    };
    Some(html! {
        (components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-table__caption--s" { "The area served against England, from the data Convene holds" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Figure" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "This area" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "England" }
                th scope="col" class="govuk-table__header" { "Source" }
            } }
            tbody class="govuk-table__body" {
                (row("Open schools", ImportKind::GiasEstablishments, &|f| thousands(f.schools as i64)))
                (row("Pupils", ImportKind::Census, &|f| thousands(f.pupils as i64)))
                (row("Free school meals", ImportKind::Census, &|f| percent(f.fsm_percent)))
                (row("English as an additional language", ImportKind::Census, &|f| percent(f.eal_percent)))
                (row("SEN support", ImportKind::Sen, &|f| percent(f.sen_support_percent)))
                (row("Good or outstanding (latest overall judgement)", ImportKind::Ofsted, &|f| percent(f.good_or_outstanding_percent)))
                (row("Average Progress 8", ImportKind::Ks4, &|f| signed(f.progress8)))
                (row("Average key stage 2 reading progress", ImportKind::Ks2, &|f| signed(f.ks2_reading_progress)))
            }
        } }))
        p class="govuk-body-s" { "Percentages are weighted by pupils. Figures describe need; they do not show what the partnership caused." }
    })
}

/// The page, with a discussion message and its problems if one was refused.
pub(crate) async fn page(
    state: &AppState,
    context: &RequestContext,
    seen: &Seen,
    errors: &FieldErrors,
    draft_post: &str,
) -> Result<Response, WebError> {
    let dossier = seen.dossier(state).await?;
    let evidence = evidence_panel(state, seen).await;
    let content = render(context, seen, &dossier, evidence, errors, draft_post);
    let status = forms::status_for(errors);
    Ok(respond(state, status, &seen.partnership.name, &CRUMBS, content).await)
}

fn render(
    context: &RequestContext,
    seen: &Seen,
    d: &PartnershipDossier,
    evidence: Option<Markup>,
    errors: &FieldErrors,
    draft_post: &str,
) -> Markup {
    let p = &d.partnership;
    let base = p.path();
    let today = today();
    let invitations = context
        .actor
        .viewer()
        .map(|v| invitations_for(v, &seen.members))
        .unwrap_or_default();
    let goal_title = |id| {
        d.goals
            .iter()
            .find(|g| g.id == id)
            .map_or("", |g| g.title.as_str())
    };
    let upcoming = p.schedule().upcoming(today, 3);
    html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { "Partnership convened by " (p.convened_by.name) }
        h1 class="govuk-heading-l" { (p.name) }
        @if !p.published {
            p class="govuk-body" { (tag("Not published", "govuk-tag--grey")) " Only its members and the organisations invited can see this partnership." }
        }
        @for invited in &invitations {
            (forms::banner("You have an invitation", html! {
                p class="govuk-notification-banner__heading" { (invited.org.name) " is invited to join as " (invited.role.label().to_lowercase()) "." }
                div class="govuk-button-group" {
                    (forms::action_button(&format!("{base}/invitations/{}/accept", invited.org.org.key()), "Accept", "", &context.csrf_token))
                    (forms::action_button(&format!("{base}/invitations/{}/decline", invited.org.org.key()), "Decline", "govuk-button--secondary", &context.csrf_token))
                }
            }))
        }
        @if seen.member() {
            div class="govuk-button-group convene-no-print" {
                @if seen.acts() {
                    a class="govuk-button" href=(format!("{base}/stocktakes/new")) { "Record a stock-take" }
                    a class="govuk-button govuk-button--secondary" href=(format!("{base}/goals/new")) { "Add a goal" }
                    a class="govuk-button govuk-button--secondary" href=(format!("{base}/commitments/new")) { "Add a commitment" }
                }
                @if seen.convenes() {
                    a class="govuk-link" href=(format!("{base}/edit")) { "Change the partnership" }
                }
                a class="govuk-link" href=(format!("{base}/load")) { "Who carries what" }
                a class="govuk-link" href=(format!("{base}/report")) { "Report for a board" }
            }
        }
        h2 class="govuk-heading-m" { "The issue" }
        (paragraphs(&p.issue))
        h2 class="govuk-heading-m" { "Our shared vision" }
        (paragraphs(&p.vision))
        @if !p.narrative.is_empty() {
            h3 class="govuk-heading-s" { "Why we work together" }
            (paragraphs(&p.narrative))
        }
        h2 class="govuk-heading-m" { "The area and the evidence of need" }
        (components::summary_list(&[
            ("Local authorities", html! {
                @if p.area.local_authorities.is_empty() { "None named" }
                @for (i, code) in p.area.local_authorities.iter().enumerate() { @if i > 0 { ", " } a class="govuk-link" href=(format!("/local-authorities/{code}")) { (code) } }
            }),
            ("Schools", html! {
                @if p.area.schools.is_empty() { "None named" }
                @for (i, urn) in p.area.schools.iter().enumerate() { @if i > 0 { ", " } a class="govuk-link" href=(format!("/schools/{}", urn.0)) { (urn.0) } }
            }),
            ("Stock-takes", html! { (p.rhythm.describe()) @if !p.calendar.is_empty() { " (by the partnership's own term dates)" } }),
            ("Next stock-takes", html! {
                @if upcoming.is_empty() { "None scheduled" }
                @for (i, day) in upcoming.iter().enumerate() { @if i > 0 { ", " } (day.long()) }
                " (" a class="govuk-link" href=(format!("{base}/stocktakes.ics")) { "add to your calendar" } ")"
            }),
        ]))
        (paragraphs(&p.evidence))
        @if let Some(evidence) = evidence { (evidence) }

        h2 class="govuk-heading-m" id="goals" { "Goals and progress" }
        p class="govuk-body" {
            a class="govuk-link" href=(format!("{base}/impact")) { "Impact compared like with like" }
            ": the members' schools' published results before and after the partnership started, or after a goal's baseline, against their families of similar schools."
        }
        @if d.goals.is_empty() { p class="govuk-body" { "No goals agreed yet." } }
        @for goal in &d.goals {
            @let measured = d.series.get(&goal.id).map(Vec::as_slice).unwrap_or_default();
            @let progress = progress(goal, measured, today);
            div class="convene-goal" id=(format!("goal-{}", goal.id.0)) {
                h3 class="govuk-heading-s" {
                    (goal.title) " "
                    @if goal.status == GoalStatus::Draft { (tag("Draft", "govuk-tag--grey")) } @else { (tag(progress.status.label(), progress.status.tag())) }
                }
                (components::summary_list(&[
                    ("Measure", components::text(&goal.measure)),
                    ("Baseline", html! { (goal.show(goal.baseline)) " on " (goal.baseline_on.long()) }),
                    ("Target", html! { (goal.show(goal.target)) " by " (goal.deadline.long()) }),
                    ("Owned by", components::text(&goal.owner.name)),
                    ("Progress", components::text(progress_words(&progress))),
                ]))
                (goal_chart(&format!("goal-chart-{}", goal.id.0), goal, measured, &progress))
                @let changes: Vec<_> = d.history.iter().filter(|(g, _)| *g == goal.id).map(|(_, c)| c).collect();
                @if !changes.is_empty() {
                    details class="govuk-details" {
                        summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "History of this goal" } }
                        div class="govuk-details__text" {
                            ul class="govuk-list" {
                                @for c in &changes {
                                    li {
                                        (timestamp(&c.at)) ": "
                                        @if c.field == "agreed" { "agreed" } @else {
                                            (convene_domain::partnerships::goal::label_of(&c.field).to_lowercase()) " changed from “" (c.before) "” to “" (c.after) "”"
                                        }
                                        @if !c.by.is_empty() { " by " (c.by) }
                                    }
                                }
                            }
                        }
                    }
                }
                @if seen.member() && (goal.status == GoalStatus::Draft && seen.acts() || seen.convenes()) {
                    div class="govuk-button-group convene-no-print" {
                        a class="govuk-link" href=(format!("{base}/goals/{}/edit", goal.id.0)) { "Change this goal" }
                        @if goal.status == GoalStatus::Draft && seen.convenes() {
                            (forms::action_button(&format!("{base}/goals/{}/agree", goal.id.0), "Agree this goal", "govuk-button--secondary", &context.csrf_token))
                        }
                    }
                }
            }
        }

        h2 class="govuk-heading-m" id="commitments" { "Commitments" }
        p class="govuk-body" { a class="govuk-link" href=(format!("{base}/commitments.csv")) { "Download the commitments (CSV)" } }
        @if d.commitments.is_empty() { p class="govuk-body" { "No commitments yet." } } @else {
            (components::table("Who does what by when", &COMMITMENT_COLUMNS, html! {
                @for c in &d.commitments {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (c.action) }
                        td class="govuk-table__cell" { (goal_title(c.goal)) }
                        td class="govuk-table__cell" { (c.owner.name) @if c.owner_left { " " (tag("Left the partnership", "govuk-tag--grey")) } }
                        td class="govuk-table__cell" { (c.due.long()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (c.days) }
                        td class="govuk-table__cell" {
                            @match c.status { Some(s) => { (tag(s.label(), s.tag())) }, None => { "Not reviewed yet" } }
                            @if c.overdue(today) { " " (tag("Overdue", "govuk-tag--red")) }
                        }
                        td class="govuk-table__cell" {
                            @let history = d.status_history.get(&c.id).map(Vec::as_slice).unwrap_or_default();
                            @let earlier = history.len().saturating_sub(HISTORY_SHOWN);
                            @if earlier > 0 { (earlier) " earlier (in the CSV); " }
                            @for (i, (day, s)) in history[earlier..].iter().enumerate() { @if i > 0 { "; " } (day) ": " (s.label()) }
                        }
                    }
                }
            }))
        }

        h2 class="govuk-heading-m" id="stocktakes" { "Stock-takes" }
        p class="govuk-body" { a class="govuk-link" href=(format!("{base}/feed.atom")) { "Follow progress (Atom feed)" } }
        @if d.stocktakes.is_empty() { p class="govuk-body" { "No stock-takes held yet." } }
        @for s in &d.stocktakes {
            div class="govuk-!-margin-bottom-4" {
                h3 class="govuk-heading-s" { a class="govuk-link" href=(format!("{base}/stocktakes/{}", s.id.0)) { "Stock-take of " (s.held_on.long()) } }
                @if !s.summary.is_empty() { (paragraphs(&s.summary)) }
            }
        }

        h2 class="govuk-heading-m" id="members" { "Members" }
        (components::table("Organisations in the partnership", &MEMBER_COLUMNS, html! {
            @for m in &d.members {
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" { a class="govuk-link" href=(m.org.org.page_path()) { (m.org.name) } }
                    td class="govuk-table__cell" { (m.role.label()) }
                    td class="govuk-table__cell" { (m.status.label()) }
                    td class="govuk-table__cell convene-no-print" {
                        @if seen.convenes() && m.status == MemberStatus::Joined {
                            form method="post" action=(format!("{base}/members/{}/role", m.org.org.key())) class="convene-inline-form" novalidate {
                                (forms::csrf_field(&context.csrf_token))
                                label class="govuk-label govuk-visually-hidden" for=(format!("role-{}", m.org.org.key())) { "Role of " (m.org.name) }
                                select class="govuk-select" id=(format!("role-{}", m.org.org.key())) name="role" {
                                    @for r in convene_domain::partnerships::PartnershipRole::ALL { option value=(r.key()) selected[r == m.role] { (r.label()) } }
                                }
                                " "
                                button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" { "Change role" }
                            }
                        }
                        @if seen.member() && m.status == MemberStatus::Joined && context.actor.viewer().is_some_and(|v| v.administers(m.org.org)) {
                            (forms::action_button(&format!("{base}/members/{}/leave", m.org.org.key()), "Leave", "govuk-button--warning", &context.csrf_token))
                        }
                    }
                }
            }
        }))
        @if seen.convenes() {
            (super::members::invite_form(context, &base, &FieldErrors::new(), "", ""))
        }

        @if seen.member() {
            h2 class="govuk-heading-m" id="discussion" { "Discussion" }
            p class="govuk-body" { "Only members of the partnership see the discussion." }
            @if seen.acts() {
                form method="post" action=(format!("{base}/posts")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::textarea("body", "Add to the discussion", draft_post, None, errors))
                    (forms::button("Post"))
                }
            }
            @for post in &d.posts {
                div class="govuk-inset-text" {
                    p class="govuk-body-s" { strong { (post.author) } ", " (post.org.name) ", " (timestamp(&post.created_at)) }
                    (paragraphs(&post.body))
                }
            }
        }
    }
}

/// How many of a commitment's past statuses its row shows (the latest); the CSV and the
/// API have them all.
const HISTORY_SHOWN: usize = 4;

/// The columns of the commitments table.
const COMMITMENT_COLUMNS: [Column; 7] = [
    Column("Commitment", false),
    Column("Goal", false),
    Column("Owned by", false),
    Column("Due", false),
    Column("Days", true),
    Column("Status", false),
    Column("At past stock-takes", false),
];

/// The columns of the members table.
const MEMBER_COLUMNS: [Column; 4] = [
    Column("Organisation", false),
    Column("Role", false),
    Column("Status", false),
    Column("Actions", false),
];

/// `POST /partnerships/{id}/posts`: a message in the members-only discussion, for the
/// first organisation of the author's that has joined.
pub(crate) async fn post(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = acting(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    let body = form.get("body").trim();
    let mut errors = FieldErrors::new();
    if body.is_empty() {
        errors.push(("body", "Write something to post".into()));
    } else if body.chars().count() > MAX_POST {
        errors.push(("body", format!("Use {MAX_POST} characters or fewer")));
    }
    if !errors.is_empty() {
        return page(&state, &context, &seen, &errors, form.get("body")).await;
    }
    let org = seen
        .members
        .iter()
        .find(|m| m.status == MemberStatus::Joined && m.role.acts() && viewer.belongs_to(m.org.org))
        .map(|m| m.org.org)
        .ok_or_else(|| {
            WebError::Forbidden("You do not act for a member of this partnership.".into())
        })?;
    state
        .store()
        .post_to_partnership(seen.partnership.id, viewer.id, org, body)
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "{}#discussion",
        seen.partnership.path()
    )))
}
