//! A peer review round in a real browser (headless Chromium): trust A's administrator
//! opens a round of groups of three; trust A, a second trust and a charity volunteer from
//! the round's page, each choosing what it wants reviewed; the convener asks for a
//! proposal, reads why the group was formed, saves it, and each member confirms until the
//! round's groups stand. Signed out, the round shows no one's focus areas. Then trust A
//! hosts a review with the second trust's person from its group as reviewer, who logs
//! evidence and a finding; trust A answers it, agrees its plan and publishes a summary,
//! which is all the public sees. Every form and page is checked with axe-core.

use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::browser_partnerships::{choose, submit};
use crate::partnerships::{people, CHARITY, CONVENER, PARTNER};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::dates::days_from_today;
use convene_acceptance::server::TestServer;

async fn volunteer(browser: &Browser, page: &str, org: &str, focus: &str) {
    browser.goto(page).await.unwrap();
    choose(browser, "org", org).await;
    choose(browser, "focus", focus).await;
    submit(browser, "/volunteers").await;
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{org}: {source}");
}

#[tokio::test]
async fn trusts_volunteer_the_convener_saves_proposed_groups_and_members_confirm() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    let people = people(&store).await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&server.url("/review-rounds")).await.unwrap();
    check_accessibility(&browser, "/review-rounds", &mut problems).await;
    browser.click_link_containing("Open a round").await.unwrap();
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Open a peer review round"
    );
    check_accessibility(&browser, "/review-rounds/new", &mut problems).await;
    submit(&browser, "/review-rounds").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("There is a problem") && source.contains("Give the round a name"),
        "an empty form says what is missing"
    );
    check_accessibility(&browser, "/review-rounds/new with errors", &mut problems).await;
    choose(&browser, "convener", "trust-17101").await;
    browser
        .type_into("#name", "Milton Keynes spring round")
        .await
        .unwrap();
    browser.type_into("#group_size", "3").await.unwrap();
    browser.type_into("#closes_on", "2099-03-31").await.unwrap();
    submit(&browser, "/review-rounds").await;
    let page = browser.current_url().await.unwrap();
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Milton Keynes spring round"
    );
    check_accessibility(&browser, "/review-rounds/{id}", &mut problems).await;
    volunteer(&browser, &page, "trust-17101", "early-reading").await;
    sign_out(&browser).await;

    sign_in(&browser, &server, PARTNER).await;
    volunteer(&browser, &page, "trust-900001", "attendance").await;
    sign_out(&browser).await;
    sign_in(&browser, &server, CHARITY).await;
    volunteer(
        &browser,
        &page,
        &people.charity.key(),
        "community-engagement",
    )
    .await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("Community and family engagement"),
        "a volunteer sees the list"
    );
    sign_out(&browser).await;

    // Signed out, the round shows its rules and count, never who wants what reviewed.
    browser.goto(&page).await.unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("Early reading"), "{source}");
    assert!(source.contains("seen only by the convener and the volunteers"));

    // The convener asks for a proposal, reads why, and saves it.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&page).await.unwrap();
    browser
        .click_link_containing("Propose groups")
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Proposed groups"), "{source}");
    assert!(source.contains("Group 1") && source.contains("focus on early reading"));
    check_accessibility(&browser, "/review-rounds/{id}?propose=yes", &mut problems).await;
    submit(&browser, "/groups").await;
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Groups proposed"), "{source}");
    assert!(source.contains("Move a member"));
    check_accessibility(&browser, "/review-rounds/{id} grouped", &mut problems).await;
    submit(&browser, "/groups/confirm").await;
    sign_out(&browser).await;

    for email in [PARTNER, CHARITY] {
        sign_in(&browser, &server, email).await;
        browser.goto(&page).await.unwrap();
        submit(&browser, "/groups/confirm").await;
        sign_out(&browser).await;
    }
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&page).await.unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Groups confirmed"), "{source}");
    assert_eq!(
        source.matches("govuk-tag--green").count(),
        3,
        "all confirmed"
    );

    // The convener's trust hosts a review, drawing its reviewer from its confirmed group.
    browser
        .goto(&server.url("/peer-reviews/new"))
        .await
        .unwrap();
    check_accessibility(&browser, "/peer-reviews/new", &mut problems).await;
    choose(&browser, "host", "trust-17101").await;
    choose(&browser, "focus", "early-reading").await;
    browser
        .type_into(
            "#self_evaluation",
            "SECRET-SELF: phonics is patchy in year 1",
        )
        .await
        .unwrap();
    submit(&browser, "/peer-reviews").await;
    let review = browser.current_url().await.unwrap();
    assert!(review.contains("/peer-reviews/"), "{review}");
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("from your review group") || source.contains("review group"),
        "{source}"
    );
    check_accessibility(&browser, "/peer-reviews/{id} draft", &mut problems).await;
    let picked = browser
        .execute(
            "const input = document.querySelector(\"input[name='reviewer'][value*=':trust-900001:cluster']\");
             if (!input) return false; input.click(); return input.checked;",
        )
        .await
        .unwrap();
    assert_eq!(
        picked,
        serde_json::Value::Bool(true),
        "the partner is offered from the cluster"
    );
    browser.type_into("#hours", "12").await.unwrap();
    submit(&browser, "/team").await;
    browser
        .type_into("#starts_on", &days_from_today(-3))
        .await
        .unwrap();
    browser
        .type_into("#ends_on", &days_from_today(-1))
        .await
        .unwrap();
    submit(&browser, "/schedule").await;
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{source}");
    submit(&browser, "/status").await;
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Scheduled (now)"), "{source}");
    sign_out(&browser).await;

    // The reviewer starts the review, logs evidence, records a finding and shares it.
    sign_in(&browser, &server, PARTNER).await;
    browser.goto(&review).await.unwrap();
    submit(&browser, "/status").await;
    browser
        .type_into("#evidence_on", &days_from_today(-2))
        .await
        .unwrap();
    choose(&browser, "evidence_kind", "lesson_visit").await;
    browser
        .type_into("#evidence_note", "Year 1 phonics lesson seen")
        .await
        .unwrap();
    submit(&browser, "/evidence").await;
    choose(&browser, "finding_kind", "area_to_develop").await;
    choose(&browser, "area", "early-reading").await;
    browser
        .type_into("#finding_text", "SECRET-FINDING: decoding is not checked")
        .await
        .unwrap();
    submit(&browser, "/findings").await;
    check_accessibility(&browser, "/peer-reviews/{id} in progress", &mut problems).await;
    submit(&browser, "/status").await;
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Findings shared (now)"), "{source}");
    sign_out(&browser).await;

    // The host answers the finding, agrees its plan and publishes a summary.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&review).await.unwrap();
    browser
        .execute("document.querySelector(\"input[name='finding']\").click(); return true;")
        .await
        .unwrap();
    browser
        .type_into("#what", "Check decoding every half term")
        .await
        .unwrap();
    browser
        .type_into("#by", &days_from_today(90))
        .await
        .unwrap();
    submit(&browser, "/actions").await;
    submit(&browser, "/status").await;
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Action plan agreed (now)"), "{source}");
    browser
        .type_into(
            "#summary_text",
            "Our reviewers helped us sharpen early reading.",
        )
        .await
        .unwrap();
    submit(&browser, "/summary").await;
    check_accessibility(&browser, "/peer-reviews/{id} published", &mut problems).await;
    sign_out(&browser).await;

    // Signed out: the summary alone, listed and on the reviewer's trust's page.
    browser.goto(&server.url("/peer-reviews")).await.unwrap();
    check_accessibility(&browser, "/peer-reviews signed out", &mut problems).await;
    browser.goto(&review).await.unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("Our reviewers helped us sharpen early reading."),
        "{source}"
    );
    assert!(!source.contains("SECRET"), "{source}");
    check_accessibility(&browser, "/peer-reviews/{id} as the public", &mut problems).await;
    browser
        .goto(&server.url("/organisations/trust-900001"))
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("Finished peer reviews"), "{source}");
    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
