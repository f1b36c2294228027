//! Needs and offers as people post them. Both carry an area, a form of help, a window of
//! dates, an amount of time, a reach and a visibility, and are checked the same way, so
//! the web form and the JSON API refuse exactly the same input with the same words.

use super::area::{HelpForm, ImprovementArea};
use crate::access::Visibility;
use crate::account::PersonId;
use crate::party::{NamedOrg, OrgRef};
use crate::{Date, Urn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A need's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct NeedId(pub i64);

/// An offer's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct OfferId(pub i64);

/// Longest description accepted.
pub const MAX_DESCRIPTION: usize = 5_000;
/// Longest role name accepted ("School improvement director").
pub const MAX_ROLE: usize = 100;
/// Most days a need may ask for or an offer give per term: a full-time year and a bit.
pub const MAX_DAYS: u32 = 400;
/// Furthest "near" reach accepted, in kilometres (England is about 600 km long).
pub const MAX_REACH_KM: u32 = 700;
/// Most schools one need may name.
pub const MAX_NEED_SCHOOLS: usize = 200;

/// How far the helper may be from the schools concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "km", rename_all = "snake_case")]
pub enum Reach {
    /// Within this many kilometres in a straight line: practical, hands-on support.
    Within(u32),
    /// Anywhere in England, which avoids helping (or being helped by) a local competitor.
    Anywhere,
}

impl Reach {
    /// "Within 25 km" or "Anywhere in England".
    pub fn describe(self) -> String {
        match self {
            Reach::Within(km) => format!("Within {km} km"),
            Reach::Anywhere => "Anywhere in England".into(),
        }
    }

    /// The limit in kilometres, if any.
    pub fn limit_km(self) -> Option<f64> {
        match self {
            Reach::Within(km) => Some(f64::from(km)),
            Reach::Anywhere => None,
        }
    }
}

/// Where a need stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    /// Looking for help.
    Open,
    /// Help has been found (an introduction was accepted) and the poster closed it.
    Met,
    /// Withdrawn by the poster.
    Closed,
}

impl NeedStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            NeedStatus::Open => "open",
            NeedStatus::Met => "met",
            NeedStatus::Closed => "closed",
        }
    }
    /// Reads a key.
    pub fn from_key(key: &str) -> Option<NeedStatus> {
        [NeedStatus::Open, NeedStatus::Met, NeedStatus::Closed]
            .into_iter()
            .find(|s| s.key() == key.trim())
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            NeedStatus::Open => "Open",
            NeedStatus::Met => "Met",
            NeedStatus::Closed => "Closed",
        }
    }
}

/// Where an offer stands. A paused offer is kept but not counted in rankings; an ended one
/// is history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OfferStatus {
    /// Available.
    Active,
    /// Not available for now.
    Paused,
    /// No longer available.
    Ended,
}

impl OfferStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            OfferStatus::Active => "active",
            OfferStatus::Paused => "paused",
            OfferStatus::Ended => "ended",
        }
    }
    /// Reads a key.
    pub fn from_key(key: &str) -> Option<OfferStatus> {
        [OfferStatus::Active, OfferStatus::Paused, OfferStatus::Ended]
            .into_iter()
            .find(|s| s.key() == key.trim())
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            OfferStatus::Active => "Available",
            OfferStatus::Paused => "Paused",
            OfferStatus::Ended => "Ended",
        }
    }
}

/// What a person typed into a need or offer form (or sent as JSON), before checking. Text
/// fields are as typed; [`NeedDraft::check`] and [`OfferDraft::check`] say what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingForm {
    /// The organisation it is for (`trust-17101`).
    pub owner: String,
    /// Area key.
    pub area: String,
    /// Form-of-help key.
    pub form: String,
    /// The role, for a loan or interim leadership.
    pub role: String,
    /// What is needed or offered.
    pub description: String,
    /// First day (yyyy-mm-dd or dd/mm/yyyy).
    pub from: String,
    /// Last day.
    pub to: String,
    /// Days (needed in all, or offered per term).
    pub days: String,
    /// `within` or `anywhere`.
    pub reach: String,
    /// Kilometres, for `within`.
    pub within_km: String,
    /// Visibility level key.
    pub level: String,
    /// Organisations shared with, for the `organisations` level.
    pub shared_with: BTreeSet<OrgRef>,
    /// For needs: the URNs of the schools concerned (empty: all the owner's schools).
    pub schools: Vec<String>,
}

