//! Charts drawn on the server as SVG, so they work without JavaScript and cost nothing to
//! serve. Each chart says in words what it shows (for screen readers) and comes with a table
//! of the same numbers.

use crate::format::thousands;
use convene_domain::outcome::{MeasureSeries, SeriesPoint};
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
                    (crate::pages::components::scrolling(html! { table class="govuk-table govuk-!-margin-bottom-0" {
                        caption class="govuk-table__caption govuk-visually-hidden" { (dimension.label()) }
                        tbody class="govuk-table__body" {
                            (row("This trust", standing.value.map(|v| format_value(dimension, v))))
                            (row("Percentile among trusts", standing.percentile.map(|p| format!("{p:.0}"))))
                            (row("National median", standing.national_median.map(|v| format_value(dimension, v))))
                            (row(&format!("Average of trusts {}", band_label.unwrap_or("of similar size")), standing.band_average.map(|v| format_value(dimension, v))))
                            (row("Trusts compared", Some(thousands(distribution.values.len() as i64))))
                        }
                    } }))
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

/// What a year with no published figure says, wherever a figure would be.
pub(crate) const NOT_PUBLISHED: &str = "not published";

const LINE_HEIGHT: f64 = 190.0;
const LINE_TOP: f64 = 14.0;
const LINE_BOTTOM: f64 = 150.0;
const LINE_LEFT: f64 = 60.0;
const LINE_RIGHT: f64 = 540.0;

/// A measure over time as a line chart: the school's published figures (solid, red) and its
/// family's median (dashed, blue), each point titled with its year and source. A year the
/// school has no figure for breaks its line and is named "not published" in the chart's
/// title and its table, never drawn as zero. The numbers table follows the chart.
pub(crate) fn series(id: &str, school: &str, series: &MeasureSeries) -> Markup {
    let measure = series.measure;
    let points = &series.points;
    let values: Vec<f64> = points
        .iter()
        .flat_map(|p| p.school.into_iter().chain(p.family_median))
        .collect();
    let (mut low, mut high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let pad = ((high - low) * 0.1).max(0.05);
    let (low, high) = (low - pad, high + pad);
    let x = |i: usize| {
        if points.len() < 2 {
            (LINE_LEFT + LINE_RIGHT) / 2.0
        } else {
            LINE_LEFT + i as f64 * (LINE_RIGHT - LINE_LEFT) / (points.len() - 1) as f64
        }
    };
    let y = |v: f64| LINE_BOTTOM - (v - low) / (high - low) * (LINE_BOTTOM - LINE_TOP);
    let title = series_summary(school, series);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {LINE_HEIGHT}" width="{WIDTH}" height="{LINE_HEIGHT}" role="img" aria-labelledby="{id}-title" class="convene-line-chart"><title id="{id}-title">{}</title>"#,
        escape(&title)
    );
    let _ = write!(
        svg,
        r##"<line x1="{LINE_LEFT}" y1="{LINE_BOTTOM}" x2="{LINE_RIGHT}" y2="{LINE_BOTTOM}" stroke="#0b0c0c" stroke-width="1"/><text x="{}" y="{:.1}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text><text x="{}" y="{:.1}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>"##,
        LINE_LEFT - 6.0,
        y(high - pad) + 4.0,
        escape(&measure.format(high - pad)),
        LINE_LEFT - 6.0,
        y(low + pad) + 4.0,
        escape(&measure.format(low + pad)),
    );
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="middle">{}</text>"##,
            x(i),
            LINE_BOTTOM + 18.0,
            escape(&p.year)
        );
        if p.school.is_none() {
            let _ = write!(
                svg,
                r##"<text x="{:.1}" y="{}" font-size="10" fill="#505a5f" text-anchor="middle">{NOT_PUBLISHED}</text>"##,
                x(i),
                LINE_BOTTOM + 32.0,
            );
        }
    }
    let line = |svg: &mut String,
                value: fn(&SeriesPoint) -> Option<f64>,
                colour: &str,
                dash: &str| {
        for (i, pair) in points.windows(2).enumerate() {
            if let (Some(a), Some(b)) = (value(&pair[0]), value(&pair[1])) {
                let _ = write!(
                    svg,
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2"{dash}/>"#,
                    x(i),
                    y(a),
                    x(i + 1),
                    y(b)
                );
            }
        }
    };
    line(
        &mut svg,
        |p| p.family_median,
        colour::BAND,
        r#" stroke-dasharray="5 3""#,
    );
    line(&mut svg, |p| p.school, colour::THIS, "");
    for (i, p) in points.iter().enumerate() {
        if let Some(m) = p.family_median {
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="6" height="6" fill="{}"><title>{}</title></rect>"#,
                x(i) - 3.0,
                y(m) - 3.0,
                colour::BAND,
                escape(&format!(
                    "{}: family median {} ({} schools)",
                    p.year,
                    measure.format(m),
                    p.family_count
                ))
            );
        }
        if let Some(v) = p.school {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{}"><title>{}</title></circle>"#,
                x(i),
                y(v),
                colour::THIS,
                escape(&format!(
                    "{}: {} (source: {})",
                    p.year,
                    measure.format(v),
                    p.source
                ))
            );
        }
    }
    svg.push_str("</svg>");
    let shown = |v: Option<f64>| v.map_or_else(|| NOT_PUBLISHED.to_string(), |v| measure.format(v));
    html! {
        figure class="convene-chart" id=(id) {
            figcaption class="govuk-heading-s govuk-!-margin-bottom-1" { (measure.label()) }
            (PreEscaped(svg))
            ul class="govuk-list govuk-body-s convene-legend" {
                li { (swatch(colour::THIS)) " " (school) }
                li { (swatch(colour::BAND)) " Median of its family of similar schools (dashed)" }
            }
            (crate::pages::components::scrolling(html! { table class="govuk-table govuk-!-margin-bottom-2" {
                caption class="govuk-table__caption govuk-visually-hidden" { (measure.label()) " by year" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Year" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "This school" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family median" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family schools with a figure" }
                    th scope="col" class="govuk-table__header" { "Source" }
                } }
                tbody class="govuk-table__body" {
                    @for p in points {
                        tr class="govuk-table__row" {
                            th scope="row" class="govuk-table__header" { (p.year) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(p.school)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(p.family_median)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (p.family_count) }
                            td class="govuk-table__cell" { (p.source) }
                        }
                    }
                }
            } }))
        }
    }
}

