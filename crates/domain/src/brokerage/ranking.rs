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
use crate::similarity::distance_km;
use crate::{Date, GroupUid, Urn};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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

/// The numbers behind one candidate, kept compact so every organisation in England can be
/// scored in a few milliseconds; words are made only for those shown.
#[derive(Debug, Clone, PartialEq)]
struct Scored {
    org: OrgRef,
    values: [f64; 5],
    score: f64,
    nearest: Option<(f64, Urn, Urn)>,
    best_context: Option<(f64, Urn, Urn)>,
    offer: Option<(usize, bool)>,
    similar_trust: Option<f64>,
    competitor: bool,
    down_weighted: bool,
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
    /// Every candidate, in the order they were scored.
    scored: Vec<Scored>,
    /// Positions in `scored`, best first.
    order: Vec<u32>,
    excluded: Vec<(OrgRef, Exclusion)>,
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

struct NeedSchool<'a> {
    facts: &'a SchoolFacts,
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
    let in_need: Vec<NeedSchool> = need_schools
        .iter()
        .filter_map(|u| evidence.school(*u))
        .map(|facts| NeedSchool { facts })
        .collect();
    let own_trust: Option<GroupUid> = match need.owner {
        OrgRef::Trust(uid) => Some(uid),
        OrgRef::School(urn) => analysis.trust_of(urn),
        OrgRef::Partner(_) => None,
    };
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
    let located = in_need.iter().any(|n| n.facts.location.is_some());
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
    let total_weight: f64 = FactorKind::ALL.iter().map(|k| effective.of(*k)).sum();

    // Per school: the nearest school in need and possible competition first (cheap), then
    // closeness in context to each school in need, only for schools that can still be
    // candidates (themselves, or through their trust, within the need's reach).
    struct PerSchool {
        nearest: Option<(f64, Urn)>,
        best_context: Option<(f64, Urn)>,
        competitor: bool,
    }
    let schools = evidence.schools();
    let k = in_need.len();
    // Squared grid distances in metres compare exactly as distances do, so the square root
    // is taken once per school rather than once per pair.
    let located: Vec<(i64, i64, Phase, Urn)> = in_need
        .iter()
        .filter_map(|n| {
            n.facts
                .location
                .map(|l| (l.easting, l.northing, n.facts.phase, n.facts.urn))
        })
        .collect();
    let mut per_school: Vec<PerSchool> = schools
        .iter()
        .map(|s| {
            let mut nearest: Option<(i64, Urn)> = None;
            let mut competitor = false;
            if let Some(a) = s.location {
                let catchment = catchment_km(s.phase).map(|km| {
                    let metres = (km * 1000.0) as i64;
                    metres * metres
                });
                for (easting, northing, phase, urn) in &located {
                    let (de, dn) = (a.easting - easting, a.northing - northing);
                    let squared = de * de + dn * dn;
                    if nearest.is_none_or(|(d, _)| squared < d) {
                        nearest = Some((squared, *urn));
                    }
                    if s.phase == *phase && catchment.is_some_and(|limit| squared <= limit) {
                        competitor = true;
                    }
                }
            }
            PerSchool {
                nearest: nearest.map(|(squared, urn)| ((squared as f64).sqrt() / 1000.0, urn)),
                best_context: None,
                competitor,
            }
        })
        .collect();
    let reach_limit = need.reach.limit_km().filter(|_| effective.distance > 0.0);
    let mut wanted: Vec<bool> = match reach_limit {
        None => vec![true; schools.len()],
        Some(limit) => per_school
            .iter()
            .map(|p| p.nearest.is_none_or(|(km, _)| km <= limit))
            .collect(),
    };
    if reach_limit.is_some() {
        for trust in evidence.trusts() {
            if trust.members.iter().any(|m| wanted[*m]) {
                for m in &trust.members {
                    wanted[*m] = true;
                }
            }
        }
    }
    // closeness[school * k + i]: closeness of a school to the i-th school in need (a
    // school's row is contiguous, as its trust reads it whole). Only
    // schools of the same phase are compared, so each school in need is set against its own
    // phase's schools alone.
    let n = schools.len();
    let mut closeness = vec![0.0f64; n * k];
    for (i, need_school) in in_need.iter().enumerate() {
        let Some(theirs) = need_school.facts.context.as_deref() else {
            continue;
        };
        for &index in evidence.phase_members(need_school.facts.phase) {
            if !wanted[index] {
                continue;
            }
            let Some(mine) = schools[index].context.as_deref() else {
                continue;
            };
            let d = mine
                .iter()
                .zip(theirs)
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f64>()
                .sqrt();
            let sim = 1.0 / (1.0 + d);
            closeness[index * k + i] = sim;
            let best = &mut per_school[index].best_context;
            if best.is_none_or(|(b, _)| sim > b) {
                *best = Some((sim, need_school.facts.urn));
            }
        }
    }

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
    let mut offers_by_org: HashMap<OrgRef, Vec<usize>> = HashMap::new();
    for (i, offer) in market.offers.iter().enumerate() {
        if offer.area == need.area && offer.to >= need.from && offer.from <= need.to {
            offers_by_org.entry(offer.owner).or_default().push(i);
        }
    }

