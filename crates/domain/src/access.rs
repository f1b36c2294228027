//! Who may do what: the one policy every read and write goes through.
//!
//! Two questions are answered here and nowhere else:
//! - may this person use this address at all ([`Rule`] and [`decide`]), asked by the web
//!   layer for every route from one table;
//! - may this person see or change this record ([`may_read`], [`may_change`]), asked for
//!   every record, with [`ReadScope`] giving the store the same rule to filter lists by.
//!
//! Confidential means confidential: platform administrators run the service but are not
//! entitled to read records shared between named organisations or kept private.

use crate::account::PersonId;
use crate::party::OrgRef;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Roles across the whole platform, granted by a platform administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlatformRole {
    /// Runs the service: approves first claims, reads the outbox, grants roles.
    Administrator,
    /// Facilitates networks and cohorts across organisations, so may see who belongs where.
    Convener,
}

impl PlatformRole {
    /// Every platform role.
    pub const ALL: [PlatformRole; 2] = [PlatformRole::Administrator, PlatformRole::Convener];

    /// Stable key for storage and forms.
    pub fn key(self) -> &'static str {
        match self {
            PlatformRole::Administrator => "administrator",
            PlatformRole::Convener => "convener",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<PlatformRole> {
        PlatformRole::ALL
            .into_iter()
            .find(|r| r.key() == key.trim())
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            PlatformRole::Administrator => "Platform administrator",
            PlatformRole::Convener => "Convener",
        }
    }
}

/// A person's role within one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    /// Approves claims and manages roles for the organisation; sees its audit log.
    Administrator,
    /// Acts for the organisation.
    Member,
}

impl OrgRole {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            OrgRole::Administrator => "administrator",
            OrgRole::Member => "member",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<OrgRole> {
        match key.trim() {
            "administrator" => Some(OrgRole::Administrator),
            "member" => Some(OrgRole::Member),
            _ => None,
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            OrgRole::Administrator => "Organisation administrator",
            OrgRole::Member => "Member",
        }
    }
}

/// Where a claim to belong to an organisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    /// Waiting for an administrator.
    Pending,
    /// Approved: the person acts for the organisation.
    Approved,
    /// Turned down.
    Rejected,
}

impl MembershipStatus {
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            MembershipStatus::Pending => "pending",
            MembershipStatus::Approved => "approved",
            MembershipStatus::Rejected => "rejected",
        }
    }

    /// Reads a key.
    pub fn from_key(key: &str) -> Option<MembershipStatus> {
        match key.trim() {
            "pending" => Some(MembershipStatus::Pending),
            "approved" => Some(MembershipStatus::Approved),
            "rejected" => Some(MembershipStatus::Rejected),
            _ => None,
        }
    }

    /// Plain-English label.
    pub fn label(self) -> &'static str {
        match self {
            MembershipStatus::Pending => "Waiting for approval",
            MembershipStatus::Approved => "Approved",
            MembershipStatus::Rejected => "Not approved",
        }
    }
}

/// A signed-in person as the policy sees them: who, whether their address is verified, and
/// the roles they hold (approved memberships only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Viewer {
    /// Who.
    pub id: PersonId,
    /// Name, for the header.
    pub name: String,
    /// Whether they have proved they own their email address.
    pub email_verified: bool,
    /// Platform roles.
    pub platform_roles: BTreeSet<PlatformRole>,
    /// Organisations they are approved to act for, with their role in each.
    pub organisations: BTreeMap<OrgRef, OrgRole>,
}

impl Viewer {
    /// Whether they hold a platform role.
    pub fn has(&self, role: PlatformRole) -> bool {
        self.platform_roles.contains(&role)
    }

    /// Whether they are an approved member (any role) of `org`.
    pub fn belongs_to(&self, org: OrgRef) -> bool {
        self.organisations.contains_key(&org)
    }

    /// Whether they administer `org`.
    pub fn administers(&self, org: OrgRef) -> bool {
        self.organisations.get(&org) == Some(&OrgRole::Administrator)
    }
}

