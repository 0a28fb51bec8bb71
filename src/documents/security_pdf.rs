//! The security checklist's documents: the PDF report « Rapport d'évaluation de la
//! sécurité » and the action plan as CSV. One entry point, [`export_security`], shared by
//! the window and `greffier export security`.
//!
//! The report, in French: what the assessment covers and its overall score; a bar chart
//! of the chapters drawn as vector graphics, each bar with its value written beside it
//! (the reading never depends on shades alone); the progression of the snapshots; the
//! profile; the score of every sheet; the bad practices declared, as warnings; the action
//! plan with overdue actions spelled out; then, sheet by sheet, every precaution with its
//! answer, and the optional measures answered. Written once through [`DocWriter`]:
//! [`security_flow`] records the same content for DOCX and ODT, where the big score is a
//! title paragraph and the bars a table with the same figures.
//!
//! The CSV (UTF-8 with BOM, `;`, CRLF, dates `jj/mm/aaaa`) is the action plan, one row
//! per action, for a spreadsheet.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::flow::{DocWriter, FlowDoc, ParaStyle};
use super::pdf::{mm, text_width, truncate_to_width, wrap, PdfDoc, PdfError, TextStyle, Weight};
use super::register_export::ExportError;
use super::sheets::SheetError;
use crate::model::{AnswerStatus, OrganisationBundle, ProfileKey, SecurityAssessment};
use crate::security::applicability::{item_applicability, sheet_applicability, Applicability, NaSource};
use crate::security::assessment::{item_status, ItemStatus};
use crate::security::guide::{guide, Guide, ItemKind};
use crate::security::history::progression;
use crate::security::plan::{action_plan, Action, ActionPlan, ActionSource};
use crate::security::score::{percent_fr, scores, Scores};

/// A format of the security export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecurityFormat {
    /// The full report.
    Pdf,
    /// The action plan, one row per action.
    Csv,
}

impl SecurityFormat {
    pub const ALL: [SecurityFormat; 2] = [SecurityFormat::Pdf, SecurityFormat::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            SecurityFormat::Pdf => "pdf",
            SecurityFormat::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<SecurityFormat> {
        SecurityFormat::ALL.into_iter().find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
    }

    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// « Sécurité - Boulangerie Martin - 2026-11-23.pdf », « Plan d'action sécurité - … .csv ».
    pub fn suggested_file_name(self, organisation: &str, on: NaiveDate) -> String {
        let base = match self {
            SecurityFormat::Pdf => "Sécurité",
            SecurityFormat::Csv => "Plan d'action sécurité",
        };
        let org: String = organisation
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        match org.trim() {
            "" => format!("{base} - {on}.{}", self.extension()),
            o => format!("{base} - {o} - {on}.{}", self.extension()),
        }
    }
}

/// What to print. The window sends it as JSON:
/// `{"generated_on": "2026-11-23", "version_label": "Version du 23/11/2026"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityReportOptions {
    /// The date printed on the document; also « today » for overdue actions.
    pub generated_on: NaiveDate,
    /// Free label printed in the footer; may be empty.
    #[serde(default)]
    pub version_label: String,
}

/// The security export of one organisation in `format`.
pub fn export_security(
    bundle: &OrganisationBundle,
    format: SecurityFormat,
    opts: &SecurityReportOptions,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        SecurityFormat::Pdf => security_pdf(bundle, opts)?,
        SecurityFormat::Csv => security_csv(bundle, opts.generated_on)?,
    })
}

const TITLE: &str = "Évaluation de la sécurité des données personnelles";
const MAX_NAME_CHARS: usize = 150;

/// The bundle's assessment, or an empty one when the checklist was never started.
fn assessment_of(bundle: &OrganisationBundle) -> (SecurityAssessment, bool) {
    match bundle.security_assessments.first() {
        Some(a) => (a.clone(), true),
        None => (SecurityAssessment::new(), false),
    }
}

fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The report of `bundle`'s assessment as a PDF (A4, French).
pub fn security_pdf(bundle: &OrganisationBundle, opts: &SecurityReportOptions) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDoc::new(&document_title(bundle))?;
    write_report(&mut doc, bundle, opts)?;
    doc.finish()
}

