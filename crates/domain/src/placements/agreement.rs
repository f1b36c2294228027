//! The agreement two organisations record when one lends a leader to the other: who, in
//! what role, for how long and how many days a week, on what recharge terms, and who
//! approved it on each board. It moves through its states only forwards, and only when the
//! facts allow: proposed, agreed (once both boards have approved), active (once its start
//! date has come), ended, and reviewed (how it went, rated by each side).

use super::fields;
use super::register::{DaysPerWeek, LeaderRole, RequestKind, MAX_NAME};
use super::FieldProblems;
use crate::party::OrgRef;
use crate::Date;
use serde::{Deserialize, Serialize};

/// A placement agreement's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct PlacementId(pub i64);

/// Longest recharge terms accepted.
pub const MAX_TERMS: usize = 2_000;
/// Longest end-of-placement outcome accepted.
pub const MAX_OUTCOME: usize = 5_000;
/// Highest daily rate accepted, in pounds: far above any real rate, so a slip of the
/// keyboard is caught.
pub const MAX_DAILY_RATE_POUNDS: u64 = 100_000;

/// What kind of placement it is, as the collaboration record counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlacementKind {
    /// A leader loaned to cover a role.
    Loan,
    /// A leader leading another trust in the interim.
    InterimLeadership,
}

impl PlacementKind {
    /// Every kind.
    pub const ALL: [PlacementKind; 2] = [PlacementKind::Loan, PlacementKind::InterimLeadership];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            PlacementKind::Loan => "loan",
            PlacementKind::InterimLeadership => "interim_leadership",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<PlacementKind> {
        PlacementKind::ALL
            .into_iter()
            .find(|k| k.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            PlacementKind::Loan => "Loan",
            PlacementKind::InterimLeadership => "Interim leadership",
        }
    }

    /// The kind a request usually leads to, for the agreement form's first choice: a
    /// vacancy is covered by a loan, a crisis by interim leadership.
    pub fn for_request(kind: RequestKind) -> PlacementKind {
        match kind {
            RequestKind::Vacancy => PlacementKind::Loan,
            RequestKind::Crisis => PlacementKind::InterimLeadership,
        }
    }
}

/// One of the two organisations in an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The organisation lending the leader.
    Lending,
    /// The organisation receiving them.
    Receiving,
}

impl Side {
    /// Both sides.
    pub const ALL: [Side; 2] = [Side::Lending, Side::Receiving];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Side::Lending => "lending",
            Side::Receiving => "receiving",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Side::Lending => "The lending organisation",
            Side::Receiving => "The receiving organisation",
        }
    }
}

/// Where an agreement stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Written down, waiting for one or both boards.
    Proposed,
    /// Both boards have approved; waiting for the start date.
    Agreed,
    /// The leader is in post.
    Active,
    /// The placement is over.
    Ended,
    /// Both sides have said how it went.
    Reviewed,
}

impl AgreementStatus {
    /// Every state, in order.
    pub const ALL: [AgreementStatus; 5] = [
        AgreementStatus::Proposed,
        AgreementStatus::Agreed,
        AgreementStatus::Active,
        AgreementStatus::Ended,
        AgreementStatus::Reviewed,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "proposed",
            AgreementStatus::Agreed => "agreed",
            AgreementStatus::Active => "active",
            AgreementStatus::Ended => "ended",
            AgreementStatus::Reviewed => "reviewed",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<AgreementStatus> {
        AgreementStatus::ALL
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "Proposed",
            AgreementStatus::Agreed => "Agreed by both boards",
            AgreementStatus::Active => "Active",
            AgreementStatus::Ended => "Ended",
            AgreementStatus::Reviewed => "Reviewed",
        }
    }

    /// Whether the placement is over (ended or reviewed), so it can be counted and, if both
    /// sides agree, its existence shown.
    pub fn is_finished(self) -> bool {
        matches!(self, AgreementStatus::Ended | AgreementStatus::Reviewed)
    }
}

