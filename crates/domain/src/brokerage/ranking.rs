//! Who is best placed to help with a need, and why.
//!
//! Every open school and profiled trust in England (and every partner organisation with a
//! matching offer) is a candidate, except the organisation in need itself, its own trust and
//! that trust's schools. Each candidate gets five factors, each a number from 0 to 1:
//!
//! - **evidence** of strength in the area: its strength against its family of similar
//!   schools (see [`super::evidence`]), in standard deviations, 0 at or below the family
//!   median and 1 at two or more above it;
//! - **context**: how alike its schools are to the schools in need, `1 / (1 + d)` for the
//!   context distance `d` families are drawn by, averaged over the schools in need; for a
//!   trust's need, a trust among its similar trusts scores at least `1 / (1 + d)` for their
//!   distance by the similar-trusts method;
//! - **distance**: for a need "within N km", `1 - km / N` from the nearest pair of schools;
//!   for "anywhere" distance is shown but not scored;
//! - **offer**: a declared, available offer in the area reaching the need, 0.7 (0.3 more if
//!   the form of help matches) times the share of the days asked that are still free;
//! - **track record**: completed collaborations on Convene as a helper (three or more
//!   count fully) times their average feedback out of 5 (0.6 before any feedback).
//!
//! The score is the weighted mean of the factors that apply, out of 100. A factor that
//! cannot apply to this need (evidence for an area no public measure covers, distance for
//! "anywhere") has its weight set aside, and the ranking says so; for an area no public
//! measure covers, the evidence weight goes to declared offers and track record. A candidate with
//! same-phase schools close enough to draw on the same pupils is flagged as a possible
//! competitor; the person chooses to exclude such candidates, halve their score or only show
//! the flag. Ties are broken by organisation key, so the same data always gives the same
//! order.

use super::area::{HelpForm, ImprovementArea};
use super::evidence::{EvidenceIndex, SchoolFacts};
use super::posting::{OfferId, Reach};
use crate::analysis::SystemAnalysis;
use crate::organisation::Phase;
use crate::party::{OrgRef, PartnerId};
use crate::{Date, GroupUid, Urn};
use measure::{Measured, Placement, Tally, Yardstick};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How much each factor counts, each from 0 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Weights {
    /// Evidence of strength in the area.
    pub evidence: f64,
    /// Similar context.
    pub context: f64,
    /// Distance.
    pub distance: f64,
    /// A declared offer with spare capacity.
    pub offer: f64,
    /// Track record on Convene.
    pub track_record: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            evidence: 40.0,
            context: 20.0,
            distance: 15.0,
            offer: 15.0,
            track_record: 10.0,
        }
    }
}

/// Largest weight accepted.
pub const MAX_WEIGHT: f64 = 100.0;

impl Weights {
    /// The weight of one factor.
    pub fn of(&self, kind: FactorKind) -> f64 {
        match kind {
            FactorKind::Evidence => self.evidence,
            FactorKind::Context => self.context,
            FactorKind::Distance => self.distance,
            FactorKind::Offer => self.offer,
            FactorKind::TrackRecord => self.track_record,
        }
    }

    /// Sets one factor's weight.
    pub fn set(&mut self, kind: FactorKind, weight: f64) {
        match kind {
            FactorKind::Evidence => self.evidence = weight,
            FactorKind::Context => self.context = weight,
            FactorKind::Distance => self.distance = weight,
            FactorKind::Offer => self.offer = weight,
            FactorKind::TrackRecord => self.track_record = weight,
        }
    }

    /// Whether every weight is a number from 0 to [`MAX_WEIGHT`].
    pub fn is_valid(&self) -> bool {
        FactorKind::ALL
            .iter()
            .all(|k| (0.0..=MAX_WEIGHT).contains(&self.of(*k)))
    }
}

