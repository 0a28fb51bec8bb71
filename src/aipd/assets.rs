//! The AIPD's reference content as data: `assets/aipd/{screening,scales,knowledge}.json`,
//! described in `assets/aipd/README.md`, compiled into the binary and parsed once.
//!
//! - `screening.json`: the CNIL's two lists of processing types (12 needing no AIPD,
//!   délibération 2019-118; 14 requiring one, délibération 2018-327), each with the register
//!   signs that *suggest* it, and the help on the nine WP248 criteria;
//! - `scales.json`: what severity and likelihood mean and the four levels with examples;
//! - `knowledge.json`: the measures knowledge base (the three families of the CNIL method,
//!   each entry linked to the sheets of the CNIL 2024 security guide) and the suggestion
//!   lists of impacts, threats and risk sources.
//!
//! Every entry carries its `source`; facts known from memory only are flagged `to_verify`
//! and say « à vérifier ». The whole [`AipdAssets`] is sent to the window as is.
//!
//! Should the embedded files ever fail to parse, [`assets`] gives empty lists rather than a
//! panic (screenings then find no list type, scales show empty texts); `tests/assets_aipd.rs`
//! and this module's tests make that a bug caught before release, and [`AipdAssets::problems`]
//! checks the content rules.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{
    AipdCriterion, DataCategory, DataSubjectCategory, FearedEvent, Level, MeasureFamily, SpecialCategory,
    SECURITY_GUIDE_SHEETS,
};
use crate::register::query::fold;

const SCREENING_JSON: &str = include_str!("../../assets/aipd/screening.json");
const SCALES_JSON: &str = include_str!("../../assets/aipd/scales.json");
const KNOWLEDGE_JSON: &str = include_str!("../../assets/aipd/knowledge.json");

/// Version of the files' layout this code reads.
pub const FORMAT: u32 = 1;

/// Everything the AIPD screens show beside the user's answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AipdAssets {
    pub screening: ScreeningLists,
    /// The nine criteria in WP248 order.
    pub criteria: Vec<CriterionHelp>,
    pub scales: Scales,
    /// The measures knowledge base.
    pub knowledge: Vec<KnowledgeEntry>,
    pub suggestions: Suggestions,
}

/// The CNIL's two lists of processing types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningLists {
    /// « Liste des types d'opérations de traitement pour lesquelles une AIPD n'est pas
    /// requise » (délibération n° 2019-118): `nr-01`…`nr-12`.
    pub not_required: Vec<ListType>,
    /// « Liste des types d'opérations de traitement pour lesquelles une AIPD est requise »
    /// (délibération n° 2018-327): `r-01`…`r-14`.
    pub required: Vec<ListType>,
}

/// One type of processing on a CNIL list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListType {
    /// `nr-01`…`nr-12` or `r-01`…`r-14`; stored in screenings, never renumbered.
    pub id: String,
    /// Its number on the CNIL's list.
    pub number: u8,
    pub title_fr: String,
    pub title_en: String,
    pub examples_fr: Vec<String>,
    pub examples_en: Vec<String>,
    /// Wording known from memory only: shown « à vérifier ».
    #[serde(default)]
    pub to_verify: bool,
    pub source: String,
    /// The register signs that suggest this type (a suggestion only: the user confirms).
    #[serde(default)]
    pub suggest: ListMatch,
}

/// When a register entry *suggests* a list type: at least one trigger (a keyword in its
/// name, purposes or persons' details; a category of persons; a category of data; a special
/// category) and every condition. With no trigger at all, the conditions alone decide.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ListMatch {
    /// Folded (lower case, no accents) words or phrases, found as whole words (the last one
    /// possibly plural); a trailing `*` makes a stem (`geolocalis*`).
    pub keywords: Vec<String>,
    pub persons: Vec<DataSubjectCategory>,
    pub data: Vec<DataCategory>,
    pub special: Vec<SpecialCategory>,
    pub conditions: Vec<Condition>,
}

