//! The eight system leadership behaviours (Forum Strategy's system leadership PLCs, 2023),
//! each with what it means and four level descriptors, and the NHS Leadership Academy
//! domain of system leadership it sits in. The words follow the source paper; the level
//! descriptors are Convene's, written so that a leader can place themselves and others
//! can place them from what they have seen.

use serde::Serialize;

/// One of the eight behaviours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Behaviour {
    /// Take the initiative in identifying the wicked issue and galvanise others around it.
    Initiative,
    /// Articulate the collective challenge and the power of partnership.
    CollectiveChallenge,
    /// Build relationships beyond organisational and sector boundaries.
    Relationships,
    /// Show humility and mutual respect, and foster collegiality.
    Humility,
    /// Encourage (not prescribe) a plan, set clear goals and unleash capacity.
    PlanAndCapacity,
    /// Ensure momentum and delivery.
    Momentum,
    /// Bring their own organisation with them and sustain its success.
    OwnOrganisation,
    /// Show bravery and courage, taking calculated risks.
    Bravery,
}

/// The NHS Leadership Academy's four domains of system leadership.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    /// Individual effectiveness.
    IndividualEffectiveness,
    /// Relationships and connectivity.
    RelationshipsAndConnectivity,
    /// Learning and capacity building.
    LearningAndCapacity,
    /// Innovation and improvement.
    InnovationAndImprovement,
}

impl Domain {
    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            Domain::IndividualEffectiveness => "Individual effectiveness",
            Domain::RelationshipsAndConnectivity => "Relationships and connectivity",
            Domain::LearningAndCapacity => "Learning and capacity building",
            Domain::InnovationAndImprovement => "Innovation and improvement",
        }
    }
}

/// How far a behaviour is shown, from 1 to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 1: beginning to show it.
    Emerging,
    /// 2: shows it in some settings.
    Developing,
    /// 3: shows it consistently.
    Established,
    /// 4: shows it and grows it in others.
    Leading,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [
        Level::Emerging,
        Level::Developing,
        Level::Established,
        Level::Leading,
    ];

    /// 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            Level::Emerging => 1,
            Level::Developing => 2,
            Level::Established => 3,
            Level::Leading => 4,
        }
    }

    /// Reads 1 to 4.
    pub fn from_number(n: u8) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.number() == n)
    }

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            Level::Emerging => "Emerging",
            Level::Developing => "Developing",
            Level::Established => "Established",
            Level::Leading => "Leading",
        }
    }
}

impl Behaviour {
    /// All eight, in the paper's order.
    pub const ALL: [Behaviour; 8] = [
        Behaviour::Initiative,
        Behaviour::CollectiveChallenge,
        Behaviour::Relationships,
        Behaviour::Humility,
        Behaviour::PlanAndCapacity,
        Behaviour::Momentum,
        Behaviour::OwnOrganisation,
        Behaviour::Bravery,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Behaviour::Initiative => "initiative",
            Behaviour::CollectiveChallenge => "collective-challenge",
            Behaviour::Relationships => "relationships",
            Behaviour::Humility => "humility",
            Behaviour::PlanAndCapacity => "plan-and-capacity",
            Behaviour::Momentum => "momentum",
            Behaviour::OwnOrganisation => "own-organisation",
            Behaviour::Bravery => "bravery",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Behaviour> {
        Behaviour::ALL.into_iter().find(|b| b.key() == key.trim())
    }

    /// The behaviour in the paper's words.
    pub fn title(self) -> &'static str {
        match self {
            Behaviour::Initiative => {
                "Take the initiative in identifying the wicked issue and galvanise others around it"
            }
            Behaviour::CollectiveChallenge => {
                "Articulate the collective challenge and the power of partnership"
            }
            Behaviour::Relationships => {
                "Build relationships beyond organisational and sector boundaries"
            }
            Behaviour::Humility => {
                "Show humility and mutual respect, and foster a culture of collegiality"
            }
            Behaviour::PlanAndCapacity => {
                "Encourage (not prescribe) a plan, set clear goals and unleash capacity as they go"
            }
            Behaviour::Momentum => "Ensure momentum and delivery",
            Behaviour::OwnOrganisation => {
                "Bring their own organisation with them and sustain its success"
            }
            Behaviour::Bravery => {
                "Show bravery and courage, taking calculated risks to drive progress"
            }
        }
    }

