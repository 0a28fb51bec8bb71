//! The information notice « Mentions d'information » of one processing (Arts. 13 and 14
//! GDPR), written from its register entry in plain French, to paste on a form, a website or
//! a poster: a short first layer of five lines, then the full notice.
//!
//! Art. 13 applies when the data are collected from the person, Art. 14 when they come
//! from elsewhere (a third party, a public source); an entry with both gets both sets of
//! items. The facts (items, the plain meaning of each legal basis, the rights) are in
//! `assets/documents/notice.json`, each with its source. Anything the register does not hold
//! prints « À compléter » and is listed by [`notice_missing`].
//!
//! This module also holds the small helpers the other hand-over documents share
//! (undertaking, processor checklist, annual report).

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::flow::{DocWriter, FlowDoc};
use super::pdf::PdfError;
use super::Missing;
use crate::model::{
    DataOrigin, LegalBasis, Organisation, OrganisationBundle, PostalAddress, Processing, RecipientKind, ThirdParty,
};
use crate::register::adequacy;

/// Printed for anything the dossier does not hold yet.
pub const TO_COMPLETE: &str = "À compléter";

/// How many recipients the first layer names before « et N autres ».
const FIRST_LAYER_RECIPIENTS: usize = 3;

const NOTICE_JSON: &str = include_str!("../../assets/documents/notice.json");

// ------------------------------------------------------------------------- shared helpers

pub(crate) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

pub(crate) fn none(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(blank)
}

pub(crate) fn or_complete(s: &str) -> String {
    if blank(s) {
        TO_COMPLETE.to_string()
    } else {
        s.trim().to_string()
    }
}

/// 23/11/2026.
pub(crate) fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(crate) fn missing(
    label_fr: impl Into<String>,
    label_en: impl Into<String>,
    where_fr: impl Into<String>,
) -> Missing {
    Missing { label_fr: label_fr.into(), label_en: label_en.into(), where_fr: where_fr.into() }
}

/// The organisation's legal name, or a placeholder.
pub(crate) fn org_name(org: &Organisation) -> String {
    match org.legal_name.trim() {
        "" => "Organisme sans nom".to_string(),
        n => n.to_string(),
    }
}

pub(crate) fn address_or_complete(a: &PostalAddress) -> String {
    if a.is_empty() {
        TO_COMPLETE.to_string()
    } else {
        a.one_line()
    }
}

/// The organisation's e-mail and phone on one line, or « À compléter ».
pub(crate) fn org_contact(org: &Organisation) -> String {
    let parts: Vec<String> =
        [&org.email, &org.phone].into_iter().flatten().filter(|s| !blank(s)).map(|s| s.trim().to_string()).collect();
    if parts.is_empty() {
        TO_COMPLETE.to_string()
    } else {
        parts.join(" — ")
    }
}

/// The organisation's profile gaps a document needs: address, a contact, the legal
/// representative (when `representative`).
pub(crate) fn org_missing(org: &Organisation, representative: bool) -> Vec<Missing> {
    let mut out = Vec::new();
    if org.address.is_empty() {
        out.push(missing("Adresse de l'organisme", "Address of the organisation", "Organisme › Identité › Adresse"));
    }
    if none(&org.email) && none(&org.phone) {
        out.push(missing(
            "Courriel ou téléphone de l'organisme",
            "E-mail or phone of the organisation",
            "Organisme › Identité › Coordonnées",
        ));
    }
    if representative && blank(&org.legal_representative.last_name) {
        out.push(missing(
            "Représentant légal de l'organisme",
            "Legal representative of the organisation",
            "Organisme › Représentant légal",
        ));
    }
    out
}

/// A flow built by `f`; the writers of a [`FlowDoc`] only fail on a malformed table, which
/// the documents never write — if one did, the document says so instead of being lost.
pub(crate) fn build(title: &str, f: impl FnOnce(&mut FlowDoc) -> Result<(), PdfError>) -> FlowDoc {
    let mut d = FlowDoc::new(title);
    if let Err(e) = f(&mut d) {
        let _ =
            d.boxed(Some("Document incomplet"), &format!("Une partie du document n'a pas pu être écrite : {e}"), 1.5);
    }
    d
}

