//! The « Documents » screen: every document the dossier can produce (the core's catalogue),
//! their export through the native save or folder dialog, and the DPO designation sheet
//! shown value by value with copy buttons. Every rule is the core's
//! (`greffier::documents::catalogue`, `greffier::dpo`); these commands only fetch, call and return.

use std::path::PathBuf;

use greffier::documents::catalogue::OutputFormat;
use serde_json::Value;
use tauri::{AppHandle, State};

use crate::error::{AppError, AppResult};
use crate::state::Shared;

fn not_yet() -> AppError {
    AppError::new("not_yet", "Pas encore disponible.", "Not available yet.")
}

#[tauri::command]
pub async fn documents_list(_shared: State<'_, Shared>) -> AppResult<Value> {
    Err(not_yet())
}

#[tauri::command]
pub async fn document_export(
    _app: AppHandle,
    _shared: State<'_, Shared>,
    _key: String,
    _format: OutputFormat,
) -> AppResult<Option<PathBuf>> {
    Err(not_yet())
}

#[tauri::command]
pub async fn dpo_designation(_shared: State<'_, Shared>) -> AppResult<Value> {
    Err(not_yet())
}
