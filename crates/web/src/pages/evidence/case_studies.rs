//! Case studies, as pages: finding them (by area, form of work, region, phase, words and
//! "schools like mine", each result with why it matched), writing one (from scratch or
//! from a collaboration or partnership), its page (the context of each named organisation
//! from the published data, what changed, the linked records the reader may see, its
//! pictures, and the steps to publication the reader may take), and its pictures.

use crate::access::RequestContext;
use crate::case_studies::{
    self as shared, context_lines, facts, filter_from, form_from, linkable, linked_visible, owns,
    prefilled,
};
use crate::csv_table::CsvTable;
use crate::error::refused_as;
use crate::export_csv::attachment;
use crate::form_fields::FormFields;
use crate::pages::accounts::respond;
use crate::pages::acting_for::{must_act_for, organisation_choices};
use crate::pages::forms::{self, ChoiceKind, FieldErrors, Input};
use crate::params::{encode, Params};
use crate::partnerships::today;
use crate::state::AppState;
use crate::WebError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use convene_domain::access::PlatformRole;
use convene_domain::brokerage::ImprovementArea;
use convene_domain::evidence::case_studies::{
    check_image, CaseStudy, CaseStudyDraft, CaseStudyForm, Consent, Source, Stage, Step, WorkForm,
    MAX_CHANGES, MAX_IMAGE_BYTES,
};
use convene_domain::organisation::Phase;
use convene_domain::party::OrgRef;
use convene_domain::place::Region;
use convene_store::{CaseStudyList, MAX_CASE_STUDIES_LISTED};
use maud::{html, Markup};

const CRUMBS: [(&str, &str); 2] = [("/", "Home"), ("/case-studies", "Case studies")];

/// How many measured-change rows the form shows.
const CHANGE_ROWS: usize = 3;

/// `GET /case-studies`: published case studies matching the search, and the reader's own
/// unpublished ones (and, for conveners, those waiting for approval).
pub(crate) async fn list(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let filter = filter_from(&params, &analysis)?;
    let store = state.store();
    let published = store
        .case_studies(
            &shared::reader(&context),
            &CaseStudyList {
                published_only: true,
                ..CaseStudyList::default()
            },
            MAX_CASE_STUDIES_LISTED,
        )
        .await?;
    let found = filter.apply(&published, &|s| facts(&analysis, s));
    let unpublished: Vec<CaseStudy> = match context.actor.viewer() {
        Some(_) => store
            .case_studies(
                &shared::reader(&context),
                &CaseStudyList::default(),
                MAX_CASE_STUDIES_LISTED,
            )
            .await?
            .into_iter()
            .filter(|s| !s.is_published())
            .collect(),
        None => Vec::new(),
    };
    let convener = context
        .actor
        .viewer()
        .is_some_and(|v| v.has(PlatformRole::Convener));
    let like_text = params.get("like").unwrap_or_default().to_string();
    let content = html! {
        h1 class="govuk-heading-l" { "Case studies" }
        p class="govuk-body" { "Write-ups of work between schools, trusts and their partners: the context, the challenge, what was done, what changed and what others can take from it. Each one is approved by a convener, and every organisation it names has agreed to appear." }
        @if context.actor.viewer().is_some() {
            p class="govuk-body" { a class="govuk-button" href="/case-studies/new" { "Write a case study" } }
        }
        (search_form(&params, &like_text))
        @if let Some(like) = &filter.like {
            p class="govuk-body" { "Showing case studies that name " (like.of) ", a school or trust in its family of similar schools, or one of its similar trusts." }
        }
        p class="govuk-body" { a class="govuk-link" href=(format!("/case-studies.csv{}", query_of(&params))) { "Download these case studies as CSV" } }
        @if found.is_empty() {
            p class="govuk-body" { "No published case studies match." }
        } @else {
            p class="govuk-body" { (found.len()) " published case " (if found.len() == 1 { "study" } else { "studies" }) "." }
            @for m in &found {
                (summary_card(m.case_study, &m.reasons))
            }
        }
        @if !unpublished.is_empty() {
            h2 class="govuk-heading-m" { (if convener { "Not yet published: yours, those naming you, and those waiting for a convener" } else { "Not yet published: yours and those naming you" }) }
            @for s in &unpublished {
                (summary_card(s, &[]))
            }
        }
    };
    Ok(respond(
        &state,
        StatusCode::OK,
        "Case studies",
        &CRUMBS[..1],
        content,
    )
    .await)
}

