//! « Dois-je faire une AIPD ? »: the screening of a processing, following the CNIL's
//! decision flow, with its reasoning kept so that it can be stored and printed even when the
//! answer is no.
//!
//! The order (CNIL infographic, WP248, GDPR Art. 35):
//! 1. a type on the CNIL list of processings needing **no** AIPD (délibération 2019-118) →
//!    not required — unless a type of the list **requiring** one or an Art. 35(3) case is
//!    also set: then required wins (both lists cannot be right at once, and Art. 35(3) is
//!    the law itself);
//! 2. a type on the list requiring an AIPD (délibération 2018-327) → required;
//! 3. a case of Art. 35(3) → required;
//! 4. the nine WP248 criteria: two or more → required (a controller may still conclude
//!    otherwise, with a written justification and the DPO's view); one → the user judges
//!    (one criterion can suffice); none → not required, the reasoning kept;
//! 5. nothing answered yet → undecided.
//!
//! [`view`] pre-fills a fresh screening from the register (criteria from
//! [`aipd_criteria`], list types and Art. 35(3) cases from keyword and field rules) but
//! never stores it: a suggestion is only a suggestion until the user saves.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::assets::{assets, Condition, ListMatch, ListType};
use crate::model::{
    AipdScreening, AipdStatus, Art35Case, CriterionAnswer, OrganisationBundle, Problem, Processing, Record,
    ScreeningConclusion, SpecialCategory,
};
use crate::register::obligations::{aipd_criteria, AipdCriterion, CriterionHit};
use crate::register::query::fold;
use crate::store::{Dossier, RecordUpdate, StoreError};

/// Which step of the flow decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningOutcome {
    /// On the « non requise » list, nothing on the other side.
    NotRequiredByList,
    /// On the « requise » list.
    RequiredByList,
    /// A case of Art. 35(3).
    RequiredArt35,
    /// Two criteria or more.
    RequiredByCriteria,
    /// One criterion: the user judges.
    OneCriterion,
    /// Criteria answered, none met.
    NoCriterion,
    /// Nothing answered yet.
    Undecided,
}

impl ScreeningOutcome {
    pub fn label_fr(self) -> &'static str {
        match self {
            ScreeningOutcome::NotRequiredByList => "AIPD non requise : type de traitement dispensé par la CNIL",
            ScreeningOutcome::RequiredByList => "AIPD requise : type de traitement sur la liste de la CNIL",
            ScreeningOutcome::RequiredArt35 => "AIPD requise par l'article 35(3) du RGPD",
            ScreeningOutcome::RequiredByCriteria => "AIPD requise : au moins deux critères remplis",
            ScreeningOutcome::OneCriterion => "Un seul critère rempli : à vous de juger",
            ScreeningOutcome::NoCriterion => "AIPD non requise : aucun critère rempli",
            ScreeningOutcome::Undecided => "Analyse à compléter",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ScreeningOutcome::NotRequiredByList => "DPIA not required: type of processing exempted by the CNIL",
            ScreeningOutcome::RequiredByList => "DPIA required: type of processing on the CNIL's list",
            ScreeningOutcome::RequiredArt35 => "DPIA required by Article 35(3) GDPR",
            ScreeningOutcome::RequiredByCriteria => "DPIA required: at least two criteria met",
            ScreeningOutcome::OneCriterion => "Only one criterion met: your judgement",
            ScreeningOutcome::NoCriterion => "DPIA not required: no criterion met",
            ScreeningOutcome::Undecided => "Screening to complete",
        }
    }
}

/// The core's reading of a screening's answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningVerdict {
    pub outcome: ScreeningOutcome,
    /// `Some(true)` required, `Some(false)` not required, `None` for the user to judge
    /// (one criterion) or undecided.
    pub required: Option<bool>,
    /// Criteria confirmed as met (each counted once).
    pub criteria_met: usize,
    /// Why, in the flow's order; each reason names the list type, the case or the criteria.
    pub reasons_fr: Vec<String>,
    pub reasons_en: Vec<String>,
    /// The user concluded « non requise » although two criteria or more are met: a written
    /// justification and the DPO's view are required (WP248; the record's `validate` checks
    /// both).
    pub needs_justification: bool,
    /// What to do now.
    pub note_fr: String,
    pub note_en: String,
    /// Criteria with no answer yet, in WP248 order.
    pub unanswered: Vec<AipdCriterion>,
    /// Whether the user's conclusion agrees with the flow: `None` while there is no
    /// conclusion or the flow leaves the choice to the user.
    pub conclusion_agrees: Option<bool>,
}

