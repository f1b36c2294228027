//! Reading Convene's own values out of a row: organisations by key and dates as ISO
//! text. One home, so every capability reports a value it cannot read the same way.

use crate::StoreError;
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
