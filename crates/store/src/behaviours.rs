//! The eight behaviours: a person's own assessments and development actions, and their
//! 360 feedback rounds with the invitations and the answers kept apart.
//!
//! Everything here is read by its owner only: every read takes the owner's id and finds
//! nothing of anyone else's. A rater reaches their invitation by the token in their
//! email; their answer is stored with its rater group but without the invitation, the
//! address or the time, so no read can join an answer to who gave it.

use crate::content_order::order_key;
use crate::outbox::enqueue;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at};
use crate::{get_i64, Store, StoreError};
use convene_domain::account::PersonId;
use convene_domain::behaviours::assessment::{Action, AssessmentDraft, Placed};
use convene_domain::behaviours::feedback::{RaterGroup, Rating};
use convene_domain::behaviours::framework::{Behaviour, Level};
use convene_domain::mail;
use convene_domain::Date;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// Most invitations one round sends.
pub const MAX_INVITATIONS: usize = 40;

/// One of the person's assessments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAssessment {
    /// Its number.
    pub id: i64,
    /// The day it was taken.
    pub taken_on: Date,
    /// What it says.
    pub draft: AssessmentDraft,
    /// The Convene records it cites, each with its words when it was saved.
    pub records: Vec<(String, String)>,
}

/// One development action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAction {
    /// Its number.
    pub id: i64,
    /// What it is.
    pub action: Action,
    /// When it was done, if it was.
    pub done_on: Option<Date>,
}

/// One feedback round, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackRound {
    /// Its number.
    pub id: i64,
    /// The last day to answer.
    pub closes_on: Date,
    /// When its owner closed it, if they did before the day.
    pub closed_on: Option<Date>,
    /// How many were invited in each group.
    pub invited: BTreeMap<RaterGroup, usize>,
    /// How many answered in all (never per group or per person while it is open).
    pub answered: usize,
}

impl FeedbackRound {
    /// Whether it takes answers on `today`.
    pub fn is_open(&self, today: Date) -> bool {
        self.closed_on.is_none() && today <= self.closes_on
    }
}

/// What a rater's link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    /// The round.
    pub round: i64,
    /// The name of the person asking.
    pub person_name: String,
    /// The rater's group.
    pub group: RaterGroup,
    /// Whether they have answered.
    pub answered: bool,
    /// The last day to answer.
    pub closes_on: Date,
    /// Whether the round was closed early.
    pub closed: bool,
}

