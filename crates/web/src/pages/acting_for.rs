//! Forms that post for an organisation: the choice of organisations the reader acts for,
//! and the check that the one chosen is one of them. Partnerships and review rounds (and
//! any capability to come) ask these the same way.

use crate::access::RequestContext;
use crate::pages::forms::FieldErrors;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::Viewer;
use convene_domain::party::OrgRef;

/// The organisations the reader acts for, as radio choices: `chosen` ticked, or the first
/// when nothing is chosen yet.
pub(crate) async fn organisation_choices(
    state: &AppState,
    context: &RequestContext,
    chosen: &str,
) -> Result<Vec<(String, String, bool)>, WebError> {
    let viewer = context.viewer()?;
    let mut out = Vec::new();
    for (i, org) in viewer.organisations.keys().enumerate() {
        let name = state
            .store()
            .organisation_name(*org)
            .await?
            .unwrap_or_else(|| org.key());
        let pick = chosen == org.key() || (chosen.is_empty() && i == 0);
        out.push((org.key(), name, pick));
    }
    Ok(out)
}

/// `checked` with one more problem first, on `field`, when `key` names an organisation the
/// viewer does not act for; a key that is not an organisation is left to the form's own
/// check.
pub(crate) fn must_act_for<T>(
    viewer: &Viewer,
    field: &'static str,
    key: &str,
    checked: Result<T, FieldErrors>,
) -> Result<T, FieldErrors> {
    match OrgRef::parse(key.trim()) {
        Some(org) if !viewer.belongs_to(org) => {
            let mut problems = checked.err().unwrap_or_default();
            problems.insert(0, (field, "Choose an organisation you act for".into()));
            Err(problems)
        }
        _ => checked,
    }
}
