//! Interop with the CNIL PIA software: our own fixtures (`tests/fixtures/pia-tool/`, written
//! from the documented shape) imported field by field, the import → export → import round
//! trip, an analysis made here exported and read back, garbage files refused with a clear
//! message, the HTML sanitizer against nasty input, and `import_into` writing nothing on error.

mod support;

use std::path::PathBuf;

use chrono::{NaiveDate, TimeZone, Utc};
use greffier::aipd::pia_tool::{
    export, html_to_text, import, import_bytes, import_into, text_to_html, PiaImport, PiaImportFailure, MAX_SIZE,
};
use greffier::model::{
    ActionStatus, Aipd, AipdMeasure, AipdStatus, ContextKey, CorrectiveAction, Estimate, Evaluation, FearedEvent,
    Level, MeasurePhase, Opinion, Organisation, OrganisationBundle, PartRef, PrincipleAnswer, PrincipleKey, Processing,
    Rating, Record, RecordKind, Refusal, Risk, Validation,
};
use serde_json::Value;
use support::Env;
use uuid::Uuid;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pia-tool").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first `n` bytes of `s`, or fewer to end on a character.
fn cut(s: &str, mut n: usize) -> &str {
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

fn bundle() -> OrganisationBundle {
    OrganisationBundle::new(Organisation::new("Mairie de Saint-Exemple"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn ok(text: &str) -> PiaImport {
    import(text, &bundle()).unwrap_or_else(|e| panic!("{}: {}", e.code, e.message_fr))
}

fn err(text: &str) -> (&'static str, String, String) {
    match import(text, &bundle()) {
        Ok(i) => panic!("accepted: {:?}", i.aipd.title),
        Err(e) => {
            assert!(!e.message_fr.is_empty() && !e.message_en.is_empty());
            (e.code, e.message_fr, e.message_en)
        }
    }
}

fn notes_from<'a>(a: &'a Aipd, source: &str) -> Vec<&'a str> {
    a.import_notes.iter().filter(|n| n.source == source).map(|n| n.text.as_str()).collect()
}

fn risk(a: &Aipd, e: FearedEvent) -> &Risk {
    a.risks.iter().find(|r| r.event == Some(e)).expect("feared event present")
}

fn measure_id(a: &Aipd, title: &str) -> Uuid {
    a.measures.iter().find(|m| m.title == title).unwrap_or_else(|| panic!("no measure {title}")).id
}

/// The analysis as JSON without what a round trip may change: ids (replaced by their order
/// of appearance, so links still compare), timestamps, and the notes about the original
/// status (each import writes its own).
fn normalised(a: &Aipd) -> Value {
    let mut v = serde_json::to_value(a).unwrap();
    let obj = v.as_object_mut().unwrap();
    obj.remove("created_at");
    obj.remove("updated_at");
    let notes = obj["import_notes"].as_array().unwrap().iter().filter(|n| n["source"] != "pia/status").cloned();
    obj["import_notes"] = Value::Array(notes.collect());
    let mut ids = Vec::new();
    rename_ids(&mut v, &mut ids);
    v
}

fn rename_ids(v: &mut Value, ids: &mut Vec<String>) {
    match v {
        Value::String(s) if Uuid::parse_str(s).is_ok() => {
            let n = ids.iter().position(|x| x == s).unwrap_or_else(|| {
                ids.push(s.clone());
                ids.len() - 1
            });
            *s = format!("id-{n}");
        }
        Value::Array(items) => items.iter_mut().for_each(|x| rename_ids(x, ids)),
        Value::Object(map) => map.values_mut().for_each(|x| rename_ids(x, ids)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures, field by field
// ---------------------------------------------------------------------------------------

#[test]
fn complete_french_fixture_maps_every_field() {
    let i = ok(&fixture("complete-fr.json"));
    let a = &i.aipd;
    assert!(a.validate().is_empty(), "{:?}", a.validate());
    assert_eq!(a.title, "(Import) Vidéoprotection de la place de la mairie");
    assert_eq!(a.status, AipdStatus::InProgress);
    assert!(a.validation.is_none());
    assert_eq!(a.author, "Claire Martin, secrétaire de mairie");
    assert_eq!(a.evaluator, "Paul Durand");
    assert_eq!(a.validator, "Jeanne Petit, maire");
    assert_eq!(a.created_at, Utc.with_ymd_and_hms(2026, 1, 12, 9, 15, 0).unwrap());
    assert_eq!(i.original_status_fr, "Validée (validation simple)");
    assert_eq!(i.original_status_en, "Validated (simple validation)");
    assert!(i.warnings_fr.iter().any(|w| w.contains("validation est à refaire")), "{:?}", i.warnings_fr);
    assert_eq!(i.warnings_fr.len(), i.warnings_en.len());

    // DPO and data subjects.
    assert_eq!(a.dpo.name, "Centre de gestion — service DPO mutualisé");
    assert_eq!(a.dpo.opinion, Some(Opinion::Favourable));
    assert_eq!(
        a.dpo.text,
        "Avis favorable sous réserve de l'affichage à l'entrée de la place.\nRevoir la durée après un an."
    );
    assert_eq!(a.data_subjects.sought, Some(false));
    assert_eq!(
        a.data_subjects.not_sought_reason,
        "Consultation du conseil municipal en séance publique ; pas d'enquête auprès des habitants."
    );
    assert_eq!(a.data_subjects.opinion, None);

    // The refusal, dated by the last change (the file has no date of its own for it).
    assert_eq!(
        a.refusals,
        [Refusal {
            by: "Jeanne Petit, maire".into(),
            refused_on: day(2026, 3, 2),
            reason: "La durée de conservation n'est pas justifiée.".into(),
            changes: "Durée ramenée à 15 jours.".into(),
        }]
    );

    // Context: HTML to text, script and image dropped, entities decoded.
    let keys: Vec<ContextKey> = a.context.answers.iter().map(|x| x.key).collect();
    assert_eq!(keys, ContextKey::ALL);
    assert_eq!(
        a.context_answer(ContextKey::Overview),
        "Caméras filmant la place de la mairie et le parking, pour prévenir les dégradations.\n\nEnregistrement \
         continu\u{a0}; consultation après incident seulement."
    );
    assert_eq!(
        a.context_answer(ContextKey::Responsibilities),
        "La commune est responsable du traitement. L'installateur est sous-traitant pour la maintenance."
    );
    assert_eq!(
        a.context_answer(ContextKey::Standards),
        "Code de la sécurité intérieure, articles L. 251-1 et suivants."
    );
    assert_eq!(
        a.context_answer(ContextKey::Data),
        "- Images des personnes\n- Plaques d'immatriculation\n- Date et heure"
    );
    assert_eq!(
        a.context_answer(ContextKey::LifeCycle),
        "Captation → enregistreur dans le local technique → effacement automatique.\nExtraction sur réquisition seulement."
    );
    assert_eq!(
        a.context_answer(ContextKey::Supports),
        "4 caméras, 1 enregistreur, 1 poste de visualisation dans le bureau du maire."
    );
    let e = a.context.overview_evaluation.as_ref().unwrap();
    assert_eq!((e.rating, e.comment.as_str(), e.evaluator.as_str()), (Rating::Acceptable, "Clair.", "Paul Durand"));
    assert_eq!(e.evaluated_on, Some(day(2026, 2, 1)));
    let e = a.context.data_evaluation.as_ref().unwrap();
    assert_eq!((e.rating, e.comment.as_str()), (Rating::ToCorrect, "Préciser l'emplacement exact des caméras."));

    // Principles, in the method's order; consent exists only for its evaluation.
    let keys: Vec<PrincipleKey> = a.principles.iter().map(|p| p.key).collect();
    assert_eq!(
        keys,
        [
            PrincipleKey::Purposes,
            PrincipleKey::LegalBasis,
            PrincipleKey::Retention,
            PrincipleKey::Information,
            PrincipleKey::Consent,
            PrincipleKey::AccessPortability,
            PrincipleKey::Transfers
        ]
    );
    let p = |k| a.principle(k).unwrap();
    assert_eq!(p(PrincipleKey::Retention).text, "15 jours, puis effacement automatique.");
    assert_eq!(
        p(PrincipleKey::Information).text,
        "Panneaux à chaque entrée de la place «\u{a0}Espace placé sous vidéoprotection\u{a0}»."
    );
    assert_eq!(p(PrincipleKey::Purposes).evaluation.as_ref().unwrap().rating, Rating::Acceptable);
    assert_eq!(p(PrincipleKey::Consent).text, "");
    assert_eq!(p(PrincipleKey::Consent).evaluation.as_ref().unwrap().comment, "Sans objet : pas de consentement.");
    assert_eq!(p(PrincipleKey::Retention).evaluation.as_ref().unwrap().rating, Rating::Improvable);
    assert!(p(PrincipleKey::LegalBasis).evaluation.is_none());

    // Measures: HTML content to text; the escaped script stays text.
    let titles: Vec<&str> = a.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Contrôle d'accès au local",
            "Journalisation des consultations",
            "Maintenance préventive",
            "Sensibilisation des agents"
        ]
    );
    assert!(a.measures.iter().all(|m| m.phase == MeasurePhase::Planned));
    assert_eq!(a.measures[1].description, "Registre papier des consultations & extractions.\n\n- date\n- motif");
    assert_eq!(a.measures[3].description, "Note interne <script> à ne pas exécuter.");
    assert_eq!(a.measures[0].evaluation.as_ref().unwrap().rating, Rating::Acceptable);
    assert_eq!(a.measures[1].evaluation.as_ref().unwrap().rating, Rating::Improvable);
    assert!(a.measures[2].evaluation.is_none());

    // Risks.
    assert_eq!(a.risks.len(), 3);
    let access = risk(a, FearedEvent::IllegitimateAccess);
    assert_eq!(access.impacts, ["Atteinte à la vie privée", "Suivi des déplacements"]);
    assert_eq!(access.threats, ["Consultation des images par une personne non habilitée"]);
    assert_eq!(access.sources, ["Agent communal", "Personne extérieure malveillante"]);
    assert_eq!(
        access.measures,
        [measure_id(a, "Contrôle d'accès au local"), measure_id(a, "Journalisation des consultations")]
    );
    assert_eq!(
        access.initial,
        Estimate {
            severity: Some(Level::Significant),
            severity_justification: "Images de personnes identifiables : gravité importante.".into(),
            likelihood: Some(Level::Limited),
            likelihood_justification: "Local fermé à clé, un seul poste.".into(),
        }
    );
    assert_eq!(
        (access.residual.severity, access.residual.likelihood),
        (Some(Level::Significant), Some(Level::Negligible))
    );
    assert!(access.inherent.is_empty());
    assert_eq!(access.evaluation.as_ref().unwrap().comment, "Renforcer le contrôle d'accès.");
    let modif = risk(a, FearedEvent::UnwantedModification);
    assert_eq!(modif.measures, [measure_id(a, "Journalisation des consultations")]);
    assert_eq!((modif.initial.severity, modif.initial.likelihood), (Some(Level::Limited), Some(Level::Negligible)));
    assert_eq!(modif.residual, Estimate::default(), "gauges 0 = not defined");
    assert_eq!(modif.evaluation.as_ref().unwrap().rating, Rating::Acceptable);
    let gone = risk(a, FearedEvent::Disappearance);
    assert_eq!(gone.threats, ["Panne de l'enregistreur", "Vol du matériel"]);
    assert_eq!((gone.residual.severity, gone.residual.likelihood), (Some(Level::Limited), Some(Level::Limited)));

    // The action plan: one action per evaluation with a plan, in the parts' order.
    let plan: Vec<(&PartRef, &str, &str, &str, Option<NaiveDate>)> = a
        .actions
        .iter()
        .map(|x| (&x.part, x.title.as_str(), x.details.as_str(), x.owner.as_str(), x.due_date))
        .collect();
    assert_eq!(
        plan,
        [
            (
                &PartRef::Principle { key: PrincipleKey::Retention },
                "Documenter la durée de 15 jours",
                "Ajouter la délibération au registre",
                "Claire Martin",
                Some(day(2026, 4, 30))
            ),
            (
                &PartRef::Measure { id: measure_id(a, "Journalisation des consultations") },
                "Tenir le registre dans un classeur rangé au coffre",
                "",
                "Paul Durand",
                Some(day(2026, 5, 15))
            ),
            (
                &PartRef::Risk { id: access.id },
                "Poser une serrure à code",
                "",
                "Services techniques",
                Some(day(2026, 6, 1))
            ),
            (&PartRef::Risk { id: gone.id }, "Remplacer l'enregistreur", "", "", None),
        ]
    );
    assert!(a.actions.iter().all(|x| x.status == ActionStatus::Todo));

    // Notes: status and dates, category, the three comments.
    let status = notes_from(a, "pia/status");
    assert_eq!(status.len(), 1);
    assert!(
        status[0].contains("Validée (validation simple)") && status[0].contains("créée le 12/01/2026"),
        "{status:?}"
    );
    assert!(status[0].contains("modifiée le 02/03/2026") && status[0].contains("« En cours »"));
    assert_eq!(notes_from(a, "pia/category"), ["Catégorie dans le logiciel PIA : Sécurité des biens et des personnes"]);
    assert_eq!(
        notes_from(a, "comments/111"),
        ["Commentaire sur « Présentation du traitement » (question 111) : Penser à joindre le plan des caméras."]
    );
    assert_eq!(
        notes_from(a, "comments/measure"),
        ["Commentaire sur la mesure « Journalisation des consultations » : Le registre est dans le bureau 2."]
    );
    assert_eq!(
        notes_from(a, "comments/325"),
        ["Commentaire sur « Accès illégitime à des données » — gravité (question 325) : Gravité discutée en réunion du \
          15/01 : 3 < 4 & c'est suffisant."]
    );
    assert_eq!(i.notes, 5);
    assert_eq!(i.notes, a.import_notes.len());
    // 7 fields of `pia` (name, 3 people, DPO, data subjects, refusal) + 30 answers + 4 measures + 10 evaluations.
    assert_eq!(i.mapped, 51);

    // No markup made it through: the only `<script>` is the one written as text.
    let mut text = serde_json::to_string(a).unwrap();
    text = text.replace("Note interne <script> à ne pas exécuter.", "");
    for bad in ["<script", "<img", "onerror", "alert(", "<p>", "<b>", "<strong>", "&lt;", "&nbsp;", "&amp;"] {
        assert!(!text.contains(bad), "{bad} in {text}");
    }
}

#[test]
fn minimal_fixture_gives_an_empty_analysis_with_its_name() {
    let i = ok(&fixture("minimal.json"));
    let a = &i.aipd;
    assert!(a.validate().is_empty());
    assert_eq!(a.title, "(Import) Fichier des adhérents");
    assert_eq!(a.risks.len(), 3);
    assert!(a.risks.iter().all(|r| r.initial.is_empty() && r.measures.is_empty() && r.evaluation.is_none()));
    assert!(a.measures.is_empty() && a.actions.is_empty() && a.principles.is_empty() && a.context.answers.is_empty());
    assert_eq!(a.dpo, Default::default());
    assert_eq!(a.data_subjects, Default::default());
    assert_eq!((i.mapped, i.notes), (1, 1));
    assert_eq!(i.original_status_fr, "En cours");
    assert_eq!(
        notes_from(a, "pia/status"),
        ["Statut dans le logiciel PIA : En cours (créée le 01/09/2025). L'analyse importée est « En cours »."]
    );
    assert!(i.warnings_fr.is_empty(), "{:?}", i.warnings_fr);
}

#[test]
fn custom_structure_unknown_questions_and_wrong_types_are_kept_or_reported() {
    let i = ok(&fixture("custom-structure.json"));
    let a = &i.aipd;
    assert!(a.validate().is_empty(), "{:?}", a.validate());
    let w = i.warnings_fr.join("\n");
    assert_eq!(i.warnings_fr.len(), i.warnings_en.len());

    assert_eq!(a.title, "(IMPORT) Portail famille", "already marked as imported: no second prefix");
    assert_eq!(i.original_status_fr, "Refusée");
    assert_eq!(a.author, "Service enfance");
    assert_eq!(a.evaluator, "");
    // Old spelling of the refusal fields.
    assert_eq!(a.refusals.len(), 1);
    assert_eq!(a.refusals[0].reason, "Les flux avec la CAF ne sont pas décrits.");
    assert_eq!(a.refusals[0].changes, "Question 124 ajoutée et remplie.");
    assert_eq!(a.refusals[0].refused_on, day(2025, 12, 10));
    assert_eq!(a.refusals[0].by, "Le directeur général des services");
    // A plain field holding editor HTML is cleaned; 0 = unfavourable.
    assert_eq!(a.dpo.opinion, Some(Opinion::Unfavourable));
    assert_eq!(a.dpo.text, "Avis défavorable en l'état.");
    assert_eq!(a.data_subjects.sought, Some(true));
    assert_eq!(a.data_subjects.names, "Association des parents d'élèves");
    assert_eq!(a.data_subjects.opinion, Some(Opinion::Favourable));

    // Answers: the first 111 wins, the second is a note; numeric strings are accepted.
    assert_eq!(a.context_answer(ContextKey::Overview), "Inscriptions à la cantine et au périscolaire.");
    assert_eq!(notes_from(a, "answers/111"), ["Autre réponse à la question 111 : Deuxième version de la réponse."]);
    assert_eq!(
        notes_from(a, "answers/124"),
        ["Réponse à la question « Quels sont les échanges avec la CAF ? » (n° 124) du logiciel PIA : Quotient \
          familial reçu de la CAF par CDAP."]
    );
    assert_eq!(
        notes_from(a, "answers/999"),
        ["Réponse à la question n° 999 du logiciel PIA, inconnue de Greffier : - Élément A\n- Élément B"]
    );
    assert_eq!(notes_from(a, "answers/122"), ["Contenu illisible de la réponse à la question 122 : oops"]);
    assert!(w.contains("Réponse n° 5 (question 122) : son contenu (« data ») n'est pas un objet"), "{w}");
    assert!(w.contains("Réponse n° 6 : ce n'est pas un objet"), "{w}");
    assert!(w.contains("Réponse n° 7 : la question (« reference_to ») est illisible (abc)"), "{w}");
    assert_eq!(notes_from(a, "answers/7"), ["Réponse à une question illisible (abc) : {\"text\":\"perdu ?\"}"]);
    assert!(w.contains("Réponse n° 11 : le texte n'est pas une chaîne"), "{w}");
    assert!(a.principle(PrincipleKey::LegalBasis).is_none());
    assert!(a.principle(PrincipleKey::Minimisation).is_none());

    // Risk measures by title: accents and case ignored when no exact match; unknown → note.
    let access = risk(a, FearedEvent::IllegitimateAccess);
    assert_eq!(access.measures, [measure_id(a, "Chiffrement des sauvegardes")]);
    let missing = notes_from(a, "answers/324");
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(missing[0].starts_with("Mesure « Mesure fantôme » citée pour le risque « Accès illégitime à des données »"));
    assert!(missing[1].starts_with("Mesure « 17 » citée"));
    assert!(w.contains("un élément de la liste n'est pas un texte ({\"x\":1})"), "{w}");
    // Gauges: 7 does not exist, "2" is read.
    assert_eq!(access.initial.severity, None);
    assert_eq!(access.initial.severity_justification, "Très grave");
    assert!(w.contains("Question 325 : le niveau 7 n'existe pas"), "{w}");
    let modif = &risk(a, FearedEvent::UnwantedModification).initial;
    assert_eq!((modif.severity, modif.severity_justification.as_str()), (Some(Level::Limited), "Limitée"));

    // Measures: string id, numeric title, untitled with content renamed, empty skipped.
    let titles: Vec<&str> = a.measures.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["Chiffrement des sauvegardes", "12", "Mesure n° 4 (sans intitulé)"]);
    assert!(w.contains("Mesure n° 3 : ce n'est pas un objet"), "{w}");
    assert!(w.contains("Mesure n° 4 n'a pas d'intitulé"), "{w}");

    // Evaluations.
    let m1 = measure_id(a, "Chiffrement des sauvegardes");
    assert_eq!(a.measure(m1).unwrap().evaluation.as_ref().unwrap().rating, Rating::Improvable);
    let m1_actions: Vec<&CorrectiveAction> =
        a.actions.iter().filter(|x| x.part == PartRef::Measure { id: m1 }).collect();
    assert_eq!(m1_actions.len(), 1, "« Améliorable » always has its action");
    assert!(m1_actions[0].title.starts_with("Action corrective à préciser"));
    assert!(w.contains("« Chiffrement des sauvegardes » est « Améliorable » sans plan d'action"), "{w}");
    let purposes = a.principle(PrincipleKey::Purposes).unwrap();
    assert_eq!(purposes.text, "");
    assert_eq!(purposes.evaluation.as_ref().unwrap().rating, Rating::ToCorrect);
    assert!(purposes.evaluation.as_ref().unwrap().comment.starts_with("Commentaire absent du fichier importé"));
    assert!(a.principle(PrincipleKey::Processors).is_none());
    assert!(w.contains("Évaluation n° 5 : le champ « status » n'est pas un nombre entier (x)"), "{w}");
    assert_eq!(
        notes_from(a, "evaluations/2.2.226"),
        ["Commentaire d'une évaluation en attente sur « Sous-traitants : obligations définies et contractualisées » : \
          Contrat à relire"]
    );
    assert_eq!(a.context.overview_evaluation.as_ref().unwrap().comment, "Première");
    assert_eq!(
        notes_from(a, "evaluations/1.1"),
        ["Évaluation en double (référence « 1.1 ») : évaluation « À corriger » ; commentaire : Seconde"]
    );
    assert_eq!(a.context.data_evaluation.as_ref().unwrap().rating, Rating::Acceptable, "numeric reference 1.2");
    assert!(w.contains("la date « evaluation_date » est illisible (pas une date)"), "{w}");
    assert_eq!(
        notes_from(a, "evaluations/4.1"),
        ["Évaluation d'une partie inconnue de Greffier (référence « 4.1 ») : évaluation « Acceptable » ; commentaire \
          : Cartographie vue."]
    );
    assert_eq!(notes_from(a, "evaluations/3.1.999").len(), 1);
    let modif = risk(a, FearedEvent::UnwantedModification);
    assert!(modif.evaluation.is_none(), "status 0 = pending");
    assert_eq!((modif.residual.severity, modif.residual.likelihood), (Some(Level::Limited), Some(Level::Significant)));
    let m_action = a.actions.iter().find(|x| x.part == PartRef::Risk { id: modif.id }).unwrap();
    assert_eq!(
        (m_action.title.as_str(), m_action.owner.as_str(), m_action.due_date),
        ("Vérifier les droits d'écriture", "DSI", Some(day(2026, 2, 28)))
    );
    let gone = risk(a, FearedEvent::Disappearance);
    assert_eq!(gone.evaluation.as_ref().unwrap().rating, Rating::Acceptable);
    assert_eq!(gone.residual, Estimate::default());
    assert!(w.contains("les niveaux résiduels (« gauges ») sont illisibles (haut)"), "{w}");

    // Comments.
    assert_eq!(notes_from(a, "comments/124"), ["Commentaire sur la question n° 124 : Demander la convention CAF."]);
    assert_eq!(
        notes_from(a, "comments/measure"),
        [
            "Commentaire sur la mesure « Chiffrement des sauvegardes » : Clé gardée par la DSI.",
            "Commentaire sur une mesure absente du fichier (n° 77) : Mesure supprimée entre-temps."
        ]
    );
    assert_eq!(notes_from(a, "comments/?"), ["Commentaire (référence « abc ») : Référence bizarre."]);

    // The rest of the file: template, server accounts, unknown fields, attachments.
    let structure = notes_from(a, "pia/structure");
    assert_eq!(structure.len(), 1);
    assert!(
        structure[0].contains("« Modèle collectivités »") && structure[0].contains("« Collectivités territoriales »")
    );
    assert!(structure[0].contains("124 « Quels sont les échanges avec la CAF ? »") && !structure[0].contains("121"));
    assert!(notes_from(a, "pia/user_pias")[0].contains("Lina"));
    assert_eq!(
        notes_from(a, "pia/custom_flag"),
        ["Champ « custom_flag » de l'analyse, inconnu de Greffier : à revoir"]
    );
    assert!(notes_from(a, "attachments")[0].starts_with("1 pièce(s) jointe(s)"));
    assert_eq!(notes_from(a, "revisions").len(), 1);
    assert_eq!(i.notes, a.import_notes.len());
    assert_eq!(notes_from(a, "pia/status").len(), 1);
}

// ---------------------------------------------------------------------------------------
// Round trip
// ---------------------------------------------------------------------------------------

#[test]
fn import_export_import_is_stable_for_every_fixture() {
    for name in ["complete-fr.json", "minimal.json", "custom-structure.json"] {
        let first = ok(&fixture(name));
        let json = export(&first.aipd, &bundle());
        let second = ok(&json);
        assert_eq!(normalised(&second.aipd), normalised(&first.aipd), "{name}");
        assert!(second.aipd.validate().is_empty(), "{name}");
        // And once more: the export of the re-import is the same file (but for the status note).
        let again = export(&second.aipd, &bundle());
        let third = ok(&again);
        assert_eq!(normalised(&third.aipd), normalised(&first.aipd), "{name}");
        // The re-import warns about nothing the first import did not.
        for w in &second.warnings_fr {
            assert!(first.warnings_fr.contains(w), "{name}: new warning {w}");
        }
    }
}

#[test]
fn export_has_the_shape_the_pia_software_reads() {
    let a = ok(&fixture("complete-fr.json")).aipd;
    let v: Value = serde_json::from_str(&export(&a, &bundle())).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["answers", "comments", "evaluations", "measures", "pia"]);
    let pia = &v["pia"];
    assert_eq!(pia["name"], "(Import) Vidéoprotection de la place de la mairie");
    assert_eq!(pia["status"], 0, "the imported analysis is in progress here");
    assert_eq!(pia["is_archive"], 0);
    assert_eq!(pia["dpo_status"], 1);
    assert_eq!(pia["dpos_names"], "Centre de gestion — service DPO mutualisé");
    assert_eq!(pia["concerned_people_searched_opinion"], false);
    assert_eq!(pia["rejection_reason"], "<p>La durée de conservation n&#39;est pas justifiée.</p>");
    assert_eq!(pia["rejected_reason"], pia["rejection_reason"]);
    assert_eq!(pia["created_at"], "2026-01-12T09:15:00.000Z");
    for part in ["answers", "measures", "evaluations", "comments"] {
        let items = v[part].as_array().unwrap();
        let ids: Vec<u64> = items.iter().map(|x| x["id"].as_u64().unwrap()).collect();
        assert_eq!(ids, (1..=items.len() as u64).collect::<Vec<_>>(), "{part}: integer ids from 1");
        assert!(items.iter().all(|x| x["pia_id"] == 1));
    }
    let answer = |q: u64| v["answers"].as_array().unwrap().iter().find(|x| x["reference_to"] == q).cloned();
    assert_eq!(answer(111).unwrap()["data"]["text"].as_str().unwrap().matches("<p>").count(), 2);
    assert_eq!(
        answer(321).unwrap()["data"]["list"],
        serde_json::json!(["Atteinte à la vie privée", "Suivi des déplacements"])
    );
    assert_eq!(
        answer(324).unwrap()["data"]["list"],
        serde_json::json!(["Contrôle d'accès au local", "Journalisation des consultations"])
    );
    assert_eq!(answer(325).unwrap()["data"]["gauge"], 3);
    assert!(answer(213).is_none(), "no empty answers");
    let measures = v["measures"].as_array().unwrap();
    assert_eq!(measures[3]["content"], "<p>Note interne &lt;script&gt; à ne pas exécuter.</p>");
    let evaluation = |r: &str| v["evaluations"].as_array().unwrap().iter().find(|x| x["reference_to"] == r).cloned();
    let access = evaluation("3.2").unwrap();
    assert_eq!(access["status"], 2);
    assert_eq!(access["gauges"], serde_json::json!({"x": 3, "y": 1}));
    assert_eq!(access["action_plan_comment"], "<p>Poser une serrure à code</p>");
    assert_eq!(access["person_in_charge"], "Services techniques");
    assert_eq!(access["estimated_implementation_date"], "2026-06-01T00:00:00.000Z");
    assert_eq!(evaluation("3.1.2").unwrap()["status"], 2, "measure references use the exported ids");
    assert_eq!(evaluation("2.2.222").unwrap()["status"], 3);
    assert_eq!(evaluation("1.2").unwrap()["status"], 1);
    assert_eq!(evaluation("3.3").unwrap()["gauges"], serde_json::json!({"x": 0, "y": 0}));
    // Comments read from the PIA software go back as they were.
    let comments = v["comments"].as_array().unwrap();
    let on_measure = comments.iter().find(|c| c["for_measure"] == true).unwrap();
    assert_eq!(on_measure["description"], "Le registre est dans le bureau 2.");
    assert_eq!(on_measure["reference_to"], 2);
    assert!(comments
        .iter()
        .any(|c| c["reference_to"] == 111 && c["description"] == "Penser à joindre le plan des caméras."));
}

/// An analysis written in Greffier, with what the PIA software has no place for.
fn greffier_made(processing: &Processing) -> Aipd {
    let mut a = Aipd::new("Vidéoprotection de l'école");
    a.processings.push(processing.id);
    a.author = "Claire".into();
    a.context.answers.push(greffier::model::ContextAnswer {
        key: ContextKey::Overview,
        text: "Texte avec <script>alert(1)</script> & « guillemets »\n\n- point un\n- point deux".into(),
    });
    a.principles.push(PrincipleAnswer {
        key: PrincipleKey::Consent,
        text: String::new(),
        not_applicable: true,
        evaluation: None,
    });
    let mut existing = AipdMeasure::new("Armoire fermée à clé");
    existing.phase = MeasurePhase::Existing;
    existing.description = "Dans le bureau du directeur.".into();
    let planned = AipdMeasure::new("Chiffrement du disque");
    a.measures = vec![existing.clone(), planned.clone()];
    a.risks[0].measures = vec![existing.id, planned.id];
    a.risks[0].initial = Estimate {
        severity: Some(Level::Significant),
        severity_justification: "Enfants filmés.".into(),
        likelihood: Some(Level::Limited),
        likelihood_justification: "Local fermé.".into(),
    };
    a.risks[0].inherent =
        Estimate { severity: Some(Level::Maximum), likelihood: Some(Level::Significant), ..Estimate::default() };
    a.risks[0].residual = Estimate {
        severity: Some(Level::Significant),
        likelihood: Some(Level::Negligible),
        severity_justification: "Toujours des enfants.".into(),
        likelihood_justification: String::new(),
    };
    let mut custom = Risk::custom("Détournement de finalité");
    custom.label = "R1".into();
    custom.threats = vec!["Usage pour surveiller le personnel".into()];
    custom.initial.severity = Some(Level::Limited);
    custom.evaluation = Some(Evaluation {
        rating: Rating::Improvable,
        comment: "Rappeler la finalité".into(),
        evaluator: String::new(),
        evaluated_on: None,
    });
    a.actions.push(CorrectiveAction::new(PartRef::Risk { id: custom.id }, "Note de service"));
    a.risks.push(custom);
    a.measures[1].evaluation = Some(Evaluation {
        rating: Rating::Improvable,
        comment: String::new(),
        evaluator: "Paul".into(),
        evaluated_on: Some(day(2026, 5, 4)),
    });
    let mut first = CorrectiveAction::new(PartRef::Measure { id: planned.id }, "Chiffrer le disque");
    first.details = "BitLocker".into();
    first.owner = "Prestataire".into();
    first.due_date = Some(day(2026, 9, 1));
    let mut second = CorrectiveAction::new(PartRef::Measure { id: planned.id }, "Vérifier la clé de secours");
    second.owner = "Mairie".into();
    second.due_date = Some(day(2026, 7, 1));
    a.actions.push(first);
    a.actions.push(second);
    let mut general = CorrectiveAction::new(PartRef::General, "Former les agents");
    general.status = ActionStatus::Done;
    general.done_on = Some(day(2026, 6, 2));
    a.actions.push(general);
    a.validation = Some(Validation {
        validator: "Le maire".into(),
        role: "Maire".into(),
        validated_on: day(2026, 6, 10),
        context_accurate: true,
        risks_known: true,
        measures_approved: true,
        commitment: true,
        comment: "Revoir dans un an.".into(),
    });
    a.status = AipdStatus::Validated;
    a.version = 2;
    a.refusals.push(Refusal {
        by: "Le maire".into(),
        refused_on: day(2026, 5, 1),
        reason: "Trop vague".into(),
        changes: String::new(),
    });
    a.refusals.push(Refusal {
        by: "Le maire".into(),
        refused_on: day(2026, 5, 20),
        reason: "Durée à revoir".into(),
        changes: "Durée réduite".into(),
    });
    assert!(a.validate().is_empty(), "{:?}", a.validate());
    a
}

#[test]
fn an_analysis_made_here_exports_what_has_no_field_as_comments() {
    let mut b = bundle();
    let p = Processing::new("Vidéoprotection");
    b.processings.push(p.clone());
    let a = greffier_made(&p);
    let text = export(&a, &b);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["pia"]["status"], 2, "validated → simple validation");
    assert_eq!(v["pia"]["category"], "Vidéoprotection");
    assert_eq!(v["pia"]["rejection_reason"], "<p>Durée à revoir</p>", "the last refusal");
    assert_eq!(v["pia"]["applied_adjustments"], "<p>Durée réduite</p>");
    let overview = v["answers"].as_array().unwrap().iter().find(|x| x["reference_to"] == 111).unwrap();
    assert_eq!(
        overview["data"]["text"],
        "<p>Texte avec &lt;script&gt;alert(1)&lt;/script&gt; &amp; « guillemets »</p><ul><li>point un</li><li>point \
         deux</li></ul>"
    );
    let consent = v["answers"].as_array().unwrap().iter().find(|x| x["reference_to"] == 222).unwrap();
    assert_eq!(consent["data"]["text"], "<p>Sans objet pour ce traitement.</p>");
    let measures = v["measures"].as_array().unwrap();
    assert_eq!(measures[0]["content"], "<p>Mesure existante.</p><p>Dans le bureau du directeur.</p>");
    assert_eq!(measures[1]["content"], "");
    let evaluations = v["evaluations"].as_array().unwrap();
    let m2 = evaluations.iter().find(|x| x["reference_to"] == "3.1.2").unwrap();
    assert_eq!(m2["status"], 2);
    assert_eq!(m2["action_plan_comment"], "<p>Chiffrer le disque<br>BitLocker</p><p>Vérifier la clé de secours</p>");
    assert_eq!(m2["person_in_charge"], "Prestataire ; Mairie");
    assert_eq!(m2["estimated_implementation_date"], "2026-07-01T00:00:00.000Z", "the earliest date");
    assert_eq!(m2["evaluation_date"], "2026-05-04T00:00:00.000Z");
    let access = evaluations.iter().find(|x| x["reference_to"] == "3.2").unwrap();
    assert_eq!(access["status"], 0, "no evaluation, but residual levels to carry");
    assert_eq!(access["gauges"], serde_json::json!({"x": 3, "y": 1}));
    assert!(evaluations.iter().all(|x| x["reference_to"] != "3.5"), "custom risks have no item");
    let comments: Vec<(u64, String)> = v["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["reference_to"].as_u64().unwrap(), c["description"].as_str().unwrap().to_string()))
        .collect();
    let find = |q: u64, start: &str| {
        comments
            .iter()
            .find(|(r, d)| *r == q && d.starts_with(start))
            .unwrap_or_else(|| panic!("no comment on {q} starting with {start}: {comments:#?}"))
            .1
            .clone()
    };
    let custom = find(321, "Risque spécifique ajouté dans Greffier");
    assert!(custom.contains("« Détournement de finalité » (repère R1)"), "{custom}");
    assert!(custom.contains("Menaces : Usage pour surveiller le personnel"));
    assert!(custom.contains("Évaluation : Améliorable — Rappeler la finalité"));
    assert!(custom.contains("Action : Note de service (état : À faire)"));
    let inherent = find(325, "Risque brut");
    assert!(inherent.contains("Gravité : Maximale") && inherent.contains("Vraisemblance : Importante"), "{inherent}");
    assert!(find(325, "Justification de la gravité résiduelle").ends_with("Toujours des enfants."));
    let general = find(111, "Action corrective sur l'ensemble");
    assert!(general.contains("Former les agents (état : Faite, faite le 02/06/2026)"), "{general}");
    assert!(find(111, "Validée dans Greffier le 10/06/2026 par Le maire (Maire)")
        .contains("Observations : Revoir dans un an."));
    assert!(find(111, "Refus précédent, le 01/05/2026 par Le maire : Trop vague").len() > 10);
    find(111, "Version 2 de l'analyse");

    // Read back: the phase comes back, the text too, the rest is in notes.
    let back = import(&text, &b).unwrap().aipd;
    assert_eq!(back.title, "(Import) Vidéoprotection de l'école");
    assert_eq!(back.processings, [p.id], "linked again to the processing of the same name");
    assert_eq!(back.measures[0].phase, MeasurePhase::Existing);
    assert_eq!(back.measures[0].description, "Dans le bureau du directeur.");
    assert_eq!(back.measures[1].phase, MeasurePhase::Planned);
    assert_eq!(back.context_answer(ContextKey::Overview), a.context_answer(ContextKey::Overview));
    assert_eq!(back.risks.len(), 3, "the custom risk is a note, not a risk");
    assert_eq!(back.risks[0].initial, a.risks[0].initial);
    assert_eq!(back.risks[0].measures.len(), 2);
    assert_eq!(
        (back.risks[0].residual.severity, back.risks[0].residual.likelihood),
        (a.risks[0].residual.severity, a.risks[0].residual.likelihood)
    );
    let planned = back.measures[1].id;
    let actions: Vec<&CorrectiveAction> =
        back.actions.iter().filter(|x| x.part == PartRef::Measure { id: planned }).collect();
    assert_eq!(actions.len(), 1, "several actions on one part travel as one action plan");
    assert_eq!(actions[0].title, "Chiffrer le disque");
    assert_eq!(actions[0].details, "BitLocker\n\nVérifier la clé de secours");
    assert_eq!(back.refusals.len(), 1);
    assert!(back.import_notes.iter().any(|n| n.text.contains("Risque spécifique ajouté dans Greffier")));
}

#[test]
fn statuses_map_to_the_pia_software() {
    let b = bundle();
    let status = |a: &Aipd| {
        let v: Value = serde_json::from_str(&export(a, &b)).unwrap();
        (v["pia"]["status"].as_i64().unwrap(), v["pia"]["is_archive"].as_i64().unwrap())
    };
    let mut a = Aipd::new("X");
    assert_eq!(status(&a), (0, 0));
    a.status = AipdStatus::AwaitingValidation;
    assert_eq!(status(&a), (0, 0));
    a.status = AipdStatus::Refused;
    assert_eq!(status(&a), (1, 0));
    a.status = AipdStatus::Archived;
    assert_eq!(status(&a), (0, 1));
    a.validation = Some(Validation {
        validator: "V".into(),
        role: String::new(),
        validated_on: day(2026, 1, 1),
        context_accurate: true,
        risks_known: true,
        measures_approved: true,
        commitment: true,
        comment: String::new(),
    });
    assert_eq!(status(&a), (2, 1));
    a.status = AipdStatus::Validated;
    assert_eq!(status(&a), (2, 0));
    // A new, empty analysis exports empty lists (the PIA software iterates over them).
    let v: Value = serde_json::from_str(&export(&Aipd::new("Vide"), &b)).unwrap();
    for part in ["answers", "measures", "evaluations", "comments"] {
        assert_eq!(v[part], serde_json::json!([]), "{part}");
    }
}

// ---------------------------------------------------------------------------------------
// Garbage
// ---------------------------------------------------------------------------------------

#[test]
fn foreign_or_broken_files_get_a_clear_message() {
    assert_eq!(err("").0, "pia_empty");
    assert_eq!(err(" \n\t").0, "pia_empty");
    let (code, fr, en) = err("[]");
    assert_eq!(code, "pia_not_pia");
    assert!(fr.contains("Ce fichier n'est pas une analyse exportée du logiciel PIA de la CNIL"), "{fr}");
    assert!(fr.contains("« Exporter »") && en.contains("« Export »"));
    assert_eq!(err("{\"pia\": 3}").0, "pia_not_pia");
    assert_eq!(err("{\"pia\": {\"name\": \"x\"}}").0, "pia_not_pia");
    assert_eq!(err("{\"pia\": {\"name\": \"x\"}, \"answers\": {}}").0, "pia_not_pia");
    assert_eq!(err("\"pia\"").0, "pia_not_pia");
    assert_eq!(err("{\"pia\": {}, \"answers\": []}").0, "pia_nothing_usable");
    let (code, fr, _) =
        err("{\"pia\": {\"name\": [\"x\"]}, \"answers\": [{\"reference_to\": 111, \"data\": {\"text\": 3}}]}");
    assert_eq!(code, "pia_nothing_usable");
    assert!(fr.contains("le champ « name » n'est pas un texte"), "{fr}");

    let (code, fr, _) = err("{pia: }");
    assert_eq!(code, "pia_not_json");
    assert!(fr.contains("ligne 1, colonne 2"), "{fr}");
    let complete = fixture("complete-fr.json");
    let (code, fr, _) = err(cut(&complete, complete.len() / 2));
    assert_eq!(code, "pia_truncated");
    assert!(fr.contains("incomplet"), "{fr}");
    let deep = "[".repeat(100_000);
    assert_eq!(err(&deep).0, "pia_not_json", "recursion limit before the end");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(err(&deep).0, "pia_not_json", "recursion limit, no crash");

    let (code, fr, _) = err("PK\u{3}\u{4}\u{14}\u{0}\u{8}\u{0}");
    assert_eq!(code, "pia_zip");
    assert!(fr.contains("Décompressez-la") && fr.contains("pia.json"), "{fr}");
    assert_eq!(err("%PDF-1.7\n...").0, "pia_pdf");
    assert_eq!(err("<html><body>Rapport</body></html>").0, "pia_html");
    assert_eq!(err("{\"structure\": {\"name\": \"Modèle\", \"data\": {}}}").0, "pia_template");
    assert_eq!(err("{\"knowledges\": [], \"name\": \"Base\"}").0, "pia_knowledge_base");

    let greffier_export = serde_json::json!({
        "format": "greffier-dossier", "format_version": 1, "organisations": [], "pia": {}, "answers": []
    });
    let (code, fr, _) = err(&greffier_export.to_string());
    assert_eq!(code, "pia_greffier_export");
    assert!(fr.contains("export de dossier Greffier"), "{fr}");

    let huge = format!("{{\"pia\": {{\"name\": \"{}\"}}, \"answers\": []}}", "a".repeat(MAX_SIZE));
    let (code, fr, en) = err(&huge);
    assert_eq!(code, "pia_too_large");
    assert!(fr.contains("21 Mo") && en.contains("21 MB"), "{fr}");

    // A BOM is fine.
    assert_eq!(ok(&format!("\u{feff}{}", fixture("minimal.json"))).aipd.title, "(Import) Fichier des adhérents");
}

#[test]
fn raw_bytes_are_recognised_before_decoding() {
    let b = bundle();
    let code = |bytes: &[u8]| import_bytes(bytes, &b).map(|_| ()).unwrap_err().code;
    // A real ZIP header (local file header of an archive holding pia.json).
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef, 0xff, 0x00]);
    zip.extend_from_slice(b"pia.json");
    assert_eq!(code(&zip), "pia_zip");
    assert_eq!(code(b"PK\x05\x06\x00\x00"), "pia_zip");
    assert_eq!(code(b"%PDF-1.4\n\xe2\xe3\xcf\xd3"), "pia_pdf");
    assert_eq!(code(&[0xff, 0xfe, b'{', 0, b'}', 0]), "pia_not_text");
    assert_eq!(code(b""), "pia_empty");
    assert_eq!(code(&vec![b' '; MAX_SIZE + 1]), "pia_too_large");
    let bom = [b"\xEF\xBB\xBF".as_slice(), fixture("minimal.json").as_bytes()].concat();
    assert!(import_bytes(&bom, &b).is_ok());

    // A Greffier dossier file itself.
    let env = Env::new();
    let (d, path) = env.create("dossier.grf");
    d.close().unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(code(&bytes), "pia_greffier_dossier");
}

