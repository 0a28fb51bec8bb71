//! The DPO designation sheet « Fiche de désignation du DPO » (GDPR Arts. 37–39): every piece
//! of information the CNIL's online designation service asks for, taken from the
//! organisation's profile, in the order of the service, each value checked (SIREN key,
//! e-mail, phone, postcode) and marked when it is missing; with the DPO obligation check
//! of the register ([`dpo_required`]) and the three conditions the CNIL asks to check
//! before filling in the form (skills, means, independence).
//!
//! The sheet is what the window shows (one copy button per value) and what the PDF
//! ([`crate::documents::dpo_pdf`]) prints. Greffier never goes online: the user copies the
//! values into the service.
//!
//! The list of fields comes from third-party guides, not from the CNIL form itself, which
//! could not be read (`shared/reference/cnil-domain.md` §4.1): the sheet says so
//! ([`SOURCE_NOTE_FR`]). Item keys are JSON pointers into [`Organisation`], so the window can
//! send the user to the field to fill.

use serde::{Deserialize, Serialize};

use crate::model::validate::{normalize_digits, normalize_naf};
use crate::model::{
    Civility, Contact, ContactChannels, DpoKind, DpoPersonType, Organisation, Person, PostalAddress, Problem,
    Processing,
};
use crate::register::obligations::{dpo_required, Verdict};

/// Where the list of fields comes from, shown on the sheet and on the PDF.
pub const SOURCE_NOTE_FR: &str = "Liste établie d'après des guides publiés par des tiers, le formulaire de la CNIL \
                                  n'ayant pas pu être consulté : à vérifier sur le téléservice de désignation.";
pub const SOURCE_NOTE_EN: &str = "List drawn up from guides published by third parties, as the CNIL form itself \
                                  could not be read: to be checked on the designation online service.";

/// One value to give to the designation service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// JSON pointer of the field in the organisation (`/siren`, `/dpo/person/last_name`).
    pub key: String,
    pub label_fr: String,
    pub label_en: String,
    /// The value as it is to be typed in the service (SIREN without spaces, labels of
    /// choices); empty when not filled in.
    pub value: String,
    /// The service asks for it (here, for this organisation): an empty value is missing.
    pub required: bool,
    /// Required and not filled in.
    pub missing: bool,
    /// Why the value is wrong (SIREN key, e-mail…), when it is.
    pub problem_fr: Option<String>,
    pub problem_en: Option<String>,
    /// A text value the user copies (not a choice made by ticking in the form).
    pub copyable: bool,
    /// Something to know about this field (e.g. « à vérifier »).
    pub hint_fr: Option<String>,
    pub hint_en: Option<String>,
}

/// A part of the designation service, with its values in the service's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable key: `organisation`, `legal_representative`, `cnil_contact`, `dpo`,
    /// `dpo_public_contact`, `dpo_organisation`.
    pub key: String,
    pub title_fr: String,
    pub title_en: String,
    /// What to know about the whole part (e.g. « sans objet » for an internal DPO).
    pub note_fr: Option<String>,
    pub note_en: Option<String>,
    /// False when the part does not concern this organisation (the external DPO's body
    /// for an internal DPO): its items are then neither required nor printed.
    pub applies: bool,
    pub items: Vec<Item>,
}

/// One of the conditions the CNIL asks to check before designating « Conditions ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// `skills`, `means`, `independence`.
    pub key: String,
    pub label_fr: String,
    pub label_en: String,
    pub help_fr: String,
    pub help_en: String,
}

/// Everything needed to fill in the CNIL designation service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignationSheet {
    pub sections: Vec<Section>,
    /// Required values not filled in.
    pub missing: usize,
    /// Values filled in but wrong.
    pub invalid: usize,
    /// Is a DPO required (Art. 37(1))? With its reasons.
    pub obligation: Verdict,
    /// Skills, means, independence: to check before the form.
    pub conditions: Vec<Condition>,
    /// The DPO is marked as designated in the profile.
    pub designated: bool,
    pub source_note_fr: String,
    pub source_note_en: String,
}

impl DesignationSheet {
    /// Every item, section after section.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.items.iter())
    }

    /// The item with JSON pointer `key`.
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items().find(|i| i.key == key)
    }

    /// Nothing missing, nothing wrong: ready to be copied into the service.
    pub fn ready(&self) -> bool {
        self.missing == 0 && self.invalid == 0
    }
}

