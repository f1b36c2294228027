//! Checks the browser harness itself against a tiny fixed site, so that a failing browser
//! journey points at Convene and not at the harness.

use convene_acceptance::browser::Browser;
use std::io::ErrorKind;
use tokio::net::{TcpListener, TcpStream};

/// Serves three fixed pages on a free loopback port and returns its base URL.
async fn tiny_site() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let Some(request) = read_request(&socket).await else {
                    return;
                };
                let target = request.split(' ').nth(1).unwrap_or("/");
                let (status, body) = page(target);
                let response = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                write_all(&socket, response.as_bytes()).await;
            });
        }
    });
    base
}

/// Reads a request's head (the site only answers GETs, which have no body).
async fn read_request(socket: &TcpStream) -> Option<String> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        socket.readable().await.ok()?;
        match socket.try_read(&mut buffer) {
            Ok(0) => return None,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(_) => return None,
        }
    }
    Some(String::from_utf8_lossy(&request).into_owned())
}

/// Writes the whole response, giving up quietly if the browser hangs up.
async fn write_all(socket: &TcpStream, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        if socket.writable().await.is_err() {
            return;
        }
        match socket.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => continue,
            Err(_) => return,
        }
    }
}

/// The fixed site: a home page with a link and a form, the linked page, and the form's answer.
fn page(target: &str) -> (&'static str, String) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/" => (
            "200 OK",
            "<!doctype html><html lang=en><head><title>Home</title></head><body>\
             <a href=\"#main\" style=\"position:absolute;left:-9999px\">Skip to the next page</a>\
             <h1>Hello harness</h1>\
             <ul><li>One</li><li>Two</li><li>Three</li></ul>\
             <p>Go to the <a href=\"/next\">  next\n page  </a>.</p>\
             <form action=\"/answer\"><input name=q value=\"old\"><button type=submit>Send</button></form>\
             </body></html>"
                .to_string(),
        ),
        "/next" => (
            "200 OK",
            "<!doctype html><html lang=en><head><title>Next page</title></head>\
             <body><h1>You followed the link</h1></body></html>"
                .to_string(),
        ),
        "/answer" => (
            "200 OK",
            format!(
                "<!doctype html><html lang=en><head><title>Answer</title></head>\
                 <body><h1>You sent</h1><p id=sent>{query}</p></body></html>"
            ),
        ),
        _ => ("404 Not Found", "not found".to_string()),
    }
}

#[tokio::test]
async fn the_browser_loads_pages_reads_text_follows_links_and_fills_in_forms() {
    let base = tiny_site().await;
    let browser = Browser::start().await.expect("headless Chromium");

    browser.goto(&format!("{base}/")).await.unwrap();
    assert_eq!(browser.title().await.unwrap(), "Home");
    assert_eq!(browser.text("h1").await.unwrap(), "Hello harness");
    assert_eq!(browser.texts("li").await.unwrap(), ["One", "Two", "Three"]);
    assert!(browser.texts("table").await.unwrap().is_empty());
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains("Hello harness"));
    let png = browser.screenshot_png().await.unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000);

    browser.click_link_containing("next page").await.unwrap();
    assert_eq!(browser.current_url().await.unwrap(), format!("{base}/next"));
    assert_eq!(browser.title().await.unwrap(), "Next page");
    assert_eq!(browser.text("h1").await.unwrap(), "You followed the link");

    browser.goto(&format!("{base}/")).await.unwrap();
    browser
        .type_into("input[name=q]", "cats & dogs")
        .await
        .unwrap();
    browser.click("button[type=submit]").await.unwrap();
    assert_eq!(
        browser.current_url().await.unwrap(),
        format!("{base}/answer?q=cats+%26+dogs")
    );
    assert_eq!(browser.text("#sent").await.unwrap(), "q=cats+%26+dogs");

    let missing = browser.text("#nowhere").await.unwrap_err();
    assert!(missing.contains("no such element"), "{missing}");
    let no_link = browser.click_link_containing("Nowhere").await.unwrap_err();
    assert!(no_link.contains("Nowhere"), "{no_link}");

    browser.quit().await;
}
