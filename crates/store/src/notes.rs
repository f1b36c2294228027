//! Notes, the first confidential record. Every read goes through [`visible_to`], the SQL
//! form of the domain's `may_read`, so a note someone may not see is never returned: not
//! in lists, search, the API or CSV, and not by its number.

use crate::audit_log::record;
use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::sql_filter::{like_escape, Filter};
use crate::value::Value;
use crate::visibility_sql::{insert_shares, NOTES};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{ReadScope, Visibility};
use convene_domain::account::PersonId;
use convene_domain::audit::{AuditAction, AuditEvent};
use convene_domain::note::{Note, NoteDraft, NoteId, FORMER_MEMBER};
use convene_domain::party::{NamedOrg, OrgRef};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// Which notes to list, beyond what the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteFilter {
    /// Words that must all appear in the title or text.
    pub text: String,
    /// Only notes about this organisation.
    pub about: Option<OrgRef>,
    /// Only notes by this person.
    pub author: Option<PersonId>,
}

/// Most notes returned at once.
pub const MAX_NOTES: usize = 200;

/// Adds the visibility rule for `scope` to a filter over `notes n`.
pub(crate) fn visible_to(scope: &ReadScope, filter: &mut Filter) {
    crate::visibility_sql::visible_to(NOTES, scope, filter);
}

const NOTE_SELECT: &str = "SELECT n.id, n.author_id, p.name AS author_name, n.title, n.body, \
     n.about_key, n.visibility, n.created_at FROM notes n LEFT JOIN people p ON p.id = n.author_id";

