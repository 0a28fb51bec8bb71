//! The breach documents (PDF, French): the notification sheet of one breach, to have
//! everything at hand when filling in the CNIL's online notification, and the breach
//! register of Art. 33(5), one block per breach in date order.
//!
//! The sheet follows [`crate::breach::notification_sheet_with`]: the dates and the 72-hour
//! state, then the Art. 33(3) content in its order (a)–(d), then the information of the
//! persons. Every item the form asks for and that is empty is printed « À compléter », and
//! their count is on the first page. The exact order of the rubrics in the CNIL's online
//! form was not checked against the form itself: the sheet says so (« à vérifier »).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::pdf::{PdfDoc, PdfError, TextStyle};
use crate::breach::{
    countdown, instant_fr, missing_count, notification_sheet_with, risk_level, suggestion, thousands, CountdownState,
    RiskLevel,
};
use crate::model::{Breach, Decision, Level, OrganisationBundle};

/// Why a breach document could not be made. French through `Display`.
#[derive(Debug, thiserror::Error)]
pub enum BreachPdfError {
    #[error(
        "Cette violation de données est introuvable dans l'organisme ({0}) : elle a peut-être été supprimée. \
         Choisissez-en une dans le registre des violations."
    )]
    NotFound(Uuid),
    #[error(transparent)]
    Pdf(#[from] PdfError),
}

impl BreachPdfError {
    /// Stable code for the window.
    pub fn code(&self) -> &'static str {
        match self {
            BreachPdfError::NotFound(_) => "breach_not_found",
            BreachPdfError::Pdf(e) => e.code(),
        }
    }

    pub fn message_fr(&self) -> String {
        self.to_string()
    }

    pub fn message_en(&self) -> String {
        match self {
            BreachPdfError::NotFound(id) => format!(
                "This data breach is not in the organisation ({id}): it may have been deleted. Pick one from the \
                 breach register."
            ),
            BreachPdfError::Pdf(e) => e.message_en(),
        }
    }
}

const TO_COMPLETE: &str = "À compléter";
const NOT_SET: &str = "Non renseigné";
const MAX_NAME_CHARS: usize = 150;

/// French typography for print (non-breaking spaces inside « » and before : ; ? !).
fn typo(text: &str) -> String {
    let nb = '\u{a0}';
    text.replace("« ", &format!("«{nb}"))
        .replace(" »", &format!("{nb}»"))
        .replace(" :", &format!("{nb}:"))
        .replace(" ;", &format!("{nb};"))
        .replace(" ?", &format!("{nb}?"))
        .replace(" !", &format!("{nb}!"))
}

fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
    }
}

fn or_not_set(text: &str) -> String {
    match text.trim() {
        "" => NOT_SET.to_string(),
        t => t.to_string(),
    }
}

fn kv(doc: &mut PdfDoc, key: &str, value: &str) -> Result<(), PdfError> {
    doc.key_value(&typo(key), &typo(value))
}

fn org_name(bundle: &OrganisationBundle) -> String {
    let name = bundle.organisation.legal_name.trim();
    clip(if name.is_empty() { "Organisme sans nom" } else { name }, MAX_NAME_CHARS)
}

fn processing_names(bundle: &OrganisationBundle) -> Vec<(Uuid, String)> {
    bundle
        .processings
        .iter()
        .map(|p| {
            let name = or_not_set(&p.name);
            let name = match p.reference.trim() {
                "" => name,
                r => format!("{r} — {name}"),
            };
            (p.id, name)
        })
        .collect()
}

fn state_box_thickness(state: CountdownState) -> f32 {
    match state {
        CountdownState::Late | CountdownState::NotifiedLate | CountdownState::ToNotify => 2.5,
        _ => 0.8,
    }
}

