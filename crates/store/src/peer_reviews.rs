//! Peer reviews: the review, its team, evidence log, findings, the host's action plan,
//! both sides' feedback and the summary the host publishes.
//!
//! Confidentiality is decided here, not left to callers: [`Store::peer_review_for`] reads
//! the host, team and published summary, works out with the domain's one rule
//! ([`who_sees`]) what the reader may see, and only then reads the confidential tables,
//! and only for the host and its reviewers. Everyone else, platform administrators
//! included, gets the published summary or nothing. Every change reads the whole review
//! in its transaction and asks the domain whether this reader's side may make it at this
//! stage, so a page or API answer cannot skip a rule.

use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, focus_from, focus_text, org_at};
use crate::{get_i64, Store, StoreError};
use convene_domain::account::PersonId;
use convene_domain::brokerage::area::ImprovementArea;
use convene_domain::peer_review::review::{
    may_change, may_publish, transition, who_sees, Action, ActionDraft, ActionId, EvidenceDraft,
    EvidenceEntry, EvidenceId, EvidenceKind, Feedback, FeedbackDraft, Finding, FindingDraft,
    FindingId, FindingKind, PeerReview, PeerReviewId, PublicReview, PublishedSummary, Reader,
    ReviewAccess, ReviewPart, ReviewRole, ReviewStatus, Reviewer, ReviewerSource, Schedule,
    SetupDraft, SummaryDraft,
};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A review as one reader may see it, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewForReader {
    /// The whole review: the reader is on the host's side or the review team.
    Whole(Box<PeerReview>),
    /// Only what the host published.
    Summary(PublicReview),
}

fn to_i64(n: u32) -> i64 {
    i64::from(n)
}

pub(crate) fn optional_date(row: &AnyRow, column: &str) -> Result<Option<Date>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
        .transpose()
}

/// A member of a review team, from a `peer_review_team` row.
pub(crate) fn reviewer_at(r: &AnyRow) -> Result<Reviewer, StoreError> {
    let source: String = r.try_get("source")?;
    Ok(Reviewer {
        person: PersonId(get_i64(r, "person_id")?),
        org: org_at(r, "org_key")?,
        source: ReviewerSource::from_key(&source)
            .ok_or_else(|| corrupt("reviewer source", &source))?,
        hours: u32::try_from(get_i64(r, "hours")?).map_err(|e| corrupt("hours", e))?,
    })
}

/// The review's own row and team (never confidential material beyond who is on the team).
async fn outline(
    conn: &mut AnyConnection,
    id: PeerReviewId,
) -> Result<Option<PeerReview>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT id, host_key, status, focus, starts_on, ends_on, progress_review_on, summary,
                summary_published_on, summary_by
         FROM peer_reviews WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    let focus: String = row.try_get("focus")?;
    let schedule = match (
        optional_date(&row, "starts_on")?,
        optional_date(&row, "ends_on")?,
        optional_date(&row, "progress_review_on")?,
    ) {
        (Some(starts_on), Some(ends_on), Some(progress_review_on)) => Some(Schedule {
            starts_on,
            ends_on,
            progress_review_on,
        }),
        _ => None,
    };
    let summary_text: Option<String> = row.try_get("summary")?;
    let summary = match (summary_text, optional_date(&row, "summary_published_on")?) {
        (Some(text), Some(published_on)) => {
            let by: Option<i64> = row.try_get("summary_by")?;
            Some(PublishedSummary {
                text,
                published_on,
                by: PersonId(by.unwrap_or(0)),
            })
        }
        _ => None,
    };
    let team_rows = sqlx::query(
        "SELECT person_id, org_key, source, hours FROM peer_review_team
         WHERE review_id = $1 ORDER BY person_id",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?;
    let team = team_rows
        .iter()
        .map(reviewer_at)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(PeerReview {
        id,
        host: org_at(&row, "host_key")?,
        status: ReviewStatus::from_key(&status).ok_or_else(|| corrupt("review status", &status))?,
        focus: focus_from(&focus)?,
        self_evaluation: String::new(),
        team,
        schedule,
        evidence: Vec::new(),
        findings: Vec::new(),
        actions: Vec::new(),
        feedback: Vec::new(),
        summary,
    }))
}

