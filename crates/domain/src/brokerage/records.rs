//! Introductions and collaborations. An introduction asks a candidate organisation to help
//! with a need; its administrators accept or decline. What the candidate may see of the
//! need before accepting is decided here ([`Introduction::need_disclosed`]), so a trust in
//! difficulty is never named to a candidate that has not agreed to help.

use super::area::{HelpForm, ImprovementArea};
use super::posting::{NeedId, OfferId};
use crate::access::Visibility;
use crate::party::NamedOrg;
use crate::Date;
use serde::{Deserialize, Serialize};

/// An introduction's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct IntroductionId(pub i64);

/// A collaboration's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct CollaborationId(pub i64);

/// Longest message or reason accepted.
pub const MAX_MESSAGE: usize = 2_000;

/// Where an introduction stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IntroductionStatus {
    /// Waiting for the candidate.
    Requested,
    /// The candidate agreed: a collaboration exists.
    Accepted,
    /// The candidate declined.
    Declined,
    /// The asker withdrew it.
    Withdrawn,
}

impl IntroductionStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            IntroductionStatus::Requested => "requested",
            IntroductionStatus::Accepted => "accepted",
            IntroductionStatus::Declined => "declined",
            IntroductionStatus::Withdrawn => "withdrawn",
        }
    }
    /// Reads a key.
    pub fn from_key(key: &str) -> Option<IntroductionStatus> {
        [
            IntroductionStatus::Requested,
            IntroductionStatus::Accepted,
            IntroductionStatus::Declined,
            IntroductionStatus::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.key() == key.trim())
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            IntroductionStatus::Requested => "Waiting for a reply",
            IntroductionStatus::Accepted => "Accepted",
            IntroductionStatus::Declined => "Declined",
            IntroductionStatus::Withdrawn => "Withdrawn",
        }
    }
}

/// An introduction as one side sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Introduction {
    /// Number.
    pub id: IntroductionId,
    /// The need it is about.
    pub need: NeedId,
    /// The area of the need (always shown to the candidate, so it can judge whether to help).
    pub area: ImprovementArea,
    /// The form of help wanted.
    pub form: HelpForm,
    /// The organisation that asked; `None` to a candidate while a confidential need is not
    /// yet accepted.
    pub asker: Option<NamedOrg>,
    /// The candidate asked to help.
    pub candidate: NamedOrg,
    /// The asker's message; hidden like the asker.
    pub message: Option<String>,
    /// The need's description; shown to the candidate only once it accepts, or when the
    /// need is not confidential.
    pub need_description: Option<String>,
    /// Where it stands.
    pub status: IntroductionStatus,
    /// The candidate's private reason for declining, shown only to the candidate.
    pub decline_reason: Option<String>,
    /// The candidate's score when the introduction was asked, and its reasons in words, so
    /// both sides can see why the match was suggested; hidden like the asker, because the
    /// reasons name the schools in need (the closest in context, the nearest), which would
    /// say who asked.
    pub reasons: Option<String>,
    /// Contact details of the other side, once accepted.
    pub contacts: Vec<String>,
    /// When asked (UTC).
    pub created_at: String,
    /// When decided, if it has been.
    pub decided_at: Option<String>,
    /// The collaboration it became, once accepted.
    pub collaboration: Option<CollaborationId>,
}

/// Which side of an introduction a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Acts for the organisation that asked.
    Asker,
    /// Acts for the candidate.
    Candidate,
}

impl Introduction {
    /// Whether the candidate may see who asked and what the need says: always once it has
    /// accepted, and before that only when the need is not confidential.
    pub fn need_disclosed(
        status: IntroductionStatus,
        need_visibility: &Visibility,
        side: Side,
    ) -> bool {
        side == Side::Asker
            || status == IntroductionStatus::Accepted
            || !need_visibility.is_confidential()
    }
}

/// Where a collaboration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollaborationStatus {
    /// Under way.
    Active,
    /// Finished as planned.
    Completed,
    /// Stopped before its end.
    EndedEarly,
}

