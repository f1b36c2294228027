//! Enforces each route's [`Rule`], declared beside the route in [`crate::routes`]. This
//! is the only place a route's permission is checked.

use super::RequestContext;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{RawPathParams, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use convene_domain::access::{decide, Decision, PlatformRole, RouteFacts, Rule};
use convene_domain::party::OrgRef;

/// Middleware for one route: decides with the domain policy and answers for the handler
/// when the answer is no.
pub(crate) async fn authorise(
    State((state, rule)): State<(AppState, Rule)>,
    params: RawPathParams,
    request: Request,
    next: Next,
) -> Response {
    let Some(context) = request.extensions().get::<RequestContext>().cloned() else {
        return WebError::internal("request was not identified").into_response();
    };
    let org = match params.iter().find(|(name, _)| *name == "org") {
        Some((_, key)) => match OrgRef::parse(key) {
            Some(org) => Some(org),
            None => {
                return WebError::NotFound(format!("There is no organisation called {key}."))
                    .into_response()
            }
        },
        None => None,
    };
    let mut facts = RouteFacts {
        org,
        org_has_administrator: true,
    };
    let asks_platform_admin = context
        .actor
        .viewer()
        .is_some_and(|v| v.has(PlatformRole::Administrator));
    if let (Rule::OrgAdministrator, Some(org), true) = (rule, org, asks_platform_admin) {
        match state.store().has_administrator(org).await {
            Ok(has) => facts.org_has_administrator = has,
            Err(e) => return WebError::from(e).into_response(),
        }
    }
    match decide(rule, &context.actor, facts) {
        Decision::Allow => next.run(request).await,
        Decision::SignIn => {
            let next_path = request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string();
            WebError::SignInRequired { next: next_path }.into_response()
        }
        Decision::VerifyEmail => WebError::Forbidden(
            "Confirm your email address first. We sent you a link when you created your \
             account; you can ask for a new one on your account page."
                .into(),
        )
        .into_response(),
        Decision::Forbidden => {
            WebError::Forbidden("You do not have permission to do this.".into()).into_response()
        }
    }
}
