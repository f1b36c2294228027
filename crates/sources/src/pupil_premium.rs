//! DfE pupil premium allocations by school (`pupil_premium_2019-20.csv`): the share of a
//! school's pupils eligible for the deprivation pupil premium, a measure of disadvantage
//! beside free school meals.

use crate::table::{read_all, Cells, RowReader};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::date::academic_year_in_file_name;
use convene_domain::outcome::{Measure, Outcome, OutcomeRecord};
use convene_domain::Urn;

/// Reads a pupil premium allocations file into each school's % of pupils eligible for the
/// deprivation pupil premium (eligible pupils over pupils on roll), dated by the academic
/// year in the file name. A school with no pupils on roll has no percentage, not 0%.
pub fn parse_pupil_premium(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<OutcomeRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns {
        source: file_name.to_string(),
        year: academic_year_in_file_name(file_name).ok_or_else(|| SourceError::Malformed {
            file: file_name.to_string(),
            line: 1,
            reason: "the file name does not say which academic year it is for \
                     (e.g. pupil_premium_2019-20.csv)"
                .into(),
        })?,
        urn: table.require(&["URN"])?,
        on_roll: table.require(&["Number of pupils on roll (7)", "Number of pupils on roll"])?,
        eligible: table
            .require(&["Total number of pupils eligible for the Deprivation Pupil Premium"])?,
    };
    read_all(&table, &columns)
}

/// Where each field is, and the year and name every figure is credited to.
struct Columns {
    source: String,
    year: String,
    urn: usize,
    on_roll: usize,
    eligible: usize,
}

impl RowReader for Columns {
    type Record = OutcomeRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<OutcomeRecord> {
        let urn = cells.required(self.urn, values::urn);
        let on_roll = cells.optional(Some(self.on_roll), values::score);
        let eligible = cells.optional(Some(self.eligible), values::score);
        let percent = match (eligible, on_roll) {
            (Some(e), Some(r)) if r > 0.0 && e >= 0.0 && e <= r => Some(e / r * 100.0),
            (Some(e), Some(r)) if e > r => {
                cells.fail(
                    self.eligible,
                    format!("{e} eligible is more than {r} on roll"),
                );
                None
            }
            _ => None,
        };
        Some(OutcomeRecord {
            urn: urn?,
            outcomes: percent
                .map(|value| Outcome {
                    measure: Measure::PupilPremiumPercent,
                    year: self.year.clone(),
                    value: (value * 10.0).round() / 10.0,
                    source: self.source.clone(),
                })
                .into_iter()
                .collect(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "URN,School Name,Number of pupils on roll (7),Total number of pupils eligible for the Deprivation Pupil Premium\n";

    #[test]
    fn the_percentage_is_eligible_pupils_over_pupils_on_roll() {
        let text = format!("{HEADER}100000,Sir John Cass's,234,38\n147090,Meon Vale,0,0\n");
        let parsed = parse_pupil_premium("pupil_premium_2019-20.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let first = &parsed.records[0].outcomes[0];
        assert_eq!((first.value, first.year.as_str()), (16.2, "2019/20"));
        assert!(parsed.records[1].outcomes.is_empty(), "no pupils, no 0%");
    }

    #[test]
    fn impossible_counts_are_located() {
        let text = format!("{HEADER}100000,Sir John Cass's,10,38\n");
        let parsed = parse_pupil_premium("pupil_premium_2019-20.csv", text.as_bytes()).unwrap();
        assert_eq!(
            parsed.errors[0].to_string(),
            "pupil_premium_2019-20.csv:2: column \"Total number of pupils eligible for the Deprivation Pupil Premium\": 38 eligible is more than 10 on roll"
        );
    }
}
