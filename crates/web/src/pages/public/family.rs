//! A school's family of similar schools: the schools most like it in context, why each
//! counts as similar, how their outcomes compare, and which of them do better (the "keys to
//! success" a school might learn from). The method is set out at `/about/families`.

use crate::maps::{self, judgement_colour, MapPoint};
use crate::pages::accounts::respond;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::organisation::School;
use convene_domain::outcome::{
    better_on_judgements, better_on_measures, BetterOnJudgement, BetterOnMeasure,
};
use convene_domain::similarity::{
    latest_overall, Basis, ContextMeasure, Contribution, Family, FamilyFilter,
};
use convene_domain::Urn;
use maud::{html, Markup};

/// Largest family anyone may ask for.
pub(crate) const MAX_FAMILY: usize = 50;

/// The family size asked for with `?size=`: 1 to [`MAX_FAMILY`], `default` (the method's
/// 20) when not given.
pub(crate) fn requested_size(params: &Params, default: usize) -> Result<usize, WebError> {
    match params.get("size") {
        None => Ok(default),
        Some(text) => Some(text)
            .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<usize>().ok())
            .filter(|n| (1..=MAX_FAMILY).contains(n))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "\"{text}\" is not a valid size: use a whole number from 1 to {MAX_FAMILY}."
                ))
            }),
    }
}

/// The largest distance `?within_km=` accepts: more than the length of England.
pub(crate) const MAX_WITHIN_KM: f64 = 1000.0;

/// The filters asked for: `within_km` (a number of kilometres above 0 and at most
/// [`MAX_WITHIN_KM`], written any way a JSON number may be, `2.5` or `5e-1`) and the yes/no
/// `same_trust`, `same_la` and `same_type`, read like every other flag.
pub(crate) fn requested_filter(params: &Params) -> Result<FamilyFilter, WebError> {
    let within_km = params
        .get("within_km")
        .map(|text| {
            Some(text)
                .filter(|t| {
                    t.bytes()
                        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
                })
                .and_then(|t| t.parse::<f64>().ok())
                .filter(|km| km.is_finite() && *km > 0.0 && *km <= MAX_WITHIN_KM)
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "\"{text}\" is not a valid within_km: use a number of kilometres above 0 and up to {MAX_WITHIN_KM:.0}, such as 10 or 2.5."
                    ))
                })
        })
        .transpose()?;
    Ok(FamilyFilter {
        within_km,
        same_trust: params.flag("same_trust")?,
        same_la: params.flag("same_la")?,
        same_type: params.flag("same_type")?,
    })
}

/// The filters in words, for the page.
fn filter_text(filter: &FamilyFilter) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(km) = filter.within_km {
        parts.push(format!("within {km} km"));
    }
    if filter.same_trust {
        parts.push("in the same trust".to_string());
    }
    if filter.same_la {
        parts.push("in the same local authority".to_string());
    }
    if filter.same_type {
        parts.push("of the same type".to_string());
    }
    parts
}

/// The family, or a "not found" that explains why a school has none.
pub(crate) fn family_of(
    analysis: &SystemAnalysis,
    raw: &str,
    size: usize,
    filter: &FamilyFilter,
) -> Result<(School, Family), WebError> {
    let urn = raw
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Urn)
        .ok_or_else(|| WebError::NotFound(format!("No school has URN {raw}.")))?;
    let school = analysis
        .school(urn)
        .cloned()
        .ok_or_else(|| WebError::NotFound(format!("No school has URN {raw}.")))?;
    let family = analysis.family_filtered(urn, size, filter).ok_or_else(|| {
        WebError::NotFound(format!(
            "{} has no family of similar schools: families are found for open schools only.",
            school.name
        ))
    })?;
    Ok((school, family))
}

/// A measure's value as people read it; a figure that was not published says so.
pub(crate) fn measure_value(measure: ContextMeasure, value: Option<f64>) -> String {
    match (measure, value) {
        (_, None) => "Not published".into(),
        (ContextMeasure::Pupils, Some(v)) => format!("{v:.0}"),
        (ContextMeasure::IdaciQuintile, Some(v)) => format!("quintile {v:.0}"),
        (
            ContextMeasure::DisadvantagePercent
            | ContextMeasure::SenSupportPercent
            | ContextMeasure::EhcPlanPercent
            | ContextMeasure::EalPercent,
            Some(v),
        ) => format!("{v:.1}%"),
    }
}

