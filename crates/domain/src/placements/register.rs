//! The register of leaders their trusts make available, and the requests trusts make for a
//! leader. Both are checked field by field, so the web form and the JSON API refuse exactly
//! the same input with the same words.

use super::fields;
use super::FieldProblems;
use crate::access::Visibility;
use crate::brokerage::posting::{Reach, MAX_REACH_KM};
use crate::party::OrgRef;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An available leader's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct AvailableLeaderId(pub i64);

/// A request's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct LeaderRequestId(pub i64);

/// Longest description accepted: a short paragraph, not a job pack.
pub const MAX_DESCRIPTION: usize = 2_000;
/// Longest person's name accepted.
pub const MAX_NAME: usize = 200;

/// The roles a trust loans or asks for, as a list to choose from; "another role" carries
/// its own title in [`LeaderRole::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoleKind {
    /// Chief executive.
    Ceo,
    /// Executive headteacher of several schools.
    ExecutiveHead,
    /// Chief operating officer.
    Coo,
    /// Chief finance officer.
    Cfo,
    /// School improvement director.
    SchoolImprovementDirector,
    /// Lead for special educational needs and disabilities.
    SendLead,
    /// Headteacher of one school.
    Headteacher,
    /// Any other role, named in words.
    Other,
}

impl RoleKind {
    /// Every role, in the order forms list them.
    pub const ALL: [RoleKind; 8] = [
        RoleKind::Ceo,
        RoleKind::ExecutiveHead,
        RoleKind::Coo,
        RoleKind::Cfo,
        RoleKind::SchoolImprovementDirector,
        RoleKind::SendLead,
        RoleKind::Headteacher,
        RoleKind::Other,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            RoleKind::Ceo => "ceo",
            RoleKind::ExecutiveHead => "executive_head",
            RoleKind::Coo => "coo",
            RoleKind::Cfo => "cfo",
            RoleKind::SchoolImprovementDirector => "school_improvement_director",
            RoleKind::SendLead => "send_lead",
            RoleKind::Headteacher => "headteacher",
            RoleKind::Other => "other",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<RoleKind> {
        RoleKind::ALL.into_iter().find(|r| r.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            RoleKind::Ceo => "Chief executive (CEO)",
            RoleKind::ExecutiveHead => "Executive headteacher",
            RoleKind::Coo => "Chief operating officer (COO)",
            RoleKind::Cfo => "Chief finance officer (CFO)",
            RoleKind::SchoolImprovementDirector => "School improvement director",
            RoleKind::SendLead => "SEND lead",
            RoleKind::Headteacher => "Headteacher",
            RoleKind::Other => "Another role",
        }
    }
}

/// A leader's role: one from the list, or another role by its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "title", rename_all = "snake_case")]
pub enum LeaderRole {
    /// Chief executive.
    Ceo,
    /// Executive headteacher.
    ExecutiveHead,
    /// Chief operating officer.
    Coo,
    /// Chief finance officer.
    Cfo,
    /// School improvement director.
    SchoolImprovementDirector,
    /// SEND lead.
    SendLead,
    /// Headteacher.
    Headteacher,
    /// Another role, by its title ("Director of estates").
    Other(String),
}

impl LeaderRole {
    /// Builds a role from its kind and, for "another role", its title (which must not be
    /// empty then; it is ignored otherwise).
    pub fn from_parts(kind: RoleKind, title: &str) -> Option<LeaderRole> {
        Some(match kind {
            RoleKind::Ceo => LeaderRole::Ceo,
            RoleKind::ExecutiveHead => LeaderRole::ExecutiveHead,
            RoleKind::Coo => LeaderRole::Coo,
            RoleKind::Cfo => LeaderRole::Cfo,
            RoleKind::SchoolImprovementDirector => LeaderRole::SchoolImprovementDirector,
            RoleKind::SendLead => LeaderRole::SendLead,
            RoleKind::Headteacher => LeaderRole::Headteacher,
            RoleKind::Other => {
                let title = crate::account::tidy(title);
                if title.is_empty() {
                    return None;
                }
                LeaderRole::Other(title)
            }
        })
    }

