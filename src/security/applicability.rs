//! Which items and sheets apply to an organisation, from its profile answers.
//!
//! The rule (`assets/security/README.md`): an item with no `applies_if` key applies to
//! everyone; otherwise it applies when at least one of its keys is answered « oui » — and
//! an unanswered question counts as « oui », so nothing is hidden by mistake. An item that
//! does not apply is « Non applicable » with a reason built from the « non » answers
//! (« Vous avez indiqué ne pas avoir de site web ni de service en ligne. »).
//!
//! The profile only hides items: the answers stored for them are never touched, so that
//! changing a profile answer back brings them back as they were.

use serde::Serialize;

use super::guide::{Item, ItemKind, Sheet};
use crate::model::{AnswerStatus, ProfileAnswer, ProfileKey, SecurityAssessment};

/// Where a « Non applicable » comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NaSource {
    /// The profile: every question the item depends on was answered « non ».
    Profile,
    /// The user's own answer « Non applicable », with their reason.
    Answer,
}

/// Why an item or a sheet is « Non applicable ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NaReason {
    pub source: NaSource,
    /// The « non » answers behind it (empty for [`NaSource::Answer`]).
    pub keys: Vec<ProfileKey>,
    pub reason_fr: String,
    pub reason_en: String,
}

impl NaReason {
    /// The reason for profile answers « non » to `keys` (in that order).
    pub fn from_profile(keys: Vec<ProfileKey>) -> NaReason {
        let fr: Vec<&str> = keys.iter().map(|k| k.declined_fr()).collect();
        let en: Vec<String> = keys.iter().map(|k| format!("you {}", k.declined_en())).collect();
        NaReason {
            source: NaSource::Profile,
            reason_fr: format!("Vous avez indiqué {}.", join(&fr, "et")),
            reason_en: format!("You said {}.", join(&en, "and")),
            keys,
        }
    }

    /// The reason the user gave (not translated: it is their text).
    pub fn from_answer(reason: &str) -> NaReason {
        NaReason {
            source: NaSource::Answer,
            keys: Vec::new(),
            reason_fr: reason.trim().to_string(),
            reason_en: reason.trim().to_string(),
        }
    }
}

/// « a », « a et b », « a, b et c ».
fn join<S: AsRef<str>>(parts: &[S], and: &str) -> String {
    match parts {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            format!("{} {and} {}", init.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", "), last.as_ref())
        }
    }
}

/// Whether an item or sheet applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "applies", rename_all = "snake_case")]
pub enum Applicability {
    Yes,
    No(NaReason),
}

impl Applicability {
    pub fn applies(&self) -> bool {
        matches!(self, Applicability::Yes)
    }
}

/// The profile answer to `key` in `profile`: `None` when not answered.
fn answer(profile: &[ProfileAnswer], key: ProfileKey) -> Option<bool> {
    profile.iter().find(|p| p.key == key).and_then(|p| p.answer)
}

/// Whether `item` applies given the profile answers (the item's own answer aside).
pub fn item_applicability(item: &Item, profile: &[ProfileAnswer]) -> Applicability {
    if item.applies_if.is_empty() || item.applies_if.iter().any(|&k| answer(profile, k) != Some(false)) {
        Applicability::Yes
    } else {
        Applicability::No(NaReason::from_profile(item.applies_if.clone()))
    }
}

/// Whether `sheet` applies: it does when at least one of its precautions does (or, for
/// a sheet without precautions, one of its items). Otherwise the reason gathers the « non »
/// answers of its items, in order of first appearance.
pub fn sheet_applicability(sheet: &Sheet, profile: &[ProfileAnswer]) -> Applicability {
    let precautions: Vec<&Item> = sheet.items.iter().filter(|i| i.kind == ItemKind::Precaution).collect();
    let considered: Vec<&Item> = if precautions.is_empty() { sheet.items.iter().collect() } else { precautions };
    if considered.is_empty() {
        return Applicability::Yes;
    }
    let mut keys: Vec<ProfileKey> = Vec::new();
    for item in considered {
        match item_applicability(item, profile) {
            Applicability::Yes => return Applicability::Yes,
            Applicability::No(r) => {
                for k in r.keys {
                    if !keys.contains(&k) {
                        keys.push(k);
                    }
                }
            }
        }
    }
    Applicability::No(NaReason::from_profile(keys))
}

/// Whether `item` applies to `assessment`, counting both the profile and the user's own
/// « Non applicable » (the profile's reason first: it decides even when an answer exists).
pub fn effective_applicability(item: &Item, assessment: &SecurityAssessment) -> Applicability {
    match item_applicability(item, &assessment.profile) {
        Applicability::No(r) => Applicability::No(r),
        Applicability::Yes => match assessment.answer(&item.id) {
            Some(a) if a.status == AnswerStatus::NotApplicable => {
                Applicability::No(NaReason::from_answer(&a.na_reason))
            }
            _ => Applicability::Yes,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::security::guide::guide;

    fn no(keys: &[ProfileKey]) -> Vec<ProfileAnswer> {
        keys.iter().map(|&key| ProfileAnswer { key, answer: Some(false) }).collect()
    }

    #[test]
    fn unanswered_counts_as_yes() {
        let g = guide();
        for (_, item) in g.items() {
            assert!(item_applicability(item, &[]).applies(), "{} hidden with an empty profile", item.id);
        }
        for s in &g.sheets {
            assert!(sheet_applicability(s, &[]).applies());
        }
    }

    #[test]
    fn a_no_hides_items_with_a_reason() {
        let g = guide();
        let sheet = g.sheet(23).unwrap();
        let profile = no(&[ProfileKey::MobileApps]);
        match sheet_applicability(sheet, &profile) {
            Applicability::No(r) => {
                assert_eq!(r.source, NaSource::Profile);
                assert_eq!(r.reason_fr, "Vous avez indiqué ne pas publier d'application mobile.");
                assert_eq!(r.reason_en, "You said you do not publish a mobile app.");
            }
            other => panic!("{other:?}"),
        }
        // an item with two keys stays while one of them is unanswered or « oui »
        let (_, item) = g.items().find(|(_, i)| i.applies_if.len() >= 2).unwrap();
        let first = item.applies_if[0];
        assert!(item_applicability(item, &no(&[first])).applies());
        let all = no(&item.applies_if);
        match item_applicability(item, &all) {
            Applicability::No(r) => {
                assert!(r.reason_fr.starts_with("Vous avez indiqué ") && r.reason_fr.contains(" et "), "{r:?}");
                assert_eq!(r.keys, item.applies_if);
            }
            other => panic!("{other:?}"),
        }
        // « oui » to one key is enough
        let mut some_yes = all.clone();
        some_yes[0].answer = Some(true);
        assert!(item_applicability(item, &some_yes).applies());
    }

    #[test]
    fn joins_in_french_and_english() {
        assert_eq!(join(&["a"], "et"), "a");
        assert_eq!(join(&["a", "b"], "et"), "a et b");
        assert_eq!(join(&["a", "b", "c"], "and"), "a, b and c");
        let r = NaReason::from_profile(vec![ProfileKey::Website, ProfileKey::SoftwareDev]);
        assert_eq!(
            r.reason_fr,
            "Vous avez indiqué ne pas avoir de site web ni de service en ligne et ne pas développer ni faire \
             développer de logiciels sur mesure."
        );
        assert_eq!(
            r.reason_en,
            "You said you have no website or online service and you do not develop or commission custom software."
        );
    }
}
