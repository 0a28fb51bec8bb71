//! The IPC commands, one file per feature (the same names as `src/` in the core and
//! `ui/src/features/`). Each one is thin: parse, call the core, map the error.

pub mod aipd;
pub mod app;
pub mod backups;
pub mod breach;
pub mod documents;
pub mod dossier;
pub mod organisation;
pub mod processor;
pub mod register;
pub mod security;
