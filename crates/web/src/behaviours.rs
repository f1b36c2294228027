//! What the behaviours pages and API share: the Convene records a person may cite as
//! evidence in their self-assessment (partnerships their organisations convened, peer
//! reviews they gave, loans their organisations made), and checking an assessment whole
//! against them.

use crate::access::RequestContext;
use crate::pages::forms::FieldErrors;
use crate::state::AppState;
use crate::WebError;
use convene_domain::behaviours::assessment::{AssessmentDraft, AssessmentForm};
use std::collections::BTreeMap;

/// Most of each kind of record offered.
const MAX_OFFERED: usize = 200;

/// The reader's own records they may cite, by key, each with its words and its page.
pub(crate) async fn own_records(
    state: &AppState,
    context: &RequestContext,
) -> Result<BTreeMap<String, (String, String)>, WebError> {
    let viewer = context.viewer()?;
    let scope = context.actor.read_scope();
    let store = state.store();
    let mut out = BTreeMap::new();
    for summary in store.partnerships(&scope, None, MAX_OFFERED, 0).await? {
        let p = &summary.partnership;
        if viewer.belongs_to(p.convened_by.org) {
            out.insert(
                format!("partnership-{}", p.id.0),
                (
                    format!("Partnership convened: {} ({})", p.name, p.convened_by.name),
                    p.path(),
                ),
            );
        }
    }
    for h in store.reviewer_hours(viewer.id).await? {
        out.insert(
            format!("peer-review-{}", h.review.0),
            (
                format!(
                    "Peer review given: {} ({} hours, finished {})",
                    h.host_name,
                    h.hours,
                    h.ends_on.long()
                ),
                format!("/peer-reviews/{}", h.review.0),
            ),
        );
    }
    for a in store.agreements_of(&scope, MAX_OFFERED, 0).await? {
        if viewer.belongs_to(a.agreement.lending) {
            out.insert(
                format!("placement-{}", a.agreement.id.0),
                (
                    format!(
                        "{} lent to {}: {} from {}",
                        a.agreement.role.label(),
                        a.receiving_name,
                        a.lending_name,
                        a.agreement.from.long()
                    ),
                    format!("/placements/agreements/{}", a.agreement.id.0),
                ),
            );
        }
    }
    Ok(out)
}

/// Checks an assessment whole, every cited record one of the reader's own; the draft and
/// each cited record's key with its words.
pub(crate) async fn checked_assessment(
    state: &AppState,
    context: &RequestContext,
    form: &AssessmentForm,
) -> Result<Result<(AssessmentDraft, Vec<(String, String)>), FieldErrors>, WebError> {
    let draft = match AssessmentDraft::check(form) {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(problems)),
    };
    let own = own_records(state, context).await?;
    let mut cited = Vec::new();
    let mut problems = FieldErrors::new();
    for key in &draft.records {
        match own.get(key) {
            Some((label, _)) => cited.push((key.clone(), label.clone())),
            None => problems.push((
                "records",
                format!(
                    "\"{}\" is not a partnership you convened, a review you gave or a loan you made",
                    key.chars().take(40).collect::<String>()
                ),
            )),
        }
    }
    Ok(if problems.is_empty() {
        Ok((draft, cited))
    } else {
        Err(problems)
    })
}
