//! What every request shares: the store, plus short-lived copies of the few things nearly
//! every page shows but that change only when data is imported (the sources in the footer,
//! the list of school types). Re-reading them per request would cost more than the page.

use crate::page_cache::{DataVersion, PageCache};
use crate::WebError;
use axum::body::Bytes;
use axum::response::{Html, IntoResponse, Response};
use convene_domain::analysis::SystemAnalysis;
use convene_domain::brokerage::EvidenceIndex;
use convene_domain::import::ImportRun;
use convene_domain::partnerships::evidence::AreaSums;
use convene_domain::search::{Page, SchoolQuery, TrustQuery};
use convene_domain::summary::{SchoolSummary, TrustSummary};
use convene_search::SearchIndex;
use convene_store::Store;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a cached copy is trusted by default. Imports run from the command line,
/// possibly in another process, so pages catch up within this time.
pub const DEFAULT_RECHECK: Duration = Duration::from_secs(30);

/// How many CSV downloads may be built at the same time. Each reads and writes up to the
/// whole country; more at once would only share the same cores more thinly while pages
/// wait, so further requests queue (and then usually find the copy just built).
const DOWNLOADS_BUILT_AT_ONCE: usize = 2;

/// How an installation is reached, which decides the links in emails and whether cookies
/// are marked `Secure`.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address people use to reach Convene, without a trailing slash
    /// (`https://convene.example.org`). Links in emails start with it; it is configured
    /// rather than taken from the request's Host header, which an attacker controls.
    pub public_url: String,
    /// Whether to take the client's address from `X-Forwarded-For` (only behind a proxy
    /// that sets it), for rate limiting and the audit log.
    pub trust_forwarded_for: bool,
    /// Whether to keep rendered pages until the data changes (on by default; off only to
    /// measure rendering itself).
    pub cache_pages: bool,
    /// How often to look for a newer import (which may come from another process) before
    /// serving cached pages, profiles and families: [`DEFAULT_RECHECK`] unless a test needs
    /// to see an import at once.
    pub recheck_data_after: Duration,
}

impl WebConfig {
    /// A configuration for a public address, not behind a proxy.
    pub fn new(public_url: &str) -> WebConfig {
        WebConfig {
            public_url: public_url.trim_end_matches('/').to_string(),
            trust_forwarded_for: false,
            cache_pages: true,
            recheck_data_after: DEFAULT_RECHECK,
        }
    }

    /// Whether cookies must only travel over HTTPS.
    pub(crate) fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The full address of a path, for emails.
    pub(crate) fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// Handlers' shared state. Cloning is cheap.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

struct Shared {
    store: Store,
    config: WebConfig,
    analysis: PerVersion<SystemAnalysis>,
    evidence: PerVersion<EvidenceIndex>,
    area_sums: PerVersion<AreaSums>,
    search: PerVersion<SearchIndex>,
    sources: Cached<Vec<ImportRun>>,
    school_types: Cached<Vec<String>>,
    pages: PageCache,
    downloads: PageCache,
    building_downloads: tokio::sync::Semaphore,
}

impl AppState {
    /// State over a store, with empty caches.
    pub(crate) fn new(store: Store, config: WebConfig) -> AppState {
        AppState(Arc::new(Shared {
            store,
            config,
            analysis: PerVersion::default(),
            evidence: PerVersion::default(),
            area_sums: PerVersion::default(),
            search: PerVersion::default(),
            sources: Cached::default(),
            school_types: Cached::default(),
            pages: PageCache::default(),
            downloads: PageCache::for_downloads(),
            building_downloads: tokio::sync::Semaphore::new(DOWNLOADS_BUILT_AT_ONCE),
        }))
    }

    /// The store.
    pub(crate) fn store(&self) -> &Store {
        &self.0.store
    }

    /// How this installation is set up.
    pub(crate) fn config(&self) -> &WebConfig {
        &self.0.config
    }

