//! The data protection impact assessment « Analyse d'impact relative à la protection des
//! données (AIPD) » (Art. 35 GDPR), following the CNIL method (« PIA »): the screening of a
//! processing (is an AIPD required?), then the analysis itself — context, fundamental
//! principles, measures, risks rated on the 4-level scales of severity and likelihood —
//! with its evaluations, opinions, validation and corrective actions.
//!
//! Two records:
//! - [`AipdScreening`], one per processing (the core keeps the first): the reasoning of
//!   « Dois-je faire une AIPD ? », stored and printable even when the answer is no;
//! - [`Aipd`], one per analysis; it covers one processing or a set of similar ones
//!   (Art. 35(1)) and points to them by id.
//!
//! What is derived — the screening's verdict, the high residual risk rule, progress, the
//! status machine — lives in [`crate::aipd`]; these types hold what the user said, and
//! `validate()` only the rules that must always hold (links inside the analysis resolve,
//! « Améliorable » has a corrective action, a validation carries its four commitments…).
//! A validated analysis is frozen: [`Record::check_replace`] refuses any change but its
//! archiving and the follow-up of its corrective actions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::now;
use super::validate::Checker;
use super::{Problem, Record, RecordKind};
pub use crate::register::obligations::AipdCriterion;

labelled_enum! {
    /// A level of the CNIL's 4-level scales, for severity « Gravité » and likelihood
    /// « Vraisemblance » alike.
    pub enum Level {
        /// 1 « Négligeable ».
        Negligible => ("Négligeable", "Negligible"),
        /// 2 « Limitée ».
        Limited => ("Limitée", "Limited"),
        /// 3 « Importante ».
        Significant => ("Importante", "Significant"),
        /// 4 « Maximale ».
        Maximum => ("Maximale", "Maximum"),
    }
}

impl Level {
    /// 1 (Négligeable) to 4 (Maximale), the value of the PIA software's gauges.
    pub fn value(self) -> u8 {
        match self {
            Level::Negligible => 1,
            Level::Limited => 2,
            Level::Significant => 3,
            Level::Maximum => 4,
        }
    }

    /// The level of a gauge value 1..=4; `None` for 0 (« Non définie ») or anything else.
    pub fn from_value(v: u8) -> Option<Level> {
        match v {
            1 => Some(Level::Negligible),
            2 => Some(Level::Limited),
            3 => Some(Level::Significant),
            4 => Some(Level::Maximum),
            _ => None,
        }
    }
}

labelled_enum! {
    /// Where an analysis stands « Statut ».
    #[derive(Default)]
    pub enum AipdStatus {
        /// « En cours »: being written or corrected.
        #[default]
        InProgress => ("En cours", "In progress"),
        /// « En attente de validation »: complete and evaluated, waiting for the controller.
        AwaitingValidation => ("En attente de validation", "Awaiting validation"),
        /// « Validée »: accepted by the controller; read-only from then on.
        Validated => ("Validée", "Validated"),
        /// « Refusée »: the controller refused it, with reasons; to be corrected.
        Refused => ("Refusée", "Refused"),
        /// « Archivée »: kept for the record (replaced by a newer version or abandoned).
        Archived => ("Archivée", "Archived"),
    }
}

labelled_enum! {
    /// The evaluation of one part of the analysis « Évaluation ».
    pub enum Rating {
        /// « À corriger »: goes back to the author, with a comment.
        ToCorrect => ("À corriger", "To correct"),
        /// « Améliorable »: acceptable once a corrective action is carried out.
        Improvable => ("Améliorable", "Improvable"),
        /// « Acceptable ».
        Acceptable => ("Acceptable", "Acceptable"),
    }
}

labelled_enum! {
    /// An opinion on the processing (DPO, data subjects) « Avis ».
    pub enum Opinion {
        /// « Favorable »: the processing can be carried out.
        Favourable => ("Favorable : le traitement peut être mis en œuvre", "Favourable: the processing can go ahead"),
        /// « Défavorable »: the processing should not be carried out as it stands.
        Unfavourable => (
            "Défavorable : le traitement ne devrait pas être mis en œuvre en l'état",
            "Unfavourable: the processing should not go ahead as it stands"
        ),
    }
}

labelled_enum! {
    /// The three feared events of the CNIL method « Événement redouté ».
    pub enum FearedEvent {
        /// « Accès illégitime à des données » (confidentiality).
        IllegitimateAccess => ("Accès illégitime à des données", "Illegitimate access to data"),
        /// « Modification non désirée de données » (integrity).
        UnwantedModification => ("Modification non désirée de données", "Unwanted modification of data"),
        /// « Disparition de données » (availability).
        Disappearance => ("Disparition de données", "Data disappearance"),
    }
}

impl FearedEvent {
    /// The one-letter label of the risk map: A, M, D in French.
    pub fn letter_fr(self) -> &'static str {
        match self {
            FearedEvent::IllegitimateAccess => "A",
            FearedEvent::UnwantedModification => "M",
            FearedEvent::Disappearance => "D",
        }
    }

    /// The one-letter label of the risk map in English: I, U, D.
    pub fn letter_en(self) -> &'static str {
        match self {
            FearedEvent::IllegitimateAccess => "I",
            FearedEvent::UnwantedModification => "U",
            FearedEvent::Disappearance => "D",
        }
    }
}

