//! Agreements between two organisations, from proposal to review: proposing one (filled in
//! from a request and a suggested leader), the list of the reader's own, and an
//! agreement's page with each step it is ready for: each board's approval, the start, the
//! end, the review and each side's choice to show that it happened. Only the two
//! organisations' people ever reach these pages; anyone else is told there is no such
//! agreement.

use super::leaders::period;
use super::{crumbs_to, role_fields, CRUMBS};
use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::error::refusal;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::components::{table, Column};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::Params;
use crate::partnerships::today;
use crate::placements::{
    agreement, agreement_form, agreement_form_from, asks, leader, request, side_for,
};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::party::OrgRef;
use convene_domain::placements::{
    AgreementDraft, AgreementForm, AgreementStatus, BoardApproval, BoardApprovalForm, EndReview,
    EndReviewForm, LeaderRequestId, PlacementKind, Side,
};
use convene_store::{NamedAgreement, StoreError, MAX_PLACEMENTS_LISTED};
use maud::html;

fn form_fields(form: &AgreementForm) -> Vec<(String, String)> {
    [
        ("lending", &form.lending),
        ("receiving", &form.receiving),
        ("kind", &form.kind),
        ("person_name", &form.person_name),
        ("role", &form.role),
        ("role_other", &form.role_other),
        ("from", &form.from),
        ("to", &form.to),
        ("days_per_week", &form.days_per_week),
        ("recharge_terms", &form.recharge_terms),
        ("daily_rate", &form.daily_rate),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect()
}

/// `GET /placements/agreements/new`: blank, or filled in from `request` and `leader`.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let mut fields = Vec::new();
    if let (Some(r), Some(l)) = (params.text("request"), params.text("leader")) {
        let asked = request(&state, &context, r).await?;
        if !asks(&context, &asked) {
            return Err(WebError::Forbidden(
                "Only people acting for the organisation asking can propose an agreement from \
                 its request."
                    .into(),
            ));
        }
        let offered = leader(&state, &context, l).await?;
        fields = form_fields(&agreement_form_from(&asked, &offered));
        fields.push(("request".into(), asked.request.id.0.to_string()));
    }
    form_page(&state, &context, &fields, &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name).to_string();
    let kinds: Vec<(String, String, bool)> = PlacementKind::ALL
        .iter()
        .map(|k| (k.key().into(), k.label().into(), get("kind") == k.key()))
        .collect();
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { "Propose an agreement" }
            p class="govuk-body" { "Both organisations record the agreement. Its terms, including the recharge, are seen only by the people acting for the two organisations. It takes effect once both boards have recorded their approval." }
            form method="post" action="/placements/agreements" novalidate {
                (forms::csrf_field(&context.csrf_token))
                @if !get("request").is_empty() { input type="hidden" name="request" value=(get("request")); }
                (Input::text("lending", "Lending organisation", &get("lending")).hint("Its key, such as trust-17101").render(errors))
                (Input::text("receiving", "Receiving organisation", &get("receiving")).hint("Its key, such as trust-900001").render(errors))
                (forms::choices(ChoiceKind::Radios, "kind", "Kind of placement", None, &kinds, errors))
                (Input::text("person_name", "The leader's name", &get("person_name")).render(errors))
                (role_fields(&get, errors))
                (Input::text("from", "First day", &get("from")).hint("For example 2027-01-04").render(errors))
                (Input::text("to", "Last day", &get("to")).hint("For example 2027-07-16").render(errors))
                (Input::text("days_per_week", "Days a week", &get("days_per_week")).render(errors))
                (forms::textarea("recharge_terms", "Recharge terms", &get("recharge_terms"), Some("What the receiving organisation pays back, for example \"Salary and on-costs at cost, invoiced termly\" or \"No charge\"."), errors))
                (Input::text("daily_rate", "Daily rate in pounds (optional)", &get("daily_rate")).hint("For example 450 or 450.50").render(errors))
                (forms::button("Propose the agreement"))
            }
        } }
    };
    Ok(respond(
        state,
        forms::status_for(errors),
        "Propose an agreement",
        &crumbs_to("/placements/agreements", "Agreements"),
        content,
    )
    .await)
}