/// The same report as a flow of blocks, to render as DOCX or ODT: what the PDF draws (the
/// big score, the chapter bars) becomes text and a table carrying the same figures.
pub fn security_flow(bundle: &OrganisationBundle, opts: &SecurityReportOptions) -> Result<FlowDoc, PdfError> {
    let mut doc = FlowDoc::new(&document_title(bundle));
    write_report(&mut doc, bundle, opts)?;
    Ok(doc)
}

fn org_name(bundle: &OrganisationBundle) -> String {
    let name = bundle.organisation.legal_name.trim();
    clip(if name.is_empty() { "Organisme sans nom" } else { name }, MAX_NAME_CHARS)
}

fn document_title(bundle: &OrganisationBundle) -> String {
    format!("{TITLE} — {}", org_name(bundle))
}

/// The whole report (metadata and content) on `doc`.
fn write_report(
    doc: &mut dyn DocWriter,
    bundle: &OrganisationBundle,
    opts: &SecurityReportOptions,
) -> Result<(), PdfError> {
    let g = guide();
    let (a, started) = assessment_of(bundle);
    let s = scores(g, &a);
    let plan = action_plan(g, Some(&a), &bundle.measures, &bundle.aipds, opts.generated_on);
    let org_name = org_name(bundle);

    doc.set_author(&org_name);
    doc.set_subject(
        "Auto-évaluation selon le guide de la sécurité des données personnelles de la CNIL (article 32 du RGPD)",
    );
    let mut footer = format!("{org_name} — Évaluation de la sécurité");
    if !opts.version_label.trim().is_empty() {
        footer.push_str(" — ");
        footer.push_str(&clip(opts.version_label.trim(), MAX_NAME_CHARS));
    }
    doc.set_footer(&footer);

    summary(doc, g, &a, started, &s, &plan, &org_name, opts)?;
    doc.page_break();
    profile_section(doc, g, &a)?;
    sheets_table(doc, g, &s)?;
    donts_section(doc, g, &a)?;
    plan_section(doc, &plan)?;
    doc.page_break();
    details(doc, g, &a, &s)
}

/// Keeps `height` points together on the page (paper only: a word processor flows).
fn ensure_space(doc: &mut dyn DocWriter, height: f32) {
    if let Some(pdf) = doc.pdf() {
        pdf.ensure_space(height);
    }
}

