//! Turning names and search text into the same words, so "St Mary's", "st marys" and
//! "ST MARY’S" meet, and "ecole" finds "École".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Apostrophes people type or paste (straight, curly, modifier letter, backtick). They join
/// a word rather than split it: "Mary's" is "marys".
const APOSTROPHES: [char; 5] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}', '`'];

/// The words of `text`, lower-cased, without accents or apostrophes, split at anything
/// that is not a letter or digit. Compatibility forms are folded too (full-width letters,
/// ligatures), so what looks the same matches the same.
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.nfkd() {
        if is_combining_mark(c) || APOSTROPHES.contains(&c) {
            continue;
        }
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn case_apostrophes_and_accents_are_ignored() {
        let expected = vec!["st", "marys"];
        assert_eq!(words("st marys"), expected);
        assert_eq!(words("St Mary's"), expected);
        assert_eq!(words("ST MARY\u{2019}S"), expected);
        assert_eq!(words("St. Mary`s"), expected);
        assert_eq!(
            words("École Jeannine Manuel"),
            vec!["ecole", "jeannine", "manuel"]
        );
        assert_eq!(words("E\u{301}cole"), vec!["ecole"]);
    }

    #[test]
    fn punctuation_splits_words_and_compatibility_forms_fold() {
        assert_eq!(
            words("Church-of-England (VA) & Infants, 6th"),
            vec!["church", "of", "england", "va", "infants", "6th"]
        );
        assert_eq!(words("ＴＲ０１"), vec!["tr01"]);
        assert!(words(" '’ - & ").is_empty());
    }
}
