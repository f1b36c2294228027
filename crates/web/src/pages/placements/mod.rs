//! Placement pages: the overview and collaboration records (`overview.rs`), the register of
//! available leaders (`leaders.rs`), requests and their suggested matches (`requests.rs`),
//! agreements from proposal to review (`agreements.rs`) and traded services (`traded.rs`).
//! Shared checks are in `crate::placements`; what the forms share is here.

pub(crate) mod agreements;
pub(crate) mod leaders;
pub(crate) mod overview;
pub(crate) mod requests;
pub(crate) mod traded;

use crate::pages::forms::{self, FieldErrors};
use convene_domain::placements::RoleKind;
use maud::{html, Markup};

/// The first two breadcrumbs of every placement page.
const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/placements", "Placements")];

/// The breadcrumbs of a page under `(href, label)`.
fn crumbs_to<'a>(href: &'a str, label: &'a str) -> [(&'a str, &'a str); 3] {
    [CRUMBS[0], CRUMBS[1], (href, label)]
}

/// The role select and the "another role" title beside it, as every placement form asks.
fn role_fields(get: &dyn Fn(&str) -> String, errors: &FieldErrors) -> Markup {
    let chosen = get("role");
    html! {
        div class=(if forms::error_for(errors, "role").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }) {
            label class="govuk-label govuk-label--s" for="role" { "Role" }
            @if let Some(e) = forms::error_for(errors, "role") { p class="govuk-error-message" id="role-error" { span class="govuk-visually-hidden" { "Error: " } (e) } }
            select class="govuk-select" id="role" name="role" {
                option value="" { "Choose a role" }
                @for kind in RoleKind::ALL { option value=(kind.key()) selected[chosen == kind.key()] { (kind.label()) } }
            }
        }
        (forms::Input::text("role_other", "The role, if another role", &get("role_other")).hint("For example director of estates").render(errors))
    }
}
