//! Maps drawn on the server as SVG on British National Grid coordinates (the projection
//! Ordnance Survey maps of Great Britain use), over an offline base: the silhouette of
//! England made from every school's location. Each school is a link to its page; schools
//! without coordinates are listed under the map rather than silently left off.

use crate::charts::{escape, swatch};
use convene_domain::coverage::{Coverage, CELL_METRES};
use convene_domain::geo::to_lat_lon;
use convene_domain::organisation::GridReference;
use convene_domain::Judgement;
use maud::{html, Markup, PreEscaped};
use std::fmt::Write;

/// One school on a map.
pub(crate) struct MapPoint<'a> {
    /// Where.
    pub(crate) location: GridReference,
    /// Its name (the tooltip).
    pub(crate) name: &'a str,
    /// Its page.
    pub(crate) href: String,
    /// The colour of its dot.
    pub(crate) colour: &'static str,
    /// What the colour means, added to the tooltip.
    pub(crate) label: String,
}

/// What a map draws over its base: places, and lines between them (ties in a network).
pub(crate) struct Marks<'a, 'p> {
    /// The places, each a dot.
    pub(crate) points: &'a [MapPoint<'p>],
    /// Lines between places, drawn under the dots.
    pub(crate) lines: &'a [(GridReference, GridReference)],
}

impl<'a, 'p> Marks<'a, 'p> {
    /// Places alone.
    pub(crate) fn points(points: &'a [MapPoint<'p>]) -> Marks<'a, 'p> {
        Marks { points, lines: &[] }
    }
}

