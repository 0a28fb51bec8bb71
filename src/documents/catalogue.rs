//! Every document the dossier can produce, for the « Documents » screen and
//! `greffier documents`: what it is, its formats, what is missing for it, and when it was
//! last generated; and [`generate`], the one entry point that makes any of them (the window
//! and the command line both go through it).
//!
//! A document is named by a stable key: `register`, `register-public`, `security`,
//! `annual-report`, `undertaking`, `dpo-designation`, `breach-register`, and for one record
//! `aipd:<id>`, `screening:<processing id>`, `consultation:<aipd id>`, `notice:<processing id>`,
//! `processor-checklist:<third party id>`, `breach-sheet:<id>`, `breach-letter:<id>`.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::aipd_pdf::{
    aipd_export, aipd_flow, screening_file_name, screening_flow, screening_pdf, AipdFormat, AipdPdfError,
};
use super::breach_pdf::{
    breach_register_flow, breach_register_pdf, information_letter_flow, information_letter_pdf,
    notification_sheet_flow, notification_sheet_pdf, BreachPdfError,
};
use super::consultation::{consultation_missing, consultation_pack, cover_letter_flow, ConsultationError, COVER_FILE};
use super::dpo_pdf::{designation_file_name, designation_pdf};
use super::flow::FlowDoc;
use super::office::{render, RenderError, TextFormat};
use super::pdf::PdfError;
use super::register_export::{export_register, ExportError, RegisterExportOptions, RegisterFormat};
use super::register_pdf::{register_flow, RegisterPdfOptions};
use super::security_pdf::{export_security, security_flow, SecurityFormat, SecurityReportOptions};
use super::Missing;
use crate::aipd::risk::{high_residual_risks, HighRiskRule};
use crate::model::{Aipd, AipdStatus, Breach, Decision, OrganisationBundle, Processing};

/// The formats a document is produced in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    Pdf,
    Docx,
    Odt,
    Ods,
    Xlsx,
    Csv,
    /// The CNIL PIA software's JSON (an AIPD).
    PiaJson,
    /// Several files (a pack) in one zip archive.
    Zip,
    /// Several files (a pack) written into a folder.
    Folder,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 9] = [
        OutputFormat::Pdf,
        OutputFormat::Docx,
        OutputFormat::Odt,
        OutputFormat::Ods,
        OutputFormat::Xlsx,
        OutputFormat::Csv,
        OutputFormat::PiaJson,
        OutputFormat::Zip,
        OutputFormat::Folder,
    ];

    /// The name used on the command line (`pdf`, `docx`, `pia-json`, `zip`, `folder`…).
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Pdf => "pdf",
            OutputFormat::Docx => "docx",
            OutputFormat::Odt => "odt",
            OutputFormat::Ods => "ods",
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Csv => "csv",
            OutputFormat::PiaJson => "pia-json",
            OutputFormat::Zip => "zip",
            OutputFormat::Folder => "folder",
        }
    }

    /// Reads a name of [`OutputFormat::as_str`] (case and surrounding spaces ignored; `pia_json`
    /// accepted too).
    pub fn parse(s: &str) -> Option<OutputFormat> {
        let s = s.trim().replace('_', "-");
        OutputFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(&s))
    }

    /// File extension without the dot; none for a folder.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            OutputFormat::PiaJson => Some("json"),
            OutputFormat::Folder => None,
            f => Some(f.as_str()),
        }
    }

    /// Several files rather than one.
    pub fn is_pack(self) -> bool {
        self == OutputFormat::Folder
    }
}

/// The families of documents, in the order of the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentGroup {
    /// Register, security report, annual report.
    Compliance,
    /// What the CNIL's online services ask: DPO designation, prior consultation, breach notification.
    Teleservices,
    /// AIPD reports and screenings.
    Aipd,
    /// Breach register, sheets and letters.
    Breaches,
    /// To hand over to staff, data subjects, processors: notices, undertaking, checklist.
    HandOver,
}

/// When and how a document was last generated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generation {
    pub at: DateTime<Utc>,
    pub format: OutputFormat,
}

/// One document the dossier can produce.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentEntry {
    /// Stable key (see the module's documentation).
    pub key: String,
    pub group: DocumentGroup,
    /// The record it is about (processing, AIPD, breach, third party), if any.
    pub subject: Option<Uuid>,
    pub title_fr: String,
    pub title_en: String,
    /// What it is for, in one or two plain sentences.
    pub description_fr: String,
    pub description_en: String,
    /// Where it goes (« Téléservice « Désigner un DPO » de la CNIL », « à remettre au salarié »…), if anywhere.
    pub destination_fr: Option<String>,
    pub destination_en: Option<String>,
    /// The formats offered, the first being the usual one.
    pub formats: Vec<OutputFormat>,
    /// What the dossier lacks for it; the document can still be made (gaps print « À compléter »)
    /// unless `ready` is false.
    pub missing: Vec<Missing>,
    /// False when it cannot be made at all (e.g. a consultation pack for an AIPD without a high
    /// residual risk); `missing` then says why.
    pub ready: bool,
    pub last_generated: Option<Generation>,
}

impl DocumentEntry {
    /// Marks the entry as impossible to make, `why` first in its missing list.
    fn block(&mut self, why: Missing) {
        self.ready = false;
        self.missing.insert(0, why);
    }
}

/// What [`generate`] made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Generated {
    /// One file: its suggested name and bytes.
    File { file_name: String, bytes: Vec<u8> },
    /// A pack: a suggested folder (or zip) name and its files, in order.
    Pack { name: String, files: Vec<(String, Vec<u8>)> },
}

