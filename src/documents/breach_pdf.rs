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

use super::flow::{DocWriter, FlowDoc, ParaStyle};
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

fn kv(doc: &mut dyn DocWriter, key: &str, value: &str) -> Result<(), PdfError> {
    doc.key_value(&typo(key), &typo(value))
}

/// A line in one of the PDF layer's text styles; the editable formats get a bold
/// paragraph (or a large title for the heading sizes).
fn text(doc: &mut dyn DocWriter, t: &str, style: TextStyle) -> Result<(), PdfError> {
    if let Some(pdf) = doc.pdf() {
        return pdf.text(t, style);
    }
    doc.styled(t, if style.size >= TextStyle::H2.size { ParaStyle::Title } else { ParaStyle::Strong })
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
    let doc = notification_sheet_doc(bundle, breach_id, now, PdfDoc::new)?;
    Ok(doc.finish()?)
}

/// [`notification_sheet_pdf`] as a [`FlowDoc`], to render as DOCX or ODT.
pub fn notification_sheet_flow(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    now: DateTime<Utc>,
) -> Result<FlowDoc, BreachPdfError> {
    notification_sheet_doc(bundle, breach_id, now, |t| Ok(FlowDoc::new(t)))
}

fn notification_sheet_doc<W: DocWriter>(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    now: DateTime<Utc>,
    new: impl FnOnce(&str) -> Result<W, PdfError>,
) -> Result<W, BreachPdfError> {
    let b = bundle.breaches.iter().find(|b| b.id == breach_id).ok_or(BreachPdfError::NotFound(breach_id))?;
    let org = org_name(bundle);
    let title = clip(&or_not_set(&b.title), MAX_NAME_CHARS);
    let mut w = new(&format!("Fiche de notification « {title} » — {org}"))?;
    let doc: &mut dyn DocWriter = &mut w;
    doc.set_author(&org);
    doc.set_subject("Notification d'une violation de données à la CNIL (article 33 du RGPD)");
    doc.set_footer(&typo(&format!("{org} — fiche de notification « {title} »")));

    doc.heading(&typo("Fiche de notification d'une violation de données"), 1)?;
    doc.note(&typo("Article 33 du RGPD — à reporter dans le téléservice de notification de la CNIL"))?;
    doc.space(4.0);
    text(doc, &typo(&format!("« {title} »")), TextStyle::H2)?;
    kv(doc, "Organisme", &org)?;
    kv(doc, "Fiche éditée le", &instant_fr(now))?;

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
         téléservice de la CNIL reste à vérifier. Heures de cet ordinateur, avec leur écart au temps universel (UTC).",
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
            kv(doc, &it.label_fr, &value)?;
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
    Ok(w)
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
    doc: &mut dyn DocWriter,
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
    let doc = breach_register_doc(bundle, now, PdfDoc::new)?;
    Ok(doc.finish()?)
}

/// [`breach_register_pdf`] as a [`FlowDoc`], to render as DOCX or ODT.
pub fn breach_register_flow(bundle: &OrganisationBundle, now: DateTime<Utc>) -> Result<FlowDoc, BreachPdfError> {
    breach_register_doc(bundle, now, |t| Ok(FlowDoc::new(t)))
}

