//! Plain serde types of a dossier's content: organisations and their records.
//!
//! Invariants every type here keeps:
//! - every record has a UUID `id` and `created_at`/`updated_at` (UTC); the store sets the
//!   timestamps on save, the types only carry them;
//! - records reference each other by id, never by title (see [`Record::references`]);
//! - `validate()` is the single place where field rules live (SIREN checksum, non-empty
//!   names, date ranges…). The store refuses to save a record with problems and the JSON
//!   import refuses a file with any, so everything stored can always be exported and
//!   imported back.
//! - no floating-point numbers and no `serde_json::Value`: values compare exactly, which
//!   the lossless JSON round trip relies on.
//! - a free text not filled in yet is an empty `String`; a value with a format (SIREN,
//!   e-mail, phone, URL) is an `Option<String>` checked only when present and not blank; an
//!   unknown choice is `None`. Missing fields read as their default, so older or partial
//!   files still load.
//! - [`common::now`], used by every `new()`, gives whole milliseconds, so a timestamp's
//!   RFC 3339 text reads back to the same value.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use uuid::Uuid;

/// Declares a fieldless enum of the model with the derives every such enum carries, its
/// French and English labels, and the list of its values in display order. Values
/// serialize in `snake_case`.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($fr:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
            schemars::JsonSchema,
        )]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Label for the French UI and documents.
            pub fn label_fr(self) -> &'static str {
                match self { $($name::$variant => $fr),+ }
            }

            /// Label for the English UI and documents.
            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// Every value with its stored form and labels, for choice lists.
            pub fn options() -> Vec<$crate::model::EnumOption> {
                Self::ALL
                    .iter()
                    .map(|v| $crate::model::EnumOption {
                        value: serde_json::to_value(v)
                            .ok()
                            .and_then(|j| j.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        label_fr: v.label_fr(),
                        label_en: v.label_en(),
                    })
                    .collect()
            }
        }
    };
}

/// One value of a labelled enum, as a choice list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnumOption {
    /// The serialised value (`"1_9"`, `"commune"`).
    pub value: String,
    pub label_fr: &'static str,
    pub label_en: &'static str,
}

/// The methods of [`Record`] that every record type implements the same way, from its
/// `id`, `created_at` and `updated_at` fields.
macro_rules! record_identity {
    () => {
        fn id(&self) -> Uuid {
            self.id
        }

        fn created_at(&self) -> DateTime<Utc> {
            self.created_at
        }

        fn set_timestamps(&mut self, created_at: DateTime<Utc>, updated_at: DateTime<Utc>) {
            self.created_at = created_at;
            self.updated_at = updated_at;
        }
    };
}

pub mod aipd;
pub mod breach;
pub mod common;
pub mod measure;
pub mod organisation;
pub mod processing;
pub mod processor_activity;
pub mod security;
pub mod third_party;
pub mod validate;

/// Generators of random valid values, for property tests.
#[cfg(feature = "arbitrary")]
pub mod arb;

pub use aipd::*;
pub use breach::*;
pub use common::*;
pub use measure::*;
pub use organisation::*;
pub use processing::*;
pub use processor_activity::*;
pub use security::*;
pub use third_party::*;

/// The kinds of record an organisation holds. The string form is what the store and the
/// JSON format write; never rename one without a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Processing,
    ProcessorActivity,
    ThirdParty,
    Measure,
    SecurityAssessment,
    AipdScreening,
    Aipd,
    Breach,
}

impl RecordKind {
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Processing,
        RecordKind::ProcessorActivity,
        RecordKind::ThirdParty,
        RecordKind::Measure,
        RecordKind::SecurityAssessment,
        RecordKind::AipdScreening,
        RecordKind::Aipd,
        RecordKind::Breach,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Processing => "processing",
            RecordKind::ProcessorActivity => "processor_activity",
            RecordKind::ThirdParty => "third_party",
            RecordKind::Measure => "measure",
            RecordKind::SecurityAssessment => "security_assessment",
            RecordKind::AipdScreening => "aipd_screening",
            RecordKind::Aipd => "aipd",
            RecordKind::Breach => "breach",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// French label, for messages.
    pub fn label_fr(self) -> &'static str {
        match self {
            RecordKind::Processing => "traitement",
            RecordKind::ProcessorActivity => "activité de sous-traitance",
            RecordKind::ThirdParty => "tiers",
            RecordKind::Measure => "mesure",
            RecordKind::SecurityAssessment => "évaluation de la sécurité",
            RecordKind::AipdScreening => "analyse préalable (AIPD requise ?)",
            RecordKind::Aipd => "analyse d'impact (AIPD)",
            RecordKind::Breach => "violation de données",
        }
    }

    /// Kinds an organisation holds at most one of.
    pub fn one_per_organisation(self) -> bool {
        matches!(self, RecordKind::SecurityAssessment)
    }
}

