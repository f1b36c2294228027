//! A case study in a real browser (headless Chromium), from a finished collaboration to
//! being found: trust A's administrator opens the finished collaboration, writes a case
//! study from it (the form filled in from the record), adds a picture and sends it for
//! approval; a convener approves it; trust B and Ours Academy agree to appear; then,
//! signed out, a reader finds it by "schools like mine" from a school in Ours Academy's
//! family, reads why it matched, opens Ours Academy's impact chart against its family and
//! trust A's place in the collaboration network. Between the two, trust B recognises
//! trust A for the work from the case study, trust A accepts from its notices, and the
//! recognition appears on trust A's page, and trust A's administrator finds the tie in the
//! network graph. Every form and page is checked with axe-core.

use super::impact::{collaboration, dataset, OURS};
use crate::authorisation_matrix::person;
use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::browser_partnerships::{choose, submit};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::dates::today;
use convene_acceptance::pictures::tiny_png_file;
use convene_acceptance::server::TestServer;
use convene_domain::access::PlatformRole;
use convene_domain::brokerage::{CollaborationId, CollaborationStatus};
use convene_domain::party::OrgRef;
use convene_domain::Urn;

async fn no_problem(browser: &Browser, step: &str) -> String {
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{step}: {source}");
    source
}

#[tokio::test]
async fn a_case_study_is_written_from_a_collaboration_approved_and_found_by_schools_like_mine() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
    let (people, id) = collaboration(&store).await;
    store
        .end_collaboration(CollaborationId(id), CollaborationStatus::Completed, today())
        .await
        .unwrap();
    let school = OrgRef::School(Urn(OURS));
    let claim = store
        .claim_membership(people.admin_a, school, None)
        .await
        .unwrap();
    store
        .decide_membership(people.platform, school, claim, true, "/account", None)
        .await
        .unwrap();
    person(
        &store,
        "convener@example.org",
        true,
        &[PlatformRole::Convener],
    )
    .await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let folder = tempfile::tempdir().unwrap();
    let picture = tiny_png_file(folder.path());
    let mut problems = Vec::new();

    // Trust A writes it from the finished collaboration (which Convene recorded as starting
    // the day it was agreed; the work itself began in September 2017).
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser
        .goto(&server.url(&format!("/collaborations/{id}")))
        .await
        .unwrap();
    browser
        .click_link_containing("Write a case study about it")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Write a case study");
    check_accessibility(&browser, "/case-studies/new", &mut problems).await;
    let organisations = browser
        .execute("return document.getElementById('organisations').value;")
        .await
        .unwrap();
    assert_eq!(organisations, serde_json::Value::from("trust-900001"));
    submit(&browser, "/case-studies").await;
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("There is a problem") && source.contains("Enter a title"),
        "an empty title is refused: {source}"
    );
    check_accessibility(&browser, "/case-studies (errors)", &mut problems).await;
    for (field, text) in [
        ("#title", "Progress 8 together"),
        (
            "#summary",
            "Trust B's subject leads worked with Ours Academy for a year",
        ),
        (
            "#challenge",
            "Progress 8 had been below its family's for three years",
        ),
        (
            "#what_was_done",
            "Paired subject leads and joint moderation",
        ),
        ("#who", "Heads of English and maths on both sides"),
        (
            "#what_changed",
            "Progress 8 rose and the departments still meet",
        ),
        ("#lessons", "Pair people doing the same job"),
        ("#contacts", "Deputy head, deputy@example.org"),
        ("#organisations", "trust-900001 school-1001"),
        ("#started", "2017-09-01"),
        ("#ended", "2018-07-20"),
    ] {
        browser.type_into(field, text).await.unwrap();
    }
    choose(&browser, "owner", "trust-17101").await;
    choose(&browser, "sources", &format!("collaboration-{id}")).await;
    submit(&browser, "/case-studies").await;
    no_problem(&browser, "saving the draft").await;
    assert_eq!(browser.text("h1").await.unwrap(), "Progress 8 together");
    let page = browser.current_url().await.unwrap();
    let path = page.trim_start_matches(&server.base).to_string();
    check_accessibility(&browser, "the draft", &mut problems).await;
    browser.choose_file("#image", &picture).await.unwrap();
    browser
        .type_into("#alt", "Two heads of maths at a whiteboard")
        .await
        .unwrap();
    submit(&browser, "/images").await;
    no_problem(&browser, "adding the picture").await;
    let drawn = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const i = document.querySelector('figure img');
             if (!i) { done('no picture'); return; }
             i.loading = 'eager';
             i.decode().then(() => done(i.naturalWidth)).catch(e => done(String(e)));",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(
        drawn,
        serde_json::Value::from(4),
        "the picture is served and drawn"
    );
    submit(&browser, "/submit").await;
    no_problem(&browser, "sending it for approval").await;
    sign_out(&browser).await;

    // A convener approves it; trust B agrees; Ours Academy agrees.
    sign_in(&browser, &server, "convener@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    check_accessibility(&browser, "the case study for a convener", &mut problems).await;
    submit(&browser, "/approve").await;
    let source = no_problem(&browser, "approving").await;
    assert!(source.contains("Approved, and waiting for"), "{source}");
    sign_out(&browser).await;
    sign_in(&browser, &server, "admin-b@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    choose(&browser, "consent", "given").await;
    submit(&browser, "/consent").await;
    no_problem(&browser, "trust B agreeing").await;
    sign_out(&browser).await;
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    choose(&browser, "consent", "given").await;
    submit(&browser, "/consent").await;
    let source = no_problem(&browser, "the school agreeing").await;
    assert!(!source.contains("Not published"), "{source}");
    sign_out(&browser).await;

    // Trust B recognises trust A for the work, and trust A accepts.
    sign_in(&browser, &server, "admin-b@example.org").await;
    browser.goto(&server.url(&path)).await.unwrap();
    browser
        .click_link_containing("Recognise 5 Dimensions Trust for it")
        .await
        .unwrap();
    assert_eq!(
        browser.text("h1").await.unwrap(),
        "Recognise 5 Dimensions Trust"
    );
    check_accessibility(&browser, "/recognition/new", &mut problems).await;
    choose(&browser, "from", "trust-900001").await;
    browser
        .type_into(
            "#text",
            "Opened its maths and English departments to ours for a year",
        )
        .await
        .unwrap();
    submit(&browser, "/recognition").await;
    let source = no_problem(&browser, "giving the recognition").await;
    assert!(source.contains("Waiting for an answer"), "{source}");
    sign_out(&browser).await;
    sign_in(&browser, &server, "admin-a@example.org").await;
    browser.goto(&server.url("/notices")).await.unwrap();
    browser
        .click_link_containing("Test Trust B gave 5 Dimensions Trust a nomination")
        .await
        .unwrap();
    check_accessibility(&browser, "the recognition for its nominee", &mut problems).await;
    choose(&browser, "answer", "accept").await;
    submit(&browser, "/answer").await;
    let source = no_problem(&browser, "accepting the recognition").await;
    assert!(!source.contains("Not shown"), "{source}");

    // Trust A's administrator sees the collaboration (confidential to the two trusts) as
    // a tie in the network graph, lights it up and follows a dot.
    browser.goto(&server.url("/network")).await.unwrap();
    let dots = browser
        .execute("return document.querySelectorAll('#network-graph a[data-node] circle').length;")
        .await
        .unwrap();
    assert_eq!(dots, serde_json::Value::from(2), "two trusts, one tie");
    let lit = browser
        .execute(
            "document.querySelector('#network-graph a[data-node]').dispatchEvent(new Event('focus'));
             return document.querySelectorAll('#network-graph line.convene-graph__edge--on').length;",
        )
        .await
        .unwrap();
    assert_eq!(
        lit,
        serde_json::Value::from(1),
        "focusing a dot lights up its tie"
    );
    check_accessibility(&browser, "/network with its graph", &mut problems).await;
    browser
        .click("#network-graph a[data-node='0']")
        .await
        .unwrap();
    let heading = browser.text("h1").await.unwrap();
    assert!(
        ["5 Dimensions Trust", "Test Trust B"].contains(&heading.as_str()),
        "a dot leads to its place in the network: {heading}"
    );
    sign_out(&browser).await;
    browser.goto(&server.url("/trusts/17101")).await.unwrap();
    browser
        .click_link_containing("its recognition and its place in the collaboration network")
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        source.contains("Nomination from Test Trust B")
            && source.contains("Opened its maths and English departments"),
        "the accepted recognition is on the trust's page: {source}"
    );
    check_accessibility(&browser, "the trust's Convene page", &mut problems).await;

    // Signed out, a reader at a school like Ours Academy finds it.
    browser.goto(&server.url("/case-studies")).await.unwrap();
    check_accessibility(&browser, "/case-studies", &mut problems).await;
    browser.type_into("#like", "1002").await.unwrap();
    submit(&browser, "/case-studies").await;
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("1 published case study"), "{source}");
    assert!(
        source.contains("Names Ours Academy, in the family of similar schools of Similar School 1"),
        "{source}"
    );
    check_accessibility(&browser, "/case-studies?like=1002", &mut problems).await;
    browser
        .click_link_containing("Progress 8 together")
        .await
        .unwrap();
    check_accessibility(&browser, "the published case study", &mut problems).await;
    browser
        .click_link_containing("Its results before and after")
        .await
        .unwrap();
    let charts = browser
        .execute("return document.querySelectorAll('svg.convene-line-chart').length;")
        .await
        .unwrap();
    assert!(charts.as_u64().unwrap() >= 1, "the impact chart is drawn");
    check_accessibility(&browser, "the school's impact", &mut problems).await;
    browser.goto(&server.url(&path)).await.unwrap();
    browser
        .click_link_containing("Its place in the collaboration network")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "5 Dimensions Trust");
    check_accessibility(&browser, "the trust's place in the network", &mut problems).await;

    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
