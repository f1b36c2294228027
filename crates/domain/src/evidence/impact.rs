//! Impact compared like with like: how a school's results moved after a start (a
//! collaboration, joining a trust, a date someone names) against how the results of its
//! family of similar schools moved over the same years.
//!
//! The method is a difference-in-differences with the family as the comparison group:
//!
//! 1. A year is *before* the start if it ended (31 August) before the start, and *after*
//!    otherwise: results are taken at the end of the year, so the year the start falls in
//!    is the first after it.
//! 2. The school's change is the mean of its published figures in the years after minus the
//!    mean in the years before.
//! 3. Each family member's change is worked out over the same years (those in which the
//!    school has a figure), for every member with at least one of those years on each side.
//! 4. The estimate is the school's change minus the mean of the members' changes.
//! 5. The uncertainty is a 95% prediction interval for one school: if the school had moved
//!    like its family, its change would lie within `t × s × √(1 + 1/n)` of the family's mean
//!    change, where `s` is the spread (standard deviation) of the `n` members' changes and
//!    `t` Student's t for `n − 1` degrees of freedom. The interval is the estimate plus or
//!    minus that amount, so it covers zero exactly when the school's change is within the
//!    range similar schools' changes ordinarily take.
//!
//! The family is the comparison, not a control group: its schools were not chosen at random
//! and had their own changes of leader, trust and support. So the words built here speak of
//! a contribution, compared with similar schools, and never attribute the change to the
//! work. Too little data is refused in words rather than estimated.

use crate::outcome::{median, Measure, Outcome};
use crate::{Date, Urn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// How sure the interval is: 95 in 100.
pub const CONFIDENCE_PERCENT: u32 = 95;

/// The fewest family members with a figure on both sides of the start for an estimate: fewer
/// give too poor a picture of how similar schools' results ordinarily move.
pub const MIN_COMPARISON_SCHOOLS: usize = 5;

/// The method in one paragraph, for pages and the API to quote.
pub const METHOD: &str = "The school's change is the mean of its published figures in the years after the start minus the mean in the years before. Each similar school's change is worked out over the same years. The estimate is the school's change minus the similar schools' mean change (a difference-in-differences). The 95% interval is a prediction interval for one school, from the spread of the similar schools' changes: it covers zero when the school's change is within the range similar schools' changes ordinarily take. A year counts as after the start if the start falls in it or before it, because results are taken at the end of the year.";

/// Which side of the start a year's results fall on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The year ended before the start.
    Before,
    /// The start falls in the year or before it.
    After,
}

/// The calendar year the academic year containing `date` starts in: a year runs from
/// 1 September to 31 August.
pub fn academic_year_of(date: Date) -> i32 {
    let year = i32::from(date.year());
    if date.month() >= 9 {
        year
    } else {
        year - 1
    }
}

/// The calendar year an academic year written as DfE writes it ("2017/18") starts in.
pub fn year_start(year: &str) -> Option<i32> {
    year.get(..4)?.parse().ok()
}

/// Which side of `start` the academic year `year` falls on; `None` for a year that cannot be
/// read.
pub fn side_of(year: &str, start: Date) -> Option<Side> {
    let first_after = academic_year_of(start);
    year_start(year).map(|y| {
        if y < first_after {
            Side::Before
        } else {
            Side::After
        }
    })
}

/// What an estimate is asked for: one measure, one start, one school and its family.
#[derive(Debug, Clone, Copy)]
pub struct ImpactInput<'a> {
    /// The measure compared.
    pub measure: Measure,
    /// When the work started (or the school joined its trust).
    pub start: Date,
    /// The school's name, for the words.
    pub school_name: &'a str,
    /// What started, for the words ("joining Harris Federation", "collaboration 12").
    pub start_label: &'a str,
    /// The school's published figures (any measures; others are ignored).
    pub school: &'a [Outcome],
    /// Each family member's published figures.
    pub family: &'a [(Urn, &'a [Outcome])],
}

