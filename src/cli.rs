//! The `greffier` command: thin over [`crate::store`] and [`crate::documents`].
//!
//! Passphrases come from an interactive prompt, or from `GREFFIER_PASSPHRASE` (and
//! `GREFFIER_NEW_PASSPHRASE` for a new one) for scripts — less safe, since the environment
//! of a process can be read by other programs of the same user.
//!
//! Exit codes: 0 success · 1 other error · 2 usage · 3 wrong passphrase · 4 not a dossier,
//! damaged or too new · 5 dossier already open · 6 invalid input (nothing written).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use uuid::Uuid;

use crate::documents::aipd_pdf::{aipd_export, screening_pdf, AipdFormat};
use crate::documents::dpo_pdf::designation_pdf;
use crate::documents::json::{self, ImportError};
use crate::documents::register_export::{export_register, RegisterExportOptions, RegisterFormat};
use crate::documents::security_pdf::{export_security, SecurityFormat, SecurityReportOptions};
use crate::model::{Organisation, OrganisationBundle};
use crate::store::{Backups, Dossier, Options, Passphrase, StoreError};

/// The demo content: two organisations (a bakery and a commune), in the JSON format.
pub const DEMO_JSON: &str = include_str!("../assets/demo/demo.json");

#[derive(Parser, Debug)]
#[command(
    name = "greffier",
    version,
    about = "Greffier — dossier RGPD chiffré, hors ligne (registre, sécurité, AIPD).",
    long_about = "Greffier tient le dossier RGPD d'un organisme dans un fichier chiffré local.\n\
                  Phrase de passe : demandée au clavier, ou lue dans GREFFIER_PASSPHRASE (et \
                  GREFFIER_NEW_PASSPHRASE pour une nouvelle) pour les scripts — moins sûr."
)]
pub struct Cli {
    /// Nom écrit dans le journal des modifications (défaut : utilisateur du système).
    #[arg(long, global = true, env = "GREFFIER_USER")]
    user: Option<String>,
    /// Langue des messages : fr (défaut) ou en.
    #[arg(long, global = true, env = "GREFFIER_LANG", default_value = "fr")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Crée un nouveau dossier chiffré.
    New {
        file: PathBuf,
        /// Nom du premier organisme à y créer.
        #[arg(long)]
        org: Option<String>,
    },
    /// Affiche le contenu d'un dossier (organismes, nombre de fiches, format).
    Info { file: PathBuf },
    /// Liste les documents que le dossier peut produire pour un organisme : clé, titre, formats,
    /// informations à compléter, dernière génération. Chaque document se produit ensuite avec
    /// `greffier export document DOSSIER CLÉ --format FORMAT -o SORTIE`.
    Documents {
        file: PathBuf,
        /// L'organisme (identifiant ou nom) quand le dossier en a plusieurs.
        #[arg(long, visible_alias = "organisation")]
        org: Option<String>,
        /// La liste en JSON (pour un script).
        #[arg(long)]
        json: bool,
    },
    /// Change la phrase de passe d'un dossier.
    Passwd { file: PathBuf },
    /// Exporte tout le dossier en JSON (`export DOSSIER --json`), le registre d'un
    /// organisme (`export register DOSSIER --format pdf|public-pdf|ods|xlsx|csv -o FICHIER`)
    /// ou son évaluation de la sécurité (`export security DOSSIER --format pdf|csv -o FICHIER` :
    /// rapport PDF, ou plan d'action en CSV), ou une analyse d'impact (`export aipd DOSSIER
    /// [--aipd ID|NOM] --format pdf|pia-json -o FICHIER` : rapport PDF, ou fichier pour le
    /// logiciel PIA de la CNIL), ou l'analyse préalable d'un traitement (`export screening
    /// DOSSIER --processing ID|NOM -o FICHIER` : PDF « une AIPD est-elle requise ? »), ou la
    /// fiche de désignation du délégué (`export dpo DOSSIER [--org ID|NOM] -o FICHIER` : PDF),
    /// le dossier de consultation préalable (`export consultation DOSSIER [--aipd ID|NOM] -o
    /// DOSSIER_DE_SORTIE` : lettre art. 36, AIPD, liste de vérification) ou un document de
    /// violation (`export breach DOSSIER [--breach ID|NOM] --document sheet|letter|register -o
    /// FICHIER` : fiche de notification, lettre aux personnes, registre des violations), ou
    /// n'importe quel document de la liste `greffier documents` (`export document DOSSIER CLÉ
    /// --format FORMAT -o SORTIE`, la génération étant notée dans le dossier).
    Export {
        /// Le dossier ; ou `register`, `security`, `aipd`, `screening`, `dpo`, `consultation` ou
        /// `breach` suivi du dossier ; ou `document` suivi du dossier et de la clé du document.
        #[arg(
            num_args = 1..=3,
            required = true,
            value_name = "[register|security|aipd|screening|dpo|consultation|breach|document] DOSSIER [CLÉ]"
        )]
        args: Vec<PathBuf>,
        /// Tout le dossier en JSON.
        #[arg(long)]
        json: bool,
        /// Format du registre (pdf, public-pdf, ods, xlsx, csv), de la sécurité (pdf, csv), de
        /// l'AIPD (pdf, pia-json), de l'analyse préalable ou de la fiche du délégué (pdf).
        #[arg(long, value_name = "FORMAT")]
        format: Option<String>,
        /// Fichier de sortie (sinon : sortie standard, pour JSON et CSV).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// L'organisme (identifiant ou nom) quand le dossier en a plusieurs.
        #[arg(long, visible_alias = "organisation")]
        org: Option<String>,
        /// Inclure les traitements archivés.
        #[arg(long)]
        include_archived: bool,
        /// L'analyse d'impact (identifiant ou nom) quand l'organisme en a plusieurs.
        #[arg(long, value_name = "ID|NOM")]
        aipd: Option<String>,
        /// Le traitement (identifiant, nom ou référence) dont imprimer l'analyse préalable.
        #[arg(long, value_name = "ID|NOM")]
        processing: Option<String>,
        /// La violation de données (identifiant ou intitulé) pour `export breach`.
        #[arg(long, value_name = "ID|INTITULÉ")]
        breach: Option<String>,
        /// Le document d'une violation : sheet (fiche de notification), letter (lettre aux
        /// personnes) ou register (registre des violations).
        #[arg(long, value_name = "sheet|letter|register")]
        document: Option<String>,
        /// `export consultation` : un seul fichier .zip (-o FICHIER) au lieu d'un répertoire.
        #[arg(long)]
        zip: bool,
        /// `export document` : ouvrir le dossier en lecture seule (la génération n'y est pas notée).
        #[arg(long)]
        read_only: bool,
    },
    /// Importe un export JSON dans un dossier (créé s'il n'existe pas). Tout ou rien.
    Import {
        /// Dossier de destination.
        file: PathBuf,
        /// Fichier JSON à importer.
        #[arg(long, value_name = "JSON")]
        json: PathBuf,
    },
    /// Sauvegardes automatiques : lister, restaurer, en faire une.
    Backup {
        #[command(subcommand)]
        action: BackupCommand,
    },
    /// Vérifie l'intégrité du dossier (structure, chiffrement, format, fiches).
    Check { file: PathBuf },
    /// Crée un dossier d'exemple : une boulangerie et une commune.
    Demo {
        #[arg(default_value = "demo.greffier")]
        file: PathBuf,
    },
    /// Organismes d'un dossier : lister, exporter vers leur propre dossier, importer.
    Org {
        #[command(subcommand)]
        action: OrgCommand,
    },
    /// Affiche le schéma JSON du format d'export.
    Schema,
}