fn query_of(params: &Params) -> String {
    let pairs: Vec<String> = ["area", "form", "region", "phase", "q", "like"]
        .iter()
        .filter_map(|name| params.get(name).map(|v| format!("{name}={}", encode(v))))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

fn search_form(params: &Params, like: &str) -> Markup {
    let chosen = |name: &str| params.get(name).unwrap_or_default().to_string();
    let select = |name: &str, label: &str, options: Vec<(String, String)>| {
        let current = chosen(name);
        html! {
            div class="govuk-form-group" {
                label class="govuk-label" for=(name) { (label) }
                select class="govuk-select" id=(name) name=(name) {
                    option value="" { "Any" }
                    @for (key, text) in &options { option value=(key) selected[*key == current] { (text) } }
                }
            }
        }
    };
    html! {
        form method="get" action="/case-studies" {
            (Input::text("q", "Words", &chosen("q")).render(&Vec::new()))
            (Input::text("like", "Schools like mine", like).hint("A school's URN, or trust-Group UID for a trust: finds case studies naming it, its family of similar schools or its similar trusts").render(&Vec::new()))
            (select("area", "Area", ImprovementArea::ALL.iter().map(|a| (a.key().to_string(), a.label().to_string())).collect()))
            (select("form", "Form of work", WorkForm::all().iter().map(|f| (f.key().to_string(), f.label().to_string())).collect()))
            (select("region", "Region", Region::ALL.iter().map(|r| (r.slug().to_string(), r.name().to_string())).collect()))
            (select("phase", "Phase", Phase::ALL.iter().map(|p| (p.key().to_string(), p.label().to_string())).collect()))
            button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Search" }
        }
    }
}

fn summary_card(s: &CaseStudy, reasons: &[String]) -> Markup {
    html! {
        div class="govuk-summary-card" {
            div class="govuk-summary-card__title-wrapper" {
                h2 class="govuk-summary-card__title" {
                    a class="govuk-link" href=(format!("/case-studies/{}", s.id.0)) { (s.draft.title) }
                }
                @if !s.is_published() { strong class="govuk-tag govuk-tag--grey" { (s.stage.label()) } }
            }
            div class="govuk-summary-card__content" {
                p class="govuk-body" { (s.draft.summary) }
                p class="govuk-body-s" { (s.draft.area.label()) " · " (s.draft.form.label()) " · by " (s.owner_name) }
                @if !reasons.is_empty() {
                    ul class="govuk-list govuk-list--bullet govuk-body-s" {
                        @for r in reasons { li { (r) } }
                    }
                }
            }
        }
    }
}

/// `GET /case-studies.csv`: the published case studies matching the search.
pub(crate) async fn csv(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let filter = filter_from(&params, &analysis)?;
    let published = state
        .store()
        .case_studies(
            &shared::reader(&context),
            &CaseStudyList {
                published_only: true,
                ..CaseStudyList::default()
            },
            MAX_CASE_STUDIES_LISTED,
        )
        .await?;
    let mut table = CsvTable::new([
        "id",
        "title",
        "summary",
        "area",
        "form",
        "owner",
        "owner_name",
        "organisations",
        "started",
        "ended",
        "approved_on",
        "why_it_matched",
    ])?;
    for m in filter.apply(&published, &|s| facts(&analysis, s)) {
        let s = m.case_study;
        table.row([
            s.id.0.to_string(),
            s.draft.title.clone(),
            s.draft.summary.clone(),
            s.draft.area.key().to_string(),
            s.draft.form.key().to_string(),
            s.draft.owner.key(),
            s.owner_name.clone(),
            s.consents
                .iter()
                .map(|c| c.organisation.name.clone())
                .collect::<Vec<_>>()
                .join("; "),
            s.draft.started.to_string(),
            s.draft.ended.map(|d| d.to_string()).unwrap_or_default(),
            s.approved
                .as_ref()
                .map(|a| a.on.to_string())
                .unwrap_or_default(),
            m.reasons.join("; "),
        ])?;
    }
    Ok(attachment("case-studies.csv", table.finish()?))
}

/// `GET /case-studies/new?owner=&from=`: the form, filled in from a collaboration or
/// partnership when `from` names one the reader may link.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    context: RequestContext,
    params: Params,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let owner = params
        .org("owner")?
        .filter(|o| viewer.belongs_to(*o))
        .or_else(|| viewer.organisations.keys().next().copied());
    let mut form = CaseStudyForm {
        owner: owner.map(|o| o.key()).unwrap_or_default(),
        ..CaseStudyForm::default()
    };
    if let (Some(owner), Some(from)) = (owner, params.get("from")) {
        let source = Source::parse(from).ok_or_else(|| {
            WebError::NotFound("There is no such collaboration or partnership.".into())
        })?;
        form = prefilled(&state, &context, owner, source)
            .await?
            .ok_or_else(|| {
                WebError::NotFound(
                    "There is no such collaboration or partnership that your organisation took part in.".into(),
                )
            })?;
    }
    form_page(&state, &context, None, &form, &Vec::new()).await
}

