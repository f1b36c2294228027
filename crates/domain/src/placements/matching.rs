//! Which available leaders suit a request, and why.
//!
//! A leader is a match only if their role is the one asked for, they are free for at least
//! part of the period, the requesting organisation is within their reach, and their trust is
//! neither the requesting organisation nor one the caller says is conflicted. Each match
//! then gets four factors, each a value from 0 to 1 times a weight, and the points add up to
//! a score out of 100:
//!
//! - **role** (20): always full for a match; it is there so the score reads as a whole;
//! - **dates** (40): the share of the requested period the leader is available;
//! - **days** (25): days a week available against days asked, at most 1;
//! - **distance** (15): for a reach "within N km", `1 - km / N`; for "anywhere", full; an
//!   unknown distance with a limited reach scores 0 and says so.
//!
//! Ties are broken by organisation and then by entry number, so the same register always
//! gives the same order. Every leader left out is listed with the reason in words.

use super::register::{AvailableLeader, AvailableLeaderId, LeaderRequest};
use crate::brokerage::posting::Reach;
use crate::party::OrgRef;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Weight of the role factor.
pub const ROLE_WEIGHT: f64 = 20.0;
/// Weight of the dates factor.
pub const DATES_WEIGHT: f64 = 40.0;
/// Weight of the days-per-week factor.
pub const DAYS_WEIGHT: f64 = 25.0;
/// Weight of the distance factor.
pub const DISTANCE_WEIGHT: f64 = 15.0;

/// The four factors of a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchFactorKind {
    /// The role asked for.
    Role,
    /// Availability over the period asked.
    Dates,
    /// Days a week available against days asked.
    Days,
    /// Distance against the leader's reach.
    Distance,
}

impl MatchFactorKind {
    /// Every factor, in the order pages show them.
    pub const ALL: [MatchFactorKind; 4] = [
        MatchFactorKind::Role,
        MatchFactorKind::Dates,
        MatchFactorKind::Days,
        MatchFactorKind::Distance,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            MatchFactorKind::Role => "role",
            MatchFactorKind::Dates => "dates",
            MatchFactorKind::Days => "days",
            MatchFactorKind::Distance => "distance",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<MatchFactorKind> {
        MatchFactorKind::ALL
            .into_iter()
            .find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            MatchFactorKind::Role => "Role",
            MatchFactorKind::Dates => "Available for the period",
            MatchFactorKind::Days => "Days a week",
            MatchFactorKind::Distance => "Distance",
        }
    }

    /// How much it counts, out of 100 for all four.
    pub fn weight(self) -> f64 {
        match self {
            MatchFactorKind::Role => ROLE_WEIGHT,
            MatchFactorKind::Dates => DATES_WEIGHT,
            MatchFactorKind::Days => DAYS_WEIGHT,
            MatchFactorKind::Distance => DISTANCE_WEIGHT,
        }
    }
}

/// One factor of one match, in numbers and words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchFactor {
    /// Which factor.
    pub kind: MatchFactorKind,
    /// Its value from 0 to 1.
    pub value: f64,
    /// Its weight.
    pub weight: f64,
    /// Points it adds to the score: value times weight.
    pub points: f64,
    /// What it is, in a sentence.
    pub summary: String,
}

impl MatchFactor {
    fn new(kind: MatchFactorKind, value: f64, summary: String) -> MatchFactor {
        let value = value.clamp(0.0, 1.0);
        let weight = kind.weight();
        MatchFactor {
            kind,
            value,
            weight,
            points: value * weight,
            summary,
        }
    }
}

/// A suggested leader, with every factor that made the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderMatch {
    /// Place in the list, from 1.
    pub rank: usize,
    /// The register entry.
    pub leader: AvailableLeaderId,
    /// The organisation making the leader available.
    pub org: OrgRef,
    /// Score out of 100: the sum of the factors' points.
    pub score: f64,
    /// The factors, in [`MatchFactorKind::ALL`] order.
    pub factors: Vec<MatchFactor>,
}

/// Why an available leader is not suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchExclusion {
    /// The leader belongs to the organisation asking.
    OwnOrganisation,
    /// Their organisation has a conflict of interest with the one asking.
    Conflicted,
    /// They are available for a different role.
    DifferentRole,
    /// They are not available at any time in the period asked.
    NotAvailable,
    /// The organisation asking is beyond their reach.
    BeyondReach,
}

impl MatchExclusion {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            MatchExclusion::OwnOrganisation => "own_organisation",
            MatchExclusion::Conflicted => "conflicted",
            MatchExclusion::DifferentRole => "different_role",
            MatchExclusion::NotAvailable => "not_available",
            MatchExclusion::BeyondReach => "beyond_reach",
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            MatchExclusion::OwnOrganisation => "The organisation's own leader",
            MatchExclusion::Conflicted => "A conflict of interest",
            MatchExclusion::DifferentRole => "A different role",
            MatchExclusion::NotAvailable => "Not available in the period",
            MatchExclusion::BeyondReach => "Beyond their reach",
        }
    }
}

