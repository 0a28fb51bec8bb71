//! Exclusive write lock on a dossier.
//!
//! Beside `x.greffier` we keep `x.greffier.lock`, holding an advisory exclusive lock
//! (`flock`) for as long as the dossier is open for writing, and a line saying who holds it
//! (machine, user, process, since when) so a second opener can be told. The kernel drops
//! the lock when the holder dies, so a stale lock file left by a crash never blocks anyone.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};

/// Who holds a dossier open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LockHolder {
    pub host: String,
    pub user: String,
    pub pid: u32,
    pub since: String,
}

impl LockHolder {
    fn current() -> LockHolder {
        LockHolder {
            host: hostname::get().map(|h| h.to_string_lossy().into_owned()).unwrap_or_default(),
            user: crate::os_user_name(),
            pid: std::process::id(),
            since: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }

    fn encode(&self) -> String {
        format!("host={}\nuser={}\npid={}\nsince={}\n", self.host, self.user, self.pid, self.since)
    }

    fn decode(text: &str) -> LockHolder {
        let mut h = LockHolder::default();
        for line in text.lines() {
            match line.split_once('=') {
                Some(("host", v)) => h.host = v.to_string(),
                Some(("user", v)) => h.user = v.to_string(),
                Some(("pid", v)) => h.pid = v.parse().unwrap_or(0),
                Some(("since", v)) => h.since = v.to_string(),
                _ => {}
            }
        }
        h
    }

    /// `since` in local time with `format`, or as written when it is not a date.
    fn since_local(&self, format: &str) -> String {
        chrono::DateTime::parse_from_rfc3339(&self.since)
            .map(|t| t.with_timezone(&chrono::Local).format(format).to_string())
            .unwrap_or_else(|_| self.since.clone())
    }

    pub fn describe_en(&self) -> String {
        if self.host.is_empty() {
            return "by another program".into();
        }
        format!(
            "on {}, by {}, process {}, since {}",
            self.host,
            self.user,
            self.pid,
            self.since_local("%Y-%m-%d %H:%M")
        )
    }
}

impl std::fmt::Display for LockHolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.is_empty() {
            return f.write_str("par un autre programme");
        }
        write!(
            f,
            "sur la machine « {} » par {} (processus {}) depuis le {}",
            self.host,
            self.user,
            self.pid,
            self.since_local("%d/%m/%Y à %H:%M")
        )
    }
}

/// Held while a dossier is open for writing; releases the lock on drop.
#[derive(Debug)]
pub struct LockGuard {
    file: File,
    path: PathBuf,
}

pub fn lock_path(dossier: &Path) -> PathBuf {
    let mut name = dossier.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the write lock of `dossier`, or says who has it.
pub fn acquire(dossier: &Path) -> Result<LockGuard> {
    let path = lock_path(dossier);
    for _ in 0..10 {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(StoreError::AlreadyOpen { holder: LockHolder::decode(&text) });
            }
            Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
        }
        // The previous holder may have removed the file between our open and our lock:
        // then we locked an orphan inode; start again.
        if !same_file(&file, &path) {
            continue;
        }
        file.set_len(0).map_err(|e| StoreError::io(&path, e))?;
        file.rewind().map_err(|e| StoreError::io(&path, e))?;
        file.write_all(LockHolder::current().encode().as_bytes()).map_err(|e| StoreError::io(&path, e))?;
        file.flush().map_err(|e| StoreError::io(&path, e))?;
        return Ok(LockGuard { file, path });
    }
    Err(StoreError::AlreadyOpen { holder: LockHolder::default() })
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // Remove first, unlock second (when `file` closes): a waiting opener that got the
        // old inode sees it is no longer at the path and retries.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_with_holder_then_released() {
        let dir = tempfile::tempdir().unwrap();
        let dossier = dir.path().join("a.greffier");
        let g = acquire(&dossier).unwrap();
        match acquire(&dossier) {
            Err(StoreError::AlreadyOpen { holder }) => {
                assert_eq!(holder.pid, std::process::id());
                assert!(!holder.host.is_empty());
                assert!(holder.to_string().contains("processus"));
            }
            other => panic!("expected AlreadyOpen, got {other:?}"),
        }
        drop(g);
        assert!(!lock_path(&dossier).exists());
        let _g2 = acquire(&dossier).unwrap();
    }

    #[test]
    fn stale_lock_file_without_flock_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let dossier = dir.path().join("b.greffier");
        std::fs::write(lock_path(&dossier), "host=ghost\npid=1\n").unwrap();
        let _g = acquire(&dossier).unwrap();
    }
}
