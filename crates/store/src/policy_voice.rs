//! A voice in policy: calls for input, who responded and what they said, the choice of
//! people for a group, and the collective submission with its quotes' consent.
//!
//! Calls are public: they are invitations. Who may read responses is the call's own rule
//! (`policy_voice::call::Call::reads_responses`), applied by the caller, which passes
//! whether names may be shown; here an anonymous call's responses are stored with no
//! organisation, no writer and no time, so no read can join them to who gave them. Every
//! write is one transaction and checks that the call is open, the writer acts for the
//! organisation, and nothing is half-written.

use crate::brokerage::{administrators, notify};
use crate::content_order::order_key;
use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::Viewer;
use convene_domain::account::PersonId;
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::place::Region;
use convene_domain::policy_voice::submission::{Quote, QuoteConsent, Submission, SubmissionDraft};
use convene_domain::policy_voice::{
    Call, CallDraft, CallId, CallKind, Nomination, Response, ResponseDraft, ResponseId,
    ResponseVisibility,
};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Most calls one list returns.
pub const MAX_CALLS_LISTED: usize = 500;

/// Most responses read for one call (far above any real consultation).
pub const MAX_RESPONSES: usize = 20_000;

const CALL_SELECT: &str = "SELECT id, convener_key, convener_name, kind, title, description, \
    how_used, closes_on, visibility, regions, opened_on, closed_on FROM calls";