    /// Which kind of role, for forms and storage.
    pub fn kind(&self) -> RoleKind {
        match self {
            LeaderRole::Ceo => RoleKind::Ceo,
            LeaderRole::ExecutiveHead => RoleKind::ExecutiveHead,
            LeaderRole::Coo => RoleKind::Coo,
            LeaderRole::Cfo => RoleKind::Cfo,
            LeaderRole::SchoolImprovementDirector => RoleKind::SchoolImprovementDirector,
            LeaderRole::SendLead => RoleKind::SendLead,
            LeaderRole::Headteacher => RoleKind::Headteacher,
            LeaderRole::Other(_) => RoleKind::Other,
        }
    }

    /// The role in words: the list's label, or the title of another role.
    pub fn label(&self) -> String {
        match self {
            LeaderRole::Other(title) => title.clone(),
            other => other.kind().label().to_string(),
        }
    }

    /// Whether two roles are the same for matching: the same kind, and for other roles the
    /// same title whatever its case and spacing.
    pub fn same_as(&self, other: &LeaderRole) -> bool {
        match (self, other) {
            (LeaderRole::Other(a), LeaderRole::Other(b)) => {
                crate::account::tidy(a).to_lowercase() == crate::account::tidy(b).to_lowercase()
            }
            (a, b) => a == b,
        }
    }
}

/// Days a week in whole or half days, from half a day to five. Kept as half-days so that
/// comparing and adding them is exact; it travels as a number of days (`2.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "f64", try_from = "f64")]
pub struct DaysPerWeek {
    halves: u8,
}

impl DaysPerWeek {
    /// Half a day, the least accepted.
    pub const MIN_HALVES: u8 = 1;
    /// Five days, the most accepted.
    pub const MAX_HALVES: u8 = 10;

    /// From a number of half-days (5 is two and a half days), if from 1 to 10.
    pub fn from_halves(halves: u8) -> Option<DaysPerWeek> {
        (DaysPerWeek::MIN_HALVES..=DaysPerWeek::MAX_HALVES)
            .contains(&halves)
            .then_some(DaysPerWeek { halves })
    }

    /// The number of half-days.
    pub fn halves(self) -> u8 {
        self.halves
    }

    /// The number of days, for arithmetic and display.
    pub fn days(self) -> f64 {
        f64::from(self.halves) / 2.0
    }

    /// Reads what a person typed ("2", "2.5"), saying what is wrong in words.
    pub fn parse(text: &str) -> Result<DaysPerWeek, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter the days per week".into());
        }
        match text.parse::<f64>() {
            Ok(days) if days.is_finite() => DaysPerWeek::try_from(days),
            _ => Err("Days per week must be a number, like 2 or 2.5".into()),
        }
    }

    /// "2", "2.5": the number alone.
    pub fn number(self) -> String {
        if self.halves.is_multiple_of(2) {
            format!("{}", self.halves / 2)
        } else {
            format!("{}.5", self.halves / 2)
        }
    }

    /// "half a day a week", "1 day a week", "2.5 days a week".
    pub fn describe(self) -> String {
        match self.halves {
            1 => "half a day a week".into(),
            2 => "1 day a week".into(),
            _ => format!("{} days a week", self.number()),
        }
    }
}

impl From<DaysPerWeek> for f64 {
    fn from(value: DaysPerWeek) -> f64 {
        value.days()
    }
}

impl TryFrom<f64> for DaysPerWeek {
    type Error = String;
    fn try_from(days: f64) -> Result<DaysPerWeek, String> {
        if !(0.5..=5.0).contains(&days) {
            return Err("Days per week must be from 0.5 to 5".into());
        }
        let halves = days * 2.0;
        if halves.fract() != 0.0 {
            return Err("Days per week must be in whole or half days, like 2 or 2.5".into());
        }
        u8::try_from(halves as i64)
            .ok()
            .and_then(DaysPerWeek::from_halves)
            .ok_or_else(|| "Days per week must be from 0.5 to 5".into())
    }
}

/// Days per week travel as a number of days from 0.5 to 5 in halves.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DaysPerWeek {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Number)
            .minimum(Some(0.5))
            .maximum(Some(5.0))
            .multiple_of(Some(0.5))
            .description(Some("Days a week, from 0.5 to 5 in whole or half days."))
            .into()
    }
}

