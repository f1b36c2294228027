//! The JSON API for placements, under `/api/v1/placements`: the register of available
//! leaders, requests for a leader and their suggested matches, agreements from proposal
//! to review, the collaboration records finished placements leave, and traded services.
//! The same checks and the same visibility as the pages (`crate::placements`,
//! `pages/placements/`): a confidential request, or an agreement the caller is not party
//! to, is answered exactly like one that does not exist, platform administrators included.

use super::json_body::{read, refused as problems};
use super::must_act_for;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{
    AgreementSearch, LeaderRequestSearch, LeaderSearch, TradedSearch, BROKERAGE_PAGE_SIZE,
};
use crate::error::ApiError;
use crate::pages::notes::offset;
use crate::params::ApiParams;
use crate::partnerships::today;
use crate::placements::{agreement as party_agreement, asks, leader_form, side_for};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use convene_domain::party::OrgRef;
use convene_domain::placements::{
    Agreement, AgreementDraft, AgreementForm, AvailableLeader, AvailableLeaderDraft, BoardApproval,
    BoardApprovalForm, EndReview, EndReviewForm, LeaderRequest, LeaderRequestDraft,
    LeaderRequestForm, LeaderRequestId, Matches, PlacementId, PlacementRecord, Side, TradedOffer,
    TradedOfferDraft, TradedOfferForm,
};
use convene_store::{
    NamedAgreement, NamedLeader, NamedPlacementRecord, NamedRequest, NamedTradedOffer,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const TAG: &str = "Placements";

/// A leader on the register, with their organisation's name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct LeaderItem {
    /// The entry.
    #[serde(flatten)]
    leader: AvailableLeader,
    /// The organisation's name.
    org_name: String,
}

impl From<NamedLeader> for LeaderItem {
    fn from(n: NamedLeader) -> LeaderItem {
        LeaderItem {
            leader: n.leader,
            org_name: n.org_name,
        }
    }
}

/// A request for a leader, with the asking organisation's name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RequestItem {
    /// The request.
    #[serde(flatten)]
    request: LeaderRequest,
    /// The asking organisation's name.
    org_name: String,
}

impl From<NamedRequest> for RequestItem {
    fn from(n: NamedRequest) -> RequestItem {
        RequestItem {
            request: n.request,
            org_name: n.org_name,
        }
    }
}

/// An agreement as its parties see it: every term, the sides still to approve, and once
/// finished the collaboration record it leaves.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct AgreementItem {
    /// The agreement.
    #[serde(flatten)]
    agreement: Agreement,
    /// The lending organisation's name.
    lending_name: String,
    /// The receiving organisation's name.
    receiving_name: String,
    /// The request it answers, if any.
    request: Option<LeaderRequestId>,
    /// The sides whose boards have not approved yet.
    waiting_for: Vec<Side>,
    /// The collaboration record, once the placement is over.
    collaboration_record: Option<PlacementRecord>,
}

impl From<NamedAgreement> for AgreementItem {
    fn from(n: NamedAgreement) -> AgreementItem {
        AgreementItem {
            waiting_for: n.agreement.waiting_for(),
            collaboration_record: n.agreement.collaboration_record(),
            agreement: n.agreement,
            lending_name: n.lending_name,
            receiving_name: n.receiving_name,
            request: n.request,
        }
    }
}

/// A finished placement as a collaboration record: never its terms.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecordItem {
    /// The agreement's number.
    id: PlacementId,
    /// The record.
    #[serde(flatten)]
    record: PlacementRecord,
    /// The lending organisation's name.
    lending_name: String,
    /// The receiving organisation's name.
    receiving_name: String,
}

impl From<NamedPlacementRecord> for RecordItem {
    fn from(n: NamedPlacementRecord) -> RecordItem {
        RecordItem {
            id: n.id,
            record: n.record,
            lending_name: n.lending_name,
            receiving_name: n.receiving_name,
        }
    }
}

/// A traded-service offer, with the offering organisation's name.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct TradedItem {
    /// The offer.
    #[serde(flatten)]
    offer: TradedOffer,
    /// The organisation's name.
    org_name: String,
}

impl From<NamedTradedOffer> for TradedItem {
    fn from(n: NamedTradedOffer) -> TradedItem {
        TradedItem {
            offer: n.offer,
            org_name: n.org_name,
        }
    }
}