#[allow(clippy::too_many_arguments)]
fn summary(
    doc: &mut dyn DocWriter,
    g: &Guide,
    a: &SecurityAssessment,
    started: bool,
    s: &Scores,
    plan: &ActionPlan,
    org_name: &str,
    opts: &SecurityReportOptions,
) -> Result<(), PdfError> {
    doc.heading(TITLE, 1)?;
    doc.note(&format!(
        "Auto-évaluation selon le guide « Sécurité des données personnelles » de la CNIL, édition {} ({} fiches), \
         au titre de l'article 32 du RGPD",
        a.guide_edition,
        g.sheets.len()
    ))?;
    doc.space(4.0);
    doc.key_value("Organisme", org_name)?;
    doc.key_value("Rapport édité le", &date_fr(opts.generated_on))?;
    if !opts.version_label.trim().is_empty() {
        doc.key_value("Version", opts.version_label.trim())?;
    }
    let t = s.overall.precautions;
    let last_validation =
        a.snapshots.iter().filter(|x| x.reason == crate::model::SnapshotReason::Validation).max_by_key(|x| x.taken_at);
    doc.key_value(
        "Dernière validation",
        &last_validation.map_or_else(|| "Jamais validée".to_string(), |v| date_fr(v.taken_at.date_naive())),
    )?;
    doc.key_value(
        "Avancement",
        &format!(
            "{} sur {} applicables",
            plural(usize::from(t.applicable - t.unanswered), "précaution renseignée", "précautions renseignées"),
            t.applicable
        ),
    )?;
    doc.key_value("Source", &g.guide.source)?;
    if !started {
        doc.space(4.0);
        doc.boxed(
            Some("Évaluation non commencée"),
            "Aucune réponse n'a encore été saisie pour cet organisme : toutes les précautions sont comptées \
             comme restant à faire.",
            1.0,
        )?;
    }

    doc.heading("Score global", 2)?;
    match doc.pdf() {
        Some(pdf) => {
            let big = TextStyle { size: 28.0, weight: Weight::Bold, grey: 0.0, space_after: 2.0 };
            pdf.text(&percent_fr(s.overall.per_mille), big)?;
        }
        None => doc.styled(&percent_fr(s.overall.per_mille), ParaStyle::Title)?,
    }
    let o = s.overall.optional;
    let text = match s.overall.per_mille {
        None => "Aucune précaution élémentaire ne s'applique à cet organisme d'après son profil : il n'y a pas de \
                 score à calculer."
            .to_string(),
        Some(_) => format!(
            "{} et {} sur {} précautions élémentaires applicables ; une précaution partielle compte pour moitié. \
             {} à faire, {} sans réponse. Mesures « pour aller plus loin » en place : {} sur {} (hors score).",
            plural(usize::from(t.done), "précaution faite", "précautions faites"),
            plural(usize::from(t.partial), "partielle", "partielles"),
            t.applicable,
            t.todo,
            t.unanswered,
            o.done,
            o.applicable
        ),
    };
    doc.paragraph(&text)?;
    doc.note(
        "Score = part des précautions élémentaires applicables qui sont en place (Fait = 1, Partiel = ½), \
         arrondie au pour mille ; les précautions non applicables sont exclues.",
    )?;

    doc.heading("Score par chapitre", 2)?;
    chapter_scores(doc, s)?;

    let p = progression(g, a);
    if !p.points.is_empty() {
        doc.heading("Progression", 2)?;
        let rows: Vec<Vec<String>> = p
            .points
            .iter()
            .map(|pt| {
                vec![
                    date_fr(pt.taken_at.date_naive()),
                    pt.reason.label_fr().to_string(),
                    percent_fr(pt.overall),
                    match pt.change {
                        None => "—".to_string(),
                        Some(0) => "inchangé".to_string(),
                        Some(c) => {
                            format!("{}{} points", if c > 0 { "+" } else { "−" }, percent_points(c.unsigned_abs()))
                        }
                    },
                    pt.note.clone(),
                ]
            })
            .collect();
        doc.table(&["Date", "Motif", "Score global", "Évolution", "Note"], &rows, &[0.14, 0.22, 0.14, 0.16, 0.34])?;
    }

    doc.heading("Plan d'action en bref", 2)?;
    doc.paragraph(&format!(
        "{}, dont {} en retard au {}.",
        plural(plan.actions.len(), "action ouverte", "actions ouvertes"),
        plan.overdue,
        date_fr(plan.today)
    ))?;
    Ok(())
}

/// A change in per mille as percentage points: « 2,3 ».
fn percent_points(per_mille: u32) -> String {
    if per_mille.is_multiple_of(10) {
        format!("{}", per_mille / 10)
    } else {
        format!("{},{}", per_mille / 10, per_mille % 10)
    }
}

/// The chapter scores: bars on paper, a table in the editable formats.
fn chapter_scores(doc: &mut dyn DocWriter, s: &Scores) -> Result<(), PdfError> {
    if let Some(pdf) = doc.pdf() {
        let rows: Vec<(String, Option<u16>)> =
            s.chapters.iter().map(|c| (c.title_fr.clone(), c.score.per_mille)).collect();
        return bar_chart(pdf, &rows);
    }
    let rows: Vec<Vec<String>> = s
        .chapters
        .iter()
        .map(|c| {
            let t = c.score.precautions;
            vec![
                c.title_fr.clone(),
                percent_fr(c.score.per_mille),
                t.done.to_string(),
                t.partial.to_string(),
                t.applicable.to_string(),
            ]
        })
        .collect();
    doc.table(&["Chapitre", "Score", "Fait", "Partiel", "Applicables"], &rows, &[0.48, 0.12, 0.10, 0.12, 0.18])?;
    doc.note("Score d'un chapitre : part de ses précautions élémentaires applicables qui sont en place.")
}

