//! Transfers outside the EU: the dated list of countries (`assets/register/countries.json`)
//! with their situation under the GDPR, and the checks of a processing's transfers against it.
//!
//! The list of adequacy decisions changes (the United Kingdom's was renewed in December 2025,
//! Brazil's adopted in January 2026), so it is data with a date, not code, and every message
//! that relies on it says how recent it is.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Processing, RecipientKind, Safeguard, Transfer};

use super::library::Source;

const COUNTRIES_JSON: &str = include_str!("../../assets/register/countries.json");

/// Where a country stands for data leaving the EU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// Member state of the European Union (or a part of one where EU law applies).
    Eu,
    /// Iceland, Liechtenstein, Norway: the GDPR applies there too.
    Eea,
    /// Adequacy decision for the whole country (Art. 45): no further safeguard needed.
    Adequate,
    /// Adequacy decision for some recipients only (Canada, Japan, United States).
    PartiallyAdequate,
    /// No adequacy decision: a safeguard of Art. 46 or an Art. 49 derogation is needed.
    ThirdCountry,
}

impl Zone {
    /// Label for the French UI.
    pub fn label_fr(self) -> &'static str {
        match self {
            Zone::Eu => "Union européenne",
            Zone::Eea => "Espace économique européen",
            Zone::Adequate => "Décision d'adéquation",
            Zone::PartiallyAdequate => "Décision d'adéquation partielle",
            Zone::ThirdCountry => "Pays tiers sans décision d'adéquation",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Zone::Eu => "European Union",
            Zone::Eea => "European Economic Area",
            Zone::Adequate => "Adequacy decision",
            Zone::PartiallyAdequate => "Partial adequacy decision",
            Zone::ThirdCountry => "Third country without an adequacy decision",
        }
    }

    /// Inside the EU/EEA: sending data there is not a transfer in the sense of Art. 44.
    pub fn is_eea(self) -> bool {
        matches!(self, Zone::Eu | Zone::Eea)
    }
}

/// One country or territory of ISO 3166-1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code (`FR`, `US`).
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub zone: Zone,
    /// For a territory whose zone follows from the state it belongs to (French overseas,
    /// Åland), that state's code; empty otherwise.
    #[serde(default)]
    pub part_of: String,
    /// Date or reference of the adequacy decision, where the sources give it; empty otherwise.
    #[serde(default)]
    pub decision: String,
    /// What to know about this country (the condition of a partial decision…); may be empty.
    #[serde(default)]
    pub note_fr: String,
    #[serde(default)]
    pub note_en: String,
    /// The source of the zone: one of the list's [`sources`]' `ref`.
    pub source: String,
}

/// An international organisation with its own adequacy decision (Art. 45 also covers them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternationalOrganisation {
    pub key: String,
    pub name_fr: String,
    pub name_en: String,
    pub zone: Zone,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note_fr: String,
    #[serde(default)]
    pub note_en: String,
    pub source: String,
}

#[derive(Default, Deserialize)]
struct CountryList {
    updated: String,
    sources: Vec<Source>,
    countries: Vec<Country>,
    international_organisations: Vec<InternationalOrganisation>,
}

fn list() -> &'static CountryList {
    static LIST: OnceLock<CountryList> = OnceLock::new();
    // The file is checked by the tests; should it ever not parse, an empty list makes every
    // country « unknown » (a warning) instead of crashing the app.
    LIST.get_or_init(|| serde_json::from_str(COUNTRIES_JSON).unwrap_or_default())
}

/// Every country, sorted by French name.
pub fn countries() -> &'static [Country] {
    &list().countries
}

/// The country with this ISO code (exact, upper case as stored in a `Transfer`).
pub fn country(code: &str) -> Option<&'static Country> {
    countries().iter().find(|c| c.code == code)
}

/// International organisations with an adequacy decision.
pub fn international_organisations() -> &'static [InternationalOrganisation] {
    &list().international_organisations
}

/// What the list's facts rest on.
pub fn sources() -> &'static [Source] {
    &list().sources
}

/// Date the list was last checked, ISO 8601 (`2026-11-23`).
pub fn list_date() -> &'static str {
    &list().updated
}

