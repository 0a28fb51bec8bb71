//! The organisation whose compliance file the dossier keeps « Organisme » (Art. 30(1)(a):
//! name and contact details of the controller, its representative and its DPO), with what
//! the CNIL's DPO designation form asks for (Art. 37).
//!
//! An organisation is not a [`Record`](super::Record): it has its own table and every
//! record belongs to one.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{now, Contact, ContactChannels, Person, PostalAddress, Representative};
use super::validate::{self, Checker};
use super::Problem;

labelled_enum! {
    /// Kind of public body « Type de structure publique ».
    pub enum PublicBodyKind {
        /// « Commune »
        Commune => ("Commune", "Municipality (commune)"),
        /// « EPCI / intercommunalité » (communauté de communes, d'agglomération…).
        Epci => ("EPCI / intercommunalité", "Inter-municipal body (EPCI)"),
        /// « CCAS / CIAS » (centre communal or intercommunal d'action sociale).
        SocialActionCentre => ("CCAS / CIAS", "Social action centre (CCAS / CIAS)"),
        /// « Syndicat » (syndicat intercommunal or mixte).
        Syndicate => ("Syndicat intercommunal ou mixte", "Joint syndicate of local authorities"),
        /// « Département »
        Departement => ("Département", "Département"),
        /// « Région »
        Region => ("Région", "Region"),
        /// « Établissement public » (other public establishment).
        PublicEstablishment => ("Établissement public", "Public establishment"),
        /// « Autre »
        Other => ("Autre organisme public", "Other public body"),
    }
}

labelled_enum! {
    /// Headcount band « Effectif » (asked by the CNIL DPO designation form).
    pub enum HeadcountBand {
        /// No employee « 0 salarié ».
        #[serde(rename = "0")]
        Zero => ("0 salarié", "No employee"),
        /// « 1 à 9 »
        #[serde(rename = "1_9")]
        From1To9 => ("1 à 9", "1 to 9"),
        /// « 10 à 49 »
        #[serde(rename = "10_49")]
        From10To49 => ("10 à 49", "10 to 49"),
        /// « 50 à 249 »
        #[serde(rename = "50_249")]
        From50To249 => ("50 à 249", "50 to 249"),
        /// « 250 et plus »: the Art. 30(5) threshold.
        #[serde(rename = "250_plus")]
        From250 => ("250 et plus", "250 or more"),
    }
}

labelled_enum! {
    /// The user's relationship to the organisation « Relation ».
    #[derive(Default)]
    pub enum Relationship {
        /// « Mon organisme »: the user works for it.
        #[default]
        Own => ("Mon organisme", "My organisation"),
        /// « Client »: the user is its (external or pooled) DPO or adviser.
        Client => ("Organisme client", "Client organisation"),
    }
}

labelled_enum! {
    /// How the DPO is provided « Type de DPO ».
    pub enum DpoKind {
        /// « Interne »: an employee or agent of the organisation.
        Internal => ("Interne", "Internal"),
        /// « Externe »: under a service contract.
        External => ("Externe", "External"),
        /// « Mutualisé »: shared between several bodies (Art. 37(3)), e.g. through a
        /// centre de gestion or an intercommunalité.
        Pooled => ("Mutualisé", "Pooled (shared)"),
    }
}

labelled_enum! {
    /// Whether the designated DPO is a person or a body « Personne physique / morale ».
    pub enum DpoPersonType {
        /// « Personne physique »
        Natural => ("Personne physique", "Natural person"),
        /// « Personne morale » (a firm or public body acting as DPO).
        Legal => ("Personne morale", "Legal person"),
    }
}