/// Whoever is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Not signed in.
    Anonymous,
    /// Signed in (by session cookie or API token).
    Person(Viewer),
}

impl Actor {
    /// The signed-in person, if any.
    pub fn viewer(&self) -> Option<&Viewer> {
        match self {
            Actor::Anonymous => None,
            Actor::Person(viewer) => Some(viewer),
        }
    }

    /// What the store may return to this actor from lists of records.
    pub fn read_scope(&self) -> ReadScope {
        match self {
            Actor::Anonymous => ReadScope {
                person: None,
                organisations: Vec::new(),
            },
            Actor::Person(viewer) => ReadScope {
                person: Some(viewer.id),
                organisations: viewer.organisations.keys().copied().collect(),
            },
        }
    }
}

/// Who may see a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "level", content = "organisations", rename_all = "snake_case")]
pub enum Visibility {
    /// Anyone, including the public.
    Public,
    /// Anyone signed in to Convene.
    Members,
    /// Approved members of the named organisations (for example the two trusts in a peer
    /// review), and the author.
    Organisations(BTreeSet<OrgRef>),
    /// The author alone.
    Private,
}

impl Visibility {
    /// Stable key of the level.
    pub fn level_key(&self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Members => "members",
            Visibility::Organisations(_) => "organisations",
            Visibility::Private => "private",
        }
    }

    /// Rebuilds a visibility from its level key and (for named organisations) the list.
    pub fn from_parts(level: &str, organisations: BTreeSet<OrgRef>) -> Option<Visibility> {
        match level.trim() {
            "public" => Some(Visibility::Public),
            "members" => Some(Visibility::Members),
            "organisations" => Some(Visibility::Organisations(organisations)),
            "private" => Some(Visibility::Private),
            _ => None,
        }
    }

    /// Plain-English description for record pages.
    pub fn describe(&self) -> &'static str {
        match self {
            Visibility::Public => "Public: anyone can see this",
            Visibility::Members => "Signed-in Convene members can see this",
            Visibility::Organisations(_) => "Confidential to the named organisations",
            Visibility::Private => "Private: only you can see this",
        }
    }

    /// Whether reading a record at this level must be written in the audit log.
    pub fn is_confidential(&self) -> bool {
        matches!(self, Visibility::Organisations(_) | Visibility::Private)
    }
}

/// The rule for lists, in the form a store turns into a query: a record is returned when
/// it is public; or members-only and `person` is set; or shared with one of
/// `organisations`; or written by `person`. [`may_read`] is the same rule for one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadScope {
    /// The signed-in person, if any.
    pub person: Option<PersonId>,
    /// Organisations they are approved members of.
    pub organisations: Vec<OrgRef>,
}

/// Whether `actor` may read a record by `author` at `visibility`.
pub fn may_read(actor: &Actor, author: Option<PersonId>, visibility: &Visibility) -> bool {
    let Some(viewer) = actor.viewer() else {
        return *visibility == Visibility::Public;
    };
    if author == Some(viewer.id) {
        return true;
    }
    match visibility {
        Visibility::Public | Visibility::Members => true,
        Visibility::Organisations(orgs) => orgs.iter().any(|org| viewer.belongs_to(*org)),
        Visibility::Private => false,
    }
}

/// Whether `actor` may change or delete a record by `author`: only its author.
pub fn may_change(actor: &Actor, author: Option<PersonId>) -> bool {
    matches!((actor.viewer(), author), (Some(viewer), Some(author)) if viewer.id == author)
}

/// Whether `actor` may share a record with `organisations`. Any organisation may be named
/// (a peer review is shared with the other trust), but the author must act for at least
/// one of them, so no one can pass confidential material between two bodies they are not
/// part of.
pub fn may_share_with(actor: &Actor, organisations: &BTreeSet<OrgRef>) -> bool {
    actor
        .viewer()
        .is_some_and(|viewer| organisations.iter().any(|org| viewer.belongs_to(*org)))
}

