//! Evidence of system leadership (issue 13), as pages: the collaboration network
//! (`network.rs`, drawn as a graph by `network_graph.rs`), what changed where people
//! worked together, compared like with like (`impact.rs`), case studies of the work
//! (`case_studies.rs`), and recognition of the people and organisations who did it
//! (`recognition.rs`).

pub(crate) mod case_studies;
pub(crate) mod impact;
pub(crate) mod network;
pub(crate) mod network_graph;
pub(crate) mod recognition;