/// What to do with candidates flagged as possible competitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompetitionPolicy {
    /// Leave them out.
    Exclude,
    /// Halve their score.
    #[default]
    DownWeight,
    /// Show the flag only.
    Ignore,
}

impl CompetitionPolicy {
    /// Every policy.
    pub const ALL: [CompetitionPolicy; 3] = [
        CompetitionPolicy::Exclude,
        CompetitionPolicy::DownWeight,
        CompetitionPolicy::Ignore,
    ];
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            CompetitionPolicy::Exclude => "exclude",
            CompetitionPolicy::DownWeight => "down_weight",
            CompetitionPolicy::Ignore => "ignore",
        }
    }
    /// Reads a key.
    pub fn from_key(key: &str) -> Option<CompetitionPolicy> {
        CompetitionPolicy::ALL
            .into_iter()
            .find(|p| p.key() == key.trim())
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            CompetitionPolicy::Exclude => "Leave out possible competitors",
            CompetitionPolicy::DownWeight => "Halve the score of possible competitors",
            CompetitionPolicy::Ignore => "Show the flag only",
        }
    }
}

/// The score of a flagged competitor is multiplied by this under
/// [`CompetitionPolicy::DownWeight`].
pub const COMPETITOR_MULTIPLIER: f64 = 0.5;

/// The five factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FactorKind {
    /// Evidence of strength in the area.
    Evidence,
    /// Similar context.
    Context,
    /// Distance.
    Distance,
    /// Declared offer and spare capacity.
    Offer,
    /// Track record on Convene.
    TrackRecord,
}

impl FactorKind {
    /// Every factor, in the order pages show them.
    pub const ALL: [FactorKind; 5] = [
        FactorKind::Evidence,
        FactorKind::Context,
        FactorKind::Distance,
        FactorKind::Offer,
        FactorKind::TrackRecord,
    ];
    /// Stable key (the weight's parameter is `w_<key>`).
    pub fn key(self) -> &'static str {
        match self {
            FactorKind::Evidence => "evidence",
            FactorKind::Context => "context",
            FactorKind::Distance => "distance",
            FactorKind::Offer => "offer",
            FactorKind::TrackRecord => "track_record",
        }
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            FactorKind::Evidence => "Evidence of strength in the area",
            FactorKind::Context => "Similar context",
            FactorKind::Distance => "Distance",
            FactorKind::Offer => "Declared offer and spare capacity",
            FactorKind::TrackRecord => "Track record on Convene",
        }
    }
    fn index(self) -> usize {
        FactorKind::ALL
            .iter()
            .position(|k| *k == self)
            .unwrap_or_default()
    }
}

/// The need as the ranking reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingNeed {
    /// Who needs help.
    pub owner: OrgRef,
    /// Area.
    pub area: ImprovementArea,
    /// Form of help wanted.
    pub form: HelpForm,
    /// Days wanted.
    pub days: u32,
    /// How far the helper may be.
    pub reach: Reach,
    /// From.
    pub from: Date,
    /// Until.
    pub to: Date,
    /// The schools concerned; empty means all of the owner's (a school's is itself).
    pub schools: Vec<Urn>,
}

/// A declared offer as the ranking counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferCapacity {
    /// The offer.
    pub offer: OfferId,
    /// Who offers.
    pub owner: OrgRef,
    /// Area.
    pub area: ImprovementArea,
    /// Form of help.
    pub form: HelpForm,
    /// Days per term offered.
    pub days_per_term: u32,
    /// Days per term still free after what is agreed.
    pub spare_days: u32,
    /// How far it reaches.
    pub reach: Reach,
    /// Available from.
    pub from: Date,
    /// Available until.
    pub to: Date,
}

/// A candidate's collaborations on Convene as a helper.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackRecord {
    /// Completed collaborations.
    pub completed: u32,
    /// Active ones.
    pub active: u32,
    /// Ratings (1 to 5) the helped organisations gave.
    pub ratings: Vec<u8>,
}

