//! The register as spreadsheets, and registers kept in spreadsheets brought in.
//!
//! - Export: [`register_ods`] and [`register_xlsx`] write the layout of the CNIL
//!   simplified template (« Liste des traitements », one « Fiche » per processing, our
//!   additions after the CNIL columns, a « Sous-traitance » sheet for Art. 30(2)), from
//!   one description (`cnil.rs`) so both formats carry the same structure;
//!   [`register_csv`] writes one row per processing ([`CSV_COLUMNS`],
//!   `docs/register-csv.md`).
//! - Import: [`preview_spreadsheet`], [`suggest_mapping`] and [`preview_mapped`] read a
//!   file into processings for the user to check; nothing is written here.

mod cnil;
mod cnil_read;
mod csv;
mod grid;
mod import;
mod mapped;
mod ods;
mod words;
mod xlsx;

use serde::{Deserialize, Serialize};

use crate::model::OrganisationBundle;

pub use self::csv::{CSV_COLUMNS, MULTI_SEPARATOR};
pub use grid::{MAX_BYTES, MAX_ROWS};
pub use import::{
    preview_mapped, preview_spreadsheet, suggest_mapping, CellIssue, ColumnMapping, Field, ImportError, ImportPreview,
    ImportSource,
};

/// What goes into an exported register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetOptions {
    /// Also the archived processings and activities (kept for history, no longer carried
    /// out); by default the register shows only current ones.
    pub include_archived: bool,
}

/// Why a spreadsheet could not be written (a fault of ours, not of the user's data).
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("Le classeur ODS n'a pas pu être créé ({0}). Réessayez ; si l'erreur revient, signalez-la.")]
    Ods(String),
    #[error("Le classeur Excel n'a pas pu être créé ({0}). Réessayez ; si l'erreur revient, signalez-la.")]
    Xlsx(String),
    #[error("Le fichier CSV n'a pas pu être créé ({0}). Réessayez ; si l'erreur revient, signalez-la.")]
    Csv(String),
}

impl SheetError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::Ods(_) => "sheet_write_ods",
            SheetError::Xlsx(_) => "sheet_write_xlsx",
            SheetError::Csv(_) => "sheet_write_csv",
        }
    }

    /// The message in French (same as `Display`).
    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            SheetError::Ods(e) => {
                format!("The ODS workbook could not be created ({e}). Try again; if it happens again, report it.")
            }
            SheetError::Xlsx(e) => {
                format!("The Excel workbook could not be created ({e}). Try again; if it happens again, report it.")
            }
            SheetError::Csv(e) => {
                format!("The CSV file could not be created ({e}). Try again; if it happens again, report it.")
            }
        }
    }
}

/// The register as an OpenDocument spreadsheet (`.ods`) in the CNIL template layout.
pub fn register_ods(bundle: &OrganisationBundle, opts: &SheetOptions) -> Result<Vec<u8>, SheetError> {
    ods::write(&cnil::build(bundle, opts))
}

/// The register as an Excel workbook (`.xlsx`) in the CNIL template layout.
pub fn register_xlsx(bundle: &OrganisationBundle, opts: &SheetOptions) -> Result<Vec<u8>, SheetError> {
    xlsx::write(&cnil::build(bundle, opts))
}

/// The register as CSV: UTF-8 with BOM, `;`-separated, one row per processing, the columns
/// of [`CSV_COLUMNS`].
pub fn register_csv(bundle: &OrganisationBundle, opts: &SheetOptions) -> Result<Vec<u8>, SheetError> {
    self::csv::write(bundle, opts)
}
