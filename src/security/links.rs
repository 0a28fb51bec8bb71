//! What the checklist gives to the rest of the dossier, linked by item id:
//!
//! - to the register: from the items done, the families of measures « Catégories de
//!   mesures » and a general description for a processing's security field (Art.
//!   30(1)(g), [`SecurityMeasures`]);
//! - to AIPDs: the items done, selectable as existing measures by their id.
//!
//! Pure functions; the register and the AIPD decide when to call them.

use serde::Serialize;

use super::applicability::effective_applicability;
use super::guide::{Guide, ItemKind};
use super::score::{percent_en, percent_fr, scores};
use crate::model::{AnswerStatus, SecurityAssessment, SecurityCategory, SecurityMeasures};

/// Families of measures of the CNIL register template a sheet's items belong to.
pub fn sheet_categories(sheet: u8) -> &'static [SecurityCategory] {
    use SecurityCategory::*;
    match sheet {
        // authentication, authorisations, access to APIs
        4 | 5 | 25 => &[AccessControl],
        // workstations and servers: updates, antivirus, firewall
        6 | 9 => &[SoftwareProtection],
        // mobile equipment encryption, exchanges, cryptography
        7 | 13 | 21 => &[Encryption],
        // processors, cloud providers
        14 | 22 => &[ProcessorControl],
        16 => &[Traceability],
        // backups, continuity
        17 | 18 => &[Backup],
        _ => &[Other],
    }
}

/// What the checklist can write in a processing's security field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegisterSecurity {
    /// Families with at least one item done, in the template's order.
    pub categories: Vec<SecurityCategory>,
    /// General description, e.g. « Évaluation selon le guide … : 48 précautions … ».
    pub description_fr: String,
    pub description_en: String,
    /// Ids of the items done (precautions and optional measures) it is drawn from.
    pub items: Vec<String>,
}

impl RegisterSecurity {
    /// Adds the categories to `target` (keeping those already ticked) and writes the
    /// description when it is empty — a description typed by the user is never replaced.
    /// Returns whether anything changed.
    pub fn apply_to(&self, target: &mut SecurityMeasures) -> bool {
        let before = target.clone();
        let mut cats: Vec<SecurityCategory> = target.categories.clone();
        for c in &self.categories {
            if !cats.contains(c) {
                cats.push(*c);
            }
        }
        cats.sort_by_key(|c| SecurityCategory::ALL.iter().position(|x| x == c));
        target.categories = cats;
        if target.description.trim().is_empty() && !self.items.is_empty() {
            target.description = self.description_fr.clone();
        }
        *target != before
    }
}

/// The register's security field as the checklist of `assessment` fills it.
pub fn register_security(guide: &Guide, assessment: &SecurityAssessment) -> RegisterSecurity {
    let done = |id: &str| assessment.answer(id).is_some_and(|a| a.status == AnswerStatus::Done);
    let mut categories = Vec::new();
    let mut items = Vec::new();
    let mut per_sheet_fr = Vec::new();
    let mut per_sheet_en = Vec::new();
    let s = scores(guide, assessment);
    for sheet in &guide.sheets {
        let mut n = 0;
        for item in &sheet.items {
            if done(&item.id) && effective_applicability(item, assessment).applies() {
                items.push(item.id.clone());
                n += 1;
            }
        }
        if n == 0 {
            continue;
        }
        for c in sheet_categories(sheet.number) {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
        let t = s.sheet(sheet.number).map(|x| x.score.precautions).unwrap_or_default();
        per_sheet_fr.push(format!("{} ({} sur {})", sheet.title_fr, t.done, t.applicable));
        per_sheet_en.push(format!("{} ({} of {})", sheet.title_en, t.done, t.applicable));
    }
    categories.sort_by_key(|c| SecurityCategory::ALL.iter().position(|x| x == c));
    let t = s.overall.precautions;
    let (description_fr, description_en) = if items.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!(
                "Évaluation selon le guide de la sécurité des données personnelles de la CNIL (édition {}) : {} \
                 précautions élémentaires en place sur {} applicables (score {}). Mesures en place : {}.",
                assessment.guide_edition,
                t.done,
                t.applicable,
                percent_fr(s.overall.per_mille),
                per_sheet_fr.join(" ; ")
            ),
            format!(
                "Assessment against the CNIL personal data security guide ({} edition): {} of {} applicable \
                 essential precautions in place (score {}). Measures in place: {}.",
                assessment.guide_edition,
                t.done,
                t.applicable,
                percent_en(s.overall.per_mille),
                per_sheet_en.join("; ")
            ),
        )
    };
    RegisterSecurity { categories, description_fr, description_en, items }
}

