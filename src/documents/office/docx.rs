//! A [`FlowDoc`] as a Word document (DOCX), with `docx-rs`.

use super::RenderError;
use crate::documents::flow::FlowDoc;

/// The DOCX bytes of `doc`.
pub fn to_docx(_doc: &FlowDoc) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Office { format: "DOCX", detail: "pas encore écrit".to_string() })
}
