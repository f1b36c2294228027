//! The organisations people act for: academy trusts and schools from the system map, and
//! the partner organisations (employers, charities, the NHS, police...) that people create
//! because the system map does not hold them.

use crate::ids::{GroupUid, Urn};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A partner organisation's internal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartnerId(pub i64);

/// Any organisation a person can belong to or a record can be shared with. Trusts and
/// schools keep their public identifiers (Group UID, URN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgRef {
    /// An academy trust (or other GIAS group) by Group UID.
    Trust(GroupUid),
    /// A school by URN.
    School(Urn),
    /// A partner organisation created in Convene.
    Partner(PartnerId),
}

impl OrgRef {
    /// Stable text form for storage and addresses: `trust-17101`, `school-136730`,
    /// `partner-4`.
    pub fn key(self) -> String {
        match self {
            OrgRef::Trust(uid) => format!("trust-{}", uid.0),
            OrgRef::School(urn) => format!("school-{}", urn.0),
            OrgRef::Partner(id) => format!("partner-{}", id.0),
        }
    }

    /// What every key looks like, as a regular expression, for documents that describe keys
    /// to programs (numbers are positive and fit in 64 bits).
    pub const PATTERN: &'static str = "^(trust|school|partner)-[1-9][0-9]{0,17}$";

    /// Reads a key written by [`OrgRef::key`], and only such a key: the number is written
    /// without sign or leading zeros and in at most 18 digits, as [`OrgRef::PATTERN`] says.
    pub fn parse(key: &str) -> Option<OrgRef> {
        let (kind, digits) = key.trim().split_once('-')?;
        let canonical = (1..=18).contains(&digits.len())
            && !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit());
        let number: i64 = digits.parse().ok().filter(|_| canonical)?;
        match kind {
            "trust" => Some(OrgRef::Trust(GroupUid(number))),
            "school" => Some(OrgRef::School(Urn(number))),
            "partner" => Some(OrgRef::Partner(PartnerId(number))),
            _ => None,
        }
    }

    /// What to say of `key` when it is not an organisation's key, naming the forms that
    /// are: every form field, parameter and body that takes an organisation says the same.
    pub fn unreadable(key: &str) -> String {
        format!(
            "\"{key}\" is not an organisation: use trust-<Group UID>, school-<URN> or partner-<number>."
        )
    }

    /// Where the organisation's own page is.
    pub fn page_path(self) -> String {
        match self {
            OrgRef::Trust(uid) => format!("/trusts/{}", uid.0),
            OrgRef::School(urn) => format!("/schools/{}", urn.0),
            OrgRef::Partner(id) => format!("/partners/{}", id.0),
        }
    }
}

/// Organisations travel as their key (`trust-17101`), so the API describes them as such.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for OrgRef {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(OrgRef::PATTERN))
            .description(Some(
                "An organisation: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`.",
            ))
            .examples(["trust-17101"])
            .into()
    }
}

/// Named so the document refers to one `OrgRef` schema.
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for OrgRef {}

impl fmt::Display for OrgRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

impl Serialize for OrgRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for OrgRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        OrgRef::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not an organisation: {text}")))
    }
}

/// An organisation reference with the name to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedOrg {
    /// Which organisation.
    pub org: OrgRef,
    /// Its name (from the system map or as its creator gave it).
    pub name: String,
}

/// What kind of body a partner organisation is. Wicked issues need employers, health,
/// police and others at the table, not only schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerKind {
    /// A business or employer.
    Employer,
    /// A charity or voluntary organisation.
    Charity,
    /// An NHS trust, integrated care board or other health body.
    NhsBody,
    /// A police force.
    Police,
    /// A local authority.
    LocalAuthority,
    /// A further education college.
    College,
    /// A university.
    University,
    /// Anything else.
    Other,
}

