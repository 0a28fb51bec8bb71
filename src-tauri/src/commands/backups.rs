//! The automatic backups of the open dossier: list (also while locked), take one now,
//! restore one.

use std::path::{Path, PathBuf};

use greffier::store::{backup, BackupInfo, BackupReason, Backups, Dossier, Passphrase};
use serde::Serialize;
use tauri::State;

use crate::error::{AppError, AppResult};
use crate::state::{SessionView, Shared};

#[derive(Serialize)]
pub struct BackupEntry {
    path: PathBuf,
    created_at: chrono::DateTime<chrono::Utc>,
    reason: &'static str,
    label_fr: &'static str,
    label_en: &'static str,
    size_bytes: u64,
    safety: bool,
}

impl From<BackupInfo> for BackupEntry {
    fn from(b: BackupInfo) -> BackupEntry {
        BackupEntry {
            path: b.path,
            created_at: b.taken_at,
            reason: b.reason.as_str(),
            label_fr: b.reason.label_fr(),
            label_en: b.reason.label_en(),
            size_bytes: b.size,
            safety: b.reason.is_safety_copy(),
        }
    }
}

/// Every snapshot of the dossier at `path`, newest first (no passphrase needed).
fn list_for(path: &Path) -> Vec<BackupEntry> {
    let Some(root) = backup::default_root() else { return Vec::new() };
    let mut all: Vec<BackupInfo> = Backups::find_for_path(&root, path).iter().flat_map(Backups::list).collect();
    all.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.path.cmp(&a.path)));
    all.into_iter().map(BackupEntry::from).collect()
}

#[tauri::command]
pub async fn backups_list(shared: State<'_, Shared>) -> AppResult<Vec<BackupEntry>> {
    let mut inner = shared.lock();
    let path = inner.session()?.path.clone();
    Ok(list_for(&path))
}

#[tauri::command]
pub async fn backup_now(shared: State<'_, Shared>) -> AppResult<BackupEntry> {
    let mut inner = shared.lock();
    inner.touch();
    Ok(inner.dossier()?.backup_now(BackupReason::Manual)?.into())
}

#[tauri::command]
pub async fn backup_restore(
    shared: State<'_, Shared>,
    backup_path: PathBuf,
    passphrase: String,
) -> AppResult<SessionView> {
    let passphrase = Passphrase::new(passphrase);
    let mut inner = shared.lock();
    inner.touch();
    let target = inner.session()?.path.clone();
    if !list_for(&target).iter().any(|b| b.path == backup_path) {
        return Err(AppError::new(
            "not_a_backup",
            "Ce fichier n'est pas une sauvegarde de ce dossier : rien n'a été modifié.",
            "This file is not a backup of this dossier: nothing was changed.",
        ));
    }
    let opts = inner.options();
    // Prove the passphrase on the snapshot before closing anything.
    drop(Dossier::open(&backup_path, &passphrase, opts.clone().read_only().without_backups())?);
    inner.lock_session()?;
    Dossier::restore(&backup_path, &target, &passphrase, opts.clone())?;
    let reopened = Dossier::open(&target, &passphrase, opts)?;
    let s = inner.session()?;
    if s.current_org.is_none_or(|id| reopened.organisation(id).is_err()) {
        s.current_org = reopened.organisations()?.first().map(|o| o.id);
    }
    s.dossier = Some(reopened);
    SessionView::of(s)
}
