//! The local authorities list (`local_authorities.csv`): DfE codes, GSS codes, names and
//! regions, so schools can be grouped and filtered by LA and region.

use crate::table::{read_all, Cells, RowReader, Table};
use crate::values;
use crate::{read_table, Parsed, SourceError};
use convene_domain::place::{LocalAuthority, Region};

/// Reads the local authorities list, skipping its "0 / Not reported" placeholder row.
pub fn parse_local_authorities(
    file_name: &str,
    bytes: &[u8],
) -> Result<Parsed<LocalAuthority>, SourceError> {
    let table = read_table(file_name, bytes)?;
    let columns = Columns::locate(&table)?;
    read_all(&table, &columns)
}

/// Where each field is in this file.
struct Columns {
    code: usize,
    name: usize,
    gss_code: Option<usize>,
    region: Option<usize>,
}

impl Columns {
    fn locate(t: &Table) -> Result<Columns, SourceError> {
        Ok(Columns {
            code: t.require(&["la_code", "LA (code)"])?,
            name: t.require(&["la_name", "LA (name)"])?,
            gss_code: t.column(&["gss_la_code", "GSSLACode (name)"]),
            region: t.column(&["region_name", "GOR (name)"]),
        })
    }
}

impl RowReader for Columns {
    type Record = LocalAuthority;
    type Key = i64;

    fn read(&self, cells: &mut Cells<'_>) -> Option<LocalAuthority> {
        let code = cells.required(self.code, |text| {
            values::whole(text)?.ok_or_else(|| format!("{text:?} is not an LA code"))
        });
        let name = cells.required_text(self.name);
        if code == Some(0) {
            return None;
        }
        Some(LocalAuthority {
            code: code?,
            gss_code: cells.text(self.gss_code),
            name: name?,
            region: cells.str(self.region).and_then(Region::parse),
        })
    }

    fn key(&self, record: &LocalAuthority) -> i64 {
        record.code
    }

    fn describe(&self, key: &i64) -> String {
        format!("LA code {key}")
    }

    fn key_column(&self) -> usize {
        self.code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "la_key,la_code,gss_la_code,la_name,region_code,region_name\n0,0,Not reported,Not reported,Not reported,Not reported\n1,201,E09000001,City of London,E13000001,Inner London\n";

    #[test]
    fn skips_the_not_reported_row_and_reads_regions() {
        let parsed = parse_local_authorities("la.csv", FILE.as_bytes()).unwrap();
        assert_eq!((parsed.rows, parsed.errors.len()), (2, 0));
        assert_eq!(
            parsed.records,
            vec![LocalAuthority {
                code: 201,
                gss_code: Some("E09000001".into()),
                name: "City of London".into(),
                region: Some(Region::London),
            }]
        );
    }

    #[test]
    fn a_repeated_code_is_an_error() {
        let text = format!("{FILE}2,201,E09000001,City,E13000001,Inner London\n");
        let parsed = parse_local_authorities("la.csv", text.as_bytes()).unwrap();
        assert_eq!(
            parsed.errors[0].to_string(),
            "la.csv:4: column \"la_code\": duplicate LA code 201 (first seen on line 3)"
        );
    }
}
