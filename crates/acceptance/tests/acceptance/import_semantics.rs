//! What an import does to a database, on SQLite and PostgreSQL alike: it is idempotent,
//! closes instead of deleting, ends memberships, and a dry run writes nothing. Only a complete
//! file closes what it lacks: a filtered download updates what it holds and closes nothing.

use convene_acceptance::databases::TestDatabase;
use convene_domain::import::{Completeness, ImportKind, ImportReport, ImportSource};
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
    let options = ImportOptions {
        dry_run,
        ..ImportOptions::default()
    };
    import_with(store, kind, file, bytes, &options).await.counts
}

/// Imports with the given options and returns the whole report, closing decision included.
async fn import_with(
    store: &Store,
    kind: ImportKind,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> ImportReport {
    let (batch, errors, _) = convene_sources::parse(kind, file, bytes).expect("file parses");
    assert!(errors.is_empty(), "unexpected row errors: {errors:?}");
    let source = ImportSource {
        kind,
        file_name: file.into(),
        data_date: Date::find_in_file_name(file),
    };
    store
        .apply_import_report(&batch, &source, options, &|_, _| {})
        .await
        .expect("import applies")
}

/// Options that say the file is complete, as `--complete` does.
fn complete() -> ImportOptions {
    ImportOptions {
        completeness: Completeness::Complete,
        ..ImportOptions::default()
    }
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

        // One school of two is not the whole register by the rule, so say it is complete.
        let renamed = GOSPEL_OAK.replace("Gospel Oak Primary School", "Gospel Oak Primary");
        let third = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251001.csv",
            &establishments(&[&renamed]),
            &complete(),
        )
        .await
        .counts;
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
        // A file of one membership is the whole file only because we say so.
        let counts = import_with(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-10-01.csv",
            after.as_bytes(),
            &complete(),
        )
        .await
        .counts;
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

/// A school row in Camden (202) or Barnet (302), numbered from URN 100001.
fn school_row(n: u64) -> String {
    let (la, la_name) = if n == 20 {
        (302, "Barnet")
    } else {
        (202, "Camden")
    };
    let urn = 100_000 + n;
    format!("{urn},{la},{la_name},{n},School {n},Community school,Open,Primary,,,London,NW3 2JB,200,10.0,528230,185638")
}

/// A register of the given schools (see [`school_row`]).
fn register(numbers: impl IntoIterator<Item = u64>) -> Vec<u8> {
    let rows: Vec<String> = numbers.into_iter().map(school_row).collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    establishments(&rows)
}

async fn open_schools(store: &Store) -> u64 {
    store
        .search_schools(&SchoolQuery {
            per_page: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .total
}

async fn status(store: &Store, n: u64) -> Status {
    store
        .school(Urn(100_000 + n as i64))
        .await
        .unwrap()
        .expect("school kept")
        .school
        .status
}

#[tokio::test]
async fn only_a_complete_establishments_file_closes_what_it_lacks() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let backend = db.backend;
        // Twenty open schools: nineteen in Camden, one (school 20) in Barnet.
        let first = import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20250901.csv",
            &register(1..=20),
            false,
        )
        .await;
        assert_eq!(first.inserted, 20, "{backend:?}");

        // A filtered download of three schools, one renamed: it updates and closes nothing.
        let mut rows: Vec<String> = (1..=3).map(school_row).collect();
        rows[0] = rows[0].replace("School 1,", "School One,");
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let partial = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20250915.csv",
            &establishments(&rows),
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(
            (
                partial.counts.updated,
                partial.counts.unchanged,
                partial.counts.closed
            ),
            (1, 2, 0),
            "{backend:?}"
        );
        let decision = partial
            .closing
            .expect("establishments decide about closing");
        assert!(!decision.complete && !partial.held_back);
        assert_eq!(
            decision.describe(false),
            "this file holds 3 of 20 open schools, so it is treated as partial: nothing is closed. Pass --complete if it really is the whole register."
        );
        assert_eq!(
            open_schools(&store).await,
            20,
            "{backend:?}: a partial file closed schools"
        );
        let one = store.school(Urn(100_001)).await.unwrap().unwrap().school;
        assert_eq!(
            one.name, "School One",
            "a partial file still updates what it holds"
        );

        // Nineteen of twenty is over 90%, but a whole local authority is missing.
        let no_barnet = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20250920.csv",
            &register(1..=19),
            &ImportOptions::default(),
        )
        .await;
        let decision = no_barnet.closing.unwrap();
        assert_eq!(
            (decision.complete, no_barnet.counts.closed),
            (false, 0),
            "{backend:?}"
        );
        assert_eq!(
            decision.reason,
            "this file holds 19 of 20 open schools but has no rows for 1 of the 2 local authorities with open schools (Barnet (302)), so it is treated as partial: nothing is closed"
        );
        assert_eq!(status(&store, 20).await, Status::Open);

        // The whole register but school 19: complete by the rule. A dry run says so and
        // writes nothing; the real run closes school 19, dated by the file.
        let whole = register((1..=18).chain([20]));
        let dry = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251001.csv",
            &whole,
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
        )
        .await;
        assert_eq!(dry.counts.closed, 1, "{backend:?}");
        assert_eq!(
            dry.closing.unwrap().describe(true),
            "this file holds 19 of 20 open schools and has rows for every one of the 2 local authorities with open schools, so it is treated as complete: the 1 open school it does not list would be closed."
        );
        assert_eq!(
            status(&store, 19).await,
            Status::Open,
            "{backend:?}: dry run closed"
        );
        let real = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251001.csv",
            &whole,
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(
            (real.counts.closed, real.closing.unwrap().complete),
            (1, true)
        );
        let closed = store.school(Urn(100_019)).await.unwrap().unwrap().school;
        assert_eq!(
            (closed.status, closed.close_date),
            (Status::Closed, Date::new(2025, 10, 1)),
            "{backend:?}"
        );

        // --partial keeps a file that would count as complete from closing anything.
        let told_partial = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251101.csv",
            &register((1..=17).chain([20])),
            &ImportOptions {
                completeness: Completeness::Partial,
                ..ImportOptions::default()
            },
        )
        .await;
        assert_eq!(told_partial.counts.closed, 0, "{backend:?}");
        assert!(told_partial.closing.unwrap().reason.contains("--partial"));
        assert_eq!(status(&store, 18).await, Status::Open);

        // --complete closes what a small file lacks, but closing 16 of 19 needs a yes: a
        // guarded import is held back unwritten, then goes ahead once confirmed.
        let small = register(1..=3);
        let asked = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251201.csv",
            &small,
            &ImportOptions {
                completeness: Completeness::Complete,
                confirmed_closing: Some(0),
                ..ImportOptions::default()
            },
        )
        .await;
        assert!(asked.held_back, "{backend:?}");
        let decision = asked.closing.unwrap();
        assert!(decision.needs_confirmation);
        assert_eq!((decision.closing, asked.counts.closed), (16, 16));
        assert_eq!(
            open_schools(&store).await,
            19,
            "{backend:?}: held back but written"
        );
        let runs_before = store.imports().await.unwrap().len();
        let confirmed = import_with(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata20251201.csv",
            &small,
            &ImportOptions {
                completeness: Completeness::Complete,
                confirmed_closing: Some(16),
                ..ImportOptions::default()
            },
        )
        .await;
        assert!(!confirmed.held_back);
        assert_eq!(confirmed.counts.closed, 16, "{backend:?}");
        assert_eq!(open_schools(&store).await, 3, "{backend:?}");
        assert_eq!(status(&store, 20).await, Status::Closed);
        let runs = store.imports().await.unwrap();
        assert_eq!(
            runs.len(),
            runs_before + 1,
            "the held-back run is not recorded"
        );
        assert_eq!(runs[0].counts.closed, 16);
    }
}

