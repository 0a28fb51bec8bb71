//! The typical processings of `assets/register/library.json`: ready-made register entries
//! (payroll, customers, civil status…) that a user copies into a dossier and then adapts.
//!
//! The file is compiled into the binary and parsed once. Its content is checked by
//! `tests/assets_register.rs` and `tests/register_library.rs`, so a parse failure is a bug
//! caught before release; at run time the app must still never crash on it, hence an empty
//! library as fallback rather than a panic.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{now, Processing, ProcessingStatus};

use super::query::fold;

const LIBRARY_JSON: &str = include_str!("../../assets/register/library.json");

/// Who a library entry or a starter question is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Companies, shops, craftsmen, associations « Entreprise ».
    Business,
    /// Town halls and their services « Commune ».
    Commune,
}

/// How sure a fact of the library is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reliability {
    /// Read in a written source.
    Sourced,
    /// Known but not re-read in a source: shown « à vérifier ».
    Memory,
}

/// What a piece of content rests on: a text of law, a CNIL deliberation, a web page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The short citation « Référence » (e.g. « C. trav. L.3243-4 »).
    #[serde(rename = "ref")]
    pub r#ref: String,
    /// Which fact it supports (in English, for maintainers).
    pub about: String,
    /// Read in a source, or from memory.
    pub reliability: Reliability,
}

impl Source {
    /// The citation as the French UI shows it: a fact from memory must never look as sure as
    /// a sourced one, so it carries « (à vérifier) ».
    pub fn label_fr(&self) -> String {
        match self.reliability {
            Reliability::Sourced => self.r#ref.clone(),
            Reliability::Memory => format!("{} (à vérifier)", self.r#ref),
        }
    }

    /// The citation as the English UI shows it, with « (to be checked) » for memory items.
    pub fn label_en(&self) -> String {
        match self.reliability {
            Reliability::Sourced => self.r#ref.clone(),
            Reliability::Memory => format!("{} (to be checked)", self.r#ref),
        }
    }
}

/// One typical processing of the library.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryEntry {
    /// Stable identifier (`paie`, `etat_civil`): lowercase ASCII and `_`, never renamed.
    pub key: String,
    /// Who the entry is for.
    pub audience: Vec<Audience>,
    /// Name shown in the library; equals `template.name`.
    pub title_fr: String,
    pub title_en: String,
    /// One plain sentence saying what the processing is.
    pub summary_fr: String,
    pub summary_en: String,
    /// What the content (retention periods above all) rests on.
    pub sources: Vec<Source>,
    /// The register entry to copy, with fixed id and dates (see [`instantiate`]).
    pub template: Processing,
}

#[derive(Deserialize)]
struct LibraryFile {
    #[allow(dead_code)]
    library_version: u32,
    updated: String,
    entries: Vec<LibraryEntry>,
}

fn parsed() -> &'static (String, Vec<LibraryEntry>) {
    static LIBRARY: OnceLock<(String, Vec<LibraryEntry>)> = OnceLock::new();
    LIBRARY.get_or_init(|| match serde_json::from_str::<LibraryFile>(LIBRARY_JSON) {
        Ok(f) => (f.updated, f.entries),
        Err(_) => (String::new(), Vec::new()),
    })
}

/// Every entry, in the file's order (business entries first, then communes).
pub fn library() -> &'static [LibraryEntry] {
    &parsed().1
}

/// Date of the library's last content review (ISO 8601, e.g. `2026-11-23`).
pub fn library_date() -> &'static str {
    &parsed().0
}

/// The entry with this key, if any.
pub fn entry(key: &str) -> Option<&'static LibraryEntry> {
    library().iter().find(|e| e.key == key)
}

/// Why a library entry could not be copied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    /// The key names no entry: an outdated UI or a typing mistake in a script.
    #[error("Le modèle « {0} » n'existe pas dans la bibliothèque : choisissez un modèle dans la liste proposée.")]
    UnknownKey(String),
}

impl LibraryError {
    /// The French message (same as `Display`).
    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    pub fn message_en(&self) -> String {
        match self {
            LibraryError::UnknownKey(k) => {
                format!("The template « {k} » does not exist in the library: pick a template from the list shown.")
            }
        }
    }

    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            LibraryError::UnknownKey(_) => "library_unknown_key",
        }
    }
}

/// A copy of the entry's template ready to be saved in a dossier: a fresh id (two copies must
/// never collide), the current time as creation and update time, status « Brouillon » (the
/// user still has to adapt it), not archived and with no review date.
pub fn instantiate(key: &str) -> Result<Processing, LibraryError> {
    let e = entry(key).ok_or_else(|| LibraryError::UnknownKey(key.to_string()))?;
    let mut p = e.template.clone();
    let t = now();
    p.id = Uuid::new_v4();
    p.created_at = t;
    p.updated_at = t;
    p.status = ProcessingStatus::Draft;
    p.archived = false;
    p.next_review = None;
    Ok(p)
}

/// Whether a processing's name already names this library title: the same words, or the title
/// followed by more words (« Gestion de la paie 2026 »). Case, accents and spacing do not
/// count, so a copy the user lightly renamed is still recognised.
fn names_title(name: &str, title: &str) -> bool {
    let name = normalise(name);
    let title = normalise(title);
    if title.is_empty() {
        return false;
    }
    match name.strip_prefix(&title) {
        Some(rest) => rest.chars().next().is_none_or(|c| !c.is_alphanumeric()),
        None => false,
    }
}

/// Folded text with runs of spaces made single.
fn normalise(s: &str) -> String {
    fold(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keys of the library entries already in the register (a non-archived processing bears the
/// entry's title), in library order, so the library can mark them « déjà dans le registre ».
pub fn present_keys(processings: &[Processing]) -> Vec<String> {
    library()
        .iter()
        .filter(|e| processings.iter().any(|p| !p.archived && names_title(&p.name, &e.title_fr)))
        .map(|e| e.key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_matching() {
        assert!(names_title("Gestion de la paie", "Gestion de la paie"));
        assert!(names_title("  GESTION  de la PAIE 2026", "Gestion de la paie"));
        assert!(names_title("Etat civil", "État civil"));
        assert!(!names_title("Gestion de la paierie", "Gestion de la paie"));
        assert!(!names_title("Paie", "Gestion de la paie"));
        assert!(!names_title("anything", ""));
    }

    #[test]
    fn memory_sources_are_flagged() {
        let s = Source { r#ref: "X".into(), about: String::new(), reliability: Reliability::Memory };
        assert_eq!(s.label_fr(), "X (à vérifier)");
        assert_eq!(s.label_en(), "X (to be checked)");
        let s = Source { reliability: Reliability::Sourced, ..s };
        assert_eq!(s.label_fr(), "X");
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, r#"{"ref":"X","about":"","reliability":"sourced"}"#);
    }
}
