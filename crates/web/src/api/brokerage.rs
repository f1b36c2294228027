//! `/api/v1/needs`, `/api/v1/offers`, `/api/v1/introductions` and
//! `/api/v1/collaborations`: brokerage for programs. Everything goes through the same
//! checks as the pages ([`crate::brokerage`]): the domain checks postings field by field,
//! the store applies each record's visibility, and only people acting for a need's
//! organisation see its ranking or ask for introductions.

use super::json_body::read;
use super::must_act_for;
use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND, NO_TOKEN};
use crate::api::parameters::{
    CandidateDownload, CandidateSearch, CollaborationSearch, NeedSearch, OfferSearch,
    RankingControls, BROKERAGE_PAGE_SIZE, CANDIDATES_PAGE_SIZE,
};
use crate::brokerage::{
    check_need_schools, controls_query, introduction_reasons, own_need, own_offer,
    posting_form as shared_posting_form, rank_need, ranking_controls, visible_need, visible_offer,
    NeedRanking,
};
use crate::csv_table::CsvTable;
use crate::error::ApiError;
use crate::export_csv::attachment;
use crate::pages::notes::offset;
use crate::params::{ApiParams, Params};
use crate::state::AppState;
use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use convene_domain::brokerage::posting::FieldProblems;
use convene_domain::brokerage::ranking::Exclusion;
use convene_domain::brokerage::records::{Side, MAX_MESSAGE};
use convene_domain::brokerage::{
    Candidate, Collaboration, CollaborationId, CompetitionPolicy, FactorKind, HelpForm,
    ImprovementArea, Introduction, IntroductionId, Need, NeedDraft, Offer, OfferDraft, OfferStatus,
    PostingForm, Weights,
};
use convene_domain::party::OrgRef;
use convene_store::{IntroductionRequest, PostingFilter};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The tag every brokerage operation is listed under.
const TAG: &str = "Brokerage";

/// What a 403 answer means for an operation on a need's ranking.
const NOT_FOR_THIS_NEED: &str =
    "The token's owner does not act for the organisation that posted the need, or their email address is not confirmed.";

/// The ranking's weights and competition policy, refusing blank or padded values (the
/// pages' reader forgives them; the API takes values exactly as its document lists them).
fn api_ranking_controls(params: &Params) -> Result<(Weights, CompetitionPolicy), WebError> {
    let names = FactorKind::ALL
        .iter()
        .map(|k| format!("w_{}", k.key()))
        .chain(["competition".to_string()]);
    for name in names {
        if let Some(value) = params.get(&name) {
            if value.is_empty() || value.trim() != value {
                return Err(WebError::BadRequest(format!(
                    "\"{value}\" is not a valid value for {name}: send it without spaces, or leave it out."
                )));
            }
        }
    }
    ranking_controls(params)
}

/// `area`, `owner` and the flag `current` of a list of needs or offers.
fn posting_filter(params: &Params, current: &str) -> Result<PostingFilter, WebError> {
    let area = params
        .get("area")
        .map(|key| {
            ImprovementArea::ALL
                .into_iter()
                .find(|a| a.key() == key)
                .ok_or_else(|| {
                    crate::params::unknown(
                        "improvement area",
                        key,
                        ImprovementArea::ALL.map(ImprovementArea::key),
                    )
                })
        })
        .transpose()?;
    Ok(PostingFilter {
        area,
        owner: params.org("owner")?,
        current_only: params.flag(current)?,
    })
}

/// The page and its size, by the one paging rule.
fn paging(params: &Params, default: u32) -> Result<(usize, usize), WebError> {
    let page = params.page()?;
    let per_page = params.per_page(default)? as usize;
    Ok((per_page, offset(page, per_page)))
}

/// Who may see a new need or offer.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewPostingVisibility {
    /// `public` anyone; `members` anyone signed in; `organisations` members of the
    /// organisations named (the owner is always added); `private` the author alone.
    #[schema(value_type = crate::api::notes::NewVisibility)]
    level: String,
    /// For `organisations`: the organisations it is shared with besides the owner.
    #[serde(default)]
    #[schema(value_type = Vec<OrgRef>)]
    organisations: Vec<String>,
}

/// How far away help may be.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(
    dead_code,
    reason = "the schema of a field read as text, so every problem is listed"
)]
enum NewReach {
    /// Within `within_km` kilometres in a straight line.
    Within,
    /// Anywhere in England.
    Anywhere,
}

