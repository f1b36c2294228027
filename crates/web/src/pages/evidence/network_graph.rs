//! The collaboration network drawn as a graph: each organisation a dot placed by the
//! domain's force-directed layout (`evidence::network::layout`), coloured by its cluster,
//! sized by its connections, ringed when it is a broker, with a line for each pair working
//! together. Every dot is a link to the organisation's place in the network and names it
//! with its measures; `/assets/convene-graph.js` lights up a dot's ties when it is pointed
//! at or focused. The page works without the script, and the tables below it say the same
//! in words.

use crate::network::NetworkView;
use convene_domain::evidence::network::layout::{layout, ROUNDS};
use convene_domain::evidence::network::{OrgMeasures, Role};
use maud::{html, Markup};

/// Most organisations drawn: beyond this the picture is a blur and the layout slow.
pub(crate) const MAX_DRAWN: usize = 200;

/// How many of the best connected are labelled by name.
const LABELLED: usize = 12;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 480.0;

/// Cluster colours (GOV.UK's palette), repeating after ten clusters.
const CLUSTER_COLOURS: [&str; 10] = [
    "#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#f47738", "#28a197", "#912b88", "#85994b",
    "#b58840", "#5694ca",
];

/// The graph of `view`, or nothing when it has no organisations.
pub(crate) fn graph(id: &str, view: &NetworkView) -> Markup {
    let measures = &view.measures.orgs;
    if measures.is_empty() {
        return html! {};
    }
    let mut drawn: Vec<usize> = (0..measures.len()).collect();
    drawn.sort_by(|&a, &b| {
        measures[b]
            .connections
            .cmp(&measures[a].connections)
            .then(measures[b].ties.cmp(&measures[a].ties))
            .then(a.cmp(&b))
    });
    drawn.truncate(MAX_DRAWN);
    let labelled: Vec<usize> = drawn.iter().copied().take(LABELLED).collect();
    drawn.sort_unstable();
    let place = |i: usize| drawn.binary_search(&i).ok();
    let edges: Vec<(usize, usize, f64)> = view
        .network
        .links
        .iter()
        .filter_map(|l| Some((place(l.a)?, place(l.b)?, f64::from(l.ties))))
        .collect();
    let at = layout(drawn.len(), &edges, ROUNDS);
    let point = |n: usize| (at[n].x * WIDTH, at[n].y * HEIGHT);
    let name = |i: usize| view.name(view.network.orgs[i]);
    let left_out = measures.len() - drawn.len();
    html! {
        figure class="convene-graph" id=(id) data-network-graph {
            svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width=(WIDTH) height=(HEIGHT) role="group" aria-label="The collaboration network as a graph: each organisation a dot, a line for each pair working together" {
                g class="convene-graph__edges" {
                    @for &(a, b, ties) in &edges {
                        @let (x1, y1) = point(a);
                        @let (x2, y2) = point(b);
                        line x1=(format!("{x1:.1}")) y1=(format!("{y1:.1}")) x2=(format!("{x2:.1}")) y2=(format!("{y2:.1}")) stroke="#505a5f" stroke-opacity="0.45" stroke-width=(format!("{:.1}", 0.8 + ties.min(5.0) * 0.4)) data-a=(a) data-b=(b) {}
                    }
                }
                @for (n, &i) in drawn.iter().enumerate() {
                    @let m = &measures[i];
                    @let (x, y) = point(n);
                    a href=(format!("/network/organisations/{}", m.org.key())) data-node=(n) aria-label=(describe(&name(i), m)) {
                        title { (describe(&name(i), m)) }
                        circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r=(format!("{:.1}", radius(m))) fill=(CLUSTER_COLOURS[m.cluster % CLUSTER_COLOURS.len()]) stroke=(if m.role == Role::Broker { "#0b0c0c" } else { "#ffffff" }) stroke-width=(if m.role == Role::Broker { "2.5" } else { "1" }) {}
                    }
                }
                @for &i in &labelled {
                    @let n = place(i).unwrap_or_default();
                    @let (x, y) = point(n);
                    text x=(format!("{:.1}", x + radius(&measures[i]) + 3.0)) y=(format!("{:.1}", y + 4.0)) class="convene-graph__label" aria-hidden="true" { (short(&name(i))) }
                }
            }
            figcaption class="govuk-body-s" {
                "Each dot is an organisation, coloured by its cluster and sized by how many it works with; a dark ring marks a broker. Point at or tab to a dot to light up its ties, and choose it to see its place in the network."
                @if left_out > 0 { " The " (drawn.len()) " best connected are drawn; " (left_out) " more are in the tables below." }
            }
        }
        script type="module" src="/assets/convene-graph.js" {}
    }
}

fn radius(m: &OrgMeasures) -> f64 {
    (3.5 + 1.6 * f64::from(m.connections).sqrt()).min(14.0)
}

fn describe(name: &str, m: &OrgMeasures) -> String {
    format!(
        "{name}: {}, {} connections, reach {}, cluster {}",
        m.role.label().to_lowercase(),
        m.connections,
        m.reach,
        m.cluster
    )
}

fn short(name: &str) -> String {
    if name.chars().count() <= 26 {
        name.to_string()
    } else {
        format!("{}…", name.chars().take(25).collect::<String>())
    }
}