/// What a figure is and where it is from, for the page: "pupil premium; file, year".
pub(crate) fn figure_note(basis: Basis, source: Option<&str>) -> String {
    let what = match basis {
        Basis::PupilPremium => Some("pupil premium"),
        Basis::FreeSchoolMeals => Some("free school meals: no pupil premium figure published"),
        Basis::Published | Basis::NotPublished => None,
    };
    match (what, source) {
        (Some(what), Some(source)) => format!(" ({what}; {source})"),
        (Some(what), None) => format!(" ({what})"),
        (None, Some(source)) => format!(" ({source})"),
        (None, None) => String::new(),
    }
}

/// The latest judgement with its date, as Ofsted judgements must always be shown.
fn judgement_text(school: &School) -> String {
    let date = school.ofsted.as_ref().and_then(|o| o.inspection_date);
    crate::format::judgement(latest_overall(school), date)
}

fn why(contributions: &[Contribution]) -> Markup {
    html! {
        ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0" {
            @for c in contributions {
                li {
                    (c.measure.label()) ": " (measure_value(c.measure, c.neighbour_value))
                    " (" (format!("{:.0}%", c.share_of_distance * 100.0)) " of the difference)"
                    span class="govuk-hint govuk-!-font-size-14" {
                        (figure_note(c.neighbour_basis, c.neighbour_source.as_deref()))
                    }
                }
            }
        }
    }
}

