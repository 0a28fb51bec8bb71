//! The register of processing activities as a PDF (Art. 30 GDPR), in French: the document
//! a DPO hands to the CNIL or to a client, and its « version publique » for public bodies.
//!
//! Full version: a cover (who keeps the register, DPO, date, counts), a summary table, one
//! sheet per processing with every field in the order of Art. 30(1) and then the CNIL
//! template's additions, and the processor register (Art. 30(2)) when there is one. An
//! empty field prints « Non renseigné » and an empty list « Aucun » so that the reader sees
//! what is missing rather than a blank.
//!
//! Public version: a public body's register is an administrative document anyone may ask
//! for, except what would endanger the security of its information systems. It keeps only
//! the entries marked for the public register (and in use), and leaves out the security
//! section, the software and supports, the names of the agents and of the providers'
//! contact persons, the documentation links of transfers and the DPO's notes.
//!
//! Written once through [`DocWriter`]: [`register_pdf`] lays it out with [`PdfDoc`] (the same
//! layer as the rescue kit), [`register_flow`] records it as a [`FlowDoc`] for DOCX and ODT.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::flow::{DocWriter, FlowDoc};
use super::pdf::{PdfDoc, PdfError, TextStyle, Weight};
use crate::model::{
    Art9Exception, Contact, ContactChannels, DataCategoryEntry, LegalBasis, Measure, OrganisationBundle, Person,
    PersonsConcerned, Processing, ProcessingRole, ProcessorActivity, Purpose, Recipient, Retention, SecurityMeasures,
    SensitiveData, ThirdParty, Transfer,
};

/// What to print. The window sends it as JSON:
/// `{"public": false, "include_archived": false, "generated_on": "2026-11-23",
///   "version_label": "Version du 23/11/2026"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPdfOptions {
    /// The « Registre public » version: only entries marked public and in use, without
    /// what could harm the security of the information systems.
    #[serde(default)]
    pub public: bool,
    /// Also print archived entries (marked « Archivé »); never in the public version.
    #[serde(default)]
    pub include_archived: bool,
    /// The date printed on the document (the caller passes today).
    pub generated_on: NaiveDate,
    /// Free label printed on the cover and in the footer, e.g. « Version du 23/11/2026 »;
    /// may be empty.
    #[serde(default)]
    pub version_label: String,
}

/// Printed for a field left empty, so that the gap shows.
const NOT_SET: &str = "Non renseigné";

/// Longest name kept in the footer and the PDF metadata (the footer line is cut to its
/// width anyway; this only bounds the work on absurdly long names).
const MAX_NAME_CHARS: usize = 150;

/// Longest text kept in a cell of the summary table; the sheet has the whole text.
const MAX_SUMMARY_CHARS: usize = 160;

const TITLE_FULL: &str = "Registre des activités de traitement";
const TITLE_PUBLIC: &str = "Registre des activités de traitement — version publique";

/// The register of `bundle`'s organisation as a PDF (A4, French).
pub fn register_pdf(bundle: &OrganisationBundle, opts: &RegisterPdfOptions) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDoc::new(&document_title(bundle, opts))?;
    write_register(&mut doc, bundle, opts)?;
    doc.finish()
}

/// The same register as a flow of blocks, to render as DOCX or ODT (or PDF again with
/// [`FlowDoc::to_pdf`]): same texts, same order, same public/full rules.
pub fn register_flow(bundle: &OrganisationBundle, opts: &RegisterPdfOptions) -> Result<FlowDoc, PdfError> {
    let mut doc = FlowDoc::new(&document_title(bundle, opts));
    write_register(&mut doc, bundle, opts)?;
    Ok(doc)
}

fn org_name(bundle: &OrganisationBundle) -> String {
    clip(non_empty(bundle.organisation.legal_name.trim()).unwrap_or("Organisme sans nom"), MAX_NAME_CHARS)
}

/// « Registre des activités de traitement — Boulangerie Martin » (file metadata).
fn document_title(bundle: &OrganisationBundle, opts: &RegisterPdfOptions) -> String {
    let title = if opts.public { TITLE_PUBLIC } else { TITLE_FULL };
    format!("{title} — {}", org_name(bundle))
}

/// The whole register (metadata and content) on `doc`.
fn write_register(
    doc: &mut dyn DocWriter,
    bundle: &OrganisationBundle,
    opts: &RegisterPdfOptions,
) -> Result<(), PdfError> {
    let ctx = Ctx::new(bundle, opts);
    let org_name = org_name(bundle);
    doc.set_author(&org_name);
    doc.set_subject(if opts.public {
        "Version publique du registre des activités de traitement (article 30 du RGPD)"
    } else {
        "Registre des activités de traitement (article 30 du RGPD)"
    });
    let mut footer = format!("{org_name} — {}", if opts.public { "Registre public" } else { TITLE_FULL });
    if let Some(label) = non_empty(opts.version_label.trim()) {
        footer.push_str(" — ");
        footer.push_str(&clip(label, MAX_NAME_CHARS));
    }
    doc.set_footer(&footer);

    cover(doc, &ctx)?;
    doc.page_break();
    summary(doc, &ctx)?;
    for (i, p) in ctx.processings.iter().enumerate() {
        doc.page_break();
        processing_sheet(doc, &ctx, i, p)?;
    }
    if !ctx.activities.is_empty() {
        doc.page_break();
        doc.heading("Registre des activités de sous-traitance", 1)?;
        doc.note("Article 30, paragraphe 2, du RGPD : traitements effectués pour le compte de clients")?;
        doc.paragraph(&format!(
            "L'organisme agit ici comme sous-traitant : il traite des données pour le compte d'autres \
             organismes, qui en restent responsables. {}.",
            count_fr(ctx.activities.len(), "activité est inscrite", "activités sont inscrites")
        ))?;
        for (i, a) in ctx.activities.iter().enumerate() {
            if i > 0 {
                doc.page_break();
            }
            processor_sheet(doc, &ctx, i, a)?;
        }
    }
    Ok(())
}