/// A checklist item done, offered as an existing measure to an AIPD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExistingMeasure {
    /// The link an AIPD stores.
    pub item_id: String,
    pub sheet: u8,
    pub sheet_title_fr: String,
    pub sheet_title_en: String,
    pub kind: ItemKind,
    pub text_fr: String,
    pub text_en: String,
    /// Where the proof is, as the user wrote it.
    pub evidence: String,
    /// Still done today (false when an AIPD points to an item no longer done).
    pub done: bool,
}

/// The item `item_id` as an existing measure (`None` for an id the guide lacks).
pub fn existing_measure(guide: &Guide, assessment: &SecurityAssessment, item_id: &str) -> Option<ExistingMeasure> {
    let (sheet, item) = guide.item(item_id)?;
    let answer = assessment.answer(item_id);
    Some(ExistingMeasure {
        item_id: item.id.clone(),
        sheet: sheet.number,
        sheet_title_fr: sheet.title_fr.clone(),
        sheet_title_en: sheet.title_en.clone(),
        kind: item.kind,
        text_fr: item.text_fr.clone(),
        text_en: item.text_en.clone(),
        evidence: answer.map(|a| a.evidence.trim().to_string()).unwrap_or_default(),
        done: answer.is_some_and(|a| a.status == AnswerStatus::Done)
            && effective_applicability(item, assessment).applies(),
    })
}

/// Every item done (and applicable), in the guide's order: the list an AIPD picks from.
pub fn existing_measures(guide: &Guide, assessment: &SecurityAssessment) -> Vec<ExistingMeasure> {
    guide.items().filter_map(|(_, i)| existing_measure(guide, assessment, &i.id)).filter(|m| m.done).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProfileKey;
    use crate::security::guide::guide;

    #[test]
    fn done_items_feed_the_register_and_aipds() {
        let g = guide();
        let mut a = SecurityAssessment::new();
        let empty = register_security(g, &a);
        assert!(empty.categories.is_empty() && empty.description_fr.is_empty());
        let mut target = SecurityMeasures::default();
        assert!(!empty.apply_to(&mut target));

        a.set_status(g, "s17-p01", AnswerStatus::Done).unwrap();
        a.set_status(g, "s04-p01", AnswerStatus::Done).unwrap();
        a.set_status(g, "s16-p01", AnswerStatus::Partial).unwrap();
        a.set_status(g, "s10-p01", AnswerStatus::Done).unwrap();
        a.set_profile(ProfileKey::Website, Some(false));
        let r = register_security(g, &a);
        assert_eq!(r.categories, [SecurityCategory::AccessControl, SecurityCategory::Backup]);
        assert_eq!(r.items, ["s04-p01", "s17-p01"], "partial and non-applicable items are left out");
        assert!(r.description_fr.contains("Authentifier les utilisateurs (1 sur "), "{}", r.description_fr);
        assert!(r.description_fr.contains("Sauvegarder (1 sur "));
        assert!(r.description_en.starts_with("Assessment against the CNIL"));

        let mut target = SecurityMeasures { categories: vec![SecurityCategory::Encryption], ..Default::default() };
        assert!(r.apply_to(&mut target));
        assert_eq!(
            target.categories,
            [SecurityCategory::AccessControl, SecurityCategory::Backup, SecurityCategory::Encryption]
        );
        assert_eq!(target.description, r.description_fr);
        target.description = "Texte de l'utilisateur".into();
        assert!(!r.apply_to(&mut target), "the user's text stays");

        let list = existing_measures(g, &a);
        assert_eq!(list.iter().map(|m| m.item_id.as_str()).collect::<Vec<_>>(), ["s04-p01", "s17-p01"]);
        let gone = existing_measure(g, &a, "s10-p01").unwrap();
        assert!(!gone.done, "hidden by the profile");
        assert!(existing_measure(g, &a, "nope").is_none());
        for n in 1..=25 {
            assert!(!sheet_categories(n).is_empty());
        }
    }
}
