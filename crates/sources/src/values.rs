//! What one cell means, by the conventions the published files follow.
//!
//! Each reader takes a cell's trimmed, non-blank text and gives its value, `None` where the
//! file says "no value" in its own way (suppression markers, `9` for "not applicable", the
//! GIAS `01/01/1900` placeholder date), or the reason, in plain English, that the text is
//! not a value of that kind. Blank cells never reach these readers.

use convene_domain::ids::parse_whole_number;
use convene_domain::organisation::Status;
use convene_domain::{Date, GroupUid, Judgement, Urn};

/// A cell's reading: its value, `None` for a deliberate "no value", or why it is unreadable.
pub(crate) type Reading<T> = Result<Option<T>, String>;

/// Markers DfE and GIAS write instead of a number that is suppressed, not applicable or not
/// available.
const SUPPRESSION_MARKERS: [&str; 10] =
    ["supp", "x", "z", "c", "..", ":", "ne", "na", "n/a", "low"];

/// Codes the DfE performance tables write instead of a result, beyond the general markers:
/// `NP` not published, `LOWCOV` low coverage (too few pupils with results), `NEW` a school too
/// new to have results.
const PERFORMANCE_TABLE_CODES: [&str; 3] = ["np", "lowcov", "new"];

/// Text the files write where they mean "no value".
const PLACEHOLDERS: [&str; 5] = [
    "not recorded",
    "not reported",
    "unknown",
    "not applicable",
    "not-applicable",
];

/// GIAS writes `01/01/1900` where a date is unknown; no school or trust event predates 1901.
const FIRST_REAL_YEAR: u16 = 1901;

fn is_suppressed(text: &str) -> bool {
    SUPPRESSION_MARKERS
        .iter()
        .any(|marker| text.eq_ignore_ascii_case(marker))
}

/// Whether text is one of the files' ways of saying "no value".
pub(crate) fn is_placeholder(text: &str) -> bool {
    PLACEHOLDERS
        .iter()
        .any(|placeholder| text.eq_ignore_ascii_case(placeholder))
}

/// A count or code, which spreadsheets may have written as `100000.0`.
pub(crate) fn whole(text: &str) -> Reading<i64> {
    if is_suppressed(text) {
        return Ok(None);
    }
    parse_whole_number(text)
        .map(Some)
        .ok_or_else(|| format!("{text:?} is not a whole number"))
}

/// A percentage such as `18.1` (a trailing `%` is allowed).
pub(crate) fn percent(text: &str) -> Reading<f64> {
    if is_suppressed(text) {
        return Ok(None);
    }
    let number = text.strip_suffix('%').unwrap_or(text).trim();
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("{text:?} is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(Some(value))
    } else {
        Err(format!("{text:?} is not a percentage between 0 and 100"))
    }
}

/// A performance-table measure such as a progress score (`-1.4`) or Attainment 8 (`42.4`).
/// Scores may be negative; the tables' codes for an unpublished result (`NP`, `SUPP`, `NE`,
/// `LOWCOV`, `NEW`...) are `None`, so "not published" never reads as a score of zero.
pub(crate) fn score(text: &str) -> Reading<f64> {
    let code = PERFORMANCE_TABLE_CODES
        .iter()
        .any(|c| text.eq_ignore_ascii_case(c));
    if code || is_suppressed(text) {
        return Ok(None);
    }
    text.parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .map(Some)
        .ok_or_else(|| format!("{text:?} is not a number"))
}

/// Whether a performance-table row's `RECTYPE` marks a total rather than a school: the
/// official files follow their school rows (1 mainstream, 2 special, 3 independent special
/// and similar) with local authority (4) and national (5, 7) totals, which have no URN.
pub(crate) fn is_total_record_type(text: &str) -> bool {
    parse_whole_number(text).is_some_and(|code| code >= 4)
}

/// A date in any of the published forms; GIAS' placeholder dates before 1901 mean unknown.
pub(crate) fn date(text: &str) -> Reading<Date> {
    let date = Date::parse(text).ok_or_else(|| format!("{text:?} is not a date"))?;
    Ok((date.year() >= FIRST_REAL_YEAR).then_some(date))
}

