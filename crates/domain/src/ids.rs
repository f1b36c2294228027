//! The public identifiers people already use: URNs for establishments, Group UIDs for trusts.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Unique reference number of an establishment in Get Information About Schools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Urn(pub i64);

/// GIAS identifier of a group (academy trust, federation, sponsor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct GroupUid(pub i64);

/// Parses a whole number that spreadsheets may have written as `100000.0`.
pub fn parse_whole_number(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let value: f64 = text.parse().ok()?;
    (value.fract() == 0.0 && value.abs() < 1e15).then_some(value as i64)
}

impl Urn {
    /// Reads a URN as written in the files (`100000` or `100000.0`); URNs are positive.
    pub fn parse(text: &str) -> Option<Urn> {
        parse_whole_number(text).filter(|n| *n > 0).map(Urn)
    }
}

impl GroupUid {
    /// Reads a Group UID as written in the files; UIDs are positive.
    pub fn parse(text: &str) -> Option<GroupUid> {
        parse_whole_number(text).filter(|n| *n > 0).map(GroupUid)
    }
}

impl fmt::Display for Urn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for GroupUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_identifiers_written_as_decimals() {
        assert_eq!(Urn::parse("100000.0"), Some(Urn(100000)));
        assert_eq!(Urn::parse(" 136730 "), Some(Urn(136730)));
        assert_eq!(GroupUid::parse("17101"), Some(GroupUid(17101)));
    }

    #[test]
    fn rejects_non_identifiers() {
        assert_eq!(Urn::parse(""), None);
        assert_eq!(Urn::parse("12.5"), None);
        assert_eq!(Urn::parse("-4"), None);
        assert_eq!(Urn::parse("TR01904"), None);
    }
}
