//! An activity carried out as a processor « Activité de sous-traitance »: one entry of the
//! processor's register (Art. 30(2) GDPR). An organisation that is both controller and
//! processor keeps both registers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::{now, Contact, SecurityMeasures, Transfer};
use super::validate::Checker;
use super::{Problem, Record, RecordKind};

/// A controller on whose behalf the activity is carried out « Client (responsable de
/// traitement) » (Art. 30(2)(a)–(b)).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[serde(default)]
pub struct ClientController {
    /// Name of the controller « Nom / raison sociale ».
    pub name: String,
    /// Its contact details « Coordonnées », with those of its DPO if known.
    pub contact: Contact,
    /// The controller as a third party of the dossier « Tiers lié », if recorded there.
    pub third_party: Option<Uuid>,
    /// Processing carried out for this controller « Opérations effectuées pour ce client »
    /// (Art. 30(2)(b)).
    pub operations: String,
}

/// An activity carried out on behalf of controllers « Activité de sous-traitance »
/// (Art. 30(2)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ProcessorActivity {
    pub id: Uuid,
    /// Creation of the entry « Créé le ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub created_at: DateTime<Utc>,
    /// Last change « Dernière mise à jour ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub updated_at: DateTime<Utc>,
    /// Category of processing carried out « Catégorie de traitement » (e.g. « Hébergement
    /// de sites web », « Tenue de la paie pour le compte de clients »); required.
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::name))]
    pub name: String,
    /// Reference « N° / RÉF ».
    #[serde(default)]
    pub reference: String,
    /// General description « Description ».
    #[serde(default)]
    pub description: String,
    /// Controllers served « Clients (responsables de traitement) » (Art. 30(2)(a)).
    #[serde(default)]
    pub clients: Vec<ClientController>,
    /// Sub-processors used « Sous-traitants ultérieurs » (ids of third parties).
    #[serde(default)]
    pub sub_processors: Vec<Uuid>,
    /// Sub-processors not recorded as third parties, or precision « Précisions sur les
    /// sous-traitants ultérieurs ».
    #[serde(default)]
    pub sub_processors_details: String,
    /// Transfers outside the EU « Transferts hors UE » (Art. 30(2)(c)).
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// Security « Mesures de sécurité » (Art. 30(2)(d)).
    #[serde(default)]
    pub security: SecurityMeasures,
    /// Notes « Notes ».
    #[serde(default)]
    pub notes: String,
    /// No longer carried out « Archivé ».
    #[serde(default)]
    pub archived: bool,
}

impl ProcessorActivity {
    /// A new activity with a fresh id and the current time.
    pub fn new(name: impl Into<String>) -> Self {
        let t = now();
        ProcessorActivity {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            name: name.into(),
            reference: String::new(),
            description: String::new(),
            clients: Vec::new(),
            sub_processors: Vec::new(),
            sub_processors_details: String::new(),
            transfers: Vec::new(),
            security: SecurityMeasures::default(),
            notes: String::new(),
            archived: false,
        }
    }
}

impl Record for ProcessorActivity {
    const KIND: RecordKind = RecordKind::ProcessorActivity;

    record_identity!();

    fn title(&self) -> String {
        self.name.clone()
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/name", &self.name, "Le nom de l'activité", "The activity's name");
        for (i, cl) in self.clients.iter().enumerate() {
            c.nested(&format!("/clients/{i}/contact"), cl.contact.validate());
        }
        for (i, t) in self.transfers.iter().enumerate() {
            c.nested(&format!("/transfers/{i}"), t.validate());
        }
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        self.clients
            .iter()
            .filter_map(|c| c.third_party)
            .chain(self.sub_processors.iter().copied())
            .map(|id| (RecordKind::ThirdParty, id))
            .chain(self.security.measures.iter().map(|&id| (RecordKind::Measure, id)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_is_valid_and_references() {
        let mut a = ProcessorActivity::new("Hébergement de sites");
        assert!(a.validate().is_empty());
        let (c, s, m) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        a.clients.push(ClientController { third_party: Some(c), ..ClientController::default() });
        a.sub_processors.push(s);
        a.security.measures.push(m);
        assert_eq!(
            a.references(),
            [(RecordKind::ThirdParty, c), (RecordKind::ThirdParty, s), (RecordKind::Measure, m)]
        );
        a.name = " ".into();
        assert_eq!(a.validate()[0].path, "/name");
    }
}
