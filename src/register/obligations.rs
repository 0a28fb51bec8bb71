//! Is a register, a DPO, an AIPD required? The answers come with their reasoning, so that the
//! user sees why and can check it: each [`Reason`] names the rule and the entries that
//! trigger it.
//!
//! - [`register_required`]: Art. 30(5) as the CNIL reads it: the exemption for fewer than
//!   250 people only covers occasional processing, so almost every organisation keeps one.
//! - [`dpo_required`]: Art. 37(1) (public body; large-scale regular and systematic
//!   monitoring; large-scale Art. 9/10 data).
//! - [`aipd_criteria`]: the nine WP248 criteria, pre-ticked from what the register already
//!   says. The AIPD screen asks the user to confirm; two criteria usually mean an AIPD is
//!   required (WP248, CNIL). Matching (6) and innovative use (8) cannot be read from the
//!   register and are never pre-ticked.
//!
//! Archived entries (no longer carried out) are left out of every check.
//!
//! Sources: GDPR Arts. 30(5), 35, 37(1); WP29 position paper on Art. 30(5) (19 April 2018);
//! WP248 rev.01 (criteria); WP243 (large scale); `shared/reference/cnil-domain.md` §2.1,
//! §3.1, §5.1–5.2.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{
    CollectionMeans, DataCategory, DataSubjectCategory, EnumOption, HeadcountBand, Organisation, Processing,
    PublicBodyKind,
};

/// One reason behind a verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable machine code, e.g. `regular_processing`.
    pub code: String,
    pub text_fr: String,
    pub text_en: String,
    /// GDPR article, e.g. `30(5)`, `37(1)(a)`.
    pub article: String,
    /// The entries that trigger this reason (empty when it is about the organisation).
    pub processings: Vec<Uuid>,
}

/// A yes/no answer with the reasons that apply, in order, and a note on what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub required: bool,
    /// Why, in order; empty when nothing makes it required.
    pub reasons: Vec<Reason>,
    pub note_fr: String,
    pub note_en: String,
}

fn reason(code: &str, article: &str, fr: String, en: String, processings: Vec<Uuid>) -> Reason {
    Reason { code: code.to_string(), text_fr: fr, text_en: en, article: article.to_string(), processings }
}

/// Entries still carried out.
fn active(processings: &[Processing]) -> Vec<&Processing> {
    processings.iter().filter(|p| !p.archived).collect()
}

/// How many entry names a reason spells out before « et N autres ».
const NAMES_SHOWN: usize = 6;

/// `« Paie », « Clients » et 2 autres` and its English twin.
fn names(list: &[&Processing]) -> (String, String) {
    let quoted = |p: &&Processing, unnamed: &str| match p.name.trim() {
        "" => format!("« {unnamed} »"),
        n => format!("« {n} »"),
    };
    let fr: Vec<String> = list.iter().take(NAMES_SHOWN).map(|p| quoted(p, "sans nom")).collect();
    let en: Vec<String> = list.iter().take(NAMES_SHOWN).map(|p| quoted(p, "unnamed")).collect();
    let (mut fr, mut en) = (fr.join(", "), en.join(", "));
    if list.len() > NAMES_SHOWN {
        let more = list.len() - NAMES_SHOWN;
        fr.push_str(&format!(" et {more} autre{}", if more > 1 { "s" } else { "" }));
        en.push_str(&format!(" and {more} more"));
    }
    (fr, en)
}

fn ids(list: &[&Processing]) -> Vec<Uuid> {
    list.iter().map(|p| p.id).collect()
}

fn has_special_data(p: &Processing) -> bool {
    !p.sensitive_data.is_empty() || p.criminal_data.is_some()
}

