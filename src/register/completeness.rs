//! What a register entry still lacks « Complétude de la fiche », computed by the core so that
//! the window, the CLI and the documents all agree on when an entry is « Complet ».
//!
//! Each check is one item the register needs, located by a JSON pointer inside the
//! [`Processing`] (`/purposes/0/legal_basis`) or, for what the register takes from the
//! organisation's profile, under `/organisation/…`. A failed check is a [`Gap`] with a level:
//!
//! - [`GapLevel::Mandatory`]: Art. 30(1)(a)–(e) (controller and joint controllers, purposes,
//!   persons, data, recipients, transfers);
//! - [`GapLevel::WherePossible`]: Art. 30(1)(f)–(g) (retention of each data category,
//!   general description of security);
//! - [`GapLevel::Recommended`]: what the CNIL and DPOs expect on top (legal basis and its
//!   justification, main purpose, origin, information, rights, owner, review date);
//! - [`GapLevel::Inconsistency`]: two answers that contradict each other or the GDPR
//!   (sensitive data without an Art. 9(2) exception, a transfer without safeguard…).
//!
//! Transfer checks that need the list of adequate countries live in
//! `register::adequacy`; here a transfer is only checked for a country and a safeguard.
//!
//! # Percentage
//! Every applicable check has a weight: 3 for Mandatory, 2 for WherePossible, 1 for
//! Recommended. An inconsistency weighs 3 and only counts when it is found (a contradiction
//! that is absent is not an item to fill). `percent = ⌊100 × weight of passed checks /
//! weight of all counted checks⌋`, so 100 means « no gap at all », and any gap keeps it
//! below 100. Advice that only exists as a failure (consent asked of employees) counts as a
//! failed check of its level.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{
    ContractStatus, DataCategory, DataOrigin, DataSubjectCategory, LegalBasis, Organisation, Processing,
    ProcessingRole, ProcessingStatus, RecipientKind, Retention, Safeguard, ThirdParty,
};

/// A step of the guided form of an entry, in display order. Gaps are sorted by step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Name, reference, role, joint controllers, department, owner, software, paper; and the
    /// organisation's items the register needs.
    Identity,
    /// Purposes with legal basis and justification.
    Purposes,
    /// Persons concerned.
    Persons,
    /// Data categories, retention, final disposal.
    Data,
    /// Art. 9 data, Art. 10 data, NIR.
    Sensitive,
    /// Origin, collection, information of persons, rights, automated decision.
    Origin,
    Recipients,
    Transfers,
    /// Description, categories, linked measures.
    Security,
    /// Status, DPO notes, next review, public register, large scale, archived.
    Review,
}

impl Step {
    /// Every step, in the order of the form.
    pub const ALL: [Step; 10] = [
        Step::Identity,
        Step::Purposes,
        Step::Persons,
        Step::Data,
        Step::Sensitive,
        Step::Origin,
        Step::Recipients,
        Step::Transfers,
        Step::Security,
        Step::Review,
    ];

    /// Title of the step in the French UI.
    pub fn label_fr(self) -> &'static str {
        match self {
            Step::Identity => "Identification",
            Step::Purposes => "Finalités",
            Step::Persons => "Personnes concernées",
            Step::Data => "Données et durées",
            Step::Sensitive => "Données sensibles",
            Step::Origin => "Origine et droits",
            Step::Recipients => "Destinataires",
            Step::Transfers => "Transferts hors UE",
            Step::Security => "Sécurité",
            Step::Review => "Suivi",
        }
    }

    /// Title of the step in the English UI.
    pub fn label_en(self) -> &'static str {
        match self {
            Step::Identity => "Identification",
            Step::Purposes => "Purposes",
            Step::Persons => "Persons concerned",
            Step::Data => "Data and retention",
            Step::Sensitive => "Sensitive data",
            Step::Origin => "Origin and rights",
            Step::Recipients => "Recipients",
            Step::Transfers => "Transfers outside the EU",
            Step::Security => "Security",
            Step::Review => "Follow-up",
        }
    }
}

/// How serious a gap is. Within a step, gaps are sorted in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GapLevel {
    /// Required by Art. 30(1)(a)–(e).
    Mandatory,
    /// Required « where possible » by Art. 30(1)(f)–(g).
    WherePossible,
    /// Expected by the CNIL or good practice.
    Recommended,
    /// Two answers contradict each other or the GDPR.
    Inconsistency,
}

impl GapLevel {
    /// Label in the French UI.
    pub fn label_fr(self) -> &'static str {
        match self {
            GapLevel::Mandatory => "Obligatoire",
            GapLevel::WherePossible => "Obligatoire si possible",
            GapLevel::Recommended => "Recommandé",
            GapLevel::Inconsistency => "Incohérence",
        }
    }

    /// Label in the English UI.
    pub fn label_en(self) -> &'static str {
        match self {
            GapLevel::Mandatory => "Mandatory",
            GapLevel::WherePossible => "Where possible",
            GapLevel::Recommended => "Recommended",
            GapLevel::Inconsistency => "Inconsistency",
        }
    }

    /// Weight in the percentage (see the module documentation).
    fn weight(self) -> u32 {
        match self {
            GapLevel::Mandatory | GapLevel::Inconsistency => 3,
            GapLevel::WherePossible => 2,
            GapLevel::Recommended => 1,
        }
    }
}

