//! How domain records map to table columns, and which file owns which columns.

use crate::value::{ColumnType, Value};
use crate::StoreError;
use convene_domain::organisation::{
    EstablishmentLink, GridReference, Group, GroupKind, GroupLink, Ks2Outcomes, Ks4Outcomes,
    OfstedInspection, Phase, School, Status,
};
use convene_domain::place::Region;
use convene_domain::{Date, GroupUid, Judgement, Urn};
use sqlx::any::AnyRow;
use sqlx::Row;

use ColumnType::{Int, Real, Text};

/// Every stored column of `schools` except the key and the derived `trust_uid`, in order.
pub(crate) const SCHOOL_COLUMNS: &[(&str, ColumnType)] = &[
    ("laestab", Int),
    ("ukprn", Int),
    ("name", Text),
    ("status", Text),
    ("phase", Text),
    ("type_name", Text),
    ("open_date", Text),
    ("close_date", Text),
    ("age_low", Int),
    ("age_high", Int),
    ("gender", Text),
    ("religious_character", Text),
    ("admissions_policy", Text),
    ("sixth_form", Text),
    ("la_code", Int),
    ("la_name", Text),
    ("region", Text),
    ("street", Text),
    ("town", Text),
    ("postcode", Text),
    ("website", Text),
    ("urban_rural", Text),
    ("easting", Int),
    ("northing", Int),
    ("pupils", Int),
    ("capacity", Int),
    ("fsm_percent", Real),
    ("eal_percent", Real),
    ("idaci_quintile", Int),
    ("ofsted_inspection_date", Text),
    ("ofsted_publication_date", Text),
    ("ofsted_inspection_type", Text),
    ("ofsted_overall", Int),
    ("ofsted_quality_of_education", Int),
    ("ofsted_behaviour_and_attitudes", Int),
    ("ofsted_personal_development", Int),
    ("ofsted_leadership_and_management", Int),
    ("ofsted_early_years", Int),
    ("ofsted_sixth_form", Int),
    ("ofsted_safeguarding_effective", Int),
    ("ofsted_category_of_concern", Text),
    ("ofsted_previous_inspection_date", Text),
    ("ofsted_previous_overall", Int),
    ("ofsted_ungraded_inspection_date", Text),
    ("ofsted_ungraded_outcome", Text),
    ("search_text", Text),
    ("sen_support_percent", Real),
    ("ehc_plan_percent", Real),
    ("ks2_year", Text),
    ("ks2_reading_progress", Real),
    ("ks2_writing_progress", Real),
    ("ks2_maths_progress", Real),
    ("ks4_year", Text),
    ("ks4_progress8", Real),
    ("ks4_attainment8", Real),
];

/// Columns the GIAS establishments file owns.
pub(crate) const REGISTER_COLUMNS: &[&str] = &[
    "laestab",
    "ukprn",
    "name",
    "status",
    "phase",
    "type_name",
    "open_date",
    "close_date",
    "age_low",
    "age_high",
    "gender",
    "religious_character",
    "admissions_policy",
    "sixth_form",
    "la_code",
    "la_name",
    "region",
    "street",
    "town",
    "postcode",
    "website",
    "urban_rural",
    "easting",
    "northing",
    "pupils",
    "capacity",
    "fsm_percent",
    "search_text",
];

/// Columns the Ofsted file owns.
pub(crate) const OFSTED_COLUMNS: &[&str] = &[
    "idaci_quintile",
    "ofsted_inspection_date",
    "ofsted_publication_date",
    "ofsted_inspection_type",
    "ofsted_overall",
    "ofsted_quality_of_education",
    "ofsted_behaviour_and_attitudes",
    "ofsted_personal_development",
    "ofsted_leadership_and_management",
    "ofsted_early_years",
    "ofsted_sixth_form",
    "ofsted_safeguarding_effective",
    "ofsted_category_of_concern",
    "ofsted_previous_inspection_date",
    "ofsted_previous_overall",
    "ofsted_ungraded_inspection_date",
    "ofsted_ungraded_outcome",
];

/// Columns the school census owns.
pub(crate) const CENSUS_COLUMNS: &[&str] = &["pupils", "fsm_percent", "eal_percent", "urban_rural"];

