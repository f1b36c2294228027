//! Ofsted's management information on state-funded schools' inspections
//! (`state_funded_schools_inspections_as_at_*.csv`): every open state-funded school, its
//! latest graded and ungraded inspections and its previous judgement.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::import::OfstedRecord;
use convene_domain::organisation::{OfstedInspection, Phase, School, Status};
use convene_domain::place::{la_code_from_laestab, Region};
use convene_domain::search::normalise_postcode;
use convene_domain::Urn;

/// Reads an Ofsted state-funded schools inspections file. Every school in it is open (the
/// file lists only open schools), and each gets its inspection outcomes.
pub fn parse_ofsted(file_name: &str, bytes: &[u8]) -> Result<Parsed<OfstedRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    name: usize,
    phase: usize,
    type_name: usize,
    la_name: usize,
    overall: usize,
    inspection_date: usize,
    laestab: Option<usize>,
    region: Option<usize>,
    postcode: Option<usize>,
    pupils: Option<usize>,
    age_low: Option<usize>,
    age_high: Option<usize>,
    religious_character: Option<usize>,
    admissions_policy: Option<usize>,
    sixth_form: Option<usize>,
    idaci_quintile: Option<usize>,
    open_date: Option<usize>,
    trust_uid: Option<usize>,
    trust_name: Option<usize>,
    inspection: InspectionColumns,
}

/// Where each inspection outcome is.
struct InspectionColumns {
    publication_date: Option<usize>,
    inspection_type: Option<usize>,
    quality_of_education: Option<usize>,
    behaviour_and_attitudes: Option<usize>,
    personal_development: Option<usize>,
    leadership_and_management: Option<usize>,
    early_years: Option<usize>,
    sixth_form: Option<usize>,
    safeguarding: Option<usize>,
    category_of_concern: Option<usize>,
    previous_date: Option<usize>,
    previous_overall: Option<usize>,
    ungraded_date: Option<usize>,
    ungraded_outcome: Option<usize>,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            urn: t.require(&["URN"])?,
            name: t.require(&["School name"])?,
            phase: t.require(&["Ofsted phase"])?,
            type_name: t.require(&["Type of education"])?,
            la_name: t.require(&["Local authority"])?,
            overall: t.require(&["Overall effectiveness"])?,
            inspection_date: t.require(&["Inspection start date"])?,
            laestab: t.column(&["LAESTAB"]),
            region: t.column(&["Region"]),
            postcode: t.column(&["Postcode"]),
            pupils: t.column(&["Total number of pupils"]),
            age_low: t.column(&["Statutory lowest age"]),
            age_high: t.column(&["Statutory highest age"]),
            religious_character: t.column(&["Designated religious character"]),
            admissions_policy: t.column(&["Admissions policy"]),
            sixth_form: t.column(&["Sixth form"]),
            idaci_quintile: t.column(&[
                "The income deprivation affecting children index (IDACI) quintile",
                "IDACI quintile",
            ]),
            open_date: t.column(&["School open date"]),
            trust_uid: t.column(&["Multi-academy trust UID"]),
            trust_name: t.column(&["Multi-academy trust name"]),
            inspection: InspectionColumns::locate(t),
        })
    }
}

impl InspectionColumns {
    fn locate(t: &Table) -> InspectionColumns {
        InspectionColumns {
            publication_date: t.column(&["Publication date"]),
            inspection_type: t.column(&["Inspection type"]),
            quality_of_education: t.column(&["Quality of education"]),
            behaviour_and_attitudes: t.column(&["Behaviour and attitudes"]),
            personal_development: t.column(&["Personal development"]),
            leadership_and_management: t.column(&["Effectiveness of leadership and management"]),
            early_years: t.column(&["Early years provision (where applicable)"]),
            sixth_form: t.column(&["Sixth form provision (where applicable)"]),
            safeguarding: t.column(&["Safeguarding is effective?"]),
            category_of_concern: t.column(&["Category of concern"]),
            previous_date: t.column(&[
                "Previous inspection start date",
                "Previous graded inspection start date",
                "Previous full inspection start date",
            ]),
            previous_overall: t.column(&[
                "Previous graded inspection overall effectiveness",
                "Previous full inspection overall effectiveness",
            ]),
            ungraded_date: t.column(&[
                "Date of latest ungraded inspection",
                "Date of latest short inspection",
            ]),
            ungraded_outcome: t.column(&[
                "Ungraded inspection overall outcome",
                "Short inspection overall outcome",
            ]),
        }
    }
}

impl RowReader for Columns {
    type Record = OfstedRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<OfstedRecord> {
        let urn = cells.required(self.urn, values::urn);
        let name = cells.required_text(self.name);
        let identified = urn.is_some() && name.is_some();
        let mut school = School::new(urn.unwrap_or(Urn(0)), name.unwrap_or_default());
        self.describe_school(cells, &mut school);
        school.ofsted = Some(self.inspection(cells));
        let record = OfstedRecord {
            school,
            trust_uid: cells.optional(self.trust_uid, values::optional_group_uid),
            trust_name: cells.text(self.trust_name),
        };
        identified.then_some(record)
    }