impl PartnerKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [PartnerKind; 8] = [
        PartnerKind::Employer,
        PartnerKind::Charity,
        PartnerKind::NhsBody,
        PartnerKind::Police,
        PartnerKind::LocalAuthority,
        PartnerKind::College,
        PartnerKind::University,
        PartnerKind::Other,
    ];

    /// Stable key for storage, forms and the API.
    pub fn key(self) -> &'static str {
        match self {
            PartnerKind::Employer => "employer",
            PartnerKind::Charity => "charity",
            PartnerKind::NhsBody => "nhs_body",
            PartnerKind::Police => "police",
            PartnerKind::LocalAuthority => "local_authority",
            PartnerKind::College => "college",
            PartnerKind::University => "university",
            PartnerKind::Other => "other",
        }
    }

    /// Reads a key; unknown keys are refused rather than guessed.
    pub fn from_key(key: &str) -> Option<PartnerKind> {
        PartnerKind::ALL.into_iter().find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            PartnerKind::Employer => "Employer",
            PartnerKind::Charity => "Charity or voluntary organisation",
            PartnerKind::NhsBody => "NHS body",
            PartnerKind::Police => "Police",
            PartnerKind::LocalAuthority => "Local authority",
            PartnerKind::College => "College",
            PartnerKind::University => "University",
            PartnerKind::Other => "Other",
        }
    }
}

/// A partner organisation as entered by the person who created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDetails {
    /// Name.
    pub name: String,
    /// Kind of body.
    pub kind: PartnerKind,
    /// Where it works, e.g. "Milton Keynes" or "North East".
    pub locality: String,
    /// Website, starting http:// or https://.
    pub website: Option<String>,
}

impl PartnerDetails {
    /// Checks form input, returning every problem as (field, message).
    pub fn from_form(
        name: &str,
        kind: &str,
        locality: &str,
        website: &str,
    ) -> Result<PartnerDetails, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let name = crate::account::tidy(name);
        if name.is_empty() {
            errors.push(("name", "Enter the organisation's name".to_string()));
        } else if name.chars().count() > 200 {
            errors.push(("name", "Name must be 200 characters or fewer".into()));
        }
        let kind = PartnerKind::from_key(kind);
        if kind.is_none() {
            errors.push(("kind", "Select the kind of organisation".into()));
        }
        let locality = crate::account::tidy(locality);
        if locality.is_empty() {
            errors.push(("locality", "Enter where the organisation works".into()));
        } else if locality.chars().count() > 120 {
            errors.push((
                "locality",
                "Locality must be 120 characters or fewer".into(),
            ));
        }
        let website = website.trim();
        let website = if website.is_empty() {
            None
        } else if (website.starts_with("https://") || website.starts_with("http://"))
            && website.len() <= 300
            && !website.chars().any(char::is_whitespace)
            && website
                .split("://")
                .nth(1)
                .is_some_and(|rest| rest.contains('.'))
        {
            Some(website.to_string())
        } else {
            errors.push((
                "website",
                "Enter a website address starting https://, like https://example.org".into(),
            ));
            None
        };
        match kind {
            Some(kind) if errors.is_empty() => Ok(PartnerDetails {
                name,
                kind,
                locality,
                website,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_keys_round_trip() {
        for org in [
            OrgRef::Trust(GroupUid(17101)),
            OrgRef::School(Urn(136730)),
            OrgRef::Partner(PartnerId(4)),
        ] {
            assert_eq!(OrgRef::parse(&org.key()), Some(org));
        }
        assert_eq!(OrgRef::Trust(GroupUid(17101)).key(), "trust-17101");
        for bad in [
            "",
            "trust",
            "trust-",
            "trust-x",
            "trust--4",
            "club-4",
            "school-0",
            "trust-+4",
            "trust-04",
            "school-1234567890123456789",
        ] {
            assert_eq!(OrgRef::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn partner_forms_are_checked() {
        let ok = PartnerDetails::from_form(
            " Milton  Keynes University Hospital ",
            "nhs_body",
            "Milton Keynes",
            "https://www.mkuh.nhs.uk",
        )
        .unwrap();
        assert_eq!(ok.name, "Milton Keynes University Hospital");
        assert_eq!(ok.kind, PartnerKind::NhsBody);

        let errors = PartnerDetails::from_form("", "club", "", "mkuh.nhs.uk").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "kind", "locality", "website"]);
    }

    #[test]
    fn partner_kinds_round_trip() {
        for kind in PartnerKind::ALL {
            assert_eq!(PartnerKind::from_key(kind.key()), Some(kind));
        }
    }
}