/// `« Libellé »` of a list type for a sentence.
fn list_label_fr(t: &ListType) -> String {
    format!("type n° {} « {} »", t.number, t.title_fr)
}

fn list_label_en(t: &ListType) -> String {
    format!("type no. {} « {} »", t.number, t.title_en)
}

fn criteria_names(list: &[AipdCriterion]) -> (String, String) {
    let fr: Vec<String> = list.iter().map(|c| format!("n° {} « {} »", c.number(), c.label_fr())).collect();
    let en: Vec<String> = list.iter().map(|c| format!("no. {} « {} »", c.number(), c.label_en())).collect();
    (fr.join(", "), en.join(", "))
}

/// A stored list id, trimmed; `None` when empty.
fn list_id(id: &Option<String>) -> Option<&str> {
    id.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The verdict on the user's confirmed answers (pure: same answers, same verdict).
pub fn verdict(s: &AipdScreening) -> ScreeningVerdict {
    let a = assets();
    let mut fr = Vec::new();
    let mut en = Vec::new();

    let nr_id = list_id(&s.not_required_type);
    let r_id = list_id(&s.required_type);
    let nr = nr_id.and_then(|id| a.not_required_type(id));
    let r = r_id.and_then(|id| a.required_type(id));
    for (id, found, list_fr, list_en) in [
        (nr_id, nr.is_some(), "des traitements dispensés d'AIPD", "of processings needing no DPIA"),
        (r_id, r.is_some(), "des traitements soumis à AIPD", "of processings requiring a DPIA"),
    ] {
        if let (Some(id), false) = (id, found) {
            fr.push(format!(
                "Le type « {id} » n'existe pas dans la liste {list_fr} de la CNIL : il n'est pas pris en compte. \
                 Choisissez un type dans la liste ou retirez-le."
            ));
            en.push(format!(
                "Type « {id} » is not on the CNIL's list {list_en}: it is ignored. Choose a type from the list or \
                 remove it."
            ));
        }
    }

    let mut cases: Vec<Art35Case> = Vec::new();
    for c in &s.art35_cases {
        if !cases.contains(c) {
            cases.push(*c);
        }
    }
    let mut met: BTreeSet<AipdCriterion> = BTreeSet::new();
    let mut answered: BTreeSet<AipdCriterion> = BTreeSet::new();
    for c in &s.criteria {
        answered.insert(c.criterion);
        if c.met {
            met.insert(c.criterion);
        }
    }
    let met: Vec<AipdCriterion> = met.into_iter().collect();
    let unanswered: Vec<AipdCriterion> = AipdCriterion::ALL.iter().copied().filter(|c| !answered.contains(c)).collect();

    let outcome = if r.is_some() || !cases.is_empty() {
        if let Some(t) = nr {
            let (why_fr, why_en) = match r {
                Some(rt) => (
                    format!("il correspond aussi au {} de la liste des traitements soumis", list_label_fr(rt)),
                    format!("it also matches {} of the list of processings requiring one", list_label_en(rt)),
                ),
                None => (
                    "un cas de l'article 35(3) du RGPD est coché, et la loi prime sur la liste".to_string(),
                    "a case of Article 35(3) GDPR is ticked, and the law prevails over the list".to_string(),
                ),
            };
            fr.push(format!(
                "Le traitement est rattaché au {} de la liste des traitements dispensés d'AIPD, mais {why_fr} : \
                 c'est l'AIPD requise qui l'emporte. Vérifiez lequel des deux décrit vraiment le traitement.",
                list_label_fr(t)
            ));
            en.push(format!(
                "The processing is matched to {} of the list of processings needing no DPIA, but {why_en}: the \
                 DPIA is required. Check which one really describes the processing.",
                list_label_en(t)
            ));
        }
        if let Some(t) = r {
            fr.push(format!(
                "Le traitement correspond au {} de la liste des traitements pour lesquels la CNIL exige une AIPD \
                 (délibération n° 2018-327).",
                list_label_fr(t)
            ));
            en.push(format!(
                "The processing matches {} of the list of processings for which the CNIL requires a DPIA \
                 (deliberation no. 2018-327).",
                list_label_en(t)
            ));
        }
        for c in &cases {
            fr.push(format!("Cas de l'article 35(3) du RGPD : {}.", c.label_fr()));
            en.push(format!("Case of Article 35(3) GDPR: {}.", c.label_en()));
        }
        if r.is_some() {
            ScreeningOutcome::RequiredByList
        } else {
            ScreeningOutcome::RequiredArt35
        }
    } else if let Some(t) = nr {
        fr.push(format!(
            "Le traitement correspond au {} de la liste des traitements pour lesquels la CNIL n'exige pas d'AIPD \
             (délibération n° 2019-118).",
            list_label_fr(t)
        ));
        en.push(format!(
            "The processing matches {} of the list of processings for which the CNIL requires no DPIA \
             (deliberation no. 2019-118).",
            list_label_en(t)
        ));
        if t.to_verify {
            fr.push(
                "Le libellé de ce type est cité de mémoire (à vérifier) : relisez la délibération avant de vous \
                 appuyer dessus."
                    .to_string(),
            );
            en.push(
                "This type's wording is quoted from memory (to be checked): read the deliberation again before \
                 relying on it."
                    .to_string(),
            );
        }
        ScreeningOutcome::NotRequiredByList
    } else if met.len() >= 2 {
        ScreeningOutcome::RequiredByCriteria
    } else if met.len() == 1 {
        ScreeningOutcome::OneCriterion
    } else if !answered.is_empty() {
        ScreeningOutcome::NoCriterion
    } else {
        ScreeningOutcome::Undecided
    };

    // The criteria are always part of the reasoning, whichever step decided.
    let (names_fr, names_en) = criteria_names(&met);
    match met.len() {
        0 if !answered.is_empty() => {
            fr.push(format!("Aucun des {} critères examinés n'est rempli.", answered.len()));
            en.push(format!("None of the {} criteria examined is met.", answered.len()));
        }
        0 => {}
        1 => {
            fr.push(format!("Un critère du G29 (WP248) est rempli : {names_fr}."));
            en.push(format!("One WP248 criterion is met: {names_en}."));
        }
        n => {
            fr.push(format!("{n} critères du G29 (WP248) sont remplis : {names_fr}."));
            en.push(format!("{n} WP248 criteria are met: {names_en}."));
        }
    }
    if !unanswered.is_empty() && outcome != ScreeningOutcome::Undecided && !answered.is_empty() {
        let (u_fr, u_en) = criteria_names(&unanswered);
        fr.push(format!("Critères sans réponse : {u_fr}."));
        en.push(format!("Criteria not answered: {u_en}."));
    }

    let required = match outcome {
        ScreeningOutcome::RequiredByList | ScreeningOutcome::RequiredArt35 | ScreeningOutcome::RequiredByCriteria => {
            Some(true)
        }
        ScreeningOutcome::NotRequiredByList | ScreeningOutcome::NoCriterion => Some(false),
        ScreeningOutcome::OneCriterion | ScreeningOutcome::Undecided => None,
    };
    let conclusion_agrees = match (s.conclusion, required) {
        (Some(c), Some(req)) => Some((c == ScreeningConclusion::Required) == req),
        _ => None,
    };
    let needs_justification =
        s.conclusion == Some(ScreeningConclusion::NotRequired) && outcome == ScreeningOutcome::RequiredByCriteria;
    let (mut note_fr, mut note_en) = note(outcome, unanswered.len());
    if conclusion_agrees == Some(false) {
        match outcome {
            ScreeningOutcome::RequiredByCriteria
                if !s.justification.trim().is_empty() && !s.dpo_view.trim().is_empty() =>
            {
                note_fr = "Vous avez écarté l'AIPD malgré au moins deux critères, avec une justification et l'avis du \
                           délégué à la protection des données : conservez-les, ils justifient ce choix en cas de \
                           contrôle. Refaites cette analyse si le traitement change."
                    .to_string();
                note_en =
                    "You ruled out a DPIA despite two criteria or more, with a justification and the DPO's view: \
                           keep them, they support this choice in case of an inspection. Screen again if the \
                           processing changes."
                        .to_string();
            }
            ScreeningOutcome::RequiredByCriteria => {
                note_fr = "Vous concluez que l'AIPD n'est pas requise malgré au moins deux critères : c'est possible \
                           si vous expliquez par écrit pourquoi le risque pour les personnes n'est pas élevé et si \
                           vous recueillez l'avis du délégué à la protection des données."
                    .to_string();
                note_en =
                    "You conclude that no DPIA is required despite two criteria or more: this is possible if you \
                           explain in writing why the risk to people is not high and record the DPO's view."
                        .to_string();
            }
            ScreeningOutcome::RequiredByList | ScreeningOutcome::RequiredArt35 => {
                note_fr = format!(
                    "Votre conclusion « AIPD non requise » contredit la liste de la CNIL ou l'article 35(3) : si le \
                     traitement ne correspond pas à ce qui est coché, décochez-le ; sinon l'AIPD est obligatoire. \
                     {note_fr}"
                );
                note_en = format!(
                    "Your conclusion « DPIA not required » contradicts the CNIL's list or Article 35(3): if the \
                     processing does not match what is ticked, untick it; otherwise the DPIA is mandatory. {note_en}"
                );
            }
            _ => {
                note_fr = format!(
                    "Votre conclusion « AIPD requise » va au-delà de ce qu'imposent les règles : c'est toujours \
                     permis, et une AIPD volontaire reste une bonne pratique. {note_fr}"
                );
                note_en = format!(
                    "Your conclusion « DPIA required » goes beyond what the rules impose: this is always allowed, \
                     and a voluntary DPIA remains good practice. {note_en}"
                );
            }
        }
    }

    ScreeningVerdict {
        outcome,
        required,
        criteria_met: met.len(),
        reasons_fr: fr,
        reasons_en: en,
        needs_justification,
        note_fr,
        note_en,
        unanswered,
        conclusion_agrees,
    }
}

/// What to do after each outcome.
fn note(outcome: ScreeningOutcome, unanswered: usize) -> (String, String) {
    let (fr, en) = match outcome {
        ScreeningOutcome::NotRequiredByList => (
            "Pas d'AIPD obligatoire pour ce type de traitement. Les autres obligations restent : registre, \
             sécurité des données (art. 32), information et droits des personnes. Refaites cette analyse si le \
             traitement change.",
            "No DPIA is mandatory for this type of processing. The other duties remain: register, data security \
             (Art. 32), information and rights of the people. Screen again if the processing changes.",
        ),
        ScreeningOutcome::RequiredByList | ScreeningOutcome::RequiredArt35 => (
            "Une AIPD est obligatoire. Menez-la avant de mettre en œuvre le traitement, en demandant l'avis du \
             délégué à la protection des données (art. 35(2)).",
            "A DPIA is mandatory. Carry it out before the processing starts, asking for the DPO's advice \
             (Art. 35(2)).",
        ),
        ScreeningOutcome::RequiredByCriteria => (
            "Au moins deux critères sont remplis : dans la plupart des cas, une AIPD est requise. Si vous concluez \
             qu'elle ne l'est pas, justifiez-le par écrit et recueillez l'avis du délégué à la protection des \
             données.",
            "Two criteria or more are met: in most cases a DPIA is required. If you conclude it is not, justify it \
             in writing and record the DPO's view.",
        ),
        ScreeningOutcome::OneCriterion => (
            "Un seul critère est rempli : en général l'AIPD n'est pas obligatoire, mais un seul critère peut \
             suffire si le risque pour les personnes est élevé. C'est à vous d'en juger : notez votre \
             raisonnement dans la justification.",
            "Only one criterion is met: usually no DPIA is mandatory, but a single criterion can be enough when \
             the risk to people is high. It is for you to judge: write your reasoning in the justification.",
        ),
        ScreeningOutcome::NoCriterion => (
            "Aucun critère n'est rempli : l'AIPD n'est pas obligatoire. Gardez cette analyse, elle montre \
             pourquoi, et refaites-la si le traitement change.",
            "No criterion is met: no DPIA is mandatory. Keep this screening, it shows why, and screen again if \
             the processing changes.",
        ),
        ScreeningOutcome::Undecided => (
            "Répondez aux questions : le traitement figure-t-il sur l'une des listes de la CNIL, relève-t-il de \
             l'article 35(3), quels critères remplit-il ?",
            "Answer the questions: is the processing on one of the CNIL's lists, does Article 35(3) apply, which \
             criteria does it meet?",
        ),
    };
    let (mut fr, mut en) = (fr.to_string(), en.to_string());
    if unanswered > 0 && matches!(outcome, ScreeningOutcome::OneCriterion | ScreeningOutcome::NoCriterion) {
        fr.push_str(&format!(
            " {unanswered} critère{} sans réponse : répondez-y avant de conclure.",
            if unanswered > 1 { "s restent" } else { " reste" }
        ));
        en.push_str(&format!(
            " {unanswered} criteri{} not answered: answer before concluding.",
            if unanswered > 1 { "a are" } else { "on is" }
        ));
    }
    (fr, en)
}

// ------------------------------------------------------------------- suggestions

/// Whether folded `text` contains the folded `keyword` as a whole word or phrase, its last
/// word possibly in the plural (+ `s` or `x`): « paie » finds « la paie » but not
/// « paiements ». A keyword ending in `*` is a stem: « geolocalis* » finds « géolocalisation ».
pub fn has_word(text: &str, keyword: &str) -> bool {
    let (kw, stem) = match keyword.strip_suffix('*') {
        Some(k) => (k, true),
        None => (keyword, false),
    };
    if kw.is_empty() {
        return false;
    }
    text.match_indices(kw).any(|(i, _)| {
        if text[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
            return false;
        }
        if stem {
            return true;
        }
        let mut rest = text[i + kw.len()..].chars();
        match rest.next() {
            None => true,
            Some('s' | 'x') => !rest.next().is_some_and(char::is_alphanumeric),
            Some(c) => !c.is_alphanumeric(),
        }
    })
}

/// The folded text a list type's keywords are looked for in: name, purposes and the
/// persons' details.
fn searchable(p: &Processing) -> String {
    let mut parts = vec![p.name.as_str()];
    parts.extend(p.purposes.iter().map(|x| x.description.as_str()));
    parts.extend(p.persons_concerned.iter().map(|x| x.details.as_str()));
    fold(&parts.join(" \n "))
}

struct Facts<'a> {
    p: &'a Processing,
    org: &'a crate::model::Organisation,
    hits: &'a [CriterionHit],
    text: String,
}

