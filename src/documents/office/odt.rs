//! A [`FlowDoc`] as an OpenDocument text (ODT): our own writer.
//!
//! The package is a zip: `mimetype` first and stored (no compression, no extra field, so
//! that tools recognise the type from the first bytes), then the manifest, `content.xml`
//! (the blocks), `styles.xml` (A4 page, 2 cm margins, the footer with « Page X / Y », named
//! paragraph styles Title, Heading 1–3 with outline levels, Text body, Note) and `meta.xml`.
//! Headings are `text:h` with their outline level, so LibreOffice's navigator lists them;
//! the header row of a table is a `table:table-header-rows`, repeated on each page.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

use super::xmltext::{self, Piece};
use super::RenderError;
use crate::documents::flow::{Block, FlowDoc, ParaStyle};

pub(crate) const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";
/// The text width in thousandths of a centimetre (21 cm − 2 × 2 cm).
const TEXT_W: u32 = 17_000;

const NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" "#,
    r#"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" "#,
    r#"xmlns:dc="http://purl.org/dc/elements/1.1/" "#,
    r#"xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3""#
);

const FONTS: &str = concat!(
    "<office:font-face-decls>",
    r#"<style:font-face style:name="Arial" svg:font-family="Arial" style:font-family-generic="swiss" style:font-pitch="variable"/>"#,
    "</office:font-face-decls>"
);

fn err(detail: impl ToString) -> RenderError {
    RenderError::Office { format: "ODT", detail: detail.to_string() }
}

/// The ODT bytes of `doc`.
pub fn to_odt(doc: &FlowDoc) -> Result<Vec<u8>, RenderError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let parts: [(&str, String, SimpleFileOptions); 5] = [
        ("mimetype", MIMETYPE.to_string(), stored),
        ("META-INF/manifest.xml", MANIFEST.to_string(), deflated),
        ("content.xml", content_xml(doc), deflated),
        ("styles.xml", styles_xml(&doc.footer), deflated),
        ("meta.xml", meta_xml(doc), deflated),
    ];
    for (name, text, options) in parts {
        zip.start_file(name, options).map_err(err)?;
        zip.write_all(text.as_bytes()).map_err(err)?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}

const MANIFEST: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8"?>"#,
    r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">"#,
    r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>"#,
    r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
    r#"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#,
    r#"<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>"#,
    "</manifest:manifest>"
);

fn meta_xml(doc: &FlowDoc) -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S");
    let e = xmltext::escape;
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ns}><office:meta>"#,
            "<meta:generator>Greffier/{version}</meta:generator>",
            "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>",
            "<meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator>",
            "<meta:creation-date>{now}</meta:creation-date><dc:date>{now}</dc:date>",
            "<dc:language>fr-FR</dc:language></office:meta></office:document-meta>"
        ),
        ns = NS,
        version = env!("CARGO_PKG_VERSION"),
        title = e(&doc.title),
        subject = e(&doc.subject),
        author = e(&doc.author),
        now = now,
    )
}