labelled_enum! {
    /// A question of the context « Contexte » (CNIL PIA items 1.1 and 1.2).
    pub enum ContextKey {
        /// 1.1 « Quel est le traitement étudié ? » (name, purposes, stakes, context).
        Overview => ("Présentation du traitement", "The processing under study"),
        /// 1.1 « Quelles sont les responsabilités liées au traitement ? »
        Responsibilities => ("Responsabilités", "Responsibilities"),
        /// 1.1 « Quels sont les référentiels applicables ? »
        Standards => ("Référentiels applicables", "Applicable standards"),
        /// 1.2 « Quelles sont les données traitées ? »
        Data => ("Données traitées", "Data processed"),
        /// 1.2 « Comment se déroule le cycle de vie des données ? »
        LifeCycle => ("Cycle de vie des données", "Data life cycle"),
        /// 1.2 « Quels sont les supports des données ? »
        Supports => ("Supports des données", "Data supporting assets"),
    }
}

impl ContextKey {
    /// The PIA software's question id (111…123).
    pub fn pia_question(self) -> u16 {
        match self {
            ContextKey::Overview => 111,
            ContextKey::Responsibilities => 112,
            ContextKey::Standards => 113,
            ContextKey::Data => 121,
            ContextKey::LifeCycle => 122,
            ContextKey::Supports => 123,
        }
    }

    /// The part the question belongs to (its evaluation is per part).
    pub fn part(self) -> ContextPart {
        match self {
            ContextKey::Overview | ContextKey::Responsibilities | ContextKey::Standards => ContextPart::Overview,
            _ => ContextPart::DataProcessesSupports,
        }
    }
}

labelled_enum! {
    /// The two evaluated parts of the context.
    pub enum ContextPart {
        /// 1.1 « Vue d'ensemble ».
        Overview => ("Vue d'ensemble", "Overview"),
        /// 1.2 « Données, processus et supports ».
        DataProcessesSupports => ("Données, processus et supports", "Data, processes and supporting assets"),
    }
}

labelled_enum! {
    /// A fundamental principle « Principe fondamental » (CNIL PIA items 2.1 and 2.2), each
    /// answered and evaluated on its own.
    pub enum PrincipleKey {
        /// 2.1 « Finalités » (211).
        Purposes => ("Finalités déterminées, explicites et légitimes", "Specified, explicit and legitimate purposes"),
        /// 2.1 « Fondement » (212).
        LegalBasis => ("Fondement juridique (licéité)", "Legal basis (lawfulness)"),
        /// 2.1 « Données adéquates » (213).
        Minimisation => ("Données adéquates, pertinentes et limitées (minimisation)", "Adequate, relevant and limited data (minimisation)"),
        /// 2.1 « Données exactes » (214).
        Accuracy => ("Données exactes et tenues à jour", "Accurate and up-to-date data"),
        /// 2.1 « Durée de conservation » (215).
        Retention => ("Durées de conservation", "Storage durations"),
        /// 2.2 « Information des personnes » (221).
        Information => ("Information des personnes", "Information of data subjects"),
        /// 2.2 « Recueil du consentement » (222), if applicable.
        Consent => ("Recueil du consentement (le cas échéant)", "Obtaining consent (if applicable)"),
        /// 2.2 « Droit d'accès et à la portabilité » (223).
        AccessPortability => ("Droit d'accès et droit à la portabilité", "Right of access and to data portability"),
        /// 2.2 « Droit de rectification et d'effacement » (224).
        RectificationErasure => ("Droit de rectification et droit à l'effacement", "Right to rectification and erasure"),
        /// 2.2 « Droit de limitation et d'opposition » (225).
        RestrictionObjection => ("Droit à la limitation et droit d'opposition", "Right to restriction and to object"),
        /// 2.2 « Sous-traitance » (226).
        Processors => ("Sous-traitants : obligations définies et contractualisées", "Processors: obligations defined by contract"),
        /// 2.2 « Transferts » (227).
        Transfers => ("Transferts hors de l'Union européenne", "Transfers outside the European Union"),
    }
}

impl PrincipleKey {
    /// The PIA software's question id (211…227).
    pub fn pia_question(self) -> u16 {
        match self {
            PrincipleKey::Purposes => 211,
            PrincipleKey::LegalBasis => 212,
            PrincipleKey::Minimisation => 213,
            PrincipleKey::Accuracy => 214,
            PrincipleKey::Retention => 215,
            PrincipleKey::Information => 221,
            PrincipleKey::Consent => 222,
            PrincipleKey::AccessPortability => 223,
            PrincipleKey::RectificationErasure => 224,
            PrincipleKey::RestrictionObjection => 225,
            PrincipleKey::Processors => 226,
            PrincipleKey::Transfers => 227,
        }
    }

    /// True for 2.1 « Proportionnalité et nécessité », false for 2.2 « Mesures protectrices
    /// des droits ».
    pub fn is_proportionality(self) -> bool {
        self.pia_question() < 220
    }
}

labelled_enum! {
    /// Family of a measure in the CNIL knowledge base « Famille de mesure ».
    pub enum MeasureFamily {
        /// « Mesures sur les données » (encryption, minimisation, access control…).
        OnData => ("Mesure sur les données", "Measure on the data"),
        /// « Mesures générales de sécurité du système » (backups, network, physical…).
        GeneralSecurity => ("Mesure générale de sécurité du système", "General system security measure"),
        /// « Mesures organisationnelles » (policy, staff, incidents, third parties…).
        Organisational => ("Mesure organisationnelle", "Organisational measure"),
    }
}

