//! How volunteers relate, worked out from the same public evidence brokerage uses: how
//! alike their schools are (the context distance families are drawn by, and similar
//! trusts), how far apart, whether same-phase schools are close enough to compete for
//! pupils, and which pairs reviewed each other in the last two rounds.

use super::round::Relations;
use crate::analysis::SystemAnalysis;
use crate::brokerage::area::ImprovementArea;
use crate::brokerage::evidence::{context_gap, EvidenceIndex, Spot};
use crate::brokerage::ranking::catchment_km;
use crate::organisation::GridReference;
use crate::party::OrgRef;
use crate::similarity::distance_km;
use std::collections::HashMap;

/// Two organisations that reviewed each other in an earlier round.
#[derive(Debug, Clone, PartialEq)]
pub struct PastPairing {
    /// One side.
    pub a: OrgRef,
    /// The other.
    pub b: OrgRef,
    /// The round, in words ("in the spring 2026 round").
    pub when: String,
}

/// A volunteer's strengths from the evidence index, on the brokerage scale (strength in
/// standard deviations above its family, halved and kept between 0 and 1); areas where
/// it is at or below its family are left out.
pub fn strengths_from_evidence(
    org: OrgRef,
    evidence: &EvidenceIndex,
) -> Vec<(ImprovementArea, f64)> {
    ImprovementArea::ALL
        .into_iter()
        .filter_map(|area| {
            let strength = match org {
                OrgRef::School(urn) => evidence.school(urn)?.strength(area)?,
                OrgRef::Trust(uid) => evidence.trust(uid)?.strength(area)?.0,
                OrgRef::Partner(_) => return None,
            };
            let value = (strength / 2.0).clamp(0.0, 1.0);
            (value > 0.0).then_some((area, value))
        })
        .collect()
}

/// Relations between `orgs` (in that order) from the evidence, with `past` pairings
/// marked. Organisations without open schools in the data relate to no one (unknown
/// distance, no similarity, no competition).
pub fn relations_from_evidence(
    orgs: &[OrgRef],
    evidence: &EvidenceIndex,
    analysis: &SystemAnalysis,
    past: &[PastPairing],
) -> Relations {
    let members: Vec<Vec<&Spot>> = orgs
        .iter()
        .map(|org| match org {
            OrgRef::School(urn) => evidence
                .school_position(*urn)
                .map(|p| vec![&evidence.spots()[p]])
                .unwrap_or_default(),
            OrgRef::Trust(uid) => evidence
                .trust(*uid)
                .map(|t| t.members.iter().map(|m| &evidence.spots()[*m]).collect())
                .unwrap_or_default(),
            OrgRef::Partner(_) => Vec::new(),
        })
        .collect();
    let mut relations = Relations::new(orgs.len());
    for i in 0..orgs.len() {
        for j in i + 1..orgs.len() {
            let (mine, theirs) = (&members[i], &members[j]);
            if let Some(km) = nearest_km(mine, theirs) {
                relations.set_km(i, j, km);
            }
            let mut similarity =
                (closeness(mine, theirs, evidence) + closeness(theirs, mine, evidence)) / 2.0;
            if let (OrgRef::Trust(a), OrgRef::Trust(b)) = (orgs[i], orgs[j]) {
                let similar = |x, y| {
                    analysis.similar_trusts(x).and_then(|f| {
                        f.neighbours
                            .iter()
                            .find(|n| n.uid == y)
                            .map(|n| 1.0 / (1.0 + n.distance))
                    })
                };
                if let Some(s) = similar(a, b).or_else(|| similar(b, a)) {
                    similarity = similarity.max(s);
                }
            }
            relations.set_similarity(i, j, similarity);
            if let Some(evidence_text) = competition(mine, theirs, evidence) {
                relations.mark_competitors(i, j, evidence_text);
            }
        }
    }
    let position: HashMap<OrgRef, usize> = orgs.iter().enumerate().map(|(i, o)| (*o, i)).collect();
    for pairing in past {
        if let (Some(i), Some(j)) = (position.get(&pairing.a), position.get(&pairing.b)) {
            relations.mark_reviewed(*i, *j, pairing.when.clone());
        }
    }
    relations
}

fn km_between(a: &Spot, b: &Spot) -> Option<f64> {
    let grid = |(easting, northing)| GridReference { easting, northing };
    Some(distance_km(grid(a.point?), grid(b.point?)))
}

fn nearest_km(mine: &[&Spot], theirs: &[&Spot]) -> Option<f64> {
    mine.iter()
        .flat_map(|a| theirs.iter().filter_map(|b| km_between(a, b)))
        .min_by(f64::total_cmp)
}

