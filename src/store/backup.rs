//! Automatic encrypted backups.
//!
//! Snapshots are taken with SQLite's online backup API into a file keyed with the same key
//! and header as the dossier, so each snapshot is itself a dossier that opens with the
//! passphrase in force when it was taken. They live in the per-user data directory:
//! `<data>/greffier/backups/<dossier id>/<UTC time>-<reason>.greffier`, with a file
//! `origin` naming the dossier paths seen (no secret: paths only).
//!
//! Retention (see [`RetentionPolicy`]): the newest N, plus the newest of each day over the
//! last D days. Nothing outside a dossier's own directory is ever deleted.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use super::error::{Result, StoreError};

pub const EXTENSION: &str = "greffier";

/// Why a snapshot was taken (part of its file name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupReason {
    Open,
    Close,
    Change,
    Manual,
    BeforeMigration,
    BeforeRestore,
    BeforePassphraseChange,
}

impl BackupReason {
    const ALL: [BackupReason; 7] = [
        BackupReason::Open,
        BackupReason::Close,
        BackupReason::Change,
        BackupReason::Manual,
        BackupReason::BeforeMigration,
        BackupReason::BeforeRestore,
        BackupReason::BeforePassphraseChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Open => "ouverture",
            BackupReason::Close => "fermeture",
            BackupReason::Change => "modification",
            BackupReason::Manual => "manuelle",
            BackupReason::BeforeMigration => "avant-migration",
            BackupReason::BeforeRestore => "avant-restauration",
            BackupReason::BeforePassphraseChange => "avant-changement-phrase",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BackupReason::Open => "open",
            BackupReason::Close => "close",
            BackupReason::Change => "after changes",
            BackupReason::Manual => "manual",
            BackupReason::BeforeMigration => "before format upgrade",
            BackupReason::BeforeRestore => "before restore",
            BackupReason::BeforePassphraseChange => "before passphrase change",
        }
    }

    /// French label for lists « Motif ».
    pub fn label_fr(self) -> &'static str {
        match self {
            BackupReason::Open => "à l'ouverture",
            BackupReason::Close => "à la fermeture",
            BackupReason::Change => "après modifications",
            BackupReason::Manual => "manuelle",
            BackupReason::BeforeMigration => "avant mise à jour du format",
            BackupReason::BeforeRestore => "avant restauration",
            BackupReason::BeforePassphraseChange => "avant changement de phrase de passe",
        }
    }

    fn parse(s: &str) -> Option<BackupReason> {
        BackupReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Safety copies taken before a risky operation are never pruned automatically.
    pub fn is_safety_copy(self) -> bool {
        matches!(
            self,
            BackupReason::BeforeMigration | BackupReason::BeforeRestore | BackupReason::BeforePassphraseChange
        )
    }
}

/// One snapshot on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub taken_at: DateTime<Utc>,
    pub reason: BackupReason,
    pub size: u64,
}

/// How many snapshots to keep.
#[derive(Clone, Copy, Debug)]
pub struct RetentionPolicy {
    pub keep_last: usize,
    pub daily_days: i64,
    /// After changes, at most one snapshot per this interval.
    pub change_interval: Duration,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy { keep_last: 10, daily_days: 30, change_interval: Duration::from_secs(300) }
    }
}

/// Where the backups of every dossier live.
pub fn default_root() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GREFFIER_DATA_DIR") {
        return Some(PathBuf::from(dir).join("backups"));
    }
    dirs::data_dir().map(|d| d.join("greffier").join("backups"))
}

/// The backup directory of one dossier.
#[derive(Clone, Debug)]
pub struct Backups {
    dir: PathBuf,
}

const TIME_FORMAT: &str = "%Y%m%dT%H%M%S%.3fZ";

impl Backups {
    pub fn new(root: &Path, dossier_id: Uuid) -> Backups {
        Backups { dir: root.join(dossier_id.to_string()) }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every dossier directory under `root` that has seen `dossier_path` (no passphrase needed).
    pub fn find_for_path(root: &Path, dossier_path: &Path) -> Vec<Backups> {
        let wanted = canonical(dossier_path);
        let Ok(entries) = fs::read_dir(root) else { return Vec::new() };
        entries
            .flatten()
            .filter(|e| {
                fs::read_to_string(e.path().join("origin"))
                    .map(|text| text.lines().any(|l| Path::new(l) == wanted))
                    .unwrap_or(false)
            })
            .map(|e| Backups { dir: e.path() })
            .collect()
    }

    /// Every dossier directory under `root`, with the paths it has seen.
    pub fn all(root: &Path) -> Vec<(Backups, Vec<PathBuf>)> {
        let Ok(entries) = fs::read_dir(root) else { return Vec::new() };
        let mut out: Vec<_> = entries
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| {
                let origins = fs::read_to_string(e.path().join("origin"))
                    .map(|t| t.lines().map(PathBuf::from).collect())
                    .unwrap_or_default();
                (Backups { dir: e.path() }, origins)
            })
            .collect();
        out.sort_by(|a, b| a.0.dir.cmp(&b.0.dir));
        out
    }