/// The bundle with the entries to print and lookups for the linked records.
struct Ctx<'a> {
    bundle: &'a OrganisationBundle,
    opts: &'a RegisterPdfOptions,
    processings: Vec<&'a Processing>,
    activities: Vec<&'a ProcessorActivity>,
    third_parties: HashMap<Uuid, &'a ThirdParty>,
    measures: HashMap<Uuid, &'a Measure>,
}

impl<'a> Ctx<'a> {
    fn new(bundle: &'a OrganisationBundle, opts: &'a RegisterPdfOptions) -> Self {
        let processings = bundle
            .processings
            .iter()
            .filter(
                |p| if opts.public { p.public_register && !p.archived } else { opts.include_archived || !p.archived },
            )
            .collect();
        // the processor register has no « public » flag: it stays out of the public version
        let activities = if opts.public {
            Vec::new()
        } else {
            bundle.processor_activities.iter().filter(|a| opts.include_archived || !a.archived).collect()
        };
        Ctx {
            bundle,
            opts,
            processings,
            activities,
            third_parties: bundle.third_parties.iter().map(|t| (t.id, t)).collect(),
            measures: bundle.measures.iter().map(|m| (m.id, m)).collect(),
        }
    }

    fn public(&self) -> bool {
        self.opts.public
    }

    fn third_party_name(&self, id: Uuid) -> String {
        match self.third_parties.get(&id) {
            Some(t) => or_not_set(&t.name),
            None => "Tiers introuvable dans le dossier (supprimé ?)".to_string(),
        }
    }
}

// ------------------------------------------------------------------------- cover

fn cover(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    let org = &ctx.bundle.organisation;
    let public = ctx.public();
    doc.heading(if public { TITLE_PUBLIC } else { TITLE_FULL }, 1)?;
    doc.note("Article 30 du règlement général sur la protection des données (RGPD)")?;
    doc.space(6.0);

    doc.heading("Organisme", 2)?;
    doc.key_value("Dénomination", &or_not_set(&org.legal_name))?;
    if let Some(t) = non_empty(org.trade_name.trim()) {
        doc.key_value("Nom commercial", t)?;
    }
    if let Some(f) = non_empty(org.legal_form.trim()) {
        doc.key_value("Forme juridique", f)?;
    }
    doc.key_value("SIREN", &opt_or_not_set(&org.siren))?;
    doc.key_value("SIRET du siège", &opt_or_not_set(&org.siret))?;
    doc.key_value("Adresse du siège", &or_not_set(&org.address.one_line()))?;
    doc.key_value("Téléphone", &opt_or_not_set(&org.phone))?;
    doc.key_value("Courriel", &opt_or_not_set(&org.email))?;
    if let Some(w) = org.website.as_deref().and_then(|w| non_empty(w.trim())) {
        doc.key_value("Site web", w)?;
    }

    doc.heading("Représentant légal", 2)?;
    let rep = &org.legal_representative;
    doc.key_value("Nom", &or_not_set(&person_name(rep)))?;
    doc.key_value("Fonction", &or_not_set(&rep.role))?;
    if !public {
        doc.key_value("Coordonnées", &or_not_set(&person_contact(rep)))?;
    }

    doc.heading("Délégué à la protection des données (DPO)", 2)?;
    let dpo = &org.dpo;
    if dpo.designated {
        doc.key_value("Nom", &or_not_set(&person_name(&dpo.person)))?;
        if let Some(kind) = dpo.kind {
            doc.key_value("Type", kind.label_fr())?;
        }
        if let Some(o) = non_empty(dpo.organisation_name.trim()) {
            doc.key_value("Organisme du DPO", o)?;
        }
        // the published channels first (Art. 37(7)); the full version falls back on the
        // private details when none is published
        let mut contact = channels_text(&dpo.public_contact);
        if contact.is_empty() && !public {
            contact = join_non_empty(&[person_contact(&dpo.person), contact_text(&dpo.private_contact)], "\n");
        }
        doc.key_value("Coordonnées", &or_not_set(&contact))?;
        if !public {
            if let Some(n) = non_empty(dpo.cnil_designation_number.trim()) {
                doc.key_value("N° de désignation CNIL", n)?;
            }
        }
    } else {
        doc.paragraph("Aucun DPO désigné.")?;
        if org.public_body && !public {
            doc.note("La désignation d'un DPO est obligatoire pour un organisme public (article 37 du RGPD).")?;
        }
    }

    if let Some(r) = &org.eu_representative {
        doc.heading("Représentant dans l'Union européenne", 2)?;
        doc.key_value("Nom", &or_not_set(&r.name))?;
        doc.key_value("Coordonnées", &or_not_set(&contact_text(&r.contact)))?;
    }

    doc.heading("Ce document", 2)?;
    doc.key_value("Édité le", &date_fr(ctx.opts.generated_on))?;
    if let Some(v) = non_empty(ctx.opts.version_label.trim()) {
        doc.key_value("Version", v)?;
    }
    let all = &ctx.bundle.processings;
    let in_use = all.iter().filter(|p| !p.archived).count();
    let archived = all.len() - in_use;
    if public {
        doc.key_value("Traitements au registre", &count_fr(in_use, "traitement en cours", "traitements en cours"))?;
        doc.key_value("Présentés ici", &count_fr(ctx.processings.len(), "traitement", "traitements"))?;
    } else {
        let mut text = count_fr(in_use, "traitement en cours", "traitements en cours");
        if archived > 0 {
            let what = count_fr(archived, "traitement archivé", "traitements archivés");
            if ctx.opts.include_archived {
                text.push_str(&format!(", et {what}, présenté{} pour mémoire", if archived > 1 { "s" } else { "" }));
            } else {
                text.push_str(&format!(" ({what} non repris)"));
            }
        }
        doc.key_value("Traitements", &text)?;
        if !ctx.activities.is_empty() {
            let n = count_fr(ctx.activities.len(), "activité menée", "activités menées");
            doc.key_value("Sous-traitance", &format!("{n} pour le compte de clients"))?;
        }
    }
    if !public && processor_only(ctx.bundle) {
        doc.space(4.0);
        doc.paragraph(
            "Cet organisme agit uniquement comme sous-traitant : il ne traite des données que pour le \
             compte de ses clients. Son registre est celui des activités de sous-traitance (article 30, \
             paragraphe 2, du RGPD).",
        )?;
    }

    if public {
        doc.space(6.0);
        doc.boxed(
            Some("Ce qui figure dans cette version publique"),
            "Le registre des activités de traitement d'un organisme public est un document administratif : \
             toute personne peut en demander la communication. En sont retirées les informations dont la \
             diffusion pourrait nuire à la sécurité des systèmes d'information ou qui relèvent de \
             l'organisation interne : les mesures de sécurité, les logiciels et supports utilisés, le nom \
             des agents chargés des traitements et des interlocuteurs chez les prestataires, les liens vers \
             la documentation des transferts et les observations du délégué à la protection des données.\n\
             Seuls les traitements en cours que l'organisme a choisi de publier sont présentés. Les \
             finalités, bases légales, personnes concernées, données, durées de conservation, \
             destinataires et transferts hors de l'Union européenne sont donnés en entier.",
            1.0,
        )?;
    }
    Ok(())
}