labelled_enum! {
    /// Whether a measure of the analysis is in place « Existante » or still « Prévue ».
    #[derive(Default)]
    pub enum MeasurePhase {
        /// « Existante »: already in place.
        Existing => ("Existante", "Existing"),
        /// « Prévue »: planned before the assessment.
        #[default]
        Planned => ("Prévue", "Planned"),
    }
}

labelled_enum! {
    /// Where a corrective action stands « État de l'action ».
    #[derive(Default)]
    pub enum ActionStatus {
        /// « À faire ».
        #[default]
        Todo => ("À faire", "To do"),
        /// « En cours ».
        InProgress => ("En cours", "In progress"),
        /// « Faite ».
        Done => ("Faite", "Done"),
    }
}

labelled_enum! {
    /// The conclusion of a screening « Conclusion ».
    pub enum ScreeningConclusion {
        /// « AIPD requise ».
        Required => ("AIPD requise", "DPIA required"),
        /// « AIPD non requise ».
        NotRequired => ("AIPD non requise", "DPIA not required"),
    }
}

labelled_enum! {
    /// The cases of Art. 35(3) GDPR where an AIPD is always required.
    pub enum Art35Case {
        /// 35(3)(a): systematic and extensive evaluation with automated decisions producing
        /// legal or similarly significant effects.
        AutomatedEvaluation => (
            "Évaluation systématique et approfondie d'aspects personnels, fondée sur un traitement automatisé (dont le profilage), sur laquelle sont fondées des décisions produisant des effets juridiques ou similaires — art. 35(3)(a)",
            "Systematic and extensive automated evaluation of personal aspects (including profiling) on which decisions with legal or similarly significant effects are based — Art. 35(3)(a)"
        ),
        /// 35(3)(b): large-scale processing of Art. 9 or Art. 10 data.
        LargeScaleSensitive => (
            "Traitement à grande échelle de données sensibles (art. 9) ou relatives aux condamnations et infractions (art. 10) — art. 35(3)(b)",
            "Large-scale processing of special categories (Art. 9) or of data on convictions and offences (Art. 10) — Art. 35(3)(b)"
        ),
        /// 35(3)(c): large-scale systematic monitoring of a publicly accessible area.
        PublicAreaMonitoring => (
            "Surveillance systématique à grande échelle d'une zone accessible au public — art. 35(3)(c)",
            "Large-scale systematic monitoring of a publicly accessible area — Art. 35(3)(c)"
        ),
    }
}

/// One of the nine criteria as the user confirmed it « Critère ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CriterionAnswer {
    /// The criterion (WP248 order).
    pub criterion: AipdCriterion,
    /// Met « Rempli » (`true`) or not (`false`), as the user confirmed it.
    pub met: bool,
    /// Why « Justification » (free text).
    #[serde(default)]
    pub comment: String,
}

/// The screening of one processing « Dois-je faire une AIPD ? », following the CNIL's
/// order: the list of processings needing none, the list of those needing one, the cases of
/// Art. 35(3), then the nine criteria with the rule of two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AipdScreening {
    pub id: Uuid,
    /// Creation « Créée le ».
    pub created_at: DateTime<Utc>,
    /// Last change « Modifiée le ».
    pub updated_at: DateTime<Utc>,
    /// The processing screened « Traitement ».
    pub processing: Uuid,
    /// Id of the matching type on the CNIL list of processings needing no AIPD (`nr-01`…
    /// `nr-12`, `assets/aipd/screening.json`) « Liste des traitements non soumis ».
    #[serde(default)]
    pub not_required_type: Option<String>,
    /// Id of the matching type on the CNIL list of processings requiring an AIPD (`r-01`…
    /// `r-14`) « Liste des traitements soumis ».
    #[serde(default)]
    pub required_type: Option<String>,
    /// The user went through the « non requise » list (so `None` above means « aucun de
    /// ceux-ci », not « pas encore regardé »).
    #[serde(default)]
    pub not_required_reviewed: bool,
    /// Same for the « requise » list.
    #[serde(default)]
    pub required_reviewed: bool,
    /// The cases of Art. 35(3) that apply « Cas de l'article 35(3) ».
    #[serde(default)]
    pub art35_cases: Vec<Art35Case>,
    /// The nine criteria as confirmed « Critères » (one entry per criterion answered).
    #[serde(default)]
    pub criteria: Vec<CriterionAnswer>,
    /// The conclusion « Conclusion »; `None` until decided.
    #[serde(default)]
    pub conclusion: Option<ScreeningConclusion>,
    /// Reasoning « Justification »; required when concluding « non requise » although two
    /// criteria or more are met.
    #[serde(default)]
    pub justification: String,
    /// The DPO's view « Avis du délégué »; required in the same case.
    #[serde(default)]
    pub dpo_view: String,
    /// Who decided « Décidé par ».
    #[serde(default)]
    pub decided_by: String,
    /// When « Date de la décision ».
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
}

impl AipdScreening {
    /// An empty screening of `processing`.
    pub fn new(processing: Uuid) -> Self {
        let t = now();
        AipdScreening {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            processing,
            not_required_type: None,
            required_type: None,
            not_required_reviewed: false,
            required_reviewed: false,
            art35_cases: Vec::new(),
            criteria: Vec::new(),
            conclusion: None,
            justification: String::new(),
            dpo_view: String::new(),
            decided_by: String::new(),
            decided_on: None,
        }
    }

