//! The AIPD report « Rapport d'analyse d'impact » (PDF, French) and the one entry point of
//! every AIPD export, [`aipd_export`], shared by the window and `greffier export aipd`; and
//! the screening of one processing printed on its own, [`screening_pdf`] (shared by the
//! window and `greffier export screening`), so that a processing concluded « AIPD non
//! requise » keeps a printable trace of its reasoning.
//!
//! The report follows the order of the CNIL method, so that a DPO or a controller who knows
//! the PIA software finds everything where they expect it: cover (with the prior
//! consultation flag of Art. 36), the screening of each processing covered, the context,
//! the fundamental principles, the measures, each risk with its levels and justifications,
//! the risk map, the action plan, the opinions, the validation. Every evaluation is printed
//! with its rating word and every empty answer as « Non renseigné »: a printed blank could
//! be read as "nothing to say".
//!
//! The risk map is drawn as vectors, and reads without colour: the high zone is hatched as
//! well as tinted, the three kinds of point have their own shapes, every point carries its
//! label (A at the initial estimate, A' at the residual one, A₀ before any measure), and a
//! table under the drawing gives the same points in words.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::flow::{DocWriter, FlowDoc, ParaStyle};
use super::pdf::{
    mm, text_width, truncate_to_width, wrap, ArrowStyle, PdfDoc, PdfError, ShapeStyle, TextStyle, Tint, Weight,
};
use crate::aipd::assets::assets;
use crate::aipd::risk::{high_residual_risks, risk_map, HighRiskRule, MapPoint, RiskMap, PRIOR_CONSULTATION_FR};
use crate::aipd::screening::{verdict, ScreeningVerdict};
use crate::model::{
    Aipd, AipdCriterion, AipdScreening, ContextKey, ContextPart, Estimate, Evaluation, Level, MeasureOrigin,
    OrganisationBundle, PartRef, PrincipleKey, Risk, ScreeningConclusion,
};

/// A format of the AIPD export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AipdFormat {
    /// The full report as a PDF.
    Pdf,
    /// A `.json` file the CNIL PIA software imports.
    PiaJson,
}

impl AipdFormat {
    pub const ALL: [AipdFormat; 2] = [AipdFormat::Pdf, AipdFormat::PiaJson];

    /// The name used on the command line and over IPC: `pdf`, `pia-json`.
    pub fn as_str(self) -> &'static str {
        match self {
            AipdFormat::Pdf => "pdf",
            AipdFormat::PiaJson => "pia-json",
        }
    }

    pub fn parse(s: &str) -> Option<AipdFormat> {
        AipdFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            AipdFormat::Pdf => "pdf",
            AipdFormat::PiaJson => "json",
        }
    }

    /// « AIPD - Vidéoprotection - v2 - 2026-11-23.pdf », « PIA - … .json » (characters
    /// that file systems refuse are replaced).
    pub fn suggested_file_name(self, aipd_title: &str, version: u32, on: NaiveDate) -> String {
        let base = match self {
            AipdFormat::Pdf => "AIPD",
            AipdFormat::PiaJson => "PIA",
        };
        let title = file_name_part(aipd_title);
        match title.as_str() {
            "" => format!("{base} - v{version} - {on}.{}", self.extension()),
            t => format!("{base} - {t} - v{version} - {on}.{}", self.extension()),
        }
    }
}

/// `text` fit for a file name: characters that file systems refuse become « - », at most
/// 80 characters.
fn file_name_part(text: &str) -> String {
    let safe: String =
        text.chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    clip(safe.trim(), 80)
}

/// « Analyse préalable - Vidéosurveillance du magasin - 2026-11-23.pdf »: the file name
/// offered for the screening document of a processing.
pub fn screening_file_name(processing_name: &str, on: NaiveDate) -> String {
    match file_name_part(processing_name).as_str() {
        "" => format!("Analyse préalable - {on}.pdf"),
        name => format!("Analyse préalable - {name} - {on}.pdf"),
    }
}

/// Why the AIPD report could not be made. French through `Display`.
#[derive(Debug, thiserror::Error)]
pub enum AipdPdfError {
    #[error(
        "Cette analyse d'impact (AIPD) est introuvable dans l'organisme ({0}) : elle a peut-être été supprimée. \
         Choisissez-en une dans la liste des AIPD."
    )]
    NotFound(Uuid),
    #[error(
        "Ce traitement est introuvable dans le registre de l'organisme ({0}) : il a peut-être été supprimé. \
         Choisissez-en un dans la liste des traitements."
    )]
    ProcessingNotFound(Uuid),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl AipdPdfError {
    /// Stable code for the window.
    pub fn code(&self) -> &'static str {
        match self {
            AipdPdfError::NotFound(_) => "aipd_not_found",
            AipdPdfError::ProcessingNotFound(_) => "processing_not_found",
            AipdPdfError::Pdf(e) => e.code(),
        }
    }

    pub fn message_fr(&self) -> String {
        match self {
            AipdPdfError::NotFound(_) | AipdPdfError::ProcessingNotFound(_) => self.to_string(),
            AipdPdfError::Pdf(e) => format!(
                "{}. Réessayez ; si cela se reproduit, exportez le dossier en JSON et signalez le problème.",
                e.to_string().trim_end_matches('.')
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            AipdPdfError::NotFound(id) => format!(
                "This impact assessment (DPIA) is not in the organisation ({id}): it may have been deleted. Pick one \
                 from the list of DPIAs."
            ),
            AipdPdfError::ProcessingNotFound(id) => format!(
                "This processing is not in the organisation's register ({id}): it may have been deleted. Pick one \
                 from the list of processings."
            ),
            AipdPdfError::Pdf(e) => format!(
                "{}. Try again; if it happens again, export the dossier to JSON and report the problem.",
                e.message_en().trim_end_matches('.')
            ),
        }
    }
}

/// The AIPD of `bundle` with id `aipd_id` in `format`: the bytes to write, whatever the
/// caller (window or command line). `today` is the date printed on the report.
pub fn aipd_export(
    bundle: &OrganisationBundle,
    aipd_id: Uuid,
    format: AipdFormat,
    today: NaiveDate,
) -> Result<Vec<u8>, AipdPdfError> {
    match format {
        AipdFormat::Pdf => aipd_pdf(bundle, aipd_id, today),
        AipdFormat::PiaJson => {
            let a = find(bundle, aipd_id)?;
            Ok(crate::aipd::pia_tool::export(a, bundle).into_bytes())
        }
    }
}

fn find(bundle: &OrganisationBundle, aipd_id: Uuid) -> Result<&Aipd, AipdPdfError> {
    bundle.aipds.iter().find(|a| a.id == aipd_id).ok_or(AipdPdfError::NotFound(aipd_id))
}

// ------------------------------------------------------------------------- texts

const TITLE: &str = "Analyse d'impact relative à la protection des données (AIPD)";
const NOT_SET: &str = "Non renseigné";
const MAX_NAME_CHARS: usize = 150;

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

