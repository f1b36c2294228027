//! Convene's end-to-end tests, in one test binary to share one link step: imports on both
//! backends, the real published files, the server over HTTP, and a real browser.

mod accounts;
mod authorisation_matrix;
mod authorisation_matrix_case_studies;
mod authorisation_matrix_partnerships;
mod authorisation_matrix_peer_review;
mod authorisation_matrix_placements;
mod brokerage_api;
mod brokerage_pages;
mod browser_accounts;
mod browser_brokerage;
mod browser_case_studies;
mod browser_journey;
mod browser_layout_and_accessibility;
mod browser_partnerships;
mod browser_peer_review;
mod browser_placements;
mod browser_profiles;
mod case_studies;
mod hardening;
mod http_pages_and_api;
mod impact;
mod import_semantics;
mod national;
mod organisations_and_confidentiality;
mod outcomes_pages;
mod partnerships;
mod peer_review_rounds;
mod peer_reviews;
mod peer_reviews_api;
mod placements;
mod real_data;
mod real_data_brokerage;
mod real_data_profiles;
mod real_data_search;
