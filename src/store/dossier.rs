//! [`Dossier`]: an open dossier file and every operation on its content.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Transaction};
use serde_json::Value;
use uuid::Uuid;
use zeroize::Zeroizing;

use super::audit::{self, AuditAction, AuditEntry, FieldChange};
use super::backup::{self, BackupInfo, BackupReason, Backups, RetentionPolicy};
use super::crypto::{Header, KdfParams, Key, Passphrase};
use super::error::{Result, StoreError};
use super::lock::{self, LockGuard};
use super::schema::{self, Migration, Plan};
use crate::model::{self, Organisation, OrganisationBundle, Problem, Record, RecordKind};

/// SQLCipher's page size (its default); a dossier's size is always a multiple of it.
const PAGE_SIZE: u64 = 4096;

/// How to open or create a dossier.
#[derive(Clone, Debug)]
pub struct Options {
    /// Argon2id cost for a new key (creation, passphrase change).
    pub kdf: KdfParams,
    pub read_only: bool,
    /// Root of the automatic backups; `None` turns them off.
    pub backups_root: Option<PathBuf>,
    pub retention: RetentionPolicy,
    /// Name written in the audit trail.
    pub actor: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kdf: KdfParams::INTERACTIVE,
            read_only: false,
            backups_root: backup::default_root(),
            retention: RetentionPolicy::default(),
            actor: crate::os_user_name(),
        }
    }
}

impl Options {
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub fn without_backups(mut self) -> Self {
        self.backups_root = None;
        self
    }
    pub fn with_backups_root(mut self, root: impl Into<PathBuf>) -> Self {
        self.backups_root = Some(root.into());
        self
    }
    pub fn with_kdf(mut self, kdf: KdfParams) -> Self {
        self.kdf = kdf;
        self
    }
    pub fn with_actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = actor.into();
        self
    }
}

/// An open dossier. Dropping it releases the lock; call [`Dossier::close`] to also take
/// the closing backup.
pub struct Dossier {
    conn: Connection,
    path: PathBuf,
    header: Header,
    key: Key,
    _lock: Option<LockGuard>,
    opts: Options,
    id: Uuid,
    backups: Option<Backups>,
    last_backup: Option<Instant>,
    dirty: bool,
    backup_warning: Option<String>,
}

impl std::fmt::Debug for Dossier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dossier")
            .field("path", &self.path)
            .field("id", &self.id)
            .field("read_only", &self.opts.read_only)
            .finish()
    }
}

/// What [`Dossier::update_organisation`] did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrganisationUpdate {
    /// The value was valid and is now stored.
    pub saved: bool,
    /// The organisation as stored (unchanged when `saved` is false).
    pub organisation: Organisation,
    /// Every problem of the value sent (empty when saved).
    pub problems: Vec<Problem>,
}

/// What [`Dossier::update_record`] did.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RecordUpdate<R> {
    /// The value was valid and is now stored.
    pub saved: bool,
    /// The record as stored (unchanged when `saved` is false).
    pub record: R,
    /// Every problem of the value sent (empty when saved).
    pub problems: Vec<Problem>,
}

/// Counts for one organisation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrganisationSummary {
    pub id: Uuid,
    pub name: String,
    pub processings: usize,
    pub processor_activities: usize,
    pub third_parties: usize,
    pub measures: usize,
}

/// What `greffier info` shows.
#[derive(Clone, Debug, serde::Serialize)]
pub struct DossierInfo {
    pub path: PathBuf,
    pub id: Uuid,
    pub format_version: u32,
    pub created_at: Option<String>,
    pub kdf_memory_kib: u32,
    pub kdf_passes: u8,
    pub size_bytes: u64,
    pub read_only: bool,
    pub backups_dir: Option<PathBuf>,
    pub organisations: Vec<OrganisationSummary>,
}

/// What `greffier check` reports. `is_ok()` when every part is.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CheckReport {
    pub integrity: Vec<String>,
    pub cipher_integrity: Vec<String>,
    pub format_version: u32,
    pub supported_version: u32,
    pub foreign_key_violations: usize,
    pub unreadable_records: Vec<String>,
    pub invalid_records: Vec<String>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"]
            && self.cipher_integrity.is_empty()
            && self.format_version == self.supported_version
            && self.foreign_key_violations == 0
            && self.unreadable_records.is_empty()
            && self.invalid_records.is_empty()
    }
}

fn now() -> DateTime<Utc> {
    model::now()
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
}

/// Reads and checks the plaintext header and the file's size, without opening SQLite.
fn read_header(path: &Path) -> Result<Header> {
    let mut f = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound(path.to_path_buf()),
        _ => StoreError::io(path, e),
    })?;
    let len = f.metadata().map_err(|e| StoreError::io(path, e))?.len();
    let mut buf = Vec::with_capacity(64);
    (&mut f).take(64).read_to_end(&mut buf).map_err(|e| StoreError::io(path, e))?;
    let header =
        Header::parse(&buf).map_err(|e| StoreError::NotADossier { path: path.to_path_buf(), reason: e.reason_fr() })?;
    if len < PAGE_SIZE || len % PAGE_SIZE != 0 {
        return Err(StoreError::Corrupted {
            path: path.to_path_buf(),
            reason: format!("sa taille ({len} octets) n'est pas celle d'un dossier complet : fichier tronqué ?"),
        });
    }
    Ok(header)
}

fn is_not_a_db(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

fn is_corruption(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if matches!(f.code, rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt))
}

/// Opens SQLite on `path` with `key` and proves the key right by reading the schema.
fn connect(path: &Path, key: &Key, header: &Header, read_only: bool) -> Result<Connection> {
    let flags = if read_only { OpenFlags::SQLITE_OPEN_READ_ONLY } else { OpenFlags::SQLITE_OPEN_READ_WRITE }
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    super::crypto::sqlcipher_ready();
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher logs decryption failures to stderr; we report them as typed errors instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let pragma = Zeroizing::new(format!("PRAGMA key = \"{}\";", key.sql_literal(header).as_str()));
    conn.execute_batch(&pragma)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => {}
        Err(e) if is_not_a_db(&e) => return Err(StoreError::WrongPassphrase),
        Err(e) => return Err(e.into()),
    }
    // A page cache larger than a typical dossier (pages are decrypted once, then reused:
    // the integrity check at open warms it for the first load). Allocated only as used.
    conn.execute_batch("PRAGMA temp_store = MEMORY; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536;")?;
    if read_only {
        conn.execute_batch("PRAGMA query_only = ON;")?;
    } else {
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
    }
    Ok(conn)
}

