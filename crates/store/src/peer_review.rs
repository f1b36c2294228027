//! Peer review rounds: the round, its volunteers and the groups the convener saves.
//!
//! Who may see a round's volunteers and their focus areas is decided by the web layer
//! from [`convene_domain::peer_review::round_setup`]; this module stores and reads. Every
//! multi-step write is one transaction: volunteering again replaces the earlier focus
//! areas, and saving groups replaces every group of the round at once, so a round never
//! holds half of one grouping and half of another.

use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, focus_from, focus_text, org_at};
use crate::{get_i64, Store, StoreError};
use convene_domain::account::PersonId;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::peer_review::relations::PastPairing;
use convene_domain::peer_review::round_setup::{
    GroupMember, ReviewRound, RoundDraft, RoundId, RoundStatus, RoundVolunteer, SavedGroup,
    MAX_VOLUNTEERS,
};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

const ROUND_COLUMNS: &str = "id, name, description, convened_by, convener_name, group_size, \
    travel_km, closes_on, status";

fn round_from_row(row: &AnyRow) -> Result<ReviewRound, StoreError> {
    let status: String = row.try_get("status")?;
    let travel: Option<i64> = row.try_get("travel_km")?;
    Ok(ReviewRound {
        id: RoundId(get_i64(row, "id")?),
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        convener: NamedOrg {
            org: org_at(row, "convened_by")?,
            name: row.try_get("convener_name")?,
        },
        group_size: u32::try_from(get_i64(row, "group_size")?)
            .map_err(|e| corrupt("group size", e))?,
        travel_km: travel
            .map(u32::try_from)
            .transpose()
            .map_err(|e| corrupt("travel limit", e))?,
        closes_on: date_at(row, "closes_on")?,
        status: RoundStatus::from_key(&status).ok_or_else(|| corrupt("round status", &status))?,
    })
}

