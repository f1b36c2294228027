//! Schools and the groups (academy trusts, federations, sponsors) they belong to.

use crate::place::Region;
use crate::{Date, GroupUid, Judgement, Urn};
use serde::{Deserialize, Serialize};

/// Whether an establishment is open, as GIAS records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Open.
    Open,
    /// Open, but proposed to close.
    OpenProposedToClose,
    /// Proposed to open.
    ProposedToOpen,
    /// Closed.
    Closed,
}

impl Status {
    /// Reads GIAS' status names ("Open", "Open, but proposed to close", "Closed"...).
    pub fn parse(text: &str) -> Option<Status> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "open" | "1" => Some(Status::Open),
            "closed" | "2" => Some(Status::Closed),
            "open, but proposed to close" | "3" => Some(Status::OpenProposedToClose),
            "proposed to open" | "4" => Some(Status::ProposedToOpen),
            _ => None,
        }
    }

    /// Stable key for storage and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::OpenProposedToClose => "open_proposed_to_close",
            Status::ProposedToOpen => "proposed_to_open",
            Status::Closed => "closed",
        }
    }

    /// Reads a key produced by [`Status::key`].
    pub fn from_key(key: &str) -> Option<Status> {
        [
            Status::Open,
            Status::OpenProposedToClose,
            Status::ProposedToOpen,
            Status::Closed,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::OpenProposedToClose => "Open, but proposed to close",
            Status::ProposedToOpen => "Proposed to open",
            Status::Closed => "Closed",
        }
    }
}

/// Phase of education, unified across GIAS ("All-through", "16 plus") and Ofsted ("Special",
/// "PRU") so that one filter works whatever file a school came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Nursery.
    Nursery,
    /// Primary, including middle deemed primary.
    Primary,
    /// Secondary, including middle deemed secondary.
    Secondary,
    /// All-through.
    AllThrough,
    /// 16 plus.
    SixteenPlus,
    /// Special school.
    Special,
    /// Pupil referral unit or other alternative provision.
    AlternativeProvision,
    /// Not applicable or not recorded.
    Other,
}

impl Phase {
    /// All phases, for filters.
    pub const ALL: [Phase; 8] = [
        Phase::Nursery,
        Phase::Primary,
        Phase::Secondary,
        Phase::AllThrough,
        Phase::SixteenPlus,
        Phase::Special,
        Phase::AlternativeProvision,
        Phase::Other,
    ];

    /// Classifies from a phase label and the establishment type: GIAS gives special schools
    /// and PRUs the phase "Not applicable", so the type decides for them.
    pub fn classify(phase: &str, type_name: &str) -> Phase {
        let t = type_name.to_ascii_lowercase();
        let p = phase.trim().to_ascii_lowercase();
        if p == "special" || t.contains("special") {
            return Phase::Special;
        }
        if p == "pru" || t.contains("pupil referral") || t.contains("alternative provision") {
            return Phase::AlternativeProvision;
        }
        match p.as_str() {
            "nursery" => Phase::Nursery,
            "primary" | "middle deemed primary" => Phase::Primary,
            "secondary" | "middle deemed secondary" => Phase::Secondary,
            "all-through" | "all through" => Phase::AllThrough,
            "16 plus" | "16+" | "sixteen plus" => Phase::SixteenPlus,
            _ if t.contains("nursery") => Phase::Nursery,
            _ => Phase::Other,
        }
    }

    /// Stable key for URLs and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Nursery => "nursery",
            Phase::Primary => "primary",
            Phase::Secondary => "secondary",
            Phase::AllThrough => "all_through",
            Phase::SixteenPlus => "sixteen_plus",
            Phase::Special => "special",
            Phase::AlternativeProvision => "alternative_provision",
            Phase::Other => "other",
        }
    }

    /// Reads a key produced by [`Phase::key`].
    pub fn from_key(key: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Nursery => "Nursery",
            Phase::Primary => "Primary",
            Phase::Secondary => "Secondary",
            Phase::AllThrough => "All-through",
            Phase::SixteenPlus => "16 plus",
            Phase::Special => "Special",
            Phase::AlternativeProvision => "Alternative provision",
            Phase::Other => "Other or not recorded",
        }
    }
}

/// A location on the British National Grid (metres), as GIAS publishes it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridReference {
    /// Metres east of the grid origin.
    pub easting: i64,
    /// Metres north of the grid origin.
    pub northing: i64,
}

