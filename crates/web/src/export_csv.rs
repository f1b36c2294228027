//! CSV downloads: every school or trust matching a search (not just one page), in columns a
//! spreadsheet user can work with. Pages and the API share these functions so a download
//! from either is identical.

use crate::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use convene_domain::search::{Page, SchoolQuery, TrustQuery, MAX_PER_PAGE};
use convene_domain::summary::{SchoolSummary, TrustSummary};
use convene_store::{Store, StoreError};
use std::future::Future;

/// The most rows one download holds (England has about 22,000 state-funded schools).
pub(crate) const MAX_ROWS: usize = 50_000;

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

/// Every school matching `query` (up to [`MAX_ROWS`]), whatever page it asked for.
pub(crate) async fn all_schools(
    store: &Store,
    query: &SchoolQuery,
) -> Result<Vec<SchoolSummary>, WebError> {
    all_pages(|page| {
        let query = SchoolQuery {
            page,
            per_page: MAX_PER_PAGE,
            ..query.clone()
        };
        async move { store.search_schools(&query).await }
    })
    .await
}

/// Every trust matching `query` (up to [`MAX_ROWS`]).
pub(crate) async fn all_trusts(
    store: &Store,
    query: &TrustQuery,
) -> Result<Vec<TrustSummary>, WebError> {
    all_pages(|page| {
        let query = TrustQuery {
            page,
            per_page: MAX_PER_PAGE,
            ..query.clone()
        };
        async move { store.search_trusts(&query).await }
    })
    .await
}

/// Reads pages of [`MAX_PER_PAGE`] from 1 until a short page or [`MAX_ROWS`] rows.
async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, WebError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, StoreError>>,
{
    let mut rows = Vec::new();
    for page in 1.. {
        let page = fetch(page).await?;
        let last = page.items.len() < MAX_PER_PAGE as usize;
        rows.extend(page.items);
        if last || rows.len() >= MAX_ROWS {
            break;
        }
    }
    rows.truncate(MAX_ROWS);
    Ok(rows)
}

/// Schools as CSV with a header row.
pub(crate) fn schools(rows: &[SchoolSummary]) -> Result<Vec<u8>, WebError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(SCHOOL_COLUMNS)?;
    for s in rows {
        writer.write_record([
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
    finish(writer)
}

/// Trusts as CSV with a header row.
pub(crate) fn trusts(rows: &[TrustSummary]) -> Result<Vec<u8>, WebError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(TRUST_COLUMNS)?;
    for t in rows {
        writer.write_record([
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
    finish(writer)
}

fn opt(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, WebError> {
    writer
        .into_inner()
        .map_err(|e| WebError::Internal(format!("writing CSV: {e}")))
}

/// A CSV download named `filename`.
pub(crate) fn attachment(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// Every school matching `query`, as a download.
pub(crate) async fn schools_download(
    store: &Store,
    query: &SchoolQuery,
    filename: &str,
) -> Result<Response, WebError> {
    let rows = all_schools(store, query).await?;
    Ok(attachment(filename, schools(&rows)?))
}

/// Every trust matching `query`, as a download.
pub(crate) async fn trusts_download(
    store: &Store,
    query: &TrustQuery,
    filename: &str,
) -> Result<Response, WebError> {
    let rows = all_trusts(store, query).await?;
    Ok(attachment(filename, trusts(&rows)?))
}
