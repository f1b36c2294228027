//! Recognition: nominations and endorsements, the records each rests on, and the nominee's
//! answer.
//!
//! Who reads what is decided in SQL for every list and single read, by the domain's rule
//! (`evidence::recognition`): an accepted recognition that was not withdrawn for anyone;
//! any other only for its parties (the nominee person, the people acting for the nominee
//! organisation, its writer and the people acting for the giving organisation). Platform
//! administrators are everyone else. Every change reads the recognition, asks the domain
//! whether the person may make it, and writes it in one transaction.

use crate::brokerage::{administrators, notify};
use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at};
use crate::sql_filter::Filter;
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{ReadScope, Viewer};
use convene_domain::account::PersonId;
use convene_domain::evidence::recognition::{
    Answer, EvidenceRef, Nominee, Recognition, RecognitionDraft, RecognitionId, RecognitionKind,
};
use convene_domain::party::OrgRef;
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeSet;

/// Most recognitions one list returns.
pub const MAX_RECOGNITIONS_LISTED: usize = 500;

/// Which recognitions to list, beyond what the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecognitionList {
    /// Only those shown to everyone (accepted, not withdrawn).
    pub shown_only: bool,
    /// Only those not shown to everyone (waiting, declined or withdrawn): the reader's own.
    pub unshown_only: bool,
    /// Only those for this nominee.
    pub nominee: Option<Nominee>,
    /// Only of this kind.
    pub kind: Option<RecognitionKind>,
}

const SELECT: &str = "SELECT r.id, r.kind, r.nominee_key, r.nominee_name, r.from_key, \
    r.from_name, r.written_by, r.written_by_name, r.body, r.given_on, r.answer, \
    r.answered_on, r.withdrawn_on FROM recognitions r";

const SHOWN: &str = "(r.answer = 'accepted' AND r.withdrawn_on IS NULL)";

/// Adds the reading rule for `reader` to `filter`.
fn visible_to(reader: &ReadScope, filter: &mut Filter) {
    let mut clause = format!("({SHOWN}");
    let mut params = Vec::new();
    if let Some(person) = reader.person {
        clause.push_str(" OR r.written_by = ? OR r.nominee_key = ?");
        params.push(Value::Int(Some(person.0)));
        params.push(Value::Text(Some(Nominee::Person(person).key())));
    }
    if !reader.organisations.is_empty() {
        let marks = vec!["?"; reader.organisations.len()].join(", ");
        clause.push_str(&format!(
            " OR r.from_key IN ({marks}) OR r.nominee_key IN ({marks})"
        ));
        for _ in 0..2 {
            params.extend(
                reader
                    .organisations
                    .iter()
                    .map(|o| Value::Text(Some(o.key()))),
            );
        }
    }
    clause.push(')');
    filter.push(&clause, params);
}

