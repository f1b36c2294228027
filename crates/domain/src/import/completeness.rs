//! When an import may close what its file does not list.
//!
//! A full GIAS extract is the register: a school it no longer lists has closed. But GIAS also
//! offers filtered downloads (one local authority, one phase, academies only) in exactly the
//! same layout, and treating one of those as the register would close every other school.
//! So records missing from a file are closed (schools, groups) or ended (memberships) only
//! when the file is *complete*, which the person importing may say (`--complete`,
//! `--partial`) and which is otherwise judged from the file itself:
//!
//! - it lists at least [`COMPLETE_PERCENT`]% of the open (or current) records stored, and
//! - it is not obviously filtered: it has rows for every area the store has open records in
//!   (local authorities for schools, group types for groups and memberships).
//!
//! The first test catches small extracts; the second catches large ones with one area cut out
//! ("everything but Camden"), which the first would let through. A real monthly refresh
//! closes about a hundred of some 22,000 schools, far inside both.
//!
//! Closing many records at once is then confirmed by a person (or `--yes` in a script) when it
//! is more than [`CONFIRM_ABOVE`] records or more than [`CONFIRM_ABOVE_PERCENT`]% of those
//! stored: see [`needs_confirmation`].

use super::ImportKind;
use serde::{Deserialize, Serialize};

/// A file is judged complete when it lists at least this share (in %) of the open records
/// stored: a filtered download rarely holds more, a real refresh never holds less.
pub const COMPLETE_PERCENT: u64 = 90;

/// Closing more than this many records in one import asks a person first.
pub const CONFIRM_ABOVE: u64 = 50;

/// Closing more than this share (in %) of the records stored asks a person first, so a small
/// database is protected as well as a national one.
pub const CONFIRM_ABOVE_PERCENT: u64 = 1;

/// Whether the file is the whole register of its kind: judged from the file unless the person
/// importing says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Completeness {
    /// Judge from the file, by the rule in this module (the default).
    #[default]
    Judge,
    /// The person says the file is complete (`--complete`): close what it lacks.
    Complete,
    /// The person says the file is partial (`--partial`): close nothing.
    Partial,
}

/// How much of what is stored a file holds, counted by the store before it closes anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Open schools or groups, current memberships, or links, stored before the import.
    pub stored: u64,
    /// Of those, how many the file lists.
    pub held: u64,
    /// How many areas (local authorities, group types) have open records stored.
    pub stored_areas: u64,
    /// Those areas the file has no row for, named for the report, in a stable order.
    pub missing_areas: Vec<String>,
}

impl Coverage {
    /// Stored records the file does not list: what a complete file closes.
    pub fn missing(&self) -> u64 {
        self.stored.saturating_sub(self.held)
    }
}

/// What an import does about the records its file lacks, and why, in words for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingDecision {
    /// The kind of file.
    pub kind: ImportKind,
    /// Whether the file is treated as the whole register.
    pub complete: bool,
    /// Records closed or ended: the missing ones when complete, otherwise none.
    pub closing: u64,
    /// The counts the decision rests on.
    pub coverage: Coverage,
    /// Why, in a sentence ("this file holds 603 of 21,990 open schools, so ...").
    pub reason: String,
    /// What to do if the judgement is wrong ("Pass --complete if ..."), when it may be.
    pub advice: Option<String>,
    /// Whether a person must confirm closing this many (see [`needs_confirmation`]).
    pub needs_confirmation: bool,
}

impl ClosingDecision {
    /// The sentence an import prints about closing: the reason and what follows from it, in
    /// the future tense for a dry run or an import waiting for confirmation.
    pub fn describe(&self, tentative: bool) -> String {
        let words = Words::of(self.kind);
        let n = self.closing;
        let outcome = if n == 0 {
            String::new()
        } else {
            let verb = match (tentative, n == 1) {
                (true, _) => format!("would be {}", words.verb),
                (false, true) => format!("is {}", words.verb),
                (false, false) => format!("are {}", words.verb),
            };
            let noun = words.noun(n);
            format!(": the {} {noun} it does not list {verb}", thousands(n))
        };
        match &self.advice {
            Some(advice) => format!("{}{outcome}. {advice}", self.reason),
            None => format!("{}{outcome}.", self.reason),
        }
    }
}

/// Whether closing `closing` records out of `stored` needs a person's yes: more than
/// [`CONFIRM_ABOVE`] records, or more than [`CONFIRM_ABOVE_PERCENT`]% of those stored.
pub fn needs_confirmation(closing: u64, stored: u64) -> bool {
    closing > CONFIRM_ABOVE
        || closing.saturating_mul(100) > stored.saturating_mul(CONFIRM_ABOVE_PERCENT)
}