impl Store {
    /// Opens a call convened by an organisation `writer` acts for (the caller checked),
    /// with its questions, in one transaction.
    pub async fn create_call(
        &self,
        writer: &Viewer,
        draft: &CallDraft,
        today: Date,
    ) -> Result<CallId, StoreError> {
        if !writer.belongs_to(draft.convener) {
            return Err(StoreError::Refused(
                "You do not act for the convening organisation".into(),
            ));
        }
        let mut tx = self.pool().begin().await?;
        let name = org_name_on(&mut tx, draft.convener).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {}", draft.convener))
        })?;
        let regions: Vec<&str> = draft.regions.iter().map(|r| r.slug()).collect();
        let row = sqlx::query(
            "INSERT INTO calls (convener_key, convener_name, kind, title, description, how_used,
                closes_on, visibility, regions, opened_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(draft.convener.key())
        .bind(name)
        .bind(draft.kind.key())
        .bind(draft.title.clone())
        .bind(draft.description.clone())
        .bind(draft.how_used.clone())
        .bind(draft.closes_on.to_string())
        .bind(draft.visibility.key())
        .bind(regions.join(","))
        .bind(today.to_string())
        .bind(writer.id.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = CallId(get_i64(&row, "id")?);
        for (i, question) in draft.questions.iter().enumerate() {
            sqlx::query("INSERT INTO call_questions (call_id, position, text) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(i as i64)
                .bind(question.clone())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Call `id`, if there is one.
    pub async fn call(&self, id: CallId) -> Result<Option<Call>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query(&format!("{CALL_SELECT} WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *conn)
            .await?;
        match row {
            Some(row) => Ok(Some(call_from(&mut conn, &row).await?)),
            None => Ok(None),
        }
    }

    /// Every call, closing soonest first among the open, then the closed newest first.
    pub async fn calls(&self, today: Date) -> Result<Vec<Call>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&format!(
            "{CALL_SELECT} ORDER BY closes_on DESC, id DESC LIMIT {MAX_CALLS_LISTED}"
        ))
        .fetch_all(&mut *conn)
        .await?;
        let mut calls = Vec::with_capacity(rows.len());
        for row in &rows {
            calls.push(call_from(&mut conn, row).await?);
        }
        calls.sort_by(|a, b| {
            b.is_open(today)
                .cmp(&a.is_open(today))
                .then_with(|| {
                    if a.is_open(today) {
                        a.draft.closes_on.cmp(&b.draft.closes_on)
                    } else {
                        b.draft.closes_on.cmp(&a.draft.closes_on)
                    }
                })
                .then(b.id.cmp(&a.id))
        });
        Ok(calls)
    }

    /// Closes call `id` early (someone acting for its convener).
    pub async fn close_call(
        &self,
        viewer: &Viewer,
        id: CallId,
        today: Date,
    ) -> Result<(), StoreError> {
        let call = self
            .call(id)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such call".into()))?;
        if !viewer.belongs_to(call.draft.convener) {
            return Err(StoreError::Refused(
                "Only its convener can close a call".into(),
            ));
        }
        if !call.is_open(today) {
            return Err(StoreError::Refused("The call is already closed".into()));
        }
        sqlx::query("UPDATE calls SET closed_on = $1 WHERE id = $2")
            .bind(today.to_string())
            .bind(id.0)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records `draft` as the response of an organisation `writer` acts for, in one
    /// transaction: refused when the call has closed or that organisation has already
    /// responded. An anonymous call's response keeps no organisation, writer or time; who
    /// responded is kept apart.
    pub async fn respond_to_call(
        &self,
        writer: &Viewer,
        call: &Call,
        draft: &ResponseDraft,
        today: Date,
    ) -> Result<ResponseId, StoreError> {
        if !writer.belongs_to(draft.org) {
            return Err(StoreError::Refused(
                "You do not act for that organisation".into(),
            ));
        }
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query("SELECT closes_on, closed_on FROM calls WHERE id = $1")
            .bind(call.id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such call".into()))?;
        let closed: Option<String> = row.try_get("closed_on")?;
        if closed.is_some() || date_at(&row, "closes_on")? < today {
            return Err(StoreError::Refused(
                "The call has closed: it takes no more responses".into(),
            ));
        }
        let already = sqlx::query(
            "SELECT COUNT(*) AS n FROM call_respondents WHERE call_id = $1 AND org_key = $2",
        )
        .bind(call.id.0)
        .bind(draft.org.key())
        .fetch_one(&mut *tx)
        .await?;
        if get_i64(&already, "n")? > 0 {
            return Err(StoreError::Refused(
                "Your organisation has already responded to this call".into(),
            ));
        }
        let name = org_name_on(&mut tx, draft.org).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {}", draft.org))
        })?;
        sqlx::query(
            "INSERT INTO call_respondents (call_id, org_key, org_name, responded_on)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(call.id.0)
        .bind(draft.org.key())
        .bind(name.clone())
        .bind(today.to_string())
        .execute(&mut *tx)
        .await?;
        let anonymous = call.draft.visibility == ResponseVisibility::Anonymous;
        let nominee = draft.nominee.as_ref();
        let row = sqlx::query(
            "INSERT INTO call_responses (call_id, org_key, org_name, written_by, comments,
                nominee_name, nominee_role, statement, chosen, sort_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10) RETURNING id",
        )
        .bind(call.id.0)
        .bind((!anonymous).then(|| draft.org.key()))
        .bind((!anonymous).then(|| name.clone()))
        .bind((!anonymous).then_some(writer.id.0))
        .bind(draft.comments.clone())
        .bind(nominee.map(|n| n.name.clone()))
        .bind(nominee.map(|n| n.role.clone()))
        .bind(nominee.map(|n| n.statement.clone()))
        .bind(order_key(&(&draft.answers, &draft.comments)))
        .bind((!anonymous).then(now_utc))
        .fetch_one(&mut *tx)
        .await?;
        let id = ResponseId(get_i64(&row, "id")?);
        for (i, answer) in draft.answers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO call_answers (response_id, position, text) VALUES ($1, $2, $3)",
            )
            .bind(id.0)
            .bind(i as i64)
            .bind(answer.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// The organisations that responded to call `id`, by name: for the representation
    /// figures and the convener's list of who was heard (never joined to what they said).
    pub async fn call_respondents(&self, id: CallId) -> Result<Vec<NamedOrg>, StoreError> {
        let rows = sqlx::query(
            "SELECT org_key, org_name FROM call_respondents WHERE call_id = $1 ORDER BY org_name, org_key",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NamedOrg {
                    org: org_at(r, "org_key")?,
                    name: r.try_get("org_name")?,
                })
            })
            .collect()
    }

    /// Call `id`'s responses: all of them when `all` (the caller decided the reader may
    /// read them), otherwise only those of `own` organisations; names only when `named`.
    /// An anonymous call's responses come in the order of their words' hash, without
    /// numbers, whoever asks.
    pub async fn call_responses(
        &self,
        call: &Call,
        all: bool,
        named: bool,
        own: &[OrgRef],
    ) -> Result<Vec<Response>, StoreError> {
        let anonymous = call.draft.visibility == ResponseVisibility::Anonymous;
        if !all && (anonymous || own.is_empty()) {
            return Ok(Vec::new());
        }
        let mut sql = "SELECT id, org_key, org_name, written_by, comments, nominee_name, \
            nominee_role, statement, chosen, sort_key FROM call_responses WHERE call_id = $1"
            .to_string();
        if !all {
            let marks: Vec<String> = (0..own.len()).map(|i| format!("${}", i + 2)).collect();
            sql.push_str(&format!(" AND org_key IN ({})", marks.join(", ")));
        }
        sql.push_str(if anonymous {
            " ORDER BY sort_key, id"
        } else {
            " ORDER BY org_name, id"
        });
        sql.push_str(&format!(" LIMIT {MAX_RESPONSES}"));
        let mut query = sqlx::query(&sql).bind(call.id.0);
        if !all {
            for org in own {
                query = query.bind(org.key());
            }
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut answers = answers_of(self, &rows).await?;
        rows.iter()
            .map(|r| {
                let id = get_i64(r, "id")?;
                let org = match (
                    named && !anonymous,
                    r.try_get::<Option<String>, _>("org_key")?,
                ) {
                    (true, Some(key)) => Some(NamedOrg {
                        org: OrgRef::parse(&key).ok_or_else(|| corrupt("organisation", key))?,
                        name: r
                            .try_get::<Option<String>, _>("org_name")?
                            .unwrap_or_default(),
                    }),
                    _ => None,
                };
                let nominee = match r.try_get::<Option<String>, _>("nominee_name")? {
                    Some(name) => Some(Nomination {
                        name,
                        role: r
                            .try_get::<Option<String>, _>("nominee_role")?
                            .unwrap_or_default(),
                        statement: r
                            .try_get::<Option<String>, _>("statement")?
                            .unwrap_or_default(),
                    }),
                    None => None,
                };
                let written_by: Option<i64> = r.try_get("written_by")?;
                Ok(Response {
                    id: (!anonymous).then_some(ResponseId(id)),
                    reference: if anonymous {
                        r.try_get("sort_key")?
                    } else {
                        id.to_string()
                    },
                    org,
                    answers: answers.remove(&id).unwrap_or_default(),
                    comments: r.try_get("comments")?,
                    nominee,
                    chosen: get_i64(r, "chosen")? != 0,
                    written_by: written_by.map(PersonId),
                })
            })
            .collect()
    }

    /// Invites `orgs` to respond to `call`: a notice to each one's administrators on
    /// Convene, in one transaction. How many people were told.
    pub async fn invite_to_call(&self, call: &Call, orgs: &[OrgRef]) -> Result<usize, StoreError> {
        let mut tx = self.pool().begin().await?;
        let mut told = 0;
        for org in orgs {
            for admin in administrators(&mut tx, *org).await? {
                notify(
                    &mut tx,
                    admin.id,
                    &format!(
                        "{} invites your organisation to respond to \"{}\" by {}",
                        call.convener_name,
                        call.draft.title,
                        call.draft.closes_on.long()
                    ),
                    &format!("/calls/{}", call.id.0),
                    None,
                )
                .await?;
                told += 1;
            }
        }
        tx.commit().await?;
        Ok(told)
    }

    /// Chooses (or stops choosing) the person put forward in response `response` to a
    /// group's call (someone acting for its convener).
    pub async fn choose_for_group(
        &self,
        viewer: &Viewer,
        call: &Call,
        response: ResponseId,
        chosen: bool,
    ) -> Result<(), StoreError> {
        if !viewer.belongs_to(call.draft.convener) {
            return Err(StoreError::Refused(
                "Only its convener can choose people".into(),
            ));
        }
        if !call.draft.kind.seats_people() {
            return Err(StoreError::Refused(
                "This call does not put people forward".into(),
            ));
        }
        let done =
            sqlx::query("UPDATE call_responses SET chosen = $1 WHERE id = $2 AND call_id = $3")
                .bind(i64::from(chosen))
                .bind(response.0)
                .bind(call.id.0)
                .execute(self.pool())
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "There is no such response to this call".into(),
            ));
        }
        Ok(())
    }

    /// The organisations whose person was chosen for a group.
    pub async fn chosen_for_group(&self, id: CallId) -> Result<Vec<OrgRef>, StoreError> {
        let rows = sqlx::query(
            "SELECT org_key FROM call_responses WHERE call_id = $1 AND chosen = 1 AND org_key IS NOT NULL",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| org_at(r, "org_key")).collect()
    }

    /// Call `id`'s collective submission, if one has been written.
    pub async fn call_submission(
        &self,
        id: CallId,
    ) -> Result<Option<(Submission, Option<String>)>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let Some(row) = sqlx::query(
            "SELECT title, body, addressed_to, representation, published_on, outcome
             FROM call_submissions WHERE call_id = $1",
        )
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        else {
            return Ok(None);
        };
        let quotes = sqlx::query(
            "SELECT number, text, org_key, org_name, consent FROM call_submission_quotes
             WHERE call_id = $1 ORDER BY number",
        )
        .bind(id.0)
        .fetch_all(&mut *conn)
        .await?;
        let quotes = quotes
            .iter()
            .map(|q| {
                let consent: String = q.try_get("consent")?;
                let org = match q.try_get::<Option<String>, _>("org_key")? {
                    Some(key) => Some(NamedOrg {
                        org: OrgRef::parse(&key).ok_or_else(|| corrupt("organisation", key))?,
                        name: q
                            .try_get::<Option<String>, _>("org_name")?
                            .unwrap_or_default(),
                    }),
                    None => None,
                };
                Ok(Quote {
                    number: get_i64(q, "number")?,
                    text: q.try_get("text")?,
                    org,
                    consent: QuoteConsent::from_key(&consent)
                        .ok_or_else(|| corrupt("consent", consent))?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let published: Option<String> = row.try_get("published_on")?;
        Ok(Some((
            Submission {
                title: row.try_get("title")?,
                body: row.try_get("body")?,
                addressed_to: row.try_get("addressed_to")?,
                quotes,
                published_on: published
                    .map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
                    .transpose()?,
                outcome: row.try_get("outcome")?,
            },
            row.try_get("representation")?,
        )))
    }

    /// Writes (or rewrites) call `id`'s submission, someone acting for its convener,
    /// while it is unpublished: each quote must be words from one of the call's responses,
    /// and every quoted organisation is asked again. The quoted organisations'
    /// administrators are told.
    pub async fn save_submission(
        &self,
        viewer: &Viewer,
        call: &Call,
        draft: &SubmissionDraft,
    ) -> Result<(), StoreError> {
        if !viewer.belongs_to(call.draft.convener) {
            return Err(StoreError::Refused(
                "Only its convener can write the submission".into(),
            ));
        }
        let mut tx = self.pool().begin().await?;
        let published = sqlx::query("SELECT published_on FROM call_submissions WHERE call_id = $1")
            .bind(call.id.0)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = &published {
            if row.try_get::<Option<String>, _>("published_on")?.is_some() {
                return Err(StoreError::Refused(
                    "The submission has been published: it can no longer change".into(),
                ));
            }
        }
        let mut quoted = Vec::new();
        let anonymous = call.draft.visibility == ResponseVisibility::Anonymous;
        for (reference, text) in &draft.quotes {
            let not_this_call = || {
                StoreError::Refused(format!(
                    "\"{}\" is not a response to this call",
                    reference.chars().take(40).collect::<String>()
                ))
            };
            let query = if anonymous {
                sqlx::query(
                    "SELECT r.id, r.org_key, r.org_name, r.comments, r.statement FROM call_responses r
                     WHERE r.sort_key = $1 AND r.call_id = $2 ORDER BY r.id LIMIT 1",
                )
                .bind(reference.clone())
            } else {
                let id: i64 = reference.parse().map_err(|_| not_this_call())?;
                sqlx::query(
                    "SELECT r.id, r.org_key, r.org_name, r.comments, r.statement FROM call_responses r
                     WHERE r.id = $1 AND r.call_id = $2",
                )
                .bind(id)
            };
            let row = query
                .bind(call.id.0)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(not_this_call)?;
            let response = ResponseId(get_i64(&row, "id")?);
            let answers = sqlx::query("SELECT text FROM call_answers WHERE response_id = $1")
                .bind(response.0)
                .fetch_all(&mut *tx)
                .await?;
            let mut said: Vec<String> = answers
                .iter()
                .map(|a| a.try_get::<String, _>("text"))
                .collect::<Result<_, _>>()?;
            said.push(row.try_get("comments")?);
            said.extend(row.try_get::<Option<String>, _>("statement")?);
            if !said.iter().any(|s| s.contains(text.as_str())) {
                return Err(StoreError::Refused(format!(
                    "The words quoted from response \"{}\" are not in it: quote them exactly",
                    reference.chars().take(40).collect::<String>()
                )));
            }
            let org: Option<String> = row.try_get("org_key")?;
            let name: Option<String> = row.try_get("org_name")?;
            quoted.push((response, text.clone(), org, name));
        }
        sqlx::query("DELETE FROM call_submission_quotes WHERE call_id = $1")
            .bind(call.id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM call_submissions WHERE call_id = $1")
            .bind(call.id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO call_submissions (call_id, title, body, addressed_to, updated_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(call.id.0)
        .bind(draft.title.clone())
        .bind(draft.body.clone())
        .bind(draft.addressed_to.clone())
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
        let mut told = Vec::new();
        for (i, (response, text, org, name)) in quoted.iter().enumerate() {
            let consent = if org.is_some() {
                QuoteConsent::Awaiting
            } else {
                QuoteConsent::Anonymous
            };
            sqlx::query(
                "INSERT INTO call_submission_quotes (call_id, number, response_id, text, org_key,
                    org_name, consent) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(call.id.0)
            .bind(i as i64 + 1)
            .bind(response.0)
            .bind(text.clone())
            .bind(org.clone())
            .bind(name.clone())
            .bind(consent.key())
            .execute(&mut *tx)
            .await?;
            if let Some(org) = org.as_deref().and_then(OrgRef::parse) {
                if !told.contains(&org) {
                    told.push(org);
                }
            }
        }
        for org in told {
            for admin in administrators(&mut tx, org).await? {
                notify(
                    &mut tx,
                    admin.id,
                    &format!(
                        "{} wants to quote your organisation's response in its submission on \"{}\": agree or refuse",
                        call.convener_name, call.draft.title
                    ),
                    &format!("/calls/{}/submission", call.id.0),
                    None,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// A quoted organisation's answer for quote `number` (someone acting for it).
    pub async fn answer_quote(
        &self,
        viewer: &Viewer,
        call: &Call,
        number: i64,
        agree: bool,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "SELECT q.org_key, s.published_on FROM call_submission_quotes q
             JOIN call_submissions s ON s.call_id = q.call_id
             WHERE q.call_id = $1 AND q.number = $2",
        )
        .bind(call.id.0)
        .bind(number)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such quote".into()))?;
        let org: Option<String> = row.try_get("org_key")?;
        let Some(org) = org.as_deref().and_then(OrgRef::parse) else {
            return Err(StoreError::Refused(
                "An anonymous quote needs no answer".into(),
            ));
        };
        if !viewer.belongs_to(org) {
            return Err(StoreError::Refused(
                "Only the quoted organisation's people can answer for it".into(),
            ));
        }
        if row.try_get::<Option<String>, _>("published_on")?.is_some() {
            return Err(StoreError::Refused(
                "The submission has been published".into(),
            ));
        }
        let consent = if agree {
            QuoteConsent::Given
        } else {
            QuoteConsent::Refused
        };
        sqlx::query(
            "UPDATE call_submission_quotes SET consent = $1, answered_by = $2, answered_on = $3
             WHERE call_id = $4 AND number = $5",
        )
        .bind(consent.key())
        .bind(viewer.name.clone())
        .bind(today.to_string())
        .bind(call.id.0)
        .bind(number)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes call `id`'s submission with the representation figures as they stand
    /// (`representation`, as JSON), once every quoted organisation has agreed.
    pub async fn publish_submission(
        &self,
        viewer: &Viewer,
        call: &Call,
        representation: &str,
        today: Date,
    ) -> Result<(), StoreError> {
        if !viewer.belongs_to(call.draft.convener) {
            return Err(StoreError::Refused(
                "Only its convener can publish the submission".into(),
            ));
        }
        let (submission, _) = self
            .call_submission(call.id)
            .await?
            .ok_or_else(|| StoreError::Refused("Write the submission first".into()))?;
        if submission.published_on.is_some() {
            return Err(StoreError::Refused("It has already been published".into()));
        }
        let waiting = submission.waiting_for();
        if !waiting.is_empty() {
            let names: Vec<&str> = waiting.iter().map(|o| o.name.as_str()).collect();
            return Err(StoreError::Refused(format!(
                "Every quoted organisation must agree first; waiting for {}",
                names.join(", ")
            )));
        }
        sqlx::query(
            "UPDATE call_submissions SET published_on = $1, representation = $2, updated_at = $3
             WHERE call_id = $4 AND published_on IS NULL",
        )
        .bind(today.to_string())
        .bind(representation.to_string())
        .bind(now_utc())
        .bind(call.id.0)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records what the policy-maker did with the published submission.
    pub async fn record_submission_outcome(
        &self,
        viewer: &Viewer,
        call: &Call,
        outcome: &str,
    ) -> Result<(), StoreError> {
        if !viewer.belongs_to(call.draft.convener) {
            return Err(StoreError::Refused(
                "Only its convener can record the outcome".into(),
            ));
        }
        let done = sqlx::query(
            "UPDATE call_submissions SET outcome = $1, updated_at = $2
             WHERE call_id = $3 AND published_on IS NOT NULL",
        )
        .bind(outcome.to_string())
        .bind(now_utc())
        .bind(call.id.0)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused("Publish the submission first".into()));
        }
        Ok(())
    }
}

async fn answers_of(
    store: &Store,
    rows: &[AnyRow],
) -> Result<std::collections::HashMap<i64, Vec<String>>, StoreError> {
    let mut out: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| get_i64(r, "id"))
        .collect::<Result<_, _>>()?;
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT response_id, position, text FROM call_answers WHERE response_id IN ({}) ORDER BY response_id, position",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for r in query.fetch_all(store.pool()).await? {
            out.entry(get_i64(&r, "response_id")?)
                .or_default()
                .push(r.try_get("text")?);
        }
    }
    Ok(out)
}

async fn call_from(conn: &mut AnyConnection, row: &AnyRow) -> Result<Call, StoreError> {
    let id = CallId(get_i64(row, "id")?);
    let questions =
        sqlx::query("SELECT text FROM call_questions WHERE call_id = $1 ORDER BY position")
            .bind(id.0)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>("text"))
            .collect::<Result<Vec<_>, _>>()?;
    let kind: String = row.try_get("kind")?;
    let visibility: String = row.try_get("visibility")?;
    let regions: String = row.try_get("regions")?;
    let closed: Option<String> = row.try_get("closed_on")?;
    Ok(Call {
        id,
        draft: CallDraft {
            convener: org_at(row, "convener_key")?,
            kind: CallKind::from_key(&kind).ok_or_else(|| corrupt("call kind", kind))?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            how_used: row.try_get("how_used")?,
            questions,
            closes_on: date_at(row, "closes_on")?,
            visibility: ResponseVisibility::from_key(&visibility)
                .ok_or_else(|| corrupt("visibility", visibility))?,
            regions: regions
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    Region::ALL
                        .into_iter()
                        .find(|r| r.slug() == s)
                        .ok_or_else(|| corrupt("region", s))
                })
                .collect::<Result<_, _>>()?,
        },
        convener_name: row.try_get("convener_name")?,
        opened_on: date_at(row, "opened_on")?,
        closed_on: closed
            .map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
            .transpose()?,
    })
}
