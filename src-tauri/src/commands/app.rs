//! Application-level commands: state, settings, recent dossiers, passphrase help, file
//! dialogs, activity and exit.

use std::path::{Path, PathBuf};

use greffier::app_config::{self, RecentDossier, Settings};
use greffier::model::common::Civility;
use greffier::model::organisation::{DpoKind, DpoPersonType, HeadcountBand, PublicBodyKind, Relationship};
use greffier::model::EnumOption;
use greffier::passphrase;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, AppResult};
use crate::state::{file_name, SessionView, Shared};

#[derive(Serialize)]
pub struct AppStateView {
    pub version: &'static str,
    pub settings: Settings,
    pub recent: Vec<RecentView>,
    pub session: Option<SessionView>,
    pub default_dir: PathBuf,
    pub config_warning: Option<String>,
}

#[derive(Serialize)]
pub struct RecentView {
    pub path: PathBuf,
    pub file_name: String,
    pub last_opened: chrono::DateTime<chrono::Utc>,
    pub exists: bool,
}

pub fn recent_views(recent: &[RecentDossier]) -> Vec<RecentView> {
    recent
        .iter()
        .map(|r| RecentView {
            file_name: file_name(&r.path),
            path: r.path.clone(),
            last_opened: r.last_opened,
            exists: r.path.is_file(),
        })
        .collect()
}

pub fn app_state_view(shared: &Shared) -> AppResult<AppStateView> {
    let inner = shared.lock();
    Ok(AppStateView {
        version: greffier::VERSION,
        settings: inner.config.settings.clone(),
        recent: recent_views(&inner.config.recent),
        session: inner.view()?,
        default_dir: app_config::default_dossier_dir(),
        config_warning: inner.config_warning.clone(),
    })
}

#[tauri::command]
pub async fn app_state(shared: State<'_, Shared>) -> AppResult<AppStateView> {
    app_state_view(&shared)
}

#[tauri::command]
pub async fn settings_save(shared: State<'_, Shared>, settings: Settings) -> AppResult<Settings> {
    let settings = settings.normalised().map_err(AppError::invalid)?;
    let mut inner = shared.lock();
    inner.touch();
    let mut config = inner.config.clone();
    config.settings = settings.clone();
    shared.save_config(&config)?;
    inner.config = config;
    if let Some(d) = inner.session.as_mut().and_then(|s| s.dossier.as_mut()) {
        d.set_actor(settings.user_name.clone());
    }
    Ok(settings)
}

#[tauri::command]
pub async fn recent_forget(shared: State<'_, Shared>, path: PathBuf) -> AppResult<Vec<RecentView>> {
    let mut inner = shared.lock();
    let mut config = inner.config.clone();
    config.forget(&path);
    shared.save_config(&config)?;
    inner.config = config;
    Ok(recent_views(&inner.config.recent))
}

#[derive(Serialize)]
pub struct Options {
    headcount: Vec<EnumOption>,
    public_body_kind: Vec<EnumOption>,
    relationship: Vec<EnumOption>,
    dpo_kind: Vec<EnumOption>,
    dpo_person_type: Vec<EnumOption>,
    civility: Vec<EnumOption>,
}

#[tauri::command]
pub async fn enum_options() -> Options {
    Options {
        headcount: HeadcountBand::options(),
        public_body_kind: PublicBodyKind::options(),
        relationship: Relationship::options(),
        dpo_kind: DpoKind::options(),
        dpo_person_type: DpoPersonType::options(),
        civility: Civility::options(),
    }
}

#[tauri::command]
pub async fn passphrase_assess(passphrase: String) -> passphrase::Strength {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    passphrase::assess(&passphrase)
}

#[tauri::command]
pub async fn passphrase_generate() -> String {
    passphrase::generate(passphrase::DEFAULT_WORDS)
}

#[tauri::command]
pub async fn suggest_dossier_path(name: String) -> PathBuf {
    app_config::suggest_dossier_path(&app_config::default_dossier_dir(), &name)
}

fn start_dir(shared: &Shared) -> PathBuf {
    let inner = shared.lock();
    inner
        .config
        .recent
        .first()
        .and_then(|r| r.path.parent().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or_else(app_config::default_dossier_dir)
}

fn is_en(shared: &Shared) -> bool {
    shared.lock().config.settings.lang == app_config::Lang::En
}

#[tauri::command]
pub async fn pick_new_dossier_path(
    app: AppHandle,
    shared: State<'_, Shared>,
    suggested_name: String,
) -> AppResult<Option<PathBuf>> {
    let en = is_en(&shared);
    let name = format!("{}.greffier", app_config::dossier_file_stem(&suggested_name));
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Where to save the dossier" } else { "Enregistrer le dossier sous" })
        .add_filter(if en { "Greffier dossier" } else { "Dossier Greffier" }, &["greffier"])
        .set_directory(start_dir(&shared))
        .set_file_name(name)
        .blocking_save_file();
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| app_config::with_dossier_extension(&p)))
}

#[tauri::command]
pub async fn pick_existing_dossier(app: AppHandle, shared: State<'_, Shared>) -> AppResult<Option<PathBuf>> {
    let en = is_en(&shared);
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Open a dossier" } else { "Ouvrir un dossier" })
        .add_filter(if en { "Greffier dossier" } else { "Dossier Greffier" }, &["greffier"])
        .set_directory(start_dir(&shared))
        .blocking_pick_file();
    Ok(picked.and_then(|p| p.into_path().ok()))
}

#[tauri::command]
pub async fn pick_pdf_path(
    app: AppHandle,
    shared: State<'_, Shared>,
    suggested_name: String,
) -> AppResult<Option<PathBuf>> {
    let en = is_en(&shared);
    let picked = app
        .dialog()
        .file()
        .set_title(if en { "Save the PDF" } else { "Enregistrer le PDF" })
        .add_filter("PDF", &["pdf"])
        .set_directory(app_config::default_dossier_dir())
        .set_file_name(suggested_name)
        .blocking_save_file();
    Ok(picked
        .and_then(|p| p.into_path().ok())
        .map(|p| if p.extension().is_none() { p.with_extension("pdf") } else { p }))
}

#[tauri::command]
pub async fn activity(shared: State<'_, Shared>) -> AppResult<()> {
    shared.lock().touch();
    Ok(())
}

/// Called by the window once it has flushed its edits: closes the dossier and quits.
#[tauri::command]
pub async fn app_exit(app: AppHandle) -> AppResult<()> {
    crate::shutdown(&app);
    app.exit(0);
    Ok(())
}
