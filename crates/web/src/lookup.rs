//! Finding the thing an address names (a school by URN, a trust by Group UID or TR number,
//! a place by code or slug), with the same "not found" wording for pages and the API.

use crate::WebError;
use convene_domain::place::{LocalAuthority, Region};
use convene_domain::search::SearchTerm;
use convene_domain::summary::{SchoolDetail, TrustDetail};
use convene_domain::{GroupUid, Urn};
use convene_store::Store;

/// A positive whole number from an address segment.
fn identifier(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The school with URN `raw`.
pub(crate) async fn school(store: &Store, raw: &str) -> Result<SchoolDetail, WebError> {
    let missing = || WebError::NotFound(format!("No school has URN {raw}."));
    let urn = identifier(raw).map(Urn).ok_or_else(missing)?;
    store.school(urn).await?.ok_or_else(missing)
}

/// How an address names a trust.
pub(crate) enum TrustRef {
    /// By Group UID, the canonical form.
    Uid(GroupUid),
    /// By Group ID (`TR01904`), which resolves to this Group UID.
    GroupId(GroupUid),
}

/// Resolves a trust address segment: a Group UID, or a Group ID such as `TR01904`.
pub(crate) async fn trust_ref(store: &Store, raw: &str) -> Result<TrustRef, WebError> {
    if let Some(uid) = identifier(raw) {
        return Ok(TrustRef::Uid(GroupUid(uid)));
    }
    if let SearchTerm::GroupId(id) = SearchTerm::interpret(raw) {
        if let Some(uid) = store.group_uid_for_id(&id).await? {
            return Ok(TrustRef::GroupId(uid));
        }
    }
    Err(trust_missing(raw))
}

fn trust_missing(raw: &str) -> WebError {
    WebError::NotFound(format!("No trust has Group UID or Group ID {raw}."))
}

/// The trust with Group UID `uid`.
pub(crate) async fn trust(store: &Store, uid: GroupUid) -> Result<TrustDetail, WebError> {
    store
        .trust(uid)
        .await?
        .ok_or_else(|| trust_missing(&uid.to_string()))
}

/// The local authority with DfE code `raw`.
pub(crate) async fn local_authority(store: &Store, raw: &str) -> Result<LocalAuthority, WebError> {
    let missing = || WebError::NotFound(format!("No local authority has the code {raw}."));
    let code = identifier(raw).ok_or_else(missing)?;
    store.local_authority(code).await?.ok_or_else(missing)
}

/// The region with slug `raw` (`south-east`).
pub(crate) fn region(raw: &str) -> Result<Region, WebError> {
    Region::from_slug(raw)
        .ok_or_else(|| WebError::NotFound(format!("There is no region called {raw}.")))
}