/// What Convene's own records add to the public data: offers, track records, existing
/// relationships, and names of partner organisations.
#[derive(Debug, Clone, Default)]
pub struct Market {
    /// Active offers the person asking may see (an offer they may not see never counts in
    /// their ranking, so a ranking cannot reveal it).
    pub offers: Vec<OfferCapacity>,
    /// Track records by organisation.
    pub track: HashMap<OrgRef, TrackRecord>,
    /// Existing collaborations between each organisation and the one in need, in words.
    pub relationships: HashMap<OrgRef, Vec<String>>,
    /// Names of partner organisations.
    pub partner_names: HashMap<PartnerId, String>,
}

/// A possible competitor: same-phase schools of the two sides close enough to draw on the
/// same pupils.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompetitionFlag {
    /// The candidate's school.
    pub candidate_school: Urn,
    /// The school in need.
    pub need_school: Urn,
    /// Distance between them.
    pub km: f64,
    /// The evidence in words.
    pub evidence: String,
}

/// One factor of one candidate, in numbers and words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Factor {
    /// Which factor.
    pub kind: FactorKind,
    /// Its weight as used (0 when it does not apply to this need).
    pub weight: f64,
    /// Its value from 0 to 1.
    pub value: f64,
    /// Points it adds to the score out of 100.
    pub points: f64,
    /// What it is, in words.
    pub summary: String,
    /// The figures behind it, each with its year and source.
    pub figures: Vec<String>,
}

/// A ranked candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Candidate {
    /// Place in the ranking, from 1.
    pub rank: usize,
    /// The organisation.
    pub org: OrgRef,
    /// Its name.
    pub name: String,
    /// Score out of 100.
    pub score: f64,
    /// Every factor that made the score, in words and numbers.
    pub factors: Vec<Factor>,
    /// Possible competition, with its evidence.
    pub competition: Vec<CompetitionFlag>,
    /// Whether the competition policy halved the score.
    pub down_weighted: bool,
    /// Existing relationships with the organisation in need.
    pub relationships: Vec<String>,
}

/// Why an organisation is not in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// It is the organisation in need, its trust, or one of that trust's schools.
    OwnTrust,
    /// Its nearest school is beyond the need's reach.
    BeyondReach,
    /// It is a possible competitor and the person chose to leave those out.
    Competitor,
    /// A partner organisation without a matching offer (partners have no public data).
    PartnerWithoutOffer,
    /// Not an open school, a profiled trust or a partner organisation.
    NotACandidate,
}

impl Exclusion {
    /// In words.
    pub fn describe(&self) -> &'static str {
        match self {
            Exclusion::OwnTrust => {
                "It is the organisation in need, its own trust or one of that trust's schools, \
                 so it is never a candidate"
            }
            Exclusion::BeyondReach => "Its nearest school is further away than the need allows",
            Exclusion::Competitor => {
                "It may compete for the same pupils, and you chose to leave possible \
                 competitors out"
            }
            Exclusion::PartnerWithoutOffer => {
                "Partner organisations are candidates only when they have an offer in the \
                 area, as Convene holds no public data on them"
            }
            Exclusion::NotACandidate => {
                "It is not an open school, an academy trust with open schools or a partner \
                 organisation on Convene"
            }
        }
    }
}

/// One candidate as the ranking keeps it. Every organisation in England is scored, so only
/// the score is kept; the few candidates shown are measured again for their words (see
/// [`measure`]), with the same code, so the words always match the score.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scored {
    score: f64,
    org: OrgRef,
}

/// The ranking for one need.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// The weights as given.
    pub weights: Weights,
    /// The weights as used (factors that cannot apply set to 0).
    pub effective: Weights,
    /// The competition policy.
    pub policy: CompetitionPolicy,
    /// What the ranking had to set aside and why, in words.
    pub notes: Vec<String>,
    need: RankingNeed,
    need_schools: Vec<Urn>,
    own_trust: Option<GroupUid>,
    similar_trusts: HashMap<GroupUid, f64>,
    /// Every candidate, best first.
    scored: Vec<Scored>,
}