/// One academic year of the measure: the school's figure (or not published), and its
/// family's range that year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImpactYear {
    /// The academic year ("2017/18").
    pub year: String,
    /// Before or after the start.
    pub side: Side,
    /// The school's figure; `None` when not published for it that year.
    pub school: Option<f64>,
    /// Where the school's figure is from (or, when it has none, the file the family's came
    /// from).
    pub source: String,
    /// The lowest published figure among the family that year.
    pub family_low: Option<f64>,
    /// The median of the family's published figures that year.
    pub family_median: Option<f64>,
    /// The highest published figure among the family that year.
    pub family_high: Option<f64>,
    /// How many family members have a figure that year.
    pub family_count: usize,
}

/// One family member's change over the school's years.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberChange {
    /// The similar school.
    pub urn: Urn,
    /// Its mean over the school's years before the start in which it has a figure.
    pub before: f64,
    /// Its mean over the school's years after the start in which it has a figure.
    pub after: f64,
    /// `after − before`.
    pub change: f64,
}

/// What the estimate says, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// The school's figure rose by more than similar schools' ordinarily do (the interval
    /// is above zero).
    AboveFamily,
    /// The school's change is within the range of similar schools' changes (the interval
    /// covers zero).
    WithinFamilyRange,
    /// The school's figure rose by less, or fell by more, than similar schools' ordinarily
    /// do (the interval is below zero).
    BelowFamily,
}

/// The difference-in-differences estimate and its interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Estimate {
    /// The school's mean over its years before the start.
    pub school_before: f64,
    /// The school's mean over its years after the start.
    pub school_after: f64,
    /// `school_after − school_before`.
    pub school_change: f64,
    /// The mean of the family members' changes over the same years.
    pub family_change: f64,
    /// The standard deviation of the family members' changes.
    pub family_spread: f64,
    /// How many family members have a figure on both sides of the start.
    pub compared_schools: usize,
    /// The estimate: the school's change minus the family's mean change.
    pub difference: f64,
    /// The lower end of the 95% prediction interval for the difference.
    pub low: f64,
    /// The upper end of the 95% prediction interval for the difference.
    pub high: f64,
    /// What the interval says.
    pub finding: Finding,
}

/// A measure before and after a start for one school against its family, with the estimate
/// (or why there is none) and what it means in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Impact {
    /// The measure compared.
    pub measure: Measure,
    /// When the work started.
    pub start: Date,
    /// The first academic year counted as after the start (the one the start falls in).
    pub first_year_after: String,
    /// Every year the school or its family has a figure, oldest first.
    pub years: Vec<ImpactYear>,
    /// The school's years with a figure before the start.
    pub years_before: Vec<String>,
    /// The school's years with a figure after the start.
    pub years_after: Vec<String>,
    /// Each family member with figures on both sides, with its change.
    pub members: Vec<MemberChange>,
    /// The estimate, when there is enough data.
    pub estimate: Option<Estimate>,
    /// Why there is no estimate, in words, when there is none.
    pub refusal: Option<String>,
    /// What the figures say, in plain English: contribution compared with similar schools,
    /// never attribution.
    pub summary: String,
}

/// One measure's figures, as (year start, figure), oldest first.
fn of_measure(outcomes: &[Outcome], measure: Measure) -> Vec<(i32, &Outcome)> {
    let mut out: Vec<(i32, &Outcome)> = outcomes
        .iter()
        .filter(|o| o.measure == measure)
        .filter_map(|o| year_start(&o.year).map(|y| (y, o)))
        .collect();
    out.sort_by_key(|(y, _)| *y);
    out
}

fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Student's t with `df` degrees of freedom at the 97.5th percentile (a two-sided 95%
/// interval): exact to three decimals up to 30 degrees of freedom, then the Cornish-Fisher
/// expansion about the normal, which is as close there.
pub fn t_975(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    if df == 0 {
        return f64::INFINITY;
    }
    if let Some(t) = TABLE.get(df - 1) {
        return *t;
    }
    let z: f64 = 1.959_964;
    let v = df as f64;
    z + (z.powi(3) + z) / (4.0 * v)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * v * v)
}

