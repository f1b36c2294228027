//! The trust "vignette": a one-page profile of a trust against the national picture, the
//! trusts most like it and why, and its schools on a map. Shared by the trust page, the
//! comparison page and the profile downloads.

use crate::charts::{self, format_value};
use crate::format::thousands;
use crate::maps::{self, judgement_colour, judgement_legend, MapPoint};
use crate::pages::components::{summary_list, text};
use convene_domain::analysis::SystemAnalysis;
use convene_domain::geo::to_lat_lon;
use convene_domain::profile::national::Dimension;
use convene_domain::profile::TrustProfile;
use convene_domain::similarity::latest_overall;
use convene_domain::similarity::trusts::TrustFamily;
use convene_domain::GroupUid;
use maud::{html, Markup};

/// How the trust's spread is classified, in words, with the thresholds.
pub(crate) const SPREAD_RULE: &str = "Local: all schools within 25 km of their centre. \
     Regional: within 100 km. National: further. One site: a single school, or schools \
     within 0.5 km.";

/// The profile as a summary list: what kind of trust this is, at a glance.
pub(crate) fn vignette(profile: &TrustProfile) -> Markup {
    let phases = profile
        .phases
        .iter()
        .map(|t| format!("{} {}", t.schools, t.label.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ");
    let types = profile
        .types
        .iter()
        .map(|t| format!("{} {}", t.schools, t.label))
        .collect::<Vec<_>>()
        .join(", ");
    let regions = profile
        .regions
        .iter()
        .map(|r| r.name())
        .collect::<Vec<_>>()
        .join(", ");
    let mix = &profile.urban_rural;
    let g = &profile.geography;
    let spread = match (g.spread, g.radius_km, g.median_distance_km) {
        (Some(spread), Some(radius), Some(median)) => format!(
            "{}: all located schools within {radius:.1} km of their centre; median distance between two schools {median:.1} km",
            spread.label()
        ),
        (Some(spread), Some(radius), None) => format!("{}: within {radius:.1} km", spread.label()),
        _ => "No school in the trust has a location".into(),
    };
    let ofsted = profile
        .ofsted
        .standings
        .iter()
        .filter(|s| s.schools > 0)
        .map(|s| format!("{} {} ({:.0}%)", s.schools, s.standing.label(), s.percent))
        .collect::<Vec<_>>()
        .join("; ");
    let since = match profile.ofsted.percent_inspected_since_joining {
        Some(p) => format!(
            "{p:.0}% ({} of {} schools whose joining and inspection dates are both known)",
            profile.ofsted.inspected_since_joining, profile.ofsted.with_both_dates
        ),
        None => "Not known: the data has no joining dates for these schools".into(),
    };
    let percent = |v: Option<f64>| v.map_or("Not known".to_string(), |v| format!("{v:.1}%"));
    summary_list(&[
        (
            "Size",
            text(format!(
                "{} {}, {} pupils{}",
                profile.schools,
                if profile.schools == 1 {
                    "school"
                } else {
                    "schools"
                },
                thousands(profile.pupils as i64),
                profile.size_band.map_or(String::new(), |b| format!(
                    " (compared with trusts of {})",
                    b.label()
                ))
            )),
        ),
        ("Phases", text(phases)),
        ("Types", text(types)),
        (
            "Local authorities",
            text(format!(
                "{}: {}",
                profile.local_authorities.len(),
                profile.local_authorities.join(", ")
            )),
        ),
        (
            "Regions",
            text(format!("{}: {regions}", profile.regions.len())),
        ),
        (
            "Urban and rural",
            text(format!(
                "{} urban, {} rural{}",
                mix.urban,
                mix.rural,
                if mix.unknown > 0 {
                    format!(", {} not classified", mix.unknown)
                } else {
                    String::new()
                }
            )),
        ),
        ("Geographic spread", text(spread)),
        (
            "Latest Ofsted judgements",
            text(if ofsted.is_empty() {
                "None recorded".into()
            } else {
                ofsted
            }),
        ),
        ("Inspected since joining the trust", text(since)),
        (
            "Free school meals (pupil-weighted)",
            text(percent(profile.fsm_percent)),
        ),
        (
            "English as an additional language (pupil-weighted)",
            text(percent(profile.eal_percent)),
        ),
        (
            "Average IDACI quintile (pupil-weighted, 1 = most deprived)",
            text(
                profile
                    .idaci_quintile
                    .map_or("Not known".into(), |v| format!("{v:.1}")),
            ),
        ),
    ])
}

/// Every dimension against the national distribution of trusts.
pub(crate) fn against_the_nation(analysis: &SystemAnalysis, profile: &TrustProfile) -> Markup {
    let standings = analysis.national().standings(profile);
    let band = profile.size_band.map(|b| format!("with {}", b.label()));
    html! {
        p class="govuk-body" {
            "Each chart shows how many of England's " (thousands(analysis.national().trusts as i64))
            " academy trusts have each value, where the national median lies, the average of trusts "
            "of the same size, and this trust. The percentile is the share of trusts with the same value or less."
        }
        (charts::legend())
        div class="govuk-grid-row" {
            @for standing in &standings {
                @if let Some(distribution) = analysis.national().distribution(standing.dimension) {
                    div class="govuk-grid-column-one-half" {
                        (charts::distribution(&format!("chart-{}", standing.dimension.key()), distribution, standing, band.as_deref()))
                    }
                }
            }
        }
    }
}

/// The trusts most like this one, and why.
pub(crate) fn similar(analysis: &SystemAnalysis, family: Option<&TrustFamily>) -> Markup {
    let Some(family) = family.filter(|f| !f.neighbours.is_empty()) else {
        return html! { p class="govuk-body" { "There are not enough trusts to compare with." } };
    };
    html! {
        p class="govuk-body" {
            "Trusts with the most similar profile on size, pupils, free school meals, English as an "
            "additional language, rural schools, primary schools and geographic spread. "
            a class="govuk-link" href="/about/similarity" { "How similarity is worked out" } "."
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-table__caption--m" { "Most similar trusts" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Trust" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Schools" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Distance" }
                th scope="col" class="govuk-table__header" { "Why similar (closest measures)" }
            } }
            tbody class="govuk-table__body" {
                @for n in &family.neighbours {
                    @let schools = analysis.profile(n.uid).map_or(0, |p| p.schools);
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" {
                            a class="govuk-link" href=(format!("/trusts/{}", n.uid.0)) { (analysis.group_name(n.uid).unwrap_or("Unknown trust")) }
                        }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (schools) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.2}", n.distance)) }
                        td class="govuk-table__cell" { (reasons(n)) }
                    }
                }
            }
        } }))
        p class="govuk-body" {
            a class="govuk-link" href=(compare_href(family.uid, family.neighbours.iter().take(4).map(|n| n.uid))) {
                "Compare this trust with its four most similar trusts"
            }
        }
    }
}

