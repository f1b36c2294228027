//! Places: the lists of local authorities and regions, and a page for each showing its
//! schools, the trusts working there and how its schools were judged.

use crate::api::places::{region_summaries, RegionSummary};
use crate::export_csv;
use crate::format::{count, share, thousands};
use crate::lookup;
use crate::maps::{self, judgement_colour, judgement_legend, Legend, MapPoint, TRUST_COLOURS};
use crate::pages::components::{self, cell, link, number_cell, text, Column, SchoolColumns};
use crate::pages::layout;
use crate::params::{Params, PAGE_SIZE};
use crate::state::AppState;
use crate::WebError;
use axum::extract::Query;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::organisation::{School, Status};
use convene_domain::place::Region;
use convene_domain::search::{Page, SchoolQuery};
use convene_domain::similarity::latest_overall;
use convene_domain::summary::{AreaDetail, AreaSummary, SchoolSummary, Tally};
use convene_domain::GroupUid;
use convene_domain::Judgement;
use convene_store::Area;
use maud::{html, Markup};
use std::collections::HashMap;

/// `GET /local-authorities`: every local authority, grouped by region.
pub(crate) async fn local_authorities(State(state): State<AppState>) -> Result<Response, WebError> {
    let state = &state;
    state
        .cached_page("/local-authorities".into(), |sources| async move {
            let las = state.store().local_authorities(None).await?;
            Ok(layout::page(
                "Local authorities",
                &sources,
                &[("/", "Home")],
                la_list(&las),
            ))
        })
        .await
}

fn la_list(las: &[AreaSummary]) -> Markup {
    let schools: u64 = las.iter().map(|la| la.schools).sum();
    let mut groups: Vec<(&str, Vec<AreaSummary>)> = Region::ALL
        .iter()
        .map(|r| {
            let in_region = las
                .iter()
                .filter(|la| la.local_authority.region == Some(*r))
                .cloned()
                .collect();
            (r.name(), in_region)
        })
        .collect();
    let unplaced: Vec<AreaSummary> = las
        .iter()
        .filter(|la| la.local_authority.region.is_none())
        .cloned()
        .collect();
    groups.push(("No region recorded", unplaced));
    html! {
        h1 class="govuk-heading-l" { "Local authorities" }
        p class="govuk-body" {
            (count(las.len() as u64, "local authority", "local authorities")) " with "
            (count(schools, "open school", "open schools")) ", by region. "
            "‘In trusts’ counts academies: schools that belong to an academy trust."
        }
        @for (region, members) in &groups {
            @if !members.is_empty() {
                (la_table(region, members))
            }
        }
    }
}

fn la_table(caption: &str, las: &[AreaSummary]) -> Markup {
    let columns = [
        Column("Local authority", false),
        Column("Open schools", true),
        Column("In trusts", true),
        Column("Share in trusts", true),
    ];
    let rows = html! {
        @for la in las {
            tr class="govuk-table__row" {
                (cell(link(&format!("/local-authorities/{}", la.local_authority.code), &la.local_authority.name)))
                (number_cell(thousands(la.schools)))
                (number_cell(thousands(la.in_trusts)))
                (number_cell(share(la.in_trusts, la.schools)))
            }
        }
    };
    components::table(caption, &columns, rows)
}