/// The notification sheet of breach `breach_id` as a PDF; `now` dates it and sets the
/// 72-hour state.
pub fn notification_sheet_pdf(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, BreachPdfError> {
    let b = bundle.breaches.iter().find(|b| b.id == breach_id).ok_or(BreachPdfError::NotFound(breach_id))?;
    let org = org_name(bundle);
    let title = clip(&or_not_set(&b.title), MAX_NAME_CHARS);
    let mut doc = PdfDoc::new(&format!("Fiche de notification « {title} » — {org}"))?;
    doc.set_author(&org);
    doc.set_subject("Notification d'une violation de données à la CNIL (article 33 du RGPD)");
    doc.set_footer(&typo(&format!("{org} — fiche de notification « {title} »")));

    doc.heading(&typo("Fiche de notification d'une violation de données"), 1)?;
    doc.note(&typo("Article 33 du RGPD — à reporter dans le téléservice de notification de la CNIL"))?;
    doc.space(4.0);
    doc.text(&typo(&format!("« {title} »")), TextStyle::H2)?;
    kv(&mut doc, "Organisme", &org)?;
    kv(&mut doc, "Fiche éditée le", &instant_fr(now))?;

    let sheet = notification_sheet_with(b, &bundle.organisation, &processing_names(bundle), now);
    let cd = countdown(b, now);
    let missing = missing_count(&sheet);
    doc.space(4.0);
    doc.boxed(
        Some(&typo(&format!("Notification à la CNIL : {}", cd.state.label_fr()))),
        &typo(&cd.text_fr()),
        state_box_thickness(cd.state),
    )?;
    doc.space(4.0);
    let summary = match missing {
        0 => "Toutes les rubriques demandées sont renseignées.".to_string(),
        1 => "1 rubrique demandée reste « À compléter » : vous pouvez notifier sans attendre et compléter ensuite \
              par une notification complémentaire."
            .to_string(),
        n => format!(
            "{n} rubriques demandées restent « À compléter » : vous pouvez notifier sans attendre et compléter \
             ensuite par une notification complémentaire."
        ),
    };
    doc.paragraph(&typo(&summary))?;
    doc.note(&typo(
        "Ordre des rubriques : celui de l'article 33(3) du RGPD, points a) à d). L'ordre exact des écrans du \
         téléservice de la CNIL reste à vérifier. Heures en temps universel (UTC).",
    ))?;

    for (n, s) in sheet.iter().enumerate() {
        let title = match s.article.as_str() {
            "" => format!("{}. {}", n + 1, s.title_fr),
            a => format!("{}. {} ({a})", n + 1, s.title_fr),
        };
        doc.heading_with_subtitle(&typo(&title), &s.title_en, 2)?;
        for it in &s.items {
            let value = match (it.value_fr.as_str(), it.missing) {
                (_, true) if it.value_fr.is_empty() => TO_COMPLETE.to_string(),
                (v, true) => format!("{v} ({TO_COMPLETE})"),
                ("", false) => NOT_SET.to_string(),
                (v, false) => v.to_string(),
            };
            kv(&mut doc, &it.label_fr, &value)?;
        }
    }

    let sug = suggestion(b);
    doc.heading_with_subtitle(&typo("Notre suggestion"), "Our suggestion", 2)?;
    for r in &sug.reasons_fr {
        doc.bullet(&typo(r))?;
    }
    if sug.differs_from_decisions {
        doc.note(&typo(
            "Les décisions enregistrées diffèrent de cette suggestion : vérifiez que leur justification est écrite.",
        ))?;
    }
    Ok(doc.finish()?)
}

fn level_text(l: Option<Level>, why: &str) -> String {
    match l {
        None => NOT_SET.to_string(),
        Some(l) => match why.trim() {
            "" => format!("{} ({} sur 4)", l.label_fr(), l.value()),
            w => format!("{} ({} sur 4) — {w}", l.label_fr(), l.value()),
        },
    }
}

fn decision_text(d: Decision, why: &str) -> String {
    match why.trim() {
        "" => d.label_fr().to_string(),
        w => format!("{} — {w}", d.label_fr()),
    }
}

fn list_or_not_set(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(|s| format!("– {s}")).collect();
    if v.is_empty() {
        NOT_SET.to_string()
    } else {
        v.join("\n")
    }
}

fn breach_block(
    doc: &mut PdfDoc,
    bundle: &OrganisationBundle,
    n: usize,
    b: &Breach,
    now: DateTime<Utc>,
) -> Result<(), PdfError> {
    let cd = countdown(b, now);
    doc.heading(&typo(&format!("{n}. {}", clip(&or_not_set(&b.title), MAX_NAME_CHARS))), 2)?;
    kv(doc, "Statut", b.status.label_fr())?;
    let start = match (b.started_on, b.started_time) {
        (Some(d), Some(t)) => format!("{} à {}", d.format("%d/%m/%Y"), t.format("%H:%M")),
        (Some(d), None) => d.format("%d/%m/%Y").to_string(),
        _ => NOT_SET.to_string(),
    };
    kv(doc, "Début", &start)?;
    kv(doc, "Prise de connaissance", &instant_fr(b.aware_at))?;
    let end = match (b.ended_on, b.status) {
        (Some(d), _) => d.format("%d/%m/%Y").to_string(),
        (None, crate::model::BreachStatus::Open) => "En cours".to_string(),
        (None, crate::model::BreachStatus::Closed) => NOT_SET.to_string(),
    };
    kv(doc, "Fin", &end)?;
    let natures: Vec<&str> = b.natures.iter().map(|x| x.label_fr()).collect();
    kv(doc, "Nature", &or_not_set(&natures.join(" ; ")))?;
    let origin: Vec<&str> =
        [b.origin.map(|o| o.label_fr()), b.cause.map(|c| c.label_fr())].into_iter().flatten().collect();
    let origin = match (origin.join(", ").as_str(), b.origin_details.trim()) {
        ("", d) => or_not_set(d),
        (o, "") => o.to_string(),
        (o, d) => format!("{o} — {d}"),
    };
    kv(doc, "Origine et cause", &origin)?;
    kv(doc, "Circonstances", &or_not_set(&b.circumstances))?;
    let mut data: Vec<String> = b.data_categories.iter().map(|c| c.label_fr().to_string()).collect();
    data.extend(b.special_categories.iter().map(|c| format!("{} (donnée sensible)", c.label_fr())));
    if !b.data_details.trim().is_empty() {
        data.push(b.data_details.trim().to_string());
    }
    kv(doc, "Données concernées", &or_not_set(&data.join(", ")))?;
    kv(doc, "Personnes concernées", &or_not_set(&b.person_categories))?;
    let count = |c: Option<u64>| c.map_or(NOT_SET.to_string(), |n| format!("environ {}", thousands(n)));
    kv(doc, "Nombre de personnes", &count(b.persons_count))?;
    kv(doc, "Nombre d'enregistrements", &count(b.records_count))?;
    let names = processing_names(bundle);
    let ps: Vec<String> = b
        .processings
        .iter()
        .map(|id| {
            names
                .iter()
                .find(|(p, _)| p == id)
                .map_or_else(|| format!("Traitement supprimé ({id})"), |(_, n)| n.clone())
        })
        .collect();
    kv(doc, "Traitements concernés", &or_not_set(&ps.join("\n")))?;
    kv(doc, "Conséquences probables", &or_not_set(&b.consequences))?;
    kv(doc, "Gravité", &level_text(b.risk.severity, &b.risk.severity_justification))?;
    kv(doc, "Vraisemblance", &level_text(b.risk.likelihood, &b.risk.likelihood_justification))?;
    let level = risk_level(b);
    if level != RiskLevel::Unrated {
        kv(doc, "Niveau de risque", level.label_fr())?;
    }
    kv(doc, "Mesures prises", &list_or_not_set(&b.measures_taken))?;
    kv(doc, "Mesures envisagées", &list_or_not_set(&b.measures_planned))?;
    kv(doc, "Notification à la CNIL", &decision_text(b.notify_cnil, &b.notify_reasoning))?;
    let notes: Vec<String> = b
        .notifications
        .iter()
        .map(|x| match x.reference.trim() {
            "" => format!("{} : {}", x.kind.label_fr(), instant_fr(x.sent_at)),
            r => format!("{} : {} — dossier n° {r}", x.kind.label_fr(), instant_fr(x.sent_at)),
        })
        .collect();
    kv(doc, "Notifications", &if notes.is_empty() { "Aucune".to_string() } else { notes.join("\n") })?;
    kv(doc, "Délai de 72 heures", &cd.text_fr())?;
    if matches!(cd.state, CountdownState::Late | CountdownState::NotifiedLate) {
        kv(
            doc,
            "Motifs du retard",
            &if b.delay_reasons.trim().is_empty() {
                TO_COMPLETE.to_string()
            } else {
                b.delay_reasons.trim().to_string()
            },
        )?;
    }
    let mut inform = decision_text(b.inform_persons, &b.inform_reasoning);
    if let Some(e) = b.inform_exception {
        inform.push_str(&format!("\nException : {}", e.label_fr()));
    }
    kv(doc, "Information des personnes", &inform)?;
    doc.rule();
    Ok(())
}

/// The breach register of the organisation (Art. 33(5)) as a PDF: one block per breach,
/// oldest awareness first; `now` dates it and sets each 72-hour state.
pub fn breach_register_pdf(bundle: &OrganisationBundle, now: DateTime<Utc>) -> Result<Vec<u8>, BreachPdfError> {
    let org = org_name(bundle);
    let mut doc = PdfDoc::new(&format!("Registre des violations de données — {org}"))?;
    doc.set_author(&org);
    doc.set_subject("Registre des violations de données (article 33(5) du RGPD)");
    doc.set_footer(&typo(&format!("{org} — registre des violations de données")));
    doc.heading(&typo("Registre des violations de données"), 1)?;
    doc.note(&typo(
        "Article 33(5) du RGPD : toute violation est documentée ici, qu'elle ait été notifiée à la CNIL ou non.",
    ))?;
    doc.space(4.0);
    kv(&mut doc, "Organisme", &org)?;
    kv(&mut doc, "Registre édité le", &instant_fr(now))?;
    let mut breaches: Vec<&Breach> = bundle.breaches.iter().collect();
    breaches.sort_by_key(|b| (b.aware_at, b.started_on, b.id));
    let open = breaches.iter().filter(|b| b.status == crate::model::BreachStatus::Open).count();
    kv(
        &mut doc,
        "Violations inscrites",
        &format!("{} (dont {open} ouverte{})", breaches.len(), if open > 1 { "s" } else { "" }),
    )?;
    doc.note(&typo("Heures en temps universel (UTC)."))?;
    if breaches.is_empty() {
        doc.space(6.0);
        doc.paragraph(&typo("Aucune violation de données n'est inscrite au registre."))?;
    }
    for (i, b) in breaches.iter().enumerate() {
        breach_block(&mut doc, bundle, i + 1, b, now)?;
    }
    Ok(doc.finish()?)
}
