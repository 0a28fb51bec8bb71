//! The `greffier` command as a person or a script uses it: the demo, info, JSON export and
//! import, check, backups, passphrase change, organisations — and its answers to bad input.

use std::path::Path;
use std::process::{Command, Output};

const PASS: &str = "cheval agrafe batterie correcte";

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }
    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
    fn cmd(&self, pass: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_greffier"));
        c.current_dir(self.dir.path())
            .env("GREFFIER_PASSPHRASE", pass)
            .env("GREFFIER_DATA_DIR", self.dir.path().join("data"))
            .env("GREFFIER_USER", "Testeur")
            .env_remove("GREFFIER_NEW_PASSPHRASE")
            .env_remove("GREFFIER_LANG");
        c
    }
    fn run(&self, pass: &str, args: &[&str]) -> Output {
        self.cmd(pass).args(args).output().unwrap()
    }
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(code), "stdout: {}\nstderr: {stderr}", String::from_utf8_lossy(&o.stdout));
    stderr
}

#[test]
fn demo_then_info_export_import_check() {
    let cli = Cli::new();
    let out = ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    assert!(out.contains("Boulangerie"), "{out}");
    assert!(out.contains("Commune"), "{out}");
    let info = ok(&cli.run(PASS, &["info", "demo.greffier"]));
    assert!(info.contains("Organismes   : 2"), "{info}");
    assert!(info.contains("Argon2id (128 Mio, 4 passes)"), "{info}");

    ok(&cli.run(PASS, &["export", "demo.greffier", "--json", "--output", "demo.json"]));
    let text = std::fs::read_to_string(cli.path("demo.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "greffier-dossier");
    assert_eq!(v["organisations"].as_array().unwrap().len(), 2);
    // exporting over an existing file is refused
    err(&cli.run(PASS, &["export", "demo.greffier", "--json", "--output", "demo.json"]), 6);

    let out = ok(&cli.run(PASS, &["import", "copie.greffier", "--json", "demo.json"]));
    assert!(out.contains("2 organisme(s)"), "{out}");
    ok(&cli.run(PASS, &["export", "copie.greffier", "--json", "--output", "copie.json"]));
    let a: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(cli.path("copie.json")).unwrap()).unwrap();
    assert_eq!(a["organisations"], b["organisations"], "lossless round trip through the CLI");
    // importing the same organisations again is refused: same ids
    let e = err(&cli.run(PASS, &["import", "copie.greffier", "--json", "demo.json"]), 6);
    assert!(e.contains("identifiant existe déjà"), "{e}");

    let out = ok(&cli.run(PASS, &["check", "copie.greffier"]));
    assert!(out.contains("Le dossier est sain"), "{out}");
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_code() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["new", "a.greffier", "--org", "Boulangerie Test"]));
    let before = std::fs::read(cli.path("a.greffier")).unwrap();

    let e = err(&cli.run("mauvaise phrase de passe", &["info", "a.greffier"]), 3);
    assert!(e.contains("Phrase de passe incorrecte"), "{e}");
    let e = err(&cli.run("mauvaise phrase de passe", &["--lang", "en", "info", "a.greffier"]), 3);
    assert!(e.contains("Wrong passphrase"), "{e}");

    std::fs::write(cli.path("note.pdf"), b"%PDF-1.4 not a dossier at all").unwrap();
    let e = err(&cli.run(PASS, &["info", "note.pdf"]), 4);
    assert!(e.contains("n'est pas un dossier Greffier") && e.contains("PDF"), "{e}");

    let e = err(&cli.run(PASS, &["info", "absent.greffier"]), 1);
    assert!(e.contains("introuvable"), "{e}");

    std::fs::write(cli.path("broken.json"), b"{\"format\": \"greffier-dossier\", ").unwrap();
    let e = err(&cli.run(PASS, &["import", "a.greffier", "--json", "broken.json"]), 6);
    assert!(e.contains("JSON") && e.contains("ligne 1"), "{e}");

    std::fs::write(cli.path("other.json"), b"{\"name\": \"something else\"}").unwrap();
    let e = err(&cli.run(PASS, &["import", "a.greffier", "--json", "other.json"]), 6);
    assert!(e.contains("n'est pas un export"), "{e}");

    let e = err(&cli.run(PASS, &["new", "a.greffier"]), 6);
    assert!(e.contains("existe déjà"), "{e}");
    let e = err(&cli.run("court", &["new", "b.greffier"]), 6);
    assert!(e.contains("au moins 8 caractères"), "{e}");
    let e = err(&cli.run(PASS, &["frobnicate"]), 2);
    assert!(e.contains("frobnicate"), "{e}");

    assert_eq!(std::fs::read(cli.path("a.greffier")).unwrap(), before, "dossier unchanged by all of the above");
}

