//! Reading the words people type in a register spreadsheet: labels compared without case,
//! accents or punctuation, and the model's choices (legal basis, categories, kinds of
//! recipient, safeguards…) recognised from our own labels or from the usual wordings.
//!
//! Every function here answers `None` when it does not recognise the text: the caller
//! then keeps the text as free text and reports a [`CellIssue`](super::CellIssue).

use chrono::{Datelike, NaiveDate};

use crate::model::{
    Art9Exception, DataCategory, DataSubjectCategory, FinalDisposal, LegalBasis, ProcessingRole, ProcessingStatus,
    RecipientKind, Safeguard, SecurityCategory, SpecialCategory,
};

/// `text` in lower case, without accents, with every run of non-alphanumeric characters
/// turned into one space: « N°/RÉF » → `n ref`, « Données sensibles ? » → `donnees sensibles`.
pub(crate) fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'ñ' => "n",
            'ÿ' => "y",
            'œ' => "oe",
            'æ' => "ae",
            _ if c.is_alphanumeric() => {
                out.push(c);
                space = false;
                continue;
            }
            _ => {
                if !space {
                    out.push(' ');
                    space = true;
                }
                continue;
            }
        };
        out.push_str(folded);
        space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when the normalised `text` contains `phrase` (already normalised) starting at a
/// word boundary: « salariés » has `salarie`, « évaluation » does not have `elu`.
pub(crate) fn has(text_norm: &str, phrase: &str) -> bool {
    let mut start = 0;
    while let Some(i) = text_norm[start..].find(phrase) {
        let at = start + i;
        if at == 0 || text_norm.as_bytes()[at - 1] == b' ' {
            return true;
        }
        // Phrases are ASCII: stepping one byte stays on a character boundary.
        start = at + phrase.chars().next().map_or(1, char::len_utf8);
        if start >= text_norm.len() {
            break;
        }
    }
    false
}

fn any(text_norm: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has(text_norm, p))
}

/// A labelled value: our own French or English label, compared after normalisation.
pub(crate) fn by_label<T: Copy>(
    text: &str,
    all: &[T],
    fr: fn(T) -> &'static str,
    en: fn(T) -> &'static str,
) -> Option<T> {
    let n = norm(text);
    all.iter().copied().find(|v| norm(fr(*v)) == n || norm(en(*v)) == n)
}

/// Article letter in « 6-1-c », « 6.1.c », « art. 6 (1) c », « 6(1)(c) ».
fn article_letter(text_norm: &str, article: &str, paragraph: &str) -> Option<char> {
    let words: Vec<&str> = text_norm.split(' ').collect();
    words.windows(3).find_map(|w| {
        if w[0] == article && w[1] == paragraph && w[2].len() == 1 {
            w[2].chars().next()
        } else {
            None
        }
    })
}

/// Legal basis « Base légale » (Art. 6(1)).
pub(crate) fn legal_basis(text: &str) -> Option<LegalBasis> {
    if let Some(v) = by_label(text, LegalBasis::ALL, LegalBasis::label_fr, LegalBasis::label_en) {
        return Some(v);
    }
    let n = norm(text);
    if let Some(letter) = article_letter(&n, "6", "1") {
        return match letter {
            'a' => Some(LegalBasis::Consent),
            'b' => Some(LegalBasis::Contract),
            'c' => Some(LegalBasis::LegalObligation),
            'd' => Some(LegalBasis::VitalInterests),
            'e' => Some(LegalBasis::PublicTask),
            'f' => Some(LegalBasis::LegitimateInterests),
            _ => None,
        };
    }
    if any(&n, &["a determiner", "non determine", "inconnu", "to be determined"]) {
        Some(LegalBasis::ToDetermine)
    } else if any(&n, &["interet public", "interets publics", "autorite publique", "service public", "public task"]) {
        Some(LegalBasis::PublicTask)
    } else if any(&n, &["interet legitime", "interets legitimes", "legitimate interest"]) {
        Some(LegalBasis::LegitimateInterests)
    } else if any(&n, &["interet vital", "interets vitaux", "vital interest"]) {
        Some(LegalBasis::VitalInterests)
    } else if any(&n, &["obligation legale", "obligations legales", "obligation reglementaire", "legal obligation"]) {
        Some(LegalBasis::LegalObligation)
    } else if any(&n, &["consentement", "consent"]) {
        Some(LegalBasis::Consent)
    } else if any(&n, &["contrat", "contractuel", "precontractuel", "contract"]) {
        Some(LegalBasis::Contract)
    } else {
        None
    }
}