/// Builds items, looking up the organisation's problems by path.
struct Builder<'a> {
    problems: &'a [Problem],
}

impl Builder<'_> {
    fn item(&self, key: &str, label_fr: &str, label_en: &str, value: String, required: bool, copyable: bool) -> Item {
        let value = value.trim().to_string();
        let under = format!("{key}/");
        let problem = self.problems.iter().find(|p| p.path == key || p.path.starts_with(&under));
        Item {
            key: key.to_string(),
            label_fr: label_fr.to_string(),
            label_en: label_en.to_string(),
            missing: required && value.is_empty(),
            value,
            required,
            problem_fr: problem.map(|p| p.message_fr.clone()),
            problem_en: problem.map(|p| p.message_en.clone()),
            copyable,
            hint_fr: None,
            hint_en: None,
        }
    }

    fn person(&self, prefix: &str, p: &Person, email_required: bool, role: bool) -> Vec<Item> {
        let k = |s: &str| format!("{prefix}/{s}");
        let mut items = vec![
            self.item(
                &k("civility"),
                "Civilité",
                "Civility",
                p.civility.map(Civility::label_fr).unwrap_or("").into(),
                false,
                false,
            ),
            self.item(&k("last_name"), "Nom", "Last name", p.last_name.clone(), true, true),
            self.item(&k("first_name"), "Prénom", "First name", p.first_name.clone(), true, true),
        ];
        if role {
            items.push(self.item(&k("role"), "Fonction", "Position", p.role.clone(), false, true));
        }
        items.push(self.item(&k("email"), "Courriel", "E-mail", opt(&p.email), email_required, true));
        items.push(self.item(&k("phone"), "Téléphone", "Phone", opt(&p.phone), false, true));
        items
    }

    /// Street lines, postcode, town, country of `a`; `required` for the whole address.
    /// When any part is given, the street, postcode and town are all needed.
    fn address(&self, prefix: &str, a: &PostalAddress, required: bool, what_fr: &str, what_en: &str) -> Vec<Item> {
        let need = required || !a.is_empty();
        let k = |s: &str| format!("{prefix}/{s}");
        let lines: Vec<&str> = a.lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
        let country = match a.country.trim() {
            "FR" | "" => "France".to_string(),
            c => c.to_string(),
        };
        vec![
            self.item(
                &k("lines"),
                &format!("{what_fr} (numéro et voie)"),
                &format!("{what_en} (street)"),
                lines.join("\n"),
                need,
                true,
            ),
            self.item(&k("postcode"), "Code postal", "Postcode", a.postcode.clone(), need, true),
            self.item(&k("city"), "Ville", "Town", a.city.clone(), need, true),
            self.item(
                &k("country"),
                "Pays",
                "Country",
                if a.is_empty() { String::new() } else { country },
                false,
                true,
            ),
        ]
    }
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().unwrap_or("").trim().to_string()
}

/// A SIREN or SIRET as typed in the service: digits without spaces when it is well formed,
/// else as the user wrote it (so that the wrong value can be found).
fn digits(v: &Option<String>, ok: fn(&str) -> crate::model::validate::Check) -> String {
    match v.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() && ok(s).is_ok() => normalize_digits(s),
        Some(s) => s.to_string(),
        None => String::new(),
    }
}

fn section(key: &str, title_fr: &str, title_en: &str, items: Vec<Item>) -> Section {
    Section {
        key: key.to_string(),
        title_fr: title_fr.to_string(),
        title_en: title_en.to_string(),
        note_fr: None,
        note_en: None,
        applies: true,
        items,
    }
}

