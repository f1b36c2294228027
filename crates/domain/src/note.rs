//! Notes: the first confidential record. A person writes a note, perhaps about a trust or
//! school, and chooses who sees it: everyone, signed-in members, named organisations (two
//! trusts working together), or only themselves. Later records (peer reviews, needs and
//! offers) use the same [`Visibility`] and the same policy.

use crate::access::Visibility;
use crate::account::PersonId;
use crate::party::{NamedOrg, OrgRef};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A note's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct NoteId(pub i64);

/// Longest title accepted.
pub const MAX_TITLE_LENGTH: usize = 200;
/// Longest body accepted.
pub const MAX_BODY_LENGTH: usize = 20_000;

/// A note as written, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDraft {
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// The trust, school or partner the note is about, if any.
    pub about: Option<OrgRef>,
    /// Who may read it.
    pub visibility: Visibility,
}

impl NoteDraft {
    /// Checks what was typed, returning every problem as (field, message).
    pub fn from_form(
        title: &str,
        body: &str,
        about: Option<OrgRef>,
        level: &str,
        shared_with: BTreeSet<OrgRef>,
    ) -> Result<NoteDraft, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let title = crate::account::tidy(title);
        if title.is_empty() {
            errors.push(("title", "Enter a title".to_string()));
        } else if title.chars().count() > MAX_TITLE_LENGTH {
            errors.push((
                "title",
                format!("Title must be {MAX_TITLE_LENGTH} characters or fewer"),
            ));
        }
        let body = body.trim().replace("\r\n", "\n");
        if body.is_empty() {
            errors.push(("body", "Enter the note".to_string()));
        } else if body.chars().count() > MAX_BODY_LENGTH {
            errors.push((
                "body",
                format!("Note must be {MAX_BODY_LENGTH} characters or fewer"),
            ));
        }
        let visibility = match Visibility::from_parts(level, shared_with) {
            Some(Visibility::Organisations(orgs)) if orgs.is_empty() => {
                errors.push((
                    "visibility",
                    "Choose at least one organisation to share the note with".into(),
                ));
                None
            }
            Some(visibility) => Some(visibility),
            None => {
                errors.push(("visibility", "Choose who can see the note".into()));
                None
            }
        };
        match visibility {
            Some(visibility) if errors.is_empty() => Ok(NoteDraft {
                title,
                body,
                about,
                visibility,
            }),
            _ => Err(errors),
        }
    }
}

/// A stored note, as shown to someone entitled to read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Note {
    /// Number.
    pub id: NoteId,
    /// Author; none once the author has deleted their account.
    pub author: Option<PersonId>,
    /// Author's name, or "Former member" when de-identified.
    pub author_name: String,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// What it is about.
    pub about: Option<NamedOrg>,
    /// Who may read it.
    pub visibility: Visibility,
    /// Names of the organisations it is shared with, when shared with named ones.
    pub shared_with: Vec<NamedOrg>,
    /// When written (UTC, ISO 8601).
    pub created_at: String,
}

/// What the author of a de-identified record is called.
pub const FORMER_MEMBER: &str = "Former member";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    #[test]
    fn drafts_are_checked() {
        let trust = OrgRef::Trust(GroupUid(1));
        let ok = NoteDraft::from_form(
            " Visit ",
            "Notes\r\nmore",
            Some(trust),
            "organisations",
            [trust].into(),
        )
        .unwrap();
        assert_eq!(ok.title, "Visit");
        assert_eq!(ok.body, "Notes\nmore");
        assert_eq!(ok.visibility, Visibility::Organisations([trust].into()));

        let errors =
            NoteDraft::from_form("", "", None, "organisations", BTreeSet::new()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["title", "body", "visibility"]);
        assert!(NoteDraft::from_form("t", "b", None, "secret", BTreeSet::new()).is_err());
    }
}