/// One thing wrong with a value, located by a JSON-pointer-like path relative to the
/// record (`/legal_name`, `/purposes/0/legal_basis`), in French and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub path: String,
    /// Stable machine code, e.g. `siren_checksum`, `required`.
    pub code: String,
    pub message_fr: String,
    pub message_en: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, code: &str, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Problem { path: path.into(), code: code.to_string(), message_fr: fr.into(), message_en: en.into() }
    }

    /// Same problem, with `prefix` put before its path (for nested values).
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}{}", self.path);
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} : {}", if self.path.is_empty() { "/" } else { &self.path }, self.message_fr)
    }
}

/// What the store needs of any record type.
pub trait Record: Serialize + DeserializeOwned + Clone + std::fmt::Debug {
    const KIND: RecordKind;
    fn id(&self) -> Uuid;
    /// Human title shown in lists and in the audit trail (may be empty while drafting).
    fn title(&self) -> String;
    fn created_at(&self) -> DateTime<Utc>;
    fn set_timestamps(&mut self, created_at: DateTime<Utc>, updated_at: DateTime<Utc>);
    /// Every field rule broken by this value; empty when it can be stored.
    fn validate(&self) -> Vec<Problem>;
    /// Ids of the other records of the same organisation this one points to.
    fn references(&self) -> Vec<(RecordKind, Uuid)>;
    /// Problems of replacing the stored `previous` value by this one (e.g. a validated
    /// AIPD is read-only); none by default.
    fn check_replace(&self, _previous: &Self) -> Vec<Problem> {
        Vec::new()
    }
}

/// One record of a bundle, as the cross-record checks see it.
struct Entry {
    kind: RecordKind,
    path: String,
    id: Uuid,
    title: String,
    references: Vec<(RecordKind, Uuid)>,
}

/// One organisation with all its records: the unit of the JSON export and of the demo.
///
/// `Arbitrary` is implemented by hand in `arb.rs`, so that random bundles keep unique ids
/// and references that resolve.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OrganisationBundle {
    /// The organisation « Organisme ».
    pub organisation: Organisation,
    /// Its register as controller « Traitements » (Art. 30(1)).
    #[serde(default)]
    pub processings: Vec<Processing>,
    /// Its register as processor « Activités de sous-traitance » (Art. 30(2)).
    #[serde(default)]
    pub processor_activities: Vec<ProcessorActivity>,
    /// The bodies it deals with « Tiers ».
    #[serde(default)]
    pub third_parties: Vec<ThirdParty>,
    /// Its measures « Mesures ».
    #[serde(default)]
    pub measures: Vec<Measure>,
    /// Its security self-assessment « Évaluation de la sécurité » (CNIL guide): at most one.
    #[serde(default)]
    pub security_assessments: Vec<SecurityAssessment>,
    /// Its AIPD screenings « Analyses préalables » (is an AIPD required?), one per processing.
    #[serde(default)]
    pub aipd_screenings: Vec<AipdScreening>,
    /// Its impact assessments « AIPD », every version.
    #[serde(default)]
    pub aipds: Vec<Aipd>,
    /// Its breach register « Violations de données » (Art. 33(5)).
    #[serde(default)]
    pub breaches: Vec<Breach>,
}

impl OrganisationBundle {
    /// A bundle holding only `organisation`.
    pub fn new(organisation: Organisation) -> Self {
        OrganisationBundle {
            organisation,
            processings: Vec::new(),
            processor_activities: Vec::new(),
            third_parties: Vec::new(),
            measures: Vec::new(),
            security_assessments: Vec::new(),
            aipd_screenings: Vec::new(),
            aipds: Vec::new(),
            breaches: Vec::new(),
        }
    }