fn breach_register_doc<W: DocWriter>(
    bundle: &OrganisationBundle,
    now: DateTime<Utc>,
    new: impl FnOnce(&str) -> Result<W, PdfError>,
) -> Result<W, BreachPdfError> {
    let org = org_name(bundle);
    let mut w = new(&format!("Registre des violations de données — {org}"))?;
    let doc: &mut dyn DocWriter = &mut w;
    doc.set_author(&org);
    doc.set_subject("Registre des violations de données (article 33(5) du RGPD)");
    doc.set_footer(&typo(&format!("{org} — registre des violations de données")));
    doc.heading(&typo("Registre des violations de données"), 1)?;
    doc.note(&typo(
        "Article 33(5) du RGPD : toute violation est documentée ici, qu'elle ait été notifiée à la CNIL ou non.",
    ))?;
    doc.space(4.0);
    kv(doc, "Organisme", &org)?;
    kv(doc, "Registre édité le", &instant_fr(now))?;
    let mut breaches: Vec<&Breach> = bundle.breaches.iter().collect();
    breaches.sort_by_key(|b| (b.aware_at, b.started_on, b.id));
    let open = breaches.iter().filter(|b| b.status == crate::model::BreachStatus::Open).count();
    kv(
        doc,
        "Violations inscrites",
        &format!("{} (dont {open} ouverte{})", breaches.len(), if open > 1 { "s" } else { "" }),
    )?;
    doc.note(&typo("Heures de cet ordinateur, avec leur écart au temps universel (UTC)."))?;
    if breaches.is_empty() {
        doc.space(6.0);
        doc.paragraph(&typo("Aucune violation de données n'est inscrite au registre."))?;
    }
    for (i, b) in breaches.iter().enumerate() {
        breach_block(doc, bundle, i + 1, b, now)?;
    }
    Ok(w)
}

// ------------------------------------------------------------- the letter (Art. 34)

/// How a gap of the letter is printed: « [À compléter : what] ».
fn gap(what: &str) -> String {
    format!("[{TO_COMPLETE} : {what}]")
}

/// `10 mars 2026`.
fn long_date_fr(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
    let day = if d.day() == 1 { "1er".to_string() } else { d.day().to_string() };
    format!("{day} {month} {}", d.year())
}

/// A category of data in words a person understands.
fn data_in_words(c: crate::model::DataCategory) -> &'static str {
    use crate::model::DataCategory as D;
    match c {
        D::Identity => "votre identité et vos coordonnées (nom, prénom, adresse, photo…)",
        D::PersonalLife => "des informations sur votre vie personnelle (habitudes, situation familiale…)",
        D::ProfessionalLife => "des informations sur votre vie professionnelle (poste, parcours…)",
        D::EconomicFinancial => "des informations économiques et financières (coordonnées bancaires, revenus…)",
        D::ConnectionData => "des données de connexion (identifiants, mots de passe, adresses IP…)",
        D::Location => "des données de localisation",
        D::Internet => "des données de navigation sur Internet",
        D::Nir => "votre numéro de sécurité sociale",
        D::Other => "d'autres données",
    }
}

/// What the breach is, for a person: one sentence per nature.
fn nature_in_words(n: crate::model::BreachNature) -> &'static str {
    use crate::model::BreachNature as N;
    match n {
        N::Confidentiality => "des personnes non autorisées ont pu voir ou obtenir certaines de vos données",
        N::Integrity => "certaines de vos données ont pu être modifiées sans autorisation",
        N::Availability => "certaines de vos données ont été perdues ou sont devenues inaccessibles",
    }
}

