//! Copies of partnerships' records held in memory, each good for one version of its
//! partnership. A partnership's page is read far more often than it changes, and reading
//! hundreds of commitments, stock-takes and measurements on every request cost more than
//! drawing the page. Every write to a partnership adds one to `partnerships.version` in
//! its own transaction, and every read reads that version first, so a copy is used only
//! while nothing has changed: in this process or in any other on the same database.

use crate::partnerships::PartnershipDossier;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Most copies kept; past this all are dropped and the next readers make them again.
const MOST_COPIES: usize = 512;

/// The copies, by partnership id and whether they hold members-only material.
#[derive(Debug, Default)]
pub(crate) struct PartnershipCopies {
    copies: Mutex<HashMap<(i64, bool), Arc<PartnershipDossier>>>,
}

impl PartnershipCopies {
    /// The copy of partnership `id` for members or not, if it was made at `version`.
    pub(crate) fn current(
        &self,
        id: i64,
        members_only: bool,
        version: i64,
    ) -> Option<Arc<PartnershipDossier>> {
        let copies = self.copies.lock().unwrap_or_else(|e| e.into_inner());
        copies
            .get(&(id, members_only))
            .filter(|copy| copy.partnership.version == version)
            .cloned()
    }

    /// Keeps `dossier` as the copy for its partnership, for members or not.
    pub(crate) fn keep(&self, members_only: bool, dossier: Arc<PartnershipDossier>) {
        let mut copies = self.copies.lock().unwrap_or_else(|e| e.into_inner());
        if copies.len() >= MOST_COPIES {
            copies.clear();
        }
        copies.insert((dossier.partnership.id.0, members_only), dossier);
    }
}