impl Store {
    /// Saves `person`'s assessment taken `today`, with the records it cites (each key
    /// with its words, checked by the caller).
    pub async fn save_assessment(
        &self,
        person: PersonId,
        draft: &AssessmentDraft,
        records: &[(String, String)],
        today: Date,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO behaviour_assessments (person_id, taken_on, created_at)
             VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(person.0)
        .bind(today.to_string())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        for p in &draft.placed {
            sqlx::query(
                "INSERT INTO behaviour_placements (assessment_id, behaviour, level, evidence)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(p.behaviour.key())
            .bind(i64::from(p.level.number()))
            .bind(p.evidence.clone())
            .execute(&mut *tx)
            .await?;
        }
        for (key, label) in records {
            sqlx::query(
                "INSERT INTO behaviour_assessment_records (assessment_id, record_key, label)
                 VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(key.clone())
            .bind(label.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// `person`'s assessments, oldest first.
    pub async fn assessments(&self, person: PersonId) -> Result<Vec<StoredAssessment>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.id, a.taken_on, p.behaviour, p.level, p.evidence
             FROM behaviour_assessments a JOIN behaviour_placements p ON p.assessment_id = a.id
             WHERE a.person_id = $1 ORDER BY a.id",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<StoredAssessment> = Vec::new();
        for r in &rows {
            let id = get_i64(r, "id")?;
            let behaviour: String = r.try_get("behaviour")?;
            let level = u8::try_from(get_i64(r, "level")?)
                .ok()
                .and_then(Level::from_number);
            let placed = Placed {
                behaviour: Behaviour::from_key(&behaviour)
                    .ok_or_else(|| corrupt("behaviour", &behaviour))?,
                level: level.ok_or_else(|| corrupt("level", &behaviour))?,
                evidence: r.try_get("evidence")?,
            };
            match out.last_mut() {
                Some(last) if last.id == id => last.draft.placed.push(placed),
                _ => out.push(StoredAssessment {
                    id,
                    taken_on: date_at(r, "taken_on")?,
                    draft: AssessmentDraft {
                        placed: vec![placed],
                        records: Vec::new(),
                    },
                    records: Vec::new(),
                }),
            }
        }
        let cited = sqlx::query(
            "SELECT r.assessment_id, r.record_key, r.label FROM behaviour_assessment_records r
             JOIN behaviour_assessments a ON a.id = r.assessment_id
             WHERE a.person_id = $1 ORDER BY r.assessment_id, r.record_key",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        for r in &cited {
            let id = get_i64(r, "assessment_id")?;
            if let Some(a) = out.iter_mut().find(|a| a.id == id) {
                let key: String = r.try_get("record_key")?;
                a.draft.records.push(key.clone());
                a.records.push((key, r.try_get("label")?));
            }
        }
        for a in &mut out {
            a.draft
                .placed
                .sort_by_key(|p| Behaviour::ALL.iter().position(|b| *b == p.behaviour));
        }
        Ok(out)
    }

    /// Adds a development action to `person`'s plan.
    pub async fn add_action(&self, person: PersonId, action: &Action) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "INSERT INTO behaviour_actions (person_id, behaviour, action, by_on)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(person.0)
        .bind(action.behaviour.key())
        .bind(action.action.clone())
        .bind(action.by.to_string())
        .fetch_one(self.pool())
        .await?;
        get_i64(&row, "id")
    }

    /// Marks `person`'s action `id` done `today`; refused for anyone else's.
    pub async fn complete_action(
        &self,
        person: PersonId,
        id: i64,
        today: Date,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE behaviour_actions SET done_on = $1 WHERE id = $2 AND person_id = $3 AND done_on IS NULL",
        )
        .bind(today.to_string())
        .bind(id)
        .bind(person.0)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "There is no such action still to do in your plan".into(),
            ));
        }
        Ok(())
    }

    /// `person`'s development actions, soonest first.
    pub async fn actions(&self, person: PersonId) -> Result<Vec<StoredAction>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, behaviour, action, by_on, done_on FROM behaviour_actions
             WHERE person_id = $1 ORDER BY by_on, id",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let behaviour: String = r.try_get("behaviour")?;
                let done: Option<String> = r.try_get("done_on")?;
                Ok(StoredAction {
                    id: get_i64(r, "id")?,
                    action: Action {
                        behaviour: Behaviour::from_key(&behaviour)
                            .ok_or_else(|| corrupt("behaviour", &behaviour))?,
                        action: r.try_get("action")?,
                        by: date_at(r, "by_on")?,
                    },
                    done_on: done
                        .map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// Opens a feedback round for `person` closing on `closes_on`, with one invitation
    /// per (address, group, token digest) and an email for each (carrying `link_for` the
    /// token), in one transaction.
    pub async fn open_feedback_round(
        &self,
        person: PersonId,
        person_name: &str,
        closes_on: Date,
        invitations: &[(String, RaterGroup, String, String)],
    ) -> Result<i64, StoreError> {
        if invitations.is_empty() || invitations.len() > MAX_INVITATIONS {
            return Err(StoreError::Refused(format!(
                "Invite between 1 and {MAX_INVITATIONS} people"
            )));
        }
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO feedback_rounds (person_id, closes_on, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(person.0)
        .bind(closes_on.to_string())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        for (email, group, digest, link) in invitations {
            sqlx::query(
                "INSERT INTO feedback_invitations (round_id, email, rater_group, token_digest, answered)
                 VALUES ($1, $2, $3, $4, 0)",
            )
            .bind(id)
            .bind(email.clone())
            .bind(group.key())
            .bind(digest.clone())
            .execute(&mut *tx)
            .await?;
            enqueue(
                &mut tx,
                &mail::feedback_invitation(email, person_name, &closes_on.long(), link),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// `person`'s feedback rounds, newest first.
    pub async fn feedback_rounds(
        &self,
        person: PersonId,
    ) -> Result<Vec<FeedbackRound>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, closes_on, closed_on FROM feedback_rounds WHERE person_id = $1 ORDER BY id DESC",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(round_from(&mut conn, r).await?);
        }
        Ok(out)
    }

    /// Closes `person`'s round `id` before its day.
    pub async fn close_feedback_round(
        &self,
        person: PersonId,
        id: i64,
        today: Date,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE feedback_rounds SET closed_on = $1 WHERE id = $2 AND person_id = $3 AND closed_on IS NULL",
        )
        .bind(today.to_string())
        .bind(id)
        .bind(person.0)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "There is no such open round of yours".into(),
            ));
        }
        Ok(())
    }

    /// The answers to `person`'s round `id`, each with its rater group, in an order that
    /// says nothing of who gave each or when; `None` if the round is not theirs.
    pub async fn feedback_answers(
        &self,
        person: PersonId,
        id: i64,
    ) -> Result<Option<Vec<(RaterGroup, Rating)>>, StoreError> {
        let owner = sqlx::query("SELECT person_id FROM feedback_rounds WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        if owner.map(|r| get_i64(&r, "person_id")).transpose()? != Some(person.0) {
            return Ok(None);
        }
        let rows = sqlx::query(
            "SELECT a.id, a.rater_group, a.comment, l.behaviour, l.level
             FROM feedback_answers a LEFT JOIN feedback_levels l ON l.answer_id = a.id
             WHERE a.round_id = $1 ORDER BY a.sort_key, a.id, l.behaviour",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<(i64, RaterGroup, Rating)> = Vec::new();
        for r in &rows {
            let answer = get_i64(r, "id")?;
            if out.last().is_none_or(|(a, _, _)| *a != answer) {
                let group: String = r.try_get("rater_group")?;
                out.push((
                    answer,
                    RaterGroup::from_key(&group).ok_or_else(|| corrupt("rater group", &group))?,
                    Rating {
                        levels: BTreeMap::new(),
                        comment: r.try_get("comment")?,
                    },
                ));
            }
            if let Some(behaviour) = r.try_get::<Option<String>, _>("behaviour")? {
                let level = r
                    .try_get::<Option<i64>, _>("level")?
                    .and_then(|n| u8::try_from(n).ok())
                    .and_then(Level::from_number)
                    .ok_or_else(|| corrupt("level", &behaviour))?;
                let b = Behaviour::from_key(&behaviour)
                    .ok_or_else(|| corrupt("behaviour", &behaviour))?;
                if let Some(last) = out.last_mut() {
                    last.2.levels.insert(b, level);
                }
            }
        }
        Ok(Some(out.into_iter().map(|(_, g, r)| (g, r)).collect()))
    }

    /// The invitation the token with `digest` belongs to, if any.
    pub async fn feedback_invitation(
        &self,
        digest: &str,
    ) -> Result<Option<Invitation>, StoreError> {
        let row = sqlx::query(
            "SELECT i.round_id, i.rater_group, i.answered, r.closes_on, r.closed_on, p.name
             FROM feedback_invitations i JOIN feedback_rounds r ON r.id = i.round_id
             JOIN people p ON p.id = r.person_id WHERE i.token_digest = $1",
        )
        .bind(digest.to_string())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let group: String = r.try_get("rater_group")?;
            Ok(Invitation {
                round: get_i64(&r, "round_id")?,
                person_name: r.try_get("name")?,
                group: RaterGroup::from_key(&group)
                    .ok_or_else(|| corrupt("rater group", &group))?,
                answered: get_i64(&r, "answered")? != 0,
                closes_on: date_at(&r, "closes_on")?,
                closed: r.try_get::<Option<String>, _>("closed_on")?.is_some(),
            })
        })
        .transpose()
    }

    /// Records the answer for the invitation with `digest`, once, while its round is open:
    /// the invitation is marked answered and the answer stored apart from it, in one
    /// transaction.
    pub async fn answer_feedback(
        &self,
        digest: &str,
        rating: &Rating,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "SELECT i.id, i.round_id, i.rater_group, i.answered, r.closes_on, r.closed_on
             FROM feedback_invitations i JOIN feedback_rounds r ON r.id = i.round_id
             WHERE i.token_digest = $1",
        )
        .bind(digest.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("This link is not valid".into()))?;
        if get_i64(&row, "answered")? != 0 {
            return Err(StoreError::Refused(
                "You have already answered: thank you".into(),
            ));
        }
        if row.try_get::<Option<String>, _>("closed_on")?.is_some()
            || date_at(&row, "closes_on")? < today
        {
            return Err(StoreError::Refused(
                "This round of feedback has closed".into(),
            ));
        }
        let marked = sqlx::query(
            "UPDATE feedback_invitations SET answered = 1 WHERE id = $1 AND answered = 0",
        )
        .bind(get_i64(&row, "id")?)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "You have already answered: thank you".into(),
            ));
        }
        let group: String = row.try_get("rater_group")?;
        let answer = sqlx::query(
            "INSERT INTO feedback_answers (round_id, rater_group, comment, sort_key)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(get_i64(&row, "round_id")?)
        .bind(group)
        .bind(rating.comment.clone())
        .bind(order_key(&(
            &rating.comment,
            rating
                .levels
                .iter()
                .map(|(b, l)| (b.key(), l.number()))
                .collect::<Vec<_>>(),
        )))
        .fetch_one(&mut *tx)
        .await?;
        let answer = get_i64(&answer, "id")?;
        for (b, l) in &rating.levels {
            sqlx::query(
                "INSERT INTO feedback_levels (answer_id, behaviour, level) VALUES ($1, $2, $3)",
            )
            .bind(answer)
            .bind(b.key())
            .bind(i64::from(l.number()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

async fn round_from(
    conn: &mut AnyConnection,
    r: &sqlx::any::AnyRow,
) -> Result<FeedbackRound, StoreError> {
    let id = get_i64(r, "id")?;
    let invited_rows = sqlx::query(
        "SELECT rater_group, COUNT(*) AS n FROM feedback_invitations WHERE round_id = $1 GROUP BY rater_group",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut invited = BTreeMap::new();
    for row in &invited_rows {
        let group: String = row.try_get("rater_group")?;
        invited.insert(
            RaterGroup::from_key(&group).ok_or_else(|| corrupt("rater group", &group))?,
            usize::try_from(get_i64(row, "n")?).unwrap_or_default(),
        );
    }
    let answered = sqlx::query("SELECT COUNT(*) AS n FROM feedback_answers WHERE round_id = $1")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let closed: Option<String> = r.try_get("closed_on")?;
    Ok(FeedbackRound {
        id,
        closes_on: date_at(r, "closes_on")?,
        closed_on: closed
            .map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
            .transpose()?,
        invited,
        answered: usize::try_from(get_i64(&answered, "n")?).unwrap_or_default(),
    })
}

/// A group as one of its members (or someone invited) sees it in their list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMembership {
    /// The group's number.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Whether they have joined (otherwise they are invited).
    pub joined: bool,
    /// Whether they share their latest assessment with it.
    pub sharing: bool,
}

/// A group as a member sees it: who is in it and the latest assessments of those sharing
/// (never whose each one is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupView {
    /// The group's number.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The members' names, and whether each has joined.
    pub members: Vec<(String, bool)>,
    /// The latest assessment of each member sharing, in no particular order.
    pub shared: Vec<AssessmentDraft>,
    /// Whether the reader shares theirs.
    pub sharing: bool,
}

impl Store {
    /// Starts a group named `name` with `person` as its first member.
    pub async fn create_behaviour_group(
        &self,
        person: PersonId,
        name: &str,
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO behaviour_groups (name, created_by, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name.to_string())
        .bind(person.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        sqlx::query(
            "INSERT INTO behaviour_group_members (group_id, person_id, joined, sharing) VALUES ($1, $2, 1, 0)",
        )
        .bind(id)
        .bind(person.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The groups `person` belongs to or is invited to.
    pub async fn behaviour_groups_of(
        &self,
        person: PersonId,
    ) -> Result<Vec<GroupMembership>, StoreError> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, m.joined, m.sharing FROM behaviour_group_members m
             JOIN behaviour_groups g ON g.id = m.group_id WHERE m.person_id = $1 ORDER BY g.name, g.id",
        )
        .bind(person.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GroupMembership {
                    id: get_i64(r, "id")?,
                    name: r.try_get("name")?,
                    joined: get_i64(r, "joined")? != 0,
                    sharing: get_i64(r, "sharing")? != 0,
                })
            })
            .collect()
    }

    /// Group `id` as `person` sees it, if they have joined it.
    pub async fn behaviour_group(
        &self,
        person: PersonId,
        id: i64,
    ) -> Result<Option<GroupView>, StoreError> {
        let Some(mine) = self
            .behaviour_groups_of(person)
            .await?
            .into_iter()
            .find(|g| g.id == id && g.joined)
        else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT p.id, p.name, m.joined, m.sharing FROM behaviour_group_members m
             JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 ORDER BY p.name, p.id",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut members = Vec::new();
        let mut shared = Vec::new();
        for r in &rows {
            let joined = get_i64(r, "joined")? != 0;
            members.push((r.try_get::<String, _>("name")?, joined));
            if joined && get_i64(r, "sharing")? != 0 {
                if let Some(latest) = self.assessments(PersonId(get_i64(r, "id")?)).await?.pop() {
                    shared.push(latest.draft);
                }
            }
        }
        shared.sort_by(|a, b| {
            let key = |d: &AssessmentDraft| {
                d.placed
                    .iter()
                    .map(|p| p.level.number())
                    .collect::<Vec<_>>()
            };
            key(a).cmp(&key(b))
        });
        Ok(Some(GroupView {
            id,
            name: mine.name,
            members,
            shared,
            sharing: mine.sharing,
        }))
    }

    /// Invites the Convene account with `email`, if there is one and it is not in the
    /// group yet, to group `id` (by a member `person`), with a notice. It answers the
    /// same whether or not there is such an account, so no one learns who is on Convene.
    pub async fn invite_to_behaviour_group(
        &self,
        person: PersonId,
        id: i64,
        email: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let member = sqlx::query(
            "SELECT g.name FROM behaviour_group_members m JOIN behaviour_groups g ON g.id = m.group_id
             WHERE m.group_id = $1 AND m.person_id = $2 AND m.joined = 1",
        )
        .bind(id)
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such group of yours".into()))?;
        let name: String = member.try_get("name")?;
        let invited = sqlx::query("SELECT id FROM people WHERE LOWER(email) = LOWER($1)")
            .bind(email.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = invited {
            let invitee = get_i64(&row, "id")?;
            let already = sqlx::query(
                "SELECT COUNT(*) AS n FROM behaviour_group_members WHERE group_id = $1 AND person_id = $2",
            )
            .bind(id)
            .bind(invitee)
            .fetch_one(&mut *tx)
            .await?;
            if get_i64(&already, "n")? == 0 {
                sqlx::query(
                    "INSERT INTO behaviour_group_members (group_id, person_id, joined, sharing) VALUES ($1, $2, 0, 0)",
                )
                .bind(id)
                .bind(invitee)
                .execute(&mut *tx)
                .await?;
                crate::brokerage::notify(
                    &mut tx,
                    PersonId(invitee),
                    &format!("You are invited to the group \"{name}\" to compare the eight behaviours together"),
                    "/behaviours#groups",
                    None,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// `person` joins group `id` they were invited to, or declines (and is taken off it).
    pub async fn answer_behaviour_group(
        &self,
        person: PersonId,
        id: i64,
        join: bool,
    ) -> Result<(), StoreError> {
        let sql = if join {
            "UPDATE behaviour_group_members SET joined = 1 WHERE group_id = $1 AND person_id = $2"
        } else {
            "DELETE FROM behaviour_group_members WHERE group_id = $1 AND person_id = $2"
        };
        let done = sqlx::query(sql)
            .bind(id)
            .bind(person.0)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "There is no such group of yours".into(),
            ));
        }
        Ok(())
    }

    /// Whether `person` shares their latest assessment with group `id` they have joined.
    pub async fn share_with_behaviour_group(
        &self,
        person: PersonId,
        id: i64,
        sharing: bool,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE behaviour_group_members SET sharing = $1 WHERE group_id = $2 AND person_id = $3 AND joined = 1",
        )
        .bind(i64::from(sharing))
        .bind(id)
        .bind(person.0)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "There is no such group of yours".into(),
            ));
        }
        Ok(())
    }
}

