//! The security self-assessment « Évaluation de la sécurité » of an organisation against
//! the CNIL security guide (2024 edition, `assets/security/`): the profile answers that
//! decide which items apply, one answer per item, the bad practices declared, and the
//! dated score snapshots that show progress over the years.
//!
//! One assessment per organisation (the store and the bundle check refuse a second). What
//! is derived — which items apply, scores, the action plan — lives in
//! [`crate::security`]; this type only holds what the user said. Scores are per mille
//! (integers), so snapshots compare exactly.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::now;
use super::validate::Checker;
use super::{Problem, Record, RecordKind};
use crate::security::guide::{guide, GUIDE_EDITION};

labelled_enum! {
    /// A question of the applicability profile « Profil ». The label is the question;
    /// « non » to every key of an item makes it « Non applicable ».
    pub enum ProfileKey {
        Employees => (
            "Avez-vous des salariés, agents, stagiaires ou bénévoles qui utilisent votre informatique ?",
            "Do other people than you (staff, interns, volunteers) use your IT?"
        ),
        Premises => (
            "Avez-vous des locaux professionnels (bureau, boutique, accueil du public) ?",
            "Do you have professional premises (office, shop, public reception)?"
        ),
        Paper => (
            "Conservez-vous des dossiers papier contenant des données personnelles ?",
            "Do you keep paper files holding personal data?"
        ),
        OfficeNetwork => (
            "Vos ordinateurs partagent-ils un réseau local au bureau (box, serveur de fichiers ou NAS, imprimante partagée) ?",
            "Do your computers share an office network (router, file server or NAS, shared printer)?"
        ),
        Wifi => ("Avez-vous un réseau Wi-Fi dans vos locaux ?", "Is there a Wi-Fi network on your premises?"),
        RemoteWork => (
            "Travaillez-vous hors des locaux (télétravail, déplacements, ordinateurs portables ou smartphones professionnels) ?",
            "Do you work away from the premises (home working, travel, work laptops or smartphones)?"
        ),
        Byod => (
            "Vos équipes utilisent-elles leurs appareils personnels (téléphone, ordinateur) pour le travail ?",
            "Do people use their own devices (phone, computer) for work?"
        ),
        OwnServers => (
            "Gérez-vous vous-même un serveur (dans vos locaux, loué ou virtuel) ?",
            "Do you run a server yourself (on your premises, rented or virtual)?"
        ),
        ServerRoom => (
            "Avez-vous un local ou une armoire informatique (serveur, baie réseau) ?",
            "Do you have a server room or IT cabinet (server, network rack)?"
        ),
        Website => (
            "Avez-vous un site web ou un service en ligne (formulaire, espace client, boutique) ?",
            "Do you have a website or online service (form, customer area, shop)?"
        ),
        SoftwareDev => (
            "Développez-vous ou faites-vous développer des logiciels, sites ou outils sur mesure ?",
            "Do you develop, or have someone develop, custom software, websites or tools?"
        ),
        MobileApps => (
            "Publiez-vous ou faites-vous développer une application mobile ?",
            "Do you publish, or have someone develop, a mobile app?"
        ),
        Ai => (
            "Concevez-vous, entraînez-vous ou intégrez-vous un système d'intelligence artificielle ?",
            "Do you design, train or integrate an artificial intelligence system?"
        ),
        Apis => (
            "Échangez-vous des données avec d'autres logiciels ou partenaires par une API ?",
            "Do you exchange data with other software or partners through an API?"
        ),
        Cloud => (
            "Utilisez-vous des services en ligne pour vos données (logiciel en ligne, stockage en ligne, hébergement cloud) ?",
            "Do you use online services for your data (online software, online storage, cloud hosting)?"
        ),
        Processors => (
            "Confiez-vous des données personnelles à des prestataires qui les traitent pour vous (paie, hébergement, logiciel en ligne…) ?",
            "Do you entrust personal data to providers who process it for you (payroll, hosting, online software…)?"
        ),
        ExternalIt => (
            "Un prestataire intervient-il sur votre informatique (maintenance, dépannage, prise en main à distance) ?",
            "Does an outside provider work on your IT (maintenance, repairs, remote access)?"
        ),
        HealthData => ("Traitez-vous des données de santé ?", "Do you process health data?"),
        PublicBody => (
            "Êtes-vous une administration (mairie, collectivité, établissement public) ?",
            "Are you a public authority (town hall, local authority, public body)?"
        ),
        Fax => ("Utilisez-vous encore un fax ?", "Do you still use a fax?"),
    }
}

