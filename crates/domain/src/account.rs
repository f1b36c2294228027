//! People who use Convene: their sign-in identity (an email address and a password that
//! meets the rules) and the profile they choose to show.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// A person's internal number. Not secret, but not a public identifier either: public
/// profile pages use it only when the person has chosen to be listed.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PersonId(pub i64);

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An email address, trimmed and lower-cased so one person cannot hold two accounts by
/// changing the case of their address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Reads an address as typed, or says in plain English what is wrong with it.
    pub fn parse(text: &str) -> Result<Email, String> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Err("Enter your email address".into());
        }
        if text.len() > 254 {
            return Err("Email address must be 254 characters or fewer".into());
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(
                "Enter an email address in the correct format, like name@example.org".into(),
            );
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok || text.chars().any(char::is_whitespace) {
            return Err(
                "Enter an email address in the correct format, like name@example.org".into(),
            );
        }
        Ok(Email(text))
    }

    /// The address as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Shortest password accepted. Length is what makes a password strong (NCSC guidance), so
/// there are no rules about symbols.
pub const MIN_PASSWORD_LENGTH: usize = 10;
/// Longest password accepted: long enough for any passphrase or manager, short enough that
/// hashing cannot be used to tie up the server.
pub const MAX_PASSWORD_LENGTH: usize = 128;

/// Checks a new password against the rules, giving the message to show beside the field.
pub fn check_new_password(password: &str, email: &Email) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(format!(
            "Password must be {MIN_PASSWORD_LENGTH} characters or more"
        ));
    }
    if length > MAX_PASSWORD_LENGTH {
        return Err(format!(
            "Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
        ));
    }
    if password.trim().to_lowercase() == email.as_str() {
        return Err("Password must not be your email address".into());
    }
    Ok(())
}

/// A profile field a person may choose to show to the public. Signed-in members of Convene
/// always see the whole profile; the public sees only what is ticked, and nothing at all
/// unless the name is ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    /// The person's name; without it the profile is not public at all.
    Name,
    /// Job title.
    JobTitle,
    /// Areas of expertise.
    Expertise,
    /// Short biography.
    Bio,
    /// The organisations the person belongs to.
    Organisations,
}

impl ProfileField {
    /// Every field, in the order forms show them.
    pub const ALL: [ProfileField; 5] = [
        ProfileField::Name,
        ProfileField::JobTitle,
        ProfileField::Expertise,
        ProfileField::Bio,
        ProfileField::Organisations,
    ];

    /// Stable key for storage and forms.
    pub fn key(self) -> &'static str {
        match self {
            ProfileField::Name => "name",
            ProfileField::JobTitle => "job_title",
            ProfileField::Expertise => "expertise",
            ProfileField::Bio => "bio",
            ProfileField::Organisations => "organisations",
        }
    }

    /// Reads a key written by [`ProfileField::key`].
    pub fn from_key(key: &str) -> Option<ProfileField> {
        ProfileField::ALL
            .into_iter()
            .find(|f| f.key() == key.trim())
    }

    /// Label for forms.
    pub fn label(self) -> &'static str {
        match self {
            ProfileField::Name => "Name",
            ProfileField::JobTitle => "Job title",
            ProfileField::Expertise => "Areas of expertise",
            ProfileField::Bio => "Short bio",
            ProfileField::Organisations => "Organisations",
        }
    }
}

/// Job titles people in trusts recognise, offered as suggestions; any title may be typed.
pub const COMMON_JOB_TITLES: [&str; 8] = [
    "Chief executive officer (CEO)",
    "Chief operating officer (COO)",
    "Chief financial officer (CFO)",
    "Director of school improvement",
    "Director of education",
    "Headteacher",
    "Trustee",
    "Convener or facilitator",
];

/// What a person tells others about themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Full name.
    pub name: String,
    /// Job title, e.g. "Director of school improvement".
    pub job_title: Option<String>,
    /// Areas of expertise, e.g. "SEND", "curriculum", "finance".
    pub expertise: Vec<String>,
    /// A short biography.
    pub bio: Option<String>,
    /// Fields shown to the public.
    pub public_fields: BTreeSet<ProfileField>,
}

/// Longest name accepted.
pub const MAX_NAME_LENGTH: usize = 120;
/// Longest bio accepted (about a paragraph or two).
pub const MAX_BIO_LENGTH: usize = 2_000;

