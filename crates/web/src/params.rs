//! Query strings in and out: turning `?q=&phase=&...` into the domain's [`SchoolQuery`] and
//! [`TrustQuery`] (refusing values Convene does not know, with a message saying what it
//! does know), and writing them back for paging and download links.

use crate::WebError;
use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use convene_domain::organisation::{GroupKind, Phase};
use convene_domain::party::OrgRef;
use convene_domain::place::Region;
use convene_domain::search::{check_search_text, SchoolQuery, TrustQuery, MAX_PAGE, MAX_PER_PAGE};
use convene_domain::Judgement;

/// Results per page on HTML pages.
pub(crate) const PAGE_SIZE: u32 = 25;

/// Results per page from the JSON API unless `per_page` says otherwise.
pub(crate) const API_PAGE_SIZE: u32 = 50;

/// The kinds of group a trust search may ask for.
pub(crate) const GROUP_KINDS: [GroupKind; 6] = [
    GroupKind::MultiAcademyTrust,
    GroupKind::SingleAcademyTrust,
    GroupKind::Federation,
    GroupKind::Trust,
    GroupKind::SchoolSponsor,
    GroupKind::Other,
];

/// The `judgement` value that means no judgement filter, besides leaving it out.
pub(crate) const ANY_JUDGEMENT: &str = "any";

/// The values of a yes/no parameter the API accepts: exactly what OpenAPI calls a boolean.
pub(crate) const API_FLAGS: [&str; 2] = ["true", "false"];

/// The smallest and largest local authority codes (DfE codes have three digits).
pub(crate) const LA_CODES: (i64, i64) = (1, 999);

/// A request's query string as name/value pairs, read the way its caller sends it.
///
/// Pages are lenient: a blank value counts as absent, because an unchosen GET form field
/// still sends `name=`, and values are trimmed. The JSON API is strict, so that it does what
/// its OpenAPI document says: a filter's value is taken as sent, and a blank or padded value
/// is refused like any other unknown one. Free-text parameters (`q`, `type`) are trimmed and
/// blank means "no filter" for both, which their document says.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
    strict: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Params {
            pairs: pairs_of(parts)?,
            strict: false,
        })
    }
}

/// The query string of a JSON API request: [`Params`] read strictly.
#[derive(Debug, Default)]
pub(crate) struct ApiParams(pub(crate) Params);

impl<S: Send + Sync> FromRequestParts<S> for ApiParams {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiParams(Params {
            pairs: pairs_of(parts)?,
            strict: true,
        }))
    }
}

fn pairs_of(parts: &Parts) -> Result<Vec<(String, String)>, WebError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map_err(|e| WebError::BadRequest(format!("The address could not be read: {e}")))?;
    Ok(pairs)
}

