//! The collaboration network: organisations joined by what they have done together in
//! Convene (brokered collaborations, partnerships, peer reviews, loans and interim
//! placements), never by belonging to the same trust. Leaders ask who bridges groups (the
//! spanners and brokers), which clusters form, and who no one reaches at all.
//!
//! The measures come from a maintained graph library (`graphrs`): betweenness by Brandes'
//! algorithm, clusters by Louvain modularity with a fixed seed (the same network always
//! gives the same clusters). What is counted here is only what the reader may see: the
//! caller passes the ties their visibility allows. How to draw it is in [`layout`].

pub mod layout;

use crate::party::OrgRef;
use crate::Date;
use graphrs::algorithms::centrality::betweenness::betweenness_centrality;
use graphrs::algorithms::community::louvain::louvain_communities;
use graphrs::{Edge, Graph, GraphSpecs, Node};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What joins two organisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TieKind {
    /// A collaboration brokered in Convene.
    Collaboration,
    /// Both are members of a partnership.
    Partnership,
    /// One reviewed the other (the host and each reviewing organisation).
    PeerReview,
    /// A loaned leader or interim leadership between them.
    Placement,
}

impl TieKind {
    /// Every kind, in the order filters list them.
    pub const ALL: [TieKind; 4] = [
        TieKind::Collaboration,
        TieKind::Partnership,
        TieKind::PeerReview,
        TieKind::Placement,
    ];

    /// Stable key for addresses and exports.
    pub fn key(self) -> &'static str {
        match self {
            TieKind::Collaboration => "collaboration",
            TieKind::Partnership => "partnership",
            TieKind::PeerReview => "peer_review",
            TieKind::Placement => "placement",
        }
    }

    /// Reads a key from [`TieKind::key`].
    pub fn from_key(key: &str) -> Option<TieKind> {
        TieKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            TieKind::Collaboration => "Brokered collaborations",
            TieKind::Partnership => "Partnerships",
            TieKind::PeerReview => "Peer reviews",
            TieKind::Placement => "Loans and interim placements",
        }
    }
}

/// One thing two organisations did together, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tie {
    /// One side.
    pub a: OrgRef,
    /// The other side.
    pub b: OrgRef,
    /// What joins them.
    pub kind: TieKind,
    /// When it began.
    pub from: Date,
    /// When it ended, if it has.
    pub to: Option<Date>,
}

/// Which ties to count: some kinds only (none named means all), and only those active at
/// some time in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TieFilter {
    /// The kinds to count; empty for every kind.
    pub kinds: BTreeSet<TieKind>,
    /// The period's first day, if any.
    pub from: Option<Date>,
    /// The period's last day, if any.
    pub to: Option<Date>,
}

impl TieFilter {
    /// Whether `tie` is counted: of a chosen kind, and overlapping the period.
    pub fn keeps(&self, tie: &Tie) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&tie.kind))
            && self.to.is_none_or(|to| tie.from <= to)
            && self
                .from
                .is_none_or(|from| tie.to.is_none_or(|end| end >= from))
    }
}

/// Two organisations joined by one or more ties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Link {
    /// One side, by its place in [`Network::orgs`].
    pub a: usize,
    /// The other side.
    pub b: usize,
    /// How many ties join them.
    pub ties: u32,
    /// Of which kinds.
    pub kinds: Vec<TieKind>,
}

/// The network: each organisation with at least one tie, and each linked pair once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Network {
    /// The organisations, in key order.
    pub orgs: Vec<OrgRef>,
    /// The linked pairs.
    pub links: Vec<Link>,
}

