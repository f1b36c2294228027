//! The eight system leadership behaviours (issue 14): the framework with its level
//! descriptors, a leader's own assessment and its change over time, a development plan,
//! and 360 feedback from colleagues, partners and governors, anonymous below three
//! answers per group of raters. All of it belongs to the person.
//!
//! The parts, one file each:
//! - [`framework`]: the behaviours, their levels and the NHS Leadership Academy domains;
//! - [`assessment`]: the self-assessment, the change between two, and development actions;
//! - [`feedback`]: a rater's answer and the report with its anonymity threshold;
//! - [`group`]: a group's aggregate of its sharing members, shown at three or more.

pub mod assessment;
pub mod feedback;
pub mod framework;
pub mod group;