    /// How many criteria the user confirmed as met.
    pub fn criteria_met(&self) -> usize {
        self.criteria.iter().filter(|c| c.met).count()
    }
}

impl Record for AipdScreening {
    const KIND: RecordKind = RecordKind::AipdScreening;

    record_identity!();

    fn title(&self) -> String {
        format!("Analyse préalable du traitement {}", self.processing)
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.date("/decided_on", self.decided_on);
        for (i, a) in self.criteria.iter().enumerate() {
            if self.criteria[..i].iter().any(|b| b.criterion == a.criterion) {
                c.problems.push(Problem::new(
                    format!("/criteria/{i}"),
                    "duplicate_criterion",
                    format!("Le critère n° {} est coché deux fois : gardez une seule réponse.", a.criterion.number()),
                    format!("Criterion {} is answered twice: keep one answer.", a.criterion.number()),
                ));
            }
        }
        if self.conclusion == Some(ScreeningConclusion::NotRequired) && self.criteria_met() >= 2 {
            c.required(
                "/justification",
                &self.justification,
                "La justification (au moins deux critères sont remplis : expliquez pourquoi le risque n'est pas élevé)",
                "The justification (two criteria or more are met: explain why the risk is not high)",
            );
            c.required(
                "/dpo_view",
                &self.dpo_view,
                "L'avis du délégué à la protection des données (requis quand on écarte l'AIPD malgré deux critères)",
                "The DPO's view (required when a DPIA is ruled out despite two criteria)",
            );
        }
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        vec![(RecordKind::Processing, self.processing)]
    }
}

/// An evaluation of one part « Évaluation ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Evaluation {
    /// « À corriger », « Améliorable » or « Acceptable ».
    pub rating: Rating,
    /// Comment « Commentaire d'évaluation »; required for « À corriger ».
    #[serde(default)]
    pub comment: String,
    /// Who evaluated « Évaluateur ».
    #[serde(default)]
    pub evaluator: String,
    /// When « Date de l'évaluation ».
    #[serde(default)]
    pub evaluated_on: Option<NaiveDate>,
}

/// The answers of the context and their two evaluations « Contexte ».
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct AipdContext {
    /// One answer per question (prefilled from the register, then edited).
    pub answers: Vec<ContextAnswer>,
    /// Evaluation of 1.1 « Vue d'ensemble ».
    pub overview_evaluation: Option<Evaluation>,
    /// Evaluation of 1.2 « Données, processus et supports ».
    pub data_evaluation: Option<Evaluation>,
}

/// The answer to one question of the context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ContextAnswer {
    pub key: ContextKey,
    /// Answer « Réponse » (plain text, paragraphs separated by blank lines).
    #[serde(default)]
    pub text: String,
}

/// The answer to one fundamental principle, with its own evaluation « Principe ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PrincipleAnswer {
    pub key: PrincipleKey,
    /// Answer « Réponse » (plain text).
    #[serde(default)]
    pub text: String,
    /// Not applicable « Sans objet » (e.g. consent when the basis is not consent, no transfer).
    #[serde(default)]
    pub not_applicable: bool,
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
}

/// Where a measure of the analysis comes from « Origine ».
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MeasureOrigin {
    /// Written freely « Saisie libre ».
    #[default]
    Free,
    /// An item of the security checklist, e.g. `s04-p02`.
    SecurityItem { item_id: String },
    /// A measure record of the organisation.
    Measure { measure_id: Uuid },
    /// An entry of the measures knowledge base (`assets/aipd/knowledge.json`), e.g. `kb-chiffrement`.
    KnowledgeBase { entry_id: String },
}

/// A measure of the analysis « Mesure existante ou prévue » (CNIL PIA 3.1), linked to risks
/// by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AipdMeasure {
    pub id: Uuid,
    /// Title « Intitulé »; required.
    pub title: String,
    /// How it is done « Description ».
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub family: Option<MeasureFamily>,
    /// « Existante » or « Prévue ».
    #[serde(default)]
    pub phase: MeasurePhase,
    #[serde(default)]
    pub origin: MeasureOrigin,
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
}

impl AipdMeasure {
    pub fn new(title: impl Into<String>) -> Self {
        AipdMeasure {
            id: Uuid::new_v4(),
            title: title.into(),
            description: String::new(),
            family: None,
            phase: MeasurePhase::default(),
            origin: MeasureOrigin::Free,
            evaluation: None,
        }
    }
}

/// A severity and a likelihood, each with its justification « Estimation ».
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Estimate {
    /// Severity « Gravité ».
    pub severity: Option<Level>,
    /// Why this severity « Justification de la gravité ».
    pub severity_justification: String,
    /// Likelihood « Vraisemblance ».
    pub likelihood: Option<Level>,
    /// Why this likelihood « Justification de la vraisemblance ».
    pub likelihood_justification: String,
}

impl Estimate {
    /// Both levels chosen.
    pub fn is_rated(&self) -> bool {
        self.severity.is_some() && self.likelihood.is_some()
    }

    /// Nothing entered at all.
    pub fn is_empty(&self) -> bool {
        *self == Estimate::default()
    }
}

