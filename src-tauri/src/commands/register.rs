//! The register of processing activities (Art. 30): list, entries (autosave with drafts),
//! library of typical processings and guided start, obligation checks, third parties,
//! exports and imports. Every rule is the core's (`greffier::register`,
//! `greffier::documents`); these commands only fetch, call and return.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use greffier::app_config;
use greffier::documents::register_export::{export_register, RegisterExportOptions, RegisterFormat};
use greffier::documents::sheets::{self, ColumnMapping, ImportPreview};
use greffier::model::{EnumOption, Organisation, Problem, Processing, ThirdParty};
use greffier::register::adequacy::{self, Country, TransferWarning};
use greffier::register::completeness::{completeness, Completeness, Context};
use greffier::register::library::{self, LibraryEntry};
use greffier::register::obligations::{self, CriterionHit, Verdict};
use greffier::register::query::{names_already_used, RegisterCounts, RegisterIndex, RegisterQuery, RegisterRow};
use greffier::register::starter::{self, StarterQuestion};
use greffier::store::{BackupReason, Dossier};
use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::state::{PendingImport, Shared};

/// Largest spreadsheet accepted for an import (the core refuses bigger ones too).
const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn is_en(shared: &Shared) -> bool {
    shared.lock().config.settings.lang == app_config::Lang::En
}

/// The completeness of `p` in its organisation.
fn completeness_of(d: &Dossier, org: &Organisation, p: &Processing) -> AppResult<Completeness> {
    let third_parties: Vec<ThirdParty> = d.list(org.id)?;
    Ok(completeness(p, &Context { organisation: org, third_parties: &third_parties, today: today() }))
}

// ----------------------------------------------------------------------------- list

#[derive(Serialize)]
pub struct RegisterList {
    rows: Vec<RegisterRow>,
    counts: RegisterCounts,
}

#[tauri::command]
pub async fn register_list(shared: State<'_, Shared>, query: RegisterQuery) -> AppResult<RegisterList> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let organisation = d.organisation(org)?;
    let processings: Vec<Processing> = d.list(org)?;
    let third_parties: Vec<ThirdParty> = d.list(org)?;
    let index = RegisterIndex::of_organisation(&processings, &organisation, &third_parties, today());
    Ok(RegisterList { rows: index.query(&query), counts: index.counts() })
}

#[derive(Serialize)]
pub struct Obligations {
    register: Verdict,
    dpo: Verdict,
}

#[tauri::command]
pub async fn register_obligations(shared: State<'_, Shared>) -> AppResult<Obligations> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let organisation = d.organisation(org)?;
    let processings: Vec<Processing> = d.list(org)?;
    Ok(Obligations {
        register: obligations::register_required(&organisation, &processings),
        dpo: obligations::dpo_required(&organisation, &processings),
    })
}

// ----------------------------------------------------------------------------- entries

#[derive(Serialize)]
pub struct ProcessingForm {
    processing: Processing,
    /// The unsaved edit kept encrypted, if any.
    draft: Option<Value>,
    problems: Vec<Problem>,
    completeness: Completeness,
    criteria: Vec<CriterionHit>,
    transfer_warnings: Vec<TransferWarning>,
}

