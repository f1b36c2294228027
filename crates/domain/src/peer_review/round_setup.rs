//! A review round as people run it: a convener opens it with its rules (group size, travel
//! limit, the day volunteering closes), trusts and schools volunteer with the focus areas
//! they want reviewed, the convener saves a set of groups (proposed by the optimiser in
//! [`super::grouping`], then moved by hand if wanted), and each member confirms its group.
//! The forms are checked here, every problem listed with its field, so the pages and the
//! API refuse the same things in the same words.

use super::round::{MAX_GROUP, MIN_GROUP};
use crate::brokerage::area::ImprovementArea;
use crate::party::{NamedOrg, OrgRef};
use crate::Date;
use serde::{Deserialize, Serialize};

/// Problems with a form, each with the field it concerns.
pub type FieldProblems = Vec<(&'static str, String)>;

/// Longest round name.
pub const MAX_ROUND_NAME: usize = 200;
/// Longest description of a round.
pub const MAX_ROUND_DESCRIPTION: usize = 5_000;
/// Most focus areas one volunteer asks to be reviewed on: a review covers a few areas well.
pub const MAX_FOCUS: usize = 3;
/// Longest travel limit a round may set, in km (the length of England, roughly).
pub const MAX_TRAVEL_KM: u32 = 700;
/// Most volunteers one round takes: the optimiser is measured at 500.
pub const MAX_VOLUNTEERS: usize = 1_000;

/// A review round's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct RoundId(pub i64);

/// Where a round is: volunteers join while it is open; once groups are saved the
/// convener may still move members until it is closed, when the groups stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Taking volunteers.
    Open,
    /// Groups saved; members confirming.
    Grouped,
    /// Groups stand; reviews go ahead.
    Closed,
}

impl RoundStatus {
    /// Stable key for storage and JSON.
    pub fn key(self) -> &'static str {
        match self {
            RoundStatus::Open => "open",
            RoundStatus::Grouped => "grouped",
            RoundStatus::Closed => "closed",
        }
    }

    /// Reads a key produced by [`RoundStatus::key`].
    pub fn from_key(key: &str) -> Option<RoundStatus> {
        [RoundStatus::Open, RoundStatus::Grouped, RoundStatus::Closed]
            .into_iter()
            .find(|s| s.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            RoundStatus::Open => "Open for volunteers",
            RoundStatus::Grouped => "Groups proposed",
            RoundStatus::Closed => "Groups confirmed",
        }
    }
}

/// A round as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRound {
    /// Number.
    pub id: RoundId,
    /// Name ("North West primary round, spring 2027").
    pub name: String,
    /// What the round is for and how it will run.
    pub description: String,
    /// The organisation that convenes it.
    pub convener: NamedOrg,
    /// Wanted group size, 3 to 7.
    pub group_size: u32,
    /// Longest distance between two members of a group, if limited.
    pub travel_km: Option<u32>,
    /// Last day to volunteer.
    pub closes_on: Date,
    /// Where it is.
    pub status: RoundStatus,
}

/// A round's form as typed.
#[derive(Debug, Clone, Default)]
pub struct RoundForm {
    /// The convening organisation's key.
    pub convener: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Wanted group size.
    pub group_size: String,
    /// Travel limit in km, blank for none.
    pub travel_km: String,
    /// Last day to volunteer (yyyy-mm-dd).
    pub closes_on: String,
}

/// A checked round.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundDraft {
    /// The convening organisation.
    pub convener: OrgRef,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Wanted group size.
    pub group_size: u32,
    /// Travel limit.
    pub travel_km: Option<u32>,
    /// Last day to volunteer.
    pub closes_on: Date,
}