/// An Ofsted grade 1-4 or its label; other codes (`9`, `8`, `0`) and "Not judged" mean no
/// judgement was made.
pub(crate) fn judgement(text: &str) -> Reading<Judgement> {
    if let Some(judgement) = Judgement::parse(text) {
        return Ok(Some(judgement));
    }
    let no_judgement = parse_whole_number(text).is_some()
        || text.eq_ignore_ascii_case("not judged")
        || is_placeholder(text)
        || is_suppressed(text);
    if no_judgement {
        Ok(None)
    } else {
        Err(format!("{text:?} is not an Ofsted judgement"))
    }
}

/// Ofsted's Yes/No answers, where `9` means the question did not apply.
pub(crate) fn yes_no(text: &str) -> Reading<bool> {
    if text.eq_ignore_ascii_case("yes") || text.eq_ignore_ascii_case("y") {
        Ok(Some(true))
    } else if text.eq_ignore_ascii_case("no") || text.eq_ignore_ascii_case("n") {
        Ok(Some(false))
    } else if parse_whole_number(text) == Some(9) || is_placeholder(text) || is_suppressed(text) {
        Ok(None)
    } else {
        Err(format!("{text:?} is not Yes or No"))
    }
}

/// An establishment's URN.
pub(crate) fn urn(text: &str) -> Result<Urn, String> {
    Urn::parse(text).ok_or_else(|| format!("{text:?} is not a URN"))
}

/// A group's UID.
pub(crate) fn group_uid(text: &str) -> Result<GroupUid, String> {
    GroupUid::parse(text).ok_or_else(|| format!("{text:?} is not a Group UID"))
}

/// A group UID in a column where it is optional.
pub(crate) fn optional_group_uid(text: &str) -> Reading<GroupUid> {
    group_uid(text).map(Some)
}

/// A GIAS status, by name (`Open, but proposed to close`) or code (`PROPOSED_TO_OPEN`).
pub(crate) fn status(text: &str) -> Result<Status, String> {
    let parsed = if text.contains('_') {
        Status::parse(&text.replace('_', " "))
    } else {
        Status::parse(text)
    };
    parsed.ok_or_else(|| format!("{text:?} is not a status (Open, Closed, Open, but proposed to close or Proposed to open)"))
}

/// A Companies House number as text with its leading zeros, restoring those a spreadsheet
/// dropped when it turned `07595434` into `7595434.0`.
pub(crate) fn companies_house_number(text: &str) -> String {
    let number = match text.split_once('.') {
        Some((integer, fraction)) if fraction.bytes().all(|b| b == b'0') => integer,
        _ => text,
    };
    let all_digits = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit());
    if all_digits && number.len() < 8 {
        format!("{number:0>8}")
    } else {
        number.to_string()
    }
}

/// The head of a group as one name ("Mrs Lynn Evans"), or `None` when neither name is
/// recorded.
pub(crate) fn person_name(
    title: Option<&str>,
    first: Option<&str>,
    last: Option<&str>,
) -> Option<String> {
    let (first, last) = (known(first), known(last));
    if first.is_none() && last.is_none() {
        return None;
    }
    let parts: Vec<&str> = [known(title), first, last].into_iter().flatten().collect();
    Some(parts.join(" "))
}

