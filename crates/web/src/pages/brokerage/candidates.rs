//! Who is best placed to help with a need: the ranking with every factor in words and
//! numbers, weights the person can change, "why is this one not higher?", and asking for
//! an introduction. Only people acting for the need's organisation see it, whatever the
//! need's visibility, so a confidential need still gets its ranking.

use super::needs::summary;
use super::CRUMBS;
use crate::access::RequestContext;
use crate::brokerage::{
    controls_query, introduction_reasons, own_need, rank_need, ranking_controls,
};
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::forms::{self, Input};
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::brokerage::ranking::MAX_WEIGHT;
use convene_domain::brokerage::{Candidate, CompetitionPolicy, FactorKind, Weights};
use convene_domain::party::OrgRef;
use convene_store::IntroductionRequest;
use maud::{html, Markup};

/// Candidates per page.
const PER_PAGE: usize = 20;

/// Longest message to a candidate.
const MAX_MESSAGE: usize = 2_000;

/// The colours of the factors in the score bars (GOV.UK palette), in factor order.
const FACTOR_COLOURS: [&str; 5] = ["#1d70b8", "#00703c", "#f47738", "#4c2c92", "#d53880"];

fn score_bar(candidate: &Candidate) -> Markup {
    let starts: Vec<f64> = candidate
        .factors
        .iter()
        .scan(0.0, |x, f| {
            let start = *x;
            *x += f.points.max(0.0);
            Some(start)
        })
        .collect();
    html! {
        svg class="convene-score-bar" width="200" height="14" viewBox="0 0 100 7" role="img" aria-label=(format!("Score {:.1} out of 100", candidate.score)) {
            title { "Score " (format!("{:.1}", candidate.score)) " out of 100, by factor" }
            rect x="0" y="0" width="100" height="7" fill="#f3f2f1" {}
            @for ((factor, colour), start) in candidate.factors.iter().zip(FACTOR_COLOURS).zip(&starts) {
                rect x=(format!("{start:.2}")) y="0" width=(format!("{:.2}", factor.points.max(0.0))) height="7" fill=(colour) {}
            }
        }
    }
}

/// One candidate's reasons, every factor in words and numbers.
pub(crate) fn reasons(candidate: &Candidate) -> Markup {
    html! {
        dl class="govuk-summary-list govuk-summary-list--no-border" {
            @for factor in &candidate.factors {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { (factor.kind.label()) }
                    dd class="govuk-summary-list__value" {
                        p class="govuk-body-s" { strong { (format!("{:.1} points", factor.points)) } " (value " (format!("{:.2}", factor.value)) " × weight " (format!("{:.0}", factor.weight)) "). " (factor.summary) "." }
                        @if !factor.figures.is_empty() {
                            ul class="govuk-list govuk-list--bullet govuk-body-s" { @for f in &factor.figures { li { (f) } } }
                        }
                    }
                }
            }
        }
        @if candidate.down_weighted { p class="govuk-body-s" { strong { "Score halved: " } "possible competitor (see below)." } }
        @for flag in &candidate.competition { div class="govuk-warning-text" { span class="govuk-warning-text__icon" aria-hidden="true" { "!" } strong class="govuk-warning-text__text" { span class="govuk-visually-hidden" { "Warning" } (flag.evidence) } } }
        @for relationship in &candidate.relationships { p class="govuk-body-s" { "Existing relationship: " (relationship) } }
    }
}

fn controls(need_id: i64, weights: &Weights, policy: CompetitionPolicy, explain: &str) -> Markup {
    html! {
        form method="get" action=(format!("/needs/{need_id}/candidates")) class="convene-ranking-controls" {
            h2 class="govuk-heading-m" { "Weights" }
            p class="govuk-body-s" { "Each from 0 (ignore) to " (MAX_WEIGHT) ". The score is the weighted mean of the factors, out of 100." }
            @for kind in FactorKind::ALL {
                (Input::text(&format!("w_{}", kind.key()), kind.label(), &format!("{}", weights.of(kind))).kind("number", "off").render(&Vec::new()))
            }
            div class="govuk-form-group" {
                fieldset class="govuk-fieldset" {
                    legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Possible competitors" }
                    div class="govuk-radios govuk-radios--small" data-module="govuk-radios" {
                        @for (i, p) in CompetitionPolicy::ALL.iter().enumerate() {
                            div class="govuk-radios__item" {
                                input class="govuk-radios__input" id=(format!("competition-{i}")) name="competition" type="radio" value=(p.key()) checked[*p == policy];
                                label class="govuk-label govuk-radios__label" for=(format!("competition-{i}")) { (p.label()) }
                            }
                        }
                    }
                }
            }
            (Input::text("org", "Why is this one not higher?", explain).hint("Any organisation: trust-<Group UID>, school-<URN> or partner-<number>").render(&Vec::new()))
            (forms::button("Update the ranking"))
        }
    }
}