fn or_not_set(text: &str) -> String {
    match text.trim() {
        "" => NOT_SET.to_string(),
        t => t.to_string(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A list of free entries, one per line with a dash, or « Non renseigné ».
fn list_or_not_set(items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return NOT_SET.to_string();
    }
    items.iter().map(|s| format!("– {s}")).collect::<Vec<_>>().join("\n")
}

fn level_fr(l: Option<Level>) -> String {
    match l {
        Some(l) => format!("{} ({} sur 4)", l.label_fr(), l.value()),
        None => NOT_SET.to_string(),
    }
}

/// What a corrective action answers, in words.
fn part_fr(a: &Aipd, part: &PartRef) -> String {
    match part {
        PartRef::Context { part } => format!("Contexte — {}", part.label_fr()),
        PartRef::Principle { key } => format!("Principe — {}", key.label_fr()),
        PartRef::Measure { id } => match a.measure(*id) {
            Some(m) => format!("Mesure « {} »", m.title.trim()),
            None => "Mesure supprimée".to_string(),
        },
        PartRef::Risk { id } => match a.risk(*id) {
            Some(r) => format!("Risque « {} »", risk_title(r)),
            None => "Risque supprimé".to_string(),
        },
        PartRef::General => "L'analyse dans son ensemble".to_string(),
    }
}

fn risk_title(r: &Risk) -> String {
    match (r.title.trim(), r.event) {
        ("", Some(e)) => e.label_fr().to_string(),
        ("", None) => "Risque sans intitulé".to_string(),
        (t, _) => t.to_string(),
    }
}

/// Where a measure comes from, in words.
fn origin_fr(bundle: &OrganisationBundle, origin: &MeasureOrigin) -> String {
    match origin {
        MeasureOrigin::Free => "Saisie libre".to_string(),
        MeasureOrigin::SecurityItem { item_id } => match crate::security::guide::guide().item(item_id) {
            Some((sheet, item)) => format!(
                "Guide de la sécurité de la CNIL, fiche {} « {} », précaution {item_id} : {}",
                sheet.number, sheet.title_fr, item.text_fr
            ),
            None => format!("Guide de la sécurité de la CNIL, élément {item_id}"),
        },
        MeasureOrigin::Measure { measure_id } => match bundle.measures.iter().find(|m| m.id == *measure_id) {
            Some(m) => format!("Mesure de l'organisme « {} »", m.title.trim()),
            None => "Mesure de l'organisme (supprimée depuis)".to_string(),
        },
        MeasureOrigin::KnowledgeBase { entry_id } => match assets().knowledge_entry(entry_id) {
            Some(k) => format!("Base de connaissances des mesures : {}", k.title_fr),
            None => format!("Base de connaissances, fiche « {entry_id} »"),
        },
    }
}

// ------------------------------------------------------------------------- typography

/// French typography for print: the spaces inside « guillemets » and before « : ; ? ! % »
/// become non-breaking, so that a line never starts with « » » or « : ». Applied to every
/// text of the report, typed ones included.
fn typo(text: &str) -> String {
    let nb = '\u{a0}';
    text.replace("« ", &format!("«{nb}"))
        .replace(" »", &format!("{nb}»"))
        .replace(" :", &format!("{nb}:"))
        .replace(" ;", &format!("{nb};"))
        .replace(" ?", &format!("{nb}?"))
        .replace(" !", &format!("{nb}!"))
        .replace(" %", &format!("{nb}%"))
}

fn kv(doc: &mut dyn DocWriter, key: &str, value: &str) -> Result<(), PdfError> {
    doc.key_value(&typo(key), &typo(value))
}

fn para(doc: &mut dyn DocWriter, t: &str) -> Result<(), PdfError> {
    doc.paragraph(&typo(t))
}

fn note(doc: &mut dyn DocWriter, t: &str) -> Result<(), PdfError> {
    doc.note(&typo(t))
}

/// A line in one of the PDF layer's text styles; the editable formats get the nearest
/// block: a large title, a subsection heading or a bold paragraph.
fn text(doc: &mut dyn DocWriter, t: &str, style: TextStyle) -> Result<(), PdfError> {
    let t = typo(t);
    if let Some(pdf) = doc.pdf() {
        return pdf.text(&t, style);
    }
    if style.size >= TextStyle::H2.size {
        doc.styled(&t, ParaStyle::Title)
    } else if style.size >= TextStyle::H3.size {
        doc.heading(&t, 3)
    } else if style.weight == Weight::Bold {
        doc.styled(&t, ParaStyle::Strong)
    } else {
        doc.paragraph(&t)
    }
}

/// Starts a new page unless `height` points still fit (the PDF only: word processors
/// lay pages out themselves).
fn ensure_space(doc: &mut dyn DocWriter, height: f32) {
    if let Some(pdf) = doc.pdf() {
        pdf.ensure_space(height);
    }
}

fn heading(doc: &mut dyn DocWriter, t: &str, level: u8) -> Result<(), PdfError> {
    doc.heading(&typo(t), level)
}

fn item(doc: &mut dyn DocWriter, marker: &str, t: &str) -> Result<(), PdfError> {
    doc.list_item(marker, &typo(t))
}

fn boxed(doc: &mut dyn DocWriter, title: Option<&str>, t: &str, thickness: f32) -> Result<(), PdfError> {
    doc.boxed(title.map(typo).as_deref(), &typo(t), thickness)
}

fn table(doc: &mut dyn DocWriter, headers: &[&str], rows: &[Vec<String>], widths: &[f32]) -> Result<(), PdfError> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| typo(c)).collect()).collect();
    let headers: Vec<String> = headers.iter().map(|h| typo(h)).collect();
    doc.table(&headers.iter().map(String::as_str).collect::<Vec<_>>(), &rows, widths)
}

// ------------------------------------------------------------------------- document

/// What every section needs.
struct Ctx<'a> {
    bundle: &'a OrganisationBundle,
    a: &'a Aipd,
    today: NaiveDate,
    rule: HighRiskRule,
    map: RiskMap,
}

/// The report of the AIPD `aipd_id` of `bundle` as a PDF (A4, French). `today` is the
/// date printed on it.
pub fn aipd_pdf(bundle: &OrganisationBundle, aipd_id: Uuid, today: NaiveDate) -> Result<Vec<u8>, AipdPdfError> {
    let doc = aipd_doc(bundle, aipd_id, today, PdfDoc::new)?;
    Ok(doc.finish()?)
}

/// The same report as a [`FlowDoc`], to render as DOCX or ODT
/// ([`crate::documents::office::render`]): the risk map becomes a 4×4 table whose cells
/// name the points, with the table of points and the high-zone rule in words.
pub fn aipd_flow(bundle: &OrganisationBundle, aipd_id: Uuid, today: NaiveDate) -> Result<FlowDoc, AipdPdfError> {
    aipd_doc(bundle, aipd_id, today, |t| Ok(FlowDoc::new(t)))
}

/// The report written on the writer `new` makes from the document's title.
fn aipd_doc<W: DocWriter>(
    bundle: &OrganisationBundle,
    aipd_id: Uuid,
    today: NaiveDate,
    new: impl FnOnce(&str) -> Result<W, PdfError>,
) -> Result<W, AipdPdfError> {
    let a = find(bundle, aipd_id)?;
    let rule = HighRiskRule::default();
    let ctx = Ctx { bundle, a, today, rule, map: risk_map(a, &rule) };
    let name = bundle.organisation.legal_name.trim();
    let org_name = clip(if name.is_empty() { "Organisme sans nom" } else { name }, MAX_NAME_CHARS);
    let title = clip(&or_not_set(&a.title), MAX_NAME_CHARS);

    let mut w = new(&format!("AIPD « {title} » — {org_name}"))?;
    let doc: &mut dyn DocWriter = &mut w;
    doc.set_author(&org_name);
    doc.set_subject("Analyse d'impact relative à la protection des données (article 35 du RGPD), méthode de la CNIL");
    doc.set_footer(&typo(&format!("{org_name} — AIPD « {title} », version {}", a.version)));

    cover(doc, &ctx, &org_name)?;
    doc.page_break();
    screening_section(doc, &ctx)?;
    context_section(doc, &ctx)?;
    principles_section(doc, &ctx)?;
    measures_section(doc, &ctx)?;
    risks_section(doc, &ctx)?;
    doc.page_break();
    map_section(doc, &ctx)?;
    plan_section(doc, &ctx)?;
    opinions_section(doc, &ctx)?;
    validation_section(doc, &ctx)?;
    import_notes_section(doc, &ctx)?;
    Ok(w)
}

fn processing_name(bundle: &OrganisationBundle, id: Uuid) -> String {
    match bundle.processings.iter().find(|p| p.id == id) {
        Some(p) if !p.reference.trim().is_empty() => format!("{} — {}", p.reference.trim(), or_not_set(&p.name)),
        Some(p) => or_not_set(&p.name),
        None => format!("Traitement supprimé du registre ({id})"),
    }
}

fn cover(doc: &mut dyn DocWriter, ctx: &Ctx<'_>, org_name: &str) -> Result<(), PdfError> {
    let a = ctx.a;
    heading(doc, TITLE, 1)?;
    note(doc, "Article 35 du règlement général sur la protection des données (RGPD) — méthode de la CNIL")?;
    doc.space(4.0);
    text(doc, &format!("« {} »", or_not_set(&a.title)), TextStyle::H2)?;
    doc.space(4.0);

    kv(doc, "Organisme", org_name)?;
    let processings: Vec<String> = a.processings.iter().map(|&id| processing_name(ctx.bundle, id)).collect();
    kv(
        doc,
        "Traitements concernés",
        &if processings.is_empty() { NOT_SET.to_string() } else { processings.join("\n") },
    )?;
    kv(doc, "Version", &a.version.to_string())?;
    if let Some(prev) = a.previous_version {
        let text = match ctx.bundle.aipds.iter().find(|p| p.id == prev) {
            Some(p) => match &p.validation {
                Some(v) => format!("version {} validée le {}", p.version, date_fr(v.validated_on)),
                None => format!("version {}", p.version),
            },
            None => "version précédente supprimée".to_string(),
        };
        kv(doc, "Établie à partir de", &text)?;
    }
    kv(doc, "Statut", a.status.label_fr())?;
    kv(doc, "Créée le", &date_fr(a.created_at.date_naive()))?;
    kv(doc, "Modifiée le", &date_fr(a.updated_at.date_naive()))?;
    if let Some(v) = &a.validation {
        kv(doc, "Validée le", &date_fr(v.validated_on))?;
    }
    kv(doc, "Rédacteur", &or_not_set(&a.author))?;
    kv(doc, "Évaluateur", &or_not_set(&a.evaluator))?;
    kv(doc, "Valideur", &or_not_set(&a.validator))?;
    kv(doc, "Avancement", &format!("{} %", crate::aipd::workflow::progress(a).percent))?;
    kv(doc, "Rapport édité le", &date_fr(ctx.today))?;
    doc.space(6.0);

    let high = high_residual_risks(a, &ctx.rule);
    if high.is_empty() {
        let unrated = a.risks.iter().filter(|r| !r.final_estimate().is_rated()).count();
        let text = if unrated == 0 {
            "Aucun risque ne reste élevé selon la règle retenue (voir la cartographie) : la consultation préalable \
             de la CNIL (article 36) n'est pas requise."
                .to_string()
        } else {
            format!(
                "Aucun risque estimé ne reste élevé selon la règle retenue, mais {} : la conclusion sur la \
                 consultation préalable de la CNIL (article 36) attend ces estimations.",
                plural(unrated, "risque n'est pas encore estimé", "risques ne sont pas encore estimés")
            )
        };
        boxed(doc, Some("Consultation préalable de la CNIL"), &text, 0.8)?;
    } else {
        let list: Vec<String> = high
            .iter()
            .map(|r| {
                let e = r.final_estimate();
                format!(
                    "– {} « {} » : gravité {}, vraisemblance {}",
                    crate::aipd::risk::risk_label(a, r),
                    risk_title(r),
                    e.severity.map_or(NOT_SET, Level::label_fr),
                    e.likelihood.map_or(NOT_SET, Level::label_fr)
                )
            })
            .collect();
        boxed(
            doc,
            Some("Consultation préalable de la CNIL requise (art. 36)"),
            &format!("{PRIOR_CONSULTATION_FR}\n\nRisques restés élevés :\n{}", list.join("\n")),
            2.5,
        )?;
    }

    heading(doc, "Contenu", 2)?;
    for (n, t) in SECTIONS.iter().enumerate() {
        item(doc, &format!("{}.", n + 1), t)?;
    }
    Ok(())
}

