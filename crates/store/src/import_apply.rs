//! Applying a parsed file to the database: one transaction, change detection, closing what a
//! complete extract no longer lists, and a record of the import.
//!
//! Whether a file is complete is the domain's rule (`judge_completeness`): the store counts
//! what is stored and what the file holds, before it changes anything, and closes records
//! only on a complete verdict. A filtered download in the register's layout closes nothing.
//!
//! Each file writes only the columns it owns (see `columns`), so importing the census never
//! undoes an Ofsted import or clears KS2 results, and nothing outside the imported tables is
//! ever touched. Dated figures in `school_outcomes` belong to the kind of file they came from
//! (see `outcomes::replace_outcomes`), so pupil premium never clears 16-18 results and the
//! KS2 tables never clear the compiled series.

use crate::columns::{
    establishment_link_values, group_column_type, group_link_values, group_values, ks2_values,
    ks4_values, pick, school_column_type, school_values, CENSUS_COLUMNS,
    ESTABLISHMENT_LINK_COLUMNS, GROUP_COLUMNS, GROUP_LINK_COLUMNS, GROUP_LINK_FILE_COLUMNS,
    KS2_COLUMNS, KS4_COLUMNS, OFSTED_COLUMNS, REGISTER_COLUMNS, SCHOOL_COLUMNS, SEN_COLUMNS,
};
use crate::outcomes::replace_outcomes;
use crate::value::{insert_rows, update_row, ColumnType, Value};
use crate::{get_i64, Store, StoreError};
use convene_domain::import::{
    judge_completeness, ClosingDecision, Completeness, Coverage, ImportBatch, ImportCounts,
    ImportKind, ImportReport, ImportSource,
};
use convene_domain::organisation::{EstablishmentLink, Group, GroupKind, GroupLink};
use convene_domain::outcome::{self, Measure, OutcomeRecord};
use convene_domain::Date;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;

/// How to apply an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Work out what would change, then roll back.
    pub dry_run: bool,
    /// Rows that were skipped as bad (with `--skip-bad-rows`), recorded with the import.
    pub skipped_rows: Vec<String>,
    /// Whether the file is the whole register, so what it lacks closes: judged from the file
    /// by default, or as the person importing says (`--complete`, `--partial`).
    pub completeness: Completeness,
    /// Guards against closing many records unasked. `None`: no guard (scripts that passed
    /// `--yes`, tests, benchmarks). `Some(n)`: a person has confirmed closing up to `n`
    /// records; an import that would close more, and more than the domain's
    /// `needs_confirmation` lets through, is rolled back unwritten and reported as held back,
    /// so it can ask them and run again with what they confirmed.
    pub confirmed_closing: Option<u64>,
}

/// Records a complete file would close, found before anything changed.
enum Pending {
    /// Open schools, by URN.
    Schools(Vec<i64>),
    /// Open groups, by UID.
    Groups(Vec<i64>),
    /// Current memberships, by (group UID, URN).
    Memberships(Vec<(i64, i64)>),
    /// Nothing closes (establishment links are history).
    Nothing,
}

/// Reports progress as (records done, records in all); must be cheap.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

