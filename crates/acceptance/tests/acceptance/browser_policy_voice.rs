//! A consultation in a real browser (headless Chromium), from opening to a published
//! submission: trust A's administrator opens a consultation for the North East (the
//! empty form refused first), a school's head responds, the convener reads whose voices
//! were heard (the gap named, the schools to invite listed) and writes the submission
//! quoting the head's words, the head agrees, and the published submission is read
//! signed out with its figures. Every form and page is checked with axe-core.

use super::authorisation_matrix::person;
use super::impact::{dataset, OURS};
use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::browser_partnerships::{choose, submit};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::people::TRUST_A;
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::party::OrgRef;
use convene_domain::Urn;

async fn no_problem(browser: &Browser, step: &str) -> String {
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{step}: {source}");
    source
}

#[tokio::test]
async fn a_consultation_is_opened_answered_heard_and_its_submission_published() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    let mut data = dataset();
    for s in &mut data.schools {
        s.region = Some(convene_domain::place::Region::NorthEast);
        if s.urn.0 >= OURS + 9 {
            s.fsm_percent = Some(45.0);
        }
    }
    store.load_dataset(&data, &|_, _| {}).await.unwrap();
    let convener = person(&store, "admin-a@example.org", true, &[]).await;
    let head = person(&store, "head@example.org", true, &[]).await;
    let platform = person(
        &store,
        "platform@example.org",
        true,
        &[PlatformRole::Administrator],
    )
    .await;
    for (who, org) in [(convener, TRUST_A), (head, OrgRef::School(Urn(OURS + 1)))] {
        let claim = store.claim_membership(who, org, None).await.unwrap();
        store
            .decide_membership(platform, org, claim, true, "/account", None)
            .await
            .unwrap();
    }
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    // Trust A opens the consultation.
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser.goto(&server.url("/")).await.unwrap();
    browser
        .click_link_containing("Calls for input")
        .await
        .unwrap();
    check_accessibility(&browser, "/calls", &mut problems).await;
    browser
        .click_link_containing("Open a call for input")
        .await
        .unwrap();
    check_accessibility(&browser, "/calls/new", &mut problems).await;
    submit(&browser, "/calls").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("There is a problem") && source.contains("Enter a title"),
        "{source}"
    );
    check_accessibility(&browser, "/calls/new (errors)", &mut problems).await;
    for (field, text) in [
        ("#title", "Attendance in the North East"),
        ("#description", "What works to get children back to school"),
        (
            "#how_used",
            "A submission to the Department for Education in the spring",
        ),
        ("#question_1", "What has worked?"),
        ("#closes_on", "2099-01-31"),
    ] {
        browser.type_into(field, text).await.unwrap();
    }
    choose(&browser, "visibility", "attributed-inside").await;
    choose(&browser, "regions", "north-east").await;
    submit(&browser, "/calls").await;
    no_problem(&browser, "opening the call").await;
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Attendance in the North East"
    );
    let path = browser
        .current_url()
        .await
        .unwrap()
        .trim_start_matches(&server.base)
        .to_string();
    check_accessibility(&browser, "the call for its convener", &mut problems).await;
    sign_out(&browser).await;

    // A school's head responds.
    sign_in(&browser, &server, "head@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    check_accessibility(&browser, "the call with its response form", &mut problems).await;
    browser
        .type_into("#answer-1", "Ringing every family on the first morning")
        .await
        .unwrap();
    submit(&browser, "/responses").await;
    let source = no_problem(&browser, "responding").await;
    assert!(
        source.contains("Ringing every family on the first morning"),
        "the head reads their own response"
    );
    sign_out(&browser).await;

    // The convener reads whose voices were heard and writes the submission.
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    let reference = browser
        .execute(
            "const t = document.querySelector('#responses ~ .govuk-summary-card h3').textContent;
             return t.split('reference ')[1].trim();",
        )
        .await
        .unwrap();
    let reference = reference.as_str().unwrap().to_string();
    browser
        .click_link_containing("Whose voices were heard")
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("No response from schools with 40% or more free school meals"),
        "{source}"
    );
    assert!(
        source.contains("Who to invite before the call closes"),
        "{source}"
    );
    check_accessibility(&browser, "whose voices were heard", &mut problems).await;
    browser
        .goto(&server.url(&format!("{path}/submission")))
        .await
        .unwrap();
    check_accessibility(&browser, "the submission form", &mut problems).await;
    for (field, text) in [
        ("#title", "Attendance: what schools told us"),
        ("#addressed_to", "The Department for Education"),
        ("#body", "Schools in the North East told us what works."),
        ("#quote_1_response", reference.as_str()),
        ("#quote_1_text", "Ringing every family on the first morning"),
    ] {
        browser.type_into(field, text).await.unwrap();
    }
    submit(&browser, "/submission").await;
    let source = no_problem(&browser, "saving the submission").await;
    assert!(source.contains("Waiting for: Similar School 1"), "{source}");
    sign_out(&browser).await;

    // The head agrees to be quoted; the convener publishes.
    sign_in(&browser, &server, "head@example.org").await;
    browser.goto(&server.url("/notices")).await.unwrap();
    browser
        .click_link_containing("wants to quote your organisation")
        .await
        .unwrap();
    check_accessibility(
        &browser,
        "the submission for the quoted school",
        &mut problems,
    )
    .await;
    choose(&browser, "answer", "agree").await;
    submit(&browser, "/quotes/1").await;
    no_problem(&browser, "agreeing to be quoted").await;
    sign_out(&browser).await;
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser
        .goto(&server.url(&format!("{path}/submission")))
        .await
        .unwrap();
    submit(&browser, "/submission/publish").await;
    no_problem(&browser, "publishing").await;
    sign_out(&browser).await;

    // Signed out, anyone reads it with whose voices it carries.
    browser
        .goto(&server.url(&format!("{path}/submission")))
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("Ringing every family on the first morning"),
        "{source}"
    );
    assert!(source.contains("Whose voices it carries"), "{source}");
    assert!(!source.contains("Not published"), "{source}");
    check_accessibility(&browser, "the published submission", &mut problems).await;

    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
