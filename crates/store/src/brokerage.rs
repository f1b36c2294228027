//! Brokerage records: needs, offers, introductions, collaborations and the notices they
//! send. Needs, offers and collaborations are read only through the shared visibility
//! rule (`visibility_sql`); introductions only by the two sides. Asking for, accepting and
//! declining an introduction each write the change, its notices and its emails in one
//! transaction, and accepting twice (a double click, two processes) makes one
//! collaboration.

use crate::organisations::org_name_on;
use crate::outbox::enqueue;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::sql_filter::Filter;
use crate::value::Value;
use crate::visibility_sql::{insert_shares, visible_to, Shared, COLLABORATIONS, NEEDS, OFFERS};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{ReadScope, Visibility};
use convene_domain::account::PersonId;
use convene_domain::brokerage::records::Side;
use convene_domain::brokerage::{
    Collaboration, CollaborationId, CollaborationStatus, Feedback, HelpForm, ImprovementArea,
    Introduction, IntroductionId, IntroductionStatus, Need, NeedDraft, NeedId, NeedStatus, Offer,
    OfferCapacity, OfferDraft, OfferId, OfferStatus, Reach, TrackRecord,
};
use convene_domain::mail::{self, EmailMessage};
use convene_domain::party::{NamedOrg, OrgRef, PartnerId};
use convene_domain::{Date, Urn};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeSet, HashMap};

/// Most records returned by one list.
pub const MAX_LISTED: usize = 500;

/// Which needs or offers to list, beyond what the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingFilter {
    /// Only this area.
    pub area: Option<ImprovementArea>,
    /// Only this organisation's.
    pub owner: Option<OrgRef>,
    /// Only open needs / available offers.
    pub current_only: bool,
}

/// Asking a candidate for an introduction.
#[derive(Debug, Clone, PartialEq)]
pub struct IntroductionRequest {
    /// The need.
    pub need: NeedId,
    /// The organisation asked.
    pub candidate: OrgRef,
    /// Who asks.
    pub requested_by: PersonId,
    /// Their message to the candidate.
    pub message: String,
    /// The candidate's score and reasons when asked, in words.
    pub reasons: String,
    /// The address people reach Convene at, for links in emails.
    pub public_url: String,
}

/// Brokerage figures for conveners and administrators: counts only, never records.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct BrokerageFigures {
    /// Needs open now.
    pub needs_open: u64,
    /// Needs posted at least 30 days ago.
    pub needs_posted_30_days_ago: u64,
    /// Of those, how many had an introduction accepted within 30 days of posting.
    pub needs_met_within_30_days: u64,
    /// Offers posted (any status).
    pub offers: u64,
    /// Offers at least one collaboration has drawn on.
    pub offers_used: u64,
    /// Introductions asked.
    pub introductions: u64,
    /// Introductions accepted.
    pub introductions_accepted: u64,
    /// Introductions declined.
    pub introductions_declined: u64,
    /// Collaborations under way.
    pub collaborations_active: u64,
    /// Collaborations finished.
    pub collaborations_finished: u64,
}

/// A notice shown to a person in Convene.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Notice {
    /// Number.
    pub id: i64,
    /// What happened.
    pub text: String,
    /// Where to look.
    pub link: String,
    /// When.
    pub created_at: String,
    /// When read, if it has been.
    pub read_at: Option<String>,
}

/// Someone who administers an organisation, to be told about brokerage news.
#[derive(Debug, Clone)]
pub(crate) struct Administrator {
    pub(crate) id: PersonId,
    pub(crate) name: String,
    pub(crate) email: String,
}

const NEED_SELECT: &str = "SELECT n.id, n.owner_key, n.author_id, n.area, n.form, n.role, \
    n.description, n.starts_on, n.ends_on, n.days, n.reach_km, n.schools, n.visibility, \
    n.status, n.created_at FROM needs n";

const OFFER_SELECT: &str = "SELECT o.id, o.owner_key, o.author_id, o.area, o.form, o.role, \
    o.description, o.starts_on, o.ends_on, o.days_per_term, o.reach_km, o.visibility, \
    o.status, o.created_at, (SELECT CAST(COALESCE(SUM(c.days), 0) AS BIGINT) \
    FROM collaborations c WHERE c.offer_id = o.id AND c.status = 'active') AS days_agreed \
    FROM offers o";

const COLLABORATION_SELECT: &str = "SELECT c.id, c.introduction_id, c.need_id, c.offer_id, \
    c.helper_key, c.helped_key, c.area, c.form, c.days, c.starts_on, c.ends_on, c.status, \
    c.visibility, c.helper_rating, c.helper_comment, c.helped_rating, c.helped_comment \
    FROM collaborations c";

pub(crate) fn reach_km(reach: Reach) -> Option<i64> {
    reach.limit_km().map(|km| km as i64)
}

fn area_at(row: &AnyRow) -> Result<ImprovementArea, StoreError> {
    let key: String = row.try_get("area")?;
    ImprovementArea::from_key(&key).ok_or_else(|| corrupt("area", key))
}

