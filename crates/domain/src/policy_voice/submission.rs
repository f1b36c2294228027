//! The collective submission: what the convener sends the policy-maker, assembled from a
//! call's responses. Each quote from an attributed response names its organisation, and
//! that organisation must consent before the submission is published; quotes from an
//! anonymous call name no one and need no consent (responding anonymously was agreeing to
//! be quoted without a name). Once published it carries the representation figures as
//! they stood, and the convener can record what the policy-maker did with it.

use crate::party::{NamedOrg, OrgRef};
use crate::placements::fields::{line, passage};
use crate::placements::FieldProblems;
use crate::policy_voice::call::MAX_TEXT;
use crate::Date;
use serde::{Deserialize, Serialize};

/// Longest quote.
pub const MAX_QUOTE: usize = 1_000;
/// Most quotes one submission carries.
pub const MAX_QUOTES: usize = 30;

/// A quoted organisation's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum QuoteConsent {
    /// Not answered yet.
    Awaiting,
    /// May be quoted as written.
    Given,
    /// May not be quoted.
    Refused,
    /// From an anonymous call: no one to ask.
    Anonymous,
}

impl QuoteConsent {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            QuoteConsent::Awaiting => "awaiting",
            QuoteConsent::Given => "given",
            QuoteConsent::Refused => "refused",
            QuoteConsent::Anonymous => "anonymous",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<QuoteConsent> {
        [
            QuoteConsent::Awaiting,
            QuoteConsent::Given,
            QuoteConsent::Refused,
            QuoteConsent::Anonymous,
        ]
        .into_iter()
        .find(|c| c.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            QuoteConsent::Awaiting => "Not answered yet",
            QuoteConsent::Given => "Agreed",
            QuoteConsent::Refused => "Refused",
            QuoteConsent::Anonymous => "Anonymous: no consent needed",
        }
    }

    /// Whether the quote may be published.
    pub fn allows_publishing(self) -> bool {
        matches!(self, QuoteConsent::Given | QuoteConsent::Anonymous)
    }
}

/// One quote as typed: the response it comes from and the words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteForm {
    /// The response's reference, as shown with it.
    #[serde(default)]
    pub response: String,
    /// The words quoted, which must appear in the response.
    #[serde(default)]
    pub text: String,
}

/// A submission as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionForm {
    /// Its title.
    #[serde(default)]
    pub title: String,
    /// What it says, in the convener's words.
    #[serde(default)]
    pub body: String,
    /// Who it goes to (a department, a select committee, Ofsted).
    #[serde(default)]
    pub addressed_to: String,
    /// The responses it quotes.
    #[serde(default)]
    pub quotes: Vec<QuoteForm>,
}

/// A submission that passed the checks (the quotes' sources are checked by the store,
/// which holds the responses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionDraft {
    /// Its title.
    pub title: String,
    /// What it says.
    pub body: String,
    /// Who it goes to.
    pub addressed_to: String,
    /// The quotes: each response's reference and the words.
    pub quotes: Vec<(String, String)>,
}

impl SubmissionDraft {
    /// Checks every field at once.
    pub fn check(form: &SubmissionForm) -> Result<SubmissionDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let title = line(
            &mut problems,
            "title",
            &form.title,
            "Enter a title",
            "The title",
            200,
        );
        let body = passage(
            &mut problems,
            "body",
            &form.body,
            "Write what the submission says",
            "The submission",
            MAX_TEXT * 4,
        );
        let addressed_to = line(
            &mut problems,
            "addressed_to",
            &form.addressed_to,
            "Say who it goes to",
            "Who it goes to",
            200,
        );
        let quotes: Vec<(String, String)> = form
            .quotes
            .iter()
            .filter(|q| !q.text.trim().is_empty())
            .map(|q| (q.response.trim().to_string(), q.text.trim().to_string()))
            .collect();
        if quotes.len() > MAX_QUOTES {
            problems.push(("quotes", format!("Quote at most {MAX_QUOTES} responses")));
        }
        if quotes.iter().any(|(_, t)| t.chars().count() > MAX_QUOTE) {
            problems.push((
                "quotes",
                format!("Each quote must be {MAX_QUOTE} characters or fewer"),
            ));
        }
        if problems.is_empty() {
            Ok(SubmissionDraft {
                title,
                body,
                addressed_to,
                quotes,
            })
        } else {
            Err(problems)
        }
    }
}

/// A quote as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    /// Its number within the submission.
    pub number: i64,
    /// The words.
    pub text: String,
    /// Who said it (none for an anonymous call).
    pub org: Option<NamedOrg>,
    /// Their answer.
    pub consent: QuoteConsent,
}

/// A submission as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    /// Its title.
    pub title: String,
    /// What it says.
    pub body: String,
    /// Who it goes to.
    pub addressed_to: String,
    /// The quotes.
    pub quotes: Vec<Quote>,
    /// When it was published, if it was.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub published_on: Option<Date>,
    /// What the policy-maker did with it, once known.
    pub outcome: Option<String>,
}

impl Submission {
    /// Why it cannot be published yet, if it cannot: the quoted organisations that have
    /// not agreed.
    pub fn waiting_for(&self) -> Vec<&NamedOrg> {
        self.quotes
            .iter()
            .filter(|q| !q.consent.allows_publishing())
            .filter_map(|q| q.org.as_ref())
            .collect()
    }

    /// Whether `org` is quoted and may answer for a quote.
    pub fn quotes_org(&self, org: OrgRef) -> bool {
        self.quotes
            .iter()
            .any(|q| q.org.as_ref().is_some_and(|o| o.org == org))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    #[test]
    fn every_problem_is_listed_and_blank_quotes_are_dropped() {
        let problems = SubmissionDraft::check(&SubmissionForm::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["title", "body", "addressed_to"]);
        let draft = SubmissionDraft::check(&SubmissionForm {
            title: "Attendance".into(),
            body: "What trusts told us".into(),
            addressed_to: "DfE".into(),
            quotes: vec![
                QuoteForm {
                    response: "3".into(),
                    text: " Families first ".into(),
                },
                QuoteForm {
                    response: "4".into(),
                    text: "  ".into(),
                },
            ],
        })
        .unwrap();
        assert_eq!(
            draft.quotes,
            vec![("3".to_string(), "Families first".to_string())]
        );
    }

    #[test]
    fn it_waits_for_every_named_organisation_but_not_the_anonymous() {
        let named = |consent| Quote {
            number: 1,
            text: "x".into(),
            org: Some(NamedOrg {
                org: OrgRef::Trust(GroupUid(1)),
                name: "A".into(),
            }),
            consent,
        };
        let anonymous = Quote {
            number: 2,
            text: "y".into(),
            org: None,
            consent: QuoteConsent::Anonymous,
        };
        let mut s = Submission {
            title: "t".into(),
            body: "b".into(),
            addressed_to: "DfE".into(),
            quotes: vec![named(QuoteConsent::Awaiting), anonymous],
            published_on: None,
            outcome: None,
        };
        assert_eq!(s.waiting_for().len(), 1);
        assert!(s.quotes_org(OrgRef::Trust(GroupUid(1))));
        s.quotes[0] = named(QuoteConsent::Given);
        assert!(s.waiting_for().is_empty());
        s.quotes[0] = named(QuoteConsent::Refused);
        assert_eq!(
            s.waiting_for().len(),
            1,
            "a refusal must be taken out first"
        );
    }
}
