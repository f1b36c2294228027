//! The JSON API, CSV downloads and the OpenAPI document.

use crate::support::Server;
use convene_domain::import::ImportKind;
use convene_web::api::openapi;

const CSV_HEADER: &str = "urn,name,status,phase,type,la_code,la_name,region,postcode,pupils,fsm_percent,ofsted_overall,ofsted_inspection_date,trust_uid,trust_name";

#[tokio::test]
async fn school_search_and_detail_as_json() {
    let server = Server::start().await;
    let response = server.get("/api/v1/schools?q=shenley+brook").await;
    assert_eq!(response.status, 200);
    assert!(response
        .header("content-type")
        .unwrap_or_default()
        .starts_with("application/json"));
    let page = response.json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["page"], 1);
    assert_eq!(page["per_page"], 50);
    let school = &page["items"][0];
    assert_eq!(school["urn"], 136730);
    assert_eq!(school["trust_uid"], 17101);
    assert_eq!(school["trust_name"], "5 DIMENSIONS TRUST");
    assert_eq!(school["phase"], "secondary");
    assert_eq!(school["ofsted_overall"], "good");
    assert_eq!(school["ofsted_inspection_date"], "2015-01-21");
    assert_eq!(school["region"], "south-east");

    let paged = server
        .get("/api/v1/schools?closed=true&per_page=2&page=2")
        .await
        .json();
    assert_eq!(
        (
            paged["total"].as_u64(),
            paged["items"].as_array().map(Vec::len)
        ),
        (Some(4), Some(2))
    );

    let detail = server.get("/api/v1/schools/136730").await.json();
    assert_eq!(detail["school"]["name"], "Shenley Brook End School");
    assert_eq!(detail["school"]["ofsted"]["inspection_date"], "2015-01-21");
    assert_eq!(detail["school"]["ofsted"]["overall"], "good");
    assert_eq!(detail["school"]["location"]["easting"], 482000);
    let latitude = detail["wgs84"]["latitude"].as_f64().unwrap();
    let longitude = detail["wgs84"]["longitude"].as_f64().unwrap();
    assert!(
        (latitude - 52.0123).abs() < 0.01 && (longitude + 0.7966).abs() < 0.01,
        "{latitude}, {longitude}"
    );
    assert_eq!(detail["memberships"][0]["group"]["uid"], 17101);
    assert_eq!(detail["memberships"][0]["joined_date"], "2011-04-01");
    assert_eq!(detail["links"][0]["linked_urn"], 999001);
}

#[tokio::test]
async fn trust_search_and_detail_as_json() {
    let server = Server::start().await;
    let page = server.get("/api/v1/trusts?q=TR01904").await.json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["uid"], 17101);
    assert_eq!(page["items"][0]["schools"], 2);
    assert_eq!(page["items"][0]["pupils"], 4405);
    let federations = server.get("/api/v1/trusts?kind=federation").await.json();
    assert_eq!(federations["items"][0]["name"], "Aldgate Federation");

    for path in ["/api/v1/trusts/17101", "/api/v1/trusts/TR01904"] {
        let trust = server.get(path).await.json();
        assert_eq!(trust["group"]["group_id"], "TR01904", "{path}");
        assert_eq!(trust["group"]["companies_house_number"], "07595434");
        assert_eq!(trust["headline"]["schools"], 2);
        assert_eq!(trust["schools"].as_array().map(Vec::len), Some(2));
    }
}

