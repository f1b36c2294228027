//! Finding published case studies: by area, form of work, region, phase, words, and
//! "schools like mine", which keeps the case studies that name a school in the reader's
//! family of similar schools (or a trust among their similar trusts) and says which one,
//! so the reader sees why each was found.

use super::draft::WorkForm;
use super::publication::CaseStudy;
use crate::brokerage::ImprovementArea;
use crate::organisation::Phase;
use crate::party::OrgRef;
use crate::place::Region;
use std::collections::{BTreeMap, BTreeSet};

/// What a search asks for; every part is optional and all given parts must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseStudyFilter {
    /// Only this area.
    pub area: Option<ImprovementArea>,
    /// Only this form of work.
    pub form: Option<WorkForm>,
    /// Only work involving an organisation in this region.
    pub region: Option<Region>,
    /// Only work involving a school of this phase.
    pub phase: Option<Phase>,
    /// Words the title, summary or text must contain (each word, any case).
    pub words: Vec<String>,
    /// Only work naming one of these organisations ("schools like mine").
    pub like: Option<Likeness>,
}

/// The organisations "like mine", each with the reason in words ("in the family of similar
/// schools of Ours Academy").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Likeness {
    /// Whom the reader asked about, in words ("Ours Academy").
    pub of: String,
    /// The organisations that count, with why.
    pub members: BTreeMap<OrgRef, String>,
}

/// What the published data says about the organisations a case study names, for
/// filtering: the regions they are in and the phases of the schools among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStudyFacts {
    /// Regions.
    pub regions: BTreeSet<Region>,
    /// Phases.
    pub phases: BTreeSet<Phase>,
}

/// A case study that matched, and why it matched "like mine".
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'a> {
    /// The case study.
    pub case_study: &'a CaseStudy,
    /// Why it is like the reader's, one reason per named organisation that counts.
    pub reasons: Vec<String>,
}

impl CaseStudyFilter {
    /// Whether any part is set.
    pub fn is_active(&self) -> bool {
        self.area.is_some()
            || self.form.is_some()
            || self.region.is_some()
            || self.phase.is_some()
            || !self.words.is_empty()
            || self.like.is_some()
    }

    /// The words of a search box, lower-cased, for [`CaseStudyFilter::words`].
    pub fn words_of(text: &str) -> Vec<String> {
        text.split_whitespace()
            .map(str::to_lowercase)
            .take(20)
            .collect()
    }

