//! The audit log: what happened to accounts, roles and confidential records, and who did
//! it. Organisation administrators see their organisation's entries; platform
//! administrators see all.

use crate::account::PersonId;
use crate::party::OrgRef;
use serde::{Deserialize, Serialize};

/// Something worth recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// An account was created.
    SignedUp,
    /// A person signed in.
    SignedIn,
    /// A sign-in failed (wrong password or rate limited).
    SignInFailed,
    /// A person signed out.
    SignedOut,
    /// An email address was verified.
    EmailVerified,
    /// A password was reset by emailed link.
    PasswordReset,
    /// A person asked to join an organisation.
    MembershipClaimed,
    /// A claim was approved.
    MembershipApproved,
    /// A claim was turned down.
    MembershipRejected,
    /// A person's role in an organisation changed, or they were removed.
    OrgRoleChanged,
    /// A platform role was granted or withdrawn.
    PlatformRoleChanged,
    /// A confidential record was read.
    ConfidentialRecordRead,
    /// An API token was created.
    ApiTokenCreated,
    /// An API token was revoked.
    ApiTokenRevoked,
    /// A partner organisation was created.
    PartnerCreated,
    /// A person downloaded everything held about them.
    PersonalDataExported,
    /// A person deleted their account.
    AccountDeleted,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 17] = [
        AuditAction::SignedUp,
        AuditAction::SignedIn,
        AuditAction::SignInFailed,
        AuditAction::SignedOut,
        AuditAction::EmailVerified,
        AuditAction::PasswordReset,
        AuditAction::MembershipClaimed,
        AuditAction::MembershipApproved,
        AuditAction::MembershipRejected,
        AuditAction::OrgRoleChanged,
        AuditAction::PlatformRoleChanged,
        AuditAction::ConfidentialRecordRead,
        AuditAction::ApiTokenCreated,
        AuditAction::ApiTokenRevoked,
        AuditAction::PartnerCreated,
        AuditAction::PersonalDataExported,
        AuditAction::AccountDeleted,
    ];

    /// Stable key for storage.
    pub fn key(self) -> &'static str {
        match self {
            AuditAction::SignedUp => "signed_up",
            AuditAction::SignedIn => "signed_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignedOut => "signed_out",
            AuditAction::EmailVerified => "email_verified",
            AuditAction::PasswordReset => "password_reset",
            AuditAction::MembershipClaimed => "membership_claimed",
            AuditAction::MembershipApproved => "membership_approved",
            AuditAction::MembershipRejected => "membership_rejected",
            AuditAction::OrgRoleChanged => "org_role_changed",
            AuditAction::PlatformRoleChanged => "platform_role_changed",
            AuditAction::ConfidentialRecordRead => "confidential_record_read",
            AuditAction::ApiTokenCreated => "api_token_created",
            AuditAction::ApiTokenRevoked => "api_token_revoked",
            AuditAction::PartnerCreated => "partner_created",
            AuditAction::PersonalDataExported => "personal_data_exported",
            AuditAction::AccountDeleted => "account_deleted",
        }
    }

    /// Reads a stored key.
    pub fn from_key(key: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.key() == key)
    }

    /// Plain-English label for the log page.
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::SignedUp => "Created an account",
            AuditAction::SignedIn => "Signed in",
            AuditAction::SignInFailed => "Failed to sign in",
            AuditAction::SignedOut => "Signed out",
            AuditAction::EmailVerified => "Verified email address",
            AuditAction::PasswordReset => "Reset password",
            AuditAction::MembershipClaimed => "Asked to join",
            AuditAction::MembershipApproved => "Approved a member",
            AuditAction::MembershipRejected => "Turned down a claim",
            AuditAction::OrgRoleChanged => "Changed an organisation role",
            AuditAction::PlatformRoleChanged => "Changed a platform role",
            AuditAction::ConfidentialRecordRead => "Read a confidential record",
            AuditAction::ApiTokenCreated => "Created an API token",
            AuditAction::ApiTokenRevoked => "Revoked an API token",
            AuditAction::PartnerCreated => "Created a partner organisation",
            AuditAction::PersonalDataExported => "Downloaded their personal data",
            AuditAction::AccountDeleted => "Deleted an account",
        }
    }

    /// Whether the entry is about a person's own sign-in, which their organisations'
    /// administrators also see.
    pub fn is_sign_in(self) -> bool {
        matches!(
            self,
            AuditAction::SignedIn | AuditAction::SignInFailed | AuditAction::SignedOut
        )
    }
}

/// One thing to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Who did it, if known (none for a failed sign-in to an unknown address, or after
    /// the person deleted their account).
    pub actor: Option<PersonId>,
    /// What.
    pub action: AuditAction,
    /// The organisation it concerns, whose administrators will see it.
    pub organisation: Option<OrgRef>,
    /// What it was done to, in words that need no personal data: "note 14", "person 3
    /// made administrator".
    pub subject: String,
    /// The network address the request came from.
    pub address: Option<String>,
}

impl AuditEvent {
    /// Something a person did to their own account (signing in, verifying, resetting): the
    /// subject is the person, and no organisation is involved.
    pub fn personal(person: PersonId, action: AuditAction, address: Option<&str>) -> AuditEvent {
        AuditEvent {
            actor: Some(person),
            action,
            organisation: None,
            subject: format!("person {person}"),
            address: address.map(str::to_string),
        }
    }
}

/// A recorded event, as the log pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log.
    pub id: i64,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// The event.
    #[serde(flatten)]
    pub event: AuditEvent,
    /// The actor's name now, if they still have an account.
    pub actor_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        let mut keys = std::collections::BTreeSet::new();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_key(action.key()), Some(action));
            assert!(keys.insert(action.key()));
        }
    }
}
