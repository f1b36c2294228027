//! Search: what a person typed, understood, plus the filters they chose.

use crate::organisation::{GroupKind, Phase};
use crate::place::Region;
use crate::summary::{SchoolSummary, TrustSummary};
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
        if upper
            .strip_prefix("TR")
            .is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
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
    if !upper.is_ascii() {
        return false;
    }
    let parts: Vec<&str> = upper.split_whitespace().collect();
    let (outward, inward) = match parts.as_slice() {
        [out] if out.len() >= 5 && out.len() <= 7 => match out.split_at_checked(out.len() - 3) {
            Some((o, i)) => (o, Some(i)),
            None => return false,
        },
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
    let inward_starts = compact.len().saturating_sub(3);
    match compact.split_at_checked(inward_starts) {
        Some((outward, inward)) if !outward.is_empty() => format!("{outward} {inward}"),
        _ => compact,
    }
}

/// The longest search text accepted, in characters: longer than any school or trust name
/// with its town, and short enough that no search is expensive.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The most words a search may have: each word is one more condition to check against
/// every name, so a thousand-word search would cost a thousand times as much.
pub const MAX_SEARCH_WORDS: usize = 12;

/// Refuses search text beyond [`MAX_SEARCH_CHARS`] or [`MAX_SEARCH_WORDS`], with a
/// message that says what to do, so every search costs a bounded amount of work.
pub fn check_search_text(text: &str) -> Result<(), String> {
    if text.split_whitespace().count() > MAX_SEARCH_WORDS {
        return Err(format!(
            "The search has too many words: use at most {MAX_SEARCH_WORDS}."
        ));
    }
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(format!(
            "The search is too long: use at most {MAX_SEARCH_CHARS} characters."
        ));
    }
    Ok(())
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

/// A school with the facts search matches and filters on beyond its list entry, as the
/// store hands them to the search index (so the index needs no database).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchableSchool {
    /// What a list shows, and the filters' fields (phase, type, judgement, region, LA).
    pub summary: SchoolSummary,
    /// Its LAESTAB, which people type as often as the URN.
    pub laestab: Option<i64>,
    /// Its current trust's Group ID (`TR01904`), so a trust's ID finds its schools.
    pub trust_group_id: Option<String>,
}

/// A trust or other group with the facts search matches and filters on.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchableTrust {
    /// What a list shows, and the kind and status filters' fields.
    pub summary: TrustSummary,
    /// Its town, matched like a school's town.
    pub town: Option<String>,
    /// Its postcode, for postcode searches.
    pub postcode: Option<String>,
    /// The regions of its current schools, for the region filter.
    pub regions: Vec<Region>,
}

/// Every school and trust, for building the search index once per import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Searchable {
    /// Every school, open or closed.
    pub schools: Vec<SearchableSchool>,
    /// Every group, of every kind.
    pub trusts: Vec<SearchableTrust>,
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

    #[test]
    fn search_text_is_bounded_in_characters_and_words() {
        assert!(check_search_text("st mary's church of england primary school").is_ok());
        assert!(check_search_text(&"é".repeat(MAX_SEARCH_CHARS)).is_ok());
        assert!(check_search_text(&"é".repeat(MAX_SEARCH_CHARS + 1)).is_err());
        assert!(check_search_text(&"a ".repeat(MAX_SEARCH_WORDS)).is_ok());
        let words = check_search_text(&"a ".repeat(MAX_SEARCH_WORDS + 1)).unwrap_err();
        assert!(words.contains("too many words"), "{words}");
    }

    #[test]
    fn no_text_makes_interpretation_panic() {
        for text in [
            "ééé",
            "st\u{2019}s",
            "0\u{10000}",
            "TR",
            "TRé1",
            "é1234",
            "AB1 2CD\u{301}",
            "\u{0}",
            "ＴＲ０１",
        ] {
            let _ = SearchTerm::interpret(text);
            let _ = normalise_postcode(text);
        }
        assert_eq!(SearchTerm::interpret("ééé"), SearchTerm::Text("ééé".into()));
        assert_eq!(normalise_postcode("mk57bs"), "MK5 7BS");
        assert_eq!(normalise_postcode("ab"), "AB");
    }
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