/// Section titles, in order (numbered 1 to 9).
const SECTIONS: [&str; 9] = [
    "Analyse préalable : une AIPD est-elle requise ?",
    "Contexte",
    "Principes fondamentaux",
    "Mesures existantes ou prévues",
    "Risques",
    "Cartographie des risques",
    "Plan d'action",
    "Avis",
    "Validation",
];

fn section(doc: &mut dyn DocWriter, n: usize) -> Result<(), PdfError> {
    heading(doc, &format!("{n}. {}", SECTIONS[n - 1]), 2)
}

/// An evaluation as printed under each part: its rating word, comment, who and when.
fn evaluation(doc: &mut dyn DocWriter, e: Option<&Evaluation>) -> Result<(), PdfError> {
    let Some(e) = e else {
        return kv(doc, "Évaluation", "Non évaluée");
    };
    let mut line = e.rating.label_fr().to_string();
    let by = match (e.evaluator.trim(), e.evaluated_on) {
        ("", None) => String::new(),
        ("", Some(d)) => format!(" (le {})", date_fr(d)),
        (who, None) => format!(" (par {who})"),
        (who, Some(d)) => format!(" (par {who}, le {})", date_fr(d)),
    };
    line.push_str(&by);
    if !e.comment.trim().is_empty() {
        line.push_str(" — ");
        line.push_str(e.comment.trim());
    }
    kv(doc, "Évaluation", &line)
}

/// A question in bold, its answer under it.
fn answer(doc: &mut dyn DocWriter, question: &str, reply: &str) -> Result<(), PdfError> {
    text(doc, question, TextStyle { space_after: 1.0, ..TextStyle::STRONG })?;
    para(doc, &or_not_set(reply))
}

fn screening_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 1)?;
    cnil_order_note(doc)?;
    if ctx.a.processings.is_empty() {
        return para(doc, "Aucun traitement du registre n'est rattaché à cette analyse.");
    }
    for &pid in &ctx.a.processings {
        heading(doc, &format!("Traitement « {} »", processing_name(ctx.bundle, pid)), 3)?;
        match ctx.bundle.aipd_screenings.iter().find(|s| s.processing == pid) {
            None => para(doc, "Pas d'analyse préalable enregistrée pour ce traitement.")?,
            Some(s) => screening(doc, s)?,
        }
    }
    Ok(())
}

/// The CNIL's order of the questions, printed before a screening.
fn cnil_order_note(doc: &mut dyn DocWriter) -> Result<(), PdfError> {
    note(
        doc,
        "La démarche de la CNIL : un traitement de sa liste « non requise » (types de traitements dispensés) n'a pas \
         besoin d'AIPD ; un traitement de sa liste « requise » en demande une ; sinon, l'AIPD est requise dans les \
         cas de l'article 35(3) du RGPD et, en règle générale, dès que deux des neuf critères sont remplis.",
    )
}

/// The list answer: the matching type, « aucun » when the user went through the list, or
/// « non examinée » when nobody did yet.
fn list_type_fr(id: Option<&str>, reviewed: bool) -> String {
    let Some(id) = id else {
        return if reviewed {
            "Aucun type de cette liste ne correspond".to_string()
        } else {
            "Liste pas encore examinée".to_string()
        };
    };
    match assets().list_type(id) {
        Some(t) => {
            let mut s = format!("Type n° {} : {}", t.number, t.title_fr);
            if t.to_verify {
                s.push_str(" (intitulé à vérifier)");
            }
            s
        }
        None => format!("Type « {id} » inconnu de la liste"),
    }
}

fn screening(doc: &mut dyn DocWriter, s: &AipdScreening) -> Result<(), PdfError> {
    let v = verdict(s);
    kv(doc, "Liste « non requise »", &list_type_fr(s.not_required_type.as_deref(), s.not_required_reviewed))?;
    kv(doc, "Liste « requise »", &list_type_fr(s.required_type.as_deref(), s.required_reviewed))?;
    let cases: Vec<String> = s.art35_cases.iter().map(|c| format!("– {}", c.label_fr())).collect();
    kv(doc, "Cas de l'article 35(3)", &if cases.is_empty() { "Aucun".to_string() } else { cases.join("\n") })?;
    let rows: Vec<Vec<String>> = AipdCriterion::ALL
        .iter()
        .map(|&c| {
            let ans = s.criteria.iter().find(|x| x.criterion == c);
            vec![
                c.number().to_string(),
                c.label_fr().to_string(),
                match ans {
                    Some(x) if x.met => "Rempli".to_string(),
                    Some(_) => "Non rempli".to_string(),
                    None => NOT_SET.to_string(),
                },
                ans.map_or(String::new(), |x| x.comment.trim().to_string()).chars().take(600).collect::<String>(),
            ]
        })
        .map(|mut r| {
            if r[3].is_empty() {
                r[3] = "—".to_string();
            }
            r
        })
        .collect();
    table(doc, &["N°", "Critère", "Réponse", "Commentaire"], &rows, &[0.06, 0.42, 0.14, 0.38])?;
    kv(doc, "Critères remplis", &format!("{} sur 9", v.criteria_met))?;
    let mut result = v.outcome.label_fr().to_string();
    for r in &v.reasons_fr {
        result.push_str("\n– ");
        result.push_str(r);
    }
    kv(doc, "Résultat", &result)?;
    if !v.note_fr.trim().is_empty() {
        note(doc, &v.note_fr)?;
    }
    kv(doc, "Conclusion retenue", s.conclusion.map_or(NOT_SET, |c| c.label_fr()))?;
    kv(doc, "Justification", &or_not_set(&s.justification))?;
    kv(doc, "Avis du délégué (DPO)", &or_not_set(&s.dpo_view))?;
    kv(doc, "Décidé par", &or_not_set(&s.decided_by))?;
    kv(doc, "Date de la décision", &s.decided_on.map_or(NOT_SET.to_string(), date_fr))?;
    if v.needs_justification && (s.justification.trim().is_empty() || s.dpo_view.trim().is_empty()) {
        boxed(
            doc,
            Some("À compléter"),
            "L'AIPD est écartée alors qu'au moins deux critères sont remplis : la justification et l'avis du \
             délégué doivent être consignés.",
            1.5,
        )?;
    }
    Ok(())
}

fn context_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 2)?;
    let c = &ctx.a.context;
    for (part, eval) in [
        (ContextPart::Overview, c.overview_evaluation.as_ref()),
        (ContextPart::DataProcessesSupports, c.data_evaluation.as_ref()),
    ] {
        heading(doc, part.label_fr(), 3)?;
        for &k in ContextKey::ALL.iter().filter(|k| k.part() == part) {
            answer(doc, k.label_fr(), ctx.a.context_answer(k))?;
        }
        evaluation(doc, eval)?;
    }
    Ok(())
}

