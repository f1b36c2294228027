//! The emails Convene sends, written once here so their wording can be read and tested
//! without a mail server.

use serde::{Deserialize, Serialize};

/// An email ready for the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailMessage {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// How long an email verification link works, in hours.
pub const VERIFY_LINK_HOURS: i64 = 48;
/// How long a password reset link works, in minutes. Short, because the link is as good
/// as the password.
pub const RESET_LINK_MINUTES: i64 = 60;

/// Asks a new member to confirm their address.
pub fn verify_email(to: &str, name: &str, link: &str) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: "Confirm your email address for Convene".into(),
        body: format!(
            "Dear {name},\n\nTo finish creating your Convene account, confirm your email \
             address by opening this link:\n\n{link}\n\nThe link works for {VERIFY_LINK_HOURS} \
             hours and can be used once.\n\nIf you did not create an account, you can ignore \
             this email.\n"
        ),
    }
}

/// Sends a one-time password reset link.
pub fn reset_password(to: &str, name: &str, link: &str) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: "Reset your Convene password".into(),
        body: format!(
            "Dear {name},\n\nSomeone asked to reset the password for this Convene account. \
             To choose a new password, open this link:\n\n{link}\n\nThe link works for \
             {RESET_LINK_MINUTES} minutes and can be used once. Signing in with a new \
             password signs you out everywhere else.\n\nIf you did not ask for this, you \
             can ignore this email: your password has not changed.\n"
        ),
    }
}

/// Tells a person their claim to join an organisation was decided.
pub fn membership_decided(
    to: &str,
    name: &str,
    organisation: &str,
    approved: bool,
    link: &str,
) -> EmailMessage {
    let (subject, outcome) = if approved {
        (
            format!("You can now act for {organisation} on Convene"),
            format!("your request to join {organisation} on Convene has been approved"),
        )
    } else {
        (
            format!("Your request to join {organisation} on Convene"),
            format!(
                "your request to join {organisation} on Convene was not approved. If you think \
                 this is wrong, contact the organisation's administrator"
            ),
        )
    };
    EmailMessage {
        to: to.to_string(),
        subject,
        body: format!("Dear {name},\n\n{outcome}.\n\n{link}\n"),
    }
}

/// Tells a candidate's administrator that an organisation asks for an introduction. For a
/// confidential need `asker` is `None`: the email names only the area and the form of help,
/// never the organisation in need or what it wrote, until the candidate accepts.
pub fn introduction_requested(
    to: &str,
    name: &str,
    candidate: &str,
    asker: Option<&str>,
    area: &str,
    form: &str,
    link: &str,
) -> EmailMessage {
    let who = asker.unwrap_or("An organisation on Convene (named once you accept)");
    EmailMessage {
        to: to.to_string(),
        subject: format!("Convene: {candidate} is asked to help with {area}"),
        body: format!(
            "Dear {name},\n\n{who} asks whether {candidate} could help with {area} \
             ({form}). Convene suggested {candidate} for its evidence and offers in the area.\n\nTo accept or decline, open:\n\n{link}\n\n\
             Nothing about you is shared until you accept. If you decline, your reason is kept \
             private to {candidate}.\n"
        ),
    }
}

/// Tells the asking organisation's administrators what the candidate decided.
pub fn introduction_decided(
    to: &str,
    name: &str,
    candidate: &str,
    area: &str,
    accepted: bool,
    link: &str,
) -> EmailMessage {
    let (subject, news) = if accepted {
        (
            format!("Convene: {candidate} accepted your introduction"),
            format!(
                "{candidate} has accepted your request for help with {area}. A collaboration \
                 record has been opened and both sides can now see each other's contact details"
            ),
        )
    } else {
        (
            format!("Convene: {candidate} declined your introduction"),
            format!(
                "{candidate} is not able to help with {area} this time. The ranking may suggest \
                 others"
            ),
        )
    };
    EmailMessage {
        to: to.to_string(),
        subject,
        body: format!("Dear {name},\n\n{news}.\n\n{link}\n"),
    }
}

/// Invites an organisation's administrator to accept a place in a partnership.
pub fn partnership_invitation(
    to: &str,
    name: &str,
    organisation: &str,
    partnership: &str,
    role: &str,
    link: &str,
) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: format!("Convene: {organisation} is invited to join {partnership}"),
        body: format!(
            "Dear {name},\n\n{organisation} has been invited to join the partnership \
             \"{partnership}\" on Convene as {}. As an administrator of {organisation}, you \
             can read what the partnership is for and accept or decline here:\n\n{link}\n",
            role.to_lowercase()
        ),
    }
}

