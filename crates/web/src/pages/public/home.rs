//! The home page: what Convene is, a search box, and ways to browse by place.

use crate::pages::layout;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Html;
use convene_domain::place::Region;
use maud::{html, Markup};

/// `GET /`.
pub(crate) async fn show(State(state): State<AppState>) -> Html<String> {
    let sources = state.sources().await;
    layout::page(
        "Find schools and academy trusts in England",
        &sources,
        &[],
        content(),
    )
}

/// The search box, shared by the home and search pages so both ask the same question.
pub(crate) fn search_box(value: &str) -> Markup {
    html! {
        div class="govuk-form-group" {
            label class="govuk-label govuk-label--m" for="q" { "Search for a school or trust" }
            div id="q-hint" class="govuk-hint" {
                "Name, URN, Group UID or TR number, postcode or local authority"
            }
            input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search"
                aria-describedby="q-hint" spellcheck="false" value=(value);
        }
    }
}

fn content() -> Markup {
    html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-xl" { "Find schools and academy trusts in England" }
                p class="govuk-body-l" {
                    "Convene is the system map of England's state-funded schools and academy "
                    "trusts, for the people who lead trusts. Find any school or trust, see its "
                    "latest Ofsted judgement, which trust it belongs to and where trusts work, "
                    "and download the lists you need. Everything here comes from data published "
                    "by the Department for Education (DfE) and Ofsted."
                }
            }
        }
        form method="get" action="/search" role="search" {
            (search_box(""))
            button type="submit" class="govuk-button" data-module="govuk-button" { "Search" }
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-one-half" {
                h2 class="govuk-heading-m" { "Browse by region" }
                ul class="govuk-list" {
                    @for region in Region::ALL {
                        li { a class="govuk-link" href=(format!("/regions/{}", region.slug())) { (region.name()) } }
                    }
                }
            }
            div class="govuk-grid-column-one-half" {
                h2 class="govuk-heading-m" { "Browse lists" }
                ul class="govuk-list" {
                    li { a class="govuk-link" href="/local-authorities" { "All local authorities" } }
                    li { a class="govuk-link" href="/regions" { "All regions" } }
                    li { a class="govuk-link" href="/trusts" { "All academy trusts" } }
                    li { a class="govuk-link" href="/search" { "All schools, with filters" } }
                }
            }
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-one-half" {
                h2 class="govuk-heading-m" { "Working together" }
                ul class="govuk-list" {
                    li { a class="govuk-link" href="/needs" { "Needs and offers: who is best placed to help" } }
                    li { a class="govuk-link" href="/partnerships" { "Partnerships around shared issues" } }
                    li { a class="govuk-link" href="/review-rounds" { "Peer review rounds" } " and " a class="govuk-link" href="/peer-reviews" { "reviews" } }
                    li { a class="govuk-link" href="/placements" { "Leaders on loan and interim leadership" } }
                    li { a class="govuk-link" href="/calls" { "Calls for input: a voice in policy" } }
                    li { a class="govuk-link" href="/behaviours" { "Your system leadership: the eight behaviours" } }
                }
            }
            div class="govuk-grid-column-one-half" {
                h2 class="govuk-heading-m" { "Evidence" }
                ul class="govuk-list" {
                    li { a class="govuk-link" href="/case-studies" { "Case studies" } }
                    li { a class="govuk-link" href="/recognition" { "Recognition" } }
                    li { a class="govuk-link" href="/network" { "The collaboration network" } }
                }
            }
        }
    }
}
