//! Measuring one candidate against one need: the five factor values and the facts behind
//! them. The ranking measures every organisation in England this way but keeps only the
//! score; the page shown and "why is this one not higher?" measure their few candidates
//! again with the same code, so the words always match the score.

use super::{
    best_offer, offer_value, track_value, CompetitionPolicy, Exclusion, FactorKind, RankingNeed,
    Weights, COMPETITOR_MULTIPLIER,
};
use crate::brokerage::evidence::{context_gap, EvidenceIndex, SchoolFacts, Spot};
use crate::brokerage::ranking::catchment_km;
use crate::organisation::Phase;
use crate::party::OrgRef;
use crate::{GroupUid, Urn};
use std::collections::HashMap;

/// The need as every candidate is measured against it, worked out once per ranking.
pub(super) struct Yardstick<'a> {
    pub need: &'a RankingNeed,
    pub evidence: &'a EvidenceIndex,
    pub market: &'a super::Market,
    pub policy: CompetitionPolicy,
    pub effective: Weights,
    pub total_weight: f64,
    /// How many schools are in need (the context factor averages over them).
    pub schools_in_need: usize,
    /// The need's trust: it and its schools are never candidates.
    pub own_trust: Option<GroupUid>,
    /// Trusts most like the trust in need, with their closeness.
    pub similar_trusts: &'a HashMap<GroupUid, f64>,
    /// The need's reach in km when distance is scored (candidates beyond it are left out).
    pub reach_limit: Option<f64>,
    /// The located schools in need: grid point, phase and URN. Squared grid distances in
    /// metres compare exactly as distances do, so a square root is taken once per school.
    located: Vec<(i64, i64, Phase, Urn)>,
    /// The schools in need with a place in context space, grouped by phase (schools are
    /// only compared within their phase): their position among the schools in need, their
    /// context and URN.
    contexts: Vec<(Phase, Vec<InContext<'a>>)>,
    /// Offers in the need's area and dates, by owner.
    pub offers_by_org: HashMap<OrgRef, Vec<usize>>,
}

/// A school in need placed in context space: its position among the schools in need, its
/// context and its URN.
type InContext<'a> = (usize, &'a [f64], Urn);

/// Where one school stands: the nearest school in need (km) and whether it may compete
/// for the same pupils.
#[derive(Clone, Copy)]
pub(super) struct Placement {
    pub nearest: Option<(f64, Urn)>,
    pub competitor: bool,
}

/// A candidate's schools summed up: the nearest pair, the most alike pair, each school in
/// need's closest match among them, and any competition.
pub(super) struct Tally {
    pub nearest: Option<(f64, Urn, Urn)>,
    pub best_context: Option<(f64, Urn, Urn)>,
    pub closest: Vec<f64>,
    pub competitor: bool,
}

impl Tally {
    /// An empty tally for `k` schools in need.
    pub fn new(k: usize) -> Tally {
        Tally {
            nearest: None,
            best_context: None,
            closest: vec![0.0; k],
            competitor: false,
        }
    }

    /// Empties the tally for the next candidate, keeping its buffer.
    pub fn clear(&mut self) {
        self.nearest = None;
        self.best_context = None;
        self.closest.iter_mut().for_each(|v| *v = 0.0);
        self.competitor = false;
    }

    /// Adds one of the candidate's schools, with its closeness to each school in need.
    pub fn add(
        &mut self,
        urn: Urn,
        placement: Placement,
        best: Option<(f64, Urn)>,
        closeness: &[f64],
    ) {
        if let Some((km, need_urn)) = placement.nearest {
            if self.nearest.is_none_or(|(d, _, _)| km < d) {
                self.nearest = Some((km, urn, need_urn));
            }
        }
        if let Some((sim, need_urn)) = best {
            if self.best_context.is_none_or(|(b, _, _)| sim > b) {
                self.best_context = Some((sim, urn, need_urn));
            }
        }
        for (slot, sim) in self.closest.iter_mut().zip(closeness) {
            *slot = slot.max(*sim);
        }
        self.competitor |= placement.competitor;
    }
}

