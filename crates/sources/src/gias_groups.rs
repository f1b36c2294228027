//! GIAS groups (`allgroupsdata*.csv`): every academy trust, federation, sponsor and other
//! group, with its Companies House number, status, dates, address and head.
//!
//! The group links files describe each row's group with the same columns, so reading a
//! group from a row lives here and is shared with them.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::organisation::{Group, GroupKind, Status};
use convene_domain::search::normalise_postcode;
use convene_domain::GroupUid;

/// Reads a GIAS groups file (official or snake_cased column names).
pub fn parse_groups(file_name: &str, bytes: &[u8]) -> Result<Parsed<Group>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = GroupColumns::locate_register(&table)?;
    read_all(&table, &GroupsFile(columns))
}

/// Where a group's fields are in a row.
pub(crate) struct GroupColumns {
    uid: usize,
    group_id: Option<usize>,
    name: Option<usize>,
    kind: Option<usize>,
    kind_code: Option<usize>,
    companies_house_number: Option<usize>,
    status: Option<usize>,
    status_code: Option<usize>,
    open_date: Option<usize>,
    closed_date: Option<usize>,
    incorporated_date: Option<usize>,
    street: Option<usize>,
    town: Option<usize>,
    postcode: Option<usize>,
    head_title: Option<usize>,
    head_first_name: Option<usize>,
    head_last_name: Option<usize>,
    ukprn: Option<usize>,
    /// The groups register must name each group and give its status; a links file only
    /// mentions groups in passing.
    complete: bool,
}

impl GroupColumns {
    /// The columns of the groups register, where name, type and status are required.
    fn locate_register(t: &Table) -> Result<GroupColumns, SourceError> {
        let uid = t.require(&["Group UID"])?;
        t.require(&["Group Name"])?;
        t.require(&["Group Type", "Group Type (code)"])?;
        t.require(&["Group Status", "Group Status (code)"])?;
        Ok(GroupColumns {
            complete: true,
            ..GroupColumns::locate(t, uid)
        })
    }

    /// The group columns of any file, given where its Group UID is.
    pub(crate) fn locate(t: &Table, uid: usize) -> GroupColumns {
        GroupColumns {
            uid,
            group_id: t.column(&["Group ID"]),
            name: t.column(&["Group Name"]),
            kind: t.column(&["Group Type"]),
            kind_code: t.column(&["Group Type (code)"]),
            companies_house_number: t.column(&["Companies House Number"]),
            status: t.column(&["Group Status"]),
            status_code: t.column(&["Group Status (code)"]),
            open_date: t.column(&["Open date"]),
            closed_date: t.column(&["Closed Date"]),
            incorporated_date: t.column(&["Incorporated on (open date)"]),
            street: t.column(&["Group Street"]),
            town: t.column(&["Group Town"]),
            postcode: t.column(&["Group Postcode"]),
            head_title: t.column(&["Head of Group Title"]),
            head_first_name: t.column(&["Head of Group First Name"]),
            head_last_name: t.column(&["Head of Group Last Name"]),
            ukprn: t.column(&["UKPRN"]),
            complete: false,
        }
    }

    /// The Group UID column, for duplicate messages.
    pub(crate) fn uid_column(&self) -> usize {
        self.uid
    }

    /// Reads the row's group; `None` when the row's problems (recorded in `cells`) leave no
    /// group to speak of.
    pub(crate) fn read(&self, cells: &mut Cells<'_>) -> Option<Group> {
        let uid = cells.required(self.uid, values::group_uid);
        let name = self.name(cells);
        let identified = uid.is_some() && name.is_some();
        let mut group = Group::new(
            uid.unwrap_or(GroupUid(0)),
            name.unwrap_or_default(),
            self.kind(cells),
        );
        group.status = self.status(cells);
        group.group_id = cells.text(self.group_id);
        group.companies_house_number = cells
            .str(self.companies_house_number)
            .map(values::companies_house_number);
        group.open_date = cells.optional(self.open_date, values::date);
        group.closed_date = cells.optional(self.closed_date, values::date);
        group.incorporated_date = cells.optional(self.incorporated_date, values::date);
        group.street = cells.text(self.street);
        group.town = cells.text(self.town);
        group.postcode = cells.str(self.postcode).map(normalise_postcode);
        group.head = values::person_name(
            cells.str(self.head_title),
            cells.str(self.head_first_name),
            cells.str(self.head_last_name),
        );
        group.ukprn = cells.optional(self.ukprn, values::whole);
        identified.then_some(group)
    }

    fn name(&self, cells: &mut Cells<'_>) -> Option<String> {
        match self.name {
            Some(column) if self.complete => cells.required_text(column),
            _ => Some(cells.str(self.name).unwrap_or_default().to_string()),
        }
    }

    fn kind(&self, cells: &Cells<'_>) -> GroupKind {
        cells
            .str(self.kind)
            .or_else(|| cells.str(self.kind_code))
            .map_or(GroupKind::Other, GroupKind::parse)
    }