impl ProfileKey {
    /// What a « non » to this question means, to complete « Vous avez indiqué … ».
    pub fn declined_fr(self) -> &'static str {
        match self {
            ProfileKey::Employees => {
                "ne pas avoir de salariés, agents, stagiaires ou bénévoles utilisant votre informatique"
            }
            ProfileKey::Premises => "ne pas avoir de locaux professionnels",
            ProfileKey::Paper => "ne pas conserver de dossiers papier contenant des données personnelles",
            ProfileKey::OfficeNetwork => "ne pas avoir de réseau local au bureau",
            ProfileKey::Wifi => "ne pas avoir de Wi-Fi dans vos locaux",
            ProfileKey::RemoteWork => "ne pas travailler hors de vos locaux",
            ProfileKey::Byod => "ne pas utiliser d'appareils personnels pour le travail",
            ProfileKey::OwnServers => "ne pas gérer vous-même de serveur",
            ProfileKey::ServerRoom => "ne pas avoir de local ni d'armoire informatique",
            ProfileKey::Website => "ne pas avoir de site web ni de service en ligne",
            ProfileKey::SoftwareDev => "ne pas développer ni faire développer de logiciels sur mesure",
            ProfileKey::MobileApps => "ne pas publier d'application mobile",
            ProfileKey::Ai => "ne pas concevoir, entraîner ni intégrer de système d'intelligence artificielle",
            ProfileKey::Apis => "ne pas échanger de données par une API",
            ProfileKey::Cloud => "ne pas utiliser de services en ligne pour vos données",
            ProfileKey::Processors => "ne pas confier de données personnelles à des prestataires",
            ProfileKey::ExternalIt => "qu'aucun prestataire n'intervient sur votre informatique",
            ProfileKey::HealthData => "ne pas traiter de données de santé",
            ProfileKey::PublicBody => "ne pas être une administration",
            ProfileKey::Fax => "ne plus utiliser de fax",
        }
    }

    /// What a « no » to this question means, to complete « You said you … ».
    pub fn declined_en(self) -> &'static str {
        match self {
            ProfileKey::Employees => "have no staff, interns or volunteers using your IT",
            ProfileKey::Premises => "have no professional premises",
            ProfileKey::Paper => "keep no paper files with personal data",
            ProfileKey::OfficeNetwork => "have no office network",
            ProfileKey::Wifi => "have no Wi-Fi on your premises",
            ProfileKey::RemoteWork => "do not work away from your premises",
            ProfileKey::Byod => "do not use personal devices for work",
            ProfileKey::OwnServers => "do not run a server yourself",
            ProfileKey::ServerRoom => "have no server room or IT cabinet",
            ProfileKey::Website => "have no website or online service",
            ProfileKey::SoftwareDev => "do not develop or commission custom software",
            ProfileKey::MobileApps => "do not publish a mobile app",
            ProfileKey::Ai => "do not design, train or integrate an AI system",
            ProfileKey::Apis => "do not exchange data through an API",
            ProfileKey::Cloud => "do not use online services for your data",
            ProfileKey::Processors => "do not entrust personal data to providers",
            ProfileKey::ExternalIt => "have no outside provider working on your IT",
            ProfileKey::HealthData => "do not process health data",
            ProfileKey::PublicBody => "are not a public authority",
            ProfileKey::Fax => "no longer use a fax",
        }
    }
}

