//! Content tests of `assets/aipd/`: the CNIL lists, the criteria help, the scales, the
//! measures knowledge base and the suggestion lists (see `assets/aipd/README.md`).

use std::collections::HashSet;

use greffier::aipd::assets::{assets, parse, AipdAssets, Condition, SourceGroup};
use greffier::model::{AipdCriterion, FearedEvent, Level, MeasureFamily};
use greffier::register::query::fold;
use greffier::security::guide::guide;

const SCREENING: &str = include_str!("../assets/aipd/screening.json");
const SCALES: &str = include_str!("../assets/aipd/scales.json");
const KNOWLEDGE: &str = include_str!("../assets/aipd/knowledge.json");

fn embedded() -> AipdAssets {
    parse(SCREENING, SCALES, KNOWLEDGE).expect("the embedded AIPD assets parse")
}

#[test]
fn files_parse_and_the_cached_copy_is_the_same() {
    let a = embedded();
    assert_eq!(&a, assets(), "assets() must hold the parsed files, not the empty fallback");
    assert_eq!(a.problems(), Vec::<String>::new());
}

#[test]
fn counts_of_the_cnil_lists_criteria_and_levels() {
    let a = assets();
    assert_eq!(a.screening.not_required.len(), 12, "délibération 2019-118: 12 types");
    assert_eq!(a.screening.required.len(), 14, "délibération 2018-327: 14 types");
    assert_eq!(a.criteria.len(), 9);
    assert_eq!(a.criteria.iter().map(|c| c.criterion).collect::<Vec<_>>(), AipdCriterion::ALL);
    assert_eq!(a.scales.levels.len(), 4);
    assert_eq!(a.scales.levels.iter().map(|l| l.level).collect::<Vec<_>>(), Level::ALL);
    assert!((28..=40).contains(&a.knowledge.len()), "about 30 measures, got {}", a.knowledge.len());
}

#[test]
fn ids_are_unique_and_in_sequence() {
    let a = assets();
    let nr: Vec<&str> = a.screening.not_required.iter().map(|t| t.id.as_str()).collect();
    let want: Vec<String> = (1..=12).map(|i| format!("nr-{i:02}")).collect();
    assert_eq!(nr, want.iter().map(String::as_str).collect::<Vec<_>>());
    let r: Vec<&str> = a.screening.required.iter().map(|t| t.id.as_str()).collect();
    let want: Vec<String> = (1..=14).map(|i| format!("r-{i:02}")).collect();
    assert_eq!(r, want.iter().map(String::as_str).collect::<Vec<_>>());
    for (i, t) in a.screening.not_required.iter().chain(&a.screening.required).enumerate() {
        let n = if i < 12 { i + 1 } else { i - 11 };
        assert_eq!(usize::from(t.number), n, "{}", t.id);
        assert_eq!(a.list_type(&t.id).map(|x| x.number), Some(t.number));
    }
    let kb: HashSet<&str> = a.knowledge.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(kb.len(), a.knowledge.len(), "knowledge ids unique");
    assert!(a.knowledge.iter().all(|k| k.id.starts_with("kb-")));
    assert!(a.list_type("nr-13").is_none() && a.list_type("r-15").is_none() && a.list_type("").is_none());
}