impl CollaborationStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            CollaborationStatus::Active => "active",
            CollaborationStatus::Completed => "completed",
            CollaborationStatus::EndedEarly => "ended_early",
        }
    }
    /// Reads a key.
    pub fn from_key(key: &str) -> Option<CollaborationStatus> {
        [
            CollaborationStatus::Active,
            CollaborationStatus::Completed,
            CollaborationStatus::EndedEarly,
        ]
        .into_iter()
        .find(|s| s.key() == key.trim())
    }
    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            CollaborationStatus::Active => "Active",
            CollaborationStatus::Completed => "Completed",
            CollaborationStatus::EndedEarly => "Ended early",
        }
    }
}

/// One side's short feedback at the end of a collaboration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    /// 1 (not useful) to 5 (very useful).
    pub rating: u8,
    /// A sentence or two.
    pub comment: String,
}

impl Feedback {
    /// Checks a rating and comment as typed.
    pub fn check(rating: &str, comment: &str) -> Result<Feedback, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let rating = match rating.trim().parse::<u8>() {
            Ok(r) if (1..=5).contains(&r) => Some(r),
            _ => {
                errors.push(("rating", "Choose a rating from 1 to 5".to_string()));
                None
            }
        };
        let comment = comment.trim().replace("\r\n", "\n");
        if comment.chars().count() > MAX_MESSAGE {
            errors.push((
                "comment",
                format!("Feedback must be {MAX_MESSAGE} characters or fewer"),
            ));
        }
        match rating {
            Some(rating) if errors.is_empty() => Ok(Feedback { rating, comment }),
            _ => Err(errors),
        }
    }
}

/// A collaboration: who helped whom, with what, when, and how it went. Later features (the
/// network, impact, case studies) read these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collaboration {
    /// Number.
    pub id: CollaborationId,
    /// The introduction it came from.
    pub introduction: IntroductionId,
    /// The need it meets.
    pub need: NeedId,
    /// The offer it draws on, if the helper had one in the area.
    pub offer: Option<OfferId>,
    /// The organisation helping.
    pub helper: NamedOrg,
    /// The organisation helped.
    pub helped: NamedOrg,
    /// Area.
    pub area: ImprovementArea,
    /// Form of help.
    pub form: HelpForm,
    /// Days agreed.
    pub days: u32,
    /// Start.
    pub start: Date,
    /// Planned or actual end.
    pub end: Date,
    /// Where it stands.
    pub status: CollaborationStatus,
    /// The helper's feedback at the end.
    pub helper_feedback: Option<Feedback>,
    /// The helped organisation's feedback at the end.
    pub helped_feedback: Option<Feedback>,
    /// Who may see it: as the need was, and always both parties.
    pub visibility: Visibility,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;
    use crate::party::OrgRef;

    #[test]
    fn a_confidential_need_is_hidden_from_the_candidate_until_it_accepts() {
        let confidential = Visibility::Organisations([OrgRef::Trust(GroupUid(1))].into());
        use IntroductionStatus::*;
        assert!(!Introduction::need_disclosed(
            Requested,
            &confidential,
            Side::Candidate
        ));
        assert!(!Introduction::need_disclosed(
            Declined,
            &confidential,
            Side::Candidate
        ));
        assert!(Introduction::need_disclosed(
            Accepted,
            &confidential,
            Side::Candidate
        ));
        assert!(Introduction::need_disclosed(
            Requested,
            &confidential,
            Side::Asker
        ));
        assert!(Introduction::need_disclosed(
            Requested,
            &Visibility::Members,
            Side::Candidate
        ));
    }

    #[test]
    fn feedback_is_checked() {
        assert_eq!(Feedback::check("4", " Good ").unwrap().comment, "Good");
        assert!(Feedback::check("0", "").is_err());
        assert!(Feedback::check("five", "").is_err());
    }
}
