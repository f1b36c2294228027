//! Placements: the register of available leaders, requests for a leader, the agreements
//! two organisations record, traded-service offers, and the collaboration records finished
//! placements leave.
//!
//! Who sees what is decided here, in SQL, for every list, export and single read alike: a
//! register entry by its visibility (the rule notes and offers use, `visibility_sql`); a
//! confidential request only by members of the organisation asking; an agreement's terms
//! only by members of its two organisations, platform administrators included in
//! "everyone else". Nobody else is ever sent a confidential column. Every change to an
//! agreement reads it, asks the domain whether the change is allowed, and writes it back in
//! one transaction, refused if someone else changed it in between.

use crate::brokerage::{reach_at, reach_km, visibility_at};
use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::sql_filter::{like_escape, Filter};
use crate::value::Value;
use crate::visibility_sql::{insert_shares, visible_to, PLACEMENT_LEADERS};
use crate::{get_i64, Store, StoreError};
use convene_domain::access::ReadScope;
use convene_domain::account::PersonId;
use convene_domain::party::OrgRef;
use convene_domain::placements::{
    Agreement, AgreementDraft, AgreementStatus, AvailableLeader, AvailableLeaderDraft,
    AvailableLeaderId, BoardApproval, DaysPerWeek, EndReview, LeaderRequest, LeaderRequestDraft,
    LeaderRequestId, LeaderRole, PlacementId, PlacementKind, PlacementRecord, Recharge,
    RequestKind, RoleKind, Side, TradedOffer, TradedOfferDraft, TradedOfferId, TradedService,
};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Most records one placements list returns.
pub const MAX_PLACEMENTS_LISTED: usize = 500;

/// A register entry with its organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedLeader {
    /// The entry.
    pub leader: AvailableLeader,
    /// The organisation's name when the entry was made.
    pub org_name: String,
}

/// A request with its organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedRequest {
    /// The request.
    pub request: LeaderRequest,
    /// The asking organisation's name when it asked.
    pub org_name: String,
}

/// An agreement, as its parties see it, with both names and the request it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedAgreement {
    /// The agreement, terms and all.
    pub agreement: Agreement,
    /// The lending organisation's name.
    pub lending_name: String,
    /// The receiving organisation's name.
    pub receiving_name: String,
    /// The request it answers, if it was proposed from one.
    pub request: Option<LeaderRequestId>,
}

/// A traded-service offer with its organisation's name.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTradedOffer {
    /// The offer.
    pub offer: TradedOffer,
    /// The offering organisation's name.
    pub org_name: String,
}

/// A finished placement as a collaboration record, with the two names: never its terms.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedPlacementRecord {
    /// The agreement's number (its page is for its parties only).
    pub id: PlacementId,
    /// The record.
    pub record: PlacementRecord,
    /// The lending organisation's name.
    pub lending_name: String,
    /// The receiving organisation's name.
    pub receiving_name: String,
}

/// Which register entries, requests or offers to list, beyond what the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlacementFilter {
    /// Only this organisation's.
    pub org: Option<OrgRef>,
    /// Only this role (register and requests).
    pub role: Option<RoleKind>,
    /// Only requests of this kind.
    pub kind: Option<RequestKind>,
    /// Only traded offers of this service.
    pub service: Option<TradedService>,
    /// Words the description or organisation's name must contain (requests, offers).
    pub words: Option<String>,
}

const LEADER_SELECT: &str = "SELECT l.id, l.org_key, l.org_name, l.person_name, l.role, \
    l.role_title, l.days_halves, l.starts_on, l.ends_on, l.reach_km, l.description, \
    l.visibility FROM placement_leaders l";

const REQUEST_SELECT: &str = "SELECT r.id, r.org_key, r.org_name, r.kind, r.role, \
    r.role_title, r.days_halves, r.starts_on, r.ends_on, r.description, r.confidential \
    FROM placement_requests r";

const AGREEMENT_SELECT: &str = "SELECT a.id, a.request_id, a.lending_key, a.lending_name, \
    a.receiving_key, a.receiving_name, a.kind, a.person_name, a.role, a.role_title, \
    a.starts_on, a.ends_on, a.days_halves, a.recharge_terms, a.daily_rate_pence, \
    a.lending_approved_by, a.lending_approved_on, a.receiving_approved_by, \
    a.receiving_approved_on, a.status, a.ended_on, a.review_outcome, a.lending_rating, \
    a.receiving_rating, a.lending_publishes, a.receiving_publishes, a.version \
    FROM placement_agreements a";

