//! Calendar dates as the published files write them.
//!
//! DfE and Ofsted files mix `31/08/2025`, `31-08-2025` and `2025-08-31`; everything inside
//! Convene is one [`Date`] so that comparisons and display are uniform.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (no time zone: the published data is dated by day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Builds a date, rejecting impossible ones (30 February, month 13).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses the forms the official files use: `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`
    /// (optionally followed by a time, which is ignored).
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let date_part = text.split([' ', 'T']).next().unwrap_or("");
        let parts: Vec<&str> = date_part.split(['/', '-']).collect();
        if parts.len() != 3 {
            return None;
        }
        let numbers: Vec<u32> = parts
            .iter()
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<_>>()?;
        let (year, month, day) = if parts[0].len() == 4 {
            (numbers[0], numbers[1], numbers[2])
        } else if parts[2].len() == 4 {
            (numbers[2], numbers[1], numbers[0])
        } else {
            return None;
        };
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1 January 1970, so two dates can be subtracted ("accepted within 30
    /// days"). Uses the proleptic Gregorian calendar.
    pub fn days_since_epoch(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let month_index = (m + 9) % 12;
        let day_of_year = (153 * month_index + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1 January 1970 (the inverse of [`Date::days_since_epoch`]),
    /// for "today" from the system clock.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// The way GOV.UK writes dates: "31 August 2025".
    pub fn long(self) -> String {
        let month = MONTHS[usize::from(self.month - 1)];
        let mut text = String::with_capacity(month.len() + 8);
        if self.day >= 10 {
            text.push(char::from(b'0' + self.day / 10));
        }
        text.push(char::from(b'0' + self.day % 10));
        text.push(' ');
        text.push_str(month);
        text.push(' ');
        text.push_str(&self.year.to_string());
        text
    }

    /// Finds a date inside a file name such as `..._as_at_2025-08-31.csv` or
    /// `links_edubasealldata20250422.csv`, so an import can be dated without asking.
    pub fn find_in_file_name(name: &str) -> Option<Date> {
        for (start, _) in name.char_indices() {
            let Some(rest) = name.get(start..) else {
                continue;
            };
            if let Some(date) = rest.get(..10).and_then(Date::parse) {
                if date.year > 1990 && rest.as_bytes().get(4) == Some(&b'-') {
                    return Some(date);
                }
            }
            let digits = |range: std::ops::Range<usize>| {
                rest.get(range)
                    .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            };
            if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(4..6), digits(6..8)) {
                if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
                    if let Some(date) = Date::new(y, m, d).filter(|d| d.year > 1990) {
                        return Some(date);
                    }
                }
            }
        }
        None
    }
}

/// Finds the academic year in a file name such as `ks2_2018-19.csv` or
/// `2021-2022_england_ks5final.csv` and writes it the way DfE does, `2018/19`. Performance
/// tables describe an academic year, not a day, so their files are dated this way. A pair of
/// years only counts when the second follows the first (`2025-08-31` is not a year).
pub fn academic_year_in_file_name(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    let digits_at = |start: usize, len: usize| {
        bytes
            .get(start..start + len)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let number = |start: usize, len: usize| name.get(start..start + len)?.parse::<u16>().ok();
    for start in 0..bytes.len() {
        let starts_a_number = start == 0 || !bytes[start - 1].is_ascii_digit();
        let separated = matches!(bytes.get(start + 4), Some(b'-' | b'_'));
        if !starts_a_number || !separated || !digits_at(start, 4) {
            continue;
        }
        let Some(first) = number(start, 4).filter(|y| *y > 1990) else {
            continue;
        };
        let second = start + 5;
        let ends_at = |end: usize| !bytes.get(end).is_some_and(u8::is_ascii_digit);
        let follows = if digits_at(second, 4) && ends_at(second + 4) {
            number(second, 4) == Some(first + 1)
        } else if digits_at(second, 2) && ends_at(second + 2) {
            number(second, 2) == Some((first + 1) % 100)
        } else {
            false
        };
        if follows {
            return Some(format!("{first}/{:02}", (first + 1) % 100));
        }
    }
    None
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Dates travel as ISO 8601 text (`2025-08-31`), so the API describes them as such.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Date {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Date,
            )))
            .description(Some("A calendar date, ISO 8601 (`2025-08-31`)."))
            .into()
    }
}

