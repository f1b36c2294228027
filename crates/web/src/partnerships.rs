//! What partnership pages and the API share: finding a partnership the reader may see and
//! their role in it, the checks on who may act (members act, conveners convene, an
//! organisation's administrators answer its invitations), today's date, and reading the
//! forms both accept. Pages live in `pages/partnerships/`, the JSON API in
//! `api/partnerships.rs`.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::partnerships::{
    CommitmentForm, GoalForm, Member, Partnership, PartnershipForm, PartnershipId, PartnershipRole,
};
use convene_domain::Date;
use convene_store::PartnershipDossier;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// A partnership the reader may see, its members, and the reader's role in it (none for
/// outsiders and for invited organisations that have not yet joined).
pub(crate) struct Seen {
    /// The partnership.
    pub partnership: Partnership,
    /// Every member, invitations included (show only what the role allows).
    pub members: Vec<Member>,
    /// The reader's strongest role.
    pub role: Option<PartnershipRole>,
}

impl Seen {
    /// Whether the reader is a member (any role) and so sees members-only material.
    pub fn member(&self) -> bool {
        self.role.is_some()
    }

    /// Whether the reader acts (convener or partner).
    pub fn acts(&self) -> bool {
        self.role.is_some_and(PartnershipRole::acts)
    }

    /// Whether the reader convenes.
    pub fn convenes(&self) -> bool {
        self.role == Some(PartnershipRole::Convener)
    }

    /// Everything the page may show this reader.
    pub async fn dossier(&self, state: &AppState) -> Result<Arc<PartnershipDossier>, WebError> {
        Ok(state
            .store()
            .partnership_dossier(&self.partnership, self.member())
            .await?)
    }
}

/// Today in UTC.
pub(crate) fn today() -> Date {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    Date::from_days_since_epoch(days).unwrap_or_else(|| Date::new(2026, 1, 1).expect("a date"))
}

/// The partnership at `id` if the reader may see it: "not found" whether it does not exist
/// or is unpublished and the reader is not part of it.
pub(crate) async fn visible(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Seen, WebError> {
    let not_found =
        || WebError::NotFound("There is no such partnership, or you cannot see it.".into());
    let id = PartnershipId(id.parse().map_err(|_| not_found())?);
    let (partnership, members) = state
        .store()
        .partnership(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(not_found)?;
    let role = convene_domain::partnerships::partnership::role_of(context.actor.viewer(), &members);
    Ok(Seen {
        partnership,
        members,
        role,
    })
}

/// The partnership, for a member who acts (convener or partner); observers and outsiders
/// who may see it are refused, others are told it does not exist.
pub(crate) async fn acting(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Seen, WebError> {
    let seen = visible(state, context, id).await?;
    if !seen.acts() {
        return Err(WebError::Forbidden(
            "Only the partnership's conveners and partners can do this.".into(),
        ));
    }
    Ok(seen)
}

/// The partnership, for a convener.
pub(crate) async fn convening(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Seen, WebError> {
    let seen = visible(state, context, id).await?;
    if !seen.convenes() {
        return Err(WebError::Forbidden(
            "Only the partnership's conveners can do this.".into(),
        ));
    }
    Ok(seen)
}

/// The partnership form as read from named fields (a posted form or a JSON body).
pub(crate) fn partnership_form(get: impl Fn(&str) -> String) -> PartnershipForm {
    PartnershipForm {
        convener: get("convener"),
        name: get("name"),
        issue: get("issue"),
        local_authorities: get("local_authorities"),
        schools: get("schools"),
        evidence: get("evidence"),
        vision: get("vision"),
        narrative: get("narrative"),
        rhythm: get("rhythm"),
        weeks: get("weeks"),
        first_stocktake: get("first_stocktake"),
        calendar: get("calendar"),
        published: matches!(get("published").as_str(), "yes" | "true"),
    }
}

/// The goal form as read from named fields.
pub(crate) fn goal_form(get: impl Fn(&str) -> String) -> GoalForm {
    GoalForm {
        title: get("title"),
        measure: get("measure"),
        unit: get("unit"),
        baseline: get("baseline"),
        baseline_on: get("baseline_on"),
        target: get("target"),
        deadline: get("deadline"),
        owner: get("owner"),
    }
}

/// The commitment form as read from named fields.
pub(crate) fn commitment_form(get: impl Fn(&str) -> String) -> CommitmentForm {
    CommitmentForm {
        goal: get("goal"),
        owner: get("owner"),
        action: get("action"),
        due: get("due"),
        days: get("days"),
    }
}
