//! A goal's progress drawn as SVG on the server, the way outcome series are drawn
//! (`crate::charts`): the measured values (solid), the steady path from the baseline to the
//! target by the deadline (dashed) and the target (a line), with a sentence for screen
//! readers and a table of the same numbers.

use crate::charts::{escape, swatch};
use convene_domain::partnerships::goal::Goal;
use convene_domain::partnerships::progress::Progress;
use convene_domain::partnerships::Measurement;
use maud::{html, Markup, PreEscaped};
use std::fmt::Write;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 540.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 150.0;
/// Measured values.
const MEASURED: &str = "#d4351c";
/// The steady path.
const PATH: &str = "#1d70b8";
/// The target.
const TARGET: &str = "#00703c";

/// The chart of `goal` with its measurements (oldest first) and progress.
pub(crate) fn goal_chart(
    id: &str,
    goal: &Goal,
    measured: &[Measurement],
    progress: &Progress,
) -> Markup {
    let start = goal.baseline_on.days_since_epoch();
    let end = measured
        .iter()
        .map(|m| m.on.days_since_epoch())
        .chain([goal.deadline.days_since_epoch()])
        .max()
        .unwrap_or(start + 1)
        .max(start + 1);
    let values: Vec<f64> = measured
        .iter()
        .map(|m| m.value)
        .chain([goal.baseline, goal.target])
        .collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((high - low) * 0.1).max(0.5);
    let (low, high) = (low - pad, high + pad);
    let x = |day: i64| LEFT + (day - start) as f64 / (end - start) as f64 * (RIGHT - LEFT);
    let y = |v: f64| BOTTOM - (v - low) / (high - low) * (BOTTOM - TOP);
    let title = describe(goal, measured, progress);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-title" class="convene-line-chart"><title id="{id}-title">{}</title>"#,
        escape(&title)
    );
    let _ = write!(
        svg,
        r##"<line x1="{LEFT}" y1="{BOTTOM}" x2="{RIGHT}" y2="{BOTTOM}" stroke="#0b0c0c" stroke-width="1"/>"##
    );
    for (value, anchor) in [(goal.target, "target"), (goal.baseline, "baseline")] {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{:.1}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>"##,
            LEFT - 6.0,
            y(value) + 4.0,
            escape(&format!("{} {}", goal.show(value), anchor))
        );
    }
    for (day, label) in [
        (start, goal.baseline_on),
        (goal.deadline.days_since_epoch(), goal.deadline),
    ] {
        let anchor = if day == start { "start" } else { "end" };
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="{anchor}">{}</text>"##,
            x(day),
            BOTTOM + 18.0,
            escape(&label.long())
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{t:.1}" x2="{RIGHT}" y2="{t:.1}" stroke="{TARGET}" stroke-width="1.5"/>"#,
        t = y(goal.target)
    );
    let _ = write!(
        svg,
        r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{PATH}" stroke-width="2" stroke-dasharray="5 3"/>"#,
        x(start),
        y(goal.baseline),
        x(goal.deadline.days_since_epoch()),
        y(goal.target)
    );
    let mut points = vec![(start, goal.baseline)];
    points.extend(measured.iter().map(|m| (m.on.days_since_epoch(), m.value)));
    let line: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
        .collect();
    let _ = write!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{MEASURED}" stroke-width="2"/>"#,
        line.join(" ")
    );
    for m in measured {
        let _ = write!(
            svg,
            r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{MEASURED}"><title>{}</title></circle>"#,
            x(m.on.days_since_epoch()),
            y(m.value),
            escape(&format!("{}: {}", m.on.long(), goal.show(m.value)))
        );
    }
    svg.push_str("</svg>");
    html! {
        figure class="convene-chart" id=(id) {
            figcaption class="govuk-body-s govuk-!-margin-bottom-1" { (goal.measure) }
            (PreEscaped(svg))
            ul class="govuk-list govuk-body-s convene-legend" {
                li { (swatch(MEASURED)) " Measured at stock-takes" }
                li { (swatch(PATH)) " A steady path from the baseline to the target (dashed)" }
                li { (swatch(TARGET)) " The target" }
            }
            (crate::pages::components::scrolling(html! { table class="govuk-table govuk-!-margin-bottom-2" {
                caption class="govuk-table__caption govuk-visually-hidden" { (goal.title) ": values measured" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Date" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Value" }
                } }
                tbody class="govuk-table__body" {
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { (goal.baseline_on.long()) " (baseline)" }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (goal.show(goal.baseline)) }
                    }
                    @for m in measured {
                        tr class="govuk-table__row" {
                            th scope="row" class="govuk-table__header" { (m.on.long()) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (goal.show(m.value)) }
                        }
                    }
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { (goal.deadline.long()) " (target)" }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (goal.show(goal.target)) }
                    }
                }
            } }))
        }
    }
}

/// The chart in one sentence.
fn describe(goal: &Goal, measured: &[Measurement], progress: &Progress) -> String {
    let mut text = format!(
        "{}: from {} on {} to a target of {} by {}.",
        goal.measure,
        goal.show(goal.baseline),
        goal.baseline_on.long(),
        goal.show(goal.target),
        goal.deadline.long()
    );
    if measured.is_empty() {
        text.push_str(" Not measured yet.");
    } else {
        let values: Vec<String> = measured
            .iter()
            .map(|m| format!("{} on {}", goal.show(m.value), m.on.long()))
            .collect();
        let _ = write!(
            text,
            " Measured: {}. {}.",
            values.join("; "),
            progress.status.label()
        );
    }
    text
}

/// How far along, in words: "45% of the way to the target; a steady path would be 50% by now".
pub(crate) fn progress_words(progress: &Progress) -> String {
    match progress.fraction {
        None => "Not measured since the baseline".into(),
        Some(f) => format!(
            "{}% of the way from baseline to target; a steady path would be {}% of the way by now",
            (f * 100.0).round() as i64,
            (progress.expected * 100.0).round() as i64
        ),
    }
}
