//! England's school year and the rhythm of stock-takes.
//!
//! Partnerships between schools live by the school calendar: half-termly stock-takes are
//! the natural rhythm (six per school year). Term dates differ a little between local
//! authorities and trusts, so Convene computes a typical English year from a documented
//! rule (below, and in docs/partnerships.md) and lets each partnership replace it with its
//! own calendar of half terms.
//!
//! The rule, for the school year starting in September of year `Y`:
//! - autumn term starts on the first weekday of September;
//! - autumn half term is the week (Monday to Friday) beginning on the last Monday of October;
//! - autumn term ends on the last Friday on or before 20 December;
//! - spring term starts on the first Monday on or after 4 January;
//! - spring half term is the week beginning on the third Monday of February;
//! - the Easter holiday is the two weeks around Easter Sunday (computed, Gregorian):
//!   spring term ends on the Friday nine days before Easter Sunday and summer term starts
//!   on the Monday eight days after it;
//! - summer half term is the week beginning on the last Monday of May (the spring bank
//!   holiday);
//! - summer term ends on the last weekday on or before 22 July.
//!
//! The stock-take of a half term falls on its last Tuesday (the Tuesday on or before the
//! half term's last day), leaving the rest of the week to act on it.

use crate::Date;
use serde::{Deserialize, Serialize};

/// Monday is 0, Sunday 6.
pub fn weekday(date: Date) -> i64 {
    (date.days_since_epoch() + 3).rem_euclid(7)
}

/// The date `days` after `date` (negative goes back).
pub fn add_days(date: Date, days: i64) -> Date {
    Date::from_days_since_epoch(date.days_since_epoch() + days).unwrap_or(date)
}

fn date(year: u16, month: u8, day: u8) -> Date {
    // Every caller passes a real day of a real month.
    Date::new(year, month, day).unwrap_or_else(|| Date::new(2000, 1, 1).expect("a date"))
}

/// Easter Sunday in the Gregorian calendar (the anonymous, "Meeus/Jones/Butcher", rule).
pub fn easter_sunday(year: u16) -> Date {
    let y = i64::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(year, month as u8, day as u8)
}

/// The first `weekday` (Monday 0) on or after `from`.
fn on_or_after(from: Date, wanted: i64) -> Date {
    add_days(from, (wanted - weekday(from)).rem_euclid(7))
}

/// The last `weekday` (Monday 0) on or before `from`.
fn on_or_before(from: Date, wanted: i64) -> Date {
    add_days(from, -(weekday(from) - wanted).rem_euclid(7))
}

/// The last weekday (Monday to Friday) on or before `from`.
fn weekday_on_or_before(from: Date) -> Date {
    match weekday(from) {
        5 => add_days(from, -1),
        6 => add_days(from, -2),
        _ => from,
    }
}

/// One half term: the days pupils are in school, first to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HalfTerm {
    /// First day.
    pub starts: Date,
    /// Last day.
    pub ends: Date,
}

impl HalfTerm {
    /// Its stock-take day: the last Tuesday on or before its last day (or its first day, if
    /// it is shorter than that).
    pub fn stocktake_day(self) -> Date {
        on_or_before(self.ends, 1).max(self.starts)
    }
}

/// The six half terms of the school year that starts in September of `year`, by the rule
/// at the top of this file.
pub fn england_year(year: u16) -> [HalfTerm; 6] {
    let next = year + 1;
    let autumn_start = {
        let first = date(year, 9, 1);
        match weekday(first) {
            5 => add_days(first, 2),
            6 => add_days(first, 1),
            _ => first,
        }
    };
    let autumn_half = on_or_before(date(year, 10, 31), 0);
    let autumn_end = on_or_before(date(year, 12, 20), 4);
    let spring_start = on_or_after(date(next, 1, 4), 0);
    let spring_half = on_or_after(date(next, 2, 15), 0);
    let easter = easter_sunday(next);
    let spring_end = add_days(easter, -9);
    let summer_start = add_days(easter, 8);
    let summer_half = on_or_before(date(next, 5, 31), 0);
    let summer_end = weekday_on_or_before(date(next, 7, 22));
    [
        HalfTerm {
            starts: autumn_start,
            ends: add_days(autumn_half, -3),
        },
        HalfTerm {
            starts: add_days(autumn_half, 7),
            ends: autumn_end,
        },
        HalfTerm {
            starts: spring_start,
            ends: add_days(spring_half, -3),
        },
        HalfTerm {
            starts: add_days(spring_half, 7),
            ends: spring_end,
        },
        HalfTerm {
            starts: summer_start,
            ends: add_days(summer_half, -3),
        },
        HalfTerm {
            starts: add_days(summer_half, 7),
            ends: summer_end,
        },
    ]
}

