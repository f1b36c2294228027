//! What each published file tells Convene, and how an import reports what it did.
//!
//! Each kind of file owns some facts: the GIAS register owns names, types and status; Ofsted
//! owns judgements; the census owns FSM and EAL percentages; the performance tables own
//! KS2, KS4 and 16-18 results; the SEN file owns the SEN percentages; the pupil premium file
//! owns pupil premium eligibility; the compiled results series owns the figures it was the
//! file for. An import only ever writes the facts its file owns, so importing one file never
//! undoes another.

use crate::organisation::{EstablishmentLink, Group, GroupLink, Ks2Outcomes, Ks4Outcomes, School};
use crate::outcome::OutcomeRecord;
use crate::{Date, GroupUid, Urn};
use serde::{Deserialize, Serialize};
use std::fmt;

mod completeness;

pub use completeness::{
    judge_completeness, needs_confirmation, ClosingDecision, Completeness, Coverage,
    COMPLETE_PERCENT, CONFIRM_ABOVE, CONFIRM_ABOVE_PERCENT,
};

/// The kinds of file `convene import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ImportKind {
    /// GIAS establishments (`edubasealldata*.csv`).
    GiasEstablishments,
    /// GIAS groups (`allgroupsdata*.csv`).
    GiasGroups,
    /// GIAS group links (`alllinksdata*.csv`, academies/trust links).
    GiasGroupLinks,
    /// GIAS establishment links (`links_edubasealldata*.csv`).
    GiasEstablishmentLinks,
    /// Ofsted state-funded schools management information.
    Ofsted,
    /// School census school-level data (Schools, pupils and their characteristics).
    Census,
    /// DfE key stage 2 performance tables, school level (`ks2_2018-19.csv`,
    /// `*_england_ks2final.csv`).
    Ks2,
    /// DfE key stage 4 performance tables, school level (`ks4_2018-19.csv`,
    /// `*_england_ks4final.csv`).
    Ks4,
    /// DfE 16-18 (key stage 5) performance tables, school level (`ks5_2023-2024.csv.gz`,
    /// `*_england_ks5final.csv`): A level average point score and value added.
    Ks5,
    /// The compiled series of KS2 progress, Progress 8 and Attainment 8 and admissions first
    /// preferences by school and year (`progress_and_admissions_by_year_2014-2022.csv`),
    /// keyed by the `school_key` of the July 2022 GIAS extract it was published with.
    ResultsSeries,
    /// Schools' special educational needs percentages (SEN support, EHC plans), as in
    /// `primary_sen_eal_fsm_*.csv` (which, despite its name, covers every phase).
    Sen,
    /// DfE pupil premium allocations by school (`pupil_premium_2019-20.csv`): the % of pupils
    /// eligible for the deprivation pupil premium, for the academic year in the file name.
    PupilPremium,
}

impl ImportKind {
    /// All kinds, in the order a full refresh should import them (the order they are
    /// declared in, which the OpenAPI schema lists them in).
    pub const ALL: [ImportKind; 12] = [
        ImportKind::GiasEstablishments,
        ImportKind::GiasGroups,
        ImportKind::GiasGroupLinks,
        ImportKind::GiasEstablishmentLinks,
        ImportKind::Ofsted,
        ImportKind::Census,
        ImportKind::Ks2,
        ImportKind::Ks4,
        ImportKind::Ks5,
        ImportKind::ResultsSeries,
        ImportKind::Sen,
        ImportKind::PupilPremium,
    ];

