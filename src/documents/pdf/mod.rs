//! Our small PDF layout layer over printpdf, and the documents made with it.
//!
//! [`PdfDoc`] lays out A4 pages top to bottom: headings, paragraphs wrapped with the real
//! glyph widths of the embedded font, key/value rows, bullets, tables, bordered boxes and
//! handwriting boxes; it breaks pages when the cursor reaches the bottom margin and writes
//! « Page n / N » in every footer. The font is DejaVu Sans (regular and bold), embedded
//! from `assets/fonts/` so the output never depends on the system's fonts; it covers
//! French (and much more).
//!
//! Coordinates are in points (1/72 in), with the PDF's origin at the bottom left.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
};

pub mod rescue_kit;
mod shapes;

pub use rescue_kit::{rescue_kit_pdf, RescueKit};
pub use shapes::{ArrowStyle, ShapeStyle, Tint};

const DEJAVU_SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A4, in points.
pub const PAGE_WIDTH: f32 = 595.276;
pub const PAGE_HEIGHT: f32 = 841.89;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 2.834_646;

pub fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// What can go wrong while producing a PDF. French text through `Display`, English
/// through [`PdfError::message_en`].
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("La police intégrée « {0} » est illisible : le PDF n'a pas pu être produit.")]
    Font(&'static str),

    #[error("Le PDF n'a pas pu être produit : {0}")]
    Render(String),
}

impl PdfError {
    pub fn message_en(&self) -> String {
        match self {
            PdfError::Font(name) => format!("The embedded font “{name}” cannot be read: the PDF could not be made."),
            PdfError::Render(why) => format!("The PDF could not be made: {why}"),
        }
    }

    /// Stable code for the window.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::Font(_) => "pdf_font",
            PdfError::Render(_) => "pdf_render",
        }
    }
}

// ------------------------------------------------------------------------- metrics

/// Regular or bold DejaVu Sans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Advance widths of a font's glyphs, read from its `cmap` and `hmtx` tables.
struct Metrics {
    units_per_em: f32,
    /// Glyph id and advance (in font units) of each character the font maps.
    glyphs: HashMap<char, (u16, u16)>,
    /// Advance of glyph 0 (`.notdef`), used for characters the font lacks.
    notdef: u16,
}

impl Metrics {
    fn parse(bytes: &[u8]) -> Option<Metrics> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::tables::cmap::Cmap;
        use allsorts::tables::{FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable};
        use allsorts::tag;

        let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
        let provider = font.table_provider(0).ok()?;
        let head = provider.read_table_data(tag::HEAD).ok()?;
        let head = ReadScope::new(&head).read::<HeadTable>().ok()?;
        let maxp = provider.read_table_data(tag::MAXP).ok()?;
        let maxp = ReadScope::new(&maxp).read::<MaxpTable>().ok()?;
        let hhea = provider.read_table_data(tag::HHEA).ok()?;
        let hhea = ReadScope::new(&hhea).read::<HheaTable>().ok()?;
        let hmtx_data = provider.read_table_data(tag::HMTX).ok()?;
        let hmtx = ReadScope::new(&hmtx_data)
            .read_dep::<HmtxTable<'_>>((usize::from(maxp.num_glyphs), usize::from(hhea.num_h_metrics)))
            .ok()?;
        let cmap_data = provider.read_table_data(tag::CMAP).ok()?;
        let cmap = ReadScope::new(&cmap_data).read::<Cmap<'_>>().ok()?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap).ok()??;

        let mut glyphs = HashMap::new();
        subtable
            .mappings_fn(|cp, gid| {
                if let (Some(c), Ok(adv)) = (char::from_u32(cp), hmtx.horizontal_advance(gid)) {
                    glyphs.insert(c, (gid, adv));
                }
            })
            .ok()?;
        Some(Metrics {
            units_per_em: f32::from(head.units_per_em),
            notdef: hmtx.horizontal_advance(0).unwrap_or(0),
            glyphs,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 =
            text.chars().map(|c| u32::from(self.glyphs.get(&c).map_or(self.notdef, |&(_, adv)| adv))).sum();
        units as f32 * size / self.units_per_em
    }
}

/// `bytes` reduced to the glyphs of `chars` (and `.notdef`), with a Unicode cmap: what
/// gets embedded. `None` if the font can't be subset (the whole font is embedded then).
fn subset_font(bytes: &[u8], metrics: &Metrics, chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset, CmapTarget, SubsetProfile};

