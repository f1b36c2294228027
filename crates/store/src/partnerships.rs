//! Partnerships: the partnership and its members, goals and the history of agreed goals,
//! commitments, stock-takes, discussion, and the reminder job.
//!
//! Who may see a partnership is decided here, in SQL: a published partnership is seen by
//! anyone; an unpublished one only by people acting for an organisation that has joined
//! it or been invited to it. Members-only material (draft goals and their commitments,
//! stock-take notes, decisions and next steps, discussion, invitations) is read only when
//! the caller asks for it as a member, and is never selected otherwise.
//!
//! Every multi-step write is one transaction: a stock-take with its reviews, values and the
//! commitments' and goals' running histories; a change to an agreed goal with its history
//! rows; an invitation with its notices and emails. Reminders go exactly once: the job is
//! leased in the database, and each reminder is recorded under its own key in the same
//! transaction that queues its emails.

use crate::brokerage::{administrators, notify};
use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::ReadScope;
use convene_domain::account::PersonId;
use convene_domain::mail;
use convene_domain::partnerships::partnership::check_member_change;
use convene_domain::partnerships::reminders::{self, Reminder};
use convene_domain::partnerships::schedule::{calendar_text, parse_calendar};
use convene_domain::partnerships::{
    Commitment, CommitmentDraft, CommitmentId, Goal, GoalChange, GoalDraft, GoalId, GoalStatus,
    GoalValue, Measurement, Member, MemberStatus, Partnership, PartnershipDraft, PartnershipId,
    PartnershipRole, Review, ReviewStatus, Rhythm, ServedArea, Stocktake, StocktakeDraft,
    StocktakeId,
};
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::{Date, Urn};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::sync::Arc;

/// The job name of the reminder lease.
const REMINDER_JOB: &str = "partnership-reminders";

/// Most partnerships returned by one list.
pub const MAX_PARTNERSHIPS_LISTED: usize = 500;

/// A partnership in a list, with its counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartnershipSummary {
    /// The partnership.
    pub partnership: Partnership,
    /// Organisations that have joined.
    pub members: u64,
    /// Agreed goals.
    pub goals: u64,
}

/// A message in a partnership's members-only discussion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartnershipPost {
    /// Number.
    pub id: i64,
    /// Who wrote it.
    pub author: String,
    /// For which organisation.
    pub org: NamedOrg,
    /// What they wrote.
    pub body: String,
    /// When (UTC).
    pub created_at: String,
}

/// Everything a partnership's page shows, as much as the reader may see.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartnershipDossier {
    /// The partnership.
    pub partnership: Partnership,
    /// Its members: for outsiders only those that joined (and those that left);
    /// for members also invitations and declines.
    pub members: Vec<Member>,
    /// Goals: agreed only for outsiders; drafts too for members.
    pub goals: Vec<Goal>,
    /// Each goal's measured values, oldest first.
    pub series: HashMap<GoalId, Vec<Measurement>>,
    /// Commitments of the goals shown.
    pub commitments: Vec<Commitment>,
    /// Each commitment's statuses at past stock-takes, oldest first.
    pub status_history: HashMap<CommitmentId, Vec<(Date, ReviewStatus)>>,
    /// Stock-takes, newest first (without members-only parts for outsiders, and without
    /// their reviews: see [`Store::stocktake`]).
    pub stocktakes: Vec<Stocktake>,
    /// Changes to agreed goals, oldest first (who, by name, only for members).
    pub history: Vec<(GoalId, GoalChange)>,
    /// The discussion, newest first (members only; empty otherwise).
    pub posts: Vec<PartnershipPost>,
}

/// What one run of the reminder job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReminderRun {
    /// Whether this process held the lease (if not, it did nothing).
    pub held: bool,
    /// Reminders recorded and queued now.
    pub sent: usize,
}

fn f64_at(row: &AnyRow, column: &str) -> Result<f64, StoreError> {
    Ok(row.try_get::<f64, _>(column)?)
}

fn numbers(text: &str) -> Result<Vec<i64>, StoreError> {
    text.split_whitespace()
        .map(|n| n.parse().map_err(|_| corrupt("number", n)))
        .collect()
}

fn join_numbers(values: impl Iterator<Item = i64>) -> String {
    values.map(|v| v.to_string()).collect::<Vec<_>>().join(" ")
}

const PARTNERSHIP_COLUMNS: &str = "p.id, p.name, p.issue, p.area_local_authorities, \
    p.area_schools, p.evidence, p.vision, p.narrative, p.rhythm, p.first_stocktake, \
    p.calendar, p.published, p.convened_by, p.created_at, p.version, \
    (SELECT m.org_name FROM partnership_members m WHERE m.partnership_id = p.id \
     AND m.org_key = p.convened_by) AS convener_name";

fn partnership_from_row(row: &AnyRow) -> Result<Partnership, StoreError> {
    let rhythm: String = row.try_get("rhythm")?;
    let calendar: String = row.try_get("calendar")?;
    let convener = org_at(row, "convened_by")?;
    Ok(Partnership {
        id: PartnershipId(get_i64(row, "id")?),
        name: row.try_get("name")?,
        issue: row.try_get("issue")?,
        area: ServedArea {
            local_authorities: numbers(&row.try_get::<String, _>("area_local_authorities")?)?,
            schools: numbers(&row.try_get::<String, _>("area_schools")?)?
                .into_iter()
                .map(Urn)
                .collect(),
        },
        evidence: row.try_get("evidence")?,
        vision: row.try_get("vision")?,
        narrative: row.try_get("narrative")?,
        rhythm: Rhythm::from_key(&rhythm).ok_or_else(|| corrupt("rhythm", &rhythm))?,
        first_stocktake: date_at(row, "first_stocktake")?,
        calendar: parse_calendar(&calendar).map_err(|e| corrupt("calendar", e))?,
        published: get_i64(row, "published")? == 1,
        convened_by: NamedOrg {
            org: convener,
            name: row
                .try_get::<Option<String>, _>("convener_name")?
                .unwrap_or_else(|| convener.key()),
        },
        created_at: row.try_get("created_at")?,
        version: get_i64(row, "version")?,
    })
}

