//! The processor contract checklist « Liste de vérification du contrat de sous-traitance »
//! for one third party acting as processor: each clause Art. 28(3) GDPR asks for, (a) to
//! (h), plus the sub-processors (28(2) and (4)), the guarantees (28(1)) and security
//! (Art. 32), each with a box to tick when the contract has it, what it means in plain
//! words and what to look for; the header gives the third party, its contract status and
//! date from the dossier, and the processings that use it.
//!
//! The clauses come from `assets/documents/processor_clauses.json`, each with its source.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::flow::{DocWriter, FlowDoc};
use super::notice::{address_or_complete, blank, build, date_fr, missing, none, or_complete, org_name, TO_COMPLETE};
use super::pdf::PdfError;
use super::Missing;
use crate::model::{ContractStatus, OrganisationBundle, Person, Processing, RecipientKind, ThirdParty, ThirdPartyKind};
use crate::register::{adequacy, query::fold};

const CLAUSES_JSON: &str = include_str!("../../assets/documents/processor_clauses.json");

/// One clause to look for in a processor contract.
#[derive(Clone, Debug, Deserialize)]
pub struct Clause {
    /// `a` … `h` for Art. 28(3)(a)–(h); `subject`, `guarantees` for the others.
    pub key: String,
    /// GDPR reference, e.g. `28(3)(a)`.
    pub article: String,
    pub title_fr: String,
    pub title_en: String,
    pub meaning_fr: String,
    pub meaning_en: String,
    pub look_for_fr: String,
    pub look_for_en: String,
    pub source: String,
}

#[derive(Debug, Default, Deserialize)]
struct Clauses {
    #[serde(default)]
    clauses: Vec<Clause>,
}

/// The clauses, in the order of the checklist.
pub fn clauses() -> &'static [Clause] {
    static C: OnceLock<Clauses> = OnceLock::new();
    &C.get_or_init(|| serde_json::from_str(CLAUSES_JSON).unwrap_or_default()).clauses
}

/// A processing that sends data to `t` as a processor (a recipient of kind « Sous-traitant »
/// linked to it, or any recipient linked to a third party of kind « Sous-traitant »).
fn uses_as_processor(p: &Processing, t: &ThirdParty) -> bool {
    p.recipients.iter().any(|r| {
        r.third_party == Some(t.id) && (r.kind == RecipientKind::Processor || t.kind == Some(ThirdPartyKind::Processor))
    })
}

fn is_candidate(bundle: &OrganisationBundle, t: &ThirdParty) -> bool {
    t.kind == Some(ThirdPartyKind::Processor)
        || bundle
            .processings
            .iter()
            .any(|p| p.recipients.iter().any(|r| r.third_party == Some(t.id) && r.kind == RecipientKind::Processor))
}

/// The third parties the checklist is offered for (processors, or any third party named as
/// recipient that is a processor per the model), sorted by name.
pub fn processor_candidates(bundle: &OrganisationBundle) -> Vec<&ThirdParty> {
    let mut out: Vec<&ThirdParty> = bundle.third_parties.iter().filter(|t| is_candidate(bundle, t)).collect();
    out.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then_with(|| a.name.cmp(&b.name)));
    out
}

fn find(bundle: &OrganisationBundle, id: Uuid) -> Option<&ThirdParty> {
    bundle.third_parties.iter().find(|t| t.id == id).filter(|t| is_candidate(bundle, t))
}

fn tp_name(t: &ThirdParty) -> String {
    match t.name.trim() {
        "" => "Sous-traitant sans nom".to_string(),
        n => n.to_string(),
    }
}

fn where_tp(t: &ThirdParty, part: &str) -> String {
    format!("Tiers › {} › {part}", tp_name(t))
}