fn form(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<ProcessingForm> {
    if d.organisation_of(id)? != org {
        return Err(greffier::store::StoreError::UnknownRecord(id).into());
    }
    let organisation = d.organisation(org)?;
    let processing: Processing = d.get(id)?;
    let (draft, problems) = match d.record_draft::<Processing>(id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    // The panel describes what the user sees: the draft when it can be read.
    let shown = draft.as_ref().and_then(|v| serde_json::from_value::<Processing>(v.clone()).ok());
    let shown = shown.as_ref().unwrap_or(&processing);
    Ok(ProcessingForm {
        completeness: completeness_of(d, &organisation, shown)?,
        criteria: obligations::aipd_criteria(shown, &organisation),
        transfer_warnings: adequacy::check_transfers(shown),
        processing,
        draft,
        problems,
    })
}

#[tauri::command]
pub async fn processing_form(shared: State<'_, Shared>, id: Uuid) -> AppResult<ProcessingForm> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    form(d, org, id)
}

#[derive(Serialize)]
pub struct ProcessingSave {
    saved: bool,
    processing: Processing,
    problems: Vec<Problem>,
    completeness: Completeness,
    criteria: Vec<CriterionHit>,
    transfer_warnings: Vec<TransferWarning>,
}

#[tauri::command]
pub async fn processing_update(shared: State<'_, Shared>, processing: Value) -> AppResult<ProcessingSave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = d.update_record::<Processing>(org, &processing)?;
    let organisation = d.organisation(org)?;
    let sent = if up.saved { None } else { serde_json::from_value::<Processing>(processing).ok() };
    let shown = sent.as_ref().unwrap_or(&up.record);
    Ok(ProcessingSave {
        completeness: completeness_of(d, &organisation, shown)?,
        criteria: obligations::aipd_criteria(shown, &organisation),
        transfer_warnings: adequacy::check_transfers(shown),
        saved: up.saved,
        processing: up.record,
        problems: up.problems,
    })
}

#[tauri::command]
pub async fn processing_discard_draft(shared: State<'_, Shared>, id: Uuid) -> AppResult<ProcessingForm> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    if d.organisation_of(id)? == org {
        d.discard_record_draft(id)?;
    }
    form(d, org, id)
}

#[tauri::command]
pub async fn processing_create(shared: State<'_, Shared>, name: String) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    Ok(d.save(org, Processing::new(name.trim()))?.id)
}

/// A copy « (copie) » of an entry, as a draft, with a new id.
#[tauri::command]
pub async fn processing_duplicate(shared: State<'_, Shared>, id: Uuid) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    if d.organisation_of(id)? != org {
        return Err(greffier::store::StoreError::UnknownRecord(id).into());
    }
    let original: Processing = d.get(id)?;
    Ok(d.save(org, original.duplicate())?.id)
}

#[tauri::command]
pub async fn processing_archive(shared: State<'_, Shared>, id: Uuid, archived: bool) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    if d.organisation_of(id)? != org {
        return Err(greffier::store::StoreError::UnknownRecord(id).into());
    }
    let mut p: Processing = d.get(id)?;
    p.archived = archived;
    d.save(org, p)?;
    Ok(())
}

#[tauri::command]
pub async fn processing_delete(shared: State<'_, Shared>, id: Uuid) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    if d.organisation_of(id)? != org {
        return Err(greffier::store::StoreError::UnknownRecord(id).into());
    }
    d.delete::<Processing>(id)?;
    Ok(())
}

// ----------------------------------------------------------------------------- reference data

#[derive(Serialize)]
pub struct RegisterOptions {
    role: Vec<EnumOption>,
    legal_basis: Vec<EnumOption>,
    data_subject_category: Vec<EnumOption>,
    data_category: Vec<EnumOption>,
    special_category: Vec<EnumOption>,
    art9_exception: Vec<EnumOption>,
    data_origin: Vec<EnumOption>,
    collection_means: Vec<EnumOption>,
    recipient_kind: Vec<EnumOption>,
    status: Vec<EnumOption>,
    final_disposal: Vec<EnumOption>,
    time_unit: Vec<EnumOption>,
    safeguard: Vec<EnumOption>,
    security_category: Vec<EnumOption>,
    third_party_kind: Vec<EnumOption>,
    contract_status: Vec<EnumOption>,
}

#[tauri::command]
pub async fn register_options() -> RegisterOptions {
    use greffier::model::common::{FinalDisposal, Safeguard, SecurityCategory, TimeUnit};
    use greffier::model::processing::*;
    use greffier::model::third_party::{ContractStatus, ThirdPartyKind};
    RegisterOptions {
        role: ProcessingRole::options(),
        legal_basis: LegalBasis::options(),
        data_subject_category: DataSubjectCategory::options(),
        data_category: DataCategory::options(),
        special_category: SpecialCategory::options(),
        art9_exception: Art9Exception::options(),
        data_origin: DataOrigin::options(),
        collection_means: CollectionMeans::options(),
        recipient_kind: RecipientKind::options(),
        status: ProcessingStatus::options(),
        final_disposal: FinalDisposal::options(),
        time_unit: TimeUnit::options(),
        safeguard: Safeguard::options(),
        security_category: SecurityCategory::options(),
        third_party_kind: ThirdPartyKind::options(),
        contract_status: ContractStatus::options(),
    }
}

#[derive(Serialize)]
pub struct Countries {
    updated: &'static str,
    countries: &'static [Country],
}

#[tauri::command]
pub async fn countries() -> Countries {
    Countries { updated: adequacy::list_date(), countries: adequacy::countries() }
}

#[tauri::command]
pub async fn third_parties(shared: State<'_, Shared>) -> AppResult<Vec<ThirdParty>> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    Ok(d.list(org)?)
}