const GROUPS_HEADER: &str = "Group UID,Group ID,Group Name,Group Type,Group Status";

fn groups(rows: &[&str]) -> Vec<u8> {
    format!("{GROUPS_HEADER}\n{}\n", rows.join("\n")).into_bytes()
}

#[tokio::test]
async fn only_a_complete_groups_file_closes_groups() {
    let trusts: Vec<String> = (1..=10)
        .map(|n| format!("{},TR{n:05},TRUST {n},Multi-academy trust,Open", 20_000 + n))
        .collect();
    let federation = "30001,,OAK FEDERATION,Federation,Open";
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let backend = db.backend;
        let mut all: Vec<&str> = trusts.iter().map(String::as_str).collect();
        all.push(federation);
        let first = import(
            &store,
            ImportKind::GiasGroups,
            "allgroupsdata_2025-09-01.csv",
            &groups(&all),
            false,
        )
        .await;
        assert_eq!(first.inserted, 11, "{backend:?}");

        // Only multi-academy trusts, as a filtered download gives: ten of eleven is over 90%,
        // but no federations at all, so nothing closes.
        let only_trusts: Vec<&str> = trusts.iter().map(String::as_str).collect();
        let filtered = import_with(
            &store,
            ImportKind::GiasGroups,
            "allgroupsdata_2025-10-01.csv",
            &groups(&only_trusts),
            &ImportOptions::default(),
        )
        .await;
        let decision = filtered.closing.unwrap();
        assert_eq!(
            (decision.complete, filtered.counts.closed),
            (false, 0),
            "{backend:?}"
        );
        assert!(
            decision
                .reason
                .contains("no rows for 1 of the 2 group types with open groups (Federation)"),
            "{}",
            decision.reason
        );
        let oak = store.trust(GroupUid(30001)).await.unwrap().unwrap();
        assert_eq!(oak.group.status, Status::Open, "{backend:?}");

        // Three trusts: a partial file.
        let few = import_with(
            &store,
            ImportKind::GiasGroups,
            "allgroupsdata_2025-10-02.csv",
            &groups(&only_trusts[..3]),
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(few.counts.closed, 0, "{backend:?}");
        assert!(few
            .closing
            .unwrap()
            .describe(false)
            .starts_with("this file holds 3 of 11 open groups, so it is treated as partial"));

        // Everything but trust 10: complete, and trust 10 closes, dated by the file.
        let whole: Vec<&str> = all
            .iter()
            .copied()
            .filter(|r| !r.starts_with("20010,"))
            .collect();
        let complete_file = import_with(
            &store,
            ImportKind::GiasGroups,
            "allgroupsdata_2025-11-01.csv",
            &groups(&whole),
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(complete_file.counts.closed, 1, "{backend:?}");
        let ten = store
            .trust(GroupUid(20010))
            .await
            .unwrap()
            .expect("closed group kept");
        assert_eq!(
            (ten.group.status, ten.group.closed_date),
            (Status::Closed, Date::new(2025, 11, 1))
        );

        // --complete closes what even a filtered file lacks.
        let forced = import_with(
            &store,
            ImportKind::GiasGroups,
            "allgroupsdata_2025-12-01.csv",
            &groups(&only_trusts[..9]),
            &complete(),
        )
        .await;
        assert_eq!(
            forced.counts.closed, 1,
            "{backend:?}: the federation closes"
        );
        let oak = store.trust(GroupUid(30001)).await.unwrap().unwrap();
        assert_eq!(oak.group.status, Status::Closed);
    }
}

const LINKS_HEADER: &str = "Group UID,Group ID,Group Name,Companies House Number,Group Type,Group Status,Joined date,Academy URN,Trust Academy Establishment Name";

/// A links file making school `n` (see [`school_row`]) a member of trust 20000 + `trust`.
fn memberships(pairs: &[(u64, u64)]) -> Vec<u8> {
    let mut text = format!("{LINKS_HEADER}\n");
    for (school, trust) in pairs {
        let uid = 20_000 + trust;
        let urn = 100_000 + school;
        text.push_str(&format!(
            "{uid},TR{trust:05},TRUST {trust},0{uid},Multi-academy trust,Open,01/09/2020,{urn},School {school}\n"
        ));
    }
    text.into_bytes()
}

#[tokio::test]
async fn only_a_complete_links_file_ends_memberships() {
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let backend = db.backend;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &register(1..=20),
            false,
        )
        .await;
        let all: Vec<(u64, u64)> = (1..=20).map(|n| (n, 1 + n % 4)).collect();
        let first = import(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-09-01.csv",
            &memberships(&all),
            false,
        )
        .await;
        assert_eq!((first.inserted, first.closed), (20, 0), "{backend:?}");

        // One trust's academies only: partial, so every other membership stays current.
        let one_trust: Vec<(u64, u64)> = all.iter().copied().filter(|(_, t)| *t == 2).collect();
        let partial = import_with(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-10-01.csv",
            &memberships(&one_trust),
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(partial.counts.closed, 0, "{backend:?}");
        assert_eq!(
            partial.closing.unwrap().describe(false),
            "this file holds 5 of 20 current memberships, so it is treated as partial: nothing is ended. Pass --complete if it really is the whole file."
        );
        let current = |detail: convene_domain::summary::SchoolDetail| {
            detail
                .memberships
                .iter()
                .filter(|m| m.left_date.is_none())
                .count()
        };
        assert_eq!(
            current(store.school(Urn(100_001)).await.unwrap().unwrap()),
            1
        );

        // School 1 has left its trust: the whole file but that membership ends it.
        let whole: Vec<(u64, u64)> = all.iter().copied().filter(|(s, _)| *s != 1).collect();
        let complete_file = import_with(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-11-01.csv",
            &memberships(&whole),
            &ImportOptions::default(),
        )
        .await;
        assert_eq!(complete_file.counts.closed, 1, "{backend:?}");
        assert!(complete_file
            .closing
            .unwrap()
            .describe(false)
            .ends_with("the 1 current membership it does not list is ended."));
        let school = store.school(Urn(100_001)).await.unwrap().unwrap();
        assert_eq!(
            school.memberships[0].left_date,
            Date::new(2025, 11, 1),
            "{backend:?}"
        );

        // --complete ends what the one-trust file lacks.
        let forced = import_with(
            &store,
            ImportKind::GiasGroupLinks,
            "academies_trust_links_2025-12-01.csv",
            &memberships(&one_trust),
            &complete(),
        )
        .await;
        // Trust 2's file lists schools 1, 5, 9, 13 and 17: school 1 rejoins, the other 15
        // current memberships end.
        assert_eq!(
            (forced.counts.updated, forced.counts.closed),
            (1, 15),
            "{backend:?}"
        );
        assert_eq!(
            current(store.school(Urn(100_002)).await.unwrap().unwrap()),
            0
        );
    }
}

