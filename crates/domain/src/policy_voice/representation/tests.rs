use super::*;
use crate::ids::{GroupUid, Urn};
use crate::organisation::{OfstedInspection, Status};

fn trust(uid: i64, size: &str, region: &str) -> Profile {
    Profile {
        org: OrgRef::Trust(GroupUid(uid)),
        kind: Kind::Trust,
        groups: [
            size.into(),
            "Primary only".into(),
            region.into(),
            "Urban".into(),
            "10% to 20% free school meals".into(),
            "Every graded school good or better".into(),
        ],
    }
}

/// Ten trusts: six with one school (three in the North East, three in London), four of
/// 2 to 5 schools in London. Respondents: two London one-school trusts and all four of
/// 2 to 5.
fn ten() -> (Vec<Profile>, BTreeSet<OrgRef>) {
    let mut population = Vec::new();
    for uid in 1..=3 {
        population.push(trust(uid, "1 school", "North East"));
    }
    for uid in 4..=6 {
        population.push(trust(uid, "1 school", "London"));
    }
    for uid in 7..=10 {
        population.push(trust(uid, "2 to 5 schools", "London"));
    }
    let respondents = [5, 6, 7, 8, 9, 10]
        .into_iter()
        .map(|u| OrgRef::Trust(GroupUid(u)))
        .collect();
    (population, respondents)
}

fn figures<'a>(r: &'a Representation, dimension: Dimension, group: &str) -> &'a GroupFigures {
    r.dimensions
        .iter()
        .find(|d| d.dimension == dimension && d.kind == Kind::Trust)
        .and_then(|d| d.groups.iter().find(|g| g.group == group))
        .unwrap_or_else(|| panic!("no {group}"))
}

#[test]
fn shares_are_worked_out_as_by_hand() {
    let (population, respondents) = ten();
    let r = representation(&population, &respondents);
    assert_eq!(r.trusts, (10, 6));
    assert_eq!(r.schools, (0, 0));
    let one = figures(&r, Dimension::TrustSize, "1 school");
    assert_eq!((one.population, one.responded), (6, 2));
    assert!((one.population_share - 0.6).abs() < 1e-12);
    assert!((one.responded_share - 2.0 / 6.0).abs() < 1e-12);
    assert!((one.response_rate - 2.0 / 6.0).abs() < 1e-12);
    let london = figures(&r, Dimension::Region, "London");
    assert_eq!((london.population, london.responded), (7, 6));
    let north_east = figures(&r, Dimension::Region, "North East");
    assert_eq!((north_east.population, north_east.responded), (3, 0));
    assert_eq!(north_east.responded_share, 0.0);
}

#[test]
fn the_gap_people_name_is_named() {
    let (population, respondents) = ten();
    let r = representation(&population, &respondents);
    let texts: Vec<&str> = r.gaps.iter().map(|g| g.text.as_str()).collect();
    assert!(
        texts.contains(&"No response from trusts in the North East"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"No response from trusts with 1 school in the North East"),
        "{texts:?}"
    );
    let pair = r
        .gaps
        .iter()
        .find(|g| g.groups.len() == 2)
        .expect("a pair gap");
    assert_eq!(pair.population, 3);
    assert_eq!(pair.responded, 0);
}

#[test]
fn a_group_heard_at_under_half_its_share_is_under_heard() {
    // 1 school: 60% of trusts, 33% of responses: more than half its share, not under-heard.
    let (population, mut respondents) = ten();
    let r = representation(&population, &respondents);
    assert!(
        !r.gaps.iter().any(|g| g.text.starts_with("Few responses")),
        "{:?}",
        r.gaps
    );
    // Now only one of six one-school trusts: 1 of 5 responses (20%) against 60%.
    respondents.remove(&OrgRef::Trust(GroupUid(6)));
    let r = representation(&population, &respondents);
    let few: Vec<&Gap> = r
        .gaps
        .iter()
        .filter(|g| g.text.starts_with("Few responses"))
        .collect();
    assert_eq!(few.len(), 1, "{:?}", r.gaps);
    assert_eq!(
        few[0].text,
        "Few responses from trusts with 1 school: 1 of 6"
    );
}

