//! Profiles, families and coordinates on the real national data: known facts about named
//! trusts and schools, and the British National Grid conversion checked against the
//! latitudes and longitudes DfE publishes in its performance tables.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::shared_data;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::geo::to_lat_lon;
use convene_domain::organisation::{Phase, Status};
use convene_domain::profile::Spread;
use convene_domain::similarity::{distance_km, Basis, ContextMeasure, FamilyFilter};
use convene_domain::{GroupUid, Urn};

async fn national() -> (convene_domain::analysis::SystemInput, SystemAnalysis) {
    let db = TestDatabase::sqlite();
    let store = crate::national::national_store(&db).await;
    let input = store.system_input().await.unwrap();
    let analysis = SystemAnalysis::build(&input);
    (input, analysis)
}

fn uid_named(input: &convene_domain::analysis::SystemInput, name: &str) -> GroupUid {
    input
        .groups
        .iter()
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("{name} is in the data"))
        .uid
}

#[tokio::test]
async fn named_trusts_have_the_profiles_the_data_gives_them() {
    let (input, analysis) = national().await;

    // 5 Dimensions Trust: six Milton Keynes academies, a local trust.
    let five = analysis
        .profile(GroupUid(17101))
        .expect("5 Dimensions Trust");
    assert_eq!(five.schools, 6);
    assert_eq!(five.local_authorities, ["Milton Keynes"]);
    assert_eq!(five.geography.spread, Some(Spread::Local));
    assert!(five.geography.radius_km.unwrap() < 25.0);
    assert_eq!(five.schools_in_phase(Phase::Primary), 3);
    assert_eq!(five.schools_in_phase(Phase::Secondary), 3);

    // United Learning Trust: one of the largest, with schools across England.
    let united = analysis
        .profile(uid_named(&input, "UNITED LEARNING TRUST"))
        .expect("United Learning Trust");
    assert!(united.schools > 60, "{}", united.schools);
    assert_eq!(united.geography.spread, Some(Spread::National));
    assert!(united.regions.len() >= 6, "{:?}", united.regions);

    // The national picture covers every open academy trust with an open school.
    let trusts = analysis.national().trusts;
    assert!((1_900..2_300).contains(&trusts), "{trusts} trusts");
    let standings = analysis.standings(GroupUid(17101)).unwrap();
    let schools = standings
        .iter()
        .find(|s| s.dimension.key() == "schools")
        .unwrap();
    assert!(
        schools.percentile.unwrap() > 50.0,
        "six schools is above the median trust"
    );

    // Similar trusts are other trusts, nearest first.
    let similar = analysis.similar_trusts(GroupUid(17101)).unwrap();
    assert_eq!(similar.neighbours.len(), 10);
    assert!(similar.neighbours.iter().all(|n| n.uid != GroupUid(17101)));
    assert!(similar
        .neighbours
        .windows(2)
        .all(|w| w[0].distance <= w[1].distance));
}

#[tokio::test]
async fn shenley_brook_end_has_a_family_of_twenty_open_secondaries() {
    let (_, analysis) = national().await;
    let family = analysis.family(Urn(136730)).expect("a family");
    assert_eq!(family.phase, Phase::Secondary);
    assert_eq!(family.compared_as, Phase::Secondary);
    assert_eq!(family.neighbours.len(), 20);
    for n in &family.neighbours {
        let school = analysis.school(n.urn).unwrap();
        // Changed by the DfE-like method: all-through schools are compared with secondaries.
        assert!(
            matches!(school.phase, Phase::Secondary | Phase::AllThrough),
            "{}",
            school.name
        );
        assert_ne!(school.status, Status::Closed);
        assert_ne!(n.urn, Urn(136730));
        let shares: f64 = n.contributions.iter().map(|c| c.share_of_distance).sum();
        assert!(n.distance == 0.0 || (shares - 1.0).abs() < 1e-9);
    }
    assert_eq!(
        analysis.family(Urn(136730)),
        Some(family.clone()),
        "the same data gives the same family"
    );
    // Disadvantage is DfE's pupil premium measure where it is published, with its year.
    let disadvantage = &family.context[1];
    assert_eq!(disadvantage.measure, ContextMeasure::DisadvantagePercent);
    assert_eq!(disadvantage.basis, Basis::PupilPremium);
    assert!(disadvantage.source.as_deref().unwrap().contains("2019/20"));

    // Filters: within 10 km, same local authority.
    let school = analysis.school(Urn(136730)).unwrap();
    let near = FamilyFilter {
        within_km: Some(10.0),
        same_la: true,
        ..FamilyFilter::default()
    };
    let local = analysis.family_filtered(Urn(136730), 20, &near).unwrap();
    assert!(!local.neighbours.is_empty());
    for n in &local.neighbours {
        let other = analysis.school(n.urn).unwrap();
        assert!(distance_km(school.location.unwrap(), other.location.unwrap()) <= 10.0);
        assert_eq!(other.la_code, school.la_code);
    }
}

/// Distance in metres between two WGS84 points (haversine).
fn metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

