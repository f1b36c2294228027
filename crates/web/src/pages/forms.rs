//! GOV.UK Design System form components, so every form looks and behaves the same: error
//! summary at the top, each message beside its field, labels tied to inputs.

use crate::access::csrf;
use maud::{html, Markup};

/// Problems with a submitted form: (field name, message), in the order fields appear.
pub(crate) type FieldErrors = Vec<(&'static str, String)>;

/// 400 for a form shown again with problems, 200 for a fresh one.
pub(crate) fn status_for(errors: &FieldErrors) -> axum::http::StatusCode {
    if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::BAD_REQUEST
    }
}

/// The hidden CSRF field every form carries.
pub(crate) fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name=(csrf::FIELD) value=(token); }
}

/// The red box listing every problem, linking to each field.
pub(crate) fn error_summary(errors: &FieldErrors) -> Markup {
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

/// The message for `field`, if it has one.
pub(crate) fn error_for<'a>(errors: &'a FieldErrors, field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, message)| message.as_str())
}

/// A text input: `kind` is the HTML type ("text", "email", "password"...).
pub(crate) struct Input<'a> {
    /// Field name and id.
    pub(crate) name: &'a str,
    /// Label.
    pub(crate) label: &'a str,
    /// HTML input type.
    pub(crate) kind: &'a str,
    /// Current value (never set for passwords).
    pub(crate) value: &'a str,
    /// Hint under the label.
    pub(crate) hint: Option<&'a str>,
    /// Browser autocomplete token.
    pub(crate) autocomplete: &'a str,
}

