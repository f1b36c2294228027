//! Calendar dates as the published files write them.
//!
//! DfE and Ofsted files mix `31/08/2025`, `31-08-2025` and `2025-08-31`; everything inside
//! Convene is one [`Date`] so that comparisons and display are uniform.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (no time zone: the published data is dated by day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
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

    /// The way GOV.UK writes dates: "31 August 2025".
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[usize::from(self.month - 1)],
            self.year
        )
    }

    /// Finds a date inside a file name such as `..._as_at_2025-08-31.csv` or
    /// `links_edubasealldata20250422.csv`, so an import can be dated without asking.
    pub fn find_in_file_name(name: &str) -> Option<Date> {
        let bytes = name.as_bytes();
        for start in 0..bytes.len() {
            let rest = &name[start..];
            if rest.len() >= 10 {
                if let Some(date) = Date::parse(&rest[..10]).filter(|d| d.year > 1990) {
                    if rest.as_bytes()[4] == b'-' {
                        return Some(date);
                    }
                }
            }
            if rest.len() >= 8 && rest.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
                let (y, m, d) = (&rest[..4], &rest[4..6], &rest[6..8]);
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

impl fmt::Display for Date {
    /// ISO 8601, the form stored and served by the API.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
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
}
