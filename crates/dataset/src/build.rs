//! Building the national dataset from the published files.
//!
//! The Ofsted state-funded schools file is the spine: every school in it is in the dataset.
//! Other files enrich it by URN: the school census (FSM %, EAL %, urban/rural), the 2018/19
//! KS2 and KS4 performance tables (progress scores, Progress 8, Attainment 8), results
//! over time (16-18 tables 2021/22-2023/24, KS4 2023/24, the 2015-2022 series of KS2 and KS4
//! results and admissions preferences, pupil premium 2019/20), schools' SEN
//! percentages, three GIAS
//! extracts (coordinates, address, capacity; newest wins), the GIAS groups register (open
//! academy trusts), the academies/trust links (memberships, complete for multi-academy
//! trusts), the 2022 GIAS links (single-academy trusts the newer file misses), and GIAS
//! predecessor/successor links.

use crate::DatasetError;
use convene_domain::dataset::NationalDataset;
use convene_domain::import::{ImportKind, ImportSource};
use convene_domain::organisation::{GridReference, Group, GroupKind, GroupLink, School, Status};
use convene_domain::outcome::{self, Measure, Outcome, OutcomeSeries};
use convene_domain::{Date, GroupUid, Urn};
use convene_sources::{Parsed, SourceError};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Reads a published file by its path relative to the data folder, or says why it cannot.
pub type FileReader = Box<dyn Fn(&str) -> Result<Vec<u8>, String>>;

/// The published files the dataset is built from, by their names in `shared/data`.
pub struct SourceFiles {
    /// Reads a file by its path relative to the data folder.
    pub read: FileReader,
}

/// Relative paths of the inputs.
pub mod paths {
    /// Ofsted management information (the spine).
    pub const OFSTED: &str = "ofsted/state_funded_schools_inspections_as_at_2025-08-31.csv";
    /// School census school-level data.
    pub const CENSUS: &str = "census/spc_school_level_2022-23.csv";
    /// KS2 performance tables, school level, 2018/19 (the last year before the pandemic).
    pub const KS2: &str = "performance/ks2_2018-19.csv";
    /// KS4 performance tables, school level, 2018/19.
    pub const KS4: &str = "performance/ks4_2018-19.csv";
    /// 16-18 performance tables, official layout, gzip-compressed: three years.
    pub const KS5: [&str; 3] = [
        "performance/ks5_2021-2022.csv.gz",
        "performance/ks5_2022-2023.csv.gz",
        "performance/ks5_2023-2024.csv.gz",
    ];
    /// KS2 progress, KS4 Progress 8 / Attainment 8 (2015/16-2018/19) and admissions
    /// preferences (2014/15-2022/23) by school and year, keyed as the 2022 extract.
    pub const YEAR_SERIES: &str = "performance/progress_and_admissions_by_year_2014-2022.csv";
    /// Pupil premium allocations by school, 2019/20.
    pub const PUPIL_PREMIUM: &str = "context/pupil_premium_2019-20.csv";
    /// SEN support and EHC plan percentages (named "primary", but every phase is in it).
    pub const SEN: &str = "context/primary_sen_eal_fsm_2024-04.csv";
    /// GIAS groups register.
    pub const GROUPS: &str = "gias/allgroupsdata_2026-08-21_snakecase.csv";
    /// GIAS academies/trust links.
    pub const TRUST_LINKS: &str = "gias/academies_trust_links_2025-09.csv";
    /// GIAS links for all group types, 2022.
    pub const LINKS_2022: &str = "gias/alllinksdata_2022-08-31.csv";
    /// GIAS predecessor/successor links.
    pub const ESTABLISHMENT_LINKS: &str = "gias/links_edubasealldata20250422.csv";
    /// Local authorities and regions.
    pub const LOCAL_AUTHORITIES: &str = "gias/local_authorities.csv";
    /// GIAS working sample with coordinates (newest).
    pub const SAMPLE: &str = "gias/establishments_sample_2026-08-21.csv";
    /// All open secondaries with coordinates.
    pub const SECONDARIES: &str = "gias/secondary_schools_2026-03.csv";
    /// GIAS-derived extract of state primaries and secondaries with coordinates.
    pub const EXTRACT: &str = "gias/establishments_extract_2022-07.csv";
    /// Facts joined to the extract by `school_key`.
    pub const EXTRACT_FACTS: &str = "gias/establishments_extract_2022-07_facts.csv";
}

