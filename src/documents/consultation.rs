//! The prior consultation pack « Dossier de consultation préalable » (Art. 36 GDPR): what
//! an organisation sends to the CNIL when an AIPD leaves a risk high after its measures.
//!
//! Greffier never goes online: [`consultation_pack`] writes the three files the user then
//! attaches on the CNIL's online service, and [`consultation_missing`] says beforehand what
//! the dossier still lacks for them.
//!
//! 1. « 1 - Lettre de saisine (art. 36).pdf »: a cover document answering Art. 36(3)
//!    (a)–(f) in that order, from the dossier only; anything missing reads « À compléter ».
//! 2. « 2 - AIPD.pdf »: the AIPD report ([`aipd_pdf`]).
//! 3. « 3 - Liste de vérification.pdf »: what to prepare before using the online service,
//!    with the dossier's own checks ticked or not. Accepted formats and size limits are not
//!    known (reference §4.3): the list says to check them on the service.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::aipd_pdf::{aipd_pdf, AipdPdfError};
use super::flow::{DocWriter, FlowDoc, ParaStyle};
use super::pdf::{PdfDoc, PdfError, TextStyle};
use crate::aipd::risk::{high_residual_risks, risk_label, HighRiskRule, PRIOR_CONSULTATION_FR};
use crate::model::{
    Aipd, AipdStatus, ContractStatus, Level, OrganisationBundle, PartRef, Person, PostalAddress, Processing,
    RecipientKind, Risk, ThirdPartyKind,
};

/// File name of the cover document.
pub const COVER_FILE: &str = "1 - Lettre de saisine (art. 36).pdf";
/// File name of the AIPD report.
pub const AIPD_FILE: &str = "2 - AIPD.pdf";
/// File name of the checklist.
pub const CHECKLIST_FILE: &str = "3 - Liste de vérification.pdf";

/// Printed for anything the dossier does not hold yet.
pub const TO_COMPLETE: &str = "À compléter";

/// Something the pack needs and the dossier lacks, with where to fill it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub label_fr: String,
    pub label_en: String,
    /// Where to fill it in, in the app's French words (« Organisme › Délégué »).
    pub where_fr: String,
}

/// Why the pack could not be made. French through `Display`.
#[derive(Debug, thiserror::Error)]
pub enum ConsultationError {
    #[error(
        "Cette analyse d'impact (AIPD) est introuvable dans l'organisme ({0}) : elle a peut-être été supprimée. \
         Choisissez-en une dans la liste des AIPD."
    )]
    NotFound(Uuid),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl From<AipdPdfError> for ConsultationError {
    fn from(e: AipdPdfError) -> Self {
        match e {
            AipdPdfError::NotFound(id) | AipdPdfError::ProcessingNotFound(id) => ConsultationError::NotFound(id),
            AipdPdfError::Pdf(p) => ConsultationError::Pdf(p),
        }
    }
}

impl ConsultationError {
    /// Stable code for the window.
    pub fn code(&self) -> &'static str {
        match self {
            ConsultationError::NotFound(_) => "aipd_not_found",
            ConsultationError::Pdf(e) => e.code(),
        }
    }

    pub fn message_fr(&self) -> String {
        match self {
            ConsultationError::NotFound(_) => self.to_string(),
            ConsultationError::Pdf(e) => format!(
                "{}. Réessayez ; si cela se reproduit, exportez le dossier en JSON et signalez le problème.",
                e.to_string().trim_end_matches('.')
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            ConsultationError::NotFound(id) => format!(
                "This impact assessment (DPIA) is not in the organisation ({id}): it may have been deleted. Pick one \
                 from the list of DPIAs."
            ),
            ConsultationError::Pdf(e) => format!(
                "{}. Try again; if it happens again, export the dossier to JSON and report the problem.",
                e.message_en().trim_end_matches('.')
            ),
        }
    }
}

// ------------------------------------------------------------------------- checks