#[test]
fn passwd_backup_restore_and_org_handover() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "d.greffier"]));
    // change the passphrase
    let new = "une nouvelle phrase de passe";
    let o = cli.cmd(PASS).env("GREFFIER_NEW_PASSPHRASE", new).args(["passwd", "d.greffier"]).output().unwrap();
    ok(&o);
    err(&cli.run(PASS, &["info", "d.greffier"]), 3);
    ok(&cli.run(new, &["info", "d.greffier"]));

    // backups are listed from the path alone, no passphrase
    let list = ok(&cli.run("", &["backup", "list", "d.greffier"]));
    assert!(list.contains("ouverture") && list.contains("avant-changement-phrase"), "{list}");
    let old_copy = list
        .lines()
        .find(|l| l.contains("avant-changement-phrase"))
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_string();
    // restore the copy taken before the change: it opens with the old passphrase
    let out = ok(&cli.run(PASS, &["backup", "restore", &old_copy, "--to", "d.greffier"]));
    assert!(out.contains("gardé en copie"), "{out}");
    ok(&cli.run(PASS, &["info", "d.greffier"]));
    err(&cli.run(new, &["info", "d.greffier"]), 3);

    // hand one organisation over in its own dossier
    let orgs = ok(&cli.run(PASS, &["org", "list", "d.greffier"]));
    let commune = orgs.lines().find(|l| l.contains("Commune")).unwrap().split_whitespace().next().unwrap().to_string();
    let client = "phrase du client de la commune";
    let o = cli
        .cmd(PASS)
        .env("GREFFIER_NEW_PASSPHRASE", client)
        .args(["org", "export", "d.greffier", "--org", &commune, "--to", "commune.greffier"])
        .output()
        .unwrap();
    ok(&o);
    let info = ok(&cli.run(client, &["info", "commune.greffier"]));
    assert!(info.contains("Organismes   : 1") && info.contains("Commune"), "{info}");
    assert!(!info.contains("Boulangerie"), "{info}");
    assert!(Path::new(&cli.path("commune.greffier")).exists());
}

#[test]
fn export_register_in_every_format_and_its_answers_to_bad_input() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));

    // Usage mistakes: exit 2 with a message that says what to give.
    let e = err(&cli.run(PASS, &["export", "register", "demo.greffier", "-o", "r.pdf"]), 2);
    assert!(e.contains("--format"), "{e}");
    let e = err(&cli.run(PASS, &["export", "register", "demo.greffier", "--format", "docx", "-o", "r.docx"]), 2);
    assert!(e.contains("format inconnu") && e.contains("public-pdf"), "{e}");
    let e = err(&cli.run(PASS, &["export", "register", "demo.greffier", "--format", "pdf", "-o", "r.pdf"]), 2);
    assert!(e.contains("--org") && e.contains("Boulangerie Martin"), "two organisations: name one: {e}");
    let e = err(&cli.run(PASS, &["export", "register", "demo.greffier", "--format", "pdf", "--org", "Nulle part"]), 2);
    assert!(e.contains("--org"), "{e}");
    let e = err(
        &cli.run(PASS, &["export", "register", "demo.greffier", "--format", "ods", "--org", "boulangerie martin"]),
        2,
    );
    assert!(e.contains("-o"), "a binary format needs an output file: {e}");
    err(
        &cli.run(
            "mauvaise phrase",
            &["export", "register", "demo.greffier", "--format", "csv", "--org", "Boulangerie Martin"],
        ),
        3,
    );
    assert!(!cli.path("r.pdf").exists() && !cli.path("r.docx").exists(), "nothing written");

    // Each format, read back where a tool exists.
    for (format, file) in [("pdf", "r.pdf"), ("public-pdf", "public.pdf"), ("ods", "r.ods"), ("xlsx", "r.xlsx")] {
        ok(&cli.run(
            PASS,
            &["export", "register", "demo.greffier", "--format", format, "--org", "Boulangerie Martin", "-o", file],
        ));
        assert!(std::fs::metadata(cli.path(file)).unwrap().len() > 1000, "{file}");
    }
    let text = Command::new("pdftotext").args(["-layout"]).arg(cli.path("r.pdf")).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Gestion de la paie") && text.contains("Boulangerie Martin"), "{text}");
    let csv =
        ok(&cli.run(PASS, &["export", "register", "demo.greffier", "--format", "csv", "--org", "Boulangerie Martin"]));
    assert!(csv.starts_with('\u{feff}') && csv.contains("Gestion de la paie;"), "{csv}");
    // An existing file is never overwritten.
    err(
        &cli.run(
            PASS,
            &["export", "register", "demo.greffier", "--format", "pdf", "--org", "Boulangerie Martin", "-o", "r.pdf"],
        ),
        6,
    );
    // The JSON export keeps its own form and asks for --json.
    err(&cli.run(PASS, &["export", "demo.greffier"]), 2);
}