impl Store {
    /// Applies one parsed file in a single transaction and records the import. On any error
    /// nothing is changed. With `dry_run`, the counts are what *would* change. An import held
    /// back for confirmation (see [`ImportOptions::confirmed_closing`]) is an error here;
    /// callers that ask a person use [`Store::apply_import_report`].
    pub async fn apply_import(
        &self,
        batch: &ImportBatch,
        source: &ImportSource,
        options: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportCounts, StoreError> {
        let report = self
            .apply_import_report(batch, source, options, progress)
            .await?;
        match report.closing {
            Some(decision) if report.held_back => Err(StoreError::Refused(format!(
                "nothing was imported: {}",
                decision.describe(true)
            ))),
            _ => Ok(report.counts),
        }
    }

    /// Applies one parsed file like [`Store::apply_import`], and says what it decided about
    /// the records the file does not list: whether the file counts as complete, what it closes
    /// and why. When closing needs a person's yes the import is rolled back and `held_back`.
    pub async fn apply_import_report(
        &self,
        batch: &ImportBatch,
        source: &ImportSource,
        options: &ImportOptions,
        progress: Progress<'_>,
    ) -> Result<ImportReport, StoreError> {
        let mut tx = self.pool().begin().await?;
        let mut counts = ImportCounts {
            read: batch.len() as u64,
            skipped: options.skipped_rows.len() as u64,
            ..ImportCounts::default()
        };
        let as_at = source.data_date;
        let told = options.completeness;
        let plan = match batch {
            ImportBatch::Establishments(records) => {
                let open = open_schools(&mut tx).await?;
                let rows: Vec<(i64, Vec<(&'static str, Value)>)> = records
                    .iter()
                    .map(|r| (r.school.urn.0, school_values(&r.school)))
                    .collect();
                let register: Vec<&str> = REGISTER_COLUMNS.to_vec();
                let keys =
                    sync_schools(&mut tx, &rows, &register, true, &mut counts, progress).await?;
                let areas: HashSet<String> = records
                    .iter()
                    .filter_map(|r| r.school.la_code.map(|c| c.to_string()))
                    .collect();
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
                let (decision, missing) = judge(batch.kind(), &open, &keys, &areas, told);
                Some((decision, Pending::Schools(missing)))
            }
            ImportBatch::Ofsted(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.school.urn.0, school_values(&r.school)))
                    .collect();
                sync_schools(&mut tx, &rows, OFSTED_COLUMNS, true, &mut counts, progress).await?;
                None
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
                None
            }
            ImportBatch::Ks2(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.urn.0, ks2_values(Some(&r.outcomes))))
                    .collect();
                sync_schools(&mut tx, &rows, KS2_COLUMNS, false, &mut counts, progress).await?;
                let dated: Vec<OutcomeRecord> = records
                    .iter()
                    .map(|r| OutcomeRecord {
                        urn: r.urn,
                        outcomes: outcome::from_ks2(&r.outcomes, &source.file_name),
                    })
                    .collect();
                let measures = [
                    Measure::Ks2ReadingProgress,
                    Measure::Ks2WritingProgress,
                    Measure::Ks2MathsProgress,
                ];
                let years = records
                    .iter()
                    .filter_map(|r| r.outcomes.year.clone())
                    .collect();
                replace_outcomes(&mut tx, &dated, &measures, &years, source, None).await?;
                None
            }
            ImportBatch::Ks4(records) => {
                let rows: Vec<_> = records
                    .iter()
                    .map(|r| (r.urn.0, ks4_values(Some(&r.outcomes))))
                    .collect();
                sync_schools(&mut tx, &rows, KS4_COLUMNS, false, &mut counts, progress).await?;
                let dated: Vec<OutcomeRecord> = records
                    .iter()
                    .map(|r| OutcomeRecord {
                        urn: r.urn,
                        outcomes: outcome::from_ks4(&r.outcomes, &source.file_name),
                    })
                    .collect();
                let measures = [Measure::Ks4Progress8, Measure::Ks4Attainment8];
                let years = records
                    .iter()
                    .filter_map(|r| r.outcomes.year.clone())
                    .collect();
                replace_outcomes(&mut tx, &dated, &measures, &years, source, None).await?;
                None
            }
            ImportBatch::Ks5(records) => {
                let measures = [Measure::Ks5ALevelAps, Measure::Ks5ALevelValueAdded];
                let years = years_of(records);
                replace_outcomes(
                    &mut tx,
                    records,
                    &measures,
                    &years,
                    source,
                    Some(&mut counts),
                )
                .await?;
                progress(records.len() as u64, records.len() as u64);
                None
            }
            ImportBatch::PupilPremium(records) => {
                let measures = [Measure::PupilPremiumPercent];
                let years = years_of(records);
                replace_outcomes(
                    &mut tx,
                    records,
                    &measures,
                    &years,
                    source,
                    Some(&mut counts),
                )
                .await?;
                progress(records.len() as u64, records.len() as u64);
                None
            }
            ImportBatch::ResultsSeries(records) => {
                let measures = [
                    Measure::Ks2ReadingProgress,
                    Measure::Ks2WritingProgress,
                    Measure::Ks2MathsProgress,
                    Measure::Ks4Progress8,
                    Measure::Ks4Attainment8,
                    Measure::FirstPreferencesPerOffer,
                ];
                let years = years_of(records);
                replace_outcomes(
                    &mut tx,
                    records,
                    &measures,
                    &years,
                    source,
                    Some(&mut counts),
                )
                .await?;
                progress(records.len() as u64, records.len() as u64);
                None
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
                None
            }
            ImportBatch::Groups(groups) => {
                let open = open_groups(&mut tx).await?;
                let rows: Vec<_> = groups.iter().map(|g| (g.uid.0, group_values(g))).collect();
                let owned: Vec<&str> = GROUP_COLUMNS.iter().map(|(c, _)| *c).collect();
                let keys = sync_groups(&mut tx, &rows, &owned, &mut counts, progress).await?;
                let areas: HashSet<String> =
                    groups.iter().map(|g| g.kind.key().to_string()).collect();
                let (decision, missing) = judge(batch.kind(), &open, &keys, &areas, told);
                Some((decision, Pending::Groups(missing)))
            }
            ImportBatch::GroupLinks(records) => {
                let current = current_memberships(&mut tx).await?;
                let groups: Vec<&Group> = records.iter().map(|r| &r.group).collect();
                insert_unknown_groups(&mut tx, &groups).await?;
                let links: Vec<GroupLink> = records.iter().map(|r| r.link.clone()).collect();
                let keys = sync_links(&mut tx, &links, &mut counts, progress).await?;
                let areas: HashSet<String> = records
                    .iter()
                    .map(|r| r.group.kind.key().to_string())
                    .collect();
                let (decision, missing) = judge(batch.kind(), &current, &keys, &areas, told);
                Some((decision, Pending::Memberships(missing)))
            }
            ImportBatch::EstablishmentLinks(links) => {
                let stored = stored_establishment_links(&mut tx).await?;
                let keys = sync_establishment_links(&mut tx, links, &mut counts, progress).await?;
                let (decision, _) = judge(batch.kind(), &stored, &keys, &HashSet::new(), told);
                Some((decision, Pending::Nothing))
            }
        };
        let mut closing = None;
        if let Some((decision, pending)) = plan {
            let unconfirmed = options
                .confirmed_closing
                .is_some_and(|confirmed| decision.closing > confirmed);
            if !options.dry_run && decision.needs_confirmation && unconfirmed {
                tx.rollback().await?;
                counts.closed = decision.closing;
                return Ok(ImportReport {
                    counts,
                    closing: Some(decision),
                    held_back: true,
                });
            }
            if decision.closing > 0 {
                counts.closed += close(&mut tx, pending, as_at).await?;
            }
            closing = Some(decision);
        }
        refresh_derived(&mut tx).await?;
        record_import(&mut tx, source, &counts, &options.skipped_rows, false).await?;
        if options.dry_run {
            tx.rollback().await?;
        } else {
            tx.commit().await?;
        }
        Ok(ImportReport {
            counts,
            closing,
            held_back: false,
        })
    }
}

