//! A partnership in a real browser (headless Chromium), as its members use it: trust A's
//! administrator convenes and publishes it, invites a charity and a second trust, whose
//! administrators accept from the partnership's page; the convener drafts and agrees a
//! goal, adds commitments and holds a stock-take; the public page, read signed out, shows
//! the goal's chart gain its first measured point and never the members-only notes. The
//! forms and pages people fill in and read are checked with axe-core.

use crate::browser_brokerage::{check_accessibility, sign_in, sign_out};
use crate::partnerships::{people, CHARITY, CONVENER, PARTNER};
use convene_acceptance::browser::Browser;
use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;

/// Ticks the radio or checkbox `name` whose value is `value` (leaving it ticked if it was),
/// as a click on its label would.
pub(crate) async fn choose(browser: &Browser, name: &str, value: &str) {
    let script = format!(
        "const input = document.querySelector(\"input[name='{name}'][value='{value}']\");
         if (!input) return false;
         if (!input.checked) input.click();
         return input.checked;"
    );
    let ticked = browser.execute(&script).await.unwrap();
    assert_eq!(ticked, serde_json::Value::Bool(true), "{name}={value}");
}

/// Submits the form whose action ends with `action`.
pub(crate) async fn submit(browser: &Browser, action: &str) {
    browser
        .click(&format!("form[action$='{action}'] button[type=submit]"))
        .await
        .unwrap();
}

