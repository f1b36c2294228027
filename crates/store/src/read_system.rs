//! The whole system map in one read, for the analyses that need every school at once
//! (trust profiles against the national picture, families of similar schools), with the
//! pupil premium figures and sources families cite.

use crate::columns::{group_from_row, opt_date, school_from_row};
use crate::{get_i64, Store, StoreError};
use convene_domain::analysis::SystemInput;
use convene_domain::organisation::GroupLink;
use convene_domain::outcome::{Measure, Outcome};
use convene_domain::similarity::FamilyContext;
use convene_domain::{GroupUid, Urn};
use sqlx::Row;

impl Store {
    /// Every school, every group and every current membership.
    pub async fn system_input(&self) -> Result<SystemInput, StoreError> {
        let schools = sqlx::query("SELECT * FROM schools ORDER BY urn")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(school_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let groups = sqlx::query("SELECT * FROM groups ORDER BY uid")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(group_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let memberships = sqlx::query(
            "SELECT group_uid, urn, joined_date FROM group_links WHERE left_date IS NULL
             ORDER BY group_uid, urn",
        )
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(GroupLink {
                group_uid: GroupUid(get_i64(row, "group_uid")?),
                urn: Urn(get_i64(row, "urn")?),
                joined_date: opt_date(row, "joined_date")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let pupil_premium =
            sqlx::query("SELECT urn, year, value, source FROM school_outcomes WHERE measure = $1")
                .bind(Measure::PupilPremiumPercent.key())
                .fetch_all(self.pool())
                .await?
                .iter()
                .map(|row| {
                    Ok((
                        Urn(get_i64(row, "urn")?),
                        Outcome {
                            measure: Measure::PupilPremiumPercent,
                            year: row.try_get("year")?,
                            value: row.try_get("value")?,
                            source: row.try_get("source")?,
                        },
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
        let sources = self
            .current_sources()
            .await?
            .into_iter()
            .map(|run| run.source)
            .collect();
        Ok(SystemInput {
            schools,
            groups,
            memberships,
            context: FamilyContext {
                pupil_premium: FamilyContext::latest_pupil_premium(pupil_premium),
                sources,
            },
        })
    }
}