#[derive(Subcommand, Debug)]
enum BackupCommand {
    /// Liste les sauvegardes d'un dossier (ou de tous avec --all). Sans phrase de passe.
    List {
        file: Option<PathBuf>,
        #[arg(long)]
        all: bool,
    },
    /// Remplace un dossier par une sauvegarde ; le fichier actuel est d'abord gardé en copie.
    Restore {
        backup: PathBuf,
        #[arg(long)]
        to: PathBuf,
    },
    /// Fait une sauvegarde maintenant.
    Now { file: PathBuf },
}

#[derive(Subcommand, Debug)]
enum OrgCommand {
    List {
        file: PathBuf,
    },
    /// Exporte un organisme vers un nouveau dossier chiffré (à remettre au client).
    Export {
        file: PathBuf,
        #[arg(long)]
        org: Uuid,
        #[arg(long)]
        to: PathBuf,
    },
    /// Importe les organismes d'un autre dossier (tous, ou celui désigné par --org).
    Import {
        file: PathBuf,
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        org: Option<Uuid>,
    },
    /// Ajoute un organisme.
    Add {
        file: PathBuf,
        #[arg(long)]
        name: String,
    },
}

/// An error of the CLI, with its exit code.
struct Failure {
    code: i32,
    fr: String,
    en: String,
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::WrongPassphrase => 3,
            StoreError::NotADossier { .. } | StoreError::Corrupted { .. } | StoreError::TooNew { .. } => 4,
            StoreError::AlreadyOpen { .. } => 5,
            StoreError::Invalid(_)
            | StoreError::DuplicateId(_)
            | StoreError::PassphraseTooShort { .. }
            | StoreError::AlreadyExists(_) => 6,
            _ => 1,
        };
        let mut fr = e.to_string();
        let mut en = e.message_en();
        if matches!(e, StoreError::WrongPassphrase) {
            fr.push_str("\nSi vous êtes certain de votre phrase de passe, le fichier est peut-être endommagé : voyez « greffier backup list ».");
            en.push_str("\nIf you are sure of your passphrase, the file may be damaged: see \"greffier backup list\".");
        }
        Failure { code, fr, en }
    }
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Store(s) => s.into(),
            other => Failure { code: 6, fr: other.to_string(), en: other.message_en() },
        }
    }
}

fn fail(code: i32, fr: impl Into<String>, en: impl Into<String>) -> Failure {
    Failure { code, fr: fr.into(), en: en.into() }
}

/// Entry point: parses arguments, runs, prints errors for people; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let english = cli.lang.starts_with("en");
    match run(cli) {
        Ok(()) => 0,
        Err(f) => {
            let (label, msg) = if english { ("Error", f.en) } else { ("Erreur", f.fr) };
            eprintln!("{label} : {msg}");
            f.code
        }
    }
}

fn options(cli_user: &Option<String>) -> Options {
    let mut o = Options::default();
    if let Some(u) = cli_user {
        o.actor = u.clone();
    }
    o
}

/// Reads the passphrase of an existing dossier: from `var`, or typed at a prompt.
fn passphrase_from(var: &str, what: &str) -> Result<Passphrase, Failure> {
    if let Ok(p) = std::env::var(var) {
        return Ok(Passphrase::new(p));
    }
    rpassword::prompt_password(format!("Phrase de passe de {what} : ")).map(Passphrase::new).map_err(|e| {
        fail(
            1,
            format!("lecture de la phrase de passe impossible : {e}. Pour un script, utilisez {var}."),
            format!("cannot read the passphrase: {e}. For scripts, set {var}."),
        )
    })
}

fn passphrase(what: &str) -> Result<Passphrase, Failure> {
    passphrase_from("GREFFIER_PASSPHRASE", what)
}

/// Reads a new passphrase, twice when interactive.
fn new_passphrase(var: &str, what: &str) -> Result<Passphrase, Failure> {
    if let Ok(p) = std::env::var(var) {
        return Ok(Passphrase::new(p));
    }
    eprintln!("Choisissez une phrase de passe pour {what} (au moins {} caractères ; plusieurs mots au hasard, c'est plus sûr).", Passphrase::MIN_CHARS);
    eprintln!(
        "ATTENTION : une phrase de passe perdue ne peut pas être récupérée ; sans elle, le dossier est illisible."
    );
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt).map(zeroize::Zeroizing::new).map_err(|e| {
            fail(
                1,
                format!("lecture de la phrase de passe impossible : {e}. Pour un script, utilisez {var}."),
                format!("cannot read the passphrase: {e}. For scripts, set {var}."),
            )
        })
    };
    let a = read("Nouvelle phrase de passe : ")?;
    let b = read("Confirmez-la : ")?;
    if a != b {
        return Err(fail(
            6,
            "les deux saisies diffèrent ; rien n'a été fait.",
            "the two entries differ; nothing was done.",
        ));
    }
    Ok(Passphrase::new(a.as_str()))
}

fn open(file: &Path, user: &Option<String>, read_only: bool) -> Result<Dossier, Failure> {
    let p = passphrase(&format!("« {} »", file.display()))?;
    let mut opts = options(user);
    opts.read_only = read_only;
    let d = Dossier::open(file, &p, opts)?;
    if let Some(w) = d.backup_warning() {
        eprintln!("Attention : {w}");
    }
    Ok(d)
}