/// Works out the impact of one start on one school's measure against its family.
pub fn impact(input: &ImpactInput<'_>) -> Impact {
    let measure = input.measure;
    let first_after = academic_year_of(input.start);
    let own = of_measure(input.school, measure);
    let members: Vec<(Urn, Vec<(i32, &Outcome)>)> = input
        .family
        .iter()
        .map(|(urn, outcomes)| (*urn, of_measure(outcomes, measure)))
        .collect();
    let years = yearly(&own, &members, first_after);
    let before: Vec<(i32, f64)> = own
        .iter()
        .filter(|(y, _)| *y < first_after)
        .map(|(y, o)| (*y, o.value))
        .collect();
    let after: Vec<(i32, f64)> = own
        .iter()
        .filter(|(y, _)| *y >= first_after)
        .map(|(y, o)| (*y, o.value))
        .collect();
    let name = |list: &[(i32, f64)]| -> Vec<String> {
        list.iter()
            .map(|(y, _)| crate::outcome::academic_year(*y))
            .collect()
    };
    let changes: Vec<MemberChange> = members
        .iter()
        .filter_map(|(urn, figures)| {
            let value = |year: i32| {
                figures
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, o)| o.value)
            };
            let b = mean(before.iter().filter_map(|(y, _)| value(*y)))?;
            let a = mean(after.iter().filter_map(|(y, _)| value(*y)))?;
            Some(MemberChange {
                urn: *urn,
                before: b,
                after: a,
                change: a - b,
            })
        })
        .collect();
    let mut out = Impact {
        measure,
        start: input.start,
        first_year_after: crate::outcome::academic_year(first_after),
        years,
        years_before: name(&before),
        years_after: name(&after),
        members: Vec::new(),
        estimate: None,
        refusal: None,
        summary: String::new(),
    };
    let refusal = if before.is_empty() {
        Some(format!(
            "No {} figure is published for {} in any year before {}, so there is nothing to compare the years after with.",
            measure.label(),
            input.school_name,
            input.start_label
        ))
    } else if after.is_empty() {
        Some(format!(
            "No {} figure is published for {} yet for {} or any later year, so it is too early to say what changed after {}.",
            measure.label(),
            input.school_name,
            out.first_year_after,
            input.start_label
        ))
    } else if input.family.is_empty() {
        Some(format!(
            "{} has no family of similar schools to compare with.",
            input.school_name
        ))
    } else if changes.len() < MIN_COMPARISON_SCHOOLS {
        Some(format!(
            "Only {} of the {} similar schools have a {} figure both before and after {} in the years {} has one; at least {MIN_COMPARISON_SCHOOLS} are needed to compare fairly.",
            changes.len(),
            input.family.len(),
            measure.label(),
            input.start_label,
            input.school_name
        ))
    } else {
        None
    };
    if let Some(why) = refusal {
        out.summary = why.clone();
        out.refusal = Some(why);
        out.members = changes;
        return out;
    }
    let school_before = mean(before.iter().map(|(_, v)| *v)).unwrap_or_default();
    let school_after = mean(after.iter().map(|(_, v)| *v)).unwrap_or_default();
    let school_change = school_after - school_before;
    let n = changes.len();
    let family_change = mean(changes.iter().map(|c| c.change)).unwrap_or_default();
    let variance = changes
        .iter()
        .map(|c| (c.change - family_change).powi(2))
        .sum::<f64>()
        / (n - 1) as f64;
    let family_spread = variance.sqrt();
    let half_width = t_975(n - 1) * family_spread * (1.0 + 1.0 / n as f64).sqrt();
    let difference = school_change - family_change;
    let (low, high) = (difference - half_width, difference + half_width);
    let finding = if low > 0.0 {
        Finding::AboveFamily
    } else if high < 0.0 {
        Finding::BelowFamily
    } else {
        Finding::WithinFamilyRange
    };
    let estimate = Estimate {
        school_before,
        school_after,
        school_change,
        family_change,
        family_spread,
        compared_schools: n,
        difference,
        low,
        high,
        finding,
    };
    out.summary = words(input, &out, &estimate);
    out.estimate = Some(estimate);
    out.members = changes;
    out
}

