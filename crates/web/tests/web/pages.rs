//! The HTML pages.

use crate::support::Server;

/// Checks the accessibility basics every page must meet.
fn assert_accessible(path: &str, page: &str) {
    assert!(page.contains(r#"<html lang="en""#), "{path}: lang");
    assert!(
        page.contains(r##"<a href="#main-content" class="govuk-skip-link""##),
        "{path}: skip link"
    );
    assert!(
        page.contains(r#"id="main-content""#),
        "{path}: main landmark"
    );
    assert_eq!(page.matches("<h1").count(), 1, "{path}: exactly one h1");
    assert_eq!(
        page.matches("<table").count(),
        page.matches("<caption").count(),
        "{path}: every table has a caption"
    );
    assert_eq!(
        page.matches("<table").count(),
        page.matches(r#"<div class="convene-table-scroll""#).count(),
        "{path}: every table scrolls in its own box"
    );
    assert_eq!(
        page.matches("<th ").count(),
        page.matches(r#"<th scope="col""#).count() + page.matches(r#"<th scope="row""#).count(),
        "{path}: every header cell has a scope"
    );
    let inputs = page.matches("<input").count() - page.matches(r#"type="hidden""#).count();
    assert!(
        page.matches("<label").count() + page.matches("<select").count() >= inputs,
        "{path}: inputs have labels"
    );
    assert!(
        page.contains(
            "Contains public sector information licensed under the Open Government Licence v3.0."
        ),
        "{path}: OGL attribution"
    );
}

#[tokio::test]
async fn home_page_explains_searches_and_attributes_the_data() {
    let server = Server::start().await;
    let home = server.page("/").await;
    assert_accessible("/", &home);
    assert!(home.contains(
        r#"<label class="govuk-label govuk-label--m" for="q">Search for a school or trust</label>"#
    ));
    assert!(home.contains("Name, URN, Group UID or TR number, postcode or local authority"));
    assert!(
        home.contains(r#"action="/search" method="get""#)
            || home.contains(r#"method="get" action="/search""#)
    );
    assert!(home.contains(
        "Ofsted data as at 31 August 2025 (state_funded_schools_inspections_as_at_2025-08-31.csv)"
    ));
    assert!(home.contains("GIAS trusts and groups (allgroupsdata.csv)"));
    assert!(
        home.contains("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
    );
    assert!(
        home.contains(r#"href="/regions/south-east""#)
            && home.contains(r#"href="/local-authorities""#)
    );
    assert!(home.contains(r#"<script type="module" src="/assets/convene-init.js">"#));
}

#[tokio::test]
async fn search_finds_schools_by_name_urn_trust_id_postcode_and_place() {
    let server = Server::start().await;
    for query in [
        "shenley+brook",
        "136730",
        "TR01904",
        "tr01904",
        "MK5+7ZT",
        "mk57zt",
        "milton+keynes",
    ] {
        let page = server.page(&format!("/search?q={query}")).await;
        assert!(page.contains("Shenley Brook End School"), "search {query}");
        assert!(
            page.contains(r#"href="/schools/136730""#),
            "search {query} links the school"
        );
    }
    let page = server.page("/search?q=milton+keynes").await;
    assert_accessible("/search", &page);
    assert!(
        page.contains("Showing 1 to 2 of 2 schools"),
        "closed schools are left out"
    );
    assert!(page.contains("Good (inspected 21 January 2015)"));
    assert!(page.contains(r#"href="/trusts/17101""#));
    assert!(page.contains("1,905"), "pupils with thousands separators");
    assert!(page.contains(r#"href="/search.csv?q=milton+keynes""#));

    let with_closed = server.page("/search?q=milton+keynes&closed=on").await;
    assert!(with_closed.contains("Old Shenley School"));
    assert!(with_closed.contains(r#"name="closed" type="checkbox" value="on" checked"#));

    let primary = server.page("/search?q=milton+keynes&phase=primary").await;
    assert!(
        !primary.contains("Shenley Brook End School"),
        "phase filter"
    );
    assert!(primary.contains("No schools found"));
    let outstanding = server.page("/search?judgement=outstanding").await;
    assert!(outstanding.contains("The Aldgate School") && !outstanding.contains("Walton High"));
    let london = server.page("/search?region=london").await;
    assert!(london.contains("The Aldgate School") && !london.contains("Walton High"));
    let la = server.page("/search?la=201").await;
    assert!(la.contains("The Aldgate School") && !la.contains("Walton High"));
    assert!(
        la.contains("Only schools in City of London (local authority 201)."),
        "the filter names the LA"
    );
    let typed = server.page("/search?type=Voluntary+aided+school").await;
    assert!(typed.contains("The Aldgate School") && !typed.contains("Walton High"));
    assert!(typed.contains(r#"<option value="Voluntary aided school" selected>"#));
}

#[tokio::test]
async fn search_lists_matching_trusts_and_pages_results() {
    let server = Server::start().await;
    let page = server.page("/search?q=5+dimensions").await;
    assert!(page.contains("Trusts: 1 match"));
    assert!(page.contains(r#"<a class="govuk-link" href="/trusts/17101">5 DIMENSIONS TRUST</a>"#));

    let first = server.page("/search?per_page=1&closed=on").await;
    assert!(first.contains("Showing 1 to 1 of 4 schools"));
    assert!(first.contains(r#"class="govuk-pagination""#));
    assert!(first.contains(r#"href="/search?closed=on&amp;per_page=1&amp;page=2""#));
    let second = server.page("/search?per_page=1&closed=on&page=2").await;
    assert!(second.contains("Showing 2 to 2 of 4 schools"));
    assert!(second.contains(r#"aria-current="page">2</a>"#));

    let trusts = server.page("/trusts?q=dimensions").await;
    assert_accessible("/trusts", &trusts);
    assert!(trusts.contains("5 DIMENSIONS TRUST") && trusts.contains("TR01904"));
    assert!(trusts.contains(r#"href="/trusts.csv?q=dimensions""#));
    let elsewhere = server.page("/trusts?region=london").await;
    assert!(elsewhere.contains("No trusts found"));
}

#[tokio::test]
async fn bad_filter_values_get_a_clear_400_page() {
    let server = Server::start().await;
    for path in [
        "/search?judgement=splendid",
        "/search?phase=juniors",
        "/search?page=two",
        "/trusts?region=atlantis",
        "/search.csv?la=bath",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status, 400, "{path}");
        assert!(
            response
                .header("content-type")
                .unwrap_or_default()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            response
                .body
                .contains("There is a problem with your request"),
            "{path}"
        );
        assert_accessible(path, &response.body);
    }
    let response = server.get("/search?judgement=splendid").await;
    assert!(response.body.contains("splendid") && response.body.contains("requires_improvement"));
}

#[tokio::test]
async fn school_page_shows_facts_trust_and_dated_judgements() {
    let server = Server::start().await;
    let page = server.page("/schools/136730").await;
    assert_accessible("/schools/136730", &page);
    assert!(page.contains("<title>Shenley Brook End School – Convene</title>"));
    assert!(page.contains(r#"<h1 class="govuk-heading-xl">Shenley Brook End School</h1>"#));
    for fact in [
        "8264001",
        "10004567",
        "11 to 18",
        "Walbank Grove, Milton Keynes, MK5 7ZT",
        r#"href="https://www.sbe.example""#,
        r#"href="/trusts/17101">5 DIMENSIONS TRUST</a>"#,
        "joined 1 April 2011",
        "Good (inspected 21 January 2015)",
        "Leadership and management",
        "Sixth form provision",
        "Effective",
        "20 February 2015",
        "S5 Inspection",
        "Outstanding (inspected 9 November 2011)",
        "1 May 2019: School remains Good",
        "1,905",
        "8.4%",
        "20.1%",
        "1, the most deprived 20%",
        r#"href="/local-authorities/826">Milton Keynes</a>"#,
        r#"href="/regions/south-east">South East</a>"#,
        "Easting 482000, northing 236000",
        r#"href="/schools/999001">Old Shenley School</a>"#,
    ] {
        assert!(page.contains(fact), "school page lacks {fact}");
    }
    assert!(
        !page.contains("Behaviour and attitudes"),
        "absent sub-judgements are not shown"
    );

    let walton = server.page("/schools/110535").await;
    assert!(walton.contains(
        "No overall effectiveness grade (inspections from September 2024 do not give one)"
    ));
    assert!(walton.contains("5 November 2024"));

    let aldgate = server.page("/schools/100000").await;
    assert!(aldgate.contains("Not in an academy trust"));
    assert!(
        aldgate.contains("Aldgate Federation")
            && aldgate.contains("Federation, joined 1 January 2010")
    );
}

#[tokio::test]
async fn trust_page_lists_members_and_figures() {
    let server = Server::start().await;
    let page = server.page("/trusts/17101").await;
    assert_accessible("/trusts/17101", &page);
    for fact in [
        r#"<h1 class="govuk-heading-xl">5 DIMENSIONS TRUST</h1>"#,
        "TR01904",
        r#"href="https://find-and-update.company-information.service.gov.uk/company/07595434""#,
        "Multi-academy trust",
        "Ms A Head",
        "4,405",
        r#"href="/schools/136730">Shenley Brook End School</a>"#,
        r#"href="/schools/110535">Walton High</a>"#,
        "No overall grade (inspected 5 November 2024)",
        "1 September 2012",
        r#"href="/local-authorities/826">Milton Keynes</a>"#,
        r#"href="/regions/south-east">South East</a>"#,
        r#"href="/trusts/17101/schools.csv""#,
        "Schools by latest Ofsted judgement",
    ] {
        assert!(page.contains(fact), "trust page lacks {fact}");
    }
    assert!(
        !page.contains("Old Shenley School"),
        "closed schools are not members"
    );

    let redirect = server.get("/trusts/TR01904").await;
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/trusts/17101"));
    let csv = server.get("/trusts/17101/schools.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.contains("Walton High") && csv.body.contains("Shenley Brook End School"));
}

#[tokio::test]
async fn unknown_things_get_a_proper_404_page() {
    let server = Server::start().await;
    for (path, message) in [
        ("/schools/1", "No school has URN 1."),
        ("/schools/abc", "No school has URN abc."),
        ("/trusts/1", "No trust has Group UID or Group ID 1."),
        (
            "/trusts/TR99999",
            "No trust has Group UID or Group ID TR99999.",
        ),
        ("/local-authorities/1", "No local authority has the code 1."),
        (
            "/local-authorities/abc",
            "No local authority has the code abc.",
        ),
        ("/regions/atlantis", "There is no region called atlantis."),
        ("/nowhere", "There is no page at this address."),
        (
            "/assets/nothing.css",
            "There is no file called nothing.css.",
        ),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status, 404, "{path}");
        assert!(
            response
                .header("content-type")
                .unwrap_or_default()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(
            response
                .body
                .contains(r#"<h1 class="govuk-heading-l">Page not found</h1>"#),
            "{path}"
        );
        assert!(
            response.body.contains(message),
            "{path} should say {message}"
        );
        assert_accessible(path, &response.body);
    }
}

#[tokio::test]
async fn places_show_their_schools_and_trusts() {
    let server = Server::start().await;
    let list = server.page("/local-authorities").await;
    assert_accessible("/local-authorities", &list);
    assert!(list.contains(r#"href="/local-authorities/826">Milton Keynes</a>"#));
    assert!(
        list.contains("100%"),
        "both open Milton Keynes schools are in trusts"
    );

    let la = server.page("/local-authorities/826").await;
    assert_accessible("/local-authorities/826", &la);
    for fact in [
        r#"<h1 class="govuk-heading-xl">Milton Keynes</h1>"#,
        r#"href="/trusts/17101">5 DIMENSIONS TRUST</a>"#,
        "Shenley Brook End School",
        "4,405",
        r#"href="/local-authorities/826/schools.csv""#,
        r#"href="/search?la=826&amp;judgement=good""#,
    ] {
        assert!(la.contains(fact), "LA page lacks {fact}");
    }
    let la_csv = server.get("/local-authorities/826/schools.csv").await;
    assert!(la_csv.body.contains("136730,Shenley Brook End School"));

    let regions = server.page("/regions").await;
    assert_accessible("/regions", &regions);
    assert!(regions.contains(r#"href="/regions/yorkshire-and-the-humber""#));
    let region = server.page("/regions/south-east").await;
    assert_accessible("/regions/south-east", &region);
    assert!(region.contains(r#"href="/local-authorities/826">Milton Keynes</a>"#));
    assert!(region.contains("Walton High"));
    assert!(!region.contains("The Aldgate School"));
    let region_csv = server.get("/regions/london/schools.csv").await;
    assert!(region_csv.body.contains("The Aldgate School") && !region_csv.body.contains("Walton"));
}

#[tokio::test]
async fn data_api_and_health_pages() {
    let server = Server::start().await;
    let data = server.page("/data").await;
    assert_accessible("/data", &data);
    for fact in [
        "Ofsted, state-funded schools inspections and outcomes",
        "state_funded_schools_inspections_as_at_2025-08-31.csv",
        "31 August 2025",
        "convene import &lt;kind&gt; &lt;file&gt;",
        "gias-establishments",
        "Platform administrators can see the history of every import",
    ] {
        assert!(data.contains(fact), "/data lacks {fact}");
    }
    assert!(
        !data.contains("Rows read"),
        "the import history is not public"
    );
    for kind in convene_domain::import::ImportKind::ALL {
        assert!(
            data.contains(&format!("<code>{}</code>", kind.key())),
            "/data does not say how to import {kind:?}"
        );
    }
    let api = server.page("/api").await;
    assert_accessible("/api", &api);
    for spec in convene_web::route_table() {
        if spec.path.starts_with("/api/") {
            assert!(
                api.contains(spec.path),
                "/api does not describe {}",
                spec.path
            );
        }
    }
    let health = server.get("/healthz").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
}

#[tokio::test]
async fn assets_are_served_for_a_year() {
    let server = Server::start().await;
    for path in [
        "/assets/govuk-frontend.min.css",
        "/assets/govuk-frontend.min.js",
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{path}"
        );
        assert!(response.header("content-type").is_some());
    }
}
