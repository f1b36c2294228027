//! A published CSV file as a table: columns found by header name, rows with their line
//! numbers, and row errors that point at a line and a column.
//!
//! Columns are found by name, never by position, because each publisher reorders, renames
//! and adds columns between releases.

use crate::text::decode;
use crate::values::{self, Reading};
use crate::{Parsed, SourceError};
use convene_domain::import::RowError;
use csv::StringRecord;
use std::collections::hash_map::{Entry, HashMap};
use std::hash::Hash;

/// How many header names a missing-column error lists, so the person can see what file
/// they actually gave.
const HEADERS_SHOWN: usize = 10;

/// The key a header is matched by: lower-case letters and digits only, so `Group UID`,
/// `group_uid` and `Group Uid` are one column, and `TypeOfEstablishment (name)` is
/// `typeofestablishmentname`.
pub fn normalise_header(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A whole CSV file, decoded and split into rows, with its columns addressable by name.
///
/// Other crates use it to read enrichment files (coordinates, capacities) that have no
/// import kind of their own.
#[derive(Debug, Clone)]
pub struct Table {
    file: String,
    headers: StringRecord,
    keys: Vec<String>,
    rows: Vec<(u64, StringRecord)>,
}

/// Reads a CSV file of any of the published encodings into a [`Table`]. The first row is
/// the header; rows may have any number of fields (checking that is the reader's job).
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, SourceError> {
    if let Some((looks_like, advice)) = binary_kind(bytes) {
        return Err(SourceError::NotText {
            file: file_name.to_string(),
            looks_like,
            advice,
        });
    }
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = StringRecord::new();
    let has_header = reader
        .read_record(&mut headers)
        .map_err(|e| malformed(file_name, &e))?;
    if !has_header || headers.iter().all(|h| h.trim().is_empty()) {
        return Err(SourceError::Empty {
            file: file_name.to_string(),
        });
    }
    let mut lines = LineCounter::new(text.as_bytes());
    let rows = read_rows_of(&mut reader, &mut lines, file_name)?;
    let last = rows.last().map_or(&headers, |(_, record)| record);
    if let Some(line) = unclosed_quote_line(&text, last, &mut lines) {
        return Err(SourceError::Malformed {
            file: file_name.to_string(),
            line,
            reason: "a quoted value is never closed, so the rest of the file reads as one value \
                     (the file may be truncated, or have a stray quote)"
                .into(),
        });
    }
    headers.trim();
    let keys = headers.iter().map(normalise_header).collect();
    Ok(Table {
        file: file_name.to_string(),
        headers,
        keys,
        rows,
    })
}

/// What a file that is not text looks like, and what to do, from its first bytes: the
/// signatures of the files people most often give by mistake, then any NUL byte (which no
/// published CSV holds, in any of its encodings).
fn binary_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const SAVE_AS_CSV: &str =
        "Open it in a spreadsheet and save it as CSV, or download the CSV version.";
    const UTF16: &str = "Text saved as UTF-16 (Excel's \"Unicode Text\")";
    const SAVE_AS_UTF8: &str = "Save it as \"CSV UTF-8\" instead.";
    let signatures: [(&[u8], &str, &str); 7] = [
        (b"\xFF\xFE", UTF16, SAVE_AS_UTF8),
        (b"\xFE\xFF", UTF16, SAVE_AS_UTF8),
        (b"PK\x03\x04", "a ZIP archive or an Excel workbook (.xlsx)", "If it is a ZIP download, unzip it and import the CSV inside; if it is a workbook, save it as CSV."),
        (b"\xD0\xCF\x11\xE0", "an old Excel workbook (.xls)", SAVE_AS_CSV),
        (b"%PDF", "a PDF document", "Download the CSV file from the publisher instead."),
        (b"\x1F\x8B", "a gzip-compressed file", "Decompress it first (gunzip) and import the CSV."),
        (b"\x89PNG", "a PNG image", "Download the CSV file from the publisher instead."),
    ];
    for (magic, looks_like, advice) in signatures {
        if bytes.starts_with(magic) {
            return Some((looks_like, advice));
        }
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    sample
        .contains(&0)
        .then_some(("binary data, not text", SAVE_AS_CSV))
}

fn read_rows_of(
    reader: &mut csv::Reader<&[u8]>,
    lines: &mut LineCounter<'_>,
    file_name: &str,
) -> Result<Vec<(u64, StringRecord)>, SourceError> {
    let mut rows = Vec::new();
    loop {
        let mut record = StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(true) => rows.push((lines.line_of(&record), record)),
            Ok(false) => return Ok(rows),
            Err(e) => return Err(malformed(file_name, &e)),
        }
    }
}

