//! Seeing the system in a real browser (headless Chromium): a trust's profile charts and
//! map, then a school's family, following a similar school that does better.

use convene_acceptance::browser::Browser;

#[tokio::test]
async fn a_trust_profile_with_charts_and_map_then_a_family_and_a_school_that_does_better() {
    let (_db, server) = crate::national::serve_national_on_sqlite().await;
    let browser = Browser::start().await.expect("headless Chromium");

    browser.goto(&server.url("/trusts/17101")).await.unwrap();
    let headings = browser.texts("h2").await.unwrap();
    for expected in [
        "Profile",
        "Against the national picture",
        "Where its schools are",
        "Trusts like this one",
    ] {
        assert!(
            headings.iter().any(|h| h == expected),
            "{expected} in {headings:?}"
        );
    }
    let chart = browser.text("#chart-fsm_percent figcaption").await.unwrap();
    assert_eq!(chart, "Free school meals");
    let page = browser.page_source().await.unwrap();
    assert!(
        page.contains(r#"id="chart-fsm_percent-title""#),
        "each chart is titled for screen readers"
    );
    assert!(page.contains("Numbers behind this chart"));
    let dots = browser.texts("#trust-map svg a title").await.unwrap();
    assert_eq!(
        dots.len(),
        6,
        "each of the six schools is on the map: {dots:?}"
    );
    assert!(
        page.contains("Shenley Brook End School – Good ("),
        "tooltips name the school and judgement"
    );

    browser
        .click("#trust-map svg a[href='/schools/136730']")
        .await
        .unwrap();
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .ends_with("/schools/136730"));
    browser
        .click_link_containing("See the family of similar schools")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Schools like this one");
    let better = browser.texts(".convene-does-better").await.unwrap();
    assert!(
        !better.is_empty(),
        "Shenley Brook End (Good) has Outstanding schools in its family"
    );
    let first = better[0].clone();
    browser.click(".convene-does-better").await.unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), first);
    assert!(browser.page_source().await.unwrap().contains("Outstanding"));
    browser.quit().await;
}
