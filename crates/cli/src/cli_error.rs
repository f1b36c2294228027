//! The command line's one error type, and how each error becomes an exit code.

use convene_store::StoreError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// The input file is unusable or has bad rows; nothing was changed.
    #[error("{0}")]
    BadInput(String),
    /// The import would close more than a person confirmed (or could be asked about);
    /// nothing was changed.
    #[error("{0}")]
    Refused(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or network operation failed.
    #[error("{0}")]
    Io(String),
}

impl CliError {
    /// Exit codes: 2 for usage, 3 for bad input or a refused import (nothing changed), 1 for
    /// everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::BadInput(_) | CliError::Refused(_) => 3,
            CliError::Store(_) | CliError::Io(_) => 1,
        }
    }
}

impl From<convene_dataset::DatasetError> for CliError {
    fn from(e: convene_dataset::DatasetError) -> Self {
        CliError::Io(e.to_string())
    }
}
