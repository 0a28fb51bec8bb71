//! The breach register « Violations de données » (Art. 33(5) GDPR): list with the 72-hour
//! countdown, entries (autosave with drafts), creation, deletion. Every rule is the core's
//! (`greffier::breach`, `greffier::model::Breach`); these commands only fetch, call and return.
//! The documents of a breach (notification sheet, letter, register) are exported through
//! `document_export` (commands/documents.rs).
//!
//! Like the AIPD, a view describes what the user sees: while an edit is pending as a draft,
//! the countdown and the suggestion are those of the draft, so that the window updates live.

use chrono::{DateTime, Utc};
use greffier::breach::{countdown, risk_level, suggestion, Countdown, NotifySuggestion, RiskLevel};
use greffier::model::{
    Breach, BreachCause, BreachNature, BreachOrigin, BreachStatus, DataCategory, Decision, EnumOption,
    InformationException, Level, NotificationKind, OrganisationBundle, Problem, SpecialCategory,
};
use greffier::store::{Dossier, StoreError};
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use uuid::Uuid;

use super::aipd::{processing_names, ProcessingName};
use crate::error::AppResult;
use crate::state::Shared;

/// Refuses a record of another organisation than the current one.
fn check_org(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<()> {
    if d.organisation_of(id)? != org {
        return Err(StoreError::UnknownRecord(id).into());
    }
    Ok(())
}

/// What the core derives from a breach at a moment: countdown, risk level, suggestion.
#[derive(Serialize)]
pub struct BreachDerived {
    countdown: Countdown,
    countdown_fr: String,
    countdown_en: String,
    risk_level: RiskLevel,
    risk_label_fr: &'static str,
    risk_label_en: &'static str,
    suggestion: NotifySuggestion,
}

fn derived(b: &Breach, now: DateTime<Utc>) -> BreachDerived {
    let c = countdown(b, now);
    let level = risk_level(b);
    BreachDerived {
        countdown_fr: c.text_fr(),
        countdown_en: c.text_en(),
        countdown: c,
        risk_level: level,
        risk_label_fr: level.label_fr(),
        risk_label_en: level.label_en(),
        suggestion: suggestion(b),
    }
}

// ----------------------------------------------------------------------------- list

/// One breach in the list.
#[derive(Serialize)]
pub struct BreachRow {
    id: Uuid,
    title: String,
    status: BreachStatus,
    started_on: Option<chrono::NaiveDate>,
    aware_at: DateTime<Utc>,
    ended_on: Option<chrono::NaiveDate>,
    natures: Vec<BreachNature>,
    notify_cnil: Decision,
    inform_persons: Decision,
    /// Names of the processings concerned.
    processings: Vec<String>,
    has_draft: bool,
    #[serde(flatten)]
    derived: BreachDerived,
}

/// Every breach of the organisation, newest awareness first (equal ones by creation, newest
/// first), with what the core derives at `now`.
fn rows(d: &Dossier, org: Uuid, now: DateTime<Utc>) -> AppResult<Vec<BreachRow>> {
    let bundle = d.bundle(org)?;
    let mut out = Vec::with_capacity(bundle.breaches.len());
    for b in newest_first(bundle.breaches.clone()) {
        out.push(BreachRow {
            id: b.id,
            title: b.title.clone(),
            status: b.status,
            started_on: b.started_on,
            aware_at: b.aware_at,
            ended_on: b.ended_on,
            natures: b.natures.clone(),
            notify_cnil: b.notify_cnil,
            inform_persons: b.inform_persons,
            processings: processing_names(&bundle, &b.processings).into_iter().map(|p| p.name).collect(),
            has_draft: d.record_draft::<Breach>(b.id)?.is_some(),
            derived: derived(&b, now),
        });
    }
    Ok(out)
}

/// Newest awareness first; equal awareness by creation, newest first; then by id (stable).
fn newest_first(mut list: Vec<Breach>) -> Vec<Breach> {
    list.sort_by(|a, b| {
        b.aware_at.cmp(&a.aware_at).then_with(|| b.created_at.cmp(&a.created_at)).then_with(|| a.id.cmp(&b.id))
    });
    list
}

/// Every choice list of the breach screens, with the core's labels.
#[derive(Serialize)]
pub struct BreachOptions {
    nature: Vec<EnumOption>,
    origin: Vec<EnumOption>,
    cause: Vec<EnumOption>,
    decision: Vec<EnumOption>,
    exception: Vec<EnumOption>,
    notification_kind: Vec<EnumOption>,
    status: Vec<EnumOption>,
    level: Vec<EnumOption>,
    data_category: Vec<EnumOption>,
    special_category: Vec<EnumOption>,
}

fn options() -> BreachOptions {
    BreachOptions {
        nature: BreachNature::options(),
        origin: BreachOrigin::options(),
        cause: BreachCause::options(),
        decision: Decision::options(),
        exception: InformationException::options(),
        notification_kind: NotificationKind::options(),
        status: BreachStatus::options(),
        level: Level::options(),
        data_category: DataCategory::options(),
        special_category: SpecialCategory::options(),
    }
}

#[derive(Serialize)]
pub struct BreachList {
    breaches: Vec<BreachRow>,
    options: BreachOptions,
    /// When the countdowns were computed.
    now: DateTime<Utc>,
}

#[tauri::command]
pub async fn breach_list(shared: State<'_, Shared>) -> AppResult<BreachList> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    let now = Utc::now();
    Ok(BreachList { breaches: rows(d, org, now)?, options: options(), now })
}

/// A new breach known « now », open, with only its title.
#[tauri::command]
pub async fn breach_create(shared: State<'_, Shared>, title: String) -> AppResult<Uuid> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    Ok(d.save(org, Breach::new(title.trim(), Utc::now()))?.id)
}

// ----------------------------------------------------------------------------- entry

#[derive(Serialize)]
pub struct BreachForm {
    breach: Breach,
    /// The unsaved edit kept encrypted, if any.
    draft: Option<Value>,
    problems: Vec<Problem>,
    /// Countdown, risk level and suggestion of what is shown (the draft when it reads as a breach).
    #[serde(flatten)]
    derived: BreachDerived,
    /// The register's processings, to choose the ones concerned.
    register: Vec<ProcessingName>,
    options: BreachOptions,
    now: DateTime<Utc>,
}

/// `value` read as a breach when it can be, else `stored`.
fn shown(value: Option<&Value>, stored: &Breach) -> Breach {
    value.and_then(|v| serde_json::from_value::<Breach>(v.clone()).ok()).unwrap_or_else(|| stored.clone())
}

fn register(bundle: &OrganisationBundle) -> Vec<ProcessingName> {
    let mut list: Vec<ProcessingName> =
        bundle.processings.iter().map(|p| ProcessingName { id: p.id, name: p.name.clone() }).collect();
    list.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    list
}

fn form(d: &Dossier, org: Uuid, id: Uuid) -> AppResult<BreachForm> {
    check_org(d, org, id)?;
    let breach: Breach = d.get(id)?;
    let (draft, problems) = match d.record_draft::<Breach>(id)? {
        Some((v, p)) => (Some(v), p),
        None => (None, Vec::new()),
    };
    let now = Utc::now();
    let derived = derived(&shown(draft.as_ref(), &breach), now);
    let bundle = d.bundle(org)?;
    Ok(BreachForm { breach, draft, problems, derived, register: register(&bundle), options: options(), now })
}

/// The stored breach, its unsaved draft if any, the problems of that draft and what the
/// core derives from what is shown.
#[tauri::command]
pub async fn breach_form(shared: State<'_, Shared>, id: Uuid) -> AppResult<BreachForm> {
    let mut inner = shared.lock();
    let (d, org) = inner.dossier_and_org()?;
    form(d, org, id)
}

#[derive(Serialize)]
pub struct BreachSave {
    saved: bool,
    breach: Breach,
    problems: Vec<Problem>,
    /// Countdown, risk level and suggestion of the value sent (of the stored one when it
    /// does not read as a breach).
    #[serde(flatten)]
    derived: BreachDerived,
    now: DateTime<Utc>,
}

/// Valid → saved (its draft discarded); otherwise kept as an encrypted draft, with the
/// problems of what was sent.
#[tauri::command]
pub async fn breach_update(shared: State<'_, Shared>, value: Value) -> AppResult<BreachSave> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    let up = d.update_record::<Breach>(org, &value)?;
    let now = Utc::now();
    let derived = derived(&shown(if up.saved { None } else { Some(&value) }, &up.record), now);
    Ok(BreachSave { saved: up.saved, breach: up.record, problems: up.problems, derived, now })
}

#[tauri::command]
pub async fn breach_discard_draft(shared: State<'_, Shared>, id: Uuid) -> AppResult<BreachForm> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    d.discard_record_draft(id)?;
    form(d, org, id)
}

#[tauri::command]
pub async fn breach_delete(shared: State<'_, Shared>, id: Uuid) -> AppResult<()> {
    let mut inner = shared.lock();
    inner.touch();
    let (d, org) = inner.dossier_and_org()?;
    check_org(d, org, id)?;
    d.delete::<Breach>(id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, 0, 0).single().expect("valid date")
    }

    #[test]
    fn newest_awareness_comes_first() {
        let list = vec![Breach::new("B", at(9)), Breach::new("C", at(15)), Breach::new("A", at(3))];
        let got: Vec<String> = newest_first(list).into_iter().map(|b| b.title).collect();
        assert_eq!(got, ["C", "B", "A"]);
    }

    #[test]
    fn the_draft_drives_the_countdown_when_it_reads_as_a_breach() {
        let stored = Breach::new("Vol", at(9));
        let mut edited = stored.clone();
        edited.notify_cnil = Decision::No;
        let v = serde_json::to_value(&edited).expect("serialisable");
        assert_eq!(shown(Some(&v), &stored).notify_cnil, Decision::No);
        assert_eq!(shown(Some(&Value::Null), &stored).notify_cnil, Decision::Undecided);
        let d = derived(&shown(Some(&v), &stored), at(10));
        assert_eq!(d.countdown.state, greffier::breach::CountdownState::NotNeeded);
    }
}
