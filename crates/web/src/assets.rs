//! Static files compiled into the binary: the GOV.UK Frontend stylesheet and script (without
//! the GDS Transport font, crest and crown icons, which are for gov.uk only), and Convene's
//! own stylesheet and scripts.
//!
//! They are embedded so that the server runs with no network and no files beside it, and so
//! that the pages always get the exact GOV.UK Frontend release they were written against.
//! `scripts/vendor-govuk-frontend.sh` copies the release into `crates/web/assets/govuk/` and
//! regenerates the table in `assets_table.rs`.
//!
//! Files are looked up by their path below `/assets/`.

include!("assets_table.rs");

/// An embedded static file, with what a response needs to serve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// The `Content-Type` to send it with.
    pub content_type: &'static str,
    /// The file's content.
    pub bytes: &'static [u8],
}

/// Looks up an embedded file by its URL path below `/assets/` (e.g.
/// "govuk-frontend.min.css", "convene.css"), so the
/// `/assets/{*path}` route can answer from memory; `None` for any other path.
pub fn asset(path: &str) -> Option<Asset> {
    ASSETS
        .iter()
        .find(|(name, _, _)| *name == path)
        .map(|&(_, content_type, bytes)| Asset {
            content_type,
            bytes,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_govuk_stylesheet_and_script_are_embedded() {
        let css = asset("govuk-frontend.min.css").expect("stylesheet");
        assert_eq!(css.content_type, "text/css; charset=utf-8");
        assert!(css.bytes.len() > 10_000);
        let js = asset("govuk-frontend.min.js").expect("script");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        assert!(asset("convene.css").is_some());
    }

    #[test]
    fn every_file_the_govuk_stylesheet_refers_to_is_embedded() {
        let css = std::str::from_utf8(asset("govuk-frontend.min.css").unwrap().bytes).unwrap();
        for part in css.split("url(/assets/").skip(1) {
            let (path, _) = part.split_once(')').expect("closing bracket");
            assert!(
                asset(path).is_some(),
                "{path} is referred to but not embedded"
            );
        }
    }

    #[test]
    fn nothing_reserved_for_gov_uk_is_served() {
        let css = std::str::from_utf8(asset("govuk-frontend.min.css").unwrap().bytes).unwrap();
        assert!(!css.contains("GDS Transport"), "the GOV.UK font is named");
        assert!(!css.contains("@font-face"), "a font is loaded");
        assert!(!css.contains("govuk-crest"), "the Royal Arms crest is used");
        for (name, _, _) in ASSETS {
            assert!(
                !name.starts_with("fonts/")
                    && !name.contains("crest")
                    && !name.contains("govuk-icon")
                    && !name.contains("favicon"),
                "{name} is for gov.uk only"
            );
        }
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert!(asset("../Cargo.toml").is_none());
        assert!(asset("").is_none());
        assert!(asset("fonts/").is_none());
    }
}
