//! The prior consultation pack (Art. 36): the three files from the demo commune, read back
//! with pdftotext; what is missing; an unknown AIPD.
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test consultation`.

use chrono::NaiveDate;
use greffier::documents::consultation::{
    consultation_missing, consultation_pack, ConsultationError, AIPD_FILE, CHECKLIST_FILE, COVER_FILE, COVER_HEADINGS,
};
use greffier::model::{Level, OrganisationBundle};
use uuid::Uuid;

mod support;
use support::pdf;

const DEMO: &str = include_str!("../assets/demo/demo.json");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(DEMO).unwrap()
}

/// The demo commune with its AIPD's first risk made high after the measures.
fn commune_with_high_risk() -> (OrganisationBundle, Uuid) {
    let mut b = demo().remove(1);
    let a = &mut b.aipds[0];
    let r = &mut a.risks[0];
    r.residual.severity = Some(Level::Maximum);
    r.residual.likelihood = Some(Level::Significant);
    r.residual.severity_justification = "Images de personnes identifiables sur la voie publique".to_string();
    let id = a.id;
    (b, id)
}

fn position(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("« {needle} » not found in:\n{text}"))
}

#[test]
fn pack_has_three_files_with_the_art36_answers_in_order() {
    let (b, id) = commune_with_high_risk();
    let files = consultation_pack(&b, id, today()).expect("pack");
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, [COVER_FILE, AIPD_FILE, CHECKLIST_FILE]);
    assert_eq!(names[0], "1 - Lettre de saisine (art. 36).pdf");

    // The cover letter.
    let w = pdf::write(&files[0].1, "cover.pdf");
    let text = pdf::text(&w.path, "-raw");
    let mut last = 0;
    for h in COVER_HEADINGS {
        let at = position(&text, h);
        assert!(at > last, "heading out of order: {h}");
        last = at;
    }
    assert!(text.contains("Commune de Saint-Aubin-sur-Gard"), "{text}");
    assert!(text.contains("Sophie Lambert") && text.contains("s.lambert@cevennes-numerique.example"), "DPO: {text}");
    assert!(text.contains("Syndicat mixte Cévennes Numérique"), "{text}");
    assert!(text.contains("Maximale") && text.contains("Importante"), "risk levels: {text}");
    assert!(text.contains("Images de personnes identifiables"), "why it stays high: {text}");
    assert!(text.contains("Consultation préalable de la CNIL requise"), "PRIOR_CONSULTATION_FR: {text}");
    assert!(text.contains("huit semaines") && text.contains("six semaines"), "{text}");
    assert!(text.contains("23/11/2026"), "date: {text}");
    assert!(text.contains("Page 1 /"), "page numbers: {text}");
    // the (b) section shows a purpose with its legal basis
    let b_at = position(&text, COVER_HEADINGS[1]);
    let c_at = position(&text, COVER_HEADINGS[2]);
    assert!(text[b_at..c_at].contains("base légale"), "{}", &text[b_at..c_at]);
    // (c) holds the AIPD's corrective actions
    let action = b.aipds[0].actions[0].title.trim().to_string();
    let words: Vec<&str> = action.split_whitespace().take(3).collect();
    assert!(text[c_at..].contains(&words.join(" ")), "action « {action} » missing");
    assert!(!text.contains("À compléter : l'analyse n'est pas encore validée"), "the demo AIPD is validated");

    // Look at the first page.
    let png = w.dir.path().join("cover");
    pdf::run("pdftoppm", &["-png", "-r", "60", "-f", "1", "-l", "1", w.path.to_str().unwrap(), png.to_str().unwrap()]);

    // The AIPD report.
    let w2 = pdf::write(&files[1].1, "aipd.pdf");
    let t2 = pdf::text(&w2.path, "-raw");
    assert!(t2.contains("Analyse d'impact relative à la protection des données"), "{t2}");

    // The checklist: formats « à vérifier », the DPO check ticked.
    let w3 = pdf::write(&files[2].1, "checklist.pdf");
    let t3 = pdf::text(&w3.path, "-raw");
    assert!(t3.contains("Liste de vérification avant l'envoi à la CNIL"), "{t3}");
    assert!(t3.contains("à vérifier sur le téléservice"), "{t3}");
    assert!(t3.contains("☑ Coordonnées du délégué"), "{t3}");
    assert!(t3.contains("☑ Au moins un risque résiduel élevé"), "{t3}");
}

#[test]
fn missing_items_say_what_to_complete() {
    // The demo commune as it is: no high residual risk → consultation not required.
    let b = demo().remove(1);
    let m = consultation_missing(&b, b.aipds[0].id);
    assert!(m.iter().any(|x| x.label_fr.contains("risque résiduel élevé") && x.where_fr == "AIPD › Risques"), "{m:#?}");
    assert!(!m.iter().any(|x| x.label_fr.contains("délégué")), "{m:#?}");
    let files = consultation_pack(&b, b.aipds[0].id, today()).unwrap();
    let t = pdf::text(&pdf::write(&files[0].1, "c.pdf").path, "-raw");
    assert!(t.contains("consultation préalable de la CNIL n'est pas requise"), "{t}");
    assert!(!t.contains("Consultation préalable de la CNIL requise"), "no contradiction: {t}");

    // With the high risk, none of those.
    let (b, id) = commune_with_high_risk();
    let m = consultation_missing(&b, id);
    assert!(!m.iter().any(|x| x.label_fr.contains("risque résiduel élevé")), "{m:#?}");

    // A bakery-like bundle with no DPO, no legal representative, an unvalidated AIPD and a
    // processing without purposes.
    let mut bakery = demo().remove(0);
    assert!(!bakery.organisation.dpo.designated);
    bakery.organisation.legal_representative.last_name.clear();
    let mut a = b.aipds[0].clone();
    a.status = greffier::model::AipdStatus::InProgress;
    a.validation = None;
    let mut p = bakery.processings[0].clone();
    p.purposes.clear();
    a.processings = vec![p.id];
    bakery.processings[0] = p;
    bakery.aipds = vec![a.clone()];
    let m = consultation_missing(&bakery, a.id);
    let labels: Vec<&str> = m.iter().map(|x| x.label_fr.as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("délégué à la protection des données")), "{labels:#?}");
    assert!(labels.iter().any(|l| l.contains("Représentant légal")), "{labels:#?}");
    assert!(labels.iter().any(|l| l.contains("AIPD validée")), "{labels:#?}");
    assert!(labels.iter().any(|l| l.starts_with("Finalités du traitement")), "{labels:#?}");
    assert!(m.iter().all(|x| !x.label_en.is_empty() && !x.where_fr.is_empty()));

    // The pack is still made, with « À compléter » where the dossier is silent.
    let files = consultation_pack(&bakery, a.id, today()).unwrap();
    let t = pdf::text(&pdf::write(&files[0].1, "b.pdf").path, "-raw");
    let d_at = position(&t, COVER_HEADINGS[3]);
    let e_at = position(&t, COVER_HEADINGS[4]);
    assert!(t[d_at..e_at].contains("À compléter"), "{}", &t[d_at..e_at]);
    let t3 = pdf::text(&pdf::write(&files[2].1, "l.pdf").path, "-raw");
    assert!(t3.contains("☐ Coordonnées du délégué"), "{t3}");
}

#[test]
fn unknown_aipd_is_an_error() {
    let b = demo().remove(1);
    let id = Uuid::new_v4();
    match consultation_pack(&b, id, today()) {
        Err(e @ ConsultationError::NotFound(_)) => {
            assert_eq!(e.code(), "aipd_not_found");
            assert!(e.message_fr().contains("introuvable") && e.message_en().contains("not in the organisation"));
        }
        other => panic!("expected NotFound, got {:?}", other.map(|f| f.len())),
    }
    let m = consultation_missing(&b, id);
    assert_eq!(m.len(), 1);
    assert!(m[0].label_fr.contains("introuvable"));
}