    /// The case studies that match, in the order given, each with its reasons.
    pub fn apply<'a>(
        &self,
        studies: &'a [CaseStudy],
        facts: &dyn Fn(&CaseStudy) -> CaseStudyFacts,
    ) -> Vec<Match<'a>> {
        studies
            .iter()
            .filter_map(|study| {
                self.matches(study, facts).map(|reasons| Match {
                    case_study: study,
                    reasons,
                })
            })
            .collect()
    }

    fn matches(
        &self,
        study: &CaseStudy,
        facts: &dyn Fn(&CaseStudy) -> CaseStudyFacts,
    ) -> Option<Vec<String>> {
        let d = &study.draft;
        if self.area.is_some_and(|a| a != d.area) || self.form.is_some_and(|f| f != d.form) {
            return None;
        }
        if self.region.is_some() || self.phase.is_some() {
            let known = facts(study);
            if self.region.is_some_and(|r| !known.regions.contains(&r))
                || self.phase.is_some_and(|p| !known.phases.contains(&p))
            {
                return None;
            }
        }
        if !self.words.is_empty() {
            let text = [
                d.title.as_str(),
                &d.summary,
                &d.challenge,
                &d.what_was_done,
                &d.what_changed,
                &d.lessons,
                &study.owner_name,
            ]
            .join(" ")
            .to_lowercase();
            if !self.words.iter().all(|w| text.contains(w.as_str())) {
                return None;
            }
        }
        let Some(like) = &self.like else {
            return Some(Vec::new());
        };
        let names = study.organisations();
        let reasons: Vec<String> = names
            .iter()
            .filter_map(|named| {
                like.members
                    .get(&named.org)
                    .map(|why| format!("Names {}, {why}", named.name))
            })
            .collect();
        (!reasons.is_empty()).then_some(reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::case_studies::draft::{CaseStudyDraft, CaseStudyForm};
    use crate::evidence::case_studies::publication::{CaseStudyId, Stage};
    use crate::ids::{GroupUid, Urn};

    fn study(id: i64, area: &str, owner: OrgRef, title: &str) -> CaseStudy {
        let form = CaseStudyForm {
            owner: owner.key(),
            title: title.into(),
            summary: "S".into(),
            area: area.into(),
            form: "coaching".into(),
            challenge: "C".into(),
            what_was_done: "W".into(),
            who: "Us".into(),
            what_changed: "X".into(),
            lessons: "L".into(),
            contacts: "c@example.org".into(),
            started: "2024-09-01".into(),
            ..CaseStudyForm::default()
        };
        CaseStudy {
            id: CaseStudyId(id),
            draft: CaseStudyDraft::check(&form).unwrap(),
            owner_name: format!("Owner {id}"),
            author: None,
            stage: Stage::Approved,
            returned_note: None,
            approved: None,
            consents: Vec::new(),
            updated_at: String::new(),
            version: 1,
        }
    }

    #[test]
    fn like_mine_keeps_case_studies_naming_a_similar_school_and_says_which() {
        let near = OrgRef::School(Urn(2));
        let far = OrgRef::School(Urn(3));
        let studies = [
            study(1, "early-reading", near, "Phonics"),
            study(2, "early-reading", far, "Phonics again"),
            study(3, "attendance", OrgRef::Trust(GroupUid(9)), "Attendance"),
        ];
        let filter = CaseStudyFilter {
            like: Some(Likeness {
                of: "Ours".into(),
                members: [(near, "in the family of similar schools of Ours".to_string())].into(),
            }),
            ..CaseStudyFilter::default()
        };
        let found = filter.apply(&studies, &|_| CaseStudyFacts::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].case_study.id, CaseStudyId(1));
        assert_eq!(
            found[0].reasons,
            ["Names Owner 1, in the family of similar schools of Ours"]
        );
    }

    #[test]
    fn area_region_phase_and_words_all_must_hold() {
        let studies = [
            study(
                1,
                "early-reading",
                OrgRef::School(Urn(2)),
                "Phonics in Leeds",
            ),
            study(2, "attendance", OrgRef::School(Urn(3)), "Attendance"),
        ];
        let facts = |s: &CaseStudy| CaseStudyFacts {
            regions: if s.id.0 == 1 {
                [Region::YorkshireAndTheHumber].into()
            } else {
                [Region::London].into()
            },
            phases: [Phase::Primary].into(),
        };
        let ids = |filter: CaseStudyFilter| -> Vec<i64> {
            filter
                .apply(&studies, &facts)
                .iter()
                .map(|m| m.case_study.id.0)
                .collect()
        };
        assert_eq!(ids(CaseStudyFilter::default()), [1, 2]);
        let area = CaseStudyFilter {
            area: ImprovementArea::from_key("attendance"),
            ..CaseStudyFilter::default()
        };
        assert_eq!(ids(area), [2]);
        let region = CaseStudyFilter {
            region: Some(Region::London),
            phase: Some(Phase::Primary),
            ..CaseStudyFilter::default()
        };
        assert_eq!(ids(region), [2]);
        let secondary = CaseStudyFilter {
            phase: Some(Phase::Secondary),
            ..CaseStudyFilter::default()
        };
        assert!(ids(secondary).is_empty());
        let words = CaseStudyFilter {
            words: CaseStudyFilter::words_of("PHONICS leeds"),
            ..CaseStudyFilter::default()
        };
        assert_eq!(ids(words), [1]);
    }
}