/// A risk « Risque »: one of the three feared events, or a custom one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Risk {
    pub id: Uuid,
    /// The feared event; `None` for a custom risk « Risque spécifique ».
    #[serde(default)]
    pub event: Option<FearedEvent>,
    /// Title « Intitulé »; required for a custom risk, the event's label otherwise.
    #[serde(default)]
    pub title: String,
    /// Short label on the risk map « Repère » (A, M, D, R1…); derived when empty.
    #[serde(default)]
    pub label: String,
    /// Main impacts on the persons « Impacts potentiels ».
    #[serde(default)]
    pub impacts: Vec<String>,
    /// Main threats « Menaces ».
    #[serde(default)]
    pub threats: Vec<String>,
    /// Risk sources « Sources de risques ».
    #[serde(default)]
    pub sources: Vec<String>,
    /// Ids of the analysis' measures that address it « Mesures ».
    #[serde(default)]
    pub measures: Vec<Uuid>,
    /// Optional level before any measure « Risque brut (avant mesures) ».
    #[serde(default)]
    pub inherent: Estimate,
    /// Level with the existing and planned measures « Risque avec les mesures prévues ».
    #[serde(default)]
    pub initial: Estimate,
    /// Level once the corrective actions are done « Risque résiduel ».
    #[serde(default)]
    pub residual: Estimate,
    #[serde(default)]
    pub evaluation: Option<Evaluation>,
}

impl Risk {
    /// One of the three feared events, empty.
    pub fn feared(event: FearedEvent) -> Self {
        Risk {
            id: Uuid::new_v4(),
            event: Some(event),
            title: event.label_fr().to_string(),
            label: event.letter_fr().to_string(),
            impacts: Vec::new(),
            threats: Vec::new(),
            sources: Vec::new(),
            measures: Vec::new(),
            inherent: Estimate::default(),
            initial: Estimate::default(),
            residual: Estimate::default(),
            evaluation: None,
        }
    }

    /// A custom risk.
    pub fn custom(title: impl Into<String>) -> Self {
        Risk { event: None, title: title.into(), label: String::new(), ..Risk::feared(FearedEvent::Disappearance) }
    }

    /// The estimate that counts after corrective actions: the residual one when rated,
    /// else the initial one (as the CNIL's map draws it).
    pub fn final_estimate(&self) -> &Estimate {
        if self.residual.is_rated() {
            &self.residual
        } else {
            &self.initial
        }
    }
}

/// What a corrective action answers « Partie concernée ».
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PartRef {
    Context {
        part: ContextPart,
    },
    Principle {
        key: PrincipleKey,
    },
    Measure {
        id: Uuid,
    },
    Risk {
        id: Uuid,
    },
    /// The analysis as a whole (e.g. asked by the validator).
    General,
}

/// A corrective action of the action plan « Action corrective » (CNIL PIA 4.2), shared with
/// the organisation's security action plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CorrectiveAction {
    pub id: Uuid,
    /// What it answers.
    pub part: PartRef,
    /// What to do « Action »; required.
    pub title: String,
    /// Details « Détails ».
    #[serde(default)]
    pub details: String,
    /// Who « Responsable de la mise en œuvre ».
    #[serde(default)]
    pub owner: String,
    /// By when « Date prévue de mise en œuvre ».
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    #[serde(default)]
    pub status: ActionStatus,
    /// When it was done « Faite le ».
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

impl CorrectiveAction {
    pub fn new(part: PartRef, title: impl Into<String>) -> Self {
        CorrectiveAction {
            id: Uuid::new_v4(),
            part,
            title: title.into(),
            details: String::new(),
            owner: String::new(),
            due_date: None,
            status: ActionStatus::Todo,
            done_on: None,
        }
    }
}

/// The DPO's opinion « Avis du délégué à la protection des données » (Art. 35(2)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct DpoOpinion {
    /// The organisation has designated no DPO « Pas de délégué désigné »: Art. 35(2) asks
    /// for the DPO's advice only where one is designated, so name and opinion are not asked.
    pub no_dpo: bool,
    /// Name(s) « Nom du délégué ».
    pub name: String,
    pub opinion: Option<Opinion>,
    /// The opinion itself « Avis motivé ».
    pub text: String,
    /// When « Date de l'avis ».
    pub given_on: Option<NaiveDate>,
}

/// The data subjects' opinion « Avis des personnes concernées » (Art. 35(9)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct DataSubjectsOpinion {
    /// Was it sought « Avis recherché »; `None` until answered.
    pub sought: Option<bool>,
    /// Who was asked « Personnes ou représentants consultés ».
    pub names: String,
    pub opinion: Option<Opinion>,
    /// Their opinion « Avis ».
    pub text: String,
    /// Why it was not sought « Justification de l'absence d'avis »; required when not sought.
    pub not_sought_reason: String,
}

/// The controller's validation « Validation » with the four commitments of the CNIL method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Validation {
    /// Who validates for the controller « Validé par ».
    pub validator: String,
    /// Role « Qualité » (maire, gérant…).
    #[serde(default)]
    pub role: String,
    /// When « Date de validation ».
    pub validated_on: NaiveDate,
    /// « Le contexte décrit est conforme à la réalité ».
    pub context_accurate: bool,
    /// « Les risques sont connus et acceptés en l'état des mesures ».
    pub risks_known: bool,
    /// « Les mesures correctives sont approuvées ».
    pub measures_approved: bool,
    /// « Je m'engage à les mettre en œuvre ».
    pub commitment: bool,
    /// Remarks « Observations ».
    #[serde(default)]
    pub comment: String,
}

