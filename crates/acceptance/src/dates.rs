//! Days relative to today, as tests that drive dated steps (a review's start, evidence
//! gathered, an action's deadline) need them, on the same UTC clock the server uses.

use convene_domain::Date;

/// Today, in UTC.
pub fn today() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    Date::from_days_since_epoch(i64::try_from(now / 86_400).expect("days fit")).expect("a date")
}

/// The day `days` after today (before it when negative), written yyyy-mm-dd.
pub fn days_from_today(days: i64) -> String {
    Date::from_days_since_epoch(today().days_since_epoch() + days)
        .expect("a date")
        .to_string()
}