fn reasons(n: &convene_domain::similarity::trusts::SimilarTrust) -> String {
    let mut parts: Vec<_> = n.contributions.iter().collect();
    parts.sort_by(|a, b| a.squared_difference.total_cmp(&b.squared_difference));
    parts
        .iter()
        .take(3)
        .map(|c| {
            let value = |v: Option<f64>| v.map_or("not known".into(), |v| format!("{v:.1}"));
            format!(
                "{} ({} here, {} there)",
                c.measure.label().to_lowercase(),
                value(c.trust_value),
                value(c.neighbour_value)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The comparison page's address for these trusts.
pub(crate) fn compare_href(first: GroupUid, others: impl Iterator<Item = GroupUid>) -> String {
    let mut href = format!("/trusts/compare?uid={}", first.0);
    for uid in others {
        href.push_str(&format!("&uid={}", uid.0));
    }
    href
}

/// The trust's schools on a map, coloured by judgement, with the ones that cannot be shown.
pub(crate) fn schools_map(
    analysis: &SystemAnalysis,
    profile: &TrustProfile,
    urns: &[convene_domain::Urn],
) -> Markup {
    let mut points = Vec::new();
    let mut unlocated = Vec::new();
    for urn in urns {
        let Some(school) = analysis.school(*urn) else {
            continue;
        };
        match school.location {
            Some(location) => {
                let judgement = latest_overall(school);
                points.push(MapPoint {
                    location,
                    name: &school.name,
                    href: format!("/schools/{}", school.urn.0),
                    colour: judgement_colour(judgement),
                    label: judgement.map_or("no overall grade".into(), |j| j.label().to_string()),
                });
            }
            None => unlocated.push((format!("/schools/{}", school.urn.0), school.name.clone())),
        }
    }
    let centre = profile.geography.centre;
    html! {
        (maps::map("trust-map", "The trust's schools, coloured by latest Ofsted judgement", analysis.coverage(), analysis.schools().filter_map(|s| s.location.as_ref()), maps::Marks::points(&points), true, &judgement_legend()))
        @if let Some(c) = centre {
            p class="govuk-body-s" { (format!("Centre of the trust's schools: latitude {:.4}, longitude {:.4}.", c.latitude, c.longitude)) }
        }
        (maps::unlocated(&unlocated))
    }
}

/// The profile's numbers as CSV rows: dimension, value, percentile, median, band average.
pub(crate) fn profile_rows(analysis: &SystemAnalysis, profile: &TrustProfile) -> Vec<[String; 7]> {
    analysis
        .national()
        .standings(profile)
        .iter()
        .map(|s| {
            let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.4}"));
            [
                s.dimension.key().to_string(),
                s.dimension.label().to_string(),
                s.dimension.unit().to_string(),
                f(s.value),
                f(s.percentile),
                f(s.national_median),
                f(s.band_average),
            ]
        })
        .collect()
}

/// One value for the comparison table.
pub(crate) fn dimension_cell(profile: Option<&TrustProfile>, dimension: Dimension) -> String {
    profile
        .and_then(|p| dimension.value(p))
        .map_or("No data".into(), |v| format_value(dimension, v))
}

/// A school's latitude and longitude, for pages and exports.
pub(crate) fn lat_lon_text(location: convene_domain::organisation::GridReference) -> String {
    let ll = to_lat_lon(location);
    format!("{:.5}, {:.5}", ll.latitude, ll.longitude)
}
