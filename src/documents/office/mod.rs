//! The editable formats of a [`FlowDoc`]: DOCX (Word, written with `docx-rs`) and ODT
//! (OpenDocument text, our own writer: a zip of `content.xml`, `styles.xml`, `meta.xml`
//! and the manifest). Both open in LibreOffice and Word without warnings; the tests convert
//! every generated file with `soffice --headless --convert-to pdf` and read the text back.

use serde::{Deserialize, Serialize};

use super::flow::FlowDoc;
use super::pdf::PdfError;

pub mod docx;
pub mod odt;
mod xmltext;

/// The formats a text document (report, notice, letter) is produced in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    Pdf,
    Docx,
    Odt,
}

impl TextFormat {
    pub const ALL: [TextFormat; 3] = [TextFormat::Pdf, TextFormat::Docx, TextFormat::Odt];

    pub fn as_str(self) -> &'static str {
        match self {
            TextFormat::Pdf => "pdf",
            TextFormat::Docx => "docx",
            TextFormat::Odt => "odt",
        }
    }

    pub fn parse(s: &str) -> Option<TextFormat> {
        TextFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// What the format is, for a person choosing it.
    pub fn label_fr(self) -> &'static str {
        match self {
            TextFormat::Pdf => "PDF (à imprimer ou à transmettre)",
            TextFormat::Docx => "Word (DOCX, modifiable)",
            TextFormat::Odt => "OpenDocument (ODT, modifiable avec LibreOffice)",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            TextFormat::Pdf => "PDF (to print or send)",
            TextFormat::Docx => "Word (DOCX, editable)",
            TextFormat::Odt => "OpenDocument (ODT, editable with LibreOffice)",
        }
    }
}

/// A document that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Pdf(#[from] PdfError),
    /// The DOCX or ODT writer failed (an I/O error in memory, in practice never).
    #[error("écriture du document {format} impossible : {detail}")]
    Office { format: &'static str, detail: String },
}

impl RenderError {
    pub fn code(&self) -> &'static str {
        match self {
            RenderError::Pdf(e) => e.code(),
            RenderError::Office { .. } => "office_write",
        }
    }

    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    pub fn message_en(&self) -> String {
        match self {
            RenderError::Pdf(e) => e.message_en(),
            RenderError::Office { format, detail } => format!("the {format} document could not be written: {detail}"),
        }
    }
}

/// `doc` in `format`: the bytes of the file.
pub fn render(doc: &FlowDoc, format: TextFormat) -> Result<Vec<u8>, RenderError> {
    Ok(match format {
        TextFormat::Pdf => doc.to_pdf()?,
        TextFormat::Docx => docx::to_docx(doc)?,
        TextFormat::Odt => odt::to_odt(doc)?,
    })
}
