//! `/api/v1/trusts/{uid}/profile` and `/api/v1/schools/{urn}/family`: the trust profile
//! against the national picture with its similar trusts, and a school's family of similar
//! schools, as JSON with the same numbers the pages show.

use crate::api::openapi::{BAD_PARAMETER, FAILED, NOT_FOUND};
use crate::api::parameters::FamilyParams;
use crate::error::ApiError;
use crate::lookup::{self, TrustRef};
use crate::pages::public::family::{family_of, requested_filter, requested_size};
use crate::params::ApiParams;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::Json;
use convene_domain::organisation::{Ks2Outcomes, Ks4Outcomes, Phase};
use convene_domain::outcome::{
    better_on_judgements, better_on_measures, BetterOnJudgement, BetterOnMeasure,
};
use convene_domain::profile::national::Standing;
use convene_domain::profile::TrustProfile;
use convene_domain::similarity::trusts::TrustContribution;
use convene_domain::similarity::{latest_overall, ContextMeasure, Contribution, Figure};
use convene_domain::{Date, GroupUid, Judgement, Urn};
use serde::Serialize;
use utoipa::ToSchema;

/// A trust's profile, where it stands nationally, and the trusts most like it.
#[derive(Serialize, ToSchema)]
pub(crate) struct TrustProfileReport {
    /// Group UID.
    uid: GroupUid,
    /// The trust's name.
    name: Option<String>,
    /// The vignette: schools by phase and type, pupils, places covered, urban/rural mix,
    /// geographic spread, Ofsted profile and pupil-weighted context.
    profile: TrustProfile,
    /// Where the trust stands on each dimension among all open academy trusts.
    standings: Vec<Standing>,
    /// How many trusts the national picture covers.
    trusts_compared: usize,
    /// The most similar trusts, nearest first.
    similar_trusts: Vec<SimilarTrustReport>,
}

/// One similar trust, with why it is similar.
#[derive(Serialize, ToSchema)]
pub(crate) struct SimilarTrustReport {
    /// Group UID.
    uid: GroupUid,
    /// Its name.
    name: Option<String>,
    /// Its distance in weighted z-scores (0 = identical).
    distance: f64,
    /// Each measure's part in that distance.
    contributions: Vec<TrustContribution>,
}

