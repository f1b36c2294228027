//! Evidence of system leadership (issue 13), as pages: the collaboration network
//! (`network.rs`), what changed where people worked together, compared like with like
//! (`impact.rs`), and case studies of the work (`case_studies.rs`).

pub(crate) mod case_studies;
pub(crate) mod impact;
pub(crate) mod network;
