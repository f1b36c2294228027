//! Brokerage pages: needs and offers, the ranking of who is best placed to help,
//! introductions, collaborations, each organisation's brokerage dashboard, and the figures
//! conveners watch. What each person may see is decided by the store's visibility rule
//! and the checks in [`crate::brokerage`]; these modules only render.

pub(crate) mod candidates;
pub(crate) mod collaborations;
pub(crate) mod dashboard;
pub(crate) mod introductions;
pub(crate) mod needs;
pub(crate) mod offers;
mod posting_form;

/// The breadcrumb every brokerage page starts from.
pub(crate) const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/needs", "Needs and offers")];
