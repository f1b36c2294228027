//! Impact compared like with like, as pages: a school's measure before and after a start
//! (by default the day it joined its trust) against its family of similar schools, and a
//! brokerage collaboration's against the families of the schools it helped. The words say
//! what the figures can show (a contribution, compared with similar schools) and what they
//! cannot (that the work caused the change is never claimed).

mod chart;

use crate::access::RequestContext;
use crate::impact::{self, CollaborationImpact, PartnershipImpact, SchoolImpact, Start};
use crate::pages::components::{self, summary_list, text};
use crate::pages::layout;
use crate::params::{encode, Params};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Html;
use convene_domain::evidence::impact::{Estimate, Impact, CONFIDENCE_PERCENT, METHOD};
use convene_domain::outcome::Measure;
use maud::{html, Markup};

/// `GET /schools/{urn}/impact?measure=&start=`.
pub(crate) async fn school(
    State(state): State<AppState>,
    context: RequestContext,
    Path(urn): Path<String>,
    params: Params,
) -> Result<Html<String>, WebError> {
    let measure = impact::requested_measure(&params)?;
    let start = impact::requested_start(&params)?;
    let found = impact::school(&state, &context, &urn, measure, start).await?;
    let sources = state.sources().await;
    let school_path = format!("/schools/{}", found.urn.0);
    Ok(layout::page(
        &format!("Impact compared like with like: {}", found.name),
        &sources,
        &[
            ("/", "Home"),
            ("/search", "Schools"),
            (&school_path, &found.name),
        ],
        school_content(&found),
    ))
}

/// Where a school's impact for `measure` from `start` is.
fn school_href(urn: i64, measure: Measure, start: &Start) -> String {
    format!(
        "/schools/{urn}/impact?measure={}&start={}",
        measure.key(),
        encode(&start.date.to_string())
    )
}

fn measure_select(chosen: Option<Measure>, available: &[Measure], blank: Option<&str>) -> Markup {
    let listed: Vec<Measure> = if available.is_empty() {
        impact::measures().collect()
    } else {
        available.to_vec()
    };
    html! {
        div class="govuk-form-group" {
            label class="govuk-label" for="measure" { "Measure" }
            select class="govuk-select" id="measure" name="measure" {
                @if let Some(blank) = blank { option value="" selected[chosen.is_none()] { (blank) } }
                @for m in listed {
                    option value=(m.key()) selected[chosen == Some(m)] { (m.label()) }
                }
            }
        }
    }
}

fn school_content(found: &SchoolImpact) -> Markup {
    let urn = found.urn.0;
    let start_value = found
        .start
        .as_ref()
        .map(|s| s.date.to_string())
        .unwrap_or_default();
    html! {
        span class="govuk-caption-l" { "Impact compared like with like" }
        h1 class="govuk-heading-xl" { (found.name) }
        p class="govuk-body-l" {
            "How this school's results moved after a start, against how the results of its "
            a class="govuk-link" href=(format!("/schools/{urn}/family")) { "family of " (found.family_size) " similar schools" }
            " moved over the same years."
        }
        form method="get" action=(format!("/schools/{urn}/impact")) class="govuk-!-margin-bottom-6" {
            (measure_select(Some(found.measure), &found.measures, None))
            div class="govuk-form-group" {
                label class="govuk-label" for="start" { "Start date" }
                div id="start-hint" class="govuk-hint" { "When the work began, for example 2017-09-01. Results are taken at the end of each school year, so the year the start falls in is the first after it." }
                input class="govuk-input govuk-input--width-10" id="start" name="start" type="text" value=(start_value) aria-describedby="start-hint" autocomplete="off" spellcheck="false";
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Compare" }
        }
        @if !found.starts.is_empty() {
            h2 class="govuk-heading-m" { "Starts to compare" }
            ul class="govuk-list govuk-list--bullet" {
                @for s in &found.starts {
                    li {
                        a class="govuk-link" href=(school_href(urn, found.measure, s)) { (capitalised(&s.label)) }
                        ", " (s.date.long())
                    }
                }
            }
        }
        @if let Some(message) = &found.message {
            div class="govuk-inset-text" { (message) }
        }
        @if let (Some(result), Some(start)) = (&found.impact, &found.start) {
            (impact_section("impact", &found.name, start, result))
        }
        (can_and_cannot())
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/schools/{urn}")) { "Back to " (found.name) }
        }
    }
}

