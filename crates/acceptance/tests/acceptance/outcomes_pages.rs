//! Results over time on the school page, its JSON, and "does better" on the family page, on
//! both backends, from a small dataset whose figures are known.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::TestServer;
use convene_domain::dataset::NationalDataset;
use convene_domain::organisation::{OfstedInspection, Phase, School};
use convene_domain::outcome::{Measure, OutcomeSeries};
use convene_domain::{Date, Judgement, Urn};

fn secondary(urn: i64, name: &str, fsm: f64) -> School {
    let mut school = School::new(Urn(urn), name);
    school.phase = Phase::Secondary;
    school.type_name = "Academy converter".into();
    school.pupils = Some(1000);
    school.fsm_percent = Some(fsm);
    school
}

fn series(measure: Measure, year: &str, source: &str, values: &[(i64, f64)]) -> OutcomeSeries {
    OutcomeSeries {
        measure,
        year: year.into(),
        source: source.into(),
        values: values.iter().map(|(u, v)| (Urn(*u), *v)).collect(),
    }
}

fn dataset() -> NationalDataset {
    let mut ours = secondary(1001, "Ours Academy", 20.0);
    ours.ofsted = Some(OfstedInspection {
        inspection_date: Date::new(2022, 5, 10),
        overall: Some(Judgement::RequiresImprovement),
        quality_of_education: Some(Judgement::RequiresImprovement),
        ..OfstedInspection::default()
    });
    let mut better = secondary(1002, "Better High School", 21.0);
    better.ofsted = Some(OfstedInspection {
        inspection_date: Date::new(2024, 11, 5),
        quality_of_education: Some(Judgement::Good),
        ..OfstedInspection::default()
    });
    let similar = secondary(1003, "Similar School", 22.0);
    NationalDataset {
        schools: vec![ours, better, similar],
        outcomes: vec![
            series(
                Measure::Ks4Progress8,
                "2017/18",
                "series.csv",
                &[(1002, 0.1), (1003, 0.3)],
            ),
            series(
                Measure::Ks4Progress8,
                "2018/19",
                "ks4_2018-19.csv",
                &[(1001, 0.2), (1002, 0.0), (1003, 0.0)],
            ),
            series(
                Measure::Ks4Progress8,
                "2023/24",
                "secondary_schools_2026-03.csv",
                &[(1001, 0.12), (1002, 0.45), (1003, 0.15)],
            ),
        ],
        ..NationalDataset::default()
    }
}

#[tokio::test]
async fn school_pages_show_measures_over_time_and_families_say_who_does_better_on_what() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store.load_dataset(&dataset(), &|_, _| {}).await.unwrap();
        let server = TestServer::start(store).await;
        let backend = format!("{:?}", db.backend);
        let page = reqwest::get(server.url("/schools/1001"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Results and context over time"), "{backend}");
        assert!(
            page.contains("Progress 8 for Ours Academy: 2017/18 not published (family median 0.20); 2018/19 0.20 (family median 0.00); 2023/24 0.12 (family median 0.30)."),
            "{backend}: chart title names the missing year"
        );
        assert!(
            page.contains(">not published</td>"),
            "{backend}: the table says not published for 2017/18"
        );
        assert!(page.contains("2023/24: 0.12 (source: secondary_schools_2026-03.csv)"));
        assert!(!page.contains("style="), "{backend}: no inline styles");

        let json: serde_json::Value = reqwest::get(server.url("/api/v1/schools/1001"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let points = &json["outcomes"][0]["points"];
        assert_eq!(json["outcomes"][0]["measure"], "ks4-progress8");
        assert_eq!(points[0]["year"], "2017/18");
        assert!(
            points[0]["school"].is_null(),
            "{backend}: not published is null, not 0"
        );
        assert_eq!(points[2]["school"], 0.12);
        assert_eq!(points[2]["source"], "secondary_schools_2026-03.csv");

        let family = reqwest::get(server.url("/schools/1001/family"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            family.contains(
                "Better on Progress 8 2023/24: 0.45 against 0.12 (secondary_schools_2026-03.csv)"
            ),
            "{backend}: {family}"
        );
        assert!(family.contains(
            "Better on Ofsted quality of education: Good (inspected 5 November 2024) against Requires improvement (inspected 10 May 2022)"
        ));
        assert!(
            !family.contains("Better on Progress 8 2023/24: 0.15"),
            "{backend}: 0.03 higher is within the margin"
        );

        let api: serde_json::Value = reqwest::get(server.url("/api/v1/schools/1001/family"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let member = |urn: i64| {
            api["neighbours"]
                .as_array()
                .unwrap()
                .iter()
                .find(|n| n["urn"] == urn)
                .unwrap()
                .clone()
        };
        let better = member(1002);
        assert_eq!(better["does_better"], true, "{backend}");
        assert_eq!(better["better_on_measures"][0]["measure"], "ks4-progress8");
        assert_eq!(better["better_on_measures"][0]["year"], "2023/24");
        assert_eq!(better["better_on_measures"][0]["ours"], 0.12);
        assert_eq!(
            better["better_on_judgements"][0]["area"],
            "Quality of education"
        );
        assert_eq!(member(1003)["does_better"], false, "{backend}");
    }
}