/// What the build did, for the person running it.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Lines describing each step.
    pub lines: Vec<String>,
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}

fn source(kind: ImportKind, path: &str, date: Option<Date>) -> ImportSource {
    ImportSource {
        kind,
        file_name: file_name(path),
        data_date: date.or_else(|| Date::find_in_file_name(path)),
    }
}

fn strict<T>(
    parsed: Result<Parsed<T>, SourceError>,
    report: &mut BuildReport,
    what: &str,
) -> Result<Vec<T>, DatasetError> {
    let parsed = parsed.map_err(|e| DatasetError::Source(e.to_string()))?;
    report.lines.push(format!(
        "{what}: {} rows read, {} usable, {} rows with problems",
        parsed.rows,
        parsed.records.len(),
        parsed.errors.len()
    ));
    for error in parsed.errors.iter().take(5) {
        report.lines.push(format!("  {error}"));
    }
    Ok(parsed.records)
}

/// Extra facts about a school from the GIAS extracts.
#[derive(Default, Clone)]
struct Enrichment {
    location: Option<GridReference>,
    street: Option<String>,
    town: Option<String>,
    website: Option<String>,
    urban_rural: Option<String>,
    capacity: Option<i64>,
}

/// Builds the dataset. Every input is required, so a half-built dataset is never shipped.
pub fn build(files: &SourceFiles) -> Result<(NationalDataset, BuildReport), DatasetError> {
    let mut report = BuildReport::default();
    let read = |path: &str| (files.read)(path).map_err(DatasetError::Source);

    let ofsted = strict(
        convene_sources::parse_ofsted(&file_name(paths::OFSTED), &read(paths::OFSTED)?),
        &mut report,
        "Ofsted",
    )?;
    let mut schools: BTreeMap<Urn, School> = BTreeMap::new();
    let mut ofsted_trust: HashMap<Urn, GroupUid> = HashMap::new();
    for record in ofsted {
        if let Some(uid) = record.trust_uid {
            ofsted_trust.insert(record.school.urn, uid);
        }
        schools.insert(record.school.urn, record.school);
    }

    let census = strict(
        convene_sources::parse_census(&file_name(paths::CENSUS), &read(paths::CENSUS)?),
        &mut report,
        "School census",
    )?;
    let mut census_matched = 0;
    for record in census {
        if let Some(school) = schools.get_mut(&record.urn) {
            census_matched += 1;
            school.fsm_percent = record.fsm_percent.or(school.fsm_percent);
            school.eal_percent = record.eal_percent.or(school.eal_percent);
            school.urban_rural = record.urban_rural.or(school.urban_rural.take());
            school.pupils = school.pupils.or(record.pupils);
        }
    }
    report
        .lines
        .push(format!("School census matched {census_matched} schools"));

    let ks2 = strict(
        convene_sources::parse_ks2(&file_name(paths::KS2), &read(paths::KS2)?),
        &mut report,
        "KS2 performance tables",
    )?;
    let mut series = SeriesBuilder::default();
    let mut ks2_matched = 0;
    for record in ks2 {
        if let Some(school) = schools.get_mut(&record.urn) {
            ks2_matched += 1;
            series.add(
                record.urn,
                outcome::from_ks2(&record.outcomes, &file_name(paths::KS2)),
            );
            school.ks2 = Some(record.outcomes);
        }
    }
    report
        .lines
        .push(format!("KS2 matched {ks2_matched} schools"));

    let ks4 = strict(
        convene_sources::parse_ks4(&file_name(paths::KS4), &read(paths::KS4)?),
        &mut report,
        "KS4 performance tables",
    )?;
    let mut ks4_matched = 0;
    for record in ks4 {
        if let Some(school) = schools.get_mut(&record.urn) {
            ks4_matched += 1;
            series.add(
                record.urn,
                outcome::from_ks4(&record.outcomes, &file_name(paths::KS4)),
            );
            school.ks4 = Some(record.outcomes);
        }
    }
    report
        .lines
        .push(format!("KS4 matched {ks4_matched} schools"));

    read_outcomes(&read, &schools, &mut series, &mut report)?;

    let sen = strict(
        convene_sources::parse_sen(&file_name(paths::SEN), &read(paths::SEN)?),
        &mut report,
        "SEN",
    )?;
    let mut sen_matched = 0;
    for record in sen {
        if let Some(school) = schools.get_mut(&record.urn) {
            sen_matched += 1;
            school.sen_support_percent = record.sen_support_percent;
            school.ehc_plan_percent = record.ehc_plan_percent;
        }
    }
    report
        .lines
        .push(format!("SEN matched {sen_matched} schools"));

    let enrichment = read_enrichment(&read, &mut report)?;
    let establishment_links = strict(
        convene_sources::parse_establishment_links(
            &file_name(paths::ESTABLISHMENT_LINKS),
            &read(paths::ESTABLISHMENT_LINKS)?,
        ),
        &mut report,
        "GIAS establishment links",
    )?;
    let predecessors: HashMap<Urn, Urn> = establishment_links
        .iter()
        .filter(|l| l.link_type.starts_with("Predecessor"))
        .map(|l| (l.urn, l.linked_urn))
        .collect();
    let mut located = 0;
    let mut from_predecessor = 0;
    for (urn, school) in schools.iter_mut() {
        // An academy that replaced a school on the same site inherits its location when the
        // extracts predate the conversion.
        let own = enrichment.get(urn).filter(|e| e.location.is_some());
        let inherited = predecessors.get(urn).and_then(|p| enrichment.get(p));
        from_predecessor +=
            usize::from(own.is_none() && inherited.is_some_and(|e| e.location.is_some()));
        if let Some(extra) = own.or(inherited).or_else(|| enrichment.get(urn)) {
            school.location = extra.location;
            school.street = extra.street.clone();
            school.town = extra.town.clone();
            school.website = extra.website.clone();
            school.capacity = extra.capacity;
            if school.urban_rural.is_none() {
                school.urban_rural = extra.urban_rural.clone();
            }
        }
        located += usize::from(school.location.is_some());
    }
    report.lines.push(format!(
        "Coordinates found for {located} of {} schools ({from_predecessor} from a predecessor on the same site)",
        schools.len()
    ));

    let groups = strict(
        convene_sources::parse_groups(&file_name(paths::GROUPS), &read(paths::GROUPS)?),
        &mut report,
        "GIAS groups",
    )?;
    let groups: HashMap<GroupUid, Group> = groups.into_iter().map(|g| (g.uid, g)).collect();

    let trust_links = strict(
        convene_sources::parse_group_links(
            &file_name(paths::TRUST_LINKS),
            &read(paths::TRUST_LINKS)?,
        ),
        &mut report,
        "Academies/trust links",
    )?;
    let old_links = strict(
        convene_sources::parse_group_links(
            &file_name(paths::LINKS_2022),
            &read(paths::LINKS_2022)?,
        ),
        &mut report,
        "GIAS links 2022",
    )?;
    let mut links: Vec<GroupLink> = Vec::new();
    let mut linked_schools: HashSet<Urn> = HashSet::new();
    let mut described: HashMap<GroupUid, Group> = HashMap::new();
    for record in trust_links {
        if schools.contains_key(&record.link.urn) && linked_schools.insert(record.link.urn) {
            described.entry(record.group.uid).or_insert(record.group);
            links.push(record.link);
        }
    }
    let mut sat_links = 0;
    for record in old_links {
        let open_sat = groups
            .get(&record.group.uid)
            .is_some_and(|g| g.kind == GroupKind::SingleAcademyTrust && g.status != Status::Closed);
        if open_sat
            && schools.contains_key(&record.link.urn)
            && linked_schools.insert(record.link.urn)
        {
            links.push(record.link);
            sat_links += 1;
        }
    }
    report.lines.push(format!(
        "Added {sat_links} single-academy trust memberships from the 2022 links"
    ));
    let mut ofsted_only = 0;
    for (urn, uid) in &ofsted_trust {
        if !linked_schools.contains(urn) && groups.contains_key(uid) {
            links.push(GroupLink {
                group_uid: *uid,
                urn: *urn,
                joined_date: None,
            });
            linked_schools.insert(*urn);
            ofsted_only += 1;
        }
    }
    report.lines.push(format!(
        "Added {ofsted_only} trust memberships known only from the Ofsted file"
    ));

    let referenced: HashSet<GroupUid> = links.iter().map(|l| l.group_uid).collect();
    let mut kept_groups: Vec<Group> = groups
        .values()
        .filter(|g| {
            (g.kind.is_academy_trust() && g.status != Status::Closed) || referenced.contains(&g.uid)
        })
        .cloned()
        .collect();
    for (uid, group) in described {
        if !groups.contains_key(&uid) {
            kept_groups.push(group);
        }
    }
    kept_groups.sort_by_key(|g| g.uid);
    links.sort_by_key(|l| (l.group_uid, l.urn));
    report.lines.push(format!(
        "{} groups kept (open academy trusts and any group a school belongs to); {} memberships",
        kept_groups.len(),
        links.len()
    ));

    let establishment_links = establishment_links
        .into_iter()
        .filter(|l| schools.contains_key(&l.urn))
        .collect();

    let local_authorities = strict(
        convene_sources::parse_local_authorities(
            &file_name(paths::LOCAL_AUTHORITIES),
            &read(paths::LOCAL_AUTHORITIES)?,
        ),
        &mut report,
        "Local authorities",
    )?;
    let sources = vec![
        source(ImportKind::Ofsted, paths::OFSTED, None),
        source(ImportKind::Census, paths::CENSUS, Date::new(2023, 1, 19)),
        // Performance tables describe an academic year; they are dated by its last day.
        source(ImportKind::Ks2, paths::KS2, Date::new(2019, 8, 31)),
        source(ImportKind::Ks4, paths::KS4, Date::new(2019, 8, 31)),
        // A compiled file (GIAS fields with the 2023/24 KS4 results joined on), credited for
        // those results.
        source(ImportKind::Ks4, paths::SECONDARIES, Date::new(2024, 8, 31)),
        source(ImportKind::Ks5, paths::KS5[0], Date::new(2022, 8, 31)),
        source(ImportKind::Ks5, paths::KS5[1], Date::new(2023, 8, 31)),
        source(ImportKind::Ks5, paths::KS5[2], Date::new(2024, 8, 31)),
        // Each is credited under its own kind, as `convene import` credits it, so importing
        // a census or KS2 file does not take their credit off the pages.
        source(
            ImportKind::ResultsSeries,
            paths::YEAR_SERIES,
            Date::new(2023, 8, 31),
        ),
        source(
            ImportKind::PupilPremium,
            paths::PUPIL_PREMIUM,
            Date::new(2020, 8, 31),
        ),
        // The file is named for when it was compiled (April 2024), but its pupil numbers are
        // the January 2023 census headcounts (20,690 of its 20,694 schools agree exactly), so
        // its SEN figures most likely describe census day 2023 too.
        source(ImportKind::Sen, paths::SEN, Date::new(2023, 1, 19)),
        source(ImportKind::GiasGroups, paths::GROUPS, None),
        source(ImportKind::GiasGroupLinks, paths::TRUST_LINKS, None),
        source(ImportKind::GiasGroupLinks, paths::LINKS_2022, None),
        source(
            ImportKind::GiasEstablishmentLinks,
            paths::ESTABLISHMENT_LINKS,
            None,
        ),
        source(ImportKind::GiasEstablishments, paths::SAMPLE, None),
        source(ImportKind::GiasEstablishments, paths::SECONDARIES, None),
        source(ImportKind::GiasEstablishments, paths::EXTRACT, None),
    ];
    Ok((
        NationalDataset {
            sources,
            local_authorities,
            groups: kept_groups,
            schools: schools.into_values().collect(),
            group_links: links,
            establishment_links,
            outcomes: series.finish(),
        },
        report,
    ))
}

