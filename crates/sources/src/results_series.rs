//! The compiled per-school, per-year series `progress_and_admissions_by_year_2014-2022.csv`:
//! KS2 progress and KS4 Progress 8 / Attainment 8 for 2015/16 to 2018/19, and admissions
//! preferences for 2014/15 to 2022/23. Rows are keyed by the `school_key` and `year_key` of
//! the compiled GIAS extract it was published with (`establishments_extract_2022-07.csv`),
//! not by URN. That extract's `school_key` to URN pairs are compiled in
//! (`data/keys/establishments_extract_2022-07_school_keys.csv`), so the series imports on
//! its own; `year_key` is the calendar year the academic year starts in (2018 is 2018/19,
//! as `academic_years.csv` says for every key).

use crate::table::{read_all, Cells, RowReader};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::outcome::{academic_year, Measure, Outcome, OutcomeRecord};
use convene_domain::Urn;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// `school_key,urn` for every school of the July 2022 extract the series is keyed by
/// (its placeholder row, key 0 for URN 0, left out).
static SCHOOL_KEYS: &str =
    include_str!("../../../data/keys/establishments_extract_2022-07_school_keys.csv");

/// The URN the series' `school_key` stands for, or `None` for a key the extract lacks.
fn urn_of_school_key(key: &str) -> Option<Urn> {
    static KEYS: OnceLock<HashMap<&'static str, Urn>> = OnceLock::new();
    KEYS.get_or_init(|| {
        SCHOOL_KEYS
            .lines()
            .skip(1)
            .filter_map(|line| {
                let (key, urn) = line.split_once(',')?;
                Some((key.trim(), Urn::parse(urn)?))
            })
            .collect()
    })
    .get(key)
    .copied()
}

