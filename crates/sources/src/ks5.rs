//! The DfE 16-18 (key stage 5) performance tables, school level, in their official layout
//! (`2023-2024_england_ks5final.csv`, shipped gzip-compressed as `ks5_2023-2024.csv.gz`):
//! A level average point score per entry and, where published, A level value added.

use crate::table::{read_all, Cells, RowReader};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::date::academic_year_in_file_name;
use convene_domain::outcome::{Measure, Outcome, OutcomeRecord};
use convene_domain::Urn;
use flate2::read::GzDecoder;
use std::io::Read;

/// Reads a 16-18 performance tables file, plain or gzip-compressed (the tables are large,
/// and people keep them compressed). The academic year comes from the file name and is
/// required, because a figure without its year cannot be compared with anything. Results
/// the tables do not publish (`SUPP`, `NE`, `NA`, blank) are left out rather than stored as
/// zero; value added is only published from 2023/24 (it was not calculated for the
/// pandemic-affected cohorts), so earlier files have no value added column. Local
/// authority and national total rows are skipped. The official layout leaves trailing
/// blank cells off a row, so short rows are read with those cells blank. A school with no published figure at all
/// still counts as read, with no figures.
pub fn parse_ks5(file_name: &str, bytes: &[u8]) -> Result<Parsed<OutcomeRecord>, SourceError> {
    let plain = gunzip(file_name, bytes)?;
    let table = read_table(file_name, &plain)?;
    let Some(year) = academic_year_in_file_name(file_name) else {
        return Err(SourceError::Malformed {
            file: file_name.to_string(),
            line: 1,
            reason: "the file name does not say which academic year it is for; name it as DfE \
                     does, e.g. 2023-2024_england_ks5final.csv"
                .into(),
        });
    };
    let columns = Columns {
        source: file_name.to_string(),
        year,
        record_type: table.column(&["RECTYPE"]),
        urn: table.require(&["URN"])?,
        aps: table.require(&["TALLPPE_ALEV_1618"])?,
        value_added: table.column(&["VA_INS_ALEV"]),
    };
    read_all(&table, &columns)
}

/// The bytes themselves, or decompressed when they are gzip.
fn gunzip(file_name: &str, bytes: &[u8]) -> Result<Vec<u8>, SourceError> {
    if !bytes.starts_with(b"\x1F\x8B") {
        return Ok(bytes.to_vec());
    }
    let mut plain = Vec::with_capacity(bytes.len() * 5);
    GzDecoder::new(bytes)
        .read_to_end(&mut plain)
        .map_err(|e| SourceError::Malformed {
            file: file_name.to_string(),
            line: 1,
            reason: format!("the gzip-compressed file cannot be decompressed: {e}"),
        })?;
    Ok(plain)
}

/// Where each field is in this file, and the year and name every figure is credited to.
struct Columns {
    source: String,
    year: String,
    record_type: Option<usize>,
    urn: usize,
    aps: usize,
    value_added: Option<usize>,
}

impl RowReader for Columns {
    type Record = OutcomeRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<OutcomeRecord> {
        if cells
            .str(self.record_type)
            .is_some_and(values::is_total_record_type)
        {
            return None;
        }
        let urn = cells.required(self.urn, values::urn);
        let aps = cells.optional(Some(self.aps), values::score);
        let value_added = cells.optional(self.value_added, values::score);
        let outcomes = [
            (Measure::Ks5ALevelAps, aps),
            (Measure::Ks5ALevelValueAdded, value_added),
        ]
        .into_iter()
        .filter_map(|(measure, value)| {
            value.map(|value| Outcome {
                measure,
                year: self.year.clone(),
                value,
                source: self.source.clone(),
            })
        })
        .collect();
        Some(OutcomeRecord {
            urn: urn?,
            outcomes,
        })
    }

    fn key(&self, record: &OutcomeRecord) -> Urn {
        record.urn
    }

    fn describe(&self, key: &Urn) -> String {
        format!("URN {key}")
    }

    fn key_column(&self) -> usize {
        self.urn
    }

    fn ragged(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    const HEADER: &str =
        "RECTYPE,LEA,URN,SCHNAME,TALLPPE_ALEV_1618,TALLPPEGRD_ALEV_1618,VA_INS_ALEV\n";

    fn parse(name: &str, rows: &str) -> Parsed<OutcomeRecord> {
        parse_ks5(name, format!("{HEADER}{rows}").as_bytes()).expect("readable file")
    }

    fn values(record: &OutcomeRecord) -> Vec<(Measure, f64)> {
        record
            .outcomes
            .iter()
            .map(|o| (o.measure, o.value))
            .collect()
    }

    #[test]
    fn reads_the_a_level_measures_with_year_and_source() {
        let parsed = parse("ks5_2023-2024.csv", "1,201,100001,A School,43.18,B+,0.12\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let record = &parsed.records[0];
        assert_eq!(record.urn, Urn(100001));
        assert_eq!(
            values(record),
            [
                (Measure::Ks5ALevelAps, 43.18),
                (Measure::Ks5ALevelValueAdded, 0.12)
            ]
        );
        assert!(record
            .outcomes
            .iter()
            .all(|o| o.year == "2023/24" && o.source == "ks5_2023-2024.csv"));
    }

    #[test]
    fn unpublished_results_are_left_out_and_totals_skipped() {
        let parsed = parse(
            "2022-2023_england_ks5final.csv",
            "1,201,100002,Small,SUPP,SUPP,NA\n1,201,100003,New,NE,NE,\n4,201,,Camden,30.1,C+,\n",
        );
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records.len(), 2);
        assert!(parsed.records.iter().all(|r| r.outcomes.is_empty()));
    }

    #[test]
    fn reads_gzip_and_files_without_value_added() {
        let text = "\u{feff}RECTYPE,URN,TALLPPE_ALEV_1618\r\n1,138966,25.91\r\n";
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        let parsed = parse_ks5("ks5_2021-2022.csv.gz", &encoder.finish().unwrap()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(values(&parsed.records[0]), [(Measure::Ks5ALevelAps, 25.91)]);
        assert_eq!(parsed.records[0].outcomes[0].year, "2021/22");
    }

    #[test]
    fn a_bad_figure_is_located_by_file_line_and_column() {
        let parsed = parse("ks5_2023-2024.csv", "1,201,100001,A School,forty,B+,0.12\n");
        assert_eq!(
            parsed.errors[0].to_string(),
            "ks5_2023-2024.csv:2: column \"TALLPPE_ALEV_1618\": \"forty\" is not a number"
        );
    }

    #[test]
    fn rows_without_their_trailing_blank_cells_read_as_blank() {
        let parsed = parse("ks5_2023-2024.csv", "1,201,100001,A School,43.18\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(values(&parsed.records[0]), [(Measure::Ks5ALevelAps, 43.18)]);
    }

    #[test]
    fn the_year_must_be_in_the_file_name() {
        let error = parse_ks5("ks5.csv", format!("{HEADER}1,201,1,A,1,A,1\n").as_bytes());
        assert!(error
            .unwrap_err()
            .to_string()
            .contains("does not say which academic year"));
    }
}