#[test]
fn every_entry_has_a_source_and_both_languages() {
    let a = assets();
    for t in a.screening.not_required.iter().chain(&a.screening.required) {
        assert!(!t.source.trim().is_empty(), "{}", t.id);
        let deliberation = if t.id.starts_with("nr-") { "2019-118" } else { "2018-327" };
        assert!(t.source.contains(deliberation), "{} cites {deliberation}: {}", t.id, t.source);
        assert!(!t.title_fr.trim().is_empty() && !t.title_en.trim().is_empty(), "{}", t.id);
        assert!(!t.examples_fr.is_empty(), "{}", t.id);
        assert_eq!(t.examples_fr.len(), t.examples_en.len(), "{}", t.id);
        assert!(t.examples_fr.iter().chain(&t.examples_en).all(|e| !e.trim().is_empty()), "{}", t.id);
    }
    for c in &a.criteria {
        assert!(c.source.contains("WP248"), "criterion {}", c.criterion.number());
        assert!(!c.help_fr.trim().is_empty() && !c.help_en.trim().is_empty());
        assert!(!c.examples_fr.is_empty() && c.examples_fr.len() == c.examples_en.len());
    }
    assert!(a.scales.source.contains("PIA_DEF_GRV") && a.scales.source.contains("PIA_DEF_VRA"));
    for l in &a.scales.levels {
        assert!(l.source.contains("PIA_EX_IMP") && l.source.contains("PIA_EX_VRA"), "{:?}", l.level);
        for t in [&l.severity_fr, &l.severity_en, &l.likelihood_fr, &l.likelihood_en] {
            assert!(!t.trim().is_empty(), "{:?}", l.level);
        }
        assert!(!l.likelihood_example_fr.trim().is_empty() && !l.likelihood_example_en.trim().is_empty());
        assert!(!l.severity_examples_fr.is_empty() && l.severity_examples_fr.len() == l.severity_examples_en.len());
    }
    for k in &a.knowledge {
        assert!(!k.source.trim().is_empty(), "{}", k.id);
        for t in [&k.title_fr, &k.title_en, &k.description_fr, &k.description_en] {
            assert!(!t.trim().is_empty(), "{}", k.id);
        }
    }
    for s in a.suggestions.impacts.iter().chain(&a.suggestions.threats).chain(&a.suggestions.sources) {
        assert!(!s.fr.trim().is_empty() && !s.en.trim().is_empty() && !s.source.trim().is_empty(), "{}", s.fr);
    }
}

#[test]
fn memory_facts_are_flagged_to_verify() {
    let a = assets();
    let flagged: Vec<&str> = a
        .screening
        .not_required
        .iter()
        .chain(&a.screening.required)
        .filter(|t| t.to_verify)
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(flagged, ["nr-11"], "only D2019-118 item 11 is known from memory");
    let t = a.list_type("nr-11").unwrap();
    assert!(t.title_fr.contains("à vérifier") && t.source.contains("à vérifier"));
    for t in a.screening.not_required.iter().chain(&a.screening.required).filter(|t| !t.to_verify) {
        assert!(!t.title_fr.contains("à vérifier"), "{}", t.id);
    }
}

#[test]
fn knowledge_base_sheets_exist_in_the_security_guide() {
    let a = assets();
    let g = guide();
    for k in &a.knowledge {
        assert!(!k.sheets.is_empty(), "{}", k.id);
        for s in &k.sheets {
            assert!((1..=25).contains(s), "{} sheet {s}", k.id);
            assert!(g.sheet(*s).is_some(), "{} sheet {s} missing from the guide", k.id);
        }
    }
    for f in MeasureFamily::ALL {
        let n = a.knowledge.iter().filter(|k| k.family == *f).count();
        assert!(n >= 8, "family {f:?} has {n} measures, the CNIL method has at least 8");
    }
    // the measures the brief names, by their sheet
    let by_id = |id: &str| a.knowledge_entry(id).unwrap_or_else(|| panic!("{id} missing"));
    assert!(by_id("kb-chiffrement").sheets.contains(&21));
    assert!(by_id("kb-sauvegardes").sheets.contains(&17));
    assert!(by_id("kb-incidents").sheets.contains(&19));
    assert!(by_id("kb-journalisation").sheets.contains(&16));
    assert_eq!(by_id("kb-contrats-sous-traitance").family, MeasureFamily::GeneralSecurity);
}

#[test]
fn suggestions_cover_every_event_and_source_group() {
    let s = &assets().suggestions;
    for e in FearedEvent::ALL {
        assert!(s.threats.iter().any(|t| t.event == Some(*e)), "threats for {e:?}");
        assert!(s.impacts.iter().any(|t| t.event == Some(*e)), "impacts for {e:?}");
    }
    for g in [SourceGroup::InternalHuman, SourceGroup::ExternalHuman, SourceGroup::NonHuman] {
        assert!(s.sources.iter().any(|x| x.group == Some(g)), "sources {g:?}");
    }
    assert!(s.sources.iter().all(|x| x.event.is_none()));
    // serialised with `event: null` for the window
    let json = serde_json::to_value(&s.impacts).unwrap();
    assert!(json.as_array().unwrap().iter().any(|v| v.get("event") == Some(&serde_json::Value::Null)));
}

