//! The AIPD (DPIA) « Analyses d'impact »: the screening « Dois-je faire une AIPD ? » of each
//! processing, the analyses themselves (autosave with drafts, status changes, versions),
//! their exports (PDF report, the CNIL PIA software's JSON) and the import of an analysis
//! made in the PIA software. Every rule is the core's (`greffier::aipd`,
//! `greffier::documents::aipd_pdf`); these commands only fetch, call and return.
//!
//! Like the register's entries, a view describes what the user sees: while an edit is
//! pending as a draft, progress, risk map and verdicts are those of the draft, so that
//! nothing typed disappears from the window.

use std::path::PathBuf;

use chrono::{DateTime, Local, NaiveDate, Utc};
use greffier::aipd::assets::{assets, AipdAssets};
use greffier::aipd::pia_tool;
use greffier::aipd::prefill::{measure_choices, prefill, MeasureChoice};
use greffier::aipd::risk::{
    high_residual_risks, risk_label, risk_map, HighRiskRule, RiskMap, PRIOR_CONSULTATION_EN, PRIOR_CONSULTATION_FR,
};
use greffier::aipd::screening::{self, ScreeningRow, ScreeningVerdict, ScreeningView};
use greffier::aipd::workflow::{self, AipdDashboard, Progress, Transition, VersionRow};
use greffier::app_config;
use greffier::documents::aipd_pdf::{self as aipd_document, AipdFormat};
use greffier::model::{
    ActionStatus, Aipd, AipdCriterion, AipdScreening, AipdStatus, Art35Case, ContextKey, ContextPart, EnumOption,
    FearedEvent, Level, MeasureFamily, MeasurePhase, Opinion, OrganisationBundle, PrincipleKey, Problem, Rating,
    ScreeningConclusion,
};
use greffier::store::{Dossier, StoreError};
use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use super::register::write_atomically;
use crate::error::{AppError, AppResult};
use crate::state::Shared;