/// Every problem with a form, as (field, message), in form order.
pub type FieldProblems = Vec<(&'static str, String)>;

/// The checked parts needs and offers share.
#[derive(Debug, Clone, PartialEq)]
struct Common {
    owner: OrgRef,
    area: ImprovementArea,
    form: HelpForm,
    role: Option<String>,
    description: String,
    from: Date,
    to: Date,
    days: u32,
    reach: Reach,
    visibility: Visibility,
}

fn check_common(
    input: &PostingForm,
    days_label: &str,
    errors: &mut FieldProblems,
) -> Option<Common> {
    let owner = OrgRef::parse(&input.owner);
    if owner.is_none() {
        errors.push(("owner", "Choose the organisation this is for".into()));
    }
    let area = ImprovementArea::from_key(&input.area);
    if area.is_none() {
        errors.push((
            "area",
            if input.area.trim().is_empty() {
                "Choose an improvement area".into()
            } else {
                "Choose an improvement area from the list".into()
            },
        ));
    }
    let form = HelpForm::from_key(&input.form);
    if form.is_none() {
        errors.push(("form", "Choose the form of help".into()));
    }
    let role = crate::account::tidy(&input.role);
    let role = if form.is_some_and(HelpForm::names_a_role) {
        if role.is_empty() {
            errors.push((
                "role",
                "Enter the role, for example COO or school improvement director".into(),
            ));
        } else if role.chars().count() > MAX_ROLE {
            errors.push((
                "role",
                format!("Role must be {MAX_ROLE} characters or fewer"),
            ));
        }
        Some(role)
    } else {
        (!role.is_empty()).then_some(role)
    };
    let description = input.description.trim().replace("\r\n", "\n");
    if description.is_empty() {
        errors.push(("description", "Enter a description".into()));
    } else if description.chars().count() > MAX_DESCRIPTION {
        errors.push((
            "description",
            format!("Description must be {MAX_DESCRIPTION} characters or fewer"),
        ));
    }
    let from = check_date(&input.from, "from", "start", errors);
    let to = check_date(&input.to, "to", "end", errors);
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.push((
                "to",
                "The end date must be the same as or after the start date".into(),
            ));
        }
    }
    let days = match input.days.trim().parse::<i64>() {
        Ok(d) if d < 0 => {
            errors.push(("days", format!("{days_label} cannot be below zero")));
            None
        }
        Ok(0) => {
            errors.push(("days", format!("{days_label} must be at least 1")));
            None
        }
        Ok(d) if d > i64::from(MAX_DAYS) => {
            errors.push(("days", format!("{days_label} must be {MAX_DAYS} or fewer")));
            None
        }
        Ok(d) => u32::try_from(d).ok(),
        Err(_) if input.days.trim().is_empty() => {
            errors.push(("days", format!("Enter the {}", days_label.to_lowercase())));
            None
        }
        Err(_) => {
            errors.push(("days", format!("{days_label} must be a whole number")));
            None
        }
    };
    let reach = match input.reach.trim() {
        "anywhere" => Some(Reach::Anywhere),
        "within" => match input.within_km.trim().parse::<i64>() {
            Ok(km) if (1..=i64::from(MAX_REACH_KM)).contains(&km) => Some(Reach::Within(km as u32)),
            _ => {
                errors.push((
                    "within_km",
                    format!("Enter a distance from 1 to {MAX_REACH_KM} km, as a whole number"),
                ));
                None
            }
        },
        _ => {
            errors.push(("reach", "Choose how far away the help may be".into()));
            None
        }
    };
    let visibility = match Visibility::from_parts(&input.level, input.shared_with.clone()) {
        Some(Visibility::Organisations(orgs)) => {
            let mut orgs = orgs;
            if let Some(owner) = owner {
                orgs.insert(owner);
            }
            Some(Visibility::Organisations(orgs))
        }
        Some(v) => Some(v),
        None => {
            errors.push(("visibility", "Choose who can see this".into()));
            None
        }
    };
    Some(Common {
        owner: owner?,
        area: area?,
        form: form?,
        role: role.filter(|r| !r.is_empty()),
        description,
        from: from?,
        to: to?,
        days: days?,
        reach: reach?,
        visibility: visibility?,
    })
    .filter(|_| errors.is_empty())
}