/// The data protection officer « Délégué à la protection des données (DPO / DPD) »
/// (Arts. 37–39), with the fields of the CNIL designation form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct Dpo {
    /// A DPO is designated « DPO désigné » (mandatory for every public body, Art. 37(1)(a)).
    pub designated: bool,
    /// Internal, external or pooled « Type de DPO ».
    pub kind: Option<DpoKind>,
    /// Natural or legal person « Personne physique / morale ».
    pub person_type: Option<DpoPersonType>,
    /// The DPO in person « Identité du DPO » (for a legal person, the individual in charge).
    pub person: Person,
    /// Name of the body acting as DPO « Organisme du DPO » (external or legal-person DPO).
    pub organisation_name: String,
    /// SIREN of the body acting as DPO « SIREN de l'organisme du DPO ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_siren))]
    pub organisation_siren: Option<String>,
    /// Private contact details, sent to the CNIL but not published « Coordonnées privées ».
    pub private_contact: Contact,
    /// Contact channels to publish « Coordonnées à publier » (Art. 37(7)).
    pub public_contact: ContactChannels,
    /// Designation number given by the CNIL « Numéro de désignation CNIL ».
    pub cnil_designation_number: String,
    /// Date of the designation « Date de désignation ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_date))]
    pub designation_date: Option<NaiveDate>,
}

impl Dpo {
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.nested("/person", self.person.validate());
        c.optional("/organisation_siren", &self.organisation_siren, validate::siren);
        c.nested("/private_contact", self.private_contact.validate());
        c.nested("/public_contact", self.public_contact.validate());
        c.date("/designation_date", self.designation_date);
        c.finish()
    }
}

/// An organisation « Organisme »: a company, association or public body whose register
/// the dossier keeps.
///
/// `Arbitrary` is implemented by hand in `arb.rs` (the SIRET must extend the SIREN).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Organisation {
    pub id: Uuid,
    /// Creation of the entry « Créé le ».
    pub created_at: DateTime<Utc>,
    /// Last change « Modifié le ».
    pub updated_at: DateTime<Utc>,
    /// Legal name « Raison sociale / dénomination » (Art. 30(1)(a)); required.
    pub legal_name: String,
    /// Trade name « Nom commercial / enseigne ».
    #[serde(default)]
    pub trade_name: String,
    /// Legal form « Forme juridique » (SARL, SAS, association loi 1901, commune…).
    #[serde(default)]
    pub legal_form: String,
    /// SIREN « Numéro SIREN » (9 digits).
    #[serde(default)]
    pub siren: Option<String>,
    /// SIRET of the head office « SIRET du siège » (14 digits, starts with the SIREN).
    #[serde(default)]
    pub siret: Option<String>,
    /// NAF / APE code « Code NAF / APE » (`10.71C`).
    #[serde(default)]
    pub naf: Option<String>,
    /// Address of the head office « Adresse du siège ».
    #[serde(default)]
    pub address: PostalAddress,
    /// Switchboard phone « Téléphone ».
    #[serde(default)]
    pub phone: Option<String>,
    /// General e-mail « Courriel ».
    #[serde(default)]
    pub email: Option<String>,
    /// Website « Site web ».
    #[serde(default)]
    pub website: Option<String>,
    /// Sector of activity « Secteur d'activité » (free text).
    #[serde(default)]
    pub sector: String,
    /// Public body « Organisme public » (public authorities must designate a DPO and cannot
    /// rely on legitimate interests for their tasks).
    #[serde(default)]
    pub public_body: bool,
    /// Kind of public body « Type de structure publique ».
    #[serde(default)]
    pub public_body_kind: Option<PublicBodyKind>,
    /// Headcount « Effectif ».
    #[serde(default)]
    pub headcount: Option<HeadcountBand>,
    /// Population « Population » (communes and intercommunalités: number of inhabitants).
    #[serde(default)]
    pub population: Option<u32>,
    /// Legal representative « Représentant légal » (gérant, maire, président…).
    #[serde(default)]
    pub legal_representative: Person,
    /// Data protection officer « Délégué à la protection des données ».
    #[serde(default)]
    pub dpo: Dpo,
    /// Contact person for the CNIL « Personne à contacter par la CNIL ».
    #[serde(default)]
    pub cnil_contact: Person,
    /// Representative in the EU « Représentant dans l'UE » (Art. 27), only for an
    /// organisation established outside the EU.
    #[serde(default)]
    pub eu_representative: Option<Representative>,
    /// The user's relationship to it « Relation » (own organisation or client).
    #[serde(default)]
    pub relationship: Relationship,
    /// Notes « Notes ».
    #[serde(default)]
    pub notes: String,
}

