//! The public system map: pages anyone can read about schools, trusts and places.

pub(crate) mod api_docs;
pub(crate) mod compare;
pub(crate) mod data_sources;
pub(crate) mod family;
pub(crate) mod home;
pub(crate) mod methods;
pub(crate) mod place;
pub(crate) mod school;
pub(crate) mod search;
pub(crate) mod trust;
pub(crate) mod trust_profile;