    let mut ids: Vec<u16> = vec![0];
    let used: BTreeSet<u16> = chars.iter().filter_map(|c| metrics.glyphs.get(c).map(|&(gid, _)| gid)).collect();
    ids.extend(used.into_iter().filter(|&g| g != 0));
    let font = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let provider = font.table_provider(0).ok()?;
    subset(&provider, &ids, &SubsetProfile::Minimal, CmapTarget::Unicode).ok()
}

fn metrics(weight: Weight) -> Result<&'static Metrics, PdfError> {
    static REGULAR: OnceLock<Option<Metrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<Metrics>> = OnceLock::new();
    let (cell, bytes, name) = match weight {
        Weight::Regular => (&REGULAR, DEJAVU_SANS, "DejaVu Sans"),
        Weight::Bold => (&BOLD, DEJAVU_SANS_BOLD, "DejaVu Sans Bold"),
    };
    cell.get_or_init(|| Metrics::parse(bytes)).as_ref().ok_or(PdfError::Font(name))
}

/// Width in points of `text` set in DejaVu Sans of `weight` at `size` points.
pub fn text_width(text: &str, weight: Weight, size: f32) -> Result<f32, PdfError> {
    Ok(metrics(weight)?.width(text, size))
}

/// Splits `text` into lines no wider than `max_width` points when set in DejaVu Sans of
/// `weight` at `size` points. Breaks at spaces (never at the non-breaking spaces French
/// puts before « ; : ! ? »), keeps explicit line breaks, and cuts words longer than a
/// whole line between characters. An empty text gives no line.
pub fn wrap(text: &str, weight: Weight, size: f32, max_width: f32) -> Result<Vec<String>, PdfError> {
    let m = metrics(weight)?;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        let space = m.width(" ", size);
        for word in para.split([' ', '\t', '\r']).filter(|w| !w.is_empty()) {
            let word_width = m.width(word, size);
            if line.is_empty() {
                // fall through to placing the word below
            } else if line_width + space + word_width <= max_width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            } else {
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // a word longer than a line: cut it between characters
            let mut piece = String::new();
            let mut piece_width = 0.0;
            for c in word.chars() {
                let w = m.width(c.encode_utf8(&mut [0; 4]), size);
                if !piece.is_empty() && piece_width + w > max_width {
                    lines.push(std::mem::take(&mut piece));
                    piece_width = 0.0;
                }
                piece.push(c);
                piece_width += w;
            }
            line = piece;
            line_width = piece_width;
        }
        if !line.is_empty() {
            lines.push(line);
        } else if para.trim().is_empty() && !lines.is_empty() && text.contains('\n') {
            // an empty line between paragraphs is kept as such
            lines.push(String::new());
        }
    }
    Ok(lines)
}

// ------------------------------------------------------------------------- layout

/// Grey levels: 0 is black, 1 white.
const INK: f32 = 0.0;
const MUTED: f32 = 0.35;
const RULE: f32 = 0.55;

/// Blocks of at most this many lines are never split across pages.
const KEEP_TOGETHER_LINES: usize = 4;

/// How a run of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub weight: Weight,
    /// Grey level, 0 = black.
    pub grey: f32,
    /// Space kept after the block, in points.
    pub space_after: f32,
}

impl TextStyle {
    pub const BODY: TextStyle = TextStyle { size: 9.5, weight: Weight::Regular, grey: INK, space_after: 5.0 };
    pub const STRONG: TextStyle = TextStyle { size: 9.5, weight: Weight::Bold, grey: INK, space_after: 5.0 };
    pub const NOTE: TextStyle = TextStyle { size: 8.0, weight: Weight::Regular, grey: MUTED, space_after: 5.0 };
    pub const TITLE: TextStyle = TextStyle { size: 20.0, weight: Weight::Bold, grey: INK, space_after: 3.0 };
    pub const H2: TextStyle = TextStyle { size: 13.0, weight: Weight::Bold, grey: INK, space_after: 4.0 };
    pub const H3: TextStyle = TextStyle { size: 11.0, weight: Weight::Bold, grey: INK, space_after: 3.0 };

    fn line_height(&self) -> f32 {
        self.size * 1.3
    }
}