/// For each of `mine` with a context, its closeness to the most alike same-phase school of
/// `theirs`, averaged over `mine`.
fn closeness(mine: &[&Spot], theirs: &[&Spot], evidence: &EvidenceIndex) -> f64 {
    let mut total = 0.0;
    let mut counted = 0;
    for a in mine {
        let Some(ca) = evidence.context_of(a) else {
            continue;
        };
        counted += 1;
        let best = theirs
            .iter()
            .filter(|b| b.phase == a.phase)
            .filter_map(|b| evidence.context_of(b))
            .map(|cb| 1.0 / (1.0 + context_gap(ca, cb)))
            .fold(0.0, f64::max);
        total += best;
    }
    if counted == 0 {
        0.0
    } else {
        total / f64::from(counted)
    }
}

/// The closest same-phase pair near enough to draw on the same pupils, in words.
fn competition(mine: &[&Spot], theirs: &[&Spot], evidence: &EvidenceIndex) -> Option<String> {
    let mut closest: Option<(f64, &Spot, &Spot, f64)> = None;
    for a in mine {
        let Some(limit) = catchment_km(a.phase) else {
            continue;
        };
        for b in theirs.iter().filter(|b| b.phase == a.phase) {
            if let Some(km) = km_between(a, b) {
                if km <= limit && closest.is_none_or(|(k, _, _, _)| km < k) {
                    closest = Some((km, a, b, limit));
                }
            }
        }
    }
    let (km, a, b, limit) = closest?;
    let name = |s: &Spot| {
        evidence
            .school(s.urn)
            .map_or(String::new(), |f| f.name.clone())
    };
    Some(format!(
        "{} (URN {}) and {} (URN {}) are {} schools {km:.1} km apart, within the {limit:.0} km \
         most of their pupils travel (locations from Get Information about Schools)",
        name(a),
        a.urn.0,
        name(b),
        b.urn.0,
        a.phase.label().to_lowercase()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SystemInput;
    use crate::organisation::{GridReference, Phase, School};
    use crate::outcome::{Measure, Outcome};
    use crate::Urn;

    fn primary(urn: i64, easting_km: i64) -> School {
        let mut s = School::new(Urn(urn), format!("School {urn}"));
        s.phase = Phase::Primary;
        s.pupils = Some(210);
        s.fsm_percent = Some(10.0 + urn as f64);
        s.eal_percent = Some(5.0);
        s.idaci_quintile = Some(3);
        s.location = GridReference::new(400_000 + easting_km * 1000, 300_000);
        s
    }

    #[test]
    fn distance_competition_similarity_and_past_reviews_come_from_the_evidence() {
        // Schools 1 and 2 are 1 km apart (competitors); 3 is 50 km away; 4..12 fill the
        // families out.
        let mut schools = vec![primary(1, 0), primary(2, 1), primary(3, 50)];
        schools.extend((4..12).map(|u| primary(u, 100 + u * 10)));
        let outcomes = schools
            .iter()
            .map(|s| {
                let value = if s.urn == Urn(3) { 4.0 } else { 0.0 };
                let outcome = Outcome {
                    measure: Measure::Ks2MathsProgress,
                    year: "2018/19".into(),
                    value,
                    source: "ks2.csv".into(),
                };
                (s.urn, vec![outcome])
            })
            .collect();
        let analysis = SystemAnalysis::build(&SystemInput {
            schools,
            ..SystemInput::default()
        });
        let evidence = EvidenceIndex::build(&analysis, &outcomes);
        let orgs = [
            OrgRef::School(Urn(1)),
            OrgRef::School(Urn(2)),
            OrgRef::School(Urn(3)),
        ];
        let past = [PastPairing {
            a: OrgRef::School(Urn(3)),
            b: OrgRef::School(Urn(1)),
            when: "in the spring 2026 round".into(),
        }];
        let relations = relations_from_evidence(&orgs, &evidence, &analysis, &past);
        assert_eq!(relations.km(0, 1), Some(1.0));
        assert_eq!(relations.km(0, 2), Some(50.0));
        let rules = crate::peer_review::RoundRules {
            group_size: 3,
            travel_km: Some(40.0),
            weights: Default::default(),
        };
        let between = |i, j| relations.conflicts(i, j, &rules);
        assert!(matches!(
            between(0, 1).as_slice(),
            [crate::peer_review::Conflict::Competitors { evidence }] if evidence.contains("1.0 km apart")
        ));
        assert!(between(1, 0).len() == 1, "relations are symmetric");
        let far = between(0, 2);
        assert_eq!(far.len(), 2, "{far:?}: reviewed lately and beyond 40 km");
        assert!(between(1, 2)
            .iter()
            .all(|c| matches!(c, crate::peer_review::Conflict::TooFar { .. })));
        assert!(relations.similarity(0, 1) > 0.0 && relations.similarity(0, 1) <= 1.0);
        let strong = strengths_from_evidence(OrgRef::School(Urn(3)), &evidence);
        assert!(strong
            .iter()
            .any(|(a, s)| *a == ImprovementArea::Ks2Maths && *s > 0.0));
        assert!(strengths_from_evidence(OrgRef::School(Urn(1)), &evidence)
            .iter()
            .all(|(_, s)| *s > 0.0));
    }
}
