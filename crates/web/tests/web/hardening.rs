//! What an attacker or a careless client might send: odd Unicode anywhere, redirects to
//! elsewhere, undeclared methods, searches too big to be cheap, forms from other sites; and
//! the headers every response must carry.

use crate::support::{Response, Server};
use proptest::prelude::*;

/// Percent-encodes every byte but the unreserved ones, as a browser would a form value.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn assert_answered(response: &Response, what: &str) {
    assert!(
        response.status < 500,
        "{what}: {} {}",
        response.status,
        response.body
    );
}

/// A visitor's CSRF cookie and the token its forms carry.
async fn form_credentials(server: &Server) -> (String, String) {
    let page = server.get("/sign-in").await;
    let cookie = page
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, value)| {
            value
                .split(';')
                .next()
                .filter(|c| c.starts_with("convene_csrf="))
        })
        .expect("a CSRF cookie")
        .to_string();
    let (_, rest) = page
        .body
        .split_once("name=\"csrf_token\" value=\"")
        .expect("a CSRF field");
    let token = rest.split('"').next().expect("token").to_string();
    (cookie, token)
}

async fn post_form(
    server: &Server,
    path: &str,
    cookie: &str,
    origin: &str,
    body: &str,
) -> Response {
    server
        .request(
            "POST",
            path,
            &[
                &format!("Cookie: {cookie}"),
                &format!("Origin: {origin}"),
                "Content-Type: application/x-www-form-urlencoded",
            ],
            body,
        )
        .await
}

