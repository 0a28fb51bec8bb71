//! Importing a register kept in a spreadsheet: preview first, nothing written.
//!
//! [`preview_spreadsheet`] opens the file (ODS, XLSX, XLS or CSV, recognised by content),
//! reads it fully when it follows the CNIL template (ours or one filled in by hand), and
//! otherwise proposes a column mapping from the header words. The user checks the
//! processings and the [`CellIssue`]s, adjusts the mapping ([`preview_mapped`]) and only
//! then saves the processings through the store, which validates them again.
//!
//! Nothing the user typed is dropped silently: a cell we cannot understand becomes a
//! [`CellIssue`] and its text is kept in a free-text field when one exists.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::grid::{self, Grid};
use super::words::norm;
use super::{cnil_read, mapped};
use crate::model::{validate, Processing, Record, Retention};
use crate::register::retention::parse_retention;

/// How the processings were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportSource {
    /// The CNIL template layout (« Liste des traitements » and « Fiche » sheets), read by
    /// its labels.
    CnilLayout,
    /// A table with one processing per row, read through a [`ColumnMapping`].
    Mapped,
}

/// A cell that was not understood, or a remark on a sheet (`cell` is then `A1`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellIssue {
    /// Sheet name.
    pub sheet: String,
    /// Cell address, e.g. `B7` (empty for a remark on the whole file).
    pub cell: String,
    /// The cell's text as read.
    pub value: String,
    pub message_fr: String,
    pub message_en: String,
}

/// What an import would create, for the user to check before anything is saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub source: ImportSource,
    /// The processings read, each with a new id; every one passes `validate()`.
    pub processings: Vec<Processing>,
    /// Cells not understood and remarks, in reading order.
    pub issues: Vec<CellIssue>,
    /// Every sheet of the file, in order (one for a CSV file).
    pub sheet_names: Vec<String>,
    /// Headers of the mapped sheet, by column index (empty for the CNIL layout).
    pub columns: Vec<String>,
    /// The mapping used (suggested or given); `None` for the CNIL layout.
    pub mapping: Option<ColumnMapping>,
}

/// A field of a processing a spreadsheet column can be mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Reference,
    MainPurpose,
    SubPurposes,
    LegalBasis,
    Persons,
    DataCategories,
    Retention,
    Recipients,
    Transfers,
    Security,
    Department,
    Owner,
    Software,
    Notes,
    NextReview,
}

impl Field {
    /// Every field, in the order a mapping screen lists them.
    pub const ALL: &'static [Field] = &[
        Field::Name,
        Field::Reference,
        Field::MainPurpose,
        Field::SubPurposes,
        Field::LegalBasis,
        Field::Persons,
        Field::DataCategories,
        Field::Retention,
        Field::Recipients,
        Field::Transfers,
        Field::Security,
        Field::Department,
        Field::Owner,
        Field::Software,
        Field::Notes,
        Field::NextReview,
    ];

    pub fn label_fr(self) -> &'static str {
        match self {
            Field::Name => "Nom du traitement",
            Field::Reference => "N° / référence",
            Field::MainPurpose => "Finalité principale",
            Field::SubPurposes => "Autres finalités",
            Field::LegalBasis => "Base légale",
            Field::Persons => "Personnes concernées",
            Field::DataCategories => "Catégories de données",
            Field::Retention => "Durée de conservation",
            Field::Recipients => "Destinataires",
            Field::Transfers => "Transferts hors UE",
            Field::Security => "Mesures de sécurité",
            Field::Department => "Service",
            Field::Owner => "Gestionnaire",
            Field::Software => "Logiciels et supports",
            Field::Notes => "Observations",
            Field::NextReview => "Prochaine revue",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Field::Name => "Processing name",
            Field::Reference => "Reference",
            Field::MainPurpose => "Main purpose",
            Field::SubPurposes => "Other purposes",
            Field::LegalBasis => "Legal basis",
            Field::Persons => "Persons concerned",
            Field::DataCategories => "Data categories",
            Field::Retention => "Retention period",
            Field::Recipients => "Recipients",
            Field::Transfers => "Transfers outside the EU",
            Field::Security => "Security measures",
            Field::Department => "Department",
            Field::Owner => "Person in charge",
            Field::Software => "Software and media",
            Field::Notes => "Notes",
            Field::NextReview => "Next review",
        }
    }
}