impl Facts<'_> {
    fn detected(&self, c: AipdCriterion) -> bool {
        self.hits.iter().any(|h| h.criterion == c)
    }

    fn holds(&self, c: Condition) -> bool {
        use crate::model::{DataSubjectCategory as D, HeadcountBand as H};
        let profiling = self.detected(AipdCriterion::Evaluation) || self.p.automated_decision;
        match c {
            Condition::LargeScale => self.p.large_scale,
            Condition::NotLargeScale => !self.p.large_scale,
            Condition::PublicBody => self.org.public_body,
            Condition::PrivateBody => !self.org.public_body,
            Condition::NonProfit => {
                let naf = self.org.naf.as_deref().unwrap_or("").trim();
                let words = fold(&format!("{} {}", self.org.legal_form, self.org.sector));
                !self.org.public_body
                    && (naf.starts_with("94")
                        || ["association", "fondation", "but non lucratif", "loi 1901"]
                            .iter()
                            .any(|w| has_word(&words, w)))
            }
            Condition::Under250 => self.org.headcount.is_some_and(|h| h != H::From250),
            Condition::Profiling => profiling,
            Condition::NoProfiling => !profiling,
            Condition::Staff => {
                self.p.persons_concerned.iter().any(|x| matches!(x.category, D::Employees | D::Candidates))
            }
            Condition::HealthData => self.p.sensitive_data.iter().any(|s| s.category == SpecialCategory::Health),
            Condition::NoSensitiveData => self.p.sensitive_data.is_empty() && self.p.criminal_data.is_none(),
            Condition::NoBiometricData => {
                !self.p.sensitive_data.iter().any(|s| s.category == SpecialCategory::Biometric)
            }
            Condition::Vulnerable => {
                self.detected(AipdCriterion::Vulnerable) || self.p.persons_concerned.iter().any(|x| x.vulnerable)
            }
        }
    }

    fn matches(&self, m: &ListMatch) -> bool {
        if m.is_empty() || !m.conditions.iter().all(|c| self.holds(*c)) {
            return false;
        }
        if !m.has_trigger() {
            return true;
        }
        m.keywords.iter().any(|k| has_word(&self.text, k))
            || self.p.persons_concerned.iter().any(|x| m.persons.contains(&x.category))
            || self.p.data_categories.iter().any(|d| m.data.contains(&d.category))
            || self.p.sensitive_data.iter().any(|s| m.special.contains(&s.category))
    }
}