fn person_line(p: &Person) -> String {
    let mut parts = Vec::new();
    let n = p.full_name();
    if !blank(&n) {
        parts.push(n);
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

/// What the checklist of the third party `third_party_id` needs and the dossier lacks. An
/// unknown third party (or one that is not a processor) is itself the one thing missing.
pub fn processor_checklist_missing(bundle: &OrganisationBundle, third_party_id: Uuid) -> Vec<Missing> {
    let Some(t) = find(bundle, third_party_id) else {
        return vec![missing(
            "Sous-traitant introuvable dans les tiers de l'organisme",
            "Processor not found among the organisation's third parties",
            "Tiers",
        )];
    };
    let mut out = Vec::new();
    match t.contract_status {
        None => out.push(missing(
            "État du contrat de sous-traitance (art. 28)",
            "State of the processor contract (Art. 28)",
            where_tp(t, "Contrat de sous-traitance"),
        )),
        Some(ContractStatus::NoContract) => out.push(missing(
            "Contrat de sous-traitance (art. 28) à signer",
            "Processor contract (Art. 28) to sign",
            where_tp(t, "Contrat de sous-traitance"),
        )),
        Some(ContractStatus::ToReview) => out.push(missing(
            "Contrat à revoir : clauses de l'article 28 à vérifier",
            "Contract to review: Art. 28 clauses to check",
            where_tp(t, "Contrat de sous-traitance"),
        )),
        Some(ContractStatus::Art28Signed) | Some(ContractStatus::NotApplicable) => {}
    }
    if matches!(t.contract_status, Some(ContractStatus::Art28Signed) | Some(ContractStatus::ToReview))
        && t.contract_date.is_none()
    {
        out.push(missing("Date du contrat", "Date of the contract", where_tp(t, "Date du contrat")));
    }
    if t.address.is_empty() {
        out.push(missing("Adresse du sous-traitant", "Address of the processor", where_tp(t, "Adresse")));
    }
    if t.contact.is_empty() || (none(&t.contact.email) && none(&t.contact.phone)) {
        out.push(missing(
            "Interlocuteur chez le sous-traitant (courriel ou téléphone)",
            "Contact person at the processor (e-mail or phone)",
            where_tp(t, "Interlocuteur"),
        ));
    }
    if !bundle.processings.iter().any(|p| uses_as_processor(p, t)) {
        out.push(missing(
            format!("Traitements confiés à « {} »", tp_name(t)),
            format!("Processings entrusted to \"{}\"", tp_name(t)),
            "Registre › (traitement) › Destinataires",
        ));
    }
    out
}

/// The contract checklist of the processor `third_party_id`, dated `today`; `None` when the
/// third party is not in the bundle or is not a processor.
pub fn processor_checklist(bundle: &OrganisationBundle, third_party_id: Uuid, today: NaiveDate) -> Option<FlowDoc> {
    let t = find(bundle, third_party_id)?;
    Some(build(&format!("Contrat de sous-traitance — {}", tp_name(t)), |d| write(d, bundle, t, today)))
}

fn write(d: &mut FlowDoc, bundle: &OrganisationBundle, t: &ThirdParty, today: NaiveDate) -> Result<(), PdfError> {
    let org = org_name(&bundle.organisation);
    let name = tp_name(t);
    d.set_author(&org);
    d.set_subject(&format!("Vérification du contrat de sous-traitance (article 28 du RGPD) — {name}"));
    d.set_footer(&format!("{org} — contrat de sous-traitance avec « {name} »"));

    d.heading_with_subtitle(
        "Vérifier le contrat de sous-traitance",
        "Processor contract checklist — GDPR Article 28",
        1,
    )?;
    d.note(&format!("{org} — liste établie le {} à partir du dossier", date_fr(today)))?;

    d.heading("Le sous-traitant", 2)?;
    d.key_value("Sous-traitant", &name)?;
    if let Some(s) = t.siren.as_deref().filter(|s| !blank(s)) {
        d.key_value("SIREN", s.trim())?;
    }
    d.key_value("Adresse", &address_or_complete(&t.address))?;
    d.key_value("Interlocuteur", &person_line(&t.contact))?;
    if t.has_dpo {
        d.key_value("Son délégué à la protection des données", &person_line(&t.dpo_contact))?;
    }
    let status = t.contract_status.map_or(TO_COMPLETE.to_string(), |s| s.label_fr().to_string());
    d.key_value("Contrat (selon le dossier)", &status)?;
    d.key_value("Date du contrat ou du dernier avenant", &t.contract_date.map_or(TO_COMPLETE.to_string(), date_fr))?;

    let using: Vec<&Processing> = bundle.processings.iter().filter(|p| uses_as_processor(p, t)).collect();
    d.heading("Les traitements qui lui sont confiés", 2)?;
    if using.is_empty() {
        d.key_value("Traitements", &format!("{TO_COMPLETE} (aucun traitement du registre ne le cite)"))?;
    } else {
        let rows: Vec<Vec<String>> = using
            .iter()
            .map(|p| {
                let what: Vec<String> = p
                    .recipients
                    .iter()
                    .filter(|r| r.third_party == Some(t.id))
                    .map(|r| if blank(&r.details) { or_complete(&r.label) } else { r.details.trim().to_string() })
                    .collect();
                vec![or_complete(&p.name), what.join(" ; ")]
            })
            .collect();
        d.table(&["Traitement", "Ce qu'il fait pour vous"], &rows, &[0.4, 0.6])?;
    }
    if let Some(c) = adequacy::country(&t.address.country).filter(|c| !c.zone.is_eea()) {
        d.boxed(
            Some("Sous-traitant établi hors de l'Union européenne"),
            &format!(
                "Son adresse est en {} : vérifiez aussi la garantie du transfert (décision d'adéquation, clauses \
                 contractuelles types…) et indiquez-la dans le registre.",
                c.name_fr
            ),
            1.5,
        )?;
    }

    d.heading("Comment utiliser cette liste", 2)?;
    d.paragraph(
        "Reprenez le contrat (et ses annexes) et cochez chaque point qu'il contient. Pour chaque case restée vide, \
         demandez au prestataire un avenant. Ne confiez pas de données avant la signature.",
    )?;

    d.heading("Les clauses à trouver dans le contrat", 2)?;
    for (i, c) in clauses().iter().enumerate() {
        if i > 0 {
            d.rule();
        }
        d.list_item("☐", &format!("{} (art. {})", c.title_fr, c.article))?;
        d.key_value("En clair", &c.meaning_fr)?;
        d.key_value("À chercher", &c.look_for_fr)?;
    }

    d.heading("Conclusion", 2)?;
    d.writing_box("Points manquants et avenant demandé", None, 4)?;
    d.writing_box("Vérifié par", Some("nom et fonction"), 1)?;
    d.writing_box("Le", None, 1)?;
    d.note(
        "Sources : RGPD, articles 28 et 32 ; CNIL, guide de la sécurité des données personnelles (2024), fiche « Gérer \
         la sous-traitance ». Pensez à reporter le nouvel état du contrat dans Greffier (Tiers › Contrat de \
         sous-traitance).",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_cover_a_to_h_with_sources() {
        let c: Clauses = serde_json::from_str(CLAUSES_JSON).expect("processor_clauses.json");
        let keys: Vec<&str> = c.clauses.iter().map(|c| c.key.as_str()).collect();
        for k in ["a", "b", "c", "d", "e", "f", "g", "h", "guarantees"] {
            assert!(keys.contains(&k), "{k}");
        }
        assert!(c.clauses.iter().all(|c| c.source.contains("RGPD") && !c.meaning_en.is_empty()));
        assert!(c.clauses.iter().any(|c| c.article.contains("28(2)") && c.article.contains("28(4)")));
        assert!(c.clauses.iter().any(|c| c.article.contains("32")));
    }
}