impl Network {
    /// The network of the `ties` that `filter` keeps and that touch at least one
    /// organisation `in_scope` accepts (a region, say: ties leaving it still count, so its
    /// bridges to elsewhere show). An organisation tied to itself counts for nothing.
    pub fn build(ties: &[Tie], filter: &TieFilter, in_scope: impl Fn(OrgRef) -> bool) -> Network {
        let mut pairs: BTreeMap<(OrgRef, OrgRef), (u32, BTreeSet<TieKind>)> = BTreeMap::new();
        for tie in ties {
            if tie.a == tie.b || !filter.keeps(tie) || !(in_scope(tie.a) || in_scope(tie.b)) {
                continue;
            }
            let key = (tie.a.min(tie.b), tie.a.max(tie.b));
            let entry = pairs.entry(key).or_default();
            entry.0 += 1;
            entry.1.insert(tie.kind);
        }
        let orgs: Vec<OrgRef> = pairs
            .keys()
            .flat_map(|(a, b)| [*a, *b])
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: BTreeMap<OrgRef, usize> =
            orgs.iter().enumerate().map(|(i, o)| (*o, i)).collect();
        let links = pairs
            .into_iter()
            .map(|((a, b), (ties, kinds))| Link {
                a: index[&a],
                b: index[&b],
                ties,
                kinds: kinds.into_iter().collect(),
            })
            .collect();
        Network { orgs, links }
    }

    /// Each organisation's neighbours, by place.
    fn neighbours(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.orgs.len()];
        for link in &self.links {
            out[link.a].push(link.b);
            out[link.b].push(link.a);
        }
        out
    }
}

/// One organisation's place in the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgMeasures {
    /// The organisation.
    pub org: OrgRef,
    /// How many organisations it works with directly.
    pub connections: u32,
    /// How many ties it has in all (two organisations may be joined more than once).
    pub ties: u32,
    /// How many organisations it reaches in one or two steps: those it works with, and
    /// those they work with.
    pub reach: u32,
    /// Its share, from 0 to 1, of the shortest paths between other pairs of organisations
    /// that pass through it: high for those who bridge groups that would otherwise not be
    /// joined.
    pub betweenness: f64,
    /// Its cluster's number in [`Measures::clusters`].
    pub cluster: usize,
    /// How many other clusters it has ties into.
    pub clusters_spanned: u32,
    /// Its role, in words.
    pub role: Role,
}

/// The role an organisation plays, from its measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Among the tenth with the highest betweenness: many paths between others run
    /// through it.
    Broker,
    /// Ties into two or more other clusters: it spans groups.
    Spanner,
    /// Works within its own cluster.
    Member,
}

impl Role {
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Broker => "Broker",
            Role::Spanner => "Spanner",
            Role::Member => "Member",
        }
    }

    /// What the role means, in a sentence.
    pub fn meaning(self) -> &'static str {
        match self {
            Role::Broker => {
                "Many of the shortest routes between other organisations pass through it: it \
                 joins people who would otherwise not meet."
            }
            Role::Spanner => "It works with organisations in two or more other clusters.",
            Role::Member => "Its work is within its own cluster.",
        }
    }
}

/// A cluster: organisations that work with each other more than with the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cluster {
    /// Its number, from 1, largest first.
    pub number: usize,
    /// Its members, in key order.
    pub members: Vec<OrgRef>,
}

/// Every measure of a network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Measures {
    /// Each organisation's measures, in the network's order.
    pub orgs: Vec<OrgMeasures>,
    /// The clusters, largest first.
    pub clusters: Vec<Cluster>,
    /// How much more the ties fall within clusters than chance would give, from -0.5 to 1
    /// (above 0.3 is a clear cluster structure).
    pub modularity: f64,
    /// How many separate pieces the network is in (organisations with no path between
    /// them are in different pieces).
    pub components: usize,
}

/// The seed clusters are found with, so the same network always gives the same clusters.
pub const CLUSTER_SEED: u64 = 20_240_901;

/// Up to this many organisations, betweenness is exact (the library's Brandes algorithm).
/// Exact betweenness takes time in proportion to organisations times ties: a minute for
/// the whole of England on two cores, so beyond this it is estimated.
pub const EXACT_BETWEENNESS_UP_TO: usize = 3_000;

/// How many organisations the estimate starts its shortest paths from.
pub const PIVOTS: usize = 600;