#[tauri::command]
pub async fn third_party_save(shared: State<'_, Shared>, third_party: ThirdParty) -> AppResult<ThirdParty> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    Ok(d.save(org, third_party)?)
}

// ----------------------------------------------------------------------------- library, guided start

#[derive(Serialize)]
pub struct LibraryItem {
    #[serde(flatten)]
    entry: &'static LibraryEntry,
    /// Already in this organisation's register (same name, not archived).
    present: bool,
}

#[tauri::command]
pub async fn register_library(shared: State<'_, Shared>) -> AppResult<Vec<LibraryItem>> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let present = library::present_keys(&d.list::<Processing>(org)?);
    Ok(library::library().iter().map(|entry| LibraryItem { present: present.contains(&entry.key), entry }).collect())
}

/// Adds copies of the library entries `keys` in one transaction; returns their ids.
#[tauri::command]
pub async fn register_add_from_library(shared: State<'_, Shared>, keys: Vec<String>) -> AppResult<Vec<Uuid>> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let mut copies = Vec::with_capacity(keys.len());
    for k in &keys {
        copies.push(library::instantiate(k).map_err(|e| AppError::new(e.code(), e.message_fr(), e.message_en()))?);
    }
    Ok(d.insert_many(org, copies)?.into_iter().map(|p| p.id).collect())
}

#[derive(Serialize)]
pub struct Starter {
    questions: Vec<&'static StarterQuestion>,
    public_body: bool,
}

#[tauri::command]
pub async fn register_starter(shared: State<'_, Shared>) -> AppResult<Starter> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let public_body = d.organisation(org)?.public_body;
    Ok(Starter { questions: starter::questions_for(public_body), public_body })
}

#[tauri::command]
pub async fn register_starter_propose(shared: State<'_, Shared>, answers: Vec<String>) -> AppResult<Vec<String>> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let public_body = d.organisation(org)?.public_body;
    Ok(starter::propose(&answers, public_body, &d.list::<Processing>(org)?))
}

// ----------------------------------------------------------------------------- export

/// Asks where to save, then writes the register in `format`. `None` when the user cancels.
#[tauri::command]
pub async fn register_export(
    app: AppHandle,
    shared: State<'_, Shared>,
    format: String,
    include_archived: bool,
) -> AppResult<Option<PathBuf>> {
    let format = RegisterFormat::parse(&format).ok_or_else(|| {
        AppError::new("unknown_format", format!("Format inconnu : {format}."), format!("Unknown format: {format}."))
    })?;
    let en = is_en(&shared);
    let (bundle, name) = {
        let mut inner = shared.lock();
        inner.touch();
        let (d, org) = inner.dossier_and_org()?;
        let bundle = d.bundle(org)?;
        let name = bundle.organisation.display_name().to_string();
        (bundle, name)
    };
    let on = today();
    let ext = format.extension();
    // The dialog is modal and waits for the user: the state lock is not held meanwhile.
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Save the register" } else { "Enregistrer le registre" })
        .add_filter(ext.to_uppercase(), &[ext])
        .set_directory(app_config::default_dossier_dir())
        .set_file_name(format.suggested_file_name(&name, on))
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    let path = if path.extension().is_none() { path.with_extension(ext) } else { path };
    let opts =
        RegisterExportOptions { include_archived, on, version_label: format!("Version du {}", on.format("%d/%m/%Y")) };
    let bytes =
        export_register(&bundle, format, &opts).map_err(|e| AppError::new(e.code(), e.message_fr(), e.message_en()))?;
    write_atomically(&path, &bytes)?;
    Ok(Some(path))
}

/// Writes through a temporary file in the same folder, so an interrupted export never
/// leaves half a document under the chosen name.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> AppResult<()> {
    let io = |e: std::io::Error| AppError::io("Impossible d'écrire le fichier", "Cannot write the file", e);
    let tmp = path.with_extension(format!("{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("part")));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(e)
    })
}

// ----------------------------------------------------------------------------- import

#[derive(Serialize)]
pub struct ImportView {
    file_name: String,
    preview: ImportPreview,
    /// The mapping used (or suggested) when the file is not in the CNIL layout.
    mapping: Option<ColumnMapping>,
    /// Names already in the register (they would be added again).
    duplicates: Vec<String>,
}

fn import_error(e: sheets::ImportError) -> AppError {
    AppError::new(e.code(), e.message_fr(), e.message_en())
}