/// A series in one sentence, year by year, for the chart's title.
fn series_summary(school: &str, series: &MeasureSeries) -> String {
    let measure = series.measure;
    let years: Vec<String> = series
        .points
        .iter()
        .map(|p| {
            let own = p
                .school
                .map_or_else(|| NOT_PUBLISHED.to_string(), |v| measure.format(v));
            match p.family_median {
                Some(m) => format!("{} {own} (family median {})", p.year, measure.format(m)),
                None => format!("{} {own}", p.year),
            }
        })
        .collect();
    format!("{} for {school}: {}.", measure.label(), years.join("; "))
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
    fn a_series_says_not_published_for_a_missing_year_and_never_draws_it() {
        use convene_domain::outcome::Measure;
        let point = |year: &str, school: Option<f64>, median: Option<f64>| SeriesPoint {
            year: year.into(),
            school,
            source: "ks4.csv".into(),
            family_median: median,
            family_count: usize::from(median.is_some()) * 12,
        };
        let s = MeasureSeries {
            measure: Measure::Ks4Progress8,
            points: vec![
                point("2017/18", Some(0.2), Some(0.0)),
                point("2018/19", None, Some(0.1)),
                point("2023/24", Some(0.45), Some(0.05)),
            ],
        };
        let markup = super::series("p8", "Haverstock School", &s).into_string();
        assert!(markup.contains("Progress 8 for Haverstock School: 2017/18 0.20 (family median 0.00); 2018/19 not published (family median 0.10); 2023/24 0.45 (family median 0.05)."));
        assert_eq!(
            markup.matches("<circle").count(),
            2,
            "no point for the missing year"
        );
        assert!(markup.contains("2023/24: 0.45 (source: ks4.csv)"));
        assert!(!markup.contains("style="), "the CSP forbids inline styles");
        let own_segments = markup.matches("stroke=\"#d4351c\"").count();
        assert_eq!(
            own_segments, 0,
            "the school's line breaks at the gap on both sides"
        );
        assert!(markup.contains(
            "<td class=\"govuk-table__cell govuk-table__cell--numeric\">not published</td>"
        ));
    }

    #[test]
    fn values_are_written_as_people_read_them() {
        assert_eq!(format_value(Dimension::Pupils, 12345.0), "12,345");
        assert_eq!(format_value(Dimension::RadiusKm, 12.34), "12.3 km");
        assert_eq!(format_value(Dimension::PercentRural, 50.0), "50.0%");
    }
}
