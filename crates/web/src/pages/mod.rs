//! The HTML pages, one module per kind of page. Every page works without JavaScript.
//! Which pages exist, and who may see each, is declared in [`crate::routes`].

pub(crate) mod accounts;
pub(crate) mod acting_for;
pub(crate) mod admin;
pub(crate) mod behaviours;
pub(crate) mod brokerage;
pub(crate) mod components;
pub(crate) mod errors;
pub(crate) mod evidence;
pub(crate) mod forms;
pub(crate) mod layout;
pub(crate) mod notes;
pub(crate) mod organisations;
pub(crate) mod partnerships;
pub(crate) mod peer_review;
pub(crate) mod people;
pub(crate) mod placements;
pub(crate) mod policy_voice;
pub(crate) mod public;