labelled_enum! {
    /// The answer to one item « Réponse ».
    pub enum AnswerStatus {
        /// « Fait »: in place.
        Done => ("Fait", "Done"),
        /// « Partiel »: partly in place; counts half in the score.
        Partial => ("Partiel", "Partial"),
        /// « À faire »: not in place yet; goes to the action plan.
        Todo => ("À faire", "To do"),
        /// « Non applicable »: left out of the score; a reason is required.
        NotApplicable => ("Non applicable", "Not applicable"),
    }
}

labelled_enum! {
    /// Priority of an action « Priorité ».
    pub enum Priority {
        High => ("Haute", "High"),
        Medium => ("Moyenne", "Medium"),
        Low => ("Basse", "Low"),
    }
}

labelled_enum! {
    /// Why a score snapshot was taken « Motif ».
    pub enum SnapshotReason {
        /// The assessment was validated « Validation ».
        Validation => ("Validation de l'évaluation", "Assessment validated"),
        /// Taken on request « À la demande ».
        OnDemand => ("Relevé à la demande", "Taken on request"),
    }
}

/// One answer of the profile « Profil ». `None` = not answered yet, which counts as
/// « oui » (nothing is hidden by mistake).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ProfileAnswer {
    /// The question « Question ».
    pub key: ProfileKey,
    /// « Oui » (`true`), « Non » (`false`) or not answered (`null`).
    #[serde(default)]
    pub answer: Option<bool>,
}

/// The answer to one item of the guide « Réponse à une précaution ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemAnswer {
    /// Id of the guide's item, e.g. `s04-p02` « Précaution ».
    pub item_id: String,
    /// « Fait », « Partiel », « À faire » or « Non applicable ».
    pub status: AnswerStatus,
    /// Why it does not apply « Motif de non-applicabilité »; required for « Non applicable ».
    #[serde(default)]
    pub na_reason: String,
    /// Comment « Commentaire ».
    #[serde(default)]
    pub comment: String,
    /// Where the proof is « Preuve » (charter signed on…, backup test on…).
    #[serde(default)]
    pub evidence: String,
    /// Who carries it « Responsable ».
    #[serde(default)]
    pub owner: String,
    /// Deadline « Échéance ».
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// Priority « Priorité ».
    #[serde(default)]
    pub priority: Option<Priority>,
}

impl ItemAnswer {
    /// An answer with only a status.
    pub fn new(item_id: impl Into<String>, status: AnswerStatus) -> Self {
        ItemAnswer {
            item_id: item_id.into(),
            status,
            na_reason: String::new(),
            comment: String::new(),
            evidence: String::new(),
            owner: String::new(),
            due_date: None,
            priority: None,
        }
    }
}

/// The score of one chapter in a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ChapterScoreValue {
    /// Chapter id of the guide (`utilisateurs`…).
    pub chapter: String,
    /// Share of its applicable precautions done, per mille; `null` when none applies.
    pub per_mille: Option<u16>,
}

/// The score of one sheet in a snapshot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SheetScoreValue {
    /// Sheet number, 1 to 25.
    pub sheet: u8,
    /// Share of its applicable precautions done, per mille; `null` when none applies.
    pub per_mille: Option<u16>,
}

/// The scores at one moment « Relevé de score », kept so that progress shows year after year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScoreSnapshot {
    /// When « Date du relevé ».
    pub taken_at: DateTime<Utc>,
    /// Why « Motif ».
    pub reason: SnapshotReason,
    /// Overall score, per mille (725 = 72,5 %); `null` when no precaution applies.
    pub overall: Option<u16>,
    /// Applicable precautions at that time.
    #[serde(default)]
    pub applicable: u16,
    /// Of which done « Fait ».
    #[serde(default)]
    pub done: u16,
    /// Of which partly done « Partiel ».
    #[serde(default)]
    pub partial: u16,
    /// Optional measures « Pour aller plus loin » done (not in the score).
    #[serde(default)]
    pub optional_done: u16,
    /// Per chapter, in the guide's order.
    #[serde(default)]
    pub per_chapter: Vec<ChapterScoreValue>,
    /// Per sheet, 1 to 25.
    #[serde(default)]
    pub per_sheet: Vec<SheetScoreValue>,
    /// Free note « Note » (who validated, context).
    #[serde(default)]
    pub note: String,
}

