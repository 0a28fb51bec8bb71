//! The action plan « Plan d'action »: what remains to do, with owner, due date, priority
//! and an overdue flag, from every source the dossier has.
//!
//! Sources: the checklist's applicable items answered « À faire » or « Partiel », the
//! organisation's [`Measure`] records still « Prévue », and the corrective actions « Plan
//! d'action » of its AIPDs not done yet (the CNIL method's action plan is the same list as
//! the security one: one place to follow everything that remains to do). Every action is
//! keyed by its source (ids, never titles), so marking one done goes back to where it came
//! from — an AIPD action is marked « Faite » in its analysis, even a validated one, whose
//! follow-up stays open (`Aipd::check_replace`).
//!
//! Items without an answer are not in the plan (they are not decided yet); they count as
//! not done in the score. Archived analyses, and versions replaced by a newer one still in
//! use, stay out: their actions live on in the newer version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::applicability::item_applicability;
use super::guide::{guide, Guide};
use crate::model::{
    ActionStatus, Aipd, AipdStatus, AnswerStatus, CorrectiveAction, Measure, MeasureStatus, PartRef, Priority, Problem,
    SecurityAssessment,
};
use crate::store::{Dossier, StoreError};

/// Where an action comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActionSource {
    /// An item of the security checklist, e.g. `{"type": "security_item", "item_id": "s17-p03"}`.
    SecurityItem { item_id: String },
    /// A planned measure record, `{"type": "measure", "measure_id": "…"}`.
    Measure { measure_id: Uuid },
    /// A corrective action of an AIPD, `{"type": "aipd_action", "aipd_id": "…", "action_id": "…"}`.
    AipdAction { aipd_id: Uuid, action_id: Uuid },
}

/// The kind of source, for filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    SecurityItem,
    Measure,
    AipdAction,
}

impl ActionSource {
    pub fn kind(&self) -> SourceKind {
        match self {
            ActionSource::SecurityItem { .. } => SourceKind::SecurityItem,
            ActionSource::Measure { .. } => SourceKind::Measure,
            ActionSource::AipdAction { .. } => SourceKind::AipdAction,
        }
    }
}

/// Where an action stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionState {
    /// « À faire » (checklist item, AIPD action not started).
    Todo,
    /// « Partiel » (checklist item partly in place).
    Partial,
    /// « Prévue » (planned measure).
    Planned,
    /// « En cours » (AIPD action started).
    InProgress,
}

impl ActionState {
    pub fn label_fr(self) -> &'static str {
        match self {
            ActionState::Todo => "À faire",
            ActionState::Partial => "Partiel",
            ActionState::Planned => "Prévue",
            ActionState::InProgress => "En cours",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ActionState::Todo => "To do",
            ActionState::Partial => "Partial",
            ActionState::Planned => "Planned",
            ActionState::InProgress => "In progress",
        }
    }
}

/// One action of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    pub source: ActionSource,
    /// Sheet of the guide it belongs to, when known.
    pub sheet: Option<u8>,
    pub title_fr: String,
    pub title_en: String,
    pub state: ActionState,
    pub owner: String,
    pub due_date: Option<NaiveDate>,
    pub priority: Option<Priority>,
    /// Due date passed (strictly before `today`).
    pub overdue: bool,
    /// Days since the due date, when overdue.
    pub days_late: Option<u32>,
    /// Comment (item), description (measure), or « AIPD « title » — part » then the
    /// details (AIPD action).
    pub comment: String,
}

/// The plan on a given day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActionPlan {
    pub today: NaiveDate,
    /// Overdue first, then by due date (none last), priority, sheet.
    pub actions: Vec<Action>,
    pub overdue: usize,
    pub without_owner: usize,
    pub without_due_date: usize,
}

/// What to keep of the plan; every field left empty keeps everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanFilter {
    pub overdue_only: bool,
    pub priority: Option<Priority>,
    /// Owner, compared without case and surrounding blanks; `""` keeps actions without owner.
    pub owner: Option<String>,
    pub sheet: Option<u8>,
    pub source: Option<SourceKind>,
    pub state: Option<ActionState>,
    /// Due on or before this date.
    pub due_by: Option<NaiveDate>,
    /// Words searched in the title, comment and owner (case-insensitive).
    pub text: Option<String>,
}