/// The longest own calendar a partnership may keep, in half terms (ten school years).
pub const MAX_CALENDAR_HALF_TERMS: usize = 60;

/// Reads a partnership's own calendar: one half term a line, `yyyy-mm-dd to yyyy-mm-dd`,
/// in order and not overlapping. Blank lines are ignored; an empty text means "use the
/// rule". Each problem names its line.
pub fn parse_calendar(text: &str) -> Result<Vec<HalfTerm>, String> {
    let mut terms: Vec<HalfTerm> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = n + 1;
        let (from, to) = line.split_once(" to ").ok_or_else(|| {
            format!("Line {number}: write a half term as yyyy-mm-dd to yyyy-mm-dd")
        })?;
        let starts = Date::parse(from.trim())
            .ok_or_else(|| format!("Line {number}: \"{}\" is not a date", from.trim()))?;
        let ends = Date::parse(to.trim())
            .ok_or_else(|| format!("Line {number}: \"{}\" is not a date", to.trim()))?;
        if ends < starts {
            return Err(format!(
                "Line {number}: the half term ends before it starts"
            ));
        }
        if let Some(last) = terms.last() {
            if starts <= last.ends {
                return Err(format!(
                    "Line {number}: half terms must be in order and must not overlap"
                ));
            }
        }
        terms.push(HalfTerm { starts, ends });
    }
    if terms.len() > MAX_CALENDAR_HALF_TERMS {
        return Err(format!(
            "A calendar can hold up to {MAX_CALENDAR_HALF_TERMS} half terms"
        ));
    }
    Ok(terms)
}

/// Writes a calendar back as [`parse_calendar`] reads it.
pub fn calendar_text(terms: &[HalfTerm]) -> String {
    terms
        .iter()
        .map(|t| format!("{} to {}", t.starts, t.ends))
        .collect::<Vec<_>>()
        .join("\n")
}

/// How often a partnership takes stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "weeks", rename_all = "snake_case")]
pub enum Rhythm {
    /// Once a half term, six times a school year (the default).
    HalfTermly,
    /// Every so many weeks, from the first stock-take.
    Weeks(u8),
}

/// The longest interval between stock-takes, in weeks.
pub const MAX_WEEKS: u8 = 26;

