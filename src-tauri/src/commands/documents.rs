//! The « Documents » screen: every document the dossier can produce (the core's catalogue),
//! their export through the native save or folder dialog, and the DPO designation sheet
//! shown value by value with copy buttons. Every rule is the core's
//! (`greffier::documents::catalogue`, `greffier::dpo`); these commands only fetch, call and return.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use chrono::{Local, Utc};
use greffier::app_config;
use greffier::documents::catalogue::{self, DocumentEntry, DocumentError, Generated, Generation, OutputFormat};
use greffier::dpo::{designation_sheet, DesignationSheet};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::register::write_atomically;
use crate::error::{AppError, AppResult};
use crate::state::Shared;

/// Title of the save dialog of a one-file document; the e2e harness answers dialogs by title.
pub const SAVE_DIALOG_FR: &str = "Enregistrer le document";
pub const SAVE_DIALOG_EN: &str = "Save the document";
/// Title of the folder picker of a pack written as a folder.
pub const FOLDER_DIALOG_FR: &str = "Choisir où créer le dossier";
pub const FOLDER_DIALOG_EN: &str = "Choose where to create the folder";

fn document_error(e: DocumentError) -> AppError {
    AppError::new(e.code(), e.message_fr(), e.message_en())
}

/// The catalogue as the screen shows it.
#[derive(Serialize)]
pub struct DocumentsView {
    /// In the screen's order (groups, then documents), each with its last generation.
    documents: Vec<DocumentEntry>,
    /// The dossier was opened read-only: documents are made, their generation is not noted.
    read_only: bool,
}

#[tauri::command]
pub async fn documents_list(shared: State<'_, Shared>) -> AppResult<DocumentsView> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let bundle = d.bundle(org)?;
    let log = d.generations(org)?;
    let documents = catalogue::catalogue(&bundle, &log, Local::now().date_naive());
    Ok(DocumentsView { documents, read_only: d.is_read_only() })
}

/// Makes the document `key` in `format`, asks where to put it (a file, or a folder in which a
/// new subfolder named after the pack is created), writes it and notes the generation. The
/// path written; `None` when the user cancels.
#[tauri::command]
pub async fn document_export(
    app: AppHandle,
    shared: State<'_, Shared>,
    key: String,
    format: OutputFormat,
) -> AppResult<Option<PathBuf>> {
    let now = Utc::now();
    let (generated, org, en) = {
        let mut inner = shared.lock();
        inner.touch();
        let en = inner.config.settings.lang == app_config::Lang::En;
        let (d, org) = inner.dossier_and_org()?;
        let bundle = d.bundle(org)?;
        // Made before any dialog: a document that cannot be made says so at once.
        (catalogue::generate(&bundle, &key, format, now).map_err(document_error)?, org, en)
    };
    // The dialogs are modal and wait for the user: the state lock is not held meanwhile.
    let written = match generated {
        Generated::File { file_name, bytes } => {
            let ext = Path::new(&file_name).extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
            let mut dialog = app
                .dialog()
                .file()
                .set_title(if en { SAVE_DIALOG_EN } else { SAVE_DIALOG_FR })
                .set_directory(app_config::default_dossier_dir())
                .set_file_name(&file_name);
            if !ext.is_empty() {
                dialog = dialog.add_filter(ext.to_uppercase(), &[ext.as_str()]);
            }
            let Some(path) = dialog.blocking_save_file().and_then(|p| p.into_path().ok()) else { return Ok(None) };
            let path = with_extension_enforced(path, &ext);
            write_atomically(&path, &bytes)?;
            path
        }
        Generated::Pack { name, files } => {
            let picked = app
                .dialog()
                .file()
                .set_title(if en { FOLDER_DIALOG_EN } else { FOLDER_DIALOG_FR })
                .set_directory(app_config::default_dossier_dir())
                .blocking_pick_folder();
            let Some(parent) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
            write_pack(&parent, &name, &files)?
        }
    };
    let mut inner = shared.lock();
    let (d, _) = inner.dossier_and_org()?;
    // A read-only dossier makes documents but keeps no trace of them.
    if !d.is_read_only() {
        d.record_generation(org, &key, Generation { at: now, format })?;
    }
    Ok(Some(written))
}