fn form_at(row: &AnyRow) -> Result<HelpForm, StoreError> {
    let key: String = row.try_get("form")?;
    HelpForm::from_key(&key).ok_or_else(|| corrupt("form of help", key))
}

pub(crate) fn reach_at(row: &AnyRow) -> Result<Reach, StoreError> {
    Ok(match row.try_get::<Option<i64>, _>("reach_km")? {
        Some(km) => Reach::Within(u32::try_from(km).map_err(|_| corrupt("reach", km))?),
        None => Reach::Anywhere,
    })
}

fn days_at(row: &AnyRow, column: &str) -> Result<u32, StoreError> {
    let days = get_i64(row, column)?;
    u32::try_from(days).map_err(|_| corrupt("days", days))
}

async fn named(conn: &mut AnyConnection, org: OrgRef) -> Result<NamedOrg, StoreError> {
    Ok(NamedOrg {
        org,
        name: org_name_on(conn, org).await?.unwrap_or_else(|| org.key()),
    })
}

async fn shares_of(
    conn: &mut AnyConnection,
    kind: Shared,
    id: i64,
) -> Result<BTreeSet<OrgRef>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT org_key FROM {} WHERE {} = $1 ORDER BY org_key",
        kind.shares, kind.record_column
    ))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| org_at(r, "org_key")).collect()
}

pub(crate) async fn visibility_at(
    conn: &mut AnyConnection,
    row: &AnyRow,
    kind: Shared,
    id: i64,
) -> Result<Visibility, StoreError> {
    let level: String = row.try_get("visibility")?;
    let shares = if level == "organisations" {
        shares_of(conn, kind, id).await?
    } else {
        BTreeSet::new()
    };
    Visibility::from_parts(&level, shares).ok_or_else(|| corrupt("visibility", level))
}

async fn need_from_row(conn: &mut AnyConnection, row: &AnyRow) -> Result<Need, StoreError> {
    let id = get_i64(row, "id")?;
    let schools: String = row.try_get("schools")?;
    let schools = schools
        .split_whitespace()
        .map(|u| u.parse().map(Urn).map_err(|_| corrupt("URN", u)))
        .collect::<Result<Vec<Urn>, StoreError>>()?;
    let owner = org_at(row, "owner_key")?;
    let status: String = row.try_get("status")?;
    Ok(Need {
        id: NeedId(id),
        owner: named(conn, owner).await?,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(PersonId),
        area: area_at(row)?,
        form: form_at(row)?,
        role: row.try_get("role")?,
        description: row.try_get("description")?,
        from: date_at(row, "starts_on")?,
        to: date_at(row, "ends_on")?,
        days: days_at(row, "days")?,
        reach: reach_at(row)?,
        schools,
        visibility: visibility_at(conn, row, NEEDS, id).await?,
        status: NeedStatus::from_key(&status).ok_or_else(|| corrupt("need status", status))?,
        created_at: row.try_get("created_at")?,
    })
}

async fn offer_from_row(conn: &mut AnyConnection, row: &AnyRow) -> Result<Offer, StoreError> {
    let id = get_i64(row, "id")?;
    let owner = org_at(row, "owner_key")?;
    let status: String = row.try_get("status")?;
    Ok(Offer {
        id: OfferId(id),
        owner: named(conn, owner).await?,
        author: row.try_get::<Option<i64>, _>("author_id")?.map(PersonId),
        area: area_at(row)?,
        form: form_at(row)?,
        role: row.try_get("role")?,
        description: row.try_get("description")?,
        from: date_at(row, "starts_on")?,
        to: date_at(row, "ends_on")?,
        days_per_term: days_at(row, "days_per_term")?,
        days_agreed: days_at(row, "days_agreed")?,
        reach: reach_at(row)?,
        visibility: visibility_at(conn, row, OFFERS, id).await?,
        status: OfferStatus::from_key(&status).ok_or_else(|| corrupt("offer status", status))?,
        created_at: row.try_get("created_at")?,
    })
}

fn feedback_at(row: &AnyRow, side: &str) -> Result<Option<Feedback>, StoreError> {
    let rating: Option<i64> = row.try_get(format!("{side}_rating").as_str())?;
    let comment: Option<String> = row.try_get(format!("{side}_comment").as_str())?;
    Ok(match rating {
        Some(r) => Some(Feedback {
            rating: u8::try_from(r).map_err(|_| corrupt("rating", r))?,
            comment: comment.unwrap_or_default(),
        }),
        None => None,
    })
}

async fn collaboration_from_row(
    conn: &mut AnyConnection,
    row: &AnyRow,
) -> Result<Collaboration, StoreError> {
    let id = get_i64(row, "id")?;
    let status: String = row.try_get("status")?;
    Ok(Collaboration {
        id: CollaborationId(id),
        introduction: IntroductionId(get_i64(row, "introduction_id")?),
        need: NeedId(get_i64(row, "need_id")?),
        offer: row.try_get::<Option<i64>, _>("offer_id")?.map(OfferId),
        helper: named(conn, org_at(row, "helper_key")?).await?,
        helped: named(conn, org_at(row, "helped_key")?).await?,
        area: area_at(row)?,
        form: form_at(row)?,
        days: days_at(row, "days")?,
        start: date_at(row, "starts_on")?,
        end: date_at(row, "ends_on")?,
        status: CollaborationStatus::from_key(&status)
            .ok_or_else(|| corrupt("collaboration status", status))?,
        helper_feedback: feedback_at(row, "helper")?,
        helped_feedback: feedback_at(row, "helped")?,
        visibility: visibility_at(conn, row, COLLABORATIONS, id).await?,
    })
}

