//! `convene import` and `convene imports`.

use crate::cli_error::CliError;
use crate::progress;
use crate::serve_cmd::open_migrated;
use convene_domain::import::{ImportKind, ImportSource};
use convene_domain::Date;
use convene_store::ImportOptions;
use std::path::Path;

/// Options of `convene import`.
pub struct Flags {
    /// Import good rows and list bad ones.
    pub skip_bad_rows: bool,
    /// Report without writing.
    pub dry_run: bool,
    /// The date the data describes.
    pub as_at: Option<String>,
}

/// Imports one file in one transaction.
pub async fn import(database: &str, kind: &str, file: &Path, flags: Flags) -> Result<(), CliError> {
    let kind = ImportKind::from_key(kind).ok_or_else(|| {
        let kinds: Vec<&str> = ImportKind::ALL.iter().map(|k| k.key()).collect();
        CliError::Usage(format!(
            "unknown kind of file {kind:?}; expected one of: {}",
            kinds.join(", ")
        ))
    })?;
    let file_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let data_date = match &flags.as_at {
        Some(text) => Some(Date::parse(text).ok_or_else(|| {
            CliError::Usage(format!("--as-at {text:?} is not a date (use YYYY-MM-DD)"))
        })?),
        None => Date::find_in_file_name(&file_name),
    };
    let bytes =
        std::fs::read(file).map_err(|e| CliError::Io(format!("{}: {e}", file.display())))?;
    let (batch, errors, rows) = convene_sources::parse(kind, &file_name, &bytes)
        .map_err(|e| CliError::BadInput(e.to_string()))?;
    if !errors.is_empty() && !flags.skip_bad_rows {
        let mut message = format!(
            "{} of {rows} rows could not be read; nothing was imported:\n",
            errors.len()
        );
        for error in errors.iter().take(50) {
            message.push_str(&format!("  {error}\n"));
        }
        if errors.len() > 50 {
            message.push_str(&format!("  ... and {} more\n", errors.len() - 50));
        }
        message.push_str("Fix the file, or import the good rows with --skip-bad-rows.");
        return Err(CliError::BadInput(message));
    }
    let store = open_migrated(database).await?;
    let source = ImportSource {
        kind,
        file_name: file_name.clone(),
        data_date,
    };
    let options = ImportOptions {
        dry_run: flags.dry_run,
        skipped_rows: errors.iter().map(ToString::to_string).collect(),
        ..ImportOptions::default()
    };
    let bar = progress::bar("Importing");
    let counts = store
        .apply_import(&batch, &source, &options, &progress::callback(&bar))
        .await?;
    bar.finish_and_clear();
    let verb = if flags.dry_run {
        "Dry run (nothing written)"
    } else {
        "Imported"
    };
    let date = data_date.map_or("undated".into(), |d| format!("as at {}", d.long()));
    println!("{verb}: {} from {file_name} ({date})", kind.label());
    println!(
        "  {} rows read: {} new, {} updated, {} unchanged, {} closed or ended, {} not matched, {} skipped",
        counts.read, counts.inserted, counts.updated, counts.unchanged, counts.closed, counts.unmatched, counts.skipped
    );
    for error in &errors {
        println!("  skipped {error}");
    }
    Ok(())
}

/// Prints the import history.
pub async fn list(database: &str) -> Result<(), CliError> {
    let store = open_migrated(database).await?;
    let runs = store.imports().await?;
    if runs.is_empty() {
        println!("No imports yet.");
    }
    for run in runs {
        let date = run
            .source
            .data_date
            .map_or("undated".into(), |d| d.to_string());
        let c = run.counts;
        println!(
            "#{:<4} {}  {:<26} {:<55} data {:<10}  read {} new {} updated {} unchanged {} closed {} skipped {}",
            run.id, run.imported_at, run.source.kind.key(), run.source.file_name, date, c.read, c.inserted, c.updated, c.unchanged, c.closed, c.skipped
        );
    }
    Ok(())
}