/// Named so the document refers to one `DaysPerWeek` schema.
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DaysPerWeek {}

fn reach(problems: &mut FieldProblems, reach: &str, within_km: &str) -> Option<Reach> {
    match reach.trim() {
        "anywhere" => Some(Reach::Anywhere),
        "within" => match within_km.trim().parse::<u32>() {
            Ok(km) if (1..=MAX_REACH_KM).contains(&km) => Some(Reach::Within(km)),
            _ => {
                problems.push((
                    "within_km",
                    format!("Enter a distance from 1 to {MAX_REACH_KM} km, as a whole number"),
                ));
                None
            }
        },
        _ => {
            problems.push(("reach", "Choose how far the leader can travel".into()));
            None
        }
    }
}

/// What a trust typed to put a leader on the register (or sent as JSON), before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AvailableLeaderForm {
    /// The organisation making the leader available (`trust-17101`).
    pub org: String,
    /// The person's name.
    pub person_name: String,
    /// Whether the person is still to be named (the name is then ignored).
    pub to_be_named: bool,
    /// Role key.
    pub role: String,
    /// The title, for another role.
    pub role_other: String,
    /// Days per week ("2.5").
    pub days_per_week: String,
    /// Available from (yyyy-mm-dd or dd/mm/yyyy).
    pub from: String,
    /// Available until.
    pub to: String,
    /// `within` or `anywhere`.
    pub reach: String,
    /// Kilometres, for `within`.
    pub within_km: String,
    /// What the leader brings, in a few sentences.
    pub description: String,
    /// Visibility level key.
    pub level: String,
    /// Organisations shared with, for the `organisations` level.
    pub shared_with: BTreeSet<OrgRef>,
}

/// An available leader, checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct AvailableLeaderDraft {
    /// The organisation making them available.
    pub org: OrgRef,
    /// Their name; none while they are to be named.
    pub person: Option<String>,
    /// Their role.
    pub role: LeaderRole,
    /// Days a week available.
    pub days_per_week: DaysPerWeek,
    /// Available from.
    pub from: Date,
    /// Available until.
    pub to: Date,
    /// How far they can travel.
    pub reach: Reach,
    /// What they bring.
    pub description: String,
    /// Who may see the entry; shared with named organisations, always with its own.
    pub visibility: Visibility,
}

impl AvailableLeaderDraft {
    /// Checks a register entry; every problem is returned at once, in form order.
    pub fn check(form: &AvailableLeaderForm) -> Result<AvailableLeaderDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let org = fields::org(
            &mut problems,
            "org",
            &form.org,
            "Choose the organisation making the leader available",
        );
        let person = if form.to_be_named {
            None
        } else {
            Some(fields::line(
                &mut problems,
                "person_name",
                &form.person_name,
                "Enter the person's name, or say they are to be named",
                "The name",
                MAX_NAME,
            ))
        };
        let role = fields::role(&mut problems, &form.role, &form.role_other);
        let days_per_week = fields::days_per_week(&mut problems, &form.days_per_week);
        let (from, to) = fields::period(&mut problems, &form.from, &form.to);
        let reach = reach(&mut problems, &form.reach, &form.within_km);
        let description = fields::passage(
            &mut problems,
            "description",
            &form.description,
            "Describe what the leader brings",
            "The description",
            MAX_DESCRIPTION,
        );
        let visibility = match Visibility::from_parts(&form.level, form.shared_with.clone()) {
            Some(Visibility::Organisations(mut orgs)) => {
                orgs.extend(org);
                Some(Visibility::Organisations(orgs))
            }
            Some(v) => Some(v),
            None => {
                problems.push(("visibility", "Choose who can see this".into()));
                None
            }
        };
        match (org, role, days_per_week, from, to, reach, visibility) {
            (
                Some(org),
                Some(role),
                Some(days_per_week),
                Some(from),
                Some(to),
                Some(reach),
                Some(visibility),
            ) if problems.is_empty() => Ok(AvailableLeaderDraft {
                org,
                person,
                role,
                days_per_week,
                from,
                to,
                reach,
                description,
                visibility,
            }),
            _ => Err(problems),
        }
    }

    /// The entry as stored under `id`.
    pub fn with_id(self, id: AvailableLeaderId) -> AvailableLeader {
        AvailableLeader {
            id,
            org: self.org,
            person: self.person,
            role: self.role,
            days_per_week: self.days_per_week,
            from: self.from,
            to: self.to,
            reach: self.reach,
            description: self.description,
            visibility: self.visibility,
        }
    }
}

