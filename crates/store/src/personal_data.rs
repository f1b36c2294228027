//! A person's rights over their data: a copy of everything held about them, and deleting
//! their account while keeping what they contributed to shared records, de-identified.

use crate::accounts::PersonRecord;
use crate::audit_log::{record, AuditScope};
use crate::notes::{NoteFilter, MAX_NOTES};
use crate::organisations::MembershipRecord;
use crate::outbox::OutboxEmail;
use crate::sessions::ApiTokenRecord;
use crate::{get_i64, Store, StoreError};
use convene_domain::access::ReadScope;
use convene_domain::account::PersonId;
use convene_domain::audit::{AuditAction, AuditEntry, AuditEvent};
use convene_domain::note::Note;
use serde::Serialize;

/// Everything Convene holds about one person, as the JSON they download.
#[derive(Debug, Clone, Serialize)]
pub struct PersonalData {
    /// Account and profile.
    pub person: PersonRecord,
    /// Organisations they belong to or asked to join.
    pub memberships: Vec<MembershipRecord>,
    /// API tokens (names and dates; tokens are never stored).
    pub api_tokens: Vec<ApiTokenRecord>,
    /// Notes they wrote.
    pub notes: Vec<Note>,
    /// What they did, from the audit log.
    pub activity: Vec<AuditEntry>,
    /// Emails sent to them.
    pub emails: Vec<OutboxEmail>,
}

impl Store {
    /// Gathers everything held about `person`.
    pub async fn personal_data(
        &self,
        person: PersonId,
    ) -> Result<Option<PersonalData>, StoreError> {
        let Some(record) = self.person(person).await? else {
            return Ok(None);
        };
        let own_scope = ReadScope {
            person: Some(person),
            organisations: Vec::new(),
        };
        let filter = NoteFilter {
            author: Some(person),
            ..NoteFilter::default()
        };
        let mut notes = Vec::new();
        loop {
            let page = self
                .notes(&own_scope, &filter, MAX_NOTES, notes.len())
                .await?;
            let done = page.len() < MAX_NOTES;
            notes.extend(page);
            if done {
                break;
            }
        }
        Ok(Some(PersonalData {
            memberships: self.memberships_of(person).await?,
            api_tokens: self.api_tokens(person).await?,
            notes,
            activity: self.audit_log(AuditScope::Person(person), 100_000).await?,
            emails: self.outbox(Some(&record.email), 100_000).await?,
            person: record,
        }))
    }

    /// Deletes an account in one transaction. Notes shared with others stay, shown as by
    /// a former member; private notes go, since no one else could ever read them. Audit
    /// entries stay without the person or their network address. The last platform
    /// administrator cannot leave.
    pub async fn delete_account(&self, person: PersonId) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query("SELECT email, is_administrator FROM people WHERE id = $1")
            .bind(person.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such account".into()))?;
        let email: String = sqlx::Row::try_get(&row, "email")?;
        if get_i64(&row, "is_administrator")? != 0 {
            let others = sqlx::query(
                "SELECT COUNT(*) AS n FROM people WHERE is_administrator = 1 AND id <> $1",
            )
            .bind(person.0)
            .fetch_one(&mut *tx)
            .await?;
            if get_i64(&others, "n")? == 0 {
                return Err(StoreError::Refused(
                    "You are the only platform administrator. Make someone else a platform \
                     administrator before deleting your account."
                        .into(),
                ));
            }
        }
        let by_person = [
            "DELETE FROM note_shares WHERE note_id IN (
                SELECT id FROM notes WHERE author_id = $1 AND visibility = 'private')",
            "DELETE FROM notes WHERE author_id = $1 AND visibility = 'private'",
            "UPDATE notes SET author_id = NULL WHERE author_id = $1",
            "UPDATE audit_log SET actor_id = NULL, address = NULL WHERE actor_id = $1",
            "UPDATE memberships SET decided_by = NULL WHERE decided_by = $1",
            "DELETE FROM memberships WHERE person_id = $1",
            "UPDATE partners SET created_by = NULL WHERE created_by = $1",
            "UPDATE needs SET author_id = NULL WHERE author_id = $1",
            "UPDATE case_studies SET author_id = NULL WHERE author_id = $1",
            "UPDATE offers SET author_id = NULL WHERE author_id = $1",
            "UPDATE introductions SET requested_by = NULL WHERE requested_by = $1",
            "UPDATE introductions SET decided_by = NULL WHERE decided_by = $1",
            "DELETE FROM notices WHERE person_id = $1",
            "DELETE FROM sessions WHERE person_id = $1",
            "DELETE FROM email_tokens WHERE person_id = $1",
            "DELETE FROM api_tokens WHERE person_id = $1",
            "DELETE FROM people WHERE id = $1",
        ];
        crate::recognition::forget_person(&mut tx, person).await?;
        crate::behaviours::forget_person(&mut tx, person).await?;
        for sql in by_person {
            sqlx::query(sql).bind(person.0).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM outbox WHERE recipient = $1")
            .bind(email.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1")
            .bind(format!("account:{email}"))
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            &AuditEvent {
                actor: None,
                action: AuditAction::AccountDeleted,
                organisation: None,
                subject: format!("person {person}"),
                address: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
