//! Published results and context measures over time: one figure per school, measure and
//! academic year, each with the file it came from. Results are only comparable within a
//! year and a measure, so every comparison here is made year by year and says which year.
//!
//! A figure the publisher did not publish (suppressed, too few pupils, not applicable) is
//! simply absent: it is never stored or shown as zero.

use crate::organisation::{Ks2Outcomes, Ks4Outcomes, School};
use crate::{Date, Judgement, Urn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A measure published per school per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// KS2 reading progress score (0 is national average progress).
    Ks2ReadingProgress,
    /// KS2 writing progress score.
    Ks2WritingProgress,
    /// KS2 maths progress score.
    Ks2MathsProgress,
    /// KS4 Progress 8 (0 is national average progress).
    Ks4Progress8,
    /// KS4 Attainment 8 (average grade points across eight subjects).
    Ks4Attainment8,
    /// 16-18 A level average point score per entry.
    Ks5ALevelAps,
    /// 16-18 A level value added (0 is national average progress).
    Ks5ALevelValueAdded,
    /// Admissions: times put as first preference per place offered (demand, not a result).
    FirstPreferencesPerOffer,
    /// % of pupils eligible for the deprivation pupil premium (context, not a result).
    PupilPremiumPercent,
}

impl Measure {
    /// Every measure, in the order pages show them.
    pub const ALL: [Measure; 9] = [
        Measure::Ks2ReadingProgress,
        Measure::Ks2WritingProgress,
        Measure::Ks2MathsProgress,
        Measure::Ks4Progress8,
        Measure::Ks4Attainment8,
        Measure::Ks5ALevelAps,
        Measure::Ks5ALevelValueAdded,
        Measure::FirstPreferencesPerOffer,
        Measure::PupilPremiumPercent,
    ];

    /// The name used in storage and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Measure::Ks2ReadingProgress => "ks2-reading-progress",
            Measure::Ks2WritingProgress => "ks2-writing-progress",
            Measure::Ks2MathsProgress => "ks2-maths-progress",
            Measure::Ks4Progress8 => "ks4-progress8",
            Measure::Ks4Attainment8 => "ks4-attainment8",
            Measure::Ks5ALevelAps => "ks5-a-level-aps",
            Measure::Ks5ALevelValueAdded => "ks5-a-level-value-added",
            Measure::FirstPreferencesPerOffer => "first-preferences-per-offer",
            Measure::PupilPremiumPercent => "pupil-premium-percent",
        }
    }

    /// Reads a key produced by [`Measure::key`].
    pub fn from_key(key: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The measure in the words pages use.
    pub fn label(self) -> &'static str {
        match self {
            Measure::Ks2ReadingProgress => "KS2 reading progress",
            Measure::Ks2WritingProgress => "KS2 writing progress",
            Measure::Ks2MathsProgress => "KS2 maths progress",
            Measure::Ks4Progress8 => "Progress 8",
            Measure::Ks4Attainment8 => "Attainment 8",
            Measure::Ks5ALevelAps => "A level average point score per entry",
            Measure::Ks5ALevelValueAdded => "A level value added",
            Measure::FirstPreferencesPerOffer => "First preferences per place offered",
            Measure::PupilPremiumPercent => "Pupils eligible for pupil premium",
        }
    }

    /// A value as people read it, with the measure's usual precision.
    pub fn format(self, value: f64) -> String {
        match self {
            Measure::PupilPremiumPercent => format!("{value:.1}%"),
            Measure::Ks4Attainment8 | Measure::Ks5ALevelAps => format!("{value:.1}"),
            _ => format!("{value:.2}"),
        }
    }

    /// Whether a higher figure is a better result. Admissions demand and pupil premium
    /// eligibility describe a school's situation, not how well it does, so no school is
    /// "better" on them.
    pub fn is_result(self) -> bool {
        !matches!(
            self,
            Measure::FirstPreferencesPerOffer | Measure::PupilPremiumPercent
        )
    }

    /// The smallest difference counted as doing better: differences below it are within the
    /// ordinary year-to-year noise of a school's results (about a tenth of a grade per
    /// subject for Progress 8 and value added, one point for the others), so they are not
    /// called better.
    pub fn margin(self) -> f64 {
        match self {
            Measure::Ks4Progress8 | Measure::Ks5ALevelValueAdded => 0.1,
            _ => 1.0,
        }
    }
}

