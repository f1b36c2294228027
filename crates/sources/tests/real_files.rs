//! The readers on the real published files in `shared/data`: the counts are the files' real
//! row counts, every row reads, and known schools and trusts come out as published.

use convene_domain::import::{ImportBatch, ImportKind};
use convene_domain::organisation::{GridReference, GroupKind, Phase, Status};
use convene_domain::place::Region;
use convene_domain::{Date, GroupUid, Judgement, Urn};
use convene_sources::Parsed;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// The file's name and bytes, as the command line would hand them over.
fn real(relative: &str) -> (String, Vec<u8>) {
    let path = data_dir().join(relative);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = relative.rsplit('/').next().unwrap_or(relative).to_string();
    (name, bytes)
}

fn clean<T>(parsed: Parsed<T>, rows: u64) -> Vec<T> {
    let first_errors: Vec<String> = parsed
        .errors
        .iter()
        .take(5)
        .map(ToString::to_string)
        .collect();
    assert!(
        parsed.errors.is_empty(),
        "{} errors: {first_errors:#?}",
        parsed.errors.len()
    );
    assert_eq!(parsed.rows, rows);
    assert_eq!(parsed.records.len() as u64, rows);
    parsed.records
}

#[test]
fn ofsted_every_state_funded_school_reads() {
    let (name, bytes) = real("ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv");
    let records = clean(
        convene_sources::parse_ofsted(&name, &bytes).unwrap(),
        21_990,
    );

    let aldgate = records
        .iter()
        .find(|r| r.school.urn == Urn(100000))
        .expect("Aldgate");
    assert_eq!(aldgate.school.name, "The Aldgate School");
    assert_eq!(aldgate.school.la_code, Some(201));
    assert_eq!(aldgate.school.phase, Phase::Primary);
    let inspection = aldgate.school.ofsted.as_ref().expect("inspected");
    assert_eq!(inspection.inspection_date, Date::new(2024, 6, 12));
    assert_eq!(inspection.overall, Some(Judgement::Outstanding));
    assert_eq!(inspection.safeguarding_effective, Some(true));

    let shenley = records
        .iter()
        .find(|r| r.school.urn == Urn(136730))
        .expect("Shenley");
    assert_eq!(shenley.trust_uid, Some(GroupUid(17101)));

    let count = |f: &dyn Fn(&convene_domain::import::OfstedRecord) -> bool| {
        records.iter().filter(|r| f(r)).count()
    };
    assert_eq!(count(&|r| r.school.region == Some(Region::London)), 2570);
    assert_eq!(count(&|r| r.school.region.is_some()), 21_990);
    assert_eq!(count(&|r| r.trust_uid.is_some()), 10_679);
    assert_eq!(
        count(&|r| r
            .school
            .ofsted
            .as_ref()
            .is_some_and(|o| o.inspection_date.is_some())),
        21_887
    );
    assert_eq!(
        count(&|r| r
            .school
            .ofsted
            .as_ref()
            .is_some_and(|o| o.overall.is_some())),
        18_618
    );
    assert_eq!(count(&|r| r.school.la_code.is_some()), 21_990);
}

#[test]
fn ofsted_through_the_generic_entry_point() {
    let (name, bytes) = real("ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv");
    let (batch, errors, rows) = convene_sources::parse(ImportKind::Ofsted, &name, &bytes).unwrap();
    assert_eq!((batch.len(), errors.len(), rows), (21_990, 0, 21_990));
    assert!(matches!(batch, ImportBatch::Ofsted(_)));
}

#[test]
fn census_every_school_reads_with_suppressed_values_as_none() {
    let (name, bytes) = real("census/spc_school_level_2022-23.csv");
    let records = clean(
        convene_sources::parse_census(&name, &bytes).unwrap(),
        24_442,
    );
    let aldgate = records
        .iter()
        .find(|r| r.urn == Urn(100000))
        .expect("Aldgate");
    assert_eq!(
        (aldgate.pupils, aldgate.fsm_percent),
        (Some(271), Some(18.1))
    );
    assert_eq!(
        records.iter().filter(|r| r.fsm_percent.is_none()).count(),
        2_408
    );
    assert_eq!(
        records.iter().filter(|r| r.urban_rural.is_none()).count(),
        10
    );
}

