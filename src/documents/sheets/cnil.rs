//! The register workbook in the layout of the CNIL simplified template
//! (`registre-traitement-simplifie.ods`, July 2019), built from our own description of it:
//! a « Liste des traitements » sheet, one « Fiche » sheet per processing and, when the
//! organisation also acts as a processor, a « Sous-traitance » sheet (Art. 30(2)).
//!
//! The layout is described once, as plain cells ([`BookOut`]), so that the ODS and XLSX
//! writers produce the same structure and the reader (`cnil_read.rs`) finds the same
//! labels in both. Our additions (legal basis per purpose, final disposal, status…) sit
//! after the CNIL columns and rows, so a user who knows the CNIL model finds everything in
//! its usual place.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::words::{country_display, norm};
use super::SheetOptions;
use crate::model::{
    Contact, DataCategory, OrganisationBundle, PostalAddress, Processing, ProcessorActivity, Retention, SpecialCategory,
};

/// How a cell looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// Plain wrapped text (dates get the date format).
    Text,
    /// Bold label.
    Bold,
    /// Title of the sheet: bold, larger.
    Title,
    /// Column header or section title: bold on a light background.
    Header,
}

/// The value of a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Date(NaiveDate),
    Int(u64),
}

/// One written cell.
#[derive(Clone, Debug)]
pub(crate) struct CellOut {
    pub row: u32,
    pub col: u16,
    pub value: Value,
    pub style: Style,
}

/// One sheet: its name, column widths (in characters) and cells.
#[derive(Clone, Debug)]
pub(crate) struct SheetOut {
    pub name: String,
    pub widths: &'static [u16],
    pub cells: Vec<CellOut>,
}

/// The whole workbook.
#[derive(Clone, Debug)]
pub(crate) struct BookOut {
    pub sheets: Vec<SheetOut>,
}

// Sheet names.
pub(crate) const LIST_SHEET: &str = "Liste des traitements";
pub(crate) const PROCESSOR_SHEET: &str = "Sous-traitance";

// « Liste des traitements »: header blocks.
pub(crate) const LIST_TITLE: &str = "Registre des activités de traitement";
pub(crate) const BLOCK_COLUMNS: [&str; 8] = ["Nom", "Prénom", "Adresse", "CP", "Ville", "Tél", "mél", "Société"];
pub(crate) const BLOCK_HEAD: &str = "Responsable de l'organisme";
pub(crate) const BLOCK_REPRESENTATIVE: &str = "Représentant";
pub(crate) const BLOCK_DPO: &str = "DPO";

/// Columns of the processing table: the CNIL's six, then ours.
pub(crate) const LIST_COLUMNS: [&str; 9] = [
    "Nom du traitement",
    "N° / RÉF",
    "Date de création de la fiche",
    "Dernière mise à jour",
    "Finalité du traitement",
    "Données sensibles ? (Oui / Non)",
    "Base légale",
    "Statut",
    "Prochaine revue",
];

// Processing sheet « Fiche »: sections and row labels.
pub(crate) const FICHE_TITLE: &str = "Fiche de registre";
pub(crate) const SEC_DESCRIPTION: &str = "Description";
pub(crate) const L_NAME: &str = "Nom du traitement";
pub(crate) const L_REFERENCE: &str = "N° / RÉF";
pub(crate) const L_CREATED: &str = "Date de création de la fiche";
pub(crate) const L_UPDATED: &str = "Dernière mise à jour";

pub(crate) const SEC_ACTORS: &str = "Acteurs";
pub(crate) const ACTOR_COLUMNS: [&str; 8] =
    ["Nom", "Adresse", "CP", "Ville", "Pays", "Tél", "mél", "Accord entre responsables conjoints (art. 26)"];
pub(crate) const A_CONTROLLER: &str = "Responsable du traitement";
pub(crate) const A_DPO: &str = "DPO";
pub(crate) const A_DPO_COMPANY: &str = "Société du DPO";
pub(crate) const A_REPRESENTATIVE: &str = "Représentant";
pub(crate) const A_JOINT: &str = "Responsable conjoint";

