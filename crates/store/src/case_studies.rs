//! Case studies: the write-ups, their measured changes, the organisations they name with
//! each one's consent, the records they describe, and their pictures.
//!
//! Who reads what is decided in SQL for every list and single read, by the domain's rule
//! (`evidence::case_studies::publication`): a published case study for anyone; an
//! unpublished one for its author, the people acting for its owner or for an organisation
//! it names, and, once submitted, conveners. Platform administrators are everyone else.
//! Every change reads the case study, asks the domain whether the person may make it, and
//! writes it back with `published` recomputed, in one transaction guarded by its version.

use crate::organisations::org_name_on;
use crate::provenance::now_utc;
use crate::row_read::{corrupt, date_at, org_at};
use crate::sql_filter::Filter;
use crate::value::Value;
use crate::{get_i64, Store, StoreError};
use convene_domain::access::{Actor, PlatformRole, Viewer};
use convene_domain::account::PersonId;
use convene_domain::brokerage::ImprovementArea;
use convene_domain::evidence::case_studies::{
    is_published, CaseStudy, CaseStudyDraft, CaseStudyId, CaseStudyImage, ChangeMeasure,
    CheckedImage, Consent, ImageKind, NamedConsent, Signed, Source, Stage, Step, WorkForm,
    MAX_IMAGES,
};
use convene_domain::party::{NamedOrg, OrgRef};
use convene_domain::Date;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// Most case studies one list returns.
pub const MAX_CASE_STUDIES_LISTED: usize = 500;

/// Who is reading: what the SQL rule needs to know about them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStudyReader {
    /// The signed-in person, if any.
    pub person: Option<PersonId>,
    /// The organisations they act for.
    pub organisations: Vec<OrgRef>,
    /// Whether they are a convener (who sees submitted case studies to approve them).
    pub convener: bool,
}

impl CaseStudyReader {
    /// The reader an actor is.
    pub fn of(actor: &Actor) -> CaseStudyReader {
        let scope = actor.read_scope();
        CaseStudyReader {
            person: scope.person,
            organisations: scope.organisations,
            convener: actor
                .viewer()
                .is_some_and(|v| v.has(PlatformRole::Convener)),
        }
    }
}

/// Which case studies to list, beyond what the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseStudyList {
    /// Only published ones.
    pub published_only: bool,
    /// Only ones naming (or owned by) this organisation.
    pub naming: Option<OrgRef>,
    /// Only ones at this stage.
    pub stage: Option<Stage>,
}

const SELECT: &str = "SELECT cs.id, cs.owner_key, cs.owner_name, cs.author_id, cs.title, \
    cs.summary, cs.area, cs.form, cs.context, cs.challenge, cs.what_was_done, cs.who, \
    cs.what_changed, cs.lessons, cs.contacts, cs.started_on, cs.ended_on, cs.stage, \
    cs.returned_note, cs.approved_by, cs.approved_on, cs.version, cs.updated_at \
    FROM case_studies cs";

