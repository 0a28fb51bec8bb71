//! The JSON exchange format of a whole dossier (`format: "greffier-dossier"`).
//!
//! Documented by the JSON Schema in `assets/schema/dossier-v1.schema.json` (generated from
//! these types; a test keeps it current) and by `docs/json-format.md`.
//!
//! Import is all-or-nothing: the file is parsed and every organisation is checked on its
//! own, so that *every* problem is listed with its place in the file; nothing is written
//! unless there are none.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::model::{OrganisationBundle, Problem, Record};
use crate::store::{AuditEntry, Dossier, StoreError};

pub const FORMAT: &str = "greffier-dossier";
pub const FORMAT_VERSION: u32 = 1;

/// A whole dossier as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[schemars(
    title = "Greffier dossier export",
    description = "Export JSON d'un dossier Greffier : organismes, fiches et journal des modifications."
)]
pub struct DossierExport {
    /// Always `greffier-dossier`.
    pub format: String,
    /// Version of this format; a reader refuses versions above its own.
    pub format_version: u32,
    /// When the export was made (UTC).
    pub exported_at: chrono::DateTime<chrono::Utc>,
    /// The program that wrote the file, e.g. `Greffier 0.1.0`.
    pub generator: String,
    /// Id of the dossier it was exported from.
    pub dossier_id: Uuid,
    /// Every organisation with all its records.
    pub organisations: Vec<OrganisationBundle>,
    /// The audit trail (who changed what, when); may be empty.
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

/// Why a JSON file could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Ce fichier n'est pas du JSON lisible (ligne {line}, colonne {column}) : {message}. Vérifiez qu'il s'agit bien d'un export Greffier complet.")]
    Syntax { line: usize, column: usize, message: String },
    #[error("Ce fichier JSON n'est pas un export de dossier Greffier (champ « format » absent ou différent de « greffier-dossier »).")]
    NotOurs,
    #[error("Cet export vient d'une version plus récente de Greffier (format {found} ; cette version lit jusqu'au format {supported}). Mettez Greffier à jour.")]
    TooNew { found: u64, supported: u32 },
    #[error("L'import est refusé, rien n'a été écrit. {} problème(s) :\n{}", .0.len(), .0.iter().map(|p| format!("  – {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    /// The same message in English.
    pub fn message_en(&self) -> String {
        match self {
            ImportError::Syntax { line, column, message } => {
                format!("This file is not readable JSON (line {line}, column {column}): {message}. Check that it is a complete Greffier export.")
            }
            ImportError::NotOurs => "This JSON file is not a Greffier dossier export (field \"format\" missing or not \"greffier-dossier\").".into(),
            ImportError::TooNew { found, supported } => format!(
                "This export comes from a newer Greffier (format {found}; this version reads up to format {supported}). Update Greffier."
            ),
            ImportError::Invalid(problems) => format!(
                "Import refused, nothing was written. {} problem(s):\n{}",
                problems.len(),
                problems.iter().map(|p| format!("  - {}: {}", p.path, p.message_en)).collect::<Vec<_>>().join("\n")
            ),
            ImportError::Store(e) => e.message_en(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Syntax { .. } => "json_syntax",
            ImportError::NotOurs => "json_not_ours",
            ImportError::TooNew { .. } => "json_too_new",
            ImportError::Invalid(_) => "json_invalid",
            ImportError::Store(e) => e.code(),
        }
    }
}

/// Builds the export of everything in `dossier`.
pub fn export(dossier: &Dossier) -> Result<DossierExport, StoreError> {
    Ok(DossierExport {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        exported_at: crate::model::now(),
        generator: format!("Greffier {}", crate::VERSION),
        dossier_id: dossier.id(),
        organisations: dossier.bundles()?,
        audit: dossier.audit_all()?,
    })
}

/// Writes `export` as pretty UTF-8 JSON.
pub fn to_string(export: &DossierExport) -> String {
    serde_json::to_string_pretty(export).expect("the export types always serialise")
}

/// Parses and fully checks an export, listing every problem found.
pub fn parse(bytes: &[u8]) -> Result<DossierExport, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::Syntax {
        line: 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count(),
        column: 0,
        message: "le texte n'est pas encodé en UTF-8".into(),
    })?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| ImportError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let obj = value.as_object().ok_or(ImportError::NotOurs)?;
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(ImportError::NotOurs);
    }
    match obj.get("format_version").and_then(Value::as_u64) {
        Some(v) if v > FORMAT_VERSION as u64 => {
            return Err(ImportError::TooNew { found: v, supported: FORMAT_VERSION })
        }
        Some(_) => {}
        None => {
            return Err(ImportError::Invalid(vec![Problem::new(
                "/format_version",
                "required",
                "Le numéro de version du format (« format_version ») manque ou n'est pas un entier.",
                "The format version (\"format_version\") is missing or not an integer.",
            )]))
        }
    }

    let mut problems = Vec::new();
    // Each organisation on its own, so one bad record does not hide the others' problems.
    let mut organisations = Vec::new();
    match obj.get("organisations") {
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let prefix = format!("/organisations/{i}");
                match deserialize_at::<OrganisationBundle>(item, &prefix) {
                    Ok(b) => {
                        problems.extend(b.validate().into_iter().map(|p| p.under(&prefix)));
                        organisations.push(b);
                    }
                    Err(p) => problems.extend(per_record_problems(item, &prefix).unwrap_or_else(|| vec![p])),
                }
            }
        }
        _ => problems.push(Problem::new(
            "/organisations",
            "required",
            "La liste des organismes (« organisations ») manque.",
            "The list of organisations (\"organisations\") is missing.",
        )),
    }
    // Ids unique across the whole file, read from the raw JSON so that organisations that
    // failed to parse are counted too.
    let mut seen = HashSet::new();
    if let Some(Value::Array(items)) = obj.get("organisations") {
        for (i, item) in items.iter().enumerate() {
            for id in raw_ids(item) {
                if !seen.insert(id) {
                    problems.push(Problem::new(
                        format!("/organisations/{i}"),
                        "duplicate_id",
                        format!("L'identifiant {id} apparaît plusieurs fois dans le fichier."),
                        format!("The identifier {id} appears more than once in the file."),
                    ));
                }
            }
        }
    }
    // The rest of the envelope.
    let mut envelope = obj.clone();
    envelope.insert("organisations".into(), Value::Array(Vec::new()));
    let parsed = deserialize_at::<DossierExport>(&Value::Object(envelope), "");
    if let Err(p) = &parsed {
        problems.push(p.clone());
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    let mut export = parsed.expect("no problem means the envelope parsed");
    export.organisations = organisations;
    Ok(export)
}