/// Page margins, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins { top: mm(18.0), bottom: mm(20.0), left: mm(20.0), right: mm(20.0) }
    }
}

/// A document being laid out, page after page. Every method draws at the cursor and
/// moves it down; [`PdfDoc::finish`] numbers the pages and serializes.
pub struct PdfDoc {
    doc: PdfDocument,
    regular: FontId,
    bold: FontId,
    /// Characters drawn in each weight, to embed only their glyphs.
    used_regular: BTreeSet<char>,
    used_bold: BTreeSet<char>,
    margins: Margins,
    footer: String,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page (points from the bottom edge).
    y: f32,
}

impl PdfDoc {
    /// A new document with one empty page. `title` goes in the PDF's metadata, with
    /// « Greffier » as creator and now as creation date.
    pub fn new(title: &str) -> Result<PdfDoc, PdfError> {
        // check the metrics early: a font that can't be measured can't be laid out
        metrics(Weight::Regular)?;
        metrics(Weight::Bold)?;
        let regular = ParsedFont::from_bytes(DEJAVU_SANS, 0, &mut Vec::new()).ok_or(PdfError::Font("DejaVu Sans"))?;
        let bold =
            ParsedFont::from_bytes(DEJAVU_SANS_BOLD, 0, &mut Vec::new()).ok_or(PdfError::Font("DejaVu Sans Bold"))?;
        let mut doc = PdfDocument::new(title);
        let now = pdf_now();
        let info = &mut doc.metadata.info;
        info.creation_date = now;
        info.modification_date = now;
        info.metadata_date = now;
        info.creator = format!("Greffier {}", crate::VERSION);
        info.producer = format!("Greffier {} (printpdf)", crate::VERSION);
        let regular = doc.add_font(&regular);
        let bold = doc.add_font(&bold);
        let margins = Margins::default();
        Ok(PdfDoc {
            doc,
            regular,
            bold,
            used_regular: BTreeSet::new(),
            used_bold: BTreeSet::new(),
            margins,
            footer: String::new(),
            pages: vec![Vec::new()],
            y: PAGE_HEIGHT - margins.top,
        })
    }

    /// Text written at the left of every footer (the page number is at the right).
    pub fn set_footer(&mut self, text: &str) {
        self.footer = text.to_string();
    }

    /// The PDF's subject and author metadata.
    pub fn set_subject(&mut self, subject: &str) {
        self.doc.metadata.info.subject = subject.to_string();
    }

    pub fn set_author(&mut self, author: &str) {
        self.doc.metadata.info.author = author.to_string();
    }

    pub fn margins(&self) -> Margins {
        self.margins
    }

    /// Width available between the margins.
    pub fn content_width(&self) -> f32 {
        PAGE_WIDTH - self.margins.left - self.margins.right
    }

    /// Height left above the bottom margin on the current page.
    pub fn remaining(&self) -> f32 {
        self.y - self.margins.bottom
    }

    /// Height available on an empty page.
    pub fn page_content_height(&self) -> f32 {
        PAGE_HEIGHT - self.margins.top - self.margins.bottom
    }

    /// Number of pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page.
    pub fn page_break(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_HEIGHT - self.margins.top;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure_space(&mut self, height: f32) {
        if height > self.remaining() && self.y < PAGE_HEIGHT - self.margins.top {
            self.page_break();
        }
    }

    /// Moves the cursor down (never across a page: at the bottom, it just stops).
    pub fn space(&mut self, height: f32) {
        self.y = (self.y - height).max(self.margins.bottom);
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a document always has a page")
    }

    fn record(&mut self, text: &str, weight: Weight) {
        match weight {
            Weight::Regular => self.used_regular.extend(text.chars()),
            Weight::Bold => self.used_bold.extend(text.chars()),
        }
    }

    fn font(&self, weight: Weight) -> PdfFontHandle {
        PdfFontHandle::External(match weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        })
    }

    /// Draws one line of text with its baseline at `baseline`, from `x`. No wrapping.
    pub fn draw_text(&mut self, text: &str, x: f32, baseline: f32, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        self.record(text, style.weight);
        let ops = Self::text_ops(self.font(style.weight), text, x, baseline, style);
        self.ops().extend(ops);
    }