impl GridReference {
    /// Accepts only points inside the grid's extent for Great Britain; GIAS writes 0 for
    /// "unknown".
    pub fn new(easting: i64, northing: i64) -> Option<GridReference> {
        ((1..=700_000).contains(&easting) && (1..=1_300_000).contains(&northing))
            .then_some(GridReference { easting, northing })
    }
}

/// A school's latest Ofsted inspection outcome, as the Ofsted management information gives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfstedInspection {
    /// Start date of the latest graded inspection.
    pub inspection_date: Option<Date>,
    /// Publication date of its report.
    pub publication_date: Option<Date>,
    /// Ofsted's description of the inspection.
    pub inspection_type: Option<String>,
    /// Overall effectiveness (not given for inspections from September 2024).
    pub overall: Option<Judgement>,
    /// Quality of education.
    pub quality_of_education: Option<Judgement>,
    /// Behaviour and attitudes.
    pub behaviour_and_attitudes: Option<Judgement>,
    /// Personal development.
    pub personal_development: Option<Judgement>,
    /// Effectiveness of leadership and management.
    pub leadership_and_management: Option<Judgement>,
    /// Early years provision, where applicable.
    pub early_years: Option<Judgement>,
    /// Sixth form provision, where applicable.
    pub sixth_form: Option<Judgement>,
    /// Whether safeguarding was effective.
    pub safeguarding_effective: Option<bool>,
    /// Special measures ("SM") or serious weaknesses ("SWK").
    pub category_of_concern: Option<String>,
    /// Start date of the previous graded inspection.
    pub previous_inspection_date: Option<Date>,
    /// Overall effectiveness at the previous graded inspection.
    pub previous_overall: Option<Judgement>,
    /// Date of the latest ungraded inspection since the last graded one.
    pub ungraded_inspection_date: Option<Date>,
    /// Outcome of that ungraded inspection ("School remains Good").
    pub ungraded_outcome: Option<String>,
}

/// A school or other establishment with everything Convene knows about it from public data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct School {
    /// The URN.
    pub urn: Urn,
    /// LA code and establishment number, e.g. 2013614.
    pub laestab: Option<i64>,
    /// UK Provider Reference Number.
    pub ukprn: Option<i64>,
    /// Name.
    pub name: String,
    /// Open or closed.
    pub status: Status,
    /// Phase, unified.
    pub phase: Phase,
    /// Type of establishment as published ("Academy converter").
    pub type_name: String,
    /// Date opened.
    pub open_date: Option<Date>,
    /// Date closed.
    pub close_date: Option<Date>,
    /// Statutory lowest age.
    pub age_low: Option<i64>,
    /// Statutory highest age.
    pub age_high: Option<i64>,
    /// Boys, girls or mixed.
    pub gender: Option<String>,
    /// Religious character.
    pub religious_character: Option<String>,
    /// Admissions policy (selective, non-selective).
    pub admissions_policy: Option<String>,
    /// Whether it has a sixth form.
    pub sixth_form: Option<String>,
    /// DfE LA code.
    pub la_code: Option<i64>,
    /// LA name.
    pub la_name: Option<String>,
    /// Region.
    pub region: Option<Region>,
    /// Street address.
    pub street: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Urban/rural classification (ONS 2011 rural-urban classification).
    pub urban_rural: Option<String>,
    /// Location on the British National Grid.
    pub location: Option<GridReference>,
    /// Number of pupils on roll.
    pub pupils: Option<i64>,
    /// Capacity.
    pub capacity: Option<i64>,
    /// Percentage of pupils eligible for free school meals.
    pub fsm_percent: Option<f64>,
    /// Percentage of pupils with English as an additional language.
    pub eal_percent: Option<f64>,
    /// IDACI quintile of the school's location (1 = most deprived).
    pub idaci_quintile: Option<i64>,
    /// Latest Ofsted inspection.
    pub ofsted: Option<OfstedInspection>,
    /// Percentage of pupils on SEN support (special educational needs without an EHC plan).
    /// With the EHC plan share it is the usual measure of need beside FSM, so schools can be
    /// compared with others serving similar pupils. Defaulted so datasets built before it
    /// existed still load.
    #[serde(default)]
    pub sen_support_percent: Option<f64>,
    /// Percentage of pupils with an education, health and care (EHC) plan.
    #[serde(default)]
    pub ehc_plan_percent: Option<f64>,
    /// Key stage 2 progress (end of primary), from the performance tables. Progress rather
    /// than raw attainment, because it allows for where pupils started.
    #[serde(default)]
    pub ks2: Option<Ks2Outcomes>,
    /// Key stage 4 Progress 8 and Attainment 8 (end of secondary), from the performance tables.
    #[serde(default)]
    pub ks4: Option<Ks4Outcomes>,
}