fn principles_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 3)?;
    for (title, proportionality) in
        [("Proportionnalité et nécessité", true), ("Mesures protectrices des droits", false)]
    {
        heading(doc, title, 3)?;
        for &k in PrincipleKey::ALL.iter().filter(|k| k.is_proportionality() == proportionality) {
            let p = ctx.a.principle(k);
            let text = match p {
                Some(p) if p.not_applicable => match p.text.trim() {
                    "" => "Sans objet".to_string(),
                    // the answer often says it itself: no « Sans objet — Sans objet : … »
                    t if t.to_lowercase().starts_with("sans objet") => t.to_string(),
                    t => format!("Sans objet — {t}"),
                },
                Some(p) => p.text.clone(),
                None => String::new(),
            };
            answer(doc, k.label_fr(), &text)?;
            evaluation(doc, p.and_then(|p| p.evaluation.as_ref()))?;
            doc.space(3.0);
        }
    }
    Ok(())
}

fn measures_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 4)?;
    let a = ctx.a;
    if a.measures.is_empty() {
        return para(doc, "Aucune mesure n'est inscrite dans l'analyse.");
    }
    for (i, m) in a.measures.iter().enumerate() {
        ensure_space(doc, 80.0);
        text(doc, &format!("{}. {}", i + 1, or_not_set(&m.title)), TextStyle { space_after: 2.0, ..TextStyle::H3 })?;
        kv(doc, "Famille", m.family.map_or(NOT_SET, |f| f.label_fr()))?;
        kv(doc, "Situation", m.phase.label_fr())?;
        kv(doc, "Origine", &origin_fr(ctx.bundle, &m.origin))?;
        kv(doc, "Description", &or_not_set(&m.description))?;
        let risks: Vec<String> = a
            .risks
            .iter()
            .filter(|r| r.measures.contains(&m.id))
            .map(|r| format!("{} — {}", crate::aipd::risk::risk_label(a, r), risk_title(r)))
            .collect();
        kv(
            doc,
            "Risques traités",
            &if risks.is_empty() { "Aucun risque relié".to_string() } else { risks.join("\n") },
        )?;
        evaluation(doc, m.evaluation.as_ref())?;
        doc.space(4.0);
    }
    Ok(())
}

/// One estimate as a table cell: level and justification.
fn estimate_cell(l: Option<Level>, justification: &str) -> String {
    let mut s = level_fr(l);
    s.push_str("\nJustification : ");
    s.push_str(&or_not_set(justification));
    s
}

fn risks_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 5)?;
    let a = ctx.a;
    note(
        doc,
        "Un risque est un scénario : un événement redouté pour les personnes, ses impacts, les menaces et les \
         sources de risques qui pourraient le provoquer. Il est estimé en gravité (pour les personnes) et en \
         vraisemblance, de « Négligeable » à « Maximale ».",
    )?;
    if a.risks.is_empty() {
        return para(doc, "Aucun risque n'est inscrit dans l'analyse.");
    }
    for r in &a.risks {
        heading(doc, &format!("{} — {}", crate::aipd::risk::risk_label(a, r), risk_title(r)), 3)?;
        kv(doc, "Événement redouté", r.event.map_or("Risque spécifique", |e| e.label_fr()))?;
        kv(doc, "Impacts sur les personnes", &list_or_not_set(&r.impacts))?;
        kv(doc, "Menaces", &list_or_not_set(&r.threats))?;
        kv(doc, "Sources de risques", &list_or_not_set(&r.sources))?;
        let measures: Vec<String> = r
            .measures
            .iter()
            .map(|id| a.measure(*id).map_or("Mesure supprimée".to_string(), |m| or_not_set(&m.title)))
            .collect();
        kv(doc, "Mesures", &list_or_not_set(&measures))?;
        let row = |label: &str, e: &Estimate, empty: &str| -> Vec<String> {
            if e.is_empty() {
                return vec![label.to_string(), empty.to_string(), empty.to_string()];
            }
            vec![
                label.to_string(),
                estimate_cell(e.severity, &e.severity_justification),
                estimate_cell(e.likelihood, &e.likelihood_justification),
            ]
        };
        let rows = vec![
            row("Risque brut, avant toute mesure", &r.inherent, "Non estimé (facultatif)"),
            row("Avec les mesures existantes ou prévues", &r.initial, NOT_SET),
            row(
                "Résiduel, après les actions correctives",
                &r.residual,
                "Non réestimé : l'estimation avec les mesures prévues s'applique",
            ),
        ];
        table(doc, &["Estimation", "Gravité", "Vraisemblance"], &rows, &[0.24, 0.38, 0.38])?;
        let verdict = match ctx.rule.is_high(r.final_estimate()) {
            Some(true) => "Élevé : le risque reste dans la zone de risque élevé de la cartographie",
            Some(false) => "Non élevé",
            None => "Pas encore estimé",
        };
        kv(doc, "Niveau retenu", verdict)?;
        evaluation(doc, r.evaluation.as_ref())?;
    }
    Ok(())
}

// ------------------------------------------------------------------------- risk map

/// The three kinds of point of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PointKind {
    /// Before any measure: hollow triangle, « A₀ ».
    Inherent,
    /// With the existing and planned measures: hollow circle, « A ».
    Initial,
    /// After the corrective actions: filled diamond, « A' ».
    Residual,
}

impl PointKind {
    fn label(self, base: &str) -> String {
        match self {
            PointKind::Inherent => format!("{base}₀"),
            PointKind::Initial => base.to_string(),
            PointKind::Residual => format!("{base}'"),
        }
    }
}

/// Sizes of one way of laying the points out in a cell.
#[derive(Clone, Copy, Debug)]
struct Slots {
    /// Marker radius.
    r: f32,
    font: f32,
    width: f32,
    height: f32,
}

const ROOMY: Slots = Slots { r: 3.6, font: 7.5, width: 31.0, height: 13.0 };
const COMPACT: Slots = Slots { r: 2.8, font: 6.3, width: 24.0, height: 10.0 };

/// Cell of the grid of a level pair: (row from the top 0..4, column from the left 0..4).
fn cell_of(p: MapPoint) -> (usize, usize) {
    (usize::from(4 - p.severity.value()), usize::from(p.likelihood.value() - 1))
}

fn draw_marker(doc: &mut PdfDoc, kind: PointKind, x: f32, y: f32, r: f32) {
    let ink = Tint::Grey(0.05);
    match kind {
        PointKind::Inherent => doc.triangle(x, y, r * 1.15, ShapeStyle::both(Tint::WHITE, ink, 0.8)),
        PointKind::Initial => doc.circle(x, y, r, ShapeStyle::both(Tint::WHITE, ink, 1.0)),
        PointKind::Residual => doc.diamond(x, y, r * 1.2, ShapeStyle::filled(ink)),
    }
}

const HIGH_FILL: Tint = Tint::Rgb(0.98, 0.85, 0.82);
const HATCH: Tint = Tint::Grey(0.62);
const RISK_ARROW: ArrowStyle = ArrowStyle { thickness: 0.9, head: 5.0, tint: Tint::Grey(0.2), dash: None };
const INHERENT_ARROW: ArrowStyle = ArrowStyle { thickness: 0.7, head: 4.0, tint: Tint::Grey(0.45), dash: Some(1.8) };

/// Where a point is drawn: its centre and its cell (row from the top, column from the left).
#[derive(Clone, Copy, Debug)]
struct Placed {
    x: f32,
    y: f32,
    row: usize,
    col: usize,
}

/// Where an arrow between the marker at `p` (radius `r`) and the point `q` meets the
/// marker. A marker's label is on its right: an arrow arriving from the right comes down
/// (or up) onto the top (or bottom) of the marker, so that its head never lies on the
/// label; one leaving to the right does too, unless it leaves level, where the label's
/// background hides its start. Otherwise it meets the marker's edge facing `q`.
fn attach(p: (f32, f32), q: (f32, f32), r: f32, tip: bool) -> (f32, f32) {
    let gap = r + 2.5;
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    if dx > r && (tip || dy.abs() > 2.0 * r) {
        return if dy >= 0.0 { (p.0, p.1 + gap) } else { (p.0, p.1 - gap) };
    }
    let len = (dx * dx + dy * dy).sqrt().max(0.01);
    (p.0 + dx / len * gap, p.1 + dy / len * gap)
}

/// The arrow of one risk from the point `from` to the point `to` (centres of markers of
/// radius `r`), bent to the left of its way: two risks moving along the same row no longer
/// draw one line over the other, and a bent arrow passes beside the points between its
/// ends instead of through them. `frame` (left, bottom, right, top) is the grid: the curve
/// stays inside the triangle of its ends and control point, so keeping the control point
/// in the frame keeps the whole arrow off the axis labels.
fn risk_arrow(doc: &mut PdfDoc, (from, to): ((f32, f32), (f32, f32)), r: f32, frame: [f32; 4], style: ArrowStyle) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 0.01 {
        return;
    }
    // the curve's deepest point is half-way to the control point
    let bulge = (len * 0.18).clamp(5.0, 14.0);
    let (nx, ny) = (-dy / len, dx / len);
    let ctrl = (
        ((from.0 + to.0) / 2.0 + nx * 2.0 * bulge).clamp(frame[0], frame[2]),
        ((from.1 + to.1) / 2.0 + ny * 2.0 * bulge).clamp(frame[1], frame[3]),
    );
    doc.curved_arrow(attach(from, ctrl, r, false), ctrl, attach(to, ctrl, r, true), style);
}