/// True when the organisation only acts as a processor: it has processor activities or
/// processings in the role of processor, and no processing as (joint) controller.
fn processor_only(bundle: &OrganisationBundle) -> bool {
    let in_use: Vec<&Processing> = bundle.processings.iter().filter(|p| !p.archived).collect();
    let as_processor = bundle.processor_activities.iter().any(|a| !a.archived)
        || in_use.iter().any(|p| p.role == ProcessingRole::Processor);
    as_processor && in_use.iter().all(|p| p.role == ProcessingRole::Processor)
}

// ------------------------------------------------------------------------- summary

fn summary(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    doc.heading("Liste des traitements", 1)?;
    if ctx.processings.is_empty() {
        doc.paragraph(if ctx.public() {
            "Aucun traitement n'est présenté dans cette version publique."
        } else {
            "Aucun traitement n'est inscrit au registre."
        })?;
        return Ok(());
    }
    doc.note("Chaque traitement a sa fiche détaillée dans les pages suivantes, dans le même ordre.")?;
    let rows: Vec<Vec<String>> = ctx
        .processings
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let main = p.main_purpose();
            let mut status = p.status.label_fr().to_string();
            if p.archived {
                status.push_str("\nArchivé");
            }
            vec![
                number(i, p),
                clip(&or_not_set(&p.name), MAX_SUMMARY_CHARS),
                main.map_or_else(|| NOT_SET.to_string(), |m| clip(&or_not_set(&m.description), MAX_SUMMARY_CHARS)),
                main.map_or_else(|| NOT_SET.to_string(), |m| basis_short(m.legal_basis)),
                status,
                sensitive_summary(p),
                p.next_review.map_or_else(|| NOT_SET.to_string(), date_fr),
            ]
        })
        .collect();
    doc.table(
        &["N°", "Traitement", "Finalité principale", "Base légale", "Statut", "Données sensibles", "Prochaine revue"],
        &rows,
        &[0.10, 0.19, 0.21, 0.14, 0.11, 0.12, 0.13],
    )
}

/// « Oui » with what makes the data sensitive (Art. 9, Art. 10, NIR), or « Non ».
fn sensitive_summary(p: &Processing) -> String {
    let mut why = Vec::new();
    if !p.sensitive_data.is_empty() {
        why.push("art. 9");
    }
    if p.criminal_data.is_some() {
        why.push("art. 10");
    }
    if p.nir_used {
        why.push("NIR");
    }
    if why.is_empty() {
        "Non".to_string()
    } else {
        format!("Oui\n({})", why.join(", "))
    }
}