#[test]
fn ks2_every_school_reads_with_unpublished_scores_as_none() {
    let (name, bytes) = real("performance/ks2_2018-19.csv");
    let records = clean(convene_sources::parse_ks2(&name, &bytes).unwrap(), 16_355);
    let outcomes = |urn| {
        &records
            .iter()
            .find(|r| r.urn == Urn(urn))
            .unwrap_or_else(|| panic!("URN {urn}"))
            .outcomes
    };
    let bringhurst = outcomes(141279);
    assert_eq!(bringhurst.year.as_deref(), Some("2018/19"));
    assert_eq!(
        (
            bringhurst.reading_progress,
            bringhurst.writing_progress,
            bringhurst.maths_progress
        ),
        (Some(2.6), Some(2.3), Some(2.0))
    );
    let belvoirdale = outcomes(119913);
    assert_eq!(
        (
            belvoirdale.reading_progress,
            belvoirdale.writing_progress,
            belvoirdale.maths_progress
        ),
        (Some(-4.2), Some(-1.4), Some(-3.0))
    );
    let steiner = outcomes(141108);
    assert_eq!(steiner.reading_progress, None, "LOWCOV");
    assert!(records
        .iter()
        .all(|r| r.outcomes.year.as_deref() == Some("2018/19")));
    // 518 blank, 482 SUPP and 8 LOWCOV reading scores.
    assert_eq!(
        records
            .iter()
            .filter(|r| r.outcomes.reading_progress.is_none())
            .count(),
        1_008
    );
}

#[test]
fn ks4_every_school_reads_with_unpublished_scores_as_none() {
    let (name, bytes) = real("performance/ks4_2018-19.csv");
    let (batch, errors, rows) = convene_sources::parse(ImportKind::Ks4, &name, &bytes).unwrap();
    assert_eq!((batch.len(), errors.len(), rows), (5_516, 0, 5_516));
    let ImportBatch::Ks4(records) = batch else {
        panic!("a KS4 batch");
    };
    let outcomes = |urn| {
        &records
            .iter()
            .find(|r| r.urn == Urn(urn))
            .unwrap_or_else(|| panic!("URN {urn}"))
            .outcomes
    };
    let haverstock = outcomes(100049);
    assert_eq!(haverstock.year.as_deref(), Some("2018/19"));
    assert_eq!(
        (haverstock.progress8, haverstock.attainment8),
        (Some(-0.11), Some(42.4))
    );
    let parliament_hill = outcomes(100050);
    assert_eq!(
        (parliament_hill.progress8, parliament_hill.attainment8),
        (Some(0.77), Some(58.7))
    );
    let girls_school = outcomes(100001);
    assert_eq!(
        (girls_school.progress8, girls_school.attainment8),
        (None, Some(57.9)),
        "independent: Progress 8 NP"
    );
    let trinity = outcomes(140966);
    assert_eq!(
        (trinity.progress8, trinity.attainment8),
        (None, Some(36.5)),
        "LOWCOV"
    );
    // NP 1,308, NE 285, blank 192, SUPP 164, LOWCOV 10.
    let count = |f: &dyn Fn(&convene_domain::organisation::Ks4Outcomes) -> bool| {
        records.iter().filter(|r| f(&r.outcomes)).count()
    };
    assert_eq!(count(&|o| o.progress8.is_none()), 1_959);
    assert_eq!(count(&|o| o.attainment8.is_none()), 989);
}

#[test]
fn sen_every_school_reads() {
    let (name, bytes) = real("context/primary_sen_eal_fsm_2024-04.csv");
    let records = clean(convene_sources::parse_sen(&name, &bytes).unwrap(), 20_694);
    let find = |urn| {
        records
            .iter()
            .find(|r| r.urn == Urn(urn))
            .unwrap_or_else(|| panic!("URN {urn}"))
    };
    let aldgate = find(100000);
    assert_eq!(
        (aldgate.sen_support_percent, aldgate.ehc_plan_percent),
        (Some(21.0), Some(3.0))
    );
    let other = find(100018);
    assert_eq!(
        (other.sen_support_percent, other.ehc_plan_percent),
        (Some(21.0), Some(10.0))
    );
    assert!(records
        .iter()
        .all(|r| r.sen_support_percent.is_some() && r.ehc_plan_percent.is_some()));
}