impl<'a> Input<'a> {
    /// A plain text input.
    pub(crate) fn text(name: &'a str, label: &'a str, value: &'a str) -> Input<'a> {
        Input {
            name,
            label,
            kind: "text",
            value,
            hint: None,
            autocomplete: "off",
        }
    }

    /// With a hint.
    pub(crate) fn hint(mut self, hint: &'a str) -> Input<'a> {
        self.hint = Some(hint);
        self
    }

    /// With another input type and autocomplete token.
    pub(crate) fn kind(mut self, kind: &'a str, autocomplete: &'a str) -> Input<'a> {
        self.kind = kind;
        self.autocomplete = autocomplete;
        self
    }

    /// Renders the input with its error, if any.
    pub(crate) fn render(&self, errors: &FieldErrors) -> Markup {
        let error = error_for(errors, self.name);
        let described = describedby(self.name, self.hint.is_some(), error.is_some());
        html! {
            div class=(group_class(error.is_some())) {
                label class="govuk-label" for=(self.name) { (self.label) }
                @if let Some(hint) = self.hint {
                    div id=(format!("{}-hint", self.name)) class="govuk-hint" { (hint) }
                }
                @if let Some(error) = error {
                    p id=(format!("{}-error", self.name)) class="govuk-error-message" {
                        span class="govuk-visually-hidden" { "Error: " } (error)
                    }
                }
                input class=(if error.is_some() { "govuk-input govuk-input--error" } else { "govuk-input" })
                    id=(self.name) name=(self.name) type=(self.kind) value=(self.value)
                    autocomplete=(self.autocomplete) spellcheck="false"
                    aria-describedby=[described];
            }
        }
    }
}

/// A multi-line text box.
pub(crate) fn textarea(
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    textarea_with_id(name, name, label, value, hint, errors)
}

/// A multi-line text box whose element id differs from its field name, for a page with
/// the same form many times (one per candidate): ids must be unique, or every label and
/// hint would belong to the first box alone.
pub(crate) fn textarea_with_id(
    id: &str,
    name: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    errors: &FieldErrors,
) -> Markup {
    let error = error_for(errors, name);
    let described = describedby(id, hint.is_some(), error.is_some());
    html! {
        div class=(group_class(error.is_some())) {
            label class="govuk-label" for=(id) { (label) }
            @if let Some(hint) = hint {
                div id=(format!("{id}-hint")) class="govuk-hint" { (hint) }
            }
            @if let Some(error) = error {
                p id=(format!("{id}-error")) class="govuk-error-message" {
                    span class="govuk-visually-hidden" { "Error: " } (error)
                }
            }
            textarea class=(if error.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" })
                id=(id) name=(name) rows="6" aria-describedby=[described] { (value) }
        }
    }
}

/// A set of choices: radios (one) or checkboxes (several). Options are
/// (value, label, checked).
pub(crate) fn choices(
    kind: ChoiceKind,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[(String, String, bool)],
    errors: &FieldErrors,
) -> Markup {
    let error = error_for(errors, name);
    let (class, input_type) = match kind {
        ChoiceKind::Radios => ("govuk-radios", "radio"),
        ChoiceKind::Checkboxes => ("govuk-checkboxes", "checkbox"),
    };
    html! {
        div class=(group_class(error.is_some())) {
            fieldset class="govuk-fieldset" id=(name) {
                legend class="govuk-fieldset__legend govuk-fieldset__legend--s" { (legend) }
                @if let Some(hint) = hint { div class="govuk-hint" { (hint) } }
                @if let Some(error) = error {
                    p class="govuk-error-message" {
                        span class="govuk-visually-hidden" { "Error: " } (error)
                    }
                }
                div class=(class) data-module=(class) {
                    @for (i, (value, label, checked)) in options.iter().enumerate() {
                        div class=(format!("{class}__item")) {
                            input class=(format!("{class}__input")) id=(format!("{name}-{i}"))
                                name=(name) type=(input_type) value=(value) checked[*checked];
                            label class=(format!("govuk-label {class}__label")) for=(format!("{name}-{i}")) { (label) }
                        }
                    }
                }
            }
        }
    }
}

/// Which kind of choice a fieldset offers.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ChoiceKind {
    /// Exactly one.
    Radios,
    /// Any number.
    Checkboxes,
}

/// A primary button.
pub(crate) fn button(label: &str) -> Markup {
    html! { button type="submit" class="govuk-button" data-module="govuk-button" { (label) } }
}

/// A secondary or warning button in a form of its own, posting to `action`.
pub(crate) fn action_button(action: &str, label: &str, style: &str, csrf: &str) -> Markup {
    html! {
        form method="post" action=(action) novalidate {
            (csrf_field(csrf))
            button type="submit" class=(format!("govuk-button {style}")) data-module="govuk-button" { (label) }
        }
    }
}

/// A green confirmation panel.
pub(crate) fn panel(title: &str, body: Markup) -> Markup {
    html! {
        div class="govuk-panel govuk-panel--confirmation" {
            h1 class="govuk-panel__title" { (title) }
            div class="govuk-panel__body" { (body) }
        }
    }
}

/// A blue notification banner (important information).
pub(crate) fn banner(title: &str, body: Markup) -> Markup {
    html! {
        div class="govuk-notification-banner" role="region" aria-labelledby="banner-title"
            data-module="govuk-notification-banner" {
            div class="govuk-notification-banner__header" {
                h2 class="govuk-notification-banner__title" id="banner-title" { (title) }
            }
            div class="govuk-notification-banner__content" { (body) }
        }
    }
}

fn group_class(has_error: bool) -> &'static str {
    if has_error {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

fn describedby(name: &str, hint: bool, error: bool) -> Option<String> {
    let ids: Vec<String> = [
        hint.then(|| format!("{name}-hint")),
        error.then(|| format!("{name}-error")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A refusal from the store as the form's one problem, on `field`; any other error as it
/// is.
pub(crate) fn refused(
    error: convene_store::StoreError,
    field: &'static str,
) -> Result<FieldErrors, crate::WebError> {
    Ok(vec![(field, crate::error::refusal(error)?)])
}

/// The value of field `name` among a re-shown form's `fields`, or "" if it was not sent.
pub(crate) fn value_of<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}