/// The 4×4 grid with every risk's points, arrows and labels, at the cursor; moves the
/// cursor under it. Returns the labels of the points that found no room (none in practice:
/// cells grow with their points, down to a compact layout).
fn draw_map(doc: &mut PdfDoc, map: &RiskMap) -> Result<Vec<String>, PdfError> {
    let axis_style = TextStyle { size: 9.5, weight: Weight::Bold, grey: 0.0, space_after: 0.0 };
    let level_style = TextStyle { size: 8.0, weight: Weight::Regular, grey: 0.0, space_after: 0.0 };
    let left = doc.margins().left;
    let label_w = mm(25.0);
    let grid_x = left + label_w;
    let grid_w = doc.content_width() - label_w - mm(6.0);
    let cell_w = grid_w / 4.0;
    let top_band = 20.0;
    let bottom_band = 42.0;

    // points per cell, in risk order
    let mut cells: BTreeMap<(usize, usize), Vec<(usize, PointKind)>> = BTreeMap::new();
    for (i, r) in map.risks.iter().enumerate() {
        for (kind, p) in
            [(PointKind::Inherent, r.inherent), (PointKind::Initial, r.initial), (PointKind::Residual, r.residual)]
        {
            if let Some(p) = p {
                cells.entry(cell_of(p)).or_default().push((i, kind));
            }
        }
    }
    let max_grid_h = doc.page_content_height() - top_band - bottom_band - 40.0;
    // a slot holds a marker and its label: widen it for longer labels (R100', typed ones),
    // up to half a cell so that a cell keeps two columns; a label longer still is cut
    let widen = |s: Slots| -> Result<Slots, PdfError> {
        let mut widest = 0.0_f32;
        for pts in cells.values() {
            for &(i, kind) in pts {
                widest = widest.max(text_width(&kind.label(&map.risks[i].label), Weight::Bold, s.font)?);
            }
        }
        Ok(Slots { width: (2.0 * s.r + 5.0 + widest).max(s.width).min((cell_w - 4.0) / 2.0), ..s })
    };
    let (roomy, compact) = (widen(ROOMY)?, widen(COMPACT)?);
    let heights = |s: &Slots| -> (usize, [f32; 4]) {
        let cols = (((cell_w - 4.0) / s.width).floor() as usize).max(1);
        let mut h = [52.0_f32; 4];
        for (&(row, _), pts) in &cells {
            let rows = pts.len().div_ceil(cols);
            h[row] = h[row].max(rows as f32 * s.height + 10.0);
        }
        (cols, h)
    };
    let (mut slots, (mut cols, mut row_h)) = (roomy, heights(&roomy));
    if row_h.iter().sum::<f32>() > max_grid_h {
        slots = compact;
        (cols, row_h) = heights(&compact);
    }
    // when even the compact layout is too tall, the rows shrink in proportion and the
    // points that do not fit are listed under the map instead
    if row_h.iter().sum::<f32>() > max_grid_h {
        let total: f32 = row_h.iter().sum();
        for h in &mut row_h {
            *h = (*h * max_grid_h / total).max(40.0);
        }
    }
    let grid_h: f32 = row_h.iter().sum();
    let height = top_band + grid_h + bottom_band;
    doc.ensure_space(height);
    let top = doc.cursor_y();
    let grid_top = top - top_band;
    let grid_bottom = grid_top - grid_h;
    let row_top = |row: usize| grid_top - row_h[..row].iter().sum::<f32>();

    // high zone: tint and hatching, so that it shows in black and white too
    for (row, &h) in row_h.iter().enumerate() {
        for (col, &lik) in Level::ALL.iter().enumerate() {
            if map.rule.is_high_cell(Level::ALL[3 - row], lik) {
                let (x, y) = (grid_x + col as f32 * cell_w, row_top(row) - h);
                doc.fill_rect(x, y, cell_w, h, HIGH_FILL);
                doc.hatch_rect((x, y, cell_w, h), 9.0, 0.4, HATCH);
            }
        }
    }
    // grid lines and frame
    for row in 0..=4 {
        let y = if row == 4 { grid_bottom } else { row_top(row) };
        doc.stroke_line(grid_x, y, grid_x + grid_w, y, 0.5, 0.45);
    }
    for col in 0..=4 {
        let x = grid_x + col as f32 * cell_w;
        doc.stroke_line(x, grid_top, x, grid_bottom, 0.5, 0.45);
    }
    doc.stroke_rect(grid_x, grid_bottom, grid_w, grid_h, 1.0, 0.0);
    // axes: arrows along the left and bottom edges, titles at their ends
    let axis = ArrowStyle { thickness: 0.8, head: 5.0, tint: Tint::BLACK, dash: None };
    doc.arrow((grid_x - 5.0, grid_bottom - 5.0), (grid_x - 5.0, grid_top + 12.0), axis);
    doc.arrow((grid_x - 5.0, grid_bottom - 5.0), (grid_x + grid_w + mm(5.0), grid_bottom - 5.0), axis);
    doc.draw_text("Gravité", grid_x + 2.0, grid_top + 6.0, axis_style);
    for (row, &h) in row_h.iter().enumerate() {
        let level = Level::ALL[3 - row];
        let mid = row_top(row) - h / 2.0;
        for (k, line) in [level.label_fr().to_string(), format!("({})", level.value())].iter().enumerate() {
            let w = text_width(line, level_style.weight, level_style.size)?;
            doc.draw_text(line, grid_x - 9.0 - w, mid + 1.0 - k as f32 * 10.0, level_style);
        }
    }
    for col in 0..4 {
        let level = Level::ALL[col];
        let text = format!("{} ({})", level.label_fr(), level.value());
        let w = text_width(&text, level_style.weight, level_style.size)?;
        doc.draw_text(&text, grid_x + (col as f32 + 0.5) * cell_w - w / 2.0, grid_bottom - 17.0, level_style);
    }
    let w = text_width("Vraisemblance", axis_style.weight, axis_style.size)?;
    doc.draw_text("Vraisemblance", grid_x + grid_w / 2.0 - w / 2.0, grid_bottom - 32.0, axis_style);

    // where each point goes: cells fill left to right, top to bottom
    let mut at: BTreeMap<(usize, PointKind), Placed> = BTreeMap::new();
    let mut left_out = Vec::new();
    for (&(row, col), pts) in &cells {
        let capacity_rows = (((row_h[row] - 6.0) / slots.height).floor() as usize).max(1);
        let used_cols = cols.min(pts.len());
        let pad = (cell_w - used_cols as f32 * slots.width) / 2.0;
        for (k, &(i, kind)) in pts.iter().enumerate() {
            let (r, c) = (k / cols, k % cols);
            if r >= capacity_rows {
                left_out.push(kind.label(&map.risks[i].label));
                continue;
            }
            let x = grid_x + col as f32 * cell_w + pad.max(2.0) + c as f32 * slots.width + slots.r + 2.0;
            let y = row_top(row) - 5.0 - r as f32 * slots.height - slots.height / 2.0;
            at.insert((i, kind), Placed { x, y, row, col });
        }
    }
    // arrows first, markers and labels over them
    let frame = [grid_x + 1.0, grid_bottom + 1.0, grid_x + grid_w - 1.0, grid_top - 1.0];
    for i in 0..map.risks.len() {
        let get = |k: PointKind| at.get(&(i, k)).map(|p| (p.x, p.y));
        if let (Some(a), Some(b)) = (get(PointKind::Inherent), get(PointKind::Initial)) {
            risk_arrow(doc, (a, b), slots.r, frame, INHERENT_ARROW);
        }
        if let (Some(a), Some(b)) = (get(PointKind::Initial), get(PointKind::Residual)) {
            risk_arrow(doc, (a, b), slots.r, frame, RISK_ARROW);
        }
    }
    let label_style = TextStyle { size: slots.font, weight: Weight::Bold, grey: 0.0, space_after: 0.0 };
    for (&(i, kind), &Placed { x, y, row, col }) in &at {
        draw_marker(doc, kind, x, y, slots.r);
        let room = slots.width - 2.0 * slots.r - 4.0;
        let label = truncate_to_width(&kind.label(&map.risks[i].label), label_style.weight, label_style.size, room)?;
        let w = text_width(&label, label_style.weight, label_style.size)?;
        let lx = x + slots.r + 1.8;
        let background =
            if map.rule.is_high_cell(Level::ALL[3 - row], Level::ALL[col]) { HIGH_FILL } else { Tint::WHITE };
        doc.fill_rect(lx - 0.6, y - slots.font * 0.45, w + 1.2, slots.font * 0.95, background);
        doc.draw_text(&label, lx, y - slots.font * 0.33, label_style);
    }
    doc.space(height);
    Ok(left_out)
}

