//! A voice in policy (issue 14): calls for input opened by a convener (consultations,
//! calls for evidence, expert groups, roundtables), organisations' responses, whose voices
//! were heard against all of England's, and the collective submission assembled from
//! the responses with each quoted organisation's consent.
//!
//! The parts, one file each:
//! - [`call`]: a call, its questions, closing date and who may read the responses; a
//!   response, checked whole;
//! - [`representation`]: the respondents against the population, dimension by dimension,
//!   with the gaps named;
//! - [`submission`]: the collective submission, its quotes and their consent, its outcome.

pub mod call;
pub mod representation;
pub mod submission;

pub use call::{
    Call, CallDraft, CallForm, CallId, CallKind, Nomination, Response, ResponseDraft, ResponseForm,
    ResponseId, ResponseVisibility,
};
pub use representation::{representation, Representation};
