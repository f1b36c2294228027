//! How Convene's comparisons are worked out, in plain English with the actual numbers, so
//! a sceptical reader can check them: families of similar schools, similar trusts, and the
//! trust profile's national picture.

use crate::pages::accounts::respond;
use crate::pages::public::trust_profile::SPREAD_RULE;
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::outcome::Measure;
use convene_domain::similarity::ContextMeasure;
use maud::html;

/// The result measures compared, in words.
fn result_measures() -> String {
    Measure::ALL
        .into_iter()
        .filter(|m| m.is_result())
        .map(Measure::label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Each result measure's margin, in words.
fn margins() -> String {
    let mut by_margin: Vec<(f64, Vec<&str>)> = Vec::new();
    for m in Measure::ALL.into_iter().filter(|m| m.is_result()) {
        match by_margin
            .iter_mut()
            .find(|(margin, _)| *margin == m.margin())
        {
            Some((_, labels)) => labels.push(m.label()),
            None => by_margin.push((m.margin(), vec![m.label()])),
        }
    }
    by_margin
        .iter()
        .map(|(margin, labels)| format!("{margin} for {}", labels.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Each difference between Convene's families and DfE's similar schools: aspect, DfE's
/// practice, Convene's, and why, so a reader can judge how far the two should agree.
const DIFFERENCES: [(&str, &str, &str, &str); 7] = [
    (
        "Prior attainment (secondaries)",
        "Secondaries are matched on their pupils' key stage 2 attainment.",
        "Not used: secondaries are matched without it.",
        "Convene's data has no cohort prior attainment (no KS2 average of each secondary's intake) and no proxy for it; a school's own results would measure its performance, not its intake.",
    ),
    (
        "Disadvantage",
        "Pupil premium (disadvantaged pupils) percentage for the current year.",
        "Pupil premium percentage for 2019/20, the only year bundled; free school meals where no pupil premium figure is published, marked on each school.",
        "Only the 2019/20 pupil premium file is available; free school meals are the closest stand-in and the census has them for more schools.",
    ),
    (
        "Deprivation (IDACI)",
        "The IDACI score of pupils' or the school's area.",
        "The IDACI quintile (1 to 5).",
        "Ofsted's file, Convene's only IDACI source, gives the quintile, not the score; schools within the same fifth of England are not told apart on it.",
    ),
    (
        "Weights",
        "No published weights.",
        "Weight 1 for every standardised measure.",
        "With no published weights, equal weights keep any one measure from dominating; the weights in use are shown below.",
    ),
    (
        "All-through schools",
        "Compared by the phase of the results being looked at.",
        "Always compared with secondaries.",
        "One family per school keeps pages and the API simple; Year 7 is the main entry and key stage 4 the headline results.",
    ),
    (
        "Region",
        "The financial benchmarking comparators use region.",
        "Not a measure; the within_km and same_la filters narrow by place instead.",
        "A filter lets the reader choose how local a family should be, rather than fixing it.",
    ),
    (
        "SEN detail",
        "Special schools are matched on their mix of primary SEN needs.",
        "SEN support % and EHC plan % for every phase.",
        "Convene's SEN file gives the two percentages, not the mix of needs.",
    ),
];

/// `GET /about/families`.
pub(crate) async fn families(State(state): State<AppState>) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let index = analysis.family_index();
    let phases = index.standardisation();
    let content = html! {
        h1 class="govuk-heading-l" { "How families of similar schools are found" }
        p class="govuk-body-l" {
            "A family is the group of schools in England whose context is most like a school's own: "
            "schools facing the same circumstances, so their results can be compared fairly."
        }
        h2 class="govuk-heading-m" { "The method" }
        p class="govuk-body" {
            "Families follow the Department for Education's similar-schools comparisons (the \"Compare school and college performance\" "
            "similar schools and the school financial benchmarking comparators) as far as Convene's data allows. "
            "Each difference is listed below, with the reason."
        }
        ol class="govuk-list govuk-list--number" {
            li { strong { "Phases. " } "A school is only compared with open schools of its own phase: primaries with primaries, secondaries with secondaries, special schools with special schools. " strong { "All-through schools are compared with secondaries" } " (and appear in secondaries' families): their main entry is at Year 7, and the performance tables report their key stage 4 results with secondaries'." }
            li { strong { "Context measures. " } "Each school is described by the measures below: the characteristics DfE matches on that Convene holds." }
            li { strong { "Standardised. " } "Within a phase each measure is turned into a z-score: how many standard deviations the school is above or below the phase average (population standard deviation over the open schools with a value). Pupil numbers are compared on a log scale. A school with no value for a measure is treated as average on it, so a gap in the data neither helps nor hurts it; the family page says when this happened." }
            li { strong { "Distance. " } "The distance between two schools is the square root of the weighted sum of the squared differences between their z-scores. DfE publishes the characteristics it matches on but no weights for them, so every measure has weight " (format!("{:.1}", ContextMeasure::Pupils.default_weight())) ": none dominates." }
            li { strong { "Nearest neighbours. " } "The family is the " (convene_domain::similarity::FamilyMethod::default().family_size) " schools at the smallest distance (1 to 50 with " code { "?size=" } "), found exactly with a k-d tree. Ties are broken by URN, so the same data always gives the same families." }
            li { strong { "Filters. " } "As in DfE's services, a family can be drawn from only some schools, and is then the nearest in context among them: " code { "?within_km=" } " (straight-line distance between the schools' grid references, above 0 and up to 1,000), " code { "?same_trust=true" } ", " code { "?same_la=true" } " and " code { "?same_type=true" } " (type of establishment). They work on the family page and the API alike; a value Convene cannot read is refused with an explanation." }
            li { strong { "Why similar. " } "Each neighbour shows each measure's value, its share of the difference, and where the figure comes from (file and date or academic year), so you can see what makes two schools alike and where they differ." }
            li { strong { "Does better. " } "A neighbour \"does better\" on named evidence, never in general: on a published result, or on an Ofsted judgement. How is set out below." }
        }
        h2 class="govuk-heading-m" id="differences" { "Where this differs from DfE's method, and why" }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-visually-hidden" { "Differences from DfE's similar schools method" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Aspect" }
                th scope="col" class="govuk-table__header" { "DfE" }
                th scope="col" class="govuk-table__header" { "Convene" }
                th scope="col" class="govuk-table__header" { "Why" }
            } }
            tbody class="govuk-table__body" {
                @for (aspect, dfe, convene, why) in DIFFERENCES {
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { (aspect) }
                        td class="govuk-table__cell" { (dfe) }
                        td class="govuk-table__cell" { (convene) }
                        td class="govuk-table__cell" { (why) }
                    }
                }
            }
        } }))
        h2 class="govuk-heading-m" id="does-better" { "How \"does better\" is decided" }
        ul class="govuk-list govuk-list--bullet" {
            li { "Results are compared one measure at a time: " (result_measures()) ". Each measure is compared in the latest academic year in which both schools have a published figure, and the year is always shown (\"better on Progress 8 2023/24: 0.45 against 0.12\")." }
            li { "A year in which either school's figure was not published (too few pupils, suppressed, not applicable) is not compared at all: a missing figure is never treated as zero or as worse." }
            li { "A neighbour is better on a measure when its figure is higher by at least " (margins()) ", so ordinary year-to-year noise does not count as doing better." }
            li { "Admissions demand (first preferences per place) and pupil premium eligibility describe a school's circumstances, not how well it does, so they are shown over time but never used to say a school does better." }
            li { "Ofsted judgements are compared area by area: overall effectiveness where it was still given, and the sub-judgements (quality of education, behaviour and attitudes, personal development, leadership and management). Only areas graded for both schools are compared, each shown with its inspection date. Inspections since September 2024 give no overall grade, so schools inspected since then are compared on the areas their reports did grade." }
        }
        p class="govuk-body" { "Families are worked out again after every data import." }
        h2 class="govuk-heading-m" { "The measures" }
        dl class="govuk-summary-list" {
            @for measure in ContextMeasure::ALL {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { (measure.label()) }
                    dd class="govuk-summary-list__value" { (measure.description()) " Weight " (format!("{:.1}", measure.default_weight())) "." }
                }
            }
        }
        h2 class="govuk-heading-m" { "The numbers used now" }
        p class="govuk-body" { "The average and standard deviation of each measure in each phase, over the open schools with a value (pupils: of the natural log)." }
        @for phase in &phases {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-table__caption--s" { (phase.phase.label()) ": " (phase.schools) " open schools" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Measure" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Schools with a value" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Average" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Standard deviation" }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Weight" }
                } }
                tbody class="govuk-table__body" {
                    @for m in &phase.measures {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (m.measure.label()) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (m.standardisation.count) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.3}", m.standardisation.mean)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.3}", m.standardisation.standard_deviation)) }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.1}", m.weight)) }
                        }
                    }
                }
            } }))
        }
        h2 class="govuk-heading-m" { "What it cannot tell you" }
        p class="govuk-body" {
            "Context is not destiny, and a similar context does not mean a similar school. Each figure on the "
            "family page says its file and date or year (pupil premium is for 2019/20, the census for January 2023 "
            "in the bundled data), and Ofsted judgements change: check the inspection date beside each one. "
            "Prior attainment is not one of the measures (see the differences above); key stage results are shown "
            "beside each family for comparison, not used to form it."
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "How families of similar schools are found",
        &[("/", "Home"), ("/data", "About the data")],
        content,
    )
    .await)
}