impl Rhythm {
    /// Stable key: `half-termly` or `weeks-<n>`.
    pub fn key(self) -> String {
        match self {
            Rhythm::HalfTermly => "half-termly".into(),
            Rhythm::Weeks(n) => format!("weeks-{n}"),
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Rhythm> {
        let key = key.trim();
        if key == "half-termly" {
            return Some(Rhythm::HalfTermly);
        }
        let weeks: u8 = key.strip_prefix("weeks-")?.parse().ok()?;
        (1..=MAX_WEEKS)
            .contains(&weeks)
            .then_some(Rhythm::Weeks(weeks))
    }

    /// In words.
    pub fn describe(self) -> String {
        match self {
            Rhythm::HalfTermly => "Every half term".into(),
            Rhythm::Weeks(1) => "Every week".into(),
            Rhythm::Weeks(n) => format!("Every {n} weeks"),
        }
    }
}

/// When a partnership's stock-takes fall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// How often.
    pub rhythm: Rhythm,
    /// No stock-take before this day (the partnership's first stock-take, or its start).
    pub from: Date,
    /// The partnership's own half terms; empty means England's rule.
    pub calendar: Vec<HalfTerm>,
}

impl Schedule {
    /// Every stock-take day from `from` (and the schedule's own start) up to and including
    /// `until`, in order.
    pub fn dates(&self, from: Date, until: Date) -> Vec<Date> {
        let from = from.max(self.from);
        if until < from {
            return Vec::new();
        }
        match self.rhythm {
            Rhythm::Weeks(n) => {
                let step = i64::from(n.max(1)) * 7;
                let start = self.from.days_since_epoch();
                let gap = (from.days_since_epoch() - start).max(0);
                let mut day = start + (gap + step - 1) / step * step;
                let mut out = Vec::new();
                while day <= until.days_since_epoch() {
                    if let Some(d) = Date::from_days_since_epoch(day) {
                        out.push(d);
                    }
                    day += step;
                }
                out
            }
            Rhythm::HalfTermly => {
                let mut out: Vec<Date> = if self.calendar.is_empty() {
                    let first = if from.month() >= 9 {
                        from.year()
                    } else {
                        from.year() - 1
                    };
                    (first..=until.year())
                        .flat_map(england_year)
                        .map(HalfTerm::stocktake_day)
                        .collect()
                } else {
                    self.calendar.iter().map(|t| t.stocktake_day()).collect()
                };
                out.retain(|d| *d >= from && *d <= until);
                out.dedup();
                out
            }
        }
    }

    /// The next stock-take on or after `today`, looking up to two years ahead (an own
    /// calendar that has run out has none).
    pub fn next(&self, today: Date) -> Option<Date> {
        self.dates(today, add_days(today, 731)).first().copied()
    }