    /// The files behind the data now shown, for every page's footer. A failure is logged and
    /// gives an empty list: a page is still worth showing without its footer sources.
    pub(crate) async fn sources(&self) -> Arc<Vec<ImportRun>> {
        if let Some(sources) = self.0.sources.fresh(self.0.config.recheck_data_after) {
            return sources;
        }
        match self.0.store.current_sources().await {
            Ok(sources) => self.0.sources.put(sources),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the current data sources");
                Arc::new(Vec::new())
            }
        }
    }

    /// The page at `key` (its path and query), rendered by `render` from the footer sources
    /// unless a copy built from the same data is kept. Errors are never kept.
    pub(crate) async fn cached_page<F, Fut>(
        &self,
        key: String,
        render: F,
    ) -> Result<Response, WebError>
    where
        F: FnOnce(Arc<Vec<ImportRun>>) -> Fut,
        Fut: Future<Output = Result<Html<String>, WebError>>,
    {
        let sources = self.sources().await;
        let version: DataVersion = sources.iter().map(|run| run.id).max();
        if !self.0.config.cache_pages {
            let Html(page) = render(sources).await?;
            return Ok(Html(page).into_response());
        }
        if let Some(body) = self.0.pages.get(&key, version) {
            return Ok(Html(body).into_response());
        }
        let Html(page) = render(sources).await?;
        let body = Bytes::from(page);
        self.0.pages.put(key, version, body.clone());
        Ok(Html(body).into_response())
    }

    /// A page of schools matching `query`, from the search index. A search takes well
    /// under a millisecond of one core, so it needs no queue of its own.
    pub(crate) async fn search_schools(
        &self,
        query: &SchoolQuery,
    ) -> Result<Page<SchoolSummary>, WebError> {
        Ok(self.search_index().await?.search_schools(query))
    }

    /// A page of trusts matching `query`, from the search index.
    pub(crate) async fn search_trusts(
        &self,
        query: &TrustQuery,
    ) -> Result<Page<TrustSummary>, WebError> {
        Ok(self.search_index().await?.search_trusts(query))
    }

    /// The search index over the data now shown: built once per import (off the request
    /// threads), requests meanwhile waiting for the same build, like [`Self::analysis`].
    pub(crate) async fn search_index(&self) -> Result<Arc<SearchIndex>, WebError> {
        let version = self.data_version().await;
        self.0
            .search
            .get_or_build(
                version,
                || async { Ok(self.0.store.searchable().await?) },
                SearchIndex::build,
            )
            .await
    }

    async fn data_version(&self) -> DataVersion {
        self.sources().await.iter().map(|run| run.id).max()
    }

    /// The CSV download for `key` (its kind and filters), built by `build` unless a copy
    /// from the same data is kept. However many anonymous clients ask, at most
    /// [`DOWNLOADS_BUILT_AT_ONCE`] are built at a time and each distinct download once per
    /// import, so downloads cannot take the machine from everyone else.
    pub(crate) async fn cached_download<F, Fut>(
        &self,
        key: String,
        build: F,
    ) -> Result<Bytes, WebError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<u8>, WebError>>,
    {
        let version = self.data_version().await;
        if let Some(body) = self.0.downloads.get(&key, version) {
            return Ok(body);
        }
        let _permit = self
            .0
            .building_downloads
            .acquire()
            .await
            .map_err(|e| WebError::internal(format!("download queue closed: {e}")))?;
        if let Some(body) = self.0.downloads.get(&key, version) {
            return Ok(body);
        }
        let body = Bytes::from(build().await?);
        self.0.downloads.put(key, version, body.clone());
        Ok(body)
    }

    /// Trust profiles, the national picture, similar trusts and families, for the data now
    /// shown. Worked out once per import (about a second for the national data, off the
    /// request threads); requests arriving meanwhile wait for the same result rather than
    /// each working it out.
    pub(crate) async fn analysis(&self) -> Result<Arc<SystemAnalysis>, WebError> {
        let version = self.data_version().await;
        self.0
            .analysis
            .get_or_build(
                version,
                || async { Ok(self.0.store.system_input().await?) },
                |input| SystemAnalysis::build(&input),
            )
            .await
    }