impl ListMatch {
    /// Whether the rule has anything that can trigger it.
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty()
            && self.persons.is_empty()
            && self.data.is_empty()
            && self.special.is_empty()
            && self.conditions.is_empty()
    }

    /// Whether the rule has a trigger (a keyword or a category).
    pub fn has_trigger(&self) -> bool {
        !(self.keywords.is_empty() && self.persons.is_empty() && self.data.is_empty() && self.special.is_empty())
    }
}

/// A condition on the entry or the organisation that a list type needs (e.g. type 1 of
/// the « non requise » list is for organisations of fewer than 250 employees, without
/// profiling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// « Traitement à grande échelle » is ticked.
    LargeScale,
    /// « Traitement à grande échelle » is not ticked.
    NotLargeScale,
    /// The organisation is a public body.
    PublicBody,
    /// The organisation is not a public body.
    PrivateBody,
    /// The organisation is a non-profit body: NAF code 94.xx (« activités des organisations
    /// associatives »), or a legal form or sector naming an association, a foundation or a
    /// non-profit purpose.
    NonProfit,
    /// The organisation's headcount is known and below 250.
    #[serde(rename = "under_250")]
    Under250,
    /// Criterion 1 (evaluation, profiling) is detected or the automated-decision box is ticked.
    Profiling,
    /// The opposite of [`Condition::Profiling`].
    NoProfiling,
    /// Employees or job applicants are among the persons concerned.
    Staff,
    /// Health data are processed.
    HealthData,
    /// No special-category (Art. 9) and no offence (Art. 10) data.
    NoSensitiveData,
    /// No biometric data.
    NoBiometricData,
    /// Some persons concerned are vulnerable (criterion 7 detected or a group ticked).
    Vulnerable,
}

/// Help on one of the nine criteria, in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionHelp {
    pub criterion: AipdCriterion,
    pub help_fr: String,
    pub help_en: String,
    pub examples_fr: Vec<String>,
    pub examples_en: Vec<String>,
    pub source: String,
}

/// The two scales of the CNIL method (same four levels for both).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    /// What severity « Gravité » means.
    pub severity_fr: String,
    pub severity_en: String,
    /// What likelihood « Vraisemblance » means.
    pub likelihood_fr: String,
    pub likelihood_en: String,
    /// Négligeable, Limitée, Importante, Maximale, in that order.
    pub levels: Vec<ScaleLevel>,
    pub source: String,
}

/// One level of the scales, shown beside the choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    pub level: Level,
    pub severity_fr: String,
    pub severity_en: String,
    pub severity_examples_fr: Vec<String>,
    pub severity_examples_en: Vec<String>,
    pub likelihood_fr: String,
    pub likelihood_en: String,
    /// The CNIL's example of paper files more or less easy to steal.
    pub likelihood_example_fr: String,
    pub likelihood_example_en: String,
    #[serde(default)]
    pub source: String,
}

/// One measure of the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeEntry {
    /// `kb-…`, stored in an AIPD measure's origin; never renamed.
    pub id: String,
    pub family: MeasureFamily,
    pub title_fr: String,
    pub title_en: String,
    pub description_fr: String,
    pub description_en: String,
    /// Sheets of the CNIL security guide (2024) it matches, 1..=25.
    pub sheets: Vec<u8>,
    pub source: String,
}

/// Suggestion lists for the risks (free entries stay allowed).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestions {
    /// Impacts on the persons.
    pub impacts: Vec<Suggestion>,
    /// Threats, per feared event.
    pub threats: Vec<Suggestion>,
    /// Risk sources (internal human, external human, non-human).
    pub sources: Vec<Suggestion>,
}

/// One suggested impact, threat or risk source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    pub fr: String,
    pub en: String,
    /// The feared event it belongs to; `null` when it fits all three.
    pub event: Option<FearedEvent>,
    /// For risk sources: which kind.
    #[serde(default)]
    pub group: Option<SourceGroup>,
    #[serde(default)]
    pub source: String,
}