/// The list date as French text shows it, `23/11/2026`.
pub fn list_date_fr() -> String {
    let d = list_date();
    match (d.get(0..4), d.get(5..7), d.get(8..10)) {
        (Some(y), Some(m), Some(day)) => format!("{day}/{m}/{y}"),
        _ => d.to_string(),
    }
}

/// Something to look at in a transfer, located by a JSON pointer from the processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferWarning {
    /// Field concerned, e.g. `/transfers/0/safeguard`.
    pub path: String,
    /// Stable machine code, e.g. `transfer_no_safeguard`.
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
}

impl TransferWarning {
    fn new(path: &str, code: &str, fr: String, en: String) -> Self {
        TransferWarning { path: path.to_string(), code: code.to_string(), message_fr: fr, message_en: en }
    }

    fn under(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}{}", self.path);
        self
    }
}

/// What may be wrong with one transfer (paths relative to it: `/country`, `/safeguard`).
///
/// - no country, or a code not in the list;
/// - a country of the EU/EEA: not a transfer at all;
/// - a country without an adequacy decision and no safeguard (or « Aucune garantie »);
/// - « Décision d'adéquation » chosen for a country that has none;
/// - a partial decision: the condition it sets (DPF certification, PIPEDA, private sector);
/// - a country with a decision but no safeguard chosen: suggest choosing the decision;
/// - an Art. 49 derogation: a reminder that it is for occasional cases.
pub fn check_transfer(t: &Transfer) -> Vec<TransferWarning> {
    let date = list_date_fr();
    let mut out = Vec::new();
    let code = t.country.trim();
    if code.is_empty() {
        out.push(TransferWarning::new(
            "/country",
            "transfer_country_missing",
            "Indiquez le pays où les données sont envoyées, pour savoir quelle garantie il faut.".into(),
            "Enter the country the data are sent to, so as to know which safeguard is needed.".into(),
        ));
        return out;
    }
    let Some(c) = country(code) else {
        out.push(TransferWarning::new(
            "/country",
            "transfer_country_unknown",
            format!(
                "Le code pays « {code} » ne figure pas dans notre liste (à jour au {date}) : choisissez le pays \
                 dans la liste, par exemple US pour les États-Unis."
            ),
            format!(
                "The country code « {code} » is not in our list (up to date as of {date}): pick the country from \
                 the list, for example US for the United States."
            ),
        ));
        return out;
    };
    let safeguard = t.safeguard.filter(|s| *s != Safeguard::NoSafeguard);
    match c.zone {
        Zone::Eu | Zone::Eea => out.push(TransferWarning::new(
            "/country",
            "transfer_within_eea",
            format!(
                "{} : ce pays fait partie de {} ; le RGPD s'y applique, ce n'est donc pas un transfert hors UE. \
                 Vous pouvez retirer cette ligne et garder le destinataire dans la liste des destinataires.",
                c.name_fr,
                if c.zone == Zone::Eu { "l'Union européenne" } else { "l'Espace économique européen" }
            ),
            format!(
                "{} is part of the {}: the GDPR applies there, so this is not a transfer outside the EU. You may \
                 remove this line and keep the recipient in the list of recipients.",
                c.name_en,
                if c.zone == Zone::Eu { "European Union" } else { "European Economic Area" }
            ),
        )),
        Zone::Adequate => match safeguard {
            None => out.push(TransferWarning::new(
                "/safeguard",
                "transfer_choose_adequacy",
                format!(
                    "{} : ce pays bénéficie d'une décision d'adéquation (liste à jour au {date}) ; choisissez \
                     « Décision d'adéquation » comme garantie.",
                    c.name_fr
                ),
                format!(
                    "{} has an adequacy decision (list up to date as of {date}): choose « Adequacy decision » as \
                     the safeguard.",
                    c.name_en
                ),
            )),
            Some(s) => derogation_reminder(s, &mut out),
        },
        Zone::PartiallyAdequate => match safeguard {
            None => out.push(TransferWarning::new(
                "/safeguard",
                "transfer_no_safeguard",
                format!(
                    "{} : aucune garantie n'est indiquée pour ce transfert. {} Indiquez la garantie retenue.",
                    c.name_fr, c.note_fr
                ),
                format!(
                    "No safeguard is given for this transfer to {}. {} Enter the safeguard relied on.",
                    c.name_en, c.note_en
                ),
            )),
            Some(Safeguard::AdequacyDecision) => out.push(TransferWarning::new(
                "/safeguard",
                "transfer_partial_adequacy",
                format!(
                    "{} : la décision d'adéquation a une condition (liste à jour au {date}). {}",
                    c.name_fr, c.note_fr
                ),
                format!(
                    "The adequacy decision for {} has a condition (list up to date as of {date}). {}",
                    c.name_en, c.note_en
                ),
            )),
            Some(s) => derogation_reminder(s, &mut out),
        },
        Zone::ThirdCountry => match safeguard {
            None => out.push(TransferWarning::new(
                "/safeguard",
                "transfer_no_safeguard",
                format!(
                    "{} : ce pays n'a pas de décision d'adéquation (liste à jour au {date}). Sans garantie, ce \
                     transfert n'est pas permis. Prévoyez par exemple les clauses contractuelles types de la Commission européenne \
                     avec le destinataire, puis indiquez-les ici.",
                    c.name_fr
                ),
                format!(
                    "{} has no adequacy decision (list up to date as of {date}): without a safeguard this transfer is \
                     not allowed. Put in place, for example, the European Commission's standard contractual clauses \
                     with the recipient, then enter them here.",
                    c.name_en
                ),
            )),
            Some(Safeguard::AdequacyDecision) => out.push(TransferWarning::new(
                "/safeguard",
                "transfer_adequacy_inconsistent",
                format!(
                    "{} : « Décision d'adéquation » est indiqué, mais ce pays n'en a pas (liste à jour au {date}). \
                     Choisissez la garantie réellement prévue avec le destinataire, par exemple les clauses contractuelles types.",
                    c.name_fr
                ),
                format!(
                    "« Adequacy decision » is given, but {} has none (list up to date as of {date}). Choose the \
                     safeguard actually agreed with the recipient, for example standard contractual clauses.",
                    c.name_en
                ),
            )),
            Some(s) => derogation_reminder(s, &mut out),
        },
    }
    out
}

