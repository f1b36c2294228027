//! Charts drawn on the server as SVG, so they work without JavaScript and cost nothing to
//! serve. Each chart says in words what it shows (for screen readers) and comes with a table
//! of the same numbers.

use crate::format::thousands;
use convene_domain::profile::national::{Dimension, Distribution, Standing};
use maud::{html, Markup, PreEscaped};
use std::fmt::Write;

/// GOV.UK colours used in charts.
pub(crate) mod colour {
    /// Bars of the national distribution.
    pub(crate) const DISTRIBUTION: &str = "#b1b4b6";
    /// The national median.
    pub(crate) const MEDIAN: &str = "#0b0c0c";
    /// The average of trusts of similar size.
    pub(crate) const BAND: &str = "#1d70b8";
    /// The trust itself.
    pub(crate) const THIS: &str = "#d4351c";
}

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 96.0;
const LEFT: f64 = 10.0;
const RIGHT: f64 = 550.0;
const BASE: f64 = 70.0;
const BINS: usize = 28;

/// A value as people read it for this dimension.
pub(crate) fn format_value(dimension: Dimension, value: f64) -> String {
    match dimension {
        Dimension::Schools
        | Dimension::Pupils
        | Dimension::LocalAuthorities
        | Dimension::Regions => thousands(value.round() as i64),
        Dimension::RadiusKm | Dimension::MedianDistanceKm => format!("{value:.1} km"),
        Dimension::IdaciQuintile => format!("{value:.1}"),
        _ => format!("{value:.1}%"),
    }
}

/// Counts and distances spread over orders of magnitude, so they are drawn on a log scale;
/// shares and quintiles on a plain one.
fn logarithmic(dimension: Dimension) -> bool {
    matches!(
        dimension,
        Dimension::Schools
            | Dimension::Pupils
            | Dimension::LocalAuthorities
            | Dimension::RadiusKm
            | Dimension::MedianDistanceKm
    )
}

struct Scale {
    low: f64,
    high: f64,
    log: bool,
}

impl Scale {
    fn of(dimension: Dimension, values: &[f64]) -> Scale {
        let log = logarithmic(dimension);
        let t = |v: f64| if log { (1.0 + v.max(0.0)).ln() } else { v };
        let (mut low, mut high) = match dimension {
            Dimension::FsmPercent
            | Dimension::EalPercent
            | Dimension::PercentRural
            | Dimension::PercentPrimary
            | Dimension::PercentGoodOrOutstanding
            | Dimension::PercentInspectedSinceJoining => (0.0, 100.0),
            Dimension::IdaciQuintile => (1.0, 5.0),
            _ => (
                values.first().copied().map_or(0.0, t),
                values.last().copied().map_or(1.0, t),
            ),
        };
        if matches!(
            dimension,
            Dimension::Schools
                | Dimension::Pupils
                | Dimension::LocalAuthorities
                | Dimension::RadiusKm
                | Dimension::MedianDistanceKm
        ) {
            low = low.min(t(0.0));
        }
        if high <= low {
            high = low + 1.0;
        }
        Scale { low, high, log }
    }

    fn x(&self, value: f64) -> f64 {
        let v = if self.log {
            (1.0 + value.max(0.0)).ln()
        } else {
            value
        };
        let share = ((v - self.low) / (self.high - self.low)).clamp(0.0, 1.0);
        LEFT + share * (RIGHT - LEFT)
    }
}

/// One dimension: the national distribution of trusts as a histogram, the national median,
/// the average of trusts of the same size, and this trust.
pub(crate) fn distribution(
    id: &str,
    distribution: &Distribution,
    standing: &Standing,
    band_label: Option<&str>,
) -> Markup {
    let dimension = standing.dimension;
    let scale = Scale::of(dimension, &distribution.values);
    let mut counts = [0usize; BINS];
    for value in &distribution.values {
        let bin = (((scale.x(*value) - LEFT) / (RIGHT - LEFT)) * BINS as f64) as usize;
        counts[bin.min(BINS - 1)] += 1;
    }
    let tallest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bar_width = (RIGHT - LEFT) / BINS as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-title"><title id="{id}-title">{}</title>"#,
        maud::html! { (summary(standing, band_label)) }.into_string()
    );
    for (i, count) in counts.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let height = (*count as f64 / tallest) * 56.0;
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
            LEFT + i as f64 * bar_width + 0.5,
            BASE - height,
            bar_width - 1.0,
            height,
            colour::DISTRIBUTION
        );
    }
    let _ = write!(
        svg,
        r#"<line x1="{LEFT}" y1="{BASE}" x2="{RIGHT}" y2="{BASE}" stroke="{}" stroke-width="1"/>"#,
        colour::MEDIAN
    );
    if let Some(median) = standing.national_median {
        let x = scale.x(median);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="8" x2="{x:.1}" y2="{BASE}" stroke="{}" stroke-width="2" stroke-dasharray="4 3"/>"#,
            colour::MEDIAN
        );
    }
    if let Some(band) = standing.band_average {
        let x = scale.x(band);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="8" x2="{x:.1}" y2="{BASE}" stroke="{}" stroke-width="2" stroke-dasharray="1 3"/>"#,
            colour::BAND
        );
    }
    if let Some(value) = standing.value {
        let x = scale.x(value);
        let _ = write!(
            svg,
            r#"<line x1="{x:.1}" y1="4" x2="{x:.1}" y2="{BASE}" stroke="{}" stroke-width="4"/><circle cx="{x:.1}" cy="6" r="5" fill="{}"/>"#,
            colour::THIS,
            colour::THIS
        );
    }
    let first = distribution.values.first().copied();
    let last = distribution.values.last().copied();
    if let (Some(first), Some(last)) = (first, last) {
        let _ = write!(
            svg,
            r##"<text x="{LEFT}" y="{}" font-size="12" fill="#0b0c0c">{}</text><text x="{RIGHT}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>"##,
            BASE + 18.0,
            escape(&format_value(dimension, first)),
            BASE + 18.0,
            escape(&format_value(dimension, last)),
        );
    }
    svg.push_str("</svg>");
    html! {
        figure class="convene-chart" id=(id) {
            figcaption class="govuk-heading-s govuk-!-margin-bottom-1" { (dimension.label()) }
            p class="govuk-body-s govuk-!-margin-bottom-1" { (summary(standing, band_label)) }
            (PreEscaped(svg))
            details class="govuk-details govuk-!-margin-bottom-2" {
                summary class="govuk-details__summary" {
                    span class="govuk-details__summary-text" { "Numbers behind this chart" }
                }
                div class="govuk-details__text" {
                    div class="convene-table-scroll" { table class="govuk-table govuk-!-margin-bottom-0" {
                        caption class="govuk-table__caption govuk-visually-hidden" { (dimension.label()) }
                        tbody class="govuk-table__body" {
                            (row("This trust", standing.value.map(|v| format_value(dimension, v))))
                            (row("Percentile among trusts", standing.percentile.map(|p| format!("{p:.0}"))))
                            (row("National median", standing.national_median.map(|v| format_value(dimension, v))))
                            (row(&format!("Average of trusts {}", band_label.unwrap_or("of similar size")), standing.band_average.map(|v| format_value(dimension, v))))
                            (row("Trusts compared", Some(thousands(distribution.values.len() as i64))))
                        }
                    } }
                }
            }
        }
    }
}