/// The advice given to the persons, from the nature of the breach and the data concerned.
/// Always ends with the rights and the help for victims.
pub fn letter_advice_fr(b: &Breach) -> Vec<String> {
    use crate::model::{BreachNature as N, DataCategory as D};
    let has = |c: D| b.data_categories.contains(&c);
    let exposed = b.natures.contains(&N::Confidentiality);
    let mut out = Vec::new();
    if has(D::ConnectionData) {
        out.push(
            "Changez votre mot de passe chez nous, et partout où vous utilisez le même : choisissez-en un différent \
             pour chaque site. Activez la double authentification quand elle est proposée."
                .to_string(),
        );
    }
    if exposed || b.natures.is_empty() {
        out.push(
            "Méfiez-vous des messages, appels ou SMS inattendus qui semblent venir de nous ou d'un organisme connu \
             (hameçonnage) : nous ne vous demanderons jamais votre mot de passe ni vos coordonnées bancaires. En cas \
             de doute, ne cliquez pas et contactez-nous."
                .to_string(),
        );
    }
    if has(D::EconomicFinancial) && (exposed || b.natures.contains(&N::Integrity)) {
        out.push(
            "Surveillez vos relevés bancaires et signalez tout mouvement inconnu à votre banque. Si des données de \
             carte bancaire sont en cause, faites opposition sur la carte auprès de votre banque."
                .to_string(),
        );
    }
    if exposed && (has(D::Identity) || has(D::Nir)) {
        out.push(
            "Restez attentif aux signes d'usurpation d'identité (courrier, crédit ou abonnement que vous n'avez pas \
             demandé) ; si cela arrive, portez plainte et prévenez les organismes concernés."
                .to_string(),
        );
    }
    if b.natures.contains(&N::Integrity) {
        out.push(
            "Vérifiez les informations vous concernant dans nos prochains échanges et signalez-nous toute erreur."
                .to_string(),
        );
    }
    if b.natures.contains(&N::Availability) {
        out.push(
            "Si vous aviez gardé une copie des documents que vous nous aviez transmis, conservez-la : nous \
             pourrions vous la demander."
                .to_string(),
        );
    }
    out.push(
        "Vous pouvez nous demander à tout moment d'accéder à vos données, de les corriger ou de les effacer, et vous \
         opposer à leur utilisation dans les cas prévus par la loi. Vous pouvez aussi adresser une réclamation à la \
         CNIL (cnil.fr)."
            .to_string(),
    );
    out.push(
        "Si vous pensez être victime d'une malveillance informatique (piratage, escroquerie en ligne), le site \
         public cybermalveillance.gouv.fr vous aide à réagir et à trouver de l'aide près de chez vous."
            .to_string(),
    );
    out
}

/// Why the persons may not need this letter, if the breach says so (decision, exception,
/// or our suggestion): shown at the top of the draft.
fn letter_banner(b: &Breach) -> Option<String> {
    use crate::model::InformationException as E;
    if let Some(e) = b.inform_exception {
        let then = match e {
            E::DisproportionateEffort => {
                "Une communication publique (affichage, site Internet, presse…) remplace alors la lettre : ce \
                 texte peut lui servir de base."
            }
            _ => {
                "L'information de chaque personne n'est alors pas exigée (la CNIL peut toutefois l'imposer) : \
                 envoyez cette lettre seulement si vous le décidez."
            }
        };
        return Some(format!("Exception retenue : {} {then}", e.label_fr()));
    }
    if b.inform_persons == Decision::No {
        let why = match b.inform_reasoning.trim() {
            "" => String::new(),
            w => format!(" Justification : {w}"),
        };
        return Some(format!(
            "La décision enregistrée est de ne pas informer les personnes concernées.{why} Envoyez cette lettre \
             seulement si vous changez d'avis."
        ));
    }
    if suggestion(b).level == RiskLevel::NoRisk {
        return Some(
            "D'après la gravité et la vraisemblance notées, cette violation est peu susceptible d'engendrer un \
             risque : informer les personnes n'est pas exigé, mais reste possible."
                .to_string(),
        );
    }
    None
}

/// The DPO, or else the contact point for the CNIL, with their channels: lines of the
/// « Pour nous contacter » part; gaps printed « À compléter ».
fn letter_contact(org: &crate::model::Organisation) -> Vec<String> {
    let first = |v: &[&Option<String>]| -> Option<String> {
        v.iter().find_map(|o| o.as_deref().map(str::trim).filter(|s| !s.is_empty())).map(str::to_string)
    };
    let dpo = &org.dpo;
    let (intro, name, email, phone) = if dpo.designated {
        let mut name = dpo.person.full_name();
        if name.is_empty() {
            name = dpo.organisation_name.trim().to_string();
        }
        (
            "Notre délégué à la protection des données",
            name,
            first(&[&dpo.public_contact.email, &org.email]),
            first(&[&dpo.public_contact.phone, &org.phone]),
        )
    } else {
        let p = &org.cnil_contact;
        ("La personne à contacter", p.full_name(), first(&[&p.email, &org.email]), first(&[&p.phone, &org.phone]))
    };
    let mut out = vec![format!(
        "{intro} : {}",
        if name.is_empty() { gap("nom de la personne à contacter") } else { clip(&name, MAX_NAME_CHARS) }
    )];
    match (email, phone) {
        (None, None) => out.push(format!("Courriel ou téléphone : {}", gap("un moyen de nous joindre"))),
        (e, p) => {
            if let Some(e) = e {
                out.push(format!("Courriel : {e}"));
            }
            if let Some(p) = p {
                out.push(format!("Téléphone : {p}"));
            }
        }
    }
    out
}