/// Reminds a member organisation's administrator of a stock-take coming up. It names the
/// day and how many commitments are open, never members-only notes.
pub fn stocktake_reminder(
    to: &str,
    name: &str,
    partnership: &str,
    on: crate::Date,
    open_commitments: usize,
    link: &str,
) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: format!("Convene: stock-take for {partnership} on {}", on.long()),
        body: format!(
            "Dear {name},\n\nThe next stock-take of {partnership} is on {}. {open_commitments} \
             commitment{} will be reviewed: please bring each one's status and any measures \
             you hold.\n\n{link}\n",
            on.long(),
            if open_commitments == 1 { "" } else { "s" }
        ),
    }
}

/// Tells the owner's and the conveners' administrators that a commitment has passed its day.
pub fn commitment_overdue(
    to: &str,
    name: &str,
    partnership: &str,
    owner: &str,
    action: &str,
    due: crate::Date,
    link: &str,
) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: format!("Convene: a commitment in {partnership} is overdue"),
        body: format!(
            "Dear {name},\n\n{owner}'s commitment in {partnership} was due on {} and is not yet \
             marked as done:\n\n  {action}\n\nRecord its status at the next stock-take, or \
             agree a new date with the partners.\n\n{link}\n",
            due.long()
        ),
    }
}

/// Reminds a review's host and reviewers of its progress review: four weeks ahead, then on
/// the day. It names neither the host nor anything from the review: the link leads to the
/// review's page, which only its parties can open, so an email seen by anyone else (an
/// outbox, a forwarded message) says no more than that some review has a date.
pub fn progress_review_reminder(
    to: &str,
    name: &str,
    reminder: &crate::peer_review::reminders::ProgressReminder,
    link: &str,
) -> EmailMessage {
    use crate::peer_review::reminders::ProgressReminderKind;
    let when = reminder.on.long();
    let (subject, opening) = match reminder.kind {
        ProgressReminderKind::Coming => (
            format!("Convene: a peer review's progress review is on {when}"),
            format!(
                "The progress review of a peer review you take part in is on {when}. Please \
                 arrange it with the other side, and bring the action plan's progress."
            ),
        ),
        ProgressReminderKind::Due => (
            format!("Convene: a peer review's progress review is due ({when})"),
            format!(
                "The progress review of a peer review you take part in was set for {when} and \
                 is not yet recorded. Once it has been held, the host records it on the \
                 review's page."
            ),
        ),
    };
    EmailMessage {
        to: to.to_string(),
        subject,
        body: format!("Dear {name},\n\n{opening}\n\n{link}\n"),
    }
}

/// Finds the first link in a message body that starts with `prefix`, as tests and the
/// outbox page do to follow a link.
pub fn find_link<'a>(body: &'a str, prefix: &str) -> Option<&'a str> {
    body.split_whitespace()
        .find(|word| word.starts_with(prefix))
}

/// Asks a colleague, partner or governor for 360 feedback on the eight system leadership
/// behaviours. It says the answers are anonymous below three per group, and names no other
/// rater.
pub fn feedback_invitation(to: &str, person: &str, closes_on: &str, link: &str) -> EmailMessage {
    EmailMessage {
        to: to.to_string(),
        subject: format!("Convene: {person} asks for your feedback"),
        body: format!(
            "{person} has asked for your feedback on the eight system leadership behaviours, \
             from what you have seen of their work. It takes about ten minutes.\n\nYour answer is \
             anonymous: {person} sees only the average of each group of raters, and nothing \
             from a group with fewer than three answers. Answer by {closes_on} here:\n\n{link}\n\n\
             The link is yours alone; please do not pass it on.\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_their_link() {
        let message = verify_email(
            "jo@example.org",
            "Jo",
            "https://convene.example/verify-email?token=abc",
        );
        assert_eq!(
            find_link(&message.body, "https://convene.example/verify-email"),
            Some("https://convene.example/verify-email?token=abc")
        );
        let reset = reset_password("jo@example.org", "Jo", "http://x/reset-password?token=t");
        assert!(reset.body.contains("60 minutes"));
        let decided = membership_decided(
            "jo@example.org",
            "Jo",
            "5 Dimensions Trust",
            false,
            "http://x/account",
        );
        assert!(decided.body.contains("was not approved"));
    }

    #[test]
    fn a_confidential_introduction_never_names_the_asker() {
        let message = introduction_requested(
            "head@example.org",
            "Sam",
            "Helper Trust",
            None,
            "Key stage 2 maths",
            "Peer review",
            "http://x/introductions/1",
        );
        assert!(message.body.contains("named once you accept"));
        assert!(message.subject.contains("Key stage 2 maths"));
        let named = introduction_requested("a@b", "Sam", "H", Some("Asker Trust"), "a", "f", "l");
        assert!(named.body.contains("Asker Trust asks"));
    }
}