fn priority_rank(p: Option<Priority>) -> u8 {
    match p {
        Some(Priority::High) => 0,
        Some(Priority::Medium) => 1,
        Some(Priority::Low) => 2,
        None => 3,
    }
}

fn lateness(due: Option<NaiveDate>, today: NaiveDate) -> Option<u32> {
    let due = due?;
    let days = (today - due).num_days();
    (days > 0).then(|| u32::try_from(days).unwrap_or(u32::MAX))
}

/// The action plan of an organisation on `today`: its assessment's open items (if it has
/// an assessment), its planned measures and the corrective actions not done of its
/// AIPDs in use (see [`aipd_in_plan`]).
pub fn action_plan(
    guide: &Guide,
    assessment: Option<&SecurityAssessment>,
    measures: &[Measure],
    aipds: &[Aipd],
    today: NaiveDate,
) -> ActionPlan {
    let mut actions = Vec::new();
    if let Some(a) = assessment {
        for (sheet, item) in guide.items() {
            let Some(answer) = a.answer(&item.id) else { continue };
            let state = match answer.status {
                AnswerStatus::Todo => ActionState::Todo,
                AnswerStatus::Partial => ActionState::Partial,
                AnswerStatus::Done | AnswerStatus::NotApplicable => continue,
            };
            if !item_applicability(item, &a.profile).applies() {
                continue;
            }
            let days_late = lateness(answer.due_date, today);
            actions.push(Action {
                source: ActionSource::SecurityItem { item_id: item.id.clone() },
                sheet: Some(sheet.number),
                title_fr: item.text_fr.clone(),
                title_en: item.text_en.clone(),
                state,
                owner: answer.owner.trim().to_string(),
                due_date: answer.due_date,
                priority: answer.priority,
                overdue: days_late.is_some(),
                days_late,
                comment: answer.comment.trim().to_string(),
            });
        }
    }
    for m in measures.iter().filter(|m| m.status == MeasureStatus::Planned) {
        let days_late = lateness(m.due_date, today);
        actions.push(Action {
            source: ActionSource::Measure { measure_id: m.id },
            sheet: m.sheet,
            title_fr: m.title.trim().to_string(),
            title_en: m.title.trim().to_string(),
            state: ActionState::Planned,
            owner: m.owner.trim().to_string(),
            due_date: m.due_date,
            priority: None,
            overdue: days_late.is_some(),
            days_late,
            comment: m.description.trim().to_string(),
        });
    }
    for aipd in aipds.iter().filter(|a| aipd_in_plan(a, aipds)) {
        for x in aipd.actions.iter() {
            let state = match x.status {
                ActionStatus::Todo => ActionState::Todo,
                ActionStatus::InProgress => ActionState::InProgress,
                ActionStatus::Done => continue,
            };
            let days_late = lateness(x.due_date, today);
            let mut comment = format!("AIPD « {} » — {}", aipd.title.trim(), part_label_fr(aipd, x));
            if !x.details.trim().is_empty() {
                comment.push('\n');
                comment.push_str(x.details.trim());
            }
            actions.push(Action {
                source: ActionSource::AipdAction { aipd_id: aipd.id, action_id: x.id },
                sheet: None,
                title_fr: x.title.trim().to_string(),
                title_en: x.title.trim().to_string(),
                state,
                owner: x.owner.trim().to_string(),
                due_date: x.due_date,
                priority: None,
                overdue: days_late.is_some(),
                days_late,
                comment,
            });
        }
    }
    // stable sort: items keep the guide's order, measures and AIPD actions theirs, within equal keys
    actions.sort_by_key(|a| {
        (!a.overdue, a.due_date.is_none(), a.due_date, priority_rank(a.priority), a.sheet.is_none(), a.sheet)
    });
    ActionPlan {
        today,
        overdue: actions.iter().filter(|a| a.overdue).count(),
        without_owner: actions.iter().filter(|a| a.owner.is_empty()).count(),
        without_due_date: actions.iter().filter(|a| a.due_date.is_none()).count(),
        actions,
    }
}

