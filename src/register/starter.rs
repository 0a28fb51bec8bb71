//! « Démarrage guidé »: a short questionnaire in plain words for an organisation whose register
//! is empty. Each « oui » proposes entries of the library (see [`super::library`]), which the
//! window shows pre-selected and adds in one step.
//!
//! The questions are data (`assets/register/starter.json`) so that wording can be improved
//! without touching code; the tests check that every library entry is reachable from at least
//! one question.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::Processing;

use super::library::{library, present_keys, Audience};

const STARTER_JSON: &str = include_str!("../../assets/register/starter.json");

/// One yes/no question of the guided start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarterQuestion {
    /// Stable identifier of the question (`salaries`, `commune_etat_civil`).
    pub key: String,
    pub text_fr: String,
    pub text_en: String,
    /// One line saying what the question covers.
    pub help_fr: String,
    pub help_en: String,
    /// Who is asked: businesses, communes, or both.
    pub audience: Vec<Audience>,
    /// Library keys a « oui » proposes.
    pub proposes: Vec<String>,
}

#[derive(Deserialize)]
struct StarterFile {
    #[allow(dead_code)]
    starter_version: u32,
    questions: Vec<StarterQuestion>,
}

/// Every question, businesses' first, then communes'.
pub fn questions() -> &'static [StarterQuestion] {
    static QUESTIONS: OnceLock<Vec<StarterQuestion>> = OnceLock::new();
    // Checked by the tests; an unreadable file gives no question rather than a crash.
    QUESTIONS.get_or_init(|| serde_json::from_str::<StarterFile>(STARTER_JSON).map(|f| f.questions).unwrap_or_default())
}

/// The audience asked: a public body answers the commune questions, anyone else the business
/// ones.
fn audience(public_body: bool) -> Audience {
    if public_body {
        Audience::Commune
    } else {
        Audience::Business
    }
}

/// The questions to ask this organisation, in order.
pub fn questions_for(public_body: bool) -> Vec<&'static StarterQuestion> {
    let a = audience(public_body);
    questions().iter().filter(|q| q.audience.contains(&a)).collect()
}

/// The library keys to propose for `answers` (keys of the questions answered « oui »): each key
/// once, in library order, without the entries already in the register. Only the questions
/// meant for the organisation count (commune ones when `public_body`, business ones otherwise),
/// so a stale answer from the other questionnaire proposes nothing; unknown keys are ignored.
pub fn propose(answers: &[String], public_body: bool, existing: &[Processing]) -> Vec<String> {
    let wanted: Vec<&String> = questions_for(public_body)
        .into_iter()
        .filter(|q| answers.contains(&q.key))
        .flat_map(|q| q.proposes.iter())
        .collect();
    let present = present_keys(existing);
    library().iter().map(|e| &e.key).filter(|k| wanted.contains(k) && !present.contains(k)).cloned().collect()
}