    /// The name used on the command line and in storage.
    pub fn key(self) -> &'static str {
        match self {
            ImportKind::GiasEstablishments => "gias-establishments",
            ImportKind::GiasGroups => "gias-groups",
            ImportKind::GiasGroupLinks => "gias-group-links",
            ImportKind::GiasEstablishmentLinks => "gias-establishment-links",
            ImportKind::Ofsted => "ofsted",
            ImportKind::Census => "census",
            ImportKind::Ks2 => "ks2",
            ImportKind::Ks4 => "ks4",
            ImportKind::Ks5 => "ks5",
            ImportKind::Sen => "sen",
            ImportKind::PupilPremium => "pupil-premium",
            ImportKind::ResultsSeries => "results-series",
        }
    }

    /// Reads a key produced by [`ImportKind::key`].
    pub fn from_key(key: &str) -> Option<ImportKind> {
        ImportKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// What the data is, in the words shown beside it on every page.
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::GiasEstablishments => "GIAS establishments",
            ImportKind::GiasGroups => "GIAS trusts and groups",
            ImportKind::GiasGroupLinks => "GIAS trust membership",
            ImportKind::GiasEstablishmentLinks => "GIAS predecessor and successor links",
            ImportKind::Ofsted => "Ofsted data",
            ImportKind::Census => "School census data",
            ImportKind::Ks2 => "Key stage 2 results",
            ImportKind::Ks4 => "Key stage 4 results",
            ImportKind::Ks5 => "16-18 (key stage 5) results",
            ImportKind::Sen => "Special educational needs (SEN support and EHC plans)",
            ImportKind::PupilPremium => "Pupil premium eligibility",
            ImportKind::ResultsSeries => "Results and admissions over time (compiled series)",
        }
    }

    /// Who publishes it.
    pub fn publisher(self) -> &'static str {
        match self {
            ImportKind::Ofsted => "Ofsted, state-funded schools inspections and outcomes",
            ImportKind::Census => "DfE, Schools, pupils and their characteristics",
            ImportKind::Ks2 | ImportKind::Ks4 | ImportKind::Ks5 => "DfE, school performance tables",
            ImportKind::Sen => "DfE, Special educational needs in England",
            ImportKind::PupilPremium => "DfE, Pupil premium allocations",
            ImportKind::ResultsSeries => {
                "DfE, school performance tables and school admissions, compiled by school and year"
            }
            _ => "DfE, Get Information About Schools",
        }
    }

    /// Whether the kind's figures are compiled from other published files rather than
    /// published in their own right, so that where a published file gives the same school,
    /// measure and year, its figure is kept and the compiled one gives way, whichever was
    /// imported first (the compiled series repeats the official 2018/19 KS2 and KS4 results).
    pub fn is_compiled(self) -> bool {
        matches!(self, ImportKind::ResultsSeries)
    }

    /// Whether a file of this kind, when complete, is the whole register, so that records
    /// missing from it have closed (schools, groups) or ended (memberships). Whether a given
    /// file is complete is decided by [`judge_completeness`].
    pub fn is_full_extract(self) -> bool {
        matches!(
            self,
            ImportKind::GiasEstablishments | ImportKind::GiasGroups | ImportKind::GiasGroupLinks
        )
    }
}

/// A row the importer could not read, located so a person can open the file and fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// File name as given.
    pub file: String,
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// Column header.
    pub column: String,
    /// What is wrong, in plain English.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: column \"{}\": {}",
            self.file, self.line, self.column, self.reason
        )
    }
}

/// What the Ofsted file says about a school: its latest inspections, plus enough basics to
/// list a school that no GIAS file has introduced yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfstedRecord {
    /// The school, with `ofsted` filled in.
    pub school: School,
    /// The multi-academy trust Ofsted lists it under.
    pub trust_uid: Option<GroupUid>,
    /// That trust's name.
    pub trust_name: Option<String>,
}

/// What the school census says about a school's pupils.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CensusRecord {
    /// The school.
    pub urn: Urn,
    /// Headcount of pupils.
    pub pupils: Option<i64>,
    /// % of pupils known to be eligible for free school meals.
    pub fsm_percent: Option<f64>,
    /// % of pupils whose first language is known or believed to be other than English.
    pub eal_percent: Option<f64>,
    /// Urban/rural classification.
    pub urban_rural: Option<String>,
}

/// What the KS2 performance tables say about one school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ks2Record {
    /// The school.
    pub urn: Urn,
    /// Its progress scores and the year they are for.
    pub outcomes: Ks2Outcomes,
}

/// What the KS4 performance tables say about one school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ks4Record {
    /// The school.
    pub urn: Urn,
    /// Its Progress 8 and Attainment 8 and the year they are for.
    pub outcomes: Ks4Outcomes,
}

/// What the SEN file says about one school's pupils.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SenRecord {
    /// The school.
    pub urn: Urn,
    /// % of pupils on SEN support.
    pub sen_support_percent: Option<f64>,
    /// % of pupils with an education, health and care plan.
    pub ehc_plan_percent: Option<f64>,
}