/// Straight-line distance within which same-phase schools may draw on the same pupils:
/// primary pupils mostly travel less than 3 km, secondary pupils less than 8 km.
pub fn catchment_km(phase: Phase) -> Option<f64> {
    match phase {
        Phase::Nursery | Phase::Primary => Some(3.0),
        Phase::Secondary | Phase::AllThrough | Phase::SixteenPlus => Some(8.0),
        _ => None,
    }
}

/// Ranks every candidate for `need`. `evidence` and `analysis` are from the same import;
/// `market` is Convene's own records.
pub fn rank(
    need: &RankingNeed,
    weights: Weights,
    policy: CompetitionPolicy,
    evidence: &EvidenceIndex,
    analysis: &SystemAnalysis,
    market: &Market,
) -> Ranking {
    let need_schools: Vec<Urn> = resolve_schools(need, evidence);
    let in_need: Vec<&SchoolFacts> = need_schools
        .iter()
        .filter_map(|u| evidence.school(*u))
        .collect();
    let own_trust: Option<GroupUid> = match need.owner {
        OrgRef::Trust(uid) => Some(uid),
        OrgRef::School(urn) => analysis.trust_of(urn),
        OrgRef::Partner(_) => None,
    };
    let (effective, notes) = effective_weights(need, weights, &in_need);
    // For a trust's need, the trusts most like it (by the similar-trusts method) count as
    // close in context however their individual schools compare.
    let similar_trusts: HashMap<GroupUid, f64> = match need.owner {
        OrgRef::Trust(uid) => analysis
            .similar_trusts(uid)
            .map(|family| {
                family
                    .neighbours
                    .iter()
                    .map(|n| (n.uid, 1.0 / (1.0 + n.distance)))
                    .collect()
            })
            .unwrap_or_default(),
        _ => HashMap::new(),
    };
    let yardstick = Yardstick::new(
        need,
        &in_need,
        evidence,
        market,
        policy,
        effective,
        own_trust,
        &similar_trusts,
    );
    let scored = score_everyone(&yardstick);
    Ranking {
        weights,
        effective,
        policy,
        notes,
        need: need.clone(),
        need_schools,
        own_trust,
        similar_trusts,
        scored,
    }
}

/// The weights as used for this need, and what was set aside and why.
fn effective_weights(
    need: &RankingNeed,
    weights: Weights,
    in_need: &[&SchoolFacts],
) -> (Weights, Vec<String>) {
    let mut effective = weights;
    let mut notes = Vec::new();
    if need.area.indicators().is_empty() {
        // The area relies on declared offers and track record: evidence's weight moves to
        // them, in proportion to their own weights (equally if both are 0).
        let moved = effective.evidence;
        let (offer, track) = (effective.offer, effective.track_record);
        let offer_share = if offer + track > 0.0 {
            offer / (offer + track)
        } else {
            0.5
        };
        effective.offer += moved * offer_share;
        effective.track_record += moved * (1.0 - offer_share);
        effective.evidence = 0.0;
        notes.push(format!(
            "{}: {}. The weight for evidence ({moved:.0}) is given to declared offers and \
             track record instead.",
            need.area.label(),
            need.area.evidence_note()
        ));
    }
    let located = in_need.iter().any(|f| f.location.is_some());
    if in_need.is_empty() {
        effective.context = 0.0;
        effective.distance = 0.0;
        notes.push(
            "The organisation in need has no open schools in Convene's data, so similar \
             context and distance are not used."
                .into(),
        );
    } else if !located {
        effective.distance = 0.0;
        notes.push(
            "The schools in need have no published location, so distance is not used.".into(),
        );
    } else if need.reach == Reach::Anywhere {
        effective.distance = 0.0;
        notes.push(
            "The need accepts help from anywhere in England, so distance is shown but not \
             scored."
                .into(),
        );
    }
    (effective, notes)
}

