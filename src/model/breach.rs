//! A personal-data breach « Violation de données » (Arts. 33–34 GDPR): one record per
//! incident, the documentation every controller keeps whether or not the CNIL is notified
//! (Art. 33(5)), with the decisions taken and the notifications sent.
//!
//! What is derived — the 72-hour deadline and its countdown, the suggestion to notify, the
//! notification sheet — lives in [`crate::breach`]; this type holds what the user said and
//! `validate()` only the rules that must always hold (dates in order, a complementary
//! notification after an initial one, a « non » decision with its reasoning, sane numbers).
//!
//! Times: the moment of awareness and the notifications are instants (`DateTime<Utc>`,
//! shown in the user's time by the window); the start and end of the breach are calendar
//! dates, the start with an optional time of day, as people usually know them.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::common::now;
use super::validate::Checker;
use super::{DataCategory, Estimate, Problem, Record, RecordKind, SpecialCategory};

labelled_enum! {
    /// What the breach affects « Nature de la violation » (Art. 4(12)); several possible.
    pub enum BreachNature {
        /// « Confidentialité »: data disclosed or accessed without authorisation.
        Confidentiality => ("Perte de confidentialité (accès ou divulgation non autorisés)", "Loss of confidentiality (unauthorised access or disclosure)"),
        /// « Intégrité »: data altered without authorisation.
        Integrity => ("Perte d'intégrité (modification non autorisée)", "Loss of integrity (unauthorised alteration)"),
        /// « Disponibilité »: data lost or made unreachable.
        Availability => ("Perte de disponibilité (perte, destruction, indisponibilité)", "Loss of availability (loss, destruction, unavailability)"),
    }
}

labelled_enum! {
    /// Where the breach came from « Origine ».
    pub enum BreachOrigin {
        /// « Interne »: staff, processes or systems of the organisation (or its processors).
        Internal => ("Interne", "Internal"),
        /// « Externe »: a third party (attacker, postal service, thief…).
        External => ("Externe", "External"),
    }
}

labelled_enum! {
    /// How it happened « Cause ».
    pub enum BreachCause {
        /// « Accidentelle »: an error, a loss, a failure.
        Accidental => ("Accidentelle", "Accidental"),
        /// « Malveillante »: an attack, a theft, a deliberate act.
        Malicious => ("Malveillante", "Malicious"),
    }
}

labelled_enum! {
    /// A decision « Décision »: yes, no, or not decided yet.
    #[derive(Default)]
    pub enum Decision {
        /// « Oui ».
        Yes => ("Oui", "Yes"),
        /// « Non »: needs its reasoning.
        No => ("Non", "No"),
        /// « À décider ».
        #[default]
        Undecided => ("À décider", "Undecided"),
    }
}

labelled_enum! {
    /// Why the persons need not be informed individually despite a high risk (Art. 34(3)).
    pub enum InformationException {
        /// 34(3)(a): the data were made unintelligible to anyone not authorised (encryption).
        UnintelligibleData => (
            "Les données étaient inintelligibles pour toute personne non autorisée (chiffrement) — art. 34(3)(a)",
            "The data were unintelligible to anyone not authorised (encryption) — Art. 34(3)(a)"
        ),
        /// 34(3)(b): measures taken afterwards make the high risk no longer likely.
        RiskRemoved => (
            "Des mesures prises ensuite font que le risque élevé n'est plus susceptible de se réaliser — art. 34(3)(b)",
            "Measures taken afterwards make the high risk no longer likely — Art. 34(3)(b)"
        ),
        /// 34(3)(c): informing each person would take disproportionate effort: a public
        /// communication instead.
        DisproportionateEffort => (
            "Informer chaque personne demanderait des efforts disproportionnés : communication publique à la place — art. 34(3)(c)",
            "Informing each person would take disproportionate effort: public communication instead — Art. 34(3)(c)"
        ),
    }
}

labelled_enum! {
    /// Kind of notification to the CNIL « Type de notification » (Art. 33(4)).
    pub enum NotificationKind {
        /// « Initiale »: sent as soon as the breach is established.
        Initial => ("Notification initiale", "Initial notification"),
        /// « Complémentaire »: the information gathered since.
        Complementary => ("Notification complémentaire", "Complementary notification"),
    }
}