/// One row: a school's published figures for one year, under the file's own keys.
#[derive(Debug, Clone, PartialEq)]
pub struct YearRow {
    /// The extract's `school_key`, as written.
    pub school_key: String,
    /// The school that key stands for.
    pub urn: Urn,
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

/// Reads the series file row by row, as published. A row with an unreadable figure, a year
/// that is not one, or a `school_key` the extract does not have is reported by line and
/// column.
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

/// Reads the series into the figures Convene keeps, one record per school with all of its
/// years, each figure credited to `file_name`:
///
/// - "Average" rows (the compiler's average of several rows) were never published and are
///   left out;
/// - an all-through school has a row per phase, and their admissions figures describe two
///   different entry points, so neither is kept as the school's (its results are);
/// - first preferences per place offered are rounded to 2 places (the compiler's ratios
///   carry float noise such as 0.6195361285000001);
/// - where two rows give a school the same measure and year, the first is kept.
///
/// A school whose rows publish nothing is still a record, with no figures. `rows` counts
/// the file's rows, `records` its schools.
pub fn parse_results_series(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<OutcomeRecord>, SourceError> {
    let parsed = parse_year_series(file_name, bytes)?;
    let mut phases: HashMap<(Urn, i64), usize> = HashMap::new();
    for row in &parsed.records {
        *phases.entry((row.urn, row.year_key)).or_default() += 1;
    }
    let mut schools: BTreeMap<Urn, Vec<Outcome>> = BTreeMap::new();
    let mut seen: HashSet<(Urn, Measure, i64)> = HashSet::new();
    for row in parsed.records {
        let outcomes = schools.entry(row.urn).or_default();
        if !row.actual {
            continue;
        }
        let several_phases = phases.get(&(row.urn, row.year_key)).is_some_and(|n| *n > 1);
        for (measure, value) in row.values {
            if several_phases && measure == Measure::FirstPreferencesPerOffer {
                continue;
            }
            if !seen.insert((row.urn, measure, row.year_key)) {
                continue;
            }
            outcomes.push(Outcome {
                measure,
                // The reader only accepts years from 1990 to 2099.
                year: academic_year(row.year_key as i32),
                value: if measure == Measure::FirstPreferencesPerOffer {
                    (value * 100.0).round() / 100.0
                } else {
                    value
                },
                source: file_name.to_string(),
            });
        }
    }
    Ok(Parsed {
        records: schools
            .into_iter()
            .map(|(urn, outcomes)| OutcomeRecord { urn, outcomes })
            .collect(),
        errors: parsed.errors,
        rows: parsed.rows,
    })
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
        let urn = school_key.as_deref().and_then(|key| {
            let urn = urn_of_school_key(key);
            if urn.is_none() {
                cells.fail(
                    self.school_key,
                    format!(
                        "school_key {key} is not in the July 2022 GIAS extract the series is \
                         keyed by, so which school it is cannot be known"
                    ),
                );
            }
            urn
        });
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
            urn: urn?,
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

    fn figures(record: &OutcomeRecord) -> Vec<(Measure, &str, f64)> {
        record
            .outcomes
            .iter()
            .map(|o| (o.measure, o.year.as_str(), o.value))
            .collect()
    }

    #[test]
    fn every_compiled_in_school_key_stands_for_a_urn() {
        assert_eq!(SCHOOL_KEYS.lines().skip(1).count(), 20_188);
        assert_eq!(urn_of_school_key("1"), Some(Urn(100000)));
        assert_eq!(urn_of_school_key("20188"), Some(Urn(149222)));
        assert_eq!(
            urn_of_school_key("0"),
            None,
            "the placeholder row is left out"
        );
        assert_eq!(urn_of_school_key("20189"), None);
    }

    #[test]
    fn reads_the_published_figures_and_leaves_blanks_out() {
        let text =
            format!("{HEADER}1,1,2015,2.7,2.2,3.0,,,1.63,Actual\n1,1,2019,,,,,,1.5,Average\n");
        let parsed = parse_year_series("series.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.records[0].urn, Urn(100000));
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
    fn bad_years_unknown_schools_and_repeated_rows_are_located() {
        let text = format!("{HEADER}1,1,twenty,,,,,,,Actual\n2,1,2016,,,,,,,Actual\n2,1,2016,,,,,,,Actual\n2,2,2016,,,,,,,Actual\n99999,1,2016,1.0,,,,,,Actual\n");
        let parsed = parse_year_series("series.csv", text.as_bytes()).unwrap();
        let errors: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            errors,
            [
                "series.csv:2: column \"year_key\": \"twenty\" is not a year",
                "series.csv:4: column \"school_key\": duplicate school_key 2 phase_key 1 in year_key 2016 (first seen on line 3)",
                "series.csv:6: column \"school_key\": school_key 99999 is not in the July 2022 GIAS extract the series is keyed by, so which school it is cannot be known"
            ]
        );
    }

    #[test]
    fn the_series_becomes_dated_figures_per_school() {
        let text = format!(
            "{HEADER}1,1,2015,2.7,2.2,3.0,,,1.6333333330000001,Actual\n\
             1,1,2018,4.8,,,,,,Actual\n\
             1,1,2019,,,,,,9.9,Average\n\
             3,1,2016,,,,,,,Actual\n"
        );
        let parsed = parse_results_series("series_2014-2022.csv", text.as_bytes()).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!((parsed.rows, parsed.records.len()), (4, 2));
        let aldgate = &parsed.records[0];
        assert_eq!(aldgate.urn, Urn(100000));
        assert_eq!(
            figures(aldgate),
            [
                (Measure::Ks2ReadingProgress, "2015/16", 2.7),
                (Measure::Ks2WritingProgress, "2015/16", 2.2),
                (Measure::Ks2MathsProgress, "2015/16", 3.0),
                (Measure::FirstPreferencesPerOffer, "2015/16", 1.63),
                (Measure::Ks2ReadingProgress, "2018/19", 4.8),
            ],
            "the average of 2019 is left out, and the ratio rounded"
        );
        assert!(aldgate
            .outcomes
            .iter()
            .all(|o| o.source == "series_2014-2022.csv"));
        assert_eq!(parsed.records[1].urn, Urn(100009));
        assert!(
            parsed.records[1].outcomes.is_empty(),
            "read, with nothing published"
        );
    }

    #[test]
    fn an_all_through_school_keeps_its_results_but_not_its_admissions() {
        let text = format!(
            "{HEADER}2,1,2017,1.5,,,,,1.2,Actual\n2,2,2017,,,,0.3,45.1,0.9,Actual\n2,2,2018,,,,0.4,46.0,1.1,Actual\n"
        );
        let parsed = parse_results_series("series.csv", text.as_bytes()).unwrap();
        assert_eq!(
            figures(&parsed.records[0]),
            [
                (Measure::Ks2ReadingProgress, "2017/18", 1.5),
                (Measure::Ks4Progress8, "2017/18", 0.3),
                (Measure::Ks4Attainment8, "2017/18", 45.1),
                (Measure::Ks4Progress8, "2018/19", 0.4),
                (Measure::Ks4Attainment8, "2018/19", 46.0),
                (Measure::FirstPreferencesPerOffer, "2018/19", 1.1),
            ]
        );
    }

    #[test]
    fn a_bad_row_is_an_error_not_a_figure() {
        let text = format!("{HEADER}1,1,2015,high,,,,,,Actual\n");
        let parsed = parse_results_series("series.csv", text.as_bytes()).unwrap();
        assert_eq!(
            parsed.errors[0].to_string(),
            "series.csv:2: column \"reading_progress\": \"high\" is not a number"
        );
        assert!(parsed.records.is_empty());
    }
}