/// Physical line numbers of records, counted from their byte offsets: the CSV reader's own
/// line count runs one behind in files with CRLF line endings.
struct LineCounter<'a> {
    text: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            text,
            byte: 0,
            line: 1,
        }
    }

    /// The line a record starts on. Records come in file order, so counting resumes where
    /// the previous record's count stopped.
    fn line_of(&mut self, record: &StringRecord) -> u64 {
        let Some(start) = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok())
        else {
            return self.line;
        };
        let mut start = start.min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.byte {
            let newlines = self.text[self.byte..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.line += newlines as u64;
            self.byte = start;
        }
        self.line
    }
}

fn malformed(file_name: &str, error: &csv::Error) -> SourceError {
    SourceError::Malformed {
        file: file_name.to_string(),
        line: error.position().map_or(0, csv::Position::line),
        reason: error.to_string(),
    }
}

/// The CSV reader forgives an unclosed quote by reading to the end of the file, which would
/// silently swallow every later row into one value. That can only happen to the last record
/// read: it then spans several lines and holds an odd number of quote characters.
fn unclosed_quote_line(
    text: &str,
    last: &StringRecord,
    lines: &mut LineCounter<'_>,
) -> Option<u64> {
    let start = usize::try_from(last.position()?.byte()).ok()?;
    let raw = text.get(start..)?.trim();
    let odd_quotes = raw.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    (odd_quotes && raw.contains('\n')).then(|| lines.line_of(last))
}

impl Table {
    /// The file name, as given, for messages.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The header row, trimmed, as written in the file.
    pub fn headers(&self) -> &StringRecord {
        &self.headers
    }

    /// A column's header text as written in the file, for messages.
    pub fn header(&self, column: usize) -> &str {
        self.headers.get(column).unwrap_or("")
    }

    /// The first column matching any of `names` (tried in order; see [`normalise_header`]),
    /// so a field can be found under the different names different files give it.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|name| {
            let key = normalise_header(name);
            self.keys.iter().position(|k| !k.is_empty() && *k == key)
        })
    }

    /// Like [`Table::column`], but a file without the column is unusable: the error names the
    /// first of `names` and lists the headers the file does have.
    pub fn require(&self, names: &[&str]) -> Result<usize, SourceError> {
        self.column(names)
            .ok_or_else(|| SourceError::MissingColumn {
                file: self.file.clone(),
                column: names.first().copied().unwrap_or_default().to_string(),
                found: self.found_columns(),
            })
    }

    fn found_columns(&self) -> String {
        let mut found: Vec<&str> = self.headers.iter().take(HEADERS_SHOWN).collect();
        if self.headers.len() > HEADERS_SHOWN {
            found.push("...");
        }
        found.join(", ")
    }

    /// The data rows (every row after the header), each with its line number in the file
    /// (the header is line 1).
    pub fn rows(&self) -> impl ExactSizeIterator<Item = (u64, &StringRecord)> + '_ {
        self.rows.iter().map(|(line, record)| (*line, record))
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the file has a header but no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A row error located at `line` and `column`.
    pub fn row_error(&self, line: u64, column: usize, reason: impl Into<String>) -> RowError {
        RowError {
            file: self.file.clone(),
            line,
            column: self.header(column).to_string(),
            reason: reason.into(),
        }
    }

    /// A row whose field count differs from the header's has lost or gained values, so none
    /// of its cells can be trusted. Trailing blank fields (a trailing comma) are harmless.
    fn width_error(&self, line: u64, record: &StringRecord) -> Option<RowError> {
        let expected = self.headers.len();
        let found = record.len();
        if found < expected {
            let reason = format!(
                "row has {found} fields but the header has {expected} (the file may be truncated)"
            );
            return Some(self.row_error(line, found, reason));
        }
        let extra_values = record.iter().skip(expected).any(|f| !f.trim().is_empty());
        extra_values.then(|| {
            let reason = format!(
                "row has {found} fields but the header has {expected} (a value may hold an unquoted comma)"
            );
            self.row_error(line, expected - 1, reason)
        })
    }
}

/// One row being read: typed access to its cells, collecting every problem found so a
/// person can fix a row in one go.
pub(crate) struct Cells<'t> {
    table: &'t Table,
    line: u64,
    record: &'t StringRecord,
    errors: Vec<(usize, RowError)>,
}