    fn key(&self, record: &OfstedRecord) -> Urn {
        record.school.urn
    }

    fn describe(&self, key: &Urn) -> String {
        format!("URN {key}")
    }

    fn key_column(&self) -> usize {
        self.urn
    }
}

impl Columns {
    fn describe_school(&self, cells: &mut Cells<'_>, school: &mut School) {
        let type_name = cells.str(Some(self.type_name)).unwrap_or_default();
        school.phase = Phase::classify(cells.str(Some(self.phase)).unwrap_or_default(), type_name);
        school.type_name = type_name.to_string();
        school.status = Status::Open;
        school.laestab = cells.optional(self.laestab, values::whole);
        school.la_code = school.laestab.and_then(la_code_from_laestab);
        school.la_name = cells.text(Some(self.la_name));
        school.region = cells.str(self.region).and_then(Region::parse);
        school.postcode = cells.str(self.postcode).map(normalise_postcode);
        school.pupils = cells.optional(self.pupils, values::whole);
        school.age_low = cells.optional(self.age_low, values::whole);
        school.age_high = cells.optional(self.age_high, values::whole);
        school.religious_character = cells.text(self.religious_character);
        school.admissions_policy = cells.text(self.admissions_policy);
        school.sixth_form = cells.text(self.sixth_form);
        school.idaci_quintile = cells.optional(self.idaci_quintile, values::whole);
        school.open_date = cells.optional(self.open_date, values::date);
    }

