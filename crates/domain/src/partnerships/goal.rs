//! Goals: "ambitious, clear, achievable and time specific". Each has a measure, a baseline
//! with the date it was measured, a target, a deadline and one owning partner; a goal
//! missing any of them is refused, naming each missing part. A goal starts as a draft any
//! acting member may change; once agreed, only conveners change it and every change is
//! kept (who, when, what it was), so a goal cannot quietly move.

use super::partnership::{may_own, required, Member, PartnershipId};
use super::FieldProblems;
use crate::party::{NamedOrg, OrgRef};
use crate::Date;
use serde::{Deserialize, Serialize};

/// A goal's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalId(pub i64);

/// Longest title or measure.
pub const MAX_GOAL_TEXT: usize = 500;
/// Longest unit.
pub const MAX_UNIT: usize = 40;

/// Whether a goal is still being worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    /// Drafted: members-only, and any acting member may change it.
    Draft,
    /// Agreed: public when the partnership is published; only conveners change it.
    Agreed,
}

impl GoalStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            GoalStatus::Draft => "draft",
            GoalStatus::Agreed => "agreed",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<GoalStatus> {
        match key {
            "draft" => Some(GoalStatus::Draft),
            "agreed" => Some(GoalStatus::Agreed),
            _ => None,
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            GoalStatus::Draft => "Draft",
            GoalStatus::Agreed => "Agreed",
        }
    }
}

/// A goal as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalForm {
    /// What the goal is, in a line.
    pub title: String,
    /// What is measured ("Pupils reading at the expected standard at 7").
    pub measure: String,
    /// The unit ("%", "pupils"), optional.
    pub unit: String,
    /// The baseline value.
    pub baseline: String,
    /// When the baseline was measured.
    pub baseline_on: String,
    /// The target value.
    pub target: String,
    /// When the target is to be met.
    pub deadline: String,
    /// The owning partner's key.
    pub owner: String,
}

/// A checked goal.
#[derive(Debug, Clone, PartialEq)]
pub struct GoalDraft {
    /// Title.
    pub title: String,
    /// Measure.
    pub measure: String,
    /// Unit.
    pub unit: String,
    /// Baseline.
    pub baseline: f64,
    /// Baseline date.
    pub baseline_on: Date,
    /// Target.
    pub target: f64,
    /// Deadline.
    pub deadline: Date,
    /// Owner.
    pub owner: OrgRef,
}

fn number(
    problems: &mut FieldProblems,
    field: &'static str,
    text: &str,
    missing: &str,
) -> Option<f64> {
    let text = text.trim().trim_end_matches('%').replace(',', "");
    if text.is_empty() {
        problems.push((field, missing.to_string()));
        return None;
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() < 1e12 => Some(v),
        _ => {
            problems.push((field, format!("{} must be a number", label_of(field))));
            None
        }
    }
}

fn date(
    problems: &mut FieldProblems,
    field: &'static str,
    text: &str,
    missing: &str,
) -> Option<Date> {
    let text = text.trim();
    if text.is_empty() {
        problems.push((field, missing.to_string()));
        return None;
    }
    let parsed = Date::parse(text);
    if parsed.is_none() {
        problems.push((
            field,
            format!(
                "{} must be a real date, for example 2027-07-16",
                label_of(field)
            ),
        ));
    }
    parsed
}

/// The name people use for each part of a goal.
pub fn label_of(field: &str) -> &'static str {
    match field {
        "title" => "The goal",
        "measure" => "The measure",
        "unit" => "The unit",
        "baseline" => "The baseline",
        "baseline_on" => "The baseline date",
        "target" => "The target",
        "deadline" => "The deadline",
        "owner" => "The owning partner",
        _ => "This part",
    }
}

