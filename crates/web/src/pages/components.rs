//! GOV.UK Design System components the pages share: tables with captions and column
//! headers, summary lists, headline figures and pagination. Building them once keeps the
//! markup (and its accessibility) consistent.

use crate::format::{self, thousands};
use convene_domain::place::Region;
use convene_domain::search::Page;
use convene_domain::summary::{SchoolSummary, Tally, TrustSummary};
use maud::{html, Markup, PreEscaped};

/// A table column: its heading and whether it holds numbers (right-aligned).
pub(crate) struct Column(pub(crate) &'static str, pub(crate) bool);

/// A table (or anything wide) that scrolls sideways inside its own box on a narrow screen,
/// rather than widening the page, and takes keyboard focus so it can be scrolled without a
/// mouse. Every wide table goes through here.
pub(crate) fn scrolling(content: Markup) -> Markup {
    html! {
        div class="convene-table-scroll" tabindex="0" { (content) }
    }
}

/// A GOV.UK table with a caption and column headers.
pub(crate) fn table(caption: &str, columns: &[Column], rows: Markup) -> Markup {
    html! {
        div class="convene-table-scroll" role="region" aria-label=(caption) tabindex="0" {
        table class="govuk-table" {
            caption class="govuk-table__caption govuk-table__caption--m" { (caption) }
            thead class="govuk-table__head" {
                tr class="govuk-table__row" {
                    @for Column(label, numeric) in columns {
                        th scope="col" class=(if *numeric { "govuk-table__header govuk-table__header--numeric" } else { "govuk-table__header" }) {
                            (label)
                        }
                    }
                }
            }
            tbody class="govuk-table__body" { (rows) }
        }
        }
    }
}

/// An ordinary table cell.
pub(crate) fn cell(content: Markup) -> Markup {
    html! { td class="govuk-table__cell" { (content) } }
}

/// A right-aligned number cell.
pub(crate) fn number_cell(text: String) -> Markup {
    html! { td class="govuk-table__cell govuk-table__cell--numeric" { (text) } }
}

/// A GOV.UK summary list of facts; each value is markup so it may hold links.
pub(crate) fn summary_list(rows: &[(&str, Markup)]) -> Markup {
    html! {
        dl class="govuk-summary-list" {
            @for (key, value) in rows {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { (key) }
                    dd class="govuk-summary-list__value" { (value) }
                }
            }
        }
    }
}

/// Plain text as a summary-list value.
pub(crate) fn text(value: impl AsRef<str>) -> Markup {
    html! { (value.as_ref()) }
}

/// An optional text, or "Not recorded".
pub(crate) fn opt_text(value: Option<&str>) -> Markup {
    text(value.unwrap_or(format::NOT_RECORDED))
}

/// A link.
pub(crate) fn link(href: &str, label: &str) -> Markup {
    html! { a class="govuk-link" href=(href) { (label) } }
}

/// Big headline numbers side by side ("412 open schools", "98,000 pupils").
pub(crate) fn headline(figures: &[(String, &str)]) -> Markup {
    html! {
        ul class="convene-stats govuk-body" {
            @for (value, label) in figures {
                li class="convene-stat" {
                    span class="convene-stat__value" { (value) }
                    " "
                    span class="convene-stat__label" { (label) }
                }
            }
        }
    }
}

/// Which optional columns a school table shows.
#[derive(Clone, Copy, Default)]
pub(crate) struct SchoolColumns {
    /// Type of establishment.
    pub(crate) type_name: bool,
    /// Local authority.
    pub(crate) la: bool,
    /// Academy trust.
    pub(crate) trust: bool,
    /// Date joined the trust.
    pub(crate) joined: bool,
}

/// Schools in a table: name (linked), URN, phase, optional columns, Ofsted judgement with
/// its inspection date, and pupils.
pub(crate) fn schools_table(
    caption: &str,
    schools: &[SchoolSummary],
    show: SchoolColumns,
) -> Markup {
    let mut columns = vec![
        Column("School", false),
        Column("URN", false),
        Column("Phase", false),
    ];
    if show.type_name {
        columns.push(Column("Type", false));
    }
    if show.la {
        columns.push(Column("Local authority", false));
    }
    if show.trust {
        columns.push(Column("Trust", false));
    }
    columns.push(Column("Latest Ofsted judgement", false));
    columns.push(Column("Pupils", true));
    if show.joined {
        columns.push(Column("Joined trust", false));
    }
    let rows = html! {
        @for s in schools {
            tr class="govuk-table__row" {
                (cell(html! {
                    (link(&format!("/schools/{}", s.urn), &s.name))
                    @if s.status == convene_domain::organisation::Status::Closed { " (closed)" }
                }))
                (cell(text(s.urn.to_string())))
                (cell(text(s.phase.label())))
                @if show.type_name { (cell(text(&s.type_name))) }
                @if show.la {
                    (cell(match (s.la_code, &s.la_name) {
                        (Some(code), Some(name)) => link(&format!("/local-authorities/{code}"), name),
                        (_, name) => opt_text(name.as_deref()),
                    }))
                }
                @if show.trust {
                    (cell(match (s.trust_uid, &s.trust_name) {
                        (Some(uid), Some(name)) => link(&format!("/trusts/{uid}"), name),
                        _ => text("Not in a trust"),
                    }))
                }
                (cell(text(format::judgement(s.ofsted_overall, s.ofsted_inspection_date))))
                (number_cell(format::opt_number(s.pupils)))
                @if show.joined { (cell(text(format::opt_date(s.joined_trust)))) }
            }
        }
    };
    table(caption, &columns, rows)
}