/// The number of measured points drawn on the page's goal charts.
async fn measured_points(browser: &Browser) -> u64 {
    browser
        .execute("return document.querySelectorAll('svg.convene-line-chart circle').length;")
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

async fn accept_invitation(browser: &Browser, server: &TestServer, email: &str, page: &str) {
    sign_in(browser, server, email).await;
    browser.goto(page).await.unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(source.contains("You have an invitation"), "{email}");
    browser
        .click("form[action$='/accept'] button[type=submit]")
        .await
        .unwrap();
    let source = browser.page_source().await.unwrap();
    assert!(
        !source.contains("You have an invitation"),
        "{email} has joined"
    );
    assert!(source.contains("Record a stock-take"), "{email} now acts");
    sign_out(browser).await;
}

#[tokio::test]
async fn a_trust_convenes_partners_join_a_goal_is_agreed_and_a_stock_take_moves_the_public_chart() {
    let db = TestDatabase::sqlite();
    let store = db.store().await;
    let people = people(&store).await;
    let server = TestServer::start(store.clone()).await;
    let browser = Browser::start().await.expect("headless Chromium");
    let mut problems = Vec::new();

    // Trust A's administrator convenes a published partnership.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&server.url("/partnerships")).await.unwrap();
    browser
        .click_link_containing("Convene a partnership")
        .await
        .unwrap();
    assert_eq!(browser.text("h1").await.unwrap(), "Convene a partnership");
    check_accessibility(&browser, "/partnerships/new", &mut problems).await;
    choose(&browser, "convener", "trust-17101").await;
    for (field, text) in [
        ("#name", "Every child a reader"),
        ("#issue", "Too few children in the city read at home."),
        ("#schools", "136730"),
        ("#evidence", "Our reading survey of 2,000 families (2026)."),
        ("#vision", "Every child a reader by seven."),
        ("#first_stocktake", "2026-09-01"),
    ] {
        browser.type_into(field, text).await.unwrap();
    }
    choose(&browser, "rhythm", "half-termly").await;
    choose(&browser, "published", "yes").await;
    submit(&browser, "/partnerships").await;
    let page = browser.current_url().await.unwrap();
    assert!(
        page.rsplit('/').next().unwrap().parse::<i64>().is_ok(),
        "{page}"
    );
    assert_eq!(browser.text("h1").await.unwrap(), "Every child a reader");
    check_accessibility(&browser, "/partnerships/{id}", &mut problems).await;

    // It invites a second trust and a charity as partners.
    for org in ["trust-900001".to_string(), people.charity.key()] {
        browser.goto(&page).await.unwrap();
        browser.type_into("#org", &org).await.unwrap();
        choose(&browser, "role", "partner").await;
        submit(&browser, "/invitations").await;
        let source = browser.page_source().await.unwrap();
        assert!(!source.contains("There is a problem"), "{org}: {source}");
    }
    sign_out(&browser).await;

    // Each joins when its administrator accepts.
    accept_invitation(&browser, &server, PARTNER, &page).await;
    accept_invitation(&browser, &server, CHARITY, &page).await;

    // The convener drafts a goal, agrees it, and adds two commitments.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&page).await.unwrap();
    browser.click_link_containing("Add a goal").await.unwrap();
    check_accessibility(&browser, "/partnerships/{id}/goals/new", &mut problems).await;
    for (field, text) in [
        ("#title", "Readers by seven"),
        (
            "#measure",
            "Pupils meeting the expected standard in reading at seven",
        ),
        ("#unit", "%"),
        ("#baseline", "62"),
        ("#baseline_on", "2026-07-01"),
        ("#target", "80"),
        ("#deadline", "2028-07-01"),
    ] {
        browser.type_into(field, text).await.unwrap();
    }
    choose(&browser, "owner", "trust-17101").await;
    submit(&browser, "/goals").await;
    browser
        .click("form[action$='/agree'] button[type=submit]")
        .await
        .unwrap();
    for (owner, action) in [
        (
            "trust-900001",
            "Run reading cafés for parents every half term",
        ),
        (
            people.charity.key().as_str(),
            "Give every family a library card",
        ),
    ] {
        browser.goto(&page).await.unwrap();
        browser
            .click_link_containing("Add a commitment")
            .await
            .unwrap();
        let goal = browser
            .execute("return document.querySelector(\"input[name='goal']\").value;")
            .await
            .unwrap();
        choose(&browser, "goal", goal.as_str().unwrap()).await;
        choose(&browser, "owner", owner).await;
        browser.type_into("#action", action).await.unwrap();
        browser.type_into("#due", "2027-03-16").await.unwrap();
        browser.type_into("#days", "3").await.unwrap();
        submit(&browser, "/commitments").await;
        let source = browser.page_source().await.unwrap();
        assert!(!source.contains("There is a problem"), "{owner}: {source}");
    }
    check_accessibility(
        &browser,
        "/partnerships/{id}/commitments/new",
        &mut problems,
    )
    .await;
    sign_out(&browser).await;

    // The public page before any stock-take: the goal, no measured point.
    browser.goto(&page).await.unwrap();
    let public = browser.page_source().await.unwrap();
    assert!(public.contains("Readers by seven"));
    assert!(public.contains("Give every family a library card"));
    assert_eq!(measured_points(&browser).await, 0);

    // The convener holds a stock-take with a measured value and a members-only note.
    sign_in(&browser, &server, CONVENER).await;
    browser.goto(&page).await.unwrap();
    browser
        .click_link_containing("Record a stock-take")
        .await
        .unwrap();
    check_accessibility(&browser, "/partnerships/{id}/stocktakes/new", &mut problems).await;
    browser.type_into("#held_on", "2026-10-20").await.unwrap();
    let statuses = browser
        .execute(
            "return [...new Set([...document.querySelectorAll(\"input[name^='status-']\")].map(i => i.name))];",
        )
        .await
        .unwrap();
    let statuses: Vec<String> = serde_json::from_value(statuses).unwrap();
    assert_eq!(statuses.len(), 2, "both commitments are reviewed");
    for (i, name) in statuses.iter().enumerate() {
        choose(&browser, name, if i == 0 { "on_track" } else { "at_risk" }).await;
        let note = name.replace("status-", "note-");
        browser
            .type_into(&format!("#{note}"), "MEMBERS-ONLY-NOTE")
            .await
            .unwrap();
    }
    browser
        .type_into("input[id^='value-']", "68")
        .await
        .unwrap();
    browser
        .type_into("#decisions", "MEMBERS-ONLY-DECISION")
        .await
        .unwrap();
    browser
        .type_into("#summary", "Reading cafés have started in three schools.")
        .await
        .unwrap();
    submit(&browser, "/stocktakes").await;
    let source = browser.page_source().await.unwrap();
    assert!(!source.contains("There is a problem"), "{source}");
    sign_out(&browser).await;

    // The public page after: one measured point, the summary, none of the members' notes.
    browser.goto(&page).await.unwrap();
    check_accessibility(&browser, "the public page", &mut problems).await;
    assert_eq!(measured_points(&browser).await, 1, "the chart changed");
    let public = browser.page_source().await.unwrap();
    assert!(public.contains("Reading cafés have started in three schools."));
    assert!(
        public.contains("At risk"),
        "a commitment's status is public"
    );
    for secret in ["MEMBERS-ONLY-NOTE", "MEMBERS-ONLY-DECISION"] {
        assert!(!public.contains(secret), "the public page shows {secret}");
    }

    browser.quit().await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
