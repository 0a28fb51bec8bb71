//! A document as a flow of blocks, written once and rendered three ways: PDF (our layout
//! layer), DOCX (Word, `docx-rs`) and ODT (OpenDocument text, our own writer).
//!
//! The reports write through [`DocWriter`], which both [`PdfDoc`] (drawing at once) and
//! [`FlowDoc`] (recording blocks) implement, so the register, the security report and the
//! AIPD report have one content and several formats. Drawings that only exist on paper (the
//! AIPD's risk map) go through [`DocWriter::pdf`]; the editable formats get a table instead.
//! The documents made for editing (information notice, confidentiality undertaking…) are
//! built as a [`FlowDoc`] directly and rendered with [`FlowDoc::to_pdf`].

use serde::Serialize;

use super::pdf::{PdfDoc, PdfError, TextStyle, Weight};

/// How a paragraph looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParaStyle {
    /// Body text.
    Body,
    /// Body text in bold.
    Strong,
    /// Small grey text: English subtitles, sources, notes.
    Note,
    /// A large bold line (a cover's title).
    Title,
}

/// One block of a document, in reading order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Block {
    /// Level 1 is the document's title, 2 a section, 3 a subsection.
    Heading {
        level: u8,
        text: String,
        subtitle: Option<String>,
    },
    Paragraph {
        text: String,
        style: ParaStyle,
    },
    /// Consecutive list items: each with its marker (« • », « 1. », « ☐ »…).
    List {
        items: Vec<(String, String)>,
    },
    /// Consecutive « key : value » rows (a two-column borderless table).
    KeyValues {
        rows: Vec<(String, String)>,
    },
    /// A table with a header row; `widths` are relative (one per column).
    Table {
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<f32>,
    },
    /// Text in a bordered box (warnings, key points).
    Boxed {
        title: Option<String>,
        text: String,
    },
    /// An empty box to write in by hand (or to type in, in the editable formats).
    WritingBox {
        label: String,
        hint: Option<String>,
        lines: usize,
    },
    /// A horizontal rule.
    Rule,
    PageBreak,
}

/// A document being recorded: metadata and blocks.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FlowDoc {
    /// The document's title (file metadata; the visible title is a level-1 heading).
    pub title: String,
    pub subject: String,
    pub author: String,
    /// Text at the left of every page footer (page numbers are added by the renderers).
    pub footer: String,
    pub blocks: Vec<Block>,
}

impl FlowDoc {
    pub fn new(title: &str) -> FlowDoc {
        FlowDoc { title: title.to_string(), ..FlowDoc::default() }
    }

    fn push_para(&mut self, text: &str, style: ParaStyle) {
        self.blocks.push(Block::Paragraph { text: text.to_string(), style });
    }

    /// Every text of the document, in order (headings, cells, items…): what a reader of
    /// any rendering must find. Used by tests and by the plain-text checks.
    pub fn plain_text(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Heading { text, subtitle, .. } => {
                    out.push(text.clone());
                    out.extend(subtitle.iter().cloned());
                }
                Block::Paragraph { text, .. } => out.push(text.clone()),
                Block::List { items } => out.extend(items.iter().map(|(_, t)| t.clone())),
                Block::KeyValues { rows } => {
                    for (k, v) in rows {
                        out.push(k.clone());
                        out.push(v.clone());
                    }
                }
                Block::Table { headers, rows, .. } => {
                    out.extend(headers.iter().cloned());
                    out.extend(rows.iter().flatten().cloned());
                }
                Block::Boxed { title, text } => {
                    out.extend(title.iter().cloned());
                    out.push(text.clone());
                }
                Block::WritingBox { label, hint, .. } => {
                    out.push(label.clone());
                    out.extend(hint.iter().cloned());
                }
                Block::Rule | Block::PageBreak => {}
            }
        }
        out
    }

    /// Replays the blocks on another writer (a [`PdfDoc`] to print it).
    pub fn replay(&self, w: &mut dyn DocWriter) -> Result<(), PdfError> {
        for b in &self.blocks {
            match b {
                Block::Heading { level, text, subtitle: None } => w.heading(text, *level)?,
                Block::Heading { level, text, subtitle: Some(s) } => w.heading_with_subtitle(text, s, *level)?,
                Block::Paragraph { text, style } => w.styled(text, *style)?,
                Block::List { items } => {
                    for (m, t) in items {
                        w.list_item(m, t)?;
                    }
                }
                Block::KeyValues { rows } => {
                    for (k, v) in rows {
                        w.key_value(k, v)?;
                    }
                }
                Block::Table { headers, rows, widths } => {
                    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
                    w.table(&h, rows, widths)?;
                }
                Block::Boxed { title, text } => w.boxed(title.as_deref(), text, 1.0)?,
                Block::WritingBox { label, hint, lines } => w.writing_box(label, hint.as_deref(), *lines)?,
                Block::Rule => w.rule(),
                Block::PageBreak => w.page_break(),
            }
        }
        Ok(())
    }

    /// The document as a PDF (A4, our layout layer).
    pub fn to_pdf(&self) -> Result<Vec<u8>, PdfError> {
        let mut doc = PdfDoc::new(&self.title)?;
        doc.set_subject(&self.subject);
        doc.set_author(&self.author);
        doc.set_footer(&self.footer);
        self.replay(&mut doc)?;
        doc.finish()
    }
}

