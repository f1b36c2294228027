//! The collaboration network pages: the network as a graph and on the map, with its
//! measures in plain words, who bridges groups, its clusters, every organisation's measures (CSV and GraphML
//! too), and the open trusts and schools no tie reaches, by region, with their context.

use crate::access::RequestContext;
use crate::csv_table::CsvTable;
use crate::export_csv::attachment;
use crate::format::thousands;
use crate::graphml::{Attr, GraphEdge, GraphMl, GraphNode};
use crate::maps::{self, Legend, MapPoint};
use crate::network::{isolated, network_view, NetworkQuery, NetworkView};
use crate::pages::accounts::respond;
use crate::pages::components::{table, Column};
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::evidence::network::{OrgMeasures, Role, TieKind};
use convene_domain::organisation::GridReference;
use convene_domain::place::Region;
use maud::{html, Markup};
use std::collections::BTreeMap;

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/network", "Collaboration network")];

/// Beyond this many lines the map shows the organisations only.
const MAX_LINES: usize = 3_000;

/// How many organisations the page's table lists (the CSV has them all).
const LISTED: usize = 200;

/// The filters asked for and the network they give.
async fn asked(
    state: &AppState,
    context: &RequestContext,
    params: &Params,
) -> Result<(NetworkQuery, NetworkView), WebError> {
    let query = NetworkQuery::from_params(params)?;
    let view = network_view(state, context, &query).await?;
    Ok((query, view))
}

fn role_colour(role: Role) -> &'static str {
    match role {
        Role::Broker => "#d4351c",
        Role::Spanner => "#f47738",
        Role::Member => "#1d70b8",
    }
}

fn source_line() -> Markup {
    html! {
        p class="govuk-body-s" {
            "Source: Convene's own records, as at " (crate::format::today()) ": brokered collaborations, members of published partnerships, peer reviews whose host published a summary and finished placements both organisations chose to show, as far as you may see each. Schools' places: Get Information about Schools."
        }
    }
}

fn filters(query: &NetworkQuery, action: &str) -> Markup {
    html! {
        form method="get" action=(action) novalidate class="govuk-!-margin-bottom-6" {
            div class="govuk-form-group" {
                label class="govuk-label" for="region" { "Region" }
                select class="govuk-select" id="region" name="region" {
                    option value="" selected[query.region.is_none()] { "All of England" }
                    @for r in Region::ALL {
                        option value=(r.slug()) selected[query.region == Some(r)] { (r.name()) }
                    }
                }
            }
            div class="govuk-form-group" {
                label class="govuk-label" for="from" { "Active on or after (optional)" }
                div class="govuk-hint" id="from-hint" { "For example 2025-09-01" }
                input class="govuk-input govuk-input--width-10" id="from" name="from" type="text" aria-describedby="from-hint" value=(query.filter.from.map(|d| d.to_string()).unwrap_or_default());
            }
            div class="govuk-form-group" {
                label class="govuk-label" for="to" { "Active on or before (optional)" }
                input class="govuk-input govuk-input--width-10" id="to" name="to" type="text" value=(query.filter.to.map(|d| d.to_string()).unwrap_or_default());
            }
            div class="govuk-form-group" {
                fieldset class="govuk-fieldset" {
                    legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { "Kinds of tie (none ticked means all)" }
                    div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" {
                        @for (i, k) in TieKind::ALL.into_iter().enumerate() {
                            div class="govuk-checkboxes__item" {
                                input class="govuk-checkboxes__input" id=(format!("kind-{i}")) name="kind" type="checkbox" value=(k.key()) checked[query.filter.kinds.contains(&k)];
                                label class="govuk-label govuk-checkboxes__label" for=(format!("kind-{i}")) { (k.label()) }
                            }
                        }
                    }
                }
            }
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Show" }
        }
    }
}

fn measures_table(caption: &str, view: &NetworkView, rows: &[&OrgMeasures]) -> Markup {
    table(
        caption,
        &[
            Column("Organisation", false),
            Column("Role", false),
            Column("Connections", true),
            Column("Reach", true),
            Column("Betweenness", true),
            Column("Cluster", true),
        ],
        html! {
            @for m in rows {
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" {
                        @match view.facts.get(&m.org) {
                            Some(f) => { a class="govuk-link" href=(f.href) { (f.name) } }
                            None => { (m.org.key()) }
                        }
                    }
                    td class="govuk-table__cell" { (m.role.label()) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (m.connections) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (m.reach) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (format!("{:.3}", m.betweenness)) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (m.cluster) }
                }
            }
        },
    )
}