    /// The NHS Leadership Academy domain it sits in.
    pub fn domain(self) -> Domain {
        match self {
            Behaviour::Humility | Behaviour::Bravery | Behaviour::OwnOrganisation => {
                Domain::IndividualEffectiveness
            }
            Behaviour::Relationships | Behaviour::CollectiveChallenge => {
                Domain::RelationshipsAndConnectivity
            }
            Behaviour::PlanAndCapacity => Domain::LearningAndCapacity,
            Behaviour::Initiative | Behaviour::Momentum => Domain::InnovationAndImprovement,
        }
    }

    /// What each level looks like, lowest first.
    pub fn descriptors(self) -> [&'static str; 4] {
        match self {
            Behaviour::Initiative => [
                "Notices problems beyond their own organisation but waits for others to act.",
                "Names a shared problem and brings it to colleagues in other organisations.",
                "Uses evidence and the voices of those affected to define a wicked issue others rally to.",
                "Galvanises partners around issues they would not have taken on alone, and helps others do the same.",
            ],
            Behaviour::CollectiveChallenge => [
                "Describes the challenge in their own organisation's terms.",
                "Explains why the challenge needs more than one organisation.",
                "Sets out a shared vision that speaks to each partner's purpose and priorities.",
                "Tells the story of the partnership so that others join and stay.",
            ],
            Behaviour::Relationships => [
                "Works mostly with people they already know in their own sector.",
                "Makes contacts in other trusts and services when a need arises.",
                "Invests time in trusting relationships across sectors, with a learner's mindset.",
                "Connects others across boundaries and keeps the network alive beyond any one project.",
            ],
            Behaviour::Humility => [
                "Finds it hard to admit not knowing or to credit others.",
                "Listens to partners and acknowledges what others bring.",
                "Shares credit, seeks challenge and treats partners as equals.",
                "Builds a collegial culture in which everyone's expertise counts, putting the work before status.",
            ],
            Behaviour::PlanAndCapacity => [
                "Either leaves plans vague or writes them alone for others to follow.",
                "Agrees a plan with partners but holds tight to how it is done.",
                "Co-creates a plan with clear goals and lets partners lead parts of it.",
                "Unleashes capacity across partners, adapting the plan as they learn.",
            ],
            Behaviour::Momentum => [
                "Energy fades after the first meetings.",
                "Keeps some actions moving with reminders.",
                "Holds regular stock-takes and sees commitments through to delivery.",
                "Sustains delivery over years and through changes of people.",
            ],
            Behaviour::OwnOrganisation => [
                "System work competes with their own organisation's needs.",
                "Explains system work to their own organisation when asked.",
                "Brings their board and staff with them and shows the benefit at home.",
                "Makes system leadership part of their organisation's culture and sustains its success.",
            ],
            Behaviour::Bravery => [
                "Avoids raising difficult system issues.",
                "Raises difficult issues in safe company.",
                "Commits time and resources to hard, uncertain problems, weighing the risks.",
                "Takes calculated risks in uncharted territory and helps others find the courage to.",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_behaviours_each_with_four_levels_and_a_domain() {
        assert_eq!(Behaviour::ALL.len(), 8);
        for b in Behaviour::ALL {
            assert_eq!(Behaviour::from_key(b.key()), Some(b));
            assert!(b.descriptors().iter().all(|d| d.ends_with('.')));
            let _ = b.domain().label();
        }
        for l in Level::ALL {
            assert_eq!(Level::from_number(l.number()), Some(l));
        }
        assert_eq!(Level::from_number(0), None);
        assert_eq!(Level::from_number(5), None);
    }
}