/// One check of the pack: done or not.
struct Check {
    label_fr: String,
    label_en: String,
    where_fr: String,
    ok: bool,
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn none(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(blank)
}

fn find(bundle: &OrganisationBundle, aipd_id: Uuid) -> Result<&Aipd, ConsultationError> {
    bundle.aipds.iter().find(|a| a.id == aipd_id).ok_or(ConsultationError::NotFound(aipd_id))
}

fn covered<'a>(bundle: &'a OrganisationBundle, a: &Aipd) -> Vec<&'a Processing> {
    a.processings.iter().filter_map(|id| bundle.processings.iter().find(|p| p.id == *id)).collect()
}

fn dpo_reachable(bundle: &OrganisationBundle) -> bool {
    let d = &bundle.organisation.dpo;
    d.designated
        && !(none(&d.person.email)
            && none(&d.person.phone)
            && none(&d.private_contact.email)
            && none(&d.private_contact.phone)
            && d.public_contact.is_empty())
}

/// A processor recipient of a processing: its name and whether its contract is known.
struct ProcessorInfo {
    name: String,
    contract_fr: Option<String>,
}

fn processors(bundle: &OrganisationBundle, p: &Processing) -> Vec<ProcessorInfo> {
    let mut out = Vec::new();
    for r in &p.recipients {
        let tp = r.third_party.and_then(|id| bundle.third_parties.iter().find(|t| t.id == id));
        let is_processor =
            r.kind == RecipientKind::Processor || tp.is_some_and(|t| t.kind == Some(ThirdPartyKind::Processor));
        if !is_processor {
            continue;
        }
        let name = match tp {
            Some(t) if !blank(&t.name) => t.name.trim().to_string(),
            _ if !blank(&r.label) => r.label.trim().to_string(),
            _ => "Sous-traitant sans nom".to_string(),
        };
        let contract_fr = tp.and_then(|t| match t.contract_status {
            Some(ContractStatus::Art28Signed) => Some(match t.contract_date {
                Some(d) => format!("{} le {}", ContractStatus::Art28Signed.label_fr(), date_fr(d)),
                None => ContractStatus::Art28Signed.label_fr().to_string(),
            }),
            _ => None,
        });
        out.push(ProcessorInfo { name, contract_fr });
    }
    out
}

fn checks(bundle: &OrganisationBundle, a: &Aipd) -> Vec<Check> {
    let mut out = Vec::new();
    let mut check = |ok: bool, fr: String, en: String, where_fr: &str| {
        out.push(Check { label_fr: fr, label_en: en, where_fr: where_fr.to_string(), ok })
    };
    let rule = HighRiskRule::default();
    check(
        a.status == AipdStatus::Validated,
        "AIPD validée par le responsable de traitement".to_string(),
        "DPIA validated by the controller".to_string(),
        "AIPD › Validation",
    );
    check(
        !high_residual_risks(a, &rule).is_empty(),
        "Au moins un risque résiduel élevé (sinon la consultation préalable n'est pas requise)".to_string(),
        "At least one high residual risk (otherwise no prior consultation is required)".to_string(),
        "AIPD › Risques",
    );
    let unrated = a.risks.iter().filter(|r| !r.final_estimate().is_rated()).count();
    check(
        unrated == 0,
        "Tous les risques estimés (gravité et vraisemblance)".to_string(),
        "Every risk estimated (severity and likelihood)".to_string(),
        "AIPD › Risques",
    );
    check(
        !a.measures.is_empty(),
        "Mesures existantes ou prévues décrites dans l'AIPD".to_string(),
        "Existing or planned measures described in the DPIA".to_string(),
        "AIPD › Mesures",
    );
    let org = &bundle.organisation;
    check(
        !none(&org.siren),
        "Numéro SIREN de l'organisme".to_string(),
        "SIREN number of the organisation".to_string(),
        "Organisme › Identité",
    );
    check(
        !blank(&org.legal_representative.last_name),
        "Représentant légal (signataire de la lettre)".to_string(),
        "Legal representative (signs the letter)".to_string(),
        "Organisme › Représentant légal",
    );
    check(
        dpo_reachable(bundle),
        "Coordonnées du délégué à la protection des données (art. 36(3)(d))".to_string(),
        "Contact details of the data protection officer (Art. 36(3)(d))".to_string(),
        "Organisme › Délégué à la protection des données",
    );
    let procs = covered(bundle, a);
    check(
        !procs.is_empty(),
        "Traitement du registre couvert par l'AIPD".to_string(),
        "Register processing covered by the DPIA".to_string(),
        "AIPD › Traitements concernés",
    );
    for p in &procs {
        let name = p.name.trim();
        check(
            p.purposes.iter().any(|f| !blank(&f.description)),
            format!("Finalités du traitement « {name} »"),
            format!("Purposes of the processing \"{name}\""),
            "Registre › Finalités",
        );
        for s in processors(bundle, p) {
            check(
                s.contract_fr.is_some(),
                format!("Contrat de sous-traitance (art. 28) avec « {} » ({name})", s.name),
                format!("Processor contract (Art. 28) with \"{}\" ({name})", s.name),
                "Tiers › Contrat de sous-traitance",
            );
        }
    }
    out
}

