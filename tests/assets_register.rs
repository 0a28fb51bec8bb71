//! The library of typical processings (`assets/register/library.json`): every template is a
//! valid `Processing` in its exact JSON shape, and the content keeps the sourcing rules written
//! in `assets/register/README.md` (retention periods only from the reference, facts known from
//! memory flagged « à vérifier », no legitimate interests for a commune's tasks).

use std::collections::HashSet;

use chrono::NaiveDate;
use greffier::model::{
    DataSubjectCategory, FinalDisposal, LegalBasis, Processing, ProcessingStatus, Record, Retention, TimeUnit,
};
use serde::Deserialize;
use serde_json::Value;

const LIBRARY: &str = include_str!("../assets/register/library.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Library {
    library_version: u32,
    updated: NaiveDate,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    key: String,
    audience: Vec<Audience>,
    title_fr: String,
    title_en: String,
    summary_fr: String,
    summary_en: String,
    sources: Vec<Source>,
    template: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Audience {
    Business,
    Commune,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(rename = "ref")]
    reference: String,
    about: String,
    reliability: Reliability,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Reliability {
    Sourced,
    Memory,
}

fn library() -> Library {
    serde_json::from_str(LIBRARY).expect("library.json does not parse")
}

fn processing(e: &Entry) -> Processing {
    serde_json::from_value(e.template.clone())
        .unwrap_or_else(|err| panic!("{}: template is not a Processing: {err}", e.key))
}

/// Every retention of a template, with where it sits.
fn retentions(p: &Processing) -> Vec<(String, &Retention)> {
    let mut out = Vec::new();
    for (i, d) in p.data_categories.iter().enumerate() {
        if let Some(r) = &d.retention {
            out.push((format!("data_categories/{i}"), r));
        }
    }
    for (i, s) in p.sensitive_data.iter().enumerate() {
        if let Some(r) = &s.retention {
            out.push((format!("sensitive_data/{i}"), r));
        }
    }
    if let Some(r) = p.criminal_data.as_ref().and_then(|c| c.retention.as_ref()) {
        out.push(("criminal_data".to_string(), r));
    }
    out
}

const TO_CHECK: &str = "(à vérifier)";

/// The entries the brief asks for (16 for businesses, 16 for communes).
const REQUIRED_KEYS: &[&str] = &[
    "paie",
    "personnel",
    "recrutement",
    "clients",
    "prospection",
    "fournisseurs",
    "comptabilite",
    "videosurveillance",
    "badges",
    "geolocalisation",
    "site_web",
    "messagerie",
    "appels",
    "fidelite",
    "caisse",
    "temps_travail",
    "etat_civil",
    "listes_electorales",
    "urbanisme",
    "cimetiere",
    "cantine_periscolaire",
    "ccas",
    "recensement_citoyen",
    "police_municipale",
    "videoprotection",
    "deliberations",
    "location_salles",
    "associations",
    "logement",
    "communication",
    "rh_collectivite",
    "courriers",
];

/// The fixed periods of `shared/reference/cnil-domain.md` §3.5 that are sourced (not « memory »):
/// amount, unit, and a text the `legal_source` must contain.
const SOURCED_DURATIONS: &[(u32, TimeUnit, &str)] = &[
    (5, TimeUnit::Years, "L.3243-4"),
    (10, TimeUnit::Years, "L.123-22"),
    (5, TimeUnit::Years, "art. 2224"),
    (3, TimeUnit::Years, "L.244-3"),
    (5, TimeUnit::Years, "R.1221-26"),
    (1, TimeUnit::Years, "D.3171-16"),
    (3, TimeUnit::Years, "D.3171-16"),
    (2, TimeUnit::Years, "02-017"),
    (6, TimeUnit::Months, "2014-474"),
    (3, TimeUnit::Months, "02-001"),
    (5, TimeUnit::Years, "02-001"),
    (1, TimeUnit::Months, "vidéosurveillance"),
    (6, TimeUnit::Months, "fiche 16"),
    (1, TimeUnit::Years, "fiche 16"),
    (3, TimeUnit::Years, "NS-048"),
    (3, TimeUnit::Years, "2008-116"),
];

/// Sourced rules of §3.5 that are criteria rather than fixed periods. Any other criterion must
/// end with « (à vérifier) ».
const SOURCED_CRITERIA: &[&str] = &[
    "référentiel relatif à la gestion du personnel",
    "NS-048",
    "Code du patrimoine : registres d'état civil",
    "02-001",
];

/// References the reference file marks « (memory) ».
const MEMORY_REFS: &[&str] = &["2016-1762", "2018-303", "L.252-5", "L.1332-5", "2019-341", "art. 46"];

#[test]
fn library_has_every_expected_entry_once() {
    let lib = library();
    assert_eq!(lib.library_version, 1);
    assert!(lib.updated >= NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    assert!(lib.entries.len() >= 32, "only {} entries", lib.entries.len());

    let mut keys = HashSet::new();
    let mut ids = HashSet::new();
    for e in &lib.entries {
        assert!(!e.key.is_empty() && e.key.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "bad key {:?}", e.key);
        assert!(keys.insert(e.key.as_str()), "duplicate key {}", e.key);
        assert!(ids.insert(processing(e).id), "{}: duplicate template id", e.key);
    }
    for k in REQUIRED_KEYS {
        assert!(keys.contains(k), "missing entry {k}");
    }

    for who in [Audience::Business, Audience::Commune] {
        let n = lib.entries.iter().filter(|e| e.audience.contains(&who)).count();
        assert!(n >= 16, "{who:?}: only {n} entries");
    }
    for e in &lib.entries {
        assert!(!e.audience.is_empty(), "{}: no audience", e.key);
    }
}

#[test]
fn every_template_is_a_valid_processing_in_canonical_shape() {
    for e in library().entries {
        let p = processing(&e);
        let problems = p.validate();
        assert!(problems.is_empty(), "{}: {problems:?}", e.key);
        // Written back, the template is the same JSON: no misspelled or unknown field was
        // silently ignored and every field is present.
        assert_eq!(serde_json::to_value(&p).unwrap(), e.template, "{}: template not in canonical shape", e.key);

        assert_eq!(p.name, e.title_fr, "{}: name differs from title_fr", e.key);
        assert_eq!(p.status, ProcessingStatus::Draft, "{}", e.key);
        assert!(p.references().is_empty(), "{}: a template must not link to measures or third parties", e.key);
        assert!(p.id.to_string().starts_with("00000000-0000-4000-8000-"), "{}: id {}", e.key, p.id);
        assert!(!p.archived && p.next_review.is_none(), "{}", e.key);
    }
}

#[test]
fn every_template_is_filled_in() {
    for e in library().entries {
        let p = processing(&e);
        let k = &e.key;
        assert!(!p.purposes.is_empty(), "{k}: no purpose");
        assert_eq!(p.purposes.iter().filter(|x| x.is_main).count(), 1, "{k}: exactly one main purpose");
        for x in &p.purposes {
            assert_ne!(x.legal_basis, LegalBasis::ToDetermine, "{k}: purpose without legal basis");
            assert!(!x.description.trim().is_empty() && !x.justification.trim().is_empty(), "{k}: empty purpose");
        }
        assert!(!p.persons_concerned.is_empty(), "{k}: no persons concerned");
        for w in &p.persons_concerned {
            assert!(!w.details.trim().is_empty(), "{k}: persons without details");
            if matches!(w.category, DataSubjectCategory::Children | DataSubjectCategory::Employees) {
                assert!(w.vulnerable, "{k}: children and employees are vulnerable persons (WP248)");
            }
        }
        assert!(!p.data_categories.is_empty(), "{k}: no data category");
        for d in &p.data_categories {
            assert!(!d.description.trim().is_empty(), "{k}: data category without description");
            assert!(d.retention.is_some(), "{k}: {} without retention", d.description);
            assert_ne!(d.final_disposal, FinalDisposal::NotDetermined, "{k}: {} without final disposal", d.description);
        }
        for s in &p.sensitive_data {
            assert!(s.exception.is_some() && s.retention.is_some(), "{k}: sensitive data without exception/retention");
        }
        if let Some(c) = &p.criminal_data {
            assert!(!c.legal_ground.trim().is_empty() && c.retention.is_some(), "{k}: offence data incomplete");
        }
        assert_eq!(p.nir_used, !p.nir_justification.trim().is_empty(), "{k}: NIR use and justification disagree");
        assert!(!p.recipients.is_empty(), "{k}: no recipient");
        assert!(p.recipients.iter().all(|r| !r.label.trim().is_empty()), "{k}: recipient without label");
        assert!(!p.information_of_persons.trim().is_empty(), "{k}: no information of persons");
        assert!(!p.rights_exercise.trim().is_empty(), "{k}: no rights exercise");
        assert!(!p.security.description.trim().is_empty(), "{k}: no security description");
        assert!(!p.security.categories.is_empty(), "{k}: no security category");
        assert!(!p.data_origins.is_empty() && !p.collection_means.is_empty(), "{k}: no origin or collection means");
    }
}

#[test]
fn titles_summaries_and_sources_are_given() {
    for e in library().entries {
        let k = &e.key;
        for (what, text) in [
            ("title_fr", &e.title_fr),
            ("title_en", &e.title_en),
            ("summary_fr", &e.summary_fr),
            ("summary_en", &e.summary_en),
        ] {
            assert!(!text.trim().is_empty(), "{k}: empty {what}");
        }
        assert!(e.summary_fr.ends_with('.') && e.summary_en.ends_with('.'), "{k}: summaries are sentences");
        assert_ne!(e.summary_fr, e.summary_en, "{k}: summary not translated");
        assert!(!e.sources.is_empty(), "{k}: no source");
        for s in &e.sources {
            assert!(!s.reference.trim().is_empty() && !s.about.trim().is_empty(), "{k}: empty source");
        }
    }
}

#[test]
fn retention_periods_come_from_the_reference() {
    for e in library().entries {
        let p = processing(&e);
        for (at, r) in retentions(&p) {
            let k = &e.key;
            let source = r.legal_source();
            let memory = MEMORY_REFS.iter().any(|m| source.contains(m));
            match r {
                Retention::Duration { amount, unit, .. } => {
                    assert!(!source.trim().is_empty(), "{k} {at}: duration without legal_source");
                    assert!(!memory, "{k} {at}: a period known from memory must be a criterion « {TO_CHECK} »");
                    assert!(
                        SOURCED_DURATIONS.iter().any(|(a, u, s)| a == amount && u == unit && source.contains(s)),
                        "{k} {at}: {} ({source}) is not a sourced period of the reference",
                        r.to_french()
                    );
                }
                Retention::Criterion { criterion, .. } => {
                    let sourced = !memory && SOURCED_CRITERIA.iter().any(|s| source.contains(s));
                    assert!(
                        sourced || criterion.trim_end().ends_with(TO_CHECK),
                        "{k} {at}: criterion « {criterion} » is neither sourced nor marked {TO_CHECK}"
                    );
                }
            }
        }
    }
}

#[test]
fn facts_from_memory_are_flagged() {
    for e in library().entries {
        let text = serde_json::to_string(&e.template).unwrap();
        let has_memory_source = e.sources.iter().any(|s| s.reliability == Reliability::Memory);
        if has_memory_source {
            assert!(text.contains("à vérifier"), "{}: a memory source but nothing « à vérifier »", e.key);
        }
        for m in MEMORY_REFS {
            if text.contains(m) {
                assert!(has_memory_source, "{}: cites {m} without a « memory » source", e.key);
            }
        }
    }
}

#[test]
fn communes_never_rely_on_legitimate_interests() {
    let lib = library();
    let communes: Vec<_> = lib.entries.iter().filter(|e| e.audience.contains(&Audience::Commune)).collect();
    assert!(!communes.is_empty());
    for e in communes {
        let p = processing(e);
        for x in &p.purposes {
            assert_ne!(
                x.legal_basis,
                LegalBasis::LegitimateInterests,
                "{}: « {} » — a public authority cannot use legitimate interests for its tasks (Art. 6(1))",
                e.key,
                x.description
            );
        }
        assert!(
            p.purposes.iter().any(|x| matches!(x.legal_basis, LegalBasis::PublicTask | LegalBasis::LegalObligation)),
            "{}: a commune's processing rests on a public task or a legal obligation",
            e.key
        );
        assert!(p.public_register, "{}: a commune's register is communicable", e.key);
    }
}