/// An academic year as DfE writes it, "2023/24", from the calendar year it starts in.
pub fn academic_year(start: i32) -> String {
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

/// One published figure for one school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    /// What was measured.
    pub measure: Measure,
    /// The academic year it is for ("2023/24").
    pub year: String,
    /// The figure as published.
    pub value: f64,
    /// The file it came from, so every figure can say where it is from.
    pub source: String,
}

/// One measure for one year from one file, for many schools: the compact form the bundled
/// dataset carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeSeries {
    /// What was measured.
    pub measure: Measure,
    /// The academic year ("2023/24").
    pub year: String,
    /// The file it came from.
    pub source: String,
    /// Each school's published figure; schools without one are absent.
    pub values: Vec<(Urn, f64)>,
}

/// What the 16-18 performance tables (or another outcome file) say about one school: its
/// published figures, each with measure, year and source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// The school.
    pub urn: Urn,
    /// Its published figures.
    pub outcomes: Vec<Outcome>,
}

/// A KS2 file's progress scores for one school as dated figures credited to `source`.
pub fn from_ks2(k: &Ks2Outcomes, source: &str) -> Vec<Outcome> {
    dated(
        &k.year,
        [
            (Measure::Ks2ReadingProgress, k.reading_progress),
            (Measure::Ks2WritingProgress, k.writing_progress),
            (Measure::Ks2MathsProgress, k.maths_progress),
        ],
        source,
    )
}

/// A KS4 file's Progress 8 and Attainment 8 for one school as dated figures.
pub fn from_ks4(k: &Ks4Outcomes, source: &str) -> Vec<Outcome> {
    dated(
        &k.year,
        [
            (Measure::Ks4Progress8, k.progress8),
            (Measure::Ks4Attainment8, k.attainment8),
        ],
        source,
    )
}

fn dated<const N: usize>(
    year: &Option<String>,
    values: [(Measure, Option<f64>); N],
    source: &str,
) -> Vec<Outcome> {
    let Some(year) = year else {
        return Vec::new();
    };
    values
        .into_iter()
        .filter_map(|(measure, value)| {
            value.map(|value| Outcome {
                measure,
                year: year.clone(),
                value,
                source: source.to_string(),
            })
        })
        .collect()
}

/// The results kept in the school's own KS2 and KS4 fields, as dated figures, so a
/// school's series includes them. `ks2_source` and `ks4_source` name their files.
pub fn from_school(school: &School, ks2_source: &str, ks4_source: &str) -> Vec<Outcome> {
    let mut out = Vec::new();
    if let Some(k) = &school.ks2 {
        out.extend(from_ks2(k, ks2_source));
    }
    if let Some(k) = &school.ks4 {
        out.extend(from_ks4(k, ks4_source));
    }
    out
}

/// Joins figures from several places into one list, one figure per measure and year: the
/// first given wins, so callers list the most authoritative first.
pub fn merge(lists: impl IntoIterator<Item = Vec<Outcome>>) -> Vec<Outcome> {
    let mut out: Vec<Outcome> = Vec::new();
    for outcome in lists.into_iter().flatten() {
        if !out
            .iter()
            .any(|o| o.measure == outcome.measure && o.year == outcome.year)
        {
            out.push(outcome);
        }
    }
    out.sort_by(|a, b| (a.measure, &a.year).cmp(&(b.measure, &b.year)));
    out
}