/// One line of the legend: a symbol drawn by `symbol` at (x, y) of the line's middle, and
/// its explanation wrapped beside it.
fn legend_line(doc: &mut PdfDoc, text: &str, symbol: impl Fn(&mut PdfDoc, f32, f32)) -> Result<(), PdfError> {
    let style = TextStyle { size: 8.5, weight: Weight::Regular, grey: 0.0, space_after: 0.0 };
    let indent = mm(14.0);
    let width = doc.content_width() - indent;
    let lines = wrap(&typo(text), style.weight, style.size, width)?;
    let lh = style.size * 1.3;
    let h = lines.len().max(1) as f32 * lh + 3.0;
    doc.ensure_space(h);
    let top = doc.cursor_y();
    let x = doc.margins().left;
    symbol(doc, x + mm(5.0), top - lh / 2.0 - 0.5);
    for (k, l) in lines.iter().enumerate() {
        doc.draw_text(l, x + indent, top - style.size - k as f32 * lh, style);
    }
    doc.space(h);
    Ok(())
}

fn point_fr(p: Option<MapPoint>) -> String {
    match p {
        Some(p) => format!("G : {}\nV : {}", p.severity.label_fr(), p.likelihood.label_fr()),
        None => "—".to_string(),
    }
}

/// How a point is named in the table that replaces the drawn map: « R1 initial ».
fn point_words(kind: PointKind, label: &str) -> String {
    match kind {
        PointKind::Inherent => format!("{label} brut"),
        PointKind::Initial => format!("{label} initial"),
        PointKind::Residual => format!("{label} résiduel"),
    }
}

/// The map where it cannot be drawn (the editable formats): a 4×4 table, severity in rows
/// from « Maximale » down to « Négligeable », likelihood in columns from « Négligeable » to
/// « Maximale », each cell naming its points; the high-zone cells say so, and the rule
/// follows in a sentence.
fn map_fallback(doc: &mut dyn DocWriter, map: &RiskMap) -> Result<(), PdfError> {
    let mut cells: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for r in &map.risks {
        for (kind, p) in
            [(PointKind::Inherent, r.inherent), (PointKind::Initial, r.initial), (PointKind::Residual, r.residual)]
        {
            if let Some(p) = p {
                cells.entry(cell_of(p)).or_default().push(point_words(kind, &r.label));
            }
        }
    }
    let headers: Vec<String> = std::iter::once("Gravité (lignes) / vraisemblance (colonnes)".to_string())
        .chain(Level::ALL.iter().map(|l| format!("{} ({})", l.label_fr(), l.value())))
        .collect();
    let rows: Vec<Vec<String>> = (0..4)
        .map(|row| {
            let severity = Level::ALL[3 - row];
            let mut cols = vec![format!("{} ({})", severity.label_fr(), severity.value())];
            for (col, &likelihood) in Level::ALL.iter().enumerate() {
                let mut lines = Vec::new();
                if map.rule.is_high_cell(severity, likelihood) {
                    lines.push("[zone élevée]".to_string());
                }
                lines.extend(cells.get(&(row, col)).into_iter().flatten().cloned());
                cols.push(if lines.is_empty() { "—".to_string() } else { lines.join("\n") });
            }
            cols
        })
        .collect();
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    table(doc, &refs, &rows, &[0.2, 0.2, 0.2, 0.2, 0.2])?;
    para(doc, &map.rule_fr)
}

fn map_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 6)?;
    let map = &ctx.map;
    if doc.pdf().is_some() {
        para(
            doc,
            "Chaque risque est placé selon sa gravité (axe vertical) et sa vraisemblance (axe horizontal), avec les \
             mesures existantes ou prévues, puis une fois les actions correctives faites ; la flèche montre le \
             chemin de l'un à l'autre. La zone hachurée est celle des risques élevés.",
        )?;
    } else {
        para(
            doc,
            "Chaque risque est placé selon sa gravité (lignes, de « Maximale » en haut à « Négligeable » en bas) et \
             sa vraisemblance (colonnes, de « Négligeable » à gauche à « Maximale » à droite) : avec les mesures \
             existantes ou prévues (« initial »), puis une fois les actions correctives faites (« résiduel »), et \
             avant toute mesure quand il a été estimé (« brut »). Les cases marquées « zone élevée » sont celles \
             des risques élevés.",
        )?;
    }
    if map.risks.is_empty() {
        para(doc, "Aucun risque n'est encore estimé : la cartographie est vide.")?;
    }
    if let Some(pdf) = doc.pdf() {
        let left_out = draw_map(pdf, map)?;
        pdf.space(4.0);
        text(pdf, "Légende", TextStyle { space_after: 3.0, ..TextStyle::STRONG })?;
        let r = ROOMY.r;
        legend_line(
            pdf,
            "A, M, D, R1… : le risque avec les mesures existantes ou prévues (estimation initiale)",
            |d, x, y| draw_marker(d, PointKind::Initial, x, y, r),
        )?;
        legend_line(
            pdf,
            "A', M', D', R1'… : le risque résiduel, une fois les actions correctives faites",
            |d, x, y| draw_marker(d, PointKind::Residual, x, y, r),
        )?;
        legend_line(
            pdf,
            "A₀, M₀, D₀, R1₀… : le risque brut, avant toute mesure (quand il a été estimé)",
            |d, x, y| draw_marker(d, PointKind::Inherent, x, y, r),
        )?;
        legend_line(pdf, "Flèche pleine : de l'estimation initiale au risque résiduel", |d, x, y| {
            d.arrow((x - 9.0, y), (x + 9.0, y), RISK_ARROW)
        })?;
        legend_line(pdf, "Flèche pointillée : du risque brut à l'estimation initiale", |d, x, y| {
            d.arrow((x - 9.0, y), (x + 9.0, y), INHERENT_ARROW)
        })?;
        legend_line(pdf, &format!("Zone hachurée : risque élevé. {}", map.rule_fr), |d, x, y| {
            d.fill_rect(x - 9.0, y - 5.0, 18.0, 10.0, HIGH_FILL);
            d.hatch_rect((x - 9.0, y - 5.0, 18.0, 10.0), 4.0, 0.4, HATCH);
            d.stroke_rect(x - 9.0, y - 5.0, 18.0, 10.0, 0.5, 0.3);
        })?;
        pdf.space(4.0);
        if !left_out.is_empty() {
            note(
                pdf,
                &format!(
                    "Faute de place, ces points ne sont pas dessinés : {}. Le tableau ci-dessous les donne tous.",
                    left_out.join(", ")
                ),
            )?;
        }
    } else {
        map_fallback(doc, map)?;
    }
    if !map.unrated.is_empty() {
        let names: Vec<String> = map.unrated.iter().map(|t| format!("« {} »", or_not_set(t))).collect();
        note(doc, &format!("Pas encore placés (gravité ou vraisemblance non estimée) : {}.", names.join(", ")))?;
    }
    ensure_space(doc, 120.0);
    text(doc, "Les points de la carte", TextStyle { space_after: 3.0, ..TextStyle::H3 })?;
    if map.risks.is_empty() {
        return para(doc, "Aucun point.");
    }
    let rows: Vec<Vec<String>> = map
        .risks
        .iter()
        .map(|m| {
            vec![
                m.label.clone(),
                or_not_set(&m.title),
                point_fr(m.inherent),
                point_fr(m.initial),
                point_fr(m.residual),
                if m.high { "Oui" } else { "Non" }.to_string(),
            ]
        })
        .collect();
    table(
        doc,
        &["Repère", "Risque", "Brut (avant mesures)", "Initial (mesures prévues)", "Résiduel", "Élevé ?"],
        &rows,
        &[0.09, 0.27, 0.18, 0.18, 0.18, 0.10],
    )?;
    note(doc, "G = gravité, V = vraisemblance. « Élevé ? » se lit sur le résiduel, ou sur l'initial faute de résiduel.")
}

// ------------------------------------------------------------------------- the rest

fn plan_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    ensure_space(doc, 150.0);
    section(doc, 7)?;
    let a = ctx.a;
    if a.actions.is_empty() {
        return para(doc, "Aucune action corrective n'est prévue.");
    }
    let late = a
        .actions
        .iter()
        .filter(|x| x.status != crate::model::ActionStatus::Done && x.due_date.is_some_and(|d| d < ctx.today))
        .count();
    para(
        doc,
        &format!(
            "{}, dont {} au {}. Ces actions figurent aussi dans le plan d'action de la sécurité de l'organisme.",
            plural(a.actions.len(), "action corrective", "actions correctives"),
            plural(late, "en retard", "en retard"),
            date_fr(ctx.today)
        ),
    )?;
    let rows: Vec<Vec<String>> = a
        .actions
        .iter()
        .map(|x| {
            let mut what = or_not_set(&x.title);
            if !x.details.trim().is_empty() {
                what.push('\n');
                what.push_str(&clip(x.details.trim(), 400));
            }
            let mut status = x.status.label_fr().to_string();
            if let Some(d) = x.done_on {
                status.push_str(&format!("\nle {}", date_fr(d)));
            } else if x.status != crate::model::ActionStatus::Done && x.due_date.is_some_and(|d| d < ctx.today) {
                status.push_str("\nEN RETARD");
            }
            vec![
                what,
                part_fr(a, &x.part),
                or_not_set(&x.owner),
                x.due_date.map_or(NOT_SET.to_string(), date_fr),
                status,
            ]
        })
        .collect();
    table(
        doc,
        &["Action", "Partie concernée", "Responsable", "Échéance", "État"],
        &rows,
        &[0.32, 0.24, 0.16, 0.14, 0.14],
    )
}

