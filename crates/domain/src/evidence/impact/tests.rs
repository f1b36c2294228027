//! The estimate checked on synthetic series: a known effect is recovered, no effect gives an
//! interval that covers zero about 95 times in 100, and too little data is refused in words.

use super::*;

/// A small deterministic source of noise (xorshift and Box-Muller), so the simulations give
/// the same answer on every run.
struct Noise(u64);

impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self, sd: f64) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

const YEARS: [i32; 5] = [2015, 2016, 2017, 2018, 2023];

fn start() -> Date {
    Date::new(2017, 9, 1).unwrap()
}

fn figure(year: i32, value: f64) -> Outcome {
    Outcome {
        measure: Measure::Ks4Progress8,
        year: crate::outcome::academic_year(year),
        value,
        source: format!("ks4_{year}.csv"),
    }
}

/// One school's series: its own level, a trend every school shares, yearly noise, and
/// `effect` added to every year from the start on.
fn series(noise: &mut Noise, effect: f64) -> Vec<Outcome> {
    let level = noise.normal(0.3);
    YEARS
        .iter()
        .map(|&y| {
            let trend = 0.04 * f64::from(y - 2015);
            let treated = if y >= 2017 { effect } else { 0.0 };
            figure(y, level + trend + treated + noise.normal(0.1))
        })
        .collect()
}

fn family(noise: &mut Noise, size: usize) -> Vec<(Urn, Vec<Outcome>)> {
    (0..size)
        .map(|i| (Urn(200_000 + i as i64), series(noise, 0.0)))
        .collect()
}

fn run(school: &[Outcome], family: &[(Urn, Vec<Outcome>)], start: Date) -> Impact {
    let family: Vec<(Urn, &[Outcome])> = family.iter().map(|(u, o)| (*u, o.as_slice())).collect();
    impact(&ImpactInput {
        measure: Measure::Ks4Progress8,
        start,
        school_name: "Test School",
        start_label: "joining the trust",
        school,
        family: &family,
    })
}

#[test]
fn a_known_effect_is_recovered() {
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let trials = 300;
    let (mut total, mut above) = (0.0, 0);
    for _ in 0..trials {
        let school = series(&mut noise, 0.5);
        let family = family(&mut noise, 40);
        let e = run(&school, &family, start()).estimate.unwrap();
        total += e.difference;
        above += usize::from(e.finding == Finding::AboveFamily);
        assert!(e.low < e.difference && e.difference < e.high);
    }
    let mean = total / f64::from(trials);
    assert!((mean - 0.5).abs() < 0.02, "mean estimate {mean}");
    assert!(above >= 290, "{above} of {trials} found above the family");
}

#[test]
fn with_no_effect_the_interval_covers_zero_about_95_times_in_100() {
    let mut noise = Noise(0x2545_F491_4F6C_DD1D);
    let trials = 1_000;
    let mut covered = 0;
    let mut total = 0.0;
    for _ in 0..trials {
        let school = series(&mut noise, 0.0);
        let family = family(&mut noise, 40);
        let e = run(&school, &family, start()).estimate.unwrap();
        covered += usize::from(e.low <= 0.0 && 0.0 <= e.high);
        assert_eq!(
            e.finding == Finding::WithinFamilyRange,
            e.low <= 0.0 && 0.0 <= e.high
        );
        total += e.difference;
    }
    let share = covered as f64 / f64::from(trials);
    assert!((0.93..=0.97).contains(&share), "covered zero in {share}");
    assert!((total / f64::from(trials)).abs() < 0.02);
}

#[test]
fn one_school_with_no_effect_is_within_the_family_range_and_says_so() {
    let mut noise = Noise(7);
    let school: Vec<Outcome> = YEARS
        .iter()
        .map(|&y| figure(y, 0.04 * f64::from(y - 2015)))
        .collect();
    let family = family(&mut noise, 20);
    let impact = run(&school, &family, start());
    let e = impact.estimate.as_ref().unwrap();
    assert_eq!(e.finding, Finding::WithinFamilyRange);
    assert_eq!(e.compared_schools, 20);
    assert!(impact
        .summary
        .contains("within the range their results ordinarily move"));
    assert!(impact.summary.contains("similar schools"));
    assert_eq!(impact.years_before, ["2015/16", "2016/17"]);
    assert_eq!(impact.years_after, ["2017/18", "2018/19", "2023/24"]);
    assert_eq!(impact.first_year_after, "2017/18");
    assert!(impact.refusal.is_none());
}

#[test]
fn the_arithmetic_is_the_difference_in_differences() {
    let school = [figure(2016, 0.0), figure(2018, 1.0)];
    let family: Vec<(Urn, Vec<Outcome>)> = [0.1, 0.2, 0.3, 0.4, 0.5]
        .iter()
        .enumerate()
        .map(|(i, change)| {
            (
                Urn(i as i64 + 1),
                vec![figure(2016, 0.0), figure(2017, 9.0), figure(2018, *change)],
            )
        })
        .collect();
    let impact = run(&school, &family, start());
    let e = impact.estimate.unwrap();
    assert!((e.school_change - 1.0).abs() < 1e-12);
    assert!(
        (e.family_change - 0.3).abs() < 1e-12,
        "2017/18 is not a year the school has"
    );
    assert!((e.difference - 0.7).abs() < 1e-12);
    let spread = (0.025_f64).sqrt();
    assert!((e.family_spread - spread).abs() < 1e-12);
    let half = 2.776 * spread * (1.2_f64).sqrt();
    assert!((e.high - e.low - 2.0 * half).abs() < 1e-9);
    assert_eq!(e.finding, Finding::AboveFamily);
    assert!(impact.summary.contains("0.70 better (95% interval"));
    assert!(impact.summary.contains("contributed to the improvement"));
}

