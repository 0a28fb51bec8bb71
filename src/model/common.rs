//! Small types shared by several records: addresses, people, contact details, retention
//! periods, transfers outside the EU, security measures.
//!
//! Conventions (all model files): a free text left blank is an empty `String` (« not filled
//! in yet »); a value with a format (SIREN, e-mail, phone, URL) is an `Option<String>`
//! checked only when present and not blank; an unknown choice is `None`.

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate::{self, Checker};
use super::Problem;

/// Current time, truncated to whole milliseconds so that its RFC 3339 text form reads
/// back to exactly the same value (the store and the JSON export rely on it).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

fn default_country() -> String {
    "FR".to_string()
}

/// A postal address « Adresse postale ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct PostalAddress {
    /// Street lines « Adresse » : number and street, building, lieu-dit, BP…
    pub lines: Vec<String>,
    /// Postcode « Code postal »: 5 digits in France.
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::postcode))]
    pub postcode: String,
    /// Town « Commune / ville ».
    pub city: String,
    /// Country « Pays »: ISO 3166-1 alpha-2 code, `FR` by default.
    #[serde(default = "default_country")]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::country))]
    pub country: String,
}

impl Default for PostalAddress {
    fn default() -> Self {
        PostalAddress { lines: Vec::new(), postcode: String::new(), city: String::new(), country: default_country() }
    }
}

impl PostalAddress {
    /// True when nothing but the country is filled in.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty()) && self.postcode.trim().is_empty() && self.city.trim().is_empty()
    }

    /// The address on one line, as in a table cell: `12 rue Haute, 30000 Nîmes`.
    pub fn one_line(&self) -> String {
        let mut parts: Vec<String> =
            self.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(str::to_string).collect();
        let town = format!("{} {}", self.postcode.trim(), self.city.trim());
        if !town.trim().is_empty() {
            parts.push(town.trim().to_string());
        }
        if self.country != "FR" && !self.country.is_empty() {
            parts.push(self.country.clone());
        }
        parts.join(", ")
    }

    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.check("/country", validate::country_code(&self.country));
        if !self.postcode.is_empty() {
            c.check("/postcode", validate::postcode(&self.postcode, &self.country));
        }
        c.finish()
    }
}

labelled_enum! {
    /// Civility « Civilité ».
    pub enum Civility {
        /// « Madame »
        Ms => ("Madame", "Ms"),
        /// « Monsieur »
        Mr => ("Monsieur", "Mr"),
    }
}

/// A natural person: legal representative, DPO, contact person…
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Person {
    /// Civility « Civilité », if the person wishes it shown.
    pub civility: Option<Civility>,
    /// First name « Prénom ».
    pub first_name: String,
    /// Last name « Nom ».
    pub last_name: String,
    /// Role or title « Fonction / qualité » (gérant, maire, directrice générale des services…).
    pub role: String,
    /// E-mail « Courriel ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_email))]
    pub email: Option<String>,
    /// Phone « Téléphone ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_phone))]
    pub phone: Option<String>,
}

impl Person {
    /// `Prénom Nom`, or an empty string when neither is known.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name.trim(), self.last_name.trim()).trim().to_string()
    }

    pub fn is_empty(&self) -> bool {
        self == &Person::default()
    }

    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.optional("/email", &self.email, validate::email);
        c.optional("/phone", &self.phone, validate::phone);
        c.finish()
    }
}

/// Contact details of a person or body « Coordonnées ».
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Contact {
    /// E-mail « Courriel ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_email))]
    pub email: Option<String>,
    /// Phone « Téléphone ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_phone))]
    pub phone: Option<String>,
    /// Postal address « Adresse postale ».
    pub address: PostalAddress,
}

impl Contact {
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.optional("/email", &self.email, validate::email);
        c.optional("/phone", &self.phone, validate::phone);
        c.nested("/address", self.address.validate());
        c.finish()
    }
}