// ------------------------------------------------------------------------- the facts

#[derive(Debug, Default, Deserialize)]
struct NoticeFacts {
    #[serde(default)]
    #[allow(dead_code)]
    items: Vec<Item>,
    art14_timing: Option<Fact>,
    response_time: Option<Fact>,
    #[serde(default)]
    legal_bases: Vec<BasisFact>,
    #[serde(default)]
    rights: Vec<RightFact>,
    complaint: Option<Fact>,
}

/// One item Arts. 13–14 ask for (documentation of the notice's coverage; checked by tests).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Item {
    key: String,
    label_fr: String,
    #[allow(dead_code)]
    label_en: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
struct Fact {
    text_fr: String,
    #[allow(dead_code)]
    text_en: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
struct BasisFact {
    basis: LegalBasis,
    plain_fr: String,
    #[allow(dead_code)]
    plain_en: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
struct RightFact {
    key: String,
    when: String,
    text_fr: String,
    #[allow(dead_code)]
    text_en: String,
    #[allow(dead_code)]
    source: String,
}

/// The embedded facts, parsed once (empty if unreadable — the tests rule it out).
fn facts() -> &'static NoticeFacts {
    static F: OnceLock<NoticeFacts> = OnceLock::new();
    F.get_or_init(|| serde_json::from_str(NOTICE_JSON).unwrap_or_default())
}

fn fact_text(f: &Option<Fact>) -> String {
    f.as_ref().map_or(String::new(), |f| f.text_fr.clone())
}

/// The plain-French meaning of a legal basis (empty for « À déterminer »).
pub fn basis_plain_fr(b: LegalBasis) -> String {
    facts().legal_bases.iter().find(|f| f.basis == b).map_or(String::new(), |f| f.plain_fr.clone())
}

/// The keys of the rights a person has over a processing with these bases, in order:
/// access, rectification, erasure, restriction always; objection for (e)/(f); portability
/// for (a)/(b); withdrawal of consent for (a).
pub fn rights_for(bases: &[LegalBasis]) -> Vec<&'static str> {
    let has = |b: LegalBasis| bases.contains(&b);
    facts()
        .rights
        .iter()
        .filter(|r| match r.when.as_str() {
            "always" => true,
            "public_task_or_legitimate_interests" => {
                has(LegalBasis::PublicTask) || has(LegalBasis::LegitimateInterests)
            }
            "consent_or_contract" => has(LegalBasis::Consent) || has(LegalBasis::Contract),
            "consent" => has(LegalBasis::Consent),
            _ => false,
        })
        .map(|r| r.key.as_str())
        .collect()
}

fn right_text(key: &str) -> String {
    facts().rights.iter().find(|r| r.key == key).map_or(key.to_string(), |r| r.text_fr.clone())
}

// ------------------------------------------------------------------------- reading the entry

fn find(bundle: &OrganisationBundle, id: Uuid) -> Option<&Processing> {
    bundle.processings.iter().find(|p| p.id == id)
}

fn name_of(p: &Processing) -> String {
    match p.name.trim() {
        "" => "Traitement sans nom".to_string(),
        n => n.to_string(),
    }
}

fn where_reg(p: &Processing, step: &str) -> String {
    format!("Registre › {} › {step}", name_of(p))
}

/// The data are collected from the person (Art. 13): an origin « auprès de la personne »,
/// or no origin given.
fn art13(p: &Processing) -> bool {
    p.data_origins.is_empty() || p.data_origins.contains(&DataOrigin::DataSubject)
}

/// Some data come from elsewhere (Art. 14).
fn art14(p: &Processing) -> bool {
    p.data_origins.iter().any(|o| *o != DataOrigin::DataSubject)
}

fn bases(p: &Processing) -> Vec<LegalBasis> {
    let mut out: Vec<LegalBasis> = Vec::new();
    for f in &p.purposes {
        if !out.contains(&f.legal_basis) {
            out.push(f.legal_basis);
        }
    }
    out
}