/// Whether an analysis' actions belong in the plan: not archived, and not replaced by a
/// newer version that is still in use (a new version copies the actions, and they are
/// followed there; the old ones come back if that version is archived unfinished).
pub fn aipd_in_plan(aipd: &Aipd, all: &[Aipd]) -> bool {
    aipd.status != AipdStatus::Archived
        && !all.iter().any(|b| b.previous_version == Some(aipd.id) && b.status != AipdStatus::Archived)
}

/// What an action answers, in words: « Vue d'ensemble », « Mesure « Chiffrement » »…
fn part_label_fr(aipd: &Aipd, action: &CorrectiveAction) -> String {
    match &action.part {
        PartRef::Context { part } => format!("Contexte : {}", part.label_fr()),
        PartRef::Principle { key } => format!("Principe : {}", key.label_fr()),
        PartRef::Measure { id } => {
            format!("Mesure « {} »", aipd.measure(*id).map_or("supprimée", |m| m.title.trim()))
        }
        PartRef::Risk { id } => format!("Risque « {} »", aipd.risk(*id).map_or("supprimé", |r| r.title.trim())),
        PartRef::General => "Ensemble de l'analyse".to_string(),
    }
}

impl PlanFilter {
    /// Whether `a` passes the filter.
    pub fn keeps(&self, a: &Action) -> bool {
        let fold = |s: &str| s.trim().to_lowercase();
        (!self.overdue_only || a.overdue)
            && self.priority.is_none_or(|p| a.priority == Some(p))
            && self.owner.as_deref().is_none_or(|o| fold(o) == fold(&a.owner))
            && self.sheet.is_none_or(|s| a.sheet == Some(s))
            && self.source.is_none_or(|k| a.source.kind() == k)
            && self.state.is_none_or(|s| a.state == s)
            && self.due_by.is_none_or(|d| a.due_date.is_some_and(|due| due <= d))
            && self.text.as_deref().is_none_or(|t| {
                let hay = fold(&format!("{} {} {} {}", a.title_fr, a.title_en, a.comment, a.owner));
                fold(t).split_whitespace().all(|w| hay.contains(w))
            })
    }
}

impl ActionPlan {
    /// The actions `filter` keeps, in plan order.
    pub fn filtered(&self, filter: &PlanFilter) -> Vec<Action> {
        self.actions.iter().filter(|a| filter.keeps(a)).cloned().collect()
    }
}

/// Marks an action done where it comes from: the item's status becomes « Fait », the
/// measure's « En place », the AIPD action's « Faite » with `today` as its date (an earlier
/// date already entered is kept). Pure: the caller saves what changed.
pub fn mark_done_in(
    guide: &Guide,
    assessment: Option<&mut SecurityAssessment>,
    measures: &mut [Measure],
    aipds: &mut [Aipd],
    source: &ActionSource,
    today: NaiveDate,
) -> Result<(), Problem> {
    match source {
        ActionSource::SecurityItem { item_id } => match assessment {
            Some(a) => a.set_status(guide, item_id, AnswerStatus::Done),
            None => Err(Problem::new(
                "/source",
                "no_assessment",
                "Cet organisme n'a pas encore d'évaluation de la sécurité : commencez-la avant de cocher ses actions.",
                "This organisation has no security assessment yet: start it before ticking its actions.",
            )),
        },
        ActionSource::Measure { measure_id } => match measures.iter_mut().find(|m| m.id == *measure_id) {
            Some(m) => {
                m.status = MeasureStatus::InPlace;
                Ok(())
            }
            None => Err(unknown_measure(*measure_id)),
        },
        ActionSource::AipdAction { aipd_id, action_id } => match aipds.iter_mut().find(|a| a.id == *aipd_id) {
            Some(a) => set_action_done(a, *action_id, today),
            None => Err(unknown_aipd(*aipd_id)),
        },
    }
}

