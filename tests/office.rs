//! The editable formats of a [`FlowDoc`]: DOCX and ODT files are well-formed zips of
//! well-formed XML, carry real heading styles, repeated table headers, a footer with page
//! numbers and French metadata, and LibreOffice prints every text of them. Random texts
//! (control characters, invalid bytes) never make a broken file.

mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use greffier::documents::flow::{Block, DocWriter, FlowDoc, ParaStyle};
use greffier::documents::office::{docx::to_docx, odt::to_odt, render, TextFormat};
use support::{office, pdf};

const ROWS: usize = 150;
const CONTROL: &str = "Bip\u{7}sonore\u{0}\u{1b} ici";

/// A document with every kind of block and the texts that break naive writers.
fn sample() -> FlowDoc {
    let mut d = FlowDoc::new("Registre « test » & co");
    d.set_subject("Essai des formats modifiables");
    d.set_author("Boulangerie Dupont & Fils <SARL>");
    d.set_footer("Boulangerie Dupont — registre RGPD");
    d.heading_with_subtitle("Registre des traitements", "Record of processing activities", 1).unwrap();
    d.paragraph("Élève, cœur, œuvre, déjà vu : 12 € « entre guillemets » 🥖 fin.").unwrap();
    d.styled("Texte en gras : Attention", ParaStyle::Strong).unwrap();
    d.styled("Grand titre de couverture", ParaStyle::Title).unwrap();
    d.note("Note grise en petit : source interne").unwrap();
    d.paragraph("Caractères spéciaux : a & b < c > d \"double\" 'simple'").unwrap();
    d.paragraph(CONTROL).unwrap();
    d.paragraph("Première ligne\nDeuxième ligne\nTroisième ligne").unwrap();
    d.paragraph("Avant\ttabulation après").unwrap();
    d.heading("Mesures de sécurité", 2).unwrap();
    d.list_item("☐", "Sauvegarde chiffrée chaque semaine").unwrap();
    d.list_item("1.", "Mots de passe robustes").unwrap();
    d.bullet("Armoire fermée à clé").unwrap();
    d.key_value("Organisme", "Boulangerie Dupont").unwrap();
    d.key_value("Délégué", "Aucun (non obligatoire)").unwrap();
    d.heading("Tableau long", 3).unwrap();
    let rows: Vec<Vec<String>> =
        (0..ROWS).map(|i| vec![format!("ligne{i:03}"), format!("client{i:03} à Lyon"), format!("{i} €")]).collect();
    d.table(&["Référence", "Personne concernée", "Montant"], &rows, &[1.0, 3.0, 1.5]).unwrap();
    d.table(&["Vide", "Sans lignes"], &[], &[1.0, 1.0]).unwrap();
    d.boxed(Some("À retenir"), "Signalez toute violation sous 72 heures.", 1.0).unwrap();
    d.boxed(None, "Encadré sans titre", 1.0).unwrap();
    d.rule();
    d.page_break();
    d.writing_box("Signature du responsable", Some("Date et nom"), 3).unwrap();
    d.paragraph("Dernière page.").unwrap();
    d
}

/// The words a reader must find: every text of the document, without the characters
/// XML cannot carry (the writers drop them).
fn expected_words(doc: &FlowDoc) -> Vec<String> {
    let allowed = |c: &char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    doc.plain_text()
        .iter()
        .flat_map(|t| {
            t.chars().filter(allowed).collect::<String>().split_whitespace().map(str::to_string).collect::<Vec<_>>()
        })
        .collect()
}

