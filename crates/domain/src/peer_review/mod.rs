//! Trust-to-trust peer review: rounds that volunteers join, review groups formed by an
//! optimiser whose every proposal says why, and the reviews themselves.
//!
//! The parts, one file each:
//! - [`round`]: a round's volunteers, its rules (group size, travel limit, weights) and
//!   how each pair of volunteers relates;
//! - [`relations`]: those relations worked out from the public evidence (families, similar
//!   trusts, distance, competition) and earlier rounds;
//! - [`grouping`]: the group former (greedy start, then local search) and the measure of
//!   any grouping on each criterion;
//! - [`round_setup`]: a round as people run it: its form, volunteers' focus areas, saved
//!   groups and moving a member between them;
//! - [`review`]: one review from draft to progress review: focus areas, self-evaluation,
//!   team and conflicts, dates, evidence, findings, action plan, feedback, the published
//!   summary, who sees what (the host and its reviewers only) and reviewers' hours;
//! - [`review_conflicts`]: who may not review a host (its own trust, direct competitors);
//! - [`reminders`]: the progress-review reminders due on a day;
//! - [`records`]: what a review leaves outside itself (list lines, collaboration records,
//!   reviewers' hours), with nothing confidential in it.

pub mod grouping;
pub mod records;
pub mod relations;
pub mod reminders;
pub mod review;
pub mod review_conflicts;
pub mod round;
pub mod round_setup;

pub use grouping::{assess, group_sizes, propose, Assessment, Infeasible, Proposal};
pub use round::{
    Conflict, GroupingWeights, Relations, RoundInput, RoundRules, Volunteer, MAX_GROUP, MIN_GROUP,
};
