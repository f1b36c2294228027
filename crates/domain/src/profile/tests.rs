use super::national::{percentile_rank, Dimension, NationalPicture};
use super::*;
use crate::organisation::{GridReference, OfstedInspection};

fn school(urn: i64, easting: i64, northing: i64) -> School {
    let mut s = School::new(Urn(urn), format!("School {urn}"));
    s.phase = Phase::Primary;
    s.type_name = "Academy converter".into();
    s.location = Some(GridReference { easting, northing });
    s
}

fn date(text: &str) -> Date {
    Date::parse(text).expect("valid test date")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn geography_of_three_schools_worked_by_hand() {
    // A and B are 6 km apart; C is 5 km from each (a 3-4-5 triangle either side).
    let members = [
        school(1, 400_000, 300_000),
        school(2, 406_000, 300_000),
        school(3, 403_000, 304_000),
    ];
    let p = TrustProfile::from_members(GroupUid(1), &members, |_| None);
    let g = &p.geography;
    // Centroid (403000, 301333.3); A and B are sqrt(3000² + 1333.3²) m from it, C 2666.7 m.
    let radius = (3000.0_f64.powi(2) + (4000.0_f64 / 3.0).powi(2)).sqrt() / 1000.0;
    assert!(close(g.radius_km.expect("radius"), radius));
    // Pairwise distances 6, 5, 5 km: the median is 5.
    assert!(close(g.median_distance_km.expect("median"), 5.0));
    assert_eq!(g.spread, Some(Spread::Local));
    assert_eq!(g.located, 3);
    let centre = g.centre.expect("centre");
    assert!((52.0..53.0).contains(&centre.latitude) && (-3.0..-1.0).contains(&centre.longitude));
}

#[test]
fn one_school_is_a_single_site_and_unlocated_schools_are_listed() {
    let mut unlocated = school(2, 1, 1);
    unlocated.location = None;
    let p = TrustProfile::from_members(
        GroupUid(1),
        &[school(1, 450_000, 200_000), unlocated],
        |_| None,
    );
    assert_eq!(p.geography.radius_km, Some(0.0));
    assert_eq!(p.geography.median_distance_km, None);
    assert_eq!(p.geography.spread, Some(Spread::Single));
    assert_eq!(p.geography.unlocated, [Urn(2)]);
    assert_eq!(p.schools, 2);

    let none = TrustProfile::from_members(GroupUid(2), &[], |_| None);
    assert_eq!(none.geography.spread, None);
    assert_eq!(none.size_band, None);
}

#[test]
fn spread_thresholds() {
    assert_eq!(Spread::classify(0.3), Spread::Single);
    assert_eq!(Spread::classify(25.0), Spread::Local);
    assert_eq!(Spread::classify(25.1), Spread::Regional);
    assert_eq!(Spread::classify(100.0), Spread::Regional);
    assert_eq!(Spread::classify(180.0), Spread::National);
}

#[test]
fn context_is_weighted_by_pupils() {
    let mut a = school(1, 400_000, 300_000);
    a.pupils = Some(100);
    a.fsm_percent = Some(10.0);
    a.idaci_quintile = Some(1);
    let mut b = school(2, 400_100, 300_000);
    b.pupils = Some(300);
    b.fsm_percent = Some(30.0);
    b.idaci_quintile = Some(5);
    b.eal_percent = Some(8.0);
    // No pupil count: left out of the weighted figures.
    let mut c = school(3, 400_200, 300_000);
    c.fsm_percent = Some(90.0);
    let p = TrustProfile::from_members(GroupUid(1), &[a, b, c], |_| None);
    // (100 × 10 + 300 × 30) / 400 = 25; IDACI (100 × 1 + 300 × 5) / 400 = 4.
    assert!(close(p.fsm_percent.expect("fsm"), 25.0));
    assert!(close(p.idaci_quintile.expect("idaci"), 4.0));
    assert!(close(p.eal_percent.expect("eal"), 8.0));
    assert_eq!(p.pupils, 400);
    assert_eq!(p.schools_with_pupils, 2);
}

#[test]
fn counts_phases_types_places_and_settings() {
    let mut a = school(1, 400_000, 300_000);
    a.la_name = Some("Bath and North East Somerset".into());
    a.region = Some(Region::SouthWest);
    a.urban_rural = Some("(England/Wales) Rural village".into());
    let mut b = school(2, 400_000, 300_000);
    b.phase = Phase::Secondary;
    b.type_name = "Free schools".into();
    b.la_code = Some(801);
    b.region = Some(Region::SouthWest);
    b.urban_rural = Some("(England/Wales) Urban city and town".into());
    let mut c = school(3, 400_000, 300_000);
    c.urban_rural = Some("Urban major conurbation".into());
    let mut closed = school(4, 400_000, 300_000);
    closed.status = Status::Closed;
    let p = TrustProfile::from_members(GroupUid(1), &[a, b, c, closed], |_| None);
    assert_eq!(p.schools, 3);
    assert_eq!(p.schools_in_phase(Phase::Primary), 2);
    assert_eq!(p.types[0].label, "Academy converter");
    assert_eq!(p.types[0].schools, 2);
    assert_eq!(p.local_authorities, ["801", "Bath and North East Somerset"]);
    assert_eq!(p.regions, [Region::SouthWest]);
    assert_eq!((p.urban_rural.urban, p.urban_rural.rural), (2, 1));
    assert!(close(
        p.urban_rural.percent_rural.expect("rural"),
        100.0 / 3.0
    ));
    assert!(close(p.percent_primary().expect("primary"), 200.0 / 3.0));
    assert_eq!(p.geography.spread, Some(Spread::Single));
}

#[test]
fn ofsted_profile_counts_standings_and_inspections_since_joining() {
    let inspected = |urn: i64, overall: Option<Judgement>, on: &str| {
        let mut s = school(urn, 400_000, 300_000);
        s.ofsted = Some(OfstedInspection {
            overall,
            inspection_date: Some(date(on)),
            ..OfstedInspection::default()
        });
        s
    };
    let members = [
        inspected(1, Some(Judgement::Good), "2022-05-10"),
        inspected(2, Some(Judgement::Outstanding), "2019-01-15"),
        inspected(3, None, "2025-01-20"),
        school(4, 400_000, 300_000),
    ];
    let joined = |urn: Urn| match urn.0 {
        1 | 2 => Some(date("2020-09-01")),
        3 => Some(date("2025-01-20")),
        _ => None,
    };
    let p = TrustProfile::from_members(GroupUid(1), &members, joined);
    let counts: Vec<(OfstedStanding, u64)> = p
        .ofsted
        .standings
        .iter()
        .map(|c| (c.standing, c.schools))
        .collect();
    assert_eq!(
        counts[0],
        (OfstedStanding::Graded(Judgement::Outstanding), 1)
    );
    assert_eq!(counts[1], (OfstedStanding::Graded(Judgement::Good), 1));
    assert_eq!(counts[4], (OfstedStanding::NoOverallGrade, 1));
    assert_eq!(counts[5], (OfstedStanding::NotInspected, 1));
    assert!(close(p.ofsted.standings[1].percent, 25.0));
    // Schools 1 and 3 (inspected on the day it joined) were inspected since joining; school 2
    // was inspected before; school 4 has no inspection date.
    assert_eq!(p.ofsted.with_both_dates, 3);
    assert_eq!(p.ofsted.inspected_since_joining, 2);
    assert!(close(
        p.ofsted.percent_inspected_since_joining.expect("share"),
        200.0 / 3.0
    ));
    assert!(close(
        p.percent_good_or_outstanding().expect("graded"),
        100.0
    ));
}

#[test]
fn size_bands() {
    let bands: Vec<Option<SizeBand>> = [0, 1, 2, 5, 6, 10, 11, 20, 21, 40, 41, 300]
        .into_iter()
        .map(SizeBand::of)
        .collect();
    use SizeBand::*;
    assert_eq!(
        bands,
        [
            None,
            Some(One),
            Some(TwoToFive),
            Some(TwoToFive),
            Some(SixToTen),
            Some(SixToTen),
            Some(ElevenToTwenty),
            Some(ElevenToTwenty),
            Some(TwentyOneToForty),
            Some(TwentyOneToForty),
            Some(FortyOneOrMore),
            Some(FortyOneOrMore),
        ]
    );
}

#[test]
fn percentile_rank_counts_values_at_or_below() {
    let values = [4.0, 1.0, 3.0, 2.0];
    assert_eq!(percentile_rank(&values, 3.0), 75.0);
    assert_eq!(percentile_rank(&values, 4.0), 100.0);
    assert_eq!(percentile_rank(&values, 0.5), 0.0);
    assert_eq!(percentile_rank(&[1.0, 2.0, 2.0, 3.0], 2.0), 75.0);
    assert_eq!(percentile_rank(&[1.0, f64::NAN], 1.0), 100.0);
    assert_eq!(percentile_rank(&[], 1.0), 0.0);
}

#[test]
fn national_picture_ranks_a_trust_and_averages_its_size_band() {
    let trust = |uid: i64, pupils: &[i64]| {
        let members: Vec<School> = pupils
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut s = school(uid * 100 + i as i64, 400_000 + 1000 * i as i64, 300_000);
                s.pupils = Some(*p);
                s
            })
            .collect();
        TrustProfile::from_members(GroupUid(uid), &members, |_| None)
    };
    let profiles = [
        trust(1, &[100]),
        trust(2, &[300]),
        trust(3, &[200, 200, 200]),
        trust(4, &[500, 500]),
    ];
    let picture = NationalPicture::from_profiles(&profiles);
    assert_eq!(picture.trusts, 4);
    let pupils = picture.distribution(Dimension::Pupils).expect("pupils");
    assert_eq!(pupils.values, [100.0, 300.0, 600.0, 1000.0]);
    assert_eq!(pupils.band_average(SizeBand::One), Some(200.0));
    assert_eq!(pupils.band_average(SizeBand::TwoToFive), Some(800.0));
    assert_eq!(pupils.band_average(SizeBand::SixToTen), None);
    assert_eq!(pupils.median(), Some(450.0));
    for v in [50.0, 100.0, 450.0, 600.0, 2000.0] {
        assert_eq!(
            pupils.percentile(v),
            Some(percentile_rank(&pupils.values, v))
        );
    }

    let standings = picture.standings(&profiles[1]);
    let on_pupils = standings
        .iter()
        .find(|s| s.dimension == Dimension::Pupils)
        .expect("pupils standing");
    assert_eq!(on_pupils.value, Some(300.0));
    assert_eq!(on_pupils.percentile, Some(50.0));
    assert_eq!(on_pupils.band_average, Some(200.0));
    // No trust has FSM data: no value, no percentile.
    let on_fsm = standings
        .iter()
        .find(|s| s.dimension == Dimension::FsmPercent)
        .expect("fsm standing");
    assert_eq!((on_fsm.value, on_fsm.percentile), (None, None));
    assert_eq!(standings.len(), Dimension::ALL.len());
}