/// Why a document could not be made. French through `Display`.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("Ce document est inconnu ({0}) : il a peut-être été supprimé, ou la clé est mal écrite.")]
    UnknownDocument(String),
    #[error("Le format {format} n'est pas proposé pour ce document ; formats possibles : {offered}.")]
    UnsupportedFormat { format: String, offered: String },
    /// A refusal or a writer's error with its own stable code and both languages (the
    /// errors of the PDF, sheet and report writers keep their code and messages here).
    #[error("{fr}")]
    Described { code: &'static str, fr: String, en: String },
}

impl DocumentError {
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::UnknownDocument(_) => "unknown_document",
            DocumentError::UnsupportedFormat { .. } => "unsupported_format",
            DocumentError::Described { code, .. } => code,
        }
    }

    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    pub fn message_en(&self) -> String {
        match self {
            DocumentError::UnknownDocument(k) => {
                format!("This document is unknown ({k}): it may have been deleted, or the key is misspelt.")
            }
            DocumentError::UnsupportedFormat { format, offered } => {
                format!("The {format} format is not offered for this document; possible formats: {offered}.")
            }
            DocumentError::Described { en, .. } => en.clone(),
        }
    }
}

// ------------------------------------------------------------------------- keys

/// A parsed catalogue key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Register,
    RegisterPublic,
    Security,
    AnnualReport,
    Undertaking,
    DpoDesignation,
    BreachRegister,
    Aipd(Uuid),
    Screening(Uuid),
    Consultation(Uuid),
    Notice(Uuid),
    ProcessorChecklist(Uuid),
    BreachSheet(Uuid),
    BreachLetter(Uuid),
}

impl Key {
    fn parse(key: &str) -> Result<Key, DocumentError> {
        let unknown = || DocumentError::UnknownDocument(key.to_string());
        let k = key.trim();
        let fixed = match k {
            "register" => Some(Key::Register),
            "register-public" => Some(Key::RegisterPublic),
            "security" => Some(Key::Security),
            "annual-report" => Some(Key::AnnualReport),
            "undertaking" => Some(Key::Undertaking),
            "dpo-designation" => Some(Key::DpoDesignation),
            "breach-register" => Some(Key::BreachRegister),
            _ => None,
        };
        if let Some(f) = fixed {
            return Ok(f);
        }
        let (kind, id) = k.split_once(':').ok_or_else(unknown)?;
        let id = Uuid::parse_str(id.trim()).map_err(|_| unknown())?;
        Ok(match kind {
            "aipd" => Key::Aipd(id),
            "screening" => Key::Screening(id),
            "consultation" => Key::Consultation(id),
            "notice" => Key::Notice(id),
            "processor-checklist" => Key::ProcessorChecklist(id),
            "breach-sheet" => Key::BreachSheet(id),
            "breach-letter" => Key::BreachLetter(id),
            _ => return Err(unknown()),
        })
    }

    fn as_string(self) -> String {
        match self {
            Key::Register => "register".into(),
            Key::RegisterPublic => "register-public".into(),
            Key::Security => "security".into(),
            Key::AnnualReport => "annual-report".into(),
            Key::Undertaking => "undertaking".into(),
            Key::DpoDesignation => "dpo-designation".into(),
            Key::BreachRegister => "breach-register".into(),
            Key::Aipd(id) => format!("aipd:{id}"),
            Key::Screening(id) => format!("screening:{id}"),
            Key::Consultation(id) => format!("consultation:{id}"),
            Key::Notice(id) => format!("notice:{id}"),
            Key::ProcessorChecklist(id) => format!("processor-checklist:{id}"),
            Key::BreachSheet(id) => format!("breach-sheet:{id}"),
            Key::BreachLetter(id) => format!("breach-letter:{id}"),
        }
    }

    fn subject(self) -> Option<Uuid> {
        match self {
            Key::Aipd(id)
            | Key::Screening(id)
            | Key::Consultation(id)
            | Key::Notice(id)
            | Key::ProcessorChecklist(id)
            | Key::BreachSheet(id)
            | Key::BreachLetter(id) => Some(id),
            _ => None,
        }
    }
}

// ------------------------------------------------------------------------- helpers

const TEXT: [OutputFormat; 3] = [OutputFormat::Pdf, OutputFormat::Docx, OutputFormat::Odt];
const NO_NAME: &str = "Sans nom";

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

/// `text` fit for a file name: characters that file systems refuse become « - », at most 80
/// characters, no leading or trailing dot or space.
fn file_part(text: &str) -> String {
    let safe: String =
        text.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    clip(safe.trim().trim_matches('.').trim(), 80)
}

/// « Base - Part - 2026-11-24.ext » (« Base - 2026-11-24.ext » when `part` is empty); no
/// extension for a folder.
fn file_name(base: &str, part: &str, on: NaiveDate, ext: Option<&str>) -> String {
    let stem = match file_part(part).as_str() {
        "" => format!("{base} - {on}"),
        p => format!("{base} - {p} - {on}"),
    };
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// `name` with its extension replaced by `ext`.
fn with_extension(name: &str, ext: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) => format!("{stem}.{ext}"),
        None => format!("{name}.{ext}"),
    }
}

fn or_no_name(s: &str) -> String {
    match s.trim() {
        "" => NO_NAME.to_string(),
        t => clip(t, 120),
    }
}

fn org_name(bundle: &OrganisationBundle) -> String {
    bundle.organisation.legal_name.trim().to_string()
}

fn missing(fr: impl Into<String>, en: impl Into<String>, where_fr: impl Into<String>) -> Missing {
    Missing { label_fr: fr.into(), label_en: en.into(), where_fr: where_fr.into() }
}

fn text_format(f: OutputFormat) -> Option<TextFormat> {
    match f {
        OutputFormat::Pdf => Some(TextFormat::Pdf),
        OutputFormat::Docx => Some(TextFormat::Docx),
        OutputFormat::Odt => Some(TextFormat::Odt),
        _ => None,
    }
}

