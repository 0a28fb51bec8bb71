//! Reading a table with one processing per row (any register kept in a spreadsheet, and
//! our own CSV export): finding the header row, suggesting which column holds which field,
//! and reading the rows through a [`ColumnMapping`].

use super::grid::{Cell, Grid};
use super::import::{
    check_valid, date_cell, read_retention, ColumnMapping, Field, Issues, RETENTION_DOUBT_EN, RETENTION_DOUBT_FR,
};
use super::words::{self, has, norm, SafeguardWord};
use crate::model::{
    DataCategory, DataCategoryEntry, DataSubjectCategory, FinalDisposal, LegalBasis, PersonsConcerned, Processing,
    Purpose, Recipient, RecipientKind, Retention, Transfer,
};

/// Header words that suggest a field, most specific first (« Sous-finalités » before
/// « Finalité », « Nom du traitement » last since many headers contain « traitement »).
const RULES: &[(Field, &[&str])] = &[
    (
        Field::SubPurposes,
        &["sous finalite", "autres finalites", "finalites secondaires", "sub purpose", "other purpose"],
    ),
    (Field::MainPurpose, &["finalite", "objectif", "purpose", "but du traitement"]),
    (Field::LegalBasis, &["base legale", "bases legales", "base juridique", "fondement", "liceite", "legal basis"]),
    (Field::Retention, &["duree", "conservation", "retention"]),
    (
        Field::DataCategories,
        &[
            "categories de donnees",
            "categorie de donnees",
            "donnees collectees",
            "donnees traitees",
            "donnees personnelles",
            "types de donnees",
            "type de donnees",
            "data categor",
            "personal data",
        ],
    ),
    (Field::Persons, &["personnes", "concerne", "data subject", "persons"]),
    (Field::Recipients, &["destinataire", "recipient"]),
    (Field::Transfers, &["transfert", "hors ue", "pays tiers", "transfer"]),
    (Field::Security, &["securite", "security", "mesures"]),
    (Field::Reference, &["n ref", "ref", "reference", "numero", "code", "identifiant"]),
    (Field::Department, &["service", "direction", "departement", "department", "pole"]),
    (Field::Owner, &["gestionnaire", "pilote", "referent", "responsable", "proprietaire", "owner"]),
    (Field::Software, &["logiciel", "application", "outil", "support", "software"]),
    (Field::NextReview, &["prochaine revue", "revue", "revision", "echeance", "review"]),
    (Field::Notes, &["observation", "commentaire", "remarque", "notes", "note"]),
    (Field::Name, &["nom du traitement", "traitement", "activite", "intitule", "nom", "name", "processing"]),
];

/// The field a header suggests.
fn field_of(header: &str) -> Option<Field> {
    let n = norm(header);
    if n == "donnees" || n == "data" {
        return Some(Field::DataCategories);
    }
    RULES.iter().find(|(_, words)| words.iter().any(|w| has(&n, w))).map(|&(f, _)| f)
}

/// The header row: the first row (among the first 30) with at least two filled cells, all
/// of them text; a lone filled cell counts when it is a header we know (one-column table).
/// A title above the table is skipped. `None` when the first filled row holds numbers or
/// dates: that is data, not headers.
pub(crate) fn header_row(g: &Grid) -> Option<usize> {
    for r in 0..g.height().min(30) {
        let filled: Vec<&Cell> = g.rows[r].iter().filter(|c| !c.is_empty()).collect();
        match filled.len() {
            0 => continue,
            1 => {
                if is_word(filled[0]) && field_of(&filled[0].text()).is_some() {
                    return Some(r);
                }
            }
            _ => return filled.iter().all(|c| is_word(c)).then_some(r),
        }
    }
    None
}

/// A header is text with letters: « 2024 » or « 13/05/2019 » in a CSV is data.
fn is_word(c: &Cell) -> bool {
    matches!(c, Cell::Text(t) if t.chars().any(char::is_alphabetic) && c.date().is_none())
}

/// A mapping suggested from the header words: each field goes to the first column that
/// names it.
pub(crate) fn suggest(g: &Grid, header_row: usize) -> Vec<(usize, Field)> {
    let mut out: Vec<(usize, Field)> = Vec::new();
    for c in 0..g.width() {
        if let Some(f) = field_of(&g.text(header_row, c)) {
            if !out.iter().any(|(_, x)| *x == f) {
                out.push((c, f));
            }
        }
    }
    out
}

