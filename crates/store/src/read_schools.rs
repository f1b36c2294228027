//! Reading schools: search with filters and paging, and the school page.

use crate::columns::{group_from_row, opt_date, phase, region, school_from_row, status};
use crate::sql_filter::{like_escape, Filter};
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::organisation::EstablishmentLink;
use convene_domain::search::{limit_offset, Page, SchoolQuery, SearchTerm};
use convene_domain::summary::{Membership, SchoolDetail, SchoolSummary, TrustSummary};
use convene_domain::{GroupUid, Judgement, Urn};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The columns a [`SchoolSummary`] needs, over `schools s` joined to its trust.
pub(crate) const SUMMARY_SELECT: &str = "SELECT s.urn, s.name, s.status, s.phase, s.type_name, \
    s.la_code, s.la_name, s.region, s.town, s.postcode, s.pupils, s.fsm_percent, s.ofsted_overall, \
    s.ofsted_inspection_date, s.trust_uid, tg.name AS trust_name, tl.joined_date AS joined_trust \
    FROM schools s LEFT JOIN groups tg ON tg.uid = s.trust_uid \
    LEFT JOIN group_links tl ON tl.group_uid = s.trust_uid AND tl.urn = s.urn";

/// Reads a row selected with [`SUMMARY_SELECT`].
pub(crate) fn summary_from_row(row: &AnyRow) -> Result<SchoolSummary, StoreError> {
    Ok(SchoolSummary {
        urn: Urn(get_i64(row, "urn")?),
        name: row.try_get("name")?,
        status: status(row, "status")?,
        phase: phase(row, "phase")?,
        type_name: row.try_get("type_name")?,
        la_code: row.try_get("la_code")?,
        la_name: row.try_get("la_name")?,
        region: region(row, "region")?,
        town: row.try_get("town")?,
        postcode: row.try_get("postcode")?,
        pupils: row.try_get("pupils")?,
        fsm_percent: row.try_get("fsm_percent")?,
        ofsted_overall: row
            .try_get::<Option<i64>, _>("ofsted_overall")?
            .and_then(Judgement::from_grade),
        ofsted_inspection_date: opt_date(row, "ofsted_inspection_date")?,
        trust_uid: row.try_get::<Option<i64>, _>("trust_uid")?.map(GroupUid),
        trust_name: row.try_get("trust_name")?,
        joined_trust: opt_date(row, "joined_trust")?,
    })
}

/// Builds the WHERE clause for a school search.
fn school_filter(query: &SchoolQuery) -> Filter {
    let mut f = Filter::default();
    match SearchTerm::interpret(&query.text) {
        SearchTerm::Empty => {}
        SearchTerm::Number(n) => f.push(
            "(s.urn = ? OR s.laestab = ?)",
            vec![Value::Int(Some(n)), Value::Int(Some(n))],
        ),
        SearchTerm::GroupId(id) => f.push(
            "s.trust_uid IN (SELECT uid FROM groups WHERE group_id = ?)",
            vec![Value::Text(Some(id))],
        ),
        SearchTerm::Postcode(code) => {
            let pattern = if code.contains(' ') {
                format!("{}%", like_escape(&code))
            } else {
                format!("{} %", like_escape(&code))
            };
            f.push(
                "s.postcode LIKE ? ESCAPE '\\'",
                vec![Value::Text(Some(pattern))],
            );
        }
        SearchTerm::Text(text) => {
            for word in text.split_whitespace() {
                f.push(
                    "s.search_text LIKE ? ESCAPE '\\'",
                    vec![Value::Text(Some(format!("%{}%", like_escape(word))))],
                );
            }
        }
    }
    if let Some(p) = query.phase {
        f.push("s.phase = ?", vec![Value::Text(Some(p.key().into()))]);
    }
    if let Some(t) = &query.type_name {
        f.push("s.type_name = ?", vec![Value::Text(Some(t.clone()))]);
    }
    if let Some(j) = query.judgement {
        f.push("s.ofsted_overall = ?", vec![Value::Int(Some(j.grade()))]);
    }
    if let Some(r) = query.region {
        f.push("s.region = ?", vec![Value::Text(Some(r.slug().into()))]);
    }
    if let Some(la) = query.la_code {
        f.push("s.la_code = ?", vec![Value::Int(Some(la))]);
    }
    if !query.include_closed {
        f.push("s.status <> 'closed'", vec![]);
    }
    f
}

/// The search's order: names starting with the search text first, then by name and URN.
/// Returns the `ORDER BY` clause and the parameter it adds after the filter's.
fn school_order(query: &SchoolQuery, filter: &Filter) -> (String, Vec<Value>) {
    let mut extra = Vec::new();
    let mut order = String::from(" ORDER BY ");
    if let SearchTerm::Text(text) = SearchTerm::interpret(&query.text) {
        order.push_str(&format!(
            "CASE WHEN s.search_text LIKE ${} ESCAPE '\\' THEN 0 ELSE 1 END, ",
            filter.next_param()
        ));
        extra.push(Value::Text(Some(format!("{}%", like_escape(&text)))));
    }
    order.push_str("s.name, s.urn");
    (order, extra)
}