/// Horizontal bars, one per row, with a 0–100 % scale and each value written at the end
/// of its bar. A row without a score gets an empty frame and « sans objet ».
fn bar_chart(doc: &mut PdfDoc, rows: &[(String, Option<u16>)]) -> Result<(), PdfError> {
    let label_style = TextStyle { size: 9.0, weight: Weight::Regular, grey: 0.0, space_after: 0.0 };
    let value_style = TextStyle { size: 9.0, weight: Weight::Bold, grey: 0.0, space_after: 0.0 };
    let scale_style = TextStyle { size: 7.5, weight: Weight::Regular, grey: 0.35, space_after: 0.0 };
    let line_h = label_style.size * 1.2;
    let bar_h = 11.0;
    let label_w = mm(62.0);
    let value_w = mm(22.0);
    let x0 = doc.margins().left + label_w;
    let bar_w = doc.content_width() - label_w - value_w;
    // labels wrap on two lines at most (the second cut with « … » if need be)
    let mut labels = Vec::with_capacity(rows.len());
    for (label, _) in rows {
        let mut lines = wrap(label, label_style.weight, label_style.size, label_w - mm(3.0))?;
        if lines.len() > 2 {
            let rest = lines[1..].join(" ");
            lines.truncate(1);
            lines.push(truncate_to_width(&rest, label_style.weight, label_style.size, label_w - mm(3.0))?);
        }
        labels.push(lines);
    }
    let row_heights: Vec<f32> = labels.iter().map(|l| (l.len().max(1) as f32 * line_h + 6.0).max(18.0)).collect();
    let bars_h: f32 = row_heights.iter().sum();
    let height = bars_h + 16.0;
    doc.ensure_space(height);
    let top = doc.remaining() + doc.margins().bottom;
    let bottom = top - bars_h;
    // scale: lines at 0, 25, 50, 75, 100 %, labels under the bars
    for q in 0..=4u16 {
        let x = x0 + bar_w * f32::from(q) / 4.0;
        doc.stroke_line(x, top, x, bottom - 2.0, if q == 0 { 0.8 } else { 0.3 }, if q == 0 { 0.0 } else { 0.7 });
        let label = format!("{}\u{a0}%", q * 25);
        let w = text_width(&label, scale_style.weight, scale_style.size)?;
        doc.draw_text(&label, x - w / 2.0, bottom - 11.0, scale_style);
    }
    let mut row_top = top;
    for (((_, value), lines), h) in rows.iter().zip(&labels).zip(&row_heights) {
        let mid = row_top - h / 2.0;
        // first baseline so that the label block is centred on the bar
        let block = lines.len() as f32 * line_h;
        let mut baseline = mid + block / 2.0 - label_style.size;
        for l in lines {
            doc.draw_text(l, doc.margins().left, baseline, label_style);
            baseline -= line_h;
        }
        doc.stroke_rect(x0, mid - bar_h / 2.0, bar_w, bar_h, 0.5, 0.55);
        if let Some(v) = value {
            let w = bar_w * f32::from(*v) / 1000.0;
            if w > 0.0 {
                // a filled bar: a line as thick as the bar
                doc.stroke_line(x0, mid, x0 + w, mid, bar_h, 0.35);
            }
        }
        let value_text = percent_fr(*value);
        doc.draw_text(&value_text, x0 + bar_w + mm(2.0), mid - value_style.size / 3.0, value_style);
        row_top -= h;
    }
    doc.space(height);
    doc.note(
        "Chaque barre représente la part des précautions élémentaires applicables du chapitre qui sont en place ; \
         la valeur est écrite à droite.",
    )?;
    Ok(())
}

fn answer_fr(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Oui",
        Some(false) => "Non",
        None => "Sans réponse (compté comme oui)",
    }
}

fn profile_section(doc: &mut dyn DocWriter, g: &Guide, a: &SecurityAssessment) -> Result<(), PdfError> {
    doc.heading("Profil de l'organisme", 1)?;
    doc.paragraph(
        "Ces questions décident des précautions qui s'appliquent. Une précaution liée à une question à laquelle \
         l'organisme a répondu « Non » est « Non applicable » ; une question sans réponse compte comme « Oui ».",
    )?;
    let rows: Vec<Vec<String>> = ProfileKey::ALL
        .iter()
        .map(|&k| {
            let n = g.items().filter(|(_, i)| i.applies_if.contains(&k)).count();
            vec![k.label_fr().to_string(), answer_fr(a.profile_answer(k)).to_string(), n.to_string()]
        })
        .collect();
    doc.table(&["Question", "Réponse", "Éléments concernés"], &rows, &[0.66, 0.20, 0.14])
}

/// Room for a heading and the first rows of the table under it.
const HEADING_AND_TABLE: f32 = 150.0;