/// An available leader left out, and why in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Excluded {
    /// The register entry.
    pub leader: AvailableLeaderId,
    /// The organisation making the leader available.
    pub org: OrgRef,
    /// The first reason found, in the order the module describes.
    pub reason: MatchExclusion,
    /// The reason in a sentence, with its figures.
    pub sentence: String,
}

/// The suggestions for one request, and everyone left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Matches {
    /// Matches, best first.
    pub matches: Vec<LeaderMatch>,
    /// Leaders left out, by organisation and entry.
    pub excluded: Vec<Excluded>,
}

/// Suggests leaders for `request`. `leaders` are the register entries the person asking may
/// see, each with the distance in km from the requesting organisation (none when unknown);
/// `conflicted` are organisations never to suggest (a declared conflict of interest).
pub fn suggest(
    request: &LeaderRequest,
    leaders: &[(AvailableLeader, Option<f64>)],
    conflicted: &BTreeSet<OrgRef>,
) -> Matches {
    let mut matches = Vec::new();
    let mut excluded = Vec::new();
    for (leader, km) in leaders {
        let km = km.filter(|k| !k.is_nan()).map(|k| k.max(0.0));
        match measure(request, leader, km, conflicted) {
            Ok(factors) => matches.push(LeaderMatch {
                rank: 0,
                leader: leader.id,
                org: leader.org,
                score: factors.iter().map(|f| f.points).sum(),
                factors,
            }),
            Err((reason, sentence)) => excluded.push(Excluded {
                leader: leader.id,
                org: leader.org,
                reason,
                sentence,
            }),
        }
    }
    matches.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.org.cmp(&b.org))
            .then(a.leader.cmp(&b.leader))
    });
    for (i, m) in matches.iter_mut().enumerate() {
        m.rank = i + 1;
    }
    excluded.sort_by(|a, b| a.org.cmp(&b.org).then(a.leader.cmp(&b.leader)));
    Matches { matches, excluded }
}

fn measure(
    request: &LeaderRequest,
    leader: &AvailableLeader,
    km: Option<f64>,
    conflicted: &BTreeSet<OrgRef>,
) -> Result<Vec<MatchFactor>, (MatchExclusion, String)> {
    if leader.org == request.org {
        return Err((
            MatchExclusion::OwnOrganisation,
            "This leader is from the organisation asking, so is never suggested to it".into(),
        ));
    }
    if conflicted.contains(&leader.org) {
        return Err((
            MatchExclusion::Conflicted,
            "Their organisation has a conflict of interest with the organisation asking, so \
             is not suggested"
                .into(),
        ));
    }
    if !leader.role.same_as(&request.role) {
        return Err((
            MatchExclusion::DifferentRole,
            format!(
                "They are available as {}, but the request is for {}",
                leader.role.label(),
                request.role.label()
            ),
        ));
    }
    let asked = span(request.from, request.to);
    let overlap = overlap_days(request.from, request.to, leader.from, leader.to);
    if overlap == 0 {
        return Err((
            MatchExclusion::NotAvailable,
            format!(
                "They are available from {} to {}, not at any time from {} to {}",
                leader.from.long(),
                leader.to.long(),
                request.from.long(),
                request.to.long()
            ),
        ));
    }
    let distance = distance_factor(leader.reach, km)?;
    let role = MatchFactor::new(
        MatchFactorKind::Role,
        1.0,
        format!("Available as {}, the role asked for", leader.role.label()),
    );
    let dates_value = overlap as f64 / asked as f64;
    let dates_summary = if overlap == asked {
        format!(
            "Available for the whole period asked, {} to {}",
            request.from.long(),
            request.to.long()
        )
    } else {
        format!(
            "Available for {overlap} of the {asked} days asked ({:.0}%), from {} to {}",
            dates_value * 100.0,
            leader.from.max(request.from).long(),
            leader.to.min(request.to).long()
        )
    };
    let dates = MatchFactor::new(MatchFactorKind::Dates, dates_value, dates_summary);
    let offered = leader.days_per_week;
    let wanted = request.days_per_week;
    let days_summary = if offered >= wanted {
        format!(
            "Available {}, enough for the {} asked",
            offered.describe(),
            wanted.describe()
        )
    } else {
        format!(
            "Available {} of the {} asked",
            offered.describe(),
            wanted.describe()
        )
    };
    let days = MatchFactor::new(
        MatchFactorKind::Days,
        offered.days() / wanted.days(),
        days_summary,
    );
    Ok(vec![role, dates, days, distance])
}