impl RoundDraft {
    /// Checks a round's form; `today` is the earliest day volunteering may close.
    pub fn check(form: &RoundForm, today: Date) -> Result<RoundDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let convener = OrgRef::parse(form.convener.trim());
        if convener.is_none() {
            problems.push((
                "convener",
                "Choose the organisation convening the round".into(),
            ));
        }
        let name = form.name.trim().to_string();
        if name.is_empty() {
            problems.push(("name", "Give the round a name".into()));
        } else if name.chars().count() > MAX_ROUND_NAME {
            problems.push((
                "name",
                format!("Use {MAX_ROUND_NAME} characters or fewer for the name"),
            ));
        }
        let description = form.description.trim().to_string();
        if description.chars().count() > MAX_ROUND_DESCRIPTION {
            problems.push((
                "description",
                format!("Use {MAX_ROUND_DESCRIPTION} characters or fewer for the description"),
            ));
        }
        let group_size = match form.group_size.trim().parse::<u32>() {
            Ok(size) if (MIN_GROUP as u32..=MAX_GROUP as u32).contains(&size) => Some(size),
            _ => {
                problems.push((
                    "group_size",
                    format!("Choose a group size from {MIN_GROUP} to {MAX_GROUP}"),
                ));
                None
            }
        };
        let travel = form.travel_km.trim();
        let travel_km = if travel.is_empty() {
            None
        } else {
            match travel.parse::<u32>() {
                Ok(km) if (1..=MAX_TRAVEL_KM).contains(&km) => Some(km),
                _ => {
                    problems.push((
                        "travel_km",
                        format!(
                            "Enter the travel limit as whole kilometres from 1 to {MAX_TRAVEL_KM}, or leave it blank for none"
                        ),
                    ));
                    None
                }
            }
        };
        let closes_on = match Date::parse(form.closes_on.trim()) {
            Some(day) if day >= today => Some(day),
            Some(_) => {
                problems.push(("closes_on", "The closing day must be today or later".into()));
                None
            }
            None => {
                problems.push((
                    "closes_on",
                    "Enter the last day to volunteer as a date, like 2027-03-31".into(),
                ));
                None
            }
        };
        match (convener, group_size, closes_on) {
            (Some(convener), Some(group_size), Some(closes_on)) if problems.is_empty() => {
                Ok(RoundDraft {
                    convener,
                    name,
                    description,
                    group_size,
                    travel_km,
                    closes_on,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A volunteer as stored: who, and what they want reviewed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundVolunteer {
    /// The organisation.
    pub org: NamedOrg,
    /// The areas it wants reviewed.
    pub focus: Vec<ImprovementArea>,
}

/// Checks a volunteer's focus areas: one to [`MAX_FOCUS`] known areas, none twice.
pub fn check_focus(keys: &[String]) -> Result<Vec<ImprovementArea>, FieldProblems> {
    let mut focus = Vec::new();
    let mut problems = FieldProblems::new();
    for key in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match ImprovementArea::from_key(key) {
            Some(area) if !focus.contains(&area) => focus.push(area),
            Some(area) => problems.push((
                "focus",
                format!("{} is chosen twice: choose it once", area.label()),
            )),
            None => problems.push(("focus", "Choose focus areas from the list".into())),
        }
    }
    if focus.is_empty() && problems.is_empty() {
        problems.push(("focus", "Choose at least one area to be reviewed on".into()));
    }
    if focus.len() > MAX_FOCUS {
        problems.push((
            "focus",
            format!("Choose at most {MAX_FOCUS} focus areas, so the review can go deep"),
        ));
    }
    if problems.is_empty() {
        Ok(focus)
    } else {
        Err(problems)
    }
}

/// A member of a saved group, and whether it has confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupMember {
    /// The organisation.
    pub org: NamedOrg,
    /// Whether one of its people has confirmed the group.
    pub confirmed: bool,
}

/// A saved group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedGroup {
    /// Its number in the round, from 1.
    pub number: u32,
    /// Its members.
    pub members: Vec<GroupMember>,
}

impl SavedGroup {
    /// Whether every member has confirmed.
    pub fn confirmed(&self) -> bool {
        self.members.iter().all(|m| m.confirmed)
    }
}

/// Groups as volunteer indices (the optimiser's form) turned into organisations, checking
/// every volunteer is in exactly one group: a grouping that loses or doubles someone is
/// refused rather than saved.
pub fn groups_of_orgs(
    volunteers: &[OrgRef],
    groups: &[Vec<usize>],
) -> Result<Vec<Vec<OrgRef>>, String> {
    let mut seen = vec![0u32; volunteers.len()];
    let mut out = Vec::with_capacity(groups.len());
    for group in groups {
        let mut orgs = Vec::with_capacity(group.len());
        for &i in group {
            let org = volunteers
                .get(i)
                .ok_or_else(|| format!("Volunteer {i} is not in this round"))?;
            if let Some(count) = seen.get_mut(i) {
                *count += 1;
            }
            orgs.push(*org);
        }
        out.push(orgs);
    }
    if let Some(i) = seen.iter().position(|c| *c != 1) {
        let count = seen.get(i).copied().unwrap_or(0);
        return Err(format!(
            "{} is in {count} groups: every volunteer must be in exactly one",
            volunteers.get(i).map(|o| o.key()).unwrap_or_default()
        ));
    }
    Ok(out)
}

/// Moves `org` into group `to` (numbered from 1; one past the last makes a new group),
/// taking it out of wherever it was. Empty groups are dropped and the rest renumbered
/// in order, so the convener's move is all that changes.
pub fn move_member(
    groups: &[Vec<OrgRef>],
    org: OrgRef,
    to: usize,
) -> Result<Vec<Vec<OrgRef>>, String> {
    if !groups.iter().any(|g| g.contains(&org)) {
        return Err(format!("{org} is not in any group of this round"));
    }
    if to == 0 || to > groups.len() + 1 {
        return Err(format!("Choose a group from 1 to {}", groups.len() + 1));
    }
    let mut moved: Vec<Vec<OrgRef>> = groups
        .iter()
        .map(|g| g.iter().copied().filter(|o| *o != org).collect())
        .collect();
    if to == groups.len() + 1 {
        moved.push(vec![org]);
    } else if let Some(group) = moved.get_mut(to - 1) {
        group.push(org);
    }
    moved.retain(|g| !g.is_empty());
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GroupUid;

    fn today() -> Date {
        Date::new(2027, 1, 10).unwrap()
    }

    fn form() -> RoundForm {
        RoundForm {
            convener: "trust-17101".into(),
            name: "North West spring round".into(),
            description: "Primary trusts reviewing reading".into(),
            group_size: "4".into(),
            travel_km: "".into(),
            closes_on: "2027-02-01".into(),
        }
    }

    fn fields(problems: &FieldProblems) -> Vec<&'static str> {
        problems.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_complete_round_is_accepted() {
        let draft = RoundDraft::check(&form(), today()).unwrap();
        assert_eq!(draft.convener, OrgRef::Trust(GroupUid(17101)));
        assert_eq!(draft.group_size, 4);
        assert_eq!(draft.travel_km, None);
        let mut limited = form();
        limited.travel_km = " 40 ".into();
        assert_eq!(
            RoundDraft::check(&limited, today()).unwrap().travel_km,
            Some(40)
        );
    }

    #[test]
    fn every_problem_with_a_round_is_named() {
        let bad = RoundForm {
            convener: "nobody".into(),
            name: " ".into(),
            description: "x".repeat(MAX_ROUND_DESCRIPTION + 1),
            group_size: "8".into(),
            travel_km: "-3".into(),
            closes_on: "2027-01-09".into(),
        };
        let problems = RoundDraft::check(&bad, today()).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                "convener",
                "name",
                "description",
                "group_size",
                "travel_km",
                "closes_on"
            ]
        );
        for size in ["2", "", "four", "3.5"] {
            let mut f = form();
            f.group_size = size.into();
            assert_eq!(
                fields(&RoundDraft::check(&f, today()).unwrap_err()),
                ["group_size"]
            );
        }
        let mut f = form();
        f.closes_on = "31/02/2027".into();
        assert_eq!(
            fields(&RoundDraft::check(&f, today()).unwrap_err()),
            ["closes_on"]
        );
    }

