//! Reading a workbook in the CNIL template layout — our own export or a copy of the CNIL
//! model filled in by hand — by its labels, never by fixed coordinates alone.
//!
//! In a « Fiche » sheet, the column of the labels is the one holding « Finalité
//! principale »; section titles (« Catégories de données personnelles »…) switch what the
//! following rows mean, and the column titles on a section's row (« Description », « Durée
//! de conservation »…) say where each value sits. Without column titles, values are taken
//! in order after the label, as in the CNIL model. The « Liste des traitements » sheet adds
//! the processings that have no sheet of their own.

use std::collections::HashMap;

use super::cnil::{self, is_label};
use super::grid::{Format, Grid, Workbook};
use super::import::{
    check_valid, date_cell, read_retention, timestamp, Issues, RETENTION_DOUBT_EN, RETENTION_DOUBT_FR,
};
use super::mapped::{privacy_shield_en, privacy_shield_fr};
use super::words::{self, by_label, has, norm, SafeguardWord, SensitiveRow};
use crate::model::{
    validate, CollectionMeans, Contact, CriminalData, DataCategory, DataCategoryEntry, DataOrigin, DataSubjectCategory,
    FinalDisposal, JointController, LegalBasis, PersonsConcerned, PostalAddress, Processing, Purpose, Recipient,
    RecipientKind, Retention, SecurityCategory, SensitiveData, Transfer,
};

/// True when the workbook has a « Fiche » sheet or a « Liste des traitements » sheet.
pub(crate) fn is_cnil_layout(wb: &Workbook) -> bool {
    wb.format != Format::Csv && wb.sheets.iter().any(|g| label_column(g).is_some() || is_list_sheet(g))
}

/// The column of the labels of a « Fiche » sheet: where « Finalité principale » is.
fn label_column(g: &Grid) -> Option<usize> {
    (0..g.height()).find_map(|r| (0..4).find(|&c| is_label(&g.text(r, c), cnil::L_MAIN_PURPOSE)))
}

fn is_list_sheet(g: &Grid) -> bool {
    norm(&g.name).starts_with("liste des traitements") && list_header(g).is_some()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    None,
    Description,
    Actors,
    Purposes,
    Data,
    Sensitive,
    Persons,
    Recipients,
    Security,
    Transfers,
    Extra,
}

/// The section a label opens, if it is a section title.
fn section_of(label: &str) -> Option<Section> {
    let n = norm(label);
    let starts = |p: &[&str]| p.iter().any(|x| n.starts_with(x));
    Some(if n == "description" {
        Section::Description
    } else if starts(&["acteurs"]) {
        Section::Actors
    } else if starts(&["finalites", "finalite s"]) {
        Section::Purposes
    } else if starts(&["donnees sensibles", "categories de donnees sensibles"]) {
        Section::Sensitive
    } else if starts(&["categories de donnees"]) {
        Section::Data
    } else if starts(&["categories de personnes", "personnes concernees"]) {
        Section::Persons
    } else if starts(&["destinataires", "destinataire s", "categories de destinataires"]) {
        Section::Recipients
    } else if starts(&["mesures de securite"]) {
        Section::Security
    } else if starts(&["transferts", "transfert s", "transfert de donnees hors"]) {
        Section::Transfers
    } else if starts(&["complements"]) {
        Section::Extra
    } else {
        return None;
    })
}

/// What a column of a section holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Description,
    Duration,
    Disposal,
    Source,
    Kind,
    Exception,
    Basis,
    Justification,
    Name,
    Address,
    Postcode,
    City,
    Country,
    Phone,
    Email,
    Arrangement,
    Type,
    Details,
    Number,
    Vulnerable,
    Recipient,
    Safeguard,
    Docs,
}

type RoleSpec = (Role, &'static [&'static str], Option<usize>);

/// Roles of a section: header words (checked in this order) and the default position after
/// the label when the section has no column titles (the CNIL model's order).
fn roles(section: Section) -> &'static [RoleSpec] {
    use Role::*;
    match section {
        Section::Data => &[
            (Source, &["source"], None),
            (Kind, &["nature"], None),
            (Disposal, &["sort final", "sort"], None),
            (Duration, &["duree", "conservation"], Some(2)),
            (Description, &["description", "donnees", "detail"], Some(1)),
        ],
        Section::Sensitive => &[
            (Source, &["source"], None),
            (Kind, &["nature"], None),
            (Exception, &["exception", "fondement", "base"], None),
            (Duration, &["duree", "conservation"], Some(2)),
            (Description, &["description", "detail"], Some(1)),
        ],
        Section::Purposes => &[
            (Justification, &["justification"], Some(3)),
            (Basis, &["base legale", "base juridique", "fondement"], Some(2)),
            (Description, &["description", "finalite", "libelle"], Some(1)),
        ],
        Section::Actors => &[
            (Arrangement, &["accord"], None),
            (Name, &["nom", "raison sociale"], Some(1)),
            (Address, &["adresse"], Some(2)),
            (Postcode, &["cp", "code postal"], Some(3)),
            (City, &["ville", "commune"], Some(4)),
            (Country, &["pays"], Some(5)),
            (Phone, &["tel", "telephone"], Some(6)),
            (Email, &["mel", "mail", "courriel", "email", "e mail"], Some(7)),
        ],
        Section::Persons => &[
            (Vulnerable, &["vulnerable"], None),
            (Number, &["nombre"], None),
            (Type, &["type", "categorie"], Some(1)),
            (Details, &["precision"], Some(2)),
        ],
        Section::Recipients => {
            &[(Type, &["type"], Some(1)), (Details, &["precision"], Some(2)), (Name, &["destinataire", "nom"], None)]
        }
        Section::Security => &[(Type, &["type", "mesure"], Some(1)), (Details, &["precision"], Some(2))],
        Section::Transfers => &[
            (Docs, &["documentation", "lien"], Some(4)),
            (Safeguard, &["garantie"], Some(3)),
            (Country, &["pays"], Some(2)),
            (Recipient, &["destinataire", "organisme"], Some(1)),
        ],
        Section::None | Section::Description | Section::Extra => &[],
    }
}