/// A need to post.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewNeed {
    /// The organisation that needs help; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    owner: String,
    /// The improvement area.
    #[schema(value_type = ImprovementArea)]
    area: String,
    /// The form of help wanted.
    #[schema(value_type = HelpForm)]
    form: String,
    /// The role, required for `role-loan` and `interim-leadership`.
    #[serde(default)]
    role: String,
    /// What is needed (up to 5,000 characters).
    #[schema(max_length = 5000)]
    description: String,
    /// First day (yyyy-mm-dd).
    #[schema(format = Date)]
    from: String,
    /// Last day (yyyy-mm-dd), on or after `from`.
    #[schema(format = Date)]
    to: String,
    /// Days of help in all, from 1 to 400.
    #[schema(minimum = 1, maximum = 400)]
    days: i64,
    /// How far away the helper may be.
    #[schema(value_type = NewReach)]
    reach: String,
    /// For `within`: kilometres, from 1 to 700.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 700)]
    within_km: Option<i64>,
    /// Who may see the need. Whatever it says, its ranking is only for its organisation.
    visibility: NewPostingVisibility,
    /// The schools concerned, by URN: open schools of the organisation (left out: all of
    /// them).
    #[serde(default)]
    schools: Vec<i64>,
}

/// An offer to post.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewOffer {
    /// The organisation offering; the token's owner must act for it.
    #[schema(value_type = OrgRef)]
    owner: String,
    /// The improvement area.
    #[schema(value_type = ImprovementArea)]
    area: String,
    /// The form of help offered.
    #[schema(value_type = HelpForm)]
    form: String,
    /// The role, required for `role-loan` and `interim-leadership`.
    #[serde(default)]
    role: String,
    /// What is offered (up to 5,000 characters).
    #[schema(max_length = 5000)]
    description: String,
    /// Available from (yyyy-mm-dd).
    #[schema(format = Date)]
    from: String,
    /// Available until (yyyy-mm-dd), on or after `from`.
    #[schema(format = Date)]
    to: String,
    /// Days available per term, from 1 to 400.
    #[schema(minimum = 1, maximum = 400)]
    days_per_term: i64,
    /// How far away the offer reaches.
    #[schema(value_type = NewReach)]
    reach: String,
    /// For `within`: kilometres, from 1 to 700.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 700)]
    within_km: Option<i64>,
    /// Who may see the offer.
    visibility: NewPostingVisibility,
}

/// The fields both bodies share, as the domain's form reads them.
struct PostingFields<'a> {
    owner: &'a str,
    area: &'a str,
    form: &'a str,
    role: &'a str,
    description: &'a str,
    from: &'a str,
    to: &'a str,
    days: i64,
    reach: &'a str,
    within_km: Option<i64>,
    visibility: &'a NewPostingVisibility,
}

