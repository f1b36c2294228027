//! From the British National Grid to latitude and longitude, for web maps.
//!
//! GIAS locates schools by OSGB36 National Grid easting and northing; web maps want WGS84
//! latitude and longitude. The conversion follows Ordnance Survey's *A guide to coordinate
//! systems in Great Britain*: the inverse Transverse Mercator projection on the Airy 1830
//! ellipsoid gives OSGB36 latitude and longitude (annex C), which become geocentric cartesian
//! coordinates, move to WGS84 by the OS's seven-parameter Helmert transformation (section 6.6)
//! and come back as WGS84 latitude and longitude. The Helmert transformation is good to about
//! 5 metres across Great Britain, plenty for placing a school on a map; OS's OSTN15 grid would
//! reach centimetres but is a large data file, which this crate does without.

use crate::organisation::GridReference;
use serde::{Deserialize, Serialize};

/// A point as latitude and longitude in degrees (north and east positive).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatLon {
    /// Degrees north of the equator.
    pub latitude: f64,
    /// Degrees east of Greenwich (negative to the west).
    pub longitude: f64,
}

/// An ellipsoid by its semi-major and semi-minor axes in metres.
struct Ellipsoid {
    a: f64,
    b: f64,
}

impl Ellipsoid {
    /// The square of the first eccentricity.
    fn eccentricity_squared(&self) -> f64 {
        (self.a * self.a - self.b * self.b) / (self.a * self.a)
    }
}

/// Airy 1830, the ellipsoid of OSGB36 and so of the National Grid.
const AIRY_1830: Ellipsoid = Ellipsoid {
    a: 6_377_563.396,
    b: 6_356_256.909,
};

/// The WGS84 ellipsoid.
const WGS84: Ellipsoid = Ellipsoid {
    a: 6_378_137.0,
    b: 6_356_752.314_245,
};

/// Scale factor on the National Grid's central meridian.
const GRID_SCALE: f64 = 0.999_601_271_7;
/// Latitude of the grid's true origin (49°N).
const ORIGIN_LATITUDE_DEGREES: f64 = 49.0;
/// Longitude of the grid's true origin (2°W).
const ORIGIN_LONGITUDE_DEGREES: f64 = -2.0;
/// Easting of the true origin.
const ORIGIN_EASTING: f64 = 400_000.0;
/// Northing of the true origin.
const ORIGIN_NORTHING: f64 = -100_000.0;

/// The Helmert transformation from OSGB36 to WGS84, as the OS guide publishes it (the guide
/// lists WGS84 to OSGB36; this is its inverse, every sign flipped): translations in metres,
/// scale in parts per million, rotations in arc-seconds.
struct Helmert {
    tx: f64,
    ty: f64,
    tz: f64,
    scale_ppm: f64,
    rx_seconds: f64,
    ry_seconds: f64,
    rz_seconds: f64,
}

const OSGB36_TO_WGS84: Helmert = Helmert {
    tx: 446.448,
    ty: -125.157,
    tz: 542.060,
    scale_ppm: -20.4894,
    rx_seconds: 0.1502,
    ry_seconds: 0.2470,
    rz_seconds: 0.8421,
};

/// Converts a National Grid reference to WGS84 latitude and longitude (about 5 m accuracy),
/// which is what web maps expect.
pub fn to_lat_lon(grid: GridReference) -> LatLon {
    osgb36_to_wgs84(grid_to_osgb36(grid.easting as f64, grid.northing as f64))
}

/// Straight-line distance in kilometres between two grid references, measured on the grid.
/// The National Grid's scale error stays within 0.04% across Great Britain, so planar distance
/// is as good as a geodesic for comparing how far apart schools are.
pub fn distance_km(a: GridReference, b: GridReference) -> f64 {
    planar_km(
        (a.easting as f64, a.northing as f64),
        (b.easting as f64, b.northing as f64),
    )
}

/// Planar distance in kilometres between two (easting, northing) points in metres; for
/// points that are not whole-metre grid references, such as centroids.
pub fn planar_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1) / 1000.0
}

