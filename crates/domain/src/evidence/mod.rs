//! Evidence of system leadership (issue 13): who works with whom, and what changed where
//! they did. Built from the collaborations, partnerships, peer reviews and placements
//! recorded in Convene, and from the public outcome data.
//!
//! The parts, one file each:
//! - [`network`]: the collaboration network, its measures per organisation (connections,
//!   reach, betweenness, clusters) and the organisations no one reaches;
//! - [`impact`]: a measure's trajectory before and after a start, against the school's
//!   family of similar schools (a difference-in-differences), with its uncertainty;
//! - [`case_studies`]: write-ups of system work, approved by a convener and consented to by
//!   every organisation they name before anyone else sees them;
//! - [`recognition`]: nominations and endorsements of people and organisations for their
//!   system work, each resting on records in Convene, shown once the nominee accepts.

pub mod case_studies;
pub mod impact;
pub mod network;
pub mod recognition;
