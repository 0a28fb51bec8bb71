//! A processing activity « Traitement / fiche de registre »: one entry of the controller's
//! register (Art. 30(1) GDPR), with the fields the CNIL template and the tools DPOs use
//! add to the legal minimum (legal basis per purpose, data origin, rights, status…).
//!
//! Completeness (« is this entry ready for the register? ») is not decided here but in
//! `register/`; [`Processing::validate`] only checks that each filled-in field is well
//! formed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{now, Contact, FinalDisposal, Retention, SecurityMeasures, Transfer};
use super::validate::Checker;
use super::{Problem, Record, RecordKind};

labelled_enum! {
    /// The organisation's role for this processing « En tant que ».
    #[derive(Default)]
    pub enum ProcessingRole {
        /// « Responsable de traitement » (Art. 4(7)).
        #[default]
        Controller => ("Responsable de traitement", "Controller"),
        /// « Responsable conjoint » (Art. 26).
        JointController => ("Responsable conjoint du traitement", "Joint controller"),
        /// « Sous-traitant » (Art. 28): acting on behalf of a controller.
        Processor => ("Sous-traitant", "Processor"),
    }
}

/// Another controller sharing the processing « Responsable conjoint » (Art. 26).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct JointController {
    /// Name « Nom / raison sociale » (Art. 30(1)(a)).
    pub name: String,
    /// Contact details « Coordonnées » (Art. 30(1)(a)).
    pub contact: Contact,
    /// Summary of the arrangement between the controllers « Accord de responsabilité
    /// conjointe » (who informs persons, who answers requests…; Art. 26(1)–(2)).
    pub arrangement: String,
}

labelled_enum! {
    /// Lawful basis of a purpose « Base légale » (Art. 6(1) GDPR).
    #[derive(Default)]
    pub enum LegalBasis {
        /// Art. 6(1)(a) « Consentement ».
        Consent => ("Consentement de la personne", "Consent"),
        /// Art. 6(1)(b) « Contrat ».
        Contract => (
            "Exécution d'un contrat ou de mesures précontractuelles",
            "Performance of a contract or pre-contractual steps"
        ),
        /// Art. 6(1)(c) « Obligation légale ».
        LegalObligation => ("Respect d'une obligation légale", "Compliance with a legal obligation"),
        /// Art. 6(1)(d) « Intérêts vitaux ».
        VitalInterests => ("Sauvegarde des intérêts vitaux", "Protection of vital interests"),
        /// Art. 6(1)(e) « Mission d'intérêt public ou autorité publique ».
        PublicTask => (
            "Mission d'intérêt public ou exercice de l'autorité publique",
            "Public-interest task or official authority"
        ),
        /// Art. 6(1)(f) « Intérêt légitime » (not for public authorities' own tasks).
        LegitimateInterests => ("Intérêt légitime", "Legitimate interests"),
        /// Not chosen yet « À déterminer ».
        #[default]
        ToDetermine => ("À déterminer", "To be determined"),
    }
}

impl LegalBasis {
    /// The GDPR reference: `6(1)(a)` … `6(1)(f)`; empty for [`LegalBasis::ToDetermine`].
    pub fn article(self) -> &'static str {
        match self {
            LegalBasis::Consent => "6(1)(a)",
            LegalBasis::Contract => "6(1)(b)",
            LegalBasis::LegalObligation => "6(1)(c)",
            LegalBasis::VitalInterests => "6(1)(d)",
            LegalBasis::PublicTask => "6(1)(e)",
            LegalBasis::LegitimateInterests => "6(1)(f)",
            LegalBasis::ToDetermine => "",
        }
    }
}

/// One purpose of the processing « Finalité » (Art. 30(1)(b)), with its own legal basis.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Purpose {
    /// What the data are used for « Description de la finalité ».
    pub description: String,
    /// Main purpose « Finalité principale » (the others are sub-purposes).
    pub is_main: bool,
    /// Legal basis « Base légale » (Art. 6(1)).
    pub legal_basis: LegalBasis,
    /// Why this basis applies « Justification » (the text of the legal obligation, the
    /// contract, the balancing of interests…).
    pub justification: String,
}