fn known(part: Option<&str>) -> Option<&str> {
    part.filter(|p| !is_placeholder(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_accept_spreadsheet_decimals_and_suppression() {
        assert_eq!(whole("249"), Ok(Some(249)));
        assert_eq!(whole("459.0"), Ok(Some(459)));
        for marker in ["SUPP", "x", "z", "c", "..", ":"] {
            assert_eq!(whole(marker), Ok(None), "{marker}");
        }
        assert_eq!(whole("12x"), Err("\"12x\" is not a whole number".into()));
        assert_eq!(whole("12.5"), Err("\"12.5\" is not a whole number".into()));
    }

    #[test]
    fn percentages_are_numbers_between_0_and_100() {
        assert_eq!(percent("18.1"), Ok(Some(18.1)));
        assert_eq!(percent("18.1%"), Ok(Some(18.1)));
        assert_eq!(percent("0"), Ok(Some(0.0)));
        assert_eq!(percent("z"), Ok(None));
        assert_eq!(percent("SUPP"), Ok(None));
        assert_eq!(percent("abc"), Err("\"abc\" is not a number".into()));
        assert_eq!(percent("NaN"), Err("\"NaN\" is not a number".into()));
        assert_eq!(
            percent("180"),
            Err("\"180\" is not a percentage between 0 and 100".into())
        );
    }

    #[test]
    fn scores_may_be_negative_and_performance_table_codes_are_none() {
        assert_eq!(score("2.6"), Ok(Some(2.6)));
        assert_eq!(score("-4.2"), Ok(Some(-4.2)));
        assert_eq!(score("0"), Ok(Some(0.0)));
        for code in ["NP", "SUPP", "NE", "LOWCOV", "NEW", "np", "x", "NA"] {
            assert_eq!(score(code), Ok(None), "{code}");
        }
        assert_eq!(score("2.6.1"), Err("\"2.6.1\" is not a number".into()));
        assert_eq!(score("inf"), Err("\"inf\" is not a number".into()));
    }

    #[test]
    fn dates_reject_impossible_days_and_drop_placeholders() {
        assert_eq!(date("12/06/2024"), Ok(Date::new(2024, 6, 12)));
        assert_eq!(date("2024-06-12"), Ok(Date::new(2024, 6, 12)));
        assert_eq!(date("01/01/1900"), Ok(None));
        assert_eq!(date("1900-01-01"), Ok(None));
        assert_eq!(
            date("31/02/2024"),
            Err("\"31/02/2024\" is not a date".into())
        );
    }

    #[test]
    fn judgements_read_grades_and_treat_other_codes_as_not_judged() {
        assert_eq!(judgement("1"), Ok(Some(Judgement::Outstanding)));
        assert_eq!(judgement("3.0"), Ok(Some(Judgement::RequiresImprovement)));
        assert_eq!(judgement("Good"), Ok(Some(Judgement::Good)));
        for none in ["9", "9.0", "8.0", "0.0", "Not judged", "NOT JUDGED"] {
            assert_eq!(judgement(none), Ok(None), "{none}");
        }
        assert_eq!(
            judgement("Great"),
            Err("\"Great\" is not an Ofsted judgement".into())
        );
    }

    #[test]
    fn safeguarding_answers() {
        assert_eq!(yes_no("Yes"), Ok(Some(true)));
        assert_eq!(yes_no("No"), Ok(Some(false)));
        assert_eq!(yes_no("9"), Ok(None));
        assert_eq!(yes_no("Maybe"), Err("\"Maybe\" is not Yes or No".into()));
    }

    #[test]
    fn identifiers() {
        assert_eq!(urn("100000.0"), Ok(Urn(100000)));
        assert_eq!(urn("abc"), Err("\"abc\" is not a URN".into()));
        assert_eq!(group_uid("17101"), Ok(GroupUid(17101)));
        assert_eq!(
            group_uid("TR01904"),
            Err("\"TR01904\" is not a Group UID".into())
        );
    }

    #[test]
    fn statuses_by_name_and_code() {
        assert_eq!(status("Open"), Ok(Status::Open));
        assert_eq!(status("CLOSED"), Ok(Status::Closed));
        assert_eq!(status("PROPOSED_TO_OPEN"), Ok(Status::ProposedToOpen));
        assert!(status("Shut").is_err());
    }

    #[test]
    fn companies_house_numbers_keep_their_leading_zeros() {
        assert_eq!(companies_house_number("07595434"), "07595434");
        assert_eq!(companies_house_number("7595434.0"), "07595434");
        assert_eq!(companies_house_number("10012345.0"), "10012345");
        assert_eq!(companies_house_number("SC123456"), "SC123456");
    }

    #[test]
    fn heads_of_groups_skip_unrecorded_parts() {
        assert_eq!(
            person_name(Some("Mrs"), Some("Lynn"), Some("Evans")),
            Some("Mrs Lynn Evans".into())
        );
        assert_eq!(
            person_name(Some("Not recorded"), Some("Marcus"), Some("Capel")),
            Some("Marcus Capel".into())
        );
        assert_eq!(person_name(Some("Not recorded"), None, None), None);
        assert_eq!(person_name(Some("Mr"), None, None), None);
    }
}
