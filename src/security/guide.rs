//! The CNIL security guide (2024 edition) as data: `assets/security/guide-2024.json`,
//! described in `assets/security/README.md`, read once and kept for the life of the
//! process.
//!
//! The file is compiled into the binary, and `tests/assets_security.rs` plus this module's
//! tests prove it parses; should it ever fail to, [`guide`] gives an empty guide rather
//! than a panic, and every assessment then reports its item ids as unknown.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::ProfileKey;

const GUIDE_JSON: &str = include_str!("../../assets/security/guide-2024.json");

/// The edition Greffier's checklist follows, as stored in every assessment.
pub const GUIDE_EDITION: &str = "2024";

/// The whole guide: where it comes from, its chapters and its 25 sheets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guide {
    /// Version of the file's layout.
    pub format: u32,
    pub guide: GuideInfo,
    /// In the guide's order (`pilotage` first).
    pub chapters: Vec<Chapter>,
    /// Sheets 1 to 25, in order.
    pub sheets: Vec<Sheet>,
}

/// Title, edition and source of the guide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideInfo {
    pub title_fr: String,
    /// `2024`.
    pub edition: String,
    /// `2024-03`.
    pub published: String,
    /// Bibliographic reference, « [GS24] CNIL, … ».
    pub source: String,
    pub url: String,
}

/// A chapter of the guide (`utilisateurs`, `informatique`…).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub id: String,
    pub title_fr: String,
    pub title_en: String,
    /// Sheet 1 stands before the guide's first chapter: its chapter is ours.
    #[serde(default)]
    pub outside_chapters: bool,
}

/// One sheet « fiche » of the guide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    /// 1 to 25, the guide's numbering.
    pub number: u8,
    /// Id of its [`Chapter`].
    pub chapter: String,
    pub title_fr: String,
    pub title_en: String,
    pub goal_fr: String,
    pub goal_en: String,
    /// Precautions, then optional measures (file order).
    pub items: Vec<Item>,
    /// « Ce qu'il ne faut pas faire ».
    pub donts: Vec<Dont>,
}

/// Essential precaution or « pour aller plus loin ».
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// « Précaution élémentaire »: counts in the score.
    Precaution,
    /// « Pour aller plus loin »: reported apart, never in the score.
    Optional,
}

impl ItemKind {
    pub fn label_fr(self) -> &'static str {
        match self {
            ItemKind::Precaution => "Précaution élémentaire",
            ItemKind::Optional => "Pour aller plus loin",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ItemKind::Precaution => "Essential precaution",
            ItemKind::Optional => "Going further",
        }
    }
}

/// One checkable item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// `sNN-pMM` (precaution) or `sNN-oMM` (optional); stable, answers point to it.
    pub id: String,
    pub kind: ItemKind,
    pub text_fr: String,
    pub text_en: String,
    pub help_fr: String,
    pub help_en: String,
    /// Profile questions of which at least one must be « oui » (or unanswered) for the
    /// item to apply; empty = applies to everyone.
    pub applies_if: Vec<ProfileKey>,
    /// Matches a line of the guide's closing self-assessment grid.
    pub in_grid: bool,
    /// `memory` when the fact was not re-read in a written source.
    #[serde(default)]
    pub reliability: Option<String>,
    /// `GS24 fiche N`.
    pub source: String,
}

/// A bad practice « à ne pas faire ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dont {
    /// `sNN-xMM`.
    pub id: String,
    pub text_fr: String,
    pub text_en: String,
    pub source: String,
}

/// The guide, parsed once. Empty (no chapter, no sheet) if the embedded file cannot be
/// read — which the tests rule out.
pub fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| parse(GUIDE_JSON).unwrap_or_default())
}

/// Parses a guide file (the embedded one, or a test's copy).
pub fn parse(text: &str) -> Result<Guide, serde_json::Error> {
    serde_json::from_str(text)
}

impl Guide {
    /// The sheet numbered `number`.
    pub fn sheet(&self, number: u8) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.number == number)
    }

    pub fn chapter(&self, id: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.id == id)
    }

    /// The item `id` with its sheet.
    pub fn item(&self, id: &str) -> Option<(&Sheet, &Item)> {
        // ids start with their sheet number: look there first
        let by_number = sheet_number_of(id).and_then(|n| self.sheet(n));
        by_number
            .into_iter()
            .chain(self.sheets.iter())
            .find_map(|s| s.items.iter().find(|i| i.id == id).map(|i| (s, i)))
    }

    /// The don't `id` with its sheet.
    pub fn dont(&self, id: &str) -> Option<(&Sheet, &Dont)> {
        self.sheets.iter().find_map(|s| s.donts.iter().find(|d| d.id == id).map(|d| (s, d)))
    }

    /// Every item, with its sheet, in guide order.
    pub fn items(&self) -> impl Iterator<Item = (&Sheet, &Item)> {
        self.sheets.iter().flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The sheets of chapter `id`, in order.
    pub fn sheets_of<'a>(&'a self, chapter: &'a str) -> impl Iterator<Item = &'a Sheet> + 'a {
        self.sheets.iter().filter(move |s| s.chapter == chapter)
    }
}

/// The sheet number an item or don't id starts with (`s07-p03` → 7).
pub fn sheet_number_of(id: &str) -> Option<u8> {
    id.strip_prefix('s').and_then(|r| r.get(..2)).and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_guide_parses() {
        let g = parse(GUIDE_JSON).expect("guide-2024.json parses into the guide types");
        assert_eq!(g.guide.edition, GUIDE_EDITION);
        assert_eq!(g.sheets.len(), 25);
        assert_eq!(g.chapters.len(), 6);
        assert_eq!(guide(), &g);
        let precautions = g.items().filter(|(_, i)| i.kind == ItemKind::Precaution).count();
        let optional = g.items().filter(|(_, i)| i.kind == ItemKind::Optional).count();
        assert_eq!((precautions, optional), (282, 136), "counts given in assets/security/README.md");
        assert_eq!(g.sheets.iter().map(|s| s.donts.len()).sum::<usize>(), 89);
        for (s, c) in g.sheets.iter().zip(1u8..) {
            assert_eq!(s.number, c);
            assert!(g.chapter(&s.chapter).is_some());
        }
    }

    #[test]
    fn lookups() {
        let g = guide();
        let (s, i) = g.item("s10-p01").unwrap();
        assert_eq!(s.number, 10);
        assert_eq!(i.kind, ItemKind::Precaution);
        assert!(i.applies_if.contains(&ProfileKey::Website));
        assert!(g.item("s10-p99").is_none());
        assert!(g.item("").is_none());
        assert_eq!(g.dont("s01-x01").unwrap().0.number, 1);
        assert!(g.dont("s01-p01").is_none());
        assert_eq!(sheet_number_of("s07-p03"), Some(7));
        assert_eq!(sheet_number_of("x"), None);
        assert_eq!(g.sheets_of("incident").map(|s| s.number).collect::<Vec<_>>(), [16, 17, 18, 19]);
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(parse("{").is_err());
        assert!(parse(r#"{"format":1}"#).is_err());
        let unknown_key = GUIDE_JSON.replacen("\"website\"", "\"teleportation\"", 1);
        assert!(parse(&unknown_key).is_err(), "an unknown profile key is refused");
        assert_eq!(Guide::default().sheets.len(), 0);
    }
}