/// Which column holds which field, for a table with one processing per row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Sheet to read; `None` for the first sheet that has content.
    pub sheet: Option<String>,
    /// Row of the headers, 0-based; processings are read from the next row on.
    pub header_row: usize,
    /// (column index, 0-based, field). A column may appear once; a field may be fed by
    /// several columns (their texts are joined).
    pub columns: Vec<(usize, Field)>,
}

/// Why a file cannot be imported. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "Le fichier est vide : il ne contient aucune donnée. Vérifiez que vous avez choisi le bon fichier et \
         qu'il a bien été enregistré."
    )]
    Empty,
    #[error(
        "Ce fichier n'est pas un tableur : c'est {found_fr}. Choisissez un fichier .ods, .xlsx, .xls ou .csv \
         (dans votre tableur : « Enregistrer sous… »)."
    )]
    NotASpreadsheet { found_fr: &'static str, found_en: &'static str },
    #[error(
        "Ce classeur est protégé par un mot de passe : Greffier ne peut pas le lire. Ouvrez-le dans votre \
         tableur, enregistrez une copie sans mot de passe, importez cette copie puis supprimez-la."
    )]
    Encrypted,
    #[error(
        "Ce classeur est abîmé ou incomplet ({detail}) : une copie ou un téléchargement a sans doute été \
         interrompu. Ouvrez-le dans votre tableur et enregistrez-le à nouveau, ou reprenez le fichier d'origine."
    )]
    Corrupted { detail: String },
    #[error(
        "Ce fichier pèse {} Mo : c'est trop pour un registre (20 Mo au plus). Retirez les images et les \
         feuilles inutiles, ou découpez-le en plusieurs fichiers.",
        .bytes.div_ceil(1024 * 1024)
    )]
    TooBig { bytes: u64 },
    #[error(
        "La feuille « {sheet} » compte {rows} lignes : c'est trop pour un registre (10 000 lignes au plus). \
         Supprimez les lignes vides en fin de feuille ou découpez le fichier."
    )]
    TooManyRows { sheet: String, rows: usize },
    #[error(
        "Ce fichier CSV n'est pas enregistré en UTF-8 et son codage n'a pas été reconnu. Dans votre tableur, \
         enregistrez-le en « CSV UTF-8 », puis importez-le à nouveau."
    )]
    NotUtf8,
    #[error(
        "Ce classeur ne suit pas le modèle de registre de la CNIL et sa feuille « {sheet} » n'a pas de ligne \
         d'en-têtes. Ajoutez en haut une ligne avec le titre de chaque colonne (« Nom du traitement », \
         « Finalité », « Base légale »…), puis importez-le à nouveau."
    )]
    NoHeaderRow { sheet: String },
    #[error("La feuille « {0} » n'existe pas dans ce classeur : choisissez une des feuilles proposées.")]
    SheetNotFound(String),
    #[error("Cette correspondance de colonnes ne convient pas : {fr}")]
    BadMapping { fr: String, en: String },
}