/// A GIAS establishment row: the school and, where listed, its trust.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstablishmentRecord {
    /// The school.
    pub school: School,
    /// The trust named in `Trusts (code)` / `Trusts (name)`.
    pub trust_uid: Option<GroupUid>,
}

/// A GIAS group link row: a membership, and the group as the row describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLinkRecord {
    /// The membership.
    pub link: GroupLink,
    /// The group, as far as the links file describes it.
    pub group: Group,
}

/// The parsed rows of one file, ready to apply to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportBatch {
    /// GIAS establishments.
    Establishments(Vec<EstablishmentRecord>),
    /// GIAS groups.
    Groups(Vec<Group>),
    /// GIAS group links.
    GroupLinks(Vec<GroupLinkRecord>),
    /// GIAS establishment links.
    EstablishmentLinks(Vec<EstablishmentLink>),
    /// Ofsted management information.
    Ofsted(Vec<OfstedRecord>),
    /// School census.
    Census(Vec<CensusRecord>),
    /// KS2 performance tables.
    Ks2(Vec<Ks2Record>),
    /// KS4 performance tables.
    Ks4(Vec<Ks4Record>),
    /// 16-18 performance tables: dated figures per school.
    Ks5(Vec<OutcomeRecord>),
    /// Schools' SEN percentages.
    Sen(Vec<SenRecord>),
    /// Pupil premium eligibility: a dated figure per school.
    PupilPremium(Vec<OutcomeRecord>),
    /// The compiled results series: one record per school with all of its years.
    ResultsSeries(Vec<OutcomeRecord>),
}

impl ImportBatch {
    /// The kind of file the batch came from.
    pub fn kind(&self) -> ImportKind {
        match self {
            ImportBatch::Establishments(_) => ImportKind::GiasEstablishments,
            ImportBatch::Groups(_) => ImportKind::GiasGroups,
            ImportBatch::GroupLinks(_) => ImportKind::GiasGroupLinks,
            ImportBatch::EstablishmentLinks(_) => ImportKind::GiasEstablishmentLinks,
            ImportBatch::Ofsted(_) => ImportKind::Ofsted,
            ImportBatch::Census(_) => ImportKind::Census,
            ImportBatch::Ks2(_) => ImportKind::Ks2,
            ImportBatch::Ks4(_) => ImportKind::Ks4,
            ImportBatch::Ks5(_) => ImportKind::Ks5,
            ImportBatch::Sen(_) => ImportKind::Sen,
            ImportBatch::PupilPremium(_) => ImportKind::PupilPremium,
            ImportBatch::ResultsSeries(_) => ImportKind::ResultsSeries,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            ImportBatch::Establishments(r) => r.len(),
            ImportBatch::Groups(r) => r.len(),
            ImportBatch::GroupLinks(r) => r.len(),
            ImportBatch::EstablishmentLinks(r) => r.len(),
            ImportBatch::Ofsted(r) => r.len(),
            ImportBatch::Census(r) => r.len(),
            ImportBatch::Ks2(r) => r.len(),
            ImportBatch::Ks4(r) => r.len(),
            ImportBatch::Ks5(r) => r.len(),
            ImportBatch::Sen(r) => r.len(),
            ImportBatch::PupilPremium(r) | ImportBatch::ResultsSeries(r) => r.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What an import changed, recorded so administrators can see when data was refreshed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportCounts {
    /// Rows read from the file and accepted.
    pub read: u64,
    /// New records.
    pub inserted: u64,
    /// Existing records whose data changed.
    pub updated: u64,
    /// Existing records already up to date.
    pub unchanged: u64,
    /// Records missing from a full extract, marked closed or ended (never deleted).
    pub closed: u64,
    /// Bad rows skipped with `--skip-bad-rows`.
    pub skipped: u64,
    /// Rows about establishments Convene does not know (enrichment files only).
    pub unmatched: u64,
}

/// What an import did, or would do, including what it decided about the records its file
/// does not list, so the person importing is told plainly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// What changed (or would change).
    pub counts: ImportCounts,
    /// For GIAS register and links files: whether the file was treated as complete, what it
    /// closes and why. `None` for files that never close anything.
    pub closing: Option<ClosingDecision>,
    /// The import closes more than a person has confirmed, so it was rolled back unwritten to
    /// ask first; `counts` and `closing` say what it would do.
    pub held_back: bool,
}

/// Where a source file came from and what date its data describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSource {
    /// Kind of file.
    pub kind: ImportKind,
    /// File name as supplied.
    pub file_name: String,
    /// The date the data describes ("as at").
    pub data_date: Option<Date>,
}

/// One recorded import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRun {
    /// Sequence number.
    pub id: i64,
    /// What was imported.
    pub source: ImportSource,
    /// When (UTC, ISO 8601).
    pub imported_at: String,
    /// What changed.
    pub counts: ImportCounts,
    /// Skipped rows, one per line, as reported.
    pub skipped_rows: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_errors_read_like_compiler_errors() {
        let error = RowError {
            file: "edubasealldata.csv".into(),
            line: 12,
            column: "URN".into(),
            reason: "\"abc\" is not a URN".into(),
        };
        assert_eq!(
            error.to_string(),
            "edubasealldata.csv:12: column \"URN\": \"abc\" is not a URN"
        );
    }