/// Only the columns a collaboration record needs: no person, no terms, no review.
const RECORD_SELECT: &str = "SELECT a.id, a.lending_key, a.lending_name, a.receiving_key, \
    a.receiving_name, a.kind, a.starts_on, a.ends_on, a.ended_on, a.days_halves \
    FROM placement_agreements a";

const OFFER_SELECT: &str = "SELECT t.id, t.org_key, t.org_name, t.service, t.description, \
    t.price_basis, t.area_served FROM traded_offers t";

fn role_at(row: &AnyRow) -> Result<LeaderRole, StoreError> {
    let key: String = row.try_get("role")?;
    let title: String = row.try_get("role_title")?;
    RoleKind::from_key(&key)
        .and_then(|kind| LeaderRole::from_parts(kind, &title))
        .ok_or_else(|| corrupt("role", key))
}

fn role_title(role: &LeaderRole) -> String {
    match role {
        LeaderRole::Other(title) => title.clone(),
        _ => String::new(),
    }
}

fn days_at(row: &AnyRow) -> Result<DaysPerWeek, StoreError> {
    let halves = get_i64(row, "days_halves")?;
    u8::try_from(halves)
        .ok()
        .and_then(DaysPerWeek::from_halves)
        .ok_or_else(|| corrupt("days per week", halves))
}

fn flag_at(row: &AnyRow, column: &str) -> Result<bool, StoreError> {
    Ok(get_i64(row, column)? == 1)
}

fn optional_date_at(row: &AnyRow, column: &str) -> Result<Option<Date>, StoreError> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| Date::parse(&t).ok_or_else(|| corrupt("date", t)))
        .transpose()
}

fn rating_at(row: &AnyRow, column: &str) -> Result<Option<u8>, StoreError> {
    let rating: Option<i64> = row.try_get(column)?;
    rating
        .map(|r| u8::try_from(r).map_err(|_| corrupt("rating", r)))
        .transpose()
}

async fn leader_from_row(
    conn: &mut AnyConnection,
    row: &AnyRow,
) -> Result<NamedLeader, StoreError> {
    let id = get_i64(row, "id")?;
    Ok(NamedLeader {
        leader: AvailableLeader {
            id: AvailableLeaderId(id),
            org: org_at(row, "org_key")?,
            person: row.try_get("person_name")?,
            role: role_at(row)?,
            days_per_week: days_at(row)?,
            from: date_at(row, "starts_on")?,
            to: date_at(row, "ends_on")?,
            reach: reach_at(row)?,
            description: row.try_get("description")?,
            visibility: visibility_at(conn, row, PLACEMENT_LEADERS, id).await?,
        },
        org_name: row.try_get("org_name")?,
    })
}

fn request_from_row(row: &AnyRow) -> Result<NamedRequest, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(NamedRequest {
        request: LeaderRequest {
            id: LeaderRequestId(get_i64(row, "id")?),
            org: org_at(row, "org_key")?,
            kind: RequestKind::from_key(&kind).ok_or_else(|| corrupt("request kind", &kind))?,
            role: role_at(row)?,
            days_per_week: days_at(row)?,
            from: date_at(row, "starts_on")?,
            to: date_at(row, "ends_on")?,
            description: row.try_get("description")?,
            confidential: flag_at(row, "confidential")?,
        },
        org_name: row.try_get("org_name")?,
    })
}

fn kind_at(row: &AnyRow) -> Result<PlacementKind, StoreError> {
    let kind: String = row.try_get("kind")?;
    PlacementKind::from_key(&kind).ok_or_else(|| corrupt("placement kind", kind))
}

fn approval_at(row: &AnyRow, side: Side) -> Result<Option<BoardApproval>, StoreError> {
    let by: Option<String> = row.try_get(format!("{}_approved_by", side.key()).as_str())?;
    let on = optional_date_at(row, &format!("{}_approved_on", side.key()))?;
    Ok(match (by, on) {
        (Some(approved_by), Some(approved_on)) => Some(BoardApproval {
            approved_by,
            approved_on,
        }),
        _ => None,
    })
}