#[test]
fn the_year_the_start_falls_in_counts_as_after() {
    assert_eq!(academic_year_of(Date::new(2018, 3, 1).unwrap()), 2017);
    assert_eq!(academic_year_of(Date::new(2017, 9, 1).unwrap()), 2017);
    assert_eq!(academic_year_of(Date::new(2017, 8, 31).unwrap()), 2016);
    assert_eq!(
        side_of("2017/18", Date::new(2018, 3, 1).unwrap()),
        Some(Side::After)
    );
    assert_eq!(
        side_of("2016/17", Date::new(2018, 3, 1).unwrap()),
        Some(Side::Before)
    );
    assert_eq!(side_of("later", Date::new(2018, 3, 1).unwrap()), None);
}

#[test]
fn no_year_before_or_after_is_refused_in_words() {
    let mut noise = Noise(11);
    let school = series(&mut noise, 0.0);
    let family = family(&mut noise, 20);
    let early = run(&school, &family, Date::new(2012, 1, 1).unwrap());
    assert!(early.estimate.is_none());
    assert!(early
        .refusal
        .as_deref()
        .unwrap()
        .contains("in any year before joining the trust"));
    let late = run(&school, &family, Date::new(2027, 1, 4).unwrap());
    assert!(late.estimate.is_none());
    let why = late.refusal.unwrap();
    assert!(why.contains("yet for 2026/27 or any later year"), "{why}");
    assert_eq!(late.summary, why);
    assert!(!late.years.is_empty(), "the figures are still shown");
}

#[test]
fn too_few_similar_schools_with_both_sides_are_refused() {
    let mut noise = Noise(13);
    let school = series(&mut noise, 0.0);
    let mut family = family(&mut noise, 8);
    for (_, outcomes) in family.iter_mut().skip(4) {
        outcomes.retain(|o| o.year.as_str() < "2017");
    }
    let impact = run(&school, &family, start());
    assert!(impact.estimate.is_none());
    assert_eq!(impact.members.len(), 4);
    assert!(impact.refusal.unwrap().starts_with(
        "Only 4 of the 8 similar schools have a Progress 8 figure both before and after"
    ));
}

#[test]
fn a_missing_year_is_not_published_and_the_family_range_is_given() {
    let school = [figure(2015, 0.1), figure(2018, 0.3)];
    let family: Vec<(Urn, Vec<Outcome>)> = (0..6)
        .map(|i| {
            let v = f64::from(i) / 10.0;
            (
                Urn(i64::from(i) + 1),
                vec![figure(2015, v), figure(2016, v), figure(2018, v)],
            )
        })
        .collect();
    let impact = run(&school, &family, start());
    let years: Vec<&str> = impact.years.iter().map(|y| y.year.as_str()).collect();
    assert_eq!(years, ["2015/16", "2016/17", "2018/19"]);
    let gap = &impact.years[1];
    assert_eq!(gap.school, None);
    assert_eq!(gap.side, Side::Before);
    assert_eq!(gap.source, "ks4_2016.csv", "the family's file");
    assert_eq!(gap.family_low, Some(0.0));
    assert_eq!(gap.family_high, Some(0.5));
    assert_eq!(gap.family_count, 6);
    assert_eq!(impact.years[2].side, Side::After);
    assert_eq!(impact.years_before, ["2015/16"]);
}

#[test]
fn other_measures_are_ignored_and_no_words_attribute() {
    let mut noise = Noise(17);
    let mut school = series(&mut noise, 0.8);
    school.push(Outcome {
        measure: Measure::Ks4Attainment8,
        year: "2016/17".into(),
        value: 50.0,
        source: "x".into(),
    });
    let family = family(&mut noise, 30);
    for effect_school in [school, series(&mut noise, -0.8), series(&mut noise, 0.0)] {
        let impact = run(&effect_school, &family, start());
        let words = impact.summary.to_lowercase();
        assert!(words.contains("compared with similar schools"), "{words}");
        for banned in ["caus", "because of", "due to", "result of the"] {
            assert!(!words.contains(banned), "{banned} in {words}");
        }
    }
}

#[test]
fn t_quantiles_are_student_s() {
    assert_eq!(t_975(4), 2.776);
    assert_eq!(t_975(30), 2.042);
    assert!((t_975(40) - 2.021).abs() < 0.001);
    assert!((t_975(120) - 1.980).abs() < 0.001);
    assert!((t_975(100_000) - 1.960).abs() < 0.001);
    assert!(t_975(0).is_infinite());
}