    /// Kind, path, id and references of every record, in file order.
    fn entries(&self) -> Vec<Entry> {
        fn list<R: Record>(name: &str, items: &[R]) -> Vec<Entry> {
            items
                .iter()
                .enumerate()
                .map(|(i, r)| Entry {
                    kind: R::KIND,
                    path: format!("/{name}/{i}"),
                    id: r.id(),
                    title: r.title(),
                    references: r.references(),
                })
                .collect()
        }
        let mut all = list("processings", &self.processings);
        all.extend(list("processor_activities", &self.processor_activities));
        all.extend(list("third_parties", &self.third_parties));
        all.extend(list("measures", &self.measures));
        all.extend(list("security_assessments", &self.security_assessments));
        all.extend(list("aipd_screenings", &self.aipd_screenings));
        all.extend(list("aipds", &self.aipds));
        all.extend(list("breaches", &self.breaches));
        all
    }

    /// The organisation's id followed by the ids of all its records.
    pub fn ids(&self) -> Vec<Uuid> {
        std::iter::once(self.organisation.id).chain(self.entries().into_iter().map(|e| e.id)).collect()
    }

    /// How many records (of every kind) the organisation holds.
    pub fn record_count(&self) -> usize {
        self.processings.len()
            + self.processor_activities.len()
            + self.third_parties.len()
            + self.measures.len()
            + self.security_assessments.len()
            + self.aipd_screenings.len()
            + self.aipds.len()
            + self.breaches.len()
    }

    /// Titles of the records that point to `id`.
    pub fn referrers_of(&self, id: Uuid) -> Vec<String> {
        self.entries().into_iter().filter(|e| e.references.iter().any(|(_, t)| *t == id)).map(|e| e.title).collect()
    }

    /// Every problem of the organisation and its records (paths from the bundle root,
    /// e.g. `/processings/3/name`), plus duplicate ids and references to records that are
    /// missing from the bundle or of the wrong kind.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems: Vec<Problem> =
            self.organisation.validate().into_iter().map(|p| p.under("/organisation")).collect();
        fn each<R: Record>(out: &mut Vec<Problem>, name: &str, items: &[R]) {
            for (i, r) in items.iter().enumerate() {
                let prefix = format!("/{name}/{i}");
                out.extend(r.validate().into_iter().map(|p| p.under(&prefix)));
            }
        }
        each(&mut problems, "processings", &self.processings);
        each(&mut problems, "processor_activities", &self.processor_activities);
        each(&mut problems, "third_parties", &self.third_parties);
        each(&mut problems, "measures", &self.measures);
        each(&mut problems, "security_assessments", &self.security_assessments);
        each(&mut problems, "aipd_screenings", &self.aipd_screenings);
        each(&mut problems, "aipds", &self.aipds);
        each(&mut problems, "breaches", &self.breaches);
        for (i, s) in self.aipd_screenings.iter().enumerate() {
            if self.aipd_screenings[..i].iter().any(|t| t.processing == s.processing) {
                problems.push(Problem::new(
                    format!("/aipd_screenings/{i}/processing"),
                    "one_per_processing",
                    "Ce traitement a déjà une analyse préalable dans le fichier : gardez la plus récente.",
                    "This processing already has a screening in the file: keep the most recent.",
                ));
            }
        }
        if self.security_assessments.len() > 1 {
            problems.push(Problem::new(
                "/security_assessments/1",
                "one_per_organisation",
                format!(
                    "Un organisme n'a qu'une évaluation de la sécurité ; ce fichier en contient {} : \
                     gardez la plus récente.",
                    self.security_assessments.len()
                ),
                format!(
                    "An organisation has only one security assessment; this file holds {}: keep the \
                     most recent.",
                    self.security_assessments.len()
                ),
            ));
        }