/// Each year the school or its family has a figure, with the family's range.
fn yearly(
    own: &[(i32, &Outcome)],
    members: &[(Urn, Vec<(i32, &Outcome)>)],
    first_after: i32,
) -> Vec<ImpactYear> {
    let all: BTreeSet<i32> = own
        .iter()
        .map(|(y, _)| *y)
        .chain(members.iter().flat_map(|(_, f)| f.iter().map(|(y, _)| *y)))
        .collect();
    all.into_iter()
        .map(|year| {
            let mine = own.iter().find(|(y, _)| *y == year).map(|(_, o)| *o);
            let theirs: Vec<&Outcome> = members
                .iter()
                .filter_map(|(_, f)| f.iter().find(|(y, _)| *y == year).map(|(_, o)| *o))
                .collect();
            let mut values: Vec<f64> = theirs.iter().map(|o| o.value).collect();
            let source = mine
                .or_else(|| theirs.first().copied())
                .map(|o| o.source.clone())
                .unwrap_or_default();
            let family_median = median(&mut values);
            ImpactYear {
                year: crate::outcome::academic_year(year),
                side: if year < first_after {
                    Side::Before
                } else {
                    Side::After
                },
                school: mine.map(|o| o.value),
                source,
                family_low: values.first().copied(),
                family_median,
                family_high: values.last().copied(),
                family_count: values.len(),
            }
        })
        .collect()
}

/// Signed, with the measure's precision: "+0.42", "-1.3".
fn signed(measure: Measure, value: f64) -> String {
    let text = measure.format(value);
    if value >= 0.0 && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}

/// The estimate in plain English: what moved, against what, how sure, and what it cannot
/// say. Speaks of contribution compared with similar schools, never of attribution.
fn words(input: &ImpactInput<'_>, impact: &Impact, e: &Estimate) -> String {
    let m = input.measure;
    let school = input.school_name;
    let years = format!(
        "{} before and {} after",
        impact.years_before.join(", "),
        impact.years_after.join(", ")
    );
    let interval = format!(
        "{CONFIDENCE_PERCENT}% interval {} to {}",
        signed(m, e.low),
        signed(m, e.high)
    );
    let moved = format!(
        "{school}'s {} changed by {} from the years before {} to the years after ({years}); its {} similar schools changed by {} on average over the same years.",
        m.label(),
        signed(m, e.school_change),
        input.start_label,
        e.compared_schools,
        signed(m, e.family_change),
    );
    let (better, rise) = if m.is_result() {
        ("better", "improvement")
    } else {
        ("higher", "rise")
    };
    let verdict = match e.finding {
        Finding::AboveFamily => format!(
            "Compared with similar schools, that is {} {better} ({interval}), more than their results ordinarily move. This is consistent with {} having contributed to the {rise}, alongside everything else that changed in those years; figures like these cannot show how much of it was the work's.",
            m.format(e.difference),
            input.start_label
        ),
        Finding::WithinFamilyRange => format!(
            "Compared with similar schools, the difference is {} ({interval}), within the range their results ordinarily move, so these figures cannot tell a contribution from {} apart from ordinary change.",
            signed(m, e.difference),
            input.start_label
        ),
        Finding::BelowFamily => format!(
            "Compared with similar schools, that is {} ({interval}), below the range their results ordinarily move. The figures cannot say why: many things change in a school in those years.",
            signed(m, e.difference)
        ),
    };
    if m.is_result() {
        format!("{moved} {verdict}")
    } else {
        format!(
            "{moved} {verdict} {} describes the school's situation rather than how well it does.",
            m.label()
        )
    }
}

#[cfg(test)]
mod tests;