impl ImportError {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "sheet_empty",
            ImportError::NotASpreadsheet { .. } => "sheet_not_spreadsheet",
            ImportError::Encrypted => "sheet_encrypted",
            ImportError::Corrupted { .. } => "sheet_corrupted",
            ImportError::TooBig { .. } => "sheet_too_big",
            ImportError::TooManyRows { .. } => "sheet_too_many_rows",
            ImportError::NotUtf8 => "sheet_not_utf8",
            ImportError::NoHeaderRow { .. } => "sheet_no_header",
            ImportError::SheetNotFound(_) => "sheet_not_found",
            ImportError::BadMapping { .. } => "sheet_bad_mapping",
        }
    }

    /// The message in French (same as `Display`).
    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            ImportError::Empty => {
                "The file is empty: it holds no data. Check that you chose the right file and that it was saved.".into()
            }
            ImportError::NotASpreadsheet { found_en, .. } => format!(
                "This file is not a spreadsheet: it is {found_en}. Choose an .ods, .xlsx, .xls or .csv file (in \
                 your spreadsheet program: \"Save as…\")."
            ),
            ImportError::Encrypted => "This workbook is protected by a password: Greffier cannot read it. Open it \
                                       in your spreadsheet program, save a copy without a password, import that \
                                       copy, then delete it."
                .into(),
            ImportError::Corrupted { detail } => format!(
                "This workbook is damaged or incomplete ({detail}): a copy or download was probably interrupted. \
                 Open it in your spreadsheet program and save it again, or go back to the original file."
            ),
            ImportError::TooBig { bytes } => format!(
                "This file weighs {} MB: too much for a register (20 MB at most). Remove images and sheets you do \
                 not need, or split it into several files.",
                bytes.div_ceil(1024 * 1024)
            ),
            ImportError::TooManyRows { sheet, rows } => format!(
                "The sheet \"{sheet}\" has {rows} rows: too many for a register (10,000 at most). Delete the empty \
                 rows at the end of the sheet or split the file."
            ),
            ImportError::NotUtf8 => "This CSV file is not saved as UTF-8 and its encoding was not recognised. In \
                                     your spreadsheet program, save it as \"CSV UTF-8\", then import it again."
                .into(),
            ImportError::NoHeaderRow { sheet } => format!(
                "This workbook does not follow the CNIL register template and its sheet \"{sheet}\" has no header \
                 row. Add at the top a row with the title of each column (\"Nom du traitement\", \"Finalité\", \
                 \"Base légale\"…), then import it again."
            ),
            ImportError::SheetNotFound(name) => {
                format!("The sheet \"{name}\" is not in this workbook: choose one of the sheets offered.")
            }
            ImportError::BadMapping { en, .. } => format!("This column mapping does not fit: {en}"),
        }
    }
}

/// Collects the issues of one import.
#[derive(Debug, Default)]
pub(crate) struct Issues(pub Vec<CellIssue>);

impl Issues {
    /// An issue on one cell; the cell's text is copied into it.
    pub fn cell(&mut self, g: &Grid, row: usize, col: usize, fr: impl Into<String>, en: impl Into<String>) {
        self.0.push(CellIssue {
            sheet: g.name.clone(),
            cell: g.addr(row, col),
            value: g.text(row, col),
            message_fr: fr.into(),
            message_en: en.into(),
        });
    }

    /// A remark on a whole sheet.
    pub fn sheet(&mut self, sheet: &str, fr: impl Into<String>, en: impl Into<String>) {
        self.0.push(CellIssue {
            sheet: sheet.to_string(),
            cell: "A1".to_string(),
            value: String::new(),
            message_fr: fr.into(),
            message_en: en.into(),
        });
    }
}

/// Texts that mean « no retention given yet ».
fn retention_blank(text: &str) -> bool {
    matches!(norm(text).as_str(), "" | "a preciser" | "non precisee" | "non precise" | "a definir" | "na" | "n a")
}

/// Reads a retention text; the flag is true when the text has digits but is not « nombre +
/// unité »: the user probably meant a period, so it deserves a [`CellIssue`].
pub(crate) fn read_retention(text: &str) -> (Option<Retention>, bool) {
    if retention_blank(text) {
        return (None, false);
    }
    let r = parse_retention(text);
    let doubtful = matches!(r, Some(Retention::Criterion { .. })) && text.chars().any(|c| c.is_ascii_digit());
    (r, doubtful)
}

pub(crate) const RETENTION_DOUBT_FR: &str = "Durée de conservation non reconnue : elle est gardée telle quelle \
     comme critère. Si c'est une durée fixe, écrivez-la sous la forme « 5 ans à compter de … ».";