/// The entry's number: its reference, or its rank in the document.
fn number(index: usize, p: &Processing) -> String {
    match non_empty(p.reference.trim()) {
        Some(r) => clip(r, 40),
        None => (index + 1).to_string(),
    }
}

// ------------------------------------------------------------------------- processing sheet

fn processing_sheet(doc: &mut dyn DocWriter, ctx: &Ctx<'_>, index: usize, p: &Processing) -> Result<(), PdfError> {
    let public = ctx.public();
    sheet_title(doc, &format!("Fiche n° {}", number(index, p)), &or_not_set(&p.name))?;
    if p.archived {
        doc.boxed(None, "Archivé : ce traitement n'est plus mis en œuvre ; sa fiche est conservée pour mémoire.", 1.0)?;
    }

    section(doc, "Identification du traitement", "art. 30.1.a")?;
    doc.key_value("Référence", &or_not_set(&p.reference))?;
    doc.key_value("Rôle de l'organisme", p.role.label_fr())?;
    doc.key_value("Service", &or_not_set(&p.department))?;
    if !public {
        doc.key_value("Gestionnaire", &or_not_set(&p.owner))?;
        doc.key_value("Logiciels et supports", &list_or_none(&p.software, "\n", "Aucun"))?;
    }
    doc.key_value("Traitement papier", yes_no(p.paper))?;
    doc.key_value("Grande échelle", yes_no(p.large_scale))?;
    if p.joint_controllers.is_empty() {
        doc.key_value("Responsables conjoints", "Aucun")?;
    } else {
        for (i, j) in p.joint_controllers.iter().enumerate() {
            let key = format!("Responsable conjoint {}", i + 1);
            let text = format!(
                "{}\nCoordonnées : {}\nRépartition des obligations : {}",
                or_not_set(&j.name),
                or_not_set(&contact_text(&j.contact)),
                or_not_set(&j.arrangement)
            );
            doc.key_value(&key, &text)?;
        }
    }

    section(doc, "Finalités", "art. 30.1.b")?;
    purposes(doc, &p.purposes)?;

    section(doc, "Personnes concernées", "art. 30.1.c")?;
    persons(doc, &p.persons_concerned)?;

    section(doc, "Catégories de données et durées de conservation", "art. 30.1.c et f")?;
    data_categories(doc, &p.data_categories)?;

    section(doc, "Données sensibles", "art. 9")?;
    sensitive(doc, &p.sensitive_data)?;

    section(doc, "Données relatives aux infractions et condamnations", "art. 10")?;
    match &p.criminal_data {
        None => doc.paragraph("Aucune")?,
        Some(c) => {
            doc.key_value("Données", &or_not_set(&c.description))?;
            doc.key_value("Fondement", &or_not_set(&c.legal_ground))?;
            doc.key_value("Conservation", &retention_text(c.retention.as_ref()))?;
        }
    }

    section(doc, "Numéro de sécurité sociale (NIR)", "")?;
    doc.key_value("NIR utilisé", yes_no(p.nir_used))?;
    if p.nir_used {
        doc.key_value("Justification", &or_not_set(&p.nir_justification))?;
    }

    section(doc, "Origine et collecte des données", "")?;
    let origins: Vec<&str> = p.data_origins.iter().map(|o| o.label_fr()).collect();
    doc.key_value("Origine", &list_or_none(&origins, "\n", NOT_SET))?;
    doc.key_value("Précisions sur l'origine", &or_not_set(&p.data_origin_details))?;
    let means: Vec<&str> = p.collection_means.iter().map(|m| m.label_fr()).collect();
    doc.key_value("Moyens de collecte", &list_or_none(&means, "\n", NOT_SET))?;
    doc.key_value("Précisions sur la collecte", &or_not_set(&p.collection_details))?;

    section(doc, "Droits des personnes", "art. 13 à 22")?;
    doc.key_value("Information des personnes", &or_not_set(&p.information_of_persons))?;
    doc.key_value("Exercice des droits", &or_not_set(&p.rights_exercise))?;
    doc.key_value("Décision entièrement automatisée", yes_no(p.automated_decision))?;
    if p.automated_decision {
        doc.key_value("Précisions sur la décision", &or_not_set(&p.automated_decision_details))?;
    }

    section(doc, "Destinataires", "art. 30.1.d")?;
    recipients(doc, ctx, &p.recipients)?;

    section(doc, "Transferts hors de l'Union européenne", "art. 30.1.e")?;
    transfers(doc, ctx, &p.transfers)?;

    if !public {
        section(doc, "Mesures de sécurité", "art. 30.1.g et 32")?;
        security(doc, ctx, &p.security)?;
    }

    section(doc, "Suivi de la fiche", "")?;
    let mut status = p.status.label_fr().to_string();
    if p.archived {
        status.push_str(" — Archivé");
    }
    doc.key_value("Statut", &status)?;
    if !public {
        doc.key_value("Observations du DPO", &or_not_set(&p.dpo_notes))?;
    }
    doc.key_value("Prochaine revue", &p.next_review.map_or_else(|| NOT_SET.to_string(), date_fr))?;
    doc.key_value("Fiche créée le", &date_fr(p.created_at.date_naive()))?;
    doc.key_value("Dernière mise à jour", &date_fr(p.updated_at.date_naive()))?;
    Ok(())
}

