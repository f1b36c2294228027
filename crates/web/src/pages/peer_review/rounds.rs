//! Review round pages: the list, opening a round, a round's page (volunteering, the
//! volunteers for those who may see them, proposed groups with their reasons, saved
//! groups measured on each criterion, moving a member and confirming a group).

use crate::access::RequestContext;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{table, Column};
use crate::pages::forms::refused;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::partnerships::today;
use crate::peer_review::{
    move_and_save, propose_and_save, round, round_input, rules, seed, MoveRefused, SeenRound,
};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::round_setup::{
    check_focus, RoundDraft, RoundForm, RoundStatus, MAX_FOCUS,
};
use convene_domain::peer_review::{assess, propose, Assessment, RoundInput};
use maud::{html, Markup};
use serde::Deserialize;

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/review-rounds", "Peer review rounds")];

fn crumbs_for(seen: &SeenRound) -> Vec<(String, String)> {
    vec![
        ("/".into(), "Home".into()),
        ("/review-rounds".into(), "Peer review rounds".into()),
        (
            format!("/review-rounds/{}", seen.round.id.0),
            seen.round.name.clone(),
        ),
    ]
}

/// `GET /review-rounds`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let rounds = state.store().review_rounds(500, 0).await?;
    let signed_in = context.actor.viewer().is_some();
    let content = html! {
        h1 class="govuk-heading-l" { "Peer review rounds" }
        p class="govuk-body" { "Trusts and schools volunteer to review each other's practice in small groups. Convene proposes groups that are alike enough to learn from each other, with someone strong in each member's focus areas, within the round's travel limit, and with no direct competitors together. Every proposal says why." }
        @if signed_in { p class="govuk-body" { a class="govuk-button" href="/review-rounds/new" { "Open a round" } } }
        @if rounds.is_empty() {
            p class="govuk-body" { "No rounds yet." }
        } @else {
            (table("Rounds", &[Column("Round", false), Column("Convened by", false), Column("Group size", true), Column("Volunteers", true), Column("Volunteering closes", false), Column("Status", false)], html! {
                @for (r, volunteers) in &rounds {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/review-rounds/{}", r.id.0)) { (r.name) } }
                        td class="govuk-table__cell" { (r.convener.name) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (r.group_size) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (volunteers) }
                        td class="govuk-table__cell" { (r.closes_on.long()) }
                        td class="govuk-table__cell" { (r.status.label()) }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        axum::http::StatusCode::OK,
        "Peer review rounds",
        &CRUMBS[..1],
        content,
    )
    .await)
}

/// `GET /review-rounds/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let fields = vec![("group_size".to_string(), "4".to_string())];
    form_page(&state, &context, &fields, &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    let conveners = organisation_choices(state, context, get("convener")).await?;
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Open a peer review round" }
            @if conveners.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/review-rounds" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "convener", "Which organisation is convening?", None, &conveners, errors))
                    (Input::text("name", "Name of the round", get("name")).render(errors))
                    (forms::textarea("description", "What the round is for (optional)", get("description"), None, errors))
                    (Input::text("group_size", "Group size", get("group_size")).hint("From 3 to 7. When the volunteers do not divide exactly, some groups are one larger or smaller.").render(errors))
                    (Input::text("travel_km", "Travel limit in kilometres (optional)", get("travel_km")).hint("The furthest two members of a group may be apart. Leave blank for no limit.").render(errors))
                    (Input::text("closes_on", "Last day to volunteer", get("closes_on")).hint("For example 2027-03-31").render(errors))
                    (forms::button("Open round"))
                }
            }
        } }
    };
    let status = forms::status_for(errors);
    Ok(respond(state, status, "Open a peer review round", &CRUMBS, content).await)
}

/// `POST /review-rounds`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = RoundForm {
        convener: form.get("convener").to_string(),
        name: form.get("name").to_string(),
        description: form.get("description").to_string(),
        group_size: form.get("group_size").to_string(),
        travel_km: form.get("travel_km").to_string(),
        closes_on: form.get("closes_on").to_string(),
    };
    let checked = must_act_for(
        viewer,
        "convener",
        &input.convener,
        RoundDraft::check(&input, today()),
    );
    match checked {
        Ok(draft) => {
            let id = state.store().create_review_round(viewer.id, &draft).await?;
            Ok(crate::redirect::see_other(&format!(
                "/review-rounds/{}",
                id.0
            )))
        }
        Err(errors) => form_page(&state, &context, &form.pairs(), &errors).await,
    }
}

/// What the round page is asked to show.
#[derive(Debug, Deserialize)]
pub(crate) struct RoundQuery {
    /// `yes` to show the optimiser's proposal (conveners).
    #[serde(default)]
    propose: String,
}

