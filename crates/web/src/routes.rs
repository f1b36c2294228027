//! Every address Convene answers, each with the one [`Rule`] that says who may use it. The
//! router is built from this table and nothing else, so a route cannot exist without a
//! rule, and the authorisation tests walk the same table.

use crate::access::authorise::authorise;
use crate::access::csrf;
use crate::api;
use crate::pages::{
    accounts, admin, behaviours, brokerage, evidence, notes, organisations, partnerships,
    peer_review, people, placements, policy_voice, public,
};
use crate::state::AppState;
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use convene_domain::access::Rule;

/// One route as the authorisation tests see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    /// HTTP method.
    pub method: Method,
    /// Path in the router's syntax (`/trusts/{uid}`).
    pub path: &'static str,
    /// Who may use it.
    pub rule: Rule,
}

struct Route {
    spec: RouteSpec,
    handler: MethodRouter<AppState>,
}

fn get_<H, T>(path: &'static str, rule: Rule, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        spec: RouteSpec {
            method: Method::GET,
            path,
            rule,
        },
        handler: get(handler),
    }
}

/// A POST that takes an upload (a picture): its body may be as large as the largest
/// upload, where every other route keeps axum's smaller default.
fn upload_<H, T>(path: &'static str, rule: Rule, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        spec: RouteSpec {
            method: Method::POST,
            path,
            rule,
        },
        handler: post(handler).layer(axum::extract::DefaultBodyLimit::max(csrf::MAX_UPLOAD_BYTES)),
    }
}

fn post_<H, T>(path: &'static str, rule: Rule, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        spec: RouteSpec {
            method: Method::POST,
            path,
            rule,
        },
        handler: post(handler),
    }
}

