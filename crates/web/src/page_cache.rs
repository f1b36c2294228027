//! Rendered pages kept until the data changes. The pages people return to most (a trust, a
//! local authority, a region) each take several queries to build, yet their data changes
//! only when a file is imported. Each copy is stamped with the newest import it was built
//! from, so a new import retires every copy as soon as the footer's sources notice it.

use axum::body::Bytes;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

/// How many pages are kept at most.
const MAX_PAGES: usize = 1_000;

/// How many bytes of pages are kept at most.
const MAX_BYTES: usize = 48 * 1024 * 1024;

/// How many CSV downloads are kept at most: the national ones and the popular areas.
const MAX_DOWNLOADS: usize = 64;

/// How many bytes of downloads are kept at most (every school in England is about 4 MB).
const MAX_DOWNLOAD_BYTES: usize = 128 * 1024 * 1024;

/// Which data a page was built from: the newest import behind it (`None` before any import).
pub(crate) type DataVersion = Option<i64>;

/// Rendered pages (or downloads) by address.
pub(crate) struct PageCache {
    pages: Mutex<Pages>,
    max_entries: usize,
    max_bytes: usize,
}

impl Default for PageCache {
    /// A cache sized for HTML pages.
    fn default() -> Self {
        PageCache::with_limits(MAX_PAGES, MAX_BYTES)
    }
}

#[derive(Default)]
struct Pages {
    by_key: HashMap<String, Entry>,
    bytes: usize,
}

struct Entry {
    version: DataVersion,
    body: Bytes,
    last_used: Instant,
}

impl PageCache {
    /// A cache sized for CSV downloads: few, but large.
    pub(crate) fn for_downloads() -> PageCache {
        PageCache::with_limits(MAX_DOWNLOADS, MAX_DOWNLOAD_BYTES)
    }

    fn with_limits(max_entries: usize, max_bytes: usize) -> PageCache {
        PageCache {
            pages: Mutex::default(),
            max_entries,
            max_bytes,
        }
    }

    /// The page kept for `key`, if it was built from data at `version`.
    pub(crate) fn get(&self, key: &str, version: DataVersion) -> Option<Bytes> {
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = pages.by_key.get_mut(key)?;
        if entry.version != version {
            return None;
        }
        entry.last_used = Instant::now();
        Some(entry.body.clone())
    }

    /// Keeps a page, making room by dropping the least recently used ones.
    pub(crate) fn put(&self, key: String, version: DataVersion, body: Bytes) {
        if body.len() > self.max_bytes / 16 {
            return;
        }
        let mut pages = self.pages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(old) = pages.by_key.remove(&key) {
            pages.bytes -= old.body.len();
        }
        while !pages.by_key.is_empty()
            && (pages.by_key.len() >= self.max_entries || pages.bytes + body.len() > self.max_bytes)
        {
            pages.evict_least_recently_used();
        }
        pages.bytes += body.len();
        let last_used = Instant::now();
        pages.by_key.insert(
            key,
            Entry {
                version,
                body,
                last_used,
            },
        );
    }
}

impl Pages {
    fn evict_least_recently_used(&mut self) {
        let oldest = self
            .by_key
            .iter()
            .min_by_key(|(_, entry)| entry.last_used)
            .map(|(key, _)| key.clone());
        if let Some(entry) = oldest.and_then(|key| self.by_key.remove(&key)) {
            self.bytes -= entry.body.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_only_for_the_data_it_was_built_from() {
        let cache = PageCache::default();
        cache.put("/trusts/1".into(), Some(3), Bytes::from_static(b"old"));
        assert_eq!(
            cache.get("/trusts/1", Some(3)),
            Some(Bytes::from_static(b"old"))
        );
        assert_eq!(
            cache.get("/trusts/1", Some(4)),
            None,
            "a newer import retires it"
        );
        assert_eq!(cache.get("/trusts/2", Some(3)), None);
    }

    #[test]
    fn the_least_recently_used_page_makes_room() {
        let cache = PageCache::default();
        for n in 0..MAX_PAGES {
            cache.put(format!("/p/{n}"), None, Bytes::from_static(b"x"));
        }
        assert!(cache.get("/p/0", None).is_some());
        cache.put("/p/new".into(), None, Bytes::from_static(b"y"));
        assert!(cache.get("/p/0", None).is_some(), "recently used, so kept");
        assert!(
            cache.get("/p/1", None).is_none(),
            "least recently used, so dropped"
        );
        assert!(cache.get("/p/new", None).is_some());
    }
}
