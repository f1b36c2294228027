//! An order for rows that must not reveal when each was written (anonymous responses to a
//! call, 360 answers): a hash of their content, stored with the row and sorted on.

use std::hash::{Hash, Hasher};

/// The order key of `content`: the same content always gets the same key, and the key says
/// nothing about when the row came.
pub(crate) fn order_key(content: &impl Hash) -> String {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    content.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