pub(crate) async fn administrators(
    conn: &mut AnyConnection,
    org: OrgRef,
) -> Result<Vec<Administrator>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.name, p.email FROM memberships m JOIN people p ON p.id = m.person_id
         WHERE m.org_key = $1 AND m.status = 'approved' AND m.role = 'administrator'
         ORDER BY p.id",
    )
    .bind(org.key())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Administrator {
                id: PersonId(get_i64(r, "id")?),
                name: r.try_get("name")?,
                email: r.try_get("email")?,
            })
        })
        .collect()
}

pub(crate) async fn notify(
    conn: &mut AnyConnection,
    person: PersonId,
    text: &str,
    link: &str,
    email: Option<&EmailMessage>,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO notices (person_id, text, link, created_at) VALUES ($1, $2, $3, $4)")
        .bind(person.0)
        .bind(text.to_string())
        .bind(link.to_string())
        .bind(now_utc())
        .execute(&mut *conn)
        .await?;
    if let Some(email) = email {
        enqueue(conn, email).await?;
    }
    Ok(())
}

async fn contact_of(
    conn: &mut AnyConnection,
    person: Option<i64>,
) -> Result<Option<String>, StoreError> {
    let Some(person) = person else {
        return Ok(None);
    };
    let row = sqlx::query("SELECT name, email, job_title FROM people WHERE id = $1")
        .bind(person)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match row {
        Some(r) => {
            let name: String = r.try_get("name")?;
            let email: String = r.try_get("email")?;
            let title: Option<String> = r.try_get("job_title")?;
            Some(match title {
                Some(t) if !t.is_empty() => format!("{name}, {t} <{email}>"),
                _ => format!("{name} <{email}>"),
            })
        }
        None => None,
    })
}