/// A stored register entry, as shown to someone entitled to see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailableLeader {
    /// Number.
    pub id: AvailableLeaderId,
    /// The organisation making them available.
    pub org: OrgRef,
    /// Their name; none while they are to be named.
    pub person: Option<String>,
    /// Their role.
    pub role: LeaderRole,
    /// Days a week available.
    pub days_per_week: DaysPerWeek,
    /// Available from.
    pub from: Date,
    /// Available until.
    pub to: Date,
    /// How far they can travel.
    pub reach: Reach,
    /// What they bring.
    pub description: String,
    /// Who may see the entry.
    pub visibility: Visibility,
}

impl AvailableLeader {
    /// Their name, or "To be named".
    pub fn person_label(&self) -> &str {
        self.person.as_deref().unwrap_or("To be named")
    }
}

/// Why a trust asks for a leader. A crisis is confidential by default: a trust in
/// difficulty must be able to ask for help without the sector knowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A post is vacant and someone is needed to cover it.
    Vacancy,
    /// The trust is in crisis and needs interim leadership.
    Crisis,
}

impl RequestKind {
    /// Every kind.
    pub const ALL: [RequestKind; 2] = [RequestKind::Vacancy, RequestKind::Crisis];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            RequestKind::Vacancy => "vacancy",
            RequestKind::Crisis => "crisis",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Vacancy => "Cover for a vacancy",
            RequestKind::Crisis => "Interim leadership in a crisis",
        }
    }

    /// Whether a request of this kind is confidential unless the trust says otherwise; the
    /// form starts with this choice made.
    pub fn confidential_by_default(self) -> bool {
        matches!(self, RequestKind::Crisis)
    }
}

/// What a trust typed to ask for a leader (or sent as JSON), before checking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaderRequestForm {
    /// The organisation asking (`trust-17101`).
    pub org: String,
    /// `vacancy` or `crisis`.
    pub kind: String,
    /// Role key.
    pub role: String,
    /// The title, for another role.
    pub role_other: String,
    /// Days per week wanted.
    pub days_per_week: String,
    /// Wanted from.
    pub from: String,
    /// Wanted until.
    pub to: String,
    /// What is needed and why.
    pub description: String,
    /// `yes`, `no`, or empty for the kind's default (a crisis is confidential).
    pub confidential: String,
}

/// A request, checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderRequestDraft {
    /// The organisation asking.
    pub org: OrgRef,
    /// Vacancy or crisis.
    pub kind: RequestKind,
    /// The role wanted.
    pub role: LeaderRole,
    /// Days per week wanted.
    pub days_per_week: DaysPerWeek,
    /// Wanted from.
    pub from: Date,
    /// Wanted until.
    pub to: Date,
    /// What is needed.
    pub description: String,
    /// Whether only the asking organisation may see it.
    pub confidential: bool,
}

