//! Progress-review reminders: a review's progress review comes about ten months after its
//! last visit, long after anyone remembers the date, so Convene reminds the host and its
//! reviewers twice: four weeks before, so it can be arranged, and on the day if it has not
//! been recorded. Each reminder has a key naming it uniquely, so the store records and
//! sends it once however many processes ask; a new date makes new reminders.

use super::review::{PeerReviewId, ReviewStatus};
use crate::Date;

/// How many days ahead of a progress review the first reminder goes.
pub const DAYS_BEFORE_PROGRESS_REVIEW: i64 = 28;

/// Which of the two reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressReminderKind {
    /// The progress review is within four weeks.
    Coming,
    /// The day has come and the progress review is not yet recorded.
    Due,
}

/// A progress-review reminder due to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressReminder {
    /// The review.
    pub review: PeerReviewId,
    /// The progress review's date.
    pub on: Date,
    /// Which reminder.
    pub kind: ProgressReminderKind,
}

impl ProgressReminder {
    /// The key under which it is recorded once.
    pub fn key(&self) -> String {
        let kind = match self.kind {
            ProgressReminderKind::Coming => "coming",
            ProgressReminderKind::Due => "due",
        };
        format!("progress-review-{kind}:{}:{}", self.review.0, self.on)
    }
}

/// The reminder due on `today` for one review, if any. Only reviews whose findings are
/// shared and whose progress review is still to be held get one: before the findings
/// there is nothing to review progress against, and a closed review needs no reminder.
/// Within four weeks of the date the "coming" reminder is due; from the day itself, the
/// "due" one.
pub fn progress_reminder_due(
    review: PeerReviewId,
    status: ReviewStatus,
    progress_review_on: Option<Date>,
    today: Date,
) -> Option<ProgressReminder> {
    let on = progress_review_on?;
    if !status.is_finished() || status.is_closed() {
        return None;
    }
    let days_left = on.days_since_epoch() - today.days_since_epoch();
    let kind = if days_left <= 0 {
        ProgressReminderKind::Due
    } else if days_left <= DAYS_BEFORE_PROGRESS_REVIEW {
        ProgressReminderKind::Coming
    } else {
        return None;
    };
    Some(ProgressReminder { review, on, kind })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    const ID: PeerReviewId = PeerReviewId(7);

    #[test]
    fn nothing_is_due_more_than_four_weeks_ahead() {
        let on = Some(day("2027-11-30"));
        let due = progress_reminder_due(ID, ReviewStatus::ActionPlanAgreed, on, day("2027-11-01"));
        assert_eq!(due, None);
    }

    #[test]
    fn the_coming_reminder_starts_four_weeks_before_and_the_due_one_on_the_day() {
        let on = Some(day("2027-11-30"));
        let coming =
            progress_reminder_due(ID, ReviewStatus::ActionPlanAgreed, on, day("2027-11-02"))
                .expect("due");
        assert_eq!(coming.kind, ProgressReminderKind::Coming);
        assert_eq!(coming.key(), "progress-review-coming:7:2027-11-30");
        let due = progress_reminder_due(ID, ReviewStatus::FindingsShared, on, day("2027-11-30"))
            .expect("due");
        assert_eq!(due.kind, ProgressReminderKind::Due);
        let later = progress_reminder_due(ID, ReviewStatus::FindingsShared, on, day("2028-01-05"))
            .expect("due");
        assert_eq!(
            later.key(),
            due.key(),
            "a late run sends the same reminder, once"
        );
    }

    #[test]
    fn reviews_before_findings_or_closed_get_no_reminder() {
        let on = Some(day("2027-11-30"));
        for status in [
            ReviewStatus::Draft,
            ReviewStatus::Scheduled,
            ReviewStatus::InProgress,
            ReviewStatus::ProgressReviewed,
        ] {
            assert_eq!(
                progress_reminder_due(ID, status, on, day("2027-11-30")),
                None,
                "{status:?}"
            );
        }
        assert_eq!(
            progress_reminder_due(ID, ReviewStatus::ActionPlanAgreed, None, day("2027-11-30")),
            None
        );
    }

    #[test]
    fn a_new_date_makes_new_reminders() {
        let first = progress_reminder_due(
            ID,
            ReviewStatus::ActionPlanAgreed,
            Some(day("2027-11-30")),
            day("2027-11-30"),
        )
        .expect("due");
        let moved = progress_reminder_due(
            ID,
            ReviewStatus::ActionPlanAgreed,
            Some(day("2027-12-14")),
            day("2027-12-14"),
        )
        .expect("due");
        assert_ne!(first.key(), moved.key());
    }
}
