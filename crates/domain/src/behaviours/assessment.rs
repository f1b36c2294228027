//! A leader's own assessment against the eight behaviours: a level for each, what shows
//! it, and the Convene records that are evidence of it (partnerships convened, reviews
//! given, loans). A later assessment shows the change behaviour by behaviour. The
//! development plan's actions each name a behaviour to grow. All of it is the person's
//! own: no one else reads it unless they share it.

use crate::behaviours::framework::{Behaviour, Level};
use crate::placements::FieldProblems;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest note of evidence per behaviour.
pub const MAX_EVIDENCE: usize = 2_000;
/// Longest action.
pub const MAX_ACTION: usize = 500;

/// A self-assessment as typed: per behaviour key, a level "1" to "4" and what shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentForm {
    /// Level per behaviour key, "1" to "4"; every behaviour must have one.
    #[serde(default)]
    pub levels: BTreeMap<String, String>,
    /// What shows it, per behaviour key (optional).
    #[serde(default)]
    pub evidence: BTreeMap<String, String>,
    /// Convene records that show it (`partnership-3`, `peer-review-7`, `placement-2`):
    /// partnerships the person's organisations convened, reviews they gave, loans their
    /// organisations made. Checked by the caller, which can see them.
    #[serde(default)]
    pub records: Vec<String>,
}

/// Most Convene records one assessment cites.
pub const MAX_RECORDS: usize = 20;

/// One behaviour in an assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Placed {
    /// Which behaviour.
    pub behaviour: Behaviour,
    /// The level.
    pub level: Level,
    /// What shows it.
    pub evidence: String,
}

/// A self-assessment that passed the checks: all eight behaviours placed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentDraft {
    /// Each behaviour, in the framework's order.
    pub placed: Vec<Placed>,
    /// The Convene records it cites, by key, each once.
    pub records: Vec<String>,
}

