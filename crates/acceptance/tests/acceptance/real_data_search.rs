//! Search over the bundled national data on both backends, through the server: spelling
//! variants give the same results, a typo is forgiven, identifiers find their record first,
//! and the index follows an import.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;
use convene_acceptance::web_client::WebClient;
use convene_domain::import::{Completeness, ImportKind, ImportSource};
use convene_store::ImportOptions;
use serde_json::Value;

/// The URNs (or Group UIDs) of a page of results, in order, with the total.
async fn found(web: &WebClient, list: &str, text: &str, key: &str) -> (Vec<i64>, u64, Value) {
    let query = format!("q={}&per_page=100", text.replace(' ', "+"));
    let page = web.get(&format!("/api/v1/{list}?{query}")).await.json();
    let ids = page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{list}?{query}: {page}"))
        .iter()
        .map(|item| item[key].as_i64().unwrap())
        .collect();
    (ids, page["total"].as_u64().unwrap(), page)
}

#[tokio::test]
async fn search_over_the_national_data_is_forgiving_and_ranked_and_follows_imports() {
    let dataset = convene_dataset::bundled().expect("bundled dataset decodes");
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset, &|_, _| {}).await.unwrap();
        let server = TestServer::start_with(store.clone(), |config| {
            config.recheck_data_after = std::time::Duration::ZERO;
        })
        .await;
        let web = WebClient::new(&server);
        let backend = db.backend;

        let (plain, plain_total, _) = found(&web, "schools", "st marys", "urn").await;
        assert!(plain_total > 300, "{backend:?}: {plain_total} for st marys");
        for variant in ["st mary's", "St Mary\u{2019}s", "ST MARYS"] {
            let (ids, total, _) = found(&web, "schools", variant, "urn").await;
            assert_eq!(
                (&ids, total),
                (&plain, plain_total),
                "{backend:?}: {variant}"
            );
        }

        let (_, harris_total, harris) = found(&web, "schools", "harris acadmy", "urn").await;
        assert!(
            harris_total >= 20,
            "{backend:?}: {harris_total} Harris academies"
        );
        let first = harris["items"][0]["name"].as_str().unwrap().to_lowercase();
        assert!(
            first.starts_with("harris") && first.contains("academy"),
            "{backend:?}: {first}"
        );

        let (by_urn, _, shenley) = found(&web, "schools", "136730", "urn").await;
        assert_eq!(by_urn.first(), Some(&136730), "{backend:?}");
        assert_eq!(shenley["items"][0]["name"], "Shenley Brook End School");
        let postcode = shenley["items"][0]["postcode"]
            .as_str()
            .unwrap()
            .to_string();
        let (by_postcode, _, _) = found(&web, "schools", &postcode, "urn").await;
        assert_eq!(
            by_postcode.first(),
            Some(&136730),
            "{backend:?}: {postcode}"
        );

        let (by_group_id, _, _) = found(&web, "trusts", "TR01904", "uid").await;
        assert_eq!(by_group_id.first(), Some(&17101), "{backend:?}");
        let (named, _, _) = found(&web, "trusts", "5 dimensions", "uid").await;
        assert_eq!(named.first(), Some(&17101), "{backend:?}");

        // Shenley Brook End is renamed in a (partial) GIAS download.
        let file = "edubasealldata20260901.csv";
        let csv = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name),GOR (name),Postcode,NumberOfPupils,PercentageFSM,Easting,Northing\r\n\
136730,826,Milton Keynes,4104,Westcroft Quillion School,Academy converter,Open,Secondary,17101,5 DIMENSIONS TRUST,South East,MK5 7ZT,1883,9.5,484000,235000\r\n";
        let (batch, errors, _) =
            convene_sources::parse(ImportKind::GiasEstablishments, file, csv.as_bytes()).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let source = ImportSource {
            kind: ImportKind::GiasEstablishments,
            file_name: file.into(),
            data_date: None,
        };
        let options = ImportOptions {
            completeness: Completeness::Partial,
            ..ImportOptions::default()
        };
        store
            .apply_import(&batch, &source, &options, &|_, _| {})
            .await
            .unwrap();
        let (renamed, _, _) = found(&web, "schools", "quillion", "urn").await;
        assert_eq!(renamed, vec![136730], "{backend:?}: found by its new name");
        let (typo, _, _) = found(&web, "schools", "westcroft quilion", "urn").await;
        assert_eq!(typo.first(), Some(&136730), "{backend:?}");
    }
}