impl Profile {
    /// Builds a profile from form text, tidying whitespace, splitting expertise on commas,
    /// and returning every problem as (field, message) so a form can show them all at once.
    pub fn from_form(
        name: &str,
        job_title: &str,
        expertise: &str,
        bio: &str,
        public_fields: BTreeSet<ProfileField>,
    ) -> Result<Profile, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let name = tidy(name);
        if name.is_empty() {
            errors.push(("name", "Enter your name".to_string()));
        } else if name.chars().count() > MAX_NAME_LENGTH {
            errors.push((
                "name",
                format!("Name must be {MAX_NAME_LENGTH} characters or fewer"),
            ));
        }
        let job_title = Some(tidy(job_title)).filter(|t| !t.is_empty());
        if job_title.as_ref().is_some_and(|t| t.chars().count() > 120) {
            errors.push((
                "job_title",
                "Job title must be 120 characters or fewer".into(),
            ));
        }
        let expertise: Vec<String> = expertise
            .split([',', '\n'])
            .map(tidy)
            .filter(|e| !e.is_empty())
            .collect();
        if expertise.len() > 20 || expertise.iter().any(|e| e.chars().count() > 60) {
            errors.push((
                "expertise",
                "List up to 20 areas of expertise, each 60 characters or fewer".into(),
            ));
        }
        let bio = Some(bio.trim().to_string()).filter(|b| !b.is_empty());
        if bio
            .as_ref()
            .is_some_and(|b| b.chars().count() > MAX_BIO_LENGTH)
        {
            errors.push((
                "bio",
                format!("Bio must be {MAX_BIO_LENGTH} characters or fewer"),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Profile {
            name,
            job_title,
            expertise,
            bio,
            public_fields,
        })
    }

    /// Whether the public may see this profile at all.
    pub fn is_public(&self) -> bool {
        self.public_fields.contains(&ProfileField::Name)
    }

    /// Whether `field` is shown to someone who is (or is not) signed in.
    pub fn shows(&self, field: ProfileField, viewer_signed_in: bool) -> bool {
        viewer_signed_in || (self.is_public() && self.public_fields.contains(&field))
    }

    /// Public fields as stored: comma-separated keys.
    pub fn public_fields_key(&self) -> String {
        self.public_fields
            .iter()
            .map(|f| f.key())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads public fields as stored, ignoring keys from a future version.
    pub fn parse_public_fields(text: &str) -> BTreeSet<ProfileField> {
        text.split(',').filter_map(ProfileField::from_key).collect()
    }
}

/// Collapses runs of whitespace and trims, so "  Jo   Bloggs " is stored as "Jo Bloggs".
pub fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Jo.Bloggs@Example.ORG ").unwrap().as_str(),
            "jo.bloggs@example.org"
        );
        for bad in [
            "",
            "jo",
            "jo@",
            "@example.org",
            "jo@example",
            "jo@@x.org",
            "j o@x.org",
            "jo@x..org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn passwords_need_length_not_symbols() {
        let email = Email::parse("jo@example.org").unwrap();
        assert!(check_new_password("short", &email).is_err());
        assert!(check_new_password("correct horse battery", &email).is_ok());
        assert!(check_new_password(&"x".repeat(129), &email).is_err());
        assert!(check_new_password("JO@example.org", &email).is_err());
    }

    #[test]
    fn profile_forms_are_tidied_and_every_problem_reported() {
        let profile = Profile::from_form(
            "  Jo   Bloggs ",
            "CEO",
            "SEND, curriculum,, finance\n",
            "",
            BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(profile.name, "Jo Bloggs");
        assert_eq!(profile.expertise, ["SEND", "curriculum", "finance"]);
        assert_eq!(profile.bio, None);

        let errors =
            Profile::from_form("", "", "", &"b".repeat(2001), BTreeSet::new()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "bio"]);
    }

    #[test]
    fn the_public_sees_only_ticked_fields_and_only_with_the_name() {
        let mut profile = Profile {
            name: "Jo".into(),
            public_fields: [ProfileField::JobTitle].into(),
            ..Profile::default()
        };
        assert!(!profile.is_public());
        assert!(!profile.shows(ProfileField::JobTitle, false));
        assert!(profile.shows(ProfileField::Bio, true));
        profile.public_fields.insert(ProfileField::Name);
        assert!(profile.shows(ProfileField::JobTitle, false));
        assert!(!profile.shows(ProfileField::Bio, false));
        assert_eq!(profile.public_fields_key(), "name,job_title");
        assert_eq!(
            Profile::parse_public_fields("name,job_title,unknown"),
            profile.public_fields
        );
    }
}