labelled_enum! {
    /// Where the breach stands « Statut ».
    #[derive(Default)]
    pub enum BreachStatus {
        /// « Ouverte »: being handled.
        #[default]
        Open => ("Ouverte", "Open"),
        /// « Clôturée »: handled, kept in the register.
        Closed => ("Clôturée", "Closed"),
    }
}

/// A notification sent to the CNIL « Notification ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Notification {
    /// « Initiale » or « Complémentaire ».
    pub kind: NotificationKind,
    /// When it was sent « Envoyée le ».
    pub sent_at: DateTime<Utc>,
    /// The CNIL's case number « Numéro de dossier CNIL ».
    #[serde(default)]
    pub reference: String,
    /// Remarks « Note ».
    #[serde(default)]
    pub note: String,
}

/// The largest plausible number of persons (more than the world's population).
pub const MAX_PERSONS: u64 = 10_000_000_000;
/// The largest plausible number of records concerned.
pub const MAX_RECORDS: u64 = 1_000_000_000_000_000;

/// A breach « Violation de données », as the register of Art. 33(5) documents it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Breach {
    pub id: Uuid,
    /// Creation « Créée le ».
    pub created_at: DateTime<Utc>,
    /// Last change « Modifiée le ».
    pub updated_at: DateTime<Utc>,
    /// Short name « Intitulé » (« Vol d'un ordinateur portable »); required.
    pub title: String,
    #[serde(default)]
    pub status: BreachStatus,
    /// Start date « Date de début »; `None` when unknown.
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    /// Start time « Heure de début », when known.
    #[serde(default)]
    pub started_time: Option<NaiveTime>,
    /// « Date et heure de prise de connaissance »: the 72-hour deadline runs from it.
    pub aware_at: DateTime<Utc>,
    /// End date « Date de fin »; `None` while the breach goes on « en cours ».
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// Nature « Nature de la violation » (one or more).
    #[serde(default)]
    pub natures: Vec<BreachNature>,
    /// Origin « Origine ».
    #[serde(default)]
    pub origin: Option<BreachOrigin>,
    /// Cause « Cause ».
    #[serde(default)]
    pub cause: Option<BreachCause>,
    /// Origin and cause in words « Origine et cause (précisions) ».
    #[serde(default)]
    pub origin_details: String,
    /// What happened « Circonstances ».
    #[serde(default)]
    pub circumstances: String,
    /// Categories of data concerned « Catégories de données ».
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
    /// Special categories concerned « Données sensibles » (Art. 9).
    #[serde(default)]
    pub special_categories: Vec<SpecialCategory>,
    /// The data in words « Données concernées (précisions) ».
    #[serde(default)]
    pub data_details: String,
    /// Categories of persons concerned « Catégories de personnes » (clients, agents…).
    #[serde(default)]
    pub person_categories: String,
    /// Approximate number of persons « Nombre approximatif de personnes ».
    #[serde(default)]
    pub persons_count: Option<u64>,
    /// Approximate number of records « Nombre approximatif d'enregistrements ».
    #[serde(default)]
    pub records_count: Option<u64>,
    /// Processings involved « Traitements concernés » (register entries).
    #[serde(default)]
    pub processings: Vec<Uuid>,
    /// Likely consequences for the persons « Conséquences probables ».
    #[serde(default)]
    pub consequences: String,
    /// Severity and likelihood of the risk for the persons, with justifications « Niveau de
    /// risque », on the AIPD's 4-level scales.
    #[serde(default)]
    pub risk: Estimate,
    /// Measures taken « Mesures prises » (one per line).
    #[serde(default)]
    pub measures_taken: Vec<String>,
    /// Measures planned « Mesures envisagées ».
    #[serde(default)]
    pub measures_planned: Vec<String>,
    /// Decision to notify the CNIL « Notification à la CNIL ».
    #[serde(default)]
    pub notify_cnil: Decision,
    /// Why « Justification de la décision de notifier »; required for « Non ».
    #[serde(default)]
    pub notify_reasoning: String,
    /// Decision to inform the persons « Information des personnes » (Art. 34).
    #[serde(default)]
    pub inform_persons: Decision,
    /// Why « Justification de la décision d'informer »; required for « Non ».
    #[serde(default)]
    pub inform_reasoning: String,
    /// The Art. 34(3) exception relied on, if any « Exception ».
    #[serde(default)]
    pub inform_exception: Option<InformationException>,
    /// Notifications sent to the CNIL « Notifications ».
    #[serde(default)]
    pub notifications: Vec<Notification>,
    /// Reasons for notifying after 72 hours « Motifs du retard » (Art. 33(1)).
    #[serde(default)]
    pub delay_reasons: String,
}

