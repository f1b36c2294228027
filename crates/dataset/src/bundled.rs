//! The compact dataset compiled into the binary: gzip-compressed JSON of a
//! [`NationalDataset`], rebuilt with `convene dataset build`.

use convene_domain::dataset::NationalDataset;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{Read, Write};

/// The bundled file, as built by `convene dataset build` into `data/bundled/`.
static BUNDLED: &[u8] = include_bytes!("../../../data/bundled/national.json.gz");

/// Why a dataset could not be decoded or encoded.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The bytes are not gzip.
    #[error("the dataset is not a gzip file: {0}")]
    Compression(#[from] std::io::Error),
    /// The JSON inside does not describe a dataset.
    #[error("the dataset's contents are not valid: {0}")]
    Format(#[from] serde_json::Error),
    /// A source file could not be read while building.
    #[error("{0}")]
    Source(String),
}

/// The national dataset bundled with this build of Convene.
pub fn bundled() -> Result<NationalDataset, DatasetError> {
    decode(BUNDLED)
}

/// Reads a dataset from its gzip-compressed JSON form.
pub fn decode(bytes: &[u8]) -> Result<NationalDataset, DatasetError> {
    let mut json = Vec::with_capacity(bytes.len() * 8);
    GzDecoder::new(bytes).read_to_end(&mut json)?;
    Ok(serde_json::from_slice(&json)?)
}

/// Writes a dataset in its gzip-compressed JSON form.
pub fn encode(dataset: &NationalDataset) -> Result<Vec<u8>, DatasetError> {
    let json = serde_json::to_vec(dataset)?;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(&json)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::organisation::School;
    use convene_domain::Urn;

    #[test]
    fn round_trips() {
        let dataset = NationalDataset {
            schools: vec![School::new(Urn(100000), "The Aldgate School")],
            ..NationalDataset::default()
        };
        assert_eq!(decode(&encode(&dataset).unwrap()).unwrap(), dataset);
    }

    #[test]
    fn datasets_built_before_outcomes_existed_still_decode() {
        let dataset = NationalDataset {
            schools: vec![School::new(Urn(100000), "The Aldgate School")],
            ..NationalDataset::default()
        };
        let mut json = serde_json::to_value(&dataset).unwrap();
        let school = json["schools"][0].as_object_mut().unwrap();
        for field in ["sen_support_percent", "ehc_plan_percent", "ks2", "ks4"] {
            assert!(school.remove(field).is_some(), "{field}");
        }
        assert!(json.as_object_mut().unwrap().remove("outcomes").is_some());
        let older: NationalDataset = serde_json::from_value(json).unwrap();
        assert_eq!(older, dataset);
    }

    #[test]
    fn the_bundled_dataset_carries_outcomes_and_sen() {
        let dataset = bundled().unwrap();
        let count = |f: &dyn Fn(&School) -> bool| dataset.schools.iter().filter(|s| f(s)).count();
        assert_eq!(count(&|s| s.ks2.is_some()), 13_553);
        assert_eq!(count(&|s| s.ks4.is_some()), 3_602);
        assert_eq!(count(&|s| s.sen_support_percent.is_some()), 18_919);
        let school = |urn| dataset.schools.iter().find(|s| s.urn == Urn(urn)).unwrap();
        let aldgate = school(100000);
        let ks2 = aldgate.ks2.as_ref().unwrap();
        assert_eq!(ks2.year.as_deref(), Some("2018/19"));
        assert_eq!(
            (
                ks2.reading_progress,
                ks2.writing_progress,
                ks2.maths_progress
            ),
            (Some(4.8), Some(2.5), Some(3.9))
        );
        assert_eq!(
            (aldgate.sen_support_percent, aldgate.ehc_plan_percent),
            (Some(21.0), Some(3.0))
        );
        let ks4 = school(100049).ks4.clone().unwrap();
        assert_eq!((ks4.progress8, ks4.attainment8), (Some(-0.11), Some(42.4)));
        let kinds: Vec<&str> = dataset.sources.iter().map(|s| s.kind.key()).collect();
        for kind in ["ks2", "ks4", "sen"] {
            assert!(kinds.contains(&kind), "{kind} credited");
        }
    }

    #[test]
    fn the_bundled_dataset_carries_dated_outcomes_over_time() {
        use convene_domain::import::ImportKind;
        use convene_domain::outcome::Measure;
        let dataset = bundled().unwrap();
        let figure = |measure: Measure, year: &str, urn: i64| {
            dataset
                .outcomes
                .iter()
                .filter(|s| s.measure == measure && s.year == year)
                .find_map(|s| {
                    s.values
                        .iter()
                        .find(|(u, _)| *u == Urn(urn))
                        .map(|(_, v)| (*v, s.source.as_str()))
                })
        };
        assert_eq!(
            figure(Measure::Ks4Progress8, "2023/24", 100049),
            Some((-0.2, "secondary_schools_2026-03.csv"))
        );
        assert_eq!(
            figure(Measure::Ks4Progress8, "2018/19", 100049),
            Some((-0.11, "ks4_2018-19.csv")),
            "the official 2018/19 file wins over the compiled series"
        );
        assert_eq!(
            figure(Measure::Ks4Progress8, "2015/16", 100049),
            Some((-0.11, "progress_and_admissions_by_year_2014-2022.csv"))
        );
        assert_eq!(
            figure(Measure::Ks2ReadingProgress, "2016/17", 100000),
            Some((2.8, "progress_and_admissions_by_year_2014-2022.csv"))
        );
        assert_eq!(
            figure(Measure::PupilPremiumPercent, "2019/20", 100000),
            Some((16.2, "pupil_premium_2019-20.csv"))
        );
        assert_eq!(
            figure(Measure::Ks5ALevelAps, "2022/23", 137181).map(|f| f.0),
            Some(28.15)
        );
        let count = |measure: Measure, year: &str| {
            dataset
                .outcomes
                .iter()
                .filter(|s| s.measure == measure && s.year == year)
                .map(|s| s.values.len())
                .sum::<usize>()
        };
        assert_eq!(
            count(Measure::Ks5ALevelValueAdded, "2021/22"),
            0,
            "not published"
        );
        assert!(count(Measure::Ks5ALevelValueAdded, "2023/24") > 1_500);
        let kinds: Vec<&str> = dataset.sources.iter().map(|s| s.kind.key()).collect();
        assert!(kinds.contains(&"ks5"));
        let credited = |file: &str| {
            dataset
                .sources
                .iter()
                .filter(|s| s.file_name == file)
                .map(|s| s.kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            credited("progress_and_admissions_by_year_2014-2022.csv"),
            [ImportKind::ResultsSeries],
            "credited under its own kind, so a KS2 import does not take its credit"
        );
        assert_eq!(
            credited("pupil_premium_2019-20.csv"),
            [ImportKind::PupilPremium]
        );
    }

    #[test]
    fn rejects_non_gzip() {
        assert!(matches!(
            decode(b"not gzip"),
            Err(DatasetError::Compression(_))
        ));
    }
}
