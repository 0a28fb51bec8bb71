//! Writes a [`BookOut`] as an OpenDocument spreadsheet (`.ods`, LibreOffice's own format
//! and the format of the CNIL template) with `spreadsheet-ods`.

use spreadsheet_ods::color::Rgb;
use spreadsheet_ods::format::FormatNumberStyle;
use spreadsheet_ods::style::units::{CellAlignVertical, FontSize, WrapOption};
use spreadsheet_ods::{CellStyle, CellStyleRef, Length, Sheet, ValueFormatDateTime, WorkBook};

use super::cnil::{BookOut, Style, Value};
use super::SheetError;

/// Centimetres per character of column width (LibreOffice's default column, 2.26 cm,
/// holds about ten characters of the default font).
const CM_PER_CHAR: f64 = 0.21;

struct Styles {
    text: CellStyleRef,
    bold: CellStyleRef,
    title: CellStyleRef,
    header: CellStyleRef,
    date: CellStyleRef,
}

fn styles(wb: &mut WorkBook) -> Styles {
    let mut date_format = ValueFormatDateTime::new_named("gr_date_format");
    date_format.part_day().style(FormatNumberStyle::Long).build();
    date_format.part_text("/").build();
    date_format.part_month().style(FormatNumberStyle::Long).build();
    date_format.part_text("/").build();
    date_format.part_year().style(FormatNumberStyle::Long).build();
    let date_format = wb.add_datetime_format(date_format);
    let plain = spreadsheet_ods::defaultstyles::DefaultFormat::default();

    let base = |name: &str, format| {
        let mut s = CellStyle::new(name, format);
        s.set_wrap_option(WrapOption::Wrap);
        s.set_vertical_align(CellAlignVertical::Top);
        s
    };
    let text = base("gr_text", &plain);
    let mut bold = base("gr_bold", &plain);
    bold.set_font_bold();
    let mut title = CellStyle::new("gr_title", &plain);
    title.set_font_bold();
    title.set_font_size(FontSize::Length(Length::Pt(14.0)));
    let mut header = base("gr_header", &plain);
    header.set_font_bold();
    header.set_background_color(Rgb::new(221, 231, 242));
    let date = base("gr_date", &date_format);
    Styles {
        text: wb.add_cellstyle(text),
        bold: wb.add_cellstyle(bold),
        title: wb.add_cellstyle(title),
        header: wb.add_cellstyle(header),
        date: wb.add_cellstyle(date),
    }
}

/// The workbook as `.ods` bytes.
pub(crate) fn write(book: &BookOut) -> Result<Vec<u8>, SheetError> {
    let mut wb = WorkBook::new_empty();
    let st = styles(&mut wb);
    for s in &book.sheets {
        let mut sheet = Sheet::new(&s.name);
        for (col, w) in s.widths.iter().enumerate() {
            sheet.set_col_width(col as u32, Length::Cm(f64::from(*w) * CM_PER_CHAR));
        }
        for c in &s.cells {
            let style = match (c.style, &c.value) {
                (_, Value::Date(_)) => &st.date,
                (Style::Text, _) => &st.text,
                (Style::Bold, _) => &st.bold,
                (Style::Title, _) => &st.title,
                (Style::Header, _) => &st.header,
            };
            let (row, col) = (c.row, u32::from(c.col));
            match &c.value {
                Value::Text(t) => sheet.set_styled_value(row, col, t.as_str(), style),
                Value::Date(d) => sheet.set_styled_value(row, col, *d, style),
                Value::Int(n) => sheet.set_styled_value(row, col, *n, style),
            }
        }
        wb.push_sheet(sheet);
    }
    spreadsheet_ods::write_ods_buf(&mut wb, Vec::new()).map_err(|e| SheetError::Ods(e.to_string()))
}
