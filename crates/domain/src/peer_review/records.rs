//! What a review leaves behind outside itself, with nothing confidential in it: a line in
//! a list of reviews, the collaboration record a finished review becomes (who reviewed
//! whom, when), and a reviewer's hours as professional development. Findings, evidence and
//! the self-evaluation never appear here.

use super::review::{PeerReviewId, ReviewRole, ReviewStatus};
use crate::account::PersonId;
use crate::party::OrgRef;
use crate::Date;
use serde::{Deserialize, Serialize};

/// A review in the list of someone on one of its sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewListing {
    /// The review.
    pub id: PeerReviewId,
    /// The organisation reviewed.
    pub host: OrgRef,
    /// Its name.
    pub host_name: String,
    /// Where the review stands.
    pub status: ReviewStatus,
    /// First day, once set.
    pub starts_on: Option<Date>,
    /// The progress review's date, once set.
    pub progress_review_on: Option<Date>,
    /// Whether the host has published a summary.
    pub summary_published: bool,
    /// The reader's side.
    pub role: ReviewRole,
}

/// A finished review (findings shared or later) as a collaboration record between the
/// host and the organisations its reviewers came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewRecord {
    /// The review.
    pub review: PeerReviewId,
    /// The organisation reviewed.
    pub host: OrgRef,
    /// Its name.
    pub host_name: String,
    /// The organisations the reviewers came from, each once.
    pub reviewers: Vec<OrgRef>,
    /// The review's last day.
    pub ends_on: Date,
    /// Where it stands (findings shared, action plan agreed or progress reviewed).
    pub status: ReviewStatus,
    /// Whether the host published a summary: only then may others learn the review
    /// happened.
    pub published: bool,
}

/// One reviewer's hours on one finished review, for their professional development record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewerHours {
    /// The reviewer.
    pub person: PersonId,
    /// The review.
    pub review: PeerReviewId,
    /// The organisation reviewed, and its name.
    pub host: OrgRef,
    /// The host's name.
    pub host_name: String,
    /// Hours given.
    pub hours: u32,
    /// The review's last day.
    pub ends_on: Date,
    /// Whether the host published a summary.
    pub published: bool,
}

impl ReviewerHours {
    /// The host's name as someone other than the reviewer may see it: named once the host
    /// has published a summary, otherwise not, since the review itself is confidential.
    pub fn host_for_others(&self) -> Option<&str> {
        self.published.then_some(self.host_name.as_str())
    }
}

/// The total hours on a record.
pub fn total_hours(lines: &[ReviewerHours]) -> u32 {
    lines.iter().map(|l| l.hours).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    fn line(hours: u32, published: bool) -> ReviewerHours {
        ReviewerHours {
            person: PersonId(1),
            review: PeerReviewId(2),
            host: OrgRef::Trust(GroupUid(3)),
            host_name: "Oak Trust".into(),
            hours,
            ends_on: Date::parse("2027-03-10").expect("a date"),
            published,
        }
    }

    #[test]
    fn an_unpublished_review_does_not_name_its_host_to_others() {
        assert_eq!(line(10, false).host_for_others(), None);
        assert_eq!(line(10, true).host_for_others(), Some("Oak Trust"));
    }

    #[test]
    fn hours_add_up() {
        assert_eq!(total_hours(&[line(10, false), line(14, true)]), 24);
        assert_eq!(total_hours(&[]), 0);
    }
}
