//! 360 feedback on the eight behaviours: colleagues, partners and governors invited by
//! email each rate the person on each behaviour and may add a comment. The report shows
//! a group of raters only when at least three of them answered, and then only their mean
//! and spread per behaviour and their comments in an order that says nothing about who
//! wrote which. A group with fewer answers is never shown, not even its count of answers
//! beyond "fewer than three". The report is made only once the feedback has closed, so
//! watching it change as answers arrive cannot reveal one rater's answer.

use crate::behaviours::framework::{Behaviour, Level};
use crate::placements::FieldProblems;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fewest answers a group of raters needs before anything of theirs is shown.
pub const MIN_RATERS: usize = 3;

/// Longest comment.
pub const MAX_COMMENT: usize = 2_000;

/// Who a rater is to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum RaterGroup {
    /// Someone in the person's own organisation.
    Colleagues,
    /// Someone in a partner organisation.
    Partners,
    /// A trustee, governor or board member.
    Governors,
}

impl RaterGroup {
    /// Every group.
    pub const ALL: [RaterGroup; 3] = [
        RaterGroup::Colleagues,
        RaterGroup::Partners,
        RaterGroup::Governors,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            RaterGroup::Colleagues => "colleagues",
            RaterGroup::Partners => "partners",
            RaterGroup::Governors => "governors",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<RaterGroup> {
        RaterGroup::ALL.into_iter().find(|g| g.key() == key.trim())
    }

    /// Plain-English name.
    pub fn label(self) -> &'static str {
        match self {
            RaterGroup::Colleagues => "Colleagues in their organisation",
            RaterGroup::Partners => "Partners in other organisations",
            RaterGroup::Governors => "Trustees, governors and board members",
        }
    }
}

/// One rater's answer as typed: a level (1 to 4, or blank for "have not seen this") per
/// behaviour, by key, and a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingForm {
    /// Level per behaviour key, "1" to "4"; blank or missing for not seen.
    #[serde(default)]
    pub levels: BTreeMap<String, String>,
    /// Anything to add.
    #[serde(default)]
    pub comment: String,
}

/// One rater's answer, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// The levels given (a behaviour left out was not seen).
    pub levels: BTreeMap<Behaviour, Level>,
    /// The comment, possibly empty.
    pub comment: String,
}

impl Rating {
    /// Checks every field at once: known behaviours, levels 1 to 4, at least one given.
    pub fn check(form: &RatingForm) -> Result<Rating, FieldProblems> {
        let mut problems = FieldProblems::new();
        let mut levels = BTreeMap::new();
        for (key, value) in &form.levels {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match (
                Behaviour::from_key(key),
                value.parse::<u8>().ok().and_then(Level::from_number),
            ) {
                (Some(b), Some(l)) => {
                    levels.insert(b, l);
                }
                (None, _) => problems.push((
                    "levels",
                    format!(
                        "\"{}\" is not one of the eight behaviours",
                        key.chars().take(40).collect::<String>()
                    ),
                )),
                (Some(b), None) => problems.push((
                    "levels",
                    format!("Choose a level from 1 to 4 for \"{}\"", b.title()),
                )),
            }
        }
        if levels.is_empty() && problems.is_empty() {
            problems.push(("levels", "Rate at least one behaviour".into()));
        }
        let comment = form.comment.trim().replace("\r\n", "\n");
        if comment.chars().count() > MAX_COMMENT {
            problems.push((
                "comment",
                format!("The comment must be {MAX_COMMENT} characters or fewer"),
            ));
        }
        if problems.is_empty() {
            Ok(Rating { levels, comment })
        } else {
            Err(problems)
        }
    }
}

/// One behaviour's figures from one group of raters.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BehaviourFigures {
    /// Which behaviour.
    pub behaviour: Behaviour,
    /// How many of the group rated it.
    pub rated: usize,
    /// Their mean level, 1 to 4, when at least [`MIN_RATERS`] rated it.
    pub mean: Option<f64>,
    /// Their lowest and highest, when at least [`MIN_RATERS`] rated it.
    pub range: Option<(u8, u8)>,
}

/// One group of raters in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupReport {
    /// Which group; none for everyone together.
    pub group: Option<RaterGroup>,
    /// Whether enough answered for anything to be shown.
    pub shown: bool,
    /// How many answered, only when shown (otherwise fewer than three, never how many).
    pub answered: Option<usize>,
    /// Each behaviour's figures, only when shown.
    pub behaviours: Vec<BehaviourFigures>,
    /// Their comments, only when shown, in an order unrelated to who wrote them.
    pub comments: Vec<String>,
}

/// The report of a closed round of feedback: each group on its own, and everyone who
/// answered together (shown when at least three answered in all).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReport {
    /// Each group of raters.
    pub groups: Vec<GroupReport>,
    /// Every rater together.
    pub everyone: GroupReport,
}