/// Figures grouped by measure, year and file as the dataset carries them; the first figure
/// for a school, measure and year wins, so official files are added before compiled ones.
#[derive(Default)]
struct SeriesBuilder {
    series: BTreeMap<(Measure, String, String), Vec<(Urn, f64)>>,
    seen: HashSet<(Urn, Measure, String)>,
}

impl SeriesBuilder {
    fn add(&mut self, urn: Urn, outcomes: Vec<Outcome>) -> usize {
        let mut added = 0;
        for o in outcomes {
            if self.seen.insert((urn, o.measure, o.year.clone())) {
                added += 1;
                self.series
                    .entry((o.measure, o.year, o.source))
                    .or_default()
                    .push((urn, o.value));
            }
        }
        added
    }

    fn finish(self) -> Vec<OutcomeSeries> {
        self.series
            .into_iter()
            .map(|((measure, year, source), mut values)| {
                values.sort_by_key(|(urn, _)| *urn);
                OutcomeSeries {
                    measure,
                    year,
                    source,
                    values,
                }
            })
            .collect()
    }
}

/// Adds the figures over time: 16-18 results, KS4 2023/24 from the compiled secondaries
/// file, the 2015-2022 series (joined to URN through the 2022 extract's `school_key`), and
/// pupil premium 2019/20. Only schools in the dataset are kept, and the files are read by the
/// same readers `convene import` uses, so importing a bundled file again changes nothing.
fn read_outcomes(
    read: &dyn Fn(&str) -> Result<Vec<u8>, DatasetError>,
    schools: &BTreeMap<Urn, School>,
    series: &mut SeriesBuilder,
    report: &mut BuildReport,
) -> Result<(), DatasetError> {
    let table_error = |e: SourceError| DatasetError::Source(e.to_string());
    for path in paths::KS5 {
        let records = strict(
            convene_sources::parse_ks5(&file_name(path), &read(path)?),
            report,
            &file_name(path),
        )?;
        let (mut matched, mut figures) = (0, 0);
        for record in records {
            if schools.contains_key(&record.urn) {
                matched += 1;
                figures += series.add(record.urn, record.outcomes);
            }
        }
        report.lines.push(format!(
            "{}: matched {matched} schools, {figures} figures",
            file_name(path)
        ));
    }

    // The compiled secondaries file carries the 2023/24 KS4 results (per the data's
    // README) under its own column names, with no year column.
    let name = file_name(paths::SECONDARIES);
    let table =
        convene_sources::read_table(&name, &read(paths::SECONDARIES)?).map_err(table_error)?;
    let (Some(urn_i), Some(p8_i), Some(a8_i)) = (
        table.column(&["URN"]),
        table.column(&["ks4_progress8"]),
        table.column(&["ks4_attainment8"]),
    ) else {
        return Err(DatasetError::Source(format!(
            "{name}: no URN/ks4_progress8/ks4_attainment8 columns"
        )));
    };
    let (mut matched, mut figures) = (0, 0);
    for (_, row) in table.rows() {
        let Some(urn) = row.get(urn_i).and_then(Urn::parse) else {
            continue;
        };
        if !schools.contains_key(&urn) {
            continue;
        }
        let number = |i: usize| {
            row.get(i)
                .and_then(|t| t.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
        };
        let found: Vec<Outcome> = [
            (Measure::Ks4Progress8, p8_i),
            (Measure::Ks4Attainment8, a8_i),
        ]
        .into_iter()
        .filter_map(|(measure, i)| {
            number(i).map(|value| Outcome {
                measure,
                year: "2023/24".into(),
                value,
                source: name.clone(),
            })
        })
        .collect();
        matched += usize::from(!found.is_empty());
        figures += series.add(urn, found);
    }
    report.lines.push(format!(
        "KS4 2023/24 ({name}): {matched} schools, {figures} figures"
    ));

    // The series is read as `convene import results-series` reads it: joined to URN through
    // the July 2022 extract's school keys, its averages and all-through admissions left out.
    let name = file_name(paths::YEAR_SERIES);
    let records = strict(
        convene_sources::parse_results_series(&name, &read(paths::YEAR_SERIES)?),
        report,
        &name,
    )?;
    let (mut matched, mut figures) = (0, 0);
    for record in records {
        if schools.contains_key(&record.urn) {
            let added = series.add(record.urn, record.outcomes);
            matched += usize::from(added > 0);
            figures += added;
        }
    }
    report.lines.push(format!(
        "{name}: matched {matched} schools, {figures} figures"
    ));

    let name = file_name(paths::PUPIL_PREMIUM);
    let records = strict(
        convene_sources::parse_pupil_premium(&name, &read(paths::PUPIL_PREMIUM)?),
        report,
        &name,
    )?;
    let (mut matched, mut figures) = (0, 0);
    for record in records {
        if schools.contains_key(&record.urn) {
            matched += 1;
            figures += series.add(record.urn, record.outcomes);
        }
    }
    report.lines.push(format!(
        "{name}: matched {matched} schools, {figures} figures"
    ));
    Ok(())
}

/// Reads coordinates and addresses from the three GIAS extracts, newest file winning.
fn read_enrichment(
    read: &dyn Fn(&str) -> Result<Vec<u8>, DatasetError>,
    report: &mut BuildReport,
) -> Result<HashMap<Urn, Enrichment>, DatasetError> {
    let mut by_urn: HashMap<Urn, Enrichment> = HashMap::new();
    let table_error = |e: SourceError| DatasetError::Source(e.to_string());

    let facts = convene_sources::read_table(
        &file_name(paths::EXTRACT_FACTS),
        &read(paths::EXTRACT_FACTS)?,
    )
    .map_err(table_error)?;
    let mut capacity_by_key: HashMap<String, i64> = HashMap::new();
    if let (Some(key), Some(capacity)) = (
        facts.column(&["school_key"]),
        facts.column(&["school_capacity"]),
    ) {
        for (_, row) in facts.rows() {
            if let Some(c) = row
                .get(capacity)
                .and_then(convene_domain::ids::parse_whole_number)
            {
                capacity_by_key.insert(row.get(key).unwrap_or("").to_string(), c);
            }
        }
    }

    // Oldest first; later files overwrite.
    let layouts: [(&str, [&[&str]; 7]); 3] = [
        (
            paths::EXTRACT,
            [
                &["urn"],
                &["easting"],
                &["northing"],
                &["street"],
                &["town"],
                &["school_website"],
                &["urban_rural_indicator"],
            ],
        ),
        (
            paths::SECONDARIES,
            [
                &["URN"],
                &["easting"],
                &["northing"],
                &["street"],
                &["town"],
                &["website"],
                &["urban_rural"],
            ],
        ),
        (
            paths::SAMPLE,
            [
                &["URN"],
                &["Easting"],
                &["Northing"],
                &["Street"],
                &["Town"],
                &["Website"],
                &["UrbanRuralName"],
            ],
        ),
    ];
    for (path, [urn_c, east_c, north_c, street_c, town_c, web_c, ur_c]) in layouts {
        let table =
            convene_sources::read_table(&file_name(path), &read(path)?).map_err(table_error)?;
        let (Some(urn_i), Some(east_i), Some(north_i)) = (
            table.column(urn_c),
            table.column(east_c),
            table.column(north_c),
        ) else {
            return Err(DatasetError::Source(format!(
                "{path}: no URN/easting/northing columns"
            )));
        };
        let text = |row: &csv::StringRecord, i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case("not reported"))
                .map(str::to_string)
        };
        let (street_i, town_i, web_i, ur_i) = (
            table.column(street_c),
            table.column(town_c),
            table.column(web_c),
            table.column(ur_c),
        );
        let key_i = table.column(&["school_key"]);
        let capacity_i = table.column(&["school_capacity", "TotalCapacity"]);
        let mut count = 0;
        for (_, row) in table.rows() {
            let Some(urn) = row.get(urn_i).and_then(Urn::parse) else {
                continue;
            };
            let number = |i: usize| row.get(i).and_then(convene_domain::ids::parse_whole_number);
            let location = match (number(east_i), number(north_i)) {
                (Some(e), Some(n)) => GridReference::new(e, n),
                _ => None,
            };
            let entry = by_urn.entry(urn).or_default();
            if location.is_some() {
                entry.location = location;
                count += 1;
            }
            entry.street = text(row, street_i).or(entry.street.take());
            entry.town = text(row, town_i).or(entry.town.take());
            entry.website = text(row, web_i).or(entry.website.take());
            entry.urban_rural = text(row, ur_i).or(entry.urban_rural.take());
            let capacity = capacity_i.and_then(number).or_else(|| {
                key_i
                    .and_then(|k| row.get(k))
                    .and_then(|k| capacity_by_key.get(k).copied())
            });
            entry.capacity = capacity.or(entry.capacity);
        }
        report.lines.push(format!(
            "{}: coordinates for {count} establishments",
            file_name(path)
        ));
    }
    Ok(by_urn)
}