    fn inspection(&self, cells: &mut Cells<'_>) -> OfstedInspection {
        let c = &self.inspection;
        OfstedInspection {
            inspection_date: cells.optional(Some(self.inspection_date), values::date),
            publication_date: cells.optional(c.publication_date, values::date),
            inspection_type: cells.text(c.inspection_type),
            overall: cells.optional(Some(self.overall), values::judgement),
            quality_of_education: cells.optional(c.quality_of_education, values::judgement),
            behaviour_and_attitudes: cells.optional(c.behaviour_and_attitudes, values::judgement),
            personal_development: cells.optional(c.personal_development, values::judgement),
            leadership_and_management: cells
                .optional(c.leadership_and_management, values::judgement),
            early_years: cells.optional(c.early_years, values::judgement),
            sixth_form: cells.optional(c.sixth_form, values::judgement),
            safeguarding_effective: cells.optional(c.safeguarding, values::yes_no),
            category_of_concern: cells.text(c.category_of_concern),
            previous_inspection_date: cells.optional(c.previous_date, values::date),
            previous_overall: cells.optional(c.previous_overall, values::judgement),
            ungraded_inspection_date: cells.optional(c.ungraded_date, values::date),
            ungraded_outcome: cells.text(c.ungraded_outcome),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::{Date, GroupUid, Judgement};

    const HEADER: &str = "Web Link (opens in new window),URN,LAESTAB,School name,Ofsted phase,Type of education,School open date,Admissions policy,Sixth form,Designated religious character,Region,Local authority,Multi-academy trust UID,Multi-academy trust name,Postcode,The income deprivation affecting children index (IDACI) quintile,Total number of pupils,Statutory lowest age,Statutory highest age,Date of latest ungraded inspection,Ungraded inspection overall outcome,Inspection type,Inspection start date,Publication date,Overall effectiveness,Category of concern,Quality of education,Behaviour and attitudes,Personal development,Effectiveness of leadership and management,Safeguarding is effective?,Early years provision (where applicable),Sixth form provision (where applicable),Previous inspection start date,Previous graded inspection overall effectiveness";
    const ALDGATE: &str = "http://www.ofsted.gov.uk/x/100000,100000,2013614,The Aldgate School,Primary,Voluntary Aided School,,Not applicable,Does not have a sixth form,Church of England,London,City of London,,,EC3A 5DE,4.0,249,3,11,,,S5 Inspection,12/06/2024,11/07/2024,1,,1.0,1.0,1.0,1.0,Yes,2.0,9.0,18/04/2013,1.0";
    const SHENLEY: &str = "http://x/136730,136730,8264104,Shenley Brook End School,Secondary,Academy Converter,01/05/2011,Non-selective,Has a sixth form,Does not apply,South East,Milton Keynes,17101,5 DIMENSIONS TRUST,mk57zt,2.0,1883,11,18,23/05/2024,School remains Good,S5 Inspection,01/02/2019,01/03/2019,Not judged,,9.0,9.0,9.0,9.0,9,9.0,9.0,,";

    fn file(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    fn parse(text: &str) -> Parsed<OfstedRecord> {
        parse_ofsted("ofsted.csv", text.as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_a_school_and_its_latest_inspection() {
        let parsed = parse(&file(&[ALDGATE]));
        assert_eq!(
            (parsed.rows, parsed.errors.len()),
            (1, 0),
            "{:?}",
            parsed.errors
        );
        let record = &parsed.records[0];
        let school = &record.school;
        assert_eq!(school.urn, Urn(100000));
        assert_eq!(school.name, "The Aldgate School");
        assert_eq!(school.laestab, Some(2013614));
        assert_eq!(school.la_code, Some(201));
        assert_eq!(school.la_name.as_deref(), Some("City of London"));
        assert_eq!(school.region, Some(Region::London));
        assert_eq!(school.phase, Phase::Primary);
        assert_eq!(school.type_name, "Voluntary Aided School");
        assert_eq!(school.status, Status::Open);
        assert_eq!(school.postcode.as_deref(), Some("EC3A 5DE"));
        assert_eq!(
            (school.pupils, school.age_low, school.age_high),
            (Some(249), Some(3), Some(11))
        );
        assert_eq!(school.idaci_quintile, Some(4));
        assert_eq!(
            school.religious_character.as_deref(),
            Some("Church of England")
        );
        assert_eq!(school.admissions_policy, None, "Not applicable is no value");
        assert_eq!(
            school.sixth_form.as_deref(),
            Some("Does not have a sixth form")
        );
        let inspection = school.ofsted.as_ref().expect("inspection");
        assert_eq!(inspection.inspection_date, Date::new(2024, 6, 12));
        assert_eq!(inspection.publication_date, Date::new(2024, 7, 11));
        assert_eq!(inspection.overall, Some(Judgement::Outstanding));
        assert_eq!(
            inspection.quality_of_education,
            Some(Judgement::Outstanding)
        );
        assert_eq!(inspection.early_years, Some(Judgement::Good));
        assert_eq!(inspection.sixth_form, None);
        assert_eq!(inspection.safeguarding_effective, Some(true));
        assert_eq!(inspection.previous_inspection_date, Date::new(2013, 4, 18));
        assert_eq!(inspection.previous_overall, Some(Judgement::Outstanding));
        assert_eq!(inspection.inspection_type.as_deref(), Some("S5 Inspection"));
        assert_eq!(
            (record.trust_uid, record.trust_name.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn reads_trusts_ungraded_inspections_and_not_judged() {
        let parsed = parse(&file(&[SHENLEY]));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let record = &parsed.records[0];
        assert_eq!(record.trust_uid, Some(GroupUid(17101)));
        assert_eq!(record.trust_name.as_deref(), Some("5 DIMENSIONS TRUST"));
        assert_eq!(record.school.la_code, Some(826));
        assert_eq!(record.school.postcode.as_deref(), Some("MK5 7ZT"));
        assert_eq!(record.school.open_date, Date::new(2011, 5, 1));
        let inspection = record.school.ofsted.as_ref().unwrap();
        assert_eq!(inspection.overall, None);
        assert_eq!(inspection.safeguarding_effective, None);
        assert_eq!(inspection.ungraded_inspection_date, Date::new(2024, 5, 23));
        assert_eq!(
            inspection.ungraded_outcome.as_deref(),
            Some("School remains Good")
        );
        assert_eq!(inspection.previous_inspection_date, None);
    }

    #[test]
    fn bad_cells_are_all_reported_with_line_and_column() {
        let bad = ALDGATE
            .replace("12/06/2024", "31/02/2024")
            .replace(",249,", ",24x9,")
            .replace(",Yes,", ",Perhaps,");
        let parsed = parse(&file(&[SHENLEY, &bad]));
        assert_eq!(parsed.records.len(), 1);
        let messages: Vec<String> = parsed.errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            vec![
                "ofsted.csv:3: column \"Total number of pupils\": \"24x9\" is not a whole number",
                "ofsted.csv:3: column \"Inspection start date\": \"31/02/2024\" is not a date",
                "ofsted.csv:3: column \"Safeguarding is effective?\": \"Perhaps\" is not Yes or No",
            ]
        );
    }

    #[test]
    fn a_repeated_urn_is_an_error_on_the_later_row() {
        let parsed = parse(&file(&[ALDGATE, SHENLEY, ALDGATE]));
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(
            parsed.errors[0].to_string(),
            "ofsted.csv:4: column \"URN\": duplicate URN 100000 (first seen on line 2)"
        );
    }

    #[test]
    fn a_file_without_inspection_dates_is_the_wrong_file() {
        let error = parse_ofsted("x.csv", b"URN,School name,Ofsted phase,Type of education,Local authority,Overall effectiveness\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "x.csv: missing required column \"Inspection start date\" (found columns: URN, School name, Ofsted phase, Type of education, Local authority, Overall effectiveness)"
        );
    }
}
