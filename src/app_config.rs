//! The desktop application's own settings and its list of recent dossiers.
//!
//! Stored as `settings.json` in the user's configuration directory
//! (`dirs::config_dir()/greffier/`, or `$GREFFIER_CONFIG_DIR`): paths and preferences only,
//! never a secret nor anything from inside a dossier. A missing or unreadable file gives the
//! defaults (the unreadable one is kept aside as `settings.json.bad`), so a damaged settings
//! file never prevents opening a dossier.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Problem;

/// How many recent dossiers are remembered.
pub const MAX_RECENT: usize = 12;
pub const IDLE_LOCK_MIN: u32 = 1;
pub const IDLE_LOCK_MAX: u32 = 120;
pub const IDLE_LOCK_DEFAULT: u32 = 10;
const USER_NAME_MAX_CHARS: usize = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

/// The user's preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    /// Name written in the audit trail « Votre nom » (defaults to the system user name).
    pub user_name: String,
    /// Minutes without activity before the dossier locks itself.
    pub idle_lock_minutes: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { lang: Lang::Fr, user_name: crate::os_user_name(), idle_lock_minutes: IDLE_LOCK_DEFAULT }
    }
}

impl Settings {
    /// Trims the name; returns every problem (paths are JSON pointers into `Settings`).
    pub fn normalised(mut self) -> Result<Settings, Vec<Problem>> {
        self.user_name = self.user_name.trim().to_string();
        let mut problems = Vec::new();
        if self.user_name.is_empty() {
            problems.push(Problem::new(
                "/user_name",
                "required",
                "Indiquez votre nom : il accompagne chaque modification dans l'historique du dossier.",
                "Enter your name: it goes with every change in the dossier's history.",
            ));
        } else if self.user_name.chars().count() > USER_NAME_MAX_CHARS {
            problems.push(Problem::new(
                "/user_name",
                "too_long",
                format!("{USER_NAME_MAX_CHARS} caractères au plus."),
                format!("At most {USER_NAME_MAX_CHARS} characters."),
            ));
        } else if self.user_name.chars().any(char::is_control) {
            problems.push(Problem::new(
                "/user_name",
                "control_char",
                "Le nom ne peut pas contenir de caractère de contrôle.",
                "The name cannot contain control characters.",
            ));
        }
        if !(IDLE_LOCK_MIN..=IDLE_LOCK_MAX).contains(&self.idle_lock_minutes) {
            problems.push(Problem::new(
                "/idle_lock_minutes",
                "out_of_range",
                format!("Choisissez une durée entre {IDLE_LOCK_MIN} et {IDLE_LOCK_MAX} minutes."),
                format!("Choose a duration between {IDLE_LOCK_MIN} and {IDLE_LOCK_MAX} minutes."),
            ));
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// A dossier opened before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentDossier {
    pub path: PathBuf,
    pub last_opened: DateTime<Utc>,
}

/// What `settings.json` holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppConfig {
    pub settings: Settings,
    pub recent: Vec<RecentDossier>,
}

impl AppConfig {
    /// Puts `path` first in the recent list (once), keeping at most [`MAX_RECENT`].
    pub fn remember(&mut self, path: &Path, at: DateTime<Utc>) {
        let path = absolute(path);
        self.recent.retain(|r| r.path != path);
        self.recent.insert(0, RecentDossier { path, last_opened: at });
        self.recent.truncate(MAX_RECENT);
    }

    pub fn forget(&mut self, path: &Path) {
        let path = absolute(path);
        self.recent.retain(|r| r.path != path);
    }
}

/// Where the configuration lives.
pub fn config_dir() -> Option<PathBuf> {
    match std::env::var_os("GREFFIER_CONFIG_DIR") {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => dirs::config_dir().map(|d| d.join("greffier")),
    }
}

/// Loads and saves [`AppConfig`] in one directory.
#[derive(Clone, Debug)]
pub struct ConfigStore {
    dir: Option<PathBuf>,
}

impl ConfigStore {
    /// The user's configuration directory (none: settings live in memory only).
    pub fn user() -> ConfigStore {
        ConfigStore { dir: config_dir() }
    }

    pub fn in_dir(dir: impl Into<PathBuf>) -> ConfigStore {
        ConfigStore { dir: Some(dir.into()) }
    }

    pub fn file(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join("settings.json"))
    }

    /// The stored configuration, or the defaults when there is none or it is unreadable
    /// (an unreadable file is renamed `settings.json.bad`, and the reason returned).
    pub fn load(&self) -> (AppConfig, Option<String>) {
        let Some(file) = self.file() else { return (AppConfig::default(), None) };
        let text = match fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (AppConfig::default(), None),
            Err(e) => return (AppConfig::default(), Some(format!("{}: {e}", file.display()))),
        };
        match serde_json::from_str::<AppConfig>(&text) {
            Ok(mut c) => {
                c.settings = c
                    .settings
                    .clone()
                    .normalised()
                    .unwrap_or_else(|_| Settings { lang: c.settings.lang, ..Settings::default() });
                c.recent.truncate(MAX_RECENT);
                (c, None)
            }
            Err(e) => {
                let _ = fs::rename(&file, file.with_extension("json.bad"));
                (AppConfig::default(), Some(format!("{}: {e}", file.display())))
            }
        }
    }

    /// Writes atomically (temporary file + rename).
    pub fn save(&self, config: &AppConfig) -> std::io::Result<()> {
        let (Some(dir), Some(file)) = (&self.dir, self.file()) else { return Ok(()) };
        fs::create_dir_all(dir)?;
        let tmp = file.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(config).map_err(std::io::Error::other)?;
        fs::write(&tmp, text)?;
        fs::rename(&tmp, &file)
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The folder proposed for new dossiers: Documents, else the home folder.
pub fn default_dossier_dir() -> PathBuf {
    dirs::document_dir().filter(|d| d.is_dir()).or_else(dirs::home_dir).unwrap_or_else(|| PathBuf::from("."))
}

/// A file name for a dossier named after `name`: characters that are not allowed in file
/// names on Windows, macOS or Linux are dropped, spaces are kept.
pub fn dossier_file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let cleaned = cleaned.trim_matches('.').trim();
    let stem: String = cleaned.chars().take(80).collect();
    if stem.is_empty() {
        "Dossier RGPD".to_string()
    } else {
        stem
    }
}