async fn form_page(
    state: &AppState,
    context: &RequestContext,
    editing: Option<&CaseStudy>,
    form: &CaseStudyForm,
    errors: &FieldErrors,
) -> Result<Response, WebError> {
    let orgs = organisation_choices(state, context, &form.owner).await?;
    let owner = OrgRef::parse(&form.owner).or_else(|| {
        orgs.iter()
            .find(|(_, _, picked)| *picked)
            .and_then(|(k, _, _)| OrgRef::parse(k))
    });
    let links = match owner {
        Some(owner) => linkable(state, context, owner).await?,
        None => Vec::new(),
    };
    let link_choices: Vec<(String, String, bool)> = links
        .iter()
        .map(|l| {
            (
                l.source.key(),
                l.label.clone(),
                form.sources.contains(&l.source.key()),
            )
        })
        .collect();
    let areas: Vec<(String, String)> = ImprovementArea::ALL
        .iter()
        .map(|a| (a.key().to_string(), a.label().to_string()))
        .collect();
    let kinds: Vec<(String, String)> = WorkForm::all()
        .iter()
        .map(|f| (f.key().to_string(), f.label().to_string()))
        .collect();
    let (action, title) = match editing {
        Some(s) => (
            format!("/case-studies/{}/edit", s.id.0),
            "Change the case study",
        ),
        None => ("/case-studies".to_string(), "Write a case study"),
    };
    let rows = form.changes.len().clamp(CHANGE_ROWS, MAX_CHANGES);
    let change = |n: usize, part: &str| -> String {
        form.changes
            .get(n - 1)
            .map(|c| match part {
                "measure" => c.measure.clone(),
                "before" => c.before.clone(),
                "after" => c.after.clone(),
                "from" => c.from.clone(),
                _ => c.to.clone(),
            })
            .unwrap_or_default()
    };
    let content = html! {
        div class="govuk-grid-row" { div class="govuk-grid-column-two-thirds" {
            (forms::error_summary(errors))
            h1 class="govuk-heading-l" { (title) }
            @if editing.is_some_and(|s| s.stage != Stage::Draft || s.consents.iter().any(|c| c.consent != Consent::Awaiting)) {
                (forms::banner("Important", html! { p class="govuk-body" { "Saving a change takes the case study back to a draft: a convener approves it again, and every organisation it names is asked again, because they agreed to the words as they were." } }))
            }
            @if orgs.is_empty() {
                p class="govuk-body" { "You do not act for any organisation yet. " a class="govuk-link" href="/search" { "Find your school or trust" } " and claim it, then come back." }
            } @else {
                form method="post" action=(action) novalidate {
                    (forms::csrf_field(&context.csrf_token))
                    @if let Some(s) = editing {
                        input type="hidden" name="version" value=(s.version);
                        input type="hidden" name="owner" value=(s.draft.owner.key());
                    } @else {
                        (forms::choices(ChoiceKind::Radios, "owner", "Which organisation is writing it?", None, &orgs, errors))
                    }
                    (Input::text("title", "Title", &form.title).render(errors))
                    (forms::textarea("summary", "Summary", &form.summary, Some("A sentence or two, shown in lists"), errors))
                    (select_field("area", "Area", &areas, &form.area, errors))
                    (select_field("form", "Form of work", &kinds, &form.form, errors))
                    (Input::text("started", "When the work started", &form.started).hint("For example 2024-09-01").render(errors))
                    (Input::text("ended", "When it ended (leave blank if it goes on)", &form.ended).render(errors))
                    (forms::textarea("context", "Context the published figures do not give (optional)", &form.context, Some("Convene shows each named organisation's pupils, free school meals, Ofsted and place from the published data beside your words"), errors))
                    (forms::textarea("challenge", "The challenge", &form.challenge, None, errors))
                    (forms::textarea("what_was_done", "What was done", &form.what_was_done, None, errors))
                    (forms::textarea("who", "Who did it", &form.who, Some("People and roles on each side"), errors))
                    (forms::textarea("what_changed", "What changed", &form.what_changed, None, errors))
                    fieldset class="govuk-fieldset" id="changes" {
                        legend class="govuk-fieldset__legend govuk-fieldset__legend--m" { h2 class="govuk-fieldset__heading" { "What changed, measured (optional)" } }
                        @if let Some(error) = forms::error_for(errors, "changes") {
                            p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) }
                        }
                        @for n in 1..=rows {
                            h3 class="govuk-heading-s" { "Change " (n) }
                            (Input::text(&(format!("change_{n}_measure")), "What was measured", &change(n, "measure")).render(&Vec::new()))
                            (Input::text(&(format!("change_{n}_before")), "Figure at the start", &change(n, "before")).render(&Vec::new()))
                            (Input::text(&(format!("change_{n}_after")), "Figure at the end", &change(n, "after")).render(&Vec::new()))
                            (Input::text(&(format!("change_{n}_from")), "Date of the first figure", &change(n, "from")).hint("yyyy-mm-dd").render(&Vec::new()))
                            (Input::text(&(format!("change_{n}_to")), "Date of the last figure", &change(n, "to")).hint("yyyy-mm-dd").render(&Vec::new()))
                        }
                    }
                    (forms::textarea("lessons", "What others can take from it", &form.lessons, None, errors))
                    (Input::text("contacts", "Who to contact", &form.contacts).hint("A role and an email address, for example").render(errors))
                    (Input::text("organisations", "Other organisations it names", &form.organisations.join(" ")).hint("Their keys, separated by spaces: trust-Group UID or school-URN. Each is asked to agree before the case study is published").render(errors))
                    @if link_choices.is_empty() {
                        p class="govuk-body" { "Your organisation has no collaborations or partnerships you can see to link." }
                    } @else {
                        (forms::choices(ChoiceKind::Checkboxes, "sources", "The collaborations and partnerships it describes", None, &link_choices, errors))
                    }
                    (forms::button(if editing.is_some() { "Save the changes" } else { "Save as a draft" }))
                }
            }
        }}
    };
    Ok(respond(state, forms::status_for(errors), title, &CRUMBS, content).await)
}