/// The academic years a file of dated figures covers: every year it gives a figure for.
fn years_of(records: &[OutcomeRecord]) -> BTreeSet<String> {
    records
        .iter()
        .flat_map(|r| r.outcomes.iter().map(|o| o.year.clone()))
        .collect()
}

/// An open (or current) record stored before an import: its key, and the area it is in as
/// (key, name) for the not-obviously-filtered test, if it has one.
type Stored<K> = Vec<(K, Option<(String, String)>)>;

/// Counts what the file covers of what was stored, asks the domain whether it is complete,
/// and lists the stored records it does not hold (what a complete file closes).
fn judge<K: Eq + Hash + Clone>(
    kind: ImportKind,
    stored: &Stored<K>,
    seen: &HashSet<K>,
    file_areas: &HashSet<String>,
    told: Completeness,
) -> (ClosingDecision, Vec<K>) {
    let missing: Vec<K> = stored
        .iter()
        .filter(|(key, _)| !seen.contains(key))
        .map(|(key, _)| key.clone())
        .collect();
    let areas: BTreeMap<&str, &str> = stored
        .iter()
        .filter_map(|(_, area)| area.as_ref())
        .map(|(key, name)| (key.as_str(), name.as_str()))
        .collect();
    let mut missing_areas: Vec<String> = areas
        .iter()
        .filter(|(key, _)| !file_areas.contains(**key))
        .map(|(_, name)| name.to_string())
        .collect();
    missing_areas.sort();
    let coverage = Coverage {
        stored: stored.len() as u64,
        held: (stored.len() - missing.len()) as u64,
        stored_areas: areas.len() as u64,
        missing_areas,
    };
    (judge_completeness(kind, coverage, told), missing)
}

/// Open schools and their local authorities, before the import.
async fn open_schools(conn: &mut AnyConnection) -> Result<Stored<i64>, StoreError> {
    let rows = sqlx::query("SELECT urn, la_code, la_name FROM schools WHERE status <> 'closed'")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let la_code: Option<i64> = row.try_get("la_code")?;
            let la_name: Option<String> = row.try_get("la_name")?;
            let area = la_code.map(|code| {
                let name = match la_name {
                    Some(name) => format!("{name} ({code})"),
                    None => code.to_string(),
                };
                (code.to_string(), name)
            });
            Ok((get_i64(row, "urn")?, area))
        })
        .collect()
}

