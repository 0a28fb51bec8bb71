//! The register of processing activities (Art. 30 GDPR): every rule about it lives here,
//! the window and the CLI only show the results.
//!
//! - [`completeness`]: what an entry still lacks, Art. 30 items apart from recommended ones;
//! - [`obligations`]: is a register, a DPO, an AIPD required — with the reasoning;
//! - [`query`]: the register list (search, filters, sort) over many entries;
//! - [`library`]: the typical processings of `assets/register/library.json`;
//! - [`starter`]: the « démarrage guidé » questionnaire that proposes library entries;
//! - [`adequacy`]: the dated list of countries with an adequacy decision, transfer checks;
//! - [`retention`]: reading a retention period written in French.

pub mod adequacy;
pub mod completeness;
pub mod library;
pub mod obligations;
pub mod query;
pub mod retention;
pub mod starter;
