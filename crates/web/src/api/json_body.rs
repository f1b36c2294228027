//! The one way the API reads a JSON request body.
//!
//! JSON Schema, and so the OpenAPI document, counts `3.0` as an integer, and clients in
//! languages without integers (JavaScript, or Python's `json` after arithmetic) send
//! whole numbers that way. serde refuses `3.0` for an `i64`, so the body is read as JSON
//! first, whole numbers written as floats become integers, and only then is it read into
//! the handler's type, with the path of any field that is wrong.

use crate::WebError;
use axum::extract::rejection::JsonRejection;
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Largest whole number an `f64` holds exactly; beyond it a float is left as sent.
const EXACT_WHOLE: f64 = 9_007_199_254_740_992.0;

/// The body as `T`, or a 400 naming `what` could not be read and why.
pub(crate) fn read<T: DeserializeOwned>(
    what: &str,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<T, WebError> {
    let Json(mut value) = body.map_err(|e| {
        WebError::BadRequest(format!("The {what} could not be read: {}", e.body_text()))
    })?;
    whole_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        WebError::BadRequest(if path == "." {
            format!("The {what} could not be read: {inner}")
        } else {
            format!("The {what} could not be read: {path}: {inner}")
        })
    })
}

/// A body that was read but refused: every problem in one 400 message, each with its
/// field, so a client can put all of them right at once.
pub(crate) fn refused<F: AsRef<str>>(what: &str, problems: &[(F, String)]) -> WebError {
    let listed: Vec<String> = problems
        .iter()
        .map(|(field, message)| format!("{}: {message}", field.as_ref()))
        .collect();
    WebError::BadRequest(format!("The {what} was not saved: {}.", listed.join("; ")))
}

/// Turns every float with no fractional part (`3.0`, `-2e3`) into an integer, at any depth.
fn whole_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                if f.fract() == 0.0 && f.abs() <= EXACT_WHOLE {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Shape {
        weeks: Option<i64>,
        schools: Vec<i64>,
        baseline: f64,
    }

    fn shape(json: &str) -> Result<Shape, WebError> {
        read("shape", Ok(Json(serde_json::from_str(json).unwrap())))
    }

    #[test]
    fn whole_numbers_written_as_floats_are_integers() {
        let s = shape(r#"{"weeks": 3.0, "schools": [1e2, -4.0], "baseline": 22.0}"#).unwrap();
        assert_eq!(s.weeks, Some(3));
        assert_eq!(s.schools, vec![100, -4]);
        assert_eq!(s.baseline, 22.0);
    }

    #[test]
    fn fractions_and_wrong_types_are_refused_with_their_field() {
        for (json, field) in [
            (r#"{"weeks": 2.5, "schools": [], "baseline": 1}"#, "weeks"),
            (
                r#"{"weeks": 1, "schools": ["x"], "baseline": 1}"#,
                "schools[0]",
            ),
            (r#"{"weeks": 1e300, "schools": [], "baseline": 1}"#, "weeks"),
        ] {
            match shape(json) {
                Err(WebError::BadRequest(message)) => {
                    assert!(message.contains(&format!("{field}:")), "{message}")
                }
                other => panic!("{json} gave {other:?}"),
            }
        }
    }
}