fn dpo_public_lines(org: &Organisation) -> Vec<String> {
    let c = &org.dpo.public_contact;
    let mut out = Vec::new();
    if let Some(e) = c.email.as_deref().filter(|s| !blank(s)) {
        out.push(format!("Courriel : {}", e.trim()));
    }
    if let Some(u) = c.web_form_url.as_deref().filter(|s| !blank(s)) {
        out.push(format!("Formulaire : {}", u.trim()));
    }
    if let Some(t) = c.phone.as_deref().filter(|s| !blank(s)) {
        out.push(format!("Téléphone : {}", t.trim()));
    }
    if !c.address.is_empty() {
        out.push(format!("Courrier : {}", c.address.one_line()));
    }
    if !blank(&c.other) {
        out.push(c.other.trim().to_string());
    }
    out
}

/// Where to write to exercise one's rights: the entry's own text, else the DPO's published
/// e-mail, else the organisation's e-mail or address.
fn rights_contact(org: &Organisation, p: &Processing) -> String {
    if !blank(&p.rights_exercise) {
        return p.rights_exercise.trim().to_string();
    }
    if org.dpo.designated {
        if let Some(e) = org.dpo.public_contact.email.as_deref().filter(|s| !blank(s)) {
            return format!("en écrivant au délégué à la protection des données : {}", e.trim());
        }
    }
    if let Some(e) = org.email.as_deref().filter(|s| !blank(s)) {
        return format!("en écrivant à {}", e.trim());
    }
    if !org.address.is_empty() {
        return format!("par courrier : {}, {}", org_name(org), org.address.one_line());
    }
    TO_COMPLETE.to_string()
}

/// One address for the first layer: the DPO's published e-mail, else the organisation's
/// e-mail, phone or address.
fn short_contact(org: &Organisation) -> String {
    let dpo = org.dpo.public_contact.email.as_deref().filter(|s| org.dpo.designated && !blank(s));
    let own = [&org.email, &org.phone].into_iter().flatten().map(String::as_str).find(|s| !blank(s));
    match (dpo, own) {
        (Some(e), _) | (None, Some(e)) => e.trim().to_string(),
        (None, None) if !org.address.is_empty() => org.address.one_line(),
        (None, None) => TO_COMPLETE.to_string(),
    }
}

fn recipient_lines(bundle: &OrganisationBundle, p: &Processing) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &p.recipients {
        let tp: Option<&ThirdParty> = r.third_party.and_then(|id| bundle.third_parties.iter().find(|t| t.id == id));
        let who = tp.map(|t| t.name.trim()).filter(|n| !n.is_empty()).unwrap_or(r.label.trim());
        let line = match (r.kind, who) {
            (RecipientKind::InternalService, "") => "Services internes concernés".to_string(),
            (RecipientKind::InternalService, w) => format!("Service interne : {w}"),
            (RecipientKind::Processor, "") => "Prestataire travaillant pour notre compte".to_string(),
            (RecipientKind::Processor, w) => format!("{w} (prestataire travaillant pour notre compte)"),
            (k, "") => k.label_fr().to_string(),
            (k, w) => format!("{w} ({})", k.label_fr().to_lowercase()),
        };
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

/// Where the data come from (Art. 14(2)(f)): the origins and their details.
fn source_text(p: &Processing) -> String {
    let origins: Vec<&str> =
        p.data_origins.iter().filter(|o| **o != DataOrigin::DataSubject).map(|o| o.label_fr()).collect();
    let details = p.data_origin_details.trim();
    match (origins.is_empty(), details.is_empty()) {
        (true, true) => TO_COMPLETE.to_string(),
        (true, false) => details.to_string(),
        (false, true) => format!("{} — précisions : {TO_COMPLETE}", origins.join(", ")),
        (false, false) => format!("{} — {details}", origins.join(", ")),
    }
}

/// The basis of one purpose in words: label (article), its plain meaning, and the entry's
/// justification where the basis needs one.
fn basis_cell(basis: LegalBasis, justification: &str) -> String {
    let plain = basis_plain_fr(basis);
    let just = justification.trim();
    match basis {
        LegalBasis::ToDetermine => format!("{TO_COMPLETE} (base légale non choisie)"),
        LegalBasis::LegitimateInterests => {
            format!("{plain}\nNotre intérêt légitime : {}", if just.is_empty() { TO_COMPLETE } else { just })
        }
        LegalBasis::LegalObligation if !just.is_empty() => format!("{plain}\nTexte : {just}"),
        LegalBasis::PublicTask if !just.is_empty() => format!("{plain}\nMission : {just}"),
        _ if !just.is_empty() => format!("{plain}\n{just}"),
        _ => plain,
    }
}

fn basis_label(b: LegalBasis) -> String {
    match b.article() {
        "" => TO_COMPLETE.to_string(),
        a => format!("{} (art. {a})", b.label_fr()),
    }
}

fn retention_rows(p: &Processing) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for d in &p.data_categories {
        let what = if blank(&d.description) {
            d.category.label_fr().to_string()
        } else {
            format!("{} : {}", d.category.label_fr(), d.description.trim())
        };
        rows.push(vec![what, d.retention.as_ref().map_or(TO_COMPLETE.to_string(), |r| r.to_french())]);
    }
    for s in &p.sensitive_data {
        rows.push(vec![
            s.category.label_fr().to_string(),
            s.retention.as_ref().map_or(TO_COMPLETE.to_string(), |r| r.to_french()),
        ]);
    }
    if let Some(c) = &p.criminal_data {
        rows.push(vec![
            "Données relatives aux infractions".to_string(),
            c.retention.as_ref().map_or(TO_COMPLETE.to_string(), |r| r.to_french()),
        ]);
    }
    rows
}