    /// Wrapped text from `x`, at most `width` wide, breaking pages between lines.
    pub fn text_at(&mut self, text: &str, x: f32, width: f32, style: TextStyle) -> Result<(), PdfError> {
        let lines = wrap(text, style.weight, style.size, width)?;
        if lines.len() <= KEEP_TOGETHER_LINES {
            self.ensure_space(lines.len() as f32 * style.line_height());
        }
        for line in lines {
            self.ensure_space(style.line_height());
            let baseline = self.y - style.size;
            self.draw_text(&line, x, baseline, style);
            self.y -= style.line_height();
        }
        self.space(style.space_after);
        Ok(())
    }

    /// Wrapped text across the content width.
    pub fn text(&mut self, text: &str, style: TextStyle) -> Result<(), PdfError> {
        let (x, w) = (self.margins.left, self.content_width());
        self.text_at(text, x, w, style)
    }

    /// A paragraph of body text.
    pub fn paragraph(&mut self, text: &str) -> Result<(), PdfError> {
        self.text(text, TextStyle::BODY)
    }

    /// Small grey text (English subtitles, sources, notes).
    pub fn note(&mut self, text: &str) -> Result<(), PdfError> {
        self.text(text, TextStyle::NOTE)
    }

    /// A heading: level 1 is the document's title, 2 a section, 3 a subsection. A
    /// heading is never left alone at the bottom of a page.
    pub fn heading(&mut self, text: &str, level: u8) -> Result<(), PdfError> {
        let style = match level {
            0 | 1 => TextStyle::TITLE,
            2 => TextStyle::H2,
            _ => TextStyle::H3,
        };
        if level >= 2 {
            self.space(style.size * 0.6);
        }
        let lines = wrap(text, style.weight, style.size, self.content_width())?.len() as f32;
        self.ensure_space(lines * style.line_height() + 3.0 * TextStyle::BODY.line_height());
        self.text(text, style)
    }

    /// A heading followed, on the same line when there is room, by a small grey
    /// subtitle (typically its English translation).
    pub fn heading_with_subtitle(&mut self, text: &str, subtitle: &str, level: u8) -> Result<(), PdfError> {
        let style = match level {
            0 | 1 => TextStyle::TITLE,
            2 => TextStyle::H2,
            _ => TextStyle::H3,
        };
        let note = TextStyle { space_after: 0.0, ..TextStyle::NOTE };
        let gap = mm(3.0);
        let one_line =
            text_width(text, style.weight, style.size)? + gap + text_width(subtitle, note.weight, note.size)?
                <= self.content_width();
        if !one_line {
            self.heading(text, level)?;
            return self.note(subtitle);
        }
        if level >= 2 {
            self.space(style.size * 0.6);
        }
        self.ensure_space(style.line_height() + 3.0 * TextStyle::BODY.line_height());
        let baseline = self.y - style.size;
        let x = self.margins.left;
        self.draw_text(text, x, baseline, style);
        let x_sub = x + text_width(text, style.weight, style.size)? + gap;
        self.draw_text(subtitle, x_sub, baseline, note);
        self.y -= style.line_height();
        self.space(style.space_after);
        Ok(())
    }

    /// A bulleted paragraph.
    pub fn bullet(&mut self, text: &str) -> Result<(), PdfError> {
        self.list_item("•", text)
    }

    /// A list item: `marker` (« • », « 1. »…) in the margin, the text wrapped beside it.
    pub fn list_item(&mut self, marker: &str, text: &str) -> Result<(), PdfError> {
        let style = TextStyle { space_after: 2.0, ..TextStyle::BODY };
        let indent = mm(6.0);
        let lines = wrap(text, style.weight, style.size, self.content_width() - indent)?.len();
        self.ensure_space(lines.clamp(1, KEEP_TOGETHER_LINES) as f32 * style.line_height());
        let baseline = self.y - style.size;
        let x = self.margins.left;
        self.draw_text(marker, x + mm(1.0), baseline, style);
        let w = self.content_width() - indent;
        self.text_at(text, x + indent, w, style)
    }