fn described(code: &'static str, fr: String, en: String) -> DocumentError {
    DocumentError::Described { code, fr, en }
}

impl From<PdfError> for DocumentError {
    fn from(e: PdfError) -> Self {
        described(e.code(), e.to_string(), e.message_en())
    }
}

/// The other documents' errors keep their code and both messages.
macro_rules! described_from {
    ($($error:ty),*) => {$(
        impl From<$error> for DocumentError {
            fn from(e: $error) -> Self {
                described(e.code(), e.message_fr(), e.message_en())
            }
        }
    )*};
}

described_from!(RenderError, ExportError, AipdPdfError, BreachPdfError, ConsultationError);

fn not_ready(fr: String, en: String) -> DocumentError {
    described("document_not_ready", fr, en)
}

/// An AIPD in use (not archived).
fn live_aipd(a: &Aipd) -> bool {
    a.status != AipdStatus::Archived
}

fn high_residual(a: &Aipd) -> bool {
    !high_residual_risks(a, &HighRiskRule::default()).is_empty()
}

/// The CNIL is to be notified of `b`, or was: a notification is recorded, the decision is
/// « Oui », or, while undecided, our suggestion is to notify.
fn notification_relevant(b: &Breach) -> bool {
    !b.notifications.is_empty()
        || b.notify_cnil == Decision::Yes
        || (b.notify_cnil == Decision::Undecided && crate::breach::suggestion(b).notify_cnil)
}

/// The third parties a processor contract checklist is offered for.
fn processor_candidates(bundle: &OrganisationBundle) -> Vec<(Uuid, String)> {
    super::processor_checklist::processor_candidates(bundle).into_iter().map(|t| (t.id, t.name.clone())).collect()
}

// ------------------------------------------------------------------------- entries

/// A new entry with no missing information, ready, never generated.
#[allow(clippy::too_many_arguments)]
fn entry(
    key: Key,
    group: DocumentGroup,
    title: (String, String),
    description: (String, String),
    destination: Option<(&str, &str)>,
    formats: &[OutputFormat],
) -> DocumentEntry {
    DocumentEntry {
        key: key.as_string(),
        group,
        subject: key.subject(),
        title_fr: title.0,
        title_en: title.1,
        description_fr: description.0,
        description_en: description.1,
        destination_fr: destination.map(|d| d.0.to_string()),
        destination_en: destination.map(|d| d.1.to_string()),
        formats: formats.to_vec(),
        missing: Vec::new(),
        ready: true,
        last_generated: None,
    }
}

fn s2(fr: &str, en: &str) -> (String, String) {
    (fr.to_string(), en.to_string())
}

fn register_missing(bundle: &OrganisationBundle, today: NaiveDate) -> Vec<Missing> {
    use crate::register::completeness::{completeness, Context};
    let live: Vec<&Processing> = bundle.processings.iter().filter(|p| !p.archived).collect();
    if live.is_empty() {
        return vec![missing(
            "Aucun traitement dans le registre",
            "No processing in the register",
            "Registre › Nouveau traitement",
        )];
    }
    let ctx = Context { organisation: &bundle.organisation, third_parties: &bundle.third_parties, today };
    live.iter()
        .filter_map(|p| {
            let c = completeness(p, &ctx);
            let n = c.mandatory_missing;
            let name = or_no_name(&p.name);
            (n > 0).then(|| {
                missing(
                    format!("Traitement « {name} » : {n} information(s) obligatoire(s) à compléter"),
                    format!("Processing \"{name}\": {n} mandatory item(s) to fill in"),
                    format!("Registre › {name}"),
                )
            })
        })
        .collect()
}

fn dpo_entry(bundle: &OrganisationBundle) -> DocumentEntry {
    let sheet = crate::dpo::designation_sheet(&bundle.organisation, &bundle.processings);
    let (req_fr, req_en) = if sheet.obligation.required {
        (
            "Pour votre organisme, la désignation d'un délégué est obligatoire.",
            "For your organisation, designating a DPO is mandatory.",
        )
    } else {
        (
            "D'après le registre, la désignation d'un délégué n'est pas obligatoire pour votre organisme ; elle reste \
             possible.",
            "According to the register, designating a DPO is not mandatory for your organisation; it remains possible.",
        )
    };
    let mut e = entry(
        Key::DpoDesignation,
        DocumentGroup::Teleservices,
        s2("Fiche de désignation du délégué (DPO)", "DPO designation sheet"),
        (
            format!(
                "Toutes les informations que le service en ligne de la CNIL demande pour désigner le délégué à la \
                 protection des données, dans son ordre, à recopier. {req_fr}"
            ),
            format!(
                "Every piece of information the CNIL online service asks to designate the data protection officer, in \
                 its order, to copy. {req_en}"
            ),
        ),
        Some(("Téléservice de désignation du DPO (cnil.fr)", "CNIL online DPO designation service (cnil.fr)")),
        &[OutputFormat::Pdf],
    );
    for sec in sheet.sections.iter().filter(|s| s.applies) {
        for i in &sec.items {
            if i.missing {
                e.missing.push(missing(
                    i.label_fr.clone(),
                    i.label_en.clone(),
                    format!("Organisme › {}", sec.title_fr),
                ));
            } else if let Some(p) = &i.problem_fr {
                e.missing.push(missing(
                    format!("{} : à corriger ({p})", i.label_fr),
                    format!("{}: to correct ({})", i.label_en, i.problem_en.as_deref().unwrap_or("")),
                    format!("Organisme › {}", sec.title_fr),
                ));
            }
        }
    }
    e
}

fn aipd_missing(a: &Aipd) -> Vec<Missing> {
    crate::aipd::workflow::progress(a)
        .gaps
        .into_iter()
        .map(|g| missing(g.message_fr, g.message_en, format!("AIPD › {}", g.section.label_fr())))
        .collect()
}