/// `GET /schools/{urn}/family`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let size = requested_size(&params, analysis.family_index().family_size())?;
    let filter = requested_filter(&params)?;
    let (school, family) = family_of(&analysis, &raw, size, &filter)?;
    let filtered = filter_text(&filter);
    let members: Vec<(&convene_domain::similarity::Neighbour, &School)> = family
        .neighbours
        .iter()
        .filter_map(|n| analysis.school(n.urn).map(|s| (n, s)))
        .collect();
    let mut urns: Vec<Urn> = members.iter().map(|(_, s)| s.urn).collect();
    urns.push(school.urn);
    let mut outcomes = state.store().outcomes_of(&urns).await?;
    let own_outcomes = outcomes.remove(&school.urn).unwrap_or_default();
    let better: Vec<DoesBetter> = members
        .iter()
        .filter_map(|(_, s)| {
            let theirs = outcomes.get(&s.urn).map_or(&[][..], Vec::as_slice);
            let measures = better_on_measures(&own_outcomes, theirs);
            let judgements = better_on_judgements(&school, s);
            (!measures.is_empty() || !judgements.is_empty()).then_some(DoesBetter {
                school: s,
                measures,
                judgements,
            })
        })
        .collect();
    let does_better = |urn: Urn| better.iter().any(|b| b.school.urn == urn);
    let mut tally: Vec<(String, usize)> = Vec::new();
    for (_, s) in &members {
        let label = latest_overall(s)
            .map_or("No overall grade or not inspected".to_string(), |j| {
                j.label().to_string()
            });
        match tally.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => tally.push((label, 1)),
        }
    }
    let mut points: Vec<MapPoint> = members
        .iter()
        .filter_map(|(_, s)| {
            s.location.map(|location| MapPoint {
                location,
                name: &s.name,
                href: format!("/schools/{}/family", s.urn.0),
                colour: judgement_colour(latest_overall(s)),
                label: judgement_text(s),
            })
        })
        .collect();
    if let Some(location) = school.location {
        points.push(MapPoint {
            location,
            name: &school.name,
            href: format!("/schools/{}", school.urn.0),
            colour: "#0b0c0c",
            label: "this school".into(),
        });
    }
    let mut legend = maps::judgement_legend();
    legend.0.insert(0, ("#0b0c0c", "This school".into()));
    let content = html! {
        span class="govuk-caption-l" { (school.name) }
        h1 class="govuk-heading-l" { "Schools like this one" }
        p class="govuk-body" {
            "The " (family.neighbours.len()) " open " (family.compared_as.label().to_lowercase())
            " schools in England"
            @if !filtered.is_empty() { " " (filtered.join(", ")) }
            " whose context is most like " (school.name) "'s: size, disadvantaged pupils (pupil premium), "
            "SEN support, EHC plans, English as an additional language and neighbourhood deprivation, "
            "as in DfE's similar schools. "
            a class="govuk-link" href="/about/families" { "How families are found, and how it differs from DfE's" } "."
        }
        @if family.phase != family.compared_as {
            div class="govuk-inset-text" {
                "This is an " (family.phase.label().to_lowercase()) " school, so it is compared with "
                (family.compared_as.label().to_lowercase()) " schools, where its main entry is."
            }
        }
        form method="get" action=(format!("/schools/{}/family", school.urn.0)) class="govuk-!-margin-bottom-6" {
            div class="govuk-form-group" {
                label class="govuk-label" for="size" { "Number of similar schools (1 to " (MAX_FAMILY) ")" }
                input class="govuk-input govuk-input--width-3" id="size" name="size" type="number" min="1" max=(MAX_FAMILY) value=(size);
            }
            div class="govuk-form-group" {
                label class="govuk-label" for="within_km" { "Only schools within this many kilometres (optional)" }
                input class="govuk-input govuk-input--width-4" id="within_km" name="within_km" type="text" inputmode="decimal" value=(filter.within_km.map(|km| km.to_string()).unwrap_or_default());
            }
            div class="govuk-form-group" { div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" {
                @for (name, label, checked) in [("same_trust", "Only schools in the same trust", filter.same_trust), ("same_la", "Only schools in the same local authority", filter.same_la), ("same_type", "Only schools of the same type", filter.same_type)] {
                    div class="govuk-checkboxes__item" {
                        input class="govuk-checkboxes__input" id=(name) name=(name) type="checkbox" value="true" checked[checked];
                        label class="govuk-label govuk-checkboxes__label" for=(name) { (label) }
                    }
                }
            } }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Show" }
        }
        @if !family.imputed.is_empty() {
            div class="govuk-inset-text" {
                "The data has no value for this school's "
                (family.imputed.iter().map(|m| m.label().to_lowercase()).collect::<Vec<_>>().join(", "))
                ", so it was treated as average for its phase and does not decide the family."
            }
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-table__caption--m" { "This school's context" }
            tbody class="govuk-table__body" {
                @for f in &family.context {
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { (f.measure.label()) }
                        td class="govuk-table__cell" {
                            (measure_value(f.measure, f.value))
                            span class="govuk-hint govuk-!-font-size-16" { (figure_note(f.basis, f.source.as_deref())) }
                        }
                    }
                }
                tr class="govuk-table__row" {
                    th scope="row" class="govuk-table__header" { "Latest Ofsted judgement" }
                    td class="govuk-table__cell" { (judgement_text(&school)) }
                }
            }
        } }))
        h2 class="govuk-heading-m" { "Similar schools that do better" }
        @if better.is_empty() {
            p class="govuk-body" {
                "No school in the family does better than this one on a published result in a year both have one, "
                "or on an Ofsted judgement both were graded on. "
                a class="govuk-link" href="/about/families#does-better" { "How \"does better\" is decided" } "."
            }
        } @else {
            p class="govuk-body" {
                "These schools work in a similar context and do better on the measures listed, each compared in the latest year "
                "both schools have a published figure, or on Ofsted judgements both were graded on: they may have something to share. "
                a class="govuk-link" href="/about/families#does-better" { "How \"does better\" is decided" } "."
            }
            ul class="govuk-list govuk-list--spaced" {
                @for b in &better {
                    li {
                        a class="govuk-link convene-does-better" href=(format!("/schools/{}", b.school.urn.0)) { (b.school.name) }
                        @if let Some(uid) = analysis.trust_of(b.school.urn) {
                            ", " a class="govuk-link" href=(format!("/trusts/{}", uid.0)) { (analysis.group_name(uid).unwrap_or("its trust")) }
                        }
                        ul class="govuk-list govuk-list--bullet govuk-body-s" {
                            @for m in &b.measures {
                                li { "Better on " (m.describe()) " (" (m.source) ")" }
                            }
                            @for j in &b.judgements {
                                li {
                                    "Better on Ofsted " (j.area.to_lowercase()) ": "
                                    (crate::format::judgement(Some(j.theirs), j.their_date))
                                    " against "
                                    (crate::format::judgement(Some(j.ours), j.our_date))
                                }
                            }
                        }
                    }
                }
            }
        }
        (results(&school, &members))
        h2 class="govuk-heading-m" { "Ofsted outcomes in the family" }
        ul class="govuk-list" {
            @for (label, n) in &tally { li { (n) " " (label) } }
        }
        h2 class="govuk-heading-m" { "The family" }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "Similar schools, most similar first" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "School" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Distance" }
                th scope="col" class="govuk-table__header" { "Its context, and each measure's share of the difference" }
                th scope="col" class="govuk-table__header" { "Latest Ofsted judgement" }
            } }
            tbody class="govuk-table__body" {
                @for (n, s) in &members {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" {
                            a class="govuk-link" href=(format!("/schools/{}", s.urn.0)) { (s.name) }
                            @if let Some(la) = &s.la_name { br; span class="govuk-hint govuk-!-font-size-16" { (la) } }
                        }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.2}", n.distance)) }
                        td class="govuk-table__cell" { (why(&n.contributions)) }
                        td class="govuk-table__cell" {
                            (judgement_text(s))
                            @if does_better(s.urn) {
                                br; strong class="govuk-tag govuk-tag--green" { "Does better" }
                            }
                        }
                    }
                }
            }
        } }))
        h2 class="govuk-heading-m" { "Where the family is" }
        (maps::map("family-map", "This school and its family", analysis.coverage(), std::iter::empty(), maps::Marks::points(&points), false, &legend))
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/api/v1/schools/{}/family", school.urn.0)) { "This family as JSON" }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &format!("Schools like {}", school.name),
        &[
            ("/", "Home"),
            (&format!("/schools/{}", school.urn.0), &school.name),
        ],
        content,
    )
    .await)
}

