//! Places: England's nine regions and its local authorities.

use serde::{Deserialize, Serialize};

/// One of England's nine regions (ITL1 / former Government Office Regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// North East.
    NorthEast,
    /// North West.
    NorthWest,
    /// Yorkshire and the Humber.
    YorkshireAndTheHumber,
    /// East Midlands.
    EastMidlands,
    /// West Midlands.
    WestMidlands,
    /// East of England.
    EastOfEngland,
    /// London (Inner and Outer London together).
    London,
    /// South East.
    SouthEast,
    /// South West.
    SouthWest,
}

impl Region {
    /// All regions, north to south, for filters and listings.
    pub const ALL: [Region; 9] = [
        Region::NorthEast,
        Region::NorthWest,
        Region::YorkshireAndTheHumber,
        Region::EastMidlands,
        Region::WestMidlands,
        Region::EastOfEngland,
        Region::London,
        Region::SouthEast,
        Region::SouthWest,
    ];

    /// The region's name as DfE writes it.
    pub fn name(self) -> &'static str {
        match self {
            Region::NorthEast => "North East",
            Region::NorthWest => "North West",
            Region::YorkshireAndTheHumber => "Yorkshire and the Humber",
            Region::EastMidlands => "East Midlands",
            Region::WestMidlands => "West Midlands",
            Region::EastOfEngland => "East of England",
            Region::London => "London",
            Region::SouthEast => "South East",
            Region::SouthWest => "South West",
        }
    }

    /// The URL slug (`yorkshire-and-the-humber`).
    pub fn slug(self) -> &'static str {
        match self {
            Region::NorthEast => "north-east",
            Region::NorthWest => "north-west",
            Region::YorkshireAndTheHumber => "yorkshire-and-the-humber",
            Region::EastMidlands => "east-midlands",
            Region::WestMidlands => "west-midlands",
            Region::EastOfEngland => "east-of-england",
            Region::London => "london",
            Region::SouthEast => "south-east",
            Region::SouthWest => "south-west",
        }
    }

    /// Reads a slug produced by [`Region::slug`].
    pub fn from_slug(slug: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.slug() == slug)
    }

    /// Reads a region name as the files write it, tolerating case, "Yorkshire and The Humber",
    /// "East of England"/"East", and Inner/Outer London.
    pub fn parse(text: &str) -> Option<Region> {
        let key: String = text
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match key.as_str() {
            "northeast" => Some(Region::NorthEast),
            "northwest" => Some(Region::NorthWest),
            "yorkshireandthehumber" | "yorkshireandhumber" | "yorkshire" => {
                Some(Region::YorkshireAndTheHumber)
            }
            "eastmidlands" => Some(Region::EastMidlands),
            "westmidlands" => Some(Region::WestMidlands),
            "eastofengland" | "east" | "eastern" => Some(Region::EastOfEngland),
            "london" | "innerlondon" | "outerlondon" => Some(Region::London),
            "southeast" => Some(Region::SouthEast),
            "southwest" => Some(Region::SouthWest),
            _ => None,
        }
    }
}

/// A local authority, identified by its three-digit DfE code (the first three digits of a
/// school's LAESTAB).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalAuthority {
    /// DfE code, e.g. 201 for the City of London.
    pub code: i64,
    /// ONS GSS code, e.g. E09000001.
    pub gss_code: Option<String>,
    /// Name as DfE writes it.
    pub name: String,
    /// The region it sits in.
    pub region: Option<Region>,
}

/// Derives the LA code from a LAESTAB (LA code followed by a four-digit establishment number).
pub fn la_code_from_laestab(laestab: i64) -> Option<i64> {
    (1_000_000..10_000_000)
        .contains(&laestab)
        .then_some(laestab / 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_region_spellings_from_different_files() {
        assert_eq!(
            Region::parse("Yorkshire and The Humber"),
            Some(Region::YorkshireAndTheHumber)
        );
        assert_eq!(Region::parse("Inner London"), Some(Region::London));
        assert_eq!(
            Region::parse("East of England"),
            Some(Region::EastOfEngland)
        );
        assert_eq!(Region::parse("Wales (pseudo)"), None);
    }

    #[test]
    fn slugs_round_trip() {
        for r in Region::ALL {
            assert_eq!(Region::from_slug(r.slug()), Some(r));
            assert_eq!(Region::parse(r.name()), Some(r));
        }
    }

    #[test]
    fn la_code_comes_from_laestab() {
        assert_eq!(la_code_from_laestab(2013614), Some(201));
        assert_eq!(la_code_from_laestab(8264104), Some(826));
        assert_eq!(la_code_from_laestab(123), None);
    }
}
