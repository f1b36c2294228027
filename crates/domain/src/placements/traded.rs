//! Traded services: the back-office help (IT, HR, finance, catering, educational
//! psychology, estates, legal) one organisation sells to others. An offer of its own kind,
//! separate from leaders and from improvement support, so a trust looking for payroll is
//! not shown school improvement and the reverse.

use super::fields;
use super::FieldProblems;
use crate::party::OrgRef;
use serde::{Deserialize, Serialize};

/// A traded-service offer's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct TradedOfferId(pub i64);

/// Longest description accepted.
pub const MAX_SERVICE_DESCRIPTION: usize = 2_000;
/// Longest price basis accepted ("Per pupil per year, tiered by trust size").
pub const MAX_PRICE_BASIS: usize = 300;
/// Longest area served accepted ("Schools within 30 miles of Leeds").
pub const MAX_AREA_SERVED: usize = 200;

/// The services traded between schools and trusts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TradedService {
    /// IT support and systems.
    It,
    /// Human resources.
    Hr,
    /// Finance and payroll.
    Finance,
    /// Catering.
    Catering,
    /// Educational psychology.
    EducationalPsychology,
    /// Estates and facilities.
    Estates,
    /// Legal.
    Legal,
    /// Anything else, said in the description.
    Other,
}

impl TradedService {
    /// Every service, in the order forms list them.
    pub const ALL: [TradedService; 8] = [
        TradedService::It,
        TradedService::Hr,
        TradedService::Finance,
        TradedService::Catering,
        TradedService::EducationalPsychology,
        TradedService::Estates,
        TradedService::Legal,
        TradedService::Other,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            TradedService::It => "it",
            TradedService::Hr => "hr",
            TradedService::Finance => "finance",
            TradedService::Catering => "catering",
            TradedService::EducationalPsychology => "educational_psychology",
            TradedService::Estates => "estates",
            TradedService::Legal => "legal",
            TradedService::Other => "other",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<TradedService> {
        TradedService::ALL
            .into_iter()
            .find(|s| s.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            TradedService::It => "IT",
            TradedService::Hr => "HR",
            TradedService::Finance => "Finance",
            TradedService::Catering => "Catering",
            TradedService::EducationalPsychology => "Educational psychology",
            TradedService::Estates => "Estates",
            TradedService::Legal => "Legal",
            TradedService::Other => "Another service",
        }
    }
}

/// What an organisation typed to offer a traded service (or sent as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TradedOfferForm {
    /// The organisation offering (`trust-17101`).
    pub org: String,
    /// Service key.
    pub service: String,
    /// What is offered.
    pub description: String,
    /// How it is priced, in words.
    pub price_basis: String,
    /// Where it is offered, in words.
    pub area_served: String,
}

/// A traded-service offer, checked and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TradedOfferDraft {
    /// The organisation offering.
    pub org: OrgRef,
    /// The service.
    pub service: TradedService,
    /// What is offered.
    pub description: String,
    /// How it is priced.
    pub price_basis: String,
    /// Where it is offered.
    pub area_served: String,
}

impl TradedOfferDraft {
    /// Checks an offer; every problem is returned at once, in form order. "Another
    /// service" is accepted, and its description says what it is.
    pub fn check(form: &TradedOfferForm) -> Result<TradedOfferDraft, FieldProblems> {
        let mut problems = FieldProblems::new();
        let org = fields::org(
            &mut problems,
            "org",
            &form.org,
            "Choose the organisation offering the service",
        );
        let service = TradedService::from_key(&form.service);
        if service.is_none() {
            problems.push((
                "service",
                if form.service.trim().is_empty() {
                    "Choose the service".into()
                } else {
                    "Choose a service from the list".into()
                },
            ));
        }
        let description = fields::passage(
            &mut problems,
            "description",
            &form.description,
            if service == Some(TradedService::Other) {
                "Describe the service, saying what it is"
            } else {
                "Describe the service"
            },
            "The description",
            MAX_SERVICE_DESCRIPTION,
        );
        let price_basis = fields::line(
            &mut problems,
            "price_basis",
            &form.price_basis,
            "Say how the service is priced, for example \"per pupil per year\"",
            "The price basis",
            MAX_PRICE_BASIS,
        );
        let area_served = fields::line(
            &mut problems,
            "area_served",
            &form.area_served,
            "Say where the service is offered, for example \"West Yorkshire\"",
            "The area served",
            MAX_AREA_SERVED,
        );
        match (org, service) {
            (Some(org), Some(service)) if problems.is_empty() => Ok(TradedOfferDraft {
                org,
                service,
                description,
                price_basis,
                area_served,
            }),
            _ => Err(problems),
        }
    }

