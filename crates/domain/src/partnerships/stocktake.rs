//! Stock-takes: at each one the partners record, for every open commitment, a status and a
//! note and, for goals, the value measured; plus the decisions taken and the next steps.
//! A stock-take is checked whole and saved whole: one missing status refuses all of it.
//!
//! What is public once the partnership publishes: the day, each commitment's status, the
//! measured values and the public summary. Notes, decisions and next steps are for members.

use super::commitment::{Commitment, CommitmentId, ReviewStatus};
use super::goal::{Goal, GoalId};
use super::partnership::PartnershipId;
use crate::Date;
use serde::{Deserialize, Serialize};

/// A stock-take's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StocktakeId(pub i64);

/// Longest note, decision or summary.
pub const MAX_STOCKTAKE_TEXT: usize = 5_000;

/// One commitment at one stock-take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    /// The commitment.
    pub commitment: CommitmentId,
    /// Where it stands.
    pub status: ReviewStatus,
    /// The note (members only; empty in public answers).
    pub note: String,
}

/// A stock-take as typed: one status and note per commitment, one value per goal (blank
/// when not measured this time).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StocktakeForm {
    /// The day it was held.
    pub held_on: String,
    /// (commitment, status key, note) for each open commitment.
    pub reviews: Vec<(CommitmentId, String, String)>,
    /// (goal, value typed) for each agreed goal.
    pub measurements: Vec<(GoalId, String)>,
    /// Decisions taken.
    pub decisions: String,
    /// Next steps.
    pub next_steps: String,
    /// What may be published.
    pub summary: String,
}

/// A checked stock-take.
#[derive(Debug, Clone, PartialEq)]
pub struct StocktakeDraft {
    /// The day.
    pub held_on: Date,
    /// Every open commitment's review.
    pub reviews: Vec<Review>,
    /// Values measured.
    pub measurements: Vec<(GoalId, f64)>,
    /// Decisions.
    pub decisions: String,
    /// Next steps.
    pub next_steps: String,
    /// Public summary.
    pub summary: String,
}

/// The form field for a commitment's status.
pub fn status_field(id: CommitmentId) -> String {
    format!("status-{}", id.0)
}

/// The form field for a commitment's note.
pub fn note_field(id: CommitmentId) -> String {
    format!("note-{}", id.0)
}

/// The form field for a goal's measured value.
pub fn value_field(id: GoalId) -> String {
    format!("value-{}", id.0)
}

/// Commitments a stock-take must review: every one not already done.
pub fn to_review(commitments: &[Commitment]) -> Vec<&Commitment> {
    commitments.iter().filter(|c| !c.done()).collect()
}

impl StocktakeDraft {
    /// Checks a stock-take against the open commitments and agreed goals on `today`: the day
    /// is a real day not in the future, every open commitment has a status, every value is a
    /// number. Problems name the field of the commitment or goal concerned (`status-12`),
    /// so the form can point at it.
    pub fn check(
        form: &StocktakeForm,
        commitments: &[Commitment],
        goals: &[Goal],
        today: Date,
    ) -> Result<StocktakeDraft, Vec<(String, String)>> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let held_on = Date::parse(form.held_on.trim());
        match held_on {
            None => problems.push((
                "held_on".into(),
                "Enter the day the stock-take was held, for example 2027-03-16".into(),
            )),
            Some(day) if day > today => problems.push((
                "held_on".into(),
                "The stock-take cannot be held in the future".into(),
            )),
            Some(_) => {}
        }
        let mut reviews = Vec::new();
        for c in to_review(commitments) {
            let found = form.reviews.iter().find(|(id, _, _)| *id == c.id);
            let status = found.and_then(|(_, s, _)| ReviewStatus::from_key(s));
            let note = found
                .map(|(_, _, n)| n.trim().to_string())
                .unwrap_or_default();
            match status {
                None => problems.push((
                    status_field(c.id),
                    format!("Give a status for “{}”", c.action),
                )),
                Some(status) => {
                    if note.chars().count() > MAX_STOCKTAKE_TEXT {
                        problems.push((
                            note_field(c.id),
                            format!("Use {MAX_STOCKTAKE_TEXT} characters or fewer"),
                        ));
                    }
                    reviews.push(Review {
                        commitment: c.id,
                        status,
                        note,
                    });
                }
            }
        }
        let mut measurements = Vec::new();
        for (goal, text) in &form.measurements {
            let text = text.trim().trim_end_matches('%').replace(',', "");
            if text.is_empty() {
                continue;
            }
            let Some(g) = goals.iter().find(|g| g.id == *goal) else {
                problems.push((value_field(*goal), "There is no such goal".into()));
                continue;
            };
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v.abs() < 1e12 => measurements.push((*goal, v)),
                _ => problems.push((
                    value_field(*goal),
                    format!("The value measured for “{}” must be a number", g.title),
                )),
            }
        }
        let mut text = |field: &str, value: &str| {
            let value = value.trim().to_string();
            if value.chars().count() > MAX_STOCKTAKE_TEXT {
                problems.push((
                    field.to_string(),
                    format!("Use {MAX_STOCKTAKE_TEXT} characters or fewer"),
                ));
            }
            value
        };
        let decisions = text("decisions", &form.decisions);
        let next_steps = text("next_steps", &form.next_steps);
        let summary = text("summary", &form.summary);
        match held_on {
            Some(held_on) if problems.is_empty() => Ok(StocktakeDraft {
                held_on,
                reviews,
                measurements,
                decisions,
                next_steps,
                summary,
            }),
            _ => Err(problems),
        }
    }
}

