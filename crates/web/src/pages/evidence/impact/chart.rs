//! The impact chart: the school's published figures year by year (solid, red), its family's
//! range from lowest to highest (a shaded band) and median (dashed, blue), and the start
//! marked between the last year before it and the first after. Every point is titled with
//! its year and source; a year with no figure for the school says "not published" and is
//! never drawn. Coordinates are written as whole numbers, which is plenty for a 560-pixel
//! chart and quick to format. The same numbers follow in a table.

use crate::charts::{colour, escape, swatch, NOT_PUBLISHED};
use convene_domain::evidence::impact::{Impact, ImpactYear, Side};
use maud::{html, Markup, PreEscaped};
use std::fmt::Write;

const WIDTH: i64 = 560;
const HEIGHT: i64 = 210;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 160.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 540.0;
/// The family's range, a pale blue.
const RANGE: &str = "#c2daf0";
/// The start line.
const START: &str = "#0b0c0c";

/// The chart and its table, for `school`'s `impact`.
pub(crate) fn chart(id: &str, school: &str, impact: &Impact) -> Markup {
    let measure = impact.measure;
    let years = &impact.years;
    let values: Vec<f64> = years
        .iter()
        .flat_map(|y| {
            y.school
                .into_iter()
                .chain(y.family_low)
                .chain(y.family_high)
        })
        .collect();
    let (mut low, mut high) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    if !low.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    let pad = ((high - low) * 0.08).max(0.05);
    let (low, high) = (low - pad, high + pad);
    let x = |i: usize| -> i64 {
        if years.len() < 2 {
            ((LEFT + RIGHT) / 2.0) as i64
        } else {
            (LEFT + i as f64 * (RIGHT - LEFT) / (years.len() - 1) as f64).round() as i64
        }
    };
    let y = |v: f64| -> i64 { (BOTTOM - (v - low) / (high - low) * (BOTTOM - TOP)).round() as i64 };
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{id}-title" class="convene-line-chart"><title id="{id}-title">{}</title>"#,
        escape(&summary(school, impact))
    );
    let _ = write!(
        svg,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b0c0c" stroke-width="1"/>"##,
        LEFT as i64, BOTTOM as i64, RIGHT as i64, BOTTOM as i64
    );
    for value in [high - pad, low + pad] {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="end">{}</text>"##,
            LEFT as i64 - 6,
            y(value) + 4,
            escape(&measure.format(value))
        );
    }
    for (i, pair) in years.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if let (Some(al), Some(ah), Some(bl), Some(bh)) =
            (a.family_low, a.family_high, b.family_low, b.family_high)
        {
            let _ = write!(
                svg,
                r#"<polygon points="{},{} {},{} {},{} {},{}" fill="{RANGE}"/>"#,
                x(i),
                y(ah),
                x(i + 1),
                y(bh),
                x(i + 1),
                y(bl),
                x(i),
                y(al)
            );
        }
    }
    if let Some(at) = start_x(years, &x) {
        let _ = write!(
            svg,
            r#"<line x1="{at}" y1="{}" x2="{at}" y2="{}" stroke="{START}" stroke-width="2" stroke-dasharray="2 3"/><text x="{at}" y="{}" font-size="12" fill="{START}" text-anchor="middle">{}</text>"#,
            TOP as i64 - 8,
            BOTTOM as i64,
            TOP as i64 - 12,
            escape(&format!("Start {}", impact.start.long()))
        );
    }
    for (i, year) in years.iter().enumerate() {
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" font-size="12" fill="#0b0c0c" text-anchor="middle">{}</text>"##,
            x(i),
            BOTTOM as i64 + 18,
            escape(&year.year)
        );
        if year.school.is_none() {
            let _ = write!(
                svg,
                r##"<text x="{}" y="{}" font-size="10" fill="#505a5f" text-anchor="middle">{NOT_PUBLISHED}</text>"##,
                x(i),
                BOTTOM as i64 + 32
            );
        }
    }
    let line = |svg: &mut String,
                value: fn(&ImpactYear) -> Option<f64>,
                colour: &str,
                dash: &str| {
        for (i, pair) in years.windows(2).enumerate() {
            if let (Some(a), Some(b)) = (value(&pair[0]), value(&pair[1])) {
                let _ = write!(
                    svg,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="2"{dash}/>"#,
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
        |y| y.family_median,
        colour::BAND,
        r#" stroke-dasharray="5 3""#,
    );
    line(&mut svg, |y| y.school, colour::THIS, "");
    for (i, year) in years.iter().enumerate() {
        if let (Some(m), Some(lo), Some(hi)) =
            (year.family_median, year.family_low, year.family_high)
        {
            let _ = write!(
                svg,
                r#"<rect x="{}" y="{}" width="6" height="6" fill="{}"><title>{}</title></rect>"#,
                x(i) - 3,
                y(m) - 3,
                colour::BAND,
                escape(&format!(
                    "{}: family median {}, range {} to {} ({} schools; source: {})",
                    year.year,
                    measure.format(m),
                    measure.format(lo),
                    measure.format(hi),
                    year.family_count,
                    year.source
                ))
            );
        }
        if let Some(v) = year.school {
            let _ = write!(
                svg,
                r#"<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}</title></circle>"#,
                x(i),
                y(v),
                colour::THIS,
                escape(&format!(
                    "{}: {} (source: {})",
                    year.year,
                    measure.format(v),
                    year.source
                ))
            );
        }
    }
    svg.push_str("</svg>");
    let shown = |v: Option<f64>| v.map_or_else(|| NOT_PUBLISHED.to_string(), |v| measure.format(v));
    html! {
        figure class="convene-chart" id=(id) {
            figcaption class="govuk-heading-s govuk-!-margin-bottom-1" { (measure.label()) " before and after the start" }
            (PreEscaped(svg))
            ul class="govuk-list govuk-body-s convene-legend" {
                li { (swatch(colour::THIS)) " " (school) }
                li { (swatch(colour::BAND)) " Median of its family of similar schools (dashed)" }
                li { (swatch(RANGE)) " Range of the family, lowest to highest" }
                li { (swatch(START)) " The start, " (impact.start.long()) " (dotted): " (impact.first_year_after) " is the first year after it" }
            }
            (crate::pages::components::scrolling(html! { table class="govuk-table govuk-!-margin-bottom-2" {
                caption class="govuk-table__caption govuk-visually-hidden" { (measure.label()) " by year, before and after the start" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Year" }
                    th scope="col" class="govuk-table__header" { "Before or after" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "This school" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family lowest" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family median" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family highest" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family schools with a figure" }
                    th scope="col" class="govuk-table__header" { "Source" }
                } }
                tbody class="govuk-table__body" {
                    @for year in years {
                        tr class="govuk-table__row" {
                            th scope="row" class="govuk-table__header" { (year.year) }
                            td class="govuk-table__cell" { (side_label(year.side)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(year.school)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(year.family_low)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(year.family_median)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (shown(year.family_high)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (year.family_count) }
                            td class="govuk-table__cell" { (year.source) }
                        }
                    }
                }
            } }))
        }
    }
}

/// "Before" or "After".
pub(crate) fn side_label(side: Side) -> &'static str {
    match side {
        Side::Before => "Before",
        Side::After => "After",
    }
}

/// Where the start line goes: midway between the last year before and the first after, or
/// at the edge when every year is on one side; nowhere without years.
fn start_x(years: &[ImpactYear], x: &dyn Fn(usize) -> i64) -> Option<i64> {
    let first_after = years.iter().position(|y| y.side == Side::After);
    match (first_after, years.len()) {
        (_, 0) => None,
        (Some(0), _) => Some(x(0) - 20),
        (Some(i), _) => Some((x(i - 1) + x(i)) / 2),
        (None, n) => Some(x(n - 1) + 20),
    }
}

/// The chart in one sentence, year by year, for its title.
fn summary(school: &str, impact: &Impact) -> String {
    let measure = impact.measure;
    let years: Vec<String> = impact
        .years
        .iter()
        .map(|y| {
            let own = y
                .school
                .map_or_else(|| NOT_PUBLISHED.to_string(), |v| measure.format(v));
            match (y.family_low, y.family_high) {
                (Some(lo), Some(hi)) => format!(
                    "{} ({}) {own}, family {} to {}",
                    y.year,
                    side_label(y.side).to_lowercase(),
                    measure.format(lo),
                    measure.format(hi)
                ),
                _ => format!("{} ({}) {own}", y.year, side_label(y.side).to_lowercase()),
            }
        })
        .collect();
    format!(
        "{} for {school} before and after the start on {}: {}.",
        measure.label(),
        impact.start.long(),
        years.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::evidence::impact::{impact, ImpactInput};
    use convene_domain::outcome::{Measure, Outcome};
    use convene_domain::{Date, Urn};

    fn figure(year: &str, value: f64) -> Outcome {
        Outcome {
            measure: Measure::Ks4Progress8,
            year: year.into(),
            value,
            source: "ks4.csv".into(),
        }
    }

    #[test]
    fn the_chart_marks_the_start_shows_the_range_and_says_not_published() {
        let school = [figure("2015/16", 0.1), figure("2018/19", 0.4)];
        let family: Vec<(Urn, Vec<Outcome>)> = (0..6)
            .map(|i| {
                let v = f64::from(i) / 10.0;
                (
                    Urn(i64::from(i) + 1),
                    vec![
                        figure("2015/16", v),
                        figure("2016/17", v),
                        figure("2018/19", v),
                    ],
                )
            })
            .collect();
        let members: Vec<(Urn, &[Outcome])> =
            family.iter().map(|(u, o)| (*u, o.as_slice())).collect();
        let result = impact(&ImpactInput {
            measure: Measure::Ks4Progress8,
            start: Date::new(2017, 9, 1).unwrap(),
            school_name: "Haverstock School",
            start_label: "joining the trust",
            school: &school,
            family: &members,
        });
        let markup = chart("impact", "Haverstock School", &result).into_string();
        assert!(markup.contains("Start 1 September 2017"));
        assert_eq!(
            markup.matches("<polygon").count(),
            2,
            "one band per pair of years"
        );
        assert_eq!(markup.matches("<circle").count(), 2, "no point for the gap");
        assert!(markup.contains("2018/19: 0.40 (source: ks4.csv)"));
        assert!(markup.contains("2016/17 (before) not published, family 0.00 to 0.50"));
        assert!(markup.contains(">not published</td>"));
        assert!(!markup.contains("style="), "the CSP forbids inline styles");
        assert!(!markup.contains(".5\""), "coordinates are whole numbers");
    }
}