#[tokio::test]
async fn establishment_links_missing_from_a_file_are_kept() {
    let links = |rows: &[&str]| {
        format!(
            "URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n{}\n",
            rows.join("\n")
        )
    };
    let merged = "100001,100002,School 2,Predecessor - merged,01-01-2022";
    let successor = "100003,100004,School 4,Successor,";
    let renamed = "100003,100004,School Four,Successor,";
    for db in TestDatabase::both().await {
        let store = db.store().await;
        let backend = db.backend;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &register(1..=20),
            false,
        )
        .await;
        let first = import(
            &store,
            ImportKind::GiasEstablishmentLinks,
            "links_edubasealldata20250401.csv",
            links(&[merged, successor]).as_bytes(),
            false,
        )
        .await;
        assert_eq!(first.inserted, 2, "{backend:?}");
        for told in [ImportOptions::default(), complete()] {
            let report = import_with(
                &store,
                ImportKind::GiasEstablishmentLinks,
                "links_edubasealldata20250501.csv",
                links(&[renamed]).as_bytes(),
                &told,
            )
            .await;
            assert_eq!(report.counts.closed, 0, "{backend:?}");
            assert_eq!(
                report.closing.unwrap().describe(false),
                "this file holds 1 of 2 stored links; links record history and are never ended, so the 1 it does not list is kept."
            );
        }
        let one = store.school(Urn(100_001)).await.unwrap().unwrap();
        assert_eq!(one.links.len(), 1, "{backend:?}: the missing link is kept");
        let three = store.school(Urn(100_003)).await.unwrap().unwrap();
        assert_eq!(
            three.links[0].linked_name.as_deref(),
            Some("School Four"),
            "{backend:?}: the listed link is updated"
        );
    }
}

