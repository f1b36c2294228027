//! What peer reviews show outside a single review: the reviews a reader is a party to,
//! published summaries, finished reviews as collaboration records, reviewers' hours, the
//! host's review-group cluster, and the progress-review reminder job. Nothing here reads
//! the confidential tables (self-evaluation, evidence, findings, actions, feedback).

use crate::brokerage::{administrators, notify};
use crate::peer_reviews::{optional_date, reviewer_at};
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::{get_i64, ReminderRun, Store, StoreError};
use convene_domain::account::PersonId;
use convene_domain::mail;
use convene_domain::party::OrgRef;
use convene_domain::peer_review::records::{ReviewListing, ReviewRecord, ReviewerHours};
use convene_domain::peer_review::reminders::{progress_reminder_due, ProgressReminder};
use convene_domain::peer_review::review::{
    role_of, PeerReviewId, PublicReview, PublishedSummary, Reader, ReviewStatus, Reviewer,
};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

const REMINDER_JOB: &str = "peer-review-reminders";

/// Finished stages, as SQL text, for records and hours.
const FINISHED: &str = "('findings_shared', 'action_plan_agreed', 'progress_reviewed')";

fn status_at(row: &AnyRow) -> Result<ReviewStatus, StoreError> {
    let status: String = row.try_get("status")?;
    ReviewStatus::from_key(&status).ok_or_else(|| corrupt("review status", status))
}

fn host_name_at(row: &AnyRow) -> Result<String, StoreError> {
    let name: String = row.try_get("host_name")?;
    if name.is_empty() {
        let key: String = row.try_get("host_key")?;
        Ok(key)
    } else {
        Ok(name)
    }
}

