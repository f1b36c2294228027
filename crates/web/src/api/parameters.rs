//! The query parameters of the API's lists, as the OpenAPI document describes them. Each
//! schema is built from the constants the parser in [`crate::params`] checks against (the
//! known phases, regions and kinds, the paging limits), so the document says exactly what
//! the API accepts and refuses.

use crate::pages::notes::MINE;
use crate::pages::public::family::{MAX_FAMILY, MAX_WITHIN_KM};
use crate::params::{ANY_JUDGEMENT, API_FLAGS, API_PAGE_SIZE, GROUP_KINDS, LA_CODES};
use convene_domain::brokerage::ranking::MAX_WEIGHT;
use convene_domain::brokerage::{CompetitionPolicy, FactorKind, ImprovementArea, Weights};
use convene_domain::organisation::{GroupKind, Phase};
use convene_domain::party::OrgRef;
use convene_domain::place::Region;
use convene_domain::search::{MAX_PAGE, MAX_PER_PAGE};
use convene_domain::similarity::FamilyMethod;
use convene_domain::Judgement;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Required, SchemaFormat};
use utoipa::IntoParams;

/// Notes per page from the API unless `per_page` says otherwise.
pub(crate) const NOTES_PAGE_SIZE: u32 = 100;

fn query(name: &str, description: &str, schema: Schema) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn text() -> Schema {
    ObjectBuilder::new().schema_type(Type::String).into()
}

fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.into_iter().map(str::to_string)))
        .into()
}

fn whole_number(minimum: i64, maximum: i64, default: Option<u32>) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Int32,
        )))
        .minimum(Some(minimum as f64))
        .maximum(Some(maximum as f64))
        .default(default.map(serde_json::Value::from))
        .into()
}

fn search_text() -> Parameter {
    query(
        "q",
        "Search text: a name, URN, LAESTAB, Group UID, Group ID (TR01904), postcode (full or outward code) or local authority name. Blank means no search text.",
        text(),
    )
}

fn region(description: &str) -> Parameter {
    query("region", description, one_of(Region::ALL.map(Region::slug)))
}

fn closed() -> Parameter {
    query(
        "closed",
        "Include closed schools or trusts: `true` or `false` (the default).",
        one_of(API_FLAGS),
    )
}

fn page() -> Parameter {
    query(
        "page",
        &format!("Page number, from 1 to {MAX_PAGE}. A page past the last result is empty; a number past {MAX_PAGE} is refused."),
        whole_number(1, i64::from(MAX_PAGE), Some(1)),
    )
}

fn per_page(default: u32) -> Parameter {
    query(
        "per_page",
        &format!("Results per page, from 1 to {MAX_PER_PAGE}; other sizes are refused."),
        whole_number(1, i64::from(MAX_PER_PAGE), Some(default)),
    )
}

/// `GET /api/v1/schools` and its CSV twin: the school search.
pub(crate) struct SchoolSearch;

impl IntoParams for SchoolSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let (low, high) = LA_CODES;
        vec![
            search_text(),
            query(
                "phase",
                "Only schools of this phase.",
                one_of(Phase::ALL.map(Phase::key)),
            ),
            query(
                "type",
                "Only schools of this type of establishment, exactly as GIAS names it (for example `Academy converter`). Blank means any type.",
                text(),
            ),
            query(
                "judgement",
                "Only schools whose latest overall Ofsted judgement is this (`any` for no filter).",
                one_of(
                    Judgement::ALL
                        .map(Judgement::key)
                        .into_iter()
                        .chain([ANY_JUDGEMENT]),
                ),
            ),
            region("Only schools in this region."),
            query(
                "la",
                "Only schools in the local authority with this three-digit DfE code.",
                whole_number(low, high, None),
            ),
            closed(),
            page(),
            per_page(API_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/trusts` and its CSV twin: the trust search.
pub(crate) struct TrustSearch;

impl IntoParams for TrustSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            search_text(),
            region("Only trusts with an open school in this region."),
            query(
                "kind",
                "Only groups of this kind (default: multi-academy and single-academy trusts).",
                one_of(GROUP_KINDS.map(GroupKind::key)),
            ),
            closed(),
            page(),
            per_page(API_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/local-authorities`: the region filter alone.
pub(crate) struct RegionFilter;

impl IntoParams for RegionFilter {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![region("Only local authorities in this region.")]
    }
}

/// `GET /api/v1/network`: region, period and kinds of tie.
pub(crate) struct NetworkSearch;

impl IntoParams for NetworkSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let date = || -> Schema {
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Date,
                )))
                .into()
        };
        let kinds = utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::RefOr::T(one_of(
                convene_domain::evidence::network::TieKind::ALL.map(|k| k.key()),
            )))
            .into();
        vec![
            region(
                "Only ties touching organisations in this region (ties leaving it still count).",
            ),
            query("from", "Only ties active on or after this day.", date()),
            query(
                "to",
                "Only ties active on or before this day; not before `from`.",
                date(),
            ),
            query(
                "kind",
                "Only these kinds of tie; repeat for several. None means every kind.",
                kinds,
            ),
        ]
    }
}

