//! Trusts side by side: up to five trusts' profiles in one table, with the national median
//! beside them, so a CEO can see how their trust compares with the ones they have in mind.

use crate::charts::format_value;
use crate::lookup::{self, TrustRef};
use crate::pages::accounts::respond;
use crate::pages::forms;
use crate::pages::public::trust_profile::dimension_cell;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use convene_domain::profile::national::Dimension;
use convene_domain::GroupUid;
use maud::html;

/// Most trusts compared at once: more columns than this do not fit a page.
pub(crate) const MAX_TRUSTS: usize = 5;

/// `GET /trusts/compare?uid=...&uid=...`.
pub(crate) async fn show(
    State(state): State<AppState>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let asked: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == "uid")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if asked.len() > MAX_TRUSTS {
        return Err(WebError::BadRequest(format!(
            "Compare up to {MAX_TRUSTS} trusts at a time; you chose {}.",
            asked.len()
        )));
    }
    let mut uids: Vec<GroupUid> = Vec::new();
    for raw in &asked {
        let uid = match lookup::trust_ref(state.store(), raw).await? {
            TrustRef::Uid(uid) | TrustRef::GroupId(uid) => uid,
        };
        if !uids.contains(&uid) {
            uids.push(uid);
        }
    }
    let analysis = state.analysis().await?;
    let profiles: Vec<_> = uids.iter().map(|uid| analysis.profile(*uid)).collect();
    let names: Vec<String> = uids
        .iter()
        .map(|uid| {
            analysis
                .group_name(*uid)
                .unwrap_or("Unknown trust")
                .to_string()
        })
        .collect();
    let typed: Vec<String> = (0..MAX_TRUSTS)
        .map(|i| asked.get(i).map(|s| s.to_string()).unwrap_or_default())
        .collect();
    let content = html! {
        h1 class="govuk-heading-l" { "Compare trusts" }
        p class="govuk-body" { "Choose up to five trusts by Group UID or Group ID (for example TR01904)." }
        form method="get" action="/trusts/compare" {
            div class="govuk-grid-row" {
                @for (i, value) in typed.iter().enumerate() {
                    div class="govuk-grid-column-one-fifth" {
                        div class="govuk-form-group" {
                            label class="govuk-label" for=(format!("uid-{i}")) { "Trust " (i + 1) }
                            input class="govuk-input" id=(format!("uid-{i}")) name="uid" type="text" value=(value) spellcheck="false";
                        }
                    }
                }
            }
            (forms::button("Compare"))
        }
        @if !uids.is_empty() {
            (crate::pages::components::scrolling(html! { table class="govuk-table" {
                caption class="govuk-table__caption govuk-table__caption--m" { "Profiles side by side" }
                thead class="govuk-table__head" { tr class="govuk-table__row" {
                    th scope="col" class="govuk-table__header" { "Measure" }
                    @for (uid, name) in uids.iter().zip(&names) {
                        th scope="col" class="govuk-table__header govuk-table__header--numeric" {
                            a class="govuk-link" href=(format!("/trusts/{}", uid.0)) { (name) }
                        }
                    }
                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { "National median" }
                } }
                tbody class="govuk-table__body" {
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { "Size band" }
                        @for p in &profiles {
                            td class="govuk-table__cell govuk-table__cell--numeric" { (p.and_then(|p| p.size_band).map_or("No profile", |b| b.label())) }
                        }
                        td class="govuk-table__cell" {}
                    }
                    tr class="govuk-table__row" {
                        th scope="row" class="govuk-table__header" { "Geographic spread" }
                        @for p in &profiles {
                            td class="govuk-table__cell govuk-table__cell--numeric" { (p.and_then(|p| p.geography.spread).map_or("Not known", |s| s.label())) }
                        }
                        td class="govuk-table__cell" {}
                    }
                    @for dimension in Dimension::ALL {
                        tr class="govuk-table__row" {
                            th scope="row" class="govuk-table__header" { (dimension.label()) }
                            @for p in &profiles {
                                td class="govuk-table__cell govuk-table__cell--numeric" {
                                    (dimension_cell(*p, dimension))
                                    @if let Some(percentile) = p.and_then(|p| dimension.value(p)).and_then(|v| analysis.national().distribution(dimension).and_then(|d| d.percentile(v))) {
                                        br; span class="govuk-hint govuk-!-font-size-16" { (format!("percentile {percentile:.0}")) }
                                    }
                                }
                            }
                            td class="govuk-table__cell govuk-table__cell--numeric" {
                                (analysis.national().distribution(dimension).and_then(|d| d.median()).map_or("No data".into(), |m| format_value(dimension, m)))
                            }
                        }
                    }
                }
            } }))
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Compare trusts",
        &[("/", "Home"), ("/trusts", "Trusts")],
        content,
    )
    .await)
}