/// A value measured for a goal at a stock-take.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalValue {
    /// The goal.
    pub goal: GoalId,
    /// The value.
    pub value: f64,
}

/// A stock-take as stored. Members see everything; outsiders get [`Stocktake::public`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stocktake {
    /// Number.
    pub id: StocktakeId,
    /// The partnership.
    pub partnership: PartnershipId,
    /// The day it was held.
    pub held_on: Date,
    /// Each commitment's status (notes only for members).
    pub reviews: Vec<Review>,
    /// Values measured.
    pub measurements: Vec<GoalValue>,
    /// Decisions (members only; empty in public answers).
    pub decisions: String,
    /// Next steps (members only; empty in public answers).
    pub next_steps: String,
    /// The summary the partners chose to publish.
    pub summary: String,
    /// Who recorded it, by name (members only).
    pub recorded_by: Option<String>,
}

impl Stocktake {
    /// The stock-take without anything for members only.
    pub fn public(mut self) -> Stocktake {
        for review in &mut self.reviews {
            review.note.clear();
        }
        self.decisions.clear();
        self.next_steps.clear();
        self.recorded_by = None;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::goal::GoalStatus;
    use crate::party::{NamedOrg, OrgRef};

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn commitment(id: i64, status: Option<ReviewStatus>) -> Commitment {
        Commitment {
            id: CommitmentId(id),
            partnership: PartnershipId(1),
            goal: GoalId(1),
            owner: NamedOrg {
                org: OrgRef::Trust(GroupUid(1)),
                name: "A".into(),
            },
            owner_left: false,
            action: format!("Action {id}"),
            due: d("2027-03-01"),
            days: 1,
            status,
            reviewed_on: None,
        }
    }

    fn goal() -> Goal {
        Goal {
            id: GoalId(1),
            partnership: PartnershipId(1),
            title: "Readers".into(),
            measure: "m".into(),
            unit: "%".into(),
            baseline: 60.0,
            baseline_on: d("2026-09-01"),
            target: 80.0,
            deadline: d("2028-09-01"),
            owner: NamedOrg {
                org: OrgRef::Trust(GroupUid(1)),
                name: "A".into(),
            },
            status: GoalStatus::Agreed,
            agreed_at: None,
        }
    }

    #[test]
    fn every_open_commitment_needs_a_status() {
        let commitments = vec![
            commitment(1, None),
            commitment(2, Some(ReviewStatus::Done)),
            commitment(3, None),
        ];
        let form = StocktakeForm {
            held_on: "2027-02-09".into(),
            reviews: vec![(
                CommitmentId(1),
                "at_risk".into(),
                "Volunteers slow to sign up".into(),
            )],
            measurements: vec![(GoalId(1), "64.5".into())],
            ..StocktakeForm::default()
        };
        let problems =
            StocktakeDraft::check(&form, &commitments, &[goal()], d("2027-02-10")).unwrap_err();
        assert_eq!(
            problems,
            vec![(
                "status-3".to_string(),
                "Give a status for “Action 3”".to_string()
            )]
        );
        let mut form = form;
        form.reviews
            .push((CommitmentId(3), "done".into(), String::new()));
        let draft = StocktakeDraft::check(&form, &commitments, &[goal()], d("2027-02-10")).unwrap();
        assert_eq!(
            draft.reviews.len(),
            2,
            "the commitment already done is not reviewed again"
        );
        assert_eq!(draft.measurements, vec![(GoalId(1), 64.5)]);
    }

    #[test]
    fn a_future_day_and_bad_values_are_refused() {
        let form = StocktakeForm {
            held_on: "2027-02-11".into(),
            measurements: vec![(GoalId(1), "lots".into()), (GoalId(2), "5".into())],
            ..StocktakeForm::default()
        };
        let fields: Vec<String> = StocktakeDraft::check(&form, &[], &[goal()], d("2027-02-10"))
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec!["held_on", "value-1", "value-2"]);
    }

    #[test]
    fn the_public_form_keeps_statuses_and_drops_notes() {
        let s = Stocktake {
            id: StocktakeId(1),
            partnership: PartnershipId(1),
            held_on: d("2027-02-09"),
            reviews: vec![Review {
                commitment: CommitmentId(1),
                status: ReviewStatus::AtRisk,
                note: "private".into(),
            }],
            measurements: vec![GoalValue {
                goal: GoalId(1),
                value: 64.5,
            }],
            decisions: "d".into(),
            next_steps: "n".into(),
            summary: "Good start".into(),
            recorded_by: Some("Ann".into()),
        }
        .public();
        assert_eq!(s.reviews[0].note, "");
        assert_eq!(s.reviews[0].status, ReviewStatus::AtRisk);
        assert!(s.decisions.is_empty() && s.next_steps.is_empty() && s.recorded_by.is_none());
        assert_eq!(s.summary, "Good start");
    }
}
