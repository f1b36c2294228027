//! Reading everything the search index is built from: every school and trust with the
//! facts search matches and filters on, read in a few whole-table queries once per import.

use crate::columns::{opt_text, region};
use crate::read_schools::{summary_from_row, trust_summary_from_row, SUMMARY_SELECT};
use crate::{get_i64, Store, StoreError};
use convene_domain::place::Region;
use convene_domain::search::{Searchable, SearchableSchool, SearchableTrust};
use std::collections::HashMap;

impl Store {
    /// Every school and trust with the facts the search index matches and filters on, so
    /// search can run in memory rather than scanning names in SQL per request.
    pub async fn searchable(&self) -> Result<Searchable, StoreError> {
        let extra_rows = sqlx::query(
            "SELECT s.urn, s.laestab, tg.group_id AS trust_group_id \
             FROM schools s LEFT JOIN groups tg ON tg.uid = s.trust_uid",
        )
        .fetch_all(self.pool())
        .await?;
        let mut extras: HashMap<i64, (Option<i64>, Option<String>)> = HashMap::new();
        for row in &extra_rows {
            extras.insert(
                get_i64(row, "urn")?,
                (
                    sqlx::Row::try_get::<Option<i64>, _>(row, "laestab")?,
                    opt_text(row, "trust_group_id")?,
                ),
            );
        }
        let schools = sqlx::query(SUMMARY_SELECT)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                let summary = summary_from_row(row)?;
                let (laestab, trust_group_id) = extras.remove(&summary.urn.0).unwrap_or_default();
                Ok(SearchableSchool {
                    summary,
                    laestab,
                    trust_group_id,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;

        let mut regions: HashMap<i64, Vec<Region>> = HashMap::new();
        for row in &sqlx::query(
            "SELECT DISTINCT rl.group_uid, r.region FROM group_links rl \
             JOIN schools r ON r.urn = rl.urn \
             WHERE rl.left_date IS NULL AND r.region IS NOT NULL",
        )
        .fetch_all(self.pool())
        .await?
        {
            if let Some(r) = region(row, "region")? {
                regions
                    .entry(get_i64(row, "group_uid")?)
                    .or_default()
                    .push(r);
            }
        }
        let trusts = sqlx::query("SELECT g.* FROM groups g")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                let summary = trust_summary_from_row(row)?;
                Ok(SearchableTrust {
                    regions: regions.remove(&summary.uid.0).unwrap_or_default(),
                    town: opt_text(row, "town")?,
                    postcode: opt_text(row, "postcode")?,
                    summary,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Searchable { schools, trusts })
    }
}
