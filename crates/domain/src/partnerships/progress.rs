//! Progress towards a goal: where the latest measured value stands between the baseline and
//! the target, against where a steady path from the baseline date to the deadline would be
//! by now. Reported as contribution, never proof: the words say "progress", not "impact".

use super::goal::Goal;
use crate::Date;
use serde::{Deserialize, Serialize};

/// A value measured for a goal at a stock-take.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Measurement {
    /// When measured (the stock-take's day).
    pub on: Date,
    /// The value.
    pub value: f64,
}

/// How a goal is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// Nothing measured since the baseline.
    NotMeasured,
    /// The target is reached.
    Reached,
    /// At or ahead of a steady path to the target.
    OnTrack,
    /// Behind a steady path, but moving the right way.
    Behind,
    /// No better than the baseline.
    NoProgress,
}

impl ProgressStatus {
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            ProgressStatus::NotMeasured => "Not measured yet",
            ProgressStatus::Reached => "Target reached",
            ProgressStatus::OnTrack => "On track",
            ProgressStatus::Behind => "Behind",
            ProgressStatus::NoProgress => "No progress yet",
        }
    }

    /// GOV.UK tag colour class.
    pub fn tag(self) -> &'static str {
        match self {
            ProgressStatus::NotMeasured => "govuk-tag--grey",
            ProgressStatus::Reached => "govuk-tag--green",
            ProgressStatus::OnTrack => "govuk-tag--turquoise",
            ProgressStatus::Behind => "govuk-tag--yellow",
            ProgressStatus::NoProgress => "govuk-tag--red",
        }
    }
}

/// A goal's progress on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// The latest measured value, if any.
    pub latest: Option<Measurement>,
    /// How far from baseline to target the latest value is (0 at the baseline, 1 at the
    /// target; below 0 when worse than the baseline, above 1 beyond the target).
    pub fraction: Option<f64>,
    /// How far a steady path would be by the day asked about (0 to 1).
    pub expected: f64,
    /// In a word.
    pub status: ProgressStatus,
}

/// How far behind a steady path still counts as on track (a tenth of the way).
pub const TOLERANCE: f64 = 0.1;

/// Works out a goal's progress on `today` from its measurements (in any order).
pub fn progress(goal: &Goal, measurements: &[Measurement], today: Date) -> Progress {
    let span = (goal.deadline.days_since_epoch() - goal.baseline_on.days_since_epoch()).max(1);
    let gone = (today.days_since_epoch() - goal.baseline_on.days_since_epoch()).clamp(0, span);
    let expected = gone as f64 / span as f64;
    let latest = measurements
        .iter()
        .filter(|m| m.on <= today)
        .max_by_key(|m| m.on)
        .copied();
    let Some(latest) = latest else {
        return Progress {
            latest: None,
            fraction: None,
            expected,
            status: ProgressStatus::NotMeasured,
        };
    };
    let fraction = (latest.value - goal.baseline) / (goal.target - goal.baseline);
    let status = if fraction >= 1.0 {
        ProgressStatus::Reached
    } else if fraction <= 0.0 {
        ProgressStatus::NoProgress
    } else if fraction + TOLERANCE >= expected {
        ProgressStatus::OnTrack
    } else {
        ProgressStatus::Behind
    };
    Progress {
        latest: Some(latest),
        fraction: Some(fraction),
        expected,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::goal::{GoalId, GoalStatus};
    use crate::partnerships::partnership::PartnershipId;
    use crate::party::{NamedOrg, OrgRef};

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn goal(baseline: f64, target: f64) -> Goal {
        Goal {
            id: GoalId(1),
            partnership: PartnershipId(1),
            title: "t".into(),
            measure: "m".into(),
            unit: "%".into(),
            baseline,
            baseline_on: d("2026-09-01"),
            target,
            deadline: d("2028-09-01"),
            owner: NamedOrg {
                org: OrgRef::Trust(GroupUid(1)),
                name: "A".into(),
            },
            status: GoalStatus::Agreed,
            agreed_at: None,
        }
    }

    fn at(on: &str, value: f64) -> Measurement {
        Measurement { on: d(on), value }
    }

    #[test]
    fn nothing_measured() {
        let p = progress(&goal(60.0, 80.0), &[], d("2027-09-01"));
        assert_eq!(p.status, ProgressStatus::NotMeasured);
        assert!((p.expected - 0.5).abs() < 0.01);
    }

    #[test]
    fn on_track_behind_reached_for_a_rising_goal() {
        let g = goal(60.0, 80.0);
        let today = d("2027-09-01");
        assert_eq!(
            progress(&g, &[at("2027-07-01", 69.0)], today).status,
            ProgressStatus::OnTrack
        );
        assert_eq!(
            progress(&g, &[at("2027-07-01", 64.0)], today).status,
            ProgressStatus::Behind
        );
        assert_eq!(
            progress(&g, &[at("2027-07-01", 58.0)], today).status,
            ProgressStatus::NoProgress
        );
        assert_eq!(
            progress(&g, &[at("2027-07-01", 81.0)], today).status,
            ProgressStatus::Reached
        );
    }

    #[test]
    fn the_latest_measurement_counts_and_the_future_does_not() {
        let g = goal(60.0, 80.0);
        let ms = [
            at("2027-07-01", 75.0),
            at("2027-02-01", 61.0),
            at("2027-12-01", 90.0),
        ];
        let p = progress(&g, &ms, d("2027-09-01"));
        assert_eq!(p.latest, Some(at("2027-07-01", 75.0)));
        assert!((p.fraction.unwrap() - 0.75).abs() < 1e-9);
    }

    #[test]
    fn a_falling_goal_counts_down() {
        // Persistent absence from 20% down to 12%.
        let g = goal(20.0, 12.0);
        let p = progress(&g, &[at("2027-07-01", 16.0)], d("2027-09-01"));
        assert!((p.fraction.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(p.status, ProgressStatus::OnTrack);
        assert_eq!(
            progress(&g, &[at("2027-07-01", 22.0)], d("2027-09-01")).status,
            ProgressStatus::NoProgress
        );
    }

    #[test]
    fn expected_progress_is_clamped_to_the_goal_s_span() {
        let g = goal(60.0, 80.0);
        assert_eq!(progress(&g, &[], d("2020-01-01")).expected, 0.0);
        assert_eq!(progress(&g, &[], d("2030-01-01")).expected, 1.0);
    }
}
