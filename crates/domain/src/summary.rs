//! Read models: what lists and pages show about schools and trusts, and the headline figures
//! computed from them. Computing headlines here, not in SQL, keeps them identical on every
//! backend and testable by hand.

use crate::organisation::{EstablishmentLink, Group, GroupKind, Phase, School, Status};
use crate::place::{LocalAuthority, Region};
use crate::{Date, GroupUid, Judgement, Urn};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A school as it appears in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolSummary {
    /// URN.
    pub urn: Urn,
    /// Name.
    pub name: String,
    /// Open or closed.
    pub status: Status,
    /// Phase.
    pub phase: Phase,
    /// Type of establishment.
    pub type_name: String,
    /// LA code.
    pub la_code: Option<i64>,
    /// LA name.
    pub la_name: Option<String>,
    /// Region.
    pub region: Option<Region>,
    /// Town.
    pub town: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Pupils on roll.
    pub pupils: Option<i64>,
    /// FSM %.
    pub fsm_percent: Option<f64>,
    /// Latest overall Ofsted judgement (none since September 2024 inspections).
    pub ofsted_overall: Option<Judgement>,
    /// Date of the latest graded inspection.
    pub ofsted_inspection_date: Option<Date>,
    /// Current academy trust.
    pub trust_uid: Option<GroupUid>,
    /// Its name.
    pub trust_name: Option<String>,
    /// When it joined that trust.
    pub joined_trust: Option<Date>,
}

/// A trust or other group as it appears in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustSummary {
    /// Group UID.
    pub uid: GroupUid,
    /// Group ID (`TR01904`).
    pub group_id: Option<String>,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: GroupKind,
    /// Open or closed.
    pub status: Status,
    /// Companies House number.
    pub companies_house_number: Option<String>,
    /// Open schools it currently runs.
    pub schools: u64,
    /// Pupils in them.
    pub pupils: u64,
}

/// A count of schools against a label, for headline tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// What is counted ("Primary", "Good", "Milton Keynes").
    pub label: String,
    /// Stable key for URLs and JSON, where there is one.
    pub key: String,
    /// Number of schools.
    pub schools: u64,
}

/// A trust's headline figures: the first thing a CEO looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustHeadline {
    /// Open schools.
    pub schools: u64,
    /// Pupils in them (schools with no pupil count add nothing).
    pub pupils: u64,
    /// Schools by phase.
    pub phases: Vec<Tally>,
    /// Schools by local authority, most first.
    pub local_authorities: Vec<Tally>,
    /// Schools by region, most first.
    pub regions: Vec<Tally>,
    /// Schools by latest overall Ofsted judgement, best first, then "No overall judgement".
    pub judgements: Vec<Tally>,
}

impl TrustHeadline {
    /// Computes the headline from the trust's open member schools (closed ones are ignored).
    pub fn from_members(members: &[SchoolSummary]) -> TrustHeadline {
        let open: Vec<&SchoolSummary> = members
            .iter()
            .filter(|s| s.status != Status::Closed)
            .collect();
        let mut phases: BTreeMap<Phase, u64> = BTreeMap::new();
        let mut las: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut regions: BTreeMap<Region, u64> = BTreeMap::new();
        let mut judgements: BTreeMap<Option<Judgement>, u64> = BTreeMap::new();
        for s in &open {
            *phases.entry(s.phase).or_default() += 1;
            if let Some(name) = &s.la_name {
                let key = s.la_code.map(|c| c.to_string()).unwrap_or_default();
                *las.entry((name.clone(), key)).or_default() += 1;
            }
            if let Some(region) = s.region {
                *regions.entry(region).or_default() += 1;
            }
            *judgements.entry(s.ofsted_overall).or_default() += 1;
        }
        let mut local_authorities: Vec<Tally> = las
            .into_iter()
            .map(|((label, key), schools)| Tally {
                label,
                key,
                schools,
            })
            .collect();
        local_authorities.sort_by(|a, b| b.schools.cmp(&a.schools).then(a.label.cmp(&b.label)));
        let mut regions: Vec<Tally> = regions
            .into_iter()
            .map(|(r, schools)| Tally {
                label: r.name().into(),
                key: r.slug().into(),
                schools,
            })
            .collect();
        regions.sort_by(|a, b| b.schools.cmp(&a.schools).then(a.label.cmp(&b.label)));
        let mut judgement_tallies: Vec<Tally> = judgements
            .iter()
            .filter_map(|(j, n)| {
                j.map(|j| Tally {
                    label: j.label().into(),
                    key: j.key().into(),
                    schools: *n,
                })
            })
            .collect();
        if let Some(n) = judgements.get(&None) {
            judgement_tallies.push(Tally {
                label: "No overall judgement".into(),
                key: "none".into(),
                schools: *n,
            });
        }
        TrustHeadline {
            schools: open.len() as u64,
            pupils: open
                .iter()
                .filter_map(|s| s.pupils)
                .map(|p| p.max(0) as u64)
                .sum(),
            phases: phases
                .into_iter()
                .map(|(p, schools)| Tally {
                    label: p.label().into(),
                    key: p.key().into(),
                    schools,
                })
                .collect(),
            local_authorities,
            regions,
            judgements: judgement_tallies,
        }
    }
}

