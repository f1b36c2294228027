//! Search people can rely on: every school and trust held in memory, found by identifier
//! (URN, LAESTAB, Group UID, Group ID, Companies House number, postcode) or by the words
//! of their names, towns and local authorities, ignoring case, accents and apostrophes and
//! forgiving one typo per long word, then ranked. Built from plain domain values once per
//! import; the web layer holds it. No SQL, no HTTP.
//!
//! Ranking, best first:
//! 1. identifier matches: an exact URN, Group UID or full postcode before a LAESTAB,
//!    Companies House number or partial postcode;
//! 2. for words, every search word must match a word of the record (as the whole word, its
//!    start, or one edit away); records with fewer typo-matched words come first, then
//!    those whose name starts with the search, then whole-word above prefix matches and
//!    name above town or local authority matches;
//! 3. then a stable order: schools by name and URN, trusts by open schools (most first),
//!    name and Group UID.

mod normalise;
mod text_index;

pub use normalise::words;
pub use text_index::FUZZY_FROM_CHARS;

use convene_domain::organisation::{GroupKind, Status};
use convene_domain::search::{
    limit_offset, normalise_postcode, Page, SchoolQuery, SearchTerm, Searchable, SearchableSchool,
    SearchableTrust, TrustQuery, MAX_SEARCH_WORDS,
};
use convene_domain::summary::{SchoolSummary, TrustSummary};
use std::cmp::Reverse;
use text_index::{is_fuzzy, Quality, TextIndex};

/// Every school and trust, ready to search. Cheap to share behind an `Arc`; rebuilt, not
/// updated, when the data changes.
pub struct SearchIndex {
    schools: Corpus<SearchableSchool>,
    trusts: Corpus<SearchableTrust>,
}

/// One kind of record: the records in their stable order, their words, and their names'
/// words joined, for "name starts with the search".
struct Corpus<T> {
    docs: Vec<T>,
    postcodes: Vec<Option<String>>,
    names: Vec<String>,
    text: TextIndex,
}

impl<T> Corpus<T> {
    fn build(
        docs: Vec<T>,
        name: impl Fn(&T) -> &str,
        other: impl Fn(&T) -> Vec<&str>,
        postcode: impl Fn(&T) -> Option<&str>,
    ) -> Corpus<T> {
        let words_of: Vec<(Vec<String>, Vec<String>)> = docs
            .iter()
            .map(|doc| {
                let others = other(doc)
                    .into_iter()
                    .chain(postcode(doc))
                    .flat_map(words)
                    .collect();
                (words(name(doc)), others)
            })
            .collect();
        Corpus {
            text: TextIndex::build(&words_of),
            names: words_of.iter().map(|(name, _)| name.join(" ")).collect(),
            postcodes: docs
                .iter()
                .map(|doc| postcode(doc).map(normalise_postcode))
                .collect(),
            docs,
        }
    }

    /// The documents matching `term` and `keep`, the best `needed` first and in order (the
    /// rest follow in no particular order: a page needs only its own rows sorted, while the
    /// total still counts every match).
    fn ranked(
        &self,
        term: &SearchTerm,
        text: &str,
        needed: usize,
        keep: impl Fn(&T) -> bool,
        identifier: impl Fn(&T, &SearchTerm) -> Option<u8>,
    ) -> Vec<u32> {
        let kept = |doc: u32| self.docs.get(doc as usize).is_some_and(&keep);
        match term {
            SearchTerm::Empty => (0..self.docs.len() as u32).filter(|&d| kept(d)).collect(),
            SearchTerm::Text(_) => self.ranked_words(text, needed, kept),
            SearchTerm::Postcode(code) => {
                let mut found: Vec<(u8, u32)> = self
                    .postcodes
                    .iter()
                    .enumerate()
                    .filter_map(|(d, p)| Some((postcode_rank(p.as_deref()?, code)?, d as u32)))
                    .filter(|&(_, d)| kept(d))
                    .collect();
                found.sort_unstable();
                found.into_iter().map(|(_, d)| d).collect()
            }
            SearchTerm::Number(_) | SearchTerm::GroupId(_) => {
                let mut found: Vec<(u8, u32)> = self
                    .docs
                    .iter()
                    .enumerate()
                    .filter_map(|(d, doc)| Some((identifier(doc, term)?, d as u32)))
                    .filter(|&(_, d)| kept(d))
                    .collect();
                found.sort_unstable();
                found.into_iter().map(|(_, d)| d).collect()
            }
        }
    }