/// What a report writes with. The methods are those of [`PdfDoc`]; a [`FlowDoc`] records
/// them as blocks. Errors only come from the PDF side (fonts, layout).
pub trait DocWriter {
    fn set_footer(&mut self, text: &str);
    fn set_subject(&mut self, subject: &str);
    fn set_author(&mut self, author: &str);
    fn heading(&mut self, text: &str, level: u8) -> Result<(), PdfError>;
    fn heading_with_subtitle(&mut self, text: &str, subtitle: &str, level: u8) -> Result<(), PdfError>;
    /// A paragraph in one of the [`ParaStyle`]s.
    fn styled(&mut self, text: &str, style: ParaStyle) -> Result<(), PdfError>;
    fn paragraph(&mut self, text: &str) -> Result<(), PdfError> {
        self.styled(text, ParaStyle::Body)
    }
    fn note(&mut self, text: &str) -> Result<(), PdfError> {
        self.styled(text, ParaStyle::Note)
    }
    fn bullet(&mut self, text: &str) -> Result<(), PdfError> {
        self.list_item("•", text)
    }
    fn list_item(&mut self, marker: &str, text: &str) -> Result<(), PdfError>;
    fn key_value(&mut self, key: &str, value: &str) -> Result<(), PdfError>;
    /// `widths` are relative, one per column.
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Result<(), PdfError>;
    fn boxed(&mut self, title: Option<&str>, text: &str, thickness: f32) -> Result<(), PdfError>;
    fn writing_box(&mut self, label: &str, hint: Option<&str>, lines: usize) -> Result<(), PdfError>;
    fn rule(&mut self);
    fn page_break(&mut self);
    /// Vertical space in points; ignored by the editable formats (they space by style).
    fn space(&mut self, height: f32);
    /// The PDF being drawn, for what only exists on paper (vector drawings, exact
    /// positions); `None` for the editable formats, which write a fallback instead.
    fn pdf(&mut self) -> Option<&mut PdfDoc>;
}

impl DocWriter for PdfDoc {
    fn set_footer(&mut self, text: &str) {
        PdfDoc::set_footer(self, text);
    }
    fn set_subject(&mut self, subject: &str) {
        PdfDoc::set_subject(self, subject);
    }
    fn set_author(&mut self, author: &str) {
        PdfDoc::set_author(self, author);
    }
    fn heading(&mut self, text: &str, level: u8) -> Result<(), PdfError> {
        PdfDoc::heading(self, text, level)
    }
    fn heading_with_subtitle(&mut self, text: &str, subtitle: &str, level: u8) -> Result<(), PdfError> {
        PdfDoc::heading_with_subtitle(self, text, subtitle, level)
    }
    fn styled(&mut self, text: &str, style: ParaStyle) -> Result<(), PdfError> {
        match style {
            ParaStyle::Body => PdfDoc::paragraph(self, text),
            ParaStyle::Note => PdfDoc::note(self, text),
            ParaStyle::Strong => PdfDoc::text(self, text, TextStyle::STRONG),
            ParaStyle::Title => PdfDoc::text(self, text, TextStyle::TITLE),
        }
    }
    fn list_item(&mut self, marker: &str, text: &str) -> Result<(), PdfError> {
        PdfDoc::list_item(self, marker, text)
    }
    fn key_value(&mut self, key: &str, value: &str) -> Result<(), PdfError> {
        PdfDoc::key_value(self, key, value)
    }
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Result<(), PdfError> {
        PdfDoc::table(self, headers, rows, widths)
    }
    fn boxed(&mut self, title: Option<&str>, text: &str, thickness: f32) -> Result<(), PdfError> {
        PdfDoc::boxed(self, title, text, thickness)
    }
    fn writing_box(&mut self, label: &str, hint: Option<&str>, lines: usize) -> Result<(), PdfError> {
        PdfDoc::writing_box(self, label, hint, lines)
    }
    fn rule(&mut self) {
        PdfDoc::rule(self);
    }
    fn page_break(&mut self) {
        PdfDoc::page_break(self);
    }
    fn space(&mut self, height: f32) {
        PdfDoc::space(self, height);
    }
    fn pdf(&mut self) -> Option<&mut PdfDoc> {
        Some(self)
    }
}

