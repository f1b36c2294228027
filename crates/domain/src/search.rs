//! Search: what a person typed, understood, plus the filters they chose.

use crate::organisation::{GroupKind, Phase};
use crate::place::Region;
use crate::Judgement;
use serde::{Deserialize, Serialize};

/// What kind of identifier or text a search box entry looks like, so "TR01904", "136730",
/// "MK5 7BS" and "Milton Keynes" each find what the person meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchTerm {
    /// Nothing typed.
    Empty,
    /// A whole number: a URN, Group UID, LAESTAB or LA code.
    Number(i64),
    /// A trust's Group ID, upper-cased (`TR01904`).
    GroupId(String),
    /// A full or partial postcode, upper-cased with single spaces (`MK5 7BS`, `MK5`).
    Postcode(String),
    /// Free text to match against names and local authorities, lower-cased.
    Text(String),
}

impl SearchTerm {
    /// Interprets a search box entry.
    pub fn interpret(input: &str) -> SearchTerm {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return SearchTerm::Empty;
        }
        if let Ok(n) = trimmed.parse::<i64>() {
            if n > 0 {
                return SearchTerm::Number(n);
            }
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper.len() > 2
            && upper.starts_with("TR")
            && upper[2..].chars().all(|c| c.is_ascii_digit())
        {
            return SearchTerm::GroupId(upper);
        }
        if looks_like_postcode(&upper) {
            let compact_len = upper.chars().filter(|c| !c.is_whitespace()).count();
            let spaced = upper.contains(' ');
            return SearchTerm::Postcode(if spaced || compact_len >= 5 {
                normalise_postcode(&upper)
            } else {
                upper
            });
        }
        SearchTerm::Text(trimmed.to_lowercase())
    }
}

/// UK postcodes: an outward code (A9, A99, AA9, AA99, A9A, AA9A), optionally an inward code
/// (9AA).
fn looks_like_postcode(upper: &str) -> bool {
    let parts: Vec<&str> = upper.split_whitespace().collect();
    let (outward, inward) = match parts.as_slice() {
        [out] if out.len() >= 5 && out.len() <= 7 => {
            let (o, i) = out.split_at(out.len() - 3);
            (o, Some(i))
        }
        [out] => (*out, None),
        [out, inw] => (*out, Some(*inw)),
        _ => return false,
    };
    let outward_ok = (2..=4).contains(&outward.len())
        && outward
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && outward.chars().any(|c| c.is_ascii_digit())
        && outward.chars().all(|c| c.is_ascii_alphanumeric());
    let inward_ok = inward.is_none_or(|i| {
        let b = i.as_bytes();
        b.len() == 3
            && b[0].is_ascii_digit()
            && b[1].is_ascii_alphabetic()
            && b[2].is_ascii_alphabetic()
    });
    outward_ok && inward_ok
}

/// Normalises a postcode for matching ("mk5  7bs" and "MK57BS" both become "MK5 7BS").
pub fn normalise_postcode(postcode: &str) -> String {
    let compact: String = postcode
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if compact.len() > 3 {
        let (outward, inward) = compact.split_at(compact.len() - 3);
        format!("{outward} {inward}")
    } else {
        compact
    }
}

/// The largest page a client may ask for; bigger exports use CSV.
pub const MAX_PER_PAGE: u32 = 500;

/// The highest page number a client may ask for. Far more pages than any search fills
/// (ten thousand pages of 500 is five million results, against some 25,000 schools), so it
/// refuses only runaway paging, and every offset it allows is small enough to compute.
pub const MAX_PAGE: u32 = 10_000;

/// A school search with filters and paging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolQuery {
    /// Search box text.
    pub text: String,
    /// Phase filter.
    pub phase: Option<Phase>,
    /// Type of establishment filter (exact published name).
    pub type_name: Option<String>,
    /// Latest overall Ofsted judgement filter.
    pub judgement: Option<Judgement>,
    /// Region filter.
    pub region: Option<Region>,
    /// Local authority filter (DfE code).
    pub la_code: Option<i64>,
    /// Include closed establishments.
    pub include_closed: bool,
    /// Page number from 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

/// A trust search with filters and paging.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrustQuery {
    /// Search box text.
    pub text: String,
    /// Only trusts with a school in this region.
    pub region: Option<Region>,
    /// Only trusts of this kind.
    pub kind: Option<GroupKind>,
    /// Include closed trusts.
    pub include_closed: bool,
    /// Page number from 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

/// Turns page and per-page into a safe (limit, offset), clamping nonsense rather than failing.
pub fn limit_offset(page: u32, per_page: u32) -> (u32, u32) {
    let per_page = per_page.clamp(1, MAX_PER_PAGE);
    let page = page.max(1);
    (per_page, (page - 1).saturating_mul(per_page))
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The results on this page.
    pub items: Vec<T>,
    /// How many results in all.
    pub total: u64,
    /// This page's number from 1.
    pub page: u32,
    /// Results per page.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// Number of pages.
    pub fn pages(&self) -> u32 {
        (self.total.div_ceil(u64::from(self.per_page.max(1)))) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interprets_identifiers() {
        assert_eq!(
            SearchTerm::interpret(" 136730 "),
            SearchTerm::Number(136730)
        );
        assert_eq!(
            SearchTerm::interpret("tr01904"),
            SearchTerm::GroupId("TR01904".into())
        );
        assert_eq!(SearchTerm::interpret(""), SearchTerm::Empty);
    }

    #[test]
    fn interprets_postcodes_full_partial_and_unspaced() {
        assert_eq!(
            SearchTerm::interpret("mk5 7bs"),
            SearchTerm::Postcode("MK5 7BS".into())
        );
        assert_eq!(
            SearchTerm::interpret("EC3A5DE"),
            SearchTerm::Postcode("EC3A 5DE".into())
        );
        assert_eq!(
            SearchTerm::interpret("NW3"),
            SearchTerm::Postcode("NW3".into())
        );
    }

    #[test]
    fn words_are_text_not_postcodes() {
        assert_eq!(
            SearchTerm::interpret("Milton Keynes"),
            SearchTerm::Text("milton keynes".into())
        );
        assert_eq!(SearchTerm::interpret("Oak"), SearchTerm::Text("oak".into()));
        assert_eq!(
            SearchTerm::interpret("St Mary's"),
            SearchTerm::Text("st mary's".into())
        );
    }

    #[test]
    fn normalises_postcodes() {
        assert_eq!(normalise_postcode("mk5  7bs"), "MK5 7BS");
        assert_eq!(normalise_postcode("EC3A5DE"), "EC3A 5DE");
    }

    #[test]
    fn paging_is_clamped() {
        assert_eq!(limit_offset(0, 0), (1, 0));
        assert_eq!(limit_offset(3, 20), (20, 40));
        assert_eq!(limit_offset(1, 10_000), (MAX_PER_PAGE, 0));
    }

    #[test]
    fn counts_pages() {
        let page: Page<()> = Page {
            items: vec![],
            total: 41,
            page: 1,
            per_page: 20,
        };
        assert_eq!(page.pages(), 3);
    }
}