/// `GET /needs/{id}/candidates`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let need = own_need(&state, &context, &id).await?;
    let (weights, policy) = ranking_controls(&params)?;
    let page = params.page()? as usize;
    let explain_org = params.org("org")?;
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let candidates = ranked.ranking.page(
        (page - 1) * PER_PAGE,
        PER_PAGE,
        &ranked.evidence,
        &ranked.market,
    );
    let explained = explain_org.map(|org| {
        (
            org,
            ranked
                .ranking
                .explain(org, &ranked.evidence, &ranked.market),
        )
    });
    let reachable = state.store().organisations_with_administrators().await?;
    let query = controls_query(&weights, policy);
    let total = ranked.ranking.len();
    let content = html! {
        span class="govuk-caption-l" { "Need " (need.id.0) ": " (need.area.label()) }
        h1 class="govuk-heading-l" { "Who is best placed to help" }
        details class="govuk-details" {
            summary class="govuk-details__summary" { span class="govuk-details__summary-text" { "The need" } }
            div class="govuk-details__text" { (summary(&need)) }
        }
        p class="govuk-body" { (total) " candidates, every open school and academy trust in England except your own trust, and partner organisations with an offer in the area. "
            a class="govuk-link" href="/about/brokerage" { "How the ranking works" } ". "
            a class="govuk-link" href=(format!("/api/v1/needs/{}/candidates.csv?{query}", need.id.0)) { "Download the ranking (CSV)" } }
        @for note in &ranked.ranking.notes { div class="govuk-inset-text" { (note) } }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-one-third" { (controls(need.id.0, &weights, policy, &explain_org.map(|o| o.key()).unwrap_or_default())) }
            div class="govuk-grid-column-two-thirds" {
                @if let Some((org, result)) = &explained {
                    div class="govuk-notification-banner" role="region" aria-labelledby="explain-title" data-module="govuk-notification-banner" {
                        div class="govuk-notification-banner__header" { h2 class="govuk-notification-banner__title" id="explain-title" { "Why is " (org.key()) " where it is?" } }
                        div class="govuk-notification-banner__content" {
                            @match result {
                                Ok(c) => {
                                    p class="govuk-notification-banner__heading" { (c.name) " is ranked " (c.rank) " of " (total) " with " (format!("{:.1}", c.score)) "." }
                                    (reasons(c))
                                }
                                Err(why) => { p class="govuk-body" { (why.describe()) "." } }
                            }
                        }
                    }
                }
                @if candidates.is_empty() { p class="govuk-body" { "No candidates on this page." } }
                ol class="govuk-list" start=(format!("{}", (page - 1) * PER_PAGE + 1)) {
                    @for c in &candidates {
                        li class="govuk-summary-card" {
                            div class="govuk-summary-card__title-wrapper" {
                                h2 class="govuk-summary-card__title" {
                                    (c.rank) ". " a class="govuk-link" href=(c.org.page_path()) { (c.name) }
                                    " " span class="govuk-tag govuk-tag--grey" { (c.org.key()) }
                                }
                            }
                            div class="govuk-summary-card__content" {
                                p class="govuk-body" { strong { "Score " (format!("{:.1}", c.score)) " out of 100 " } (score_bar(c)) }
                                (reasons(c))
                                @if !reachable.contains(&c.org) {
                                    p class="govuk-body-s" { strong class="govuk-tag govuk-tag--yellow" { "Not on Convene yet" } " No one administers " (c.name) " on Convene, so an introduction could not be answered yet." }
                                } @else {
                                form method="post" action=(format!("/needs/{}/introductions", need.id.0)) {
                                    (forms::csrf_field(&context.csrf_token))
                                    input type="hidden" name="candidate" value=(c.org.key());
                                    input type="hidden" name="controls" value=(query);
                                    (forms::textarea_with_id(&format!("message-{}", c.org.key()), "message", "Message to the candidate (optional)", "", Some("For a confidential need, this is shown only once they accept"), &Vec::new()))
                                    (forms::button(&format!("Ask {} for an introduction", c.name)))
                                }
                                }
                            }
                        }
                    }
                }
                nav class="govuk-pagination" aria-label="Pagination" {
                    @if page > 1 { div class="govuk-pagination__prev" { a class="govuk-link govuk-pagination__link" href=(format!("/needs/{}/candidates?{query}&page={}", need.id.0, page - 1)) { "Previous page" } } }
                    @if page * PER_PAGE < total { div class="govuk-pagination__next" { a class="govuk-link govuk-pagination__link" href=(format!("/needs/{}/candidates?{query}&page={}", need.id.0, page + 1)) { "Next page" } } }
                }
                p class="govuk-body-s" { "Factor colours in the score bars, in order: evidence (blue), context (green), distance (orange), offer (purple), track record (pink)." }
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Who is best placed to help",
        &CRUMBS,
        content,
    )
    .await)
}

/// `POST /needs/{id}/introductions`: asks a candidate in the ranking.
pub(crate) async fn ask(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    form: FormFields,
) -> Result<Response, WebError> {
    let need = own_need(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    let candidate = OrgRef::parse(form.get("candidate"))
        .ok_or_else(|| WebError::BadRequest("Choose a candidate from the ranking.".into()))?;
    let message = form.get("message").trim().replace("\r\n", "\n");
    if message.chars().count() > MAX_MESSAGE {
        return Err(WebError::BadRequest(format!(
            "The message must be {MAX_MESSAGE} characters or fewer."
        )));
    }
    let controls = crate::params::Params::from_query(form.get("controls"))?;
    let (weights, policy) = ranking_controls(&controls)?;
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let explained = ranked
        .ranking
        .explain(candidate, &ranked.evidence, &ranked.market)
        .map_err(|why| {
            WebError::Conflict(format!("{candidate} cannot be asked: {}.", why.describe()))
        })?;
    let id = state
        .store()
        .request_introduction(&IntroductionRequest {
            need: need.id,
            candidate,
            requested_by: viewer.id,
            message,
            reasons: introduction_reasons(&explained, need.visibility.is_confidential()),
            public_url: state.config().public_url.clone(),
        })
        .await?;
    Ok(crate::redirect::see_other(&format!(
        "/introductions/{}",
        id.0
    )))
}
