//! The DPO designation sheet (issue #7 §2): the demo's commune gives a full sheet, the
//! bakery a « not required » verdict with the DPO's values to fill in; wrong SIREN, e-mail,
//! phone and postcode are flagged with their reason; the sections follow the CNIL service's
//! order; the PDF read back with pdftotext (order of labels, accents, page numbers).
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test dpo_designation`.

use chrono::NaiveDate;
use greffier::documents::dpo_pdf::{designation_file_name, designation_pdf};
use greffier::dpo::{designation_sheet, DesignationSheet};
use greffier::model::{DpoKind, DpoPersonType, OrganisationBundle};

mod support;
use support::pdf;

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo JSON reads")
}

fn bundle(name: &str) -> OrganisationBundle {
    demo().into_iter().find(|b| b.organisation.legal_name.contains(name)).expect("demo organisation")
}

fn sheet(b: &OrganisationBundle) -> DesignationSheet {
    designation_sheet(&b.organisation, &b.processings)
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn sections_follow_the_designation_service() {
    let s = sheet(&bundle("Commune"));
    let titles: Vec<&str> = s.sections.iter().map(|s| s.title_fr.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Organisme qui désigne",
            "Représentant légal",
            "Personne à contacter par la CNIL",
            "Délégué à la protection des données",
            "Coordonnées du délégué à publier",
            "Organisme du délégué (DPO externe ou personne morale)",
        ]
    );
    let org_keys: Vec<&str> = s.sections[0].items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        org_keys,
        [
            "/siren",
            "/siret",
            "/legal_name",
            "/address/lines",
            "/address/postcode",
            "/address/city",
            "/address/country",
            "/naf",
            "/sector",
            "/public_body",
            "/headcount"
        ]
    );
    let dpo_keys: Vec<&str> = s.sections[3].items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        &dpo_keys[..5],
        ["/dpo/kind", "/dpo/person_type", "/dpo/person/civility", "/dpo/person/last_name", "/dpo/person/first_name"]
    );
    // every key is unique and each item is labelled in both languages
    let mut keys: Vec<&str> = s.items().map(|i| i.key.as_str()).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "duplicate item keys");
    assert!(s.items().all(|i| !i.label_fr.is_empty() && !i.label_en.is_empty()));
    assert!(s.source_note_fr.contains("guides") && s.source_note_fr.contains("à vérifier"));
    let conditions: Vec<&str> = s.conditions.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(conditions, ["skills", "means", "independence"]);
}

#[test]
fn the_demo_commune_gives_a_full_sheet() {
    let s = sheet(&bundle("Commune"));
    let missing: Vec<&str> = s.items().filter(|i| i.missing).map(|i| i.key.as_str()).collect();
    assert_eq!(missing, Vec::<&str>::new());
    assert_eq!((s.missing, s.invalid), (0, 0));
    assert!(s.ready());
    assert!(s.obligation.required, "a public body must designate a DPO");
    assert_eq!(s.obligation.reasons[0].article, "37(1)(a)");
    let value = |k: &str| s.item(k).unwrap_or_else(|| panic!("no item {k}")).value.clone();
    assert_eq!(value("/siren"), "213009509");
    assert_eq!(value("/naf"), "84.11Z");
    assert_eq!(value("/public_body"), "Public — Commune");
    assert_eq!(value("/headcount"), "50 à 249");
    assert_eq!(value("/address/lines"), "Hôtel de ville\n1 place de la République");
    assert_eq!(value("/dpo/kind"), "Mutualisé");
    assert_eq!(value("/dpo/person_type"), "Personne morale");
    assert_eq!(value("/dpo/public_contact/email"), "dpo@cevennes-numerique.example");
    assert_eq!(value("/dpo/organisation_siren"), "253009518");
    assert_eq!(value("/dpo/designation_date"), "01/03/2022");
    assert!(s.sections[5].applies, "a pooled DPO's body is asked");
    assert!(s.item("/dpo/organisation_name").unwrap().required);
    // choices are ticked in the form, texts are copied
    assert!(!s.item("/headcount").unwrap().copyable && s.item("/siren").unwrap().copyable);
}

#[test]
fn the_bakery_needs_no_dpo_and_lacks_the_dpo_values() {
    let s = sheet(&bundle("Boulangerie"));
    assert!(!s.obligation.required);
    assert!(s.obligation.reasons.is_empty());
    assert!(!s.designated);
    let missing: Vec<&str> = s.items().filter(|i| i.missing).map(|i| i.key.as_str()).collect();
    assert_eq!(
        missing,
        [
            "/dpo/kind",
            "/dpo/person_type",
            "/dpo/person/last_name",
            "/dpo/person/first_name",
            "/dpo/private_contact/email",
            "/dpo/private_contact/phone",
            "/dpo/private_contact/address/lines",
            "/dpo/private_contact/address/postcode",
            "/dpo/private_contact/address/city",
            "/dpo/public_contact/email",
        ],
        "the organisation's part is full; only the DPO's is missing"
    );
    assert_eq!(s.missing, 10);
    assert!(!s.sections[5].applies, "kind unknown: no external body asked");
    assert!(s.sections[3].note_fr.as_deref().unwrap().contains("Aucun délégué"));
}

#[test]
fn invalid_values_are_flagged_with_their_reason() {
    let mut b = bundle("Commune");
    let o = &mut b.organisation;
    o.siren = Some("213 009 508".into());
    o.legal_representative.email = Some("maire@saint-aubin".into());
    o.dpo.private_contact.phone = Some("06 39 98".into());
    o.dpo.public_contact.address.postcode = "3010".into();
    o.dpo.organisation_siren = Some("25300951".into());
    let s = sheet(&b);
    let flagged: Vec<(&str, &str)> =
        s.items().filter_map(|i| i.problem_fr.as_deref().map(|p| (i.key.as_str(), p))).collect();
    let keys: Vec<&str> = flagged.iter().map(|f| f.0).collect();
    assert_eq!(
        keys,
        [
            "/siren",
            "/legal_representative/email",
            "/dpo/private_contact/phone",
            "/dpo/public_contact/address/postcode",
            "/dpo/organisation_siren"
        ]
    );
    assert!(flagged[0].1.contains("clé de contrôle"), "{}", flagged[0].1);
    assert!(flagged[1].1.contains("adresse e-mail"), "{}", flagged[1].1);
    assert!(flagged[2].1.contains("numéro de téléphone"), "{}", flagged[2].1);
    assert!(flagged[3].1.contains("code postal"), "{}", flagged[3].1);
    assert!(flagged[4].1.contains("9 chiffres"), "{}", flagged[4].1);
    assert_eq!(s.invalid, 5);
    assert_eq!(s.missing, 0);
    assert!(!s.ready());
    assert_eq!(s.item("/siren").unwrap().value, "213 009 508", "a wrong value is shown as typed");
    assert!(s.items().filter(|i| i.problem_fr.is_some()).all(|i| i.problem_en.is_some()));

    // a SIRET of another organisation
    let mut b = bundle("Commune");
    b.organisation.siret = Some("81234567600017".into());
    let s = sheet(&b);
    let siret = s.item("/siret").unwrap();
    assert!(siret.problem_fr.as_deref().unwrap().contains("doit commencer par les 9 chiffres du SIREN"));
    assert_eq!(s.invalid, 1);
}

#[test]
fn an_internal_dpo_has_no_external_body() {
    let mut b = bundle("Commune");
    b.organisation.dpo.kind = Some(DpoKind::Internal);
    b.organisation.dpo.person_type = Some(DpoPersonType::Natural);
    b.organisation.dpo.organisation_name.clear();
    b.organisation.dpo.organisation_siren = None;
    let s = sheet(&b);
    assert!(s.ready(), "nothing asked about a body: {:?}", s.items().filter(|i| i.missing).collect::<Vec<_>>());
    assert!(!s.sections[5].applies);
    assert!(s.sections[5].note_fr.as_deref().unwrap().starts_with("Sans objet"));
    // no public channel at all: one is needed
    b.organisation.dpo.public_contact = Default::default();
    let s = sheet(&b);
    assert_eq!(s.missing, 1);
    assert!(s.item("/dpo/public_contact/email").unwrap().missing);
}

#[test]
fn the_commune_pdf_reads_back_in_the_service_order() {
    let b = bundle("Commune");
    let bytes = designation_pdf(&b.organisation, &b.processings, today()).unwrap();
    let w = pdf::write(&bytes, "dpo-commune.pdf");
    let text = pdf::text(&w.path, "-raw");
    assert!(w.info.contains("Désignation du délégué à la protection des données"), "{}", w.info);
    // labels and values in order
    let order = [
        "Désignation du délégué à la protection des données",
        "Document édité le 23/11/2026",
        "Fiche complète",
        "À vérifier",
        "guides",
        "1. Un délégué est-il obligatoire ?",
        "Oui : la désignation d'un délégué est obligatoire.",
        "Article 37(1)(a) du RGPD — L'organisme est public",
        "2. Les trois conditions à vérifier avant de désigner",
        "☐ Les compétences :",
        "☐ Les moyens :",
        "☐ L'indépendance :",
        "3. Organisme qui désigne",
        "Numéro SIREN 213009509",
        "SIRET du siège 21300950900018",
        "Raison sociale / dénomination Commune de Saint-Aubin-sur-Gard",
        "Hôtel de ville 1 place de la République",
        "Code postal 30390",
        "Code NAF / APE 84.11Z",
        "Secteur d'activité Administration publique générale (commune)",
        "Public — Commune",
        "Effectif 50 à 249",
        "4. Représentant légal",
        "Roussel",
        "maire@saint-aubin-sur-gard.example",
        "5. Personne à contacter par la CNIL",
        "Ferrand",
        "6. Délégué à la protection des données",
        "Mutualisé",
        "Personne morale",
        "Lambert",
        "Courriel (non publié) s.lambert@cevennes-numerique.example",
        "7. Coordonnées du délégué à publier",
        "dpo@cevennes-numerique.example",
        "https://www.cevennes-numerique.example/contacter-le-dpo",
        "Permanence à la mairie",
        "8. Organisme du délégué (DPO externe ou personne morale)",
        "Syndicat mixte Cévennes Numérique (service DPO mutualisé)",
        "SIREN de l'organisme 253009518",
    ];
    let mut from = 0;
    for label in order {
        match text[from..].find(label) {
            Some(at) => from += at + label.len(),
            None => panic!("« {label} » not found after position {from} in:\n{text}"),
        }
    }
    assert!(!text.contains("À compléter") && !text.contains("À corriger"), "{text}");
    assert!(text.contains(&format!("Page 1 / {}", w.pages)), "{text}");
    assert!(text.contains(&format!("Page {} / {}", w.pages, w.pages)), "{text}");
    // look at it: tests/../target/dpo-commune.png
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&out).unwrap();
    let png = out.join("dpo-commune");
    pdf::run(
        "pdftoppm",
        &["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", w.path.to_str().unwrap(), png.to_str().unwrap()],
    );
}

#[test]
fn the_bakery_pdf_says_what_to_fill_in() {
    let b = bundle("Boulangerie");
    let bytes = designation_pdf(&b.organisation, &b.processings, today()).unwrap();
    let w = pdf::write(&bytes, "dpo-boulangerie.pdf");
    let text = pdf::text(&w.path, "-raw");
    assert!(text.contains("Fiche incomplète : 10 informations à compléter"), "{text}");
    assert!(text.contains("Non : rien dans le dossier ne rend un délégué obligatoire."), "{text}");
    assert!(text.contains("Numéro SIREN 812345676"), "{text}");
    assert!(text.contains("Nom À compléter"), "{text}");
    assert!(text.contains("Numéro de désignation CNIL Non renseigné (facultatif)"), "{text}");
    assert!(text.contains("À remplir seulement si le délégué est externe"), "{text}");
    assert_eq!(text.matches("À compléter").count(), 10 + 1, "10 values and the advice in the summary: {text}");

    // a wrong value is printed with its reason
    let mut o = b.organisation.clone();
    o.siren = Some("812345677".into());
    let text = pdf::text(&pdf::write(&designation_pdf(&o, &[], today()).unwrap(), "bad.pdf").path, "-raw");
    assert!(text.contains("1 valeur à corriger"), "{text}");
    assert!(text.contains("Numéro SIREN 812345677 À corriger : Ce SIREN a bien 9 chiffres"), "{text}");
}

#[test]
fn file_name_is_safe() {
    assert_eq!(
        designation_file_name("Commune / Saint-Aubin", today()),
        "Désignation DPO - Commune - Saint-Aubin - 2026-11-23.pdf"
    );
    assert_eq!(designation_file_name("  ", today()), "Désignation DPO - 2026-11-23.pdf");
}
