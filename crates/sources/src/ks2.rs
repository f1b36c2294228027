//! The DfE key stage 2 performance tables, school level (`ks2_2018-19.csv`, or the full
//! `2018-2019_england_ks2final.csv`): reading, writing and maths progress scores.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::date::academic_year_in_file_name;
use convene_domain::import::Ks2Record;
use convene_domain::organisation::Ks2Outcomes;
use convene_domain::Urn;

/// Reads a KS2 performance tables file. Results the tables do not publish (`NP`, `SUPP`,
/// `NE`, `LOWCOV`, blank) are `None`. The academic year comes from the file name
/// (`ks2_2018-19.csv` is 2018/19), and is `None` when the name does not say. Local authority
/// and national total rows of the full file are skipped.
pub fn parse_ks2(file_name: &str, bytes: &[u8]) -> Result<Parsed<Ks2Record>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table, academic_year_in_file_name(file_name))?;
    read_all(&table, &columns)
}

/// Where each field is in this file, and the year the whole file is for.
struct Columns {
    year: Option<String>,
    record_type: Option<usize>,
    urn: usize,
    reading: usize,
    writing: usize,
    maths: usize,
}

impl Columns {
    fn locate(t: &Table, year: Option<String>) -> Result<Columns, SourceError> {
        Ok(Columns {
            year,
            record_type: t.column(&["RECTYPE"]),
            urn: t.require(&["URN"])?,
            reading: t.require(&["READPROG"])?,
            writing: t.require(&["WRITPROG"])?,
            maths: t.require(&["MATPROG"])?,
        })
    }
}

impl RowReader for Columns {
    type Record = Ks2Record;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<Ks2Record> {
        if cells
            .str(self.record_type)
            .is_some_and(values::is_total_record_type)
        {
            return None;
        }
        let urn = cells.required(self.urn, values::urn);
        let reading_progress = cells.optional(Some(self.reading), values::score);
        let writing_progress = cells.optional(Some(self.writing), values::score);
        let maths_progress = cells.optional(Some(self.maths), values::score);
        Some(Ks2Record {
            urn: urn?,
            outcomes: Ks2Outcomes {
                year: self.year.clone(),
                reading_progress,
                writing_progress,
                maths_progress,
            },
        })
    }

    fn key(&self, record: &Ks2Record) -> Urn {
        record.urn
    }

    fn describe(&self, key: &Urn) -> String {
        format!("URN {key}")
    }

    fn key_column(&self) -> usize {
        self.urn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "RECTYPE,URN,SCHNAME,READPROG,READPROG_DESCR,WRITPROG,WRITPROG_DESCR,MATPROG,MATPROG_DESCR,PHASE\n";

    fn parse(rows: &str) -> Parsed<Ks2Record> {
        parse_ks2("ks2_2018-19.csv", format!("{HEADER}{rows}").as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_progress_scores_and_the_year_from_the_file_name() {
        let parsed =
            parse("1,119913,Belvoirdale Community Primary School,-4.2,5,-1.4,3,-3,4,Primary\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records,
            [Ks2Record {
                urn: Urn(119913),
                outcomes: Ks2Outcomes {
                    year: Some("2018/19".into()),
                    reading_progress: Some(-4.2),
                    writing_progress: Some(-1.4),
                    maths_progress: Some(-3.0),
                },
            }]
        );
    }

    #[test]
    fn suppression_codes_and_blanks_are_not_published() {
        let parsed = parse(
            "1,100001,Small School,SUPP,,NP,,LOWCOV,,Primary\n2,100002,Special School,,,NE,,new,,Primary\n",
        );
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        for record in &parsed.records {
            let o = &record.outcomes;
            assert_eq!(
                (o.reading_progress, o.writing_progress, o.maths_progress),
                (None, None, None),
                "{record:?}"
            );
            assert_eq!(o.year.as_deref(), Some("2018/19"));
        }
    }

    #[test]
    fn a_bad_urn_or_score_is_located() {
        let parsed = parse("1,12x,Somewhere,1.0,,2..0,,0.5,,Primary\n");
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "ks2_2018-19.csv:2: column \"URN\": \"12x\" is not a URN",
                "ks2_2018-19.csv:2: column \"WRITPROG\": \"2..0\" is not a number",
            ]
        );
        assert!(parsed.records.is_empty());
    }

    #[test]
    fn local_authority_and_national_totals_are_skipped() {
        let parsed =
            parse("1,141279,Bringhurst,2.6,,2.3,,2,,Primary\n4,,,0.1,,0.2,,0.3,,\n5,,,0,,0,,0,,\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows, 3);
        assert_eq!(parsed.records.len(), 1);
    }

    #[test]
    fn the_year_is_unknown_when_the_file_name_does_not_say() {
        let parsed = parse_ks2(
            "results.csv",
            format!("{HEADER}1,141279,Bringhurst,2.6,,2.3,,2,,Primary\n").as_bytes(),
        )
        .unwrap();
        assert_eq!(parsed.records[0].outcomes.year, None);
    }

    #[test]
    fn reads_windows_1252_with_crlf() {
        let mut bytes = b"URN,SCHNAME,READPROG,WRITPROG,MATPROG\r\n".to_vec();
        bytes.extend_from_slice(b"119910,Buckminster Primary School \x96 Leics,2.4,3.8,-1\r\n");
        let parsed = parse_ks2("ks2_2018-19.csv", &bytes).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records[0].outcomes.maths_progress, Some(-1.0));
    }

    #[test]
    fn needs_the_maths_column() {
        let error = parse_ks2("ks4.csv", b"URN,READPROG,WRITPROG,P8MEA\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("ks4.csv: missing required column \"MATPROG\""),
            "{error}"
        );
    }
}