labelled_enum! {
    /// Category of persons whose data are processed « Catégorie de personnes concernées »
    /// (Art. 30(1)(c)).
    pub enum DataSubjectCategory {
        Employees => ("Salariés / agents", "Employees / staff"),
        Candidates => ("Candidats", "Job applicants"),
        Customers => ("Clients", "Customers"),
        Prospects => ("Prospects", "Prospects"),
        Suppliers => ("Fournisseurs", "Suppliers"),
        ServiceProviders => ("Prestataires", "Service providers"),
        /// « Usagers » of a public service.
        Users => ("Usagers", "Service users"),
        /// « Administrés » of a local authority.
        Residents => ("Administrés / habitants", "Residents"),
        /// « Électeurs »
        Voters => ("Électeurs", "Voters"),
        /// « Élèves / enfants »
        Children => ("Élèves / enfants", "Pupils / children"),
        /// « Élus »
        ElectedOfficials => ("Élus", "Elected officials"),
        /// « Internautes »
        WebsiteVisitors => ("Internautes / visiteurs du site", "Website visitors"),
        Patients => ("Patients", "Patients"),
        Other => ("Autres", "Other"),
    }
}

/// A group of persons concerned « Personnes concernées » (Art. 30(1)(c)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PersonsConcerned {
    /// Category « Catégorie ».
    pub category: DataSubjectCategory,
    /// Precision « Précisions » (e.g. « parents des enfants inscrits »).
    #[serde(default)]
    pub details: String,
    /// Approximate number of persons « Nombre approximatif ».
    #[serde(default)]
    pub approximate_number: Option<u64>,
    /// Vulnerable persons « Personnes vulnérables » (children, social-aid recipients,
    /// patients, elderly…; WP248 criterion 7).
    #[serde(default)]
    pub vulnerable: bool,
}

labelled_enum! {
    /// Category of personal data « Catégorie de données » (Art. 30(1)(c)), following the
    /// CNIL register template.
    pub enum DataCategory {
        /// « État civil, identité, données d'identification, images » (name, address,
        /// phone, e-mail, photo…).
        Identity => ("État civil, identité, identification, images", "Identity, civil status, images"),
        /// « Vie personnelle » (family situation, habits…).
        PersonalLife => ("Vie personnelle", "Personal life"),
        /// « Vie professionnelle » (CV, career, training…).
        ProfessionalLife => ("Vie professionnelle", "Professional life"),
        /// « Informations d'ordre économique et financier » (income, bank details, tax…).
        EconomicFinancial => ("Informations économiques et financières", "Economic and financial information"),
        /// « Données de connexion » (IP address, logs, identifiers, timestamps).
        ConnectionData => ("Données de connexion", "Connection data"),
        /// « Données de localisation » (movements, GPS).
        Location => ("Données de localisation", "Location data"),
        /// « Internet » (cookies, trackers, browsing, audience measurement).
        Internet => ("Internet (cookies, traceurs, navigation)", "Internet (cookies, trackers, browsing)"),
        /// « NIR »: social-security number, framed by French law.
        Nir => ("Numéro de sécurité sociale (NIR)", "Social security number (NIR)"),
        Other => ("Autres", "Other"),
    }
}

/// One category of data with how long it is kept « Catégorie de données et durée de
/// conservation » (Art. 30(1)(c) and (f)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct DataCategoryEntry {
    /// Category « Catégorie ».
    pub category: DataCategory,
    /// The data in this category « Description » (e.g. « nom, prénom, adresse, RIB »).
    #[serde(default)]
    pub description: String,
    /// Retention « Durée de conservation » (Art. 30(1)(f)); `None` when not set yet.
    #[serde(default)]
    pub retention: Option<Retention>,
    /// At the end of the retention « Sort final ».
    #[serde(default)]
    pub final_disposal: FinalDisposal,
}

labelled_enum! {
    /// Special category of data « Donnée sensible » (Art. 9(1) GDPR).
    pub enum SpecialCategory {
        RacialEthnicOrigin => ("Origine raciale ou ethnique", "Racial or ethnic origin"),
        PoliticalOpinions => ("Opinions politiques", "Political opinions"),
        ReligiousBeliefs => ("Convictions religieuses ou philosophiques", "Religious or philosophical beliefs"),
        TradeUnionMembership => ("Appartenance syndicale", "Trade-union membership"),
        Genetic => ("Données génétiques", "Genetic data"),
        /// Biometric data used to identify a person uniquely.
        Biometric => (
            "Données biométriques servant à identifier une personne",
            "Biometric data used to identify a person"
        ),
        Health => ("Données de santé", "Health data"),
        SexLife => ("Vie sexuelle ou orientation sexuelle", "Sex life or sexual orientation"),
    }
}

