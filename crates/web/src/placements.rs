//! What placement pages and the API share: finding a register entry, request or agreement
//! the reader may see (anything else is "not found", so a confidential crisis request or an
//! agreement between two other trusts cannot be told from one that does not exist), which
//! side of an agreement the reader acts for, and the suggested matches for a request with
//! distances from the same evidence index peer review and brokerage use. Pages live in
//! `pages/placements/`, the JSON API in `api/placements.rs`.

use crate::access::RequestContext;
use crate::state::AppState;
use crate::WebError;
use convene_domain::access::Viewer;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::relations::relations_from_evidence;
use convene_domain::placements::{
    suggest, AgreementForm, AvailableLeaderForm, AvailableLeaderId, LeaderRequestForm,
    LeaderRequestId, Matches, PlacementId, PlacementKind, Side, TradedOfferForm,
};
use convene_store::{
    NamedAgreement, NamedLeader, NamedRequest, PlacementFilter, MAX_PLACEMENTS_LISTED,
};
use std::collections::{BTreeSet, HashMap};

/// A record number from the address, or "not found" in the words given.
fn number(id: &str, missing: &str) -> Result<i64, WebError> {
    id.parse()
        .map_err(|_| WebError::NotFound(missing.to_string()))
}

/// The register entry numbered `id`, if the reader may see it.
pub(crate) async fn leader(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<NamedLeader, WebError> {
    let missing = "There is no such leader on the register.";
    let id = AvailableLeaderId(number(id, missing)?);
    state
        .store()
        .available_leader(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(|| WebError::NotFound(missing.into()))
}

/// The request numbered `id`, if the reader may see it.
pub(crate) async fn request(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<NamedRequest, WebError> {
    let missing = "There is no such request.";
    let id = LeaderRequestId(number(id, missing)?);
    state
        .store()
        .leader_request(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(|| WebError::NotFound(missing.into()))
}

/// The agreement numbered `id`, if the reader acts for one of its organisations.
pub(crate) async fn agreement(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<NamedAgreement, WebError> {
    let missing = "There is no such agreement.";
    let id = PlacementId(number(id, missing)?);
    state
        .store()
        .agreement(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(|| WebError::NotFound(missing.into()))
}

/// The side of `agreement` the viewer acts for as `org`: `org` must be one of its two
/// organisations and one the viewer belongs to.
pub(crate) fn side_for(
    viewer: &Viewer,
    agreement: &NamedAgreement,
    org: &str,
) -> Result<Side, WebError> {
    OrgRef::parse(org.trim())
        .filter(|o| viewer.belongs_to(*o))
        .and_then(|o| agreement.agreement.side_of(o))
        .ok_or_else(|| {
            WebError::Forbidden(
                "Choose the side of the agreement you act for: only its own people can record \
                 its board's approval or its choice to publish."
                    .into(),
            )
        })
}

/// Whether the reader acts for the organisation that made `request`: only they see its
/// suggested matches and may propose an agreement from it.
pub(crate) fn asks(context: &RequestContext, request: &NamedRequest) -> bool {
    context
        .actor
        .viewer()
        .is_some_and(|v| v.belongs_to(request.request.org))
}

/// The register entries the reader may see, suggested for `request` and scored, with the
/// distance from each entry's organisation to the one asking (the nearest pair of their
/// schools, from the evidence index), and the names to show them by.
pub(crate) async fn matches(
    state: &AppState,
    context: &RequestContext,
    request: &NamedRequest,
) -> Result<(Matches, HashMap<AvailableLeaderId, NamedLeader>), WebError> {
    let leaders = state
        .store()
        .available_leaders(
            &context.actor.read_scope(),
            &PlacementFilter::default(),
            MAX_PLACEMENTS_LISTED,
            0,
        )
        .await?;
    let evidence = state.evidence().await?;
    let analysis = state.analysis().await?;
    let asking = request.request.org;
    let mut km: HashMap<OrgRef, Option<f64>> = HashMap::new();
    for named in &leaders {
        let org = named.leader.org;
        km.entry(org).or_insert_with(|| {
            relations_from_evidence(&[asking, org], &evidence, &analysis, &[]).km(0, 1)
        });
    }
    let input: Vec<_> = leaders
        .iter()
        .map(|n| (n.leader.clone(), km.get(&n.leader.org).copied().flatten()))
        .collect();
    let found = suggest(&request.request, &input, &BTreeSet::new());
    let by_id = leaders.into_iter().map(|n| (n.leader.id, n)).collect();
    Ok((found, by_id))
}

/// An agreement form filled in from a request and a suggested leader: the receiving
/// organisation is the one asking, the lending one the leader's, and the role, dates and
/// days those asked for.
pub(crate) fn agreement_form_from(request: &NamedRequest, leader: &NamedLeader) -> AgreementForm {
    let r = &request.request;
    let role_other = match &r.role {
        convene_domain::placements::LeaderRole::Other(title) => title.clone(),
        _ => String::new(),
    };
    AgreementForm {
        lending: leader.leader.org.key(),
        receiving: r.org.key(),
        kind: PlacementKind::for_request(r.kind).key().into(),
        person_name: leader.leader.person.clone().unwrap_or_default(),
        role: r.role.kind().key().into(),
        role_other,
        from: r.from.max(leader.leader.from).to_string(),
        to: r.to.min(leader.leader.to).to_string(),
        days_per_week: r.days_per_week.min(leader.leader.days_per_week).number(),
        recharge_terms: String::new(),
        daily_rate: String::new(),
    }
}

/// The register form from named fields (a posted form), with the organisations shared
/// with read as keys; keys that cannot be read are returned to be reported.
pub(crate) fn leader_form(
    get: impl Fn(&str) -> String,
    shared: &[String],
) -> (AvailableLeaderForm, Vec<String>) {
    let mut unreadable = Vec::new();
    let mut shared_with = BTreeSet::new();
    for key in shared.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        match OrgRef::parse(key) {
            Some(org) => {
                shared_with.insert(org);
            }
            None => unreadable.push(key.to_string()),
        }
    }
    let form = AvailableLeaderForm {
        org: get("org"),
        person_name: get("person_name"),
        to_be_named: matches!(get("to_be_named").as_str(), "yes" | "true" | "on"),
        role: get("role"),
        role_other: get("role_other"),
        days_per_week: get("days_per_week"),
        from: get("from"),
        to: get("to"),
        reach: get("reach"),
        within_km: get("within_km"),
        description: get("description"),
        level: get("level"),
        shared_with,
    };
    (form, unreadable)
}

/// The request form from named fields.
pub(crate) fn request_form(get: impl Fn(&str) -> String) -> LeaderRequestForm {
    LeaderRequestForm {
        org: get("org"),
        kind: get("kind"),
        role: get("role"),
        role_other: get("role_other"),
        days_per_week: get("days_per_week"),
        from: get("from"),
        to: get("to"),
        description: get("description"),
        confidential: get("confidential"),
    }
}

/// The agreement form from named fields.
pub(crate) fn agreement_form(get: impl Fn(&str) -> String) -> AgreementForm {
    AgreementForm {
        lending: get("lending"),
        receiving: get("receiving"),
        kind: get("kind"),
        person_name: get("person_name"),
        role: get("role"),
        role_other: get("role_other"),
        from: get("from"),
        to: get("to"),
        days_per_week: get("days_per_week"),
        recharge_terms: get("recharge_terms"),
        daily_rate: get("daily_rate"),
    }
}

/// The traded-service form from named fields.
pub(crate) fn traded_form(get: impl Fn(&str) -> String) -> TradedOfferForm {
    TradedOfferForm {
        org: get("org"),
        service: get("service"),
        description: get("description"),
        price_basis: get("price_basis"),
        area_served: get("area_served"),
    }
}