#[tokio::test]
async fn grid_references_convert_to_the_coordinates_dfe_publishes() {
    let (_, analysis) = national().await;
    let mut gaps = Vec::new();
    let (mut north, mut east) = (0.0, 0.0);
    for file in ["performance/ks4_2018-19.csv", "performance/ks2_2018-19.csv"] {
        let mut reader = csv::Reader::from_path(shared_data(file)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (urn, lat, lon) = (column("URN"), column("LATITUDE"), column("LONGITUDE"));
        for record in reader.records() {
            let record = record.unwrap();
            let (Ok(u), Ok(la), Ok(lo)) = (
                record[urn].parse::<i64>(),
                record[lat].parse::<f64>(),
                record[lon].parse::<f64>(),
            ) else {
                continue;
            };
            if let Some(grid) = analysis.school(Urn(u)).and_then(|s| s.location) {
                let ours = to_lat_lon(grid);
                gaps.push(metres((ours.latitude, ours.longitude), (la, lo)));
                north += (la - ours.latitude) * 111_200.0;
                east += (lo - ours.longitude) * 111_200.0 * la.to_radians().cos();
            }
        }
    }
    gaps.sort_by(f64::total_cmp);
    let median = gaps[gaps.len() / 2];
    let p90 = gaps[gaps.len() * 9 / 10];
    let n = gaps.len() as f64;
    let (north, east) = (north / n, east / n);
    eprintln!(
        "{} schools compared: median {median:.1} m, 90th percentile {p90:.1} m, mean offset {north:.1} m north, {east:.1} m east",
        gaps.len()
    );
    // DfE's coordinates are for the school's postcode, not its buildings, so single schools
    // differ by tens of metres in every direction. A datum error (OSGB36 taken for WGS84)
    // would instead shift every school the same way by about 100 m.
    assert!(gaps.len() > 10_000, "{} schools compared", gaps.len());
    assert!(median < 100.0, "median gap {median:.1} m");
    assert!(p90 < 300.0, "90th percentile gap {p90:.1} m");
    assert!(
        north.abs() < 15.0 && east.abs() < 15.0,
        "systematic offset {north:.1} m N, {east:.1} m E"
    );
}

#[tokio::test]
async fn profiles_families_comparisons_and_maps_over_http() {
    use convene_acceptance::web_client::WebClient;
    let (_db, server) = crate::national::serve_national_on_sqlite().await;
    let web = WebClient::new(&server);

    let csv = web.get("/trusts/17101/profile.csv").await;
    assert_eq!(csv.status, 200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        "dimension,label,unit,value,percentile,national_median,size_band_average"
    );
    assert_eq!(lines.len(), 14, "a header and 13 dimensions");
    assert!(
        lines[1].starts_with("schools,Schools,schools,6.0000,"),
        "{}",
        lines[1]
    );

    let json = web.get("/api/v1/trusts/TR01904/profile").await.json();
    assert_eq!(json["uid"], 17101);
    assert_eq!(json["profile"]["geography"]["spread"], "local");
    assert_eq!(json["standings"].as_array().unwrap().len(), 13);
    assert_eq!(json["similar_trusts"].as_array().unwrap().len(), 10);

    let compare = web.get("/trusts/compare?uid=17101&uid=TR01904&uid=").await;
    assert_eq!(compare.status, 200);
    assert_eq!(
        compare.body.matches(r#"href="/trusts/17101""#).count(),
        1,
        "the same trust once"
    );
    let too_many = web
        .get("/trusts/compare?uid=1&uid=2&uid=3&uid=4&uid=5&uid=6")
        .await;
    assert_eq!(too_many.status, 400);
    let similar_uid = json["similar_trusts"][0]["uid"].as_i64().unwrap();
    let pair = web
        .get(&format!("/trusts/compare?uid=17101&uid={similar_uid}"))
        .await;
    assert!(pair.body.contains("Profiles side by side") && pair.body.contains("National median"));

    let family = web.get("/schools/136730/family").await;
    assert_eq!(family.status, 200);
    assert!(family.body.contains("Similar schools that do better"));
    let family_json = web.get("/api/v1/schools/136730/family").await.json();
    assert_eq!(family_json["neighbours"].as_array().unwrap().len(), 20);
    assert!(family_json["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["does_better"] == true));

    let five = web.get("/api/v1/schools/136730/family?size=5").await.json();
    assert_eq!(
        five["neighbours"].as_array().unwrap().len(),
        5,
        "the family size can be chosen"
    );
    assert_eq!(
        five["neighbours"][0], family_json["neighbours"][0],
        "the nearest are the same"
    );
    assert_eq!(web.get("/schools/136730/family?size=0").await.status, 400);

    let trust_family = web
        .get("/api/v1/schools/136730/family?same_trust=true&within_km=50")
        .await;
    assert_eq!(trust_family.status, 200);
    let trust_family = trust_family.json();
    assert_eq!(trust_family["filter"]["same_trust"], true);
    assert_eq!(trust_family["filter"]["within_km"], 50.0);
    let trusts: std::collections::BTreeSet<String> = trust_family["neighbours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["trust_uid"].to_string())
        .collect();
    assert!(trusts.len() <= 1 && !trusts.contains("null"), "{trusts:?}");
    let local = web
        .get("/api/v1/schools/136730/family?same_la=true&same_type=true&within_km=2.5")
        .await;
    assert_eq!(local.status, 200);
    assert_ne!(local.json()["neighbours"], family_json["neighbours"]);
    let page = web
        .get("/schools/136730/family?within_km=10&same_la=on")
        .await;
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .contains("within 10 km, in the same local authority"));
    for number in ["within_km=5e-324", "within_km=1E3", "within_km=2.5e1"] {
        let response = web
            .get(&format!("/api/v1/schools/136730/family?{number}"))
            .await;
        assert_eq!(
            response.status, 200,
            "{number}: any JSON number in range is valid"
        );
    }
    for bad in [
        "within_km=abc",
        "within_km=0",
        "within_km=-5",
        "within_km=1001",
        "within_km=1.2.3",
        "within_km=inf",
        "within_km=NaN",
        "within_km=1e400",
        "same_trust=yes",
        "same_la=",
        "same_type=1",
    ] {
        let response = web
            .get(&format!("/api/v1/schools/136730/family?{bad}"))
            .await;
        assert_eq!(response.status, 400, "{bad}");
        assert!(response.json()["error"].is_string(), "{bad}");
    }
    assert_eq!(
        web.get("/schools/136730/family?within_km=far").await.status,
        400
    );
    assert_eq!(
        web.get("/api/v1/schools/136730/family?size=51")
            .await
            .status,
        400
    );

    let by_trust = web.get("/local-authorities/826?colour=trust").await;
    assert!(
        by_trust.body.contains("5 DIMENSIONS TRUST")
            && by_trust.body.contains("Not in an academy trust")
    );
    assert_eq!(
        web.get("/local-authorities/826?colour=rainbow")
            .await
            .status,
        400
    );
    let region = web.get("/regions/south-east").await;
    assert!(
        region.body.contains(r#"id="area-map""#) && region.body.contains("Requires improvement")
    );

    let method = web.get("/about/families").await;
    assert!(
        method.body.contains("Standard deviation")
            && method.body.contains("Where this differs from DfE")
            && method.body.contains("secondaries are matched without it")
    );
}

#[tokio::test]
async fn profiles_and_families_follow_an_import() {
    use convene_acceptance::server::TestServer;
    use convene_acceptance::web_client::WebClient;
    use convene_domain::import::{ImportKind, ImportSource};
    use convene_store::ImportOptions;
    for db in TestDatabase::both().await {
        let store = crate::national::national_store(&db).await;
        let server = TestServer::start_with(store.clone(), |config| {
            config.recheck_data_after = std::time::Duration::ZERO;
        })
        .await;
        let web = WebClient::new(&server);
        let own = |family: &serde_json::Value, measure: &str| {
            family["context"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["measure"] == measure)
                .unwrap()
                .clone()
        };
        let before = web.get("/api/v1/schools/136730/family").await.json();
        let profile_before = web.get("/api/v1/trusts/17101/profile").await.json();
        assert_ne!(
            own(&before, "eal_percent")["value"],
            serde_json::json!(80.0)
        );

        // A new census says Shenley Brook End now has 61.5% of pupils on free school meals.
        let census =
            "urn,headcount of pupils,% of pupils known to be eligible for free school meals,\
% of pupils whose first language is known or believed to be other than English,urban_rural\n\
136730,1900,61.5,80.0,(England/Wales) Urban city and town\n";
        let (batch, errors, _) = convene_sources::parse(
            ImportKind::Census,
            "spc_school_level_2024-25.csv",
            census.as_bytes(),
        )
        .unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let source = ImportSource {
            kind: ImportKind::Census,
            file_name: "spc_school_level_2024-25.csv".into(),
            data_date: None,
        };
        store
            .apply_import(&batch, &source, &ImportOptions::default(), &|_, _| {})
            .await
            .unwrap();

        let after = web.get("/api/v1/schools/136730/family").await.json();
        assert_eq!(
            own(&after, "eal_percent")["value"],
            serde_json::json!(80.0),
            "{:?}: the family is worked out again",
            db.backend
        );
        // Changed by the DfE-like method: disadvantage is the pupil premium figure, which a
        // census does not change (its free school meals stand in only where there is none).
        assert_eq!(
            own(&after, "disadvantage_percent"),
            own(&before, "disadvantage_percent")
        );
        assert_eq!(
            own(&after, "disadvantage_percent")["basis"],
            "pupil_premium"
        );
        assert!(own(&after, "eal_percent")["source"]
            .as_str()
            .unwrap()
            .contains("spc_school_level_2024-25.csv"));
        assert_ne!(
            before["neighbours"], after["neighbours"],
            "a very different context, a different family"
        );
        let profile_after = web.get("/api/v1/trusts/17101/profile").await.json();
        assert!(
            profile_after["profile"]["fsm_percent"].as_f64().unwrap()
                > profile_before["profile"]["fsm_percent"].as_f64().unwrap() + 5.0,
            "the trust's pupil-weighted FSM rises"
        );
    }
}