/// The draft letter informing the persons concerned by breach `breach_id` (Art. 34), in
/// plain French, dated `today`: what happened, the data, the likely consequences, what the
/// organisation did and will do, what the person can do, whom to contact. Whatever the
/// breach lacks is printed « [À compléter : …] ». The letter is meant to be sent as is
/// once reviewed, so its body is French only; the draft banner says it must be read first,
/// and, when the breach's decision, exception or our suggestion says the persons need not
/// be informed, a box at the top says so.
pub fn information_letter_pdf(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, BreachPdfError> {
    let doc = information_letter_doc(bundle, breach_id, today, PdfDoc::new)?;
    Ok(doc.finish()?)
}

/// [`information_letter_pdf`] as a [`FlowDoc`], to render as DOCX or ODT.
pub fn information_letter_flow(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    today: chrono::NaiveDate,
) -> Result<FlowDoc, BreachPdfError> {
    information_letter_doc(bundle, breach_id, today, |t| Ok(FlowDoc::new(t)))
}

fn information_letter_doc<W: DocWriter>(
    bundle: &OrganisationBundle,
    breach_id: Uuid,
    today: chrono::NaiveDate,
    new: impl FnOnce(&str) -> Result<W, PdfError>,
) -> Result<W, BreachPdfError> {
    let b = bundle.breaches.iter().find(|b| b.id == breach_id).ok_or(BreachPdfError::NotFound(breach_id))?;
    let o = &bundle.organisation;
    let org = org_name(bundle);
    let title = clip(&or_not_set(&b.title), MAX_NAME_CHARS);
    let mut w = new(&format!("Lettre d'information « {title} » — {org}"))?;
    let doc: &mut dyn DocWriter = &mut w;
    doc.set_author(&org);
    doc.set_subject("Information des personnes concernées par une violation de données (article 34 du RGPD)");
    doc.set_footer(&typo(&format!("{org} — projet de lettre d'information « {title} »")));

    doc.boxed(
        Some(&typo("Projet de lettre — à relire avant envoi")),
        &typo(
            "Relisez et complétez chaque passage « [À compléter : …] », puis retirez ce cadre. Draft letter — review \
             before sending.",
        ),
        0.8,
    )?;
    if let Some(banner) = letter_banner(b) {
        doc.space(3.0);
        doc.boxed(Some(&typo("Information des personnes non exigée")), &typo(&banner), 2.5)?;
    }
    doc.space(6.0);

    // sender, recipient, place and date
    text(doc, &typo(&org), TextStyle::STRONG)?;
    let address = o.address.one_line();
    doc.paragraph(&typo(&if address.trim().is_empty() { gap("adresse de l'organisme") } else { address }))?;
    doc.space(4.0);
    doc.paragraph("[Nom et adresse de la personne]")?;
    let city = o.address.city.trim();
    let city = if city.is_empty() { gap("ville") } else { city.to_string() };
    doc.paragraph(&typo(&format!("{city}, le {}", long_date_fr(today))))?;
    doc.space(4.0);
    text(doc, &typo("Objet : violation de données personnelles vous concernant"), TextStyle::STRONG)?;
    doc.paragraph("Madame, Monsieur,")?;
    doc.paragraph(&typo(&format!(
        "Nous vous écrivons car un incident touchant des données personnelles vous concernant, conservées par {org}, \
         s'est produit. Nous tenons à vous dire clairement ce qui s'est passé, ce que cela peut signifier pour \
         vous et ce que nous faisons."
    )))?;

    // what happened
    doc.heading(&typo("Ce qui s'est passé"), 3)?;
    let natures = match b.natures.as_slice() {
        [] => gap("ce qui est arrivé aux données : vues par d'autres, modifiées ou perdues"),
        ns => ns.iter().map(|n| nature_in_words(*n)).collect::<Vec<_>>().join(" ; "),
    };
    let start = match b.started_on {
        Some(d) => format!("L'incident a commencé le {}", long_date_fr(d)),
        None => format!("L'incident a commencé le {}", gap("date de début")),
    };
    let end = match b.ended_on {
        Some(d) => format!("et a pris fin le {}", long_date_fr(d)),
        None => "et nous continuons à le traiter".to_string(),
    };
    doc.paragraph(&typo(&format!("En bref : {natures}.")))?;
    doc.paragraph(&typo(&format!(
        "{start} ; nous l'avons découvert le {} {end}.",
        long_date_fr(b.aware_at.date_naive())
    )))?;
    doc.paragraph(&typo(&match b.circumstances.trim() {
        "" => gap("les circonstances, en quelques mots simples"),
        c => c.to_string(),
    }))?;

    // the data
    doc.heading(&typo("Les données concernées"), 3)?;
    let mut data: Vec<String> = b.data_categories.iter().map(|c| data_in_words(*c).to_string()).collect();
    data.extend(
        b.special_categories.iter().map(|c| format!("des données sensibles : {}", c.label_fr().to_lowercase())),
    );
    if !b.data_details.trim().is_empty() {
        data.push(b.data_details.trim().to_string());
    }
    if data.is_empty() {
        doc.paragraph(&typo(&gap("les données vous concernant qui sont en cause")))?;
    } else {
        doc.paragraph("Les données en cause sont :")?;
        for d in &data {
            doc.bullet(&typo(d))?;
        }
    }

    // consequences
    doc.heading(&typo("Les conséquences possibles pour vous"), 3)?;
    doc.paragraph(&typo(&match b.consequences.trim() {
        "" => gap("ce qui pourrait arriver aux personnes, en termes simples"),
        c => c.to_string(),
    }))?;

    // measures
    doc.heading(&typo("Ce que nous avons fait et ce que nous allons faire"), 3)?;
    let clean = |v: &[String]| v.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let (taken, planned) = (clean(&b.measures_taken), clean(&b.measures_planned));
    if taken.is_empty() && planned.is_empty() {
        doc.paragraph(&typo(&gap("les mesures prises et celles prévues")))?;
    }
    if !taken.is_empty() {
        doc.paragraph("Nous avons déjà :")?;
        for m in &taken {
            doc.bullet(&typo(m))?;
        }
    }
    if !planned.is_empty() {
        doc.paragraph("Nous allons :")?;
        for m in &planned {
            doc.bullet(&typo(m))?;
        }
    }

    // advice
    doc.heading(&typo("Ce que vous pouvez faire"), 3)?;
    for a in letter_advice_fr(b) {
        doc.bullet(&typo(&a))?;
    }

    // contact
    doc.heading(&typo("Pour nous contacter"), 3)?;
    doc.paragraph("Pour toute question sur cet incident ou sur vos données :")?;
    for line in letter_contact(o) {
        doc.paragraph(&typo(&line))?;
    }

    doc.space(4.0);
    doc.paragraph(&typo(
        "Nous vous prions de nous excuser pour cet incident et vous assurons que nous faisons le nécessaire pour \
         qu'il ne se reproduise pas. Veuillez agréer, Madame, Monsieur, nos salutations distinguées.",
    ))?;
    doc.space(4.0);
    let rep = &o.legal_representative;
    let signer = match (rep.full_name().as_str(), rep.role.trim()) {
        ("", _) => gap("nom et fonction du signataire"),
        (n, "") => n.to_string(),
        (n, r) => format!("{n}, {r}"),
    };
    doc.paragraph(&typo(&clip(&signer, MAX_NAME_CHARS)))?;
    Ok(w)
}
