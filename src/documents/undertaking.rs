//! The confidentiality undertaking « Engagement de confidentialité » a staff member signs:
//! filled with the organisation (name, address, representative), boxes for the person, the
//! rules in plain words, how long it lasts after leaving, the sanctions in neutral terms,
//! and the date and signature boxes.
//!
//! The rules come from `assets/documents/undertaking.json` (the CNIL security guide's sheet
//! on the users' framework, which suggests such an undertaking, and the penal code articles
//! it cites), each with its source.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::flow::{DocWriter, FlowDoc};
use super::notice::{address_or_complete, build, date_fr, org_missing, org_name, TO_COMPLETE};
use super::pdf::PdfError;
use super::Missing;
use crate::model::{DataSubjectCategory, OrganisationBundle, Person};

const UNDERTAKING_JSON: &str = include_str!("../../assets/documents/undertaking.json");

#[derive(Debug, Default, Deserialize)]
struct Facts {
    #[serde(default)]
    rules: Vec<Fact>,
    duration: Option<Fact>,
    sanctions: Option<Fact>,
}

#[derive(Debug, Deserialize)]
struct Fact {
    text_fr: String,
    #[allow(dead_code)]
    text_en: String,
    #[allow(dead_code)]
    source: String,
}

fn facts() -> &'static Facts {
    static F: OnceLock<Facts> = OnceLock::new();
    F.get_or_init(|| serde_json::from_str(UNDERTAKING_JSON).unwrap_or_default())
}

/// The rules the person commits to, in order (French).
pub fn undertaking_rules_fr() -> Vec<&'static str> {
    facts().rules.iter().map(|r| r.text_fr.as_str()).collect()
}

fn representative(p: &Person) -> String {
    let name = p.full_name();
    match (name.trim(), p.role.trim()) {
        ("", _) => TO_COMPLETE.to_string(),
        (n, "") => n.to_string(),
        (n, r) => format!("{n}, {r}"),
    }
}

/// The kinds of persons whose data the organisation's register lists, lower-case, in the
/// order of the model: « salariés / agents, clients ».
fn persons_of(bundle: &OrganisationBundle) -> Vec<String> {
    let mut cats: Vec<DataSubjectCategory> = Vec::new();
    for p in bundle.processings.iter().filter(|p| !p.archived) {
        for c in &p.persons_concerned {
            if c.category != DataSubjectCategory::Other && !cats.contains(&c.category) {
                cats.push(c.category);
            }
        }
    }
    DataSubjectCategory::ALL.iter().filter(|c| cats.contains(c)).map(|c| c.label_fr().to_lowercase()).collect()
}

/// What the undertaking needs from the organisation's profile and it lacks.
pub fn undertaking_missing(bundle: &OrganisationBundle) -> Vec<Missing> {
    org_missing(&bundle.organisation, true)
}

/// The confidentiality undertaking of the organisation, dated `today` (the date the form is
/// printed; the person writes the signing date).
pub fn confidentiality_undertaking(bundle: &OrganisationBundle, today: NaiveDate) -> FlowDoc {
    build(&format!("Engagement de confidentialité — {}", org_name(&bundle.organisation)), |d| {
        write(d, bundle, today)
    })
}

fn write(d: &mut FlowDoc, bundle: &OrganisationBundle, today: NaiveDate) -> Result<(), PdfError> {
    let org = &bundle.organisation;
    let name = org_name(org);
    d.set_author(&name);
    d.set_subject("Engagement de confidentialité des personnes ayant accès aux données personnelles");
    d.set_footer(&format!("{name} — engagement de confidentialité (modèle du {})", date_fr(today)));

    d.heading_with_subtitle(
        "Engagement de confidentialité",
        "Confidentiality undertaking — to be signed by every person with access to personal data",
        1,
    )?;

    d.heading("L'organisme", 2)?;
    d.key_value("Organisme", &name)?;
    d.key_value("Adresse", &address_or_complete(&org.address))?;
    d.key_value("Représenté par", &representative(&org.legal_representative))?;

    d.heading("La personne qui s'engage", 2)?;
    d.writing_box("Nom et prénom", None, 1)?;
    d.writing_box("Fonction ou poste", None, 1)?;
    d.writing_box("Service", Some("si l'organisme en a plusieurs"), 1)?;

    d.heading("Mon engagement", 2)?;
    let persons = persons_of(bundle);
    let whose =
        if persons.is_empty() { String::new() } else { format!(" (par exemple sur les {})", persons.join(", ")) };
    d.paragraph(&format!(
        "Dans mon travail pour {name}, j'ai accès à des informations sur des personnes{whose}. Ces informations \
         sont confidentielles. Je m'engage à respecter les règles suivantes :"
    ))?;
    for (i, r) in facts().rules.iter().enumerate() {
        d.list_item(&format!("{}.", i + 1), &r.text_fr)?;
    }

    d.heading("Après mon départ", 2)?;
    d.paragraph(&facts().duration.as_ref().map_or(String::new(), |f| f.text_fr.clone()))?;

    d.heading("Si l'engagement n'est pas respecté", 2)?;
    d.paragraph(&facts().sanctions.as_ref().map_or(String::new(), |f| f.text_fr.clone()))?;

    d.heading("Signatures", 2)?;
    d.paragraph("Fait en deux exemplaires : un pour la personne, un conservé par l'organisme.")?;
    d.writing_box("Fait à", None, 1)?;
    d.writing_box("Le", None, 1)?;
    d.writing_box("Signature de la personne", Some("précédée de la mention « lu et approuvé »"), 3)?;
    d.writing_box(
        &format!("Pour l'organisme : {}", representative(&org.legal_representative)),
        Some("signature et cachet"),
        3,
    )?;
    d.note(
        "Sources : CNIL, guide de la sécurité des données personnelles (2024), fiche « Définir un cadre pour les \
         utilisateurs » ; code pénal, articles 226-13 et 226-16 à 226-24.",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_parse_with_sources() {
        let f: Facts = serde_json::from_str(UNDERTAKING_JSON).expect("undertaking.json");
        assert!(f.rules.len() >= 6);
        assert!(f.rules.iter().all(|r| !r.source.is_empty() && !r.text_en.is_empty()));
        assert!(f.duration.is_some_and(|x| x.text_fr.contains("après mon départ")));
        assert!(f.sanctions.is_some_and(|x| x.text_fr.contains("226-13")));
    }
}