/// One thing the entry lacks or gets wrong, with what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// JSON pointer of the field to fill inside the processing, or `/organisation/…`.
    pub path: String,
    pub step: Step,
    pub level: GapLevel,
    /// Stable machine code, e.g. `purposes_missing`.
    pub code: String,
    /// GDPR article, e.g. `30(1)(b)`, `9(2)`; empty when the item is good practice only.
    pub article: String,
    /// What to do, in plain French.
    pub message_fr: String,
    /// What to do, in English.
    pub message_en: String,
}

/// The completeness of one entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    /// Every gap, sorted by step, then level, then form order.
    pub gaps: Vec<Gap>,
    /// Weighted share of the checks that pass, 0–100 (see the module documentation).
    pub percent: u8,
    pub mandatory_missing: usize,
    pub where_possible_missing: usize,
    pub recommended_missing: usize,
    pub inconsistencies: usize,
    /// No mandatory gap and no inconsistency: the entry may be marked « Complet ».
    pub ready: bool,
}

/// What the checks need besides the entry itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Context<'a> {
    /// The controller (Art. 30(1)(a) items, public body).
    pub organisation: &'a Organisation,
    /// The organisation's third parties, to read the contract status of linked processors.
    pub third_parties: &'a [ThirdParty],
    /// The current date, for the review date (given, not read, so results are reproducible).
    pub today: NaiveDate,
}

/// Collects the checks: the gaps and the weights of passed and counted checks.
struct Audit {
    gaps: Vec<Gap>,
    passed: u32,
    total: u32,
}

/// A gap under construction; `step` is set by the caller.
fn gap(
    step: Step,
    level: GapLevel,
    path: impl Into<String>,
    code: &str,
    article: &str,
    fr: impl Into<String>,
    en: impl Into<String>,
) -> Gap {
    Gap {
        path: path.into(),
        step,
        level,
        code: code.to_string(),
        article: article.to_string(),
        message_fr: fr.into(),
        message_en: en.into(),
    }
}

impl Audit {
    /// Counts a check; keeps `gap` when the check fails. An inconsistency that is absent is
    /// not counted at all.
    fn check(&mut self, ok: bool, gap: Gap) {
        if ok && gap.level == GapLevel::Inconsistency {
            return;
        }
        let w = gap.level.weight();
        self.total += w;
        if ok {
            self.passed += w;
        } else {
            self.gaps.push(gap);
        }
    }

    /// Records a gap that only exists as a failure (advice, contradiction).
    fn flag(&mut self, gap: Gap) {
        self.check(false, gap);
    }