/// `GET /review-rounds/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    Query(query): Query<RoundQuery>,
) -> Result<Response, WebError> {
    let seen = round(&state, &context, &id).await?;
    page(
        &state,
        &context,
        &seen,
        query.propose == "yes",
        &Vec::new(),
        &[],
    )
    .await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    seen: &SeenRound,
    proposing: bool,
    errors: &FieldErrors,
    fields: &[(String, String)],
) -> Result<Response, WebError> {
    let r = &seen.round;
    let base = format!("/review-rounds/{}", r.id.0);
    let groups = if seen.sees_volunteers() {
        state.store().round_groups(r.id).await?
    } else {
        Vec::new()
    };
    let input = if seen.sees_volunteers() && (proposing || !groups.is_empty()) {
        Some(round_input(state, seen).await?)
    } else {
        None
    };
    let rules = rules(r);
    let proposal = match (&input, proposing && seen.convenes) {
        (Some(input), true) => Some(propose(input, &rules, seed(r.id))),
        _ => None,
    };
    let saved = match &input {
        Some(input) if !groups.is_empty() => {
            let index: Vec<Vec<usize>> = groups
                .iter()
                .map(|g| {
                    g.members
                        .iter()
                        .filter_map(|m| input.volunteers.iter().position(|v| v.org == m.org.org))
                        .collect()
                })
                .collect();
            Some(assess(input, &rules, &index))
        }
        _ => None,
    };
    let mine: Vec<OrgRef> = context
        .actor
        .viewer()
        .map(|v| v.organisations.keys().copied().collect())
        .unwrap_or_default();
    let focus_choices: Vec<(String, String, bool)> = ImprovementArea::ALL
        .into_iter()
        .map(|a| {
            let chosen = fields.iter().any(|(k, v)| k == "focus" && v == a.key());
            (a.key().to_string(), a.label().to_string(), chosen)
        })
        .collect();
    let volunteer_orgs = if mine.is_empty() {
        Vec::new()
    } else {
        organisation_choices(state, context, forms::value_of(fields, "org")).await?
    };
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { "Peer review round convened by " (r.convener.name) }
        h1 class="govuk-heading-l" { (r.name) }
        @if !r.description.is_empty() { p class="govuk-body" { (r.description) } }
        dl class="govuk-summary-list" {
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Status" } dd class="govuk-summary-list__value" { (r.status.label()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Group size" } dd class="govuk-summary-list__value" { (r.group_size) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Travel limit" } dd class="govuk-summary-list__value" { (r.travel_km.map_or("None".to_string(), |km| format!("{km} km between any two members"))) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Volunteering closes" } dd class="govuk-summary-list__value" { (r.closes_on.long()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Volunteers" } dd class="govuk-summary-list__value" { (seen.volunteers.len()) } }
        }
        @if r.status == RoundStatus::Open && !volunteer_orgs.is_empty() {
            h2 class="govuk-heading-m" id="volunteer" { "Volunteer" }
            form method="post" action=(format!("{base}/volunteers")) novalidate {
                (forms::csrf_field(&context.csrf_token))
                (forms::choices(ChoiceKind::Radios, "org", "Which organisation is volunteering?", None, &volunteer_orgs, errors))
                (forms::choices(ChoiceKind::Checkboxes, "focus", "What do you want reviewed?", Some(&format!("Choose up to {MAX_FOCUS}. Your focus areas are seen only by the convener and the other volunteers.")), &focus_choices, errors))
                (forms::button("Volunteer"))
            }
        }
        @if r.status == RoundStatus::Open {
            @for org in &seen.volunteering {
                form method="post" action=(format!("{base}/withdraw")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    input type="hidden" name="org" value=(org.key());
                    button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" { "Withdraw " (seen.volunteers.iter().find(|v| v.org.org == *org).map_or(org.key(), |v| v.org.name.clone())) " from the round" }
                }
            }
        }
        @if seen.sees_volunteers() {
            h2 class="govuk-heading-m" { "Who volunteered" }
            p class="govuk-body" { a class="govuk-link" href=(format!("{base}/groups.csv")) { "Download the volunteers and groups (CSV)" } }
            @if seen.volunteers.is_empty() { p class="govuk-body" { "No one yet." } }
            @else {
                ul class="govuk-list govuk-list--bullet" {
                    @for v in &seen.volunteers {
                        li { (v.org.name) ": " (v.focus.iter().map(|a| a.label()).collect::<Vec<_>>().join(", ")) }
                    }
                }
            }
        } @else {
            p class="govuk-body" { "Who volunteered, and what they want reviewed, is seen only by the convener and the volunteers." }
        }
        @if seen.convenes && r.status != RoundStatus::Closed {
            p class="govuk-body" { a class="govuk-button govuk-button--secondary" href=(format!("{base}?propose=yes#proposal")) { "Propose groups" } }
        }
        @if let Some(result) = &proposal {
            h2 class="govuk-heading-m" id="proposal" { "Proposed groups" }
            @match result {
                Ok(p) => {
                    p class="govuk-body" { "Objective " (format!("{:.3}", p.assessment.objective)) " (the mean of how alike each member is to its group and how well its focus areas are covered, from 0 to 1), against " (format!("{:.3}", p.greedy_objective)) " for the greedy start, after " (p.passes) " passes of local search." }
                    @if let Some(input) = &input { (groups_view(input, &rules, &p.assessment, None)) }
                    form method="post" action=(format!("{base}/groups")) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        (forms::button("Save these groups"))
                    }
                }
                Err(why) => {
                    div class="govuk-warning-text" { span class="govuk-warning-text__icon" aria-hidden="true" { "!" } strong class="govuk-warning-text__text" { span class="govuk-visually-hidden" { "Warning" } "No groups can be proposed: " (why.describe()) } }
                }
            }
        }
        @if let (Some(input), Some(assessment)) = (&input, &saved) {
            h2 class="govuk-heading-m" id="groups" { "Groups" }
            p class="govuk-body" { "Objective " (format!("{:.3}", assessment.objective)) "; " (assessment.conflicts) " conflicting pairs share a group." }
            (groups_view(input, &rules, assessment, Some(&groups)))
            @if seen.convenes && r.status == RoundStatus::Grouped {
                h3 class="govuk-heading-s" { "Move a member" }
                p class="govuk-body" { "Moving a member saves the groups again and shows the effect on each criterion; confirmations already given are cleared, since the groups changed." }
                form method="post" action=(format!("{base}/groups/move")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (Input::text("org", "Member (its key, such as trust-17101)", forms::value_of(fields, "org")).render(errors))
                    (Input::text("to", "To group number", forms::value_of(fields, "to")).hint(&format!("1 to {}; {} starts a new group", groups.len(), groups.len() + 1)).render(errors))
                    (forms::button("Move"))
                }
            }
            @if r.status == RoundStatus::Grouped {
                @for org in &seen.volunteering {
                    @if groups.iter().flat_map(|g| &g.members).any(|m| m.org.org == *org && !m.confirmed) {
                        form method="post" action=(format!("{base}/groups/confirm")) novalidate {
                            (forms::csrf_field(&context.csrf_token))
                            input type="hidden" name="org" value=(org.key());
                            (forms::button(&format!("Confirm our group for {}", seen.volunteers.iter().find(|v| v.org.org == *org).map_or(org.key(), |v| v.org.name.clone()))))
                        }
                    }
                }
            }
        }
    };
    let status = forms::status_for(errors);
    let crumbs = crumbs_for(seen);
    let borrowed: Vec<(&str, &str)> = crumbs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Ok(respond(state, status, &r.name, &borrowed, content).await)
}

