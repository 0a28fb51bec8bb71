//! The CNIL security checklist (guide « Sécurité des données personnelles », 2024
//! edition): every rule the window and the documents show about it.
//!
//! - [`guide`]: the 25 sheets as data (`assets/security/guide-2024.json`);
//! - [`applicability`]: which items and sheets apply, from the profile answers;
//! - [`assessment`]: editing the stored answers ([`SecurityAssessment`]) and the checklist
//!   as the window shows it, with every item's effective status;
//! - [`score`]: per sheet, chapter and overall, integer per mille;
//! - [`history`]: dated score snapshots and the progression;
//! - [`plan`]: the action plan (items to do, planned measures, the AIPDs' corrective actions);
//! - [`links`]: what done items give to the register (Art. 30(1)(g)) and to AIPDs.
//!
//! Everything here is a pure function of the guide and the dossier's records, except the
//! few `Dossier` helpers that load, change and save the assessment in one audited step.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::model::{OrganisationBundle, SecurityAssessment};

pub mod applicability;
pub mod assessment;
pub mod guide;
pub mod history;
pub mod links;
pub mod plan;
pub mod score;

pub use applicability::{Applicability, NaReason, NaSource};
pub use assessment::{checklist, ChecklistView, ItemStatus, ItemView, ProfileQuestionView, SheetView};
pub use guide::{guide, Guide, ItemKind, GUIDE_EDITION};
pub use history::{progression, Progress};
pub use plan::{action_plan, Action, ActionPlan, ActionSource, PlanFilter};
pub use score::{scores, Score, Scores, Tally};

/// What the dashboard « Tableau de bord » shows of the security checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SecurityDashboard {
    /// An assessment has been started.
    pub started: bool,
    /// Overall score, per mille; `None` when nothing applies or nothing was started.
    pub overall: Option<u16>,
    /// Applicable precautions, and how many have an answer.
    pub applicable: u16,
    pub answered: u16,
    /// Open actions of the plan (items, planned measures, AIPD actions), and how many are overdue.
    pub open_actions: usize,
    pub overdue_actions: usize,
    /// The last snapshot's date and score, if any.
    pub last_snapshot_at: Option<DateTime<Utc>>,
    pub last_snapshot_overall: Option<u16>,
}

/// The dashboard figures of an organisation on `today`.
pub fn dashboard(bundle: &OrganisationBundle, today: NaiveDate) -> SecurityDashboard {
    let g = guide();
    let a = bundle.security_assessments.first();
    let empty = SecurityAssessment::new();
    let s = scores(g, a.unwrap_or(&empty));
    let plan = action_plan(g, a, &bundle.measures, &bundle.aipds, today);
    let t = s.overall.precautions;
    let last = a.and_then(|a| a.snapshots.iter().max_by_key(|s| s.taken_at));
    SecurityDashboard {
        started: a.is_some(),
        overall: if a.is_some() { s.overall.per_mille } else { None },
        applicable: t.applicable,
        answered: t.applicable - t.unanswered,
        open_actions: plan.actions.len(),
        overdue_actions: plan.overdue,
        last_snapshot_at: last.map(|s| s.taken_at),
        last_snapshot_overall: last.and_then(|s| s.overall),
    }
}
