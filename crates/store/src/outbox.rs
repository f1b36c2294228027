//! The outbox: every email Convene sends is first written here, in the same transaction as
//! the change that caused it, so an email is never lost and never sent for a change that
//! was rolled back. A mailer delivers them by SMTP when one is configured; otherwise
//! administrators read them in the app.

use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::mail::EmailMessage;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxEmail {
    /// Number.
    pub id: i64,
    /// The message.
    pub message: EmailMessage,
    /// When written.
    pub created_at: String,
    /// When delivered by SMTP, if it has been.
    pub sent_at: Option<String>,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// Writes a message on `conn`, inside the caller's transaction.
pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    message: &EmailMessage,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (recipient, subject, body, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(message.to.clone())
    .bind(message.subject.clone())
    .bind(message.body.clone())
    .bind(crate::provenance::now_utc())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

const SELECT: &str =
    "SELECT id, recipient, subject, body, created_at, sent_at, attempts, last_error FROM outbox";

impl Store {
    /// Queues an email on its own.
    pub async fn send_email(&self, message: &EmailMessage) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        enqueue(&mut conn, message).await
    }

    /// The newest `limit` emails, newest first, optionally only those to one address.
    pub async fn outbox(
        &self,
        recipient: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OutboxEmail>, StoreError> {
        let rows = match recipient {
            Some(to) => {
                sqlx::query(&format!(
                    "{SELECT} WHERE recipient = $1 ORDER BY id DESC LIMIT $2"
                ))
                .bind(to.to_string())
                .bind(limit as i64)
                .fetch_all(self.pool())
                .await?
            }
            None => {
                sqlx::query(&format!("{SELECT} ORDER BY id DESC LIMIT $1"))
                    .bind(limit as i64)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(email_from_row).collect()
    }

    /// One email.
    pub async fn outbox_email(&self, id: i64) -> Result<Option<OutboxEmail>, StoreError> {
        let row = sqlx::query(&format!("{SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(email_from_row).transpose()
    }

    /// Emails not yet delivered, oldest first, that have failed fewer than `max_attempts`
    /// times.
    pub async fn undelivered_emails(
        &self,
        max_attempts: i64,
        limit: usize,
    ) -> Result<Vec<OutboxEmail>, StoreError> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE sent_at IS NULL AND attempts < $1 ORDER BY id LIMIT $2"
        ))
        .bind(max_attempts)
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(email_from_row).collect()
    }

    /// Records the result of one delivery attempt.
    pub async fn record_delivery(&self, id: i64, error: Option<&str>) -> Result<(), StoreError> {
        let now = crate::provenance::now_utc();
        let sent_at = Value::Text(error.is_none().then_some(now));
        let query = sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, sent_at = $1, last_error = $2 WHERE id = $3",
        );
        sent_at
            .bind(query)
            .bind(error.map(str::to_string))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

fn email_from_row(row: &AnyRow) -> Result<OutboxEmail, StoreError> {
    Ok(OutboxEmail {
        id: get_i64(row, "id")?,
        message: EmailMessage {
            to: row.try_get("recipient")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
        },
        created_at: row.try_get("created_at")?,
        sent_at: row.try_get("sent_at")?,
        attempts: get_i64(row, "attempts")?,
        last_error: row.try_get("last_error")?,
    })
}
