//! What brokerage pages and the API share: reading ranking controls from a query string,
//! ranking a need against the data now shown and Convene's own records, and the checks on
//! who may act for a need, an offer or an introduction. Pages live in
//! `pages/brokerage/`, the JSON API in `api/brokerage.rs`.

use crate::access::RequestContext;
use crate::params::Params;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::Viewer;
use convene_domain::brokerage::ranking::MAX_WEIGHT;
use convene_domain::brokerage::{
    rank, Candidate, CompetitionPolicy, EvidenceIndex, FactorKind, Market, Need, NeedId, Offer,
    OfferId, PostingForm, Ranking, RankingNeed, Weights,
};
use convene_domain::party::OrgRef;
use std::sync::Arc;

/// A ranking with what is needed to put it into words.
pub(crate) struct NeedRanking {
    /// The ranking.
    pub ranking: Ranking,
    /// The evidence it was made from.
    pub evidence: Arc<EvidenceIndex>,
    /// Convene's records it used.
    pub market: Market,
}

/// Reads `w_<factor>` (0 to 100) and `competition` from a query string, defaulting each.
pub(crate) fn ranking_controls(params: &Params) -> Result<(Weights, CompetitionPolicy), WebError> {
    let mut weights = Weights::default();
    for kind in FactorKind::ALL {
        let name = format!("w_{}", kind.key());
        if let Some(text) = params.get(&name) {
            let value: f64 = text
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite())
                .ok_or_else(|| {
                    WebError::BadRequest(format!(
                        "{name} must be a number from 0 to {MAX_WEIGHT:.0}, not \"{text}\"."
                    ))
                })?;
            if !(0.0..=MAX_WEIGHT).contains(&value) {
                return Err(WebError::BadRequest(format!(
                    "{name} must be from 0 to {MAX_WEIGHT:.0}."
                )));
            }
            weights.set(kind, value);
        }
    }
    let policy = match params.get("competition") {
        None => CompetitionPolicy::default(),
        Some(key) => CompetitionPolicy::from_key(key).ok_or_else(|| {
            WebError::BadRequest(format!(
                "competition must be one of {}, not \"{key}\".",
                CompetitionPolicy::ALL.map(|p| p.key()).join(", ")
            ))
        })?,
    };
    Ok((weights, policy))
}

/// The query string that reproduces `weights` and `policy`.
pub(crate) fn controls_query(weights: &Weights, policy: CompetitionPolicy) -> String {
    let mut pairs: Vec<String> = FactorKind::ALL
        .iter()
        .map(|k| format!("w_{}={}", k.key(), weights.of(*k)))
        .collect();
    pairs.push(format!("competition={}", policy.key()));
    pairs.join("&")
}

/// Ranks every candidate for a need, counting the offers the person asking may see.
pub(crate) async fn rank_need(
    state: &AppState,
    context: &RequestContext,
    need: &Need,
    weights: Weights,
    policy: CompetitionPolicy,
) -> Result<NeedRanking, WebError> {
    let analysis = state.analysis().await?;
    let evidence = state.evidence().await?;
    let store = state.store();
    let market = Market {
        offers: store.offer_capacities(&context.actor.read_scope()).await?,
        track: store.track_records().await?,
        relationships: store.relationships_of(need.owner.org).await?,
        partner_names: store.partner_names().await?,
    };
    let ranking_need = RankingNeed {
        owner: need.owner.org,
        area: need.area,
        form: need.form,
        days: need.days,
        reach: need.reach,
        from: need.from,
        to: need.to,
        schools: need.schools.clone(),
    };
    let evidence_for_ranking = Arc::clone(&evidence);
    let ranking = tokio::task::spawn_blocking({
        let market = market.clone();
        move || {
            rank(
                &ranking_need,
                weights,
                policy,
                &evidence_for_ranking,
                &analysis,
                &market,
            )
        }
    })
    .await
    .map_err(|e| WebError::internal(format!("ranking failed: {e}")))?;
    Ok(NeedRanking {
        ranking,
        evidence,
        market,
    })
}

/// Whether the person acts for (is an approved member of) `org`.
pub(crate) fn acts_for(viewer: &Viewer, org: OrgRef) -> bool {
    viewer.belongs_to(org)
}