/// The page asked for, as (limit, offset).
fn paging(params: &crate::params::Params) -> Result<(usize, usize), WebError> {
    let page = params.page()?;
    let per_page = params.per_page(BROKERAGE_PAGE_SIZE)? as usize;
    Ok((per_page, offset(page, per_page)))
}

/// Available leaders.
///
/// The register entries the caller may see (each trust chooses who sees its entries),
/// newest first, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/placements/leaders",
    operation_id = "list_available_leaders",
    tag = TAG,
    params(LeaderSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The leaders.", body = Vec<LeaderItem>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_leaders(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<LeaderItem>>, WebError> {
    let filter = crate::pages::placements::leaders::filter_from(&params)?;
    let (limit, offset) = paging(&params)?;
    let leaders = state
        .store()
        .available_leaders(&context.actor.read_scope(), &filter, limit, offset)
        .await?;
    Ok(Json(leaders.into_iter().map(LeaderItem::from).collect()))
}

/// Who may see a new register entry.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewLeaderVisibility {
    /// `members` anyone signed in; `organisations` members of the organisations named (the
    /// entry's own is always added); `private` the author alone; `public` anyone.
    #[schema(value_type = crate::api::notes::NewVisibility)]
    level: String,
    /// For `organisations`: the organisations it is shared with besides its own.
    #[serde(default)]
    #[schema(value_type = Vec<OrgRef>)]
    organisations: Vec<String>,
}

/// A leader to put on the register.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewLeader {
    /// The organisation making the leader available; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    org: String,
    /// The leader's name (up to 200 characters), unless `to_be_named`.
    #[serde(default)]
    #[schema(max_length = 200)]
    person_name: String,
    /// Whether the person is still to be named.
    #[serde(default)]
    to_be_named: bool,
    /// The role.
    #[schema(value_type = convene_domain::placements::RoleKind)]
    role: String,
    /// The role's title, for `other` (up to 100 characters).
    #[serde(default)]
    #[schema(max_length = 100)]
    role_other: String,
    /// Days a week available, from 0.5 to 5 in halves.
    #[schema(minimum = 0.5, maximum = 5, multiple_of = 0.5)]
    days_per_week: f64,
    /// Available from (yyyy-mm-dd).
    #[schema(format = Date)]
    from: String,
    /// Available until (yyyy-mm-dd), on or after `from`.
    #[schema(format = Date)]
    to: String,
    /// `within` (the distance in `within_km`) or `anywhere`.
    #[schema(value_type = NewPlacementReach)]
    reach: String,
    /// For `within`: kilometres, from 1 to 700.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 700)]
    within_km: Option<i64>,
    /// What the leader brings (up to 2,000 characters).
    #[schema(max_length = 2000)]
    description: String,
    /// Who may see the entry.
    visibility: NewLeaderVisibility,
}

/// How far a leader can travel.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "the schema of a field read as text, so every problem is listed"
)]
enum NewPlacementReach {
    /// Within `within_km` kilometres in a straight line.
    Within,
    /// Anywhere in England.
    Anywhere,
}