/// A path in `dir` for a new dossier named after `name` that does not exist yet.
pub fn suggest_dossier_path(dir: &Path, name: &str) -> PathBuf {
    let stem = dossier_file_stem(name);
    let ext = crate::store::backup::EXTENSION;
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000).map(|n| dir.join(format!("{stem} ({n}).{ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

/// Adds the `.greffier` extension when a chosen path has none.
pub fn with_dossier_extension(path: &Path) -> PathBuf {
    match path.extension() {
        Some(e) if e == crate::store::backup::EXTENSION => path.to_path_buf(),
        _ => {
            let mut s = path.as_os_str().to_owned();
            s.push(".");
            s.push(crate::store::backup::EXTENSION);
            PathBuf::from(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked() {
        let ok = Settings { lang: Lang::En, user_name: "  Marie Martin ".into(), idle_lock_minutes: 10 };
        assert_eq!(ok.normalised().unwrap().user_name, "Marie Martin");
        let bad = Settings { lang: Lang::Fr, user_name: " ".into(), idle_lock_minutes: 0 };
        let p = bad.normalised().unwrap_err();
        assert_eq!(p.iter().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["/user_name", "/idle_lock_minutes"]);
        let long = Settings { user_name: "x".repeat(101), idle_lock_minutes: 121, ..Settings::default() };
        assert_eq!(long.normalised().unwrap_err().len(), 2);
        let ctrl = Settings { user_name: "a\u{7}b".into(), ..Settings::default() };
        assert_eq!(ctrl.normalised().unwrap_err()[0].code, "control_char");
    }

    #[test]
    fn recent_list_keeps_each_path_once_newest_first_and_bounded() {
        let mut c = AppConfig::default();
        let t = Utc::now();
        for i in 0..20 {
            c.remember(Path::new(&format!("/tmp/d{i}.greffier")), t);
        }
        c.remember(Path::new("/tmp/d15.greffier"), t);
        assert_eq!(c.recent.len(), MAX_RECENT);
        assert_eq!(c.recent[0].path, Path::new("/tmp/d15.greffier"));
        assert_eq!(c.recent.iter().filter(|r| r.path == Path::new("/tmp/d15.greffier")).count(), 1);
        c.forget(Path::new("/tmp/d15.greffier"));
        assert!(c.recent.iter().all(|r| r.path != Path::new("/tmp/d15.greffier")));
        assert_eq!(c.recent[0].path, Path::new("/tmp/d19.greffier"));
    }

    #[test]
    fn config_round_trips_and_garbage_gives_defaults_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = ConfigStore::in_dir(dir.path().join("cfg"));
        let (c, warn) = store.load();
        assert_eq!(c, AppConfig::default());
        assert!(warn.is_none());
        let mut c = AppConfig::default();
        c.settings.lang = Lang::En;
        c.settings.idle_lock_minutes = 3;
        c.remember(Path::new("/x/a.greffier"), Utc::now());
        store.save(&c).unwrap();
        assert_eq!(store.load().0, c);

        fs::write(store.file().unwrap(), "{ not json").unwrap();
        let (c2, warn) = store.load();
        assert_eq!(c2, AppConfig::default());
        assert!(warn.unwrap().contains("settings.json"));
        assert_eq!(fs::read_to_string(dir.path().join("cfg/settings.json.bad")).unwrap(), "{ not json");
        // out-of-range values stored by hand fall back to defaults, the language is kept
        fs::write(store.file().unwrap(), r#"{"settings":{"lang":"en","user_name":"","idle_lock_minutes":999}}"#)
            .unwrap();
        let (c3, _) = store.load();
        assert_eq!(c3.settings.lang, Lang::En);
        assert_eq!(c3.settings.idle_lock_minutes, IDLE_LOCK_DEFAULT);
    }

    #[test]
    fn file_names_are_safe_and_free() {
        assert_eq!(dossier_file_stem("Boulangerie Martin"), "Boulangerie Martin");
        assert_eq!(dossier_file_stem("A/B: C*?"), "A B C");
        assert_eq!(dossier_file_stem("  ..  "), "Dossier RGPD");
        assert_eq!(dossier_file_stem("Mairie d'Uzès"), "Mairie d'Uzès");
        let dir = tempfile::tempdir().unwrap();
        let p1 = suggest_dossier_path(dir.path(), "Mairie");
        assert_eq!(p1, dir.path().join("Mairie.greffier"));
        fs::write(&p1, b"x").unwrap();
        assert_eq!(suggest_dossier_path(dir.path(), "Mairie"), dir.path().join("Mairie (2).greffier"));
        assert_eq!(with_dossier_extension(Path::new("/a/b")), Path::new("/a/b.greffier"));
        assert_eq!(with_dossier_extension(Path::new("/a/b.greffier")), Path::new("/a/b.greffier"));
    }
}