    let mut scored = Vec::with_capacity(evidence.schools().len() + evidence.trusts().len());
    let mut excluded: Vec<(OrgRef, Exclusion)> = Vec::new();
    let mut buffer = vec![0.0f64; k];
    let mut consider = |org: OrgRef,
                        strength: Option<f64>,
                        members: &[usize],
                        scored: &mut Vec<Scored>,
                        excluded: &mut Vec<(OrgRef, Exclusion)>| {
        // Nearest pair and context over the candidate's schools.
        let mut nearest: Option<(f64, Urn, Urn)> = None;
        let mut best_context: Option<(f64, Urn, Urn)> = None;
        let context_values = &mut buffer;
        context_values.iter_mut().for_each(|v| *v = 0.0);
        let mut competitor = false;
        for m in members {
            let p = &per_school[*m];
            let urn = evidence.schools()[*m].urn;
            if let Some((km, need_urn)) = p.nearest {
                if nearest.is_none_or(|(d, _, _)| km < d) {
                    nearest = Some((km, urn, need_urn));
                }
            }
            if let Some((sim, need_urn)) = p.best_context {
                if best_context.is_none_or(|(b, _, _)| sim > b) {
                    best_context = Some((sim, urn, need_urn));
                }
            }
            for (slot, sim) in context_values
                .iter_mut()
                .zip(&closeness[*m * k..(*m + 1) * k])
            {
                *slot = slot.max(*sim);
            }
            competitor |= p.competitor;
        }
        let km = nearest.map(|(km, _, _)| km);
        if let (Some(limit), Some(km)) = (need.reach.limit_km(), km) {
            if km > limit && effective.distance > 0.0 {
                excluded.push((org, Exclusion::BeyondReach));
                return;
            }
        }
        if competitor && policy == CompetitionPolicy::Exclude {
            excluded.push((org, Exclusion::Competitor));
            return;
        }
        let evidence_value = strength.map_or(0.0, |s| (s / 2.0).clamp(0.0, 1.0));
        let school_context = if in_need.is_empty() {
            0.0
        } else {
            context_values.iter().sum::<f64>() / in_need.len() as f64
        };
        let similar_trust = match org {
            OrgRef::Trust(uid) => similar_trusts.get(&uid).copied(),
            _ => None,
        };
        let context_value = school_context.max(similar_trust.unwrap_or(0.0));
        let distance_value = match (need.reach.limit_km(), km) {
            (Some(limit), Some(km)) => (1.0 - km / limit).clamp(0.0, 1.0),
            _ => 0.0,
        };
        let offer = if offers_by_org.is_empty() {
            None
        } else {
            best_offer(market, offers_by_org.get(&org), need, km)
        };
        let offer_value = offer.map_or(0.0, |(i, form_matches)| {
            offer_value(&market.offers[i], need, form_matches)
        });
        let track_value = if market.track.is_empty() {
            0.0
        } else {
            market.track.get(&org).map_or(0.0, track_value)
        };
        let values = [
            evidence_value,
            context_value,
            distance_value,
            offer_value,
            track_value,
        ];
        let mut score = if total_weight > 0.0 {
            100.0
                * FactorKind::ALL
                    .iter()
                    .map(|k| effective.of(*k) * values[k.index()])
                    .sum::<f64>()
                / total_weight
        } else {
            0.0
        };
        let down_weighted = competitor && policy == CompetitionPolicy::DownWeight;
        if down_weighted {
            score *= COMPETITOR_MULTIPLIER;
        }
        scored.push(Scored {
            org,
            values,
            score,
            nearest,
            best_context,
            offer,
            similar_trust,
            competitor,
            down_weighted,
        });
    };