/// Fills in the confidential parts. Called only once the reader is known to see them.
async fn fill_confidential(
    conn: &mut AnyConnection,
    review: &mut PeerReview,
) -> Result<(), StoreError> {
    let id = review.id.0;
    let row = sqlx::query("SELECT self_evaluation FROM peer_reviews WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    review.self_evaluation = row.try_get("self_evaluation")?;
    for r in sqlx::query(
        "SELECT id, on_day, kind, note, by_person FROM peer_review_evidence
         WHERE review_id = $1 ORDER BY on_day, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = r.try_get("kind")?;
        review.evidence.push(EvidenceEntry {
            id: EvidenceId(get_i64(&r, "id")?),
            on: date_at(&r, "on_day")?,
            kind: EvidenceKind::from_key(&kind).ok_or_else(|| corrupt("evidence kind", &kind))?,
            note: r.try_get("note")?,
            by: PersonId(get_i64(&r, "by_person")?),
        });
    }
    for r in sqlx::query(
        "SELECT id, kind, area, body, by_person FROM peer_review_findings
         WHERE review_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let kind: String = r.try_get("kind")?;
        let area: String = r.try_get("area")?;
        review.findings.push(Finding {
            id: FindingId(get_i64(&r, "id")?),
            kind: FindingKind::from_key(&kind).ok_or_else(|| corrupt("finding kind", &kind))?,
            area: ImprovementArea::from_key(&area).ok_or_else(|| corrupt("focus area", &area))?,
            text: r.try_get("body")?,
            by: PersonId(get_i64(&r, "by_person")?),
        });
    }
    for r in sqlx::query(
        "SELECT id, what, who_key, by_day, finding_id FROM peer_review_actions
         WHERE review_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        review.actions.push(Action {
            id: ActionId(get_i64(&r, "id")?),
            what: r.try_get("what")?,
            who: org_at(&r, "who_key")?,
            by: date_at(&r, "by_day")?,
            finding: FindingId(get_i64(&r, "finding_id")?),
        });
    }
    for r in sqlx::query(
        "SELECT from_role, by_person, rating, comment FROM peer_review_feedback
         WHERE review_id = $1 ORDER BY from_role, by_person",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let from: String = r.try_get("from_role")?;
        review.feedback.push(Feedback {
            from: ReviewRole::from_key(&from).ok_or_else(|| corrupt("review role", &from))?,
            by: PersonId(get_i64(&r, "by_person")?),
            rating: u8::try_from(get_i64(&r, "rating")?).map_err(|e| corrupt("rating", e))?,
            comment: r.try_get("comment")?,
        });
    }
    Ok(())
}

/// The whole review for a change by `reader`, with their side, or a refusal that reveals
/// nothing to someone who may not see it.
async fn for_change(
    conn: &mut AnyConnection,
    id: PeerReviewId,
    reader: &Reader,
) -> Result<(PeerReview, ReviewRole), StoreError> {
    let hidden = || StoreError::Refused("There is no such review".into());
    let mut review = outline(conn, id).await?.ok_or_else(hidden)?;
    let role = review.role_of(reader).ok_or_else(hidden)?;
    fill_confidential(conn, &mut review).await?;
    Ok((review, role))
}

fn refuse(result: Result<(), String>) -> Result<(), StoreError> {
    result.map_err(StoreError::Refused)
}

impl Store {
    /// Starts a review hosted by `draft.host`, in draft.
    pub async fn create_peer_review(
        &self,
        by: PersonId,
        draft: &SetupDraft,
    ) -> Result<PeerReviewId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let host_name = org_name_on(&mut tx, draft.host).await?.ok_or_else(|| {
            StoreError::Refused("The host is not an organisation Convene knows".into())
        })?;
        let row = sqlx::query(
            "INSERT INTO peer_reviews (host_key, host_name, status, focus, self_evaluation,
                created_by, created_at) VALUES ($1, $2, 'draft', $3, $4, $5, $6) RETURNING id",
        )
        .bind(draft.host.key())
        .bind(host_name)
        .bind(focus_text(&draft.focus))
        .bind(draft.self_evaluation.clone())
        .bind(by.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(PeerReviewId(get_i64(&row, "id")?))
    }

    /// The review as `reader` may see it: whole for the host and its reviewers, the
    /// published summary for anyone else if there is one, otherwise nothing (as if there
    /// were no such review).
    pub async fn peer_review_for(
        &self,
        id: PeerReviewId,
        reader: &Reader,
    ) -> Result<Option<ReviewForReader>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let Some(mut review) = outline(&mut conn, id).await? else {
            return Ok(None);
        };
        Ok(
            match who_sees(review.host, &review.team, review.summary.is_some(), reader) {
                ReviewAccess::Everything => {
                    fill_confidential(&mut conn, &mut review).await?;
                    Some(ReviewForReader::Whole(Box::new(review)))
                }
                ReviewAccess::PublishedSummaryOnly => review.summary.map(|summary| {
                    ReviewForReader::Summary(PublicReview {
                        id: review.id,
                        host: review.host,
                        summary,
                    })
                }),
                ReviewAccess::Nothing => None,
            },
        )
    }

    /// Adds `reviewer` to the team (the host, while the review is a draft or scheduled).
    /// The caller has checked the reviewer with `Reviewer::check`, conflicts included.
    pub async fn add_reviewer(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        reviewer: &Reviewer,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Team, role))?;
        if review.team.iter().any(|r| r.person == reviewer.person) {
            return Err(StoreError::Refused(
                "That person is on the team already".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO peer_review_team (review_id, person_id, org_key, source, hours)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(reviewer.person.0)
        .bind(reviewer.org.key())
        .bind(reviewer.source.key())
        .bind(to_i64(reviewer.hours))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the focus areas and self-evaluation (the host, while the review is a draft).
    pub async fn update_review_setup(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        draft: &SetupDraft,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Setup, role))?;
        if draft.host != review.host {
            return Err(StoreError::Refused(
                "A review's host cannot change: start a new review for another organisation".into(),
            ));
        }
        sqlx::query("UPDATE peer_reviews SET focus = $1, self_evaluation = $2 WHERE id = $3")
            .bind(focus_text(&draft.focus))
            .bind(draft.self_evaluation.clone())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes `person` off the team (the host, while the review is a draft or scheduled).
    pub async fn remove_reviewer(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        person: PersonId,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Team, role))?;
        let removed =
            sqlx::query("DELETE FROM peer_review_team WHERE review_id = $1 AND person_id = $2")
                .bind(id.0)
                .bind(person.0)
                .execute(&mut *tx)
                .await?;
        if removed.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "That person is not on the review team".into(),
            ));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets the review's dates (the host, while a draft or scheduled).
    pub async fn set_review_schedule(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        schedule: &Schedule,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Schedule, role))?;
        sqlx::query(
            "UPDATE peer_reviews SET starts_on = $1, ends_on = $2, progress_review_on = $3
             WHERE id = $4",
        )
        .bind(schedule.starts_on.to_string())
        .bind(schedule.ends_on.to_string())
        .bind(schedule.progress_review_on.to_string())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves the review to stage `to`, if the domain allows this reader's side to today.
    pub async fn move_review(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        to: ReviewStatus,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(transition(&review, to, role, today))?;
        sqlx::query("UPDATE peer_reviews SET status = $1 WHERE id = $2 AND status = $3")
            .bind(to.key())
            .bind(id.0)
            .bind(review.status.key())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Logs evidence (the review team, while the review is in progress).
    pub async fn log_review_evidence(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        by: PersonId,
        draft: &EvidenceDraft,
    ) -> Result<EvidenceId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Evidence, role))?;
        let row = sqlx::query(
            "INSERT INTO peer_review_evidence (review_id, on_day, kind, note, by_person)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(draft.on.to_string())
        .bind(draft.kind.key())
        .bind(draft.note.clone())
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(EvidenceId(get_i64(&row, "id")?))
    }

    /// Records a finding (the review team, while the review is in progress). The caller
    /// checked it against the review's focus areas with `FindingDraft::check`; the store
    /// checks again, since focus is the review's own.
    pub async fn record_finding(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        by: PersonId,
        draft: &FindingDraft,
    ) -> Result<FindingId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Findings, role))?;
        if !review.focus.contains(&draft.area) {
            return Err(StoreError::Refused(format!(
                "{} is not one of the review's focus areas",
                draft.area.label()
            )));
        }
        let row = sqlx::query(
            "INSERT INTO peer_review_findings (review_id, kind, area, body, by_person)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(draft.kind.key())
        .bind(draft.area.key())
        .bind(draft.text.clone())
        .bind(by.0)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(FindingId(get_i64(&row, "id")?))
    }

    /// Adds an action to the host's plan, answering one of the review's findings.
    pub async fn add_review_action(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        draft: &ActionDraft,
    ) -> Result<ActionId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::ActionPlan, role))?;
        if !review.findings.iter().any(|f| f.id == draft.finding) {
            return Err(StoreError::Refused(
                "The action must answer one of this review's findings".into(),
            ));
        }
        let row = sqlx::query(
            "INSERT INTO peer_review_actions (review_id, what, who_key, by_day, finding_id)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id.0)
        .bind(draft.what.clone())
        .bind(draft.who.key())
        .bind(draft.by.to_string())
        .bind(draft.finding.0)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ActionId(get_i64(&row, "id")?))
    }

    /// Records `by`'s feedback for their side; giving it again replaces it.
    pub async fn give_review_feedback(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        by: PersonId,
        draft: &FeedbackDraft,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, role) = for_change(&mut tx, id, reader).await?;
        refuse(may_change(review.status, ReviewPart::Feedback, role))?;
        sqlx::query(
            "DELETE FROM peer_review_feedback WHERE review_id = $1 AND from_role = $2
             AND by_person = $3",
        )
        .bind(id.0)
        .bind(role.key())
        .bind(by.0)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO peer_review_feedback (review_id, from_role, by_person, rating, comment)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(role.key())
        .bind(by.0)
        .bind(i64::from(draft.rating))
        .bind(draft.comment.clone())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Publishes the host's summary: the only part of a review anyone else ever sees.
    pub async fn publish_review_summary(
        &self,
        id: PeerReviewId,
        reader: &Reader,
        by: PersonId,
        draft: &SummaryDraft,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let (review, _) = for_change(&mut tx, id, reader).await?;
        refuse(may_publish(&review, reader))?;
        sqlx::query(
            "UPDATE peer_reviews SET summary = $1, summary_published_on = $2, summary_by = $3
             WHERE id = $4",
        )
        .bind(draft.text.clone())
        .bind(today.to_string())
        .bind(by.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
