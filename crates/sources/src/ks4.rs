//! The DfE key stage 4 performance tables, school level (`ks4_2018-19.csv`, or the full
//! `2018-2019_england_ks4final.csv`): Progress 8 and Attainment 8.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::date::academic_year_in_file_name;
use convene_domain::import::Ks4Record;
use convene_domain::organisation::Ks4Outcomes;
use convene_domain::Urn;

/// Reads a KS4 performance tables file. Results the tables do not publish (`NP`, `SUPP`,
/// `NE`, `LOWCOV`, blank) are `None`; independent schools, for example, have Attainment 8
/// but Progress 8 `NP`. The academic year comes from the file name, `None` when it does not
/// say. Local authority and national total rows of the full file are skipped.
pub fn parse_ks4(file_name: &str, bytes: &[u8]) -> Result<Parsed<Ks4Record>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table, academic_year_in_file_name(file_name))?;
    read_all(&table, &columns)
}

/// Where each field is in this file, and the year the whole file is for.
struct Columns {
    year: Option<String>,
    record_type: Option<usize>,
    urn: usize,
    progress8: usize,
    attainment8: usize,
}

impl Columns {
    fn locate(t: &Table, year: Option<String>) -> Result<Columns, SourceError> {
        Ok(Columns {
            year,
            record_type: t.column(&["RECTYPE"]),
            urn: t.require(&["URN"])?,
            progress8: t.require(&["P8MEA"])?,
            attainment8: t.require(&["ATT8SCR"])?,
        })
    }
}

impl RowReader for Columns {
    type Record = Ks4Record;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<Ks4Record> {
        if cells
            .str(self.record_type)
            .is_some_and(values::is_total_record_type)
        {
            return None;
        }
        let urn = cells.required(self.urn, values::urn);
        let progress8 = cells.optional(Some(self.progress8), values::score);
        let attainment8 = cells.optional(Some(self.attainment8), values::score);
        Some(Ks4Record {
            urn: urn?,
            outcomes: Ks4Outcomes {
                year: self.year.clone(),
                progress8,
                attainment8,
            },
        })
    }

    fn key(&self, record: &Ks4Record) -> Urn {
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

    const HEADER: &str =
        "RECTYPE,URN,SCHNAME,P8MEA,P8_BANDING,ATT8SCR,PTL2BASICS_95,SCHTYPE,PHASE\n";

    fn parse(rows: &str) -> Parsed<Ks4Record> {
        parse_ks4("ks4_2018-19.csv", format!("{HEADER}{rows}").as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_progress_8_and_attainment_8_with_the_year() {
        let parsed =
            parse("1,100049,Haverstock School,-0.11,3,42.4,43%,Maintained school,Secondary\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records,
            [Ks4Record {
                urn: Urn(100049),
                outcomes: Ks4Outcomes {
                    year: Some("2018/19".into()),
                    progress8: Some(-0.11),
                    attainment8: Some(42.4),
                },
            }]
        );
    }

    #[test]
    fn suppression_codes_and_blanks_are_not_published() {
        let parsed = parse(
            "1,100001,City of London School for Girls,NP,,57.9,0%,Independent school,Secondary\n\
             2,100002,A Special School,NE,,NE,,Special,Secondary\n\
             1,100003,A Small School,SUPP,,SUPP,,Academy,Secondary\n\
             1,100004,A Low Coverage School,LOWCOV,,,,Academy,Secondary\n",
        );
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let measures: Vec<_> = parsed
            .records
            .iter()
            .map(|r| (r.outcomes.progress8, r.outcomes.attainment8))
            .collect();
        assert_eq!(
            measures,
            [(None, Some(57.9)), (None, None), (None, None), (None, None)]
        );
    }

    #[test]
    fn a_bad_urn_is_located() {
        let parsed = parse("1,ABC,Somewhere,0.5,,40,,Academy,Secondary\n");
        assert_eq!(
            parsed.errors[0].to_string(),
            "ks4_2018-19.csv:2: column \"URN\": \"ABC\" is not a URN"
        );
        assert!(parsed.records.is_empty());
    }

    #[test]
    fn a_repeated_school_is_an_error() {
        let parsed = parse(
            "1,100049,Haverstock School,-0.11,3,42.4,43%,Maintained school,Secondary\n\
             1,100049,Haverstock School,-0.11,3,42.4,43%,Maintained school,Secondary\n",
        );
        assert_eq!(
            parsed.errors[0].to_string(),
            "ks4_2018-19.csv:3: column \"URN\": duplicate URN 100049 (first seen on line 2)"
        );
    }

    #[test]
    fn totals_are_skipped_and_a_byte_order_mark_is_ignored() {
        let text = format!(
            "\u{feff}{HEADER}1,100050,Parliament Hill School,0.77,1,58.7,58%,Maintained school,Secondary\n4,,,0.1,,46.5,,,\n7,,,-0.03,,44.7,,,\n"
        );
        let parsed = parse_ks4("2018-2019_england_ks4final.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.records[0].outcomes.year.as_deref(), Some("2018/19"));
        assert_eq!(parsed.records[0].outcomes.progress8, Some(0.77));
    }

    #[test]
    fn needs_the_attainment_8_column() {
        let error = parse_ks4("ks2.csv", b"URN,P8MEA,READPROG\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("ks2.csv: missing required column \"ATT8SCR\""),
            "{error}"
        );
    }
}