/// Something the profile still lacks for the register and the CNIL forms (not an error:
/// the profile can be saved without it). `path` is the JSON pointer of the part to fill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProfileGap {
    pub path: &'static str,
    pub label_fr: &'static str,
    pub label_en: &'static str,
}

impl Organisation {
    /// What the profile still lacks, in the order of the form: SIREN, postal address, a
    /// contact (email or phone), the legal representative, and — for a public body, which
    /// must designate one (Art. 37(1)(a) GDPR) — the DPO.
    pub fn profile_gaps(&self) -> Vec<ProfileGap> {
        let blank = |s: &str| s.trim().is_empty();
        let none = |s: &Option<String>| s.as_deref().is_none_or(blank);
        let mut gaps = Vec::new();
        let mut gap = |path, label_fr, label_en| gaps.push(ProfileGap { path, label_fr, label_en });
        if none(&self.siren) {
            gap("/siren", "numéro SIREN", "SIREN number");
        }
        let a = &self.address;
        if a.lines.iter().all(|l| blank(l)) || blank(&a.postcode) || blank(&a.city) {
            gap("/address", "adresse du siège", "registered address");
        }
        if none(&self.email) && none(&self.phone) {
            gap("/email", "courriel ou téléphone", "email or phone");
        }
        if blank(&self.legal_representative.last_name) {
            gap("/legal_representative", "représentant légal", "legal representative");
        }
        if self.public_body && !self.dpo.designated {
            gap(
                "/dpo",
                "délégué à la protection des données (obligatoire pour un organisme public)",
                "data protection officer (mandatory for a public body)",
            );
        }
        gaps
    }

    /// A new organisation with a fresh id and the current time.
    pub fn new(legal_name: impl Into<String>) -> Self {
        let t = now();
        Organisation {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            legal_name: legal_name.into(),
            trade_name: String::new(),
            legal_form: String::new(),
            siren: None,
            siret: None,
            naf: None,
            address: PostalAddress::default(),
            phone: None,
            email: None,
            website: None,
            sector: String::new(),
            public_body: false,
            public_body_kind: None,
            headcount: None,
            population: None,
            legal_representative: Person::default(),
            dpo: Dpo::default(),
            cnil_contact: Person::default(),
            eu_representative: None,
            relationship: Relationship::Own,
            notes: String::new(),
        }
    }

    /// The name to show: the trade name when given, else the legal name.
    pub fn display_name(&self) -> &str {
        match self.trade_name.trim() {
            "" => self.legal_name.trim(),
            t => t,
        }
    }