/// Category of persons « Catégorie de personnes concernées ».
pub(crate) fn subject_category(text: &str) -> Option<DataSubjectCategory> {
    use DataSubjectCategory::*;
    if let Some(v) =
        by_label(text, DataSubjectCategory::ALL, DataSubjectCategory::label_fr, DataSubjectCategory::label_en)
    {
        return Some(v);
    }
    let n = norm(text);
    let rules: &[(&[&str], DataSubjectCategory)] = &[
        (&["salarie", "agent", "personnel", "employe", "employee", "staff"], Employees),
        (&["candidat", "applicant"], Candidates),
        (&["prospect"], Prospects),
        (&["client", "customer"], Customers),
        (&["fournisseur", "supplier"], Suppliers),
        (&["prestataire", "service provider"], ServiceProviders),
        (&["usager"], Users),
        (&["administre", "habitant", "resident"], Residents),
        (&["electeur", "voter"], Voters),
        (&["eleve", "enfant", "pupil", "child"], Children),
        (&["elu", "conseiller municipa", "elected"], ElectedOfficials),
        (&["internaute", "visiteur", "website visitor"], WebsiteVisitors),
        (&["patient"], Patients),
        (&["autre", "other"], Other),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| v)
}

/// Category of data « Catégorie de données ».
pub(crate) fn data_category(text: &str) -> Option<DataCategory> {
    use DataCategory::*;
    if let Some(v) = by_label(text, DataCategory::ALL, DataCategory::label_fr, DataCategory::label_en) {
        return Some(v);
    }
    let n = norm(text);
    let rules: &[(&[&str], DataCategory)] = &[
        (&["etat civil", "identite", "identification", "images", "identity"], Identity),
        (&["vie personnelle", "personal life"], PersonalLife),
        (&["vie professionnelle", "professional life"], ProfessionalLife),
        (&["economique", "financier", "financiere", "bancaire", "economic", "financial"], EconomicFinancial),
        (&["connexion", "connection"], ConnectionData),
        (&["localisation", "geolocalisation", "location"], Location),
        (&["internet", "cookie", "traceur"], Internet),
        (&["nir", "securite sociale", "social security"], Nir),
        (&["autres", "autre", "other"], Other),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| v)
}

/// What the row label of a sensitive-data line names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SensitiveRow {
    /// One special category of Art. 9(1).
    Art9(SpecialCategory),
    /// Offence and conviction data of Art. 10.
    Offences,
}

/// Reads the label of a sensitive-data row.
pub(crate) fn sensitive_row(text: &str) -> Option<SensitiveRow> {
    use SpecialCategory::*;
    if let Some(v) = by_label(text, SpecialCategory::ALL, SpecialCategory::label_fr, SpecialCategory::label_en) {
        return Some(SensitiveRow::Art9(v));
    }
    let n = norm(text);
    if any(&n, &["infraction", "condamnation", "penal", "casier", "offence", "criminal"]) {
        return Some(SensitiveRow::Offences);
    }
    let rules: &[(&[&str], SpecialCategory)] = &[
        (&["origine raciale", "ethnique", "racial", "ethnic"], RacialEthnicOrigin),
        (&["opinion politique", "opinions politiques", "political"], PoliticalOpinions),
        (&["religi", "philosophi", "conviction"], ReligiousBeliefs),
        (&["syndica", "trade union"], TradeUnionMembership),
        (&["genetique", "genetic"], Genetic),
        (&["biometri"], Biometric),
        (&["sante", "health", "medical", "medicale"], Health),
        (&["vie sexuelle", "orientation sexuelle", "sex life", "sexual"], SexLife),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| SensitiveRow::Art9(v))
}