fn group_report(group: Option<RaterGroup>, ratings: &[&Rating]) -> GroupReport {
    if ratings.len() < MIN_RATERS {
        return GroupReport {
            group,
            shown: false,
            answered: None,
            behaviours: Vec::new(),
            comments: Vec::new(),
        };
    }
    let behaviours = Behaviour::ALL
        .into_iter()
        .map(|b| {
            let given: Vec<u8> = ratings
                .iter()
                .filter_map(|r| r.levels.get(&b).map(|l| l.number()))
                .collect();
            let enough = given.len() >= MIN_RATERS;
            BehaviourFigures {
                behaviour: b,
                rated: given.len(),
                mean: enough
                    .then(|| given.iter().map(|&n| f64::from(n)).sum::<f64>() / given.len() as f64),
                range: enough.then(|| {
                    (
                        given.iter().copied().min().unwrap_or_default(),
                        given.iter().copied().max().unwrap_or_default(),
                    )
                }),
            }
        })
        .collect();
    let mut comments: Vec<String> = ratings
        .iter()
        .map(|r| r.comment.clone())
        .filter(|c| !c.is_empty())
        .collect();
    comments.sort();
    GroupReport {
        group,
        shown: true,
        answered: Some(ratings.len()),
        behaviours,
        comments,
    }
}

/// The report from every answer and its rater's group.
pub fn report(answers: &[(RaterGroup, Rating)]) -> FeedbackReport {
    let groups = RaterGroup::ALL
        .into_iter()
        .map(|g| {
            let of_group: Vec<&Rating> = answers
                .iter()
                .filter(|(rg, _)| *rg == g)
                .map(|(_, r)| r)
                .collect();
            group_report(Some(g), &of_group)
        })
        .collect();
    let all: Vec<&Rating> = answers.iter().map(|(_, r)| r).collect();
    let mut everyone = group_report(None, &all);
    // Everyone together carries no comments: they are shown with their own group or not
    // at all, so a comment from a group too small to show cannot surface here.
    everyone.comments.clear();
    FeedbackReport { groups, everyone }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(levels: &[(Behaviour, u8)], comment: &str) -> Rating {
        Rating {
            levels: levels
                .iter()
                .map(|(b, n)| (*b, Level::from_number(*n).unwrap()))
                .collect(),
            comment: comment.into(),
        }
    }

    #[test]
    fn a_group_of_two_is_never_shown_not_even_its_count() {
        let answers = vec![
            (
                RaterGroup::Partners,
                rating(&[(Behaviour::Humility, 4)], "Generous"),
            ),
            (
                RaterGroup::Partners,
                rating(&[(Behaviour::Humility, 2)], "Guarded"),
            ),
        ];
        let r = report(&answers);
        let partners = &r.groups[1];
        assert_eq!(partners.group, Some(RaterGroup::Partners));
        assert!(!partners.shown);
        assert_eq!(partners.answered, None);
        assert!(partners.behaviours.is_empty() && partners.comments.is_empty());
        assert!(!r.everyone.shown);
    }

    #[test]
    fn three_are_shown_as_a_mean_and_range_with_their_comments_in_no_telling_order() {
        let answers = vec![
            (
                RaterGroup::Colleagues,
                rating(
                    &[(Behaviour::Humility, 4), (Behaviour::Bravery, 2)],
                    "Zealous",
                ),
            ),
            (
                RaterGroup::Colleagues,
                rating(&[(Behaviour::Humility, 3), (Behaviour::Bravery, 3)], ""),
            ),
            (
                RaterGroup::Colleagues,
                rating(&[(Behaviour::Humility, 2)], "Attentive"),
            ),
        ];
        let r = report(&answers);
        let colleagues = &r.groups[0];
        assert!(colleagues.shown);
        assert_eq!(colleagues.answered, Some(3));
        let humility = colleagues
            .behaviours
            .iter()
            .find(|b| b.behaviour == Behaviour::Humility)
            .unwrap();
        assert_eq!(humility.mean, Some(3.0));
        assert_eq!(humility.range, Some((2, 4)));
        let bravery = colleagues
            .behaviours
            .iter()
            .find(|b| b.behaviour == Behaviour::Bravery)
            .unwrap();
        assert_eq!(bravery.rated, 2);
        assert_eq!(bravery.mean, None, "only two rated it: not shown");
        assert_eq!(
            colleagues.comments,
            ["Attentive", "Zealous"],
            "sorted, not in the order given"
        );
    }

    #[test]
    fn everyone_together_never_carries_a_small_group_s_comment() {
        let answers = vec![
            (
                RaterGroup::Colleagues,
                rating(&[(Behaviour::Momentum, 3)], ""),
            ),
            (
                RaterGroup::Colleagues,
                rating(&[(Behaviour::Momentum, 3)], ""),
            ),
            (
                RaterGroup::Governors,
                rating(&[(Behaviour::Momentum, 1)], "SECRET governor view"),
            ),
        ];
        let r = report(&answers);
        assert!(r.everyone.shown);
        assert!(r.everyone.comments.is_empty());
        assert!(r.groups.iter().all(|g| !g.shown));
        let momentum = r
            .everyone
            .behaviours
            .iter()
            .find(|b| b.behaviour == Behaviour::Momentum)
            .unwrap();
        assert!((momentum.mean.unwrap() - 7.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_rating_is_checked_whole() {
        let mut form = RatingForm::default();
        assert_eq!(
            Rating::check(&form).unwrap_err()[0].1,
            "Rate at least one behaviour"
        );
        form.levels.insert("humility".into(), "5".into());
        form.levels.insert("charisma".into(), "3".into());
        let problems = Rating::check(&form).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        form.levels.clear();
        form.levels.insert("humility".into(), "3".into());
        form.levels.insert("bravery".into(), " ".into());
        let ok = Rating::check(&form).unwrap();
        assert_eq!(ok.levels.len(), 1, "a blank is 'not seen'");
    }
}
