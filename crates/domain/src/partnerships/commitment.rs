//! Commitments: who does what by when, owned by one partner and tied to one goal, with the
//! days it will take so work can be spread fairly. A commitment's status is the one given
//! at the latest stock-take; it is overdue once its day has passed and it is not done.

use super::goal::{Goal, GoalId};
use super::partnership::{may_own, required, Member, PartnershipId};
use super::FieldProblems;
use crate::party::{NamedOrg, OrgRef};
use crate::Date;
use serde::{Deserialize, Serialize};

/// A commitment's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommitmentId(pub i64);

/// Longest action.
pub const MAX_ACTION: usize = 1_000;
/// Most days one commitment may take.
pub const MAX_COMMITMENT_DAYS: u32 = 400;

/// Where a commitment stood at a stock-take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// On track.
    OnTrack,
    /// At risk.
    AtRisk,
    /// Off track.
    OffTrack,
    /// Done.
    Done,
}

impl ReviewStatus {
    /// Every status.
    pub const ALL: [ReviewStatus; 4] = [
        ReviewStatus::OnTrack,
        ReviewStatus::AtRisk,
        ReviewStatus::OffTrack,
        ReviewStatus::Done,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            ReviewStatus::OnTrack => "on_track",
            ReviewStatus::AtRisk => "at_risk",
            ReviewStatus::OffTrack => "off_track",
            ReviewStatus::Done => "done",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<ReviewStatus> {
        ReviewStatus::ALL
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::OnTrack => "On track",
            ReviewStatus::AtRisk => "At risk",
            ReviewStatus::OffTrack => "Off track",
            ReviewStatus::Done => "Done",
        }
    }

    /// GOV.UK tag colour class.
    pub fn tag(self) -> &'static str {
        match self {
            ReviewStatus::OnTrack => "govuk-tag--turquoise",
            ReviewStatus::AtRisk => "govuk-tag--yellow",
            ReviewStatus::OffTrack => "govuk-tag--red",
            ReviewStatus::Done => "govuk-tag--green",
        }
    }
}

/// A commitment as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitmentForm {
    /// The goal's number.
    pub goal: String,
    /// The owning partner's key.
    pub owner: String,
    /// What will be done.
    pub action: String,
    /// By when.
    pub due: String,
    /// Days of work it will take.
    pub days: String,
}

/// A checked commitment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentDraft {
    /// The goal.
    pub goal: GoalId,
    /// The owner.
    pub owner: OrgRef,
    /// What.
    pub action: String,
    /// By when.
    pub due: Date,
    /// Days.
    pub days: u32,
}