/// « 5 ans à compter du versement du salaire » for the main data category, for the first layer.
fn main_retention(p: &Processing) -> String {
    let rows = retention_rows(p);
    match rows.first() {
        None => TO_COMPLETE.to_string(),
        Some(r) if rows.len() == 1 => r[1].clone(),
        Some(r) => format!("{} (selon les données : voir le détail)", r[1]),
    }
}

fn mandatory_text(p: &Processing) -> String {
    let b = bases(p);
    if !b.is_empty() && b.iter().all(|x| *x == LegalBasis::Consent) {
        return "Vous êtes libre de fournir ces données ou non.".to_string();
    }
    let mut parts = Vec::new();
    if b.contains(&LegalBasis::LegalObligation) {
        parts.push("Une partie des données est exigée par la loi.");
    }
    if b.contains(&LegalBasis::Contract) {
        parts.push("Une partie des données est nécessaire au contrat.");
    }
    parts.push("Ce qui se passe si vous ne les fournissez pas : À compléter.");
    parts.join(" ")
}

// ------------------------------------------------------------------------- missing

/// What the notice of the processing `processing_id` needs and the register lacks, in the
/// order of the notice. An unknown processing is itself the one thing missing.
pub fn notice_missing(bundle: &OrganisationBundle, processing_id: Uuid) -> Vec<Missing> {
    let Some(p) = find(bundle, processing_id) else {
        return vec![missing(
            "Traitement introuvable dans le registre",
            "Processing not found in the register",
            "Registre",
        )];
    };
    let org = &bundle.organisation;
    let mut out = org_missing(org, false);
    let d = &org.dpo;
    if d.designated && dpo_public_lines(org).is_empty() {
        out.push(missing(
            "Coordonnées publiques du délégué à la protection des données",
            "Public contact details of the data protection officer",
            "Organisme › Délégué à la protection des données › Coordonnées à publier",
        ));
    } else if !d.designated && org.public_body {
        out.push(missing(
            "Délégué à la protection des données (obligatoire pour un organisme public)",
            "Data protection officer (mandatory for a public body)",
            "Organisme › Délégué à la protection des données",
        ));
    }
    if !p.purposes.iter().any(|f| !blank(&f.description)) {
        out.push(missing(
            format!("Finalités du traitement « {} »", name_of(p)),
            format!("Purposes of the processing \"{}\"", name_of(p)),
            where_reg(p, "Finalités"),
        ));
    }
    for f in &p.purposes {
        let what = or_complete(&f.description);
        if f.legal_basis == LegalBasis::ToDetermine {
            out.push(missing(
                format!("Base légale de la finalité « {what} »"),
                format!("Legal basis of the purpose \"{what}\""),
                where_reg(p, "Finalités"),
            ));
        }
        if f.legal_basis == LegalBasis::LegitimateInterests && blank(&f.justification) {
            out.push(missing(
                format!("Intérêt légitime poursuivi pour « {what} »"),
                format!("Legitimate interest pursued for \"{what}\""),
                where_reg(p, "Finalités › Justification"),
            ));
        }
    }
    if art14(p) && p.data_categories.is_empty() && p.sensitive_data.is_empty() {
        out.push(missing(
            "Catégories de données (données non collectées auprès de la personne)",
            "Categories of data (data not obtained from the person)",
            where_reg(p, "Données et durées"),
        ));
    }
    if p.recipients.is_empty() {
        out.push(missing("Destinataires des données", "Recipients of the data", where_reg(p, "Destinataires")));
    }
    for t in &p.transfers {
        if t.safeguard.is_none() {
            let to = or_complete(&t.recipient);
            out.push(missing(
                format!("Garantie du transfert hors UE vers « {to} »"),
                format!("Safeguard of the transfer outside the EU to \"{to}\""),
                where_reg(p, "Transferts hors UE"),
            ));
        }
    }
    let rows = retention_rows(p);
    if rows.is_empty() || rows.iter().any(|r| r[1] == TO_COMPLETE) {
        out.push(missing(
            format!("Durées de conservation du traitement « {} »", name_of(p)),
            format!("Retention periods of the processing \"{}\"", name_of(p)),
            where_reg(p, "Durées de conservation"),
        ));
    }
    if rights_contact(org, p) == TO_COMPLETE {
        out.push(missing(
            "Moyen d'exercer ses droits (contact)",
            "How to exercise one's rights (contact)",
            where_reg(p, "Origine et droits › Exercice des droits"),
        ));
    }
    if art13(p) {
        out.push(missing(
            "Conséquences d'un refus de fournir les données",
            "Consequences of not providing the data",
            "Dans le document, avant diffusion (le registre n'a pas de rubrique pour cela)",
        ));
    }
    if art14(p) && blank(&p.data_origin_details) {
        out.push(missing(
            "Source précise des données (organisme ou fichier d'origine)",
            "Precise source of the data (originating body or file)",
            where_reg(p, "Origine et droits › Précisions sur l'origine"),
        ));
    }
    if p.automated_decision && blank(&p.automated_decision_details) {
        out.push(missing(
            "Description de la décision automatisée",
            "Description of the automated decision",
            where_reg(p, "Origine et droits › Décision automatisée"),
        ));
    }
    out
}