/// The kinds of risk source of the CNIL method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceGroup {
    /// « Sources humaines internes ».
    InternalHuman,
    /// « Sources humaines externes ».
    ExternalHuman,
    /// « Sources non humaines ».
    NonHuman,
}

impl SourceGroup {
    pub fn label_fr(self) -> &'static str {
        match self {
            SourceGroup::InternalHuman => "Sources humaines internes",
            SourceGroup::ExternalHuman => "Sources humaines externes",
            SourceGroup::NonHuman => "Sources non humaines",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            SourceGroup::InternalHuman => "Internal human sources",
            SourceGroup::ExternalHuman => "External human sources",
            SourceGroup::NonHuman => "Non-human sources",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreeningFile {
    format: u32,
    not_required: Vec<ListType>,
    required: Vec<ListType>,
    criteria: Vec<CriterionHelp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScalesFile {
    format: u32,
    scales: Scales,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KnowledgeFile {
    format: u32,
    entries: Vec<KnowledgeEntry>,
    suggestions: Suggestions,
}

/// Parses the three files (the embedded ones, or a test's copies). The error names the
/// file and what is wrong in it.
pub fn parse(screening: &str, scales: &str, knowledge: &str) -> Result<AipdAssets, String> {
    fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| format!("assets/aipd/{name} : {e}"))
    }
    let s: ScreeningFile = read("screening.json", screening)?;
    let c: ScalesFile = read("scales.json", scales)?;
    let k: KnowledgeFile = read("knowledge.json", knowledge)?;
    for (name, format) in [("screening.json", s.format), ("scales.json", c.format), ("knowledge.json", k.format)] {
        if format != FORMAT {
            return Err(format!("assets/aipd/{name} : format {format}, attendu {FORMAT}"));
        }
    }
    Ok(AipdAssets {
        screening: ScreeningLists { not_required: s.not_required, required: s.required },
        criteria: s.criteria,
        scales: c.scales,
        knowledge: k.entries,
        suggestions: k.suggestions,
    })
}

/// The embedded assets, parsed once for the life of the process.
pub fn assets() -> &'static AipdAssets {
    static ASSETS: OnceLock<AipdAssets> = OnceLock::new();
    ASSETS.get_or_init(|| parse(SCREENING_JSON, SCALES_JSON, KNOWLEDGE_JSON).unwrap_or_default())
}

/// What [`AipdAssets::scale`] gives for a level the file lacks (never with the embedded
/// file): empty texts, the right level.
static EMPTY_LEVELS: [ScaleLevel; 4] = [
    empty_level(Level::Negligible),
    empty_level(Level::Limited),
    empty_level(Level::Significant),
    empty_level(Level::Maximum),
];

const fn empty_level(level: Level) -> ScaleLevel {
    ScaleLevel {
        level,
        severity_fr: String::new(),
        severity_en: String::new(),
        severity_examples_fr: Vec::new(),
        severity_examples_en: Vec::new(),
        likelihood_fr: String::new(),
        likelihood_en: String::new(),
        likelihood_example_fr: String::new(),
        likelihood_example_en: String::new(),
        source: String::new(),
    }
}

impl AipdAssets {
    /// The list type `id` (`nr-03`, `r-13`) from either list.
    pub fn list_type(&self, id: &str) -> Option<&ListType> {
        self.screening.not_required.iter().chain(&self.screening.required).find(|t| t.id == id)
    }

    /// The « non requise » type `id`, or `None` (also for an id of the other list).
    pub fn not_required_type(&self, id: &str) -> Option<&ListType> {
        self.screening.not_required.iter().find(|t| t.id == id)
    }

    /// The « requise » type `id`, or `None` (also for an id of the other list).
    pub fn required_type(&self, id: &str) -> Option<&ListType> {
        self.screening.required.iter().find(|t| t.id == id)
    }

