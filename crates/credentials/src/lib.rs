//! Convene's secrets, in one small crate so the rules for them are easy to review:
//!
//! - passwords are hashed with Argon2id (OWASP's first choice) with a random salt per
//!   password, in the PHC string format so the parameters travel with the hash;
//! - session ids, CSRF tokens, email links and API tokens are 256 random bits from the
//!   operating system, given to the person once and stored only as a SHA-256 digest, so a
//!   copy of the database does not let anyone sign in.

#![warn(missing_docs)]

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sha2::{Digest, Sha256};
use std::fmt;

/// Why a secret could not be made or checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialError(String);

impl fmt::Display for CredentialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CredentialError {}

/// Hashes a password with Argon2id and a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, CredentialError> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| CredentialError(format!("randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| CredentialError(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| CredentialError(format!("hashing: {e}")))
}

/// Whether `password` matches a hash made by [`hash_password`]. A malformed hash never
/// matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to check against when an account does not exist, so that a wrong address takes
/// as long to refuse as a wrong password and addresses cannot be discovered by timing. It
/// is made once per process with the same parameters as real hashes.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let mut secret = [0u8; 32];
        let _ = getrandom::getrandom(&mut secret);
        hash_password(&hex(&secret)).unwrap_or_default()
    })
}

/// A new random token as text that is safe in cookies, URLs and headers (64 hex digits),
/// with `prefix` in front so a leaked token says what it is (`cvn_` for API tokens).
pub fn new_token(prefix: &str) -> Result<String, CredentialError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| CredentialError(format!("randomness: {e}")))?;
    Ok(format!("{prefix}{}", hex(&bytes)))
}

/// The digest under which a token is stored and looked up.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares two secrets in time that does not depend on where they first differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert_ne!(
            hash,
            hash_password("correct horse battery").unwrap(),
            "salted"
        );
        assert!(!verify_password("anything", "not a hash"));
        assert!(!verify_password("anything", decoy_hash()));
        let decoy = PasswordHash::new(decoy_hash()).expect("the decoy is a real hash");
        let real = PasswordHash::new(&hash).unwrap();
        assert_eq!(decoy.params, real.params, "so checking it costs the same");
    }

    #[test]
    fn tokens_are_random_and_stored_as_digests() {
        let a = new_token("cvn_").unwrap();
        let b = new_token("cvn_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert_eq!(token_digest(&a).len(), 64);
        assert_ne!(token_digest(&a), a);
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