#[rustfmt::skip]
fn routes() -> Vec<Route> {
    use Rule::*;
    vec![
        // The system map: public.
        get_("/", Anyone, public::home::show),
        get_("/search", Anyone, public::search::schools),
        get_("/search.csv", Anyone, public::search::schools_csv),
        get_("/trusts", Anyone, public::search::trusts),
        get_("/trusts.csv", Anyone, public::search::trusts_csv),
        get_("/schools/{urn}", Anyone, public::school::show),
        get_("/schools/{urn}/family", Anyone, public::family::show),
        get_("/schools/{urn}/impact", Anyone, evidence::impact::school),
        get_("/trusts/{uid}", Anyone, public::trust::show),
        get_("/trusts/{uid}/schools.csv", Anyone, public::trust::schools_csv),
        get_("/trusts/{uid}/profile.csv", Anyone, public::trust::profile_csv),
        get_("/trusts/compare", Anyone, public::compare::show),
        get_("/local-authorities", Anyone, public::place::local_authorities),
        get_("/local-authorities/{code}", Anyone, public::place::local_authority),
        get_("/local-authorities/{code}/schools.csv", Anyone, public::place::local_authority_csv),
        get_("/regions", Anyone, public::place::regions),
        get_("/regions/{slug}", Anyone, public::place::region),
        get_("/regions/{slug}/schools.csv", Anyone, public::place::region_csv),
        get_("/data", Anyone, public::data_sources::show),
        get_("/about/families", Anyone, public::methods::families),
        get_("/about/similarity", Anyone, public::methods::similarity),
        get_("/api", Anyone, public::api_docs::show),
        get_("/assets/{*path}", Anyone, crate::asset),
        get_("/healthz", Anyone, crate::healthz),
        // Accounts.
        get_("/sign-up", Anyone, accounts::sign_up::form),
        post_("/sign-up", Anyone, accounts::sign_up::submit),
        get_("/sign-in", Anyone, accounts::sign_in::form),
        post_("/sign-in", Anyone, accounts::sign_in::submit),
        post_("/sign-out", SignedIn, accounts::sign_in::sign_out),
        get_("/verify-email", Anyone, accounts::email_links::verify_form),
        post_("/verify-email", Anyone, accounts::email_links::verify),
        post_("/verify-email/resend", SignedIn, accounts::email_links::resend),
        get_("/forgot-password", Anyone, accounts::email_links::forgot_form),
        post_("/forgot-password", Anyone, accounts::email_links::forgot),
        get_("/reset-password", Anyone, accounts::email_links::reset_form),
        post_("/reset-password", Anyone, accounts::email_links::reset),
        get_("/account", SignedIn, accounts::account::overview),
        get_("/account/profile", SignedIn, accounts::account::profile_form),
        post_("/account/profile", SignedIn, accounts::account::profile_save),
        get_("/account/export", SignedIn, accounts::account::export),
        get_("/account/delete", SignedIn, accounts::account::delete_form),
        post_("/account/delete", SignedIn, accounts::account::delete),
        get_("/account/api-tokens", SignedIn, accounts::api_tokens::list),
        post_("/account/api-tokens", Verified, accounts::api_tokens::create),
        post_("/account/api-tokens/{id}/revoke", SignedIn, accounts::api_tokens::revoke),
        // People and organisations.
        get_("/people", Verified, people::directory),
        get_("/people/{id}", RecordVisibility, people::profile),
        get_("/partners", Anyone, organisations::partners::list),
        get_("/partners/new", Verified, organisations::partners::new_form),
        post_("/partners", Verified, organisations::partners::create),
        get_("/partners/{id}", Anyone, organisations::partners::show),
        get_("/organisations/{org}", Anyone, organisations::membership::show),
        post_("/organisations/{org}/claim", Verified, organisations::membership::claim),
        get_("/organisations/{org}/members", OrgRosterViewer, organisations::membership::members),
        post_("/organisations/{org}/members/{membership}/approve", OrgAdministrator, organisations::membership::approve),
        post_("/organisations/{org}/members/{membership}/reject", OrgAdministrator, organisations::membership::reject),
        post_("/organisations/{org}/members/{membership}/role", OrgAdministrator, organisations::membership::change_role),
        get_("/organisations/{org}/audit", OrgAdministrator, organisations::membership::audit),
        // Notes: the record's visibility decides.
        get_("/notes", RecordVisibility, notes::list),
        get_("/notes.csv", RecordVisibility, notes::csv),
        get_("/notes/new", Verified, notes::new_form),
        post_("/notes", Verified, notes::create),
        get_("/notes/{id}", RecordVisibility, notes::show),
        get_("/notes/{id}/edit", Verified, notes::edit_form),
        post_("/notes/{id}/edit", Verified, notes::edit),
        post_("/notes/{id}/delete", Verified, notes::delete),
        // Brokerage: records by their visibility; rankings and answers by who acts for whom.
        get_("/needs", RecordVisibility, brokerage::needs::list),
        get_("/needs/new", Verified, brokerage::needs::new_form),
        post_("/needs", Verified, brokerage::needs::create),
        get_("/needs/{id}", RecordVisibility, brokerage::needs::show),
        post_("/needs/{id}/close", Verified, brokerage::needs::close),
        get_("/needs/{id}/candidates", Verified, brokerage::candidates::show),
        post_("/needs/{id}/introductions", Verified, brokerage::candidates::ask),
        get_("/offers", RecordVisibility, brokerage::offers::list),
        get_("/offers/new", Verified, brokerage::offers::new_form),
        post_("/offers", Verified, brokerage::offers::create),
        get_("/offers/{id}", RecordVisibility, brokerage::offers::show),
        post_("/offers/{id}/status", Verified, brokerage::offers::set_status),
        get_("/offers/{id}/who-might-need", Verified, brokerage::offers::who_might_need),
        get_("/introductions/{id}", Verified, brokerage::introductions::show),
        post_("/introductions/{id}/accept", Verified, brokerage::introductions::accept),
        post_("/introductions/{id}/decline", Verified, brokerage::introductions::decline),
        get_("/collaborations/{id}", RecordVisibility, brokerage::collaborations::show),
        get_("/collaborations/{id}/impact", RecordVisibility, evidence::impact::collaboration),
        get_("/partnerships/{id}/impact", RecordVisibility, evidence::impact::partnership),
        post_("/collaborations/{id}/end", Verified, brokerage::collaborations::end),
        post_("/collaborations/{id}/feedback", Verified, brokerage::collaborations::feedback),
        get_("/organisations/{org}/brokerage", OrgRosterViewer, brokerage::dashboard::organisation),
        get_("/notices", SignedIn, brokerage::dashboard::notices),
        get_("/brokerage/figures", Convener, brokerage::dashboard::figures),
        get_("/about/brokerage", Anyone, brokerage::dashboard::method),
        // Partnerships: a partnership is seen by anyone once published, otherwise only by
        // its members and invitees; members-only material by members; acting by conveners
        // and partners, convening by conveners, answering invitations by the invited
        // organisation's administrators (checked in `crate::partnerships` and the handlers).
        get_("/partnerships", RecordVisibility, partnerships::list::list),
        get_("/partnerships/new", Verified, partnerships::list::new_form),
        post_("/partnerships", Verified, partnerships::list::create),
        get_("/partnerships/mine", SignedIn, partnerships::load::mine),
        get_("/partnerships/{id}", RecordVisibility, partnerships::show::show),
        get_("/partnerships/{id}/edit", Verified, partnerships::list::edit_form),
        post_("/partnerships/{id}/edit", Verified, partnerships::list::edit),
        post_("/partnerships/{id}/invitations", Verified, partnerships::members::invite),
        post_("/partnerships/{id}/invitations/{org}/accept", Verified, partnerships::members::accept),
        post_("/partnerships/{id}/invitations/{org}/decline", Verified, partnerships::members::decline),
        post_("/partnerships/{id}/members/{org}/leave", Verified, partnerships::members::leave),
        post_("/partnerships/{id}/members/{org}/role", Verified, partnerships::members::set_role),
        get_("/partnerships/{id}/goals/new", Verified, partnerships::goals::new_form),
        post_("/partnerships/{id}/goals", Verified, partnerships::goals::create),
        get_("/partnerships/{id}/goals/{goal}/edit", Verified, partnerships::goals::edit_form),
        post_("/partnerships/{id}/goals/{goal}/edit", Verified, partnerships::goals::edit),
        post_("/partnerships/{id}/goals/{goal}/agree", Verified, partnerships::goals::agree),
        get_("/partnerships/{id}/commitments/new", Verified, partnerships::commitments::new_form),
        post_("/partnerships/{id}/commitments", Verified, partnerships::commitments::create),
        get_("/partnerships/{id}/commitments.csv", RecordVisibility, partnerships::commitments::csv),
        get_("/partnerships/{id}/stocktakes/new", Verified, partnerships::stocktakes::new_form),
        post_("/partnerships/{id}/stocktakes", Verified, partnerships::stocktakes::create),
        get_("/partnerships/{id}/stocktakes/{stocktake}", RecordVisibility, partnerships::stocktakes::show),
        get_("/partnerships/{id}/stocktakes.ics", RecordVisibility, partnerships::feeds::calendar),
        get_("/partnerships/{id}/feed.atom", RecordVisibility, partnerships::feeds::atom_feed),
        get_("/partnerships/{id}/report", RecordVisibility, partnerships::report::show),
        get_("/partnerships/{id}/load", Verified, partnerships::load::partnership),
        post_("/partnerships/{id}/posts", Verified, partnerships::show::post),
        // Peer review rounds: anyone sees a round; its volunteers and groups only the
        // convener's people and the volunteers' (checked in `crate::peer_review`).
        // The collaboration network: anyone; the ties counted are those the reader may see.
        get_("/network", Anyone, evidence::network::show),
        get_("/network.csv", Anyone, evidence::network::measures_csv),
        get_("/network.graphml", Anyone, evidence::network::graphml),
        get_("/network/isolated", Anyone, evidence::network::isolated_list),
        get_("/network/isolated.csv", Anyone, evidence::network::isolated_csv),
        get_("/network/organisations/{org}", Anyone, evidence::network::organisation),
        // Case studies: the handlers decide what an unpublished one shows, and to whom
        // (`crate::case_studies`); anything else is "not found".
        get_("/case-studies", Anyone, evidence::case_studies::list),
        get_("/case-studies.csv", Anyone, evidence::case_studies::csv),
        get_("/case-studies/new", Verified, evidence::case_studies::new_form),
        post_("/case-studies", Verified, evidence::case_studies::create),
        get_("/case-studies/{id}", RecordVisibility, evidence::case_studies::show),
        get_("/case-studies/{id}/edit", Verified, evidence::case_studies::edit_form),
        post_("/case-studies/{id}/edit", Verified, evidence::case_studies::update),
        post_("/case-studies/{id}/submit", Verified, evidence::case_studies::submit),
        post_("/case-studies/{id}/withdraw", Verified, evidence::case_studies::withdraw),
        post_("/case-studies/{id}/approve", Verified, evidence::case_studies::approve),
        post_("/case-studies/{id}/return", Verified, evidence::case_studies::send_back),
        post_("/case-studies/{id}/consent", Verified, evidence::case_studies::consent),
        upload_("/case-studies/{id}/images", Verified, evidence::case_studies::upload),
        get_("/case-studies/{id}/images/{image}", RecordVisibility, evidence::case_studies::image),
        post_("/case-studies/{id}/images/{image}/remove", Verified, evidence::case_studies::remove_image),
        // The eight behaviours: everything is its owner's (`pages::behaviours`); a rater
        // reaches their form by the token in their email.
        get_("/behaviours", Verified, behaviours::dashboard),
        get_("/behaviours/assessments/new", Verified, behaviours::new_assessment),
        post_("/behaviours/assessments", Verified, behaviours::save_assessment),
        post_("/behaviours/actions", Verified, behaviours::add_action),
        post_("/behaviours/actions/{id}/done", Verified, behaviours::complete_action),
        get_("/behaviours/feedback/new", Verified, behaviours::new_round),
        post_("/behaviours/feedback", Verified, behaviours::open_round),
        get_("/behaviours/feedback/{id}", Verified, behaviours::show_round),
        post_("/behaviours/feedback/{id}/close", Verified, behaviours::close_round),
        post_("/behaviours/groups", Verified, behaviours::create_group),
        get_("/behaviours/groups/{id}", Verified, behaviours::show_group),
        post_("/behaviours/groups/{id}/invitations", Verified, behaviours::invite_to_group),
        post_("/behaviours/groups/{id}/answer", Verified, behaviours::answer_group),
        post_("/behaviours/groups/{id}/sharing", Verified, behaviours::share_with_group),
        get_("/feedback/{token}", Anyone, behaviours::rater_form),
        post_("/feedback/{token}", Anyone, behaviours::rater_answer),
        // A voice in policy: calls are public; who may read responses is each call's rule
        // (`crate::policy_voice`).
        get_("/calls", Anyone, policy_voice::list),
        get_("/calls/new", Verified, policy_voice::new_form),
        post_("/calls", Verified, policy_voice::create),
        get_("/calls/{id}", Anyone, policy_voice::show),
        post_("/calls/{id}/responses", Verified, policy_voice::respond_to),
        post_("/calls/{id}/close", Verified, policy_voice::close),
        post_("/calls/{id}/responses/{response}/choose", Verified, policy_voice::choose),
        get_("/calls/{id}/responses.csv", Verified, policy_voice::responses_csv),
        get_("/calls/{id}/representation", Anyone, policy_voice::representation),
        post_("/calls/{id}/invitations", Verified, policy_voice::invite),
        get_("/calls/{id}/submission", Anyone, policy_voice::submission),
        post_("/calls/{id}/submission", Verified, policy_voice::save_submission),
        post_("/calls/{id}/submission/quotes/{number}", Verified, policy_voice::answer_quote),
        post_("/calls/{id}/submission/publish", Verified, policy_voice::publish_submission),
        post_("/calls/{id}/submission/outcome", Verified, policy_voice::record_outcome),
        // Recognition: shown once accepted, otherwise only to its parties
        // (`crate::recognition`); anything else is "not found".
        get_("/recognition", Anyone, evidence::recognition::list),
        get_("/recognition.csv", Anyone, evidence::recognition::csv),
        get_("/recognition/new", Verified, evidence::recognition::new_form),
        post_("/recognition", Verified, evidence::recognition::create),
        get_("/recognition/{id}", RecordVisibility, evidence::recognition::show),
        post_("/recognition/{id}/answer", Verified, evidence::recognition::answer),
        post_("/recognition/{id}/withdraw", Verified, evidence::recognition::withdraw),
        get_("/review-rounds", Anyone, peer_review::rounds::list),
        get_("/review-rounds/new", Verified, peer_review::rounds::new_form),
        post_("/review-rounds", Verified, peer_review::rounds::create),
        get_("/review-rounds/{id}", Anyone, peer_review::rounds::show),
        post_("/review-rounds/{id}/volunteers", Verified, peer_review::rounds::volunteer),
        post_("/review-rounds/{id}/withdraw", Verified, peer_review::rounds::withdraw),
        get_("/review-rounds/{id}/groups.csv", Anyone, peer_review::rounds::groups_csv),
        post_("/review-rounds/{id}/groups", Verified, peer_review::rounds::save_groups),
        post_("/review-rounds/{id}/groups/move", Verified, peer_review::rounds::move_to_group),
        post_("/review-rounds/{id}/groups/confirm", Verified, peer_review::rounds::confirm),
        // Peer reviews: the page decides what each reader sees (the whole review for the
        // host and its reviewers, the published summary for others); every change asks
        // the store, which asks the domain whether the reader's side may make it now.
        get_("/peer-reviews", Anyone, peer_review::reviews::list),
        get_("/peer-reviews/new", Verified, peer_review::reviews::new_form),
        post_("/peer-reviews", Verified, peer_review::reviews::create),
        get_("/peer-reviews/{id}", Anyone, peer_review::reviews::show),
        post_("/peer-reviews/{id}/setup", Verified, peer_review::reviews::setup),
        post_("/peer-reviews/{id}/team", Verified, peer_review::reviews::add_to_team),
        post_("/peer-reviews/{id}/team/remove", Verified, peer_review::reviews::remove_from_team),
        post_("/peer-reviews/{id}/schedule", Verified, peer_review::reviews::schedule),
        post_("/peer-reviews/{id}/status", Verified, peer_review::reviews::status),
        post_("/peer-reviews/{id}/evidence", Verified, peer_review::reviews::evidence),
        post_("/peer-reviews/{id}/findings", Verified, peer_review::reviews::finding),
        post_("/peer-reviews/{id}/actions", Verified, peer_review::reviews::action),
        post_("/peer-reviews/{id}/feedback", Verified, peer_review::reviews::feedback),
        post_("/peer-reviews/{id}/summary", Verified, peer_review::reviews::summary),
        // Placements: register entries by their visibility; requests by the domain's rule
        // (a confidential one only for the organisation asking); agreements only for their
        // two organisations, whoever else asks (checked in `crate::placements`).
        get_("/placements", Anyone, placements::overview::show),
        get_("/placements/leaders", RecordVisibility, placements::leaders::list),
        get_("/placements/leaders.csv", RecordVisibility, placements::leaders::csv),
        get_("/placements/leaders/new", Verified, placements::leaders::new_form),
        post_("/placements/leaders", Verified, placements::leaders::create),
        get_("/placements/leaders/{id}", RecordVisibility, placements::leaders::show),
        get_("/placements/requests", RecordVisibility, placements::requests::list),
        get_("/placements/requests.csv", RecordVisibility, placements::requests::csv),
        get_("/placements/requests/new", Verified, placements::requests::new_form),
        post_("/placements/requests", Verified, placements::requests::create),
        get_("/placements/requests/{id}", RecordVisibility, placements::requests::show),
        get_("/placements/agreements", Verified, placements::agreements::list),
        get_("/placements/agreements.csv", Verified, placements::agreements::csv),
        get_("/placements/agreements/new", Verified, placements::agreements::new_form),
        post_("/placements/agreements", Verified, placements::agreements::create),
        get_("/placements/agreements/{id}", Verified, placements::agreements::show),
        post_("/placements/agreements/{id}/approve", Verified, placements::agreements::approve),
        post_("/placements/agreements/{id}/activate", Verified, placements::agreements::activate),
        post_("/placements/agreements/{id}/end", Verified, placements::agreements::end),
        post_("/placements/agreements/{id}/review", Verified, placements::agreements::review),
        post_("/placements/agreements/{id}/publication", Verified, placements::agreements::publication),
        get_("/placements/records/{org}", RecordVisibility, placements::overview::records),
        get_("/placements/traded", Anyone, placements::traded::list),
        get_("/placements/traded.csv", Anyone, placements::traded::csv),
        get_("/placements/traded/new", Verified, placements::traded::new_form),
        post_("/placements/traded", Verified, placements::traded::create),
        // Platform administration.
        get_("/admin", PlatformAdministrator, admin::overview),
        get_("/admin/outbox", PlatformAdministrator, admin::outbox),
        get_("/admin/outbox/{id}", PlatformAdministrator, admin::outbox_email),
        get_("/admin/people", PlatformAdministrator, admin::people),
        post_("/admin/people/{id}/roles", PlatformAdministrator, admin::set_roles),
        get_("/admin/audit", PlatformAdministrator, admin::audit),
        get_("/admin/imports", PlatformAdministrator, admin::imports),
        // The JSON API.
        get_("/api/v1/schools", Anyone, api::schools::list),
        get_("/api/v1/schools.csv", Anyone, api::schools::csv),
        get_("/api/v1/schools/{urn}", Anyone, api::schools::detail),
        get_("/api/v1/schools/{urn}/family", Anyone, api::comparisons::school_family),
        get_("/api/v1/schools/{urn}/impact", Anyone, api::impact::school),
        get_("/api/v1/trusts", Anyone, api::trusts::list),
        get_("/api/v1/trusts.csv", Anyone, api::trusts::csv),
        get_("/api/v1/trusts/{uid}", Anyone, api::trusts::detail),
        get_("/api/v1/trusts/{uid}/profile", Anyone, api::comparisons::trust_profile),
        get_("/api/v1/local-authorities", Anyone, api::places::local_authorities),
        get_("/api/v1/local-authorities/{code}", Anyone, api::places::local_authority),
        get_("/api/v1/regions", Anyone, api::places::regions),
        get_("/api/v1/regions/{slug}", Anyone, api::places::region),
        get_("/api/v1/sources", Anyone, api::places::sources),
        get_("/api/v1/openapi.json", Anyone, api::openapi_json),
        get_("/api/v1/me", SignedIn, api::me::show),
        get_("/api/v1/notes", RecordVisibility, api::notes::list),
        post_("/api/v1/notes", Verified, api::notes::create),
        get_("/api/v1/notes/{id}", RecordVisibility, api::notes::detail),
        get_("/api/v1/needs", RecordVisibility, api::brokerage::list_needs),
        post_("/api/v1/needs", Verified, api::brokerage::create_need),
        get_("/api/v1/needs/{id}", RecordVisibility, api::brokerage::need),
        get_("/api/v1/needs/{id}/candidates", Verified, api::brokerage::candidates),
        get_("/api/v1/needs/{id}/candidates.csv", Verified, api::brokerage::candidates_csv),
        get_("/api/v1/needs/{id}/candidates/{org}", Verified, api::brokerage::explain_candidate),
        post_("/api/v1/needs/{id}/introductions", Verified, api::brokerage::ask_introduction),
        get_("/api/v1/offers", RecordVisibility, api::brokerage::list_offers),
        post_("/api/v1/offers", Verified, api::brokerage::create_offer),
        get_("/api/v1/offers/{id}", RecordVisibility, api::brokerage::offer),
        post_("/api/v1/offers/{id}/status", Verified, api::brokerage::set_offer_status),
        get_("/api/v1/introductions/{id}", Verified, api::brokerage::introduction),
        post_("/api/v1/introductions/{id}/accept", Verified, api::brokerage::accept_introduction),
        post_("/api/v1/introductions/{id}/decline", Verified, api::brokerage::decline_introduction),
        get_("/api/v1/collaborations", RecordVisibility, api::brokerage::list_collaborations),
        get_("/api/v1/collaborations/{id}", RecordVisibility, api::brokerage::collaboration),
        get_("/api/v1/network", Anyone, api::network::network),
        get_("/api/v1/case-studies", Anyone, api::case_studies::list),
        post_("/api/v1/case-studies", Verified, api::case_studies::create),
        get_("/api/v1/case-studies/{id}", RecordVisibility, api::case_studies::one),
        post_("/api/v1/case-studies/{id}/revise", Verified, api::case_studies::revise),
        post_("/api/v1/case-studies/{id}/submit", Verified, api::case_studies::submit),
        post_("/api/v1/case-studies/{id}/withdraw", Verified, api::case_studies::withdraw),
        post_("/api/v1/case-studies/{id}/approve", Verified, api::case_studies::approve),
        post_("/api/v1/case-studies/{id}/return", Verified, api::case_studies::send_back),
        post_("/api/v1/case-studies/{id}/consent", Verified, api::case_studies::consent),
        upload_("/api/v1/case-studies/{id}/images", Verified, api::case_studies::add_image),
        get_("/api/v1/behaviours", Verified, api::behaviours::mine),
        post_("/api/v1/behaviours/assessments", Verified, api::behaviours::save_assessment),
        get_("/api/v1/behaviours/feedback/{id}", Verified, api::behaviours::report),
        get_("/api/v1/calls", Anyone, api::policy_voice::list),
        post_("/api/v1/calls", Verified, api::policy_voice::create),
        get_("/api/v1/calls/{id}", Anyone, api::policy_voice::one),
        get_("/api/v1/calls/{id}/responses", Anyone, api::policy_voice::responses),
        post_("/api/v1/calls/{id}/responses", Verified, api::policy_voice::respond),
        get_("/api/v1/calls/{id}/representation", Anyone, api::policy_voice::representation),
        get_("/api/v1/calls/{id}/submission", Anyone, api::policy_voice::submission),
        get_("/api/v1/recognition", Anyone, api::recognition::list),
        post_("/api/v1/recognition", Verified, api::recognition::create),
        get_("/api/v1/recognition/{id}", RecordVisibility, api::recognition::one),
        post_("/api/v1/recognition/{id}/answer", Verified, api::recognition::answer),
        post_("/api/v1/recognition/{id}/withdraw", Verified, api::recognition::withdraw),
        get_("/api/v1/collaborations/{id}/impact", RecordVisibility, api::impact::collaboration),
        get_("/api/v1/partnerships/{id}/impact", RecordVisibility, api::impact::partnership),
        get_("/api/v1/review-rounds", Anyone, api::peer_review::list),
        post_("/api/v1/review-rounds", Verified, api::peer_review::create),
        get_("/api/v1/review-rounds/{id}", Anyone, api::peer_review::detail),
        post_("/api/v1/review-rounds/{id}/volunteers", Verified, api::peer_review::volunteer),
        post_("/api/v1/review-rounds/{id}/withdraw", Verified, api::peer_review::withdraw),
        post_("/api/v1/review-rounds/{id}/groups", Verified, api::peer_review::save_groups),
        post_("/api/v1/review-rounds/{id}/groups/move", Verified, api::peer_review::move_member),
        post_("/api/v1/review-rounds/{id}/groups/confirm", Verified, api::peer_review::confirm),
        get_("/api/v1/peer-reviews", Anyone, api::peer_reviews::list),
        post_("/api/v1/peer-reviews", Verified, api::peer_reviews::create_review),
        get_("/api/v1/peer-reviews/{id}", Anyone, api::peer_reviews::review),
        post_("/api/v1/peer-reviews/{id}/setup", Verified, api::peer_reviews::setup),
        post_("/api/v1/peer-reviews/{id}/team", Verified, api::peer_reviews::add_to_team),
        post_("/api/v1/peer-reviews/{id}/team/remove", Verified, api::peer_reviews::remove_from_team),
        post_("/api/v1/peer-reviews/{id}/schedule", Verified, api::peer_reviews::schedule),
        post_("/api/v1/peer-reviews/{id}/status", Verified, api::peer_reviews::status),
        post_("/api/v1/peer-reviews/{id}/evidence", Verified, api::peer_reviews::evidence),
        post_("/api/v1/peer-reviews/{id}/findings", Verified, api::peer_reviews::finding),
        post_("/api/v1/peer-reviews/{id}/actions", Verified, api::peer_reviews::action),
        post_("/api/v1/peer-reviews/{id}/feedback", Verified, api::peer_reviews::feedback),
        post_("/api/v1/peer-reviews/{id}/summary", Verified, api::peer_reviews::summary),
        get_("/api/v1/placements/leaders", RecordVisibility, api::placements::list_leaders),
        post_("/api/v1/placements/leaders", Verified, api::placements::create_leader),
        get_("/api/v1/placements/leaders/{id}", RecordVisibility, api::placements::leader),
        get_("/api/v1/placements/requests", RecordVisibility, api::placements::list_requests),
        post_("/api/v1/placements/requests", Verified, api::placements::create_request),
        get_("/api/v1/placements/requests/{id}", RecordVisibility, api::placements::request),
        get_("/api/v1/placements/requests/{id}/matches", Verified, api::placements::matches),
        get_("/api/v1/placements/agreements", Verified, api::placements::list_agreements),
        post_("/api/v1/placements/agreements", Verified, api::placements::propose_agreement),
        get_("/api/v1/placements/agreements/{id}", Verified, api::placements::agreement),
        post_("/api/v1/placements/agreements/{id}/approve", Verified, api::placements::approve),
        post_("/api/v1/placements/agreements/{id}/activate", Verified, api::placements::activate),
        post_("/api/v1/placements/agreements/{id}/end", Verified, api::placements::end),
        post_("/api/v1/placements/agreements/{id}/review", Verified, api::placements::review),
        post_("/api/v1/placements/agreements/{id}/publication", Verified, api::placements::publication),
        get_("/api/v1/placements/records/{org}", RecordVisibility, api::placements::records),
        get_("/api/v1/placements/traded", Anyone, api::placements::list_traded),
        post_("/api/v1/placements/traded", Verified, api::placements::create_traded),
        get_("/api/v1/partnerships", RecordVisibility, api::partnerships::list),
        post_("/api/v1/partnerships", Verified, api::partnerships::create),
        get_("/api/v1/partnerships/{id}", RecordVisibility, api::partnerships::detail),
        get_("/api/v1/partnerships/{id}/goals", RecordVisibility, api::partnerships::goals),
        post_("/api/v1/partnerships/{id}/goals", Verified, api::partnerships::create_goal),
        post_("/api/v1/partnerships/{id}/goals/{goal}/agree", Verified, api::partnerships::agree_goal),
        get_("/api/v1/partnerships/{id}/commitments", RecordVisibility, api::partnerships::commitments),
        get_("/api/v1/partnerships/{id}/commitments.csv", RecordVisibility, api::partnerships::commitments_download),
        post_("/api/v1/partnerships/{id}/commitments", Verified, api::partnerships::create_commitment),
        get_("/api/v1/partnerships/{id}/stocktakes", RecordVisibility, api::partnerships::stocktakes),
        get_("/api/v1/partnerships/{id}/stocktakes/{stocktake}", RecordVisibility, api::partnerships::stocktake),
        post_("/api/v1/partnerships/{id}/stocktakes", Verified, api::partnerships::record_stocktake),
    ]
}