fn sheets_table(doc: &mut dyn DocWriter, g: &Guide, s: &Scores) -> Result<(), PdfError> {
    ensure_space(doc, HEADING_AND_TABLE);
    doc.heading("Scores par fiche", 1)?;
    let rows: Vec<Vec<String>> = s
        .sheets
        .iter()
        .map(|x| {
            let title = g.sheet(x.sheet).map(|sh| sh.title_fr.clone()).unwrap_or_default();
            let t = x.score.precautions;
            if !x.applies {
                return vec![
                    x.sheet.to_string(),
                    title,
                    "Non applicable".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                    "—".into(),
                ];
            }
            vec![
                x.sheet.to_string(),
                title,
                percent_fr(x.score.per_mille),
                t.done.to_string(),
                t.partial.to_string(),
                (t.todo + t.unanswered).to_string(),
                t.not_applicable.to_string(),
            ]
        })
        .collect();
    doc.table(
        &["Fiche", "Titre", "Score", "Fait", "Partiel", "À faire ou sans réponse", "Non applic."],
        &rows,
        &[0.07, 0.41, 0.12, 0.08, 0.09, 0.13, 0.10],
    )
}

fn donts_section(doc: &mut dyn DocWriter, g: &Guide, a: &SecurityAssessment) -> Result<(), PdfError> {
    ensure_space(doc, HEADING_AND_TABLE / 2.0);
    doc.heading("Pratiques à éviter constatées", 1)?;
    if a.donts_present.is_empty() {
        return doc.paragraph("Aucune pratique « à ne pas faire » du guide n'a été déclarée.");
    }
    doc.paragraph(&format!(
        "{} du guide {} déclarée{} présente{} dans l'organisme. Chacune expose les données : corrigez-la en priorité.",
        plural(a.donts_present.len(), "pratique « à ne pas faire »", "pratiques « à ne pas faire »"),
        if a.donts_present.len() > 1 { "ont été" } else { "a été" },
        if a.donts_present.len() > 1 { "s" } else { "" },
        if a.donts_present.len() > 1 { "s" } else { "" },
    ))?;
    for id in &a.donts_present {
        if let Some((sheet, d)) = g.dont(id) {
            doc.boxed(
                Some(&format!("Attention — fiche {} « {} »", sheet.number, sheet.title_fr)),
                &format!("À éviter : {}", d.text_fr),
                1.5,
            )?;
        }
    }
    Ok(())
}

fn source_label(a: &Action) -> String {
    match &a.source {
        ActionSource::SecurityItem { item_id } => item_id.clone(),
        ActionSource::Measure { .. } => "Mesure".to_string(),
        ActionSource::AipdAction { .. } => "AIPD".to_string(),
    }
}

fn state_text(a: &Action) -> String {
    match a.days_late {
        Some(d) => format!("{}\nEN RETARD ({})", a.state.label_fr(), plural(d as usize, "jour", "jours")),
        None => a.state.label_fr().to_string(),
    }
}

fn plan_section(doc: &mut dyn DocWriter, plan: &ActionPlan) -> Result<(), PdfError> {
    ensure_space(doc, HEADING_AND_TABLE);
    doc.heading("Plan d'action", 1)?;
    if plan.actions.is_empty() {
        return doc.paragraph(
            "Aucune action ouverte : aucune précaution n'est marquée « À faire » ou « Partiel », aucune mesure \
             n'est prévue et aucune action corrective d'AIPD n'attend.",
        );
    }
    doc.paragraph(&format!(
        "{} au {} : les précautions applicables marquées « À faire » ou « Partiel », les mesures prévues et les \
         actions correctives des analyses d'impact (AIPD) pas encore faites. Les actions en retard viennent en premier, marquées « EN RETARD » ; puis par échéance et priorité.",
        plural(plan.actions.len(), "action ouverte", "actions ouvertes"),
        date_fr(plan.today)
    ))?;
    if plan.without_owner > 0 || plan.without_due_date > 0 {
        doc.note(&format!(
            "{} sans responsable, {} sans échéance.",
            plural(plan.without_owner, "action", "actions"),
            plan.without_due_date
        ))?;
    }
    let rows: Vec<Vec<String>> = plan
        .actions
        .iter()
        .map(|a| {
            let mut what = a.title_fr.clone();
            if !a.comment.is_empty() {
                what.push_str("\n— ");
                what.push_str(&clip(&a.comment, 300));
            }
            vec![
                format!("{}{}", a.sheet.map_or(String::new(), |s| format!("Fiche {s}\n")), source_label(a)),
                what,
                if a.owner.is_empty() { "—".into() } else { a.owner.clone() },
                a.due_date.map_or_else(|| "—".to_string(), date_fr),
                a.priority.map_or("—", |p| p.label_fr()).to_string(),
                state_text(a),
            ]
        })
        .collect();
    doc.table(
        &["Origine", "Action", "Responsable", "Échéance", "Priorité", "État"],
        &rows,
        &[0.11, 0.34, 0.15, 0.13, 0.11, 0.16],
    )
}

