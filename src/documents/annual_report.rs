//! The DPO's annual report « Bilan annuel du délégué à la protection des données » for one
//! calendar year: the register (counts, completeness, entries created or changed in the
//! year, obligations), the AIPDs (screenings, analyses by status, prior consultations), the
//! security score (snapshots of the year, current score, chapter trends), the breaches of
//! the year (notified, persons informed, late), the actions done in the year and those
//! late, then « Recommandations » derived from the gaps, a box for the DPO's comments and
//! the signature.
//!
//! The GDPR does not require such a report; the DPO's tasks it reports on are those of
//! Art. 39. The figures come from [`annual_figures`], which the window can show as well.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;

use super::flow::{DocWriter, FlowDoc};
use super::notice::{build, date_fr, missing, or_complete, org_name, TO_COMPLETE};
use super::pdf::PdfError;
use super::Missing;
use crate::aipd::workflow::{dashboard as aipd_dashboard, AipdDashboard};
use crate::breach::{countdown, CountdownState};
use crate::model::{
    ActionStatus, ContractStatus, Decision, MeasureStatus, OrganisationBundle, ProcessingStatus, ThirdPartyKind,
};
use crate::register::completeness::{completeness, Context};
use crate::register::obligations::{dpo_required, register_required};
use crate::security::plan::action_plan;
use crate::security::score::{percent_fr, scores};
use crate::security::{guide, progression};

/// The figures of the annual report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnualFigures {
    pub year: i32,
    /// Entries still carried out, and archived ones.
    pub processings_active: usize,
    pub processings_archived: usize,
    /// Active entries with no mandatory gap (completeness `ready`).
    pub processings_ready: usize,
    /// Mean completeness of the active entries, 0–100 (`None` without entries).
    pub completeness_mean: Option<u8>,
    /// Active entries by status: draft, complete, validated by the DPO.
    pub drafts: usize,
    pub complete: usize,
    pub validated: usize,
    /// Entry names created in the year, and changed in the year (created before).
    pub created: Vec<String>,
    pub changed: Vec<String>,
    /// Active entries whose next review date is past.
    pub review_overdue: Vec<String>,
    pub register_required: bool,
    pub dpo_required: bool,
    pub dpo_designated: bool,
    /// Screenings saved; the AIPD dashboard.
    pub screenings: usize,
    pub aipd: AipdDashboard,
    /// Analyses validated during the year (validation date).
    pub aipds_validated_in_year: usize,
    /// Current overall security score (per mille), if an assessment exists.
    pub security_score: Option<u16>,
    /// Snapshots taken during the year: date and overall score.
    pub snapshots_in_year: Vec<(NaiveDate, Option<u16>)>,
    /// Breaches whose awareness falls in the year.
    pub breaches: usize,
    /// … with an initial notification sent to the CNIL.
    pub breaches_notified: usize,
    /// … with the decision to inform the persons.
    pub breaches_informed: usize,
    /// … notified after 72 hours, or not notified when due and the 72 hours are over.
    pub breaches_late: usize,
    /// AIPD corrective actions done in the year (done date), measures in place whose record
    /// changed in the year.
    pub aipd_actions_done: Vec<String>,
    pub measures_done: Vec<String>,
    /// Open actions of the plan, and the late ones (title, due date, days late).
    pub open_actions: usize,
    pub late_actions: Vec<(String, Option<NaiveDate>, u32)>,
    /// Processors without signed Art. 28 clauses.
    pub processors_without_contract: Vec<String>,
}

fn in_year<T: Datelike>(d: &T, year: i32) -> bool {
    d.year() == year
}

