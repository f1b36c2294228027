//! How numbers, dates and judgements are written on pages, in GOV.UK style, so the same
//! fact reads the same everywhere.

use convene_domain::{Date, Judgement};

/// A whole number with thousands separators: `21990` becomes `21,990`.
pub(crate) fn thousands(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count with its noun: "1 school", "2,345 schools".
pub(crate) fn count(n: u64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        thousands(n),
        if n == 1 { singular } else { plural }
    )
}

/// `part` as a whole percentage of `whole` ("45%"), or "0%" when there is nothing to divide.
pub(crate) fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{:.0}%", part as f64 * 100.0 / whole as f64)
}

/// A published percentage, to one decimal place.
pub(crate) fn percent(value: f64) -> String {
    format!("{value:.1}%")
}

/// An optional number, or "Not recorded".
pub(crate) fn opt_number(n: Option<i64>) -> String {
    n.map_or_else(|| NOT_RECORDED.into(), thousands)
}

/// What is shown for a fact the data does not give.
pub(crate) const NOT_RECORDED: &str = "Not recorded";

/// An optional date in GOV.UK form, or "Not recorded".
pub(crate) fn opt_date(date: Option<Date>) -> String {
    date.map_or_else(|| NOT_RECORDED.into(), Date::long)
}

/// A judgement always with its inspection date beside it, because a grade without its date
/// misleads: "Good (inspected 21 January 2015)".
pub(crate) fn judgement(judgement: Option<Judgement>, inspected: Option<Date>) -> String {
    match (judgement, inspected) {
        (Some(j), Some(d)) => format!("{} (inspected {})", j.label(), d.long()),
        (Some(j), None) => format!("{} (inspection date not recorded)", j.label()),
        (None, Some(d)) => format!("No overall grade (inspected {})", d.long()),
        (None, None) => "No inspection recorded".into(),
    }
}

/// An import time as stored (`2026-11-23T05:21:49Z`) in GOV.UK form: "23 November 2026 at
/// 05:21 UTC". Anything unexpected is shown as stored.
pub(crate) fn timestamp(iso: &str) -> String {
    match (Date::parse(iso), iso.get(11..16)) {
        (Some(date), Some(time)) if time.as_bytes().get(2) == Some(&b':') => {
            format!("{} at {time} UTC", date.long())
        }
        (Some(date), _) => date.long(),
        _ => iso.to_string(),
    }
}

/// Today's date (UTC) as yyyy-mm-dd, from the system clock.
pub(crate) fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    Date::from_days_since_epoch(days).map_or_else(String::new, |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(21_990u64), "21,990");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(-45_000), "-45,000");
    }

    #[test]
    fn counts_and_shares() {
        assert_eq!(count(1, "school", "schools"), "1 school");
        assert_eq!(count(2345, "school", "schools"), "2,345 schools");
        assert_eq!(share(1, 3), "33%");
        assert_eq!(share(0, 0), "0%");
    }

    #[test]
    fn judgements_carry_their_date() {
        let date = Date::new(2015, 1, 21);
        assert_eq!(
            judgement(Some(Judgement::Good), date),
            "Good (inspected 21 January 2015)"
        );
        assert_eq!(
            judgement(None, date),
            "No overall grade (inspected 21 January 2015)"
        );
        assert_eq!(judgement(None, None), "No inspection recorded");
    }

    #[test]
    fn timestamps_read_naturally() {
        assert_eq!(
            timestamp("2026-11-23T05:21:49Z"),
            "23 November 2026 at 05:21 UTC"
        );
        assert_eq!(timestamp("garbage"), "garbage");
    }
}
