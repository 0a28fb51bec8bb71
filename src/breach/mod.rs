//! The rules of a personal-data breach (Arts. 33–34 GDPR): the 72-hour deadline and its
//! countdown, our suggestion on notifying the CNIL and informing the persons, the open
//! breaches for the dashboard, and the notification sheet with the Art. 33(3) content.
//!
//! The window, the CLI and the PDFs only show these results.
//!
//! The suggestion rule is ours, documented in [`NotifySuggestion`] and shown with its
//! reasons: the GDPR says « risk » (Art. 33(1)) and « high risk » (Art. 34(1)) without a
//! formula. We read the breach's severity × likelihood for the persons on the AIPD's four
//! levels: the three lowest cells of the grid (severity and likelihood adding up to 3 or
//! less) are « no risk », the AIPD's [`HighRiskRule`] gives « high risk », the rest is
//! « risk ». Unrated, we say what the CNIL says: in doubt, notify.

use chrono::{DateTime, Local, TimeDelta, Utc};
use serde::{Serialize, Serializer};
use uuid::Uuid;

use crate::aipd::risk::HighRiskRule;
use crate::model::{Breach, BreachStatus, Decision, InformationException, Level, Organisation, OrganisationBundle};

/// Notification is due « within 72 hours » of awareness, where feasible (Art. 33(1)).
pub const DEADLINE_HOURS: i64 = 72;

/// The notification deadline: awareness + 72 hours.
pub fn deadline(b: &Breach) -> DateTime<Utc> {
    b.aware_at + TimeDelta::hours(DEADLINE_HOURS)
}

/// Where a breach stands with regard to the 72 hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountdownState {
    /// The decision is not to notify the CNIL: no deadline.
    NotNeeded,
    /// To notify (or to decide), and the 72 hours are not over.
    ToNotify,
    /// Not notified and the 72 hours are over.
    Late,
    /// The initial notification went within the 72 hours.
    NotifiedInTime,
    /// The initial notification went after the 72 hours.
    NotifiedLate,
}

impl CountdownState {
    pub fn label_fr(self) -> &'static str {
        match self {
            CountdownState::NotNeeded => "Notification non retenue",
            CountdownState::ToNotify => "À notifier",
            CountdownState::Late => "Délai de 72 heures dépassé",
            CountdownState::NotifiedInTime => "Notifiée dans les 72 heures",
            CountdownState::NotifiedLate => "Notifiée après 72 heures",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            CountdownState::NotNeeded => "Notification not retained",
            CountdownState::ToNotify => "To notify",
            CountdownState::Late => "72-hour deadline passed",
            CountdownState::NotifiedInTime => "Notified within 72 hours",
            CountdownState::NotifiedLate => "Notified after 72 hours",
        }
    }
}

fn seconds<S: Serializer>(d: &Option<TimeDelta>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.num_seconds()),
        None => s.serialize_none(),
    }
}

/// The 72-hour countdown of a breach at a given moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Countdown {
    /// Awareness + 72 hours.
    pub deadline: DateTime<Utc>,
    /// Time left before the deadline while it still runs (`ToNotify`); serialised in
    /// seconds.
    #[serde(serialize_with = "seconds")]
    pub remaining: Option<TimeDelta>,
    /// The deadline is past and no initial notification was sent.
    pub overdue: bool,
    /// Whether the initial notification went within the 72 hours; `None` before it.
    pub notified_in_time: Option<bool>,
    pub state: CountdownState,
    /// Late (notified or not) and « les motifs du retard » are not written: a gap.
    pub delay_reasons_missing: bool,
}

impl Countdown {
    /// One line for the dashboard and the documents.
    pub fn text_fr(&self) -> String {
        match (self.state, self.remaining) {
            (CountdownState::ToNotify, Some(r)) => {
                format!("À notifier à la CNIL avant le {} : il reste {}.", instant_fr(self.deadline), duration_fr(r))
            }
            (CountdownState::Late, _) => format!(
                "Délai de 72 heures dépassé depuis le {} : notifiez sans attendre, en donnant les motifs du retard.",
                instant_fr(self.deadline)
            ),
            (state, _) => format!("{}.", state.label_fr()),
        }
    }

    pub fn text_en(&self) -> String {
        match (self.state, self.remaining) {
            (CountdownState::ToNotify, Some(r)) => {
                format!("To notify to the CNIL before {}: {} left.", instant_en(self.deadline), duration_en(r))
            }
            (CountdownState::Late, _) => format!(
                "72-hour deadline passed since {}: notify at once, giving the reasons for the delay.",
                instant_en(self.deadline)
            ),
            (state, _) => format!("{}.", state.label_en()),
        }
    }
}

