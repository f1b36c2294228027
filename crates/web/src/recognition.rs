//! What the recognition pages and API share: the reader, finding one the reader may see,
//! the records a writer may cite for a nominee (the one rule for the form's choices, the
//! check of what was sent, and which cited records a reader is shown), and checking a
//! posted or sent recognition whole.

use crate::access::RequestContext;
use crate::case_studies::reader as case_study_reader;
use crate::pages::acting_for::must_act_for;
use crate::pages::forms::FieldErrors;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::{MembershipStatus, ReadScope};
use convene_domain::evidence::recognition::{
    EvidenceRef, Nominee, Recognition, RecognitionDraft, RecognitionForm, RecognitionId,
};
use convene_domain::party::OrgRef;
use convene_store::{CaseStudyList, MAX_BROKERAGE_LISTED, MAX_CASE_STUDIES_LISTED};
use std::collections::BTreeMap;

/// Who is reading, as the store's rule needs them.
pub(crate) fn reader(context: &RequestContext) -> ReadScope {
    context.actor.read_scope()
}

/// Recognition `id` if the reader may see it; "not found" otherwise, as for one that does
/// not exist.
pub(crate) async fn visible(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Recognition, WebError> {
    let missing =
        || WebError::NotFound("There is no such recognition, or you cannot see it.".into());
    let id = RecognitionId(id.parse().map_err(|_| missing())?);
    let recognition = state
        .store()
        .recognition(&reader(context), id)
        .await?
        .ok_or_else(missing)?;
    if !recognition.may_read(context.actor.viewer()) {
        return Err(missing());
    }
    Ok(recognition)
}

/// The organisations a nominee's records are found through: the organisation itself, or
/// every organisation the person is an approved member of.
async fn organisations_of(state: &AppState, nominee: Nominee) -> Result<Vec<OrgRef>, WebError> {
    Ok(match nominee {
        Nominee::Organisation(org) => vec![org],
        Nominee::Person(person) => state
            .store()
            .memberships_of(person)
            .await?
            .into_iter()
            .filter(|m| m.status == MembershipStatus::Approved)
            .map(|m| m.organisation.org)
            .collect(),
    })
}

/// Every record the reader may see that `nominee` took part in, with what it is in words:
/// case studies naming the nominee (or the person's organisations), collaborations they
/// were part of, and peer reviews they gave (as the reviewers' organisation, or as a
/// reviewer). The form offers these, a recognition may cite only these, and a reader is
/// shown only the cited records that are among them.
pub(crate) async fn citable(
    state: &AppState,
    context: &RequestContext,
    nominee: Nominee,
) -> Result<BTreeMap<EvidenceRef, String>, WebError> {
    let store = state.store();
    let scope = reader(context);
    let sees_org = |org: OrgRef| scope.organisations.contains(&org);
    let mut out = BTreeMap::new();
    for org in organisations_of(state, nominee).await? {
        let studies = store
            .case_studies(
                &case_study_reader(context),
                &CaseStudyList {
                    naming: Some(org),
                    ..CaseStudyList::default()
                },
                MAX_CASE_STUDIES_LISTED,
            )
            .await?;
        for s in studies.iter().filter(|s| s.may_read(&context.actor)) {
            out.insert(
                EvidenceRef::CaseStudy(s.id),
                format!("Case study: {}", s.draft.title),
            );
        }
        for c in store
            .collaborations(&scope, Some(org), MAX_BROKERAGE_LISTED, 0)
            .await?
        {
            out.insert(
                EvidenceRef::Collaboration(c.id),
                format!(
                    "Collaboration: {} helping {} with {} ({}, from {})",
                    c.helper.name,
                    c.helped.name,
                    c.area.label().to_lowercase(),
                    c.status.label().to_lowercase(),
                    c.start.long()
                ),
            );
        }
        if matches!(nominee, Nominee::Organisation(_)) {
            for r in store.review_records_of(org).await? {
                let given = r.reviewers.contains(&org);
                let seen =
                    r.published || sees_org(r.host) || r.reviewers.iter().any(|o| sees_org(*o));
                if given && seen {
                    out.insert(
                        EvidenceRef::ReviewGiven(r.review),
                        format!(
                            "Peer review of {}, finished {}",
                            r.host_name,
                            r.ends_on.long()
                        ),
                    );
                }
            }
        }
    }
    if let Nominee::Person(person) = nominee {
        for h in store.reviewer_hours(person).await? {
            let seen = h.published || sees_org(h.host) || scope.person == Some(person);
            if seen {
                out.insert(
                    EvidenceRef::ReviewGiven(h.review),
                    format!(
                        "Peer review of {} as a reviewer ({} hours), finished {}",
                        h.host_name,
                        h.hours,
                        h.ends_on.long()
                    ),
                );
            }
        }
    }
    Ok(out)
}

/// Checks a posted or sent recognition whole: the fields, that the writer acts for the
/// giving organisation and is not recognising themselves, and that every record cited is
/// one they may cite for this nominee.
pub(crate) async fn checked(
    state: &AppState,
    context: &RequestContext,
    form: &RecognitionForm,
) -> Result<Result<RecognitionDraft, FieldErrors>, WebError> {
    let viewer = context.viewer()?;
    let draft = match must_act_for(viewer, "from", &form.from, RecognitionDraft::check(form)) {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(problems)),
    };
    if let Some(refusal) = draft.refused_for(viewer) {
        return Ok(Err(vec![("nominee", refusal)]));
    }
    let allowed = citable(state, context, draft.nominee).await?;
    let problems: FieldErrors = draft
        .evidence
        .iter()
        .filter(|e| !allowed.contains_key(e))
        .map(|e| {
            (
                "evidence",
                format!(
                    "{} is not a record you can see that {} took part in",
                    e.key(),
                    match draft.nominee {
                        Nominee::Person(_) => "this person",
                        Nominee::Organisation(_) => "this organisation",
                    }
                ),
            )
        })
        .collect();
    Ok(if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    })
}

/// The records `recognition` cites that the reader may see, with their words, and how
/// many others it cites that the reader may not see.
pub(crate) async fn cited_for_reader(
    state: &AppState,
    context: &RequestContext,
    recognition: &Recognition,
) -> Result<(Vec<(EvidenceRef, String)>, usize), WebError> {
    let seen = citable(state, context, recognition.draft.nominee).await?;
    let mut shown = Vec::new();
    let mut hidden = 0;
    for evidence in &recognition.draft.evidence {
        match seen.get(evidence) {
            Some(label) => shown.push((*evidence, label.clone())),
            None => hidden += 1,
        }
    }
    Ok((shown, hidden))
}