type Columns = HashMap<Role, usize>;

/// Column titles of row `r` for `section`, when at least one cell names a role and no
/// filled cell is something else.
fn header_columns(g: &Grid, r: usize, lc: usize, section: Section) -> Option<Columns> {
    let specs = roles(section);
    let mut cols = Columns::new();
    for c in lc + 1..g.rows.get(r).map_or(0, Vec::len) {
        let t = g.text(r, c);
        if t.is_empty() {
            continue;
        }
        let n = norm(&t);
        match specs.iter().find(|(_, words, _)| words.iter().any(|w| has(&n, w))) {
            Some((role, _, _)) => {
                cols.entry(*role).or_insert(c);
            }
            None => return None,
        }
    }
    (!cols.is_empty()).then_some(cols)
}

fn default_columns(section: Section, lc: usize) -> Columns {
    roles(section).iter().filter_map(|(role, _, offset)| offset.map(|o| (*role, lc + o))).collect()
}

/// Reads every processing of the workbook.
pub(crate) fn read(wb: &Workbook, issues: &mut Issues) -> Vec<Processing> {
    let mut fiches: Vec<(Processing, String)> = Vec::new();
    let mut list: Vec<ListRow> = Vec::new();
    for g in &wb.sheets {
        let n = norm(&g.name);
        if is_list_sheet(g) {
            list.extend(read_list(g, issues));
        } else if n.contains("exemple") {
            issues.sheet(
                &g.name,
                "Feuille d'exemple ignorée : elle n'est pas importée comme un traitement.",
                "Example sheet skipped: it is not imported as a processing.",
            );
        } else if let Some(lc) = label_column(g) {
            if let Some(p) = read_fiche(g, lc, issues) {
                fiches.push((p, g.name.clone()));
            }
        } else if n == norm(cnil::PROCESSOR_SHEET) {
            issues.sheet(
                &g.name,
                "Les activités de sous-traitance (art. 30.2) ne sont pas importées : saisissez-les dans Greffier.",
                "Processor activities (Art. 30(2)) are not imported: enter them in Greffier.",
            );
        } else if n == "listes" || g.is_blank() {
            // The CNIL model's drop-down lists, or an empty sheet: nothing to read.
        } else {
            issues.sheet(
                &g.name,
                format!("Feuille « {} » ignorée : ce n'est ni la liste des traitements ni une fiche.", g.name),
                format!("Sheet \"{}\" skipped: it is neither the list of processings nor an entry sheet.", g.name),
            );
        }
    }

    // List order first, each processing taken from its own sheet when it has one; then
    // the sheets the list does not name, in workbook order.
    let mut fiches: Vec<Option<(Processing, String)>> = fiches.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for row in list {
        let key = norm(&row.processing.name);
        let found = fiches.iter().position(|f| f.as_ref().is_some_and(|(p, _)| norm(&p.name) == key));
        match found.and_then(|i| fiches[i].take()) {
            Some((mut p, sheet)) => {
                if p.reference.is_empty() {
                    p.reference = row.processing.reference;
                }
                if p.next_review.is_none() {
                    p.next_review = row.processing.next_review;
                }
                out.push((p, sheet));
            }
            None => {
                if row.sensitive == Some(true) {
                    issues.0.push(row.sensitive_issue);
                }
                out.push((row.processing, row.sheet));
            }
        }
    }
    out.extend(fiches.into_iter().flatten());
    out.into_iter().filter(|(p, sheet)| check_valid(p, sheet, issues)).map(|(p, _)| p).collect()
}

/// A processing read from the list sheet.
struct ListRow {
    processing: Processing,
    sheet: String,
    sensitive: Option<bool>,
    sensitive_issue: super::CellIssue,
}

/// The header row of the processing table and its columns.
fn list_header(g: &Grid) -> Option<(usize, HashMap<&'static str, usize>)> {
    for r in 0..g.height().min(60) {
        let width = g.rows[r].len();
        let find = |label: &str| (0..width).find(|&c| is_label(&g.text(r, c), label));
        let Some(name) = find(cnil::LIST_COLUMNS[0]) else { continue };
        let mut cols = HashMap::from([("name", name)]);
        for c in 0..width {
            let n = norm(&g.text(r, c));
            let key = if has(&n, "n ref") || n == "ref" || has(&n, "reference") {
                "reference"
            } else if has(&n, "date de creation") {
                "created"
            } else if has(&n, "mise a jour") {
                "updated"
            } else if has(&n, "finalite") {
                "purpose"
            } else if has(&n, "donnees sensibles") {
                "sensitive"
            } else if has(&n, "base legale") {
                "basis"
            } else if has(&n, "statut") {
                "status"
            } else if has(&n, "prochaine revue") {
                "review"
            } else {
                continue;
            };
            cols.entry(key).or_insert(c);
        }
        return Some((r, cols));
    }
    None
}