/// A dossier with one organisation holding three AIPDs: two versions of « Vidéoprotection »
/// (same title) and « Badges d'accès ». Written through `greffier import`.
fn dossier_with_aipds(cli: &Cli) -> (String, String, String) {
    use greffier::model::{Aipd, Organisation, OrganisationBundle, Processing};
    let mut b = OrganisationBundle::new(Organisation::new("Commune de Saint-Aubin"));
    let p = Processing::new("Vidéoprotection de la voie publique");
    let mut v1 = Aipd::new("Vidéoprotection");
    v1.processings.push(p.id);
    let mut v2 = Aipd::new("Vidéoprotection");
    v2.version = 2;
    let badges = Aipd::new("Badges d'accès");
    b.processings.push(p);
    let ids = (v1.id.to_string(), v2.id.to_string(), badges.id.to_string());
    b.aipds = vec![v1, v2, badges];
    let file = serde_json::json!({
        "format": greffier::documents::json::FORMAT,
        "format_version": greffier::documents::json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/cli.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000ab",
        "organisations": [b],
    });
    std::fs::write(cli.path("aipd.json"), file.to_string()).unwrap();
    ok(&cli.run(PASS, &["import", "aipd.greffier", "--json", "aipd.json"]));
    ids
}

#[test]
fn export_aipd_as_pdf_and_pia_json_and_its_answers_to_bad_input() {
    let cli = Cli::new();
    let (v1, v2, badges) = dossier_with_aipds(&cli);
    let export = |pass: &str, extra: &[&str]| {
        let mut args = vec!["export", "aipd", "aipd.greffier"];
        args.extend_from_slice(extra);
        cli.run(pass, &args)
    };

    // Usage mistakes: exit 2, with what to give.
    let e = err(&export(PASS, &["--aipd", "Badges d'accès", "-o", "a.pdf"]), 2);
    assert!(e.contains("--format") && e.contains("pia-json"), "{e}");
    let e = err(&export(PASS, &["--aipd", "Badges d'accès", "--format", "docx", "-o", "a.docx"]), 2);
    assert!(e.contains("format inconnu"), "{e}");
    let e = err(&export(PASS, &["--aipd", "Badges d'accès", "--format", "pdf"]), 2);
    assert!(e.contains("-o"), "a PDF needs an output file: {e}");
    // three analyses: --aipd is needed, and the message lists them
    let e = err(&export(PASS, &["--format", "pdf", "-o", "a.pdf"]), 2);
    assert!(e.contains("--aipd") && e.contains("Badges d'accès") && e.contains(&v1), "{e}");
    // unknown title or id
    let e = err(&export(PASS, &["--aipd", "Cantine scolaire", "--format", "pdf", "-o", "a.pdf"]), 2);
    assert!(e.contains("aucune analyse d'impact ne s'appelle « Cantine scolaire »"), "{e}");
    let e =
        err(&export(PASS, &["--aipd", "00000000-0000-4000-8000-000000000000", "--format", "pdf", "-o", "a.pdf"]), 2);
    assert!(e.contains("Vidéoprotection"), "{e}");
    // a title two versions share: each listed with its version and id
    let e = err(&export(PASS, &["--aipd", "vidéoprotection", "--format", "pdf", "-o", "a.pdf"]), 2);
    assert!(e.contains("plusieurs analyses") && e.contains(&v1) && e.contains(&v2), "{e}");
    assert!(e.contains("version 1") && e.contains("version 2") && !e.contains(&badges), "{e}");
    let e = err(
        &cli.run(
            PASS,
            &[
                "--lang",
                "en",
                "export",
                "aipd",
                "aipd.greffier",
                "--aipd",
                "Vidéoprotection",
                "--format",
                "pdf",
                "-o",
                "a.pdf",
            ],
        ),
        2,
    );
    assert!(e.contains("several assessments"), "{e}");
    // wrong passphrase: 3, before anything else is looked at
    let e = err(&export("mauvaise phrase", &["--aipd", "Badges d'accès", "--format", "pdf", "-o", "a.pdf"]), 3);
    assert!(e.contains("Phrase de passe incorrecte"), "{e}");
    assert!(!cli.path("a.pdf").exists() && !cli.path("a.docx").exists(), "nothing written");

    // Each format: by title, by id (case-insensitive title too).
    ok(&export(PASS, &["--aipd", "badges d'accès", "--format", "pdf", "-o", "a.pdf"]));
    let text = Command::new("pdftotext").args(["-layout"]).arg(cli.path("a.pdf")).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Badges d'accès") && text.contains("Cartographie des risques"), "{text}");
    assert!(text.contains("Commune de Saint-Aubin"), "{text}");
    ok(&export(PASS, &["--aipd", &v2, "--format", "pia-json", "-o", "v2.json"]));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(cli.path("v2.json")).unwrap()).unwrap();
    assert!(v["pia"].is_object() && v["answers"].is_array(), "{v}");
    // pia-json is text: it may go to the standard output
    let out = ok(&export(PASS, &["--aipd", &v1, "--format", "pia-json"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["pia"].is_object());
    // An existing file is never overwritten.
    let before = std::fs::read(cli.path("a.pdf")).unwrap();
    err(&export(PASS, &["--aipd", &badges, "--format", "pdf", "-o", "a.pdf"]), 6);
    assert_eq!(std::fs::read(cli.path("a.pdf")).unwrap(), before);
}

#[test]
fn export_aipd_needs_no_aipd_flag_for_a_single_analysis_and_refuses_none() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["new", "vide.greffier", "--org", "Boulangerie Test"]));
    let e = err(&cli.run(PASS, &["export", "aipd", "vide.greffier", "--format", "pdf", "-o", "x.pdf"]), 2);
    assert!(e.contains("n'a aucune analyse d'impact"), "{e}");
    assert!(!cli.path("x.pdf").exists());

    use greffier::model::{Aipd, Organisation, OrganisationBundle};
    let mut b = OrganisationBundle::new(Organisation::new("Boulangerie Martin"));
    b.aipds.push(Aipd::new("Vidéosurveillance du magasin"));
    let file = serde_json::json!({
        "format": greffier::documents::json::FORMAT,
        "format_version": greffier::documents::json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/cli.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000ac",
        "organisations": [b],
    });
    std::fs::write(cli.path("un.json"), file.to_string()).unwrap();
    ok(&cli.run(PASS, &["import", "un.greffier", "--json", "un.json"]));
    ok(&cli.run(PASS, &["export", "aipd", "un.greffier", "--format", "pdf", "-o", "un.pdf"]));
    let text = Command::new("pdftotext").arg(cli.path("un.pdf")).arg("-").output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("Vidéosurveillance du magasin"));
}