#[tokio::test]
async fn places_and_sources_as_json() {
    let server = Server::start().await;
    let las = server.get("/api/v1/local-authorities").await.json();
    assert_eq!(las.as_array().map(Vec::len), Some(2));
    let london = server
        .get("/api/v1/local-authorities?region=london")
        .await
        .json();
    assert_eq!(london[0]["local_authority"]["name"], "City of London");

    let la = server.get("/api/v1/local-authorities/826").await.json();
    assert_eq!(la["local_authority"]["name"], "Milton Keynes");
    assert_eq!(la["area"]["schools"], 2);
    assert_eq!(la["area"]["in_trusts"], 2);
    assert_eq!(la["area"]["trusts"][0]["uid"], 17101);

    let regions = server.get("/api/v1/regions").await.json();
    assert_eq!(regions.as_array().map(Vec::len), Some(9));
    let south_east = regions
        .as_array()
        .and_then(|r| r.iter().find(|r| r["slug"] == "south-east"))
        .expect("the South East");
    assert_eq!(
        (
            south_east["schools"].as_u64(),
            south_east["local_authorities"].as_u64()
        ),
        (Some(2), Some(1))
    );
    let region = server.get("/api/v1/regions/london").await.json();
    assert_eq!(region["region"]["name"], "London");
    assert_eq!(region["area"]["schools"], 1);

    let sources = server.get("/api/v1/sources").await.json();
    assert_eq!(sources[0]["source"]["kind"], "ofsted");
    assert_eq!(sources[0]["source"]["data_date"], "2025-08-31");
}

#[tokio::test]
async fn api_errors_are_json() {
    let server = Server::start().await;
    for (path, status) in [
        ("/api/v1/schools/1", 404),
        ("/api/v1/schools/abc", 404),
        ("/api/v1/trusts/1", 404),
        ("/api/v1/local-authorities/999", 404),
        ("/api/v1/regions/atlantis", 404),
        ("/api/v1/nothing", 404),
        ("/api/v1/schools?judgement=splendid", 400),
        ("/api/v1/schools?per_page=lots", 400),
        ("/api/v1/trusts?kind=club", 400),
        ("/api/v1/schools.csv?phase=juniors", 400),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status, status, "{path}");
        assert!(
            response
                .header("content-type")
                .unwrap_or_default()
                .starts_with("application/json"),
            "{path}"
        );
        let body = response.json();
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{path}: {body}"
        );
    }
    let body = server.get("/api/v1/schools/1").await.json();
    assert_eq!(body["error"], "No school has URN 1.");
}