/// A refusal by the controller « Refus », kept in the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Refusal {
    /// Who refused « Refusé par ».
    pub by: String,
    /// When « Date du refus ».
    pub refused_on: NaiveDate,
    /// Why « Motif du refus »; required.
    pub reason: String,
    /// The changes made since « Modifications apportées » (filled before resubmitting).
    #[serde(default)]
    pub changes: String,
}

/// Something read from another tool that has no field here « Note d'import », kept
/// visible rather than dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportNote {
    /// Where it came from (`answers/341`, `comments/3`…).
    pub source: String,
    pub text: String,
}

/// An analysis « AIPD ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Aipd {
    pub id: Uuid,
    /// Creation « Créée le ».
    pub created_at: DateTime<Utc>,
    /// Last change « Modifiée le ».
    pub updated_at: DateTime<Utc>,
    /// Name « Nom de l'analyse »; required.
    pub title: String,
    /// The processings it covers « Traitements concernés » (one, or a set of similar ones).
    #[serde(default)]
    pub processings: Vec<Uuid>,
    #[serde(default)]
    pub status: AipdStatus,
    /// Version number « Version », from 1.
    #[serde(default = "first_version")]
    pub version: u32,
    /// The validated analysis this version was started from « Version précédente ».
    #[serde(default)]
    pub previous_version: Option<Uuid>,
    /// Who writes it « Rédacteur ».
    #[serde(default)]
    pub author: String,
    /// Who evaluates it « Évaluateur ».
    #[serde(default)]
    pub evaluator: String,
    /// Who is to validate it for the controller « Valideur ».
    #[serde(default)]
    pub validator: String,
    #[serde(default)]
    pub context: AipdContext,
    /// One answer per principle « Principes fondamentaux ».
    #[serde(default)]
    pub principles: Vec<PrincipleAnswer>,
    /// Existing or planned measures « Mesures ».
    #[serde(default)]
    pub measures: Vec<AipdMeasure>,
    /// Risks « Risques ».
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// Corrective actions « Plan d'action ».
    #[serde(default)]
    pub actions: Vec<CorrectiveAction>,
    #[serde(default)]
    pub dpo: DpoOpinion,
    #[serde(default)]
    pub data_subjects: DataSubjectsOpinion,
    /// The validation, once given.
    #[serde(default)]
    pub validation: Option<Validation>,
    /// Refusals, oldest first.
    #[serde(default)]
    pub refusals: Vec<Refusal>,
    /// What an import could not place « Notes d'import ».
    #[serde(default)]
    pub import_notes: Vec<ImportNote>,
}

fn first_version() -> u32 {
    1
}

impl Aipd {
    /// An empty analysis with the three feared events.
    pub fn new(title: impl Into<String>) -> Self {
        let t = now();
        Aipd {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            title: title.into(),
            processings: Vec::new(),
            status: AipdStatus::InProgress,
            version: 1,
            previous_version: None,
            author: String::new(),
            evaluator: String::new(),
            validator: String::new(),
            context: AipdContext::default(),
            principles: Vec::new(),
            measures: Vec::new(),
            risks: FearedEvent::ALL.iter().map(|&e| Risk::feared(e)).collect(),
            actions: Vec::new(),
            dpo: DpoOpinion::default(),
            data_subjects: DataSubjectsOpinion::default(),
            validation: None,
            refusals: Vec::new(),
            import_notes: Vec::new(),
        }
    }

    pub fn context_answer(&self, key: ContextKey) -> &str {
        self.context.answers.iter().find(|a| a.key == key).map_or("", |a| a.text.as_str())
    }

    pub fn principle(&self, key: PrincipleKey) -> Option<&PrincipleAnswer> {
        self.principles.iter().find(|p| p.key == key)
    }

    pub fn measure(&self, id: Uuid) -> Option<&AipdMeasure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn risk(&self, id: Uuid) -> Option<&Risk> {
        self.risks.iter().find(|r| r.id == id)
    }

    /// Read-only: validated (a dated version) or archived.
    pub fn is_frozen(&self) -> bool {
        matches!(self.status, AipdStatus::Validated | AipdStatus::Archived)
    }

    /// Whether a part exists in this analysis.
    fn has_part(&self, part: &PartRef) -> bool {
        match part {
            PartRef::Measure { id } => self.measure(*id).is_some(),
            PartRef::Risk { id } => self.risk(*id).is_some(),
            _ => true,
        }
    }

    /// Every evaluation with the part it belongs to and its JSON path.
    pub fn evaluations(&self) -> Vec<(PartRef, String, Option<&Evaluation>)> {
        let mut out = vec![
            (
                PartRef::Context { part: ContextPart::Overview },
                "/context/overview_evaluation".to_string(),
                self.context.overview_evaluation.as_ref(),
            ),
            (
                PartRef::Context { part: ContextPart::DataProcessesSupports },
                "/context/data_evaluation".to_string(),
                self.context.data_evaluation.as_ref(),
            ),
        ];
        for (i, p) in self.principles.iter().enumerate() {
            out.push((PartRef::Principle { key: p.key }, format!("/principles/{i}/evaluation"), p.evaluation.as_ref()));
        }
        for (i, m) in self.measures.iter().enumerate() {
            out.push((PartRef::Measure { id: m.id }, format!("/measures/{i}/evaluation"), m.evaluation.as_ref()));
        }
        for (i, r) in self.risks.iter().enumerate() {
            out.push((PartRef::Risk { id: r.id }, format!("/risks/{i}/evaluation"), r.evaluation.as_ref()));
        }
        out
    }