/// Each group with its members, confirmation and reasons.
fn groups_view(
    input: &RoundInput,
    rules: &convene_domain::peer_review::RoundRules,
    assessment: &Assessment,
    saved: Option<&[convene_domain::peer_review::round_setup::SavedGroup]>,
) -> Markup {
    html! {
        @for (i, group) in assessment.groups.iter().enumerate() {
            div class="govuk-summary-card" {
                div class="govuk-summary-card__title-wrapper" { h3 class="govuk-summary-card__title" { "Group " (i + 1) } }
                div class="govuk-summary-card__content" {
                    ul class="govuk-list" {
                        @for m in &group.members {
                            @if let Some(v) = input.volunteers.get(*m) {
                                li {
                                    (v.name) " (" (v.org.key()) ")"
                                    @if let Some(saved) = saved {
                                        @let confirmed = saved.get(i).is_some_and(|g| g.members.iter().any(|s| s.org.org == v.org && s.confirmed));
                                        @if confirmed { " " strong class="govuk-tag govuk-tag--green" { "Confirmed" } }
                                    }
                                }
                            }
                        }
                    }
                    h4 class="govuk-heading-s" { "Why" }
                    ul class="govuk-list govuk-list--bullet" {
                        @for reason in group.reasons(input, rules) { li { (reason) } }
                    }
                }
            }
        }
    }
}

/// `POST /review-rounds/{id}/volunteers`.
pub(crate) async fn volunteer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let seen = round(&state, &context, &id).await?;
    let mut errors = FieldErrors::new();
    let org = OrgRef::parse(form.get("org").trim()).filter(|o| viewer.belongs_to(*o));
    if org.is_none() {
        errors.push(("org", "Choose an organisation you act for".into()));
    }
    let keys: Vec<String> = form.all("focus").iter().map(|s| s.to_string()).collect();
    let focus = check_focus(&keys).map_err(|p| errors.extend(p)).ok();
    if let (Some(org), Some(focus), true) = (org, &focus, errors.is_empty()) {
        match state
            .store()
            .volunteer_for_round(seen.round.id, org, focus, viewer.id, today())
            .await
        {
            Ok(()) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/review-rounds/{}",
                    seen.round.id.0
                )))
            }
            Err(e) => errors = refused(e, "org")?,
        }
    }
    page(&state, &context, &seen, false, &errors, &form.pairs()).await
}

