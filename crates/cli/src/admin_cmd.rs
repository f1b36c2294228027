//! `convene admin`: bootstrapping a fresh install (the first administrator) and reading the
//! email outbox from the command line.

use crate::cli_error::CliError;
use crate::serve_cmd::open_migrated;
use convene_domain::access::PlatformRole;
use convene_domain::account::{check_new_password, tidy, Email};
use convene_store::{NewAccount, StoreError};
use std::collections::BTreeSet;
use std::io::BufRead;

/// Who to create.
pub struct NewUser {
    /// Sign-in address.
    pub email: String,
    /// Full name.
    pub name: String,
    /// Make them a platform administrator.
    pub admin: bool,
    /// Make them a convener.
    pub convener: bool,
    /// The password, if given by environment variable; otherwise read from standard input.
    pub password: Option<String>,
}

/// Creates an account whose address counts as verified (the operator vouches for it).
pub async fn create_user(database: &str, user: NewUser) -> Result<(), CliError> {
    let email = Email::parse(&user.email).map_err(CliError::Usage)?;
    let name = tidy(&user.name);
    if name.is_empty() {
        return Err(CliError::Usage("give the person's name with --name".into()));
    }
    let password = match user.password {
        Some(password) => password,
        None => {
            eprintln!("Password for {email} (then press Enter):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| CliError::Io(format!("cannot read the password: {e}")))?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    check_new_password(&password, &email).map_err(CliError::Usage)?;
    let hash =
        convene_credentials::hash_password(&password).map_err(|e| CliError::Io(e.to_string()))?;
    let mut platform_roles = BTreeSet::new();
    if user.admin {
        platform_roles.insert(PlatformRole::Administrator);
    }
    if user.convener {
        platform_roles.insert(PlatformRole::Convener);
    }
    let store = open_migrated(database).await?;
    let account = NewAccount {
        email: email.clone(),
        password_hash: hash,
        name,
        verified: true,
        platform_roles: platform_roles.clone(),
    };
    match store.create_account(&account, None, None).await {
        Ok(id) => {
            let roles: Vec<&str> = platform_roles.iter().map(|r| r.label()).collect();
            eprintln!(
                "Created account {id} for {email}{}.",
                if roles.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", roles.join(", "))
                }
            );
            Ok(())
        }
        Err(StoreError::Refused(message)) => Err(CliError::Usage(message)),
        Err(e) => Err(e.into()),
    }
}

/// Prints the newest emails in the outbox, for installs without SMTP.
pub async fn outbox(database: &str, limit: usize) -> Result<(), CliError> {
    let store = open_migrated(database).await?;
    let emails = store.outbox(None, limit).await?;
    if emails.is_empty() {
        eprintln!("The outbox is empty.");
    }
    for email in emails.iter().rev() {
        println!("--- email {} written {} ---", email.id, email.created_at);
        println!("To: {}", email.message.to);
        println!("Subject: {}", email.message.subject);
        println!(
            "Delivered: {}",
            email
                .sent_at
                .as_deref()
                .unwrap_or("no (read it here or in the app)")
        );
        println!();
        println!("{}", email.message.body);
    }
    Ok(())
}