/// The three conditions, in our words (GDPR Arts. 37(5), 38; CNIL's questions before the
/// designation form).
pub fn conditions() -> Vec<Condition> {
    let c = |key: &str, label_fr: &str, label_en: &str, help_fr: &str, help_en: &str| Condition {
        key: key.to_string(),
        label_fr: label_fr.to_string(),
        label_en: label_en.to_string(),
        help_fr: help_fr.to_string(),
        help_en: help_en.to_string(),
    };
    vec![
        c(
            "skills",
            "Les compétences",
            "Skills",
            "Le délégué connaît le droit et la pratique de la protection des données ; il comprend le secteur \
             d'activité, le fonctionnement de l'organisme et ses systèmes d'information.",
            "The DPO knows data protection law and practice, and understands the sector, how the organisation \
             works and its information systems.",
        ),
        c(
            "means",
            "Les moyens",
            "Means",
            "Il a le temps, les ressources, l'accès aux informations et la formation dont il a besoin ; il est \
             associé dès le départ à toutes les questions de données personnelles et les personnes concernées \
             peuvent le joindre facilement.",
            "The DPO has the time, resources, access to information and training needed; is involved from the \
             start in every personal data question, and data subjects can reach them easily.",
        ),
        c(
            "independence",
            "L'indépendance",
            "Independence",
            "Il ne reçoit aucune instruction pour ses missions, ne peut être sanctionné pour les avoir exercées, \
             rend compte au plus haut niveau de la direction et n'a pas de conflit d'intérêts (il ne décide pas \
             lui-même des finalités et des moyens des traitements).",
            "The DPO takes no instructions on their tasks, cannot be penalised for performing them, reports to \
             the highest management level and has no conflict of interest (does not decide the purposes and \
             means of processing).",
        ),
    ]
}

/// The profile names a DPO: marked as designated, or at least with a name.
pub fn dpo_named(org: &Organisation) -> bool {
    org.dpo.designated || !org.dpo.person.last_name.trim().is_empty()
}