fn select_field(
    name: &str,
    label: &str,
    options: &[(String, String)],
    chosen: &str,
    errors: &FieldErrors,
) -> Markup {
    let error = forms::error_for(errors, name);
    html! {
        div class=(if error.is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }) {
            label class="govuk-label" for=(name) { (label) }
            @if let Some(error) = error {
                p class="govuk-error-message" id=(format!("{name}-error")) { span class="govuk-visually-hidden" { "Error: " } (error) }
            }
            select class="govuk-select" id=(name) name=(name) {
                option value="" { "Choose" }
                @for (key, text) in options { option value=(key) selected[key == chosen] { (text) } }
            }
        }
    }
}

/// Checks a posted or sent form whole: the fields, that the writer acts for the owner,
/// and that every linked record is one they may link.
pub(crate) async fn checked(
    state: &AppState,
    context: &RequestContext,
    form: &CaseStudyForm,
) -> Result<Result<CaseStudyDraft, FieldErrors>, WebError> {
    let viewer = context.viewer()?;
    let checked = must_act_for(viewer, "owner", &form.owner, CaseStudyDraft::check(form));
    Ok(match checked {
        Ok(draft) => {
            let problems = shared::check_sources(state, context, &draft).await?;
            if problems.is_empty() {
                Ok(draft)
            } else {
                Err(problems)
            }
        }
        Err(problems) => Err(problems),
    })
}