impl Store {
    /// Stores a note and whom it is shared with, in one transaction.
    pub async fn create_note(
        &self,
        author: PersonId,
        draft: &NoteDraft,
    ) -> Result<NoteId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO notes (author_id, title, body, about_key, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(author.0)
        .bind(draft.title.clone())
        .bind(draft.body.clone())
        .bind(draft.about.map(|o| o.key()))
        .bind(draft.visibility.level_key())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = NoteId(get_i64(&row, "id")?);
        insert_shares(&mut tx, NOTES, id.0, &draft.visibility).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The notes `scope` may see that match `filter`, newest first.
    pub async fn notes(
        &self,
        scope: &ReadScope,
        filter: &NoteFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Note>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(scope, &mut where_);
        for word in filter.text.split_whitespace() {
            let pattern = format!("%{}%", like_escape(&word.to_lowercase()));
            where_.push(
                "(LOWER(n.title) LIKE ? ESCAPE '\\' OR LOWER(n.body) LIKE ? ESCAPE '\\')",
                vec![
                    Value::Text(Some(pattern.clone())),
                    Value::Text(Some(pattern)),
                ],
            );
        }
        if let Some(about) = filter.about {
            where_.push("n.about_key = ?", vec![Value::Text(Some(about.key()))]);
        }
        if let Some(author) = filter.author {
            where_.push("n.author_id = ?", vec![Value::Int(Some(author.0))]);
        }
        let next = where_.next_param();
        let sql = format!(
            "{NOTE_SELECT}{} ORDER BY n.id DESC LIMIT ${next} OFFSET ${}",
            where_.where_sql(),
            next + 1
        );
        let rows = where_
            .fetch_all(
                self.pool(),
                &sql,
                vec![
                    Value::Int(Some(limit.min(MAX_NOTES) as i64)),
                    Value::Int(Some(offset as i64)),
                ],
            )
            .await?;
        let mut conn = self.pool().acquire().await?;
        let mut notes = Vec::with_capacity(rows.len());
        for row in &rows {
            notes.push(note_from_row(&mut conn, row).await?);
        }
        Ok(notes)
    }

    /// One note, if `scope` may see it.
    pub async fn note(&self, scope: &ReadScope, id: NoteId) -> Result<Option<Note>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(scope, &mut where_);
        where_.push("n.id = ?", vec![Value::Int(Some(id.0))]);
        let sql = format!("{NOTE_SELECT}{}", where_.where_sql());
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(note_from_row(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// Records that `reader` read a confidential note: one entry for each organisation it
    /// is shared with, so each party's administrators see it, or one personal entry for a
    /// private note.
    pub async fn record_confidential_read(
        &self,
        reader: PersonId,
        note: &Note,
        address: Option<&str>,
    ) -> Result<(), StoreError> {
        let organisations: Vec<Option<OrgRef>> = match &note.visibility {
            Visibility::Organisations(orgs) => orgs.iter().copied().map(Some).collect(),
            _ => vec![None],
        };
        let mut tx = self.pool().begin().await?;
        for organisation in organisations {
            record(
                &mut tx,
                &AuditEvent {
                    actor: Some(reader),
                    action: AuditAction::ConfidentialRecordRead,
                    organisation,
                    subject: format!("note {}", note.id.0),
                    address: address.map(str::to_string),
                },
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a note's text, subject and sharing, for its author, in one transaction.
    /// `false` if they wrote no such note.
    pub async fn update_note(
        &self,
        author: PersonId,
        id: NoteId,
        draft: &NoteDraft,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE notes SET title = $1, body = $2, about_key = $3, visibility = $4
             WHERE id = $5 AND author_id = $6",
        )
        .bind(draft.title.clone())
        .bind(draft.body.clone())
        .bind(draft.about.map(|o| o.key()))
        .bind(draft.visibility.level_key())
        .bind(id.0)
        .bind(author.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM note_shares WHERE note_id = $1")
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        insert_shares(&mut tx, NOTES, id.0, &draft.visibility).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Deletes a note by its author. `false` if they wrote no such note.
    pub async fn delete_note(&self, author: PersonId, id: NoteId) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "DELETE FROM note_shares WHERE note_id IN (
                SELECT id FROM notes WHERE id = $1 AND author_id = $2)",
        )
        .bind(id.0)
        .bind(author.0)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM notes WHERE id = $1 AND author_id = $2")
            .bind(id.0)
            .bind(author.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }
}

async fn note_from_row(conn: &mut AnyConnection, row: &AnyRow) -> Result<Note, StoreError> {
    let id = NoteId(get_i64(row, "id")?);
    let level: String = row.try_get("visibility")?;
    let shares = sqlx::query("SELECT org_key FROM note_shares WHERE note_id = $1 ORDER BY org_key")
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
    let mut shared: BTreeSet<OrgRef> = BTreeSet::new();
    for share in &shares {
        let key: String = share.try_get("org_key")?;
        shared.insert(OrgRef::parse(&key).ok_or_else(|| StoreError::Corrupt(key.clone()))?);
    }
    let mut shared_with = Vec::with_capacity(shared.len());
    for org in &shared {
        shared_with.push(named(conn, *org).await?);
    }
    let about = match row.try_get::<Option<String>, _>("about_key")? {
        Some(key) => {
            let org = OrgRef::parse(&key).ok_or_else(|| StoreError::Corrupt(key.clone()))?;
            Some(named(conn, org).await?)
        }
        None => None,
    };
    Ok(Note {
        id,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(PersonId),
        author_name: row
            .try_get::<Option<String>, _>("author_name")?
            .unwrap_or_else(|| FORMER_MEMBER.to_string()),
        title: row.try_get("title")?,
        body: row.try_get("body")?,
        about,
        visibility: Visibility::from_parts(&level, shared)
            .ok_or_else(|| StoreError::Corrupt(format!("visibility {level}")))?,
        shared_with,
        created_at: row.try_get("created_at")?,
    })
}

async fn named(conn: &mut AnyConnection, org: OrgRef) -> Result<NamedOrg, StoreError> {
    Ok(NamedOrg {
        org,
        name: org_name_on(conn, org).await?.unwrap_or_else(|| org.key()),
    })
}
