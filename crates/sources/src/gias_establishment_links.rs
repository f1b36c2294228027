//! GIAS establishment links (`links_edubasealldata*.csv`): predecessor and successor URNs,
//! so a school's history survives academy conversion, mergers and splits.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::organisation::EstablishmentLink;
use convene_domain::Urn;

/// Reads a GIAS establishment links file.
pub fn parse_establishment_links(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<EstablishmentLink>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    urn: usize,
    linked_urn: usize,
    link_type: usize,
    linked_name: Option<usize>,
    established_date: Option<usize>,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            urn: t.require(&["URN"])?,
            linked_urn: t.require(&["LinkURN"])?,
            link_type: t.require(&["LinkType"])?,
            linked_name: t.column(&["LinkName"]),
            established_date: t.column(&["LinkEstablishedDate"]),
        })
    }
}

impl RowReader for Columns {
    type Record = EstablishmentLink;
    type Key = (Urn, Urn, String);

    fn read(&self, cells: &mut Cells<'_>) -> Option<EstablishmentLink> {
        let urn = cells.required(self.urn, values::urn);
        let linked_urn = cells.required(self.linked_urn, values::urn);
        let link_type = cells.required_text(self.link_type);
        let established_date = cells.optional(self.established_date, values::date);
        Some(EstablishmentLink {
            urn: urn?,
            linked_urn: linked_urn?,
            linked_name: cells.text(self.linked_name),
            link_type: link_type?,
            established_date,
        })
    }

    fn key(&self, record: &EstablishmentLink) -> (Urn, Urn, String) {
        (record.urn, record.linked_urn, record.link_type.clone())
    }

    fn describe(&self, (urn, linked, link_type): &(Urn, Urn, String)) -> String {
        format!("link of URN {urn} to URN {linked} ({link_type})")
    }

    fn key_column(&self) -> usize {
        self.urn
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use convene_domain::Date;

    const QUOTED_2025: &str = "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\",\"LinkEstablishedDate\"\r\n100006,134643,\"CCfL Key Stage 3 PRU\",\"Predecessor - merged\",\"01-01-2022\"\r\n108299,138950,\"St Thomas à Becket Catholic Secondary School, A Voluntary Academy\",\"Successor\",\"\"";
    const INDEXED_2022: &str = ",URN,LinkURN,LinkName,LinkType,LinkEstablishedDate\n0,100006,134643,CCfL Key Stage 3 PRU,Predecessor - merged,2022-01-01\n";

    fn windows_1252(text: &str) -> Vec<u8> {
        encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
    }

    #[test]
    fn reads_the_quoted_windows_1252_layout() {
        let parsed = parse_establishment_links("links.csv", &windows_1252(QUOTED_2025)).unwrap();
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(
            parsed.records[0],
            EstablishmentLink {
                urn: Urn(100006),
                linked_urn: Urn(134643),
                linked_name: Some("CCfL Key Stage 3 PRU".into()),
                link_type: "Predecessor - merged".into(),
                established_date: Date::new(2022, 1, 1),
            }
        );
        let becket = &parsed.records[1];
        assert_eq!(
            becket.linked_name.as_deref(),
            Some("St Thomas à Becket Catholic Secondary School, A Voluntary Academy")
        );
        assert_eq!(becket.established_date, None);
    }

    #[test]
    fn reads_the_indexed_2022_layout() {
        let parsed = parse_establishment_links("links.csv", INDEXED_2022.as_bytes()).unwrap();
        let quoted = parse_establishment_links("links.csv", QUOTED_2025.as_bytes()).unwrap();
        assert_eq!(parsed.records[0], quoted.records[0]);
    }

    #[test]
    fn the_same_urns_may_be_linked_twice_only_in_different_ways() {
        let text = format!(
            "{INDEXED_2022}1,100006,134643,CCfL,Successor,\n2,100006,134643,CCfL,Predecessor - merged,\n"
        );
        let parsed = parse_establishment_links("links.csv", text.as_bytes()).unwrap();
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(
            parsed.errors[0].to_string(),
            "links.csv:4: column \"URN\": duplicate link of URN 100006 to URN 134643 (Predecessor - merged) (first seen on line 2)"
        );
    }

    #[test]
    fn a_link_needs_both_urns_and_a_type() {
        let text = format!("{INDEXED_2022}1,100006,abc,CCfL,,\n");
        let parsed = parse_establishment_links("links.csv", text.as_bytes()).unwrap();
        let reasons: Vec<String> = parsed
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.column, e.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![
                "LinkURN: \"abc\" is not a URN",
                "LinkType: is blank, but a value is required",
            ]
        );
    }
}