impl GoalDraft {
    /// Checks a goal: every part present and sensible, the owner a joined convener or
    /// partner. Each missing part is named on its own.
    pub fn check(form: &GoalForm, members: &[Member]) -> Result<GoalDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let title = required(
            &mut problems,
            "title",
            &form.title,
            "Say what the goal is",
            MAX_GOAL_TEXT,
        );
        let measure = required(
            &mut problems,
            "measure",
            &form.measure,
            "The goal has no measure: say what will be measured",
            MAX_GOAL_TEXT,
        );
        let unit = form.unit.trim().to_string();
        if unit.chars().count() > MAX_UNIT {
            problems.push(("unit", format!("Use {MAX_UNIT} characters or fewer")));
        }
        let baseline = number(
            &mut problems,
            "baseline",
            &form.baseline,
            "The goal has no baseline: enter the value measured at the start",
        );
        let baseline_on = date(
            &mut problems,
            "baseline_on",
            &form.baseline_on,
            "The baseline has no date: enter when it was measured",
        );
        let target = number(
            &mut problems,
            "target",
            &form.target,
            "The goal has no target: enter the value to reach",
        );
        let deadline = date(
            &mut problems,
            "deadline",
            &form.deadline,
            "The goal has no deadline: enter when the target is to be met",
        );
        let owner = OrgRef::parse(form.owner.trim());
        match owner {
            None => problems.push((
                "owner",
                "The goal has no owner: choose the partner that owns it".into(),
            )),
            Some(org) if !may_own(org, members) => problems.push((
                "owner",
                "Choose a convener or partner that has joined the partnership".into(),
            )),
            Some(_) => {}
        }
        if let (Some(b), Some(t)) = (baseline, target) {
            if b == t {
                problems.push(("target", "The target must differ from the baseline".into()));
            }
        }
        if let (Some(b), Some(d)) = (baseline_on, deadline) {
            if d <= b {
                problems.push((
                    "deadline",
                    "The deadline must be after the baseline date".into(),
                ));
            }
        }
        match (baseline, baseline_on, target, deadline, owner) {
            (Some(baseline), Some(baseline_on), Some(target), Some(deadline), Some(owner))
                if problems.is_empty() =>
            {
                Ok(GoalDraft {
                    title,
                    measure,
                    unit,
                    baseline,
                    baseline_on,
                    target,
                    deadline,
                    owner,
                })
            }
            _ => Err(problems),
        }
    }

    /// What changed from `goal` to this draft, part by part: (part, before, after), for the
    /// history of an agreed goal.
    pub fn changes_from(&self, goal: &Goal) -> Vec<(&'static str, String, String)> {
        let mut out = Vec::new();
        let mut compare = |field: &'static str, before: String, after: String| {
            if before != after {
                out.push((field, before, after));
            }
        };
        compare("title", goal.title.clone(), self.title.clone());
        compare("measure", goal.measure.clone(), self.measure.clone());
        compare("unit", goal.unit.clone(), self.unit.clone());
        compare(
            "baseline",
            format_number(goal.baseline),
            format_number(self.baseline),
        );
        compare(
            "baseline_on",
            goal.baseline_on.to_string(),
            self.baseline_on.to_string(),
        );
        compare(
            "target",
            format_number(goal.target),
            format_number(self.target),
        );
        compare(
            "deadline",
            goal.deadline.to_string(),
            self.deadline.to_string(),
        );
        compare("owner", goal.owner.org.key(), self.owner.key());
        out
    }
}

/// A number as people write it: no trailing zeros, at most two decimal places.
pub fn format_number(value: f64) -> String {
    let hundredths = value * 100.0;
    let whole = hundredths.round();
    // Nearly every measured value sits on the two-place grid (58.8 is 5880.000000001
    // hundredths); those are written with integer arithmetic, because formatting a float
    // to a precision is slow and a partnership page writes thousands of them. Anything
    // else takes the exact (and slower) route.
    if (hundredths - whole).abs() < 1e-6 && whole.abs() < 1e15 {
        let whole = whole as i64;
        let (units, cents) = (whole.unsigned_abs() / 100, whole.unsigned_abs() % 100);
        let sign = if whole < 0 { "-" } else { "" };
        return match (cents / 10, cents % 10) {
            (0, 0) => format!("{sign}{units}"),
            (tenths, 0) => format!("{sign}{units}.{tenths}"),
            _ => format!("{sign}{units}.{cents:02}"),
        };
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.to_string()
    }
}

/// A goal as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goal {
    /// Number.
    pub id: GoalId,
    /// The partnership.
    pub partnership: PartnershipId,
    /// What the goal is.
    pub title: String,
    /// What is measured.
    pub measure: String,
    /// Unit of the measure (may be empty).
    pub unit: String,
    /// Value at the start.
    pub baseline: f64,
    /// When the baseline was measured.
    pub baseline_on: Date,
    /// Value to reach.
    pub target: f64,
    /// When.
    pub deadline: Date,
    /// The partner that owns it.
    pub owner: NamedOrg,
    /// Draft or agreed.
    pub status: GoalStatus,
    /// When agreed (UTC), if it has been.
    pub agreed_at: Option<String>,
}

impl Goal {
    /// A value with the goal's unit.
    pub fn show(&self, value: f64) -> String {
        match self.unit.as_str() {
            "" => format_number(value),
            "%" => format!("{}%", format_number(value)),
            unit => format!("{} {unit}", format_number(value)),
        }
    }

    /// Whether a bigger number is better for this goal.
    pub fn rising(&self) -> bool {
        self.target >= self.baseline
    }
}