/// The measures of `network`: connections, ties, reach, betweenness, clusters, the
/// clusters each organisation spans, and its role.
pub fn measure(network: &Network) -> Measures {
    let n = network.orgs.len();
    if n == 0 {
        return Measures::default();
    }
    let graph = to_graph(network);
    let betweenness: HashMap<usize, f64> = if n <= 2 {
        HashMap::new()
    } else if n <= EXACT_BETWEENNESS_UP_TO {
        betweenness_centrality(&graph, false, true).unwrap_or_default()
    } else {
        estimated_betweenness(&network.neighbours(), PIVOTS)
            .into_iter()
            .enumerate()
            .collect()
    };
    let communities: Vec<HashSet<usize>> = if network.links.is_empty() {
        (0..n).map(|i| HashSet::from([i])).collect()
    } else {
        louvain_communities(&graph, false, None, None, Some(CLUSTER_SEED))
            .unwrap_or_else(|_| (0..n).map(|i| HashSet::from([i])).collect())
    };
    let modularity = modularity_of(network, &communities);
    let mut clusters: Vec<Vec<usize>> = communities
        .into_iter()
        .map(|c| {
            let mut members: Vec<usize> = c.into_iter().collect();
            members.sort_unstable();
            members
        })
        .collect();
    clusters.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let mut cluster_of = vec![0; n];
    for (number, members) in clusters.iter().enumerate() {
        for m in members {
            cluster_of[*m] = number;
        }
    }
    let neighbours = network.neighbours();
    let mut ties = vec![0u32; n];
    for link in &network.links {
        ties[link.a] += link.ties;
        ties[link.b] += link.ties;
    }
    let broker_floor = top_tenth(betweenness.values().copied());
    let orgs = (0..n)
        .map(|i| {
            let mut reached: BTreeSet<usize> = BTreeSet::new();
            for j in &neighbours[i] {
                reached.insert(*j);
                reached.extend(neighbours[*j].iter().copied());
            }
            reached.remove(&i);
            let spanned: BTreeSet<usize> = neighbours[i]
                .iter()
                .map(|j| cluster_of[*j])
                .filter(|c| *c != cluster_of[i])
                .collect();
            let between = betweenness.get(&i).copied().unwrap_or(0.0);
            let role = if between > 0.0 && between >= broker_floor {
                Role::Broker
            } else if spanned.len() >= 2 {
                Role::Spanner
            } else {
                Role::Member
            };
            OrgMeasures {
                org: network.orgs[i],
                connections: count(neighbours[i].len()),
                ties: ties[i],
                reach: count(reached.len()),
                betweenness: between,
                cluster: cluster_of[i] + 1,
                clusters_spanned: count(spanned.len()),
                role,
            }
        })
        .collect();
    Measures {
        orgs,
        clusters: clusters
            .into_iter()
            .enumerate()
            .map(|(i, members)| Cluster {
                number: i + 1,
                members: members.into_iter().map(|m| network.orgs[m]).collect(),
            })
            .collect(),
        modularity,
        components: pieces(&neighbours),
    }
}

/// Betweenness estimated from shortest paths out of `pivots` organisations chosen with a
/// fixed seed, scaled up to all (Brandes and Pich, "Centrality estimation in large
/// networks", 2007: the estimator networkx uses when given `k`). Normalised as the exact
/// measure is, so the two can be compared; with every organisation as a pivot it is exact.
/// Written here because no maintained Rust graph library offers the estimate; it is
/// checked against the library's exact values in the tests.
pub fn estimated_betweenness(neighbours: &[Vec<usize>], pivots: usize) -> Vec<f64> {
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    let n = neighbours.len();
    if n <= 2 {
        return vec![0.0; n];
    }
    let mut sources: Vec<usize> = (0..n).collect();
    if pivots < n {
        sources.shuffle(&mut rand_chacha::ChaCha8Rng::seed_from_u64(CLUSTER_SEED));
        sources.truncate(pivots);
    }
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let share = sources.len().div_ceil(threads).max(1);
    let parts: Vec<Vec<f64>> = std::thread::scope(|scope| {
        let running: Vec<_> = sources
            .chunks(share)
            .map(|chunk| scope.spawn(move || dependencies_from(neighbours, chunk)))
            .collect();
        running
            .into_iter()
            .map(|r| r.join().unwrap_or_else(|_| vec![0.0; n]))
            .collect()
    });
    let nf = n as f64;
    let scale = nf / sources.len() as f64 / ((nf - 1.0) * (nf - 2.0));
    (0..n)
        .map(|v| parts.iter().map(|p| p[v]).sum::<f64>() * scale)
        .collect()
}

