//! Applying a parsed file to the database: one transaction, change detection, closing what a
//! full extract no longer lists, and a record of the import.
//!
//! Each file writes only the columns it owns (see `columns`), so importing the census never
//! undoes an Ofsted import or clears KS2 results, and nothing outside the imported tables is
//! ever touched.

use crate::columns::{
    establishment_link_values, group_column_type, group_link_values, group_values, ks2_values,
    ks4_values, pick, school_column_type, school_values, CENSUS_COLUMNS,
    ESTABLISHMENT_LINK_COLUMNS, GROUP_COLUMNS, GROUP_LINK_COLUMNS, GROUP_LINK_FILE_COLUMNS,
    KS2_COLUMNS, KS4_COLUMNS, OFSTED_COLUMNS, REGISTER_COLUMNS, SCHOOL_COLUMNS, SEN_COLUMNS,
};
use crate::value::{insert_rows, update_row, ColumnType, Value};
use crate::{get_i64, Store, StoreError};
use convene_domain::import::{ImportBatch, ImportCounts, ImportSource};
use convene_domain::organisation::{EstablishmentLink, Group, GroupLink};
use convene_domain::Date;
use sqlx::{AnyConnection, Row};
use std::collections::{HashMap, HashSet};

/// How to apply an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Work out what would change, then roll back.
    pub dry_run: bool,
    /// Rows that were skipped as bad (with `--skip-bad-rows`), recorded with the import.
    pub skipped_rows: Vec<String>,
}

/// Reports progress as (records done, records in all); must be cheap.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

impl Store {
    /// Applies one parsed file in a single transaction and records the import. On any error
    /// nothing is changed. With `dry_run`, the counts are what *would* change.
    pub async fn apply_import(
        &self,
        batch: &ImportBatch,
        source: &ImportSource,
        options: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportCounts, StoreError> {
        let mut tx = self.pool().begin().await?;
        let mut counts = ImportCounts {
            read: batch.len() as u64,
            skipped: options.skipped_rows.len() as u64,
            ..ImportCounts::default()
        };
        let as_at = source.data_date;
        match batch {
            ImportBatch::Establishments(records) => {
                let rows: Vec<(i64, Vec<(&'static str, Value)>)> = records
                    .iter()
                    .map(|r| (r.school.urn.0, school_values(&r.school)))
                    .collect();
                let register: Vec<&str> = REGISTER_COLUMNS.to_vec();
                let keys =
                    sync_schools(&mut tx, &rows, &register, true, &mut counts, progress).await?;
                counts.closed +=
                    close_missing(&mut tx, "schools", "urn", "close_date", &keys, as_at).await?;
                let links: Vec<GroupLink> = records
                    .iter()
                    .filter_map(|r| {
                        r.trust_uid.map(|g| GroupLink {
                            group_uid: g,
                            urn: r.school.urn,
                            joined_date: None,
                        })
                    })
                    .collect();
                add_missing_links(&mut tx, &links).await?;
            }
            ImportBatch::Ofsted(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.school.urn.0, school_values(&r.school)))
                    .collect();
                sync_schools(&mut tx, &rows, OFSTED_COLUMNS, true, &mut counts, progress).await?;
            }
            ImportBatch::Census(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| {
                        let values = vec![
                            ("pupils", Value::Int(r.pupils)),
                            ("fsm_percent", Value::Real(r.fsm_percent)),
                            ("eal_percent", Value::Real(r.eal_percent)),
                            ("urban_rural", Value::Text(r.urban_rural.clone())),
                        ];
                        (r.urn.0, values)
                    })
                    .collect();
                sync_schools(&mut tx, &rows, CENSUS_COLUMNS, false, &mut counts, progress).await?;
            }
            ImportBatch::Ks2(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.urn.0, ks2_values(Some(&r.outcomes))))
                    .collect();
                sync_schools(&mut tx, &rows, KS2_COLUMNS, false, &mut counts, progress).await?;
            }
            ImportBatch::Ks4(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.urn.0, ks4_values(Some(&r.outcomes))))
                    .collect();
                sync_schools(&mut tx, &rows, KS4_COLUMNS, false, &mut counts, progress).await?;
            }
            ImportBatch::Sen(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| {
                        let values = vec![
                            ("sen_support_percent", Value::Real(r.sen_support_percent)),
                            ("ehc_plan_percent", Value::Real(r.ehc_plan_percent)),
                        ];
                        (r.urn.0, values)
                    })
                    .collect();
                sync_schools(&mut tx, &rows, SEN_COLUMNS, false, &mut counts, progress).await?;
            }
            ImportBatch::Groups(groups) => {
                let rows: Vec<_> = groups.iter().map(|g| (g.uid.0, group_values(g))).collect();
                let owned: Vec<&str> = GROUP_COLUMNS.iter().map(|(c, _)| *c).collect();
                let keys = sync_groups(&mut tx, &rows, &owned, &mut counts, progress).await?;
                counts.closed +=
                    close_missing(&mut tx, "groups", "uid", "closed_date", &keys, as_at).await?;
            }
            ImportBatch::GroupLinks(records) => {
                let groups: Vec<&Group> = records.iter().map(|r| &r.group).collect();
                insert_unknown_groups(&mut tx, &groups).await?;
                let links: Vec<GroupLink> = records.iter().map(|r| r.link.clone()).collect();
                sync_links(&mut tx, &links, as_at, &mut counts, progress).await?;
            }
            ImportBatch::EstablishmentLinks(links) => {
                sync_establishment_links(&mut tx, links, &mut counts, progress).await?;
            }
        }
        refresh_derived(&mut tx).await?;
        record_import(&mut tx, source, &counts, &options.skipped_rows, false).await?;
        if options.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(counts)
    }
}