fn breach_title(b: &Breach) -> String {
    or_no_name(&b.title)
}

fn letter_missing(bundle: &OrganisationBundle, b: &Breach) -> Vec<Missing> {
    let mut out = Vec::new();
    let blank = |s: &str| s.trim().is_empty();
    if blank(&b.circumstances) && blank(&b.origin_details) {
        out.push(missing(
            "Ce qui s'est passé (circonstances)",
            "What happened (circumstances)",
            "Violations › Origine",
        ));
    }
    if blank(&b.consequences) {
        out.push(missing(
            "Conséquences probables pour les personnes",
            "Likely consequences for the persons",
            "Violations › Conséquences",
        ));
    }
    if b.measures_taken.iter().chain(&b.measures_planned).all(|m| blank(m)) {
        out.push(missing("Mesures prises ou prévues", "Measures taken or planned", "Violations › Mesures"));
    }
    let o = &bundle.organisation;
    let reachable = o.dpo.designated
        || o.email.as_deref().is_some_and(|e| !blank(e))
        || o.phone.as_deref().is_some_and(|p| !blank(p));
    if !reachable {
        out.push(missing(
            "Un contact pour les personnes (délégué, courriel ou téléphone de l'organisme)",
            "A contact for the persons (DPO, the organisation's e-mail or phone)",
            "Organisme › Identité",
        ));
    }
    out
}

