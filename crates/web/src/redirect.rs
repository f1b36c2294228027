//! Every redirect Convene sends is made here, so one check decides what a `Location` may
//! hold: a path on this site and nothing else. Browsers forgive a great deal (`/\t/evil`,
//! `/\evil`, `//evil` all lead off-site), so the check is strict rather than clever.
//! `clippy.toml` forbids axum's own redirect constructors everywhere else.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Where to go when a target is refused: the home page is always safe.
const FALLBACK: &str = "/";

/// A same-site absolute path (with any query), safe to put in a `Location` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalPath(String);

impl LocalPath {
    /// Accepts only `/` followed by printable ASCII: no scheme, no `//` or `/\` (which
    /// browsers read as another host), no backslash anywhere, and no control or
    /// whitespace characters (browsers strip tabs and newlines, turning `/\t/evil.com`
    /// into `//evil.com`). Non-ASCII must arrive percent-encoded.
    pub(crate) fn parse(target: &str) -> Option<LocalPath> {
        let bytes = target.as_bytes();
        let starts_local = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/'));
        let printable = bytes.iter().all(|b| b.is_ascii_graphic() && *b != b'\\');
        (starts_local && printable).then(|| LocalPath(target.to_string()))
    }

    /// The path as text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `303 See Other` to a path built by Convene itself (after a form, to the page it
/// changed). A path that fails the check goes to the home page instead of anywhere else.
pub(crate) fn see_other(target: &str) -> Response {
    respond(StatusCode::SEE_OTHER, target)
}

/// `308 Permanent Redirect`, for an old or alternative address of the same page.
pub(crate) fn permanent(target: &str) -> Response {
    respond(StatusCode::PERMANENT_REDIRECT, target)
}

fn respond(status: StatusCode, target: &str) -> Response {
    let path = LocalPath::parse(target).unwrap_or_else(|| LocalPath(FALLBACK.to_string()));
    let location =
        HeaderValue::from_str(path.as_str()).unwrap_or(HeaderValue::from_static(FALLBACK));
    (status, [(header::LOCATION, location)]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_on_this_site() {
        for path in [
            "/",
            "/trusts/17101",
            "/search?q=st+mary%27s&page=2",
            "/notes?mine=1",
        ] {
            assert_eq!(LocalPath::parse(path).map(|p| p.0), Some(path.to_string()));
        }
    }

    #[test]
    fn refuses_everything_a_browser_could_take_off_site() {
        for target in [
            "",
            "evil.com",
            "https://evil.com",
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "/\t/evil.com",
            "/\n/evil.com",
            "/\r/evil.com",
            "/\u{b}/evil.com",
            "/\0/evil.com",
            "/ /evil.com",
            "/\u{a0}/evil.com",
            "/\u{2028}/evil.com",
            "/é",
            "javascript:alert(1)",
        ] {
            assert_eq!(LocalPath::parse(target), None, "{target:?} was accepted");
        }
    }

    #[test]
    fn a_refused_target_goes_home_and_never_panics() {
        for target in ["/\n/x", "//evil.com", "\u{0}"] {
            let response = see_other(target);
            assert_eq!(response.status(), StatusCode::SEE_OTHER);
            assert_eq!(response.headers()[header::LOCATION], "/");
        }
        let response = permanent("/trusts/1");
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT);
        assert_eq!(response.headers()[header::LOCATION], "/trusts/1");
    }
}
