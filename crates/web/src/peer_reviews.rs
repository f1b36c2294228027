//! What review pages and the review API share: reading a review as far as the reader may
//! (the store applies the one confidentiality rule), the people who could join its team
//! (from the host's review-group cluster, or from organisations offering peer review in
//! its focus areas) with every conflict and existing collaboration beside them, and the
//! team's conflicts worked out again when it is scheduled. Pages live in
//! `pages/peer_review/reviews.rs`; the API in `api/peer_review.rs`.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::MembershipStatus;
use convene_domain::account::PersonId;
use convene_domain::brokerage::area::HelpForm;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::review::{
    team_conflicts, OrgConflict, PeerReview, PeerReviewId, PublicReview, Reader, ReviewRole,
    ReviewerSource,
};
use convene_domain::peer_review::review_conflicts::review_conflicts;
use convene_store::{PostingFilter, ReviewForReader};
use std::collections::BTreeMap;

/// A review as the reader may see it.
pub(crate) enum SeenReview {
    /// Everything, with the reader's side.
    Whole(Box<PeerReview>, ReviewRole),
    /// Only the host's published summary.
    Summary(PublicReview),
}

/// The review numbered `id` as the reader may see it, or "not found" (also when the
/// reader may see nothing of it, so its existence is not given away).
pub(crate) async fn review(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<SeenReview, WebError> {
    let not_found = || WebError::NotFound("There is no such review.".into());
    let id = PeerReviewId(id.parse().map_err(|_| not_found())?);
    let reader = Reader::from_actor(&context.actor);
    match state.store().peer_review_for(id, &reader).await? {
        Some(ReviewForReader::Whole(review)) => {
            let role = review.role_of(&reader).ok_or_else(not_found)?;
            Ok(SeenReview::Whole(review, role))
        }
        Some(ReviewForReader::Summary(review)) => Ok(SeenReview::Summary(review)),
        None => Err(not_found()),
    }
}

/// The whole review for a change by its parties; anyone else gets "not found".
pub(crate) async fn review_to_change(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<(Box<PeerReview>, ReviewRole), WebError> {
    match review(state, context, id).await? {
        SeenReview::Whole(review, role) => Ok((review, role)),
        SeenReview::Summary(_) => Err(WebError::NotFound("There is no such review.".into())),
    }
}

/// Someone who could join a review's team.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// The organisation they would review for.
    pub org: OrgRef,
    /// Its name.
    pub org_name: String,
    /// Where they were found.
    pub source: ReviewerSource,
    /// Why their organisation may not review the host, if it may not.
    pub conflicts: Vec<String>,
    /// Existing collaborations with the host, shown but not a conflict.
    pub relationships: Vec<String>,
}

/// Everyone who could join `review`'s team: people approved to act for the other members of
/// the host's review group, then for organisations with a current peer review offer in one
/// of its focus areas, each with its conflicts and collaborations with the host. People
/// already on the team are left out.
pub(crate) async fn candidates(
    state: &AppState,
    context: &RequestContext,
    review: &PeerReview,
) -> Result<Vec<Candidate>, WebError> {
    let mut orgs: Vec<(OrgRef, ReviewerSource)> = state
        .store()
        .review_cluster_of(review.host)
        .await?
        .into_iter()
        .map(|o| (o, ReviewerSource::Cluster))
        .collect();
    let scope = context.actor.read_scope();
    for area in &review.focus {
        let filter = PostingFilter {
            area: Some(*area),
            owner: None,
            current_only: true,
        };
        for offer in state.store().offers(&scope, &filter, 200, 0).await? {
            let org = offer.owner.org;
            if offer.form == HelpForm::PeerReview
                && org != review.host
                && !orgs.iter().any(|(o, _)| *o == org)
            {
                orgs.push((org, ReviewerSource::Other));
            }
        }
    }
    let keys: Vec<OrgRef> = orgs.iter().map(|(o, _)| *o).collect();
    let conflicts = conflicts_of(state, review.host, &keys).await?;
    let relationships = state.store().relationships_of(review.host).await?;
    let mut out = Vec::new();
    for (org, source) in orgs {
        let org_name = state
            .store()
            .organisation_name(org)
            .await?
            .unwrap_or_else(|| org.key());
        let reasons: Vec<String> = conflicts
            .iter()
            .filter(|c| c.org == org)
            .map(|c| c.reason.clone())
            .collect();
        for member in state.store().members_of(org).await? {
            if member.status != MembershipStatus::Approved
                || review.team.iter().any(|r| r.person == member.person)
                || out.iter().any(|c: &Candidate| c.person == member.person)
            {
                continue;
            }
            out.push(Candidate {
                person: member.person,
                name: member.name.clone(),
                org,
                org_name: org_name.clone(),
                source,
                conflicts: reasons.clone(),
                relationships: relationships.get(&org).cloned().unwrap_or_default(),
            });
        }
    }
    Ok(out)
}

/// The conflicts between `host` and `orgs` from the public evidence.
pub(crate) async fn conflicts_of(
    state: &AppState,
    host: OrgRef,
    orgs: &[OrgRef],
) -> Result<Vec<OrgConflict>, WebError> {
    let evidence = state.evidence().await?;
    let analysis = state.analysis().await?;
    Ok(review_conflicts(host, orgs, &evidence, &analysis))
}

/// Every conflict in the team as it stands, (reviewer, reason): checked again before the
/// review is scheduled, since the evidence may have changed since a reviewer joined.
pub(crate) async fn current_team_conflicts(
    state: &AppState,
    review: &PeerReview,
) -> Result<Vec<(PersonId, String)>, WebError> {
    let orgs: Vec<OrgRef> = review.team.iter().map(|r| r.org).collect();
    let conflicts = conflicts_of(state, review.host, &orgs).await?;
    Ok(team_conflicts(review.host, &review.team, &conflicts))
}

/// Whether `person` is approved to act for `org`: a reviewer reviews for an organisation
/// they belong to.
pub(crate) async fn acts_for(
    state: &AppState,
    person: PersonId,
    org: OrgRef,
) -> Result<bool, WebError> {
    Ok(state
        .store()
        .memberships_of(person)
        .await?
        .iter()
        .any(|m| m.organisation.org == org && m.status == MembershipStatus::Approved))
}

/// Names of the people and organisations a review mentions, looked up once.
#[derive(Default)]
pub(crate) struct Names {
    people: BTreeMap<PersonId, String>,
    orgs: BTreeMap<OrgRef, String>,
}

impl Names {
    /// The names for everyone on `review`: host, team and its organisations, and the
    /// authors of its entries.
    pub(crate) async fn of(state: &AppState, review: &PeerReview) -> Result<Names, WebError> {
        let mut names = Names::default();
        let mut orgs = vec![review.host];
        orgs.extend(review.team.iter().map(|r| r.org));
        orgs.extend(review.actions.iter().map(|a| a.who));
        let mut people: Vec<PersonId> = review.team.iter().map(|r| r.person).collect();
        people.extend(review.evidence.iter().map(|e| e.by));
        people.extend(review.findings.iter().map(|f| f.by));
        people.extend(review.feedback.iter().map(|f| f.by));
        for org in orgs {
            if let std::collections::btree_map::Entry::Vacant(slot) = names.orgs.entry(org) {
                let name = state.store().organisation_name(org).await?;
                slot.insert(name.unwrap_or_else(|| org.key()));
            }
        }
        for person in people {
            if let std::collections::btree_map::Entry::Vacant(slot) = names.people.entry(person) {
                let name = state.store().person(person).await?.map(|p| p.profile.name);
                slot.insert(name.unwrap_or_else(|| "A former member".into()));
            }
        }
        Ok(names)
    }

    /// A person's name.
    pub(crate) fn person(&self, id: PersonId) -> &str {
        self.people
            .get(&id)
            .map_or("A former member", String::as_str)
    }

    /// An organisation's name.
    pub(crate) fn org(&self, org: OrgRef) -> String {
        self.orgs.get(&org).cloned().unwrap_or_else(|| org.key())
    }
}

/// Who may own an action in the host's plan: the host and, for a trust, its open schools.
pub(crate) async fn action_owners(
    state: &AppState,
    host: OrgRef,
) -> Result<std::collections::BTreeSet<OrgRef>, WebError> {
    let mut owners = std::collections::BTreeSet::from([host]);
    if let OrgRef::Trust(uid) = host {
        let evidence = state.evidence().await?;
        if let Some(trust) = evidence.trust(uid) {
            owners.extend(
                trust
                    .members
                    .iter()
                    .map(|p| OrgRef::School(evidence.spots()[*p].urn)),
            );
        }
    }
    Ok(owners)
}