/// One candidate measured: its factor values, score and the facts the words are made from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Measured {
    pub values: [f64; 5],
    pub score: f64,
    pub nearest: Option<(f64, Urn, Urn)>,
    pub best_context: Option<(f64, Urn, Urn)>,
    pub offer: Option<(usize, bool)>,
    pub similar_trust: Option<f64>,
    pub competitor: bool,
    pub down_weighted: bool,
}

impl<'a> Yardstick<'a> {
    /// Prepares the need's schools for measuring.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        need: &'a RankingNeed,
        in_need: &[&'a SchoolFacts],
        evidence: &'a EvidenceIndex,
        market: &'a super::Market,
        policy: CompetitionPolicy,
        effective: Weights,
        own_trust: Option<GroupUid>,
        similar_trusts: &'a HashMap<GroupUid, f64>,
    ) -> Yardstick<'a> {
        let located = in_need
            .iter()
            .filter_map(|f| f.location.map(|l| (l.easting, l.northing, f.phase, f.urn)))
            .collect();
        let mut contexts: Vec<(Phase, Vec<InContext<'a>>)> = Vec::new();
        for (i, facts) in in_need.iter().enumerate() {
            let Some(context) = facts.context.as_deref() else {
                continue;
            };
            match contexts.iter_mut().find(|(p, _)| *p == facts.phase) {
                Some((_, list)) => list.push((i, context, facts.urn)),
                None => contexts.push((facts.phase, vec![(i, context, facts.urn)])),
            }
        }
        let mut offers_by_org: HashMap<OrgRef, Vec<usize>> = HashMap::new();
        for (i, offer) in market.offers.iter().enumerate() {
            if offer.area == need.area && offer.to >= need.from && offer.from <= need.to {
                offers_by_org.entry(offer.owner).or_default().push(i);
            }
        }
        Yardstick {
            need,
            evidence,
            market,
            policy,
            effective,
            total_weight: FactorKind::ALL.iter().map(|k| effective.of(*k)).sum(),
            schools_in_need: in_need.len(),
            own_trust,
            similar_trusts,
            reach_limit: need.reach.limit_km().filter(|_| effective.distance > 0.0),
            located,
            contexts,
            offers_by_org,
        }
    }

    /// The nearest school in need and possible competition, for one school.
    pub fn place(&self, school: &Spot) -> Placement {
        let mut nearest: Option<(i64, Urn)> = None;
        let mut competitor = false;
        if let Some((east, north)) = school.point {
            let catchment = catchment_km(school.phase).map(|km| {
                let metres = (km * 1000.0) as i64;
                metres * metres
            });
            for (easting, northing, phase, urn) in &self.located {
                let (de, dn) = (east - easting, north - northing);
                let squared = de * de + dn * dn;
                if nearest.is_none_or(|(d, _)| squared < d) {
                    nearest = Some((squared, *urn));
                }
                if school.phase == *phase && catchment.is_some_and(|limit| squared <= limit) {
                    competitor = true;
                }
            }
        }
        Placement {
            nearest: nearest.map(|(squared, urn)| ((squared as f64).sqrt() / 1000.0, urn)),
            competitor,
        }
    }

    /// Whether a placed school is within the need's reach (a school with no location is
    /// given the benefit of the doubt, as it cannot be measured).
    pub fn within_reach(&self, placement: &Placement) -> bool {
        match (self.reach_limit, placement.nearest) {
            (Some(limit), Some((km, _))) => km <= limit,
            _ => true,
        }
    }

    /// Fills `closeness[i]` with the school's closeness to the i-th school in need
    /// (`1 / (1 + d)` for the context distance `d`, 0 across phases or without a context)
    /// and returns the school in need most like it.
    pub fn compare(&self, school: &Spot, closeness: &mut [f64]) -> Option<(f64, Urn)> {
        closeness.iter_mut().for_each(|v| *v = 0.0);
        let mine = self.evidence.context_of(school)?;
        let (_, theirs) = self.contexts.iter().find(|(p, _)| *p == school.phase)?;
        let mut best: Option<(f64, Urn)> = None;
        for (i, context, urn) in theirs {
            let sim = 1.0 / (1.0 + context_gap(mine, context));
            closeness[*i] = sim;
            if best.is_none_or(|(b, _)| sim > b) {
                best = Some((sim, *urn));
            }
        }
        best
    }

