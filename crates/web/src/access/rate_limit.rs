//! Sign-in rate limits, counted in the database so every `convene serve` process shares
//! them. Per account they stop password guessing against one person; per address they
//! stop one machine trying many accounts.

/// Failed attempts allowed per account within the window.
pub(crate) const PER_ACCOUNT: i64 = 5;
/// Failed attempts allowed per network address within the window.
pub(crate) const PER_ADDRESS: i64 = 20;
/// The window, in seconds.
pub(crate) const WINDOW_SECONDS: i64 = 15 * 60;

/// What people are told when a limit is reached.
pub(crate) const MESSAGE: &str = "You have tried to sign in too many times. Wait 15 minutes, \
     then try again, or reset your password.";

/// The scope counting failures for an account.
pub(crate) fn account_scope(email: &str) -> String {
    format!("account:{email}")
}

/// The scope counting failures from an address.
pub(crate) fn address_scope(address: &str) -> String {
    format!("address:{address}")
}
