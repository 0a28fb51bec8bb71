//! The CNIL security checklist « Évaluation de la sécurité »: the checklist with its
//! profile, answers and bad practices (autosave with drafts), the action plan, the score
//! history and the report. Every rule is the core's (`greffier::security`,
//! `greffier::documents::security_pdf`); these commands only fetch, call and return.
//!
//! The view describes what the user sees: while an edit is pending as a draft (« Non
//! applicable » whose reason is not typed yet…), the checklist, plan, progress and figures
//! are those of the draft, so that nothing typed disappears from the window.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use greffier::app_config;
use greffier::documents::security_pdf::{export_security, SecurityFormat, SecurityReportOptions};
use greffier::model::{ItemAnswer, Problem, ProfileKey, SecurityAssessment, SnapshotReason};
use greffier::security::assessment::{update_answer, update_dont, update_profile};
use greffier::security::history::record_snapshot;
use greffier::security::{
    self, action_plan, checklist, guide, progression, ActionPlan, ActionSource, ChecklistView, Progress,
    SecurityDashboard,
};
use greffier::store::{Dossier, RecordUpdate, StoreError};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use super::register::write_atomically;
use crate::error::{AppError, AppResult};
use crate::state::Shared;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Everything the security window shows.
#[derive(Serialize)]
pub struct SecurityView {
    checklist: ChecklistView,
    plan: ActionPlan,
    progress: Progress,
    dashboard: SecurityDashboard,
}

/// The result of an edit: `saved` false when the value was kept as a draft, `problems`
/// saying why.
#[derive(Serialize)]
pub struct SecuritySave {
    saved: bool,
    problems: Vec<Problem>,
    view: SecurityView,
}

/// The assessment as the user sees it: its pending draft when there is a readable one.
fn shown(d: &Dossier, stored: SecurityAssessment) -> Result<SecurityAssessment, StoreError> {
    let draft = d
        .record_draft::<SecurityAssessment>(stored.id)?
        .and_then(|(value, _)| serde_json::from_value::<SecurityAssessment>(value).ok())
        .filter(|a| a.id == stored.id);
    Ok(draft.unwrap_or(stored))
}

/// The view of the organisation's assessment, created on first use.
fn view(d: &mut Dossier, org: Uuid) -> AppResult<SecurityView> {
    let stored = d.ensure_security_assessment(org)?;
    let assessment = shown(d, stored)?;
    let mut bundle = d.bundle(org)?;
    bundle.security_assessments = vec![assessment];
    let g = guide();
    let on = today();
    let a = &bundle.security_assessments[0];
    Ok(SecurityView {
        checklist: checklist(g, a),
        plan: action_plan(g, Some(a), &bundle.measures, &bundle.aipds, on),
        progress: progression(g, a),
        dashboard: security::dashboard(&bundle, on),
    })
}

fn save(d: &mut Dossier, org: Uuid, up: RecordUpdate<SecurityAssessment>) -> AppResult<SecuritySave> {
    Ok(SecuritySave { saved: up.saved, problems: up.problems, view: view(d, org)? })
}

#[tauri::command]
pub async fn security_view(shared: State<'_, Shared>) -> AppResult<SecurityView> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    view(d, org)
}

#[tauri::command]
pub async fn security_set_profile(
    shared: State<'_, Shared>,
    key: ProfileKey,
    answer: Option<bool>,
) -> AppResult<SecuritySave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = update_profile(d, org, key, answer)?;
    save(d, org, up)
}

#[tauri::command]
pub async fn security_set_answer(shared: State<'_, Shared>, answer: ItemAnswer) -> AppResult<SecuritySave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = update_answer(d, org, answer)?;
    save(d, org, up)
}

#[tauri::command]
pub async fn security_set_dont(shared: State<'_, Shared>, id: String, present: bool) -> AppResult<SecuritySave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = update_dont(d, org, &id, present)?;
    save(d, org, up)
}

/// Takes a score snapshot now « Relevé à la demande », with the user's note.
#[tauri::command]
pub async fn security_snapshot(shared: State<'_, Shared>, note: String) -> AppResult<SecurityView> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    record_snapshot(d, org, SnapshotReason::OnDemand, &note)?;
    view(d, org)
}

/// Marks an action of the plan done where it comes from (item « Fait », measure « En place »).
#[tauri::command]
pub async fn security_mark_done(shared: State<'_, Shared>, source: ActionSource) -> AppResult<SecurityView> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    security::plan::mark_done(d, org, &source, today())?;
    view(d, org)
}

/// Asks where to save, then writes the report (`pdf`) or the action plan (`csv`). `None`
/// when the user cancels.
#[tauri::command]
pub async fn security_export(app: AppHandle, shared: State<'_, Shared>, format: String) -> AppResult<Option<PathBuf>> {
    let format = SecurityFormat::parse(&format).ok_or_else(|| {
        AppError::new("unknown_format", format!("Format inconnu : {format}."), format!("Unknown format: {format}."))
    })?;
    let (bundle, name, en) = {
        let mut inner = shared.lock();
        inner.touch();
        let en = inner.config.settings.lang == app_config::Lang::En;
        let (d, org) = inner.dossier_and_org()?;
        let bundle = d.bundle(org)?;
        let name = bundle.organisation.display_name().to_string();
        (bundle, name, en)
    };
    let on = today();
    let ext = format.extension();
    // The dialog is modal and waits for the user: the state lock is not held meanwhile.
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Save the security report" } else { "Enregistrer le rapport de sécurité" })
        .add_filter(ext.to_uppercase(), &[ext])
        .set_directory(app_config::default_dossier_dir())
        .set_file_name(format.suggested_file_name(&name, on))
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let path = if path.extension().is_none() { path.with_extension(ext) } else { path };
    let opts =
        SecurityReportOptions { generated_on: on, version_label: format!("Version du {}", on.format("%d/%m/%Y")) };
    let bytes =
        export_security(&bundle, format, &opts).map_err(|e| AppError::new(e.code(), e.message_fr(), e.message_en()))?;
    write_atomically(&path, &bytes)?;
    Ok(Some(path))
}

/// What the checklist brings to a processing's security field (Art. 30(1)(g)).
#[derive(Serialize)]
pub struct SecurityForProcessing {
    /// The done items it is drawn from, their families and a general description.
    summary: greffier::security::links::RegisterSecurity,
    /// `security` with the checklist applied by the core: families added, the description
    /// written only if it was empty.
    security: greffier::model::common::SecurityMeasures,
    changed: bool,
}

/// The processing editor's « Reprendre les mesures de la liste de contrôle »: nothing is
/// stored here; the editor puts the result in its form, which autosaves as usual.
#[tauri::command]
pub async fn security_for_processing(
    shared: State<'_, Shared>,
    security: greffier::model::common::SecurityMeasures,
) -> AppResult<SecurityForProcessing> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let assessment = match d.security_assessment(org)? {
        Some(stored) => shown(d, stored)?,
        None => SecurityAssessment::new(),
    };
    let summary = greffier::security::links::register_security(guide(), &assessment);
    let mut security = security;
    let changed = summary.apply_to(&mut security);
    Ok(SecurityForProcessing { summary, security, changed })
}