#[test]
fn small_groups_and_unpublished_figures_are_not_gaps() {
    let mut population = vec![trust(1, "31 schools or more", "South West")];
    population.push(trust(2, NOT_PUBLISHED, NOT_PUBLISHED));
    population.push(trust(3, NOT_PUBLISHED, NOT_PUBLISHED));
    population.push(trust(4, NOT_PUBLISHED, NOT_PUBLISHED));
    let r = representation(&population, &BTreeSet::new());
    assert!(
        r.gaps.iter().all(|g| !g.text.contains("31")),
        "{:?}",
        r.gaps
    );
    assert!(
        r.gaps.iter().all(|g| !g.text.contains(NOT_PUBLISHED)),
        "{:?}",
        r.gaps
    );
    let unpublished = figures(&r, Dimension::Region, NOT_PUBLISHED);
    assert_eq!(unpublished.population, 3, "counted, in a group of its own");
}

#[test]
fn respondents_outside_the_population_are_counted_apart() {
    let (population, mut respondents) = ten();
    respondents.insert(OrgRef::Partner(crate::party::PartnerId(4)));
    respondents.insert(OrgRef::Trust(GroupUid(99)));
    let r = representation(&population, &respondents);
    assert_eq!(r.others, 2);
    assert_eq!(r.trusts, (10, 6));
}

fn school(urn: i64, phase: Phase, fsm: Option<f64>, judged: Option<Judgement>) -> School {
    let mut s = School::new(Urn(urn), format!("School {urn}"));
    s.status = Status::Open;
    s.phase = phase;
    s.region = Some(Region::NorthEast);
    s.urban_rural = Some("(England/Wales) Rural village".into());
    s.fsm_percent = fsm;
    s.pupils = Some(200);
    s.ofsted = judged.map(|j| OfstedInspection {
        overall: Some(j),
        ..OfstedInspection::default()
    });
    s
}

#[test]
fn a_trust_s_profile_comes_from_its_schools() {
    let a = school(1, Phase::Primary, Some(10.0), Some(Judgement::Good));
    let b = school(
        2,
        Phase::Secondary,
        Some(30.0),
        Some(Judgement::RequiresImprovement),
    );
    let p = trust_profile(OrgRef::Trust(GroupUid(1)), &[&a, &b]);
    assert_eq!(p.group(Dimension::TrustSize), "2 to 5 schools");
    assert_eq!(p.group(Dimension::Phase), "Mixed phases");
    assert_eq!(p.group(Dimension::Region), "North East");
    assert_eq!(p.group(Dimension::UrbanRural), "Rural");
    assert_eq!(
        p.group(Dimension::Disadvantage),
        "20% to 30% free school meals"
    );
    assert_eq!(
        p.group(Dimension::Ofsted),
        "Fewer than three in four good or better"
    );
    let one = trust_profile(OrgRef::Trust(GroupUid(2)), &[&a]);
    assert_eq!(one.group(Dimension::Phase), "Primary only");
    assert_eq!(
        one.group(Dimension::Ofsted),
        "Every graded school good or better"
    );
}

#[test]
fn a_school_s_missing_figures_are_not_published_never_zero() {
    let s = school(3, Phase::Other, None, None);
    let p = school_profile(&s, None);
    assert_eq!(p.group(Dimension::TrustSize), "Not in a trust");
    assert_eq!(p.group(Dimension::Phase), NOT_PUBLISHED);
    assert_eq!(p.group(Dimension::Disadvantage), NOT_PUBLISHED);
    assert_eq!(p.group(Dimension::Ofsted), "No overall grade");
    let in_trust = school_profile(&school(4, Phase::Primary, Some(45.0), None), Some(12));
    assert_eq!(in_trust.group(Dimension::TrustSize), "6 to 15 schools");
    assert_eq!(
        in_trust.group(Dimension::Disadvantage),
        "40% or more free school meals"
    );
}

#[test]
fn schools_gaps_read_naturally() {
    let population: Vec<Profile> = (1..=4)
        .map(|u| school_profile(&school(u, Phase::Primary, Some(12.0), None), Some(1)))
        .collect();
    let r = representation(&population, &BTreeSet::new());
    let texts: Vec<&str> = r.gaps.iter().map(|g| g.text.as_str()).collect();
    assert!(
        texts.contains(&"No response from primary schools"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"No response from rural schools"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"No response from primary schools in the North East"),
        "{texts:?}"
    );
}

#[test]
fn no_one_at_all_gives_empty_figures_not_a_division_by_zero() {
    let r = representation(&[], &BTreeSet::new());
    assert_eq!(r.trusts, (0, 0));
    assert!(r.dimensions.is_empty());
    assert!(r.gaps.is_empty());
}
