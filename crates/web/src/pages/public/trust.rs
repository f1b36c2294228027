//! The trust page: a trust's details, headline figures and member schools.

use crate::csv_table::CsvTable;
use crate::export_csv;
use crate::format::{count, opt_date, thousands, NOT_RECORDED};
use crate::lookup::{self, TrustRef};
use crate::pages::components::{
    self, la_href, link, opt_text, region_href, summary_list, text, SchoolColumns,
};
use crate::pages::layout;
use crate::pages::public::trust_profile;
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::response::Response;
use convene_domain::analysis::SystemAnalysis;
use convene_domain::organisation::Group;
use convene_domain::summary::TrustDetail;
use convene_domain::GroupUid;
use maud::{html, Markup};

/// Companies House's public register, where a trust's accounts and officers are filed.
const COMPANIES_HOUSE: &str = "https://find-and-update.company-information.service.gov.uk/company/";

/// `GET /trusts/{uid}`; a Group ID (`/trusts/TR01904`) redirects to the Group UID address.
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let uid = match canonical_uid(&state, &raw, "").await? {
        Ok(uid) => uid,
        Err(redirect) => return Ok(redirect),
    };
    let state = &state;
    state
        .cached_page(format!("/trusts/{uid}"), |sources| async move {
            let detail = lookup::trust(state.store(), uid).await?;
            let analysis = state.analysis().await?;
            Ok(layout::page(
                &detail.group.name,
                &sources,
                &[("/", "Home"), ("/trusts", "Trusts")],
                content(&detail, &analysis),
            ))
        })
        .await
}

/// `GET /trusts/{uid}/profile.csv`: the profile's numbers against the national picture.
pub(crate) async fn profile_csv(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let uid = match canonical_uid(&state, &raw, "/profile.csv").await? {
        Ok(uid) => uid,
        Err(redirect) => return Ok(redirect),
    };
    let analysis = state.analysis().await?;
    let profile = analysis.profile(uid).ok_or_else(|| {
        WebError::NotFound(
            "This group has no profile: only open academy trusts with open schools have one."
                .into(),
        )
    })?;
    let mut table = CsvTable::new([
        "dimension",
        "label",
        "unit",
        "value",
        "percentile",
        "national_median",
        "size_band_average",
    ])?;
    for row in trust_profile::profile_rows(&analysis, profile) {
        table.row(&row)?;
    }
    let body = table.finish()?;
    Ok(export_csv::attachment(
        &format!("trust-{uid}-profile.csv"),
        body,
    ))
}