/// The posting form the domain checks, read by the same reader as the pages' form, and the
/// problems found before it (organisation keys to share with that cannot be read).
fn posting_form(fields: PostingFields<'_>, schools: &[i64]) -> (PostingForm, FieldProblems) {
    let get = |name: &str| -> String {
        match name {
            "owner" => fields.owner.to_string(),
            "area" => fields.area.to_string(),
            "form" => fields.form.to_string(),
            "role" => fields.role.to_string(),
            "description" => fields.description.to_string(),
            "from" => fields.from.to_string(),
            "to" => fields.to.to_string(),
            "days" => fields.days.to_string(),
            "reach" => fields.reach.to_string(),
            "within_km" => fields.within_km.map(|k| k.to_string()).unwrap_or_default(),
            "visibility" => fields.visibility.level.clone(),
            _ => String::new(),
        }
    };
    let all = |name: &str| -> Vec<String> {
        match name {
            "share" => fields.visibility.organisations.clone(),
            "schools" => schools.iter().map(i64::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let (form, unreadable) = shared_posting_form(get, all);
    let problems = unreadable
        .into_iter()
        .map(|key| ("visibility", OrgRef::unreadable(&key)))
        .collect();
    (form, problems)
}

/// Every problem in one message, each with its field; the keys Convene knows are added
/// where a value was not one of them.
fn problems_message(what: &str, problems: &FieldProblems) -> WebError {
    let keys = |all: Vec<&str>| format!(" (one of: {})", all.join(", "));
    let listed: Vec<String> = problems
        .iter()
        .map(|(field, message)| {
            let known = match *field {
                "area" => keys(ImprovementArea::ALL.map(ImprovementArea::key).to_vec()),
                "form" => keys(HelpForm::ALL.map(HelpForm::key).to_vec()),
                "reach" => keys(vec!["within", "anywhere"]),
                "visibility" if message.starts_with("Choose") => {
                    keys(vec!["public", "members", "organisations", "private"])
                }
                _ => String::new(),
            };
            format!("{field}: {message}{known}")
        })
        .collect();
    WebError::BadRequest(format!("The {what} was not posted: {}.", listed.join("; ")))
}

/// Needs the caller may see.
///
/// Needs visible to the caller, newest first, a page at a time: public needs without a
/// token; with a token also needs for signed-in members, needs shared with the caller's
/// organisations, and the caller's own. A confidential need never appears to anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/needs",
    operation_id = "list_needs",
    tag = TAG,
    params(NeedSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The needs.", body = Vec<Need>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_needs(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<Need>>, WebError> {
    let filter = posting_filter(&params, "open")?;
    let (limit, skip) = paging(&params, BROKERAGE_PAGE_SIZE)?;
    Ok(Json(
        state
            .store()
            .needs(&context.actor.read_scope(), &filter, limit, skip)
            .await?,
    ))
}

/// Post a need.
///
/// Posts a need for an organisation the token's owner acts for (their email address must
/// be confirmed). Every problem with the body is listed at once, and nothing is stored
/// unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/needs",
    operation_id = "post_need",
    tag = TAG,
    request_body = NewNeed,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The need as stored.", body = Need),
        (status = 400, description = "The need is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_need(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Need>), WebError> {
    let new = read::<NewNeed>("need", new)?;
    let viewer = context.viewer()?;
    let (form, mut problems) = posting_form(
        PostingFields {
            owner: &new.owner,
            area: &new.area,
            form: &new.form,
            role: &new.role,
            description: &new.description,
            from: &new.from,
            to: &new.to,
            days: new.days,
            reach: &new.reach,
            within_km: new.within_km,
            visibility: &new.visibility,
        },
        &new.schools,
    );
    if let Some(owner) = OrgRef::parse(&form.owner) {
        must_act_for(context.viewer()?, owner, "post for it")?;
    }
    let draft = match NeedDraft::check(&form) {
        Ok(draft) if problems.is_empty() => draft,
        Ok(_) => return Err(problems_message("need", &problems)),
        Err(found) => {
            problems.extend(found);
            return Err(problems_message("need", &problems));
        }
    };
    if let Some(problem) = check_need_schools(&state, draft.owner, &draft.schools).await? {
        return Err(problems_message("need", &vec![("schools", problem)]));
    }
    let id = state.store().create_need(viewer.id, &draft).await?;
    let need = visible_need(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(need)))
}

/// One need.
///
/// A need, if the caller may see it. A need the caller may not see is answered exactly
/// like one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/needs/{id}",
    operation_id = "need",
    tag = TAG,
    params(("id" = i64, Path, description = "The need's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The need.", body = Need),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn need(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Need>, WebError> {
    Ok(Json(visible_need(&state, &context, &id).await?))
}

/// A page of a need's ranking.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CandidatePage {
    /// The weights as asked for.
    weights: Weights,
    /// The weights as used: a factor that cannot apply to this need is set to 0 and its
    /// weight moved or set aside, as `notes` says.
    effective_weights: Weights,
    /// What was done with possible competitors.
    competition: CompetitionPolicy,
    /// What the ranking set aside and why, in words.
    notes: Vec<String>,
    /// Candidates in the whole ranking.
    total: usize,
    /// The address of this ranking as CSV, with the same weights and policy.
    csv: String,
    /// This page's candidates, best first, each with its factors in words and numbers.
    candidates: Vec<Candidate>,
}

/// Who is best placed to help.
///
/// Every school, trust and partner organisation that could help with the need, best first,
/// a page at a time, each with its score out of 100 and the factors behind it in words and
/// numbers. Only people acting for the need's organisation may see it, whoever else may
/// see the need.
#[utoipa::path(
    get,
    path = "/api/v1/needs/{id}/candidates",
    operation_id = "need_candidates",
    tag = TAG,
    params(("id" = i64, Path, description = "The need's number."), CandidateSearch),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "A page of the ranking.", body = CandidatePage),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_FOR_THIS_NEED, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn candidates(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Json<CandidatePage>, WebError> {
    let (weights, policy) = api_ranking_controls(&params)?;
    let (limit, skip) = paging(&params, CANDIDATES_PAGE_SIZE)?;
    let need = own_need(&state, &context, &id).await?;
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let NeedRanking {
        ranking,
        evidence,
        market,
    } = &ranked;
    Ok(Json(CandidatePage {
        weights: ranking.weights,
        effective_weights: ranking.effective,
        competition: ranking.policy,
        notes: ranking.notes.clone(),
        total: ranking.len(),
        csv: format!(
            "/api/v1/needs/{}/candidates.csv?{}",
            need.id.0,
            controls_query(&ranking.weights, ranking.policy)
        ),
        candidates: ranking.page(skip, limit, evidence, market),
    }))
}

/// Download a need's ranking as CSV.
///
/// A page of the ranking (the first 500 candidates unless `page` and `per_page` say
/// otherwise), as for the JSON. Columns: rank, org, name, score, then for each factor
/// (evidence, context, distance, offer, track_record) its value from 0 to 1 and its
/// points, then competitor (`true` when flagged as a possible competitor) and
/// down_weighted (`true` when that halved the score).
#[utoipa::path(
    get,
    path = "/api/v1/needs/{id}/candidates.csv",
    operation_id = "download_need_candidates",
    tag = TAG,
    params(("id" = i64, Path, description = "The need's number."), CandidateDownload),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "CSV with a header row.", body = String, content_type = "text/csv"),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_FOR_THIS_NEED, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn candidates_csv(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Response, WebError> {
    let (weights, policy) = api_ranking_controls(&params)?;
    let (limit, skip) = paging(&params, convene_domain::search::MAX_PER_PAGE)?;
    let need = own_need(&state, &context, &id).await?;
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let candidates = ranked
        .ranking
        .page(skip, limit, &ranked.evidence, &ranked.market);
    let mut header = vec![
        "rank".to_string(),
        "org".into(),
        "name".into(),
        "score".into(),
    ];
    for kind in FactorKind::ALL {
        header.push(format!("{}_value", kind.key()));
        header.push(format!("{}_points", kind.key()));
    }
    header.extend(["competitor".to_string(), "down_weighted".into()]);
    let mut table = CsvTable::new(header)?;
    for candidate in &candidates {
        let mut row = vec![
            candidate.rank.to_string(),
            candidate.org.key(),
            candidate.name.clone(),
            format!("{:.2}", candidate.score),
        ];
        for kind in FactorKind::ALL {
            let factor = candidate.factors.iter().find(|f| f.kind == kind);
            row.push(factor.map_or_else(String::new, |f| format!("{:.3}", f.value)));
            row.push(factor.map_or_else(String::new, |f| format!("{:.2}", f.points)));
        }
        row.push((!candidate.competition.is_empty()).to_string());
        row.push(candidate.down_weighted.to_string());
        table.row(row)?;
    }
    Ok(attachment(
        &format!("need-{}-candidates.csv", need.id.0),
        table.finish()?,
    ))
}

/// One organisation's place in a need's ranking, or why it has none.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct CandidateExplanation {
    /// The organisation asked about.
    org: OrgRef,
    /// Its entry in the ranking, if it is a candidate.
    candidate: Option<Candidate>,
    /// Why it is not a candidate, if it is not.
    excluded: Option<Exclusion>,
    /// That reason in words.
    reason: Option<String>,
    /// The weights as used.
    effective_weights: Weights,
    /// What the ranking set aside and why, in words.
    notes: Vec<String>,
}

/// Why is this organisation not higher?
///
/// One organisation's place in the need's ranking with every factor in words and numbers,
/// or why it is not a candidate at all. Only for people acting for the need's
/// organisation.
#[utoipa::path(
    get,
    path = "/api/v1/needs/{id}/candidates/{org}",
    operation_id = "explain_candidate",
    tag = TAG,
    params(
        ("id" = i64, Path, description = "The need's number."),
        ("org" = OrgRef, Path, description = "The organisation: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`."),
        RankingControls,
    ),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The organisation's place, or why it has none.", body = CandidateExplanation),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_FOR_THIS_NEED, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn explain_candidate(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, org)): Path<(String, String)>,
    ApiParams(params): ApiParams,
) -> Result<Json<CandidateExplanation>, WebError> {
    let (weights, policy) = api_ranking_controls(&params)?;
    let org = OrgRef::parse(&org)
        .ok_or_else(|| WebError::NotFound(format!("There is no organisation called {org}.")))?;
    let need = own_need(&state, &context, &id).await?;
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let (candidate, excluded) = match ranked
        .ranking
        .explain(org, &ranked.evidence, &ranked.market)
    {
        Ok(candidate) => (Some(candidate), None),
        Err(exclusion) => (None, Some(exclusion)),
    };
    Ok(Json(CandidateExplanation {
        org,
        candidate,
        reason: excluded.as_ref().map(|e| e.describe().to_string()),
        excluded,
        effective_weights: ranked.ranking.effective,
        notes: ranked.ranking.notes.clone(),
    }))
}

/// Offers the caller may see.
///
/// Offers visible to the caller, newest first, a page at a time, by the same visibility
/// rule as needs.
#[utoipa::path(
    get,
    path = "/api/v1/offers",
    operation_id = "list_offers",
    tag = TAG,
    params(OfferSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The offers.", body = Vec<Offer>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_offers(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<Offer>>, WebError> {
    let filter = posting_filter(&params, "active")?;
    let (limit, skip) = paging(&params, BROKERAGE_PAGE_SIZE)?;
    Ok(Json(
        state
            .store()
            .offers(&context.actor.read_scope(), &filter, limit, skip)
            .await?,
    ))
}

/// Post an offer.
///
/// Posts an offer of help for an organisation the token's owner acts for. Every problem
/// with the body is listed at once, and nothing is stored unless there are none.
#[utoipa::path(
    post,
    path = "/api/v1/offers",
    operation_id = "post_offer",
    tag = TAG,
    request_body = NewOffer,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The offer as stored.", body = Offer),
        (status = 400, description = "The offer is not valid; the message lists every problem with its field.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the organisation, or their email address is not confirmed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn create_offer(
    State(state): State<AppState>,
    context: RequestContext,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Offer>), WebError> {
    let new = read::<NewOffer>("offer", new)?;
    let viewer = context.viewer()?;
    let (form, mut problems) = posting_form(
        PostingFields {
            owner: &new.owner,
            area: &new.area,
            form: &new.form,
            role: &new.role,
            description: &new.description,
            from: &new.from,
            to: &new.to,
            days: new.days_per_term,
            reach: &new.reach,
            within_km: new.within_km,
            visibility: &new.visibility,
        },
        &[],
    );
    if let Some(owner) = OrgRef::parse(&form.owner) {
        must_act_for(context.viewer()?, owner, "post for it")?;
    }
    let draft = match OfferDraft::check(&form) {
        Ok(draft) if problems.is_empty() => draft,
        Ok(_) => return Err(problems_message("offer", &problems)),
        Err(found) => {
            problems.extend(found);
            return Err(problems_message("offer", &problems));
        }
    };
    let id = state.store().create_offer(viewer.id, &draft).await?;
    let offer = visible_offer(&state, &context, &id.0.to_string()).await?;
    Ok((StatusCode::CREATED, Json(offer)))
}

/// One offer.
///
/// An offer, if the caller may see it; one the caller may not see is answered exactly like
/// one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/offers/{id}",
    operation_id = "offer",
    tag = TAG,
    params(("id" = i64, Path, description = "The offer's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The offer.", body = Offer),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn offer(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Offer>, WebError> {
    Ok(Json(visible_offer(&state, &context, &id).await?))
}

/// An offer's new status.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewOfferStatus {
    /// `active` (available), `paused` (kept, but not counted in rankings) or `ended`
    /// (history: an ended offer cannot be changed again).
    status: OfferStatus,
}

/// Pause, resume or end an offer.
///
/// Changes an offer's status, for people acting for its organisation.
#[utoipa::path(
    post,
    path = "/api/v1/offers/{id}/status",
    operation_id = "set_offer_status",
    tag = TAG,
    params(("id" = i64, Path, description = "The offer's number.")),
    request_body = NewOfferStatus,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The offer as it now is.", body = Offer),
        (status = 400, description = "The body is not a status Convene knows.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not act for the offer's organisation.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The offer has ended and cannot be changed.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn set_offer_status(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<Offer>, WebError> {
    let offer = own_offer(&state, &context, &id).await?;
    let new = read::<NewOfferStatus>("status", new)?;
    if !state.store().set_offer_status(offer.id, new.status).await? {
        return Err(WebError::Conflict(
            "This offer has ended, so it cannot be changed.".into(),
        ));
    }
    Ok(Json(visible_offer(&state, &context, &id).await?))
}

/// Which side of an introduction the caller is on.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum IntroductionSide {
    /// Acts for the organisation that asked.
    Asker,
    /// Acts for the candidate asked to help.
    Candidate,
}

/// An introduction as the caller sees it. A candidate does not see who asked, their
/// message or the need's description while a confidential need is not accepted.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct IntroductionView {
    /// The caller's side.
    side: IntroductionSide,
    /// The introduction.
    #[serde(flatten)]
    introduction: Introduction,
}