    /// The definitions and examples of `level`.
    pub fn scale(&self, level: Level) -> &ScaleLevel {
        self.scales
            .levels
            .iter()
            .find(|l| l.level == level)
            .unwrap_or(&EMPTY_LEVELS[usize::from(level.value().saturating_sub(1)).min(3)])
    }

    pub fn knowledge_entry(&self, id: &str) -> Option<&KnowledgeEntry> {
        self.knowledge.iter().find(|k| k.id == id)
    }

    pub fn criterion_help(&self, criterion: AipdCriterion) -> Option<&CriterionHelp> {
        self.criteria.iter().find(|c| c.criterion == criterion)
    }

    /// Every broken content rule, one sentence each (empty for a good file): the counts of
    /// the CNIL lists (12 and 14), ids and numbers in sequence, the nine criteria once each
    /// in WP248 order, the four levels in order, unique knowledge ids `kb-…`, guide sheets in
    /// 1..=25, French and English texts and a source everywhere, folded keywords, and
    /// « à vérifier » exactly on the entries flagged `to_verify`.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (list, prefix, count) in
            [(&self.screening.not_required, "nr", 12usize), (&self.screening.required, "r", 14usize)]
        {
            if list.len() != count {
                out.push(format!("liste {prefix} : {} types au lieu de {count}", list.len()));
            }
            for (i, t) in list.iter().enumerate() {
                let want = format!("{prefix}-{:02}", i + 1);
                let what = format!("type {}", t.id);
                texts(&mut out, &what, &t.title_fr, &t.title_en);
                if t.id != want || usize::from(t.number) != i + 1 {
                    out.push(format!("{what} : attendu {want} (n° {})", i + 1));
                }
                examples(&mut out, &what, &t.examples_fr, &t.examples_en);
                source(&mut out, &what, &t.source);
                let flagged = t.title_fr.contains("à vérifier") && t.source.contains("à vérifier");
                if t.to_verify != flagged {
                    out.push(format!(
                        "{what} : « à vérifier » doit figurer dans le titre et la source si et seulement si \
                         to_verify est vrai"
                    ));
                }
                if t.suggest.is_empty() {
                    out.push(format!("{what} : aucune règle de suggestion"));
                }
                for k in &t.suggest.keywords {
                    let word = k.strip_suffix('*').unwrap_or(k);
                    if word.trim().is_empty() || fold(k) != *k || k.trim() != k || word.contains('*') {
                        out.push(format!(
                            "{what} : mot-clé « {k} » non normalisé (minuscules, sans accent, « * » seulement à la fin)"
                        ));
                    }
                }
            }
        }
        let criteria: Vec<AipdCriterion> = self.criteria.iter().map(|c| c.criterion).collect();
        if criteria != AipdCriterion::ALL {
            out.push("critères : les neuf critères du WP248 attendus, une fois chacun, dans l'ordre".into());
        }
        for c in &self.criteria {
            let what = format!("critère {}", c.criterion.number());
            texts(&mut out, &what, &c.help_fr, &c.help_en);
            examples(&mut out, &what, &c.examples_fr, &c.examples_en);
            if !c.source.contains("WP248") {
                out.push(format!("{what} : la source doit citer le WP248"));
            }
        }
        texts(&mut out, "échelles (gravité)", &self.scales.severity_fr, &self.scales.severity_en);
        texts(&mut out, "échelles (vraisemblance)", &self.scales.likelihood_fr, &self.scales.likelihood_en);
        source(&mut out, "échelles", &self.scales.source);
        let levels: Vec<Level> = self.scales.levels.iter().map(|l| l.level).collect();
        if levels != Level::ALL {
            out.push("échelles : les quatre niveaux attendus, une fois chacun, dans l'ordre".into());
        }
        for l in &self.scales.levels {
            let what = format!("niveau {}", l.level.label_fr());
            texts(&mut out, &what, &l.severity_fr, &l.severity_en);
            texts(&mut out, &what, &l.likelihood_fr, &l.likelihood_en);
            texts(&mut out, &what, &l.likelihood_example_fr, &l.likelihood_example_en);
            examples(&mut out, &what, &l.severity_examples_fr, &l.severity_examples_en);
            source(&mut out, &what, &l.source);
        }
        let mut ids = HashSet::new();
        for k in &self.knowledge {
            let what = format!("mesure {}", k.id);
            texts(&mut out, &what, &k.title_fr, &k.title_en);
            texts(&mut out, &what, &k.description_fr, &k.description_en);
            source(&mut out, &what, &k.source);
            if !ids.insert(k.id.as_str()) {
                out.push(format!("{what} : identifiant en double"));
            }
            let well_formed = k.id.strip_prefix("kb-").is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
            if !well_formed {
                out.push(format!("{what} : l'identifiant doit être « kb- » suivi de minuscules et de tirets"));
            }
            if k.sheets.is_empty() || k.sheets.iter().any(|s| !(1..=SECURITY_GUIDE_SHEETS).contains(s)) {
                out.push(format!("{what} : fiches du guide absentes ou hors de 1 à {SECURITY_GUIDE_SHEETS}"));
            }
        }
        for f in MeasureFamily::ALL {
            if !self.knowledge.iter().any(|k| k.family == *f) {
                out.push(format!("base de connaissances : aucune mesure de la famille « {} »", f.label_fr()));
            }
        }
        let lists = [
            ("impacts", &self.suggestions.impacts),
            ("menaces", &self.suggestions.threats),
            ("sources", &self.suggestions.sources),
        ];
        for (name, list) in lists {
            if list.is_empty() {
                out.push(format!("suggestions {name} : liste vide"));
            }
            for s in list {
                let what = format!("suggestion {name} « {} »", s.fr);
                texts(&mut out, &what, &s.fr, &s.en);
                source(&mut out, &what, &s.source);
                if (name == "sources") != s.group.is_some() {
                    out.push(format!("{what} : seules les sources de risques ont un groupe, et toutes en ont un"));
                }
            }
        }
        for e in FearedEvent::ALL {
            if !self.suggestions.threats.iter().any(|s| s.event == Some(*e)) {
                out.push(format!("suggestions menaces : aucune pour « {} »", e.label_fr()));
            }
        }
        out
    }
}