/// « 12 h 05 min », « 2 j 3 h ».
pub fn duration_fr(d: TimeDelta) -> String {
    let m = d.num_minutes().max(0);
    let (days, hours, minutes) = (m / 1440, (m % 1440) / 60, m % 60);
    match days {
        0 => format!("{hours} h {minutes:02} min"),
        _ => format!("{days} j {hours} h {minutes:02} min"),
    }
}

pub fn duration_en(d: TimeDelta) -> String {
    let m = d.num_minutes().max(0);
    let (days, hours, minutes) = (m / 1440, (m % 1440) / 60, m % 60);
    match days {
        0 => format!("{hours} h {minutes:02} min"),
        _ => format!("{days} d {hours} h {minutes:02} min"),
    }
}

/// The countdown of `b` at `now`.
pub fn countdown(b: &Breach, now: DateTime<Utc>) -> Countdown {
    let deadline = deadline(b);
    let late_reasons_missing = b.delay_reasons.trim().is_empty();
    if let Some(n) = b.initial_notification() {
        let in_time = n.sent_at <= deadline;
        return Countdown {
            deadline,
            remaining: None,
            overdue: false,
            notified_in_time: Some(in_time),
            state: if in_time { CountdownState::NotifiedInTime } else { CountdownState::NotifiedLate },
            delay_reasons_missing: !in_time && late_reasons_missing,
        };
    }
    if b.notify_cnil == Decision::No {
        return Countdown {
            deadline,
            remaining: None,
            overdue: false,
            notified_in_time: None,
            state: CountdownState::NotNeeded,
            delay_reasons_missing: false,
        };
    }
    if now <= deadline {
        Countdown {
            deadline,
            remaining: Some(deadline - now),
            overdue: false,
            notified_in_time: None,
            state: CountdownState::ToNotify,
            delay_reasons_missing: false,
        }
    } else {
        Countdown {
            deadline,
            remaining: None,
            overdue: true,
            notified_in_time: None,
            state: CountdownState::Late,
            delay_reasons_missing: late_reasons_missing,
        }
    }
}

/// The level of risk for the persons, as our rule reads severity × likelihood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    /// Severity or likelihood not chosen yet.
    Unrated,
    /// « Pas de risque » (unlikely to result in a risk).
    NoRisk,
    /// « Risque ».
    Risk,
    /// « Risque élevé ».
    HighRisk,
}

impl RiskLevel {
    pub fn label_fr(self) -> &'static str {
        match self {
            RiskLevel::Unrated => "Non évalué",
            RiskLevel::NoRisk => "Risque improbable",
            RiskLevel::Risk => "Risque (non élevé)",
            RiskLevel::HighRisk => "Risque élevé",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            RiskLevel::Unrated => "Not rated",
            RiskLevel::NoRisk => "Unlikely to result in a risk",
            RiskLevel::Risk => "Risk (not high)",
            RiskLevel::HighRisk => "High risk",
        }
    }
}

/// The level of risk of `b` under our rule (see the module's documentation).
pub fn risk_level(b: &Breach) -> RiskLevel {
    let (Some(s), Some(l)) = (b.risk.severity, b.risk.likelihood) else { return RiskLevel::Unrated };
    if HighRiskRule::default().is_high(&b.risk) == Some(true) {
        RiskLevel::HighRisk
    } else if s.value() + l.value() <= 3 {
        RiskLevel::NoRisk
    } else {
        RiskLevel::Risk
    }
}

/// What we suggest doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestedAction {
    /// Unrated: in doubt, notify the CNIL; rate the risk to decide on the persons.
    NotifyInDoubt,
    /// No risk: document it in the register only.
    DocumentOnly,
    /// Risk: notify the CNIL.
    NotifyCnil,
    /// High risk: notify the CNIL and inform the persons.
    NotifyAndInform,
    /// High risk with Art. 34(3)(c): notify the CNIL and communicate publicly.
    NotifyAndCommunicatePublicly,
    /// High risk with Art. 34(3)(a) or (b): notify the CNIL, no information of the persons.
    NotifyWithoutInforming,
}