/// The top of a sheet: a small grey line (« Fiche n° 3 »), the name in large bold, a rule
/// (in the flow: the grey line, then the name as a level-2 heading).
fn sheet_title(doc: &mut dyn DocWriter, kicker: &str, name: &str) -> Result<(), PdfError> {
    match doc.pdf() {
        Some(pdf) => {
            pdf.text(kicker, TextStyle { space_after: 1.0, ..TextStyle::NOTE })?;
            pdf.text(name, TextStyle { size: 16.0, weight: Weight::Bold, grey: 0.0, space_after: 2.0 })?;
            pdf.rule();
            pdf.space(2.0);
        }
        // in a word processor the name is a heading (it shows in the navigation pane)
        None => {
            doc.note(kicker)?;
            doc.heading(name, 2)?;
        }
    }
    Ok(())
}

/// A section heading with the GDPR article it answers as a grey subtitle.
fn section(doc: &mut dyn DocWriter, title: &str, article: &str) -> Result<(), PdfError> {
    if article.is_empty() {
        doc.heading(title, 3)
    } else {
        doc.heading_with_subtitle(title, &format!("{article} RGPD"), 3)
    }
}

fn purposes(doc: &mut dyn DocWriter, purposes: &[Purpose]) -> Result<(), PdfError> {
    if purposes.is_empty() {
        return doc.paragraph("Aucune finalité renseignée");
    }
    // the main purpose first (the first one when none is marked), then the others in order
    let main = purposes.iter().position(|p| p.is_main).unwrap_or(0);
    let order = std::iter::once(main).chain((0..purposes.len()).filter(|&i| i != main));
    let rows: Vec<Vec<String>> = order
        .map(|i| {
            let p = &purposes[i];
            let kind = if i == main { "Finalité principale" } else { "Sous-finalité" };
            vec![
                format!("{kind}\n{}", or_not_set(&p.description)),
                basis_long(p.legal_basis),
                or_not_set(&p.justification),
            ]
        })
        .collect();
    doc.table(&["Finalité", "Base légale", "Justification"], &rows, &[0.38, 0.27, 0.35])
}

fn persons(doc: &mut dyn DocWriter, persons: &[PersonsConcerned]) -> Result<(), PdfError> {
    if persons.is_empty() {
        return doc.paragraph("Aucune catégorie de personnes renseignée");
    }
    let rows: Vec<Vec<String>> = persons
        .iter()
        .map(|p| {
            vec![
                p.category.label_fr().to_string(),
                or_not_set(&p.details),
                p.approximate_number.map_or_else(|| NOT_SET.to_string(), thousands),
                yes_no(p.vulnerable).to_string(),
            ]
        })
        .collect();
    doc.table(
        &["Catégorie", "Précisions", "Nombre approximatif", "Personnes vulnérables"],
        &rows,
        &[0.24, 0.46, 0.15, 0.15],
    )
}

fn data_categories(doc: &mut dyn DocWriter, entries: &[DataCategoryEntry]) -> Result<(), PdfError> {
    if entries.is_empty() {
        return doc.paragraph("Aucune catégorie de données renseignée");
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|d| {
            vec![
                d.category.label_fr().to_string(),
                or_not_set(&d.description),
                retention_text(d.retention.as_ref()),
                d.final_disposal.label_fr().to_string(),
            ]
        })
        .collect();
    doc.table(&["Catégorie", "Données", "Durée de conservation", "Sort final"], &rows, &[0.21, 0.29, 0.32, 0.18])
}

fn sensitive(doc: &mut dyn DocWriter, entries: &[SensitiveData]) -> Result<(), PdfError> {
    if entries.is_empty() {
        return doc.paragraph("Aucune");
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|s| {
            vec![
                s.category.label_fr().to_string(),
                s.exception.map_or_else(|| "Non déterminée".to_string(), exception_text),
                or_not_set(&s.description),
                retention_text(s.retention.as_ref()),
            ]
        })
        .collect();
    doc.table(&["Catégorie", "Exception (art. 9.2)", "Données", "Conservation"], &rows, &[0.2, 0.27, 0.28, 0.25])
}

fn recipients(doc: &mut dyn DocWriter, ctx: &Ctx<'_>, recipients: &[Recipient]) -> Result<(), PdfError> {
    if recipients.is_empty() {
        return doc.paragraph("Aucun");
    }
    let rows: Vec<Vec<String>> = recipients
        .iter()
        .map(|r| {
            let linked = match r.third_party {
                None => "—".to_string(),
                Some(id) => {
                    let mut text = ctx.third_party_name(id);
                    if let (false, Some(t)) = (ctx.public(), ctx.third_parties.get(&id)) {
                        if let Some(c) = t.contract_status {
                            text.push_str(&format!("\nContrat : {}", c.label_fr()));
                        }
                        if let Some(n) = non_empty(&person_name(&t.contact)) {
                            text.push_str(&format!("\nInterlocuteur : {n}"));
                        }
                    }
                    text
                }
            };
            vec![r.kind.label_fr().to_string(), or_not_set(&r.label), linked, or_not_set(&r.details)]
        })
        .collect();
    doc.table(&["Type", "Destinataire", "Tiers lié", "Précisions"], &rows, &[0.22, 0.24, 0.24, 0.30])
}

