//! CSV downloads: every school or trust matching a search (not just one page), in columns a
//! spreadsheet user can work with. Pages and the API share these functions so a download
//! from either is identical.

use crate::csv_table::CsvTable;
use crate::state::AppState;
use crate::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use convene_domain::search::{SchoolQuery, TrustQuery};
use convene_domain::summary::{SchoolSummary, TrustSummary};

/// The most rows one download holds (England has about 22,000 state-funded schools).
pub(crate) const MAX_ROWS: u32 = 50_000;

/// The school columns, in order.
pub(crate) const SCHOOL_COLUMNS: [&str; 15] = [
    "urn",
    "name",
    "status",
    "phase",
    "type",
    "la_code",
    "la_name",
    "region",
    "postcode",
    "pupils",
    "fsm_percent",
    "ofsted_overall",
    "ofsted_inspection_date",
    "trust_uid",
    "trust_name",
];

/// The trust columns, in order.
pub(crate) const TRUST_COLUMNS: [&str; 8] = [
    "uid",
    "group_id",
    "name",
    "kind",
    "status",
    "companies_house_number",
    "schools",
    "pupils",
];

/// Schools as CSV with a header row.
pub(crate) fn schools(rows: &[SchoolSummary]) -> Result<Vec<u8>, WebError> {
    let mut table = CsvTable::new(SCHOOL_COLUMNS)?;
    for s in rows {
        table.row([
            s.urn.to_string(),
            s.name.clone(),
            s.status.label().to_string(),
            s.phase.label().to_string(),
            s.type_name.clone(),
            opt(s.la_code),
            s.la_name.clone().unwrap_or_default(),
            s.region.map(|r| r.name().to_string()).unwrap_or_default(),
            s.postcode.clone().unwrap_or_default(),
            opt(s.pupils),
            s.fsm_percent.map(|p| format!("{p:.1}")).unwrap_or_default(),
            s.ofsted_overall
                .map(|j| j.label().to_string())
                .unwrap_or_default(),
            opt(s.ofsted_inspection_date),
            opt(s.trust_uid),
            s.trust_name.clone().unwrap_or_default(),
        ])?;
    }
    table.finish()
}

/// Trusts as CSV with a header row.
pub(crate) fn trusts(rows: &[TrustSummary]) -> Result<Vec<u8>, WebError> {
    let mut table = CsvTable::new(TRUST_COLUMNS)?;
    for t in rows {
        table.row([
            t.uid.to_string(),
            t.group_id.clone().unwrap_or_default(),
            t.name.clone(),
            t.kind.label().to_string(),
            t.status.label().to_string(),
            t.companies_house_number.clone().unwrap_or_default(),
            t.schools.to_string(),
            t.pupils.to_string(),
        ])?;
    }
    table.finish()
}

fn opt(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A CSV download named `filename`.
pub(crate) fn attachment(filename: &str, body: impl Into<axum::body::Body>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// Every school matching `query` (up to [`MAX_ROWS`], whatever page it asked for), as a
/// download, kept until the next import.
pub(crate) async fn schools_download(
    state: &AppState,
    query: &SchoolQuery,
    filename: &str,
) -> Result<Response, WebError> {
    let query = SchoolQuery {
        page: 1,
        per_page: 0,
        ..query.clone()
    };
    let key = download_key("schools", &query)?;
    let body = state
        .cached_download(key, || async {
            schools(&state.search_index().await?.all_schools(&query, MAX_ROWS))
        })
        .await?;
    Ok(attachment(filename, body))
}

/// Every trust matching `query` (up to [`MAX_ROWS`]), as a download, kept until the next
/// import.
pub(crate) async fn trusts_download(
    state: &AppState,
    query: &TrustQuery,
    filename: &str,
) -> Result<Response, WebError> {
    let query = TrustQuery {
        page: 1,
        per_page: 0,
        ..query.clone()
    };
    let key = download_key("trusts", &query)?;
    let body = state
        .cached_download(key, || async {
            trusts(&state.search_index().await?.all_trusts(&query, MAX_ROWS))
        })
        .await?;
    Ok(attachment(filename, body))
}

/// The same download always has the same key, whichever page or address asked for it.
fn download_key(kind: &str, query: &impl serde::Serialize) -> Result<String, WebError> {
    let filters = serde_json::to_string(query)
        .map_err(|e| WebError::internal(format!("download key: {e}")))?;
    Ok(format!("{kind}:{filters}"))
}