/// Exception of Art. 9(2).
pub(crate) fn art9_exception(text: &str) -> Option<Art9Exception> {
    use Art9Exception::*;
    if let Some(v) = by_label(text, Art9Exception::ALL, Art9Exception::label_fr, Art9Exception::label_en) {
        return Some(v);
    }
    let n = norm(text);
    if let Some(letter) = article_letter(&n, "9", "2") {
        let i = (letter as u32).checked_sub('a' as u32)? as usize;
        return Art9Exception::ALL.get(i).copied();
    }
    let rules: &[(&[&str], Art9Exception)] = &[
        (&["consentement", "explicit consent"], ExplicitConsent),
        (&["droit du travail", "securite sociale", "protection sociale", "employment"], EmploymentSocialLaw),
        (&["interets vitaux", "interet vital", "vital"], VitalInterests),
        (&["but non lucratif", "association", "not for profit"], NotForProfitBody),
        (&["rendues publiques", "rendue publique", "made public"], MadePublic),
        (&["justice", "legal claim"], LegalClaims),
        (&["interet public important", "substantial public"], SubstantialPublicInterest),
        (&["medecine", "diagnostic", "prise en charge", "sanitaire", "health", "social care"], HealthSocialCare),
        (&["sante publique", "public health"], PublicHealth),
        (&["archivage", "recherche", "statistique", "archiving", "research"], ArchivingResearch),
    ];
    // « Santé publique » before « prise en charge sanitaire »: the more specific wording wins.
    if any(&n, &["sante publique", "public health"]) {
        return Some(PublicHealth);
    }
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| v)
}

/// What happens at the end of the retention « Sort final ».
pub(crate) fn final_disposal(text: &str) -> Option<FinalDisposal> {
    use FinalDisposal::*;
    if let Some(v) = by_label(text, FinalDisposal::ALL, FinalDisposal::label_fr, FinalDisposal::label_en) {
        return Some(v);
    }
    let n = norm(text);
    if any(&n, &["non determine", "a determiner", "not determined"]) {
        Some(NotDetermined)
    } else if any(&n, &["tri", "sorting"]) {
        Some(Sorting)
    } else if any(&n, &["archivage intermediaire", "archive intermediaire", "intermediate"]) {
        Some(IntermediateArchiveThenDestruction)
    } else if any(&n, &["versement", "archives publiques", "archives departementales", "public archives"]) {
        Some(PublicArchives)
    } else if any(&n, &["destruction", "suppression", "effacement", "deletion"]) {
        Some(Destruction)
    } else {
        None
    }
}

/// Kind of recipient « Type de destinataire ».
pub(crate) fn recipient_kind(text: &str) -> Option<RecipientKind> {
    use RecipientKind::*;
    if let Some(v) = by_label(text, RecipientKind::ALL, RecipientKind::label_fr, RecipientKind::label_en) {
        return Some(v);
    }
    let n = norm(text);
    let rules: &[(&[&str], RecipientKind)] = &[
        (&["sous traitant", "processor"], Processor),
        (
            &["pays tiers", "organisation internationale", "organisations internationales", "third country"],
            ThirdCountry,
        ),
        (&["service interne", "services internes", "interne", "internal"], InternalService),
        (&["partenaire", "partner"], Partner),
        (&["autorite", "organisme public", "administration", "public authority"], PublicAuthority),
        (&["autre", "other"], Other),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| v)
}

/// Family of security measures « Type de mesure ».
pub(crate) fn security_category(text: &str) -> Option<SecurityCategory> {
    use SecurityCategory::*;
    if let Some(v) = by_label(text, SecurityCategory::ALL, SecurityCategory::label_fr, SecurityCategory::label_en) {
        return Some(v);
    }
    let n = norm(text);
    let rules: &[(&[&str], SecurityCategory)] = &[
        (&["sous traitant", "processor"], ProcessorControl),
        (&["controle d acces", "controle des acces", "acces", "habilitation", "access"], AccessControl),
        (&["tracabilite", "journalisation", "logs", "traceability"], Traceability),
        (&["logiciel", "antivirus", "mise a jour", "mises a jour", "software"], SoftwareProtection),
        (&["sauvegarde", "backup"], Backup),
        (&["chiffrement", "encryption"], Encryption),
        (&["autre", "other"], Other),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| v)
}

/// What a transfer's safeguard cell says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SafeguardWord {
    Known(Safeguard),
    /// The EU-US Privacy Shield, still in the 2019 CNIL lists but no longer a safeguard.
    PrivacyShield,
}

