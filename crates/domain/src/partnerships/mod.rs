//! Partnerships around a shared issue: a trust convenes local partners (other trusts and
//! schools, employers, health, police, charities, the local authority) around a "wicked
//! issue" no one of them can solve, agrees goals, shares out commitments, takes stock on a
//! rhythm and shows its progress (or its lack) to all.
//!
//! The parts, one file each:
//! - [`partnership`]: the partnership, its area and members, roles and who may do what;
//! - [`goal`]: SMART goals, drafts and agreement, and the history of an agreed goal;
//! - [`commitment`]: who does what by when, and when it is overdue;
//! - [`stocktake`]: a stock-take, checked whole, and what of it is public;
//! - [`schedule`]: England's school terms by a documented rule, own calendars, rhythms;
//! - [`progress`]: a goal's progress against a steady path to its target;
//! - [`load`]: each partner's share of the work;
//! - [`reminders`]: which reminder emails are due on a day, each with a unique key;
//! - [`evidence`]: the area's figures against England's.

pub mod commitment;
pub mod evidence;
pub mod goal;
pub mod load;
pub mod partnership;
pub mod progress;
pub mod reminders;
pub mod schedule;
pub mod stocktake;

pub use commitment::{Commitment, CommitmentDraft, CommitmentForm, CommitmentId, ReviewStatus};
pub use evidence::{AreaFigures, EvidencePanel};
pub use goal::{Goal, GoalChange, GoalDraft, GoalForm, GoalId, GoalStatus};
pub use load::Load;
pub use partnership::{
    Member, MemberStatus, Partnership, PartnershipDraft, PartnershipForm, PartnershipId,
    PartnershipRole, ServedArea,
};
pub use progress::{Measurement, Progress, ProgressStatus};
pub use reminders::Reminder;
pub use schedule::{HalfTerm, Rhythm, Schedule};
pub use stocktake::{GoalValue, Review, Stocktake, StocktakeDraft, StocktakeForm, StocktakeId};

/// Every problem with a form, as (field, message), in form order.
pub type FieldProblems = Vec<(&'static str, String)>;