/// Forgets everything of a deleted person's behaviours: their assessments, plan and
/// feedback rounds with every answer to them.
pub(crate) async fn forget_person(
    conn: &mut AnyConnection,
    person: PersonId,
) -> Result<(), StoreError> {
    for sql in [
        "DELETE FROM feedback_levels WHERE answer_id IN (SELECT a.id FROM feedback_answers a
            JOIN feedback_rounds r ON r.id = a.round_id WHERE r.person_id = $1)",
        "DELETE FROM feedback_answers WHERE round_id IN (SELECT id FROM feedback_rounds WHERE person_id = $1)",
        "DELETE FROM feedback_invitations WHERE round_id IN (SELECT id FROM feedback_rounds WHERE person_id = $1)",
        "DELETE FROM feedback_rounds WHERE person_id = $1",
        "DELETE FROM behaviour_placements WHERE assessment_id IN (SELECT id FROM behaviour_assessments WHERE person_id = $1)",
        "DELETE FROM behaviour_assessment_records WHERE assessment_id IN (SELECT id FROM behaviour_assessments WHERE person_id = $1)",
        "DELETE FROM behaviour_assessments WHERE person_id = $1",
        "DELETE FROM behaviour_actions WHERE person_id = $1",
        "DELETE FROM behaviour_group_members WHERE person_id = $1",
        "UPDATE behaviour_groups SET created_by = NULL WHERE created_by = $1",
    ] {
        sqlx::query(sql).bind(person.0).execute(&mut *conn).await?;
    }
    Ok(())
}
