//! The account journey in a real browser (headless Chromium): sign up, confirm the email
//! address from the outbox, ask to join a trust, be approved by a platform administrator,
//! and sign in as the trust's new administrator.

use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::{create_person, link_from_outbox, two_trusts, PASSWORD};
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;

#[tokio::test]
async fn sign_up_verify_claim_a_trust_get_approved_and_sign_in() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    store.load_dataset(&two_trusts(), &|_, _| {}).await.unwrap();
    create_person(
        &store,
        "admin@example.org",
        "Platform Admin",
        &[PlatformRole::Administrator],
    )
    .await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");

    // Sign up.
    browser.goto(&server.url("/")).await.unwrap();
    browser.click_link_containing("Sign in").await.unwrap();
    browser
        .click_link_containing("Create an account")
        .await
        .unwrap();
    browser.type_into("#name", "Jo Bloggs").await.unwrap();
    browser.type_into("#email", "jo@example.org").await.unwrap();
    browser.type_into("#password", PASSWORD).await.unwrap();
    browser
        .click("form[action='/sign-up'] button[type=submit]")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Check your email");

    // Confirm the address with the emailed link.
    let link = link_from_outbox(&store, "jo@example.org", "/verify-email?token=").await;
    browser.goto(&server.url(&link)).await.unwrap();
    browser
        .click("form[action='/verify-email'] button[type=submit]")
        .await
        .unwrap();
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains("Email address confirmed"));

    // Sign in and ask to join the trust from its page.
    browser.click_link_containing("Sign in").await.unwrap();
    browser.type_into("#email", "jo@example.org").await.unwrap();
    browser.type_into("#password", PASSWORD).await.unwrap();
    browser
        .click("form[action='/sign-in'] button[type=submit]")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Your account");
    browser.goto(&server.url("/trusts/17101")).await.unwrap();
    browser
        .click_link_containing("People from this trust on Convene")
        .await
        .unwrap();
    browser
        .click("form[action='/organisations/trust-17101/claim'] button")
        .await
        .unwrap();
    assert!(browser
        .page_source()
        .await
        .unwrap()
        .contains("An administrator will decide"));
    browser
        .click("form[action='/sign-out'] button")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "You have signed out");

    // A platform administrator approves the first claim.
    browser.goto(&server.url("/sign-in")).await.unwrap();
    browser
        .type_into("#email", "admin@example.org")
        .await
        .unwrap();
    browser.type_into("#password", PASSWORD).await.unwrap();
    browser
        .click("form[action='/sign-in'] button[type=submit]")
        .await
        .unwrap();
    browser.click_link_containing("Admin").await.unwrap();
    assert!(browser.page_source().await.unwrap().contains("Jo Bloggs"));
    browser
        .click("form[action$='/approve'] button")
        .await
        .unwrap();
    browser
        .click("form[action='/sign-out'] button")
        .await
        .unwrap();

    // Jo signs in and now administers the trust.
    browser.goto(&server.url("/sign-in")).await.unwrap();
    browser.type_into("#email", "jo@example.org").await.unwrap();
    browser.type_into("#password", PASSWORD).await.unwrap();
    browser
        .click("form[action='/sign-in'] button[type=submit]")
        .await
        .unwrap();
    let account = browser.page_source().await.unwrap();
    assert!(
        account.contains("5 Dimensions Trust"),
        "the trust is listed"
    );
    assert!(
        account.contains("Organisation administrator"),
        "as its administrator"
    );
    assert!(browser
        .texts(".govuk-header__link")
        .await
        .unwrap()
        .iter()
        .any(|t| t == "Your account"));
    browser.quit().await;
}