    /// The offer as stored under `id`.
    pub fn with_id(self, id: TradedOfferId) -> TradedOffer {
        TradedOffer {
            id,
            org: self.org,
            service: self.service,
            description: self.description,
            price_basis: self.price_basis,
            area_served: self.area_served,
        }
    }
}

/// A stored traded-service offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TradedOffer {
    /// Number.
    pub id: TradedOfferId,
    /// The organisation offering.
    pub org: OrgRef,
    /// The service.
    pub service: TradedService,
    /// What is offered.
    pub description: String,
    /// How it is priced.
    pub price_basis: String,
    /// Where it is offered.
    pub area_served: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    fn form() -> TradedOfferForm {
        TradedOfferForm {
            org: "trust-17101".into(),
            service: "educational_psychology".into(),
            description: "Two EPs, statutory assessments and consultation".into(),
            price_basis: "  Per day, £550 ".into(),
            area_served: "West Yorkshire".into(),
        }
    }

    #[test]
    fn a_good_offer_is_accepted() {
        let offer = TradedOfferDraft::check(&form())
            .unwrap()
            .with_id(TradedOfferId(3));
        assert_eq!(offer.org, OrgRef::Trust(GroupUid(17101)));
        assert_eq!(offer.service, TradedService::EducationalPsychology);
        assert_eq!(offer.price_basis, "Per day, £550");
        assert_eq!(
            serde_json::to_value(offer.service).unwrap(),
            serde_json::json!("educational_psychology")
        );
    }

    #[test]
    fn every_offer_problem_is_named_with_its_field() {
        let problems = TradedOfferDraft::check(&TradedOfferForm::default()).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "org",
                "service",
                "description",
                "price_basis",
                "area_served"
            ]
        );
        let bad = TradedOfferForm {
            org: "school-x".into(),
            service: "astrology".into(),
            description: "x".repeat(MAX_SERVICE_DESCRIPTION + 1),
            price_basis: "£".repeat(MAX_PRICE_BASIS + 1),
            area_served: "a".repeat(MAX_AREA_SERVED + 1),
        };
        assert_eq!(
            TradedOfferDraft::check(&bad).unwrap_err(),
            vec![
                ("org", OrgRef::unreadable("school-x")),
                ("service", "Choose a service from the list".to_string()),
                (
                    "description",
                    "The description must be 2000 characters or fewer".to_string()
                ),
                (
                    "price_basis",
                    "The price basis must be 300 characters or fewer".to_string()
                ),
                (
                    "area_served",
                    "The area served must be 200 characters or fewer".to_string()
                ),
            ]
        );
    }

    #[test]
    fn another_service_must_say_what_it_is() {
        let mut input = form();
        input.service = "other".into();
        input.description = String::new();
        assert_eq!(
            TradedOfferDraft::check(&input).unwrap_err(),
            vec![(
                "description",
                "Describe the service, saying what it is".to_string()
            )]
        );
        for service in TradedService::ALL {
            assert_eq!(TradedService::from_key(service.key()), Some(service));
            assert!(!service.label().is_empty());
        }
    }
}