/// Imports a checked export into `dossier` (all or nothing).
pub fn import_into(dossier: &mut Dossier, export: &DossierExport) -> Result<(), ImportError> {
    dossier.insert_bundles(&export.organisations, &export.audit).map_err(|e| match e {
        StoreError::Invalid(p) => ImportError::Invalid(p),
        other => ImportError::Store(other),
    })
}

/// The ids of an organisation item and of its records, as written in the file.
fn raw_ids(item: &Value) -> Vec<Uuid> {
    let id_of = |v: &Value| v.get("id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok());
    let mut ids: Vec<Uuid> = item.get("organisation").and_then(id_of).into_iter().collect();
    for key in [
        "processings",
        "processor_activities",
        "third_parties",
        "measures",
        "security_assessments",
        "aipd_screenings",
        "aipds",
        "breaches",
    ] {
        if let Some(Value::Array(records)) = item.get(key) {
            ids.extend(records.iter().filter_map(id_of));
        }
    }
    ids
}

/// Deserialises `value`, turning the first error into a located problem.
pub(crate) fn deserialize_at<T: serde::de::DeserializeOwned>(value: &Value, prefix: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        // JSON-pointer segments: a list index is written bare (`/answers/0`, not `/answers/[0]`)
        let path = e
            .path()
            .iter()
            .map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                other => format!("/{other}"),
            })
            .collect::<String>();
        let path = format!("{prefix}{}", if path == "/." { String::new() } else { path.replace("/?", "") });
        let inner = e.into_inner().to_string();
        // serde names a missing field in its message only: put it in the path.
        if let Some(field) = inner.strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
            return Problem::new(
                format!("{path}/{field}"),
                "required",
                format!("le champ obligatoire « {field} » manque"),
                format!("the required field \"{field}\" is missing"),
            );
        }
        Problem::new(path, "unreadable", format!("valeur illisible : {inner}"), format!("unreadable value: {inner}"))
    })
}

/// When an organisation fails to parse, try its records one by one to report each bad one.
fn per_record_problems(item: &Value, prefix: &str) -> Option<Vec<Problem>> {
    let obj = item.as_object()?;
    let mut out = Vec::new();
    if let Some(org) = obj.get("organisation") {
        if let Err(p) = deserialize_at::<crate::model::Organisation>(org, &format!("{prefix}/organisation")) {
            out.push(p);
        }
    } else {
        out.push(Problem::new(prefix, "required", "« organisation » manque.", "\"organisation\" is missing."));
    }
    fn each<R: Record>(obj: &serde_json::Map<String, Value>, key: &str, prefix: &str, out: &mut Vec<Problem>) {
        match obj.get(key) {
            None => {}
            Some(Value::Array(items)) => {
                for (j, it) in items.iter().enumerate() {
                    if let Err(p) = deserialize_at::<R>(it, &format!("{prefix}/{key}/{j}")) {
                        out.push(p);
                    }
                }
            }
            Some(_) => out.push(Problem::new(
                format!("{prefix}/{key}"),
                "not_a_list",
                "une liste est attendue",
                "a list is expected",
            )),
        }
    }
    each::<crate::model::Processing>(obj, "processings", prefix, &mut out);
    each::<crate::model::ProcessorActivity>(obj, "processor_activities", prefix, &mut out);
    each::<crate::model::ThirdParty>(obj, "third_parties", prefix, &mut out);
    each::<crate::model::Measure>(obj, "measures", prefix, &mut out);
    each::<crate::model::SecurityAssessment>(obj, "security_assessments", prefix, &mut out);
    each::<crate::model::AipdScreening>(obj, "aipd_screenings", prefix, &mut out);
    each::<crate::model::Aipd>(obj, "aipds", prefix, &mut out);
    each::<crate::model::Breach>(obj, "breaches", prefix, &mut out);
    (!out.is_empty()).then_some(out)
}

/// The JSON Schema of the format, as committed in `assets/schema/`.
pub fn schema() -> String {
    let schema = schemars::schema_for!(DossierExport);
    serde_json::to_string_pretty(&schema).expect("schemas serialise") + "\n"
}