fn assert_words_in(text: &str, doc: &FlowDoc, what: &str) {
    let mut words = expected_words(doc);
    if what == "pdf" {
        // our PDF layer draws a control character as a space and has no emoji glyph
        words.retain(|w| w != "Bipsonore" && w.chars().all(|c| c < '\u{10000}'));
        words.push("sonore".to_string());
    }
    assert!(words.len() > 3 * ROWS, "too few expected words");
    let missing: Vec<&String> = words.iter().filter(|w| !text.contains(w.as_str())).collect();
    assert!(
        missing.is_empty(),
        "{what}: {} words missing, e.g. {:?}\n--- text:\n{}",
        missing.len(),
        &missing[..missing.len().min(20)],
        &text[..text.len().min(3000)]
    );
    assert!(!text.contains('\u{7}'), "{what}: control characters printed");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    if let Some(out) = std::env::var_os("GREFFIER_PDF_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(name), bytes).unwrap();
    }
    p
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn the_xml_checker_refuses_broken_xml() {
    assert!(office::check_xml(r#"<?xml version="1.0"?><a x="1"><b/>t &amp; &#233;<c y='2'>&lt;</c></a>"#).is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a/><b/>",
        "<a x=1/>",
        r#"<a x="1" x="2"/>"#,
        "<a>&nbsp;</a>",
        "<a>\u{1}</a>",
        "<a>&#0;</a>",
        r#"<a x="<"/>"#,
        "<a>]]></a>",
        "text",
        "<a>&amp</a>",
    ] {
        assert!(office::check_xml(bad).is_err(), "accepted {bad:?}");
    }
}

#[test]
fn docx_has_styles_headers_footer_and_metadata() {
    let doc = sample();
    let bytes = to_docx(&doc).unwrap();
    assert!(render(&doc, TextFormat::Docx).unwrap().starts_with(b"PK"), "render() writes a DOCX");
    let entries = office::zip_entries(&bytes);
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/styles.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert!(entries.iter().any(|e| e == part), "no {part} in {entries:?}");
    }
    assert!(entries.iter().all(|e| !e.ends_with('/')), "directory entries: {entries:?}");
    assert!(bytes.len() < 40_000, "DOCX not compressed: {} bytes", bytes.len());
    let parts = office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("ill-formed DOCX part: {e}"));
    assert!(parts >= 8, "{parts} XML parts");

    let document = office::zip_text(&bytes, "word/document.xml");
    let styles = office::zip_text(&bytes, "word/styles.xml");
    for level in 1..=3 {
        assert!(document.contains(&format!(r#"<w:pStyle w:val="Heading{level}" />"#)), "no Heading{level} paragraph");
        let def = styles.split(&format!(r#"w:styleId="Heading{level}""#)).nth(1).expect("heading style defined");
        let def = &def[..def.find("</w:style>").unwrap()];
        assert!(def.contains(&format!(r#"<w:name w:val="heading {level}" />"#)), "{def}");
        assert!(def.contains(&format!(r#"<w:outlineLvl w:val="{}" />"#, level - 1)), "{def}");
    }
    for id in ["Title", "Note", "BodyText"] {
        assert!(styles.contains(&format!(r#"w:styleId="{id}""#)), "no style {id}");
    }
    assert!(styles.contains(r#"<w:lang w:val="fr-FR""#), "no French language");
    assert!(styles.contains(r#"w:ascii="Arial""#));
    // two tables with a header row (the long one and the empty one), one per table
    assert_eq!(count(&document, "<w:tblHeader />"), 2);
    assert_eq!(count(&document, r#"w:fill="DCE3EA""#), 3 + 2, "shaded header cells");
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(document.contains(r#"w:top="1134""#) && document.contains(r#"w:left="1134""#), "2 cm margins");
    // the 3-line text keeps its two line breaks; escaping; control characters dropped
    let three = document.split("Première ligne").nth(1).unwrap();
    let three = &three[..three.find("Troisième").unwrap()];
    assert_eq!(count(three, r#"<w:br w:type="textWrapping" />"#), 2, "{three}");
    assert!(document.contains("a &amp; b &lt; c &gt; d &quot;double&quot; &apos;simple&apos;"));
    assert!(document.contains("Bipsonore ici") && !document.contains('\u{7}'));
    let tab = document.split("Avant").nth(1).unwrap();
    assert_eq!(count(&tab[..tab.find("tabulation").unwrap()], "<w:tab />"), 1, "{tab}");

    // the rule is a bottom border only
    let rule = document.split("<w:pBdr>").nth(1).expect("a paragraph border");
    let rule = &rule[..rule.find("</w:pBdr>").unwrap()];
    assert!(rule.contains("<w:bottom ") && !rule.contains("<w:top ") && !rule.contains("<w:left "), "{rule}");
    let footer_name = entries.iter().find(|e| e.starts_with("word/footer")).expect("a footer part");
    let footer = office::zip_text(&bytes, footer_name);
    assert!(footer.contains("Boulangerie Dupont — registre RGPD"));
    assert!(footer.contains(">PAGE<") && footer.contains(">NUMPAGES<"), "{footer}");

    let core = office::zip_text(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>Registre « test » &amp; co</dc:title>"), "{core}");
    assert!(core.contains("<dc:creator>Boulangerie Dupont &amp; Fils &lt;SARL&gt;</dc:creator>"));
    assert!(core.contains("<dc:subject>Essai des formats modifiables</dc:subject>"));
    assert!(office::zip_text(&bytes, "docProps/app.xml").contains("<Application>Greffier</Application>"));
}

#[test]
fn odt_has_mimetype_first_styles_headers_footer_and_metadata() {
    let doc = sample();
    let bytes = to_odt(&doc).unwrap();
    let entries = office::zip_entries(&bytes);
    assert_eq!(entries[0], "mimetype");
    for part in ["META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml"] {
        assert!(entries.iter().any(|e| e == part), "no {part} in {entries:?}");
    }
    // the first local header: stored, no extra field, the type readable at byte 38
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "mimetype compressed");
    assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "mimetype has an extra field");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert!(bytes[38..].starts_with(b"application/vnd.oasis.opendocument.text"));
    assert_eq!(office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("ill-formed ODT part: {e}")), 4);

    let content = office::zip_text(&bytes, "content.xml");
    let styles = office::zip_text(&bytes, "styles.xml");
    let meta = office::zip_text(&bytes, "meta.xml");
    for level in 1..=3 {
        assert!(
            content.contains(&format!(r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">"#))
        );
        assert!(styles.contains(&format!(r#"style:name="Heading_20_{level}" style:display-name="Heading {level}""#)));
        assert!(styles.contains(&format!(r#"style:default-outline-level="{level}""#)));
    }
    for name in ["Title", "Text_20_body", "Note", "Footer"] {
        assert!(styles.contains(&format!(r#"style:name="{name}""#)), "no style {name}");
    }
    assert_eq!(count(&content, "<table:table-header-rows>"), 2);
    assert_eq!(count(&content, "<table:table-row>"), (1 + ROWS) + 1 + 2 + 2 + 1, "rows of all tables");
    assert!(
        styles.contains(r#"fo:page-width="21cm" fo:page-height="29.7cm""#)
            && styles.contains(r#"fo:margin-left="2cm""#)
    );
    assert!(styles.contains("<text:page-number") && styles.contains("<text:page-count>"));
    assert!(styles.contains("Boulangerie Dupont — registre RGPD<text:tab/>Page "));
    assert!(styles.contains(r#"fo:language="fr" fo:country="FR""#));
    let three = content.split("Première ligne").nth(1).unwrap();
    assert_eq!(count(&three[..three.find("Troisième").unwrap()], "<text:line-break/>"), 2);
    assert!(content.contains("a &amp; b &lt; c &gt; d &quot;double&quot; &apos;simple&apos;"));
    assert!(content.contains("Bipsonore ici") && !content.contains('\u{7}'));
    assert!(meta.contains("<dc:title>Registre « test » &amp; co</dc:title>"));
    assert!(meta.contains("<meta:initial-creator>Boulangerie Dupont &amp; Fils &lt;SARL&gt;</meta:initial-creator>"));
    assert!(meta.contains("<meta:generator>Greffier/") && meta.contains("<dc:language>fr-FR</dc:language>"));
}

/// Converts the sample in `format` with LibreOffice and checks what it prints.
fn prints_every_text(format: TextFormat) {
    let doc = sample();
    let start = Instant::now();
    let bytes = render(&doc, format).unwrap();
    eprintln!("{} of {ROWS} rows: {:?}, {} bytes", format.as_str(), start.elapsed(), bytes.len());
    if office::soffice().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), &format!("office-sample.{}", format.extension()), &bytes);
    let start = Instant::now();
    let pdf_path = office::convert_to_pdf(&input);
    eprintln!("LibreOffice {}: {:?}", format.as_str(), start.elapsed());
    let text = pdf::text(&pdf_path, "-raw");
    assert_words_in(&text, &doc, format.as_str());
    let pages = office::pages_of(&pdf_path);
    assert!(pages >= 4, "{pages} pages");
    assert!(
        text.contains(&format!("Page 1 / {pages}")) && text.contains(&format!("Page {pages} / {pages}")),
        "footer numbers"
    );
    assert!(count(&text, "Boulangerie Dupont — registre RGPD") >= pages, "footer text on each page");
    assert!(count(&text, "Référence") >= 3, "the header row repeats on each page of the table");
}

#[test]
fn libreoffice_prints_every_text_of_the_docx() {
    prints_every_text(TextFormat::Docx);
}

#[test]
fn libreoffice_prints_every_text_of_the_odt() {
    prints_every_text(TextFormat::Odt);
}

#[test]
fn the_pdf_of_the_same_flow_has_every_text() {
    let doc = sample();
    let start = Instant::now();
    let bytes = doc.to_pdf().unwrap();
    eprintln!("pdf of {ROWS} rows: {:?}", start.elapsed());
    let w = pdf::write(&bytes, "office-sample.pdf");
    assert_words_in(&pdf::text(&w.path, "-raw"), &doc, "pdf");
}

#[test]
fn empty_documents_and_empty_rows_give_valid_files() {
    let empty = FlowDoc::default();
    let mut ragged = FlowDoc::new("");
    ragged.blocks.push(Block::Table { headers: vec![], rows: vec![vec![], vec!["".into()]], widths: vec![] });
    ragged.blocks.push(Block::KeyValues { rows: vec![] });
    ragged.blocks.push(Block::List { items: vec![] });
    ragged.blocks.push(Block::WritingBox { label: String::new(), hint: None, lines: 0 });
    ragged.blocks.push(Block::Heading { level: 9, text: String::new(), subtitle: Some(String::new()) });
    let dir = tempfile::tempdir().unwrap();
    for (name, doc) in [("empty", &empty), ("ragged", &ragged)] {
        for format in [TextFormat::Docx, TextFormat::Odt] {
            let bytes = render(doc, format).unwrap();
            office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("{name}.{}: {e}", format.as_str()));
            if name == "ragged" && office::soffice().is_some() {
                office::convert_to_pdf(&write(dir.path(), &format!("office-{name}.{}", format.as_str()), &bytes));
            }
        }
    }
    let content = office::zip_text(&to_odt(&ragged).unwrap(), "content.xml");
    assert!(content.contains(r#"text:outline-level="3""#), "levels are clamped");
}

/// A small deterministic generator (xorshift64*), so a failing case can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Random bytes read as UTF-8 (lossily), or random code points, or markup.
    fn text(&mut self) -> String {
        let len = self.below(40) as usize;
        match self.below(3) {
            0 => {
                let bytes: Vec<u8> = (0..len).map(|_| self.next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            }
            1 => (0..len)
                .filter_map(|_| {
                    let cp = match self.below(4) {
                        0 => self.below(0x40) as u32,
                        1 => 0xFFF0 + self.below(0x10) as u32,
                        2 => self.below(0x11_0000) as u32,
                        _ => 0xD7F0 + self.below(0x20) as u32,
                    };
                    char::from_u32(cp)
                })
                .collect(),
            _ => {
                const BITS: [&str; 14] = [
                    "<",
                    "&",
                    "]]>",
                    "\"",
                    "'",
                    "\n",
                    "\r\n",
                    "\t",
                    "  ",
                    "&amp;",
                    "<w:p>",
                    "</text:p>",
                    "é€🥖",
                    "\u{0}",
                ];
                (0..len).map(|_| BITS[self.below(BITS.len() as u64) as usize]).collect()
            }
        }
    }
    fn doc(&mut self) -> FlowDoc {
        let mut d = FlowDoc {
            title: self.text(),
            subject: self.text(),
            author: self.text(),
            footer: self.text(),
            blocks: vec![],
        };
        for _ in 0..self.below(14) {
            let b = match self.below(9) {
                0 => Block::Heading {
                    level: self.next() as u8,
                    text: self.text(),
                    subtitle: Some(self.text()).filter(|_| self.below(2) == 0),
                },
                1 => Block::Paragraph {
                    text: self.text(),
                    style: [ParaStyle::Body, ParaStyle::Strong, ParaStyle::Note, ParaStyle::Title]
                        [self.below(4) as usize],
                },
                2 => Block::List { items: (0..self.below(4)).map(|_| (self.text(), self.text())).collect() },
                3 => Block::KeyValues { rows: (0..self.below(4)).map(|_| (self.text(), self.text())).collect() },
                4 => Block::Table {
                    headers: (0..self.below(4)).map(|_| self.text()).collect(),
                    rows: (0..self.below(5)).map(|_| (0..self.below(5)).map(|_| self.text()).collect()).collect(),
                    widths: (0..self.below(5))
                        .map(|_| [1.0, 0.0, -1.0, f32::NAN, f32::INFINITY, 1e30, 2.5][self.below(7) as usize])
                        .collect(),
                },
                5 => Block::Boxed { title: Some(self.text()).filter(|_| self.below(2) == 0), text: self.text() },
                6 => Block::WritingBox {
                    label: self.text(),
                    hint: Some(self.text()).filter(|_| self.below(2) == 0),
                    lines: self.below(1000) as usize,
                },
                7 => Block::Rule,
                _ => Block::PageBreak,
            };
            d.blocks.push(b);
        }
        d
    }
}

#[test]
fn random_texts_always_give_well_formed_files() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..200 {
        let doc = rng.doc();
        for format in [TextFormat::Docx, TextFormat::Odt] {
            let bytes = render(&doc, format).unwrap_or_else(|e| panic!("case {case} {}: {e}", format.as_str()));
            office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("case {case} {}: {e}\n{doc:?}", format.as_str()));
        }
    }
}

#[test]
fn one_random_document_opens_in_libreoffice() {
    let mut rng = Rng(42);
    // the first case with enough blocks to be interesting
    let doc = loop {
        let d = rng.doc();
        if d.blocks.len() >= 8 && d.blocks.iter().any(|b| matches!(b, Block::Table { .. })) {
            break d;
        }
    };
    if office::soffice().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for format in [TextFormat::Docx, TextFormat::Odt] {
        let input = write(dir.path(), &format!("office-random.{}", format.as_str()), &render(&doc, format).unwrap());
        office::convert_to_pdf(&input);
    }
}
