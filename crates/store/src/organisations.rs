//! The organisations people act for: partner organisations people create, names for any
//! organisation reference, and memberships (claims, approvals, roles).

use crate::audit_log::record;
use crate::outbox::enqueue;
use crate::provenance::now_utc;
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{MembershipStatus, OrgRole};
use convene_domain::account::PersonId;
use convene_domain::audit::{AuditAction, AuditEvent};
use convene_domain::mail;
use convene_domain::party::{NamedOrg, OrgRef, PartnerDetails, PartnerId, PartnerKind};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A partner organisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerRecord {
    /// Number.
    pub id: PartnerId,
    /// What its creator entered.
    #[serde(flatten)]
    pub details: PartnerDetails,
    /// When created.
    pub created_at: String,
}

/// One of a person's memberships, for their account page and export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipRecord {
    /// Number.
    pub id: i64,
    /// The organisation.
    pub organisation: NamedOrg,
    /// Their role.
    pub role: OrgRole,
    /// Where the claim stands.
    pub status: MembershipStatus,
    /// When claimed.
    pub requested_at: String,
    /// When decided.
    pub decided_at: Option<String>,
}

/// A person in an organisation's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRecord {
    /// The membership's number.
    pub membership: i64,
    /// Who.
    pub person: PersonId,
    /// Their name.
    pub name: String,
    /// Their job title.
    pub job_title: Option<String>,
    /// Their role.
    pub role: OrgRole,
    /// Where the claim stands.
    pub status: MembershipStatus,
    /// When claimed.
    pub requested_at: String,
}

/// A claim waiting for a platform administrator because its organisation has no
/// administrator yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstClaim {
    /// The organisation.
    pub organisation: NamedOrg,
    /// The claim.
    pub member: MemberRecord,
}

