//! GIAS establishments (`edubasealldata*.csv`, about 140 columns, Windows-1252): the
//! register of every school, open or closed, with its type, status, address, location and
//! trust.
//!
//! The same fields also appear under other names in GIAS-derived files (the establishments
//! sample's `EstablishmentStatusName`, `LAId`, `TrustId`; the secondary schools file's
//! snake-case names), so those are read too.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::import::EstablishmentRecord;
use convene_domain::organisation::{GridReference, Phase, School, Status};
use convene_domain::place::Region;
use convene_domain::search::normalise_postcode;
use convene_domain::Urn;

/// Reads a GIAS establishments file into schools with their trusts. Ofsted outcomes are not
/// in it (`ofsted` is `None`); the Ofsted file owns those.
pub fn parse_establishments(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<EstablishmentRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    name: usize,
    status: usize,
    type_name: usize,
    phase: usize,
    la_code: usize,
    la_name: Option<usize>,
    establishment_number: Option<usize>,
    laestab: Option<usize>,
    ukprn: Option<usize>,
    open_date: Option<usize>,
    close_date: Option<usize>,
    age_low: Option<usize>,
    age_high: Option<usize>,
    gender: Option<usize>,
    religious_character: Option<usize>,
    admissions_policy: Option<usize>,
    sixth_form: Option<usize>,
    region: Option<usize>,
    street: Option<usize>,
    town: Option<usize>,
    postcode: Option<usize>,
    website: Option<usize>,
    urban_rural: Option<usize>,
    easting: Option<usize>,
    northing: Option<usize>,
    pupils: Option<usize>,
    capacity: Option<usize>,
    fsm_percent: Option<usize>,
    trust_uid: Option<usize>,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            urn: t.require(&["URN"])?,
            name: t.require(&["EstablishmentName", "Trust Academy Establishment Name"])?,
            status: t.require(&["EstablishmentStatus (name)", "establishment_status"])?,
            type_name: t.require(&["TypeOfEstablishment (name)", "type_of_establishment"])?,
            phase: t.require(&["PhaseOfEducation (name)", "phase_of_education"])?,
            la_code: t.require(&["LA (code)", "LAId"])?,
            la_name: t.column(&["LA (name)"]),
            establishment_number: t.column(&["EstablishmentNumber"]),
            laestab: t.column(&["LAESTAB"]),
            ukprn: t.column(&["UKPRN"]),
            open_date: t.column(&["OpenDate"]),
            close_date: t.column(&["CloseDate"]),
            age_low: t.column(&["StatutoryLowAge", "AgeRangeLow"]),
            age_high: t.column(&["StatutoryHighAge", "AgeRangeHigh"]),
            gender: t.column(&["Gender (name)", "gender"]),
            religious_character: t.column(&["ReligiousCharacter (name)", "religious_character"]),
            admissions_policy: t.column(&["AdmissionsPolicy (name)", "admissions_policy"]),
            sixth_form: t.column(&["OfficialSixthForm (name)", "official_sixth_form"]),
            region: t.column(&["GOR (name)", "RegionName"]),
            street: t.column(&["Street"]),
            town: t.column(&["Town"]),
            postcode: t.column(&["Postcode"]),
            website: t.column(&["SchoolWebsite", "Website"]),
            urban_rural: t.column(&["UrbanRural (name)", "urban_rural"]),
            easting: t.column(&["Easting"]),
            northing: t.column(&["Northing"]),
            pupils: t.column(&["NumberOfPupils", "TotalPupils"]),
            capacity: t.column(&["SchoolCapacity", "TotalCapacity"]),
            fsm_percent: t.column(&["PercentageFSM"]),
            trust_uid: t.column(&["Trusts (code)", "TrustId"]),
        })
    }

    fn details(&self, cells: &mut Cells<'_>, school: &mut School) {
        let type_name = cells.str(Some(self.type_name)).unwrap_or_default();
        school.phase = Phase::classify(cells.str(Some(self.phase)).unwrap_or_default(), type_name);
        school.type_name = type_name.to_string();
        school.ukprn = cells.optional(self.ukprn, values::whole);
        school.open_date = cells.optional(self.open_date, values::date);
        school.close_date = cells.optional(self.close_date, values::date);
        school.age_low = cells.optional(self.age_low, values::whole);
        school.age_high = cells.optional(self.age_high, values::whole);
        school.gender = cells.text(self.gender);
        school.religious_character = cells.text(self.religious_character);
        school.admissions_policy = cells.text(self.admissions_policy);
        school.sixth_form = cells.text(self.sixth_form);
        school.pupils = cells.optional(self.pupils, values::whole);
        school.capacity = cells.optional(self.capacity, values::whole);
        school.fsm_percent = cells.optional(self.fsm_percent, values::percent);
    }

    fn place(&self, cells: &mut Cells<'_>, school: &mut School) {
        school.la_code = cells
            .optional(Some(self.la_code), values::whole)
            .filter(|code| *code > 0);
        school.la_name = cells.text(self.la_name);
        school.laestab = self.laestab(cells, school.la_code);
        school.region = cells.str(self.region).and_then(Region::parse);
        school.street = cells.text(self.street);
        school.town = cells.text(self.town);
        school.postcode = cells.str(self.postcode).map(normalise_postcode);
        school.website = cells.text(self.website);
        school.urban_rural = cells.text(self.urban_rural);
        let easting = cells.optional(self.easting, values::whole);
        let northing = cells.optional(self.northing, values::whole);
        school.location = easting
            .zip(northing)
            .and_then(|(e, n)| GridReference::new(e, n));
    }

    /// The LAESTAB as written, or built from the LA code and establishment number.
    fn laestab(&self, cells: &mut Cells<'_>, la_code: Option<i64>) -> Option<i64> {
        let written = cells.optional(self.laestab, values::whole);
        let number = cells.optional(self.establishment_number, values::whole);
        written.or_else(|| Some(la_code? * 10_000 + number?))
    }
}