/// Open groups and their types, before the import.
async fn open_groups(conn: &mut AnyConnection) -> Result<Stored<i64>, StoreError> {
    let rows = sqlx::query("SELECT uid, kind FROM groups WHERE status <> 'closed'")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok((get_i64(row, "uid")?, Some(group_type(&kind))))
        })
        .collect()
}

/// Current memberships and the types of their groups, before the import.
async fn current_memberships(conn: &mut AnyConnection) -> Result<Stored<(i64, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT gl.group_uid, gl.urn, g.kind FROM group_links gl
         LEFT JOIN groups g ON g.uid = gl.group_uid WHERE gl.left_date IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: Option<String> = row.try_get("kind")?;
            let key = (get_i64(row, "group_uid")?, get_i64(row, "urn")?);
            Ok((key, kind.as_deref().map(group_type)))
        })
        .collect()
}

/// Every stored establishment link, before the import.
async fn stored_establishment_links(
    conn: &mut AnyConnection,
) -> Result<Stored<(i64, i64, String)>, StoreError> {
    let rows = sqlx::query("SELECT urn, linked_urn, link_type FROM establishment_links")
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let key = (
                get_i64(row, "urn")?,
                get_i64(row, "linked_urn")?,
                row.try_get("link_type")?,
            );
            Ok((key, None))
        })
        .collect()
}

/// A group type as an area: its stored key and its label.
fn group_type(key: &str) -> (String, String) {
    let kind = GroupKind::from_key(key);
    (kind.key().to_string(), kind.label().to_string())
}

/// Closes (or ends) what a complete file does not list, dated by the file.
async fn close(
    conn: &mut AnyConnection,
    pending: Pending,
    as_at: Option<Date>,
) -> Result<u64, StoreError> {
    match pending {
        Pending::Schools(urns) => {
            close_rows(conn, "schools", "urn", "close_date", &urns, as_at).await
        }
        Pending::Groups(uids) => {
            close_rows(conn, "groups", "uid", "closed_date", &uids, as_at).await
        }
        Pending::Memberships(keys) => end_memberships(conn, &keys, as_at).await,
        Pending::Nothing => Ok(0),
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

/// Marks the given open rows closed, dated by the extract (a date already set is kept).
async fn close_rows(
    conn: &mut AnyConnection,
    table: &str,
    key: &str,
    date_column: &str,
    ids: &[i64],
    as_at: Option<Date>,
) -> Result<u64, StoreError> {
    let date = as_at.map(|d| d.to_string());
    for id in ids {
        sqlx::query(&format!(
            "UPDATE {table} SET status = 'closed', {date_column} = COALESCE({date_column}, $1) WHERE {key} = $2"
        ))
        .bind(date.clone())
        .bind(*id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(ids.len() as u64)
}

/// Ends the given current memberships, dated by the extract (or today, if it is undated).
async fn end_memberships(
    conn: &mut AnyConnection,
    keys: &[(i64, i64)],
    as_at: Option<Date>,
) -> Result<u64, StoreError> {
    let ended = as_at.unwrap_or_else(today).to_string();
    for (group_uid, urn) in keys {
        sqlx::query("UPDATE group_links SET left_date = $1 WHERE group_uid = $2 AND urn = $3")
            .bind(ended.clone())
            .bind(*group_uid)
            .bind(*urn)
            .execute(&mut *conn)
            .await?;
    }
    Ok(keys.len() as u64)
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

/// Upserts memberships from a links file (reopening any it lists as current) and returns
/// the memberships it lists.
async fn sync_links(
    conn: &mut AnyConnection,
    links: &[GroupLink],
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<HashSet<(i64, i64)>, StoreError> {
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
    progress(total, total);
    Ok(seen)
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

/// Upserts predecessor and successor links and returns the links the file lists (keyed as
/// [`stored_establishment_links`] keys them). Links missing from the file are kept: they
/// record history.
async fn sync_establishment_links(
    conn: &mut AnyConnection,
    links: &[EstablishmentLink],
    counts: &mut ImportCounts,
    progress: Progress<'_>,
) -> Result<HashSet<(i64, i64, String)>, StoreError> {
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
    let mut seen = HashSet::with_capacity(links.len());
    let total = links.len() as u64;
    for (done, link) in links.iter().enumerate() {
        let key = (link.urn.0, link.linked_urn.0, link.link_type.clone());
        seen.insert(key.clone());
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
    Ok(seen)
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
