//! Readers for the official files people download from DfE and Ofsted (GIAS establishments,
//! groups and links, the Ofsted state-funded schools management information, the school
//! census, the KS2, KS4 and 16-18 performance tables, pupil premium allocations, schools' SEN
//! percentages, the compiled series of results and admissions by year), turning a file's
//! bytes into Convene's import records.
//!
//! Readers take a file name and its bytes and never touch the file system, so they are
//! tested on in-memory files and the command line decides where bytes come from. A file
//! that cannot be used at all is a [`SourceError`]; a row that cannot be read is a
//! [`RowError`] naming its line and column, and reading carries on so a person sees every
//! problem at once.

#![warn(missing_docs)]

mod census;
mod gias_establishment_links;
mod gias_establishments;
mod gias_group_links;
mod gias_groups;
mod ks2;
mod ks4;
mod ks5;
mod local_authorities;
mod ofsted;
mod pupil_premium;
mod results_series;
mod sen;
mod table;
mod text;
mod values;

pub use census::parse_census;
pub use gias_establishment_links::parse_establishment_links;
pub use gias_establishments::parse_establishments;
pub use gias_group_links::parse_group_links;
pub use gias_groups::parse_groups;
pub use ks2::parse_ks2;
pub use ks4::parse_ks4;
pub use ks5::parse_ks5;
pub use local_authorities::parse_local_authorities;
pub use ofsted::parse_ofsted;
pub use pupil_premium::parse_pupil_premium;
pub use results_series::{parse_results_series, parse_year_series, YearRow};
pub use sen::parse_sen;
pub use table::{normalise_header, read_table, Table};
pub use text::decode;

use convene_domain::import::{ImportBatch, ImportKind, RowError};

/// File-level problems: the whole file is unusable, so nothing in it may be imported.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A column the kind of file must have is absent (usually the wrong file or kind).
    #[error("{file}: missing required column \"{column}\" (found columns: {found})")]
    MissingColumn {
        /// File name as given.
        file: String,
        /// The column's usual name.
        column: String,
        /// The first headers the file does have, so the person can tell what they gave.
        found: String,
    },
    /// Nothing to read.
    #[error("{file}: the file is empty or has no header row")]
    Empty {
        /// File name as given.
        file: String,
    },
    /// A header but not one row of data: importing it would record an import of nothing
    /// (and, for a complete register, could close everything it lacks).
    #[error("{file}: the file has a header row but no data rows, so there is nothing to import")]
    NoRows {
        /// File name as given.
        file: String,
    },
    /// Not a text file at all: a spreadsheet, an archive or a PDF given where a CSV was
    /// expected. Says what it looks like instead of printing its bytes.
    #[error("{file}: this is not a CSV file: it looks like {looks_like}. {advice}")]
    NotText {
        /// File name as given.
        file: String,
        /// What the bytes look like, in words.
        looks_like: &'static str,
        /// What to do instead.
        advice: &'static str,
    },
    /// The bytes are not CSV that can be split into rows.
    #[error("{file}: line {line}: not valid CSV: {reason}")]
    Malformed {
        /// File name as given.
        file: String,
        /// 1-based line where the problem starts.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// Every row read from one file, or the reasons rows could not be read; the caller decides
/// whether bad rows abort the import or are skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<T> {
    /// The rows that were read, in file order.
    pub records: Vec<T>,
    /// The rows that could not be read (a row may give several).
    pub errors: Vec<RowError>,
    /// Number of data rows in the file (header excluded), read or not.
    pub rows: u64,
}

