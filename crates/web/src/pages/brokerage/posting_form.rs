//! The one form for posting a need or an offer: the same fields, the same checks and the
//! same error messages, so both read alike and the API refuses exactly what the form does.

use crate::access::RequestContext;
use crate::brokerage::{check_need_schools, posting_form};
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::state::AppState;
use crate::WebError;
use axum::response::Response;
use convene_domain::access::{may_share_with, Visibility};
use convene_domain::brokerage::{HelpForm, ImprovementArea, NeedDraft, OfferDraft};
use convene_domain::party::OrgRef;
use maud::html;

/// Which kind of posting the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Posting {
    /// A need.
    Need,
    /// An offer.
    Offer,
}

/// A checked posting.
pub(crate) enum Checked {
    /// A need ready to store.
    Need(NeedDraft),
    /// An offer ready to store.
    Offer(OfferDraft),
}

/// Checks a posted form: the fields themselves, then that the person acts for the
/// organisation, that the organisations shared with exist and include one of theirs, and
/// (for needs) that the schools named belong to the organisation.
pub(crate) async fn check(
    state: &AppState,
    context: &RequestContext,
    kind: Posting,
    form: &FormFields,
) -> Result<Result<Checked, FieldErrors>, WebError> {
    let viewer = context.viewer()?;
    let (input, unreadable) = posting_form(
        |name| form.get(name).to_string(),
        |name| {
            let mut values: Vec<String> = form.all(name).iter().map(|s| s.to_string()).collect();
            if name == "share" {
                values.push(form.get("share_other").to_string());
            }
            values
        },
    );
    let mut extra: FieldErrors = Vec::new();
    for key in unreadable {
        extra.push(("share_other", OrgRef::unreadable(&key)));
    }
    for org in &input.shared_with {
        if state.store().organisation_name(*org).await?.is_none() {
            extra.push((
                "share_other",
                format!("{org} is not an organisation on Convene"),
            ));
        }
    }
    if let Some(owner) = OrgRef::parse(&input.owner) {
        if !viewer.belongs_to(owner) {
            extra.push(("owner", "Choose an organisation you act for".into()));
        }
    }
    let checked = match kind {
        Posting::Need => NeedDraft::check(&input).map(Checked::Need),
        Posting::Offer => OfferDraft::check(&input).map(Checked::Offer),
    };
    match checked {
        Ok(checked) => {
            let visibility = match &checked {
                Checked::Need(n) => &n.visibility,
                Checked::Offer(o) => &o.visibility,
            };
            if let Visibility::Organisations(orgs) = visibility {
                if !may_share_with(&context.actor, orgs) {
                    extra.push(("visibility", "Include an organisation you act for".into()));
                }
            }
            if let Checked::Need(need) = &checked {
                if let Some(problem) = check_need_schools(state, need.owner, &need.schools).await? {
                    extra.push(("schools", problem));
                }
            }
            Ok(if extra.is_empty() {
                Ok(checked)
            } else {
                Err(extra)
            })
        }
        Err(mut problems) => {
            problems.append(&mut extra);
            Ok(Err(problems))
        }
    }
}

