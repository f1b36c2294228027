//! The main pages in a real browser (headless Chromium) over the national data: no page is
//! wider than a phone's or a desktop's window (wide tables scroll inside their own box), and
//! axe-core finds no accessibility violations.

use convene_acceptance::browser::Browser;

/// The pages people use most, public and signed out.
const MAIN_PAGES: [&str; 17] = [
    "/",
    "/search?q=academy",
    "/search?q=milton+keynes&phase=secondary",
    "/trusts",
    "/trusts/17101",
    "/trusts/compare?uid=17101&uid=16163",
    "/schools/136730",
    "/schools/136730/family",
    "/local-authorities/826",
    "/regions/south-east",
    "/data",
    "/about/families",
    "/schools/144809/impact",
    "/network",
    "/network/isolated?region=south-east",
    "/sign-in",
    "/api",
];

#[tokio::test]
async fn main_pages_fit_phone_and_desktop_windows_and_have_no_accessibility_violations() {
    let (_db, server) = crate::national::serve_national_on_sqlite().await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();
    for (width, height) in [(1280, 1000), (320, 800)] {
        browser.set_window_size(width, height).await.unwrap();
        for path in MAIN_PAGES {
            browser.goto(&server.url(path)).await.unwrap();
            let sizes = browser
                .execute(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                )
                .await
                .unwrap();
            let (page, window) = (sizes[0].as_i64().unwrap(), sizes[1].as_i64().unwrap());
            if page > window {
                problems.push(format!("{path} at {width} px: the page is {page} px wide"));
            }
            if width == 1280 {
                for violation in browser.accessibility_violations().await.unwrap() {
                    problems.push(format!("{path}: {violation}"));
                }
            }
        }
    }
    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
