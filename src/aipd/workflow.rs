//! The life of an analysis « Évaluation et validation »: what is still missing per section
//! (progress and gaps), the status machine « En cours → En attente de validation → Validée
//! / Refusée → Archivée », versions, and the AIPD figures of the dashboard.
//!
//! Why the rules are here and not in `validate()`: an analysis may be stored half written
//! (the store only refuses what is inconsistent), but it may only be *submitted* when
//! every question is answered, every part evaluated and nothing is « À corriger ». The
//! status machine is a pure function ([`apply`]) so that the window, the CLI and the tests
//! share one set of rules; [`transition`] and [`new_version`] add the store around it.
//!
//! What the CNIL method asks and how it shows here:
//! - the context (6 questions, 2 evaluated parts) and the 12 fundamental principles, each
//!   answered or « Sans objet » and each evaluated;
//! - at least one measure, each evaluated;
//! - for every risk: impacts, threats, sources, linked measures, severity and likelihood
//!   each with its justification; a risk rated « Améliorable » is estimated again after
//!   its corrective actions (the residual estimate);
//! - the DPO's opinion (Art. 35(2)) and the data subjects' view, or why it was not sought
//!   (Art. 35(9));
//! - the controller validates with the four commitments, or refuses with reasons; a
//!   validated analysis is a dated, read-only version, and a new version starts from it.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::risk::{high_residual_risks, HighRiskRule};
use super::screening::ScreeningState;
use crate::model::{common::now, validate};
use crate::model::{
    Aipd, AipdStatus, ContextKey, ContextPart, Estimate, Evaluation, FearedEvent, PrincipleKey, Problem, Rating,
    Refusal, Validation,
};
use crate::security::plan::aipd_in_plan;
use crate::store::{Dossier, StoreError};

/// A section of the analysis, as the progress shows it (the CNIL method's four parts, the
/// risks split from their measures as the PIA software does).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// « Contexte ».
    Context,
    /// « Principes fondamentaux ».
    Principles,
    /// « Mesures ».
    Measures,
    /// « Risques ».
    Risks,
    /// « Validation » (opinions).
    Validation,
}

impl Section {
    pub const ALL: [Section; 5] =
        [Section::Context, Section::Principles, Section::Measures, Section::Risks, Section::Validation];

    pub fn label_fr(self) -> &'static str {
        match self {
            Section::Context => "Contexte",
            Section::Principles => "Principes fondamentaux",
            Section::Measures => "Mesures",
            Section::Risks => "Risques",
            Section::Validation => "Avis et validation",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Section::Context => "Context",
            Section::Principles => "Fundamental principles",
            Section::Measures => "Measures",
            Section::Risks => "Risks",
            Section::Validation => "Opinions and validation",
        }
    }
}

/// How far one section is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SectionProgress {
    pub section: Section,
    /// Items filled in (answers, levels with their justification, links, opinions).
    pub done: usize,
    /// Items the section asks for.
    pub total: usize,
    /// Parts rated « Acceptable » or « Améliorable » (« À corriger » is not done yet).
    pub evaluated: usize,
    /// Parts that need an evaluation (the denominator of `evaluated`).
    pub to_evaluate: usize,
    /// Parts rated « À corriger » (they also appear as gaps).
    pub to_correct: usize,
}

/// One thing still missing before the analysis can be submitted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AipdGap {
    pub section: Section,
    /// JSON pointer in the [`Aipd`] of the field to fill (`/risks/0/initial/likelihood`);
    /// the list itself (`/principles`) when the entry does not exist yet.
    pub path: String,
    /// Stable machine code: `missing_answer`, `not_evaluated`, `to_correct`, `no_measure`,
    /// `missing_feared_event`, `missing_impacts`, `missing_threats`, `missing_sources`,
    /// `missing_measures`, `missing_level`, `missing_justification`, `missing_dpo_name`,
    /// `missing_dpo_opinion`, `missing_data_subjects`.
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
}

impl AipdGap {
    /// The gap as a [`Problem`], for refused transitions.
    pub fn to_problem(&self) -> Problem {
        Problem::new(self.path.clone(), &self.code, self.message_fr.clone(), self.message_en.clone())
    }
}

/// The progress of an analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The five sections, in order.
    pub sections: Vec<SectionProgress>,
    /// 0..=100, every item and every evaluation weighing the same; 100 only when nothing
    /// is missing.
    pub percent: u8,
    /// No gap and nothing « À corriger »: it can be submitted (and validated).
    pub ready_for_validation: bool,
    /// What is missing, in the order of the analysis.
    pub gaps: Vec<AipdGap>,
}

/// Accumulates one section's counts and gaps.
struct Tally<'a> {
    section: Section,
    done: usize,
    total: usize,
    evaluated: usize,
    to_evaluate: usize,
    to_correct: usize,
    gaps: &'a mut Vec<AipdGap>,
}

impl<'a> Tally<'a> {
    fn new(section: Section, gaps: &'a mut Vec<AipdGap>) -> Self {
        Tally { section, done: 0, total: 0, evaluated: 0, to_evaluate: 0, to_correct: 0, gaps }
    }