fn transfers(doc: &mut dyn DocWriter, ctx: &Ctx<'_>, transfers: &[Transfer]) -> Result<(), PdfError> {
    if transfers.is_empty() {
        return doc.paragraph("Aucun");
    }
    let row = |t: &Transfer| {
        let mut cells = vec![
            or_not_set(&t.recipient),
            country_text(&t.country),
            t.safeguard.map_or_else(|| NOT_SET.to_string(), |s| s.label_fr().to_string()),
        ];
        if !ctx.public() {
            cells.push(or_not_set(&t.documentation));
        }
        cells
    };
    let rows: Vec<Vec<String>> = transfers.iter().map(row).collect();
    if ctx.public() {
        doc.table(&["Destinataire", "Pays", "Garantie"], &rows, &[0.4, 0.25, 0.35])
    } else {
        doc.table(&["Destinataire", "Pays", "Garantie", "Documentation"], &rows, &[0.27, 0.18, 0.27, 0.28])
    }
}

fn security(doc: &mut dyn DocWriter, ctx: &Ctx<'_>, s: &SecurityMeasures) -> Result<(), PdfError> {
    doc.key_value("Description", &or_not_set(&s.description))?;
    let categories: Vec<&str> = s.categories.iter().map(|c| c.label_fr()).collect();
    doc.key_value("Catégories de mesures", &list_or_none(&categories, "\n", "Aucune"))?;
    let measures: Vec<String> = s
        .measures
        .iter()
        .map(|id| match ctx.measures.get(id) {
            Some(m) => format!("{} ({})", or_not_set(&m.title), m.status.label_fr().to_lowercase()),
            None => "Mesure introuvable dans le dossier (supprimée ?)".to_string(),
        })
        .collect();
    doc.key_value("Mesures liées", &list_or_none(&measures, "\n", "Aucune"))
}

// ------------------------------------------------------------------------- processor register

fn processor_sheet(
    doc: &mut dyn DocWriter,
    ctx: &Ctx<'_>,
    index: usize,
    a: &ProcessorActivity,
) -> Result<(), PdfError> {
    let number = match non_empty(a.reference.trim()) {
        Some(r) => clip(r, 40),
        None => format!("ST-{}", index + 1),
    };
    sheet_title(doc, &format!("Activité de sous-traitance n° {number}"), &or_not_set(&a.name))?;
    if a.archived {
        doc.boxed(None, "Archivée : cette activité n'est plus menée ; sa fiche est conservée pour mémoire.", 1.0)?;
    }
    doc.key_value("Référence", &or_not_set(&a.reference))?;
    doc.key_value("Catégories de traitements effectués", &or_not_set(&a.description))?;

    section(doc, "Clients (responsables de traitement)", "art. 30.2.a et b")?;
    if a.clients.is_empty() {
        doc.paragraph("Aucun")?;
    } else {
        let rows: Vec<Vec<String>> = a
            .clients
            .iter()
            .map(|c| {
                let mut name = or_not_set(&c.name);
                if let Some(id) = c.third_party {
                    let linked = ctx.third_party_name(id);
                    if linked != name {
                        name.push_str(&format!("\n(tiers lié : {linked})"));
                    }
                }
                vec![name, or_not_set(&contact_text(&c.contact)), or_not_set(&c.operations)]
            })
            .collect();
        doc.table(&["Client", "Coordonnées", "Opérations effectuées"], &rows, &[0.28, 0.32, 0.40])?;
    }

    section(doc, "Sous-traitants ultérieurs", "art. 28.2 et 28.4")?;
    let subs: Vec<String> = a.sub_processors.iter().map(|&id| ctx.third_party_name(id)).collect();
    doc.key_value("Sous-traitants", &list_or_none(&subs, "\n", "Aucun"))?;
    doc.key_value("Précisions", &or_not_set(&a.sub_processors_details))?;

    section(doc, "Transferts hors de l'Union européenne", "art. 30.2.c")?;
    transfers(doc, ctx, &a.transfers)?;

    section(doc, "Mesures de sécurité", "art. 30.2.d et 32")?;
    security(doc, ctx, &a.security)?;

    section(doc, "Suivi de la fiche", "")?;
    doc.key_value("Notes", &or_not_set(&a.notes))?;
    doc.key_value("Fiche créée le", &date_fr(a.created_at.date_naive()))?;
    doc.key_value("Dernière mise à jour", &date_fr(a.updated_at.date_naive()))?;
    Ok(())
}

// ------------------------------------------------------------------------- texts

fn non_empty(s: &str) -> Option<&str> {
    if s.trim().is_empty() {
        None
    } else {
        Some(s)
    }
}

fn or_not_set(s: &str) -> String {
    non_empty(s.trim()).unwrap_or(NOT_SET).to_string()
}

fn opt_or_not_set(s: &Option<String>) -> String {
    s.as_deref().map_or_else(|| NOT_SET.to_string(), or_not_set)
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "Oui"
    } else {
        "Non"
    }
}

/// The non-blank items joined by `sep`, or `none` when there is none.
fn list_or_none<S: AsRef<str>>(items: &[S], sep: &str, none: &str) -> String {
    let kept: Vec<&str> = items.iter().map(|s| s.as_ref().trim()).filter(|s| !s.is_empty()).collect();
    if kept.is_empty() {
        none.to_string()
    } else {
        kept.join(sep)
    }
}

