//! What the policy-voice pages and API share: finding a call, who may read its responses
//! and with whose names, the population a call's respondents are compared with (every
//! open school and trust in England, or in the call's regions, profiled from the
//! published data), whose voices were heard, and, for a group, the people chosen against
//! those put forward.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::party::OrgRef;
use convene_domain::policy_voice::representation::{self, Profile};
use convene_domain::policy_voice::{Call, CallId, Representation, Response};
use std::collections::BTreeSet;

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

/// The organisations that responded to `call` (never joined to what they said).
pub(crate) async fn respondents(
    state: &AppState,
    call: &Call,
) -> Result<BTreeSet<OrgRef>, WebError> {
    Ok(state
        .store()
        .call_respondents(call.id)
        .await?
        .into_iter()
        .map(|o| o.org)
        .collect())
}

/// Every open school and academy trust the call wants to hear from, profiled.
fn population(analysis: &SystemAnalysis, call: &Call) -> Vec<Profile> {
    representation::population(analysis, &call.draft.regions)
}

/// A call's population, its respondents and whose voices were heard, worked out once for
/// a request that needs more than the figures.
pub(crate) struct Hearing {
    /// Every open school and trust of the call's area, profiled.
    population: Vec<Profile>,
    /// The organisations that responded.
    respondents: BTreeSet<OrgRef>,
    /// The respondents against the population.
    pub(crate) heard: Representation,
}

/// Whose voices were heard in `call`, with what it was worked out from.
pub(crate) async fn hearing(state: &AppState, call: &Call) -> Result<Hearing, WebError> {
    let analysis = state.analysis().await?;
    let population = population(&analysis, call);
    let respondents = respondents(state, call).await?;
    let heard = representation::representation(&population, &respondents);
    Ok(Hearing {
        population,
        respondents,
        heard,
    })
}

/// Whose voices were heard in `call`: its respondents against its population.
pub(crate) async fn heard(state: &AppState, call: &Call) -> Result<Representation, WebError> {
    Ok(hearing(state, call).await?.heard)
}

impl Hearing {
    /// For a group's call: the organisations whose people were chosen against those who
    /// put someone forward, so selection is visible.
    pub(crate) async fn selection(
        &self,
        state: &AppState,
        call: &Call,
    ) -> Result<Option<Representation>, WebError> {
        if !call.draft.kind.seats_people() {
            return Ok(None);
        }
        let chosen: BTreeSet<OrgRef> = state
            .store()
            .chosen_for_group(call.id)
            .await?
            .into_iter()
            .collect();
        let applicants: Vec<Profile> = self
            .population
            .iter()
            .filter(|p| self.respondents.contains(&p.org))
            .cloned()
            .collect();
        Ok(Some(representation::representation(&applicants, &chosen)))
    }

    /// The organisations in `gap` (its groups) that have not responded, for the convener's
    /// reminder list, at most `limit`.
    pub(crate) fn not_yet_heard(
        &self,
        gap: &convene_domain::policy_voice::representation::Gap,
        limit: usize,
    ) -> Vec<OrgRef> {
        self.population
            .iter()
            .filter(|p| p.kind == gap.kind && !self.respondents.contains(&p.org))
            .filter(|p| gap.groups.iter().all(|(d, g)| p.group(*d) == g))
            .map(|p| p.org)
            .take(limit)
            .collect()
    }
}
