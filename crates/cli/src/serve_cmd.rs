//! `convene serve` and `convene migrate`.

use crate::cli_error::CliError;
use crate::progress;
use convene_store::Store;
use std::time::Instant;

/// Opens the database and applies migrations, saying what was applied.
pub async fn open_migrated(database: &str) -> Result<Store, CliError> {
    let store = Store::open(database).await?;
    let report = store.migrate().await?;
    if !report.applied.is_empty() {
        eprintln!(
            "Applied database migrations {:?}; schema is at version {}.",
            report.applied, report.version
        );
    }
    Ok(store)
}

/// Loads the bundled dataset if the database has no schools, and says so.
pub async fn load_bundled_if_empty(store: &Store) -> Result<(), CliError> {
    if !store.is_empty().await? {
        return Ok(());
    }
    eprintln!("The database is empty: loading the bundled national dataset...");
    let started = Instant::now();
    let dataset = convene_dataset::bundled()?;
    let bar = progress::bar("Loading dataset");
    let report = store
        .load_dataset(&dataset, &progress::callback(&bar))
        .await?;
    bar.finish_and_clear();
    eprintln!(
        "Loaded {} schools, {} trusts and other groups, {} trust memberships and {} local authorities in {:.1} s.",
        report.schools,
        report.groups,
        report.group_links,
        report.local_authorities,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs the web server until Ctrl-C or SIGTERM.
pub async fn serve(database: &str, listen: &str) -> Result<(), CliError> {
    let store = open_migrated(database).await?;
    load_bundled_if_empty(&store).await?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {listen}: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::Io(e.to_string()))?;
    eprintln!("Convene is running at http://{address}/ (press Ctrl-C to stop)");
    convene_web::serve(store, listener)
        .await
        .map_err(|e| CliError::Io(e.to_string()))
}

/// Applies migrations and exits.
pub async fn migrate(database: &str) -> Result<(), CliError> {
    let store = Store::open(database).await?;
    let report = store.migrate().await?;
    if report.applied.is_empty() {
        eprintln!(
            "The database schema is up to date (version {}).",
            report.version
        );
    } else {
        eprintln!(
            "Applied migrations {:?}; schema is at version {}.",
            report.applied, report.version
        );
    }
    Ok(())
}
