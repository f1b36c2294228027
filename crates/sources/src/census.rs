//! The school census school-level data (Schools, pupils and their characteristics,
//! `spc_school_level_*.csv`): pupil headcounts and the FSM and EAL percentages.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::import::CensusRecord;
use convene_domain::Urn;

/// The census headline FSM measure. The file also has a "(Performance Tables)" variant
/// counted differently; header matching is exact after normalising, so it is never
/// mistaken for this one.
const FSM_PERCENT: &str = "% of pupils known to be eligible for free school meals";

/// English as an additional language, as the census words it.
const EAL_PERCENT: &str =
    "% of pupils whose first language is known or believed to be other than English";

/// Reads a school census school-level file. Percentages the census suppresses (`z`, `c`,
/// `x`) are `None`.
pub fn parse_census(file_name: &str, bytes: &[u8]) -> Result<Parsed<CensusRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    pupils: usize,
    fsm_percent: usize,
    eal_percent: usize,
    urban_rural: usize,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            urn: t.require(&["urn"])?,
            fsm_percent: t.require(&[FSM_PERCENT])?,
            eal_percent: t.require(&[EAL_PERCENT])?,
            urban_rural: t.require(&["urban_rural"])?,
            pupils: t.require(&["headcount of pupils"])?,
        })
    }
}

impl RowReader for Columns {
    type Record = CensusRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<CensusRecord> {
        let urn = cells.required(self.urn, values::urn);
        let pupils = cells.optional(Some(self.pupils), values::whole);
        let fsm_percent = cells.optional(Some(self.fsm_percent), values::percent);
        let eal_percent = cells.optional(Some(self.eal_percent), values::percent);
        Some(CensusRecord {
            urn: urn?,
            pupils,
            fsm_percent,
            eal_percent,
            urban_rural: cells.text(Some(self.urban_rural)),
        })
    }

    fn key(&self, record: &CensusRecord) -> Urn {
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

    const HEADER: &str = "time_period,urn,school_name,urban_rural,headcount of pupils,% of pupils known to be eligible for free school meals,% of pupils known to be eligible for free school meals (Performance Tables),% of pupils whose first language is known or believed to be other than English\n";

    fn parse(rows: &str) -> Parsed<CensusRecord> {
        parse_census("spc.csv", format!("{HEADER}{rows}").as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_the_headline_fsm_not_the_performance_tables_variant() {
        let parsed = parse("202223,100000,The Aldgate School,(England/Wales) Urban major conurbation,271,18.1,99.9,41\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records[0],
            CensusRecord {
                urn: Urn(100000),
                pupils: Some(271),
                fsm_percent: Some(18.1),
                eal_percent: Some(41.0),
                urban_rural: Some("(England/Wales) Urban major conurbation".into()),
            }
        );
    }

    #[test]
    fn suppressed_values_and_unknown_classifications_are_none() {
        let parsed = parse("202223,100544,David Game College,Unknown,365,z,z,c\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let record = &parsed.records[0];
        assert_eq!(
            (
                record.fsm_percent,
                record.eal_percent,
                record.urban_rural.as_deref()
            ),
            (None, None, None)
        );
    }

    #[test]
    fn a_bad_percentage_is_an_error() {
        let parsed = parse("202223,100000,The Aldgate School,Rural,271,18..1,18.1,41\n");
        assert_eq!(
            parsed.errors[0].to_string(),
            "spc.csv:2: column \"% of pupils known to be eligible for free school meals\": \"18..1\" is not a number"
        );
    }

    #[test]
    fn needs_the_eal_column() {
        let error = parse_census("spc.csv", b"urn,urban_rural,headcount of pupils,% of pupils known to be eligible for free school meals\n").unwrap_err();
        assert!(
            error.to_string().starts_with(
                "spc.csv: missing required column \"% of pupils whose first language is known or believed to be other than English\""
            ),
            "{error}"
        );
    }
}