/// The answer column: the profile's reason is given once under the table, the user's own
/// reason here.
fn status_cell(g: &Guide, a: &SecurityAssessment, id: &str) -> String {
    match item_status(g, a, id) {
        Some((ItemStatus::NotApplicable, Some(r))) if r.source == NaSource::Profile => {
            "Non applicable (profil)".to_string()
        }
        Some((ItemStatus::NotApplicable, Some(r))) => format!("Non applicable\n{}", r.reason_fr),
        Some((st, _)) => st.label_fr().to_string(),
        None => String::new(),
    }
}

fn answer_details(a: &SecurityAssessment, id: &str) -> String {
    let Some(ans) = a.answer(id) else { return String::new() };
    let mut parts = Vec::new();
    if !ans.comment.trim().is_empty() {
        parts.push(ans.comment.trim().to_string());
    }
    if !ans.evidence.trim().is_empty() {
        parts.push(format!("Preuve : {}", ans.evidence.trim()));
    }
    if ans.status != AnswerStatus::Done && ans.status != AnswerStatus::NotApplicable {
        if !ans.owner.trim().is_empty() {
            parts.push(format!("Responsable : {}", ans.owner.trim()));
        }
        if let Some(d) = ans.due_date {
            parts.push(format!("Échéance : {}", date_fr(d)));
        }
    }
    clip(&parts.join("\n"), 600)
}

