//! Reading and writing Convene's two cookies. Both are `HttpOnly` (no script can read
//! them), `SameSite=Lax` (not sent on cross-site form posts), `Path=/`, and `Secure` when
//! the service's public address is HTTPS.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};

/// The signed-in session's id.
pub(crate) const SESSION: &str = "convene_session";
/// The CSRF token for people not signed in (the sign-in and sign-up forms).
pub(crate) const CSRF: &str = "convene_csrf";

/// How long a session lasts, in seconds (two weeks).
pub(crate) const SESSION_SECONDS: i64 = 14 * 24 * 3600;

/// A cookie's value from the request, if present and non-empty.
pub(crate) fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.to_string())
}

/// Adds a `Set-Cookie` header; `max_age` of `None` makes a cookie that ends with the
/// browser session, `Some(0)` deletes it.
pub(crate) fn set(
    headers: &mut HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
) {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_cookie_among_many() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; convene_session=abc; b=2"),
        );
        assert_eq!(read(&headers, SESSION).as_deref(), Some("abc"));
        assert_eq!(read(&headers, CSRF), None);
    }

    #[test]
    fn writes_protective_attributes() {
        let mut headers = HeaderMap::new();
        set(&mut headers, SESSION, "abc", Some(60), true);
        let cookie = headers.get(SET_COOKIE).unwrap().to_str().unwrap();
        assert_eq!(
            cookie,
            "convene_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure"
        );
    }
}
