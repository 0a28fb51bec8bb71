//! The register as one CSV table: one row per processing, the columns of
//! [`CSV_COLUMNS`] (documented in `docs/register-csv.md`).
//!
//! Written for French spreadsheet programs: UTF-8 with a byte-order mark (without it Excel
//! reads the accents as Windows-1252), `;` as separator (French Excel uses `,` as the
//! decimal mark), dates as `jj/mm/aaaa`, several values in one cell joined with ` | `.

use super::cnil::{has_sensitive, kept, oui_non};
use super::words::{country_display, date_fr};
use super::{SheetError, SheetOptions};
use crate::model::{OrganisationBundle, Processing, Retention};

/// Separator between several values in one cell.
pub const MULTI_SEPARATOR: &str = " | ";

/// The columns of the CSV export, in order: header (French, as written in the file) and
/// meaning (English, for the documentation).
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("Nom du traitement", "Name of the processing activity"),
    ("N° / RÉF", "The organisation's own reference"),
    ("Date de création de la fiche", "Creation date of the entry, dd/mm/yyyy"),
    ("Dernière mise à jour", "Date of the last change, dd/mm/yyyy"),
    ("En tant que", "Role of the organisation: controller, joint controller or processor"),
    ("Service", "Department in charge"),
    ("Gestionnaire", "Person in charge of the entry"),
    ("Finalité principale", "Main purpose"),
    ("Sous-finalités", "Other purposes, joined with \" | \""),
    (
        "Bases légales",
        "Legal basis (Art. 6(1)) of each purpose, main purpose first then the sub-purposes in order, joined with \" | \"",
    ),
    ("Personnes concernées", "Categories of persons, each as \"Category : details\", joined with \" | \""),
    ("Catégories de données", "Categories of data, each as \"Category : description\", joined with \" | \""),
    (
        "Durées de conservation",
        "Retention of each data category, in the same order as the previous column, \"à préciser\" when not set",
    ),
    ("Données sensibles (Oui / Non)", "Whether Art. 9 or Art. 10 data are processed"),
    (
        "Détail des données sensibles",
        "Each special category (and offence data) as \"Category : description (retention)\", joined with \" | \"",
    ),
    ("Destinataires", "Recipients, each as \"Kind : name\", joined with \" | \""),
    (
        "Transferts hors UE",
        "Transfers outside the EU, each as \"Recipient – Country (code) – Safeguard\", joined with \" | \"",
    ),
    ("Mesures de sécurité", "Families of security measures in place, joined with \" | \""),
    ("Description des mesures de sécurité", "General description of the security measures"),
    ("Logiciels et supports", "Software and media used, joined with \" | \""),
    ("Statut", "Progress of the entry: draft, complete, validated by the DPO"),
    ("Prochaine revue", "Date of the next review, dd/mm/yyyy"),
    ("Archivé (Oui / Non)", "Whether the processing is no longer carried out"),
    ("Observations du DPO", "The DPO's notes and recommendations"),
];

/// What the CSV says when a data category has no retention yet.
pub(crate) const RETENTION_NOT_SET: &str = "à préciser";

fn join<I: IntoIterator<Item = String>>(items: I) -> String {
    items.into_iter().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(MULTI_SEPARATOR)
}

/// « Catégorie : précisions », or the category alone.
fn labelled(label: &str, details: &str) -> String {
    match details.trim() {
        "" => label.to_string(),
        d => format!("{label} : {d}"),
    }
}

fn retention_text(r: &Option<Retention>) -> String {
    match r {
        None => RETENTION_NOT_SET.to_string(),
        Some(Retention::Criterion { criterion, .. }) if criterion.trim().is_empty() => RETENTION_NOT_SET.to_string(),
        Some(r) => r.to_french(),
    }
}

/// The cells of one processing, in the order of [`CSV_COLUMNS`].
pub(crate) fn row(p: &Processing) -> Vec<String> {
    let main = p.main_purpose();
    let subs: Vec<_> = p.purposes.iter().filter(|x| main.is_none_or(|m| !std::ptr::eq(*x, m))).collect();
    let mut sensitive: Vec<String> = p
        .sensitive_data
        .iter()
        .map(|s| {
            let mut t = labelled(s.category.label_fr(), &s.description);
            if s.retention.is_some() {
                t.push_str(&format!(" ({})", retention_text(&s.retention)));
            }
            t
        })
        .collect();
    if let Some(c) = &p.criminal_data {
        let mut t = labelled("Infractions et condamnations", &c.description);
        if c.retention.is_some() {
            t.push_str(&format!(" ({})", retention_text(&c.retention)));
        }
        sensitive.push(t);
    }
    let date = |d: chrono::NaiveDate| date_fr(d);
    vec![
        p.name.trim().to_string(),
        p.reference.trim().to_string(),
        date(p.created_at.date_naive()),
        date(p.updated_at.date_naive()),
        p.role.label_fr().to_string(),
        p.department.trim().to_string(),
        p.owner.trim().to_string(),
        main.map(|m| m.description.trim().to_string()).unwrap_or_default(),
        join(subs.iter().map(|s| s.description.trim().to_string())),
        main.into_iter()
            .chain(subs.iter().copied())
            .map(|x| x.legal_basis.label_fr())
            .collect::<Vec<_>>()
            .join(MULTI_SEPARATOR),
        join(p.persons_concerned.iter().map(|c| labelled(c.category.label_fr(), &c.details))),
        join(p.data_categories.iter().map(|d| labelled(d.category.label_fr(), &d.description))),
        p.data_categories.iter().map(|d| retention_text(&d.retention)).collect::<Vec<_>>().join(MULTI_SEPARATOR),
        oui_non(has_sensitive(p)).to_string(),
        join(sensitive),
        join(p.recipients.iter().map(|r| labelled(r.kind.label_fr(), &r.label))),
        join(p.transfers.iter().map(|t| {
            let mut parts = vec![t.recipient.trim().to_string()];
            if !t.country.is_empty() {
                parts.push(country_display(&t.country));
            }
            if let Some(s) = t.safeguard {
                parts.push(s.label_fr().to_string());
            }
            parts.retain(|s| !s.is_empty());
            parts.join(" – ")
        })),
        join(p.security.categories.iter().map(|c| c.label_fr().to_string())),
        p.security.description.trim().to_string(),
        join(p.software.iter().map(|s| s.trim().to_string())),
        p.status.label_fr().to_string(),
        p.next_review.map(date).unwrap_or_default(),
        oui_non(p.archived).to_string(),
        p.dpo_notes.trim().to_string(),
    ]
}

/// The register as CSV bytes (UTF-8 with BOM, `;` separated, CRLF line ends).
pub(crate) fn write(bundle: &OrganisationBundle, opts: &SheetOptions) -> Result<Vec<u8>, SheetError> {
    let (processings, _) = kept(bundle, opts);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w =
            ::csv::WriterBuilder::new().delimiter(b';').terminator(::csv::Terminator::CRLF).from_writer(&mut out);
        let err = |e: ::csv::Error| SheetError::Csv(e.to_string());
        w.write_record(CSV_COLUMNS.iter().map(|(h, _)| *h)).map_err(err)?;
        for p in processings {
            w.write_record(row(p)).map_err(err)?;
        }
        w.flush().map_err(|e| SheetError::Csv(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cell_per_column() {
        let p = Processing::new("Paie");
        assert_eq!(row(&p).len(), CSV_COLUMNS.len());
    }
}
