//! A partnership: organisations convened around a shared "wicked issue", with the evidence
//! of need, a shared vision and narrative, the area it serves, its members and their roles,
//! and whether it has chosen to publish its progress.

use super::schedule::{parse_calendar, HalfTerm, Rhythm, Schedule};
use super::FieldProblems;
use crate::access::Viewer;
use crate::party::{NamedOrg, OrgRef};
use crate::{Date, Urn};
use serde::{Deserialize, Serialize};

/// A partnership's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnershipId(pub i64);

/// Longest name.
pub const MAX_NAME: usize = 200;
/// Longest issue, vision or narrative.
pub const MAX_TEXT: usize = 10_000;
/// Most local authorities or schools in an area.
pub const MAX_AREA: usize = 500;

/// What an organisation is in a partnership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartnershipRole {
    /// Convenes: invites, agrees and changes goals, publishes.
    Convener,
    /// Takes part: owns goals and commitments, holds stock-takes.
    Partner,
    /// Watches: sees members-only material but does not act.
    Observer,
}

impl PartnershipRole {
    /// Every role, strongest first.
    pub const ALL: [PartnershipRole; 3] = [
        PartnershipRole::Convener,
        PartnershipRole::Partner,
        PartnershipRole::Observer,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            PartnershipRole::Convener => "convener",
            PartnershipRole::Partner => "partner",
            PartnershipRole::Observer => "observer",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<PartnershipRole> {
        PartnershipRole::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            PartnershipRole::Convener => "Convener",
            PartnershipRole::Partner => "Partner",
            PartnershipRole::Observer => "Observer",
        }
    }

    /// Whether the role acts (drafts goals, owns commitments, records stock-takes).
    pub fn acts(self) -> bool {
        matches!(self, PartnershipRole::Convener | PartnershipRole::Partner)
    }
}

/// Where an organisation's place in a partnership stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Invited; waiting for one of its administrators.
    Invited,
    /// A member.
    Joined,
    /// Turned the invitation down.
    Declined,
    /// Was a member and left; its commitments stay in the history, marked.
    Left,
}

impl MemberStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Joined => "joined",
            MemberStatus::Declined => "declined",
            MemberStatus::Left => "left",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<MemberStatus> {
        [
            MemberStatus::Invited,
            MemberStatus::Joined,
            MemberStatus::Declined,
            MemberStatus::Left,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            MemberStatus::Invited => "Invited",
            MemberStatus::Joined => "Member",
            MemberStatus::Declined => "Declined",
            MemberStatus::Left => "Left",
        }
    }
}

/// An organisation's place in a partnership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The organisation.
    pub org: NamedOrg,
    /// Its role.
    pub role: PartnershipRole,
    /// Where it stands.
    pub status: MemberStatus,
    /// When invited (UTC).
    pub invited_at: String,
    /// When it joined, if it has.
    pub joined_at: Option<String>,
    /// When it left, if it has.
    pub left_at: Option<String>,
}

/// The area a partnership serves: local authorities, a drawn list of schools, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServedArea {
    /// Local authority codes (826 is Milton Keynes).
    pub local_authorities: Vec<i64>,
    /// Schools by URN.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub schools: Vec<Urn>,
}

impl ServedArea {
    /// Whether a school with this URN and local authority is in the area.
    pub fn includes(&self, urn: Urn, la_code: Option<i64>) -> bool {
        self.schools.contains(&urn) || la_code.is_some_and(|c| self.local_authorities.contains(&c))
    }

    /// Whether nothing was named.
    pub fn is_empty(&self) -> bool {
        self.local_authorities.is_empty() && self.schools.is_empty()
    }
}

/// A partnership as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Partnership {
    /// Number.
    pub id: PartnershipId,
    /// Its name.
    pub name: String,
    /// The shared issue no one organisation can solve.
    pub issue: String,
    /// The area it serves.
    pub area: ServedArea,
    /// The evidence of need, with sources, in the partners' words.
    pub evidence: String,
    /// The shared vision.
    pub vision: String,
    /// The short system-leadership narrative everyone subscribes to.
    pub narrative: String,
    /// How often it takes stock.
    pub rhythm: Rhythm,
    /// The first stock-take day (none before it).
    pub first_stocktake: Date,
    /// Its own half terms, replacing England's rule when not empty.
    pub calendar: Vec<HalfTerm>,
    /// Whether its public page, feeds and API answer outsiders.
    pub published: bool,
    /// The organisation that convened it.
    pub convened_by: NamedOrg,
    /// When created (UTC).
    pub created_at: String,
    /// How many changes the partnership and its records have had: a copy made at one
    /// version is current while the version stands.
    #[serde(skip)]
    pub version: i64,
}