fn distance_factor(reach: Reach, km: Option<f64>) -> Result<MatchFactor, (MatchExclusion, String)> {
    let (value, summary) = match (reach, km) {
        (Reach::Anywhere, Some(km)) => (
            1.0,
            format!("{km:.0} km away; they will work anywhere in England"),
        ),
        (Reach::Anywhere, None) => (1.0, "They will work anywhere in England".to_string()),
        (Reach::Within(limit), Some(km)) if km > f64::from(limit) => {
            return Err((
                MatchExclusion::BeyondReach,
                format!(
                    "The organisation asking is {km:.0} km away, beyond their reach of {limit} km"
                ),
            ));
        }
        (Reach::Within(limit), Some(km)) => (
            1.0 - km / f64::from(limit.max(1)),
            format!("{km:.0} km away, within their reach of {limit} km"),
        ),
        (Reach::Within(limit), None) => (
            0.0,
            format!(
                "The distance is not known, so Convene cannot tell whether it is within their \
                 reach of {limit} km"
            ),
        ),
    };
    Ok(MatchFactor::new(MatchFactorKind::Distance, value, summary))
}

/// Days from `from` to `to`, both included.
fn span(from: Date, to: Date) -> i64 {
    (to.days_since_epoch() - from.days_since_epoch() + 1).max(1)
}

