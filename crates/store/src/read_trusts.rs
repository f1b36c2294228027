//! Reading trusts: search and the trust page.

use crate::columns::group_from_row;
use crate::read_schools::{summary_from_row, trust_summary_from_row, SUMMARY_SELECT};
use crate::sql_filter::{like_escape, Filter};
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::organisation::GroupKind;
use convene_domain::search::{limit_offset, normalise_postcode, Page, SearchTerm, TrustQuery};
use convene_domain::summary::{TrustDetail, TrustHeadline, TrustSummary};
use convene_domain::GroupUid;

fn trust_filter(query: &TrustQuery) -> Filter {
    let mut f = Filter::default();
    match query.kind {
        Some(kind) => f.push("g.kind = ?", vec![Value::Text(Some(kind.key().into()))]),
        None => f.push(
            "g.kind IN (?, ?)",
            vec![
                Value::Text(Some(GroupKind::MultiAcademyTrust.key().into())),
                Value::Text(Some(GroupKind::SingleAcademyTrust.key().into())),
            ],
        ),
    }
    match SearchTerm::interpret(&query.text) {
        SearchTerm::Empty => {}
        SearchTerm::Number(n) => f.push(
            "(g.uid = ? OR g.companies_house_number = ? OR g.companies_house_number = ?)",
            vec![
                Value::Int(Some(n)),
                Value::Text(Some(n.to_string())),
                Value::Text(Some(format!("{n:08}"))),
            ],
        ),
        SearchTerm::GroupId(id) => f.push("g.group_id = ?", vec![Value::Text(Some(id))]),
        SearchTerm::Postcode(code) => {
            let code = if code.contains(' ') {
                normalise_postcode(&code)
            } else {
                code
            };
            let pattern = if code.contains(' ') {
                format!("{}%", like_escape(&code))
            } else {
                format!("{} %", like_escape(&code))
            };
            f.push(
                "g.postcode LIKE ? ESCAPE '\\'",
                vec![Value::Text(Some(pattern))],
            );
        }
        SearchTerm::Text(text) => {
            for word in text.split_whitespace() {
                f.push(
                    "g.search_text LIKE ? ESCAPE '\\'",
                    vec![Value::Text(Some(format!("%{}%", like_escape(word))))],
                );
            }
        }
    }
    if let Some(r) = query.region {
        f.push(
            "EXISTS (SELECT 1 FROM schools r JOIN group_links rl ON rl.urn = r.urn \
             WHERE rl.group_uid = g.uid AND rl.left_date IS NULL AND r.region = ?)",
            vec![Value::Text(Some(r.slug().into()))],
        );
    }
    if !query.include_closed {
        f.push("g.status <> 'closed'", vec![]);
    }
    f
}

/// The search's order: names starting with the search text first, then the largest trusts.
/// Returns the `ORDER BY` clause and the parameter it adds after the filter's.
fn trust_order(query: &TrustQuery, filter: &Filter) -> (String, Vec<Value>) {
    match SearchTerm::interpret(&query.text) {
        SearchTerm::Text(text) => (
            format!(
                " ORDER BY CASE WHEN g.search_text LIKE ${} ESCAPE '\\' THEN 0 ELSE 1 END, g.open_schools DESC, g.name",
                filter.next_param()
            ),
            vec![Value::Text(Some(format!("{}%", like_escape(&text))))],
        ),
        _ => (" ORDER BY g.open_schools DESC, g.name".to_string(), Vec::new()),
    }
}

impl Store {
    /// Searches academy trusts (or another kind of group) by name, Group UID, TR id,
    /// Companies House number or postcode. With no text, the largest trusts come first.
    pub async fn search_trusts(
        &self,
        query: &TrustQuery,
    ) -> Result<Page<TrustSummary>, StoreError> {
        let filter = trust_filter(query);
        let (limit, offset) = limit_offset(query.page, query.per_page);
        let count_sql = format!("SELECT COUNT(*) AS n FROM groups g{}", filter.where_sql());
        let total = get_i64(
            &filter.fetch_all(self.pool(), &count_sql, vec![]).await?[0],
            "n",
        )?;
        let (order, mut extra) = trust_order(query, &filter);
        let n = filter.next_param() + extra.len();
        let sql = format!(
            "SELECT g.* FROM groups g{}{order} LIMIT ${n} OFFSET ${}",
            filter.where_sql(),
            n + 1
        );
        extra.push(Value::Int(Some(i64::from(limit))));
        extra.push(Value::Int(Some(i64::from(offset))));
        let rows = filter.fetch_all(self.pool(), &sql, extra).await?;
        Ok(Page {
            items: rows
                .iter()
                .map(trust_summary_from_row)
                .collect::<Result<_, _>>()?,
            total: total.max(0) as u64,
            page: query.page.max(1),
            per_page: limit,
        })
    }

    /// A trust (or other group) with its current schools and headline figures, or `None`
    /// for an unknown Group UID.
    pub async fn trust(&self, uid: GroupUid) -> Result<Option<TrustDetail>, StoreError> {
        let Some(row) = sqlx::query("SELECT * FROM groups WHERE uid = $1")
            .bind(uid.0)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let group = group_from_row(&row)?;
        let rows = sqlx::query(&format!(
            "{SUMMARY_SELECT} JOIN group_links m ON m.urn = s.urn
             WHERE m.group_uid = $1 AND m.left_date IS NULL ORDER BY s.name, s.urn"
        ))
        .bind(uid.0)
        .fetch_all(self.pool())
        .await?;
        let schools: Vec<_> = rows
            .iter()
            .map(summary_from_row)
            .collect::<Result<_, _>>()?;
        Ok(Some(TrustDetail {
            headline: TrustHeadline::from_members(&schools),
            group,
            schools,
        }))
    }

    /// Finds a group's UID from its Group ID (`TR01904`), so old links and IDs resolve.
    pub async fn group_uid_for_id(&self, group_id: &str) -> Result<Option<GroupUid>, StoreError> {
        let row = sqlx::query("SELECT uid FROM groups WHERE group_id = $1")
            .bind(group_id.to_ascii_uppercase())
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok(GroupUid(get_i64(&r, "uid")?))).transpose()
    }
}