/// A need the person may see, or "not found" (whether it does not exist or is hidden).
pub(crate) async fn visible_need(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Need, WebError> {
    let not_found = || WebError::NotFound("There is no such need, or you cannot see it.".into());
    let id = NeedId(id.parse().map_err(|_| not_found())?);
    state
        .store()
        .need(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)
}

/// A need the person may see and acts for (to rank, ask introductions, close); otherwise
/// "not found" or "forbidden". The ranking of a confidential need is for its organisation.
pub(crate) async fn own_need(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Need, WebError> {
    let need = visible_need(state, context, id).await?;
    let viewer = context.viewer()?;
    if acts_for(viewer, need.owner.org) || need.author == Some(viewer.id) {
        Ok(need)
    } else {
        Err(WebError::Forbidden(format!(
            "Only people who act for {} can see who is best placed or ask for introductions.",
            need.owner.name
        )))
    }
}

/// An offer the person may see.
pub(crate) async fn visible_offer(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Offer, WebError> {
    let not_found = || WebError::NotFound("There is no such offer, or you cannot see it.".into());
    let id = OfferId(id.parse().map_err(|_| not_found())?);
    state
        .store()
        .offer(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)
}

/// An offer the person may see and change (acting for its organisation).
pub(crate) async fn own_offer(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Offer, WebError> {
    let offer = visible_offer(state, context, id).await?;
    if acts_for(context.viewer()?, offer.owner.org) {
        Ok(offer)
    } else {
        Err(WebError::Forbidden(format!(
            "Only people who act for {} can change this offer.",
            offer.owner.name
        )))
    }
}

/// Checks that the schools a need names are open schools of its organisation (a school's
/// need may name only itself), returning the problem in words.
pub(crate) async fn check_need_schools(
    state: &AppState,
    owner: OrgRef,
    schools: &[convene_domain::Urn],
) -> Result<Option<String>, WebError> {
    if schools.is_empty() {
        return Ok(None);
    }
    let analysis = state.analysis().await?;
    for urn in schools {
        let belongs = match owner {
            OrgRef::School(own) => own == *urn,
            OrgRef::Trust(uid) => analysis.trust_of(*urn) == Some(uid),
            OrgRef::Partner(_) => false,
        };
        if !belongs {
            return Ok(Some(format!(
                "URN {} is not an open school of the organisation this need is for",
                urn.0
            )));
        }
    }
    Ok(None)
}

/// Reads a posting form's fields from name/value pairs (a form, or JSON turned into
/// pairs). Organisation keys to share with that cannot be read are returned beside it, so
/// the form can say which.
pub(crate) fn posting_form(
    get: impl Fn(&str) -> String,
    all: impl Fn(&str) -> Vec<String>,
) -> (PostingForm, Vec<String>) {
    let split = |name: &str| -> Vec<String> {
        all(name)
            .iter()
            .flat_map(|s| {
                s.split([',', ' ', '\n'])
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|s| !s.trim().is_empty())
            .collect()
    };
    let mut unreadable = Vec::new();
    let mut shared_with = std::collections::BTreeSet::new();
    for key in split("share") {
        match OrgRef::parse(&key) {
            Some(org) => {
                shared_with.insert(org);
            }
            None => unreadable.push(key),
        }
    }
    let form = PostingForm {
        owner: get("owner"),
        area: get("area"),
        form: get("form"),
        role: get("role"),
        description: get("description"),
        from: get("from"),
        to: get("to"),
        days: get("days"),
        reach: get("reach"),
        within_km: get("within_km"),
        level: get("visibility"),
        shared_with,
        schools: split("schools"),
    };
    (form, unreadable)
}

/// The reasons stored with an introduction and shown to both sides: the candidate's score
/// and each factor that counted, in words. For a confidential need, similar context and
/// distance are given in numbers only, because their summaries name the schools in need
/// and so would tell the candidate who asked before it has agreed to help.
pub(crate) fn introduction_reasons(candidate: &Candidate, need_confidential: bool) -> String {
    let mut parts = vec![format!(
        "Score {:.0} out of 100{}",
        candidate.score,
        if candidate.down_weighted {
            ", halved as a possible competitor"
        } else {
            ""
        }
    )];
    for factor in candidate.factors.iter().filter(|f| f.weight > 0.0) {
        let words = match (need_confidential, factor.kind) {
            (true, FactorKind::Context) => format!(
                "closeness {:.2} to the schools in need, averaged over them",
                factor.value
            ),
            (true, FactorKind::Distance) => format!(
                "{:.2} on a scale where 1 is next door and 0 is at the need's limit",
                factor.value
            ),
            _ => factor.summary.clone(),
        };
        parts.push(format!(
            "{}: {words} ({:.1} points)",
            factor.kind.label(),
            factor.points
        ));
    }
    parts.join(". ")
}
