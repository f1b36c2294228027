//! The ties of the collaboration network, as far as a reader may see them: brokered
//! collaborations by their own visibility (the one SQL rule in `visibility_sql`),
//! members of published partnerships, peer reviews whose host published a summary, and
//! finished placements both organisations chose to show. A reader also sees the reviews
//! and placements of the organisations they act for. Nothing else is read: no findings,
//! no terms, no unpublished partnership.

use crate::row_read::{date_at, org_at};
use crate::sql_filter::Filter;
use crate::value::Value;
use crate::visibility_sql::{visible_to, COLLABORATIONS};
use crate::{Store, StoreError};
use convene_domain::access::ReadScope;
use convene_domain::evidence::network::{Tie, TieKind};
use convene_domain::party::OrgRef;
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// The day at the start of a stored date or UTC time, if it reads as one.
fn day_of(row: &AnyRow, column: &str) -> Result<Option<Date>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|t| t.get(..10).and_then(Date::parse)))
}

/// Adds "`public`, or one of the reader's organisations took part" to `filter`. `party`
/// writes the second half from the list of the reader's organisations, which it may name
/// exactly twice.
fn public_or_party(
    filter: &mut Filter,
    scope: &ReadScope,
    public: &str,
    party: impl Fn(&str) -> String,
) {
    if scope.organisations.is_empty() {
        filter.push(public, Vec::new());
        return;
    }
    let list = format!("({})", vec!["?"; scope.organisations.len()].join(", "));
    let keys: Vec<Value> = scope
        .organisations
        .iter()
        .map(|o| Value::Text(Some(o.key())))
        .collect();
    let mut params = keys.clone();
    params.extend(keys);
    filter.push(&format!("({public} OR {})", party(&list)), params);
}

impl Store {
    /// Every tie `scope` may see, of every kind.
    pub async fn network_ties(&self, scope: &ReadScope) -> Result<Vec<Tie>, StoreError> {
        let mut ties = self.collaboration_ties(scope).await?;
        ties.extend(self.partnership_ties().await?);
        ties.extend(self.review_ties(scope).await?);
        ties.extend(self.placement_ties(scope).await?);
        Ok(ties)
    }

    async fn collaboration_ties(&self, scope: &ReadScope) -> Result<Vec<Tie>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(COLLABORATIONS, scope, &mut where_);
        let sql = format!(
            "SELECT c.helper_key, c.helped_key, c.starts_on, c.ends_on, c.ended_at
             FROM collaborations c{}",
            where_.where_sql()
        );
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(Tie {
                    a: org_at(r, "helper_key")?,
                    b: org_at(r, "helped_key")?,
                    kind: TieKind::Collaboration,
                    from: date_at(r, "starts_on")?,
                    to: day_of(r, "ended_at")?.or(Some(date_at(r, "ends_on")?)),
                })
            })
            .collect()
    }

    /// Each pair of members of each published partnership, from when both had joined to
    /// when the first left.
    async fn partnership_ties(&self) -> Result<Vec<Tie>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.partnership_id, m.org_key, m.joined_at, m.left_at
             FROM partnership_members m JOIN partnerships p ON p.id = m.partnership_id
             WHERE p.published = 1 AND m.status IN ('joined', 'left') AND m.joined_at IS NOT NULL
             ORDER BY m.partnership_id, m.org_key",
        )
        .fetch_all(self.pool())
        .await?;
        let mut members: BTreeMap<i64, Vec<(OrgRef, Date, Option<Date>)>> = BTreeMap::new();
        for r in &rows {
            let Some(joined) = day_of(r, "joined_at")? else {
                continue;
            };
            members
                .entry(crate::get_i64(r, "partnership_id")?)
                .or_default()
                .push((org_at(r, "org_key")?, joined, day_of(r, "left_at")?));
        }
        let mut ties = Vec::new();
        for list in members.values() {
            for (i, (a, a_from, a_to)) in list.iter().enumerate() {
                for (b, b_from, b_to) in &list[i + 1..] {
                    let to = match (a_to, b_to) {
                        (Some(x), Some(y)) => Some(*x.min(y)),
                        (x, y) => x.or(*y),
                    };
                    ties.push(Tie {
                        a: *a,
                        b: *b,
                        kind: TieKind::Partnership,
                        from: *a_from.max(b_from),
                        to,
                    });
                }
            }
        }
        Ok(ties)
    }

    /// The host and each reviewing organisation of every finished review whose host
    /// published a summary, or that the reader's organisations took part in.
    async fn review_ties(&self, scope: &ReadScope) -> Result<Vec<Tie>, StoreError> {
        let mut where_ = Filter::default();
        where_.push(
            "r.status IN ('findings_shared', 'action_plan_agreed', 'progress_reviewed') \
             AND r.starts_on IS NOT NULL AND r.ends_on IS NOT NULL",
            Vec::new(),
        );
        public_or_party(&mut where_, scope, "r.summary IS NOT NULL", |list| {
            format!(
                "r.host_key IN {list} OR EXISTS (SELECT 1 FROM peer_review_team x \
                 WHERE x.review_id = r.id AND x.org_key IN {list})"
            )
        });
        let sql = format!(
            "SELECT DISTINCT r.id, r.host_key, t.org_key, r.starts_on, r.ends_on
             FROM peer_reviews r JOIN peer_review_team t ON t.review_id = r.id{}",
            where_.where_sql()
        );
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(Tie {
                    a: org_at(r, "host_key")?,
                    b: org_at(r, "org_key")?,
                    kind: TieKind::PeerReview,
                    from: date_at(r, "starts_on")?,
                    to: Some(date_at(r, "ends_on")?),
                })
            })
            .collect()
    }

    /// Finished placements both organisations chose to show, or that the reader's
    /// organisations were part of.
    async fn placement_ties(&self, scope: &ReadScope) -> Result<Vec<Tie>, StoreError> {
        let mut where_ = Filter::default();
        where_.push("a.status IN ('ended', 'reviewed')", Vec::new());
        public_or_party(
            &mut where_,
            scope,
            "(a.lending_publishes = 1 AND a.receiving_publishes = 1)",
            |list| format!("a.lending_key IN {list} OR a.receiving_key IN {list}"),
        );
        let sql = format!(
            "SELECT a.lending_key, a.receiving_key, a.starts_on, a.ends_on, a.ended_on
             FROM placement_agreements a{}",
            where_.where_sql()
        );
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        rows.iter()
            .map(|r| {
                Ok(Tie {
                    a: org_at(r, "lending_key")?,
                    b: org_at(r, "receiving_key")?,
                    kind: TieKind::Placement,
                    from: date_at(r, "starts_on")?,
                    to: day_of(r, "ended_on")?.or(Some(date_at(r, "ends_on")?)),
                })
            })
            .collect()
    }
}