fn agreement_from_row(row: &AnyRow) -> Result<(NamedAgreement, i64), StoreError> {
    let status: String = row.try_get("status")?;
    let rate: Option<i64> = row.try_get("daily_rate_pence")?;
    let outcome: Option<String> = row.try_get("review_outcome")?;
    let review = match (
        outcome,
        rating_at(row, "lending_rating")?,
        rating_at(row, "receiving_rating")?,
    ) {
        (Some(outcome), Some(lending_rating), Some(receiving_rating)) => Some(EndReview {
            outcome,
            lending_rating,
            receiving_rating,
        }),
        _ => None,
    };
    let agreement = Agreement {
        id: PlacementId(get_i64(row, "id")?),
        lending: org_at(row, "lending_key")?,
        receiving: org_at(row, "receiving_key")?,
        kind: kind_at(row)?,
        person: row.try_get("person_name")?,
        role: role_at(row)?,
        from: date_at(row, "starts_on")?,
        to: date_at(row, "ends_on")?,
        days_per_week: days_at(row)?,
        recharge: Recharge {
            terms: row.try_get("recharge_terms")?,
            daily_rate_pence: rate
                .map(|p| u64::try_from(p).map_err(|_| corrupt("daily rate", p)))
                .transpose()?,
        },
        lending_approval: approval_at(row, Side::Lending)?,
        receiving_approval: approval_at(row, Side::Receiving)?,
        status: AgreementStatus::from_key(&status)
            .ok_or_else(|| corrupt("agreement status", &status))?,
        ended_on: optional_date_at(row, "ended_on")?,
        review,
        lending_publishes: flag_at(row, "lending_publishes")?,
        receiving_publishes: flag_at(row, "receiving_publishes")?,
    };
    let request: Option<i64> = row.try_get("request_id")?;
    Ok((
        NamedAgreement {
            agreement,
            lending_name: row.try_get("lending_name")?,
            receiving_name: row.try_get("receiving_name")?,
            request: request.map(LeaderRequestId),
        },
        get_i64(row, "version")?,
    ))
}

fn offer_from_row(row: &AnyRow) -> Result<NamedTradedOffer, StoreError> {
    let service: String = row.try_get("service")?;
    Ok(NamedTradedOffer {
        offer: TradedOffer {
            id: TradedOfferId(get_i64(row, "id")?),
            org: org_at(row, "org_key")?,
            service: TradedService::from_key(&service)
                .ok_or_else(|| corrupt("traded service", &service))?,
            description: row.try_get("description")?,
            price_basis: row.try_get("price_basis")?,
            area_served: row.try_get("area_served")?,
        },
        org_name: row.try_get("org_name")?,
    })
}

/// `(?, ?, ...)` for the reader's organisations, with their keys; none when they have none.
fn org_list(scope: &ReadScope) -> Option<(String, Vec<Value>)> {
    if scope.organisations.is_empty() {
        return None;
    }
    let marks = vec!["?"; scope.organisations.len()].join(", ");
    let keys = scope
        .organisations
        .iter()
        .map(|o| Value::Text(Some(o.key())))
        .collect();
    Some((format!("({marks})"), keys))
}

/// A request is returned to members of the organisation asking, and, when it is not
/// confidential, to anyone signed in: the SQL form of the domain's `request_view`.
fn request_visible_to(scope: &ReadScope, filter: &mut Filter) {
    let open = if scope.person.is_some() {
        "r.confidential = 0"
    } else {
        "1 = 0"
    };
    match org_list(scope) {
        Some((list, keys)) => filter.push(&format!("({open} OR r.org_key IN {list})"), keys),
        None => filter.push(open, Vec::new()),
    }
}

/// An agreement's terms are returned only to members of its two organisations.
fn agreement_party(scope: &ReadScope, filter: &mut Filter) {
    match org_list(scope) {
        Some((list, mut keys)) => {
            keys.extend(keys.clone());
            filter.push(
                &format!("(a.lending_key IN {list} OR a.receiving_key IN {list})"),
                keys,
            );
        }
        None => filter.push("1 = 0", Vec::new()),
    }
}

