//! Organisations people act for: partner organisations, and membership of any
//! organisation (claims, approvals, roles, the organisation's audit log).

pub(crate) mod membership;
pub(crate) mod partners;