/// Scores every candidate, best first. Trusts are taken one at a time with their schools,
/// so each school is compared with the schools in need once, for itself and its trust;
/// candidates beyond the need's reach are skipped before the comparison in context.
fn score_everyone(y: &Yardstick) -> Vec<Scored> {
    let evidence = y.evidence;
    let spots = evidence.spots();
    let strengths = evidence.strengths_in(y.need.area);
    let area = y.need.area;
    let k = y.schools_in_need;
    let mut scored = Vec::with_capacity(spots.len() + evidence.trusts().len());
    let mut keep = |org: OrgRef, measured: Result<Measured, Exclusion>| {
        if let Ok(m) = measured {
            scored.push(Scored {
                score: m.score,
                org,
            });
        }
    };
    let mut in_a_trust = vec![false; spots.len()];
    let mut placements: Vec<Placement> = Vec::new();
    let mut closeness = vec![0.0; k];
    let mut school_tally = Tally::new(k);
    let mut trust_tally = Tally::new(k);
    for trust in evidence.trusts() {
        for m in &trust.members {
            in_a_trust[*m] = true;
        }
        if Some(trust.uid) == y.own_trust {
            continue;
        }
        placements.clear();
        placements.extend(trust.members.iter().map(|m| y.place(&spots[*m])));
        if !placements.iter().any(|p| y.within_reach(p)) {
            continue;
        }
        trust_tally.clear();
        for (m, placement) in trust.members.iter().zip(&placements) {
            let spot = &spots[*m];
            let best = y.compare(spot, &mut closeness);
            trust_tally.add(spot.urn, *placement, best, &closeness);
            let org = OrgRef::School(spot.urn);
            if org != y.need.owner && y.within_reach(placement) {
                school_tally.clear();
                school_tally.add(spot.urn, *placement, best, &closeness);
                let strength = strengths[*m].map(f64::from);
                keep(org, y.score(org, strength, &school_tally));
            }
        }
        let org = OrgRef::Trust(trust.uid);
        let strength = trust.strength(area).map(|(s, _)| s);
        keep(org, y.score(org, strength, &trust_tally));
    }
    for (position, spot) in spots.iter().enumerate() {
        if in_a_trust[position] {
            continue;
        }
        let org = OrgRef::School(spot.urn);
        if org == y.need.owner || (y.own_trust.is_some() && spot.trust == y.own_trust) {
            continue;
        }
        let placement = y.place(spot);
        if !y.within_reach(&placement) {
            continue;
        }
        let best = y.compare(spot, &mut closeness);
        school_tally.clear();
        school_tally.add(spot.urn, placement, best, &closeness);
        let strength = strengths[position].map(f64::from);
        keep(org, y.score(org, strength, &school_tally));
    }
    let mut partners: Vec<OrgRef> = y
        .offers_by_org
        .keys()
        .filter(|o| matches!(o, OrgRef::Partner(_)) && **o != y.need.owner)
        .copied()
        .collect();
    partners.sort();
    school_tally.clear();
    for org in partners {
        keep(org, y.score(org, None, &school_tally));
    }
    // Organisations are unique, so an unstable sort gives the same order every time.
    scored.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.org.cmp(&b.org)));
    scored
}

fn resolve_schools(need: &RankingNeed, evidence: &EvidenceIndex) -> Vec<Urn> {
    if !need.schools.is_empty() {
        return need.schools.clone();
    }
    match need.owner {
        OrgRef::School(urn) => vec![urn],
        OrgRef::Trust(uid) => evidence
            .trust(uid)
            .map(|t| {
                t.members
                    .iter()
                    .map(|m| evidence.schools()[*m].urn)
                    .collect()
            })
            .unwrap_or_default(),
        OrgRef::Partner(_) => Vec::new(),
    }
}