/// `POST /review-rounds/{id}/groups`: conveners save the proposal shown.
pub(crate) async fn save_groups(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    match propose_and_save(&state, &seen).await? {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/review-rounds/{}#groups",
            seen.round.id.0
        ))),
        Err(why) => page(&state, &context, &seen, false, &vec![("groups", why)], &[]).await,
    }
}

/// `POST /review-rounds/{id}/groups/move`: conveners move one member.
pub(crate) async fn move_to_group(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let seen = convening(&state, &context, &id).await?;
    match move_and_save(&state, &seen, form.get("org"), form.get("to")).await? {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/review-rounds/{}#groups",
            seen.round.id.0
        ))),
        Err(MoveRefused::Invalid(field, why)) => {
            page(
                &state,
                &context,
                &seen,
                false,
                &vec![(field, why)],
                &form.pairs(),
            )
            .await
        }
        Err(MoveRefused::Refused(why)) => {
            page(
                &state,
                &context,
                &seen,
                false,
                &vec![("org", why)],
                &form.pairs(),
            )
            .await
        }
    }
}

/// `POST /review-rounds/{id}/groups/confirm`: a member confirms its group.
pub(crate) async fn confirm(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let seen = round(&state, &context, &id).await?;
    let org = OrgRef::parse(form.get("org").trim())
        .filter(|o| seen.volunteering.contains(o))
        .ok_or_else(|| {
            WebError::Forbidden(
                "Only a member of the group may confirm it for its organisation.".into(),
            )
        })?;
    let errors = match state
        .store()
        .confirm_round_group(seen.round.id, org, viewer.id)
        .await
    {
        Ok(()) => {
            return Ok(crate::redirect::see_other(&format!(
                "/review-rounds/{}#groups",
                seen.round.id.0
            )))
        }
        Err(e) => refused(e, "org")?,
    };
    page(&state, &context, &seen, false, &errors, &[]).await
}

/// The round, if the reader convenes it; otherwise 403.
async fn convening(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<SeenRound, WebError> {
    let seen = round(state, context, id).await?;
    if seen.convenes {
        Ok(seen)
    } else {
        Err(WebError::Forbidden(
            "Only people acting for the convening organisation can change the groups.".into(),
        ))
    }
}

/// `POST /review-rounds/{id}/withdraw`: a volunteer leaves the round while it is open.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    context.viewer()?;
    let seen = round(&state, &context, &id).await?;
    let org = OrgRef::parse(form.get("org").trim())
        .filter(|o| seen.volunteering.contains(o))
        .ok_or_else(|| {
            WebError::Forbidden("Only a volunteer's people may withdraw it from the round.".into())
        })?;
    match state.store().withdraw_from_round(seen.round.id, org).await {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/review-rounds/{}",
            seen.round.id.0
        ))),
        Err(e) => {
            let errors = refused(e, "org")?;
            page(&state, &context, &seen, false, &errors, &[]).await
        }
    }
}

/// `GET /review-rounds/{id}/groups.csv`: the volunteers, their focus areas and groups, for
/// the people who may see them (the convener's and the volunteers'); 404 for anyone else.
pub(crate) async fn groups_csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = round(&state, &context, &id).await?;
    if !seen.sees_volunteers() {
        return Err(WebError::NotFound(
            "Only the convener and the volunteers can download who volunteered.".into(),
        ));
    }
    let groups = state.store().round_groups(seen.round.id).await?;
    let mut csv = crate::csv_table::CsvTable::new([
        "organisation_key",
        "organisation",
        "focus_areas",
        "group",
        "confirmed",
    ])?;
    for v in &seen.volunteers {
        let group = groups.iter().enumerate().find_map(|(i, g)| {
            g.members
                .iter()
                .find(|m| m.org.org == v.org.org)
                .map(|m| (i + 1, m.confirmed))
        });
        csv.row([
            v.org.org.key(),
            v.org.name.clone(),
            v.focus
                .iter()
                .map(|a| a.key())
                .collect::<Vec<_>>()
                .join(" "),
            group.map_or(String::new(), |(n, _)| n.to_string()),
            group.map_or(
                String::new(),
                |(_, c)| if c { "yes".into() } else { "no".into() },
            ),
        ])?;
    }
    Ok(crate::export_csv::attachment(
        &format!("review-round-{}-groups.csv", seen.round.id.0),
        csv.finish()?,
    ))
}