/// `GET /network`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (query, view) = asked(&state, &context, &params).await?;
    let lonely = isolated(&state, &view.network, query.region).await?;
    let analysis = state.analysis().await?;
    let qs = query.query_string();
    let join = |path: &str| {
        if qs.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{qs}")
        }
    };
    let m = &view.measures;
    let ties: u32 = view.network.links.iter().map(|l| l.ties).sum();
    let mut by_betweenness: Vec<&OrgMeasures> =
        m.orgs.iter().filter(|o| o.betweenness > 0.0).collect();
    by_betweenness.sort_by(|a, b| b.betweenness.total_cmp(&a.betweenness));
    by_betweenness.truncate(20);
    let mut by_connections: Vec<&OrgMeasures> = m.orgs.iter().collect();
    by_connections.sort_by(|a, b| b.connections.cmp(&a.connections).then(a.org.cmp(&b.org)));
    by_connections.truncate(LISTED);
    let names: Vec<String> = view.network.orgs.iter().map(|o| view.name(*o)).collect();
    let points: Vec<MapPoint> = m
        .orgs
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            let f = view.facts.get(&o.org)?;
            Some(MapPoint {
                location: f.location?,
                name: &names[i],
                href: f.href.clone(),
                colour: role_colour(o.role),
                label: format!(
                    "{}, {} connections, cluster {}",
                    o.role.label(),
                    o.connections,
                    o.cluster
                ),
            })
        })
        .collect();
    let located = |i: usize| -> Option<GridReference> {
        view.facts
            .get(&view.network.orgs[i])
            .and_then(|f| f.location)
    };
    let lines: Vec<(GridReference, GridReference)> = if view.network.links.len() <= MAX_LINES {
        view.network
            .links
            .iter()
            .filter_map(|l| Some((located(l.a)?, located(l.b)?)))
            .collect()
    } else {
        Vec::new()
    };
    let mut by_region: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for i in &lonely {
        let e = by_region
            .entry(
                i.region
                    .clone()
                    .unwrap_or_else(|| "Region not published".into()),
            )
            .or_default();
        if matches!(i.org, convene_domain::party::OrgRef::School(_)) {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let legend = Legend(vec![
        (role_colour(Role::Broker), "Broker".into()),
        (role_colour(Role::Spanner), "Spanner".into()),
        (role_colour(Role::Member), "Member".into()),
    ]);
    let content = html! {
        h1 class="govuk-heading-l" { "The collaboration network" }
        p class="govuk-body" { "Organisations joined by what they have done together in Convene: brokered collaborations, partnerships, peer reviews, and loans or interim leadership. Belonging to the same trust is not a tie. The measures say who works with whom, who bridges groups, and who no one reaches yet." }
        (filters(&query, "/network"))
        @if view.network.orgs.is_empty() {
            p class="govuk-body" { "No ties match these filters yet." }
        } @else {
            dl class="govuk-summary-list" {
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Organisations with a tie" } dd class="govuk-summary-list__value" { (thousands(view.network.orgs.len() as i128)) } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Pairs working together" } dd class="govuk-summary-list__value" { (thousands(view.network.links.len() as i128)) " (" (ties) " ties in all)" } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Clusters" } dd class="govuk-summary-list__value" { (m.clusters.len()) } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Modularity" } dd class="govuk-summary-list__value" { (format!("{:.3}", m.modularity)) ": how much more ties fall within clusters than chance would give (above 0.3 is a clear cluster structure)" } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Separate pieces" } dd class="govuk-summary-list__value" { (m.components) ": groups with no path between them" } }
            }
            (source_line())
            h2 class="govuk-heading-m" { "As a graph" }
            (super::network_graph::graph("network-graph", &view))
            h2 class="govuk-heading-m" { "On the map" }
            (maps::map("network-map", "Organisations in the network, coloured by role, with a line for each pair working together", analysis.coverage(), std::iter::empty(), maps::Marks { points: &points, lines: &lines }, query.region.is_some(), &legend))
            @if view.network.links.len() > MAX_LINES { p class="govuk-body-s" { "There are too many pairs to draw every line; the organisations are shown." } }
            h2 class="govuk-heading-m" { "What the measures mean" }
            dl class="govuk-summary-list" {
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Connections" } dd class="govuk-summary-list__value" { "How many organisations it works with directly." } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Reach" } dd class="govuk-summary-list__value" { "How many it reaches in one or two steps: those it works with, and those they work with." } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Betweenness" } dd class="govuk-summary-list__value" { "Its share, from 0 to 1, of the shortest routes between other pairs that pass through it. High for those who join groups that would otherwise not meet." } }
                div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Cluster" } dd class="govuk-summary-list__value" { "A group that works with each other more than with the rest (found by the Louvain method, the same way every time)." } }
                @for role in [Role::Broker, Role::Spanner, Role::Member] {
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { (role.label()) } dd class="govuk-summary-list__value" { (role.meaning()) } }
                }
            }
            h2 class="govuk-heading-m" { "Who bridges groups" }
            @if by_betweenness.is_empty() { p class="govuk-body" { "No organisation lies between others yet." } }
            @else { (measures_table("The 20 with the highest betweenness", &view, &by_betweenness)) }
            h2 class="govuk-heading-m" { "Clusters" }
            ul class="govuk-list govuk-list--bullet" {
                @for c in m.clusters.iter().take(10) {
                    li {
                        "Cluster " (c.number) ": " (c.members.len()) " organisations, including "
                        (c.members.iter().take(4).map(|o| view.name(*o)).collect::<Vec<_>>().join(", "))
                    }
                }
            }
            h2 class="govuk-heading-m" { "Every organisation in the network" }
            p class="govuk-body" {
                a class="govuk-link" href=(join("/network.csv")) { "Download the measures (CSV)" } " · "
                a class="govuk-link" href=(join("/network.graphml")) { "Download the network (GraphML, for Gephi or yEd)" } " · "
                a class="govuk-link" href=(join("/api/v1/network")) { "As JSON" }
            }
            (measures_table(&format!("The {} with the most connections", by_connections.len()), &view, &by_connections))
        }
        h2 class="govuk-heading-m" id="isolated" { "No collaboration at all" }
        p class="govuk-body" { "Open schools and multi-academy trusts with no tie in Convene, by region. The isolated are often those most in need: see each one's context." }
        (table("Organisations with no tie, by region", &[Column("Region", false), Column("Schools", true), Column("Trusts", true)], html! {
            @for (region, (schools, trusts)) in &by_region {
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" {
                        @match Region::ALL.into_iter().find(|r| r.name() == region) {
                            Some(r) => { a class="govuk-link" href=(format!("/network/isolated?region={}", r.slug())) { (region) } }
                            None => { (region) }
                        }
                    }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (thousands(*schools as i128)) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (thousands(*trusts as i128)) }
                }
            }
        }))
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "The collaboration network",
        &CRUMBS[..1],
        content,
    )
    .await)
}