    fn count(&self, level: GapLevel) -> usize {
        self.gaps.iter().filter(|g| g.level == level).count()
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn blank_opt(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(blank)
}

/// A short name for an item in messages: its own text when given, else `fallback`.
fn label_or(text: &str, fallback: &str) -> String {
    let t = text.trim();
    let t = if t.is_empty() { fallback } else { t };
    // Keep messages readable when a description is long.
    let mut short: String = t.chars().take(60).collect();
    if t.chars().count() > 60 {
        short.push('…');
    }
    short
}

/// What an entry still lacks. Pure and deterministic: same entry and context, same result.
pub fn completeness(p: &Processing, ctx: &Context) -> Completeness {
    let mut a = Audit { gaps: Vec::new(), passed: 0, total: 0 };
    identity(&mut a, p, ctx.organisation);
    purposes(&mut a, p, ctx.organisation);
    persons(&mut a, p);
    data(&mut a, p);
    sensitive(&mut a, p);
    origin(&mut a, p);
    recipients(&mut a, p, ctx.third_parties);
    transfers(&mut a, p);
    security(&mut a, p);
    review(&mut a, p, ctx.today);

    // Stable sort: within a step and level, gaps keep the order of the form.
    a.gaps.sort_by_key(|g| (g.step, g.level));
    let percent = if a.total == 0 { 100 } else { (u64::from(a.passed) * 100 / u64::from(a.total)) as u8 };
    let mandatory_missing = a.count(GapLevel::Mandatory);
    let inconsistencies = a.count(GapLevel::Inconsistency);
    Completeness {
        percent,
        mandatory_missing,
        where_possible_missing: a.count(GapLevel::WherePossible),
        recommended_missing: a.count(GapLevel::Recommended),
        inconsistencies,
        ready: mandatory_missing == 0 && inconsistencies == 0,
        gaps: a.gaps,
    }
}

fn identity(a: &mut Audit, p: &Processing, org: &Organisation) {
    use GapLevel::*;
    let s = Step::Identity;
    a.check(
        !blank(&p.name),
        gap(
            s,
            Mandatory,
            "/name",
            "name_missing",
            "30(1)",
            "Donnez un nom au traitement, d'après ce à quoi il sert (par exemple « Gestion de la paie ») \
             plutôt que d'après le logiciel utilisé.",
            "Give the processing a name, after what it is for (e.g. « Payroll ») rather than after the \
             software used.",
        ),
    );
    a.check(
        !blank(&org.legal_name),
        gap(
            s,
            Mandatory,
            "/organisation/legal_name",
            "controller_name_missing",
            "30(1)(a)",
            "Indiquez le nom de l'organisme dans sa fiche : le registre doit nommer le responsable du \
             traitement.",
            "Enter the organisation's name in its profile: the register must name the controller.",
        ),
    );
    let has_contact = !blank_opt(&org.email) || !blank_opt(&org.phone) || !blank(&org.address.city);
    a.check(
        has_contact,
        gap(
            s,
            Mandatory,
            "/organisation/address",
            "controller_contact_missing",
            "30(1)(a)",
            "Complétez les coordonnées de l'organisme (adresse, courriel ou téléphone) dans sa fiche : \
             le registre doit dire comment joindre le responsable du traitement.",
            "Fill in the organisation's contact details (address, e-mail or phone) in its profile: the \
             register must say how to reach the controller.",
        ),
    );
    if org.dpo.designated {
        let d = &org.dpo;
        let named = !d.person.full_name().is_empty() || !blank(&d.organisation_name);
        let reachable = !d.public_contact.is_empty()
            || !blank_opt(&d.private_contact.email)
            || !blank_opt(&d.private_contact.phone)
            || !blank_opt(&d.person.email)
            || !blank_opt(&d.person.phone);
        a.check(
            named && reachable,
            gap(
                s,
                Mandatory,
                "/organisation/dpo",
                "dpo_contact_missing",
                "30(1)(a)",
                "Un délégué à la protection des données est désigné : indiquez son nom et un moyen de le \
                 joindre dans la fiche de l'organisme, ils doivent figurer au registre.",
                "A data protection officer is designated: enter their name and a way to reach them in \
                 the organisation's profile; both must appear in the register.",
            ),
        );
    }
    if p.role == ProcessingRole::JointController {
        a.check(
            !p.joint_controllers.is_empty(),
            gap(
                s,
                Mandatory,
                "/joint_controllers",
                "joint_controllers_missing",
                "30(1)(a)",
                "Le rôle choisi est « responsable conjoint » : nommez l'autre responsable du traitement \
                 avec ses coordonnées, ou changez le rôle si vous décidez seul.",
                "The role chosen is « joint controller »: name the other controller with their contact \
                 details, or change the role if you decide alone.",
            ),
        );
    } else if !p.joint_controllers.is_empty() {
        a.flag(gap(
            s,
            Inconsistency,
            "/role",
            "joint_controllers_without_role",
            "26",
            format!(
                "Des responsables conjoints sont nommés mais le rôle choisi est « {} » : choisissez « {} » \
                 ou retirez-les.",
                p.role.label_fr(),
                ProcessingRole::JointController.label_fr()
            ),
            format!(
                "Joint controllers are named but the role chosen is « {} »: choose « {} » or remove them.",
                p.role.label_en(),
                ProcessingRole::JointController.label_en()
            ),
        ));
    }
    for (i, j) in p.joint_controllers.iter().enumerate() {
        let n = i + 1;
        a.check(
            !blank(&j.name),
            gap(
                s,
                Mandatory,
                format!("/joint_controllers/{i}/name"),
                "joint_controller_name_missing",
                "30(1)(a)",
                format!("Indiquez le nom du responsable conjoint n° {n}."),
                format!("Enter the name of joint controller no. {n}."),
            ),
        );
        let c = &j.contact;
        a.check(
            !blank_opt(&c.email) || !blank_opt(&c.phone) || !c.address.is_empty(),
            gap(
                s,
                Mandatory,
                format!("/joint_controllers/{i}/contact"),
                "joint_controller_contact_missing",
                "30(1)(a)",
                format!(
                    "Indiquez les coordonnées de « {} » (adresse, courriel ou téléphone).",
                    label_or(&j.name, &format!("responsable conjoint n° {n}"))
                ),
                format!(
                    "Enter the contact details of « {} » (address, e-mail or phone).",
                    label_or(&j.name, &format!("joint controller no. {n}"))
                ),
            ),
        );
        a.check(
            !blank(&j.arrangement),
            gap(
                s,
                Recommended,
                format!("/joint_controllers/{i}/arrangement"),
                "joint_arrangement_missing",
                "26(1)",
                format!(
                    "Résumez l'accord passé avec « {} » : qui informe les personnes, qui répond à leurs \
                     demandes.",
                    label_or(&j.name, &format!("responsable conjoint n° {n}"))
                ),
                format!(
                    "Summarise the arrangement with « {} »: who informs people, who answers their requests.",
                    label_or(&j.name, &format!("joint controller no. {n}"))
                ),
            ),
        );
    }
    a.check(
        !blank(&p.owner),
        gap(
            s,
            Recommended,
            "/owner",
            "owner_missing",
            "",
            "Indiquez qui, dans l'organisme, suit ce traitement et tient cette fiche à jour.",
            "Say who in the organisation looks after this processing and keeps this entry up to date.",
        ),
    );
}

fn purposes(a: &mut Audit, p: &Processing, org: &Organisation) {
    use GapLevel::*;
    let s = Step::Purposes;
    a.check(
        !p.purposes.is_empty(),
        gap(
            s,
            Mandatory,
            "/purposes",
            "purposes_missing",
            "30(1)(b)",
            "Indiquez au moins une finalité : à quoi servent les données ?",
            "Enter at least one purpose: what are the data used for?",
        ),
    );
    let employees = p.persons_concerned.iter().any(|c| c.category == DataSubjectCategory::Employees);
    for (i, purpose) in p.purposes.iter().enumerate() {
        let n = i + 1;
        let fr_name = label_or(&purpose.description, &format!("finalité n° {n}"));
        let en_name = label_or(&purpose.description, &format!("purpose no. {n}"));
        a.check(
            !blank(&purpose.description),
            gap(
                s,
                Mandatory,
                format!("/purposes/{i}/description"),
                "purpose_description_missing",
                "30(1)(b)",
                format!("Décrivez la finalité n° {n} en une phrase : ce que vous faites des données."),
                format!("Describe purpose no. {n} in one sentence: what you do with the data."),
            ),
        );
        a.check(
            purpose.legal_basis != LegalBasis::ToDetermine,
            gap(
                s,
                Recommended,
                format!("/purposes/{i}/legal_basis"),
                "legal_basis_missing",
                "6(1)",
                format!(
                    "Choisissez la base légale de « {fr_name} » : contrat, obligation légale, mission \
                     d'intérêt public, intérêt légitime, consentement…"
                ),
                format!(
                    "Choose the legal basis of « {en_name} »: contract, legal obligation, public task, \
                     legitimate interests, consent…"
                ),
            ),
        );
        a.check(
            !blank(&purpose.justification),
            gap(
                s,
                Recommended,
                format!("/purposes/{i}/justification"),
                "legal_basis_justification_missing",
                "6(1)",
                format!(
                    "Expliquez pourquoi cette base légale s'applique à « {fr_name} » : le texte qui vous \
                     oblige, le contrat, l'intérêt poursuivi…"
                ),
                format!(
                    "Explain why this legal basis applies to « {en_name} »: the text that obliges you, the \
                     contract, the interest pursued…"
                ),
            ),
        );
        if org.public_body && purpose.legal_basis == LegalBasis::LegitimateInterests {
            a.flag(gap(
                s,
                Inconsistency,
                format!("/purposes/{i}/legal_basis"),
                "public_body_legitimate_interests",
                "6(1)(f)",
                format!(
                    "Un organisme public ne peut pas invoquer l'intérêt légitime pour ses missions. Une \
                     mairie s'appuie en général sur une obligation légale (art. 6.1 c) ou sur sa mission \
                     d'intérêt public (art. 6.1 e) : choisissez l'une des deux pour « {fr_name} »."
                ),
                format!(
                    "A public body cannot rely on legitimate interests for its tasks. A town hall usually \
                     relies on a legal obligation (Art. 6(1)(c)) or on its public task (Art. 6(1)(e)): \
                     choose one of them for « {en_name} »."
                ),
            ));
        }
        if employees && purpose.legal_basis == LegalBasis::Consent {
            a.flag(gap(
                s,
                Recommended,
                format!("/purposes/{i}/legal_basis"),
                "consent_employees",
                "4(11)",
                format!(
                    "Le consentement d'un salarié à son employeur est rarement libre. Pour « {fr_name} », \
                     voyez si une autre base légale convient (contrat, obligation légale, intérêt \
                     légitime) ; gardez le consentement seulement si le salarié peut refuser sans aucune \
                     conséquence."
                ),
                format!(
                    "An employee's consent to their employer is rarely free. For « {en_name} », see whether \
                     another legal basis fits (contract, legal obligation, legitimate interests); keep \
                     consent only if the employee can refuse without any consequence."
                ),
            ));
        }
    }
    if !p.purposes.is_empty() {
        let mains = p.purposes.iter().filter(|x| x.is_main).count();
        let (code, fr, en) = if mains == 0 {
            (
                "main_purpose_missing",
                "Cochez la finalité principale : celle pour laquelle le traitement existe, les autres en \
                 découlent.",
                "Tick the main purpose: the one the processing exists for; the others follow from it.",
            )
        } else {
            (
                "main_purpose_several",
                "Plusieurs finalités sont cochées comme principales : n'en gardez qu'une, les autres sont \
                 des sous-finalités.",
                "Several purposes are ticked as main: keep only one, the others are sub-purposes.",
            )
        };
        a.check(mains == 1, gap(s, Recommended, "/purposes", code, "", fr, en));
    }
}

fn persons(a: &mut Audit, p: &Processing) {
    use GapLevel::*;
    let s = Step::Persons;
    a.check(
        !p.persons_concerned.is_empty(),
        gap(
            s,
            Mandatory,
            "/persons_concerned",
            "persons_missing",
            "30(1)(c)",
            "Indiquez qui sont les personnes dont vous traitez les données (salariés, clients, \
             habitants…).",
            "Say whose data you process (employees, customers, residents…).",
        ),
    );
    for (i, c) in p.persons_concerned.iter().enumerate() {
        if c.category == DataSubjectCategory::Other {
            a.check(
                !blank(&c.details),
                gap(
                    s,
                    Recommended,
                    format!("/persons_concerned/{i}/details"),
                    "persons_other_details_missing",
                    "30(1)(c)",
                    "Précisez qui sont les personnes de la catégorie « Autres ».",
                    "Say who the persons in the « Other » category are.",
                ),
            );
        }
    }
}

/// The checks of one retention period at `path`, for the data called `fr`/`en`.
fn retention_checks(a: &mut Audit, step: Step, path: &str, retention: &Option<Retention>, fr: &str, en: &str) {
    use GapLevel::*;
    a.check(
        retention.is_some(),
        gap(
            step,
            WherePossible,
            path,
            "retention_missing",
            "30(1)(f)",
            format!(
                "Indiquez combien de temps vous gardez « {fr} », ou le critère qui fixe cette durée (par \
                 exemple « 3 ans après la fin du contrat »)."
            ),
            format!(
                "Say how long you keep « {en} », or the criterion that sets the period (e.g. « 3 years after \
                 the end of the contract »)."
            ),
        ),
    );
    match retention {
        Some(r @ Retention::Duration { starting_point, .. }) => a.check(
            !blank(starting_point),
            gap(
                step,
                WherePossible,
                format!("{path}/starting_point"),
                "retention_starting_point_missing",
                "30(1)(f)",
                format!(
                    "Précisez à partir de quand court la durée de {} pour « {fr} » (par exemple « à compter \
                     de la fin du contrat ») : sans point de départ, personne ne sait quand effacer.",
                    r.to_french()
                ),
                format!(
                    "Say when the {} period for « {en} » starts (e.g. « from the end of the contract »): \
                     without a starting point, nobody knows when to erase.",
                    r.to_english()
                ),
            ),
        ),
        Some(Retention::Criterion { criterion, .. }) => a.check(
            !blank(criterion),
            gap(
                step,
                WherePossible,
                format!("{path}/criterion"),
                "retention_criterion_missing",
                "30(1)(f)",
                format!("Décrivez le critère qui fixe la durée de conservation de « {fr} »."),
                format!("Describe the criterion that sets the retention period of « {en} »."),
            ),
        ),
        None => {}
    }
}

fn data(a: &mut Audit, p: &Processing) {
    use GapLevel::*;
    let s = Step::Data;
    a.check(
        !p.data_categories.is_empty(),
        gap(
            s,
            Mandatory,
            "/data_categories",
            "data_categories_missing",
            "30(1)(c)",
            "Indiquez quelles données vous utilisez (identité, vie professionnelle, données bancaires…).",
            "Say which data you use (identity, professional life, bank details…).",
        ),
    );
    for (i, d) in p.data_categories.iter().enumerate() {
        let fr = label_or(&d.description, d.category.label_fr());
        let en = label_or(&d.description, d.category.label_en());
        retention_checks(a, s, &format!("/data_categories/{i}/retention"), &d.retention, &fr, &en);
        a.check(
            d.final_disposal != crate::model::FinalDisposal::NotDetermined,
            gap(
                s,
                Recommended,
                format!("/data_categories/{i}/final_disposal"),
                "final_disposal_missing",
                "",
                format!(
                    "Indiquez ce que deviennent « {fr} » à la fin de la durée de conservation : destruction, \
                     archivage…"
                ),
                format!("Say what happens to « {en} » at the end of the retention period: destruction, archiving…"),
            ),
        );
    }
    let nir_listed = p.data_categories.iter().any(|d| d.category == DataCategory::Nir);
    if p.nir_used && !nir_listed {
        a.flag(gap(
            s,
            Recommended,
            "/data_categories",
            "nir_category_missing",
            "30(1)(c)",
            format!(
                "Vous utilisez le numéro de sécurité sociale : ajoutez « {} » aux catégories de données, avec \
                 sa durée de conservation.",
                DataCategory::Nir.label_fr()
            ),
            format!(
                "You use the social security number: add « {} » to the data categories, with its retention \
                 period.",
                DataCategory::Nir.label_en()
            ),
        ));
    }
}

fn sensitive(a: &mut Audit, p: &Processing) {
    use GapLevel::*;
    let s = Step::Sensitive;
    for (i, d) in p.sensitive_data.iter().enumerate() {
        a.check(
            d.exception.is_some(),
            gap(
                s,
                Inconsistency,
                format!("/sensitive_data/{i}/exception"),
                "sensitive_without_exception",
                "9(2)",
                format!(
                    "Les données « {} » sont interdites sauf exception : choisissez l'exception de \
                     l'article 9.2 qui s'applique (obligation du droit du travail, consentement explicite…). \
                     Si aucune ne s'applique, ne collectez pas ces données.",
                    d.category.label_fr()
                ),
                format!(
                    "« {} » data are forbidden unless an exception applies: choose the Art. 9(2) exception \
                     you rely on (employment law duty, explicit consent…). If none applies, do not collect \
                     these data.",
                    d.category.label_en()
                ),
            ),
        );
        let fr = label_or(&d.description, d.category.label_fr());
        let en = label_or(&d.description, d.category.label_en());
        retention_checks(a, s, &format!("/sensitive_data/{i}/retention"), &d.retention, &fr, &en);
    }
    if let Some(c) = &p.criminal_data {
        a.check(
            !blank(&c.legal_ground),
            gap(
                s,
                Inconsistency,
                "/criminal_data/legal_ground",
                "criminal_without_ground",
                "10",
                "Les données d'infraction ne peuvent être traitées que sous le contrôle de l'autorité \
                 publique ou si un texte le permet : indiquez ce texte, ou retirez ces données.",
                "Offence data may only be processed under the control of an official authority or when a \
                 law allows it: name that law, or remove these data.",
            ),
        );
        let fr = label_or(&c.description, "données d'infraction");
        let en = label_or(&c.description, "offence data");
        retention_checks(a, s, "/criminal_data/retention", &c.retention, &fr, &en);
    }
    let nir_listed = p.data_categories.iter().any(|d| d.category == DataCategory::Nir);
    if nir_listed && !p.nir_used {
        a.flag(gap(
            s,
            Inconsistency,
            "/nir_used",
            "nir_not_declared",
            "87",
            "Le numéro de sécurité sociale figure dans les données mais « Utilisation du NIR » n'est pas \
             coché : cochez-le et indiquez le texte qui vous autorise à l'utiliser.",
            "The social security number is among the data but « Use of the NIR » is not ticked: tick it \
             and name the text that allows you to use it.",
        ));
    }
    if p.nir_used {
        a.check(
            !blank(&p.nir_justification),
            gap(
                s,
                Inconsistency,
                "/nir_justification",
                "nir_without_justification",
                "87",
                "Le numéro de sécurité sociale ne s'utilise que dans les cas prévus par un texte \
                 (déclarations sociales, santé…) : indiquez ce texte, ou cessez de l'utiliser.",
                "The social security number may only be used where a text provides for it (social \
                 declarations, health…): name that text, or stop using it.",
            ),
        );
    }
}

fn origin(a: &mut Audit, p: &Processing) {
    use GapLevel::*;
    let s = Step::Origin;
    a.check(
        !p.data_origins.is_empty(),
        gap(
            s,
            Recommended,
            "/data_origins",
            "data_origin_missing",
            "",
            "Indiquez d'où viennent les données : de la personne elle-même, d'un tiers, d'une source \
             publique ?",
            "Say where the data come from: the person, a third party, a public source?",
        ),
    );
    // Art. 13 when data are collected from the person, Art. 14 when they come from elsewhere.
    let indirect_only = !p.data_origins.is_empty() && !p.data_origins.contains(&DataOrigin::DataSubject);
    a.check(
        !blank(&p.information_of_persons),
        gap(
            s,
            Recommended,
            "/information_of_persons",
            "information_missing",
            if indirect_only { "14" } else { "13" },
            "Indiquez comment les personnes sont informées de ce traitement (mention sur le formulaire, \
             note remise, affiche…).",
            "Say how people are told about this processing (notice on the form, leaflet, sign…).",
        ),
    );
    a.check(
        !blank(&p.rights_exercise),
        gap(
            s,
            Recommended,
            "/rights_exercise",
            "rights_exercise_missing",
            "12",
            "Indiquez comment les personnes exercent leurs droits (accès, rectification, effacement…) : \
             à qui écrire, et dans quel délai vous répondez.",
            "Say how people exercise their rights (access, rectification, erasure…): whom to write to, and \
             how soon you answer.",
        ),
    );
    if p.automated_decision {
        a.check(
            !blank(&p.automated_decision_details),
            gap(
                s,
                Inconsistency,
                "/automated_decision_details",
                "automated_decision_without_details",
                "22",
                "Une décision automatisée est indiquée : décrivez-la (ce qui est décidé, sur quels critères, \
                 comment la personne obtient qu'un humain réexamine son cas), ou décochez la case si \
                 aucune décision n'est prise sans intervention humaine.",
                "An automated decision is indicated: describe it (what is decided, on which criteria, how the \
                 person gets a human to review it), or untick the box if no decision is taken without human \
                 involvement.",
            ),
        );
    }
}

fn recipients(a: &mut Audit, p: &Processing, third_parties: &[ThirdParty]) {
    use GapLevel::*;
    let s = Step::Recipients;
    a.check(
        !p.recipients.is_empty(),
        gap(
            s,
            Mandatory,
            "/recipients",
            "recipients_missing",
            "30(1)(d)",
            "Indiquez qui reçoit ou consulte les données, y compris vos propres services et vos \
             prestataires (cabinet comptable, hébergeur…).",
            "Say who receives or sees the data, including your own departments and your providers \
             (accountant, host…).",
        ),
    );
    for (i, r) in p.recipients.iter().enumerate() {
        let n = i + 1;
        a.check(
            !blank(&r.label) || r.third_party.is_some(),
            gap(
                s,
                Recommended,
                format!("/recipients/{i}/label"),
                "recipient_unnamed",
                "30(1)(d)",
                format!("Précisez qui est le destinataire n° {n} ({}).", r.kind.label_fr()),
                format!("Say who recipient no. {n} ({}) is.", r.kind.label_en()),
            ),
        );
        if r.kind != RecipientKind::Processor {
            continue;
        }
        // A dangling link is reported by the bundle's validation, not here.
        let Some(tp) = r.third_party.and_then(|id| third_parties.iter().find(|t| t.id == id)) else {
            continue;
        };
        let name = label_or(&tp.name, "ce prestataire");
        let path = format!("/recipients/{i}/third_party");
        match tp.contract_status {
            Some(ContractStatus::NoContract) => a.flag(gap(
                s,
                Inconsistency,
                path,
                "processor_without_contract",
                "28(3)",
                format!(
                    "« {name} » traite les données pour votre compte mais aucun contrat n'est signé avec \
                     lui : faites signer un contrat avec les clauses de l'article 28, ou changez de \
                     prestataire."
                ),
                format!(
                    "« {name} » processes the data on your behalf but no contract is signed with it: have a \
                     contract with the Art. 28 clauses signed, or change provider."
                ),
            )),
            Some(ContractStatus::ToReview) => a.flag(gap(
                s,
                Recommended,
                path,
                "processor_contract_to_review",
                "28(3)",
                format!(
                    "Le contrat avec « {name} » est à revoir : vérifiez qu'il contient les clauses de \
                     l'article 28 (instructions, confidentialité, sécurité, sort des données à la fin)."
                ),
                format!(
                    "The contract with « {name} » is to be reviewed: check that it has the Art. 28 clauses \
                     (instructions, confidentiality, security, what happens to the data at the end)."
                ),
            )),
            Some(ContractStatus::Art28Signed) => a.check(true, gap(s, Recommended, path, "", "", "", "")),
            Some(ContractStatus::NotApplicable) | None => a.flag(gap(
                s,
                Recommended,
                path,
                "processor_contract_unknown",
                "28(3)",
                format!(
                    "Indiquez dans la fiche de « {name} » où en est le contrat de sous-traitance : ce \
                     prestataire traite les données pour votre compte."
                ),
                format!(
                    "Record in the profile of « {name} » where the processor contract stands: this provider \
                     processes the data on your behalf."
                ),
            )),
        }
    }
    if p.transfers.is_empty() && p.recipients.iter().any(|r| r.kind == RecipientKind::ThirdCountry) {
        a.flag(gap(
            Step::Transfers,
            Inconsistency,
            "/transfers",
            "third_country_recipient_without_transfer",
            "30(1)(e)",
            "Un destinataire est situé hors de l'Union européenne mais aucun transfert n'est indiqué : \
             décrivez ce transfert (pays, garantie).",
            "A recipient is outside the European Union but no transfer is recorded: describe this transfer \
             (country, safeguard).",
        ));
    }
}

fn transfers(a: &mut Audit, p: &Processing) {
    use GapLevel::*;
    let s = Step::Transfers;
    for (i, t) in p.transfers.iter().enumerate() {
        let n = i + 1;
        let country = t.country.trim();
        let (where_fr, where_en) = if country.is_empty() {
            ("ce pays".to_string(), "this country".to_string())
        } else {
            (country.to_string(), country.to_string())
        };
        a.check(
            !country.is_empty(),
            gap(
                s,
                Mandatory,
                format!("/transfers/{i}/country"),
                "transfer_country_missing",
                "30(1)(e)",
                format!("Indiquez vers quel pays partent les données (transfert n° {n})."),
                format!("Say to which country the data go (transfer no. {n})."),
            ),
        );
        a.check(
            !blank(&t.recipient),
            gap(
                s,
                Recommended,
                format!("/transfers/{i}/recipient"),
                "transfer_recipient_missing",
                "30(1)(e)",
                format!("Indiquez qui reçoit les données dans {where_fr} (transfert n° {n})."),
                format!("Say who receives the data in {where_en} (transfer no. {n})."),
            ),
        );
        a.check(
            t.safeguard.is_some(),
            gap(
                s,
                Mandatory,
                format!("/transfers/{i}/safeguard"),
                "transfer_safeguard_missing",
                "30(1)(e)",
                format!(
                    "Indiquez sur quelle garantie repose le transfert vers {where_fr} : décision \
                     d'adéquation, clauses contractuelles types…"
                ),
                format!(
                    "Say which safeguard the transfer to {where_en} rests on: adequacy decision, standard \
                     contractual clauses…"
                ),
            ),
        );
        if t.safeguard == Some(Safeguard::NoSafeguard) {
            a.flag(gap(
                s,
                Inconsistency,
                format!("/transfers/{i}/safeguard"),
                "transfer_without_safeguard",
                "44",
                format!(
                    "Le transfert vers {where_fr} n'a aucune garantie : il n'est pas permis en l'état. \
                     Signez des clauses contractuelles types (souvent proposées par le prestataire) ou \
                     choisissez un prestataire qui garde les données dans l'Union européenne."
                ),
                format!(
                    "The transfer to {where_en} has no safeguard: it is not allowed as it stands. Sign \
                     standard contractual clauses (often offered by the provider) or choose a provider that \
                     keeps the data in the European Union."
                ),
            ));
        }
    }
}

fn security(a: &mut Audit, p: &Processing) {
    a.check(
        !blank(&p.security.description) || !p.security.categories.is_empty(),
        gap(
            Step::Security,
            GapLevel::WherePossible,
            "/security/description",
            "security_missing",
            "30(1)(g)",
            "Décrivez en quelques mots comment les données sont protégées (mots de passe, sauvegardes, \
             armoire fermée à clé…) ou cochez au moins une catégorie de mesures.",
            "Describe in a few words how the data are protected (passwords, backups, locked cabinet…) or \
             tick at least one category of measures.",
        ),
    );
}

fn review(a: &mut Audit, p: &Processing, today: NaiveDate) {
    use GapLevel::*;
    let s = Step::Review;
    let g = match p.next_review {
        None => gap(
            s,
            Recommended,
            "/next_review",
            "next_review_missing",
            "",
            "Choisissez une date pour relire cette fiche (par exemple dans un an) : le registre doit rester \
             à jour.",
            "Choose a date to read this entry again (e.g. in a year): the register must stay up to date.",
        ),
        Some(d) => gap(
            s,
            Recommended,
            "/next_review",
            "review_overdue",
            "",
            format!(
                "La relecture prévue le {} est dépassée : relisez la fiche, mettez-la à jour et fixez la \
                 prochaine date.",
                d.format("%d/%m/%Y")
            ),
            format!(
                "The review planned for {} is overdue: read the entry again, update it and set the next date.",
                d.format("%Y-%m-%d")
            ),
        ),
    };
    a.check(p.next_review.is_some_and(|d| d >= today), g);

    // Must come last: it looks at the mandatory gaps found so far.
    if a.count(Mandatory) > 0 {
        match p.status {
            ProcessingStatus::ValidatedByDpo => a.flag(gap(
                s,
                Inconsistency,
                "/status",
                "validated_while_incomplete",
                "30(1)",
                "La fiche est marquée « Validé par le DPO » alors qu'il manque des informations \
                 obligatoires : complétez-les, puis faites-la valider à nouveau.",
                "The entry is marked « Validated by the DPO » but mandatory information is missing: fill it \
                 in, then have the entry validated again.",
            )),
            ProcessingStatus::Complete => a.flag(gap(
                s,
                Inconsistency,
                "/status",
                "complete_while_incomplete",
                "30(1)",
                "La fiche est marquée « Complet » alors qu'il manque des informations obligatoires : \
                 complétez-les ou repassez-la en brouillon.",
                "The entry is marked « Complete » but mandatory information is missing: fill it in or set it \
                 back to draft.",
            )),
            ProcessingStatus::Draft => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        DataCategoryEntry, FinalDisposal, PersonsConcerned, Purpose, Recipient, SensitiveData, SpecialCategory,
        TimeUnit, Transfer,
    };

    fn org() -> Organisation {
        let mut o = Organisation::new("Boulangerie Martin");
        o.email = Some("contact@boulangerie.fr".into());
        o
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    fn run(p: &Processing, o: &Organisation) -> Completeness {
        completeness(p, &Context { organisation: o, third_parties: &[], today: today() })
    }

    fn codes(c: &Completeness) -> Vec<&str> {
        c.gaps.iter().map(|g| g.code.as_str()).collect()
    }

    /// A small entry with every check passing.
    fn full() -> Processing {
        let mut p = Processing::new("Gestion des clients");
        p.owner = "Gérante".into();
        p.purposes.push(Purpose {
            description: "Prendre et facturer les commandes".into(),
            is_main: true,
            legal_basis: LegalBasis::Contract,
            justification: "Contrat de vente".into(),
        });
        p.persons_concerned.push(PersonsConcerned {
            category: DataSubjectCategory::Customers,
            details: String::new(),
            approximate_number: None,
            vulnerable: false,
        });
        p.data_categories.push(DataCategoryEntry {
            category: DataCategory::Identity,
            description: "Nom, adresse".into(),
            retention: Some(Retention::Duration {
                amount: 5,
                unit: TimeUnit::Years,
                starting_point: "à compter de la fin du contrat".into(),
                legal_source: "C. civ. 2224".into(),
            }),
            final_disposal: FinalDisposal::Destruction,
        });
        p.data_origins.push(DataOrigin::DataSubject);
        p.information_of_persons = "Mention sur le bon de commande".into();
        p.rights_exercise = "Écrire à la gérante".into();
        p.recipients.push(Recipient {
            kind: RecipientKind::InternalService,
            label: "Vente".into(),
            third_party: None,
            details: String::new(),
        });
        p.security.description = "Mot de passe".into();
        p.next_review = NaiveDate::from_ymd_opt(2027, 1, 1);
        p
    }

    #[test]
    fn full_entry_is_ready_at_100() {
        let c = run(&full(), &org());
        assert_eq!(codes(&c), Vec::<&str>::new());
        assert_eq!(c.percent, 100);
        assert!(c.ready);
    }

    #[test]
    fn empty_entry_lists_mandatory_items_in_step_order() {
        let c = run(&Processing::new(""), &Organisation::new(""));
        assert!(!c.ready);
        assert_eq!(c.mandatory_missing, 7, "{:#?}", codes(&c));
        let steps: Vec<Step> = c.gaps.iter().map(|g| g.step).collect();
        let mut sorted = steps.clone();
        sorted.sort();
        assert_eq!(steps, sorted);
        assert_eq!(c.gaps[0].path, "/name");
        assert_eq!(c.percent, 0, "nothing passes");
    }

    #[test]
    fn one_gap_lowers_percent_below_100() {
        let mut p = full();
        p.owner.clear();
        let c = run(&p, &org());
        assert_eq!(codes(&c), ["owner_missing"]);
        assert!(c.percent < 100 && c.percent >= 90, "{}", c.percent);
        assert!(c.ready, "a recommendation does not block");
    }

    #[test]
    fn review_date_in_the_past_is_overdue() {
        let mut p = full();
        p.next_review = NaiveDate::from_ymd_opt(2026, 5, 31);
        let c = run(&p, &org());
        assert_eq!(codes(&c), ["review_overdue"]);
        assert!(c.gaps[0].message_fr.contains("31/05/2026"));
        p.next_review = Some(today());
        assert!(run(&p, &org()).gaps.is_empty(), "due today is not overdue");
    }

    #[test]
    fn sensitive_data_needs_an_exception() {
        let mut p = full();
        p.sensitive_data.push(SensitiveData {
            category: SpecialCategory::Health,
            exception: None,
            description: String::new(),
            retention: None,
        });
        let c = run(&p, &org());
        assert_eq!(codes(&c), ["retention_missing", "sensitive_without_exception"]);
        assert_eq!(c.gaps[1].path, "/sensitive_data/0/exception");
        assert_eq!(c.gaps[1].article, "9(2)");
        assert!(!c.ready);
    }

    #[test]
    fn transfers_split_missing_and_none() {
        let mut p = full();
        p.transfers.push(Transfer { recipient: "Hébergeur".into(), country: "US".into(), ..Transfer::default() });
        let c = run(&p, &org());
        assert_eq!(codes(&c), ["transfer_safeguard_missing"]);
        p.transfers[0].safeguard = Some(Safeguard::NoSafeguard);
        let c = run(&p, &org());
        assert_eq!(codes(&c), ["transfer_without_safeguard"]);
        assert_eq!(c.gaps[0].level, GapLevel::Inconsistency);
    }

    #[test]
    fn serde_shape_is_snake_case() {
        let j = serde_json::to_value(run(&Processing::new(""), &org())).unwrap_or_default();
        assert_eq!(j["gaps"][0]["step"], "identity");
        assert_eq!(j["gaps"][0]["level"], "mandatory");
        assert_eq!(serde_json::to_value(GapLevel::WherePossible).unwrap_or_default(), "where_possible");
    }
}
