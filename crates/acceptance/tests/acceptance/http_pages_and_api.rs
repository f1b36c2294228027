//! The running server over HTTP, on both backends, with the national data: pages, 404s,
//! the JSON API, CSV exports and the OpenAPI document.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;
use serde_json::Value;

async fn get(server: &TestServer, path: &str) -> (u16, String, String) {
    let response = reqwest::get(server.url(path))
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_string())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

async fn json(server: &TestServer, path: &str) -> Value {
    let (status, content_type, body) = get(server, path).await;
    assert_eq!(status, 200, "{path}: {body}");
    assert!(
        content_type.starts_with("application/json"),
        "{path}: {content_type}"
    );
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn pages_api_and_exports_work_on_both_backends() {
    let dataset = convene_dataset::bundled().unwrap();
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset, &|_, _| {}).await.unwrap();
        let server = TestServer::start(store).await;
        let backend = format!("{:?}", db.backend);

        let (status, _, home) = get(&server, "/").await;
        assert_eq!(status, 200, "{backend}");
        assert!(home.contains("govuk-skip-link") && home.contains("main-content"));
        assert!(home.contains(
            "Contains public sector information licensed under the Open Government Licence v3.0."
        ));
        assert!(
            home.contains("31 August 2025"),
            "home should date the Ofsted data"
        );
        assert!(home.contains("<label"), "search box needs a label");

        for (query, expected) in [
            ("shenley+brook", "Shenley Brook End School"),
            ("136730", "Shenley Brook End School"),
            ("TR01904", "Shenley Brook End School"),
            ("MK5+7ZT", "Shenley Brook End School"),
            ("milton+keynes", "Shenley Brook End School"),
        ] {
            let (status, _, page) = get(&server, &format!("/search?q={query}&per_page=100")).await;
            assert_eq!(status, 200);
            assert!(
                page.contains(expected),
                "{backend}: search {query} should find {expected}"
            );
        }
        let (_, _, filtered) = get(&server, "/search?q=milton+keynes&phase=primary").await;
        assert!(
            !filtered.contains("Shenley Brook End School"),
            "phase filter must exclude a secondary"
        );
        let (status, _, _) = get(&server, "/search?q=x&judgement=splendid").await;
        assert_eq!(status, 400, "bad filter values are refused");

        let (status, _, school) = get(&server, "/schools/136730").await;
        assert_eq!(status, 200);
        for fact in [
            "Shenley Brook End School",
            "5 DIMENSIONS TRUST",
            "/trusts/17101",
            "Milton Keynes",
            "21 January 2015",
            "Good",
        ] {
            assert!(school.contains(fact), "{backend}: school page lacks {fact}");
        }
        let (status, _, trust) = get(&server, "/trusts/17101").await;
        assert_eq!(status, 200);
        for fact in [
            "5 DIMENSIONS TRUST",
            "TR01904",
            "07595434",
            "Shenley Brook End School",
            "Walton High",
            "/schools/136730",
        ] {
            assert!(trust.contains(fact), "{backend}: trust page lacks {fact}");
        }
        let redirect = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let response = redirect
            .get(server.url("/trusts/TR01904"))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_redirection());
        assert_eq!(response.headers()["location"], "/trusts/17101");

        for missing in [
            "/schools/1",
            "/schools/abc",
            "/trusts/1",
            "/local-authorities/1",
            "/regions/atlantis",
        ] {
            let (status, _, page) = get(&server, missing).await;
            assert_eq!(status, 404, "{backend}: {missing}");
            assert!(page.contains("Page not found"), "{missing}");
        }

        let (status, _, la) = get(&server, "/local-authorities/826").await;
        assert_eq!(status, 200);
        assert!(la.contains("Milton Keynes") && la.contains("5 DIMENSIONS TRUST"));
        let (status, _, region) = get(&server, "/regions/south-east").await;
        assert_eq!(status, 200);
        assert!(region.contains("Milton Keynes"));

        let page = json(&server, "/api/v1/schools?q=shenley+brook").await;
        assert_eq!(page["items"][0]["urn"], 136730);
        assert_eq!(page["items"][0]["trust_uid"], 17101);
        let detail = json(&server, "/api/v1/schools/136730").await;
        assert_eq!(detail["school"]["name"], "Shenley Brook End School");
        assert_eq!(detail["school"]["ofsted"]["inspection_date"], "2015-01-21");
        let trust = json(&server, "/api/v1/trusts/17101").await;
        assert_eq!(trust["group"]["group_id"], "TR01904");
        assert!(trust["schools"].as_array().unwrap().len() >= 3);
        let (status, content_type, body) = get(&server, "/api/v1/schools/1").await;
        assert_eq!(status, 404);
        assert!(content_type.starts_with("application/json") && body.contains("error"));

        let (status, content_type, csv) = get(&server, "/api/v1/schools.csv?la=826").await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("text/csv"));
        let mut lines = csv.lines();
        assert!(lines.next().unwrap().starts_with("urn,name,"));
        assert!(csv.contains("136730,Shenley Brook End School"));
        assert!(lines.count() > 100, "Milton Keynes has over 100 schools");
        let (_, _, trust_csv) = get(&server, "/trusts/17101/schools.csv").await;
        assert!(trust_csv.contains("Walton High"));

        let openapi = json(&server, "/api/v1/openapi.json").await;
        assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
        assert!(openapi["paths"].get("/api/v1/schools/{urn}").is_some());
    }
}