/// Places open to the public, for Art. 35(3)(c) (folded words, matched by [`has_word`]).
const PUBLIC_AREA_WORDS: &[&str] = &[
    "voie publique",
    "voies publiques",
    "espace public",
    "espaces publics",
    "lieu public",
    "lieux publics",
    "batiments publics",
    "accessible au public",
    "accessibles au public",
    "ouvert au public",
    "ouverts au public",
    "recevant du public",
    "centre commercial",
    "centres commerciaux",
    "magasin",
    "gare",
    "parking",
    "place du marche",
    "rue",
];

/// The list types and Art. 35(3) cases the register entry suggests:
/// `(not_required ids, required ids, cases)`, in list order. Suggestions only.
pub fn suggestions(p: &Processing, org: &crate::model::Organisation) -> (Vec<String>, Vec<String>, Vec<Art35Case>) {
    let hits = aipd_criteria(p, org);
    suggestions_with(p, org, &hits)
}

fn suggestions_with(
    p: &Processing,
    org: &crate::model::Organisation,
    hits: &[CriterionHit],
) -> (Vec<String>, Vec<String>, Vec<Art35Case>) {
    let f = Facts { p, org, hits, text: searchable(p) };
    let a = assets();
    let pick = |list: &[ListType]| list.iter().filter(|t| f.matches(&t.suggest)).map(|t| t.id.clone()).collect();
    let mut cases = Vec::new();
    if p.automated_decision && f.detected(AipdCriterion::Evaluation) {
        cases.push(Art35Case::AutomatedEvaluation);
    }
    if p.large_scale && (!p.sensitive_data.is_empty() || p.criminal_data.is_some()) {
        cases.push(Art35Case::LargeScaleSensitive);
    }
    if p.large_scale
        && f.detected(AipdCriterion::SystematicMonitoring)
        && PUBLIC_AREA_WORDS.iter().any(|w| has_word(&f.text, w))
    {
        cases.push(Art35Case::PublicAreaMonitoring);
    }
    (pick(&a.screening.not_required), pick(&a.screening.required), cases)
}