#[test]
fn groups_2026_snake_case_register() {
    let (name, bytes) = real("gias/allgroupsdata_2026-08-21_snakecase.csv");
    let groups = clean(convene_sources::parse_groups(&name, &bytes).unwrap(), 7_176);
    let trust = groups
        .iter()
        .find(|g| g.uid == GroupUid(17101))
        .expect("5 Dimensions");
    assert_eq!(trust.name, "5 DIMENSIONS TRUST");
    assert_eq!(trust.group_id.as_deref(), Some("TR01904"));
    assert_eq!(trust.companies_house_number.as_deref(), Some("07595434"));
    assert_eq!(trust.kind, GroupKind::MultiAcademyTrust);
    assert_eq!(trust.incorporated_date, Date::new(2011, 4, 7));
    assert_eq!(trust.postcode.as_deref(), Some("MK8 0PT"));
    assert_eq!(trust.head, None, "head recorded as \"Not recorded\"");
    let open_mats = groups
        .iter()
        .filter(|g| g.kind == GroupKind::MultiAcademyTrust && g.status == Status::Open)
        .count();
    assert_eq!(open_mats, 1_327);
    assert_eq!(
        groups
            .iter()
            .filter(|g| g.status == Status::ProposedToOpen)
            .count(),
        2
    );
}

#[test]
fn groups_2022_official_layouts_restore_companies_house_numbers() {
    for (file, rows) in [
        ("gias/allgroupsdata_2022-08-31.csv", 6_905),
        ("gias/allgroupsdata_2022-03.csv", 6_877),
    ] {
        let (name, bytes) = real(file);
        let groups = clean(convene_sources::parse_groups(&name, &bytes).unwrap(), rows);
        let trust = groups
            .iter()
            .find(|g| g.uid == GroupUid(17101))
            .expect("5 Dimensions");
        assert_eq!(
            trust.companies_house_number.as_deref(),
            Some("07595434"),
            "{file}"
        );
        let short = groups
            .iter()
            .filter_map(|g| g.companies_house_number.as_deref())
            .filter(|n| n.len() != 8)
            .count();
        assert_eq!(short, 0, "{file}");
    }
}

#[test]
fn academies_trust_links() {
    let (name, bytes) = real("gias/academies_trust_links_2025-09.csv");
    let links = clean(
        convene_sources::parse_group_links(&name, &bytes).unwrap(),
        11_759,
    );
    let shenley = links
        .iter()
        .find(|l| l.link.urn == Urn(136730))
        .expect("Shenley");
    assert_eq!(shenley.link.group_uid, GroupUid(17101));
    assert_eq!(shenley.link.joined_date, Date::new(2011, 5, 1));
    assert_eq!(shenley.group.name, "5 DIMENSIONS TRUST");
    assert_eq!(
        shenley.group.companies_house_number.as_deref(),
        Some("07595434")
    );
    let hawkins = links
        .iter()
        .find(|l| l.link.urn == Urn(137608))
        .expect("Lady Hawkins'");
    assert_eq!(hawkins.group.name, "LADY HAWKINS’ SCHOOL");
    assert_eq!(hawkins.group.kind, GroupKind::SingleAcademyTrust);
    let trusts: std::collections::HashSet<GroupUid> = links.iter().map(|l| l.group.uid).collect();
    assert_eq!(trusts.len(), 2_127);
}

#[test]
fn all_links_2022_with_an_unnamed_index_column() {
    for (file, rows) in [
        ("gias/alllinksdata_2022-08-31.csv", 20_582),
        ("gias/alllinksdata_2022-03.csv", 20_390),
    ] {
        let (name, bytes) = real(file);
        let links = clean(
            convene_sources::parse_group_links(&name, &bytes).unwrap(),
            rows,
        );
        let centre = &links[0];
        assert_eq!(
            (centre.link.urn, centre.link.group_uid),
            (Urn(20003), GroupUid(80637)),
            "{file}"
        );
        assert_eq!(centre.link.joined_date, None, "01/01/1900 means unknown");
        let shenley = links
            .iter()
            .find(|l| l.link.urn == Urn(136730) && l.group.kind.is_academy_trust());
        assert_eq!(
            shenley.map(|l| l.link.group_uid),
            Some(GroupUid(17101)),
            "{file}"
        );
    }
    let (name, bytes) = real("gias/alllinksdata_2022-08-31.csv");
    let links = convene_sources::parse_group_links(&name, &bytes)
        .unwrap()
        .records;
    assert_eq!(
        links
            .iter()
            .filter(|l| l.link.joined_date.is_none())
            .count(),
        1_367
    );
}

#[test]
fn establishment_links_2025_in_windows_1252() {
    let (name, bytes) = real("gias/links_edubasealldata20250422.csv");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the real file is Windows-1252"
    );
    let links = clean(
        convene_sources::parse_establishment_links(&name, &bytes).unwrap(),
        33_801,
    );
    let becket = links
        .iter()
        .find(|l| l.urn == Urn(108299) && l.linked_urn == Urn(138950))
        .expect("Becket");
    assert_eq!(
        becket.linked_name.as_deref(),
        Some("St Thomas à Becket Catholic Secondary School, A Voluntary Academy")
    );
    assert_eq!(becket.link_type, "Successor");
    assert_eq!(becket.established_date, Date::new(2012, 10, 31));
    assert_eq!(
        links
            .iter()
            .filter(|l| l.established_date.is_none())
            .count(),
        8_253
    );
}