/// Upserts schools, writing only `owned` columns of existing rows. New rows are inserted
/// whole when `may_insert`, or counted as unmatched otherwise. Returns the keys seen.
async fn sync_schools(
    conn: &mut AnyConnection,
    rows: &[(i64, Vec<(&'static str, Value)>)],
    owned: &[&str],
    may_insert: bool,
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<HashSet<i64>, StoreError> {
    let all: Vec<&str> = SCHOOL_COLUMNS.iter().map(|(c, _)| *c).collect();
    sync_table(
        conn,
        TableSpec {
            table: "schools",
            key: "urn",
            all_columns: &all,
            column_type: school_column_type,
        },
        rows,
        owned,
        may_insert,
        counts,
        progress,
    )
    .await
}

async fn sync_groups(
    conn: &mut AnyConnection,
    rows: &[(i64, Vec<(&'static str, Value)>)],
    owned: &[&str],
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<HashSet<i64>, StoreError> {
    let all: Vec<&str> = GROUP_COLUMNS.iter().map(|(c, _)| *c).collect();
    sync_table(
        conn,
        TableSpec {
            table: "groups",
            key: "uid",
            all_columns: &all,
            column_type: group_column_type,
        },
        rows,
        owned,
        true,
        counts,
        progress,
    )
    .await
}

struct TableSpec<'a> {
    table: &'a str,
    key: &'a str,
    all_columns: &'a [&'a str],
    column_type: fn(&str) -> ColumnType,
}

async fn sync_table(
    conn: &mut AnyConnection,
    spec: TableSpec<'_>,
    rows: &[(i64, Vec<(&'static str, Value)>)],
    owned: &[&str],
    may_insert: bool,
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<HashSet<i64>, StoreError> {
    let existing = load_columns(conn, spec.table, spec.key, owned, spec.column_type).await?;
    let mut inserts: Vec<Vec<Value>> = Vec::new();
    let mut seen = HashSet::with_capacity(rows.len());
    let total = rows.len() as u64;
    for (done, (key, values)) in rows.iter().enumerate() {
        seen.insert(*key);
        match existing.get(key) {
            Some(current) => {
                let new = pick(values, owned);
                if new.iter().zip(current).all(|(a, b)| a.same_as(b)) {
                    counts.unchanged += 1;
                } else {
                    update_row(
                        conn,
                        spec.table,
                        owned,
                        &new,
                        &[(spec.key, Value::Int(Some(*key)))],
                    )
                    .await?;
                    counts.updated += 1;
                }
            }
            None if may_insert => {
                let mut row = vec![Value::Int(Some(*key))];
                row.extend(pick(values, spec.all_columns));
                inserts.push(row);
                counts.inserted += 1;
            }
            None => counts.unmatched += 1,
        }
        if done % 1000 == 0 {
            progress(done as u64, total);
        }
    }
    let mut columns = vec![spec.key];
    columns.extend(spec.all_columns.iter().copied());
    insert_rows(conn, spec.table, &columns, &inserts).await?;
    progress(total, total);
    Ok(seen)
}

/// Reads the given columns of every row, keyed by the table's integer key.
async fn load_columns(
    conn: &mut AnyConnection,
    table: &str,
    key: &str,
    columns: &[&str],
    column_type: fn(&str) -> ColumnType,
) -> Result<HashMap<i64, Vec<Value>>, StoreError> {
    let sql = format!("SELECT {key}, {} FROM {table}", columns.join(", "));
    let rows = sqlx::query(&sql).fetch_all(&mut *conn).await?;
    let mut map = HashMap::with_capacity(rows.len());
    for row in rows {
        let values = columns
            .iter()
            .map(|c| Value::read(&row, c, column_type(c)))
            .collect::<Result<Vec<_>, _>>()?;
        map.insert(get_i64(&row, key)?, values);
    }
    Ok(map)
}

/// Marks open rows that a full extract no longer lists as closed, dated by the extract.
async fn close_missing(
    conn: &mut AnyConnection,
    table: &str,
    key: &str,
    date_column: &str,
    seen: &HashSet<i64>,
    as_at: Option<Date>,
) -> Result<u64, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {key} FROM {table} WHERE status <> 'closed'"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut closed = 0;
    let date = as_at.map(|d| d.to_string());
    for row in rows {
        let id = get_i64(&row, key)?;
        if !seen.contains(&id) {
            sqlx::query(&format!(
                "UPDATE {table} SET status = 'closed', {date_column} = COALESCE({date_column}, $1) WHERE {key} = $2"
            ))
            .bind(date.clone())
            .bind(id)
            .execute(&mut *conn)
            .await?;
            closed += 1;
        }
    }
    Ok(closed)
}

/// Adds groups a links file mentions that the groups register has not introduced yet;
/// existing groups are left to the groups import, which is their authority.
async fn insert_unknown_groups(
    conn: &mut AnyConnection,
    groups: &[&Group],
) -> Result<(), StoreError> {
    let known: HashSet<i64> = sqlx::query("SELECT uid FROM groups")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| get_i64(r, "uid"))
        .collect::<Result<_, _>>()?;
    let mut added = HashSet::new();
    let mut rows = Vec::new();
    for group in groups {
        if known.contains(&group.uid.0) || !added.insert(group.uid.0) {
            continue;
        }
        let mut row = vec![Value::Int(Some(group.uid.0))];
        row.extend(pick(&group_values(group), GROUP_LINK_FILE_COLUMNS));
        rows.push(row);
    }
    let mut columns = vec!["uid"];
    columns.extend(GROUP_LINK_FILE_COLUMNS.iter().copied());
    insert_rows(conn, "groups", &columns, &rows).await
}

type LinkState = (Option<String>, Option<String>);

async fn load_links(
    conn: &mut AnyConnection,
) -> Result<HashMap<(i64, i64), LinkState>, StoreError> {
    let rows = sqlx::query("SELECT group_uid, urn, joined_date, left_date FROM group_links")
        .fetch_all(&mut *conn)
        .await?;
    let mut map = HashMap::with_capacity(rows.len());
    for row in rows {
        map.insert(
            (get_i64(&row, "group_uid")?, get_i64(&row, "urn")?),
            (row.try_get("joined_date")?, row.try_get("left_date")?),
        );
    }
    Ok(map)
}

/// Upserts memberships from a full links file and ends the current ones it no longer lists.
async fn sync_links(
    conn: &mut AnyConnection,
    links: &[GroupLink],
    as_at: Option<Date>,
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<(), StoreError> {
    let existing = load_links(conn).await?;
    let mut inserts = Vec::new();
    let mut seen = HashSet::with_capacity(links.len());
    let total = links.len() as u64;
    for (done, link) in links.iter().enumerate() {
        let key = (link.group_uid.0, link.urn.0);
        seen.insert(key);
        let joined = link.joined_date.map(|d| d.to_string());
        match existing.get(&key) {
            Some((current_joined, left)) if *current_joined == joined && left.is_none() => {
                counts.unchanged += 1
            }
            Some(_) => {
                update_row(
                    conn,
                    "group_links",
                    &["joined_date", "left_date"],
                    &[Value::Text(joined), Value::Text(None)],
                    &[
                        ("group_uid", Value::Int(Some(key.0))),
                        ("urn", Value::Int(Some(key.1))),
                    ],
                )
                .await?;
                counts.updated += 1;
            }
            None => {
                inserts.push(group_link_values(link));
                counts.inserted += 1;
            }
        }
        if done % 1000 == 0 {
            progress(done as u64, total);
        }
    }
    insert_rows(conn, "group_links", GROUP_LINK_COLUMNS, &inserts).await?;
    let ended = as_at.unwrap_or_else(today).to_string();
    for (key, (_, left)) in &existing {
        if left.is_none() && !seen.contains(key) {
            sqlx::query("UPDATE group_links SET left_date = $1 WHERE group_uid = $2 AND urn = $3")
                .bind(ended.clone())
                .bind(key.0)
                .bind(key.1)
                .execute(&mut *conn)
                .await?;
            counts.closed += 1;
        }
    }
    progress(total, total);
    Ok(())
}

/// Adds memberships that do not exist yet (from the establishments file's trust column),
/// leaving existing ones and their dates alone.
async fn add_missing_links(
    conn: &mut AnyConnection,
    links: &[GroupLink],
) -> Result<(), StoreError> {
    let existing = load_links(conn).await?;
    let rows: Vec<Vec<Value>> = links
        .iter()
        .filter(|l| !existing.contains_key(&(l.group_uid.0, l.urn.0)))
        .map(group_link_values)
        .collect();
    insert_rows(conn, "group_links", GROUP_LINK_COLUMNS, &rows).await
}

async fn sync_establishment_links(
    conn: &mut AnyConnection,
    links: &[EstablishmentLink],
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<(), StoreError> {
    let rows = sqlx::query(
        "SELECT urn, linked_urn, link_type, linked_name, established_date FROM establishment_links",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut existing: HashMap<(i64, i64, String), LinkState> = HashMap::with_capacity(rows.len());
    for row in rows {
        existing.insert(
            (
                get_i64(&row, "urn")?,
                get_i64(&row, "linked_urn")?,
                row.try_get("link_type")?,
            ),
            (
                row.try_get("linked_name")?,
                row.try_get("established_date")?,
            ),
        );
    }
    let mut inserts = Vec::new();
    let total = links.len() as u64;
    for (done, link) in links.iter().enumerate() {
        let key = (link.urn.0, link.linked_urn.0, link.link_type.clone());
        let state = (
            link.linked_name.clone(),
            link.established_date.map(|d| d.to_string()),
        );
        match existing.get(&key) {
            Some(current) if *current == state => counts.unchanged += 1,
            Some(_) => {
                update_row(
                    conn,
                    "establishment_links",
                    &["linked_name", "established_date"],
                    &[Value::Text(state.0), Value::Text(state.1)],
                    &[
                        ("urn", Value::Int(Some(key.0))),
                        ("linked_urn", Value::Int(Some(key.1))),
                        ("link_type", Value::Text(Some(key.2))),
                    ],
                )
                .await?;
                counts.updated += 1;
            }
            None => {
                inserts.push(establishment_link_values(link));
                counts.inserted += 1;
            }
        }
        if done % 1000 == 0 {
            progress(done as u64, total);
        }
    }
    insert_rows(
        conn,
        "establishment_links",
        ESTABLISHMENT_LINK_COLUMNS,
        &inserts,
    )
    .await?;
    progress(total, total);
    Ok(())
}

/// Recomputes what is derived from several tables: each school's current academy trust, each
/// group's open schools and pupils, and local authorities known only from school rows.
pub(crate) async fn refresh_derived(conn: &mut AnyConnection) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE schools SET trust_uid = (
            SELECT gl.group_uid FROM group_links gl JOIN groups g ON g.uid = gl.group_uid
            WHERE gl.urn = schools.urn AND gl.left_date IS NULL
              AND g.kind IN ('multi_academy_trust', 'single_academy_trust')
            ORDER BY CASE WHEN gl.joined_date IS NULL THEN 1 ELSE 0 END, gl.joined_date DESC, gl.group_uid
            LIMIT 1)",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE groups SET
            open_schools = (SELECT COUNT(*) FROM group_links xl JOIN schools x ON x.urn = xl.urn
                WHERE xl.group_uid = groups.uid AND xl.left_date IS NULL AND x.status <> 'closed'),
            open_pupils = (SELECT CAST(COALESCE(SUM(x.pupils), 0) AS BIGINT) FROM group_links xl
                JOIN schools x ON x.urn = xl.urn
                WHERE xl.group_uid = groups.uid AND xl.left_date IS NULL AND x.status <> 'closed')",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO local_authorities (code, name, region)
         SELECT la_code, MIN(la_name), MIN(region) FROM schools
         WHERE la_code IS NOT NULL AND la_name IS NOT NULL
           AND la_code NOT IN (SELECT code FROM local_authorities)
         GROUP BY la_code",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes the import's row in `imports`.
pub(crate) async fn record_import(
    conn: &mut AnyConnection,
    source: &ImportSource,
    counts: &ImportCounts,
    skipped_rows: &[String],
    bundled: bool,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO imports (kind, file_name, data_date, imported_at, bundled, read_rows, inserted,
            updated, unchanged, closed, skipped, unmatched, skipped_rows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(source.kind.key())
    .bind(source.file_name.clone())
    .bind(source.data_date.map(|d| d.to_string()))
    .bind(crate::provenance::now_utc())
    .bind(i64::from(bundled))
    .bind(counts.read as i64)
    .bind(counts.inserted as i64)
    .bind(counts.updated as i64)
    .bind(counts.unchanged as i64)
    .bind(counts.closed as i64)
    .bind(counts.skipped as i64)
    .bind(counts.unmatched as i64)
    .bind(skipped_rows.join("\n"))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn today() -> Date {
    crate::provenance::today()
}