pub(crate) const RETENTION_DOUBT_EN: &str = "Retention period not recognised: it is kept as written, as a \
     criterion. If it is a fixed period, write it as \"5 ans à compter de …\".";

/// Reads a date cell; an unreadable or implausible date is reported and `None`.
pub(crate) fn date_cell(g: &Grid, row: usize, col: usize, issues: &mut Issues) -> Option<NaiveDate> {
    let cell = g.cell(row, col);
    if cell.is_empty() {
        return None;
    }
    match cell.date() {
        Some(d) if validate::date(d).is_ok() => Some(d),
        Some(_) => {
            issues.cell(
                g,
                row,
                col,
                "Date hors des limites admises (entre 1900 et 2200) : elle n'est pas reprise. Corrigez-la dans \
                 la fiche après l'import.",
                "Date outside the accepted range (1900 to 2200): it is not taken. Correct it in the entry after \
                 the import.",
            );
            None
        }
        None => {
            issues.cell(
                g,
                row,
                col,
                "Date illisible : écrivez-la sous la forme jj/mm/aaaa (par exemple 13/05/2019). Elle n'est pas \
                 reprise.",
                "Unreadable date: write it as dd/mm/yyyy (e.g. 13/05/2019). It is not taken.",
            );
            None
        }
    }
}

/// A timestamp for a date read from a sheet (midnight UTC).
pub(crate) fn timestamp(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

/// Last safety net: a processing the store would refuse is reported, field by field.
pub(crate) fn check_valid(p: &Processing, sheet: &str, issues: &mut Issues) -> bool {
    let problems = p.validate();
    for problem in &problems {
        issues.sheet(
            sheet,
            format!("« {} » : {} ({})", p.name, problem.message_fr, problem.path),
            format!("\"{}\": {} ({})", p.name, problem.message_en, problem.path),
        );
    }
    problems.is_empty()
}

/// The sheet a mapped import reads: the named one, or the first with content.
fn mapped_sheet<'a>(wb: &'a grid::Workbook, name: Option<&str>) -> Result<&'a Grid, ImportError> {
    match name {
        Some(n) => wb.sheets.iter().find(|g| g.name == n).ok_or_else(|| ImportError::SheetNotFound(n.to_string())),
        None => wb.sheets.iter().find(|g| !g.is_blank()).ok_or(ImportError::Empty),
    }
}

/// Headers of `row`, one per column (« Colonne C » for a blank header).
fn headers(g: &Grid, row: usize) -> Vec<String> {
    (0..g.width())
        .map(|c| match g.text(row, c) {
            t if t.is_empty() => format!("Colonne {}", g.addr(row, c).trim_end_matches(|x: char| x.is_ascii_digit())),
            t => t,
        })
        .collect()
}

/// Reads a spreadsheet for a preview: the CNIL layout fully, any other table through a
/// mapping suggested from its header words.
pub fn preview_spreadsheet(bytes: &[u8], file_name: &str) -> Result<ImportPreview, ImportError> {
    let wb = grid::load(bytes, file_name)?;
    let sheet_names = wb.sheets.iter().map(|g| g.name.clone()).collect();
    if cnil_read::is_cnil_layout(&wb) {
        let mut issues = Issues(wb.notes.clone());
        let processings = cnil_read::read(&wb, &mut issues);
        return Ok(ImportPreview {
            source: ImportSource::CnilLayout,
            processings,
            issues: issues.0,
            sheet_names,
            columns: Vec::new(),
            mapping: None,
        });
    }
    let g = mapped_sheet(&wb, None)?;
    let header_row = mapped::header_row(g).ok_or_else(|| ImportError::NoHeaderRow { sheet: g.name.clone() })?;
    let mapping = ColumnMapping { sheet: Some(g.name.clone()), header_row, columns: mapped::suggest(g, header_row) };
    let mut issues = Issues(wb.notes.clone());
    let processings = mapped::read(g, &mapping, &mut issues);
    Ok(ImportPreview {
        source: ImportSource::Mapped,
        processings,
        issues: issues.0,
        sheet_names,
        columns: headers(g, header_row),
        mapping: Some(mapping),
    })
}

