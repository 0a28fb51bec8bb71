//! The stored answers ([`SecurityAssessment`], in `model/security.rs`): how they are
//! edited, and the checklist as the window shows it — every sheet and item of the guide
//! with its effective status (the profile's « Non applicable » first), its answer and
//! the sheet's score.
//!
//! Edits are plain methods on the assessment; the `update_*` functions load the
//! organisation's assessment (created on first use), apply one edit and save it through
//! [`Dossier::update_record`]: a valid result is stored and audited in one transaction,
//! an invalid one (« Non applicable » without its reason…) is kept as a draft and its
//! problems returned.

use serde::Serialize;
use uuid::Uuid;

use super::applicability::{effective_applicability, sheet_applicability, Applicability, NaReason};
use super::guide::{Guide, ItemKind};
use super::score::{scores, Score, Scores};
use crate::model::{AnswerStatus, ItemAnswer, Problem, ProfileAnswer, ProfileKey, SecurityAssessment};
use crate::store::{Dossier, RecordUpdate, StoreError};

fn unknown_item(item_id: &str) -> Problem {
    Problem::new(
        "/item_id",
        "unknown_item",
        format!(
            "La précaution « {item_id} » n'existe pas dans le guide de la sécurité de la CNIL : vérifiez \
             l'identifiant."
        ),
        format!("The item \"{item_id}\" does not exist in the CNIL security guide: check the id."),
    )
}

impl SecurityAssessment {
    /// Sets the answer to a profile question (`None` = not answered). Item answers are
    /// kept whatever the profile says.
    pub fn set_profile(&mut self, key: ProfileKey, answer: Option<bool>) {
        match self.profile.iter_mut().find(|p| p.key == key) {
            Some(p) => p.answer = answer,
            None => {
                self.profile.push(ProfileAnswer { key, answer });
                // keep the questions in their display order
                self.profile.sort_by_key(|p| ProfileKey::ALL.iter().position(|k| *k == p.key));
            }
        }
    }

    /// Stores `answer` for its item, replacing any earlier one; answers are kept in the
    /// guide's order. Unknown items are refused.
    pub fn set_answer(&mut self, guide: &Guide, answer: ItemAnswer) -> Result<(), Problem> {
        if guide.item(&answer.item_id).is_none() {
            return Err(unknown_item(&answer.item_id));
        }
        match self.answers.iter_mut().find(|a| a.item_id == answer.item_id) {
            Some(a) => *a = answer,
            None => {
                self.answers.push(answer);
                let order = |id: &str| guide.items().position(|(_, i)| i.id == id).unwrap_or(usize::MAX);
                self.answers.sort_by_cached_key(|a| order(&a.item_id));
            }
        }
        Ok(())
    }

    /// Sets only the status of an item (its comment, evidence, owner… are kept). Marking
    /// an action done from the plan is `set_status(item, Done)`.
    pub fn set_status(&mut self, guide: &Guide, item_id: &str, status: AnswerStatus) -> Result<(), Problem> {
        let answer = match self.answer(item_id) {
            Some(a) => ItemAnswer { status, ..a.clone() },
            None => ItemAnswer::new(item_id, status),
        };
        self.set_answer(guide, answer)
    }

    /// Forgets the answer to an item (it becomes « Non renseigné »).
    pub fn clear_answer(&mut self, item_id: &str) {
        self.answers.retain(|a| a.item_id != item_id);
    }

    /// Declares a bad practice « à ne pas faire » present (or no longer present).
    pub fn set_dont_present(&mut self, guide: &Guide, dont_id: &str, present: bool) -> Result<(), Problem> {
        if guide.dont(dont_id).is_none() {
            return Err(Problem::new(
                "/donts_present",
                "unknown_dont",
                format!("La pratique à éviter « {dont_id} » n'existe pas dans le guide : vérifiez l'identifiant."),
                format!("The bad practice \"{dont_id}\" does not exist in the guide: check the id."),
            ));
        }
        self.donts_present.retain(|d| d != dont_id);
        if present {
            self.donts_present.push(dont_id.to_string());
            let order = |id: &str| guide.sheets.iter().flat_map(|s| &s.donts).position(|d| d.id == id);
            self.donts_present.sort_by_cached_key(|d| order(d));
        }
        Ok(())
    }
}