/// "Joining 5 Dimensions Trust".
fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// One school's figures before and after, the estimate in words and numbers, and the chart.
fn impact_section(id: &str, school: &str, start: &Start, result: &Impact) -> Markup {
    html! {
        h2 class="govuk-heading-m" { (result.measure.label()) " before and after " (start.label) }
        p class="govuk-body" { "Start: " (start.date.long()) ". The first year after it is " (result.first_year_after) "." }
        div class="govuk-inset-text" { (result.summary) }
        @if let Some(e) = &result.estimate {
            (estimate_list(result, e))
        }
        (chart::chart(id, school, result))
    }
}

/// A figure with a sign, as the estimate is read.
fn signed(measure: Measure, value: f64) -> String {
    let text = measure.format(value);
    if text.starts_with('-') {
        text
    } else {
        format!("+{text}")
    }
}

fn estimate_list(result: &Impact, e: &Estimate) -> Markup {
    let m = result.measure;
    summary_list(&[
        (
            "This school before",
            text(format!(
                "{} (mean of {})",
                m.format(e.school_before),
                result.years_before.join(", ")
            )),
        ),
        (
            "This school after",
            text(format!(
                "{} (mean of {})",
                m.format(e.school_after),
                result.years_after.join(", ")
            )),
        ),
        ("This school's change", text(signed(m, e.school_change))),
        (
            "Similar schools' change",
            text(format!(
                "{} on average across {} similar schools over the same years (spread {})",
                signed(m, e.family_change),
                e.compared_schools,
                m.format(e.family_spread)
            )),
        ),
        (
            "Difference compared with similar schools",
            text(signed(m, e.difference)),
        ),
        (
            &format!("{CONFIDENCE_PERCENT}% interval"),
            text(format!("{} to {}", signed(m, e.low), signed(m, e.high))),
        ),
    ])
}

/// What the figures can and cannot say, on every impact page.
fn can_and_cannot() -> Markup {
    html! {
        details class="govuk-details" {
            summary class="govuk-details__summary" {
                span class="govuk-details__summary-text" { "How this is worked out, and what it can and cannot say" }
            }
            div class="govuk-details__text" {
                p class="govuk-body" { (METHOD) }
                p class="govuk-body" {
                    "The figures can say whether a school's results moved more, less or about as much as those of schools like it over the same years. "
                    "They cannot say why: similar schools had their own changes of leaders, trusts and support, a school's results move from year to year with each group of pupils, "
                    "and no school was chosen at random for the work. So a difference is reported as a possible contribution, compared with similar schools, never as proof that the work made it."
                }
                p class="govuk-body" {
                    "Published results stop in 2018/19 and start again in 2021/22 (16-18) or 2023/24 (key stage 4), because exams were not sat in the pandemic years; key stage 2 progress scores are not published after 2018/19 in the data Convene holds. "
                    "A year with no figure is shown as not published and left out, never counted as zero."
                }
            }
        }
    }
}

/// `GET /collaborations/{id}/impact?measure=`.
pub(crate) async fn collaboration(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Html<String>, WebError> {
    let measure = impact::requested_measure(&params)?;
    let found = impact::collaboration(&state, &context, &id, measure).await?;
    let sources = state.sources().await;
    let back = format!("/collaborations/{}", found.collaboration.0);
    Ok(layout::page(
        &format!("Impact of collaboration {}", found.collaboration.0),
        &sources,
        &[
            ("/", "Home"),
            ("/needs", "Needs and offers"),
            (&back, "Collaboration"),
        ],
        collaboration_content(&found),
    ))
}

fn collaboration_content(found: &CollaborationImpact) -> Markup {
    let id = found.collaboration.0;
    html! {
        span class="govuk-caption-l" { "Collaboration " (id) ": impact compared like with like" }
        h1 class="govuk-heading-l" { (found.helper.name) " helping " (found.helped.name) }
        p class="govuk-body" {
            "How the results of the school or schools helped moved after the collaboration started on "
            (found.start.date.long())
            ", against how the results of each school's family of similar schools moved over the same years."
        }
        form method="get" action=(format!("/collaborations/{id}/impact")) class="govuk-!-margin-bottom-6" {
            (measure_select(found.measure, &[], Some("The area's own measures")))
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Compare" }
        }
        @if let Some(message) = &found.message {
            div class="govuk-inset-text" { (message) }
        }
        @match found.schools.as_slice() {
            [] => {}
            [one] => {
                (impact_section("impact", &one.name, &found.start, &one.impact))
            }
            many => {
                (components::table(
                    "The schools helped",
                    &[
                        components::Column("School", false),
                        components::Column("Measure", false),
                        components::Column("Change", true),
                        components::Column("Similar schools' change", true),
                        components::Column("Difference", true),
                        components::Column("95% interval", true),
                    ],
                    html! {
                        @for s in many {
                            tr class="govuk-table__row" {
                                (components::cell(html! {
                                    a class="govuk-link" href=(school_href(s.urn.0, s.impact.measure, &found.start)) { (s.name) }
                                }))
                                (components::cell(text(s.impact.measure.label())))
                                @if let Some(e) = &s.impact.estimate {
                                    (components::number_cell(signed(s.impact.measure, e.school_change)))
                                    (components::number_cell(signed(s.impact.measure, e.family_change)))
                                    (components::number_cell(signed(s.impact.measure, e.difference)))
                                    (components::number_cell(format!("{} to {}", signed(s.impact.measure, e.low), signed(s.impact.measure, e.high))))
                                } @else {
                                    td class="govuk-table__cell" colspan="4" { (s.impact.summary) }
                                }
                            }
                        }
                    },
                ))
            }
        }
        (can_and_cannot())
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/collaborations/{id}")) { "Back to the collaboration" }
        }
    }
}