/// Columns the KS2 performance tables own.
pub(crate) const KS2_COLUMNS: &[&str] = &[
    "ks2_year",
    "ks2_reading_progress",
    "ks2_writing_progress",
    "ks2_maths_progress",
];

/// Columns the KS4 performance tables own.
pub(crate) const KS4_COLUMNS: &[&str] = &["ks4_year", "ks4_progress8", "ks4_attainment8"];

/// Columns the SEN file owns.
pub(crate) const SEN_COLUMNS: &[&str] = &["sen_support_percent", "ehc_plan_percent"];

/// The type of a `schools` column.
pub(crate) fn school_column_type(column: &str) -> ColumnType {
    SCHOOL_COLUMNS
        .iter()
        .find(|(name, _)| *name == column)
        .map_or(Text, |(_, t)| *t)
}

fn text(v: &Option<String>) -> Value {
    Value::Text(v.clone())
}

fn date(v: Option<Date>) -> Value {
    Value::Text(v.map(|d| d.to_string()))
}

fn grade(v: Option<Judgement>) -> Value {
    Value::Int(v.map(Judgement::grade))
}

/// The lower-cased text the search box matches against for a school.
pub(crate) fn school_search_text(school: &School) -> String {
    let mut text = school.name.to_lowercase();
    for part in [&school.la_name, &school.town].into_iter().flatten() {
        text.push(' ');
        text.push_str(&part.to_lowercase());
    }
    text
}

/// All stored values of a school, keyed by column name, in [`SCHOOL_COLUMNS`] order.
pub(crate) fn school_values(s: &School) -> Vec<(&'static str, Value)> {
    let o = s.ofsted.clone().unwrap_or_default();
    let has_ofsted = s.ofsted.is_some();
    let ofsted_text = |v: &Option<String>| {
        if has_ofsted {
            text(v)
        } else {
            Value::Text(None)
        }
    };
    let mut values = vec![
        ("laestab", Value::Int(s.laestab)),
        ("ukprn", Value::Int(s.ukprn)),
        ("name", Value::Text(Some(s.name.clone()))),
        ("status", Value::Text(Some(s.status.key().into()))),
        ("phase", Value::Text(Some(s.phase.key().into()))),
        ("type_name", Value::Text(Some(s.type_name.clone()))),
        ("open_date", date(s.open_date)),
        ("close_date", date(s.close_date)),
        ("age_low", Value::Int(s.age_low)),
        ("age_high", Value::Int(s.age_high)),
        ("gender", text(&s.gender)),
        ("religious_character", text(&s.religious_character)),
        ("admissions_policy", text(&s.admissions_policy)),
        ("sixth_form", text(&s.sixth_form)),
        ("la_code", Value::Int(s.la_code)),
        ("la_name", text(&s.la_name)),
        ("region", Value::Text(s.region.map(|r| r.slug().into()))),
        ("street", text(&s.street)),
        ("town", text(&s.town)),
        ("postcode", text(&s.postcode)),
        ("website", text(&s.website)),
        ("urban_rural", text(&s.urban_rural)),
        ("easting", Value::Int(s.location.map(|l| l.easting))),
        ("northing", Value::Int(s.location.map(|l| l.northing))),
        ("pupils", Value::Int(s.pupils)),
        ("capacity", Value::Int(s.capacity)),
        ("fsm_percent", Value::Real(s.fsm_percent)),
        ("eal_percent", Value::Real(s.eal_percent)),
        ("idaci_quintile", Value::Int(s.idaci_quintile)),
        ("ofsted_inspection_date", date(o.inspection_date)),
        ("ofsted_publication_date", date(o.publication_date)),
        ("ofsted_inspection_type", ofsted_text(&o.inspection_type)),
        ("ofsted_overall", grade(o.overall)),
        ("ofsted_quality_of_education", grade(o.quality_of_education)),
        (
            "ofsted_behaviour_and_attitudes",
            grade(o.behaviour_and_attitudes),
        ),
        ("ofsted_personal_development", grade(o.personal_development)),
        (
            "ofsted_leadership_and_management",
            grade(o.leadership_and_management),
        ),
        ("ofsted_early_years", grade(o.early_years)),
        ("ofsted_sixth_form", grade(o.sixth_form)),
        (
            "ofsted_safeguarding_effective",
            Value::Int(o.safeguarding_effective.map(i64::from)),
        ),
        (
            "ofsted_category_of_concern",
            ofsted_text(&o.category_of_concern),
        ),
        (
            "ofsted_previous_inspection_date",
            date(o.previous_inspection_date),
        ),
        ("ofsted_previous_overall", grade(o.previous_overall)),
        (
            "ofsted_ungraded_inspection_date",
            date(o.ungraded_inspection_date),
        ),
        ("ofsted_ungraded_outcome", ofsted_text(&o.ungraded_outcome)),
        ("search_text", Value::Text(Some(school_search_text(s)))),
        ("sen_support_percent", Value::Real(s.sen_support_percent)),
        ("ehc_plan_percent", Value::Real(s.ehc_plan_percent)),
    ];
    values.extend(ks2_values(s.ks2.as_ref()));
    values.extend(ks4_values(s.ks4.as_ref()));
    values
}