labelled_enum! {
    /// The exception that lifts the ban on special categories « Exception » (Art. 9(2)).
    pub enum Art9Exception {
        /// (a) explicit consent.
        ExplicitConsent => ("Consentement explicite", "Explicit consent"),
        /// (b) employment, social security and social protection law.
        EmploymentSocialLaw => (
            "Obligations du droit du travail, de la sécurité sociale et de la protection sociale",
            "Employment, social security and social protection law"
        ),
        /// (c) vital interests when the person cannot consent.
        VitalInterests => (
            "Intérêts vitaux, la personne étant hors d'état de consentir",
            "Vital interests when the person cannot consent"
        ),
        /// (d) non-profit body with a political, philosophical, religious or trade-union aim.
        NotForProfitBody => (
            "Organisme à but non lucratif (politique, philosophique, religieux, syndical), pour ses membres",
            "Not-for-profit body with a political, philosophical, religious or trade-union aim"
        ),
        /// (e) data manifestly made public by the person.
        MadePublic => (
            "Données manifestement rendues publiques par la personne",
            "Data manifestly made public by the person"
        ),
        /// (f) legal claims or courts acting.
        LegalClaims => ("Droits en justice", "Legal claims"),
        /// (g) substantial public interest on a legal basis.
        SubstantialPublicInterest => (
            "Motif d'intérêt public important prévu par un texte",
            "Substantial public interest laid down by law"
        ),
        /// (h) preventive or occupational medicine, diagnosis, health or social care.
        HealthSocialCare => (
            "Médecine préventive ou du travail, diagnostic, prise en charge sanitaire ou sociale",
            "Preventive or occupational medicine, diagnosis, health or social care"
        ),
        /// (i) public health.
        PublicHealth => ("Santé publique", "Public health"),
        /// (j) archiving in the public interest, research, statistics.
        ArchivingResearch => (
            "Archivage dans l'intérêt public, recherche ou statistiques",
            "Archiving in the public interest, research or statistics"
        ),
    }
}

impl Art9Exception {
    /// The GDPR reference, `9(2)(a)` … `9(2)(j)`.
    pub fn article(self) -> &'static str {
        match self {
            Art9Exception::ExplicitConsent => "9(2)(a)",
            Art9Exception::EmploymentSocialLaw => "9(2)(b)",
            Art9Exception::VitalInterests => "9(2)(c)",
            Art9Exception::NotForProfitBody => "9(2)(d)",
            Art9Exception::MadePublic => "9(2)(e)",
            Art9Exception::LegalClaims => "9(2)(f)",
            Art9Exception::SubstantialPublicInterest => "9(2)(g)",
            Art9Exception::HealthSocialCare => "9(2)(h)",
            Art9Exception::PublicHealth => "9(2)(i)",
            Art9Exception::ArchivingResearch => "9(2)(j)",
        }
    }
}

/// Special-category data processed « Données sensibles » (Art. 9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SensitiveData {
    /// Category « Catégorie » (Art. 9(1)).
    pub category: SpecialCategory,
    /// Exception relied on « Exception » (Art. 9(2)); `None` while not determined.
    #[serde(default)]
    pub exception: Option<Art9Exception>,
    /// The data concerned « Description ».
    #[serde(default)]
    pub description: String,
    /// Retention « Durée de conservation ».
    #[serde(default)]
    pub retention: Option<Retention>,
}

/// Data on criminal convictions and offences « Données d'infraction » (Art. 10 GDPR: only
/// under the control of an official authority or when the law allows it; French law
/// further limits who may process them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct CriminalData {
    /// The data concerned « Description » (e.g. « extrait de casier judiciaire bulletin 2 »).
    pub description: String,
    /// What allows the organisation to process them « Fondement » (text of law, authority…).
    pub legal_ground: String,
    /// Retention « Durée de conservation ».
    pub retention: Option<Retention>,
}

labelled_enum! {
    /// Where the data come from « Origine des données ».
    pub enum DataOrigin {
        /// « Auprès de la personne concernée » (Art. 13).
        DataSubject => ("Directement auprès de la personne", "From the person"),
        /// « Auprès d'un tiers » (Art. 14).
        ThirdParty => ("Auprès d'un tiers", "From a third party"),
        /// « Source accessible au public ».
        PublicSource => ("Source accessible au public", "Publicly available source"),
        Other => ("Autre", "Other"),
    }
}

