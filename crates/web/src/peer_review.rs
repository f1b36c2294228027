//! What peer review pages share: finding a round, who may see its volunteers (the
//! convener's people and the volunteers'; a volunteer's focus areas hint at what it wants
//! to improve, so no one else sees them), and the optimiser's input for a round built
//! from the same public evidence brokerage uses. Pages live in `pages/peer_review/`.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::relations::{relations_from_evidence, strengths_from_evidence};
use convene_domain::peer_review::round_setup::{ReviewRound, RoundId, RoundVolunteer};
use convene_domain::peer_review::{GroupingWeights, RoundInput, RoundRules, Volunteer};

/// A round, its volunteers, and what the reader may do with it.
pub(crate) struct SeenRound {
    /// The round.
    pub round: ReviewRound,
    /// Its volunteers, in the order they joined.
    pub volunteers: Vec<RoundVolunteer>,
    /// Whether the reader acts for the convener.
    pub convenes: bool,
    /// The reader's organisations that volunteered.
    pub volunteering: Vec<OrgRef>,
}

impl SeenRound {
    /// Whether the reader may see who volunteered and their focus areas.
    pub fn sees_volunteers(&self) -> bool {
        self.convenes || !self.volunteering.is_empty()
    }
}

/// The round numbered `id`, or "not found".
pub(crate) async fn round(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<SeenRound, WebError> {
    let not_found = || WebError::NotFound("There is no such review round.".into());
    let id = RoundId(id.parse().map_err(|_| not_found())?);
    let round = state
        .store()
        .review_round(id)
        .await?
        .ok_or_else(not_found)?;
    let volunteers = state.store().round_volunteers(id).await?;
    let viewer = context.actor.viewer();
    let convenes = viewer.is_some_and(|v| v.belongs_to(round.convener.org));
    let volunteering = volunteers
        .iter()
        .map(|v| v.org.org)
        .filter(|org| viewer.is_some_and(|v| v.belongs_to(*org)))
        .collect();
    Ok(SeenRound {
        round,
        volunteers,
        convenes,
        volunteering,
    })
}

/// The round's rules as the optimiser reads them.
pub(crate) fn rules(round: &ReviewRound) -> RoundRules {
    RoundRules {
        group_size: round.group_size as usize,
        travel_km: round.travel_km.map(f64::from),
        weights: GroupingWeights::default(),
    }
}

/// The optimiser's input: each volunteer with its strengths from the evidence index, and
/// how each pair relates (similarity, distance, competition, and pairs that shared a group
/// in the two latest earlier rounds).
pub(crate) async fn round_input(
    state: &AppState,
    seen: &SeenRound,
) -> Result<RoundInput, WebError> {
    let volunteers = &seen.volunteers;
    let evidence = state.evidence().await?;
    let analysis = state.analysis().await?;
    let past = state.store().past_pairings(seen.round.id).await?;
    let orgs: Vec<OrgRef> = volunteers.iter().map(|v| v.org.org).collect();
    let relations = relations_from_evidence(&orgs, &evidence, &analysis, &past);
    Ok(RoundInput {
        volunteers: volunteers
            .iter()
            .map(|v| Volunteer {
                org: v.org.org,
                name: v.org.name.clone(),
                focus: v.focus.clone(),
                strengths: strengths_from_evidence(v.org.org, &evidence),
            })
            .collect(),
        relations,
    })
}