/// `GET /network/isolated`: the organisations no tie reaches, with their context.
pub(crate) async fn isolated_list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (query, view) = asked(&state, &context, &params).await?;
    let lonely = isolated(&state, &view.network, query.region).await?;
    let qs = query.query_string();
    let shown = lonely.len().min(500);
    let place = query
        .region
        .map_or("England".to_string(), |r| r.name().to_string());
    let content = html! {
        h1 class="govuk-heading-l" { "No collaboration at all: " (place) }
        p class="govuk-body" { (thousands(lonely.len() as i128)) " open schools and multi-academy trusts have no tie in Convene. " @if lonely.len() > shown { "The first " (shown) " by name are listed; the CSV has them all." } }
        p class="govuk-body" { a class="govuk-link" href=(if qs.is_empty() { "/network/isolated.csv".to_string() } else { format!("/network/isolated.csv?{qs}") }) { "Download the list (CSV)" } }
        p class="govuk-body-s" { "Pupils and free school meals: school census, January 2023. Ofsted: management information, 31 August 2025. A figure that is not published says so." }
        (table("Organisations with no tie", &[Column("Organisation", false), Column("Kind", false), Column("Pupils", true), Column("Free school meals", true), Column("Ofsted", false)], html! {
            @for i in lonely.iter().take(shown) {
                tr class="govuk-table__row" {
                    td class="govuk-table__cell" { a class="govuk-link" href=(i.org.page_path()) { (i.name) } }
                    td class="govuk-table__cell" { (i.kind) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (i.pupils.map_or("Not published".to_string(), thousands)) }
                    td class="govuk-table__cell govuk-table__cell--numeric" { (i.fsm_percent.map_or("Not published".to_string(), |f| format!("{f:.1}%"))) }
                    td class="govuk-table__cell" { (i.ofsted.clone().unwrap_or_else(|| "Not published".into())) }
                }
            }
        }))
    };
    let crumbs = [CRUMBS[0], CRUMBS[1]];
    Ok(respond(
        &state,
        StatusCode::OK,
        &format!("No collaboration at all: {place}"),
        &crumbs,
        content,
    )
    .await)
}