/// A membership of a school in a group, for the school page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    /// The group.
    pub group: TrustSummary,
    /// When the school joined.
    pub joined_date: Option<Date>,
    /// When it left, if it has.
    pub left_date: Option<Date>,
}

/// Everything the school page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolDetail {
    /// The school.
    pub school: School,
    /// Groups it belongs or belonged to (academy trust first).
    pub memberships: Vec<Membership>,
    /// Predecessor and successor links.
    pub links: Vec<EstablishmentLink>,
}

/// Everything the trust page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustDetail {
    /// The trust.
    pub group: Group,
    /// Headline figures.
    pub headline: TrustHeadline,
    /// Current member schools.
    pub schools: Vec<SchoolSummary>,
}

/// A trust's presence in an area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrustInArea {
    /// The trust.
    pub uid: GroupUid,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: GroupKind,
    /// Its open schools in the area.
    pub schools_here: u64,
    /// Its open schools in all.
    pub schools_in_all: u64,
}

/// A local authority with its numbers, for LA and region pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaSummary {
    /// The local authority.
    pub local_authority: LocalAuthority,
    /// Open schools in it.
    pub schools: u64,
    /// Of which academies (in an academy trust).
    pub in_trusts: u64,
}

/// Everything an area page (LA or region) shows besides its paged school list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaDetail {
    /// Open schools in the area.
    pub schools: u64,
    /// Pupils in them.
    pub pupils: u64,
    /// Of which in academy trusts.
    pub in_trusts: u64,
    /// Trusts working in the area, most schools first.
    pub trusts: Vec<TrustInArea>,
    /// The LAs in the area (a region's LAs; an LA lists itself).
    pub local_authorities: Vec<AreaSummary>,
    /// Schools by judgement.
    pub judgements: Vec<Tally>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(
        urn: i64,
        phase: Phase,
        la: &str,
        pupils: Option<i64>,
        j: Option<Judgement>,
    ) -> SchoolSummary {
        SchoolSummary {
            urn: Urn(urn),
            name: format!("School {urn}"),
            status: Status::Open,
            phase,
            type_name: "Academy converter".into(),
            la_code: Some(800),
            la_name: Some(la.into()),
            region: Some(Region::SouthWest),
            town: None,
            postcode: None,
            pupils,
            fsm_percent: None,
            ofsted_overall: j,
            ofsted_inspection_date: None,
            trust_uid: None,
            trust_name: None,
            joined_trust: None,
        }
    }

    #[test]
    fn headline_counts_open_schools_by_phase_la_and_judgement() {
        let mut closed = summary(4, Phase::Primary, "Bath", Some(1000), None);
        closed.status = Status::Closed;
        let members = vec![
            summary(1, Phase::Primary, "Bath", Some(200), Some(Judgement::Good)),
            summary(
                2,
                Phase::Primary,
                "Bath",
                None,
                Some(Judgement::Outstanding),
            ),
            summary(3, Phase::Secondary, "Bristol", Some(900), None),
            closed,
        ];
        let h = TrustHeadline::from_members(&members);
        assert_eq!(h.schools, 3);
        assert_eq!(h.pupils, 1100);
        assert_eq!(h.phases[0].label, "Primary");
        assert_eq!(h.phases[0].schools, 2);
        assert_eq!(h.local_authorities[0].label, "Bath");
        assert_eq!(h.local_authorities[0].schools, 2);
        let labels: Vec<&str> = h.judgements.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Outstanding", "Good", "No overall judgement"]);
    }

    #[test]
    fn empty_trust_has_zero_headline() {
        let h = TrustHeadline::from_members(&[]);
        assert_eq!(h.schools, 0);
        assert!(h.phases.is_empty() && h.judgements.is_empty());
    }
}