/// Decides whether a file of `kind` is complete and what it closes, from what it covers and
/// what the person importing said. Establishment links record history (a predecessor stays a
/// predecessor), so a file of them is judged but never ends a link.
pub fn judge_completeness(
    kind: ImportKind,
    coverage: Coverage,
    told: Completeness,
) -> ClosingDecision {
    let words = Words::of(kind);
    let stored = coverage.stored;
    let held = coverage.held;
    let missing = coverage.missing();
    let share = format!(
        "this file holds {} of {} {}",
        thousands(held),
        thousands(stored),
        words.noun(stored)
    );
    let enough = held.saturating_mul(100) >= stored.saturating_mul(COMPLETE_PERCENT);
    let areas_missing = coverage.missing_areas.len() as u64;
    let (complete, reason) = if !kind.is_full_extract() {
        let complete = enough && areas_missing == 0;
        (
            complete,
            format!(
                "{share}; links record history and are never ended, so the {} it does not list {} kept",
                thousands(missing),
                if missing == 1 { "is" } else { "are" }
            ),
        )
    } else if stored == 0 {
        (
            true,
            format!(
                "no {} are stored yet, so nothing is {}",
                words.plural, words.verb
            ),
        )
    } else if missing == 0 {
        (
            true,
            format!(
                "this file lists all {} {} stored, so nothing is {}",
                thousands(stored),
                words.noun(stored),
                words.verb
            ),
        )
    } else {
        match told {
            Completeness::Complete => (
                true,
                format!("{share} and you said it is complete (--complete)"),
            ),
            Completeness::Partial => (
                false,
                format!(
                    "{share} and you said it is partial (--partial), so nothing is {}",
                    words.verb
                ),
            ),
            Completeness::Judge if !enough => (
                false,
                format!(
                    "{share}, so it is treated as partial: nothing is {}",
                    words.verb
                ),
            ),
            Completeness::Judge if areas_missing > 0 => (
                false,
                format!(
                    "{share} but has no rows for {} of the {} {} ({}), so it is treated as partial: nothing is {}",
                    thousands(areas_missing),
                    thousands(coverage.stored_areas),
                    words.areas,
                    named(&coverage.missing_areas),
                    words.verb
                ),
            ),
            Completeness::Judge => (
                true,
                format!(
                    "{share} and has rows for every one of the {} {}, so it is treated as complete",
                    thousands(coverage.stored_areas),
                    words.areas
                ),
            ),
        }
    };
    let closing = if complete && kind.is_full_extract() {
        missing
    } else {
        0
    };
    let advice = (!complete && told == Completeness::Judge && kind.is_full_extract()).then(|| {
        let whole = match kind {
            ImportKind::GiasEstablishments => "the whole register",
            _ => "the whole file",
        };
        format!("Pass --complete if it really is {whole}.")
    });
    ClosingDecision {
        advice,
        kind,
        complete,
        closing,
        needs_confirmation: needs_confirmation(closing, stored),
        coverage,
        reason,
    }
}

/// The words a report uses for one kind of file.
struct Words {
    singular: &'static str,
    plural: &'static str,
    verb: &'static str,
    areas: &'static str,
}

impl Words {
    fn of(kind: ImportKind) -> Words {
        match kind {
            ImportKind::GiasGroups => Words {
                singular: "open group",
                plural: "open groups",
                verb: "closed",
                areas: "group types with open groups",
            },
            ImportKind::GiasGroupLinks => Words {
                singular: "current membership",
                plural: "current memberships",
                verb: "ended",
                areas: "group types with current memberships",
            },
            ImportKind::GiasEstablishmentLinks => Words {
                singular: "stored link",
                plural: "stored links",
                verb: "ended",
                areas: "areas",
            },
            _ => Words {
                singular: "open school",
                plural: "open schools",
                verb: "closed",
                areas: "local authorities with open schools",
            },
        }
    }

    fn noun(&self, n: u64) -> &'static str {
        if n == 1 {
            self.singular
        } else {
            self.plural
        }
    }
}