fn opinions_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    section(doc, 8)?;
    let a = ctx.a;
    heading(doc, "Avis du délégué à la protection des données (DPO)", 3)?;
    if a.dpo.no_dpo {
        para(
            doc,
            "L'organisme n'a pas désigné de délégué à la protection des données : l'avis prévu à l'article 35(2) \
             du RGPD n'a donc pas lieu d'être.",
        )?;
        if !a.dpo.text.trim().is_empty() {
            kv(doc, "Remarque", a.dpo.text.trim())?;
        }
    } else {
        kv(doc, "Nom", &or_not_set(&a.dpo.name))?;
        kv(doc, "Avis", a.dpo.opinion.map_or(NOT_SET, |o| o.label_fr()))?;
        kv(doc, "Avis motivé", &or_not_set(&a.dpo.text))?;
        kv(doc, "Date de l'avis", &a.dpo.given_on.map_or(NOT_SET.to_string(), date_fr))?;
    }
    heading(doc, "Avis des personnes concernées ou de leurs représentants", 3)?;
    let ds = &a.data_subjects;
    match ds.sought {
        None => kv(doc, "Avis recherché", NOT_SET)?,
        Some(true) => {
            kv(doc, "Avis recherché", "Oui")?;
            kv(doc, "Personnes consultées", &or_not_set(&ds.names))?;
            kv(doc, "Avis", ds.opinion.map_or(NOT_SET, |o| o.label_fr()))?;
            kv(doc, "Teneur de l'avis", &or_not_set(&ds.text))?;
        }
        Some(false) => {
            kv(doc, "Avis recherché", "Non")?;
            kv(doc, "Pourquoi", &or_not_set(&ds.not_sought_reason))?;
        }
    }
    Ok(())
}

/// A commitment as printed: the box, ticked or not, and the same in words.
fn tick(done: bool, text: &str) -> (&'static str, String) {
    if done {
        ("☑", format!("{text} — oui"))
    } else {
        ("☐", format!("{text} — non coché"))
    }
}

fn validation_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    ensure_space(doc, 160.0);
    section(doc, 9)?;
    let a = ctx.a;
    match &a.validation {
        Some(v) => {
            kv(doc, "Validée par", &or_not_set(&v.validator))?;
            kv(doc, "Qualité", &or_not_set(&v.role))?;
            kv(doc, "Date de validation", &date_fr(v.validated_on))?;
            text(doc, "Engagements du responsable du traitement", TextStyle { space_after: 2.0, ..TextStyle::STRONG })?;
            for (done, text) in [
                (v.context_accurate, "Le contexte décrit est conforme à la réalité"),
                (v.risks_known, "Les risques sont connus et acceptés compte tenu des mesures"),
                (v.measures_approved, "Les mesures correctives sont approuvées"),
                (v.commitment, "Le responsable s'engage à les mettre en œuvre"),
            ] {
                let (mark, line) = tick(done, text);
                item(doc, mark, &line)?;
            }
            doc.space(2.0);
            kv(doc, "Observations", &or_not_set(&v.comment))?;
            if a.status != crate::model::AipdStatus::Validated {
                note(doc, &format!("Statut actuel de cette version : « {} ».", a.status.label_fr()))?;
            }
        }
        None => {
            boxed(
                doc,
                Some("Non validée"),
                &format!(
                    "Cette analyse n'a pas été validée par le responsable du traitement. Statut : « {} ».",
                    a.status.label_fr()
                ),
                1.0,
            )?;
        }
    }
    if !a.refusals.is_empty() {
        heading(doc, "Refus", 3)?;
        for r in &a.refusals {
            text(
                doc,
                &format!("Refusée le {} par {}", date_fr(r.refused_on), or_not_set(&r.by)),
                TextStyle { space_after: 1.0, ..TextStyle::STRONG },
            )?;
            kv(doc, "Motif", &or_not_set(&r.reason))?;
            kv(doc, "Modifications apportées", &or_not_set(&r.changes))?;
        }
    }
    Ok(())
}

fn import_notes_section(doc: &mut dyn DocWriter, ctx: &Ctx<'_>) -> Result<(), PdfError> {
    let notes = &ctx.a.import_notes;
    if notes.is_empty() {
        return Ok(());
    }
    ensure_space(doc, 120.0);
    heading(doc, "Notes d'import", 2)?;
    para(
        doc,
        "Éléments lus dans le fichier importé qui n'ont pas de place dans l'analyse : ils sont gardés ici tels \
         quels pour qu'aucune information ne se perde.",
    )?;
    let rows: Vec<Vec<String>> =
        notes.iter().map(|n| vec![or_not_set(&n.source), clip(&or_not_set(&n.text), 3000)]).collect();
    table(doc, &["Origine", "Contenu"], &rows, &[0.22, 0.78])
}

// ------------------------------------------------------------------------- screening alone

/// Title of the screening document (the same words as section 1 of the report).
const SCREENING_TITLE: &str = "Analyse préalable : une AIPD est-elle requise ?";
/// The mark of a screening that was never saved: what is printed is the register's proposal.
pub const PROPOSAL_MARK_FR: &str = "Non enregistrée : proposition d'après la fiche du registre";