/// `POST /case-studies`.
pub(crate) async fn create(
    State(state): State<AppState>,
    context: RequestContext,
    fields: FormFields,
) -> Result<Response, WebError> {
    let viewer = context.viewer()?;
    let form = posted_form(&fields);
    let errors = match checked(&state, &context, &form).await? {
        Ok(draft) => match state.store().create_case_study(viewer.id, &draft).await {
            Ok(id) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/case-studies/{}",
                    id.0
                )))
            }
            Err(e) => forms::refused(e, "title")?,
        },
        Err(problems) => problems,
    };
    form_page(&state, &context, None, &form, &errors).await
}

fn posted_form(fields: &FormFields) -> CaseStudyForm {
    form_from(
        |name| fields.get(name).to_string(),
        fields
            .all("sources")
            .into_iter()
            .map(str::to_string)
            .collect(),
    )
}

/// `GET /case-studies/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    page(&state, &context, &study, &Vec::new(), StatusCode::OK).await
}

async fn page(
    state: &AppState,
    context: &RequestContext,
    s: &CaseStudy,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, WebError> {
    let analysis = state.analysis().await?;
    let links = linked_visible(state, context, s).await?;
    let images = state.store().case_study_images(s.id).await?;
    let viewer = context.actor.viewer();
    let mine = owns(viewer, s);
    let csrf = &context.csrf_token;
    let base = format!("/case-studies/{}", s.id.0);
    let d = &s.draft;
    let may = |step: &Step| viewer.is_some_and(|v| s.may(v, step).is_ok());
    let answerable: Vec<OrgRef> = s
        .consents
        .iter()
        .map(|c| c.organisation.org)
        .filter(|org| {
            may(&Step::Answer {
                org: *org,
                consent: Consent::Given,
            })
        })
        .collect();
    let content = html! {
        (forms::error_summary(errors))
        span class="govuk-caption-l" { "Case study by " (s.owner_name) }
        h1 class="govuk-heading-l" { (d.title) }
        @if !s.is_published() {
            (forms::banner("Not published", html! {
                p class="govuk-body" { (s.stage.label()) ". Only the organisations it names" (if s.stage == Stage::Draft { "" } else { " and conveners" }) " can see it." }
                @if s.stage == Stage::Approved && !s.awaiting_consent().is_empty() {
                    p class="govuk-body" { "Approved, and waiting for: " (s.awaiting_consent().iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", ")) "." }
                }
                @if let Some(note) = &s.returned_note { p class="govuk-body" { "A convener returned it: " (note) } }
            }))
        }
        p class="govuk-body-l" { (d.summary) }
        p class="govuk-body" { (d.area.label()) " · " (d.form.label()) " · from " (d.started.long()) @if let Some(e) = d.ended { " to " (e.long()) } }
        h2 class="govuk-heading-m" { "Context" }
        p class="govuk-body-s" { "From the published data; the sources and their dates are at the foot of the page." }
        @for org in s.organisations() {
            h3 class="govuk-heading-s" { a class="govuk-link" href=(org.org.page_path()) { (org.name) } }
            ul class="govuk-list govuk-body-s" { @for line in context_lines(&analysis, org.org) { li { (line) } } }
            @if let OrgRef::School(urn) = org.org {
                p class="govuk-body-s" {
                    a class="govuk-link" href=(format!("/schools/{}/impact?start={}", urn.0, d.started)) { "Its results before and after " (d.started.long()) ", against similar schools" }
                    " · "
                    a class="govuk-link" href=(format!("/network/organisations/{}", org.org.key())) { "Its place in the collaboration network" }
                }
            } @else {
                p class="govuk-body-s" { a class="govuk-link" href=(format!("/network/organisations/{}", org.org.key())) { "Its place in the collaboration network" } }
            }
        }
        @if !d.context.is_empty() { (passage("More about the context", &d.context)) }
        (passage("The challenge", &d.challenge))
        (passage("What was done", &d.what_was_done))
        (passage("Who did it", &d.who))
        (passage("What changed", &d.what_changed))
        @if !d.changes.is_empty() {
            (crate::pages::components::table("What changed, measured", &[
                crate::pages::components::Column("Measure", false),
                crate::pages::components::Column("At the start", false),
                crate::pages::components::Column("At the end", false),
                crate::pages::components::Column("When", false),
            ], html! {
                @for c in &d.changes {
                    tr class="govuk-table__row" {
                        td class="govuk-table__cell" { (c.measure) }
                        td class="govuk-table__cell" { (if c.before.is_empty() { "not given" } else { c.before.as_str() }) }
                        td class="govuk-table__cell" { (c.after) }
                        td class="govuk-table__cell" { (c.from.long()) " to " (c.to.long()) }
                    }
                }
            }))
            p class="govuk-body-s" { "These figures are the authors' own. They show what changed where the work happened, not that the work alone caused it." }
        }
        (passage("What others can take from it", &d.lessons))
        h2 class="govuk-heading-m" { "Contacts" }
        p class="govuk-body" { (d.contacts) }
        @if !links.is_empty() {
            h2 class="govuk-heading-m" { "The records it describes" }
            ul class="govuk-list" { @for (source, label) in &links { li { a class="govuk-link" href=(source.page_path()) { (label) } } } }
        }
        @if !images.is_empty() || mine {
            h2 class="govuk-heading-m" { "Pictures" }
            @for image in &images {
                figure class="convene-figure" {
                    img src=(format!("{base}/images/{}", image.id)) alt=(image.alt) width=(image.width.min(640)) loading="lazy";
                    @if mine { (forms::action_button(&format!("{base}/images/{}/remove", image.id), "Remove this picture", "govuk-button--warning", csrf)) }
                }
            }
            @if mine {
                form method="post" action=(format!("{base}/images")) enctype="multipart/form-data" novalidate {
                    (forms::csrf_field(csrf))
                    div class=(if forms::error_for(errors, "image").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }) {
                        label class="govuk-label" for="image" { "Add a picture" }
                        div class="govuk-hint" id="image-hint" { "A PNG, JPEG, GIF or WebP file of " (MAX_IMAGE_BYTES / 1024 / 1024) " MB or less" }
                        @if let Some(error) = forms::error_for(errors, "image") { p class="govuk-error-message" { span class="govuk-visually-hidden" { "Error: " } (error) } }
                        input class="govuk-file-upload" id="image" name="image" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="image-hint";
                    }
                    (Input::text("alt", "Describe the picture for people who cannot see it", "").render(errors))
                    button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Upload the picture" }
                }
            }
        }
        h2 class="govuk-heading-m" { "Who agreed to appear" }
        @if s.consents.is_empty() {
            p class="govuk-body" { "It names no other organisation." }
        } @else {
            ul class="govuk-list" {
                @for c in &s.consents {
                    li { (c.organisation.name) ": " (c.consent.label()) @if let Some(a) = &c.answered { " (" (a.by) ", " (a.on.long()) ")" } }
                }
            }
        }
        @if let Some(a) = &s.approved { p class="govuk-body" { "Approved by " (a.by) " on " (a.on.long()) "." } }
        @for org in &answerable {
            form method="post" action=(format!("{base}/consent")) novalidate {
                (forms::csrf_field(csrf))
                input type="hidden" name="version" value=(s.version);
                input type="hidden" name="org" value=(org.key());
                (forms::choices(ChoiceKind::Radios, "consent", &format!("Does {} agree to appear in this case study as written?", s.consents.iter().find(|c| c.organisation.org == *org).map(|c| c.organisation.name.clone()).unwrap_or_default()), None, &[
                    ("given".into(), "Yes, it agrees".into(), false),
                    ("refused".into(), "No, it does not want to appear".into(), false),
                ], errors))
                (forms::button("Send the answer"))
            }
        }
        @if let (Some(v), true) = (viewer, s.is_published()) {
            @let others: Vec<_> = s.organisations().into_iter().filter(|o| !v.belongs_to(o.org)).collect();
            @if !others.is_empty() {
                h2 class="govuk-heading-m" { "Recognise the work" }
                ul class="govuk-list" {
                    @for o in &others {
                        li { a class="govuk-link" href=(format!("/recognition/new?nominee={}&evidence=case-study-{}", o.org.key(), s.id.0)) { "Recognise " (o.name) " for it" } }
                    }
                }
            }
        }
        @if mine {
            p class="govuk-body" { a class="govuk-link" href=(format!("{base}/edit")) { "Change the case study" } }
        }
        @if may(&Step::Submit) { (step_button(&format!("{base}/submit"), "Send to a convener for approval", "", s.version, csrf)) }
        @if may(&Step::Withdraw) { (step_button(&format!("{base}/withdraw"), "Take it back to a draft", "govuk-button--secondary", s.version, csrf)) }
        @if may(&Step::Approve) {
            (step_button(&format!("{base}/approve"), "Approve for publication", "", s.version, csrf))
            form method="post" action=(format!("{base}/return")) novalidate {
                (forms::csrf_field(csrf))
                input type="hidden" name="version" value=(s.version);
                (forms::textarea("note", "Or return it to its authors with a note", "", None, errors))
                button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button" { "Return it" }
            }
        }
    };
    Ok(respond(state, status, &d.title, &CRUMBS, content).await)
}

