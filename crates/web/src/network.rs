//! What the network pages and API share: reading the filters (region, period, kinds of
//! tie), the ties the reader may see (the store applies each kind's visibility), the
//! network and its measures, names and map positions for its organisations, and the open
//! trusts and schools with no tie at all, by region, with their context. Pages live in
//! `pages/evidence/network.rs`; the API in `api/network.rs`.

use crate::access::RequestContext;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use convene_domain::evidence::network::{measure, Measures, Network, TieFilter, TieKind};
use convene_domain::ids::{GroupUid, Urn};
use convene_domain::judgement::Judgement;
use convene_domain::organisation::GridReference;
use convene_domain::organisation::{GroupKind, Status};
use convene_domain::party::OrgRef;
use convene_domain::place::Region;
use convene_domain::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The filters, as asked.
#[derive(Debug, Clone, Default)]
pub(crate) struct NetworkQuery {
    /// Only ties touching this region's organisations.
    pub region: Option<Region>,
    /// Kinds, from, to.
    pub filter: TieFilter,
}

impl NetworkQuery {
    /// Reads `region`, `from`, `to` and any number of `kind` parameters, refusing in words
    /// anything that is not one of their values.
    pub(crate) fn from_params(params: &Params) -> Result<NetworkQuery, WebError> {
        let region = params.region()?;
        let date = |name: &str| -> Result<Option<Date>, WebError> {
            params
                .get(name)
                .map(|text| {
                    Date::parse(text).ok_or_else(|| {
                        WebError::BadRequest(format!(
                            "{name} must be a date written yyyy-mm-dd, not \"{text}\"."
                        ))
                    })
                })
                .transpose()
        };
        let from = date("from")?;
        let to = date("to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if t < f {
                return Err(WebError::BadRequest("to must be on or after from.".into()));
            }
        }
        let mut kinds = BTreeSet::new();
        for key in params.all("kind") {
            kinds.insert(TieKind::from_key(key).ok_or_else(|| {
                WebError::BadRequest(format!(
                    "kind must be one of {}, not \"{key}\".",
                    TieKind::ALL.map(|k| k.key()).join(", ")
                ))
            })?);
        }
        Ok(NetworkQuery {
            region,
            filter: TieFilter { kinds, from, to },
        })
    }

    /// The query string that asks for the same filters (for links and downloads).
    pub(crate) fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(r) = self.region {
            parts.push(format!("region={}", r.slug()));
        }
        if let Some(f) = self.filter.from {
            parts.push(format!("from={f}"));
        }
        if let Some(t) = self.filter.to {
            parts.push(format!("to={t}"));
        }
        for k in &self.filter.kinds {
            parts.push(format!("kind={}", k.key()));
        }
        parts.join("&")
    }
}

/// What is known of an organisation for the network's pages.
#[derive(Debug, Clone)]
pub(crate) struct OrgFacts {
    /// Its name.
    pub name: String,
    /// Its regions (a trust's are its schools').
    pub regions: Vec<Region>,
    /// Where it is on the map (a trust at the middle of its schools).
    pub location: Option<GridReference>,
    /// Its page.
    pub href: String,
}

/// The network as the reader may see it, measured.
pub(crate) struct NetworkView {
    /// The network.
    pub network: Network,
    /// Its measures.
    pub measures: Measures,
    /// What is known of each organisation in it.
    pub facts: HashMap<OrgRef, OrgFacts>,
}

impl NetworkView {
    /// An organisation's name, or its key if Convene does not know it.
    pub(crate) fn name(&self, org: OrgRef) -> String {
        self.facts
            .get(&org)
            .map_or_else(|| org.key(), |f| f.name.clone())
    }
}

/// The network of the ties the reader may see, filtered and measured, with names and
/// places for every organisation in it.
pub(crate) async fn network_view(
    state: &AppState,
    context: &RequestContext,
    query: &NetworkQuery,
) -> Result<NetworkView, WebError> {
    let ties = state
        .store()
        .network_ties(&context.actor.read_scope())
        .await?;
    let mut orgs: BTreeSet<OrgRef> = BTreeSet::new();
    for t in &ties {
        orgs.insert(t.a);
        orgs.insert(t.b);
    }
    let facts = facts_of(state, &orgs).await?;
    let region = query.region;
    let network = Network::build(&ties, &query.filter, |org| {
        region.is_none_or(|r| facts.get(&org).is_some_and(|f| f.regions.contains(&r)))
    });
    let measures = measure(&network);
    Ok(NetworkView {
        network,
        measures,
        facts,
    })
}