/// The `meta` key of an organisation's generated-documents log.
fn generations_key(org: Uuid) -> String {
    format!("generated:{org}")
}

fn draft_key(key: &str) -> String {
    format!("draft:{key}")
}

fn organisation_draft_key(id: Uuid) -> String {
    format!("organisation:{id}")
}

fn record_draft_key(id: Uuid) -> String {
    format!("record:{id}")
}

fn corrupted(path: &Path, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupted { path: path.to_path_buf(), reason: e.to_string() }
}

impl Dossier {
    // ----------------------------------------------------------------- lifecycle

    /// Creates a new, empty dossier at `path` (which must not exist).
    pub fn create(path: &Path, passphrase: &Passphrase, opts: Options) -> Result<Dossier> {
        if passphrase.char_count() < Passphrase::MIN_CHARS {
            return Err(StoreError::PassphraseTooShort { min: Passphrase::MIN_CHARS });
        }
        if path.exists() {
            return Err(StoreError::AlreadyExists(path.to_path_buf()));
        }
        let lock = lock::acquire(path)?;
        // Reserve the name: fails if anything is already there.
        match fs::OpenOptions::new().write(true).create_new(true).open(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists(path.to_path_buf()))
            }
            Err(e) => return Err(StoreError::io(path, e)),
        }
        let header = Header::new(opts.kdf);
        let key = header.derive_key(passphrase);
        let built = (|| -> Result<(Connection, Uuid)> {
            let mut conn = connect(path, &key, &header, false)?;
            schema::apply(&mut conn, schema::MIGRATIONS)?;
            let id = Uuid::new_v4();
            conn.execute_batch("BEGIN")?;
            for (k, v) in [
                ("dossier_id", id.to_string()),
                ("created_at", ts(now())),
                ("created_by", format!("Greffier {}", crate::VERSION)),
            ] {
                conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?2)", params![k, v])?;
            }
            conn.execute_batch("COMMIT")?;
            Ok((conn, id))
        })();
        let (conn, id) = match built {
            Ok(x) => x,
            Err(e) => {
                let _ = fs::remove_file(path);
                for suffix in ["-wal", "-shm", "-journal"] {
                    let _ = fs::remove_file(sibling(path, suffix));
                }
                return Err(e);
            }
        };
        let mut d = Dossier::assemble(conn, path, header, key, Some(lock), opts, id);
        d.backup_now_quietly(BackupReason::Open);
        Ok(d)
    }

    /// Opens an existing dossier.
    pub fn open(path: &Path, passphrase: &Passphrase, opts: Options) -> Result<Dossier> {
        Dossier::open_with_migrations(path, passphrase, opts, schema::MIGRATIONS)
    }

    /// [`Dossier::open`] with another migration list (tests of the migration machinery).
    #[doc(hidden)]
    pub fn open_with_migrations(
        path: &Path,
        passphrase: &Passphrase,
        opts: Options,
        migrations: &[Migration],
    ) -> Result<Dossier> {
        let header = read_header(path)?;
        let lock = if opts.read_only { None } else { Some(lock::acquire(path)?) };
        let key = header.derive_key(passphrase);
        let mut conn = connect(path, &key, &header, opts.read_only).map_err(|e| match e {
            StoreError::Sqlite(ref err) if is_corruption(err) => corrupted(path, "pages illisibles ou incohérentes"),
            other => other,
        })?;

        let id = Dossier::prepare(&mut conn, path, &header, &key, &opts, migrations).map_err(|e| match e {
            StoreError::Sqlite(ref err) if is_corruption(err) => corrupted(path, "pages illisibles ou incohérentes"),
            other => other,
        })?;

        let mut d = Dossier::assemble(conn, path, header, key, lock, opts, id);
        if !d.opts.read_only {
            d.backup_now_quietly(BackupReason::Open);
        }
        Ok(d)
    }

    /// Checks integrity and the format version, and migrates (after a backup) if needed.
    /// Returns the dossier id. Nothing is written to a file that fails a check.
    fn prepare(
        conn: &mut Connection,
        path: &Path,
        header: &Header,
        key: &Key,
        opts: &Options,
        migrations: &[Migration],
    ) -> Result<Uuid> {
        // Integrity before anything else: a damaged file is never written to.
        let quick: Vec<String> = conn
            .prepare("PRAGMA quick_check")
            .and_then(|mut s| s.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| {
                if is_corruption(&e) {
                    corrupted(path, "pages illisibles (contrôle d'intégrité)")
                } else {
                    e.into()
                }
            })?;
        if quick != ["ok"] {
            return Err(corrupted(path, format!("contrôle d'intégrité : {}", quick.join(" ; "))));
        }

        let found = schema::version(conn)?;
        let plan = schema::plan(found, migrations)?;
        let id: Option<Uuid> = if found >= 1 {
            conn.query_row("SELECT value FROM meta WHERE key = 'dossier_id'", [], |r| r.get::<_, String>(0))
                .optional()?
                .and_then(|s| Uuid::parse_str(&s).ok())
        } else {
            None
        };
        let Some(id) = id else {
            return Err(StoreError::NotADossier {
                path: path.to_path_buf(),
                reason: "identifiant de dossier absent".into(),
            });
        };

        if let Plan::Migrate { from, .. } = plan {
            if opts.read_only {
                return Err(corrupted(
                    path,
                    "format ancien : ouvrez ce dossier une fois en écriture pour le mettre à jour",
                ));
            }
            // Backup first: with the backup directory when there is one, beside the file otherwise.
            match &opts.backups_root {
                Some(root) => {
                    let b = Backups::new(root, id);
                    b.snapshot(conn, key.sql_literal(header).as_str(), BackupReason::BeforeMigration)?;
                }
                None => {
                    let copy = sibling(path, &format!(".avant-migration-v{from}"));
                    fs::copy(path, &copy).map_err(|e| StoreError::Backup(format!("{} : {e}", copy.display())))?;
                }
            }
            schema::apply(conn, migrations)?;
        }

        Ok(id)
    }

    fn assemble(
        conn: Connection,
        path: &Path,
        header: Header,
        key: Key,
        lock: Option<LockGuard>,
        opts: Options,
        id: Uuid,
    ) -> Dossier {
        let backups = opts.backups_root.as_ref().map(|root| Backups::new(root, id));
        let mut d = Dossier {
            conn,
            path: path.to_path_buf(),
            header,
            key,
            _lock: lock,
            opts,
            id,
            backups,
            last_backup: None,
            dirty: false,
            backup_warning: None,
        };
        if let (Some(b), false) = (&d.backups, d.opts.read_only) {
            if let Err(e) = b.record_origin(&d.path) {
                d.backup_warning = Some(e.to_string());
            }
        }
        d
    }

    /// Takes the closing backup (if anything changed since the last one), folds the WAL
    /// into the file and releases the lock.
    pub fn close(mut self) -> Result<()> {
        if !self.opts.read_only {
            if self.dirty {
                self.backup_now_quietly(BackupReason::Close);
            }
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        let Dossier { conn, .. } = self;
        conn.close().map_err(|(_, e)| e)?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn id(&self) -> Uuid {
        self.id
    }

    pub fn is_read_only(&self) -> bool {
        self.opts.read_only
    }

    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.opts.actor = actor.into();
    }

    /// A problem met by the automatic backups (they never block work, but must be told).
    pub fn backup_warning(&self) -> Option<&str> {
        self.backup_warning.as_deref()
    }

    // ----------------------------------------------------------------- backups

    pub fn backups(&self) -> Option<&Backups> {
        self.backups.as_ref()
    }

    /// Takes a snapshot now and applies the retention rule.
    pub fn backup_now(&mut self, reason: BackupReason) -> Result<BackupInfo> {
        let Some(b) = &self.backups else {
            return Err(StoreError::Backup("les sauvegardes automatiques sont désactivées pour ce dossier".into()));
        };
        let info = b.snapshot(&self.conn, self.key.sql_literal(&self.header).as_str(), reason)?;
        b.prune(&self.opts.retention, Utc::now());
        self.last_backup = Some(Instant::now());
        self.dirty = false;
        Ok(info)
    }

    fn backup_now_quietly(&mut self, reason: BackupReason) {
        if self.backups.is_some() {
            if let Err(e) = self.backup_now(reason) {
                self.backup_warning = Some(e.to_string());
            }
        }
    }

    fn after_change(&mut self) {
        self.dirty = true;
        let due = self.last_backup.is_none_or(|t| t.elapsed() >= self.opts.retention.change_interval);
        if due {
            self.backup_now_quietly(BackupReason::Change);
        }
    }

    /// Replaces the dossier at `target` by the snapshot `backup`, after keeping the current
    /// file (even a damaged one) as a backup. `passphrase` is the one of the snapshot, which
    /// is checked before anything is touched. Returns the copy kept of the old file.
    pub fn restore(backup: &Path, target: &Path, passphrase: &Passphrase, opts: Options) -> Result<Option<BackupInfo>> {
        let id = {
            let b = Dossier::open(backup, passphrase, opts.clone().read_only().without_backups())?;
            b.id
        };
        let _lock = lock::acquire(target)?;
        let kept = if target.exists() {
            let root = opts.backups_root.clone().ok_or_else(|| {
                StoreError::Backup("impossible de garder une copie du dossier actuel : sauvegardes désactivées".into())
            })?;
            Some(Backups::new(&root, id).raw_copy(target, BackupReason::BeforeRestore)?)
        } else {
            None
        };
        let tmp = sibling(target, ".restore-partial");
        fs::copy(backup, &tmp).map_err(|e| StoreError::io(&tmp, e))?;
        backup::sync_file(&tmp);
        fs::rename(&tmp, target).map_err(|e| StoreError::io(target, e))?;
        for suffix in ["-wal", "-shm"] {
            let _ = fs::remove_file(sibling(target, suffix));
        }
        sync_dir(target);
        Ok(kept)
    }

    // ----------------------------------------------------------------- passphrase

    /// Checks `old`, then rewrites the file under a key derived from `new` with a fresh
    /// header (and the current KDF parameters). The old file is kept as a backup first.
    pub fn change_passphrase(&mut self, old: &Passphrase, new: &Passphrase) -> Result<()> {
        if self.opts.read_only {
            return Err(StoreError::ReadOnly);
        }
        if !self.header.derive_key(old).ct_eq(&self.key) {
            return Err(StoreError::WrongPassphrase);
        }
        if new.char_count() < Passphrase::MIN_CHARS {
            return Err(StoreError::PassphraseTooShort { min: Passphrase::MIN_CHARS });
        }
        if self.backups.is_some() {
            self.backup_now(BackupReason::BeforePassphraseChange)?;
        }
        let new_header = Header::new(self.opts.kdf);
        let new_key = new_header.derive_key(new);
        let tmp = sibling(&self.path, ".rekey-partial");
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = fs::remove_file(sibling(&tmp, suffix));
        }
        // The connection may not create files: give ATTACH an empty one (a new database).
        File::create(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        let exported = (|| -> Result<()> {
            let lit = new_key.sql_literal(&new_header);
            self.conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", params![tmp.to_string_lossy(), lit.as_str()])?;
            let version = schema::version(&self.conn)?;
            let r = self
                .conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
                .and_then(|_| self.conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};")));
            self.conn.execute_batch("DETACH DATABASE rekeyed")?;
            r?;
            Ok(())
        })();
        if let Err(e) = exported {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        backup::sync_file(&tmp);
        // Check the new file opens before it replaces the old one.
        let verified =
            connect(&tmp, &new_key, &new_header, false).and_then(|c| c.close().map_err(|(_, e)| StoreError::from(e)));
        if let Err(e) = verified {
            for suffix in ["", "-wal", "-shm"] {
                let _ = fs::remove_file(sibling(&tmp, suffix));
            }
            return Err(e);
        }
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let old_conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        old_conn.close().map_err(|(_, e)| e)?;
        fs::rename(&tmp, &self.path).map_err(|e| StoreError::io(&self.path, e))?;
        for suffix in ["-wal", "-shm"] {
            let _ = fs::remove_file(sibling(&self.path, suffix));
        }
        sync_dir(&self.path);
        self.conn = connect(&self.path, &new_key, &new_header, false)?;
        self.header = new_header;
        self.key = new_key;
        self.dirty = true;
        self.backup_now_quietly(BackupReason::Change);
        Ok(())
    }

    // ----------------------------------------------------------------- info & check

    pub fn info(&self) -> Result<DossierInfo> {
        let organisations = self.organisation_summaries()?;
        Ok(DossierInfo {
            path: self.path.clone(),
            id: self.id,
            format_version: schema::version(&self.conn)?,
            created_at: self.meta("created_at")?,
            kdf_memory_kib: self.header.kdf.memory_kib(),
            kdf_passes: self.header.kdf.t_cost,
            // the main file plus what the WAL holds until the next checkpoint
            size_bytes: [self.path.clone(), sibling(&self.path, "-wal")]
                .iter()
                .filter_map(|p| fs::metadata(p).ok())
                .map(|m| m.len())
                .sum(),
            read_only: self.opts.read_only,
            backups_dir: self.backups.as_ref().map(|b| b.dir().to_path_buf()),
            organisations,
        })
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn organisation_summaries(&self) -> Result<Vec<OrganisationSummary>> {
        let mut out = Vec::new();
        for org in self.organisations()? {
            let count = |k: RecordKind| self.count(org.id, k);
            out.push(OrganisationSummary {
                id: org.id,
                name: org.legal_name.clone(),
                processings: count(RecordKind::Processing)?,
                processor_activities: count(RecordKind::ProcessorActivity)?,
                third_parties: count(RecordKind::ThirdParty)?,
                measures: count(RecordKind::Measure)?,
            });
        }
        Ok(out)
    }

    /// Full integrity check: SQLite structure, SQLCipher page authentication, schema
    /// version, foreign keys, and every record readable and valid.
    pub fn check(&self) -> Result<CheckReport> {
        let rows = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare(sql)?;
            let v = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(v)
        };
        let mut report = CheckReport {
            integrity: rows("PRAGMA integrity_check")?,
            cipher_integrity: rows("PRAGMA cipher_integrity_check")?,
            format_version: schema::version(&self.conn)?,
            supported_version: schema::FORMAT_VERSION,
            ..Default::default()
        };
        report.foreign_key_violations =
            self.conn.prepare("PRAGMA foreign_key_check")?.query_map([], |_| Ok(()))?.count();
        for org in self.raw_rows("SELECT id, data FROM organisations", [])? {
            match serde_json::from_str::<Organisation>(&org.1) {
                Ok(o) => {
                    let p = o.validate();
                    if !p.is_empty() {
                        report.invalid_records.push(format!("organisme {} : {}", org.0, p[0]));
                    }
                }
                Err(e) => report.unreadable_records.push(format!("organisme {} : {e}", org.0)),
            }
        }
        let mut stmt = self.conn.prepare("SELECT id, kind, data FROM records")?;
        let all: Vec<(String, String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        for (id, kind, data) in all {
            let problems = match RecordKind::parse(&kind) {
                Some(RecordKind::Processing) => check_one::<model::Processing>(&data),
                Some(RecordKind::ProcessorActivity) => check_one::<model::ProcessorActivity>(&data),
                Some(RecordKind::ThirdParty) => check_one::<model::ThirdParty>(&data),
                Some(RecordKind::Measure) => check_one::<model::Measure>(&data),
                Some(RecordKind::SecurityAssessment) => check_one::<model::SecurityAssessment>(&data),
                Some(RecordKind::AipdScreening) => check_one::<model::AipdScreening>(&data),
                Some(RecordKind::Aipd) => check_one::<model::Aipd>(&data),
                Some(RecordKind::Breach) => check_one::<model::Breach>(&data),
                None => Err(format!("type de fiche inconnu « {kind} »")),
            };
            match problems {
                Err(e) => report.unreadable_records.push(format!("{kind} {id} : {e}")),
                Ok(p) if !p.is_empty() => report.invalid_records.push(format!("{kind} {id} : {}", p[0])),
                Ok(_) => {}
            }
        }
        Ok(report)
    }

    fn raw_rows<P: rusqlite::Params>(&self, sql: &str, p: P) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let v = stmt.query_map(p, |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    // ----------------------------------------------------------------- organisations

    /// Every organisation, in the order they were added.
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        self.raw_rows("SELECT id, data FROM organisations ORDER BY position, id", [])?
            .into_iter()
            .map(|(id, data)| {
                serde_json::from_str(&data)
                    .map_err(|e| corrupted(&self.path, format!("organisme {id} illisible : {e}")))
            })
            .collect()
    }

    pub fn organisation(&self, id: Uuid) -> Result<Organisation> {
        let data: Option<String> = self
            .conn
            .query_row("SELECT data FROM organisations WHERE id = ?1", [id.to_string()], |r| r.get(0))
            .optional()?;
        let data = data.ok_or(StoreError::UnknownOrganisation(id))?;
        serde_json::from_str(&data).map_err(|e| corrupted(&self.path, format!("organisme {id} illisible : {e}")))
    }

    /// Inserts or updates an organisation; returns it as stored (timestamps set).
    pub fn save_organisation(&mut self, mut org: Organisation) -> Result<Organisation> {
        self.writable()?;
        let problems = org.validate();
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let existing: Option<(String, String)> = self
            .conn
            .query_row("SELECT data, created_at FROM organisations WHERE id = ?1", [org.id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let t = now();
        let actor = self.opts.actor.clone();
        let changed = self.write(|tx| {
            match existing {
                Some((old_json, created)) => {
                    let old: Value = serde_json::from_str(&old_json)?;
                    org.created_at = parse_ts(&created);
                    org.updated_at = t;
                    let new = serde_json::to_value(&org)?;
                    let changes = audit::diff(&old, &new);
                    if changes.is_empty() {
                        return Ok(false);
                    }
                    tx.execute(
                        "UPDATE organisations SET data = ?2, updated_at = ?3 WHERE id = ?1",
                        params![org.id.to_string(), new.to_string(), ts(t)],
                    )?;
                    log(tx, now(), &actor, &Subject::organisation(&org), AuditAction::Update, &changes)?;
                }
                None => {
                    org.created_at = t;
                    org.updated_at = t;
                    let new = serde_json::to_value(&org)?;
                    tx.execute(
                        "INSERT INTO organisations (id, position, data, created_at, updated_at)
                         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM organisations), ?2, ?3, ?3)",
                        params![org.id.to_string(), new.to_string(), ts(t)],
                    )?;
                    log(tx, now(), &actor, &Subject::organisation(&org), AuditAction::Create, &audit::creation(&new))?;
                }
            }
            Ok(true)
        })?;
        if changed {
            self.after_change();
        }
        self.organisation(org.id)
    }

    /// Deletes an organisation and all its records (one audit entry names what went).
    pub fn delete_organisation(&mut self, id: Uuid) -> Result<()> {
        self.writable()?;
        let org = self.organisation(id)?;
        if self.organisations()?.len() <= 1 {
            return Err(StoreError::LastOrganisation);
        }
        // A whole organisation goes at once: a backup first, so that it can be restored;
        // if the backup fails, nothing is deleted.
        if self.backups.is_some() {
            self.backup_now(BackupReason::Change)?;
        }
        let old = serde_json::to_value(&org)?;
        let actor = self.opts.actor.clone();
        self.write(|tx| {
            let n: i64 =
                tx.query_row("SELECT count(*) FROM records WHERE org_id = ?1", [id.to_string()], |r| r.get(0))?;
            tx.execute("DELETE FROM organisations WHERE id = ?1", [id.to_string()])?;
            tx.execute("DELETE FROM meta WHERE key = ?1", [generations_key(id)])?;
            let changes = vec![
                FieldChange { field: "/".into(), old: Some(old), new: None },
                FieldChange { field: "/records_deleted".into(), old: Some(Value::from(n)), new: None },
            ];
            log(tx, now(), &actor, &Subject::organisation(&org), AuditAction::Delete, &changes)?;
            Ok(())
        })?;
        self.after_change();
        Ok(())
    }

    // ----------------------------------------------------------------- generated documents

    /// Remembers that the document `key` of the catalogue was generated in `format` at `at`,
    /// for « dernière génération » on the Documents screen. Kept in the `meta` table (one
    /// JSON map per organisation); not a record: no audit entry, not exported. A read-only
    /// dossier refuses, like every write.
    pub fn record_generation(
        &mut self,
        org: Uuid,
        key: &str,
        generation: crate::documents::catalogue::Generation,
    ) -> Result<()> {
        self.writable()?;
        self.organisation(org)?;
        let mut all = self.generations(org)?;
        all.insert(key.to_string(), generation);
        let value = serde_json::to_string(&all)?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![generations_key(org), value],
        )?;
        Ok(())
    }

    /// The last generation of each document of `org`, by catalogue key. An unreadable entry
    /// (written by a future version) reads as none rather than failing the screen.
    pub fn generations(
        &self,
        org: Uuid,
    ) -> Result<std::collections::HashMap<String, crate::documents::catalogue::Generation>> {
        Ok(self.meta(&generations_key(org))?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
    }

    // ----------------------------------------------------------------- drafts

    /// Keeps an edit that is not valid yet, so typed text survives a lock, a close or a
    /// crash of the window. Drafts live encrypted in the dossier's `meta` table; they are
    /// not records: no audit entry, not exported, not counted.
    pub fn save_draft(&mut self, key: &str, value: &str) -> Result<()> {
        self.writable()?;
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![draft_key(key), value],
        )?;
        Ok(())
    }

    /// The draft kept under `key`, if any.
    pub fn draft(&self, key: &str) -> Result<Option<String>> {
        self.meta(&draft_key(key))
    }

    pub fn discard_draft(&mut self, key: &str) -> Result<()> {
        self.writable()?;
        self.conn.execute("DELETE FROM meta WHERE key = ?1", [draft_key(key)])?;
        Ok(())
    }

    /// The window's autosave of an organisation: `value` (the edited JSON) is saved if it
    /// is a valid organisation, and its draft discarded; otherwise the stored organisation
    /// stays as it was, `value` is kept as its draft and every problem is returned.
    pub fn update_organisation(&mut self, value: &Value) -> Result<OrganisationUpdate> {
        self.writable()?;
        let id = value.get("id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()).ok_or_else(|| {
            StoreError::Invalid(vec![Problem::new(
                "/id",
                "required",
                "identifiant d'organisme manquant ou illisible",
                "missing or unreadable organisation identifier",
            )])
        })?;
        let stored = self.organisation(id)?;
        let problems = match crate::documents::json::deserialize_at::<Organisation>(value, "") {
            Ok(org) => {
                let problems = org.validate();
                if problems.is_empty() {
                    let organisation = self.save_organisation(org)?;
                    self.discard_draft(&organisation_draft_key(id))?;
                    return Ok(OrganisationUpdate { saved: true, organisation, problems });
                }
                problems
            }
            Err(p) => vec![p],
        };
        self.save_draft(&organisation_draft_key(id), &value.to_string())?;
        Ok(OrganisationUpdate { saved: false, organisation: stored, problems })
    }

    /// The organisation's unsaved draft, with its problems.
    pub fn organisation_draft(&self, id: Uuid) -> Result<Option<(Value, Vec<Problem>)>> {
        let Some(text) = self.draft(&organisation_draft_key(id))? else { return Ok(None) };
        let value: Value = serde_json::from_str(&text)?;
        let problems = match crate::documents::json::deserialize_at::<Organisation>(&value, "") {
            Ok(org) => org.validate(),
            Err(p) => vec![p],
        };
        Ok(Some((value, problems)))
    }

    pub fn discard_organisation_draft(&mut self, id: Uuid) -> Result<()> {
        self.discard_draft(&organisation_draft_key(id))
    }

    /// The window's autosave of a record (a processing, a third party…), like
    /// [`Dossier::update_organisation`]: `value` is saved if it is a valid `R` of
    /// organisation `org` whose links resolve, and its draft discarded; otherwise the stored
    /// record stays as it was, `value` is kept as an encrypted draft and every problem is
    /// returned. The record must exist already (created with [`Dossier::save`]).
    pub fn update_record<R: Record>(&mut self, org: Uuid, value: &Value) -> Result<RecordUpdate<R>> {
        self.writable()?;
        let id = value.get("id").and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()).ok_or_else(|| {
            StoreError::Invalid(vec![Problem::new(
                "/id",
                "required",
                "identifiant de fiche manquant ou illisible",
                "missing or unreadable record identifier",
            )])
        })?;
        let stored: R = self.get(id)?;
        if self.organisation_of(id)? != org {
            return Err(StoreError::UnknownRecord(id));
        }
        let problems = match crate::documents::json::deserialize_at::<R>(value, "") {
            Ok(rec) if rec.id() == id => match self.save(org, rec) {
                Ok(record) => {
                    self.discard_draft(&record_draft_key(id))?;
                    return Ok(RecordUpdate { saved: true, record, problems: Vec::new() });
                }
                // a read-only record keeps no draft: there is nothing to finish later
                Err(StoreError::Invalid(problems)) if problems.iter().any(|p| p.code == "read_only") => {
                    return Err(StoreError::Invalid(problems))
                }
                Err(StoreError::Invalid(problems)) => problems,
                Err(e) => return Err(e),
            },
            Ok(_) => vec![Problem::new(
                "/id",
                "id_changed",
                "l'identifiant d'une fiche ne peut pas changer",
                "a record's identifier cannot change",
            )],
            Err(p) => vec![p],
        };
        self.save_draft(&record_draft_key(id), &value.to_string())?;
        Ok(RecordUpdate { saved: false, record: stored, problems })
    }

    /// The record's unsaved draft, with its problems.
    pub fn record_draft<R: Record>(&self, id: Uuid) -> Result<Option<(Value, Vec<Problem>)>> {
        let Some(text) = self.draft(&record_draft_key(id))? else { return Ok(None) };
        let value: Value = serde_json::from_str(&text)?;
        let problems = match crate::documents::json::deserialize_at::<R>(&value, "") {
            Ok(rec) => rec.validate(),
            Err(p) => vec![p],
        };
        Ok(Some((value, problems)))
    }

    pub fn discard_record_draft(&mut self, id: Uuid) -> Result<()> {
        self.discard_draft(&record_draft_key(id))
    }

    /// A problem when `target` is not a record of kind `kind` in organisation `org` (links
    /// never cross organisations and never point to nothing). Its path is the root: the
    /// caller places it.
    fn dangling(&self, org: Uuid, kind: RecordKind, target: Uuid) -> Result<Option<Problem>> {
        let found: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT org_id, kind FROM records WHERE id = ?1")?
            .query_row([target.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok((found != Some((org.to_string(), kind.as_str().to_string()))).then(|| {
            Problem::new(
                "",
                "dangling_reference",
                format!("Lien vers un(e) {} absent(e) de cet organisme ({target}).", kind.label_fr()),
                format!("Link to a {} that is not in this organisation ({target}).", kind.as_str()),
            )
        }))
    }

    /// Adds several new records to organisation `org` in ONE transaction (an import, entries
    /// from the library): either all are stored, or none (every problem is returned, paths
    /// prefixed with the record's position, e.g. `/3/name`). Each gets its audit entry.
    pub fn insert_many<R: Record>(&mut self, org: Uuid, recs: Vec<R>) -> Result<Vec<R>> {
        self.writable()?;
        self.organisation(org)?;
        let mut problems = Vec::new();
        let batch: std::collections::HashSet<Uuid> = recs.iter().map(Record::id).collect();
        if batch.len() != recs.len() {
            problems.push(Problem::new("/", "duplicate_id", "identifiants en double", "duplicate identifiers"));
        }
        if R::KIND.one_per_organisation() && !recs.is_empty() {
            let existing: Option<String> = self
                .conn
                .prepare_cached("SELECT id FROM records WHERE org_id = ?1 AND kind = ?2 LIMIT 1")?
                .query_row(params![org.to_string(), R::KIND.as_str()], |r| r.get(0))
                .optional()?;
            if let Some(other) = existing.or_else(|| (recs.len() > 1).then(|| recs[0].id().to_string())) {
                problems.push(one_per_organisation(R::KIND, &other));
            }
        }
        for (i, rec) in recs.iter().enumerate() {
            let prefix = format!("/{i}");
            problems.extend(rec.validate().into_iter().map(|p| p.under(&prefix)));
            let exists: Option<String> = self
                .conn
                .prepare_cached("SELECT id FROM records WHERE id = ?1")?
                .query_row([rec.id().to_string()], |r| r.get(0))
                .optional()?;
            if exists.is_some() {
                return Err(StoreError::DuplicateId(rec.id()));
            }
            for (i, (kind, target)) in rec.references().into_iter().enumerate() {
                if !batch.contains(&target) {
                    problems.extend(
                        self.dangling(org, kind, target)?.map(|p| p.under(&format!("{prefix}/references/{i}"))),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let t = now();
        let actor = self.opts.actor.clone();
        let mut out = Vec::with_capacity(recs.len());
        self.write(|tx| {
            for mut rec in recs {
                rec.set_timestamps(t, t);
                let new = serde_json::to_value(&rec)?;
                insert_record(tx, org, R::KIND, rec.id(), &new, t, t)?;
                log(tx, t, &actor, &Subject::record(org, &rec), AuditAction::Create, &audit::creation(&new))?;
                out.push(rec);
            }
            Ok(())
        })?;
        if !out.is_empty() {
            self.after_change();
        }
        Ok(out)
    }

    // ----------------------------------------------------------------- records

    pub fn count(&self, org: Uuid, kind: RecordKind) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM records WHERE org_id = ?1 AND kind = ?2")?
            .query_row(params![org.to_string(), kind.as_str()], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every record of one kind in an organisation, oldest first.
    pub fn list<R: Record>(&self, org: Uuid) -> Result<Vec<R>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT data FROM records WHERE org_id = ?1 AND kind = ?2 ORDER BY created_at, id")?;
        let mut rows = stmt.query(params![org.to_string(), R::KIND.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let data = row.get_ref(0)?.as_str().map_err(|e| corrupted(&self.path, e))?;
            out.push(
                serde_json::from_str(data)
                    .map_err(|e| corrupted(&self.path, format!("{} illisible : {e}", R::KIND.label_fr())))?,
            );
        }
        Ok(out)
    }

    pub fn get<R: Record>(&self, id: Uuid) -> Result<R> {
        let data: Option<String> = self
            .conn
            .prepare_cached("SELECT data FROM records WHERE id = ?1 AND kind = ?2")?
            .query_row(params![id.to_string(), R::KIND.as_str()], |r| r.get(0))
            .optional()?;
        let data = data.ok_or(StoreError::UnknownRecord(id))?;
        serde_json::from_str(&data)
            .map_err(|e| corrupted(&self.path, format!("{} {id} illisible : {e}", R::KIND.label_fr())))
    }

    /// The organisation's security assessment (CNIL guide), if it has one yet.
    pub fn security_assessment(&self, org: Uuid) -> Result<Option<model::SecurityAssessment>> {
        self.organisation(org)?;
        Ok(self.list::<model::SecurityAssessment>(org)?.into_iter().next())
    }

    /// The organisation's security assessment, created empty (and audited) the first time.
    pub fn ensure_security_assessment(&mut self, org: Uuid) -> Result<model::SecurityAssessment> {
        match self.security_assessment(org)? {
            Some(a) => Ok(a),
            None => self.save(org, model::SecurityAssessment::new()),
        }
    }

    /// The organisation a record belongs to.
    pub fn organisation_of(&self, record: Uuid) -> Result<Uuid> {
        let org: Option<String> = self
            .conn
            .query_row("SELECT org_id FROM records WHERE id = ?1", [record.to_string()], |r| r.get(0))
            .optional()?;
        org.and_then(|s| Uuid::parse_str(&s).ok()).ok_or(StoreError::UnknownRecord(record))
    }

    /// Inserts or updates a record of organisation `org`, in one transaction with its audit
    /// entry. Refused (nothing written) when the record has problems or points to a record
    /// that is not in the same organisation.
    pub fn save<R: Record>(&mut self, org: Uuid, mut rec: R) -> Result<R> {
        self.writable()?;
        let mut problems = rec.validate();
        self.organisation(org)?;
        for (i, (kind, target)) in rec.references().into_iter().enumerate() {
            problems.extend(self.dangling(org, kind, target)?.map(|p| p.under(&format!("/references/{i}"))));
        }
        if R::KIND.one_per_organisation() {
            let other: Option<String> = self
                .conn
                .prepare_cached("SELECT id FROM records WHERE org_id = ?1 AND kind = ?2 AND id != ?3 LIMIT 1")?
                .query_row(params![org.to_string(), R::KIND.as_str(), rec.id().to_string()], |r| r.get(0))
                .optional()?;
            if let Some(other) = other {
                problems.push(one_per_organisation(R::KIND, &other));
            }
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let id = rec.id();
        let existing: Option<(String, String, String, String)> = self
            .conn
            .prepare_cached("SELECT org_id, kind, data, created_at FROM records WHERE id = ?1")?
            .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let t = now();
        let actor = self.opts.actor.clone();
        let changed = self.write(|tx| {
            match existing {
                Some((old_org, kind, old_json, created)) => {
                    if kind != R::KIND.as_str() || old_org != org.to_string() {
                        return Err(StoreError::DuplicateId(id));
                    }
                    let created = parse_ts(&created);
                    let old: Value = serde_json::from_str(&old_json)?;
                    if let Ok(previous) = serde_json::from_value::<R>(old.clone()) {
                        let refused = rec.check_replace(&previous);
                        if !refused.is_empty() {
                            return Err(StoreError::Invalid(refused));
                        }
                    }
                    rec.set_timestamps(created, t);
                    let new = serde_json::to_value(&rec)?;
                    let changes = audit::diff(&old, &new);
                    if changes.is_empty() {
                        return Ok(false);
                    }
                    tx.prepare_cached("UPDATE records SET data = ?2, updated_at = ?3 WHERE id = ?1")?
                        .execute(params![id.to_string(), new.to_string(), ts(t)])?;
                    log(tx, now(), &actor, &Subject::record(org, &rec), AuditAction::Update, &changes)?;
                }
                None => {
                    rec.set_timestamps(t, t);
                    let new = serde_json::to_value(&rec)?;
                    insert_record(tx, org, R::KIND, id, &new, t, t)?;
                    log(tx, now(), &actor, &Subject::record(org, &rec), AuditAction::Create, &audit::creation(&new))?;
                }
            }
            Ok(true)
        })?;
        if changed {
            self.after_change();
        }
        self.get(id)
    }

    /// Deletes a record, unless another record points to it.
    pub fn delete<R: Record>(&mut self, id: Uuid) -> Result<()> {
        self.writable()?;
        let rec: R = self.get(id)?;
        let org = self.organisation_of(id)?;
        let users = self.bundle(org)?.referrers_of(id);
        if !users.is_empty() {
            return Err(StoreError::InUse { title: rec.title(), count: users.len(), users: users.join(", ") });
        }
        let old = serde_json::to_value(&rec)?;
        let actor = self.opts.actor.clone();
        self.write(|tx| {
            tx.execute("DELETE FROM records WHERE id = ?1", [id.to_string()])?;
            tx.execute("DELETE FROM meta WHERE key = ?1", [draft_key(&record_draft_key(id))])?;
            log(
                tx,
                now(),
                &actor,
                &Subject::record(org, &rec),
                AuditAction::Delete,
                &[FieldChange { field: "/".into(), old: Some(old), new: None }],
            )?;
            Ok(())
        })?;
        self.after_change();
        Ok(())
    }

    // ----------------------------------------------------------------- audit

    /// The audit trail of one record (or organisation), oldest first.
    pub fn audit_for(&self, record_id: Uuid) -> Result<Vec<AuditEntry>> {
        self.audit_query("WHERE record_id = ?1", [record_id.to_string()])
    }

    /// The whole audit trail of an organisation, oldest first.
    pub fn audit_of_organisation(&self, org: Uuid) -> Result<Vec<AuditEntry>> {
        self.audit_query("WHERE org_id = ?1", [org.to_string()])
    }

    pub fn audit_all(&self) -> Result<Vec<AuditEntry>> {
        self.audit_query("", [])
    }

    fn audit_query<P: rusqlite::Params>(&self, filter: &str, p: P) -> Result<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT seq, at, actor, org_id, kind, record_id, action, title, changes FROM audit {filter} ORDER BY seq"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(p, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, actor, org, kind, record, action, title, changes) = row?;
            out.push(AuditEntry {
                seq,
                at: parse_ts(&at),
                actor,
                organisation_id: org.and_then(|s| Uuid::parse_str(&s).ok()),
                kind,
                record_id: Uuid::parse_str(&record).unwrap_or_default(),
                action: AuditAction::parse(&action).unwrap_or(AuditAction::Update),
                title,
                changes: serde_json::from_str(&changes).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    // ----------------------------------------------------------------- bundles

    /// One organisation and all its records.
    pub fn bundle(&self, org: Uuid) -> Result<OrganisationBundle> {
        Ok(OrganisationBundle {
            organisation: self.organisation(org)?,
            processings: self.list(org)?,
            processor_activities: self.list(org)?,
            third_parties: self.list(org)?,
            measures: self.list(org)?,
            security_assessments: self.list(org)?,
            aipd_screenings: self.list(org)?,
            aipds: self.list(org)?,
            breaches: self.list(org)?,
        })
    }

    pub fn bundles(&self) -> Result<Vec<OrganisationBundle>> {
        self.organisations()?.into_iter().map(|o| self.bundle(o.id)).collect()
    }

    /// Adds whole organisations (with their records, timestamps kept) and, optionally,
    /// their past audit entries, in one transaction. Validates everything first and writes
    /// nothing if any part is invalid or any id already exists here.
    pub fn insert_bundles(&mut self, bundles: &[OrganisationBundle], history: &[AuditEntry]) -> Result<()> {
        self.writable()?;
        let mut problems = Vec::new();
        for (i, b) in bundles.iter().enumerate() {
            problems.extend(b.validate().into_iter().map(|p| p.under(&format!("/organisations/{i}"))));
        }
        if !problems.is_empty() {
            return Err(StoreError::Invalid(problems));
        }
        let mut seen = std::collections::HashSet::new();
        for b in bundles {
            for id in b.ids() {
                if !seen.insert(id) || self.id_exists(id)? {
                    return Err(StoreError::DuplicateId(id));
                }
            }
        }
        let actor = self.opts.actor.clone();
        let t = now();
        self.write(|tx| {
            for b in bundles {
                let o = &b.organisation;
                tx.execute(
                    "INSERT INTO organisations (id, position, data, created_at, updated_at)
                     VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM organisations), ?2, ?3, ?4)",
                    params![o.id.to_string(), serde_json::to_string(o)?, ts(o.created_at), ts(o.updated_at)],
                )?;
                insert_all(tx, o.id, &b.processings)?;
                insert_all(tx, o.id, &b.processor_activities)?;
                insert_all(tx, o.id, &b.third_parties)?;
                insert_all(tx, o.id, &b.measures)?;
                insert_all(tx, o.id, &b.security_assessments)?;
                insert_all(tx, o.id, &b.aipd_screenings)?;
                insert_all(tx, o.id, &b.aipds)?;
                insert_all(tx, o.id, &b.breaches)?;
            }
            for e in history {
                tx.execute(
                    "INSERT INTO audit (at, actor, org_id, kind, record_id, action, title, changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        ts(e.at),
                        e.actor,
                        e.organisation_id.map(|u| u.to_string()),
                        e.kind,
                        e.record_id.to_string(),
                        e.action.as_str(),
                        e.title,
                        serde_json::to_string(&e.changes)?
                    ],
                )?;
            }
            for b in bundles {
                let o = &b.organisation;
                let n = b.record_count();
                let changes = [FieldChange { field: "/records_imported".into(), old: None, new: Some(Value::from(n)) }];
                log(tx, t, &actor, &Subject::organisation(o), AuditAction::Import, &changes)?;
            }
            Ok(())
        })?;
        self.after_change();
        Ok(())
    }

    fn id_exists(&self, id: Uuid) -> Result<bool> {
        let n: i64 = self.conn.prepare_cached(
            "SELECT (SELECT count(*) FROM organisations WHERE id = ?1) + (SELECT count(*) FROM records WHERE id = ?1)",
        )?
        .query_row([id.to_string()], |r| r.get(0))?;
        Ok(n > 0)
    }

    /// Writes one organisation (records and its audit trail) into a new dossier file of its
    /// own — to hand a client their file.
    pub fn export_organisation(&self, org: Uuid, dest: &Path, passphrase: &Passphrase, opts: Options) -> Result<()> {
        let bundle = self.bundle(org)?;
        let history = self.audit_of_organisation(org)?;
        let mut target = Dossier::create(dest, passphrase, opts)?;
        match target.insert_bundles(std::slice::from_ref(&bundle), &history) {
            Ok(()) => target.close(),
            Err(e) => {
                drop(target);
                let _ = fs::remove_file(dest);
                Err(e)
            }
        }
    }

    /// Copies organisations from another dossier file into this one (all of them, or the
    /// one named). Returns their names.
    pub fn import_organisations_from(
        &mut self,
        source: &Path,
        passphrase: &Passphrase,
        only: Option<Uuid>,
    ) -> Result<Vec<String>> {
        let src = Dossier::open(source, passphrase, Options::default().read_only().without_backups())?;
        let mut bundles = src.bundles()?;
        if let Some(id) = only {
            bundles.retain(|b| b.organisation.id == id);
            if bundles.is_empty() {
                return Err(StoreError::UnknownOrganisation(id));
            }
        }
        let mut history = Vec::new();
        for b in &bundles {
            history.extend(src.audit_of_organisation(b.organisation.id)?);
        }
        history.sort_by_key(|e| e.seq);
        self.insert_bundles(&bundles, &history)?;
        Ok(bundles.iter().map(|b| b.organisation.legal_name.clone()).collect())
    }

    // ----------------------------------------------------------------- plumbing

    fn writable(&self) -> Result<()> {
        if self.opts.read_only {
            Err(StoreError::ReadOnly)
        } else {
            Ok(())
        }
    }

    /// Runs `f` in one IMMEDIATE transaction; commits only if it returns `Ok`.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Raw connection, for benchmarks and tests of the file format.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// The problem of a second record of a kind an organisation holds only one of.
fn one_per_organisation(kind: RecordKind, existing: &str) -> Problem {
    Problem::new(
        "/id",
        "one_per_organisation",
        format!(
            "Cet organisme a déjà une fiche de type « {} » ({existing}) : modifiez-la plutôt que d'en créer une \
             seconde.",
            kind.label_fr()
        ),
        format!(
            "This organisation already has a {} ({existing}): edit it rather than creating a second one.",
            kind.as_str().replace('_', " ")
        ),
    )
}

fn check_one<R: Record>(data: &str) -> std::result::Result<Vec<Problem>, String> {
    serde_json::from_str::<R>(data).map(|r| r.validate()).map_err(|e| e.to_string())
}

fn insert_record(
    tx: &Transaction,
    org: Uuid,
    kind: RecordKind,
    id: Uuid,
    data: &Value,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO records (id, org_id, kind, data, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id.to_string(),
        org.to_string(),
        kind.as_str(),
        data.to_string(),
        ts(created),
        ts(updated)
    ])?;
    Ok(())
}

fn insert_all<R: Record>(tx: &Transaction, org: Uuid, recs: &[R]) -> Result<()> {
    for r in recs {
        let v = serde_json::to_value(r)?;
        let created = r.created_at();
        let updated = v.get("updated_at").and_then(Value::as_str).map(parse_ts).unwrap_or(created);
        insert_record(tx, org, R::KIND, r.id(), &v, created, updated)?;
    }
    Ok(())
}

/// What an audit entry is about.
struct Subject {
    org: Option<Uuid>,
    /// `organisation` or a record kind.
    kind: &'static str,
    id: Uuid,
    title: String,
}

impl Subject {
    fn organisation(o: &Organisation) -> Subject {
        Subject { org: Some(o.id), kind: "organisation", id: o.id, title: o.legal_name.clone() }
    }

    fn record<R: Record>(org: Uuid, r: &R) -> Subject {
        Subject { org: Some(org), kind: R::KIND.as_str(), id: r.id(), title: r.title() }
    }
}

fn log(
    tx: &Transaction,
    at: DateTime<Utc>,
    actor: &str,
    s: &Subject,
    action: AuditAction,
    changes: &[FieldChange],
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit (at, actor, org_id, kind, record_id, action, title, changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        ts(at),
        actor,
        s.org.map(|u| u.to_string()),
        s.kind,
        s.id.to_string(),
        action.as_str(),
        &s.title,
        serde_json::to_string(changes)?
    ])?;
    Ok(())
}

/// `path` with `suffix` appended to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn sync_dir(path: &Path) {
    if let Some(parent) = path.parent() {
        let dir = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        if let Ok(f) = File::open(dir) {
            let _ = f.sync_all();
        }
    }
}
