//! "About the data": which published files Convene shows, their dates, the licence and how
//! to refresh them. The history of imports is for administrators (see the admin pages).

use crate::format::{opt_date, timestamp};
use crate::pages::components::{self, cell, text, Column};
use crate::pages::layout::{self, OGL_ATTRIBUTION, OGL_URL};
use crate::state::AppState;
use crate::WebError;
use axum::extract::State;
use axum::response::Html;
use convene_domain::import::{ImportKind, ImportRun};
use maud::{html, Markup};

/// `GET /data`.
pub(crate) async fn show(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let sources = state.sources().await;
    let content = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h1 class="govuk-heading-l" { "About the data" }
                p class="govuk-body" {
                    "Everything Convene shows comes from data the Department for Education (DfE) "
                    "and Ofsted publish: the Get Information About Schools (GIAS) register of "
                    "schools and trusts, Ofsted's inspection outcomes, and the school census."
                }
            }
        }
        (current(&sources))
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h2 class="govuk-heading-m" { "Licence" }
                p class="govuk-body" {
                    "All of this data is Crown copyright, published under the "
                    a class="govuk-link" rel="license" href=(OGL_URL) { "Open Government Licence v3.0" }
                    ". You may copy, publish and adapt it, including commercially, as long as "
                    "you acknowledge the source."
                }
                p class="govuk-body" { (OGL_ATTRIBUTION) }
                h2 class="govuk-heading-m" { "Keeping the data up to date" }
                p class="govuk-body" {
                    "Whoever runs this copy of Convene downloads the newest files from GIAS, "
                    "Ofsted or DfE and imports each one on the server:"
                }
                pre class="govuk-body" { code { "convene import <kind> <file>" } }
                p class="govuk-body" { "where the kind is one of:" }
                ul class="govuk-list govuk-list--bullet" {
                    @for kind in ImportKind::ALL {
                        li { code { (kind.key()) } ": " (kind.label()) ", from " (kind.publisher()) }
                    }
                }
                p class="govuk-body" {
                    "An import only changes the facts its file is about, and never deletes a "
                    "school or trust: ones missing from a full extract are marked closed. "
                    "Pages show new data within a minute."
                }
            }
        }
        p class="govuk-body" {
            "Platform administrators can see the history of every import, with what each one "
            "changed, under Administration."
        }
    };
    Ok(layout::page(
        "About the data",
        &sources,
        &[("/", "Home")],
        content,
    ))
}

fn current(sources: &[ImportRun]) -> Markup {
    let columns = [
        Column("Data", false),
        Column("Published by", false),
        Column("File", false),
        Column("Data as at", false),
        Column("Imported", false),
    ];
    let rows = html! {
        @for run in sources {
            tr class="govuk-table__row" {
                (cell(text(run.source.kind.label())))
                (cell(text(run.source.kind.publisher())))
                (cell(html! { code { (run.source.file_name) } }))
                (cell(text(opt_date(run.source.data_date))))
                (cell(text(timestamp(&run.imported_at))))
            }
        }
    };
    html! {
        @if sources.is_empty() {
            h2 class="govuk-heading-m" { "Current sources" }
            p class="govuk-body" { "No data has been imported yet." }
        } @else {
            (components::table("Current sources", &columns, rows))
        }
    }
}