fn read_list(g: &Grid, issues: &mut Issues) -> Vec<ListRow> {
    let Some((header, cols)) = list_header(g) else { return Vec::new() };
    let mut rows = Vec::new();
    for r in header + 1..g.height() {
        let at = |key: &str| cols.get(key).copied();
        let text = |key: &str| at(key).map(|c| g.text(r, c)).unwrap_or_default();
        let name = text("name");
        if name.is_empty() {
            continue;
        }
        let mut p = Processing::new(name);
        p.reference = text("reference");
        if let Some(d) = at("created").and_then(|c| date_cell(g, r, c, issues)) {
            p.created_at = timestamp(d);
        }
        if let Some(d) = at("updated").and_then(|c| date_cell(g, r, c, issues)) {
            p.updated_at = timestamp(d);
        }
        let purpose = text("purpose");
        let basis_text = text("basis");
        if !purpose.is_empty() || !basis_text.is_empty() {
            let mut main = Purpose { description: purpose, is_main: true, ..Purpose::default() };
            if let Some(c) = at("basis") {
                // Several bases (« Contrat | Consentement »): the first for the main purpose.
                let first = basis_text.split('|').next().unwrap_or("").trim().to_string();
                set_basis(&mut main, &first, g, r, c, issues);
            }
            p.purposes.push(main);
        }
        if let Some(c) = at("status") {
            let t = g.text(r, c);
            if !t.is_empty() {
                match words::status(&t) {
                    Some(s) => p.status = s,
                    None => issues.cell(g, r, c, unknown_choice_fr("statut"), unknown_choice_en("status")),
                }
            }
        }
        if let Some(c) = at("review") {
            p.next_review = date_cell(g, r, c, issues);
        }
        let sensitive = at("sensitive").and_then(|c| words::yes_no(&g.text(r, c)));
        let c = at("sensitive").unwrap_or(0);
        let sensitive_issue = super::CellIssue {
            sheet: g.name.clone(),
            cell: g.addr(r, c),
            value: g.text(r, c),
            message_fr: format!(
                "« {} » est marqué avec des données sensibles mais n'a pas de fiche : précisez lesquelles dans \
                 la fiche du traitement après l'import.",
                p.name
            ),
            message_en: format!(
                "\"{}\" is marked as holding sensitive data but has no entry sheet: say which ones in the entry \
                 after the import.",
                p.name
            ),
        };
        rows.push(ListRow { processing: p, sheet: g.name.clone(), sensitive, sensitive_issue });
    }
    rows
}

fn unknown_choice_fr(what: &str) -> String {
    format!(
        "Valeur de {what} non reconnue : la valeur par défaut est gardée et le texte est noté dans les observations."
    )
}

fn unknown_choice_en(what: &str) -> String {
    format!("Unrecognised {what}: the default value is kept and the text is noted in the DPO's notes.")
}

fn append(target: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(text);
}

/// Sets a purpose's legal basis from a cell, reporting wording we do not know.
fn set_basis(p: &mut Purpose, text: &str, g: &Grid, r: usize, c: usize, issues: &mut Issues) {
    if text.trim().is_empty() {
        return;
    }
    match words::legal_basis(text) {
        Some(b) => p.legal_basis = b,
        None => {
            p.legal_basis = LegalBasis::ToDetermine;
            append(&mut p.justification, &format!("Base légale indiquée : {}", text.trim()));
            issues.cell(
                g,
                r,
                c,
                "Base légale non reconnue : elle est notée « À déterminer » et le texte est gardé dans la \
                 justification. Choisissez la base dans la fiche (consentement, contrat, obligation légale, \
                 intérêts vitaux, mission d'intérêt public, intérêt légitime).",
                "Legal basis not recognised: it is set to \"to be determined\" and the text is kept in the \
                 justification. Choose the basis in the entry (consent, contract, legal obligation, vital \
                 interests, public task, legitimate interests).",
            );
        }
    }
}

/// The retention of a data row: the « Nature de la durée » column, when present, tells a
/// criterion (kept word for word) from a fixed period.
fn row_retention(g: &Grid, r: usize, cols: &Columns, issues: &mut Issues) -> Option<Retention> {
    let c = *cols.get(&Role::Duration)?;
    let text = g.text(r, c);
    let kind = cols.get(&Role::Kind).map(|k| norm(&g.text(r, *k))).unwrap_or_default();
    let source = cols.get(&Role::Source).map(|s| g.text(r, *s)).unwrap_or_default();
    let mut retention = if kind == norm(cnil::KIND_CRITERION) {
        Some(Retention::Criterion { criterion: text.clone(), legal_source: String::new() })
    } else {
        let (retention, doubtful) = read_retention(&text);
        if doubtful {
            issues.cell(g, r, c, RETENTION_DOUBT_FR, RETENTION_DOUBT_EN);
        }
        retention
    };
    if let Some(Retention::Duration { legal_source, .. } | Retention::Criterion { legal_source, .. }) = &mut retention {
        *legal_source = source;
    } else if !source.is_empty() {
        retention = Some(Retention::Criterion { criterion: String::new(), legal_source: source });
    }
    retention
}

/// « Oui » in a description cell only says « yes, we process these data ».
fn description_of(text: String) -> String {
    if words::yes_no(&text).is_some() {
        String::new()
    } else {
        text
    }
}

/// The first filled cell after the label.
fn first_value(g: &Grid, r: usize, lc: usize) -> Option<usize> {
    (lc + 1..g.rows.get(r).map_or(0, Vec::len)).find(|&c| !g.cell(r, c).is_empty())
}

