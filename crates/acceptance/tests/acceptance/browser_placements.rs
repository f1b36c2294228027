//! A loaned COO in a real browser (headless Chromium): trust A's administrator puts its
//! COO on the register; trust B's posts a vacancy request for a COO, sees the COO
//! suggested with the reasons, and proposes an agreement from the suggestion; both boards'
//! approvals are recorded, the placement starts, ends and is reviewed, both trusts agree to
//! show it, and it appears, signed out, as a completed collaboration record without its
//! terms. Every form and page is checked with axe-core.

use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::browser_partnerships::{choose, submit};
use crate::partnerships::{people, CONVENER, PARTNER};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;

/// Picks `value` in the select `id`.
async fn select(browser: &Browser, id: &str, value: &str) {
    let script =
        format!("const s = document.getElementById('{id}'); s.value = '{value}'; return s.value;");
    let chosen = browser.execute(&script).await.unwrap();
    assert_eq!(chosen, serde_json::Value::from(value), "{id}={value}");
}

async fn no_problem(browser: &Browser, step: &str) -> String {
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{step}: {source}");
    source
}

async fn status(browser: &Browser) -> String {
    browser.text("#status").await.unwrap()
}

#[tokio::test]
async fn a_trust_lends_its_coo_to_another_from_register_to_collaboration_record() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    people(&store).await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    // Trust A puts its COO on the register.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&server.url("/placements")).await.unwrap();
    check_accessibility(&browser, "/placements", &mut problems).await;
    browser
        .click_link_containing("Leaders available to other trusts")
        .await
        .unwrap();
    check_accessibility(&browser, "/placements/leaders", &mut problems).await;
    browser
        .click_link_containing("Make a leader available")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Make a leader available");
    check_accessibility(&browser, "/placements/leaders/new", &mut problems).await;
    submit(&browser, "/placements/leaders").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("There is a problem") && source.contains("Choose the role"),
        "an empty form says what is missing"
    );
    check_accessibility(
        &browser,
        "/placements/leaders/new with errors",
        &mut problems,
    )
    .await;
    choose(&browser, "org", "trust-17101").await;
    browser.type_into("#person_name", "Cam Coo").await.unwrap();
    select(&browser, "role", "coo").await;
    browser.type_into("#days_per_week", "2").await.unwrap();
    browser.type_into("#from", "2025-09-01").await.unwrap();
    browser.type_into("#to", "2027-08-31").await.unwrap();
    choose(&browser, "reach", "anywhere").await;
    browser
        .type_into(
            "#description",
            "Runs finance, estates and IT for eleven schools.",
        )
        .await
        .unwrap();
    choose(&browser, "level", "members").await;
    submit(&browser, "/placements/leaders").await;
    no_problem(&browser, "register").await;
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Cam Coo: Chief operating officer (COO)"
    );
    check_accessibility(&browser, "/placements/leaders/{id}", &mut problems).await;
    sign_out(&browser).await;

    // Trust B asks for a COO and sees Cam suggested, with the reasons.
    sign_in(&browser, &server, PARTNER).await;
    browser
        .goto(&server.url("/placements/requests/new"))
        .await
        .unwrap();
    check_accessibility(&browser, "/placements/requests/new", &mut problems).await;
    choose(&browser, "org", "trust-900001").await;
    choose(&browser, "kind", "vacancy").await;
    select(&browser, "role", "coo").await;
    browser.type_into("#days_per_week", "2").await.unwrap();
    browser.type_into("#from", "2026-01-05").await.unwrap();
    browser.type_into("#to", "2027-07-16").await.unwrap();
    browser
        .type_into("#description", "Our COO left in the summer.")
        .await
        .unwrap();
    submit(&browser, "/placements/requests").await;
    let source = no_problem(&browser, "request").await;
    assert!(source.contains("Suggested leaders"), "{source}");
    assert!(source.contains("Cam Coo, 5 Dimensions Trust"), "{source}");
    assert!(
        source.contains("Available as Chief operating officer (COO), the role asked for")
            && source.contains("Available for the whole period asked")
            && source.contains("enough for the 2 days a week asked"),
        "the reasons are given: {source}"
    );
    check_accessibility(&browser, "/placements/requests/{id}", &mut problems).await;
    browser
        .click_link_containing("Propose an agreement")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Propose an agreement");
    check_accessibility(&browser, "/placements/agreements/new", &mut problems).await;
    browser
        .type_into(
            "#recharge_terms",
            "Salary and on-costs at cost, invoiced termly",
        )
        .await
        .unwrap();
    browser.type_into("#daily_rate", "450").await.unwrap();
    submit(&browser, "/placements/agreements").await;
    no_problem(&browser, "propose").await;
    let agreement = browser.current_url().await.unwrap();
    assert_eq!(status(&browser).await, "Proposed");
    check_accessibility(&browser, "/placements/agreements/{id}", &mut problems).await;
    browser
        .type_into("#approved_by", "Rob Chair")
        .await
        .unwrap();
    submit(&browser, "/approve").await;
    no_problem(&browser, "receiving board").await;
    assert_eq!(status(&browser).await, "Proposed");
    sign_out(&browser).await;

    // Trust A's board approves; the placement starts, ends and is reviewed.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&agreement).await.unwrap();
    browser
        .type_into("#approved_by", "Lena Chair")
        .await
        .unwrap();
    submit(&browser, "/approve").await;
    no_problem(&browser, "lending board").await;
    assert_eq!(status(&browser).await, "Agreed by both boards");
    submit(&browser, "/activate").await;
    assert_eq!(status(&browser).await, "Active");
    check_accessibility(
        &browser,
        "/placements/agreements/{id} active",
        &mut problems,
    )
    .await;
    submit(&browser, "/end").await;
    assert_eq!(status(&browser).await, "Ended");
    check_accessibility(&browser, "/placements/agreements/{id} ended", &mut problems).await;
    submit(&browser, "/review").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("Say what the placement achieved"),
        "{source}"
    );
    browser
        .type_into("#outcome", "Steadied the finance team through the audit.")
        .await
        .unwrap();
    browser.type_into("#lending_rating", "4").await.unwrap();
    browser.type_into("#receiving_rating", "5").await.unwrap();
    submit(&browser, "/review").await;
    let source = no_problem(&browser, "review").await;
    assert_eq!(status(&browser).await, "Reviewed");
    assert!(
        source.contains("This placement is a completed collaboration record"),
        "{source}"
    );
    check_accessibility(
        &browser,
        "/placements/agreements/{id} reviewed",
        &mut problems,
    )
    .await;
    submit(&browser, "/publication").await;
    sign_out(&browser).await;
    sign_in(&browser, &server, PARTNER).await;
    browser.goto(&agreement).await.unwrap();
    submit(&browser, "/publication").await;
    sign_out(&browser).await;

    // Signed out: the record is there, the terms are not.
    browser
        .goto(&server.url("/placements/records/trust-900001"))
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("5 Dimensions Trust") && source.contains("Loan"),
        "{source}"
    );
    assert!(!source.contains("invoiced termly") && !source.contains("Cam Coo"));
    check_accessibility(&browser, "/placements/records/{org}", &mut problems).await;
    browser.goto(&agreement).await.unwrap();
    assert!(browser.current_url().await.unwrap().contains("/sign-in"));
    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