labelled_enum! {
    /// How the data are collected « Moyens de collecte ».
    pub enum CollectionMeans {
        WebForm => ("Formulaire en ligne", "Web form"),
        PaperForm => ("Formulaire papier", "Paper form"),
        Contract => ("Contrat", "Contract"),
        /// A list received from another body « Liste reçue ».
        ReceivedList => ("Liste ou fichier reçu d'un tiers", "List received from a third party"),
        InternalDocument => ("Document interne", "Internal document"),
        Interview => ("Entretien", "Interview"),
        /// Automatic collection by a sensor or camera.
        Sensor => ("Collecte automatique (capteur, caméra)", "Automatic collection (sensor, camera)"),
        Other => ("Autre", "Other"),
    }
}

labelled_enum! {
    /// Kind of recipient « Type de destinataire » (Art. 30(1)(d)), as in the CNIL template.
    pub enum RecipientKind {
        /// « Service interne qui traite les données ».
        InternalService => ("Service interne", "Internal department"),
        /// « Sous-traitant » (Art. 28).
        Processor => ("Sous-traitant", "Processor"),
        /// « Partenaire institutionnel ou commercial ».
        Partner => ("Partenaire institutionnel ou commercial", "Institutional or commercial partner"),
        /// Public authority receiving data under the law « Autorité publique ».
        PublicAuthority => ("Autorité ou organisme public", "Public authority"),
        /// « Destinataire dans un pays tiers ou organisation internationale ».
        ThirdCountry => (
            "Destinataire dans un pays tiers ou organisation internationale",
            "Recipient in a third country or international organisation"
        ),
        Other => ("Autre", "Other"),
    }
}

/// One recipient or category of recipients « Destinataire » (Art. 30(1)(d)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Recipient {
    /// Kind « Type de destinataire ».
    pub kind: RecipientKind,
    /// Who « Destinataire » (e.g. « service comptabilité », « URSSAF »).
    #[serde(default)]
    pub label: String,
    /// The recipient as a third party of the dossier « Tiers lié », if recorded there.
    #[serde(default)]
    pub third_party: Option<Uuid>,
    /// Precision « Précisions » (which data, on what occasion).
    #[serde(default)]
    pub details: String,
}

labelled_enum! {
    /// Progress of the register entry « Statut ».
    #[derive(Default)]
    pub enum ProcessingStatus {
        #[default]
        Draft => ("Brouillon", "Draft"),
        Complete => ("Complet", "Complete"),
        /// Checked by the DPO « Validé par le DPO ».
        ValidatedByDpo => ("Validé par le DPO", "Validated by the DPO"),
    }
}