// ------------------------------------------------------------------------- the notice

/// The information notice of the processing `processing_id`, dated `today`; `None` when
/// the processing is not in the bundle.
pub fn information_notice(bundle: &OrganisationBundle, processing_id: Uuid, today: NaiveDate) -> Option<FlowDoc> {
    let p = find(bundle, processing_id)?;
    let org = &bundle.organisation;
    let name = name_of(p);
    Some(build(&format!("Information sur vos données — {name} — {}", org_name(org)), |d| {
        write_notice(d, bundle, p, today)
    }))
}

fn write_notice(
    d: &mut FlowDoc,
    bundle: &OrganisationBundle,
    p: &Processing,
    today: NaiveDate,
) -> Result<(), PdfError> {
    let org = &bundle.organisation;
    let name = name_of(p);
    let (a13, a14) = (art13(p), art14(p));
    let articles = match (a13, a14) {
        (true, true) => "articles 13 et 14",
        (false, true) => "article 14",
        _ => "article 13",
    };
    d.set_author(&org_name(org));
    d.set_subject(&format!("Mentions d'information ({articles} du RGPD) — {name}"));
    d.set_footer(&format!("{} — information sur le traitement « {name} »", org_name(org)));

    d.heading_with_subtitle(
        "Vos données personnelles : ce que nous en faisons",
        &format!("Information notice — GDPR {}", if a14 && a13 { "Articles 13 and 14" } else { articles_en(a14) }),
        1,
    )?;
    d.note(&format!(
        "Traitement « {name} » — {} — mentions d'information ({articles} du RGPD), établies le {} à partir du \
         registre. À relire avant de les diffuser.",
        org_name(org),
        date_fr(today)
    ))?;

    // the first layer
    let b = bases(p);
    let purpose = p
        .main_purpose()
        .map(|f| format!("{} — {}", or_complete(&f.description), basis_label(f.legal_basis)))
        .unwrap_or_else(|| TO_COMPLETE.to_string());
    let recipients = recipient_lines(bundle, p);
    let rights: Vec<String> = rights_for(&b)
        .iter()
        .map(|k| right_text(k).split(':').next().unwrap_or_default().trim().to_lowercase())
        .collect();
    d.heading_with_subtitle("L'essentiel", "In short — to print on a form or a poster", 2)?;
    d.key_value("Qui", &format!("{} — {}", org_name(org), org_contact(org)))?;
    d.key_value("Pourquoi", &purpose)?;
    let shown = match recipients.len() {
        0 => TO_COMPLETE.to_string(),
        n if n <= FIRST_LAYER_RECIPIENTS => recipients.join(" ; "),
        n => format!(
            "{} ; et {} autre(s) (voir le détail)",
            recipients[..FIRST_LAYER_RECIPIENTS].join(" ; "),
            n - FIRST_LAYER_RECIPIENTS
        ),
    };
    d.key_value("Destinataires", &shown)?;
    d.key_value("Durée", &main_retention(p))?;
    d.key_value(
        "Vos droits",
        &format!(
            "{} — contact : {} — réclamation possible auprès de la CNIL (www.cnil.fr). Détail ci-dessous.",
            rights.join(", "),
            short_contact(org)
        ),
    )?;

    // the full notice
    d.rule();
    d.heading("1. Qui est responsable de vos données", 2)?;
    d.key_value("Responsable", &org_name(org))?;
    d.key_value("Adresse", &address_or_complete(&org.address))?;
    d.key_value("Contact", &org_contact(org))?;
    if let Some(w) = org.website.as_deref().filter(|s| !blank(s)) {
        d.key_value("Site internet", w.trim())?;
    }
    if let Some(r) = &org.eu_representative {
        d.key_value("Représentant dans l'Union européenne", &or_complete(&r.name))?;
    }
    for j in &p.joint_controllers {
        d.key_value("Responsable conjoint", &or_complete(&j.name))?;
    }

    d.heading("2. Le délégué à la protection des données", 2)?;
    if org.dpo.designated {
        let lines = dpo_public_lines(org);
        d.key_value(
            "Délégué à la protection des données",
            &if lines.is_empty() { TO_COMPLETE.to_string() } else { lines.join("\n") },
        )?;
    } else if org.public_body {
        d.key_value(
            "Délégué à la protection des données",
            &format!("{TO_COMPLETE} (obligatoire pour un organisme public)"),
        )?;
    } else {
        d.paragraph("Nous n'avons pas désigné de délégué : écrivez-nous aux coordonnées ci-dessus.")?;
    }

    d.heading("3. Pourquoi nous utilisons vos données", 2)?;
    let rows: Vec<Vec<String>> = p
        .purposes
        .iter()
        .map(|f| {
            vec![or_complete(&f.description), basis_label(f.legal_basis), basis_cell(f.legal_basis, &f.justification)]
        })
        .collect();
    if rows.is_empty() {
        d.key_value("Finalités", TO_COMPLETE)?;
    } else {
        d.table(&["Pourquoi", "Base légale", "Ce que cela veut dire"], &rows, &[0.32, 0.23, 0.45])?;
    }

    let mut n = 3;
    if a14 {
        n += 1;
        d.heading(&format!("{n}. Les données que nous avons reçues et leur provenance"), 2)?;
        let cats: Vec<String> = p
            .data_categories
            .iter()
            .map(|c| c.category.label_fr().to_string())
            .chain(p.sensitive_data.iter().map(|s| s.category.label_fr().to_string()))
            .collect();
        d.key_value("Catégories de données", &if cats.is_empty() { TO_COMPLETE.to_string() } else { cats.join(", ") })?;
        d.key_value("Provenance", &source_text(p))?;
        d.note(&fact_text(&facts().art14_timing))?;
    }

    n += 1;
    d.heading(&format!("{n}. Qui reçoit vos données"), 2)?;
    if recipients.is_empty() {
        d.key_value("Destinataires", TO_COMPLETE)?;
    } else {
        for r in &recipients {
            d.bullet(r)?;
        }
    }

    n += 1;
    d.heading(&format!("{n}. Envoi de données hors de l'Union européenne"), 2)?;
    if p.transfers.is_empty() {
        d.paragraph("Vos données ne sont pas envoyées hors de l'Union européenne.")?;
    } else {
        let rows: Vec<Vec<String>> = p
            .transfers
            .iter()
            .map(|t| {
                let country =
                    adequacy::country(&t.country).map(|c| c.name_fr.clone()).unwrap_or_else(|| or_complete(&t.country));
                vec![
                    or_complete(&t.recipient),
                    country,
                    t.safeguard.map_or(TO_COMPLETE.to_string(), |s| s.label_fr().to_string()),
                ]
            })
            .collect();
        d.table(&["Destinataire", "Pays", "Garantie"], &rows, &[0.35, 0.25, 0.4])?;
        d.paragraph("Vous pouvez obtenir une copie de ces garanties en nous écrivant.")?;
    }

    n += 1;
    d.heading(&format!("{n}. Combien de temps nous gardons vos données"), 2)?;
    let rows = retention_rows(p);
    if rows.is_empty() {
        d.key_value("Durée de conservation", TO_COMPLETE)?;
    } else {
        d.table(&["Données", "Durée de conservation"], &rows, &[0.55, 0.45])?;
    }

    n += 1;
    d.heading(&format!("{n}. Vos droits"), 2)?;
    d.paragraph("Pour ce traitement, vous pouvez exercer les droits suivants :")?;
    for k in rights_for(&b) {
        d.bullet(&right_text(k))?;
    }
    d.key_value("Comment les exercer", &rights_contact(org, p))?;
    d.paragraph(&fact_text(&facts().response_time))?;
    d.paragraph(&fact_text(&facts().complaint))?;

    if a13 {
        n += 1;
        d.heading(&format!("{n}. Devez-vous nous donner ces données ?"), 2)?;
        d.paragraph(&mandatory_text(p))?;
    }

    n += 1;
    d.heading(&format!("{n}. Décision automatisée"), 2)?;
    if p.automated_decision {
        d.paragraph(&format!(
            "Une décision vous concernant est prise par un traitement automatique : {}. Vous pouvez demander \
             qu'une personne la réexamine, donner votre point de vue et la contester.",
            or_complete(&p.automated_decision_details)
        ))?;
    } else {
        d.paragraph("Aucune décision vous concernant n'est prise par un traitement entièrement automatique.")?;
    }
    Ok(())
}

