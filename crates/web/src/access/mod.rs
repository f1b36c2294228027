//! Who is asking, and whether they may: the session or API token behind each request,
//! CSRF protection for every form, and the one place route rules are enforced. Handlers
//! receive a [`RequestContext`] and never check permissions themselves.

pub(crate) mod account_nav;
pub(crate) mod authorise;
pub(crate) mod context;
pub(crate) mod cookies;
pub(crate) mod csrf;
pub(crate) mod headers;
pub(crate) mod rate_limit;

pub(crate) use context::RequestContext;