pub(crate) const SEC_PURPOSES: &str = "Finalités du traitement";
pub(crate) const PURPOSE_COLUMNS: [&str; 3] = ["Description", "Base légale", "Justification de la base légale"];
pub(crate) const L_MAIN_PURPOSE: &str = "Finalité principale";
pub(crate) const L_SUB_PURPOSE: &str = "Sous-finalité";
/// Sub-purpose rows the CNIL model offers; we write at least as many.
const SUB_PURPOSE_ROWS: usize = 5;

pub(crate) const SEC_DATA: &str = "Catégories de données personnelles";
pub(crate) const DATA_COLUMNS: [&str; 5] =
    ["Description", "Durée de conservation", "Sort final", "Source de la durée", "Nature de la durée"];
/// The CNIL's six fixed rows, then our other categories.
pub(crate) const DATA_ROWS: [DataCategory; 9] = [
    DataCategory::Identity,
    DataCategory::PersonalLife,
    DataCategory::EconomicFinancial,
    DataCategory::ConnectionData,
    DataCategory::Location,
    DataCategory::Nir,
    DataCategory::ProfessionalLife,
    DataCategory::Internet,
    DataCategory::Other,
];

pub(crate) const SEC_SENSITIVE: &str = "Données sensibles";
pub(crate) const SENSITIVE_COLUMNS: [&str; 5] = [
    "Description",
    "Durée de conservation",
    "Exception (art. 9.2) ou fondement (art. 10)",
    "Source de la durée",
    "Nature de la durée",
];
pub(crate) const OFFENCES_LABEL: &str = "Infractions, condamnations, mesures de sûreté (art. 10)";

pub(crate) const SEC_PERSONS: &str = "Catégories de personnes concernées";
pub(crate) const PERSON_COLUMNS: [&str; 4] = ["Type", "Précisions", "Nombre approximatif", "Personnes vulnérables"];
pub(crate) const SEC_RECIPIENTS: &str = "Destinataires";
pub(crate) const RECIPIENT_COLUMNS: [&str; 3] = ["Type de destinataire", "Précisions", "Destinataire (nom)"];
pub(crate) const SEC_SECURITY: &str = "Mesures de sécurité";
pub(crate) const SECURITY_COLUMNS: [&str; 2] = ["Type de mesure", "Précisions"];
pub(crate) const L_SECURITY_DESCRIPTION: &str = "Description générale des mesures";
pub(crate) const SEC_TRANSFERS: &str = "Transferts hors UE";
pub(crate) const TRANSFER_COLUMNS: [&str; 4] =
    ["Destinataire", "Pays", "Type de garanties", "Liens vers la documentation"];
/// Blank rows offered under each repeated table, for filling in by hand.
const MIN_TABLE_ROWS: usize = 3;

/// « Nature de la durée »: tells a fixed period from a criterion, since a criterion may
/// start with a number (« 13 mois au plus pour les cookies… »).
pub(crate) const KIND_DURATION: &str = "Durée fixe";
pub(crate) const KIND_CRITERION: &str = "Critère";

pub(crate) const SEC_EXTRA: &str = "Compléments (Greffier)";
pub(crate) const X_ROLE: &str = "En tant que";
pub(crate) const X_DEPARTMENT: &str = "Service";
pub(crate) const X_OWNER: &str = "Gestionnaire";
pub(crate) const X_SOFTWARE: &str = "Logiciels et supports";
pub(crate) const X_PAPER: &str = "Traitement papier";
pub(crate) const X_ORIGINS: &str = "Origine des données";
pub(crate) const X_ORIGIN_DETAILS: &str = "Précisions sur l'origine";
pub(crate) const X_MEANS: &str = "Moyens de collecte";
pub(crate) const X_MEANS_DETAILS: &str = "Précisions sur la collecte";
pub(crate) const X_INFORMATION: &str = "Information des personnes";
pub(crate) const X_RIGHTS: &str = "Exercice des droits";
pub(crate) const X_AUTOMATED: &str = "Décision automatisée";
pub(crate) const X_AUTOMATED_DETAILS: &str = "Précisions sur la décision automatisée";
pub(crate) const X_NIR: &str = "Justification de l'utilisation du NIR";
pub(crate) const X_STATUS: &str = "Statut";
pub(crate) const X_DPO_NOTES: &str = "Observations du DPO";
pub(crate) const X_NEXT_REVIEW: &str = "Prochaine revue";
pub(crate) const X_LARGE_SCALE: &str = "Traitement à grande échelle";
pub(crate) const X_PUBLIC: &str = "Registre public";
pub(crate) const X_ARCHIVED: &str = "Archivé";

