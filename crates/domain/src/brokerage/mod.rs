//! Brokerage: organisations post needs and offers, Convene ranks who is best placed to help
//! with a need and says why, and an accepted introduction becomes a collaboration record
//! that later evidence (network, impact, case studies) builds on.
//!
//! The parts, one file each:
//! - [`area`]: the fixed list of improvement areas, forms of help, and the public evidence
//!   tied to each area;
//! - [`posting`]: needs and offers as people write them, checked field by field;
//! - [`evidence`]: each school's and trust's strength per area against its family of
//!   similar schools, worked out once per import;
//! - [`ranking`]: the ranking of candidates for a need, its factors and their words;
//! - [`records`]: introductions and collaborations, and who may act on them.

pub mod area;
pub mod evidence;
pub mod posting;
pub mod ranking;
pub mod records;

pub use area::{HelpForm, ImprovementArea, Indicator, OfstedArea};
pub use evidence::{EvidenceIndex, IndicatorEvidence};
pub use posting::{
    Need, NeedDraft, NeedId, NeedStatus, Offer, OfferDraft, OfferId, OfferStatus, PostingForm,
    Reach,
};
pub use ranking::{
    rank, Candidate, CompetitionPolicy, Factor, FactorKind, Market, OfferCapacity, Ranking,
    RankingNeed, TrackRecord, Weights,
};
pub use records::{
    Collaboration, CollaborationId, CollaborationStatus, Feedback, Introduction, IntroductionId,
    IntroductionStatus,
};