impl Partnership {
    /// Its stock-take schedule.
    pub fn schedule(&self) -> Schedule {
        Schedule {
            rhythm: self.rhythm,
            from: self.first_stocktake,
            calendar: self.calendar.clone(),
        }
    }

    /// Its page.
    pub fn path(&self) -> String {
        format!("/partnerships/{}", self.id.0)
    }
}

/// The strongest role `viewer` holds in a partnership through the organisations they act
/// for, counting only organisations that have joined and not left.
pub fn role_of(viewer: Option<&Viewer>, members: &[Member]) -> Option<PartnershipRole> {
    let viewer = viewer?;
    members
        .iter()
        .filter(|m| m.status == MemberStatus::Joined && viewer.belongs_to(m.org.org))
        .map(|m| m.role)
        .min()
}

/// The organisations `viewer` administers that have been invited and not yet answered.
pub fn invitations_for<'a>(viewer: &Viewer, members: &'a [Member]) -> Vec<&'a Member> {
    members
        .iter()
        .filter(|m| m.status == MemberStatus::Invited && viewer.administers(m.org.org))
        .collect()
}

/// The members that may own goals and commitments now: conveners and partners that have
/// joined.
pub fn owners(members: &[Member]) -> impl Iterator<Item = &Member> {
    members
        .iter()
        .filter(|m| m.status == MemberStatus::Joined && m.role.acts())
}

/// Whether `org` may own goals and commitments now.
pub fn may_own(org: OrgRef, members: &[Member]) -> bool {
    owners(members).any(|m| m.org.org == org)
}

/// Whether joined member `org` may leave (`new_role` none) or take `new_role`: refused for
/// an organisation that is not a joined member, and for the only convener giving up
/// convening, so a partnership always has someone to convene it.
pub fn check_member_change(
    members: &[Member],
    org: OrgRef,
    new_role: Option<PartnershipRole>,
) -> Result<(), String> {
    let joined = |m: &&Member| m.status == MemberStatus::Joined;
    let Some(member) = members.iter().filter(joined).find(|m| m.org.org == org) else {
        return Err("This organisation is not a member".into());
    };
    let conveners = members
        .iter()
        .filter(joined)
        .filter(|m| m.role == PartnershipRole::Convener)
        .count();
    let stops_convening =
        member.role == PartnershipRole::Convener && new_role != Some(PartnershipRole::Convener);
    if stops_convening && conveners == 1 {
        return Err(match new_role {
            None => "The only convener cannot leave: make another member a convener first",
            Some(_) => "A partnership needs a convener: make another member a convener first",
        }
        .into());
    }
    Ok(())
}

/// A partnership as typed into the form or the API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnershipForm {
    /// The convening organisation's key.
    pub convener: String,
    /// Name.
    pub name: String,
    /// The issue.
    pub issue: String,
    /// Local authority codes, separated by commas or spaces.
    pub local_authorities: String,
    /// School URNs, separated by commas or spaces.
    pub schools: String,
    /// Evidence of need.
    pub evidence: String,
    /// Vision.
    pub vision: String,
    /// Narrative.
    pub narrative: String,
    /// `half-termly` or `weeks`.
    pub rhythm: String,
    /// For `weeks`: how many.
    pub weeks: String,
    /// The first stock-take day.
    pub first_stocktake: String,
    /// Own half terms, one a line.
    pub calendar: String,
    /// `yes` to publish.
    pub published: bool,
}

/// A checked partnership, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnershipDraft {
    /// The convening organisation.
    pub convener: OrgRef,
    /// Name.
    pub name: String,
    /// The issue.
    pub issue: String,
    /// The area.
    pub area: ServedArea,
    /// Evidence of need.
    pub evidence: String,
    /// Vision.
    pub vision: String,
    /// Narrative.
    pub narrative: String,
    /// Rhythm.
    pub rhythm: Rhythm,
    /// First stock-take.
    pub first_stocktake: Date,
    /// Own calendar.
    pub calendar: Vec<HalfTerm>,
    /// Published.
    pub published: bool,
}