impl CommitmentDraft {
    /// Checks a commitment against the partnership's goals and members.
    pub fn check(
        form: &CommitmentForm,
        goals: &[Goal],
        members: &[Member],
    ) -> Result<CommitmentDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let goal = form
            .goal
            .trim()
            .parse::<i64>()
            .ok()
            .map(GoalId)
            .filter(|g| goals.iter().any(|goal| goal.id == *g));
        if goal.is_none() {
            problems.push(("goal", "Choose the goal this commitment serves".into()));
        }
        let owner = OrgRef::parse(form.owner.trim()).filter(|o| may_own(*o, members));
        if owner.is_none() {
            problems.push((
                "owner",
                "Choose the convener or partner that owns this commitment".into(),
            ));
        }
        let action = required(
            &mut problems,
            "action",
            &form.action,
            "Say what will be done",
            MAX_ACTION,
        );
        let due = Date::parse(form.due.trim());
        if due.is_none() {
            problems.push((
                "due",
                "Enter the date it is due, for example 2027-03-16".into(),
            ));
        }
        let days = form
            .days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| *d <= MAX_COMMITMENT_DAYS);
        if days.is_none() {
            problems.push((
                "days",
                format!("Enter the days of work it will take, from 0 to {MAX_COMMITMENT_DAYS}"),
            ));
        }
        match (goal, owner, due, days) {
            (Some(goal), Some(owner), Some(due), Some(days)) if problems.is_empty() => {
                Ok(CommitmentDraft {
                    goal,
                    owner,
                    action,
                    due,
                    days,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A commitment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Commitment {
    /// Number.
    pub id: CommitmentId,
    /// The partnership.
    pub partnership: PartnershipId,
    /// The goal it serves.
    pub goal: GoalId,
    /// Who owns it.
    pub owner: NamedOrg,
    /// Whether the owner has left the partnership (the commitment stays, marked).
    pub owner_left: bool,
    /// What will be done.
    pub action: String,
    /// By when.
    pub due: Date,
    /// Days of work.
    pub days: u32,
    /// Its status at the latest stock-take, if it has been reviewed.
    pub status: Option<ReviewStatus>,
    /// The day of that stock-take.
    pub reviewed_on: Option<Date>,
}

impl Commitment {
    /// Whether it is done.
    pub fn done(&self) -> bool {
        self.status == Some(ReviewStatus::Done)
    }

    /// Whether its day has passed and it is not done: due before `today`.
    pub fn overdue(&self, today: Date) -> bool {
        !self.done() && self.due < today
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::goal::GoalStatus;
    use crate::partnerships::partnership::{MemberStatus, PartnershipRole};

    const A: OrgRef = OrgRef::Trust(GroupUid(1));

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn commitment(due: &str, status: Option<ReviewStatus>) -> Commitment {
        Commitment {
            id: CommitmentId(1),
            partnership: PartnershipId(1),
            goal: GoalId(1),
            owner: NamedOrg {
                org: A,
                name: "A".into(),
            },
            owner_left: false,
            action: "Run reading cafés".into(),
            due: d(due),
            days: 4,
            status,
            reviewed_on: None,
        }
    }

    #[test]
    fn overdue_uses_the_day_given() {
        let c = commitment("2027-03-16", Some(ReviewStatus::OnTrack));
        assert!(!c.overdue(d("2027-03-16")), "due today is not yet overdue");
        assert!(c.overdue(d("2027-03-17")));
        assert!(!commitment("2027-03-16", Some(ReviewStatus::Done)).overdue(d("2028-01-01")));
        assert!(commitment("2027-03-16", None).overdue(d("2027-04-01")));
    }

    #[test]
    fn a_commitment_needs_a_goal_an_owner_and_a_day() {
        let goals = vec![Goal {
            id: GoalId(7),
            partnership: PartnershipId(1),
            title: "t".into(),
            measure: "m".into(),
            unit: String::new(),
            baseline: 1.0,
            baseline_on: d("2026-01-01"),
            target: 2.0,
            deadline: d("2027-01-01"),
            owner: NamedOrg {
                org: A,
                name: "A".into(),
            },
            status: GoalStatus::Draft,
            agreed_at: None,
        }];
        let members = vec![Member {
            org: NamedOrg {
                org: A,
                name: "A".into(),
            },
            role: PartnershipRole::Convener,
            status: MemberStatus::Joined,
            invited_at: String::new(),
            joined_at: None,
            left_at: None,
        }];
        let good = CommitmentForm {
            goal: "7".into(),
            owner: "trust-1".into(),
            action: "Train volunteers".into(),
            due: "2027-03-16".into(),
            days: "6".into(),
        };
        assert_eq!(
            CommitmentDraft::check(&good, &goals, &members)
                .unwrap()
                .days,
            6
        );
        let bad = CommitmentForm {
            goal: "8".into(),
            owner: "trust-2".into(),
            action: "".into(),
            due: "March".into(),
            days: "-1".into(),
        };
        let fields: Vec<&str> = CommitmentDraft::check(&bad, &goals, &members)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec!["goal", "owner", "action", "due", "days"]);
    }

    #[test]
    fn statuses_round_trip() {
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::from_key(s.key()), Some(s));
        }
    }
}