/// Reads one file of the given kind into the batch the store applies, with the row errors
/// and the number of data rows.
pub fn parse(
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<(ImportBatch, Vec<RowError>, u64), SourceError> {
    Ok(match kind {
        ImportKind::GiasEstablishments => into_batch(
            parse_establishments(file_name, bytes)?,
            ImportBatch::Establishments,
        ),
        ImportKind::GiasGroups => into_batch(parse_groups(file_name, bytes)?, ImportBatch::Groups),
        ImportKind::GiasGroupLinks => into_batch(
            parse_group_links(file_name, bytes)?,
            ImportBatch::GroupLinks,
        ),
        ImportKind::GiasEstablishmentLinks => into_batch(
            parse_establishment_links(file_name, bytes)?,
            ImportBatch::EstablishmentLinks,
        ),
        ImportKind::Ofsted => into_batch(parse_ofsted(file_name, bytes)?, ImportBatch::Ofsted),
        ImportKind::Census => into_batch(parse_census(file_name, bytes)?, ImportBatch::Census),
        ImportKind::Ks2 => into_batch(parse_ks2(file_name, bytes)?, ImportBatch::Ks2),
        ImportKind::Ks4 => into_batch(parse_ks4(file_name, bytes)?, ImportBatch::Ks4),
        ImportKind::Ks5 => into_batch(parse_ks5(file_name, bytes)?, ImportBatch::Ks5),
        ImportKind::Sen => into_batch(parse_sen(file_name, bytes)?, ImportBatch::Sen),
        ImportKind::PupilPremium => into_batch(
            parse_pupil_premium(file_name, bytes)?,
            ImportBatch::PupilPremium,
        ),
        ImportKind::ResultsSeries => into_batch(
            parse_results_series(file_name, bytes)?,
            ImportBatch::ResultsSeries,
        ),
    })
}

fn into_batch<T>(
    parsed: Parsed<T>,
    batch: fn(Vec<T>) -> ImportBatch,
) -> (ImportBatch, Vec<RowError>, u64) {
    (batch(parsed.records), parsed.errors, parsed.rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_dispatches_by_kind() {
        let file = "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n100006,134643,CCfL Key Stage 3 PRU,Predecessor - merged,01-01-2022\n";
        let (batch, errors, rows) = parse(
            ImportKind::GiasEstablishmentLinks,
            "links.csv",
            file.as_bytes(),
        )
        .unwrap();
        assert_eq!(batch.kind(), ImportKind::GiasEstablishmentLinks);
        assert_eq!((batch.len(), errors.len(), rows), (1, 0, 1));
    }

    #[test]
    fn parse_dispatches_the_outcome_kinds() {
        let ks2 = "URN,READPROG,WRITPROG,MATPROG\n141279,2.6,2.3,2\n";
        let ks4 = "URN,P8MEA,ATT8SCR\n100049,-0.11,42.4\n";
        let ks5 = "URN,TALLPPE_ALEV_1618\n100001,52.4\n";
        let sen = "unique_reference_number,percent_sen_support,percent_ehc_plan\n100000,21,3\n";
        let premium = "URN,Number of pupils on roll,Total number of pupils eligible for the Deprivation Pupil Premium\n100000,234,38\n";
        let series = "school_key,phase_key,year_key,reading_progress,writing_progress,maths_progress,progress_8,attainment_8,proportion_1stprefs_v_totaloffers\n1,1,2018,4.8,2.5,3.9,,,1.2\n";
        for (kind, name, file) in [
            (ImportKind::Ks2, "ks2_2018-19.csv", ks2),
            (ImportKind::Ks4, "ks4_2018-19.csv", ks4),
            (ImportKind::Ks5, "ks5_2022-2023.csv", ks5),
            (ImportKind::Sen, "primary_sen.csv", sen),
            (
                ImportKind::PupilPremium,
                "pupil_premium_2020-21.csv",
                premium,
            ),
            (ImportKind::ResultsSeries, "progress_by_year.csv", series),
        ] {
            let (batch, errors, rows) = parse(kind, name, file.as_bytes()).unwrap();
            assert_eq!(batch.kind(), kind);
            assert_eq!((batch.len(), errors.len(), rows), (1, 0, 1), "{kind:?}");
        }
    }

    #[test]
    fn the_wrong_kind_of_file_is_a_missing_column() {
        let file = "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n";
        let error = parse(ImportKind::GiasGroups, "links.csv", file.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "links.csv: missing required column \"Group UID\" (found columns: URN, LinkURN, LinkName, LinkType, LinkEstablishedDate)"
        );
    }
}