/// `POST /placements/agreements`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    form: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let input = agreement_form(|name| form.get(name).to_string());
    let mut errors = FieldErrors::new();
    let parties = [&input.lending, &input.receiving].map(|k| OrgRef::parse(k.trim()));
    if parties.iter().flatten().next().is_some()
        && !parties.iter().flatten().any(|o| viewer.belongs_to(*o))
    {
        errors.push((
            "lending",
            "Choose an organisation you act for as the lending or the receiving one".into(),
        ));
    }
    let mut answering = None;
    if !form.get("request").trim().is_empty() {
        match request(&state, &context, form.get("request")).await {
            Ok(asked) if asks(&context, &asked) => answering = Some(asked.request.id),
            Ok(_) | Err(WebError::NotFound(_)) => errors.push((
                "receiving",
                "Only people acting for the organisation asking can answer its request".into(),
            )),
            Err(other) => return Err(other),
        }
    }
    let checked = AgreementDraft::check(&input);
    let errors = match checked {
        Ok(draft) if errors.is_empty() => {
            match propose(&state, viewer.id, &draft, answering).await? {
                Ok(id) => {
                    return Ok(crate::redirect::see_other(&format!(
                        "/placements/agreements/{}",
                        id.0
                    )))
                }
                Err(problem) => vec![problem],
            }
        }
        Ok(_) => errors,
        Err(mut problems) => {
            problems.append(&mut errors);
            problems
        }
    };
    form_page(&state, &context, &form.pairs(), &errors).await
}

async fn propose(
    state: &AppState,
    by: convene_domain::account::PersonId,
    draft: &AgreementDraft,
    request: Option<LeaderRequestId>,
) -> Result<Result<convene_domain::placements::PlacementId, (&'static str, String)>, WebError> {
    match state.store().propose_agreement(by, draft, request).await {
        Ok(id) => Ok(Ok(id)),
        Err(e) => Ok(Err(("receiving", refusal(e)?))),
    }
}

/// `GET /placements/agreements`: the agreements the reader's organisations are party to.
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let agreements = state
        .store()
        .agreements_of(&context.actor.read_scope(), MAX_PLACEMENTS_LISTED, 0)
        .await?;
    let content = html! {
        h1 class="govuk-heading-l" { "Your placement agreements" }
        p class="govuk-body" { "Agreements your organisations have proposed or made to lend or receive a leader. Only the two organisations in an agreement can see it." }
        p class="govuk-body" { a class="govuk-link" href="/placements/agreements.csv" { "Download your agreements as CSV" } }
        @if agreements.is_empty() { p class="govuk-body" { "No agreements yet." } }
        @else {
            (table("Agreements", &[Column("Leader", false), Column("Lending", false), Column("Receiving", false), Column("Period", false), Column("Status", false)], html! {
                @for n in &agreements {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { a class="govuk-link" href=(format!("/placements/agreements/{}", n.agreement.id.0)) { (n.agreement.person) ", " (n.agreement.role.label()) } }
                        td class="govuk-table__cell" { (n.lending_name) }
                        td class="govuk-table__cell" { (n.receiving_name) }
                        td class="govuk-table__cell" { (period(n.agreement.from, n.agreement.to)) }
                        td class="govuk-table__cell" { (n.agreement.status.label()) }
                    }
                }
            }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Your placement agreements",
        &CRUMBS,
        content,
    )
    .await)
}

/// `GET /placements/agreements.csv`: the reader's agreements, terms included (they are a
/// party to every one).
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
) -> Result<Response, WebError> {
    let agreements = state
        .store()
        .agreements_of(&context.actor.read_scope(), MAX_PLACEMENTS_LISTED, 0)
        .await?;
    let mut table = CsvTable::new([
        "id",
        "lending",
        "receiving",
        "kind",
        "person",
        "role",
        "from",
        "to",
        "days_per_week",
        "recharge_terms",
        "daily_rate_pence",
        "status",
    ])?;
    for n in &agreements {
        let a = &n.agreement;
        table.row([
            a.id.0.to_string(),
            a.lending.key(),
            a.receiving.key(),
            a.kind.key().to_string(),
            a.person.clone(),
            a.role.label(),
            a.from.to_string(),
            a.to.to_string(),
            a.days_per_week.number(),
            a.recharge.terms.clone(),
            a.recharge
                .daily_rate_pence
                .map(|p| p.to_string())
                .unwrap_or_default(),
            a.status.key().to_string(),
        ])?;
    }
    Ok(attachment("placement-agreements.csv", table.finish()?))
}