    for (i, school) in evidence.schools().iter().enumerate() {
        let org = OrgRef::School(school.urn);
        if org == need.owner || (own_trust.is_some() && school.trust == own_trust) {
            excluded.push((org, Exclusion::OwnTrust));
            continue;
        }
        consider(
            org,
            school.strength(need.area),
            &[i],
            &mut scored,
            &mut excluded,
        );
    }
    for trust in evidence.trusts() {
        let org = OrgRef::Trust(trust.uid);
        if Some(trust.uid) == own_trust {
            excluded.push((org, Exclusion::OwnTrust));
            continue;
        }
        consider(
            org,
            trust.strength(need.area).map(|(s, _)| s),
            &trust.members,
            &mut scored,
            &mut excluded,
        );
    }
    let partners: HashSet<OrgRef> = offers_by_org
        .keys()
        .filter(|o| matches!(o, OrgRef::Partner(_)))
        .copied()
        .collect();
    let mut partners: Vec<OrgRef> = partners.into_iter().collect();
    partners.sort();
    for org in partners {
        if org == need.owner {
            excluded.push((org, Exclusion::OwnTrust));
            continue;
        }
        consider(org, None, &[], &mut scored, &mut excluded);
    }
    // Sort small keys and keep the candidates where they are (moving every candidate a
    // dozen times was most of a ranking's cost); organisations are unique, so an unstable
    // sort gives the same order every time.
    let mut keys: Vec<(f64, OrgRef, u32)> = scored
        .iter()
        .enumerate()
        .map(|(i, s)| (s.score, s.org, i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let order = keys.into_iter().map(|(_, _, i)| i).collect();
    Ranking {
        weights,
        effective,
        policy,
        notes,
        need: need.clone(),
        need_schools,
        scored,
        order,
        excluded,
    }
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
        self.order
            .iter()
            .enumerate()
            .skip(offset)
            .take(limit)
            .map(|(rank, i)| self.explain_scored(rank, &self.scored[*i as usize], evidence, market))
            .collect()
    }

    /// The organisations in order, with their scores, without words (for CSV and tests).
    pub fn order(&self) -> impl Iterator<Item = (OrgRef, f64)> + '_ {
        self.order
            .iter()
            .map(|i| &self.scored[*i as usize])
            .map(|s| (s.org, s.score))
    }