/// Is a register required (Art. 30(5))? Each reason that applies is given, naming the
/// entries. The Art. 30(5) conditions are alternatives: any one makes it required.
///
/// - 250 people or more ([`HeadcountBand::From250`]);
/// - any entry still carried out: every entry in a register is regular by nature (payroll,
///   staff, customers), and the exemption only covers occasional processing;
/// - with no entry yet, an organisation that employs staff (headcount above zero): its
///   payroll is regular even before it is recorded;
/// - Art. 9 or Art. 10 data in an entry;
/// - « likely to result in a risk »: an entry with at least two pre-ticked WP248 criteria
///   ([`aipd_criteria`]), the CNIL's threshold for a likely high risk, so a fortiori a risk.
pub fn register_required(org: &Organisation, processings: &[Processing]) -> Verdict {
    let act = active(processings);
    let mut reasons = Vec::new();
    if org.headcount == Some(HeadcountBand::From250) {
        reasons.push(reason(
            "headcount_250",
            "30(5)",
            "L'organisme compte 250 personnes ou plus : le registre est obligatoire dans tous les cas.".into(),
            "The organisation has 250 people or more: the register is required in every case.".into(),
            Vec::new(),
        ));
    }
    if !act.is_empty() {
        let (fr, en) = names(&act);
        reasons.push(reason(
            "regular_processing",
            "30(5)",
            format!(
                "Ces traitements reviennent dans l'activité normale de l'organisme, ils ne sont donc pas \
                 occasionnels : {fr}."
            ),
            format!(
                "These processings are part of the organisation's normal activity, so they are not occasional: {en}."
            ),
            ids(&act),
        ));
    } else if org.headcount.is_some_and(|h| h != HeadcountBand::Zero) {
        reasons.push(reason(
            "employs_staff",
            "30(5)",
            "L'organisme emploie du personnel : la paie et la gestion du personnel sont des traitements \
             réguliers, même s'ils ne sont pas encore inscrits au registre."
                .into(),
            "The organisation employs staff: payroll and staff management are regular processings, even if \
             they are not in the register yet."
                .into(),
            Vec::new(),
        ));
    }
    let special: Vec<&Processing> = act.iter().copied().filter(|p| has_special_data(p)).collect();
    if !special.is_empty() {
        let (fr, en) = names(&special);
        reasons.push(reason(
            "special_categories",
            "30(5)",
            format!(
                "Des traitements portent sur des données sensibles (art. 9) ou d'infraction (art. 10), ce qui \
                 rend le registre obligatoire quelle que soit la taille de l'organisme : {fr}."
            ),
            format!(
                "Some processings include sensitive (Art. 9) or offence (Art. 10) data, which makes the \
                 register required whatever the organisation's size: {en}."
            ),
            ids(&special),
        ));
    }
    let risky: Vec<&Processing> = act.iter().copied().filter(|p| aipd_criteria(p, org).len() >= 2).collect();
    if !risky.is_empty() {
        let (fr, en) = names(&risky);
        reasons.push(reason(
            "likely_risk",
            "30(5)",
            format!(
                "Des traitements réunissent au moins deux critères de risque de l'analyse d'impact (WP248) : \
                 ils sont susceptibles de comporter un risque pour les personnes : {fr}."
            ),
            format!(
                "Some processings meet at least two DPIA risk criteria (WP248): they are likely to result in a \
                 risk to people: {en}."
            ),
            ids(&risky),
        ));
    }
    let required = !reasons.is_empty();
    let (note_fr, note_en) = if required {
        (
            "Tenez le registre par écrit, sur papier ou sous forme numérique, et présentez-le à la CNIL si elle \
             le demande (art. 30(3) et 30(4)). Une fiche par traitement, mise à jour à chaque changement."
                .to_string(),
            "Keep the register in writing, on paper or in electronic form, and show it to the CNIL on request \
             (Art. 30(3) and 30(4)). One entry per processing, updated at every change."
                .to_string(),
        )
    } else {
        (
            "Aucun traitement en cours n'est encore inscrit, donc rien ne rend le registre obligatoire pour \
             l'instant. Il le devient dès que l'organisme paie du personnel ou tient un fichier de clients, \
             de fournisseurs ou d'adhérents : ce sont des traitements réguliers. En pratique, l'exception \
             prévue pour les organismes de moins de 250 personnes est très étroite : elle ne vise que des \
             traitements occasionnels, en dehors de l'activité habituelle."
                .to_string(),
            "No current processing is recorded yet, so nothing makes the register required for now. It \
             becomes required as soon as the organisation pays staff or keeps a file of customers, suppliers \
             or members: these are regular processings. In practice the exemption for organisations with \
             fewer than 250 people is very narrow: it only covers occasional processing, outside the usual \
             activity."
                .to_string(),
        )
    };
    Verdict { required, reasons, note_fr, note_en }
}

