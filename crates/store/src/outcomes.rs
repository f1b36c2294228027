//! Published figures over time (`school_outcomes`): writing a file's figures for the years it
//! covers, replacing only its own kind's, and reading a set of schools' series for school and
//! family pages.

use crate::value::{insert_rows, Value};
use crate::{get_i64, Store, StoreError};
use convene_domain::import::{ImportCounts, ImportSource};
use convene_domain::outcome::{Measure, Outcome, OutcomeRecord, OutcomeSeries};
use convene_domain::Urn;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

/// Replaces the figures for `measures` in every year the file covers with the file's. Each
/// kind of file owns the figures credited to files of its kind (as the import log records
/// them), and only those are replaced: a performance tables file is the whole of its year,
/// so a school it no longer lists loses that year's figure from an earlier file of the same
/// kind, but figures from another kind of file are never removed because this file lacks
/// them. Where this file and another kind's file both give a school, measure and year, the
/// published file's figure wins over a compiled one (`ImportKind::is_compiled`), in whichever
/// order they are imported. Rows about schools not in the database are counted as unmatched
/// and not stored. With `count`, each school is tallied as inserted, updated or unchanged by
/// comparing its figures in these measures and years before and after.
pub(crate) async fn replace_outcomes(
    conn: &mut AnyConnection,
    records: &[OutcomeRecord],
    measures: &[Measure],
    years: &BTreeSet<String>,
    source: &ImportSource,
    counts: Option<&mut ImportCounts>,
) -> Result<(), StoreError> {
    let known: HashSet<i64> = sqlx::query("SELECT urn FROM schools")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| get_i64(r, "urn"))
        .collect::<Result<_, _>>()?;
    let mut owned: BTreeSet<String> =
        sqlx::query("SELECT DISTINCT file_name FROM imports WHERE kind = $1")
            .bind(source.kind.key())
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get("file_name"))
            .collect::<Result<_, _>>()?;
    owned.insert(source.file_name.clone());
    let keys: Vec<&str> = measures.iter().map(|m| m.key()).collect();
    let mut before: HashMap<i64, Vec<(Slot, f64, bool)>> = HashMap::new();
    for year in years {
        let sql = format!(
            "SELECT urn, measure, value, source FROM school_outcomes WHERE year = $1 AND measure IN ({})",
            placeholders_from(2, keys.len())
        );
        let mut query = sqlx::query(&sql).bind(year.clone());
        for key in &keys {
            query = query.bind(key.to_string());
        }
        for r in query.fetch_all(&mut *conn).await? {
            let from: String = r.try_get("source")?;
            before.entry(get_i64(&r, "urn")?).or_default().push((
                (r.try_get("measure")?, year.clone()),
                r.try_get("value")?,
                owned.contains(&from),
            ));
        }
    }
    let gives_way = source.kind.is_compiled();
    let mut rows = Vec::new();
    let mut overridden: BTreeMap<Slot, Vec<i64>> = BTreeMap::new();
    let mut tally = ImportCounts::default();
    for record in records {
        if !known.contains(&record.urn.0) {
            tally.unmatched += 1;
            continue;
        }
        let was_stored = before.remove(&record.urn.0).unwrap_or_default();
        let was: BTreeMap<Slot, f64> = was_stored
            .iter()
            .map(|(slot, value, _)| (slot.clone(), *value))
            .collect();
        let mut now: BTreeMap<Slot, f64> = was_stored
            .into_iter()
            .filter(|(_, _, ours)| !ours)
            .map(|(slot, value, _)| (slot, value))
            .collect();
        for o in &record.outcomes {
            let slot = (o.measure.key().to_string(), o.year.clone());
            if now.contains_key(&slot) {
                if gives_way {
                    continue;
                }
                overridden
                    .entry(slot.clone())
                    .or_default()
                    .push(record.urn.0);
            }
            now.insert(slot, o.value);
            rows.push(row(record.urn, o));
        }
        if was.is_empty() && !now.is_empty() {
            tally.inserted += 1;
        } else if was == now {
            tally.unchanged += 1;
        } else {
            tally.updated += 1;
        }
    }
    let owned: Vec<String> = owned.into_iter().collect();
    for year in years {
        let sql = format!(
            "DELETE FROM school_outcomes WHERE year = $1 AND measure IN ({}) AND source IN ({})",
            placeholders_from(2, keys.len()),
            placeholders_from(2 + keys.len(), owned.len())
        );
        let mut query = sqlx::query(&sql).bind(year.clone());
        for key in &keys {
            query = query.bind(key.to_string());
        }
        for file in &owned {
            query = query.bind(file.clone());
        }
        query.execute(&mut *conn).await?;
    }
    for ((measure, year), urns) in overridden {
        for chunk in urns.chunks(500) {
            let sql = format!(
                "DELETE FROM school_outcomes WHERE measure = $1 AND year = $2 AND urn IN ({})",
                placeholders_from(3, chunk.len())
            );
            let mut query = sqlx::query(&sql).bind(measure.clone()).bind(year.clone());
            for urn in chunk {
                query = query.bind(*urn);
            }
            query.execute(&mut *conn).await?;
        }
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

/// Where a figure goes: (measure key, academic year), for one school.
type Slot = (String, String);

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