fn run(cli: Cli) -> Result<(), Failure> {
    let user = cli.user.clone();
    match cli.command {
        Command::New { file, org } => {
            let p = new_passphrase("GREFFIER_PASSPHRASE", "le nouveau dossier")?;
            let mut d = Dossier::create(&file, &p, options(&user))?;
            if let Some(name) = org {
                d.save_organisation(Organisation::new(name))?;
            }
            d.close()?;
            println!("Dossier créé : {}", file.display());
        }
        Command::Info { file } => {
            let d = open(&file, &user, true)?;
            print_info(&d)?;
        }
        Command::Documents { file, org, json: as_json } => {
            documents_cmd(&file, &user, org.as_deref(), as_json, cli.lang.starts_with("en"))?
        }
        Command::Passwd { file } => {
            let old = passphrase(&format!("« {} » (actuelle)", file.display()))?;
            let mut d = Dossier::open(&file, &old, options(&user))?;
            let new = new_passphrase("GREFFIER_NEW_PASSPHRASE", "ce dossier")?;
            d.change_passphrase(&old, &new)?;
            d.close()?;
            println!("Phrase de passe changée. Les anciennes sauvegardes gardent l'ancienne phrase de passe.");
        }
        Command::Export {
            args,
            json: as_json,
            format,
            output,
            org,
            include_archived,
            aipd,
            processing,
            breach,
            document,
            zip,
            read_only,
        } => {
            let usage = || {
                fail(
                    2,
                    "usage : greffier export DOSSIER --json, greffier export register DOSSIER --format FORMAT, \
                     greffier export security DOSSIER --format pdf|csv, \
                     greffier export aipd DOSSIER --format pdf|pia-json \
                     greffier export screening DOSSIER --processing ID|NOM -o FICHIER, \
                     greffier export dpo DOSSIER -o FICHIER, greffier export consultation DOSSIER -o DOSSIER_DE_SORTIE, \
                     greffier export breach DOSSIER --document sheet|letter|register -o FICHIER \
                     ou greffier export document DOSSIER CLÉ --format FORMAT -o SORTIE (clés : greffier documents)",
                    "usage: greffier export DOSSIER --json, greffier export register DOSSIER --format FORMAT, \
                     greffier export security DOSSIER --format pdf|csv, \
                     greffier export aipd DOSSIER --format pdf|pia-json \
                     greffier export screening DOSSIER --processing ID|NAME -o FILE, \
                     greffier export dpo DOSSIER -o FILE, greffier export consultation DOSSIER -o OUTPUT_DIR, \
                     greffier export breach DOSSIER --document sheet|letter|register -o FILE \
                     or greffier export document DOSSIER KEY --format FORMAT -o OUTPUT (keys: greffier documents)",
                )
            };
            if let [what, file, key] = args.as_slice() {
                if what.to_str() != Some("document") {
                    return Err(usage());
                }
                let key = key.to_string_lossy();
                let req = DocumentRequest { format: format.as_deref(), output, org: org.as_deref(), read_only };
                return export_document_cmd(file, &user, &key, req);
            }
            if matches!(args.as_slice(), [what, _] if what.to_str() == Some("document")) {
                return Err(fail(
                    2,
                    "précisez la clé du document : greffier export document DOSSIER CLÉ --format FORMAT -o SORTIE \
                     (« greffier documents DOSSIER » liste les clés)",
                    "give the document's key: greffier export document DOSSIER KEY --format FORMAT -o OUTPUT \
                     (\"greffier documents DOSSIER\" lists the keys)",
                ));
            }
            let (file, what) = match args.as_slice() {
                [what, file] => (
                    file.clone(),
                    what.to_str().filter(|w| {
                        ["register", "security", "aipd", "screening", "dpo", "consultation", "breach"].contains(w)
                    }),
                ),
                [file] => (file.clone(), Some("")),
                _ => (PathBuf::new(), None),
            };
            match what {
                None => return Err(usage()),
                Some("register") => {
                    let (format, org) = (format.as_deref(), org.as_deref());
                    return export_register_cmd(&file, &user, format, output, org, include_archived);
                }
                Some("security") => {
                    return export_security_cmd(&file, &user, format.as_deref(), output, org.as_deref())
                }
                Some("aipd") => {
                    let (format, org, aipd) = (format.as_deref(), org.as_deref(), aipd.as_deref());
                    return export_aipd_cmd(&file, &user, format, output, org, aipd);
                }
                Some("screening") => {
                    let (format, org, processing) = (format.as_deref(), org.as_deref(), processing.as_deref());
                    return export_screening_cmd(&file, &user, format, output, org, processing);
                }
                Some("dpo") => return export_dpo_cmd(&file, &user, format.as_deref(), output, org.as_deref()),
                Some("breach") => {
                    let (org, breach, document) = (org.as_deref(), breach.as_deref(), document.as_deref());
                    return export_breach_cmd(&file, &user, output, org, breach, document);
                }
                Some("consultation") => {
                    return export_consultation_cmd(&file, &user, output, org.as_deref(), aipd.as_deref(), zip)
                }
                Some(_) => {}
            }
            if !as_json {
                return Err(fail(
                    2,
                    "précisez --json (tout le dossier) ou « export register » (le registre)",
                    "give --json (the whole dossier) or \"export register\" (the register)",
                ));
            }
            let d = open(&file, &user, true)?;
            let text = json::to_string(&json::export(&d)?);
            match output {
                Some(out) => {
                    write_new_file(&out, text.as_bytes())?;
                    eprintln!("Export JSON écrit : {} (non chiffré : conservez-le en lieu sûr).", out.display());
                }
                None => {
                    let mut stdout = std::io::stdout().lock();
                    let _ = stdout.write_all(text.as_bytes());
                }
            }
        }
        Command::Import { file, json: input } => {
            let bytes = std::fs::read(&input).map_err(|e| StoreError::io(&input, e))?;
            let export = json::parse(&bytes)?;
            let mut d = if file.exists() {
                let p = passphrase(&format!("« {} »", file.display()))?;
                Dossier::open(&file, &p, options(&user))?
            } else {
                let p = new_passphrase("GREFFIER_PASSPHRASE", "le nouveau dossier")?;
                Dossier::create(&file, &p, options(&user))?
            };
            json::import_into(&mut d, &export)?;
            let n: usize = export.organisations.iter().map(OrganisationBundle::record_count).sum();
            d.close()?;
            println!(
                "Import terminé : {} organisme(s), {n} fiche(s) dans {}.",
                export.organisations.len(),
                file.display()
            );
        }
        Command::Backup { action } => run_backup(action, &user)?,
        Command::Check { file } => {
            let d = open(&file, &user, true)?;
            let r = d.check()?;
            println!("Intégrité SQLite : {}", r.integrity.join(" ; "));
            println!(
                "Authentification des pages chiffrées : {}",
                if r.cipher_integrity.is_empty() { "ok".to_string() } else { r.cipher_integrity.join(" ; ") }
            );
            println!("Format : {} (cette version : {})", r.format_version, r.supported_version);
            println!("Liens cassés : {}", r.foreign_key_violations);
            for line in r.unreadable_records.iter().chain(&r.invalid_records) {
                println!("  problème : {line}");
            }
            if !r.is_ok() {
                return Err(fail(
                    4,
                    "le dossier a des problèmes (voir ci-dessus) : restaurez une sauvegarde (greffier backup list).",
                    "the dossier has problems (see above): restore a backup (greffier backup list).",
                ));
            }
            println!("Le dossier est sain.");
        }
        Command::Demo { file } => {
            let bundles: Vec<OrganisationBundle> = serde_json::from_str(DEMO_JSON).map_err(|e| {
                fail(1, format!("contenu de démonstration illisible : {e}"), format!("demo content unreadable: {e}"))
            })?;
            let p = new_passphrase("GREFFIER_PASSPHRASE", "le dossier de démonstration")?;
            let mut d = Dossier::create(&file, &p, options(&user))?;
            d.insert_bundles(&bundles, &[])?;
            print_info(&d)?;
            d.close()?;
            println!("Dossier de démonstration créé : {}", file.display());
        }
        Command::Org { action } => run_org(action, &user)?,
        Command::Schema => print!("{}", json::schema()),
    }
    Ok(())
}

