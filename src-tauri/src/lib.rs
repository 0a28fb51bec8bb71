//! Greffier's desktop shell: a Tauri 2 window over the core (`greffier`).
//!
//! The shell holds the open dossier (and so the key) in [`state::Shared`]; the window only
//! sees what the commands return. It also enforces two behaviours the window cannot be
//! trusted with alone: locking after the idle time, and saving on close — in both cases it
//! first asks the window to flush its pending edits, and acts by itself after
//! [`FLUSH_GRACE`] if the window does not answer.

pub mod command_list;
mod commands;
mod error;
mod rescue_kit;
mod state;

use std::time::Duration;

use tauri::{AppHandle, Emitter, Manager, RunEvent, WindowEvent};

pub use error::{AppError, AppResult};
pub use state::Shared;

/// How long the window has to flush its edits before the shell locks or exits anyway.
pub const FLUSH_GRACE: Duration = Duration::from_secs(5);
const WATCH_EVERY: Duration = Duration::from_secs(2);

pub const EVENT_LOCK_REQUESTED: &str = "greffier://lock-requested";
pub const EVENT_CLOSE_REQUESTED: &str = "greffier://close-requested";

/// Closes the dossier (closing backup, key dropped). Called on exit.
pub fn shutdown(app: &AppHandle) {
    if let Some(shared) = app.try_state::<Shared>() {
        let _ = shared.lock().close_session();
    }
}

/// Watches idle time and pending close requests.
fn spawn_watcher(app: AppHandle) {
    std::thread::Builder::new()
        .name("greffier-watch".into())
        .spawn(move || loop {
            std::thread::sleep(WATCH_EVERY);
            let shared = app.state::<Shared>();
            let mut inner = shared.lock();
            if let Some(at) = inner.close_requested_at {
                if at.elapsed() >= FLUSH_GRACE {
                    let _ = inner.close_session();
                    drop(inner);
                    app.exit(0);
                    return;
                }
                continue;
            }
            let unlocked = inner.session.as_ref().is_some_and(|s| s.dossier.is_some());
            if !unlocked {
                continue;
            }
            let limit = Duration::from_secs(u64::from(inner.config.settings.idle_lock_minutes) * 60);
            match inner.lock_requested_at {
                None if inner.last_activity.elapsed() >= limit => {
                    inner.lock_requested_at = Some(std::time::Instant::now());
                    drop(inner);
                    let _ = app.emit(EVENT_LOCK_REQUESTED, ());
                }
                Some(at) if at.elapsed() >= FLUSH_GRACE => {
                    let _ = inner.lock_session();
                }
                _ => {}
            }
        })
        .expect("spawn the watcher thread");
}

