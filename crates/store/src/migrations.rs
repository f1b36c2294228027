//! Versioned schema migrations, applied in order and recorded in `schema_migrations`.
//!
//! The SQL is shared by both backends; the only dialect difference (how an auto-numbered
//! primary key is declared, and the type of a column of bytes) is written `{id_primary_key}`
//! and `{blob}` and filled in here.

use crate::{get_i64, Backend, Store, StoreError};
use sqlx::{Executor, Row};

/// The migrations, oldest first: (version, name, SQL).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "system map",
        include_str!("../migrations/0001_system_map.sql"),
    ),
    (2, "people", include_str!("../migrations/0002_people.sql")),
    (
        3,
        "outcomes",
        include_str!("../migrations/0003_outcomes.sql"),
    ),
    (
        4,
        "school outcomes over time",
        include_str!("../migrations/0004_school_outcomes.sql"),
    ),
    (
        5,
        "brokerage",
        include_str!("../migrations/0005_brokerage.sql"),
    ),
    (
        6,
        "pupil premium and results series credited to their own kinds",
        include_str!("../migrations/0006_outcome_import_kinds.sql"),
    ),
    (
        7,
        "partnerships",
        include_str!("../migrations/0007_partnerships.sql"),
    ),
    (
        8,
        "peer review",
        include_str!("../migrations/0008_peer_review.sql"),
    ),
    (
        9,
        "peer reviews",
        include_str!("../migrations/0009_peer_reviews.sql"),
    ),
    (
        10,
        "placements",
        include_str!("../migrations/0010_placements.sql"),
    ),
    (
        11,
        "peer review progress: host names, reminders",
        include_str!("../migrations/0011_peer_review_progress.sql"),
    ),
    (
        12,
        "case studies",
        include_str!("../migrations/0012_case_studies.sql"),
    ),
    (
        13,
        "recognition",
        include_str!("../migrations/0013_recognition.sql"),
    ),
    (
        14,
        "policy voice",
        include_str!("../migrations/0014_policy_voice.sql"),
    ),
    (
        15,
        "behaviours",
        include_str!("../migrations/0015_behaviours.sql"),
    ),
];

/// What [`Store::migrate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// Versions applied now.
    pub applied: Vec<i64>,
    /// Version the database is at afterwards.
    pub version: i64,
}

impl Store {
    /// Brings the schema up to date. Safe to run any number of times, and by several
    /// processes at once on PostgreSQL (they serialise on an advisory lock).
    pub async fn migrate(&self) -> Result<MigrationReport, StoreError> {
        let mut conn = self.pool().acquire().await?;
        if self.backend() == Backend::Postgres {
            conn.execute("SELECT pg_advisory_lock(72546001)").await?;
        }
        let result = self.migrate_on(&mut conn, i64::MAX).await;
        if self.backend() == Backend::Postgres {
            conn.execute("SELECT pg_advisory_unlock(72546001)").await?;
        }
        result
    }

    /// Applies the migrations not yet applied, up to version `up_to` (tests stop early to
    /// write data as an older release did).
    async fn migrate_on(
        &self,
        conn: &mut sqlx::pool::PoolConnection<sqlx::Any>,
        up_to: i64,
    ) -> Result<MigrationReport, StoreError> {
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .await?;
        let rows = sqlx::query("SELECT version FROM schema_migrations")
            .fetch_all(&mut **conn)
            .await?;
        let done: Vec<i64> = rows
            .iter()
            .map(|r| get_i64(r, "version"))
            .collect::<Result<_, _>>()?;
        let known = MIGRATIONS.last().map_or(0, |m| m.0);
        if let Some(found) = done.iter().copied().max().filter(|v| *v > known) {
            return Err(StoreError::SchemaTooNew { found, known });
        }
        let mut applied = Vec::new();
        for (version, name, sql) in MIGRATIONS {
            if done.contains(version) || *version > up_to {
                continue;
            }
            let sql = self.dialect(sql);
            let mut tx = sqlx::Connection::begin(&mut **conn).await?;
            for statement in split_statements(&sql) {
                tx.execute(statement.as_str()).await?;
            }
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(*version)
            .bind(*name)
            .bind(crate::provenance::now_utc())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            applied.push(*version);
        }
        let version = sqlx::query("SELECT MAX(version) AS v FROM schema_migrations")
            .fetch_one(&mut **conn)
            .await?
            .try_get::<Option<i64>, _>("v")?
            .unwrap_or(0);
        Ok(MigrationReport { applied, version })
    }

