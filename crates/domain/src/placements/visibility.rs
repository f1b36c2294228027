//! Who may see what of a request and an agreement. A trust asking for help in a crisis, and
//! two trusts agreeing what one pays the other, must be able to trust that nobody else
//! reads it, platform administrators included: only the parties (approved members of the
//! organisations involved) see details. Everyone else sees an open request's details, and
//! of an agreement at most that a placement existed between the two organisations, once it
//! is over and both agreed to show it.

use super::agreement::Agreement;
use super::register::LeaderRequest;
use crate::access::Actor;
use crate::party::OrgRef;
use serde::{Deserialize, Serialize};

/// What someone may see of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestView {
    /// Everything.
    Details,
    /// Nothing at all, not even that it exists.
    Nothing,
}

/// What someone may see of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum AgreementView {
    /// Every term: the parties.
    Terms,
    /// Only that a placement existed between these two organisations.
    Exists {
        /// The lending organisation.
        lending: OrgRef,
        /// The receiving organisation.
        receiving: OrgRef,
    },
    /// Nothing at all.
    Nothing,
}

/// Whether `actor` is an approved member of any of `orgs`. Platform roles count for
/// nothing here.
pub fn is_party(actor: &Actor, orgs: &[OrgRef]) -> bool {
    actor
        .viewer()
        .is_some_and(|viewer| orgs.iter().any(|org| viewer.belongs_to(*org)))
}

/// What `actor` may see of `request`: the asking organisation sees it all; others see an
/// open request if signed in, and nothing of a confidential one or when signed out.
pub fn request_view(actor: &Actor, request: &LeaderRequest) -> RequestView {
    if is_party(actor, &[request.org]) {
        return RequestView::Details;
    }
    if !request.confidential && actor.viewer().is_some() {
        RequestView::Details
    } else {
        RequestView::Nothing
    }
}