fn join_non_empty(parts: &[String], sep: &str) -> String {
    list_or_none(parts, sep, "")
}

/// `text` cut to `max` characters, with « … » when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

/// 23/11/2026.
fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// 12 500, with a no-break space between groups of three digits.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// « Aucun traitement », « 1 traitement », « 12 traitements ».
fn count_fr(n: usize, singular: &str, plural: &str) -> String {
    match n {
        0 => {
            let first = singular.split(' ').next().unwrap_or(singular);
            let feminine = first.ends_with("ité") || first.ends_with("ion") || first.ends_with("ure");
            format!("{} {singular}", if feminine { "Aucune" } else { "Aucun" })
        }
        1 => format!("1 {singular}"),
        n => format!("{} {plural}", thousands(n as u64)),
    }
}

/// « Respect d'une obligation légale (art. 6(1)(c) RGPD) ».
fn basis_long(b: LegalBasis) -> String {
    match b.article() {
        "" => b.label_fr().to_string(),
        art => format!("{} (art. {art} RGPD)", b.label_fr()),
    }
}

/// The basis's usual short name and its article, for the summary's narrow column:
/// « Obligation légale » then « art. 6(1)(c) ».
fn basis_short(b: LegalBasis) -> String {
    let name = match b {
        LegalBasis::Consent => "Consentement",
        LegalBasis::Contract => "Contrat",
        LegalBasis::LegalObligation => "Obligation légale",
        LegalBasis::VitalInterests => "Intérêts vitaux",
        LegalBasis::PublicTask => "Mission d'intérêt public",
        LegalBasis::LegitimateInterests => "Intérêt légitime",
        LegalBasis::ToDetermine => return b.label_fr().to_string(),
    };
    format!("{name}\nart. {}", b.article())
}

fn exception_text(e: Art9Exception) -> String {
    format!("{} (art. {} RGPD)", e.label_fr(), e.article())
}

/// « 5 ans à compter du versement » and, on the next line, its source.
fn retention_text(r: Option<&Retention>) -> String {
    match r {
        None => NOT_SET.to_string(),
        Some(r) => match non_empty(r.legal_source().trim()) {
            None => r.to_french(),
            Some(src) => format!("{}\nSource : {src}", r.to_french()),
        },
    }
}

/// `Madame Sophie Lambert`, or empty.
fn person_name(p: &Person) -> String {
    let name = p.full_name();
    match (p.civility, name.is_empty()) {
        (_, true) => String::new(),
        (Some(c), false) => format!("{} {name}", c.label_fr()),
        (None, false) => name,
    }
}

/// A person's e-mail and phone, one per line.
fn person_contact(p: &Person) -> String {
    let mut parts = Vec::new();
    if let Some(e) = p.email.as_deref().and_then(|e| non_empty(e.trim())) {
        parts.push(format!("Courriel : {e}"));
    }
    if let Some(t) = p.phone.as_deref().and_then(|t| non_empty(t.trim())) {
        parts.push(format!("Téléphone : {t}"));
    }
    parts.join("\n")
}

/// Address, e-mail and phone, one per line (empty when nothing is known).
fn contact_text(c: &Contact) -> String {
    let mut parts = Vec::new();
    if !c.address.is_empty() {
        parts.push(c.address.one_line());
    }
    if let Some(e) = c.email.as_deref().and_then(|e| non_empty(e.trim())) {
        parts.push(format!("Courriel : {e}"));
    }
    if let Some(t) = c.phone.as_deref().and_then(|t| non_empty(t.trim())) {
        parts.push(format!("Téléphone : {t}"));
    }
    parts.join("\n")
}

/// The DPO's published channels, one per line.
fn channels_text(c: &ContactChannels) -> String {
    let mut parts = Vec::new();
    let mut add = |label: &str, v: &Option<String>| {
        if let Some(v) = v.as_deref().and_then(|v| non_empty(v.trim())) {
            parts.push(format!("{label} : {v}"));
        }
    };
    add("Courriel", &c.email);
    add("Formulaire en ligne", &c.web_form_url);
    add("Téléphone", &c.phone);
    if !c.address.is_empty() {
        parts.push(format!("Adresse : {}", c.address.one_line()));
    }
    if let Some(o) = non_empty(c.other.trim()) {
        parts.push(o.to_string());
    }
    parts.join("\n")
}

/// « États-Unis (US) »; an unknown code is printed as given, an empty one as not set.
fn country_text(code: &str) -> String {
    let code = code.trim();
    if code.is_empty() {
        return NOT_SET.to_string();
    }
    let upper = code.to_ascii_uppercase();
    match COUNTRIES.binary_search_by(|(c, _)| c.cmp(&upper.as_str())) {
        Ok(i) => format!("{} ({upper})", COUNTRIES[i].1),
        Err(_) => code.to_string(),
    }
}