#[tokio::test]
async fn the_inputs_that_once_went_unanswered_now_answer() {
    let server = Server::start().await;
    for path in [
        "/search?q=st%E2%80%99s",
        "/search?q=%C3%A9%C3%A9%C3%A9",
        "/trusts?q=%C3%A9%C3%A9%C3%A9",
        "/trusts/%C3%A9%C3%A9%C3%A9",
        "/api/v1/trusts/0%F0%90%80%80",
        "/api/v1/schools?q=0%F0%90%80%80",
        "/schools/%C3%A9",
        "/search.csv?q=%C3%A9%C3%A9%C3%A9",
    ] {
        assert_answered(&server.get(path).await, path);
    }
    let curly = server.get("/search?q=st%E2%80%99s").await;
    assert_eq!(curly.status, 200, "{}", curly.body);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = Server::start().await;
    for path in [
        "/",
        "/search?q=milton",
        "/api/v1/schools",
        "/api/v1/openapi.json",
        "/assets/convene.css",
        "/search.csv",
        "/no-such-page",
        "/api/v1/no-such-thing",
    ] {
        let response = server.get(path).await;
        let csp = response
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"));
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe"), "{path}: {csp}");
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(
            response.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            response.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(
            response.header("strict-transport-security"),
            None,
            "{path}: HSTS only when the public address is https"
        );
    }
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_for_the_policy_to_block() {
    let server = Server::start().await;
    for path in [
        "/",
        "/search?q=milton",
        "/schools/136730",
        "/trusts",
        "/regions/south-east",
    ] {
        let page = server.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body
                .contains("<script src=\"/assets/convene-body.js\">"),
            "{path}"
        );
        for opening in page.body.split("<script").skip(1) {
            let tag = opening.split('>').next().unwrap_or_default();
            assert!(tag.contains("src="), "{path}: inline script <script{tag}>");
        }
        assert!(!page.body.contains(" style=\""), "{path}: inline style");
        assert!(
            !page.body.contains("<style"),
            "{path}: inline style element"
        );
    }
}

#[tokio::test]
async fn methods_no_route_declares_answer_405() {
    let server = Server::start().await;
    for (method, path) in [
        ("POST", "/api/v1/schools"),
        ("PUT", "/api/v1/notes"),
        ("DELETE", "/api/v1/notes/1"),
        ("PATCH", "/api/v1/me"),
        ("POST", "/search"),
        ("DELETE", "/trusts/17101"),
        ("PUT", "/sign-in"),
    ] {
        let response = server.request(method, path, &[], "").await;
        assert_eq!(response.status, 405, "{method} {path}: {}", response.body);
        assert!(
            response.header("allow").is_some(),
            "{method} {path}: no Allow"
        );
    }
}

#[tokio::test]
async fn searches_too_big_to_be_cheap_are_refused_with_a_reason() {
    let server = Server::start().await;
    let words = vec!["academy"; 1000].join("+");
    let long = "a".repeat(201);
    for base in [
        "/search",
        "/trusts",
        "/search.csv",
        "/trusts.csv",
        "/api/v1/schools",
        "/api/v1/trusts",
        "/api/v1/schools.csv",
        "/api/v1/trusts.csv",
        "/notes",
    ] {
        let response = server.get(&format!("{base}?q={words}")).await;
        assert_eq!(response.status, 400, "{base}: {}", response.body);
        assert!(
            response.body.contains("too many words"),
            "{base}: {}",
            response.body
        );
        let response = server.get(&format!("{base}?q={long}")).await;
        assert_eq!(response.status, 400, "{base}");
        assert!(
            response.body.contains("too long"),
            "{base}: {}",
            response.body
        );
    }
}

#[tokio::test]
async fn sign_in_only_ever_returns_to_a_path_on_this_site() {
    let server = Server::start().await;
    for next in [
        "/%09/evil.com",
        "//evil.com",
        "/%5Cevil.com",
        "https://evil.com",
        "/%0A/evil.com",
        "/%0D/evil.com",
        "/%0B/evil.com",
        "/%00/evil.com",
        "%E2%80%A8//evil.com",
    ] {
        let response = server.get(&format!("/sign-in?next={next}")).await;
        assert_eq!(response.status, 200, "{next}: {}", response.body);
        assert!(
            response.body.contains(r#"name="next" value="/account""#),
            "{next}: the form kept an unsafe next"
        );
    }
    let fine = server.get("/sign-in?next=/trusts/17101").await;
    assert!(fine.body.contains(r#"name="next" value="/trusts/17101""#));
}

#[tokio::test]
async fn a_form_from_another_site_is_refused_even_with_a_valid_token() {
    let server = Server::start().await;
    let (cookie, token) = form_credentials(&server).await;
    let body = format!("csrf_token={token}&email=someone%40example.org");
    let forged = post_form(
        &server,
        "/forgot-password",
        &cookie,
        "https://evil.example",
        &body,
    )
    .await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(forged.body.contains("another website"), "{}", forged.body);
    let own = post_form(
        &server,
        "/forgot-password",
        &cookie,
        "http://localhost",
        &body,
    )
    .await;
    assert_ne!(own.status, 403, "{}", own.body);
    assert_answered(&own, "own form");
}

/// Any text at all, in any query value, path segment or form field, gets an answer that is
/// not a server error. Each case is a generated string (any Unicode, controls included).
#[test]
fn no_text_in_any_address_or_form_makes_a_handler_fail() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(Server::start());
    let (cookie, token) = runtime.block_on(form_credentials(&server));
    let templates = [
        "/search?q={}",
        "/search?q={}&phase={}&region={}&la={}&judgement={}&page={}",
        "/trusts?q={}&kind={}",
        "/search.csv?q={}",
        "/api/v1/schools?q={}&per_page={}",
        "/api/v1/trusts?q={}&region={}",
        "/schools/{}",
        "/schools/{}/family?size={}",
        "/trusts/{}",
        "/trusts/{}/profile.csv",
        "/trusts/compare?uid={}",
        "/api/v1/trusts/{}",
        "/api/v1/schools/{}",
        "/local-authorities/{}",
        "/regions/{}",
        "/notes?q={}&about={}&page={}",
        "/api/v1/notes?q={}&about={}",
        "/sign-in?next={}",
        "/partners/{}",
        "/organisations/{}",
        "/verify-email?token={}",
        "/reset-password?token={}",
        "/assets/{}",
    ];
    let forms = [
        ("/sign-in", "email={}&password={}&next={}"),
        ("/forgot-password", "email={}"),
        ("/verify-email", "token={}"),
        ("/reset-password", "token={}&password={}"),
        ("/sign-up", "name={}&email={}&password={}"),
    ];
    let config = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(text in any::<String>())| {
        let encoded = encode(&text);
        for template in templates {
            let path = template.replace("{}", &encoded);
            let response = runtime.block_on(server.get(&path));
            prop_assert!(response.status < 500, "GET {}: {} {}", path, response.status, response.body);
        }
        for (path, fields) in forms {
            let body = format!("csrf_token={token}&{}", fields.replace("{}", &encoded));
            let response = runtime.block_on(post_form(&server, path, &cookie, "http://localhost", &body));
            prop_assert!(response.status < 500, "POST {} {}: {} {}", path, body, response.status, response.body);
        }
    });
}