impl LeaderRequestDraft {
    /// Checks a request; every problem is returned at once, in form order. A crisis stays
    /// confidential unless the form says `no` in so many words.
    pub fn check(form: &LeaderRequestForm) -> Result<LeaderRequestDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let org = fields::org(
            &mut problems,
            "org",
            &form.org,
            "Choose the organisation asking for a leader",
        );
        let kind = RequestKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push((
                "kind",
                "Choose whether this is a vacancy or a crisis".into(),
            ));
        }
        let role = fields::role(&mut problems, &form.role, &form.role_other);
        let days_per_week = fields::days_per_week(&mut problems, &form.days_per_week);
        let (from, to) = fields::period(&mut problems, &form.from, &form.to);
        let description = fields::passage(
            &mut problems,
            "description",
            &form.description,
            "Describe what is needed",
            "The description",
            MAX_DESCRIPTION,
        );
        let confidential = match form.confidential.trim() {
            "" => kind.map(RequestKind::confidential_by_default),
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                problems.push((
                    "confidential",
                    "Choose whether the request is confidential".into(),
                ));
                None
            }
        };
        match (org, kind, role, days_per_week, from, to, confidential) {
            (
                Some(org),
                Some(kind),
                Some(role),
                Some(days_per_week),
                Some(from),
                Some(to),
                Some(confidential),
            ) if problems.is_empty() => Ok(LeaderRequestDraft {
                org,
                kind,
                role,
                days_per_week,
                from,
                to,
                description,
                confidential,
            }),
            _ => Err(problems),
        }
    }

    /// The request as stored under `id`.
    pub fn with_id(self, id: LeaderRequestId) -> LeaderRequest {
        LeaderRequest {
            id,
            org: self.org,
            kind: self.kind,
            role: self.role,
            days_per_week: self.days_per_week,
            from: self.from,
            to: self.to,
            description: self.description,
            confidential: self.confidential,
        }
    }
}