/// Our suggestion for a breach, with its reasons (French and English, same order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotifySuggestion {
    pub level: RiskLevel,
    pub action: SuggestedAction,
    /// Notify the CNIL.
    pub notify_cnil: bool,
    /// Inform the persons individually; `None` while the risk is unrated.
    pub inform_persons: Option<bool>,
    /// The decisions recorded go against the suggestion (e.g. « Non » to notifying while
    /// there is a risk): shown so the reasoning is checked, not an error.
    pub differs_from_decisions: bool,
    pub reasons_fr: Vec<String>,
    pub reasons_en: Vec<String>,
}

/// Our suggestion for `b`, from its severity × likelihood and its Art. 34(3) exception.
pub fn suggestion(b: &Breach) -> NotifySuggestion {
    let level = risk_level(b);
    let mut fr = Vec::new();
    let mut en = Vec::new();
    let rated = |fr: &mut Vec<String>, en: &mut Vec<String>| {
        let (s, l) = (b.risk.severity.map_or("", Level::label_fr), b.risk.likelihood.map_or("", Level::label_fr));
        let (se, le) = (b.risk.severity.map_or("", Level::label_en), b.risk.likelihood.map_or("", Level::label_en));
        fr.push(format!("Gravité « {s} » et vraisemblance « {l} » pour les personnes : {}.", level.label_fr()));
        en.push(format!("Severity « {se} » and likelihood « {le} » for the persons: {}.", level.label_en()));
    };
    let (action, notify_cnil, inform_persons) = match level {
        RiskLevel::Unrated => {
            fr.push(
                "La gravité et la vraisemblance pour les personnes ne sont pas encore évaluées. Dans le doute, la \
                 CNIL recommande de notifier : elle dira si les personnes doivent être informées."
                    .into(),
            );
            en.push(
                "Severity and likelihood for the persons are not rated yet. In doubt, the CNIL recommends notifying: \
                 it will say whether the persons must be informed."
                    .into(),
            );
            (SuggestedAction::NotifyInDoubt, true, None)
        }
        RiskLevel::NoRisk => {
            rated(&mut fr, &mut en);
            fr.push(
                "Une violation peu susceptible d'engendrer un risque n'est pas notifiée à la CNIL, mais elle est \
                 inscrite au registre des violations avec ce raisonnement (article 33(5))."
                    .into(),
            );
            en.push(
                "A breach unlikely to result in a risk is not notified to the CNIL, but it is entered in the breach \
                 register with this reasoning (Art. 33(5))."
                    .into(),
            );
            (SuggestedAction::DocumentOnly, false, Some(false))
        }
        RiskLevel::Risk => {
            rated(&mut fr, &mut en);
            fr.push("Notifiez la CNIL dans les 72 heures suivant la prise de connaissance (article 33(1)).".into());
            en.push("Notify the CNIL within 72 hours of becoming aware (Art. 33(1)).".into());
            (SuggestedAction::NotifyCnil, true, Some(false))
        }
        RiskLevel::HighRisk => {
            rated(&mut fr, &mut en);
            fr.push(format!("Règle retenue pour le risque élevé : {}", HighRiskRule::default().text_fr()));
            en.push(format!("Rule for a high risk: {}", HighRiskRule::default().text_en()));
            fr.push("Notifiez la CNIL dans les 72 heures (article 33(1)).".into());
            en.push("Notify the CNIL within 72 hours (Art. 33(1)).".into());
            match b.inform_exception {
                None => {
                    fr.push(
                        "Informez aussi les personnes concernées sans tarder, en termes clairs et simples (article 34)."
                            .into(),
                    );
                    en.push(
                        "Also inform the persons concerned promptly, in clear and plain language (Art. 34).".into(),
                    );
                    (SuggestedAction::NotifyAndInform, true, Some(true))
                }
                Some(InformationException::DisproportionateEffort) => {
                    fr.push(format!(
                        "Exception retenue : {} Une communication publique remplace l'information individuelle.",
                        InformationException::DisproportionateEffort.label_fr()
                    ));
                    en.push(format!(
                        "Exception relied on: {} A public communication replaces individual information.",
                        InformationException::DisproportionateEffort.label_en()
                    ));
                    (SuggestedAction::NotifyAndCommunicatePublicly, true, Some(false))
                }
                Some(e) => {
                    fr.push(format!(
                        "Exception retenue : {} L'information des personnes n'est alors pas exigée ; la CNIL peut \
                         toutefois l'imposer.",
                        e.label_fr()
                    ));
                    en.push(format!(
                        "Exception relied on: {} Informing the persons is then not required; the CNIL may still \
                         order it.",
                        e.label_en()
                    ));
                    (SuggestedAction::NotifyWithoutInforming, true, Some(false))
                }
            }
        }
    };
    let differs_from_decisions = (notify_cnil && b.notify_cnil == Decision::No)
        || (!notify_cnil && b.notify_cnil == Decision::Yes)
        || (inform_persons == Some(true) && b.inform_persons == Decision::No)
        || (inform_persons == Some(false) && b.inform_persons == Decision::Yes && level != RiskLevel::HighRisk);
    NotifySuggestion {
        level,
        action,
        notify_cnil,
        inform_persons,
        differs_from_decisions,
        reasons_fr: fr,
        reasons_en: en,
    }
}