    #[test]
    fn kinds_round_trip_through_their_keys() {
        for kind in ImportKind::ALL {
            assert_eq!(ImportKind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(ImportKind::from_key("ofsted-ish"), None);
    }

    #[test]
    fn every_kind_has_its_own_key_and_label() {
        let keys: std::collections::HashSet<&str> =
            ImportKind::ALL.iter().map(|k| k.key()).collect();
        let labels: std::collections::HashSet<&str> =
            ImportKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(keys.len(), ImportKind::ALL.len());
        assert_eq!(labels.len(), ImportKind::ALL.len());
        assert_eq!(ImportKind::from_key("ks2"), Some(ImportKind::Ks2));
        assert_eq!(ImportKind::from_key("ks4"), Some(ImportKind::Ks4));
        assert_eq!(ImportKind::from_key("sen"), Some(ImportKind::Sen));
        assert_eq!(
            ImportKind::from_key("pupil-premium"),
            Some(ImportKind::PupilPremium)
        );
        assert_eq!(
            ImportKind::from_key("results-series"),
            Some(ImportKind::ResultsSeries)
        );
        assert_eq!(
            ImportKind::Sen.label(),
            "Special educational needs (SEN support and EHC plans)"
        );
    }

    #[test]
    fn outcome_files_are_enrichments_not_full_extracts() {
        for kind in [
            ImportKind::Ks2,
            ImportKind::Ks4,
            ImportKind::Ks5,
            ImportKind::Sen,
            ImportKind::PupilPremium,
            ImportKind::ResultsSeries,
        ] {
            assert!(!kind.is_full_extract(), "{kind:?}");
        }
    }

    #[test]
    fn only_the_compiled_series_gives_way_to_published_files() {
        let compiled: Vec<ImportKind> = ImportKind::ALL
            .into_iter()
            .filter(|k| k.is_compiled())
            .collect();
        assert_eq!(compiled, [ImportKind::ResultsSeries]);
    }

    #[test]
    fn batches_know_their_kind_and_size() {
        let ks2 = ImportBatch::Ks2(vec![Ks2Record {
            urn: Urn(141279),
            outcomes: Ks2Outcomes::default(),
        }]);
        assert_eq!((ks2.kind(), ks2.len()), (ImportKind::Ks2, 1));
        let ks4 = ImportBatch::Ks4(Vec::new());
        assert_eq!(ks4.kind(), ImportKind::Ks4);
        assert!(ks4.is_empty());
        let sen = ImportBatch::Sen(vec![SenRecord {
            urn: Urn(100000),
            sen_support_percent: Some(21.0),
            ehc_plan_percent: Some(3.0),
        }]);
        assert_eq!((sen.kind(), sen.len()), (ImportKind::Sen, 1));
        let premium = ImportBatch::PupilPremium(vec![OutcomeRecord {
            urn: Urn(100000),
            outcomes: Vec::new(),
        }]);
        assert_eq!(
            (premium.kind(), premium.len()),
            (ImportKind::PupilPremium, 1)
        );
        let series = ImportBatch::ResultsSeries(Vec::new());
        assert_eq!(series.kind(), ImportKind::ResultsSeries);
        assert!(series.is_empty());
    }
}
