//! What the policy-voice pages and API share: finding a call, who may read its responses
//! and with whose names, the population a call's respondents are compared with (every
//! open school and trust in England, or in the call's regions, profiled from the
//! published data), whose voices were heard, and, for a group, the people chosen against
//! those put forward.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::organisation::{School, Status};
use convene_domain::party::OrgRef;
use convene_domain::policy_voice::representation::{school_profile, trust_profile, Profile};
use convene_domain::policy_voice::{representation, Call, CallId, Representation, Response};
use convene_domain::GroupUid;
use std::collections::{BTreeMap, BTreeSet};

/// Call `id`, or "not found".
pub(crate) async fn found_call(state: &AppState, id: &str) -> Result<Call, WebError> {
    let missing = || WebError::NotFound("There is no such call for input.".into());
    let id = CallId(id.parse().map_err(|_| missing())?);
    state.store().call(id).await?.ok_or_else(missing)
}

/// The responses to `call` the reader may read: all of them (named or not, as the call
/// says) or only their own organisations'.
pub(crate) async fn readable_responses(
    state: &AppState,
    context: &RequestContext,
    call: &Call,
) -> Result<Vec<Response>, WebError> {
    let viewer = context.actor.viewer();
    let (all, named) = call.reads_responses(viewer);
    let own: Vec<OrgRef> = viewer
        .map(|v| v.organisations.keys().copied().collect())
        .unwrap_or_default();
    Ok(state
        .store()
        .call_responses(call, all, named || !all, &own)
        .await?)
}

/// Every open school and academy trust the call wants to hear from (England, or those
/// with a school in its regions), profiled from the published data.
pub(crate) fn population(analysis: &SystemAnalysis, call: &Call) -> Vec<Profile> {
    let wanted = |s: &School| {
        call.draft.regions.is_empty() || s.region.is_some_and(|r| call.draft.regions.contains(&r))
    };
    let mut trusts: BTreeMap<GroupUid, Vec<&School>> = BTreeMap::new();
    let mut profiles = Vec::new();
    let open: Vec<&School> = analysis
        .schools()
        .filter(|s| s.status == Status::Open)
        .collect();
    for s in &open {
        if let Some(uid) = analysis.trust_of(s.urn) {
            trusts.entry(uid).or_default().push(s);
        }
    }
    for s in open.iter().filter(|s| wanted(s)) {
        let size = analysis
            .trust_of(s.urn)
            .map(|uid| trusts.get(&uid).map_or(0, Vec::len));
        profiles.push(school_profile(s, size));
    }
    for (uid, schools) in &trusts {
        if schools.iter().any(|s| wanted(s)) {
            profiles.push(trust_profile(OrgRef::Trust(*uid), schools));
        }
    }
    profiles
}

/// Whose voices were heard in `call`: its respondents against its population.
pub(crate) async fn heard(state: &AppState, call: &Call) -> Result<Representation, WebError> {
    let analysis = state.analysis().await?;
    let respondents: BTreeSet<OrgRef> = state
        .store()
        .call_respondents(call.id)
        .await?
        .into_iter()
        .map(|o| o.org)
        .collect();
    Ok(representation(&population(&analysis, call), &respondents))
}

/// For a group's call: the organisations whose people were chosen against those who put
/// someone forward, so selection is visible.
pub(crate) async fn selection(
    state: &AppState,
    call: &Call,
) -> Result<Option<Representation>, WebError> {
    if !call.draft.kind.seats_people() {
        return Ok(None);
    }
    let analysis = state.analysis().await?;
    let applied: BTreeSet<OrgRef> = state
        .store()
        .call_respondents(call.id)
        .await?
        .into_iter()
        .map(|o| o.org)
        .collect();
    let chosen: BTreeSet<OrgRef> = state
        .store()
        .chosen_for_group(call.id)
        .await?
        .into_iter()
        .collect();
    let applicants: Vec<Profile> = population(&analysis, call)
        .into_iter()
        .filter(|p| applied.contains(&p.org))
        .collect();
    Ok(Some(representation(&applicants, &chosen)))
}

/// The organisations in a gap (its groups) that have not responded, for the convener's
/// reminder list, at most `limit`.
pub(crate) fn not_yet_heard(
    population: &[Profile],
    respondents: &BTreeSet<OrgRef>,
    gap: &convene_domain::policy_voice::representation::Gap,
    limit: usize,
) -> Vec<OrgRef> {
    population
        .iter()
        .filter(|p| p.kind == gap.kind && !respondents.contains(&p.org))
        .filter(|p| gap.groups.iter().all(|(d, g)| p.group(*d) == g))
        .map(|p| p.org)
        .take(limit)
        .collect()
}