fn styles_xml(footer: &str) -> String {
    let para = |name: &str, display: &str, parent: &str, extra: &str, props: &str| {
        format!(
            r#"<style:style style:name="{name}" style:display-name="{display}" style:family="paragraph" style:parent-style-name="{parent}" {extra}>{props}</style:style>"#
        )
    };
    let heading = |level: u8, size: &str, before: &str| {
        para(
            &format!("Heading_20_{level}"),
            &format!("Heading {level}"),
            "Heading",
            &format!(
                r#"style:next-style-name="Text_20_body" style:default-outline-level="{level}" style:class="text""#
            ),
            &format!(
                r#"<style:paragraph-properties fo:margin-top="{before}" fo:margin-bottom="0.14cm"/><style:text-properties fo:font-size="{size}" style:font-size-complex="{size}"/>"#
            ),
        )
    };
    let mut s = String::with_capacity(8192);
    s.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = write!(s, "<office:document-styles {NS}>{FONTS}<office:styles>");
    s.push_str(concat!(
        r#"<style:default-style style:family="paragraph"><style:paragraph-properties style:writing-mode="page"/>"#,
        r#"<style:text-properties style:font-name="Arial" fo:font-size="10pt" fo:language="fr" fo:country="FR" "#,
        r#"style:font-name-complex="Arial" style:font-size-complex="10pt"/></style:default-style>"#,
        r#"<style:style style:name="Standard" style:family="paragraph" style:class="text"/>"#,
    ));
    s.push_str(&para(
        "Text_20_body",
        "Text body",
        "Standard",
        r#"style:class="text""#,
        r#"<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.18cm"/>"#,
    ));
    s.push_str(&para(
        "Heading",
        "Heading",
        "Standard",
        r#"style:next-style-name="Text_20_body" style:class="text""#,
        concat!(
            r#"<style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.14cm" fo:keep-with-next="always"/>"#,
            r##"<style:text-properties fo:color="#1f3a5f" fo:font-weight="bold" style:font-weight-complex="bold"/>"##
        ),
    ));
    s.push_str(&heading(1, "15pt", "0.42cm"));
    s.push_str(&heading(2, "13pt", "0.42cm"));
    s.push_str(&heading(3, "11pt", "0.32cm"));
    s.push_str(&para(
        "Title",
        "Title",
        "Heading",
        r#"style:next-style-name="Text_20_body" style:class="chapter""#,
        r##"<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.28cm"/><style:text-properties fo:color="#000000" fo:font-size="18pt" style:font-size-complex="18pt"/>"##,
    ));
    s.push_str(&para(
        "Note",
        "Note",
        "Standard",
        r#"style:class="text""#,
        r##"<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.18cm"/><style:text-properties fo:color="#666666" fo:font-size="8pt" style:font-size-complex="8pt"/>"##,
    ));
    s.push_str(&para("Table_20_Contents", "Table Contents", "Standard", r#"style:class="extra""#, ""));
    s.push_str(&para(
        "Table_20_Heading",
        "Table Heading",
        "Table_20_Contents",
        r#"style:class="extra""#,
        r#"<style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/>"#,
    ));
    s.push_str(&para(
        "Footer",
        "Footer",
        "Standard",
        r#"style:class="extra""#,
        concat!(
            r#"<style:paragraph-properties><style:tab-stops><style:tab-stop style:position="17cm" style:type="right"/></style:tab-stops></style:paragraph-properties>"#,
            r##"<style:text-properties fo:color="#666666" fo:font-size="8pt" style:font-size-complex="8pt"/>"##
        ),
    ));
    s.push_str("</office:styles><office:automatic-styles>");
    s.push_str(concat!(
        r#"<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" "#,
        r#"style:print-orientation="portrait" fo:margin-top="2cm" fo:margin-bottom="1cm" fo:margin-left="2cm" fo:margin-right="2cm"/>"#,
        r#"<style:header-style/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>"#,
        "</style:page-layout></office:automatic-styles><office:master-styles>",
        r#"<style:master-page style:name="Standard" style:page-layout-name="pm1"><style:footer><text:p text:style-name="Footer">"#
    ));
    s.push_str(&inline(footer));
    s.push_str(concat!(
        r#"<text:tab/>Page <text:page-number text:select-page="current">1</text:page-number> / <text:page-count>1</text:page-count>"#,
        "</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"
    ));
    s
}

/// The automatic styles every content.xml has (tables add theirs).
const FIXED_AUTOMATIC: &str = concat!(
    r#"<style:style style:name="P_Strong" style:family="paragraph" style:parent-style-name="Text_20_body">"#,
    r#"<style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>"#,
    r#"<style:style style:name="P_Key" style:family="paragraph" style:parent-style-name="Table_20_Contents">"#,
    r#"<style:text-properties fo:font-weight="bold" style:font-weight-complex="bold"/></style:style>"#,
    r#"<style:style style:name="P_List" style:family="paragraph" style:parent-style-name="Text_20_body">"#,
    r#"<style:paragraph-properties fo:margin-left="0.75cm" fo:text-indent="-0.6cm" fo:margin-bottom="0.08cm"/></style:style>"#,
    r#"<style:style style:name="P_Rule" style:family="paragraph" style:parent-style-name="Text_20_body">"#,
    r#"<style:paragraph-properties fo:border-top="none" fo:border-left="none" fo:border-right="none" "#,
    r#"fo:border-bottom="0.75pt solid #8c8c8c" fo:padding-bottom="0.05cm"/></style:style>"#,
    r#"<style:style style:name="P_Break" style:family="paragraph" style:parent-style-name="Standard">"#,
    r#"<style:paragraph-properties fo:break-after="page"/></style:style>"#,
    r##"<style:style style:name="C_Head" style:family="table-cell"><style:table-cell-properties fo:background-color="#dce3ea" "##,
    r#"fo:padding="0.1cm" fo:border="0.5pt solid #8c8c8c"/></style:style>"#,
    r#"<style:style style:name="C_Body" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" "#,
    r#"fo:border="0.5pt solid #8c8c8c"/></style:style>"#,
    r#"<style:style style:name="C_Light" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" "#,
    r#"fo:border="0.5pt solid #c8c8c8"/></style:style>"#,
);

/// Text as ODF inline content: escaped, line breaks and tabs as elements, runs of spaces
/// as `text:s` (ODF collapses plain spaces).
fn inline(text: &str) -> String {
    let cleaned = xmltext::clean(text);
    let mut out = String::with_capacity(cleaned.len() + 16);
    // true at the start of the element and after a break or tab: a space there is dropped
    let mut at_start = true;
    for piece in xmltext::pieces(&cleaned) {
        match piece {
            Piece::Break => {
                out.push_str("<text:line-break/>");
                at_start = true;
            }
            Piece::Tab => {
                out.push_str("<text:tab/>");
                at_start = true;
            }
            Piece::Text(t) => {
                let mut spaces = 0usize;
                let flush = |out: &mut String, spaces: &mut usize, at_start: bool| {
                    if *spaces == 0 {
                        return;
                    }
                    if at_start {
                        let _ = write!(out, r#"<text:s text:c="{spaces}"/>"#);
                    } else {
                        out.push(' ');
                        if *spaces > 1 {
                            let _ = write!(out, r#"<text:s text:c="{}"/>"#, *spaces - 1);
                        }
                    }
                    *spaces = 0;
                };
                for c in t.chars() {
                    if c == ' ' {
                        spaces += 1;
                        continue;
                    }
                    flush(&mut out, &mut spaces, at_start);
                    at_start = false;
                    match c {
                        '&' => out.push_str("&amp;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '"' => out.push_str("&quot;"),
                        '\'' => out.push_str("&apos;"),
                        c => out.push(c),
                    }
                }
                flush(&mut out, &mut spaces, at_start);
                at_start = false;
            }
        }
    }
    out
}

fn p(out: &mut String, style: &str, text: &str) {
    let _ = write!(out, r#"<text:p text:style-name="{style}">{}</text:p>"#, inline(text));
}

/// Writes the body and collects the tables' automatic styles.
struct Body {
    text: String,
    styles: String,
    tables: usize,
}

impl Body {
    /// Opens a table of `widths` (thousandths of a centimetre); returns its name.
    fn open_table(&mut self, widths: &[u32]) -> String {
        self.tables += 1;
        let name = format!("Tableau{}", self.tables);
        let _ = write!(
            self.styles,
            r#"<style:style style:name="{name}" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0cm" fo:margin-bottom="0.25cm"/></style:style>"#
        );
        let _ = write!(self.text, r#"<table:table table:name="{name}" table:style-name="{name}">"#);
        for (i, w) in widths.iter().enumerate() {
            let _ = write!(
                self.styles,
                r#"<style:style style:name="{name}.C{i}" style:family="table-column"><style:table-column-properties style:column-width="{}.{:03}cm"/></style:style>"#,
                w / 1000,
                w % 1000
            );
            let _ = write!(self.text, r#"<table:table-column table:style-name="{name}.C{i}"/>"#);
        }
        name
    }

    fn row(&mut self, cells: &[(&str, &str, &str)]) {
        self.text.push_str("<table:table-row>");
        for (cell_style, para_style, text) in cells {
            let _ =
                write!(self.text, r#"<table:table-cell table:style-name="{cell_style}" office:value-type="string">"#);
            p(&mut self.text, para_style, text);
            self.text.push_str("</table:table-cell>");
        }
        self.text.push_str("</table:table-row>");
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Heading { level, text, subtitle } => {
                let level = (*level).clamp(1, 3);
                let _ = write!(
                    self.text,
                    r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{}</text:h>"#,
                    inline(text)
                );
                if let Some(s) = subtitle {
                    p(&mut self.text, "Note", s);
                }
            }
            Block::Paragraph { text, style } => {
                let style = match style {
                    ParaStyle::Body => "Text_20_body",
                    ParaStyle::Strong => "P_Strong",
                    ParaStyle::Note => "Note",
                    ParaStyle::Title => "Title",
                };
                p(&mut self.text, style, text);
            }
            Block::List { items } => {
                for (marker, text) in items {
                    let _ = write!(
                        self.text,
                        r#"<text:p text:style-name="P_List">{}<text:tab/>{}</text:p>"#,
                        inline(marker),
                        inline(text)
                    );
                }
            }
            Block::KeyValues { rows } => {
                if rows.is_empty() {
                    return;
                }
                self.open_table(&xmltext::split_widths(&[1.0, 2.0], 2, TEXT_W));
                for (k, v) in rows {
                    self.row(&[("C_Light", "P_Key", k), ("C_Light", "Table_20_Contents", v)]);
                }
                self.text.push_str("</table:table>");
            }
            Block::Table { headers, rows, widths } => {
                let n = headers.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
                self.open_table(&xmltext::split_widths(widths, n, TEXT_W));
                fn at(r: &[String], i: usize) -> &str {
                    r.get(i).map_or("", String::as_str)
                }
                self.text.push_str("<table:table-header-rows>");
                let head: Vec<_> = (0..n).map(|i| ("C_Head", "Table_20_Heading", at(headers, i))).collect();
                self.row(&head);
                self.text.push_str("</table:table-header-rows>");
                for r in rows {
                    let cells: Vec<_> = (0..n).map(|i| ("C_Body", "Table_20_Contents", at(r, i))).collect();
                    self.row(&cells);
                }
                self.text.push_str("</table:table>");
            }
            Block::Boxed { title, text } => {
                self.open_table(&[TEXT_W]);
                self.text.push_str(
                    r#"<table:table-row><table:table-cell table:style-name="C_Body" office:value-type="string">"#,
                );
                if let Some(t) = title {
                    p(&mut self.text, "P_Key", t);
                }
                p(&mut self.text, "Table_20_Contents", text);
                self.text.push_str("</table:table-cell></table:table-row></table:table>");
            }
            Block::WritingBox { label, hint, lines } => {
                self.open_table(&[TEXT_W]);
                self.text.push_str(
                    r#"<table:table-row><table:table-cell table:style-name="C_Body" office:value-type="string">"#,
                );
                p(&mut self.text, "P_Key", label);
                if let Some(h) = hint {
                    p(&mut self.text, "Note", h);
                }
                for _ in 0..(*lines).clamp(1, 60) {
                    self.text.push_str(r#"<text:p text:style-name="Table_20_Contents"/>"#);
                }
                self.text.push_str("</table:table-cell></table:table-row></table:table>");
            }
            Block::Rule => self.text.push_str(r#"<text:p text:style-name="P_Rule"/>"#),
            Block::PageBreak => self.text.push_str(r#"<text:p text:style-name="P_Break"/>"#),
        }
    }
}

fn content_xml(doc: &FlowDoc) -> String {
    let mut body = Body { text: String::with_capacity(4096), styles: String::new(), tables: 0 };
    for b in &doc.blocks {
        body.block(b);
    }
    if doc.blocks.is_empty() {
        body.text.push_str(r#"<text:p text:style-name="Text_20_body"/>"#);
    }
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>{fonts}"#,
            "<office:automatic-styles>{fixed}{tables}</office:automatic-styles>",
            "<office:body><office:text>{text}</office:text></office:body></office:document-content>"
        ),
        ns = NS,
        fonts = FONTS,
        fixed = FIXED_AUTOMATIC,
        tables = body.styles,
        text = body.text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_breaks_and_markup_are_written_as_odf() {
        assert_eq!(
            inline("  a  b\n c\t<&>"),
            r#"<text:s text:c="2"/>a <text:s text:c="1"/>b<text:line-break/><text:s text:c="1"/>c<text:tab/>&lt;&amp;&gt;"#
        );
        assert_eq!(inline("x\u{0}y"), "xy");
        assert_eq!(inline(""), "");
    }

    #[test]
    fn the_mimetype_comes_first_and_stored() {
        let bytes = to_odt(&FlowDoc::new("t")).unwrap();
        assert_eq!(&bytes[0..4], b"PK\x03\x04");
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
        assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8, "name length");
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "no extra field");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
    }
}