    /// The status by name, else by code; the register must give one, while a links file
    /// that leaves it blank lists a current, so open, group.
    fn status(&self, cells: &mut Cells<'_>) -> Status {
        let by_code = cells.str(self.status).is_none() && cells.str(self.status_code).is_some();
        let column = if by_code {
            self.status_code
        } else {
            self.status.or(self.status_code)
        };
        let status = match column {
            Some(column) if self.complete => cells.required(column, values::status),
            _ => cells.optional(column, |text| values::status(text).map(Some)),
        };
        status.unwrap_or(Status::Open)
    }
}

/// The groups register: one row per group, keyed by Group UID.
struct GroupsFile(GroupColumns);

impl RowReader for GroupsFile {
    type Record = Group;
    type Key = GroupUid;

    fn read(&self, cells: &mut Cells<'_>) -> Option<Group> {
        self.0.read(cells)
    }

    fn key(&self, record: &Group) -> GroupUid {
        record.uid
    }

    fn describe(&self, key: &GroupUid) -> String {
        format!("Group UID {key}")
    }

    fn key_column(&self) -> usize {
        self.0.uid_column()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::Date;

    const OFFICIAL: &str = "Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status,Group Street,Group Locality,Group Address 3,Group Town,Group County,Group Postcode,Head of Group Title,Head of Group First Name,Head of Group Last Name,UKPRN\n";
    const SNAKE: &str = "group_uid,group_id,group_name,companies_house_number,group_type__code_,group_type,closed_date,open_date,incorporated_on__open_date_,group_status__code_,group_status,group_street,group_locality,group_address_3,group_town,group_county,group_postcode,head_of_group_title,head_of_group_first_name,head_of_group_last_name,ukprn\n";
    const FIVE_DIMENSIONS: &str = "17101,TR01904,5 DIMENSIONS TRUST,07595434,06,Multi-academy trust,,,07/04/2011,OPEN,Open,Shenley Brook End School,Burchard Crescent,,Milton Keynes,Not recorded,mk5 7zt,Mr,Joe,Bloggs,10033344\n";

    fn parse(text: &str) -> Parsed<Group> {
        parse_groups("allgroupsdata.csv", text.as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_a_trust_from_official_and_snake_case_headers_alike() {
        let official = parse(&format!("{OFFICIAL}{FIVE_DIMENSIONS}"));
        let snake = parse(&format!("{SNAKE}{FIVE_DIMENSIONS}"));
        assert!(official.errors.is_empty(), "{:?}", official.errors);
        assert_eq!(official.records, snake.records);
        let trust = &official.records[0];
        assert_eq!(trust.uid, GroupUid(17101));
        assert_eq!(trust.group_id.as_deref(), Some("TR01904"));
        assert_eq!(trust.name, "5 DIMENSIONS TRUST");
        assert_eq!(trust.kind, GroupKind::MultiAcademyTrust);
        assert_eq!(trust.companies_house_number.as_deref(), Some("07595434"));
        assert_eq!(trust.status, Status::Open);
        assert_eq!(trust.incorporated_date, Date::new(2011, 4, 7));
        assert_eq!(trust.open_date, None);
        assert_eq!(trust.town.as_deref(), Some("Milton Keynes"));
        assert_eq!(trust.postcode.as_deref(), Some("MK5 7ZT"));
        assert_eq!(trust.head.as_deref(), Some("Mr Joe Bloggs"));
        assert_eq!(trust.ukprn, Some(10033344));
    }

    #[test]
    fn falls_back_to_codes_and_restores_companies_house_zeros() {
        let row = "1001,,Northwood Queensmead Federation,7595434.0,01,,2010-08-31,2009-01-06,,CLOSED,,,,,,Not recorded,,Not recorded,,,\n";
        let parsed = parse(&format!("{OFFICIAL}{row}"));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let group = &parsed.records[0];
        assert_eq!(group.kind, GroupKind::Federation);
        assert_eq!(group.status, Status::Closed);
        assert_eq!(group.closed_date, Date::new(2010, 8, 31));
        assert_eq!(group.companies_house_number.as_deref(), Some("07595434"));
        assert_eq!(
            (group.group_id.as_deref(), group.head.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn the_register_must_name_groups_and_give_their_status() {
        let row = "1001,,,,01,Federation,,,,,,,,,,,,,,,\n";
        let parsed = parse(&format!("{OFFICIAL}{row}"));
        let columns: Vec<&str> = parsed.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, vec!["Group Name", "Group Status"]);
    }

    #[test]
    fn a_repeated_group_uid_is_an_error() {
        let parsed = parse(&format!("{OFFICIAL}{FIVE_DIMENSIONS}{FIVE_DIMENSIONS}"));
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(
            parsed.errors[0].to_string(),
            "allgroupsdata.csv:3: column \"Group UID\": duplicate Group UID 17101 (first seen on line 2)"
        );
    }
}