/// The `--format` of an export: required, one of `all` (named by `name`).
fn chosen_format<F: Copy>(
    format: Option<&str>,
    all: &[F],
    name: fn(F) -> &'static str,
    parse: fn(&str) -> Option<F>,
) -> Result<F, Failure> {
    let names = || all.iter().map(|&f| name(f)).collect::<Vec<_>>().join(", ");
    match format {
        None => Err(fail(2, format!("précisez --format ({})", names()), format!("give --format ({})", names()))),
        Some(f) => parse(f).ok_or_else(|| {
            fail(2, format!("format inconnu « {f} » : {}", names()), format!("unknown format \"{f}\": {}", names()))
        }),
    }
}

/// A format that is not text needs `-o`: refused before the dossier is even opened.
fn needs_output(output: &Option<PathBuf>, text: bool) -> Result<(), Failure> {
    if output.is_none() && !text {
        return Err(fail(
            2,
            "précisez le fichier de sortie avec -o (ce format n'est pas du texte)",
            "give the output file with -o (this format is not text)",
        ));
    }
    Ok(())
}

/// Writes an export to `output` (never over an existing file) and says so, reminding that
/// it is not encrypted; without `-o` (text formats only, see [`needs_output`]) to the
/// standard output.
fn deliver(output: Option<PathBuf>, bytes: &[u8], written_fr: &str) -> Result<(), Failure> {
    match output {
        Some(out) => {
            write_new_file(&out, bytes)?;
            eprintln!("{written_fr} : {} (non chiffré : conservez-le en lieu sûr).", out.display());
        }
        None => {
            let _ = std::io::stdout().lock().write_all(bytes);
        }
    }
    Ok(())
}

/// `greffier export register`: the register of one organisation in a chosen format.
fn export_register_cmd(
    file: &Path,
    user: &Option<String>,
    format: Option<&str>,
    output: Option<PathBuf>,
    org: Option<&str>,
    include_archived: bool,
) -> Result<(), Failure> {
    let format = chosen_format(format, &RegisterFormat::ALL, RegisterFormat::as_str, RegisterFormat::parse)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    needs_output(&output, format == RegisterFormat::Csv)?;
    let on = chrono::Local::now().date_naive();
    let opts =
        RegisterExportOptions { include_archived, on, version_label: format!("Version du {}", on.format("%d/%m/%Y")) };
    let bytes = export_register(&bundle, format, &opts).map_err(|e| fail(1, e.message_fr(), e.message_en()))?;
    deliver(output, &bytes, "Registre écrit")
}

/// The organisation named by `--org` (id or name), or the only one of the dossier.
fn chosen_organisation(d: &Dossier, org: Option<&str>) -> Result<Uuid, Failure> {
    let orgs = d.organisation_summaries()?;
    let chosen = match org {
        Some(o) => orgs.iter().find(|s| s.id.to_string() == o || s.name.eq_ignore_ascii_case(o.trim())),
        None if orgs.len() == 1 => orgs.first(),
        None => None,
    };
    match chosen {
        Some(c) => Ok(c.id),
        None => {
            let list = orgs.iter().map(|s| format!("{} ({})", s.name, s.id)).collect::<Vec<_>>().join(", ");
            Err(fail(
                2,
                format!("précisez l'organisme avec --org : {list}"),
                format!("name the organisation with --org: {list}"),
            ))
        }
    }
}

/// `greffier export security`: the security report (PDF) or action plan (CSV) of one
/// organisation. Same organisation choice and output rules as `export register`.
fn export_security_cmd(
    file: &Path,
    user: &Option<String>,
    format: Option<&str>,
    output: Option<PathBuf>,
    org: Option<&str>,
) -> Result<(), Failure> {
    let format = chosen_format(format, &SecurityFormat::ALL, SecurityFormat::as_str, SecurityFormat::parse)?;
    needs_output(&output, format != SecurityFormat::Pdf)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    if bundle.security_assessments.is_empty() {
        eprintln!(
            "Attention : cet organisme n'a pas encore d'évaluation de la sécurité ; le document part d'une évaluation vide."
        );
    }
    let on = chrono::Local::now().date_naive();
    let opts =
        SecurityReportOptions { generated_on: on, version_label: format!("Version du {}", on.format("%d/%m/%Y")) };
    let bytes = export_security(&bundle, format, &opts).map_err(|e| fail(1, e.message_fr(), e.message_en()))?;
    let what = match format {
        SecurityFormat::Pdf => "Rapport de sécurité écrit",
        SecurityFormat::Csv => "Plan d'action écrit",
    };
    deliver(output, &bytes, what)
}

/// `greffier export aipd`: one impact assessment of one organisation, as its PDF report
/// or as a file for the CNIL PIA software. Same organisation choice and output rules as
/// the other exports; `--aipd` may be left out when the organisation has a single AIPD.
fn export_aipd_cmd(
    file: &Path,
    user: &Option<String>,
    format: Option<&str>,
    output: Option<PathBuf>,
    org: Option<&str>,
    aipd: Option<&str>,
) -> Result<(), Failure> {
    let format = chosen_format(format, &AipdFormat::ALL, AipdFormat::as_str, AipdFormat::parse)?;
    needs_output(&output, format != AipdFormat::Pdf)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    let id = chosen_aipd(&bundle, aipd)?;
    let on = chrono::Local::now().date_naive();
    let bytes = aipd_export(&bundle, id, format, on).map_err(|e| fail(1, e.message_fr(), e.message_en()))?;
    let what = match format {
        AipdFormat::Pdf => "Rapport d'AIPD écrit",
        AipdFormat::PiaJson => "Fichier pour le logiciel PIA écrit",
    };
    deliver(output, &bytes, what)
}

/// Refuses a pack's output directory that exists and is not empty (or is a file): nothing
/// is ever overwritten (exit 6).
fn check_empty_dir(dir: &Path) -> Result<(), Failure> {
    let occupied = if dir.is_dir() {
        std::fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))?.next().is_some()
    } else {
        dir.exists()
    };
    if occupied {
        return Err(fail(
            6,
            format!("« {} » existe déjà et n'est pas un répertoire vide : rien n'a été écrit", dir.display()),
            format!("\"{}\" already exists and is not an empty directory: nothing was written", dir.display()),
        ));
    }
    Ok(())
}