/// The entry of `key`, whether or not the catalogue lists it: `Err(UnknownDocument)` when its
/// record is not in the bundle, `ready: false` when the record exists but the document does
/// not apply to it (an archived processing, an AIPD without a high residual risk…).
fn entry_of(bundle: &OrganisationBundle, key: Key, today: NaiveDate) -> Result<DocumentEntry, DocumentError> {
    let unknown = || DocumentError::UnknownDocument(key.as_string());
    let org = org_name(bundle);
    let public = bundle.organisation.public_body;
    Ok(match key {
        Key::Register => {
            let mut e = entry(
                key,
                DocumentGroup::Compliance,
                s2("Registre des activités de traitement", "Record of processing activities"),
                s2(
                    "Toutes les fiches du registre (article 30 du RGPD). En tableur, il reprend la présentation du \
                     modèle simplifié de la CNIL ; en CSV, une ligne par traitement.",
                    "Every entry of the register (GDPR Art. 30). As a spreadsheet it follows the CNIL simplified \
                     template; as CSV, one row per processing.",
                ),
                Some((
                    "À tenir à jour et à présenter à la CNIL si elle le demande",
                    "To keep up to date and show the CNIL on request",
                )),
                &[
                    OutputFormat::Pdf,
                    OutputFormat::Docx,
                    OutputFormat::Odt,
                    OutputFormat::Ods,
                    OutputFormat::Xlsx,
                    OutputFormat::Csv,
                ],
            );
            e.missing = register_missing(bundle, today);
            e
        }
        Key::RegisterPublic => {
            let (fr, en) = if public {
                (
                    "Le registre sans les détails de sécurité. Pour un organisme public, le registre est un document \
                     administratif communicable : c'est cette version que vous remettez à qui la demande ou que \
                     vous publiez.",
                    "The register without the security details. For a public body the register is an administrative \
                     document anyone may ask for: this is the version you hand over or publish.",
                )
            } else {
                (
                    "Le registre sans les détails de sécurité, à montrer à des partenaires ou à publier. (Pour un \
                     organisme public, c'est la version à remettre à qui la demande : le registre y est un document \
                     administratif communicable.)",
                    "The register without the security details, to show partners or publish. (For a public body it \
                     is the version to hand to anyone who asks: there the register is an administrative document \
                     anyone may ask for.)",
                )
            };
            let mut e = entry(
                key,
                DocumentGroup::Compliance,
                s2("Registre public (sans les mesures de sécurité)", "Public register (without security measures)"),
                s2(fr, en),
                Some(("À remettre sur demande ou à publier", "To hand over on request or publish")),
                &TEXT,
            );
            e.missing = register_missing(bundle, today);
            e
        }
        Key::Security => {
            let mut e = entry(
                key,
                DocumentGroup::Compliance,
                s2("Rapport d'évaluation de la sécurité", "Security assessment report"),
                s2(
                    "Le score de la liste de contrôle du guide de la sécurité de la CNIL, chapitre par chapitre, et le \
                     plan d'action. En CSV : le plan d'action seul, une ligne par action.",
                    "The score of the CNIL security guide checklist, chapter by chapter, and the action plan. As CSV: \
                     the action plan alone, one row per action.",
                ),
                Some(("Pour la direction et le dossier de conformité", "For management and the compliance file")),
                &[OutputFormat::Pdf, OutputFormat::Docx, OutputFormat::Odt, OutputFormat::Csv],
            );
            if bundle.security_assessments.is_empty() {
                e.missing.push(missing(
                    "L'évaluation de la sécurité n'est pas encore commencée",
                    "The security assessment has not been started yet",
                    "Sécurité › Liste de contrôle",
                ));
            }
            e
        }
        Key::AnnualReport => {
            let year = today.year();
            let mut e = entry(
                key,
                DocumentGroup::Compliance,
                (format!("Bilan annuel du délégué {year}"), format!("DPO annual report {year}")),
                (
                    format!(
                        "Le bilan de l'année {year} : registre, analyses d'impact, sécurité, violations, actions faites \
                         et en retard, et des recommandations."
                    ),
                    format!(
                        "The review of {year}: register, impact assessments, security, breaches, actions done and late, \
                         and recommendations."
                    ),
                ),
                Some(("À présenter à la direction", "To present to management")),
                &TEXT,
            );
            e.missing = super::annual_report::annual_report_missing(bundle);
            e
        }
        Key::DpoDesignation => dpo_entry(bundle),
        Key::Consultation(id) => {
            let a = bundle.aipds.iter().find(|a| a.id == id).ok_or_else(unknown)?;
            let title = or_no_name(&a.title);
            let mut e = entry(
                key,
                DocumentGroup::Teleservices,
                (format!("Consultation préalable de la CNIL — {title}"), format!("CNIL prior consultation — {title}")),
                s2(
                    "Un risque reste élevé après les mesures : la CNIL doit être consultée avant de commencer (article \
                     36 du RGPD). Le dossier contient la lettre de saisine, le rapport d'AIPD et une liste de \
                     vérification.",
                    "A risk remains high after the measures: the CNIL must be consulted before starting (GDPR Art. \
                     36). The pack holds the cover letter, the DPIA report and a checklist.",
                ),
                Some(("Téléservice d'envoi d'une AIPD (cnil.fr)", "CNIL online service for sending a DPIA (cnil.fr)")),
                &[OutputFormat::Zip, OutputFormat::Folder],
            );
            e.missing = consultation_missing(bundle, id);
            if !live_aipd(a) || !high_residual(a) {
                e.block(missing(
                    "Aucun risque résiduel élevé dans cette AIPD (ou elle est archivée) : pas de consultation \
                         préalable",
                    "No high residual risk in this DPIA (or it is archived): no prior consultation",
                    "AIPD › Risques",
                ));
            }
            e
        }
        Key::BreachSheet(id) => {
            let b = bundle.breaches.iter().find(|b| b.id == id).ok_or_else(unknown)?;
            let title = breach_title(b);
            let mut e = entry(
                key,
                DocumentGroup::Teleservices,
                (format!("Fiche de notification — {title}"), format!("Notification sheet — {title}")),
                s2(
                    "Ce que le formulaire de notification de la CNIL demande (article 33 du RGPD), dans l'ordre, avec \
                     le délai de 72 heures.",
                    "What the CNIL notification form asks (GDPR Art. 33), in order, with the 72-hour deadline.",
                ),
                Some((
                    "Téléservice de notification de violations de données (cnil.fr)",
                    "CNIL online data breach notification service (cnil.fr)",
                )),
                &TEXT,
            );
            for sec in crate::breach::notification_sheet(b, &bundle.organisation) {
                for i in sec.missing() {
                    e.missing.push(missing(
                        i.label_fr.clone(),
                        i.label_en.clone(),
                        format!("Violations › {title} › {}", sec.title_fr),
                    ));
                }
            }
            if !notification_relevant(b) {
                e.block(missing(
                    "Notification à la CNIL non requise d'après la décision enregistrée",
                    "Notification to the CNIL not required according to the recorded decision",
                    format!("Violations › {title} › Décisions"),
                ));
            }
            e
        }
        Key::Aipd(id) => {
            let a = bundle.aipds.iter().find(|a| a.id == id).ok_or_else(unknown)?;
            let title = or_no_name(&a.title);
            let mut e = entry(
                key,
                DocumentGroup::Aipd,
                (
                    format!("Analyse d'impact (AIPD) — {title} (version {})", a.version),
                    format!("Impact assessment (DPIA) — {title} (version {})", a.version),
                ),
                (
                    format!(
                        "Le rapport complet de l'analyse ({}) : contexte, principes, mesures, risques et leur \
                         cartographie, plan d'action, avis et validation. Aussi au format du logiciel PIA de la CNIL.",
                        a.status.label_fr().to_lowercase()
                    ),
                    format!(
                        "The full report of the assessment ({}): context, principles, measures, risks and their map, \
                         action plan, opinions and validation. Also in the CNIL PIA software's format.",
                        a.status.label_en().to_lowercase()
                    ),
                ),
                None,
                &[OutputFormat::Pdf, OutputFormat::Docx, OutputFormat::Odt, OutputFormat::PiaJson],
            );
            e.missing = aipd_missing(a);
            if !live_aipd(a) {
                e.block(missing("Cette AIPD est archivée", "This DPIA is archived", "AIPD"));
            }
            e
        }
        Key::Screening(pid) => {
            let p = bundle.processings.iter().find(|p| p.id == pid).ok_or_else(unknown)?;
            let name = or_no_name(&p.name);
            let mut e = entry(
                key,
                DocumentGroup::Aipd,
                (format!("Analyse préalable — {name}"), format!("DPIA screening — {name}")),
                s2(
                    "La réponse à « Une AIPD est-elle requise pour ce traitement ? », avec les critères retenus.",
                    "The answer to \"Is a DPIA required for this processing?\", with the criteria met.",
                ),
                None,
                &TEXT,
            );
            if !bundle.aipd_screenings.iter().any(|s| s.processing == pid) {
                e.block(missing(
                    "Aucune analyse préalable enregistrée pour ce traitement",
                    "No screening recorded for this processing",
                    format!("AIPD › Analyses préalables › {name}"),
                ));
            }
            e
        }
        Key::BreachRegister => entry(
            key,
            DocumentGroup::Breaches,
            s2("Registre des violations de données", "Data breach register"),
            s2(
                "Toutes les violations de données, notifiées ou non, avec les faits, les conséquences, les mesures et \
                 les décisions (article 33(5) du RGPD).",
                "Every data breach, notified or not, with the facts, consequences, measures and decisions (GDPR Art. \
                 33(5)).",
            ),
            Some(("À présenter à la CNIL si elle le demande", "To show the CNIL on request")),
            &TEXT,
        ),
        Key::BreachLetter(id) => {
            let b = bundle.breaches.iter().find(|b| b.id == id).ok_or_else(unknown)?;
            let title = breach_title(b);
            let mut e = entry(
                key,
                DocumentGroup::Breaches,
                (format!("Lettre aux personnes concernées — {title}"), format!("Letter to the persons concerned — {title}")),
                s2(
                    "Un projet de lettre en français simple pour informer les personnes d'une violation qui les expose \
                     à un risque élevé (article 34 du RGPD) : ce qui s'est passé, ce que vous faites, ce qu'elles \
                     peuvent faire. À relire avant envoi.",
                    "A draft letter in plain French informing the persons of a breach that puts them at high risk \
                     (GDPR Art. 34): what happened, what you do, what they can do. To review before sending.",
                ),
                Some(("À envoyer aux personnes concernées", "To send to the persons concerned")),
                &TEXT,
            );
            e.missing = letter_missing(bundle, b);
            if b.inform_persons == Decision::No {
                e.block(missing(
                    "Décision enregistrée : ne pas informer les personnes. Changez la décision pour préparer la \
                         lettre.",
                    "Recorded decision: do not inform the persons. Change the decision to prepare the letter.",
                    format!("Violations › {title} › Décisions"),
                ));
            }
            e
        }
        Key::Notice(pid) => {
            let p = bundle.processings.iter().find(|p| p.id == pid).ok_or_else(unknown)?;
            let name = or_no_name(&p.name);
            let mut e = entry(
                key,
                DocumentGroup::HandOver,
                (format!("Mentions d'information — {name}"), format!("Information notice — {name}")),
                s2(
                    "Le texte qui dit aux personnes ce que vous faites de leurs données et quels sont leurs droits \
                     (articles 13 et 14 du RGPD) : une version courte et une version complète, à reprendre sur un \
                     formulaire, un site ou une affiche.",
                    "The text telling the persons what you do with their data and what their rights are (GDPR Arts. \
                     13 and 14): a short and a full version, for a form, a website or a poster.",
                ),
                Some((
                    "À remettre ou afficher pour les personnes concernées",
                    "To give or display to the persons concerned",
                )),
                &TEXT,
            );
            e.missing = super::notice::notice_missing(bundle, pid);
            if p.archived {
                e.block(missing("Ce traitement est archivé", "This processing is archived", "Registre"));
            }
            e
        }
        Key::Undertaking => {
            let mut e = entry(
                key,
                DocumentGroup::HandOver,
                s2("Engagement de confidentialité", "Confidentiality undertaking"),
                (
                    format!(
                        "L'engagement qu'un salarié ou un agent signe : garder secrètes les données personnelles qu'il \
                         voit dans son travail. Déjà rempli avec {}.",
                        if org.is_empty() { "votre organisme".to_string() } else { format!("« {org} »") }
                    ),
                    "The undertaking an employee signs: to keep secret the personal data seen at work. Already filled \
                     in with your organisation."
                        .to_string(),
                ),
                Some((
                    "À faire signer par chaque personne qui accède aux données",
                    "To be signed by everyone with access to the data",
                )),
                &TEXT,
            );
            e.missing = super::undertaking::undertaking_missing(bundle);
            e
        }
        Key::ProcessorChecklist(tid) => {
            let t = bundle.third_parties.iter().find(|t| t.id == tid).ok_or_else(unknown)?;
            let name = or_no_name(&t.name);
            let mut e = entry(
                key,
                DocumentGroup::HandOver,
                (
                    format!("Contrat de sous-traitance : liste de contrôle — {name}"),
                    format!("Processor contract checklist — {name}"),
                ),
                s2(
                    "Les clauses que le contrat avec ce sous-traitant doit contenir (article 28 du RGPD), à cocher \
                     une à une en relisant le contrat.",
                    "The clauses the contract with this processor must contain (GDPR Art. 28), to tick one by one \
                     while reading the contract.",
                ),
                Some(("Pour relire le contrat avec le sous-traitant", "To review the contract with the processor")),
                &TEXT,
            );
            e.missing = super::processor_checklist::processor_checklist_missing(bundle, tid);
            if !processor_candidates(bundle).iter().any(|(id, _)| *id == tid) {
                e.block(missing(
                    "Ce tiers n'est pas un sous-traitant",
                    "This third party is not a processor",
                    format!("Tiers › {name}"),
                ));
            }
            e
        }
    })
}