/// Is a DPO required (Art. 37(1))? (a) public body; (b) core activities of large-scale
/// regular and systematic monitoring; (c) core activities of large-scale Art. 9/10 data.
/// The register cannot tell whether an activity is « core »: the reason says to check it.
pub fn dpo_required(org: &Organisation, processings: &[Processing]) -> Verdict {
    let act = active(processings);
    let mut reasons = Vec::new();
    if org.public_body {
        reasons.push(reason(
            "public_body",
            "37(1)(a)",
            "L'organisme est public (commune, intercommunalité, CCAS…) : tout organisme public doit désigner \
             un délégué à la protection des données, quelle que soit sa taille. Il peut être partagé avec \
             d'autres organismes publics (art. 37(3))."
                .into(),
            "The organisation is a public body (municipality, inter-municipal body, social action centre…): \
             every public body must designate a data protection officer, whatever its size. The DPO may be \
             shared with other public bodies (Art. 37(3))."
                .into(),
            Vec::new(),
        ));
    }
    let monitoring: Vec<&Processing> =
        act.iter().copied().filter(|p| p.large_scale && !monitoring_signs(p).is_empty()).collect();
    if !monitoring.is_empty() {
        let (fr, en) = names(&monitoring);
        reasons.push(reason(
            "large_scale_monitoring",
            "37(1)(b)",
            format!(
                "Des traitements à grande échelle surveillent des personnes de façon régulière et \
                 systématique (caméras, localisation, badges, traces de connexion…) : {fr}. Si cette \
                 surveillance fait partie de l'activité principale de l'organisme, un délégué est \
                 obligatoire."
            ),
            format!(
                "Some large-scale processings monitor people regularly and systematically (cameras, location, \
                 badges, connection logs…): {en}. If this monitoring is part of the organisation's core \
                 activity, a DPO is required."
            ),
            ids(&monitoring),
        ));
    }
    let special: Vec<&Processing> = act.iter().copied().filter(|p| p.large_scale && has_special_data(p)).collect();
    if !special.is_empty() {
        let (fr, en) = names(&special);
        reasons.push(reason(
            "large_scale_special_data",
            "37(1)(c)",
            format!(
                "Des traitements à grande échelle portent sur des données sensibles (art. 9) ou d'infraction \
                 (art. 10) : {fr}. Si ces traitements font partie de l'activité principale de l'organisme, un \
                 délégué est obligatoire."
            ),
            format!(
                "Some large-scale processings include sensitive (Art. 9) or offence (Art. 10) data: {en}. If \
                 they are part of the organisation's core activity, a DPO is required."
            ),
            ids(&special),
        ));
    }
    let required = !reasons.is_empty();
    let (note_fr, note_en) = match (required, org.dpo.designated) {
        (true, false) => (
            "Désignez un délégué à la protection des données (interne, externe ou mutualisé), déclarez-le \
             auprès de la CNIL par son téléservice et publiez ses coordonnées (art. 37(7))."
                .to_string(),
            "Designate a data protection officer (internal, external or shared), notify the CNIL through its \
             online service and publish the DPO's contact details (Art. 37(7))."
                .to_string(),
        ),
        (true, true) => (
            "Un délégué est déjà désigné : vérifiez que la désignation est déclarée à la CNIL et que ses \
             coordonnées sont publiées (art. 37(7))."
                .to_string(),
            "A DPO is already designated: check that the designation is notified to the CNIL and that the \
             DPO's contact details are published (Art. 37(7))."
                .to_string(),
        ),
        (false, _) => (
            "Rien dans le registre ne rend un délégué obligatoire. Vous pouvez en désigner un \
             volontairement : toutes les règles du délégué s'appliquent alors (missions, indépendance, \
             moyens, déclaration à la CNIL). Si un traitement devient à grande échelle, cochez « Traitement \
             à grande échelle » dans sa fiche : la vérification sera refaite."
                .to_string(),
            "Nothing in the register makes a DPO required. You may designate one voluntarily: all the DPO \
             rules then apply (tasks, independence, resources, notification to the CNIL). If a processing \
             becomes large-scale, tick « Large-scale processing » in its entry: the check will be run again."
                .to_string(),
        ),
    };
    Verdict { required, reasons, note_fr, note_en }
}

