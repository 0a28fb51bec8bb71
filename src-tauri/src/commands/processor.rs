//! The register of the activities carried out as a processor « Registre de sous-traitance »
//! (Art. 30(2) GDPR): list, entries (autosave with drafts), creation, deletion. Every rule
//! is the core's (`greffier::model::ProcessorActivity`, `greffier::store`); these commands
//! only fetch, call and return.

use greffier::model::{Problem, ProcessorActivity};
use greffier::register::query::{fold, natural_cmp};
use greffier::store::{Dossier, StoreError};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::Shared;

/// Refuses a record of another organisation than the current one.
fn check_org(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<()> {
    if d.organisation_of(id)? != org {
        return Err(StoreError::UnknownRecord(id).into());
    }
    Ok(())
}

/// `list` sorted by name, accents and case ignored, numbers in natural order (« Paie 2 »
/// before « Paie 10 »); equal names by creation.
fn sorted_by_name(list: Vec<ProcessorActivity>) -> Vec<ProcessorActivity> {
    let mut keyed: Vec<(String, ProcessorActivity)> = list.into_iter().map(|a| (fold(a.name.trim()), a)).collect();
    keyed.sort_by(|(x, a), (y, b)| natural_cmp(x, y).then_with(|| a.created_at.cmp(&b.created_at)));
    keyed.into_iter().map(|(_, a)| a).collect()
}

/// Every activity of the current organisation, archived ones included, sorted by name.
#[tauri::command]
pub async fn processor_activities(shared: State<'_, Shared>) -> AppResult<Vec<ProcessorActivity>> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    Ok(sorted_by_name(d.list::<ProcessorActivity>(org)?))
}

#[tauri::command]
pub async fn processor_activity_create(shared: State<'_, Shared>, name: String) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    Ok(d.save(org, ProcessorActivity::new(name.trim()))?.id)
}

#[derive(Serialize)]
pub struct ProcessorActivityForm {
    activity: ProcessorActivity,
    /// The unsaved edit kept encrypted, if any.
    draft: Option<Value>,
    problems: Vec<Problem>,
}

fn form(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<ProcessorActivityForm> {
    check_org(d, org, id)?;
    let activity: ProcessorActivity = d.get(id)?;
    let (draft, problems) = match d.record_draft::<ProcessorActivity>(id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    Ok(ProcessorActivityForm { activity, draft, problems })
}

/// The stored activity, its unsaved draft if any, and the problems of that draft.
#[tauri::command]
pub async fn processor_activity_form(shared: State<'_, Shared>, id: Uuid) -> AppResult<ProcessorActivityForm> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    form(d, org, id)
}

#[derive(Serialize)]
pub struct ProcessorActivitySave {
    saved: bool,
    activity: ProcessorActivity,
    problems: Vec<Problem>,
}

/// Valid → saved (its draft discarded); otherwise kept as an encrypted draft, with the
/// problems of what was sent.
#[tauri::command]
pub async fn processor_activity_update(shared: State<'_, Shared>, activity: Value) -> AppResult<ProcessorActivitySave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = d.update_record::<ProcessorActivity>(org, &activity)?;
    Ok(ProcessorActivitySave { saved: up.saved, activity: up.record, problems: up.problems })
}

#[tauri::command]
pub async fn processor_activity_discard_draft(shared: State<'_, Shared>, id: Uuid) -> AppResult<ProcessorActivityForm> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    d.discard_record_draft(id)?;
    form(d, org, id)
}

#[tauri::command]
pub async fn processor_activity_delete(shared: State<'_, Shared>, id: Uuid) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    d.delete::<ProcessorActivity>(id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_by_name_ignores_accents_and_case_and_orders_numbers() {
        let names = ["Paie 10", "éditique", "Paie 2", "Archivage", "Édition des bulletins", "abonnements"];
        let list = names.iter().map(|n| ProcessorActivity::new(*n)).collect();
        let got: Vec<String> = sorted_by_name(list).into_iter().map(|a| a.name).collect();
        assert_eq!(got, ["abonnements", "Archivage", "Édition des bulletins", "éditique", "Paie 2", "Paie 10"]);
    }
}