/// The figures of `bundle` for `year`, as of `now`.
pub fn annual_figures(bundle: &OrganisationBundle, year: i32, now: DateTime<Utc>) -> AnnualFigures {
    let today = now.date_naive();
    let org = &bundle.organisation;
    let active: Vec<_> = bundle.processings.iter().filter(|p| !p.archived).collect();
    let ctx = Context { organisation: org, third_parties: &bundle.third_parties, today };
    let comp: Vec<_> = active.iter().map(|p| completeness(p, &ctx)).collect();
    let completeness_mean = if comp.is_empty() {
        None
    } else {
        let sum: usize = comp.iter().map(|c| usize::from(c.percent)).sum();
        u8::try_from(sum / comp.len()).ok()
    };
    let count_status = |s: ProcessingStatus| active.iter().filter(|p| p.status == s).count();
    let name = |n: &str| or_complete(n);

    let g = guide();
    let assessment = bundle.security_assessments.first();
    let security_score = assessment.and_then(|a| scores(g, a).overall.per_mille);
    let snapshots_in_year = assessment
        .map(|a| {
            let mut v: Vec<_> = a
                .snapshots
                .iter()
                .filter(|s| in_year(&s.taken_at, year))
                .map(|s| (s.taken_at.date_naive(), s.overall))
                .collect();
            v.sort();
            v
        })
        .unwrap_or_default();

    let breaches: Vec<_> = bundle.breaches.iter().filter(|b| in_year(&b.aware_at, year)).collect();
    let late = |b: &&crate::model::Breach| {
        matches!(countdown(b, now).state, CountdownState::Late | CountdownState::NotifiedLate)
    };

    let plan = action_plan(g, assessment, &bundle.measures, &bundle.aipds, today);
    let mut aipd_actions_done = Vec::new();
    for a in &bundle.aipds {
        for c in &a.actions {
            if c.status == ActionStatus::Done && c.done_on.is_some_and(|d| in_year(&d, year)) {
                aipd_actions_done.push(name(&c.title));
            }
        }
    }

    AnnualFigures {
        year,
        processings_active: active.len(),
        processings_archived: bundle.processings.len() - active.len(),
        processings_ready: comp.iter().filter(|c| c.ready).count(),
        completeness_mean,
        drafts: count_status(ProcessingStatus::Draft),
        complete: count_status(ProcessingStatus::Complete),
        validated: count_status(ProcessingStatus::ValidatedByDpo),
        created: bundle.processings.iter().filter(|p| in_year(&p.created_at, year)).map(|p| name(&p.name)).collect(),
        changed: bundle
            .processings
            .iter()
            .filter(|p| in_year(&p.updated_at, year) && !in_year(&p.created_at, year))
            .map(|p| name(&p.name))
            .collect(),
        review_overdue: active
            .iter()
            .filter(|p| p.next_review.is_some_and(|d| d < today))
            .map(|p| name(&p.name))
            .collect(),
        register_required: register_required(org, &bundle.processings).required,
        dpo_required: dpo_required(org, &bundle.processings).required,
        dpo_designated: org.dpo.designated,
        screenings: bundle.aipd_screenings.len(),
        aipd: aipd_dashboard(bundle),
        aipds_validated_in_year: bundle
            .aipds
            .iter()
            .filter(|a| a.validation.as_ref().is_some_and(|v| in_year(&v.validated_on, year)))
            .count(),
        security_score,
        snapshots_in_year,
        breaches: breaches.len(),
        breaches_notified: breaches.iter().filter(|b| !b.notifications.is_empty()).count(),
        breaches_informed: breaches.iter().filter(|b| b.inform_persons == Decision::Yes).count(),
        breaches_late: breaches.iter().filter(|b| late(b)).count(),
        aipd_actions_done,
        measures_done: bundle
            .measures
            .iter()
            .filter(|m| m.status == MeasureStatus::InPlace && in_year(&m.updated_at, year))
            .map(|m| name(&m.title))
            .collect(),
        open_actions: plan.actions.len(),
        late_actions: plan
            .actions
            .iter()
            .filter(|a| a.overdue)
            .map(|a| (a.title_fr.clone(), a.due_date, a.days_late.unwrap_or(0)))
            .collect(),
        processors_without_contract: bundle
            .third_parties
            .iter()
            .filter(|t| t.kind == Some(ThirdPartyKind::Processor))
            .filter(|t| t.contract_status != Some(ContractStatus::Art28Signed))
            .map(|t| name(&t.name))
            .collect(),
    }
}