/// Several values in one cell: ` | ` (our CSV) and line breaks; when the cell has no `|`,
/// also semicolons (unless `keep_semicolons`), the other usual way of listing by hand.
fn split(text: &str, keep_semicolons: bool) -> Vec<String> {
    let semicolons = !keep_semicolons && !text.contains('|');
    text.split(|c| c == '|' || c == '\n' || (semicolons && c == ';'))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// « Catégorie : précisions » → (recognised category, precision); the whole item when the
/// part before « : » is not a category.
fn labelled<T>(item: &str, parse: fn(&str) -> Option<T>) -> (Option<T>, String) {
    if let Some((head, tail)) = item.split_once(" : ").or_else(|| item.split_once(':')) {
        if let Some(v) = parse(head) {
            return (Some(v), tail.trim().to_string());
        }
    }
    match parse(item) {
        // The item is the category itself (« Salariés »): nothing more to say.
        Some(v) if item.split_whitespace().count() <= 6 => (Some(v), String::new()),
        found => (found, item.to_string()),
    }
}

fn append(target: &mut String, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(text.trim());
}

/// Reads every data row under the header row.
pub(crate) fn read(g: &Grid, mapping: &ColumnMapping, issues: &mut Issues) -> Vec<Processing> {
    let mut out = Vec::new();
    for r in mapping.header_row + 1..g.height() {
        if mapping.columns.iter().all(|(c, _)| g.cell(r, *c).is_empty()) {
            continue;
        }
        let p = read_row(g, r, mapping, issues);
        if check_valid(&p, &g.name, issues) {
            out.push(p);
        }
    }
    out
}

fn read_row(g: &Grid, r: usize, mapping: &ColumnMapping, issues: &mut Issues) -> Processing {
    let mut p = Processing::new("");
    let mut main = String::new();
    let mut subs: Vec<String> = Vec::new();
    let mut bases: Vec<(LegalBasis, String)> = Vec::new();
    let mut retentions: Vec<Option<Retention>> = Vec::new();
    let mut name_col = None;
    for &(c, field) in &mapping.columns {
        let cell = g.cell(r, c);
        if cell.is_empty() {
            if field == Field::Name {
                name_col = Some(c);
            }
            continue;
        }
        let text = cell.text();
        match field {
            Field::Name => {
                name_col = Some(c);
                p.name = if p.name.is_empty() { text } else { format!("{} – {text}", p.name) };
            }
            Field::Reference => {
                p.reference = if p.reference.is_empty() { text } else { format!("{} – {text}", p.reference) }
            }
            Field::MainPurpose => append(&mut main, &text),
            Field::SubPurposes => subs.extend(split(&text, false)),
            Field::LegalBasis => {
                let mut unknown = Vec::new();
                for item in split(&text, false) {
                    match words::legal_basis(&item) {
                        Some(b) => bases.push((b, String::new())),
                        None => {
                            bases.push((LegalBasis::ToDetermine, format!("Base légale indiquée : {item}")));
                            unknown.push(item);
                        }
                    }
                }
                if !unknown.is_empty() {
                    issues.cell(
                        g,
                        r,
                        c,
                        format!(
                            "Base légale non reconnue ({}) : elle est notée « À déterminer » et le texte est gardé \
                             dans la justification. Choisissez la base dans la fiche.",
                            unknown.join(", ")
                        ),
                        format!(
                            "Legal basis not recognised ({}): it is set to \"to be determined\" and the text is \
                             kept in the justification. Choose the basis in the entry.",
                            unknown.join(", ")
                        ),
                    );
                }
            }
            Field::Persons => {
                let mut unknown = Vec::new();
                for item in split(&text, false) {
                    let (category, details) = labelled(&item, words::subject_category);
                    if category.is_none() {
                        unknown.push(item.clone());
                    }
                    p.persons_concerned.push(PersonsConcerned {
                        category: category.unwrap_or(DataSubjectCategory::Other),
                        details,
                        approximate_number: None,
                        vulnerable: false,
                    });
                }
                unknown_items(issues, g, r, c, &unknown, "catégorie de personnes", "category of persons");
            }
            Field::DataCategories => {
                let mut unknown = Vec::new();
                for item in split(&text, false) {
                    let (category, description) = labelled(&item, words::data_category);
                    if category.is_none() {
                        unknown.push(item.clone());
                    }
                    p.data_categories.push(DataCategoryEntry {
                        category: category.unwrap_or(DataCategory::Other),
                        description,
                        retention: None,
                        final_disposal: FinalDisposal::NotDetermined,
                    });
                }
                unknown_items(issues, g, r, c, &unknown, "catégorie de données", "category of data");
            }
            Field::Retention => {
                // One retention per line (« ; » may be part of a criterion).
                let mut doubtful = false;
                for item in split(&text, true) {
                    let (retention, doubt) = read_retention(&item);
                    retentions.push(retention);
                    doubtful |= doubt;
                }
                if doubtful {
                    issues.cell(g, r, c, RETENTION_DOUBT_FR, RETENTION_DOUBT_EN);
                }
            }
            Field::Recipients => {
                let mut unknown = Vec::new();
                for item in split(&text, false) {
                    let (kind, label) = labelled(&item, words::recipient_kind);
                    if kind.is_none() {
                        unknown.push(item.clone());
                    }
                    let label = if label.is_empty() { item.clone() } else { label };
                    p.recipients.push(Recipient {
                        kind: kind.unwrap_or(RecipientKind::Other),
                        label,
                        third_party: None,
                        details: String::new(),
                    });
                }
                unknown_items(issues, g, r, c, &unknown, "type de destinataire", "kind of recipient");
            }
            Field::Transfers => {
                for item in split(&text, false) {
                    p.transfers.push(transfer(g, r, c, &item, issues));
                }
            }
            Field::Security => {
                let mut rest = Vec::new();
                for item in split(&text, false) {
                    match words::security_category(&item) {
                        Some(cat) if item.split_whitespace().count() <= 8 => {
                            if !p.security.categories.contains(&cat) {
                                p.security.categories.push(cat);
                            }
                        }
                        _ => rest.push(item),
                    }
                }
                if p.security.categories.is_empty() {
                    // Nothing recognised: the text is a description, kept as typed.
                    append(&mut p.security.description, &text);
                } else {
                    append(&mut p.security.description, &rest.join("\n"));
                }
            }
            Field::Department => append(&mut p.department, &text),
            Field::Owner => append(&mut p.owner, &text),
            Field::Software => p.software.extend(split(&text, false)),
            Field::Notes => append(&mut p.dpo_notes, &text),
            Field::NextReview => match date_cell(g, r, c, issues) {
                Some(d) => p.next_review = Some(d),
                None => append(&mut p.dpo_notes, &format!("Prochaine revue indiquée : {text}")),
            },
        }
    }

    // Purposes: main first, then the others, each with its basis in order (one basis for
    // all when only one is given).
    let mut descriptions: Vec<(String, bool)> = Vec::new();
    if !main.is_empty() {
        descriptions.push((main, true));
    }
    descriptions.extend(subs.into_iter().map(|s| (s, false)));
    if descriptions.is_empty() && !bases.is_empty() {
        descriptions.push((String::new(), true));
    }
    if !descriptions.iter().any(|(_, m)| *m) {
        if let Some(first) = descriptions.first_mut() {
            first.1 = true;
        }
    }
    let n = descriptions.len();
    for (i, (description, is_main)) in descriptions.into_iter().enumerate() {
        let (legal_basis, justification) = match bases.len() {
            0 => (LegalBasis::ToDetermine, String::new()),
            1 => bases[0].clone(),
            _ => bases.get(i).cloned().unwrap_or((LegalBasis::ToDetermine, String::new())),
        };
        p.purposes.push(Purpose { description, is_main, legal_basis, justification });
    }
    if bases.len() > n.max(1) {
        let extra: Vec<String> = bases[n..].iter().map(|(b, _)| b.label_fr().to_string()).collect();
        if let Some(main) = p.purposes.first_mut() {
            append(&mut main.justification, &format!("Autres bases légales indiquées : {}", extra.join(", ")));
        }
    }

    // Retentions: one per data category in order (« à préciser » keeps its place), or one
    // for all.
    if retentions.iter().any(Option::is_some) {
        let other = |r: Retention| DataCategoryEntry {
            category: DataCategory::Other,
            description: String::new(),
            retention: Some(r),
            final_disposal: FinalDisposal::NotDetermined,
        };
        if p.data_categories.is_empty() {
            p.data_categories.extend(retentions.into_iter().flatten().map(other));
        } else if retentions.len() == 1 {
            for d in &mut p.data_categories {
                d.retention = retentions[0].clone();
            }
        } else {
            for (i, r) in retentions.into_iter().enumerate() {
                match p.data_categories.get_mut(i) {
                    Some(d) => d.retention = r,
                    None => p.data_categories.extend(r.map(other)),
                }
            }
        }
    }

    if p.name.trim().is_empty() {
        p.name = format!("Traitement sans nom (ligne {})", r + 1);
        let c = name_col.unwrap_or(0);
        issues.cell(
            g,
            r,
            c,
            format!(
                "Cette ligne n'a pas de nom de traitement : elle est importée sous le nom « {} ». Renommez-la.",
                p.name
            ),
            format!("This row has no processing name: it is imported as \"{}\". Rename it.", p.name),
        );
    }
    p
}

fn unknown_items(issues: &mut Issues, g: &Grid, r: usize, c: usize, unknown: &[String], what_fr: &str, what_en: &str) {
    if unknown.is_empty() {
        return;
    }
    issues.cell(
        g,
        r,
        c,
        format!(
            "{} non reconnu(e) : {}. Classé(e) dans « Autres », le texte est gardé dans les précisions.",
            capitalise(what_fr),
            unknown.join(", ")
        ),
        format!(
            "{} not recognised: {}. Filed under \"Other\", the text is kept in the details.",
            capitalise(what_en),
            unknown.join(", ")
        ),
    );
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One transfer written as « Destinataire – Pays (XX) – Garantie » (our CSV) or any order
/// of these parts separated by « – », « - » or « , ».
fn transfer(g: &Grid, r: usize, c: usize, item: &str, issues: &mut Issues) -> Transfer {
    let mut t = Transfer::default();
    let mut rest = Vec::new();
    // « – » between parts (our CSV), else commas; never « / », which URLs contain.
    let dashed: Vec<&str> = item.split(['–', '—']).flat_map(|s| s.split(" - ")).map(str::trim).collect();
    let parts = if dashed.len() > 1 { dashed } else { item.split(", ").map(str::trim).collect() };
    for part in parts.iter().filter(|s| !s.is_empty()) {
        if t.country.is_empty() {
            if let Some(code) = words::country(part) {
                t.country = code;
                continue;
            }
        }
        if t.safeguard.is_none() {
            match words::safeguard(part) {
                Some(SafeguardWord::Known(s)) => {
                    t.safeguard = Some(s);
                    continue;
                }
                Some(SafeguardWord::PrivacyShield) => {
                    issues.cell(g, r, c, privacy_shield_fr(), privacy_shield_en());
                    rest.push(part.to_string());
                    continue;
                }
                None => {}
            }
        }
        rest.push(part.to_string());
    }
    if t.country.is_empty() {
        issues.cell(
            g,
            r,
            c,
            format!("Pays du transfert non reconnu dans « {item} » : indiquez-le dans la fiche (code à 2 lettres, par exemple US)."),
            format!("Country of the transfer not recognised in \"{item}\": enter it in the entry (2-letter code, e.g. US)."),
        );
    }
    let mut rest = rest.into_iter();
    t.recipient = rest.next().unwrap_or_default();
    t.documentation = rest.collect::<Vec<_>>().join(", ");
    t
}

/// The Privacy Shield is still offered by the 2019 CNIL lists.
pub(crate) fn privacy_shield_fr() -> String {
    "Le « Privacy Shield » n'est plus une garantie valable depuis l'arrêt Schrems II de la Cour de justice de l'UE \
     (16 juillet 2020) : le texte est gardé dans la documentation, choisissez la garantie actuelle (par exemple la \
     décision d'adéquation du 10 juillet 2023 si le destinataire américain est certifié « Data Privacy Framework »)."
        .to_string()
}

pub(crate) fn privacy_shield_en() -> String {
    "The \"Privacy Shield\" is no longer a valid safeguard since the EU Court of Justice's Schrems II judgment \
     (16 July 2020): the text is kept in the documentation; choose the current safeguard (for instance the \
     adequacy decision of 10 July 2023 if the US recipient is certified under the Data Privacy Framework)."
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_fields_from_headers() {
        let cases = [
            ("Nom du traitement", Some(Field::Name)),
            ("Finalité du traitement", Some(Field::MainPurpose)),
            ("Sous-finalités", Some(Field::SubPurposes)),
            ("Base légale", Some(Field::LegalBasis)),
            ("Durées de conservation", Some(Field::Retention)),
            ("Personnes concernées", Some(Field::Persons)),
            ("Catégories de données", Some(Field::DataCategories)),
            ("Données sensibles (Oui / Non)", None),
            ("N° / RÉF", Some(Field::Reference)),
            ("Prénom", None),
            ("Prochaine revue", Some(Field::NextReview)),
            ("Responsable du traitement", Some(Field::Owner)),
        ];
        for (h, want) in cases {
            assert_eq!(field_of(h), want, "{h}");
        }
    }

    #[test]
    fn splits_labelled_items() {
        assert_eq!(split("a | b\nc ; d", false), ["a", "b", "c ; d"]);
        assert_eq!(split("a\nc ; d", false), ["a", "c", "d"]);
        assert_eq!(split("a ; b", true), ["a ; b"]);
        let (c, d) = labelled("Clients : adhérents du programme", words::subject_category);
        assert_eq!((c, d.as_str()), (Some(DataSubjectCategory::Customers), "adhérents du programme"));
        let (c, d) = labelled("Salariés", words::subject_category);
        assert_eq!((c, d.as_str()), (Some(DataSubjectCategory::Employees), ""));
        let (c, d) = labelled("Bénévoles", words::subject_category);
        assert_eq!((c, d.as_str()), (None, "Bénévoles"));
    }
}