/// `GET /partnerships/{id}/impact?measure=&goal=`: the members' schools before and after
/// the partnership started, or after one of its goals' baseline date.
pub(crate) async fn partnership(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    params: Params,
) -> Result<Html<String>, WebError> {
    let measure = impact::requested_measure(&params)?;
    let goal = params.get("goal").filter(|g| !g.is_empty());
    let found = impact::partnership(&state, &context, &id, measure, goal).await?;
    let sources = state.sources().await;
    let back = format!("/partnerships/{}", found.partnership.0);
    Ok(layout::page(
        &format!("Impact of {}", found.name),
        &sources,
        &[
            ("/", "Home"),
            ("/partnerships", "Partnerships"),
            (&back, "Partnership"),
        ],
        partnership_content(&found),
    ))
}

fn partnership_content(found: &PartnershipImpact) -> Markup {
    let id = found.partnership.0;
    html! {
        span class="govuk-caption-l" { "Partnership: impact compared like with like" }
        h1 class="govuk-heading-l" { (found.name) }
        p class="govuk-body" {
            "How the results of the members' schools moved after " (found.start.label) " on "
            (found.start.date.long())
            ", against how the results of each school's family of similar schools moved over the same years."
        }
        form method="get" action=(format!("/partnerships/{id}/impact")) class="govuk-!-margin-bottom-6" {
            (measure_select(found.measure, &[], Some("Each school's first published measure")))
            div class="govuk-form-group" {
                label class="govuk-label" for="goal" { "Start from" }
                select class="govuk-select" id="goal" name="goal" {
                    option value="" { "The partnership's start" }
                    @for g in &found.goals {
                        option value=(g.id.0) selected[found.goal.as_ref().is_some_and(|c| c.id == g.id)] {
                            "The goal \u{201c}" (g.title) "\u{201d} (its baseline, " (g.baseline_on.long()) ")"
                        }
                    }
                }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Compare" }
        }
        @if let Some(g) = &found.goal {
            div class="govuk-inset-text" { "The goal measures " (g.measure) " in the partnership's own words. Choose the published measure closest to it: these figures are the published results, not the partnership's own." }
        }
        @if let Some(message) = &found.message {
            div class="govuk-inset-text" { (message) }
        }
        @match found.schools.as_slice() {
            [] => {}
            [one] => {
                (impact_section("impact", &one.name, &found.start, &one.impact))
            }
            many => {
                (components::table(
                    "The members' schools",
                    &[
                        components::Column("School", false),
                        components::Column("Measure", false),
                        components::Column("Change", true),
                        components::Column("Similar schools' change", true),
                        components::Column("Difference", true),
                        components::Column("95% interval", true),
                    ],
                    html! {
                        @for s in many {
                            tr class="govuk-table__row" {
                                (components::cell(html! {
                                    a class="govuk-link" href=(school_href(s.urn.0, s.impact.measure, &found.start)) { (s.name) }
                                }))
                                (components::cell(text(s.impact.measure.label())))
                                @if let Some(e) = &s.impact.estimate {
                                    (components::number_cell(signed(s.impact.measure, e.school_change)))
                                    (components::number_cell(signed(s.impact.measure, e.family_change)))
                                    (components::number_cell(signed(s.impact.measure, e.difference)))
                                    (components::number_cell(format!("{} to {}", signed(s.impact.measure, e.low), signed(s.impact.measure, e.high))))
                                } @else {
                                    td class="govuk-table__cell" colspan="4" { (s.impact.summary) }
                                }
                            }
                        }
                    },
                ))
            }
        }
        (can_and_cannot())
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/partnerships/{id}")) { "Back to the partnership" }
        }
    }
}
