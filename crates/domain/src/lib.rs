//! Convene's domain core: the schools, trusts and places of England's school system and
//! the rules about them, as plain types and pure functions. Nothing here does I/O, so every
//! rule can be unit-tested and reused by the importers, the store and the web layer alike.

pub mod access;
pub mod account;
pub mod analysis;
pub mod audit;
pub mod behaviours;
pub mod brokerage;
pub mod coverage;
pub mod dataset;
pub mod date;
pub mod evidence;
pub mod geo;
pub mod ids;
pub mod import;
pub mod judgement;
pub mod mail;
pub mod note;
pub mod organisation;
pub mod outcome;
pub mod partnerships;
pub mod party;
pub mod peer_review;
pub mod place;
pub mod placements;
pub mod policy_voice;
pub mod profile;
pub mod search;
pub mod similarity;
pub mod summary;

pub use date::Date;
pub use ids::{GroupUid, Urn};
pub use judgement::Judgement;