fn details(doc: &mut dyn DocWriter, g: &Guide, a: &SecurityAssessment, s: &Scores) -> Result<(), PdfError> {
    doc.heading("Détail par fiche", 1)?;
    doc.paragraph(
        "Pour chaque fiche du guide : ses précautions élémentaires et la réponse de l'organisme, puis les mesures \
         « pour aller plus loin » qui ont reçu une réponse. Une fiche sans précaution applicable est seulement \
         mentionnée.",
    )?;
    for sheet in &g.sheets {
        let score = s.sheet(sheet.number);
        doc.heading(&format!("Fiche {} — {}", sheet.number, sheet.title_fr), 2)?;
        if score.is_some_and(|x| !x.applies) {
            let why = match sheet_applicability(sheet, &a.profile) {
                Applicability::No(r) => r.reason_fr,
                Applicability::Yes => String::new(),
            };
            doc.paragraph(&format!("Non applicable. {why}"))?;
            continue;
        }
        doc.note(&sheet.goal_fr)?;
        if let Some(sc) = score {
            let t = sc.score.precautions;
            doc.paragraph(&format!(
                "Score : {} — {}, {}, {} à faire ou sans réponse, {}.",
                percent_fr(sc.score.per_mille),
                plural(usize::from(t.done), "faite", "faites"),
                plural(usize::from(t.partial), "partielle", "partielles"),
                t.todo + t.unanswered,
                plural(usize::from(t.not_applicable), "non applicable", "non applicables"),
            ))?;
        }
        let rows = |kind: ItemKind, answered_only: bool| -> Vec<Vec<String>> {
            sheet
                .items
                .iter()
                .filter(|i| i.kind == kind && (!answered_only || a.answer(&i.id).is_some()))
                .map(|i| vec![i.id.clone(), i.text_fr.clone(), status_cell(g, a, &i.id), answer_details(a, &i.id)])
                .collect()
        };
        let widths = [0.10, 0.44, 0.18, 0.28];
        doc.table(
            &["N°", "Précaution élémentaire", "Réponse", "Commentaire et preuve"],
            &rows(ItemKind::Precaution, false),
            &widths,
        )?;
        let mut reasons: Vec<String> = Vec::new();
        for i in sheet.items.iter().filter(|i| i.kind == ItemKind::Precaution) {
            if let Applicability::No(r) = item_applicability(i, &a.profile) {
                if !reasons.contains(&r.reason_fr) {
                    reasons.push(r.reason_fr);
                }
            }
        }
        if !reasons.is_empty() {
            doc.note(&format!("Non applicable (profil) : {}", reasons.join(" ")))?;
        }
        let optional = rows(ItemKind::Optional, true);
        if !optional.is_empty() {
            doc.table(&["N°", "Pour aller plus loin", "Réponse", "Commentaire et preuve"], &optional, &widths)?;
        }
        let declared: Vec<&str> =
            sheet.donts.iter().filter(|d| a.donts_present.contains(&d.id)).map(|d| d.text_fr.as_str()).collect();
        for d in declared {
            doc.boxed(Some("Pratique à éviter constatée"), d, 1.5)?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------------------- CSV

/// Columns of the action plan CSV, with their English meaning.
pub const PLAN_CSV_COLUMNS: [(&str, &str); 11] = [
    ("Origine", "security_item (checklist item), measure or aipd_action (AIPD corrective action)"),
    ("Identifiant", "Item id (sNN-pMM), measure id or AIPD action id"),
    ("Fiche", "Sheet of the CNIL guide, 1 to 25"),
    ("Action", "What to do"),
    ("État", "À faire, Partiel, Prévue or En cours"),
    ("Priorité", "Haute, Moyenne, Basse or empty"),
    ("Responsable", "Owner"),
    ("Échéance", "Due date, dd/mm/yyyy"),
    ("En retard", "Oui or Non, on the export date"),
    ("Jours de retard", "Days past the due date"),
    ("Commentaire", "Comment or description"),
];

/// The action plan of `bundle` on `today` as CSV bytes (UTF-8 with BOM, `;`, CRLF).
pub fn security_csv(bundle: &OrganisationBundle, today: NaiveDate) -> Result<Vec<u8>, SheetError> {
    let g = guide();
    let (a, _) = assessment_of(bundle);
    let plan = action_plan(g, Some(&a), &bundle.measures, &bundle.aipds, today);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w =
            ::csv::WriterBuilder::new().delimiter(b';').terminator(::csv::Terminator::CRLF).from_writer(&mut out);
        let err = |e: ::csv::Error| SheetError::Csv(e.to_string());
        w.write_record(PLAN_CSV_COLUMNS.iter().map(|(h, _)| *h)).map_err(err)?;
        for x in &plan.actions {
            let (origin, id) = match &x.source {
                ActionSource::SecurityItem { item_id } => ("security_item", item_id.clone()),
                ActionSource::Measure { measure_id } => ("measure", measure_id.to_string()),
                ActionSource::AipdAction { action_id, .. } => ("aipd_action", action_id.to_string()),
            };
            w.write_record([
                origin.to_string(),
                id,
                x.sheet.map(|s| s.to_string()).unwrap_or_default(),
                x.title_fr.clone(),
                x.state.label_fr().to_string(),
                x.priority.map(|p| p.label_fr().to_string()).unwrap_or_default(),
                x.owner.clone(),
                x.due_date.map(date_fr).unwrap_or_default(),
                if x.overdue { "Oui" } else { "Non" }.to_string(),
                x.days_late.map(|d| d.to_string()).unwrap_or_default(),
                x.comment.clone(),
            ])
            .map_err(err)?;
        }
        w.flush().map_err(|e| SheetError::Csv(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_files() {
        for f in SecurityFormat::ALL {
            assert_eq!(SecurityFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(SecurityFormat::parse(" CSV"), Some(SecurityFormat::Csv));
        assert_eq!(SecurityFormat::parse("xlsx"), None);
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            SecurityFormat::Pdf.suggested_file_name("Mairie d'Uzès", on),
            "Sécurité - Mairie d'Uzès - 2026-11-23.pdf"
        );
        assert_eq!(SecurityFormat::Csv.suggested_file_name("A/B", on), "Plan d'action sécurité - A-B - 2026-11-23.csv");
    }

    #[test]
    fn an_organisation_without_assessment_still_gets_a_report() {
        let b = OrganisationBundle::new(crate::model::Organisation::new("Vide"));
        let opts = SecurityReportOptions {
            generated_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            version_label: String::new(),
        };
        assert!(security_pdf(&b, &opts).unwrap().starts_with(b"%PDF-"));
        let csv = security_csv(&b, opts.generated_on).unwrap();
        assert!(csv.starts_with("\u{feff}Origine;Identifiant;".as_bytes()));
    }
}
