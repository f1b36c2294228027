//! The fixed list of improvement areas needs and offers are posted against, the forms help
//! takes, and which public evidence (if any) shows strength in each area. The list is fixed
//! so that a need and an offer about the same thing always meet; it is documented at
//! /about/brokerage and in docs/brokerage.md.

use crate::outcome::Measure;
use serde::{Deserialize, Serialize};

/// What a need or an offer is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ImprovementArea {
    /// Early reading and phonics.
    EarlyReading,
    /// Key stage 2 mathematics.
    Ks2Maths,
    /// Key stage 2 writing.
    Ks2Writing,
    /// Key stage 4 (GCSE) outcomes.
    Ks4Outcomes,
    /// Sixth form and other 16-18 provision.
    PostSixteen,
    /// Outcomes and support for disadvantaged pupils.
    DisadvantagedPupils,
    /// Special educational needs and disabilities, and inclusion.
    SendInclusion,
    /// Attendance.
    Attendance,
    /// Behaviour.
    Behaviour,
    /// Personal development and wellbeing.
    PersonalDevelopment,
    /// Early years.
    EarlyYears,
    /// Curriculum.
    Curriculum,
    /// Developing leaders.
    LeadershipDevelopment,
    /// Governance.
    Governance,
    /// Finance and operations.
    FinanceOperations,
    /// HR and workforce.
    HrWorkforce,
    /// Estates.
    Estates,
    /// IT and data.
    ItData,
    /// Safeguarding.
    Safeguarding,
    /// Trust growth and schools joining.
    TrustGrowth,
    /// Careers and links with employers.
    Careers,
    /// Community and family engagement.
    CommunityEngagement,
}

/// A published indicator of strength: a result measure, or an Ofsted key judgement area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Indicator {
    /// A published result (higher is better).
    Result(Measure),
    /// An Ofsted judgement (grade 1 is best).
    Ofsted(OfstedArea),
}

/// The Ofsted judgement areas Convene holds per school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OfstedArea {
    /// Quality of education.
    QualityOfEducation,
    /// Behaviour and attitudes.
    BehaviourAndAttitudes,
    /// Personal development.
    PersonalDevelopment,
    /// Leadership and management.
    LeadershipAndManagement,
    /// Early years provision.
    EarlyYears,
    /// Sixth form provision.
    SixthForm,
}

impl OfstedArea {
    /// Every area, in the order Ofsted reports them.
    pub const ALL: [OfstedArea; 6] = [
        OfstedArea::QualityOfEducation,
        OfstedArea::BehaviourAndAttitudes,
        OfstedArea::PersonalDevelopment,
        OfstedArea::LeadershipAndManagement,
        OfstedArea::EarlyYears,
        OfstedArea::SixthForm,
    ];

    /// As Ofsted names it.
    pub fn label(self) -> &'static str {
        match self {
            OfstedArea::QualityOfEducation => "Ofsted quality of education",
            OfstedArea::BehaviourAndAttitudes => "Ofsted behaviour and attitudes",
            OfstedArea::PersonalDevelopment => "Ofsted personal development",
            OfstedArea::LeadershipAndManagement => "Ofsted leadership and management",
            OfstedArea::EarlyYears => "Ofsted early years provision",
            OfstedArea::SixthForm => "Ofsted sixth form provision",
        }
    }
}

impl Indicator {
    /// The indicator in the words pages use.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Result(measure) => measure.label(),
            Indicator::Ofsted(area) => area.label(),
        }
    }
}

impl ImprovementArea {
    /// Every area, in the order forms list them.
    pub const ALL: [ImprovementArea; 22] = [
        ImprovementArea::EarlyReading,
        ImprovementArea::Ks2Maths,
        ImprovementArea::Ks2Writing,
        ImprovementArea::Ks4Outcomes,
        ImprovementArea::PostSixteen,
        ImprovementArea::DisadvantagedPupils,
        ImprovementArea::SendInclusion,
        ImprovementArea::Attendance,
        ImprovementArea::Behaviour,
        ImprovementArea::PersonalDevelopment,
        ImprovementArea::EarlyYears,
        ImprovementArea::Curriculum,
        ImprovementArea::LeadershipDevelopment,
        ImprovementArea::Governance,
        ImprovementArea::FinanceOperations,
        ImprovementArea::HrWorkforce,
        ImprovementArea::Estates,
        ImprovementArea::ItData,
        ImprovementArea::Safeguarding,
        ImprovementArea::TrustGrowth,
        ImprovementArea::Careers,
        ImprovementArea::CommunityEngagement,
    ];

