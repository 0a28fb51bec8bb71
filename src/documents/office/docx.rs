//! A [`FlowDoc`] as a Word document (DOCX), with `docx-rs`.
//!
//! A4, 2 cm margins, Arial (LibreOffice shows Liberation Sans), French language; real
//! paragraph styles (Title, Heading 1–3, Normal, Note) so that Word's navigation pane and
//! LibreOffice's navigator list the headings; a footer with the document's footer text and
//! « Page X / Y ». What `docx-rs` 0.4.22 cannot say is patched into its XML parts before
//! zipping: the repeated table header row (`w:tblHeader`), the language (`w:lang`) and the
//! core properties (title, subject, author, application).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footer, LineSpacing, NumPages, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, RunFonts, Shading, ShdType, SpecialIndentType, Style,
    StyleType, Tab, TabValueType, Table, TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins,
    TableLayoutType, TableRow, WidthType,
};

use super::xmltext::{self, Piece};
use super::RenderError;
use crate::documents::flow::{Block, FlowDoc, ParaStyle};

/// A4 in twentieths of a point.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// 2 cm.
const MARGIN: i32 = 1134;
/// The text width: 21 cm − 2 × 2 cm = 17 cm.
pub(crate) const TEXT_W: u32 = PAGE_W - 2 * MARGIN as u32;
const FONT: &str = "Arial";
const GREY: &str = "666666";
const BORDER: &str = "8C8C8C";
const LIGHT_BORDER: &str = "C8C8C8";
const HEADER_FILL: &str = "DCE3EA";

fn err(detail: impl ToString) -> RenderError {
    RenderError::Office { format: "DOCX", detail: detail.to_string() }
}

/// The DOCX bytes of `doc`.
pub fn to_docx(doc: &FlowDoc) -> Result<Vec<u8>, RenderError> {
    let mut docx = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 567,
            footer: 567,
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(20)
        .default_spacing(0);
    for s in styles() {
        docx = docx.add_style(s);
    }
    docx = docx.footer(footer(&doc.footer));
    for b in &doc.blocks {
        docx = add_block(docx, b);
    }
    // an empty body still needs one paragraph (Word refuses a section alone)
    if doc.blocks.is_empty() {
        docx = docx.add_paragraph(Paragraph::new());
    }

    let mut xml = docx.build();
    xml.styles = set_language(&xml.styles)?;
    xml.document = mark_header_rows(&xml.document)?;
    xml.doc_props.core = core_xml(doc).into_bytes();
    xml.doc_props.app = APP_XML.as_bytes().to_vec();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(err)?;
    deflate(&out.into_inner())
}

/// The same package compressed (`docx-rs` stores its parts as they are: a 150-row table
/// would weigh 25 times more) and without directory entries.
fn deflate(stored: &[u8]) -> Result<Vec<u8>, RenderError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(err)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(err)?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().map_err(err)?.to_string();
        out.start_file(name, options).map_err(err)?;
        std::io::copy(&mut part, &mut out).map_err(err)?;
    }
    Ok(out.finish().map_err(err)?.into_inner())
}

fn styles() -> Vec<Style> {
    let para = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
    };
    let heading = |level: usize, size: usize, before: u32| {
        para(&format!("Heading{level}"), &format!("heading {level}"))
            .bold()
            .size(size)
            .color("1F3A5F")
            .outline_lvl(level - 1)
            .line_spacing(LineSpacing::new().before(before).after(80))
    };
    vec![
        para("Title", "Title").bold().size(36).line_spacing(LineSpacing::new().before(0).after(160)),
        heading(1, 30, 240),
        heading(2, 26, 240),
        heading(3, 22, 180),
        para("BodyText", "Body Text").size(20).line_spacing(LineSpacing::new().before(0).after(100)),
        para("TableContents", "Table Contents").size(20).line_spacing(LineSpacing::new().before(0).after(0)),
        para("Note", "Note").size(16).color(GREY).line_spacing(LineSpacing::new().before(0).after(100)),
        para("Footer", "footer").size(16).color(GREY),
    ]
}