/// Every document of `bundle`'s organisation, in the screen's order; `log` is the last
/// generation of each key (see `Dossier::generations`). The annual report is the one of
/// `today`'s year.
pub fn catalogue(
    bundle: &OrganisationBundle,
    log: &std::collections::HashMap<String, Generation>,
    today: NaiveDate,
) -> Vec<DocumentEntry> {
    let mut keys = vec![Key::Register, Key::RegisterPublic, Key::Security, Key::AnnualReport, Key::DpoDesignation];
    keys.extend(bundle.aipds.iter().filter(|a| live_aipd(a) && high_residual(a)).map(|a| Key::Consultation(a.id)));
    keys.extend(bundle.breaches.iter().filter(|b| notification_relevant(b)).map(|b| Key::BreachSheet(b.id)));
    keys.extend(bundle.aipds.iter().filter(|a| live_aipd(a)).map(|a| Key::Aipd(a.id)));
    keys.extend(
        bundle
            .processings
            .iter()
            .filter(|p| bundle.aipd_screenings.iter().any(|s| s.processing == p.id))
            .map(|p| Key::Screening(p.id)),
    );
    keys.push(Key::BreachRegister);
    keys.extend(bundle.breaches.iter().map(|b| Key::BreachLetter(b.id)));
    keys.extend(bundle.processings.iter().filter(|p| !p.archived).map(|p| Key::Notice(p.id)));
    keys.push(Key::Undertaking);
    keys.extend(processor_candidates(bundle).into_iter().map(|(id, _)| Key::ProcessorChecklist(id)));
    keys.into_iter()
        .filter_map(|k| entry_of(bundle, k, today).ok())
        .map(|mut e| {
            e.last_generated = log.get(&e.key).cloned();
            e
        })
        .collect()
}