    fn gap(&mut self, path: String, code: &str, fr: String, en: String) {
        self.gaps.push(AipdGap { section: self.section, path, code: code.to_string(), message_fr: fr, message_en: en });
    }

    /// One item: counted done when `ok`, else a gap.
    fn item(&mut self, ok: bool, path: String, code: &str, fr: String, en: String) {
        self.total += 1;
        if ok {
            self.done += 1;
        } else {
            self.gap(path, code, fr, en);
        }
    }

    /// The evaluation of one part, named `what_fr`/`what_en`.
    fn evaluation(&mut self, e: Option<&Evaluation>, path: String, what_fr: &str, what_en: &str) {
        self.to_evaluate += 1;
        match e {
            None => self.gap(
                path,
                "not_evaluated",
                format!("Évaluez {what_fr} : « À corriger », « Améliorable » ou « Acceptable »."),
                format!("Evaluate {what_en}: « To correct », « Improvable » or « Acceptable »."),
            ),
            Some(e) if e.rating == Rating::ToCorrect => {
                self.to_correct += 1;
                let comment = e.comment.trim();
                self.gap(
                    path,
                    "to_correct",
                    format!(
                        "{} est « À corriger »{} Corrigez, puis faites évaluer de nouveau.",
                        capitalise(what_fr),
                        if comment.is_empty() { ".".to_string() } else { format!(" : {comment}.") }
                    ),
                    format!(
                        "{} is « To correct »{} Correct it, then have it evaluated again.",
                        capitalise(what_en),
                        if comment.is_empty() { ".".to_string() } else { format!(": {comment}.") }
                    ),
                );
            }
            Some(_) => self.evaluated += 1,
        }
    }