/// Named so the document refers to one `Date` schema.
#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Date {}

impl fmt::Display for Date {
    /// ISO 8601, the form stored and served by the API. Written digit by digit: pages and
    /// API answers write thousands of dates, and padded `write!` was a tenth of their time.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.year > 9999 {
            return write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day);
        }
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (y, m, d) = (self.year, u16::from(self.month), u16::from(self.day));
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Date {
    /// The ISO 8601 text, written straight into the output.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value).ok_or_else(|| format!("not a date: {value:?}"))
    }
}

impl From<Date> for String {
    fn from(value: Date) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_epoch_counts_calendar_days() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        let a = Date::new(2027, 2, 28).unwrap().days_since_epoch();
        assert_eq!(Date::new(2027, 3, 1).unwrap().days_since_epoch() - a, 1);
        let leap = Date::new(2028, 2, 28).unwrap().days_since_epoch();
        assert_eq!(Date::new(2028, 3, 1).unwrap().days_since_epoch() - leap, 2);
        for days in [0, 11_017, 20_789, 21_000, 40_000] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
    }

    #[test]
    fn parses_the_three_published_forms() {
        let expected = Date::new(2025, 8, 31).unwrap();
        assert_eq!(Date::parse("31/08/2025"), Some(expected));
        assert_eq!(Date::parse("31-08-2025"), Some(expected));
        assert_eq!(Date::parse("2025-08-31"), Some(expected));
        assert_eq!(Date::parse("2025-08-31 00:00:00"), Some(expected));
    }

    #[test]
    fn rejects_impossible_dates_and_junk() {
        assert_eq!(Date::parse("30/02/2024"), None);
        assert_eq!(Date::parse("29/02/2023"), None);
        assert!(Date::parse("29/02/2024").is_some());
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("yesterday"), None);
        assert_eq!(Date::parse(""), None);
    }

    #[test]
    fn displays_iso_and_long_forms() {
        let date = Date::new(2025, 8, 31).unwrap();
        assert_eq!(date.to_string(), "2025-08-31");
        assert_eq!(Date::new(999, 1, 2).unwrap().to_string(), "0999-01-02");
        assert_eq!(Date::new(2026, 12, 9).unwrap().long(), "9 December 2026");
        assert_eq!(
            serde_json::to_string(&date).unwrap(),
            "\"2025-08-31\"",
            "serialised as its ISO text"
        );
        assert_eq!(
            serde_json::from_str::<Date>("\"2025-08-31\"").unwrap(),
            date
        );
        assert_eq!(date.long(), "31 August 2025");
    }

    #[test]
    fn finds_dates_in_official_file_names() {
        assert_eq!(
            Date::find_in_file_name("state_funded_schools_inspections_as_at_2025-08-31.csv"),
            Date::new(2025, 8, 31)
        );
        assert_eq!(
            Date::find_in_file_name("links_edubasealldata20250422.csv"),
            Date::new(2025, 4, 22)
        );
        assert_eq!(Date::find_in_file_name("schools.csv"), None);
    }

    #[test]
    fn finds_academic_years_in_performance_table_file_names() {
        let year = |name| academic_year_in_file_name(name);
        assert_eq!(year("ks2_2018-19.csv").as_deref(), Some("2018/19"));
        assert_eq!(year("ks4_2018-19.csv").as_deref(), Some("2018/19"));
        assert_eq!(
            year("2021-2022_england_ks5final.csv").as_deref(),
            Some("2021/22")
        );
        assert_eq!(year("ks2_1999_00.csv").as_deref(), Some("1999/00"));
        assert_eq!(year("state_funded_schools_as_at_2025-08-31.csv"), None);
        assert_eq!(year("primary_sen_eal_fsm_2024-04.csv"), None);
        assert_eq!(year("ks2_2018-190.csv"), None);
        assert_eq!(year("ks2_12018-19.csv"), None);
        assert_eq!(year("ks2.csv"), None);
    }
}
