//! Every export and import of a dossier's content: the JSON exchange format, the PDF layer
//! and the register's documents (PDF, ODS/XLSX in the CNIL layout, CSV, import).

pub mod json;
pub mod pdf;
pub mod register_export;
pub mod register_pdf;
pub mod sheets;