    fn ranked_words(&self, text: &str, needed: usize, kept: impl Fn(u32) -> bool) -> Vec<u32> {
        let query: Vec<String> = words(text).into_iter().take(MAX_SEARCH_WORDS).collect();
        if query.is_empty() {
            return Vec::new();
        }
        let mut best: Vec<Quality> = vec![0; self.docs.len()];
        let mut touched = Vec::new();
        // (document, typo-matched words, summed quality)
        let mut candidates: Vec<(u32, u32, u32)> = Vec::new();
        for (i, word) in query.iter().enumerate() {
            touched.clear();
            self.text.match_word(word, &mut best, &mut touched);
            let quality = |d: u32| best.get(d as usize).copied().unwrap_or(0);
            if i == 0 {
                candidates = touched
                    .iter()
                    .filter(|&&d| kept(d))
                    .map(|&d| {
                        let q = quality(d);
                        (d, u32::from(is_fuzzy(q)), u32::from(q))
                    })
                    .collect();
            } else {
                candidates.retain_mut(|(d, fuzzy, score)| {
                    let q = quality(*d);
                    *fuzzy += u32::from(is_fuzzy(q));
                    *score += u32::from(q);
                    q > 0
                });
            }
            for &d in &touched {
                if let Some(slot) = best.get_mut(d as usize) {
                    *slot = 0;
                }
            }
        }
        let phrase = query.join(" ");
        let mut keyed: Vec<_> = candidates
            .into_iter()
            .map(|(d, fuzzy, score)| {
                let starts = self
                    .names
                    .get(d as usize)
                    .is_some_and(|n| n.starts_with(&phrase));
                ((fuzzy, !starts, Reverse(score), d), d)
            })
            .collect();
        if needed < keyed.len() {
            keyed.select_nth_unstable_by_key(needed, |(key, _)| *key);
            if let Some(top) = keyed.get_mut(..needed) {
                top.sort_unstable_by_key(|(key, _)| *key);
            }
        } else {
            keyed.sort_unstable_by_key(|(key, _)| *key);
        }
        keyed.into_iter().map(|(_, d)| d).collect()
    }

    fn page<S: Clone>(
        &self,
        ranked: &[u32],
        page: u32,
        per_page: u32,
        item: impl Fn(&T) -> &S,
    ) -> Page<S> {
        let (limit, offset) = limit_offset(page, per_page);
        Page {
            items: ranked
                .iter()
                .skip(offset as usize)
                .take(limit as usize)
                .filter_map(|&d| self.docs.get(d as usize).map(&item).cloned())
                .collect(),
            total: ranked.len() as u64,
            page: page.max(1),
            per_page: limit,
        }
    }

    fn all<S: Clone>(&self, ranked: &[u32], max_rows: u32, item: impl Fn(&T) -> &S) -> Vec<S> {
        ranked
            .iter()
            .take(max_rows as usize)
            .filter_map(|&d| self.docs.get(d as usize).map(&item).cloned())
            .collect()
    }
}

/// How a stored postcode matches a searched one: `0` the whole postcode, `1` a district
/// ("MK5" finds "MK5 7BS" but not "MK50 1AA") or the start of a full one.
fn postcode_rank(stored: &str, searched: &str) -> Option<u8> {
    if stored == searched {
        Some(0)
    } else if searched.contains(' ') {
        stored.starts_with(searched).then_some(1)
    } else {
        stored
            .strip_prefix(searched)
            .is_some_and(|rest| rest.starts_with(' '))
            .then_some(1)
    }
}

impl SearchIndex {
    /// Indexes every school and trust.
    pub fn build(searchable: Searchable) -> SearchIndex {
        let mut schools = searchable.schools;
        schools.sort_by(|a, b| {
            (&a.summary.name, a.summary.urn.0).cmp(&(&b.summary.name, b.summary.urn.0))
        });
        let mut trusts = searchable.trusts;
        trusts.sort_by(|a, b| {
            (Reverse(a.summary.schools), &a.summary.name, a.summary.uid.0).cmp(&(
                Reverse(b.summary.schools),
                &b.summary.name,
                b.summary.uid.0,
            ))
        });
        SearchIndex {
            schools: Corpus::build(
                schools,
                |s| &s.summary.name,
                |s| {
                    [&s.summary.town, &s.summary.la_name]
                        .into_iter()
                        .flatten()
                        .map(String::as_str)
                        .collect()
                },
                |s| s.summary.postcode.as_deref(),
            ),
            trusts: Corpus::build(
                trusts,
                |t| &t.summary.name,
                |t| t.town.iter().map(String::as_str).collect(),
                |t| t.postcode.as_deref(),
            ),
        }
    }

