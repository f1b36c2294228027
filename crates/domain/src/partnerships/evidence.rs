//! The evidence panel: what Convene's own data says about the area a partnership serves,
//! beside the same figures for England, so the partners start from a shared picture of
//! need. Open schools only; percentages are pupil-weighted where a school gives both.

use super::partnership::ServedArea;
use crate::organisation::{School, Status};
use crate::Judgement;
use serde::{Deserialize, Serialize};

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

#[derive(Default)]
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

/// The panel for `area` from every school in the map (closed ones are skipped).
pub fn panel<'a>(area: &ServedArea, schools: impl Iterator<Item = &'a School>) -> EvidencePanel {
    let mut here = Sums::default();
    let mut england = Sums::default();
    for school in schools.filter(|s| s.status != Status::Closed) {
        england.add(school);
        if area.includes(school.urn, school.la_code) {
            here.add(school);
        }
    }
    EvidencePanel {
        area: here.figures(),
        england: england.figures(),
    }
}
