//! Each factor of a measured candidate in words and figures, with their years and sources.

use super::measure::Measured;
use super::{
    Candidate, CompetitionFlag, Factor, FactorKind, Market, Ranking, COMPETITOR_MULTIPLIER,
};
use crate::brokerage::evidence::{EvidenceIndex, SchoolFacts};
use crate::brokerage::ranking::catchment_km;
use crate::party::OrgRef;
use crate::similarity::distance_km;
use crate::Urn;

impl Ranking {
    /// A measured candidate at `index` in the ranking, with every factor in words.
    pub(super) fn explain_measured(
        &self,
        index: usize,
        org: OrgRef,
        s: &Measured,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> Candidate {
        let total: f64 = FactorKind::ALL.iter().map(|k| self.effective.of(*k)).sum();
        let multiplier = if s.down_weighted {
            COMPETITOR_MULTIPLIER
        } else {
            1.0
        };
        let factors = FactorKind::ALL
            .iter()
            .map(|kind| {
                let weight = self.effective.of(*kind);
                let value = s.values[kind.index()];
                let points = if total > 0.0 {
                    100.0 * weight * value / total * multiplier
                } else {
                    0.0
                };
                let (summary, figures) = self.words(*kind, org, s, evidence, market);
                Factor {
                    kind: *kind,
                    weight,
                    value,
                    points,
                    summary,
                    figures,
                }
            })
            .collect();
        Candidate {
            rank: index + 1,
            org,
            name: name_of(org, evidence, market),
            score: s.score,
            factors,
            competition: if s.competitor {
                self.competition_flags(org, evidence)
            } else {
                Vec::new()
            },
            down_weighted: s.down_weighted,
            relationships: market.relationships.get(&org).cloned().unwrap_or_default(),
        }
    }

    fn members(&self, org: OrgRef, evidence: &EvidenceIndex) -> Vec<Urn> {
        match org {
            OrgRef::School(urn) => vec![urn],
            OrgRef::Trust(uid) => evidence
                .trust(uid)
                .map(|t| {
                    t.members
                        .iter()
                        .map(|m| evidence.schools()[*m].urn)
                        .collect()
                })
                .unwrap_or_default(),
            OrgRef::Partner(_) => Vec::new(),
        }
    }

    fn competition_flags(&self, org: OrgRef, evidence: &EvidenceIndex) -> Vec<CompetitionFlag> {
        let mut flags = Vec::new();
        for urn in self.members(org, evidence) {
            let Some(mine) = evidence.school(urn) else {
                continue;
            };
            for need_urn in &self.need_schools {
                let Some(theirs) = evidence.school(*need_urn) else {
                    continue;
                };
                let (Some(a), Some(b)) = (mine.location, theirs.location) else {
                    continue;
                };
                let km = distance_km(a, b);
                let Some(limit) = catchment_km(mine.phase) else {
                    continue;
                };
                if mine.phase != theirs.phase || km > limit {
                    continue;
                }
                let demand = |f: &SchoolFacts| match &f.first_preferences {
                    Some((v, year)) => format!("{v:.2} first preferences per place ({year})"),
                    None => "first preferences not published".into(),
                };
                flags.push(CompetitionFlag {
                    candidate_school: urn,
                    need_school: *need_urn,
                    km,
                    evidence: format!(
                        "{} and {} are both {} schools {:.1} km apart (within the {:.0} km most \
                         {} pupils travel), so they may draw on the same families. Demand: \
                         {}, {}; {}, {} (admissions data, Department for Education).",
                        mine.name,
                        theirs.name,
                        mine.phase.label().to_lowercase(),
                        km,
                        limit,
                        mine.phase.label().to_lowercase(),
                        mine.name,
                        demand(mine),
                        theirs.name,
                        demand(theirs)
                    ),
                });
            }
        }
        flags.sort_by(|a, b| a.km.total_cmp(&b.km));
        flags.truncate(10);
        flags
    }

    fn words(
        &self,
        kind: FactorKind,
        org: OrgRef,
        s: &Measured,
        evidence: &EvidenceIndex,
        market: &Market,
    ) -> (String, Vec<String>) {
        let area = self.need.area;
        match kind {
            FactorKind::Evidence => {
                if area.indicators().is_empty() {
                    return (area.evidence_note().to_string(), Vec::new());
                }
                let strength = match org {
                    OrgRef::School(urn) => evidence
                        .school(urn)
                        .and_then(|f| f.strength(area))
                        .map(|v| (v, 1)),
                    OrgRef::Trust(uid) => evidence.trust(uid).and_then(|t| t.strength(area)),
                    OrgRef::Partner(_) => None,
                };
                let mut figures = Vec::new();
                for urn in self.members(org, evidence) {
                    let items = evidence.evidence_in(urn, area);
                    if items.is_empty() {
                        continue;
                    }
                    let name = evidence.school(urn).map_or("", |f| f.name.as_str());
                    for item in items {
                        figures.push(format!(
                            "{name}: {} (source: {})",
                            item.describe(),
                            item.source
                        ));
                    }
                }
                let total_figures = figures.len();
                figures.truncate(12);
                if total_figures > 12 {
                    figures.push(format!("and {} more figures", total_figures - 12));
                }
                let summary = match (org, strength) {
                    (OrgRef::Partner(_), _) => {
                        "Convene holds no public results for partner organisations".to_string()
                    }
                    (_, None) => format!(
                        "No published figure in {} for this candidate's schools: not published, \
                         so no credit for evidence",
                        area.label().to_lowercase()
                    ),
                    (OrgRef::Trust(_), Some((v, n))) => format!(
                        "{} {:.2} standard deviations {} their families' median, pupil-weighted \
                         over {n} of its schools with figures",
                        "Its schools are on average",
                        v.abs(),
                        if v >= 0.0 { "above" } else { "below" }
                    ),
                    (_, Some((v, _))) => format!(
                        "{:.2} standard deviations {} its family's median",
                        v.abs(),
                        if v >= 0.0 { "above" } else { "below" }
                    ),
                };
                (summary, figures)
            }
            FactorKind::Context => match (s.best_context, s.similar_trust) {
                (_, Some(closeness)) if closeness >= s.values[1] - 1e-12 => (
                    format!(
                        "One of the trusts most like the trust in need (closeness {closeness:.2} \
                         by the similar-trusts method)"
                    ),
                    vec![
                        "Similar trusts are compared on size, phases, disadvantage, EAL, \
                         urban/rural mix, spread and Ofsted profile (see /about/similarity)"
                            .to_string(),
                    ],
                ),
                (Some((sim, mine, theirs)), _) => {
                    let name =
                        |u: Urn| evidence.school(u).map_or(String::new(), |f| f.name.clone());
                    (
                        format!(
                            "Closeness {:.2} averaged over the {} school(s) in need; its most \
                             similar school is {} (URN {}), closeness {sim:.2} to {} (URN {})",
                            s.values[1],
                            self.need_schools.len(),
                            name(mine),
                            mine.0,
                            name(theirs),
                            theirs.0
                        ),
                        vec![
                            "Closeness is 1 / (1 + context distance), the distance families are \
                             drawn by: pupils, disadvantage, SEN, EHC plans, EAL, IDACI \
                             (see /about/families for the sources and years)"
                                .to_string(),
                        ],
                    )
                }
                (None, _) => (
                    "No school of the same phase to compare with the schools in need".into(),
                    Vec::new(),
                ),
            },
            FactorKind::Distance => match s.nearest {
                Some((km, mine, theirs)) => (
                    format!(
                        "{km:.1} km in a straight line from {} to {} ({})",
                        evidence.school(mine).map_or("", |f| f.name.as_str()),
                        evidence.school(theirs).map_or("", |f| f.name.as_str()),
                        self.need.reach.describe().to_lowercase()
                    ),
                    vec!["Locations from Get Information about Schools".into()],
                ),
                None => (
                    "Distance not known: no published location".into(),
                    Vec::new(),
                ),
            },
            FactorKind::Offer => match s.offer {
                Some((i, form_matches)) => {
                    let offer = &market.offers[i];
                    (
                        format!(
                            "Offer {} in {}: {} of {} days per term still free{}",
                            offer.offer.0,
                            area.label().to_lowercase(),
                            offer.spare_days,
                            offer.days_per_term,
                            if form_matches {
                                format!(", as {}", offer.form.label().to_lowercase())
                            } else {
                                format!(
                                    "; offers {} rather than {}",
                                    offer.form.label().to_lowercase(),
                                    self.need.form.label().to_lowercase()
                                )
                            }
                        ),
                        if offer.spare_days == 0 {
                            vec!["Its capacity is used up by collaborations already agreed".into()]
                        } else {
                            Vec::new()
                        },
                    )
                }
                None => (
                    "No declared offer in this area available in the need's dates and reach".into(),
                    Vec::new(),
                ),
            },
            FactorKind::TrackRecord => match market.track.get(&org) {
                Some(t) if t.completed > 0 || t.active > 0 => (
                    format!(
                        "{} completed and {} active collaborations on Convene as a helper{}",
                        t.completed,
                        t.active,
                        if t.ratings.is_empty() {
                            ", no feedback yet".to_string()
                        } else {
                            format!(
                                ", average feedback {:.1} out of 5 from {} rating(s)",
                                t.ratings.iter().map(|r| f64::from(*r)).sum::<f64>()
                                    / t.ratings.len() as f64,
                                t.ratings.len()
                            )
                        }
                    ),
                    Vec::new(),
                ),
                _ => ("No collaborations on Convene yet".into(), Vec::new()),
            },
        }
    }
}

fn name_of(org: OrgRef, evidence: &EvidenceIndex, market: &Market) -> String {
    match org {
        OrgRef::School(urn) => evidence.school(urn).map(|f| f.name.clone()),
        OrgRef::Trust(uid) => evidence.trust(uid).map(|t| t.name.clone()),
        OrgRef::Partner(id) => market.partner_names.get(&id).cloned(),
    }
    .unwrap_or_else(|| org.key())
}