/// What the receiving organisation pays back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recharge {
    /// The terms in words ("Salary and on-costs at cost, invoiced termly").
    pub terms: String,
    /// A daily rate in pence, if one was agreed (kept in pence so sums are exact).
    pub daily_rate_pence: Option<u64>,
}

impl Recharge {
    /// "£450.00 a day", if a rate was agreed.
    pub fn describe_rate(&self) -> Option<String> {
        self.daily_rate_pence
            .map(|p| format!("£{}.{:02} a day", p / 100, p % 100))
    }
}

/// Reads a daily rate in pounds ("450", "£1,200.50"); empty is no rate.
fn daily_rate(problems: &mut FieldProblems, text: &str) -> Option<Option<u64>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    let amount: String = text
        .strip_prefix('£')
        .unwrap_or(text)
        .trim()
        .chars()
        .filter(|c| *c != ',')
        .collect();
    if amount.starts_with('-') {
        problems.push(("daily_rate", "The daily rate cannot be below zero".into()));
        return None;
    }
    let (pounds, pence) = amount.split_once('.').unwrap_or((&amount, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let well_formed = !pounds.is_empty()
        && digits(pounds)
        && digits(pence)
        && pence.chars().count() <= 2
        && (pence.chars().count() > 0 || !amount.contains('.'));
    if !well_formed {
        problems.push((
            "daily_rate",
            "The daily rate must be an amount in pounds, like 450 or 450.50".into(),
        ));
        return None;
    }
    let pounds: u64 = match pounds.parse() {
        Ok(p) if p <= MAX_DAILY_RATE_POUNDS => p,
        _ => {
            problems.push((
                "daily_rate",
                format!("The daily rate must be £{MAX_DAILY_RATE_POUNDS} or less"),
            ));
            return None;
        }
    };
    let pence: u64 = match pence.chars().count() {
        0 => 0,
        1 => pence.parse::<u64>().unwrap_or_default() * 10,
        _ => pence.parse().unwrap_or_default(),
    };
    let total = pounds * 100 + pence;
    if total > MAX_DAILY_RATE_POUNDS * 100 {
        problems.push((
            "daily_rate",
            format!("The daily rate must be £{MAX_DAILY_RATE_POUNDS} or less"),
        ));
        return None;
    }
    Some(Some(total))
}

/// What the two organisations typed to record an agreement (or sent as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgreementForm {
    /// The lending organisation (`trust-17101`).
    pub lending: String,
    /// The receiving organisation.
    pub receiving: String,
    /// `loan` or `interim_leadership`.
    pub kind: String,
    /// The leader's name.
    pub person_name: String,
    /// Role key.
    pub role: String,
    /// The title, for another role.
    pub role_other: String,
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// Days per week.
    pub days_per_week: String,
    /// Recharge terms in words.
    pub recharge_terms: String,
    /// Daily rate in pounds, optional.
    pub daily_rate: String,
}

/// An agreement's terms, checked and ready to propose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDraft {
    /// The lending organisation.
    pub lending: OrgRef,
    /// The receiving organisation.
    pub receiving: OrgRef,
    /// Loan or interim leadership.
    pub kind: PlacementKind,
    /// The leader's name.
    pub person: String,
    /// Their role in the receiving organisation.
    pub role: LeaderRole,
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Days per week.
    pub days_per_week: DaysPerWeek,
    /// Recharge.
    pub recharge: Recharge,
}