/// A trust's profile against the national picture.
///
/// The trust's profile (schools by phase and type, pupils, places covered, urban/rural mix,
/// geographic spread, Ofsted profile, pupil-weighted context), where it stands on each
/// dimension among all open academy trusts (value, percentile, national median, average of
/// trusts of the same size), and its most similar trusts with each measure's part in the
/// distance. Method: /about/similarity.
#[utoipa::path(
    get,
    path = "/api/v1/trusts/{uid}/profile",
    operation_id = "trust_profile",
    tag = "System map",
    params(("uid" = String, Path, description = "The trust's Group UID, or its Group ID such as `TR01904`.")),
    responses(
        (status = 200, description = "The profile.", body = TrustProfileReport),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn trust_profile(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<TrustProfileReport>, WebError> {
    let (TrustRef::Uid(uid) | TrustRef::GroupId(uid)) =
        lookup::trust_ref(state.store(), &raw).await?;
    let analysis = state.analysis().await?;
    let profile = analysis.profile(uid).ok_or_else(|| {
        WebError::NotFound(format!(
            "Group {uid} has no profile: only open academy trusts with open schools have one."
        ))
    })?;
    let name = |uid| analysis.group_name(uid).map(str::to_string);
    let similar_trusts = analysis
        .similar_trusts(uid)
        .map(|family| {
            family
                .neighbours
                .iter()
                .map(|n| SimilarTrustReport {
                    uid: n.uid,
                    name: name(n.uid),
                    distance: n.distance,
                    contributions: n.contributions.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Json(TrustProfileReport {
        uid,
        name: name(uid),
        profile: profile.clone(),
        standings: analysis.national().standings(profile),
        trusts_compared: analysis.national().trusts,
        similar_trusts,
    }))
}

/// A school's family of similar schools.
#[derive(Serialize, ToSchema)]
pub(crate) struct SchoolFamily {
    /// The school's URN.
    urn: Urn,
    /// Its name.
    name: String,
    /// Its own phase.
    phase: Phase,
    /// The phase it is compared within, which all its neighbours share (all-through schools
    /// are compared with secondaries).
    compared_as: Phase,
    /// Its own context figures, each with its basis (pupil premium or free school meals for
    /// disadvantage) and source file and date or year.
    context: Vec<Figure>,
    /// The filters applied (within_km, same_trust, same_la, same_type).
    filter: FamilyFilterReport,
    /// Measures the school has no value for, treated as average for its phase.
    imputed: Vec<ContextMeasure>,
    /// Its latest overall Ofsted judgement.
    ofsted_overall: Option<Judgement>,
    /// Its key stage 2 results, where published.
    ks2: Option<Ks2Outcomes>,
    /// Its key stage 4 results, where published.
    ks4: Option<Ks4Outcomes>,
    /// The similar schools, nearest first.
    neighbours: Vec<FamilyMember>,
}

/// The filters a family was drawn with.
#[derive(Serialize, ToSchema)]
pub(crate) struct FamilyFilterReport {
    /// Only schools within this many kilometres, if set.
    within_km: Option<f64>,
    /// Only schools in the same academy trust.
    same_trust: bool,
    /// Only schools in the same local authority.
    same_la: bool,
    /// Only schools of the same type of establishment.
    same_type: bool,
}

/// One school in a family, with why it is similar and how it does.
#[derive(Serialize, ToSchema)]
pub(crate) struct FamilyMember {
    /// Its URN.
    urn: Urn,
    /// Its name.
    name: String,
    /// Its academy trust, if any.
    trust_uid: Option<GroupUid>,
    /// Its distance from the school in weighted z-scores (0 = identical context).
    distance: f64,
    /// Each measure's part in that distance.
    contributions: Vec<Contribution>,
    /// Its latest overall Ofsted judgement.
    ofsted_overall: Option<Judgement>,
    /// When that inspection started.
    ofsted_inspection_date: Option<Date>,
    /// Whether it does better than the school on any published result or Ofsted judgement
    /// (listed in `better_on_measures` and `better_on_judgements`; method: /about/families).
    does_better: bool,
    /// The result measures on which it does better, each in the latest year both schools
    /// have a published figure, with both values and the source.
    better_on_measures: Vec<BetterOnMeasure>,
    /// The Ofsted judgements graded for both schools on which it has the better grade, with
    /// both inspection dates.
    better_on_judgements: Vec<BetterOnJudgement>,
    /// Its key stage 2 results, where published.
    ks2: Option<Ks2Outcomes>,
    /// Its key stage 4 results, where published.
    ks4: Option<Ks4Outcomes>,
}

/// A school's family of similar schools.
///
/// The open schools of the same phase (all-through schools: secondaries) most like this one
/// in context (pupils, disadvantaged pupils as pupil premium or else free school meals, SEN
/// support, EHC plans, English as an additional language, IDACI quintile), as in DfE's
/// similar schools, nearest first, with each measure's contribution to the distance and each
/// figure's source, their latest Ofsted judgement and whether they do better. Filters narrow
/// the schools drawn from. Method and differences from DfE's: /about/families.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{urn}/family",
    operation_id = "school_family",
    tag = "System map",
    params(("urn" = i64, Path, description = "The school's unique reference number (URN)."), FamilyParams),
    responses(
        (status = 200, description = "The family.", body = SchoolFamily),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 404, description = NOT_FOUND, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn school_family(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    ApiParams(params): ApiParams,
) -> Result<Json<SchoolFamily>, WebError> {
    let analysis = state.analysis().await?;
    let size = requested_size(&params, analysis.family_index().family_size())?;
    let filter = requested_filter(&params)?;
    let (school, family) = family_of(&analysis, &raw, size, &filter)?;
    let mut urns: Vec<Urn> = family.neighbours.iter().map(|n| n.urn).collect();
    urns.push(school.urn);
    let outcomes = state.store().outcomes_of(&urns).await?;
    let of = |urn: Urn| outcomes.get(&urn).map_or(&[][..], Vec::as_slice);
    let neighbours = family
        .neighbours
        .iter()
        .filter_map(|n| analysis.school(n.urn).map(|s| (n, s)))
        .map(|(n, s)| {
            let better_on_measures = better_on_measures(of(school.urn), of(s.urn));
            let better_on_judgements = better_on_judgements(&school, s);
            (n, s, better_on_measures, better_on_judgements)
        })
        .map(
            |(n, s, better_on_measures, better_on_judgements)| FamilyMember {
                urn: n.urn,
                name: s.name.clone(),
                trust_uid: analysis.trust_of(n.urn),
                distance: n.distance,
                contributions: n.contributions.clone(),
                ofsted_overall: latest_overall(s),
                ofsted_inspection_date: s.ofsted.as_ref().and_then(|o| o.inspection_date),
                does_better: !better_on_measures.is_empty() || !better_on_judgements.is_empty(),
                better_on_measures,
                better_on_judgements,
                ks2: s.ks2.clone(),
                ks4: s.ks4.clone(),
            },
        )
        .collect();
    Ok(Json(SchoolFamily {
        urn: school.urn,
        name: school.name.clone(),
        phase: family.phase,
        compared_as: family.compared_as,
        context: family.context.clone(),
        filter: FamilyFilterReport {
            within_km: filter.within_km,
            same_trust: filter.same_trust,
            same_la: filter.same_la,
            same_type: filter.same_type,
        },
        imputed: family.imputed.clone(),
        ofsted_overall: latest_overall(&school),
        ks2: school.ks2.clone(),
        ks4: school.ks4.clone(),
        neighbours,
    }))
}
