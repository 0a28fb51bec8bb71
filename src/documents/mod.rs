//! Every export and import of a dossier's content: the JSON exchange format and the PDF layer.

pub mod json;
pub mod pdf;
