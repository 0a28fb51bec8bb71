//! Creating, opening, locking, unlocking and closing dossiers; passphrase change; the
//! rescue kit.

use std::path::PathBuf;

use greffier::model::Organisation;
use greffier::store::{Dossier, Passphrase};
use tauri::State;

use super::app::{app_state_view, AppStateView};
use crate::error::{AppError, AppResult};
use crate::state::{Inner, Session, SessionView, Shared};

fn pass(s: String) -> Passphrase {
    Passphrase::new(s)
}

/// Makes `dossier` the session (closing any previous one) and remembers its path.
fn start_session(shared: &Shared, inner: &mut Inner, dossier: Dossier) -> AppResult<SessionView> {
    let path = dossier.path().to_path_buf();
    let current_org = dossier.organisations()?.first().map(|o| o.id);
    if inner.session.as_ref().is_some_and(|s| s.path != path) {
        let _ = inner.close_session();
    }
    let previous_org = inner.session.as_ref().and_then(|s| s.current_org);
    let keep_previous = previous_org.filter(|id| dossier.organisation(*id).is_ok());
    inner.session = Some(Session {
        path: path.clone(),
        dossier: Some(dossier),
        current_org: keep_previous.or(current_org),
        pending_import: None,
    });
    inner.touch();
    let mut config = inner.config.clone();
    config.remember(&path, chrono::Utc::now());
    // The recent list is a convenience: failing to save it must not fail the opening.
    if shared.save_config(&config).is_ok() {
        inner.config = config;
    }
    let s = inner.session.as_ref().ok_or_else(AppError::no_dossier)?;
    SessionView::of(s)
}

#[tauri::command]
pub async fn dossier_create(
    shared: State<'_, Shared>,
    path: PathBuf,
    passphrase: String,
    organisation_name: String,
) -> AppResult<SessionView> {
    require_strong(&passphrase)?;
    let name = organisation_name.trim().to_string();
    let first = Organisation::new(name);
    let problems = first.validate();
    if !problems.is_empty() {
        return Err(AppError::invalid(problems));
    }
    let path = greffier::app_config::with_dossier_extension(&path);
    let mut inner = shared.lock();
    let opts = inner.options();
    let mut dossier = Dossier::create(&path, &pass(passphrase), opts)?;
    dossier.save_organisation(first)?;
    start_session(&shared, &mut inner, dossier)
}

#[tauri::command]
pub async fn dossier_open(shared: State<'_, Shared>, path: PathBuf, passphrase: String) -> AppResult<SessionView> {
    let mut inner = shared.lock();
    if let Some(s) = inner.session.as_ref() {
        if s.path == path && s.dossier.is_some() {
            return SessionView::of(s);
        }
    }
    let opts = inner.options();
    let dossier = Dossier::open(&path, &pass(passphrase), opts)?;
    start_session(&shared, &mut inner, dossier)
}

#[tauri::command]
pub async fn dossier_lock(shared: State<'_, Shared>) -> AppResult<SessionView> {
    let mut inner = shared.lock();
    inner.session()?;
    let closed = inner.lock_session();
    let view = SessionView::of(inner.session()?)?;
    closed.map(|_| view)
}

#[tauri::command]
pub async fn dossier_unlock(shared: State<'_, Shared>, passphrase: String) -> AppResult<SessionView> {
    let mut inner = shared.lock();
    let opts = inner.options();
    let s = inner.session()?;
    if s.dossier.is_none() {
        s.dossier = Some(Dossier::open(&s.path, &pass(passphrase), opts)?);
        if let Some(d) = &s.dossier {
            if s.current_org.is_none_or(|id| d.organisation(id).is_err()) {
                s.current_org = d.organisations()?.first().map(|o| o.id);
            }
        }
    }
    inner.touch();
    SessionView::of(inner.session()?)
}

#[tauri::command]
pub async fn dossier_close(shared: State<'_, Shared>) -> AppResult<AppStateView> {
    let closed = shared.lock().close_session();
    let view = app_state_view(&shared)?;
    closed.map(|_| view)
}

/// New passphrases must be judged acceptable by the core (the window only shows why).
pub fn require_strong(new: &str) -> AppResult<()> {
    let strength = greffier::passphrase::assess(new);
    if strength.acceptable {
        return Ok(());
    }
    Err(AppError::new(
        "passphrase_weak",
        format!("Phrase de passe trop faible ({}) : {}", strength.label_fr, strength.feedback_fr.join(" ")),
        format!("Passphrase too weak ({}): {}", strength.label_en, strength.feedback_en.join(" ")),
    ))
}

#[tauri::command]
pub async fn dossier_change_passphrase(shared: State<'_, Shared>, old: String, new: String) -> AppResult<()> {
    require_strong(&new)?;
    let mut inner = shared.lock();
    inner.touch();
    inner.dossier()?.change_passphrase(&pass(old), &pass(new))?;
    Ok(())
}

#[tauri::command]
pub async fn rescue_kit_save(shared: State<'_, Shared>, path: PathBuf) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let d = inner.dossier()?;
    let bytes = crate::rescue_kit::pdf_for(d)?;
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::io("Impossible d'enregistrer le kit de secours", "Cannot save the rescue kit", e))
}