fn numbers(text: &str) -> Result<Vec<i64>, String> {
    let mut out = Vec::new();
    for part in text.split(|c: char| c == ',' || c.is_whitespace()) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let n: i64 = part
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("\"{part}\" is not a number"))?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// Checks a required text field, trimmed, with a length limit.
pub(crate) fn required(
    problems: &mut FieldProblems,
    field: &'static str,
    value: &str,
    missing: &str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        problems.push((field, missing.to_string()));
    } else if value.chars().count() > max {
        problems.push((field, format!("Use {max} characters or fewer")));
    }
    value.to_string()
}

impl PartnershipDraft {
    /// Checks every field, listing every problem at once in form order.
    pub fn check(form: &PartnershipForm) -> Result<PartnershipDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let convener = OrgRef::parse(form.convener.trim());
        if convener.is_none() {
            problems.push((
                "convener",
                "Choose the organisation convening the partnership".into(),
            ));
        }
        let name = required(
            &mut problems,
            "name",
            &form.name,
            "Enter a name for the partnership",
            MAX_NAME,
        );
        let issue = required(
            &mut problems,
            "issue",
            &form.issue,
            "Say what the shared issue is",
            MAX_TEXT,
        );
        let mut area = ServedArea::default();
        match numbers(&form.local_authorities) {
            Ok(codes) => area.local_authorities = codes,
            Err(e) => problems.push((
                "local_authorities",
                format!("{e}: give local authority codes such as 826"),
            )),
        }
        match numbers(&form.schools) {
            Ok(urns) => area.schools = urns.into_iter().map(Urn).collect(),
            Err(e) => problems.push(("schools", format!("{e}: give school URNs such as 136730"))),
        }
        if area.local_authorities.len() > MAX_AREA || area.schools.len() > MAX_AREA {
            problems.push((
                "local_authorities",
                format!("Name up to {MAX_AREA} local authorities and {MAX_AREA} schools"),
            ));
        }
        if area.is_empty()
            && !problems
                .iter()
                .any(|(f, _)| *f == "local_authorities" || *f == "schools")
        {
            problems.push((
                "local_authorities",
                "Name the local authorities or the schools the partnership serves".into(),
            ));
        }
        let evidence = required(
            &mut problems,
            "evidence",
            &form.evidence,
            "Give the evidence of need, with its sources",
            MAX_TEXT,
        );
        let vision = required(
            &mut problems,
            "vision",
            &form.vision,
            "Write the shared vision",
            MAX_TEXT,
        );
        let narrative = form.narrative.trim().to_string();
        if narrative.chars().count() > MAX_TEXT {
            problems.push(("narrative", format!("Use {MAX_TEXT} characters or fewer")));
        }
        let rhythm = match form.rhythm.trim() {
            "" | "half-termly" => Some(Rhythm::HalfTermly),
            "weeks" => {
                let weeks = Rhythm::from_key(&format!("weeks-{}", form.weeks.trim()));
                if weeks.is_none() {
                    problems.push((
                        "weeks",
                        format!(
                            "Enter a number of weeks from 1 to {}",
                            super::schedule::MAX_WEEKS
                        ),
                    ));
                }
                weeks
            }
            _ => {
                problems.push((
                    "rhythm",
                    "Choose how often the partnership takes stock".into(),
                ));
                None
            }
        };
        let first_stocktake = Date::parse(form.first_stocktake.trim());
        if first_stocktake.is_none() {
            problems.push((
                "first_stocktake",
                "Enter the date of the first stock-take, for example 2027-02-09".into(),
            ));
        }
        let calendar = match parse_calendar(&form.calendar) {
            Ok(c) => c,
            Err(e) => {
                problems.push(("calendar", e));
                Vec::new()
            }
        };
        match (convener, rhythm, first_stocktake) {
            (Some(convener), Some(rhythm), Some(first_stocktake)) if problems.is_empty() => {
                Ok(PartnershipDraft {
                    convener,
                    name,
                    issue,
                    area,
                    evidence,
                    vision,
                    narrative,
                    rhythm,
                    first_stocktake,
                    calendar,
                    published: form.published,
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrgRole;
    use crate::ids::GroupUid;
    use std::collections::{BTreeMap, BTreeSet};

    fn form() -> PartnershipForm {
        PartnershipForm {
            convener: "trust-17101".into(),
            name: "Reading at home".into(),
            issue: "Too few children read at home".into(),
            local_authorities: "826, 825".into(),
            schools: "".into(),
            evidence: "Our survey".into(),
            vision: "Every child a reader by 7".into(),
            narrative: "".into(),
            rhythm: "half-termly".into(),
            weeks: "".into(),
            first_stocktake: "2027-02-09".into(),
            calendar: "".into(),
            published: true,
        }
    }

    fn member(key: i64, role: PartnershipRole, status: MemberStatus) -> Member {
        Member {
            org: NamedOrg {
                org: OrgRef::Trust(GroupUid(key)),
                name: format!("Trust {key}"),
            },
            role,
            status,
            invited_at: "2026-09-01T00:00:00Z".into(),
            joined_at: None,
            left_at: None,
        }
    }

    #[test]
    fn the_only_convener_cannot_leave_or_step_down_but_a_second_can() {
        use MemberStatus::{Invited, Joined};
        use PartnershipRole::{Convener, Observer, Partner};
        let trust = |k| OrgRef::Trust(GroupUid(k));
        let mut members = vec![
            member(1, Convener, Joined),
            member(2, Partner, Joined),
            member(3, Convener, Invited),
        ];
        assert!(check_member_change(&members, trust(1), None).is_err());
        assert!(check_member_change(&members, trust(1), Some(Observer)).is_err());
        assert!(check_member_change(&members, trust(1), Some(Convener)).is_ok());
        assert!(check_member_change(&members, trust(2), None).is_ok());
        assert!(
            check_member_change(&members, trust(3), None).is_err(),
            "an invitation is not membership"
        );
        members[1].role = Convener;
        assert!(check_member_change(&members, trust(1), None).is_ok());
    }

    #[test]
    fn a_complete_form_is_accepted() {
        let draft = PartnershipDraft::check(&form()).unwrap();
        assert_eq!(draft.area.local_authorities, vec![826, 825]);
        assert_eq!(draft.rhythm, Rhythm::HalfTermly);
    }

    #[test]
    fn every_problem_is_named() {
        let bad = PartnershipForm {
            convener: "".into(),
            name: " ".into(),
            local_authorities: "".into(),
            rhythm: "weeks".into(),
            weeks: "30".into(),
            first_stocktake: "soon".into(),
            ..form()
        };
        let fields: Vec<&str> = PartnershipDraft::check(&bad)
            .unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            fields,
            vec![
                "convener",
                "name",
                "local_authorities",
                "weeks",
                "first_stocktake"
            ]
        );
        let bad_urn = PartnershipForm {
            schools: "12x".into(),
            ..form()
        };
        assert_eq!(
            PartnershipDraft::check(&bad_urn).unwrap_err()[0].0,
            "schools"
        );
    }

    #[test]
    fn roles_come_from_joined_organisations_only() {
        let a = OrgRef::Trust(GroupUid(1));
        let b = OrgRef::Trust(GroupUid(2));
        let member = |org, role, status| Member {
            org: NamedOrg {
                org,
                name: "x".into(),
            },
            role,
            status,
            invited_at: String::new(),
            joined_at: None,
            left_at: None,
        };
        let members = vec![
            member(a, PartnershipRole::Observer, MemberStatus::Joined),
            member(b, PartnershipRole::Convener, MemberStatus::Left),
        ];
        let viewer = Viewer {
            organisations: BTreeMap::from([(a, OrgRole::Member), (b, OrgRole::Administrator)]),
            platform_roles: BTreeSet::new(),
            ..Viewer::default()
        };
        assert_eq!(
            role_of(Some(&viewer), &members),
            Some(PartnershipRole::Observer)
        );
        assert_eq!(role_of(None, &members), None);
        assert!(!may_own(a, &members), "observers do not own work");
        assert!(
            !may_own(b, &members),
            "a partner that left owns nothing new"
        );
    }
}
