//! GIAS group links: which establishments belong to which groups. Two layouts carry them:
//! the official `alllinksdata*.csv` download (the 2022 ones begin with an unnamed index
//! column) and the academies/trust links file (`academies_trust_links_*.csv`, with
//! `Academy URN` and `Trust Academy Establishment Name`). Both describe each row's group too.

use crate::gias_groups::GroupColumns;
use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::import::GroupLinkRecord;
use convene_domain::organisation::GroupLink;
use convene_domain::{GroupUid, Urn};

/// Reads a GIAS group links file into memberships, each with its group as the row
/// describes it.
pub fn parse_group_links(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<GroupLinkRecord>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    joined_date: Option<usize>,
    group: GroupColumns,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        let urn = t.require(&["URN", "Academy URN"])?;
        let uid = t.require(&["Group UID"])?;
        Ok(Columns {
            urn,
            joined_date: t.column(&["Joined date"]),
            group: GroupColumns::locate(t, uid),
        })
    }
}

impl RowReader for Columns {
    type Record = GroupLinkRecord;
    type Key = (Urn, GroupUid);

    fn read(&self, cells: &mut Cells<'_>) -> Option<GroupLinkRecord> {
        let urn = cells.required(self.urn, values::urn);
        let group = self.group.read(cells);
        let joined_date = cells.optional(self.joined_date, values::date);
        let (urn, group) = (urn?, group?);
        Some(GroupLinkRecord {
            link: GroupLink {
                group_uid: group.uid,
                urn,
                joined_date,
            },
            group,
        })
    }

    fn key(&self, record: &GroupLinkRecord) -> (Urn, GroupUid) {
        (record.link.urn, record.link.group_uid)
    }

    fn describe(&self, (urn, uid): &(Urn, GroupUid)) -> String {
        format!("link of URN {urn} to Group UID {uid}")
    }

    fn key_column(&self) -> usize {
        self.urn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::organisation::{GroupKind, Status};
    use convene_domain::Date;

    const TRUST_LINKS: &str = "\u{feff}Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status,Joined date,Academy URN,Trust Academy Establishment Name,TypeOfEstablishment (code),TypeOfEstablishment (name),PhaseOfEducation (code),PhaseOfEducation (name),LA (code),LA (name)\n17101,TR01904,5 DIMENSIONS TRUST,07595434,06,Multi-academy trust,,,07/04/2011,OPEN,Open,01/05/2011,136730,Shenley Brook End School,34,Academy converter,4,Secondary,826,Milton Keynes\n";
    const ALL_LINKS_2022: &str = ",URN,Group UID,Group ID,Group Name,Companies House Number,Group Type (code),Group Type,Closed Date,Open date,Incorporated on (open date),Group Status (code),Group Status,Joined date,EstablishmentName,TypeOfEstablishment (code),TypeOfEstablishment (name),PhaseOfEducation (code),PhaseOfEducation (name),LA (code),LA (name)\n0,20003,80637,,Central,,8,Children's Centres Group,,1900-01-01,,OPEN,Open,1900-01-01,Central Sure Start Children's Centre,47,Children's centre,0,Not applicable,852,Southampton\n1,136730,17101,TR01904,5 DIMENSIONS TRUST,7595434.0,6,Multi-academy trust,,,2011-04-07,OPEN,Open,2011-05-01,Shenley Brook End School,34,Academy converter,4,Secondary,826,Milton Keynes\n";

    fn parse(text: &str) -> Parsed<GroupLinkRecord> {
        parse_group_links("links.csv", text.as_bytes()).expect("readable file")
    }

    #[test]
    fn reads_the_academies_trust_links_layout() {
        let parsed = parse(TRUST_LINKS);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let record = &parsed.records[0];
        assert_eq!(
            record.link,
            GroupLink {
                group_uid: GroupUid(17101),
                urn: Urn(136730),
                joined_date: Date::new(2011, 5, 1)
            }
        );
        assert_eq!(record.group.name, "5 DIMENSIONS TRUST");
        assert_eq!(record.group.group_id.as_deref(), Some("TR01904"));
        assert_eq!(record.group.kind, GroupKind::MultiAcademyTrust);
        assert_eq!(record.group.status, Status::Open);
        assert_eq!(
            record.group.companies_house_number.as_deref(),
            Some("07595434")
        );
    }

    #[test]
    fn reads_the_2022_layout_with_its_unnamed_index_column() {
        let parsed = parse(ALL_LINKS_2022);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let centre = &parsed.records[0];
        assert_eq!(
            (centre.link.urn, centre.link.group_uid),
            (Urn(20003), GroupUid(80637))
        );
        assert_eq!(centre.link.joined_date, None, "1900-01-01 means unknown");
        assert_eq!(centre.group.open_date, None);
        assert_eq!(centre.group.kind, GroupKind::Other);
        let trust_links = parse(TRUST_LINKS);
        assert_eq!(parsed.records[1], trust_links.records[0]);
    }

    #[test]
    fn a_repeated_membership_is_an_error_but_another_group_is_not() {
        let row = TRUST_LINKS.lines().nth(1).unwrap();
        let other = row.replacen("17101", "17102", 1);
        let text = format!("{TRUST_LINKS}{other}\n{row}\n");
        let parsed = parse(&text);
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(
            parsed.errors[0].to_string(),
            "links.csv:4: column \"Academy URN\": duplicate link of URN 136730 to Group UID 17101 (first seen on line 2)"
        );
    }

    #[test]
    fn needs_a_urn_column_under_either_name() {
        let error = parse_group_links("links.csv", b"Group UID,School\n1,2\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "links.csv: missing required column \"URN\" (found columns: Group UID, School)"
        );
    }
}
