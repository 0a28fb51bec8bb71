//! The security checklist data (`assets/security/guide-2024.json`, CNIL security guide 2024):
//! layout, the guide's 25 sheets and chapters, ids, sources, profile keys kept in step with
//! `assets/security/README.md`, and a self-test showing the checker catches broken files.

use std::collections::{BTreeSet, HashSet};

use serde::Deserialize;
use serde_json::{json, Value};

const GUIDE_JSON: &str = include_str!("../assets/security/guide-2024.json");
const README: &str = include_str!("../assets/security/README.md");

/// Profile keys allowed in `applies_if`; must match the table in `assets/security/README.md`.
const PROFILE_KEYS: &[&str] = &[
    "employees",
    "premises",
    "paper",
    "office_network",
    "wifi",
    "remote_work",
    "byod",
    "own_servers",
    "server_room",
    "website",
    "software_dev",
    "mobile_apps",
    "ai",
    "apis",
    "cloud",
    "processors",
    "external_it",
    "health_data",
    "public_body",
    "fax",
];

/// Sheet titles and chapters of the 2024 guide, in its numbering (domain notes §1.1–1.2).
const SHEETS: [(&str, &str); 25] = [
    ("Piloter la sécurité des données", "pilotage"),
    ("Définir un cadre pour les utilisateurs", "utilisateurs"),
    ("Impliquer et former les utilisateurs", "utilisateurs"),
    ("Authentifier les utilisateurs", "utilisateurs"),
    ("Gérer les habilitations", "utilisateurs"),
    ("Sécuriser les postes de travail", "informatique"),
    ("Sécuriser l'informatique mobile", "informatique"),
    ("Protéger le réseau informatique", "informatique"),
    ("Sécuriser les serveurs", "informatique"),
    ("Sécuriser les sites web", "informatique"),
    ("Encadrer les développements informatiques", "informatique"),
    ("Protéger les locaux", "informatique"),
    ("Sécuriser les échanges avec l'extérieur", "donnees"),
    ("Gérer la sous-traitance", "donnees"),
    ("Encadrer la maintenance et la fin de vie des matériels et logiciels", "donnees"),
    ("Tracer les opérations", "incident"),
    ("Sauvegarder", "incident"),
    ("Prévoir la continuité et la reprise d'activité", "incident"),
    ("Gérer les incidents et les violations", "incident"),
    ("Analyse de risques", "focus"),
    ("Chiffrement, hachage, signature", "focus"),
    ("Cloud : informatique en nuage", "focus"),
    ("Applications mobiles : conception et développement", "focus"),
    ("Intelligence artificielle : conception et apprentissage", "focus"),
    ("API : interfaces de programmation applicative", "focus"),
];

/// The domain notes list far more than 100 precautions once compound ones are split
/// (the file has 282); fewer would mean sheets went missing or were merged.
const MIN_PRECAUTIONS: usize = 101;

