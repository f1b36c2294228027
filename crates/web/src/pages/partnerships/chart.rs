//! A goal's progress drawn as SVG on the server, the way outcome series are drawn
//! (`crate::charts`): the measured values (solid, with a point for each), the steady path from the baseline to the
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
            r##"<text x="{}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>"##,
            LEFT - 6.0,
            Tenths(y(value) + 4.0),
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
            r##"<text x="{}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="{anchor}">{}</text>"##,
            Tenths(x(day)),
            BOTTOM + 18.0,
            escape(&label.long())
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{t}" x2="{RIGHT}" y2="{t}" stroke="{TARGET}" stroke-width="1.5"/>"#,
        t = Tenths(y(goal.target))
    );
    let _ = write!(
        svg,
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{PATH}" stroke-width="2" stroke-dasharray="5 3"/>"#,
        Tenths(x(start)),
        Tenths(y(goal.baseline)),
        Tenths(x(goal.deadline.days_since_epoch())),
        Tenths(y(goal.target))
    );
    let mut points = vec![(start, goal.baseline)];
    points.extend(measured.iter().map(|m| (m.on.days_since_epoch(), m.value)));
    svg.push_str(r#"<polyline points=""#);
    for (i, (d, v)) in points.iter().enumerate() {
        let gap = if i == 0 { "" } else { " " };
        let _ = write!(svg, "{gap}{},{}", Tenths(x(*d)), Tenths(y(*v)));
    }
    let _ = write!(
        svg,
        r#"" fill="none" stroke="{MEASURED}" stroke-width="2"/>"#
    );
    for m in measured {
        let _ = write!(
            svg,
            r#"<circle cx="{}" cy="{}" r="4" fill="{MEASURED}"/>"#,
            Tenths(x(m.on.days_since_epoch())),
            Tenths(y(m.value)),
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

/// A coordinate to one decimal place, written with integer arithmetic: a chart has
/// hundreds of them, and formatting floats to a precision was most of a page's time.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round();
        if !tenths.is_finite() || tenths.abs() > 1e15 {
            return write!(f, "{:.1}", self.0);
        }
        let tenths = tenths as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let (whole, part) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        write!(f, "{sign}{whole}.{part}")
    }
}

/// The chart in a few words for screen readers: where the goal started, where it aims,
/// the latest value and the status. Every value is in the table beside the chart, so the
/// sentence does not repeat them.
fn describe(goal: &Goal, measured: &[Measurement], progress: &Progress) -> String {
    let mut text = format!(
        "{}: from {} on {} to a target of {} by {}.",
        goal.measure,
        goal.show(goal.baseline),
        goal.baseline_on.long(),
        goal.show(goal.target),
        goal.deadline.long()
    );
    match measured.last() {
        None => text.push_str(" Not measured yet."),
        Some(latest) => {
            let _ = write!(
                text,
                " Latest of {} values (all in the table below): {} on {}. {}.",
                measured.len(),
                goal.show(latest.value),
                latest.on.long(),
                progress.status.label()
            );
        }
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

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn coordinates_are_written_to_one_place_as_format_would() {
        for step in -5_000..5_000 {
            let value = f64::from(step) * 0.037;
            let quick = Tenths(value).to_string();
            let exact = format!("{value:.1}");
            let same = quick == exact || (exact == "-0.0" && quick == "0.0");
            // Halves may round either way; anything else must agree exactly.
            let half = ((value * 10.0).fract().abs() - 0.5).abs() < 1e-9;
            assert!(same || half, "{value}: {quick} against {exact}");
        }
        assert_eq!(Tenths(f64::NAN).to_string(), "NaN");
    }
}