    fn finish(self) -> SectionProgress {
        SectionProgress {
            section: self.section,
            done: self.done,
            total: self.total,
            evaluated: self.evaluated,
            to_evaluate: self.to_evaluate,
            to_correct: self.to_correct,
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn filled(s: &str) -> bool {
    !s.trim().is_empty()
}

fn any_filled(v: &[String]) -> bool {
    v.iter().any(|s| filled(s))
}

/// What is done and what is missing in `a`.
pub fn progress(a: &Aipd) -> Progress {
    let mut gaps = Vec::new();
    let sections = vec![
        context_progress(a, &mut gaps),
        principles_progress(a, &mut gaps),
        measures_progress(a, &mut gaps),
        risks_progress(a, &mut gaps),
        validation_progress(a, &mut gaps),
    ];
    let done: usize = sections.iter().map(|s| s.done + s.evaluated).sum();
    let total: usize = sections.iter().map(|s| s.total + s.to_evaluate).sum();
    let percent = (done * 100).checked_div(total).map_or(100, |p| u8::try_from(p).unwrap_or(100));
    let to_correct: usize = sections.iter().map(|s| s.to_correct).sum();
    Progress { sections, percent, ready_for_validation: gaps.is_empty() && to_correct == 0, gaps }
}

fn context_progress(a: &Aipd, gaps: &mut Vec<AipdGap>) -> SectionProgress {
    let mut t = Tally::new(Section::Context, gaps);
    for &key in ContextKey::ALL {
        let found = a.context.answers.iter().position(|x| x.key == key);
        let ok = found.is_some_and(|i| filled(&a.context.answers[i].text));
        t.item(
            ok,
            found.map_or("/context/answers".to_string(), |i| format!("/context/answers/{i}/text")),
            "missing_answer",
            format!("Répondez à la question « {} » du contexte.", key.label_fr()),
            format!("Answer the context question « {} ».", key.label_en()),
        );
    }
    for (part, path, e) in [
        (ContextPart::Overview, "/context/overview_evaluation", a.context.overview_evaluation.as_ref()),
        (ContextPart::DataProcessesSupports, "/context/data_evaluation", a.context.data_evaluation.as_ref()),
    ] {
        t.evaluation(
            e,
            path.to_string(),
            &format!("la partie « {} » du contexte", part.label_fr()),
            &format!("the context part « {} »", part.label_en()),
        );
    }
    t.finish()
}

fn principles_progress(a: &Aipd, gaps: &mut Vec<AipdGap>) -> SectionProgress {
    let mut t = Tally::new(Section::Principles, gaps);
    for &key in PrincipleKey::ALL {
        let found = a.principles.iter().position(|p| p.key == key);
        let p = found.map(|i| &a.principles[i]);
        t.item(
            p.is_some_and(|p| p.not_applicable || filled(&p.text)),
            found.map_or("/principles".to_string(), |i| format!("/principles/{i}/text")),
            "missing_answer",
            format!("Répondez au principe « {} », ou cochez « Sans objet ».", key.label_fr()),
            format!("Answer the principle « {} », or tick « Not applicable ».", key.label_en()),
        );
        t.evaluation(
            p.and_then(|p| p.evaluation.as_ref()),
            found.map_or("/principles".to_string(), |i| format!("/principles/{i}/evaluation")),
            &format!("le principe « {} »", key.label_fr()),
            &format!("the principle « {} »", key.label_en()),
        );
    }
    t.finish()
}

fn measures_progress(a: &Aipd, gaps: &mut Vec<AipdGap>) -> SectionProgress {
    let mut t = Tally::new(Section::Measures, gaps);
    if a.measures.is_empty() {
        t.item(
            false,
            "/measures".to_string(),
            "no_measure",
            "Ajoutez au moins une mesure existante ou prévue (depuis la sécurité, la base de connaissances ou en \
             saisie libre)."
                .to_string(),
            "Add at least one existing or planned measure (from the security checklist, the knowledge base or \
             written freely)."
                .to_string(),
        );
    }
    for (i, m) in a.measures.iter().enumerate() {
        t.item(
            filled(&m.title),
            format!("/measures/{i}/title"),
            "missing_answer",
            "Donnez un intitulé à la mesure.".to_string(),
            "Give the measure a title.".to_string(),
        );
        t.evaluation(
            m.evaluation.as_ref(),
            format!("/measures/{i}/evaluation"),
            &format!("la mesure « {} »", m.title.trim()),
            &format!("the measure « {} »", m.title.trim()),
        );
    }
    t.finish()
}

/// The name of a risk in messages: its title, else its feared event's label.
fn risk_name(r: &crate::model::Risk) -> (String, String) {
    match (filled(&r.title), r.event) {
        (true, _) => (r.title.trim().to_string(), r.title.trim().to_string()),
        (false, Some(e)) => (e.label_fr().to_string(), e.label_en().to_string()),
        (false, None) => ("sans titre".to_string(), "untitled".to_string()),
    }
}

/// Severity and likelihood of one estimate, each with its justification: two items.
fn estimate_items(t: &mut Tally<'_>, e: &Estimate, path: &str, residual: bool, name: &(String, String)) {
    let (fr_kind, en_kind) =
        if residual { (" résiduelle (après les actions correctives)", "residual ") } else { ("", "") };
    for (level, justification, field, fr, en) in [
        (e.severity, &e.severity_justification, "severity", "la gravité", "severity"),
        (e.likelihood, &e.likelihood_justification, "likelihood", "la vraisemblance", "likelihood"),
    ] {
        let (n_fr, n_en) = name;
        match level {
            None => t.item(
                false,
                format!("{path}/{field}"),
                "missing_level",
                format!("Estimez {fr}{fr_kind} du risque « {n_fr} »."),
                format!("Estimate the {en_kind}{en} of the risk « {n_en} »."),
            ),
            Some(_) => t.item(
                filled(justification),
                format!("{path}/{field}_justification"),
                "missing_justification",
                format!("Justifiez {fr}{fr_kind} du risque « {n_fr} »."),
                format!("Justify the {en_kind}{en} of the risk « {n_en} »."),
            ),
        }
    }
}

fn risks_progress(a: &Aipd, gaps: &mut Vec<AipdGap>) -> SectionProgress {
    let mut t = Tally::new(Section::Risks, gaps);
    for &e in FearedEvent::ALL {
        if !a.risks.iter().any(|r| r.event == Some(e)) {
            t.item(
                false,
                "/risks".to_string(),
                "missing_feared_event",
                format!(
                    "Le risque « {} » manque : rétablissez-le (la méthode étudie toujours les trois événements \
                     redoutés).",
                    e.label_fr()
                ),
                format!(
                    "The risk « {} » is missing: restore it (the method always studies the three feared events).",
                    e.label_en()
                ),
            );
        }
    }
    for (i, r) in a.risks.iter().enumerate() {
        let name = risk_name(r);
        let (n_fr, n_en) = (&name.0, &name.1);
        let base = format!("/risks/{i}");
        t.item(
            any_filled(&r.impacts),
            format!("{base}/impacts"),
            "missing_impacts",
            format!("Indiquez les impacts sur les personnes du risque « {n_fr} »."),
            format!("Give the impacts on people of the risk « {n_en} »."),
        );
        t.item(
            any_filled(&r.threats),
            format!("{base}/threats"),
            "missing_threats",
            format!("Indiquez les menaces du risque « {n_fr} »."),
            format!("Give the threats of the risk « {n_en} »."),
        );
        t.item(
            any_filled(&r.sources),
            format!("{base}/sources"),
            "missing_sources",
            format!("Indiquez les sources du risque « {n_fr} » (qui ou quoi pourrait le provoquer)."),
            format!("Give the sources of the risk « {n_en} » (who or what could cause it)."),
        );
        t.item(
            !r.measures.is_empty(),
            format!("{base}/measures"),
            "missing_measures",
            format!("Reliez au moins une mesure au risque « {n_fr} »."),
            format!("Link at least one measure to the risk « {n_en} »."),
        );
        estimate_items(&mut t, &r.initial, &format!("{base}/initial"), false, &name);
        let improvable = r.evaluation.as_ref().is_some_and(|e| e.rating == Rating::Improvable);
        // « Améliorable »: the method estimates the risk again once the corrective actions
        // are done; a residual estimate begun by hand must be finished too, or the map
        // would silently ignore it.
        if improvable || !r.residual.is_empty() {
            estimate_items(&mut t, &r.residual, &format!("{base}/residual"), true, &name);
        }
        t.evaluation(
            r.evaluation.as_ref(),
            format!("{base}/evaluation"),
            &format!("le risque « {n_fr} »"),
            &format!("the risk « {n_en} »"),
        );
    }
    t.finish()
}

fn validation_progress(a: &Aipd, gaps: &mut Vec<AipdGap>) -> SectionProgress {
    let mut t = Tally::new(Section::Validation, gaps);
    t.item(
        a.dpo.no_dpo || filled(&a.dpo.name),
        "/dpo/name".to_string(),
        "missing_dpo_name",
        "Indiquez le nom du délégué à la protection des données qui donne son avis.".to_string(),
        "Give the name of the data protection officer giving the opinion.".to_string(),
    );
    t.item(
        a.dpo.no_dpo || a.dpo.opinion.is_some(),
        "/dpo/opinion".to_string(),
        "missing_dpo_opinion",
        "Recueillez l'avis du délégué à la protection des données : favorable ou défavorable.".to_string(),
        "Record the data protection officer's opinion: favourable or unfavourable.".to_string(),
    );
    let (ok, path, fr, en) = match a.data_subjects.sought {
        None => (
            false,
            "/data_subjects/sought",
            "Dites si l'avis des personnes concernées (ou de leurs représentants) a été recherché.",
            "Say whether the view of the data subjects (or their representatives) was sought.",
        ),
        Some(true) => (
            a.data_subjects.opinion.is_some(),
            "/data_subjects/opinion",
            "Indiquez l'avis des personnes concernées consultées : favorable ou défavorable.",
            "Give the view of the data subjects consulted: favourable or unfavourable.",
        ),
        Some(false) => (
            filled(&a.data_subjects.not_sought_reason),
            "/data_subjects/not_sought_reason",
            "Expliquez pourquoi l'avis des personnes concernées n'a pas été recherché.",
            "Explain why the data subjects' view was not sought.",
        ),
    };
    t.item(ok, path.to_string(), "missing_data_subjects", fr.to_string(), en.to_string());
    t.finish()
}

// ------------------------------------------------------------------------- status machine

/// A change of status asked by the user, e.g. `{"type": "submit"}` or
/// `{"type": "refuse", "refusal": {"by": "…", "refused_on": "2026-03-02", "reason": "…"}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Transition {
    /// « Soumettre à validation »: from « En cours », or « Refusée » once the changes are described.
    Submit,
    /// « Remettre en cours »: back from « En attente de validation » to edit it.
    Reopen,
    /// « Valider »: the controller accepts it, with the four commitments.
    Validate { validation: Validation },
    /// « Refuser »: the controller refuses it, with the reason.
    Refuse { refusal: Refusal },
    /// « Archiver »: kept for the record, read-only.
    Archive,
}

impl Transition {
    fn verb_fr(&self) -> &'static str {
        match self {
            Transition::Submit => "soumettre à validation",
            Transition::Reopen => "remettre en cours",
            Transition::Validate { .. } => "valider",
            Transition::Refuse { .. } => "refuser",
            Transition::Archive => "archiver",
        }
    }

    fn verb_en(&self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Reopen => "reopen",
            Transition::Validate { .. } => "validate",
            Transition::Refuse { .. } => "refuse",
            Transition::Archive => "archive",
        }
    }
}

