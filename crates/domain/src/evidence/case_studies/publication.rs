//! A case study's path to publication, and who may read it or move it along. The rule is
//! written once here; the store applies the same rule in SQL for lists.
//!
//! - **Draft**: only people acting for the owner (and the author) see it, and the people
//!   acting for the organisations it names, who are asked to consent.
//! - **Submitted**: conveners see it too, to approve it or return it with a note.
//! - **Approved**: it is *published*, to everyone, once every named organisation has
//!   consented; until then it stays with the same readers as a submitted one.
//!
//! Platform administrators are "everyone else" unless they are also conveners: running the
//! platform is no reason to read unpublished work.

use super::draft::CaseStudyDraft;
use crate::access::{Actor, PlatformRole, Viewer};
use crate::account::PersonId;
use crate::party::{NamedOrg, OrgRef};
use crate::Date;
use serde::{Deserialize, Serialize};

/// A case study's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStudyId(pub i64);

/// Where a case study is on its way to publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Being written (or returned by a convener with a note).
    Draft,
    /// Sent to the conveners to approve.
    Submitted,
    /// Approved by a convener: published once every named organisation consents.
    Approved,
}

impl Stage {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Submitted => "submitted",
            Stage::Approved => "approved",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Stage> {
        [Stage::Draft, Stage::Submitted, Stage::Approved]
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Draft => "Draft",
            Stage::Submitted => "Waiting for a convener",
            Stage::Approved => "Approved",
        }
    }
}

/// A named organisation's answer to being named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    /// Not answered yet.
    Awaiting,
    /// Content to appear as written.
    Given,
    /// Does not want to appear: the case study cannot be published as it stands.
    Refused,
}

impl Consent {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Consent::Awaiting => "awaiting",
            Consent::Given => "given",
            Consent::Refused => "refused",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<Consent> {
        [Consent::Awaiting, Consent::Given, Consent::Refused]
            .into_iter()
            .find(|c| c.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            Consent::Awaiting => "Not answered yet",
            Consent::Given => "Consented",
            Consent::Refused => "Refused",
        }
    }
}

/// A named organisation and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedConsent {
    /// The organisation.
    pub organisation: NamedOrg,
    /// Its answer.
    pub consent: Consent,
    /// Who answered for it, and when.
    pub answered: Option<Signed>,
}

/// Who did something, by name, and on what day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signed {
    /// Their name.
    pub by: String,
    /// The day.
    pub on: Date,
}

/// A case study with its stage and consents.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseStudy {
    /// Number.
    pub id: CaseStudyId,
    /// The content.
    pub draft: CaseStudyDraft,
    /// The owner's name.
    pub owner_name: String,
    /// Who wrote it.
    #[serde(skip)]
    pub author: Option<PersonId>,
    /// Its stage.
    pub stage: Stage,
    /// The convener's note when they returned it.
    pub returned_note: Option<String>,
    /// The convener who approved it, and when.
    pub approved: Option<Signed>,
    /// The other named organisations and their answers, in key order.
    pub consents: Vec<NamedConsent>,
    /// When it was last changed (UTC, ISO 8601).
    pub updated_at: String,
    /// Goes up with every change, so two people changing it at once cannot both win.
    pub version: i64,
}

impl CaseStudy {
    /// Whether anyone may read it: approved, and every named organisation consented.
    pub fn is_published(&self) -> bool {
        is_published(self.stage, self.consents.iter().map(|c| c.consent))
    }

    /// The named organisations that have not consented yet.
    pub fn awaiting_consent(&self) -> Vec<&NamedOrg> {
        self.consents
            .iter()
            .filter(|c| c.consent != Consent::Given)
            .map(|c| &c.organisation)
            .collect()
    }

    /// Every organisation named, owner first, with names.
    pub fn organisations(&self) -> Vec<NamedOrg> {
        let mut all = vec![NamedOrg {
            org: self.draft.owner,
            name: self.owner_name.clone(),
        }];
        all.extend(self.consents.iter().map(|c| c.organisation.clone()));
        all
    }

    /// How `actor` relates to it.
    pub fn reader(&self, actor: &Actor) -> Reader {
        let Some(viewer) = actor.viewer() else {
            return Reader::Public;
        };
        if viewer.belongs_to(self.draft.owner) || self.author == Some(viewer.id) {
            return Reader::Owner;
        }
        let named: Vec<OrgRef> = self
            .consents
            .iter()
            .map(|c| c.organisation.org)
            .filter(|o| viewer.belongs_to(*o))
            .collect();
        if !named.is_empty() {
            return Reader::Named(named);
        }
        if viewer.has(PlatformRole::Convener) {
            return Reader::Convener;
        }
        Reader::Public
    }

    /// Whether `actor` may read it.
    pub fn may_read(&self, actor: &Actor) -> bool {
        if self.is_published() {
            return true;
        }
        match self.reader(actor) {
            Reader::Owner | Reader::Named(_) => true,
            Reader::Convener => self.stage != Stage::Draft,
            Reader::Public => false,
        }
    }