fn passage(heading: &str, text: &str) -> Markup {
    html! {
        h2 class="govuk-heading-m" { (heading) }
        @for para in text.split("\n\n") { p class="govuk-body" { (para) } }
    }
}

fn step_button(action: &str, label: &str, style: &str, version: i64, csrf: &str) -> Markup {
    html! {
        form method="post" action=(action) novalidate {
            (forms::csrf_field(csrf))
            input type="hidden" name="version" value=(version);
            button type="submit" class=(format!("govuk-button {style}")) data-module="govuk-button" { (label) }
        }
    }
}

/// `GET /case-studies/{id}/edit`.
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    study
        .may(viewer, &Step::Revise)
        .map_err(|r| WebError::Forbidden(r.message()))?;
    form_page(
        &state,
        &context,
        Some(&study),
        &study.draft.to_form(),
        &Vec::new(),
    )
    .await
}

/// `POST /case-studies/{id}/edit`.
pub(crate) async fn update(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    study
        .may(viewer, &Step::Revise)
        .map_err(|r| WebError::Forbidden(r.message()))?;
    let form = posted_form(&fields);
    let errors = match checked(&state, &context, &form).await? {
        Ok(draft) => match state
            .store()
            .revise_case_study(viewer, study.id, version_of(&fields), &draft)
            .await
        {
            Ok(()) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/case-studies/{}",
                    study.id.0
                )))
            }
            Err(e) => forms::refused(e, "title")?,
        },
        Err(problems) => problems,
    };
    form_page(&state, &context, Some(&study), &form, &errors).await
}

