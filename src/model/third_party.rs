//! A body the organisation deals with about personal data « Tiers »: processors,
//! recipients, partners, authorities, joint controllers, clients. Processings point to
//! third parties by id (recipients, joint controllers), processor activities too (clients,
//! sub-processors).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{now, Person, PostalAddress};
use super::validate::{self, Checker};
use super::{Problem, Record, RecordKind};

labelled_enum! {
    /// What the third party is to the organisation « Type de tiers ».
    pub enum ThirdPartyKind {
        /// « Sous-traitant » (Art. 28): processes data on the organisation's behalf.
        Processor => ("Sous-traitant", "Processor"),
        /// « Destinataire »: receives data for its own purposes.
        Recipient => ("Destinataire", "Recipient"),
        /// « Partenaire » institutional or commercial.
        Partner => ("Partenaire", "Partner"),
        /// « Autorité » (administration, social bodies, courts…).
        Authority => ("Autorité ou organisme public", "Authority or public body"),
        /// « Responsable conjoint » (Art. 26).
        JointController => ("Responsable conjoint", "Joint controller"),
        /// « Client »: a controller for which the organisation acts as processor.
        Client => ("Client (donneur d'ordre)", "Client (controller)"),
        Other => ("Autre", "Other"),
    }
}

labelled_enum! {
    /// State of the processor contract « Contrat de sous-traitance » (Art. 28(3)).
    pub enum ContractStatus {
        /// « Aucun contrat »
        #[serde(rename = "none")]
        NoContract => ("Aucun contrat", "No contract"),
        /// « À revoir »: a contract exists but lacks the Art. 28 clauses or must be checked.
        ToReview => ("Contrat à revoir", "Contract to review"),
        /// « Clauses art. 28 signées »
        Art28Signed => ("Clauses de l'article 28 signées", "Art. 28 clauses signed"),
        /// « Sans objet » (not a processor).
        NotApplicable => ("Sans objet", "Not applicable"),
    }
}

/// A third party « Tiers ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ThirdParty {
    pub id: Uuid,
    /// Creation « Créé le ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub created_at: DateTime<Utc>,
    /// Last change « Modifié le ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub updated_at: DateTime<Utc>,
    /// Name « Nom / raison sociale »; required.
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::name))]
    pub name: String,
    /// Kind « Type de tiers »; `None` until chosen.
    #[serde(default)]
    pub kind: Option<ThirdPartyKind>,
    /// SIREN « Numéro SIREN » (French bodies).
    #[serde(default)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_siren))]
    pub siren: Option<String>,
    /// Address « Adresse »; its country (ISO code) tells whether data leave the EU.
    #[serde(default)]
    pub address: PostalAddress,
    /// Contact person « Interlocuteur » with e-mail and phone.
    #[serde(default)]
    pub contact: Person,
    /// Processor contract « Contrat de sous-traitance » (Art. 28).
    #[serde(default)]
    pub contract_status: Option<ContractStatus>,
    /// Date of the contract or of its last amendment « Date du contrat ».
    #[serde(default)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_date))]
    pub contract_date: Option<NaiveDate>,
    /// It has designated a DPO « Dispose d'un DPO ».
    #[serde(default)]
    pub has_dpo: bool,
    /// Its DPO « Contact du DPO ».
    #[serde(default)]
    pub dpo_contact: Person,
    /// Notes « Notes ».
    #[serde(default)]
    pub notes: String,
}

impl ThirdParty {
    /// A new third party with a fresh id and the current time.
    pub fn new(name: impl Into<String>) -> Self {
        let t = now();
        ThirdParty {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            name: name.into(),
            kind: None,
            siren: None,
            address: PostalAddress::default(),
            contact: Person::default(),
            contract_status: None,
            contract_date: None,
            has_dpo: false,
            dpo_contact: Person::default(),
            notes: String::new(),
        }
    }
}

impl Record for ThirdParty {
    const KIND: RecordKind = RecordKind::ThirdParty;

    record_identity!();

    fn title(&self) -> String {
        self.name.clone()
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/name", &self.name, "Le nom du tiers", "The third party's name");
        c.optional("/siren", &self.siren, validate::siren);
        c.nested("/address", self.address.validate());
        c.nested("/contact", self.contact.validate());
        c.date("/contract_date", self.contract_date);
        c.nested("/dpo_contact", self.dpo_contact.validate());
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_is_valid_and_checks_siren() {
        let mut t = ThirdParty::new("Cabinet Comptable");
        assert!(t.validate().is_empty());
        t.siren = Some("123456789".into());
        assert_eq!(t.validate()[0].code, "siren_checksum");
        assert_eq!(serde_json::to_string(&ContractStatus::NoContract).unwrap(), r#""none""#);
    }
}