/// The runs of `text` (line breaks and tabs kept), added to `p`.
fn with_text(mut p: Paragraph, text: &str, bold: bool) -> Paragraph {
    let cleaned = xmltext::clean(text);
    for piece in xmltext::pieces(&cleaned) {
        let run = match piece {
            Piece::Text(t) => docx_rs::Run::new().add_text(t),
            Piece::Break => docx_rs::Run::new().add_break(BreakType::TextWrapping),
            Piece::Tab => docx_rs::Run::new().add_tab(),
        };
        p = p.add_run(if bold { run.bold() } else { run });
    }
    p
}

fn para(style: &str, text: &str, bold: bool) -> Paragraph {
    with_text(Paragraph::new().style(style), text, bold)
}

fn footer(text: &str) -> Footer {
    let p = with_text(Paragraph::new().style("Footer"), text, false)
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_W as usize))
        .add_run(docx_rs::Run::new().add_tab().add_text("Page "))
        .add_page_num(PageNum::new())
        .add_run(docx_rs::Run::new().add_text(" / "))
        .add_num_pages(NumPages::new());
    Footer::new().add_paragraph(p)
}

fn borders(color: &str, size: usize) -> TableBorders {
    let b = |pos| TableBorder::new(pos).border_type(BorderType::Single).size(size).color(color);
    TableBorders::new()
        .set(b(TableBorderPosition::Top))
        .set(b(TableBorderPosition::Bottom))
        .set(b(TableBorderPosition::Left))
        .set(b(TableBorderPosition::Right))
        .set(b(TableBorderPosition::InsideH))
        .set(b(TableBorderPosition::InsideV))
}

/// A fixed-layout table over the text width.
fn table(rows: Vec<TableRow>, widths: &[u32], color: &str) -> Table {
    Table::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(TEXT_W as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders(color, 4))
        .margins(TableCellMargins::new().margin(60, 100, 60, 100))
}

fn cell(width: u32) -> TableCell {
    TableCell::new().width(width as usize, WidthType::Dxa)
}

/// A paragraph after a table, so two tables never merge into one.
fn spacer() -> Paragraph {
    Paragraph::new().style("BodyText")
}

fn add_block(docx: Docx, b: &Block) -> Docx {
    match b {
        Block::Heading { level, text, subtitle } => {
            let level = (*level).clamp(1, 3);
            let mut d = docx.add_paragraph(para(&format!("Heading{level}"), text, false).keep_next(true));
            if let Some(s) = subtitle {
                d = d.add_paragraph(para("Note", s, false));
            }
            d
        }
        Block::Paragraph { text, style } => docx.add_paragraph(match style {
            ParaStyle::Body => para("BodyText", text, false),
            ParaStyle::Strong => para("BodyText", text, true),
            ParaStyle::Note => para("Note", text, false),
            ParaStyle::Title => para("Title", text, false),
        }),
        Block::List { items } => items.iter().fold(docx, |d, (marker, text)| {
            let p = Paragraph::new()
                .style("BodyText")
                .indent(Some(425), Some(SpecialIndentType::Hanging(340)), None, None)
                .add_tab(Tab::new().val(TabValueType::Left).pos(425));
            let p = with_text(p, &format!("{marker}\t"), false);
            d.add_paragraph(with_text(p, text, false))
        }),
        Block::KeyValues { rows } => {
            let w = xmltext::split_widths(&[1.0, 2.0], 2, TEXT_W);
            let trs = rows
                .iter()
                .map(|(k, v)| {
                    TableRow::new(vec![
                        cell(w[0]).add_paragraph(para("TableContents", k, true)),
                        cell(w[1]).add_paragraph(para("TableContents", v, false)),
                    ])
                })
                .collect::<Vec<_>>();
            if trs.is_empty() {
                return docx;
            }
            docx.add_table(table(trs, &w, LIGHT_BORDER)).add_paragraph(spacer())
        }
        Block::Table { headers, rows, widths } => {
            let n = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
            let w = xmltext::split_widths(widths, n, TEXT_W);
            let text_at = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
            let header = TableRow::new(
                (0..n)
                    .map(|i| {
                        cell(w[i])
                            .shading(Shading::new().shd_type(ShdType::Clear).color("auto").fill(HEADER_FILL))
                            .add_paragraph(para("TableContents", &text_at(headers, i), true).keep_next(true))
                    })
                    .collect(),
            )
            .cant_split();
            let mut trs = vec![header];
            trs.extend(rows.iter().map(|r| {
                TableRow::new(
                    (0..n).map(|i| cell(w[i]).add_paragraph(para("TableContents", &text_at(r, i), false))).collect(),
                )
            }));
            docx.add_table(table(trs, &w, BORDER)).add_paragraph(spacer())
        }
        Block::Boxed { title, text } => {
            let mut c = cell(TEXT_W);
            if let Some(t) = title {
                c = c.add_paragraph(para("TableContents", t, true));
            }
            c = c.add_paragraph(para("TableContents", text, false));
            docx.add_table(table(vec![TableRow::new(vec![c])], &[TEXT_W], BORDER)).add_paragraph(spacer())
        }
        Block::WritingBox { label, hint, lines } => {
            let mut c = cell(TEXT_W).add_paragraph(para("TableContents", label, true));
            if let Some(h) = hint {
                c = c.add_paragraph(para("Note", h, false));
            }
            // a sane bound: a box is at most about a page
            for _ in 0..(*lines).clamp(1, 60) {
                c = c.add_paragraph(Paragraph::new().style("TableContents"));
            }
            docx.add_table(table(vec![TableRow::new(vec![c])], &[TEXT_W], BORDER)).add_paragraph(spacer())
        }
        Block::Rule => {
            let mut p = Paragraph::new().style("BodyText");
            // only the bottom border (the default set has all four)
            p.property = p.property.set_borders(ParagraphBorders::with_empty().set(
                ParagraphBorder::new(ParagraphBorderPosition::Bottom).val(BorderType::Single).size(6).color(BORDER),
            ));
            docx.add_paragraph(p)
        }
        Block::PageBreak => docx.add_paragraph(
            Paragraph::new().align(AlignmentType::Left).add_run(docx_rs::Run::new().add_break(BreakType::Page)),
        ),
    }
}

