//! People's accounts: sign-up, credentials, one-time email links (verification and
//! password reset), profiles and platform roles. Each change is one transaction that also
//! writes its email to the outbox and its entry to the audit log.

use crate::audit_log::record;
use crate::outbox::enqueue;
use crate::provenance::{now_utc, utc_after};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::PlatformRole;
use convene_domain::account::{Email, PersonId, Profile};
use convene_domain::audit::{AuditAction, AuditEvent};
use convene_domain::mail::EmailMessage;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in address.
    pub email: Email,
    /// Argon2id hash of the chosen password.
    pub password_hash: String,
    /// Name.
    pub name: String,
    /// Whether the address is already known to be theirs (an administrator created on
    /// the command line); otherwise a verification link must be followed.
    pub verified: bool,
    /// Platform roles to start with.
    pub platform_roles: BTreeSet<PlatformRole>,
}

/// A one-time link being sent by email: the digest of its token, how long it works, and
/// the email carrying it.
#[derive(Debug, Clone)]
pub struct EmailLink {
    /// SHA-256 digest of the token in the link.
    pub token_digest: String,
    /// Seconds until it stops working.
    pub valid_for_seconds: i64,
    /// The email that carries the link.
    pub message: EmailMessage,
}

/// What a one-time email link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Proves the person owns their address.
    VerifyEmail,
    /// Lets the person choose a new password.
    ResetPassword,
}

impl LinkPurpose {
    fn key(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verify_email",
            LinkPurpose::ResetPassword => "reset_password",
        }
    }
}

/// What sign-in needs to check a password.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Whose.
    pub person: PersonId,
    /// Argon2id hash.
    pub password_hash: String,
}

/// A person as held, for their account page, the directory and administrators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    /// Number.
    pub id: PersonId,
    /// Sign-in address.
    pub email: String,
    /// When the address was verified.
    pub email_verified_at: Option<String>,
    /// What they tell others.
    pub profile: Profile,
    /// Platform roles.
    pub platform_roles: BTreeSet<PlatformRole>,
    /// When the account was created.
    pub created_at: String,
}

const PERSON_SELECT: &str = "SELECT id, email, email_verified_at, name, job_title, expertise, \
     bio, public_fields, is_administrator, is_convener, created_at FROM people";