#[test]
fn establishment_links_2022_with_an_unnamed_index_column() {
    let (name, bytes) = real("gias/links_edubasealldata_2022-08-31.csv");
    let links = clean(
        convene_sources::parse_establishment_links(&name, &bytes).unwrap(),
        30_682,
    );
    assert_eq!(
        (links[0].urn, links[0].linked_urn),
        (Urn(100006), Urn(134643))
    );
    assert_eq!(links[0].established_date, Date::new(2022, 1, 1));
}

#[test]
fn local_authorities_without_the_not_reported_row() {
    let (name, bytes) = real("gias/local_authorities.csv");
    let parsed = convene_sources::parse_local_authorities(&name, &bytes).unwrap();
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!((parsed.rows, parsed.records.len()), (153, 152));
    assert!(parsed.records.iter().all(|la| la.region.is_some()));
    let city = parsed
        .records
        .iter()
        .find(|la| la.code == 201)
        .expect("City of London");
    assert_eq!(
        (city.name.as_str(), city.region),
        ("City of London", Some(Region::London))
    );
    let london = parsed
        .records
        .iter()
        .filter(|la| la.region == Some(Region::London))
        .count();
    assert_eq!(london, 33);
}

#[test]
fn gias_derived_files_read_as_establishments_too() {
    let (name, bytes) = real("gias/establishments_sample_2026-08-21.csv");
    let sample = clean(
        convene_sources::parse_establishments(&name, &bytes).unwrap(),
        1_924,
    );
    let gospel = sample
        .iter()
        .find(|r| r.school.urn == Urn(100025))
        .expect("Gospel Oak");
    assert_eq!(
        (gospel.school.laestab, gospel.school.la_code),
        (Some(2022775), Some(202))
    );
    assert_eq!(gospel.school.location, GridReference::new(528230, 185638));
    assert_eq!(gospel.school.capacity, Some(459));
    assert_eq!(
        sample.iter().filter(|r| r.trust_uid.is_some()).count(),
        1_465
    );
    assert_eq!(
        sample
            .iter()
            .filter(|r| r.school.status == Status::Closed)
            .count(),
        36
    );

    let (name, bytes) = real("gias/secondary_schools_2026-03.csv");
    let secondaries = clean(
        convene_sources::parse_establishments(&name, &bytes).unwrap(),
        3_424,
    );
    let haverstock = secondaries
        .iter()
        .find(|r| r.school.urn == Urn(100049))
        .expect("Haverstock");
    assert_eq!(haverstock.school.fsm_percent, Some(72.6));
    assert_eq!(haverstock.school.laestab, Some(2024104));
    assert_eq!(haverstock.school.phase, Phase::Secondary);
}

#[test]
fn read_table_finds_enrichment_columns_by_name() {
    let (name, bytes) = real("gias/establishments_extract_2022-07.csv");
    let table = convene_sources::read_table(&name, &bytes).unwrap();
    assert_eq!(table.len(), 20_189);
    let (urn, easting) = (
        table.column(&["URN"]).unwrap(),
        table.column(&["Easting"]).unwrap(),
    );
    let (line, aldgate) = table.rows().nth(1).unwrap();
    assert_eq!(
        (line, &aldgate[urn], &aldgate[easting]),
        (3, "100000", "533498")
    );
}

/// Three real schools written the way a user's `edubasealldata` download is: all 140
/// official columns, Windows-1252.
mod edubasealldata {
    use super::*;