#[tokio::test]
async fn ks5_and_ks4_imports_store_dated_figures_per_school_and_year() {
    use convene_domain::outcome::Measure;
    const KS5: &str = "RECTYPE,URN,SCHNAME,TALLPPE_ALEV_1618,VA_INS_ALEV\n";
    for db in TestDatabase::both().await {
        let store = db.store().await;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &establishments(&[GOSPEL_OAK, SHENLEY]),
            false,
        )
        .await;
        let older = format!("{KS5}1,136730,Shenley,38.5,\n1,999999,Unknown,30,\n");
        let counts = import(
            &store,
            ImportKind::Ks5,
            "ks5_2022-2023.csv",
            older.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            (counts.inserted, counts.unmatched),
            (1, 1),
            "{:?}",
            db.backend
        );
        let newer = format!("{KS5}1,136730,Shenley,40.25,0.31\n1,100025,Gospel Oak,SUPP,NA\n");
        import(
            &store,
            ImportKind::Ks5,
            "2023-2024_england_ks5final.csv",
            newer.as_bytes(),
            false,
        )
        .await;
        let again = import(
            &store,
            ImportKind::Ks5,
            "2023-2024_england_ks5final.csv",
            newer.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            again.unchanged, 2,
            "{:?}: re-import changes nothing",
            db.backend
        );
        import(
            &store,
            ImportKind::Ks4,
            "ks4_2018-19.csv",
            b"URN,P8MEA,ATT8SCR\n136730,0.42,NP\n",
            false,
        )
        .await;
        let all = store
            .outcomes_of(&[Urn(136730), Urn(100025)])
            .await
            .unwrap();
        let shenley: Vec<(Measure, &str, f64, &str)> = all[&Urn(136730)]
            .iter()
            .map(|o| (o.measure, o.year.as_str(), o.value, o.source.as_str()))
            .collect();
        assert_eq!(
            shenley,
            [
                (Measure::Ks4Progress8, "2018/19", 0.42, "ks4_2018-19.csv"),
                (Measure::Ks5ALevelAps, "2022/23", 38.5, "ks5_2022-2023.csv"),
                (
                    Measure::Ks5ALevelAps,
                    "2023/24",
                    40.25,
                    "2023-2024_england_ks5final.csv"
                ),
                (
                    Measure::Ks5ALevelValueAdded,
                    "2023/24",
                    0.31,
                    "2023-2024_england_ks5final.csv"
                ),
            ],
            "{:?}",
            db.backend
        );
        assert!(
            !all.contains_key(&Urn(100025)),
            "{:?}: SUPP and NA are not stored, never as zero",
            db.backend
        );
    }
}