/// A stored request, as shown to someone entitled to see it (see
/// [`super::visibility::request_view`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LeaderRequest {
    /// Number.
    pub id: LeaderRequestId,
    /// The organisation asking.
    pub org: OrgRef,
    /// Vacancy or crisis.
    pub kind: RequestKind,
    /// The role wanted.
    pub role: LeaderRole,
    /// Days per week wanted.
    pub days_per_week: DaysPerWeek,
    /// Wanted from.
    pub from: Date,
    /// Wanted until.
    pub to: Date,
    /// What is needed.
    pub description: String,
    /// Whether only the asking organisation may see it.
    pub confidential: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    fn leader_form() -> AvailableLeaderForm {
        AvailableLeaderForm {
            org: "trust-17101".into(),
            person_name: "  Sam   Patel ".into(),
            role: "coo".into(),
            days_per_week: "2.5".into(),
            from: "2027-01-04".into(),
            to: "31/07/2027".into(),
            reach: "within".into(),
            within_km: "60".into(),
            description: "Ran operations for a 12-school trust".into(),
            level: "members".into(),
            ..AvailableLeaderForm::default()
        }
    }

    fn request_form(kind: &str) -> LeaderRequestForm {
        LeaderRequestForm {
            org: "trust-20001".into(),
            kind: kind.into(),
            role: "coo".into(),
            days_per_week: "2".into(),
            from: "2027-02-01".into(),
            to: "2027-04-30".into(),
            description: "Our COO has left".into(),
            ..LeaderRequestForm::default()
        }
    }

    fn fields_of(problems: &FieldProblems) -> Vec<&'static str> {
        problems.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_good_register_entry_is_accepted() {
        let draft = AvailableLeaderDraft::check(&leader_form()).unwrap();
        assert_eq!(draft.org, OrgRef::Trust(GroupUid(17101)));
        assert_eq!(draft.person.as_deref(), Some("Sam Patel"));
        assert_eq!(draft.role, LeaderRole::Coo);
        assert_eq!(draft.days_per_week.halves(), 5);
        assert_eq!(draft.to, Date::new(2027, 7, 31).unwrap());
        assert_eq!(draft.reach, Reach::Within(60));
        assert_eq!(draft.visibility, Visibility::Members);
    }

    #[test]
    fn a_leader_may_be_to_be_named() {
        let mut form = leader_form();
        form.person_name = "leftover from the hidden field".into();
        form.to_be_named = true;
        let leader = AvailableLeaderDraft::check(&form)
            .unwrap()
            .with_id(AvailableLeaderId(1));
        assert_eq!(leader.person, None);
        assert_eq!(leader.person_label(), "To be named");
    }

    #[test]
    fn every_register_problem_is_named_with_its_field() {
        let bad = AvailableLeaderForm {
            org: "".into(),
            person_name: " ".into(),
            role: "astronaut".into(),
            days_per_week: "6".into(),
            from: "2027-03-31".into(),
            to: "2027-01-01".into(),
            reach: "within".into(),
            within_km: "0".into(),
            description: "".into(),
            level: "secret".into(),
            ..AvailableLeaderForm::default()
        };
        let problems = AvailableLeaderDraft::check(&bad).unwrap_err();
        assert_eq!(
            fields_of(&problems),
            [
                "org",
                "person_name",
                "role",
                "days_per_week",
                "to",
                "within_km",
                "description",
                "visibility"
            ]
        );
        assert!(problems
            .iter()
            .all(|(_, m)| !m.is_empty() && m.chars().next().is_some_and(char::is_uppercase)));
    }

    #[test]
    fn missing_and_unreadable_values_have_their_own_words() {
        let bad = AvailableLeaderForm {
            org: "trust-0".into(),
            person_name: "x".repeat(MAX_NAME + 1),
            role: "".into(),
            from: "2027-02-30".into(),
            to: "".into(),
            reach: "".into(),
            description: "é".repeat(MAX_DESCRIPTION + 1),
            level: "public".into(),
            ..AvailableLeaderForm::default()
        };
        let problems = AvailableLeaderDraft::check(&bad).unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("org", OrgRef::unreadable("trust-0")),
                (
                    "person_name",
                    "The name must be 200 characters or fewer".into()
                ),
                ("role", "Choose the role".into()),
                ("days_per_week", "Enter the days per week".into()),
                (
                    "from",
                    "The start date must be a real date, like 2027-01-31".into()
                ),
                ("to", "Enter the end date".into()),
                ("reach", "Choose how far the leader can travel".into()),
                (
                    "description",
                    "The description must be 2000 characters or fewer".into()
                ),
            ]
        );
    }

    #[test]
    fn another_role_needs_its_title() {
        let mut form = leader_form();
        form.role = "other".into();
        let problems = AvailableLeaderDraft::check(&form).unwrap_err();
        assert_eq!(fields_of(&problems), ["role_other"]);
        form.role_other = "x".repeat(101);
        assert_eq!(
            fields_of(&AvailableLeaderDraft::check(&form).unwrap_err()),
            ["role_other"]
        );
        form.role_other = " Director of  estates ".into();
        let draft = AvailableLeaderDraft::check(&form).unwrap();
        assert_eq!(draft.role, LeaderRole::Other("Director of estates".into()));
        assert_eq!(draft.role.label(), "Director of estates");
        assert!(draft
            .role
            .same_as(&LeaderRole::Other("director of ESTATES".into())));
        assert!(!LeaderRole::Coo.same_as(&LeaderRole::Cfo));
    }

    #[test]
    fn shared_entries_are_always_shared_with_their_own_organisation() {
        let mut form = leader_form();
        form.level = "organisations".into();
        form.shared_with = [OrgRef::Trust(GroupUid(5))].into();
        let draft = AvailableLeaderDraft::check(&form).unwrap();
        assert_eq!(
            draft.visibility,
            Visibility::Organisations(
                [OrgRef::Trust(GroupUid(5)), OrgRef::Trust(GroupUid(17101))].into()
            )
        );
        form.reach = "anywhere".into();
        form.within_km = "nonsense, ignored".into();
        assert_eq!(
            AvailableLeaderDraft::check(&form).unwrap().reach,
            Reach::Anywhere
        );
    }

    #[test]
    fn days_per_week_are_whole_or_half_days_from_half_to_five() {
        for (text, halves) in [("0.5", 1), ("1", 2), (" 2.5 ", 5), ("5", 10), ("4.0", 8)] {
            assert_eq!(DaysPerWeek::parse(text).unwrap().halves(), halves, "{text}");
        }
        assert_eq!(
            DaysPerWeek::parse("").unwrap_err(),
            "Enter the days per week"
        );
        assert_eq!(
            DaysPerWeek::parse("two").unwrap_err(),
            "Days per week must be a number, like 2 or 2.5"
        );
        assert_eq!(
            DaysPerWeek::parse("NaN").unwrap_err(),
            "Days per week must be a number, like 2 or 2.5"
        );
        for out in ["0", "-1", "5.5", "inf"] {
            assert!(DaysPerWeek::parse(out).is_err(), "{out}");
        }
        assert_eq!(
            DaysPerWeek::parse("5.5").unwrap_err(),
            "Days per week must be from 0.5 to 5"
        );
        assert_eq!(
            DaysPerWeek::parse("1.25").unwrap_err(),
            "Days per week must be in whole or half days, like 2 or 2.5"
        );
        let half = DaysPerWeek::from_halves(1).unwrap();
        assert_eq!(half.describe(), "half a day a week");
        assert_eq!(
            DaysPerWeek::from_halves(2).unwrap().describe(),
            "1 day a week"
        );
        assert_eq!(
            DaysPerWeek::from_halves(5).unwrap().describe(),
            "2.5 days a week"
        );
        assert!(DaysPerWeek::from_halves(0).is_none());
        assert!(DaysPerWeek::from_halves(11).is_none());
    }

    #[test]
    fn days_per_week_travel_as_a_number_of_days() {
        let days = DaysPerWeek::from_halves(5).unwrap();
        assert_eq!(serde_json::to_string(&days).unwrap(), "2.5");
        assert_eq!(serde_json::from_str::<DaysPerWeek>("2.5").unwrap(), days);
        assert!(serde_json::from_str::<DaysPerWeek>("7").is_err());
        assert_eq!(
            serde_json::to_value(LeaderRole::Other("Bursar".into())).unwrap(),
            serde_json::json!({"kind": "other", "title": "Bursar"})
        );
        assert_eq!(
            serde_json::to_value(LeaderRole::Ceo).unwrap(),
            serde_json::json!({"kind": "ceo"})
        );
    }

    #[test]
    fn role_and_kind_keys_read_back() {
        for kind in RoleKind::ALL {
            assert_eq!(RoleKind::from_key(kind.key()), Some(kind));
            assert!(!kind.label().is_empty());
            if kind != RoleKind::Other {
                let role = LeaderRole::from_parts(kind, "").unwrap();
                assert_eq!(role.kind(), kind);
                assert_eq!(role.label(), kind.label());
            }
        }
        assert_eq!(LeaderRole::from_parts(RoleKind::Other, "  "), None);
        for kind in RequestKind::ALL {
            assert_eq!(RequestKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(RequestKind::from_key("holiday"), None);
    }

    #[test]
    fn a_crisis_request_is_confidential_by_default_and_a_vacancy_is_not() {
        let crisis = LeaderRequestDraft::check(&request_form("crisis")).unwrap();
        assert_eq!(crisis.kind, RequestKind::Crisis);
        assert!(crisis.confidential);
        let vacancy = LeaderRequestDraft::check(&request_form("vacancy")).unwrap();
        assert!(!vacancy.confidential);
        assert!(RequestKind::Crisis.confidential_by_default());
        assert!(!RequestKind::Vacancy.confidential_by_default());
    }

    #[test]
    fn a_crisis_is_open_only_when_the_trust_says_so() {
        let mut form = request_form("crisis");
        form.confidential = "no".into();
        assert!(!LeaderRequestDraft::check(&form).unwrap().confidential);
        let mut form = request_form("vacancy");
        form.confidential = "yes".into();
        assert!(LeaderRequestDraft::check(&form).unwrap().confidential);
        form.confidential = "maybe".into();
        assert_eq!(
            LeaderRequestDraft::check(&form).unwrap_err(),
            vec![(
                "confidential",
                "Choose whether the request is confidential".to_string()
            )]
        );
    }

    #[test]
    fn every_request_problem_is_named_with_its_field() {
        let bad = LeaderRequestForm {
            org: "nobody".into(),
            kind: "".into(),
            role: "".into(),
            days_per_week: "1.3".into(),
            from: "".into(),
            to: "soon".into(),
            description: "  ".into(),
            confidential: "perhaps".into(),
            ..LeaderRequestForm::default()
        };
        let problems = LeaderRequestDraft::check(&bad).unwrap_err();
        assert_eq!(
            fields_of(&problems),
            [
                "org",
                "kind",
                "role",
                "days_per_week",
                "from",
                "to",
                "description",
                "confidential"
            ]
        );
        let mut form = request_form("vacancy");
        form.from = "2027-05-01".into();
        assert_eq!(
            LeaderRequestDraft::check(&form).unwrap_err(),
            vec![(
                "to",
                "The end date must be the same as or after the start date".to_string()
            )]
        );
    }
}
