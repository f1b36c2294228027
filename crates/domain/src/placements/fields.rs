//! The checks the placement forms share, so every form words the same problem the same way.

use super::register::{DaysPerWeek, LeaderRole, RoleKind};
use super::FieldProblems;
use crate::party::OrgRef;
use crate::Date;

/// Longest role title accepted for "another role".
pub(crate) const MAX_ROLE: usize = 100;

/// A required line of text, whitespace tidied; `label` starts the too-long message.
pub(crate) fn line(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    missing: &str,
    label: &str,
    max: usize,
) -> String {
    let value = crate::account::tidy(value);
    check_length(problems, field, &value, missing, label, max);
    value
}

/// A required passage of text, line breaks kept.
pub(crate) fn passage(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    missing: &str,
    label: &str,
    max: usize,
) -> String {
    let value = value.trim().replace("\r\n", "\n");
    check_length(problems, field, &value, missing, label, max);
    value
}

fn check_length(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    missing: &str,
    label: &str,
    max: usize,
) {
    if value.is_empty() {
        problems.push((field, missing.to_string()));
    } else if value.chars().count() > max {
        problems.push((field, format!("{label} must be {max} characters or fewer")));
    }
}

/// An organisation's key (`trust-17101`).
pub(crate) fn org(
    problems: &mut FieldProblems,
    field: &'static str,
    text: &str,
    missing: &str,
) -> Option<OrgRef> {
    if text.trim().is_empty() {
        problems.push((field, missing.to_string()));
        return None;
    }
    let org = OrgRef::parse(text);
    if org.is_none() {
        problems.push((field, OrgRef::unreadable(text.trim())));
    }
    org
}

/// A date; `which` names it in messages ("start", "end").
pub(crate) fn date(
    problems: &mut FieldProblems,
    field: &'static str,
    text: &str,
    which: &str,
) -> Option<Date> {
    if text.trim().is_empty() {
        problems.push((field, format!("Enter the {which} date")));
        return None;
    }
    let date = Date::parse(text);
    if date.is_none() {
        problems.push((
            field,
            format!("The {which} date must be a real date, like 2027-01-31"),
        ));
    }
    date
}

/// The `from` and `to` dates, the end on or after the start.
pub(crate) fn period(
    problems: &mut FieldProblems,
    from: &str,
    to: &str,
) -> (Option<Date>, Option<Date>) {
    let from = date(problems, "from", from, "start");
    let to = date(problems, "to", to, "end");
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            problems.push((
                "to",
                "The end date must be the same as or after the start date".into(),
            ));
        }
    }
    (from, to)
}

/// The role: a key from the list, and for "another role" its title in `role_other`.
pub(crate) fn role(problems: &mut FieldProblems, key: &str, other: &str) -> Option<LeaderRole> {
    if key.trim().is_empty() {
        problems.push(("role", "Choose the role".into()));
        return None;
    }
    let Some(kind) = RoleKind::from_key(key) else {
        problems.push(("role", "Choose a role from the list".into()));
        return None;
    };
    let title = crate::account::tidy(other);
    if kind == RoleKind::Other {
        if title.is_empty() {
            problems.push((
                "role_other",
                "Enter the role, for example director of estates".into(),
            ));
            return None;
        }
        if title.chars().count() > MAX_ROLE {
            problems.push((
                "role_other",
                format!("The role must be {MAX_ROLE} characters or fewer"),
            ));
            return None;
        }
    }
    LeaderRole::from_parts(kind, &title)
}

/// Days per week, in whole or half days.
pub(crate) fn days_per_week(problems: &mut FieldProblems, text: &str) -> Option<DaysPerWeek> {
    match DaysPerWeek::parse(text) {
        Ok(days) => Some(days),
        Err(message) => {
            problems.push(("days_per_week", message));
            None
        }
    }
}