impl Breach {
    /// A breach known since `aware_at`, with nothing else filled in.
    pub fn new(title: impl Into<String>, aware_at: DateTime<Utc>) -> Self {
        let t = now();
        Breach {
            id: Uuid::new_v4(),
            created_at: t,
            updated_at: t,
            title: title.into(),
            status: BreachStatus::Open,
            started_on: None,
            started_time: None,
            aware_at,
            ended_on: None,
            natures: Vec::new(),
            origin: None,
            cause: None,
            origin_details: String::new(),
            circumstances: String::new(),
            data_categories: Vec::new(),
            special_categories: Vec::new(),
            data_details: String::new(),
            person_categories: String::new(),
            persons_count: None,
            records_count: None,
            processings: Vec::new(),
            consequences: String::new(),
            risk: Estimate::default(),
            measures_taken: Vec::new(),
            measures_planned: Vec::new(),
            notify_cnil: Decision::Undecided,
            notify_reasoning: String::new(),
            inform_persons: Decision::Undecided,
            inform_reasoning: String::new(),
            inform_exception: None,
            notifications: Vec::new(),
            delay_reasons: String::new(),
        }
    }

    /// The initial notification (the earliest one, if several were recorded).
    pub fn initial_notification(&self) -> Option<&Notification> {
        self.notifications.iter().filter(|n| n.kind == NotificationKind::Initial).min_by_key(|n| n.sent_at)
    }
}

impl Record for Breach {
    const KIND: RecordKind = RecordKind::Breach;

    record_identity!();

    fn title(&self) -> String {
        self.title.clone()
    }

