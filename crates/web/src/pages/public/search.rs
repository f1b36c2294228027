//! Searching: schools with filters (`/search`), trusts (`/trusts`), and their CSV twins.

use super::home::search_box;
use crate::export_csv;
use crate::format::count;
use crate::pages::components::{self, SchoolColumns};
use crate::pages::layout;
use crate::params::{query_string, school_pairs, trust_pairs, Params, PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::response::{Html, Response};
use convene_domain::organisation::Phase;
use convene_domain::place::Region;
use convene_domain::search::{Page, SchoolQuery, TrustQuery};
use convene_domain::summary::{SchoolSummary, TrustSummary};
use convene_domain::Judgement;
use maud::{html, Markup};

/// How many matching trusts the school search shows above the schools.
const TRUSTS_ON_SEARCH: u32 = 5;

/// `GET /search`: schools matching the search box and filters, plus matching trusts.
pub(crate) async fn schools(
    State(state): State<AppState>,
    params: Params,
) -> Result<Html<String>, WebError> {
    let query = params.school_query(PAGE_SIZE)?;
    let trust_query = TrustQuery {
        text: query.text.clone(),
        region: query.region,
        page: 1,
        per_page: TRUSTS_ON_SEARCH,
        ..TrustQuery::default()
    };
    let store = state.store();
    let (results, trusts, types) = tokio::try_join!(
        state.search_schools(&query),
        async {
            if query.text.trim().is_empty() {
                Ok(None)
            } else {
                Ok(Some(state.search_trusts(&trust_query).await?))
            }
        },
        state.school_types(),
    )?;
    let sources = state.sources().await;
    let la_name = match query.la_code {
        Some(code) => store.local_authority(code).await?.map(|la| la.name),
        None => None,
    };
    let title = if query.text.is_empty() {
        "Search schools".to_string()
    } else {
        format!("Search results for ‘{}’", query.text)
    };
    let content = html! {
        h1 class="govuk-heading-l" { (title) }
        (filters(&query, &types, la_name.as_deref()))
        @if let Some(trusts) = &trusts {
            (trust_matches(&query.text, trusts))
        }
        (school_results(&query, &results))
    };
    Ok(layout::page(&title, &sources, &[("/", "Home")], content))
}

fn select(
    id: &str,
    label: &str,
    any: &str,
    options: &[(String, String)],
    chosen: Option<&str>,
) -> Markup {
    html! {
        div class="govuk-form-group" {
            label class="govuk-label" for=(id) { (label) }
            select class="govuk-select govuk-!-width-full" id=(id) name=(id) {
                option value="" { (any) }
                @for (value, text) in options {
                    option value=(value) selected[chosen == Some(value.as_str())] { (text) }
                }
            }
        }
    }
}

fn filters(query: &SchoolQuery, types: &[String], la_name: Option<&str>) -> Markup {
    let phases: Vec<(String, String)> = Phase::ALL
        .iter()
        .map(|p| (p.key().into(), p.label().into()))
        .collect();
    let types: Vec<(String, String)> = types.iter().map(|t| (t.clone(), t.clone())).collect();
    let judgements: Vec<(String, String)> = Judgement::ALL
        .iter()
        .map(|j| (j.key().into(), j.label().into()))
        .collect();
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.slug().into(), r.name().into()))
        .collect();
    html! {
        form method="get" action="/search" role="search" {
            (search_box(&query.text))
            div class="govuk-grid-row" {
                div class="govuk-grid-column-one-quarter" {
                    (select("phase", "Phase", "Any phase", &phases, query.phase.map(Phase::key)))
                }
                div class="govuk-grid-column-one-quarter" {
                    (select("type", "Type of school", "Any type", &types, query.type_name.as_deref()))
                }
                div class="govuk-grid-column-one-quarter" {
                    (select("judgement", "Latest Ofsted judgement", "Any judgement", &judgements, query.judgement.map(Judgement::key)))
                }
                div class="govuk-grid-column-one-quarter" {
                    (select("region", "Region", "Any region", &regions, query.region.map(Region::slug)))
                }
            }
            @if let Some(code) = query.la_code {
                input type="hidden" name="la" value=(code);
                p class="govuk-body" {
                    "Only schools in " (la_name.unwrap_or("local authority")) " (local authority " (code) "). "
                    a class="govuk-link" href=(format!("/search?{}", query_string(&school_pairs(&SchoolQuery { la_code: None, ..query.clone() }, Some(1))))) {
                        "Search all local authorities"
                    }
                }
            }
            div class="govuk-form-group" {
                div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" {
                    div class="govuk-checkboxes__item" {
                        input class="govuk-checkboxes__input" id="closed" name="closed" type="checkbox"
                            value="on" checked[query.include_closed];
                        label class="govuk-label govuk-checkboxes__label" for="closed" { "Include closed schools" }
                    }
                }
            }
            button type="submit" class="govuk-button" data-module="govuk-button" { "Search" }
        }
    }
}

