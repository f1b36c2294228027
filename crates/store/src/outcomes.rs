//! Published figures over time (`school_outcomes`): writing a file's figures for the years it
//! covers, and reading a set of schools' series for school and family pages.

use crate::value::{insert_rows, Value};
use crate::{get_i64, Store, StoreError};
use convene_domain::import::ImportCounts;
use convene_domain::outcome::{Measure, Outcome, OutcomeRecord, OutcomeSeries};
use convene_domain::Urn;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeSet, HashMap, HashSet};

const COLUMNS: [&str; 5] = ["urn", "measure", "year", "value", "source"];

fn row(urn: Urn, o: &Outcome) -> Vec<Value> {
    vec![
        Value::Int(Some(urn.0)),
        Value::Text(Some(o.measure.key().into())),
        Value::Text(Some(o.year.clone())),
        Value::Real(Some(o.value)),
        Value::Text(Some(o.source.clone())),
    ]
}

/// Inserts the bundled dataset's series into an empty table.
pub(crate) async fn load_series(
    conn: &mut AnyConnection,
    series: &[OutcomeSeries],
) -> Result<(), StoreError> {
    for s in series {
        let outcome = Outcome {
            measure: s.measure,
            year: s.year.clone(),
            value: 0.0,
            source: s.source.clone(),
        };
        let rows: Vec<Vec<Value>> = s
            .values
            .iter()
            .map(|(urn, value)| {
                row(
                    *urn,
                    &Outcome {
                        value: *value,
                        ..outcome.clone()
                    },
                )
            })
            .collect();
        insert_rows(conn, "school_outcomes", &COLUMNS, &rows).await?;
    }
    Ok(())
}

/// Replaces the figures for `measures` in every year the file covers with the file's: a
/// performance tables file is the whole of its year, so a school it no longer lists loses
/// that year's figure. Rows about schools not in the database are counted as unmatched and
/// not stored. With `count`, the records are tallied as inserted, updated or unchanged.
pub(crate) async fn replace_outcomes(
    conn: &mut AnyConnection,
    records: &[OutcomeRecord],
    measures: &[Measure],
    years: &BTreeSet<String>,
    counts: Option<&mut ImportCounts>,
) -> Result<(), StoreError> {
    let known: HashSet<i64> = sqlx::query("SELECT urn FROM schools")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| get_i64(r, "urn"))
        .collect::<Result<_, _>>()?;
    let keys: Vec<&str> = measures.iter().map(|m| m.key()).collect();
    let mut before: HashMap<i64, Vec<(String, String, f64)>> = HashMap::new();
    for year in years {
        let sql = format!(
            "SELECT urn, measure, year, value FROM school_outcomes WHERE year = $1 AND measure IN ({})",
            placeholders_from(2, keys.len())
        );
        let mut query = sqlx::query(&sql).bind(year.clone());
        for key in &keys {
            query = query.bind(key.to_string());
        }
        for r in query.fetch_all(&mut *conn).await? {
            before.entry(get_i64(&r, "urn")?).or_default().push((
                r.try_get("measure")?,
                r.try_get("year")?,
                r.try_get("value")?,
            ));
        }
        let sql = format!(
            "DELETE FROM school_outcomes WHERE year = $1 AND measure IN ({})",
            placeholders_from(2, keys.len())
        );
        let mut query = sqlx::query(&sql).bind(year.clone());
        for key in &keys {
            query = query.bind(key.to_string());
        }
        query.execute(&mut *conn).await?;
    }
    let mut rows = Vec::new();
    let mut tally = ImportCounts::default();
    for record in records {
        if !known.contains(&record.urn.0) {
            tally.unmatched += 1;
            continue;
        }
        let mut now: Vec<(String, String, f64)> = record
            .outcomes
            .iter()
            .map(|o| (o.measure.key().to_string(), o.year.clone(), o.value))
            .collect();
        let mut was = before.remove(&record.urn.0).unwrap_or_default();
        now.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        was.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        if was.is_empty() && !now.is_empty() {
            tally.inserted += 1;
        } else if was == now {
            tally.unchanged += 1;
        } else {
            tally.updated += 1;
        }
        rows.extend(record.outcomes.iter().map(|o| row(record.urn, o)));
    }
    insert_rows(conn, "school_outcomes", &COLUMNS, &rows).await?;
    if let Some(counts) = counts {
        counts.inserted += tally.inserted;
        counts.updated += tally.updated;
        counts.unchanged += tally.unchanged;
        counts.unmatched += tally.unmatched;
    }
    Ok(())
}

/// `$from, $from+1, ...` for `n` bound values.
fn placeholders_from(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Every published figure for each of `urns`, oldest year first; a school with none is
    /// absent from the map.
    pub async fn outcomes_of(
        &self,
        urns: &[Urn],
    ) -> Result<HashMap<Urn, Vec<Outcome>>, StoreError> {
        let mut out: HashMap<Urn, Vec<Outcome>> = HashMap::new();
        for chunk in urns.chunks(500) {
            let sql = format!(
                "SELECT urn, measure, year, value, source FROM school_outcomes WHERE urn IN ({}) ORDER BY urn, measure, year",
                placeholders_from(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for urn in chunk {
                query = query.bind(urn.0);
            }
            for r in query.fetch_all(self.pool()).await? {
                let key: String = r.try_get("measure")?;
                let Some(measure) = Measure::from_key(&key) else {
                    continue;
                };
                out.entry(Urn(get_i64(&r, "urn")?))
                    .or_default()
                    .push(Outcome {
                        measure,
                        year: r.try_get("year")?,
                        value: r.try_get("value")?,
                        source: r.try_get("source")?,
                    });
            }
        }
        Ok(out)
    }

    /// Every published figure for every school, for work over the whole country (the
    /// evidence brokerage ranks by). Figures of measures this program does not know are
    /// skipped.
    pub async fn all_outcomes(&self) -> Result<HashMap<Urn, Vec<Outcome>>, StoreError> {
        let mut out: HashMap<Urn, Vec<Outcome>> = HashMap::new();
        let rows = sqlx::query(
            "SELECT urn, measure, year, value, source FROM school_outcomes ORDER BY urn, measure, year",
        )
        .fetch_all(self.pool())
        .await?;
        for r in rows {
            let key: String = r.try_get("measure")?;
            let Some(measure) = Measure::from_key(&key) else {
                continue;
            };
            out.entry(Urn(get_i64(&r, "urn")?))
                .or_default()
                .push(Outcome {
                    measure,
                    year: r.try_get("year")?,
                    value: r.try_get("value")?,
                    source: r.try_get("source")?,
                });
        }
        Ok(out)
    }
}
