//! A round of peer review as the group former reads it: who volunteered, what each wants
//! to learn about and is strong in, and how every pair of volunteers relates (how alike,
//! how far apart, whether they compete or reviewed each other lately).

use crate::brokerage::area::ImprovementArea;
use crate::party::OrgRef;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The smallest review group: peer review programmes work in clusters of 3 to 7.
pub const MIN_GROUP: usize = 3;
/// The largest review group.
pub const MAX_GROUP: usize = 7;

/// A trust or school that volunteered for a round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Volunteer {
    /// The organisation.
    pub org: OrgRef,
    /// Its name, for the reasons.
    pub name: String,
    /// The areas it wants its review to look at.
    pub focus: Vec<ImprovementArea>,
    /// How strong it is in each area it has evidence or a declared offer for, from 0 to 1
    /// (the brokerage evidence scale: 1 is two standard deviations above its family).
    pub strengths: Vec<(ImprovementArea, f64)>,
}

impl Volunteer {
    /// Its strength in an area, 0 without evidence.
    pub fn strength(&self, area: ImprovementArea) -> f64 {
        self.strengths
            .iter()
            .find(|(a, _)| *a == area)
            .map_or(0.0, |(_, s)| s.clamp(0.0, 1.0))
    }
}

/// How much each part of the objective counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupingWeights {
    /// Members alike enough to learn from each other.
    pub similarity: f64,
    /// Someone strong in each member's focus areas.
    pub complement: f64,
}

impl Default for GroupingWeights {
    fn default() -> Self {
        GroupingWeights {
            similarity: 50.0,
            complement: 50.0,
        }
    }
}

/// What the convener chose for the round.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundRules {
    /// The size wanted, from [`MIN_GROUP`] to [`MAX_GROUP`]; when the volunteers do not
    /// divide exactly, groups are one larger or smaller.
    pub group_size: usize,
    /// The furthest two members of a group may be apart (nearest schools, straight line).
    pub travel_km: Option<f64>,
    /// How much similarity and complementary strength count.
    pub weights: GroupingWeights,
}

/// Why a pair of volunteers may not be in one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Conflict {
    /// Same-phase schools close enough to draw on the same pupils.
    Competitors {
        /// The evidence, in words.
        evidence: String,
    },
    /// They reviewed each other in one of the last two rounds.
    ReviewedRecently {
        /// Which round, in words.
        when: String,
    },
    /// Further apart than the round's travel limit.
    TooFar {
        /// Distance between their nearest schools.
        km: f64,
        /// The limit.
        limit_km: f64,
    },
}

impl Conflict {
    /// In words, naming both volunteers.
    pub fn describe(&self, a: &str, b: &str) -> String {
        match self {
            Conflict::Competitors { evidence } => {
                format!("{a} and {b} may compete for the same pupils: {evidence}")
            }
            Conflict::ReviewedRecently { when } => {
                format!("{a} and {b} reviewed each other {when}")
            }
            Conflict::TooFar { km, limit_km } => format!(
                "{a} and {b} are {km:.1} km apart, beyond the round's limit of {limit_km:.0} km"
            ),
        }
    }
}

/// How every pair of volunteers relates. Pairs not set are unlike (similarity 0), of
/// unknown distance and free of conflicts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relations {
    n: usize,
    similarity: Vec<f64>,
    km: Vec<Option<f64>>,
    competition: HashMap<(usize, usize), String>,
    reviewed: HashMap<(usize, usize), String>,
}

fn pair(i: usize, j: usize) -> (usize, usize) {
    (i.min(j), i.max(j))
}

impl Relations {
    /// Relations for `n` volunteers, all unset.
    pub fn new(n: usize) -> Relations {
        Relations {
            n,
            similarity: vec![0.0; n * n],
            km: vec![None; n * n],
            competition: HashMap::new(),
            reviewed: HashMap::new(),
        }
    }

    /// How many volunteers.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Sets how alike two volunteers are, from 0 to 1.
    pub fn set_similarity(&mut self, i: usize, j: usize, value: f64) {
        if i < self.n && j < self.n && i != j {
            let value = if value.is_finite() {
                value.clamp(0.0, 1.0)
            } else {
                0.0
            };
            self.similarity[i * self.n + j] = value;
            self.similarity[j * self.n + i] = value;
        }
    }

    /// Sets the distance between two volunteers' nearest schools.
    pub fn set_km(&mut self, i: usize, j: usize, km: f64) {
        if i < self.n && j < self.n && i != j && km.is_finite() && km >= 0.0 {
            self.km[i * self.n + j] = Some(km);
            self.km[j * self.n + i] = Some(km);
        }
    }

    /// Marks two volunteers as possible competitors, with the evidence.
    pub fn mark_competitors(&mut self, i: usize, j: usize, evidence: impl Into<String>) {
        if i < self.n && j < self.n && i != j {
            self.competition.insert(pair(i, j), evidence.into());
        }
    }

    /// Marks two volunteers as having reviewed each other lately (`when` in words).
    pub fn mark_reviewed(&mut self, i: usize, j: usize, when: impl Into<String>) {
        if i < self.n && j < self.n && i != j {
            self.reviewed.insert(pair(i, j), when.into());
        }
    }

    /// How alike two volunteers are.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        self.similarity.get(i * self.n + j).copied().unwrap_or(0.0)
    }

    /// The distance between two volunteers' nearest schools, if known.
    pub fn km(&self, i: usize, j: usize) -> Option<f64> {
        self.km.get(i * self.n + j).copied().flatten()
    }

    /// Every reason the two may not share a group under `rules`, first the most serious.
    pub fn conflicts(&self, i: usize, j: usize, rules: &RoundRules) -> Vec<Conflict> {
        let mut found = Vec::new();
        if let Some(evidence) = self.competition.get(&pair(i, j)) {
            found.push(Conflict::Competitors {
                evidence: evidence.clone(),
            });
        }
        if let Some(when) = self.reviewed.get(&pair(i, j)) {
            found.push(Conflict::ReviewedRecently { when: when.clone() });
        }
        if let (Some(limit_km), Some(km)) = (rules.travel_km, self.km(i, j)) {
            if km > limit_km {
                found.push(Conflict::TooFar { km, limit_km });
            }
        }
        found
    }

    /// Whether the two may share a group under `rules`.
    pub fn compatible(&self, i: usize, j: usize, rules: &RoundRules) -> bool {
        !self.competition.contains_key(&pair(i, j))
            && !self.reviewed.contains_key(&pair(i, j))
            && match (rules.travel_km, self.km(i, j)) {
                (Some(limit), Some(km)) => km <= limit,
                _ => true,
            }
    }
}

/// Everything the group former needs for one round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundInput {
    /// The volunteers, in a fixed order (positions are how groups name them).
    pub volunteers: Vec<Volunteer>,
    /// How each pair relates.
    pub relations: Relations,
}