/// The security assessment « Évaluation de la sécurité » of an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SecurityAssessment {
    pub id: Uuid,
    /// Creation « Créée le ».
    pub created_at: DateTime<Utc>,
    /// Last change « Modifiée le ».
    pub updated_at: DateTime<Utc>,
    /// Edition of the CNIL guide the item ids belong to « Édition du guide » (`2024`).
    #[serde(default = "default_edition")]
    pub guide_edition: String,
    /// Answers to the profile questions « Profil »; a missing question is unanswered.
    #[serde(default)]
    pub profile: Vec<ProfileAnswer>,
    /// One answer per item answered « Réponses »; an item without one is « Non renseigné ».
    #[serde(default)]
    pub answers: Vec<ItemAnswer>,
    /// Bad practices « à ne pas faire » still present (ids `sNN-xMM`) « Pratiques à éviter constatées ».
    #[serde(default)]
    pub donts_present: Vec<String>,
    /// Score history « Historique des scores », oldest first.
    #[serde(default)]
    pub snapshots: Vec<ScoreSnapshot>,
}

fn default_edition() -> String {
    GUIDE_EDITION.to_string()
}

impl SecurityAssessment {
    /// An empty assessment (nothing answered) with a fresh id and the current time.
    pub fn new() -> Self {
        let t = now();
        SecurityAssessment {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            guide_edition: default_edition(),
            profile: Vec::new(),
            answers: Vec::new(),
            donts_present: Vec::new(),
            snapshots: Vec::new(),
        }
    }

    /// The answer given to `item_id`, if any.
    pub fn answer(&self, item_id: &str) -> Option<&ItemAnswer> {
        self.answers.iter().find(|a| a.item_id == item_id)
    }

    /// The profile answer to `key`: `None` when not answered.
    pub fn profile_answer(&self, key: ProfileKey) -> Option<bool> {
        self.profile.iter().find(|p| p.key == key).and_then(|p| p.answer)
    }
}

impl Default for SecurityAssessment {
    fn default() -> Self {
        SecurityAssessment::new()
    }
}

const PER_MILLE_MAX: u16 = 1000;

fn per_mille_problem(path: String, v: u16) -> Problem {
    Problem::new(
        path,
        "per_mille_range",
        format!("Un score s'exprime en pour mille, de 0 à 1000 (ici {v}) : ce relevé a été modifié à la main."),
        format!("A score is per mille, from 0 to 1000 (here {v}): this snapshot was edited by hand."),
    )
}

impl Record for SecurityAssessment {
    const KIND: RecordKind = RecordKind::SecurityAssessment;

    record_identity!();