#[test]
fn export_screening_prints_one_processing_and_its_answers_to_bad_input() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    let export = |pass: &str, extra: &[&str]| {
        let mut args = vec!["export", "screening", "demo.greffier"];
        args.extend_from_slice(extra);
        cli.run(pass, &args)
    };
    let bakery = ["--org", "Boulangerie Martin"];
    let with = |extra: &[&'static str]| [&bakery[..], extra].concat();

    // Usage mistakes: exit 2, with what to give.
    let e = err(&export(PASS, &with(&["--processing", "Vidéosurveillance du magasin"])), 2);
    assert!(e.contains("-o"), "a PDF needs an output file: {e}");
    let e = err(&export(PASS, &with(&["--processing", "Gestion de la paie", "--format", "csv", "-o", "s.csv"])), 2);
    assert!(e.contains("format inconnu") && e.contains("pdf"), "{e}");
    let e = err(&export(PASS, &["--processing", "Gestion de la paie", "-o", "s.pdf"]), 2);
    assert!(e.contains("--org") && e.contains("Boulangerie Martin"), "two organisations: name one: {e}");
    // no processing named: the list, with references and ids
    let e = err(&export(PASS, &with(&["-o", "s.pdf"])), 2);
    assert!(e.contains("--processing") && e.contains("BM-04 Vidéosurveillance du magasin (10000000-"), "{e}");
    // unknown name or id: the list
    let e = err(&export(PASS, &with(&["--processing", "Cantine scolaire", "-o", "s.pdf"])), 2);
    assert!(e.contains("aucun traitement ne s'appelle « Cantine scolaire »"), "{e}");
    assert!(e.contains("Gestion de la paie") && e.contains("Clients et carte de fidélité"), "{e}");
    let e = err(&export(PASS, &with(&["--processing", "00000000-0000-4000-8000-000000000000", "-o", "s.pdf"])), 2);
    assert!(e.contains("Vidéosurveillance du magasin"), "{e}");
    let en = ["--lang", "en", "export", "screening", "demo.greffier", "--org", "Boulangerie Martin"];
    let e = err(&cli.run(PASS, &[&en[..], &["--processing", "Cantine", "-o", "s.pdf"]].concat()), 2);
    assert!(e.contains("no processing is called"), "{e}");
    // wrong passphrase: 3
    let e = err(&export("mauvaise phrase", &with(&["--processing", "Gestion de la paie", "-o", "s.pdf"])), 3);
    assert!(e.contains("Phrase de passe incorrecte"), "{e}");
    assert!(!cli.path("s.pdf").exists() && !cli.path("s.csv").exists(), "nothing written");

    // The bakery's shop camera, by name (case ignored): « AIPD non requise », with its reasons.
    let o = export(PASS, &with(&["--processing", "vidéosurveillance du MAGASIN", "--format", "pdf", "-o", "s.pdf"]));
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("Analyse préalable écrite") && !stderr.contains("Attention"), "{stderr}");
    let read = |file: &str| {
        let out = Command::new("pdftotext").arg(cli.path(file)).arg("-").output().unwrap();
        String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let text = read("s.pdf");
    assert!(text.contains("Analyse préalable : une AIPD est-elle requise ?"), "{text}");
    assert!(text.contains("Conclusion : AIPD non requise") && text.contains("Claire Martin, gérante"), "{text}");
    assert!(text.contains("Boulangerie Martin") && !text.contains("proposition non enregistrée"), "{text}");
    // by reference, a processing never screened: printed as the register's proposal, said so
    let o = export(PASS, &with(&["--processing", "bm-03", "-o", "fidelite.pdf"]));
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("pas d'analyse préalable enregistrée"));
    assert!(read("fidelite.pdf").contains("Non enregistrée : proposition d'après la fiche du registre"));
    // by id, in the commune (the organisation by id too)
    let orgs = ok(&cli.run(PASS, &["org", "list", "demo.greffier"]));
    let commune = orgs.lines().find(|l| l.contains("Commune")).unwrap().split_whitespace().next().unwrap().to_string();
    ok(&export(
        PASS,
        &["--org", &commune, "--processing", "20000000-0000-4000-8001-000000000006", "-o", "commune.pdf"],
    ));
    let text = read("commune.pdf");
    assert!(text.contains("Conclusion : AIPD requise") && text.contains("Validée"), "{text}");

    // An existing file is never overwritten.
    let before = std::fs::read(cli.path("s.pdf")).unwrap();
    err(&export(PASS, &with(&["--processing", "Gestion de la paie", "-o", "s.pdf"])), 6);
    assert_eq!(std::fs::read(cli.path("s.pdf")).unwrap(), before);

    // Two processings sharing a name: ambiguous, each listed with its id.
    use greffier::model::{Organisation, OrganisationBundle, Processing};
    let mut b = OrganisationBundle::new(Organisation::new("Commune de Saint-Aubin"));
    let (one, two) = (Processing::new("Vidéoprotection"), Processing::new("Vidéoprotection"));
    let ids = (one.id.to_string(), two.id.to_string());
    b.processings = vec![one, two, Processing::new("État civil")];
    let file = serde_json::json!({
        "format": greffier::documents::json::FORMAT,
        "format_version": greffier::documents::json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/cli.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000ad",
        "organisations": [b],
    });
    std::fs::write(cli.path("deux.json"), file.to_string()).unwrap();
    ok(&cli.run(PASS, &["import", "deux.greffier", "--json", "deux.json"]));
    let e = err(
        &cli.run(PASS, &["export", "screening", "deux.greffier", "--processing", "Vidéoprotection", "-o", "v.pdf"]),
        2,
    );
    assert!(e.contains("plusieurs traitements") && e.contains(&ids.0) && e.contains(&ids.1), "{e}");
    assert!(!e.contains("État civil"), "only the ambiguous ones are listed: {e}");
    ok(&cli.run(PASS, &["export", "screening", "deux.greffier", "--processing", &ids.1, "-o", "v.pdf"]));
    assert!(read("v.pdf").contains("« Vidéoprotection »"));
}

