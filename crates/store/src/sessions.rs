//! Signed-in sessions and API tokens, both stored as digests in the database so that any
//! `convene serve` process can check them, and the sign-in failures that rate limiting
//! counts.

use crate::audit_log::record;
use crate::provenance::{now_utc, utc_after};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{OrgRole, PlatformRole, Viewer};
use convene_domain::account::PersonId;
use convene_domain::audit::{AuditAction, AuditEvent};
use convene_domain::party::OrgRef;
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, BTreeSet};

/// A session being started at sign-in.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Digest of the session id given to the browser.
    pub token_digest: String,
    /// The session's CSRF token, put in every form.
    pub csrf_token: String,
    /// Seconds until it ends.
    pub valid_for_seconds: i64,
    /// Digest of a session id the browser already presented, ended now so an id planted
    /// before sign-in can never become a signed-in one.
    pub replaces: Option<String>,
    /// Sign-in failure scopes to clear now that the password was right.
    pub clears_failures: Vec<String>,
    /// Where the request came from.
    pub address: Option<String>,
}

/// A live session: who, and the CSRF token their forms must carry.
#[derive(Debug, Clone)]
pub struct LiveSession {
    /// The person, with roles.
    pub viewer: Viewer,
    /// The session's CSRF token.
    pub csrf_token: String,
}

/// An API token as its owner sees it (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenRecord {
    /// Number.
    pub id: i64,
    /// The name the owner gave it.
    pub name: String,
    /// When created.
    pub created_at: String,
    /// When last used.
    pub last_used_at: Option<String>,
    /// When revoked.
    pub revoked_at: Option<String>,
}