/// One change to an agreed goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalChange {
    /// When (UTC).
    pub at: String,
    /// Who made it, by name.
    pub by: String,
    /// Which part (`target`, `deadline`...), or `agreed` for the agreement itself.
    pub field: String,
    /// What it was.
    pub before: String,
    /// What it became.
    pub after: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::partnerships::partnership::{MemberStatus, PartnershipRole};

    const OWNER: OrgRef = OrgRef::Trust(GroupUid(17101));

    fn members() -> Vec<Member> {
        vec![Member {
            org: NamedOrg {
                org: OWNER,
                name: "A".into(),
            },
            role: PartnershipRole::Partner,
            status: MemberStatus::Joined,
            invited_at: String::new(),
            joined_at: None,
            left_at: None,
        }]
    }

    fn form() -> GoalForm {
        GoalForm {
            title: "Every child a reader by 7".into(),
            measure: "Pupils meeting the expected standard in reading at 7".into(),
            unit: "%".into(),
            baseline: "62".into(),
            baseline_on: "2026-07-01".into(),
            target: "80%".into(),
            deadline: "2028-07-01".into(),
            owner: "trust-17101".into(),
        }
    }

    #[test]
    fn a_smart_goal_is_accepted() {
        let goal = GoalDraft::check(&form(), &members()).unwrap();
        assert_eq!(goal.target, 80.0);
        assert_eq!(goal.owner, OWNER);
    }

    #[test]
    fn each_missing_part_is_named() {
        for field in [
            "measure",
            "baseline",
            "baseline_on",
            "target",
            "deadline",
            "owner",
        ] {
            let mut form = form();
            match field {
                "measure" => form.measure.clear(),
                "baseline" => form.baseline.clear(),
                "baseline_on" => form.baseline_on.clear(),
                "target" => form.target.clear(),
                "deadline" => form.deadline.clear(),
                _ => form.owner.clear(),
            }
            let problems = GoalDraft::check(&form, &members()).unwrap_err();
            assert_eq!(problems.len(), 1, "{field}: {problems:?}");
            assert_eq!(problems[0].0, field);
            assert!(
                problems[0].1.starts_with("The goal has no")
                    || problems[0].1.starts_with("The baseline has no"),
                "{}",
                problems[0].1
            );
        }
    }

    #[test]
    fn nonsense_is_refused() {
        let form = GoalForm {
            baseline: "lots".into(),
            target: "62".into(),
            deadline: "2026-06-01".into(),
            owner: "trust-99".into(),
            ..form()
        };
        let fields: Vec<&str> = GoalDraft::check(&form, &members())
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, vec!["baseline", "owner", "deadline"]);
        let same = GoalForm {
            target: "62".into(),
            ..super::tests::form()
        };
        assert_eq!(
            GoalDraft::check(&same, &members()).unwrap_err()[0].0,
            "target"
        );
    }

    #[test]
    fn changes_are_listed_part_by_part() {
        let draft = GoalDraft::check(&form(), &members()).unwrap();
        let goal = Goal {
            id: GoalId(1),
            partnership: PartnershipId(1),
            title: draft.title.clone(),
            measure: draft.measure.clone(),
            unit: draft.unit.clone(),
            baseline: draft.baseline,
            baseline_on: draft.baseline_on,
            target: 75.0,
            deadline: draft.deadline,
            owner: NamedOrg {
                org: OWNER,
                name: "A".into(),
            },
            status: GoalStatus::Agreed,
            agreed_at: None,
        };
        assert_eq!(
            draft.changes_from(&goal),
            vec![("target", "75".to_string(), "80".to_string())]
        );
        assert_eq!(goal.show(62.5), "62.5%");
        assert!(goal.rising());
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(format_number(80.0), "80");
        assert_eq!(format_number(12.345), "12.35");
        assert_eq!(format_number(-0.001), "0");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(-2.05), "-2.05");
        assert_eq!(format_number(-0.5), "-0.5");
        assert_eq!(format_number(58.8), "58.8");
        assert_eq!(format_number(1e20), "100000000000000000000");
    }

    #[test]
    fn the_quick_way_writes_what_the_exact_way_writes() {
        let exact = |v: f64| {
            let text = format!("{v:.2}");
            let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
            if text == "-0" {
                "0".to_string()
            } else {
                text
            }
        };
        for step in -20_000..20_000 {
            let value = f64::from(step) * 0.01;
            assert_eq!(format_number(value), exact(value), "{value}");
            let value = f64::from(step) * 0.1 + 0.3;
            assert_eq!(format_number(value), exact(value), "{value}");
        }
    }
}