/// The candidate's best offer for the need (within its own reach), preferring a matching
/// form of help, then more spare days, then the older offer.
fn best_offer(
    market: &Market,
    offers: Option<&Vec<usize>>,
    need: &RankingNeed,
    km: Option<f64>,
) -> Option<(usize, bool)> {
    offers?
        .iter()
        .copied()
        .filter(|i| {
            let offer = &market.offers[*i];
            match (offer.reach.limit_km(), km) {
                (Some(limit), Some(km)) => km <= limit,
                _ => true,
            }
        })
        .map(|i| (i, market.offers[i].form == need.form))
        .max_by(|(a, fa), (b, fb)| {
            fa.cmp(fb)
                .then(
                    market.offers[*a]
                        .spare_days
                        .cmp(&market.offers[*b].spare_days),
                )
                .then(market.offers[*b].offer.cmp(&market.offers[*a].offer))
        })
}

fn offer_value(offer: &OfferCapacity, need: &RankingNeed, form_matches: bool) -> f64 {
    let base = if form_matches { 1.0 } else { 0.7 };
    let share = if need.days == 0 {
        1.0
    } else {
        (f64::from(offer.spare_days) / f64::from(need.days)).min(1.0)
    };
    base * share
}

fn track_value(track: &TrackRecord) -> f64 {
    let volume = (f64::from(track.completed) / 3.0).min(1.0);
    let quality = if track.ratings.is_empty() {
        0.6
    } else {
        track.ratings.iter().map(|r| f64::from(*r)).sum::<f64>()
            / (5.0 * track.ratings.len() as f64)
    };
    volume * quality
}

impl Ranking {
    /// How many candidates there are.
    pub fn len(&self) -> usize {
        self.scored.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.scored.is_empty()
    }

    /// The schools in need the ranking measured from.
    pub fn need_schools(&self) -> &[Urn] {
        &self.need_schools
    }

    /// Candidates `offset..offset + limit`, with every factor in words.
    pub fn page(
        &self,
        offset: usize,
        limit: usize,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> Vec<Candidate> {
        let yardstick = self.yardstick(evidence, market);
        self.scored
            .iter()
            .enumerate()
            .skip(offset)
            .take(limit)
            .filter_map(|(rank, s)| {
                let measured = yardstick.measure(s.org).ok()?;
                Some(self.explain_measured(rank, s.org, &measured, evidence, market))
            })
            .collect()
    }

    /// The organisations in order, with their scores, without words (for CSV and tests).
    pub fn order(&self) -> impl Iterator<Item = (OrgRef, f64)> + '_ {
        self.scored.iter().map(|s| (s.org, s.score))
    }

    /// One organisation's place and reasons ("why is this one not higher?"), or why it is
    /// not in the ranking at all.
    pub fn explain(
        &self,
        org: OrgRef,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> Result<Candidate, Exclusion> {
        let measured = self.yardstick(evidence, market).measure(org)?;
        // A lookup is rare (one per page), so a scan beats keeping a map for every ranking.
        let rank = self
            .scored
            .iter()
            .position(|s| s.org == org)
            .ok_or(Exclusion::NotACandidate)?;
        Ok(self.explain_measured(rank, org, &measured, evidence, market))
    }

    /// The need as the ranking measured candidates against it, to measure a few again.
    fn yardstick<'a>(&'a self, evidence: &'a EvidenceIndex, market: &'a Market) -> Yardstick<'a> {
        let in_need: Vec<&SchoolFacts> = self
            .need_schools
            .iter()
            .filter_map(|u| evidence.school(*u))
            .collect();
        Yardstick::new(
            &self.need,
            &in_need,
            evidence,
            market,
            self.policy,
            self.effective,
            self.own_trust,
            &self.similar_trusts,
        )
    }
}

mod measure;
mod words;

#[cfg(test)]
mod tests;