impl Store {
    /// Stores a need and whom it is shared with, in one transaction.
    pub async fn create_need(
        &self,
        author: PersonId,
        draft: &NeedDraft,
    ) -> Result<NeedId, StoreError> {
        let mut tx = self.pool().begin().await?;
        if org_name_on(&mut tx, draft.owner).await?.is_none() {
            return Err(StoreError::Refused(format!(
                "There is no organisation {}",
                draft.owner
            )));
        }
        let schools: Vec<String> = draft.schools.iter().map(|u| u.0.to_string()).collect();
        let row = sqlx::query(
            "INSERT INTO needs (owner_key, author_id, area, form, role, description, starts_on,
                ends_on, days, reach_km, schools, visibility, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13) RETURNING id",
        )
        .bind(draft.owner.key())
        .bind(author.0)
        .bind(draft.area.key())
        .bind(draft.form.key())
        .bind(draft.role.clone())
        .bind(draft.description.clone())
        .bind(draft.from.to_string())
        .bind(draft.to.to_string())
        .bind(i64::from(draft.days))
        .bind(reach_km(draft.reach))
        .bind(schools.join(" "))
        .bind(draft.visibility.level_key())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        insert_shares(&mut tx, NEEDS, id, &draft.visibility).await?;
        tx.commit().await?;
        Ok(NeedId(id))
    }

    /// The needs `scope` may see that match `filter`, newest first.
    pub async fn needs(
        &self,
        scope: &ReadScope,
        filter: &PostingFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Need>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(NEEDS, scope, &mut where_);
        posting_filter(&mut where_, "n", filter, "open");
        let rows = self.list(NEED_SELECT, "n", where_, limit, offset).await?;
        let mut conn = self.pool().acquire().await?;
        let mut needs = Vec::with_capacity(rows.len());
        for row in &rows {
            needs.push(need_from_row(&mut conn, row).await?);
        }
        Ok(needs)
    }

    /// One need, if `scope` may see it.
    pub async fn need(&self, scope: &ReadScope, id: NeedId) -> Result<Option<Need>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(NEEDS, scope, &mut where_);
        where_.push("n.id = ?", vec![Value::Int(Some(id.0))]);
        let rows = self.list(NEED_SELECT, "n", where_, 1, 0).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(need_from_row(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// Changes a need's status. `false` if there is no such need.
    pub async fn set_need_status(
        &self,
        id: NeedId,
        status: NeedStatus,
    ) -> Result<bool, StoreError> {
        let closed = (status != NeedStatus::Open).then(now_utc);
        let done = sqlx::query("UPDATE needs SET status = $1, closed_at = $2 WHERE id = $3")
            .bind(status.key())
            .bind(closed)
            .bind(id.0)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Stores an offer and whom it is shared with, in one transaction.
    pub async fn create_offer(
        &self,
        author: PersonId,
        draft: &OfferDraft,
    ) -> Result<OfferId, StoreError> {
        let mut tx = self.pool().begin().await?;
        if org_name_on(&mut tx, draft.owner).await?.is_none() {
            return Err(StoreError::Refused(format!(
                "There is no organisation {}",
                draft.owner
            )));
        }
        let row = sqlx::query(
            "INSERT INTO offers (owner_key, author_id, area, form, role, description, starts_on,
                ends_on, days_per_term, reach_km, visibility, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12) RETURNING id",
        )
        .bind(draft.owner.key())
        .bind(author.0)
        .bind(draft.area.key())
        .bind(draft.form.key())
        .bind(draft.role.clone())
        .bind(draft.description.clone())
        .bind(draft.from.to_string())
        .bind(draft.to.to_string())
        .bind(i64::from(draft.days_per_term))
        .bind(reach_km(draft.reach))
        .bind(draft.visibility.level_key())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        insert_shares(&mut tx, OFFERS, id, &draft.visibility).await?;
        tx.commit().await?;
        Ok(OfferId(id))
    }

    /// The offers `scope` may see that match `filter`, newest first.
    pub async fn offers(
        &self,
        scope: &ReadScope,
        filter: &PostingFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Offer>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(OFFERS, scope, &mut where_);
        posting_filter(&mut where_, "o", filter, "active");
        let rows = self.list(OFFER_SELECT, "o", where_, limit, offset).await?;
        let mut conn = self.pool().acquire().await?;
        let mut offers = Vec::with_capacity(rows.len());
        for row in &rows {
            offers.push(offer_from_row(&mut conn, row).await?);
        }
        Ok(offers)
    }

    /// One offer, if `scope` may see it.
    pub async fn offer(&self, scope: &ReadScope, id: OfferId) -> Result<Option<Offer>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(OFFERS, scope, &mut where_);
        where_.push("o.id = ?", vec![Value::Int(Some(id.0))]);
        let rows = self.list(OFFER_SELECT, "o", where_, 1, 0).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(offer_from_row(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// Pauses, resumes or ends an offer. An ended offer stays ended. `false` if there is no
    /// such offer or it has ended.
    pub async fn set_offer_status(
        &self,
        id: OfferId,
        status: OfferStatus,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("UPDATE offers SET status = $1 WHERE id = $2 AND status <> 'ended'")
            .bind(status.key())
            .bind(id.0)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn list(
        &self,
        select: &str,
        alias: &str,
        where_: Filter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let next = where_.next_param();
        let sql = format!(
            "{select}{} ORDER BY {alias}.id DESC LIMIT ${next} OFFSET ${}",
            where_.where_sql(),
            next + 1
        );
        Ok(where_
            .fetch_all(
                self.pool(),
                &sql,
                vec![
                    Value::Int(Some(limit.min(MAX_LISTED) as i64)),
                    Value::Int(Some(offset as i64)),
                ],
            )
            .await?)
    }

    /// The available offers `scope` may see, as the ranking counts them: an offer counts in
    /// a ranking only for people entitled to see it, so a confidential offer is never
    /// revealed through someone else's ranking.
    pub async fn offer_capacities(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<OfferCapacity>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(OFFERS, scope, &mut where_);
        where_.push("o.status = 'active'", Vec::new());
        let sql = format!("{OFFER_SELECT}{} ORDER BY o.id", where_.where_sql());
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        rows.iter()
            .map(|row| {
                let days_per_term = days_at(row, "days_per_term")?;
                Ok(OfferCapacity {
                    offer: OfferId(get_i64(row, "id")?),
                    owner: org_at(row, "owner_key")?,
                    area: area_at(row)?,
                    form: form_at(row)?,
                    days_per_term,
                    spare_days: days_per_term.saturating_sub(days_at(row, "days_agreed")?),
                    reach: reach_at(row)?,
                    from: date_at(row, "starts_on")?,
                    to: date_at(row, "ends_on")?,
                })
            })
            .collect()
    }

    /// Each organisation's collaborations as a helper: how many completed and active, and
    /// the ratings the helped gave. Counts only: no parties or words leave this function.
    pub async fn track_records(&self) -> Result<HashMap<OrgRef, TrackRecord>, StoreError> {
        let rows = sqlx::query("SELECT helper_key, status, helped_rating FROM collaborations")
            .fetch_all(self.pool())
            .await?;
        let mut records: HashMap<OrgRef, TrackRecord> = HashMap::new();
        for row in &rows {
            let entry = records.entry(org_at(row, "helper_key")?).or_default();
            let status: String = row.try_get("status")?;
            match CollaborationStatus::from_key(&status) {
                Some(CollaborationStatus::Active) => entry.active += 1,
                Some(_) => entry.completed += 1,
                None => return Err(corrupt("collaboration status", status)),
            }
            if let Some(r) = row.try_get::<Option<i64>, _>("helped_rating")? {
                entry
                    .ratings
                    .push(u8::try_from(r).map_err(|_| corrupt("rating", r))?);
            }
        }
        Ok(records)
    }

    /// Collaborations between `org` and others, in words, by the other organisation: the
    /// existing relationships a ranking shows beside each candidate.
    pub async fn relationships_of(
        &self,
        org: OrgRef,
    ) -> Result<HashMap<OrgRef, Vec<String>>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, helper_key, helped_key, area, status, starts_on FROM collaborations
             WHERE helper_key = $1 OR helped_key = $1 ORDER BY id",
        )
        .bind(org.key())
        .fetch_all(self.pool())
        .await?;
        let mut out: HashMap<OrgRef, Vec<String>> = HashMap::new();
        for row in &rows {
            let helper = org_at(row, "helper_key")?;
            let helped = org_at(row, "helped_key")?;
            let status: String = row.try_get("status")?;
            let starts: String = row.try_get("starts_on")?;
            let (other, words) = if helper == org {
                (helped, "helped by you")
            } else {
                (helper, "helped you")
            };
            out.entry(other).or_default().push(format!(
                "Collaboration {} ({} since {starts}, {}): {words}",
                get_i64(row, "id")?,
                area_at(row)?.label(),
                CollaborationStatus::from_key(&status).map_or("unknown", |s| s.label()),
            ));
        }
        Ok(out)
    }

    /// The organisations with at least one approved administrator on Convene: the ones an
    /// introduction can reach.
    pub async fn organisations_with_administrators(
        &self,
    ) -> Result<std::collections::HashSet<OrgRef>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT org_key FROM memberships
             WHERE status = 'approved' AND role = 'administrator'",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(|r| org_at(r, "org_key")).collect()
    }

    /// Names of every partner organisation.
    pub async fn partner_names(&self) -> Result<HashMap<PartnerId, String>, StoreError> {
        let rows = sqlx::query("SELECT id, name FROM partners")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| Ok((PartnerId(get_i64(r, "id")?), r.try_get("name")?)))
            .collect()
    }

    /// Asks a candidate for an introduction: records it, tells the candidate's
    /// administrators in Convene and by email (naming the asker only when the need is not
    /// confidential), all in one transaction. Asking the same candidate twice about the
    /// same need is refused.
    pub async fn request_introduction(
        &self,
        request: &IntroductionRequest,
    ) -> Result<IntroductionId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let need = sqlx::query(&format!("{NEED_SELECT} WHERE n.id = $1"))
            .bind(request.need.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such need".into()))?;
        let need = need_from_row(&mut tx, &need).await?;
        if need.status != NeedStatus::Open {
            return Err(StoreError::Refused("This need is no longer open".into()));
        }
        let candidate = named(&mut tx, request.candidate).await?;
        let existing =
            sqlx::query("SELECT id FROM introductions WHERE need_id = $1 AND candidate_key = $2")
                .bind(request.need.0)
                .bind(request.candidate.key())
                .fetch_optional(&mut *tx)
                .await?;
        if existing.is_some() {
            return Err(StoreError::Refused(format!(
                "{} has already been asked about this need",
                candidate.name
            )));
        }
        let row = sqlx::query(
            "INSERT INTO introductions (need_id, candidate_key, requested_by, message, reasons,
                status, created_at) VALUES ($1, $2, $3, $4, $5, 'requested', $6) RETURNING id",
        )
        .bind(request.need.0)
        .bind(request.candidate.key())
        .bind(request.requested_by.0)
        .bind(request.message.clone())
        .bind(request.reasons.clone())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = IntroductionId(get_i64(&row, "id")?);
        let link = format!("/introductions/{}", id.0);
        let disclosed = Introduction::need_disclosed(
            IntroductionStatus::Requested,
            &need.visibility,
            Side::Candidate,
        );
        let asker = disclosed.then_some(need.owner.name.as_str());
        let admins = administrators(&mut tx, request.candidate).await?;
        if admins.is_empty() {
            return Err(StoreError::Refused(format!(
                "{} has no administrator on Convene yet, so no one could answer; ask someone \
                 there to claim it first",
                candidate.name
            )));
        }
        for admin in admins {
            let email = mail::introduction_requested(
                &admin.email,
                &admin.name,
                &candidate.name,
                asker,
                need.area.label(),
                need.form.label(),
                &format!("{}{link}", request.public_url),
            );
            let text = format!(
                "{} asks {} to help with {}",
                asker.unwrap_or("An organisation"),
                candidate.name,
                need.area.label().to_lowercase()
            );
            notify(&mut tx, admin.id, &text, &link, Some(&email)).await?;
        }
        for admin in administrators(&mut tx, need.owner.org).await? {
            if admin.id != request.requested_by {
                let text = format!("Introduction to {} asked", candidate.name);
                notify(&mut tx, admin.id, &text, &link, None).await?;
            }
        }
        tx.commit().await?;
        Ok(id)
    }

    /// One introduction as `viewer` sees it, or `None` if they are on neither side.
    pub async fn introduction(
        &self,
        scope: &ReadScope,
        id: IntroductionId,
    ) -> Result<Option<(Introduction, Side)>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        introduction_on(&mut conn, scope, id).await
    }

    /// The introductions an organisation asked for or was asked for, newest first, as
    /// `scope` (who must act for it) sees them.
    pub async fn introductions_of(
        &self,
        scope: &ReadScope,
        org: OrgRef,
    ) -> Result<Vec<(Introduction, Side)>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.id FROM introductions i JOIN needs n ON n.id = i.need_id
             WHERE i.candidate_key = $1 OR n.owner_key = $1 ORDER BY i.id DESC LIMIT $2",
        )
        .bind(org.key())
        .bind(MAX_LISTED as i64)
        .fetch_all(self.pool())
        .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::new();
        for row in &rows {
            if let Some(found) =
                introduction_on(&mut conn, scope, IntroductionId(get_i64(row, "id")?)).await?
            {
                out.push(found);
            }
        }
        Ok(out)
    }

    /// Accepts an introduction for the candidate and opens the collaboration, in one
    /// transaction. Accepting again (a double click, another process) returns the same
    /// collaboration; accepting a declined or withdrawn one is refused.
    pub async fn accept_introduction(
        &self,
        id: IntroductionId,
        by: PersonId,
        public_url: &str,
    ) -> Result<CollaborationId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let claimed = sqlx::query(
            "UPDATE introductions SET status = 'accepted', decided_by = $1, decided_at = $2
             WHERE id = $3 AND status = 'requested'",
        )
        .bind(by.0)
        .bind(now_utc())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() == 0 {
            drop(tx);
            return self.existing_collaboration(id).await;
        }
        let row = sqlx::query(
            "SELECT i.candidate_key, n.id AS need_id, n.owner_key, n.area, n.form, n.days,
                n.starts_on, n.ends_on, n.visibility
             FROM introductions i JOIN needs n ON n.id = i.need_id WHERE i.id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        let helper = org_at(&row, "candidate_key")?;
        let helped = org_at(&row, "owner_key")?;
        let need_id = get_i64(&row, "need_id")?;
        let area = area_at(&row)?;
        let need_visibility = visibility_at(&mut tx, &row, NEEDS, need_id).await?;
        let visibility = match need_visibility {
            Visibility::Organisations(mut orgs) => {
                orgs.insert(helper);
                orgs.insert(helped);
                Visibility::Organisations(orgs)
            }
            Visibility::Private => Visibility::Organisations([helper, helped].into()),
            other => other,
        };
        let offer = sqlx::query(
            "SELECT id FROM offers WHERE owner_key = $1 AND area = $2 AND status = 'active'
             ORDER BY CASE WHEN form = $3 THEN 0 ELSE 1 END, id LIMIT 1",
        )
        .bind(helper.key())
        .bind(area.key())
        .bind(form_at(&row)?.key())
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| get_i64(&r, "id"))
        .transpose()?;
        let today = now_utc();
        let starts: String = row.try_get("starts_on")?;
        let start = starts
            .clone()
            .max(today.get(..10).unwrap_or_default().to_string());
        let ends: String = row.try_get("ends_on")?;
        let inserted = sqlx::query(
            "INSERT INTO collaborations (introduction_id, need_id, offer_id, helper_key,
                helped_key, area, form, days, starts_on, ends_on, status, visibility, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12) RETURNING id",
        )
        .bind(id.0)
        .bind(need_id)
        .bind(offer)
        .bind(helper.key())
        .bind(helped.key())
        .bind(area.key())
        .bind(form_at(&row)?.key())
        .bind(get_i64(&row, "days")?)
        .bind(start.clone())
        .bind(ends.max(start))
        .bind(visibility.level_key())
        .bind(today)
        .fetch_one(&mut *tx)
        .await?;
        let collaboration = CollaborationId(get_i64(&inserted, "id")?);
        insert_shares(&mut tx, COLLABORATIONS, collaboration.0, &visibility).await?;
        let helper_name = named(&mut tx, helper).await?.name;
        let link = format!("/collaborations/{}", collaboration.0);
        for admin in administrators(&mut tx, helped).await? {
            let email = mail::introduction_decided(
                &admin.email,
                &admin.name,
                &helper_name,
                area.label(),
                true,
                &format!("{public_url}{link}"),
            );
            let text = format!("{helper_name} accepted your introduction");
            notify(&mut tx, admin.id, &text, &link, Some(&email)).await?;
        }
        tx.commit().await?;
        Ok(collaboration)
    }

    async fn existing_collaboration(
        &self,
        id: IntroductionId,
    ) -> Result<CollaborationId, StoreError> {
        let row = sqlx::query(
            "SELECT i.status, c.id AS collaboration_id FROM introductions i
             LEFT JOIN collaborations c ON c.introduction_id = i.id WHERE i.id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such introduction".into()))?;
        match row.try_get::<Option<i64>, _>("collaboration_id")? {
            Some(c) => Ok(CollaborationId(c)),
            None => {
                let status: String = row.try_get("status")?;
                Err(StoreError::Refused(format!(
                    "This introduction was {}, so it cannot be accepted",
                    IntroductionStatus::from_key(&status)
                        .map_or("closed", |s| s.label())
                        .to_lowercase()
                )))
            }
        }
    }

    /// Declines an introduction for the candidate, keeping the reason private to it, and
    /// tells the asker (without the reason). `false` if it was not waiting for a reply.
    pub async fn decline_introduction(
        &self,
        id: IntroductionId,
        by: PersonId,
        reason: &str,
        public_url: &str,
    ) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE introductions SET status = 'declined', decided_by = $1, decided_at = $2,
                decline_reason = $3 WHERE id = $4 AND status = 'requested'",
        )
        .bind(by.0)
        .bind(now_utc())
        .bind(reason.to_string())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let row = sqlx::query(
            "SELECT i.candidate_key, n.id AS need_id, n.owner_key, n.area FROM introductions i
             JOIN needs n ON n.id = i.need_id WHERE i.id = $1",
        )
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
        let candidate = named(&mut tx, org_at(&row, "candidate_key")?).await?.name;
        let area = area_at(&row)?;
        let link = format!("/needs/{}", get_i64(&row, "need_id")?);
        for admin in administrators(&mut tx, org_at(&row, "owner_key")?).await? {
            let email = mail::introduction_decided(
                &admin.email,
                &admin.name,
                &candidate,
                area.label(),
                false,
                &format!("{public_url}{link}"),
            );
            let text = format!("{candidate} declined your introduction");
            notify(&mut tx, admin.id, &text, &link, Some(&email)).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The collaborations `scope` may see, optionally only those `org` is a party to,
    /// newest first.
    pub async fn collaborations(
        &self,
        scope: &ReadScope,
        org: Option<OrgRef>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Collaboration>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(COLLABORATIONS, scope, &mut where_);
        if let Some(org) = org {
            where_.push(
                "(c.helper_key = ? OR c.helped_key = ?)",
                vec![Value::Text(Some(org.key())), Value::Text(Some(org.key()))],
            );
        }
        let rows = self
            .list(COLLABORATION_SELECT, "c", where_, limit, offset)
            .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(collaboration_from_row(&mut conn, row).await?);
        }
        Ok(out)
    }

    /// One collaboration, if `scope` may see it.
    pub async fn collaboration(
        &self,
        scope: &ReadScope,
        id: CollaborationId,
    ) -> Result<Option<Collaboration>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(COLLABORATIONS, scope, &mut where_);
        where_.push("c.id = ?", vec![Value::Int(Some(id.0))]);
        let rows = self.list(COLLABORATION_SELECT, "c", where_, 1, 0).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(collaboration_from_row(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// Ends an active collaboration (completed or ended early) on `end`. `false` if it was
    /// not active.
    pub async fn end_collaboration(
        &self,
        id: CollaborationId,
        status: CollaborationStatus,
        end: Date,
    ) -> Result<bool, StoreError> {
        if status == CollaborationStatus::Active {
            return Err(StoreError::Refused(
                "Choose how the collaboration ended".into(),
            ));
        }
        let done = sqlx::query(
            "UPDATE collaborations SET status = $1, ends_on = $2, ended_at = $3
             WHERE id = $4 AND status = 'active'",
        )
        .bind(status.key())
        .bind(end.to_string())
        .bind(now_utc())
        .bind(id.0)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records one side's feedback on a finished collaboration (replacing what it gave
    /// before). `false` if it is still active.
    pub async fn give_feedback(
        &self,
        id: CollaborationId,
        helper_side: bool,
        feedback: &Feedback,
    ) -> Result<bool, StoreError> {
        let side = if helper_side { "helper" } else { "helped" };
        let done = sqlx::query(&format!(
            "UPDATE collaborations SET {side}_rating = $1, {side}_comment = $2
             WHERE id = $3 AND status <> 'active'"
        ))
        .bind(i64::from(feedback.rating))
        .bind(feedback.comment.clone())
        .bind(id.0)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A person's newest notices.
    pub async fn notices(&self, person: PersonId, limit: usize) -> Result<Vec<Notice>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, text, link, created_at, read_at FROM notices WHERE person_id = $1
             ORDER BY id DESC LIMIT $2",
        )
        .bind(person.0)
        .bind(limit.min(MAX_LISTED) as i64)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notice {
                    id: get_i64(r, "id")?,
                    text: r.try_get("text")?,
                    link: r.try_get("link")?,
                    created_at: r.try_get("created_at")?,
                    read_at: r.try_get("read_at")?,
                })
            })
            .collect()
    }

    /// Marks all of a person's notices read.
    pub async fn mark_notices_read(&self, person: PersonId) -> Result<(), StoreError> {
        sqlx::query("UPDATE notices SET read_at = $1 WHERE person_id = $2 AND read_at IS NULL")
            .bind(now_utc())
            .bind(person.0)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Brokerage figures across the platform, as counts. `today` dates "30 days ago".
    pub async fn brokerage_figures(&self, today: Date) -> Result<BrokerageFigures, StoreError> {
        let mut figures = BrokerageFigures::default();
        let needs = sqlx::query(
            "SELECT n.status, n.created_at, (SELECT MIN(i.decided_at) FROM introductions i
                WHERE i.need_id = n.id AND i.status = 'accepted') AS first_accepted FROM needs n",
        )
        .fetch_all(self.pool())
        .await?;
        let day = |text: &str| Date::parse(text).map(Date::days_since_epoch);
        for row in &needs {
            let status: String = row.try_get("status")?;
            if status == "open" {
                figures.needs_open += 1;
            }
            let created: String = row.try_get("created_at")?;
            let Some(posted) = day(&created) else {
                continue;
            };
            if today.days_since_epoch() - posted >= 30 {
                figures.needs_posted_30_days_ago += 1;
                let accepted: Option<String> = row.try_get("first_accepted")?;
                if accepted
                    .and_then(|a| day(&a))
                    .is_some_and(|a| a - posted <= 30)
                {
                    figures.needs_met_within_30_days += 1;
                }
            }
        }
        let count = |sql: &'static str| async move {
            let row = sqlx::query(sql).fetch_one(self.pool()).await?;
            Ok::<u64, StoreError>(get_i64(&row, "n")?.max(0) as u64)
        };
        figures.offers = count("SELECT COUNT(*) AS n FROM offers").await?;
        figures.offers_used = count(
            "SELECT COUNT(*) AS n FROM offers o WHERE EXISTS (SELECT 1 FROM collaborations c WHERE c.offer_id = o.id)",
        )
        .await?;
        figures.introductions = count("SELECT COUNT(*) AS n FROM introductions").await?;
        figures.introductions_accepted =
            count("SELECT COUNT(*) AS n FROM introductions WHERE status = 'accepted'").await?;
        figures.introductions_declined =
            count("SELECT COUNT(*) AS n FROM introductions WHERE status = 'declined'").await?;
        figures.collaborations_active =
            count("SELECT COUNT(*) AS n FROM collaborations WHERE status = 'active'").await?;
        figures.collaborations_finished =
            count("SELECT COUNT(*) AS n FROM collaborations WHERE status <> 'active'").await?;
        Ok(figures)
    }
}

