//! Every document the dossier can produce, for the « Documents » screen and
//! `greffier documents`: what it is, its formats, what is missing for it, and when it was
//! last generated; and [`generate`], the one entry point that makes any of them (the window
//! and the command line both go through it).
//!
//! A document is named by a stable key: `register`, `register-public`, `security`,
//! `annual-report`, `undertaking`, `dpo-designation`, `breach-register`, and for one record
//! `aipd:<id>`, `screening:<processing id>`, `consultation:<aipd id>`, `notice:<processing id>`,
//! `processor-checklist:<third party id>`, `breach-sheet:<id>`, `breach-letter:<id>`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Missing;
use crate::model::OrganisationBundle;

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
    #[error("{0}")]
    NotReady(String),
    #[error("{0}")]
    Render(String),
}

impl DocumentError {
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::UnknownDocument(_) => "unknown_document",
            DocumentError::UnsupportedFormat { .. } => "unsupported_format",
            DocumentError::NotReady(_) => "document_not_ready",
            DocumentError::Render(_) => "document_render",
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
            DocumentError::NotReady(m) | DocumentError::Render(m) => m.clone(),
        }
    }
}

/// Every document of `bundle`'s organisation, in the screen's order; `log` is the last
/// generation of each key (see `Dossier::generations`).
pub fn catalogue(
    _bundle: &OrganisationBundle,
    _log: &std::collections::HashMap<String, Generation>,
    _today: NaiveDate,
) -> Vec<DocumentEntry> {
    Vec::new()
}

/// The document `key` of `bundle` in `format`, dated `now`.
pub fn generate(
    _bundle: &OrganisationBundle,
    key: &str,
    _format: OutputFormat,
    _now: DateTime<Utc>,
) -> Result<Generated, DocumentError> {
    Err(DocumentError::UnknownDocument(key.to_string()))
}
