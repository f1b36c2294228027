//! `convene import` and `convene imports`.

use crate::cli_error::CliError;
use crate::progress;
use crate::serve_cmd::open_migrated;
use convene_domain::import::{
    ClosingDecision, Completeness, ImportKind, ImportSource, CONFIRM_ABOVE, CONFIRM_ABOVE_PERCENT,
};
use convene_domain::Date;
use convene_store::ImportOptions;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Options of `convene import`.
pub struct Flags {
    /// Import good rows and list bad ones.
    pub skip_bad_rows: bool,
    /// Report without writing.
    pub dry_run: bool,
    /// The date the data describes.
    pub as_at: Option<String>,
    /// The file is the whole register, whatever its coverage.
    pub complete: bool,
    /// The file is a filtered extract: close nothing.
    pub partial: bool,
    /// Close without asking, for scripts.
    pub yes: bool,
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
    let completeness = match (flags.complete, flags.partial) {
        (true, true) => {
            return Err(CliError::Usage(
                "--complete and --partial contradict each other; pass one".into(),
            ))
        }
        (true, false) => Completeness::Complete,
        (false, true) => Completeness::Partial,
        (false, false) => Completeness::Judge,
    };
    if completeness != Completeness::Judge && !kind.is_full_extract() {
        let kinds: Vec<&str> = ImportKind::ALL
            .iter()
            .filter(|k| k.is_full_extract())
            .map(|k| k.key())
            .collect();
        return Err(CliError::Usage(format!(
            "--complete and --partial are for files that close what they lack ({}); {} files never close anything",
            kinds.join(", "),
            kind.key()
        )));
    }
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
    let mut options = ImportOptions {
        dry_run: flags.dry_run,
        skipped_rows: errors.iter().map(ToString::to_string).collect(),
        completeness,
        confirmed_closing: if flags.yes || flags.dry_run {
            None
        } else {
            Some(0)
        },
    };
    // The whole import is one transaction. When it would close more than a few records the
    // store rolls it back unwritten and says so; we ask (with no transaction open, so the
    // database is not locked while a person reads), then run it again allowing exactly what
    // they confirmed. If more would close by then, the store holds it back again.
    let report = loop {
        let bar = progress::bar("Importing");
        let report = store
            .apply_import_report(&batch, &source, &options, &progress::callback(&bar))
            .await?;
        bar.finish_and_clear();
        match &report.closing {
            Some(decision) if report.held_back => {
                confirm(decision)?;
                options.confirmed_closing = Some(decision.closing);
            }
            _ => break report,
        }
    };
    let counts = report.counts;
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
    if let Some(decision) = &report.closing {
        println!("  {}", capitalised(&decision.describe(flags.dry_run)));
        if flags.dry_run && decision.needs_confirmation && !flags.yes {
            println!("  {}", threshold_note());
        }
    }
    for error in &errors {
        println!("  skipped {error}");
    }
    Ok(())
}

/// Why a yes is needed, in the words of the rule.
fn threshold_note() -> String {
    format!(
        "Closing more than {CONFIRM_ABOVE} records, or more than {CONFIRM_ABOVE_PERCENT}% of those stored, \
         asks for confirmation on a terminal; --yes closes them without asking."
    )
}

/// Asks a person on the terminal to confirm closing what the decision closes; refuses when
/// there is no terminal to ask on, or they do not say yes. Nothing has been written yet.
fn confirm(decision: &ClosingDecision) -> Result<(), CliError> {
    let what = capitalised(&decision.describe(true));
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::Refused(format!(
            "nothing was changed. {what}\n{} There is no terminal to ask on: pass --yes to go ahead, \
             or --partial to import without closing anything.",
            threshold_note()
        )));
    }
    let mut stderr = std::io::stderr();
    let asked =
        write!(stderr, "{what}\nGo ahead? Type yes to continue: ").and_then(|()| stderr.flush());
    let mut answer = String::new();
    asked
        .and_then(|()| stdin.lock().read_line(&mut answer))
        .map_err(|e| CliError::Io(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CliError::Refused(
            "nothing was changed: closing was not confirmed.".into(),
        ))
    }
}

/// The sentence with its first letter a capital, for a line of its own.
fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