#[test]
fn export_dpo_prints_the_designation_sheet_and_its_answers_to_bad_input() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "dpo", "demo.greffier"];
        args.extend_from_slice(extra);
        cli.run(PASS, &args)
    };
    let read = |file: &str| {
        let out = Command::new("pdftotext").arg(cli.path(file)).arg("-").output().unwrap();
        String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
    };

    // Usage mistakes: exit 2, nothing written.
    let e = err(&export(&["--org", "Commune de Saint-Aubin-sur-Gard"]), 2);
    assert!(e.contains("-o"), "a PDF needs an output file: {e}");
    let e = err(&export(&["--org", "Commune de Saint-Aubin-sur-Gard", "--format", "csv", "-o", "d.csv"]), 2);
    assert!(e.contains("format inconnu") && e.contains("pdf"), "{e}");
    let e = err(&export(&["-o", "d.pdf"]), 2);
    assert!(e.contains("--org") && e.contains("Boulangerie Martin"), "two organisations: name one: {e}");
    let e = err(&export(&["--org", "Mairie de Nulle-Part", "-o", "d.pdf"]), 2);
    assert!(e.contains("précisez l'organisme") && e.contains("Commune de Saint-Aubin-sur-Gard"), "{e}");
    let e =
        err(&cli.run(PASS, &["--lang", "en", "export", "dpo", "demo.greffier", "--org", "Nowhere", "-o", "d.pdf"]), 2);
    assert!(e.contains("name the organisation with --org"), "{e}");
    let e = err(
        &cli.run("mauvaise phrase", &["export", "dpo", "demo.greffier", "--org", "Boulangerie Martin", "-o", "d.pdf"]),
        3,
    );
    assert!(e.contains("Phrase de passe incorrecte"), "{e}");
    assert!(!cli.path("d.pdf").exists() && !cli.path("d.csv").exists(), "nothing written");

    // The commune (name case ignored): complete, no warning.
    let o = export(&["--org", "commune de saint-aubin-sur-gard", "--format", "pdf", "-o", "d.pdf"]);
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("Fiche de désignation du délégué écrite") && !stderr.contains("Attention"), "{stderr}");
    let text = read("d.pdf");
    assert!(text.contains("Désignation du délégué à la protection des données"), "{text}");
    assert!(text.contains("Fiche complète") && text.contains("Syndicat mixte Cévennes Numérique"), "{text}");

    // The bakery, by id: what is missing is said on stderr and in the PDF.
    let orgs = ok(&cli.run(PASS, &["org", "list", "demo.greffier"]));
    let bakery =
        orgs.lines().find(|l| l.contains("Boulangerie")).unwrap().split_whitespace().next().unwrap().to_string();
    let o = export(&["--org", &bakery, "-o", "b.pdf"]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("Attention : 10 information(s) à compléter"));
    let text = read("b.pdf");
    assert!(text.contains("Non : rien dans le dossier ne rend un délégué obligatoire."), "{text}");
    assert!(text.contains("À compléter"), "{text}");

    // An existing file is never overwritten.
    let before = std::fs::read(cli.path("d.pdf")).unwrap();
    err(&export(&["--org", "Boulangerie Martin", "-o", "d.pdf"]), 6);
    assert_eq!(std::fs::read(cli.path("d.pdf")).unwrap(), before);
}