fn value_in<'a>(outcomes: &'a [Outcome], measure: Measure, year: &str) -> Option<&'a Outcome> {
    outcomes
        .iter()
        .find(|o| o.measure == measure && o.year == year)
}

/// A measure on which a similar school does better, in the latest year both have a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BetterOnMeasure {
    /// The measure.
    pub measure: Measure,
    /// The academic year compared.
    pub year: String,
    /// The similar school's figure.
    pub theirs: f64,
    /// This school's figure for the same year.
    pub ours: f64,
    /// Where the similar school's figure is from.
    pub source: String,
}

impl BetterOnMeasure {
    /// "Progress 8 2023/24: 0.45 against 0.12".
    pub fn describe(&self) -> String {
        format!(
            "{} {}: {} against {}",
            self.measure.label(),
            self.year,
            self.measure.format(self.theirs),
            self.measure.format(self.ours)
        )
    }
}

/// The result measures on which `theirs` does better than `ours`: for each measure, the
/// latest year in which both schools have a published figure, counted as better when the
/// other school's figure is higher by at least the measure's [`Measure::margin`]. Years in
/// which either figure is not published are not compared at all.
pub fn better_on_measures(ours: &[Outcome], theirs: &[Outcome]) -> Vec<BetterOnMeasure> {
    Measure::ALL
        .into_iter()
        .filter(|m| m.is_result())
        .filter_map(|measure| {
            let (mine, other) = theirs
                .iter()
                .filter(|o| o.measure == measure)
                .filter_map(|o| value_in(ours, measure, &o.year).map(|mine| (mine, o)))
                .max_by(|a, b| a.1.year.cmp(&b.1.year))?;
            (other.value - mine.value >= measure.margin() - 1e-9).then(|| BetterOnMeasure {
                measure,
                year: other.year.clone(),
                theirs: other.value,
                ours: mine.value,
                source: other.source.clone(),
            })
        })
        .collect()
}

/// An Ofsted judgement on which a similar school does better, both dated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BetterOnJudgement {
    /// The judgement area ("Quality of education").
    pub area: String,
    /// The similar school's grade.
    pub theirs: Judgement,
    /// The date of the inspection that gave it.
    pub their_date: Option<Date>,
    /// This school's grade.
    pub ours: Judgement,
    /// The date of the inspection that gave it.
    pub our_date: Option<Date>,
}

/// The Ofsted key judgements (overall effectiveness, where still given) and sub-judgements
/// on which `theirs` has a better grade than `ours`. Only areas graded for both schools are
/// compared, so inspections since September 2024, which give no overall grade, still
/// compare on the areas they did grade.
pub fn better_on_judgements(ours: &School, theirs: &School) -> Vec<BetterOnJudgement> {
    let (Some(mine), Some(other)) = (&ours.ofsted, &theirs.ofsted) else {
        return Vec::new();
    };
    let areas = [
        ("Overall effectiveness", mine.overall, other.overall),
        (
            "Quality of education",
            mine.quality_of_education,
            other.quality_of_education,
        ),
        (
            "Behaviour and attitudes",
            mine.behaviour_and_attitudes,
            other.behaviour_and_attitudes,
        ),
        (
            "Personal development",
            mine.personal_development,
            other.personal_development,
        ),
        (
            "Leadership and management",
            mine.leadership_and_management,
            other.leadership_and_management,
        ),
    ];
    areas
        .into_iter()
        .filter_map(|(area, own, other_grade)| match (own, other_grade) {
            (Some(own), Some(better)) if better.grade() < own.grade() => Some(BetterOnJudgement {
                area: area.to_string(),
                theirs: better,
                their_date: other.inspection_date,
                ours: own,
                our_date: mine.inspection_date,
            }),
            _ => None,
        })
        .collect()
}