/// The nine criteria of the WP248 guidelines (endorsed by the EDPB, applied by the CNIL) that
/// point to a high risk. Serialized in `snake_case`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "snake_case")]
pub enum AipdCriterion {
    Evaluation,
    AutomatedDecision,
    SystematicMonitoring,
    SensitiveData,
    LargeScale,
    Matching,
    Vulnerable,
    Innovative,
    PreventsRights,
}

impl AipdCriterion {
    /// Every criterion, in WP248 order.
    pub const ALL: [AipdCriterion; 9] = [
        AipdCriterion::Evaluation,
        AipdCriterion::AutomatedDecision,
        AipdCriterion::SystematicMonitoring,
        AipdCriterion::SensitiveData,
        AipdCriterion::LargeScale,
        AipdCriterion::Matching,
        AipdCriterion::Vulnerable,
        AipdCriterion::Innovative,
        AipdCriterion::PreventsRights,
    ];

    /// Number of the criterion in WP248, 1..=9.
    pub fn number(self) -> u8 {
        match self {
            AipdCriterion::Evaluation => 1,
            AipdCriterion::AutomatedDecision => 2,
            AipdCriterion::SystematicMonitoring => 3,
            AipdCriterion::SensitiveData => 4,
            AipdCriterion::LargeScale => 5,
            AipdCriterion::Matching => 6,
            AipdCriterion::Vulnerable => 7,
            AipdCriterion::Innovative => 8,
            AipdCriterion::PreventsRights => 9,
        }
    }

    /// Short label for the French UI (our wording).
    pub fn label_fr(self) -> &'static str {
        match self {
            AipdCriterion::Evaluation => "Évaluation ou notation des personnes, y compris le profilage",
            AipdCriterion::AutomatedDecision => "Décision automatique ayant un effet juridique ou similaire",
            AipdCriterion::SystematicMonitoring => "Surveillance systématique des personnes",
            AipdCriterion::SensitiveData => "Données sensibles ou à caractère très personnel",
            AipdCriterion::LargeScale => "Traitement à grande échelle",
            AipdCriterion::Matching => "Croisement ou combinaison de jeux de données",
            AipdCriterion::Vulnerable => "Personnes vulnérables",
            AipdCriterion::Innovative => "Usage innovant ou nouvelle technologie",
            AipdCriterion::PreventsRights => {
                "Traitement qui peut empêcher d'exercer un droit ou d'accéder à un service ou un contrat"
            }
        }
    }

    /// Short label for the English UI.
    pub fn label_en(self) -> &'static str {
        match self {
            AipdCriterion::Evaluation => "Evaluation or scoring, including profiling",
            AipdCriterion::AutomatedDecision => "Automated decision with legal or similar effect",
            AipdCriterion::SystematicMonitoring => "Systematic monitoring of people",
            AipdCriterion::SensitiveData => "Sensitive or highly personal data",
            AipdCriterion::LargeScale => "Large-scale processing",
            AipdCriterion::Matching => "Matching or combining datasets",
            AipdCriterion::Vulnerable => "Vulnerable data subjects",
            AipdCriterion::Innovative => "Innovative use or new technology",
            AipdCriterion::PreventsRights => {
                "Processing that may prevent exercising a right or using a service or contract"
            }
        }
    }

    /// False for the criteria only the user can judge (matching, innovative use), which
    /// [`aipd_criteria`] never pre-ticks.
    pub fn detectable(self) -> bool {
        !matches!(self, AipdCriterion::Matching | AipdCriterion::Innovative)
    }

    /// Every criterion with its stored form and labels, for tick lists.
    pub fn options() -> Vec<EnumOption> {
        Self::ALL
            .iter()
            .map(|c| EnumOption {
                value: serde_json::to_value(c).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                label_fr: c.label_fr(),
                label_en: c.label_en(),
            })
            .collect()
    }
}

