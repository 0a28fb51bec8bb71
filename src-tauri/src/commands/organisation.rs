//! Organisations of the open dossier: choose, add, delete, edit (autosave with drafts),
//! export one to its own dossier; the dashboard.

use std::path::PathBuf;

use greffier::model::{Organisation, Problem, ProfileGap, RecordKind};
use greffier::store::{OrganisationUpdate, Passphrase};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use super::dossier::require_strong;
use crate::error::AppResult;
use crate::state::{SessionView, Shared};

#[tauri::command]
pub async fn org_select(shared: State<'_, Shared>, id: Uuid) -> AppResult<SessionView> {
    let mut inner = shared.lock();
    inner.touch();
    inner.dossier()?.organisation(id)?;
    let s = inner.session()?;
    s.current_org = Some(id);
    SessionView::of(s)
}

#[tauri::command]
pub async fn org_add(shared: State<'_, Shared>, legal_name: String) -> AppResult<SessionView> {
    let org = Organisation::new(legal_name.trim());
    let mut inner = shared.lock();
    inner.touch();
    let saved = inner.dossier()?.save_organisation(org)?;
    let s = inner.session()?;
    s.current_org = Some(saved.id);
    SessionView::of(s)
}

#[tauri::command]
pub async fn org_delete(shared: State<'_, Shared>, id: Uuid) -> AppResult<SessionView> {
    let mut inner = shared.lock();
    inner.touch();
    let d = inner.dossier()?;
    d.delete_organisation(id)?;
    let first = d.organisations()?.first().map(|o| o.id);
    let s = inner.session()?;
    if s.current_org == Some(id) {
        s.current_org = first;
    }
    SessionView::of(s)
}

#[derive(Serialize)]
pub struct OrgForm {
    organisation: Organisation,
    draft: Option<Value>,
    problems: Vec<Problem>,
}

fn form(inner: &mut crate::state::Inner, id: Uuid) -> AppResult<OrgForm> {
    let d = inner.dossier()?;
    let organisation = d.organisation(id)?;
    let (draft, problems) = match d.organisation_draft(id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    Ok(OrgForm { organisation, draft, problems })
}

#[tauri::command]
pub async fn org_form(shared: State<'_, Shared>, id: Uuid) -> AppResult<OrgForm> {
    form(&mut shared.lock(), id)
}

#[tauri::command]
pub async fn org_update(shared: State<'_, Shared>, organisation: Value) -> AppResult<OrganisationUpdate> {
    let mut inner = shared.lock();
    inner.touch();
    Ok(inner.dossier()?.update_organisation(&organisation)?)
}

#[tauri::command]
pub async fn org_discard_draft(shared: State<'_, Shared>, id: Uuid) -> AppResult<OrgForm> {
    let mut inner = shared.lock();
    inner.touch();
    inner.dossier()?.discard_organisation_draft(id)?;
    form(&mut inner, id)
}

#[tauri::command]
pub async fn org_export(shared: State<'_, Shared>, id: Uuid, path: PathBuf, passphrase: String) -> AppResult<()> {
    require_strong(&passphrase)?;
    let path = greffier::app_config::with_dossier_extension(&path);
    let mut inner = shared.lock();
    inner.touch();
    let opts = inner.options();
    inner.dossier()?.export_organisation(id, &path, &Passphrase::new(passphrase), opts)?;
    Ok(())
}

#[derive(Serialize)]
pub struct Counts {
    processings: usize,
    processor_activities: usize,
    third_parties: usize,
    measures: usize,
}

#[derive(Serialize)]
pub struct Dashboard {
    organisation: Organisation,
    counts: Counts,
    organisations: usize,
    last_backup: Option<chrono::DateTime<chrono::Utc>>,
    backup_warning: Option<String>,
    has_draft: bool,
    /// What the profile still lacks (the core decides).
    profile_gaps: Vec<ProfileGap>,
    /// The register at a glance: entries, incomplete ones, overdue reviews (the core counts).
    register: greffier::register::query::RegisterCounts,
    /// The security checklist at a glance: score, answers, open and overdue actions (the core counts).
    security: greffier::security::SecurityDashboard,
    /// The AIPD at a glance: processings to screen, analyses in progress or awaiting
    /// validation, prior consultations (the core counts).
    aipd: greffier::aipd::workflow::AipdDashboard,
    /// The open breaches with their 72-hour countdown, the most urgent first (the core decides).
    open_breaches: Vec<greffier::breach::OpenBreach>,
}

#[tauri::command]
pub async fn dashboard(shared: State<'_, Shared>) -> AppResult<Dashboard> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let count = |k| d.count(org, k);
    let organisation = d.organisation(org)?;
    let register = greffier::register::query::RegisterIndex::of_organisation(
        &d.list(org)?,
        &organisation,
        &d.list(org)?,
        chrono::Local::now().date_naive(),
    )
    .counts();
    let bundle = d.bundle(org)?;
    let security = greffier::security::dashboard(&bundle, chrono::Local::now().date_naive());
    let aipd = greffier::aipd::workflow::dashboard(&bundle);
    let open_breaches = greffier::breach::open_breaches(&bundle, chrono::Utc::now());
    Ok(Dashboard {
        open_breaches,
        register,
        security,
        aipd,
        counts: Counts {
            processings: count(RecordKind::Processing)?,
            processor_activities: count(RecordKind::ProcessorActivity)?,
            third_parties: count(RecordKind::ThirdParty)?,
            measures: count(RecordKind::Measure)?,
        },
        profile_gaps: organisation.profile_gaps(),
        organisation,
        organisations: d.organisations()?.len(),
        last_backup: d.backups().and_then(|b| b.list().into_iter().map(|i| i.taken_at).max()),
        backup_warning: d.backup_warning().map(str::to_string),
        has_draft: d.organisation_draft(org)?.is_some(),
    })
}
