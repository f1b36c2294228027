//! The evidence panel: what Convene's own data says about the area a partnership serves,
//! beside the same figures for England, so the partners start from a shared picture of
//! need. Open schools only; percentages are pupil-weighted where a school gives both.

use super::partnership::ServedArea;
use crate::organisation::{School, Status};
use crate::{Judgement, Urn};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One set of figures (the area's, or England's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaFigures {
    /// Open schools.
    pub schools: u64,
    /// Pupils on roll in them.
    pub pupils: u64,
    /// Pupils eligible for free school meals, %.
    pub fsm_percent: Option<f64>,
    /// Pupils with English as an additional language, %.
    pub eal_percent: Option<f64>,
    /// Pupils receiving SEN support, %.
    pub sen_support_percent: Option<f64>,
    /// Schools whose latest overall Ofsted judgement is good or outstanding, % of those
    /// with one.
    pub good_or_outstanding_percent: Option<f64>,
    /// Average Progress 8 of secondary schools with a figure.
    pub progress8: Option<f64>,
    /// Average key stage 2 reading progress of primary schools with a figure.
    pub ks2_reading_progress: Option<f64>,
}

/// The area's figures and England's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidencePanel {
    /// The area served.
    pub area: AreaFigures,
    /// All of England.
    pub england: AreaFigures,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    schools: u64,
    pupils: u64,
    fsm: (f64, f64),
    eal: (f64, f64),
    sen: (f64, f64),
    judged: (u64, u64),
    p8: (f64, u64),
    ks2: (f64, u64),
}

impl Sums {
    fn add(&mut self, school: &School) {
        self.schools += 1;
        let pupils = school.pupils.unwrap_or(0).max(0);
        self.pupils += pupils as u64;
        let weight = pupils as f64;
        let share = |sum: &mut (f64, f64), value: Option<f64>| {
            if let (Some(v), true) = (value, weight > 0.0) {
                sum.0 += v * weight;
                sum.1 += weight;
            }
        };
        share(&mut self.fsm, school.fsm_percent);
        share(&mut self.eal, school.eal_percent);
        share(&mut self.sen, school.sen_support_percent);
        if let Some(j) = school.ofsted.as_ref().and_then(|o| o.overall) {
            self.judged.1 += 1;
            if matches!(j, Judgement::Outstanding | Judgement::Good) {
                self.judged.0 += 1;
            }
        }
        if let Some(p8) = school.ks4.as_ref().and_then(|k| k.progress8) {
            self.p8.0 += p8;
            self.p8.1 += 1;
        }
        if let Some(r) = school.ks2.as_ref().and_then(|k| k.reading_progress) {
            self.ks2.0 += r;
            self.ks2.1 += 1;
        }
    }

    fn merge(&mut self, other: &Sums) {
        let pair = |a: &mut (f64, f64), b: (f64, f64)| {
            a.0 += b.0;
            a.1 += b.1;
        };
        self.schools += other.schools;
        self.pupils += other.pupils;
        pair(&mut self.fsm, other.fsm);
        pair(&mut self.eal, other.eal);
        pair(&mut self.sen, other.sen);
        self.judged.0 += other.judged.0;
        self.judged.1 += other.judged.1;
        self.p8.0 += other.p8.0;
        self.p8.1 += other.p8.1;
        self.ks2.0 += other.ks2.0;
        self.ks2.1 += other.ks2.1;
    }

    fn figures(&self) -> AreaFigures {
        let ratio = |(sum, weight): (f64, f64)| (weight > 0.0).then(|| sum / weight);
        let mean = |(sum, n): (f64, u64)| (n > 0).then(|| sum / n as f64);
        AreaFigures {
            schools: self.schools,
            pupils: self.pupils,
            fsm_percent: ratio(self.fsm),
            eal_percent: ratio(self.eal),
            sen_support_percent: ratio(self.sen),
            good_or_outstanding_percent: (self.judged.1 > 0)
                .then(|| self.judged.0 as f64 * 100.0 / self.judged.1 as f64),
            progress8: mean(self.p8),
            ks2_reading_progress: mean(self.ks2),
        }
    }
}

/// The sums behind every area's figures, per local authority and for England, made once
/// per import: a partnership's page then adds up a few local authorities and its listed
/// schools instead of every school in England.
#[derive(Debug, Clone, Default)]
pub struct AreaSums {
    england: Sums,
    by_local_authority: HashMap<i64, Sums>,
}

impl AreaSums {
    /// The sums of every open school in the map (closed ones are skipped).
    pub fn build<'a>(schools: impl Iterator<Item = &'a School>) -> AreaSums {
        let mut sums = AreaSums::default();
        for school in schools.filter(|s| s.status != Status::Closed) {
            sums.england.add(school);
            if let Some(code) = school.la_code {
                sums.by_local_authority.entry(code).or_default().add(school);
            }
        }
        sums
    }

    /// The panel for `area`: its local authorities, and each listed school outside them
    /// (found by `school`) counted once.
    pub fn panel<'a>(
        &self,
        area: &ServedArea,
        school: impl Fn(Urn) -> Option<&'a School>,
    ) -> EvidencePanel {
        let mut here = Sums::default();
        let mut codes = area.local_authorities.clone();
        codes.sort_unstable();
        codes.dedup();
        for code in &codes {
            if let Some(sums) = self.by_local_authority.get(code) {
                here.merge(sums);
            }
        }
        let mut urns = area.schools.clone();
        urns.sort_unstable();
        urns.dedup();
        for urn in urns {
            let Some(s) = school(urn).filter(|s| s.status != Status::Closed) else {
                continue;
            };
            if !s.la_code.is_some_and(|c| codes.contains(&c)) {
                here.add(s);
            }
        }
        EvidencePanel {
            area: here.figures(),
            england: self.england.figures(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(urn: i64, la: i64, pupils: i64, fsm: f64) -> School {
        let mut s = School::new(Urn(urn), format!("School {urn}"));
        s.la_code = Some(la);
        s.pupils = Some(pupils);
        s.fsm_percent = Some(fsm);
        s
    }

    #[test]
    fn an_area_counts_its_local_authorities_and_listed_schools_once_each() {
        let mut closed = school(5, 826, 900, 90.0);
        closed.status = Status::Closed;
        let schools = [
            school(1, 826, 100, 10.0),
            school(2, 826, 300, 30.0),
            school(3, 825, 200, 40.0),
            school(4, 931, 400, 5.0),
            closed,
        ];
        let sums = AreaSums::build(schools.iter());
        let find = |urn: Urn| schools.iter().find(|s| s.urn == urn);
        let area = ServedArea {
            local_authorities: vec![826, 826],
            // School 1 is in 826 already; school 3 is not; school 5 is closed.
            schools: vec![Urn(1), Urn(3), Urn(5), Urn(99)],
        };
        let panel = sums.panel(&area, find);
        assert_eq!(panel.area.schools, 3);
        assert_eq!(panel.area.pupils, 600);
        // (100*10 + 300*30 + 200*40) / 600 = 18000 / 600 = 30.
        assert_eq!(panel.area.fsm_percent, Some(30.0));
        assert_eq!(panel.england.schools, 4);
        assert_eq!(panel.england.pupils, 1000);
        assert_eq!(panel.area.progress8, None, "no figure is not zero");
    }
}
