//! What an import does to a database, on SQLite and PostgreSQL alike: it is idempotent,
//! closes instead of deleting, ends memberships, and a dry run writes nothing.

use convene_acceptance::databases::TestDatabase;
use convene_domain::import::{ImportKind, ImportSource};
use convene_domain::organisation::Status;
use convene_domain::search::SchoolQuery;
use convene_domain::{Date, GroupUid, Urn};
use convene_store::{ImportOptions, Store};

const ESTABLISHMENTS_HEADER: &str = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),Trusts (code),Trusts (name),GOR (name),Postcode,NumberOfPupils,PercentageFSM,Easting,Northing";

fn establishments(rows: &[&str]) -> Vec<u8> {
    let mut text = format!("{ESTABLISHMENTS_HEADER}\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    text.into_bytes()
}

const GOSPEL_OAK: &str = "100025,202,Camden,2775,Gospel Oak Primary School,Community school,Open,Primary,,,London,NW3 2JB,421,20.1,528230,185638";
const SHENLEY: &str = "136730,826,Milton Keynes,4104,Shenley Brook End School,Academy converter,Open,Secondary,17101,5 DIMENSIONS TRUST,South East,MK5 7ZT,1883,9.5,484000,235000";

async fn import(
    store: &Store,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    dry_run: bool,
) -> convene_domain::import::ImportCounts {
    let (batch, errors, _) = convene_sources::parse(kind, file, bytes).expect("file parses");
    assert!(errors.is_empty(), "unexpected row errors: {errors:?}");
    let source = ImportSource {
        kind,
        file_name: file.into(),
        data_date: Date::find_in_file_name(file),
    };
    let options = ImportOptions {
        dry_run,
        skipped_rows: vec![],
    };
    store
        .apply_import(&batch, &source, &options, &|_, _| {})
        .await
        .expect("import applies")
}

#[tokio::test]
async fn reimporting_is_idempotent_and_missing_schools_close() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let first = import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20250901.csv",
            &establishments(&[GOSPEL_OAK, SHENLEY]),
            false,
        )
        .await;
        assert_eq!(
            (first.inserted, first.updated, first.closed),
            (2, 0, 0),
            "{:?}",
            db.backend
        );

        let again = import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20250902.csv",
            &establishments(&[GOSPEL_OAK, SHENLEY]),
            false,
        )
        .await;
        assert_eq!(
            (again.inserted, again.updated, again.unchanged),
            (0, 0, 2),
            "{:?}",
            db.backend
        );

        let renamed = GOSPEL_OAK.replace("Gospel Oak Primary School", "Gospel Oak Primary");
        let third = import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251001.csv",
            &establishments(&[&renamed]),
            false,
        )
        .await;
        assert_eq!((third.updated, third.closed), (1, 1), "{:?}", db.backend);

        let shenley = store
            .school(Urn(136730))
            .await
            .unwrap()
            .expect("closed school is kept");
        assert_eq!(shenley.school.status, Status::Closed);
        assert_eq!(shenley.school.close_date, Date::new(2025, 10, 1));
        assert_eq!(
            store
                .school(Urn(100025))
                .await
                .unwrap()
                .unwrap()
                .school
                .name,
            "Gospel Oak Primary"
        );
        let open = store
            .search_schools(&SchoolQuery {
                per_page: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(open.total, 1, "closed schools are hidden by default");
        let all = store
            .search_schools(&SchoolQuery {
                include_closed: true,
                per_page: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(all.total, 2);

        let runs = store.imports().await.unwrap();
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0].source.file_name, "edubasealldata20251001.csv");
        assert_eq!(runs[0].counts.closed, 1);
    }
}

#[tokio::test]
async fn dry_run_reports_but_changes_nothing() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let counts = import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &establishments(&[GOSPEL_OAK, SHENLEY]),
            true,
        )
        .await;
        assert_eq!(counts.inserted, 2);
        assert!(
            store.is_empty().await.unwrap(),
            "{:?}: dry run wrote schools",
            db.backend
        );
        assert!(
            store.imports().await.unwrap().is_empty(),
            "dry run recorded an import"
        );
    }
}

#[tokio::test]
async fn each_file_writes_only_what_it_owns() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &establishments(&[GOSPEL_OAK]),
            false,
        )
        .await;
        let census = "urn,school_name,headcount of pupils,% of pupils known to be eligible for free school meals,% of pupils whose first language is known or believed to be other than English,urban_rural\n100025,Gospel Oak Primary School,430,22.5,41.0,(England/Wales) Urban major conurbation\n999999,Nowhere School,10,1,1,Rural\n";
        let counts = import(
            &store,
            ImportKind::Census,
            "spc_school_level_2022-23.csv",
            census.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            (counts.updated, counts.unmatched, counts.inserted),
            (1, 1, 0),
            "{:?}",
            db.backend
        );
        let school = store.school(Urn(100025)).await.unwrap().unwrap().school;
        assert_eq!(school.eal_percent, Some(41.0));
        assert_eq!(school.fsm_percent, Some(22.5));
        assert_eq!(
            school.name, "Gospel Oak Primary School",
            "census must not rename"
        );
        assert_eq!(
            school.postcode.as_deref(),
            Some("NW3 2JB"),
            "census must not touch the address"
        );
        assert!(
            store.school(Urn(999999)).await.unwrap().is_none(),
            "census must not invent schools"
        );
    }
}

#[tokio::test]
async fn a_school_moving_trust_ends_the_old_membership() {
    let links = |trust: &str| {
        format!(
            "Group UID,Group ID,Group Name,Companies House Number,Group Type,Group Status,Joined date,Academy URN,Trust Academy Establishment Name\n{trust},Shenley Brook End School\n"
        )
    };
    for db in TestDatabase::both().await {
        let store = db.store().await;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &establishments(&[SHENLEY]),
            false,
        )
        .await;
        let before = links(
            "17101,TR01904,5 DIMENSIONS TRUST,07595434,Multi-academy trust,Open,01/05/2011,136730",
        );
        import(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-09-01.csv",
            before.as_bytes(),
            false,
        )
        .await;
        let detail = store.school(Urn(136730)).await.unwrap().unwrap();
        assert_eq!(detail.memberships[0].group.uid, GroupUid(17101));
        assert_eq!(detail.memberships[0].joined_date, Date::new(2011, 5, 1));

        let after = links(
            "99999,TR99999,NEW HORIZONS TRUST,09999999,Multi-academy trust,Open,01/09/2025,136730",
        );
        let counts = import(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-10-01.csv",
            after.as_bytes(),
            false,
        )
        .await;
        assert_eq!((counts.inserted, counts.closed), (1, 1), "{:?}", db.backend);
        let detail = store.school(Urn(136730)).await.unwrap().unwrap();
        let current: Vec<_> = detail
            .memberships
            .iter()
            .filter(|m| m.left_date.is_none())
            .collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].group.name, "NEW HORIZONS TRUST");
        let old = detail
            .memberships
            .iter()
            .find(|m| m.group.uid == GroupUid(17101))
            .expect("old membership kept");
        assert_eq!(old.left_date, Date::new(2025, 10, 1));
        let trust = store
            .trust(GroupUid(17101))
            .await
            .unwrap()
            .expect("old trust kept");
        assert!(trust.schools.is_empty());
        let page = store
            .search_schools(&SchoolQuery {
                text: "TR99999".into(),
                per_page: 5,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            page.items[0].trust_name.as_deref(),
            Some("NEW HORIZONS TRUST")
        );
    }
}
