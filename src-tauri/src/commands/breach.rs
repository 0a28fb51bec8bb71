//! The breach register « Violations de données » (Art. 33(5) GDPR): list with the 72-hour
//! countdown, entries (autosave with drafts), creation, deletion. Every rule is the core's
//! (`greffier::breach`, `greffier::model::Breach`); these commands only fetch, call and return.
//! The documents of a breach (notification sheet, letter, register) are exported through
//! `document_export` (commands/documents.rs).

use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::state::Shared;

fn not_yet() -> AppError {
    AppError::new("not_yet", "Pas encore disponible.", "Not available yet.")
}

#[tauri::command]
pub async fn breach_list(_shared: State<'_, Shared>) -> AppResult<Value> {
    Err(not_yet())
}

#[tauri::command]
pub async fn breach_create(_shared: State<'_, Shared>, _title: String) -> AppResult<Uuid> {
    Err(not_yet())
}

#[tauri::command]
pub async fn breach_form(_shared: State<'_, Shared>, _id: Uuid) -> AppResult<Value> {
    Err(not_yet())
}

#[tauri::command]
pub async fn breach_update(_shared: State<'_, Shared>, _value: Value) -> AppResult<Value> {
    Err(not_yet())
}

#[tauri::command]
pub async fn breach_discard_draft(_shared: State<'_, Shared>, _id: Uuid) -> AppResult<Value> {
    Err(not_yet())
}

#[tauri::command]
pub async fn breach_delete(_shared: State<'_, Shared>, _id: Uuid) -> AppResult<()> {
    Err(not_yet())
}