#[tokio::test]
async fn csv_downloads_have_a_header_and_every_matching_row() {
    let server = Server::start().await;
    let response = server.get("/api/v1/schools.csv?la=826&per_page=1").await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        response.header("content-disposition"),
        Some(r#"attachment; filename="schools.csv""#)
    );
    let lines: Vec<&str> = response.body.lines().collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(
        lines.len(),
        3,
        "every open school in the LA, whatever per_page says"
    );
    assert!(lines.contains(&"136730,Shenley Brook End School,Open,Secondary,Academy converter,826,Milton Keynes,South East,MK5 7ZT,1905,8.4,Good,2015-01-21,17101,5 DIMENSIONS TRUST"));

    let page_csv = server.get("/search.csv?q=milton+keynes&closed=on").await;
    assert_eq!(page_csv.body.lines().count(), 4);
    assert!(page_csv.body.starts_with(CSV_HEADER));

    let trusts = server.get("/api/v1/trusts.csv").await;
    assert_eq!(
        trusts.header("content-disposition"),
        Some(r#"attachment; filename="trusts.csv""#)
    );
    let mut lines = trusts.body.lines();
    assert_eq!(
        lines.next(),
        Some("uid,group_id,name,kind,status,companies_house_number,schools,pupils")
    );
    assert_eq!(
        lines.next(),
        Some("17101,TR01904,5 DIMENSIONS TRUST,Multi-academy trust,Open,07595434,2,4405")
    );
    let trust_schools = server.get("/trusts/17101/schools.csv").await;
    assert_eq!(
        trust_schools.header("content-disposition"),
        Some(r#"attachment; filename="trust-17101-schools.csv""#)
    );
}

#[tokio::test]
async fn openapi_documents_every_api_path_and_every_path_answers() {
    let server = Server::start().await;
    let document = server.get("/api/v1/openapi.json").await.json();
    assert!(document["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let documented = document["paths"].as_object().expect("paths");
    let served: Vec<_> = convene_web::route_table()
        .into_iter()
        .filter(|spec| spec.path.starts_with("/api/"))
        .collect();
    for spec in &served {
        let method = spec.method.as_str().to_ascii_lowercase();
        let operation = &documented
            .get(spec.path)
            .unwrap_or_else(|| panic!("{} is not in the OpenAPI document", spec.path))[&method];
        assert!(
            operation.is_object(),
            "{} {} is not documented",
            method,
            spec.path
        );
        if method != "get" {
            continue;
        }
        let example = openapi::example(spec.path);
        let response = server.get(&example).await;
        let needs_token = operation["security"].as_array().is_some_and(|s| {
            !s.iter()
                .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
        });
        let expected = if needs_token {
            401
        } else if spec.path.contains("{id}") {
            404 // no notes, needs, offers or collaborations exist in a fresh database
        } else {
            200
        };
        assert_eq!(
            response.status, expected,
            "GET {example}: {}",
            response.body
        );
    }
}

#[tokio::test]
async fn the_document_lists_every_kind_of_import() {
    let server = Server::start().await;
    let document = server.get("/api/v1/openapi.json").await.json();
    let kinds = &document["components"]["schemas"]["ImportKind"]["enum"];
    for kind in ImportKind::ALL.map(ImportKind::key) {
        assert!(
            kinds
                .as_array()
                .is_some_and(|k| k.iter().any(|v| v == kind)),
            "ImportKind lacks {kind}: {kinds}"
        );
    }
}

#[tokio::test]
async fn every_list_pages_by_the_same_rule() {
    let server = Server::start().await;
    for list in [
        "/api/v1/schools",
        "/api/v1/trusts",
        "/api/v1/notes",
        "/api/v1/needs",
        "/api/v1/offers",
        "/api/v1/collaborations",
    ] {
        for query in [
            "per_page=0",
            "per_page=501",
            "per_page=lots",
            "page=0",
            "page=18446744073709551615",
            "page=10001",
            "page=",
        ] {
            let path = format!("{list}?{query}");
            let response = server.get(&path).await;
            assert_eq!(response.status, 400, "{path}: {}", response.body);
            let message = response.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let limit = if query.starts_with("page") {
                "from 1 to 10000"
            } else {
                "from 1 to 500"
            };
            assert!(message.contains(limit), "{path}: {message}");
        }
        for query in ["page=10000", "per_page=1", "per_page=500&page=2"] {
            let path = format!("{list}?{query}");
            let response = server.get(&path).await;
            assert_eq!(response.status, 200, "{path}: {}", response.body);
        }
    }
    let empty = server.get("/api/v1/schools?page=10000").await.json();
    assert_eq!(empty["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(empty["page"], 10000);
}

#[tokio::test]
async fn unknown_and_blank_values_are_refused_naming_the_accepted_ones() {
    let server = Server::start().await;
    for (path, accepted) in [
        ("/api/v1/notes?about=null", "trust-<Group UID>"),
        ("/api/v1/notes?mine=yes", "1 or true"),
        ("/api/v1/schools?region=nowhere", "south-east"),
        ("/api/v1/schools?region=", "south-east"),
        ("/api/v1/trusts?region=nowhere", "south-east"),
        ("/api/v1/local-authorities?region=nowhere", "south-east"),
        ("/api/v1/schools?phase=", "secondary"),
        ("/api/v1/schools?closed=on", "true or false"),
        ("/api/v1/trusts?kind=", "multi_academy_trust"),
        ("/api/v1/schools/136730/family?size=0", "from 1 to 50"),
    ] {
        let response = server.get(path).await;
        assert_eq!(response.status, 400, "{path}: {}", response.body);
        let message = response.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(message.contains(accepted), "{path}: {message}");
    }
    let blank_text = server.get("/api/v1/schools?q=&type=").await;
    assert_eq!(blank_text.status, 200, "blank free text means no filter");
    let page = server.page("/search?q=&region=&phase=").await;
    assert!(
        !page.is_empty(),
        "pages still take blank form fields as absent"
    );
}
