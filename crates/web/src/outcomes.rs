//! A school's published figures over time beside its family's, as the school page and the
//! school's JSON both show them.

use crate::state::AppState;
use crate::WebError;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::outcome::{self, MeasureSeries};
use convene_domain::Urn;

/// Each measure the school has a published figure for, year by year, with the median of its
/// family of similar schools (the default family size) beside it. A school with no family
/// (closed schools) has its own figures only.
pub(crate) async fn school_series(
    state: &AppState,
    analysis: &SystemAnalysis,
    urn: Urn,
) -> Result<Vec<MeasureSeries>, WebError> {
    let family: Vec<Urn> = analysis
        .family(urn)
        .map(|f| f.neighbours.iter().map(|n| n.urn).collect())
        .unwrap_or_default();
    let mut urns = family.clone();
    urns.push(urn);
    let mut all = state.store().outcomes_of(&urns).await?;
    let own = all.remove(&urn).unwrap_or_default();
    let members: Vec<_> = family
        .iter()
        .map(|u| all.remove(u).unwrap_or_default())
        .collect();
    Ok(outcome::series(&own, &members))
}
