//! Greffier's core: everything that is true without a window.
//!
//! - [`store`]: the encrypted dossier file (SQLCipher + Argon2id), migrations, lock,
//!   backups, audit trail;
//! - [`model`]: the plain types of a dossier's content;
//! - [`register`]: the Art. 30 register rules (completeness, obligations, library…);
//! - [`security`]: the CNIL security checklist (applicability, score, history, action plan);
//! - [`documents`]: exports and imports (JSON, PDF, spreadsheets);
//! - [`cli`]: the `greffier` command, thin over the above.

pub mod aipd;
pub mod app_config;
pub mod breach;
pub mod cli;
pub mod documents;
pub mod dpo;
pub mod model;
pub mod passphrase;
pub mod register;
pub mod security;
pub mod store;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The operating system's user name, the default author of changes in the audit trail.
pub fn os_user_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "inconnu".to_string())
}