/// Make a leader available.
///
/// Puts a leader on the register for an organisation the token's owner acts for. Every
/// problem with the body is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/placements/leaders",
    operation_id = "create_available_leader",
    tag = TAG,
    request_body = NewLeader,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The entry as stored.", body = LeaderItem),
        (status = 400, description = "The entry is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 409, description = "An organisation it is shared with is not on Convene.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_leader(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<LeaderItem>), WebError> {
    let new: NewLeader = read("leader", new)?;
    let viewer = context.viewer()?;
    let (form, unreadable) = leader_form(
        |name| match name {
            "org" => new.org.clone(),
            "person_name" => new.person_name.clone(),
            "to_be_named" => new.to_be_named.to_string(),
            "role" => new.role.clone(),
            "role_other" => new.role_other.clone(),
            "days_per_week" => new.days_per_week.to_string(),
            "from" => new.from.clone(),
            "to" => new.to.clone(),
            "reach" => new.reach.clone(),
            "within_km" => new.within_km.map(|k| k.to_string()).unwrap_or_default(),
            "description" => new.description.clone(),
            "level" => new.visibility.level.clone(),
            _ => String::new(),
        },
        &new.visibility.organisations,
    );
    let mut found: Vec<(&str, String)> = unreadable
        .iter()
        .map(|k| ("visibility.organisations", OrgRef::unreadable(k)))
        .collect();
    let draft = match AvailableLeaderDraft::check(&form) {
        Ok(draft) if found.is_empty() => draft,
        Ok(_) => return Err(problems("leader", &found)),
        Err(more) => {
            found.extend(more);
            return Err(problems("leader", &found));
        }
    };
    must_act_for(viewer, draft.org, "make its leaders available")?;
    let id = state
        .store()
        .create_available_leader(viewer.id, &draft)
        .await?;
    let stored = crate::placements::leader(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// One available leader.
///
/// A register entry, if the caller may see it; one the caller may not see is answered
/// exactly like one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/placements/leaders/{id}",
    operation_id = "available_leader",
    tag = TAG,
    params(("id" = i64, Path, description = "The entry's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The entry.", body = LeaderItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn leader(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<LeaderItem>, WebError> {
    Ok(Json(
        crate::placements::leader(&state, &context, &id)
            .await?
            .into(),
    ))
}

/// Requests for a leader.
///
/// The requests the caller may see, newest first: open requests for anyone signed in, and
/// confidential ones (a crisis, unless the trust chose otherwise) only for people acting
/// for the organisation asking. Platform administrators see no confidential request.
#[utoipa::path(
    get,
    path = "/api/v1/placements/requests",
    operation_id = "list_leader_requests",
    tag = TAG,
    params(LeaderRequestSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The requests.", body = Vec<RequestItem>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_requests(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<RequestItem>>, WebError> {
    let filter = crate::pages::placements::requests::filter_from(&params)?;
    let (limit, offset) = paging(&params)?;
    let requests = state
        .store()
        .leader_requests(&context.actor.read_scope(), &filter, limit, offset)
        .await?;
    Ok(Json(requests.into_iter().map(RequestItem::from).collect()))
}

/// A request to post.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewRequest {
    /// The organisation asking; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    org: String,
    /// `vacancy` or `crisis`.
    #[schema(value_type = convene_domain::placements::RequestKind)]
    kind: String,
    /// The role wanted.
    #[schema(value_type = convene_domain::placements::RoleKind)]
    role: String,
    /// The role's title, for `other` (up to 100 characters).
    #[serde(default)]
    #[schema(max_length = 100)]
    role_other: String,
    /// Days a week wanted, from 0.5 to 5 in halves.
    #[schema(minimum = 0.5, maximum = 5, multiple_of = 0.5)]
    days_per_week: f64,
    /// Wanted from (yyyy-mm-dd).
    #[schema(format = Date)]
    from: String,
    /// Wanted until (yyyy-mm-dd), on or after `from`.
    #[schema(format = Date)]
    to: String,
    /// What is needed and why (up to 2,000 characters).
    #[schema(max_length = 2000)]
    description: String,
    /// Whether only the asking organisation may see it; absent for the kind's default (a
    /// crisis is confidential, a vacancy open).
    #[serde(default)]
    confidential: Option<bool>,
}

/// Ask for a leader.
///
/// Posts a request for an organisation the token's owner acts for. A crisis request is
/// confidential unless `confidential` is `false`. Every problem with the body is listed at
/// once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/placements/requests",
    operation_id = "create_leader_request",
    tag = TAG,
    request_body = NewRequest,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The request as stored.", body = RequestItem),
        (status = 400, description = "The request is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_request(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<RequestItem>), WebError> {
    let new: NewRequest = read("request", new)?;
    let viewer = context.viewer()?;
    let form = LeaderRequestForm {
        org: new.org.clone(),
        kind: new.kind.clone(),
        role: new.role.clone(),
        role_other: new.role_other.clone(),
        days_per_week: new.days_per_week.to_string(),
        from: new.from.clone(),
        to: new.to.clone(),
        description: new.description.clone(),
        confidential: new.confidential.map(|c| c.to_string()).unwrap_or_default(),
    };
    let draft = LeaderRequestDraft::check(&form).map_err(|p| problems("request", &p))?;
    must_act_for(viewer, draft.org, "ask for a leader for it")?;
    let id = state
        .store()
        .create_leader_request(viewer.id, &draft)
        .await?;
    let stored = crate::placements::request(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// One request for a leader.
///
/// A request, if the caller may see it; a confidential one is answered, for anyone not
/// acting for the organisation asking, exactly like one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/placements/requests/{id}",
    operation_id = "leader_request",
    tag = TAG,
    params(("id" = i64, Path, description = "The request's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The request.", body = RequestItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn request(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<RequestItem>, WebError> {
    Ok(Json(
        crate::placements::request(&state, &context, &id)
            .await?
            .into(),
    ))
}

/// Suggested leaders for a request.
///
/// For people acting for the organisation asking: the leaders they may see on the
/// register, scored out of 100 on four factors (role 20, dates 40, days 25, distance 15),
/// each in numbers and words, and every other leader with the reason it is left out.
#[utoipa::path(
    get,
    path = "/api/v1/placements/requests/{id}/matches",
    operation_id = "leader_request_matches",
    tag = TAG,
    params(("id" = i64, Path, description = "The request's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The matches, best first, and those left out.", body = Matches),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation asking, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn matches(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Matches>, WebError> {
    let asked = crate::placements::request(&state, &context, &id).await?;
    if !asks(&context, &asked) {
        return Err(WebError::Forbidden(
            "Only people acting for the organisation asking see its suggested leaders.".into(),
        ));
    }
    let (found, _) = crate::placements::matches(&state, &context, &asked).await?;
    Ok(Json(found))
}

/// The caller's placement agreements.
///
/// Agreements any organisation the token's owner acts for is party to, newest first, terms
/// included. No one else's agreements are ever listed, platform administrators' included.
#[utoipa::path(
    get,
    path = "/api/v1/placements/agreements",
    operation_id = "list_placement_agreements",
    tag = TAG,
    params(AgreementSearch),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreements.", body = Vec<AgreementItem>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_agreements(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<AgreementItem>>, WebError> {
    let (limit, offset) = paging(&params)?;
    let agreements = state
        .store()
        .agreements_of(&context.actor.read_scope(), limit, offset)
        .await?;
    Ok(Json(
        agreements.into_iter().map(AgreementItem::from).collect(),
    ))
}

/// An agreement to propose.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewAgreement {
    /// The lending organisation.
    #[schema(value_type = OrgRef)]
    lending: String,
    /// The receiving organisation; the token's owner must act for one of the two.
    #[schema(value_type = OrgRef)]
    receiving: String,
    /// `loan` or `interim_leadership`.
    #[schema(value_type = convene_domain::placements::PlacementKind)]
    kind: String,
    /// The leader's name (up to 200 characters).
    #[schema(max_length = 200)]
    person_name: String,
    /// The role.
    #[schema(value_type = convene_domain::placements::RoleKind)]
    role: String,
    /// The role's title, for `other`.
    #[serde(default)]
    #[schema(max_length = 100)]
    role_other: String,
    /// First day (yyyy-mm-dd).
    #[schema(format = Date)]
    from: String,
    /// Last day (yyyy-mm-dd), on or after `from`.
    #[schema(format = Date)]
    to: String,
    /// Days a week, from 0.5 to 5 in halves.
    #[schema(minimum = 0.5, maximum = 5, multiple_of = 0.5)]
    days_per_week: f64,
    /// The recharge terms in words (up to 2,000 characters).
    #[schema(max_length = 2000)]
    recharge_terms: String,
    /// A daily rate in pounds ("450" or "450.50"), if one was agreed.
    #[serde(default)]
    daily_rate: String,
    /// The request it answers: the receiving organisation's own, and the caller must act
    /// for it.
    #[serde(default)]
    request: Option<i64>,
}

/// Propose a placement agreement.
///
/// Records a proposed agreement between two organisations, one of which the token's owner
/// acts for. It is agreed once both boards have recorded their approval.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements",
    operation_id = "propose_placement_agreement",
    tag = TAG,
    request_body = NewAgreement,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The agreement as stored.", body = AgreementItem),
        (status = 400, description = "The agreement is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner acts for neither organisation, or for no request named, or their email address is not confirmed.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "An organisation is not on Convene, or the request is not the receiving organisation's.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn propose_agreement(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<AgreementItem>), WebError> {
    let new: NewAgreement = read("agreement", new)?;
    let viewer = context.viewer()?;
    let form = AgreementForm {
        lending: new.lending.clone(),
        receiving: new.receiving.clone(),
        kind: new.kind.clone(),
        person_name: new.person_name.clone(),
        role: new.role.clone(),
        role_other: new.role_other.clone(),
        from: new.from.clone(),
        to: new.to.clone(),
        days_per_week: new.days_per_week.to_string(),
        recharge_terms: new.recharge_terms.clone(),
        daily_rate: new.daily_rate.clone(),
    };
    let draft = AgreementDraft::check(&form).map_err(|p| problems("agreement", &p))?;
    if !viewer.belongs_to(draft.lending) && !viewer.belongs_to(draft.receiving) {
        return Err(WebError::Forbidden(
            "You act for neither organisation: only their approved members can propose an \
             agreement between them."
                .into(),
        ));
    }
    let answering = match new.request {
        None => None,
        Some(id) => {
            let asked = crate::placements::request(&state, &context, &id.to_string()).await?;
            if !asks(&context, &asked) {
                return Err(WebError::Forbidden(
                    "Only people acting for the organisation asking can answer its request.".into(),
                ));
            }
            Some(asked.request.id)
        }
    };
    let id = state
        .store()
        .propose_agreement(viewer.id, &draft, answering)
        .await?;
    let stored = party_agreement(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}

/// One placement agreement.
///
/// Every term, for people acting for either organisation; for anyone else, platform
/// administrators included, 404 as if it did not exist.
#[utoipa::path(
    get,
    path = "/api/v1/placements/agreements/{id}",
    operation_id = "placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement.", body = AgreementItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn agreement(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<AgreementItem>, WebError> {
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// One board's approval.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewApproval {
    /// The side whose board approved: an organisation in the agreement the token's owner
    /// acts for.
    #[schema(value_type = OrgRef)]
    org: String,
    /// Who approved it for the board (up to 200 characters).
    #[schema(max_length = 200)]
    approved_by: String,
    /// When (yyyy-mm-dd), not after today.
    #[schema(format = Date)]
    approved_on: String,
}

/// Record a board's approval.
///
/// Records one side's board approval while the agreement is proposed; once both boards
/// have approved, it is agreed.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements/{id}/approve",
    operation_id = "approve_placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    request_body = NewApproval,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement as it now is.", body = AgreementItem),
        (status = 400, description = "The approval is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for that side.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The agreement is past the point of board approvals.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn approve(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<AgreementItem>, WebError> {
    let named = party_agreement(&state, &context, &id).await?;
    let new: NewApproval = read("approval", new)?;
    let side = side_for(context.viewer()?, &named, &new.org)?;
    let approval = BoardApproval::check(
        &BoardApprovalForm {
            approved_by: new.approved_by.clone(),
            approved_on: new.approved_on.clone(),
        },
        today(),
    )
    .map_err(|p| problems("approval", &p))?;
    state
        .store()
        .approve_agreement(named.agreement.id, side, &approval)
        .await?;
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// Start a placement.
///
/// Starts an agreed placement once its first day has come.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements/{id}/activate",
    operation_id = "activate_placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement as it now is.", body = AgreementItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "Both boards have not approved yet, its first day has not come, or it has started already; the message says which.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn activate(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<AgreementItem>, WebError> {
    let named = party_agreement(&state, &context, &id).await?;
    state
        .store()
        .activate_agreement(named.agreement.id, today())
        .await?;
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// End a placement.
///
/// Ends an active placement today.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements/{id}/end",
    operation_id = "end_placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement as it now is.", body = AgreementItem),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The placement is not active.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn end(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<AgreementItem>, WebError> {
    let named = party_agreement(&state, &context, &id).await?;
    state
        .store()
        .end_agreement(named.agreement.id, today())
        .await?;
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// The end-of-placement review.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewReview {
    /// What the placement achieved (up to 5,000 characters).
    #[schema(max_length = 5000)]
    outcome: String,
    /// The lending organisation's rating, 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    lending_rating: i64,
    /// The receiving organisation's rating, 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    receiving_rating: i64,
}

/// Review a placement.
///
/// Records how an ended placement went, once.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements/{id}/review",
    operation_id = "review_placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    request_body = NewReview,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement as it now is.", body = AgreementItem),
        (status = 400, description = "The review is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The placement has not ended, or has been reviewed already.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn review(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<AgreementItem>, WebError> {
    let named = party_agreement(&state, &context, &id).await?;
    let new: NewReview = read("review", new)?;
    let review = EndReview::check(&EndReviewForm {
        outcome: new.outcome.clone(),
        lending_rating: new.lending_rating.to_string(),
        receiving_rating: new.receiving_rating.to_string(),
    })
    .map_err(|p| problems("review", &p))?;
    state
        .store()
        .review_agreement(named.agreement.id, &review)
        .await?;
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// One side's choice to show that a placement happened.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewPublication {
    /// The side choosing: an organisation in the agreement the token's owner acts for.
    #[schema(value_type = OrgRef)]
    org: String,
    /// Whether to show, once it is over, that the placement happened (never its terms).
    publish: bool,
}

/// Show or hide a finished placement.
///
/// One side says whether it agrees to show that the placement happened. Others see it, as
/// a collaboration record without its terms, only once it is over and both sides agree.
#[utoipa::path(
    post,
    path = "/api/v1/placements/agreements/{id}/publication",
    operation_id = "publish_placement_agreement",
    tag = TAG,
    params(("id" = i64, Path, description = "The agreement's number.")),
    request_body = NewPublication,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The agreement as it now is.", body = AgreementItem),
        (status = 400, description = "The body could not be read.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for that side.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "Someone changed the agreement at the same moment.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn publication(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<AgreementItem>, WebError> {
    let named = party_agreement(&state, &context, &id).await?;
    let new: NewPublication = read("publication", new)?;
    let side = side_for(context.viewer()?, &named, &new.org)?;
    state
        .store()
        .set_agreement_publication(named.agreement.id, side, new.publish)
        .await?;
    Ok(Json(party_agreement(&state, &context, &id).await?.into()))
}

/// An organisation's finished placements.
///
/// The collaboration records finished loans and interim placements of an organisation
/// leave: every one for people acting for either organisation, and for anyone else only
/// those both organisations agreed to show. Never the terms.
#[utoipa::path(
    get,
    path = "/api/v1/placements/records/{org}",
    operation_id = "placement_records",
    tag = TAG,
    params(("org" = OrgRef, Path, description = "The organisation.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The records, newest first.", body = Vec<RecordItem>),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn records(
    State(state): State<AppState>,
    context: RequestContext,
    Path(org): Path<String>,
) -> Result<Json<Vec<RecordItem>>, WebError> {
    let org = OrgRef::parse(&org)
        .filter(|o| o.key() == org)
        .ok_or_else(|| WebError::NotFound("There is no such organisation.".into()))?;
    let records = state
        .store()
        .placement_records_for(&context.actor.read_scope(), org)
        .await?;
    Ok(Json(records.into_iter().map(RecordItem::from).collect()))
}

/// Traded services.
///
/// Offers of IT, HR, finance, catering, educational psychology, estates, legal and other
/// services, newest first. They are commercial offers made to be found: anyone may see
/// them.
#[utoipa::path(
    get,
    path = "/api/v1/placements/traded",
    operation_id = "list_traded_services",
    tag = TAG,
    params(TradedSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The offers.", body = Vec<TradedItem>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_traded(
    State(state): State<AppState>,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<TradedItem>>, WebError> {
    let filter = crate::pages::placements::traded::filter_from(&params)?;
    let (limit, offset) = paging(&params)?;
    let offers = state.store().traded_offers(&filter, limit, offset).await?;
    Ok(Json(offers.into_iter().map(TradedItem::from).collect()))
}

/// A traded service to offer.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewTraded {
    /// The organisation offering; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    org: String,
    /// The service.
    #[schema(value_type = convene_domain::placements::TradedService)]
    service: String,
    /// What is offered (up to 2,000 characters).
    #[schema(max_length = 2000)]
    description: String,
    /// How it is priced (up to 300 characters).
    #[schema(max_length = 300)]
    price_basis: String,
    /// Where it is offered (up to 200 characters).
    #[schema(max_length = 200)]
    area_served: String,
}

/// Offer a traded service.
///
/// Lists a service for an organisation the token's owner acts for. Every problem with the
/// body is listed at once and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/placements/traded",
    operation_id = "create_traded_service",
    tag = TAG,
    request_body = NewTraded,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The offer as stored.", body = TradedItem),
        (status = 400, description = "The offer is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_traded(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<TradedItem>), WebError> {
    let new: NewTraded = read("offer", new)?;
    let viewer = context.viewer()?;
    let draft = TradedOfferDraft::check(&TradedOfferForm {
        org: new.org.clone(),
        service: new.service.clone(),
        description: new.description.clone(),
        price_basis: new.price_basis.clone(),
        area_served: new.area_served.clone(),
    })
    .map_err(|p| problems("offer", &p))?;
    must_act_for(viewer, draft.org, "offer services for it")?;
    let id = state.store().create_traded_offer(viewer.id, &draft).await?;
    let stored = state
        .store()
        .traded_offer(id)
        .await?
        .ok_or_else(|| WebError::internal("a traded offer just stored cannot be read"))?;
    Ok((StatusCode::CREATED, Json(stored.into())))
}