/// The refusal of `t` from `status`, saying what to do instead.
fn not_allowed(t: &Transition, status: AipdStatus) -> Problem {
    let (fr, en) = match (status, t) {
        (AipdStatus::InProgress, Transition::Reopen) => {
            ("L'analyse est déjà en cours : vous pouvez la modifier.", "The analysis is already in progress: you can edit it.")
        }
        (AipdStatus::InProgress, _) => (
            "Soumettez d'abord l'analyse à validation, une fois toutes les parties remplies et évaluées.",
            "First submit the analysis for validation, once every part is filled in and evaluated.",
        ),
        (AipdStatus::AwaitingValidation, _) => (
            "L'analyse attend déjà sa validation : validez-la, refusez-la, ou remettez-la en cours pour la modifier.",
            "The analysis is already awaiting validation: validate it, refuse it, or reopen it to edit it.",
        ),
        (AipdStatus::Refused, _) => (
            "L'analyse a été refusée : corrigez-la, décrivez les modifications apportées, puis soumettez-la de nouveau.",
            "The analysis was refused: correct it, describe the changes made, then submit it again.",
        ),
        (AipdStatus::Validated, _) => (
            "L'analyse est validée et ne change plus : créez une nouvelle version pour la faire évoluer.",
            "The analysis is validated and no longer changes: start a new version to update it.",
        ),
        (AipdStatus::Archived, _) => (
            "L'analyse est archivée et ne change plus : créez une nouvelle version si besoin.",
            "The analysis is archived and no longer changes: start a new version if needed.",
        ),
    };
    Problem::new(
        "/status",
        "transition_not_allowed",
        format!("Impossible de {} une analyse « {} ». {fr}", t.verb_fr(), status.label_fr()),
        format!("Cannot {} an analysis that is « {} ». {en}", t.verb_en(), status.label_en()),
    )
}

/// Problems of a date typed by the user (outside 1900–2200), at `path`.
fn date_problems(path: &str, d: NaiveDate) -> Vec<Problem> {
    validate::date(d).err().map(|e| e.at(path)).into_iter().collect()
}