    const GOSPEL_OAK: &[(&str, &str)] = &[
        ("URN", "100025"),
        ("LA (code)", "202"),
        ("LA (name)", "Camden"),
        ("EstablishmentNumber", "2775"),
        ("EstablishmentName", "Gospel Oak Primary School"),
        ("TypeOfEstablishment (code)", "01"),
        ("TypeOfEstablishment (name)", "Community school"),
        ("EstablishmentTypeGroup (code)", "4"),
        (
            "EstablishmentTypeGroup (name)",
            "Local authority maintained schools",
        ),
        ("EstablishmentStatus (code)", "1"),
        ("EstablishmentStatus (name)", "Open"),
        ("PhaseOfEducation (code)", "2"),
        ("PhaseOfEducation (name)", "Primary"),
        ("StatutoryLowAge", "3"),
        ("StatutoryHighAge", "11"),
        ("NurseryProvision (name)", "Has Nursery Classes"),
        ("OfficialSixthForm (code)", "2"),
        ("OfficialSixthForm (name)", "Does not have a sixth form"),
        ("Gender (code)", "3"),
        ("Gender (name)", "Mixed"),
        ("ReligiousCharacter (code)", "00"),
        ("ReligiousCharacter (name)", "Does not apply"),
        ("AdmissionsPolicy (code)", "0"),
        ("AdmissionsPolicy (name)", "Not applicable"),
        ("SchoolCapacity", "459"),
        ("NumberOfPupils", "421"),
        ("PercentageFSM", "35.6"),
        ("TrustSchoolFlag (code)", "0"),
        ("TrustSchoolFlag (name)", "Not applicable"),
        ("UKPRN", "10078058"),
        ("Street", "Mansfield Road"),
        ("Town", "London"),
        ("Postcode", "NW3 2JB"),
        ("SchoolWebsite", "www.gospeloak.camden.sch.uk"),
        ("TelephoneNum", "02074857435"),
        ("HeadTitle (name)", "Mr"),
        ("HeadFirstName", "John"),
        ("HeadLastName", "Hayes"),
        ("HeadPreferredJobTitle", "Headteacher"),
        ("GOR (code)", "H"),
        ("GOR (name)", "London"),
        ("DistrictAdministrative (code)", "E09000007"),
        ("DistrictAdministrative (name)", "Camden"),
        ("UrbanRural (code)", "UN1"),
        ("UrbanRural (name)", "Urban: Nearer to a major town or city"),
        ("Easting", "528230"),
        ("Northing", "185638"),
        ("Country (name)", "United Kingdom"),
    ];

    const ECOLE: &[(&str, &str)] = &[
        ("URN", "100371"),
        ("LA (code)", "205"),
        ("LA (name)", "Hammersmith and Fulham"),
        ("EstablishmentNumber", "6359"),
        (
            "EstablishmentName",
            "Ecole Française de Londres Jacques Prévert",
        ),
        ("TypeOfEstablishment (name)", "Other independent school"),
        ("EstablishmentTypeGroup (name)", "Independent schools"),
        ("EstablishmentStatus (name)", "Open"),
        ("OpenDate", "19/11/1986"),
        ("PhaseOfEducation (name)", "Not applicable"),
        ("Gender (name)", "Mixed"),
        ("ReligiousCharacter (name)", "No religious character"),
        ("AdmissionsPolicy (name)", "Non-selective"),
        ("NumberOfPupils", "252"),
        ("PercentageFSM", "SUPP"),
        ("Postcode", "W6 7BE"),
        ("GOR (name)", "London"),
        (
            "UrbanRural (name)",
            "(England/Wales) Urban major conurbation",
        ),
    ];

    const BEIS_ROCHEL: &[(&str, &str)] = &[
        ("URN", "147296"),
        ("LA (code)", "204"),
        ("LA (name)", "Hackney"),
        ("EstablishmentNumber", "6021"),
        ("EstablishmentName", "Beis Rochel d’Satmar School"),
        ("TypeOfEstablishment (name)", "Other independent school"),
        ("EstablishmentStatus (name)", "Open"),
        ("OpenDate", "28/01/2020"),
        ("PhaseOfEducation (name)", "Not applicable"),
        ("Gender (name)", "Boys"),
        ("ReligiousCharacter (name)", "Other Jewish Faith"),
        ("AdmissionsPolicy (name)", "Unknown"),
        ("NumberOfPupils", "636"),
        ("Postcode", "N16 5DS"),
        ("GOR (name)", "London"),
    ];

    const ST_PAULS: &[(&str, &str)] = &[
        ("URN", "105135"),
        ("LA (code)", "203"),
        ("LA (name)", "Greenwich"),
        ("EstablishmentNumber", "6905"),
        ("EstablishmentName", "St Paul's Academy"),
        ("TypeOfEstablishment (name)", "Academy sponsor led"),
        ("EstablishmentStatus (name)", "Open"),
        ("OpenDate", "01/09/2005"),
        ("PhaseOfEducation (name)", "Secondary"),
        ("StatutoryLowAge", "11"),
        ("StatutoryHighAge", "16"),
        ("SchoolCapacity", "1200"),
        ("NumberOfPupils", "1066"),
        ("PercentageFSM", "29.4"),
        ("Trusts (code)", "17729"),
        ("Trusts (name)", "ST BENEDICT CATHOLIC ACADEMY TRUST"),
        (
            "TrustSchoolFlag (name)",
            "Supported by a multi-academy trust",
        ),
        ("UKPRN", "10017649"),
        ("Street", "Finchale Road"),
        ("Locality", "Abbey Wood"),
        ("Town", "London"),
        ("Postcode", "SE2 9PX"),
        ("GOR (name)", "London"),
        ("Easting", "546278"),
        ("Northing", "179196"),
    ];

