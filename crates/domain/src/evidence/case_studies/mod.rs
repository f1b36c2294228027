//! Case studies (issue 13): a structured write-up of system work that others can learn
//! from (the context, the challenge, what was done and by whom, what changed with its
//! measures and dates, what others can take from it, contacts), linked to the
//! collaborations or partnerships it describes, with images.
//!
//! A case study is written by people acting for one organisation (its owner). It stays a
//! private draft until they submit it; a convener then approves it or returns it with a
//! note; and it is published only once it is approved *and* every other organisation it
//! names has consented. Any change to an approved text takes it back to a draft and asks
//! the named organisations again, because they consented to the words they saw.
//!
//! The parts, one file each:
//! - [`draft`]: the write-up itself, checked field by field;
//! - [`publication`]: the stages, consent, and who may read or do what;
//! - [`images`]: which uploads are accepted as pictures;
//! - [`finding`]: searching published case studies, including "schools like mine".

pub mod draft;
pub mod finding;
pub mod images;
pub mod publication;

pub use draft::{
    CaseStudyDraft, CaseStudyForm, ChangeForm, ChangeMeasure, Source, WorkForm, MAX_CHANGES,
    MAX_SOURCES,
};
pub use finding::{CaseStudyFacts, CaseStudyFilter, Likeness, Match};
pub use images::{
    check_image, CaseStudyImage, CheckedImage, ImageKind, MAX_IMAGES, MAX_IMAGE_BYTES,
};
pub use publication::{
    is_published, CaseStudy, CaseStudyId, Consent, NamedConsent, Reader, Signed, Stage, Step,
    StepRefused,
};
