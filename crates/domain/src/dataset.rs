//! The national dataset Convene ships with, as one value.

use crate::import::ImportSource;
use crate::organisation::{EstablishmentLink, Group, GroupLink, School};
use crate::outcome::OutcomeSeries;
use crate::place::LocalAuthority;
use serde::{Deserialize, Serialize};

/// Every school, trust and link built from the published files, with the files it came from.
/// Loading it into an empty database gives a working national map without any download.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NationalDataset {
    /// The files it was built from, with the dates their data describes.
    pub sources: Vec<ImportSource>,
    /// Local authorities.
    pub local_authorities: Vec<LocalAuthority>,
    /// Groups: academy trusts (and other groups their schools belong to).
    pub groups: Vec<Group>,
    /// Schools.
    pub schools: Vec<School>,
    /// Current trust memberships.
    pub group_links: Vec<GroupLink>,
    /// Predecessor and successor links.
    pub establishment_links: Vec<EstablishmentLink>,
    /// Published figures over time (results, admissions demand, pupil premium), one series
    /// per measure, year and file. Defaulted so datasets built before it existed still load.
    #[serde(default)]
    pub outcomes: Vec<OutcomeSeries>,
}