/// `GET /network/isolated.csv`.
pub(crate) async fn isolated_csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (query, view) = asked(&state, &context, &params).await?;
    let lonely = isolated(&state, &view.network, query.region).await?;
    let mut csv = CsvTable::new([
        "organisation_key",
        "name",
        "region",
        "kind",
        "pupils",
        "fsm_percent",
        "ofsted",
    ])?;
    for i in &lonely {
        csv.row([
            i.org.key(),
            i.name.clone(),
            i.region.clone().unwrap_or_default(),
            i.kind.clone(),
            i.pupils.map(|p| p.to_string()).unwrap_or_default(),
            i.fsm_percent.map(|f| format!("{f:.1}")).unwrap_or_default(),
            i.ofsted.clone().unwrap_or_default(),
        ])?;
    }
    Ok(attachment("no-collaboration.csv", csv.finish()?))
}

/// `GET /network.csv`: every organisation's measures.
pub(crate) async fn measures_csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (_, view) = asked(&state, &context, &params).await?;
    let mut csv = CsvTable::new([
        "organisation_key",
        "name",
        "connections",
        "ties",
        "reach",
        "betweenness",
        "cluster",
        "clusters_spanned",
        "role",
    ])?;
    for m in &view.measures.orgs {
        csv.row([
            m.org.key(),
            view.name(m.org),
            m.connections.to_string(),
            m.ties.to_string(),
            m.reach.to_string(),
            format!("{:.6}", m.betweenness),
            m.cluster.to_string(),
            m.clusters_spanned.to_string(),
            m.role.label().to_string(),
        ])?;
    }
    Ok(attachment("network.csv", csv.finish()?))
}

/// `GET /network.graphml`: the network with every measure, for network tools.
pub(crate) async fn graphml(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let (_, view) = asked(&state, &context, &params).await?;
    let graph = GraphMl {
        node_keys: vec![
            "name",
            "connections",
            "reach",
            "betweenness",
            "cluster",
            "role",
        ],
        edge_keys: vec!["ties", "kinds"],
        nodes: view
            .measures
            .orgs
            .iter()
            .map(|m| GraphNode {
                id: m.org.key(),
                attrs: vec![
                    Attr::Text(view.name(m.org)),
                    Attr::Int(i64::from(m.connections)),
                    Attr::Int(i64::from(m.reach)),
                    Attr::Double(m.betweenness),
                    Attr::Int(i64::try_from(m.cluster).unwrap_or(0)),
                    Attr::Text(m.role.label().into()),
                ],
            })
            .collect(),
        edges: view
            .network
            .links
            .iter()
            .map(|l| GraphEdge {
                source: view.network.orgs[l.a].key(),
                target: view.network.orgs[l.b].key(),
                attrs: vec![
                    Attr::Int(i64::from(l.ties)),
                    Attr::Text(
                        l.kinds
                            .iter()
                            .map(|k| k.key())
                            .collect::<Vec<_>>()
                            .join(" "),
                    ),
                ],
            })
            .collect(),
    };
    Ok(crate::graphml::attachment(
        "network.graphml",
        graph.write()?,
    ))
}