/// Trusts in a table: name (linked), Group ID, kind, schools and pupils.
pub(crate) fn trusts_table(caption: &str, trusts: &[TrustSummary]) -> Markup {
    let columns = [
        Column("Trust", false),
        Column("Group ID", false),
        Column("Kind", false),
        Column("Schools", true),
        Column("Pupils", true),
    ];
    let rows = html! {
        @for t in trusts {
            tr class="govuk-table__row" {
                (cell(link(&format!("/trusts/{}", t.uid), &t.name)))
                (cell(opt_text(t.group_id.as_deref())))
                (cell(text(t.kind.label())))
                (number_cell(thousands(t.schools)))
                (number_cell(thousands(t.pupils)))
            }
        }
    };
    table(caption, &columns, rows)
}

/// Counts of schools against labels, with each label linked where `href` gives a link.
pub(crate) fn tally_table(
    caption: &str,
    heading: &'static str,
    tallies: &[Tally],
    href: impl Fn(&Tally) -> Option<String>,
) -> Markup {
    let rows = html! {
        @for t in tallies {
            tr class="govuk-table__row" {
                (cell(match href(t) {
                    Some(url) => link(&url, &t.label),
                    None => text(&t.label),
                }))
                (number_cell(thousands(t.schools)))
            }
        }
    };
    table(
        caption,
        &[Column(heading, false), Column("Schools", true)],
        rows,
    )
}

/// The link to a local authority's page from a tally keyed by LA code.
pub(crate) fn la_href(tally: &Tally) -> Option<String> {
    tally
        .key
        .parse::<i64>()
        .ok()
        .map(|code| format!("/local-authorities/{code}"))
}

/// The link to a region's page from a tally keyed by region slug.
pub(crate) fn region_href(tally: &Tally) -> Option<String> {
    Region::from_slug(&tally.key).map(|r| format!("/regions/{}", r.slug()))
}

/// "Showing 26 to 50 of 2,345 schools".
pub(crate) fn showing<T>(page: &Page<T>, noun: &str) -> String {
    if page.items.is_empty() {
        return format!("No {noun} found.");
    }
    let first = u64::from(page.page - 1) * u64::from(page.per_page) + 1;
    let last = first + page.items.len() as u64 - 1;
    format!(
        "Showing {} to {} of {} {noun}",
        thousands(first),
        thousands(last),
        thousands(page.total)
    )
}

const PREVIOUS_ARROW: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>"#;
const NEXT_ARROW: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>"#;

/// The page numbers to offer: first, last, and those around the current one; `None` marks
/// a gap.
fn page_numbers(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut numbers = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(current) <= 1 {
            numbers.push(Some(n));
        } else if numbers.last() != Some(&None) {
            numbers.push(None);
        }
    }
    numbers
}

/// GOV.UK pagination; `href(n)` is page n's address. Nothing when everything fits on one
/// page.
pub(crate) fn pagination<T>(page: &Page<T>, href: impl Fn(u32) -> String) -> Markup {
    let pages = page.pages();
    let current = page.page;
    if pages <= 1 {
        return html! {};
    }
    html! {
        nav class="govuk-pagination" aria-label="Results pages" {
            @if current > 1 {
                div class="govuk-pagination__prev" {
                    a class="govuk-link govuk-pagination__link" href=(href(current - 1)) rel="prev" {
                        (PreEscaped(PREVIOUS_ARROW))
                        span class="govuk-pagination__link-title" {
                            "Previous" span class="govuk-visually-hidden" { " page" }
                        }
                    }
                }
            }
            ul class="govuk-pagination__list" {
                @for n in page_numbers(current, pages) {
                    @match n {
                        Some(n) if n == current => {
                            li class="govuk-pagination__item govuk-pagination__item--current" {
                                a class="govuk-link govuk-pagination__link" href=(href(n))
                                    aria-label=(format!("Page {n}")) aria-current="page" { (n) }
                            }
                        }
                        Some(n) => {
                            li class="govuk-pagination__item" {
                                a class="govuk-link govuk-pagination__link" href=(href(n))
                                    aria-label=(format!("Page {n}")) { (n) }
                            }
                        }
                        None => {
                            li class="govuk-pagination__item govuk-pagination__item--ellipses" { "⋯" }
                        }
                    }
                }
            }
            @if current < pages {
                div class="govuk-pagination__next" {
                    a class="govuk-link govuk-pagination__link" href=(href(current + 1)) rel="next" {
                        span class="govuk-pagination__link-title" {
                            "Next" span class="govuk-visually-hidden" { " page" }
                        }
                        (PreEscaped(NEXT_ARROW))
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_first_last_and_neighbouring_pages() {
        assert_eq!(page_numbers(1, 1), [Some(1)]);
        assert_eq!(
            page_numbers(5, 10),
            [Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(page_numbers(2, 3), [Some(1), Some(2), Some(3)]);
    }
}