fn articles_en(a14: bool) -> &'static str {
    if a14 {
        "Article 14"
    } else {
        "Article 13"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_parse_and_cover_every_basis_and_right() {
        let f: NoticeFacts = serde_json::from_str(NOTICE_JSON).expect("notice.json");
        for b in LegalBasis::ALL.iter().filter(|b| **b != LegalBasis::ToDetermine) {
            assert!(f.legal_bases.iter().any(|x| x.basis == *b && !x.plain_fr.is_empty()), "{b:?}");
        }
        assert_eq!(f.rights.len(), 7);
        assert!(f.items.len() >= 13 && f.items.iter().all(|i| i.source.starts_with("RGPD") && !i.label_en.is_empty()));
        assert!(f.legal_bases.iter().all(|x| !x.source.is_empty()));
        assert!(f.rights.iter().all(|x| !x.source.is_empty()));
    }

    #[test]
    fn rights_follow_the_bases() {
        assert!(!rights_for(&[LegalBasis::LegalObligation]).contains(&"objection"));
        assert!(rights_for(&[LegalBasis::PublicTask]).contains(&"objection"));
        assert!(rights_for(&[LegalBasis::Contract]).contains(&"portability"));
        assert!(!rights_for(&[LegalBasis::Contract]).contains(&"withdraw"));
        assert_eq!(rights_for(&[LegalBasis::Consent]).last(), Some(&"withdraw"));
    }
}