impl AgreementDraft {
    /// Checks an agreement's terms; every problem is returned at once, in form order.
    pub fn check(form: &AgreementForm) -> Result<AgreementDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let lending = fields::org(
            &mut problems,
            "lending",
            &form.lending,
            "Choose the organisation lending the leader",
        );
        let receiving = fields::org(
            &mut problems,
            "receiving",
            &form.receiving,
            "Choose the organisation receiving the leader",
        );
        if lending.is_some() && lending == receiving {
            problems.push((
                "receiving",
                "The receiving organisation must be different from the lending one".into(),
            ));
        }
        let kind = PlacementKind::from_key(&form.kind);
        if kind.is_none() {
            problems.push((
                "kind",
                "Choose whether this is a loan or interim leadership".into(),
            ));
        }
        let person = fields::line(
            &mut problems,
            "person_name",
            &form.person_name,
            "Enter the name of the leader being placed",
            "The name",
            MAX_NAME,
        );
        let role = fields::role(&mut problems, &form.role, &form.role_other);
        let (from, to) = fields::period(&mut problems, &form.from, &form.to);
        let days_per_week = fields::days_per_week(&mut problems, &form.days_per_week);
        let terms = fields::passage(
            &mut problems,
            "recharge_terms",
            &form.recharge_terms,
            "Enter the recharge terms, for example \"No charge\" or \"Salary and on-costs at cost\"",
            "The recharge terms",
            MAX_TERMS,
        );
        let rate = daily_rate(&mut problems, &form.daily_rate);
        match (
            lending,
            receiving,
            kind,
            role,
            from,
            to,
            days_per_week,
            rate,
        ) {
            (
                Some(lending),
                Some(receiving),
                Some(kind),
                Some(role),
                Some(from),
                Some(to),
                Some(days_per_week),
                Some(daily_rate_pence),
            ) if problems.is_empty() => Ok(AgreementDraft {
                lending,
                receiving,
                kind,
                person,
                role,
                from,
                to,
                days_per_week,
                recharge: Recharge {
                    terms,
                    daily_rate_pence,
                },
            }),
            _ => Err(problems),
        }
    }
}

/// Who approved the agreement on one board, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardApprovalForm {
    /// Who approved it (the chair, or the board as minuted).
    pub approved_by: String,
    /// When.
    pub approved_on: String,
}

/// One board's approval: a named person and a date, so the record shows it was governed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardApproval {
    /// Who approved it.
    pub approved_by: String,
    /// When.
    pub approved_on: Date,
}

impl BoardApproval {
    /// Checks an approval; the date may not be after `today`.
    pub fn check(form: &BoardApprovalForm, today: Date) -> Result<BoardApproval, FieldProblems> {
        let mut problems = FieldProblems::new();
        let approved_by = fields::line(
            &mut problems,
            "approved_by",
            &form.approved_by,
            "Enter who approved the agreement for the board",
            "The name",
            MAX_NAME,
        );
        let approved_on = fields::date(&mut problems, "approved_on", &form.approved_on, "approval");
        if approved_on.is_some_and(|d| d > today) {
            problems.push((
                "approved_on",
                "The approval date cannot be in the future".into(),
            ));
        }
        match approved_on {
            Some(approved_on) if problems.is_empty() => Ok(BoardApproval {
                approved_by,
                approved_on,
            }),
            _ => Err(problems),
        }
    }
}

/// The end-of-placement review as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndReviewForm {
    /// What the placement achieved, in words.
    pub outcome: String,
    /// The lending organisation's rating, 1 to 5.
    pub lending_rating: String,
    /// The receiving organisation's rating, 1 to 5.
    pub receiving_rating: String,
}

/// How a finished placement went, so others can learn from it and evidence can count it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndReview {
    /// What it achieved.
    pub outcome: String,
    /// The lending organisation's rating, 1 (poor) to 5 (excellent).
    pub lending_rating: u8,
    /// The receiving organisation's rating.
    pub receiving_rating: u8,
}

fn rating(problems: &mut FieldProblems, field: &'static str, text: &str, who: &str) -> Option<u8> {
    match text.trim().parse::<u8>() {
        Ok(r) if (1..=5).contains(&r) => Some(r),
        _ => {
            problems.push((field, format!("Choose {who}'s rating from 1 to 5")));
            None
        }
    }
}