        let entries = self.entries();
        // Id -> kind of the first holder; the organisation's id counts too.
        let mut seen: HashMap<Uuid, Option<RecordKind>> = HashMap::new();
        seen.insert(self.organisation.id, None);
        for Entry { kind, path, id, .. } in &entries {
            if seen.contains_key(id) {
                problems.push(Problem::new(
                    format!("{path}/id"),
                    "duplicate_id",
                    format!(
                        "L'identifiant {id} est déjà utilisé par un autre élément du fichier : \
                         le fichier a sans doute été modifié à la main. Chaque élément doit avoir \
                         son propre identifiant."
                    ),
                    format!(
                        "The id {id} is already used by another item of the file: the file was \
                         probably edited by hand. Each item needs its own id."
                    ),
                ));
            } else {
                seen.insert(*id, Some(*kind));
            }
        }
        for Entry { path, references, .. } in &entries {
            for (want, target) in references {
                match seen.get(target) {
                    Some(Some(kind)) if kind == want => {}
                    Some(found) => {
                        let found_fr = found.map_or("organisme", RecordKind::label_fr);
                        problems.push(Problem::new(
                            path.clone(),
                            "reference_kind",
                            format!(
                                "Ce lien devrait viser un élément de type « {} » mais l'identifiant \
                                 {target} désigne un élément de type « {found_fr} ».",
                                want.label_fr()
                            ),
                            format!(
                                "This link should point to a {} but the id {target} is that of a {}.",
                                want.as_str().replace('_', " "),
                                found.map_or("organisation", RecordKind::as_str).replace('_', " ")
                            ),
                        ));
                    }
                    None => problems.push(Problem::new(
                        path.clone(),
                        "dangling_reference",
                        format!(
                            "Cet élément renvoie à un élément de type « {} » (identifiant {target}) \
                             qui n'existe pas dans le fichier : il a été supprimé ou n'a pas été \
                             exporté. Retirez le lien ou recréez l'élément.",
                            want.label_fr()
                        ),
                        format!(
                            "This item links to a {} (id {target}) that is not in the file: it was \
                             deleted or not exported. Remove the link or create the item again.",
                            want.as_str().replace('_', " ")
                        ),
                    )),
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../assets/demo/demo.json");

    #[test]
    fn demo_is_valid() {
        let bundles: Vec<OrganisationBundle> = serde_json::from_str(DEMO).expect("demo.json parses");
        assert_eq!(bundles.len(), 2);
        assert!(bundles[0].processings.len() >= 6, "bakery processings");
        assert!(bundles[1].processings.len() >= 7, "commune processings");
        for b in &bundles {
            let problems = b.validate();
            assert!(problems.is_empty(), "{}: {problems:#?}", b.organisation.legal_name);
        }
        // Lossless round trip of the demo itself.
        let again: Vec<OrganisationBundle> = serde_json::from_str(&serde_json::to_string(&bundles).unwrap()).unwrap();
        assert_eq!(again, bundles);
    }

    #[test]
    fn schema_accepts_demo_and_describes_fields() {
        let schema = serde_json::to_value(schemars::schema_for!(Vec<OrganisationBundle>)).unwrap();
        let demo: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> =
            validator.iter_errors(&demo).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // Doc comments become descriptions (French UI terms included).
        let text = schema.to_string();
        assert!(text.contains("Nom du traitement"), "field descriptions missing");
    }

    #[test]
    fn bundle_checks_ids_and_references() {
        let mut b = OrganisationBundle::new(Organisation::new("X"));
        let m = Measure::new("Sauvegarde");
        let mut p = Processing::new("Paie");
        p.security.measures.push(m.id);
        p.recipients.push(Recipient {
            kind: RecipientKind::Processor,
            label: String::new(),
            third_party: Some(m.id),
            details: String::new(),
        });
        b.processings.push(p.clone());
        assert_eq!(
            b.validate().iter().map(|p| p.code.as_str()).collect::<Vec<_>>(),
            ["dangling_reference", "dangling_reference"]
        );
        b.measures.push(m);
        let codes: Vec<_> = b.validate().into_iter().map(|p| (p.path, p.code)).collect();
        assert_eq!(codes, [("/processings/0".to_string(), "reference_kind".to_string())]);
        b.processings[0].recipients.clear();
        assert!(b.validate().is_empty());
        b.processings.push(p);
        b.processings[1].recipients.clear();
        b.processings[1].name = String::new();
        let paths: Vec<_> = b.validate().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["/processings/1/name", "/processings/1/id"]);
    }
}