    /// The candidate's factor values and score from its tallied schools, or why it is left
    /// out.
    pub fn score(
        &self,
        org: OrgRef,
        strength: Option<f64>,
        tally: &Tally,
    ) -> Result<Measured, Exclusion> {
        let km = tally.nearest.map(|(km, _, _)| km);
        if let (Some(limit), Some(km)) = (self.reach_limit, km) {
            if km > limit {
                return Err(Exclusion::BeyondReach);
            }
        }
        if tally.competitor && self.policy == CompetitionPolicy::Exclude {
            return Err(Exclusion::Competitor);
        }
        let evidence_value = strength.map_or(0.0, |s| (s / 2.0).clamp(0.0, 1.0));
        let school_context = if self.schools_in_need == 0 {
            0.0
        } else {
            tally.closest.iter().sum::<f64>() / self.schools_in_need as f64
        };
        let similar_trust = match org {
            OrgRef::Trust(uid) => self.similar_trusts.get(&uid).copied(),
            _ => None,
        };
        let context_value = school_context.max(similar_trust.unwrap_or(0.0));
        let distance_value = match (self.need.reach.limit_km(), km) {
            (Some(limit), Some(km)) => (1.0 - km / limit).clamp(0.0, 1.0),
            _ => 0.0,
        };
        let offer = if self.offers_by_org.is_empty() {
            None
        } else {
            best_offer(self.market, self.offers_by_org.get(&org), self.need, km)
        };
        let offer_value = offer.map_or(0.0, |(i, form_matches)| {
            offer_value(&self.market.offers[i], self.need, form_matches)
        });
        let track_value = if self.market.track.is_empty() {
            0.0
        } else {
            self.market.track.get(&org).map_or(0.0, track_value)
        };
        let values = [
            evidence_value,
            context_value,
            distance_value,
            offer_value,
            track_value,
        ];
        let mut score = if self.total_weight > 0.0 {
            100.0
                * FactorKind::ALL
                    .iter()
                    .map(|k| self.effective.of(*k) * values[k.index()])
                    .sum::<f64>()
                / self.total_weight
        } else {
            0.0
        };
        let down_weighted = tally.competitor && self.policy == CompetitionPolicy::DownWeight;
        if down_weighted {
            score *= COMPETITOR_MULTIPLIER;
        }
        Ok(Measured {
            values,
            score,
            nearest: tally.nearest,
            best_context: tally.best_context,
            offer,
            similar_trust,
            competitor: tally.competitor,
            down_weighted,
        })
    }

    /// Measures one organisation from scratch, as the ranking did: for the page shown and
    /// for "why is this one not higher?".
    pub fn measure(&self, org: OrgRef) -> Result<Measured, Exclusion> {
        let evidence = self.evidence;
        let strengths = evidence.strengths_in(self.need.area);
        let mut tally = Tally::new(self.schools_in_need);
        let mut closeness = vec![0.0; self.schools_in_need];
        let mut add = |tally: &mut Tally, position: usize| {
            let spot = &evidence.spots()[position];
            let placement = self.place(spot);
            let best = self.compare(spot, &mut closeness);
            tally.add(spot.urn, placement, best, &closeness);
        };
        match org {
            _ if org == self.need.owner => Err(Exclusion::OwnTrust),
            OrgRef::School(urn) => {
                let position = evidence
                    .school_position(urn)
                    .ok_or(Exclusion::NotACandidate)?;
                if self.own_trust.is_some() && evidence.spots()[position].trust == self.own_trust {
                    return Err(Exclusion::OwnTrust);
                }
                add(&mut tally, position);
                self.score(org, strengths[position].map(f64::from), &tally)
            }
            OrgRef::Trust(uid) => {
                if Some(uid) == self.own_trust {
                    return Err(Exclusion::OwnTrust);
                }
                let trust = evidence.trust(uid).ok_or(Exclusion::NotACandidate)?;
                for m in &trust.members {
                    add(&mut tally, *m);
                }
                self.score(org, trust.strength(self.need.area).map(|(s, _)| s), &tally)
            }
            OrgRef::Partner(_) => {
                if !self.offers_by_org.contains_key(&org) {
                    return Err(Exclusion::PartnerWithoutOffer);
                }
                self.score(org, None, &tally)
            }
        }
    }
}