fn version_of(fields: &FormFields) -> i64 {
    fields.get("version").trim().parse().unwrap_or(-1)
}

async fn step(
    state: AppState,
    context: RequestContext,
    id: String,
    fields: FormFields,
    step: Step,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    if let Err(refused) = study.may(viewer, &step) {
        if refused.is_forbidden() {
            return Err(WebError::Forbidden(refused.message()));
        }
        let errors = vec![("version", refused.message())];
        return page(&state, &context, &study, &errors, StatusCode::CONFLICT).await;
    }
    let note = crate::case_studies::return_note(fields.get("note"));
    let note = match (&step, note) {
        (Step::Return, Err(message)) => {
            let errors = vec![("note", message)];
            return page(&state, &context, &study, &errors, StatusCode::BAD_REQUEST).await;
        }
        (_, note) => note.unwrap_or_default(),
    };
    match state
        .store()
        .case_study_step(viewer, study.id, version_of(&fields), &step, &note, today())
        .await
    {
        Ok(()) => Ok(crate::redirect::see_other(&format!(
            "/case-studies/{}",
            study.id.0
        ))),
        Err(e) => {
            let errors = forms::refused(e, "version")?;
            page(&state, &context, &study, &errors, StatusCode::CONFLICT).await
        }
    }
}