    /// Each school's and trust's strength per improvement area against its family, for
    /// brokerage: worked out once per import from the analysis and every published
    /// figure, like the analysis itself.
    pub(crate) async fn evidence(&self) -> Result<Arc<EvidenceIndex>, WebError> {
        let version = self.data_version().await;
        self.0
            .evidence
            .get_or_build(
                version,
                || async {
                    let analysis = self.analysis().await?;
                    let outcomes = self.0.store.all_outcomes().await?;
                    Ok((analysis, outcomes))
                },
                |(analysis, outcomes)| EvidenceIndex::build(&analysis, &outcomes),
            )
            .await
    }

    /// The sums behind partnerships' evidence panels, per local authority and for
    /// England: worked out once per import from the analysis.
    pub(crate) async fn area_sums(&self) -> Result<Arc<AreaSums>, WebError> {
        let version = self.data_version().await;
        self.0
            .area_sums
            .get_or_build(
                version,
                || async { self.analysis().await },
                |analysis| AreaSums::build(analysis.schools()),
            )
            .await
    }

    /// The establishment types present, for the search filter.
    pub(crate) async fn school_types(&self) -> Result<Arc<Vec<String>>, WebError> {
        if let Some(types) = self.0.school_types.fresh(self.0.config.recheck_data_after) {
            return Ok(types);
        }
        Ok(self.0.school_types.put(self.0.store.school_types().await?))
    }
}

/// A value worked out from the data of one import (the analysis, the search index): kept
/// until the data changes, built by one request at a time off the request threads, while
/// others wait for that build rather than repeat it.
struct PerVersion<T> {
    slot: std::sync::RwLock<Option<(DataVersion, Arc<T>)>>,
    building: tokio::sync::Mutex<()>,
}

impl<T> Default for PerVersion<T> {
    fn default() -> Self {
        PerVersion {
            slot: std::sync::RwLock::new(None),
            building: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T: Send + Sync + 'static> PerVersion<T> {
    /// The value for `version`, reading its input with `read` and working it out with
    /// `build` (on a blocking thread) if it is not kept.
    async fn get_or_build<I, R, Fut>(
        &self,
        version: DataVersion,
        read: R,
        build: fn(I) -> T,
    ) -> Result<Arc<T>, WebError>
    where
        I: Send + 'static,
        R: FnOnce() -> Fut,
        Fut: Future<Output = Result<I, WebError>>,
    {
        if let Some(current) = self.current(version) {
            return Ok(current);
        }
        let _one_at_a_time = self.building.lock().await;
        if let Some(current) = self.current(version) {
            return Ok(current);
        }
        let input = read().await?;
        let value = tokio::task::spawn_blocking(move || build(input))
            .await
            .map_err(|e| WebError::internal(format!("building from the data failed: {e}")))?;
        let value = Arc::new(value);
        *self.slot.write().unwrap_or_else(PoisonError::into_inner) =
            Some((version, Arc::clone(&value)));
        Ok(value)
    }

    fn current(&self, version: DataVersion) -> Option<Arc<T>> {
        let slot = self.slot.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .filter(|(built_from, _)| *built_from == version)
            .map(|(_, value)| Arc::clone(value))
    }
}

/// One value and when it was read.
struct Cached<T> {
    slot: Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Cached<T> {
    fn fresh(&self, fresh_for: Duration) -> Option<Arc<T>> {
        let slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .filter(|(read_at, _)| read_at.elapsed() < fresh_for)
            .map(|(_, value)| Arc::clone(value))
    }

    fn put(&self, value: T) -> Arc<T> {
        let value = Arc::new(value);
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), Arc::clone(&value)));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::WebConfig;

    #[test]
    fn cookies_are_secure_exactly_when_the_public_address_is_https() {
        assert!(WebConfig::new("https://convene.example.org/").secure_cookies());
        assert!(!WebConfig::new("http://127.0.0.1:8080").secure_cookies());
        assert_eq!(
            WebConfig::new("https://convene.example.org/").link("/account"),
            "https://convene.example.org/account"
        );
    }
}
