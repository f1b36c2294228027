//! `convene import pupil-premium` and `convene import results-series` as a user runs them,
//! with the real published files, on SQLite and PostgreSQL: the figures land in
//! `school_outcomes` with their years, a bad row is located by file, line and column and
//! changes nothing, and neither kind removes another kind's figures.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::shared_data;
use convene_domain::import::ImportKind;
use convene_domain::outcome::Measure;
use convene_domain::Urn;
use convene_store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const SERIES: &str = "performance/progress_and_admissions_by_year_2014-2022.csv";
const PREMIUM: &str = "context/pupil_premium_2019-20.csv";

fn convene(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(args)
        .env_remove("CONVENE_DATABASE_URL")
        .output()
        .expect("run convene")
}

/// Runs `convene import` and returns what it printed, failing the test if it failed.
fn import(database: &str, kind: &str, file: &Path, extra: &[&str]) -> String {
    let file = file.display().to_string();
    let mut args = vec!["import", "--database", database];
    args.extend_from_slice(extra);
    args.extend([kind, file.as_str()]);
    let out = convene(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "convene import {kind} {file}: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// How many figures each (measure, file) has across every school.
async fn figure_counts(store: &Store) -> BTreeMap<(Measure, String), usize> {
    let urns: Vec<Urn> = store
        .system_input()
        .await
        .unwrap()
        .schools
        .iter()
        .map(|s| s.urn)
        .collect();
    let mut counts = BTreeMap::new();
    for outcome in store
        .outcomes_of(&urns)
        .await
        .unwrap()
        .into_values()
        .flatten()
    {
        *counts.entry((outcome.measure, outcome.source)).or_default() += 1;
    }
    counts
}

/// The figure a school has for a measure and year, with its file.
async fn figure(store: &Store, urn: i64, measure: Measure, year: &str) -> Option<(f64, String)> {
    store
        .outcomes_of(&[Urn(urn)])
        .await
        .unwrap()
        .remove(&Urn(urn))?
        .into_iter()
        .find(|o| o.measure == measure && o.year == year)
        .map(|o| (o.value, o.source))
}

/// The real series with one figure made unreadable on line 3, under the real name.
fn series_with_a_bad_row(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(shared_data(SERIES)).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<&str> = lines[2].split(',').collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let reading = header
        .iter()
        .position(|h| *h == "reading_progress")
        .unwrap();
    assert_eq!(cells[reading], "2.7", "line 3 is Aldgate's 2015/16 row");
    cells[reading] = "high";
    lines[2] = cells.join(",");
    let path = dir.join("progress_and_admissions_by_year_2014-2022.csv");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[tokio::test]
async fn the_real_files_import_through_the_command_on_both_backends() {
    for db in TestDatabase::both().await {
        let backend = db.backend;
        let dir = tempfile::tempdir().unwrap();
        let url = db.url.as_str();
        import(
            url,
            "ofsted",
            &shared_data("ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv"),
            &[],
        );
        import(
            url,
            "ks5",
            &shared_data("performance/ks5_2023-2024.csv.gz"),
            &[],
        );
        let store = db.store().await;
        let ks5 = figure_counts(&store).await;
        assert!(ks5
            .keys()
            .all(|(m, _)| *m == Measure::Ks5ALevelAps || *m == Measure::Ks5ALevelValueAdded));
        let runs = store.imports().await.unwrap().len();

        let bad = series_with_a_bad_row(dir.path());
        let out = convene(&[
            "import",
            "--database",
            url,
            "results-series",
            &bad.display().to_string(),
        ]);
        assert_eq!(out.status.code(), Some(3), "{backend:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "progress_and_admissions_by_year_2014-2022.csv:3: column \"reading_progress\": \"high\" is not a number"
            ) && stderr.contains("nothing was imported"),
            "{backend:?}: {stderr}"
        );
        assert_eq!(store.imports().await.unwrap().len(), runs, "{backend:?}");
        assert_eq!(
            figure_counts(&store).await,
            ks5,
            "{backend:?}: nothing changed"
        );

        let said = import(url, "results-series", &shared_data(SERIES), &[]);
        assert!(
            said.contains("Results and admissions over time")
                && said.contains("19006 rows read: 17393 new, 0 updated, 64 unchanged, 0 closed or ended, 1549 not matched, 0 skipped"),
            "{backend:?}: {said}"
        );
        assert_eq!(
            figure(&store, 100000, Measure::Ks2ReadingProgress, "2016/17").await,
            Some((2.8, "progress_and_admissions_by_year_2014-2022.csv".into())),
            "{backend:?}"
        );
        assert_eq!(
            figure(&store, 100049, Measure::Ks4Progress8, "2015/16").await,
            Some((
                -0.11,
                "progress_and_admissions_by_year_2014-2022.csv".into()
            )),
            "{backend:?}"
        );
        let with_series = figure_counts(&store).await;
        let series_figures: usize = with_series
            .iter()
            .filter(|((_, file), _)| file == "progress_and_admissions_by_year_2014-2022.csv")
            .map(|(_, n)| n)
            .sum();
        assert_eq!(series_figures, 317_391, "{backend:?}");
        assert!(
            ks5.iter().all(|(key, n)| with_series.get(key) == Some(n)),
            "{backend:?}: the series leaves the 16-18 figures alone"
        );

        let out = convene(&[
            "import",
            "--database",
            url,
            "pupil-premium",
            &shared_data(PREMIUM).display().to_string(),
        ]);
        assert_eq!(out.status.code(), Some(3), "{backend:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("pupil_premium_2019-20.csv:16688: column \"Total number of pupils eligible for the Deprivation Pupil Premium\": 1 eligible is more than 0.5 on roll")
                && stderr.contains("pupil_premium_2019-20.csv:18462:"),
            "{backend:?}: {stderr}"
        );
        assert_eq!(figure_counts(&store).await, with_series, "{backend:?}");

        let said = import(
            url,
            "pupil-premium",
            &shared_data(PREMIUM),
            &["--skip-bad-rows"],
        );
        assert!(
            said.contains("21565 rows read: 18356 new, 0 updated, 17 unchanged, 0 closed or ended, 3192 not matched, 2 skipped"),
            "{backend:?}: {said}"
        );
        assert_eq!(
            figure(&store, 100000, Measure::PupilPremiumPercent, "2019/20").await,
            Some((16.2, "pupil_premium_2019-20.csv".into())),
            "{backend:?}"
        );
        let mut expected = with_series.clone();
        expected.insert(
            (
                Measure::PupilPremiumPercent,
                "pupil_premium_2019-20.csv".into(),
            ),
            18_356,
        );
        assert_eq!(
            figure_counts(&store).await,
            expected,
            "{backend:?}: pupil premium adds its own figures and removes none"
        );

        let again = import(url, "results-series", &shared_data(SERIES), &[]);
        assert!(
            again.contains("0 new, 0 updated, 17457 unchanged"),
            "{backend:?}: {again}"
        );
        assert_eq!(figure_counts(&store).await, expected, "{backend:?}");

        let credited: Vec<ImportKind> = store
            .current_sources()
            .await
            .unwrap()
            .iter()
            .map(|run| run.source.kind)
            .collect();
        for kind in [ImportKind::ResultsSeries, ImportKind::PupilPremium] {
            assert!(credited.contains(&kind), "{backend:?}: {kind:?} credited");
        }
    }
}
