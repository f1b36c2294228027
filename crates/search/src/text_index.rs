//! Words to documents: an `fst` map of every distinct word, so each search word finds the
//! words it is or starts without scanning every name; and each word's one-deletion
//! neighbourhood, so the words one typo away are found with a few hash lookups.
//!
//! Typos: two words are one edit apart only if they are equal, one is the other less a
//! character, or both less one character are equal. So every indexed word is filed under
//! itself and each of its one-character deletions; a search word looks up itself and its own
//! deletions, and each candidate is then checked exactly. (A Levenshtein automaton over the
//! `fst` gives the same answer but costs 0.1 to 0.4 ms to build per search word.)

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Map, Streamer};
use std::collections::{BTreeMap, HashMap};

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
    words: Vec<String>,
    postings: Vec<Vec<Posting>>,
    neighbourhood: HashMap<String, Vec<u32>>,
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
        let mut neighbourhood: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, (term, mut list)) in by_term.into_iter().enumerate() {
            list.sort_unstable();
            list.dedup();
            postings.push(list);
            keys.push((term, id as u64));
            // A search word of FUZZY_FROM_CHARS may lose a character to match, so words one
            // shorter are filed too.
            if term.chars().count() + 1 >= FUZZY_FROM_CHARS {
                let id = u32::try_from(id).unwrap_or(u32::MAX);
                for variant in std::iter::once(term.to_string()).chain(deletions(term)) {
                    let ids = neighbourhood.entry(variant).or_default();
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        let words = keys.iter().map(|(term, _)| term.to_string()).collect();
        let terms = Map::from_iter(keys).unwrap_or_default();
        TextIndex {
            terms,
            words,
            postings,
            neighbourhood,
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
            let mut near: Vec<u32> = std::iter::once(word.to_string())
                .chain(deletions(word))
                .filter_map(|variant| self.neighbourhood.get(&variant))
                .flatten()
                .copied()
                .collect();
            near.sort_unstable();
            near.dedup();
            for id in near {
                let Some(term) = self.words.get(id as usize) else {
                    continue;
                };
                if !term.starts_with(word) && one_edit_apart(word, term) {
                    self.mark(u64::from(id), (FUZZY_OTHER, FUZZY_NAME), best, touched);
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

/// The word less each one of its characters in turn.
fn deletions(word: &str) -> impl Iterator<Item = String> + '_ {
    (0..word.chars().count()).map(move |skip| {
        word.chars()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, c)| c)
            .collect()
    })
}

/// Whether two different words are one insertion, deletion or substitution apart (a swap of
/// two letters is two edits).
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 || a == b {
        return false;
    }
    let first_difference = short
        .iter()
        .zip(long.iter())
        .position(|(x, y)| x != y)
        .unwrap_or(short.len());
    let rest_short = short.get(first_difference + usize::from(short.len() == long.len())..);
    let rest_long = long.get(first_difference + 1..);
    rest_short == rest_long
}

fn exact_or_prefix(exact: bool) -> (Quality, Quality) {
    if exact {
        (EXACT_OTHER, EXACT_NAME)
    } else {
        (PREFIX_OTHER, PREFIX_NAME)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_means_one_insertion_deletion_or_substitution() {
        for (a, b) in [
            ("academy", "acadmy"),
            ("acadmy", "academy"),
            ("harris", "harrys"),
            ("stanton", "staunton"),
            ("school", "schools"),
            ("abcde", "xbcde"),
            ("abcde", "abcdx"),
        ] {
            assert!(one_edit_apart(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("academy", "academy"),
            ("harris", "hariss"),
            ("academy", "acdmyy"),
            ("abcde", "abcdefg"),
            ("abcde", "edcba"),
        ] {
            assert!(!one_edit_apart(a, b), "{a} {b}");
        }
    }

    #[test]
    fn deletions_cut_by_characters_not_bytes() {
        let cut: Vec<String> = deletions("éco").collect();
        assert_eq!(cut, ["co", "éo", "éc"]);
    }
}