/// A fresh screening of `p`, pre-filled: detected criteria ticked (the reason as comment),
/// the first suggested type of each list, the suggested Art. 35(3) cases. Not stored.
fn prefilled(p: &Processing, hits: &[CriterionHit], nr: &[String], r: &[String], cases: &[Art35Case]) -> AipdScreening {
    let mut s = AipdScreening::new(p.id);
    s.not_required_type = nr.first().cloned();
    s.required_type = r.first().cloned();
    s.art35_cases = cases.to_vec();
    s.criteria = hits
        .iter()
        .map(|h| CriterionAnswer { criterion: h.criterion, met: true, comment: h.reason_fr.clone() })
        .collect();
    s
}

/// The screening screen of one processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningView {
    pub processing_id: Uuid,
    pub processing_name: String,
    /// Stored, or a fresh unsaved one pre-filled from the register.
    pub screening: AipdScreening,
    pub stored: bool,
    /// The criteria the register points to, with why.
    pub detected: Vec<CriterionHit>,
    /// List types the register suggests (ids), in list order.
    pub suggested_not_required: Vec<String>,
    pub suggested_required: Vec<String>,
    pub suggested_art35: Vec<Art35Case>,
    /// The verdict on `screening`.
    pub verdict: ScreeningVerdict,
}

