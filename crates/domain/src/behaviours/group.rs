//! A group's anonymised aggregate: the members of a professional learning community (PLC)
//! who choose to share their latest self-assessment see the group's levels together,
//! behaviour by behaviour, but only when at least three members share, so that no one
//! member's levels can be read from it.

use crate::behaviours::assessment::AssessmentDraft;
use crate::behaviours::feedback::{BehaviourFigures, MIN_RATERS};
use crate::behaviours::framework::Behaviour;
use serde::Serialize;

/// Longest group name.
pub const MAX_GROUP_NAME: usize = 120;

/// The group's levels together.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupAggregate {
    /// Whether enough members share for anything to be shown.
    pub shown: bool,
    /// How many share, only when shown.
    pub sharing: Option<usize>,
    /// Each behaviour's mean and range, only when shown.
    pub behaviours: Vec<BehaviourFigures>,
}

/// The aggregate of the sharing members' latest assessments.
pub fn aggregate(shared: &[&AssessmentDraft]) -> GroupAggregate {
    if shared.len() < MIN_RATERS {
        return GroupAggregate {
            shown: false,
            sharing: None,
            behaviours: Vec::new(),
        };
    }
    let behaviours = Behaviour::ALL
        .into_iter()
        .map(|b| {
            let levels: Vec<u8> = shared
                .iter()
                .filter_map(|a| a.level(b).map(|l| l.number()))
                .collect();
            let enough = levels.len() >= MIN_RATERS;
            BehaviourFigures {
                behaviour: b,
                rated: levels.len(),
                mean: enough.then(|| {
                    levels.iter().map(|&n| f64::from(n)).sum::<f64>() / levels.len() as f64
                }),
                range: enough.then(|| {
                    (
                        levels.iter().copied().min().unwrap_or_default(),
                        levels.iter().copied().max().unwrap_or_default(),
                    )
                }),
            }
        })
        .collect();
    GroupAggregate {
        shown: true,
        sharing: Some(shared.len()),
        behaviours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::behaviours::assessment::AssessmentForm;

    fn all(level: &str) -> AssessmentDraft {
        AssessmentDraft::check(&AssessmentForm {
            levels: Behaviour::ALL
                .iter()
                .map(|b| (b.key().to_string(), level.to_string()))
                .collect(),
            ..AssessmentForm::default()
        })
        .unwrap()
    }

    #[test]
    fn two_sharing_show_nothing_three_show_the_mean() {
        let (a, b, c) = (all("1"), all("2"), all("4"));
        let two = aggregate(&[&a, &b]);
        assert!(!two.shown && two.sharing.is_none() && two.behaviours.is_empty());
        let three = aggregate(&[&a, &b, &c]);
        assert_eq!(three.sharing, Some(3));
        let humility = three
            .behaviours
            .iter()
            .find(|f| f.behaviour == Behaviour::Humility)
            .unwrap();
        assert!((humility.mean.unwrap() - 7.0 / 3.0).abs() < 1e-12);
        assert_eq!(humility.range, Some((1, 4)));
    }
}
