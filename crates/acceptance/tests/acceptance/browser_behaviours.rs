//! A 360 in a real browser (headless Chromium), from invitation to report: a leader
//! assesses themselves against the eight behaviours and asks three colleagues for
//! feedback; each colleague, signed out, opens the link from their email and answers;
//! the leader closes the round and reads the report beside their own levels. Every form
//! and page is checked with axe-core.

use super::authorisation_matrix::person;
use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::browser_partnerships::{choose, submit};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{link_from_outbox, two_trusts};
use convene_acceptance::server::TestServer;
use convene_domain::behaviours::framework::Behaviour;

async fn no_problem(browser: &Browser, step: &str) -> String {
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{step}: {source}");
    source
}

#[tokio::test]
async fn a_leader_asks_three_colleagues_for_feedback_and_reads_the_report() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    person(&store, "leader@example.org", true, &[]).await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    sign_in(&browser, &server, "leader@example.org").await;
    browser.goto(&server.url("/behaviours")).await.unwrap();
    check_accessibility(&browser, "/behaviours", &mut problems).await;
    browser
        .click_link_containing("Assess yourself")
        .await
        .unwrap();
    check_accessibility(&browser, "/behaviours/assessments/new", &mut problems).await;
    submit(&browser, "/behaviours/assessments").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("There is a problem"),
        "an empty assessment is refused"
    );
    for b in Behaviour::ALL {
        choose(&browser, &format!("level_{}", b.key()), "2").await;
    }
    browser
        .type_into(
            "#evidence_relationships",
            "Convened the town's attendance partnership",
        )
        .await
        .unwrap();
    submit(&browser, "/behaviours/assessments").await;
    let source = no_problem(&browser, "saving the assessment").await;
    assert!(
        source.contains("Convened the town's attendance partnership"),
        "{source}"
    );

    browser
        .click_link_containing("Ask for feedback")
        .await
        .unwrap();
    check_accessibility(&browser, "/behaviours/feedback/new", &mut problems).await;
    browser.type_into("#closes_on", "2099-01-31").await.unwrap();
    browser
        .type_into(
            "#raters",
            "ada@example.org, colleagues\nben@example.org, colleagues\ncai@example.org, colleagues",
        )
        .await
        .unwrap();
    submit(&browser, "/behaviours/feedback").await;
    let source = no_problem(&browser, "asking for feedback").await;
    assert!(source.contains("3 invited"), "{source}");
    let round = browser
        .current_url()
        .await
        .unwrap()
        .trim_start_matches(&server.base)
        .to_string();
    sign_out(&browser).await;

    for (email, level) in [
        ("ada@example.org", "3"),
        ("ben@example.org", "4"),
        ("cai@example.org", "2"),
    ] {
        let link = link_from_outbox(&store, email, "/feedback/").await;
        browser.goto(&server.url(&link)).await.unwrap();
        check_accessibility(&browser, "a rater's form", &mut problems).await;
        choose(&browser, "level_humility", level).await;
        browser
            .type_into("#comment", &format!("Seen from {email}'s desk"))
            .await
            .unwrap();
        browser
            .click("form[action^='/feedback/'] button[type=submit]")
            .await
            .unwrap();
        let source = no_problem(&browser, "answering").await;
        assert!(source.contains("You have answered. Thank you."), "{source}");
    }

    sign_in(&browser, &server, "leader@example.org").await;
    browser.goto(&server.url(&round)).await.unwrap();
    submit(&browser, "/close").await;
    let source = no_problem(&browser, "closing the round").await;
    assert!(
        source.contains("Colleagues in their organisation"),
        "{source}"
    );
    assert!(
        source.contains("3.0"),
        "the colleagues' average for humility: {source}"
    );
    assert!(
        source.contains("Fewer than 3 answered, so nothing from them is shown"),
        "the partners and governors: {source}"
    );
    check_accessibility(&browser, "the 360 report", &mut problems).await;

    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
