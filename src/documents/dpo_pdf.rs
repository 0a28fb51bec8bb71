//! The DPO designation sheet as a PDF to keep « Fiche de désignation du DPO » (French):
//! whether a DPO is required and why, the three conditions to check (as tick boxes), then
//! every value the CNIL designation service asks for, in its order, with « À compléter »
//! where a required value is missing and « À corriger » under a wrong one. Built from
//! [`crate::dpo::designation_sheet`], shared by the window and `greffier export dpo`.

use chrono::NaiveDate;

use super::pdf::{PdfDoc, PdfError, TextStyle};
use crate::dpo::{designation_sheet, DesignationSheet, Item};
use crate::model::{Organisation, Processing};

const TITLE: &str = "Désignation du délégué à la protection des données";
const TO_FILL: &str = "À compléter";
const OPTIONAL_EMPTY: &str = "Non renseigné (facultatif)";
const MAX_NAME_CHARS: usize = 150;

/// « Désignation DPO - Commune de Saint-Aubin - 2026-11-23.pdf »: the file name offered.
pub fn designation_file_name(org_name: &str, on: NaiveDate) -> String {
    let safe: String =
        org_name
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    match clip(safe.trim(), 80).as_str() {
        "" => format!("Désignation DPO - {on}.pdf"),
        name => format!("Désignation DPO - {name} - {on}.pdf"),
    }
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

/// French typography: non-breaking spaces inside « » and before : ; ? !
fn typo(text: &str) -> String {
    let nb = '\u{a0}';
    text.replace("« ", &format!("«{nb}"))
        .replace(" »", &format!("{nb}»"))
        .replace(" :", &format!("{nb}:"))
        .replace(" ;", &format!("{nb};"))
        .replace(" ?", &format!("{nb}?"))
        .replace(" !", &format!("{nb}!"))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What is printed for one value.
fn shown(i: &Item) -> String {
    let mut v = match (i.value.is_empty(), i.required) {
        (false, _) => i.value.clone(),
        (true, true) => TO_FILL.to_string(),
        (true, false) => OPTIONAL_EMPTY.to_string(),
    };
    if let Some(p) = &i.problem_fr {
        v.push_str(&format!("\nÀ corriger : {p}"));
    }
    if let Some(h) = &i.hint_fr {
        v.push_str(&format!("\n({h})"));
    }
    v
}

/// The designation sheet of `org` as a PDF; `today` is the date printed on it.
pub fn designation_pdf(org: &Organisation, processings: &[Processing], today: NaiveDate) -> Result<Vec<u8>, PdfError> {
    let sheet = designation_sheet(org, processings);
    let name = org.legal_name.trim();
    let org_name = clip(if name.is_empty() { "Organisme sans nom" } else { name }, MAX_NAME_CHARS);

    let mut doc = PdfDoc::new(&format!("{TITLE} — {org_name}"))?;
    doc.set_author(&org_name);
    doc.set_subject("Fiche à conserver : les informations demandées par le téléservice de désignation de la CNIL");
    doc.set_footer(&typo(&format!("{org_name} — Désignation du délégué à la protection des données")));

    doc.heading(TITLE, 1)?;
    doc.note(&typo(
        "Articles 37 à 39 du règlement général sur la protection des données (RGPD) — fiche à conserver, préparée \
         pour le téléservice de désignation de la CNIL",
    ))?;
    doc.space(4.0);
    doc.key_value("Organisme", &typo(&org_name))?;
    doc.key_value("Document édité le", &today.format("%d/%m/%Y").to_string())?;
    doc.space(6.0);
    summary(&mut doc, &sheet)?;
    doc.boxed(Some("À vérifier"), &typo(&sheet.source_note_fr), 1.0)?;

    doc.heading("1. Un délégué est-il obligatoire ?", 2)?;
    obligation(&mut doc, &sheet)?;

    doc.ensure_space(150.0);
    doc.heading("2. Les trois conditions à vérifier avant de désigner", 2)?;
    doc.paragraph(&typo(
        "La CNIL demande de s'assurer de ces trois points avant de remplir le formulaire. Cochez chaque case \
         une fois le point vérifié.",
    ))?;
    for c in &sheet.conditions {
        doc.list_item("☐", &typo(&format!("{} : {}", c.label_fr, c.help_fr)))?;
    }
    doc.space(4.0);

    for (n, s) in sheet.sections.iter().enumerate() {
        doc.ensure_space(90.0);
        doc.heading_with_subtitle(&typo(&format!("{}. {}", n + 3, s.title_fr)), &s.title_en, 2)?;
        if let Some(note) = &s.note_fr {
            doc.note(&typo(note))?;
        }
        if !s.applies {
            continue;
        }
        let rows: Vec<Vec<String>> = s.items.iter().map(|i| vec![typo(&i.label_fr), typo(&shown(i))]).collect();
        doc.table(&["Information demandée", "Valeur à saisir"], &rows, &[0.38, 0.62])?;
    }
    doc.finish()
}

/// The box at the top: ready, or how many values are missing or wrong.
fn summary(doc: &mut PdfDoc, sheet: &DesignationSheet) -> Result<(), PdfError> {
    let (title, body) = if sheet.ready() {
        (
            "Fiche complète".to_string(),
            "Toutes les informations demandées sont renseignées et leur format est correct : elles peuvent être \
             recopiées dans le téléservice."
                .to_string(),
        )
    } else {
        let mut parts = Vec::new();
        if sheet.missing > 0 {
            parts.push(plural(sheet.missing, "information à compléter", "informations à compléter"));
        }
        if sheet.invalid > 0 {
            parts.push(plural(sheet.invalid, "valeur à corriger", "valeurs à corriger"));
        }
        (
            format!("Fiche incomplète : {}", parts.join(", ")),
            "Complétez le profil de l'organisme dans Greffier, puis éditez de nouveau cette fiche. Les valeurs \
             concernées sont marquées « À compléter » ou « À corriger » ci-dessous."
                .to_string(),
        )
    };
    doc.boxed(Some(&typo(&title)), &typo(&body), 1.2)
}

fn obligation(doc: &mut PdfDoc, sheet: &DesignationSheet) -> Result<(), PdfError> {
    let v = &sheet.obligation;
    let verdict = if v.required {
        "Oui : la désignation d'un délégué est obligatoire."
    } else {
        "Non : rien dans le dossier ne rend un délégué obligatoire."
    };
    doc.text(&typo(verdict), TextStyle::STRONG)?;
    for r in &v.reasons {
        doc.bullet(&typo(&format!("Article {} du RGPD — {}", r.article, r.text_fr)))?;
    }
    doc.paragraph(&typo(&v.note_fr))?;
    let status = if sheet.designated {
        "Dans le profil de l'organisme, un délégué est indiqué comme désigné."
    } else {
        "Dans le profil de l'organisme, aucun délégué n'est indiqué comme désigné."
    };
    doc.note(&typo(status))
}