/// Names, regions, places and pages of `orgs`.
async fn facts_of(
    state: &AppState,
    orgs: &BTreeSet<OrgRef>,
) -> Result<HashMap<OrgRef, OrgFacts>, WebError> {
    let index = state.search_index().await?;
    let analysis = state.analysis().await?;
    let located: HashMap<Urn, GridReference> = analysis
        .schools()
        .filter_map(|s| s.location.map(|l| (s.urn, l)))
        .collect();
    let wanted_trusts: BTreeSet<GroupUid> = orgs
        .iter()
        .filter_map(|o| match o {
            OrgRef::Trust(uid) => Some(*uid),
            _ => None,
        })
        .collect();
    let mut trust_points: BTreeMap<GroupUid, (i64, i64, i64)> = BTreeMap::new();
    let mut trust_regions: BTreeMap<GroupUid, BTreeSet<Region>> = BTreeMap::new();
    let mut out = HashMap::new();
    for s in index.all_schools(&Default::default(), u32::MAX) {
        let org = OrgRef::School(s.urn);
        if let Some(uid) = s.trust_uid.filter(|u| wanted_trusts.contains(u)) {
            if let Some(l) = located.get(&s.urn) {
                let e = trust_points.entry(uid).or_default();
                e.0 += l.easting;
                e.1 += l.northing;
                e.2 += 1;
            }
            trust_regions.entry(uid).or_default().extend(s.region);
        }
        if orgs.contains(&org) {
            out.insert(
                org,
                OrgFacts {
                    name: s.name.clone(),
                    regions: s.region.into_iter().collect(),
                    location: located.get(&s.urn).copied(),
                    href: org.page_path(),
                },
            );
        }
    }
    for t in index.all_trusts(&Default::default(), u32::MAX) {
        let org = OrgRef::Trust(t.uid);
        if orgs.contains(&org) {
            let location = trust_points.get(&t.uid).map(|(e, n, c)| GridReference {
                easting: e / c,
                northing: n / c,
            });
            out.insert(
                org,
                OrgFacts {
                    name: t.name.clone(),
                    regions: trust_regions
                        .get(&t.uid)
                        .map(|r| r.iter().copied().collect())
                        .unwrap_or_default(),
                    location,
                    href: org.page_path(),
                },
            );
        }
    }
    let partners = state.store().partner_names().await?;
    for org in orgs {
        if let OrgRef::Partner(id) = org {
            out.insert(
                *org,
                OrgFacts {
                    name: partners.get(id).cloned().unwrap_or_else(|| org.key()),
                    regions: Vec::new(),
                    location: None,
                    href: org.page_path(),
                },
            );
        }
    }
    Ok(out)
}

/// An open trust or school with no tie at all, with the context that shows whether the
/// isolated are those most in need.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Isolated {
    /// The organisation.
    #[schema(value_type = String)]
    pub org: OrgRef,
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: Option<String>,
    /// For a school, its phase; for a trust, its kind.
    pub kind: String,
    /// Pupils (a trust's are its schools').
    pub pupils: Option<i64>,
    /// A school's share of pupils eligible for free school meals, per cent (census).
    pub fsm_percent: Option<f64>,
    /// A school's latest Ofsted overall judgement, where it has one.
    pub ofsted: Option<String>,
}

/// Every open school and open multi-academy trust with no tie in `network`, in `region`
/// if given, by name.
pub(crate) async fn isolated(
    state: &AppState,
    network: &Network,
    region: Option<Region>,
) -> Result<Vec<Isolated>, WebError> {
    let index = state.search_index().await?;
    let tied: BTreeSet<OrgRef> = network.orgs.iter().copied().collect();
    let open = |s: Status| matches!(s, Status::Open | Status::OpenProposedToClose);
    let mut out = Vec::new();
    let mut trust_regions: BTreeMap<GroupUid, BTreeSet<Region>> = BTreeMap::new();
    for s in index.all_schools(&Default::default(), u32::MAX) {
        let org = OrgRef::School(s.urn);
        if let (Some(uid), true) = (s.trust_uid, open(s.status)) {
            trust_regions.entry(uid).or_default().extend(s.region);
        }
        if !open(s.status) || tied.contains(&org) || region.is_some_and(|r| s.region != Some(r)) {
            continue;
        }
        out.push(Isolated {
            org,
            name: s.name.clone(),
            region: s.region.map(|r| r.name().to_string()),
            kind: s.phase.label().to_string(),
            pupils: s.pupils,
            fsm_percent: s.fsm_percent,
            ofsted: s.ofsted_overall.map(|j: Judgement| j.label().to_string()),
        });
    }
    let none = BTreeSet::new();
    for t in index.all_trusts(&Default::default(), u32::MAX) {
        let org = OrgRef::Trust(t.uid);
        let regions = trust_regions.get(&t.uid).unwrap_or(&none);
        if !open(t.status)
            || t.kind != GroupKind::MultiAcademyTrust
            || tied.contains(&org)
            || region.is_some_and(|r| !regions.contains(&r))
        {
            continue;
        }
        out.push(Isolated {
            org,
            name: t.name.clone(),
            region: regions.iter().next().map(|r| r.name().to_string()),
            kind: t.kind.label().to_string(),
            pupils: i64::try_from(t.pupils).ok(),
            fsm_percent: None,
            ofsted: None,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