/// French names of the countries most often met in transfers (ISO 3166-1 alpha-2, sorted
/// by code): the EU/EEA, the countries with an adequacy decision, and the usual hosting
/// and outsourcing destinations. Other codes are printed as they are.
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorre"),
    ("AE", "Émirats arabes unis"),
    ("AR", "Argentine"),
    ("AT", "Autriche"),
    ("AU", "Australie"),
    ("BE", "Belgique"),
    ("BG", "Bulgarie"),
    ("BR", "Brésil"),
    ("CA", "Canada"),
    ("CH", "Suisse"),
    ("CI", "Côte d'Ivoire"),
    ("CL", "Chili"),
    ("CM", "Cameroun"),
    ("CN", "Chine"),
    ("CO", "Colombie"),
    ("CY", "Chypre"),
    ("CZ", "Tchéquie"),
    ("DE", "Allemagne"),
    ("DK", "Danemark"),
    ("DZ", "Algérie"),
    ("EE", "Estonie"),
    ("EG", "Égypte"),
    ("ES", "Espagne"),
    ("FI", "Finlande"),
    ("FO", "Îles Féroé"),
    ("FR", "France"),
    ("GB", "Royaume-Uni"),
    ("GG", "Guernesey"),
    ("GR", "Grèce"),
    ("HK", "Hong Kong"),
    ("HR", "Croatie"),
    ("HU", "Hongrie"),
    ("ID", "Indonésie"),
    ("IE", "Irlande"),
    ("IL", "Israël"),
    ("IM", "Île de Man"),
    ("IN", "Inde"),
    ("IS", "Islande"),
    ("IT", "Italie"),
    ("JE", "Jersey"),
    ("JP", "Japon"),
    ("KR", "Corée du Sud"),
    ("LI", "Liechtenstein"),
    ("LT", "Lituanie"),
    ("LU", "Luxembourg"),
    ("LV", "Lettonie"),
    ("MA", "Maroc"),
    ("MC", "Monaco"),
    ("MG", "Madagascar"),
    ("MT", "Malte"),
    ("MU", "Maurice"),
    ("MX", "Mexique"),
    ("MY", "Malaisie"),
    ("NL", "Pays-Bas"),
    ("NO", "Norvège"),
    ("NZ", "Nouvelle-Zélande"),
    ("PH", "Philippines"),
    ("PL", "Pologne"),
    ("PT", "Portugal"),
    ("RO", "Roumanie"),
    ("RS", "Serbie"),
    ("RU", "Russie"),
    ("SA", "Arabie saoudite"),
    ("SE", "Suède"),
    ("SG", "Singapour"),
    ("SI", "Slovénie"),
    ("SK", "Slovaquie"),
    ("SN", "Sénégal"),
    ("TH", "Thaïlande"),
    ("TN", "Tunisie"),
    ("TR", "Turquie"),
    ("TW", "Taïwan"),
    ("UA", "Ukraine"),
    ("US", "États-Unis"),
    ("UY", "Uruguay"),
    ("VN", "Viêt Nam"),
    ("ZA", "Afrique du Sud"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Organisation, TimeUnit};

    #[test]
    fn countries_are_sorted_and_named() {
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0), "COUNTRIES must stay sorted by code");
        assert_eq!(country_text("us"), "États-Unis (US)");
        assert_eq!(country_text("IN"), "Inde (IN)");
        assert_eq!(country_text("ZZ"), "ZZ");
        assert_eq!(country_text(" "), NOT_SET);
    }

    #[test]
    fn small_texts() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_500), "12\u{a0}500");
        assert_eq!(thousands(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(count_fr(0, "traitement", "traitements"), "Aucun traitement");
        assert_eq!(count_fr(0, "activité", "activités"), "Aucune activité");
        assert_eq!(count_fr(1, "traitement", "traitements"), "1 traitement");
        assert_eq!(count_fr(1000, "traitement", "traitements"), "1\u{a0}000 traitements");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("éèà", 2), "éè…");
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()), "04/03/2026");
        assert_eq!(basis_long(LegalBasis::LegalObligation), "Respect d'une obligation légale (art. 6(1)(c) RGPD)");
        assert_eq!(basis_long(LegalBasis::ToDetermine), "À déterminer");
        assert_eq!(or_not_set("  "), NOT_SET);
        assert_eq!(list_or_none(&["", " a ", "b"], "; ", "Aucun"), "a; b");
        assert_eq!(list_or_none::<&str>(&[], "; ", "Aucun"), "Aucun");
        let r = Retention::Duration {
            amount: 5,
            unit: TimeUnit::Years,
            starting_point: "à compter du versement".into(),
            legal_source: "C. trav. L.3243-4".into(),
        };
        assert_eq!(retention_text(Some(&r)), "5 ans à compter du versement\nSource : C. trav. L.3243-4");
        assert_eq!(retention_text(None), NOT_SET);
    }

    #[test]
    fn processor_only_needs_a_processor_part_and_no_controller_part() {
        let mut b = OrganisationBundle::new(Organisation::new("Hébergeur"));
        assert!(!processor_only(&b), "an empty organisation is not a processor");
        b.processor_activities.push(ProcessorActivity::new("Hébergement"));
        assert!(processor_only(&b));
        b.processings.push(Processing::new("Paie"));
        assert!(!processor_only(&b));
        b.processings[0].archived = true;
        assert!(processor_only(&b));
        b.processor_activities.clear();
        let mut p = Processing::new("Paie pour le compte de clients");
        p.role = ProcessingRole::Processor;
        b.processings.push(p);
        assert!(processor_only(&b));
    }
}
