//! Loaning a leader or leading in the interim (issue 12): one trust makes a leader
//! available for a few days a week, another asks for one to fill a vacancy or steady a trust
//! in crisis, Convene suggests matches and says why, and the two boards record the
//! agreement, its start, its end and how it went.
//!
//! The parts, one file each:
//! - [`register`]: the register of available leaders and the requests for one, checked
//!   field by field;
//! - [`matching`]: suggested matches for a request, each factor in numbers and words, and
//!   why each other leader is left out;
//! - [`agreement`]: the agreement both trusts record, its board approvals and its states
//!   from proposed to reviewed, and the collaboration record a finished one leaves;
//! - [`visibility`]: who may see a request's details and an agreement's terms;
//! - [`traded`]: traded services (IT, HR, finance...) one organisation sells to others.
//!
//! Everything here is pure: the caller passes the distances, the conflicts and `today`.

pub mod agreement;
pub(crate) mod fields;
pub mod matching;
pub mod register;
pub mod traded;
pub mod visibility;

pub use agreement::{
    Agreement, AgreementDraft, AgreementForm, AgreementStatus, BoardApproval, BoardApprovalForm,
    EndReview, EndReviewForm, PlacementId, PlacementKind, PlacementRecord, Recharge, Side,
};
pub use matching::{
    suggest, Excluded, LeaderMatch, MatchExclusion, MatchFactor, MatchFactorKind, Matches,
};
pub use register::{
    AvailableLeader, AvailableLeaderDraft, AvailableLeaderForm, AvailableLeaderId, DaysPerWeek,
    LeaderRequest, LeaderRequestDraft, LeaderRequestForm, LeaderRequestId, LeaderRole, RequestKind,
    RoleKind,
};
pub use traded::{TradedOffer, TradedOfferDraft, TradedOfferForm, TradedOfferId, TradedService};
pub use visibility::{agreement_view, is_party, request_view, AgreementView, RequestView};

/// Every problem with a form, as (field, message), in form order, so a page can show each
/// message beside its field and the API can return them all at once.
pub type FieldProblems = Vec<(&'static str, String)>;
