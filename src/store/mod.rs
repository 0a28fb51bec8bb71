//! The encrypted dossier file.
//!
//! One dossier = one SQLCipher file keyed from the passphrase with Argon2id
//! ([`crypto`]), holding one or more organisations and their records as JSON documents,
//! with a versioned schema ([`schema`]), an exclusive write lock ([`lock`]), rotating
//! encrypted backups ([`backup`]) and an audit trail written in the same transaction as
//! each change ([`audit`]).
//!
//! Invariants:
//! - nothing decrypted is written to disk: `temp_store = MEMORY`, the WAL is encrypted by
//!   SQLCipher, snapshots are encrypted with the dossier's key;
//! - a file this build does not understand (foreign, newer, damaged) is refused before any
//!   write; a wrong passphrase leaves the file byte-identical;
//! - every user change is one transaction, and every stored record passes `validate()`.

pub mod audit;
pub mod backup;
pub mod crypto;
mod dossier;
pub mod error;
pub mod lock;
pub mod schema;

pub use audit::{AuditAction, AuditEntry, FieldChange};
pub use backup::{BackupInfo, BackupReason, Backups, RetentionPolicy};
pub use crypto::{KdfParams, Passphrase};
pub use dossier::{CheckReport, Dossier, DossierInfo, Options, OrganisationSummary, OrganisationUpdate, RecordUpdate};
pub use error::{Result, StoreError};