fn texts(out: &mut Vec<String>, what: &str, fr: &str, en: &str) {
    if fr.trim().is_empty() {
        out.push(format!("{what} : texte français vide"));
    }
    if en.trim().is_empty() {
        out.push(format!("{what} : texte anglais vide"));
    }
}

fn examples(out: &mut Vec<String>, what: &str, fr: &[String], en: &[String]) {
    if fr.is_empty() || fr.len() != en.len() {
        out.push(format!("{what} : exemples absents, ou pas autant en français qu'en anglais"));
    }
    for (f, e) in fr.iter().zip(en) {
        texts(out, &format!("{what} (exemple)"), f, e);
    }
}

fn source(out: &mut Vec<String>, what: &str, source: &str) {
    if source.trim().is_empty() {
        out.push(format!("{what} : source manquante"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse_and_keep_the_rules() {
        let parsed = parse(SCREENING_JSON, SCALES_JSON, KNOWLEDGE_JSON);
        assert!(parsed.is_ok(), "{parsed:?}");
        let a = assets();
        assert_eq!(a.problems(), Vec::<String>::new());
        assert_eq!(a.list_type("nr-03").map(|t| t.number), Some(3));
        assert_eq!(a.list_type("r-13").map(|t| t.number), Some(13));
        assert!(a.required_type("nr-03").is_none());
        assert_eq!(a.scale(Level::Maximum).level, Level::Maximum);
        assert!(a.knowledge_entry("kb-chiffrement").is_some());
    }

    #[test]
    fn missing_level_falls_back_to_empty_texts() {
        let empty = AipdAssets::default();
        for &l in Level::ALL {
            assert_eq!(empty.scale(l).level, l);
            assert!(empty.scale(l).severity_fr.is_empty());
        }
        assert!(!empty.problems().is_empty());
    }
}