    /// How many schools and trusts are indexed.
    pub fn len(&self) -> (usize, usize) {
        (self.schools.docs.len(), self.trusts.docs.len())
    }

    /// Whether nothing is indexed (an empty database).
    pub fn is_empty(&self) -> bool {
        self.schools.docs.is_empty() && self.trusts.docs.is_empty()
    }

    /// One page of the schools matching `query`, best first, with the total.
    pub fn search_schools(&self, query: &SchoolQuery) -> Page<SchoolSummary> {
        let ranked = self.ranked_schools(query, rows_through(query.page, query.per_page));
        self.schools
            .page(&ranked, query.page, query.per_page, |s| &s.summary)
    }

    /// Every school matching `query` (ignoring paging) in the same order, up to `max_rows`,
    /// for downloads.
    pub fn all_schools(&self, query: &SchoolQuery, max_rows: u32) -> Vec<SchoolSummary> {
        self.schools.all(
            &self.ranked_schools(query, max_rows as usize),
            max_rows,
            |s| &s.summary,
        )
    }

    /// One page of the trusts matching `query`, best first, with the total.
    pub fn search_trusts(&self, query: &TrustQuery) -> Page<TrustSummary> {
        let ranked = self.ranked_trusts(query, rows_through(query.page, query.per_page));
        self.trusts
            .page(&ranked, query.page, query.per_page, |t| &t.summary)
    }

    /// Every trust matching `query` (ignoring paging) in the same order, up to `max_rows`.
    pub fn all_trusts(&self, query: &TrustQuery, max_rows: u32) -> Vec<TrustSummary> {
        self.trusts.all(
            &self.ranked_trusts(query, max_rows as usize),
            max_rows,
            |t| &t.summary,
        )
    }

    fn ranked_schools(&self, query: &SchoolQuery, needed: usize) -> Vec<u32> {
        let term = SearchTerm::interpret(&query.text);
        self.schools.ranked(
            &term,
            &query.text,
            needed,
            |s| school_kept(&s.summary, query),
            |s, term| match term {
                SearchTerm::Number(n) if s.summary.urn.0 == *n => Some(0),
                SearchTerm::Number(n) if s.laestab == Some(*n) => Some(1),
                SearchTerm::GroupId(id) if s.trust_group_id.as_deref() == Some(id.as_str()) => {
                    Some(0)
                }
                _ => None,
            },
        )
    }

    fn ranked_trusts(&self, query: &TrustQuery, needed: usize) -> Vec<u32> {
        let term = SearchTerm::interpret(&query.text);
        self.trusts.ranked(
            &term,
            &query.text,
            needed,
            |t| trust_kept(t, query),
            |t, term| match term {
                SearchTerm::Number(n) if t.summary.uid.0 == *n => Some(0),
                SearchTerm::Number(n)
                    if t.summary
                        .companies_house_number
                        .as_deref()
                        .is_some_and(|c| c == n.to_string() || c == format!("{n:08}")) =>
                {
                    Some(1)
                }
                SearchTerm::GroupId(id) if t.summary.group_id.as_deref() == Some(id.as_str()) => {
                    Some(0)
                }
                _ => None,
            },
        )
    }
}

/// How many results must be in order to show the page: every row up to its last.
fn rows_through(page: u32, per_page: u32) -> usize {
    let (limit, offset) = limit_offset(page, per_page);
    offset as usize + limit as usize
}

/// Whether a school passes the query's filters (everything but the search text).
fn school_kept(s: &SchoolSummary, q: &SchoolQuery) -> bool {
    q.phase.is_none_or(|p| s.phase == p)
        && q.type_name.as_ref().is_none_or(|t| &s.type_name == t)
        && q.judgement.is_none_or(|j| s.ofsted_overall == Some(j))
        && q.region.is_none_or(|r| s.region == Some(r))
        && q.la_code.is_none_or(|la| s.la_code == Some(la))
        && (q.include_closed || s.status != Status::Closed)
}

/// Whether a trust passes the query's filters: its kind (academy trusts unless another kind
/// is asked for), a current school in the region, and open unless closed ones are included.
fn trust_kept(t: &SearchableTrust, q: &TrustQuery) -> bool {
    let kind_ok = match q.kind {
        Some(kind) => t.summary.kind == kind,
        None => matches!(
            t.summary.kind,
            GroupKind::MultiAcademyTrust | GroupKind::SingleAcademyTrust
        ),
    };
    kind_ok
        && q.region.is_none_or(|r| t.regions.contains(&r))
        && (q.include_closed || t.summary.status != Status::Closed)
}

#[cfg(test)]
mod tests;