/// What the annual report needs and the dossier lacks.
pub fn annual_report_missing(bundle: &OrganisationBundle) -> Vec<Missing> {
    let org = &bundle.organisation;
    let mut out = Vec::new();
    if !org.dpo.designated {
        out.push(missing(
            "Délégué à la protection des données (auteur du bilan)",
            "Data protection officer (author of the report)",
            "Organisme › Délégué à la protection des données",
        ));
    } else if org.dpo.person.full_name().is_empty() && org.dpo.organisation_name.trim().is_empty() {
        out.push(missing(
            "Nom du délégué à la protection des données",
            "Name of the data protection officer",
            "Organisme › Délégué à la protection des données › Identité",
        ));
    }
    if bundle.processings.iter().all(|p| p.archived) {
        out.push(missing("Traitements du registre", "Register entries", "Registre"));
    }
    match bundle.security_assessments.first() {
        None => out.push(missing(
            "Évaluation de la sécurité (liste de vérification du guide CNIL)",
            "Security assessment (CNIL guide checklist)",
            "Sécurité › Liste de vérification",
        )),
        Some(a) if a.snapshots.is_empty() => out.push(missing(
            "Relevé du score de sécurité (pour suivre son évolution)",
            "Security score snapshot (to follow its progress)",
            "Sécurité › Historique",
        )),
        Some(_) => {}
    }
    out
}

fn count_fr(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("aucun {one}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "oui"
    } else {
        "non"
    }
}

fn names_or_none(v: &[String]) -> String {
    if v.is_empty() {
        "aucun".to_string()
    } else {
        v.join(", ")
    }
}

/// The recommendations that follow from the figures, in order of urgency.
pub fn recommendations_fr(f: &AnnualFigures) -> Vec<String> {
    let mut out = Vec::new();
    if f.dpo_required && !f.dpo_designated {
        out.push("Désigner un délégué à la protection des données : l'organisme y est tenu.".to_string());
    }
    if !f.aipd.prior_consultation.is_empty() {
        out.push(format!(
            "Consulter la CNIL avant de poursuivre : un risque reste élevé dans {}.",
            f.aipd.prior_consultation.iter().map(|t| format!("« {} »", t.trim())).collect::<Vec<_>>().join(", ")
        ));
    }
    if f.breaches_late > 0 {
        out.push(format!(
            "Revoir la procédure de gestion des violations : {} cette année notifiée(s) après 72 heures ou pas \
             encore notifiée(s) alors qu'il le fallait.",
            count_fr(f.breaches_late, "violation", "violations")
        ));
    }
    if f.aipd.required_without_aipd > 0 {
        out.push(format!(
            "Mener l'analyse d'impact requise pour {}.",
            count_fr(f.aipd.required_without_aipd, "traitement", "traitements")
        ));
    }
    if f.aipd.to_screen > 0 {
        out.push(format!(
            "Examiner si une analyse d'impact est requise pour {} encore jamais {}.",
            count_fr(f.aipd.to_screen, "traitement", "traitements"),
            if f.aipd.to_screen > 1 { "examinés" } else { "examiné" }
        ));
    }
    if f.aipd.awaiting_validation > 0 || f.aipd.refused > 0 {
        out.push(format!(
            "Faire valider ou corriger les analyses d'impact en attente ({}) ou refusées ({}).",
            f.aipd.awaiting_validation, f.aipd.refused
        ));
    }
    let not_ready = f.processings_active - f.processings_ready;
    if not_ready > 0 {
        out.push(format!(
            "Compléter {} du registre auxquelles manque une mention obligatoire.",
            count_fr(not_ready, "fiche", "fiches")
        ));
    }
    if !f.review_overdue.is_empty() {
        out.push(format!("Revoir les fiches dont la date de revue est passée : {}.", f.review_overdue.join(", ")));
    }
    if !f.processors_without_contract.is_empty() {
        out.push(format!(
            "Signer ou mettre à jour le contrat de sous-traitance (article 28) avec : {}.",
            f.processors_without_contract.join(", ")
        ));
    }
    if !f.late_actions.is_empty() {
        out.push(format!(
            "Rattraper les actions en retard ({}) et leur donner une nouvelle échéance réaliste.",
            f.late_actions.len()
        ));
    }
    if f.security_score.is_none() {
        out.push("Faire l'évaluation de la sécurité avec la liste de vérification du guide de la CNIL.".to_string());
    } else if f.snapshots_in_year.is_empty() {
        out.push("Enregistrer au moins un relevé du score de sécurité par an pour en suivre l'évolution.".to_string());
    }
    out
}

/// The DPO's annual report for `year`, as of `now`.
pub fn annual_report(bundle: &OrganisationBundle, year: i32, now: DateTime<Utc>) -> FlowDoc {
    build(&format!("Bilan annuel {year} du délégué — {}", org_name(&bundle.organisation)), |d| {
        write(d, bundle, year, now)
    })
}

fn percent(per_mille: Option<u16>) -> String {
    match per_mille {
        None => "pas de score".to_string(),
        p => percent_fr(p),
    }
}