fn words_filter(filter: &mut Filter, columns: &[&str], words: Option<&str>) {
    for word in words.unwrap_or_default().split_whitespace() {
        let pattern = format!("%{}%", like_escape(&word.to_lowercase()));
        let clause = columns
            .iter()
            .map(|c| format!("LOWER({c}) LIKE ? ESCAPE '\\'"))
            .collect::<Vec<_>>()
            .join(" OR ");
        filter.push(
            &format!("({clause})"),
            vec![Value::Text(Some(pattern)); columns.len()],
        );
    }
}

async fn name_of(conn: &mut AnyConnection, org: OrgRef) -> Result<String, StoreError> {
    org_name_on(conn, org)
        .await?
        .ok_or_else(|| StoreError::Refused(format!("There is no organisation {org}")))
}

fn limit_offset(limit: usize, offset: usize) -> Vec<Value> {
    vec![
        Value::Int(Some(limit.min(MAX_PLACEMENTS_LISTED) as i64)),
        Value::Int(Some(i64::try_from(offset).unwrap_or(i64::MAX))),
    ]
}

fn paged(select: &str, alias: &str, filter: &Filter) -> String {
    let next = filter.next_param();
    format!(
        "{select}{} ORDER BY {alias}.id DESC LIMIT ${next} OFFSET ${}",
        filter.where_sql(),
        next + 1
    )
}

impl Store {
    /// Puts a leader on the register, with whom the entry is shared, in one transaction.
    pub async fn create_available_leader(
        &self,
        author: PersonId,
        draft: &AvailableLeaderDraft,
    ) -> Result<AvailableLeaderId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let org_name = name_of(&mut tx, draft.org).await?;
        let row = sqlx::query(
            "INSERT INTO placement_leaders (org_key, org_name, author_id, person_name, role,
                role_title, days_halves, starts_on, ends_on, reach_km, description, visibility,
                created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(draft.org.key())
        .bind(org_name)
        .bind(author.0)
        .bind(draft.person.clone())
        .bind(draft.role.kind().key())
        .bind(role_title(&draft.role))
        .bind(i64::from(draft.days_per_week.halves()))
        .bind(draft.from.to_string())
        .bind(draft.to.to_string())
        .bind(reach_km(draft.reach))
        .bind(draft.description.clone())
        .bind(draft.visibility.level_key())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        let id = get_i64(&row, "id")?;
        insert_shares(&mut tx, PLACEMENT_LEADERS, id, &draft.visibility).await?;
        tx.commit().await?;
        Ok(AvailableLeaderId(id))
    }