impl AssessmentDraft {
    /// Checks every behaviour at once.
    pub fn check(form: &AssessmentForm) -> Result<AssessmentDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        for key in form.levels.keys().chain(form.evidence.keys()) {
            if Behaviour::from_key(key).is_none() {
                problems.push((
                    "levels",
                    format!(
                        "\"{}\" is not one of the eight behaviours",
                        key.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
        let mut placed = Vec::new();
        for b in Behaviour::ALL {
            let level = form
                .levels
                .get(b.key())
                .and_then(|v| v.trim().parse::<u8>().ok())
                .and_then(Level::from_number);
            let evidence = form
                .evidence
                .get(b.key())
                .map(|e| e.trim().replace("\r\n", "\n"))
                .unwrap_or_default();
            if evidence.chars().count() > MAX_EVIDENCE {
                problems.push((
                    "evidence",
                    format!(
                        "Evidence for each behaviour must be {MAX_EVIDENCE} characters or fewer"
                    ),
                ));
            }
            match level {
                Some(level) => placed.push(Placed {
                    behaviour: b,
                    level,
                    evidence,
                }),
                None => problems.push(("levels", format!("Choose a level for \"{}\"", b.title()))),
            }
        }
        let mut records: Vec<String> = Vec::new();
        for key in form
            .records
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
        {
            if !records.iter().any(|r| r == key) {
                records.push(key.to_string());
            }
        }
        if records.len() > MAX_RECORDS {
            problems.push(("records", format!("Cite at most {MAX_RECORDS} records")));
        }
        problems.dedup();
        if problems.is_empty() {
            Ok(AssessmentDraft { placed, records })
        } else {
            Err(problems)
        }
    }

    /// The level given for `behaviour`.
    pub fn level(&self, behaviour: Behaviour) -> Option<Level> {
        self.placed
            .iter()
            .find(|p| p.behaviour == behaviour)
            .map(|p| p.level)
    }
}

/// How a behaviour moved between two assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Which behaviour.
    pub behaviour: Behaviour,
    /// The earlier level.
    pub before: Level,
    /// The later level.
    pub after: Level,
    /// After minus before, from -3 to 3.
    pub moved: i8,
}

/// The change behaviour by behaviour from `earlier` to `later`.
pub fn change(earlier: &AssessmentDraft, later: &AssessmentDraft) -> Vec<Change> {
    Behaviour::ALL
        .into_iter()
        .filter_map(|b| {
            let (before, after) = (earlier.level(b)?, later.level(b)?);
            Some(Change {
                behaviour: b,
                before,
                after,
                moved: after.number() as i8 - before.number() as i8,
            })
        })
        .collect()
}

/// A development action as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActionForm {
    /// The behaviour it grows, by key.
    #[serde(default)]
    pub behaviour: String,
    /// What to do.
    #[serde(default)]
    pub action: String,
    /// By when, yyyy-mm-dd.
    #[serde(default)]
    pub by: String,
}

/// A development action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Action {
    /// The behaviour it grows.
    pub behaviour: Behaviour,
    /// What to do.
    pub action: String,
    /// By when.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub by: Date,
}

impl Action {
    /// Checks every field at once.
    pub fn check(form: &ActionForm) -> Result<Action, FieldProblems> {
        let mut problems = FieldProblems::new();
        let behaviour = Behaviour::from_key(&form.behaviour);
        if behaviour.is_none() {
            problems.push(("behaviour", "Choose the behaviour it grows".into()));
        }
        let action = crate::account::tidy(&form.action);
        if action.is_empty() {
            problems.push(("action", "Say what you will do".into()));
        } else if action.chars().count() > MAX_ACTION {
            problems.push((
                "action",
                format!("The action must be {MAX_ACTION} characters or fewer"),
            ));
        }
        let by = Date::parse(&form.by);
        if by.is_none() {
            problems.push(("by", "Enter the date to do it by, like 2027-07-16".into()));
        }
        match (behaviour, by) {
            (Some(behaviour), Some(by)) if problems.is_empty() => Ok(Action {
                behaviour,
                action,
                by,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(level: &str) -> AssessmentForm {
        AssessmentForm {
            levels: Behaviour::ALL
                .iter()
                .map(|b| (b.key().to_string(), level.to_string()))
                .collect(),
            evidence: BTreeMap::new(),
            records: Vec::new(),
        }
    }

    #[test]
    fn records_are_kept_once_and_bounded() {
        let mut form = all("2");
        form.records = vec!["partnership-3".into(), " partnership-3 ".into(), "".into()];
        assert_eq!(
            AssessmentDraft::check(&form).unwrap().records,
            ["partnership-3"]
        );
        form.records = (1..=21).map(|n| format!("placement-{n}")).collect();
        assert!(AssessmentDraft::check(&form).is_err());
    }

    #[test]
    fn every_behaviour_needs_a_level() {
        let mut form = all("2");
        form.levels.remove("bravery");
        form.levels.insert("charisma".into(), "4".into());
        let problems = AssessmentDraft::check(&form).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems
            .iter()
            .any(|(_, m)| m.contains("bravery") || m.contains("bravery and courage")));
        assert!(AssessmentDraft::check(&all("0")).is_err());
        assert_eq!(AssessmentDraft::check(&all("3")).unwrap().placed.len(), 8);
    }

    #[test]
    fn a_re_assessment_shows_the_change_behaviour_by_behaviour() {
        let before = AssessmentDraft::check(&all("2")).unwrap();
        let mut later = all("2");
        later.levels.insert("humility".into(), "4".into());
        later.levels.insert("momentum".into(), "1".into());
        let after = AssessmentDraft::check(&later).unwrap();
        let moved: Vec<(Behaviour, i8)> = change(&before, &after)
            .into_iter()
            .filter(|c| c.moved != 0)
            .map(|c| (c.behaviour, c.moved))
            .collect();
        assert_eq!(moved, [(Behaviour::Humility, 2), (Behaviour::Momentum, -1)]);
    }

    #[test]
    fn an_action_is_checked_whole() {
        let problems = Action::check(&ActionForm::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["behaviour", "action", "by"]);
        let a = Action::check(&ActionForm {
            behaviour: "bravery".into(),
            action: "Raise the attendance gap at the regional board".into(),
            by: "2027-03-01".into(),
        })
        .unwrap();
        assert_eq!(a.behaviour, Behaviour::Bravery);
    }
}