pub fn run() {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Shared::new(greffier::app_config::ConfigStore::user()))
        .invoke_handler(tauri::generate_handler![
            commands::app::app_state,
            commands::app::settings_save,
            commands::app::recent_forget,
            commands::app::enum_options,
            commands::app::passphrase_assess,
            commands::app::passphrase_generate,
            commands::app::suggest_dossier_path,
            commands::app::pick_new_dossier_path,
            commands::app::pick_existing_dossier,
            commands::app::pick_pdf_path,
            commands::app::activity,
            commands::app::app_exit,
            commands::dossier::dossier_create,
            commands::dossier::dossier_open,
            commands::dossier::dossier_lock,
            commands::dossier::dossier_unlock,
            commands::dossier::dossier_close,
            commands::dossier::dossier_change_passphrase,
            commands::dossier::rescue_kit_save,
            commands::organisation::org_select,
            commands::organisation::org_add,
            commands::organisation::org_delete,
            commands::organisation::org_form,
            commands::organisation::org_update,
            commands::organisation::org_discard_draft,
            commands::organisation::org_export,
            commands::organisation::dashboard,
            commands::backups::backups_list,
            commands::backups::backup_now,
            commands::backups::backup_restore,
            commands::register::register_list,
            commands::register::register_obligations,
            commands::register::processing_form,
            commands::register::processing_update,
            commands::register::processing_discard_draft,
            commands::register::processing_create,
            commands::register::processing_duplicate,
            commands::register::processing_archive,
            commands::register::processing_delete,
            commands::register::register_options,
            commands::register::countries,
            commands::register::third_parties,
            commands::register::third_party_save,
            commands::register::register_library,
            commands::register::register_add_from_library,
            commands::register::register_starter,
            commands::register::register_starter_propose,
            commands::register::register_export,
            commands::register::register_import_pick,
            commands::register::register_import_map,
            commands::register::register_import_commit,
            commands::register::register_import_cancel,
            commands::processor::processor_activities,
            commands::processor::processor_activity_create,
            commands::processor::processor_activity_form,
            commands::processor::processor_activity_update,
            commands::processor::processor_activity_discard_draft,
            commands::processor::processor_activity_delete,
            commands::security::security_view,
            commands::security::security_set_profile,
            commands::security::security_set_answer,
            commands::security::security_set_dont,
            commands::security::security_snapshot,
            commands::security::security_mark_done,
            commands::security::security_export,
            commands::security::security_for_processing,
            commands::aipd::aipd_overview,
            commands::aipd::aipd_reference,
            commands::aipd::aipd_screening,
            commands::aipd::aipd_screening_update,
            commands::aipd::aipd_create,
            commands::aipd::aipd_get,
            commands::aipd::aipd_update,
            commands::aipd::aipd_discard_draft,
            commands::aipd::aipd_transition,
            commands::aipd::aipd_new_version,
            commands::aipd::aipd_delete,
            commands::aipd::aipd_export,
            commands::aipd::aipd_import,
            commands::aipd::aipd_screening_export,
            commands::breach::breach_list,
            commands::breach::breach_create,
            commands::breach::breach_form,
            commands::breach::breach_update,
            commands::breach::breach_discard_draft,
            commands::breach::breach_delete,
            commands::documents::documents_list,
            commands::documents::document_export,
            commands::documents::dpo_designation
        ])
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let shared = window.state::<Shared>();
                let mut inner = shared.lock();
                let unlocked = inner.session.as_ref().is_some_and(|s| s.dossier.is_some());
                if unlocked && inner.close_requested_at.is_none() {
                    // Let the window save what is being typed; the watcher exits anyway
                    // after FLUSH_GRACE.
                    api.prevent_close();
                    inner.close_requested_at = Some(std::time::Instant::now());
                    drop(inner);
                    let _ = window.emit(EVENT_CLOSE_REQUESTED, ());
                }
            }
        })
        .setup(|app| {
            spawn_watcher(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("Greffier could not start its window");
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            shutdown(handle);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::command_list::COMMANDS;

    /// The capability grants exactly our commands (plus listening to events), and no
    /// plugin or core permission that reaches files, shell, network or dialogs.
    #[test]
    fn capability_is_least_privilege() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).expect("capability JSON");
        let granted: Vec<&str> =
            cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().expect("plain permission")).collect();
        let mut expected: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        expected.extend(["core:event:allow-listen".to_string(), "core:event:allow-unlisten".to_string()]);
        let mut g: Vec<String> = granted.iter().map(|s| s.to_string()).collect();
        g.sort();
        expected.sort();
        assert_eq!(g, expected);
        for p in &granted {
            for bad in ["fs:", "shell:", "http:", "dialog:", "opener:", ":default", "process:"] {
                assert!(!p.contains(bad), "{p} grants too much");
            }
        }
    }

    /// The CSP allows nothing remote and no inline script.
    #[test]
    fn csp_is_strict() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
        let csp = conf["app"]["security"]["csp"].as_object().expect("CSP as an object");
        for (directive, value) in csp {
            let v = value.as_str().unwrap();
            assert!(!v.contains("http://") || v == "ipc: http://ipc.localhost", "{directive}: {v}");
            assert!(!v.contains("https:") && !v.contains('*'), "{directive}: {v}");
            assert!(!v.contains("unsafe-inline") && !v.contains("unsafe-eval"), "{directive}: {v}");
        }
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
        assert_eq!(conf["app"]["withGlobalTauri"], false);
    }

    /// Every command of the list is registered in the handler, and nothing else is.
    #[test]
    fn every_listed_command_is_registered() {
        let src = include_str!("lib.rs");
        let start = src.find("generate_handler![").unwrap();
        let block = &src[start..start + src[start..].find(']').unwrap()];
        let mut registered: Vec<&str> =
            block.split(',').filter_map(|l| l.trim().rsplit("::").next()).filter(|s| !s.is_empty()).collect();
        registered.retain(|s| !s.contains('['));
        let mut listed = COMMANDS.to_vec();
        registered.sort();
        listed.sort();
        assert_eq!(registered, listed);
    }
}
