//! One entry point for every export of the register, shared by the window and the CLI
//! (`greffier export register --format …`): the format decides the writer and the file
//! extension; the caller only chooses where the bytes go.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::OrganisationBundle;

use super::pdf::PdfError;
use super::register_pdf::{register_pdf, RegisterPdfOptions};
use super::sheets::{register_csv, register_ods, register_xlsx, SheetError, SheetOptions};

/// A format of the register « Format d'export ».
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegisterFormat {
    /// The full register as a PDF (cover, summary, one sheet per processing).
    Pdf,
    /// « Registre public »: a redacted PDF without security details (public bodies).
    PublicPdf,
    /// OpenDocument spreadsheet in the CNIL simplified template's layout.
    Ods,
    /// Excel workbook in the same layout.
    Xlsx,
    /// One row per processing, UTF-8 (documented in docs/register-csv.md).
    Csv,
}

impl RegisterFormat {
    pub const ALL: [RegisterFormat; 5] = [
        RegisterFormat::Pdf,
        RegisterFormat::PublicPdf,
        RegisterFormat::Ods,
        RegisterFormat::Xlsx,
        RegisterFormat::Csv,
    ];

    /// The name used on the command line and over IPC (`pdf`, `public-pdf`, `ods`…).
    pub fn as_str(self) -> &'static str {
        match self {
            RegisterFormat::Pdf => "pdf",
            RegisterFormat::PublicPdf => "public-pdf",
            RegisterFormat::Ods => "ods",
            RegisterFormat::Xlsx => "xlsx",
            RegisterFormat::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<RegisterFormat> {
        RegisterFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            RegisterFormat::Pdf | RegisterFormat::PublicPdf => "pdf",
            RegisterFormat::Ods => "ods",
            RegisterFormat::Xlsx => "xlsx",
            RegisterFormat::Csv => "csv",
        }
    }

    /// A file name to suggest, e.g. « Registre - Boulangerie Martin - 2026-11-23.pdf »
    /// (characters that file systems refuse are replaced).
    pub fn suggested_file_name(self, organisation: &str, on: NaiveDate) -> String {
        let base = match self {
            RegisterFormat::PublicPdf => "Registre public",
            _ => "Registre",
        };
        let org: String = organisation
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let org = org.trim();
        match org {
            "" => format!("{base} - {on}.{}", self.extension()),
            o => format!("{base} - {o} - {on}.{}", self.extension()),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Pdf(#[from] PdfError),
    #[error(transparent)]
    Sheet(#[from] SheetError),
}

impl ExportError {
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Pdf(e) => e.code(),
            ExportError::Sheet(_) => "sheet",
        }
    }

    pub fn message_fr(&self) -> String {
        format!("Le document n'a pas pu être produit : {self}. Réessayez ; si cela se reproduit, exportez en JSON et signalez le problème.")
    }

    pub fn message_en(&self) -> String {
        let detail = match self {
            ExportError::Pdf(e) => e.message_en(),
            ExportError::Sheet(e) => e.to_string(),
        };
        format!("The document could not be produced: {detail}. Try again; if it happens again, export to JSON and report the problem.")
    }
}

/// What to put in the export.
#[derive(Clone, Debug)]
pub struct RegisterExportOptions {
    /// Archived entries too (they are left out unless asked).
    pub include_archived: bool,
    /// The date printed on the documents.
    pub on: NaiveDate,
    /// Printed on the PDF cover (may be empty).
    pub version_label: String,
}

/// The register of one organisation in `format`.
pub fn export_register(
    bundle: &OrganisationBundle,
    format: RegisterFormat,
    opts: &RegisterExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let sheet = SheetOptions { include_archived: opts.include_archived };
    let pdf = |public| RegisterPdfOptions {
        public,
        include_archived: opts.include_archived && !public,
        generated_on: opts.on,
        version_label: opts.version_label.clone(),
    };
    Ok(match format {
        RegisterFormat::Pdf => register_pdf(bundle, &pdf(false))?,
        RegisterFormat::PublicPdf => register_pdf(bundle, &pdf(true))?,
        RegisterFormat::Ods => register_ods(bundle, &sheet)?,
        RegisterFormat::Xlsx => register_xlsx(bundle, &sheet)?,
        RegisterFormat::Csv => register_csv(bundle, &sheet)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_files() {
        for f in RegisterFormat::ALL {
            assert_eq!(RegisterFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(RegisterFormat::parse(" PDF "), Some(RegisterFormat::Pdf));
        assert_eq!(RegisterFormat::parse("docx"), None);
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            RegisterFormat::PublicPdf.suggested_file_name("Mairie d'Uzès", on),
            "Registre public - Mairie d'Uzès - 2026-11-23.pdf"
        );
        assert_eq!(RegisterFormat::Ods.suggested_file_name("A/B: C", on), "Registre - A-B- C - 2026-11-23.ods");
        assert_eq!(RegisterFormat::Csv.suggested_file_name("  ", on), "Registre - 2026-11-23.csv");
    }
}
