//! Schools' special educational needs percentages (`primary_sen_eal_fsm_2024-04.csv`): the
//! share of pupils on SEN support and with an education, health and care (EHC) plan. Despite
//! its name the file covers every phase: primary, secondary, special, nursery and PRUs.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::import::SenRecord;
use convene_domain::Urn;

/// Reads a school-level SEN file. Columns are found under the file's own names
/// (`percent_sen_support`) or those of DfE's "Special educational needs in England"
/// underlying data (`sen_support_percent`). Suppressed or blank percentages are `None`.
pub fn parse_sen(file_name: &str, bytes: &[u8]) -> Result<Parsed<SenRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    sen_support: usize,
    ehc_plan: usize,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            urn: t.require(&["unique_reference_number", "URN"])?,
            sen_support: t.require(&["percent_sen_support", "sen_support_percent"])?,
            ehc_plan: t.require(&["percent_ehc_plan", "ehc_plan_percent"])?,
        })
    }
}

impl RowReader for Columns {
    type Record = SenRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<SenRecord> {
        let urn = cells.required(self.urn, values::urn);
        let sen_support_percent = cells.optional(Some(self.sen_support), values::percent);
        let ehc_plan_percent = cells.optional(Some(self.ehc_plan), values::percent);
        Some(SenRecord {
            urn: urn?,
            sen_support_percent,
            ehc_plan_percent,
        })
    }

    fn key(&self, record: &SenRecord) -> Urn {
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

    const HEADER: &str = "unique_reference_number,authority_code,pupil_number,free_school_meals_percentage,percent_ehc_plan,percent_sen_support,percent_english_language,rating\n";

    fn parse(rows: &str) -> Parsed<SenRecord> {
        parse_sen("primary_sen.csv", format!("{HEADER}{rows}").as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_sen_support_and_ehc_plan_percentages() {
        let parsed = parse("100000,201,271,18.08,3,21,46,Outstanding\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records,
            [SenRecord {
                urn: Urn(100000),
                sen_support_percent: Some(21.0),
                ehc_plan_percent: Some(3.0),
            }]
        );
    }

    #[test]
    fn suppressed_and_blank_percentages_are_none() {
        let parsed =
            parse("100005,202,136,25.74,SUPP,,72,Good\n100008,202,350,55.14,x,c,12,Good\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        for record in &parsed.records {
            assert_eq!(
                (record.sen_support_percent, record.ehc_plan_percent),
                (None, None)
            );
        }
    }

    #[test]
    fn bad_urns_and_impossible_percentages_are_located() {
        let parsed =
            parse("10000A,201,271,18.08,3,21,46,Outstanding\n100009,202,389,43.44,2,150,47,Good\n");
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "primary_sen.csv:2: column \"unique_reference_number\": \"10000A\" is not a URN",
                "primary_sen.csv:3: column \"percent_sen_support\": \"150\" is not a percentage between 0 and 100",
            ]
        );
    }

    #[test]
    fn reads_dfe_underlying_data_headers_with_a_byte_order_mark() {
        let text = "\u{feff}time_period,urn,school_name,total_pupils,sen_support,ehc_plan,sen_support_percent,ehc_plan_percent\r\n202223,100000,The Aldgate School,271,57,8,21.0,3.0\r\n";
        let parsed = parse_sen("sen.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records[0].sen_support_percent, Some(21.0));
        assert_eq!(parsed.records[0].ehc_plan_percent, Some(3.0));
    }

    #[test]
    fn needs_the_sen_support_column() {
        let error = parse_sen("census.csv", b"urn,percent_ehc_plan\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("census.csv: missing required column \"percent_sen_support\""),
            "{error}"
        );
    }
}
