//! Convene's storage. One schema, one set of queries, two backends: SQLite (a file, the
//! embedded default) and PostgreSQL (for deployments that outgrow one machine). Callers see
//! only [`Store`] and the domain's types; SQL never leaves this crate.

mod accounts;
mod audit_log;
mod behaviours;
mod brokerage;
mod case_studies;
mod columns;
mod content_order;
mod dataset_load;
mod error;
mod import_apply;
mod job_leases;
mod migrations;
mod network;
mod notes;
mod organisations;
mod outbox;
mod outcomes;
mod partnership_copies;
mod partnerships;
mod peer_review;
mod peer_review_records;
mod peer_reviews;
mod personal_data;
mod placements;
mod policy_voice;
mod postgres_admin;
mod provenance;
mod read_places;
mod read_schools;
mod read_search;
mod read_system;
mod read_trusts;
mod recognition;
mod row_read;
mod sessions;
mod sql_filter;
mod value;
mod visibility_sql;

pub use accounts::{Credentials, EmailLink, LinkPurpose, NewAccount, PersonRecord};
pub use audit_log::AuditScope;
pub use behaviours::{
    FeedbackRound, GroupMembership, GroupView, Invitation, StoredAction, StoredAssessment,
    MAX_INVITATIONS,
};
pub use brokerage::{
    BrokerageFigures, IntroductionRequest, Notice, PostingFilter,
    MAX_LISTED as MAX_BROKERAGE_LISTED,
};
pub use case_studies::{CaseStudyList, CaseStudyReader, MAX_CASE_STUDIES_LISTED};
pub use dataset_load::LoadReport;
pub use error::StoreError;
pub use import_apply::{ImportOptions, Progress};
pub use migrations::MigrationReport;
pub use notes::{NoteFilter, MAX_NOTES};
pub use organisations::{FirstClaim, MemberRecord, MembershipRecord, PartnerRecord};
pub use outbox::OutboxEmail;
pub use partnerships::{
    PartnershipDossier, PartnershipPost, PartnershipSummary, ReminderRun, MAX_PARTNERSHIPS_LISTED,
};
pub use peer_reviews::ReviewForReader;
pub use personal_data::PersonalData;
pub use placements::{
    NamedAgreement, NamedLeader, NamedPlacementRecord, NamedRequest, NamedTradedOffer,
    PlacementFilter, MAX_PLACEMENTS_LISTED,
};
pub use policy_voice::{MAX_CALLS_LISTED, MAX_RESPONSES};
pub use postgres_admin::{create_postgres_database, drop_postgres_database, with_database};
pub use read_places::Area;
pub use recognition::{RecognitionList, MAX_RECOGNITIONS_LISTED};
pub use sessions::{ApiTokenRecord, LiveSession, NewSession};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Which database engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, a single file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A connection pool to Convene's database, with every read and write Convene needs.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    copies: std::sync::Arc<partnership_copies::PartnershipCopies>,
}

impl Store {
    /// Opens a database from a URL: `postgres://...` for PostgreSQL, `sqlite://path` or a plain
    /// file path for SQLite (created if missing).
    pub async fn open(location: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(location);
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA busy_timeout = 10000; PRAGMA cache_size = -32000; \
                                 PRAGMA mmap_size = 268435456;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect(&url)
                    .await
            }
        }
        .map_err(|e| StoreError::Connect {
            location: redact(location),
            reason: e.to_string(),
        })?;
        Ok(Store {
            pool,
            backend,
            copies: Default::default(),
        })
    }

    /// Which engine this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes every connection (so a SQLite file can be removed or copied).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// Turns what a user typed into a sqlx URL and the backend it names.
fn database_url(location: &str) -> (String, Backend) {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return (location.to_string(), Backend::Postgres);
    }
    let path = location.strip_prefix("sqlite://").unwrap_or(location);
    let path = path.strip_prefix("sqlite:").unwrap_or(path);
    let (path, _) = path.split_once('?').unwrap_or((path, ""));
    (format!("sqlite://{path}?mode=rwc"), Backend::Sqlite)
}

/// Hides a password in a URL before it reaches an error message or a log.
fn redact(location: &str) -> String {
    let Some((scheme, rest)) = location.split_once("://") else {
        return location.to_string();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => location.to_string(),
        },
        None => location.to_string(),
    }
}

/// Reads a column that both backends return as an integer of some width.
pub(crate) fn get_i64(row: &AnyRow, column: &str) -> Result<i64, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(column)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_database_locations() {
        assert_eq!(
            database_url("postgres://u@h/db"),
            ("postgres://u@h/db".into(), Backend::Postgres)
        );
        assert_eq!(
            database_url("convene.sqlite"),
            ("sqlite://convene.sqlite?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            database_url("sqlite:///tmp/x.db"),
            ("sqlite:///tmp/x.db?mode=rwc".into(), Backend::Sqlite)
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://me:secret@db/convene"),
            "postgres://me:***@db/convene"
        );
        assert_eq!(redact("convene.sqlite"), "convene.sqlite");
    }
}