/// The mapping we would suggest for the first sheet with content of the file.
pub fn suggest_mapping(bytes: &[u8], file_name: &str) -> Result<ColumnMapping, ImportError> {
    let wb = grid::load(bytes, file_name)?;
    let g = mapped_sheet(&wb, None)?;
    let header_row = mapped::header_row(g).ok_or_else(|| ImportError::NoHeaderRow { sheet: g.name.clone() })?;
    Ok(ColumnMapping { sheet: Some(g.name.clone()), header_row, columns: mapped::suggest(g, header_row) })
}

/// Reads a table with one processing per row through `mapping`.
pub fn preview_mapped(bytes: &[u8], file_name: &str, mapping: &ColumnMapping) -> Result<ImportPreview, ImportError> {
    let wb = grid::load(bytes, file_name)?;
    let g = mapped_sheet(&wb, mapping.sheet.as_deref())?;
    if mapping.header_row >= g.height() {
        return Err(ImportError::BadMapping {
            fr: format!(
                "la ligne d'en-têtes {} est après la fin de la feuille « {} » ({} lignes).",
                mapping.header_row + 1,
                g.name,
                g.height()
            ),
            en: format!(
                "the header row {} is past the end of the sheet \"{}\" ({} rows).",
                mapping.header_row + 1,
                g.name,
                g.height()
            ),
        });
    }
    if !mapping.columns.iter().any(|(_, f)| *f == Field::Name) {
        return Err(ImportError::BadMapping {
            fr: "indiquez quelle colonne contient le nom du traitement.".into(),
            en: "say which column holds the processing's name.".into(),
        });
    }
    let mut seen = std::collections::HashSet::new();
    for (col, _) in &mapping.columns {
        if !seen.insert(*col) {
            return Err(ImportError::BadMapping {
                fr: format!("la colonne {} est associée à deux champs : gardez-en un seul.", col + 1),
                en: format!("column {} is mapped to two fields: keep only one.", col + 1),
            });
        }
    }
    let mut issues = Issues(wb.notes.clone());
    let processings = mapped::read(g, mapping, &mut issues);
    Ok(ImportPreview {
        source: ImportSource::Mapped,
        processings,
        issues: issues.0,
        sheet_names: wb.sheets.iter().map(|g| g.name.clone()).collect(),
        columns: headers(g, mapping.header_row),
        mapping: Some(mapping.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_codes_and_both_languages() {
        let all = [
            ImportError::Empty,
            ImportError::NotASpreadsheet { found_fr: "une image PNG", found_en: "a PNG image" },
            ImportError::Encrypted,
            ImportError::Corrupted { detail: "x".into() },
            ImportError::TooBig { bytes: 21 * 1024 * 1024 },
            ImportError::TooManyRows { sheet: "S".into(), rows: 10_001 },
            ImportError::NotUtf8,
            ImportError::NoHeaderRow { sheet: "S".into() },
            ImportError::SheetNotFound("S".into()),
            ImportError::BadMapping { fr: "a".into(), en: "b".into() },
        ];
        let mut codes = std::collections::HashSet::new();
        for e in &all {
            assert!(codes.insert(e.code()), "{}", e.code());
            assert!(!e.message_fr().is_empty() && !e.message_en().is_empty());
            assert_ne!(e.message_fr(), e.message_en());
        }
        assert!(all[4].message_fr().contains("21 Mo"), "{}", all[4].message_fr());
    }

    #[test]
    fn field_wire_names() {
        assert_eq!(serde_json::to_string(&Field::NextReview).unwrap(), r#""next_review""#);
        assert_eq!(serde_json::to_string(&ImportSource::CnilLayout).unwrap(), r#""cnil_layout""#);
        assert_eq!(Field::ALL.len(), 16);
        let m = ColumnMapping { sheet: None, header_row: 0, columns: vec![(2, Field::Name)] };
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"sheet":null,"header_row":0,"columns":[[2,"name"]]}"#);
    }
}