    /// What may still change once the analysis is frozen: its status (to archive it) and
    /// the follow-up of its corrective actions (status, done date, owner, due date).
    fn frozen_content(&self) -> Aipd {
        let mut v = self.clone();
        v.status = AipdStatus::Validated;
        v.updated_at = self.created_at;
        for a in &mut v.actions {
            a.status = ActionStatus::Todo;
            a.done_on = None;
            a.owner = String::new();
            a.due_date = None;
        }
        v
    }
}

impl Record for Aipd {
    const KIND: RecordKind = RecordKind::Aipd;

    record_identity!();

    fn title(&self) -> String {
        self.title.clone()
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/title", &self.title, "Le nom de l'analyse", "The analysis' name");
        if self.version == 0 {
            c.problems.push(Problem::new(
                "/version",
                "version_range",
                "Le numéro de version commence à 1.",
                "The version number starts at 1.",
            ));
        }
        for (i, id) in self.processings.iter().enumerate() {
            if self.processings[..i].contains(id) {
                c.problems.push(Problem::new(
                    format!("/processings/{i}"),
                    "duplicate_processing",
                    "Ce traitement est déjà couvert par l'analyse.",
                    "This processing is already covered by the analysis.",
                ));
            }
        }
        for (i, a) in self.context.answers.iter().enumerate() {
            if self.context.answers[..i].iter().any(|b| b.key == a.key) {
                c.problems.push(duplicate_key(&format!("/context/answers/{i}")));
            }
        }
        for (i, p) in self.principles.iter().enumerate() {
            if self.principles[..i].iter().any(|b| b.key == p.key) {
                c.problems.push(duplicate_key(&format!("/principles/{i}")));
            }
        }
        let mut ids: Vec<Uuid> = Vec::new();
        for (i, m) in self.measures.iter().enumerate() {
            c.required(&format!("/measures/{i}/title"), &m.title, "L'intitulé de la mesure", "The measure's title");
            if ids.contains(&m.id) {
                c.problems.push(duplicate_id(&format!("/measures/{i}/id")));
            }
            ids.push(m.id);
        }
        for (i, r) in self.risks.iter().enumerate() {
            if r.event.is_none() {
                c.required(&format!("/risks/{i}/title"), &r.title, "L'intitulé du risque", "The risk's title");
            }
            if ids.contains(&r.id) {
                c.problems.push(duplicate_id(&format!("/risks/{i}/id")));
            }
            ids.push(r.id);
            for (j, m) in r.measures.iter().enumerate() {
                if self.measure(*m).is_none() {
                    c.problems.push(Problem::new(
                        format!("/risks/{i}/measures/{j}"),
                        "unknown_measure",
                        "Ce risque renvoie à une mesure qui n'existe plus dans l'analyse : retirez le lien.",
                        "This risk points to a measure that is no longer in the analysis: remove the link.",
                    ));
                }
            }
        }
        for (i, a) in self.actions.iter().enumerate() {
            c.required(&format!("/actions/{i}/title"), &a.title, "L'intitulé de l'action", "The action's title");
            c.date(&format!("/actions/{i}/due_date"), a.due_date);
            c.date(&format!("/actions/{i}/done_on"), a.done_on);
            if ids.contains(&a.id) {
                c.problems.push(duplicate_id(&format!("/actions/{i}/id")));
            }
            ids.push(a.id);
            if !self.has_part(&a.part) {
                c.problems.push(Problem::new(
                    format!("/actions/{i}/part"),
                    "unknown_part",
                    "Cette action corrective renvoie à une mesure ou un risque supprimé : rattachez-la à une autre partie.",
                    "This corrective action points to a deleted measure or risk: attach it to another part.",
                ));
            }
        }
        for (part, path, e) in self.evaluations() {
            let Some(e) = e else { continue };
            c.date(&format!("{path}/evaluated_on"), e.evaluated_on);
            match e.rating {
                Rating::ToCorrect => c.required(
                    &format!("{path}/comment"),
                    &e.comment,
                    "Le commentaire (dites ce qu'il faut corriger)",
                    "The comment (say what to correct)",
                ),
                Rating::Improvable if !self.actions.iter().any(|a| a.part == part) => c.problems.push(Problem::new(
                    path.clone(),
                    "improvable_without_action",
                    "« Améliorable » demande au moins une action corrective pour cette partie : ajoutez-la au plan d'action.",
                    "« Improvable » needs at least one corrective action for this part: add it to the action plan.",
                )),
                _ => {}
            }
        }
        c.date("/dpo/given_on", self.dpo.given_on);
        if self.data_subjects.sought == Some(false) {
            c.required(
                "/data_subjects/not_sought_reason",
                &self.data_subjects.not_sought_reason,
                "La raison pour laquelle l'avis des personnes n'a pas été recherché",
                "Why the data subjects' view was not sought",
            );
        }
        if let Some(v) = &self.validation {
            c.required("/validation/validator", &v.validator, "Le nom du valideur", "The validator's name");
            c.date("/validation/validated_on", Some(v.validated_on));
            if !(v.context_accurate && v.risks_known && v.measures_approved && v.commitment) {
                c.problems.push(Problem::new(
                    "/validation",
                    "commitments",
                    "Valider l'analyse demande de cocher les quatre engagements.",
                    "Validating the analysis requires ticking the four commitments.",
                ));
            }
        }
        if self.status == AipdStatus::Validated && self.validation.is_none() {
            c.problems.push(Problem::new(
                "/status",
                "validated_without_validation",
                "Une analyse « Validée » doit porter sa validation (valideur, date, engagements).",
                "A « Validated » analysis must carry its validation (validator, date, commitments).",
            ));
        }
        for (i, r) in self.refusals.iter().enumerate() {
            c.required(&format!("/refusals/{i}/reason"), &r.reason, "Le motif du refus", "The reason for the refusal");
            c.date(&format!("/refusals/{i}/refused_on"), Some(r.refused_on));
        }
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        let processings = self.processings.iter().map(|&id| (RecordKind::Processing, id));
        let measures = self.measures.iter().filter_map(|m| match m.origin {
            MeasureOrigin::Measure { measure_id } => Some((RecordKind::Measure, measure_id)),
            _ => None,
        });
        let previous = self.previous_version.map(|id| (RecordKind::Aipd, id));
        processings.chain(measures).chain(previous).collect()
    }

