//! The audit log: written inside the transaction of whatever it records, read by
//! administrators.

use crate::sql_filter::Filter;
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::account::PersonId;
use convene_domain::audit::{AuditAction, AuditEntry, AuditEvent};
use convene_domain::party::OrgRef;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Whose entries to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    /// Everything (platform administrators).
    All,
    /// Entries about an organisation, plus the sign-ins of its approved members
    /// (the organisation's administrators).
    Organisation(OrgRef),
    /// What one person did (their own export).
    Person(PersonId),
}

/// Writes one entry on `conn`, inside the caller's transaction.
pub(crate) async fn record(conn: &mut AnyConnection, event: &AuditEvent) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, action, org_key, subject, address)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(crate::provenance::now_utc())
    .bind(event.actor.map(|p| p.0))
    .bind(event.action.key())
    .bind(event.organisation.map(|o| o.key()))
    .bind(event.subject.clone())
    .bind(event.address.clone())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records an event that is not part of a larger change.
    pub async fn record_audit(&self, event: &AuditEvent) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        record(&mut conn, event).await
    }

    /// The newest `limit` entries in `scope`, newest first.
    pub async fn audit_log(
        &self,
        scope: AuditScope,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut filter = Filter::default();
        match scope {
            AuditScope::All => {}
            AuditScope::Organisation(org) => {
                let sign_ins: Vec<String> = AuditAction::ALL
                    .into_iter()
                    .filter(|a| a.is_sign_in())
                    .map(|a| format!("'{}'", a.key()))
                    .collect();
                filter.push(
                    &format!(
                        "(a.org_key = ? OR (a.action IN ({}) AND a.actor_id IN (
                            SELECT m.person_id FROM memberships m
                            WHERE m.org_key = ? AND m.status = 'approved')))",
                        sign_ins.join(", ")
                    ),
                    vec![Value::Text(Some(org.key())), Value::Text(Some(org.key()))],
                );
            }
            AuditScope::Person(person) => {
                filter.push("a.actor_id = ?", vec![Value::Int(Some(person.0))]);
            }
        }
        let sql = format!(
            "SELECT a.id, a.at, a.actor_id, a.action, a.org_key, a.subject, a.address,
                    p.name AS actor_name
             FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id{}
             ORDER BY a.id DESC LIMIT ${}",
            filter.where_sql(),
            filter.next_param()
        );
        let rows = filter
            .fetch_all(self.pool(), &sql, vec![Value::Int(Some(limit as i64))])
            .await?;
        rows.iter().map(entry_from_row).collect()
    }
}

fn entry_from_row(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    let action: String = row.try_get("action")?;
    let org: Option<String> = row.try_get("org_key")?;
    Ok(AuditEntry {
        id: get_i64(row, "id")?,
        at: row.try_get("at")?,
        event: AuditEvent {
            actor: row.try_get::<Option<i64>, _>("actor_id")?.map(PersonId),
            action: AuditAction::from_key(&action)
                .ok_or_else(|| StoreError::Corrupt(format!("audit action {action}")))?,
            organisation: org.as_deref().and_then(OrgRef::parse),
            subject: row.try_get("subject")?,
            address: row.try_get("address")?,
        },
        actor_name: row.try_get("actor_name")?,
    })
}