impl Params {
    /// Reads a query string carried inside a form (the ranking controls an introduction was
    /// asked under), leniently like a page's own address.
    pub(crate) fn from_query(query: &str) -> Result<Params, WebError> {
        let uri: axum::http::Uri = format!("/?{query}")
            .parse()
            .map_err(|_| WebError::BadRequest("The ranking settings could not be read.".into()))?;
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&uri).map_err(|e| {
            WebError::BadRequest(format!("The ranking settings could not be read: {e}"))
        })?;
        Ok(Params {
            pairs,
            strict: false,
        })
    }

    /// The value of a parameter with a fixed set of values or a number format: for pages
    /// the first non-blank value, trimmed; for the API the first value as sent.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        if self.strict {
            values.next()
        } else {
            values.map(str::trim).find(|value| !value.is_empty())
        }
    }

    /// Every value of a repeated parameter (`kind=a&kind=b`): for pages the non-blank ones,
    /// trimmed; for the API all of them as sent.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .map(|v| if self.strict { v } else { v.trim() })
            .filter(|v| self.strict || !v.is_empty())
            .collect()
    }

    /// An organisation key parameter: none when not given, refused in words when it is not
    /// a key (for the API also when padded, since it is taken as sent).
    pub(crate) fn org(&self, name: &str) -> Result<Option<OrgRef>, WebError> {
        self.get(name)
            .map(|key| {
                OrgRef::parse(key)
                    .filter(|_| key.trim() == key)
                    .ok_or_else(|| WebError::BadRequest(OrgRef::unreadable(key)))
            })
            .transpose()
    }

    /// The first non-blank value of a free-text parameter, trimmed.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .find(|value| !value.is_empty())
    }

    /// The page number asked for: 1 when not given, otherwise 1 to [`MAX_PAGE`]. A page
    /// past the last result is empty; a page past the maximum is refused, so no client
    /// walks far past the data, and a number too big to read is refused the same way.
    pub(crate) fn page(&self) -> Result<u32, WebError> {
        self.get("page")
            .map_or(Ok(1), |text| whole_number("page", text, 1, MAX_PAGE))
    }

    /// Results per page: `default` when not given, otherwise 1 to [`MAX_PER_PAGE`]; other
    /// sizes are refused rather than quietly changed, so a client gets what it asked for.
    pub(crate) fn per_page(&self, default: u32) -> Result<u32, WebError> {
        self.get("per_page").map_or(Ok(default), |text| {
            whole_number("per_page", text, 1, MAX_PER_PAGE)
        })
    }

    /// The search box text (`q`), refused if it is too long to search cheaply.
    pub(crate) fn search_text(&self) -> Result<String, WebError> {
        let text = self.text("q").unwrap_or_default();
        check_search_text(text).map_err(WebError::BadRequest)?;
        Ok(text.to_string())
    }

    /// A school search from `q`, `phase`, `type`, `judgement`, `region`, `la`, `closed`,
    /// `page` and `per_page`.
    pub(crate) fn school_query(&self, default_per_page: u32) -> Result<SchoolQuery, WebError> {
        Ok(SchoolQuery {
            text: self.search_text()?,
            phase: self.get("phase").map(phase).transpose()?,
            type_name: self.text("type").map(str::to_string),
            judgement: self
                .get("judgement")
                .filter(|j| *j != ANY_JUDGEMENT)
                .map(judgement)
                .transpose()?,
            region: self.get("region").map(region).transpose()?,
            la_code: self.get("la").map(local_authority).transpose()?,
            include_closed: self.flag("closed")?,
            page: self.page()?,
            per_page: self.per_page(default_per_page)?,
        })
    }

    /// The `region` filter on its own.
    pub(crate) fn region(&self) -> Result<Option<Region>, WebError> {
        self.get("region").map(region).transpose()
    }

    /// A trust search from `q`, `region`, `kind`, `closed`, `page` and `per_page`.
    pub(crate) fn trust_query(&self, default_per_page: u32) -> Result<TrustQuery, WebError> {
        Ok(TrustQuery {
            text: self.search_text()?,
            region: self.get("region").map(region).transpose()?,
            kind: self.get("kind").map(group_kind).transpose()?,
            include_closed: self.flag("closed")?,
            page: self.page()?,
            per_page: self.per_page(default_per_page)?,
        })
    }

    /// A yes/no parameter: for the API `true` or `false`; pages also take what a checkbox
    /// (`on`) or a hand-written address (`1`, `yes`) sends.
    pub(crate) fn flag(&self, name: &str) -> Result<bool, WebError> {
        let value = self.get(name);
        let lower = value.map(str::to_ascii_lowercase);
        match (self.strict, value, lower.as_deref()) {
            (_, None, _) => Ok(false),
            (true, Some("true"), _) => Ok(true),
            (true, Some("false"), _) => Ok(false),
            (false, _, Some("false" | "0" | "no" | "off")) => Ok(false),
            (false, _, Some("on" | "true" | "1" | "yes")) => Ok(true),
            (_, Some(other), _) => Err(WebError::BadRequest(format!(
                "\"{other}\" is not a valid value for {name}: use true or false."
            ))),
        }
    }
}

/// Reads a whole number from `min` to `max`, refusing signs, spaces and numbers too big to
/// hold with the same message, which says what is accepted.
fn whole_number(name: &str, text: &str, min: u32, max: u32) -> Result<u32, WebError> {
    Some(text)
        .filter(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{text}\" is not a valid {name}: use a whole number from {min} to {max}."
            ))
        })
}

pub(crate) fn unknown(
    what: &str,
    value: &str,
    known: impl IntoIterator<Item = &'static str>,
) -> WebError {
    let known: Vec<&str> = known.into_iter().collect();
    WebError::BadRequest(format!(
        "\"{value}\" is not a {what} Convene knows. Use one of: {}.",
        known.join(", ")
    ))
}

fn phase(key: &str) -> Result<Phase, WebError> {
    Phase::from_key(key).ok_or_else(|| unknown("phase", key, Phase::ALL.map(Phase::key)))
}