/// A criterion pre-ticked from the register, with why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionHit {
    pub criterion: AipdCriterion,
    /// WP248 number, 1..=9.
    pub number: u8,
    /// Why, naming the field of the entry that triggered it.
    pub reason_fr: String,
    pub reason_en: String,
    /// JSON pointers of the fields that triggered it (for highlighting in the form).
    pub paths: Vec<String>,
}

/// Lower case without French accents, for keyword rules.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

/// The first keyword of `table` that starts a word of `text`, as `(fr, en)` display forms.
/// Keywords are folded (lower case, no accents) stems; matching at a word start avoids
/// « annotation » for « notation ».
fn keyword(text: &str, table: &[(&'static str, &'static str, &'static str)]) -> Option<(&'static str, &'static str)> {
    let t = fold(text);
    table.iter().find_map(|&(stem, fr, en)| {
        let hit = t.match_indices(stem).any(|(i, _)| !t[..i].chars().next_back().is_some_and(char::is_alphanumeric));
        hit.then_some((fr, en))
    })
}

/// Criterion 1 (evaluation or scoring): words in the name or a purpose that say people are
/// evaluated, scored or profiled. `(folded stem, French form, English form)`.
const EVALUATION_WORDS: &[(&str, &str, &str)] = &[
    ("profil", "profil", "profiling"),
    ("scor", "score", "scoring"),
    ("notation", "notation", "rating"),
    ("evalu", "évaluation", "evaluation"),
    ("predi", "prédiction", "prediction"),
    ("segment", "segmentation", "segmentation"),
    ("solvabilit", "solvabilité", "creditworthiness"),
    ("comportement", "comportement", "behaviour"),
];

/// Monitoring devices named in the name or a purpose (criterion 3, DPO Art. 37(1)(b)).
const MONITORING_WORDS: &[(&str, &str, &str)] = &[
    ("videosurveillance", "vidéosurveillance", "CCTV"),
    ("videoprotection", "vidéoprotection", "public-space CCTV"),
    ("camera", "caméra", "camera"),
    ("geolocalis", "géolocalisation", "geolocation"),
    ("badge", "badge", "badge"),
    ("pointeuse", "pointeuse", "time clock"),
    ("surveill", "surveillance", "surveillance"),
];

/// Criterion 4: economic and financial data of a highly personal nature (a person's
/// resources, debts, taxes) as opposed to ordinary invoices and bank details.
const FINANCIAL_WORDS: &[(&str, &str, &str)] = &[
    ("ressource", "ressources", "resources"),
    ("revenu", "revenus", "income"),
    ("quotient familial", "quotient familial", "family quotient"),
    ("imposition", "avis d'imposition", "tax notice"),
    ("impot", "impôts", "taxes"),
    ("dette", "dettes", "debts"),
    ("endettement", "endettement", "indebtedness"),
    ("patrimoine", "patrimoine", "assets"),
    ("situation financiere", "situation financière", "financial situation"),
];

/// One sign in an entry, with the field that shows it.
struct Sign {
    path: String,
    fr: String,
    en: String,
}

/// Keyword hits in the name and the purposes' descriptions.
fn text_signs(p: &Processing, table: &[(&'static str, &'static str, &'static str)]) -> Vec<Sign> {
    let mut out = Vec::new();
    if let Some((fr, en)) = keyword(&p.name, table) {
        out.push(Sign {
            path: "/name".into(),
            fr: format!("le nom du traitement parle de « {fr} »"),
            en: format!("the processing's name mentions « {en} »"),
        });
    }
    for (i, purpose) in p.purposes.iter().enumerate() {
        if let Some((fr, en)) = keyword(&purpose.description, table) {
            out.push(Sign {
                path: format!("/purposes/{i}/description"),
                fr: format!("la finalité n° {} parle de « {fr} »", i + 1),
                en: format!("purpose no. {} mentions « {en} »", i + 1),
            });
        }
    }
    out
}

/// Signs that an entry observes people: location data, automatic collection by a sensor or
/// camera, connection logs of staff, monitoring devices named in the name or a purpose.
fn monitoring_signs(p: &Processing) -> Vec<Sign> {
    let mut out = Vec::new();
    let staff = p.persons_concerned.iter().any(|c| c.category == DataSubjectCategory::Employees);
    for (i, d) in p.data_categories.iter().enumerate() {
        let path = format!("/data_categories/{i}/category");
        match d.category {
            DataCategory::Location => out.push(Sign {
                path,
                fr: "des données de localisation sont collectées".into(),
                en: "location data are collected".into(),
            }),
            DataCategory::ConnectionData if staff => out.push(Sign {
                path,
                fr: "les traces de connexion des salariés sont gardées".into(),
                en: "staff connection logs are kept".into(),
            }),
            _ => {}
        }
    }
    for (i, m) in p.collection_means.iter().enumerate() {
        if *m == CollectionMeans::Sensor {
            out.push(Sign {
                path: format!("/collection_means/{i}"),
                fr: format!("les données sont recueillies par « {} »", m.label_fr()),
                en: format!("data are gathered by « {} »", m.label_en()),
            });
        }
    }
    out.extend(text_signs(p, MONITORING_WORDS));
    out
}

/// `(reason_fr, reason_en, paths)` from signs, after a lead sentence.
fn explain(lead_fr: &str, lead_en: &str, signs: Vec<Sign>) -> (String, String, Vec<String>) {
    let fr: Vec<&str> = signs.iter().map(|s| s.fr.as_str()).collect();
    let en: Vec<&str> = signs.iter().map(|s| s.en.as_str()).collect();
    (
        format!("{lead_fr} : {}.", fr.join(" ; ")),
        format!("{lead_en}: {}.", en.join("; ")),
        signs.into_iter().map(|s| s.path).collect(),
    )
}

/// The WP248 criteria the register data point to, in criterion order. Pre-ticks only: the
/// AIPD screen asks the user to confirm each one, and to judge criteria 6 and 8.
pub fn aipd_criteria(p: &Processing, org: &Organisation) -> Vec<CriterionHit> {
    let mut hits = Vec::new();
    let mut hit = |criterion: AipdCriterion, (reason_fr, reason_en, paths): (String, String, Vec<String>)| {
        hits.push(CriterionHit { criterion, number: criterion.number(), reason_fr, reason_en, paths })
    };

    // 1. Evaluation or scoring.
    let evaluation = text_signs(p, EVALUATION_WORDS);
    if !evaluation.is_empty() {
        hit(
            AipdCriterion::Evaluation,
            explain(
                "Des personnes semblent évaluées, notées ou profilées",
                "People seem to be evaluated, scored or profiled",
                evaluation,
            ),
        );
    }

    // 2. Automated decision; 9 follows from it when the decision can deny a right or service.
    if p.automated_decision {
        hit(
            AipdCriterion::AutomatedDecision,
            (
                "La case « Décision automatisée » est cochée : une décision qui produit des effets juridiques \
                 ou similaires est prise sans intervention humaine."
                    .into(),
                "The « Automated decision » box is ticked: a decision with legal or similar effects is taken \
                 without human involvement."
                    .into(),
                vec!["/automated_decision".into()],
            ),
        );
    }

    // 3. Systematic monitoring.
    let monitoring = monitoring_signs(p);
    if !monitoring.is_empty() {
        hit(
            AipdCriterion::SystematicMonitoring,
            explain(
                "Des personnes semblent observées ou surveillées de façon systématique",
                "People seem to be observed or monitored systematically",
                monitoring,
            ),
        );
    }

    // 4. Sensitive or highly personal data.
    let mut sensitive = Vec::new();
    for (i, s) in p.sensitive_data.iter().enumerate() {
        sensitive.push(Sign {
            path: format!("/sensitive_data/{i}/category"),
            fr: format!("données sensibles « {} »", s.category.label_fr()),
            en: format!("sensitive data « {} »", s.category.label_en()),
        });
    }
    if p.criminal_data.is_some() {
        sensitive.push(Sign {
            path: "/criminal_data".into(),
            fr: "données d'infraction".into(),
            en: "offence data".into(),
        });
    }
    let nir_path = match p.data_categories.iter().position(|d| d.category == DataCategory::Nir) {
        _ if p.nir_used => Some("/nir_used".to_string()),
        Some(i) => Some(format!("/data_categories/{i}/category")),
        None => None,
    };
    if let Some(path) = nir_path {
        sensitive.push(Sign { path, fr: "numéro de sécurité sociale".into(), en: "social security number".into() });
    }
    for (i, d) in p.data_categories.iter().enumerate() {
        let path = format!("/data_categories/{i}");
        match d.category {
            DataCategory::Location => sensitive.push(Sign {
                path: format!("{path}/category"),
                fr: "données de localisation".into(),
                en: "location data".into(),
            }),
            DataCategory::EconomicFinancial => {
                if let Some((fr, en)) = keyword(&d.description, FINANCIAL_WORDS) {
                    sensitive.push(Sign {
                        path: format!("{path}/description"),
                        fr: format!("situation financière personnelle (« {fr} »)"),
                        en: format!("personal financial situation (« {en} »)"),
                    });
                }
            }
            _ => {}
        }
    }
    if !sensitive.is_empty() {
        hit(
            AipdCriterion::SensitiveData,
            explain(
                "Le traitement porte sur des données sensibles ou très personnelles",
                "The processing includes sensitive or highly personal data",
                sensitive,
            ),
        );
    }

    // 5. Large scale.
    if p.large_scale {
        hit(
            AipdCriterion::LargeScale,
            (
                "La case « Traitement à grande échelle » est cochée.".into(),
                "The « Large-scale processing » box is ticked.".into(),
                vec!["/large_scale".into()],
            ),
        );
    }

    // 7. Vulnerable persons: flagged, or vulnerable by nature towards the controller.
    let social_centre = org.public_body_kind == Some(PublicBodyKind::SocialActionCentre);
    let mut vulnerable = Vec::new();
    for (i, c) in p.persons_concerned.iter().enumerate() {
        use DataSubjectCategory::*;
        let why = match c.category {
            _ if c.vulnerable => Some(("cochées « vulnérables »", "ticked « vulnerable »")),
            Employees => Some(("lien de subordination avec l'employeur", "subordinate to the employer")),
            Children => Some(("mineurs", "minors")),
            Patients => Some(("patients", "patients")),
            Users | Residents if social_centre => Some(("demandeurs d'aide sociale", "social-aid applicants")),
            _ => None,
        };
        if let Some((fr, en)) = why {
            vulnerable.push(Sign {
                path: format!("/persons_concerned/{i}"),
                fr: format!("« {} » ({fr})", c.category.label_fr()),
                en: format!("« {} » ({en})", c.category.label_en()),
            });
        }
    }
    if !vulnerable.is_empty() {
        hit(
            AipdCriterion::Vulnerable,
            explain("Des personnes concernées sont vulnérables", "Some persons concerned are vulnerable", vulnerable),
        );
    }

    // 9. Prevents exercising a right or using a service.
    if p.automated_decision {
        hit(
            AipdCriterion::PreventsRights,
            (
                "La case « Décision automatisée » est cochée : si cette décision peut priver une personne d'un \
                 droit, d'une prestation ou d'un contrat, ce critère s'applique."
                    .into(),
                "The « Automated decision » box is ticked: if this decision can deny a person a right, a \
                 benefit or a contract, this criterion applies."
                    .into(),
                vec!["/automated_decision".into()],
            ),
        );
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonsConcerned, Purpose, SensitiveData, SpecialCategory};

    fn numbers(h: &[CriterionHit]) -> Vec<u8> {
        h.iter().map(|c| c.number).collect()
    }

    #[test]
    fn fold_and_word_start() {
        assert_eq!(fold("Évaluation Œuvre ÇA"), "evaluation oeuvre ca");
        assert!(keyword("Notation des fournisseurs", EVALUATION_WORDS).is_some());
        assert!(keyword("Annotation des factures", EVALUATION_WORDS).is_none());
        assert!(keyword("l'évaluation annuelle", EVALUATION_WORDS).is_some());
        assert!(keyword("", EVALUATION_WORDS).is_none());
    }

    #[test]
    fn criteria_numbers_and_options() {
        let n: Vec<u8> = AipdCriterion::ALL.iter().map(|c| c.number()).collect();
        assert_eq!(n, (1..=9).collect::<Vec<u8>>());
        let o = AipdCriterion::options();
        assert_eq!(o.len(), 9);
        assert_eq!(o[2].value, "systematic_monitoring");
        assert_eq!(AipdCriterion::ALL.iter().filter(|c| !c.detectable()).count(), 2);
    }

    #[test]
    fn profiling_purpose_and_automated_decision() {
        let mut p = Processing::new("Crédit");
        p.purposes.push(Purpose { description: "Calculer un score de solvabilité".into(), ..Purpose::default() });
        p.automated_decision = true;
        let h = aipd_criteria(&p, &Organisation::new("Banque"));
        assert_eq!(numbers(&h), [1, 2, 9]);
        assert_eq!(h[0].paths, ["/purposes/0/description"]);
        assert!(h[0].reason_fr.contains("score"), "{}", h[0].reason_fr);
    }

    #[test]
    fn social_centre_users_are_vulnerable() {
        let mut p = Processing::new("Aides");
        p.persons_concerned.push(PersonsConcerned {
            category: DataSubjectCategory::Users,
            details: String::new(),
            approximate_number: None,
            vulnerable: false,
        });
        let mut ccas = Organisation::new("CCAS");
        assert!(aipd_criteria(&p, &ccas).is_empty());
        ccas.public_body = true;
        ccas.public_body_kind = Some(PublicBodyKind::SocialActionCentre);
        assert_eq!(numbers(&aipd_criteria(&p, &ccas)), [7]);
    }

    #[test]
    fn archived_entries_do_not_count() {
        let org = Organisation::new("X");
        let mut p = Processing::new("Ancien fichier");
        p.sensitive_data.push(SensitiveData {
            category: SpecialCategory::Health,
            exception: None,
            description: String::new(),
            retention: None,
        });
        p.large_scale = true;
        p.archived = true;
        let list = [p];
        assert!(!register_required(&org, &list).required);
        assert!(!dpo_required(&org, &list).required);
    }

    #[test]
    fn names_are_capped() {
        let ps: Vec<Processing> = (0..8).map(|i| Processing::new(format!("T{i}"))).collect();
        let refs: Vec<&Processing> = ps.iter().collect();
        let (fr, en) = names(&refs);
        assert!(fr.ends_with("« T5 » et 2 autres"), "{fr}");
        assert!(en.ends_with("and 2 more"), "{en}");
    }
}