    fn ensure_dir(&self) -> Result<()> {
        fs::create_dir_all(&self.dir).map_err(|e| StoreError::Backup(format!("{} : {e}", self.dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700));
        }
        Ok(())
    }

    /// Remembers that the dossier was seen at `path`.
    pub fn record_origin(&self, path: &Path) -> Result<()> {
        self.ensure_dir()?;
        let file = self.dir.join("origin");
        let p = canonical(path);
        let mut lines: Vec<String> =
            fs::read_to_string(&file).unwrap_or_default().lines().map(str::to_string).collect();
        let line = p.to_string_lossy().into_owned();
        if !lines.contains(&line) {
            lines.push(line);
            fs::write(&file, lines.join("\n") + "\n")
                .map_err(|e| StoreError::Backup(format!("{} : {e}", file.display())))?;
        }
        Ok(())
    }

    fn new_path(&self, reason: BackupReason, now: DateTime<Utc>) -> PathBuf {
        let mut path = self.dir.join(format!("{}-{}.{EXTENSION}", now.format(TIME_FORMAT), reason.as_str()));
        let mut n = 1;
        while path.exists() {
            path = self.dir.join(format!("{}-{}-{n}.{EXTENSION}", now.format(TIME_FORMAT), reason.as_str()));
            n += 1;
        }
        path
    }

    /// Copies the live database (including what is still in its WAL) into a new snapshot
    /// encrypted with `key_literal` (the dossier's own key and header).
    pub(crate) fn snapshot(&self, conn: &Connection, key_literal: &str, reason: BackupReason) -> Result<BackupInfo> {
        self.ensure_dir()?;
        let now = Utc::now();
        let dest = self.new_path(reason, now);
        let tmp = dest.with_extension("partial");
        let result = (|| -> rusqlite::Result<()> {
            super::crypto::sqlcipher_ready();
            let mut dst = Connection::open(&tmp)?;
            dst.execute_batch(&zeroize::Zeroizing::new(format!("PRAGMA key = \"{key_literal}\";")))?;
            {
                let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
                backup.run_to_completion(1024, Duration::ZERO, None)?;
            }
            dst.execute_batch("PRAGMA journal_mode = DELETE;")?;
            dst.close().map_err(|(_, e)| e)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::Backup(e.to_string()));
        }
        sync_file(&tmp);
        fs::rename(&tmp, &dest).map_err(|e| StoreError::Backup(format!("{} : {e}", dest.display())))?;
        let size = fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        Ok(BackupInfo { path: dest, taken_at: now, reason, size })
    }

    /// Copies a file byte for byte (for a dossier that may be damaged and cannot be opened).
    pub(crate) fn raw_copy(&self, source: &Path, reason: BackupReason) -> Result<BackupInfo> {
        self.ensure_dir()?;
        let now = Utc::now();
        let dest = self.new_path(reason, now);
        fs::copy(source, &dest).map_err(|e| StoreError::Backup(format!("{} : {e}", source.display())))?;
        let mut wal = source.as_os_str().to_owned();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        if wal.exists() {
            let mut d = dest.as_os_str().to_owned();
            d.push("-wal");
            let _ = fs::copy(&wal, PathBuf::from(d));
        }
        sync_file(&dest);
        let size = fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        Ok(BackupInfo { path: dest, taken_at: now, reason, size })
    }

    /// Snapshots, newest first.
    pub fn list(&self) -> Vec<BackupInfo> {
        let Ok(entries) = fs::read_dir(&self.dir) else { return Vec::new() };
        let mut out: Vec<BackupInfo> = entries.flatten().filter_map(|e| parse_name(&e.path())).collect();
        out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
        out
    }

    /// Applies the retention policy; returns the snapshots deleted.
    pub fn prune(&self, policy: &RetentionPolicy, now: DateTime<Utc>) -> Vec<PathBuf> {
        let list = self.list();
        let keep = select_to_keep(&list, policy, now);
        let mut removed = Vec::new();
        for b in list {
            if !keep.contains(&b.path) && fs::remove_file(&b.path).is_ok() {
                removed.push(b.path);
            }
        }
        // Leftovers of a snapshot interrupted by a crash.
        if let Ok(entries) = fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                if e.path().extension().is_some_and(|x| x == "partial") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
        removed
    }
}