#[test]
fn export_consultation_writes_the_three_files_into_a_new_directory_and_refuses_a_full_one() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    // the commune has two AIPDs: the pack is for the telecare one, left with a high risk
    const TELECARE: &str = "20000000-0000-4000-8008-000000000002";
    let e = err(
        &cli.run(
            PASS,
            &["export", "consultation", "demo.greffier", "--org", "Commune de Saint-Aubin-sur-Gard", "-o", "x"],
        ),
        2,
    );
    assert!(e.contains("--aipd") && e.contains(TELECARE), "{e}");
    let export = |extra: &[&str]| {
        let mut args = vec![
            "export",
            "consultation",
            "demo.greffier",
            "--org",
            "Commune de Saint-Aubin-sur-Gard",
            "--aipd",
            TELECARE,
        ];
        args.extend_from_slice(extra);
        cli.run(PASS, &args)
    };

    // Usage: a directory is needed.
    let e = err(&export(&[]), 2);
    assert!(e.contains("-o"), "{e}");

    // A new directory: the three files, what is missing said on stderr (the demo leaves the
    // processor's contract to review, on purpose).
    let o = export(&["-o", "pack"]);
    ok(&o);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("Dossier de consultation préalable écrit"), "{stderr}");
    assert!(stderr.contains("Contrat de sous-traitance"), "the demo's one missing item: {stderr}");
    assert!(!stderr.contains("risque résiduel élevé"), "the telecare AIPD has a high residual risk: {stderr}");
    let mut names: Vec<String> = std::fs::read_dir(cli.path("pack"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["1 - Lettre de saisine (art. 36).pdf", "2 - AIPD.pdf", "3 - Liste de vérification.pdf"]);
    let out = Command::new("pdftotext").arg(cli.path("pack").join(&names[0])).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("(d) Coordonnées du délégué à la protection des données"), "{text}");

    // An empty existing directory is fine.
    std::fs::create_dir(cli.path("empty")).unwrap();
    ok(&export(&["-o", "empty"]));
    assert_eq!(std::fs::read_dir(cli.path("empty")).unwrap().count(), 3);

    // A non-empty directory or an existing file: exit 6, nothing touched.
    let before = std::fs::read(cli.path("pack").join(&names[1])).unwrap();
    let e = err(&export(&["-o", "pack"]), 6);
    assert!(e.contains("n'est pas un répertoire vide"), "{e}");
    assert_eq!(std::fs::read(cli.path("pack").join(&names[1])).unwrap(), before);
    std::fs::write(cli.path("file.txt"), b"x").unwrap();
    err(&export(&["-o", "file.txt"]), 6);

    // An organisation without an AIPD: usage error.
    let e =
        err(&cli.run(PASS, &["export", "consultation", "demo.greffier", "--org", "Boulangerie Martin", "-o", "b"]), 2);
    assert!(e.contains("aucune analyse d'impact"), "{e}");
    assert!(!cli.path("b").exists());
}

