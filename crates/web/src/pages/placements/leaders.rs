//! The register of available leaders: the list (and its CSV), putting a leader on it, and
//! one entry's page. Each entry is seen by whom its trust chose, by the same rule as notes.

use super::{crumbs_to, role_fields, CRUMBS};
use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::components::{table, Column};
use crate::pages::forms::refused;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::placements::{leader, leader_form};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::Reach;
use convene_domain::placements::{AvailableLeader, AvailableLeaderDraft, RoleKind};
use convene_domain::Date;
use convene_store::{NamedLeader, PlacementFilter, MAX_PLACEMENTS_LISTED};
use maud::html;

/// The register's filter from the address: an organisation and a role.
pub(crate) fn filter_from(params: &Params) -> Result<PlacementFilter, WebError> {
    let role = match params.get("role") {
        None => None,
        Some(key) => Some(RoleKind::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{key}\" is not a role; use one of {}.",
                RoleKind::ALL.map(|r| r.key()).join(", ")
            ))
        })?),
    };
    Ok(PlacementFilter {
        org: params.org("org")?,
        role,
        ..PlacementFilter::default()
    })
}

/// How far a leader can travel, in words.
pub(crate) fn reach_words(reach: Reach) -> String {
    match reach {
        Reach::Within(km) => format!("Within {km} km"),
        Reach::Anywhere => "Anywhere in England".into(),
    }
}

/// The period as a page shows it.
pub(crate) fn period(from: Date, to: Date) -> String {
    format!("{} to {}", from.long(), to.long())
}

/// `GET /placements/leaders`.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let filter = filter_from(&params)?;
    let leaders = state
        .store()
        .available_leaders(
            &context.actor.read_scope(),
            &filter,
            MAX_PLACEMENTS_LISTED,
            0,
        )
        .await?;
    let signed_in = context.actor.viewer().is_some();
    let content = html! {
        h1 class="govuk-heading-l" { "Leaders available to other trusts" }
        p class="govuk-body" { "Trusts put their leaders on this register when they can spare them for a few days a week: to cover a vacancy in another trust, or to lead a trust in difficulty in the interim. Each trust chooses who sees its entries." }
        @if signed_in { p class="govuk-body" { a class="govuk-button" href="/placements/leaders/new" { "Make a leader available" } } }
        p class="govuk-body" { a class="govuk-link" href="/placements/leaders.csv" { "Download the register as CSV" } }
        @if leaders.is_empty() {
            p class="govuk-body" { "No leaders on the register that you can see." }
        } @else {
            (table("Available leaders", &[Column("Leader", false), Column("Role", false), Column("Organisation", false), Column("Days a week", true), Column("Available", false), Column("Reach", false)], html! {
                @for n in &leaders {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/placements/leaders/{}", n.leader.id.0)) { (n.leader.person_label()) } }
                        td class="govuk-table__cell" { (n.leader.role.label()) }
                        td class="govuk-table__cell" { (n.org_name) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (n.leader.days_per_week.number()) }
                        td class="govuk-table__cell" { (period(n.leader.from, n.leader.to)) }
                        td class="govuk-table__cell" { (reach_words(n.leader.reach)) }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Leaders available to other trusts",
        &CRUMBS,
        content,
    )
    .await)
}

/// The CSV of `leaders`.
fn leaders_csv(leaders: &[NamedLeader]) -> Result<Vec<u8>, WebError> {
    let mut table = CsvTable::new([
        "id",
        "organisation",
        "organisation_name",
        "person",
        "role",
        "days_per_week",
        "from",
        "to",
        "reach_km",
        "description",
        "visibility",
    ])?;
    for n in leaders {
        let l: &AvailableLeader = &n.leader;
        table.row([
            l.id.0.to_string(),
            l.org.key(),
            n.org_name.clone(),
            l.person_label().to_string(),
            l.role.label(),
            l.days_per_week.number(),
            l.from.to_string(),
            l.to.to_string(),
            match l.reach {
                Reach::Within(km) => km.to_string(),
                Reach::Anywhere => String::new(),
            },
            l.description.clone(),
            l.visibility.level_key().to_string(),
        ])?;
    }
    table.finish()
}

/// `GET /placements/leaders.csv`: the register as the reader may see it.
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let filter = filter_from(&params)?;
    let leaders = state
        .store()
        .available_leaders(
            &context.actor.read_scope(),
            &filter,
            MAX_PLACEMENTS_LISTED,
            0,
        )
        .await?;
    Ok(attachment("available-leaders.csv", leaders_csv(&leaders)?))
}

/// `GET /placements/leaders/new`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    form_page(&state, &context, &[], &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name).to_string();
    let orgs = organisation_choices(state, context, &get("org")).await?;
    let reach = if get("reach").is_empty() {
        "anywhere".to_string()
    } else {
        get("reach")
    };
    let reaches = vec![
        (
            "within".to_string(),
            "Within the distance below".to_string(),
            reach == "within",
        ),
        (
            "anywhere".to_string(),
            "Anywhere in England".to_string(),
            reach == "anywhere",
        ),
    ];
    let level = if get("level").is_empty() {
        "organisations".to_string()
    } else {
        get("level")
    };
    let levels: Vec<(String, String, bool)> = [
        (
            "organisations",
            "Confidential: my organisation and any I name below",
        ),
        ("members", "Anyone signed in to Convene"),
        ("private", "Only me"),
    ]
    .iter()
    .map(|(key, label)| (key.to_string(), label.to_string(), level == *key))
    .collect();
    let to_be_named = vec![(
        "yes".to_string(),
        "The person is still to be named".to_string(),
        get("to_be_named") == "yes",
    )];
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Make a leader available" }
            @if orgs.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action="/placements/leaders" novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "org", "Which organisation is making the leader available?", None, &orgs, errors))
                    (Input::text("person_name", "The leader's name", &get("person_name")).render(errors))
                    (forms::choices(ChoiceKind::Checkboxes, "to_be_named", "Not named yet?", None, &to_be_named, errors))
                    (role_fields(&get, errors))
                    (Input::text("days_per_week", "Days a week available", &get("days_per_week")).hint("In whole or half days, from 0.5 to 5, like 2 or 2.5").render(errors))
                    (Input::text("from", "Available from", &get("from")).hint("For example 2027-01-04").render(errors))
                    (Input::text("to", "Available until", &get("to")).hint("For example 2027-07-16").render(errors))
                    (forms::choices(ChoiceKind::Radios, "reach", "How far can they travel?", None, &reaches, errors))
                    (Input::text("within_km", "Distance in kilometres", &get("within_km")).hint("Only for \"within the distance below\"").render(errors))
                    (forms::textarea("description", "What they bring", &get("description"), Some("A few sentences: experience, strengths, what kind of placement suits them."), errors))
                    (forms::choices(ChoiceKind::Radios, "level", "Who can see this entry?", None, &levels, errors))
                    (Input::text("share_with", "Other organisations to share with (optional)", &get("share_with")).hint("Their keys, such as trust-17101, separated by spaces").render(errors))
                    (forms::button("Put on the register"))
                }
            }
        } }
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Make a leader available",
        &crumbs_to("/placements/leaders", "Available leaders"),
        content,
    )
    .await)
}