/// `POST /case-studies/{id}/submit`.
pub(crate) async fn submit(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    step(state, context, id, fields, Step::Submit).await
}

/// `POST /case-studies/{id}/withdraw`.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    step(state, context, id, fields, Step::Withdraw).await
}

/// `POST /case-studies/{id}/approve`.
pub(crate) async fn approve(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    step(state, context, id, fields, Step::Approve).await
}

/// `POST /case-studies/{id}/return`.
pub(crate) async fn send_back(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    step(state, context, id, fields, Step::Return).await
}

/// `POST /case-studies/{id}/consent`: an answer for one named organisation.
pub(crate) async fn consent(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    fields: FormFields,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let org = shared::answering_for(&study, context.actor.viewer(), fields.get("org"))?;
    let Some(answer) = Consent::from_key(fields.get("consent")).filter(|c| *c != Consent::Awaiting)
    else {
        let errors = vec![("consent", "Choose yes or no".to_string())];
        return page(&state, &context, &study, &errors, StatusCode::BAD_REQUEST).await;
    };
    step(
        state,
        context,
        id,
        fields,
        Step::Answer {
            org,
            consent: answer,
        },
    )
    .await
}

/// `POST /case-studies/{id}/images`: a picture uploaded from the case study's page.
pub(crate) async fn upload(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    study
        .may(viewer, &Step::AddImage)
        .map_err(|r| WebError::Forbidden(r.message()))?;
    let mut multipart = multipart.map_err(|_| {
        WebError::BadRequest("Send the picture from the form on the case study's page.".into())
    })?;
    let mut bytes = Vec::new();
    let mut alt = String::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| WebError::BadRequest(format!("The upload could not be read: {e}")))?
    {
        match field.name() {
            Some("image") => {
                bytes = field
                    .bytes()
                    .await
                    .map_err(|_| {
                        WebError::BadRequest(format!(
                            "The picture must be {} MB or smaller",
                            MAX_IMAGE_BYTES / 1024 / 1024
                        ))
                    })?
                    .to_vec()
            }
            Some("alt") => alt = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    let errors = match check_image(&bytes, &alt) {
        Ok(image) => match state
            .store()
            .add_case_study_image(viewer, study.id, &image, &bytes)
            .await
        {
            Ok(_) => {
                return Ok(crate::redirect::see_other(&format!(
                    "/case-studies/{}",
                    study.id.0
                )))
            }
            Err(e) => forms::refused(e, "image")?,
        },
        Err(problems) => problems,
    };
    page(
        &state,
        &context,
        &study,
        &errors,
        forms::status_for(&errors),
    )
    .await
}

/// `POST /case-studies/{id}/images/{image}/remove`.
pub(crate) async fn remove_image(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, image)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let study = shared::visible(&state, &context, &id).await?;
    let viewer = context.viewer()?;
    let image: i64 = image
        .parse()
        .map_err(|_| WebError::NotFound("There is no such picture.".into()))?;
    state
        .store()
        .remove_case_study_image(viewer, study.id, image)
        .await
        .map_err(refused_as(WebError::Forbidden))?;
    Ok(crate::redirect::see_other(&format!(
        "/case-studies/{}",
        study.id.0
    )))
}

/// `GET /case-studies/{id}/images/{image}`: the picture, with its own type, for those who
/// may see the case study.
pub(crate) async fn image(
    State(state): State<AppState>,
    context: RequestContext,
    Path((id, image)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let missing = || WebError::NotFound("There is no such picture, or you cannot see it.".into());
    let study = shared::visible(&state, &context, &id).await?;
    let image: i64 = image.parse().map_err(|_| missing())?;
    let (kind, bytes) = state
        .store()
        .case_study_image(&shared::reader(&context), study.id, image)
        .await?
        .ok_or_else(missing)?;
    let cache = if study.is_published() {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.content_type()),
            (header::CACHE_CONTROL, cache),
            (header::CONTENT_DISPOSITION, "inline"),
        ],
        bytes,
    )
        .into_response())
}