    /// One organisation's place and reasons ("why is this one not higher?"), or why it is
    /// not in the ranking at all.
    pub fn explain(
        &self,
        org: OrgRef,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> Result<Candidate, Exclusion> {
        // A lookup is rare (one per page), so a scan beats keeping a map for every ranking.
        let found = self
            .order
            .iter()
            .enumerate()
            .find(|(_, i)| self.scored[**i as usize].org == org);
        match found {
            Some((rank, i)) => {
                Ok(self.explain_scored(rank, &self.scored[*i as usize], evidence, market))
            }
            None => Err(self
                .excluded
                .iter()
                .find(|(o, _)| *o == org)
                .map(|(_, why)| why.clone())
                .unwrap_or(match org {
                    OrgRef::Partner(_) => Exclusion::PartnerWithoutOffer,
                    _ => Exclusion::NotACandidate,
                })),
        }
    }

    fn explain_scored(
        &self,
        index: usize,
        s: &Scored,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> Candidate {
        let total: f64 = FactorKind::ALL.iter().map(|k| self.effective.of(*k)).sum();
        let multiplier = if s.down_weighted {
            COMPETITOR_MULTIPLIER
        } else {
            1.0
        };
        let factors = FactorKind::ALL
            .iter()
            .map(|kind| {
                let weight = self.effective.of(*kind);
                let value = s.values[kind.index()];
                let points = if total > 0.0 {
                    100.0 * weight * value / total * multiplier
                } else {
                    0.0
                };
                let (summary, figures) = self.words(*kind, s, evidence, market);
                Factor {
                    kind: *kind,
                    weight,
                    value,
                    points,
                    summary,
                    figures,
                }
            })
            .collect();
        Candidate {
            rank: index + 1,
            org: s.org,
            name: name_of(s.org, evidence, market),
            score: s.score,
            factors,
            competition: if s.competitor {
                self.competition_flags(s.org, evidence)
            } else {
                Vec::new()
            },
            down_weighted: s.down_weighted,
            relationships: market
                .relationships
                .get(&s.org)
                .cloned()
                .unwrap_or_default(),
        }
    }

    fn members(&self, org: OrgRef, evidence: &EvidenceIndex) -> Vec<Urn> {
        match org {
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

    fn competition_flags(&self, org: OrgRef, evidence: &EvidenceIndex) -> Vec<CompetitionFlag> {
        let mut flags = Vec::new();
        for urn in self.members(org, evidence) {
            let Some(mine) = evidence.school(urn) else {
                continue;
            };
            for need_urn in &self.need_schools {
                let Some(theirs) = evidence.school(*need_urn) else {
                    continue;
                };
                let (Some(a), Some(b)) = (mine.location, theirs.location) else {
                    continue;
                };
                let km = distance_km(a, b);
                let Some(limit) = catchment_km(mine.phase) else {
                    continue;
                };
                if mine.phase != theirs.phase || km > limit {
                    continue;
                }
                let demand = |f: &SchoolFacts| match &f.first_preferences {
                    Some((v, year)) => format!("{v:.2} first preferences per place ({year})"),
                    None => "first preferences not published".into(),
                };
                flags.push(CompetitionFlag {
                    candidate_school: urn,
                    need_school: *need_urn,
                    km,
                    evidence: format!(
                        "{} and {} are both {} schools {:.1} km apart (within the {:.0} km most \
                         {} pupils travel), so they may draw on the same families. Demand: \
                         {}, {}; {}, {} (admissions data, Department for Education).",
                        mine.name,
                        theirs.name,
                        mine.phase.label().to_lowercase(),
                        km,
                        limit,
                        mine.phase.label().to_lowercase(),
                        mine.name,
                        demand(mine),
                        theirs.name,
                        demand(theirs)
                    ),
                });
            }
        }
        flags.sort_by(|a, b| a.km.total_cmp(&b.km));
        flags.truncate(10);
        flags
    }

    fn words(
        &self,
        kind: FactorKind,
        s: &Scored,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> (String, Vec<String>) {
        let area = self.need.area;
        match kind {
            FactorKind::Evidence => {
                if area.indicators().is_empty() {
                    return (area.evidence_note().to_string(), Vec::new());
                }
                let strength = match s.org {
                    OrgRef::School(urn) => evidence
                        .school(urn)
                        .and_then(|f| f.strength(area))
                        .map(|v| (v, 1)),
                    OrgRef::Trust(uid) => evidence.trust(uid).and_then(|t| t.strength(area)),
                    OrgRef::Partner(_) => None,
                };
                let mut figures = Vec::new();
                for urn in self.members(s.org, evidence) {
                    let items = evidence.evidence_in(urn, area);
                    if items.is_empty() {
                        continue;
                    }
                    let name = evidence.school(urn).map_or("", |f| f.name.as_str());
                    for item in items {
                        figures.push(format!(
                            "{name}: {} (source: {})",
                            item.describe(),
                            item.source
                        ));
                    }
                }
                let total_figures = figures.len();
                figures.truncate(12);
                if total_figures > 12 {
                    figures.push(format!("and {} more figures", total_figures - 12));
                }
                let summary = match (s.org, strength) {
                    (OrgRef::Partner(_), _) => {
                        "Convene holds no public results for partner organisations".to_string()
                    }
                    (_, None) => format!(
                        "No published figure in {} for this candidate's schools: not published, \
                         so no credit for evidence",
                        area.label().to_lowercase()
                    ),
                    (OrgRef::Trust(_), Some((v, n))) => format!(
                        "{} {:.2} standard deviations {} their families' median, pupil-weighted \
                         over {n} of its schools with figures",
                        "Its schools are on average",
                        v.abs(),
                        if v >= 0.0 { "above" } else { "below" }
                    ),
                    (_, Some((v, _))) => format!(
                        "{:.2} standard deviations {} its family's median",
                        v.abs(),
                        if v >= 0.0 { "above" } else { "below" }
                    ),
                };
                (summary, figures)
            }
            FactorKind::Context => match (s.best_context, s.similar_trust) {
                (_, Some(closeness)) if closeness >= s.values[1] - 1e-12 => (
                    format!(
                        "One of the trusts most like the trust in need (closeness {closeness:.2} \
                         by the similar-trusts method)"
                    ),
                    vec![
                        "Similar trusts are compared on size, phases, disadvantage, EAL, \
                         urban/rural mix, spread and Ofsted profile (see /about/similarity)"
                            .to_string(),
                    ],
                ),
                (Some((sim, mine, theirs)), _) => {
                    let name =
                        |u: Urn| evidence.school(u).map_or(String::new(), |f| f.name.clone());
                    (
                        format!(
                            "Closeness {:.2} averaged over the {} school(s) in need; its most \
                             similar school is {} (URN {}), closeness {sim:.2} to {} (URN {})",
                            s.values[1],
                            self.need_schools.len(),
                            name(mine),
                            mine.0,
                            name(theirs),
                            theirs.0
                        ),
                        vec![
                            "Closeness is 1 / (1 + context distance), the distance families are \
                             drawn by: pupils, disadvantage, SEN, EHC plans, EAL, IDACI \
                             (see /about/families for the sources and years)"
                                .to_string(),
                        ],
                    )
                }
                (None, _) => (
                    "No school of the same phase to compare with the schools in need".into(),
                    Vec::new(),
                ),
            },
            FactorKind::Distance => match s.nearest {
                Some((km, mine, theirs)) => (
                    format!(
                        "{km:.1} km in a straight line from {} to {} ({})",
                        evidence.school(mine).map_or("", |f| f.name.as_str()),
                        evidence.school(theirs).map_or("", |f| f.name.as_str()),
                        self.need.reach.describe().to_lowercase()
                    ),
                    vec!["Locations from Get Information about Schools".into()],
                ),
                None => (
                    "Distance not known: no published location".into(),
                    Vec::new(),
                ),
            },
            FactorKind::Offer => match s.offer {
                Some((i, form_matches)) => {
                    let offer = &market.offers[i];
                    (
                        format!(
                            "Offer {} in {}: {} of {} days per term still free{}",
                            offer.offer.0,
                            area.label().to_lowercase(),
                            offer.spare_days,
                            offer.days_per_term,
                            if form_matches {
                                format!(", as {}", offer.form.label().to_lowercase())
                            } else {
                                format!(
                                    "; offers {} rather than {}",
                                    offer.form.label().to_lowercase(),
                                    self.need.form.label().to_lowercase()
                                )
                            }
                        ),
                        if offer.spare_days == 0 {
                            vec!["Its capacity is used up by collaborations already agreed".into()]
                        } else {
                            Vec::new()
                        },
                    )
                }
                None => (
                    "No declared offer in this area available in the need's dates and reach".into(),
                    Vec::new(),
                ),
            },
            FactorKind::TrackRecord => match market.track.get(&s.org) {
                Some(t) if t.completed > 0 || t.active > 0 => (
                    format!(
                        "{} completed and {} active collaborations on Convene as a helper{}",
                        t.completed,
                        t.active,
                        if t.ratings.is_empty() {
                            ", no feedback yet".to_string()
                        } else {
                            format!(
                                ", average feedback {:.1} out of 5 from {} rating(s)",
                                t.ratings.iter().map(|r| f64::from(*r)).sum::<f64>()
                                    / t.ratings.len() as f64,
                                t.ratings.len()
                            )
                        }
                    ),
                    Vec::new(),
                ),
                _ => ("No collaborations on Convene yet".into(), Vec::new()),
            },
        }
    }
}

fn name_of(org: OrgRef, evidence: &EvidenceIndex, market: &Market) -> String {
    match org {
        OrgRef::School(urn) => evidence.school(urn).map(|f| f.name.clone()),
        OrgRef::Trust(uid) => evidence.trust(uid).map(|t| t.name.clone()),
        OrgRef::Partner(id) => market.partner_names.get(&id).cloned(),
    }
    .unwrap_or_else(|| org.key())
}

#[cfg(test)]
mod tests;
