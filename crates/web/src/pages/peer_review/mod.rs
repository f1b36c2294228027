//! Peer review pages. So far the rounds in which groups are formed (`rounds.rs`); shared
//! checks are in `crate::peer_review`.

pub(crate) mod rounds;