/// Shows the form, filled in with `fields` and any `errors`.
pub(crate) async fn page(
    state: &AppState,
    context: &RequestContext,
    kind: Posting,
    fields: &[(String, String)],
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let get = |name: &str| forms::value_of(fields, name);
    let viewer = context.viewer()?;
    let mut owners = Vec::new();
    for (i, org) in viewer.organisations.keys().enumerate() {
        let name = state
            .store()
            .organisation_name(*org)
            .await?
            .unwrap_or_else(|| org.key());
        let chosen = get("owner") == org.key() || (get("owner").is_empty() && i == 0);
        owners.push((org.key(), name, chosen));
    }
    let (heading, action, days_label, days_hint) = match kind {
        Posting::Need => (
            "Post a need",
            "/needs",
            "Days of help needed",
            "In all, across the dates below",
        ),
        Posting::Offer => (
            "Post an offer",
            "/offers",
            "Days available per term",
            "Days already agreed in collaborations are taken off this, so the same people are not asked twice",
        ),
    };
    let areas: Vec<(String, String, bool)> = ImprovementArea::ALL
        .iter()
        .map(|a| (a.key().into(), a.label().into(), get("area") == a.key()))
        .collect();
    let help_forms: Vec<(String, String, bool)> = HelpForm::ALL
        .iter()
        .map(|f| (f.key().into(), f.label().into(), get("form") == f.key()))
        .collect();
    let reach = if get("reach").is_empty() {
        "within"
    } else {
        get("reach")
    };
    let reaches = vec![
        (
            "within".to_string(),
            "Nearby, within the distance below (practical support)".to_string(),
            reach == "within",
        ),
        (
            "anywhere".to_string(),
            "Anywhere in England (avoids local competition)".to_string(),
            reach == "anywhere",
        ),
    ];
    let level = if get("visibility").is_empty() {
        "organisations"
    } else {
        get("visibility")
    };
    let levels: Vec<(String, String, bool)> = [
        (
            "organisations",
            "Confidential: my organisation and any I name below",
        ),
        ("private", "Only me"),
        ("members", "Anyone signed in to Convene"),
        ("public", "Everyone, including the public"),
    ]
    .iter()
    .map(|(key, label)| (key.to_string(), label.to_string(), level == *key))
    .collect();
    let status = forms::status_for(errors);
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { (heading) }
            @if owners.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. "
                    a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action=(action) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    (forms::choices(ChoiceKind::Radios, "owner", "Which organisation is this for?", None, &owners, errors))
                    div class="govuk-form-group" {
                        label class="govuk-label govuk-label--s" for="area" { "Improvement area" }
                        @if let Some(e) = forms::error_for(errors, "area") { p class="govuk-error-message" id="area-error" { span class="govuk-visually-hidden" { "Error: " } (e) } }
                        select class="govuk-select" id="area" name="area" {
                            option value="" { "Choose an area" }
                            @for (key, label, chosen) in &areas { option value=(key) selected[*chosen] { (label) } }
                        }
                    }
                    (forms::choices(ChoiceKind::Radios, "form", "Form of help", None, &help_forms, errors))
                    (Input::text("role", "Role, for a loan or interim leadership", get("role")).hint("For example COO, CFO or school improvement director").render(errors))
                    (forms::textarea("description", "Description", get("description"), Some(match kind { Posting::Need => "What you need help with and why. For a confidential need, this is shown to a candidate only once it agrees to help.", Posting::Offer => "What you can offer, who would do it and what it has achieved" }), errors))
                    (Input::text("from", "From", get("from")).hint("For example 2027-01-04").render(errors))
                    (Input::text("to", "Until", get("to")).hint("For example 2027-07-16").render(errors))
                    (Input::text("days", days_label, get("days")).hint(days_hint).kind("text", "off").render(errors))
                    (forms::choices(ChoiceKind::Radios, "reach", "How far away may the help be?", None, &reaches, errors))
                    (Input::text("within_km", "Distance in km", if get("within_km").is_empty() { "30" } else { get("within_km") }).render(errors))
                    @if kind == Posting::Need {
                        (Input::text("schools", "Schools concerned (optional)", get("schools")).hint("URNs separated by commas; leave blank for all the organisation's schools").render(errors))
                    }
                    (forms::choices(ChoiceKind::Radios, "visibility", "Who can see this?", Some("Whatever you choose, people in your organisation can see who is best placed to help with your needs"), &levels, errors))
                    (Input::text("share_other", "Other organisations to share with", get("share_other")).hint("trust-<Group UID>, school-<URN> or partner-<number>, separated by commas").render(errors))
                    (forms::button(match kind { Posting::Need => "Post need", Posting::Offer => "Post offer" }))
                }
            }
        } }
    };
    Ok(respond(state, status, heading, &super::CRUMBS, content).await)
}