    fn check_replace(&self, previous: &Self) -> Vec<Problem> {
        let status_allowed =
            !previous.is_frozen() || matches!(self.status, AipdStatus::Validated | AipdStatus::Archived);
        if previous.is_frozen() && (!status_allowed || self.frozen_content() != previous.frozen_content()) {
            return vec![Problem::new(
                "/status",
                "read_only",
                format!(
                    "Cette analyse est « {} » : elle ne peut plus être modifiée. Créez une nouvelle version \
                     pour la faire évoluer.",
                    previous.status.label_fr()
                ),
                format!(
                    "This analysis is « {} »: it can no longer be changed. Start a new version to update it.",
                    previous.status.label_en()
                ),
            )];
        }
        if previous.status == AipdStatus::Archived && self.status != AipdStatus::Archived {
            return vec![Problem::new(
                "/status",
                "read_only",
                "Une analyse archivée reste archivée : créez une nouvelle version.",
                "An archived analysis stays archived: start a new version.",
            )];
        }
        Vec::new()
    }
}

fn duplicate_key(path: &str) -> Problem {
    Problem::new(
        path,
        "duplicate_key",
        "Cette question a déjà une réponse dans l'analyse : gardez-en une seule.",
        "This question already has an answer in the analysis: keep only one.",
    )
}

fn duplicate_id(path: &str) -> Problem {
    Problem::new(
        path,
        "duplicate_id",
        "Cet identifiant est déjà utilisé dans l'analyse.",
        "This identifier is already used in the analysis.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_analysis_is_valid_with_three_feared_events() {
        let a = Aipd::new("Vidéoprotection");
        assert!(a.validate().is_empty(), "{:?}", a.validate());
        assert_eq!(a.risks.len(), 3);
        assert_eq!(a.risks[0].label, "A");
    }

    #[test]
    fn improvable_needs_an_action_and_links_resolve() {
        let mut a = Aipd::new("X");
        let m = AipdMeasure::new("Chiffrement");
        a.risks[0].measures.push(m.id);
        assert_eq!(a.validate()[0].code, "unknown_measure");
        a.measures.push(m.clone());
        assert!(a.validate().is_empty());
        a.measures[0].evaluation = Some(Evaluation {
            rating: Rating::Improvable,
            comment: String::new(),
            evaluator: String::new(),
            evaluated_on: None,
        });
        assert_eq!(a.validate()[0].code, "improvable_without_action");
        a.actions.push(CorrectiveAction::new(PartRef::Measure { id: m.id }, "Chiffrer les sauvegardes"));
        assert!(a.validate().is_empty());
    }

    #[test]
    fn frozen_analysis_only_accepts_follow_up() {
        let mut a = Aipd::new("X");
        a.actions.push(CorrectiveAction::new(PartRef::General, "Former les agents"));
        a.status = AipdStatus::Validated;
        let mut b = a.clone();
        b.actions[0].status = ActionStatus::Done;
        b.actions[0].done_on = NaiveDate::from_ymd_opt(2026, 11, 2);
        assert!(b.check_replace(&a).is_empty());
        b.title = "Y".into();
        assert_eq!(b.check_replace(&a)[0].code, "read_only");
        let mut c = a.clone();
        c.status = AipdStatus::Archived;
        assert!(c.check_replace(&a).is_empty());
        let mut d = c.clone();
        d.status = AipdStatus::InProgress;
        assert_eq!(d.check_replace(&c)[0].code, "read_only");
        // a validated analysis does not go back to work either: a new version does
        for status in [AipdStatus::InProgress, AipdStatus::AwaitingValidation, AipdStatus::Refused] {
            let mut e = a.clone();
            e.status = status;
            assert_eq!(e.check_replace(&a)[0].code, "read_only", "{status:?}");
        }
    }

    #[test]
    fn screening_ruling_out_despite_two_criteria_needs_reasons() {
        let mut s = AipdScreening::new(Uuid::new_v4());
        s.criteria.push(CriterionAnswer {
            criterion: AipdCriterion::SystematicMonitoring,
            met: true,
            comment: String::new(),
        });
        s.criteria.push(CriterionAnswer { criterion: AipdCriterion::LargeScale, met: true, comment: String::new() });
        s.conclusion = Some(ScreeningConclusion::NotRequired);
        let codes: Vec<_> = s.validate().into_iter().map(|p| p.path).collect();
        assert_eq!(codes, ["/justification", "/dpo_view"]);
        s.conclusion = Some(ScreeningConclusion::Required);
        assert!(s.validate().is_empty());
    }
}
