//! The school page: everything public data says about one school.

use crate::charts;
use crate::format::{self, opt_date, opt_number, percent, NOT_RECORDED};
use crate::lookup;
use crate::maps::{self, Legend, MapPoint};
use crate::pages::components::{link, opt_text, summary_list, text};
use crate::pages::layout;
use crate::pages::public::trust_profile;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Html;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::organisation::{OfstedInspection, School, Status};
use convene_domain::outcome::MeasureSeries;
use convene_domain::summary::{Membership, SchoolDetail};
use convene_domain::Judgement;
use maud::{html, Markup};

/// `GET /schools/{urn}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(urn): Path<String>,
) -> Result<Html<String>, WebError> {
    let detail = lookup::school(state.store(), &urn).await?;
    let sources = state.sources().await;
    let analysis = state.analysis().await?;
    let series = crate::outcomes::school_series(&state, &analysis, detail.school.urn).await?;
    Ok(layout::page(
        &detail.school.name,
        &sources,
        &[("/", "Home"), ("/search", "Schools")],
        content(&detail, &analysis, &series),
    ))
}

/// The school on a map with the other schools of its trust.
fn school_map(s: &School, analysis: &SystemAnalysis) -> Markup {
    let Some(location) = s.location else {
        return html! { p class="govuk-body" { "The data has no location for this school, so it cannot be shown on a map." } };
    };
    let mut points = Vec::new();
    let trust = analysis.trust_of(s.urn);
    if let Some(uid) = trust {
        for other in analysis
            .open_members(uid)
            .iter()
            .filter(|urn| **urn != s.urn)
            .filter_map(|urn| analysis.school(*urn))
        {
            if let Some(at) = other.location {
                points.push(MapPoint {
                    location: at,
                    name: &other.name,
                    href: format!("/schools/{}", other.urn.0),
                    colour: "#1d70b8",
                    label: "same trust".into(),
                });
            }
        }
    }
    points.push(MapPoint {
        location,
        name: &s.name,
        href: format!("/schools/{}", s.urn.0),
        colour: "#d4351c",
        label: "this school".into(),
    });
    let mut legend = vec![("#d4351c", "This school".to_string())];
    if trust.is_some() {
        legend.push(("#1d70b8", "Other schools in the same trust".to_string()));
    }
    maps::map(
        "school-map",
        &format!("Where {} is", s.name),
        analysis.coverage(),
        analysis.schools().filter_map(|o| o.location.as_ref()),
        maps::Marks::points(&points),
        true,
        &Legend(legend),
    )
}

/// Results and context over time, one chart and table per measure, against the family.
fn over_time(s: &School, series: &[MeasureSeries]) -> Markup {
    html! {
        h2 class="govuk-heading-m" { "Results and context over time" }
        @if series.is_empty() {
            p class="govuk-body" { "No results over time are published for this school in the data Convene holds." }
        } @else {
            p class="govuk-body" {
                "Published figures by academic year, from the DfE performance tables and the other files named beside each year, "
                "with the median of the school's "
                a class="govuk-link" href=(format!("/schools/{}/family", s.urn.0)) { "family of similar schools" }
                ". Where a figure was not published for this school in a year (too few pupils, suppressed, or not yet open) it says so; "
                "it is never shown as zero. Progress scores of 0 are national average progress."
            }
            @for (i, one) in series.iter().enumerate() {
                (charts::series(&format!("over-time-{i}"), &s.name, one))
            }
        }
    }
}

