//! What the shell holds between two commands: the settings, and the open dossier (the
//! only place the key lives, inside the core's `Dossier`). One mutex: commands are short
//! and never wait on the window while holding it.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use greffier::app_config::{AppConfig, ConfigStore};
use greffier::store::{Dossier, Options};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub struct Shared {
    inner: Mutex<Inner>,
    pub config_store: ConfigStore,
}

pub struct Inner {
    pub config: AppConfig,
    /// Why the settings file was ignored at start, if it was.
    pub config_warning: Option<String>,
    pub session: Option<Session>,
    pub last_activity: Instant,
    /// When the shell asked the window to lock (it locks by itself if the window does not).
    pub lock_requested_at: Option<Instant>,
    /// When the shell asked the window to flush before closing.
    pub close_requested_at: Option<Instant>,
}

/// A dossier the user opened: unlocked while `dossier` is `Some`.
pub struct Session {
    pub path: PathBuf,
    pub dossier: Option<Dossier>,
    pub current_org: Option<Uuid>,
    /// A spreadsheet read for import, waiting for the user's confirmation (dropped on lock).
    pub pending_import: Option<PendingImport>,
}

/// The file and its preview between « Importer… » and « Confirmer l'import ».
pub struct PendingImport {
    /// The organisation shown when the file was read.
    pub org: Uuid,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub preview: greffier::documents::sheets::ImportPreview,
    pub mapping: Option<greffier::documents::sheets::ColumnMapping>,
}

impl Shared {
    pub fn new(config_store: ConfigStore) -> Shared {
        let (config, config_warning) = config_store.load();
        Shared {
            inner: Mutex::new(Inner {
                config,
                config_warning,
                session: None,
                last_activity: Instant::now(),
                lock_requested_at: None,
                close_requested_at: None,
            }),
            config_store,
        }
    }

    /// The state; a panic in an earlier command must not make the dossier unreachable.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn save_config(&self, config: &AppConfig) -> AppResult<()> {
        self.config_store
            .save(config)
            .map_err(|e| AppError::io("Impossible d'enregistrer les préférences", "Cannot save the preferences", e))
    }
}

impl Inner {
    pub fn touch(&mut self) {
        self.last_activity = Instant::now();
        self.lock_requested_at = None;
    }

    pub fn options(&self) -> Options {
        Options::default().with_actor(self.config.settings.user_name.clone())
    }

    pub fn session(&mut self) -> AppResult<&mut Session> {
        self.session.as_mut().ok_or_else(AppError::no_dossier)
    }

    /// The unlocked dossier.
    pub fn dossier(&mut self) -> AppResult<&mut Dossier> {
        self.session()?.dossier.as_mut().ok_or_else(AppError::locked)
    }

    /// The unlocked dossier and its current organisation.
    pub fn dossier_and_org(&mut self) -> AppResult<(&mut Dossier, Uuid)> {
        let s = self.session()?;
        let org = s.current_org.ok_or_else(AppError::no_organisation)?;
        let d = s.dossier.as_mut().ok_or_else(AppError::locked)?;
        Ok((d, org))
    }

    /// Closes the dossier (closing backup, WAL folded in) and drops the key; the session
    /// stays, locked. Returns the closing error, if any, after the key is gone anyway.
    pub fn lock_session(&mut self) -> AppResult<()> {
        self.lock_requested_at = None;
        let Some(s) = self.session.as_mut() else { return Ok(()) };
        s.pending_import = None;
        match s.dossier.take() {
            Some(d) => d.close().map_err(AppError::from),
            None => Ok(()),
        }
    }

    /// Locks and forgets the session.
    pub fn close_session(&mut self) -> AppResult<()> {
        let r = self.lock_session();
        self.session = None;
        r
    }

    pub fn view(&self) -> AppResult<Option<SessionView>> {
        self.session.as_ref().map(SessionView::of).transpose()
    }
}

/// What the window knows of the session (never the key).
#[derive(Serialize, Debug)]
pub struct SessionView {
    pub path: PathBuf,
    pub file_name: String,
    pub locked: bool,
    pub dossier_id: Option<Uuid>,
    pub organisations: Vec<OrganisationItem>,
    pub current_org: Option<Uuid>,
    pub backup_warning: Option<String>,
}

#[derive(Serialize, Debug)]
pub struct OrganisationItem {
    pub id: Uuid,
    pub legal_name: String,
    pub record_count: usize,
}

impl SessionView {
    pub fn of(s: &Session) -> AppResult<SessionView> {
        let (dossier_id, organisations, backup_warning) = match &s.dossier {
            Some(d) => (
                Some(d.id()),
                d.organisation_summaries()?
                    .into_iter()
                    .map(|o| OrganisationItem {
                        id: o.id,
                        legal_name: o.name,
                        record_count: o.processings + o.processor_activities + o.third_parties + o.measures,
                    })
                    .collect(),
                d.backup_warning().map(str::to_string),
            ),
            None => (None, Vec::new(), None),
        };
        Ok(SessionView {
            file_name: file_name(&s.path),
            path: s.path.clone(),
            locked: s.dossier.is_none(),
            dossier_id,
            organisations,
            current_org: s.current_org,
            backup_warning,
        })
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}