fn judgement(key: &str) -> Result<Judgement, WebError> {
    Judgement::from_key(key)
        .ok_or_else(|| unknown("Ofsted judgement", key, Judgement::ALL.map(Judgement::key)))
}

fn region(slug: &str) -> Result<Region, WebError> {
    Region::from_slug(slug).ok_or_else(|| unknown("region", slug, Region::ALL.map(Region::slug)))
}

fn group_kind(key: &str) -> Result<GroupKind, WebError> {
    GROUP_KINDS
        .into_iter()
        .find(|k| k.key() == key)
        .ok_or_else(|| unknown("kind of group", key, GROUP_KINDS.map(GroupKind::key)))
}

fn local_authority(code: &str) -> Result<i64, WebError> {
    let (low, high) = LA_CODES;
    Some(code)
        .filter(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|c| c.parse().ok())
        .filter(|n| (low..=high).contains(n))
        .ok_or_else(|| {
            WebError::BadRequest(format!(
                "\"{code}\" is not a local authority code: use the three-digit DfE code, such as 826."
            ))
        })
}

/// Writes a query string (without the `?`) from name/value pairs, leaving out blanks.
pub(crate) fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The parameters that reproduce a school search, on page `page` (or without a page, for
/// downloads of every result).
pub(crate) fn school_pairs(query: &SchoolQuery, page: Option<u32>) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("q", query.text.clone()),
        (
            "phase",
            query.phase.map(|p| p.key().to_string()).unwrap_or_default(),
        ),
        ("type", query.type_name.clone().unwrap_or_default()),
        (
            "judgement",
            query
                .judgement
                .map(|j| j.key().to_string())
                .unwrap_or_default(),
        ),
        (
            "region",
            query
                .region
                .map(|r| r.slug().to_string())
                .unwrap_or_default(),
        ),
        (
            "la",
            query.la_code.map(|c| c.to_string()).unwrap_or_default(),
        ),
        (
            "closed",
            if query.include_closed {
                "on".into()
            } else {
                String::new()
            },
        ),
    ];
    paging(&mut pairs, query.per_page, page);
    pairs
}

/// The parameters that reproduce a trust search, like [`school_pairs`].
pub(crate) fn trust_pairs(query: &TrustQuery, page: Option<u32>) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("q", query.text.clone()),
        (
            "region",
            query
                .region
                .map(|r| r.slug().to_string())
                .unwrap_or_default(),
        ),
        (
            "kind",
            query.kind.map(|k| k.key().to_string()).unwrap_or_default(),
        ),
        (
            "closed",
            if query.include_closed {
                "on".into()
            } else {
                String::new()
            },
        ),
    ];
    paging(&mut pairs, query.per_page, page);
    pairs
}