/// The retention rule, as a pure function: which snapshots stay.
pub fn select_to_keep(list: &[BackupInfo], policy: &RetentionPolicy, now: DateTime<Utc>) -> BTreeSet<PathBuf> {
    let mut sorted: Vec<&BackupInfo> = list.iter().collect();
    sorted.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    let mut keep: BTreeSet<PathBuf> = sorted.iter().take(policy.keep_last).map(|b| b.path.clone()).collect();
    let mut days_seen = BTreeSet::new();
    for b in &sorted {
        if b.reason.is_safety_copy() {
            keep.insert(b.path.clone());
            continue;
        }
        let age = now.signed_duration_since(b.taken_at);
        if age.num_days() < policy.daily_days && days_seen.insert(b.taken_at.date_naive()) {
            keep.insert(b.path.clone());
        }
    }
    keep
}

fn parse_name(path: &Path) -> Option<BackupInfo> {
    if path.extension()? != EXTENSION {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let (time, rest) = stem.split_once('-')?;
    let taken_at = NaiveDateTime::parse_from_str(time, TIME_FORMAT).ok()?.and_utc();
    let reason_text = rest.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
    let reason = BackupReason::parse(reason_text).or_else(|| BackupReason::parse(rest))?;
    let size = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Some(BackupInfo { path: path.to_path_buf(), taken_at, reason, size })
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| {
        // The file may be gone (restore after loss): canonicalise its folder instead.
        match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => {
                fs::canonicalize(if parent.as_os_str().is_empty() { Path::new(".") } else { parent })
                    .map(|p| p.join(name))
                    .unwrap_or_else(|_| path.to_path_buf())
            }
            _ => path.to_path_buf(),
        }
    })
}

pub(crate) fn sync_file(path: &Path) {
    if let Ok(f) = fs::File::open(path) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn info(day: u32, hour: u32, reason: BackupReason) -> BackupInfo {
        let taken_at = Utc.with_ymd_and_hms(2026, 10, day, hour, 0, 0).unwrap();
        BackupInfo { path: PathBuf::from(format!("{day:02}-{hour:02}-{}", reason.as_str())), taken_at, reason, size: 1 }
    }

    #[test]
    fn retention_keeps_last_n_and_one_per_day_within_window() {
        let now = Utc.with_ymd_and_hms(2026, 10, 31, 12, 0, 0).unwrap();
        let mut list = Vec::new();
        for day in 1..=31 {
            for hour in [8, 12, 18] {
                if day == 31 && hour > 12 {
                    continue;
                }
                list.push(info(day, hour, BackupReason::Change));
            }
        }
        list.push(info(2, 9, BackupReason::BeforeRestore));
        let mut old = info(15, 10, BackupReason::Close);
        old.taken_at = Utc.with_ymd_and_hms(2026, 9, 15, 10, 0, 0).unwrap();
        old.path = PathBuf::from("september");
        list.push(old);
        let policy = RetentionPolicy { keep_last: 10, daily_days: 30, ..Default::default() };
        let keep = select_to_keep(&list, &policy, now);
        // the 10 newest
        let mut newest: Vec<_> = list.iter().collect();
        newest.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
        for b in newest.iter().take(10) {
            assert!(keep.contains(&b.path));
        }
        // one per day for days 2..=31 (age < 30 days), the newest of each day
        for day in 2..=30 {
            assert!(keep.contains(&info(day, 18, BackupReason::Change).path), "day {day}");
            assert!(!keep.contains(&info(day, 8, BackupReason::Change).path) || day >= 28, "day {day} morning");
        }
        assert!(!keep.contains(&PathBuf::from("september")), "older than the window");
        assert!(!keep.contains(&info(1, 8, BackupReason::Change).path), "not the newest of its day");
        assert!(keep.contains(&info(2, 9, BackupReason::BeforeRestore).path), "safety copies stay");
        assert!(keep.len() < list.len());
    }

    #[test]
    fn names_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let b = Backups::new(dir.path(), Uuid::new_v4());
        b.ensure_dir().unwrap();
        let now = Utc::now();
        let p1 = b.new_path(BackupReason::BeforePassphraseChange, now);
        fs::write(&p1, b"x").unwrap();
        let p2 = b.new_path(BackupReason::BeforePassphraseChange, now);
        assert_ne!(p1, p2);
        fs::write(&p2, b"x").unwrap();
        fs::write(b.dir().join("notes.txt"), b"ignored").unwrap();
        let list = b.list();
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|i| i.reason == BackupReason::BeforePassphraseChange));
        assert_eq!(list[0].taken_at.timestamp_millis(), now.timestamp_millis());
    }
}