fn check_date(
    text: &str,
    field: &'static str,
    which: &str,
    errors: &mut FieldProblems,
) -> Option<Date> {
    if text.trim().is_empty() {
        errors.push((field, format!("Enter the {which} date")));
        return None;
    }
    let date = Date::parse(text);
    if date.is_none() {
        errors.push((
            field,
            format!("The {which} date must be a real date, like 2027-01-31"),
        ));
    }
    date
}

/// A need, checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedDraft {
    /// The organisation that needs help.
    pub owner: OrgRef,
    /// The area.
    pub area: ImprovementArea,
    /// The form of help wanted.
    pub form: HelpForm,
    /// The role, for a loan or interim leadership.
    pub role: Option<String>,
    /// What is needed, in the poster's words.
    pub description: String,
    /// From when.
    pub from: Date,
    /// Until when.
    pub to: Date,
    /// How many days of help in all.
    pub days: u32,
    /// How far the helper may be.
    pub reach: Reach,
    /// The schools concerned (for a trust, some or all of its schools; for a school, itself).
    pub schools: Vec<Urn>,
    /// Who may see the need. Whatever it says, the ranking is shown to the poster's
    /// organisation: a trust in difficulty keeps its need confidential and still gets help.
    pub visibility: Visibility,
}

impl NeedDraft {
    /// Checks a need form; every problem is returned at once.
    pub fn check(input: &PostingForm) -> Result<NeedDraft, FieldProblems> {
        let mut errors = Vec::new();
        let common = check_common(input, "Days of help", &mut errors);
        let mut schools = Vec::new();
        for text in input
            .schools
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            match text.parse::<i64>() {
                Ok(urn) if urn > 0 => schools.push(Urn(urn)),
                _ => {
                    errors.push(("schools", format!("\"{text}\" is not a URN")));
                    break;
                }
            }
        }
        schools.sort();
        schools.dedup();
        if schools.len() > MAX_NEED_SCHOOLS {
            errors.push((
                "schools",
                format!("Name {MAX_NEED_SCHOOLS} schools or fewer"),
            ));
        }
        match common {
            Some(c) if errors.is_empty() => Ok(NeedDraft {
                owner: c.owner,
                area: c.area,
                form: c.form,
                role: c.role,
                description: c.description,
                from: c.from,
                to: c.to,
                days: c.days,
                reach: c.reach,
                schools,
                visibility: c.visibility,
            }),
            _ => Err(errors),
        }
    }
}

/// An offer, checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferDraft {
    /// The organisation offering.
    pub owner: OrgRef,
    /// The area.
    pub area: ImprovementArea,
    /// The form of help.
    pub form: HelpForm,
    /// The role, for a loan or interim leadership.
    pub role: Option<String>,
    /// What is offered.
    pub description: String,
    /// Available from.
    pub from: Date,
    /// Available until.
    pub to: Date,
    /// Days available per term.
    pub days_per_term: u32,
    /// How far the offer reaches.
    pub reach: Reach,
    /// Who may see it.
    pub visibility: Visibility,
}

impl OfferDraft {
    /// Checks an offer form; every problem is returned at once.
    pub fn check(input: &PostingForm) -> Result<OfferDraft, FieldProblems> {
        let mut errors = Vec::new();
        match check_common(input, "Days per term", &mut errors) {
            Some(c) if errors.is_empty() => Ok(OfferDraft {
                owner: c.owner,
                area: c.area,
                form: c.form,
                role: c.role,
                description: c.description,
                from: c.from,
                to: c.to,
                days_per_term: c.days,
                reach: c.reach,
                visibility: c.visibility,
            }),
            _ => Err(errors),
        }
    }
}