    /// The next `count` stock-takes on or after `today`.
    pub fn upcoming(&self, today: Date, count: usize) -> Vec<Date> {
        let mut dates = self.dates(today, add_days(today, 731));
        dates.truncate(count);
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn easter_is_computed() {
        assert_eq!(easter_sunday(2024), d("2024-03-31"));
        assert_eq!(easter_sunday(2025), d("2025-04-20"));
        assert_eq!(easter_sunday(2026), d("2026-04-05"));
        assert_eq!(easter_sunday(2027), d("2027-03-28"));
        assert_eq!(easter_sunday(2038), d("2038-04-25"));
        assert_eq!(easter_sunday(2285), d("2285-03-22"));
    }

    #[test]
    fn weekdays() {
        assert_eq!(weekday(d("1970-01-01")), 3);
        assert_eq!(weekday(d("2026-12-02")), 2);
        assert_eq!(weekday(d("2027-01-04")), 0);
    }

    #[test]
    fn the_2026_to_2027_school_year() {
        let year = england_year(2026);
        // 1 September 2026 is a Tuesday.
        assert_eq!(year[0].starts, d("2026-09-01"));
        // Last Monday of October 2026 is the 26th: half term 26-30 October.
        assert_eq!(year[0].ends, d("2026-10-23"));
        assert_eq!(year[1].starts, d("2026-11-02"));
        assert_eq!(year[1].ends, d("2026-12-18"));
        assert_eq!(year[2].starts, d("2027-01-04"));
        // Third Monday of February 2027 is the 15th.
        assert_eq!(year[2].ends, d("2027-02-12"));
        assert_eq!(year[3].starts, d("2027-02-22"));
        // Easter Sunday 2027 is 28 March.
        assert_eq!(year[3].ends, d("2027-03-19"));
        assert_eq!(year[4].starts, d("2027-04-05"));
        // Spring bank holiday 2027 is 31 May.
        assert_eq!(year[4].ends, d("2027-05-28"));
        assert_eq!(year[5].starts, d("2027-06-07"));
        assert_eq!(year[5].ends, d("2027-07-22"));
        for term in year {
            assert!(term.starts <= term.ends);
            assert!(weekday(term.starts) < 5 && weekday(term.ends) < 5);
        }
    }

    #[test]
    fn a_september_that_starts_at_a_weekend() {
        // 1 September 2029 is a Saturday.
        assert_eq!(england_year(2029)[0].starts, d("2029-09-03"));
        // 22 July 2029 is a Sunday... of the 2028 year: the summer term ends on Friday 20th.
        assert_eq!(england_year(2028)[5].ends, d("2029-07-20"));
    }

    #[test]
    fn half_termly_stocktakes_fall_on_the_last_tuesday() {
        let schedule = Schedule {
            rhythm: Rhythm::HalfTermly,
            from: d("2026-09-01"),
            calendar: Vec::new(),
        };
        let dates = schedule.dates(d("2026-09-01"), d("2027-08-31"));
        assert_eq!(
            dates,
            vec![
                d("2026-10-20"),
                d("2026-12-15"),
                d("2027-02-09"),
                d("2027-03-16"),
                d("2027-05-25"),
                d("2027-07-20"),
            ]
        );
        assert_eq!(schedule.next(d("2026-10-21")), Some(d("2026-12-15")));
        assert_eq!(schedule.next(d("2026-12-15")), Some(d("2026-12-15")));
    }

    #[test]
    fn a_start_in_spring_reads_the_year_begun_the_september_before() {
        let schedule = Schedule {
            rhythm: Rhythm::HalfTermly,
            from: d("2027-01-10"),
            calendar: Vec::new(),
        };
        assert_eq!(schedule.next(d("2027-01-10")), Some(d("2027-02-09")));
    }

    #[test]
    fn a_chosen_interval_counts_from_the_first_stocktake() {
        let schedule = Schedule {
            rhythm: Rhythm::Weeks(4),
            from: d("2027-01-05"),
            calendar: Vec::new(),
        };
        assert_eq!(schedule.next(d("2026-12-01")), Some(d("2027-01-05")));
        assert_eq!(schedule.next(d("2027-01-06")), Some(d("2027-02-02")));
        assert_eq!(
            schedule.upcoming(d("2027-02-02"), 3),
            vec![d("2027-02-02"), d("2027-03-02"), d("2027-03-30")]
        );
    }

    #[test]
    fn an_own_calendar_replaces_the_rule() {
        let calendar =
            parse_calendar("2026-09-03 to 2026-10-16\n\n2026-10-26 to 2026-12-18\n").unwrap();
        assert_eq!(calendar.len(), 2);
        let schedule = Schedule {
            rhythm: Rhythm::HalfTermly,
            from: d("2026-09-01"),
            calendar: calendar.clone(),
        };
        assert_eq!(
            schedule.dates(d("2026-09-01"), d("2027-08-31")),
            vec![d("2026-10-13"), d("2026-12-15")]
        );
        assert_eq!(schedule.next(d("2026-12-16")), None);
        assert_eq!(parse_calendar(&calendar_text(&calendar)).unwrap(), calendar);
    }

    #[test]
    fn a_bad_calendar_names_its_line() {
        assert!(parse_calendar("2026-09-03 until 2026-10-16")
            .unwrap_err()
            .starts_with("Line 1"));
        assert!(
            parse_calendar("2026-09-03 to 2026-10-16\n2026-10-01 to 2026-12-18")
                .unwrap_err()
                .contains("Line 2")
        );
        assert!(parse_calendar("2026-10-16 to 2026-09-03")
            .unwrap_err()
            .contains("ends before"));
        assert_eq!(parse_calendar("  \n"), Ok(Vec::new()));
    }

    #[test]
    fn rhythm_keys() {
        for rhythm in [Rhythm::HalfTermly, Rhythm::Weeks(1), Rhythm::Weeks(26)] {
            assert_eq!(Rhythm::from_key(&rhythm.key()), Some(rhythm));
        }
        assert_eq!(Rhythm::from_key("weeks-0"), None);
        assert_eq!(Rhythm::from_key("weeks-27"), None);
        assert_eq!(Rhythm::from_key("monthly"), None);
    }
}
