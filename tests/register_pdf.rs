//! The register PDF (full and public versions), read back with poppler's tools (pdfinfo,
//! pdftotext from `poppler-utils`): what is printed, what is left out, page numbers,
//! French text, and that nothing is drawn outside the page's margins.
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test register_pdf`.

use std::path::PathBuf;

use chrono::NaiveDate;
use greffier::documents::json;
use greffier::documents::register_pdf::{register_pdf, RegisterPdfOptions};
use greffier::model::{
    DataCategory, DataCategoryEntry, FinalDisposal, LegalBasis, Organisation, OrganisationBundle, Processing,
    ProcessorActivity, Purpose, Recipient, RecipientKind, Retention, Safeguard, ThirdParty, TimeUnit, Transfer,
};
use serde_json::json as j;

mod support;
use support::pdf::{self, collapse};

/// The two demo organisations (bakery, commune), read through the JSON import format.
fn demo() -> (OrganisationBundle, OrganisationBundle) {
    let organisations: serde_json::Value = serde_json::from_str(greffier::cli::DEMO_JSON).unwrap();
    let file = j!({
        "format": json::FORMAT,
        "format_version": json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/register_pdf.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000aa",
        "organisations": organisations,
    });
    let export = json::parse(file.to_string().as_bytes()).expect("the demo is a valid export");
    let mut orgs = export.organisations.into_iter();
    (orgs.next().unwrap(), orgs.next().unwrap())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn full() -> RegisterPdfOptions {
    RegisterPdfOptions {
        public: false,
        include_archived: false,
        generated_on: today(),
        version_label: "Version du 23/11/2026".to_string(),
    }
}

fn public() -> RegisterPdfOptions {
    RegisterPdfOptions { public: true, ..full() }
}

/// A produced register: its file, text and page count.
struct Pdf {
    path: PathBuf,
    /// Text in content-stream order (`pdftotext -raw`: a table cell's lines stay
    /// together), whitespace collapsed.
    text: String,
    pages: usize,
    info: String,
    _dir: tempfile::TempDir,
}

impl Pdf {
    fn has(&self, s: &str) -> bool {
        self.text.contains(&collapse(s))
    }

    /// Whether `s` is in the text once every whitespace is removed (for words too long
    /// for their column, which are cut between characters).
    fn has_joined(&self, s: &str) -> bool {
        let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        squeeze(&self.text).contains(&squeeze(s))
    }

    #[track_caller]
    fn assert_has(&self, s: &str) {
        assert!(self.has(s), "« {s} » missing from {}", self.path.display());
    }

    #[track_caller]
    fn assert_lacks(&self, s: &str) {
        assert!(!self.has(s), "« {s} » should not be in {}", self.path.display());
    }
}

fn render(bundle: &OrganisationBundle, opts: &RegisterPdfOptions, name: &str) -> Pdf {
    let w = pdf::write(&register_pdf(bundle, opts).expect("register_pdf"), name);
    Pdf { text: pdf::text(&w.path, "-raw"), path: w.path, pages: w.pages, info: w.info, _dir: w.dir }
}

#[test]
fn full_register_of_the_bakery() {
    let (mut bakery, _) = demo();
    // typography the document must keep: accents, œ, €, guillemets, apostrophes
    bakery.processings[2].purposes[0].description =
        "Vendre nos pâtisseries (œufs frais, crème brûlée) à 3,50 € pièce et tenir la « carte fidélité »".into();
    let pdf = render(&bakery, &full(), "boulangerie.pdf");

    // cover
    pdf.assert_has("Registre des activités de traitement");
    pdf.assert_has("Article 30 du règlement général sur la protection des données (RGPD)");
    pdf.assert_has("Boulangerie Martin – Le Fournil de Saint-Aubin");
    pdf.assert_has("812 345 676");
    pdf.assert_has("8 rue de la Fontaine, 30390 Saint-Aubin-sur-Gard");
    pdf.assert_has("Madame Claire Martin");
    pdf.assert_has("Aucun DPO désigné");
    pdf.assert_has("Édité le 23/11/2026");
    pdf.assert_has("Version Version du 23/11/2026");
    pdf.assert_has("Traitements 6 traitements en cours");
    pdf.assert_lacks("uniquement comme sous-traitant");

    // summary: one row per processing, with reference, legal basis and its article
    pdf.assert_has("Liste des traitements");
    let paie = &bakery.processings[0];
    pdf.assert_has(&format!("BM-01 Gestion de la paie {} Contrat art. 6(1)(b) Complet", paie.purposes[0].description));
    for p in &bakery.processings {
        pdf.assert_has(&p.name);
        pdf.assert_has(&format!("Fiche n° {}", p.reference));
    }
    pdf.assert_has("Exécution d'un contrat ou de mesures précontractuelles (art. 6(1)(b) RGPD)");
    pdf.assert_has("Intérêt légitime art. 6(1)(f)");
    // payroll uses the NIR and health data (sick leave): sensitive
    pdf.assert_has("Oui (art. 9, NIR)");
    pdf.assert_has("31/01/2026");

    // sheets: Art. 30 fields, legal bases with their article, retention with its source
    pdf.assert_has("Respect d'une obligation légale (art. 6(1)(c) RGPD)");
    let retention = bakery.processings[0].data_categories[0].retention.as_ref().unwrap();
    pdf.assert_has(&retention.to_french());
    pdf.assert_has(&format!("Source : {}", retention.legal_source()));
    pdf.assert_has("Vendre nos pâtisseries (œufs frais, crème brûlée) à 3,50 € pièce et tenir la « carte fidélité »");
    pdf.assert_has("Cabinet Roux & Associés, expertise comptable");
    pdf.assert_has("Contrat : Clauses de l'article 28 signées");
    pdf.assert_has("Interlocuteur : Monsieur Thomas Roux");
    pdf.assert_has(&bakery.processings[0].security.description);
    pdf.assert_has("Gestionnaire Claire Martin (gérante)");
    pdf.assert_has("Fiche créée le");
    // the loyalty card sends data outside the EU: the country is named
    let t = &bakery.processings[2].transfers[0];
    pdf.assert_has(&t.recipient);

    // pages: cover, summary, one sheet (at least a page) per processing, all numbered
    assert!(pdf.pages >= 2 + bakery.processings.len(), "{} pages", pdf.pages);
    pdf.assert_has(&format!("Page 1 / {}", pdf.pages));
    pdf.assert_has(&format!("Page {} / {}", pdf.pages, pdf.pages));
    pdf.assert_has("Boulangerie Martin — Registre des activités de traitement — Version du 23/11/2026");
    assert!(pdf.info.contains("Title: Registre des activités de traitement — Boulangerie Martin"), "{}", pdf.info);
    assert!(pdf.info.contains("Author: Boulangerie Martin"), "{}", pdf.info);
    assert!(pdf.info.contains("Subject: Registre des activités de traitement (article 30 du RGPD)"), "{}", pdf.info);
    assert!(pdf.info.contains("(A4)"), "{}", pdf.info);
}

#[test]
fn commune_register_has_its_processor_register_and_dpo() {
    let (_, commune) = demo();
    let pdf = render(&commune, &full(), "commune.pdf");
    pdf.assert_has("Syndicat mixte Cévennes Numérique (service DPO mutualisé)");
    pdf.assert_has("Courriel : dpo@cevennes-numerique.example");
    pdf.assert_has("Madame Sophie Lambert");
    pdf.assert_has("Mission d'intérêt public ou exercice de l'autorité publique (art. 6(1)(e) RGPD)");
    pdf.assert_has("Consentement explicite (art. 9(2)(a) RGPD)");
    for p in &commune.processings {
        pdf.assert_has(&p.name);
        if !p.dpo_notes.is_empty() {
            pdf.assert_has(&p.dpo_notes);
        }
    }
    // Art. 30(2): the commune acts as processor for its CCAS
    pdf.assert_has("Registre des activités de sous-traitance");
    let a = &commune.processor_activities[0];
    pdf.assert_has(&a.name);
    pdf.assert_has(&format!("Activité de sous-traitance n° {}", a.reference));
    pdf.assert_has(&a.clients[0].name);
    pdf.assert_has(&a.clients[0].operations);
    let sub = commune.third_parties.iter().find(|t| t.id == a.sub_processors[0]).unwrap();
    pdf.assert_has(&format!("Sous-traitants {}", sub.name));
    pdf.assert_has("Sous-traitance 1 activité menée pour le compte de clients");
    // a public body's own processings are not « processor only »
    pdf.assert_lacks("uniquement comme sous-traitant");
    pdf.assert_has(&format!("Page 1 / {}", pdf.pages));
}

#[test]
fn archived_entries_only_when_asked() {
    let (mut bakery, _) = demo();
    bakery.processings[3].archived = true;
    let archived_name = bakery.processings[3].name.clone();

    let pdf = render(&bakery, &full(), "sans-archives.pdf");
    pdf.assert_lacks(&archived_name);
    pdf.assert_lacks("Archivé");
    pdf.assert_has("5 traitements en cours (1 traitement archivé non repris)");

    let pdf = render(&bakery, &RegisterPdfOptions { include_archived: true, ..full() }, "avec-archives.pdf");
    pdf.assert_has(&archived_name);
    pdf.assert_has("Archivé : ce traitement n'est plus mis en œuvre");
    pdf.assert_has("Complet — Archivé");
    pdf.assert_has("5 traitements en cours, et 1 traitement archivé, présenté pour mémoire");

    // never in the public version, even when asked
    bakery.processings.iter_mut().for_each(|p| p.public_register = true);
    let pdf = render(&bakery, &RegisterPdfOptions { include_archived: true, ..public() }, "public-archives.pdf");
    pdf.assert_lacks(&archived_name);
    pdf.assert_has("Présentés ici 5 traitements");
}

#[test]
fn public_version_leaves_out_what_must_not_be_published() {
    let (_, mut commune) = demo();
    // one entry kept out of the public register; one transfer with its documentation
    commune.processings[5].public_register = false;
    let hidden = commune.processings[5].name.clone();
    commune.processings[2].transfers.push(Transfer {
        recipient: "Hébergeur de secours du portail famille".into(),
        country: "CH".into(),
        safeguard: Some(Safeguard::AdequacyDecision),
        documentation: "https://intranet.example/transferts/clauses-hebergeur.pdf".into(),
    });

    let pdf = render(&commune, &public(), "commune-public.pdf");
    pdf.assert_has("Registre des activités de traitement — version publique");
    pdf.assert_has("Ce qui figure dans cette version publique");
    pdf.assert_has("document administratif");
    // the demo commune's 8 entries (telecare included), one kept out
    pdf.assert_has("Traitements au registre 8 traitements en cours");
    pdf.assert_has("Présentés ici 7 traitements");
    pdf.assert_lacks(&hidden);
    pdf.assert_has("Mairie de Saint-Aubin-sur-Gard");
    assert!(pdf.info.contains("Subject: Version publique du registre"), "{}", pdf.info);
    pdf.assert_has("Registre public");

    // kept: purposes, legal bases, persons, data, retention, recipients, transfers
    let p = &commune.processings[2];
    pdf.assert_has(&p.name);
    pdf.assert_has(&p.purposes[0].description);
    pdf.assert_has("(art. 6(1)(e) RGPD)");
    pdf.assert_has(&p.persons_concerned[0].details);
    pdf.assert_has(&p.data_categories[0].retention.as_ref().unwrap().to_french());
    pdf.assert_has(&p.recipients[2].label);
    pdf.assert_has("Hébergeur de secours du portail famille Suisse (CH) Décision d'adéquation (art. 45)");

    // left out: security, DPO notes, owners, software, documentation links, contact persons
    pdf.assert_lacks("Mesures de sécurité");
    pdf.assert_lacks("Observations du DPO");
    pdf.assert_lacks("Gestionnaire");
    pdf.assert_lacks("Logiciels et supports");
    assert!(!pdf.has_joined("intranet.example"), "documentation link in the public version");
    pdf.assert_lacks("Interlocuteur");
    pdf.assert_lacks("Registre des activités de sous-traitance");
    // the DPO's private phone (only the published channels are printed)
    pdf.assert_lacks(commune.organisation.dpo.private_contact.phone.as_deref().unwrap());
    for p in &commune.processings {
        if !p.security.description.is_empty() {
            pdf.assert_lacks(&p.security.description);
        }
        if !p.dpo_notes.is_empty() {
            pdf.assert_lacks(&p.dpo_notes);
        }
        pdf.assert_lacks(&format!("Gestionnaire {}", p.owner));
        for s in &p.software {
            pdf.assert_lacks(s);
        }
    }
    pdf.assert_lacks("Isabelle Garnier");

    // the same entries in the full version do show what the public one hides
    let pdf = render(&commune, &full(), "commune-complet.pdf");
    pdf.assert_has(&hidden);
    assert!(pdf.has_joined("https://intranet.example/transferts/clauses-hebergeur.pdf"));
    pdf.assert_has("Isabelle Garnier");
    pdf.assert_has(&commune.processings[0].security.description);
}

#[test]
fn public_version_of_a_register_with_nothing_public() {
    let (bakery, _) = demo();
    assert!(bakery.processings.iter().all(|p| !p.public_register));
    let pdf = render(&bakery, &public(), "rien-de-public.pdf");
    pdf.assert_has("Aucun traitement n'est présenté dans cette version publique");
    pdf.assert_has("Présentés ici Aucun traitement");
    for p in &bakery.processings {
        pdf.assert_lacks(&p.name);
    }
    assert_eq!(pdf.pages, 2);
}

#[test]
fn empty_organisation_still_gives_a_register() {
    let org = Organisation::new("Association Les Amis du Vieux Moulin");
    let bundle = OrganisationBundle::new(org);
    let pdf = render(&bundle, &RegisterPdfOptions { version_label: String::new(), ..full() }, "vide.pdf");
    pdf.assert_has("Aucun traitement n'est inscrit au registre");
    pdf.assert_has("Traitements Aucun traitement en cours");
    pdf.assert_has("SIREN Non renseigné");
    pdf.assert_has("Adresse du siège Non renseigné");
    pdf.assert_has("Aucun DPO désigné");
    pdf.assert_lacks("Version du");
    pdf.assert_has("Association Les Amis du Vieux Moulin — Registre des activités de traitement Page 1 / 2");
    assert_eq!(pdf.pages, 2);
}

#[test]
fn processor_only_organisation_says_so() {
    let mut bundle = OrganisationBundle::new(Organisation::new("Infogérance du Gard SARL"));
    let sub = ThirdParty::new("Datacentre Occitanie SAS");
    let mut a = ProcessorActivity::new("Hébergement et sauvegarde des serveurs de clients");
    a.sub_processors.push(sub.id);
    a.transfers.push(Transfer {
        recipient: "Support de niveau 2".into(),
        country: "in".into(),
        safeguard: Some(Safeguard::StandardContractualClauses),
        documentation: String::new(),
    });
    bundle.third_parties.push(sub);
    bundle.processor_activities.push(a);
    let mut old = ProcessorActivity::new("Infogérance des postes de travail (ancienne offre)");
    old.archived = true;
    bundle.processor_activities.push(old);

    let pdf = render(&bundle, &full(), "sous-traitant.pdf");
    pdf.assert_has("Cet organisme agit uniquement comme sous-traitant");
    pdf.assert_has("Aucun traitement n'est inscrit au registre");
    pdf.assert_has("Registre des activités de sous-traitance");
    pdf.assert_has("Activité de sous-traitance n° ST-1");
    pdf.assert_has("Sous-traitants Datacentre Occitanie SAS");
    pdf.assert_has("Support de niveau 2 Inde (IN) Clauses contractuelles types de la Commission (art. 46)");
    pdf.assert_has("Clients (responsables de traitement)");
    pdf.assert_lacks("ancienne offre");

    let pdf = render(&bundle, &RegisterPdfOptions { include_archived: true, ..full() }, "sous-traitant-archives.pdf");
    pdf.assert_has("Infogérance des postes de travail (ancienne offre)");
    pdf.assert_has("Archivée : cette activité n'est plus menée");
}

#[test]
fn empty_fields_and_dangling_links_are_shown_as_missing() {
    let mut bundle = OrganisationBundle::new(Organisation::new("Garage du Centre"));
    let mut p = Processing::new("Fichier clients de l'atelier");
    p.recipients.push(Recipient {
        kind: RecipientKind::Processor,
        label: String::new(),
        third_party: Some(uuid::Uuid::from_u128(7)),
        details: String::new(),
    });
    p.security.measures.push(uuid::Uuid::from_u128(8));
    bundle.processings.push(p);
    let pdf = render(&bundle, &full(), "trous.pdf");
    pdf.assert_has("Fiche n° 1 Fichier clients de l'atelier");
    pdf.assert_has("1 Fichier clients de l'atelier Non renseigné Non renseigné Brouillon Non Non renseigné");
    pdf.assert_has("Aucune finalité renseignée");
    pdf.assert_has("Aucune catégorie de personnes renseignée");
    pdf.assert_has("Aucune catégorie de données renseignée");
    pdf.assert_has("Responsables conjoints Aucun");
    pdf.assert_has("Référence Non renseigné");
    pdf.assert_has("Sous-traitant Non renseigné Tiers introuvable dans le dossier");
    pdf.assert_has("Mesures liées Mesure introuvable dans le dossier");
    pdf.assert_has("Transferts hors de l'Union européenne art. 30.1.e RGPD Aucun");
    pdf.assert_has("Prochaine revue Non renseigné");
}

#[test]
fn very_long_texts_wrap_without_overflowing() {
    let long: String = "Données conservées dans l'armoire forte du secrétariat, œuvre collective à 12 € ; "
        .chars()
        .cycle()
        .take(5_000)
        .collect();
    let word: String = "Anticonstitutionnellement".chars().cycle().take(300).collect();
    let mixed = format!("{long} {word} fin.");
    let mut org = Organisation::new(format!("Organisme {word}"));
    org.trade_name = mixed.clone();
    let mut bundle = OrganisationBundle::new(org);
    let mut p = Processing::new(format!("Traitement au nom interminable {word}"));
    p.reference = word.clone();
    p.purposes.push(Purpose {
        description: mixed.clone(),
        is_main: true,
        legal_basis: LegalBasis::LegalObligation,
        justification: mixed.clone(),
    });
    p.data_categories.push(DataCategoryEntry {
        category: DataCategory::Identity,
        description: mixed.clone(),
        retention: Some(Retention::Duration {
            amount: 3,
            unit: TimeUnit::Years,
            starting_point: format!("à compter de {word}"),
            legal_source: mixed.clone(),
        }),
        final_disposal: FinalDisposal::Destruction,
    });
    p.recipients.push(Recipient {
        kind: RecipientKind::Other,
        label: word.clone(),
        third_party: None,
        details: mixed.clone(),
    });
    p.software.push(word.clone());
    p.dpo_notes = mixed.clone();
    p.security.description = mixed.clone();
    p.public_register = true;
    bundle.processings.push(p);

    let pdf = render(&bundle, &full(), "long.pdf");
    assert!(pdf.pages >= 6, "{} pages", pdf.pages);
    pdf.assert_has("Traitement au nom interminable Anticonstitutionnellement");
    pdf.assert_has("œuvre collective à 12 €");
    pdf.assert_has(&format!("Page {} / {}", pdf.pages, pdf.pages));
    // the long word is cut between characters, nothing lost
    let letters = pdf.text.matches("Anticonstitutionnellement").count();
    assert!(letters > 50, "{letters}");

    let pdf = render(&bundle, &public(), "long-public.pdf");
    pdf.assert_has("version publique");
    pdf.assert_lacks("Mesures de sécurité");
}

#[test]
fn options_read_from_the_window() {
    let o: RegisterPdfOptions = serde_json::from_str(r#"{"generated_on": "2026-11-23"}"#).unwrap();
    assert_eq!(o, RegisterPdfOptions { version_label: String::new(), ..full() });
    let o: RegisterPdfOptions = serde_json::from_str(
        r#"{"public": true, "include_archived": true, "generated_on": "2026-11-23", "version_label": "v2"}"#,
    )
    .unwrap();
    assert!(o.public && o.include_archived && o.version_label == "v2");
    assert!(serde_json::from_str::<RegisterPdfOptions>(r#"{"generated_on": "23/11/2026"}"#).is_err());
    assert!(serde_json::from_str::<RegisterPdfOptions>(r#"{"public": true}"#).is_err());
}
