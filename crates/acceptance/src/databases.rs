//! Fresh databases for tests, on both backends.
//!
//! Every test gets its own database: a temporary SQLite file, or a newly created PostgreSQL
//! database on the server named by `CONVENE_TEST_POSTGRES_URL` (default: the local server,
//! `postgres://postgres@127.0.0.1:5432/postgres`). PostgreSQL is not optional: if it cannot be
//! reached the test fails and says how to start it, so a green run always means both
//! backends were tested.

use convene_store::{Backend, Store};
use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server tests create their databases on.
pub fn postgres_server_url() -> String {
    std::env::var("CONVENE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDatabase {
    /// The URL or path to open it with.
    pub url: String,
    /// Its backend.
    pub backend: Backend,
    postgres_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDatabase {
    /// A fresh SQLite database file in a temporary folder.
    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        let url = dir.path().join("convene.sqlite").display().to_string();
        TestDatabase {
            url,
            backend: Backend::Sqlite,
            postgres_name: None,
            _dir: Some(dir),
        }
    }

    /// A fresh, empty PostgreSQL database.
    pub async fn postgres() -> TestDatabase {
        let server = postgres_server_url();
        let name = format!(
            "convene_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let url = convene_store::create_postgres_database(&server, &name)
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "PostgreSQL is required by the test suite and could not be used at {server}: {e}\n\
                     Start it (see .ci/run) or set CONVENE_TEST_POSTGRES_URL."
                )
            });
        TestDatabase {
            url,
            backend: Backend::Postgres,
            postgres_name: Some(name),
            _dir: None,
        }
    }

    /// One fresh database per backend: SQLite and PostgreSQL.
    pub async fn both() -> Vec<TestDatabase> {
        vec![TestDatabase::sqlite(), TestDatabase::postgres().await]
    }

    /// Opens the database with migrations applied.
    pub async fn store(&self) -> Store {
        let store = Store::open(&self.url).await.expect("open test database");
        store.migrate().await.expect("migrate test database");
        store
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = self.postgres_name.take() {
            let server = postgres_server_url();
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    let _ = rt.block_on(convene_store::drop_postgres_database(&server, &name));
                }
            })
            .join();
        }
    }
}