/// A school's KS2 values, in [`KS2_COLUMNS`] order; all NULL when it has none.
pub(crate) fn ks2_values(ks2: Option<&Ks2Outcomes>) -> Vec<(&'static str, Value)> {
    let k = ks2.cloned().unwrap_or_default();
    vec![
        ("ks2_year", Value::Text(k.year)),
        ("ks2_reading_progress", Value::Real(k.reading_progress)),
        ("ks2_writing_progress", Value::Real(k.writing_progress)),
        ("ks2_maths_progress", Value::Real(k.maths_progress)),
    ]
}

/// A school's KS4 values, in [`KS4_COLUMNS`] order; all NULL when it has none.
pub(crate) fn ks4_values(ks4: Option<&Ks4Outcomes>) -> Vec<(&'static str, Value)> {
    let k = ks4.cloned().unwrap_or_default();
    vec![
        ("ks4_year", Value::Text(k.year)),
        ("ks4_progress8", Value::Real(k.progress8)),
        ("ks4_attainment8", Value::Real(k.attainment8)),
    ]
}

/// Picks the named columns' values, in the order of `columns`.
pub(crate) fn pick(values: &[(&'static str, Value)], columns: &[&str]) -> Vec<Value> {
    columns
        .iter()
        .map(|c| {
            values
                .iter()
                .find(|(name, _)| name == c)
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Text(None))
        })
        .collect()
}

pub(crate) fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>, StoreError> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>, StoreError> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

/// Reads an ISO date column.
pub(crate) fn opt_date(row: &AnyRow, column: &str) -> Result<Option<Date>, StoreError> {
    opt_text(row, column)?
        .map(|t| Date::parse(&t).ok_or_else(|| StoreError::Corrupt(format!("{column}: {t:?}"))))
        .transpose()
}

fn opt_real(row: &AnyRow, column: &str) -> Result<Option<f64>, StoreError> {
    Ok(row.try_get::<Option<f64>, _>(column)?)
}

fn opt_grade(row: &AnyRow, column: &str) -> Result<Option<Judgement>, StoreError> {
    Ok(opt_int(row, column)?.and_then(Judgement::from_grade))
}

/// Reads a status key.
pub(crate) fn status(row: &AnyRow, column: &str) -> Result<Status, StoreError> {
    let key: String = row.try_get(column)?;
    Status::from_key(&key).ok_or_else(|| StoreError::Corrupt(format!("status {key:?}")))
}

/// Reads a phase key.
pub(crate) fn phase(row: &AnyRow, column: &str) -> Result<Phase, StoreError> {
    let key: String = row.try_get(column)?;
    Phase::from_key(&key).ok_or_else(|| StoreError::Corrupt(format!("phase {key:?}")))
}

/// Reads a region slug.
pub(crate) fn region(row: &AnyRow, column: &str) -> Result<Option<Region>, StoreError> {
    Ok(opt_text(row, column)?.and_then(|s| Region::from_slug(&s)))
}

/// Reads a whole school from a `SELECT * FROM schools` row.
pub(crate) fn school_from_row(row: &AnyRow) -> Result<School, StoreError> {
    let ofsted = OfstedInspection {
        inspection_date: opt_date(row, "ofsted_inspection_date")?,
        publication_date: opt_date(row, "ofsted_publication_date")?,
        inspection_type: opt_text(row, "ofsted_inspection_type")?,
        overall: opt_grade(row, "ofsted_overall")?,
        quality_of_education: opt_grade(row, "ofsted_quality_of_education")?,
        behaviour_and_attitudes: opt_grade(row, "ofsted_behaviour_and_attitudes")?,
        personal_development: opt_grade(row, "ofsted_personal_development")?,
        leadership_and_management: opt_grade(row, "ofsted_leadership_and_management")?,
        early_years: opt_grade(row, "ofsted_early_years")?,
        sixth_form: opt_grade(row, "ofsted_sixth_form")?,
        safeguarding_effective: opt_int(row, "ofsted_safeguarding_effective")?.map(|v| v != 0),
        category_of_concern: opt_text(row, "ofsted_category_of_concern")?,
        previous_inspection_date: opt_date(row, "ofsted_previous_inspection_date")?,
        previous_overall: opt_grade(row, "ofsted_previous_overall")?,
        ungraded_inspection_date: opt_date(row, "ofsted_ungraded_inspection_date")?,
        ungraded_outcome: opt_text(row, "ofsted_ungraded_outcome")?,
    };
    // A school the tables list with every measure unpublished still has a year, so it reads
    // back as outcomes with no scores; a school no file mentions has none.
    let ks2 = Ks2Outcomes {
        year: opt_text(row, "ks2_year")?,
        reading_progress: opt_real(row, "ks2_reading_progress")?,
        writing_progress: opt_real(row, "ks2_writing_progress")?,
        maths_progress: opt_real(row, "ks2_maths_progress")?,
    };
    let ks4 = Ks4Outcomes {
        year: opt_text(row, "ks4_year")?,
        progress8: opt_real(row, "ks4_progress8")?,
        attainment8: opt_real(row, "ks4_attainment8")?,
    };
    let location = match (opt_int(row, "easting")?, opt_int(row, "northing")?) {
        (Some(e), Some(n)) => GridReference::new(e, n),
        _ => None,
    };
    Ok(School {
        urn: Urn(row.try_get("urn")?),
        laestab: opt_int(row, "laestab")?,
        ukprn: opt_int(row, "ukprn")?,
        name: row.try_get("name")?,
        status: status(row, "status")?,
        phase: phase(row, "phase")?,
        type_name: row.try_get("type_name")?,
        open_date: opt_date(row, "open_date")?,
        close_date: opt_date(row, "close_date")?,
        age_low: opt_int(row, "age_low")?,
        age_high: opt_int(row, "age_high")?,
        gender: opt_text(row, "gender")?,
        religious_character: opt_text(row, "religious_character")?,
        admissions_policy: opt_text(row, "admissions_policy")?,
        sixth_form: opt_text(row, "sixth_form")?,
        la_code: opt_int(row, "la_code")?,
        la_name: opt_text(row, "la_name")?,
        region: region(row, "region")?,
        street: opt_text(row, "street")?,
        town: opt_text(row, "town")?,
        postcode: opt_text(row, "postcode")?,
        website: opt_text(row, "website")?,
        urban_rural: opt_text(row, "urban_rural")?,
        location,
        pupils: opt_int(row, "pupils")?,
        capacity: opt_int(row, "capacity")?,
        fsm_percent: row.try_get::<Option<f64>, _>("fsm_percent")?,
        eal_percent: row.try_get::<Option<f64>, _>("eal_percent")?,
        idaci_quintile: opt_int(row, "idaci_quintile")?,
        ofsted: (ofsted != OfstedInspection::default()).then_some(ofsted),
        sen_support_percent: opt_real(row, "sen_support_percent")?,
        ehc_plan_percent: opt_real(row, "ehc_plan_percent")?,
        ks2: (ks2 != Ks2Outcomes::default()).then_some(ks2),
        ks4: (ks4 != Ks4Outcomes::default()).then_some(ks4),
    })
}

/// Every stored column of `groups` except the key, in order.
pub(crate) const GROUP_COLUMNS: &[(&str, ColumnType)] = &[
    ("group_id", Text),
    ("name", Text),
    ("kind", Text),
    ("companies_house_number", Text),
    ("status", Text),
    ("open_date", Text),
    ("closed_date", Text),
    ("incorporated_date", Text),
    ("street", Text),
    ("town", Text),
    ("postcode", Text),
    ("head", Text),
    ("ukprn", Int),
    ("search_text", Text),
];

/// Group columns a links file can describe (it carries no address or head).
pub(crate) const GROUP_LINK_FILE_COLUMNS: &[&str] = &[
    "group_id",
    "name",
    "kind",
    "companies_house_number",
    "status",
    "search_text",
];

/// The lower-cased text the search box matches for a group.
pub(crate) fn group_search_text(g: &Group) -> String {
    let mut text = g.name.to_lowercase();
    if let Some(town) = &g.town {
        text.push(' ');
        text.push_str(&town.to_lowercase());
    }
    text
}

/// All stored values of a group, in [`GROUP_COLUMNS`] order.
pub(crate) fn group_values(g: &Group) -> Vec<(&'static str, Value)> {
    vec![
        ("group_id", text(&g.group_id)),
        ("name", Value::Text(Some(g.name.clone()))),
        ("kind", Value::Text(Some(g.kind.key().into()))),
        ("companies_house_number", text(&g.companies_house_number)),
        ("status", Value::Text(Some(g.status.key().into()))),
        ("open_date", date(g.open_date)),
        ("closed_date", date(g.closed_date)),
        ("incorporated_date", date(g.incorporated_date)),
        ("street", text(&g.street)),
        ("town", text(&g.town)),
        ("postcode", text(&g.postcode)),
        ("head", text(&g.head)),
        ("ukprn", Value::Int(g.ukprn)),
        ("search_text", Value::Text(Some(group_search_text(g)))),
    ]
}

/// Reads a whole group from a `SELECT * FROM groups` row.
pub(crate) fn group_from_row(row: &AnyRow) -> Result<Group, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(Group {
        uid: GroupUid(row.try_get("uid")?),
        group_id: opt_text(row, "group_id")?,
        name: row.try_get("name")?,
        kind: GroupKind::from_key(&kind),
        companies_house_number: opt_text(row, "companies_house_number")?,
        status: status(row, "status")?,
        open_date: opt_date(row, "open_date")?,
        closed_date: opt_date(row, "closed_date")?,
        incorporated_date: opt_date(row, "incorporated_date")?,
        street: opt_text(row, "street")?,
        town: opt_text(row, "town")?,
        postcode: opt_text(row, "postcode")?,
        head: opt_text(row, "head")?,
        ukprn: opt_int(row, "ukprn")?,
    })
}