    fn title(&self) -> String {
        format!("Évaluation de la sécurité (guide CNIL {})", self.guide_edition)
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        let g = guide();
        if self.guide_edition != g.guide.edition {
            c.problems.push(Problem::new(
                "/guide_edition",
                "unknown_guide_edition",
                format!(
                    "Cette évaluation suit l'édition « {} » du guide de la sécurité de la CNIL, que cette \
                     version de Greffier ne connaît pas (elle suit l'édition {GUIDE_EDITION}). Mettez Greffier à jour.",
                    self.guide_edition
                ),
                format!(
                    "This assessment follows edition \"{}\" of the CNIL security guide, which this version of \
                     Greffier does not know (it follows the {GUIDE_EDITION} edition). Update Greffier.",
                    self.guide_edition
                ),
            ));
        }
        for (i, p) in self.profile.iter().enumerate() {
            if self.profile[..i].iter().any(|q| q.key == p.key) {
                c.problems.push(Problem::new(
                    format!("/profile/{i}/key"),
                    "duplicate_profile_answer",
                    format!("La question « {} » a deux réponses : gardez-en une seule.", p.key.label_fr()),
                    format!("The question \"{}\" has two answers: keep only one.", p.key.label_en()),
                ));
            }
        }
        for (i, a) in self.answers.iter().enumerate() {
            let at = format!("/answers/{i}");
            if g.item(&a.item_id).is_none() {
                c.problems.push(Problem::new(
                    format!("{at}/item_id"),
                    "unknown_item",
                    format!(
                        "La précaution « {} » n'existe pas dans le guide de la sécurité de la CNIL (édition {}) : \
                         l'identifiant est mal saisi ou vient d'une autre édition. Retirez cette réponse.",
                        a.item_id, self.guide_edition
                    ),
                    format!(
                        "The item \"{}\" does not exist in the CNIL security guide ({} edition): the id is \
                         mistyped or comes from another edition. Remove this answer.",
                        a.item_id, self.guide_edition
                    ),
                ));
            } else if self.answers[..i].iter().any(|b| b.item_id == a.item_id) {
                c.problems.push(Problem::new(
                    format!("{at}/item_id"),
                    "duplicate_answer",
                    format!("La précaution « {} » a deux réponses : gardez-en une seule.", a.item_id),
                    format!("The item \"{}\" has two answers: keep only one.", a.item_id),
                ));
            }
            if a.status == AnswerStatus::NotApplicable && a.na_reason.trim().is_empty() {
                c.problems.push(Problem::new(
                    format!("{at}/na_reason"),
                    "na_reason_required",
                    "Indiquez pourquoi cette précaution ne s'applique pas à votre organisme : le motif est \
                     obligatoire pour « Non applicable ».",
                    "Say why this item does not apply to your organisation: a reason is required for \
                     \"Not applicable\".",
                ));
            }
            c.date(&format!("{at}/due_date"), a.due_date);
        }
        for (i, d) in self.donts_present.iter().enumerate() {
            if g.dont(d).is_none() {
                c.problems.push(Problem::new(
                    format!("/donts_present/{i}"),
                    "unknown_dont",
                    format!(
                        "La pratique à éviter « {d} » n'existe pas dans le guide de la sécurité de la CNIL \
                         (édition {}) : retirez-la de la liste.",
                        self.guide_edition
                    ),
                    format!(
                        "The bad practice \"{d}\" does not exist in the CNIL security guide ({} edition): \
                         remove it from the list.",
                        self.guide_edition
                    ),
                ));
            } else if self.donts_present[..i].contains(d) {
                c.problems.push(Problem::new(
                    format!("/donts_present/{i}"),
                    "duplicate_dont",
                    format!("La pratique à éviter « {d} » est déclarée deux fois."),
                    format!("The bad practice \"{d}\" is declared twice."),
                ));
            }
        }
        for (i, s) in self.snapshots.iter().enumerate() {
            let at = format!("/snapshots/{i}");
            c.timestamp(&format!("{at}/taken_at"), s.taken_at);
            if let Some(v) = s.overall.filter(|v| *v > PER_MILLE_MAX) {
                c.problems.push(per_mille_problem(format!("{at}/overall"), v));
            }
            for (j, ch) in s.per_chapter.iter().enumerate() {
                if let Some(v) = ch.per_mille.filter(|v| *v > PER_MILLE_MAX) {
                    c.problems.push(per_mille_problem(format!("{at}/per_chapter/{j}/per_mille"), v));
                }
            }
            for (j, sh) in s.per_sheet.iter().enumerate() {
                if let Some(v) = sh.per_mille.filter(|v| *v > PER_MILLE_MAX) {
                    c.problems.push(per_mille_problem(format!("{at}/per_sheet/{j}/per_mille"), v));
                }
            }
            if s.done + s.partial > s.applicable {
                c.problems.push(Problem::new(
                    format!("{at}/applicable"),
                    "snapshot_counts",
                    format!(
                        "Ce relevé compte plus de précautions faites ou partielles ({}) que de précautions \
                         applicables ({}) : il a été modifié à la main.",
                        s.done + s.partial,
                        s.applicable
                    ),
                    format!(
                        "This snapshot counts more done or partial precautions ({}) than applicable ones ({}): \
                         it was edited by hand.",
                        s.done + s.partial,
                        s.applicable
                    ),
                ));
            }
        }
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(a: &SecurityAssessment) -> Vec<(String, String)> {
        a.validate().into_iter().map(|p| (p.path, p.code)).collect()
    }

    #[test]
    fn a_new_assessment_is_valid() {
        let a = SecurityAssessment::new();
        assert!(a.validate().is_empty(), "{:#?}", a.validate());
        assert_eq!(a.guide_edition, "2024");
        assert_eq!(a.title(), "Évaluation de la sécurité (guide CNIL 2024)");
    }

    #[test]
    fn garbage_is_refused_with_its_place() {
        let mut a = SecurityAssessment::new();
        a.answers.push(ItemAnswer::new("s04-p01", AnswerStatus::Done));
        a.answers.push(ItemAnswer::new("s99-p01", AnswerStatus::Done));
        a.answers.push(ItemAnswer::new("s04-p01", AnswerStatus::Todo));
        a.answers.push(ItemAnswer::new("s05-p01", AnswerStatus::NotApplicable));
        let mut late = ItemAnswer::new("s05-p02", AnswerStatus::Todo);
        late.due_date = NaiveDate::from_ymd_opt(20_000, 1, 1);
        a.answers.push(late);
        a.donts_present = vec!["s01-x01".into(), "s01-x99".into(), "s01-x01".into()];
        a.profile = vec![
            ProfileAnswer { key: ProfileKey::Website, answer: Some(false) },
            ProfileAnswer { key: ProfileKey::Website, answer: None },
        ];
        let codes = codes(&a);
        let expect = [
            ("/profile/1/key", "duplicate_profile_answer"),
            ("/answers/1/item_id", "unknown_item"),
            ("/answers/2/item_id", "duplicate_answer"),
            ("/answers/3/na_reason", "na_reason_required"),
            ("/answers/4/due_date", "date_range"),
            ("/donts_present/1", "unknown_dont"),
            ("/donts_present/2", "duplicate_dont"),
        ];
        let expect: Vec<(String, String)> = expect.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        assert_eq!(codes, expect);
        let msg = a.validate()[1].message_fr.clone();
        assert!(msg.contains("s99-p01") && msg.contains("Retirez"), "{msg}");
    }

    #[test]
    fn na_with_a_reason_and_snapshots_in_range() {
        let mut a = SecurityAssessment::new();
        let mut na = ItemAnswer::new("s05-p01", AnswerStatus::NotApplicable);
        na.na_reason = "Un seul poste, une seule personne".into();
        a.answers.push(na);
        a.snapshots.push(ScoreSnapshot {
            taken_at: now(),
            reason: SnapshotReason::OnDemand,
            overall: Some(1001),
            applicable: 2,
            done: 2,
            partial: 1,
            optional_done: 0,
            per_chapter: vec![ChapterScoreValue { chapter: "focus".into(), per_mille: Some(2000) }],
            per_sheet: vec![SheetScoreValue { sheet: 1, per_mille: None }],
            note: String::new(),
        });
        assert_eq!(
            codes(&a).into_iter().map(|(_, c)| c).collect::<Vec<_>>(),
            ["per_mille_range", "per_mille_range", "snapshot_counts"]
        );
        a.snapshots.clear();
        a.guide_edition = "2031".into();
        assert_eq!(codes(&a), [("/guide_edition".to_string(), "unknown_guide_edition".to_string())]);
    }

    #[test]
    fn profile_keys_match_the_guide_file() {
        let json: Vec<String> =
            ProfileKey::ALL.iter().map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_string()).collect();
        let readme = include_str!("../../assets/security/README.md");
        for k in &json {
            assert!(readme.contains(&format!("| `{k}` |")), "{k} is not documented in the assets README");
        }
        assert_eq!(json.len(), 20);
        for k in ProfileKey::ALL {
            assert!(k.label_fr().ends_with(" ?"), "French question mark after a space: {}", k.label_fr());
            assert!(!k.declined_fr().is_empty() && !k.declined_en().is_empty());
        }
    }
}
