//! Every export and import of a dossier's content. For now: the JSON exchange format.

pub mod json;
pub mod pdf;