/// The channels through which the public can reach the DPO « Moyens de contact publiés »
/// (Art. 37(7) GDPR: the DPO's contact details are published and sent to the CNIL). They
/// are distinct from the DPO's private contact details, which the CNIL does not publish.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct ContactChannels {
    /// Published e-mail « Courriel » (ideally a functional address such as dpo@…).
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_email))]
    pub email: Option<String>,
    /// Web contact form « Formulaire en ligne » (URL).
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_url))]
    pub web_form_url: Option<String>,
    /// Published phone « Téléphone ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_phone))]
    pub phone: Option<String>,
    /// Published postal address « Adresse postale ».
    pub address: PostalAddress,
    /// Any other channel « Autre moyen de contact » (reception desk hours…).
    pub other: String,
}

impl ContactChannels {
    /// True when no channel at all is given.
    pub fn is_empty(&self) -> bool {
        let blank = |o: &Option<String>| o.as_deref().is_none_or(|s| s.trim().is_empty());
        blank(&self.email)
            && blank(&self.web_form_url)
            && blank(&self.phone)
            && self.address.is_empty()
            && self.other.trim().is_empty()
    }

    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.optional("/email", &self.email, validate::email);
        c.optional("/web_form_url", &self.web_form_url, validate::url);
        c.optional("/phone", &self.phone, validate::phone);
        c.nested("/address", self.address.validate());
        c.finish()
    }
}

/// A body named with its contact details: the representative in the EU of a controller
/// established outside it « Représentant dans l'UE » (Art. 27), and similar.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Representative {
    /// Name « Nom / raison sociale ».
    pub name: String,
    /// Contact details « Coordonnées ».
    pub contact: Contact,
}

impl Representative {
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.nested("/contact", self.contact.validate());
        c.finish()
    }
}

labelled_enum! {
    /// Unit of a retention period « Unité ».
    pub enum TimeUnit {
        Days => ("jours", "days"),
        Weeks => ("semaines", "weeks"),
        Months => ("mois", "months"),
        Years => ("ans", "years"),
    }
}

impl TimeUnit {
    fn french(self, amount: u32) -> &'static str {
        match (self, amount) {
            (TimeUnit::Days, 1) => "jour",
            (TimeUnit::Weeks, 1) => "semaine",
            (TimeUnit::Years, 1) => "an",
            _ => self.label_fr(),
        }
    }

    fn english(self, amount: u32) -> &'static str {
        match (self, amount) {
            (TimeUnit::Days, 1) => "day",
            (TimeUnit::Weeks, 1) => "week",
            (TimeUnit::Months, 1) => "month",
            (TimeUnit::Years, 1) => "year",
            _ => self.label_en(),
        }
    }
}

/// How long data are kept « Durée de conservation » (Art. 30(1)(f) GDPR: the time limits
/// for erasure, or failing that the criteria used to set them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Retention {
    /// A fixed period « Durée » counted from a starting event.
    Duration {
        /// Number of units « Durée », at least 1.
        #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::amount))]
        amount: u32,
        /// Unit « Unité ».
        unit: TimeUnit,
        /// Starting event « Point de départ », worded to follow the period, e.g. « à
        /// compter de la fin du contrat ».
        #[serde(default)]
        starting_point: String,
        /// Source of the period « Source » (text, article, CNIL référentiel…).
        #[serde(default)]
        legal_source: String,
    },
    /// A criterion « Critère » when no fixed period can be given, e.g. « pendant toute la
    /// durée de la relation commerciale ».
    Criterion {
        /// The criterion « Critère de détermination de la durée ».
        #[serde(default)]
        criterion: String,
        /// Source of the rule « Source ».
        #[serde(default)]
        legal_source: String,
    },
}

impl Retention {
    /// The period in French, e.g. « 5 ans à compter du versement du salaire ». The source is
    /// not included: see [`Retention::legal_source`].
    pub fn to_french(&self) -> String {
        match self {
            Retention::Duration { amount, unit, starting_point, .. } => {
                let base = format!("{amount} {}", unit.french(*amount));
                match starting_point.trim() {
                    "" => base,
                    s => format!("{base} {s}"),
                }
            }
            Retention::Criterion { criterion, .. } => match criterion.trim() {
                "" => "critère à préciser".to_string(),
                s => s.to_string(),
            },
        }
    }