/// Reads a transfer's safeguard cell.
pub(crate) fn safeguard(text: &str) -> Option<SafeguardWord> {
    use Safeguard::*;
    if let Some(v) = by_label(text, Safeguard::ALL, Safeguard::label_fr, Safeguard::label_en) {
        return Some(SafeguardWord::Known(v));
    }
    let n = norm(text);
    if has(&n, "privacy shield") {
        return Some(SafeguardWord::PrivacyShield);
    }
    let rules: &[(&[&str], Safeguard)] = &[
        (&["aucune", "none", "sans garantie"], NoSafeguard),
        (&["autorisee", "autorisees", "ad hoc", "authorised"], AuthorisedClauses),
        (&["clauses contractuelles types", "cct", "scc", "standard contractual"], StandardContractualClauses),
        (&["bcr", "regles d entreprise", "binding corporate"], BindingCorporateRules),
        (&["adequation", "adequat", "adequacy", "data privacy framework", "dpf"], AdequacyDecision),
        (&["code de conduite", "code of conduct"], CodeOfConduct),
        (&["certification"], Certification),
        (&["instrument", "entre autorites", "public bodies"], PublicBodiesInstrument),
        (&["derogation", "art 49", "article 49", "49"], Art49Derogation),
    ];
    rules.iter().find(|(words, _)| any(&n, words)).map(|&(_, v)| SafeguardWord::Known(v))
}

/// The organisation's role « En tant que ».
pub(crate) fn role(text: &str) -> Option<ProcessingRole> {
    if let Some(v) = by_label(text, ProcessingRole::ALL, ProcessingRole::label_fr, ProcessingRole::label_en) {
        return Some(v);
    }
    let n = norm(text);
    if has(&n, "conjoint") || has(&n, "joint") {
        Some(ProcessingRole::JointController)
    } else if has(&n, "sous traitant") || has(&n, "processor") {
        Some(ProcessingRole::Processor)
    } else if has(&n, "responsable") || has(&n, "controller") {
        Some(ProcessingRole::Controller)
    } else {
        None
    }
}

/// Progress of the entry « Statut ».
pub(crate) fn status(text: &str) -> Option<ProcessingStatus> {
    if let Some(v) = by_label(text, ProcessingStatus::ALL, ProcessingStatus::label_fr, ProcessingStatus::label_en) {
        return Some(v);
    }
    let n = norm(text);
    if has(&n, "valide") || has(&n, "controle") {
        Some(ProcessingStatus::ValidatedByDpo)
    } else if has(&n, "complet") || has(&n, "termine") {
        Some(ProcessingStatus::Complete)
    } else if has(&n, "brouillon") || has(&n, "draft") || has(&n, "en cours") {
        Some(ProcessingStatus::Draft)
    } else {
        None
    }
}

/// « Oui » / « Non » and their usual variants (x, vrai, 1, yes…).
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match norm(text).as_str() {
        "oui" | "o" | "x" | "vrai" | "true" | "yes" | "y" | "1" | "oui oui" => Some(true),
        "non" | "n" | "faux" | "false" | "no" | "0" | "aucune" | "aucun" | "sans objet" | "na" | "n a" => Some(false),
        _ => None,
    }
}

const MONTHS_FR: &[&str] = &[
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
];

/// A date typed as text: `13/05/2019`, `13-05-19`, `13.05.2019`, `2019-05-13`,
/// « 13 mai 2019 », « 1er janvier 2020 ». Two-digit years are read as 20xx.
pub(crate) fn date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.split(['T', ' ']).next().filter(|first| first.contains(['/', '-', '.'])).unwrap_or(t);
    let parts: Vec<&str> = t.split(['/', '-', '.']).map(str::trim).collect();
    let num = |s: &str| -> Option<i32> {
        if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let full_year = |y: i32, digits: usize| if digits <= 2 { 2000 + y } else { y };
    if parts.len() == 3 {
        let (a, b, c) = (num(parts[0])?, num(parts[1])?, num(parts[2])?);
        let (y, m, d) = if parts[0].len() == 4 { (a, b, c) } else { (full_year(c, parts[2].len()), b, a) };
        return NaiveDate::from_ymd_opt(y, u32::try_from(m).ok()?, u32::try_from(d).ok()?);
    }
    // « 13 mai 2019 », « 1er janvier 2020 »
    let n = norm(text);
    let words: Vec<&str> = n.split(' ').collect();
    if words.len() == 3 {
        let day = num(words[0].trim_end_matches("er"))?;
        let month = MONTHS_FR.iter().position(|m| *m == words[1])? as u32 + 1;
        let year = num(words[2])?;
        return NaiveDate::from_ymd_opt(full_year(year, words[2].len()), month, u32::try_from(day).ok()?);
    }
    None
}