fn row(label: &str, value: Option<String>) -> Markup {
    html! {
        tr class="govuk-table__row" {
            th scope="row" class="govuk-table__header" { (label) }
            td class="govuk-table__cell govuk-table__cell--numeric" { (value.unwrap_or_else(|| "No data".into())) }
        }
    }
}

/// The chart in one sentence.
pub(crate) fn summary(standing: &Standing, band_label: Option<&str>) -> String {
    let dimension = standing.dimension;
    let Some(value) = standing.value else {
        return "The data has no value for this trust.".into();
    };
    let mut text = format_value(dimension, value);
    if let Some(p) = standing.percentile {
        let _ = write!(text, ": at or above {p:.0}% of trusts");
    }
    if let Some(median) = standing.national_median {
        let _ = write!(
            text,
            " (national median {})",
            format_value(dimension, median)
        );
    }
    if let (Some(band), Some(label)) = (standing.band_average, band_label) {
        let _ = write!(
            text,
            "; trusts {label} average {}",
            format_value(dimension, band)
        );
    }
    text.push('.');
    text
}

/// The key shared by every distribution chart.
pub(crate) fn legend() -> Markup {
    html! {
        ul class="govuk-list govuk-body-s convene-legend" {
            li { (swatch(colour::THIS)) " This trust" }
            li { (swatch(colour::MEDIAN)) " National median (dashed)" }
            li { (swatch(colour::BAND)) " Average of trusts of similar size (dotted)" }
            li { (swatch(colour::DISTRIBUTION)) " Number of trusts at each value" }
        }
    }
}

/// A key's square of colour, drawn as SVG (a `fill` attribute) rather than an inline style,
/// so the Content-Security-Policy can forbid inline styles.
pub(crate) fn swatch(colour: &str) -> Markup {
    html! {
        svg class="convene-swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false" {
            rect width="12" height="12" fill=(colour) {}
        }
    }
}

/// Escapes text for SVG written by hand.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(value: Option<f64>) -> Standing {
        Standing {
            dimension: Dimension::FsmPercent,
            value,
            percentile: value.map(|_| 75.0),
            national_median: Some(20.0),
            band_average: Some(22.5),
        }
    }

    #[test]
    fn a_chart_says_what_it_shows_and_has_its_numbers() {
        let national = Distribution {
            dimension: Dimension::FsmPercent,
            values: vec![5.0, 10.0, 20.0, 30.0, 45.0],
            band_averages: vec![],
        };
        let markup = super::distribution(
            "fsm",
            &national,
            &standing(Some(30.0)),
            Some("with 2 to 5 schools"),
        )
        .into_string();
        assert!(markup.contains("role=\"img\""));
        assert!(markup.contains("30.0%: at or above 75% of trusts (national median 20.0%); trusts with 2 to 5 schools average 22.5%."));
        assert!(markup.contains("Numbers behind this chart"));
        assert_eq!(
            markup.matches("<rect").count(),
            5,
            "one bar per occupied bin"
        );
    }

    #[test]
    fn a_missing_value_is_said_not_drawn() {
        let national = Distribution {
            dimension: Dimension::FsmPercent,
            values: vec![5.0],
            band_averages: vec![],
        };
        let markup = super::distribution("x", &national, &standing(None), None).into_string();
        assert!(markup.contains("The data has no value for this trust."));
        assert!(!markup.contains("<circle"));
    }

    #[test]
    fn values_are_written_as_people_read_them() {
        assert_eq!(format_value(Dimension::Pupils, 12345.0), "12,345");
        assert_eq!(format_value(Dimension::RadiusKm, 12.34), "12.3 km");
        assert_eq!(format_value(Dimension::PercentRural, 50.0), "50.0%");
    }
}