/// The type of a `groups` column.
pub(crate) fn group_column_type(column: &str) -> ColumnType {
    GROUP_COLUMNS
        .iter()
        .find(|(name, _)| *name == column)
        .map_or(Text, |(_, t)| *t)
}

/// Columns written for a new membership.
pub(crate) const GROUP_LINK_COLUMNS: &[&str] = &["group_uid", "urn", "joined_date"];

/// A new membership's values, in [`GROUP_LINK_COLUMNS`] order.
pub(crate) fn group_link_values(link: &GroupLink) -> Vec<Value> {
    vec![
        Value::Int(Some(link.group_uid.0)),
        Value::Int(Some(link.urn.0)),
        date(link.joined_date),
    ]
}

/// Columns of `establishment_links`.
pub(crate) const ESTABLISHMENT_LINK_COLUMNS: &[&str] = &[
    "urn",
    "linked_urn",
    "linked_name",
    "link_type",
    "established_date",
];

/// A predecessor/successor link's values, in [`ESTABLISHMENT_LINK_COLUMNS`] order.
pub(crate) fn establishment_link_values(link: &EstablishmentLink) -> Vec<Value> {
    vec![
        Value::Int(Some(link.urn.0)),
        Value::Int(Some(link.linked_urn.0)),
        text(&link.linked_name),
        Value::Text(Some(link.link_type.clone())),
        date(link.established_date),
    ]
}
