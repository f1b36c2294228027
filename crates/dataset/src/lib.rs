//! The national dataset Convene ships with: how it is built from the files DfE and Ofsted
//! publish ([`build`]), and the compact copy compiled into the binary ([`bundled`]) that
//! `convene serve` loads into an empty database so a new install works with no download.

pub mod build;
mod bundled;

pub use bundled::{bundled, decode, encode, DatasetError};