/// A school's figures as (measure, year, value, file), in measure and year order.
async fn figures_of(
    store: &Store,
    urn: Urn,
) -> Vec<(convene_domain::outcome::Measure, String, f64, String)> {
    let mut figures: Vec<_> = store
        .outcomes_of(&[urn])
        .await
        .unwrap()
        .remove(&urn)
        .unwrap_or_default()
        .into_iter()
        .map(|o| (o.measure, o.year, o.value, o.source))
        .collect();
    figures.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    figures
}

#[tokio::test]
async fn pupil_premium_and_the_results_series_replace_only_their_own_figures() {
    use convene_domain::outcome::Measure::{
        FirstPreferencesPerOffer as Preferences, Ks2ReadingProgress as Reading,
        Ks4Attainment8 as A8, Ks4Progress8 as P8, Ks5ALevelAps as Aps,
        PupilPremiumPercent as Premium,
    };
    const SERIES: &str = "school_key,phase_key,year_key,reading_progress,writing_progress,maths_progress,progress_8,attainment_8,proportion_1stprefs_v_totaloffers,fact_flg\n";
    const PREMIUM: &str = "URN,School Name,Number of pupils on roll (7),Total number of pupils eligible for the Deprivation Pupil Premium\n";
    // In the July 2022 extract the series is keyed by, school_key 15 is Gospel Oak (URN
    // 100025) and 11376 is Shenley Brook End (URN 136730).
    const OLD_SERIES: &str = "progress_and_admissions_by_year_2014-2022.csv";
    const NEW_SERIES: &str = "progress_and_admissions_by_year_2016-2023.csv";
    let (gospel_oak, shenley) = (Urn(100025), Urn(136730));
    let figure = |m, year: &str, value, file: &str| (m, year.to_string(), value, file.to_string());
    for db in TestDatabase::both().await {
        let backend = db.backend;
        let store = db.store().await;
        import(
            &store,
            ImportKind::GiasEstablishments,
            "edubasealldata.csv",
            &establishments(&[GOSPEL_OAK, SHENLEY]),
            false,
        )
        .await;
        let ks5 = "RECTYPE,URN,TALLPPE_ALEV_1618\n1,136730,38.5\n";
        import(
            &store,
            ImportKind::Ks5,
            "ks5_2022-2023.csv",
            ks5.as_bytes(),
            false,
        )
        .await;
        let ks4 = "URN,P8MEA,ATT8SCR\n136730,0.42,NP\n";
        import(
            &store,
            ImportKind::Ks4,
            "ks4_2018-19.csv",
            ks4.as_bytes(),
            false,
        )
        .await;

        let series = format!(
            "{SERIES}15,1,2016,1.0,,,,,1.5,Actual\n15,1,2018,2.0,,,,,,Actual\n\
             11376,2,2017,,,,0.30,48.0,1.2,Actual\n11376,2,2018,,,,0.40,49.0,,Actual\n"
        );
        let counts = import(
            &store,
            ImportKind::ResultsSeries,
            OLD_SERIES,
            series.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            (
                counts.read,
                counts.inserted,
                counts.updated,
                counts.unchanged
            ),
            (2, 1, 1, 0),
            "{backend:?}: Gospel Oak is new to the series, Shenley had its KS4 results"
        );
        let ks2 = "URN,READPROG,WRITPROG,MATPROG\n100025,2.5,,\n";
        import(
            &store,
            ImportKind::Ks2,
            "ks2_2018-19.csv",
            ks2.as_bytes(),
            false,
        )
        .await;
        let premium = format!("{PREMIUM}100025,Gospel Oak,421,84\n136730,Shenley,1883,188\n");
        let counts = import(
            &store,
            ImportKind::PupilPremium,
            "pupil_premium_2019-20.csv",
            premium.as_bytes(),
            false,
        )
        .await;
        assert_eq!((counts.read, counts.inserted), (2, 2), "{backend:?}");
        assert_eq!(
            figures_of(&store, gospel_oak).await,
            [
                figure(Reading, "2016/17", 1.0, OLD_SERIES),
                figure(Reading, "2018/19", 2.5, "ks2_2018-19.csv"),
                figure(Preferences, "2016/17", 1.5, OLD_SERIES),
                figure(Premium, "2019/20", 20.0, "pupil_premium_2019-20.csv"),
            ],
            "{backend:?}: the official KS2 file wins over the series it was compiled into"
        );
        assert_eq!(
            figures_of(&store, shenley).await,
            [
                figure(P8, "2017/18", 0.3, OLD_SERIES),
                figure(P8, "2018/19", 0.42, "ks4_2018-19.csv"),
                figure(A8, "2017/18", 48.0, OLD_SERIES),
                figure(A8, "2018/19", 49.0, OLD_SERIES),
                figure(Aps, "2022/23", 38.5, "ks5_2022-2023.csv"),
                figure(Preferences, "2017/18", 1.2, OLD_SERIES),
                figure(Premium, "2019/20", 10.0, "pupil_premium_2019-20.csv"),
            ],
            "{backend:?}: the series gives way to KS4's Progress 8 and fills its blank \
             Attainment 8; pupil premium leaves KS5 and the series alone"
        );

        let again = import(
            &store,
            ImportKind::ResultsSeries,
            OLD_SERIES,
            series.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            (again.inserted, again.updated, again.unchanged),
            (0, 0, 2),
            "{backend:?}: re-importing the series changes nothing, official figures kept"
        );

        // A newer series covering 2016/17, 2017/18 and 2023/24 replaces the old series'
        // figures in those years only, and leaves every other kind's figures alone.
        let newer = format!(
            "{SERIES}11376,2,2016,,,,0.20,,,Actual\n11376,2,2017,,,,0.35,48.0,1.2,Actual\n\
             15,1,2023,,,,,,1.8,Actual\n"
        );
        import(
            &store,
            ImportKind::ResultsSeries,
            NEW_SERIES,
            newer.as_bytes(),
            false,
        )
        .await;
        let premium = format!("{PREMIUM}136730,Shenley,1900,200\n");
        import(
            &store,
            ImportKind::PupilPremium,
            "pupil_premium_2020-21.csv",
            premium.as_bytes(),
            false,
        )
        .await;
        assert_eq!(
            figures_of(&store, gospel_oak).await,
            [
                figure(Reading, "2018/19", 2.5, "ks2_2018-19.csv"),
                figure(Preferences, "2023/24", 1.8, NEW_SERIES),
                figure(Premium, "2019/20", 20.0, "pupil_premium_2019-20.csv"),
            ],
            "{backend:?}: the newer series has no 2016/17 row for Gospel Oak, so it loses \
             the old series' figures for that year"
        );
        assert_eq!(
            figures_of(&store, shenley).await,
            [
                figure(P8, "2016/17", 0.2, NEW_SERIES),
                figure(P8, "2017/18", 0.35, NEW_SERIES),
                figure(P8, "2018/19", 0.42, "ks4_2018-19.csv"),
                figure(A8, "2017/18", 48.0, NEW_SERIES),
                figure(A8, "2018/19", 49.0, OLD_SERIES),
                figure(Aps, "2022/23", 38.5, "ks5_2022-2023.csv"),
                figure(Preferences, "2017/18", 1.2, NEW_SERIES),
                figure(Premium, "2019/20", 10.0, "pupil_premium_2019-20.csv"),
                figure(Premium, "2020/21", 10.5, "pupil_premium_2020-21.csv"),
            ],
            "{backend:?}: each file replaces its own kind's figures for the years it covers"
        );

        // A newer pupil premium file for the same year lacking Gospel Oak is the whole of
        // that year: Gospel Oak loses its 2019/20 figure, and nothing else changes.
        let premium = format!("{PREMIUM}136730,Shenley,1883,190\n");
        import(
            &store,
            ImportKind::PupilPremium,
            "pupil_premium_2019-20_revised.csv",
            premium.as_bytes(),
            false,
        )
        .await;
        let gospel = figures_of(&store, gospel_oak).await;
        assert_eq!(gospel.len(), 2, "{backend:?}: {gospel:?}");
        assert!(!gospel.iter().any(|f| f.0 == Premium), "{backend:?}");
        let shenley_premium: Vec<_> = figures_of(&store, shenley)
            .await
            .into_iter()
            .filter(|f| f.0 == Premium)
            .map(|f| (f.1, f.2))
            .collect();
        assert_eq!(
            shenley_premium,
            [("2019/20".to_string(), 10.1), ("2020/21".to_string(), 10.5)],
            "{backend:?}"
        );
    }
}