// ---------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------

#[test]
fn sanitizer_lets_no_markup_through() {
    let cases = [
        ("<script>alert(1)</script>", ""),
        ("<p>a<script>document.cookie</script>b</p>", "ab"),
        ("<ScRiPt>x</sCrIpT>ok", "ok"),
        ("<script src=//evil></script>ok", "ok"),
        ("avant<script>jamais fermé", "avant"),
        ("<img src=x onerror=alert(1)>après", "après"),
        ("<img src=x onerror=\"alert('>')\">après", "après"),
        ("<a href=\"javascript:alert(1)\">lien</a>", "lien"),
        ("<a href=\"JaVaScRiPt&#58;alert(1)\">lien</a>", "lien"),
        ("<a href=\" https://cnil.fr \">CNIL</a>", "CNIL (https://cnil.fr)"),
        ("<div onclick=alert(1)>clic</div>", "clic"),
        ("<style>p{color:red}</style>texte", "texte"),
        ("<svg onload=alert(1)><circle/></svg>texte", "texte"),
        ("<iframe src=\"https://x\"></iframe>texte", "texte"),
        ("<b><i>imbriqué</b></i>", "imbriqué"),
        ("<p>non fermé<p>deux", "non fermé\n\ndeux"),
        ("<ul><li>un<li>deux</ul>", "- un\n- deux"),
        ("<ol><li>un</li></ol><p>x</p>", "- un\n\nx"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("&lt;img src=x onerror=alert(1)&gt;", "<img src=x onerror=alert(1)>"),
        ("<!--<script>alert(1)</script>-->ok", "ok"),
        ("<![CDATA[<script>x</script>]]>ok", "x]]>ok"),
        ("<?xml version=\"1.0\"?>ok", "ok"),
        ("< pas une balise >", "< pas une balise >"),
        ("3 <4 et 5> 2", "3 <4 et 5> 2"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"),
        ("<h1>Titre</h1>Texte", "Titre\n\nTexte"),
        ("<p>a</p>\n\n\n<p>b</p>", "a\n\nb"),
        ("<p>Tab\tet   espaces\n multiples</p>", "Tab et espaces multiples"),
        ("&#x3C;b&#x3E; &#60;i&#62;", "<b> <i>"),
        ("&#xD800; &#99999999999;", "\u{fffd} &#99999999999;"),
        ("caf&eacute; &laquo;&nbsp;ok&nbsp;&raquo; &hellip;", "café «\u{a0}ok\u{a0}» …"),
    ];
    for (input, want) in cases {
        assert_eq!(html_to_text(input), want, "{input}");
    }
}

/// Random inputs made of markup fragments: the output never holds a tag, and the text goes
/// back and forth through `text_to_html` unchanged.
#[test]
fn sanitizer_properties_on_random_markup() {
    const PARTS: [&str; 24] = [
        "<", ">", "/", "script", "p", "img", " ", "onerror=", "\"", "'", "=", "a", "é", "!--", "-->", "&", "lt;",
        "#60;", "br", "li", "\n", "- ", "style", "x",
    ];
    let mut seed: u64 = 0x5eed_2026;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..3000 {
        let len = next() % 40;
        let input: String = (0..len).map(|_| PARTS[next() % PARTS.len()]).collect();
        let text = html_to_text(&input);
        if !input.contains('&') {
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'<' {
                    let after = bytes.get(i + 1).copied().unwrap_or(b' ');
                    assert!(
                        !(after.is_ascii_alphabetic() || after == b'!' || after == b'?'),
                        "tag left in {text:?} from {input:?}"
                    );
                }
            }
            assert!(!text.to_ascii_lowercase().contains("<script"), "{input:?}");
        }
        assert_eq!(html_to_text(&text_to_html(&text)), text, "round trip of {text:?} from {input:?}");
        assert!(!text.starts_with('\n') && !text.ends_with('\n') && !text.contains("\n\n\n"), "{text:?}");
    }
}

#[test]
fn sanitizer_stays_fast_on_hostile_input() {
    let started = std::time::Instant::now();
    for hostile in
        ["</ ".repeat(2_000_000), "<a \"".repeat(1_000_000), "<!--".repeat(1_000_000), "&amp".repeat(1_000_000)]
    {
        let _ = html_to_text(&hostile);
    }
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert_eq!(html_to_text("a</ b"), "a");
}

#[test]
fn text_to_html_escapes_everything() {
    assert_eq!(text_to_html("<script>alert('x')</script>"), "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>");
    assert_eq!(text_to_html("a & b \"c\""), "<p>a &amp; b &quot;c&quot;</p>");
    assert_eq!(text_to_html("l1\nl2\n\n\n\nl3"), "<p>l1<br>l2</p><p>l3</p>");
    assert_eq!(text_to_html("- a\n- b"), "<ul><li>a</li><li>b</li></ul>");
    assert_eq!(text_to_html("- a\nb"), "<p>- a<br>b</p>");
    assert_eq!(text_to_html("   \n\n  "), "");
}

// ---------------------------------------------------------------------------------------
// Into a dossier
// ---------------------------------------------------------------------------------------

#[test]
fn import_into_saves_a_new_analysis_or_writes_nothing() {
    let env = Env::new();
    let (mut d, _) = env.create("mairie.grf");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap().id;
    let p = d.save(org, Processing::new("Vidéoprotection de la place de la mairie")).unwrap();
    let state = |d: &greffier::store::Dossier| {
        (
            RecordKind::ALL.iter().map(|&k| d.count(org, k).unwrap()).collect::<Vec<_>>(),
            d.audit_of_organisation(org).unwrap().len(),
        )
    };
    let before = state(&d);

    let huge = "x".repeat(MAX_SIZE + 1);
    let greffier_export = serde_json::json!({"format": "greffier-dossier", "pia": {}, "answers": []}).to_string();
    let complete = fixture("complete-fr.json");
    for bad in ["", "[]", "{\"pia\": 3}", "PK\u{3}\u{4}", cut(&complete, 500), greffier_export.as_str(), huge.as_str()]
    {
        match import_into(&mut d, org, bad) {
            Err(PiaImportFailure::File(e)) => assert!(e.code.starts_with("pia_"), "{}", e.code),
            other => panic!("{:?}", other.map(|(a, _)| a.title)),
        }
        assert_eq!(state(&d), before, "nothing written");
    }
    // The dossier refuses (unknown organisation): nothing written either.
    let failure = import_into(&mut d, Uuid::new_v4(), &complete).unwrap_err();
    assert!(matches!(failure, PiaImportFailure::Store(_)));
    assert!(!failure.message_fr().is_empty() && !failure.message_en().is_empty() && !failure.code().is_empty());
    assert_eq!(state(&d), before);

    let (saved, summary) = import_into(&mut d, org, &complete).unwrap();
    assert_eq!(saved.title, "(Import) Vidéoprotection de la place de la mairie");
    assert_eq!(saved.status, AipdStatus::InProgress);
    assert_eq!(saved.processings, [p.id], "linked to the register entry of the same name");
    assert_eq!(summary.mapped, 51);
    assert!(summary.warnings_fr.iter().any(|w| w.contains("même nom")));
    let stored: Aipd = d.get(saved.id).unwrap();
    assert_eq!(stored, saved);
    assert_eq!(stored.import_notes.len(), summary.notes);
    assert_eq!(d.count(org, RecordKind::Aipd).unwrap(), 1);
    // Importing the same file again gives a second, separate analysis.
    let (again, _) = import_into(&mut d, org, &complete).unwrap();
    assert_ne!(again.id, saved.id);
    assert_eq!(d.count(org, RecordKind::Aipd).unwrap(), 2);
    // What the dossier holds exports and imports back to the same analysis.
    let bundle = d.bundle(org).unwrap();
    let back = import(&export(&stored, &bundle), &bundle).unwrap();
    assert_eq!(normalised(&back.aipd), normalised(&stored));
    assert_eq!(back.aipd.processings, [p.id], "linked once, by name and by category");
}
