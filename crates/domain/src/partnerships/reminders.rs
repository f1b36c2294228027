//! Reminders: which emails are due on a day, each with a key that names it uniquely, so
//! the store can record it once and send it once however many processes ask. Two kinds:
//! a stock-take coming up (sent once, in the week before the day) and a commitment overdue
//! (sent once for each due day a commitment misses).

use super::commitment::{Commitment, CommitmentId};
use super::partnership::PartnershipId;
use super::schedule::{add_days, Schedule};
use crate::Date;

/// How many days ahead of a stock-take its reminder goes.
pub const DAYS_BEFORE_STOCKTAKE: i64 = 7;

/// A reminder due to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminder {
    /// A stock-take is coming up.
    Stocktake {
        /// The partnership.
        partnership: PartnershipId,
        /// The day.
        on: Date,
    },
    /// A commitment has passed its day without being done.
    Overdue {
        /// The partnership.
        partnership: PartnershipId,
        /// The commitment.
        commitment: CommitmentId,
        /// The day it was due.
        due: Date,
    },
}

impl Reminder {
    /// The key under which it is recorded once.
    pub fn key(&self) -> String {
        match self {
            Reminder::Stocktake { partnership, on } => {
                format!("stocktake:{}:{on}", partnership.0)
            }
            Reminder::Overdue {
                partnership,
                commitment,
                due,
            } => format!("overdue:{}:{}:{due}", partnership.0, commitment.0),
        }
    }
}

/// The reminders due on `today` for one partnership: its next stock-take if it falls in the
/// coming week (today included), and every commitment overdue. Sending them is the store's
/// job, once per key.
pub fn due(
    partnership: PartnershipId,
    schedule: &Schedule,
    commitments: &[Commitment],
    today: Date,
) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = schedule
        .dates(today, add_days(today, DAYS_BEFORE_STOCKTAKE))
        .into_iter()
        .map(|on| Reminder::Stocktake { partnership, on })
        .collect();
    out.extend(
        commitments
            .iter()
            .filter(|c| c.overdue(today) && !c.owner_left)
            .map(|c| Reminder::Overdue {
                partnership,
                commitment: c.id,
                due: c.due,
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::commitment::ReviewStatus;
    use crate::partnerships::goal::GoalId;
    use crate::partnerships::schedule::Rhythm;
    use crate::party::{NamedOrg, OrgRef};

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn commitment(id: i64, due: &str, status: Option<ReviewStatus>) -> Commitment {
        Commitment {
            id: CommitmentId(id),
            partnership: PartnershipId(3),
            goal: GoalId(1),
            owner: NamedOrg {
                org: OrgRef::Trust(GroupUid(1)),
                name: "A".into(),
            },
            owner_left: false,
            action: "x".into(),
            due: d(due),
            days: 1,
            status,
            reviewed_on: None,
        }
    }

    #[test]
    fn reminders_with_a_fake_clock() {
        let schedule = Schedule {
            rhythm: Rhythm::HalfTermly,
            from: d("2026-09-01"),
            calendar: Vec::new(),
        };
        let commitments = vec![
            commitment(1, "2027-02-01", None),
            commitment(2, "2027-02-01", Some(ReviewStatus::Done)),
            commitment(3, "2027-03-01", Some(ReviewStatus::AtRisk)),
        ];
        let p = PartnershipId(3);
        // Nine days before the 9 February stock-take: only the overdue commitment.
        let keys: Vec<String> = due(p, &schedule, &commitments, d("2027-01-31"))
            .iter()
            .map(Reminder::key)
            .collect();
        assert!(keys.is_empty(), "{keys:?}");
        let keys: Vec<String> = due(p, &schedule, &commitments, d("2027-02-02"))
            .iter()
            .map(Reminder::key)
            .collect();
        assert_eq!(
            keys,
            vec!["stocktake:3:2027-02-09", "overdue:3:1:2027-02-01"]
        );
        // The same keys on the next days: the store sends each once.
        let later: Vec<String> = due(p, &schedule, &commitments, d("2027-02-05"))
            .iter()
            .map(Reminder::key)
            .collect();
        assert_eq!(later, keys);
        let after: Vec<String> = due(p, &schedule, &commitments, d("2027-02-10"))
            .iter()
            .map(Reminder::key)
            .collect();
        assert_eq!(after, vec!["overdue:3:1:2027-02-01"]);
    }
}