#[test]
fn export_breach_prints_each_document_and_its_answers_to_bad_input() {
    use greffier::model::{Breach, BreachNature, Organisation, OrganisationBundle};
    let cli = Cli::new();
    let mut b = OrganisationBundle::new(Organisation::new("Boulangerie Martin"));
    let aware = chrono::DateTime::parse_from_rfc3339("2026-03-10T09:30:00Z").unwrap().with_timezone(&chrono::Utc);
    let mut laptop = Breach::new("Vol d'un ordinateur portable", aware);
    laptop.natures = vec![BreachNature::Confidentiality];
    let twin_a = Breach::new("Courrier égaré", aware);
    let twin_b = Breach::new("Courrier égaré", aware + chrono::TimeDelta::days(3));
    let (laptop_id, a_id, b_id) = (laptop.id.to_string(), twin_a.id.to_string(), twin_b.id.to_string());
    b.breaches = vec![laptop, twin_a, twin_b];
    let file = serde_json::json!({
        "format": greffier::documents::json::FORMAT,
        "format_version": greffier::documents::json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/cli.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000ad",
        "organisations": [b],
    });
    std::fs::write(cli.path("violations.json"), file.to_string()).unwrap();
    ok(&cli.run(PASS, &["import", "v.greffier", "--json", "violations.json"]));
    let export = |extra: &[&str]| {
        let mut args = vec!["export", "breach", "v.greffier"];
        args.extend_from_slice(extra);
        cli.run(PASS, &args)
    };
    let pdftext = |name: &str| {
        let o = Command::new("pdftotext").arg(cli.path(name)).arg("-").output().unwrap();
        String::from_utf8_lossy(&o.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
    };

    // Usage mistakes: exit 2, nothing written.
    let e = err(&export(&["--breach", "Vol d'un ordinateur portable", "-o", "x.pdf"]), 2);
    assert!(e.contains("--document") && e.contains("letter"), "{e}");
    let e = err(&export(&["--document", "memo", "-o", "x.pdf"]), 2);
    assert!(e.contains("document inconnu « memo »"), "{e}");
    let e = err(&export(&["--document", "letter", "--breach", &laptop_id]), 2);
    assert!(e.contains("-o"), "{e}");
    let e = err(&export(&["--document", "sheet", "-o", "x.pdf"]), 2);
    assert!(e.contains("--breach") && e.contains(&laptop_id) && e.contains("Courrier égaré"), "{e}");
    let e = err(&export(&["--document", "letter", "--breach", "Panne du serveur", "-o", "x.pdf"]), 2);
    assert!(e.contains("aucune violation ne s'appelle « Panne du serveur »"), "{e}");
    let e =
        err(&export(&["--document", "letter", "--breach", "00000000-0000-4000-8000-000000000000", "-o", "x.pdf"]), 2);
    assert!(e.contains("aucune violation"), "{e}");
    let e = err(&export(&["--document", "letter", "--breach", "courrier égaré", "-o", "x.pdf"]), 2);
    assert!(e.contains("plusieurs violations") && e.contains(&a_id) && e.contains(&b_id), "{e}");
    assert!(!e.contains(&laptop_id), "{e}");
    let e = err(
        &cli.run(
            PASS,
            &[
                "--lang",
                "en",
                "export",
                "breach",
                "v.greffier",
                "--document",
                "sheet",
                "--breach",
                "Courrier égaré",
                "-o",
                "x.pdf",
            ],
        ),
        2,
    );
    assert!(e.contains("several breaches"), "{e}");
    assert!(!cli.path("x.pdf").exists(), "nothing written");

    // Each document.
    ok(&export(&["--document", "sheet", "--breach", "vol d'un ordinateur portable", "-o", "fiche.pdf"]));
    let text = pdftext("fiche.pdf");
    assert!(text.contains("Fiche de notification") && text.contains("Vol d'un ordinateur portable"), "{text}");
    ok(&export(&["--document", "letter", "--breach", &b_id, "-o", "lettre.pdf"]));
    let text = pdftext("lettre.pdf");
    assert!(text.contains("Projet de lettre") && text.contains("Courrier égaré"), "{text}");
    assert!(text.contains("À compléter") && text.contains("cybermalveillance.gouv.fr"), "{text}");
    ok(&export(&["--document", "register", "-o", "registre.pdf"]));
    let text = pdftext("registre.pdf");
    assert!(text.contains("Registre des violations de données") && text.contains("3 (dont 3 ouvertes)"), "{text}");
    // An existing file is never overwritten.
    let before = std::fs::read(cli.path("lettre.pdf")).unwrap();
    err(&export(&["--document", "letter", "--breach", &laptop_id, "-o", "lettre.pdf"]), 6);
    assert_eq!(std::fs::read(cli.path("lettre.pdf")).unwrap(), before);

    // An organisation without breaches: the register still prints, a letter is refused.
    ok(&cli.run(PASS, &["new", "vide.greffier", "--org", "Mairie"]));
    ok(&cli.run(PASS, &["export", "breach", "vide.greffier", "--document", "register", "-o", "vide.pdf"]));
    assert!(pdftext("vide.pdf").contains("Aucune violation"));
    let e = err(&cli.run(PASS, &["export", "breach", "vide.greffier", "--document", "letter", "-o", "l.pdf"]), 2);
    assert!(e.contains("n'a aucune violation"), "{e}");
}

#[test]
fn documents_lists_the_catalogue_and_export_document_makes_and_records_any_of_them() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    const COMMUNE: &str = "Commune de Saint-Aubin-sur-Gard";
    const TELECARE: &str = "20000000-0000-4000-8008-000000000002";
    // two organisations: name one
    let e = err(&cli.run(PASS, &["documents", "demo.greffier"]), 2);
    assert!(e.contains("--org"), "{e}");
    let list = ok(&cli.run(PASS, &["documents", "demo.greffier", "--organisation", COMMUNE]));
    assert!(list.contains("Conformité") && list.contains("Téléservices de la CNIL"), "{list}");
    assert!(list.contains(&format!("consultation:{TELECARE}")), "{list}");
    assert!(list.contains("[pdf, docx, odt, ods, xlsx, csv]") && list.contains("jamais généré"), "{list}");
    let json = ok(&cli.run(PASS, &["documents", "demo.greffier", "--org", COMMUNE, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let entries = v.as_array().unwrap();
    assert!(entries.iter().any(|e| e["key"] == "register" && e["formats"][1] == "docx"), "{json}");
    let english = ok(&cli.run(PASS, &["--lang", "en", "documents", "demo.greffier", "--org", COMMUNE]));
    assert!(english.contains("Record of processing activities") && english.contains("never generated"), "{english}");

    let export = |args: &[&str]| {
        let mut all = vec!["export", "document", "demo.greffier"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--org", COMMUNE]);
        cli.run(PASS, &all)
    };
    // one file, read back; the generation is recorded
    ok(&export(&["register", "--format", "docx", "-o", "registre.docx"]));
    let bytes = std::fs::read(cli.path("registre.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");
    ok(&export(&["annual-report", "--format", "pdf", "-o", "bilan.pdf"]));
    let out = Command::new("pdftotext").arg(cli.path("bilan.pdf")).arg("-").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(COMMUNE));
    let list = ok(&cli.run(PASS, &["documents", "demo.greffier", "--org", COMMUNE]));
    let after_register = list.split("  register\n").nth(1).unwrap().lines().nth(1).unwrap().to_string();
    assert!(after_register.contains("dernière génération") && after_register.contains("(docx)"), "{list}");
    // a record named by its title rather than its id
    ok(&export(&["notice:Listes électorales", "--format", "odt", "-o", "mentions.odt"]));
    assert!(std::fs::read(cli.path("mentions.odt")).unwrap().starts_with(b"PK"));
    // CSV goes to the standard output without -o
    let csv = ok(&export(&["security", "--format", "csv"]));
    assert!(csv.lines().count() >= 2, "{csv}");
    // a pack: a new folder, then refused once it is full; or one zip
    ok(&export(&[&format!("consultation:{TELECARE}"), "--format", "folder", "-o", "pack"]));
    let files = std::fs::read_dir(cli.path("pack")).unwrap().count();
    assert_eq!(files, 4, "three PDFs and the editable cover letter");
    err(&export(&[&format!("consultation:{TELECARE}"), "--format", "folder", "-o", "pack"]), 6);
    ok(&export(&[&format!("consultation:{TELECARE}"), "--format", "zip", "-o", "pack.zip"]));
    assert!(std::fs::read(cli.path("pack.zip")).unwrap().starts_with(b"PK"));

    // bad input: unknown key, format not offered, existing file, missing key or format
    let e = err(&export(&["registre", "--format", "pdf", "-o", "x.pdf"]), 2);
    assert!(e.contains("inconnu"), "{e}");
    let e = err(&export(&["dpo-designation", "--format", "docx", "-o", "x.docx"]), 2);
    assert!(e.contains("pdf"), "{e}");
    let e = err(&export(&["register", "--format", "doc", "-o", "x.doc"]), 2);
    assert!(e.contains("format inconnu"), "{e}");
    err(&export(&["register", "--format", "docx", "-o", "registre.docx"]), 6);
    err(&export(&["register", "--format", "docx"]), 2);
    let e = err(&cli.run(PASS, &["export", "document", "demo.greffier"]), 2);
    assert!(e.contains("clé"), "{e}");
    assert!(!cli.path("x.pdf").exists() && !cli.path("x.docx").exists(), "nothing written");

    // --read-only: made, not recorded
    ok(&export(&["breach-register", "--format", "odt", "-o", "violations.odt", "--read-only"]));
    let json = ok(&cli.run(PASS, &["documents", "demo.greffier", "--org", COMMUNE, "--json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let find = |key: &str| v.as_array().unwrap().iter().find(|e| e["key"] == key).unwrap().clone();
    assert!(find("breach-register")["last_generated"].is_null(), "{json}");
    assert_eq!(find("annual-report")["last_generated"]["format"], "pdf", "{json}");
}

#[test]
fn export_consultation_can_write_one_zip() {
    let cli = Cli::new();
    ok(&cli.run(PASS, &["demo", "demo.greffier"]));
    let args = |out: &str| {
        vec![
            "export".to_string(),
            "consultation".into(),
            "demo.greffier".into(),
            "--org".into(),
            "Commune de Saint-Aubin-sur-Gard".into(),
            "--aipd".into(),
            "20000000-0000-4000-8008-000000000002".into(),
            "--zip".into(),
            "-o".into(),
            out.into(),
        ]
    };
    let run = |out: &str| cli.cmd(PASS).args(args(out)).output().unwrap();
    ok(&run("pack.zip"));
    let bytes = std::fs::read(cli.path("pack.zip")).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..z.len()).map(|i| z.by_index(i).unwrap().name().unwrap().to_string()).collect();
    assert_eq!(names, ["1 - Lettre de saisine (art. 36).pdf", "2 - AIPD.pdf", "3 - Liste de vérification.pdf"]);
    // never over an existing file
    err(&run("pack.zip"), 6);
}