    /// The period in English. The starting event and the criterion are the user's own
    /// (French) text and are kept as written.
    pub fn to_english(&self) -> String {
        match self {
            Retention::Duration { amount, unit, starting_point, .. } => {
                let base = format!("{amount} {}", unit.english(*amount));
                match starting_point.trim() {
                    "" => base,
                    s => format!("{base} ({s})"),
                }
            }
            Retention::Criterion { criterion, .. } => match criterion.trim() {
                "" => "criterion to be specified".to_string(),
                s => s.to_string(),
            },
        }
    }

    /// The source given for the period (may be empty).
    pub fn legal_source(&self) -> &str {
        match self {
            Retention::Duration { legal_source, .. } | Retention::Criterion { legal_source, .. } => legal_source,
        }
    }

    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        if let Retention::Duration { amount: 0, .. } = self {
            c.problems.push(Problem::new(
                "/amount",
                "retention_amount",
                "Une durée de conservation de 0 n'a pas de sens : indiquez au moins 1 jour, \
                 ou décrivez le critère qui fixe la durée.",
                "A retention period of 0 makes no sense: enter at least 1 day, or describe \
                 the criterion that sets the period.",
            ));
        }
        c.finish()
    }
}

labelled_enum! {
    /// What happens to the data at the end of the retention period « Sort final ».
    #[derive(Default)]
    pub enum FinalDisposal {
        /// « Destruction »
        Destruction => ("Destruction", "Destruction"),
        /// « Archivage intermédiaire puis destruction »: kept with restricted access for
        /// proof or legal duties, then destroyed.
        IntermediateArchiveThenDestruction => (
            "Archivage intermédiaire puis destruction",
            "Intermediate archiving, then destruction"
        ),
        /// « Versement aux archives »: handed to the public archives (public bodies,
        /// Code du patrimoine).
        PublicArchives => (
            "Versement aux archives publiques",
            "Transfer to the public archives"
        ),
        /// « Tri »: sorted, part handed to the archives and the rest destroyed.
        Sorting => (
            "Tri (une partie versée aux archives, le reste détruit)",
            "Sorting (part transferred to the archives, the rest destroyed)"
        ),
        /// « Non déterminé »
        #[default]
        NotDetermined => ("Non déterminé", "Not determined"),
    }
}

labelled_enum! {
    /// Legal ground of a transfer outside the EU/EEA « Type de garantie » (Arts. 45–49).
    pub enum Safeguard {
        /// « Décision d'adéquation » (Art. 45).
        AdequacyDecision => ("Décision d'adéquation (art. 45)", "Adequacy decision (Art. 45)"),
        /// « Clauses contractuelles types » of the Commission (Art. 46(2)(c)).
        StandardContractualClauses => (
            "Clauses contractuelles types de la Commission (art. 46)",
            "Commission standard contractual clauses (Art. 46)"
        ),
        /// « Règles d'entreprise contraignantes » (BCR, Art. 47).
        BindingCorporateRules => (
            "Règles d'entreprise contraignantes – BCR (art. 47)",
            "Binding corporate rules – BCR (Art. 47)"
        ),
        /// « Code de conduite » approved, with binding commitments (Art. 46(2)(e)).
        CodeOfConduct => ("Code de conduite approuvé (art. 46)", "Approved code of conduct (Art. 46)"),
        /// « Certification » with binding commitments (Art. 46(2)(f)).
        Certification => ("Certification (art. 46)", "Certification (Art. 46)"),
        /// « Instrument entre autorités publiques » (Art. 46(2)(a)).
        PublicBodiesInstrument => (
            "Instrument juridique entre autorités ou organismes publics (art. 46)",
            "Legally binding instrument between public bodies (Art. 46)"
        ),
        /// « Clauses ad hoc autorisées » by the CNIL (Art. 46(3)).
        AuthorisedClauses => (
            "Clauses contractuelles autorisées par la CNIL (art. 46.3)",
            "Contractual clauses authorised by the CNIL (Art. 46(3))"
        ),
        /// « Dérogation de l'article 49 » (consent, contract, public interest…).
        Art49Derogation => (
            "Dérogation pour une situation particulière (art. 49)",
            "Derogation for a specific situation (Art. 49)"
        ),
        /// « Aucune garantie »: the transfer has no legal ground yet.
        #[serde(rename = "none")]
        NoSafeguard => ("Aucune garantie", "No safeguard"),
    }
}