impl RowReader for Columns {
    type Record = EstablishmentRecord;
    type Key = Urn;

    fn read(&self, cells: &mut Cells<'_>) -> Option<EstablishmentRecord> {
        let urn = cells.required(self.urn, values::urn);
        let name = cells.required_text(self.name);
        let status = cells.required(self.status, values::status);
        let identified = urn.is_some() && name.is_some();
        let mut school = School::new(urn.unwrap_or(Urn(0)), name.unwrap_or_default());
        school.status = status.unwrap_or(Status::Open);
        self.details(cells, &mut school);
        self.place(cells, &mut school);
        let record = EstablishmentRecord {
            school,
            trust_uid: cells.optional(self.trust_uid, values::optional_group_uid),
        };
        identified.then_some(record)
    }

    fn key(&self, record: &EstablishmentRecord) -> Urn {
        record.school.urn
    }

    fn describe(&self, key: &Urn) -> String {
        format!("URN {key}")
    }

    fn key_column(&self) -> usize {
        self.urn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::{Date, GroupUid};

    const HEADER: &str = "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),PhaseOfEducation (name),OpenDate,CloseDate,Trusts (code),Trusts (name),GOR (name),Street,Town,Postcode,SchoolWebsite,NumberOfPupils,SchoolCapacity,PercentageFSM,UrbanRural (name),Easting,Northing,UKPRN";
    const GOSPEL_OAK: &str = "100025,202,Camden,2775,Gospel Oak Primary School,Community school,Open,Primary,,,,,London,Mansfield Road,London,NW3 2JB,www.gospeloak.camden.sch.uk,421,459,20.1,Urban: Nearer to a major town or city,528230,185638,10078058";
    const SHENLEY: &str = "136730,826,Milton Keynes,4104,Shenley Brook End School,Academy converter,Open,Secondary,01/05/2011,,17101,5 DIMENSIONS TRUST,South East,Burchard Crescent,Milton Keynes,MK5 7ZT,,1883,1800,SUPP,,484000,235000,";

    fn file(rows: &[&str]) -> String {
        let mut text = format!("{HEADER}\r\n");
        for row in rows {
            text.push_str(row);
            text.push_str("\r\n");
        }
        text
    }

    fn parse(text: &str) -> Parsed<EstablishmentRecord> {
        parse_establishments("edubasealldata.csv", text.as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_every_field_gias_provides() {
        let parsed = parse(&file(&[GOSPEL_OAK, SHENLEY]));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let gospel = &parsed.records[0];
        let school = &gospel.school;
        assert_eq!(school.urn, Urn(100025));
        assert_eq!(school.name, "Gospel Oak Primary School");
        assert_eq!((school.la_code, school.laestab), (Some(202), Some(2022775)));
        assert_eq!(school.status, Status::Open);
        assert_eq!(school.phase, Phase::Primary);
        assert_eq!(school.region, Some(Region::London));
        assert_eq!(school.location, GridReference::new(528230, 185638));
        assert_eq!((school.pupils, school.capacity), (Some(421), Some(459)));
        assert_eq!(school.fsm_percent, Some(20.1));
        assert_eq!(school.ukprn, Some(10078058));
        assert_eq!(
            school.website.as_deref(),
            Some("www.gospeloak.camden.sch.uk")
        );
        assert_eq!(school.ofsted, None);
        assert_eq!(gospel.trust_uid, None);
        let shenley = &parsed.records[1];
        assert_eq!(shenley.trust_uid, Some(GroupUid(17101)));
        assert_eq!(
            shenley.school.fsm_percent, None,
            "SUPP is suppressed, not an error"
        );
        assert_eq!(shenley.school.open_date, Date::new(2011, 5, 1));
    }

    #[test]
    fn an_unknown_status_is_an_error() {
        let parsed = parse(&file(&[&GOSPEL_OAK.replace(",Open,", ",Shut,")]));
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].column, "EstablishmentStatus (name)");
        assert_eq!(parsed.errors[0].line, 2);
    }

    #[test]
    fn a_truncated_last_row_is_reported_against_its_first_missing_column() {
        let text = file(&[GOSPEL_OAK]) + "136730,826,Milton Keynes,4104,Shenley Brook End Sch";
        let parsed = parse(&text);
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.rows, 2);
        assert_eq!(
            parsed.errors[0].to_string(),
            "edubasealldata.csv:3: column \"TypeOfEstablishment (name)\": row has 5 fields but the header has 24 (the file may be truncated)"
        );
    }

