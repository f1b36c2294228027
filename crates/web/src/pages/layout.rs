//! The frame every page shares: the GOV.UK template, header, skip link, breadcrumbs and a
//! footer that says where the data came from and under what licence.

use axum::response::Html;
use convene_domain::import::ImportRun;
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The service's name, in the header and every title.
pub(crate) const SERVICE: &str = "Convene";

/// The Open Government Licence v3.0, which every source is published under.
pub(crate) const OGL_URL: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

/// The attribution the licence asks for, word for word.
pub(crate) const OGL_ATTRIBUTION: &str =
    "Contains public sector information licensed under the Open Government Licence v3.0.";

/// The header's links, in order.
const NAVIGATION: [(&str, &str); 5] = [
    ("/search", "Schools"),
    ("/trusts", "Trusts"),
    ("/local-authorities", "Local authorities"),
    ("/regions", "Regions"),
    ("/data", "About the data"),
];

/// A page in the shared frame. `title` is the page's own title (usually its h1);
/// `breadcrumbs` lead from the home page to the page's parent.
pub(crate) fn page(
    title: &str,
    sources: &[ImportRun],
    breadcrumbs: &[(&str, &str)],
    content: Markup,
) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" class="govuk-template" {
            head {
                meta charset="utf-8";
                title { (title) " – " (SERVICE) }
                meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                meta name="theme-color" content="#0b0c0c";
                link rel="stylesheet" href="/assets/govuk-frontend.min.css";
                link rel="stylesheet" href="/assets/convene.css";
            }
            body class="govuk-template__body" {
                // Marks <body> for GOV.UK Frontend's scripted styles; every page works without.
                script src="/assets/convene-body.js" {}
                a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link" {
                    "Skip to main content"
                }
                (header())
                div class="govuk-width-container" {
                    @if !breadcrumbs.is_empty() {
                        (breadcrumb_trail(breadcrumbs))
                    }
                    main class="govuk-main-wrapper" id="main-content" {
                        (content)
                    }
                }
                (footer(sources))
                script type="module" src="/assets/convene-init.js" {}
            }
        }
    };
    Html(markup.into_string())
}

fn header() -> Markup {
    html! {
        header class="govuk-header" data-module="govuk-header" {
            div class="govuk-header__container govuk-width-container" {
                div class="govuk-header__content" {
                    a href="/" class="govuk-header__link govuk-header__service-name" { (SERVICE) }
                    nav aria-label="Menu" class="govuk-header__navigation" {
                        button type="button" class="govuk-header__menu-button govuk-js-header-toggle"
                            aria-controls="navigation" hidden { "Menu" }
                        ul id="navigation" class="govuk-header__navigation-list" {
                            @for (href, label) in NAVIGATION {
                                li class="govuk-header__navigation-item" {
                                    a class="govuk-header__link" href=(href) { (label) }
                                }
                            }
                            (PreEscaped(crate::access::account_nav::MARKER))
                        }
                    }
                }
            }
        }
    }
}

fn breadcrumb_trail(items: &[(&str, &str)]) -> Markup {
    html! {
        nav class="govuk-breadcrumbs" aria-label="Breadcrumb" {
            ol class="govuk-breadcrumbs__list" {
                @for (href, label) in items {
                    li class="govuk-breadcrumbs__list-item" {
                        a class="govuk-breadcrumbs__link" href=(href) { (label) }
                    }
                }
            }
        }
    }
}

/// "Ofsted data as at 31 August 2025 (state_funded_schools_...csv)".
pub(crate) fn source_line(run: &ImportRun) -> String {
    let source = &run.source;
    match source.data_date {
        Some(date) => format!(
            "{} as at {} ({})",
            source.kind.label(),
            date.long(),
            source.file_name
        ),
        None => format!("{} ({})", source.kind.label(), source.file_name),
    }
}

fn footer(sources: &[ImportRun]) -> Markup {
    html! {
        footer class="govuk-footer" {
            div class="govuk-width-container" {
                div class="govuk-footer__meta" {
                    div class="govuk-footer__meta-item govuk-footer__meta-item--grow" {
                        h2 class="govuk-visually-hidden" { "Support links" }
                        ul class="govuk-footer__inline-list" {
                            li class="govuk-footer__inline-list-item" {
                                a class="govuk-footer__link" href="/data" { "About the data" }
                            }
                            li class="govuk-footer__inline-list-item" {
                                a class="govuk-footer__link" href="/api" { "API" }
                            }
                        }
                        h2 class="govuk-heading-s" { "Where the data comes from" }
                        @if sources.is_empty() {
                            p class="govuk-body-s" { "No data has been imported yet." }
                        } @else {
                            ul class="govuk-list govuk-body-s" {
                                @for run in sources {
                                    li { (source_line(run)) }
                                }
                            }
                        }
                        p class="govuk-body-s" {
                            a class="govuk-footer__link" rel="license" href=(OGL_URL) { (OGL_ATTRIBUTION) }
                        }
                    }
                }
            }
        }
    }
}