    /// A « key : value » row: the key in bold in a left column, the value wrapped in the
    /// rest of the width. Both may take several lines; the row is kept on one page when
    /// it fits on one.
    pub fn key_value(&mut self, key: &str, value: &str) -> Result<(), PdfError> {
        let key_style = TextStyle { weight: Weight::Bold, space_after: 0.0, ..TextStyle::BODY };
        let value_style = TextStyle { space_after: 0.0, ..TextStyle::BODY };
        let key_width = mm(45.0);
        let gap = mm(3.0);
        let value_width = self.content_width() - key_width - gap;
        let keys = wrap(key, key_style.weight, key_style.size, key_width)?;
        let mut values = wrap(value, value_style.weight, value_style.size, value_width)?;
        if values.is_empty() {
            values.push("—".to_string());
        }
        let lh = value_style.line_height();
        let rows = keys.len().max(values.len());
        if (rows as f32) * lh <= self.page_content_height() {
            self.ensure_space(rows as f32 * lh);
        }
        let x_key = self.margins.left;
        let x_value = x_key + key_width + gap;
        for i in 0..rows {
            self.ensure_space(lh);
            let baseline = self.y - value_style.size;
            if let Some(k) = keys.get(i) {
                self.draw_text(k, x_key, baseline, key_style);
            }
            if let Some(v) = values.get(i) {
                self.draw_text(v, x_value, baseline, value_style);
            }
            self.y -= lh;
        }
        self.space(2.0);
        Ok(())
    }

    /// A horizontal rule across the content width.
    pub fn rule(&mut self) {
        self.ensure_space(6.0);
        let y = self.y - 3.0;
        let (x0, x1) = (self.margins.left, PAGE_WIDTH - self.margins.right);
        self.stroke_line(x0, y, x1, y, 0.5, RULE);
        self.y -= 6.0;
    }