/// `GET /about/similarity`: similar trusts and the national picture.
pub(crate) async fn similarity(State(state): State<AppState>) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let method = analysis.trust_similarity();
    let content = html! {
        h1 class="govuk-heading-l" { "How trusts are compared" }
        h2 class="govuk-heading-m" { "Against the national picture" }
        p class="govuk-body" {
            "Each trust profile is compared with every open academy trust (multi-academy and single-academy trusts) "
            "with at least one open school: " (analysis.national().trusts) " trusts now. For each measure the "
            "percentile is the share of trusts with the same value or less; the national median is the middle "
            "trust; and trusts of similar size are those in the same band of number of schools (1, 2 to 5, 6 to 10, "
            "11 to 20, 21 to 40, 41 or more)."
        }
        p class="govuk-body" {
            "Free school meals, English as an additional language and IDACI are averages over the trust's pupils "
            "(each school weighted by its number of pupils). Geographic spread uses the schools' National Grid "
            "coordinates: the radius is the distance from the schools' centre to the furthest school. " (SPREAD_RULE)
        }
        h2 class="govuk-heading-m" { "Similar trusts" }
        p class="govuk-body" {
            "Trusts are compared on the measures below, standardised across all profiled trusts in the same way as "
            "families of schools (z-scores, missing values treated as average, weighted Euclidean distance, exact "
            "nearest neighbours, ties by Group UID). Each trust is shown its " (method.method.family_size)
            " most similar trusts, with the measures on which they are closest."
        }
        (crate::pages::components::scrolling(html! { table class="govuk-table" {
            caption class="govuk-table__caption govuk-table__caption--s" { "Measures and the numbers used now" }
            thead class="govuk-table__head" { tr class="govuk-table__row" {
                th scope="col" class="govuk-table__header" { "Measure" }
                th scope="col" class="govuk-table__header" { "What it is" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Average" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Standard deviation" }
                th scope="col" class="govuk-table__header govuk-table__header--numeric" { "Weight" }
            } }
            tbody class="govuk-table__body" {
                @for m in &method.measures {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (m.measure.label()) }
                        td class="govuk-table__cell" { (m.measure.description()) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.3}", m.standardisation.mean)) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.3}", m.standardisation.standard_deviation)) }
                        td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.1}", m.weight)) }
                    }
                }
            }
        } }))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "How trusts are compared",
        &[("/", "Home"), ("/data", "About the data")],
        content,
    )
    .await)
}
