//! The real published files: importing them on both backends gives the real counts and
//! the known schools and trusts, and the bundled dataset holds the national picture.

use convene_acceptance::databases::TestDatabase;
use convene_acceptance::server::shared_data;
use convene_domain::import::{ImportKind, ImportReport, ImportSource};
use convene_domain::organisation::GroupKind;
use convene_domain::search::{SchoolQuery, TrustQuery};
use convene_domain::{Date, GroupUid, Judgement, Urn};
use convene_store::{ImportOptions, Store};

async fn import_real(
    store: &Store,
    kind: ImportKind,
    relative: &str,
) -> convene_domain::import::ImportCounts {
    let path = shared_data(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (CI has ../shared beside the checkout)",
            path.display()
        )
    });
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (batch, errors, _) = convene_sources::parse(kind, &name, &bytes).expect("real file parses");
    let source = ImportSource {
        kind,
        file_name: name.clone(),
        data_date: Date::find_in_file_name(&name),
    };
    let options = ImportOptions {
        dry_run: false,
        skipped_rows: errors.iter().map(ToString::to_string).collect(),
        ..ImportOptions::default()
    };
    store
        .apply_import(&batch, &source, &options, &|_, _| {})
        .await
        .expect("real import applies")
}

#[tokio::test]
async fn importing_the_real_files_gives_the_real_map() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let groups = import_real(
            &store,
            ImportKind::GiasGroups,
            "gias/allgroupsdata_2026-08-21_snakecase.csv",
        )
        .await;
        assert_eq!(groups.inserted, 7176, "{:?}", db.backend);
        let ofsted = import_real(
            &store,
            ImportKind::Ofsted,
            "ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv",
        )
        .await;
        assert_eq!(
            (ofsted.read, ofsted.inserted, ofsted.skipped),
            (21990, 21990, 0),
            "{:?}",
            db.backend
        );
        let links = import_real(
            &store,
            ImportKind::GiasGroupLinks,
            "gias/academies_trust_links_2025-09.csv",
        )
        .await;
        assert!(links.inserted > 11_000, "{links:?}");
        let census = import_real(
            &store,
            ImportKind::Census,
            "census/spc_school_level_2022-23.csv",
        )
        .await;
        assert!(
            census.updated > 20_000 && census.unmatched > 0,
            "{census:?}"
        );
        import_real(
            &store,
            ImportKind::GiasEstablishmentLinks,
            "gias/links_edubasealldata20250422.csv",
        )
        .await;

        let again = import_real(
            &store,
            ImportKind::Ofsted,
            "ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv",
        )
        .await;
        assert_eq!(
            (again.inserted, again.updated, again.unchanged),
            (0, 0, 21990),
            "re-import is idempotent on {:?}",
            db.backend
        );

        let aldgate = store
            .school(Urn(100000))
            .await
            .unwrap()
            .expect("The Aldgate School");
        assert_eq!(aldgate.school.name, "The Aldgate School");
        let inspection = aldgate.school.ofsted.expect("inspected");
        assert_eq!(inspection.inspection_date, Date::new(2024, 6, 12));
        assert_eq!(inspection.overall, Some(Judgement::Outstanding));

        let trust = store
            .trust(GroupUid(17101))
            .await
            .unwrap()
            .expect("5 Dimensions Trust");
        assert_eq!(trust.group.name, "5 DIMENSIONS TRUST");
        assert_eq!(trust.group.group_id.as_deref(), Some("TR01904"));
        assert_eq!(
            trust.group.companies_house_number.as_deref(),
            Some("07595434")
        );
        assert_eq!(trust.group.kind, GroupKind::MultiAcademyTrust);
        assert!(trust
            .schools
            .iter()
            .any(|s| s.urn == Urn(136730) && s.name == "Shenley Brook End School"));

        let found = store
            .search_trusts(&TrustQuery {
                text: "TR01904".into(),
                per_page: 5,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(found.items[0].uid, GroupUid(17101));
        let by_postcode = store
            .search_schools(&SchoolQuery {
                text: "mk5 7zt".into(),
                per_page: 5,
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(
            by_postcode.items.iter().any(|s| s.urn == Urn(136730)),
            "{by_postcode:?}"
        );
    }
}

#[tokio::test]
async fn the_bundled_dataset_loads_the_national_picture_on_both_backends() {
    let dataset = convene_dataset::bundled().expect("bundled dataset decodes");
    assert_eq!(dataset.schools.len(), 21990);
    let located = dataset
        .schools
        .iter()
        .filter(|s| s.location.is_some())
        .count();
    assert!(located > 19_000, "coordinates for {located}");
    let with_fsm = dataset
        .schools
        .iter()
        .filter(|s| s.fsm_percent.is_some())
        .count();
    assert!(with_fsm > 20_000, "FSM for {with_fsm}");
    let mats = dataset
        .groups
        .iter()
        .filter(|g| g.kind == GroupKind::MultiAcademyTrust)
        .count();
    assert!(mats >= 1300, "{mats} multi-academy trusts");
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store
            .load_dataset(&dataset, &|_, _| {})
            .await
            .expect("bundled load");
        let united = store
            .search_trusts(&TrustQuery {
                text: "united learning".into(),
                per_page: 5,
                ..Default::default()
            })
            .await
            .unwrap();
        let trust = &united.items[0];
        assert_eq!(trust.name, "UNITED LEARNING TRUST");
        assert!(trust.schools >= 80, "{trust:?} on {:?}", db.backend);
        let london = store
            .search_schools(&SchoolQuery {
                region: Some(convene_domain::place::Region::London),
                per_page: 1,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(london.total, 2570, "{:?}", db.backend);
        let sources = store.current_sources().await.unwrap();
        assert!(sources
            .iter()
            .any(|s| s.source.kind == ImportKind::Ofsted
                && s.source.data_date == Date::new(2025, 8, 31)));
    }
}

#[tokio::test]
async fn outcomes_and_sen_import_onto_the_bundled_dataset_on_both_backends() {
    let mut dataset = convene_dataset::bundled().expect("bundled dataset decodes");
    // Start from the dataset without the three files' facts, so the imports write them.
    for school in &mut dataset.schools {
        school.ks2 = None;
        school.ks4 = None;
        school.sen_support_percent = None;
        school.ehc_plan_percent = None;
    }
    let files = [
        (
            ImportKind::Ks2,
            "performance/ks2_2018-19.csv",
            16_355,
            13_553,
        ),
        (ImportKind::Ks4, "performance/ks4_2018-19.csv", 5_516, 3_602),
        (
            ImportKind::Sen,
            "context/primary_sen_eal_fsm_2024-04.csv",
            20_694,
            18_919,
        ),
    ];
    for db in TestDatabase::both().await {
        let store = db.store().await;
        store
            .load_dataset(&dataset, &|_, _| {})
            .await
            .expect("bundled load");
        for (kind, file, rows, matched) in files {
            let first = import_real(&store, kind, file).await;
            assert_eq!(
                (first.read, first.inserted, first.updated, first.skipped),
                (rows, 0, matched, 0),
                "{kind:?} on {:?}",
                db.backend
            );
            assert_eq!(first.unmatched, rows - matched, "{kind:?}");
            let again = import_real(&store, kind, file).await;
            assert_eq!(
                (again.updated, again.unchanged, again.unmatched),
                (0, matched, rows - matched),
                "re-importing {kind:?} is idempotent on {:?}",
                db.backend
            );
        }
        // The census owns other columns, so it leaves results and SEN alone.
        import_real(
            &store,
            ImportKind::Census,
            "census/spc_school_level_2022-23.csv",
        )
        .await;

        let aldgate = store.school(Urn(100000)).await.unwrap().expect("Aldgate");
        let ks2 = aldgate.school.ks2.expect("KS2 results");
        assert_eq!(ks2.year.as_deref(), Some("2018/19"));
        assert_eq!(
            (
                ks2.reading_progress,
                ks2.writing_progress,
                ks2.maths_progress
            ),
            (Some(4.8), Some(2.5), Some(3.9)),
            "{:?}",
            db.backend
        );
        assert_eq!(
            (
                aldgate.school.sen_support_percent,
                aldgate.school.ehc_plan_percent
            ),
            (Some(21.0), Some(3.0))
        );
        assert_eq!(aldgate.school.ks4, None);

        let haverstock = store
            .school(Urn(100049))
            .await
            .unwrap()
            .expect("Haverstock");
        let ks4 = haverstock.school.ks4.expect("KS4 results");
        assert_eq!(
            (ks4.year.as_deref(), ks4.progress8, ks4.attainment8),
            (Some("2018/19"), Some(-0.11), Some(42.4)),
            "{:?}",
            db.backend
        );

        let sources = store.current_sources().await.unwrap();
        for kind in [ImportKind::Ks2, ImportKind::Ks4, ImportKind::Sen] {
            assert!(
                sources.iter().any(|s| s.source.kind == kind),
                "{kind:?} credited"
            );
        }
    }
}

/// Every figure a store holds, as (URN, measure, year) to (value, file).
async fn all_figures(
    store: &Store,
    urns: &[Urn],
) -> std::collections::BTreeMap<(Urn, convene_domain::outcome::Measure, String), (f64, String)> {
    store
        .outcomes_of(urns)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|(urn, outcomes)| {
            outcomes
                .into_iter()
                .map(move |o| ((urn, o.measure, o.year), (o.value, o.source)))
        })
        .collect()
}

#[tokio::test]
async fn pupil_premium_and_the_series_import_as_the_bundle_has_them_on_both_backends() {
    const SERIES: &str = "progress_and_admissions_by_year_2014-2022.csv";
    const PREMIUM: &str = "pupil_premium_2019-20.csv";
    let bundled = convene_dataset::bundled().expect("bundled dataset decodes");
    let urns: Vec<Urn> = bundled.schools.iter().map(|s| s.urn).collect();
    // Start from the bundle without the two files, so the imports are what write them.
    let mut dataset = bundled.clone();
    dataset
        .outcomes
        .retain(|s| s.source != SERIES && s.source != PREMIUM);
    dataset
        .sources
        .retain(|s| s.file_name != SERIES && s.file_name != PREMIUM);
    assert!(dataset.outcomes.len() < bundled.outcomes.len());
    let expected: std::collections::BTreeMap<_, _> = bundled
        .outcomes
        .iter()
        .flat_map(|s| {
            s.values.iter().map(|(urn, value)| {
                (
                    (*urn, s.measure, s.year.clone()),
                    (*value, s.source.clone()),
                )
            })
        })
        .collect();
    for db in TestDatabase::both().await {
        let backend = db.backend;
        let store = db.store().await;
        store
            .load_dataset(&dataset, &|_, _| {})
            .await
            .expect("bundled load");
        let before = all_figures(&store, &urns).await;
        let premium = import_real(
            &store,
            ImportKind::PupilPremium,
            "context/pupil_premium_2019-20.csv",
        )
        .await;
        assert_eq!(
            (
                premium.read,
                premium.inserted,
                premium.unchanged,
                premium.unmatched,
                premium.skipped
            ),
            (21_565, 18_356, 17, 3_192, 2),
            "{backend:?}"
        );
        let series = import_real(
            &store,
            ImportKind::ResultsSeries,
            "performance/progress_and_admissions_by_year_2014-2022.csv",
        )
        .await;
        assert_eq!(
            (series.read, series.unmatched),
            (19_006, 19_006 - 17_457),
            "{backend:?}"
        );
        let imported = all_figures(&store, &urns).await;
        assert_eq!(imported.len(), expected.len(), "{backend:?}");
        assert!(
            imported == expected,
            "{backend:?}: importing the two files gives every figure the bundle has, official \
             2018/19 results kept over the series"
        );
        assert!(
            before
                .iter()
                .all(|(slot, figure)| imported.get(slot) == Some(figure)),
            "{backend:?}: no figure of another kind was removed or changed"
        );

        // The official KS2 file again: it keeps its own figures and leaves the series' (the
        // 2018/19 figures of schools it does not list among them) alone.
        import_real(&store, ImportKind::Ks2, "performance/ks2_2018-19.csv").await;
        assert!(
            all_figures(&store, &urns).await == expected,
            "{backend:?}: a KS2 import removes no series figure"
        );
        let again = import_real(
            &store,
            ImportKind::PupilPremium,
            "context/pupil_premium_2019-20.csv",
        )
        .await;
        assert_eq!((again.inserted, again.updated), (0, 0), "{backend:?}");

        let sources = store.current_sources().await.unwrap();
        for (kind, file) in [
            (ImportKind::ResultsSeries, SERIES),
            (ImportKind::PupilPremium, PREMIUM),
        ] {
            assert!(
                sources
                    .iter()
                    .any(|s| s.source.kind == kind && s.source.file_name == file),
                "{backend:?}: {file} credited under {kind:?}"
            );
        }
    }
}

/// A dry run of a real file over the bundled national data: what it would do, and why.
async fn dry_run_real(store: &Store, kind: ImportKind, relative: &str) -> ImportReport {
    let path = shared_data(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let (batch, errors, _) = convene_sources::parse(kind, &name, &bytes).expect("real file parses");
    let source = ImportSource {
        kind,
        file_name: name.clone(),
        data_date: Date::find_in_file_name(&name),
    };
    let options = ImportOptions {
        dry_run: true,
        skipped_rows: errors.iter().map(ToString::to_string).collect(),
        ..ImportOptions::default()
    };
    store
        .apply_import_report(&batch, &source, &options, &|_, _| {})
        .await
        .expect("real dry run applies")
}

#[tokio::test]
async fn filtered_register_downloads_close_nothing_in_the_national_data() {
    let dataset = convene_dataset::bundled().expect("bundled dataset decodes");
    let open = SchoolQuery {
        per_page: 1,
        ..Default::default()
    };
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let backend = db.backend;
        store
            .load_dataset(&dataset, &|_, _| {})
            .await
            .expect("bundled load");
        assert_eq!(store.search_schools(&open).await.unwrap().total, 21990);

        // The 2025 trust links file is the whole file for the trusts it covers: a routine
        // refresh, so it ends its few lapsed memberships without asking. The 2022 all-links
        // file is older than what is stored and is judged partial.
        let trusts = dry_run_real(
            &store,
            ImportKind::GiasGroupLinks,
            "gias/academies_trust_links_2025-09.csv",
        )
        .await
        .closing
        .unwrap();
        assert!(trusts.complete, "{}", trusts.reason);
        assert!(
            trusts.closing > 0 && !trusts.needs_confirmation,
            "{backend:?}: {trusts:?}"
        );
        let old = dry_run_real(
            &store,
            ImportKind::GiasGroupLinks,
            "gias/alllinksdata_2022-08-31.csv",
        )
        .await;
        assert_eq!(old.counts.closed, 0, "{backend:?}");
        assert!(!old.closing.unwrap().complete);

        // The user's report: a filtered download in the register's layout closed the rest.
        // These two list some schools as closed themselves, which they may; no other closes.
        for file in [
            "gias/establishments_sample_2026-08-21.csv",
            "gias/secondary_schools_2026-03.csv",
        ] {
            let report = dry_run_real(&store, ImportKind::GiasEstablishments, file).await;
            let decision = report
                .closing
                .expect("a register file decides about closing");
            assert!(!decision.complete, "{file}");
            assert!(
                decision
                    .reason
                    .contains(" open schools, so it is treated as partial")
                    && decision.advice.is_some(),
                "{file}: {}",
                decision.reason
            );
            let counts = import_real(&store, ImportKind::GiasEstablishments, file).await;
            assert_eq!(counts.closed, 0, "{file} on {backend:?}");
            assert!(counts.updated > 1_000, "{file}: {counts:?}");
        }
        let aldgate = store.school(Urn(100000)).await.unwrap().unwrap().school;
        assert_eq!(
            aldgate.status,
            convene_domain::organisation::Status::Open,
            "{backend:?}: in neither file, and still open"
        );
        let still_open = store.search_schools(&open).await.unwrap().total;
        assert!(still_open > 21_900, "{backend:?}: {still_open} open");
    }
}