impl<'t> Cells<'t> {
    fn new(table: &'t Table, line: u64, record: &'t StringRecord) -> Cells<'t> {
        Cells {
            table,
            line,
            record,
            errors: Vec::new(),
        }
    }

    /// The cell's trimmed text, or `None` when blank or the column is absent.
    pub(crate) fn str(&self, column: Option<usize>) -> Option<&'t str> {
        let text = self.record.get(column?)?.trim();
        (!text.is_empty()).then_some(text)
    }

    /// The cell's text, or `None` when blank or a placeholder such as "Not recorded".
    pub(crate) fn text(&self, column: Option<usize>) -> Option<String> {
        self.str(column)
            .filter(|t| !values::is_placeholder(t))
            .map(str::to_string)
    }

    /// Records a problem with a cell.
    pub(crate) fn fail(&mut self, column: usize, reason: impl Into<String>) {
        let error = self.table.row_error(self.line, column, reason);
        self.errors.push((column, error));
    }

    /// Reads an optional cell: blank (or an absent column) is `None`, unreadable text is
    /// recorded as a problem and also `None`.
    pub(crate) fn optional<T>(
        &mut self,
        column: Option<usize>,
        read: impl FnOnce(&str) -> Reading<T>,
    ) -> Option<T> {
        let (column, text) = (column?, self.str(column)?);
        read(text).unwrap_or_else(|reason| {
            self.fail(column, reason);
            None
        })
    }

    /// Reads a cell that must hold a value; a blank is a problem.
    pub(crate) fn required<T>(
        &mut self,
        column: usize,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let Some(text) = self.str(Some(column)) else {
            self.fail(column, "is blank, but a value is required");
            return None;
        };
        read(text).map_err(|reason| self.fail(column, reason)).ok()
    }

    /// Reads a cell that must hold text (a name); a blank is a problem.
    pub(crate) fn required_text(&mut self, column: usize) -> Option<String> {
        self.required(column, |text| Ok(text.to_string()))
    }
}

/// How a kind of file is read: one row into one record, and the key no two rows may share.
pub(crate) trait RowReader {
    /// The record a row becomes.
    type Record;
    /// What identifies a record within one file.
    type Key: Eq + Hash;