    /// Stable key for storage, addresses and JSON.
    pub fn key(self) -> &'static str {
        match self {
            ImprovementArea::EarlyReading => "early-reading",
            ImprovementArea::Ks2Maths => "ks2-maths",
            ImprovementArea::Ks2Writing => "ks2-writing",
            ImprovementArea::Ks4Outcomes => "ks4-outcomes",
            ImprovementArea::PostSixteen => "post-16",
            ImprovementArea::DisadvantagedPupils => "disadvantaged-pupils",
            ImprovementArea::SendInclusion => "send-inclusion",
            ImprovementArea::Attendance => "attendance",
            ImprovementArea::Behaviour => "behaviour",
            ImprovementArea::PersonalDevelopment => "personal-development",
            ImprovementArea::EarlyYears => "early-years",
            ImprovementArea::Curriculum => "curriculum",
            ImprovementArea::LeadershipDevelopment => "leadership-development",
            ImprovementArea::Governance => "governance",
            ImprovementArea::FinanceOperations => "finance-operations",
            ImprovementArea::HrWorkforce => "hr-workforce",
            ImprovementArea::Estates => "estates",
            ImprovementArea::ItData => "it-data",
            ImprovementArea::Safeguarding => "safeguarding",
            ImprovementArea::TrustGrowth => "trust-growth",
            ImprovementArea::Careers => "careers",
            ImprovementArea::CommunityEngagement => "community-engagement",
        }
    }

    /// Reads a key produced by [`ImprovementArea::key`].
    pub fn from_key(key: &str) -> Option<ImprovementArea> {
        let key = key.trim();
        ImprovementArea::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            ImprovementArea::EarlyReading => "Early reading and phonics",
            ImprovementArea::Ks2Maths => "Key stage 2 maths",
            ImprovementArea::Ks2Writing => "Key stage 2 writing",
            ImprovementArea::Ks4Outcomes => "Key stage 4 outcomes",
            ImprovementArea::PostSixteen => "Post-16",
            ImprovementArea::DisadvantagedPupils => "Disadvantaged pupils",
            ImprovementArea::SendInclusion => "SEND and inclusion",
            ImprovementArea::Attendance => "Attendance",
            ImprovementArea::Behaviour => "Behaviour",
            ImprovementArea::PersonalDevelopment => "Personal development and wellbeing",
            ImprovementArea::EarlyYears => "Early years",
            ImprovementArea::Curriculum => "Curriculum",
            ImprovementArea::LeadershipDevelopment => "Leadership development",
            ImprovementArea::Governance => "Governance",
            ImprovementArea::FinanceOperations => "Finance and operations",
            ImprovementArea::HrWorkforce => "HR and workforce",
            ImprovementArea::Estates => "Estates",
            ImprovementArea::ItData => "IT and data",
            ImprovementArea::Safeguarding => "Safeguarding",
            ImprovementArea::TrustGrowth => "Trust growth and school joining",
            ImprovementArea::Careers => "Careers and employer links",
            ImprovementArea::CommunityEngagement => "Community and family engagement",
        }
    }

    /// The public indicators that show strength in this area, strongest evidence first.
    /// Empty for areas no published measure covers (governance, finance, estates...): for
    /// those the ranking relies on declared offers and track record, and says so.
    pub fn indicators(self) -> &'static [Indicator] {
        use Indicator::{Ofsted, Result};
        use OfstedArea as O;
        match self {
            ImprovementArea::EarlyReading => &[Result(Measure::Ks2ReadingProgress)],
            ImprovementArea::Ks2Maths => &[Result(Measure::Ks2MathsProgress)],
            ImprovementArea::Ks2Writing => &[Result(Measure::Ks2WritingProgress)],
            ImprovementArea::Ks4Outcomes => &[
                Result(Measure::Ks4Progress8),
                Result(Measure::Ks4Attainment8),
            ],
            ImprovementArea::PostSixteen => &[
                Result(Measure::Ks5ALevelValueAdded),
                Result(Measure::Ks5ALevelAps),
                Ofsted(O::SixthForm),
            ],
            ImprovementArea::Behaviour => &[Ofsted(O::BehaviourAndAttitudes)],
            ImprovementArea::PersonalDevelopment => &[Ofsted(O::PersonalDevelopment)],
            ImprovementArea::EarlyYears => &[Ofsted(O::EarlyYears)],
            ImprovementArea::Curriculum => &[Ofsted(O::QualityOfEducation)],
            ImprovementArea::LeadershipDevelopment => &[Ofsted(O::LeadershipAndManagement)],
            _ => &[],
        }
    }

    /// Why the area's evidence is what it is, for the method page and the ranking.
    pub fn evidence_note(self) -> &'static str {
        match self {
            ImprovementArea::EarlyReading => {
                "KS2 reading progress: the closest published measure; phonics screening \
                 results are not in Convene's data"
            }
            ImprovementArea::DisadvantagedPupils => {
                "Convene's data has no published result for disadvantaged pupils alone, so \
                 this area relies on declared offers and track record"
            }
            ImprovementArea::Attendance => {
                "Absence figures are not in Convene's data yet, so this area relies on \
                 declared offers and track record"
            }
            ImprovementArea::Safeguarding => {
                "Ofsted records only whether safeguarding is effective, which does not \
                 show strength, so this area relies on declared offers and track record"
            }
            _ if self.indicators().is_empty() => {
                "No published measure covers this area, so it relies on declared offers \
                 and track record"
            }
            _ => "Published results and Ofsted judgements tied to the area",
        }
    }
}