/// Brandes' accumulation of pair dependencies from each of `sources`, summed.
fn dependencies_from(neighbours: &[Vec<usize>], sources: &[usize]) -> Vec<f64> {
    let n = neighbours.len();
    let mut out = vec![0.0; n];
    let mut dist = vec![u32::MAX; n];
    let mut sigma = vec![0.0f64; n];
    let mut delta = vec![0.0f64; n];
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut queue = std::collections::VecDeque::with_capacity(n);
    for &s in sources {
        for &v in &order {
            dist[v] = u32::MAX;
            sigma[v] = 0.0;
            delta[v] = 0.0;
        }
        order.clear();
        dist[s] = 0;
        sigma[s] = 1.0;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in &neighbours[v] {
                if dist[w] == u32::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                }
            }
        }
        for &w in order.iter().rev() {
            for &v in &neighbours[w] {
                if dist[v] != u32::MAX && dist[v] + 1 == dist[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != s {
                out[w] += delta[w];
            }
        }
    }
    out
}

/// Newman's modularity of a partition, from its formula: for each cluster, the share of
/// links inside it less the square of its share of link ends. The library's own takes
/// seconds on a national network; the tests check this against it.
fn modularity_of(network: &Network, communities: &[HashSet<usize>]) -> f64 {
    let m = network.links.len() as f64;
    if m == 0.0 {
        return 0.0;
    }
    let mut cluster = vec![0usize; network.orgs.len()];
    for (c, members) in communities.iter().enumerate() {
        for v in members {
            cluster[*v] = c;
        }
    }
    let mut inside = vec![0.0f64; communities.len()];
    let mut ends = vec![0.0f64; communities.len()];
    for link in &network.links {
        ends[cluster[link.a]] += 1.0;
        ends[cluster[link.b]] += 1.0;
        if cluster[link.a] == cluster[link.b] {
            inside[cluster[link.a]] += 1.0;
        }
    }
    inside
        .iter()
        .zip(&ends)
        .map(|(l, d)| l / m - (d / (2.0 * m)).powi(2))
        .sum()
}

/// How many separate pieces the network is in, by walking it once. The library's own
/// takes seconds on a national network; the tests check this against it.
fn pieces(neighbours: &[Vec<usize>]) -> usize {
    let mut seen = vec![false; neighbours.len()];
    let mut count = 0;
    let mut stack = Vec::new();
    for start in 0..neighbours.len() {
        if seen[start] {
            continue;
        }
        count += 1;
        seen[start] = true;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &w in &neighbours[v] {
                if !seen[w] {
                    seen[w] = true;
                    stack.push(w);
                }
            }
        }
    }
    count
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The betweenness at or above which an organisation is in the top tenth.
fn top_tenth(values: impl Iterator<Item = f64>) -> f64 {
    let mut all: Vec<f64> = values.filter(|v| *v > 0.0).collect();
    if all.is_empty() {
        return f64::INFINITY;
    }
    all.sort_by(|a, b| b.total_cmp(a));
    all[(all.len() - 1) / 10]
}

fn to_graph(network: &Network) -> Graph<usize, ()> {
    let nodes = (0..network.orgs.len()).map(Node::from_name).collect();
    let edges = network
        .links
        .iter()
        .map(|l| Edge::with_weight(l.a, l.b, f64::from(l.ties)))
        .collect();
    Graph::new_from_nodes_and_edges(nodes, edges, GraphSpecs::undirected())
        .unwrap_or_else(|_| Graph::new(GraphSpecs::undirected()))
}

#[cfg(test)]
mod tests;