/// An open breach with its countdown, for the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenBreach {
    pub id: Uuid,
    pub title: String,
    pub aware_at: DateTime<Utc>,
    pub countdown: Countdown,
}

/// The open breaches of `bundle` at `now`, the most urgent first (earliest deadline).
pub fn open_breaches(bundle: &OrganisationBundle, now: DateTime<Utc>) -> Vec<OpenBreach> {
    let mut out: Vec<OpenBreach> = bundle
        .breaches
        .iter()
        .filter(|b| b.status == BreachStatus::Open)
        .map(|b| OpenBreach { id: b.id, title: b.title.clone(), aware_at: b.aware_at, countdown: countdown(b, now) })
        .collect();
    out.sort_by_key(|o| (o.countdown.deadline, o.id));
    out
}

// ------------------------------------------------------------------------- the sheet

/// One line of the notification sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub label_fr: String,
    pub label_en: String,
    /// The value in French, as the user copies it into the téléservice; empty when missing.
    pub value_fr: String,
    /// Asked by the form and not filled in yet.
    pub missing: bool,
}

/// One part of the notification sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title_fr: String,
    pub title_en: String,
    /// The GDPR provision it answers (`art. 33(3)(a)`), or empty.
    pub article: String,
    pub items: Vec<Item>,
}

impl Section {
    pub fn missing(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.missing)
    }
}

fn item(label_fr: &str, label_en: &str, value: String, required: bool) -> Item {
    let missing = required && value.trim().is_empty();
    Item { label_fr: label_fr.into(), label_en: label_en.into(), value_fr: value.trim().to_string(), missing }
}

/// `dd/mm/yyyy à HH:MM (UTC+01:00)`: the time of this computer's time zone, as the person
/// lived it (instants are stored in UTC), with its offset so that nobody has to guess.
pub fn instant_fr(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    format!("{} (UTC{})", local.format("%d/%m/%Y à %H:%M"), local.format("%:z"))
}

/// `yyyy-mm-dd HH:MM (UTC+01:00)`, the English twin of [`instant_fr`].
pub fn instant_en(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&Local);
    format!("{} (UTC{})", local.format("%Y-%m-%d %H:%M"), local.format("%:z"))
}

fn lines(items: &[String]) -> String {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| format!("– {s}")).collect::<Vec<_>>().join("\n")
}

fn number(n: Option<u64>) -> String {
    n.map(|n| format!("environ {}", thousands(n))).unwrap_or_default()
}

/// `12 345` with a narrow no-break space between thousands.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// The DPO, or else the contact point for the CNIL: name and channels (Art. 33(3)(b)).
fn contact_items(org: &Organisation) -> Vec<Item> {
    let dpo = &org.dpo;
    let first = |v: &[&Option<String>]| -> String {
        v.iter().find_map(|o| o.as_deref().map(str::trim).filter(|s| !s.is_empty())).unwrap_or("").to_string()
    };
    let (who_fr, who_en, name, email, phone) = if dpo.designated {
        let mut name = dpo.person.full_name();
        if !dpo.organisation_name.trim().is_empty() {
            name = match name.as_str() {
                "" => dpo.organisation_name.trim().to_string(),
                n => format!("{n} ({})", dpo.organisation_name.trim()),
            };
        }
        (
            "Délégué à la protection des données",
            "Data protection officer",
            name,
            first(&[&dpo.public_contact.email, &dpo.private_contact.email, &dpo.person.email]),
            first(&[&dpo.public_contact.phone, &dpo.private_contact.phone, &dpo.person.phone]),
        )
    } else {
        let p = &org.cnil_contact;
        let name = match p.role.trim() {
            "" => p.full_name(),
            role => format!("{} ({role})", p.full_name()),
        };
        (
            "Point de contact (pas de délégué désigné)",
            "Contact point (no DPO designated)",
            name,
            first(&[&p.email]),
            first(&[&p.phone]),
        )
    };
    let channels_missing = email.is_empty() && phone.is_empty();
    vec![
        item(who_fr, who_en, name, true),
        Item { label_fr: "Courriel".into(), label_en: "E-mail".into(), value_fr: email, missing: channels_missing },
        Item { label_fr: "Téléphone".into(), label_en: "Phone".into(), value_fr: phone, missing: channels_missing },
    ]
}