fn content(detail: &SchoolDetail, analysis: &SystemAnalysis, series: &[MeasureSeries]) -> Markup {
    let s = &detail.school;
    html! {
        span class="govuk-caption-l" {
            @if s.type_name.is_empty() { "School" } @else { (s.type_name) }
            ", " (s.status.label().to_lowercase())
        }
        h1 class="govuk-heading-xl" { (s.name) }
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/organisations/school-{}", s.urn.0)) { "People from this school on Convene, its recognition and its place in the collaboration network" }
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h2 class="govuk-heading-m" { "Key facts" }
                (key_facts(s))
                h2 class="govuk-heading-m" { "Trust and other groups" }
                (groups(&detail.memberships))
                h2 class="govuk-heading-m" { "Ofsted" }
                (ofsted(s.ofsted.as_ref()))
                h2 class="govuk-heading-m" { "Pupils and context" }
                (context(s))
                (over_time(s, series))
                h2 class="govuk-heading-m" { "Schools like this one" }
                p class="govuk-body" {
                    @if analysis.family(s.urn).is_some() {
                        a class="govuk-link" href=(format!("/schools/{}/family", s.urn.0)) { "See the family of similar schools" }
                        ": the schools in England most like this one in context, and which of them do better."
                    } @else {
                        "Families of similar schools are found for open schools only."
                    }
                }
                @if analysis.family(s.urn).is_some() {
                    p class="govuk-body" {
                        a class="govuk-link" href=(format!("/schools/{}/impact", s.urn.0)) { "Impact compared like with like" }
                        ": how this school's results moved after it joined its trust, or after another start, against its family."
                    }
                }
                h2 class="govuk-heading-m" { "Place" }
                (place(s))
                (school_map(s, analysis))
                @if !detail.links.is_empty() {
                    h2 class="govuk-heading-m" { "Predecessor and successor schools" }
                    ul class="govuk-list" {
                        @for l in &detail.links {
                            li {
                                (l.link_type) ": "
                                (link(&format!("/schools/{}", l.linked_urn), l.linked_name.as_deref().unwrap_or("Unnamed school")))
                                " (URN " (l.linked_urn) ")"
                                @if let Some(date) = l.established_date { ", " (date.long()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn key_facts(s: &School) -> Markup {
    let age_range = match (s.age_low, s.age_high) {
        (Some(low), Some(high)) => format!("{low} to {high}"),
        _ => NOT_RECORDED.into(),
    };
    let address: Vec<&str> = [&s.street, &s.town, &s.postcode]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|part| !part.is_empty())
        .collect();
    let mut rows = vec![
        ("URN", text(s.urn.to_string())),
        (
            "LAESTAB",
            text(
                s.laestab
                    .map_or_else(|| NOT_RECORDED.into(), |n| n.to_string()),
            ),
        ),
        (
            "UKPRN",
            text(
                s.ukprn
                    .map_or_else(|| NOT_RECORDED.into(), |n| n.to_string()),
            ),
        ),
        (
            "Type",
            opt_text(Some(s.type_name.as_str()).filter(|t| !t.is_empty())),
        ),
        ("Phase", text(s.phase.label())),
        ("Age range", text(age_range)),
        ("Gender", opt_text(s.gender.as_deref())),
        (
            "Religious character",
            opt_text(s.religious_character.as_deref()),
        ),
        (
            "Admissions policy",
            opt_text(s.admissions_policy.as_deref()),
        ),
        ("Sixth form", opt_text(s.sixth_form.as_deref())),
        (
            "Address",
            text(if address.is_empty() {
                NOT_RECORDED.into()
            } else {
                address.join(", ")
            }),
        ),
        ("Website", website(s.website.as_deref())),
        ("Status", text(s.status.label())),
        ("Opened", text(opt_date(s.open_date))),
    ];
    if s.close_date.is_some() || s.status == Status::Closed {
        rows.push(("Closed", text(opt_date(s.close_date))));
    }
    summary_list(&rows)
}

/// A school's website as a link, only for web addresses (never `javascript:` and the like).
fn website(url: Option<&str>) -> Markup {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return text(NOT_RECORDED);
    };
    let lower = url.to_ascii_lowercase();
    let href = if lower.starts_with("http://") || lower.starts_with("https://") {
        url.to_string()
    } else if lower.contains(':') {
        return text(url);
    } else {
        format!("https://{url}")
    };
    html! { a class="govuk-link" href=(href) rel="noopener" { (url) } }
}

fn groups(memberships: &[Membership]) -> Markup {
    let trust = memberships
        .iter()
        .find(|m| m.left_date.is_none() && m.group.kind.is_academy_trust());
    let others: Vec<&Membership> = memberships
        .iter()
        .filter(|m| !trust.is_some_and(|t| std::ptr::eq(*m, t)))
        .collect();
    let trust_row = match trust {
        Some(m) => html! {
            (link(&format!("/trusts/{}", m.group.uid), &m.group.name))
            br;
            (m.group.kind.label())
            @if let Some(date) = m.joined_date { ", joined " (date.long()) }
        },
        None => text("Not in an academy trust"),
    };
    let mut rows = vec![("Academy trust", trust_row)];
    if !others.is_empty() {
        rows.push((
            "Other groups",
            html! {
                ul class="govuk-list" {
                    @for m in &others {
                        li {
                            (link(&format!("/trusts/{}", m.group.uid), &m.group.name))
                            " (" (m.group.kind.label())
                            @if let Some(date) = m.joined_date { ", joined " (date.long()) }
                            @if let Some(date) = m.left_date { ", left " (date.long()) }
                            ")"
                        }
                    }
                }
            },
        ));
    }
    summary_list(&rows)
}

fn grade(judgement: Option<Judgement>) -> Option<Markup> {
    judgement.map(|j| text(j.label()))
}

fn ofsted(inspection: Option<&OfstedInspection>) -> Markup {
    let Some(o) = inspection else {
        return html! {
            p class="govuk-body" { "Ofsted has no inspection of this school in the data Convene holds." }
        };
    };
    let overall = match (o.overall, o.inspection_date) {
        (Some(_), _) => text(format::judgement(o.overall, o.inspection_date)),
        (None, Some(_)) => {
            text("No overall effectiveness grade (inspections from September 2024 do not give one)")
        }
        (None, None) => text("No graded inspection recorded"),
    };
    let mut rows: Vec<(&str, Markup)> = vec![
        ("Overall effectiveness", overall),
        ("Inspection date", text(opt_date(o.inspection_date))),
    ];
    if let Some(kind) = &o.inspection_type {
        rows.push(("Type of inspection", text(kind)));
    }
    rows.push(("Report published", text(opt_date(o.publication_date))));
    let sub_judgements = [
        ("Quality of education", o.quality_of_education),
        ("Behaviour and attitudes", o.behaviour_and_attitudes),
        ("Personal development", o.personal_development),
        ("Leadership and management", o.leadership_and_management),
        ("Early years provision", o.early_years),
        ("Sixth form provision", o.sixth_form),
    ];
    for (label, judgement) in sub_judgements {
        if let Some(value) = grade(judgement) {
            rows.push((label, value));
        }
    }
    if let Some(effective) = o.safeguarding_effective {
        rows.push((
            "Safeguarding",
            text(if effective {
                "Effective"
            } else {
                "Not effective"
            }),
        ));
    }
    if let Some(category) = &o.category_of_concern {
        let words = match category.trim().to_ascii_uppercase().as_str() {
            "SM" => "Special measures".to_string(),
            "SWK" => "Serious weaknesses".to_string(),
            _ => category.clone(),
        };
        rows.push(("Category of concern", text(words)));
    }
    if o.previous_overall.is_some() || o.previous_inspection_date.is_some() {
        rows.push((
            "Previous graded inspection",
            text(format::judgement(
                o.previous_overall,
                o.previous_inspection_date,
            )),
        ));
    }
    if let Some(date) = o.ungraded_inspection_date {
        let outcome = o
            .ungraded_outcome
            .as_deref()
            .unwrap_or("outcome not recorded");
        rows.push((
            "Latest ungraded inspection",
            text(format!("{}: {outcome}", date.long())),
        ));
    }
    html! {
        @if let Some(date) = o.inspection_date {
            p class="govuk-body" { "Latest graded inspection, which started on " (date.long()) "." }
        }
        (summary_list(&rows))
    }
}

fn context(s: &School) -> Markup {
    let idaci = match s.idaci_quintile {
        Some(q) => format!(
            "{q} (quintiles run from 1, the most deprived 20% of areas in England, to 5, the least deprived 20%)"
        ),
        None => NOT_RECORDED.into(),
    };
    summary_list(&[
        ("Pupils", text(opt_number(s.pupils))),
        ("Capacity", text(opt_number(s.capacity))),
        (
            "Pupils eligible for free school meals",
            text(s.fsm_percent.map_or_else(|| NOT_RECORDED.into(), percent)),
        ),
        (
            "Pupils with English as an additional language",
            text(s.eal_percent.map_or_else(|| NOT_RECORDED.into(), percent)),
        ),
        ("Urban or rural", opt_text(s.urban_rural.as_deref())),
        ("Deprivation of the area (IDACI quintile)", text(idaci)),
    ])
}

fn place(s: &School) -> Markup {
    let la = match (s.la_code, &s.la_name) {
        (Some(code), Some(name)) => link(&format!("/local-authorities/{code}"), name),
        (_, name) => opt_text(name.as_deref()),
    };
    let region = match s.region {
        Some(r) => link(&format!("/regions/{}", r.slug()), r.name()),
        None => text(NOT_RECORDED),
    };
    let location = match s.location {
        Some(grid) => text(format!(
            "Easting {}, northing {} (British National Grid)",
            grid.easting, grid.northing
        )),
        None => text(NOT_RECORDED),
    };
    let lat_lon = match s.location {
        Some(grid) => text(trust_profile::lat_lon_text(grid)),
        None => text(NOT_RECORDED),
    };
    summary_list(&[
        ("Local authority", la),
        ("Region", region),
        ("Postcode", opt_text(s.postcode.as_deref())),
        ("Grid reference", location),
        ("Latitude, longitude", lat_lon),
    ])
}