/// Several values of one cell (line breaks or ` | `).
fn split_lines(text: &str) -> Vec<String> {
    text.split(['\n', '|']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn read_fiche(g: &Grid, lc: usize, issues: &mut Issues) -> Option<Processing> {
    let mut p = Processing::new("");
    let mut name = String::new();
    let mut title_name = String::new();
    let mut filled = false;
    let mut section = Section::None;
    let mut cols = Columns::new();
    let mut main_seen = false;
    // Actors laid out as columns: the joint controller's column and its cells.
    let mut joint_column: Option<usize> = None;
    let mut joint_cells = Cells::new();

    for r in 0..g.height() {
        let label = g.text(r, lc);
        // A purpose row opens the purposes even without their section title.
        let purpose_row = {
            let n = norm(&label);
            n.starts_with("finalite principale") || n.starts_with("sous finalite")
        };
        if purpose_row && section != Section::Purposes {
            if let Some(j) = joint_controller(g, &std::mem::take(&mut joint_cells), issues) {
                filled = true;
                p.joint_controllers.push(j);
            }
            section = Section::Purposes;
            cols = default_columns(section, lc);
        }
        if let Some(s) = section_of(&label) {
            if section == Section::Actors && !joint_cells.is_empty() {
                if let Some(j) = joint_controller(g, &std::mem::take(&mut joint_cells), issues) {
                    filled = true;
                    p.joint_controllers.push(j);
                }
            }
            section = s;
            cols = header_columns(g, r, lc, s).unwrap_or_else(|| default_columns(s, lc));
            joint_column = None;
            if s == Section::Actors {
                joint_column = (lc + 1..g.rows[r].len()).find(|&c| is_joint(&g.text(r, c)));
            }
            continue;
        }
        if label.is_empty() {
            if let Some(h) = header_columns(g, r, lc, section) {
                // Column titles on their own row, under the section title.
                if h.len() >= 2 {
                    cols = h;
                    continue;
                }
            }
        }
        if is_label(&label, cnil::FICHE_TITLE) {
            title_name = first_value(g, r, lc).map(|c| g.text(r, c)).unwrap_or_default();
            continue;
        }
        let at = |role: Role| cols.get(&role).copied();
        let text = |role: Role| at(role).map(|c| g.text(r, c)).unwrap_or_default();
        match section {
            Section::None | Section::Description => {
                let Some(c) = first_value(g, r, lc) else { continue };
                let n = norm(&label);
                if is_label(&label, cnil::L_NAME) || (section == Section::Description && n == "nom") {
                    name = g.text(r, c);
                } else if is_label(&label, cnil::L_REFERENCE) || n == "ref" || n == "reference" || n == "numero" {
                    p.reference = g.text(r, c);
                } else if has(&n, "date de creation") {
                    if let Some(d) = date_cell(g, r, c, issues) {
                        p.created_at = timestamp(d);
                    }
                } else if has(&n, "mise a jour") {
                    if let Some(d) = date_cell(g, r, c, issues) {
                        p.updated_at = timestamp(d);
                    }
                }
            }
            Section::Actors => {
                if label.is_empty() {
                    if let Some(c) = (lc + 1..g.rows[r].len()).find(|&c| is_joint(&g.text(r, c))) {
                        joint_column = Some(c);
                        continue;
                    }
                }
                if let Some(jc) = joint_column {
                    // Actors as columns, their fields as rows (« Nom », « Adresse »…).
                    if let Some(role) = actor_field(&label) {
                        joint_cells.entry(role).or_insert((r, jc));
                    }
                    continue;
                }
                if !is_joint(&label) {
                    // The controller, its DPO and representative are the organisation's,
                    // the same on every sheet: they are not part of a processing.
                    continue;
                }
                let at: Cells = cols.iter().map(|(role, c)| (*role, (r, *c))).collect();
                if let Some(j) = joint_controller(g, &at, issues) {
                    filled = true;
                    p.joint_controllers.push(j);
                }
            }
            Section::Purposes => {
                let description = text(Role::Description);
                let basis = text(Role::Basis);
                let justification = text(Role::Justification);
                if description.is_empty() && basis.is_empty() && justification.is_empty() {
                    continue;
                }
                filled = true;
                let is_main = !main_seen && norm(&label).starts_with("finalite principale");
                main_seen |= is_main;
                let mut purpose = Purpose { description, is_main, legal_basis: LegalBasis::ToDetermine, justification };
                if let Some(c) = at(Role::Basis) {
                    set_basis(&mut purpose, &basis, g, r, c, issues);
                }
                p.purposes.push(purpose);
            }
            Section::Data => {
                let description = description_of(text(Role::Description));
                let disposal = text(Role::Disposal);
                let blank = description.is_empty()
                    && text(Role::Duration).is_empty()
                    && disposal.is_empty()
                    && text(Role::Source).is_empty();
                if blank || words::yes_no(&text(Role::Description)) == Some(false) && text(Role::Duration).is_empty() {
                    continue;
                }
                filled = true;
                let mut entry = DataCategoryEntry {
                    category: DataCategory::Other,
                    description,
                    retention: row_retention(g, r, &cols, issues),
                    final_disposal: FinalDisposal::NotDetermined,
                };
                match words::data_category(&label) {
                    Some(c) => entry.category = c,
                    None => {
                        issues.cell(
                            g,
                            r,
                            lc,
                            "Catégorie de données non reconnue : la ligne est classée dans « Autres » et son \
                             intitulé est gardé dans la description.",
                            "Data category not recognised: the row is filed under \"Other\" and its title is kept \
                             in the description.",
                        );
                        entry.description =
                            format!("{label} : {}", entry.description).trim_end_matches(" : ").to_string();
                    }
                }
                if !disposal.is_empty() {
                    match words::final_disposal(&disposal) {
                        Some(d) => entry.final_disposal = d,
                        None => {
                            if let Some(c) = at(Role::Disposal) {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Sort final non reconnu (destruction, archivage intermédiaire, versement aux \
                                     archives, tri) : il est noté « Non déterminé » et le texte est gardé dans la \
                                     description.",
                                    "Final disposal not recognised (destruction, intermediate archiving, transfer to \
                                     the archives, sorting): it is set to \"not determined\" and the text is kept in \
                                     the description.",
                                );
                            }
                            append(&mut entry.description, &format!("Sort final : {disposal}"));
                        }
                    }
                }
                if entry.category == DataCategory::Nir {
                    p.nir_used = true;
                }
                p.data_categories.push(entry);
            }
            Section::Sensitive => {
                let raw = text(Role::Description);
                let description = description_of(raw.clone());
                let exception = text(Role::Exception);
                if (raw.is_empty() || words::yes_no(&raw) == Some(false))
                    && text(Role::Duration).is_empty()
                    && exception.is_empty()
                {
                    continue;
                }
                filled = true;
                let retention = row_retention(g, r, &cols, issues);
                match words::sensitive_row(&label) {
                    Some(SensitiveRow::Offences) => {
                        p.criminal_data = Some(CriminalData { description, legal_ground: exception, retention });
                    }
                    Some(SensitiveRow::Art9(category)) => {
                        let mut d = SensitiveData { category, exception: None, description, retention };
                        if !exception.is_empty() {
                            match words::art9_exception(&exception) {
                                Some(e) => d.exception = Some(e),
                                None => {
                                    if let Some(c) = at(Role::Exception) {
                                        issues.cell(
                                            g,
                                            r,
                                            c,
                                            "Exception de l'article 9.2 non reconnue : le texte est gardé dans la \
                                             description ; choisissez l'exception dans la fiche.",
                                            "Art. 9(2) exception not recognised: the text is kept in the \
                                             description; choose the exception in the entry.",
                                        );
                                    }
                                    append(&mut d.description, &format!("Exception indiquée : {exception}"));
                                }
                            }
                        }
                        p.sensitive_data.push(d);
                    }
                    None => {
                        issues.cell(
                            g,
                            r,
                            lc,
                            "Catégorie de données sensibles non reconnue : la ligne est gardée dans « Autres » \
                             données ; vérifiez s'il s'agit d'une donnée de l'article 9.",
                            "Sensitive data category not recognised: the row is kept under \"Other\" data; check \
                             whether it is Art. 9 data.",
                        );
                        p.data_categories.push(DataCategoryEntry {
                            category: DataCategory::Other,
                            description: format!("{label} : {description}").trim_end_matches(" : ").to_string(),
                            retention,
                            final_disposal: FinalDisposal::NotDetermined,
                        });
                    }
                }
            }
            Section::Persons => {
                let mut kind = text(Role::Type);
                let details = text(Role::Details);
                if kind.is_empty() && words::subject_category(&label).is_some() && !details.is_empty() {
                    kind = label.clone();
                }
                if kind.is_empty() && details.is_empty() {
                    continue;
                }
                filled = true;
                let mut entry = PersonsConcerned {
                    category: DataSubjectCategory::Other,
                    details,
                    approximate_number: None,
                    vulnerable: false,
                };
                if !kind.is_empty() {
                    match words::subject_category(&kind) {
                        Some(c) => entry.category = c,
                        None => {
                            if let Some(c) = at(Role::Type) {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Catégorie de personnes non reconnue : classée dans « Autres », le texte est \
                                     gardé dans les précisions.",
                                    "Category of persons not recognised: filed under \"Other\", the text is kept \
                                     in the details.",
                                );
                            }
                            entry.details = format!("{kind} – {}", entry.details).trim_end_matches(" – ").to_string();
                        }
                    }
                }
                if let Some(c) = at(Role::Number) {
                    let cell = g.cell(r, c);
                    let digits: String = cell.text().chars().filter(|ch| !ch.is_whitespace()).collect();
                    if !cell.is_empty() {
                        match digits.parse::<u64>() {
                            Ok(n) => entry.approximate_number = Some(n),
                            Err(_) => {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Nombre de personnes illisible : écrivez un nombre entier (par exemple 450). Le \
                                     texte est gardé dans les précisions.",
                                    "Unreadable number of persons: write a whole number (e.g. 450). The text is \
                                     kept in the details.",
                                );
                                append(&mut entry.details, &format!("Nombre : {}", cell.text()));
                            }
                        }
                    }
                }
                if let Some(c) = at(Role::Vulnerable) {
                    let t = g.text(r, c);
                    match words::yes_no(&t) {
                        Some(v) => entry.vulnerable = v,
                        None if t.is_empty() => {}
                        None => issues.cell(g, r, c, yes_no_fr(), yes_no_en()),
                    }
                }
                p.persons_concerned.push(entry);
            }
            Section::Recipients => {
                let kind_text = text(Role::Type);
                let details = text(Role::Details);
                let name_text = text(Role::Name);
                if kind_text.is_empty() && details.is_empty() && name_text.is_empty() {
                    continue;
                }
                filled = true;
                let (mut label, details) =
                    if name_text.is_empty() { (details, String::new()) } else { (name_text, details) };
                let kind = match words::recipient_kind(&kind_text) {
                    Some(k) => k,
                    None => {
                        if !kind_text.is_empty() {
                            if let Some(c) = at(Role::Type) {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Type de destinataire non reconnu : classé dans « Autre », le texte est gardé \
                                     dans le nom du destinataire.",
                                    "Kind of recipient not recognised: filed under \"Other\", the text is kept in \
                                     the recipient's name.",
                                );
                            }
                            label = format!("{kind_text} – {label}").trim_end_matches(" – ").to_string();
                        }
                        RecipientKind::Other
                    }
                };
                p.recipients.push(Recipient { kind, label, third_party: None, details });
            }
            Section::Security => {
                if is_label(&label, cnil::L_SECURITY_DESCRIPTION) || norm(&label) == "description generale" {
                    if let Some(c) = first_value(g, r, lc) {
                        filled = true;
                        append(&mut p.security.description, &g.text(r, c));
                    }
                    continue;
                }
                let mut kind = text(Role::Type);
                let details = text(Role::Details);
                // Hand layout: the measure in the label column, « Oui » / « x » next to it.
                if words::yes_no(&kind) == Some(true) && words::security_category(&label).is_some() {
                    kind = label.clone();
                } else if words::yes_no(&kind) == Some(false) {
                    continue;
                }
                if kind.is_empty() && details.is_empty() {
                    continue;
                }
                filled = true;
                match words::security_category(&kind) {
                    Some(cat) => {
                        if !p.security.categories.contains(&cat) {
                            p.security.categories.push(cat);
                        }
                        if !details.is_empty() {
                            append(&mut p.security.description, &format!("{} : {details}", cat.label_fr()));
                        }
                    }
                    None => {
                        if !kind.is_empty() {
                            if let Some(c) = at(Role::Type) {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Type de mesure non reconnu : le texte est gardé dans la description des \
                                     mesures de sécurité.",
                                    "Kind of measure not recognised: the text is kept in the description of the \
                                     security measures.",
                                );
                            }
                        }
                        let line = if kind.is_empty() { details } else { format!("{kind} : {details}") };
                        append(&mut p.security.description, line.trim_end_matches(" : "));
                        if !p.security.categories.contains(&SecurityCategory::Other) {
                            p.security.categories.push(SecurityCategory::Other);
                        }
                    }
                }
            }
            Section::Transfers => {
                let (recipient, country, safeguard, docs) =
                    (text(Role::Recipient), text(Role::Country), text(Role::Safeguard), text(Role::Docs));
                if recipient.is_empty() && country.is_empty() && safeguard.is_empty() && docs.is_empty() {
                    continue;
                }
                filled = true;
                let mut t = Transfer { recipient, country: String::new(), safeguard: None, documentation: docs };
                if !country.is_empty() {
                    match words::country(&country) {
                        Some(code) if validate::country_code(&code).is_ok() => t.country = code,
                        _ => {
                            if let Some(c) = at(Role::Country) {
                                issues.cell(
                                    g,
                                    r,
                                    c,
                                    "Pays non reconnu : indiquez-le dans la fiche par son code à 2 lettres (US pour \
                                     les États-Unis…). Le texte est gardé dans la documentation.",
                                    "Country not recognised: enter it in the entry as its 2-letter code (US for the \
                                     United States…). The text is kept in the documentation.",
                                );
                            }
                            append(&mut t.documentation, &format!("Pays indiqué : {country}"));
                        }
                    }
                }
                if !safeguard.is_empty() {
                    let c = at(Role::Safeguard).unwrap_or(lc);
                    match words::safeguard(&safeguard) {
                        Some(SafeguardWord::Known(s)) => t.safeguard = Some(s),
                        Some(SafeguardWord::PrivacyShield) => {
                            issues.cell(g, r, c, privacy_shield_fr(), privacy_shield_en());
                            append(&mut t.documentation, &format!("Garantie indiquée : {safeguard}"));
                        }
                        None => {
                            issues.cell(
                                g,
                                r,
                                c,
                                "Type de garantie non reconnu : le texte est gardé dans la documentation ; \
                                 choisissez la garantie dans la fiche.",
                                "Kind of safeguard not recognised: the text is kept in the documentation; choose \
                                 the safeguard in the entry.",
                            );
                            append(&mut t.documentation, &format!("Garantie indiquée : {safeguard}"));
                        }
                    }
                }
                p.transfers.push(t);
            }
            Section::Extra => {
                let Some(c) = first_value(g, r, lc) else { continue };
                read_extra(&mut p, &label, g, r, c, issues);
                continue;
            }
        }
        // A row of a table was read: a filled cell outside its columns is reported.
        if section != Section::None && section != Section::Description {
            for c in lc + 1..g.rows[r].len() {
                if !g.cell(r, c).is_empty() && !cols.values().any(|&x| x == c) {
                    issues.cell(
                        g,
                        r,
                        c,
                        "Cellule en dehors des colonnes du modèle : elle n'est pas reprise. Recopiez son contenu \
                         dans la fiche si nécessaire.",
                        "Cell outside the template's columns: it is not taken. Copy its content into the entry if \
                         needed.",
                    );
                }
            }
        }
    }

    if let Some(j) = joint_controller(g, &joint_cells, issues) {
        filled = true;
        p.joint_controllers.push(j);
    }
    let name = [name, title_name].into_iter().find(|n| !n.trim().is_empty());
    p.name = match name {
        Some(n) => n,
        // A blank copy of the model: nothing to import.
        None if !filled && p.purposes.is_empty() => return None,
        None => {
            let n = format!("Traitement sans nom (feuille {})", g.name);
            issues.sheet(
                &g.name,
                format!("Cette fiche n'a pas de nom de traitement : elle est importée sous le nom « {n} »."),
                format!("This sheet has no processing name: it is imported as \"{n}\"."),
            );
            n
        }
    };
    if !p.purposes.iter().any(|x| x.is_main) {
        if let Some(first) = p.purposes.first_mut() {
            first.is_main = true;
        }
    }
    Some(p)
}