async fn round_on(
    conn: &mut AnyConnection,
    id: RoundId,
) -> Result<Option<ReviewRound>, StoreError> {
    let sql = format!("SELECT {ROUND_COLUMNS} FROM review_rounds WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(round_from_row).transpose()
}

/// Refuses a change to a round that is no longer in `wanted`, saying why.
fn must_be(round: &ReviewRound, wanted: &[RoundStatus], doing: &str) -> Result<(), StoreError> {
    if wanted.contains(&round.status) {
        Ok(())
    } else {
        Err(StoreError::Refused(format!(
            "You cannot {doing}: the round is {}",
            round.status.label().to_lowercase()
        )))
    }
}

impl Store {
    /// Opens a round for `draft.convener`.
    pub async fn create_review_round(
        &self,
        by: PersonId,
        draft: &RoundDraft,
    ) -> Result<RoundId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let convener_name = org_name_on(&mut tx, draft.convener).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {}", draft.convener))
        })?;
        let row = sqlx::query(
            "INSERT INTO review_rounds (name, description, convened_by, convener_name,
                group_size, travel_km, closes_on, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING id",
        )
        .bind(draft.name.clone())
        .bind(draft.description.clone())
        .bind(draft.convener.key())
        .bind(convener_name)
        .bind(i64::from(draft.group_size))
        .bind(draft.travel_km.map(i64::from))
        .bind(draft.closes_on.to_string())
        .bind(by.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(RoundId(get_i64(&row, "id")?))
    }

    /// Rounds, newest first, `limit` from `offset`, each with how many have volunteered.
    pub async fn review_rounds(
        &self,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(ReviewRound, u64)>, StoreError> {
        let sql = format!(
            "SELECT {ROUND_COLUMNS}, (SELECT COUNT(*) FROM review_round_volunteers v
                WHERE v.round_id = r.id) AS volunteers
             FROM review_rounds r ORDER BY id DESC LIMIT $1 OFFSET $2"
        );
        let rows = sqlx::query(&sql)
            .bind(i64::try_from(limit).unwrap_or(i64::MAX))
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                let count = u64::try_from(get_i64(row, "volunteers")?).unwrap_or(0);
                Ok((round_from_row(row)?, count))
            })
            .collect()
    }

    /// One round, if there is one with that number.
    pub async fn review_round(&self, id: RoundId) -> Result<Option<ReviewRound>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        round_on(&mut conn, id).await
    }

    /// A round's volunteers in the order they joined (the optimiser's order).
    pub async fn round_volunteers(&self, id: RoundId) -> Result<Vec<RoundVolunteer>, StoreError> {
        let rows = sqlx::query(
            "SELECT org_key, org_name, focus FROM review_round_volunteers
             WHERE round_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let focus: String = row.try_get("focus")?;
                Ok(RoundVolunteer {
                    org: NamedOrg {
                        org: org_at(row, "org_key")?,
                        name: row.try_get("org_name")?,
                    },
                    focus: focus_from(&focus)?,
                })
            })
            .collect()
    }

    /// Puts `org` in the round with `focus`, or changes its focus if it is in already.
    /// Only while the round is open and on or before its closing day.
    pub async fn volunteer_for_round(
        &self,
        id: RoundId,
        org: OrgRef,
        focus: &[ImprovementArea],
        by: PersonId,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let round = round_on(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such round".into()))?;
        must_be(&round, &[RoundStatus::Open], "volunteer")?;
        if today > round.closes_on {
            return Err(StoreError::Refused(format!(
                "Volunteering closed on {}",
                round.closes_on.long()
            )));
        }
        let name = org_name_on(&mut tx, org)
            .await?
            .ok_or_else(|| StoreError::Refused(format!("There is no organisation {org}")))?;
        let count = sqlx::query(
            "SELECT COUNT(*) AS n FROM review_round_volunteers WHERE round_id = $1 AND org_key <> $2",
        )
        .bind(id.0)
        .bind(org.key())
        .fetch_one(&mut *tx)
        .await?;
        if usize::try_from(get_i64(&count, "n")?).unwrap_or(usize::MAX) >= MAX_VOLUNTEERS {
            return Err(StoreError::Refused(format!(
                "The round is full: it takes {MAX_VOLUNTEERS} volunteers"
            )));
        }
        let changed = sqlx::query(
            "UPDATE review_round_volunteers SET focus = $1, org_name = $2
             WHERE round_id = $3 AND org_key = $4",
        )
        .bind(focus_text(focus))
        .bind(name.clone())
        .bind(id.0)
        .bind(org.key())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            sqlx::query(
                "INSERT INTO review_round_volunteers (round_id, org_key, org_name, focus,
                    volunteered_by, volunteered_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id.0)
            .bind(org.key())
            .bind(name)
            .bind(focus_text(focus))
            .bind(by.0)
            .bind(now_utc())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes `org` out of an open round.
    pub async fn withdraw_from_round(&self, id: RoundId, org: OrgRef) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let round = round_on(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such round".into()))?;
        must_be(&round, &[RoundStatus::Open], "withdraw")?;
        sqlx::query("DELETE FROM review_round_volunteers WHERE round_id = $1 AND org_key = $2")
            .bind(id.0)
            .bind(org.key())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Saves `groups` as the round's groups, replacing any saved before, and marks the
    /// round grouped. Every volunteer must be in exactly one group, and no one else; any
    /// confirmation given to an earlier grouping is dropped, since the groups changed.
    pub async fn save_round_groups(
        &self,
        id: RoundId,
        groups: &[Vec<OrgRef>],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let round = round_on(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such round".into()))?;
        must_be(
            &round,
            &[RoundStatus::Open, RoundStatus::Grouped],
            "change the groups",
        )?;
        let rows = sqlx::query("SELECT org_key FROM review_round_volunteers WHERE round_id = $1")
            .bind(id.0)
            .fetch_all(&mut *tx)
            .await?;
        let mut volunteers: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>("org_key"))
            .collect::<Result<_, _>>()?;
        let mut grouped: Vec<String> = groups.iter().flatten().map(|o| o.key()).collect();
        volunteers.sort();
        grouped.sort();
        if volunteers != grouped {
            return Err(StoreError::Refused(
                "The groups must hold every volunteer of the round exactly once".into(),
            ));
        }
        sqlx::query("DELETE FROM review_group_members WHERE round_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        for (number, group) in groups.iter().enumerate() {
            for org in group {
                sqlx::query(
                    "INSERT INTO review_group_members (round_id, group_number, org_key)
                     VALUES ($1, $2, $3)",
                )
                .bind(id.0)
                .bind(i64::try_from(number + 1).unwrap_or(i64::MAX))
                .bind(org.key())
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query("UPDATE review_rounds SET status = 'grouped' WHERE id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The round's saved groups, in order, each member with its name and confirmation.
    pub async fn round_groups(&self, id: RoundId) -> Result<Vec<SavedGroup>, StoreError> {
        let rows = sqlx::query(
            "SELECT g.group_number, g.org_key, g.confirmed_at,
                    COALESCE(v.org_name, g.org_key) AS org_name
             FROM review_group_members g LEFT JOIN review_round_volunteers v
               ON v.round_id = g.round_id AND v.org_key = g.org_key
             WHERE g.round_id = $1 ORDER BY g.group_number, v.id, g.org_key",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let mut groups: Vec<SavedGroup> = Vec::new();
        for row in &rows {
            let number = u32::try_from(get_i64(row, "group_number")?)
                .map_err(|e| corrupt("group number", e))?;
            let confirmed: Option<String> = row.try_get("confirmed_at")?;
            let member = GroupMember {
                org: NamedOrg {
                    org: org_at(row, "org_key")?,
                    name: row.try_get("org_name")?,
                },
                confirmed: confirmed.is_some(),
            };
            match groups.last_mut() {
                Some(group) if group.number == number => group.members.push(member),
                _ => groups.push(SavedGroup {
                    number,
                    members: vec![member],
                }),
            }
        }
        Ok(groups)
    }

    /// Records that `org` confirms its group. When the last member confirms, the round's
    /// groups stand and it is closed.
    pub async fn confirm_round_group(
        &self,
        id: RoundId,
        org: OrgRef,
        by: PersonId,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let round = round_on(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such round".into()))?;
        must_be(&round, &[RoundStatus::Grouped], "confirm a group")?;
        let changed = sqlx::query(
            "UPDATE review_group_members SET confirmed_by = $1, confirmed_at = $2
             WHERE round_id = $3 AND org_key = $4 AND confirmed_at IS NULL",
        )
        .bind(by.0)
        .bind(now_utc())
        .bind(id.0)
        .bind(org.key())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            let row = sqlx::query(
                "SELECT 1 AS present FROM review_group_members WHERE round_id = $1 AND org_key = $2",
            )
            .bind(id.0)
            .bind(org.key())
            .fetch_optional(&mut *tx)
            .await?;
            if row.is_none() {
                return Err(StoreError::Refused(format!(
                    "{org} is not in a group of this round"
                )));
            }
        }
        let open = sqlx::query(
            "SELECT COUNT(*) AS n FROM review_group_members
             WHERE round_id = $1 AND confirmed_at IS NULL",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        if get_i64(&open, "n")? == 0 {
            sqlx::query("UPDATE review_rounds SET status = 'closed' WHERE id = $1")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every pair of organisations that shared a group in the two latest rounds before
    /// `round` whose groups were saved, so the next grouping keeps them apart.
    pub async fn past_pairings(&self, round: RoundId) -> Result<Vec<PastPairing>, StoreError> {
        let rounds = sqlx::query(
            "SELECT id, name FROM review_rounds WHERE id < $1 AND status <> 'open'
             ORDER BY id DESC LIMIT 2",
        )
        .bind(round.0)
        .fetch_all(self.pool())
        .await?;
        let mut pairs = Vec::new();
        for row in &rounds {
            let id = get_i64(row, "id")?;
            let name: String = row.try_get("name")?;
            let members = sqlx::query(
                "SELECT group_number, org_key FROM review_group_members WHERE round_id = $1
                 ORDER BY group_number, org_key",
            )
            .bind(id)
            .fetch_all(self.pool())
            .await?;
            let mut groups: Vec<(i64, Vec<OrgRef>)> = Vec::new();
            for m in &members {
                let number = get_i64(m, "group_number")?;
                let org = org_at(m, "org_key")?;
                match groups.last_mut() {
                    Some((n, orgs)) if *n == number => orgs.push(org),
                    _ => groups.push((number, vec![org])),
                }
            }
            for (_, orgs) in &groups {
                for (i, a) in orgs.iter().enumerate() {
                    for b in orgs.iter().skip(i + 1) {
                        pairs.push(PastPairing {
                            a: *a,
                            b: *b,
                            when: format!("in the round \u{201c}{name}\u{201d}"),
                        });
                    }
                }
            }
        }
        Ok(pairs)
    }
}