/// Inverse Transverse Mercator: National Grid easting and northing (metres) to OSGB36
/// latitude and longitude on the Airy 1830 ellipsoid (OS guide, annex C.2). Exposed because
/// OS maps print OSGB36 graticules, and for testing against the guide's worked example.
pub fn grid_to_osgb36(easting: f64, northing: f64) -> LatLon {
    let Ellipsoid { a, b } = AIRY_1830;
    let e2 = AIRY_1830.eccentricity_squared();
    let n = (a - b) / (a + b);
    let phi0 = ORIGIN_LATITUDE_DEGREES.to_radians();
    let lambda0 = ORIGIN_LONGITUDE_DEGREES.to_radians();

    // Iterate for the latitude whose meridional arc matches the northing (to 0.01 mm).
    let mut phi = (northing - ORIGIN_NORTHING) / (a * GRID_SCALE) + phi0;
    let mut arc = meridional_arc(b, n, phi, phi0);
    for _ in 0..100 {
        let remaining = northing - ORIGIN_NORTHING - arc;
        if remaining.abs() < 0.000_01 {
            break;
        }
        phi += remaining / (a * GRID_SCALE);
        arc = meridional_arc(b, n, phi, phi0);
    }

    let (sin_phi, cos_phi) = phi.sin_cos();
    let nu = a * GRID_SCALE / (1.0 - e2 * sin_phi * sin_phi).sqrt();
    let rho = a * GRID_SCALE * (1.0 - e2) / (1.0 - e2 * sin_phi * sin_phi).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let tan_phi = phi.tan();
    let tan2 = tan_phi * tan_phi;
    let tan4 = tan2 * tan2;
    let tan6 = tan4 * tan2;
    let sec_phi = 1.0 / cos_phi;
    let nu3 = nu.powi(3);
    let nu5 = nu.powi(5);
    let nu7 = nu.powi(7);

    let vii = tan_phi / (2.0 * rho * nu);
    let viii = tan_phi / (24.0 * rho * nu3) * (5.0 + 3.0 * tan2 + eta2 - 9.0 * tan2 * eta2);
    let ix = tan_phi / (720.0 * rho * nu5) * (61.0 + 90.0 * tan2 + 45.0 * tan4);
    let x = sec_phi / nu;
    let xi = sec_phi / (6.0 * nu3) * (nu / rho + 2.0 * tan2);
    let xii = sec_phi / (120.0 * nu5) * (5.0 + 28.0 * tan2 + 24.0 * tan4);
    let xiia = sec_phi / (5040.0 * nu7) * (61.0 + 662.0 * tan2 + 1320.0 * tan4 + 720.0 * tan6);

    let de = easting - ORIGIN_EASTING;
    let latitude = phi - vii * de.powi(2) + viii * de.powi(4) - ix * de.powi(6);
    let longitude = lambda0 + x * de - xi * de.powi(3) + xii * de.powi(5) - xiia * de.powi(7);
    LatLon {
        latitude: latitude.to_degrees(),
        longitude: longitude.to_degrees(),
    }
}

/// The meridional arc from the origin latitude `phi0` to `phi` (OS guide, equation C3).
fn meridional_arc(b: f64, n: f64, phi: f64, phi0: f64) -> f64 {
    let n2 = n * n;
    let n3 = n2 * n;
    let d = phi - phi0;
    let s = phi + phi0;
    b * GRID_SCALE
        * ((1.0 + n + 1.25 * n2 + 1.25 * n3) * d
            - (3.0 * n + 3.0 * n2 + 21.0 / 8.0 * n3) * d.sin() * s.cos()
            + (15.0 / 8.0 * n2 + 15.0 / 8.0 * n3) * (2.0 * d).sin() * (2.0 * s).cos()
            - 35.0 / 24.0 * n3 * (3.0 * d).sin() * (3.0 * s).cos())
}

/// Moves an OSGB36 latitude and longitude (at height zero) to WGS84 by the OS Helmert
/// transformation.
pub fn osgb36_to_wgs84(point: LatLon) -> LatLon {
    let cartesian = to_cartesian(point, &AIRY_1830);
    from_cartesian(helmert(cartesian, &OSGB36_TO_WGS84), &WGS84)
}

/// Geodetic latitude and longitude (height zero) to geocentric x, y, z in metres.
fn to_cartesian(point: LatLon, ellipsoid: &Ellipsoid) -> [f64; 3] {
    let phi = point.latitude.to_radians();
    let lambda = point.longitude.to_radians();
    let e2 = ellipsoid.eccentricity_squared();
    let (sin_phi, cos_phi) = phi.sin_cos();
    let nu = ellipsoid.a / (1.0 - e2 * sin_phi * sin_phi).sqrt();
    [
        nu * cos_phi * lambda.cos(),
        nu * cos_phi * lambda.sin(),
        (1.0 - e2) * nu * sin_phi,
    ]
}

/// Applies a small-angle seven-parameter Helmert transformation (OS guide, equation 6.3).
fn helmert(point: [f64; 3], t: &Helmert) -> [f64; 3] {
    let arc_second = (1.0_f64 / 3600.0).to_radians();
    let s = 1.0 + t.scale_ppm * 1e-6;
    let rx = t.rx_seconds * arc_second;
    let ry = t.ry_seconds * arc_second;
    let rz = t.rz_seconds * arc_second;
    let [x, y, z] = point;
    [
        t.tx + s * x - rz * y + ry * z,
        t.ty + rz * x + s * y - rx * z,
        t.tz - ry * x + rx * y + s * z,
    ]
}