    fn dialect(&self, sql: &str) -> String {
        let id = match self.backend() {
            Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
            Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        };
        let blob = match self.backend() {
            Backend::Sqlite => "BLOB",
            Backend::Postgres => "BYTEA",
        };
        sql.replace("{id_primary_key}", id).replace("{blob}", blob)
    }
}

/// Splits a migration into statements on semicolons at line ends, dropping comments.
fn split_statements(sql: &str) -> Vec<String> {
    let without_comments: String = sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    without_comments
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_and_every_statement_splits() {
        for (i, (version, _, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version, i as i64 + 1);
            assert!(!split_statements(sql).is_empty(), "migration {version}");
        }
        let outcomes = split_statements(MIGRATIONS[2].2);
        assert_eq!(outcomes.len(), 9);
        assert!(outcomes
            .iter()
            .all(|s| s.starts_with("ALTER TABLE schools ADD COLUMN ")));
    }

    /// A fresh SQLite database and a fresh PostgreSQL one (on `CONVENE_TEST_POSTGRES_URL`, or
    /// the local server), as (location, PostgreSQL database to drop).
    async fn both_backends(dir: &std::path::Path) -> Vec<(String, Option<(String, String)>)> {
        let server = std::env::var("CONVENE_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        let name = format!("convene_store_test_{}", std::process::id());
        let url = crate::create_postgres_database(&server, &name)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is required at {server}: {e}"));
        vec![
            (dir.join("old.sqlite").display().to_string(), None),
            (url, Some((server, name))),
        ]
    }

    #[tokio::test]
    async fn bundled_loads_from_before_migration_6_are_credited_to_the_new_kinds() {
        use convene_domain::import::{ImportCounts, ImportKind, ImportSource};
        let dir = tempfile::tempdir().unwrap();
        for (location, postgres) in both_backends(dir.path()).await {
            let store = Store::open(&location).await.unwrap();
            let mut conn = store.pool().acquire().await.unwrap();
            store.migrate_on(&mut conn, 4).await.unwrap();
            // What a bundled load recorded before pupil premium and the series had kinds.
            for (kind, file) in [
                (ImportKind::Census, "spc_school_level_2022-23.csv"),
                (ImportKind::Ks2, "ks2_2018-19.csv"),
                (
                    ImportKind::Ks2,
                    "progress_and_admissions_by_year_2014-2022.csv",
                ),
                (ImportKind::Census, "pupil_premium_2019-20.csv"),
            ] {
                let source = ImportSource {
                    kind,
                    file_name: file.into(),
                    data_date: None,
                };
                crate::import_apply::record_import(
                    &mut conn,
                    &source,
                    &ImportCounts::default(),
                    &[],
                    true,
                )
                .await
                .unwrap();
            }
            drop(conn);
            let after_four: Vec<i64> = MIGRATIONS.iter().map(|m| m.0).filter(|v| *v > 4).collect();
            assert_eq!(store.migrate().await.unwrap().applied, after_four);
            let mut credited: Vec<(String, ImportKind)> = store
                .imports()
                .await
                .unwrap()
                .into_iter()
                .map(|run| (run.source.file_name, run.source.kind))
                .collect();
            credited.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(
                credited,
                [
                    ("ks2_2018-19.csv".to_string(), ImportKind::Ks2),
                    (
                        "progress_and_admissions_by_year_2014-2022.csv".to_string(),
                        ImportKind::ResultsSeries
                    ),
                    (
                        "pupil_premium_2019-20.csv".to_string(),
                        ImportKind::PupilPremium
                    ),
                    (
                        "spc_school_level_2022-23.csv".to_string(),
                        ImportKind::Census
                    ),
                ],
                "{location}"
            );
            store.pool().close().await;
            if let Some((server, name)) = postgres {
                crate::drop_postgres_database(&server, &name).await.unwrap();
            }
        }
    }

    #[test]
    fn splits_statements_and_drops_comments() {
        let statements = split_statements(
            "-- heading\nCREATE TABLE a (x TEXT); -- note\n\nCREATE INDEX i ON a (x);\n",
        );
        assert_eq!(
            statements,
            ["CREATE TABLE a (x TEXT)", "CREATE INDEX i ON a (x)"]
        );
    }
}
