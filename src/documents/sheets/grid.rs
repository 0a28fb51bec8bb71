//! Opening a file someone hands us as a spreadsheet: what it is (by its content, never by
//! its name), whether we can read it, and its sheets as plain grids of cells.
//!
//! Refusals come first and cost little: size, the zip directory (truncated, encrypted,
//! another kind of document), the old Office container (password-protected workbooks are
//! stored there), text that is not a table. Only then is the file parsed.

use std::io::Cursor;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::import::{CellIssue, ImportError};
use super::words;

/// Largest file accepted: 20 Mo (a register of thousands of processings is far smaller).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Most rows accepted in one sheet.
pub const MAX_ROWS: usize = 10_000;

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as the user sees it (dates as `jj/mm/aaaa`, whole numbers without `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => words::date_fr(*d),
            Cell::Bool(b) => if *b { "Oui" } else { "Non" }.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a date: a date cell, a spreadsheet serial number, or a typed date.
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Number(n) if (1.0..2_958_466.0).contains(n) => serial_date(*n),
            Cell::Text(t) => words::date(t),
            _ => None,
        }
    }
}

/// Days since 1899-12-30, the spreadsheet epoch (serials from 61 on, as all real dates are).
fn serial_date(serial: f64) -> Option<NaiveDate> {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    epoch.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// One sheet: rows of cells, and where its first cell sits (for `B7` addresses).
#[derive(Clone, Debug)]
pub(crate) struct Grid {
    pub name: String,
    /// Absolute (row, column) of `rows[0][0]`.
    pub origin: (u32, u32),
    pub rows: Vec<Vec<Cell>>,
}

const EMPTY: Cell = Cell::Empty;

impl Grid {
    pub fn height(&self) -> usize {
        self.rows.len()
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    pub fn text(&self, row: usize, col: usize) -> String {
        self.cell(row, col).text()
    }

    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }

    /// The spreadsheet address of a cell, e.g. `B7`.
    pub fn addr(&self, row: usize, col: usize) -> String {
        let mut c = self.origin.1 as usize + col + 1;
        let mut letters = Vec::new();
        while c > 0 {
            let rem = (c - 1) % 26;
            letters.push(b'A' + rem as u8);
            c = (c - 1) / 26;
        }
        letters.reverse();
        format!("{}{}", String::from_utf8_lossy(&letters), self.origin.0 as usize + row + 1)
    }
}

/// What the file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Ods,
    Xlsx,
    Xlsb,
    Xls,
    Csv,
}

/// An opened file: its sheets, and remarks about the reading itself (such as a CSV read
/// as Windows-1252).
#[derive(Clone, Debug)]
pub(crate) struct Workbook {
    pub format: Format,
    pub sheets: Vec<Grid>,
    pub notes: Vec<CellIssue>,
}

fn not_spreadsheet(found_fr: &'static str, found_en: &'static str) -> ImportError {
    ImportError::NotASpreadsheet { found_fr, found_en }
}

/// Opens `bytes` as a spreadsheet. `file_name` only names the sheet of a CSV file.
pub(crate) fn load(bytes: &[u8], file_name: &str) -> Result<Workbook, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooBig { bytes: bytes.len() as u64 });
    }
    let wb = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        load_zip(bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        load_cfb(bytes)?
    } else if let Some((fr, en)) = binary_kind(bytes) {
        return Err(not_spreadsheet(fr, en));
    } else {
        load_text(bytes, file_name)?
    };
    if wb.sheets.iter().all(Grid::is_blank) {
        return Err(ImportError::Empty);
    }
    if let Some(g) = wb.sheets.iter().find(|g| g.height() > MAX_ROWS) {
        return Err(ImportError::TooManyRows { sheet: g.name.clone(), rows: g.height() });
    }
    Ok(wb)
}

/// Common non-spreadsheet files people pick by mistake.
fn binary_kind(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let kinds: &[(&[u8], &str, &str)] = &[
        (b"\x89PNG", "une image PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "une image JPEG", "a JPEG image"),
        (b"GIF8", "une image GIF", "a GIF image"),
        (b"%PDF", "un document PDF", "a PDF document"),
        (b"{\\rtf", "un document RTF", "an RTF document"),
        (b"\x1F\x8B", "une archive compressée (gzip)", "a compressed archive (gzip)"),
        (b"Rar!", "une archive RAR", "a RAR archive"),
        (b"7z\xBC\xAF", "une archive 7-Zip", "a 7-Zip archive"),
        (b"GRF", "un dossier Greffier chiffré", "an encrypted Greffier dossier"),
    ];
    kinds.iter().find(|(magic, _, _)| bytes.starts_with(magic)).map(|&(_, fr, en)| (fr, en))
}

struct ZipEntry {
    name: String,
    encrypted: bool,
}

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i..i + 2).map(|s| usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i..i + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize)
}

fn corrupted(detail_fr: &str) -> ImportError {
    ImportError::Corrupted { detail: detail_fr.to_string() }
}

/// The names in a zip's central directory; `Ok(None)` for a ZIP64 file, left to the parser.
fn zip_entries(b: &[u8]) -> Result<Option<Vec<ZipEntry>>, ImportError> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let lowest = b.len().saturating_sub(22 + 65_535);
    let eocd = (lowest..=b.len().saturating_sub(22))
        .rev()
        .find(|&i| b[i..].starts_with(EOCD))
        .ok_or_else(|| corrupted("la fin de l'archive manque, le fichier est tronqué"))?;
    let (count, size, offset) = match (u16_at(b, eocd + 10), u32_at(b, eocd + 12), u32_at(b, eocd + 16)) {
        (Some(c), Some(s), Some(o)) => (c, s, o),
        _ => return Err(corrupted("le sommaire de l'archive est illisible")),
    };
    if offset == 0xFFFF_FFFF || count == 0xFFFF {
        return Ok(None);
    }
    if offset.checked_add(size).is_none_or(|end| end > eocd) {
        return Err(corrupted("le sommaire de l'archive renvoie hors du fichier"));
    }
    let mut entries = Vec::with_capacity(count);
    let mut at = offset;
    for _ in 0..count {
        if !b.get(at..).is_some_and(|rest| rest.starts_with(b"PK\x01\x02")) {
            return Err(corrupted("le sommaire de l'archive est abîmé"));
        }
        let (flags, name_len, extra_len, comment_len) =
            match (u16_at(b, at + 8), u16_at(b, at + 28), u16_at(b, at + 30), u16_at(b, at + 32)) {
                (Some(f), Some(n), Some(e), Some(c)) => (f, n, e, c),
                _ => return Err(corrupted("le sommaire de l'archive est abîmé")),
            };
        let name = b.get(at + 46..at + 46 + name_len).ok_or_else(|| corrupted("le sommaire de l'archive est abîmé"))?;
        entries.push(ZipEntry { name: String::from_utf8_lossy(name).into_owned(), encrypted: flags & 1 == 1 });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(Some(entries))
}

/// The `mimetype` of an OpenDocument file: its first entry, stored uncompressed.
fn odf_mimetype(b: &[u8]) -> Option<String> {
    let (method, size, name_len, extra_len) = (u16_at(b, 8)?, u32_at(b, 18)?, u16_at(b, 26)?, u16_at(b, 28)?);
    if method != 0 || b.get(30..30 + name_len)? != b"mimetype" {
        return None;
    }
    let start = 30 + name_len + extra_len;
    b.get(start..start + size).map(|m| String::from_utf8_lossy(m).trim().to_string())
}

fn load_zip(b: &[u8]) -> Result<Workbook, ImportError> {
    let format = match zip_entries(b)? {
        None => None,
        Some(entries) => {
            if entries.is_empty() {
                return Err(ImportError::Empty);
            }
            if entries.iter().any(|e| e.encrypted) {
                return Err(ImportError::Encrypted);
            }
            let has = |name: &str| entries.iter().any(|e| e.name == name);
            let under = |dir: &str| entries.iter().any(|e| e.name.starts_with(dir));
            if has("mimetype") || has("content.xml") {
                match odf_mimetype(b).as_deref() {
                    Some("application/vnd.oasis.opendocument.spreadsheet") => Some(Format::Ods),
                    None if has("content.xml") => Some(Format::Ods),
                    Some("application/vnd.oasis.opendocument.text") => {
                        return Err(not_spreadsheet(
                            "un document texte OpenDocument (.odt)",
                            "an OpenDocument text document (.odt)",
                        ))
                    }
                    _ => {
                        return Err(not_spreadsheet(
                            "un document OpenDocument qui n'est pas un classeur",
                            "an OpenDocument file that is not a spreadsheet",
                        ))
                    }
                }
            } else if has("[Content_Types].xml") && under("xl/") {
                if has("xl/workbook.bin") {
                    Some(Format::Xlsb)
                } else {
                    Some(Format::Xlsx)
                }
            } else if under("word/") {
                return Err(not_spreadsheet("un document Word (.docx)", "a Word document (.docx)"));
            } else if under("ppt/") {
                return Err(not_spreadsheet(
                    "une présentation PowerPoint (.pptx)",
                    "a PowerPoint presentation (.pptx)",
                ));
            } else if under("Index/") && entries.iter().any(|e| e.name.ends_with(".iwa")) {
                return Err(not_spreadsheet(
                    "un classeur Numbers (exportez-le d'abord au format Excel .xlsx)",
                    "a Numbers spreadsheet (export it to Excel .xlsx first)",
                ));
            } else {
                return Err(not_spreadsheet("une archive ZIP", "a ZIP archive"));
            }
        }
    };
    let cursor = Cursor::new(b);
    match format {
        Some(Format::Ods) => read_with::<Ods<_>>(cursor, Format::Ods),
        Some(Format::Xlsb) => read_with::<Xlsb<_>>(cursor, Format::Xlsb),
        Some(_) => read_with::<Xlsx<_>>(cursor, Format::Xlsx),
        None => {
            read_with::<Xlsx<_>>(cursor.clone(), Format::Xlsx).or_else(|_| read_with::<Ods<_>>(cursor, Format::Ods))
        }
    }
}

fn load_cfb(b: &[u8]) -> Result<Workbook, ImportError> {
    // An encrypted .xlsx/.ods from Office is stored in this container with an
    // « EncryptedPackage » stream (its name in UTF-16).
    let marker: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if b.windows(marker.len()).any(|w| w == marker.as_slice()) {
        return Err(ImportError::Encrypted);
    }
    read_with::<Xls<_>>(Cursor::new(b), Format::Xls).map_err(|e| match e {
        ImportError::Encrypted => e,
        _ => not_spreadsheet(
            "un ancien document Office qui n'est pas un classeur Excel lisible",
            "an old Office document that is not a readable Excel workbook",
        ),
    })
}

/// What a calamine error means for the user.
fn calamine_error(e: calamine::Error) -> ImportError {
    use calamine::{Error, OdsError, XlsError};
    match e {
        Error::Ods(OdsError::Password) | Error::Xls(XlsError::Password) => ImportError::Encrypted,
        other => ImportError::Corrupted { detail: other.to_string() },
    }
}

fn read_with<'a, R>(cursor: Cursor<&'a [u8]>, format: Format) -> Result<Workbook, ImportError>
where
    R: Reader<Cursor<&'a [u8]>>,
    calamine::Error: From<R::Error>,
{
    let mut wb = R::new(cursor).map_err(|e| calamine_error(e.into()))?;
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| calamine_error(e.into()))?;
        sheets.push(grid_of(name, &range));
    }
    Ok(Workbook { format, sheets, notes: Vec::new() })
}

/// The sheet in absolute coordinates (row 0 = row 1 of the sheet), so that indices in a
/// [`ColumnMapping`](super::ColumnMapping) match what the user sees; a sheet whose data
/// start very far away keeps its offset instead of being padded.
fn grid_of(name: String, range: &Range<Data>) -> Grid {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows = range.rows().map(|r| r.iter().map(cell_of).collect());
    if r0 as usize <= MAX_ROWS && c0 <= 1_000 {
        let pad = |mut row: Vec<Cell>| {
            row.splice(0..0, std::iter::repeat_n(Cell::Empty, c0 as usize));
            row
        };
        let rows = std::iter::repeat_n(Vec::new(), r0 as usize).chain(rows.map(pad)).collect();
        Grid { name, origin: (0, 0), rows }
    } else {
        Grid { name, origin: (r0, c0), rows: rows.collect() }
    }
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map(Cell::Date)
                .unwrap_or(Cell::Number(dt.as_f64()))
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// Windows-1252 bytes 0x80–0x9F (the rest of the upper half is Latin-1); `None` for the
/// five unassigned bytes.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Decodes Windows-1252 (what Excel writes for « CSV (séparateur : point-virgule) » on a
/// French Windows); `None` if a byte is unassigned there.
fn decode_cp1252(b: &[u8]) -> Option<String> {
    b.iter()
        .map(|&x| match x {
            0x80..=0x9F => CP1252_HIGH[usize::from(x - 0x80)],
            _ => Some(char::from(x)),
        })
        .collect()
}

/// The separator of a CSV file: the most frequent of `;`, `,` and tab on its first line.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut in_quotes = false;
    let (mut semi, mut comma, mut tab) = (0, 0, 0);
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ';' if !in_quotes => semi += 1,
            ',' if !in_quotes => comma += 1,
            '\t' if !in_quotes => tab += 1,
            _ => {}
        }
    }
    if tab > semi && tab > comma {
        b'\t'
    } else if comma > semi {
        b','
    } else {
        b';'
    }
}

fn load_text(b: &[u8], file_name: &str) -> Result<Workbook, ImportError> {
    let mut notes = Vec::new();
    let sheet = std::path::Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "CSV".to_string());
    let text = if let Some(rest) = b.strip_prefix(&[0xFF, 0xFE]).or_else(|| b.strip_prefix(&[0xFE, 0xFF])) {
        // UTF-16, as Excel's « Texte Unicode » export writes it.
        let little = b[0] == 0xFF;
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if little {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| ImportError::NotUtf8)?
    } else {
        let b = b.strip_prefix("\u{feff}".as_bytes()).unwrap_or(b);
        match std::str::from_utf8(b) {
            Ok(t) => t.to_string(),
            Err(_) if b.contains(&0) => return Err(not_spreadsheet("un fichier binaire", "a binary file")),
            Err(_) => {
                let t = decode_cp1252(b).ok_or(ImportError::NotUtf8)?;
                notes.push(CellIssue {
                    sheet: sheet.clone(),
                    cell: String::new(),
                    value: String::new(),
                    message_fr: "Ce fichier CSV n'est pas en UTF-8 : il a été lu comme un fichier Windows \
                                 (Windows-1252). Vérifiez que les accents sont corrects ; sinon, enregistrez-le \
                                 en « CSV UTF-8 » et importez-le à nouveau."
                        .to_string(),
                    message_en: "This CSV file is not UTF-8: it was read as a Windows file (Windows-1252). \
                                 Check that accented letters are right; otherwise save it as \"CSV UTF-8\" and \
                                 import it again."
                        .to_string(),
                });
                t
            }
        }
    };
    let controls = text.chars().filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')).count();
    if text.contains('\0') || controls * 100 > text.chars().count().max(1) {
        return Err(not_spreadsheet("un fichier binaire", "a binary file"));
    }
    let lines = text.lines().count();
    if lines > MAX_ROWS + 1 {
        return Err(ImportError::TooManyRows { sheet, rows: lines });
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Corrupted { detail: e.to_string() })?;
        rows.push(
            record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect(),
        );
    }
    Ok(Workbook { format: Format::Csv, sheets: vec![Grid { name: sheet, origin: (0, 0), rows }], notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let g = Grid { name: "x".into(), origin: (0, 0), rows: vec![] };
        assert_eq!(g.addr(0, 0), "A1");
        assert_eq!(g.addr(6, 1), "B7");
        assert_eq!(g.addr(0, 25), "Z1");
        assert_eq!(g.addr(0, 26), "AA1");
        assert_eq!(g.addr(9, 701), "ZZ10");
        let shifted = Grid { name: "x".into(), origin: (2, 1), rows: vec![] };
        assert_eq!(shifted.addr(0, 0), "B3");
    }

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(Cell::Number(5.0).text(), "5");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
        assert_eq!(Cell::Number(43598.0).date(), NaiveDate::from_ymd_opt(2019, 5, 13));
        assert_eq!(Cell::Text("13/05/2019".into()).date(), NaiveDate::from_ymd_opt(2019, 5, 13));
        assert!(Cell::Text("  ".into()).is_empty());
    }

    #[test]
    fn windows_1252() {
        assert_eq!(decode_cp1252(b"Salari\xe9s \x80 \x9c").as_deref(), Some("Salariés € œ"));
        assert_eq!(decode_cp1252(b"\x81"), None);
        assert_eq!(sniff_delimiter("a,b;c,d\n"), b',');
        assert_eq!(sniff_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("nom\n"), b';');
    }
}