    /// The register entries `scope` may see that match `filter`, newest first.
    pub async fn available_leaders(
        &self,
        scope: &ReadScope,
        filter: &PlacementFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<NamedLeader>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(PLACEMENT_LEADERS, scope, &mut where_);
        if let Some(org) = filter.org {
            where_.push("l.org_key = ?", vec![Value::Text(Some(org.key()))]);
        }
        if let Some(role) = filter.role {
            where_.push("l.role = ?", vec![Value::Text(Some(role.key().into()))]);
        }
        words_filter(
            &mut where_,
            &["l.description", "l.org_name"],
            filter.words.as_deref(),
        );
        let sql = paged(LEADER_SELECT, "l", &where_);
        let rows = where_
            .fetch_all(self.pool(), &sql, limit_offset(limit, offset))
            .await?;
        let mut conn = self.pool().acquire().await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(leader_from_row(&mut conn, row).await?);
        }
        Ok(out)
    }

    /// One register entry, if `scope` may see it.
    pub async fn available_leader(
        &self,
        scope: &ReadScope,
        id: AvailableLeaderId,
    ) -> Result<Option<NamedLeader>, StoreError> {
        let mut where_ = Filter::default();
        visible_to(PLACEMENT_LEADERS, scope, &mut where_);
        where_.push("l.id = ?", vec![Value::Int(Some(id.0))]);
        let sql = format!("{LEADER_SELECT}{}", where_.where_sql());
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(leader_from_row(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// Stores a request for a leader.
    pub async fn create_leader_request(
        &self,
        author: PersonId,
        draft: &LeaderRequestDraft,
    ) -> Result<LeaderRequestId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let org_name = name_of(&mut tx, draft.org).await?;
        let row = sqlx::query(
            "INSERT INTO placement_requests (org_key, org_name, author_id, kind, role, role_title,
                days_halves, starts_on, ends_on, description, confidential, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(draft.org.key())
        .bind(org_name)
        .bind(author.0)
        .bind(draft.kind.key())
        .bind(draft.role.kind().key())
        .bind(role_title(&draft.role))
        .bind(i64::from(draft.days_per_week.halves()))
        .bind(draft.from.to_string())
        .bind(draft.to.to_string())
        .bind(draft.description.clone())
        .bind(i64::from(draft.confidential))
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(LeaderRequestId(get_i64(&row, "id")?))
    }

    /// The requests `scope` may see that match `filter`, newest first: a confidential
    /// request only for members of the organisation asking.
    pub async fn leader_requests(
        &self,
        scope: &ReadScope,
        filter: &PlacementFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<NamedRequest>, StoreError> {
        let mut where_ = Filter::default();
        request_visible_to(scope, &mut where_);
        if let Some(org) = filter.org {
            where_.push("r.org_key = ?", vec![Value::Text(Some(org.key()))]);
        }
        if let Some(role) = filter.role {
            where_.push("r.role = ?", vec![Value::Text(Some(role.key().into()))]);
        }
        if let Some(kind) = filter.kind {
            where_.push("r.kind = ?", vec![Value::Text(Some(kind.key().into()))]);
        }
        words_filter(
            &mut where_,
            &["r.description", "r.org_name"],
            filter.words.as_deref(),
        );
        let sql = paged(REQUEST_SELECT, "r", &where_);
        let rows = where_
            .fetch_all(self.pool(), &sql, limit_offset(limit, offset))
            .await?;
        rows.iter().map(request_from_row).collect()
    }

    /// One request, if `scope` may see it.
    pub async fn leader_request(
        &self,
        scope: &ReadScope,
        id: LeaderRequestId,
    ) -> Result<Option<NamedRequest>, StoreError> {
        let mut where_ = Filter::default();
        request_visible_to(scope, &mut where_);
        where_.push("r.id = ?", vec![Value::Int(Some(id.0))]);
        let sql = format!("{REQUEST_SELECT}{}", where_.where_sql());
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        rows.first().map(request_from_row).transpose()
    }

    /// Records a proposed agreement, answering `request` if given (which must be the
    /// receiving organisation's own), in one transaction.
    pub async fn propose_agreement(
        &self,
        by: PersonId,
        draft: &AgreementDraft,
        request: Option<LeaderRequestId>,
    ) -> Result<PlacementId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let lending_name = name_of(&mut tx, draft.lending).await?;
        let receiving_name = name_of(&mut tx, draft.receiving).await?;
        if let Some(request) = request {
            let row = sqlx::query("SELECT org_key FROM placement_requests WHERE id = $1")
                .bind(request.0)
                .fetch_optional(&mut *tx)
                .await?;
            let asker = row.as_ref().map(|r| org_at(r, "org_key")).transpose()?;
            if asker != Some(draft.receiving) {
                return Err(StoreError::Refused(
                    "The request must be the receiving organisation's own".into(),
                ));
            }
        }
        let row = sqlx::query(
            "INSERT INTO placement_agreements (request_id, lending_key, lending_name,
                receiving_key, receiving_name, kind, person_name, role, role_title, starts_on,
                ends_on, days_halves, recharge_terms, daily_rate_pence, status, proposed_by,
                created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
             RETURNING id",
        )
        .bind(request.map(|r| r.0))
        .bind(draft.lending.key())
        .bind(lending_name)
        .bind(draft.receiving.key())
        .bind(receiving_name)
        .bind(draft.kind.key())
        .bind(draft.person.clone())
        .bind(draft.role.kind().key())
        .bind(role_title(&draft.role))
        .bind(draft.from.to_string())
        .bind(draft.to.to_string())
        .bind(i64::from(draft.days_per_week.halves()))
        .bind(draft.recharge.terms.clone())
        .bind(
            draft
                .recharge
                .daily_rate_pence
                .map(|p| i64::try_from(p).unwrap_or(i64::MAX)),
        )
        .bind(AgreementStatus::Proposed.key())
        .bind(by.0)
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(PlacementId(get_i64(&row, "id")?))
    }

    /// One agreement, terms and all, if `scope` acts for one of its two organisations;
    /// anyone else (platform administrators too) is told nothing.
    pub async fn agreement(
        &self,
        scope: &ReadScope,
        id: PlacementId,
    ) -> Result<Option<NamedAgreement>, StoreError> {
        let mut where_ = Filter::default();
        agreement_party(scope, &mut where_);
        where_.push("a.id = ?", vec![Value::Int(Some(id.0))]);
        let sql = format!("{AGREEMENT_SELECT}{}", where_.where_sql());
        let rows = where_.fetch_all(self.pool(), &sql, Vec::new()).await?;
        Ok(rows
            .first()
            .map(agreement_from_row)
            .transpose()?
            .map(|(a, _)| a))
    }

    /// The agreements `scope` is a party to, newest first.
    pub async fn agreements_of(
        &self,
        scope: &ReadScope,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<NamedAgreement>, StoreError> {
        let mut where_ = Filter::default();
        agreement_party(scope, &mut where_);
        let sql = paged(AGREEMENT_SELECT, "a", &where_);
        let rows = where_
            .fetch_all(self.pool(), &sql, limit_offset(limit, offset))
            .await?;
        rows.iter()
            .map(|row| agreement_from_row(row).map(|(a, _)| a))
            .collect()
    }

    /// Records one board's approval for `side`; once both boards have approved, the
    /// agreement is agreed.
    pub async fn approve_agreement(
        &self,
        id: PlacementId,
        side: Side,
        approval: &BoardApproval,
    ) -> Result<Agreement, StoreError> {
        self.change_agreement(id, |a| a.approve(side, approval.clone()))
            .await
    }

    /// Starts an agreed placement whose start date has come.
    pub async fn activate_agreement(
        &self,
        id: PlacementId,
        today: Date,
    ) -> Result<Agreement, StoreError> {
        self.change_agreement(id, |a| a.activate(today)).await
    }

    /// Ends an active placement on `today`.
    pub async fn end_agreement(
        &self,
        id: PlacementId,
        today: Date,
    ) -> Result<Agreement, StoreError> {
        self.change_agreement(id, |a| a.end(today)).await
    }

    /// Records how an ended placement went.
    pub async fn review_agreement(
        &self,
        id: PlacementId,
        review: &EndReview,
    ) -> Result<Agreement, StoreError> {
        self.change_agreement(id, |a| a.review(review.clone()))
            .await
    }

    /// Records whether `side` agrees to show that the placement happened.
    pub async fn set_agreement_publication(
        &self,
        id: PlacementId,
        side: Side,
        publish: bool,
    ) -> Result<Agreement, StoreError> {
        self.change_agreement(id, |a| Ok(a.set_publication(side, publish)))
            .await
    }

    /// Reads an agreement, applies `change` (the domain's rule for it), and writes every
    /// column that can change, in one transaction; refused with the domain's words, or if
    /// someone changed the agreement in between.
    async fn change_agreement(
        &self,
        id: PlacementId,
        change: impl FnOnce(&Agreement) -> Result<Agreement, String>,
    ) -> Result<Agreement, StoreError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(&format!("{AGREEMENT_SELECT} WHERE a.id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Refused("There is no such agreement".into()))?;
        let (current, version) = agreement_from_row(&row)?;
        let next = change(&current.agreement).map_err(StoreError::Refused)?;
        let approval = |side: Side| next.approval(side).cloned();
        let review = next.review.clone();
        let done = sqlx::query(
            "UPDATE placement_agreements SET lending_approved_by = $1, lending_approved_on = $2,
                receiving_approved_by = $3, receiving_approved_on = $4, status = $5,
                ended_on = $6, review_outcome = $7, lending_rating = $8, receiving_rating = $9,
                lending_publishes = $10, receiving_publishes = $11, version = version + 1
             WHERE id = $12 AND version = $13",
        )
        .bind(approval(Side::Lending).map(|a| a.approved_by))
        .bind(approval(Side::Lending).map(|a| a.approved_on.to_string()))
        .bind(approval(Side::Receiving).map(|a| a.approved_by))
        .bind(approval(Side::Receiving).map(|a| a.approved_on.to_string()))
        .bind(next.status.key())
        .bind(next.ended_on.map(|d| d.to_string()))
        .bind(review.as_ref().map(|r| r.outcome.clone()))
        .bind(review.as_ref().map(|r| i64::from(r.lending_rating)))
        .bind(review.as_ref().map(|r| i64::from(r.receiving_rating)))
        .bind(i64::from(next.lending_publishes))
        .bind(i64::from(next.receiving_publishes))
        .bind(id.0)
        .bind(version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(
                "The agreement was changed by someone else at the same time; look at it again"
                    .into(),
            ));
        }
        tx.commit().await?;
        Ok(next)
    }

    /// The collaboration records finished placements of `org` leave, newest first, that
    /// `scope` may see: all of them for the two organisations' members, and for anyone else
    /// only those both organisations agreed to show. Never the terms.
    pub async fn placement_records_for(
        &self,
        scope: &ReadScope,
        org: OrgRef,
    ) -> Result<Vec<NamedPlacementRecord>, StoreError> {
        let mut where_ = Filter::default();
        where_.push(
            "(a.lending_key = ? OR a.receiving_key = ?)",
            vec![Value::Text(Some(org.key())), Value::Text(Some(org.key()))],
        );
        where_.push("a.status IN ('ended', 'reviewed')", Vec::new());
        let published = "(a.lending_publishes = 1 AND a.receiving_publishes = 1)";
        match org_list(scope) {
            Some((list, mut keys)) => {
                keys.extend(keys.clone());
                where_.push(
                    &format!(
                        "({published} OR a.lending_key IN {list} OR a.receiving_key IN {list})"
                    ),
                    keys,
                );
            }
            None => where_.push(published, Vec::new()),
        }
        let sql = paged(RECORD_SELECT, "a", &where_);
        let rows = where_
            .fetch_all(self.pool(), &sql, limit_offset(MAX_PLACEMENTS_LISTED, 0))
            .await?;
        rows.iter()
            .map(|row| {
                Ok(NamedPlacementRecord {
                    id: PlacementId(get_i64(row, "id")?),
                    record: PlacementRecord::finished(
                        [org_at(row, "lending_key")?, org_at(row, "receiving_key")?],
                        kind_at(row)?,
                        (date_at(row, "starts_on")?, date_at(row, "ends_on")?),
                        optional_date_at(row, "ended_on")?,
                        days_at(row)?,
                    ),
                    lending_name: row.try_get("lending_name")?,
                    receiving_name: row.try_get("receiving_name")?,
                })
            })
            .collect()
    }

    /// Stores a traded-service offer.
    pub async fn create_traded_offer(
        &self,
        author: PersonId,
        draft: &TradedOfferDraft,
    ) -> Result<TradedOfferId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let org_name = name_of(&mut tx, draft.org).await?;
        let row = sqlx::query(
            "INSERT INTO traded_offers (org_key, org_name, author_id, service, description,
                price_basis, area_served, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(draft.org.key())
        .bind(org_name)
        .bind(author.0)
        .bind(draft.service.key())
        .bind(draft.description.clone())
        .bind(draft.price_basis.clone())
        .bind(draft.area_served.clone())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(TradedOfferId(get_i64(&row, "id")?))
    }

    /// Traded-service offers matching `filter`, newest first. They are commercial offers
    /// made to be found, so anyone may see them.
    pub async fn traded_offers(
        &self,
        filter: &PlacementFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<NamedTradedOffer>, StoreError> {
        let mut where_ = Filter::default();
        if let Some(org) = filter.org {
            where_.push("t.org_key = ?", vec![Value::Text(Some(org.key()))]);
        }
        if let Some(service) = filter.service {
            where_.push(
                "t.service = ?",
                vec![Value::Text(Some(service.key().into()))],
            );
        }
        words_filter(
            &mut where_,
            &["t.description", "t.org_name", "t.area_served"],
            filter.words.as_deref(),
        );
        let sql = paged(OFFER_SELECT, "t", &where_);
        let rows = where_
            .fetch_all(self.pool(), &sql, limit_offset(limit, offset))
            .await?;
        rows.iter().map(offer_from_row).collect()
    }

    /// One traded-service offer.
    pub async fn traded_offer(
        &self,
        id: TradedOfferId,
    ) -> Result<Option<NamedTradedOffer>, StoreError> {
        let row = sqlx::query(&format!("{OFFER_SELECT} WHERE t.id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(offer_from_row).transpose()
    }
}