fn utf8(part: &[u8], name: &str) -> Result<String, RenderError> {
    String::from_utf8(part.to_vec()).map_err(|_| err(format!("{name} n'est pas en UTF-8")))
}

/// `w:lang` in the default run properties (before their closing tag: it is the last of
/// the elements `docx-rs` writes there).
fn set_language(styles: &[u8]) -> Result<Vec<u8>, RenderError> {
    let s = utf8(styles, "styles.xml")?;
    let lang = r#"<w:lang w:val="fr-FR" w:eastAsia="fr-FR" w:bidi="ar-SA" />"#;
    let Some(start) = s.find("<w:rPrDefault>") else {
        return Err(err("styles.xml sans rPrDefault"));
    };
    let Some(end) = s[start..].find("</w:rPr>").map(|i| start + i) else {
        return Err(err("styles.xml sans rPr par défaut"));
    };
    Ok(format!("{}{lang}{}", &s[..end], &s[end..]).into_bytes())
}

/// Header rows are the only rows written with `cantSplit`: they also repeat on each page.
fn mark_header_rows(document: &[u8]) -> Result<Vec<u8>, RenderError> {
    let s = utf8(document, "document.xml")?;
    Ok(s.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />").into_bytes())
}

fn core_xml(doc: &FlowDoc) -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    let e = xmltext::escape;
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" "#,
            r#"xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" "#,
            r#"xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject><dc:creator>{author}</dc:creator>",
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>fr-FR</dc:language><cp:revision>1</cp:revision>",
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = e(&doc.title),
        subject = e(&doc.subject),
        author = e(&doc.author),
        now = now,
    )
}

const APP_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
    r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
    "<Application>Greffier</Application></Properties>"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_are_marked_and_the_language_is_french() {
        let mut d = FlowDoc::new("Essai & co");
        d.author = "Boulangerie <Dupont>".into();
        d.blocks.push(Block::Table { headers: vec!["A".into(), "B".into()], rows: vec![], widths: vec![1.0, 1.0] });
        let bytes = to_docx(&d).unwrap();
        assert!(bytes.starts_with(b"PK"));
        let mut x = Docx::new().add_style(styles().remove(0)).build();
        x.styles = set_language(&x.styles).unwrap();
        assert!(String::from_utf8(x.styles).unwrap().contains(r#"<w:lang w:val="fr-FR""#));
        let core = core_xml(&d);
        assert!(core.contains("<dc:creator>Boulangerie &lt;Dupont&gt;</dc:creator>"));
        assert!(core.contains("<dc:title>Essai &amp; co</dc:title>"));
    }
}
