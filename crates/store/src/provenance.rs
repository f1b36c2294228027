//! Where the data came from: the import log and the sources behind what is shown.

use crate::columns::opt_date;
use crate::{get_i64, Store, StoreError};
use convene_domain::import::{ImportCounts, ImportKind, ImportRun, ImportSource};
use convene_domain::Date;
use sqlx::Row;
use std::time::{SystemTime, UNIX_EPOCH};

impl Store {
    /// Whether the database holds no schools yet (so the bundled dataset should be loaded).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM schools")
            .fetch_one(self.pool())
            .await?;
        Ok(get_i64(&row, "n")? == 0)
    }

    /// Every import, newest first.
    pub async fn imports(&self) -> Result<Vec<ImportRun>, StoreError> {
        let rows = sqlx::query("SELECT * FROM imports ORDER BY id DESC")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(import_from_row).collect()
    }

    /// The sources behind the data now shown: for each kind of file, the runs of its most
    /// recent import (a bundled load records several files of one kind at once).
    pub async fn current_sources(&self) -> Result<Vec<ImportRun>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.* FROM imports i
             JOIN (SELECT kind, MAX(imported_at) AS latest FROM imports GROUP BY kind) l
               ON l.kind = i.kind AND l.latest = i.imported_at
             ORDER BY i.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(import_from_row).collect()
    }
}

fn import_from_row(row: &sqlx::any::AnyRow) -> Result<ImportRun, StoreError> {
    let kind: String = row.try_get("kind")?;
    let skipped: String = row.try_get("skipped_rows")?;
    let count = |c: &str| get_i64(row, c).map(|n| n.max(0) as u64);
    Ok(ImportRun {
        id: get_i64(row, "id")?,
        source: ImportSource {
            kind: ImportKind::from_key(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("import kind {kind:?}")))?,
            file_name: row.try_get("file_name")?,
            data_date: opt_date(row, "data_date")?,
        },
        imported_at: row.try_get("imported_at")?,
        counts: ImportCounts {
            read: count("read_rows")?,
            inserted: count("inserted")?,
            updated: count("updated")?,
            unchanged: count("unchanged")?,
            closed: count("closed")?,
            skipped: count("skipped")?,
            unmatched: count("unmatched")?,
        },
        skipped_rows: skipped.lines().map(str::to_string).collect(),
    })
}

/// The current time in UTC as ISO 8601 (`2026-11-23T05:21:49Z`), to the second.
pub(crate) fn now_utc() -> String {
    utc_after(0)
}

/// The time `seconds` from now in UTC, in the same form as [`now_utc`], for expiry times
/// and "since" limits (negative goes back).
pub(crate) fn utc_after(seconds: i64) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64
        + seconds;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Today's date in UTC.
pub(crate) fn today() -> Date {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    Date::new(y as u16, m as u8, d as u8).unwrap_or_else(|| Date::new(1970, 1, 1).expect("valid"))
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
