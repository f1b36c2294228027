//! Delivers the outbox by SMTP. Emails are written to the outbox by whatever caused them
//! (in the same transaction); this worker sends the undelivered ones and records each
//! attempt, so a mail server that is down delays email but never loses it. Without SMTP
//! configured nothing here runs and administrators read the outbox in the app.

#![warn(missing_docs)]

use convene_domain::mail::EmailMessage;
use convene_store::Store;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How often the outbox is checked for new email.
const POLL_EVERY: Duration = Duration::from_secs(5);
/// Attempts before an email is left for an administrator to look at.
const MAX_ATTEMPTS: i64 = 5;

/// Where and as whom to send.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// An SMTP URL as lettre reads it: `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS from the start), or `smtp://host:25` (plain, for
    /// a relay on the same machine).
    pub url: String,
    /// The From address, e.g. `Convene <convene@example.org>`.
    pub from: String,
}

/// A connected mailer.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// Checks the settings (the URL and From address must parse) without connecting.
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)
            .map_err(|e| format!("the SMTP URL is not valid: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("the From address {:?} is not valid: {e}", settings.from))?;
        Ok(Mailer { transport, from })
    }

    /// Sends one message.
    pub async fn send(&self, message: &EmailMessage) -> Result<(), String> {
        let to = message
            .to
            .parse::<Mailbox>()
            .map_err(|e| format!("bad recipient {:?}: {e}", message.to))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .body(message.body.clone())
            .map_err(|e| format!("cannot build the email: {e}"))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Sends every undelivered email once, recording each attempt. Returns how many were
    /// delivered.
    pub async fn deliver_pending(&self, store: &Store) -> Result<usize, String> {
        let pending = store
            .undelivered_emails(MAX_ATTEMPTS, 100)
            .await
            .map_err(|e| e.to_string())?;
        let mut delivered = 0;
        for email in pending {
            let result = self.send(&email.message).await;
            store
                .record_delivery(email.id, result.as_ref().err().map(String::as_str))
                .await
                .map_err(|e| e.to_string())?;
            match result {
                Ok(()) => delivered += 1,
                Err(e) => tracing::warn!(
                    email = email.id,
                    error = %e,
                    "email not delivered; it stays in the outbox to be tried again"
                ),
            }
        }
        Ok(delivered)
    }

    /// Delivers the outbox every few seconds until the program stops.
    pub fn spawn(self, store: Store) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.deliver_pending(&store).await {
                    tracing::error!(error = %e, "email delivery failed");
                }
                tokio::time::sleep(POLL_EVERY).await;
            }
        })
    }
}