/// What an address requires of the person asking. Every route declares exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// Anyone, signed in or not.
    Anyone,
    /// Anyone signed in, verified or not (their own account pages).
    SignedIn,
    /// Signed in with a verified email address (anything that acts for an organisation).
    Verified,
    /// An approved member of the organisation in the address, a convener, or a platform
    /// administrator: who belongs to an organisation is visible to those who convene.
    OrgRosterViewer,
    /// An administrator of the organisation in the address; or a platform administrator
    /// while the organisation has no administrator yet (the first claim).
    OrgAdministrator,
    /// A platform administrator.
    PlatformAdministrator,
    /// A convener or a platform administrator: figures across every organisation.
    Convener,
    /// Anyone may ask; the record's own visibility decides ([`may_read`]), so a record
    /// someone may not see is answered exactly like one that does not exist.
    RecordVisibility,
}

/// What [`decide`] concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Sign in first.
    SignIn,
    /// Verify the email address first.
    VerifyEmail,
    /// Not allowed, whoever signs in as this person.
    Forbidden,
}

/// Facts about the address a rule may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RouteFacts {
    /// The organisation named in the address, if any.
    pub org: Option<OrgRef>,
    /// Whether that organisation has an approved administrator.
    pub org_has_administrator: bool,
}

/// Decides whether `actor` may use an address with `rule`.
pub fn decide(rule: Rule, actor: &Actor, facts: RouteFacts) -> Decision {
    if matches!(rule, Rule::Anyone | Rule::RecordVisibility) {
        return Decision::Allow;
    }
    let Some(viewer) = actor.viewer() else {
        return Decision::SignIn;
    };
    let admin = viewer.has(PlatformRole::Administrator);
    let allowed = match rule {
        Rule::Anyone | Rule::RecordVisibility | Rule::SignedIn => return Decision::Allow,
        Rule::Verified => true,
        Rule::PlatformAdministrator => admin,
        Rule::Convener => admin || viewer.has(PlatformRole::Convener),
        Rule::OrgRosterViewer => {
            admin
                || viewer.has(PlatformRole::Convener)
                || facts.org.is_some_and(|org| viewer.belongs_to(org))
        }
        Rule::OrgAdministrator => match facts.org {
            Some(org) => viewer.administers(org) || (admin && !facts.org_has_administrator),
            None => false,
        },
    };
    if !viewer.email_verified {
        return Decision::VerifyEmail;
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::GroupUid;

    const TRUST_A: OrgRef = OrgRef::Trust(GroupUid(1));
    const TRUST_B: OrgRef = OrgRef::Trust(GroupUid(2));

    fn person(id: i64, orgs: &[(OrgRef, OrgRole)], roles: &[PlatformRole]) -> Actor {
        Actor::Person(Viewer {
            id: PersonId(id),
            name: format!("Person {id}"),
            email_verified: true,
            platform_roles: roles.iter().copied().collect(),
            organisations: orgs.iter().copied().collect(),
        })
    }

    #[test]
    fn record_visibility_levels() {
        let anonymous = Actor::Anonymous;
        let author = person(1, &[(TRUST_A, OrgRole::Member)], &[]);
        let partner = person(2, &[(TRUST_B, OrgRole::Member)], &[]);
        let outsider = person(3, &[], &[]);
        let platform_admin = person(4, &[], &[PlatformRole::Administrator]);
        let shared = Visibility::Organisations([TRUST_A, TRUST_B].into());
        let cases = [
            (&Visibility::Public, [true, true, true, true, true]),
            (&Visibility::Members, [false, true, true, true, true]),
            (&shared, [false, true, true, false, false]),
            (&Visibility::Private, [false, true, false, false, false]),
        ];
        for (visibility, expected) in cases {
            let got: Vec<bool> = [&anonymous, &author, &partner, &outsider, &platform_admin]
                .into_iter()
                .map(|actor| may_read(actor, Some(PersonId(1)), visibility))
                .collect();
            assert_eq!(got, expected, "{visibility:?}");
        }
    }

    #[test]
    fn only_the_author_may_change_a_record() {
        let author = person(1, &[], &[]);
        let admin = person(4, &[], &[PlatformRole::Administrator]);
        assert!(may_change(&author, Some(PersonId(1))));
        assert!(!may_change(&admin, Some(PersonId(1))));
        assert!(!may_change(&Actor::Anonymous, Some(PersonId(1))));
        assert!(
            !may_change(&author, None),
            "a de-identified record has no author"
        );
    }

    #[test]
    fn sharing_needs_one_of_the_named_organisations_to_be_yours() {
        let member = person(1, &[(TRUST_A, OrgRole::Member)], &[]);
        assert!(may_share_with(&member, &[TRUST_A, TRUST_B].into()));
        assert!(!may_share_with(&member, &[TRUST_B].into()));
        assert!(!may_share_with(&member, &BTreeSet::new()));
    }

    #[test]
    fn route_rules() {
        let facts = RouteFacts {
            org: Some(TRUST_A),
            org_has_administrator: true,
        };
        let no_admin_yet = RouteFacts {
            org_has_administrator: false,
            ..facts
        };
        let anonymous = Actor::Anonymous;
        let mut unverified = person(9, &[], &[]);
        if let Actor::Person(v) = &mut unverified {
            v.email_verified = false;
        }
        let member = person(1, &[(TRUST_A, OrgRole::Member)], &[]);
        let org_admin = person(2, &[(TRUST_A, OrgRole::Administrator)], &[]);
        let other_admin = person(3, &[(TRUST_B, OrgRole::Administrator)], &[]);
        let convener = person(5, &[], &[PlatformRole::Convener]);
        let platform_admin = person(4, &[], &[PlatformRole::Administrator]);

        use Decision::*;
        assert_eq!(decide(Rule::Anyone, &anonymous, facts), Allow);
        assert_eq!(decide(Rule::SignedIn, &anonymous, facts), SignIn);
        assert_eq!(decide(Rule::SignedIn, &unverified, facts), Allow);
        assert_eq!(decide(Rule::Verified, &unverified, facts), VerifyEmail);
        assert_eq!(decide(Rule::Verified, &member, facts), Allow);
        assert_eq!(decide(Rule::OrgRosterViewer, &member, facts), Allow);
        assert_eq!(decide(Rule::OrgRosterViewer, &convener, facts), Allow);
        assert_eq!(
            decide(Rule::OrgRosterViewer, &other_admin, facts),
            Forbidden
        );
        assert_eq!(decide(Rule::OrgAdministrator, &org_admin, facts), Allow);
        assert_eq!(decide(Rule::OrgAdministrator, &member, facts), Forbidden);
        assert_eq!(
            decide(Rule::OrgAdministrator, &other_admin, facts),
            Forbidden
        );
        assert_eq!(
            decide(Rule::OrgAdministrator, &platform_admin, facts),
            Forbidden
        );
        assert_eq!(
            decide(Rule::OrgAdministrator, &platform_admin, no_admin_yet),
            Allow,
            "platform administrators approve the first claim"
        );
        assert_eq!(
            decide(Rule::PlatformAdministrator, &convener, facts),
            Forbidden
        );
        assert_eq!(
            decide(Rule::PlatformAdministrator, &platform_admin, facts),
            Allow
        );
        assert_eq!(decide(Rule::RecordVisibility, &anonymous, facts), Allow);
        assert_eq!(decide(Rule::Convener, &convener, facts), Allow);
        assert_eq!(decide(Rule::Convener, &platform_admin, facts), Allow);
        assert_eq!(decide(Rule::Convener, &org_admin, facts), Forbidden);
    }

    #[test]
    fn read_scope_lists_approved_organisations() {
        let member = person(1, &[(TRUST_A, OrgRole::Member)], &[]);
        assert_eq!(
            member.read_scope(),
            ReadScope {
                person: Some(PersonId(1)),
                organisations: vec![TRUST_A]
            }
        );
        assert_eq!(Actor::Anonymous.read_scope().person, None);
    }
}