/// One year of a measure: the school's figure (or `None`, not published) beside the median
/// of its family's published figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesPoint {
    /// The academic year.
    pub year: String,
    /// The school's figure; `None` when not published for it that year.
    pub school: Option<f64>,
    /// Where the school's figure is from (or, when it has none, the file that lacked it).
    pub source: String,
    /// The median of the family's published figures that year.
    pub family_median: Option<f64>,
    /// How many family members have a figure that year.
    pub family_count: usize,
}

/// A measure over time for a school and its family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeasureSeries {
    /// The measure.
    pub measure: Measure,
    /// Every year the school or its family has a figure, oldest first.
    pub points: Vec<SeriesPoint>,
}

/// The median of some figures, `None` for none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

/// Each measure the school has a figure for in some year, year by year, with its family's
/// median beside it. Years in which only the family has figures are included, with the
/// school's figure `None` (not published), so a gap is never drawn as zero.
pub fn series(ours: &[Outcome], family: &[Vec<Outcome>]) -> Vec<MeasureSeries> {
    Measure::ALL
        .into_iter()
        .filter(|m| ours.iter().any(|o| o.measure == *m))
        .map(|measure| {
            let years: BTreeSet<&str> = ours
                .iter()
                .chain(family.iter().flatten())
                .filter(|o| o.measure == measure)
                .map(|o| o.year.as_str())
                .collect();
            let points = years
                .into_iter()
                .map(|year| {
                    let own = value_in(ours, measure, year);
                    let mut values: Vec<f64> = family
                        .iter()
                        .filter_map(|f| value_in(f, measure, year).map(|o| o.value))
                        .collect();
                    let source = own
                        .or_else(|| family.iter().find_map(|f| value_in(f, measure, year)))
                        .map(|o| o.source.clone())
                        .unwrap_or_default();
                    SeriesPoint {
                        year: year.to_string(),
                        school: own.map(|o| o.value),
                        source,
                        family_count: values.len(),
                        family_median: median(&mut values),
                    }
                })
                .collect();
            MeasureSeries { measure, points }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::organisation::OfstedInspection;

    fn outcome(measure: Measure, year: &str, value: f64) -> Outcome {
        Outcome {
            measure,
            year: year.into(),
            value,
            source: format!("file {year}"),
        }
    }

    #[test]
    fn academic_years_are_written_as_dfe_writes_them() {
        assert_eq!(academic_year(2023), "2023/24");
        assert_eq!(academic_year(1999), "1999/00");
    }

    #[test]
    fn keys_round_trip() {
        for m in Measure::ALL {
            assert_eq!(Measure::from_key(m.key()), Some(m));
        }
        assert_eq!(Measure::from_key("ofsted"), None);
    }

    #[test]
    fn better_is_decided_on_the_latest_year_both_have_and_says_which() {
        let ours = [
            outcome(Measure::Ks4Progress8, "2018/19", 0.5),
            outcome(Measure::Ks4Progress8, "2023/24", 0.12),
        ];
        let theirs = [
            outcome(Measure::Ks4Progress8, "2018/19", 0.0),
            outcome(Measure::Ks4Progress8, "2023/24", 0.45),
        ];
        let better = better_on_measures(&ours, &theirs);
        assert_eq!(better.len(), 1);
        assert_eq!(better[0].year, "2023/24");
        assert_eq!(
            better[0].describe(),
            "Progress 8 2023/24: 0.45 against 0.12"
        );
        assert_eq!(better[0].source, "file 2023/24");
    }

    #[test]
    fn a_year_the_school_has_no_figure_for_is_not_compared() {
        let ours = [outcome(Measure::Ks4Progress8, "2018/19", 0.5)];
        let theirs = [
            outcome(Measure::Ks4Progress8, "2018/19", 0.3),
            outcome(Measure::Ks4Progress8, "2023/24", 0.9),
        ];
        assert!(better_on_measures(&ours, &theirs).is_empty());
        assert!(better_on_measures(&[], &theirs).is_empty());
    }

    #[test]
    fn small_differences_and_context_measures_are_not_better() {
        let ours = [
            outcome(Measure::Ks4Progress8, "2023/24", 0.10),
            outcome(Measure::Ks4Attainment8, "2023/24", 45.0),
            outcome(Measure::PupilPremiumPercent, "2019/20", 10.0),
        ];
        let theirs = [
            outcome(Measure::Ks4Progress8, "2023/24", 0.15),
            outcome(Measure::Ks4Attainment8, "2023/24", 46.0),
            outcome(Measure::PupilPremiumPercent, "2019/20", 50.0),
        ];
        let better = better_on_measures(&ours, &theirs);
        let measures: Vec<Measure> = better.iter().map(|b| b.measure).collect();
        assert_eq!(measures, [Measure::Ks4Attainment8]);
    }

    fn inspected(overall: Option<Judgement>, quality: Judgement, date: Date) -> School {
        let mut school = School::new(Urn(1), "A school");
        school.ofsted = Some(OfstedInspection {
            inspection_date: Some(date),
            overall,
            quality_of_education: Some(quality),
            ..OfstedInspection::default()
        });
        school
    }

    #[test]
    fn judgements_compare_on_every_area_both_were_graded_on_with_dates() {
        let ours = inspected(
            Some(Judgement::RequiresImprovement),
            Judgement::RequiresImprovement,
            Date::new(2022, 5, 10).unwrap(),
        );
        let since_2024 = inspected(None, Judgement::Good, Date::new(2024, 11, 5).unwrap());
        let better = better_on_judgements(&ours, &since_2024);
        assert_eq!(better.len(), 1);
        assert_eq!(better[0].area, "Quality of education");
        assert_eq!(better[0].theirs, Judgement::Good);
        assert_eq!(better[0].their_date, Date::new(2024, 11, 5));
        assert_eq!(better[0].our_date, Date::new(2022, 5, 10));
        assert!(better_on_judgements(&since_2024, &ours).is_empty());
    }

    #[test]
    fn the_school_fields_become_dated_figures_and_merging_keeps_the_first() {
        let mut school = School::new(Urn(100049), "Haverstock School");
        school.ks4 = Some(Ks4Outcomes {
            year: Some("2018/19".into()),
            progress8: Some(-0.11),
            attainment8: None,
        });
        let own = from_school(&school, "ks2_2018-19.csv", "ks4_2018-19.csv");
        assert_eq!(
            own,
            [Outcome {
                measure: Measure::Ks4Progress8,
                year: "2018/19".into(),
                value: -0.11,
                source: "ks4_2018-19.csv".into(),
            }]
        );
        let merged = merge([own, vec![outcome(Measure::Ks4Progress8, "2018/19", 9.0)]]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].value, -0.11);
    }

    #[test]
    fn series_keep_unpublished_years_as_none_and_give_the_family_median() {
        let ours = [
            outcome(Measure::Ks4Progress8, "2017/18", 0.2),
            outcome(Measure::Ks4Progress8, "2023/24", 0.4),
        ];
        let family = vec![
            vec![outcome(Measure::Ks4Progress8, "2018/19", 0.1)],
            vec![
                outcome(Measure::Ks4Progress8, "2018/19", 0.3),
                outcome(Measure::Ks4Progress8, "2023/24", -0.2),
            ],
            vec![outcome(Measure::Ks4Attainment8, "2018/19", 50.0)],
        ];
        let all = series(&ours, &family);
        assert_eq!(all.len(), 1, "only measures the school has");
        let points = &all[0].points;
        let years: Vec<&str> = points.iter().map(|p| p.year.as_str()).collect();
        assert_eq!(years, ["2017/18", "2018/19", "2023/24"]);
        assert_eq!(points[1].school, None);
        assert_eq!(points[1].family_median, Some(0.2));
        assert_eq!(points[1].family_count, 2);
        assert_eq!(points[0].family_median, None);
        assert_eq!(points[2].family_median, Some(-0.2));
    }
}
