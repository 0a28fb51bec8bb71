//! The documents to hand over: the information notice of a processing (Arts. 13–14), the
//! staff confidentiality undertaking, the processor contract checklist (Art. 28) and the
//! DPO's annual report — built as flows from the demo dossier and from hand-made bundles,
//! their sections and values checked, their gaps listed and printed « À compléter », and
//! their PDFs read back with pdftotext.
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test hand_over_documents`.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use greffier::breach::{countdown, CountdownState};
use greffier::documents::annual_report::{annual_report, annual_report_missing};
use greffier::documents::flow::{Block, FlowDoc};
use greffier::documents::notice::{information_notice, notice_missing};
use greffier::documents::processor_checklist::{
    processor_candidates, processor_checklist, processor_checklist_missing,
};
use greffier::documents::undertaking::{confidentiality_undertaking, undertaking_missing, undertaking_rules_fr};
use greffier::model::{
    ActionStatus, Breach, ContractStatus, Decision, LegalBasis, Notification, NotificationKind, Organisation,
    OrganisationBundle, Processing, Purpose, ThirdParty, ThirdPartyKind,
};
use uuid::Uuid;

mod support;
use support::pdf;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo JSON")
}

fn bakery() -> OrganisationBundle {
    demo().remove(0)
}

fn commune() -> OrganisationBundle {
    demo().remove(1)
}

fn processing<'a>(b: &'a OrganisationBundle, name: &str) -> &'a Processing {
    b.processings.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no processing {name}"))
}

fn text(d: &FlowDoc) -> String {
    d.plain_text().join("\n")
}

/// The value of the first « key : value » row named `key`.
fn kv(d: &FlowDoc, key: &str) -> String {
    d.blocks
        .iter()
        .find_map(|b| match b {
            Block::KeyValues { rows } => rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no row « {key} » in:\n{}", text(d)))
}

fn headings(d: &FlowDoc) -> Vec<String> {
    d.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn pdf_text(d: &FlowDoc, name: &str) -> String {
    let bytes = d.to_pdf().expect("PDF");
    let w = pdf::write(&bytes, name);
    pdf::text(&w.path, "-raw")
}

fn has_right(d: &FlowDoc, start: &str) -> bool {
    d.blocks.iter().any(|b| match b {
        Block::List { items } => items.iter().any(|(_, t)| t.starts_with(start)),
        _ => false,
    })
}

// ------------------------------------------------------------------------- notice

#[test]
fn notice_of_a_customer_file_explains_contract_and_consent_with_portability_and_withdrawal() {
    let b = bakery();
    let p = processing(&b, "Clients et carte de fidélité");
    let d = information_notice(&b, p.id, today()).expect("notice");
    let t = text(&d);
    assert!(t.contains("Boulangerie Martin"), "{t}");
    assert!(kv(&d, "Adresse").contains("8 rue de la Fontaine"));
    assert!(t.contains("Consentement de la personne (art. 6(1)(a))"), "{t}");
    assert!(t.contains("Vous pouvez le retirer à tout moment"), "consent explained: {t}");
    assert!(t.contains("nécessaires pour conclure ou exécuter le contrat"), "contract explained: {t}");
    assert!(has_right(&d, "Portabilité"), "portability for (a)/(b)");
    assert!(has_right(&d, "Retrait du consentement"));
    assert!(!has_right(&d, "Opposition"), "no objection without (e)/(f)");
    assert!(t.contains("www.cnil.fr"));
    assert!(t.contains("Nous n'avons pas désigné de délégué"), "the bakery has no DPO: {t}");
    // the first layer: five rows
    let first = d.blocks.iter().find_map(|b| match b {
        Block::KeyValues { rows } if rows[0].0 == "Qui" => Some(rows.len()),
        _ => None,
    });
    assert_eq!(first, Some(5));
    // every purpose of the entry appears
    for f in &p.purposes {
        assert!(t.contains(f.description.trim()), "purpose {}", f.description);
    }
    // the transfer outside the EU
    assert!(headings(&d).iter().any(|h| h.contains("hors de l'Union européenne")));
    let pdf = pdf_text(&d, "notice-clients.pdf");
    assert!(pdf.contains("Boulangerie Martin") && pdf.contains("Vos droits") && pdf.contains("www.cnil.fr"), "{pdf}");
}

#[test]
fn notice_of_a_commune_uses_public_task_wording_the_dpo_contact_objection_and_art14() {
    let b = commune();
    let p = processing(&b, "Restauration scolaire et accueil périscolaire");
    let d = information_notice(&b, p.id, today()).expect("notice");
    let t = text(&d);
    assert!(t.contains("Commune de Saint-Aubin-sur-Gard"));
    assert!(t.contains("dpo@cevennes-numerique.example"), "published DPO e-mail: {t}");
    assert!(t.contains("Mission d'intérêt public ou exercice de l'autorité publique (art. 6(1)(e))"), "{t}");
    assert!(t.contains("mission d'intérêt public qui nous est confiée"), "{t}");
    assert!(has_right(&d, "Opposition"), "objection for (e)");
    assert!(!has_right(&d, "Portabilité"), "no portability for (e)");
    assert!(!has_right(&d, "Retrait du consentement"));
    // data also from third parties: the Art. 14 part
    assert!(d.subject.contains("articles 13 et 14"), "{}", d.subject);
    assert!(headings(&d).iter().any(|h| h.contains("provenance")), "{:?}", headings(&d));
    assert!(kv(&d, "Catégories de données") != "À compléter");
    assert!(kv(&d, "Comment les exercer").contains("dpo@cevennes-numerique.example") || !p.rights_exercise.is_empty());
    let first = kv(&d, "Vos droits");
    assert!(first.contains("opposition") && first.contains("dpo@cevennes-numerique.example"), "{first}");
    let pdf = pdf_text(&d, "notice-commune.pdf");
    assert!(pdf.contains("Provenance") && pdf.contains("Opposition"), "{pdf}");
}

#[test]
fn legal_obligation_gives_neither_objection_nor_portability_and_legitimate_interest_is_stated() {
    let c = commune();
    let p = processing(&c, "Listes électorales");
    assert!(p.purposes.iter().all(|f| f.legal_basis == LegalBasis::LegalObligation));
    let d = information_notice(&c, p.id, today()).unwrap();
    assert!(text(&d).contains("Un texte de loi nous oblige"));
    assert!(!has_right(&d, "Opposition") && !has_right(&d, "Portabilité"));
    assert!(has_right(&d, "Accès") && has_right(&d, "Effacement"));

    let b = bakery();
    let p = processing(&b, "Vidéosurveillance du magasin");
    let d = information_notice(&b, p.id, today()).unwrap();
    let t = text(&d);
    let just = p.purposes[0].justification.trim();
    assert!(t.contains(&format!("Notre intérêt légitime : {just}")) || just.is_empty(), "{t}");
    assert!(t.contains("Notre intérêt légitime"), "{t}");
    assert!(has_right(&d, "Opposition"), "objection for (f)");
}

/// A bundle with one organisation and one bare processing.
fn bare() -> (OrganisationBundle, Uuid) {
    let mut b = OrganisationBundle::new(Organisation::new("Association des Amis du Four"));
    let mut p = Processing::new("Adhérents");
    p.purposes.push(Purpose {
        description: "Suivre les adhésions".into(),
        is_main: true,
        legal_basis: LegalBasis::ToDetermine,
        justification: String::new(),
    });
    p.purposes.push(Purpose {
        description: "Envoyer la lettre d'information".into(),
        is_main: false,
        legal_basis: LegalBasis::LegitimateInterests,
        justification: String::new(),
    });
    let id = p.id;
    b.processings.push(p);
    (b, id)
}

#[test]
fn gaps_of_the_notice_are_listed_and_printed_to_complete() {
    let (b, id) = bare();
    let m = notice_missing(&b, id);
    let labels: Vec<&str> = m.iter().map(|m| m.label_fr.as_str()).collect();
    for want in [
        "Adresse de l'organisme",
        "Courriel ou téléphone de l'organisme",
        "Base légale de la finalité « Suivre les adhésions »",
        "Intérêt légitime poursuivi pour « Envoyer la lettre d'information »",
        "Destinataires des données",
        "Durées de conservation du traitement « Adhérents »",
        "Moyen d'exercer ses droits (contact)",
    ] {
        assert!(labels.contains(&want), "missing « {want} » in {labels:?}");
    }
    assert!(m.iter().any(|m| m.where_fr == "Registre › Adhérents › Durées de conservation"), "{m:?}");
    let d = information_notice(&b, id, today()).unwrap();
    let t = text(&d);
    assert!(t.contains("Notre intérêt légitime : À compléter"), "{t}");
    assert!(kv(&d, "Destinataires") == "À compléter");
    assert!(kv(&d, "Durée de conservation") == "À compléter");
    assert!(t.contains("À compléter (base légale non choisie)"));

    // filling the gaps removes them
    let mut b2 = b.clone();
    b2.organisation.email = Some("contact@amis-du-four.example".into());
    let m2 = notice_missing(&b2, id);
    assert!(!m2.iter().any(|m| m.label_fr.starts_with("Courriel ou téléphone")));
    assert!(!m2.iter().any(|m| m.label_fr.starts_with("Moyen d'exercer")), "the organisation's e-mail serves");
    assert!(m2.len() < m.len());
}

#[test]
fn unknown_ids_give_none_and_one_missing_item() {
    let b = bakery();
    let nobody = Uuid::new_v4();
    assert!(information_notice(&b, nobody, today()).is_none());
    assert!(processor_checklist(&b, nobody, today()).is_none());
    assert_eq!(notice_missing(&b, nobody).len(), 1);
    assert_eq!(processor_checklist_missing(&b, nobody).len(), 1);
    // a third party that is not a processor
    let c = commune();
    let insee = c.third_parties.iter().find(|t| t.name == "INSEE").unwrap();
    assert!(processor_checklist(&c, insee.id, today()).is_none());
    assert!(!processor_candidates(&c).iter().any(|t| t.id == insee.id));
}

// ------------------------------------------------------------------------- undertaking

#[test]
fn undertaking_is_filled_with_the_organisation_and_has_boxes_rules_and_signatures() {
    let b = bakery();
    let d = confidentiality_undertaking(&b, today());
    assert_eq!(kv(&d, "Organisme"), "Boulangerie Martin");
    assert_eq!(kv(&d, "Représenté par"), "Claire Martin, Gérante");
    assert!(kv(&d, "Adresse").contains("30390 Saint-Aubin-sur-Gard"));
    let t = text(&d);
    let rules = undertaking_rules_fr();
    assert!(rules.len() >= 6);
    for r in &rules {
        assert!(t.contains(r), "rule {r}");
    }
    assert!(t.contains("après mon départ"), "duration after leaving");
    assert!(t.contains("226-13"), "sanctions");
    let boxes: Vec<&str> = d
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::WritingBox { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    for want in ["Nom et prénom", "Fonction ou poste", "Fait à", "Le", "Signature de la personne"] {
        assert!(boxes.contains(&want), "box {want} in {boxes:?}");
    }
    assert!(boxes.iter().any(|l| l.contains("Claire Martin")));
    assert!(undertaking_missing(&b).is_empty(), "{:?}", undertaking_missing(&b));
    let pdf = pdf_text(&d, "undertaking.pdf");
    assert!(pdf.contains("Engagement de confidentialité") && pdf.contains("Boulangerie Martin"), "{pdf}");
    assert!(pdf.contains("lu et approuvé"), "{pdf}");
}

#[test]
fn undertaking_of_a_bare_organisation_lists_and_prints_its_gaps() {
    let (b, _) = bare();
    let m = undertaking_missing(&b);
    let wheres: Vec<&str> = m.iter().map(|m| m.where_fr.as_str()).collect();
    assert_eq!(
        wheres,
        ["Organisme › Identité › Adresse", "Organisme › Identité › Coordonnées", "Organisme › Représentant légal"]
    );
    let d = confidentiality_undertaking(&b, today());
    assert_eq!(kv(&d, "Adresse"), "À compléter");
    assert_eq!(kv(&d, "Représenté par"), "À compléter");
}

// ------------------------------------------------------------------------- processor checklist

#[test]
fn checklist_candidates_are_the_processors_sorted_by_name() {
    let c = commune();
    let names: Vec<&str> = processor_candidates(&c).iter().map(|t| t.name.as_str()).collect();
    let expected_count = c.third_parties.iter().filter(|t| t.kind == Some(ThirdPartyKind::Processor)).count();
    assert_eq!(names.len(), expected_count);
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted);
}

#[test]
fn checklist_has_every_art28_clause_with_a_box_and_the_contract_from_the_dossier() {
    let b = bakery();
    let t = b.third_parties.iter().find(|t| t.contract_status == Some(ContractStatus::ToReview)).unwrap();
    let d = processor_checklist(&b, t.id, today()).expect("checklist");
    let txt = text(&d);
    assert_eq!(kv(&d, "Sous-traitant"), t.name);
    assert_eq!(kv(&d, "Contrat (selon le dossier)"), "Contrat à revoir");
    assert_eq!(
        kv(&d, "Date du contrat ou du dernier avenant"),
        t.contract_date.unwrap().format("%d/%m/%Y").to_string()
    );
    for art in [
        "28(3)(a)",
        "28(3)(b)",
        "28(3)(c), 32",
        "28(2), 28(3)(d), 28(4)",
        "28(3)(e)",
        "28(3)(f)",
        "28(3)(g)",
        "28(3)(h)",
        "28(1)",
    ] {
        assert!(txt.contains(&format!("(art. {art})")), "clause {art}: {txt}");
    }
    let boxes = d
        .blocks
        .iter()
        .map(|b| match b {
            Block::List { items } => items.iter().filter(|(m, _)| m == "☐").count(),
            _ => 0,
        })
        .sum::<usize>();
    assert_eq!(boxes, 10);
    // the processings that use it
    let users: Vec<&str> = b
        .processings
        .iter()
        .filter(|p| p.recipients.iter().any(|r| r.third_party == Some(t.id)))
        .map(|p| p.name.as_str())
        .collect();
    assert!(!users.is_empty());
    for u in users {
        assert!(txt.contains(u), "processing {u}");
    }
    let m = processor_checklist_missing(&b, t.id);
    assert!(m.iter().any(|m| m.label_fr.starts_with("Contrat à revoir")), "{m:?}");
    let pdf = pdf_text(&d, "processor.pdf");
    assert!(pdf.contains("☐") && pdf.contains(&t.name) && pdf.contains("28(3)(h)"), "{pdf}");
}

#[test]
fn checklist_of_a_bare_processor_prints_its_gaps() {
    let (mut b, _) = bare();
    let mut t = ThirdParty::new("Hébergeur Inconnu");
    t.kind = Some(ThirdPartyKind::Processor);
    let id = t.id;
    b.third_parties.push(t);
    let m = processor_checklist_missing(&b, id);
    let labels: Vec<&str> = m.iter().map(|m| m.label_fr.as_str()).collect();
    assert!(labels.contains(&"État du contrat de sous-traitance (art. 28)"), "{labels:?}");
    assert!(labels.contains(&"Adresse du sous-traitant"));
    assert!(labels.iter().any(|l| l.starts_with("Traitements confiés")));
    let d = processor_checklist(&b, id, today()).unwrap();
    assert_eq!(kv(&d, "Contrat (selon le dossier)"), "À compléter");
    assert!(kv(&d, "Traitements").starts_with("À compléter"));
}

// ------------------------------------------------------------------------- annual report

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

/// The demo commune with three breaches: two in 2025 (one notified late, one notified in
/// time with persons informed) and one in 2024.
fn commune_with_breaches() -> OrganisationBundle {
    let mut b = commune();
    let mut late = Breach::new("Courriel envoyé au mauvais destinataire", at(2025, 3, 3));
    late.notify_cnil = Decision::Yes;
    late.notifications.push(Notification {
        kind: NotificationKind::Initial,
        sent_at: at(2025, 3, 8),
        reference: String::new(),
        note: String::new(),
    });
    let mut ok = Breach::new("Vol d'un ordinateur portable", at(2025, 9, 10));
    ok.notify_cnil = Decision::Yes;
    ok.inform_persons = Decision::Yes;
    ok.notifications.push(Notification {
        kind: NotificationKind::Initial,
        sent_at: at(2025, 9, 11),
        reference: String::new(),
        note: String::new(),
    });
    let old = Breach::new("Perte d'un dossier papier", at(2024, 5, 2));
    b.breaches.extend([late, ok, old]);
    b
}

#[test]
fn annual_report_counts_match_the_bundle() {
    let b = commune_with_breaches();
    let (year, now) = (2025, at(2026, 1, 15));
    let d = annual_report(&b, year, now);
    let t = text(&d);
    assert!(t.contains("Commune de Saint-Aubin-sur-Gard"));
    assert!(kv(&d, "Délégué").contains("Sophie Lambert"), "{}", kv(&d, "Délégué"));

    let active = b.processings.iter().filter(|p| !p.archived).count();
    assert_eq!(kv(&d, "Traitements en cours"), active.to_string());
    let created = b.processings.iter().filter(|p| p.created_at.year() == year).count();
    assert!(kv(&d, "Créées en 2025").starts_with(&format!("{created} — ")), "{}", kv(&d, "Créées en 2025"));
    let changed = b.processings.iter().filter(|p| p.updated_at.year() == year && p.created_at.year() != year).count();
    assert!(kv(&d, "Modifiées en 2025").starts_with(&format!("{changed} — ")));

    let in_year: Vec<&Breach> = b.breaches.iter().filter(|x| x.aware_at.year() == year).collect();
    assert_eq!(kv(&d, "Violations enregistrées"), in_year.len().to_string());
    let notified = in_year.iter().filter(|x| !x.notifications.is_empty()).count();
    assert_eq!(kv(&d, "Notifiées à la CNIL"), notified.to_string());
    let informed = in_year.iter().filter(|x| x.inform_persons == Decision::Yes).count();
    assert_eq!(kv(&d, "Personnes informées (décision)"), informed.to_string());
    let late = in_year
        .iter()
        .filter(|x| matches!(countdown(x, now).state, CountdownState::Late | CountdownState::NotifiedLate))
        .count();
    assert_eq!(late, 1, "the hand-made data");
    assert_eq!(kv(&d, "Hors délai de 72 heures"), late.to_string());

    let validated = b.aipds.iter().filter(|a| a.status == greffier::model::AipdStatus::Validated).count();
    assert!(t.contains("Validées"), "{t}");
    let aipd_table = d
        .blocks
        .iter()
        .find_map(|x| match x {
            Block::Table { headers, rows, .. } if headers[0] == "En cours" => Some(rows[0].clone()),
            _ => None,
        })
        .expect("AIPD table");
    assert_eq!(aipd_table[2], validated.to_string());

    let done: usize = b
        .aipds
        .iter()
        .flat_map(|a| &a.actions)
        .filter(|c| c.status == ActionStatus::Done && c.done_on.is_some_and(|x| x.year() == year))
        .count();
    assert!(kv(&d, "Actions des AIPD faites en 2025").starts_with(&format!("{done} — ")));

    // recommendations: the processor whose contract is to review is named
    let to_review = b.third_parties.iter().find(|t| t.contract_status == Some(ContractStatus::ToReview)).unwrap();
    assert!(headings(&d).contains(&"6. Recommandations".to_string()));
    assert!(t.contains(&to_review.name), "recommendation about {}", to_review.name);
    assert!(t.contains("1 violation cette année notifiée(s) après 72 heures"), "breach recommendation: {t}");

    let pdf = pdf_text(&d, "annual.pdf");
    assert!(pdf.contains("Bilan annuel 2025") && pdf.contains("Recommandations"), "{pdf}");
}

#[test]
fn annual_report_security_section_follows_the_snapshots_of_the_year() {
    let b = bakery();
    let snaps = &b.security_assessments[0].snapshots;
    for year in [2025, 2026] {
        let d = annual_report(&b, year, at(2026, 11, 23));
        let n = snaps.iter().filter(|s| s.taken_at.year() == year).count();
        let rows = d
            .blocks
            .iter()
            .find_map(|x| match x {
                Block::Table { headers, rows, .. } if headers[0] == format!("Relevé de {year}") => Some(rows.len()),
                _ => None,
            })
            .unwrap_or(0);
        assert_eq!(rows, n, "snapshots of {year}");
    }
    assert!(
        !text(&annual_report(&b, 2025, at(2026, 1, 1))).contains("aucun délégué désigné")
            || !b.organisation.dpo.designated
    );
    let m = annual_report_missing(&b);
    assert!(m.iter().any(|m| m.where_fr.starts_with("Organisme › Délégué")), "bakery has no DPO: {m:?}");
    assert!(kv(&annual_report(&b, 2025, at(2026, 1, 1)), "Délégué").starts_with("À compléter"));
}

#[test]
fn annual_report_of_an_empty_organisation_lists_its_gaps() {
    let b = OrganisationBundle::new(Organisation::new("Mairie de Nulle-Part"));
    let m = annual_report_missing(&b);
    let wheres: Vec<&str> = m.iter().map(|m| m.where_fr.as_str()).collect();
    assert_eq!(
        wheres,
        ["Organisme › Délégué à la protection des données", "Registre", "Sécurité › Liste de vérification"]
    );
    let d = annual_report(&b, 2026, at(2026, 11, 23));
    assert_eq!(kv(&d, "Traitements en cours"), "0");
    assert!(kv(&d, "Score actuel").starts_with("À compléter"));
    assert!(text(&d).contains("Faire l'évaluation de la sécurité"));
}

// ------------------------------------------------------------------------- editable formats

#[test]
fn every_document_opens_as_docx_and_odt_with_its_text() {
    use greffier::documents::office::{render, TextFormat};
    use support::office;

    let b = bakery();
    let c = commune_with_breaches();
    let clients = processing(&b, "Clients et carte de fidélité").id;
    let to_review = b.third_parties.iter().find(|t| t.contract_status == Some(ContractStatus::ToReview)).unwrap();
    let docs: Vec<(&str, FlowDoc, Vec<String>)> = vec![
        (
            "notice",
            information_notice(&b, clients, today()).unwrap(),
            vec!["Boulangerie Martin".into(), "Portabilité".into(), "www.cnil.fr".into()],
        ),
        ("undertaking", confidentiality_undertaking(&b, today()), vec!["Claire Martin".into(), "226-13".into()]),
        (
            "processor",
            processor_checklist(&b, to_review.id, today()).unwrap(),
            vec![to_review.name.clone(), "28(3)(h)".into()],
        ),
        (
            "annual",
            annual_report(&c, 2025, at(2026, 1, 15)),
            vec!["Bilan annuel 2025".into(), "Recommandations".into(), "Sophie Lambert".into()],
        ),
    ];
    let lo = office::soffice().is_some();
    let dir = tempfile::tempdir().unwrap();
    for (name, d, wanted) in &docs {
        for (fmt, ext) in [(TextFormat::Docx, "docx"), (TextFormat::Odt, "odt")] {
            let bytes = render(d, fmt).unwrap_or_else(|e| panic!("{name}.{ext}: {e}"));
            office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("{name}.{ext}: {e}"));
            if !lo {
                continue;
            }
            let path = dir.path().join(format!("hand-over-{name}.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            let t = office::text_of(&path);
            for w in wanted {
                assert!(t.contains(w.as_str()), "« {w} » not in {name}.{ext} as LibreOffice prints it:\n{t}");
            }
        }
    }
}