impl EndReview {
    /// Checks a review; every problem is returned at once.
    pub fn check(form: &EndReviewForm) -> Result<EndReview, FieldProblems> {
        let mut problems = FieldProblems::new();
        let outcome = fields::passage(
            &mut problems,
            "outcome",
            &form.outcome,
            "Say what the placement achieved",
            "The outcome",
            MAX_OUTCOME,
        );
        let lending_rating = rating(
            &mut problems,
            "lending_rating",
            &form.lending_rating,
            "the lending organisation",
        );
        let receiving_rating = rating(
            &mut problems,
            "receiving_rating",
            &form.receiving_rating,
            "the receiving organisation",
        );
        match (lending_rating, receiving_rating) {
            (Some(lending_rating), Some(receiving_rating)) if problems.is_empty() => {
                Ok(EndReview {
                    outcome,
                    lending_rating,
                    receiving_rating,
                })
            }
            _ => Err(problems),
        }
    }
}

/// A recorded agreement and where it stands. Every change goes through a method that
/// returns the changed agreement or says in words why the change is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agreement {
    /// Number.
    pub id: PlacementId,
    /// The lending organisation.
    pub lending: OrgRef,
    /// The receiving organisation.
    pub receiving: OrgRef,
    /// Loan or interim leadership.
    pub kind: PlacementKind,
    /// The leader's name.
    pub person: String,
    /// Their role.
    pub role: LeaderRole,
    /// First day.
    pub from: Date,
    /// Last day agreed.
    pub to: Date,
    /// Days per week.
    pub days_per_week: DaysPerWeek,
    /// Recharge.
    pub recharge: Recharge,
    /// The lending board's approval.
    pub lending_approval: Option<BoardApproval>,
    /// The receiving board's approval.
    pub receiving_approval: Option<BoardApproval>,
    /// Where it stands.
    pub status: AgreementStatus,
    /// The day it was ended, once ended.
    pub ended_on: Option<Date>,
    /// How it went, once reviewed.
    pub review: Option<EndReview>,
    /// Whether the lending organisation agrees to show, once it is over, that the placement
    /// happened. No by default.
    pub lending_publishes: bool,
    /// Whether the receiving organisation agrees likewise.
    pub receiving_publishes: bool,
}

impl Agreement {
    /// A new agreement from checked terms: proposed, with no approvals and not published.
    pub fn propose(id: PlacementId, draft: AgreementDraft) -> Agreement {
        Agreement {
            id,
            lending: draft.lending,
            receiving: draft.receiving,
            kind: draft.kind,
            person: draft.person,
            role: draft.role,
            from: draft.from,
            to: draft.to,
            days_per_week: draft.days_per_week,
            recharge: draft.recharge,
            lending_approval: None,
            receiving_approval: None,
            status: AgreementStatus::Proposed,
            ended_on: None,
            review: None,
            lending_publishes: false,
            receiving_publishes: false,
        }
    }

    /// The organisation on one side.
    pub fn org(&self, side: Side) -> OrgRef {
        match side {
            Side::Lending => self.lending,
            Side::Receiving => self.receiving,
        }
    }

    /// Which side `org` is on, if it is a party.
    pub fn side_of(&self, org: OrgRef) -> Option<Side> {
        Side::ALL.into_iter().find(|s| self.org(*s) == org)
    }

    /// One board's approval, if recorded.
    pub fn approval(&self, side: Side) -> Option<&BoardApproval> {
        match side {
            Side::Lending => self.lending_approval.as_ref(),
            Side::Receiving => self.receiving_approval.as_ref(),
        }
    }

    /// The sides whose boards have not yet approved.
    pub fn waiting_for(&self) -> Vec<Side> {
        Side::ALL
            .into_iter()
            .filter(|s| self.approval(*s).is_none())
            .collect()
    }