/// Every route and its rule, for tests and documentation.
pub fn route_table() -> Vec<RouteSpec> {
    routes().into_iter().map(|route| route.spec).collect()
}

/// The router: each route wrapped in CSRF protection and then the enforcement of its own
/// rule. Both run only once a route has matched, so an undeclared method answers 405.
pub(crate) fn router(state: &AppState) -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |router, route| {
        let guard = from_fn_with_state((state.clone(), route.spec.rule), authorise);
        let csrf = from_fn_with_state(state.clone(), csrf::protect);
        router.route(
            route.spec.path,
            route.handler.route_layer(guard).route_layer(csrf),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_method_and_path_is_declared_once() {
        let mut seen = HashSet::new();
        for spec in route_table() {
            assert!(
                seen.insert((spec.method.clone(), spec.path)),
                "{} {} is declared twice",
                spec.method,
                spec.path
            );
        }
    }

    #[test]
    fn every_api_route_is_documented_with_its_method_and_nothing_else_is() {
        let served: HashSet<(String, &str)> = route_table()
            .iter()
            .filter(|spec| spec.path.starts_with("/api/"))
            .map(|spec| (spec.method.as_str().to_ascii_lowercase(), spec.path))
            .collect();
        let documented: HashSet<(String, &str)> = api::openapi::document()["paths"]
            .as_object()
            .expect("paths")
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .expect("a path item")
                    .keys()
                    .map(move |method| (method.clone(), path.as_str()))
            })
            .collect();
        assert!(!served.is_empty());
        assert_eq!(served, documented);
    }
}
