//! The SQL form of the domain's `may_read`, written once for every confidential kind of
//! record (notes, needs, offers, collaborations, leaders on the placements register), so
//! each list, search, export and single read of any of them applies exactly the same rule.

use crate::organisations::org_name_on;
use crate::sql_filter::Filter;
use crate::value::Value;
use crate::StoreError;
use convene_domain::access::{ReadScope, Visibility};
use sqlx::AnyConnection;

/// Where a kind of record keeps its visibility.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shared {
    /// The record table's alias in the query (`n`).
    pub alias: &'static str,
    /// Its author column, if records have one.
    pub author: Option<&'static str>,
    /// The table listing the organisations a record is shared with.
    pub shares: &'static str,
    /// That table's column naming the record.
    pub record_column: &'static str,
}

/// Notes.
pub(crate) const NOTES: Shared = Shared {
    alias: "n",
    author: Some("author_id"),
    shares: "note_shares",
    record_column: "note_id",
};

/// Needs.
pub(crate) const NEEDS: Shared = Shared {
    alias: "n",
    author: Some("author_id"),
    shares: "need_shares",
    record_column: "need_id",
};

/// Offers.
pub(crate) const OFFERS: Shared = Shared {
    alias: "o",
    author: Some("author_id"),
    shares: "offer_shares",
    record_column: "offer_id",
};

/// Collaborations (no author: they belong to both parties).
pub(crate) const COLLABORATIONS: Shared = Shared {
    alias: "c",
    author: None,
    shares: "collaboration_shares",
    record_column: "collaboration_id",
};

/// Leaders on the placements register.
pub(crate) const PLACEMENT_LEADERS: Shared = Shared {
    alias: "l",
    author: Some("author_id"),
    shares: "placement_leader_shares",
    record_column: "leader_id",
};

/// Adds the visibility rule for `scope` to `filter`: a record is returned when it is
/// public; or members-only and someone is signed in; or written by them; or shared with an
/// organisation they are an approved member of.
pub(crate) fn visible_to(kind: Shared, scope: &ReadScope, filter: &mut Filter) {
    let a = kind.alias;
    let mut clause = format!("({a}.visibility = 'public'");
    let mut params = Vec::new();
    if let Some(person) = scope.person {
        clause.push_str(&format!(" OR {a}.visibility = 'members'"));
        if let Some(author) = kind.author {
            clause.push_str(&format!(" OR {a}.{author} = ?"));
            params.push(Value::Int(Some(person.0)));
        }
    }
    if !scope.organisations.is_empty() {
        let marks = vec!["?"; scope.organisations.len()].join(", ");
        clause.push_str(&format!(
            " OR ({a}.visibility = 'organisations' AND EXISTS (SELECT 1 FROM {shares} s \
             WHERE s.{column} = {a}.id AND s.org_key IN ({marks})))",
            shares = kind.shares,
            column = kind.record_column,
        ));
        params.extend(
            scope
                .organisations
                .iter()
                .map(|o| Value::Text(Some(o.key()))),
        );
    }
    clause.push(')');
    filter.push(&clause, params);
}

/// Records whom a record of `kind` is shared with, for the `organisations` level, inside
/// the caller's transaction, refusing organisations that do not exist.
pub(crate) async fn insert_shares(
    conn: &mut AnyConnection,
    kind: Shared,
    id: i64,
    visibility: &Visibility,
) -> Result<(), StoreError> {
    if let Visibility::Organisations(orgs) = visibility {
        for org in orgs {
            if org_name_on(conn, *org).await?.is_none() {
                return Err(StoreError::Refused(format!(
                    "There is no organisation {org}"
                )));
            }
            sqlx::query(&format!(
                "INSERT INTO {} ({}, org_key) VALUES ($1, $2)",
                kind.shares, kind.record_column
            ))
            .bind(id)
            .bind(org.key())
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