    /// A straight line from (x0, y0) to (x1, y1).
    pub fn stroke_line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, thickness: f32, grey_level: f32) {
        let ops = line_ops(x0, y0, x1, y1, thickness, grey_level);
        self.ops().extend(ops);
    }

    /// A rectangle's outline; (x, y) is its bottom-left corner.
    pub fn stroke_rect(&mut self, x: f32, y: f32, width: f32, height: f32, thickness: f32, grey_level: f32) {
        self.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor { col: grey(grey_level) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(width),
                    height: Pt(height),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            },
            Op::RestoreGraphicsState,
        ]);
    }

    /// Wrapped text inside a bordered box across the content width (warnings, key
    /// points). A box taller than what is left starts on a new page; one taller than a
    /// page is drawn without its border, as plain text.
    pub fn boxed(&mut self, title: Option<&str>, text: &str, thickness: f32) -> Result<(), PdfError> {
        let pad = mm(4.0);
        let inner = self.content_width() - 2.0 * pad;
        let title_lines = match title {
            Some(t) => wrap(t, Weight::Bold, TextStyle::STRONG.size, inner)?,
            None => Vec::new(),
        };
        let body = TextStyle { space_after: 0.0, ..TextStyle::BODY };
        let lines = wrap(text, body.weight, body.size, inner)?;
        let lh = body.line_height();
        let height =
            2.0 * pad + (title_lines.len() + lines.len()) as f32 * lh + if title.is_some() { 2.0 } else { 0.0 };
        if height > self.page_content_height() {
            if let Some(t) = title {
                self.text(t, TextStyle::STRONG)?;
            }
            return self.text(text, TextStyle::BODY);
        }
        self.ensure_space(height);
        let top = self.y;
        let x = self.margins.left;
        self.stroke_rect(x, top - height, self.content_width(), height, thickness, INK);
        let mut y = top - pad;
        for t in &title_lines {
            self.draw_text(t, x + pad, y - body.size, TextStyle { weight: Weight::Bold, ..body });
            y -= lh;
        }
        if title.is_some() {
            y -= 2.0;
        }
        for l in &lines {
            self.draw_text(l, x + pad, y - body.size, body);
            y -= lh;
        }
        self.y = top - height;
        self.space(8.0);
        Ok(())
    }

    /// An empty bordered box for handwriting: a bold label, an optional small hint, and
    /// `lines` ruled lines to write on. Never split across pages.
    pub fn writing_box(&mut self, label: &str, hint: Option<&str>, lines: usize) -> Result<(), PdfError> {
        let pad = mm(4.0);
        let inner = self.content_width() - 2.0 * pad;
        let label_style = TextStyle { space_after: 0.0, ..TextStyle::H3 };
        let hint_style = TextStyle { space_after: 0.0, ..TextStyle::NOTE };
        let label_lines = wrap(label, label_style.weight, label_style.size, inner)?;
        let hint_lines = match hint {
            Some(h) => wrap(h, hint_style.weight, hint_style.size, inner)?,
            None => Vec::new(),
        };
        let line_gap = mm(10.0);
        let header =
            label_lines.len() as f32 * label_style.line_height() + hint_lines.len() as f32 * hint_style.line_height();
        let height = (2.0 * pad + header + lines as f32 * line_gap + mm(2.0)).min(self.page_content_height());
        self.ensure_space(height);
        let top = self.y;
        let x = self.margins.left;
        self.stroke_rect(x, top - height, self.content_width(), height, 1.5, INK);
        let mut y = top - pad;
        for l in &label_lines {
            self.draw_text(l, x + pad, y - label_style.size, label_style);
            y -= label_style.line_height();
        }
        for h in &hint_lines {
            self.draw_text(h, x + pad, y - hint_style.size, hint_style);
            y -= hint_style.line_height();
        }
        let bottom = top - height + pad;
        for _ in 0..lines {
            y -= line_gap;
            if y < bottom {
                break;
            }
            self.stroke_line(x + pad, y, x + pad + inner, y, 0.5, RULE);
        }
        self.y = top - height;
        self.space(8.0);
        Ok(())
    }

    /// A table with a bold header row repeated on every page; `widths` are fractions of
    /// the content width (one per column). Cells wrap; a row is kept on one page, unless
    /// it is taller than a whole page: then it goes on under the header of the next page.
    pub fn table(&mut self, headers: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Result<(), PdfError> {
        let n = headers.len();
        if n == 0 || widths.len() != n || rows.iter().any(|r| r.len() != n) {
            return Err(PdfError::Render("tableau mal formé (colonnes)".to_string()));
        }
        let total: f32 = widths.iter().sum();
        let pad = 3.0;
        let cols: Vec<f32> = widths.iter().map(|w| w / total * self.content_width()).collect();
        let head_style = TextStyle { size: 9.0, weight: Weight::Bold, grey: INK, space_after: 0.0 };
        let cell_style = TextStyle { size: 9.0, weight: Weight::Regular, grey: INK, space_after: 0.0 };
        let wrap_row = |cells: &[&str], style: TextStyle| -> Result<Vec<Vec<String>>, PdfError> {
            cells.iter().zip(&cols).map(|(c, w)| wrap(c, style.weight, style.size, w - 2.0 * pad)).collect()
        };
        let head = wrap_row(headers, head_style)?;
        let row_height = |cells: &[Vec<String>], style: TextStyle| {
            cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * style.line_height() + 2.0 * pad
        };
        let head_h = row_height(&head, head_style);
        let draw_row = |doc: &mut PdfDoc, cells: &[Vec<String>], style: TextStyle, h: f32| {
            let top = doc.y;
            let mut x = doc.margins.left;
            for (lines, w) in cells.iter().zip(&cols) {
                doc.stroke_rect(x, top - h, *w, h, 0.5, RULE);
                let mut y = top - pad;
                for l in lines {
                    doc.draw_text(l, x + pad, y - style.size, style);
                    y -= style.line_height();
                }
                x += w;
            }
            doc.y = top - h;
        };
        self.ensure_space(head_h + cell_style.line_height() + 2.0 * pad);
        draw_row(self, &head, head_style, head_h);
        let lh = cell_style.line_height();
        for row in rows {
            let mut cells = wrap_row(&row.iter().map(String::as_str).collect::<Vec<_>>(), cell_style)?;
            // true right after a page break: breaking again would not give more room
            let mut fresh = false;
            loop {
                let h = row_height(&cells, cell_style);
                if h <= self.remaining() {
                    draw_row(self, &cells, cell_style, h);
                    break;
                }
                // lines of the row that fit above the bottom margin here
                let fit = ((self.remaining() - 2.0 * pad) / lh).floor().max(0.0) as usize;
                if !fresh && (h <= self.page_content_height() - head_h || fit < KEEP_TOGETHER_LINES) {
                    // the row fits on a fresh page, or too little of it fits here
                    self.page_break();
                    draw_row(self, &head, head_style, head_h);
                    fresh = true;
                    continue;
                }
                // taller than a page: fill this one, the rest goes on the next page
                let fit = fit.max(1);
                let rest: Vec<Vec<String>> = cells.iter_mut().map(|c| c.split_off(fit.min(c.len()))).collect();
                let first_h = row_height(&cells, cell_style);
                draw_row(self, &cells, cell_style, first_h);
                self.page_break();
                draw_row(self, &head, head_style, head_h);
                fresh = true;
                cells = rest;
            }
        }
        self.space(8.0);
        Ok(())
    }

    /// Numbers the pages (« Page n / N »), writes the footers and serializes.
    pub fn finish(mut self) -> Result<Vec<u8>, PdfError> {
        let total = self.pages.len();
        let style = TextStyle { size: 8.0, weight: Weight::Regular, grey: MUTED, space_after: 0.0 };
        let baseline = self.margins.bottom - mm(10.0);
        let rule_y = self.margins.bottom - mm(6.0);
        let (left, right) = (self.margins.left, PAGE_WIDTH - self.margins.right);
        let footer = self.footer.clone();
        let widest_number = text_width(&format!("Page {total} / {total}"), style.weight, style.size)?;
        let footer = truncate_to_width(&footer, style.weight, style.size, right - left - widest_number - mm(8.0))?;
        let page_ops = std::mem::take(&mut self.pages);
        let mut pages = Vec::with_capacity(total);
        self.record(&footer, style.weight);
        self.record("Page 0123456789/", style.weight);
        for (i, mut ops) in page_ops.into_iter().enumerate() {
            let number = format!("Page {} / {}", i + 1, total);
            let width = text_width(&number, style.weight, style.size)?;
            let mut tail = PdfDoc::text_ops(self.font(style.weight), &footer, left, baseline, style);
            tail.extend(PdfDoc::text_ops(self.font(style.weight), &number, right - width, baseline, style));
            ops.extend(line_ops(left, rule_y, right, rule_y, 0.4, RULE));
            ops.extend(tail);
            pages.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
        }
        // embed only the glyphs used (printpdf doesn't subset without its layout feature)
        for (id, bytes, weight, used) in [
            (&self.regular, DEJAVU_SANS, Weight::Regular, &self.used_regular),
            (&self.bold, DEJAVU_SANS_BOLD, Weight::Bold, &self.used_bold),
        ] {
            let subset =
                subset_font(bytes, metrics(weight)?, used).and_then(|b| ParsedFont::from_bytes(&b, 0, &mut Vec::new()));
            if let Some(font) = subset {
                self.doc.resources.fonts.map.insert(id.clone(), PdfFont::new(font));
            }
        }
        let mut warnings = Vec::new();
        let bytes = self.doc.with_pages(pages).save(&PdfSaveOptions::default(), &mut warnings);
        if let Some(w) = warnings.iter().find(|w| w.severity == PdfParseErrorSeverity::Error) {
            return Err(PdfError::Render(w.msg.clone()));
        }
        Ok(bytes)
    }

    /// The operations that draw one line of text (none for an empty one).
    fn text_ops(font: PdfFontHandle, text: &str, x: f32, baseline: f32, style: TextStyle) -> Vec<Op> {
        if text.is_empty() {
            return Vec::new();
        }
        vec![
            Op::StartTextSection,
            Op::SetFillColor { col: grey(style.grey) },
            Op::SetFont { font, size: Pt(style.size) },
            Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(baseline) } },
            Op::ShowText { items: vec![TextItem::Text(text.to_string())] },
            Op::EndTextSection,
        ]
    }
}

