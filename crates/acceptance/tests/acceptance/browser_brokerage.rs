//! Brokerage in a real browser (headless Chromium), as two trusts' administrators use it:
//! trust A posts a need, reads who is best placed and why, changes a weight, and asks
//! trust B for an introduction; trust B accepts from its notices; the collaboration is on
//! both dashboards. The need form, the ranking and the dashboard are also checked with
//! axe-core, because they are the pages people fill in and read most.

use crate::brokerage_pages::{serve, ADMIN_A, ADMIN_B};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::PASSWORD;
use convene_acceptance::server::TestServer;

pub(crate) async fn sign_in(browser: &Browser, server: &TestServer, email: &str) {
    browser.goto(&server.url("/sign-in")).await.unwrap();
    browser.type_into("#email", email).await.unwrap();
    browser.type_into("#password", PASSWORD).await.unwrap();
    browser
        .click("form[action='/sign-in'] button[type=submit]")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Your account", "{email}");
}

pub(crate) async fn sign_out(browser: &Browser) {
    browser
        .click("form[action='/sign-out'] button")
        .await
        .unwrap();
}

/// Adds the page's axe-core violations, if any, to `problems`.
pub(crate) async fn check_accessibility(browser: &Browser, page: &str, problems: &mut Vec<String>) {
    for violation in browser.accessibility_violations().await.unwrap() {
        problems.push(format!("{page}: {violation}"));
    }
}

/// The score shown on the card of the candidate whose key tag is `key`.
async fn score_on_page(browser: &Browser, key: &str) -> String {
    let script = format!(
        "const tag = [...document.querySelectorAll('.govuk-summary-card .govuk-tag')]
            .find(t => t.textContent.trim() === '{key}');
         return tag ? tag.closest('.govuk-summary-card').querySelector('strong').textContent : null;"
    );
    browser
        .execute(&script)
        .await
        .unwrap()
        .as_str()
        .unwrap_or_else(|| panic!("no card for {key}"))
        .to_string()
}

#[tokio::test]
async fn a_trust_posts_a_need_reads_the_ranking_asks_another_trust_and_both_see_the_collaboration()
{
    let db = TestDatabase::sqlite();
    let (_store, server) = serve(&db).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    // Trust A's administrator posts a need.
    sign_in(&browser, &server, ADMIN_A).await;
    browser.goto(&server.url("/needs")).await.unwrap();
    browser.click_link_containing("Post a need").await.unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Post a need");
    check_accessibility(&browser, "/needs/new", &mut problems).await;
    browser
        .click("#area option[value='ks4-outcomes']")
        .await
        .unwrap();
    browser.click("label[for='form-1']").await.unwrap();
    browser
        .type_into(
            "#description",
            "Progress 8 fell two years running in maths and science.",
        )
        .await
        .unwrap();
    browser.type_into("#from", "2027-01-04").await.unwrap();
    browser.type_into("#to", "2027-07-16").await.unwrap();
    browser.type_into("#days", "6").await.unwrap();
    browser
        .click("form[action='/needs'] button[type=submit]")
        .await
        .unwrap();

    // The ranking, with every factor in words.
    let url = browser.current_url().await.unwrap();
    assert!(url.ends_with("/candidates"), "{url}");
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Who is best placed to help"
    );
    check_accessibility(&browser, "/needs/{id}/candidates", &mut problems).await;
    let source = browser.page_source().await.unwrap();
    for label in [
        "Evidence of strength in the area",
        "Similar context",
        "Distance",
        "Declared offer and spare capacity",
        "Track record on Convene",
    ] {
        assert!(source.contains(label), "the ranking shows {label}");
    }
    let titles = browser.texts(".govuk-summary-card__title").await.unwrap();
    assert!(
        titles.iter().any(|t| t.contains("Test Trust B")),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("5 Dimensions Trust")),
        "{titles:?}"
    );
    let before = score_on_page(&browser, "school-200201").await;

    // No weight on evidence, then update the ranking.
    browser.type_into("#w_evidence", "0").await.unwrap();
    browser
        .click("form.convene-ranking-controls button[type=submit]")
        .await
        .unwrap();
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .contains("w_evidence=0"));
    let after = score_on_page(&browser, "school-200201").await;
    assert_ne!(before, after, "the weight changed the score");

    // Ask trust B for an introduction from its card.
    let ask = "li.govuk-summary-card:has(input[name=candidate][value='trust-900001'])";
    browser
        .type_into(&format!("{ask} textarea"), "Could your maths lead visit?")
        .await
        .unwrap();
    browser
        .click(&format!("{ask} button[type=submit]"))
        .await
        .unwrap();
    let introduction = browser.current_url().await.unwrap();
    assert!(introduction.contains("/introductions/"), "{introduction}");
    let path = introduction
        .split_once("/introductions/")
        .map(|(_, id)| format!("/introductions/{id}"))
        .unwrap();
    sign_out(&browser).await;

    // Trust B's administrator finds it in their notices and accepts.
    sign_in(&browser, &server, ADMIN_B).await;
    browser.goto(&server.url("/notices")).await.unwrap();
    browser
        .click_link_containing("An organisation asks Test Trust B")
        .await
        .unwrap();
    assert!(browser.current_url().await.unwrap().ends_with(&path));
    browser
        .click(&format!("form[action='{path}/accept'] button"))
        .await
        .unwrap();
    let collaboration = browser.current_url().await.unwrap();
    let collaboration = collaboration
        .split_once("/collaborations/")
        .map(|(_, id)| format!("/collaborations/{id}"))
        .unwrap_or_else(|| panic!("accepting opens the collaboration, not {collaboration}"));

    // Both dashboards show it.
    browser
        .goto(&server.url("/organisations/trust-900001/brokerage"))
        .await
        .unwrap();
    check_accessibility(&browser, "/organisations/{org}/brokerage", &mut problems).await;
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains(&format!("href=\"{collaboration}\"")));
    sign_out(&browser).await;
    sign_in(&browser, &server, ADMIN_A).await;
    browser
        .goto(&server.url("/organisations/trust-17101/brokerage"))
        .await
        .unwrap();
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains(&format!("href=\"{collaboration}\"")));
    browser.goto(&server.url(&collaboration)).await.unwrap();
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains("Test Trust B"));

    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
