//! `/api/v1/trusts/{uid}/profile` and `/api/v1/schools/{urn}/family`: the trust profile
//! against the national picture with its similar trusts, and a school's family of similar
//! schools, as JSON with the same numbers the pages show.

use crate::lookup::{self, TrustRef};
use crate::pages::public::family::{family_of, requested_size};
use crate::state::AppState;
use crate::WebError;
use axum::extract::Query;
use axum::extract::{Path, State};
use axum::Json;
use convene_domain::similarity::{compare_judgements, latest_overall, JudgementComparison};
use serde_json::{json, Value};
use std::collections::HashMap;

/// `GET /api/v1/trusts/{uid}/profile`.
pub(crate) async fn trust_profile(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<Value>, WebError> {
    let (TrustRef::Uid(uid) | TrustRef::GroupId(uid)) =
        lookup::trust_ref(state.store(), &raw).await?;
    let analysis = state.analysis().await?;
    let profile = analysis.profile(uid).ok_or_else(|| {
        WebError::NotFound(format!(
            "Group {uid} has no profile: only open academy trusts with open schools have one."
        ))
    })?;
    let similar: Vec<Value> = analysis
        .similar_trusts(uid)
        .map(|family| {
            family
                .neighbours
                .iter()
                .map(|n| {
                    json!({
                        "uid": n.uid,
                        "name": analysis.group_name(n.uid),
                        "distance": n.distance,
                        "contributions": n.contributions,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Json(json!({
        "uid": uid,
        "name": analysis.group_name(uid),
        "profile": profile,
        "standings": analysis.national().standings(profile),
        "trusts_compared": analysis.national().trusts,
        "similar_trusts": similar,
    })))
}

/// `GET /api/v1/schools/{urn}/family`.
pub(crate) async fn school_family(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Json<Value>, WebError> {
    let analysis = state.analysis().await?;
    let size = requested_size(&query, analysis.family_index().family_size())?;
    let (school, family) = family_of(&analysis, &raw, size)?;
    let neighbours: Vec<Value> = family
        .neighbours
        .iter()
        .filter_map(|n| analysis.school(n.urn).map(|s| (n, s)))
        .map(|(n, s)| {
            json!({
                "urn": n.urn,
                "name": s.name,
                "trust_uid": analysis.trust_of(n.urn),
                "distance": n.distance,
                "contributions": n.contributions,
                "ofsted_overall": latest_overall(s).map(|j| j.key()),
                "ofsted_inspection_date": s.ofsted.as_ref().and_then(|o| o.inspection_date),
                "does_better": compare_judgements(&school, s) == JudgementComparison::Better,
                "ks2": s.ks2,
                "ks4": s.ks4,
            })
        })
        .collect();
    Ok(Json(json!({
        "urn": school.urn,
        "name": school.name,
        "phase": family.phase,
        "imputed": family.imputed,
        "ofsted_overall": latest_overall(&school).map(|j| j.key()),
        "ks2": school.ks2,
        "ks4": school.ks4,
        "neighbours": neighbours,
    })))
}
