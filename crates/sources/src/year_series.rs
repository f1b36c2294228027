//! The per-school, per-year series `progress_and_admissions_by_year_2014-2022.csv`: KS2
//! progress and KS4 Progress 8 / Attainment 8 for 2015/16 to 2018/19, and admissions
//! preferences for 2014/15 to 2022/23. Rows are keyed by the `school_key` and `year_key`
//! of the compiled GIAS extract it was published with, not by URN; the caller joins
//! `school_key` to URN through that extract, and `year_key` to the academic year through
//! `academic_years.csv`.

use crate::table::{read_all, Cells, RowReader};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::outcome::Measure;

/// One row: a school's published figures for one year, under the file's own keys.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRow {
    /// The extract's `school_key`.
    pub school_key: String,
    /// The `phase_key`: an all-through school has a row per phase it admits to.
    pub phase_key: String,
    /// The `year_key` (the calendar year the academic year starts in).
    pub year_key: i64,
    /// Whether the row is a published figure (`fact_flg` "Actual") rather than the
    /// compiler's average of several rows ("Average"), which was never published.
    pub actual: bool,
    /// The figures the row publishes; blanks are left out.
    pub values: Vec<(Measure, f64)>,
}

/// The columns read, and the measure each one is.
const MEASURES: [(&str, Measure); 6] = [
    ("reading_progress", Measure::Ks2ReadingProgress),
    ("writing_progress", Measure::Ks2WritingProgress),
    ("maths_progress", Measure::Ks2MathsProgress),
    ("progress_8", Measure::Ks4Progress8),
    ("attainment_8", Measure::Ks4Attainment8),
    (
        "proportion_1stprefs_v_totaloffers",
        Measure::FirstPreferencesPerOffer,
    ),
];

/// Reads the series file. A row with an unreadable figure is reported by line and column.
pub fn parse_year_series(file_name: &str, bytes: &[u8]) -> Result<Parsed<YearRow>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let mut measures = Vec::with_capacity(MEASURES.len());
    for (name, measure) in MEASURES {
        measures.push((table.require(&[name])?, measure));
    }
    let columns = Columns {
        school_key: table.require(&["school_key"])?,
        phase_key: table.require(&["phase_key"])?,
        year_key: table.require(&["year_key"])?,
        flag: table.column(&["fact_flg"]),
        measures,
    };
    read_all(&table, &columns)
}

/// Where each field is.
struct Columns {
    school_key: usize,
    phase_key: usize,
    year_key: usize,
    flag: Option<usize>,
    measures: Vec<(usize, Measure)>,
}

impl RowReader for Columns {
    type Record = YearRow;
    type Key = (String, String, i64);

    fn read(&self, cells: &mut Cells<'_>) -> Option<YearRow> {
        let school_key = cells.required_text(self.school_key);
        let phase_key = cells.required_text(self.phase_key);
        let actual = cells
            .str(self.flag)
            .is_none_or(|f| f.eq_ignore_ascii_case("Actual"));
        let year_key = cells.required(self.year_key, |t| {
            convene_domain::ids::parse_whole_number(t)
                .filter(|y| (1990..2100).contains(y))
                .ok_or_else(|| format!("{t:?} is not a year"))
        });
        let values = self
            .measures
            .iter()
            .filter_map(|(column, measure)| {
                cells
                    .optional(Some(*column), values::score)
                    .map(|v| (*measure, v))
            })
            .collect();
        Some(YearRow {
            school_key: school_key?,
            phase_key: phase_key?,
            year_key: year_key?,
            actual,
            values,
        })
    }

    fn key(&self, record: &YearRow) -> (String, String, i64) {
        (
            record.school_key.clone(),
            record.phase_key.clone(),
            record.year_key,
        )
    }

    fn describe(&self, key: &(String, String, i64)) -> String {
        format!(
            "school_key {} phase_key {} in year_key {}",
            key.0, key.1, key.2
        )
    }

    fn key_column(&self) -> usize {
        self.school_key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "school_key,phase_key,year_key,reading_progress,writing_progress,maths_progress,progress_8,attainment_8,proportion_1stprefs_v_totaloffers,fact_flg\n";

    #[test]
    fn reads_the_published_figures_and_leaves_blanks_out() {
        let text =
            format!("{HEADER}1,1,2015,2.7,2.2,3.0,,,1.63,Actual\n1,1,2019,,,,,,1.5,Average\n");
        let parsed = parse_year_series("series.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records[0].values,
            [
                (Measure::Ks2ReadingProgress, 2.7),
                (Measure::Ks2WritingProgress, 2.2),
                (Measure::Ks2MathsProgress, 3.0),
                (Measure::FirstPreferencesPerOffer, 1.63)
            ]
        );
        assert!(parsed.records[0].actual);
        assert_eq!(parsed.records[1].values.len(), 1);
        assert!(
            !parsed.records[1].actual,
            "an average is not a published figure"
        );
    }

    #[test]
    fn bad_years_and_repeated_rows_are_located() {
        let text = format!("{HEADER}1,1,twenty,,,,,,,Actual\n2,1,2016,,,,,,,Actual\n2,1,2016,,,,,,,Actual\n2,2,2016,,,,,,,Actual\n");
        let parsed = parse_year_series("series.csv", text.as_bytes()).unwrap();
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "series.csv:2: column \"year_key\": \"twenty\" is not a year",
                "series.csv:4: column \"school_key\": duplicate school_key 2 phase_key 1 in year_key 2016 (first seen on line 3)"
            ]
        );
    }
}