    /// Every field rule broken by this organisation; empty when it can be stored.
    pub fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/legal_name", &self.legal_name, "Le nom de l'organisme", "The organisation's name");
        c.optional("/siren", &self.siren, validate::siren);
        c.optional("/siret", &self.siret, validate::siret);
        if let (Some(siren), Some(siret)) = (&self.siren, &self.siret) {
            let siren = validate::normalize_digits(siren);
            if validate::siren(&siren).is_ok()
                && validate::siret(siret).is_ok()
                && validate::siren_of_siret(siret).as_deref() != Some(siren.as_str())
            {
                c.problems.push(Problem::new(
                    "/siret",
                    "siret_siren_mismatch",
                    "Le SIRET du siège doit commencer par les 9 chiffres du SIREN : l'un des \
                     deux numéros appartient sans doute à un autre organisme.",
                    "The head-office SIRET must start with the 9 digits of the SIREN: one of \
                     the two numbers probably belongs to another organisation.",
                ));
            }
        }
        c.optional("/naf", &self.naf, validate::naf);
        c.nested("/address", self.address.validate());
        c.optional("/phone", &self.phone, validate::phone);
        c.optional("/email", &self.email, validate::email);
        c.optional("/website", &self.website, validate::url);
        if self.public_body_kind.is_some() && !self.public_body {
            c.problems.push(Problem::new(
                "/public_body_kind",
                "public_body_kind_mismatch",
                "Un type de structure publique est choisi alors que l'organisme n'est pas \
                 indiqué comme public : cochez « Organisme public » ou retirez le type.",
                "A kind of public body is chosen but the organisation is not marked as public: \
                 tick « Public body » or remove the kind.",
            ));
        }
        c.nested("/legal_representative", self.legal_representative.validate());
        c.nested("/dpo", self.dpo.validate());
        c.nested("/cnil_contact", self.cnil_contact.validate());
        if let Some(r) = &self.eu_representative {
            c.nested("/eu_representative", r.validate());
        }
        c.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_is_valid_and_reads_back() {
        let o = Organisation::new("Boulangerie Martin");
        assert!(o.validate().is_empty());
        let back: Organisation = serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o);
    }

    #[test]
    fn minimal_json_reads() {
        let o: Organisation = serde_json::from_str(
            r#"{"id":"00000000-0000-4000-8000-000000000001","created_at":"2024-01-01T00:00:00Z",
                "updated_at":"2024-01-01T00:00:00Z","legal_name":"X"}"#,
        )
        .unwrap();
        assert_eq!(o.address.country, "FR");
        assert_eq!(o.relationship, Relationship::Own);
    }

    #[test]
    fn problems_are_located() {
        let mut o = Organisation::new("  ");
        o.siren = Some("732829321".into());
        o.dpo.public_contact.email = Some("dpo".into());
        o.public_body_kind = Some(PublicBodyKind::Commune);
        let paths: Vec<_> = o.validate().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["/legal_name", "/siren", "/public_body_kind", "/dpo/public_contact/email"]);
    }

    #[test]
    fn siret_must_extend_siren() {
        let mut o = Organisation::new("X");
        o.siren = Some("732 829 320".into());
        o.siret = Some("73282932000074".into());
        assert!(o.validate().is_empty());
        o.siren = Some("552100554".into());
        assert_eq!(o.validate()[0].code, "siret_siren_mismatch");
    }

    #[test]
    fn headcount_wire_names() {
        assert_eq!(serde_json::to_string(&HeadcountBand::From1To9).unwrap(), r#""1_9""#);
        assert_eq!(serde_json::to_string(&HeadcountBand::Zero).unwrap(), r#""0""#);
    }
}

#[cfg(test)]
mod profile_gap_tests {
    use super::*;

    #[test]
    fn gaps_follow_what_is_filled() {
        let mut o = Organisation::new("Mairie de Saint-Aubin");
        let paths = |o: &Organisation| o.profile_gaps().iter().map(|g| g.path).collect::<Vec<_>>();
        assert_eq!(paths(&o), ["/siren", "/address", "/email", "/legal_representative"]);
        o.public_body = true;
        assert!(paths(&o).contains(&"/dpo"));
        o.siren = Some("  ".into());
        assert!(paths(&o).contains(&"/siren"), "blank counts as missing");
        o.siren = Some("732829320".into());
        o.address.lines = vec!["1 place de la Mairie".into()];
        o.address.postcode = "30700".into();
        o.address.city = "Uzès".into();
        o.phone = Some("04 66 22 33 44".into());
        o.legal_representative.last_name = "Martin".into();
        o.dpo.designated = true;
        assert_eq!(paths(&o), Vec::<&str>::new());
    }
}
