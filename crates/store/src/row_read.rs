//! Reading Convene's own values out of a row: organisations by key, dates as ISO text and
//! improvement areas as keys separated by commas. One home, so every capability reports a value it cannot read the same way.

use crate::StoreError;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::party::OrgRef;
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A stored value that does not read back: the database was changed outside Convene.
pub(crate) fn corrupt(what: &str, value: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what} {value}"))
}

/// The organisation whose key is in `column`.
pub(crate) fn org_at(row: &AnyRow, column: &str) -> Result<OrgRef, StoreError> {
    let key: String = row.try_get(column)?;
    OrgRef::parse(&key).ok_or_else(|| corrupt("organisation", key))
}

/// The date in `column`.
pub(crate) fn date_at(row: &AnyRow, column: &str) -> Result<Date, StoreError> {
    let text: String = row.try_get(column)?;
    Date::parse(&text).ok_or_else(|| corrupt("date", text))
}

/// Improvement areas as stored: keys separated by commas.
pub(crate) fn focus_text(focus: &[ImprovementArea]) -> String {
    focus.iter().map(|a| a.key()).collect::<Vec<_>>().join(",")
}

/// Improvement areas read back from [`focus_text`].
pub(crate) fn focus_from(text: &str) -> Result<Vec<ImprovementArea>, StoreError> {
    text.split(',')
        .filter(|k| !k.is_empty())
        .map(|k| ImprovementArea::from_key(k).ok_or_else(|| corrupt("focus area", k)))
        .collect()
}