/// The problems that keep `a` from being submitted or validated: one summary, then every gap.
fn readiness_problems(a: &Aipd) -> Vec<Problem> {
    let p = progress(a);
    if p.ready_for_validation {
        return Vec::new();
    }
    let n = p.gaps.len();
    let mut out = vec![Problem::new(
        "",
        "not_ready",
        format!(
            "L'analyse n'est pas prête pour la validation : {n} point{} à compléter ou à corriger (voir la \
             progression de chaque partie).",
            if n > 1 { "s restent" } else { " reste" }
        ),
        format!(
            "The analysis is not ready for validation: {n} point{} to complete or correct (see each part's \
             progress).",
            if n > 1 { "s remain" } else { " remains" }
        ),
    )];
    out.extend(p.gaps.iter().map(AipdGap::to_problem));
    out
}

/// The analysis after `t`, or every reason it is refused (FR/EN, saying what to do).
/// Pure: nothing is saved, timestamps are the store's business.
pub fn apply(a: &Aipd, t: &Transition) -> Result<Aipd, Vec<Problem>> {
    let mut next = a.clone();
    match (a.status, t) {
        (AipdStatus::InProgress | AipdStatus::Refused, Transition::Submit) => {
            let mut problems = Vec::new();
            if a.status == AipdStatus::Refused {
                if let Some(last) = a.refusals.len().checked_sub(1) {
                    if !filled(&a.refusals[last].changes) {
                        problems.push(Problem::new(
                            format!("/refusals/{last}/changes"),
                            "changes_required",
                            "Décrivez les modifications apportées depuis le refus avant de soumettre de nouveau \
                             l'analyse.",
                            "Describe the changes made since the refusal before submitting the analysis again.",
                        ));
                    }
                }
            }
            problems.extend(readiness_problems(a));
            if !problems.is_empty() {
                return Err(problems);
            }
            next.status = AipdStatus::AwaitingValidation;
        }
        (AipdStatus::AwaitingValidation, Transition::Reopen) => next.status = AipdStatus::InProgress,
        (AipdStatus::AwaitingValidation, Transition::Validate { validation: v }) => {
            let mut problems = Vec::new();
            if !filled(&v.validator) {
                problems.push(Problem::new(
                    "/validation/validator",
                    "required",
                    "Indiquez le nom de la personne qui valide pour le responsable du traitement.",
                    "Give the name of the person validating for the controller.",
                ));
            }
            problems.extend(date_problems("/validation/validated_on", v.validated_on));
            let missing: Vec<(&str, &str)> = [
                (v.context_accurate, "le contexte décrit est conforme à la réalité", "the context is accurate"),
                (v.risks_known, "les risques sont connus", "the risks are known"),
                (
                    v.measures_approved,
                    "les mesures correctives sont approuvées",
                    "the corrective measures are approved",
                ),
                (v.commitment, "l'engagement à les mettre en œuvre", "the commitment to carry them out"),
            ]
            .into_iter()
            .filter(|(ticked, _, _)| !ticked)
            .map(|(_, fr, en)| (fr, en))
            .collect();
            if !missing.is_empty() {
                problems.push(Problem::new(
                    "/validation",
                    "commitments",
                    format!(
                        "Valider l'analyse demande de cocher les quatre engagements ; manque : {}.",
                        missing.iter().map(|m| m.0).collect::<Vec<_>>().join(" ; ")
                    ),
                    format!(
                        "Validating the analysis requires ticking the four commitments; missing: {}.",
                        missing.iter().map(|m| m.1).collect::<Vec<_>>().join("; ")
                    ),
                ));
            }
            // edited while waiting (it stays editable): check again
            problems.extend(readiness_problems(a));
            if !problems.is_empty() {
                return Err(problems);
            }
            if !filled(&next.validator) {
                next.validator = v.validator.trim().to_string();
            }
            next.validation = Some(v.clone());
            next.status = AipdStatus::Validated;
        }
        (AipdStatus::AwaitingValidation, Transition::Refuse { refusal: r }) => {
            let mut problems = Vec::new();
            if !filled(&r.reason) {
                problems.push(Problem::new(
                    "/refusal/reason",
                    "required",
                    "Donnez le motif du refus : ce qu'il faut revoir avant une nouvelle soumission.",
                    "Give the reason for the refusal: what must be reviewed before submitting again.",
                ));
            }
            problems.extend(date_problems("/refusal/refused_on", r.refused_on));
            if !problems.is_empty() {
                return Err(problems);
            }
            next.refusals.push(r.clone());
            next.status = AipdStatus::Refused;
        }
        (
            AipdStatus::InProgress | AipdStatus::AwaitingValidation | AipdStatus::Refused | AipdStatus::Validated,
            Transition::Archive,
        ) => next.status = AipdStatus::Archived,
        (status, t) => return Err(vec![not_allowed(t, status)]),
    }
    // what is stored must stay valid (an analysis already broken is not made worse silently)
    let problems = crate::model::Record::validate(&next);
    if problems.is_empty() {
        Ok(next)
    } else {
        Err(problems)
    }
}