/// Up to three names, then how many more.
fn named(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = names.len().saturating_sub(shown.len());
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

/// A whole number with thousands separators: `21990` becomes `21,990`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(stored: u64, held: u64, missing_areas: &[&str]) -> Coverage {
        Coverage {
            stored,
            held,
            stored_areas: 153,
            missing_areas: missing_areas.iter().map(|a| a.to_string()).collect(),
        }
    }

    #[test]
    fn a_filtered_download_is_partial_and_closes_nothing() {
        let decision = judge_completeness(
            ImportKind::GiasEstablishments,
            coverage(21990, 603, &[]),
            Completeness::Judge,
        );
        assert!(!decision.complete);
        assert_eq!(decision.closing, 0);
        assert_eq!(
            decision.describe(false),
            "this file holds 603 of 21,990 open schools, so it is treated as partial: nothing is closed. Pass --complete if it really is the whole register."
        );
        assert!(!decision.needs_confirmation);
    }

    #[test]
    fn the_whole_register_closes_what_it_lacks() {
        let decision = judge_completeness(
            ImportKind::GiasEstablishments,
            coverage(21990, 21950, &[]),
            Completeness::Judge,
        );
        assert!(decision.complete);
        assert_eq!(decision.closing, 40);
        assert_eq!(
            decision.describe(false),
            "this file holds 21,950 of 21,990 open schools and has rows for every one of the 153 local authorities with open schools, so it is treated as complete: the 40 open schools it does not list are closed."
        );
        assert!(decision.describe(true).ends_with("would be closed."));
        assert!(!decision.needs_confirmation, "40 of 21,990 is routine");
    }

    #[test]
    fn the_threshold_is_ninety_percent_of_open_records() {
        let judge = |held| {
            judge_completeness(
                ImportKind::GiasEstablishments,
                coverage(1000, held, &[]),
                Completeness::Judge,
            )
            .complete
        };
        assert!(judge(900));
        assert!(!judge(899));
    }

    #[test]
    fn a_large_file_with_an_area_cut_out_is_partial() {
        let decision = judge_completeness(
            ImportKind::GiasEstablishments,
            coverage(
                21990,
                21400,
                &[
                    "Barnet (302)",
                    "Camden (202)",
                    "Ealing (307)",
                    "Enfield (308)",
                ],
            ),
            Completeness::Judge,
        );
        assert!(!decision.complete);
        assert_eq!(decision.closing, 0);
        assert_eq!(
            decision.reason,
            "this file holds 21,400 of 21,990 open schools but has no rows for 4 of the 153 local authorities with open schools (Barnet (302), Camden (202), Ealing (307) and 1 more), so it is treated as partial: nothing is closed"
        );
    }

    #[test]
    fn the_person_importing_can_overrule_the_judgement() {
        let forced = judge_completeness(
            ImportKind::GiasEstablishments,
            coverage(2, 1, &[]),
            Completeness::Complete,
        );
        assert_eq!((forced.complete, forced.closing), (true, 1));
        assert!(forced.reason.contains("--complete"), "{}", forced.reason);
        assert!(forced.needs_confirmation, "half of what is stored");

        let held_back = judge_completeness(
            ImportKind::GiasEstablishments,
            coverage(21990, 21950, &[]),
            Completeness::Partial,
        );
        assert_eq!((held_back.complete, held_back.closing), (false, 0));
        assert!(
            held_back.reason.contains("--partial"),
            "{}",
            held_back.reason
        );
    }

    #[test]
    fn nothing_stored_or_nothing_missing_closes_nothing_whatever_was_said() {
        for told in [
            Completeness::Judge,
            Completeness::Complete,
            Completeness::Partial,
        ] {
            let empty = judge_completeness(ImportKind::GiasGroups, coverage(0, 0, &[]), told);
            assert_eq!(empty.closing, 0);
            assert_eq!(
                empty.describe(false),
                "no open groups are stored yet, so nothing is closed."
            );
            let all = judge_completeness(ImportKind::GiasGroupLinks, coverage(1, 1, &[]), told);
            assert_eq!(all.closing, 0);
            assert_eq!(
                all.describe(false),
                "this file lists all 1 current membership stored, so nothing is ended."
            );
        }
    }

    #[test]
    fn memberships_are_ended_and_groups_closed_in_the_same_way() {
        let links = judge_completeness(
            ImportKind::GiasGroupLinks,
            coverage(12000, 300, &[]),
            Completeness::Judge,
        );
        assert_eq!(
            links.describe(true),
            "this file holds 300 of 12,000 current memberships, so it is treated as partial: nothing is ended. Pass --complete if it really is the whole file."
        );
        let groups = judge_completeness(
            ImportKind::GiasGroups,
            Coverage {
                stored_areas: 4,
                ..coverage(7000, 6990, &["Federation"])
            },
            Completeness::Judge,
        );
        assert!(!groups.complete);
        assert!(
            groups
                .reason
                .contains("no rows for 1 of the 4 group types with open groups (Federation)"),
            "{}",
            groups.reason
        );
        let one = judge_completeness(
            ImportKind::GiasGroupLinks,
            coverage(1, 0, &[]),
            Completeness::Complete,
        );
        assert_eq!(
            one.describe(false),
            "this file holds 0 of 1 current membership and you said it is complete (--complete): the 1 current membership it does not list is ended."
        );
    }

    #[test]
    fn establishment_links_are_history_and_never_end() {
        for told in [Completeness::Judge, Completeness::Complete] {
            let decision = judge_completeness(
                ImportKind::GiasEstablishmentLinks,
                coverage(45000, 120, &[]),
                told,
            );
            assert_eq!(decision.closing, 0);
            assert_eq!(
                decision.describe(false),
                "this file holds 120 of 45,000 stored links; links record history and are never ended, so the 44,880 it does not list are kept."
            );
        }
    }

    #[test]
    fn closing_more_than_fifty_or_one_percent_needs_a_yes() {
        assert!(!needs_confirmation(0, 0));
        assert!(!needs_confirmation(50, 21990));
        assert!(needs_confirmation(51, 21990));
        assert!(!needs_confirmation(10, 1000));
        assert!(needs_confirmation(11, 1000));
        assert!(needs_confirmation(1, 2));
        assert!(!needs_confirmation(0, 2));
    }

    #[test]
    fn counts_read_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(603), "603");
        assert_eq!(thousands(21990), "21,990");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