    #[test]
    fn a_missing_required_column_names_it_exactly() {
        let text = file(&[]).replace("PhaseOfEducation (name)", "Phase");
        let error = parse_establishments("edubasealldata.csv", text.as_bytes()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "edubasealldata.csv: missing required column \"PhaseOfEducation (name)\" (found columns: URN, LA (code), LA (name), EstablishmentNumber, EstablishmentName, TypeOfEstablishment (name), EstablishmentStatus (name), Phase, OpenDate, CloseDate, ...)"
        );
    }

    #[test]
    fn windows_1252_and_utf8_with_a_bom_read_the_same() {
        let text = file(&[
            &GOSPEL_OAK.replace(
                "Gospel Oak Primary School",
                "St Mary’s Church of England Primary School",
            ),
            &SHENLEY.replace("Shenley Brook End School", "Ærial Café School"),
        ]);
        let (windows_1252, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
        let utf8_with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        let from_1252 = parse_establishments("e.csv", &windows_1252).unwrap();
        let from_utf8 = parse_establishments("e.csv", &utf8_with_bom).unwrap();
        assert_eq!(from_1252, from_utf8);
        let names: Vec<&str> = from_utf8
            .records
            .iter()
            .map(|r| r.school.name.as_str())
            .collect();
        assert_eq!(
            names,
            vec![
                "St Mary’s Church of England Primary School",
                "Ærial Café School"
            ]
        );
    }

    #[test]
    fn blank_optional_cells_are_none() {
        let row =
            "100025,202,,,Gospel Oak Primary School,Community school,Open,Primary,,,,,,,,,,,,,,,,";
        let parsed = parse(&file(&[row]));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let school = &parsed.records[0].school;
        assert_eq!(
            (school.laestab, school.location, school.pupils),
            (None, None, None)
        );
        assert_eq!((school.postcode.as_deref(), school.region), (None, None));
    }
}