    /// Records one board's approval while the agreement is proposed; once both boards have
    /// approved, it is agreed. A second approval for the same side replaces the first.
    pub fn approve(&self, side: Side, approval: BoardApproval) -> Result<Agreement, String> {
        if self.status != AgreementStatus::Proposed {
            return Err(format!(
                "The agreement is already {}, so board approvals can no longer be recorded",
                self.status.label().to_lowercase()
            ));
        }
        let mut next = self.clone();
        match side {
            Side::Lending => next.lending_approval = Some(approval),
            Side::Receiving => next.receiving_approval = Some(approval),
        }
        if next.waiting_for().is_empty() {
            next.status = AgreementStatus::Agreed;
        }
        Ok(next)
    }

    /// Starts the placement: only once both boards have approved and the start date has
    /// come.
    pub fn activate(&self, today: Date) -> Result<Agreement, String> {
        match self.status {
            AgreementStatus::Proposed => {
                let waiting = match self.waiting_for().as_slice() {
                    [Side::Lending] => "the lending organisation's board",
                    [Side::Receiving] => "the receiving organisation's board",
                    _ => "both boards",
                };
                Err(format!(
                    "The placement cannot start until both boards have recorded their \
                     approval; still waiting for {waiting}"
                ))
            }
            AgreementStatus::Agreed if today < self.from => Err(format!(
                "The placement starts on {}, so it cannot be active before then",
                self.from.long()
            )),
            AgreementStatus::Agreed => {
                let mut next = self.clone();
                next.status = AgreementStatus::Active;
                Ok(next)
            }
            AgreementStatus::Active => Err("The placement is already active".into()),
            AgreementStatus::Ended | AgreementStatus::Reviewed => {
                Err("The placement has ended, so it cannot start again".into())
            }
        }
    }

    /// Ends an active placement on `today` (early, on time or late).
    pub fn end(&self, today: Date) -> Result<Agreement, String> {
        match self.status {
            AgreementStatus::Active => {
                let mut next = self.clone();
                next.status = AgreementStatus::Ended;
                next.ended_on = Some(today.max(self.from));
                Ok(next)
            }
            AgreementStatus::Proposed | AgreementStatus::Agreed => Err(
                "The placement has not started, so it cannot end; it can only end once active"
                    .into(),
            ),
            AgreementStatus::Ended | AgreementStatus::Reviewed => {
                Err("The placement has already ended".into())
            }
        }
    }

    /// Records the end-of-placement review: only once the placement has ended, and once.
    pub fn review(&self, review: EndReview) -> Result<Agreement, String> {
        match self.status {
            AgreementStatus::Ended => {
                let mut next = self.clone();
                next.status = AgreementStatus::Reviewed;
                next.review = Some(review);
                Ok(next)
            }
            AgreementStatus::Reviewed => Err("The placement has already been reviewed".into()),
            _ => Err("The placement can be reviewed only once it has ended".into()),
        }
    }

    /// One side says whether it agrees to show that the placement happened; either may
    /// change its mind at any time.
    pub fn set_publication(&self, side: Side, publish: bool) -> Agreement {
        let mut next = self.clone();
        match side {
            Side::Lending => next.lending_publishes = publish,
            Side::Receiving => next.receiving_publishes = publish,
        }
        next
    }

    /// Whether both sides agree to show that the placement happened.
    pub fn published_by_both(&self) -> bool {
        self.lending_publishes && self.receiving_publishes
    }

    /// The collaboration a finished placement leaves, for evidence to count; none before it
    /// has ended.
    pub fn collaboration_record(&self) -> Option<PlacementRecord> {
        if !self.status.is_finished() {
            return None;
        }
        Some(PlacementRecord::finished(
            [self.lending, self.receiving],
            self.kind,
            (self.from, self.to),
            self.ended_on,
            self.days_per_week,
        ))
    }
}