/// Columns of the « Sous-traitance » sheet, one row per activity and client.
pub(crate) const PROCESSOR_COLUMNS: [&str; 11] = [
    "Catégorie de traitement",
    "N° / RÉF",
    "Description",
    "Client (responsable de traitement)",
    "Coordonnées du client",
    "Opérations effectuées pour ce client",
    "Sous-traitants ultérieurs",
    "Transferts hors UE",
    "Mesures de sécurité",
    "Date de création",
    "Dernière mise à jour",
];

const LIST_WIDTHS: &[u16] = &[40, 16, 16, 18, 46, 14, 30, 16, 16];
const FICHE_WIDTHS: &[u16] = &[36, 44, 30, 26, 24, 16, 18, 28, 30];
const PROCESSOR_WIDTHS: &[u16] = &[34, 12, 40, 30, 34, 40, 30, 34, 34, 14, 14];

/// « Oui » / « Non ».
pub(crate) fn oui_non(b: bool) -> &'static str {
    if b {
        "Oui"
    } else {
        "Non"
    }
}

/// True when the processing holds Art. 9 or Art. 10 data (« Données sensibles ? »).
pub(crate) fn has_sensitive(p: &Processing) -> bool {
    !p.sensitive_data.is_empty() || p.criminal_data.is_some()
}

/// The processings and activities the options keep, in the bundle's order.
pub(crate) fn kept<'a>(
    bundle: &'a OrganisationBundle,
    opts: &SheetOptions,
) -> (Vec<&'a Processing>, Vec<&'a ProcessorActivity>) {
    (
        bundle.processings.iter().filter(|p| opts.include_archived || !p.archived).collect(),
        bundle.processor_activities.iter().filter(|a| opts.include_archived || !a.archived).collect(),
    )
}

