//! The rescue kit PDF and the PDF layout layer, checked with poppler's tools (pdfinfo,
//! pdftotext, from the `poppler-utils` package).

use std::path::{Path, PathBuf};
use std::process::Command;

use greffier::documents::pdf::{rescue_kit_pdf, text_width, wrap, PdfDoc, RescueKit, Weight};

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (apt-get install poppler-utils) to run these tests")
    });
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn write_pdf(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    // to look at the output: GREFFIER_PDF_OUT=/some/dir cargo test --test rescue_kit_pdf
    if let Some(out) = std::env::var_os("GREFFIER_PDF_OUT") {
        let test = std::thread::current().name().unwrap_or("pdf").replace("::", "-");
        std::fs::write(Path::new(&out).join(format!("{test}-{name}")), bytes).unwrap();
    }
    path
}

struct Info {
    pages: usize,
    page_size: String,
    title: String,
}

fn pdfinfo(path: &Path) -> Info {
    let out = run("pdfinfo", &[path.to_str().unwrap()]);
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("no {name} in pdfinfo output:\n{out}"))
    };
    Info { pages: field("Pages:").parse().unwrap(), page_size: field("Page size:"), title: field("Title:") }
}

/// The text of the PDF, with every run of whitespace collapsed to one space.
fn pdftext(path: &Path, layout: bool) -> String {
    let p = path.to_str().unwrap();
    let args: Vec<&str> = if layout { vec!["-layout", p, "-"] } else { vec![p, "-"] };
    collapse(&run("pdftotext", &args))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kit(orgs: Vec<String>) -> RescueKit {
    RescueKit {
        dossier_file_name: "Mairie d'Uzès.greffier".to_string(),
        dossier_path: "/home/hélène/Documents/RGPD/Mairie d'Uzès.greffier".to_string(),
        dossier_id: "0b6f3c1e-5d2a-4f7b-9c8e-1a2b3c4d5e6f".to_string(),
        created_at: "12 mars 2025 à 14:05".to_string(),
        printed_at: "3 février 2026 à 09:30".to_string(),
        organisations: orgs,
        backups_dir: Some(PathBuf::from("/home/hélène/.local/share/greffier/sauvegardes")),
    }
}

#[test]
fn rescue_kit_has_everything_but_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let secret = greffier::passphrase::generate(greffier::passphrase::DEFAULT_WORDS);
    let kit = kit(vec!["Mairie d'Uzès".to_string(), "Boulangerie Lefèvre".to_string()]);
    let path = write_pdf(dir.path(), "kit.pdf", &rescue_kit_pdf(&kit).unwrap());

    let info = pdfinfo(&path);
    assert!((1..=2).contains(&info.pages), "{} pages", info.pages);
    assert!(info.page_size.contains("(A4)"), "{}", info.page_size);
    assert!(info.title.contains("Kit de secours Greffier"), "{}", info.title);

    let text = pdftext(&path, true);
    for needle in [
        "Kit de secours Greffier",
        "Mairie d'Uzès.greffier",
        "/home/hélène/Documents/RGPD/Mairie d'Uzès.greffier",
        "0b6f3c1e-5d2a-4f7b-9c8e-1a2b3c4d5e6f",
        "12 mars 2025 à 14:05",
        "3 février 2026 à 09:30",
        "Mairie d'Uzès",
        "Boulangerie Lefèvre",
        "/home/hélène/.local/share/greffier/sauvegardes",
        "Phrase de passe (à écrire à la main)",
        "ni les auteurs de Greffier",
        "Paramètres",
        "fermé à clé",
        "Ouvrir un dossier",
        &format!("Page 1 / {}", info.pages),
    ] {
        assert!(text.contains(needle), "« {needle} » not found in:\n{text}");
    }
    assert!(!text.contains(&secret), "the passphrase must never be printed");
}

#[test]
fn rescue_kit_without_backups_or_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let kit = RescueKit { backups_dir: None, ..kit(Vec::new()) };
    let path = write_pdf(dir.path(), "kit.pdf", &rescue_kit_pdf(&kit).unwrap());
    let text = pdftext(&path, false);
    assert!(text.contains("aucune sauvegarde automatique"), "{text}");
    assert!(text.contains("aucun pour l'instant"), "{text}");
}

