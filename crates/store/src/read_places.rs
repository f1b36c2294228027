//! Reading places: local authorities and regions, with the schools and trusts in them.

use crate::sql_filter::Filter;
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::organisation::GroupKind;
use convene_domain::place::{LocalAuthority, Region};
use convene_domain::summary::{AreaDetail, AreaSummary, Tally, TrustInArea};
use convene_domain::{GroupUid, Judgement};
use sqlx::Row;

/// Which area a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// One local authority, by DfE code.
    LocalAuthority(i64),
    /// One region.
    Region(Region),
}

impl Area {
    fn filter(self) -> Filter {
        let mut f = Filter::default();
        match self {
            Area::LocalAuthority(code) => f.push("s.la_code = ?", vec![Value::Int(Some(code))]),
            Area::Region(r) => f.push("s.region = ?", vec![Value::Text(Some(r.slug().into()))]),
        }
        f.push("s.status <> 'closed'", vec![]);
        f
    }
}

fn la_from_row(row: &sqlx::any::AnyRow) -> Result<LocalAuthority, StoreError> {
    Ok(LocalAuthority {
        code: get_i64(row, "code")?,
        gss_code: row.try_get("gss_code")?,
        name: row.try_get("name")?,
        region: row
            .try_get::<Option<String>, _>("region")?
            .and_then(|s| Region::from_slug(&s)),
    })
}

impl Store {
    /// Every local authority with its open schools and how many are in trusts, optionally
    /// only those in one region.
    pub async fn local_authorities(
        &self,
        region: Option<Region>,
    ) -> Result<Vec<AreaSummary>, StoreError> {
        let mut f = Filter::default();
        if let Some(r) = region {
            f.push("la.region = ?", vec![Value::Text(Some(r.slug().into()))]);
        }
        let sql = format!(
            "SELECT la.code, la.gss_code, la.name, la.region, COUNT(s.urn) AS schools, COUNT(s.trust_uid) AS in_trusts
             FROM local_authorities la LEFT JOIN schools s ON s.la_code = la.code AND s.status <> 'closed'{}
             GROUP BY la.code, la.gss_code, la.name, la.region ORDER BY la.name",
            f.where_sql()
        );
        let rows = f.fetch_all(self.pool(), &sql, vec![]).await?;
        rows.iter()
            .map(|row| {
                Ok(AreaSummary {
                    local_authority: la_from_row(row)?,
                    schools: get_i64(row, "schools")?.max(0) as u64,
                    in_trusts: get_i64(row, "in_trusts")?.max(0) as u64,
                })
            })
            .collect()
    }

    /// One local authority, or `None` for an unknown code.
    pub async fn local_authority(&self, code: i64) -> Result<Option<LocalAuthority>, StoreError> {
        let row = sqlx::query("SELECT * FROM local_authorities WHERE code = $1")
            .bind(code)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| la_from_row(&r)).transpose()
    }

    /// The figures, trusts and judgements for an area's open schools.
    pub async fn area(&self, area: Area) -> Result<AreaDetail, StoreError> {
        let f = area.filter();
        let where_sql = f.where_sql();
        let totals = &f
            .fetch_all(
                self.pool(),
                &format!(
                    "SELECT COUNT(*) AS schools, CAST(COALESCE(SUM(s.pupils), 0) AS BIGINT) AS pupils,
                     COUNT(s.trust_uid) AS in_trusts FROM schools s{where_sql}"
                ),
                vec![],
            )
            .await?[0];
        let trust_rows = f
            .fetch_all(
                self.pool(),
                &format!(
                    "SELECT g.uid, g.name, g.kind, COUNT(*) AS here,
                     g.open_schools AS in_all
                     FROM schools s JOIN groups g ON g.uid = s.trust_uid{where_sql}
                     GROUP BY g.uid, g.name, g.kind, g.open_schools ORDER BY here DESC, g.name"
                ),
                vec![],
            )
            .await?;
        let trusts = trust_rows
            .iter()
            .map(|row| {
                let kind: String = row.try_get("kind")?;
                Ok(TrustInArea {
                    uid: GroupUid(get_i64(row, "uid")?),
                    name: row.try_get("name")?,
                    kind: GroupKind::from_key(&kind),
                    schools_here: get_i64(row, "here")?.max(0) as u64,
                    schools_in_all: get_i64(row, "in_all")?.max(0) as u64,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let judgement_rows = f
            .fetch_all(
                self.pool(),
                &format!("SELECT s.ofsted_overall AS grade, COUNT(*) AS n FROM schools s{where_sql} GROUP BY s.ofsted_overall"),
                vec![],
            )
            .await?;
        let mut judgements: Vec<(i64, Tally)> = Vec::new();
        for row in &judgement_rows {
            let grade: Option<i64> = row.try_get("grade")?;
            let n = get_i64(row, "n")?.max(0) as u64;
            let tally = match grade.and_then(Judgement::from_grade) {
                Some(j) => (
                    j.grade(),
                    Tally {
                        label: j.label().into(),
                        key: j.key().into(),
                        schools: n,
                    },
                ),
                None => (
                    9,
                    Tally {
                        label: "No overall judgement".into(),
                        key: "none".into(),
                        schools: n,
                    },
                ),
            };
            judgements.push(tally);
        }
        judgements.sort_by_key(|(g, _)| *g);
        let mut merged: Vec<Tally> = Vec::new();
        for (_, t) in judgements {
            match merged.last_mut() {
                Some(last) if last.key == t.key => last.schools += t.schools,
                _ => merged.push(t),
            }
        }
        let local_authorities = match area {
            Area::Region(r) => self.local_authorities(Some(r)).await?,
            Area::LocalAuthority(code) => self
                .local_authorities(None)
                .await?
                .into_iter()
                .filter(|a| a.local_authority.code == code)
                .collect(),
        };
        Ok(AreaDetail {
            schools: get_i64(totals, "schools")?.max(0) as u64,
            pupils: get_i64(totals, "pupils")?.max(0) as u64,
            in_trusts: get_i64(totals, "in_trusts")?.max(0) as u64,
            trusts,
            local_authorities,
            judgements: merged,
        })
    }
}