/// What `actor` may see of `agreement`: the two organisations see its terms; anyone else
/// sees only that it existed, once it is over and both organisations agreed to show it,
/// and otherwise nothing.
pub fn agreement_view(actor: &Actor, agreement: &Agreement) -> AgreementView {
    if is_party(actor, &[agreement.lending, agreement.receiving]) {
        return AgreementView::Terms;
    }
    if agreement.status.is_finished() && agreement.published_by_both() {
        AgreementView::Exists {
            lending: agreement.lending,
            receiving: agreement.receiving,
        }
    } else {
        AgreementView::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::{OrgRole, PlatformRole, Viewer};
    use crate::account::PersonId;
    use crate::ids::GroupUid;
    use crate::placements::agreement::{
        AgreementStatus, PlacementId, PlacementKind, Recharge, Side,
    };
    use crate::placements::register::{DaysPerWeek, LeaderRequestId, LeaderRole, RequestKind};
    use crate::Date;

    fn trust(uid: i64) -> OrgRef {
        OrgRef::Trust(GroupUid(uid))
    }

    fn member_of(org: Option<OrgRef>, roles: &[PlatformRole]) -> Actor {
        Actor::Person(Viewer {
            id: PersonId::default(),
            name: "Someone".into(),
            email_verified: true,
            platform_roles: roles.iter().copied().collect(),
            organisations: org.map(|o| (o, OrgRole::Member)).into_iter().collect(),
        })
    }

    fn everyone() -> Vec<(&'static str, Actor)> {
        vec![
            ("requester", member_of(Some(trust(1)), &[])),
            ("lender", member_of(Some(trust(2)), &[])),
            ("outsider", member_of(Some(trust(3)), &[])),
            (
                "admin",
                member_of(None, &[PlatformRole::Administrator, PlatformRole::Convener]),
            ),
            ("anonymous", Actor::Anonymous),
        ]
    }

    fn request(kind: RequestKind, confidential: bool) -> LeaderRequest {
        LeaderRequest {
            id: LeaderRequestId(1),
            org: trust(1),
            kind,
            role: LeaderRole::Ceo,
            days_per_week: DaysPerWeek::from_halves(10).unwrap(),
            from: Date::new(2027, 1, 1).unwrap(),
            to: Date::new(2027, 3, 1).unwrap(),
            description: "Our CEO has gone".into(),
            confidential,
        }
    }

    fn agreement(status: AgreementStatus, lending: bool, receiving: bool) -> Agreement {
        Agreement {
            id: PlacementId(1),
            lending: trust(2),
            receiving: trust(1),
            kind: PlacementKind::InterimLeadership,
            person: "Sam".into(),
            role: LeaderRole::Ceo,
            from: Date::new(2027, 1, 1).unwrap(),
            to: Date::new(2027, 3, 1).unwrap(),
            days_per_week: DaysPerWeek::from_halves(6).unwrap(),
            recharge: Recharge {
                terms: "At cost".into(),
                daily_rate_pence: Some(50_000),
            },
            lending_approval: None,
            receiving_approval: None,
            status,
            ended_on: None,
            review: None,
            lending_publishes: lending,
            receiving_publishes: receiving,
        }
    }

    fn views(request: &LeaderRequest) -> Vec<(&'static str, RequestView)> {
        everyone()
            .into_iter()
            .map(|(who, actor)| (who, request_view(&actor, request)))
            .collect()
    }

    #[test]
    fn a_confidential_crisis_request_is_seen_only_by_the_trust_asking() {
        use RequestView::{Details, Nothing};
        assert_eq!(
            views(&request(RequestKind::Crisis, true)),
            [
                ("requester", Details),
                ("lender", Nothing),
                ("outsider", Nothing),
                ("admin", Nothing),
                ("anonymous", Nothing)
            ]
        );
        assert_eq!(
            views(&request(RequestKind::Vacancy, true)),
            views(&request(RequestKind::Crisis, true))
        );
    }

    #[test]
    fn an_open_request_is_seen_by_anyone_signed_in() {
        use RequestView::{Details, Nothing};
        for kind in RequestKind::ALL {
            assert_eq!(
                views(&request(kind, false)),
                [
                    ("requester", Details),
                    ("lender", Details),
                    ("outsider", Details),
                    ("admin", Details),
                    ("anonymous", Nothing)
                ]
            );
        }
    }

    #[test]
    fn only_the_parties_see_an_agreements_terms_in_every_state() {
        for status in AgreementStatus::ALL {
            for (lending, receiving) in [(false, false), (true, false), (false, true), (true, true)]
            {
                let a = agreement(status, lending, receiving);
                for (who, actor) in everyone() {
                    let view = agreement_view(&actor, &a);
                    match who {
                        "requester" | "lender" => assert_eq!(view, AgreementView::Terms),
                        _ if status.is_finished() && lending && receiving => assert_eq!(
                            view,
                            AgreementView::Exists {
                                lending: trust(2),
                                receiving: trust(1)
                            },
                            "{who} {status:?}"
                        ),
                        _ => assert_eq!(view, AgreementView::Nothing, "{who} {status:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn an_unpublished_finished_placement_is_invisible_even_to_platform_administrators() {
        let admin = member_of(None, &[PlatformRole::Administrator]);
        let a = agreement(AgreementStatus::Reviewed, true, false);
        assert_eq!(agreement_view(&admin, &a), AgreementView::Nothing);
        let a = a.set_publication(Side::Receiving, true);
        assert_eq!(
            agreement_view(&admin, &a),
            AgreementView::Exists {
                lending: trust(2),
                receiving: trust(1)
            }
        );
        assert_eq!(
            serde_json::to_value(AgreementView::Nothing).unwrap(),
            serde_json::json!({"view": "nothing"})
        );
    }

    #[test]
    fn being_a_party_means_belonging_to_one_of_the_organisations() {
        assert!(is_party(
            &member_of(Some(trust(1)), &[]),
            &[trust(2), trust(1)]
        ));
        assert!(!is_party(
            &member_of(Some(trust(3)), &[]),
            &[trust(2), trust(1)]
        ));
        assert!(!is_party(&Actor::Anonymous, &[trust(1)]));
        assert!(!is_party(
            &member_of(None, &[PlatformRole::Administrator]),
            &[trust(1)]
        ));
    }
}