impl Store {
    /// Saves a recognition written by `writer` (who acts for its giving organisation; the
    /// caller checked the records it rests on), and tells the nominee (or the nominee
    /// organisation's administrators) in their notices, in one transaction. Refused if
    /// the same organisation's recognition of the same nominee is still waiting for an
    /// answer.
    pub async fn create_recognition(
        &self,
        writer: &Viewer,
        draft: &RecognitionDraft,
        today: Date,
    ) -> Result<RecognitionId, StoreError> {
        if let Some(refusal) = draft.refused_for(writer) {
            return Err(StoreError::Refused(refusal));
        }
        let mut tx = self.pool().begin().await?;
        let waiting = sqlx::query(
            "SELECT COUNT(*) AS n FROM recognitions WHERE nominee_key = $1 AND from_key = $2
             AND answer = 'awaiting' AND withdrawn_on IS NULL",
        )
        .bind(draft.nominee.key())
        .bind(draft.from.key())
        .fetch_one(&mut *tx)
        .await?;
        if get_i64(&waiting, "n")? > 0 {
            return Err(StoreError::Refused(
                "Your organisation's earlier recognition of them is still waiting for an answer."
                    .into(),
            ));
        }
        let nominee_name = nominee_name(&mut tx, draft.nominee).await?;
        let from_name = org_name_on(&mut tx, draft.from).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {}", draft.from))
        })?;
        let row = sqlx::query(
            "INSERT INTO recognitions (kind, nominee_key, nominee_name, from_key, from_name,
                written_by, written_by_name, body, given_on, answer, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'awaiting', $10) RETURNING id",
        )
        .bind(draft.kind.key())
        .bind(draft.nominee.key())
        .bind(nominee_name.clone())
        .bind(draft.from.key())
        .bind(from_name.clone())
        .bind(writer.id.0)
        .bind(writer.name.clone())
        .bind(draft.text.clone())
        .bind(today.to_string())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = RecognitionId(get_i64(&row, "id")?);
        for evidence in &draft.evidence {
            sqlx::query(
                "INSERT INTO recognition_evidence (recognition_id, evidence_key) VALUES ($1, $2)",
            )
            .bind(id.0)
            .bind(evidence.key())
            .execute(&mut *tx)
            .await?;
        }
        let told: Vec<PersonId> = match draft.nominee {
            Nominee::Person(person) => vec![person],
            Nominee::Organisation(org) => administrators(&mut tx, org)
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect(),
        };
        let text = format!(
            "{from_name} gave {nominee_name} {}: accept it to show it on {} page",
            draft.kind.with_article(),
            match draft.nominee {
                Nominee::Person(_) => "your",
                Nominee::Organisation(_) => "its",
            }
        );
        for person in told {
            notify(
                &mut tx,
                person,
                &text,
                &format!("/recognition/{}", id.0),
                None,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Recognition `id`, if `reader` may see it.
    pub async fn recognition(
        &self,
        reader: &ReadScope,
        id: RecognitionId,
    ) -> Result<Option<Recognition>, StoreError> {
        let mut filter = Filter::default();
        filter.push("r.id = ?", vec![Value::Int(Some(id.0))]);
        visible_to(reader, &mut filter);
        let sql = format!("{SELECT}{}", filter.where_sql());
        let rows = filter.fetch_all(self.pool(), &sql, Vec::new()).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(read_whole(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// The recognitions `reader` may see that `list` asks for, newest first.
    pub async fn recognitions(
        &self,
        reader: &ReadScope,
        list: &RecognitionList,
        limit: usize,
    ) -> Result<Vec<Recognition>, StoreError> {
        let mut filter = Filter::default();
        visible_to(reader, &mut filter);
        if list.shown_only {
            filter.push(SHOWN, Vec::new());
        }
        if list.unshown_only {
            filter.push(&format!("NOT {SHOWN}"), Vec::new());
        }
        if let Some(nominee) = list.nominee {
            filter.push("r.nominee_key = ?", vec![Value::Text(Some(nominee.key()))]);
        }
        if let Some(kind) = list.kind {
            filter.push("r.kind = ?", vec![Value::Text(Some(kind.key().into()))]);
        }
        let sql = format!(
            "{SELECT}{} ORDER BY r.given_on DESC, r.id DESC LIMIT ${}",
            filter.where_sql(),
            filter.next_param()
        );
        let limit = Value::Int(Some(limit.min(MAX_RECOGNITIONS_LISTED) as i64));
        let rows = filter.fetch_all(self.pool(), &sql, vec![limit]).await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(read_whole(&mut conn, row).await?);
        }
        Ok(out)
    }

    /// Records the nominee's answer (they may change it later), telling its writer.
    pub async fn answer_recognition(
        &self,
        viewer: &Viewer,
        id: RecognitionId,
        accept: bool,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let recognition = read_for_change(&mut tx, viewer, id).await?;
        if let Some(refusal) = recognition.refuses_answer(viewer) {
            return Err(StoreError::Refused(refusal));
        }
        let answer = if accept {
            Answer::Accepted
        } else {
            Answer::Declined
        };
        sqlx::query("UPDATE recognitions SET answer = $1, answered_on = $2 WHERE id = $3")
            .bind(answer.key())
            .bind(today.to_string())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        if answer != recognition.answer {
            let text = format!(
                "{} {} your organisation's {}",
                recognition.nominee_name,
                if accept { "accepted" } else { "declined" },
                recognition.draft.kind.label().to_lowercase()
            );
            notify(
                &mut tx,
                recognition.written_by,
                &text,
                &format!("/recognition/{}", id.0),
                None,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Withdraws it (its writer or an administrator of the giving organisation): it is
    /// shown to no one beyond its parties from now on.
    pub async fn withdraw_recognition(
        &self,
        viewer: &Viewer,
        id: RecognitionId,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let recognition = read_for_change(&mut tx, viewer, id).await?;
        if let Some(refusal) = recognition.refuses_withdrawal(viewer) {
            return Err(StoreError::Refused(refusal));
        }
        sqlx::query("UPDATE recognitions SET withdrawn_on = $1 WHERE id = $2")
            .bind(today.to_string())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Forgets a deleted person's part in recognition: what they wrote stays, without them;
/// recognition of them goes.
pub(crate) async fn forget_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<(), StoreError> {
    let key = Nominee::Person(person).key();
    sqlx::query(
        "DELETE FROM recognition_evidence WHERE recognition_id IN
            (SELECT id FROM recognitions WHERE nominee_key = $1)",
    )
    .bind(key.clone())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM recognitions WHERE nominee_key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE recognitions SET written_by = NULL, written_by_name = 'A former member'
         WHERE written_by = $1",
    )
    .bind(person.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn nominee_name(conn: &mut AnyConnection, nominee: Nominee) -> Result<String, StoreError> {
    match nominee {
        Nominee::Organisation(org) => org_name_on(conn, org)
            .await?
            .ok_or_else(|| StoreError::Refused(format!("There is no organisation {org}"))),
        Nominee::Person(person) => {
            let row = sqlx::query("SELECT name FROM people WHERE id = $1")
                .bind(person.0)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::Refused("There is no such person on Convene".into()))?;
            Ok(row.try_get("name")?)
        }
    }
}

/// Reads recognition `id` inside a transaction for someone who may see it; anyone else is
/// told there is no such recognition.
async fn read_for_change(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    id: RecognitionId,
) -> Result<Recognition, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such recognition.".into()))?;
    let recognition = read_whole(conn, &row).await?;
    if !recognition.may_read(Some(viewer)) {
        return Err(StoreError::Refused("There is no such recognition.".into()));
    }
    Ok(recognition)
}

async fn read_whole(conn: &mut AnyConnection, row: &AnyRow) -> Result<Recognition, StoreError> {
    let id = RecognitionId(get_i64(row, "id")?);
    let text = |column: &str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    let optional_date = |column: &str| -> Result<Option<Date>, StoreError> {
        let value: Option<String> = row.try_get(column)?;
        value
            .map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
            .transpose()
    };
    let kind_key = text("kind")?;
    let nominee_key = text("nominee_key")?;
    let from_key = text("from_key")?;
    let answer_key = text("answer")?;
    let evidence_rows = sqlx::query(
        "SELECT evidence_key FROM recognition_evidence WHERE recognition_id = $1
         ORDER BY evidence_key",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let mut evidence = BTreeSet::new();
    for r in &evidence_rows {
        let key: String = r.try_get("evidence_key")?;
        evidence.insert(EvidenceRef::parse(&key).ok_or_else(|| corrupt("evidence", key))?);
    }
    let written_by: Option<i64> = row.try_get("written_by")?;
    Ok(Recognition {
        id,
        draft: RecognitionDraft {
            nominee: Nominee::parse(&nominee_key).ok_or_else(|| corrupt("nominee", nominee_key))?,
            kind: RecognitionKind::from_key(&kind_key).ok_or_else(|| corrupt("kind", kind_key))?,
            from: OrgRef::parse(&from_key).ok_or_else(|| corrupt("organisation", from_key))?,
            text: text("body")?,
            evidence,
        },
        nominee_name: text("nominee_name")?,
        from_name: text("from_name")?,
        written_by: PersonId(written_by.unwrap_or(0)),
        written_by_name: text("written_by_name")?,
        given_on: date_at(row, "given_on")?,
        answer: Answer::from_key(&answer_key).ok_or_else(|| corrupt("answer", answer_key))?,
        answered_on: optional_date("answered_on")?,
        withdrawn_on: optional_date("withdrawn_on")?,
    })
}