/// Adds the reading rule for `reader` to `filter`.
fn visible_to(reader: &CaseStudyReader, filter: &mut Filter) {
    let mut clause = "(cs.published = 1".to_string();
    let mut params = Vec::new();
    if let Some(person) = reader.person {
        clause.push_str(" OR cs.author_id = ?");
        params.push(Value::Int(Some(person.0)));
    }
    if !reader.organisations.is_empty() {
        let marks = vec!["?"; reader.organisations.len()].join(", ");
        clause.push_str(&format!(
            " OR cs.owner_key IN ({marks}) OR EXISTS (SELECT 1 FROM case_study_organisations o \
             WHERE o.case_study_id = cs.id AND o.org_key IN ({marks}))"
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
    if reader.convener {
        clause.push_str(" OR cs.stage <> 'draft'");
    }
    clause.push(')');
    filter.push(&clause, params);
}

impl Store {
    /// Saves a new draft written by `author`, with its changes, named organisations (each
    /// awaiting consent) and records, in one transaction.
    pub async fn create_case_study(
        &self,
        author: PersonId,
        draft: &CaseStudyDraft,
    ) -> Result<CaseStudyId, StoreError> {
        let mut tx = self.pool().begin().await?;
        let owner_name = name_of(&mut tx, draft.owner).await?;
        let now = now_utc();
        let row = sqlx::query(
            "INSERT INTO case_studies (owner_key, owner_name, author_id, title, summary, area,
                form, context, challenge, what_was_done, who, what_changed, lessons, contacts,
                started_on, ended_on, stage, published, version, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                'draft', 0, 1, $17, $17) RETURNING id",
        )
        .bind(draft.owner.key())
        .bind(owner_name)
        .bind(author.0)
        .bind(draft.title.clone())
        .bind(draft.summary.clone())
        .bind(draft.area.key())
        .bind(draft.form.key())
        .bind(draft.context.clone())
        .bind(draft.challenge.clone())
        .bind(draft.what_was_done.clone())
        .bind(draft.who.clone())
        .bind(draft.what_changed.clone())
        .bind(draft.lessons.clone())
        .bind(draft.contacts.clone())
        .bind(draft.started.to_string())
        .bind(draft.ended.map(|d| d.to_string()))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let id = CaseStudyId(get_i64(&row, "id")?);
        let mut consents = Vec::new();
        for org in &draft.organisations {
            consents.push(NamedConsent {
                organisation: NamedOrg {
                    org: *org,
                    name: name_of(&mut tx, *org).await?,
                },
                consent: Consent::Awaiting,
                answered: None,
            });
        }
        write_parts(&mut tx, id, draft, &consents).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The case study numbered `id`, if `reader` may see it.
    pub async fn case_study(
        &self,
        reader: &CaseStudyReader,
        id: CaseStudyId,
    ) -> Result<Option<CaseStudy>, StoreError> {
        let mut filter = Filter::default();
        filter.push("cs.id = ?", vec![Value::Int(Some(id.0))]);
        visible_to(reader, &mut filter);
        let sql = format!("{SELECT}{}", filter.where_sql());
        let rows = filter.fetch_all(self.pool(), &sql, Vec::new()).await?;
        let mut conn = self.pool().acquire().await?;
        match rows.first() {
            Some(row) => Ok(Some(read_whole(&mut conn, row).await?)),
            None => Ok(None),
        }
    }

    /// The case studies `reader` may see that `list` asks for, newest change first.
    pub async fn case_studies(
        &self,
        reader: &CaseStudyReader,
        list: &CaseStudyList,
        limit: usize,
    ) -> Result<Vec<CaseStudy>, StoreError> {
        let mut filter = Filter::default();
        visible_to(reader, &mut filter);
        if list.published_only {
            filter.push("cs.published = 1", Vec::new());
        }
        if let Some(stage) = list.stage {
            filter.push("cs.stage = ?", vec![Value::Text(Some(stage.key().into()))]);
        }
        if let Some(org) = list.naming {
            filter.push(
                "(cs.owner_key = ? OR EXISTS (SELECT 1 FROM case_study_organisations n \
                 WHERE n.case_study_id = cs.id AND n.org_key = ?))",
                vec![Value::Text(Some(org.key())), Value::Text(Some(org.key()))],
            );
        }
        let sql = format!(
            "{SELECT}{} ORDER BY cs.updated_at DESC, cs.id DESC LIMIT ${}",
            filter.where_sql(),
            filter.next_param()
        );
        let limit = Value::Int(Some(limit.min(MAX_CASE_STUDIES_LISTED) as i64));
        let rows = filter.fetch_all(self.pool(), &sql, vec![limit]).await?;
        let mut conn = self.pool().acquire().await?;
        let mut studies = Vec::with_capacity(rows.len());
        for row in &rows {
            studies.push(read_whole(&mut conn, row).await?);
        }
        Ok(studies)
    }

    /// Replaces the text of case study `id` (seen at `version`): it goes back to a draft,
    /// and every organisation it names is asked again.
    pub async fn revise_case_study(
        &self,
        viewer: &Viewer,
        id: CaseStudyId,
        version: i64,
        draft: &CaseStudyDraft,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let study = locked(&mut tx, viewer, id, version, &Step::Revise).await?;
        if draft.owner != study.draft.owner {
            return Err(StoreError::Refused(
                "A case study stays with the organisation that wrote it: its owner cannot change."
                    .into(),
            ));
        }
        let mut names = Vec::new();
        for org in &draft.organisations {
            let known = study.consents.iter().find(|c| c.organisation.org == *org);
            names.push(match known {
                Some(c) => c.organisation.name.clone(),
                None => name_of(&mut tx, *org).await?,
            });
        }
        let consents: Vec<NamedConsent> = draft
            .organisations
            .iter()
            .zip(names)
            .map(|(org, name)| NamedConsent {
                organisation: NamedOrg { org: *org, name },
                consent: Consent::Awaiting,
                answered: None,
            })
            .collect();
        sqlx::query(
            "UPDATE case_studies SET title = $1, summary = $2, area = $3, form = $4,
                context = $5, challenge = $6, what_was_done = $7, who = $8, what_changed = $9,
                lessons = $10, contacts = $11, started_on = $12, ended_on = $13,
                stage = 'draft', approved_by = NULL, approved_on = NULL, published = 0,
                version = version + 1, updated_at = $14
             WHERE id = $15",
        )
        .bind(draft.title.clone())
        .bind(draft.summary.clone())
        .bind(draft.area.key())
        .bind(draft.form.key())
        .bind(draft.context.clone())
        .bind(draft.challenge.clone())
        .bind(draft.what_was_done.clone())
        .bind(draft.who.clone())
        .bind(draft.what_changed.clone())
        .bind(draft.lessons.clone())
        .bind(draft.contacts.clone())
        .bind(draft.started.to_string())
        .bind(draft.ended.map(|d| d.to_string()))
        .bind(now_utc())
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        for table in [
            "case_study_changes",
            "case_study_organisations",
            "case_study_sources",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE case_study_id = $1"))
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        write_parts(&mut tx, id, draft, &consents).await?;
        tx.commit().await.map_err(StoreError::from)
    }

    /// Takes `step` (submit, withdraw, approve, return, or answer for a named
    /// organisation) on case study `id` seen at `version`, with a convener's `note` when
    /// returning it. Refused in words when the domain says the person may not, now.
    pub async fn case_study_step(
        &self,
        viewer: &Viewer,
        id: CaseStudyId,
        version: i64,
        step: &Step,
        note: &str,
        today: Date,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let study = locked(&mut tx, viewer, id, version, step).await?;
        let now = now_utc();
        let mut consents: Vec<Consent> = study.consents.iter().map(|c| c.consent).collect();
        let stage = match step {
            Step::Submit => Stage::Submitted,
            Step::Withdraw | Step::Return => Stage::Draft,
            Step::Approve => Stage::Approved,
            Step::Answer { org, consent } => {
                sqlx::query(
                    "UPDATE case_study_organisations SET consent = $1, answered_by = $2,
                        answered_on = $3 WHERE case_study_id = $4 AND org_key = $5",
                )
                .bind(consent.key())
                .bind(viewer.name.clone())
                .bind(today.to_string())
                .bind(id.0)
                .bind(org.key())
                .execute(&mut *tx)
                .await?;
                for (named, answer) in study.consents.iter().zip(consents.iter_mut()) {
                    if named.organisation.org == *org {
                        *answer = *consent;
                    }
                }
                study.stage
            }
            Step::Revise | Step::AddImage | Step::RemoveImage => {
                return Err(StoreError::Refused("That is not a step of its own.".into()))
            }
        };
        let (approved_by, approved_on) = match (step, &study.approved) {
            (Step::Approve, _) => (Some(viewer.name.clone()), Some(today.to_string())),
            (Step::Answer { .. }, Some(signed)) => {
                (Some(signed.by.clone()), Some(signed.on.to_string()))
            }
            _ => (None, None),
        };
        let returned = match step {
            Step::Return => Some(note.to_string()),
            Step::Submit | Step::Approve | Step::Withdraw => None,
            _ => study.returned_note.clone(),
        };
        sqlx::query(
            "UPDATE case_studies SET stage = $1, approved_by = $2, approved_on = $3,
                returned_note = $4, published = $5, version = version + 1, updated_at = $6
             WHERE id = $7",
        )
        .bind(stage.key())
        .bind(approved_by)
        .bind(approved_on)
        .bind(returned)
        .bind(i64::from(is_published(stage, consents)))
        .bind(now)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a checked picture to case study `id`, up to [`MAX_IMAGES`].
    pub async fn add_case_study_image(
        &self,
        viewer: &Viewer,
        id: CaseStudyId,
        image: &CheckedImage,
        bytes: &[u8],
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool().begin().await?;
        let study = read_for_change(&mut tx, id).await?;
        study
            .may(viewer, &Step::AddImage)
            .map_err(|refused| StoreError::Refused(refused.message()))?;
        let count =
            sqlx::query("SELECT COUNT(*) AS n FROM case_study_images WHERE case_study_id = $1")
                .bind(id.0)
                .fetch_one(&mut *tx)
                .await?;
        if get_i64(&count, "n")? >= MAX_IMAGES as i64 {
            return Err(StoreError::Refused(format!(
                "A case study can have at most {MAX_IMAGES} pictures: remove one first."
            )));
        }
        let row = sqlx::query(
            "INSERT INTO case_study_images (case_study_id, content_type, width, height,
                byte_count, alt, bytes, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(id.0)
        .bind(image.kind.content_type())
        .bind(i64::try_from(image.width).unwrap_or(i64::MAX))
        .bind(i64::try_from(image.height).unwrap_or(i64::MAX))
        .bind(i64::try_from(bytes.len()).unwrap_or(i64::MAX))
        .bind(image.alt.clone())
        .bind(bytes.to_vec())
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?;
        touch(&mut tx, id).await?;
        tx.commit().await?;
        get_i64(&row, "id")
    }

    /// Removes picture `image` from case study `id`.
    pub async fn remove_case_study_image(
        &self,
        viewer: &Viewer,
        id: CaseStudyId,
        image: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        let study = read_for_change(&mut tx, id).await?;
        study
            .may(viewer, &Step::RemoveImage)
            .map_err(|refused| StoreError::Refused(refused.message()))?;
        let gone =
            sqlx::query("DELETE FROM case_study_images WHERE id = $1 AND case_study_id = $2")
                .bind(image)
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        if gone.rows_affected() == 0 {
            return Err(StoreError::Refused("There is no such picture.".into()));
        }
        touch(&mut tx, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The pictures of case study `id` (which the caller has read with the reader's
    /// rights), without their bytes.
    pub async fn case_study_images(
        &self,
        id: CaseStudyId,
    ) -> Result<Vec<CaseStudyImage>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, content_type, width, height, byte_count, alt FROM case_study_images
             WHERE case_study_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let kind_text: String = row.try_get("content_type")?;
                Ok(CaseStudyImage {
                    id: get_i64(row, "id")?,
                    kind: ImageKind::from_content_type(&kind_text)
                        .ok_or_else(|| corrupt("picture type", &kind_text))?,
                    width: get_i64(row, "width")?,
                    height: get_i64(row, "height")?,
                    bytes: get_i64(row, "byte_count")?,
                    alt: row.try_get("alt")?,
                })
            })
            .collect()
    }

    /// Picture `image` of case study `id` with its bytes, if `reader` may see the case
    /// study.
    pub async fn case_study_image(
        &self,
        reader: &CaseStudyReader,
        id: CaseStudyId,
        image: i64,
    ) -> Result<Option<(ImageKind, Vec<u8>)>, StoreError> {
        let mut filter = Filter::default();
        filter.push(
            "i.id = ? AND i.case_study_id = ?",
            vec![Value::Int(Some(image)), Value::Int(Some(id.0))],
        );
        visible_to(reader, &mut filter);
        let sql = format!(
            "SELECT i.content_type, i.bytes FROM case_study_images i \
             JOIN case_studies cs ON cs.id = i.case_study_id{}",
            filter.where_sql()
        );
        let rows = filter.fetch_all(self.pool(), &sql, Vec::new()).await?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let kind_text: String = row.try_get("content_type")?;
        let kind = ImageKind::from_content_type(&kind_text)
            .ok_or_else(|| corrupt("picture type", &kind_text))?;
        Ok(Some((kind, row.try_get::<Vec<u8>, _>("bytes")?)))
    }
}

async fn name_of(conn: &mut AnyConnection, org: OrgRef) -> Result<String, StoreError> {
    org_name_on(conn, org)
        .await?
        .ok_or_else(|| StoreError::Refused(format!("There is no organisation {org}")))
}

/// Reads case study `id` inside a transaction, whoever asks (the caller decides).
async fn read_for_change(
    conn: &mut AnyConnection,
    id: CaseStudyId,
) -> Result<CaseStudy, StoreError> {
    let row = sqlx::query(&format!("{SELECT} WHERE cs.id = $1"))
        .bind(id.0)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Refused("There is no such case study.".into()))?;
    read_whole(conn, &row).await
}

/// Reads case study `id` for `step`, refused unless it is at `version` and the domain
/// allows `viewer` the step now.
async fn locked(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    id: CaseStudyId,
    version: i64,
    step: &Step,
) -> Result<CaseStudy, StoreError> {
    let study = read_for_change(conn, id).await?;
    study
        .may(viewer, step)
        .map_err(|refused| StoreError::Refused(refused.message()))?;
    if study.version != version {
        return Err(StoreError::Refused(
            "Someone else changed this case study while you were looking at it. Look at it again, then try once more."
                .into(),
        ));
    }
    Ok(study)
}

async fn touch(conn: &mut AnyConnection, id: CaseStudyId) -> Result<(), StoreError> {
    sqlx::query("UPDATE case_studies SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(id.0)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn write_parts(
    conn: &mut AnyConnection,
    id: CaseStudyId,
    draft: &CaseStudyDraft,
    consents: &[NamedConsent],
) -> Result<(), StoreError> {
    for (position, change) in draft.changes.iter().enumerate() {
        sqlx::query(
            "INSERT INTO case_study_changes (case_study_id, position, measure, before_figure,
                after_figure, from_on, to_on) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.0)
        .bind(position as i64)
        .bind(change.measure.clone())
        .bind(change.before.clone())
        .bind(change.after.clone())
        .bind(change.from.to_string())
        .bind(change.to.to_string())
        .execute(&mut *conn)
        .await?;
    }
    for named in consents {
        sqlx::query(
            "INSERT INTO case_study_organisations (case_study_id, org_key, org_name, consent)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id.0)
        .bind(named.organisation.org.key())
        .bind(named.organisation.name.clone())
        .bind(named.consent.key())
        .execute(&mut *conn)
        .await?;
    }
    for source in &draft.sources {
        sqlx::query("INSERT INTO case_study_sources (case_study_id, source_key) VALUES ($1, $2)")
            .bind(id.0)
            .bind(source.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn read_whole(conn: &mut AnyConnection, row: &AnyRow) -> Result<CaseStudy, StoreError> {
    let id = CaseStudyId(get_i64(row, "id")?);
    let text = |column: &str| -> Result<String, StoreError> { Ok(row.try_get(column)?) };
    let area_key = text("area")?;
    let form_key = text("form")?;
    let stage_key = text("stage")?;
    let ended: Option<String> = row.try_get("ended_on")?;
    let changes = sqlx::query(
        "SELECT measure, before_figure, after_figure, from_on, to_on FROM case_study_changes
         WHERE case_study_id = $1 ORDER BY position",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|c| {
        Ok(ChangeMeasure {
            measure: c.try_get("measure")?,
            before: c.try_get("before_figure")?,
            after: c.try_get("after_figure")?,
            from: date_at(c, "from_on")?,
            to: date_at(c, "to_on")?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let consents = sqlx::query(
        "SELECT org_key, org_name, consent, answered_by, answered_on
         FROM case_study_organisations WHERE case_study_id = $1 ORDER BY org_key",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|c| {
        let key: String = c.try_get("consent")?;
        Ok(NamedConsent {
            organisation: NamedOrg {
                org: org_at(c, "org_key")?,
                name: c.try_get("org_name")?,
            },
            consent: Consent::from_key(&key).ok_or_else(|| corrupt("consent", &key))?,
            answered: signed(c, "answered_by", "answered_on")?,
        })
    })
    .collect::<Result<Vec<_>, StoreError>>()?;
    let sources = sqlx::query(
        "SELECT source_key FROM case_study_sources WHERE case_study_id = $1 ORDER BY source_key",
    )
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|s| {
        let key: String = s.try_get("source_key")?;
        Source::parse(&key).ok_or_else(|| corrupt("case study record", &key))
    })
    .collect::<Result<_, StoreError>>()?;
    let draft = CaseStudyDraft {
        owner: org_at(row, "owner_key")?,
        title: text("title")?,
        summary: text("summary")?,
        area: ImprovementArea::from_key(&area_key).ok_or_else(|| corrupt("area", &area_key))?,
        form: WorkForm::from_key(&form_key).ok_or_else(|| corrupt("form of work", &form_key))?,
        context: text("context")?,
        challenge: text("challenge")?,
        what_was_done: text("what_was_done")?,
        who: text("who")?,
        what_changed: text("what_changed")?,
        changes,
        lessons: text("lessons")?,
        contacts: text("contacts")?,
        started: date_at(row, "started_on")?,
        ended: match ended {
            Some(t) => Some(Date::parse(&t).ok_or_else(|| corrupt("date", &t))?),
            None => None,
        },
        organisations: consents.iter().map(|c| c.organisation.org).collect(),
        sources,
    };
    let author: Option<i64> = row.try_get("author_id")?;
    Ok(CaseStudy {
        id,
        draft,
        owner_name: text("owner_name")?,
        author: author.map(PersonId),
        stage: Stage::from_key(&stage_key).ok_or_else(|| corrupt("stage", &stage_key))?,
        returned_note: row.try_get("returned_note")?,
        approved: signed(row, "approved_by", "approved_on")?,
        consents,
        updated_at: text("updated_at")?,
        version: get_i64(row, "version")?,
    })
}

fn signed(row: &AnyRow, by: &str, on: &str) -> Result<Option<Signed>, StoreError> {
    let by: Option<String> = row.try_get(by)?;
    let on: Option<String> = row.try_get(on)?;
    match (by, on) {
        (Some(by), Some(on)) => Ok(Some(Signed {
            by,
            on: Date::parse(&on).ok_or_else(|| corrupt("date", &on))?,
        })),
        _ => Ok(None),
    }
}