/// `path` ending with `.ext` (case-insensitive): `Registre v1.2` gets `.pdf` appended rather
/// than its « extension » `.2` replaced.
fn with_extension_enforced(path: PathBuf, ext: &str) -> PathBuf {
    if ext.is_empty() {
        return path;
    }
    let has = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has {
        return path;
    }
    let mut s: OsString = path.into_os_string();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// A name the core gave, used as one component of a path: nothing that climbs or descends.
fn plain_name(name: &str) -> Option<&str> {
    let n = name.trim();
    let ok = !n.is_empty()
        && n != "."
        && n != ".."
        && !n.contains(['/', '\\'])
        && Path::new(n).file_name().is_some_and(|f| f == std::ffi::OsStr::new(n));
    ok.then_some(n)
}

/// Creates the NEW folder `name` in `parent` and writes `files` inside; the folder's path.
/// Refuses when something already has that name (never mixes with or overwrites earlier files).
pub(crate) fn write_pack(parent: &Path, name: &str, files: &[(String, Vec<u8>)]) -> AppResult<PathBuf> {
    let bad_name = |n: &str| {
        AppError::new(
            "document_render",
            format!("Nom de fichier inattendu dans le dossier à créer : « {n} »."),
            format!("Unexpected file name in the folder to create: « {n} »."),
        )
    };
    let folder_name = plain_name(name).ok_or_else(|| bad_name(name))?;
    for (file, _) in files {
        plain_name(file).ok_or_else(|| bad_name(file))?;
    }
    let folder = parent.join(folder_name);
    if folder.exists() {
        return Err(AppError::new(
            "folder_exists",
            format!(
                "Un dossier ou un fichier « {folder_name} » existe déjà à cet endroit ({}). Rien n'a été écrit : \
                 choisissez un autre endroit, ou renommez ou déplacez l'ancien dossier.",
                parent.display()
            ),
            format!(
                "A folder or file « {folder_name} » already exists there ({}). Nothing was written: choose another \
                 place, or rename or move the old folder.",
                parent.display()
            ),
        ));
    }
    std::fs::create_dir(&folder)
        .map_err(|e| AppError::io("Impossible de créer le dossier", "Cannot create the folder", e))?;
    for (file, bytes) in files {
        if let Err(e) = write_atomically(&folder.join(file.trim()), bytes) {
            // A half-written pack is worse than none: remove what was written.
            let _ = std::fs::remove_dir_all(&folder);
            return Err(e);
        }
    }
    Ok(folder)
}

/// The designation sheet of the current organisation, for the « Désignation du DPO » view.
#[derive(Serialize)]
pub struct DpoDesignationView {
    sheet: DesignationSheet,
    /// The profile names a DPO (marked as designated, or with a name).
    dpo_set: bool,
    /// The organisation's name, for the title.
    organisation: String,
}

#[tauri::command]
pub async fn dpo_designation(shared: State<'_, Shared>) -> AppResult<DpoDesignationView> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let bundle = d.bundle(org)?;
    let o = &bundle.organisation;
    let dpo_set = greffier::dpo::dpo_named(o);
    Ok(DpoDesignationView {
        sheet: designation_sheet(o, &bundle.processings),
        dpo_set,
        organisation: o.legal_name.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![("1 - Lettre.pdf".into(), b"%PDF-1.7 a".to_vec()), ("2 - AIPD.pdf".into(), b"%PDF-1.7 b".to_vec())]
    }

    #[test]
    fn a_pack_goes_into_a_new_subfolder() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let folder = write_pack(tmp.path(), "Consultation CNIL - Vidéo", &files()).expect("written");
        assert_eq!(folder, tmp.path().join("Consultation CNIL - Vidéo"));
        assert_eq!(std::fs::read(folder.join("1 - Lettre.pdf")).expect("file 1"), b"%PDF-1.7 a");
        assert_eq!(std::fs::read(folder.join("2 - AIPD.pdf")).expect("file 2"), b"%PDF-1.7 b");
        let mut names: Vec<_> =
            std::fs::read_dir(&folder).expect("list").map(|e| e.expect("entry").file_name()).collect();
        names.sort();
        assert_eq!(names, ["1 - Lettre.pdf", "2 - AIPD.pdf"], "no temporary file left");
    }

    #[test]
    fn an_existing_folder_is_never_overwritten() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let old = tmp.path().join("Pack");
        std::fs::create_dir(&old).expect("old folder");
        std::fs::write(old.join("1 - Lettre.pdf"), b"old").expect("old file");
        let err = write_pack(tmp.path(), "Pack", &files()).expect_err("refused");
        assert_eq!(err.code, "folder_exists");
        assert!(err.message_fr.contains("« Pack » existe déjà"), "{}", err.message_fr);
        assert_eq!(std::fs::read(old.join("1 - Lettre.pdf")).expect("kept"), b"old");
        assert!(!old.join("2 - AIPD.pdf").exists());
    }

    #[test]
    fn names_that_leave_the_folder_are_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        for name in ["..", "a/b", "", "a\\b"] {
            assert!(write_pack(tmp.path(), name, &files()).is_err(), "folder name {name:?}");
        }
        let evil = vec![("../escape.pdf".to_string(), b"x".to_vec())];
        assert!(write_pack(tmp.path(), "Pack", &evil).is_err());
        assert!(!tmp.path().join("escape.pdf").exists());
        assert!(!tmp.path().join("Pack").exists(), "nothing created when a name is refused");
    }

    #[test]
    fn the_extension_is_enforced_without_eating_dots() {
        let p = |s: &str| with_extension_enforced(PathBuf::from(s), "pdf");
        assert_eq!(p("/t/Registre"), PathBuf::from("/t/Registre.pdf"));
        assert_eq!(p("/t/Registre v1.2"), PathBuf::from("/t/Registre v1.2.pdf"));
        assert_eq!(p("/t/Registre.PDF"), PathBuf::from("/t/Registre.PDF"));
        assert_eq!(p("/t/Registre.txt"), PathBuf::from("/t/Registre.txt.pdf"));
        assert_eq!(with_extension_enforced(PathBuf::from("/t/x"), ""), PathBuf::from("/t/x"));
    }
}