/// Marks one corrective action of `aipd` « Faite » on `today`.
fn set_action_done(aipd: &mut Aipd, action_id: Uuid, today: NaiveDate) -> Result<(), Problem> {
    let title = aipd.title.clone();
    let Some(x) = aipd.actions.iter_mut().find(|x| x.id == action_id) else {
        return Err(Problem::new(
            "/source/action_id",
            "unknown_action",
            format!("Cette action corrective n'existe plus dans l'analyse « {title} » : rechargez le plan d'action."),
            format!("This corrective action is no longer in the analysis « {title} »: reload the action plan."),
        ));
    };
    x.status = ActionStatus::Done;
    x.done_on = x.done_on.or(Some(today));
    Ok(())
}

fn unknown_measure(id: Uuid) -> Problem {
    Problem::new(
        "/source/measure_id",
        "unknown_measure",
        format!("La mesure {id} n'existe pas (ou plus) dans cet organisme : rechargez le plan d'action."),
        format!("The measure {id} does not exist (any more) in this organisation: reload the action plan."),
    )
}

fn unknown_aipd(id: Uuid) -> Problem {
    Problem::new(
        "/source/aipd_id",
        "unknown_aipd",
        format!("L'analyse d'impact {id} n'existe pas (ou plus) dans cet organisme : rechargez le plan d'action."),
        format!("The impact assessment {id} does not exist (any more) in this organisation: reload the action plan."),
    )
}