/// `GET /trusts/{uid}/schools.csv`: the trust's current schools.
pub(crate) async fn schools_csv(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, WebError> {
    let uid = match canonical_uid(&state, &raw, "/schools.csv").await? {
        Ok(uid) => uid,
        Err(redirect) => return Ok(redirect),
    };
    let detail = lookup::trust(state.store(), uid).await?;
    let body = export_csv::schools(&detail.schools)?;
    Ok(export_csv::attachment(
        &format!("trust-{uid}-schools.csv"),
        body,
    ))
}

fn content(detail: &TrustDetail, analysis: &SystemAnalysis) -> Markup {
    let g = &detail.group;
    let h = &detail.headline;
    let csv = format!("/trusts/{}/schools.csv", g.uid);
    let columns = SchoolColumns {
        type_name: false,
        la: true,
        trust: false,
        joined: true,
    };
    html! {
        span class="govuk-caption-l" { (g.kind.label()) }
        h1 class="govuk-heading-xl" { (g.name) }
        p class="govuk-body" {
            a class="govuk-link" href=(format!("/organisations/trust-{}", g.uid.0)) { "People from this trust on Convene, its recognition and its place in the collaboration network" }
        }
        (components::headline(&[
            (thousands(h.schools), if h.schools == 1 { "open school" } else { "open schools" }),
            (thousands(h.pupils), if h.pupils == 1 { "pupil" } else { "pupils" }),
            (thousands(h.local_authorities.len() as u64), if h.local_authorities.len() == 1 { "local authority" } else { "local authorities" }),
        ]))
        @if let Some(profile) = analysis.profile(g.uid) {
            h2 class="govuk-heading-l" id="profile" { "Profile" }
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    (trust_profile::vignette(profile))
                    p class="govuk-body" {
                        "Download the profile's numbers: "
                        a class="govuk-link" href=(format!("/trusts/{}/profile.csv", g.uid.0)) download { "CSV" } " or "
                        a class="govuk-link" href=(format!("/api/v1/trusts/{}/profile", g.uid.0)) { "JSON" } "."
                    }
                }
            }
            h2 class="govuk-heading-m" id="national" { "Against the national picture" }
            (trust_profile::against_the_nation(analysis, profile))
            h2 class="govuk-heading-m" id="map" { "Where its schools are" }
            (trust_profile::schools_map(analysis, profile, &detail.schools.iter().map(|s| s.urn).collect::<Vec<_>>()))
            h2 class="govuk-heading-m" id="similar" { "Trusts like this one" }
            (trust_profile::similar(analysis, analysis.similar_trusts(g.uid)))
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                h2 class="govuk-heading-m" { "About the trust" }
                (facts(g))
            }
        }
        div class="govuk-grid-row" {
            div class="govuk-grid-column-one-half" {
                (components::tally_table("Schools by phase", "Phase", &h.phases, |_| None))
                (components::tally_table("Schools by latest Ofsted judgement", "Judgement", &h.judgements, |_| None))
            }
            div class="govuk-grid-column-one-half" {
                (components::tally_table("Schools by region", "Region", &h.regions, region_href))
                (components::tally_table("Schools by local authority", "Local authority", &h.local_authorities, la_href))
            }
        }
        @if detail.schools.is_empty() {
            h2 class="govuk-heading-m" { "Schools" }
            p class="govuk-body" { "The data Convene holds lists no current schools in this trust." }
        } @else {
            p class="govuk-body" {
                a class="govuk-link" href=(csv) download { "Download the list of schools (CSV)" }
            }
            (components::schools_table(
                &format!("Schools in the trust: {}", count(detail.schools.len() as u64, "school", "schools")),
                &detail.schools,
                columns,
            ))
        }
    }
}

fn facts(g: &Group) -> Markup {
    let address: Vec<&str> = [&g.street, &g.town, &g.postcode]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .filter(|part| !part.is_empty())
        .collect();
    let companies_house = match &g.companies_house_number {
        Some(number) => link(&format!("{COMPANIES_HOUSE}{number}"), number),
        None => text(NOT_RECORDED),
    };
    let mut rows = vec![
        ("Group UID", text(g.uid.to_string())),
        ("Group ID", opt_text(g.group_id.as_deref())),
        ("Kind", text(g.kind.label())),
        ("Companies House number", companies_house),
        ("Status", text(g.status.label())),
        ("Opened", text(opt_date(g.open_date))),
        ("Incorporated", text(opt_date(g.incorporated_date))),
    ];
    if g.closed_date.is_some() {
        rows.push(("Closed", text(opt_date(g.closed_date))));
    }
    rows.push((
        "Address",
        text(if address.is_empty() {
            NOT_RECORDED.into()
        } else {
            address.join(", ")
        }),
    ));
    rows.push(("Head of group", opt_text(g.head.as_deref())));
    if let Some(ukprn) = g.ukprn {
        rows.push(("UKPRN", text(ukprn.to_string())));
    }
    summary_list(&rows)
}

/// Resolves a trust address to its Group UID, or to a permanent redirect to the Group UID
/// address (plus `suffix`) when it was given as a Group ID.
async fn canonical_uid(
    state: &AppState,
    raw: &str,
    suffix: &str,
) -> Result<Result<GroupUid, Response>, WebError> {
    Ok(match lookup::trust_ref(state.store(), raw).await? {
        TrustRef::Uid(uid) => Ok(uid),
        TrustRef::GroupId(uid) => Err(crate::redirect::permanent(&format!(
            "/trusts/{uid}{suffix}"
        ))),
    })
}
