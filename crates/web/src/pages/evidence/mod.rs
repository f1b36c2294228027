//! Evidence of system leadership (issue 13), as pages: the collaboration network
//! (`network.rs`), and what changed where people worked together, compared like with like
//! (`impact.rs`).

pub(crate) mod impact;
pub(crate) mod network;
