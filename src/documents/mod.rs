//! Every export and import of a dossier's content: the JSON exchange format, the PDF layer,
//! the register's documents (PDF, ODS/XLSX in the CNIL layout, CSV, import) and the security
//! checklist's report (PDF) and action plan (CSV); the flow documents ([`flow`]) rendered as
//! PDF, DOCX or ODT ([`office`]), and the catalogue of every document ([`catalogue`]).

pub mod aipd_pdf;
pub mod annual_report;
pub mod breach_pdf;
pub mod catalogue;
pub mod consultation;
pub mod dpo_pdf;
pub mod flow;
pub mod json;
pub mod notice;
pub mod office;
pub mod pdf;
pub mod processor_checklist;
pub mod register_export;
pub mod register_pdf;
pub mod security_pdf;
pub mod sheets;
pub mod undertaking;

pub use consultation::Missing;