fn trust_matches(text: &str, trusts: &Page<TrustSummary>) -> Markup {
    if trusts.total == 0 {
        return html! {};
    }
    let all = format!("/trusts?{}", query_string(&[("q", text.to_string())]));
    html! {
        (components::trusts_table(&format!("Trusts: {}", count(trusts.total, "match", "matches")), &trusts.items))
        @if trusts.total > trusts.items.len() as u64 {
            p class="govuk-body" {
                a class="govuk-link" href=(all) { "See all " (count(trusts.total, "matching trust", "matching trusts")) }
            }
        }
    }
}

fn school_results(query: &SchoolQuery, results: &Page<SchoolSummary>) -> Markup {
    let csv = format!("/search.csv?{}", query_string(&school_pairs(query, None)));
    let columns = SchoolColumns {
        type_name: true,
        la: true,
        trust: true,
        joined: false,
    };
    html! {
        @if results.total == 0 {
            h2 class="govuk-heading-m" { "No schools found" }
            p class="govuk-body" { "Check the spelling, search for part of the name, or remove some filters." }
        } @else {
            p class="govuk-body" {
                (components::showing(results, "schools")) ". "
                a class="govuk-link" href=(csv) download { "Download these results (CSV)" }
            }
            (components::schools_table(&count(results.total, "school", "schools"), &results.items, columns))
            (components::pagination(results, |n| format!("/search?{}", query_string(&school_pairs(query, Some(n))))))
        }
    }
}

/// `GET /search.csv`: every school matching the search, not just one page.
pub(crate) async fn schools_csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let query = params.school_query(PAGE_SIZE)?;
    export_csv::schools_download(&state, &query, "schools.csv").await
}

/// `GET /trusts`: academy trusts by name, identifier or region, largest first.
pub(crate) async fn trusts(
    State(state): State<AppState>,
    params: Params,
) -> Result<Html<String>, WebError> {
    let query = params.trust_query(PAGE_SIZE)?;
    let results = state.search_trusts(&query).await?;
    let sources = state.sources().await;
    let regions: Vec<(String, String)> = Region::ALL
        .iter()
        .map(|r| (r.slug().into(), r.name().into()))
        .collect();
    let csv = format!("/trusts.csv?{}", query_string(&trust_pairs(&query, None)));
    let content = html! {
        h1 class="govuk-heading-l" { "Academy trusts" }
        p class="govuk-body" {
            "Every trust has a profile against the national picture. "
            a class="govuk-link" href="/trusts/compare" { "Compare up to five trusts side by side" }
            " or read " a class="govuk-link" href="/about/similarity" { "how trusts are compared" } "."
        }
        form method="get" action="/trusts" role="search" {
            div class="govuk-form-group" {
                label class="govuk-label govuk-label--s" for="q" { "Search for a trust" }
                div id="q-hint" class="govuk-hint" { "Name, Group UID or TR number, Companies House number or postcode" }
                input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search"
                    aria-describedby="q-hint" spellcheck="false" value=(query.text);
            }
            div class="govuk-grid-row" {
                div class="govuk-grid-column-one-third" {
                    (select("region", "Has schools in region", "Any region", &regions, query.region.map(Region::slug)))
                }
            }
            button type="submit" class="govuk-button" data-module="govuk-button" { "Search" }
        }
        @if results.total == 0 {
            h2 class="govuk-heading-m" { "No trusts found" }
            p class="govuk-body" { "Check the spelling or search for part of the name." }
        } @else {
            p class="govuk-body" {
                (components::showing(&results, "trusts")) ". "
                a class="govuk-link" href=(csv) download { "Download these results (CSV)" }
            }
            (components::trusts_table(&count(results.total, "trust", "trusts"), &results.items))
            (components::pagination(&results, |n| format!("/trusts?{}", query_string(&trust_pairs(&query, Some(n))))))
        }
    };
    Ok(layout::page(
        "Academy trusts",
        &sources,
        &[("/", "Home")],
        content,
    ))
}

/// `GET /trusts.csv`: every trust matching the search.
pub(crate) async fn trusts_csv(
    State(state): State<AppState>,
    params: Params,
) -> Result<Response, WebError> {
    let query = params.trust_query(PAGE_SIZE)?;
    export_csv::trusts_download(&state, &query, "trusts.csv").await
}