/// Geocentric x, y, z to geodetic latitude and longitude, iterating for latitude (OS guide,
/// equations B5-B7) until it moves by less than a micro-arc-second.
fn from_cartesian(point: [f64; 3], ellipsoid: &Ellipsoid) -> LatLon {
    let [x, y, z] = point;
    let e2 = ellipsoid.eccentricity_squared();
    let p = x.hypot(y);
    let mut phi = z.atan2(p * (1.0 - e2));
    for _ in 0..100 {
        let sin_phi = phi.sin();
        let nu = ellipsoid.a / (1.0 - e2 * sin_phi * sin_phi).sqrt();
        let next = (z + e2 * nu * sin_phi).atan2(p);
        let converged = (next - phi).abs() < 1e-12;
        phi = next;
        if converged {
            break;
        }
    }
    LatLon {
        latitude: phi.to_degrees(),
        longitude: y.atan2(x).to_degrees(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn degrees(d: f64, m: f64, s: f64) -> f64 {
        d + m / 60.0 + s / 3600.0
    }

    /// Distance in metres between two nearby WGS84 points, for accuracy checks.
    fn metres_apart(a: LatLon, b: LatLon) -> f64 {
        let north = (a.latitude - b.latitude) * 111_200.0;
        let east = (a.longitude - b.longitude) * 111_200.0 * a.latitude.to_radians().cos();
        north.hypot(east)
    }

    #[test]
    fn reproduces_the_os_guide_worked_example() {
        // OS guide, annex C.2: Caister water tower.
        let p = grid_to_osgb36(651_409.903, 313_177.270);
        let expected_lat = degrees(52.0, 39.0, 27.2531);
        let expected_lon = degrees(1.0, 43.0, 4.5177);
        // 0.0001 arc-second is about 3 mm.
        assert!((p.latitude - expected_lat).abs() * 3600.0 < 0.0001, "{p:?}");
        assert!(
            (p.longitude - expected_lon).abs() * 3600.0 < 0.0001,
            "{p:?}"
        );
    }

    #[test]
    fn matches_os_standard_points_within_five_metres() {
        // OS's published OSTN15 test points in England: (easting, northing) and the ETRS89
        // (GPS, within a metre of WGS84) latitude and longitude of the same place.
        let points = [
            (
                "London",
                530_624.963,
                178_388.461,
                51.489_365_646,
                -0.119_925_564,
            ),
            (
                "Leeds",
                422_242.174,
                433_818.699,
                53.800_215_199,
                -1.663_791_676,
            ),
            (
                "Newcastle",
                424_639.343,
                565_012.700,
                54.979_122_740,
                -1.616_576_846,
            ),
            (
                "Plymouth",
                250_359.798,
                62_016.567,
                50.438_858_255,
                -4.108_645_640,
            ),
            (
                "Bristol",
                362_269.979,
                169_978.688,
                51.427_547_434,
                -2.544_076_186,
            ),
            (
                "Colchester",
                599_445.578,
                225_722.824,
                51.894_366_375,
                0.897_243_275,
            ),
            (
                "Carlisle",
                339_921.133,
                556_034.759,
                54.895_423_405,
                -2.938_277_415,
            ),
            (
                "North Foreland",
                639_821.823,
                169_565.856,
                51.374_470_259,
                1.444_547_307,
            ),
        ];
        for (name, e, n, lat, lon) in points {
            let got = osgb36_to_wgs84(grid_to_osgb36(e, n));
            let expected = LatLon {
                latitude: lat,
                longitude: lon,
            };
            let error = metres_apart(got, expected);
            assert!(error < 5.0, "{name}: {got:?} is {error:.1} m out");
        }
    }

    #[test]
    fn places_big_ben() {
        let got = to_lat_lon(GridReference {
            easting: 530_268,
            northing: 179_640,
        });
        assert!((got.latitude - 51.5007).abs() < 0.0005, "{got:?}");
        assert!((got.longitude - -0.1246).abs() < 0.0005, "{got:?}");
    }

    #[test]
    fn grid_distance_is_planar_kilometres() {
        let a = GridReference {
            easting: 400_000,
            northing: 300_000,
        };
        let b = GridReference {
            easting: 403_000,
            northing: 304_000,
        };
        assert!((distance_km(a, b) - 5.0).abs() < 1e-12);
        assert_eq!(distance_km(a, a), 0.0);
    }
}