/// A primary school's key stage 2 progress scores for one academic year, as the DfE
/// performance tables publish them. A score of 0 is national average progress; each measure
/// is `None` where the tables do not publish it (too few pupils, low coverage, suppressed),
/// so "not published" is never mistaken for "average".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ks2Outcomes {
    /// The academic year the results are for, as DfE writes it ("2018/19"); kept beside the
    /// scores because results are only comparable within a year.
    pub year: Option<String>,
    /// Reading progress score.
    pub reading_progress: Option<f64>,
    /// Writing progress score.
    pub writing_progress: Option<f64>,
    /// Maths progress score.
    pub maths_progress: Option<f64>,
}

/// A secondary school's key stage 4 headline measures for one academic year, as the DfE
/// performance tables publish them; `None` where not published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ks4Outcomes {
    /// The academic year the results are for ("2018/19").
    pub year: Option<String>,
    /// Progress 8: pupils' progress across eight GCSE-level subjects against pupils
    /// nationally with similar KS2 results (0 is average).
    pub progress8: Option<f64>,
    /// Attainment 8: pupils' average grade points across the same eight subjects.
    pub attainment8: Option<f64>,
}

impl School {
    /// A school known only by URN and name, to be filled in by whichever file mentions it.
    pub fn new(urn: Urn, name: impl Into<String>) -> School {
        School {
            urn,
            laestab: None,
            ukprn: None,
            name: name.into(),
            status: Status::Open,
            phase: Phase::Other,
            type_name: String::new(),
            open_date: None,
            close_date: None,
            age_low: None,
            age_high: None,
            gender: None,
            religious_character: None,
            admissions_policy: None,
            sixth_form: None,
            la_code: None,
            la_name: None,
            region: None,
            street: None,
            town: None,
            postcode: None,
            website: None,
            urban_rural: None,
            location: None,
            pupils: None,
            capacity: None,
            fsm_percent: None,
            eal_percent: None,
            idaci_quintile: None,
            ofsted: None,
            sen_support_percent: None,
            ehc_plan_percent: None,
            ks2: None,
            ks4: None,
        }
    }
}

/// The kinds of group GIAS records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// A multi-academy trust.
    MultiAcademyTrust,
    /// A single-academy trust.
    SingleAcademyTrust,
    /// A federation of maintained schools.
    Federation,
    /// A foundation trust (of maintained schools).
    Trust,
    /// An academy sponsor.
    SchoolSponsor,
    /// Anything else (children's centre groups, umbrella trusts).
    Other,
}

impl GroupKind {
    /// Reads GIAS' group type names or codes.
    pub fn parse(text: &str) -> GroupKind {
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "multi-academy trust" | "06" | "6" => GroupKind::MultiAcademyTrust,
            "single-academy trust" | "10" | "secure single-academy trust" | "11" => {
                GroupKind::SingleAcademyTrust
            }
            "federation" | "01" | "1" => GroupKind::Federation,
            "trust" | "02" | "2" => GroupKind::Trust,
            "school sponsor" | "05" | "5" => GroupKind::SchoolSponsor,
            _ => GroupKind::Other,
        }
    }

    /// Academy trusts are the organisations Convene's users lead.
    pub fn is_academy_trust(self) -> bool {
        matches!(
            self,
            GroupKind::MultiAcademyTrust | GroupKind::SingleAcademyTrust
        )
    }

    /// Stable key for storage and JSON.
    pub fn key(self) -> &'static str {
        match self {
            GroupKind::MultiAcademyTrust => "multi_academy_trust",
            GroupKind::SingleAcademyTrust => "single_academy_trust",
            GroupKind::Federation => "federation",
            GroupKind::Trust => "trust",
            GroupKind::SchoolSponsor => "school_sponsor",
            GroupKind::Other => "other",
        }
    }

    /// Reads a key produced by [`GroupKind::key`].
    pub fn from_key(key: &str) -> GroupKind {
        [
            GroupKind::MultiAcademyTrust,
            GroupKind::SingleAcademyTrust,
            GroupKind::Federation,
            GroupKind::Trust,
            GroupKind::SchoolSponsor,
        ]
        .into_iter()
        .find(|k| k.key() == key)
        .unwrap_or(GroupKind::Other)
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::MultiAcademyTrust => "Multi-academy trust",
            GroupKind::SingleAcademyTrust => "Single-academy trust",
            GroupKind::Federation => "Federation",
            GroupKind::Trust => "Trust",
            GroupKind::SchoolSponsor => "School sponsor",
            GroupKind::Other => "Other group",
        }
    }
}