/// A similar school and the evidence that it does better: results compared year by year,
/// and Ofsted judgements compared area by area.
struct DoesBetter<'a> {
    school: &'a School,
    measures: Vec<BetterOnMeasure>,
    judgements: Vec<BetterOnJudgement>,
}

/// One published result and how to read it from a school.
struct ResultMeasure {
    label: &'static str,
    value: fn(&School) -> Option<f64>,
    year: fn(&School) -> Option<String>,
}

const KS2: [ResultMeasure; 3] = [
    ResultMeasure {
        label: "KS2 reading progress",
        value: |s| s.ks2.as_ref().and_then(|k| k.reading_progress),
        year: |s| s.ks2.as_ref().and_then(|k| k.year.clone()),
    },
    ResultMeasure {
        label: "KS2 writing progress",
        value: |s| s.ks2.as_ref().and_then(|k| k.writing_progress),
        year: |s| s.ks2.as_ref().and_then(|k| k.year.clone()),
    },
    ResultMeasure {
        label: "KS2 maths progress",
        value: |s| s.ks2.as_ref().and_then(|k| k.maths_progress),
        year: |s| s.ks2.as_ref().and_then(|k| k.year.clone()),
    },
];

const KS4: [ResultMeasure; 2] = [
    ResultMeasure {
        label: "Progress 8",
        value: |s| s.ks4.as_ref().and_then(|k| k.progress8),
        year: |s| s.ks4.as_ref().and_then(|k| k.year.clone()),
    },
    ResultMeasure {
        label: "Attainment 8",
        value: |s| s.ks4.as_ref().and_then(|k| k.attainment8),
        year: |s| s.ks4.as_ref().and_then(|k| k.year.clone()),
    },
];

/// The school against its family on the key stage results the performance tables publish:
/// its own figure, the family's average and range, and how many family members have one.
fn results(
    school: &School,
    members: &[(&convene_domain::similarity::Neighbour, &School)],
) -> Markup {
    let measures: Vec<&ResultMeasure> = KS2
        .iter()
        .chain(KS4.iter())
        .filter(|m| {
            (m.value)(school).is_some() || members.iter().any(|(_, s)| (m.value)(s).is_some())
        })
        .collect();
    if measures.is_empty() {
        return html! {};
    }
    let year = measures
        .iter()
        .find_map(|m| (m.year)(school).or_else(|| members.iter().find_map(|(_, s)| (m.year)(s))));
    let number = |v: Option<f64>| v.map_or("Not published".to_string(), |v| format!("{v:.2}"));
    html! {
        h2 class="govuk-heading-m" { "Results in the family" }
        p class="govuk-body" {
            "From the DfE performance tables"
            @if let Some(year) = &year { " for " (year) }
            ". Progress scores of 0 are national average progress. Results are not published for every school."
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "Results: this school and its family" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Measure" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "This school" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family average" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Family range" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Schools with a result" }
            } }
            tbody class="govuk-table__body" {
                @for m in &measures {
                    @let values: Vec<f64> = members.iter().filter_map(|(_, s)| (m.value)(s)).collect();
                    @let average = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
                    @let low = values.iter().copied().reduce(f64::min);
                    @let high = values.iter().copied().reduce(f64::max);
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { (m.label) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (number((m.value)(school))) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (number(average)) }
                        td class="govuk-table__cell govuk-table__cell--numeric" {
                            @if let (Some(low), Some(high)) = (low, high) { (format!("{low:.2} to {high:.2}")) } @else { "None" }
                        }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (values.len()) " of " (members.len()) }
                    }
                }
            }
        } }))
    }
}