/// What the prior consultation pack of the AIPD `aipd_id` needs and the dossier lacks, in
/// the order of the checklist. An unknown AIPD is itself the one thing missing.
pub fn consultation_missing(bundle: &OrganisationBundle, aipd_id: Uuid) -> Vec<Missing> {
    let Ok(a) = find(bundle, aipd_id) else {
        return vec![Missing {
            label_fr: "Analyse d'impact (AIPD) introuvable dans l'organisme".to_string(),
            label_en: "Impact assessment (DPIA) not found in the organisation".to_string(),
            where_fr: "AIPD".to_string(),
        }];
    };
    checks(bundle, a)
        .into_iter()
        .filter(|c| !c.ok)
        .map(|c| Missing { label_fr: c.label_fr, label_en: c.label_en, where_fr: c.where_fr })
        .collect()
}

// ------------------------------------------------------------------------- the pack

/// The files of the prior consultation pack of the AIPD `aipd_id`, named and in order:
/// the cover letter, the AIPD report, the checklist. `today` is the date printed on them.
pub fn consultation_pack(
    bundle: &OrganisationBundle,
    aipd_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<(String, Vec<u8>)>, ConsultationError> {
    let a = find(bundle, aipd_id)?;
    let cover = cover_pdf(bundle, a, today)?;
    let report = aipd_pdf(bundle, aipd_id, today)?;
    let list = checklist_pdf(bundle, a, today)?;
    Ok(vec![(COVER_FILE.to_string(), cover), (AIPD_FILE.to_string(), report), (CHECKLIST_FILE.to_string(), list)])
}

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn or_complete(s: &str) -> String {
    if blank(s) {
        TO_COMPLETE.to_string()
    } else {
        s.trim().to_string()
    }
}

fn org_name(bundle: &OrganisationBundle) -> String {
    let n = bundle.organisation.legal_name.trim();
    if n.is_empty() {
        "Organisme sans nom".to_string()
    } else {
        n.to_string()
    }
}

fn address(a: &PostalAddress) -> String {
    if a.is_empty() {
        TO_COMPLETE.to_string()
    } else {
        a.one_line()
    }
}

fn person(p: &Person) -> String {
    let mut parts = Vec::new();
    let name = p.full_name();
    if !blank(&name) {
        parts.push(name.trim().to_string());
    }
    if !blank(&p.role) {
        parts.push(p.role.trim().to_string());
    }
    for v in [&p.email, &p.phone].into_iter().flatten() {
        if !blank(v) {
            parts.push(v.trim().to_string());
        }
    }
    if parts.is_empty() {
        TO_COMPLETE.to_string()
    } else {
        parts.join(" — ")
    }
}

fn risk_title(r: &Risk) -> String {
    match (r.title.trim(), r.event) {
        ("", Some(e)) => e.label_fr().to_string(),
        ("", None) => "Risque sans intitulé".to_string(),
        (t, _) => t.to_string(),
    }
}

/// Title of the cover document's file metadata (before the organisation's name).
const COVER_TITLE: &str = "Consultation préalable de la CNIL";

/// A document's title, subject and footer.
fn doc_meta(bundle: &OrganisationBundle, a: &Aipd, title: &str) -> (String, String, String) {
    let org = org_name(bundle);
    (
        format!("{title} — {org}"),
        "Consultation préalable de la CNIL (article 36 du RGPD)".to_string(),
        format!("{org} — consultation préalable, AIPD « {} » v{}", or_complete(&a.title), a.version),
    )
}

fn new_doc(bundle: &OrganisationBundle, a: &Aipd, title: &str) -> Result<PdfDoc, PdfError> {
    let (title, subject, footer) = doc_meta(bundle, a, title);
    let mut doc = PdfDoc::new(&title)?;
    doc.set_author(&org_name(bundle));
    doc.set_subject(&subject);
    doc.set_footer(&footer);
    Ok(doc)
}

/// The (a)–(f) headings of the cover document, in the order of Art. 36(3).
pub const COVER_HEADINGS: [&str; 6] = [
    "(a) Responsabilités respectives du responsable de traitement, des responsables conjoints et des sous-traitants",
    "(b) Finalités et moyens du traitement",
    "(c) Mesures et garanties prévues pour protéger les droits des personnes",
    "(d) Coordonnées du délégué à la protection des données",
    "(e) Analyse d'impact relative à la protection des données",
    "(f) Autres informations",
];

fn cover_pdf(bundle: &OrganisationBundle, a: &Aipd, today: NaiveDate) -> Result<Vec<u8>, PdfError> {
    let mut doc = new_doc(bundle, a, COVER_TITLE)?;
    cover_write(&mut doc, bundle, a, today)?;
    doc.finish()
}

/// The cover letter answering Art. 36(3) (a)–(f) of the AIPD `aipd_id` as a [`FlowDoc`], so
/// that it can also be produced as DOCX or ODT and edited before it is signed. `today` is the
/// date printed on it.
pub fn cover_letter_flow(
    bundle: &OrganisationBundle,
    aipd_id: Uuid,
    today: NaiveDate,
) -> Result<FlowDoc, ConsultationError> {
    let a = find(bundle, aipd_id)?;
    let (title, subject, footer) = doc_meta(bundle, a, COVER_TITLE);
    let mut doc = FlowDoc::new(&title);
    doc.subject = subject;
    doc.author = org_name(bundle);
    doc.footer = footer;
    cover_write(&mut doc, bundle, a, today)?;
    Ok(doc)
}

/// A line in bold, or a subsection title (the editable formats get a heading for it).
fn text(doc: &mut dyn DocWriter, t: &str, style: TextStyle) -> Result<(), PdfError> {
    if let Some(pdf) = doc.pdf() {
        return pdf.text(t, style);
    }
    if style.size >= TextStyle::H3.size {
        doc.heading(t, 3)
    } else {
        doc.styled(t, ParaStyle::Strong)
    }
}

fn cover_write(
    doc: &mut dyn DocWriter,
    bundle: &OrganisationBundle,
    a: &Aipd,
    today: NaiveDate,
) -> Result<(), PdfError> {
    let org = &bundle.organisation;
    doc.heading("Demande de consultation préalable de la CNIL", 1)?;
    doc.note("Article 36 du règlement général sur la protection des données (RGPD) — document d'accompagnement")?;
    doc.space(4.0);

    doc.key_value("Organisme", &org_name(bundle))?;
    doc.key_value("SIREN", &or_complete(org.siren.as_deref().unwrap_or("")))?;
    doc.key_value("Adresse", &address(&org.address))?;
    doc.key_value("Représentant légal", &person(&org.legal_representative))?;
    doc.key_value("Contact pour la CNIL", &person(&org.cnil_contact))?;
    doc.key_value("Analyse d'impact", &format!("« {} », version {}", or_complete(&a.title), a.version))?;
    doc.key_value("Date", &date_fr(today))?;
    doc.space(4.0);
    doc.paragraph(
        "Nous sollicitons la consultation préalable de la CNIL pour le traitement décrit ci-dessous : l'analyse \
         d'impact jointe conclut qu'au moins un risque pour les personnes reste élevé malgré les mesures prévues. \
         Les rubriques suivent l'ordre de l'article 36, paragraphe 3, du RGPD.",
    )?;

    let procs = covered(bundle, a);

    // (a) responsibilities
    doc.heading(COVER_HEADINGS[0], 2)?;
    doc.key_value("Responsable de traitement", &org_name(bundle))?;
    let mut joint = Vec::new();
    let mut procs_rows = Vec::new();
    let mut others = Vec::new();
    for p in &procs {
        for j in &p.joint_controllers {
            let arrangement = if blank(&j.arrangement) { TO_COMPLETE } else { j.arrangement.trim() };
            joint.push(format!("{} — répartition des rôles : {arrangement}", or_complete(&j.name)));
        }
        for s in processors(bundle, p) {
            procs_rows.push(vec![
                s.name,
                p.name.trim().to_string(),
                s.contract_fr.unwrap_or_else(|| TO_COMPLETE.to_string()),
            ]);
        }
        for r in &p.recipients {
            let tp = r.third_party.and_then(|id| bundle.third_parties.iter().find(|t| t.id == id));
            if r.kind == RecipientKind::Processor || tp.is_some_and(|t| t.kind == Some(ThirdPartyKind::Processor)) {
                continue;
            }
            let name = tp.map(|t| t.name.trim()).filter(|n| !n.is_empty()).unwrap_or(r.label.trim());
            others.push(format!("{} : {}", r.kind.label_fr(), or_complete(name)));
        }
    }
    doc.key_value(
        "Responsables conjoints",
        &if joint.is_empty() { "Aucun dans le registre".to_string() } else { joint.join("\n") },
    )?;
    if procs_rows.is_empty() {
        doc.key_value("Sous-traitants", "Aucun dans le registre")?;
    } else {
        text(doc, "Sous-traitants", TextStyle::STRONG)?;
        doc.table(&["Sous-traitant", "Traitement", "Contrat (art. 28)"], &procs_rows, &[0.35, 0.35, 0.30])?;
    }
    doc.key_value(
        "Autres destinataires",
        &if others.is_empty() { "Aucun dans le registre".to_string() } else { others.join("\n") },
    )?;

    // (b) purposes and means
    doc.heading(COVER_HEADINGS[1], 2)?;
    if procs.is_empty() {
        doc.key_value("Traitement", TO_COMPLETE)?;
    }
    for p in &procs {
        text(doc, &format!("Traitement « {} »", or_complete(&p.name)), TextStyle::H3)?;
        let purposes: Vec<String> = p
            .purposes
            .iter()
            .filter(|f| !blank(&f.description))
            .map(|f| {
                let art = f.legal_basis.article();
                let basis = if art.is_empty() {
                    f.legal_basis.label_fr().to_string()
                } else {
                    format!("{} (art. {art})", f.legal_basis.label_fr())
                };
                format!("{} — base légale : {basis}", f.description.trim())
            })
            .collect();
        doc.key_value("Finalités", &if purposes.is_empty() { TO_COMPLETE.to_string() } else { purposes.join("\n") })?;
        let mut means: Vec<String> = p.software.iter().filter(|s| !blank(s)).map(|s| s.trim().to_string()).collect();
        if p.paper {
            means.push("Supports papier".to_string());
        }
        doc.key_value(
            "Moyens (logiciels, supports)",
            &if means.is_empty() { TO_COMPLETE.to_string() } else { means.join("\n") },
        )?;
    }

    // (c) measures and safeguards
    doc.heading(COVER_HEADINGS[2], 2)?;
    if a.measures.is_empty() {
        doc.key_value("Mesures", TO_COMPLETE)?;
    } else {
        let rows: Vec<Vec<String>> = a
            .measures
            .iter()
            .map(|m| vec![or_complete(&m.title), m.phase.label_fr().to_string(), or_complete(&m.description)])
            .collect();
        doc.table(&["Mesure", "État", "Description"], &rows, &[0.3, 0.15, 0.55])?;
    }
    if a.actions.is_empty() {
        doc.key_value("Actions correctives", "Aucune")?;
    } else {
        text(doc, "Actions correctives", TextStyle::STRONG)?;
        let rows: Vec<Vec<String>> = a
            .actions
            .iter()
            .map(|c| {
                let part = match &c.part {
                    PartRef::Risk { id } => a
                        .risks
                        .iter()
                        .find(|r| r.id == *id)
                        .map_or(String::new(), |r| format!(" (risque {})", risk_label(a, r))),
                    _ => String::new(),
                };
                vec![
                    format!("{}{part}", or_complete(&c.title)),
                    or_complete(&c.owner),
                    c.due_date.map_or(TO_COMPLETE.to_string(), date_fr),
                    c.status.label_fr().to_string(),
                ]
            })
            .collect();
        doc.table(&["Action", "Responsable", "Échéance", "État"], &rows, &[0.45, 0.22, 0.16, 0.17])?;
    }

    // (d) DPO
    doc.heading(COVER_HEADINGS[3], 2)?;
    let d = &org.dpo;
    if !d.designated {
        doc.key_value("Délégué", &format!("{TO_COMPLETE} (aucun délégué désigné dans le dossier)"))?;
    } else {
        doc.key_value("Nom", &or_complete(&d.person.full_name()))?;
        if !blank(&d.organisation_name) {
            doc.key_value("Organisme du délégué", d.organisation_name.trim())?;
        }
        let email = [&d.private_contact.email, &d.person.email, &d.public_contact.email]
            .into_iter()
            .flatten()
            .find(|s| !blank(s))
            .map_or(TO_COMPLETE.to_string(), |s| s.trim().to_string());
        let phone = [&d.private_contact.phone, &d.person.phone, &d.public_contact.phone]
            .into_iter()
            .flatten()
            .find(|s| !blank(s))
            .map_or(TO_COMPLETE.to_string(), |s| s.trim().to_string());
        doc.key_value("Courriel", &email)?;
        doc.key_value("Téléphone", &phone)?;
        let addr =
            if d.private_contact.address.is_empty() { &d.public_contact.address } else { &d.private_contact.address };
        doc.key_value("Adresse", &address(addr))?;
        if !blank(&d.cnil_designation_number) {
            doc.key_value("Désignation CNIL", d.cnil_designation_number.trim())?;
        }
    }

    // (e) the AIPD
    doc.heading(COVER_HEADINGS[4], 2)?;
    let status = match &a.validation {
        Some(v) => format!("{} le {} par {}", a.status.label_fr(), date_fr(v.validated_on), or_complete(&v.validator)),
        None => format!("{} — {TO_COMPLETE} : l'analyse n'est pas encore validée", a.status.label_fr()),
    };
    doc.paragraph(&format!(
        "Le rapport complet de l'analyse d'impact est joint : fichier « {AIPD_FILE} » (« {} », version {}).",
        or_complete(&a.title),
        a.version
    ))?;
    doc.key_value("Statut", &status)?;

    // (f) other information
    doc.heading(COVER_HEADINGS[5], 2)?;
    let rule = HighRiskRule::default();
    let high = high_residual_risks(a, &rule);
    if high.is_empty() {
        doc.boxed(
            Some("Aucun risque résiduel élevé"),
            "Selon la règle retenue, aucun risque ne reste élevé : la consultation préalable de la CNIL n'est pas \
             requise pour cette analyse. Vérifiez les estimations avant d'envoyer ce dossier.",
            1.5,
        )?;
    } else {
        text(doc, "Risques restés élevés après les mesures", TextStyle::STRONG)?;
        let rows: Vec<Vec<String>> = high
            .iter()
            .map(|r| {
                let e = r.final_estimate();
                let why: Vec<&str> = [e.severity_justification.trim(), e.likelihood_justification.trim()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
                vec![
                    format!("{} « {} »", risk_label(a, r), risk_title(r)),
                    e.severity.map_or(TO_COMPLETE, Level::label_fr).to_string(),
                    e.likelihood.map_or(TO_COMPLETE, Level::label_fr).to_string(),
                    if why.is_empty() { TO_COMPLETE.to_string() } else { why.join("\n") },
                ]
            })
            .collect();
        doc.table(
            &["Risque", "Gravité", "Vraisemblance", "Pourquoi il reste élevé"],
            &rows,
            &[0.28, 0.14, 0.19, 0.39],
        )?;
    }
    doc.note(&rule.text_fr())?;
    if !high.is_empty() {
        doc.paragraph(PRIOR_CONSULTATION_FR)?;
    }
    doc.paragraph(
        "Délai de réponse : la CNIL répond par écrit dans les huit semaines suivant la réception de la demande ; ce \
         délai peut être prolongé de six semaines si le traitement est complexe, et il est suspendu tant que des \
         informations demandées n'ont pas été fournies. Le traitement ne commence pas avant cette réponse.",
    )?;
    doc.space(10.0);
    doc.key_value("Fait le", &date_fr(today))?;
    doc.key_value("Signature", &person(&org.legal_representative))?;
    Ok(())
}

fn checklist_pdf(bundle: &OrganisationBundle, a: &Aipd, today: NaiveDate) -> Result<Vec<u8>, PdfError> {
    let mut doc = new_doc(bundle, a, "Liste de vérification — consultation préalable")?;
    doc.heading("Liste de vérification avant l'envoi à la CNIL", 1)?;
    doc.note(&format!(
        "Consultation préalable (article 36 du RGPD) — AIPD « {} », version {} — {} — établie le {}",
        or_complete(&a.title),
        a.version,
        org_name(bundle),
        date_fr(today)
    ))?;
    doc.space(4.0);

    let all = checks(bundle, a);
    let missing = all.iter().filter(|c| !c.ok).count();
    doc.boxed(
        Some("Où en est le dossier"),
        &if missing == 0 {
            "Le dossier contient tout ce que Greffier sait vérifier pour cette consultation.".to_string()
        } else {
            format!("{missing} point(s) à compléter dans Greffier avant l'envoi (cases non cochées ci-dessous).")
        },
        1.0,
    )?;

    doc.heading("1. Ce que Greffier vérifie dans le dossier", 2)?;
    for c in &all {
        let mark = if c.ok { "☑" } else { "☐" };
        let text = if c.ok { c.label_fr.clone() } else { format!("{} — à compléter : {}", c.label_fr, c.where_fr) };
        doc.list_item(mark, &text)?;
    }

    doc.heading("2. À préparer avant d'ouvrir le téléservice", 2)?;
    for t in [
        format!("Relire les trois fichiers de ce dossier : « {COVER_FILE} », « {AIPD_FILE} », « {CHECKLIST_FILE} »."),
        "Faire signer la lettre de saisine par le représentant légal (ou une personne ayant délégation).".to_string(),
        "Formats de fichier acceptés et taille maximale : à vérifier sur le téléservice. Le PDF est le choix le plus \
         sûr ; si la taille est limitée, envoyer les fichiers séparément."
            .to_string(),
        "Avoir sous la main l'identité et les coordonnées de la personne qui dépose la demande et suivra l'échange \
         avec la CNIL."
            .to_string(),
        "Joindre, si vous les avez, les documents qui appuient les mesures (contrats de sous-traitance, politique \
         de sécurité, avis du délégué) : la CNIL peut les demander."
            .to_string(),
        "Noter la date d'envoi et garder l'accusé de réception : la réponse est attendue sous huit semaines, \
         prolongeables de six."
            .to_string(),
        "Ne pas commencer le traitement avant la réponse de la CNIL.".to_string(),
    ] {
        doc.list_item("☐", &t)?;
    }
    doc.space(4.0);
    doc.note(
        "Greffier ne se connecte pas au téléservice de la CNIL : il prépare les fichiers, que vous déposez \
         vous-même. Les intitulés exacts du formulaire en ligne ne sont pas repris ici.",
    )?;
    doc.finish()
}