/// A processing activity « Traitement » of the controller's register (Art. 30(1)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Processing {
    pub id: Uuid,
    /// Creation of the entry « Date de création de la fiche ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub created_at: DateTime<Utc>,
    /// Last change « Dernière mise à jour ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub updated_at: DateTime<Utc>,
    /// Name of the activity « Nom du traitement » (named by its purpose, not its
    /// software: « Gestion de la paie »); required.
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::name))]
    pub name: String,
    /// Reference « N° / RÉF ».
    #[serde(default)]
    pub reference: String,
    /// Role of the organisation « En tant que ».
    #[serde(default)]
    pub role: ProcessingRole,
    /// Joint controllers « Responsables conjoints » (Art. 26, Art. 30(1)(a)).
    #[serde(default)]
    pub joint_controllers: Vec<JointController>,
    /// Department in charge « Service ».
    #[serde(default)]
    pub department: String,
    /// Person in charge of the entry « Gestionnaire ».
    #[serde(default)]
    pub owner: String,
    /// Software and media used « Logiciels et supports ».
    #[serde(default)]
    pub software: Vec<String>,
    /// Also on paper « Traitement papier ».
    #[serde(default)]
    pub paper: bool,
    /// Purposes « Finalités » (Art. 30(1)(b)), each with its legal basis.
    #[serde(default)]
    pub purposes: Vec<Purpose>,
    /// Persons concerned « Personnes concernées » (Art. 30(1)(c)).
    #[serde(default)]
    pub persons_concerned: Vec<PersonsConcerned>,
    /// Data collected and their retention « Catégories de données » (Art. 30(1)(c), (f)).
    #[serde(default)]
    pub data_categories: Vec<DataCategoryEntry>,
    /// Sensitive data « Données sensibles » (Art. 9).
    #[serde(default)]
    pub sensitive_data: Vec<SensitiveData>,
    /// Offence data « Données d'infraction » (Art. 10); `None` when there are none.
    #[serde(default)]
    pub criminal_data: Option<CriminalData>,
    /// The social-security number is used « Utilisation du NIR ».
    #[serde(default)]
    pub nir_used: bool,
    /// Why the NIR may be used « Justification de l'utilisation du NIR » (the text that
    /// allows it).
    #[serde(default)]
    pub nir_justification: String,
    /// Where the data come from « Origine des données ».
    #[serde(default)]
    pub data_origins: Vec<DataOrigin>,
    /// Precision on the origin « Précisions sur l'origine ».
    #[serde(default)]
    pub data_origin_details: String,
    /// How they are collected « Moyens de collecte ».
    #[serde(default)]
    pub collection_means: Vec<CollectionMeans>,
    /// Precision on the collection « Précisions sur la collecte ».
    #[serde(default)]
    pub collection_details: String,
    /// How persons are informed « Information des personnes » (Arts. 13–14).
    #[serde(default)]
    pub information_of_persons: String,
    /// How persons exercise their rights « Exercice des droits » (Arts. 15–22).
    #[serde(default)]
    pub rights_exercise: String,
    /// Automated decision with legal or similar effect « Décision automatisée » (Art. 22).
    #[serde(default)]
    pub automated_decision: bool,
    /// Description of that decision « Précisions sur la décision automatisée ».
    #[serde(default)]
    pub automated_decision_details: String,
    /// Recipients « Destinataires » (Art. 30(1)(d)).
    #[serde(default)]
    pub recipients: Vec<Recipient>,
    /// Transfers outside the EU « Transferts hors UE » (Art. 30(1)(e)).
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Security « Mesures de sécurité » (Art. 30(1)(g)).
    #[serde(default)]
    pub security: SecurityMeasures,
    /// Progress « Statut ».
    #[serde(default)]
    pub status: ProcessingStatus,
    /// DPO's notes and recommendations « Observations du DPO ».
    #[serde(default)]
    pub dpo_notes: String,
    /// Next review « Prochaine revue ».
    #[serde(default)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_date))]
    pub next_review: Option<NaiveDate>,
    /// No longer carried out, kept for history « Archivé ».
    #[serde(default)]
    pub archived: bool,
    /// Shown in the public version of the register « Registre public » (public bodies
    /// communicate their register on request).
    #[serde(default)]
    pub public_register: bool,
    /// Large-scale processing « Traitement à grande échelle » (number of persons, volume,
    /// duration, geographical extent).
    #[serde(default)]
    pub large_scale: bool,
}

impl Processing {
    /// A new draft entry with a fresh id and the current time.
    pub fn new(name: impl Into<String>) -> Self {
        let t = now();
        Processing {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            name: name.into(),
            reference: String::new(),
            role: ProcessingRole::default(),
            joint_controllers: Vec::new(),
            department: String::new(),
            owner: String::new(),
            software: Vec::new(),
            paper: false,
            purposes: Vec::new(),
            persons_concerned: Vec::new(),
            data_categories: Vec::new(),
            sensitive_data: Vec::new(),
            criminal_data: None,
            nir_used: false,
            nir_justification: String::new(),
            data_origins: Vec::new(),
            data_origin_details: String::new(),
            collection_means: Vec::new(),
            collection_details: String::new(),
            information_of_persons: String::new(),
            rights_exercise: String::new(),
            automated_decision: false,
            automated_decision_details: String::new(),
            recipients: Vec::new(),
            transfers: Vec::new(),
            security: SecurityMeasures::default(),
            status: ProcessingStatus::default(),
            dpo_notes: String::new(),
            next_review: None,
            archived: false,
            public_register: false,
            large_scale: false,
        }
    }

    /// A copy to adapt « Dupliquer »: a new id, the name marked « (copie) », back to draft
    /// and not archived (the copy is a new entry that nobody has checked yet). Timestamps
    /// are set by the store when it is saved.
    pub fn duplicate(&self) -> Processing {
        let mut copy = self.clone();
        copy.id = Uuid::new_v4();
        copy.name = format!("{} (copie)", self.name.trim());
        copy.status = ProcessingStatus::Draft;
        copy.archived = false;
        copy
    }

