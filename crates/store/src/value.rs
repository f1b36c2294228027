//! Typed SQL values, so rows can be built, compared and bound generically.
//!
//! Nulls carry their type: PostgreSQL rejects an untyped (or wrongly typed) NULL in a TEXT
//! column, so `Text(None)` and `Int(None)` must stay distinct.

use crate::StoreError;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

/// A value for one column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

/// The SQL type of a column, used to read existing values back for comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnType {
    Int,
    Real,
    Text,
}

impl Value {
    /// Binds the value as the next parameter.
    pub(crate) fn bind<'q>(
        &self,
        query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        match self {
            Value::Int(v) => query.bind(*v),
            Value::Real(Some(v)) => query.bind(*v),
            // sqlx 0.8's Any driver swaps the null types of f32 and f64, so a NULL bound as
            // f64 reaches PostgreSQL as FLOAT4 and poisons the cached statement for later
            // non-null FLOAT8 values. Binding the f32 null yields the FLOAT8 null we mean.
            Value::Real(None) => query.bind(None::<f32>),
            Value::Text(v) => query.bind(v.clone()),
        }
    }

    /// Reads a column of the given type from a row.
    pub(crate) fn read(row: &AnyRow, column: &str, kind: ColumnType) -> Result<Value, StoreError> {
        Ok(match kind {
            ColumnType::Int => Value::Int(row.try_get::<Option<i64>, _>(column)?),
            ColumnType::Real => Value::Real(row.try_get::<Option<f64>, _>(column)?),
            ColumnType::Text => Value::Text(row.try_get::<Option<String>, _>(column)?),
        })
    }

    /// Whether two values are the same for change detection (floats compared to 1e-9, so a
    /// value that round-tripped through the database counts as unchanged).
    pub(crate) fn same_as(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Real(Some(a)), Value::Real(Some(b))) => (a - b).abs() < 1e-9,
            _ => self == other,
        }
    }
}

/// Builds `($1, $2, ...), ($n+1, ...)` placeholders for a multi-row insert, or plain `?`
/// marks when `numbered` is false: SQLite resolves each named `$N` by a linear search, which
/// makes a 20,000-parameter statement quadratic to prepare, while `?` is positional.
pub(crate) fn placeholders(rows: usize, columns: usize, numbered: bool) -> String {
    let mut sql = String::with_capacity(rows * columns * 5);
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            if numbered {
                sql.push('$');
                sql.push_str(&(r * columns + c + 1).to_string());
            } else {
                sql.push('?');
            }
        }
        sql.push(')');
    }
    sql
}

/// Inserts many rows in as few statements as the backends' parameter limits allow.
pub(crate) async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[Vec<Value>],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let numbered = conn.backend_name() != "SQLite";
    let per_statement = (30_000 / columns.len()).clamp(1, 500);
    for chunk in rows.chunks(per_statement) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            placeholders(chunk.len(), columns.len(), numbered)
        );
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for value in row {
                query = value.bind(query);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Updates the given columns of one row identified by key columns.
pub(crate) async fn update_row(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &[&str],
    values: &[Value],
    keys: &[(&str, Value)],
) -> Result<(), StoreError> {
    let mut sql = format!("UPDATE {table} SET ");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!("{column} = ${}", i + 1));
    }
    for (i, (key, _)) in keys.iter().enumerate() {
        sql.push_str(if i == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!("{key} = ${}", columns.len() + i + 1));
    }
    let mut query = sqlx::query(&sql);
    for value in values {
        query = value.bind(query);
    }
    for (_, value) in keys {
        query = value.bind(query);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_across_rows() {
        assert_eq!(placeholders(2, 3, true), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(1, 2, false), "(?, ?)");
    }

    #[test]
    fn floats_that_round_trip_are_the_same() {
        assert!(Value::Real(Some(18.1)).same_as(&Value::Real(Some(18.100000000001))));
        assert!(!Value::Real(Some(18.1)).same_as(&Value::Real(None)));
        assert!(!Value::Text(None).same_as(&Value::Int(None)));
    }
}