/// What the colours of a map mean.
pub(crate) struct Legend(pub(crate) Vec<(&'static str, String)>);

/// Colours by latest overall Ofsted judgement.
pub(crate) fn judgement_colour(judgement: Option<Judgement>) -> &'static str {
    match judgement {
        Some(Judgement::Outstanding) => "#00703c",
        Some(Judgement::Good) => "#1d70b8",
        Some(Judgement::RequiresImprovement) => "#f47738",
        Some(Judgement::Inadequate) => "#d4351c",
        _ => "#505a5f",
    }
}

/// The judgement legend.
pub(crate) fn judgement_legend() -> Legend {
    Legend(vec![
        (
            judgement_colour(Some(Judgement::Outstanding)),
            "Outstanding".into(),
        ),
        (judgement_colour(Some(Judgement::Good)), "Good".into()),
        (
            judgement_colour(Some(Judgement::RequiresImprovement)),
            "Requires improvement".into(),
        ),
        (
            judgement_colour(Some(Judgement::Inadequate)),
            "Inadequate".into(),
        ),
        (
            judgement_colour(None),
            "No overall grade or not inspected".into(),
        ),
    ])
}

/// Distinct colours for trusts (GOV.UK palette), the rest grey.
pub(crate) const TRUST_COLOURS: [&str; 8] = [
    "#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#b58840", "#d53880",
];

/// Beyond this many points a map is crowded: no background dots (the points are most of the
/// schools in view anyway) and no coordinates in the tooltips, to keep the page light.
const CROWDED: usize = 600;

/// Most other schools drawn as background dots; a wider view uses the coarse grid instead.
const MAX_BACKGROUND_DOTS: usize = 4_000;

/// Draws the map, with `lines` between places (ties in a network) under the points. With
/// `fit` the view closes in on the points (at least 30 km across);
/// otherwise it shows the whole base. In a close view every other school is drawn as a
/// faint dot, which shows towns and roads better than the coarse grid.
pub(crate) fn map<'a>(
    id: &str,
    title: &str,
    base: &Coverage,
    others: impl Iterator<Item = &'a GridReference>,
    marks: Marks,
    fit: bool,
    legend: &Legend,
) -> Markup {
    let (points, lines) = (marks.points, marks.lines);
    let Some((min_e, min_n, max_e, max_n)) = view(base, points, fit) else {
        return html! { p class="govuk-body" { "There are no locations to map." } };
    };
    let width = (max_e - min_e) as f64;
    let height = (max_n - min_n) as f64;
    let dot = (width.max(height) / 140.0).max(250.0);
    let mut svg = String::with_capacity(32 * 1024);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_e} {} {width} {height}" width="100%" height="auto" preserveAspectRatio="xMidYMid meet" role="group" aria-labelledby="{id}-title" class="convene-map__figure"><title id="{id}-title">{}</title>"#,
        -max_n,
        escape(title)
    );
    let in_view = |p: &GridReference| {
        p.easting >= min_e && p.easting <= max_e && p.northing >= min_n && p.northing <= max_n
    };
    let crowded = points.len() > CROWDED;
    let background: Vec<&GridReference> = others
        .filter(|p| !crowded && in_view(p))
        .take(MAX_BACKGROUND_DOTS + 1)
        .collect();
    let dots =
        !crowded && width.max(height) <= 150_000.0 && background.len() <= MAX_BACKGROUND_DOTS;
    if dots {
        let _ = write!(svg, r##"<g fill="#c8c8c8">"##);
        for p in &background {
            let _ = write!(
                svg,
                r#"<circle cx="{}" cy="{}" r="{:.0}"/>"#,
                p.easting,
                -p.northing,
                dot * 0.45
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str(r##"<path fill="#e8e8e8" d=""##);
    for run in base.runs.iter().filter(|_| !dots) {
        if run.easting + run.cells * CELL_METRES < min_e
            || run.easting > max_e
            || run.northing + CELL_METRES < min_n
            || run.northing > max_n
        {
            continue;
        }
        let _ = write!(
            svg,
            "M{} {}h{}v{}h-{}z",
            run.easting,
            -(run.northing + CELL_METRES),
            run.cells * CELL_METRES,
            CELL_METRES,
            run.cells * CELL_METRES
        );
    }
    svg.push_str(r#""/>"#);
    if !lines.is_empty() {
        let _ = write!(
            svg,
            r##"<g stroke="#505a5f" stroke-opacity="0.5" stroke-width="{:.0}" aria-hidden="true">"##,
            dot / 3.0
        );
        for (a, b) in lines {
            let _ = write!(
                svg,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
                a.easting, -a.northing, b.easting, -b.northing
            );
        }
        svg.push_str("</g>");
    }
    let _ = write!(
        svg,
        r##"<g stroke="#ffffff" stroke-width="{:.0}">"##,
        dot / 4.0
    );
    for p in points {
        let place = if crowded {
            String::new()
        } else {
            let ll = to_lat_lon(p.location);
            format!(" ({:.4}, {:.4})", ll.latitude, ll.longitude)
        };
        let _ = write!(
            svg,
            r#"<a href="{}"><circle cx="{}" cy="{}" r="{:.0}" fill="{}"><title>{} – {}{place}</title></circle></a>"#,
            escape(&p.href),
            p.location.easting,
            -p.location.northing,
            dot,
            p.colour,
            escape(p.name),
            escape(&p.label),
        );
    }
    svg.push_str("</g>");
    svg.push_str("</svg>");
    html! {
        div class="convene-map" id=(id) {
            (PreEscaped(svg))
            @if !legend.0.is_empty() {
                ul class="govuk-list govuk-body-s convene-legend" {
                    @for (colour, label) in &legend.0 {
                        li { (swatch(colour)) " " (label) }
                    }
                }
            }
            p class="govuk-body-s" {
                "Base map: where England's schools are (grey), drawn from their own coordinates on the British National Grid. "
                "Select a dot to open the school."
            }
        }
    }
}

fn view(base: &Coverage, points: &[MapPoint], fit: bool) -> Option<(i64, i64, i64, i64)> {
    if !fit || points.is_empty() {
        let (a, b, c, d) = base.extent.or_else(|| bounds(points))?;
        let pad = 10_000;
        return Some((a - pad, b - pad, c + pad, d + pad));
    }
    let (a, b, c, d) = bounds(points)?;
    let size = (c - a).max(d - b).max(30_000);
    let pad = size / 10;
    let (ce, cn) = ((a + c) / 2, (b + d) / 2);
    let half = size / 2 + pad;
    Some((ce - half, cn - half, ce + half, cn + half))
}

fn bounds(points: &[MapPoint]) -> Option<(i64, i64, i64, i64)> {
    points.iter().fold(None, |acc, p| {
        let (e, n) = (p.location.easting, p.location.northing);
        Some(match acc {
            None => (e, n, e, n),
            Some((a, b, c, d)) => (a.min(e), b.min(n), c.max(e), d.max(n)),
        })
    })
}

/// The schools a map could not show, so nobody is silently dropped.
pub(crate) fn unlocated(names: &[(String, String)]) -> Markup {
    html! {
        @if !names.is_empty() {
            details class="govuk-details" {
                summary class="govuk-details__summary" {
                    span class="govuk-details__summary-text" {
                        (names.len()) @if names.len() == 1 { " school is" } @else { " schools are" } " not on the map: the data has no location for "
                        @if names.len() == 1 { "it" } @else { "them" }
                    }
                }
                div class="govuk-details__text" {
                    ul class="govuk-list" {
                        @for (href, name) in names { li { a class="govuk-link" href=(href) { (name) } } }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_has_its_base_its_points_and_their_links() {
        let base = Coverage::of([
            GridReference {
                easting: 480_000,
                northing: 230_000,
            },
            GridReference {
                easting: 300_000,
                northing: 90_000,
            },
        ]);
        let points = [MapPoint {
            location: GridReference {
                easting: 482_000,
                northing: 236_000,
            },
            name: "Shenley Brook End School",
            href: "/schools/136730".into(),
            colour: judgement_colour(Some(Judgement::Good)),
            label: "Good".into(),
        }];
        let markup = map(
            "m",
            "Schools",
            &base,
            std::iter::empty(),
            Marks::points(&points),
            false,
            &judgement_legend(),
        )
        .into_string();
        assert!(markup.contains(r#"<a href="/schools/136730">"#));
        assert!(
            markup.contains("Shenley Brook End School – Good (52.0"),
            "{markup}"
        );
        assert!(
            markup.contains("M480000 -235000h5000v5000h-5000z"),
            "a wide view draws the grid"
        );
        let others = [GridReference {
            easting: 481_000,
            northing: 235_000,
        }];
        let close = map(
            "m",
            "Schools",
            &base,
            others.iter(),
            Marks::points(&points),
            true,
            &judgement_legend(),
        )
        .into_string();
        assert!(
            close.contains(r#"<circle cx="481000" cy="-235000""#),
            "other schools are dots in a close view"
        );
        assert!(!close.contains("M480000"), "and the grid is left out");
        assert!(markup.contains("Outstanding") && markup.contains("Requires improvement"));
        let tied = map(
            "m",
            "Schools",
            &base,
            std::iter::empty(),
            Marks {
                points: &points,
                lines: &[(points[0].location, others[0])],
            },
            true,
            &judgement_legend(),
        )
        .into_string();
        assert!(
            tied.contains(r#"<line x1="482000" y1="-236000" x2="481000" y2="-235000"/>"#),
            "{tied}"
        );
    }

    #[test]
    fn nothing_to_map_is_said() {
        let markup = map(
            "m",
            "Schools",
            &Coverage::default(),
            std::iter::empty(),
            Marks::points(&[]),
            true,
            &Legend(vec![]),
        )
        .into_string();
        assert!(markup.contains("There are no locations to map."));
    }
}
