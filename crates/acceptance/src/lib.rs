//! Support for Convene's end-to-end tests: the pieces the tests in `tests/` share to check the
//! whole system from outside, as a person or another program would use it.

pub mod browser;

pub mod databases;
pub mod dates;
pub mod people;
pub mod pictures;
pub mod server;
pub mod web_client;