/// `GET /local-authorities/{code}`.
pub(crate) async fn local_authority(
    State(state): State<AppState>,
    Path(code): Path<String>,
    params: Params,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let la = lookup::local_authority(state.store(), &code).await?;
    let page = params.page()?;
    let colour = MapColour::from_query(&query)?;
    let state = &state;
    state
        .cached_page(
            format!(
                "/local-authorities/{}?page={page}&colour={}",
                la.code,
                colour.key()
            ),
            |sources| async move {
                let query = SchoolQuery {
                    la_code: Some(la.code),
                    page,
                    per_page: PAGE_SIZE,
                    ..SchoolQuery::default()
                };
                let (area, schools) = tokio::try_join!(
                    state.store().area(Area::LocalAuthority(la.code)),
                    state.store().search_schools(&query),
                )?;
                let analysis = state.analysis().await?;
                let map = area_map(
                    &analysis,
                    |s| s.la_code == Some(la.code),
                    colour,
                    &format!("/local-authorities/{}", la.code),
                );
                let caption = html! {
                    "Local authority"
                    @if let Some(region) = la.region { ", " (region.name()) }
                };
                let view = AreaView {
                    name: &la.name,
                    caption,
                    address: format!("/local-authorities/{}", la.code),
                    search: format!("/search?la={}", la.code),
                    region: None,
                };
                let region_href = la.region.map(|r| format!("/regions/{}", r.slug()));
                let crumbs = match (&region_href, la.region) {
                    (Some(href), Some(region)) => [("/", "Home"), (href.as_str(), region.name())],
                    _ => [("/", "Home"), ("/local-authorities", "Local authorities")],
                };
                Ok(layout::page(
                    &la.name,
                    &sources,
                    &crumbs,
                    area_content(&view, &area, &schools, map),
                ))
            },
        )
        .await
}

/// `GET /local-authorities/{code}/schools.csv`: the LA's open schools.
pub(crate) async fn local_authority_csv(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    let la = lookup::local_authority(state.store(), &code).await?;
    let query = SchoolQuery {
        la_code: Some(la.code),
        ..SchoolQuery::default()
    };
    export_csv::schools_download(
        &state,
        &query,
        &format!("local-authority-{}-schools.csv", la.code),
    )
    .await
}

/// `GET /regions`: England's nine regions with their schools.
pub(crate) async fn regions(State(state): State<AppState>) -> Result<Response, WebError> {
    let state = &state;
    state
        .cached_page("/regions".into(), |sources| async move {
            let las = state.store().local_authorities(None).await?;
            Ok(layout::page(
                "Regions",
                &sources,
                &[("/", "Home")],
                region_list(&region_summaries(&las)),
            ))
        })
        .await
}

fn region_list(regions: &[RegionSummary]) -> Markup {
    let columns = [
        Column("Region", false),
        Column("Local authorities", true),
        Column("Open schools", true),
        Column("In trusts", true),
        Column("Share in trusts", true),
    ];
    let rows = html! {
        @for r in regions {
            tr class="govuk-table__row" {
                (cell(link(&format!("/regions/{}", r.slug.slug()), r.name)))
                (number_cell(thousands(r.local_authorities)))
                (number_cell(thousands(r.schools)))
                (number_cell(thousands(r.in_trusts)))
                (number_cell(share(r.in_trusts, r.schools)))
            }
        }
    };
    html! {
        h1 class="govuk-heading-l" { "Regions" }
        p class="govuk-body" {
            "England's nine regions, as DfE records them (Inner and Outer London together). "
            "‘In trusts’ counts academies: schools that belong to an academy trust."
        }
        (components::table("Regions of England", &columns, rows))
    }
}

/// `GET /regions/{slug}`.
pub(crate) async fn region(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    params: Params,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let region = lookup::region(&slug)?;
    let page = params.page()?;
    let colour = MapColour::from_query(&query)?;
    let state = &state;
    state
        .cached_page(
            format!(
                "/regions/{}?page={page}&colour={}",
                region.slug(),
                colour.key()
            ),
            |sources| async move {
                let query = SchoolQuery {
                    region: Some(region),
                    page,
                    per_page: PAGE_SIZE,
                    ..SchoolQuery::default()
                };
                let (area, schools) = tokio::try_join!(
                    state.store().area(Area::Region(region)),
                    state.store().search_schools(&query),
                )?;
                let analysis = state.analysis().await?;
                let map = area_map(
                    &analysis,
                    |s| s.region == Some(region),
                    colour,
                    &format!("/regions/{}", region.slug()),
                );
                let view = AreaView {
                    name: region.name(),
                    caption: html! { "Region" },
                    address: format!("/regions/{}", region.slug()),
                    search: format!("/search?region={}", region.slug()),
                    region: Some(region),
                };
                Ok(layout::page(
                    region.name(),
                    &sources,
                    &[("/", "Home"), ("/regions", "Regions")],
                    area_content(&view, &area, &schools, map),
                ))
            },
        )
        .await
}