/// `POST /placements/leaders`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let shared: Vec<String> = form
        .get("share_with")
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(str::to_string)
        .collect();
    let (input, unreadable) = leader_form(|name| form.get(name).to_string(), &shared);
    let mut checked = must_act_for(
        viewer,
        "org",
        &input.org,
        AvailableLeaderDraft::check(&input),
    );
    if !unreadable.is_empty() {
        let mut problems = checked.err().unwrap_or_default();
        for key in unreadable {
            problems.push((
                "share_with",
                convene_domain::party::OrgRef::unreadable(&key),
            ));
        }
        checked = Err(problems);
    }
    let errors = match checked {
        Ok(draft) => match state
            .store()
            .create_available_leader(viewer.id, &draft)
            .await
        {
            Ok(id) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/placements/leaders/{}",
                    id.0
                )))
            }
            Err(e) => refused(e, "share_with")?,
        },
        Err(errors) => errors,
    };
    form_page(&state, &context, &form.pairs(), &errors).await
}

/// `GET /placements/leaders/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = leader(&state, &context, &id).await?;
    let l = &n.leader;
    let title = format!("{}: {}", l.person_label(), l.role.label());
    let content = html! {
        span class="govuk-caption-l" { "Available from " (n.org_name) }
        h1 class="govuk-heading-l" { (title) }
        dl class="govuk-summary-list" {
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Role" } dd class="govuk-summary-list__value" { (l.role.label()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Days a week" } dd class="govuk-summary-list__value" { (l.days_per_week.describe()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Available" } dd class="govuk-summary-list__value" { (period(l.from, l.to)) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Reach" } dd class="govuk-summary-list__value" { (reach_words(l.reach)) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "What they bring" } dd class="govuk-summary-list__value" { (l.description) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Who can see this" } dd class="govuk-summary-list__value" { (l.visibility.describe()) } }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &title,
        &[
            CRUMBS[0],
            CRUMBS[1],
            ("/placements/leaders", "Available leaders"),
        ],
        content,
    )
    .await)
}
