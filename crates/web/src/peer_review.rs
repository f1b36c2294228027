//! What peer review pages share: finding a round, who may see its volunteers (the
//! convener's people and the volunteers'; a volunteer's focus areas hint at what it wants
//! to improve, so no one else sees them), and the optimiser's input for a round built
//! from the same public evidence brokerage uses. Pages live in `pages/peer_review/`.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::relations::{relations_from_evidence, strengths_from_evidence};
use convene_domain::peer_review::round_setup::{
    groups_of_orgs, move_member, ReviewRound, RoundId, RoundVolunteer,
};
use convene_domain::peer_review::{propose, GroupingWeights, RoundInput, RoundRules, Volunteer};
use convene_store::StoreError;

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

/// The seed a round's proposal is shuffled with: its number, so the proposal shown and
/// the one saved are the same.
pub(crate) fn seed(id: RoundId) -> u64 {
    id.0.unsigned_abs()
}

/// Proposes groups for the round and saves them, as the convener's "Save these groups"
/// does; `Err` says which constraint fails or why the store refused.
pub(crate) async fn propose_and_save(
    state: &AppState,
    seen: &SeenRound,
) -> Result<Result<(), String>, WebError> {
    let input = round_input(state, seen).await?;
    let proposal = match propose(&input, &rules(&seen.round), seed(seen.round.id)) {
        Err(why) => return Ok(Err(why.describe())),
        Ok(p) => p,
    };
    let index: Vec<Vec<usize>> = proposal
        .assessment
        .groups
        .iter()
        .map(|g| g.members.clone())
        .collect();
    let orgs: Vec<OrgRef> = input.volunteers.iter().map(|v| v.org).collect();
    let groups = groups_of_orgs(&orgs, &index).map_err(WebError::internal)?;
    saved(
        state
            .store()
            .save_round_groups(seen.round.id, &groups)
            .await,
    )
}

/// Why a move was not made.
pub(crate) enum MoveRefused {
    /// What was asked is not valid: (field, problem).
    Invalid(&'static str, String),
    /// The round does not allow it now.
    Refused(String),
}

/// Moves one member to group `to` (1-based; one past the last starts a new group) and
/// saves the groups again.
pub(crate) async fn move_and_save(
    state: &AppState,
    seen: &SeenRound,
    org: &str,
    to: &str,
) -> Result<Result<(), MoveRefused>, WebError> {
    let Some(org) = OrgRef::parse(org.trim()) else {
        return Ok(Err(MoveRefused::Invalid(
            "org",
            "Enter the member's key, such as trust-17101".into(),
        )));
    };
    let Ok(to) = to.trim().parse::<usize>() else {
        return Ok(Err(MoveRefused::Invalid(
            "to",
            "Enter a group number".into(),
        )));
    };
    let groups: Vec<Vec<OrgRef>> = state
        .store()
        .round_groups(seen.round.id)
        .await?
        .iter()
        .map(|g| g.members.iter().map(|m| m.org.org).collect())
        .collect();
    let moved = match move_member(&groups, org, to) {
        Err(why) => return Ok(Err(MoveRefused::Invalid("to", why))),
        Ok(moved) => moved,
    };
    Ok(
        saved(state.store().save_round_groups(seen.round.id, &moved).await)?
            .map_err(MoveRefused::Refused),
    )
}

/// A store refusal as the caller's message; anything else as an error.
fn saved(result: Result<(), StoreError>) -> Result<Result<(), String>, WebError> {
    match result {
        Ok(()) => Ok(Ok(())),
        Err(e) => Ok(Err(crate::error::refusal(e)?)),
    }
}
