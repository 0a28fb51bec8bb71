//! Generates one `allow-<command>` permission per IPC command; `capabilities/main.json`
//! grants them by name. Commands not listed here cannot be called from the window.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(greffier_commands::COMMANDS)),
    )
    .expect("tauri build step");
}

#[path = "src/command_list.rs"]
mod greffier_commands;