/// A stored need, as shown to someone entitled to see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Need {
    /// Number.
    pub id: NeedId,
    /// The organisation that needs help.
    pub owner: NamedOrg,
    /// Who posted it; none once they deleted their account.
    pub author: Option<PersonId>,
    /// Area.
    pub area: ImprovementArea,
    /// Form of help wanted.
    pub form: HelpForm,
    /// Role, for a loan or interim leadership.
    pub role: Option<String>,
    /// What is needed.
    pub description: String,
    /// From (yyyy-mm-dd).
    pub from: Date,
    /// Until.
    pub to: Date,
    /// Days of help in all.
    pub days: u32,
    /// How far the helper may be.
    pub reach: Reach,
    /// The schools concerned, by URN.
    pub schools: Vec<Urn>,
    /// Who may see it.
    pub visibility: Visibility,
    /// Where it stands.
    pub status: NeedStatus,
    /// When posted (UTC, ISO 8601).
    pub created_at: String,
}

/// A stored offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offer {
    /// Number.
    pub id: OfferId,
    /// The organisation offering.
    pub owner: NamedOrg,
    /// Who posted it.
    pub author: Option<PersonId>,
    /// Area.
    pub area: ImprovementArea,
    /// Form of help.
    pub form: HelpForm,
    /// Role, for a loan or interim leadership.
    pub role: Option<String>,
    /// What is offered.
    pub description: String,
    /// Available from.
    pub from: Date,
    /// Available until.
    pub to: Date,
    /// Days available per term.
    pub days_per_term: u32,
    /// Days already agreed in collaborations that draw on this offer and are still active.
    pub days_agreed: u32,
    /// How far the offer reaches.
    pub reach: Reach,
    /// Who may see it.
    pub visibility: Visibility,
    /// Where it stands.
    pub status: OfferStatus,
    /// When posted.
    pub created_at: String,
}

impl Offer {
    /// Days still free: offered per term less what is already agreed, never below zero.
    pub fn spare_days(&self) -> u32 {
        self.days_per_term.saturating_sub(self.days_agreed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    fn form() -> PostingForm {
        PostingForm {
            owner: "trust-17101".into(),
            area: "ks2-maths".into(),
            form: "peer-review".into(),
            description: "Help with maths".into(),
            from: "2027-01-04".into(),
            to: "2027-03-31".into(),
            days: "6".into(),
            reach: "within".into(),
            within_km: "40".into(),
            level: "organisations".into(),
            ..PostingForm::default()
        }
    }

    #[test]
    fn a_good_need_is_accepted_and_shared_with_its_owner() {
        let need = NeedDraft::check(&form()).unwrap();
        assert_eq!(need.area, ImprovementArea::Ks2Maths);
        assert_eq!(need.reach, Reach::Within(40));
        assert_eq!(
            need.visibility,
            Visibility::Organisations([OrgRef::Trust(GroupUid(17101))].into())
        );
    }

    #[test]
    fn every_problem_is_named_with_its_field() {
        let bad = PostingForm {
            owner: "nobody".into(),
            area: "astrology".into(),
            form: "".into(),
            description: " ".into(),
            from: "2027-03-31".into(),
            to: "2027-01-01".into(),
            days: "-3".into(),
            reach: "within".into(),
            within_km: "0".into(),
            level: "secret".into(),
            ..PostingForm::default()
        };
        let errors = NeedDraft::check(&bad).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "owner",
                "area",
                "form",
                "description",
                "to",
                "days",
                "within_km",
                "visibility"
            ]
        );
        assert!(errors.iter().any(|(_, m)| m.contains("below zero")));
    }

    #[test]
    fn a_loan_needs_its_role_and_dates_must_be_real() {
        let mut input = form();
        input.form = "role-loan".into();
        input.from = "2027-02-30".into();
        let errors = OfferDraft::check(&input).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["role", "from"]);
        input.role = "COO".into();
        input.from = "04/01/2027".into();
        let offer = OfferDraft::check(&input).unwrap();
        assert_eq!(offer.role.as_deref(), Some("COO"));
        assert_eq!(offer.days_per_term, 6);
    }

    #[test]
    fn schools_must_be_urns() {
        let mut input = form();
        input.schools = vec!["100000".into(), "x".into()];
        assert!(NeedDraft::check(&input).is_err());
        input.schools = vec!["100001".into(), "100000".into(), "100001".into()];
        assert_eq!(
            NeedDraft::check(&input).unwrap().schools,
            vec![Urn(100000), Urn(100001)]
        );
    }
}
