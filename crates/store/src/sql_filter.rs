//! A small builder for WHERE clauses with numbered parameters, so dynamic filters stay
//! injection-free and identical on both backends.

use crate::value::Value;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::Any;

/// Conditions joined with AND, and their parameters.
#[derive(Default, Clone)]
pub(crate) struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    /// Adds a condition whose `?` marks are replaced, in order, by the given parameters.
    pub(crate) fn push(&mut self, clause: &str, params: Vec<Value>) {
        let mut numbered = String::with_capacity(clause.len() + 8);
        let mut next = self.params.len();
        for ch in clause.chars() {
            if ch == '?' {
                next += 1;
                numbered.push('$');
                numbered.push_str(&next.to_string());
            } else {
                numbered.push(ch);
            }
        }
        self.clauses.push(numbered);
        self.params.extend(params);
    }

    /// ` WHERE a AND b`, or nothing.
    pub(crate) fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// The next free parameter number, for clauses written after the filter (LIMIT, ORDER BY).
    pub(crate) fn next_param(&self) -> usize {
        self.params.len() + 1
    }

    /// Binds the filter's parameters to a query.
    pub(crate) fn bind<'q>(
        &self,
        mut query: Query<'q, Any, AnyArguments<'q>>,
    ) -> Query<'q, Any, AnyArguments<'q>> {
        for p in &self.params {
            query = p.bind(query);
        }
        query
    }

    /// Runs `sql` (which must use this filter's parameters first) and returns all rows.
    pub(crate) async fn fetch_all(
        &self,
        pool: &sqlx::AnyPool,
        sql: &str,
        extra: Vec<Value>,
    ) -> Result<Vec<AnyRow>, sqlx::Error> {
        let mut query = self.bind(sqlx::query(sql));
        for p in &extra {
            query = p.bind(query);
        }
        query.fetch_all(pool).await
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub(crate) fn like_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parameters_across_clauses() {
        let mut f = Filter::default();
        f.push("a = ?", vec![Value::Int(Some(1))]);
        f.push(
            "(b = ? OR c = ?)",
            vec![Value::Int(Some(2)), Value::Int(Some(3))],
        );
        assert_eq!(f.where_sql(), " WHERE a = $1 AND (b = $2 OR c = $3)");
        assert_eq!(f.next_param(), 4);
    }

    #[test]
    fn escapes_like_wildcards() {
        assert_eq!(like_escape("100%_a\\b"), "100\\%\\_a\\\\b");
    }
}
