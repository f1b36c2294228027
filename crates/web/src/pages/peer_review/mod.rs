//! Peer review pages: the rounds in which groups are formed (`rounds.rs`) and the reviews
//! themselves (`reviews.rs`); what they share with the API is in `crate::peer_review`
//! (rounds) and `crate::peer_reviews` (reviews).

pub(crate) mod reviews;
pub(crate) mod rounds;