fn placeholders(from: usize, count: usize) -> String {
    (from..from + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// The team of every review in `ids`, by review.
    async fn teams_of(&self, ids: &[i64]) -> Result<BTreeMap<i64, Vec<Reviewer>>, StoreError> {
        let mut teams: BTreeMap<i64, Vec<Reviewer>> = BTreeMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT review_id, person_id, org_key, source, hours FROM peer_review_team
                 WHERE review_id IN ({}) ORDER BY review_id, person_id",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            for r in query.fetch_all(self.pool()).await? {
                teams
                    .entry(get_i64(&r, "review_id")?)
                    .or_default()
                    .push(reviewer_at(&r)?);
            }
        }
        Ok(teams)
    }

    /// The reviews `reader` is a party to (acting for the host, on the team in person, or
    /// acting for a reviewer's organisation), newest first. Nobody else's.
    pub async fn peer_reviews_of(&self, reader: &Reader) -> Result<Vec<ReviewListing>, StoreError> {
        let orgs: Vec<String> = reader.orgs.iter().map(|o| o.key()).collect();
        let person = reader.person.map_or(-1, |p| p.0);
        let in_orgs = if orgs.is_empty() {
            "('')".to_string()
        } else {
            format!("({})", placeholders(2, orgs.len()))
        };
        let sql = format!(
            "SELECT id, host_key, host_name, status, starts_on, progress_review_on, summary
             FROM peer_reviews WHERE host_key IN {in_orgs} OR id IN (
                SELECT review_id FROM peer_review_team WHERE person_id = $1
                OR org_key IN {in_orgs})
             ORDER BY id DESC LIMIT 500"
        );
        let mut query = sqlx::query(&sql).bind(person);
        for org in &orgs {
            query = query.bind(org.clone());
        }
        let rows = query.fetch_all(self.pool()).await?;
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| get_i64(r, "id"))
            .collect::<Result<_, _>>()?;
        let teams = self.teams_of(&ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let id = get_i64(row, "id")?;
            let host = org_at(row, "host_key")?;
            let team = teams.get(&id).map(Vec::as_slice).unwrap_or_default();
            let Some(role) = role_of(host, team, reader) else {
                continue;
            };
            let summary: Option<String> = row.try_get("summary")?;
            out.push(ReviewListing {
                id: PeerReviewId(id),
                host,
                host_name: host_name_at(row)?,
                status: status_at(row)?,
                starts_on: optional_date(row, "starts_on")?,
                progress_review_on: optional_date(row, "progress_review_on")?,
                summary_published: summary.is_some(),
                role,
            });
        }
        Ok(out)
    }

    /// The summaries hosts have published, newest first: the only part of any review
    /// everyone may read.
    pub async fn published_review_summaries(
        &self,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(PublicReview, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, host_key, host_name, summary, summary_published_on, summary_by
             FROM peer_reviews WHERE summary IS NOT NULL AND summary_published_on IS NOT NULL
             ORDER BY summary_published_on DESC, id DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .bind(i64::try_from(offset).unwrap_or(i64::MAX))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let by: Option<i64> = r.try_get("summary_by")?;
                Ok((
                    PublicReview {
                        id: PeerReviewId(get_i64(r, "id")?),
                        host: org_at(r, "host_key")?,
                        summary: PublishedSummary {
                            text: r.try_get("summary")?,
                            published_on: date_at(r, "summary_published_on")?,
                            by: PersonId(by.unwrap_or(0)),
                        },
                    },
                    host_name_at(r)?,
                ))
            })
            .collect()
    }

    /// Finished reviews (findings shared or later) that `org` hosted or sent reviewers to,
    /// as collaboration records, newest first.
    pub async fn review_records_of(&self, org: OrgRef) -> Result<Vec<ReviewRecord>, StoreError> {
        let sql = format!(
            "SELECT id, host_key, host_name, status, ends_on, summary FROM peer_reviews
             WHERE status IN {FINISHED} AND ends_on IS NOT NULL AND (host_key = $1 OR id IN
                (SELECT review_id FROM peer_review_team WHERE org_key = $1))
             ORDER BY ends_on DESC, id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(org.key())
            .fetch_all(self.pool())
            .await?;
        let ids: Vec<i64> = rows
            .iter()
            .map(|r| get_i64(r, "id"))
            .collect::<Result<_, _>>()?;
        let teams = self.teams_of(&ids).await?;
        rows.iter()
            .map(|r| {
                let id = get_i64(r, "id")?;
                let mut reviewers: Vec<OrgRef> = Vec::new();
                for reviewer in teams.get(&id).map(Vec::as_slice).unwrap_or_default() {
                    if !reviewers.contains(&reviewer.org) {
                        reviewers.push(reviewer.org);
                    }
                }
                let summary: Option<String> = r.try_get("summary")?;
                Ok(ReviewRecord {
                    review: PeerReviewId(id),
                    host: org_at(r, "host_key")?,
                    host_name: host_name_at(r)?,
                    reviewers,
                    ends_on: date_at(r, "ends_on")?,
                    status: status_at(r)?,
                    published: summary.is_some(),
                })
            })
            .collect()
    }

    /// `person`'s hours on finished reviews, newest first: their professional development
    /// record as a reviewer. Hours planned on reviews not yet finished do not count.
    pub async fn reviewer_hours(&self, person: PersonId) -> Result<Vec<ReviewerHours>, StoreError> {
        let sql = format!(
            "SELECT r.id, r.host_key, r.host_name, r.ends_on, r.summary, t.hours
             FROM peer_review_team t JOIN peer_reviews r ON r.id = t.review_id
             WHERE t.person_id = $1 AND r.status IN {FINISHED} AND r.ends_on IS NOT NULL
             ORDER BY r.ends_on DESC, r.id DESC"
        );
        let rows = sqlx::query(&sql)
            .bind(person.0)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                let summary: Option<String> = r.try_get("summary")?;
                Ok(ReviewerHours {
                    person,
                    review: PeerReviewId(get_i64(r, "id")?),
                    host: org_at(r, "host_key")?,
                    host_name: host_name_at(r)?,
                    hours: u32::try_from(get_i64(r, "hours")?).map_err(|e| corrupt("hours", e))?,
                    ends_on: date_at(r, "ends_on")?,
                    published: summary.is_some(),
                })
            })
            .collect()
    }

    /// The other members of `host`'s group in the newest round where it was grouped: the
    /// cluster a review team is first drawn from.
    pub async fn review_cluster_of(&self, host: OrgRef) -> Result<Vec<OrgRef>, StoreError> {
        let Some(row) = sqlx::query(
            "SELECT round_id, group_number FROM review_group_members WHERE org_key = $1
             ORDER BY round_id DESC LIMIT 1",
        )
        .bind(host.key())
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(
            "SELECT org_key FROM review_group_members
             WHERE round_id = $1 AND group_number = $2 AND org_key <> $3 ORDER BY org_key",
        )
        .bind(get_i64(&row, "round_id")?)
        .bind(get_i64(&row, "group_number")?)
        .bind(host.key())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| org_at(r, "org_key")).collect()
    }

    /// One run of the progress-review reminder job at `now` on `today`, holding the job's
    /// lease until `lease_until`: for every review whose reminder is due
    /// ([`progress_reminder_due`]), records it under its key and, in the same transaction,
    /// tells the host's administrators and each reviewer by notice and email. The notice,
    /// seen only by its person, names the host; the email names only the date. Safe to run from every process.
    pub async fn run_review_reminders(
        &self,
        holder: &str,
        now: &str,
        lease_until: &str,
        today: Date,
        public_url: &str,
    ) -> Result<ReminderRun, StoreError> {
        if !self
            .take_job_lease(REMINDER_JOB, holder, now, lease_until)
            .await?
        {
            return Ok(ReminderRun::default());
        }
        let sql = format!(
            "SELECT id, host_key, host_name, status, progress_review_on FROM peer_reviews
             WHERE status IN {FINISHED} AND progress_review_on IS NOT NULL ORDER BY id"
        );
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        let mut sent = 0;
        for row in &rows {
            let id = PeerReviewId(get_i64(row, "id")?);
            let due = progress_reminder_due(
                id,
                status_at(row)?,
                optional_date(row, "progress_review_on")?,
                today,
            );
            if let Some(reminder) = due {
                let host = org_at(row, "host_key")?;
                if self
                    .send_review_reminder(&reminder, host, &host_name_at(row)?, now, public_url)
                    .await?
                {
                    sent += 1;
                }
            }
        }
        Ok(ReminderRun { held: true, sent })
    }

    /// One run of the reminder job on the real clock: what `convene serve` calls every
    /// minute in every process.
    pub async fn run_due_review_reminders(
        &self,
        holder: &str,
        lease_seconds: i64,
        public_url: &str,
    ) -> Result<ReminderRun, StoreError> {
        let now = now_utc();
        let until = crate::provenance::utc_after(lease_seconds);
        self.run_review_reminders(holder, &now, &until, crate::provenance::today(), public_url)
            .await
    }

    async fn send_review_reminder(
        &self,
        reminder: &ProgressReminder,
        host: OrgRef,
        host_name: &str,
        now: &str,
        public_url: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let recorded = sqlx::query(
            "INSERT INTO reminders_sent (reminder_key, sent_at) VALUES ($1, $2)
             ON CONFLICT (reminder_key) DO NOTHING",
        )
        .bind(reminder.key())
        .bind(now.to_string())
        .execute(&mut *tx)
        .await?;
        if recorded.rows_affected() == 0 {
            return Ok(false);
        }
        let link = format!("/peer-reviews/{}", reminder.review.0);
        let address = format!("{public_url}{link}");
        let mut told: Vec<(PersonId, String, String)> = administrators(&mut tx, host)
            .await?
            .into_iter()
            .map(|a| (a.id, a.name, a.email))
            .collect();
        let reviewers = sqlx::query(
            "SELECT p.id, p.name, p.email FROM peer_review_team t JOIN people p
             ON p.id = t.person_id WHERE t.review_id = $1 ORDER BY p.id",
        )
        .bind(reminder.review.0)
        .fetch_all(&mut *tx)
        .await?;
        for r in &reviewers {
            let id = PersonId(get_i64(r, "id")?);
            if !told.iter().any(|(p, _, _)| *p == id) {
                told.push((id, r.try_get("name")?, r.try_get("email")?));
            }
        }
        for (person, name, email) in told {
            let message = mail::progress_review_reminder(&email, &name, reminder, &address);
            let text = format!(
                "Progress review of {host_name}'s peer review on {}",
                reminder.on.long()
            );
            notify(&mut tx, person, &text, &link, Some(&message)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