/// The form help takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum HelpForm {
    /// An informal visit or mutual challenge.
    InformalVisit,
    /// A peer review.
    PeerReview,
    /// Coaching of a leader.
    Coaching,
    /// The loan of a named role (a COO, a school improvement director).
    RoleLoan,
    /// Interim leadership.
    InterimLeadership,
    /// A traded service (IT, HR, catering, educational psychology).
    TradedService,
}

impl HelpForm {
    /// Every form, in the order forms list them.
    pub const ALL: [HelpForm; 6] = [
        HelpForm::InformalVisit,
        HelpForm::PeerReview,
        HelpForm::Coaching,
        HelpForm::RoleLoan,
        HelpForm::InterimLeadership,
        HelpForm::TradedService,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            HelpForm::InformalVisit => "informal-visit",
            HelpForm::PeerReview => "peer-review",
            HelpForm::Coaching => "coaching",
            HelpForm::RoleLoan => "role-loan",
            HelpForm::InterimLeadership => "interim-leadership",
            HelpForm::TradedService => "traded-service",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<HelpForm> {
        let key = key.trim();
        HelpForm::ALL.into_iter().find(|f| f.key() == key)
    }

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            HelpForm::InformalVisit => "Informal visit or mutual challenge",
            HelpForm::PeerReview => "Peer review",
            HelpForm::Coaching => "Coaching of a leader",
            HelpForm::RoleLoan => "Loan of a named role",
            HelpForm::InterimLeadership => "Interim leadership",
            HelpForm::TradedService => "Traded service",
        }
    }

    /// Whether the form names a role (the loan of a COO, an interim CEO).
    pub fn names_a_role(self) -> bool {
        matches!(self, HelpForm::RoleLoan | HelpForm::InterimLeadership)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_and_are_unique() {
        let mut keys = std::collections::HashSet::new();
        for area in ImprovementArea::ALL {
            assert_eq!(ImprovementArea::from_key(area.key()), Some(area));
            assert!(keys.insert(area.key()));
        }
        for form in HelpForm::ALL {
            assert_eq!(HelpForm::from_key(form.key()), Some(form));
        }
        assert_eq!(ImprovementArea::from_key("finance"), None);
    }

    #[test]
    fn areas_without_measures_say_so() {
        assert!(ImprovementArea::Governance.indicators().is_empty());
        assert!(ImprovementArea::Governance
            .evidence_note()
            .contains("declared offers"));
        assert!(!ImprovementArea::Ks4Outcomes.indicators().is_empty());
    }
}