fn paging(pairs: &mut Vec<(&'static str, String)>, per_page: u32, page: Option<u32>) {
    if let Some(page) = page {
        if per_page != PAGE_SIZE {
            pairs.push(("per_page", per_page.to_string()));
        }
        pairs.push(("page", page.to_string()));
    }
}

/// Percent-encodes a query value (spaces as `+`, as forms send them).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Params {
        Params {
            pairs: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            strict: false,
        }
    }

    fn api(pairs: &[(&str, &str)]) -> Params {
        Params {
            strict: true,
            ..params(pairs)
        }
    }

    fn refusal(result: Result<impl std::fmt::Debug, WebError>) -> String {
        match result {
            Err(WebError::BadRequest(message)) => message,
            other => panic!("expected a bad request, got {other:?}"),
        }
    }

    #[test]
    fn reads_a_full_school_search() {
        let query = params(&[
            ("q", " milton keynes "),
            ("phase", "secondary"),
            ("type", "Academy converter"),
            ("judgement", "good"),
            ("region", "south-east"),
            ("la", "826"),
            ("closed", "on"),
            ("page", "3"),
        ])
        .school_query(PAGE_SIZE)
        .unwrap();
        assert_eq!(query.text, "milton keynes");
        assert_eq!(query.phase, Some(Phase::Secondary));
        assert_eq!(query.judgement, Some(Judgement::Good));
        assert_eq!(query.region, Some(Region::SouthEast));
        assert_eq!(query.la_code, Some(826));
        assert!(query.include_closed);
        assert_eq!((query.page, query.per_page), (3, PAGE_SIZE));
    }

    #[test]
    fn blanks_and_any_mean_no_filter() {
        let query = params(&[("phase", ""), ("judgement", "any"), ("region", " ")])
            .school_query(PAGE_SIZE)
            .unwrap();
        assert_eq!(
            query,
            SchoolQuery {
                page: 1,
                per_page: PAGE_SIZE,
                ..SchoolQuery::default()
            }
        );
    }

    #[test]
    fn unknown_values_are_refused_with_the_known_ones() {
        let error = params(&[("judgement", "splendid")])
            .school_query(PAGE_SIZE)
            .unwrap_err();
        let WebError::BadRequest(message) = error else {
            panic!("expected a bad request")
        };
        assert!(message.contains("splendid") && message.contains("requires_improvement"));
        assert!(params(&[("page", "two")]).school_query(PAGE_SIZE).is_err());
        assert!(params(&[("la", "Bath")]).school_query(PAGE_SIZE).is_err());
        assert!(params(&[("kind", "club")]).trust_query(PAGE_SIZE).is_err());
        assert!(params(&[("closed", "perhaps")])
            .trust_query(PAGE_SIZE)
            .is_err());
    }

    #[test]
    fn paging_takes_one_to_the_maximum_and_refuses_the_rest() {
        for strict in [false, true] {
            let read = |pairs: &[(&str, &str)]| Params {
                strict,
                ..params(pairs)
            };
            assert_eq!(read(&[]).page().unwrap(), 1);
            assert_eq!(read(&[]).per_page(API_PAGE_SIZE).unwrap(), API_PAGE_SIZE);
            assert_eq!(read(&[("page", "1")]).page().unwrap(), 1);
            assert_eq!(read(&[("page", "10000")]).page().unwrap(), MAX_PAGE);
            assert_eq!(read(&[("per_page", "1")]).per_page(25).unwrap(), 1);
            assert_eq!(
                read(&[("per_page", "500")]).per_page(25).unwrap(),
                MAX_PER_PAGE
            );
            for page in [
                "0",
                "10001",
                "18446744073709551615",
                "-1",
                "+2",
                "1.5",
                "two",
            ] {
                let message = refusal(read(&[("page", page)]).page());
                assert!(message.contains("from 1 to 10000"), "{page}: {message}");
            }
            for size in ["0", "501", "100000", "99999999999999999999", "-5"] {
                let message = refusal(read(&[("per_page", size)]).per_page(25));
                assert!(message.contains("from 1 to 500"), "{size}: {message}");
            }
        }
    }

    #[test]
    fn the_api_refuses_blank_and_padded_values_that_pages_forgive() {
        for (name, value) in [
            ("region", ""),
            ("region", " london"),
            ("phase", ""),
            ("judgement", ""),
            ("la", ""),
            ("la", " 826"),
            ("closed", ""),
            ("closed", "on"),
            ("page", ""),
            ("per_page", " 5"),
        ] {
            assert!(
                params(&[(name, value)]).school_query(PAGE_SIZE).is_ok(),
                "a page forgives {name}={value:?}"
            );
            refusal(api(&[(name, value)]).school_query(API_PAGE_SIZE));
        }
        let message = refusal(api(&[("region", "")]).region());
        assert!(message.contains("south-east"), "{message}");
        let query = api(&[("q", " "), ("type", ""), ("closed", "true")])
            .school_query(API_PAGE_SIZE)
            .unwrap();
        assert_eq!((query.text.as_str(), query.type_name), ("", None));
        assert!(query.include_closed);
    }

    #[test]
    fn local_authority_codes_have_at_most_three_digits() {
        assert_eq!(
            api(&[("la", "826")]).school_query(25).unwrap().la_code,
            Some(826)
        );
        for code in ["0", "1000", "99999999999999999999", "-826"] {
            let message = refusal(api(&[("la", code)]).school_query(25));
            assert!(message.contains("three-digit"), "{code}: {message}");
        }
    }

    #[test]
    fn writes_queries_back() {
        let query = params(&[("q", "St Mary's & co"), ("phase", "primary")])
            .school_query(PAGE_SIZE)
            .unwrap();
        assert_eq!(
            query_string(&school_pairs(&query, Some(2))),
            "q=St+Mary%27s+%26+co&phase=primary&page=2"
        );
        assert_eq!(
            query_string(&school_pairs(&query, None)),
            "q=St+Mary%27s+%26+co&phase=primary"
        );
    }
}