impl IntroductionView {
    fn new((introduction, side): (Introduction, Side)) -> IntroductionView {
        IntroductionView {
            side: match side {
                Side::Asker => IntroductionSide::Asker,
                Side::Candidate => IntroductionSide::Candidate,
            },
            introduction,
        }
    }
}

/// Asking a candidate to help.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct NewIntroduction {
    /// The organisation asked: a candidate in the need's ranking.
    #[schema(value_type = OrgRef)]
    candidate: String,
    /// A message to the candidate (up to 2,000 characters). For a confidential need it is
    /// shown only once the candidate accepts.
    #[serde(default)]
    #[schema(max_length = 2000)]
    message: String,
}

/// Reads an introduction's number, answering a number that cannot be one as not found.
fn introduction_id(id: &str) -> Result<IntroductionId, WebError> {
    id.parse()
        .map(IntroductionId)
        .map_err(|_| no_introduction())
}

/// The answer for an introduction that does not exist or that the caller is on neither
/// side of: the same, so its existence is not given away.
fn no_introduction() -> WebError {
    WebError::NotFound("There is no such introduction, or you are on neither side of it.".into())
}

/// An introduction the caller is on one side of.
async fn seen_introduction(
    state: &AppState,
    context: &RequestContext,
    id: IntroductionId,
) -> Result<(Introduction, Side), WebError> {
    state
        .store()
        .introduction(&context.actor.read_scope(), id)
        .await?
        .ok_or_else(no_introduction)
}

