//! The store's one error type. French text through `Display` (the UI's default language),
//! English through [`StoreError::message_en`], and a stable [`StoreError::code`] for the UI.

use std::path::PathBuf;

use crate::model::Problem;

use super::lock::LockHolder;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Phrase de passe incorrecte. Vérifiez la saisie (majuscules, accents) et réessayez ; le dossier n'a pas été modifié.")]
    WrongPassphrase,

    #[error("« {path} » n'est pas un dossier Greffier : {reason}. Aucune modification n'a été faite.")]
    NotADossier { path: PathBuf, reason: String },

    #[error("Le dossier « {path} » est endommagé : {reason}. Restaurez une sauvegarde (greffier backup list).")]
    Corrupted { path: PathBuf, reason: String },

    #[error("Ce dossier a été écrit par une version plus récente de Greffier (format {found} ; cette version lit jusqu'au format {supported}). Installez la dernière version de Greffier ; le fichier n'a pas été modifié.")]
    TooNew { found: u32, supported: u32 },

    #[error("Ce dossier est déjà ouvert {holder}. Fermez-le là-bas, puis réessayez (la commande greffier peut le lire en lecture seule en attendant).")]
    AlreadyOpen { holder: LockHolder },

    #[error("Fichier introuvable : « {0} ».")]
    NotFound(PathBuf),

    #[error("Un fichier existe déjà à cet emplacement : « {0} ». Choisissez un autre nom ; rien n'a été écrasé.")]
    AlreadyExists(PathBuf),

    #[error("La phrase de passe doit comporter au moins {min} caractères.")]
    PassphraseTooShort { min: usize },

    #[error("Le dossier est ouvert en lecture seule : aucune modification n'est possible.")]
    ReadOnly,

    #[error("Les données ne sont pas valides :\n{}", problems_fr(.0))]
    Invalid(Vec<Problem>),

    #[error("Organisme introuvable dans ce dossier ({0}).")]
    UnknownOrganisation(uuid::Uuid),

    #[error("Un dossier garde au moins un organisme : créez-en un autre avant de supprimer celui-ci.")]
    LastOrganisation,

    #[error("Fiche introuvable dans ce dossier ({0}).")]
    UnknownRecord(uuid::Uuid),

    #[error("Impossible de supprimer « {title} » : {count} autre(s) fiche(s) y font référence ({users}). Retirez d'abord ces liens.")]
    InUse { title: String, count: usize, users: String },

    #[error("Un identifiant existe déjà dans ce dossier ({0}) : importez dans un autre dossier ou supprimez l'élément existant.")]
    DuplicateId(uuid::Uuid),

    #[error("Sauvegarde impossible : {0}")]
    Backup(String),

    #[error("Erreur d'accès au fichier « {path} » : {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("Erreur interne de la base chiffrée : {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("Erreur interne de sérialisation : {0}")]
    Json(#[from] serde_json::Error),
}

fn problems_fr(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("  – {p}")).collect::<Vec<_>>().join("\n")
}

impl StoreError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io { path: path.into(), source }
    }

    /// Stable code, for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::WrongPassphrase => "wrong_passphrase",
            StoreError::NotADossier { .. } => "not_a_dossier",
            StoreError::Corrupted { .. } => "corrupted",
            StoreError::TooNew { .. } => "too_new",
            StoreError::AlreadyOpen { .. } => "already_open",
            StoreError::NotFound(_) => "not_found",
            StoreError::AlreadyExists(_) => "already_exists",
            StoreError::PassphraseTooShort { .. } => "passphrase_too_short",
            StoreError::ReadOnly => "read_only",
            StoreError::Invalid(_) => "invalid",
            StoreError::UnknownOrganisation(_) => "unknown_organisation",
            StoreError::LastOrganisation => "last_organisation",
            StoreError::UnknownRecord(_) => "unknown_record",
            StoreError::InUse { .. } => "in_use",
            StoreError::DuplicateId(_) => "duplicate_id",
            StoreError::Backup(_) => "backup",
            StoreError::Io { .. } => "io",
            StoreError::Sqlite(_) => "sqlite",
            StoreError::Json(_) => "json",
        }
    }

    /// The same message in English.
    pub fn message_en(&self) -> String {
        match self {
            StoreError::WrongPassphrase => "Wrong passphrase. Check what you typed (capitals, accents) and try again; the dossier was not changed.".into(),
            StoreError::NotADossier { path, reason } => format!("\"{}\" is not a Greffier dossier: {reason}. Nothing was changed.", path.display()),
            StoreError::Corrupted { path, reason } => format!("The dossier \"{}\" is damaged: {reason}. Restore a backup (greffier backup list).", path.display()),
            StoreError::TooNew { found, supported } => format!("This dossier was written by a newer Greffier (format {found}; this version reads up to format {supported}). Install the latest Greffier; the file was not changed."),
            StoreError::AlreadyOpen { holder } => format!("This dossier is already open ({}). Close it there, then try again (the greffier command can read it read-only meanwhile).", holder.describe_en()),
            StoreError::NotFound(p) => format!("File not found: \"{}\".", p.display()),
            StoreError::AlreadyExists(p) => format!("A file already exists at \"{}\". Choose another name; nothing was overwritten.", p.display()),
            StoreError::PassphraseTooShort { min } => format!("The passphrase must be at least {min} characters long."),
            StoreError::ReadOnly => "The dossier is open read-only: no change is possible.".into(),
            StoreError::Invalid(problems) => format!(
                "The data is not valid:\n{}",
                problems.iter().map(|p| format!("  - {}: {}", p.path, p.message_en)).collect::<Vec<_>>().join("\n")
            ),
            StoreError::UnknownOrganisation(id) => format!("Organisation not found in this dossier ({id})."),
            StoreError::LastOrganisation => {
                "A dossier keeps at least one organisation: add another one before deleting this one.".to_string()
            }
            StoreError::UnknownRecord(id) => format!("Record not found in this dossier ({id})."),
            StoreError::InUse { title, count, users } => format!("Cannot delete \"{title}\": {count} other record(s) refer to it ({users}). Remove those links first."),
            StoreError::DuplicateId(id) => format!("An identifier already exists in this dossier ({id}): import into another dossier or delete the existing item."),
            StoreError::Backup(m) => format!("Backup failed: {m}"),
            StoreError::Io { path, source } => format!("Cannot access \"{}\": {source}", path.display()),
            StoreError::Sqlite(e) => format!("Internal error of the encrypted database: {e}"),
            StoreError::Json(e) => format!("Internal serialisation error: {e}"),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
