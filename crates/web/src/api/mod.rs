//! The JSON API under `/api/v1/`, with CSV twins of its lists. The OpenAPI document is
//! generated from the handlers themselves ([`openapi`]), and a test checks it against the
//! route table, so an undocumented route cannot slip in.

pub(crate) mod behaviours;
pub(crate) mod brokerage;
pub(crate) mod case_studies;
pub(crate) mod comparisons;
pub(crate) mod impact;
pub(crate) mod json_body;
pub(crate) mod me;
pub(crate) mod network;
pub(crate) mod notes;
pub mod openapi;
pub(crate) mod parameters;
pub(crate) mod partnerships;
pub(crate) mod peer_review;
pub(crate) mod peer_reviews;
pub(crate) mod placements;
pub(crate) mod places;
pub(crate) mod policy_voice;
pub(crate) mod recognition;
pub(crate) mod schools;
pub(crate) mod trusts;

pub(crate) use openapi::openapi_json;

/// Refuses, with 403, an API write for an organisation the caller does not act for;
/// `doing` finishes "only its approved members can ..." ("post for it").
pub(crate) fn must_act_for(
    viewer: &convene_domain::access::Viewer,
    org: convene_domain::party::OrgRef,
    doing: &str,
) -> Result<(), crate::WebError> {
    if viewer.belongs_to(org) {
        Ok(())
    } else {
        Err(crate::WebError::Forbidden(format!(
            "You do not act for {org}: only its approved members can {doing}."
        )))
    }
}