#[test]
fn keywords_are_folded_and_rules_not_empty() {
    let a = assets();
    for t in a.screening.not_required.iter().chain(&a.screening.required) {
        assert!(!t.suggest.is_empty(), "{} has no suggestion rule", t.id);
        for k in &t.suggest.keywords {
            assert_eq!(&fold(k), k, "{} keyword « {k} »", t.id);
        }
    }
    // the brief's examples
    let kw = |id: &str| a.list_type(id).unwrap().suggest.keywords.clone();
    assert!(kw("nr-02").iter().any(|k| k == "fournisseur"));
    assert!(kw("nr-03").iter().any(|k| k.starts_with("electeur") || k.contains("listes electorales")));
    assert!(kw("nr-10").iter().any(|k| k == "creche"));
    assert!(kw("r-06").iter().any(|k| k == "alerte professionnelle"));
    assert!(kw("r-12").iter().any(|k| k == "logement social"));
    assert!(kw("r-13").iter().any(|k| k == "ccas"));
    assert!(a.list_type("r-14").unwrap().suggest.conditions.contains(&Condition::LargeScale));
    assert!(a.list_type("r-04").unwrap().suggest.conditions.contains(&Condition::Staff));
}

#[test]
fn the_whole_assets_serialise_for_the_window() {
    let v = serde_json::to_value(assets()).unwrap();
    for key in ["screening", "criteria", "scales", "knowledge", "suggestions"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["screening"]["not_required"][10]["to_verify"], true);
    assert_eq!(v["scales"]["levels"][2]["level"], "significant");
    assert_eq!(v["knowledge"][0]["family"], "on_data");
}

/// Broken copies of the files: each kind of mistake is caught, by the parser or by
/// `problems()`, never by a panic.
#[test]
fn broken_copies_are_caught() {
    // not JSON, wrong shape, unknown field, wrong format version
    assert!(parse("{", SCALES, KNOWLEDGE).unwrap_err().contains("screening.json"));
    assert!(parse(SCREENING, "[]", KNOWLEDGE).unwrap_err().contains("scales.json"));
    let unknown = KNOWLEDGE.replacen("\"family\"", "\"familly\": 1, \"family\"", 1);
    assert!(parse(SCREENING, SCALES, &unknown).unwrap_err().contains("knowledge.json"));
    let v2 = SCALES.replacen("\"format\": 1", "\"format\": 2", 1);
    assert!(parse(SCREENING, &v2, KNOWLEDGE).unwrap_err().contains("format 2"));
    let bad_level = SCALES.replacen("\"negligible\"", "\"tiny\"", 1);
    assert!(parse(SCREENING, &bad_level, KNOWLEDGE).is_err());

    let check = |edit: &dyn Fn(&mut AipdAssets), want: &str| {
        let mut a = embedded();
        edit(&mut a);
        let p = a.problems();
        assert!(p.iter().any(|m| m.contains(want)), "expected « {want} » in {p:#?}");
    };
    check(&|a| drop(a.screening.required.pop()), "13 types au lieu de 14");
    check(&|a| a.screening.not_required[3].id = "nr-09".into(), "attendu nr-04");
    check(&|a| a.screening.not_required[0].source.clear(), "source manquante");
    check(&|a| a.screening.not_required[10].to_verify = false, "à vérifier");
    check(&|a| a.screening.required[0].to_verify = true, "à vérifier");
    check(&|a| a.screening.required[1].title_en.clear(), "texte anglais vide");
    check(&|a| a.screening.required[2].suggest.keywords.push("Écoles".into()), "non normalisé");
    check(&|a| a.screening.required[2].suggest = Default::default(), "aucune règle");
    check(&|a| a.criteria.swap(0, 1), "neuf critères");
    check(&|a| a.criteria[4].source = "CNIL".into(), "WP248");
    check(&|a| drop(a.scales.levels.pop()), "quatre niveaux");
    check(&|a| a.scales.levels[1].severity_examples_en.pop().map_or((), drop), "exemples");
    check(&|a| a.knowledge[1].id = a.knowledge[0].id.clone(), "en double");
    check(&|a| a.knowledge[2].id = "Chiffrement".into(), "kb-");
    check(&|a| a.knowledge[3].sheets = vec![26], "fiches du guide");
    check(&|a| a.knowledge[3].sheets.clear(), "fiches du guide");
    check(&|a| a.knowledge.retain(|k| k.family != MeasureFamily::Organisational), "famille");
    check(&|a| a.suggestions.sources[0].group = None, "groupe");
    check(&|a| a.suggestions.threats.retain(|t| t.event != Some(FearedEvent::Disappearance)), "Disparition");
    check(&|a| a.suggestions.impacts.clear(), "liste vide");
}
