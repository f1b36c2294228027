//! Turning a downloaded file's bytes into text.
//!
//! The published files come in three encodings: UTF-8, UTF-8 with a byte-order mark, and
//! Windows-1252 (GIAS' own downloads). People must not have to know which one they have.

use std::borrow::Cow;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes a published file: strips a UTF-8 byte-order mark, reads valid UTF-8 as is, and
/// reads anything else as Windows-1252, the encoding GIAS downloads use.
///
/// UTF-8 text holding C1 control characters (U+0080 to U+009F) has been through a
/// Windows-1252 to Latin-1 mix-up on its way to UTF-8 (the Ofsted file writes its en dashes
/// this way); those characters are given back their Windows-1252 meaning.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) if has_c1_controls(text) => Cow::Owned(repair_c1_controls(text)),
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

fn is_c1_control(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

/// In UTF-8, C1 controls are encoded as 0xC2 followed by 0x80..=0x9F, so scanning bytes is
/// enough and keeps the common case allocation-free.
fn has_c1_controls(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|pair| pair[0] == 0xC2 && (0x80..=0x9F).contains(&pair[1]))
}

fn repair_c1_controls(text: &str) -> String {
    let mut repaired = String::with_capacity(text.len());
    for c in text.chars() {
        if is_c1_control(c) {
            repaired.push(windows_1252_char(c));
        } else {
            repaired.push(c);
        }
    }
    repaired
}

/// The character Windows-1252 puts at the code of a C1 control, or the control itself where
/// Windows-1252 leaves the code undefined.
fn windows_1252_char(c: char) -> char {
    let byte = [u8::try_from(u32::from(c)).unwrap_or(b'?')];
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&byte)
        .0
        .chars()
        .next()
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &str = "St Mary’s Church of England Primary School,Ærial Café School";

    fn windows_1252(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable, "test text must be encodable");
        bytes.into_owned()
    }

    #[test]
    fn reads_plain_utf8_without_copying() {
        let decoded = decode(NAMES.as_bytes());
        assert_eq!(decoded, NAMES);
        assert!(matches!(decoded, Cow::Borrowed(_)));
    }

    #[test]
    fn strips_a_utf8_byte_order_mark() {
        let mut bytes = UTF8_BOM.to_vec();
        bytes.extend_from_slice(NAMES.as_bytes());
        assert_eq!(decode(&bytes), NAMES);
    }

    #[test]
    fn reads_windows_1252_accents_and_curly_quotes() {
        let bytes = windows_1252(NAMES);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "must not be valid UTF-8"
        );
        assert_eq!(decode(&bytes), NAMES);
    }

    #[test]
    fn repairs_windows_1252_punctuation_smuggled_into_utf8_as_c1_controls() {
        assert_eq!(
            decode("Schools \u{96} Section 8 conversion".as_bytes()),
            "Schools – Section 8 conversion"
        );
        assert_eq!(decode("St Mary\u{92}s".as_bytes()), "St Mary’s");
    }

    #[test]
    fn empty_input_is_empty_text() {
        assert_eq!(decode(b""), "");
        assert_eq!(decode(UTF8_BOM), "");
    }
}