/// Art. 49 derogations are exceptions, not a regular basis for transfers (GDPR Art. 49).
fn derogation_reminder(s: Safeguard, out: &mut Vec<TransferWarning>) {
    if s == Safeguard::Art49Derogation {
        out.push(TransferWarning::new(
            "/safeguard",
            "transfer_derogation",
            "Une dérogation de l'article 49 (consentement explicite, contrat avec la personne…) ne vaut que pour \
             des cas particuliers, pas pour des envois réguliers. Précisez laquelle s'applique dans la \
             documentation du transfert."
                .into(),
            "An Article 49 derogation (explicit consent, contract with the person…) only covers specific cases, \
             not regular transfers. Say which one applies in the transfer's documentation."
                .into(),
        ));
    }
}

/// The warnings of every transfer of `p` (paths from the processing: `/transfers/0/country`),
/// plus one when a recipient is said to be in a third country but no transfer is described.
pub fn check_transfers(p: &Processing) -> Vec<TransferWarning> {
    let mut out: Vec<TransferWarning> = p
        .transfers
        .iter()
        .enumerate()
        .flat_map(|(i, t)| check_transfer(t).into_iter().map(move |w| w.under(&format!("/transfers/{i}"))))
        .collect();
    if p.transfers.is_empty() && p.recipients.iter().any(|r| r.kind == RecipientKind::ThirdCountry) {
        out.push(TransferWarning::new(
            "/transfers",
            "transfer_missing",
            "Un destinataire est situé dans un pays tiers, mais aucun transfert hors UE n'est décrit : ajoutez le \
             transfert avec son pays et sa garantie."
                .into(),
            "A recipient is in a third country, but no transfer outside the EU is described: add the transfer with \
             its country and safeguard."
                .into(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_in_french() {
        assert_eq!(list_date(), "2026-11-23");
        assert_eq!(list_date_fr(), "23/11/2026");
    }
}