/// `GET /api/v1/notes`: the notes search.
pub(crate) struct NoteSearch;

impl IntoParams for NoteSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "q",
                "Words that must all appear in the note's title or text. Blank means no search text.",
                text(),
            ),
            query(
                "about",
                "Only notes about this organisation: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`.",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(OrgRef::PATTERN))
                    .into(),
            ),
            query(
                "mine",
                "`1` or `true` for only the caller's own notes.",
                one_of(MINE),
            ),
            page(),
            per_page(NOTES_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/schools/{urn}/family`: the family's size and its filters.
pub(crate) struct FamilyParams;

impl IntoParams for FamilyParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let default = FamilyMethod::default().family_size;
        vec![
            query(
                "size",
                &format!("How many similar schools (1 to {MAX_FAMILY}; default {default})."),
                whole_number(1, MAX_FAMILY as i64, u32::try_from(default).ok()),
            ),
            query(
                "within_km",
                &format!(
                    "Only schools within this many kilometres of the school, straight line between \
                     their coordinates (above 0, at most {MAX_WITHIN_KM:.0}; digits and at most one \
                     decimal point). A school without coordinates is never within a distance."
                ),
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .exclusive_minimum(Some(0.0))
                    .maximum(Some(MAX_WITHIN_KM))
                    .into(),
            ),
            query(
                "same_trust",
                "`true` for only schools in the same academy trust (none for a school in no trust).",
                one_of(API_FLAGS),
            ),
            query(
                "same_la",
                "`true` for only schools in the same local authority.",
                one_of(API_FLAGS),
            ),
            query(
                "same_type",
                "`true` for only schools of the same type of establishment.",
                one_of(API_FLAGS),
            ),
        ]
    }
}

/// Needs, offers and collaborations per page from the API unless `per_page` says
/// otherwise.
pub(crate) const BROKERAGE_PAGE_SIZE: u32 = 50;

/// Candidates per page of a ranking from the API unless `per_page` says otherwise; the CSV
/// of a ranking takes the largest page by default, as it is read in a spreadsheet.
pub(crate) const CANDIDATES_PAGE_SIZE: u32 = 25;

fn org_key(name: &str, description: &str) -> Parameter {
    query(
        name,
        description,
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(OrgRef::PATTERN))
            .into(),
    )
}

fn area_filter() -> Parameter {
    query(
        "area",
        "Only this improvement area.",
        one_of(ImprovementArea::ALL.map(ImprovementArea::key)),
    )
}

/// The parameters of a list of needs or offers; `current` is the flag that keeps only open
/// needs (`open`) or available offers (`active`).
fn posting_search(current: &str, what: &str) -> Vec<Parameter> {
    vec![
        area_filter(),
        org_key(
            "owner",
            "Only those of this organisation: `trust-<Group UID>`, `school-<URN>` or `partner-<number>`.",
        ),
        query(
            current,
            &format!("`true` for only {what}; `false` (the default) for all."),
            one_of(API_FLAGS),
        ),
        page(),
        per_page(BROKERAGE_PAGE_SIZE),
    ]
}

/// `GET /api/v1/needs`: the needs search.
pub(crate) struct NeedSearch;

impl IntoParams for NeedSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        posting_search("open", "open needs")
    }
}

/// `GET /api/v1/offers`: the offers search.
pub(crate) struct OfferSearch;

impl IntoParams for OfferSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        posting_search("active", "available offers")
    }
}

/// `GET /api/v1/collaborations`: the collaborations search.
pub(crate) struct CollaborationSearch;

impl IntoParams for CollaborationSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            org_key(
                "org",
                "Only collaborations this organisation helps or is helped in.",
            ),
            page(),
            per_page(BROKERAGE_PAGE_SIZE),
        ]
    }
}

/// The weights and competition policy a ranking is made with.
fn ranking_controls() -> Vec<Parameter> {
    let mut parameters: Vec<Parameter> = FactorKind::ALL
        .iter()
        .map(|kind| {
            query(
                &format!("w_{}", kind.key()),
                &format!(
                    "How much {} counts, from 0 to {MAX_WEIGHT:.0} (default {:.0}).",
                    kind.label().to_lowercase(),
                    Weights::default().of(*kind)
                ),
                ObjectBuilder::new()
                    .schema_type(Type::Number)
                    .minimum(Some(0.0))
                    .maximum(Some(MAX_WEIGHT))
                    .default(Some(serde_json::Value::from(Weights::default().of(*kind))))
                    .into(),
            )
        })
        .collect();
    parameters.push(query(
        "competition",
        &format!(
            "What to do with possible competitors (default `{}`): {}.",
            CompetitionPolicy::default().key(),
            CompetitionPolicy::ALL
                .map(|p| format!("`{}` {}", p.key(), p.label().to_lowercase()))
                .join("; ")
        ),
        one_of(CompetitionPolicy::ALL.map(CompetitionPolicy::key)),
    ));
    parameters
}

/// `GET /api/v1/needs/{id}/candidates`: the ranking's controls and a page of it.
pub(crate) struct CandidateSearch;

impl IntoParams for CandidateSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut parameters = ranking_controls();
        parameters.extend([page(), per_page(CANDIDATES_PAGE_SIZE)]);
        parameters
    }
}

/// `GET /api/v1/needs/{id}/candidates.csv`: as [`CandidateSearch`], with the largest page
/// by default.
pub(crate) struct CandidateDownload;

impl IntoParams for CandidateDownload {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut parameters = ranking_controls();
        parameters.extend([page(), per_page(MAX_PER_PAGE)]);
        parameters
    }
}

/// The ranking's controls alone: explaining one candidate, and asking for an introduction
/// (whose reasons are the candidate's place in the ranking the person is looking at).
pub(crate) struct RankingControls;

impl IntoParams for RankingControls {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        ranking_controls()
    }
}

/// `GET /api/v1/review-rounds`: the rounds list.
pub(crate) struct RoundSearch;

impl IntoParams for RoundSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![page(), per_page(BROKERAGE_PAGE_SIZE)]
    }
}

/// `GET /api/v1/partnerships`: the partnerships list.
pub(crate) struct PartnershipSearch;

impl IntoParams for PartnershipSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            org_key(
                "org",
                "Only partnerships this organisation has joined or been invited to.",
            ),
            page(),
            per_page(BROKERAGE_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/placements/leaders`: the register of available leaders.
pub(crate) struct LeaderSearch;

impl IntoParams for LeaderSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        use convene_domain::placements::RoleKind;
        vec![
            org_key("org", "Only this organisation's leaders."),
            query(
                "role",
                "Only leaders available in this role.",
                one_of(RoleKind::ALL.map(RoleKind::key)),
            ),
            page(),
            per_page(BROKERAGE_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/placements/requests`: requests for a leader.
pub(crate) struct LeaderRequestSearch;

impl IntoParams for LeaderRequestSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        use convene_domain::placements::RequestKind;
        vec![
            org_key("org", "Only this organisation's requests."),
            query(
                "kind",
                "Only vacancies or only crises.",
                one_of(RequestKind::ALL.map(RequestKind::key)),
            ),
            query(
                "q",
                "Words the request's description or organisation's name must contain. Blank means no search text.",
                text(),
            ),
            page(),
            per_page(BROKERAGE_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/placements/traded`: traded-service offers.
pub(crate) struct TradedSearch;

impl IntoParams for TradedSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        use convene_domain::placements::TradedService;
        vec![
            org_key("org", "Only this organisation's offers."),
            query(
                "service",
                "Only this service.",
                one_of(TradedService::ALL.map(TradedService::key)),
            ),
            page(),
            per_page(BROKERAGE_PAGE_SIZE),
        ]
    }
}

/// `GET /api/v1/placements/agreements`: the caller's agreements.
pub(crate) struct AgreementSearch;

impl IntoParams for AgreementSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![page(), per_page(BROKERAGE_PAGE_SIZE)]
    }
}