    /// Whether `viewer` may take `step` now, and if not, why not in words.
    pub fn may(&self, viewer: &Viewer, step: &Step) -> Result<(), StepRefused> {
        let actor = Actor::Person(viewer.clone());
        let reader = self.reader(&actor);
        let owner = matches!(reader, Reader::Owner);
        let convener = viewer.has(PlatformRole::Convener);
        match step {
            Step::Revise | Step::Withdraw | Step::AddImage | Step::RemoveImage => {
                if !owner {
                    return Err(StepRefused::NotYours);
                }
                if matches!(step, Step::Withdraw) && self.stage == Stage::Draft {
                    return Err(StepRefused::Stage(
                        "It is already a draft: there is nothing to withdraw.".into(),
                    ));
                }
                Ok(())
            }
            Step::Submit => {
                if !owner {
                    return Err(StepRefused::NotYours);
                }
                if self.stage != Stage::Draft {
                    return Err(StepRefused::Stage(
                        "It has already been sent to the conveners.".into(),
                    ));
                }
                Ok(())
            }
            Step::Approve | Step::Return => {
                if !convener {
                    return Err(StepRefused::NotConvener);
                }
                if owner {
                    return Err(StepRefused::OwnWork);
                }
                if self.stage != Stage::Submitted {
                    return Err(StepRefused::Stage(match self.stage {
                        Stage::Draft => "Its authors have not sent it for approval yet.".into(),
                        _ => "It has already been approved.".into(),
                    }));
                }
                Ok(())
            }
            Step::Answer { org, .. } => {
                if !viewer.belongs_to(*org) {
                    return Err(StepRefused::NotNamed);
                }
                if !self.consents.iter().any(|c| c.organisation.org == *org) {
                    return Err(StepRefused::NotNamed);
                }
                Ok(())
            }
        }
    }

    /// The consents after the text changed: everyone named is asked again, because they
    /// consented to words that are no longer there.
    pub fn consents_after_revision(
        before: &[NamedConsent],
        draft: &CaseStudyDraft,
        names: &dyn Fn(OrgRef) -> String,
    ) -> Vec<NamedConsent> {
        draft
            .organisations
            .iter()
            .map(|org| NamedConsent {
                organisation: NamedOrg {
                    org: *org,
                    name: before
                        .iter()
                        .find(|c| c.organisation.org == *org)
                        .map(|c| c.organisation.name.clone())
                        .unwrap_or_else(|| names(*org)),
                },
                consent: Consent::Awaiting,
                answered: None,
            })
            .collect()
    }
}

/// Whether a case study at `stage` with these answers is published.
pub fn is_published(stage: Stage, consents: impl IntoIterator<Item = Consent>) -> bool {
    stage == Stage::Approved && consents.into_iter().all(|c| c == Consent::Given)
}

/// How a reader relates to a case study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    /// Acts for the owner, or wrote it.
    Owner,
    /// Acts for these named organisations.
    Named(Vec<OrgRef>),
    /// A convener with no other part in it.
    Convener,
    /// Anyone else, platform administrators included.
    Public,
}

/// Something a person may do to a case study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Change the text (back to a draft; named organisations asked again).
    Revise,
    /// Send it to the conveners.
    Submit,
    /// Take it back to a draft (unpublishing it if it was published).
    Withdraw,
    /// Approve it (a convener).
    Approve,
    /// Return it with a note (a convener).
    Return,
    /// Answer for a named organisation.
    Answer {
        /// Which.
        org: OrgRef,
        /// The answer.
        consent: Consent,
    },
    /// Add a picture.
    AddImage,
    /// Remove a picture.
    RemoveImage,
}

/// Why a step was refused, in words a page or the API can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepRefused {
    /// Only its owner's people may do this.
    NotYours,
    /// Only a convener may do this.
    NotConvener,
    /// A convener may not approve their own organisation's work.
    OwnWork,
    /// Only a named organisation's people may answer for it.
    NotNamed,
    /// Not at this stage.
    Stage(String),
}

impl StepRefused {
    /// The message.
    pub fn message(&self) -> String {
        match self {
            StepRefused::NotYours => {
                "Only people acting for the organisation that wrote this case study can do that."
                    .into()
            }
            StepRefused::NotConvener => "Only a convener can approve or return a case study.".into(),
            StepRefused::OwnWork => {
                "You act for the organisation that wrote this case study: another convener must approve it."
                    .into()
            }
            StepRefused::NotNamed => {
                "Only people acting for an organisation the case study names can answer for it."
                    .into()
            }
            StepRefused::Stage(words) => words.clone(),
        }
    }