impl Store {
    /// Creates a partner organisation; its creator becomes its first administrator.
    pub async fn create_partner(
        &self,
        details: &PartnerDetails,
        creator: PersonId,
        address: Option<&str>,
    ) -> Result<PartnerId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let now = now_utc();
        let row = sqlx::query(
            "INSERT INTO partners (name, kind, locality, website, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(details.name.clone())
        .bind(details.kind.key())
        .bind(details.locality.clone())
        .bind(details.website.clone())
        .bind(creator.0)
        .bind(now.clone())
        .fetch_one(&mut *tx)
        .await?;
        let id = PartnerId(get_i64(&row, "id")?);
        let org = OrgRef::Partner(id);
        sqlx::query(
            "INSERT INTO memberships (person_id, org_key, role, status, requested_at, decided_at,
                decided_by) VALUES ($1, $2, 'administrator', 'approved', $3, $3, $1)",
        )
        .bind(creator.0)
        .bind(org.key())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(creator),
                action: AuditAction::PartnerCreated,
                organisation: Some(org),
                subject: format!("{org}"),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// One partner organisation.
    pub async fn partner(&self, id: PartnerId) -> Result<Option<PartnerRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT id, name, kind, locality, website, created_at FROM partners WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(partner_from_row).transpose()
    }

    /// Every partner organisation, by name.
    pub async fn partners(&self) -> Result<Vec<PartnerRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, kind, locality, website, created_at FROM partners ORDER BY name, id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(partner_from_row).collect()
    }

    /// The name of any organisation, or `None` if it does not exist.
    pub async fn organisation_name(&self, org: OrgRef) -> Result<Option<String>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        org_name_on(&mut conn, org).await
    }

    /// Asks to join an organisation. A person already a member, or already waiting, is
    /// told so; one turned down before may ask again.
    pub async fn claim_membership(
        &self,
        person: PersonId,
        org: OrgRef,
        address: Option<&str>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        if org_name_on(&mut tx, org).await?.is_none() {
            return Err(StoreError::Refused("There is no such organisation".into()));
        }
        let existing =
            sqlx::query("SELECT id, status FROM memberships WHERE person_id = $1 AND org_key = $2")
                .bind(person.0)
                .bind(org.key())
                .fetch_optional(&mut *tx)
                .await?;
        let now = now_utc();
        let id = match existing {
            Some(row) => {
                let status: String = row.try_get("status")?;
                match MembershipStatus::from_key(&status) {
                    Some(MembershipStatus::Approved) => {
                        return Err(StoreError::Refused(
                            "You are already a member of this organisation".into(),
                        ))
                    }
                    Some(MembershipStatus::Pending) => {
                        return Err(StoreError::Refused(
                            "You have already asked to join this organisation".into(),
                        ))
                    }
                    _ => {}
                }
                let id = get_i64(&row, "id")?;
                sqlx::query(
                    "UPDATE memberships SET status = 'pending', role = 'member', requested_at = $1,
                        decided_at = NULL, decided_by = NULL WHERE id = $2",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                let row = sqlx::query(
                    "INSERT INTO memberships (person_id, org_key, role, status, requested_at)
                     VALUES ($1, $2, 'member', 'pending', $3) RETURNING id",
                )
                .bind(person.0)
                .bind(org.key())
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                get_i64(&row, "id")?
            }
        };
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(person),
                action: AuditAction::MembershipClaimed,
                organisation: Some(org),
                subject: format!("membership {id} of person {person}"),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A person's memberships, in every state.
    pub async fn memberships_of(
        &self,
        person: PersonId,
    ) -> Result<Vec<MembershipRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, org_key, role, status, requested_at, decided_at FROM memberships
             WHERE person_id = $1 ORDER BY id",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let org = org_from_row(row)?;
            out.push(MembershipRecord {
                id: get_i64(row, "id")?,
                organisation: NamedOrg {
                    org,
                    name: org_name_on(&mut conn, org)
                        .await?
                        .unwrap_or_else(|| org.key()),
                },
                role: role_from_row(row)?,
                status: status_from_row(row)?,
                requested_at: row.try_get("requested_at")?,
                decided_at: row.try_get("decided_at")?,
            });
        }
        Ok(out)
    }

    /// An organisation's members and claims (pending first).
    pub async fn members_of(&self, org: OrgRef) -> Result<Vec<MemberRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "{MEMBER_SELECT} WHERE m.org_key = $1
             ORDER BY CASE m.status WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, p.name"
        ))
        .bind(org.key())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(member_from_row).collect()
    }

    /// Whether an organisation has an approved administrator.
    pub async fn has_administrator(&self, org: OrgRef) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        Ok(administrator_count(&mut conn, org).await? > 0)
    }

    /// Claims waiting in organisations that have no administrator, for platform
    /// administrators.
    pub async fn first_claims(&self) -> Result<Vec<FirstClaim>, StoreError> {
        let rows = sqlx::query(&format!(
            "{MEMBER_SELECT} WHERE m.status = 'pending' AND NOT EXISTS (
                SELECT 1 FROM memberships a WHERE a.org_key = m.org_key
                AND a.status = 'approved' AND a.role = 'administrator')
             ORDER BY m.requested_at, m.id"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let org = org_from_row(row)?;
            out.push(FirstClaim {
                organisation: NamedOrg {
                    org,
                    name: org_name_on(&mut conn, org)
                        .await?
                        .unwrap_or_else(|| org.key()),
                },
                member: member_from_row(row)?,
            });
        }
        Ok(out)
    }

    /// Approves or turns down a pending claim in `org`, telling the person by email. The
    /// first person approved in an organisation becomes its administrator, so someone can
    /// approve the next claims.
    pub async fn decide_membership(
        &self,
        by: PersonId,
        org: OrgRef,
        membership: i64,
        approve: bool,
        account_link: &str,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let member = member_in(&mut tx, org, membership).await?;
        if member.status != MembershipStatus::Pending {
            return Err(StoreError::Refused(
                "This claim has already been decided".into(),
            ));
        }
        let role = if approve && administrator_count(&mut tx, org).await? == 0 {
            OrgRole::Administrator
        } else {
            OrgRole::Member
        };
        let status = if approve {
            MembershipStatus::Approved
        } else {
            MembershipStatus::Rejected
        };
        sqlx::query(
            "UPDATE memberships SET status = $1, role = $2, decided_at = $3, decided_by = $4
             WHERE id = $5",
        )
        .bind(status.key())
        .bind(role.key())
        .bind(now_utc())
        .bind(by.0)
        .bind(membership)
        .execute(&mut *tx)
        .await?;
        let person = sqlx::query("SELECT email, name FROM people WHERE id = $1")
            .bind(member.person.0)
            .fetch_one(&mut *tx)
            .await?;
        let org_name = org_name_on(&mut tx, org)
            .await?
            .unwrap_or_else(|| org.key());
        let email: String = person.try_get("email")?;
        let name: String = person.try_get("name")?;
        enqueue(
            &mut tx,
            &mail::membership_decided(&email, &name, &org_name, approve, account_link),
        )
        .await?;
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(by),
                action: if approve {
                    AuditAction::MembershipApproved
                } else {
                    AuditAction::MembershipRejected
                },
                organisation: Some(org),
                subject: format!(
                    "membership {membership} of person {} as {}",
                    member.person,
                    role.key()
                ),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes an approved member's role, or removes them (`role` = `None`). An
    /// organisation must keep at least one administrator.
    pub async fn change_member_role(
        &self,
        by: PersonId,
        org: OrgRef,
        membership: i64,
        role: Option<OrgRole>,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let member = member_in(&mut tx, org, membership).await?;
        if member.status != MembershipStatus::Approved {
            return Err(StoreError::Refused(
                "Only approved members have a role".into(),
            ));
        }
        let loses_admin =
            member.role == OrgRole::Administrator && role != Some(OrgRole::Administrator);
        if loses_admin && administrator_count(&mut tx, org).await? <= 1 {
            return Err(StoreError::Refused(
                "An organisation must keep at least one administrator. Make someone else an \
                 administrator first."
                    .into(),
            ));
        }
        match role {
            Some(role) => {
                sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2")
                    .bind(role.key())
                    .bind(membership)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM memberships WHERE id = $1")
                    .bind(membership)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        record(
            &mut tx,
            &AuditEvent {
                actor: Some(by),
                action: AuditAction::OrgRoleChanged,
                organisation: Some(org),
                subject: format!(
                    "person {} {}",
                    member.person,
                    role.map_or("removed".to_string(), |r| format!("made {}", r.key()))
                ),
                address: address.map(str::to_string),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

const MEMBER_SELECT: &str = "SELECT m.id, m.person_id, m.org_key, m.role, m.status, \
     m.requested_at, p.name, p.job_title FROM memberships m JOIN people p ON p.id = m.person_id";

/// The membership `id`, which must belong to `org` (so an address naming one
/// organisation can never act on another's members).
async fn member_in(
    conn: &mut AnyConnection,
    org: OrgRef,
    id: i64,
) -> Result<MemberRecord, StoreError> {
    let row = sqlx::query(&format!(
        "{MEMBER_SELECT} WHERE m.id = $1 AND m.org_key = $2"
    ))
    .bind(id)
    .bind(org.key())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::Refused("There is no such member of this organisation".into()))?;
    member_from_row(&row)
}

async fn administrator_count(conn: &mut AnyConnection, org: OrgRef) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM memberships
         WHERE org_key = $1 AND status = 'approved' AND role = 'administrator'",
    )
    .bind(org.key())
    .fetch_one(&mut *conn)
    .await?;
    get_i64(&row, "n")
}

/// The name of a trust, school or partner, from wherever it is held.
pub(crate) async fn org_name_on(
    conn: &mut AnyConnection,
    org: OrgRef,
) -> Result<Option<String>, StoreError> {
    let (sql, id) = match org {
        OrgRef::Trust(uid) => ("SELECT name FROM groups WHERE uid = $1", uid.0),
        OrgRef::School(urn) => ("SELECT name FROM schools WHERE urn = $1", urn.0),
        OrgRef::Partner(id) => ("SELECT name FROM partners WHERE id = $1", id.0),
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *conn).await?;
    Ok(row.map(|r| r.try_get("name")).transpose()?)
}

fn org_from_row(row: &AnyRow) -> Result<OrgRef, StoreError> {
    let key: String = row.try_get("org_key")?;
    OrgRef::parse(&key).ok_or_else(|| StoreError::Corrupt(format!("organisation {key}")))
}

fn role_from_row(row: &AnyRow) -> Result<OrgRole, StoreError> {
    let key: String = row.try_get("role")?;
    OrgRole::from_key(&key).ok_or_else(|| StoreError::Corrupt(format!("role {key}")))
}

fn status_from_row(row: &AnyRow) -> Result<MembershipStatus, StoreError> {
    let key: String = row.try_get("status")?;
    MembershipStatus::from_key(&key).ok_or_else(|| StoreError::Corrupt(format!("status {key}")))
}

fn member_from_row(row: &AnyRow) -> Result<MemberRecord, StoreError> {
    Ok(MemberRecord {
        membership: get_i64(row, "id")?,
        person: PersonId(get_i64(row, "person_id")?),
        name: row.try_get("name")?,
        job_title: row.try_get("job_title")?,
        role: role_from_row(row)?,
        status: status_from_row(row)?,
        requested_at: row.try_get("requested_at")?,
    })
}

fn partner_from_row(row: &AnyRow) -> Result<PartnerRecord, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(PartnerRecord {
        id: PartnerId(get_i64(row, "id")?),
        details: PartnerDetails {
            name: row.try_get("name")?,
            kind: PartnerKind::from_key(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("partner kind {kind}")))?,
            locality: row.try_get("locality")?,
            website: row.try_get("website")?,
        },
        created_at: row.try_get("created_at")?,
    })
}