    #[test]
    fn focus_areas_are_one_to_three_known_areas_once_each() {
        let keys = |k: &[&str]| k.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            check_focus(&keys(&["early-reading", " attendance "])).unwrap(),
            [ImprovementArea::EarlyReading, ImprovementArea::Attendance]
        );
        assert!(check_focus(&keys(&[])).is_err());
        assert!(check_focus(&keys(&["", " "])).is_err());
        assert!(check_focus(&keys(&["astrology"])).is_err());
        assert!(check_focus(&keys(&["attendance", "attendance"])).is_err());
        assert!(check_focus(&keys(&["attendance", "behaviour", "careers", "estates"])).is_err());
    }

    #[test]
    fn groups_must_hold_every_volunteer_exactly_once() {
        let orgs: Vec<OrgRef> = (1..=6).map(|i| OrgRef::Trust(GroupUid(i))).collect();
        let groups = groups_of_orgs(&orgs, &[vec![0, 1, 2], vec![3, 4, 5]]).unwrap();
        assert_eq!(groups[1], orgs[3..].to_vec());
        assert!(groups_of_orgs(&orgs, &[vec![0, 1, 2], vec![3, 4]]).is_err());
        assert!(groups_of_orgs(&orgs, &[vec![0, 1, 2], vec![2, 3, 4, 5]]).is_err());
        assert!(groups_of_orgs(&orgs, &[vec![0, 1, 2, 9], vec![3, 4, 5]]).is_err());
    }

    #[test]
    fn moving_a_member_changes_only_its_place() {
        let t = |i| OrgRef::Trust(GroupUid(i));
        let groups = vec![vec![t(1), t(2), t(3)], vec![t(4), t(5), t(6)]];
        let moved = move_member(&groups, t(1), 2).unwrap();
        assert_eq!(moved, vec![vec![t(2), t(3)], vec![t(4), t(5), t(6), t(1)]]);
        let alone = move_member(&groups, t(6), 3).unwrap();
        assert_eq!(alone.len(), 3);
        assert_eq!(alone[2], vec![t(6)]);
        let single = vec![vec![t(1)], vec![t(2), t(3)]];
        assert_eq!(
            move_member(&single, t(1), 2).unwrap(),
            vec![vec![t(2), t(3), t(1)]],
            "an emptied group is dropped"
        );
        assert!(move_member(&groups, t(9), 1).is_err());
        assert!(move_member(&groups, t(1), 0).is_err());
        assert!(move_member(&groups, t(1), 4).is_err());
    }

    #[test]
    fn statuses_read_back_from_their_keys() {
        for s in [RoundStatus::Open, RoundStatus::Grouped, RoundStatus::Closed] {
            assert_eq!(RoundStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(RoundStatus::from_key("pending"), None);
    }
}
