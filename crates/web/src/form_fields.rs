//! Reading posted forms. Every form is read as a list of name/value pairs, so a missing
//! field is simply empty (and the handler says what is wrong in GOV.UK style) rather than
//! a framework rejection, and repeated fields (checkboxes) keep every value.

use crate::WebError;
use axum::extract::{FromRequest, Request};
use axum::Form;

/// A posted form's fields, in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The first value of `name`, or "" if absent.
    pub(crate) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Every field, to show a form again as it was sent.
    pub(crate) fn pairs(&self) -> Vec<(String, String)> {
        self.0.clone()
    }

    /// Every value of `name` (ticked checkboxes).
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(request, state)
            .await
            .map_err(|e| WebError::BadRequest(format!("The form could not be read: {e}")))?;
        Ok(FormFields(pairs))
    }
}