/// Days the two periods share, both ends included.
fn overlap_days(a_from: Date, a_to: Date, b_from: Date, b_to: Date) -> i64 {
    let start = a_from.max(b_from).days_since_epoch();
    let end = a_to.min(b_to).days_since_epoch();
    (end - start + 1).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Visibility;
    use crate::ids::GroupUid;
    use crate::placements::register::{DaysPerWeek, LeaderRequestId, LeaderRole, RequestKind};

    fn trust(uid: i64) -> OrgRef {
        OrgRef::Trust(GroupUid(uid))
    }

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn request() -> LeaderRequest {
        LeaderRequest {
            id: LeaderRequestId(1),
            org: trust(1),
            kind: RequestKind::Vacancy,
            role: LeaderRole::Coo,
            days_per_week: DaysPerWeek::from_halves(4).unwrap(),
            from: date(2027, 1, 1),
            to: date(2027, 1, 10),
            description: "Cover our COO".into(),
            confidential: false,
        }
    }

    fn leader(id: i64, org: i64) -> AvailableLeader {
        AvailableLeader {
            id: AvailableLeaderId(id),
            org: trust(org),
            person: Some(format!("Leader {id}")),
            role: LeaderRole::Coo,
            days_per_week: DaysPerWeek::from_halves(4).unwrap(),
            from: date(2026, 9, 1),
            to: date(2027, 8, 31),
            reach: Reach::Within(50),
            description: "Experienced".into(),
            visibility: Visibility::Members,
        }
    }

    #[test]
    fn a_perfect_match_scores_100_with_every_factor_in_words() {
        let found = suggest(&request(), &[(leader(1, 2), Some(0.0))], &BTreeSet::new());
        assert!(found.excluded.is_empty());
        let m = &found.matches[0];
        assert_eq!(m.rank, 1);
        assert!((m.score - 100.0).abs() < 1e-9);
        let kinds: Vec<MatchFactorKind> = m.factors.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, MatchFactorKind::ALL);
        assert_eq!(
            m.factors[1].summary,
            "Available for the whole period asked, 1 January 2027 to 10 January 2027"
        );
        assert_eq!(
            m.factors[2].summary,
            "Available 2 days a week, enough for the 2 days a week asked"
        );
        assert_eq!(
            m.factors[3].summary,
            "0 km away, within their reach of 50 km"
        );
    }

    #[test]
    fn points_are_value_times_weight_and_sum_to_the_score() {
        let mut partial = leader(1, 2);
        partial.from = date(2027, 1, 6);
        partial.days_per_week = DaysPerWeek::from_halves(1).unwrap();
        let mut anywhere = leader(2, 3);
        anywhere.reach = Reach::Anywhere;
        let mut unknown = leader(3, 4);
        unknown.days_per_week = DaysPerWeek::from_halves(10).unwrap();
        let found = suggest(
            &request(),
            &[
                (partial, Some(25.0)),
                (anywhere, Some(300.0)),
                (unknown, None),
            ],
            &BTreeSet::new(),
        );
        assert_eq!(found.matches.len(), 3);
        let weights: f64 = MatchFactorKind::ALL.iter().map(|k| k.weight()).sum();
        assert!((weights - 100.0).abs() < 1e-9);
        for m in &found.matches {
            let sum: f64 = m.factors.iter().map(|f| f.points).sum();
            assert!((sum - m.score).abs() < 1e-9);
            for f in &m.factors {
                assert!((f.points - f.value * f.weight).abs() < 1e-9);
                assert!((0.0..=1.0).contains(&f.value));
                assert!(!f.summary.is_empty());
            }
        }
        let partial = found
            .matches
            .iter()
            .find(|m| m.leader == AvailableLeaderId(1))
            .unwrap();
        assert!((partial.factors[1].value - 0.5).abs() < 1e-9);
        assert_eq!(
            partial.factors[1].summary,
            "Available for 5 of the 10 days asked (50%), from 6 January 2027 to 10 January 2027"
        );
        assert!((partial.factors[2].value - 0.25).abs() < 1e-9);
        assert_eq!(
            partial.factors[2].summary,
            "Available half a day a week of the 2 days a week asked"
        );
        assert!((partial.factors[3].value - 0.5).abs() < 1e-9);
        let unknown = found
            .matches
            .iter()
            .find(|m| m.leader == AvailableLeaderId(3))
            .unwrap();
        assert_eq!(unknown.factors[2].value, 1.0);
        assert_eq!(unknown.factors[3].value, 0.0);
        assert!(unknown.factors[3].summary.contains("not known"));
        let anywhere = found
            .matches
            .iter()
            .find(|m| m.leader == AvailableLeaderId(2))
            .unwrap();
        assert_eq!(
            anywhere.factors[3].summary,
            "300 km away; they will work anywhere in England"
        );
    }

    #[test]
    fn exclusions_say_why() {
        let mut cfo = leader(3, 4);
        cfo.role = LeaderRole::Cfo;
        let mut later = leader(4, 5);
        later.from = date(2027, 2, 1);
        let far = leader(5, 6);
        let found = suggest(
            &request(),
            &[
                (far, Some(80.0)),
                (later, Some(1.0)),
                (cfo, Some(1.0)),
                (leader(2, 3), Some(1.0)),
                (leader(1, 1), Some(0.0)),
            ],
            &[trust(3)].into(),
        );
        assert!(found.matches.is_empty());
        let reasons: Vec<(i64, MatchExclusion)> = found
            .excluded
            .iter()
            .map(|e| (e.leader.0, e.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                (1, MatchExclusion::OwnOrganisation),
                (2, MatchExclusion::Conflicted),
                (3, MatchExclusion::DifferentRole),
                (4, MatchExclusion::NotAvailable),
                (5, MatchExclusion::BeyondReach),
            ]
        );
        assert_eq!(
            found.excluded[2].sentence,
            "They are available as Chief finance officer (CFO), but the request is for \
             Chief operating officer (COO)"
        );
        assert_eq!(
            found.excluded[4].sentence,
            "The organisation asking is 80 km away, beyond their reach of 50 km"
        );
        assert!(found.excluded[3].sentence.contains("1 February 2027"));
        for e in &found.excluded {
            assert!(!e.reason.label().is_empty() && !e.reason.key().is_empty());
        }
    }

    #[test]
    fn the_own_organisation_is_excluded_even_when_conflicted_too() {
        let found = suggest(&request(), &[(leader(1, 1), None)], &[trust(1)].into());
        assert_eq!(found.excluded[0].reason, MatchExclusion::OwnOrganisation);
    }

    #[test]
    fn exactly_at_the_limit_is_within_reach_and_nan_is_unknown() {
        let found = suggest(
            &request(),
            &[(leader(1, 2), Some(50.0)), (leader(2, 3), Some(f64::NAN))],
            &BTreeSet::new(),
        );
        assert_eq!(found.matches.len(), 2);
        assert!(found.matches.iter().all(|m| m.factors[3].value == 0.0));
    }

    #[test]
    fn order_is_by_score_then_organisation_then_entry_whatever_the_input_order() {
        let input = vec![
            (leader(7, 9), Some(10.0)),
            (leader(3, 5), Some(10.0)),
            (leader(2, 5), Some(10.0)),
            (leader(1, 8), Some(0.0)),
        ];
        let mut reversed = input.clone();
        reversed.reverse();
        let a = suggest(&request(), &input, &BTreeSet::new());
        let b = suggest(&request(), &reversed, &BTreeSet::new());
        assert_eq!(a, b);
        let order: Vec<(usize, i64)> = a.matches.iter().map(|m| (m.rank, m.leader.0)).collect();
        assert_eq!(order, [(1, 1), (2, 2), (3, 3), (4, 7)]);
    }

    #[test]
    fn other_roles_match_by_title() {
        let mut req = request();
        req.role = LeaderRole::Other("Director of estates".into());
        let mut l = leader(1, 2);
        l.role = LeaderRole::Other("director of  Estates".into());
        let found = suggest(&req, &[(l, None)], &BTreeSet::new());
        assert_eq!(found.matches.len(), 1);
        for kind in MatchFactorKind::ALL {
            assert_eq!(MatchFactorKind::from_key(kind.key()), Some(kind));
        }
    }
}
