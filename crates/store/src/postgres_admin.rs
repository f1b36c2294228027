//! Creating and dropping whole PostgreSQL databases, for tests and benchmarks that need a
//! fresh database per run on a shared server.

use crate::StoreError;
use sqlx::Connection;

/// Replaces the database name in a postgres:// URL.
pub fn with_database(server_url: &str, database: &str) -> String {
    let (base, query) = server_url
        .split_once('?')
        .map_or((server_url, None), |(b, q)| (b, Some(q)));
    let base = match base.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('/') {
            Some((host, _)) => format!("{scheme}://{host}"),
            None => base.to_string(),
        },
        None => base
            .split_once('/')
            .map_or(base, |(host, _)| host)
            .to_string(),
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// Checks a database name is a plain identifier (it is spliced into SQL) and connects to the
/// server's maintenance database.
async fn admin_connection(
    server_url: &str,
    database: &str,
) -> Result<sqlx::AnyConnection, StoreError> {
    if !database
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(StoreError::Corrupt(format!(
            "unsafe database name {database:?}"
        )));
    }
    sqlx::any::install_default_drivers();
    sqlx::AnyConnection::connect(server_url)
        .await
        .map_err(|e| StoreError::Connect {
            location: crate::redact(server_url),
            reason: e.to_string(),
        })
}

/// Creates an empty database named `database` on the server and returns its URL. The name
/// must be a plain identifier (letters, digits, underscores).
pub async fn create_postgres_database(
    server_url: &str,
    database: &str,
) -> Result<String, StoreError> {
    let mut conn = admin_connection(server_url, database).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&mut conn)
        .await?;
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(with_database(server_url, database))
}

/// Drops a database created by [`create_postgres_database`], disconnecting its users.
pub async fn drop_postgres_database(server_url: &str, database: &str) -> Result<(), StoreError> {
    let mut conn = admin_connection(server_url, database).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .execute(&mut conn)
        .await?;
    conn.close().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_the_database_name() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
        assert_eq!(
            with_database("postgres://h/db?sslmode=disable", "t1"),
            "postgres://h/t1?sslmode=disable"
        );
    }
}
