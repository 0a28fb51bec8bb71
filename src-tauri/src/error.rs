//! The one error type the window receives: a stable code and a French and English
//! message, plus field problems for invalid input. Built from the core's typed errors.

use greffier::model::Problem;
use greffier::store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AppError {
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
    pub problems: Vec<Problem>,
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(code: &str, fr: impl Into<String>, en: impl Into<String>) -> AppError {
        AppError { code: code.into(), message_fr: fr.into(), message_en: en.into(), problems: Vec::new() }
    }

    pub fn invalid(problems: Vec<Problem>) -> AppError {
        AppError {
            code: "invalid".into(),
            message_fr: "Certaines valeurs ne sont pas valides : corrigez les champs signalés.".into(),
            message_en: "Some values are not valid: correct the fields shown.".into(),
            problems,
        }
    }

    pub fn no_dossier() -> AppError {
        AppError::new(
            "no_dossier",
            "Aucun dossier n'est ouvert. Ouvrez ou créez un dossier depuis l'accueil.",
            "No dossier is open. Open or create one from the welcome screen.",
        )
    }

    pub fn locked() -> AppError {
        AppError::new(
            "locked",
            "Le dossier est verrouillé : saisissez la phrase de passe pour continuer.",
            "The dossier is locked: enter the passphrase to go on.",
        )
    }

    pub fn no_organisation() -> AppError {
        AppError::new(
            "no_organisation",
            "Aucun organisme n'est sélectionné dans ce dossier.",
            "No organisation is selected in this dossier.",
        )
    }

    pub fn io(what_fr: &str, what_en: &str, e: impl std::fmt::Display) -> AppError {
        AppError::new("io", format!("{what_fr} : {e}"), format!("{what_en}: {e}"))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        let problems = match &e {
            StoreError::Invalid(p) => p.clone(),
            _ => Vec::new(),
        };
        AppError { code: e.code().into(), message_fr: e.to_string(), message_en: e.message_en(), problems }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_keep_their_code_and_both_languages() {
        let e = AppError::from(StoreError::WrongPassphrase);
        assert_eq!(e.code, "wrong_passphrase");
        assert!(e.message_fr.starts_with("Phrase de passe incorrecte"));
        assert!(e.message_en.starts_with("Wrong passphrase"));
        let p = Problem::new("/siren", "siren_checksum", "fr", "en");
        let e = AppError::from(StoreError::Invalid(vec![p.clone()]));
        assert_eq!((e.code.as_str(), e.problems), ("invalid", vec![p]));
        let json = serde_json::to_value(AppError::locked()).unwrap();
        assert_eq!(json["code"], "locked");
        assert!(json["problems"].as_array().unwrap().is_empty());
    }
}