/// `GET /placements/agreements/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    page(&state, &context, &n, StatusCode::OK, &Vec::new(), &[]).await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    n: &NamedAgreement,
    status: StatusCode,
    errors: &FieldErrors,
    fields: &[(String, String)],
) -> Result<Response, WebError> {
    let a = &n.agreement;
    let base = format!("/placements/agreements/{}", a.id.0);
    let viewer = context.viewer()?;
    let mine: Vec<Side> = Side::ALL
        .into_iter()
        .filter(|s| viewer.belongs_to(a.org(*s)))
        .collect();
    let name_of = |side: Side| match side {
        Side::Lending => n.lending_name.as_str(),
        Side::Receiving => n.receiving_name.as_str(),
    };
    let get = |name: &str| forms::value_of(fields, name).to_string();
    let today_text = today().to_string();
    let title = format!("{} to {}: {}", n.lending_name, n.receiving_name, a.person);
    let record = a.collaboration_record();
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { (a.kind.label()) " agreement" }
        h1 class="govuk-heading-l" { (title) }
        div class="govuk-inset-text" { "Only people acting for " (n.lending_name) " and " (n.receiving_name) " can see this agreement and its terms." }
        dl class="govuk-summary-list" {
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Status" } dd class="govuk-summary-list__value" id="status" { (a.status.label()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Leader" } dd class="govuk-summary-list__value" { (a.person) ", " (a.role.label()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Lending" } dd class="govuk-summary-list__value" { (n.lending_name) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Receiving" } dd class="govuk-summary-list__value" { (n.receiving_name) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Period" } dd class="govuk-summary-list__value" { (period(a.from, a.to)) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Days a week" } dd class="govuk-summary-list__value" { (a.days_per_week.describe()) } }
            div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Recharge" } dd class="govuk-summary-list__value" { (a.recharge.terms) @if let Some(rate) = a.recharge.describe_rate() { br; (rate) } } }
            @for side in Side::ALL {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { "Approved by " (name_of(side)) "'s board" }
                    dd class="govuk-summary-list__value" { @match a.approval(side) { Some(ap) => { (ap.approved_by) " on " (ap.approved_on.long()) } None => { "Not yet" } } }
                }
            }
            @if let Some(ended) = a.ended_on { div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Ended" } dd class="govuk-summary-list__value" { (ended.long()) } } }
            @if let Some(review) = &a.review {
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "What it achieved" } dd class="govuk-summary-list__value" { (review.outcome) } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Ratings" } dd class="govuk-summary-list__value" { (n.lending_name) ": " (review.lending_rating) " of 5; " (n.receiving_name) ": " (review.receiving_rating) " of 5" } }
            }
        }
        @if a.status == AgreementStatus::Proposed {
            @for side in &mine {
                @if a.approval(*side).is_none() {
                    h2 class="govuk-heading-m" { "Record " (name_of(*side)) "'s board approval" }
                    form method="post" action=(format!("{base}/approve")) novalidate {
                        (forms::csrf_field(&context.csrf_token))
                        input type="hidden" name="org" value=(a.org(*side).key());
                        (Input::text("approved_by", "Who approved it for the board", &get("approved_by")).hint("The chair, or the board as minuted").render(errors))
                        (Input::text("approved_on", "Date of approval", &if get("approved_on").is_empty() { today_text.clone() } else { get("approved_on") }).hint("For example 2027-01-04").render(errors))
                        (forms::button(&format!("Record approval for {}", name_of(*side))))
                    }
                }
            }
        }
        @if a.status == AgreementStatus::Agreed {
            (forms::action_button(&format!("{base}/activate"), "Start the placement", "", &context.csrf_token))
        }
        @if a.status == AgreementStatus::Active {
            (forms::action_button(&format!("{base}/end"), "End the placement today", "govuk-button--warning", &context.csrf_token))
        }
        @if a.status == AgreementStatus::Ended {
            h2 class="govuk-heading-m" { "Review the placement" }
            form method="post" action=(format!("{base}/review")) novalidate {
                (forms::csrf_field(&context.csrf_token))
                (forms::textarea("outcome", "What the placement achieved", &get("outcome"), None, errors))
                (Input::text("lending_rating", &format!("{}'s rating, 1 to 5", n.lending_name), &get("lending_rating")).render(errors))
                (Input::text("receiving_rating", &format!("{}'s rating, 1 to 5", n.receiving_name), &get("receiving_rating")).render(errors))
                (forms::button("Record the review"))
            }
        }
        @if let Some(record) = record {
            h2 class="govuk-heading-m" id="record" { "Collaboration record" }
            p class="govuk-body" { "This placement is a completed collaboration record: " (record.kind.label().to_lowercase()) " from " (n.lending_name) " to " (n.receiving_name) ", " (period(record.from, record.to)) ", " (record.days_per_week.describe()) "." }
            p class="govuk-body" { "Anyone else sees only that it happened, and only once both organisations agree to show it. The terms are never shown." }
            @for side in &mine {
                @let publishes = if *side == Side::Lending { a.lending_publishes } else { a.receiving_publishes };
                form method="post" action=(format!("{base}/publication")) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    input type="hidden" name="org" value=(a.org(*side).key());
                    input type="hidden" name="publish" value=(if publishes { "no" } else { "yes" });
                    (forms::button(&if publishes { format!("Stop showing it for {}", name_of(*side)) } else { format!("Show that it happened, for {}", name_of(*side)) }))
                }
            }
            p class="govuk-body" { a class="govuk-link" href=(format!("/placements/records/{}", a.receiving.key())) { "Collaboration records of " (n.receiving_name) } }
        }
    };
    Ok(respond(
        state,
        status,
        &title,
        &crumbs_to("/placements/agreements", "Agreements"),
        content,
    )
    .await)
}