    fn official_columns() -> Vec<String> {
        let path = data_dir().join("gias/edubasealldata-columns.txt");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }

    /// The schools as CSV text in the official layout, every column present.
    fn layout(schools: &[&[(&str, &str)]]) -> String {
        let columns = official_columns();
        assert_eq!(columns.len(), 140);
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        writer.write_record(&columns).unwrap();
        for school in schools {
            let values: HashMap<&str, &str> = school.iter().copied().collect();
            for (name, _) in school.iter() {
                assert!(
                    columns.iter().any(|c| c == name),
                    "{name} is not an official column"
                );
            }
            writer
                .write_record(
                    columns
                        .iter()
                        .map(|c| values.get(c.as_str()).copied().unwrap_or("")),
                )
                .unwrap();
        }
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    }

    fn windows_1252(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn reads_the_full_official_layout_in_windows_1252() {
        let text = layout(&[GOSPEL_OAK, ECOLE, BEIS_ROCHEL, ST_PAULS]);
        let bytes = windows_1252(&text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let parsed =
            convene_sources::parse_establishments("edubasealldata20260821.csv", &bytes).unwrap();
        let records = clean(parsed, 4);

        let gospel = &records[0].school;
        assert_eq!(gospel.name, "Gospel Oak Primary School");
        assert_eq!(
            (gospel.la_code, gospel.laestab, gospel.ukprn),
            (Some(202), Some(2022775), Some(10078058))
        );
        assert_eq!(
            (gospel.phase, gospel.status),
            (Phase::Primary, Status::Open)
        );
        assert_eq!((gospel.age_low, gospel.age_high), (Some(3), Some(11)));
        assert_eq!(
            (gospel.pupils, gospel.capacity, gospel.fsm_percent),
            (Some(421), Some(459), Some(35.6))
        );
        assert_eq!(gospel.location, GridReference::new(528230, 185638));
        assert_eq!(gospel.region, Some(Region::London));
        assert_eq!(gospel.postcode.as_deref(), Some("NW3 2JB"));
        assert_eq!(gospel.gender.as_deref(), Some("Mixed"));
        assert_eq!(
            gospel.urban_rural.as_deref(),
            Some("Urban: Nearer to a major town or city")
        );
        assert_eq!(
            gospel.website.as_deref(),
            Some("www.gospeloak.camden.sch.uk")
        );
        assert_eq!(records[0].trust_uid, None);

        let ecole = &records[1].school;
        assert_eq!(ecole.name, "Ecole Française de Londres Jacques Prévert");
        assert_eq!(
            (ecole.phase, ecole.fsm_percent, ecole.location),
            (Phase::Other, None, None)
        );
        assert_eq!(ecole.open_date, Date::new(1986, 11, 19));

        let beis = &records[2].school;
        assert_eq!(beis.name, "Beis Rochel d’Satmar School");
        assert_eq!(beis.admissions_policy, None, "Unknown is no value");

        let st_pauls = &records[3];
        assert_eq!(st_pauls.trust_uid, Some(GroupUid(17729)));
        assert_eq!(st_pauls.school.street.as_deref(), Some("Finchale Road"));
        assert!(records.iter().all(|r| r.school.ofsted.is_none()));
    }

    #[test]
    fn windows_1252_and_utf8_with_a_bom_give_identical_records() {
        let text = layout(&[GOSPEL_OAK, ECOLE, BEIS_ROCHEL, ST_PAULS]);
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(text.as_bytes());
        let from_1252 =
            convene_sources::parse_establishments("a.csv", &windows_1252(&text)).unwrap();
        let from_utf8 = convene_sources::parse_establishments("a.csv", &utf8).unwrap();
        assert_eq!(from_1252, from_utf8);
        assert_eq!(from_utf8.records.len(), 4);
    }
}

#[test]
fn ks5_three_years_of_official_16_to_18_tables_read_from_gzip() {
    use convene_domain::outcome::Measure;
    for (path, rows, schools, with_aps, with_va) in [
        ("performance/ks5_2021-2022.csv.gz", 2_971, 2_816, 2_543, 0),
        ("performance/ks5_2022-2023.csv.gz", 2_973, 2_816, 2_547, 0),
        (
            "performance/ks5_2023-2024.csv.gz",
            2_954,
            2_797,
            2_535,
            2_540,
        ),
    ] {
        let (name, bytes) = real(path);
        let parsed = convene_sources::parse_ks5(&name, &bytes).unwrap();
        assert_eq!(parsed.rows, rows, "{path}");
        assert!(
            parsed.errors.is_empty(),
            "{path}: {:?}",
            parsed.errors.first()
        );
        let records = parsed.records;
        assert_eq!(
            records.len(),
            schools,
            "{path}: school rows, totals skipped"
        );
        let count = |m: Measure| {
            records
                .iter()
                .filter(|r| r.outcomes.iter().any(|o| o.measure == m))
                .count()
        };
        assert_eq!(count(Measure::Ks5ALevelAps), with_aps, "{path}");
        assert_eq!(count(Measure::Ks5ALevelValueAdded), with_va, "{path}");
    }
    let (name, bytes) = real("performance/ks5_2022-2023.csv.gz");
    let records = convene_sources::parse_ks5(&name, &bytes).unwrap().records;
    let ucl = records.iter().find(|r| r.urn == Urn(137181)).unwrap();
    assert_eq!(ucl.outcomes[0].value, 28.15);
    assert_eq!(ucl.outcomes[0].year, "2022/23");
    assert_eq!(ucl.outcomes[0].source, "ks5_2022-2023.csv.gz");
}

/// The trimmed 2018/19 16-18 tables are not bundled, but they are in the official layout,
/// so `convene import ks5 ks5_2018-19.csv` gives A level results a year before the pandemic.
#[test]
fn ks5_2018_19_reads_with_value_added_and_its_year() {
    use convene_domain::outcome::Measure;
    let (name, bytes) = real("performance/ks5_2018-19.csv");
    let parsed = convene_sources::parse_ks5(&name, &bytes).unwrap();
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    let records = parsed.records;
    assert!(records.len() > 2_500, "{} schools", records.len());
    let with = |m: Measure| {
        records
            .iter()
            .filter(|r| r.outcomes.iter().any(|o| o.measure == m))
            .count()
    };
    assert!(with(Measure::Ks5ALevelAps) > 2_000);
    assert!(with(Measure::Ks5ALevelValueAdded) > 2_000);
    let carmel = records.iter().find(|r| r.urn == Urn(130489)).unwrap();
    assert_eq!(carmel.outcomes[0].year, "2018/19");
    assert_eq!(carmel.outcomes[0].source, "ks5_2018-19.csv");
    assert!(carmel
        .outcomes
        .iter()
        .any(|o| o.measure == Measure::Ks5ALevelValueAdded && o.value == 0.11));
}

#[test]
fn the_2014_2022_series_reads_every_row_with_its_phase_and_flag() {
    use convene_domain::outcome::Measure;
    let (name, bytes) = real("performance/progress_and_admissions_by_year_2014-2022.csv");
    let rows = clean(
        convene_sources::parse_year_series(&name, &bytes).unwrap(),
        170_139,
    );
    let aldgate_2018 = rows
        .iter()
        .find(|r| r.school_key == "1" && r.year_key == 2018)
        .unwrap();
    assert_eq!(
        aldgate_2018.values[..3],
        [
            (Measure::Ks2ReadingProgress, 4.8),
            (Measure::Ks2WritingProgress, 2.5),
            (Measure::Ks2MathsProgress, 3.9)
        ],
        "matches the official 2018/19 KS2 file for URN 100000"
    );
    assert_eq!(rows.iter().filter(|r| !r.actual).count(), 976);
    let p8_2015 = rows
        .iter()
        .filter(|r| r.year_key == 2015 && r.values.iter().any(|v| v.0 == Measure::Ks4Progress8))
        .count();
    assert_eq!(p8_2015, 2_871);
}

#[test]
fn pupil_premium_2019_20_reads() {
    let (name, bytes) = real("context/pupil_premium_2019-20.csv");
    let parsed = convene_sources::parse_pupil_premium(&name, &bytes).unwrap();
    assert_eq!(parsed.rows, 21_567);
    // Two schools list 0.5 pupils on roll with 1 eligible: reported, not guessed.
    let lines: Vec<u64> = parsed.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [16_688, 18_462]);
    let aldgate = parsed
        .records
        .iter()
        .find(|r| r.urn == Urn(100000))
        .unwrap();
    assert_eq!(aldgate.outcomes[0].value, 16.2);
    assert_eq!(aldgate.outcomes[0].year, "2019/20");
}

#[test]
fn pupil_premium_through_the_generic_entry_point() {
    use convene_domain::outcome::Measure;
    let (name, bytes) = real("context/pupil_premium_2019-20.csv");
    let (batch, errors, rows) =
        convene_sources::parse(ImportKind::PupilPremium, &name, &bytes).unwrap();
    assert_eq!((batch.len(), errors.len(), rows), (21_565, 2, 21_567));
    let ImportBatch::PupilPremium(records) = batch else {
        panic!("a pupil premium batch")
    };
    let figures: Vec<_> = records.iter().flat_map(|r| &r.outcomes).collect();
    assert_eq!(figures.len(), PUPIL_PREMIUM_FIGURES);
    assert!(figures
        .iter()
        .all(|o| o.measure == Measure::PupilPremiumPercent
            && o.year == "2019/20"
            && o.source == "pupil_premium_2019-20.csv"));
}

/// Schools in the 2019/20 pupil premium file with pupils on roll, so with a percentage.
const PUPIL_PREMIUM_FIGURES: usize = 21_518;

#[test]
fn the_compiled_school_keys_are_the_2022_extracts() {
    let (name, bytes) = real("gias/establishments_extract_2022-07.csv");
    let extract = convene_sources::read_table(&name, &bytes).unwrap();
    let pairs = |table: &convene_sources::Table| -> HashMap<String, String> {
        let key = table.column(&["school_key"]).unwrap();
        let urn = table.column(&["urn"]).unwrap();
        table
            .rows()
            .map(|(_, row)| (row[key].to_string(), row[urn].to_string()))
            .filter(|(_, urn)| urn != "0")
            .collect()
    };
    let compiled_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/keys/establishments_extract_2022-07_school_keys.csv");
    let compiled = std::fs::read(&compiled_path).unwrap();
    let compiled = convene_sources::read_table("keys.csv", &compiled).unwrap();
    assert_eq!(pairs(&compiled), pairs(&extract));
    assert_eq!(compiled.len(), 20_188);
}

#[test]
fn the_series_year_keys_are_the_years_academic_years_csv_says() {
    let (name, bytes) = real("performance/academic_years.csv");
    let years = convene_sources::read_table(&name, &bytes).unwrap();
    let key = years.column(&["year_key"]).unwrap();
    let start = years.column(&["academic_year_start"]).unwrap();
    let short = years.column(&["academic_year_short"]).unwrap();
    for (_, row) in years.rows() {
        assert_eq!(row[key], row[start], "year_key is the start year");
        let start: i32 = row[start].parse().unwrap();
        let written = convene_domain::outcome::academic_year(start);
        assert_eq!(
            written
                .chars()
                .skip(2)
                .collect::<String>()
                .replace('/', "-"),
            row[short],
            "{written}"
        );
    }
}

#[test]
fn the_2014_2022_series_imports_as_dated_figures_per_school() {
    use convene_domain::outcome::Measure;
    let (name, bytes) = real("performance/progress_and_admissions_by_year_2014-2022.csv");
    let (batch, errors, rows) =
        convene_sources::parse(ImportKind::ResultsSeries, &name, &bytes).unwrap();
    assert!(errors.is_empty(), "{:?}", errors.first());
    assert_eq!((batch.len(), rows), (19_006, 170_139), "schools, rows");
    let ImportBatch::ResultsSeries(records) = batch else {
        panic!("a results series batch")
    };
    let figure = |urn: i64, measure: Measure, year: &str| {
        records
            .iter()
            .find(|r| r.urn == Urn(urn))
            .and_then(|r| {
                r.outcomes
                    .iter()
                    .find(|o| o.measure == measure && o.year == year)
            })
            .map(|o| o.value)
    };
    assert_eq!(
        figure(100000, Measure::Ks2ReadingProgress, "2018/19"),
        Some(4.8),
        "as the official 2018/19 KS2 file has it"
    );
    assert_eq!(
        figure(100000, Measure::Ks2ReadingProgress, "2016/17"),
        Some(2.8)
    );
    assert_eq!(
        figure(100049, Measure::Ks4Progress8, "2015/16"),
        Some(-0.11)
    );
    let count = |measure: Measure| {
        records
            .iter()
            .flat_map(|r| &r.outcomes)
            .filter(|o| o.measure == measure)
            .count()
    };
    assert_eq!(count(Measure::Ks4Progress8), 11_548);
    assert_eq!(
        count(Measure::FirstPreferencesPerOffer),
        166_630,
        "published rows of schools with one phase that year"
    );
    let years: std::collections::BTreeSet<&str> = records
        .iter()
        .flat_map(|r| &r.outcomes)
        .map(|o| o.year.as_str())
        .collect();
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        [
            "2014/15", "2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21", "2021/22",
            "2022/23"
        ]
    );
}