/// An organisation's place in the network, for its page: its measures in plain words, or
/// that it has no tie yet.
pub(crate) async fn place_section(
    state: &AppState,
    context: &RequestContext,
    org: convene_domain::party::OrgRef,
) -> Result<Markup, WebError> {
    let view = network_view(state, context, &NetworkQuery::default()).await?;
    let mine = view.measures.orgs.iter().find(|m| m.org == org);
    Ok(html! {
        h2 class="govuk-heading-m" id="network" { "Its place in the collaboration network" }
        @match mine {
            None => p class="govuk-body" { "No tie in Convene yet that you can see: no brokered collaboration, published partnership, published peer review or shown placement." },
            Some(m) => {
                dl class="govuk-summary-list" {
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Connections" } dd class="govuk-summary-list__value" { (m.connections) " organisations it works with directly (" (m.ties) " ties)" } }
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Reach" } dd class="govuk-summary-list__value" { (m.reach) " organisations in one or two steps" } }
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Betweenness" } dd class="govuk-summary-list__value" { (format!("{:.3}", m.betweenness)) ": its share of the shortest routes between others" } }
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Role" } dd class="govuk-summary-list__value" { (m.role.label()) ". " (m.role.meaning()) } }
                    div class="govuk-summary-list__row" { dt class="govuk-summary-list__key" { "Cluster" } dd class="govuk-summary-list__value" { "Cluster " (m.cluster) " of " (view.measures.clusters.len()) "; ties into " (m.clusters_spanned) " other clusters" } }
                }
            }
        }
        p class="govuk-body" { a class="govuk-link" href="/network" { "See the whole network" } }
        (source_line())
    })
}

/// `GET /network/organisations/{org}`: one organisation's place in the network the reader
/// may see (the same filters as the network page), its measures in plain words and whom it
/// works with; or, with no tie, that it has none.
pub(crate) async fn organisation(
    State(state): State<AppState>,
    context: RequestContext,
    axum::extract::Path(key): axum::extract::Path<String>,
    params: Params,
) -> Result<Response, WebError> {
    let org = convene_domain::party::OrgRef::parse(&key)
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let name = state
        .store()
        .organisation_name(org)
        .await?
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let (query, view) = asked(&state, &context, &params).await?;
    let place = view.network.orgs.iter().position(|o| *o == org);
    let measures = place.and_then(|i| view.measures.orgs.get(i));
    let partners: Vec<(String, String, u32, String)> = match place {
        Some(i) => view
            .network
            .links
            .iter()
            .filter(|l| l.a == i || l.b == i)
            .map(|l| {
                let other = view.network.orgs[if l.a == i { l.b } else { l.a }];
                (
                    view.name(other),
                    other.page_path(),
                    l.ties,
                    l.kinds
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            })
            .collect(),
        None => Vec::new(),
    };
    let qs = query.query_string();
    let content = html! {
        span class="govuk-caption-l" { "Collaboration network" }
        h1 class="govuk-heading-l" { (name) }
        p class="govuk-body" { a class="govuk-link" href=(org.page_path()) { "Its page" } " · " a class="govuk-link" href=(if qs.is_empty() { "/network".to_string() } else { format!("/network?{qs}") }) { "The whole network" } }
        (source_line())
        @match measures {
            None => {
                p class="govuk-body" { "It has no collaboration, published partnership, published peer review or published placement with another organisation that you can see" (if qs.is_empty() { "" } else { " with these filters" }) "." }
            }
            Some(m) => {
                (crate::pages::components::summary_list(&[
                    ("Connections", crate::pages::components::text(format!("{} organisations it works with directly, by {} ties", m.connections, m.ties))),
                    ("Reach", crate::pages::components::text(format!("{} organisations in one or two steps", m.reach))),
                    ("Betweenness", crate::pages::components::text(format!("{:.3}: its share of the shortest paths between other organisations that pass through it", m.betweenness))),
                    ("Cluster", crate::pages::components::text(format!("Cluster {}, with ties into {} other clusters", m.cluster, m.clusters_spanned))),
                    ("Role", crate::pages::components::text(format!("{}: {}", m.role.label(), m.role.meaning()))),
                ]))
                (table("Whom it works with", &[Column("Organisation", false), Column("Ties", true), Column("Kinds", false)], html! {
                    @for (partner, href, ties, kinds) in &partners {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { a class="govuk-link" href=(href) { (partner) } }
                            td class="govuk-table__cell govuk-table__cell--numeric" { (ties) }
                            td class="govuk-table__cell" { (kinds) }
                        }
                    }
                }))
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        &format!("{name} in the collaboration network"),
        &CRUMBS,
        content,
    )
    .await)
}