fn yes_no_fr() -> String {
    "Réponse non reconnue : écrivez « Oui » ou « Non ». La valeur par défaut (Non) est gardée.".to_string()
}

fn yes_no_en() -> String {
    "Answer not recognised: write \"Oui\" or \"Non\". The default value (no) is kept.".to_string()
}

/// Where each value of one actor sits: (row, column) by role.
type Cells = HashMap<Role, (usize, usize)>;

/// True for the label « Responsable(s) conjoint(s) ».
fn is_joint(text: &str) -> bool {
    let n = norm(text);
    n.starts_with("responsable conjoint")
        || n.starts_with("responsables conjoints")
        || n.starts_with("responsable s conjoint")
}

/// The actor field a row label names, in a sheet where actors are columns.
fn actor_field(label: &str) -> Option<Role> {
    let n = norm(label);
    roles(Section::Actors).iter().find(|(_, words, _)| words.iter().any(|w| has(&n, w))).map(|(role, _, _)| *role)
}

/// A joint controller « Responsable conjoint »; values that do not pass our checks
/// (e-mail, phone, postcode, country) are kept in the arrangement text.
fn joint_controller(g: &Grid, at: &Cells, issues: &mut Issues) -> Option<JointController> {
    let text = |role: Role| at.get(&role).map(|&(r, c)| g.text(r, c)).unwrap_or_default();
    let (name, address, postcode, city, country, phone, email, arrangement) = (
        text(Role::Name),
        text(Role::Address),
        text(Role::Postcode),
        text(Role::City),
        text(Role::Country),
        text(Role::Phone),
        text(Role::Email),
        text(Role::Arrangement),
    );
    if [&name, &address, &postcode, &city, &country, &phone, &email, &arrangement].iter().all(|s| s.is_empty()) {
        return None;
    }
    let mut j = JointController {
        name,
        contact: Contact {
            email: None,
            phone: None,
            address: PostalAddress {
                lines: split_lines(&address),
                postcode: String::new(),
                city,
                ..PostalAddress::default()
            },
        },
        arrangement,
    };
    let mut keep = |j: &mut JointController, role: Role, what_fr: &str, what_en: &str, value: &str| {
        if let Some(&(r, c)) = at.get(&role) {
            issues.cell(
                g,
                r,
                c,
                format!("{what_fr} non valable : le texte est gardé dans l'accord entre responsables conjoints."),
                format!("Invalid {what_en}: the text is kept in the joint controllers' arrangement."),
            );
        }
        append(&mut j.arrangement, &format!("{what_fr} : {value}"));
    };
    if !country.is_empty() {
        match words::country(&country) {
            Some(code) => j.contact.address.country = code,
            None => keep(&mut j, Role::Country, "Pays", "country", &country),
        }
    }
    if !postcode.is_empty() {
        if validate::postcode(&postcode, &j.contact.address.country).is_ok() {
            j.contact.address.postcode = postcode;
        } else {
            keep(&mut j, Role::Postcode, "Code postal", "postcode", &postcode);
        }
    }
    if !phone.is_empty() {
        if validate::phone(&phone).is_ok() {
            j.contact.phone = Some(phone);
        } else {
            keep(&mut j, Role::Phone, "Téléphone", "phone", &phone);
        }
    }
    if !email.is_empty() {
        if validate::email(&email).is_ok() {
            j.contact.email = Some(email);
        } else {
            keep(&mut j, Role::Email, "Courriel", "e-mail", &email);
        }
    }
    Some(j)
}

