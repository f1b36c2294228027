//! Partnership pages: the list, convening one, its page (public once published, with
//! members-only panels for members), invitations and roles, goals, commitments, stock-takes,
//! discussion, the Atom and iCalendar feeds, the board report, load and overload views, and
//! the CSV of commitments. Who may see and do what is decided by the store's visibility
//! rule and the checks in [`crate::partnerships`]; these modules only read and render.

mod chart;
pub(crate) mod commitments;
pub(crate) mod feeds;
pub(crate) mod goals;
pub(crate) mod list;
pub(crate) mod load;
pub(crate) mod members;
pub(crate) mod report;
pub(crate) mod show;
pub(crate) mod stocktakes;

use convene_domain::partnerships::partnership::owners;
use convene_domain::partnerships::Member;
use maud::{html, Markup};

/// The breadcrumb every partnership page starts from.
pub(crate) const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/partnerships", "Partnerships")];

/// The breadcrumb of a page below one partnership.
pub(crate) fn crumbs_for(path: &str, name: &str) -> Vec<(String, String)> {
    vec![
        ("/".into(), "Home".into()),
        ("/partnerships".into(), "Partnerships".into()),
        (path.to_string(), name.to_string()),
    ]
}

/// Borrows owned breadcrumbs for `respond`.
pub(crate) fn borrowed(crumbs: &[(String, String)]) -> Vec<(&str, &str)> {
    crumbs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// The error summary for problems whose fields are named at run time (a stock-take's
/// `status-12`), linking to each field.
pub(crate) fn owned_error_summary(errors: &[(String, String)]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="govuk-error-summary" data-module="govuk-error-summary" {
                div role="alert" {
                    h2 class="govuk-error-summary__title" { "There is a problem" }
                    div class="govuk-error-summary__body" {
                        ul class="govuk-list govuk-error-summary__list" {
                            @for (field, message) in errors {
                                li { a href=(format!("#{field}")) { (message) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The members that may own a goal or commitment, as radio choices with `chosen` ticked.
pub(crate) fn owner_choices(members: &[Member], chosen: &str) -> Vec<(String, String, bool)> {
    owners(members)
        .map(|m| {
            (
                m.org.org.key(),
                m.org.name.clone(),
                chosen == m.org.org.key(),
            )
        })
        .collect()
}

/// A GOV.UK tag.
pub(crate) fn tag(label: &str, class: &str) -> Markup {
    html! { strong class=(format!("govuk-tag {class}")) { (label) } }
}

/// Paragraphs of free text, split at blank lines.
pub(crate) fn paragraphs(text: &str) -> Markup {
    html! {
        @for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            p class="govuk-body convene-pre-wrap" { (paragraph) }
        }
    }
}