    /// The start is a calendar date in the user's time while awareness is an instant in
    /// UTC: the start may fall on the day after awareness's UTC date (late evening in
    /// France), never later.
    fn validate(&self) -> Vec<Problem> {
        let mut c = Checker::new();
        c.timestamp("/created_at", self.created_at);
        c.timestamp("/updated_at", self.updated_at);
        c.required("/title", &self.title, "L'intitulé de la violation", "The breach's title");
        c.timestamp("/aware_at", self.aware_at);
        c.date("/started_on", self.started_on);
        c.date("/ended_on", self.ended_on);
        if self.started_time.is_some() && self.started_on.is_none() {
            c.problems.push(Problem::new(
                "/started_time",
                "time_without_date",
                "Une heure de début sans date de début : indiquez aussi la date.",
                "A start time without a start date: give the date too.",
            ));
        }
        let aware_day = self.aware_at.date_naive();
        if let Some(start) = self.started_on {
            if aware_day.checked_add_signed(TimeDelta::days(1)).is_some_and(|last| start > last) {
                c.problems.push(Problem::new(
                    "/started_on",
                    "start_after_awareness",
                    "La violation ne peut pas commencer après sa prise de connaissance : vérifiez les deux dates.",
                    "The breach cannot start after it became known: check both dates.",
                ));
            }
        }
        if let (Some(start), Some(end)) = (self.started_on, self.ended_on) {
            if end < start {
                c.problems.push(Problem::new(
                    "/ended_on",
                    "end_before_start",
                    "La date de fin précède la date de début : vérifiez les deux dates.",
                    "The end date is before the start date: check both dates.",
                ));
            }
        }
        for (i, n) in self.natures.iter().enumerate() {
            if self.natures[..i].contains(n) {
                c.problems.push(duplicate(&format!("/natures/{i}")));
            }
        }
        for (i, p) in self.processings.iter().enumerate() {
            if self.processings[..i].contains(p) {
                c.problems.push(Problem::new(
                    format!("/processings/{i}"),
                    "duplicate_processing",
                    "Ce traitement est déjà cité pour cette violation.",
                    "This processing is already listed for this breach.",
                ));
            }
        }
        match self.persons_count {
            Some(0) => c.problems.push(Problem::new(
                "/persons_count",
                "number_range",
                "Une violation de données personnelles concerne au moins une personne : laissez le champ vide si \
                 le nombre n'est pas connu.",
                "A personal-data breach concerns at least one person: leave the field empty if the number is not \
                 known.",
            )),
            Some(n) if n > MAX_PERSONS => c.problems.push(Problem::new(
                "/persons_count",
                "number_range",
                "Ce nombre de personnes dépasse la population mondiale : vérifiez la saisie.",
                "This number of persons exceeds the world's population: check what was typed.",
            )),
            _ => {}
        }
        if self.records_count.is_some_and(|n| n > MAX_RECORDS) {
            c.problems.push(Problem::new(
                "/records_count",
                "number_range",
                "Ce nombre d'enregistrements n'est pas plausible : vérifiez la saisie.",
                "This number of records is not plausible: check what was typed.",
            ));
        }
        if self.notify_cnil == Decision::No {
            c.required(
                "/notify_reasoning",
                &self.notify_reasoning,
                "La justification de la décision de ne pas notifier la CNIL",
                "The reasoning for not notifying the CNIL",
            );
        }
        if self.inform_persons == Decision::No {
            c.required(
                "/inform_reasoning",
                &self.inform_reasoning,
                "La justification de la décision de ne pas informer les personnes",
                "The reasoning for not informing the persons",
            );
        }
        let mut initial_seen = false;
        let mut sorted: Vec<(usize, &Notification)> = self.notifications.iter().enumerate().collect();
        sorted.sort_by_key(|(i, n)| (n.sent_at, *i));
        for (i, n) in sorted {
            let path = format!("/notifications/{i}");
            c.timestamp(&format!("{path}/sent_at"), n.sent_at);
            if n.sent_at < self.aware_at {
                c.problems.push(Problem::new(
                    format!("{path}/sent_at"),
                    "notification_before_awareness",
                    "Une notification ne peut pas précéder la prise de connaissance de la violation : vérifiez les \
                     dates.",
                    "A notification cannot precede the moment the breach became known: check the dates.",
                ));
            }
            match n.kind {
                NotificationKind::Initial if initial_seen => c.problems.push(Problem::new(
                    format!("{path}/kind"),
                    "second_initial",
                    "Il n'y a qu'une notification initiale : les suivantes sont complémentaires.",
                    "There is only one initial notification: the following ones are complementary.",
                )),
                NotificationKind::Initial => initial_seen = true,
                NotificationKind::Complementary if !initial_seen => c.problems.push(Problem::new(
                    format!("{path}/kind"),
                    "complementary_without_initial",
                    "Une notification complémentaire suit une notification initiale : enregistrez d'abord \
                     l'initiale, datée d'avant.",
                    "A complementary notification follows an initial one: record the initial one first, dated \
                     before it.",
                )),
                NotificationKind::Complementary => {}
            }
        }
        if !self.notifications.is_empty() && self.notify_cnil == Decision::No {
            c.problems.push(Problem::new(
                "/notify_cnil",
                "notified_but_no",
                "Des notifications à la CNIL sont enregistrées alors que la décision est « Non » : corrigez l'un \
                 ou l'autre.",
                "Notifications to the CNIL are recorded while the decision is « No »: correct one or the other.",
            ));
        }
        c.finish()
    }

    fn references(&self) -> Vec<(RecordKind, Uuid)> {
        self.processings.iter().map(|&id| (RecordKind::Processing, id)).collect()
    }
}

fn duplicate(path: &str) -> Problem {
    Problem::new(path, "duplicate_value", "Cette valeur est cochée deux fois.", "This value is ticked twice.")
}