/// A transfer of data outside the EU/EEA « Transfert hors UE » (Art. 30(1)(e), 30(2)(c)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Transfer {
    /// Recipient « Destinataire » (body receiving the data).
    pub recipient: String,
    /// Country « Pays »: ISO 3166-1 alpha-2 code (`US`, `IN`…).
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::country_or_empty))]
    pub country: String,
    /// Safeguard « Type de garantie ».
    pub safeguard: Option<Safeguard>,
    /// Documentation « Lien vers la documentation »: where the clauses, the decision or
    /// the transfer impact assessment can be found.
    pub documentation: String,
}

impl Transfer {
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.text("/country", &self.country, validate::country_code);
        c.finish()
    }
}

labelled_enum! {
    /// Family of security measures, the tick list of the CNIL register template
    /// « Mesures de sécurité ».
    pub enum SecurityCategory {
        AccessControl => ("Contrôle d'accès des utilisateurs", "User access control"),
        Traceability => ("Traçabilité (journalisation des accès)", "Traceability (access logging)"),
        SoftwareProtection => (
            "Protection des logiciels (mises à jour, antivirus)",
            "Software protection (updates, antivirus)"
        ),
        Backup => ("Sauvegarde des données", "Data backup"),
        Encryption => ("Chiffrement des données", "Data encryption"),
        ProcessorControl => ("Contrôle des sous-traitants", "Processor oversight"),
        Other => ("Autres mesures", "Other measures"),
    }
}

/// Security of a processing « Mesures de sécurité » (Art. 30(1)(g), 30(2)(d), Art. 32).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct SecurityMeasures {
    /// General description « Description générale des mesures ».
    pub description: String,
    /// The measures of the dossier that apply « Mesures liées » (ids of `Measure` records).
    pub measures: Vec<Uuid>,
    /// Families of measures in place « Catégories de mesures » (CNIL template tick list).
    pub categories: Vec<SecurityCategory>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_texts() {
        let r = Retention::Duration {
            amount: 5,
            unit: TimeUnit::Years,
            starting_point: "à compter du versement du salaire".into(),
            legal_source: "C. trav. L.3243-4".into(),
        };
        assert_eq!(r.to_french(), "5 ans à compter du versement du salaire");
        assert_eq!(r.to_english(), "5 years (à compter du versement du salaire)");
        assert_eq!(r.legal_source(), "C. trav. L.3243-4");
        let one = Retention::Duration {
            amount: 1,
            unit: TimeUnit::Months,
            starting_point: String::new(),
            legal_source: String::new(),
        };
        assert_eq!(one.to_french(), "1 mois");
        assert_eq!(one.to_english(), "1 month");
        let c = Retention::Criterion { criterion: "durée du contrat".into(), legal_source: String::new() };
        assert_eq!(c.to_french(), "durée du contrat");
        let zero = Retention::Duration {
            amount: 0,
            unit: TimeUnit::Days,
            starting_point: String::new(),
            legal_source: String::new(),
        };
        assert_eq!(zero.validate()[0].path, "/amount");
    }

    #[test]
    fn retention_json_shape() {
        let r: Retention = serde_json::from_str(r#"{"type":"duration","amount":3,"unit":"months"}"#).unwrap();
        assert_eq!(r.to_french(), "3 mois");
        let j = serde_json::to_string(&Retention::Criterion { criterion: "x".into(), legal_source: String::new() })
            .unwrap();
        assert_eq!(j, r#"{"type":"criterion","criterion":"x","legal_source":""}"#);
    }

    #[test]
    fn now_is_whole_milliseconds() {
        use chrono::Timelike;
        let t = now();
        assert_eq!(t.nanosecond() % 1_000_000, 0);
        let back: DateTime<Utc> = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn address_defaults_to_france() {
        let a: PostalAddress = serde_json::from_str("{}").unwrap();
        assert_eq!(a.country, "FR");
        assert!(a.validate().is_empty());
        let bad = PostalAddress { postcode: "3000".into(), ..PostalAddress::default() };
        assert_eq!(bad.validate()[0].path, "/postcode");
    }
}