/// The screening of one processing on its own « Analyse préalable : une AIPD est-elle
/// requise ? » (PDF, French): the printable trace of the reasoning, above all when the answer
/// is no and no AIPD report will ever carry it. Organisation, processing and purposes, the
/// same screening section as the report (CNIL order, lists, Art. 35(3), the nine criteria with
/// comments, verdict with reasons, conclusion, justification, DPO view, who and when), the
/// AIPDs covering the processing with their status, and what the conclusion means.
///
/// A processing with no stored screening gets the pre-filled one of
/// [`crate::aipd::screening::view`], marked [`PROPOSAL_MARK_FR`] at the top and in every
/// footer. `today` is the date printed on it.
pub fn screening_pdf(
    bundle: &OrganisationBundle,
    processing_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<u8>, AipdPdfError> {
    let doc = screening_doc(bundle, processing_id, today, PdfDoc::new)?;
    Ok(doc.finish()?)
}

/// The same screening document as a [`FlowDoc`], to render as DOCX or ODT.
pub fn screening_flow(
    bundle: &OrganisationBundle,
    processing_id: Uuid,
    today: NaiveDate,
) -> Result<FlowDoc, AipdPdfError> {
    screening_doc(bundle, processing_id, today, |t| Ok(FlowDoc::new(t)))
}

/// The screening document written on the writer `new` makes from the title.
fn screening_doc<W: DocWriter>(
    bundle: &OrganisationBundle,
    processing_id: Uuid,
    today: NaiveDate,
    new: impl FnOnce(&str) -> Result<W, PdfError>,
) -> Result<W, AipdPdfError> {
    let p = bundle
        .processings
        .iter()
        .find(|p| p.id == processing_id)
        .ok_or(AipdPdfError::ProcessingNotFound(processing_id))?;
    let view =
        crate::aipd::screening::view(bundle, processing_id).ok_or(AipdPdfError::ProcessingNotFound(processing_id))?;
    let s = &view.screening;
    let v = &view.verdict;
    let name = bundle.organisation.legal_name.trim();
    let org_name = clip(if name.is_empty() { "Organisme sans nom" } else { name }, MAX_NAME_CHARS);
    let p_name = clip(&or_not_set(&p.name), MAX_NAME_CHARS);

    let mut w = new(&format!("Analyse préalable « {p_name} » — {org_name}"))?;
    let doc: &mut dyn DocWriter = &mut w;
    doc.set_author(&org_name);
    doc.set_subject("Analyse préalable à une analyse d'impact (article 35 du RGPD) : une AIPD est-elle requise ?");
    let mut footer = format!("{org_name} — Analyse préalable « {p_name} »");
    if !view.stored {
        footer.push_str(" — proposition non enregistrée");
    }
    doc.set_footer(&typo(&footer));

    heading(doc, SCREENING_TITLE, 1)?;
    note(
        doc,
        "Article 35 du règlement général sur la protection des données (RGPD) — démarche de la CNIL et lignes \
         directrices du G29 (WP248)",
    )?;
    doc.space(4.0);
    text(doc, &format!("« {p_name} »"), TextStyle::H2)?;
    doc.space(4.0);

    kv(doc, "Organisme", &org_name)?;
    let mut processing = processing_name(bundle, p.id);
    if p.archived {
        processing.push_str("\n(traitement archivé : il n'est plus mis en œuvre)");
    }
    kv(doc, "Traitement", &processing)?;
    let purposes: Vec<String> = p
        .purposes
        .iter()
        .map(|x| clip(x.description.trim(), 600))
        .filter(|x| !x.is_empty())
        .map(|x| format!("– {x}"))
        .collect();
    kv(doc, "Finalités", &if purposes.is_empty() { NOT_SET.to_string() } else { purposes.join("\n") })?;
    if view.stored {
        kv(doc, "Analyse enregistrée le", &date_fr(s.created_at.date_naive()))?;
        kv(doc, "Modifiée le", &date_fr(s.updated_at.date_naive()))?;
    } else {
        kv(doc, "Analyse enregistrée le", "Non enregistrée")?;
    }
    kv(doc, "Document édité le", &date_fr(today))?;
    doc.space(6.0);

    if !view.stored {
        boxed(
            doc,
            Some(PROPOSAL_MARK_FR),
            "Aucune analyse préalable n'a encore été enregistrée pour ce traitement. Les réponses imprimées ici sont \
             celles que Greffier propose à partir de la fiche du registre (critères repérés, types de traitement des \
             listes de la CNIL, cas de l'article 35(3)) : ce n'est pas une décision. Relisez-les, corrigez-les et \
             retenez une conclusion dans Greffier pour que ce document fasse foi.",
            2.5,
        )?;
    }
    let (summary_title, summary) = screening_summary(s, v);
    boxed(doc, Some(&summary_title), &summary, 1.2)?;

    heading(doc, "1. Le raisonnement", 2)?;
    cnil_order_note(doc)?;
    screening(doc, s)?;

    ensure_space(doc, 110.0);
    heading(doc, "2. Analyses d'impact couvrant ce traitement", 2)?;
    let covering: Vec<&Aipd> = bundle.aipds.iter().filter(|a| a.processings.contains(&p.id)).collect();
    if covering.is_empty() {
        para(doc, "Aucune analyse d'impact (AIPD) ne couvre ce traitement.")?;
    } else {
        let rows: Vec<Vec<String>> = covering
            .iter()
            .map(|a| {
                let validated = a.validation.as_ref().map_or("—".to_string(), |x| date_fr(x.validated_on));
                vec![
                    clip(&or_not_set(&a.title), 300),
                    a.version.to_string(),
                    a.status.label_fr().to_string(),
                    validated,
                ]
            })
            .collect();
        table(doc, &["Analyse d'impact", "Version", "Statut", "Validée le"], &rows, &[0.52, 0.12, 0.2, 0.16])?;
    }

    ensure_space(doc, 140.0);
    heading(doc, "3. Ce que signifie cette conclusion", 2)?;
    for t in meaning(s, v, &covering) {
        para(doc, &t)?;
    }
    Ok(w)
}

/// The box at the top: the conclusion in a few words, who decided and when.
fn screening_summary(s: &AipdScreening, v: &ScreeningVerdict) -> (String, String) {
    let by = match (s.decided_by.trim(), s.decided_on) {
        ("", None) => String::new(),
        ("", Some(d)) => format!(" le {}", date_fr(d)),
        (who, None) => format!(" par {who}"),
        (who, Some(d)) => format!(" par {who}, le {}", date_fr(d)),
    };
    match s.conclusion {
        Some(c) => {
            let mut body = format!("Retenue{by}.\nRésultat de la démarche : {}.", v.outcome.label_fr());
            if v.conclusion_agrees == Some(false) {
                body.push_str(
                    "\nLa conclusion retenue s'écarte du résultat de la démarche : la justification ci-dessous en \
                     donne les raisons.",
                );
            }
            (format!("Conclusion : {}", c.label_fr()), body)
        }
        None => (
            "Pas encore de conclusion retenue".to_string(),
            format!("Résultat de la démarche à ce stade : {}.", v.outcome.label_fr()),
        ),
    }
}

/// What the conclusion means, in a few plain paragraphs.
fn meaning(s: &AipdScreening, v: &ScreeningVerdict, covering: &[&Aipd]) -> Vec<String> {
    let mut out = Vec::new();
    match s.conclusion {
        Some(ScreeningConclusion::NotRequired) => {
            out.push(
                "Aucune AIPD n'est à mener pour ce traitement tel qu'il est décrit. Les autres obligations restent : \
                 tenir le registre, assurer la sécurité des données (article 32 du RGPD), informer les personnes et \
                 répondre à leurs demandes."
                    .to_string(),
            );
            out.push(
                "Conservez ce document avec le registre : il montre, en cas de contrôle, que la question a été \
                 examinée et pourquoi la réponse est non."
                    .to_string(),
            );
        }
        Some(ScreeningConclusion::Required) => {
            let live = covering.iter().any(|a| a.status != crate::model::AipdStatus::Archived);
            out.push(
                "Une AIPD doit être menée avant la mise en œuvre du traitement, ou dès maintenant s'il fonctionne \
                 déjà, avec l'avis du délégué à la protection des données s'il y en a un (article 35(2) du RGPD). \
                 Si un risque élevé demeure malgré les mesures prévues, la CNIL doit être consultée avant la mise en \
                 œuvre (article 36)."
                    .to_string(),
            );
            if !live {
                out.push(
                    "Aucune analyse d'impact n'est encore en cours pour ce traitement : elle reste à faire."
                        .to_string(),
                );
            }
            out.push("Conservez ce document avec l'analyse d'impact : il en explique l'origine.".to_string());
        }
        None => {
            out.push(format!(
                "L'analyse n'est pas terminée : aucune conclusion n'est retenue, et le résultat de la démarche (« {} ») \
                 n'est qu'une indication. Complétez-la dans Greffier (listes de la CNIL, article 35(3), les neuf \
                 critères), puis retenez une conclusion et dites qui l'a prise.",
                v.outcome.label_fr()
            ));
        }
    }
    out.push(
        "Cette analyse vaut pour le traitement tel qu'il est aujourd'hui. Refaites-la dès qu'il change : nouvelle \
         finalité, nouvelles données ou personnes concernées, nouvel outil, changement d'échelle. Le RGPD demande de \
         réexaminer un traitement quand le risque qu'il présente évolue (article 35(11)), et la CNIL conseille de \
         revoir régulièrement cette analyse."
            .to_string(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_files() {
        for f in AipdFormat::ALL {
            assert_eq!(AipdFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(AipdFormat::parse(" PIA-JSON "), Some(AipdFormat::PiaJson));
        assert_eq!(AipdFormat::parse("docx"), None);
        assert_eq!(serde_json::to_string(&AipdFormat::PiaJson).unwrap(), "\"pia-json\"");
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            AipdFormat::Pdf.suggested_file_name("Vidéoprotection / mairie", 2, on),
            "AIPD - Vidéoprotection - mairie - v2 - 2026-11-23.pdf"
        );
        assert_eq!(AipdFormat::PiaJson.suggested_file_name("  ", 1, on), "PIA - v1 - 2026-11-23.json");
    }

    #[test]
    fn cells_put_maximum_severity_on_top_and_negligible_likelihood_left() {
        let p = |s, l| MapPoint { severity: s, likelihood: l };
        assert_eq!(cell_of(p(Level::Maximum, Level::Negligible)), (0, 0));
        assert_eq!(cell_of(p(Level::Negligible, Level::Maximum)), (3, 3));
        assert_eq!(cell_of(p(Level::Significant, Level::Limited)), (1, 1));
        assert_eq!(PointKind::Residual.label("R2"), "R2'");
        assert_eq!(PointKind::Inherent.label("A"), "A₀");
    }

    #[test]
    fn unknown_aipd_is_an_error_with_both_languages() {
        let b = OrganisationBundle::new(crate::model::Organisation::new("Vide"));
        let id = Uuid::new_v4();
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let e = aipd_pdf(&b, id, on).unwrap_err();
        assert_eq!(e.code(), "aipd_not_found");
        assert!(e.message_fr().contains("introuvable") && e.message_fr().contains(&id.to_string()));
        assert!(e.message_en().contains("not in the organisation"));
        assert!(matches!(aipd_export(&b, id, AipdFormat::PiaJson, on), Err(AipdPdfError::NotFound(_))));
    }

    #[test]
    fn unknown_processing_is_an_error_with_both_languages() {
        let b = OrganisationBundle::new(crate::model::Organisation::new("Vide"));
        let id = Uuid::new_v4();
        let e = screening_pdf(&b, id, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap_err();
        assert_eq!(e.code(), "processing_not_found");
        assert!(e.message_fr().contains("traitement est introuvable") && e.message_fr().contains(&id.to_string()));
        assert!(e.message_en().contains("not in the organisation's register"));
    }

    #[test]
    fn screening_file_name_is_safe() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            screening_file_name("Vidéosurveillance: magasin", on),
            "Analyse préalable - Vidéosurveillance- magasin - 2026-11-23.pdf"
        );
        assert_eq!(screening_file_name(" ", on), "Analyse préalable - 2026-11-23.pdf");
    }
}
