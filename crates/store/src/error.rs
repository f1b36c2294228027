//! The storage layer's one error type.

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or opened.
    #[error("cannot open the database at {location}: {reason}")]
    Connect {
        /// Where (password removed).
        location: String,
        /// The driver's explanation.
        reason: String,
    },
    /// The database holds a schema newer than this program understands.
    #[error("the database schema is at version {found}, newer than this program's {known}; upgrade convene")]
    SchemaTooNew {
        /// Version in the database.
        found: i64,
        /// Newest version this program knows.
        known: i64,
    },
    /// The change was refused because of what is already stored (an address already
    /// registered, the last administrator removed); the message says so in plain English.
    #[error("{0}")]
    Refused(String),
    /// A stored value could not be understood (a bug or a hand-edited database).
    #[error("unexpected value in the database: {0}")]
    Corrupt(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}
