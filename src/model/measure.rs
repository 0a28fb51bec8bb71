//! A security or organisational measure « Mesure » (Art. 32 GDPR): something in place or
//! planned, linked by id from processings, processor activities and later the security
//! checklist and AIPD risks.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::now;
use super::validate::Checker;
use super::{Problem, Record, RecordKind};

/// Number of sheets (fiches) in the CNIL security guide, 2024 edition.
pub const SECURITY_GUIDE_SHEETS: u8 = 25;

labelled_enum! {
    /// Nature of a measure « Type de mesure ».
    pub enum MeasureKind {
        /// « Organisationnelle » (procedures, awareness, roles).
        Organisational => ("Organisationnelle", "Organisational"),
        /// « Technique / logique » (passwords, encryption, backups, logs…).
        Technical => ("Technique ou logique", "Technical or logical"),
        /// « Physique » (locks, alarms, access to premises).
        Physical => ("Physique", "Physical"),
        /// « Juridique / contractuelle » (clauses, charters, commitments).
        Legal => ("Juridique ou contractuelle", "Legal or contractual"),
    }
}

labelled_enum! {
    /// Where the measure stands « État ».
    #[derive(Default)]
    pub enum MeasureStatus {
        /// « En place »
        InPlace => ("En place", "In place"),
        /// « Prévue »
        #[default]
        Planned => ("Prévue", "Planned"),
        /// « Abandonnée »
        Abandoned => ("Abandonnée", "Abandoned"),
    }
}

/// A measure « Mesure ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Measure {
    pub id: Uuid,
    /// Creation « Créée le ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub created_at: DateTime<Utc>,
    /// Last change « Modifiée le ».
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::timestamp))]
    pub updated_at: DateTime<Utc>,
    /// Title « Intitulé »; required.
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::name))]
    pub title: String,
    /// What is done, how « Description ».
    #[serde(default)]
    pub description: String,
    /// Nature « Type de mesure »; `None` until chosen.
    #[serde(default)]
    pub kind: Option<MeasureKind>,
    /// Where it stands « État ».
    #[serde(default)]
    pub status: MeasureStatus,
    /// Who carries it « Responsable ».
    #[serde(default)]
    pub owner: String,
    /// Deadline « Échéance » (for a planned measure).
    #[serde(default)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_date))]
    pub due_date: Option<NaiveDate>,
    /// Sheet of the CNIL security guide it answers « Fiche du guide sécurité » (1 to 25).
    #[serde(default)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::opt_sheet))]
    pub sheet: Option<u8>,
    /// Notes « Notes ».
    #[serde(default)]
    pub notes: String,
}

impl Measure {
    /// A new planned measure with a fresh id and the current time.
    pub fn new(title: impl Into<String>) -> Self {
        let t = now();
        Measure {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            title: title.into(),
            description: String::new(),
            kind: None,
            status: MeasureStatus::default(),
            owner: String::new(),
            due_date: None,
            sheet: None,
            notes: String::new(),
        }
    }
}

impl Record for Measure {
    const KIND: RecordKind = RecordKind::Measure;

    record_identity!();

    fn title(&self) -> String {
        self.title.clone()
    }

    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/title", &self.title, "L'intitulé de la mesure", "The measure's title");
        c.date("/due_date", self.due_date);
        if let Some(s) = self.sheet {
            if !(1..=SECURITY_GUIDE_SHEETS).contains(&s) {
                c.problems.push(Problem::new(
                    "/sheet",
                    "sheet_range",
                    format!(
                        "Le guide de la sécurité de la CNIL compte {SECURITY_GUIDE_SHEETS} fiches : \
                         indiquez un numéro de fiche entre 1 et {SECURITY_GUIDE_SHEETS} (ici {s})."
                    ),
                    format!(
                        "The CNIL security guide has {SECURITY_GUIDE_SHEETS} sheets: enter a sheet \
                         number between 1 and {SECURITY_GUIDE_SHEETS} (here {s})."
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

    #[test]
    fn sheet_range() {
        let mut m = Measure::new("Sauvegarde hebdomadaire chiffrée");
        assert!(m.validate().is_empty());
        m.sheet = Some(25);
        assert!(m.validate().is_empty());
        m.sheet = Some(0);
        assert_eq!(m.validate()[0].code, "sheet_range");
        m.sheet = Some(26);
        assert_eq!(m.validate()[0].path, "/sheet");
    }
}