// ------------------------------------------------------------------------- the view

/// An item's effective status, as the checklist shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Done,
    Partial,
    Todo,
    /// Applies, no answer yet « Non renseigné ».
    Unanswered,
    /// By the profile or by the user's answer (see the item's `not_applicable`).
    NotApplicable,
}

impl ItemStatus {
    pub fn label_fr(self) -> &'static str {
        match self {
            ItemStatus::Unanswered => "Non renseigné",
            ItemStatus::Done => AnswerStatus::Done.label_fr(),
            ItemStatus::Partial => AnswerStatus::Partial.label_fr(),
            ItemStatus::Todo => AnswerStatus::Todo.label_fr(),
            ItemStatus::NotApplicable => AnswerStatus::NotApplicable.label_fr(),
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ItemStatus::Unanswered => "Not answered",
            ItemStatus::Done => AnswerStatus::Done.label_en(),
            ItemStatus::Partial => AnswerStatus::Partial.label_en(),
            ItemStatus::Todo => AnswerStatus::Todo.label_en(),
            ItemStatus::NotApplicable => AnswerStatus::NotApplicable.label_en(),
        }
    }
}

/// The effective status of `item_id` in `assessment`, with the reason when it does not
/// apply. `None` for an id the guide does not have.
pub fn item_status(
    guide: &Guide,
    assessment: &SecurityAssessment,
    item_id: &str,
) -> Option<(ItemStatus, Option<NaReason>)> {
    let (_, item) = guide.item(item_id)?;
    Some(match effective_applicability(item, assessment) {
        Applicability::No(r) => (ItemStatus::NotApplicable, Some(r)),
        Applicability::Yes => (
            match assessment.answer(item_id).map(|a| a.status) {
                None => ItemStatus::Unanswered,
                Some(AnswerStatus::Done) => ItemStatus::Done,
                Some(AnswerStatus::Partial) => ItemStatus::Partial,
                Some(AnswerStatus::Todo) => ItemStatus::Todo,
                // effective_applicability already turned it into No
                Some(AnswerStatus::NotApplicable) => ItemStatus::NotApplicable,
            },
            None,
        ),
    })
}

/// One profile question with its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileQuestionView {
    pub key: ProfileKey,
    pub question_fr: &'static str,
    pub question_en: &'static str,
    /// `None`: not answered (counts as « oui »).
    pub answer: Option<bool>,
    /// How many items this question can hide.
    pub items: usize,
}

/// One item of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemView {
    pub id: String,
    pub kind: ItemKind,
    pub text_fr: String,
    pub text_en: String,
    pub help_fr: String,
    pub help_en: String,
    pub in_grid: bool,
    pub status: ItemStatus,
    /// Why it does not apply, when `status` is `not_applicable`.
    pub not_applicable: Option<NaReason>,
    /// The stored answer (kept even while the profile hides the item).
    pub answer: Option<ItemAnswer>,
}

/// A bad practice of a sheet, and whether it was declared present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DontView {
    pub id: String,
    pub text_fr: String,
    pub text_en: String,
    pub present: bool,
}

/// One sheet of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SheetView {
    pub number: u8,
    pub chapter: String,
    pub title_fr: String,
    pub title_en: String,
    pub goal_fr: String,
    pub goal_en: String,
    /// False when the profile leaves none of its precautions.
    pub applies: bool,
    pub not_applicable: Option<NaReason>,
    pub score: Score,
    pub items: Vec<ItemView>,
    pub donts: Vec<DontView>,
}

/// The whole checklist of an organisation, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistView {
    pub guide_edition: String,
    pub guide_source: String,
    pub profile: Vec<ProfileQuestionView>,
    pub sheets: Vec<SheetView>,
    pub scores: Scores,
}

