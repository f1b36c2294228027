//! Words to documents: an `fst` map of every distinct word, so each search word finds the
//! words it is, starts, or is one typo away from without scanning every name.

use fst::automaton::{Levenshtein, Str};
use fst::{Automaton, IntoStreamer, Map, Streamer};
use std::collections::BTreeMap;

/// Search words this long or longer may match a word one edit (an insertion, deletion or
/// substitution) away: the usual rule, since shorter words have too many neighbours.
pub const FUZZY_FROM_CHARS: usize = 5;

/// How well one search word matched one document, higher is better. Fuzzy matches are
/// `1` and `2`, so any whole-word or prefix match beats any fuzzy one.
pub type Quality = u8;

const FUZZY_OTHER: Quality = 1;
const FUZZY_NAME: Quality = 2;
const PREFIX_OTHER: Quality = 3;
const PREFIX_NAME: Quality = 4;
const EXACT_OTHER: Quality = 5;
const EXACT_NAME: Quality = 6;

/// Whether a match quality came from a typo-tolerant match.
pub fn is_fuzzy(quality: Quality) -> bool {
    quality <= FUZZY_NAME
}

/// One occurrence of a word: in which document, and whether in its name (which counts for
/// more than its town, local authority or postcode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Posting {
    doc: u32,
    in_name: bool,
}

/// An inverted index from words to the documents holding them.
pub struct TextIndex {
    terms: Map<Vec<u8>>,
    postings: Vec<Vec<Posting>>,
    docs: usize,
}

impl TextIndex {
    /// Indexes documents given as (name words, other words), numbered in order.
    pub fn build(docs: &[(Vec<String>, Vec<String>)]) -> TextIndex {
        let mut by_term: BTreeMap<&str, Vec<Posting>> = BTreeMap::new();
        for (doc, (name, other)) in docs.iter().enumerate() {
            let doc = u32::try_from(doc).unwrap_or(u32::MAX);
            for (words, in_name) in [(name, true), (other, false)] {
                for word in words {
                    by_term
                        .entry(word.as_str())
                        .or_default()
                        .push(Posting { doc, in_name });
                }
            }
        }
        let mut postings = Vec::with_capacity(by_term.len());
        let mut keys = Vec::with_capacity(by_term.len());
        for (id, (term, mut list)) in by_term.into_iter().enumerate() {
            list.sort_unstable();
            list.dedup();
            postings.push(list);
            keys.push((term, id as u64));
        }
        let terms = Map::from_iter(keys).unwrap_or_default();
        TextIndex {
            terms,
            postings,
            docs: docs.len(),
        }
    }

    /// For every document matching `word`, how well (the best over its words). `best`
    /// must hold one zero per document and is left filled; `touched` lists the documents set.
    pub fn match_word(&self, word: &str, best: &mut [Quality], touched: &mut Vec<u32>) {
        debug_assert_eq!(best.len(), self.docs);
        let mut stream = self
            .terms
            .search(Str::new(word).starts_with())
            .into_stream();
        while let Some((term, id)) = stream.next() {
            let exact = term == word.as_bytes();
            self.mark(id, exact_or_prefix(exact), best, touched);
        }
        if word.chars().count() >= FUZZY_FROM_CHARS {
            if let Ok(automaton) = Levenshtein::new(word, 1) {
                let prefix = Str::new(word).starts_with();
                let mut stream = self
                    .terms
                    .search(automaton.intersection(prefix.complement()))
                    .into_stream();
                while let Some((_, id)) = stream.next() {
                    self.mark(id, (FUZZY_OTHER, FUZZY_NAME), best, touched);
                }
            }
        }
    }

    fn mark(
        &self,
        term: u64,
        (other, name): (Quality, Quality),
        best: &mut [Quality],
        touched: &mut Vec<u32>,
    ) {
        let Some(list) = usize::try_from(term)
            .ok()
            .and_then(|t| self.postings.get(t))
        else {
            return;
        };
        for posting in list {
            let quality = if posting.in_name { name } else { other };
            if let Some(slot) = best.get_mut(posting.doc as usize) {
                if *slot == 0 {
                    touched.push(posting.doc);
                }
                *slot = (*slot).max(quality);
            }
        }
    }
}

fn exact_or_prefix(exact: bool) -> (Quality, Quality) {
    if exact {
        (EXACT_OTHER, EXACT_NAME)
    } else {
        (PREFIX_OTHER, PREFIX_NAME)
    }
}