    /// The main purpose, or the first one when none is marked main.
    pub fn main_purpose(&self) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.is_main).or_else(|| self.purposes.first())
    }
}

impl Record for Processing {
    const KIND: RecordKind = RecordKind::Processing;

    record_identity!();

    fn title(&self) -> String {
        self.name.clone()
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/name", &self.name, "Le nom du traitement", "The processing's name");
        for (i, j) in self.joint_controllers.iter().enumerate() {
            c.nested(&format!("/joint_controllers/{i}/contact"), j.contact.validate());
        }
        for (i, d) in self.data_categories.iter().enumerate() {
            if let Some(r) = &d.retention {
                c.nested(&format!("/data_categories/{i}/retention"), r.validate());
            }
        }
        for (i, s) in self.sensitive_data.iter().enumerate() {
            if let Some(r) = &s.retention {
                c.nested(&format!("/sensitive_data/{i}/retention"), r.validate());
            }
        }
        if let Some(r) = self.criminal_data.as_ref().and_then(|d| d.retention.as_ref()) {
            c.nested("/criminal_data/retention", r.validate());
        }
        for (i, t) in self.transfers.iter().enumerate() {
            c.nested(&format!("/transfers/{i}"), t.validate());
        }
        c.date("/next_review", self.next_review);
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        let third_parties = self.recipients.iter().filter_map(|r| r.third_party).map(|id| (RecordKind::ThirdParty, id));
        let measures = self.security.measures.iter().map(|&id| (RecordKind::Measure, id));
        third_parties.chain(measures).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::common::TimeUnit;

    #[test]
    fn new_is_valid_and_reads_back() {
        let p = Processing::new("Gestion de la paie");
        assert!(p.validate().is_empty());
        assert_eq!(p.title(), "Gestion de la paie");
        let back: Processing = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn problems_have_json_pointer_paths() {
        let mut p = Processing::new("");
        p.data_categories.push(DataCategoryEntry {
            category: DataCategory::Identity,
            description: String::new(),
            retention: Some(Retention::Duration {
                amount: 0,
                unit: TimeUnit::Years,
                starting_point: String::new(),
                legal_source: String::new(),
            }),
            final_disposal: FinalDisposal::Destruction,
        });
        p.transfers.push(Transfer { country: "usa".into(), ..Transfer::default() });
        p.next_review = NaiveDate::from_ymd_opt(2500, 1, 1);
        let paths: Vec<_> = p.validate().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["/name", "/data_categories/0/retention/amount", "/transfers/0/country", "/next_review"]);
    }

    #[test]
    fn references_list_third_parties_and_measures() {
        let mut p = Processing::new("X");
        let (tp, m) = (Uuid::new_v4(), Uuid::new_v4());
        p.recipients.push(Recipient {
            kind: RecipientKind::Processor,
            label: "Cabinet".into(),
            third_party: Some(tp),
            details: String::new(),
        });
        p.security.measures.push(m);
        assert_eq!(p.references(), [(RecordKind::ThirdParty, tp), (RecordKind::Measure, m)]);
    }

    #[test]
    fn duplicate_is_a_new_draft_entry() {
        let mut p = Processing::new("Gestion de la paie ");
        p.status = ProcessingStatus::ValidatedByDpo;
        p.archived = true;
        p.dpo_notes = "RAS".into();
        let c = p.duplicate();
        assert_ne!(c.id, p.id);
        assert_eq!(c.name, "Gestion de la paie (copie)");
        assert_eq!((c.status, c.archived), (ProcessingStatus::Draft, false));
        assert_eq!(c.dpo_notes, "RAS", "the content is kept");
        assert!(c.validate().is_empty());
    }

    #[test]
    fn enum_wire_names() {
        assert_eq!(serde_json::to_string(&LegalBasis::PublicTask).unwrap(), r#""public_task""#);
        assert_eq!(serde_json::to_string(&ProcessingStatus::ValidatedByDpo).unwrap(), r#""validated_by_dpo""#);
        assert_eq!(LegalBasis::ALL.len(), 7);
        assert_eq!(SpecialCategory::ALL.len(), 8);
        assert_eq!(Art9Exception::ALL.len(), 10);
    }
}