/// The designation sheet of `org`, in the order of the CNIL designation service:
/// organisation, legal representative, contact for the CNIL, the DPO (type, identity,
/// private contact details), the DPO's public contact channels, the external DPO's body.
/// `processings` feed the obligation check (Art. 37(1)).
pub fn designation_sheet(org: &Organisation, processings: &[Processing]) -> DesignationSheet {
    let problems = org.validate();
    let b = Builder { problems: &problems };
    let mut sections = Vec::new();

    // 1. The organisation that designates.
    let public = if org.public_body {
        match org.public_body_kind {
            Some(k) => format!("Public — {}", k.label_fr()),
            None => "Public".to_string(),
        }
    } else {
        "Privé".to_string()
    };
    let mut items = vec![
        b.item("/siren", "Numéro SIREN", "SIREN number", digits(&org.siren, crate::model::validate::siren), true, true),
        b.item(
            "/siret",
            "SIRET du siège",
            "Head-office SIRET",
            digits(&org.siret, crate::model::validate::siret),
            false,
            true,
        ),
        b.item("/legal_name", "Raison sociale / dénomination", "Legal name", org.legal_name.clone(), true, true),
    ];
    items.extend(b.address("/address", &org.address, true, "Adresse", "Address"));
    let naf = match org.naf.as_deref() {
        Some(n) => normalize_naf(n).unwrap_or_else(|| n.to_string()),
        None => String::new(),
    };
    items.push(b.item("/naf", "Code NAF / APE", "NAF / APE code", naf, true, true));
    items.push(b.item("/sector", "Secteur d'activité", "Sector of activity", org.sector.clone(), true, true));
    let mut status =
        b.item("/public_body", "Organisme public ou privé", "Public or private body", public, false, false);
    status.hint_fr =
        Some("À vérifier : le téléservice peut déduire ce statut du SIREN plutôt que de le demander.".to_string());
    status.hint_en =
        Some("To be checked: the online service may derive this status from the SIREN rather than ask for it.".into());
    items.push(status);
    let headcount = org.headcount.map(|h| h.label_fr()).unwrap_or("");
    items.push(b.item("/headcount", "Effectif", "Headcount", headcount.to_string(), true, false));
    sections.push(section("organisation", "Organisme qui désigne", "Designating organisation", items));

    // 2. Legal representative.
    sections.push(section(
        "legal_representative",
        "Représentant légal",
        "Legal representative",
        b.person("/legal_representative", &org.legal_representative, true, true),
    ));

    // 3. The person the CNIL contacts about the designation.
    let mut cnil = section(
        "cnil_contact",
        "Personne à contacter par la CNIL",
        "Contact person for the CNIL",
        b.person("/cnil_contact", &org.cnil_contact, true, true),
    );
    cnil.note_fr = Some("La personne que la CNIL peut joindre au sujet de cette désignation.".to_string());
    cnil.note_en = Some("The person the CNIL may contact about this designation.".to_string());
    sections.push(cnil);

    // 4. The DPO: type, identity, private contact details.
    let dpo = &org.dpo;
    let mut items = vec![
        b.item(
            "/dpo/kind",
            "DPO interne, externe ou mutualisé",
            "Internal, external or shared DPO",
            dpo.kind.map(DpoKind::label_fr).unwrap_or("").to_string(),
            true,
            false,
        ),
        b.item(
            "/dpo/person_type",
            "Personne physique ou morale",
            "Natural or legal person",
            dpo.person_type.map(DpoPersonType::label_fr).unwrap_or("").to_string(),
            true,
            false,
        ),
    ];
    let person = &dpo.person;
    items.push(b.item(
        "/dpo/person/civility",
        "Civilité",
        "Civility",
        person.civility.map(Civility::label_fr).unwrap_or("").into(),
        false,
        false,
    ));
    items.push(b.item("/dpo/person/last_name", "Nom", "Last name", person.last_name.clone(), true, true));
    items.push(b.item("/dpo/person/first_name", "Prénom", "First name", person.first_name.clone(), true, true));
    let Contact { email, phone, address } = &dpo.private_contact;
    items.push(b.item(
        "/dpo/private_contact/email",
        "Courriel (non publié)",
        "E-mail (not published)",
        opt(email),
        true,
        true,
    ));
    items.push(b.item(
        "/dpo/private_contact/phone",
        "Téléphone (non publié)",
        "Phone (not published)",
        opt(phone),
        true,
        true,
    ));
    items.extend(b.address("/dpo/private_contact/address", address, true, "Adresse postale", "Postal address"));
    let date = dpo.designation_date.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    items.push(b.item("/dpo/designation_date", "Date de désignation", "Designation date", date, false, true));
    items.push(b.item(
        "/dpo/cnil_designation_number",
        "Numéro de désignation CNIL",
        "CNIL designation number",
        dpo.cnil_designation_number.clone(),
        false,
        true,
    ));
    let mut s = section("dpo", "Délégué à la protection des données", "Data protection officer", items);
    s.note_fr = Some(
        "Ces coordonnées sont transmises à la CNIL mais ne sont pas publiées. Pour une personne morale, \
         indiquez la personne qui exerce la mission."
            .to_string(),
    );
    s.note_en = Some(
        "These contact details are sent to the CNIL but not published. For a legal person, give the individual \
         who carries out the task."
            .to_string(),
    );
    if !dpo.designated {
        s.note_fr = Some(format!(
            "Aucun délégué n'est encore indiqué comme désigné dans le profil de l'organisme. {}",
            s.note_fr.unwrap_or_default()
        ));
        s.note_en = Some(format!(
            "No DPO is marked as designated in the organisation's profile yet. {}",
            s.note_en.unwrap_or_default()
        ));
    }
    sections.push(s);

    // 5. The channels to publish (Art. 37(7)): at least one.
    let ContactChannels { email, web_form_url, phone, address, other } = &dpo.public_contact;
    let none = dpo.public_contact.is_empty();
    let mut items = vec![
        b.item("/dpo/public_contact/email", "Courriel", "E-mail", opt(email), none, true),
        b.item(
            "/dpo/public_contact/web_form_url",
            "Formulaire en ligne (adresse web)",
            "Web form (URL)",
            opt(web_form_url),
            false,
            true,
        ),
        b.item("/dpo/public_contact/phone", "Téléphone", "Phone", opt(phone), false, true),
    ];
    items.extend(b.address("/dpo/public_contact/address", address, false, "Adresse postale", "Postal address"));
    items.push(b.item(
        "/dpo/public_contact/other",
        "Autre moyen de contact",
        "Other channel",
        other.clone(),
        false,
        true,
    ));
    let mut s =
        section("dpo_public_contact", "Coordonnées du délégué à publier", "DPO contact details to publish", items);
    s.note_fr = Some(
        "Au moins un moyen de contact, que la CNIL et l'organisme publient (art. 37(7) du RGPD) : préférez une \
         adresse fonctionnelle (dpo@…) à une adresse personnelle."
            .to_string(),
    );
    s.note_en = Some(
        "At least one channel, published by the CNIL and the organisation (Art. 37(7) GDPR): prefer a functional \
         address (dpo@…) to a personal one."
            .to_string(),
    );
    sections.push(s);

    // 6. The external DPO's body.
    let applies =
        matches!(dpo.kind, Some(DpoKind::External | DpoKind::Pooled)) || dpo.person_type == Some(DpoPersonType::Legal);
    let items = vec![
        b.item(
            "/dpo/organisation_name",
            "Nom de l'organisme",
            "Name of the body",
            dpo.organisation_name.clone(),
            applies,
            true,
        ),
        b.item(
            "/dpo/organisation_siren",
            "SIREN de l'organisme",
            "SIREN of the body",
            digits(&dpo.organisation_siren, crate::model::validate::siren),
            applies,
            true,
        ),
    ];
    let mut s = section(
        "dpo_organisation",
        "Organisme du délégué (DPO externe ou personne morale)",
        "The DPO's body (external DPO or legal person)",
        items,
    );
    s.applies = applies || !dpo.organisation_name.trim().is_empty() || dpo.organisation_siren.is_some();
    if !applies {
        let (fr, en) = match dpo.kind {
            None => (
                "À remplir seulement si le délégué est externe, mutualisé ou une personne morale.",
                "Only if the DPO is external, shared or a legal person.",
            ),
            Some(_) => (
                "Sans objet : le délégué est un agent ou un salarié de l'organisme.",
                "Not applicable: the DPO is an employee of the organisation.",
            ),
        };
        s.note_fr = Some(fr.to_string());
        s.note_en = Some(en.to_string());
    }
    sections.push(s);

    let missing = sections.iter().flat_map(|s| &s.items).filter(|i| i.missing).count();
    let invalid = sections.iter().flat_map(|s| &s.items).filter(|i| i.problem_fr.is_some()).count();
    DesignationSheet {
        sections,
        missing,
        invalid,
        obligation: dpo_required(org, processings),
        conditions: conditions(),
        designated: dpo.designated,
        source_note_fr: SOURCE_NOTE_FR.to_string(),
        source_note_en: SOURCE_NOTE_EN.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_organisation_lacks_what_the_service_needs() {
        let o = Organisation::new("Association Les Amis");
        let s = designation_sheet(&o, &[]);
        let keys: Vec<&str> = s.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            ["organisation", "legal_representative", "cnil_contact", "dpo", "dpo_public_contact", "dpo_organisation"]
        );
        assert!(s.item("/siren").unwrap().missing);
        assert!(!s.item("/siret").unwrap().missing, "the SIRET is optional");
        assert!(!s.item("/legal_name").unwrap().missing);
        assert!(s.item("/dpo/public_contact/email").unwrap().missing, "no channel at all: one is needed");
        assert!(!s.item("/dpo/organisation_name").unwrap().missing, "unknown kind: no external body asked");
        assert!(!s.ready());
        assert!(!s.obligation.required);
        assert_eq!(s.invalid, 0);
        assert_eq!(s.conditions.len(), 3);
    }

    #[test]
    fn one_public_channel_is_enough_and_an_address_is_whole() {
        let mut o = Organisation::new("X");
        o.dpo.public_contact.phone = Some("04 66 22 33 44".into());
        let s = designation_sheet(&o, &[]);
        assert!(!s.item("/dpo/public_contact/email").unwrap().missing);
        assert!(!s.item("/dpo/public_contact/address/city").unwrap().missing);
        o.dpo.public_contact.address.postcode = "30000".into();
        let s = designation_sheet(&o, &[]);
        assert!(s.item("/dpo/public_contact/address/city").unwrap().missing, "a partial address is incomplete");
    }

    #[test]
    fn values_are_as_typed_in_the_service() {
        let mut o = Organisation::new("X");
        o.siren = Some(" 732 829 320 ".into());
        o.naf = Some("1071c".into());
        o.dpo.kind = Some(DpoKind::External);
        o.dpo.organisation_siren = Some("732829321".into());
        let s = designation_sheet(&o, &[]);
        assert_eq!(s.item("/siren").unwrap().value, "732829320");
        assert_eq!(s.item("/naf").unwrap().value, "10.71C");
        let bad = s.item("/dpo/organisation_siren").unwrap();
        assert_eq!(bad.value, "732829321", "a wrong value is shown as typed");
        assert!(bad.problem_fr.as_deref().unwrap().contains("clé de contrôle"));
        assert!(s.item("/dpo/organisation_name").unwrap().missing, "external DPO: its body is asked");
        assert_eq!(s.invalid, 1);
    }
}
