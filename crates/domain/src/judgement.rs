//! Ofsted judgements.
//!
//! Grades run 1 (Outstanding) to 4 (Inadequate). Since September 2024 graded inspections no
//! longer give an overall effectiveness grade, and the files write "Not judged" or the code 9
//! for "not applicable"; both mean "no judgement", never a grade.

use serde::{Deserialize, Serialize};

/// One Ofsted grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// Grade 1.
    Outstanding,
    /// Grade 2.
    Good,
    /// Grade 3.
    RequiresImprovement,
    /// Grade 4.
    Inadequate,
}

impl Judgement {
    /// Every judgement, best first (for filters and legends).
    pub const ALL: [Judgement; 4] = [
        Judgement::Outstanding,
        Judgement::Good,
        Judgement::RequiresImprovement,
        Judgement::Inadequate,
    ];

    /// The judgement for a numeric grade 1-4.
    pub fn from_grade(grade: i64) -> Option<Judgement> {
        match grade {
            1 => Some(Judgement::Outstanding),
            2 => Some(Judgement::Good),
            3 => Some(Judgement::RequiresImprovement),
            4 => Some(Judgement::Inadequate),
            _ => None,
        }
    }

    /// Reads a grade cell: `2`, `2.0`, or a label; `9`, `Not judged` and blanks are `None`.
    pub fn parse(text: &str) -> Option<Judgement> {
        let text = text.trim();
        if let Some(grade) = crate::ids::parse_whole_number(text) {
            return Judgement::from_grade(grade);
        }
        Judgement::ALL
            .into_iter()
            .find(|j| j.label().eq_ignore_ascii_case(text))
    }

    /// The numeric grade, as Ofsted publishes it.
    pub fn grade(self) -> i64 {
        match self {
            Judgement::Outstanding => 1,
            Judgement::Good => 2,
            Judgement::RequiresImprovement => 3,
            Judgement::Inadequate => 4,
        }
    }

    /// The words Ofsted uses.
    pub fn label(self) -> &'static str {
        match self {
            Judgement::Outstanding => "Outstanding",
            Judgement::Good => "Good",
            Judgement::RequiresImprovement => "Requires improvement",
            Judgement::Inadequate => "Inadequate",
        }
    }

    /// A stable lower-case key for URLs and JSON (`requires_improvement`).
    pub fn key(self) -> &'static str {
        match self {
            Judgement::Outstanding => "outstanding",
            Judgement::Good => "good",
            Judgement::RequiresImprovement => "requires_improvement",
            Judgement::Inadequate => "inadequate",
        }
    }

    /// Reads a key produced by [`Judgement::key`].
    pub fn from_key(key: &str) -> Option<Judgement> {
        Judgement::ALL.into_iter().find(|j| j.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_grades_as_published() {
        assert_eq!(Judgement::parse("2"), Some(Judgement::Good));
        assert_eq!(Judgement::parse("4.0"), Some(Judgement::Inadequate));
        assert_eq!(
            Judgement::parse("Requires improvement"),
            Some(Judgement::RequiresImprovement)
        );
    }

    #[test]
    fn not_judged_is_not_a_grade() {
        assert_eq!(Judgement::parse("9"), None);
        assert_eq!(Judgement::parse("9.0"), None);
        assert_eq!(Judgement::parse("Not judged"), None);
        assert_eq!(Judgement::parse(""), None);
    }

    #[test]
    fn keys_round_trip() {
        for j in Judgement::ALL {
            assert_eq!(Judgement::from_key(j.key()), Some(j));
            assert_eq!(Judgement::from_grade(j.grade()), Some(j));
        }
    }
}