/// The checklist of `assessment` against `guide`.
pub fn checklist(guide: &Guide, assessment: &SecurityAssessment) -> ChecklistView {
    let scores = scores(guide, assessment);
    let profile = ProfileKey::ALL
        .iter()
        .map(|&key| ProfileQuestionView {
            key,
            question_fr: key.label_fr(),
            question_en: key.label_en(),
            answer: assessment.profile_answer(key),
            items: guide.items().filter(|(_, i)| i.applies_if.contains(&key)).count(),
        })
        .collect();
    let sheets = guide
        .sheets
        .iter()
        .map(|s| {
            let applicability = sheet_applicability(s, &assessment.profile);
            SheetView {
                number: s.number,
                chapter: s.chapter.clone(),
                title_fr: s.title_fr.clone(),
                title_en: s.title_en.clone(),
                goal_fr: s.goal_fr.clone(),
                goal_en: s.goal_en.clone(),
                applies: applicability.applies(),
                not_applicable: match applicability {
                    Applicability::No(r) => Some(r),
                    Applicability::Yes => None,
                },
                score: scores.sheet(s.number).map(|x| x.score).unwrap_or_default(),
                items: s
                    .items
                    .iter()
                    .map(|i| {
                        let (status, not_applicable) =
                            item_status(guide, assessment, &i.id).unwrap_or((ItemStatus::Unanswered, None));
                        ItemView {
                            id: i.id.clone(),
                            kind: i.kind,
                            text_fr: i.text_fr.clone(),
                            text_en: i.text_en.clone(),
                            help_fr: i.help_fr.clone(),
                            help_en: i.help_en.clone(),
                            in_grid: i.in_grid,
                            status,
                            not_applicable,
                            answer: assessment.answer(&i.id).cloned(),
                        }
                    })
                    .collect(),
                donts: s
                    .donts
                    .iter()
                    .map(|d| DontView {
                        id: d.id.clone(),
                        text_fr: d.text_fr.clone(),
                        text_en: d.text_en.clone(),
                        present: assessment.donts_present.contains(&d.id),
                    })
                    .collect(),
            }
        })
        .collect();
    ChecklistView {
        guide_edition: guide.guide.edition.clone(),
        guide_source: guide.guide.source.clone(),
        profile,
        sheets,
        scores,
    }
}

// ------------------------------------------------------------------------- store

/// Applies `edit` to the organisation's assessment (created if needed) and saves the
/// result like an autosave: stored and audited if valid, kept as a draft otherwise.
/// An edit that fails (unknown id) changes nothing and is returned as `Invalid`.
///
/// When an invalid edit is pending (a draft, e.g. « Non applicable » whose reason is not
/// typed yet), the next edit applies on top of it, so that nothing typed is lost: the
/// whole is stored as soon as it is valid again.
pub fn update_assessment(
    d: &mut Dossier,
    org: Uuid,
    edit: impl FnOnce(&mut SecurityAssessment) -> Result<(), Problem>,
) -> Result<RecordUpdate<SecurityAssessment>, StoreError> {
    let stored = d.ensure_security_assessment(org)?;
    let draft = d
        .record_draft::<SecurityAssessment>(stored.id)?
        .and_then(|(value, _)| serde_json::from_value::<SecurityAssessment>(value).ok())
        .filter(|x| x.id == stored.id);
    let mut a = draft.unwrap_or(stored);
    edit(&mut a).map_err(|p| StoreError::Invalid(vec![p]))?;
    let value = serde_json::to_value(&a)?;
    d.update_record::<SecurityAssessment>(org, &value)
}

/// Stores one item's answer (status, reason, comment, evidence, owner, due date, priority).
pub fn update_answer(
    d: &mut Dossier,
    org: Uuid,
    answer: ItemAnswer,
) -> Result<RecordUpdate<SecurityAssessment>, StoreError> {
    update_assessment(d, org, |a| a.set_answer(super::guide::guide(), answer))
}