/// `text` cut (with « … ») to fit in `max_width` points on one line.
pub fn truncate_to_width(text: &str, weight: Weight, size: f32, max_width: f32) -> Result<String, PdfError> {
    if text_width(text, weight, size)? <= max_width {
        return Ok(text.to_string());
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&format!("{out}…"), weight, size)? > max_width {
            out.pop();
            break;
        }
    }
    Ok(format!("{}…", out.trim_end()))
}

fn line_ops(x0: f32, y0: f32, x1: f32, y1: f32, thickness: f32, grey_level: f32) -> Vec<Op> {
    let p = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
    vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor { col: grey(grey_level) },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine { line: Line { points: vec![p(x0, y0), p(x1, y1)], is_closed: false } },
        Op::RestoreGraphicsState,
    ]
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale { percent: level.clamp(0.0, 1.0), icc_profile: None })
}

/// Now, for the PDF's metadata (UTC).
fn pdf_now() -> printpdf::DateTime {
    use chrono::{Datelike, Timelike};
    let now = chrono::Utc::now();
    printpdf::DateTime {
        date: printpdf::Date { year: now.year(), month: now.month() as u8, day: now.day() as u8 },
        time: printpdf::Time {
            hour: now.hour() as u8,
            minute: now.minute() as u8,
            second: now.second() as u8,
            millisecond: (now.nanosecond() / 1_000_000).min(999) as u16,
        },
        offset: printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        let w = text_width("Mairie d'Uzès", Weight::Regular, 10.0).unwrap();
        assert!(w > 50.0 && w < 90.0, "{w}");
        let bold = text_width("Mairie d'Uzès", Weight::Bold, 10.0).unwrap();
        assert!(bold > w);
        // 'i' is narrower than 'm'
        assert!(
            text_width("iiii", Weight::Regular, 10.0).unwrap() < text_width("mmmm", Weight::Regular, 10.0).unwrap()
        );
        // accented letters are measured, not .notdef
        let e = text_width("e", Weight::Regular, 10.0).unwrap();
        let e_acute = text_width("é", Weight::Regular, 10.0).unwrap();
        assert!((e - e_acute).abs() < 0.01, "{e} vs {e_acute}");
    }

    #[test]
    fn wrapped_lines_never_exceed_the_width() {
        let text = "Le responsable du traitement tient un registre des activités de traitement effectuées \
                    sous sa responsabilité ; ce registre comporte le nom et les coordonnées du responsable, \
                    les finalités du traitement, une description des catégories de personnes concernées. \
                    Anticonstitutionnellementéééééééééééééééééééé très-long-mot-composé-sans-espace-aucune.";
        for (weight, size, width) in
            [(Weight::Regular, 10.0, 200.0), (Weight::Bold, 13.0, 120.0), (Weight::Regular, 8.0, 60.0)]
        {
            let lines = wrap(text, weight, size, width).unwrap();
            assert!(lines.len() > 3);
            for l in &lines {
                let w = text_width(l, weight, size).unwrap();
                assert!(w <= width + 0.001, "{l:?} is {w} wide > {width}");
                assert!(!l.starts_with(' ') && !l.ends_with(' '), "{l:?}");
            }
            // nothing lost: same words, in order (long words may be cut)
            let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(joined, original);
        }
    }

    #[test]
    fn wrap_keeps_line_breaks_and_non_breaking_spaces() {
        let lines = wrap("Un\nDeux", Weight::Regular, 10.0, 500.0).unwrap();
        assert_eq!(lines, vec!["Un", "Deux"]);
        assert!(wrap("", Weight::Regular, 10.0, 100.0).unwrap().is_empty());
        let text = "Attention\u{a0}: mot\u{a0};";
        let lines = wrap(text, Weight::Regular, 10.0, 500.0).unwrap();
        assert_eq!(lines, vec![text.to_string()]);
    }

    #[test]
    fn a_table_row_taller_than_a_page_goes_on_over_the_next_pages() {
        let mut doc = PdfDoc::new("Essai").unwrap();
        doc.paragraph("Avant le tableau").unwrap();
        let long = "Une phrase assez longue pour remplir une cellule étroite. ".repeat(150);
        let rows = vec![
            vec!["court".to_string(), "court".to_string()],
            vec!["haut".to_string(), long],
            vec!["après".to_string(), String::new()],
        ];
        doc.table(&["A", "B"], &rows, &[0.3, 0.7]).unwrap();
        assert!(doc.page_count() >= 3, "{} pages", doc.page_count());
        assert!(doc.remaining() >= 0.0, "the cursor went below the bottom margin");
        // every drawn line stays above the bottom margin
        let bottom = doc.margins().bottom;
        for page in &doc.pages {
            for op in page {
                if let Op::SetTextCursor { pos } = op {
                    assert!(pos.y.0 >= bottom - 0.01, "text at {} below the margin {bottom}", pos.y.0);
                }
            }
        }
        assert!(doc.finish().unwrap().starts_with(b"%PDF-"));
    }

    #[test]
    fn a_document_is_a_pdf() {
        let mut doc = PdfDoc::new("Essai").unwrap();
        doc.heading("Titre", 1).unwrap();
        doc.paragraph("Bonjour").unwrap();
        let bytes = doc.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