impl Store {
    /// Starts a session for `person` (see [`NewSession`]), recording the sign-in.
    pub async fn start_session(
        &self,
        person: PersonId,
        session: &NewSession,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        if let Some(old) = &session.replaces {
            sqlx::query("DELETE FROM sessions WHERE token_digest = $1")
                .bind(old.clone())
                .execute(&mut *tx)
                .await?;
        }
        let now = now_utc();
        sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND expires_at <= $2")
            .bind(person.0)
            .bind(now.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_digest, person_id, csrf_token, created_at, expires_at, address)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(session.token_digest.clone())
        .bind(person.0)
        .bind(session.csrf_token.clone())
        .bind(now)
        .bind(utc_after(session.valid_for_seconds))
        .bind(session.address.clone())
        .execute(&mut *tx)
        .await?;
        for scope in &session.clears_failures {
            sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1")
                .bind(scope.clone())
                .execute(&mut *tx)
                .await?;
        }
        record(
            &mut tx,
            &AuditEvent::personal(person, AuditAction::SignedIn, session.address.as_deref()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live session with this digest, if any.
    pub async fn session(&self, token_digest: &str) -> Result<Option<LiveSession>, StoreError> {
        let row = sqlx::query(
            "SELECT person_id, csrf_token FROM sessions WHERE token_digest = $1 AND expires_at > $2",
        )
        .bind(token_digest.to_string())
        .bind(now_utc())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let person = PersonId(get_i64(&row, "person_id")?);
        let csrf_token: String = row.try_get("csrf_token")?;
        let mut conn = self.pool().acquire().await?;
        Ok(viewer_on(&mut conn, person)
            .await?
            .map(|viewer| LiveSession { viewer, csrf_token }))
    }

    /// Ends a session (sign-out).
    pub async fn end_session(
        &self,
        token_digest: &str,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query("DELETE FROM sessions WHERE token_digest = $1 RETURNING person_id")
            .bind(token_digest.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = row {
            let person = PersonId(get_i64(&row, "person_id")?);
            record(
                &mut tx,
                &AuditEvent::personal(person, AuditAction::SignedOut, address),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A person as the access policy sees them.
    pub async fn viewer(&self, person: PersonId) -> Result<Option<Viewer>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        viewer_on(&mut conn, person).await
    }

    /// The owner of an unrevoked API token, noting that it was used.
    pub async fn api_token_viewer(&self, token_digest: &str) -> Result<Option<Viewer>, StoreError> {
        let row = sqlx::query(
            "UPDATE api_tokens SET last_used_at = $1
             WHERE token_digest = $2 AND revoked_at IS NULL RETURNING person_id",
        )
        .bind(now_utc())
        .bind(token_digest.to_string())
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        self.viewer(PersonId(get_i64(&row, "person_id")?)).await
    }

    /// Creates an API token from its digest; the token itself is shown once and never
    /// stored.
    pub async fn create_api_token(
        &self,
        person: PersonId,
        name: &str,
        token_digest: &str,
        address: Option<&str>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO api_tokens (person_id, name, token_digest, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(person.0)
        .bind(name.to_string())
        .bind(token_digest.to_string())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(person),
                action: AuditAction::ApiTokenCreated,
                organisation: None,
                subject: format!("API token {id}"),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A person's API tokens, newest first.
    pub async fn api_tokens(&self, person: PersonId) -> Result<Vec<ApiTokenRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens
             WHERE person_id = $1 ORDER BY id DESC",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ApiTokenRecord {
                    id: get_i64(row, "id")?,
                    name: row.try_get("name")?,
                    created_at: row.try_get("created_at")?,
                    last_used_at: row.try_get("last_used_at")?,
                    revoked_at: row.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Revokes one of `person`'s tokens, at once. `false` if they have no such live token.
    pub async fn revoke_api_token(
        &self,
        person: PersonId,
        id: i64,
        address: Option<&str>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1
             WHERE id = $2 AND person_id = $3 AND revoked_at IS NULL",
        )
        .bind(now_utc())
        .bind(id)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(person),
                action: AuditAction::ApiTokenRevoked,
                organisation: None,
                subject: format!("API token {id}"),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Failed sign-ins recorded under `scope` in the last `window_seconds`.
    pub async fn sign_in_failures(
        &self,
        scope: &str,
        window_seconds: i64,
    ) -> Result<i64, StoreError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE scope = $1 AND at > $2")
                .bind(scope.to_string())
                .bind(utc_after(-window_seconds))
                .fetch_one(self.pool())
                .await?;
        get_i64(&row, "n")
    }

    /// Records a failed sign-in under each scope, and in the audit log.
    pub async fn record_sign_in_failure(
        &self,
        scopes: &[String],
        person: Option<PersonId>,
        reason: &str,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let now = now_utc();
        for scope in scopes {
            sqlx::query("INSERT INTO sign_in_failures (scope, at) VALUES ($1, $2)")
                .bind(scope.clone())
                .bind(now.clone())
                .execute(&mut *tx)
                .await?;
        }
        record(
            &mut tx,
            &AuditEvent {
                actor: person,
                action: AuditAction::SignInFailed,
                organisation: None,
                subject: reason.to_string(),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Loads a person's verification state, platform roles and approved memberships.
pub(crate) async fn viewer_on(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<Option<Viewer>, StoreError> {
    let row = sqlx::query(
        "SELECT name, email_verified_at, is_administrator, is_convener FROM people WHERE id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut platform_roles = BTreeSet::new();
    if get_i64(&row, "is_administrator")? != 0 {
        platform_roles.insert(PlatformRole::Administrator);
    }
    if get_i64(&row, "is_convener")? != 0 {
        platform_roles.insert(PlatformRole::Convener);
    }
    let memberships = sqlx::query(
        "SELECT org_key, role FROM memberships WHERE person_id = $1 AND status = 'approved'",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut organisations = BTreeMap::new();
    for m in &memberships {
        let key: String = m.try_get("org_key")?;
        let role: String = m.try_get("role")?;
        let org = OrgRef::parse(&key).ok_or_else(|| StoreError::Corrupt(format!("org {key}")))?;
        let role =
            OrgRole::from_key(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role}")))?;
        organisations.insert(org, role);
    }
    Ok(Some(Viewer {
        id: person,
        name: row.try_get("name")?,
        email_verified: row
            .try_get::<Option<String>, _>("email_verified_at")?
            .is_some(),
        platform_roles,
        organisations,
    }))
}
