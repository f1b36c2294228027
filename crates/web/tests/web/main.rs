//! The web layer over real HTTP: pages, errors, the JSON API, CSV downloads and the OpenAPI
//! document, against a small hand-made dataset in a temporary SQLite database.

mod api;
mod hardening;
mod pages;
mod support;
