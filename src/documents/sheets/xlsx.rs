//! Writes a [`BookOut`] as an Office Open XML workbook (`.xlsx`, Excel's format) with
//! `rust_xlsxwriter`.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook};

use super::cnil::{BookOut, Style, Value};
use super::SheetError;

/// Excel refuses a cell of more than 32,767 characters; a longer text is cut (with « … »)
/// rather than failing the whole export.
const MAX_CELL_CHARS: usize = 32_767;

fn err(e: rust_xlsxwriter::XlsxError) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

/// The workbook as `.xlsx` bytes.
pub(crate) fn write(book: &BookOut) -> Result<Vec<u8>, SheetError> {
    let base = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let text = base.clone();
    let bold = base.clone().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let header = base.clone().set_bold().set_background_color(0xDDE7F2);
    let date = base.set_num_format("dd/mm/yyyy");

    let mut wb = Workbook::new();
    for s in &book.sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(err)?;
        for (col, w) in s.widths.iter().enumerate() {
            ws.set_column_width(col as u16, f64::from(*w)).map_err(err)?;
        }
        for c in &s.cells {
            let format = match (c.style, &c.value) {
                (_, Value::Date(_)) => &date,
                (Style::Text, _) => &text,
                (Style::Bold, _) => &bold,
                (Style::Title, _) => &title,
                (Style::Header, _) => &header,
            };
            match &c.value {
                Value::Text(t) if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS => {
                    let cut: String = t.chars().take(MAX_CELL_CHARS - 1).chain(['…']).collect();
                    ws.write_string_with_format(c.row, c.col, &cut, format).map_err(err)?
                }
                Value::Text(t) => ws.write_string_with_format(c.row, c.col, t, format).map_err(err)?,
                Value::Date(d) => {
                    let year = u16::try_from(d.year()).map_err(|_| SheetError::Xlsx(format!("date {d}")))?;
                    let day = ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).map_err(err)?;
                    ws.write_date_with_format(c.row, c.col, day, format).map_err(err)?
                }
                // Counts of persons are far below 2^53: exact as a spreadsheet number.
                Value::Int(n) => ws.write_number_with_format(c.row, c.col, *n as f64, format).map_err(err)?,
            };
        }
    }
    wb.save_to_buffer().map_err(err)
}