/// Answers one profile question; answers already given to items are kept.
pub fn update_profile(
    d: &mut Dossier,
    org: Uuid,
    key: ProfileKey,
    answer: Option<bool>,
) -> Result<RecordUpdate<SecurityAssessment>, StoreError> {
    update_assessment(d, org, |a| {
        a.set_profile(key, answer);
        Ok(())
    })
}

/// Declares a bad practice present or gone.
pub fn update_dont(
    d: &mut Dossier,
    org: Uuid,
    dont_id: &str,
    present: bool,
) -> Result<RecordUpdate<SecurityAssessment>, StoreError> {
    update_assessment(d, org, |a| a.set_dont_present(super::guide::guide(), dont_id, present))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Record;
    use crate::security::guide::guide;

    #[test]
    fn edits_keep_order_and_other_fields() {
        let g = guide();
        let mut a = SecurityAssessment::new();
        a.set_status(g, "s17-p01", AnswerStatus::Todo).unwrap();
        let mut first = ItemAnswer::new("s02-p01", AnswerStatus::Partial);
        first.owner = "Claire".into();
        a.set_answer(g, first).unwrap();
        assert_eq!(a.answers.iter().map(|x| x.item_id.as_str()).collect::<Vec<_>>(), ["s02-p01", "s17-p01"]);
        a.set_status(g, "s02-p01", AnswerStatus::Done).unwrap();
        assert_eq!(a.answer("s02-p01").unwrap().owner, "Claire");
        assert_eq!(a.answer("s02-p01").unwrap().status, AnswerStatus::Done);
        assert_eq!(a.set_status(g, "s02-p77", AnswerStatus::Done).unwrap_err().code, "unknown_item");
        a.clear_answer("s17-p01");
        assert_eq!(a.answers.len(), 1);

        a.set_profile(ProfileKey::Website, Some(false));
        a.set_profile(ProfileKey::Employees, Some(true));
        a.set_profile(ProfileKey::Website, None);
        assert_eq!(a.profile.iter().map(|p| p.key).collect::<Vec<_>>(), [ProfileKey::Employees, ProfileKey::Website]);
        assert_eq!(a.profile_answer(ProfileKey::Website), None);

        a.set_dont_present(g, "s02-x01", true).unwrap();
        a.set_dont_present(g, "s01-x01", true).unwrap();
        a.set_dont_present(g, "s01-x01", true).unwrap();
        assert_eq!(a.donts_present, ["s01-x01", "s02-x01"]);
        a.set_dont_present(g, "s01-x01", false).unwrap();
        assert_eq!(a.donts_present, ["s02-x01"]);
        assert!(a.set_dont_present(g, "s01-p01", true).is_err());
        assert!(a.validate().is_empty());
    }

    #[test]
    fn the_view_covers_the_whole_guide() {
        let g = guide();
        let mut a = SecurityAssessment::new();
        a.set_profile(ProfileKey::Ai, Some(false));
        a.set_status(g, "s24-p01", AnswerStatus::Done).unwrap();
        let v = checklist(g, &a);
        assert_eq!(v.sheets.len(), 25);
        assert_eq!(v.profile.len(), 20);
        let s24 = &v.sheets[23];
        assert!(!s24.applies);
        assert!(s24.not_applicable.as_ref().unwrap().reason_fr.contains("intelligence artificielle"));
        let item = &s24.items[0];
        assert_eq!(item.status, ItemStatus::NotApplicable);
        assert_eq!(item.answer.as_ref().unwrap().status, AnswerStatus::Done, "the answer is kept");
        assert_eq!(s24.score.per_mille, None);
        assert_eq!(v.sheets[0].items[0].status, ItemStatus::Unanswered);
        let json = serde_json::to_value(&v).unwrap();
        assert_eq!(json["sheets"][23]["not_applicable"]["source"], "profile");
        assert_eq!(json["sheets"][23]["items"][0]["status"], "not_applicable");
    }
}
