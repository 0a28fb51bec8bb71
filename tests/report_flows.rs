//! The register and the security report written once, recorded as flows ([`FlowDoc`]):
//! the flow holds the words the PDF holds (and the same ones are left out of the public
//! register), its tables are well formed, and it renders as DOCX and ODT that LibreOffice
//! opens, with the processing names and sheet titles in them.
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test report_flows`.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use greffier::documents::flow::{Block, FlowDoc};
use greffier::documents::json;
use greffier::documents::office::{render, TextFormat};
use greffier::documents::register_pdf::{register_flow, register_pdf, RegisterPdfOptions};
use greffier::documents::security_pdf::{security_flow, security_pdf, SecurityReportOptions};
use greffier::model::{LegalBasis, Organisation, OrganisationBundle, SecurityAssessment};
use greffier::security::guide::guide;
use greffier::security::score::{percent_fr, scores};
use serde_json::json as j;

mod support;
use support::pdf;

/// The demo organisations (bakery, commune), read through the JSON import format.
fn demo() -> Vec<OrganisationBundle> {
    let organisations: serde_json::Value = serde_json::from_str(greffier::cli::DEMO_JSON).unwrap();
    let file = j!({
        "format": json::FORMAT,
        "format_version": json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/report_flows.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000aa",
        "organisations": organisations,
    });
    json::parse(file.to_string().as_bytes()).expect("the demo is a valid export").organisations
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn full() -> RegisterPdfOptions {
    RegisterPdfOptions {
        public: false,
        include_archived: false,
        generated_on: today(),
        version_label: "Version du 23/11/2026".to_string(),
    }
}

fn public() -> RegisterPdfOptions {
    RegisterPdfOptions { public: true, ..full() }
}

fn security_opts() -> SecurityReportOptions {
    SecurityReportOptions { generated_on: today(), version_label: "Version du 23/11/2026".to_string() }
}

/// The words of a text: runs of letters and digits (punctuation and layout do not count).
fn words_of(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn squeeze(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A flow and the PDF of the same content, read back.
struct Pair {
    flow: FlowDoc,
    /// `flow.plain_text()` joined, whitespace collapsed.
    flow_text: String,
    pdf_text: String,
    pdf_info: String,
}

impl Pair {
    fn new(flow: FlowDoc, pdf_bytes: Vec<u8>, name: &str) -> Pair {
        let written = pdf::write(&pdf_bytes, name);
        let pdf_text = pdf::text(&written.path, "-raw");
        let flow_text = pdf::collapse(&flow.plain_text().join("\n"));
        Pair { flow, flow_text, pdf_text, pdf_info: written.info }
    }

    fn flow_has(&self, s: &str) -> bool {
        self.flow.plain_text().iter().any(|t| t.contains(s)) || self.flow_text.contains(&pdf::collapse(s))
    }

    /// In the PDF, allowing for words cut between characters in narrow columns.
    fn pdf_has(&self, s: &str) -> bool {
        self.pdf_text.contains(&pdf::collapse(s)) || squeeze(&self.pdf_text).contains(&squeeze(s))
    }

    #[track_caller]
    fn assert_both(&self, s: &str) {
        assert!(self.flow_has(s), "« {s} » missing from the flow");
        assert!(self.pdf_has(s), "« {s} » missing from the PDF");
    }

    #[track_caller]
    fn assert_neither(&self, s: &str) {
        assert!(!self.flow_has(s), "« {s} » should not be in the flow");
        assert!(!self.pdf_has(s), "« {s} » should not be in the PDF");
    }

    /// Words of the flow missing from the PDF, and words of the PDF missing from the flow
    /// (besides the page footers, which the renderers add).
    fn word_differences(&self) -> (Vec<String>, Vec<String>) {
        let flow_words = words_of(&self.flow_text);
        let pdf_words = words_of(&self.pdf_text);
        let squeezed_pdf = squeeze(&self.pdf_text);
        let only_flow: Vec<String> =
            flow_words.difference(&pdf_words).filter(|w| !squeezed_pdf.contains(w.as_str())).cloned().collect();
        let mut footer = words_of(&self.flow.footer);
        footer.insert("Page".to_string());
        let squeezed_flow = squeeze(&self.flow_text);
        let only_pdf: Vec<String> = pdf_words
            .difference(&flow_words)
            .filter(|w| !footer.contains(*w) && !w.chars().all(|c| c.is_ascii_digit()))
            // a long word cut in a narrow column reads as two words in the PDF
            .filter(|w| !squeezed_flow.contains(w.as_str()))
            .cloned()
            .collect();
        (only_flow, only_pdf)
    }

    /// The flow's metadata is the PDF's.
    #[track_caller]
    fn assert_same_metadata(&self) {
        assert!(!self.flow.title.is_empty() && !self.flow.subject.is_empty() && !self.flow.author.is_empty());
        assert!(!self.flow.footer.is_empty());
        for (field, value) in
            [("Title", &self.flow.title), ("Subject", &self.flow.subject), ("Author", &self.flow.author)]
        {
            let expected = format!("{field}: {}", pdf::collapse(value));
            assert!(self.pdf_info.contains(&expected), "PDF info lacks « {expected} »: {}", self.pdf_info);
        }
    }
}

fn register_pair(bundle: &OrganisationBundle, opts: &RegisterPdfOptions, name: &str) -> Pair {
    let flow = register_flow(bundle, opts).expect("register flow");
    Pair::new(flow, register_pdf(bundle, opts).expect("register PDF"), name)
}

fn security_pair(bundle: &OrganisationBundle, name: &str) -> Pair {
    let flow = security_flow(bundle, &security_opts()).expect("security flow");
    Pair::new(flow, security_pdf(bundle, &security_opts()).expect("security PDF"), name)
}

/// Every table of the flow has as many cells per row as headers, and widths that add up.
#[track_caller]
fn assert_tables_well_formed(flow: &FlowDoc) -> usize {
    let mut n = 0;
    for b in &flow.blocks {
        if let Block::Table { headers, rows, widths } = b {
            n += 1;
            assert!(!headers.is_empty() && headers.iter().all(|h| !h.trim().is_empty()), "{headers:?}");
            assert_eq!(widths.len(), headers.len(), "{headers:?}");
            assert!(rows.iter().all(|r| r.len() == headers.len()), "ragged rows under {headers:?}");
            let total: f32 = widths.iter().sum();
            assert!((total - 1.0).abs() < 0.02, "widths of {headers:?} add up to {total}");
        }
    }
    n
}

fn count_blocks(flow: &FlowDoc, f: impl Fn(&Block) -> bool) -> usize {
    flow.blocks.iter().filter(|b| f(b)).count()
}

// ------------------------------------------------------------------------- register

#[test]
fn register_flow_holds_what_the_pdf_holds() {
    for (i, bundle) in demo().iter().enumerate() {
        for (label, opts) in [("full", full()), ("public", public())] {
            let pair = register_pair(bundle, &opts, &format!("register-{i}-{label}.pdf"));
            pair.assert_same_metadata();
            let (only_flow, only_pdf) = pair.word_differences();
            assert!(only_flow.is_empty(), "org {i} {label}: words of the flow not in the PDF: {only_flow:?}");
            assert!(only_pdf.is_empty(), "org {i} {label}: words of the PDF not in the flow: {only_pdf:?}");

            let shown: Vec<_> =
                bundle.processings.iter().filter(|p| !p.archived && (!opts.public || p.public_register)).collect();
            let hidden: Vec<_> = bundle.processings.iter().filter(|p| !shown.iter().any(|s| s.id == p.id)).collect();
            for p in &shown {
                pair.assert_both(p.name.trim());
                for purpose in &p.purposes {
                    pair.assert_both(purpose.description.trim());
                    pair.assert_both(purpose.legal_basis.label_fr());
                }
                for d in &p.data_categories {
                    if let Some(r) = &d.retention {
                        pair.assert_both(&r.to_french());
                    }
                }
            }
            for p in hidden {
                // a name may also be a word of another entry; the demo's are distinct
                pair.assert_neither(p.name.trim());
            }
            // one sheet per processing: the sheet name is a level-2 heading of the flow
            let sheets = count_blocks(
                &pair.flow,
                |b| matches!(b, Block::Heading { level: 2, text, .. } if shown.iter().any(|p| p.name.trim() == text)),
            );
            assert_eq!(sheets, shown.len(), "org {i} {label}: one sheet heading per processing");

            for field in [
                "Liste des traitements",
                "Identification du traitement",
                "Rôle de l'organisme",
                "Finalités",
                "Base légale",
                "Personnes concernées",
                "Durée de conservation",
                "Destinataires",
                "Transferts hors de l'Union européenne",
                "Prochaine revue",
            ] {
                if !shown.is_empty() {
                    pair.assert_both(field);
                }
            }
            // what only the full version has, in the PDF and the flow alike
            for private in ["Gestionnaire", "Logiciels et supports", "Observations du DPO", "Mesures liées"] {
                if shown.is_empty() {
                    continue;
                }
                if opts.public {
                    pair.assert_neither(private);
                } else {
                    pair.assert_both(private);
                }
            }
            let tables = assert_tables_well_formed(&pair.flow);
            // the summary and at least one table per sheet (purposes, persons, data…)
            let expected = if shown.is_empty() { 0 } else { 1 + shown.len() };
            assert!(tables >= expected, "org {i} {label}: {tables} tables for {} sheets", shown.len());
            // the flow never starts with, or repeats, a page break
            assert!(!matches!(pair.flow.blocks.first(), Some(Block::PageBreak)));
            assert!(pair.flow.blocks.windows(2).all(|w| !(w[0] == Block::PageBreak && w[1] == Block::PageBreak)));
        }
    }
}

#[test]
fn register_flow_has_the_legal_bases_in_full() {
    let bundles = demo();
    let pair = register_pair(&bundles[0], &full(), "register-bases.pdf");
    let mut bases: Vec<LegalBasis> = Vec::new();
    for p in bundles[0].processings.iter().filter(|p| !p.archived) {
        for x in &p.purposes {
            if !bases.contains(&x.legal_basis) {
                bases.push(x.legal_basis);
            }
        }
    }
    assert!(bases.len() >= 2, "the bakery uses several legal bases");
    for basis in bases {
        let long = match basis.article() {
            "" => basis.label_fr().to_string(),
            art => format!("{} (art. {art} RGPD)", basis.label_fr()),
        };
        pair.assert_both(&long);
    }
}

#[test]
fn archived_entries_in_the_flow_only_when_asked() {
    let mut bakery = demo().remove(0);
    assert!(bakery.processings.len() >= 2);
    bakery.processings[1].archived = true;
    let name = bakery.processings[1].name.trim().to_string();

    let without = register_pair(&bakery, &full(), "archived-without.pdf");
    without.assert_neither(&name);
    without.assert_both("1 traitement archivé non repris");

    let with_opts = RegisterPdfOptions { include_archived: true, ..full() };
    let with = register_pair(&bakery, &with_opts, "archived-with.pdf");
    with.assert_both(&name);
    with.assert_both("Archivé : ce traitement n'est plus mis en œuvre");
    let (only_flow, only_pdf) = with.word_differences();
    assert!(only_flow.is_empty() && only_pdf.is_empty(), "{only_flow:?} / {only_pdf:?}");

    // never in the public version, even when asked
    bakery.processings[1].public_register = true;
    let public_opts = RegisterPdfOptions { include_archived: true, ..public() };
    register_pair(&bakery, &public_opts, "archived-public.pdf").assert_neither(&name);
}

#[test]
fn empty_organisation_gives_both_flows() {
    let empty = OrganisationBundle::new(Organisation::new(""));
    let reg = register_pair(&empty, &full(), "empty-register.pdf");
    reg.assert_same_metadata();
    reg.assert_both("Aucun traitement n'est inscrit au registre.");
    // no name: the cover says so, the footer and metadata use a stand-in
    reg.assert_both("Dénomination Non renseigné");
    assert_eq!(reg.flow.author, "Organisme sans nom");
    assert!(reg.flow.footer.starts_with("Organisme sans nom — "));
    assert!(reg.pdf_has("Organisme sans nom"));
    assert_eq!(count_blocks(&reg.flow, |b| matches!(b, Block::Table { .. })), 0);
    let (a, b) = reg.word_differences();
    assert!(a.is_empty() && b.is_empty(), "{a:?} / {b:?}");

    let sec = security_pair(&empty, "empty-security.pdf");
    sec.assert_both("Évaluation non commencée");
    sec.assert_both("Aucune pratique « à ne pas faire » du guide n'a été déclarée.");
    assert_tables_well_formed(&sec.flow);
}

// ------------------------------------------------------------------------- security report

/// Words the PDF's bar chart has and the flow's table has not (the scale, its note), and
/// the other way round (the table's headers and note).
const CHART_ONLY: &[&str] =
    &["Chaque", "barre", "représente", "valeur", "écrite", "droite", "la", "est", "à", "sans", "objet"];
const TABLE_ONLY: &[&str] = &["Chapitre", "Applicables", "Score", "d", "un", "chapitre", "ses"];

#[test]
fn security_flow_holds_what_the_pdf_holds() {
    let g = guide();
    for (i, bundle) in demo().iter().enumerate() {
        let pair = security_pair(bundle, &format!("security-{i}.pdf"));
        pair.assert_same_metadata();
        let assessment = bundle.security_assessments.first().cloned().unwrap_or_else(SecurityAssessment::new);
        let s = scores(g, &assessment);

        // the big figure: a Title paragraph in the flow, large text in the PDF
        let overall = percent_fr(s.overall.per_mille);
        pair.assert_both(&overall);
        assert!(
            pair.flow.blocks.iter().any(|b| matches!(b, Block::Paragraph { text, .. } if *text == overall)),
            "the overall score {overall} stands alone"
        );
        // the bars become a table with the same figures
        let chapters = pair
            .flow
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Table { headers, rows, .. } if headers[0] == "Chapitre" => Some(rows.clone()),
                _ => None,
            })
            .expect("a table of the chapters");
        assert_eq!(chapters.len(), s.chapters.len());
        for (row, c) in chapters.iter().zip(&s.chapters) {
            assert_eq!(row[0], c.title_fr);
            assert_eq!(row[1], percent_fr(c.score.per_mille));
            assert_eq!(row[4], c.score.precautions.applicable.to_string());
            pair.assert_both(&c.title_fr);
            pair.assert_both(&percent_fr(c.score.per_mille));
        }
        for sheet in &g.sheets {
            pair.assert_both(&format!("Fiche {} — {}", sheet.number, sheet.title_fr));
        }
        for heading in
            ["Score global", "Profil de l'organisme", "Scores par fiche", "Plan d'action", "Détail par fiche"]
        {
            pair.assert_both(heading);
        }
        assert_tables_well_formed(&pair.flow);

        let (only_flow, only_pdf) = pair.word_differences();
        // the chapter table also counts the precautions (figures the bars do not print)
        let only_flow: Vec<_> = only_flow
            .into_iter()
            .filter(|w| !TABLE_ONLY.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        let only_pdf: Vec<_> = only_pdf.into_iter().filter(|w| !CHART_ONLY.contains(&w.as_str())).collect();
        assert!(only_flow.is_empty(), "org {i}: words of the flow not in the PDF: {only_flow:?}");
        assert!(only_pdf.is_empty(), "org {i}: words of the PDF not in the flow: {only_pdf:?}");
    }
}

#[test]
fn the_flows_print_on_their_own() {
    let bundles = demo();
    for (name, flow) in [
        ("flow-register.pdf", register_flow(&bundles[1], &full()).unwrap()),
        ("flow-security.pdf", security_flow(&bundles[0], &security_opts()).unwrap()),
    ] {
        let written = pdf::write(&flow.to_pdf().unwrap(), name);
        let text = pdf::text(&written.path, "-raw");
        assert!(written.pages >= 3, "{name}: {} pages", written.pages);
        // a key wrapped on two lines reads around its value: compare words
        let printed = words_of(&text);
        let squeezed = squeeze(&text);
        let missing: Vec<String> = words_of(&flow.plain_text().join(" "))
            .into_iter()
            .filter(|w| !printed.contains(w) && !squeezed.contains(w.as_str()))
            .collect();
        assert!(missing.is_empty(), "{name}: not printed: {missing:?}");
    }
}

// ------------------------------------------------------------------------- DOCX and ODT

/// The text of the XML parts of an office file (tags dropped, entities decoded).
fn office_text(bytes: &[u8], part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name(part).expect(part).read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&amp;", "&");
    pdf::collapse(&out)
}

#[test]
fn register_and_security_render_as_docx_and_odt() {
    let bundles = demo();
    let commune = &bundles[1];
    let flows = [
        ("register", register_flow(commune, &full()).unwrap()),
        ("public", register_flow(commune, &public()).unwrap()),
        ("security", security_flow(commune, &security_opts()).unwrap()),
    ];
    for (name, flow) in &flows {
        for (format, part) in [(TextFormat::Docx, "word/document.xml"), (TextFormat::Odt, "content.xml")] {
            let bytes = render(flow, format).unwrap_or_else(|e| panic!("{name} as {format:?}: {e}"));
            let text = squeeze(&office_text(&bytes, part));
            // every text of the flow is in the file (cells may be split in runs or lines)
            for t in flow.plain_text() {
                assert!(text.contains(&squeeze(&t)), "{name}.{}: « {t} » missing", format.extension());
            }
        }
    }
}

/// LibreOffice opens the DOCX and ODT of the demo register and security report: converted
/// to PDF, they hold the processing names and the sheet titles.
#[test]
fn libreoffice_opens_the_demo_reports() {
    if Command::new("soffice").arg("--version").output().is_err() {
        eprintln!("soffice not installed: LibreOffice check skipped");
        return;
    }
    let bundles = demo();
    let commune = &bundles[1];
    let dir = tempfile::tempdir().unwrap();
    let profile = format!("file://{}", dir.path().join("lo-profile").display());
    let register = register_flow(commune, &full()).unwrap();
    let security = security_flow(commune, &security_opts()).unwrap();
    let g = guide();
    for format in [TextFormat::Docx, TextFormat::Odt] {
        let ext = format.extension();
        let mut files = Vec::new();
        for (stem, flow) in [("registre", &register), ("securite", &security)] {
            let path = dir.path().join(format!("{stem}.{ext}"));
            std::fs::write(&path, render(flow, format).unwrap_or_else(|e| panic!("{stem}.{ext}: {e}"))).unwrap();
            files.push(path);
        }
        let out_dir = dir.path().join(format!("out-{ext}"));
        let out = Command::new("soffice")
            .args(["--headless", "--norestore", &format!("-env:UserInstallation={profile}")])
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(&out_dir)
            .args(&files)
            .output()
            .expect("soffice runs");
        assert!(out.status.success(), "soffice failed: {}", String::from_utf8_lossy(&out.stderr));
        let read = |stem: &str| -> String {
            let path = out_dir.join(format!("{stem}.pdf"));
            assert!(Path::new(&path).exists(), "LibreOffice made no PDF of {stem}.{ext}");
            squeeze(&pdf::text(&path, "-raw"))
        };
        let text = read("registre");
        for p in commune.processings.iter().filter(|p| !p.archived) {
            assert!(text.contains(&squeeze(p.name.trim())), "registre.{ext}: « {} » missing", p.name);
        }
        assert!(text.contains(&squeeze("Liste des traitements")), "registre.{ext}");
        let text = read("securite");
        for sheet in &g.sheets {
            let title = format!("Fiche {} — {}", sheet.number, sheet.title_fr);
            assert!(text.contains(&squeeze(&title)), "securite.{ext}: « {title} » missing");
        }
    }
}
