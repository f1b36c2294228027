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
    fn rejects_non_gzip() {
        assert!(matches!(
            decode(b"not gzip"),
            Err(DatasetError::Compression(_))
        ));
    }
}