impl Store {
    /// Creates an account and, if given, queues its verification link, in one
    /// transaction. An address already registered is refused.
    pub async fn create_account(
        &self,
        account: &NewAccount,
        verification: Option<&EmailLink>,
        address: Option<&str>,
    ) -> Result<PersonId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let taken = sqlx::query("SELECT id FROM people WHERE email = $1")
            .bind(account.email.as_str().to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Refused(format!(
                "An account already exists for {}",
                account.email
            )));
        }
        let now = now_utc();
        let row = sqlx::query(
            "INSERT INTO people (email, email_verified_at, password_hash, name, is_administrator,
                is_convener, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(account.email.as_str().to_string())
        .bind(account.verified.then(|| now.clone()))
        .bind(account.password_hash.clone())
        .bind(account.name.clone())
        .bind(i64::from(
            account
                .platform_roles
                .contains(&PlatformRole::Administrator),
        ))
        .bind(i64::from(
            account.platform_roles.contains(&PlatformRole::Convener),
        ))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let person = PersonId(get_i64(&row, "id")?);
        if let Some(link) = verification {
            insert_link(&mut tx, person, LinkPurpose::VerifyEmail, link).await?;
        }
        record(
            &mut tx,
            &AuditEvent::personal(person, AuditAction::SignedUp, address),
        )
        .await?;
        tx.commit().await?;
        Ok(person)
    }

    /// The password hash for an address, if it has an account.
    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query("SELECT id, password_hash FROM people WHERE email = $1")
            .bind(email.as_str().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(Credentials {
                person: PersonId(get_i64(&row, "id")?),
                password_hash: row.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    /// One person.
    pub async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>, StoreError> {
        let row = sqlx::query(&format!("{PERSON_SELECT} WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(person_from_row).transpose()
    }

    /// The person with an address.
    pub async fn person_by_email(&self, email: &Email) -> Result<Option<PersonRecord>, StoreError> {
        let row = sqlx::query(&format!("{PERSON_SELECT} WHERE email = $1"))
            .bind(email.as_str().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(person_from_row).transpose()
    }

    /// Everyone, by name.
    pub async fn people(&self) -> Result<Vec<PersonRecord>, StoreError> {
        let rows = sqlx::query(&format!("{PERSON_SELECT} ORDER BY name, id"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(person_from_row).collect()
    }

    /// Sends a one-time link (replacing any unused link for the same purpose).
    pub async fn send_email_link(
        &self,
        person: PersonId,
        purpose: LinkPurpose,
        link: &EmailLink,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        insert_link(&mut tx, person, purpose, link).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a link still works (to decide whether to show the new-password form).
    pub async fn email_link_works(
        &self,
        token_digest: &str,
        purpose: LinkPurpose,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT person_id FROM email_tokens
             WHERE token_digest = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_digest.to_string())
        .bind(purpose.key())
        .bind(now_utc())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    /// Follows a verification link: marks the address verified and uses the link up.
    /// `None` if the link is unknown, used or expired.
    pub async fn verify_email(
        &self,
        token_digest: &str,
        address: Option<&str>,
    ) -> Result<Option<PersonId>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let Some(person) = use_link(&mut tx, token_digest, LinkPurpose::VerifyEmail).await? else {
            return Ok(None);
        };
        sqlx::query(
            "UPDATE people SET email_verified_at = $1 WHERE id = $2 AND email_verified_at IS NULL",
        )
        .bind(now_utc())
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            &AuditEvent::personal(person, AuditAction::EmailVerified, address),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(person))
    }

    /// Follows a reset link: sets the new password, uses the link up, ends every session
    /// of that person and revokes every API token they hold, because whoever stole the old
    /// password may have made one. Receiving the link proves the address, so it is also
    /// marked verified. `None` if the link is unknown, used or expired.
    pub async fn reset_password(
        &self,
        token_digest: &str,
        password_hash: &str,
        address: Option<&str>,
    ) -> Result<Option<PersonId>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let Some(person) = use_link(&mut tx, token_digest, LinkPurpose::ResetPassword).await?
        else {
            return Ok(None);
        };
        let now = now_utc();
        sqlx::query(
            "UPDATE people SET password_hash = $1,
                email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $3",
        )
        .bind(password_hash.to_string())
        .bind(now)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sessions WHERE person_id = $1")
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE person_id = $2 AND revoked_at IS NULL",
        )
        .bind(now_utc())
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            &AuditEvent::personal(person, AuditAction::PasswordReset, address),
        )
        .await?;
        tx.commit().await?;
        Ok(Some(person))
    }

    /// Replaces a person's profile.
    pub async fn update_profile(&self, id: PersonId, profile: &Profile) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE people SET name = $1, job_title = $2, expertise = $3, bio = $4,
                public_fields = $5 WHERE id = $6",
        )
        .bind(profile.name.clone())
        .bind(profile.job_title.clone())
        .bind(profile.expertise.join("\n"))
        .bind(profile.bio.clone())
        .bind(profile.public_fields_key())
        .bind(id.0)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Grants or withdraws a platform role. Refuses to withdraw the last administrator,
    /// which would leave no one able to approve first claims.
    pub async fn set_platform_role(
        &self,
        by: PersonId,
        person: PersonId,
        role: PlatformRole,
        granted: bool,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let column = match role {
            PlatformRole::Administrator => "is_administrator",
            PlatformRole::Convener => "is_convener",
        };
        let mut tx = self.pool().begin().await?;
        if role == PlatformRole::Administrator && !granted {
            let others = sqlx::query(
                "SELECT COUNT(*) AS n FROM people WHERE is_administrator = 1 AND id <> $1",
            )
            .bind(person.0)
            .fetch_one(&mut *tx)
            .await?;
            if get_i64(&others, "n")? == 0 {
                return Err(StoreError::Refused(
                    "Convene must keep at least one platform administrator".into(),
                ));
            }
        }
        let changed = sqlx::query(&format!("UPDATE people SET {column} = $1 WHERE id = $2"))
            .bind(i64::from(granted))
            .bind(person.0)
            .execute(&mut *tx)
            .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Refused("There is no such person".into()));
        }
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(by),
                action: AuditAction::PlatformRoleChanged,
                organisation: None,
                subject: format!(
                    "person {person} {} {}",
                    if granted { "granted" } else { "lost" },
                    role.key()
                ),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Stores a link's digest and queues its email, replacing unused links of the same purpose.
async fn insert_link(
    conn: &mut AnyConnection,
    person: PersonId,
    purpose: LinkPurpose,
    link: &EmailLink,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM email_tokens WHERE person_id = $1 AND purpose = $2 AND used_at IS NULL",
    )
    .bind(person.0)
    .bind(purpose.key())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO email_tokens (token_digest, person_id, purpose, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(link.token_digest.clone())
    .bind(person.0)
    .bind(purpose.key())
    .bind(now_utc())
    .bind(utc_after(link.valid_for_seconds))
    .execute(&mut *conn)
    .await?;
    enqueue(conn, &link.message).await
}

/// Marks a working link used, in one statement so two clicks cannot both succeed.
async fn use_link(
    conn: &mut AnyConnection,
    token_digest: &str,
    purpose: LinkPurpose,
) -> Result<Option<PersonId>, StoreError> {
    let now = now_utc();
    let row = sqlx::query(
        "UPDATE email_tokens SET used_at = $1
         WHERE token_digest = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $4
         RETURNING person_id",
    )
    .bind(now.clone())
    .bind(token_digest.to_string())
    .bind(purpose.key())
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| Ok(PersonId(get_i64(&row, "person_id")?)))
        .transpose()
}

pub(crate) fn person_from_row(row: &AnyRow) -> Result<PersonRecord, StoreError> {
    let expertise: String = row.try_get("expertise")?;
    let public_fields: String = row.try_get("public_fields")?;
    let mut platform_roles = BTreeSet::new();
    if get_i64(row, "is_administrator")? != 0 {
        platform_roles.insert(PlatformRole::Administrator);
    }
    if get_i64(row, "is_convener")? != 0 {
        platform_roles.insert(PlatformRole::Convener);
    }
    Ok(PersonRecord {
        id: PersonId(get_i64(row, "id")?),
        email: row.try_get("email")?,
        email_verified_at: row.try_get("email_verified_at")?,
        profile: Profile {
            name: row.try_get("name")?,
            job_title: row.try_get("job_title")?,
            expertise: expertise
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            bio: row.try_get("bio")?,
            public_fields: Profile::parse_public_fields(&public_fields),
        },
        platform_roles,
        created_at: row.try_get("created_at")?,
    })
}