/// The screening of `processing` (`None` if the bundle has no such processing): the stored
/// one untouched, or a fresh pre-filled one; the register's detections alongside.
pub fn view(bundle: &OrganisationBundle, processing: Uuid) -> Option<ScreeningView> {
    let p = bundle.processings.iter().find(|p| p.id == processing)?;
    let detected = aipd_criteria(p, &bundle.organisation);
    let (nr, r, cases) = suggestions_with(p, &bundle.organisation, &detected);
    let stored = bundle.aipd_screenings.iter().find(|s| s.processing == processing);
    let screening = match stored {
        Some(s) => s.clone(),
        None => prefilled(p, &detected, &nr, &r, &cases),
    };
    let verdict = verdict(&screening);
    Some(ScreeningView {
        processing_id: p.id,
        processing_name: p.name.clone(),
        screening,
        stored: stored.is_some(),
        detected,
        suggested_not_required: nr,
        suggested_required: r,
        suggested_art35: cases,
        verdict,
    })
}

// ------------------------------------------------------------------- overview

/// Where a processing stands for the AIPD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningState {
    /// No screening stored.
    NotScreened,
    /// Concluded (or, without a conclusion, decided by the flow) as required.
    Required,
    /// Concluded (or decided by the flow) as not required.
    NotRequired,
    /// Stored, but neither the user nor the flow has decided.
    Undecided,
}

impl ScreeningState {
    pub fn label_fr(self) -> &'static str {
        match self {
            ScreeningState::NotScreened => "Non analysé",
            ScreeningState::Required => "AIPD requise",
            ScreeningState::NotRequired => "AIPD non requise",
            ScreeningState::Undecided => "À décider",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ScreeningState::NotScreened => "Not screened",
            ScreeningState::Required => "DPIA required",
            ScreeningState::NotRequired => "DPIA not required",
            ScreeningState::Undecided => "To decide",
        }
    }
}

/// An analysis covering a processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AipdRef {
    pub id: Uuid,
    pub title: String,
    pub status: AipdStatus,
    pub version: u32,
}

/// One line of the screening overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreeningRow {
    pub processing_id: Uuid,
    pub processing_name: String,
    pub state: ScreeningState,
    /// Criteria the register points to (before the user's confirmation).
    pub criteria_detected: usize,
    /// The analyses covering the processing that are not archived, oldest first.
    pub aipds: Vec<AipdRef>,
    /// The stored screening, if any.
    pub screening_id: Option<Uuid>,
}