impl DocWriter for FlowDoc {
    fn set_footer(&mut self, text: &str) {
        self.footer = text.to_string();
    }
    fn set_subject(&mut self, subject: &str) {
        self.subject = subject.to_string();
    }
    fn set_author(&mut self, author: &str) {
        self.author = author.to_string();
    }
    fn heading(&mut self, text: &str, level: u8) -> Result<(), PdfError> {
        self.blocks.push(Block::Heading { level: level.clamp(1, 3), text: text.to_string(), subtitle: None });
        Ok(())
    }
    fn heading_with_subtitle(&mut self, text: &str, subtitle: &str, level: u8) -> Result<(), PdfError> {
        self.blocks.push(Block::Heading {
            level: level.clamp(1, 3),
            text: text.to_string(),
            subtitle: Some(subtitle.to_string()),
        });
        Ok(())
    }
    fn styled(&mut self, text: &str, style: ParaStyle) -> Result<(), PdfError> {
        self.push_para(text, style);
        Ok(())
    }
    fn list_item(&mut self, marker: &str, text: &str) -> Result<(), PdfError> {
        let item = (marker.to_string(), text.to_string());
        match self.blocks.last_mut() {
            Some(Block::List { items }) => items.push(item),
            _ => self.blocks.push(Block::List { items: vec![item] }),
        }
        Ok(())
    }
    fn key_value(&mut self, key: &str, value: &str) -> Result<(), PdfError> {
        let row = (key.to_string(), value.to_string());
        match self.blocks.last_mut() {
            Some(Block::KeyValues { rows }) => rows.push(row),
            _ => self.blocks.push(Block::KeyValues { rows: vec![row] }),
        }
        Ok(())
    }
    fn table(&mut self, headers: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Result<(), PdfError> {
        let n = headers.len();
        if n == 0 || widths.len() != n || rows.iter().any(|r| r.len() != n) {
            return Err(PdfError::Render("tableau mal formé (colonnes)".to_string()));
        }
        self.blocks.push(Block::Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows.to_vec(),
            widths: widths.to_vec(),
        });
        Ok(())
    }
    fn boxed(&mut self, title: Option<&str>, text: &str, _thickness: f32) -> Result<(), PdfError> {
        self.blocks.push(Block::Boxed { title: title.map(str::to_string), text: text.to_string() });
        Ok(())
    }
    fn writing_box(&mut self, label: &str, hint: Option<&str>, lines: usize) -> Result<(), PdfError> {
        self.blocks.push(Block::WritingBox { label: label.to_string(), hint: hint.map(str::to_string), lines });
        Ok(())
    }
    fn rule(&mut self) {
        self.blocks.push(Block::Rule);
    }
    fn page_break(&mut self) {
        // a break at the very start, or twice in a row, makes an empty page in a word processor
        if !matches!(self.blocks.last(), None | Some(Block::PageBreak)) {
            self.blocks.push(Block::PageBreak);
        }
    }
    fn space(&mut self, _height: f32) {}
    fn pdf(&mut self) -> Option<&mut PdfDoc> {
        None
    }
}

/// The weight a [`ParaStyle`] is drawn in (for renderers that pick fonts).
pub fn weight_of(style: ParaStyle) -> Weight {
    match style {
        ParaStyle::Strong | ParaStyle::Title => Weight::Bold,
        ParaStyle::Body | ParaStyle::Note => Weight::Regular,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_rows_and_items_merge_into_one_block() {
        let mut d = FlowDoc::new("t");
        d.key_value("a", "1").unwrap();
        d.key_value("b", "2").unwrap();
        d.bullet("x").unwrap();
        d.bullet("y").unwrap();
        d.paragraph("p").unwrap();
        d.bullet("z").unwrap();
        assert_eq!(d.blocks.len(), 4);
        assert!(matches!(&d.blocks[0], Block::KeyValues { rows } if rows.len() == 2));
        assert!(matches!(&d.blocks[1], Block::List { items } if items.len() == 2));
        assert!(matches!(&d.blocks[3], Block::List { items } if items.len() == 1));
    }

    #[test]
    fn malformed_tables_are_refused_and_page_breaks_never_repeat() {
        let mut d = FlowDoc::new("t");
        d.page_break();
        assert!(d.blocks.is_empty());
        assert!(d.table(&["a", "b"], &[vec!["1".into()]], &[1.0, 1.0]).is_err());
        assert!(d.table(&["a"], &[], &[1.0, 2.0]).is_err());
        d.paragraph("x").unwrap();
        d.page_break();
        d.page_break();
        assert_eq!(d.blocks.iter().filter(|b| matches!(b, Block::PageBreak)).count(), 1);
    }

    #[test]
    fn a_flow_renders_as_a_pdf_with_its_text() {
        let mut d = FlowDoc::new("Essai");
        d.heading("Titre du document", 1).unwrap();
        d.key_value("Organisme", "Boulangerie").unwrap();
        d.table(&["A", "B"], &[vec!["un".into(), "deux".into()]], &[1.0, 2.0]).unwrap();
        d.writing_box("Signature", None, 2).unwrap();
        let pdf = d.to_pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert!(d.plain_text().contains(&"Boulangerie".to_string()));
    }
}