impl Store {
    /// Searches schools by name, URN, LAESTAB, trust Group ID, postcode or local authority,
    /// with filters and paging. Names starting with the search text come first.
    pub async fn search_schools(
        &self,
        query: &SchoolQuery,
    ) -> Result<Page<SchoolSummary>, StoreError> {
        let filter = school_filter(query);
        let (limit, offset) = limit_offset(query.page, query.per_page);
        let count_sql = format!("SELECT COUNT(*) AS n FROM schools s{}", filter.where_sql());
        let total = get_i64(
            &filter.fetch_all(self.pool(), &count_sql, vec![]).await?[0],
            "n",
        )?;
        let (order, mut extra) = school_order(query, &filter);
        let n = filter.next_param() + extra.len();
        // Two steps: choose the page's URNs from the narrow search index, then read just
        // those schools' summaries.
        let sql = format!(
            "SELECT s.urn FROM schools s{}{order} LIMIT ${n} OFFSET ${}",
            filter.where_sql(),
            n + 1
        );
        extra.push(Value::Int(Some(i64::from(limit))));
        extra.push(Value::Int(Some(i64::from(offset))));
        let urns: Vec<i64> = filter
            .fetch_all(self.pool(), &sql, extra)
            .await?
            .iter()
            .map(|r| get_i64(r, "urn"))
            .collect::<Result<_, _>>()?;
        let mut rows = Vec::new();
        if !urns.is_empty() {
            let marks: Vec<String> = (1..=urns.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{SUMMARY_SELECT} WHERE s.urn IN ({})", marks.join(", "));
            let mut query = sqlx::query(&sql);
            for urn in &urns {
                query = query.bind(*urn);
            }
            rows = query.fetch_all(self.pool()).await?;
            rows.sort_by_key(|r| urns.iter().position(|u| get_i64(r, "urn").ok() == Some(*u)));
        }
        Ok(Page {
            items: rows
                .iter()
                .map(summary_from_row)
                .collect::<Result<_, _>>()?,
            total: total.max(0) as u64,
            page: query.page.max(1),
            per_page: limit,
        })
    }

    /// Everything about one school, or `None` for an unknown URN.
    pub async fn school(&self, urn: Urn) -> Result<Option<SchoolDetail>, StoreError> {
        let Some(row) = sqlx::query("SELECT * FROM schools WHERE urn = $1")
            .bind(urn.0)
            .fetch_optional(self.pool())
            .await?
        else {
            return Ok(None);
        };
        let school = school_from_row(&row)?;
        let membership_rows = sqlx::query(
            "SELECT gl.joined_date AS link_joined, gl.left_date AS link_left, g.*
             FROM group_links gl JOIN groups g ON g.uid = gl.group_uid WHERE gl.urn = $1",
        )
        .bind(urn.0)
        .fetch_all(self.pool())
        .await?;
        let mut memberships = membership_rows
            .iter()
            .map(|row| {
                Ok(Membership {
                    group: trust_summary_from_row(row)?,
                    joined_date: opt_date(row, "link_joined")?,
                    left_date: opt_date(row, "link_left")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        memberships.sort_by_key(|m| {
            (
                m.left_date.is_some(),
                !m.group.kind.is_academy_trust(),
                m.joined_date.map(std::cmp::Reverse),
            )
        });
        let links = sqlx::query("SELECT * FROM establishment_links WHERE urn = $1 ORDER BY established_date, linked_urn")
            .bind(urn.0)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| {
                Ok(EstablishmentLink {
                    urn: Urn(get_i64(row, "urn")?),
                    linked_urn: Urn(get_i64(row, "linked_urn")?),
                    linked_name: row.try_get("linked_name")?,
                    link_type: row.try_get("link_type")?,
                    established_date: opt_date(row, "established_date")?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(SchoolDetail {
            school,
            memberships,
            links,
        }))
    }

    /// The establishment types present, for the type filter.
    pub async fn school_types(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT type_name FROM schools WHERE type_name <> '' ORDER BY type_name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| Ok(r.try_get("type_name")?)).collect()
    }
}

/// Reads a `groups g` row with its derived counts of open schools and pupils.
pub(crate) fn trust_summary_from_row(row: &AnyRow) -> Result<TrustSummary, StoreError> {
    let group = group_from_row(row)?;
    Ok(TrustSummary {
        uid: group.uid,
        group_id: group.group_id,
        name: group.name,
        kind: group.kind,
        status: group.status,
        companies_house_number: group.companies_house_number,
        schools: get_i64(row, "open_schools")?.max(0) as u64,
        pupils: get_i64(row, "open_pupils")?.max(0) as u64,
    })
}