/// Largest PIA software export accepted (the core caps it too; this avoids reading a huge
/// file into memory first).
const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// Title of the save dialog of the exports; the e2e harness answers dialogs by title.
pub const EXPORT_DIALOG_FR: &str = "Exporter l'AIPD";
pub const EXPORT_DIALOG_EN: &str = "Export the DPIA";
/// Title of the save dialog of the screening document.
pub const SCREENING_EXPORT_DIALOG_FR: &str = "Enregistrer l'analyse préalable";
pub const SCREENING_EXPORT_DIALOG_EN: &str = "Save the screening";
/// Title of the open dialog of the import.
pub const IMPORT_DIALOG_FR: &str = "Importer une analyse du logiciel PIA";
pub const IMPORT_DIALOG_EN: &str = "Import an analysis from the PIA software";

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// An id that is not a record of the current organisation reads as unknown (never as
/// another organisation's record).
fn check_org(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<()> {
    if d.organisation_of(id)? != org {
        return Err(StoreError::UnknownRecord(id).into());
    }
    Ok(())
}

/// The names of the processings an analysis covers, in its order; a processing deleted since
/// shows its id rather than disappearing.
pub(crate) fn processing_names(bundle: &OrganisationBundle, ids: &[Uuid]) -> Vec<ProcessingName> {
    ids.iter()
        .map(|&id| ProcessingName {
            id,
            name: bundle.processings.iter().find(|p| p.id == id).map_or_else(|| id.to_string(), |p| p.name.clone()),
        })
        .collect()
}

// ----------------------------------------------------------------------------- overview

/// One analysis in the list.
#[derive(Serialize)]
pub struct AipdRow {
    id: Uuid,
    title: String,
    status: AipdStatus,
    version: u32,
    /// Names of the processings covered.
    processings: Vec<String>,
    percent: u8,
    /// A residual risk stays high: the CNIL must be consulted first (core rule).
    prior_consultation: bool,
    has_draft: bool,
    updated_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct AipdOverview {
    screenings: Vec<ScreeningRow>,
    aipds: Vec<AipdRow>,
    dashboard: AipdDashboard,
}

#[tauri::command]
pub async fn aipd_overview(shared: State<'_, Shared>) -> AppResult<AipdOverview> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    overview(d, org)
}

fn overview(d: &Dossier, org: Uuid) -> AppResult<AipdOverview> {
    let bundle = d.bundle(org)?;
    let rule = HighRiskRule::default();
    let mut aipds = Vec::with_capacity(bundle.aipds.len());
    for a in &bundle.aipds {
        aipds.push(AipdRow {
            id: a.id,
            title: a.title.clone(),
            status: a.status,
            version: a.version,
            processings: processing_names(&bundle, &a.processings).into_iter().map(|p| p.name).collect(),
            percent: workflow::progress(a).percent,
            prior_consultation: !high_residual_risks(a, &rule).is_empty(),
            has_draft: d.record_draft::<Aipd>(a.id)?.is_some(),
            updated_at: a.updated_at,
        });
    }
    Ok(AipdOverview { screenings: screening::overview(&bundle), aipds, dashboard: workflow::dashboard(&bundle) })
}

// ----------------------------------------------------------------------------- reference

/// Every choice list of the AIPD screens, with the core's labels.
#[derive(Serialize)]
pub struct AipdOptions {
    level: Vec<EnumOption>,
    status: Vec<EnumOption>,
    rating: Vec<EnumOption>,
    opinion: Vec<EnumOption>,
    feared_event: Vec<EnumOption>,
    context_key: Vec<EnumOption>,
    context_part: Vec<EnumOption>,
    principle_key: Vec<EnumOption>,
    measure_family: Vec<EnumOption>,
    measure_phase: Vec<EnumOption>,
    action_status: Vec<EnumOption>,
    screening_conclusion: Vec<EnumOption>,
    art35_case: Vec<EnumOption>,
    criterion: Vec<EnumOption>,
}

/// What does not change while the window runs: the assets, the high residual risk rule with
/// its sentence, what the prior consultation means, the choice lists.
#[derive(Serialize)]
pub struct AipdReference {
    assets: &'static AipdAssets,
    rule: HighRiskRule,
    rule_fr: String,
    rule_en: String,
    prior_consultation_fr: &'static str,
    prior_consultation_en: &'static str,
    options: AipdOptions,
}

/// The nine criteria are not a labelled enum of the model (they live with the register's
/// obligations): their options are built the same way.
fn criterion_options() -> Vec<EnumOption> {
    AipdCriterion::ALL
        .iter()
        .map(|c| EnumOption {
            value: serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            label_fr: c.label_fr(),
            label_en: c.label_en(),
        })
        .collect()
}

fn reference() -> AipdReference {
    let rule = HighRiskRule::default();
    AipdReference {
        assets: assets(),
        rule,
        rule_fr: rule.text_fr(),
        rule_en: rule.text_en(),
        prior_consultation_fr: PRIOR_CONSULTATION_FR,
        prior_consultation_en: PRIOR_CONSULTATION_EN,
        options: AipdOptions {
            level: Level::options(),
            status: AipdStatus::options(),
            rating: Rating::options(),
            opinion: Opinion::options(),
            feared_event: FearedEvent::options(),
            context_key: ContextKey::options(),
            context_part: ContextPart::options(),
            principle_key: PrincipleKey::options(),
            measure_family: MeasureFamily::options(),
            measure_phase: MeasurePhase::options(),
            action_status: ActionStatus::options(),
            screening_conclusion: ScreeningConclusion::options(),
            art35_case: Art35Case::options(),
            criterion: criterion_options(),
        },
    }
}

#[tauri::command]
pub async fn aipd_reference() -> AipdReference {
    reference()
}

// ----------------------------------------------------------------------------- screening

#[derive(Serialize)]
pub struct ScreeningForm {
    /// The stored screening, or a fresh one pre-filled from the register; its verdict is the
    /// draft's when a readable draft is pending.
    view: ScreeningView,
    draft: Option<Value>,
    problems: Vec<Problem>,
}

fn screening_form(d: &Dossier, org: Uuid, processing: Uuid) -> AppResult<ScreeningForm> {
    check_org(d, org, processing)?;
    let bundle = d.bundle(org)?;
    let mut view = screening::view(&bundle, processing).ok_or(StoreError::UnknownRecord(processing))?;
    let (draft, problems) = match d.record_draft::<AipdScreening>(view.screening.id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    if let Some(shown) = draft.as_ref().and_then(|v| serde_json::from_value::<AipdScreening>(v.clone()).ok()) {
        view.verdict = screening::verdict(&shown);
    }
    Ok(ScreeningForm { view, draft, problems })
}

#[tauri::command]
pub async fn aipd_screening(shared: State<'_, Shared>, processing_id: Uuid) -> AppResult<ScreeningForm> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    screening_form(d, org, processing_id)
}

#[derive(Serialize)]
pub struct ScreeningSave {
    saved: bool,
    problems: Vec<Problem>,
    /// As stored (unchanged when `saved` is false).
    screening: AipdScreening,
    /// The verdict on what was sent (on what is stored when the value cannot be read).
    verdict: ScreeningVerdict,
}

#[tauri::command]
pub async fn aipd_screening_update(shared: State<'_, Shared>, screening: Value) -> AppResult<ScreeningSave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    update_screening(d, org, screening)
}

fn update_screening(d: &mut Dossier, org: Uuid, screening: Value) -> AppResult<ScreeningSave> {
    let up = screening::save_screening(d, org, &screening)?;
    let sent = if up.saved { None } else { serde_json::from_value::<AipdScreening>(screening).ok() };
    let verdict = screening::verdict(sent.as_ref().unwrap_or(&up.record));
    Ok(ScreeningSave { saved: up.saved, problems: up.problems, screening: up.record, verdict })
}

// ----------------------------------------------------------------------------- analyses

/// A processing of the register by id and name (also the breach register's choice list).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ProcessingName {
    pub(crate) id: Uuid,
    pub(crate) name: String,
}

/// A risk that stays high after the corrective actions.
#[derive(Serialize)]
pub struct HighRiskRef {
    id: Uuid,
    label: String,
    title: String,
}

/// The core's verdicts on the analysis shown.
#[derive(Serialize)]
pub struct Derived {
    progress: Progress,
    risk_map: RiskMap,
    high_risks: Vec<HighRiskRef>,
    prior_consultation: bool,
    versions: Vec<VersionRow>,
    processings: Vec<ProcessingName>,
    measure_choices: Vec<MeasureChoice>,
}

fn derived(bundle: &OrganisationBundle, shown: &Aipd) -> Derived {
    let rule = HighRiskRule::default();
    let high_risks: Vec<HighRiskRef> = high_residual_risks(shown, &rule)
        .into_iter()
        .map(|r| HighRiskRef { id: r.id, label: risk_label(shown, r), title: r.title.clone() })
        .collect();
    Derived {
        progress: workflow::progress(shown),
        risk_map: risk_map(shown, &rule),
        prior_consultation: !high_risks.is_empty(),
        high_risks,
        versions: workflow::versions(bundle, shown.id),
        processings: processing_names(bundle, &shown.processings),
        measure_choices: measure_choices(bundle),
    }
}

#[derive(Serialize)]
pub struct AipdView {
    /// As stored.
    aipd: Aipd,
    /// The unsaved edit kept encrypted, if any.
    draft: Option<Value>,
    problems: Vec<Problem>,
    #[serde(flatten)]
    derived: Derived,
}

/// A readable draft of `id`, for the verdicts (an unreadable one is still sent as is).
fn readable(draft: Option<&Value>, id: Uuid) -> Option<Aipd> {
    draft.and_then(|v| serde_json::from_value::<Aipd>(v.clone()).ok()).filter(|a| a.id == id)
}

fn view(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<AipdView> {
    check_org(d, org, id)?;
    let aipd: Aipd = d.get(id)?;
    let (draft, problems) = match d.record_draft::<Aipd>(id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    let bundle = d.bundle(org)?;
    let shown = readable(draft.as_ref(), id);
    let derived = derived(&bundle, shown.as_ref().unwrap_or(&aipd));
    Ok(AipdView { aipd, draft, problems, derived })
}

#[tauri::command]
pub async fn aipd_get(shared: State<'_, Shared>, id: Uuid) -> AppResult<AipdView> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    view(d, org, id)
}

/// A new analysis of `processing_ids`, pre-filled from the register by the core; its id.
#[tauri::command]
pub async fn aipd_create(shared: State<'_, Shared>, processing_ids: Vec<Uuid>, title: String) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    create(d, org, &processing_ids, &title)
}

fn create(d: &mut Dossier, org: Uuid, processing_ids: &[Uuid], title: &str) -> AppResult<Uuid> {
    if processing_ids.is_empty() {
        return Err(AppError::new(
            "no_processing",
            "Choisissez au moins un traitement du registre que l'analyse couvre.",
            "Choose at least one processing of the register for the analysis to cover.",
        ));
    }
    for &p in processing_ids {
        check_org(d, org, p)?;
    }
    let bundle = d.bundle(org)?;
    let aipd = prefill(&bundle, processing_ids, title.trim());
    Ok(d.save(org, aipd)?.id)
}

#[derive(Serialize)]
pub struct AipdSave {
    saved: bool,
    #[serde(flatten)]
    view: AipdView,
}

/// The editor's autosave: a valid value is saved, an invalid one kept as an encrypted draft;
/// a validated or archived analysis refuses every change but the follow-up of its actions.
#[tauri::command]
pub async fn aipd_update(shared: State<'_, Shared>, aipd: Value) -> AppResult<AipdSave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    update(d, org, aipd)
}

fn update(d: &mut Dossier, org: Uuid, aipd: Value) -> AppResult<AipdSave> {
    let up = d.update_record::<Aipd>(org, &aipd)?;
    let bundle = d.bundle(org)?;
    let (draft, shown) = if up.saved {
        (None, None)
    } else {
        let shown = readable(Some(&aipd), up.record.id);
        (Some(aipd), shown)
    };
    let derived = derived(&bundle, shown.as_ref().unwrap_or(&up.record));
    Ok(AipdSave { saved: up.saved, view: AipdView { aipd: up.record, draft, problems: up.problems, derived } })
}

#[tauri::command]
pub async fn aipd_discard_draft(shared: State<'_, Shared>, id: Uuid) -> AppResult<AipdView> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    d.discard_record_draft(id)?;
    view(d, org, id)
}

/// A change of status would apply to the stored analysis and leave the pending draft behind
/// with the old status: the draft is finished (or discarded) first.
fn draft_pending() -> AppError {
    AppError::new(
        "draft_pending",
        "Des modifications ne sont pas encore enregistrées car elles contiennent des erreurs : corrigez les points \
         signalés (ou abandonnez le brouillon) avant de changer le statut de l'analyse.",
        "Some changes are not saved yet because they contain errors: correct the points shown (or discard the \
         draft) before changing the analysis' status.",
    )
}

#[tauri::command]
pub async fn aipd_transition(shared: State<'_, Shared>, id: Uuid, transition: Transition) -> AppResult<AipdView> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    change_status(d, org, id, &transition)
}

fn change_status(d: &mut Dossier, org: Uuid, id: Uuid, transition: &Transition) -> AppResult<AipdView> {
    check_org(d, org, id)?;
    if d.record_draft::<Aipd>(id)?.is_some() {
        return Err(draft_pending());
    }
    workflow::transition(d, org, id, transition)?;
    view(d, org, id)
}

/// A new version « En cours » started from a validated analysis; its id.
#[tauri::command]
pub async fn aipd_new_version(shared: State<'_, Shared>, id: Uuid) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    Ok(workflow::new_version(d, org, id)?.id)
}

/// Deletes an analysis; a validated one is the organisation's proof and is archived instead.
#[tauri::command]
pub async fn aipd_delete(shared: State<'_, Shared>, id: Uuid) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    delete(d, org, id)
}

fn delete(d: &mut Dossier, org: Uuid, id: Uuid) -> AppResult<()> {
    check_org(d, org, id)?;
    let a: Aipd = d.get(id)?;
    if a.status == AipdStatus::Validated {
        return Err(validated_not_deleted());
    }
    d.delete::<Aipd>(id)?;
    Ok(())
}

fn validated_not_deleted() -> AppError {
    AppError::new(
        "aipd_validated",
        "Une analyse validée ne peut pas être supprimée : elle prouve ce qui a été décidé. Archivez-la depuis sa \
         partie « Validation » si elle ne sert plus.",
        "A validated analysis cannot be deleted: it is the record of what was decided. Archive it from its \
         « Validation » part if it is no longer used.",
    )
}

// ----------------------------------------------------------------------------- export, import

/// The format named over IPC: `pdf`, or `pia_json` (the core's `pia-json` is accepted too).
fn parse_format(format: &str) -> AppResult<AipdFormat> {
    AipdFormat::parse(&format.replace('_', "-")).ok_or_else(|| {
        AppError::new("unknown_format", format!("Format inconnu : {format}."), format!("Unknown format: {format}."))
    })
}

/// Asks where to save, then writes the report (`pdf`) or the PIA software's JSON
/// (`pia_json`) of the stored analysis. `None` when the user cancels.
#[tauri::command]
pub async fn aipd_export(
    app: AppHandle,
    shared: State<'_, Shared>,
    id: Uuid,
    format: String,
) -> AppResult<Option<PathBuf>> {
    let format = parse_format(&format)?;
    let (bundle, aipd, en) = {
        let mut inner = shared.lock();
        inner.touch();
        let en = inner.config.settings.lang == app_config::Lang::En;
        let (d, org) = inner.dossier_and_org()?;
        check_org(d, org, id)?;
        let aipd: Aipd = d.get(id)?;
        (d.bundle(org)?, aipd, en)
    };
    let on = today();
    let ext = format.extension();
    // The dialog is modal and waits for the user: the state lock is not held meanwhile.
    let picked = app
        .dialog()
        .file()
        .set_title(if en { EXPORT_DIALOG_EN } else { EXPORT_DIALOG_FR })
        .add_filter(ext.to_uppercase(), &[ext])
        .set_directory(app_config::default_dossier_dir())
        .set_file_name(format.suggested_file_name(&aipd.title, aipd.version, on))
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let path = if path.extension().is_none() { path.with_extension(ext) } else { path };
    // The same entry point as `greffier export aipd`.
    let bytes = aipd_document::aipd_export(&bundle, aipd.id, format, on)
        .map_err(|e| AppError::new(e.code(), e.message_fr(), e.message_en()))?;
    write_atomically(&path, &bytes)?;
    Ok(Some(path))
}

/// Asks where to save, then writes the screening « une AIPD est-elle requise ? » of the
/// processing as a PDF: the stored screening, or the register's proposal (marked as such)
/// when none is stored. A pending draft is not printed: the window flushes first. `None` when
/// the user cancels.
#[tauri::command]
pub async fn aipd_screening_export(
    app: AppHandle,
    shared: State<'_, Shared>,
    processing_id: Uuid,
) -> AppResult<Option<PathBuf>> {
    let (bundle, name, en) = {
        let mut inner = shared.lock();
        inner.touch();
        let en = inner.config.settings.lang == app_config::Lang::En;
        let (d, org) = inner.dossier_and_org()?;
        let (bundle, name) = screening_export_source(d, org, processing_id)?;
        (bundle, name, en)
    };
    let on = today();
    // The dialog is modal and waits for the user: the state lock is not held meanwhile.
    let picked = app
        .dialog()
        .file()
        .set_title(if en { SCREENING_EXPORT_DIALOG_EN } else { SCREENING_EXPORT_DIALOG_FR })
        .add_filter("PDF", &["pdf"])
        .set_directory(app_config::default_dossier_dir())
        .set_file_name(aipd_document::screening_file_name(&name, on))
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let path = if path.extension().is_none() { path.with_extension("pdf") } else { path };
    write_atomically(&path, &screening_document(&bundle, processing_id, on)?)?;
    Ok(Some(path))
}

/// The organisation's bundle and the processing's name, once the processing is known to
/// belong to the current organisation.
fn screening_export_source(d: &Dossier, org: Uuid, processing: Uuid) -> AppResult<(OrganisationBundle, String)> {
    check_org(d, org, processing)?;
    let bundle = d.bundle(org)?;
    let name = bundle
        .processings
        .iter()
        .find(|p| p.id == processing)
        .map(|p| p.name.clone())
        .ok_or(StoreError::UnknownRecord(processing))?;
    Ok((bundle, name))
}

/// The same entry point as `greffier export screening`.
fn screening_document(bundle: &OrganisationBundle, processing: Uuid, on: NaiveDate) -> AppResult<Vec<u8>> {
    aipd_document::screening_pdf(bundle, processing, on)
        .map_err(|e| AppError::new(e.code(), e.message_fr(), e.message_en()))
}

/// What the import read, for the window's summary.
#[derive(Serialize)]
pub struct PiaImportSummary {
    id: Uuid,
    title: String,
    mapped: usize,
    notes: usize,
    original_status_fr: String,
    warnings_fr: Vec<String>,
    warnings_en: Vec<String>,
}

fn too_big() -> AppError {
    AppError::new(
        "import_too_big",
        "Ce fichier est trop gros pour être une analyse exportée du logiciel PIA (plus de 20 Mo) : choisissez le \
         fichier .json exporté depuis le logiciel.",
        "This file is too big to be an analysis exported from the PIA software (over 20 MB): choose the .json file \
         exported from the software.",
    )
}

/// Reads the chosen file, bounded: a file bigger than [`MAX_IMPORT_BYTES`] is refused
/// before being read. Bytes that are not UTF-8 are kept (replaced), so that the core can
/// still recognise what the file is (a ZIP archive, a dossier…) and say so.
fn read_import(path: &std::path::Path) -> AppResult<String> {
    use std::io::Read;
    let io = |e: std::io::Error| AppError::io("Impossible de lire le fichier", "Cannot read the file", e);
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(too_big());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Asks for a `.json` exported by the CNIL PIA software and adds it as a new analysis « En
/// cours » (nothing is written when the file cannot be read). `None` when the user cancels.
#[tauri::command]
pub async fn aipd_import(app: AppHandle, shared: State<'_, Shared>) -> AppResult<Option<PiaImportSummary>> {
    let en = {
        let mut inner = shared.lock();
        inner.touch();
        inner.dossier_and_org()?;
        inner.config.settings.lang == app_config::Lang::En
    };
    let picked = app
        .dialog()
        .file()
        .set_title(if en { IMPORT_DIALOG_EN } else { IMPORT_DIALOG_FR })
        .add_filter("JSON", &["json"])
        .set_directory(app_config::default_dossier_dir())
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let text = read_import(&path)?;
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let (aipd, import) = pia_tool::import_into(d, org, &text).map_err(|e| match e {
        // a refusal of the store keeps its problems
        pia_tool::PiaImportFailure::Store(s) => AppError::from(s),
        other => AppError::new(other.code(), other.message_fr(), other.message_en()),
    })?;
    Ok(Some(PiaImportSummary {
        id: aipd.id,
        title: aipd.title,
        mapped: import.mapped,
        notes: import.notes,
        original_status_fr: import.original_status_fr,
        warnings_fr: import.warnings_fr,
        warnings_en: import.warnings_en,
    }))
}

#[cfg(test)]
mod tests {
    use greffier::model::{Estimate, Organisation, Processing, Validation};
    use greffier::store::{KdfParams, Options, Passphrase};
    use serde_json::json;

    use super::*;

    /// A dossier with one organisation and one processing (and the directory that holds it).
    fn setup() -> (tempfile::TempDir, Dossier, Uuid, Uuid) {
        let dir = tempfile::tempdir().unwrap();
        let opts = Options::default().with_kdf(KdfParams::INSECURE_FAST_FOR_TESTS).without_backups();
        let pass = Passphrase::new("cheval agrafe batterie correcte");
        let mut d = Dossier::create(&dir.path().join("t.greffier"), &pass, opts).unwrap();
        let org = d.save_organisation(Organisation::new("Mairie de Test")).unwrap().id;
        let p = d.save(org, Processing::new("Vidéoprotection")).unwrap().id;
        (dir, d, org, p)
    }

    /// The error of a result whose success value has no `Debug`.
    fn err<T>(r: AppResult<T>) -> AppError {
        match r {
            Err(e) => e,
            Ok(_) => panic!("expected an error"),
        }
    }

    fn json_of<T: Serialize>(v: &T) -> Value {
        serde_json::to_value(v).unwrap()
    }

    #[test]
    fn formats_parse_with_either_spelling() {
        assert_eq!(parse_format("pdf").unwrap(), AipdFormat::Pdf);
        assert_eq!(parse_format("pia_json").unwrap(), AipdFormat::PiaJson);
        assert_eq!(parse_format("pia-json").unwrap(), AipdFormat::PiaJson);
        for bad in ["docx", "", "pia json", "PDF\u{0}"] {
            let e = parse_format(bad).unwrap_err();
            assert_eq!(e.code, "unknown_format", "{bad}");
            assert!(e.message_fr.contains("Format inconnu"));
        }
    }

    #[test]
    fn dialog_titles_are_distinct_and_stable() {
        // The e2e harness answers the native dialogs by these exact titles.
        assert_eq!(EXPORT_DIALOG_FR, "Exporter l'AIPD");
        assert_eq!(IMPORT_DIALOG_FR, "Importer une analyse du logiciel PIA");
        assert_eq!(SCREENING_EXPORT_DIALOG_FR, "Enregistrer l'analyse préalable");
        assert_eq!(SCREENING_EXPORT_DIALOG_EN, "Save the screening");
        assert_ne!(EXPORT_DIALOG_FR, IMPORT_DIALOG_FR);
        assert_ne!(EXPORT_DIALOG_EN, IMPORT_DIALOG_EN);
        for t in [EXPORT_DIALOG_FR, IMPORT_DIALOG_FR] {
            assert_ne!(SCREENING_EXPORT_DIALOG_FR, t);
        }
    }

    #[test]
    fn reference_lists_every_choice_with_both_labels() {
        let r = json_of(&reference());
        assert_eq!(r["options"]["criterion"].as_array().unwrap().len(), 9);
        assert_eq!(r["options"]["criterion"][2]["value"], "systematic_monitoring");
        assert_eq!(r["options"]["level"].as_array().unwrap().len(), 4);
        assert_eq!(r["options"]["principle_key"].as_array().unwrap().len(), 12);
        assert_eq!(r["options"]["context_key"].as_array().unwrap().len(), 6);
        assert_eq!(r["options"]["art35_case"].as_array().unwrap().len(), 3);
        for (name, list) in r["options"].as_object().unwrap() {
            for o in list.as_array().unwrap() {
                assert!(!o["value"].as_str().unwrap().is_empty(), "{name}");
                assert!(!o["label_fr"].as_str().unwrap().is_empty(), "{name}");
                assert!(!o["label_en"].as_str().unwrap().is_empty(), "{name}");
            }
        }
        assert_eq!(r["rule"]["both_at_least"], "significant");
        assert!(r["rule_fr"].as_str().unwrap().contains("« Importante »"));
        assert!(r["prior_consultation_fr"].as_str().unwrap().starts_with("Consultation préalable"));
        assert_eq!(r["assets"]["screening"]["not_required"].as_array().unwrap().len(), 12);
        assert_eq!(r["assets"]["screening"]["required"].as_array().unwrap().len(), 14);
    }

    #[test]
    fn refusals_say_what_to_do_in_both_languages() {
        for e in [validated_not_deleted(), draft_pending(), too_big()] {
            assert!(!e.message_fr.is_empty() && !e.message_en.is_empty());
            assert!(e.message_fr.contains(" : "), "{}", e.message_fr);
        }
        assert_eq!(validated_not_deleted().code, "aipd_validated");
        assert!(validated_not_deleted().message_fr.contains("Archivez"));
    }

    #[test]
    fn screening_is_offered_then_saved_and_counted() {
        let (_dir, mut d, org, p) = setup();
        let o = json_of(&overview(&d, org).unwrap());
        assert_eq!(o["screenings"].as_array().unwrap().len(), 1);
        assert_eq!(o["screenings"][0]["state"], "not_screened");
        assert_eq!(o["dashboard"]["to_screen"], 1);
        assert!(o["aipds"].as_array().unwrap().is_empty());

        let form = json_of(&screening_form(&d, org, p).unwrap());
        assert_eq!(form["view"]["stored"], false);
        assert!(form["draft"].is_null());
        let mut value = form["view"]["screening"].clone();
        value["conclusion"] = json!("required");
        value["decided_by"] = json!("Marie Durand, secrétaire de mairie");
        let saved = json_of(&update_screening(&mut d, org, value.clone()).unwrap());
        assert_eq!(saved["saved"], true, "{saved}");
        assert_eq!(saved["screening"]["decided_by"], "Marie Durand, secrétaire de mairie");
        let o = json_of(&overview(&d, org).unwrap());
        assert_eq!(o["screenings"][0]["state"], "required");
        assert_eq!(o["dashboard"]["to_screen"], 0);
        assert_eq!(o["dashboard"]["required_without_aipd"], 1);

        // Ruling out despite two criteria without the reasons: kept as a draft, with the
        // verdict of what was sent, and shown again with it.
        value["conclusion"] = json!("not_required");
        value["criteria"] = json!([
            {"criterion": "systematic_monitoring", "met": true, "comment": ""},
            {"criterion": "large_scale", "met": true, "comment": ""}
        ]);
        let kept = json_of(&update_screening(&mut d, org, value).unwrap());
        assert_eq!(kept["saved"], false);
        let paths: Vec<&str> =
            kept["problems"].as_array().unwrap().iter().map(|p| p["path"].as_str().unwrap()).collect();
        assert!(paths.contains(&"/justification") && paths.contains(&"/dpo_view"), "{paths:?}");
        assert_eq!(kept["verdict"]["criteria_met"], 2);
        assert_eq!(kept["screening"]["conclusion"], "required", "the stored screening is untouched");
        let again = json_of(&screening_form(&d, org, p).unwrap());
        assert_eq!(again["view"]["stored"], true);
        assert_eq!(again["draft"]["conclusion"], "not_required");
        assert_eq!(again["view"]["verdict"]["criteria_met"], 2, "the verdict describes the draft");

        // Garbage and foreign ids are refused, nothing is written.
        assert!(update_screening(&mut d, org, json!("garbage")).is_err());
        assert_eq!(err(screening_form(&d, org, Uuid::new_v4())).code, "unknown_record");
        let other = d.save_organisation(Organisation::new("Autre")).unwrap().id;
        assert_eq!(err(screening_form(&d, other, p)).code, "unknown_record");
    }

    #[test]
    fn analysis_is_created_edited_with_drafts_and_guarded() {
        let (_dir, mut d, org, p) = setup();
        assert_eq!(err(create(&mut d, org, &[], "X")).code, "no_processing");
        assert_eq!(err(create(&mut d, org, &[Uuid::new_v4()], "X")).code, "unknown_record");
        let id = create(&mut d, org, &[p], "  AIPD – Vidéoprotection  ").unwrap();

        let v = json_of(&view(&d, org, id).unwrap());
        assert_eq!(v["aipd"]["title"], "AIPD – Vidéoprotection");
        assert!(v["draft"].is_null());
        assert_eq!(v["processings"][0]["name"], "Vidéoprotection");
        assert_eq!(v["versions"].as_array().unwrap().len(), 1);
        assert_eq!(v["progress"]["ready_for_validation"], false);
        assert!(v["progress"]["percent"].as_u64().unwrap() < 100);
        assert_eq!(v["prior_consultation"], false);
        assert_eq!(v["risk_map"]["unrated"].as_array().unwrap().len(), 3);
        let o = json_of(&overview(&d, org).unwrap());
        assert_eq!(o["aipds"][0]["processings"][0], "Vidéoprotection");
        assert_eq!(o["aipds"][0]["has_draft"], false);

        // A residual risk that stays high: the verdicts follow what was saved.
        let mut a: Aipd = d.get(id).unwrap();
        a.risks[0].initial =
            Estimate { severity: Some(Level::Maximum), likelihood: Some(Level::Significant), ..Estimate::default() };
        let saved = json_of(&update(&mut d, org, json_of(&a)).unwrap());
        assert_eq!(saved["saved"], true);
        assert_eq!(saved["prior_consultation"], true);
        assert_eq!(saved["high_risks"][0]["label"], "A");
        assert_eq!(saved["risk_map"]["risks"].as_array().unwrap().len(), 1);
        assert_eq!(json_of(&overview(&d, org).unwrap())["aipds"][0]["prior_consultation"], true);

        // An invalid value is kept as a draft; the status cannot change meanwhile.
        let mut bad = json_of(&a);
        bad["title"] = json!("");
        let kept = json_of(&update(&mut d, org, bad).unwrap());
        assert_eq!(kept["saved"], false);
        assert_eq!(kept["draft"]["title"], "");
        assert_eq!(kept["aipd"]["title"], "AIPD – Vidéoprotection");
        assert!(kept["problems"].as_array().unwrap().iter().any(|p| p["path"] == "/title"));
        assert_eq!(json_of(&view(&d, org, id).unwrap())["draft"]["title"], "");
        assert_eq!(json_of(&overview(&d, org).unwrap())["aipds"][0]["has_draft"], true);
        assert_eq!(err(change_status(&mut d, org, id, &Transition::Submit)).code, "draft_pending");
        d.discard_record_draft(id).unwrap();
        assert!(json_of(&view(&d, org, id).unwrap())["draft"].is_null());
        // Not ready: the core refuses, nothing changes.
        assert!(change_status(&mut d, org, id, &Transition::Submit).is_err());
        assert_eq!(d.get::<Aipd>(id).unwrap().status, AipdStatus::InProgress);

        // Another organisation's id reads as unknown.
        let other = d.save_organisation(Organisation::new("Autre")).unwrap().id;
        assert_eq!(err(view(&d, other, id)).code, "unknown_record");
        assert_eq!(err(delete(&mut d, other, id)).code, "unknown_record");

        delete(&mut d, org, id).unwrap();
        assert_eq!(err(view(&d, org, id)).code, "unknown_record");
    }

    #[test]
    fn validated_analysis_is_read_only_and_never_deleted() {
        let (_dir, mut d, org, p) = setup();
        let id = create(&mut d, org, &[p], "AIPD").unwrap();
        let mut a: Aipd = d.get(id).unwrap();
        a.status = AipdStatus::Validated;
        a.validation = Some(Validation {
            validator: "Le maire".into(),
            role: "Maire".into(),
            validated_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            context_accurate: true,
            risks_known: true,
            measures_approved: true,
            commitment: true,
            comment: String::new(),
        });
        d.save(org, a.clone()).unwrap();
        let e = err(delete(&mut d, org, id));
        assert_eq!(e.code, "aipd_validated");
        assert!(d.get::<Aipd>(id).is_ok());
        let mut changed = json_of(&a);
        changed["title"] = json!("Autre titre");
        let e = err(update(&mut d, org, changed));
        assert!(e.problems.iter().any(|p| p.code == "read_only"), "{e:?}");
        assert!(d.record_draft::<Aipd>(id).unwrap().is_none(), "a read-only refusal keeps no draft");
        assert_eq!(d.get::<Aipd>(id).unwrap().title, "AIPD");
    }

    #[test]
    fn screening_document_of_this_organisation_only() {
        let (_dir, mut d, org, p) = setup();
        // never screened: the register's proposal, marked
        let (bundle, name) = screening_export_source(&d, org, p).unwrap();
        assert_eq!(name, "Vidéoprotection");
        let on = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(screening_document(&bundle, p, on).unwrap().starts_with(b"%PDF-"));
        assert_eq!(
            aipd_document::screening_file_name(&name, on),
            "Analyse préalable - Vidéoprotection - 2026-11-23.pdf"
        );
        // a processing of another organisation, or no processing at all, reads as unknown
        let other = d.save_organisation(Organisation::new("Autre mairie")).unwrap().id;
        let theirs = d.save(other, Processing::new("État civil")).unwrap().id;
        assert_eq!(err(screening_export_source(&d, org, theirs)).code, "unknown_record");
        assert_eq!(err(screening_export_source(&d, org, Uuid::new_v4())).code, "unknown_record");
        // the core's refusal keeps its code and both messages
        let e = err(screening_document(&bundle, theirs, on));
        assert_eq!(e.code, "processing_not_found");
        assert!(!e.message_fr.is_empty() && !e.message_en.is_empty());
    }

    #[test]
    fn import_files_are_read_bounded_and_lossy() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("pia.json");
        std::fs::write(&ok, "{\"pia\": {\"name\": \"Caméras\"}}").unwrap();
        assert!(read_import(&ok).unwrap().contains("Caméras"));
        let zip = dir.path().join("pia.zip.json");
        std::fs::write(&zip, b"PK\x03\x04\xff\xfe").unwrap();
        let text = read_import(&zip).unwrap();
        assert!(text.starts_with("PK"), "the core still sees the ZIP magic");
        let big = dir.path().join("big.json");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_IMPORT_BYTES + 1).unwrap();
        assert_eq!(read_import(&big).unwrap_err().code, "import_too_big");
        assert_eq!(read_import(&dir.path().join("missing.json")).unwrap_err().code, "io");
    }
}
