//! The JSON API for the collaboration network: the same network, filters and measures as
//! the page (`crate::network`), with each organisation's name and every linked pair.

use crate::access::RequestContext;
use crate::api::openapi::{BAD_PARAMETER, FAILED, NO_TOKEN};
use crate::api::parameters::NetworkSearch;
use crate::error::ApiError;
use crate::network::{network_view, NetworkQuery};
use crate::params::ApiParams;
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::Json;
use convene_domain::evidence::network::{Cluster, OrgMeasures, TieKind};
use convene_domain::party::OrgRef;
use serde::Serialize;
use utoipa::ToSchema;

/// An organisation in the network, named, with its measures.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NetworkOrg {
    /// Its name.
    name: String,
    /// Its measures.
    #[serde(flatten)]
    measures: OrgMeasures,
}

/// Two organisations working together.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NetworkLink {
    /// One side.
    #[schema(value_type = OrgRef)]
    a: OrgRef,
    /// The other side.
    #[schema(value_type = OrgRef)]
    b: OrgRef,
    /// How many ties join them.
    ties: u32,
    /// Of which kinds.
    kinds: Vec<TieKind>,
}

/// The network and its measures.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NetworkAnswer {
    /// Every organisation with a tie.
    orgs: Vec<NetworkOrg>,
    /// Every linked pair.
    links: Vec<NetworkLink>,
    /// The clusters, largest first.
    clusters: Vec<Cluster>,
    /// How much more ties fall within clusters than chance would give.
    modularity: f64,
    /// Separate pieces (no path between them).
    components: usize,
    /// Where the ties come from, and as at which day.
    source: String,
}

/// The collaboration network.
///
/// Organisations joined by brokered collaborations, members of published partnerships,
/// peer reviews whose host published a summary and finished placements both sides chose
/// to show, as far as the caller may see each; with each organisation's connections,
/// reach, betweenness, cluster and role.
#[utoipa::path(
    get,
    path = "/api/v1/network",
    operation_id = "network",
    tag = "Evidence",
    params(NetworkSearch),
    security((), ("apiToken" = [])),
    responses(
        (status = 200, description = "The network and its measures.", body = NetworkAnswer),
        (status = 400, description = BAD_PARAMETER, body = ApiError),
        (status = 401, description = NO_TOKEN, body = ApiError),
        (status = 500, description = FAILED, body = ApiError),
    )
)]
pub(crate) async fn network(
    State(state): State<AppState>,
    context: RequestContext,
    ApiParams(params): ApiParams,
) -> Result<Json<NetworkAnswer>, WebError> {
    let query = NetworkQuery::from_params(&params)?;
    let view = network_view(&state, &context, &query).await?;
    let links = view
        .network
        .links
        .iter()
        .map(|l| NetworkLink {
            a: view.network.orgs[l.a],
            b: view.network.orgs[l.b],
            ties: l.ties,
            kinds: l.kinds.clone(),
        })
        .collect();
    let orgs = view
        .measures
        .orgs
        .iter()
        .map(|m| NetworkOrg {
            name: view.name(m.org),
            measures: m.clone(),
        })
        .collect();
    Ok(Json(NetworkAnswer {
        orgs,
        links,
        clusters: view.measures.clusters,
        modularity: view.measures.modularity,
        components: view.measures.components,
        source: format!(
            "Convene's own records as at {}, as far as the caller may see them",
            crate::format::today()
        ),
    }))
}