/// What "schools like mine" takes: a URN, `school-` and a URN, or `trust-` and a Group UID.
const LIKE_PATTERN: &str = "^(school-|trust-)?[1-9][0-9]{0,17}$";

/// `GET /api/v1/recognition`: the recognition shown, or the caller's own not shown.
pub(crate) struct RecognitionSearch;

impl IntoParams for RecognitionSearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "nominee",
                "Only recognition of this person (person-N) or organisation (trust-17101, school-136730, partner-4).",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(convene_domain::evidence::recognition::Nominee::PATTERN))
                    .into(),
            ),
            query("kind", "Only this kind.", one_of(["nomination", "endorsement"])),
            query(
                "mine",
                "true: the caller's own recognition not shown (waiting, declined or withdrawn) instead of the recognition shown.",
                one_of(["true", "false"]),
            ),
        ]
    }
}

/// `GET /api/v1/case-studies`: published case studies, found by area, form of work,
/// region, phase, words and "schools like mine".
pub(crate) struct CaseStudySearch;

impl IntoParams for CaseStudySearch {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        use convene_domain::evidence::case_studies::WorkForm;
        use convene_domain::organisation::Phase;
        let forms: Vec<&str> = WorkForm::all().into_iter().map(WorkForm::key).collect();
        vec![
            area_filter(),
            query("form", "Only this form of work.", one_of(forms)),
            region("Only work involving a school in this region."),
            query(
                "phase",
                "Only work involving a school of this phase.",
                one_of(Phase::ALL.map(Phase::key)),
            ),
            query(
                "q",
                "Words the title, summary or text must all contain (any case). Blank means no words.",
                text(),
            ),
            query(
                "like",
                "Schools like mine: a school (its URN, or school-URN) or a trust (trust-Group UID). Keeps case studies naming it, a school in its family of similar schools (or its trust), or one of its similar trusts, and says which in `why`.",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some(LIKE_PATTERN))
                    .into(),
            ),
            query(
                "unpublished",
                "true: the unpublished case studies the caller may see instead of the published ones.",
                one_of(["true", "false"]),
            ),
        ]
    }
}