fn member_from_row(row: &AnyRow) -> Result<Member, StoreError> {
    let role: String = row.try_get("role")?;
    let status: String = row.try_get("status")?;
    Ok(Member {
        org: NamedOrg {
            org: org_at(row, "org_key")?,
            name: row.try_get("org_name")?,
        },
        role: PartnershipRole::from_key(&role).ok_or_else(|| corrupt("role", &role))?,
        status: MemberStatus::from_key(&status).ok_or_else(|| corrupt("status", &status))?,
        invited_at: row.try_get("invited_at")?,
        joined_at: row.try_get("joined_at")?,
        left_at: row.try_get("left_at")?,
    })
}

const GOAL_SELECT: &str = "SELECT g.id, g.partnership_id, g.title, g.measure, g.unit, \
    g.baseline, g.baseline_on, g.target, g.deadline, g.owner_key, g.status, g.agreed_at, \
    g.series, COALESCE(m.org_name, g.owner_key) AS owner_name FROM partnership_goals g \
    LEFT JOIN partnership_members m ON m.partnership_id = g.partnership_id \
    AND m.org_key = g.owner_key";

fn goal_from_row(row: &AnyRow) -> Result<(Goal, Vec<Measurement>), StoreError> {
    let status: String = row.try_get("status")?;
    let series: String = row.try_get("series")?;
    let measurements = series
        .split_whitespace()
        .map(|pair| {
            let (on, value) = pair
                .split_once('=')
                .ok_or_else(|| corrupt("series", pair))?;
            Ok(Measurement {
                on: Date::parse(on).ok_or_else(|| corrupt("date", on))?,
                value: value.parse().map_err(|_| corrupt("value", value))?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((
        Goal {
            id: GoalId(get_i64(row, "id")?),
            partnership: PartnershipId(get_i64(row, "partnership_id")?),
            title: row.try_get("title")?,
            measure: row.try_get("measure")?,
            unit: row.try_get("unit")?,
            baseline: f64_at(row, "baseline")?,
            baseline_on: date_at(row, "baseline_on")?,
            target: f64_at(row, "target")?,
            deadline: date_at(row, "deadline")?,
            owner: NamedOrg {
                org: org_at(row, "owner_key")?,
                name: row.try_get("owner_name")?,
            },
            status: GoalStatus::from_key(&status).ok_or_else(|| corrupt("goal status", status))?,
            agreed_at: row.try_get("agreed_at")?,
        },
        measurements,
    ))
}

const COMMITMENT_SELECT: &str = "SELECT c.id, c.partnership_id, c.goal_id, c.owner_key, \
    c.action, c.due_on, c.days, c.status, c.reviewed_on, c.status_history, \
    COALESCE(m.org_name, c.owner_key) AS owner_name, m.status AS owner_status \
    FROM partnership_commitments c JOIN partnership_goals g ON g.id = c.goal_id \
    LEFT JOIN partnership_members m ON m.partnership_id = c.partnership_id \
    AND m.org_key = c.owner_key";

type StatusHistory = Vec<(Date, ReviewStatus)>;

fn commitment_from_row(row: &AnyRow) -> Result<(Commitment, StatusHistory), StoreError> {
    let status: Option<String> = row.try_get("status")?;
    let reviewed: Option<String> = row.try_get("reviewed_on")?;
    let owner_status: Option<String> = row.try_get("owner_status")?;
    let history: String = row.try_get("status_history")?;
    let history = history
        .split_whitespace()
        .map(|pair| {
            let (on, status) = pair
                .split_once('=')
                .ok_or_else(|| corrupt("history", pair))?;
            Ok((
                Date::parse(on).ok_or_else(|| corrupt("date", on))?,
                ReviewStatus::from_key(status).ok_or_else(|| corrupt("status", status))?,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let days = get_i64(row, "days")?;
    Ok((
        Commitment {
            id: CommitmentId(get_i64(row, "id")?),
            partnership: PartnershipId(get_i64(row, "partnership_id")?),
            goal: GoalId(get_i64(row, "goal_id")?),
            owner: NamedOrg {
                org: org_at(row, "owner_key")?,
                name: row.try_get("owner_name")?,
            },
            owner_left: owner_status.as_deref() == Some("left"),
            action: row.try_get("action")?,
            due: date_at(row, "due_on")?,
            days: u32::try_from(days).map_err(|_| corrupt("days", days))?,
            status: status
                .map(|s| ReviewStatus::from_key(&s).ok_or_else(|| corrupt("status", s)))
                .transpose()?,
            reviewed_on: reviewed
                .map(|d| Date::parse(&d).ok_or_else(|| corrupt("date", d)))
                .transpose()?,
        },
        history,
    ))
}

/// The SQL condition (on alias `p`) for partnerships `scope` may see, and its parameters:
/// published ones, and those an organisation of theirs has joined or been invited to.
fn visible_clause(scope: &ReadScope, first_parameter: usize) -> (String, Vec<String>) {
    if scope.organisations.is_empty() {
        return ("p.published = 1".into(), Vec::new());
    }
    let marks: Vec<String> = (0..scope.organisations.len())
        .map(|i| format!("${}", first_parameter + i))
        .collect();
    (
        format!(
            "(p.published = 1 OR EXISTS (SELECT 1 FROM partnership_members vm \
             WHERE vm.partnership_id = p.id AND vm.status IN ('joined', 'invited') \
             AND vm.org_key IN ({})))",
            marks.join(", ")
        ),
        scope.organisations.iter().map(|o| o.key()).collect(),
    )
}

async fn person_name(conn: &mut AnyConnection, person: PersonId) -> Result<String, StoreError> {
    let row = sqlx::query("SELECT name FROM people WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => r.try_get("name")?,
        None => "Someone".into(),
    })
}

/// Every row `sql` gives for the one id it binds as `$1`, each read by `read`: the shape
/// of nearly every read of a partnership's parts.
async fn rows_for<T>(
    conn: &mut AnyConnection,
    sql: &str,
    id: i64,
    read: impl Fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let rows = sqlx::query(sql).bind(id).fetch_all(&mut *conn).await?;
    rows.iter().map(read).collect()
}

/// Counts a change to partnership `id`, in the transaction that makes it, so copies of its
/// records made before it are no longer used (see `partnership_copies.rs`).
async fn touch(conn: &mut AnyConnection, id: PartnershipId) -> Result<(), StoreError> {
    sqlx::query("UPDATE partnerships SET version = version + 1 WHERE id = $1")
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// [`touch`] for the partnership a goal belongs to.
async fn touch_goal(conn: &mut AnyConnection, goal: GoalId) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE partnerships SET version = version + 1
         WHERE id = (SELECT partnership_id FROM partnership_goals WHERE id = $1)",
    )
    .bind(goal.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The SQL filter (on alias `g`) that keeps outsiders to agreed goals and what hangs off
/// them; members see drafts too.
fn agreed_only(members_only: bool) -> &'static str {
    if members_only {
        ""
    } else {
        " AND g.status = 'agreed'"
    }
}

/// `expression AS alias` for members, an empty text for everyone else: members-only
/// columns are never selected for outsiders.
fn members_column(members_only: bool, expression: &str, alias: &str) -> String {
    if members_only {
        format!("{expression} AS {alias}")
    } else {
        format!("'' AS {alias}")
    }
}

/// The columns of a stock-take, with its members-only parts blanked for outsiders.
fn stocktake_select(members_only: bool) -> String {
    format!(
        "SELECT s.id, s.partnership_id, s.held_on, s.summary, {}, {}, {} FROM partnership_stocktakes s",
        members_column(members_only, "s.decisions", "decisions"),
        members_column(members_only, "s.next_steps", "next_steps"),
        members_column(members_only, "s.recorded_by_name", "recorded_by_name"),
    )
}

/// A stock-take as [`stocktake_select`] reads it, without its reviews and values.
fn stocktake_from_row(row: &AnyRow) -> Result<Stocktake, StoreError> {
    let by: String = row.try_get("recorded_by_name")?;
    Ok(Stocktake {
        id: StocktakeId(get_i64(row, "id")?),
        partnership: PartnershipId(get_i64(row, "partnership_id")?),
        held_on: date_at(row, "held_on")?,
        reviews: Vec::new(),
        measurements: Vec::new(),
        decisions: row.try_get("decisions")?,
        next_steps: row.try_get("next_steps")?,
        summary: row.try_get("summary")?,
        recorded_by: (!by.is_empty()).then_some(by),
    })
}

async fn members_on(
    conn: &mut AnyConnection,
    id: PartnershipId,
    members_only: bool,
) -> Result<Vec<Member>, StoreError> {
    let filter = if members_only {
        ""
    } else {
        " AND status IN ('joined', 'left')"
    };
    let sql = format!(
        "SELECT org_key, org_name, role, status, invited_at, joined_at, left_at
         FROM partnership_members WHERE partnership_id = $1{filter}
         ORDER BY CASE role WHEN 'convener' THEN 0 WHEN 'partner' THEN 1 ELSE 2 END, org_name"
    );
    rows_for(conn, &sql, id.0, member_from_row).await
}

async fn goals_on(
    conn: &mut AnyConnection,
    id: PartnershipId,
    members_only: bool,
) -> Result<Vec<(Goal, Vec<Measurement>)>, StoreError> {
    let sql = format!(
        "{GOAL_SELECT} WHERE g.partnership_id = $1{} ORDER BY g.id",
        agreed_only(members_only)
    );
    rows_for(conn, &sql, id.0, goal_from_row).await
}

async fn commitments_on(
    conn: &mut AnyConnection,
    id: PartnershipId,
    members_only: bool,
) -> Result<Vec<(Commitment, StatusHistory)>, StoreError> {
    let sql = format!(
        "{COMMITMENT_SELECT} WHERE c.partnership_id = $1{} ORDER BY c.due_on, c.id",
        agreed_only(members_only)
    );
    rows_for(conn, &sql, id.0, commitment_from_row).await
}

/// Administrators of every organisation that has joined `id` (with `roles`), each once.
async fn administrators_of_members(
    conn: &mut AnyConnection,
    id: PartnershipId,
    only: Option<&[OrgRef]>,
) -> Result<Vec<(PersonId, String, String)>, StoreError> {
    let members = members_on(conn, id, true).await?;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for member in members
        .iter()
        .filter(|m| m.status == MemberStatus::Joined)
        .filter(|m| only.is_none_or(|orgs| orgs.contains(&m.org.org)))
    {
        for admin in administrators(conn, member.org.org).await? {
            if !seen.contains(&admin.id) {
                seen.push(admin.id);
                out.push((admin.id, admin.name, admin.email));
            }
        }
    }
    Ok(out)
}

impl Store {
    /// Convenes a partnership: stores it and its convening organisation as its first
    /// member, in one transaction. The convener must be an organisation on Convene.
    pub async fn create_partnership(
        &self,
        by: PersonId,
        draft: &PartnershipDraft,
    ) -> Result<PartnershipId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let convener_name = org_name_on(&mut tx, draft.convener).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {}", draft.convener))
        })?;
        let now = now_utc();
        let row = sqlx::query(
            "INSERT INTO partnerships (name, issue, area_local_authorities, area_schools,
                evidence, vision, narrative, rhythm, first_stocktake, calendar, published,
                convened_by, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(draft.name.clone())
        .bind(draft.issue.clone())
        .bind(join_numbers(draft.area.local_authorities.iter().copied()))
        .bind(join_numbers(draft.area.schools.iter().map(|u| u.0)))
        .bind(draft.evidence.clone())
        .bind(draft.vision.clone())
        .bind(draft.narrative.clone())
        .bind(draft.rhythm.key())
        .bind(draft.first_stocktake.to_string())
        .bind(calendar_text(&draft.calendar))
        .bind(i64::from(draft.published))
        .bind(draft.convener.key())
        .bind(by.0)
        .bind(now.clone())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        sqlx::query(
            "INSERT INTO partnership_members (partnership_id, org_key, org_name, role, status,
                invited_by, invited_at, decided_by, joined_at)
             VALUES ($1, $2, $3, 'convener', 'joined', $4, $5, $4, $5)",
        )
        .bind(id)
        .bind(draft.convener.key())
        .bind(convener_name)
        .bind(by.0)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, PartnershipId(id)).await?;
        tx.commit().await?;
        Ok(PartnershipId(id))
    }

    /// Changes a partnership's description, area, rhythm and publication. The convening
    /// organisation stays as it was.
    pub async fn update_partnership(
        &self,
        id: PartnershipId,
        draft: &PartnershipDraft,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE partnerships SET name = $1, issue = $2, area_local_authorities = $3,
                area_schools = $4, evidence = $5, vision = $6, narrative = $7, rhythm = $8,
                first_stocktake = $9, calendar = $10, published = $11, version = version + 1
             WHERE id = $12",
        )
        .bind(draft.name.clone())
        .bind(draft.issue.clone())
        .bind(join_numbers(draft.area.local_authorities.iter().copied()))
        .bind(join_numbers(draft.area.schools.iter().map(|u| u.0)))
        .bind(draft.evidence.clone())
        .bind(draft.vision.clone())
        .bind(draft.narrative.clone())
        .bind(draft.rhythm.key())
        .bind(draft.first_stocktake.to_string())
        .bind(calendar_text(&draft.calendar))
        .bind(i64::from(draft.published))
        .bind(id.0)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The partnerships `scope` may see, newest first; with `org`, only those that
    /// organisation has joined (or, for a reader who acts for it, been invited to).
    pub async fn partnerships(
        &self,
        scope: &ReadScope,
        org: Option<OrgRef>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<PartnershipSummary>, StoreError> {
        let (visible, params) = visible_clause(scope, 1);
        let mut sql = format!(
            "SELECT {PARTNERSHIP_COLUMNS},
                (SELECT COUNT(*) FROM partnership_members m2 WHERE m2.partnership_id = p.id
                 AND m2.status = 'joined') AS member_count,
                (SELECT COUNT(*) FROM partnership_goals g2 WHERE g2.partnership_id = p.id
                 AND g2.status = 'agreed') AS goal_count
             FROM partnerships p WHERE {visible}"
        );
        let mut next = params.len() + 1;
        if let Some(org) = org {
            // An invitation is the business of the invited and the partnership: others
            // filtering by an organisation see only the partnerships it has joined.
            let statuses = if scope.organisations.contains(&org) {
                "'joined', 'invited'"
            } else {
                "'joined'"
            };
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM partnership_members om WHERE om.partnership_id = p.id \
                 AND om.status IN ({statuses}) AND om.org_key = ${next})"
            ));
            next += 1;
        }
        sql.push_str(&format!(
            " ORDER BY p.id DESC LIMIT ${} OFFSET ${}",
            next,
            next + 1
        ));
        let mut query = sqlx::query(&sql);
        for p in params {
            query = query.bind(p);
        }
        if let Some(org) = org {
            query = query.bind(org.key());
        }
        let rows = query
            .bind(limit.min(MAX_PARTNERSHIPS_LISTED) as i64)
            .bind(offset as i64)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PartnershipSummary {
                    partnership: partnership_from_row(r)?,
                    members: get_i64(r, "member_count")? as u64,
                    goals: get_i64(r, "goal_count")? as u64,
                })
            })
            .collect()
    }

    /// One partnership and all its members (invitations included), if `scope` may see it;
    /// `None` whether it does not exist or is hidden. What of it the reader may see beyond
    /// this is [`Store::partnership_dossier`]'s business.
    pub async fn partnership(
        &self,
        scope: &ReadScope,
        id: PartnershipId,
    ) -> Result<Option<(Partnership, Vec<Member>)>, StoreError> {
        let (visible, params) = visible_clause(scope, 2);
        let sql = format!(
            "SELECT {PARTNERSHIP_COLUMNS} FROM partnerships p WHERE p.id = $1 AND {visible}"
        );
        let mut query = sqlx::query(&sql).bind(id.0);
        for p in params {
            query = query.bind(p);
        }
        let mut conn = self.pool().acquire().await?;
        let Some(row) = query.fetch_optional(&mut *conn).await? else {
            return Ok(None);
        };
        let partnership = partnership_from_row(&row)?;
        let members = match self.copies.current(id.0, true, partnership.version) {
            Some(copy) => copy.members.clone(),
            None => members_on(&mut conn, id, true).await?,
        };
        Ok(Some((partnership, members)))
    }

    /// What a partnership's page shows. With `members_only` false, nothing for members
    /// only is selected: draft goals and their commitments, notes, decisions, next steps,
    /// discussion, who changed a goal, and invitations are left out in the SQL itself.
    /// The caller has already decided, with [`Store::partnership`], that the reader may
    /// see the partnership at all.
    /// Made once per version of the partnership and then kept in memory (see
    /// `partnership_copies.rs`). The partnership is read again here, so a caller holding
    /// the partnership from before its own write still gets what it just wrote.
    pub async fn partnership_dossier(
        &self,
        partnership: &Partnership,
        members_only: bool,
    ) -> Result<Arc<PartnershipDossier>, StoreError> {
        let id = partnership.id;
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query("SELECT version FROM partnerships WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await?;
        if let Some(copy) = self
            .copies
            .current(id.0, members_only, get_i64(&row, "version")?)
        {
            return Ok(copy);
        }
        let sql = format!("SELECT {PARTNERSHIP_COLUMNS} FROM partnerships p WHERE p.id = $1");
        let row = sqlx::query(&sql).bind(id.0).fetch_one(&mut *conn).await?;
        let partnership = partnership_from_row(&row)?;
        let members = members_on(&mut conn, id, members_only).await?;
        let mut goals = Vec::new();
        let mut series = HashMap::new();
        for (goal, measured) in goals_on(&mut conn, id, members_only).await? {
            series.insert(goal.id, measured);
            goals.push(goal);
        }
        let mut commitments = Vec::new();
        let mut status_history = HashMap::new();
        for (commitment, history) in commitments_on(&mut conn, id, members_only).await? {
            status_history.insert(commitment.id, history);
            commitments.push(commitment);
        }
        let sql = format!(
            "{} WHERE s.partnership_id = $1 ORDER BY s.held_on DESC, s.id DESC",
            stocktake_select(members_only)
        );
        let stocktakes = rows_for(&mut conn, &sql, id.0, stocktake_from_row).await?;
        let sql = format!(
            "SELECT h.goal_id, h.at, {}, h.field, h.before_value, h.after_value
             FROM partnership_goal_history h JOIN partnership_goals g ON g.id = h.goal_id
             WHERE g.partnership_id = $1{} ORDER BY h.id",
            members_column(members_only, "h.by_name", "by_name"),
            agreed_only(members_only)
        );
        let history = rows_for(&mut conn, &sql, id.0, |r| {
            Ok((
                GoalId(get_i64(r, "goal_id")?),
                GoalChange {
                    at: r.try_get("at")?,
                    by: r.try_get("by_name")?,
                    field: r.try_get("field")?,
                    before: r.try_get("before_value")?,
                    after: r.try_get("after_value")?,
                },
            ))
        })
        .await?;
        let posts = if members_only {
            let sql = "SELECT p.id, p.author_name, p.org_key,
                    COALESCE(m.org_name, p.org_key) AS org_name, p.body, p.created_at
                 FROM partnership_posts p LEFT JOIN partnership_members m
                   ON m.partnership_id = p.partnership_id AND m.org_key = p.org_key
                 WHERE p.partnership_id = $1 ORDER BY p.id DESC LIMIT 200";
            rows_for(&mut conn, sql, id.0, |r| {
                Ok(PartnershipPost {
                    id: get_i64(r, "id")?,
                    author: r.try_get("author_name")?,
                    org: NamedOrg {
                        org: org_at(r, "org_key")?,
                        name: r.try_get("org_name")?,
                    },
                    body: r.try_get("body")?,
                    created_at: r.try_get("created_at")?,
                })
            })
            .await?
        } else {
            Vec::new()
        };
        let dossier = Arc::new(PartnershipDossier {
            partnership,
            members,
            goals,
            series,
            commitments,
            status_history,
            stocktakes,
            history,
            posts,
        });
        self.copies.keep(members_only, dossier.clone());
        Ok(dossier)
    }

    /// One stock-take in full: each commitment's review (with its note only for members)
    /// and each goal's value (for outsiders only those of agreed goals).
    pub async fn stocktake(
        &self,
        partnership: PartnershipId,
        id: StocktakeId,
        members_only: bool,
    ) -> Result<Option<Stocktake>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let row = sqlx::query(&format!(
            "{} WHERE s.partnership_id = $1 AND s.id = $2",
            stocktake_select(members_only)
        ))
        .bind(partnership.0)
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT r.commitment_id, r.status, {} FROM partnership_reviews r
             JOIN partnership_commitments c ON c.id = r.commitment_id
             JOIN partnership_goals g ON g.id = c.goal_id
             WHERE r.stocktake_id = $1{} ORDER BY c.due_on, c.id",
            members_column(members_only, "r.note", "note"),
            agreed_only(members_only)
        );
        let reviews = rows_for(&mut conn, &sql, id.0, |r| {
            let status: String = r.try_get("status")?;
            Ok(Review {
                commitment: CommitmentId(get_i64(r, "commitment_id")?),
                status: ReviewStatus::from_key(&status).ok_or_else(|| corrupt("status", status))?,
                note: r.try_get("note")?,
            })
        })
        .await?;
        let sql = format!(
            "SELECT v.goal_id, v.value FROM partnership_measurements v
             JOIN partnership_goals g ON g.id = v.goal_id
             WHERE v.stocktake_id = $1{} ORDER BY v.goal_id",
            agreed_only(members_only)
        );
        let measurements = rows_for(&mut conn, &sql, id.0, |r| {
            Ok(GoalValue {
                goal: GoalId(get_i64(r, "goal_id")?),
                value: f64_at(r, "value")?,
            })
        })
        .await?;
        Ok(Some(Stocktake {
            reviews,
            measurements,
            ..stocktake_from_row(&row)?
        }))
    }

    /// Invites an organisation (again, if it declined or left) with a role, telling its
    /// administrators in Convene and by email, in one transaction. Inviting an
    /// organisation that is already invited or a member is refused.
    pub async fn invite_to_partnership(
        &self,
        id: PartnershipId,
        org: OrgRef,
        role: PartnershipRole,
        by: PersonId,
        public_url: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let name = org_name_on(&mut tx, org).await?.ok_or_else(|| {
            StoreError::Refused(format!("There is no organisation {org} on Convene"))
        })?;
        let existing = sqlx::query(
            "SELECT status FROM partnership_members WHERE partnership_id = $1 AND org_key = $2",
        )
        .bind(id.0)
        .bind(org.key())
        .fetch_optional(&mut *tx)
        .await?;
        let now = now_utc();
        match existing
            .map(|r| r.try_get::<String, _>("status"))
            .transpose()?
        {
            Some(status) if status == "joined" || status == "invited" => {
                return Err(StoreError::Refused(format!(
                    "{name} is already {} this partnership",
                    if status == "joined" {
                        "a member of"
                    } else {
                        "invited to"
                    }
                )));
            }
            Some(_) => {
                sqlx::query(
                    "UPDATE partnership_members SET role = $1, status = 'invited', invited_by = $2,
                        invited_at = $3, decided_by = NULL, joined_at = NULL, left_at = NULL,
                        org_name = $4 WHERE partnership_id = $5 AND org_key = $6",
                )
                .bind(role.key())
                .bind(by.0)
                .bind(now)
                .bind(name.clone())
                .bind(id.0)
                .bind(org.key())
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "INSERT INTO partnership_members (partnership_id, org_key, org_name, role,
                        status, invited_by, invited_at) VALUES ($1, $2, $3, $4, 'invited', $5, $6)",
                )
                .bind(id.0)
                .bind(org.key())
                .bind(name.clone())
                .bind(role.key())
                .bind(by.0)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
        let row = sqlx::query("SELECT name FROM partnerships WHERE id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await?;
        let partnership: String = row.try_get("name")?;
        let link = format!("/partnerships/{}", id.0);
        for admin in administrators(&mut tx, org).await? {
            let email = mail::partnership_invitation(
                &admin.email,
                &admin.name,
                &name,
                &partnership,
                role.label(),
                &format!("{public_url}{link}"),
            );
            let text = format!(
                "{name} is invited to join {partnership} as {}",
                role.label().to_lowercase()
            );
            notify(&mut tx, admin.id, &text, &link, Some(&email)).await?;
        }
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepts or declines an invitation for `org`. Answering twice (a double click, two
    /// processes) changes nothing the second time; answering an invitation that is not
    /// waiting is refused.
    pub async fn answer_invitation(
        &self,
        id: PartnershipId,
        org: OrgRef,
        by: PersonId,
        accept: bool,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let now = now_utc();
        let changed = sqlx::query(
            "UPDATE partnership_members SET status = $1, decided_by = $2, joined_at = $3
             WHERE partnership_id = $4 AND org_key = $5 AND status = 'invited'",
        )
        .bind(if accept { "joined" } else { "declined" })
        .bind(by.0)
        .bind(accept.then(|| now.clone()))
        .bind(id.0)
        .bind(org.key())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            let row = sqlx::query(
                "SELECT status FROM partnership_members WHERE partnership_id = $1 AND org_key = $2",
            )
            .bind(id.0)
            .bind(org.key())
            .fetch_optional(&mut *tx)
            .await?;
            let status: Option<String> = row.map(|r| r.try_get("status")).transpose()?;
            return match (status.as_deref(), accept) {
                (Some("joined"), true) | (Some("declined"), false) => Ok(()),
                _ => Err(StoreError::Refused(
                    "There is no invitation waiting for this organisation".into(),
                )),
            };
        }
        let row = sqlx::query(
            "SELECT p.name, m.org_name FROM partnerships p JOIN partnership_members m
             ON m.partnership_id = p.id WHERE p.id = $1 AND m.org_key = $2",
        )
        .bind(id.0)
        .bind(org.key())
        .fetch_one(&mut *tx)
        .await?;
        let partnership: String = row.try_get("name")?;
        let org_name: String = row.try_get("org_name")?;
        let link = format!("/partnerships/{}", id.0);
        let conveners: Vec<OrgRef> = members_on(&mut tx, id, true)
            .await?
            .into_iter()
            .filter(|m| m.role == PartnershipRole::Convener && m.status == MemberStatus::Joined)
            .map(|m| m.org.org)
            .collect();
        let text = format!(
            "{org_name} {} the invitation to {partnership}",
            if accept { "accepted" } else { "declined" }
        );
        for (person, _, _) in administrators_of_members(&mut tx, id, Some(&conveners)).await? {
            if person != by {
                notify(&mut tx, person, &text, &link, None).await?;
            }
        }
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organisation leaves: its commitments stay, marked. The last convener cannot
    /// leave (a partnership always has someone to convene it).
    pub async fn leave_partnership(
        &self,
        id: PartnershipId,
        org: OrgRef,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let members = members_on(&mut tx, id, true).await?;
        check_member_change(&members, org, None).map_err(StoreError::Refused)?;
        sqlx::query(
            "UPDATE partnership_members SET status = 'left', left_at = $1
             WHERE partnership_id = $2 AND org_key = $3 AND status = 'joined'",
        )
        .bind(now_utc())
        .bind(id.0)
        .bind(org.key())
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a joined member's role (conveners do this). The last convener keeps its role.
    pub async fn set_partnership_role(
        &self,
        id: PartnershipId,
        org: OrgRef,
        role: PartnershipRole,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let members = members_on(&mut tx, id, true).await?;
        check_member_change(&members, org, Some(role)).map_err(StoreError::Refused)?;
        sqlx::query(
            "UPDATE partnership_members SET role = $1 WHERE partnership_id = $2 AND org_key = $3",
        )
        .bind(role.key())
        .bind(id.0)
        .bind(org.key())
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a goal as a draft.
    pub async fn create_goal(
        &self,
        id: PartnershipId,
        by: PersonId,
        draft: &GoalDraft,
    ) -> Result<GoalId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO partnership_goals (partnership_id, title, measure, unit, baseline,
                baseline_on, target, deadline, owner_key, status, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11) RETURNING id",
        )
        .bind(id.0)
        .bind(draft.title.clone())
        .bind(draft.measure.clone())
        .bind(draft.unit.clone())
        .bind(draft.baseline)
        .bind(draft.baseline_on.to_string())
        .bind(draft.target)
        .bind(draft.deadline.to_string())
        .bind(draft.owner.key())
        .bind(by.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(GoalId(get_i64(&row, "id")?))
    }

    /// One goal of a partnership (drafts included: callers check the reader is a member
    /// before showing a draft).
    pub async fn goal(
        &self,
        partnership: PartnershipId,
        id: GoalId,
    ) -> Result<Option<Goal>, StoreError> {
        let row = sqlx::query(&format!(
            "{GOAL_SELECT} WHERE g.partnership_id = $1 AND g.id = $2"
        ))
        .bind(partnership.0)
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| goal_from_row(&r).map(|(g, _)| g)).transpose()
    }

    /// Changes a goal. A change to an agreed goal writes one history row per part
    /// changed (who, when, before, after) in the same transaction; a draft changes
    /// without history.
    pub async fn update_goal(
        &self,
        goal: &Goal,
        by: PersonId,
        draft: &GoalDraft,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let changed = sqlx::query(
            "UPDATE partnership_goals SET title = $1, measure = $2, unit = $3, baseline = $4,
                baseline_on = $5, target = $6, deadline = $7, owner_key = $8
             WHERE id = $9 AND status = $10",
        )
        .bind(draft.title.clone())
        .bind(draft.measure.clone())
        .bind(draft.unit.clone())
        .bind(draft.baseline)
        .bind(draft.baseline_on.to_string())
        .bind(draft.target)
        .bind(draft.deadline.to_string())
        .bind(draft.owner.key())
        .bind(goal.id.0)
        .bind(goal.status.key())
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "The goal changed while you were editing it: look at it again".into(),
            ));
        }
        if goal.status == GoalStatus::Agreed {
            let name = person_name(&mut tx, by).await?;
            let now = now_utc();
            for (field, before, after) in draft.changes_from(goal) {
                sqlx::query(
                    "INSERT INTO partnership_goal_history (goal_id, at, by_id, by_name, field,
                        before_value, after_value) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(goal.id.0)
                .bind(now.clone())
                .bind(by.0)
                .bind(name.clone())
                .bind(field)
                .bind(before)
                .bind(after)
                .execute(&mut *tx)
                .await?;
            }
        }
        touch(&mut tx, goal.partnership).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Agrees a draft goal, recording who agreed it and when in its history. Agreeing an
    /// agreed goal changes nothing.
    pub async fn agree_goal(&self, goal: GoalId, by: PersonId) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let now = now_utc();
        let changed = sqlx::query(
            "UPDATE partnership_goals SET status = 'agreed', agreed_at = $1
             WHERE id = $2 AND status = 'draft'",
        )
        .bind(now.clone())
        .bind(goal.0)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 1 {
            let name = person_name(&mut tx, by).await?;
            sqlx::query(
                "INSERT INTO partnership_goal_history (goal_id, at, by_id, by_name, field,
                    before_value, after_value) VALUES ($1, $2, $3, $4, 'agreed', 'draft', 'agreed')",
            )
            .bind(goal.0)
            .bind(now)
            .bind(by.0)
            .bind(name)
            .execute(&mut *tx)
            .await?;
        }
        touch_goal(&mut tx, goal).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a commitment.
    pub async fn create_commitment(
        &self,
        id: PartnershipId,
        by: PersonId,
        draft: &CommitmentDraft,
    ) -> Result<CommitmentId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "INSERT INTO partnership_commitments (partnership_id, goal_id, owner_key, action,
                due_on, days, created_by, created_at)
             SELECT $1, g.id, $2, $3, $4, $5, $6, $7 FROM partnership_goals g
             WHERE g.id = $8 AND g.partnership_id = $1 RETURNING id",
        )
        .bind(id.0)
        .bind(draft.owner.key())
        .bind(draft.action.clone())
        .bind(draft.due.to_string())
        .bind(i64::from(draft.days))
        .bind(by.0)
        .bind(now_utc())
        .bind(draft.goal.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such goal in this partnership".into()))?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(CommitmentId(get_i64(&row, "id")?))
    }

    /// Records a stock-take whole or not at all: the stock-take, a review per commitment,
    /// a value per goal, and each commitment's latest status and each goal's running
    /// series, in one transaction.
    pub async fn record_stocktake(
        &self,
        id: PartnershipId,
        by: PersonId,
        draft: &StocktakeDraft,
    ) -> Result<StocktakeId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let name = person_name(&mut tx, by).await?;
        let row = sqlx::query(
            "INSERT INTO partnership_stocktakes (partnership_id, held_on, decisions, next_steps,
                summary, recorded_by, recorded_by_name, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id.0)
        .bind(draft.held_on.to_string())
        .bind(draft.decisions.clone())
        .bind(draft.next_steps.clone())
        .bind(draft.summary.clone())
        .bind(by.0)
        .bind(name)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let stocktake = get_i64(&row, "id")?;
        let day = draft.held_on.to_string();
        for review in &draft.reviews {
            let row = sqlx::query(
                "SELECT status_history FROM partnership_commitments WHERE id = $1 AND partnership_id = $2",
            )
            .bind(review.commitment.0)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Refused("A commitment reviewed is not in this partnership".into()))?;
            let history: String = row.try_get("status_history")?;
            sqlx::query(
                "INSERT INTO partnership_reviews (stocktake_id, commitment_id, partnership_id,
                    status, note) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(stocktake)
            .bind(review.commitment.0)
            .bind(id.0)
            .bind(review.status.key())
            .bind(review.note.clone())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE partnership_commitments SET status = $1, reviewed_on = $2, status_history = $3
                 WHERE id = $4",
            )
            .bind(review.status.key())
            .bind(day.clone())
            .bind(add_to_series(&history, &day, review.status.key()))
            .bind(review.commitment.0)
            .execute(&mut *tx)
            .await?;
        }
        for (goal, value) in &draft.measurements {
            let row = sqlx::query(
                "SELECT series FROM partnership_goals WHERE id = $1 AND partnership_id = $2",
            )
            .bind(goal.0)
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                StoreError::Refused("A goal measured is not in this partnership".into())
            })?;
            let series: String = row.try_get("series")?;
            sqlx::query(
                "INSERT INTO partnership_measurements (stocktake_id, goal_id, partnership_id,
                    measured_on, value) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(stocktake)
            .bind(goal.0)
            .bind(id.0)
            .bind(day.clone())
            .bind(*value)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE partnership_goals SET series = $1 WHERE id = $2")
                .bind(add_to_series(&series, &day, &value.to_string()))
                .bind(goal.0)
                .execute(&mut *tx)
                .await?;
        }
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(StocktakeId(stocktake))
    }

    /// Adds a message to the members-only discussion, for an organisation of the author's.
    pub async fn post_to_partnership(
        &self,
        id: PartnershipId,
        by: PersonId,
        org: OrgRef,
        body: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let name = person_name(&mut tx, by).await?;
        sqlx::query(
            "INSERT INTO partnership_posts (partnership_id, author_id, author_name, org_key, body,
                created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.0)
        .bind(by.0)
        .bind(name)
        .bind(org.key())
        .bind(body.to_string())
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every commitment of `orgs` in partnerships they have joined, with the partnership
    /// it belongs to, for the overload view (each person's organisations see their own
    /// work across every partnership, drafts included, as they are members of each).
    pub async fn commitments_of(
        &self,
        orgs: &[OrgRef],
    ) -> Result<Vec<(PartnershipId, String, Commitment)>, StoreError> {
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=orgs.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{COMMITMENT_SELECT} JOIN partnerships p ON p.id = c.partnership_id
             WHERE c.owner_key IN ({marks}) AND m.status = 'joined'
             ORDER BY c.due_on, c.id",
            marks = marks.join(", ")
        )
        .replace("SELECT c.id,", "SELECT p.name AS partnership_name, c.id,");
        let mut query = sqlx::query(&sql);
        for org in orgs {
            query = query.bind(org.key());
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let (c, _) = commitment_from_row(r)?;
                Ok((c.partnership, r.try_get("partnership_name")?, c))
            })
            .collect()
    }

    /// One run of the reminder job at `now` (UTC ISO text) on `today`: takes the lease
    /// until `lease_until` if it is free, has expired, or is already this `holder`'s; then,
    /// for every partnership, records each reminder due ([`reminders::due`]) under its key
    /// and queues its notices and emails in the same transaction, skipping any already
    /// recorded. Safe to run from every `convene serve` process at once.
    pub async fn run_partnership_reminders(
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
        let rows = sqlx::query(&format!(
            "SELECT {PARTNERSHIP_COLUMNS} FROM partnerships p ORDER BY p.id"
        ))
        .fetch_all(self.pool())
        .await?;
        let mut sent = 0;
        for row in &rows {
            let partnership = partnership_from_row(row)?;
            let mut conn = self.pool().acquire().await?;
            let commitments: Vec<Commitment> = commitments_on(&mut conn, partnership.id, true)
                .await?
                .into_iter()
                .map(|(c, _)| c)
                .collect();
            drop(conn);
            for reminder in
                reminders::due(partnership.id, &partnership.schedule(), &commitments, today)
            {
                if self
                    .send_reminder(&partnership, &commitments, &reminder, now, public_url)
                    .await?
                {
                    sent += 1;
                }
            }
        }
        Ok(ReminderRun { held: true, sent })
    }

    /// One run of the reminder job on the real clock, holding the lease for
    /// `lease_seconds`: what `convene serve` calls every minute in every process.
    pub async fn run_due_partnership_reminders(
        &self,
        holder: &str,
        lease_seconds: i64,
        public_url: &str,
    ) -> Result<ReminderRun, StoreError> {
        let now = now_utc();
        let until = crate::provenance::utc_after(lease_seconds);
        self.run_partnership_reminders(holder, &now, &until, crate::provenance::today(), public_url)
            .await
    }

    /// Records one reminder and queues its emails, unless it was recorded before.
    async fn send_reminder(
        &self,
        partnership: &Partnership,
        commitments: &[Commitment],
        reminder: &Reminder,
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
        let link = partnership.path();
        let address = format!("{public_url}{link}");
        match reminder {
            Reminder::Stocktake { on, .. } => {
                let open = commitments.iter().filter(|c| !c.done()).count();
                for (person, name, email) in
                    administrators_of_members(&mut tx, partnership.id, None).await?
                {
                    let message = mail::stocktake_reminder(
                        &email,
                        &name,
                        &partnership.name,
                        *on,
                        open,
                        &address,
                    );
                    let text = format!("Stock-take for {} on {}", partnership.name, on.long());
                    notify(&mut tx, person, &text, &link, Some(&message)).await?;
                }
            }
            Reminder::Overdue { commitment, .. } => {
                let Some(c) = commitments.iter().find(|c| c.id == *commitment) else {
                    tx.commit().await?;
                    return Ok(true);
                };
                let members = members_on(&mut tx, partnership.id, true).await?;
                let mut told: Vec<OrgRef> = members
                    .iter()
                    .filter(|m| {
                        m.role == PartnershipRole::Convener && m.status == MemberStatus::Joined
                    })
                    .map(|m| m.org.org)
                    .collect();
                told.push(c.owner.org);
                for (person, name, email) in
                    administrators_of_members(&mut tx, partnership.id, Some(&told)).await?
                {
                    let message = mail::commitment_overdue(
                        &email,
                        &name,
                        &partnership.name,
                        &c.owner.name,
                        &c.action,
                        c.due,
                        &address,
                    );
                    let text = format!("Overdue in {}: {}", partnership.name, c.action);
                    notify(&mut tx, person, &text, &link, Some(&message)).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// A running series (`yyyy-mm-dd=value ...`, oldest first) with one more entry; an entry
/// for the same day replaces the earlier one (two stock-takes on one day).
fn add_to_series(series: &str, day: &str, value: &str) -> String {
    let mut entries: Vec<&str> = series
        .split_whitespace()
        .filter(|e| e.split_once('=').map(|(d, _)| d) != Some(day))
        .collect();
    let entry = format!("{day}={value}");
    entries.push(&entry);
    entries.sort_by_key(|e| e.split_once('=').map(|(d, _)| d.to_string()));
    entries.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_keep_one_entry_a_day_in_order() {
        assert_eq!(add_to_series("", "2027-02-09", "64.5"), "2027-02-09=64.5");
        assert_eq!(
            add_to_series("2027-03-16=70 2027-05-25=72", "2027-02-09", "64"),
            "2027-02-09=64 2027-03-16=70 2027-05-25=72"
        );
        assert_eq!(
            add_to_series("2027-02-09=64", "2027-02-09", "65"),
            "2027-02-09=65"
        );
    }
}