/// The notification sheet of `b` for organisation `org`: the dates and the delay first,
/// then the Art. 33(3) content in order — (a) nature with the categories and approximate
/// numbers of persons and records, (b) DPO or contact point, (c) likely consequences,
/// (d) measures taken or proposed — then the information of the persons. Items the form
/// asks for and that are empty are flagged `missing`.
pub fn notification_sheet(b: &Breach, org: &Organisation) -> Vec<Section> {
    notification_sheet_at(b, org, Utc::now())
}

/// [`notification_sheet`] with the countdown taken at `now`.
pub fn notification_sheet_at(b: &Breach, org: &Organisation, now: DateTime<Utc>) -> Vec<Section> {
    notification_sheet_with(b, org, &[], now)
}

/// [`notification_sheet_at`] with the names of the processings involved (`(id, name)`).
pub fn notification_sheet_with(
    b: &Breach,
    org: &Organisation,
    processings: &[(Uuid, String)],
    now: DateTime<Utc>,
) -> Vec<Section> {
    let cd = countdown(b, now);
    let mut dates = vec![
        item(
            "Début de la violation",
            "Start of the breach",
            b.started_on
                .map(|d| match b.started_time {
                    Some(t) => format!("{} à {}", d.format("%d/%m/%Y"), t.format("%H:%M")),
                    None => d.format("%d/%m/%Y").to_string(),
                })
                .unwrap_or_default(),
            true,
        ),
        item("Date et heure de prise de connaissance", "Date and time of awareness", instant_fr(b.aware_at), true),
        item(
            "Fin de la violation",
            "End of the breach",
            b.ended_on.map_or("En cours".to_string(), |d| d.format("%d/%m/%Y").to_string()),
            false,
        ),
        item("Échéance des 72 heures", "72-hour deadline", instant_fr(cd.deadline), false),
        item("État du délai", "Deadline status", cd.text_fr(), false),
    ];
    for n in b.notifications.iter() {
        let mut v = instant_fr(n.sent_at);
        if !n.reference.trim().is_empty() {
            v.push_str(&format!(" — dossier CNIL n° {}", n.reference.trim()));
        }
        dates.push(item(n.kind.label_fr(), n.kind.label_en(), v, false));
    }
    if matches!(cd.state, CountdownState::Late | CountdownState::NotifiedLate) {
        dates.push(item("Motifs du retard", "Reasons for the delay", b.delay_reasons.clone(), true));
    }

    let origin = [b.origin.map(|o| o.label_fr()), b.cause.map(|c| c.label_fr())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let origin = match (origin.as_str(), b.origin_details.trim()) {
        (o, "") => o.to_string(),
        ("", d) => d.to_string(),
        (o, d) => format!("{o} — {d}"),
    };
    let mut categories: Vec<String> = b.data_categories.iter().map(|c| c.label_fr().to_string()).collect();
    categories.extend(b.special_categories.iter().map(|c| format!("{} (donnée sensible)", c.label_fr())));
    let mut categories = categories.join(", ");
    if !b.data_details.trim().is_empty() {
        categories = match categories.as_str() {
            "" => b.data_details.trim().to_string(),
            c => format!("{c} — {}", b.data_details.trim()),
        };
    }
    let processing_names: Vec<String> = b
        .processings
        .iter()
        .map(|id| processings.iter().find(|(p, _)| p == id).map_or_else(|| id.to_string(), |(_, n)| n.clone()))
        .collect();
    let nature = vec![
        item("Intitulé", "Title", b.title.clone(), true),
        item(
            "Nature de la violation",
            "Nature of the breach",
            b.natures.iter().map(|n| n.label_fr()).collect::<Vec<_>>().join(" ; "),
            true,
        ),
        item("Origine et cause", "Origin and cause", origin, true),
        item("Circonstances", "Circumstances", b.circumstances.clone(), true),
        item("Catégories de données concernées", "Categories of data concerned", categories, true),
        item(
            "Catégories de personnes concernées",
            "Categories of persons concerned",
            b.person_categories.clone(),
            true,
        ),
        item("Nombre approximatif de personnes", "Approximate number of persons", number(b.persons_count), true),
        item("Nombre approximatif d'enregistrements", "Approximate number of records", number(b.records_count), true),
        item("Traitements concernés", "Processings concerned", processing_names.join("\n"), false),
    ];
    let level = risk_level(b);
    let level_text = |l: Option<Level>, why: &str| match l {
        None => String::new(),
        Some(l) => match why.trim() {
            "" => format!("{} ({} sur 4)", l.label_fr(), l.value()),
            w => format!("{} ({} sur 4) — {w}", l.label_fr(), l.value()),
        },
    };
    let consequences = vec![
        item(
            "Conséquences probables pour les personnes",
            "Likely consequences for the persons",
            b.consequences.clone(),
            true,
        ),
        item("Gravité", "Severity", level_text(b.risk.severity, &b.risk.severity_justification), true),
        item("Vraisemblance", "Likelihood", level_text(b.risk.likelihood, &b.risk.likelihood_justification), true),
        item(
            "Niveau de risque retenu",
            "Risk level",
            if level == RiskLevel::Unrated { String::new() } else { level.label_fr().to_string() },
            false,
        ),
    ];
    let measures = vec![
        Item {
            label_fr: "Mesures prises".into(),
            label_en: "Measures taken".into(),
            value_fr: lines(&b.measures_taken),
            missing: lines(&b.measures_taken).is_empty() && lines(&b.measures_planned).is_empty(),
        },
        item("Mesures envisagées", "Measures planned", lines(&b.measures_planned), false),
    ];
    let mut inform = vec![item(
        "Décision d'informer les personnes",
        "Decision to inform the persons",
        match b.inform_persons {
            Decision::Undecided => String::new(),
            d => d.label_fr().to_string(),
        },
        true,
    )];
    inform.push(item(
        "Justification",
        "Reasoning",
        b.inform_reasoning.clone(),
        b.inform_persons == Decision::No && b.inform_exception.is_none(),
    ));
    if let Some(e) = b.inform_exception {
        inform.push(item("Exception (art. 34(3))", "Exception (Art. 34(3))", e.label_fr().to_string(), false));
    }

    vec![
        Section {
            title_fr: "Dates et délai".into(),
            title_en: "Dates and deadline".into(),
            article: "art. 33(1)".into(),
            items: dates,
        },
        Section {
            title_fr: "Nature de la violation, données et personnes concernées".into(),
            title_en: "Nature of the breach, data and persons concerned".into(),
            article: "art. 33(3)(a)".into(),
            items: nature,
        },
        Section {
            title_fr: "Délégué à la protection des données ou point de contact".into(),
            title_en: "Data protection officer or contact point".into(),
            article: "art. 33(3)(b)".into(),
            items: contact_items(org),
        },
        Section {
            title_fr: "Conséquences probables".into(),
            title_en: "Likely consequences".into(),
            article: "art. 33(3)(c)".into(),
            items: consequences,
        },
        Section {
            title_fr: "Mesures prises ou envisagées".into(),
            title_en: "Measures taken or proposed".into(),
            article: "art. 33(3)(d)".into(),
            items: measures,
        },
        Section {
            title_fr: "Information des personnes concernées".into(),
            title_en: "Information of the persons concerned".into(),
            article: "art. 34".into(),
            items: inform,
        },
    ]
}

/// How many items of the sheet are missing.
pub fn missing_count(sheet: &[Section]) -> usize {
    sheet.iter().map(|s| s.missing().count()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn instants_print_in_local_time_with_their_offset() {
        let t = Utc.with_ymd_and_hms(2026, 11, 20, 9, 15, 0).unwrap();
        let local = t.with_timezone(&Local);
        let fr = instant_fr(t);
        assert!(fr.starts_with(&local.format("%d/%m/%Y à %H:%M").to_string()), "{fr}");
        assert!(fr.ends_with(&format!("(UTC{})", local.format("%:z"))), "{fr}");
        let en = instant_en(t);
        assert!(en.starts_with(&local.format("%Y-%m-%d %H:%M").to_string()), "{en}");
        // the offset is what makes the local time unambiguous: it must round-trip to the instant
        let offset = *local.offset();
        let back = offset.from_local_datetime(&local.naive_local()).single().unwrap();
        assert_eq!(back.with_timezone(&Utc), t);
    }
}
