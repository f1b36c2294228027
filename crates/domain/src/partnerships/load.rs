//! Load: how much each partner carries, so work is spread fairly and no one is overloaded.
//! Counts open commitments and their days per organisation; the convener sees who carries
//! most, and each person sees their own organisations' load across every partnership.

use super::commitment::Commitment;
use crate::party::NamedOrg;
use crate::Date;
use serde::{Deserialize, Serialize};

/// One organisation's share of the work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Load {
    /// The organisation.
    pub org: NamedOrg,
    /// Commitments not yet done.
    pub open: u32,
    /// Days of work in them.
    pub open_days: u32,
    /// Of those, how many are overdue.
    pub overdue: u32,
    /// Commitments done.
    pub done: u32,
    /// Its share of the open days (0 to 1).
    pub share: f64,
    /// Whether it carries well over a fair share: more than one and a half times an even
    /// split of the open days, and more than one day.
    pub heavy: bool,
}

/// Each organisation's load from `commitments`, heaviest first; `owners` lists everyone
/// who could carry work, so an organisation with nothing yet shows as nothing.
pub fn loads(owners: &[NamedOrg], commitments: &[Commitment], today: Date) -> Vec<Load> {
    let mut out: Vec<Load> = owners
        .iter()
        .map(|org| Load {
            org: org.clone(),
            open: 0,
            open_days: 0,
            overdue: 0,
            done: 0,
            share: 0.0,
            heavy: false,
        })
        .collect();
    for c in commitments {
        let index = match out.iter().position(|l| l.org.org == c.owner.org) {
            Some(i) => i,
            None => {
                out.push(Load {
                    org: c.owner.clone(),
                    open: 0,
                    open_days: 0,
                    overdue: 0,
                    done: 0,
                    share: 0.0,
                    heavy: false,
                });
                out.len() - 1
            }
        };
        let load = &mut out[index];
        if c.done() {
            load.done += 1;
        } else {
            load.open += 1;
            load.open_days += c.days;
            if c.overdue(today) {
                load.overdue += 1;
            }
        }
    }
    let total: u32 = out.iter().map(|l| l.open_days).sum();
    let count = out.len();
    let fair = if out.is_empty() {
        0.0
    } else {
        1.0 / out.len() as f64
    };
    for load in &mut out {
        load.share = if total == 0 {
            0.0
        } else {
            f64::from(load.open_days) / f64::from(total)
        };
        load.heavy = count > 1 && load.open_days > 1 && load.share > fair * 1.5;
    }
    out.sort_by(|a, b| {
        b.open_days
            .cmp(&a.open_days)
            .then(b.open.cmp(&a.open))
            .then(a.org.name.cmp(&b.org.name))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::commitment::{CommitmentId, ReviewStatus};
    use crate::partnerships::goal::GoalId;
    use crate::partnerships::partnership::PartnershipId;
    use crate::party::OrgRef;

    fn org(n: i64) -> NamedOrg {
        NamedOrg {
            org: OrgRef::Trust(GroupUid(n)),
            name: format!("Trust {n}"),
        }
    }

    fn c(owner: i64, days: u32, due: &str, status: Option<ReviewStatus>) -> Commitment {
        Commitment {
            id: CommitmentId(1),
            partnership: PartnershipId(1),
            goal: GoalId(1),
            owner: org(owner),
            owner_left: false,
            action: "x".into(),
            due: Date::parse(due).unwrap(),
            days,
            status,
            reviewed_on: None,
        }
    }

    #[test]
    fn the_heaviest_comes_first_and_is_flagged() {
        let today = Date::parse("2027-03-01").unwrap();
        let commitments = vec![
            c(1, 10, "2027-02-01", None),
            c(1, 8, "2027-06-01", Some(ReviewStatus::OnTrack)),
            c(2, 2, "2027-06-01", None),
            c(2, 5, "2027-01-01", Some(ReviewStatus::Done)),
        ];
        let loads = loads(&[org(2), org(3), org(1)], &commitments, today);
        let names: Vec<&str> = loads.iter().map(|l| l.org.name.as_str()).collect();
        assert_eq!(names, vec!["Trust 1", "Trust 2", "Trust 3"]);
        assert_eq!(
            (loads[0].open, loads[0].open_days, loads[0].overdue),
            (2, 18, 1)
        );
        assert!(loads[0].heavy);
        assert!(!loads[1].heavy);
        assert_eq!(loads[1].done, 1);
        assert!((loads[0].share - 0.9).abs() < 1e-9);
        assert_eq!(loads[2].open, 0);
    }
}