/// The legal bases of a processing's purposes, main purpose first, without repeats.
pub(crate) fn legal_bases(p: &Processing) -> String {
    let mut seen = Vec::new();
    let main = p.main_purpose();
    let others = p.purposes.iter().filter(|x| main.is_none_or(|m| !std::ptr::eq(*x, m)));
    for purpose in main.into_iter().chain(others) {
        let label = purpose.legal_basis.label_fr();
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    seen.join(" | ")
}

/// Address lines, one per line.
fn lines(a: &PostalAddress) -> String {
    a.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The retention as written in a cell, and its « Nature de la durée ».
pub(crate) fn retention_cells(r: &Option<Retention>) -> (String, &'static str, String) {
    match r {
        None => (String::new(), "", String::new()),
        Some(r @ Retention::Duration { .. }) => (r.to_french(), KIND_DURATION, r.legal_source().to_string()),
        Some(Retention::Criterion { criterion, legal_source }) => {
            (criterion.clone(), KIND_CRITERION, legal_source.clone())
        }
    }
}

/// A safe, unique sheet name of at most 31 characters: no `[]:*?/\`, no apostrophe at
/// either end (spreadsheet programs refuse them), compared without case.
pub(crate) fn sheet_name(wanted: &str, used: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '-' } else { c })
        .collect();
    let fit = |s: &str, max: usize| -> String {
        let cut: String = s.chars().take(max).collect();
        cut.trim_end_matches([' ', '\'', '–', '-']).trim_start_matches('\'').to_string()
    };
    let mut name = fit(&clean, 31);
    if name.is_empty() {
        name = "Feuille".to_string();
    }
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!(" ({n})");
        name = format!("{}{suffix}", fit(&clean, 31 - suffix.chars().count()));
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// Builds cells row by row.
struct Writer {
    cells: Vec<CellOut>,
    row: u32,
}

impl Writer {
    fn new() -> Self {
        Writer { cells: Vec::new(), row: 0 }
    }

    fn put(&mut self, col: u16, value: Value, style: Style) {
        if let Value::Text(t) = &value {
            if t.is_empty() {
                return;
            }
        }
        self.cells.push(CellOut { row: self.row, col, value, style });
    }

    fn text(&mut self, col: u16, text: impl Into<String>, style: Style) {
        self.put(col, Value::Text(text.into()), style);
    }

    fn date(&mut self, col: u16, date: Option<NaiveDate>) {
        if let Some(d) = date {
            self.put(col, Value::Date(d), Style::Text);
        }
    }

    /// A row: bold label in column A, then plain values.
    fn row(&mut self, label: &str, values: &[&str]) {
        self.text(0, label, Style::Bold);
        for (i, v) in values.iter().enumerate() {
            self.text(i as u16 + 1, *v, Style::Text);
        }
        self.next();
    }

    /// A header row: the section title in A, column titles after it.
    fn header(&mut self, title: &str, columns: &[&str]) {
        self.text(0, title, Style::Header);
        for (i, c) in columns.iter().enumerate() {
            self.text(i as u16 + 1, *c, Style::Header);
        }
        self.next();
    }

    fn next(&mut self) {
        self.row += 1;
    }
}

/// The whole register workbook.
pub(crate) fn build(bundle: &OrganisationBundle, opts: &SheetOptions) -> BookOut {
    let (processings, activities) = kept(bundle, opts);
    let mut used = HashSet::new();
    used.insert(LIST_SHEET.to_lowercase());
    used.insert(PROCESSOR_SHEET.to_lowercase());
    let mut sheets = vec![list_sheet(bundle, &processings)];
    for (i, p) in processings.iter().enumerate() {
        let name = sheet_name(&format!("Fiche {} – {}", i + 1, p.name.trim()), &mut used);
        sheets.push(fiche_sheet(bundle, p, name));
    }
    if !activities.is_empty() {
        sheets.push(processor_sheet(bundle, &activities));
    }
    BookOut { sheets }
}

fn list_sheet(bundle: &OrganisationBundle, processings: &[&Processing]) -> SheetOut {
    let org = &bundle.organisation;
    let mut w = Writer::new();
    w.text(0, LIST_TITLE, Style::Title);
    w.text(1, org.legal_name.trim(), Style::Title);
    w.next();
    w.next();
    w.header("", &BLOCK_COLUMNS);
    let rep = &org.legal_representative;
    let or_else = |a: &Option<String>, b: &Option<String>| a.clone().filter(|s| !s.trim().is_empty()).or(b.clone());
    w.row(
        BLOCK_HEAD,
        &[
            &rep.last_name,
            &rep.first_name,
            &lines(&org.address),
            &org.address.postcode,
            &org.address.city,
            &or_else(&org.phone, &rep.phone).unwrap_or_default(),
            &or_else(&org.email, &rep.email).unwrap_or_default(),
            "",
        ],
    );
    match &org.eu_representative {
        Some(r) => w.row(
            BLOCK_REPRESENTATIVE,
            &[
                &r.name,
                "",
                &lines(&r.contact.address),
                &r.contact.address.postcode,
                &r.contact.address.city,
                r.contact.phone.as_deref().unwrap_or(""),
                r.contact.email.as_deref().unwrap_or(""),
                "",
            ],
        ),
        None => w.row(BLOCK_REPRESENTATIVE, &[]),
    }
    let dpo = &org.dpo;
    if dpo.designated {
        let (phone, email, address) = dpo_contact(org);
        w.row(
            BLOCK_DPO,
            &[
                &dpo.person.last_name,
                &dpo.person.first_name,
                &lines(&address),
                &address.postcode,
                &address.city,
                &phone,
                &email,
                &dpo.organisation_name,
            ],
        );
    } else {
        w.row(BLOCK_DPO, &[]);
    }
    w.next();
    for (i, c) in LIST_COLUMNS.iter().enumerate() {
        w.text(i as u16, *c, Style::Header);
    }
    w.next();
    for p in processings {
        w.text(0, p.name.trim(), Style::Bold);
        w.text(1, p.reference.trim(), Style::Text);
        w.date(2, Some(p.created_at.date_naive()));
        w.date(3, Some(p.updated_at.date_naive()));
        w.text(4, p.main_purpose().map(|m| m.description.trim()).unwrap_or(""), Style::Text);
        w.text(5, oui_non(has_sensitive(p)), Style::Text);
        w.text(6, legal_bases(p), Style::Text);
        w.text(7, p.status.label_fr(), Style::Text);
        w.date(8, p.next_review);
        w.next();
    }
    SheetOut { name: LIST_SHEET.to_string(), widths: LIST_WIDTHS, cells: w.cells }
}

/// The DPO's phone, e-mail and address: the published ones, else the private ones.
fn dpo_contact(org: &crate::model::Organisation) -> (String, String, PostalAddress) {
    let dpo = &org.dpo;
    let pick = |a: &Option<String>, b: &Option<String>| {
        a.clone().filter(|s| !s.trim().is_empty()).or(b.clone()).unwrap_or_default()
    };
    let phone = pick(&dpo.public_contact.phone, &dpo.private_contact.phone);
    let email = pick(&dpo.public_contact.email, &dpo.private_contact.email);
    let address = if dpo.public_contact.address.is_empty() {
        dpo.private_contact.address.clone()
    } else {
        dpo.public_contact.address.clone()
    };
    (pick(&Some(phone), &dpo.person.phone), pick(&Some(email), &dpo.person.email), address)
}

/// One actor row: name then contact columns.
fn actor_row(w: &mut Writer, label: &str, name: &str, contact: &Contact, extra: &str) {
    let a = &contact.address;
    let country = if a.is_empty() { String::new() } else { country_display(&a.country) };
    w.row(
        label,
        &[
            name,
            &lines(a),
            &a.postcode,
            &a.city,
            &country,
            contact.phone.as_deref().unwrap_or(""),
            contact.email.as_deref().unwrap_or(""),
            extra,
        ],
    );
}

fn fiche_sheet(bundle: &OrganisationBundle, p: &Processing, name: String) -> SheetOut {
    let org = &bundle.organisation;
    let mut w = Writer::new();
    w.text(0, FICHE_TITLE, Style::Title);
    w.text(1, p.name.trim(), Style::Title);
    w.next();
    w.next();

    // Description
    w.header(SEC_DESCRIPTION, &[]);
    w.row(L_NAME, &[p.name.trim()]);
    w.row(L_REFERENCE, &[p.reference.trim()]);
    w.text(0, L_CREATED, Style::Bold);
    w.date(1, Some(p.created_at.date_naive()));
    w.next();
    w.text(0, L_UPDATED, Style::Bold);
    w.date(1, Some(p.updated_at.date_naive()));
    w.next();
    w.next();

    // Acteurs
    w.header(SEC_ACTORS, &ACTOR_COLUMNS);
    let org_contact = Contact { email: org.email.clone(), phone: org.phone.clone(), address: org.address.clone() };
    actor_row(&mut w, A_CONTROLLER, org.legal_name.trim(), &org_contact, "");
    if org.dpo.designated {
        let (phone, email, address) = dpo_contact(org);
        let dpo_name = match org.dpo.person.full_name() {
            n if n.is_empty() => org.dpo.organisation_name.clone(),
            n => n,
        };
        let contact = Contact {
            email: Some(email).filter(|s| !s.is_empty()),
            phone: Some(phone).filter(|s| !s.is_empty()),
            address,
        };
        actor_row(&mut w, A_DPO, &dpo_name, &contact, "");
        w.row(A_DPO_COMPANY, &[org.dpo.organisation_name.trim()]);
    } else {
        w.row(A_DPO, &[]);
        w.row(A_DPO_COMPANY, &[]);
    }
    match &org.eu_representative {
        Some(r) => actor_row(&mut w, A_REPRESENTATIVE, &r.name, &r.contact, ""),
        None => w.row(A_REPRESENTATIVE, &[]),
    }
    if p.joint_controllers.is_empty() {
        w.row(A_JOINT, &[]);
    }
    for j in &p.joint_controllers {
        actor_row(&mut w, A_JOINT, &j.name, &j.contact, &j.arrangement);
    }
    w.next();

    // Finalités
    w.header(SEC_PURPOSES, &PURPOSE_COLUMNS);
    let main = p.main_purpose();
    match main {
        Some(m) => w.row(L_MAIN_PURPOSE, &[&m.description, m.legal_basis.label_fr(), &m.justification]),
        None => w.row(L_MAIN_PURPOSE, &[]),
    }
    let subs: Vec<_> = p.purposes.iter().filter(|x| main.is_none_or(|m| !std::ptr::eq(*x, m))).collect();
    for i in 0..subs.len().max(SUB_PURPOSE_ROWS) {
        let label = format!("{L_SUB_PURPOSE} {}", i + 1);
        match subs.get(i) {
            Some(s) => w.row(&label, &[&s.description, s.legal_basis.label_fr(), &s.justification]),
            None => w.row(&label, &[]),
        }
    }
    w.next();

    // Catégories de données
    w.header(SEC_DATA, &DATA_COLUMNS);
    for category in DATA_ROWS {
        let entries: Vec<_> = p.data_categories.iter().filter(|d| d.category == category).collect();
        if entries.is_empty() {
            w.row(category.label_fr(), &[]);
        }
        for d in entries {
            let (text, kind, source) = retention_cells(&d.retention);
            w.row(category.label_fr(), &[&d.description, &text, d.final_disposal.label_fr(), &source, kind]);
        }
    }
    w.next();

    // Données sensibles
    w.header(SEC_SENSITIVE, &SENSITIVE_COLUMNS);
    for category in SpecialCategory::ALL {
        let entries: Vec<_> = p.sensitive_data.iter().filter(|d| d.category == *category).collect();
        if entries.is_empty() {
            w.row(category.label_fr(), &[]);
        }
        for d in entries {
            let (text, kind, source) = retention_cells(&d.retention);
            let exception = d.exception.map(|e| e.label_fr()).unwrap_or("");
            w.row(category.label_fr(), &[&d.description, &text, exception, &source, kind]);
        }
    }
    match &p.criminal_data {
        Some(c) => {
            let (text, kind, source) = retention_cells(&c.retention);
            w.row(OFFENCES_LABEL, &[&c.description, &text, &c.legal_ground, &source, kind]);
        }
        None => w.row(OFFENCES_LABEL, &[]),
    }
    w.next();

    // Personnes concernées
    w.header(SEC_PERSONS, &PERSON_COLUMNS);
    for i in 0..p.persons_concerned.len().max(MIN_TABLE_ROWS) {
        let label = format!("Catégorie {}", i + 1);
        match p.persons_concerned.get(i) {
            Some(c) => {
                w.text(0, label, Style::Bold);
                w.text(1, c.category.label_fr(), Style::Text);
                w.text(2, c.details.trim(), Style::Text);
                if let Some(n) = c.approximate_number {
                    w.put(3, Value::Int(n), Style::Text);
                }
                w.text(4, oui_non(c.vulnerable), Style::Text);
                w.next();
            }
            None => w.row(&label, &[]),
        }
    }
    w.next();

    // Destinataires
    w.header(SEC_RECIPIENTS, &RECIPIENT_COLUMNS);
    for i in 0..p.recipients.len().max(MIN_TABLE_ROWS) {
        let label = format!("Destinataire {}", i + 1);
        match p.recipients.get(i) {
            Some(r) => w.row(&label, &[r.kind.label_fr(), &r.details, &r.label]),
            None => w.row(&label, &[]),
        }
    }
    w.next();

    // Mesures de sécurité
    w.header(SEC_SECURITY, &SECURITY_COLUMNS);
    w.row(L_SECURITY_DESCRIPTION, &[p.security.description.trim()]);
    for i in 0..p.security.categories.len().max(MIN_TABLE_ROWS) {
        let label = format!("Mesure {}", i + 1);
        match p.security.categories.get(i) {
            Some(c) => w.row(&label, &[c.label_fr()]),
            None => w.row(&label, &[]),
        }
    }
    w.next();

    // Transferts hors UE
    w.header(SEC_TRANSFERS, &TRANSFER_COLUMNS);
    for i in 0..p.transfers.len().max(MIN_TABLE_ROWS - 1) {
        let label = format!("Transfert {}", i + 1);
        match p.transfers.get(i) {
            Some(t) => {
                let country = if t.country.is_empty() { String::new() } else { country_display(&t.country) };
                w.row(
                    &label,
                    &[&t.recipient, &country, t.safeguard.map(|s| s.label_fr()).unwrap_or(""), &t.documentation],
                );
            }
            None => w.row(&label, &[]),
        }
    }
    w.next();

    // Compléments (ours)
    w.header(SEC_EXTRA, &[]);
    let join = |v: Vec<&str>| v.join("\n");
    w.row(X_ROLE, &[p.role.label_fr()]);
    w.row(X_DEPARTMENT, &[p.department.trim()]);
    w.row(X_OWNER, &[p.owner.trim()]);
    w.row(X_SOFTWARE, &[&join(p.software.iter().map(|s| s.trim()).collect())]);
    w.row(X_PAPER, &[oui_non(p.paper)]);
    w.row(X_ORIGINS, &[&join(p.data_origins.iter().map(|o| o.label_fr()).collect())]);
    w.row(X_ORIGIN_DETAILS, &[&p.data_origin_details]);
    w.row(X_MEANS, &[&join(p.collection_means.iter().map(|o| o.label_fr()).collect())]);
    w.row(X_MEANS_DETAILS, &[&p.collection_details]);
    w.row(X_INFORMATION, &[&p.information_of_persons]);
    w.row(X_RIGHTS, &[&p.rights_exercise]);
    w.row(X_AUTOMATED, &[oui_non(p.automated_decision)]);
    w.row(X_AUTOMATED_DETAILS, &[&p.automated_decision_details]);
    w.row(X_NIR, &[&p.nir_justification]);
    w.row(X_STATUS, &[p.status.label_fr()]);
    w.row(X_DPO_NOTES, &[&p.dpo_notes]);
    w.text(0, X_NEXT_REVIEW, Style::Bold);
    w.date(1, p.next_review);
    w.next();
    w.row(X_LARGE_SCALE, &[oui_non(p.large_scale)]);
    w.row(X_PUBLIC, &[oui_non(p.public_register)]);
    w.row(X_ARCHIVED, &[oui_non(p.archived)]);

    SheetOut { name, widths: FICHE_WIDTHS, cells: w.cells }
}

fn processor_sheet(bundle: &OrganisationBundle, activities: &[&ProcessorActivity]) -> SheetOut {
    let mut w = Writer::new();
    w.text(0, "Registre des activités de sous-traitance (art. 30.2 RGPD)", Style::Title);
    w.next();
    w.next();
    for (i, c) in PROCESSOR_COLUMNS.iter().enumerate() {
        w.text(i as u16, *c, Style::Header);
    }
    w.next();
    for a in activities {
        let sub_processors: Vec<String> = a
            .sub_processors
            .iter()
            .filter_map(|id| bundle.third_parties.iter().find(|t| t.id == *id))
            .map(|t| t.name.trim().to_string())
            .chain(Some(a.sub_processors_details.trim().to_string()).filter(|s| !s.is_empty()))
            .collect();
        let transfers: Vec<String> = a
            .transfers
            .iter()
            .map(|t| {
                let mut s = t.recipient.trim().to_string();
                if !t.country.is_empty() {
                    s.push_str(&format!(" – {}", country_display(&t.country)));
                }
                if let Some(g) = t.safeguard {
                    s.push_str(&format!(" – {}", g.label_fr()));
                }
                s
            })
            .collect();
        let mut security = a.security.description.trim().to_string();
        let categories: Vec<&str> = a.security.categories.iter().map(|c| c.label_fr()).collect();
        if !categories.is_empty() {
            if !security.is_empty() {
                security.push('\n');
            }
            security.push_str(&categories.join(" | "));
        }
        let clients: Vec<Option<&crate::model::ClientController>> =
            if a.clients.is_empty() { vec![None] } else { a.clients.iter().map(Some).collect() };
        for client in clients {
            w.text(0, a.name.trim(), Style::Bold);
            w.text(1, a.reference.trim(), Style::Text);
            w.text(2, a.description.trim(), Style::Text);
            if let Some(c) = client {
                w.text(3, c.name.trim(), Style::Text);
                let mut contact: Vec<String> = Vec::new();
                let address = c.contact.address.one_line();
                for part in [
                    address.as_str(),
                    c.contact.phone.as_deref().unwrap_or(""),
                    c.contact.email.as_deref().unwrap_or(""),
                ] {
                    if !part.trim().is_empty() {
                        contact.push(part.trim().to_string());
                    }
                }
                w.text(4, contact.join("\n"), Style::Text);
                w.text(5, c.operations.trim(), Style::Text);
            }
            w.text(6, sub_processors.join("\n"), Style::Text);
            w.text(7, transfers.join("\n"), Style::Text);
            w.text(8, security.clone(), Style::Text);
            w.date(9, Some(a.created_at.date_naive()));
            w.date(10, Some(a.updated_at.date_naive()));
            w.next();
        }
    }
    SheetOut { name: PROCESSOR_SHEET.to_string(), widths: PROCESSOR_WIDTHS, cells: w.cells }
}

/// True when `cell` (any text) is the label `label`, compared without case, accents or
/// punctuation; a label followed by more words (« Nom du traitement : ») matches too.
pub(crate) fn is_label(cell: &str, label: &str) -> bool {
    let (c, l) = (norm(cell), norm(label));
    !l.is_empty() && (c == l || c.strip_prefix(l.as_str()).is_some_and(|rest| rest.starts_with(' ')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_safe_and_unique() {
        let mut used = HashSet::new();
        used.insert(LIST_SHEET.to_lowercase());
        let a = sheet_name("Fiche 1 – Gestion de la paie et des congés [RH]", &mut used);
        assert!(a.chars().count() <= 31, "{a}");
        assert!(!a.contains(['[', ']', ':', '*', '?', '/', '\\']));
        assert!(!a.ends_with(' '));
        let b = sheet_name("Fiche 1 – Gestion de la paie et des congés [RH]", &mut used);
        assert_ne!(a.to_lowercase(), b.to_lowercase());
        assert!(b.chars().count() <= 31, "{b}");
        assert_eq!(sheet_name("liste des traitements", &mut used), "liste des traitements (2)");
        assert_eq!(sheet_name("'''", &mut used), "Feuille");
        assert!(sheet_name("a/b:c?d*e", &mut used).starts_with("a-b-c-d-e"));
    }

    #[test]
    fn labels_match_loosely() {
        assert!(is_label("N°/REF", L_REFERENCE));
        assert!(is_label("  nom du traitement : ", L_NAME));
        assert!(!is_label("Nom", L_NAME));
        assert!(!is_label("Nomenclature", "Nom"));
    }
}