/// The state of a stored screening: the user's conclusion first, else the flow's verdict.
pub fn state_of(s: Option<&AipdScreening>) -> ScreeningState {
    let Some(s) = s else { return ScreeningState::NotScreened };
    match s.conclusion {
        Some(ScreeningConclusion::Required) => ScreeningState::Required,
        Some(ScreeningConclusion::NotRequired) => ScreeningState::NotRequired,
        None => match verdict(s).required {
            Some(true) => ScreeningState::Required,
            Some(false) => ScreeningState::NotRequired,
            None => ScreeningState::Undecided,
        },
    }
}

/// One row per processing still carried out (archived entries are left out), in register
/// order. Archived analyses (replaced by a newer version or abandoned) are not listed, so
/// an empty `aipds` means no analysis is live.
pub fn overview(bundle: &OrganisationBundle) -> Vec<ScreeningRow> {
    bundle
        .processings
        .iter()
        .filter(|p| !p.archived)
        .map(|p| {
            let stored = bundle.aipd_screenings.iter().find(|s| s.processing == p.id);
            ScreeningRow {
                processing_id: p.id,
                processing_name: p.name.clone(),
                state: state_of(stored),
                criteria_detected: aipd_criteria(p, &bundle.organisation).len(),
                aipds: bundle
                    .aipds
                    .iter()
                    .filter(|a| a.status != AipdStatus::Archived && a.processings.contains(&p.id))
                    .map(|a| AipdRef { id: a.id, title: a.title.clone(), status: a.status, version: a.version })
                    .collect(),
                screening_id: stored.map(|s| s.id),
            }
        })
        .collect()
}

// ------------------------------------------------------------------- save

fn invalid(path: &str, code: &str, fr: impl Into<String>, en: impl Into<String>) -> StoreError {
    StoreError::Invalid(vec![Problem::new(path, code, fr, en)])
}

/// A uuid field of `value`, or a problem naming it.
fn uuid_field(value: &Value, field: &str, fr: &str, en: &str) -> Result<Uuid, StoreError> {
    value.get(field).and_then(Value::as_str).and_then(|s| Uuid::parse_str(s).ok()).ok_or_else(|| {
        invalid(
            &format!("/{field}"),
            "required",
            format!("{fr} manque ou est illisible : rouvrez l'analyse préalable depuis la liste des traitements."),
            format!("{en} is missing or unreadable: open the screening again from the list of processings."),
        )
    })
}

/// List ids the assets do not know, as problems (the record's own `validate` cannot see
/// the assets).
fn unknown_list_types(value: &Value) -> Vec<Problem> {
    let a = assets();
    let mut out = Vec::new();
    for (field, required, fr, en) in [
        (
            "not_required_type",
            false,
            "la liste des traitements dispensés d'AIPD",
            "the list of processings needing no DPIA",
        ),
        ("required_type", true, "la liste des traitements soumis à AIPD", "the list of processings requiring a DPIA"),
    ] {
        if let Some(id) = value.get(field).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()) {
            let known = if required { a.required_type(id).is_some() } else { a.not_required_type(id).is_some() };
            if !known {
                out.push(Problem::new(
                    format!("/{field}"),
                    "unknown_list_type",
                    format!("Le type « {id} » n'existe pas dans {fr} de la CNIL : choisissez-en un dans la liste."),
                    format!("Type « {id} » is not on {en} of the CNIL: choose one from the list."),
                ));
            }
        }
    }
    out
}