    /// Whether the refusal is about the person (403) rather than the moment (409).
    pub fn is_forbidden(&self) -> bool {
        !matches!(self, StepRefused::Stage(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::OrgRole;
    use crate::evidence::case_studies::draft::{CaseStudyDraft, CaseStudyForm};
    use crate::ids::GroupUid;

    const OWNER: OrgRef = OrgRef::Trust(GroupUid(1));
    const NAMED: OrgRef = OrgRef::Trust(GroupUid(2));
    const OTHER: OrgRef = OrgRef::Trust(GroupUid(3));

    fn viewer(id: i64, org: Option<OrgRef>, roles: &[PlatformRole]) -> Viewer {
        Viewer {
            id: PersonId(id),
            name: format!("P{id}"),
            email_verified: true,
            platform_roles: roles.iter().copied().collect(),
            organisations: org.into_iter().map(|o| (o, OrgRole::Member)).collect(),
        }
    }

    fn study(stage: Stage, consent: Consent) -> CaseStudy {
        let form = CaseStudyForm {
            owner: OWNER.key(),
            title: "T".into(),
            summary: "S".into(),
            area: "early-reading".into(),
            form: "coaching".into(),
            challenge: "C".into(),
            what_was_done: "W".into(),
            who: "Us".into(),
            what_changed: "X".into(),
            lessons: "L".into(),
            contacts: "c@example.org".into(),
            started: "2024-09-01".into(),
            organisations: vec![NAMED.key()],
            ..CaseStudyForm::default()
        };
        CaseStudy {
            id: CaseStudyId(1),
            draft: CaseStudyDraft::check(&form).unwrap(),
            owner_name: "Owner".into(),
            author: Some(PersonId(1)),
            stage,
            returned_note: None,
            approved: None,
            consents: vec![NamedConsent {
                organisation: NamedOrg {
                    org: NAMED,
                    name: "Named".into(),
                },
                consent,
                answered: None,
            }],
            updated_at: String::new(),
            version: 1,
        }
    }

    #[test]
    fn published_only_when_approved_and_every_named_organisation_consents() {
        assert!(study(Stage::Approved, Consent::Given).is_published());
        assert!(!study(Stage::Approved, Consent::Awaiting).is_published());
        assert!(!study(Stage::Approved, Consent::Refused).is_published());
        assert!(!study(Stage::Submitted, Consent::Given).is_published());
        assert!(!study(Stage::Draft, Consent::Given).is_published());
    }

    #[test]
    fn who_reads_an_unpublished_case_study() {
        let owner = Actor::Person(viewer(5, Some(OWNER), &[]));
        let named = Actor::Person(viewer(6, Some(NAMED), &[]));
        let outsider = Actor::Person(viewer(7, Some(OTHER), &[]));
        let convener = Actor::Person(viewer(8, None, &[PlatformRole::Convener]));
        let admin = Actor::Person(viewer(9, None, &[PlatformRole::Administrator]));
        let cases = [
            (Stage::Draft, [true, true, false, false, false, false]),
            (Stage::Submitted, [true, true, false, true, false, false]),
            (Stage::Approved, [true, true, false, true, false, false]),
        ];
        for (stage, expected) in cases {
            let s = study(stage, Consent::Awaiting);
            let got: Vec<bool> = [
                &owner,
                &named,
                &outsider,
                &convener,
                &admin,
                &Actor::Anonymous,
            ]
            .into_iter()
            .map(|a| s.may_read(a))
            .collect();
            assert_eq!(got, expected, "{stage:?}");
        }
        assert!(study(Stage::Approved, Consent::Given).may_read(&Actor::Anonymous));
    }

    #[test]
    fn each_step_belongs_to_one_side_at_one_stage() {
        let owner = viewer(5, Some(OWNER), &[]);
        let named = viewer(6, Some(NAMED), &[]);
        let convener = viewer(8, None, &[PlatformRole::Convener]);
        let owner_convener = viewer(10, Some(OWNER), &[PlatformRole::Convener]);
        let draft = study(Stage::Draft, Consent::Awaiting);
        let submitted = study(Stage::Submitted, Consent::Awaiting);
        assert!(draft.may(&owner, &Step::Submit).is_ok());
        assert_eq!(draft.may(&named, &Step::Submit), Err(StepRefused::NotYours));
        assert!(matches!(
            draft.may(&convener, &Step::Approve),
            Err(StepRefused::Stage(_))
        ));
        assert!(submitted.may(&convener, &Step::Approve).is_ok());
        assert_eq!(
            submitted.may(&owner, &Step::Approve),
            Err(StepRefused::NotConvener)
        );
        assert_eq!(
            submitted.may(&owner_convener, &Step::Approve),
            Err(StepRefused::OwnWork)
        );
        let answer = |org| Step::Answer {
            org,
            consent: Consent::Given,
        };
        assert!(draft.may(&named, &answer(NAMED)).is_ok());
        assert_eq!(
            draft.may(&owner, &answer(NAMED)),
            Err(StepRefused::NotNamed)
        );
        assert_eq!(
            draft.may(&named, &answer(OTHER)),
            Err(StepRefused::NotNamed)
        );
        assert!(matches!(
            draft.may(&owner, &Step::Withdraw),
            Err(StepRefused::Stage(_))
        ));
    }

    #[test]
    fn a_revision_asks_everyone_named_again() {
        let s = study(Stage::Approved, Consent::Given);
        let again = CaseStudy::consents_after_revision(&s.consents, &s.draft, &|o| o.key());
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].consent, Consent::Awaiting);
        assert_eq!(again[0].organisation.name, "Named");
    }
}