/// `GET /regions/{slug}/schools.csv`: the region's open schools.
pub(crate) async fn region_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let region = lookup::region(&slug)?;
    let query = SchoolQuery {
        region: Some(region),
        ..SchoolQuery::default()
    };
    export_csv::schools_download(
        &state,
        &query,
        &format!("region-{}-schools.csv", region.slug()),
    )
    .await
}

/// What differs between a local authority's page and a region's.
struct AreaView<'a> {
    name: &'a str,
    caption: Markup,
    /// The page's own address, for paging and the download.
    address: String,
    /// The school search limited to the area.
    search: String,
    /// The region, on a region's page (which then lists its local authorities).
    region: Option<Region>,
}

fn area_content(
    view: &AreaView,
    area: &AreaDetail,
    schools: &Page<SchoolSummary>,
    map: Markup,
) -> Markup {
    let judgement_href = |t: &Tally| {
        Judgement::from_key(&t.key).map(|j| format!("{}&judgement={}", view.search, j.key()))
    };
    let columns = SchoolColumns {
        type_name: true,
        la: view.region.is_some(),
        trust: true,
        joined: false,
    };
    html! {
        span class="govuk-caption-l" { (view.caption) }
        h1 class="govuk-heading-xl" { (view.name) }
        (components::headline(&[
            (thousands(area.schools), if area.schools == 1 { "open school" } else { "open schools" }),
            (thousands(area.pupils), if area.pupils == 1 { "pupil" } else { "pupils" }),
            (share(area.in_trusts, area.schools), "of schools are in academy trusts"),
        ]))
        p class="govuk-body" {
            (count(area.in_trusts, "school", "schools")) " of " (thousands(area.schools))
            " belong to an academy trust; " (count(area.trusts.len() as u64, "trust runs", "trusts run"))
            " schools here."
        }
        @if view.region.is_some() {
            (la_table(&format!("Local authorities in {}", view.name), &area.local_authorities))
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-one-half" {
                (components::tally_table("Schools by latest Ofsted judgement", "Judgement", &area.judgements, judgement_href))
            }
        }
        h2 class="govuk-heading-m" id="map" { "Schools on the map" }
        (map)
        @if !area.trusts.is_empty() {
            (trusts_here(view.name, area))
        }
        p class="govuk-body" {
            a class="govuk-link" href=(view.search) { "Search and filter these schools" }
            " or "
            a class="govuk-link" href=(format!("{}/schools.csv", view.address)) download { "download all of them (CSV)" }
            "."
        }
        (components::schools_table(&format!("Open schools in {}: {}", view.name, thousands(schools.total)), &schools.items, columns))
        (components::pagination(schools, |n| format!("{}?page={n}", view.address)))
    }
}

fn trusts_here(name: &str, area: &AreaDetail) -> Markup {
    let columns = [
        Column("Trust", false),
        Column("Kind", false),
        Column("Schools here", true),
        Column("Schools in all", true),
    ];
    let rows = html! {
        @for t in &area.trusts {
            tr class="govuk-table__row" {
                (cell(link(&format!("/trusts/{}", t.uid), &t.name)))
                (cell(text(t.kind.label())))
                (number_cell(thousands(t.schools_here)))
                (number_cell(thousands(t.schools_in_all)))
            }
        }
    };
    components::table(&format!("Trusts with schools in {name}"), &columns, rows)
}

/// What an area map's colours show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapColour {
    /// Latest overall Ofsted judgement (the default).
    Judgement,
    /// The trust each school belongs to.
    Trust,
}

impl MapColour {
    fn from_query(query: &HashMap<String, String>) -> Result<MapColour, WebError> {
        match query.get("colour").map(String::as_str) {
            None | Some("") | Some("judgement") => Ok(MapColour::Judgement),
            Some("trust") => Ok(MapColour::Trust),
            Some(other) => Err(WebError::BadRequest(format!(
                "colour must be judgement or trust, not {other}"
            ))),
        }
    }