/// Ask for an introduction.
///
/// Asks a candidate in the need's ranking to help. The candidate's score and reasons in
/// the ranking (made with the weights and competition policy given, or the defaults) are
/// kept with the introduction; the candidate's administrators are told in Convene and by
/// email, without the asker's name or the need's words while the need is confidential.
#[utoipa::path(
    post,
    path = "/api/v1/needs/{id}/introductions",
    operation_id = "ask_introduction",
    tag = TAG,
    params(("id" = i64, Path, description = "The need's number."), RankingControls),
    request_body = NewIntroduction,
    security(("apiToken" = [])),
    responses(
        (status = 201, description = "The introduction as the asker sees it.", body = IntroductionView),
        (status = 400, description = "The body cannot be read, or the organisation is not a candidate for this need (the message says why).", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = NOT_FOR_THIS_NEED, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The candidate was already asked, has no administrator on Convene yet, or the need is no longer open.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn ask_introduction(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    ApiParams(params): ApiParams,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<(StatusCode, Json<IntroductionView>), WebError> {
    let (weights, policy) = api_ranking_controls(&params)?;
    let need = own_need(&state, &context, &id).await?;
    let new = read::<NewIntroduction>("introduction", new)?;
    let candidate = OrgRef::parse(&new.candidate).ok_or_else(|| {
        WebError::BadRequest(format!(
            "candidate: \"{}\" is not an organisation: use trust-<Group UID>, school-<URN> or partner-<number>.",
            new.candidate
        ))
    })?;
    let message = new.message.trim().replace("\r\n", "\n");
    if message.chars().count() > MAX_MESSAGE {
        return Err(WebError::BadRequest(format!(
            "message: the message must be {MAX_MESSAGE} characters or fewer."
        )));
    }
    let ranked = rank_need(&state, &context, &need, weights, policy).await?;
    let entry = ranked
        .ranking
        .explain(candidate, &ranked.evidence, &ranked.market)
        .map_err(|exclusion| {
            WebError::BadRequest(format!(
                "candidate: {candidate} is not a candidate for this need: {}.",
                exclusion.describe()
            ))
        })?;
    let request = IntroductionRequest {
        need: need.id,
        candidate,
        requested_by: context.viewer()?.id,
        message,
        reasons: introduction_reasons(&entry, need.visibility.is_confidential()),
        public_url: state.config().public_url.clone(),
    };
    let id = state.store().request_introduction(&request).await?;
    let view = seen_introduction(&state, &context, id).await?;
    Ok((StatusCode::CREATED, Json(IntroductionView::new(view))))
}

/// One introduction.
///
/// An introduction the caller is on one side of (acting for the organisation that asked,
/// or for the candidate). Anyone else is answered as if it did not exist.
#[utoipa::path(
    get,
    path = "/api/v1/introductions/{id}",
    operation_id = "introduction",
    tag = TAG,
    params(("id" = i64, Path, description = "The introduction's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The introduction as the caller's side sees it.", body = IntroductionView),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner has not confirmed their email address.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn introduction(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<IntroductionView>, WebError> {
    let id = introduction_id(&id)?;
    Ok(Json(IntroductionView::new(
        seen_introduction(&state, &context, id).await?,
    )))
}

/// An introduction the caller may answer: they must administer the candidate.
async fn answerable(
    state: &AppState,
    context: &RequestContext,
    id: &str,
) -> Result<Introduction, WebError> {
    let id = introduction_id(id)?;
    let (introduction, _) = seen_introduction(state, context, id).await?;
    if context.viewer()?.administers(introduction.candidate.org) {
        Ok(introduction)
    } else {
        Err(WebError::Forbidden(format!(
            "Only administrators of {} can answer this introduction.",
            introduction.candidate.name
        )))
    }
}

/// The collaboration an accepted introduction became.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Accepted {
    /// The introduction.
    introduction: IntroductionId,
    /// The collaboration's number (the same however often it is accepted).
    collaboration: CollaborationId,
}

/// Accept an introduction.
///
/// For an administrator of the candidate: agrees to help, which opens a collaboration both
/// sides can see and tells the asker. Accepting again returns the same collaboration.
#[utoipa::path(
    post,
    path = "/api/v1/introductions/{id}/accept",
    operation_id = "accept_introduction",
    tag = TAG,
    params(("id" = i64, Path, description = "The introduction's number.")),
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The collaboration it became.", body = Accepted),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not administer the candidate.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The introduction was declined or withdrawn.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn accept_introduction(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Accepted>, WebError> {
    let introduction = answerable(&state, &context, &id).await?;
    let collaboration = state
        .store()
        .accept_introduction(
            introduction.id,
            context.viewer()?.id,
            &state.config().public_url,
        )
        .await?;
    Ok(Json(Accepted {
        introduction: introduction.id,
        collaboration,
    }))
}

/// Why a candidate declines.
#[derive(Debug, Deserialize, ToSchema)]
pub(crate) struct Decline {
    /// The reason (up to 2,000 characters), kept for the candidate's own records: the
    /// asker is told the introduction was declined, never why.
    #[serde(default)]
    #[schema(max_length = 2000)]
    reason: String,
}

/// Decline an introduction.
///
/// For an administrator of the candidate: declines to help. The asker is told, without
/// the reason.
#[utoipa::path(
    post,
    path = "/api/v1/introductions/{id}/decline",
    operation_id = "decline_introduction",
    tag = TAG,
    params(("id" = i64, Path, description = "The introduction's number.")),
    request_body = Decline,
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "The introduction as the candidate sees it.", body = IntroductionView),
        (status = 400, description = "The body cannot be read or the reason is too long.", body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 403, description = "The token's owner does not administer the candidate.", body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 409, description = "The introduction is no longer waiting for a reply.", body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn decline_introduction(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    new: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<IntroductionView>, WebError> {
    let introduction = answerable(&state, &context, &id).await?;
    let decline = read::<Decline>("reason", new)?;
    let reason = decline.reason.trim().replace("\r\n", "\n");
    if reason.chars().count() > MAX_MESSAGE {
        return Err(WebError::BadRequest(format!(
            "reason: the reason must be {MAX_MESSAGE} characters or fewer."
        )));
    }
    let declined = state
        .store()
        .decline_introduction(
            introduction.id,
            context.viewer()?.id,
            &reason,
            &state.config().public_url,
        )
        .await?;
    if !declined {
        return Err(WebError::Conflict(format!(
            "This introduction is no longer waiting for a reply: it is {}.",
            introduction.status.label().to_lowercase()
        )));
    }
    Ok(Json(IntroductionView::new(
        seen_introduction(&state, &context, introduction.id).await?,
    )))
}

/// Collaborations the caller may see.
///
/// Collaborations visible to the caller, newest first: as visible as the need they meet,
/// and always to both organisations.
#[utoipa::path(
    get,
    path = "/api/v1/collaborations",
    operation_id = "list_collaborations",
    tag = TAG,
    params(CollaborationSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The collaborations.", body = Vec<Collaboration>),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn list_collaborations(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<Vec<Collaboration>>, WebError> {
    let org = params.org("org")?;
    let (limit, skip) = paging(&params, BROKERAGE_PAGE_SIZE)?;
    Ok(Json(
        state
            .store()
            .collaborations(&context.actor.read_scope(), org, limit, skip)
            .await?,
    ))
}

/// One collaboration.
///
/// A collaboration, if the caller may see it; one the caller may not see is answered
/// exactly like one that does not exist.
#[utoipa::path(
    get,
    path = "/api/v1/collaborations/{id}",
    operation_id = "collaboration",
    tag = TAG,
    params(("id" = i64, Path, description = "The collaboration's number.")),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The collaboration.", body = Collaboration),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn collaboration(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Json<Collaboration>, WebError> {
    let not_found =
        || WebError::NotFound("There is no such collaboration, or you cannot see it.".into());
    let id = CollaborationId(id.parse().map_err(|_| not_found())?);
    state
        .store()
        .collaboration(&context.actor.read_scope(), id)
        .await?
        .map(Json)
        .ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need_body(extra: &str) -> Result<NewNeed, serde_json::Error> {
        serde_json::from_str(&format!(
            r#"{{"owner":"trust-1","area":"ks2-maths","form":"peer-review","description":"d",
                "from":"2027-01-01","to":"2027-02-01","days":3,"reach":"anywhere",
                "visibility":{{"level":"members"}}{extra}}}"#
        ))
    }

    #[test]
    fn every_problem_is_listed_with_its_field_and_the_known_values() {
        let mut new = need_body("").unwrap();
        new.area = "astrology".into();
        new.to = "2026-01-01".into();
        new.days = -2;
        new.visibility.organisations = vec!["nobody".into()];
        let (form, mut problems) = posting_form(
            PostingFields {
                owner: &new.owner,
                area: &new.area,
                form: &new.form,
                role: &new.role,
                description: &new.description,
                from: &new.from,
                to: &new.to,
                days: new.days,
                reach: &new.reach,
                within_km: new.within_km,
                visibility: &new.visibility,
            },
            &new.schools,
        );
        problems.extend(NeedDraft::check(&form).unwrap_err());
        let WebError::BadRequest(message) = problems_message("need", &problems) else {
            panic!("not a bad request");
        };
        for expected in [
            "visibility: \"nobody\" is not an organisation",
            "area: Choose an improvement area from the list (one of: early-reading",
            "to: The end date must be the same as or after the start date",
            "days: Days of help cannot be below zero",
        ] {
            assert!(message.contains(expected), "{expected} in {message}");
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_is_refused_by_name() {
        let error = need_body(r#","schools":["one"]"#).unwrap_err().to_string();
        assert!(error.contains("invalid type"), "{error}");
        assert!(need_body("").unwrap().schools.is_empty());
    }

    #[test]
    fn confidential_reasons_do_not_name_the_schools_in_need() {
        use convene_domain::brokerage::Factor;
        let factor = |kind, summary: &str| Factor {
            kind,
            weight: 20.0,
            value: 0.5,
            points: 10.0,
            summary: summary.into(),
            figures: Vec::new(),
        };
        let candidate = Candidate {
            rank: 1,
            org: OrgRef::parse("school-2").unwrap(),
            name: "Helper School".into(),
            score: 42.0,
            factors: vec![
                factor(FactorKind::Evidence, "1.00 standard deviations above"),
                factor(
                    FactorKind::Context,
                    "its most similar school is Needy School",
                ),
                factor(
                    FactorKind::Distance,
                    "3.0 km from Helper School to Needy School",
                ),
            ],
            competition: Vec::new(),
            down_weighted: false,
            relationships: Vec::new(),
        };
        let open = introduction_reasons(&candidate, false);
        assert!(open.contains("Needy School") && open.starts_with("Score 42"));
        let confidential = introduction_reasons(&candidate, true);
        assert!(!confidential.contains("Needy School"), "{confidential}");
        assert!(confidential.contains("1.00 standard deviations above"));
    }
}