#[test]
fn long_organisation_list_paginates_without_losing_text() {
    let dir = tempfile::tempdir().unwrap();
    let orgs: Vec<String> =
        (1..=60).map(|i| format!("Organisme n° {i} — Boulangerie Lefèvre de Saint-Étienne")).collect();
    let path = write_pdf(dir.path(), "kit.pdf", &rescue_kit_pdf(&kit(orgs.clone())).unwrap());
    let info = pdfinfo(&path);
    assert!(info.pages >= 2, "{} pages", info.pages);
    let text = pdftext(&path, true);
    assert!(text.contains("Page 2 / "), "{text}");
    assert!(text.contains(&format!("Page {0} / {0}", info.pages)), "{text}");
    for org in &orgs {
        assert!(text.contains(org.as_str()), "« {org} » lost");
    }
    assert!(text.contains("60 organismes"), "{text}");
}

#[test]
fn long_paragraph_wraps_and_keeps_every_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut paragraph = String::new();
    let words = [
        "traitement",
        "données",
        "personnelles",
        "conservées",
        "durée",
        "limitée",
        "responsable",
        "sécurité",
        "accès",
        "réservé",
        "agents",
        "habilités",
        "mairie",
        "élèves",
        "cantine",
        "facturation",
        "à",
        "où",
    ];
    let mut i = 0;
    while paragraph.chars().count() < 500 {
        paragraph.push_str(&format!("{}{} ", words[i % words.len()], i));
        i += 1;
    }
    let mut doc = PdfDoc::new("Essai de paragraphe").unwrap();
    doc.heading("Essai", 1).unwrap();
    doc.paragraph(&paragraph).unwrap();
    doc.key_value("Une clé assez longue pour passer à la ligne", &paragraph).unwrap();
    doc.bullet(&paragraph).unwrap();
    doc.boxed(Some("Encadré"), &paragraph, 1.0).unwrap();
    let path = write_pdf(dir.path(), "para.pdf", &doc.finish().unwrap());
    let text = pdftext(&path, false);
    for word in paragraph.split_whitespace() {
        let found = text.matches(&format!("{word} ")).count();
        assert!(found >= 4, "« {word} » found {found} times instead of 4");
    }
}

#[test]
fn table_repeats_its_header_on_each_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = PdfDoc::new("Tableau").unwrap();
    doc.heading("Registre", 1).unwrap();
    let rows: Vec<Vec<String>> = (1..=80)
        .map(|i| {
            vec![
                format!("Traitement {i}"),
                format!("Finalité numéro {i} avec un texte un peu long qui passe à la ligne"),
                "5 ans".to_string(),
            ]
        })
        .collect();
    doc.table(&["Traitement", "Finalité", "Durée"], &rows, &[1.0, 3.0, 1.0]).unwrap();
    let bytes = doc.finish().unwrap();
    let path = write_pdf(dir.path(), "table.pdf", &bytes);
    let info = pdfinfo(&path);
    assert!(info.pages >= 2);
    let text = pdftext(&path, false);
    assert_eq!(text.matches("Finalité ").count() - 80, info.pages, "one header per page");
    for i in 1..=80 {
        assert!(text.contains(&format!("Traitement {i} ")), "row {i} lost");
    }
}

#[test]
fn wrap_never_exceeds_the_width() {
    let text = "Kit de secours : rangez cette feuille dans un endroit fermé à clé, séparé de l'ordinateur. \
                Écrivez lisiblement ; œuvre, cœur, Ærø, « guillemets » et /un/chemin/très/long/sans/espace/du/tout/vers/le/fichier.greffier";
    for width in [40.0, 80.0, 150.0, 400.0] {
        let lines = wrap(text, Weight::Regular, 10.0, width).unwrap();
        for l in &lines {
            let w = text_width(l, Weight::Regular, 10.0).unwrap();
            assert!(w <= width, "{l:?}: {w} > {width}");
        }
        assert_eq!(collapse(&lines.join("")).replace(' ', ""), text.replace(' ', ""));
    }
}
