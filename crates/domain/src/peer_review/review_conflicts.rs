//! Who may not review a host, worked out as brokerage works out conflicts: an
//! organisation in the host's own trust (a trust and its schools are one side) or a direct
//! competitor (same-phase schools close enough to draw on the same pupils, from the same
//! evidence brokerage and the group former use). Existing collaborations are not
//! conflicts; pages show them beside the candidate, as brokerage does.

use super::relations::relations_from_evidence;
use super::review::OrgConflict;
use super::round::{Conflict, RoundRules};
use crate::analysis::SystemAnalysis;
use crate::brokerage::evidence::EvidenceIndex;
use crate::ids::GroupUid;
use crate::party::OrgRef;

/// What is known of one candidate reviewing organisation relative to the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateFacts {
    /// The candidate.
    pub org: OrgRef,
    /// The trust it is or belongs to, if any.
    pub trust: Option<GroupUid>,
    /// Evidence of competition with the host, in words, if any.
    pub competition: Option<String>,
}

/// The conflicts among `candidates` for a host in trust `host_trust`, each with its reason.
pub fn conflicts_with_host(
    host_trust: Option<GroupUid>,
    candidates: &[CandidateFacts],
) -> Vec<OrgConflict> {
    let mut out = Vec::new();
    for c in candidates {
        if host_trust.is_some() && c.trust == host_trust {
            out.push(OrgConflict {
                org: c.org,
                reason: "it is in the same trust as the host".into(),
            });
        }
        if let Some(evidence) = &c.competition {
            out.push(OrgConflict {
                org: c.org,
                reason: format!("it may compete with the host for the same pupils ({evidence})"),
            });
        }
    }
    out
}

/// The trust an organisation is, or the trust its school belongs to, from the evidence.
pub fn trust_of(org: OrgRef, evidence: &EvidenceIndex) -> Option<GroupUid> {
    match org {
        OrgRef::Trust(uid) => Some(uid),
        OrgRef::School(urn) => evidence
            .school_position(urn)
            .and_then(|p| evidence.spots()[p].trust),
        OrgRef::Partner(_) => None,
    }
}

/// Every conflict between `host` and `candidates`, from the public evidence.
pub fn review_conflicts(
    host: OrgRef,
    candidates: &[OrgRef],
    evidence: &EvidenceIndex,
    analysis: &SystemAnalysis,
) -> Vec<OrgConflict> {
    let no_limit = RoundRules {
        group_size: 3,
        travel_km: None,
        weights: Default::default(),
    };
    let facts: Vec<CandidateFacts> = candidates
        .iter()
        .map(|org| {
            let relations = relations_from_evidence(&[host, *org], evidence, analysis, &[]);
            let competition =
                relations
                    .conflicts(0, 1, &no_limit)
                    .into_iter()
                    .find_map(|c| match c {
                        Conflict::Competitors { evidence } => Some(evidence),
                        _ => None,
                    });
            CandidateFacts {
                org: *org,
                trust: trust_of(*org, evidence),
                competition,
            }
        })
        .collect();
    conflicts_with_host(trust_of(host, evidence), &facts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Urn;

    fn facts(org: OrgRef, trust: Option<i64>, competition: Option<&str>) -> CandidateFacts {
        CandidateFacts {
            org,
            trust: trust.map(GroupUid),
            competition: competition.map(str::to_string),
        }
    }

    #[test]
    fn a_school_of_the_hosts_trust_and_a_competitor_conflict_and_say_why() {
        let own_school = OrgRef::School(Urn(1));
        let rival = OrgRef::School(Urn(2));
        let free = OrgRef::Trust(GroupUid(9));
        let conflicts = conflicts_with_host(
            Some(GroupUid(5)),
            &[
                facts(own_school, Some(5), None),
                facts(rival, Some(6), Some("2 secondary schools within 8 km")),
                facts(free, Some(9), None),
            ],
        );
        assert_eq!(conflicts.len(), 2);
        assert_eq!(conflicts[0].org, own_school);
        assert!(conflicts[0].reason.contains("same trust"));
        assert_eq!(conflicts[1].org, rival);
        assert!(conflicts[1].reason.contains("within 8 km"));
    }

    #[test]
    fn two_schools_in_no_trust_are_not_in_the_same_trust() {
        let conflicts = conflicts_with_host(None, &[facts(OrgRef::School(Urn(3)), None, None)]);
        assert!(conflicts.is_empty());
    }
}
