//! Shared helpers of the integration tests.
#![allow(dead_code)]

pub mod office;
pub mod pdf;

use std::path::{Path, PathBuf};

use greffier::store::{Dossier, KdfParams, Options, Passphrase};

pub const PASS: &str = "cheval agrafe batterie correcte";

pub fn pass() -> Passphrase {
    Passphrase::new(PASS)
}

/// Options with a fast KDF (tests open dossiers many times) and backups under `root`.
pub fn opts(root: &Path) -> Options {
    Options::default()
        .with_kdf(KdfParams::INSECURE_FAST_FOR_TESTS)
        .with_backups_root(root.join("backups"))
        .with_actor("Test")
}

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn opts(&self) -> Options {
        opts(self.dir.path())
    }
    pub fn create(&self, name: &str) -> (Dossier, PathBuf) {
        let p = self.path(name);
        (Dossier::create(&p, &pass(), self.opts()).unwrap(), p)
    }
    pub fn open(&self, path: &Path) -> Dossier {
        Dossier::open(path, &pass(), self.opts()).unwrap()
    }
}

/// Every file under `dir` (recursively) with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(all_files(&p));
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