/// A GIAS group: an academy trust, federation or sponsor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    /// Group UID, the public identifier.
    pub uid: GroupUid,
    /// Group ID, e.g. `TR01904` for trusts.
    pub group_id: Option<String>,
    /// Name.
    pub name: String,
    /// Kind of group.
    pub kind: GroupKind,
    /// Companies House number (trusts are charitable companies).
    pub companies_house_number: Option<String>,
    /// Open or closed.
    pub status: Status,
    /// Date opened.
    pub open_date: Option<Date>,
    /// Date closed.
    pub closed_date: Option<Date>,
    /// Date incorporated at Companies House.
    pub incorporated_date: Option<Date>,
    /// Street address.
    pub street: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Head of group (CEO or accounting officer), as published.
    pub head: Option<String>,
    /// UK Provider Reference Number.
    pub ukprn: Option<i64>,
}

impl Group {
    /// A group known only by UID, name and kind.
    pub fn new(uid: GroupUid, name: impl Into<String>, kind: GroupKind) -> Group {
        Group {
            uid,
            group_id: None,
            name: name.into(),
            kind,
            companies_house_number: None,
            status: Status::Open,
            open_date: None,
            closed_date: None,
            incorporated_date: None,
            street: None,
            town: None,
            postcode: None,
            head: None,
            ukprn: None,
        }
    }
}

/// A school's membership of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupLink {
    /// The group.
    pub group_uid: GroupUid,
    /// The school.
    pub urn: Urn,
    /// Date the school joined.
    pub joined_date: Option<Date>,
}

/// A predecessor/successor link between establishments (academy conversion, merger).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstablishmentLink {
    /// The establishment the link is recorded on.
    pub urn: Urn,
    /// The linked establishment.
    pub linked_urn: Urn,
    /// The linked establishment's name.
    pub linked_name: Option<String>,
    /// "Predecessor", "Successor - merged", ...
    pub link_type: String,
    /// Date the link took effect.
    pub established_date: Option<Date>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_schools_and_prus_are_classified_by_type() {
        assert_eq!(
            Phase::classify("Not applicable", "Academy special converter"),
            Phase::Special
        );
        assert_eq!(
            Phase::classify("Not applicable", "Pupil referral unit"),
            Phase::AlternativeProvision
        );
        assert_eq!(Phase::classify("PRU", ""), Phase::AlternativeProvision);
        assert_eq!(
            Phase::classify("Middle deemed secondary", "Academy converter"),
            Phase::Secondary
        );
        assert_eq!(
            Phase::classify("16 plus", "Free schools 16 to 19"),
            Phase::SixteenPlus
        );
    }

    #[test]
    fn group_kinds_read_names_and_codes() {
        assert_eq!(
            GroupKind::parse("Multi-academy trust"),
            GroupKind::MultiAcademyTrust
        );
        assert_eq!(GroupKind::parse("06"), GroupKind::MultiAcademyTrust);
        assert_eq!(
            GroupKind::parse("Single-academy trust"),
            GroupKind::SingleAcademyTrust
        );
        assert!(!GroupKind::parse("Federation").is_academy_trust());
    }

    #[test]
    fn grid_references_reject_zero_and_out_of_range() {
        assert!(GridReference::new(528230, 185638).is_some());
        assert!(GridReference::new(0, 0).is_none());
        assert!(GridReference::new(900_000, 100).is_none());
    }

    #[test]
    fn statuses_read_gias_names() {
        assert_eq!(Status::parse("Open"), Some(Status::Open));
        assert_eq!(
            Status::parse("Open, but proposed to close"),
            Some(Status::OpenProposedToClose)
        );
        assert_eq!(Status::parse("OPEN"), Some(Status::Open));
        assert_eq!(Status::parse("Maybe"), None);
    }
}