/// Our « Compléments » rows.
fn read_extra(p: &mut Processing, label: &str, g: &Grid, r: usize, c: usize, issues: &mut Issues) {
    let value = g.text(r, c);
    let yes_no = |issues: &mut Issues| -> Option<bool> {
        let v = words::yes_no(&value);
        if v.is_none() {
            issues.cell(g, r, c, yes_no_fr(), yes_no_en());
        }
        v
    };
    let l = |x: &str| is_label(label, x);
    if l(cnil::X_ROLE) {
        match words::role(&value) {
            Some(v) => p.role = v,
            None => {
                issues.cell(g, r, c, unknown_choice_fr("rôle"), unknown_choice_en("role"));
                append(&mut p.dpo_notes, &format!("{label} : {value}"));
            }
        }
    } else if l(cnil::X_DEPARTMENT) {
        p.department = value;
    } else if l(cnil::X_OWNER) {
        p.owner = value;
    } else if l(cnil::X_SOFTWARE) {
        p.software = split_lines(&value);
    } else if l(cnil::X_PAPER) {
        p.paper = yes_no(issues).unwrap_or(false);
    } else if l(cnil::X_ORIGIN_DETAILS) {
        p.data_origin_details = value;
    } else if l(cnil::X_ORIGINS) {
        for item in split_lines(&value) {
            match by_label(&item, DataOrigin::ALL, DataOrigin::label_fr, DataOrigin::label_en) {
                Some(o) => p.data_origins.push(o),
                None => {
                    issues.cell(g, r, c, unknown_choice_fr("origine des données"), unknown_choice_en("data origin"));
                    append(&mut p.data_origin_details, &item);
                }
            }
        }
    } else if l(cnil::X_MEANS_DETAILS) {
        p.collection_details = value;
    } else if l(cnil::X_MEANS) {
        for item in split_lines(&value) {
            match by_label(&item, CollectionMeans::ALL, CollectionMeans::label_fr, CollectionMeans::label_en) {
                Some(m) => p.collection_means.push(m),
                None => {
                    issues.cell(g, r, c, unknown_choice_fr("moyen de collecte"), unknown_choice_en("collection means"));
                    append(&mut p.collection_details, &item);
                }
            }
        }
    } else if l(cnil::X_INFORMATION) {
        p.information_of_persons = value;
    } else if l(cnil::X_RIGHTS) {
        p.rights_exercise = value;
    } else if l(cnil::X_AUTOMATED_DETAILS) {
        p.automated_decision_details = value;
    } else if l(cnil::X_AUTOMATED) {
        p.automated_decision = yes_no(issues).unwrap_or(false);
    } else if l(cnil::X_NIR) {
        p.nir_justification = value;
    } else if l(cnil::X_STATUS) {
        match words::status(&value) {
            Some(s) => p.status = s,
            None => {
                issues.cell(g, r, c, unknown_choice_fr("statut"), unknown_choice_en("status"));
                append(&mut p.dpo_notes, &format!("{label} : {value}"));
            }
        }
    } else if l(cnil::X_DPO_NOTES) {
        append(&mut p.dpo_notes, &value);
    } else if l(cnil::X_NEXT_REVIEW) {
        p.next_review = date_cell(g, r, c, issues);
    } else if l(cnil::X_LARGE_SCALE) {
        p.large_scale = yes_no(issues).unwrap_or(false);
    } else if l(cnil::X_PUBLIC) {
        p.public_register = yes_no(issues).unwrap_or(false);
    } else if l(cnil::X_ARCHIVED) {
        p.archived = yes_no(issues).unwrap_or(false);
    } else {
        issues.cell(
            g,
            r,
            c,
            "Ligne non reconnue : son texte est gardé dans les observations du DPO.",
            "Row not recognised: its text is kept in the DPO's notes.",
        );
        append(&mut p.dpo_notes, &format!("{label} : {value}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sheets::grid::Cell;

    fn grid(name: &str, rows: &[&[&str]]) -> Grid {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text((*t).to_string()) }).collect())
            .collect();
        Grid { name: name.to_string(), origin: (0, 0), rows }
    }

    #[test]
    fn actors_laid_out_as_columns() {
        let g = grid(
            "Paie",
            &[
                &["Description"],
                &["Nom du traitement", "Paie"],
                &["Acteurs", "Responsable du traitement", "DPO", "Responsable(s) conjoint(s)"],
                &["Nom", "Boulangerie", "M. Délégué", "Groupement RH"],
                &["Adresse", "1 rue Haute", "", "2 rue Basse"],
                &["CP", "30000", "", "3000"],
                &["Finalité principale", "Payer les salariés"],
            ],
        );
        let wb = Workbook { format: Format::Xlsx, sheets: vec![g], notes: Vec::new() };
        assert!(is_cnil_layout(&wb));
        let mut issues = Issues::default();
        let ps = read(&wb, &mut issues);
        assert_eq!(ps.len(), 1);
        let j = &ps[0].joint_controllers;
        assert_eq!(j.len(), 1, "{j:?}");
        assert_eq!(j[0].name, "Groupement RH");
        assert_eq!(j[0].contact.address.lines, ["2 rue Basse"]);
        assert!(j[0].arrangement.contains("Code postal : 3000"));
        let cells: Vec<&str> = issues.0.iter().map(|i| i.cell.as_str()).collect();
        assert_eq!(cells, ["D6"], "{:#?}", issues.0);
        assert_eq!(ps[0].purposes[0].description, "Payer les salariés");
    }

    #[test]
    fn sections_and_columns_by_label() {
        assert_eq!(section_of("Finalité(s) du traitement effectué"), Some(Section::Purposes));
        assert_eq!(section_of("Finalité principale"), None);
        assert_eq!(section_of("Catégories de données sensibles"), Some(Section::Sensitive));
        assert_eq!(section_of("CATÉGORIES DE DONNÉES PERSONNELLES"), Some(Section::Data));
        assert_eq!(section_of("Destinataire 1"), None);
        assert_eq!(section_of("Transfert 1"), None);
        let g = grid(
            "x",
            &[&["Catégories de données personnelles", "Durée de conservation", "Source de la durée", "Description"]],
        );
        let cols = header_columns(&g, 0, 0, Section::Data).expect("titles");
        assert_eq!((cols[&Role::Duration], cols[&Role::Source], cols[&Role::Description]), (1, 2, 3));
        let g = grid("x", &[&["Destinataires", "Type de destinataire", "Précisions", "Destinataire (nom)"]]);
        let cols = header_columns(&g, 0, 0, Section::Recipients).expect("titles");
        assert_eq!((cols[&Role::Type], cols[&Role::Details], cols[&Role::Name]), (1, 2, 3));
        let g = grid("x", &[&["", "Salariés", "tous"]]);
        assert!(header_columns(&g, 0, 0, Section::Persons).is_none(), "data is not a header");
    }
}

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::*;
    use crate::documents::sheets::grid::Cell;

    /// Labels of our layout and of the CNIL model, mixed with any text.
    fn cell() -> impl Strategy<Value = Cell> {
        let words = prop::sample::select(vec![
            "Finalité principale",
            "Sous-finalité 1",
            "Acteurs",
            "Responsable(s) conjoint(s)",
            "Nom",
            "CP",
            "Pays",
            "mél",
            "Catégories de données personnelles",
            "Données sensibles",
            "Données de santé",
            "Infractions",
            "NIR",
            "Catégories de personnes concernées",
            "Destinataires",
            "Mesures de sécurité",
            "Description générale des mesures",
            "Transferts hors UE",
            "Compléments (Greffier)",
            "Prochaine revue",
            "Statut",
            "Description",
            "Durée de conservation",
            "Nature de la durée",
            "Critère",
            "Oui",
            "Non",
            "5 ans",
            "13/05/2019",
            "Privacy shield",
            "Obligation légale",
        ]);
        prop_oneof![
            Just(Cell::Empty),
            words.prop_map(|w| Cell::Text(w.to_string())),
            "\\PC{0,20}".prop_map(Cell::Text),
            any::<i32>().prop_map(|n| Cell::Number(f64::from(n))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn reader_never_panics_and_keeps_processings_valid(
            rows in prop::collection::vec(prop::collection::vec(cell(), 0..7), 0..40)
        ) {
            let mut rows = rows;
            rows.insert(0, vec![Cell::Text("Finalité principale".into())]);
            let g = Grid { name: "Fiche".into(), origin: (0, 0), rows };
            let wb = Workbook { format: Format::Ods, sheets: vec![g], notes: Vec::new() };
            let mut issues = Issues::default();
            for p in read(&wb, &mut issues) {
                prop_assert!(crate::model::Record::validate(&p).is_empty());
            }
        }
    }
}