/// Writes a pack's files into `dir` (created if absent; checked empty beforehand).
fn write_pack(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Failure> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    for (name, bytes) in files {
        write_new_file(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// `greffier export consultation`: the prior consultation pack (Art. 36) of one AIPD, as
/// three PDF files written into `-o DIR`, a directory that must not exist or be empty
/// (nothing is ever overwritten: exit 6), or with `--zip` as one zip file `-o FILE`. What
/// the dossier lacks is said on stderr.
fn export_consultation_cmd(
    file: &Path,
    user: &Option<String>,
    output: Option<PathBuf>,
    org: Option<&str>,
    aipd: Option<&str>,
    zip: bool,
) -> Result<(), Failure> {
    use crate::documents::consultation::{consultation_missing, consultation_pack};
    let Some(dir) = output else {
        return Err(if zip {
            fail(
                2,
                "précisez avec -o le fichier .zip où écrire le dossier de consultation",
                "give with -o the .zip file to write the consultation pack into",
            )
        } else {
            fail(
                2,
                "précisez avec -o le répertoire où écrire le dossier de consultation (nouveau ou vide)",
                "give with -o the directory to write the consultation pack into (new or empty)",
            )
        });
    };
    if !zip {
        check_empty_dir(&dir)?;
    }
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    let id = chosen_aipd(&bundle, aipd)?;
    let on = chrono::Local::now().date_naive();
    let files = consultation_pack(&bundle, id, on).map_err(|e| fail(1, e.message_fr(), e.message_en()))?;
    let missing = consultation_missing(&bundle, id);
    if !missing.is_empty() {
        eprintln!("Attention : {} information(s) à compléter (« À compléter » dans les fichiers) :", missing.len());
        for m in &missing {
            eprintln!("  - {} ({})", m.label_fr, m.where_fr);
        }
    }
    if zip {
        let bytes = crate::documents::catalogue::zip_files(&files);
        return deliver(Some(dir), &bytes, "Dossier de consultation préalable écrit (zip)");
    }
    write_pack(&dir, &files)?;
    eprintln!(
        "Dossier de consultation préalable écrit : {} ({} fichiers, non chiffrés : conservez-les en lieu sûr).",
        dir.display(),
        files.len()
    );
    Ok(())
}

/// The AIPD named by `--aipd` (id, or title when only one analysis has it), or the only
/// one of the organisation. Versions of one analysis share its title: the error lists
/// each with its version, status and id, so that the id can be given instead.
fn chosen_aipd(bundle: &OrganisationBundle, aipd: Option<&str>) -> Result<Uuid, Failure> {
    let all = &bundle.aipds;
    let org = bundle.organisation.legal_name.trim();
    if all.is_empty() {
        return Err(fail(
            2,
            format!("l'organisme « {org} » n'a aucune analyse d'impact (AIPD) à exporter"),
            format!("the organisation \"{org}\" has no impact assessment (DPIA) to export"),
        ));
    }
    let describe = |list: &[&crate::model::Aipd], english: bool| {
        list.iter()
            .map(|a| {
                if english {
                    format!("{} (version {}, {}, {})", a.title, a.version, a.status.label_en(), a.id)
                } else {
                    format!("{} (version {}, {}, {})", a.title, a.version, a.status.label_fr(), a.id)
                }
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let every: Vec<&crate::model::Aipd> = all.iter().collect();
    let wanted = match aipd.map(str::trim) {
        None if all.len() == 1 => return Ok(all[0].id),
        None => {
            return Err(fail(
                2,
                format!("précisez l'analyse avec --aipd (identifiant ou nom) : {}", describe(&every, false)),
                format!("name the assessment with --aipd (id or title): {}", describe(&every, true)),
            ))
        }
        Some(w) => w,
    };
    if let Some(a) = all.iter().find(|a| a.id.to_string().eq_ignore_ascii_case(wanted)) {
        return Ok(a.id);
    }
    let matching: Vec<&crate::model::Aipd> =
        all.iter().filter(|a| a.title.trim().to_lowercase() == wanted.to_lowercase()).collect();
    match matching.as_slice() {
        [one] => Ok(one.id),
        [] => Err(fail(
            2,
            format!("aucune analyse d'impact ne s'appelle « {wanted} » ; les analyses : {}", describe(&every, false)),
            format!("no impact assessment is called \"{wanted}\"; the assessments: {}", describe(&every, true)),
        )),
        several => Err(fail(
            2,
            format!(
                "plusieurs analyses s'appellent « {wanted} » : précisez l'identifiant avec --aipd : {}",
                describe(several, false)
            ),
            format!(
                "several assessments are called \"{wanted}\": give the id with --aipd: {}",
                describe(several, true)
            ),
        )),
    }
}

/// For a document exported only as PDF: any other `--format` is refused.
fn pdf_only(format: Option<&str>, what_fr: &str, what_en: &str) -> Result<(), Failure> {
    match format.filter(|f| !f.trim().eq_ignore_ascii_case("pdf")) {
        Some(f) => Err(fail(
            2,
            format!("format inconnu « {f} » : {what_fr} ne s'exporte qu'en pdf"),
            format!("unknown format \"{f}\": {what_en} is only exported as pdf"),
        )),
        None => Ok(()),
    }
}

/// The `-o` file of a PDF export (a PDF is never written to the standard output).
fn pdf_output(output: Option<PathBuf>) -> Result<PathBuf, Failure> {
    output.ok_or_else(|| {
        fail(
            2,
            "précisez le fichier de sortie avec -o (un PDF n'est pas du texte)",
            "give the output file with -o (a PDF is not text)",
        )
    })
}

/// `greffier export screening`: the screening « une AIPD est-elle requise ? » of one
/// processing, as a PDF (the only format). Same organisation choice and output rules as
/// the other exports; `--processing` names the processing by id, name or reference.
fn export_screening_cmd(
    file: &Path,
    user: &Option<String>,
    format: Option<&str>,
    output: Option<PathBuf>,
    org: Option<&str>,
    processing: Option<&str>,
) -> Result<(), Failure> {
    pdf_only(format, "l'analyse préalable", "the screening")?;
    let out = pdf_output(output)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    let id = chosen_processing(&bundle, processing)?;
    if !bundle.aipd_screenings.iter().any(|s| s.processing == id) {
        eprintln!(
            "Attention : ce traitement n'a pas d'analyse préalable enregistrée ; le document imprime la proposition \
             tirée de la fiche du registre, marquée comme telle."
        );
    }
    let on = chrono::Local::now().date_naive();
    let bytes = screening_pdf(&bundle, id, on).map_err(|e| fail(1, e.message_fr(), e.message_en()))?;
    deliver(Some(out), &bytes, "Analyse préalable écrite")
}

/// `greffier export dpo`: the DPO designation sheet of one organisation, as a PDF (the only
/// format). Same organisation choice and output rules as the other exports; what is still
/// missing or wrong is said on the standard error (the PDF says it too).
fn export_dpo_cmd(
    file: &Path,
    user: &Option<String>,
    format: Option<&str>,
    output: Option<PathBuf>,
    org: Option<&str>,
) -> Result<(), Failure> {
    pdf_only(format, "la fiche de désignation du délégué", "the DPO designation sheet")?;
    let out = pdf_output(output)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    let sheet = crate::dpo::designation_sheet(&bundle.organisation, &bundle.processings);
    if !sheet.ready() {
        eprintln!(
            "Attention : {} information(s) à compléter et {} valeur(s) à corriger dans le profil de l'organisme \
             (marquées dans la fiche).",
            sheet.missing, sheet.invalid
        );
    }
    let on = chrono::Local::now().date_naive();
    let bytes = designation_pdf(&bundle.organisation, &bundle.processings, on)
        .map_err(|e| fail(1, e.to_string(), e.message_en()))?;
    deliver(Some(out), &bytes, "Fiche de désignation du délégué écrite")
}

/// The processing named by `--processing`: its id, or its name or reference when only one
/// processing has it (case and surrounding spaces ignored). Anything else is a usage error
/// listing the processings with their reference and id.
fn chosen_processing(bundle: &OrganisationBundle, processing: Option<&str>) -> Result<Uuid, Failure> {
    let all = &bundle.processings;
    let org = bundle.organisation.legal_name.trim();
    if all.is_empty() {
        return Err(fail(
            2,
            format!("l'organisme « {org} » n'a aucun traitement dans son registre"),
            format!("the organisation \"{org}\" has no processing in its register"),
        ));
    }
    let describe = |list: &[&crate::model::Processing]| {
        list.iter()
            .map(|p| match p.reference.trim() {
                "" => format!("{} ({})", p.name, p.id),
                r => format!("{r} {} ({})", p.name, p.id),
            })
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let every: Vec<&crate::model::Processing> = all.iter().collect();
    let Some(wanted) = processing.map(str::trim).filter(|w| !w.is_empty()) else {
        return Err(fail(
            2,
            format!("précisez le traitement avec --processing (identifiant, nom ou référence) : {}", describe(&every)),
            format!("name the processing with --processing (id, name or reference): {}", describe(&every)),
        ));
    };
    if let Some(p) = all.iter().find(|p| p.id.to_string().eq_ignore_ascii_case(wanted)) {
        return Ok(p.id);
    }
    let folded = wanted.to_lowercase();
    let mut matching: Vec<&crate::model::Processing> =
        all.iter().filter(|p| p.name.trim().to_lowercase() == folded).collect();
    if matching.is_empty() {
        matching = all
            .iter()
            .filter(|p| !p.reference.trim().is_empty() && p.reference.trim().to_lowercase() == folded)
            .collect();
    }
    match matching.as_slice() {
        [one] => Ok(one.id),
        [] => Err(fail(
            2,
            format!("aucun traitement ne s'appelle « {wanted} » ; les traitements : {}", describe(&every)),
            format!("no processing is called \"{wanted}\"; the processings: {}", describe(&every)),
        )),
        several => Err(fail(
            2,
            format!(
                "plusieurs traitements s'appellent « {wanted} » : précisez l'identifiant avec --processing : {}",
                describe(several)
            ),
            format!(
                "several processings are called \"{wanted}\": give the id with --processing: {}",
                describe(several)
            ),
        )),
    }
}

/// `greffier export breach`: a document of the breach register (Arts. 33–34) as a PDF —
/// the notification sheet or the draft letter to the persons of one breach, or the whole
/// breach register. Same organisation choice and output rules as the other exports;
/// `--breach` may be left out when the organisation has a single breach.
fn export_breach_cmd(
    file: &Path,
    user: &Option<String>,
    output: Option<PathBuf>,
    org: Option<&str>,
    breach: Option<&str>,
    document: Option<&str>,
) -> Result<(), Failure> {
    use crate::documents::breach_pdf::{breach_register_pdf, information_letter_pdf, notification_sheet_pdf};
    let document = match document.map(|d| d.trim().to_lowercase()) {
        Some(d) if ["sheet", "letter", "register"].contains(&d.as_str()) => d,
        Some(d) => {
            return Err(fail(
                2,
                format!(
                    "document inconnu « {d} » : sheet (fiche de notification), letter (lettre aux personnes) ou \
                     register (registre des violations)"
                ),
                format!(
                    "unknown document \"{d}\": sheet (notification sheet), letter (letter to the persons) or \
                     register (breach register)"
                ),
            ))
        }
        None => {
            return Err(fail(
                2,
                "précisez --document : sheet (fiche de notification), letter (lettre aux personnes) ou register \
                 (registre des violations)",
                "give --document: sheet (notification sheet), letter (letter to the persons) or register (breach \
                 register)",
            ))
        }
    };
    let out = pdf_output(output)?;
    let d = open(file, user, true)?;
    let bundle = d.bundle(chosen_organisation(&d, org)?)?;
    let now = chrono::Utc::now();
    let pdf_error = |e: crate::documents::breach_pdf::BreachPdfError| fail(1, e.message_fr(), e.message_en());
    let (bytes, what) = match document.as_str() {
        "register" => (breach_register_pdf(&bundle, now).map_err(pdf_error)?, "Registre des violations écrit"),
        "sheet" => {
            let id = chosen_breach(&bundle, breach)?;
            (notification_sheet_pdf(&bundle, id, now).map_err(pdf_error)?, "Fiche de notification écrite")
        }
        _ => {
            let id = chosen_breach(&bundle, breach)?;
            let today = chrono::Local::now().date_naive();
            (information_letter_pdf(&bundle, id, today).map_err(pdf_error)?, "Projet de lettre aux personnes écrit")
        }
    };
    deliver(Some(out), &bytes, what)
}

/// The breach named by `--breach` (id, or title when only one breach has it, case and
/// surrounding spaces ignored), or the only one of the organisation. Anything else is a
/// usage error listing the breaches with their awareness date and id.
fn chosen_breach(bundle: &OrganisationBundle, breach: Option<&str>) -> Result<Uuid, Failure> {
    let all = &bundle.breaches;
    let org = bundle.organisation.legal_name.trim();
    if all.is_empty() {
        return Err(fail(
            2,
            format!("l'organisme « {org} » n'a aucune violation de données dans son registre"),
            format!("the organisation \"{org}\" has no data breach in its register"),
        ));
    }
    let describe = |list: &[&crate::model::Breach]| {
        list.iter()
            .map(|b| format!("{} ({}, {})", b.title, b.aware_at.format("%d/%m/%Y"), b.id))
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    let every: Vec<&crate::model::Breach> = all.iter().collect();
    let wanted = match breach.map(str::trim).filter(|w| !w.is_empty()) {
        None if all.len() == 1 => return Ok(all[0].id),
        None => {
            return Err(fail(
                2,
                format!("précisez la violation avec --breach (identifiant ou intitulé) : {}", describe(&every)),
                format!("name the breach with --breach (id or title): {}", describe(&every)),
            ))
        }
        Some(w) => w,
    };
    if let Some(b) = all.iter().find(|b| b.id.to_string().eq_ignore_ascii_case(wanted)) {
        return Ok(b.id);
    }
    let folded = wanted.to_lowercase();
    let matching: Vec<&crate::model::Breach> = all.iter().filter(|b| b.title.trim().to_lowercase() == folded).collect();
    match matching.as_slice() {
        [one] => Ok(one.id),
        [] => Err(fail(
            2,
            format!("aucune violation ne s'appelle « {wanted} » ; les violations : {}", describe(&every)),
            format!("no breach is called \"{wanted}\"; the breaches: {}", describe(&every)),
        )),
        several => Err(fail(
            2,
            format!(
                "plusieurs violations s'appellent « {wanted} » : précisez l'identifiant avec --breach : {}",
                describe(several)
            ),
            format!("several breaches are called \"{wanted}\": give the id with --breach: {}", describe(several)),
        )),
    }
}

/// What `greffier export document` was asked.
struct DocumentRequest<'a> {
    format: Option<&'a str>,
    output: Option<PathBuf>,
    org: Option<&'a str>,
    read_only: bool,
}

/// A catalogue key as typed: `kind:<id>` as is; `kind:<name>` resolved to the id of the one
/// record with that title or name (like `--aipd`, `--processing`, `--breach`); fixed keys as is.
fn resolve_key(bundle: &OrganisationBundle, key: &str) -> Result<String, Failure> {
    let key = key.trim();
    let Some((kind, rest)) = key.split_once(':') else {
        return Ok(key.to_string());
    };
    let rest = rest.trim();
    if Uuid::parse_str(rest).is_ok() || rest.is_empty() {
        return Ok(key.to_string());
    }
    let id = match kind {
        "aipd" | "consultation" => chosen_aipd(bundle, Some(rest))?,
        "screening" | "notice" => chosen_processing(bundle, Some(rest))?,
        "breach-sheet" | "breach-letter" => chosen_breach(bundle, Some(rest))?,
        "processor-checklist" => {
            let folded = rest.to_lowercase();
            let matching: Vec<&crate::model::ThirdParty> =
                bundle.third_parties.iter().filter(|t| t.name.trim().to_lowercase() == folded).collect();
            match matching.as_slice() {
                [one] => one.id,
                [] => {
                    return Err(fail(
                        2,
                        format!("aucun tiers ne s'appelle « {rest} »"),
                        format!("no third party is called \"{rest}\""),
                    ))
                }
                _ => {
                    return Err(fail(
                        2,
                        format!("plusieurs tiers s'appellent « {rest} » : donnez l'identifiant"),
                        format!("several third parties are called \"{rest}\": give the id"),
                    ))
                }
            }
        }
        _ => return Ok(key.to_string()),
    };
    Ok(format!("{kind}:{id}"))
}

/// Maps a catalogue error to the CLI's exit codes: a wrong key or format is a usage error (2),
/// a document that does not apply is invalid input (6), a writer's failure is 1.
fn document_failure(e: crate::documents::catalogue::DocumentError) -> Failure {
    let code = match e.code() {
        "unknown_document" | "unsupported_format" => 2,
        "document_not_ready" => 6,
        _ => 1,
    };
    Failure { code, fr: e.message_fr(), en: e.message_en() }
}

/// `greffier export document DOSSIER KEY --format F -o PATH`: any document of the catalogue.
/// One file goes to `-o FILE` (never over an existing file; CSV and PIA JSON may go to the
/// standard output); a `folder` pack goes into `-o DIR`, created if absent and required
/// empty. The generation is then noted in the dossier for the Documents screen, unless it
/// is opened read-only (`--read-only`, or because the window holds it: said on stderr).
fn export_document_cmd(file: &Path, user: &Option<String>, key: &str, req: DocumentRequest) -> Result<(), Failure> {
    use crate::documents::catalogue::{generate, Generated, Generation, OutputFormat};
    let format = chosen_format(req.format, &OutputFormat::ALL, OutputFormat::as_str, OutputFormat::parse)?;
    needs_output(&req.output, matches!(format, OutputFormat::Csv | OutputFormat::PiaJson))?;
    if format == OutputFormat::Folder {
        match &req.output {
            Some(dir) => check_empty_dir(dir)?,
            None => {
                return Err(fail(
                    2,
                    "précisez avec -o le répertoire où écrire les fichiers (nouveau ou vide)",
                    "give with -o the directory to write the files into (new or empty)",
                ))
            }
        }
    }
    if let Some(out) = req.output.as_ref().filter(|o| format != OutputFormat::Folder && o.exists()) {
        return Err(StoreError::AlreadyExists(out.clone()).into());
    }
    let p = passphrase(&format!("« {} »", file.display()))?;
    let mut opts = options(user);
    opts.read_only = req.read_only;
    let mut d = match Dossier::open(file, &p, opts.clone()) {
        Err(StoreError::AlreadyOpen { .. }) if !req.read_only => {
            eprintln!(
                "Attention : le dossier est ouvert ailleurs ; il est lu en lecture seule et cette génération n'y sera \
                 pas notée."
            );
            opts.read_only = true;
            Dossier::open(file, &p, opts)?
        }
        other => other?,
    };
    if let Some(w) = d.backup_warning() {
        eprintln!("Attention : {w}");
    }
    let org = chosen_organisation(&d, req.org)?;
    let bundle = d.bundle(org)?;
    let key = resolve_key(&bundle, key)?;
    let now = chrono::Utc::now();
    let generated = generate(&bundle, &key, format, now).map_err(document_failure)?;
    match generated {
        Generated::File { file_name, bytes } => {
            deliver(req.output, &bytes, &format!("Document écrit (« {file_name} » proposé)"))?;
        }
        Generated::Pack { name, files } => {
            let dir = req.output.unwrap_or_else(|| PathBuf::from(&name));
            write_pack(&dir, &files)?;
            eprintln!(
                "Documents écrits : {} ({} fichiers, non chiffrés : conservez-les en lieu sûr).",
                dir.display(),
                files.len()
            );
        }
    }
    if !d.is_read_only() {
        d.record_generation(org, &key, Generation { at: now, format })?;
        d.close()?;
    }
    Ok(())
}

/// `greffier documents`: the catalogue of one organisation, as a table or as JSON.
fn documents_cmd(
    file: &Path,
    user: &Option<String>,
    org: Option<&str>,
    as_json: bool,
    english: bool,
) -> Result<(), Failure> {
    use crate::documents::catalogue::{catalogue, DocumentGroup};
    let d = open(file, user, true)?;
    let org = chosen_organisation(&d, org)?;
    let bundle = d.bundle(org)?;
    let log = d.generations(org)?;
    let today = chrono::Local::now().date_naive();
    let entries = catalogue(&bundle, &log, today);
    if as_json {
        let text = serde_json::to_string_pretty(&entries)
            .map_err(|e| fail(1, format!("JSON impossible : {e}"), format!("JSON failed: {e}")))?;
        let _ = std::io::stdout().lock().write_all(format!("{text}\n").as_bytes());
        return Ok(());
    }
    let group_label = |g: DocumentGroup| match (g, english) {
        (DocumentGroup::Compliance, false) => "Conformité",
        (DocumentGroup::Compliance, true) => "Compliance",
        (DocumentGroup::Teleservices, false) => "Téléservices de la CNIL",
        (DocumentGroup::Teleservices, true) => "CNIL online services",
        (DocumentGroup::Aipd, false) => "Analyses d'impact (AIPD)",
        (DocumentGroup::Aipd, true) => "Impact assessments (DPIA)",
        (DocumentGroup::Breaches, false) => "Violations de données",
        (DocumentGroup::Breaches, true) => "Data breaches",
        (DocumentGroup::HandOver, false) => "À remettre",
        (DocumentGroup::HandOver, true) => "To hand over",
    };
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "{} — {} document(s)", bundle.organisation.legal_name.trim(), entries.len());
    let mut group = None;
    for e in &entries {
        if group != Some(e.group) {
            group = Some(e.group);
            let _ = writeln!(out);
            let _ = writeln!(out, "{}", group_label(e.group));
        }
        let title = if english { &e.title_en } else { &e.title_fr };
        let formats = e.formats.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ");
        let missing = match (e.missing.len(), english) {
            (0, false) => "complet".to_string(),
            (0, true) => "complete".to_string(),
            (n, false) => format!("{n} à compléter"),
            (n, true) => format!("{n} to fill in"),
        };
        let last = match (&e.last_generated, english) {
            (Some(g), false) => {
                format!("dernière génération : {} ({})", crate::breach::instant_fr(g.at), g.format.as_str())
            }
            (Some(g), true) => format!("last generated: {} ({})", crate::breach::instant_en(g.at), g.format.as_str()),
            (None, false) => "jamais généré".to_string(),
            (None, true) => "never generated".to_string(),
        };
        let _ = writeln!(out, "  {}", e.key);
        let _ = writeln!(out, "      {title}");
        let _ = writeln!(out, "      [{formats}] · {missing} · {last}");
    }
    // A closed pipe (`| head`) is not an error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    Ok(())
}

fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            StoreError::AlreadyExists(path.to_path_buf())
        } else {
            StoreError::io(path, e)
        }
    })?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| StoreError::io(path, e))?;
    Ok(())
}

fn print_info(d: &Dossier) -> Result<(), Failure> {
    let info = d.info()?;
    println!("Dossier      : {}", info.path.display());
    println!("Identifiant  : {}", info.id);
    println!("Format       : {}", info.format_version);
    if let Some(c) = &info.created_at {
        println!("Créé le      : {c}");
    }
    println!("Chiffrement  : SQLCipher, clé Argon2id ({} Mio, {} passes)", info.kdf_memory_kib / 1024, info.kdf_passes);
    println!("Taille       : {} octets", info.size_bytes);
    if let Some(b) = &info.backups_dir {
        println!("Sauvegardes  : {}", b.display());
    }
    println!("Organismes   : {}", info.organisations.len());
    for o in &info.organisations {
        println!(
            "  - {} [{}] : {} traitement(s), {} activité(s) de sous-traitance, {} tiers, {} mesure(s)",
            o.name, o.id, o.processings, o.processor_activities, o.third_parties, o.measures
        );
    }
    Ok(())
}

fn run_backup(action: BackupCommand, user: &Option<String>) -> Result<(), Failure> {
    let root = crate::store::backup::default_root().ok_or_else(|| {
        fail(
            1,
            "dossier de données utilisateur introuvable (définissez GREFFIER_DATA_DIR).",
            "no user data directory (set GREFFIER_DATA_DIR).",
        )
    })?;
    match action {
        BackupCommand::List { file, all } => {
            let sets: Vec<(Backups, Vec<PathBuf>)> = match (&file, all) {
                (Some(f), false) => {
                    Backups::find_for_path(&root, f).into_iter().map(|b| (b, vec![f.clone()])).collect()
                }
                _ => Backups::all(&root),
            };
            if sets.is_empty() {
                println!("Aucune sauvegarde trouvée (dossier des sauvegardes : {}).", root.display());
                if file.is_some() {
                    println!("Si le dossier a été déplacé, « greffier backup list --all » les montre toutes.");
                }
            }
            for (b, origins) in sets {
                let names: Vec<String> = origins.iter().map(|p| p.display().to_string()).collect();
                println!("Dossier {} ({})", names.join(", "), b.dir().display());
                for i in b.list() {
                    println!(
                        "  {}  {:<24} {:>9} o  {}",
                        i.taken_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        i.reason.as_str(),
                        i.size,
                        i.path.display()
                    );
                }
            }
        }
        BackupCommand::Restore { backup, to } => {
            let p = passphrase(&format!("la sauvegarde « {} »", backup.display()))?;
            let kept = Dossier::restore(&backup, &to, &p, options(user))?;
            if let Some(k) = kept {
                println!("Le dossier précédent a été gardé en copie : {}", k.path.display());
            }
            println!(
                "Sauvegarde restaurée dans {}. Elle s'ouvre avec la phrase de passe de la sauvegarde.",
                to.display()
            );
        }
        BackupCommand::Now { file } => {
            let mut d = open(&file, user, false)?;
            let info = d.backup_now(crate::store::BackupReason::Manual)?;
            d.close()?;
            println!("Sauvegarde faite : {}", info.path.display());
        }
    }
    Ok(())
}

fn run_org(action: OrgCommand, user: &Option<String>) -> Result<(), Failure> {
    match action {
        OrgCommand::List { file } => {
            let d = open(&file, user, true)?;
            for o in d.organisation_summaries()? {
                println!("{}  {}  ({} traitement(s))", o.id, o.name, o.processings);
            }
        }
        OrgCommand::Export { file, org, to } => {
            let d = open(&file, user, true)?;
            let p = new_passphrase("GREFFIER_NEW_PASSPHRASE", "le dossier de cet organisme")?;
            d.export_organisation(org, &to, &p, options(user))?;
            println!("Organisme exporté vers {} (son propre dossier chiffré).", to.display());
        }
        OrgCommand::Import { file, from, org } => {
            let mut d = open(&file, user, false)?;
            let p = passphrase_from("GREFFIER_SOURCE_PASSPHRASE", &format!("« {} »", from.display()))?;
            let names = d.import_organisations_from(&from, &p, org)?;
            d.close()?;
            println!("Importé : {}", names.join(", "));
        }
        OrgCommand::Add { file, name } => {
            let mut d = open(&file, user, false)?;
            let o = d.save_organisation(Organisation::new(name))?;
            d.close()?;
            println!("Organisme ajouté : {} [{}]", o.legal_name, o.id);
        }
    }
    Ok(())
}
