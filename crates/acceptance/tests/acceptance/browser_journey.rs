//! The main journey in a real browser (headless Chromium): search for a trust, open it,
//! open one of its schools, and check what is shown.

use convene_acceptance::browser::Browser;

#[tokio::test]
async fn search_for_a_trust_open_it_and_open_one_of_its_schools() {
    let (_db, server) = crate::national::serve_national_on_sqlite().await;
    let browser = Browser::start().await.expect("headless Chromium");

    browser.goto(&server.url("/")).await.unwrap();
    browser
        .type_into("input[name=q]", "5 Dimensions")
        .await
        .unwrap();
    browser
        .click("form button[type=submit], form input[type=submit]")
        .await
        .unwrap();
    assert!(browser.current_url().await.unwrap().contains("/search?"));

    browser
        .click_link_containing("5 DIMENSIONS TRUST")
        .await
        .unwrap();
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .ends_with("/trusts/17101"));
    assert_eq!(browser.text("h1").await.unwrap(), "5 DIMENSIONS TRUST");
    let page = browser.page_source().await.unwrap();
    assert!(page.contains("TR01904"));

    browser
        .click_link_containing("Shenley Brook End School")
        .await
        .unwrap();
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .ends_with("/schools/136730"));
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Shenley Brook End School"
    );
    let school = browser.page_source().await.unwrap();
    assert!(school.contains("5 DIMENSIONS TRUST") && school.contains("21 January 2015"));
    assert!(browser
        .title()
        .await
        .unwrap()
        .contains("Shenley Brook End School"));
    browser.quit().await;
}