/// The agreement page again after a change: 303 to it when the store took the change; the
/// page with the domain's words and 409 when the agreement is not ready for it.
async fn after(
    state: &AppState,
    context: &RequestContext,
    n: &NamedAgreement,
    result: Result<(), StoreError>,
    field: &'static str,
    fields: &[(String, String)],
) -> Result<Response, WebError> {
    match result {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/placements/agreements/{}",
            n.agreement.id.0
        ))),
        Err(e) => {
            let message = refusal(e)?;
            page(
                state,
                context,
                n,
                StatusCode::CONFLICT,
                &vec![(field, message)],
                fields,
            )
            .await
        }
    }
}

/// `POST /placements/agreements/{id}/approve`: one side records its board's approval.
pub(crate) async fn approve(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    let side = side_for(context.viewer()?, &n, form.get("org"))?;
    let input = BoardApprovalForm {
        approved_by: form.get("approved_by").to_string(),
        approved_on: form.get("approved_on").to_string(),
    };
    match BoardApproval::check(&input, today()) {
        Ok(approval) => {
            let result = state
                .store()
                .approve_agreement(n.agreement.id, side, &approval)
                .await
                .map(|_| ());
            after(&state, &context, &n, result, "approved_by", &form.pairs()).await
        }
        Err(errors) => {
            page(
                &state,
                &context,
                &n,
                StatusCode::BAD_REQUEST,
                &errors,
                &form.pairs(),
            )
            .await
        }
    }
}

/// `POST /placements/agreements/{id}/activate`: either side starts the placement.
pub(crate) async fn activate(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    let result = state
        .store()
        .activate_agreement(n.agreement.id, today())
        .await
        .map(|_| ());
    after(&state, &context, &n, result, "status", &[]).await
}

/// `POST /placements/agreements/{id}/end`: either side ends the placement today.
pub(crate) async fn end(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    let result = state
        .store()
        .end_agreement(n.agreement.id, today())
        .await
        .map(|_| ());
    after(&state, &context, &n, result, "status", &[]).await
}

/// `POST /placements/agreements/{id}/review`: the end-of-placement review.
pub(crate) async fn review(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    let input = EndReviewForm {
        outcome: form.get("outcome").to_string(),
        lending_rating: form.get("lending_rating").to_string(),
        receiving_rating: form.get("receiving_rating").to_string(),
    };
    match EndReview::check(&input) {
        Ok(review) => {
            let result = state
                .store()
                .review_agreement(n.agreement.id, &review)
                .await
                .map(|_| ());
            after(&state, &context, &n, result, "outcome", &form.pairs()).await
        }
        Err(errors) => {
            page(
                &state,
                &context,
                &n,
                StatusCode::BAD_REQUEST,
                &errors,
                &form.pairs(),
            )
            .await
        }
    }
}

/// `POST /placements/agreements/{id}/publication`: one side says whether to show that the
/// placement happened.
pub(crate) async fn publication(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let n = agreement(&state, &context, &id).await?;
    let side = side_for(context.viewer()?, &n, form.get("org"))?;
    let publish = form.get("publish") == "yes";
    let result = state
        .store()
        .set_agreement_publication(n.agreement.id, side, publish)
        .await
        .map(|_| ());
    after(&state, &context, &n, result, "status", &[]).await
}