fn posting_filter(where_: &mut Filter, alias: &str, filter: &PostingFilter, current: &str) {
    if let Some(area) = filter.area {
        where_.push(
            &format!("{alias}.area = ?"),
            vec![Value::Text(Some(area.key().into()))],
        );
    }
    if let Some(owner) = filter.owner {
        where_.push(
            &format!("{alias}.owner_key = ?"),
            vec![Value::Text(Some(owner.key()))],
        );
    }
    if filter.current_only {
        where_.push(
            &format!("{alias}.status = ?"),
            vec![Value::Text(Some(current.into()))],
        );
    }
}

/// Reads one introduction for whoever `scope` is: the asker's side (members of the
/// organisation in need, or the need's author) sees everything; the candidate's side sees
/// the need only as [`Introduction::need_disclosed`] allows; anyone else sees nothing.
async fn introduction_on(
    conn: &mut AnyConnection,
    scope: &ReadScope,
    id: IntroductionId,
) -> Result<Option<(Introduction, Side)>, StoreError> {
    let Some(row) = sqlx::query(
        "SELECT i.id, i.need_id, i.candidate_key, i.requested_by, i.message, i.reasons, i.status,
            i.decline_reason, i.decided_by, i.created_at, i.decided_at, n.owner_key, n.author_id,
            n.area, n.form, n.description, n.visibility, c.id AS collaboration_id
         FROM introductions i JOIN needs n ON n.id = i.need_id
         LEFT JOIN collaborations c ON c.introduction_id = i.id WHERE i.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let owner = org_at(&row, "owner_key")?;
    let candidate = org_at(&row, "candidate_key")?;
    let author: Option<i64> = row.try_get("author_id")?;
    let need_id = get_i64(&row, "need_id")?;
    let visibility = visibility_at(conn, &row, NEEDS, need_id).await?;
    let is_author = author.is_some() && author == scope.person.map(|p| p.0);
    // A private need is its author's alone, so are its introductions on the asking side.
    let colleague = visibility != Visibility::Private && scope.organisations.contains(&owner);
    let side = if is_author || colleague {
        Side::Asker
    } else if scope.organisations.contains(&candidate) {
        Side::Candidate
    } else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    let status = IntroductionStatus::from_key(&status)
        .ok_or_else(|| corrupt("introduction status", status))?;
    let disclosed = Introduction::need_disclosed(status, &visibility, side);
    let contacts = if status == IntroductionStatus::Accepted {
        let mut list = Vec::new();
        for column in ["requested_by", "decided_by"] {
            if let Some(c) = contact_of(conn, row.try_get(column)?).await? {
                list.push(c);
            }
        }
        list
    } else {
        Vec::new()
    };
    let message: String = row.try_get("message")?;
    Ok(Some((
        Introduction {
            id,
            need: NeedId(need_id),
            area: area_at(&row)?,
            form: form_at(&row)?,
            asker: if disclosed {
                Some(named(conn, owner).await?)
            } else {
                None
            },
            candidate: named(conn, candidate).await?,
            message: disclosed.then_some(message),
            need_description: if disclosed {
                Some(row.try_get("description")?)
            } else {
                None
            },
            status,
            decline_reason: if side == Side::Candidate {
                row.try_get("decline_reason")?
            } else {
                None
            },
            reasons: if disclosed {
                Some(row.try_get("reasons")?)
            } else {
                None
            },
            contacts,
            created_at: row.try_get("created_at")?,
            decided_at: row.try_get("decided_at")?,
            collaboration: row
                .try_get::<Option<i64>, _>("collaboration_id")?
                .map(CollaborationId),
        },
        side,
    )))
}