    /// Reads one row. Any problem recorded in `cells` rejects the row whatever is returned;
    /// `None` with no problems recorded means the row is deliberately skipped.
    fn read(&self, cells: &mut Cells<'_>) -> Option<Self::Record>;

    /// The record's key.
    fn key(&self, record: &Self::Record) -> Self::Key;

    /// The key in words, for the duplicate message ("URN 100000").
    fn describe(&self, key: &Self::Key) -> String;

    /// The column a duplicate is reported against.
    fn key_column(&self) -> usize;

    /// Whether the file's layout leaves trailing blank cells off a row (the official
    /// performance tables do), so a short row is read with its missing cells blank rather
    /// than reported as truncated.
    fn ragged(&self) -> bool {
        false
    }
}

/// Reads every row of `table` with `reader`: good rows become records; rows of the wrong
/// width, with unreadable cells, or repeating an earlier row's key become row errors. A
/// file with no data rows (only blank lines after its header) is refused: importing it
/// would record an import of nothing. Readers call this after finding their columns, so a
/// wrong file is still reported by the column it lacks.
pub(crate) fn read_all<R: RowReader>(
    table: &Table,
    reader: &R,
) -> Result<Parsed<R::Record>, SourceError> {
    let blank = |record: &StringRecord| record.iter().all(|f| f.trim().is_empty());
    if table.rows().all(|(_, record)| blank(record)) {
        return Err(SourceError::NoRows {
            file: table.file.clone(),
        });
    }
    let mut records = Vec::with_capacity(table.len());
    let mut errors = Vec::new();
    let mut first_seen: HashMap<R::Key, u64> = HashMap::with_capacity(table.len());
    for (line, record) in table.rows() {
        let short_by_design = reader.ragged() && record.len() < table.headers.len();
        if let Some(error) = table.width_error(line, record).filter(|_| !short_by_design) {
            errors.push(error);
            continue;
        }
        let mut cells = Cells::new(table, line, record);
        let read = reader.read(&mut cells);
        if !cells.errors.is_empty() {
            cells.errors.sort_by_key(|(column, _)| *column);
            errors.extend(cells.errors.into_iter().map(|(_, error)| error));
            continue;
        }
        let Some(read) = read else { continue };
        match first_seen.entry(reader.key(&read)) {
            Entry::Occupied(first) => {
                let reason = format!(
                    "duplicate {} (first seen on line {})",
                    reader.describe(first.key()),
                    first.get()
                );
                errors.push(table.row_error(line, reader.key_column(), reason));
            }
            Entry::Vacant(slot) => {
                slot.insert(line);
                records.push(read);
            }
        }
    }
    Ok(Parsed {
        records,
        errors,
        rows: table.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_with_a_header_and_no_data_is_refused() {
        let header = "URN,School name,Ofsted phase,Type of education,Local authority,\
                      Overall effectiveness,Inspection start date";
        for ending in ["\n", "\r\n\r\n", "\n,,,,,,\n , \n"] {
            let text = format!("{header}{ending}");
            let error = crate::parse_ofsted("empty.csv", text.as_bytes()).unwrap_err();
            assert!(
                matches!(error, SourceError::NoRows { .. }),
                "{text:?}: {error}"
            );
            assert!(error.to_string().contains("no data rows"), "{error}");
        }
    }

    #[test]
    fn binary_files_are_described_in_words_not_bytes() {
        let cases: [(&[u8], &str); 6] = [
            (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook (.xlsx)"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Excel workbook"),
            (b"%PDF-1.7\n%\xE2\xE3", "PDF"),
            (b"\x1F\x8B\x08\x00", "gzip"),
            (b"\xFF\xFEU\x00R\x00N\x00", "UTF-16"),
            (b"URN,Name\n1,\x00\x01\x02\xFF\n", "binary data"),
        ];
        for (bytes, expected) in cases {
            let error = read_table("download.csv", bytes).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(expected), "{message}");
            assert!(
                message.starts_with("download.csv: this is not a CSV file"),
                "{message}"
            );
            assert!(
                message.chars().all(|c| !c.is_control() && c != '\u{FFFD}'),
                "{message:?} prints raw bytes"
            );
        }
    }

    use super::*;

    fn table(text: &str) -> Table {
        read_table("test.csv", text.as_bytes()).expect("readable table")
    }

    #[test]
    fn headers_match_whatever_their_case_spacing_or_punctuation() {
        assert_eq!(normalise_header("Group UID"), "groupuid");
        assert_eq!(normalise_header("group_uid"), "groupuid");
        assert_eq!(normalise_header("Group Uid"), "groupuid");
        assert_eq!(
            normalise_header("TypeOfEstablishment (name)"),
            "typeofestablishmentname"
        );
        assert_eq!(normalise_header("group_type__code_"), "grouptypecode");
        assert_eq!(
            normalise_header("% of pupils known to be eligible for free school meals"),
            "ofpupilsknowntobeeligibleforfreeschoolmeals"
        );
    }

    #[test]
    fn columns_are_found_by_name_and_alternatives_in_order() {
        let t = table("Academy URN,group_uid,Group Name\n1,2,x\n");
        assert_eq!(t.column(&["URN", "Academy URN"]), Some(0));
        assert_eq!(t.column(&["Group UID"]), Some(1));
        assert_eq!(t.column(&["Group Type"]), None);
    }

    #[test]
    fn an_unnamed_index_column_matches_nothing() {
        let t = table(",URN,Group UID\n0,100000,17101\n");
        assert_eq!(t.column(&["URN"]), Some(1));
        assert_eq!(t.column(&[""]), None);
    }

    #[test]
    fn rows_carry_their_physical_line_numbers() {
        for newline in ["\n", "\r\n"] {
            let text = "URN,Name|1,\"Two|lines\"||2,Three|3,Four".replace('|', newline);
            let lines: Vec<u64> = table(&text).rows().map(|(line, _)| line).collect();
            assert_eq!(lines, vec![2, 5, 6], "{newline:?}");
        }
    }

    #[test]
    fn a_missing_column_lists_the_headers_found() {
        let header: Vec<String> = (1..=12).map(|i| format!("C{i}")).collect();
        let t = table(&format!("{}\n", header.join(",")));
        let error = t.require(&["URN", "Academy URN"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "test.csv: missing required column \"URN\" (found columns: C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, ...)"
        );
    }

    #[test]
    fn empty_files_and_blank_headers_are_empty() {
        for text in ["", "\n\n", ",,\n"] {
            let error = read_table("x.csv", text.as_bytes()).unwrap_err();
            assert_eq!(
                error.to_string(),
                "x.csv: the file is empty or has no header row"
            );
        }
    }

    #[test]
    fn an_unclosed_quote_makes_the_file_malformed() {
        let error = read_table("x.csv", b"URN,Name\n1,\"Open\n2,Two\n3,Three\n").unwrap_err();
        assert!(
            matches!(error, SourceError::Malformed { line: 2, .. }),
            "{error}"
        );
    }

    #[test]
    fn an_unclosed_quote_in_the_header_makes_the_file_malformed() {
        let error = read_table("x.csv", b"URN,\"Name\n1,One\n").unwrap_err();
        assert!(
            matches!(error, SourceError::Malformed { line: 1, .. }),
            "{error}"
        );
    }

    #[test]
    fn a_stray_quote_inside_a_last_value_is_not_malformed() {
        let t = table("URN,Name\n1,St Mary\"s\n");
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn quoted_values_with_commas_quotes_and_newlines_are_fine() {
        let t = table("URN,Name\n1,\"Borough, Bankside \"\"and\"\"\nWalworth\"\n");
        let (_, row) = t.rows().next().unwrap();
        assert_eq!(&row[1], "Borough, Bankside \"and\"\nWalworth");
    }

    #[test]
    fn header_only_files_have_no_rows() {
        let t = table("URN,Name\n");
        assert!(t.is_empty());
        assert_eq!(t.headers().len(), 2);
    }
}