fn write(d: &mut FlowDoc, bundle: &OrganisationBundle, year: i32, now: DateTime<Utc>) -> Result<(), PdfError> {
    let f = annual_figures(bundle, year, now);
    let org = &bundle.organisation;
    let name = org_name(org);
    d.set_author(&name);
    d.set_subject(&format!("Bilan annuel {year} du délégué à la protection des données"));
    d.set_footer(&format!("{name} — bilan annuel {year} du délégué à la protection des données"));

    d.heading_with_subtitle(
        &format!("Bilan annuel {year} du délégué à la protection des données"),
        "Annual report of the data protection officer",
        1,
    )?;
    d.key_value("Organisme", &name)?;
    let dpo = &org.dpo;
    let dpo_name = if !dpo.designated {
        format!("{TO_COMPLETE} (aucun délégué désigné)")
    } else {
        let n = dpo.person.full_name();
        match (n.trim(), dpo.organisation_name.trim()) {
            ("", "") => TO_COMPLETE.to_string(),
            (n, "") => n.to_string(),
            ("", o) => o.to_string(),
            (n, o) => format!("{n} ({o})"),
        }
    };
    d.key_value("Délégué", &dpo_name)?;
    d.key_value("Période", &format!("du 01/01/{year} au 31/12/{year}"))?;
    d.key_value("Établi le", &date_fr(now.date_naive()))?;
    d.paragraph(
        "Le délégué informe et conseille l'organisme et son personnel, vérifie que les règles de protection des \
         données sont appliquées, donne son avis sur les analyses d'impact et fait le lien avec la CNIL (article 39 \
         du RGPD). Ce bilan rend compte de l'année écoulée et propose les priorités de la suivante.",
    )?;

    // 1. register
    d.heading("1. Le registre des traitements", 2)?;
    d.key_value("Traitements en cours", &f.processings_active.to_string())?;
    d.key_value("Traitements archivés", &f.processings_archived.to_string())?;
    d.key_value(
        "Fiches sans mention obligatoire manquante",
        &format!("{} sur {}", f.processings_ready, f.processings_active),
    )?;
    d.key_value("Complétude moyenne", &f.completeness_mean.map_or("sans objet".to_string(), |m| format!("{m} %")))?;
    d.key_value(
        "État des fiches",
        &format!("{} brouillon(s), {} complète(s), {} validée(s) par le délégué", f.drafts, f.complete, f.validated),
    )?;
    d.key_value(&format!("Créées en {year}"), &format!("{} — {}", f.created.len(), names_or_none(&f.created)))?;
    d.key_value(&format!("Modifiées en {year}"), &format!("{} — {}", f.changed.len(), names_or_none(&f.changed)))?;
    d.key_value("Registre obligatoire", yes_no(f.register_required))?;
    d.key_value(
        "Délégué obligatoire",
        &format!("{} — délégué désigné : {}", yes_no(f.dpo_required), yes_no(f.dpo_designated)),
    )?;

    // 2. AIPD
    d.heading("2. Les analyses d'impact (AIPD)", 2)?;
    let a = &f.aipd;
    d.key_value("Examens préalables enregistrés", &f.screenings.to_string())?;
    d.key_value("Traitements pas encore examinés", &a.to_screen.to_string())?;
    d.key_value("AIPD requise mais pas encore menée", &a.required_without_aipd.to_string())?;
    d.table(
        &["En cours", "En attente de validation", "Validées", "Refusées"],
        &[vec![
            a.in_progress.to_string(),
            a.awaiting_validation.to_string(),
            a.validated.to_string(),
            a.refused.to_string(),
        ]],
        &[1.0, 1.0, 1.0, 1.0],
    )?;
    d.key_value(&format!("Validées en {year}"), &f.aipds_validated_in_year.to_string())?;
    d.key_value(
        "Consultation préalable de la CNIL",
        &if a.prior_consultation.is_empty() {
            "aucune nécessaire".to_string()
        } else {
            format!("nécessaire pour {}", a.prior_consultation.join(", "))
        },
    )?;

    // 3. security
    d.heading("3. La sécurité des données", 2)?;
    match bundle.security_assessments.first() {
        None => {
            d.key_value("Score actuel", &format!("{TO_COMPLETE} (aucune évaluation de la sécurité)"))?;
        }
        Some(asmt) => {
            d.key_value("Score actuel", &percent(f.security_score))?;
            if f.snapshots_in_year.is_empty() {
                d.key_value(&format!("Relevés en {year}"), "aucun")?;
            } else {
                let rows: Vec<Vec<String>> =
                    f.snapshots_in_year.iter().map(|(day, s)| vec![date_fr(*day), percent(*s)]).collect();
                d.table(&[&format!("Relevé de {year}"), "Score"], &rows, &[0.5, 0.5])?;
            }
            let pr = progression(guide(), asmt);
            let current = scores(guide(), asmt);
            let rows: Vec<Vec<String>> = pr
                .chapters
                .iter()
                .map(|c| {
                    let first = c.values.iter().flatten().next().copied();
                    let now_v = current.chapter(&c.chapter).and_then(|s| s.score.per_mille);
                    let trend = match (first, now_v) {
                        (Some(x), Some(y)) if y > x => "en progrès",
                        (Some(x), Some(y)) if y < x => "en recul",
                        (Some(_), Some(_)) => "stable",
                        _ => "—",
                    };
                    vec![c.title_fr.clone(), percent(first), percent(now_v), trend.to_string()]
                })
                .collect();
            if !rows.is_empty() {
                d.table(
                    &["Chapitre du guide", "Premier relevé", "Aujourd'hui", "Tendance"],
                    &rows,
                    &[0.4, 0.2, 0.2, 0.2],
                )?;
            }
        }
    }

    // 4. breaches
    d.heading(&format!("4. Les violations de données en {year}"), 2)?;
    d.key_value("Violations enregistrées", &f.breaches.to_string())?;
    d.key_value("Notifiées à la CNIL", &f.breaches_notified.to_string())?;
    d.key_value("Personnes informées (décision)", &f.breaches_informed.to_string())?;
    d.key_value("Hors délai de 72 heures", &f.breaches_late.to_string())?;
    let rows: Vec<Vec<String>> = bundle
        .breaches
        .iter()
        .filter(|b| in_year(&b.aware_at, year))
        .map(|b| {
            vec![
                or_complete(&b.title),
                date_fr(b.aware_at.date_naive()),
                countdown(b, now).state.label_fr().to_string(),
                b.inform_persons.label_fr().to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        d.table(&["Violation", "Connue le", "Notification", "Personnes informées"], &rows, &[0.36, 0.16, 0.28, 0.2])?;
    }

    // 5. actions
    d.heading("5. Les actions", 2)?;
    d.key_value(
        &format!("Actions des AIPD faites en {year}"),
        &format!("{} — {}", f.aipd_actions_done.len(), names_or_none(&f.aipd_actions_done)),
    )?;
    d.key_value(
        &format!("Mesures en place mises à jour en {year}"),
        &format!("{} — {}", f.measures_done.len(), names_or_none(&f.measures_done)),
    )?;
    d.key_value("Actions encore ouvertes", &f.open_actions.to_string())?;
    d.key_value("Actions en retard", &f.late_actions.len().to_string())?;
    if !f.late_actions.is_empty() {
        let rows: Vec<Vec<String>> = f
            .late_actions
            .iter()
            .map(|(t, due, days)| vec![t.clone(), due.map_or(TO_COMPLETE.to_string(), date_fr), format!("{days} j")])
            .collect();
        d.table(&["Action en retard", "Échéance", "Retard"], &rows, &[0.6, 0.2, 0.2])?;
    }

    // 6. recommendations
    d.heading("6. Recommandations", 2)?;
    let recs = recommendations_fr(&f);
    if recs.is_empty() {
        d.paragraph("Aucune priorité particulière ne ressort du dossier : poursuivre le suivi courant.")?;
    } else {
        for (i, r) in recs.iter().enumerate() {
            d.list_item(&format!("{}.", i + 1), r)?;
        }
    }

    d.page_break();
    d.heading("7. Commentaires du délégué", 2)?;
    d.writing_box("Commentaires", Some("faits marquants, demandes reçues, formations, moyens"), 6)?;
    d.writing_box("Fait le", None, 1)?;
    d.writing_box("Signature du délégué", None, 3)?;
    d.note(
        "Le RGPD n'impose pas de bilan annuel ; les lignes directrices européennes sur le délégué (WP243) \
         recommandent qu'il rende compte chaque année à la direction (à vérifier). Chiffres tirés du dossier \
         Greffier à la date d'établissement.",
    )?;
    Ok(())
}