/// Saves a screening sent by the window (the whole record as JSON), the way
/// [`Dossier::update_record`] saves other records: a valid value is stored and audited; an
/// invalid one is kept as an encrypted draft and its problems returned, the stored record
/// unchanged.
///
/// - Refused (nothing written): no readable `id` or `processing`; a processing that is not
///   in organisation `org`; a second screening of a processing that already has one; a
///   list type the CNIL lists do not have.
/// - The first save of a value that does not pass stores an empty screening of the
///   processing (same id) and keeps the value as its draft, so that typed text survives a
///   lock or a crash.
pub fn save_screening(d: &mut Dossier, org: Uuid, value: &Value) -> Result<RecordUpdate<AipdScreening>, StoreError> {
    if !value.is_object() {
        return Err(invalid(
            "",
            "unreadable",
            "L'analyse préalable reçue n'est pas lisible (objet JSON attendu).",
            "The screening received is unreadable (a JSON object was expected).",
        ));
    }
    let id = uuid_field(value, "id", "L'identifiant de l'analyse préalable", "The screening's identifier")?;
    let processing = uuid_field(value, "processing", "Le traitement analysé", "The processing screened")?;
    let belongs = match d.get::<Processing>(processing) {
        Ok(_) => d.organisation_of(processing)? == org,
        Err(StoreError::UnknownRecord(_)) => false,
        Err(e) => return Err(e),
    };
    if !belongs {
        return Err(invalid(
            "/processing",
            "unknown_processing",
            "Ce traitement n'existe pas (ou plus) dans cet organisme : rouvrez la liste des traitements.",
            "This processing does not exist (any more) in this organisation: open the list of processings again.",
        ));
    }
    if let Some(other) = d.list::<AipdScreening>(org)?.into_iter().find(|s| s.processing == processing && s.id != id) {
        let name = d.get::<Processing>(processing).map(|p| p.name).unwrap_or_default();
        return Err(invalid(
            "/processing",
            "one_per_processing",
            format!(
                "Le traitement « {name} » a déjà une analyse préalable (enregistrée le {}) : modifiez-la plutôt que \
                 d'en créer une seconde.",
                other.created_at.format("%d/%m/%Y")
            ),
            format!(
                "The processing « {name} » already has a screening (saved on {}): edit it rather than creating a \
                 second one.",
                other.created_at.format("%Y-%m-%d")
            ),
        ));
    }
    let unknown = unknown_list_types(value);
    if !unknown.is_empty() {
        return Err(StoreError::Invalid(unknown));
    }
    let exists = match d.get::<AipdScreening>(id) {
        Ok(_) => true,
        Err(StoreError::UnknownRecord(_)) => false,
        Err(e) => return Err(e),
    };
    if !exists {
        let valid =
            crate::documents::json::deserialize_at::<AipdScreening>(value, "").ok().filter(|s| s.validate().is_empty());
        if let Some(s) = valid {
            let record = d.save(org, s)?;
            return Ok(RecordUpdate { saved: true, record, problems: Vec::new() });
        }
        let mut empty = AipdScreening::new(processing);
        empty.id = id;
        d.save(org, empty)?;
    }
    d.update_record::<AipdScreening>(org, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(c: AipdCriterion, met: bool) -> CriterionAnswer {
        CriterionAnswer { criterion: c, met, comment: String::new() }
    }

    #[test]
    fn flow_order() {
        let mut s = AipdScreening::new(Uuid::new_v4());
        assert_eq!(verdict(&s).outcome, ScreeningOutcome::Undecided);
        assert_eq!(verdict(&s).unanswered.len(), 9);
        s.criteria.push(answer(AipdCriterion::LargeScale, false));
        assert_eq!(verdict(&s).outcome, ScreeningOutcome::NoCriterion);
        s.criteria.push(answer(AipdCriterion::Vulnerable, true));
        assert_eq!(verdict(&s).outcome, ScreeningOutcome::OneCriterion);
        assert_eq!(verdict(&s).required, None);
        s.criteria.push(answer(AipdCriterion::SensitiveData, true));
        let v = verdict(&s);
        assert_eq!((v.outcome, v.required, v.criteria_met), (ScreeningOutcome::RequiredByCriteria, Some(true), 2));
        s.not_required_type = Some("nr-02".into());
        assert_eq!(verdict(&s).outcome, ScreeningOutcome::NotRequiredByList);
        s.art35_cases.push(Art35Case::LargeScaleSensitive);
        assert_eq!(verdict(&s).outcome, ScreeningOutcome::RequiredArt35);
        s.required_type = Some("r-13".into());
        let v = verdict(&s);
        assert_eq!(v.outcome, ScreeningOutcome::RequiredByList);
        assert!(v.reasons_fr[0].contains("l'emporte"), "{:?}", v.reasons_fr);
    }

    #[test]
    fn word_start_matching() {
        assert!(has_word("gestion des fournisseurs", "fournisseur"));
        assert!(has_word("sous-fournisseurs", "fournisseur"));
        assert!(!has_word("approvisionnement", "vision"));
        assert!(!has_word("recse", "cse"));
        assert!(has_word("le cse.", "cse"));
        assert!(has_word("gestion de la paie", "paie"));
        assert!(!has_word("suivre les paiements", "paie"));
        assert!(has_word("les hopitaux", "hopitaux"));
        assert!(has_word("geolocalisation des vehicules", "geolocalis*"));
        assert!(!has_word("geolocalisation", "geolocalis"));
        assert!(!has_word("anything", "*"));
    }
}