const TO_CHECK: &str = "(à vérifier)";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFile {
    format: u32,
    guide: Guide,
    chapters: Vec<Chapter>,
    sheets: Vec<Sheet>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Guide {
    title_fr: String,
    edition: String,
    published: String,
    source: String,
    url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Chapter {
    id: String,
    title_fr: String,
    title_en: String,
    #[serde(default)]
    outside_chapters: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sheet {
    number: u32,
    chapter: String,
    title_fr: String,
    title_en: String,
    goal_fr: String,
    goal_en: String,
    items: Vec<Item>,
    donts: Vec<Dont>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Precaution,
    Optional,
}

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Reliability {
    Memory,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    id: String,
    kind: Kind,
    text_fr: String,
    text_en: String,
    help_fr: String,
    help_en: String,
    applies_if: Vec<String>,
    in_grid: bool,
    #[serde(default)]
    reliability: Option<Reliability>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Dont {
    id: String,
    text_fr: String,
    text_en: String,
    source: String,
}

/// A text is usable when it is non-empty and has no stray leading/trailing blanks.
fn text_ok(s: &str) -> bool {
    !s.trim().is_empty() && s.trim() == s
}

/// `GS24 fiche N`, optionally followed by ` (…)`, naming exactly sheet `n`.
fn source_names_sheet(source: &str, n: u32) -> bool {
    match source.strip_prefix(&format!("GS24 fiche {n}")) {
        Some("") => true,
        Some(rest) => rest.starts_with(" (") && rest.ends_with(')'),
        None => false,
    }
}

/// `s{NN}-{letter}{MM}` with NN the sheet number and MM ≥ 01, both two digits.
fn id_ok(id: &str, n: u32, letter: char) -> bool {
    let Some(rest) = id.strip_prefix(&format!("s{n:02}-{letter}")) else { return false };
    rest.len() == 2 && rest.bytes().all(|b| b.is_ascii_digit()) && rest != "00"
}

/// Every problem found in a parsed file; empty when the file is sound.
fn check(file: &GuideFile) -> Vec<String> {
    let mut p = Vec::new();
    let keys: HashSet<&str> = PROFILE_KEYS.iter().copied().collect();

    if file.format != 1 {
        p.push(format!("format is {}, expected 1", file.format));
    }
    let g = &file.guide;
    if g.edition != "2024" || g.published != "2024-03" {
        p.push(format!("guide edition/published are {}/{}", g.edition, g.published));
    }
    if !g.source.starts_with("[GS24] ") || !g.url.starts_with("https://www.cnil.fr/") || !text_ok(&g.title_fr) {
        p.push("guide title, source or url malformed".into());
    }

    let mut chapter_ids = HashSet::new();
    for c in &file.chapters {
        if !chapter_ids.insert(c.id.as_str()) {
            p.push(format!("chapter {} defined twice", c.id));
        }
        if !text_ok(&c.title_fr) || !text_ok(&c.title_en) {
            p.push(format!("chapter {}: empty title", c.id));
        }
    }
    let outside: Vec<&str> = file.chapters.iter().filter(|c| c.outside_chapters).map(|c| c.id.as_str()).collect();
    if outside != ["pilotage"] {
        p.push(format!("only `pilotage` should be outside the guide's chapters, found {outside:?}"));
    }

    let numbers: Vec<u32> = file.sheets.iter().map(|s| s.number).collect();
    if numbers != (1..=25).collect::<Vec<u32>>() {
        p.push(format!("sheets must be numbered 1..=25 in order, found {numbers:?}"));
    }

    let mut ids = HashSet::new();
    let mut used_chapters = HashSet::new();
    let mut precautions = 0;
    for s in &file.sheets {
        let n = s.number;
        if !chapter_ids.contains(s.chapter.as_str()) {
            p.push(format!("sheet {n}: unknown chapter {:?}", s.chapter));
        }
        used_chapters.insert(s.chapter.as_str());
        if let Some((title, chapter)) = (n as usize).checked_sub(1).and_then(|i| SHEETS.get(i)) {
            if s.title_fr != *title {
                p.push(format!("sheet {n}: title {:?}, guide has {title:?}", s.title_fr));
            }
            if s.chapter != *chapter {
                p.push(format!("sheet {n}: chapter {:?}, guide has {chapter:?}", s.chapter));
            }
        }
        for (what, t) in
            [("title_fr", &s.title_fr), ("title_en", &s.title_en), ("goal_fr", &s.goal_fr), ("goal_en", &s.goal_en)]
        {
            if !text_ok(t) {
                p.push(format!("sheet {n}: empty or untrimmed {what}"));
            }
        }

        let here = s.items.iter().filter(|i| i.kind == Kind::Precaution).count();
        if here == 0 {
            p.push(format!("sheet {n}: no precaution"));
        }
        precautions += here;
        if !s.items.iter().any(|i| i.in_grid) {
            p.push(format!("sheet {n}: no item matches the self-assessment grid"));
        }

        for i in &s.items {
            let letter = if i.kind == Kind::Precaution { 'p' } else { 'o' };
            if !id_ok(&i.id, n, letter) {
                p.push(format!("sheet {n}: id {:?} should look like s{n:02}-{letter}NN", i.id));
            }
            if !ids.insert(i.id.clone()) {
                p.push(format!("id {} used twice", i.id));
            }
            for (what, t) in
                [("text_fr", &i.text_fr), ("text_en", &i.text_en), ("help_fr", &i.help_fr), ("help_en", &i.help_en)]
            {
                if !text_ok(t) {
                    p.push(format!("{}: empty or untrimmed {what}", i.id));
                }
            }
            if !source_names_sheet(&i.source, n) {
                p.push(format!("{}: source {:?} does not name sheet {n}", i.id, i.source));
            }
            let mut seen = HashSet::new();
            for k in &i.applies_if {
                if !keys.contains(k.as_str()) {
                    p.push(format!("{}: undocumented profile key {k:?}", i.id));
                }
                if !seen.insert(k) {
                    p.push(format!("{}: profile key {k:?} repeated", i.id));
                }
            }
            let flagged = i.text_fr.contains(TO_CHECK);
            if (i.reliability == Some(Reliability::Memory)) != flagged {
                p.push(format!("{}: reliability \"memory\" and « {TO_CHECK} » must go together", i.id));
            }
        }
        for d in &s.donts {
            if !id_ok(&d.id, n, 'x') {
                p.push(format!("sheet {n}: don't id {:?} should look like s{n:02}-xNN", d.id));
            }
            if !ids.insert(d.id.clone()) {
                p.push(format!("id {} used twice", d.id));
            }
            if !text_ok(&d.text_fr) || !text_ok(&d.text_en) {
                p.push(format!("{}: empty or untrimmed text", d.id));
            }
            if !source_names_sheet(&d.source, n) {
                p.push(format!("{}: source {:?} does not name sheet {n}", d.id, d.source));
            }
        }
    }
    for c in &chapter_ids {
        if !used_chapters.contains(c) {
            p.push(format!("chapter {c} has no sheet"));
        }
    }
    if precautions < MIN_PRECAUTIONS {
        p.push(format!("only {precautions} precautions, expected at least {MIN_PRECAUTIONS}"));
    }
    p
}

fn parse(text: &str) -> GuideFile {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("guide-2024.json does not parse: {e}"))
}

#[test]
fn guide_file_is_consistent() {
    let file = parse(GUIDE_JSON);
    let problems = check(&file);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    assert_eq!(file.sheets.len(), 25);
}

#[test]
fn readme_documents_exactly_the_profile_keys() {
    // Rows of the profile table: | `key` | « question ? » | meaning |
    let mut documented = BTreeSet::new();
    for line in README.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 {
            continue;
        }
        let Some(key) = cells[1].strip_prefix('`').and_then(|k| k.strip_suffix('`')) else { continue };
        if !cells[2].starts_with('«') {
            continue; // another table (item fields)
        }
        assert!(cells[2].ends_with("? »"), "README: the question for `{key}` should be a French question « … ? »");
        assert!(documented.insert(key.to_string()), "README documents `{key}` twice");
    }
    let expected: BTreeSet<String> = PROFILE_KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(documented, expected, "README profile table and PROFILE_KEYS differ");
}

#[test]
fn every_profile_key_is_used() {
    let file = parse(GUIDE_JSON);
    let used: HashSet<&str> =
        file.sheets.iter().flat_map(|s| &s.items).flat_map(|i| &i.applies_if).map(String::as_str).collect();
    let unused: Vec<&&str> = PROFILE_KEYS.iter().filter(|k| !used.contains(**k)).collect();
    assert!(unused.is_empty(), "profile keys never used in applies_if: {unused:?}");
}

/// The checker must notice each kind of mistake: break a copy of the file in memory, one
/// mistake at a time, and expect the matching problem (or a parse error for layout mistakes).
#[test]
fn checker_catches_broken_files() {
    type Breaker = fn(&mut Value);
    const PARSE: &str = "<parse error>";
    let breakers: Vec<(&str, &str, Breaker)> = vec![
        ("24 sheets", "numbered 1..=25", |v| {
            v["sheets"].as_array_mut().unwrap().pop();
        }),
        ("sheets out of order", "numbered 1..=25", |v| v["sheets"].as_array_mut().unwrap().swap(3, 4)),
        ("duplicate id", "used twice", |v| {
            let id = v["sheets"][2]["items"][0]["id"].clone();
            v["sheets"][2]["items"][1]["id"] = id;
        }),
        ("id of another sheet", "should look like s03-p", |v| v["sheets"][2]["items"][0]["id"] = "s02-p99".into()),
        ("id letter not matching kind", "should look like s01-o", |v| {
            v["sheets"][0]["items"][0]["kind"] = "optional".into();
        }),
        ("don't id with item letter", "should look like s01-x", |v| {
            v["sheets"][0]["donts"][0]["id"] = "s01-p98".into()
        }),
        ("id number 00", "should look like s01-x", |v| v["sheets"][0]["donts"][0]["id"] = "s01-x00".into()),
        ("undocumented profile key", "undocumented profile key", |v| {
            v["sheets"][5]["items"][0]["applies_if"] = json!(["boat"]);
        }),
        ("repeated profile key", "repeated", |v| v["sheets"][5]["items"][0]["applies_if"] = json!(["wifi", "wifi"])),
        ("unknown chapter", "unknown chapter", |v| v["sheets"][7]["chapter"] = "reseau".into()),
        ("sheet in the wrong chapter", "guide has \"donnees\"", |v| v["sheets"][12]["chapter"] = "focus".into()),
        ("empty English text", "untrimmed text_en", |v| v["sheets"][9]["items"][3]["text_en"] = "".into()),
        ("empty French help", "untrimmed help_fr", |v| v["sheets"][9]["items"][3]["help_fr"] = "".into()),
        ("blank French don't", "s10-x01: empty", |v| v["sheets"][9]["donts"][0]["text_fr"] = "  ".into()),
        ("source names another sheet", "does not name sheet 2", |v| {
            v["sheets"][1]["items"][0]["source"] = "GS24 fiche 12".into();
        }),
        ("source names sheet 1 for sheet 11", "does not name sheet 11", |v| {
            v["sheets"][10]["donts"][0]["source"] = "GS24 fiche 1".into();
        }),
        ("sheet without precautions", "sheet 25: no precaution", |v| {
            for (k, it) in v["sheets"][24]["items"].as_array_mut().unwrap().iter_mut().enumerate() {
                if it["kind"] == "precaution" {
                    it["kind"] = "optional".into();
                    it["id"] = format!("s25-o{:02}", 50 + k).into();
                }
            }
        }),
        ("too few precautions", "expected at least", |v| {
            for s in v["sheets"].as_array_mut().unwrap() {
                s["items"].as_array_mut().unwrap().truncate(1);
            }
        }),
        ("memory without (à vérifier)", "must go together", |v| {
            v["sheets"][3]["items"][0]["reliability"] = "memory".into();
        }),
        ("(à vérifier) without memory", "must go together", |v| {
            let t = format!("{} (à vérifier)", v["sheets"][3]["items"][0]["text_fr"].as_str().unwrap());
            v["sheets"][3]["items"][0]["text_fr"] = t.into();
        }),
        ("no grid item in a sheet", "sheet 17: no item matches", |v| {
            for it in v["sheets"][16]["items"].as_array_mut().unwrap() {
                it["in_grid"] = false.into();
            }
        }),
        ("renamed sheet title", "sheet 16: title", |v| v["sheets"][15]["title_fr"] = "Journaliser".into()),
        ("wrong edition", "edition/published", |v| v["guide"]["edition"] = "2018".into()),
        ("unused chapter", "chapter extra has no sheet", |v| {
            v["chapters"].as_array_mut().unwrap().push(json!({"id": "extra", "title_fr": "x", "title_en": "x"}));
        }),
        ("unknown field", PARSE, |v| v["sheets"][0]["items"][0]["note"] = "x".into()),
        ("unknown kind", PARSE, |v| v["sheets"][0]["items"][0]["kind"] = "mandatory".into()),
        ("unknown reliability", PARSE, |v| v["sheets"][0]["items"][0]["reliability"] = "rumour".into()),
        ("missing source", PARSE, |v| {
            v["sheets"][0]["donts"][0].as_object_mut().unwrap().remove("source");
        }),
    ];
    let good: Value = serde_json::from_str(GUIDE_JSON).unwrap();
    assert!(check(&parse(GUIDE_JSON)).is_empty(), "the good file must pass before breaking it");
    for (name, expected, breaker) in breakers {
        let mut v = good.clone();
        breaker(&mut v);
        let problems = match serde_json::from_value::<GuideFile>(v) {
            Err(_) => vec![PARSE.to_string()],
            Ok(file) => check(&file),
        };
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "breaking the file ({name}) should report {expected:?}, got: {problems:#?}"
        );
    }
}