/// Loads the analysis `id` of organisation `org`.
fn load(d: &Dossier, org: Uuid, id: Uuid) -> Result<Aipd, StoreError> {
    let a: Aipd = d.get(id)?;
    if d.organisation_of(id)? != org {
        return Err(StoreError::UnknownRecord(id));
    }
    Ok(a)
}

/// Applies `t` to the stored analysis and saves it (one audited change). Validating a
/// version whose previous version is validated archives that one (a second audited
/// change): only the newest validated version is in force. A frozen analysis keeps no
/// draft (the autosave of an edit refused as read-only has nothing to finish later).
pub fn transition(d: &mut Dossier, org: Uuid, id: Uuid, t: &Transition) -> Result<Aipd, StoreError> {
    let current = load(d, org, id)?;
    let next = apply(&current, t).map_err(StoreError::Invalid)?;
    let saved = d.save(org, next)?;
    if matches!(t, Transition::Validate { .. }) {
        if let Some(prev) = saved.previous_version {
            match load(d, org, prev) {
                Ok(mut p) if p.status == AipdStatus::Validated => {
                    p.status = AipdStatus::Archived;
                    d.save(org, p)?;
                }
                Ok(_) | Err(StoreError::UnknownRecord(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    if saved.is_frozen() {
        d.discard_record_draft(id)?;
    }
    Ok(saved)
}

/// The next version of a validated (or archived) analysis, not saved: a new id, version +
/// 1, back to « En cours », pointing to `a`. The content and the inner ids (measures,
/// risks, actions) are kept so that links and the follow-up of actions carry over; what
/// belongs to the old version's review is cleared: evaluations, opinions, validation and
/// refusals. Actions are all kept, done ones as history.
pub fn next_version(a: &Aipd) -> Aipd {
    let mut n = a.clone();
    let t = now();
    n.id = Uuid::new_v4();
    n.created_at = t;
    n.updated_at = t;
    n.version = a.version.saturating_add(1);
    n.previous_version = Some(a.id);
    n.status = AipdStatus::InProgress;
    n.context.overview_evaluation = None;
    n.context.data_evaluation = None;
    n.principles.iter_mut().for_each(|p| p.evaluation = None);
    n.measures.iter_mut().for_each(|m| m.evaluation = None);
    n.risks.iter_mut().for_each(|r| r.evaluation = None);
    n.dpo = Default::default();
    n.data_subjects = Default::default();
    n.validation = None;
    n.refusals.clear();
    n
}

/// Starts and saves a new version of the validated (or archived) analysis `id`. Refused
/// for an analysis still being written (edit it instead) and when a newer version exists
/// already (continue that one: versions stay a single line).
pub fn new_version(d: &mut Dossier, org: Uuid, id: Uuid) -> Result<Aipd, StoreError> {
    let a = load(d, org, id)?;
    if !a.is_frozen() {
        return Err(StoreError::Invalid(vec![Problem::new(
            "/status",
            "not_validated",
            format!(
                "Une nouvelle version part d'une analyse validée ou archivée ; celle-ci est « {} » : modifiez-la \
                 directement.",
                a.status.label_fr()
            ),
            format!(
                "A new version starts from a validated or archived analysis; this one is « {} »: edit it directly.",
                a.status.label_en()
            ),
        )]));
    }
    if let Some(newer) = d.list::<Aipd>(org)?.into_iter().find(|b| b.previous_version == Some(id)) {
        return Err(StoreError::Invalid(vec![Problem::new(
            "/id",
            "version_exists",
            format!(
                "La version {} de cette analyse existe déjà (« {} ») : partez de celle-ci plutôt que d'en créer une \
                 autre.",
                newer.version,
                newer.status.label_fr()
            ),
            format!(
                "Version {} of this analysis exists already (« {} »): start from it rather than creating another.",
                newer.version,
                newer.status.label_en()
            ),
        )]));
    }
    d.save(org, next_version(&a))
}

/// One version of an analysis, for the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionRow {
    pub id: Uuid,
    pub version: u32,
    pub status: AipdStatus,
    pub validated_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// Every version of the analysis `id` (older and newer ones), oldest first; empty when
/// `id` is not in the bundle. Loops and forks (a hand-edited file) cannot hang it: each
/// analysis is listed once, and of two successors the lower version is followed.
pub fn versions(bundle: &crate::model::OrganisationBundle, id: Uuid) -> Vec<VersionRow> {
    let find = |id: Uuid| bundle.aipds.iter().find(|a| a.id == id);
    let Some(start) = find(id) else { return Vec::new() };
    let mut seen: HashSet<Uuid> = HashSet::from([start.id]);
    let mut older = Vec::new();
    let mut cur = start;
    while let Some(p) = cur.previous_version.and_then(find) {
        if !seen.insert(p.id) {
            break;
        }
        older.push(p);
        cur = p;
    }
    let mut chain: Vec<&Aipd> = older.into_iter().rev().collect();
    chain.push(start);
    let mut cur = start;
    while let Some(n) = bundle
        .aipds
        .iter()
        .filter(|b| b.previous_version == Some(cur.id) && !seen.contains(&b.id))
        .min_by_key(|b| (b.version, b.created_at))
    {
        seen.insert(n.id);
        chain.push(n);
        cur = n;
    }
    chain
        .into_iter()
        .map(|a| VersionRow {
            id: a.id,
            version: a.version,
            status: a.status,
            validated_on: a.validation.as_ref().map(|v| v.validated_on),
            created_at: a.created_at,
        })
        .collect()
}

/// What the dashboard « Tableau de bord » shows of the AIPDs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AipdDashboard {
    /// Processings in use without a screening « À examiner ».
    pub to_screen: usize,
    /// Processings whose screening says « AIPD requise » and that no analysis in use covers
    /// (an archived one does not count).
    pub required_without_aipd: usize,
    /// Analyses « En cours ».
    pub in_progress: usize,
    /// Analyses « En attente de validation ».
    pub awaiting_validation: usize,
    /// Analyses « Validée ».
    pub validated: usize,
    /// Analyses « Refusée » (to correct).
    pub refused: usize,
    /// Titles of the analyses in use (the newest version of each) with a risk that stays
    /// high: the CNIL must be consulted before the processing starts (Art. 36).
    pub prior_consultation: Vec<String>,
}

/// The AIPD figures of an organisation. The screening figures come from
/// [`super::screening::overview`], so that the dashboard and the screening list agree (the
/// user's conclusion first, else the flow's verdict).
pub fn dashboard(bundle: &crate::model::OrganisationBundle) -> AipdDashboard {
    let in_use = |a: &&Aipd| aipd_in_plan(a, &bundle.aipds);
    let rows = super::screening::overview(bundle);
    let to_screen = rows.iter().filter(|r| r.state == ScreeningState::NotScreened).count();
    let required_without_aipd =
        rows.iter().filter(|r| r.state == ScreeningState::Required && r.aipds.is_empty()).count();
    let count = |s: AipdStatus| bundle.aipds.iter().filter(|a| a.status == s).count();
    let rule = HighRiskRule::default();
    AipdDashboard {
        to_screen,
        required_without_aipd,
        in_progress: count(AipdStatus::InProgress),
        awaiting_validation: count(AipdStatus::AwaitingValidation),
        validated: count(AipdStatus::Validated),
        refused: count(AipdStatus::Refused),
        prior_consultation: bundle
            .aipds
            .iter()
            .filter(in_use)
            .filter(|a| !high_residual_risks(a, &rule).is_empty())
            .map(|a| a.title.clone())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AipdMeasure, ContextAnswer, CorrectiveAction, DpoOpinion, Level, Opinion, PartRef, PrincipleAnswer,
    };

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ok() -> Option<Evaluation> {
        Some(Evaluation {
            rating: Rating::Acceptable,
            comment: String::new(),
            evaluator: "E".into(),
            evaluated_on: None,
        })
    }

    fn est(s: Level, l: Level) -> Estimate {
        Estimate {
            severity: Some(s),
            severity_justification: "parce que".into(),
            likelihood: Some(l),
            likelihood_justification: "parce que".into(),
        }
    }

    /// A complete analysis, ready for validation.
    fn complete() -> Aipd {
        let mut a = Aipd::new("Vidéoprotection");
        a.context.answers = ContextKey::ALL.iter().map(|&key| ContextAnswer { key, text: "Réponse".into() }).collect();
        a.context.overview_evaluation = ok();
        a.context.data_evaluation = ok();
        a.principles = PrincipleKey::ALL
            .iter()
            .map(|&key| PrincipleAnswer {
                key,
                text: String::new(),
                not_applicable: key == PrincipleKey::Consent || key == PrincipleKey::Transfers,
                evaluation: ok(),
            })
            .collect();
        for p in &mut a.principles {
            if !p.not_applicable {
                p.text = "Réponse".into();
            }
        }
        let mut m = AipdMeasure::new("Journalisation");
        m.evaluation = ok();
        for r in &mut a.risks {
            r.impacts = vec!["Atteinte à la vie privée".into()];
            r.threats = vec!["Consultation abusive".into()];
            r.sources = vec!["Agent".into()];
            r.measures = vec![m.id];
            r.initial = est(Level::Limited, Level::Limited);
            r.evaluation = ok();
        }
        a.measures.push(m);
        a.dpo = DpoOpinion {
            no_dpo: false,
            name: "Sophie Lambert".into(),
            opinion: Some(Opinion::Favourable),
            text: "Avis".into(),
            given_on: None,
        };
        a.data_subjects.sought = Some(false);
        a.data_subjects.not_sought_reason = "Voie publique".into();
        a
    }

    #[test]
    fn empty_analysis_lists_every_gap_and_weighs_items() {
        let a = Aipd::new("X");
        let p = progress(&a);
        assert_eq!(p.percent, 0);
        assert!(!p.ready_for_validation);
        let s: Vec<(usize, usize, usize, usize)> =
            p.sections.iter().map(|s| (s.done, s.total, s.evaluated, s.to_evaluate)).collect();
        assert_eq!(s, [(0, 6, 0, 2), (0, 12, 0, 12), (0, 1, 0, 0), (0, 18, 0, 3), (0, 3, 0, 0)]);
        assert_eq!(p.gaps.len(), 6 + 2 + 24 + 1 + 21 + 3);
        assert_eq!(p.gaps[0].path, "/context/answers");
        assert!(p.gaps.iter().any(|g| g.path == "/risks/0/initial/likelihood" && g.code == "missing_level"));
        let c = complete();
        let p = progress(&c);
        assert!(p.gaps.is_empty(), "{:#?}", p.gaps);
        assert_eq!(p.percent, 100);
        assert!(p.ready_for_validation);
    }

    #[test]
    fn justifications_to_correct_and_residual_estimates() {
        let mut a = complete();
        a.risks[0].initial.likelihood_justification = " ".into();
        let p = progress(&a);
        assert_eq!(p.gaps.len(), 1);
        assert_eq!(p.gaps[0].path, "/risks/0/initial/likelihood_justification");
        assert_eq!(p.gaps[0].message_fr, "Justifiez la vraisemblance du risque « Accès illégitime à des données ».");
        assert!(p.percent < 100 && p.percent >= 98, "{}", p.percent);

        let mut a = complete();
        a.principles[3].evaluation = Some(Evaluation {
            rating: Rating::ToCorrect,
            comment: "Préciser".into(),
            evaluator: String::new(),
            evaluated_on: None,
        });
        let p = progress(&a);
        assert!(!p.ready_for_validation);
        assert_eq!(p.sections[1].to_correct, 1);
        assert_eq!(p.sections[1].evaluated, 11);
        assert_eq!(p.gaps[0].code, "to_correct");
        assert!(p.gaps[0].message_fr.contains("Préciser"), "{}", p.gaps[0].message_fr);

        // « Améliorable » asks for the residual estimate
        let mut a = complete();
        let risk = a.risks[1].id;
        a.risks[1].evaluation = Some(Evaluation { rating: Rating::Improvable, ..ok().unwrap() });
        a.actions.push(CorrectiveAction::new(PartRef::Risk { id: risk }, "Chiffrer"));
        let p = progress(&a);
        let paths: Vec<&str> = p.gaps.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(paths, ["/risks/1/residual/severity", "/risks/1/residual/likelihood"]);
        a.risks[1].residual = est(Level::Negligible, Level::Limited);
        assert!(progress(&a).ready_for_validation);
        // a feared event removed is a gap
        a.risks.remove(2);
        assert_eq!(progress(&a).gaps[0].code, "missing_feared_event");
    }

    #[test]
    fn status_machine_happy_path_and_refusal() {
        let a = complete();
        let sub = apply(&a, &Transition::Submit).unwrap();
        assert_eq!(sub.status, AipdStatus::AwaitingValidation);
        let refusal = Refusal {
            by: "Maire".into(),
            refused_on: day(2026, 3, 2),
            reason: "Revoir".into(),
            changes: String::new(),
        };
        let refused = apply(&sub, &Transition::Refuse { refusal }).unwrap();
        assert_eq!(refused.status, AipdStatus::Refused);
        assert_eq!(refused.context.overview_evaluation, a.context.overview_evaluation, "evaluations are kept");
        let err = apply(&refused, &Transition::Submit).unwrap_err();
        assert_eq!(err[0].path, "/refusals/0/changes");
        let mut fixed = refused.clone();
        fixed.refusals[0].changes = "Durée revue".into();
        let again = apply(&fixed, &Transition::Submit).unwrap();
        let v = Validation {
            validator: "Alain Roussel".into(),
            role: "Maire".into(),
            validated_on: day(2026, 3, 10),
            context_accurate: true,
            risks_known: true,
            measures_approved: true,
            commitment: false,
            comment: String::new(),
        };
        let err = apply(&again, &Transition::Validate { validation: v.clone() }).unwrap_err();
        assert_eq!(err[0].code, "commitments");
        assert!(err[0].message_fr.contains("l'engagement à les mettre en œuvre"));
        let done = apply(&again, &Transition::Validate { validation: Validation { commitment: true, ..v } }).unwrap();
        assert_eq!(done.status, AipdStatus::Validated);
        assert_eq!(done.validator, "Alain Roussel");
        assert_eq!(apply(&done, &Transition::Submit).unwrap_err()[0].code, "transition_not_allowed");
        assert_eq!(apply(&done, &Transition::Archive).unwrap().status, AipdStatus::Archived);
    }

    #[test]
    fn next_version_clears_the_review_and_keeps_content() {
        let mut a = complete();
        a.status = AipdStatus::Validated;
        a.actions.push(CorrectiveAction::new(PartRef::General, "Former"));
        let n = next_version(&a);
        assert_ne!(n.id, a.id);
        assert_eq!((n.version, n.previous_version, n.status), (2, Some(a.id), AipdStatus::InProgress));
        assert_eq!(n.measures[0].id, a.measures[0].id);
        assert_eq!(n.actions, a.actions);
        assert!(n.measures[0].evaluation.is_none() && n.dpo.opinion.is_none() && n.data_subjects.sought.is_none());
        assert!(crate::model::Record::validate(&n).is_empty());
        let p = progress(&n);
        assert_eq!(p.sections[0].done, 6, "answers are kept");
        assert_eq!(p.sections[0].evaluated, 0);
    }
}