/// A date as it is shown in our texts: `13/05/2019`.
pub(crate) fn date_fr(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Countries people name in a register (EU/EEA, countries with an adequacy decision,
/// frequent destinations of processors): ISO code, French name, English name.
pub(crate) const COUNTRIES: &[(&str, &str, &str)] = &[
    ("FR", "France", "France"),
    ("DE", "Allemagne", "Germany"),
    ("AT", "Autriche", "Austria"),
    ("BE", "Belgique", "Belgium"),
    ("BG", "Bulgarie", "Bulgaria"),
    ("CY", "Chypre", "Cyprus"),
    ("HR", "Croatie", "Croatia"),
    ("DK", "Danemark", "Denmark"),
    ("ES", "Espagne", "Spain"),
    ("EE", "Estonie", "Estonia"),
    ("FI", "Finlande", "Finland"),
    ("GR", "Grèce", "Greece"),
    ("HU", "Hongrie", "Hungary"),
    ("IE", "Irlande", "Ireland"),
    ("IT", "Italie", "Italy"),
    ("LV", "Lettonie", "Latvia"),
    ("LT", "Lituanie", "Lithuania"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("MT", "Malte", "Malta"),
    ("NL", "Pays-Bas", "Netherlands"),
    ("PL", "Pologne", "Poland"),
    ("PT", "Portugal", "Portugal"),
    ("CZ", "Tchéquie", "Czechia"),
    ("RO", "Roumanie", "Romania"),
    ("SK", "Slovaquie", "Slovakia"),
    ("SI", "Slovénie", "Slovenia"),
    ("SE", "Suède", "Sweden"),
    ("IS", "Islande", "Iceland"),
    ("LI", "Liechtenstein", "Liechtenstein"),
    ("NO", "Norvège", "Norway"),
    ("AD", "Andorre", "Andorra"),
    ("AR", "Argentine", "Argentina"),
    ("BR", "Brésil", "Brazil"),
    ("CA", "Canada", "Canada"),
    ("FO", "Îles Féroé", "Faroe Islands"),
    ("GG", "Guernesey", "Guernsey"),
    ("IM", "Île de Man", "Isle of Man"),
    ("IL", "Israël", "Israel"),
    ("JP", "Japon", "Japan"),
    ("JE", "Jersey", "Jersey"),
    ("NZ", "Nouvelle-Zélande", "New Zealand"),
    ("KR", "Corée du Sud", "South Korea"),
    ("CH", "Suisse", "Switzerland"),
    ("GB", "Royaume-Uni", "United Kingdom"),
    ("US", "États-Unis", "United States"),
    ("UY", "Uruguay", "Uruguay"),
    ("AU", "Australie", "Australia"),
    ("CN", "Chine", "China"),
    ("HK", "Hong Kong", "Hong Kong"),
    ("IN", "Inde", "India"),
    ("MA", "Maroc", "Morocco"),
    ("TN", "Tunisie", "Tunisia"),
    ("DZ", "Algérie", "Algeria"),
    ("SN", "Sénégal", "Senegal"),
    ("MU", "Maurice", "Mauritius"),
    ("MG", "Madagascar", "Madagascar"),
    ("SG", "Singapour", "Singapore"),
    ("PH", "Philippines", "Philippines"),
    ("VN", "Viêt Nam", "Vietnam"),
    ("UA", "Ukraine", "Ukraine"),
    ("RU", "Russie", "Russia"),
    ("TR", "Turquie", "Turkey"),
    ("MX", "Mexique", "Mexico"),
    ("ZA", "Afrique du Sud", "South Africa"),
    ("AE", "Émirats arabes unis", "United Arab Emirates"),
    ("MC", "Monaco", "Monaco"),
];

/// A country as shown in our cells: « Royaume-Uni (GB) », or the bare code when we do not
/// know its name.
pub(crate) fn country_display(code: &str) -> String {
    match COUNTRIES.iter().find(|(c, _, _)| *c == code) {
        Some((c, fr, _)) => format!("{fr} ({c})"),
        None => code.to_string(),
    }
}

/// The ISO code of a country typed as a code (`GB`), as our cells show it (« Royaume-Uni
/// (GB) ») or by its French or English name.
pub(crate) fn country(text: &str) -> Option<String> {
    let t = text.trim();
    let is_code = |s: &str| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic());
    if let Some(inner) = t.strip_suffix(')').and_then(|s| s.rsplit_once('(')).map(|(_, code)| code.trim()) {
        if is_code(inner) {
            return Some(inner.to_ascii_uppercase());
        }
    }
    if is_code(t) {
        return Some(t.to_ascii_uppercase());
    }
    let n = norm(t);
    let aliases = [("usa", "US"), ("etats unis d amerique", "US"), ("angleterre", "GB"), ("uk", "GB"), ("coree", "KR")];
    if let Some((_, code)) = aliases.iter().find(|(a, _)| *a == n) {
        return Some((*code).to_string());
    }
    COUNTRIES.iter().find(|(_, fr, en)| norm(fr) == n || norm(en) == n).map(|(c, _, _)| (*c).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_labels() {
        assert_eq!(norm("N°/RÉF"), "n ref");
        assert_eq!(norm("  Données sensibles ? "), "donnees sensibles");
        assert_eq!(norm("Œuvre"), "oeuvre");
        assert!(has("salaries et eleves", "eleve"));
        assert!(!has("evaluation", "elu"));
    }

    #[test]
    fn reads_choices() {
        assert_eq!(legal_basis("Obligation légale"), Some(LegalBasis::LegalObligation));
        assert_eq!(legal_basis("Art. 6.1.e RGPD"), Some(LegalBasis::PublicTask));
        assert_eq!(legal_basis("exécution du contrat de travail"), Some(LegalBasis::Contract));
        assert_eq!(legal_basis("Mission d'intérêt public"), Some(LegalBasis::PublicTask));
        assert_eq!(legal_basis("parce que"), None);
        for b in LegalBasis::ALL {
            assert_eq!(legal_basis(b.label_fr()), Some(*b));
        }
        for v in DataSubjectCategory::ALL {
            assert_eq!(subject_category(v.label_fr()), Some(*v));
        }
        for v in DataCategory::ALL {
            assert_eq!(data_category(v.label_fr()), Some(*v));
        }
        for v in Safeguard::ALL {
            assert_eq!(safeguard(v.label_fr()), Some(SafeguardWord::Known(*v)));
        }
        for v in Art9Exception::ALL {
            assert_eq!(art9_exception(v.label_fr()), Some(*v));
        }
        for v in FinalDisposal::ALL {
            assert_eq!(final_disposal(v.label_fr()), Some(*v));
        }
        for v in RecipientKind::ALL {
            assert_eq!(recipient_kind(v.label_fr()), Some(*v));
        }
        for v in SecurityCategory::ALL {
            assert_eq!(security_category(v.label_fr()), Some(*v));
        }
        assert_eq!(subject_category("Salariés"), Some(DataSubjectCategory::Employees));
        assert_eq!(data_category("État civil/identité/images"), Some(DataCategory::Identity));
        assert_eq!(data_category("Économique et financier"), Some(DataCategory::EconomicFinancial));
        assert_eq!(sensitive_row("Données de santé"), Some(SensitiveRow::Art9(SpecialCategory::Health)));
        assert_eq!(sensitive_row("Infractions, condamnations"), Some(SensitiveRow::Offences));
        assert_eq!(safeguard("CCT"), Some(SafeguardWord::Known(Safeguard::StandardContractualClauses)));
        assert_eq!(safeguard("Privacy shield"), Some(SafeguardWord::PrivacyShield));
        assert_eq!(safeguard("Pays adéquat"), Some(SafeguardWord::Known(Safeguard::AdequacyDecision)));
        assert_eq!(art9_exception("9.2.h"), Some(Art9Exception::HealthSocialCare));
        assert_eq!(yes_no(" OUI "), Some(true));
        assert_eq!(yes_no("Non"), Some(false));
        assert_eq!(yes_no("peut-être"), None);
    }

    #[test]
    fn reads_dates_and_countries() {
        let d = NaiveDate::from_ymd_opt(2019, 5, 13);
        assert_eq!(date("13/05/2019"), d);
        assert_eq!(date("13-05-19"), d);
        assert_eq!(date("2019-05-13"), d);
        assert_eq!(date("2019-05-13T00:00:00"), d);
        assert_eq!(date("13 mai 2019"), d);
        assert_eq!(date("1er janvier 2020"), NaiveDate::from_ymd_opt(2020, 1, 1));
        assert_eq!(date("31/02/2019"), None);
        assert_eq!(date("bientôt"), None);
        assert_eq!(date_fr(NaiveDate::from_ymd_opt(2019, 5, 3).unwrap()), "03/05/2019");
        assert_eq!(country("Royaume-Uni (GB)").as_deref(), Some("GB"));
        assert_eq!(country("andorre").as_deref(), Some("AD"));
        assert_eq!(country("us").as_deref(), Some("US"));
        assert_eq!(country("Pays imaginaire"), None);
        assert_eq!(country_display("GB"), "Royaume-Uni (GB)");
        assert_eq!(country_display("QZ"), "QZ");
    }
}