fn view(d: &Dossier, org: Uuid, pending: &PendingImport) -> AppResult<ImportView> {
    let duplicates = names_already_used(&d.list::<Processing>(org)?, &pending.preview.processings);
    Ok(ImportView {
        file_name: pending.file_name.clone(),
        preview: pending.preview.clone(),
        mapping: pending.mapping.clone(),
        duplicates,
    })
}

/// Asks for a spreadsheet (ODS, XLSX, CSV) and reads it: nothing is written, the preview
/// is kept until [`register_import_commit`] or [`register_import_cancel`].
#[tauri::command]
pub async fn register_import_pick(app: AppHandle, shared: State<'_, Shared>) -> AppResult<Option<ImportView>> {
    let en = is_en(&shared);
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Import a register" } else { "Importer un registre" })
        .add_filter(if en { "Spreadsheets" } else { "Tableurs" }, &["ods", "xlsx", "csv"])
        .set_directory(app_config::default_dossier_dir())
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    register_import_read(&shared, path).map(Some)
}

fn register_import_read(shared: &Shared, path: PathBuf) -> AppResult<ImportView> {
    let io = |e: std::io::Error| AppError::io("Impossible de lire le fichier", "Cannot read the file", e);
    let size = std::fs::metadata(&path).map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(AppError::new(
            "too_big",
            "Ce fichier dépasse 20 Mo : ce n'est sans doute pas un registre. Enregistrez seulement la feuille utile dans un nouveau fichier.",
            "This file is over 20 MB: it is probably not a register. Save only the useful sheet in a new file.",
        ));
    }
    let bytes = std::fs::read(&path).map_err(io)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let preview = sheets::preview_spreadsheet(&bytes, &file_name).map_err(import_error)?;
    let mapping = match preview.source {
        sheets::ImportSource::CnilLayout => None,
        sheets::ImportSource::Mapped => Some(sheets::suggest_mapping(&bytes, &file_name).map_err(import_error)?),
    };
    let preview = match &mapping {
        Some(m) if preview.processings.is_empty() => {
            sheets::preview_mapped(&bytes, &file_name, m).map_err(import_error)?
        }
        _ => preview,
    };
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let pending = PendingImport { org, file_name, bytes, preview, mapping };
    let v = view(d, org, &pending)?;
    inner.session()?.pending_import = Some(pending);
    Ok(v)
}

/// Reads the pending file again with the user's column mapping.
#[tauri::command]
pub async fn register_import_map(shared: State<'_, Shared>, mapping: ColumnMapping) -> AppResult<ImportView> {
    let mut inner = shared.lock();
    inner.touch();
    let mut pending = inner.session()?.pending_import.take().ok_or_else(no_pending)?;
    match sheets::preview_mapped(&pending.bytes, &pending.file_name, &mapping) {
        Ok(preview) => {
            pending.preview = preview;
            pending.mapping = Some(mapping);
        }
        Err(e) => {
            inner.session()?.pending_import = Some(pending);
            return Err(import_error(e));
        }
    }
    let (d, org) = inner.dossier_and_org()?;
    let v = view(d, org, &pending)?;
    inner.session()?.pending_import = Some(pending);
    Ok(v)
}

fn no_pending() -> AppError {
    AppError::new(
        "no_pending_import",
        "Aucun import en attente : choisissez d'abord un fichier.",
        "No import is waiting: choose a file first.",
    )
}

/// Adds the previewed entries, all in one transaction, after a backup.
#[tauri::command]
pub async fn register_import_commit(shared: State<'_, Shared>) -> AppResult<usize> {
    let mut inner = shared.lock();
    inner.touch();
    let pending = inner.session()?.pending_import.take().ok_or_else(no_pending)?;
    let (d, org) = inner.dossier_and_org()?;
    if pending.org != org {
        return Err(AppError::new(
            "import_other_organisation",
            "L'organisme affiché a changé depuis l'aperçu : relancez l'import.",
            "The organisation shown changed since the preview: start the import again.",
        ));
    }
    if d.backups().is_some() {
        d.backup_now(BackupReason::Change)?;
    }
    Ok(d.insert_many(org, pending.preview.processings)?.len())
}

#[tauri::command]
pub async fn register_import_cancel(shared: State<'_, Shared>) -> AppResult<()> {
    let mut inner = shared.lock();
    if let Some(s) = inner.session.as_mut() {
        s.pending_import = None;
    }
    Ok(())
}