/// Marks an action done in the dossier, in one audited save (`today` dates an AIPD
/// action's « Faite le »).
pub fn mark_done(d: &mut Dossier, org: Uuid, source: &ActionSource, today: NaiveDate) -> Result<(), StoreError> {
    match source {
        ActionSource::SecurityItem { item_id } => {
            let up =
                super::assessment::update_assessment(d, org, |a| a.set_status(guide(), item_id, AnswerStatus::Done))?;
            if up.saved {
                Ok(())
            } else {
                Err(StoreError::Invalid(up.problems))
            }
        }
        ActionSource::Measure { measure_id } => {
            let mut m: Measure = match d.get(*measure_id) {
                Ok(m) => m,
                Err(StoreError::UnknownRecord(_)) => {
                    return Err(StoreError::Invalid(vec![unknown_measure(*measure_id)]))
                }
                Err(e) => return Err(e),
            };
            if d.organisation_of(*measure_id)? != org {
                return Err(StoreError::Invalid(vec![unknown_measure(*measure_id)]));
            }
            m.status = MeasureStatus::InPlace;
            d.save(org, m)?;
            Ok(())
        }
        ActionSource::AipdAction { aipd_id, action_id } => {
            let mut a: Aipd = match d.get(*aipd_id) {
                Ok(a) => a,
                Err(StoreError::UnknownRecord(_)) => return Err(StoreError::Invalid(vec![unknown_aipd(*aipd_id)])),
                Err(e) => return Err(e),
            };
            if d.organisation_of(*aipd_id)? != org {
                return Err(StoreError::Invalid(vec![unknown_aipd(*aipd_id)]));
            }
            set_action_done(&mut a, *action_id, today).map_err(|p| StoreError::Invalid(vec![p]))?;
            d.save(org, a)?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemAnswer;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn order_filters_and_overdue() {
        let g = guide();
        let mut a = SecurityAssessment::new();
        let mut late = ItemAnswer::new("s17-p01", AnswerStatus::Todo);
        late.due_date = Some(day(2026, 1, 10));
        late.owner = "Claire".into();
        a.set_answer(g, late).unwrap();
        let mut soon = ItemAnswer::new("s10-p02", AnswerStatus::Partial);
        soon.due_date = Some(day(2026, 2, 1));
        soon.priority = Some(Priority::High);
        a.set_answer(g, soon).unwrap();
        a.set_status(g, "s02-p01", AnswerStatus::Todo).unwrap();
        a.set_status(g, "s02-p02", AnswerStatus::Done).unwrap();
        let mut m = Measure::new("Coffre ignifugé");
        m.due_date = Some(day(2026, 1, 20));
        let mut gone = Measure::new("Ancienne mesure");
        gone.status = MeasureStatus::Abandoned;

        let plan = action_plan(g, Some(&a), &[m.clone(), gone], &[], day(2026, 1, 20));
        let ids: Vec<String> = plan
            .actions
            .iter()
            .map(|x| match &x.source {
                ActionSource::SecurityItem { item_id } => item_id.clone(),
                ActionSource::Measure { .. } => "measure".into(),
                ActionSource::AipdAction { .. } => "aipd".into(),
            })
            .collect();
        assert_eq!(ids, ["s17-p01", "measure", "s10-p02", "s02-p01"]);
        assert_eq!(plan.overdue, 1, "due today is not overdue");
        assert_eq!(plan.actions[0].days_late, Some(10));
        assert_eq!(plan.without_due_date, 1);
        assert_eq!(plan.actions[1].state, ActionState::Planned);

        let f = |f: PlanFilter| plan.filtered(&f).len();
        assert_eq!(f(PlanFilter { overdue_only: true, ..Default::default() }), 1);
        assert_eq!(f(PlanFilter { priority: Some(Priority::High), ..Default::default() }), 1);
        assert_eq!(f(PlanFilter { owner: Some(" claire ".into()), ..Default::default() }), 1);
        assert_eq!(f(PlanFilter { source: Some(SourceKind::Measure), ..Default::default() }), 1);
        assert_eq!(f(PlanFilter { sheet: Some(10), ..Default::default() }), 1);
        assert_eq!(f(PlanFilter { due_by: Some(day(2026, 1, 31)), ..Default::default() }), 2);
        assert_eq!(f(PlanFilter { text: Some("COFFRE".into()), ..Default::default() }), 1);
        assert_eq!(f(PlanFilter::default()), 4);
        let json: PlanFilter = serde_json::from_str(r#"{"overdue_only": true}"#).unwrap();
        assert!(json.overdue_only);

        // the profile hides an item: it leaves the plan, its answer stays
        a.set_profile(crate::model::ProfileKey::Website, Some(false));
        let plan2 = action_plan(g, Some(&a), &[], &[], day(2026, 1, 20));
        assert!(plan2.actions.iter().all(|x| x.sheet != Some(10)));
        assert_eq!(plan2.actions.len(), 2);
        assert_eq!(a.answer("s10-p02").unwrap().status, AnswerStatus::Partial);

        // marking done goes back to the source
        let mut measures = vec![m];
        let src = plan.actions[0].source.clone();
        let on = day(2026, 1, 21);
        mark_done_in(g, Some(&mut a), &mut measures, &mut [], &src, on).unwrap();
        assert_eq!(a.answer("s17-p01").unwrap().status, AnswerStatus::Done);
        assert_eq!(a.answer("s17-p01").unwrap().owner, "Claire");
        mark_done_in(g, Some(&mut a), &mut measures, &mut [], &plan.actions[1].source, on).unwrap();
        assert_eq!(measures[0].status, MeasureStatus::InPlace);
        let missing = ActionSource::Measure { measure_id: Uuid::new_v4() };
        assert_eq!(
            mark_done_in(g, Some(&mut a), &mut measures, &mut [], &missing, on).unwrap_err().code,
            "unknown_measure"
        );
        assert_eq!(mark_done_in(g, None, &mut measures, &mut [], &src, on).unwrap_err().code, "no_assessment");
        let json = serde_json::to_value(&src).unwrap();
        assert_eq!(json, serde_json::json!({"type": "security_item", "item_id": "s17-p01"}));
    }

    #[test]
    fn aipd_actions_join_the_plan_and_are_marked_done_in_their_analysis() {
        use crate::model::{AipdMeasure, CorrectiveAction, PartRef};
        let g = guide();
        let mut v1 = Aipd::new("Vidéoprotection");
        let m = AipdMeasure::new("Masquage des zones privées");
        v1.measures.push(m.clone());
        let mut late = CorrectiveAction::new(PartRef::Measure { id: m.id }, "Masquer les fenêtres filmées");
        late.owner = " Chef de la police municipale ".into();
        late.due_date = Some(day(2026, 1, 5));
        late.details = "Caméras 3 et 7".into();
        let mut started = CorrectiveAction::new(PartRef::General, "Former les agents");
        started.status = ActionStatus::InProgress;
        let mut done = CorrectiveAction::new(PartRef::General, "Afficher les panneaux");
        done.status = ActionStatus::Done;
        v1.actions = vec![late.clone(), started.clone(), done];
        v1.status = AipdStatus::Validated;

        let plan = action_plan(g, None, &[], std::slice::from_ref(&v1), day(2026, 1, 20));
        assert_eq!(plan.actions.len(), 2, "the done action is not in the plan");
        let first = &plan.actions[0];
        assert_eq!(first.source, ActionSource::AipdAction { aipd_id: v1.id, action_id: late.id });
        assert_eq!(first.source.kind(), SourceKind::AipdAction);
        assert_eq!(first.title_fr, "Masquer les fenêtres filmées");
        assert_eq!(first.owner, "Chef de la police municipale");
        assert_eq!(first.comment, "AIPD « Vidéoprotection » — Mesure « Masquage des zones privées »\nCaméras 3 et 7");
        assert_eq!((first.overdue, first.days_late, first.state), (true, Some(15), ActionState::Todo));
        assert_eq!(plan.actions[1].state, ActionState::InProgress);
        assert_eq!(plan.actions[1].comment, "AIPD « Vidéoprotection » — Ensemble de l'analyse");
        let json = serde_json::to_value(&first.source).unwrap();
        assert_eq!(json, serde_json::json!({"type": "aipd_action", "aipd_id": v1.id, "action_id": late.id}));
        let back: ActionSource = serde_json::from_value(json).unwrap();
        assert_eq!(back, first.source);

        // a newer version in use replaces the old one in the plan; an archived one never shows
        let mut v2 = v1.clone();
        v2.id = Uuid::new_v4();
        v2.previous_version = Some(v1.id);
        v2.status = AipdStatus::InProgress;
        let both = [v1.clone(), v2.clone()];
        let plan = action_plan(g, None, &[], &both, day(2026, 1, 20));
        assert!(plan
            .actions
            .iter()
            .all(|x| matches!(x.source, ActionSource::AipdAction { aipd_id, .. } if aipd_id == v2.id)));
        assert_eq!(plan.actions.len(), 2);
        v2.status = AipdStatus::Archived;
        let plan = action_plan(g, None, &[], &[v1.clone(), v2], day(2026, 1, 20));
        assert!(plan
            .actions
            .iter()
            .all(|x| matches!(x.source, ActionSource::AipdAction { aipd_id, .. } if aipd_id == v1.id)));

        // marking done: status and date in the analysis, which stays acceptable to the store
        let mut aipds = vec![v1.clone()];
        let on = day(2026, 1, 21);
        mark_done_in(g, None, &mut [], &mut aipds, &plan.actions[0].source, on).unwrap();
        assert_eq!(aipds[0].actions[0].status, ActionStatus::Done);
        assert_eq!(aipds[0].actions[0].done_on, Some(on));
        assert!(crate::model::Record::check_replace(&aipds[0], &v1).is_empty());
        let again = action_plan(g, None, &[], &aipds, on);
        assert_eq!(again.actions.len(), 1);
        let wrong_action = ActionSource::AipdAction { aipd_id: v1.id, action_id: Uuid::new_v4() };
        assert_eq!(mark_done_in(g, None, &mut [], &mut aipds, &wrong_action, on).unwrap_err().code, "unknown_action");
        let wrong_aipd = ActionSource::AipdAction { aipd_id: Uuid::new_v4(), action_id: late.id };
        assert_eq!(mark_done_in(g, None, &mut [], &mut aipds, &wrong_aipd, on).unwrap_err().code, "unknown_aipd");
        assert!(serde_json::from_str::<ActionSource>(r#"{"type":"aipd_action","aipd_id":"x"}"#).is_err());
    }
}
