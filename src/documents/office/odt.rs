//! A [`FlowDoc`] as an OpenDocument text (ODT): our own writer.

use super::RenderError;
use crate::documents::flow::FlowDoc;

/// The ODT bytes of `doc`.
pub fn to_odt(_doc: &FlowDoc) -> Result<Vec<u8>, RenderError> {
    Err(RenderError::Office { format: "ODT", detail: "pas encore écrit".to_string() })
}