/// A finished placement as a collaboration between two organisations: what evidence of
/// trust-to-trust support counts, without the confidential terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementRecord {
    /// The organisation that lent the leader.
    pub lending: OrgRef,
    /// The organisation that received them.
    pub receiving: OrgRef,
    /// Loan or interim leadership.
    pub kind: PlacementKind,
    /// First day.
    pub from: Date,
    /// Last day: the agreed end, or the day it ended if earlier.
    pub to: Date,
    /// Days per week.
    pub days_per_week: DaysPerWeek,
}

impl PlacementRecord {
    /// The record of a finished placement between `[lending, receiving]`, agreed for
    /// `(from, to)` and ended on `ended_on`: it runs to the agreed end, or to the day it
    /// ended if earlier. One rule, so a store reading only these columns (never the terms)
    /// gives the same record as [`Agreement::collaboration_record`].
    pub fn finished(
        [lending, receiving]: [OrgRef; 2],
        kind: PlacementKind,
        (from, to): (Date, Date),
        ended_on: Option<Date>,
        days_per_week: DaysPerWeek,
    ) -> PlacementRecord {
        PlacementRecord {
            lending,
            receiving,
            kind,
            from,
            to: ended_on.map_or(to, |ended| ended.min(to)),
            days_per_week,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    fn date(y: u16, m: u8, d: u8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    fn form() -> AgreementForm {
        AgreementForm {
            lending: "trust-1".into(),
            receiving: "trust-2".into(),
            kind: "loan".into(),
            person_name: "Sam Patel".into(),
            role: "coo".into(),
            from: "2027-01-04".into(),
            to: "2027-07-16".into(),
            days_per_week: "2".into(),
            recharge_terms: "Salary and on-costs at cost".into(),
            daily_rate: "£1,250.5".into(),
            ..AgreementForm::default()
        }
    }

    fn approval() -> BoardApproval {
        BoardApproval {
            approved_by: "Chair".into(),
            approved_on: date(2026, 12, 1),
        }
    }

    fn proposed() -> Agreement {
        Agreement::propose(PlacementId(9), AgreementDraft::check(&form()).unwrap())
    }

    fn active() -> Agreement {
        proposed()
            .approve(Side::Lending, approval())
            .unwrap()
            .approve(Side::Receiving, approval())
            .unwrap()
            .activate(date(2027, 1, 4))
            .unwrap()
    }

    fn review() -> EndReview {
        EndReview::check(&EndReviewForm {
            outcome: "Finance stabilised".into(),
            lending_rating: "4".into(),
            receiving_rating: "5".into(),
        })
        .unwrap()
    }

    #[test]
    fn a_good_agreement_is_accepted_and_proposed() {
        let draft = AgreementDraft::check(&form()).unwrap();
        assert_eq!(draft.recharge.daily_rate_pence, Some(125_050));
        assert_eq!(
            draft.recharge.describe_rate().as_deref(),
            Some("£1250.50 a day")
        );
        let agreement = Agreement::propose(PlacementId(1), draft);
        assert_eq!(agreement.status, AgreementStatus::Proposed);
        assert_eq!(agreement.waiting_for(), Side::ALL.to_vec());
        assert!(!agreement.published_by_both());
        assert_eq!(
            agreement.side_of(OrgRef::Trust(GroupUid(2))),
            Some(Side::Receiving)
        );
        assert_eq!(agreement.side_of(OrgRef::Trust(GroupUid(3))), None);
    }

    #[test]
    fn every_agreement_problem_is_named_with_its_field() {
        let bad = AgreementForm {
            lending: "trust-1".into(),
            receiving: "trust-1".into(),
            kind: "gift".into(),
            person_name: "".into(),
            role: "coo".into(),
            from: "2027-07-16".into(),
            to: "2027-01-04".into(),
            days_per_week: "0".into(),
            recharge_terms: "".into(),
            daily_rate: "-5".into(),
            ..AgreementForm::default()
        };
        let problems = AgreementDraft::check(&bad).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "receiving",
                "kind",
                "person_name",
                "to",
                "days_per_week",
                "recharge_terms",
                "daily_rate"
            ]
        );
        assert!(problems.contains(&(
            "daily_rate",
            "The daily rate cannot be below zero".to_string()
        )));
        let missing = AgreementDraft::check(&AgreementForm::default()).unwrap_err();
        let fields: Vec<&str> = missing.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "lending",
                "receiving",
                "kind",
                "person_name",
                "role",
                "from",
                "to",
                "days_per_week",
                "recharge_terms"
            ]
        );
    }

    #[test]
    fn daily_rates_are_pounds_and_pence_or_nothing() {
        let rate = |text: &str| {
            let mut problems = FieldProblems::new();
            daily_rate(&mut problems, text).ok_or(problems)
        };
        assert_eq!(rate(""), Ok(None));
        assert_eq!(rate("0"), Ok(Some(0)));
        assert_eq!(rate("450"), Ok(Some(45_000)));
        assert_eq!(rate(" £ 450.05 "), Ok(Some(45_005)));
        assert_eq!(rate("100000"), Ok(Some(10_000_000)));
        for bad in ["abc", "4.505", "4.", ".5", "£", "1.2.3", "4 50", "٤٥٠"] {
            assert_eq!(
                rate(bad).unwrap_err()[0].1,
                "The daily rate must be an amount in pounds, like 450 or 450.50",
                "{bad}"
            );
        }
        assert_eq!(
            rate("100000.01").unwrap_err()[0].1,
            "The daily rate must be £100000 or less"
        );
        assert!(rate("99999999999999999999999").is_err());
    }

    #[test]
    fn an_agreement_is_agreed_only_when_both_boards_have_approved() {
        let one = proposed().approve(Side::Receiving, approval()).unwrap();
        assert_eq!(one.status, AgreementStatus::Proposed);
        assert_eq!(one.waiting_for(), vec![Side::Lending]);
        assert_eq!(
            one.activate(date(2027, 2, 1)).unwrap_err(),
            "The placement cannot start until both boards have recorded their approval; \
             still waiting for the lending organisation's board"
        );
        assert!(proposed()
            .activate(date(2027, 2, 1))
            .unwrap_err()
            .ends_with("both boards"));
        let both = one.approve(Side::Lending, approval()).unwrap();
        assert_eq!(both.status, AgreementStatus::Agreed);
        assert_eq!(both.approval(Side::Lending), Some(&approval()));
        assert_eq!(
            both.approve(Side::Lending, approval()).unwrap_err(),
            "The agreement is already agreed by both boards, so board approvals can no longer \
             be recorded"
        );
    }

    #[test]
    fn an_agreed_placement_becomes_active_on_its_start_date() {
        let agreed = proposed()
            .approve(Side::Lending, approval())
            .unwrap()
            .approve(Side::Receiving, approval())
            .unwrap();
        assert_eq!(
            agreed.activate(date(2027, 1, 3)).unwrap_err(),
            "The placement starts on 4 January 2027, so it cannot be active before then"
        );
        assert_eq!(
            agreed.end(date(2027, 1, 3)).unwrap_err(),
            "The placement has not started, so it cannot end; it can only end once active"
        );
        let active = agreed.activate(date(2027, 1, 4)).unwrap();
        assert_eq!(active.status, AgreementStatus::Active);
        assert_eq!(
            active.activate(date(2027, 1, 5)).unwrap_err(),
            "The placement is already active"
        );
        assert_eq!(
            active.review(review()).unwrap_err(),
            "The placement can be reviewed only once it has ended"
        );
        assert!(active.collaboration_record().is_none());
    }

    #[test]
    fn an_ended_placement_is_reviewed_once_and_never_restarts() {
        let ended = active().end(date(2027, 5, 1)).unwrap();
        assert_eq!(ended.status, AgreementStatus::Ended);
        assert_eq!(ended.ended_on, Some(date(2027, 5, 1)));
        assert_eq!(
            ended.end(date(2027, 5, 2)).unwrap_err(),
            "The placement has already ended"
        );
        assert_eq!(
            ended.activate(date(2027, 5, 2)).unwrap_err(),
            "The placement has ended, so it cannot start again"
        );
        let reviewed = ended.review(review()).unwrap();
        assert_eq!(reviewed.status, AgreementStatus::Reviewed);
        assert_eq!(reviewed.review.as_ref().unwrap().receiving_rating, 5);
        assert_eq!(
            reviewed.review(review()).unwrap_err(),
            "The placement has already been reviewed"
        );
        assert!(reviewed.approve(Side::Lending, approval()).is_err());
        assert!(reviewed.end(date(2027, 6, 1)).is_err());
    }

    #[test]
    fn a_finished_placement_leaves_a_collaboration_record() {
        assert!(proposed().collaboration_record().is_none());
        let early = active().end(date(2027, 5, 1)).unwrap();
        let record = early.collaboration_record().unwrap();
        assert_eq!(
            record,
            PlacementRecord {
                lending: OrgRef::Trust(GroupUid(1)),
                receiving: OrgRef::Trust(GroupUid(2)),
                kind: PlacementKind::Loan,
                from: date(2027, 1, 4),
                to: date(2027, 5, 1),
                days_per_week: DaysPerWeek::from_halves(4).unwrap(),
            }
        );
        let late = active()
            .end(date(2027, 9, 1))
            .unwrap()
            .review(review())
            .unwrap();
        assert_eq!(late.collaboration_record().unwrap().to, date(2027, 7, 16));
        assert_eq!(
            serde_json::to_value(record.kind).unwrap(),
            serde_json::json!("loan")
        );
    }

    #[test]
    fn approvals_and_reviews_are_checked() {
        let today = date(2027, 1, 1);
        let problems = BoardApproval::check(&BoardApprovalForm::default(), today).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (
                    "approved_by",
                    "Enter who approved the agreement for the board".to_string()
                ),
                ("approved_on", "Enter the approval date".to_string()),
            ]
        );
        let future = BoardApprovalForm {
            approved_by: "A Chair".into(),
            approved_on: "2027-01-02".into(),
        };
        assert_eq!(
            BoardApproval::check(&future, today).unwrap_err(),
            vec![(
                "approved_on",
                "The approval date cannot be in the future".to_string()
            )]
        );
        assert!(BoardApproval::check(&future, date(2027, 1, 2)).is_ok());
        let problems = EndReview::check(&EndReviewForm {
            outcome: " ".into(),
            lending_rating: "0".into(),
            receiving_rating: "six".into(),
        })
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                ("outcome", "Say what the placement achieved".to_string()),
                (
                    "lending_rating",
                    "Choose the lending organisation's rating from 1 to 5".to_string()
                ),
                (
                    "receiving_rating",
                    "Choose the receiving organisation's rating from 1 to 5".to_string()
                ),
            ]
        );
    }

    #[test]
    fn publication_needs_both_sides_and_keys_read_back() {
        let one = proposed().set_publication(Side::Lending, true);
        assert!(!one.published_by_both());
        let both = one.set_publication(Side::Receiving, true);
        assert!(both.published_by_both());
        assert!(!both
            .set_publication(Side::Lending, false)
            .published_by_both());
        for s in AgreementStatus::ALL {
            assert_eq!(AgreementStatus::from_key(s.key()), Some(s));
        }
        for k in PlacementKind::ALL {
            assert_eq!(PlacementKind::from_key(k.key()), Some(k));
        }
        for s in Side::ALL {
            assert_eq!(Side::from_key(s.key()), Some(s));
        }
        assert_eq!(
            PlacementKind::for_request(RequestKind::Crisis),
            PlacementKind::InterimLeadership
        );
    }
}
