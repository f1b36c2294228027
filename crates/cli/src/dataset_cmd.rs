//! `convene dataset build` and `convene dataset show`.

use crate::cli_error::CliError;
use convene_dataset::build::{build as build_dataset, SourceFiles};
use std::path::{Path, PathBuf};

/// Rebuilds the bundled dataset from a folder of published files.
pub fn build(from: &Path, out: &Path) -> Result<(), CliError> {
    let root: PathBuf = from.to_path_buf();
    let files = SourceFiles {
        read: Box::new(move |relative| {
            let path = root.join(relative);
            std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
        }),
    };
    let (dataset, report) = build_dataset(&files)?;
    for line in &report.lines {
        eprintln!("{line}");
    }
    let bytes = convene_dataset::encode(&dataset)?;
    std::fs::write(out, &bytes).map_err(|e| CliError::Io(format!("{}: {e}", out.display())))?;
    eprintln!(
        "Wrote {} ({} KB): {} schools, {} groups, {} memberships, {} local authorities.",
        out.display(),
        bytes.len() / 1024,
        dataset.schools.len(),
        dataset.groups.len(),
        dataset.group_links.len(),
        dataset.local_authorities.len()
    );
    eprintln!("Rebuild convene (cargo build --release) to bundle it.");
    Ok(())
}

/// Prints what the bundled dataset holds and where it came from.
pub fn show() -> Result<(), CliError> {
    let dataset = convene_dataset::bundled()?;
    println!(
        "{} schools, {} groups, {} memberships, {} predecessor/successor links, {} local authorities",
        dataset.schools.len(),
        dataset.groups.len(),
        dataset.group_links.len(),
        dataset.establishment_links.len(),
        dataset.local_authorities.len()
    );
    for source in &dataset.sources {
        let date = source.data_date.map_or("undated".to_string(), |d| d.long());
        println!(
            "  {:<40} {:<60} {date}",
            source.kind.label(),
            source.file_name
        );
    }
    println!("Figures over time (measure, year, file: schools with a published figure):");
    for series in &dataset.outcomes {
        println!(
            "  {:<40} {:<8} {:<50} {}",
            series.measure.label(),
            series.year,
            series.source,
            series.values.len()
        );
    }
    let figures: usize = dataset.outcomes.iter().map(|s| s.values.len()).sum();
    println!("{figures} figures in {} series", dataset.outcomes.len());
    Ok(())
}