    fn key(self) -> &'static str {
        match self {
            MapColour::Judgement => "judgement",
            MapColour::Trust => "trust",
        }
    }
}

/// The area's open schools on a map, coloured by judgement or by trust (the eight trusts
/// with most schools here get their own colour).
fn area_map(
    analysis: &SystemAnalysis,
    in_area: impl Fn(&School) -> bool,
    colour: MapColour,
    address: &str,
) -> Markup {
    let mut schools: Vec<&School> = analysis
        .schools()
        .filter(|s| s.status != Status::Closed && in_area(s))
        .collect();
    schools.sort_by_key(|s| s.urn);
    let mut by_trust: Vec<(GroupUid, usize)> = Vec::new();
    for s in &schools {
        if let Some(uid) = analysis.trust_of(s.urn) {
            match by_trust.iter_mut().find(|(u, _)| *u == uid) {
                Some((_, n)) => *n += 1,
                None => by_trust.push((uid, 1)),
            }
        }
    }
    by_trust.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let coloured: Vec<GroupUid> = by_trust
        .iter()
        .take(TRUST_COLOURS.len())
        .map(|(u, _)| *u)
        .collect();
    let trust_colour = |urn| match analysis.trust_of(urn) {
        Some(uid) => match coloured.iter().position(|u| *u == uid) {
            Some(i) => (
                TRUST_COLOURS[i],
                analysis.group_name(uid).unwrap_or("Trust").to_string(),
            ),
            None => (
                OTHER_TRUSTS,
                analysis.group_name(uid).unwrap_or("Trust").to_string(),
            ),
        },
        None => (NO_TRUST, "Not in an academy trust".to_string()),
    };
    let mut points = Vec::new();
    let mut unlocated = Vec::new();
    for s in &schools {
        let href = format!("/schools/{}", s.urn.0);
        match s.location {
            Some(location) => {
                let (dot, label) = match colour {
                    MapColour::Judgement => {
                        let j = latest_overall(s);
                        (
                            judgement_colour(j),
                            j.map_or("no overall grade".into(), |j| j.label().to_string()),
                        )
                    }
                    MapColour::Trust => trust_colour(s.urn),
                };
                points.push(MapPoint {
                    location,
                    name: &s.name,
                    href,
                    colour: dot,
                    label,
                });
            }
            None => unlocated.push((href, s.name.clone())),
        }
    }
    let legend = match colour {
        MapColour::Judgement => judgement_legend(),
        MapColour::Trust => {
            let mut entries: Vec<(&'static str, String)> = coloured
                .iter()
                .enumerate()
                .map(|(i, uid)| {
                    (
                        TRUST_COLOURS[i],
                        analysis.group_name(*uid).unwrap_or("Trust").to_string(),
                    )
                })
                .collect();
            entries.push((OTHER_TRUSTS, "Other trusts".into()));
            entries.push((NO_TRUST, "Not in an academy trust".into()));
            Legend(entries)
        }
    };
    let title = match colour {
        MapColour::Judgement => "Open schools, coloured by latest Ofsted judgement",
        MapColour::Trust => "Open schools, coloured by trust",
    };
    html! {
        p class="govuk-body" {
            "Colour by: "
            @if colour == MapColour::Judgement { strong { "Ofsted judgement" } } @else { a class="govuk-link" href=(format!("{address}?colour=judgement#map")) { "Ofsted judgement" } }
            " | "
            @if colour == MapColour::Trust { strong { "trust" } } @else { a class="govuk-link" href=(format!("{address}?colour=trust#map")) { "trust" } }
        }
        (maps::map("area-map", title, analysis.coverage(), analysis.schools().filter_map(|s| s.location.as_ref()), maps::Marks::points(&points), true, &legend))
        (maps::unlocated(&unlocated))
    }
}

/// Trusts beyond the eight with their own colour.
const OTHER_TRUSTS: &str = "#85994b";
/// Schools not in an academy trust.
const NO_TRUST: &str = "#6f777b";