// ------------------------------------------------------------------------- generation

/// The files of `files` in one zip archive (deflated), in order. Two files with the same
/// name get « (2) », « (3) »… before their extension, so that none is lost.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        let mut unique = name.clone();
        let mut n = 2;
        while !seen.insert(unique.to_lowercase()) {
            unique = match name.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem} ({n}).{ext}"),
                None => format!("{name} ({n})"),
            };
            n += 1;
        }
        // Writing into memory with unique names cannot fail.
        w.start_file(unique, opts).expect("in-memory zip entry");
        w.write_all(bytes).expect("in-memory zip write");
    }
    w.finish().expect("in-memory zip").into_inner()
}

fn file(file_name: String, bytes: Vec<u8>) -> Generated {
    Generated::File { file_name, bytes }
}

/// The document `key` of `bundle` in `format`, dated `now` (the date printed is `now`'s UTC
/// date; the annual report is the one of that year). Errors: an unknown key or a record not in
/// this organisation → `unknown_document`; a format the entry does not offer →
/// `unsupported_format`; a document that does not apply to its record → `document_not_ready`;
/// a writer's failure keeps the writer's code and messages.
pub fn generate(
    bundle: &OrganisationBundle,
    key: &str,
    format: OutputFormat,
    now: DateTime<Utc>,
) -> Result<Generated, DocumentError> {
    let k = Key::parse(key)?;
    let today = now.date_naive();
    let e = entry_of(bundle, k, today)?;
    if !e.formats.contains(&format) {
        return Err(DocumentError::UnsupportedFormat {
            format: format.as_str().to_string(),
            offered: e.formats.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "),
        });
    }
    if !e.ready {
        let (fr, en) = match e.missing.first() {
            Some(m) => (m.label_fr.clone(), m.label_en.clone()),
            None => ("Ce document ne peut pas être produit.".into(), "This document cannot be produced.".into()),
        };
        return Err(not_ready(
            format!("« {} » ne peut pas être produit : {}", e.title_fr, fr.trim_end_matches('.')),
            format!("\"{}\" cannot be produced: {}", e.title_en, en.trim_end_matches('.')),
        ));
    }
    let org = org_name(bundle);
    let ext = format.extension().unwrap_or("");
    let label = format!("Version du {}", today.format("%d/%m/%Y"));
    let gone = || DocumentError::UnknownDocument(key.to_string());
    // An editable format of a flow document (DOCX, ODT; PDF for the documents drawn only
    // through their flow).
    let flow = |name: String, doc: FlowDoc| -> Result<Generated, DocumentError> {
        let tf = text_format(format).ok_or_else(|| DocumentError::UnsupportedFormat {
            format: format.as_str().to_string(),
            offered: e.formats.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", "),
        })?;
        Ok(file(name, render(&doc, tf)?))
    };
    match k {
        Key::Register | Key::RegisterPublic => {
            let public = k == Key::RegisterPublic;
            let rf = match (format, public) {
                (OutputFormat::Pdf, false) => Some(RegisterFormat::Pdf),
                (OutputFormat::Pdf, true) => Some(RegisterFormat::PublicPdf),
                (OutputFormat::Ods, _) => Some(RegisterFormat::Ods),
                (OutputFormat::Xlsx, _) => Some(RegisterFormat::Xlsx),
                (OutputFormat::Csv, _) => Some(RegisterFormat::Csv),
                _ => None,
            };
            match rf {
                Some(rf) => {
                    let opts = RegisterExportOptions { include_archived: false, on: today, version_label: label };
                    Ok(file(rf.suggested_file_name(&org, today), export_register(bundle, rf, &opts)?))
                }
                None => {
                    let pdf = if public { RegisterFormat::PublicPdf } else { RegisterFormat::Pdf };
                    let opts = RegisterPdfOptions {
                        public,
                        include_archived: false,
                        generated_on: today,
                        version_label: label,
                    };
                    flow(with_extension(&pdf.suggested_file_name(&org, today), ext), register_flow(bundle, &opts)?)
                }
            }
        }
        Key::Security => {
            let opts = SecurityReportOptions { generated_on: today, version_label: label };
            match format {
                OutputFormat::Pdf | OutputFormat::Csv => {
                    let sf = if format == OutputFormat::Pdf { SecurityFormat::Pdf } else { SecurityFormat::Csv };
                    Ok(file(sf.suggested_file_name(&org, today), export_security(bundle, sf, &opts)?))
                }
                _ => flow(
                    with_extension(&SecurityFormat::Pdf.suggested_file_name(&org, today), ext),
                    security_flow(bundle, &opts)?,
                ),
            }
        }
        Key::AnnualReport => {
            let year = today.year();
            let name = file_name(&format!("Bilan annuel du délégué {year}"), &org, today, Some(ext));
            flow(name, super::annual_report::annual_report(bundle, year, now))
        }
        Key::DpoDesignation => Ok(file(
            designation_file_name(&org, today),
            designation_pdf(&bundle.organisation, &bundle.processings, today)?,
        )),
        Key::Consultation(id) => {
            let a = bundle.aipds.iter().find(|a| a.id == id).ok_or_else(gone)?;
            let mut files = consultation_pack(bundle, id, today)?;
            // The cover letter once more, editable, to complete what reads « À compléter ».
            let cover = render(&cover_letter_flow(bundle, id, today)?, TextFormat::Docx)?;
            files.push((with_extension(COVER_FILE, "docx"), cover));
            let name = file_name("Consultation préalable", &format!("{} v{}", a.title.trim(), a.version), today, None);
            Ok(match format {
                OutputFormat::Zip => file(format!("{name}.zip"), zip_files(&files)),
                _ => Generated::Pack { name, files },
            })
        }
        Key::BreachSheet(id) => {
            let b = bundle.breaches.iter().find(|b| b.id == id).ok_or_else(gone)?;
            let name = file_name("Notification de violation", &b.title, today, Some(ext));
            match format {
                OutputFormat::Pdf => Ok(file(name, notification_sheet_pdf(bundle, id, now)?)),
                _ => flow(name, notification_sheet_flow(bundle, id, now)?),
            }
        }
        Key::BreachLetter(id) => {
            let b = bundle.breaches.iter().find(|b| b.id == id).ok_or_else(gone)?;
            let name = file_name("Lettre aux personnes", &b.title, today, Some(ext));
            match format {
                OutputFormat::Pdf => Ok(file(name, information_letter_pdf(bundle, id, today)?)),
                _ => flow(name, information_letter_flow(bundle, id, today)?),
            }
        }
        Key::BreachRegister => {
            let name = file_name("Registre des violations", &org, today, Some(ext));
            match format {
                OutputFormat::Pdf => Ok(file(name, breach_register_pdf(bundle, now)?)),
                _ => flow(name, breach_register_flow(bundle, now)?),
            }
        }
        Key::Aipd(id) => {
            let a = bundle.aipds.iter().find(|a| a.id == id).ok_or_else(gone)?;
            let pdf_name = AipdFormat::Pdf.suggested_file_name(&a.title, a.version, today);
            match format {
                OutputFormat::Pdf => Ok(file(pdf_name, aipd_export(bundle, id, AipdFormat::Pdf, today)?)),
                OutputFormat::PiaJson => Ok(file(
                    AipdFormat::PiaJson.suggested_file_name(&a.title, a.version, today),
                    aipd_export(bundle, id, AipdFormat::PiaJson, today)?,
                )),
                _ => flow(with_extension(&pdf_name, ext), aipd_flow(bundle, id, today)?),
            }
        }
        Key::Screening(pid) => {
            let p = bundle.processings.iter().find(|p| p.id == pid).ok_or_else(gone)?;
            let name = with_extension(&screening_file_name(&p.name, today), ext);
            match format {
                OutputFormat::Pdf => Ok(file(name, screening_pdf(bundle, pid, today)?)),
                _ => flow(name, screening_flow(bundle, pid, today)?),
            }
        }
        Key::Notice(pid) => {
            let p = bundle.processings.iter().find(|p| p.id == pid).ok_or_else(gone)?;
            let name = file_name("Mentions d'information", &p.name, today, Some(ext));
            flow(name, super::notice::information_notice(bundle, pid, today).ok_or_else(gone)?)
        }
        Key::Undertaking => {
            let name = file_name("Engagement de confidentialité", &org, today, Some(ext));
            flow(name, super::undertaking::confidentiality_undertaking(bundle, today))
        }
        Key::ProcessorChecklist(tid) => {
            let t = bundle.third_parties.iter().find(|t| t.id == tid).ok_or_else(gone)?;
            let name = file_name("Contrat de sous-traitance - liste de contrôle", &t.name, today, Some(ext));
            flow(name, super::processor_checklist::processor_checklist(bundle, tid, today).ok_or_else(gone)?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_refuse_garbage() {
        let id = Uuid::new_v4();
        for k in [
            Key::Register,
            Key::RegisterPublic,
            Key::Security,
            Key::AnnualReport,
            Key::Undertaking,
            Key::DpoDesignation,
            Key::BreachRegister,
            Key::Aipd(id),
            Key::Screening(id),
            Key::Consultation(id),
            Key::Notice(id),
            Key::ProcessorChecklist(id),
            Key::BreachSheet(id),
            Key::BreachLetter(id),
        ] {
            assert_eq!(Key::parse(&k.as_string()).ok(), Some(k));
        }
        for bad in ["", "registre", "aipd:", "aipd:not-a-uuid", "aipd", "zzz:00000000-0000-0000-0000-000000000000"] {
            assert_eq!(Key::parse(bad).err().map(|e| e.code()), Some("unknown_document"), "{bad}");
        }
    }

    #[test]
    fn formats_parse() {
        for f in OutputFormat::ALL {
            assert_eq!(OutputFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(OutputFormat::parse(" DOCX "), Some(OutputFormat::Docx));
        assert_eq!(OutputFormat::parse("pia_json"), Some(OutputFormat::PiaJson));
        assert_eq!(OutputFormat::parse("doc"), None);
        assert_eq!(OutputFormat::Folder.extension(), None);
        assert_eq!(OutputFormat::PiaJson.extension(), Some("json"));
    }

    #[test]
    fn file_names_are_safe() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert_eq!(
            file_name("Mentions d'information", "Paie", on, Some("pdf")),
            "Mentions d'information - Paie - 2026-11-24.pdf"
        );
        assert_eq!(file_name("Registre", "A/B: C?", on, Some("odt")), "Registre - A-B- C- - 2026-11-24.odt");
        assert_eq!(file_name("Registre", " .. ", on, None), "Registre - 2026-11-24");
        assert_eq!(
            with_extension("Analyse préalable - X - 2026-11-24.pdf", "docx"),
            "Analyse préalable - X - 2026-11-24.docx"
        );
    }

    #[test]
    fn zip_keeps_every_file() {
        let files = vec![("a.pdf".to_string(), b"one".to_vec()), ("a.pdf".to_string(), b"two".to_vec())];
        let bytes = zip_files(&files);
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip reads");
        let names: Vec<String> =
            (0..z.len()).map(|i| z.by_index(i).expect("entry").name().expect("name").to_string()).collect();
        assert_eq!(names, ["a.pdf", "a (2).pdf"]);
    }
}
