//! Field rules: identifiers (SIREN, SIRET, NAF), contact formats, dates.
//!
//! Each rule is a plain function `fn(&str) -> Result<(), Invalid>` so the UI can check a
//! field as it is typed and the model types can check a whole record with [`Checker`].
//! Rules are deliberately pragmatic: they catch typing mistakes (a wrong SIREN key, an
//! e-mail without `@`), not every theoretical form a value may take. Spaces inside
//! numbers (`732 829 320`, `01 23 45 67 89`) are accepted, because that is how people
//! copy them from paper.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::Problem;

/// Earliest year accepted in a date or timestamp.
pub const MIN_YEAR: i32 = 1900;
/// Latest year accepted in a date or timestamp.
pub const MAX_YEAR: i32 = 2200;

/// Why one value is wrong, before we know where it sits in a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Stable machine code, copied into [`Problem::code`].
    pub code: &'static str,
    pub message_fr: String,
    pub message_en: String,
}

impl Invalid {
    pub fn new(code: &'static str, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Invalid { code, message_fr: fr.into(), message_en: en.into() }
    }

    /// The same reason, located at `path` in a record.
    pub fn at(self, path: impl Into<String>) -> Problem {
        Problem::new(path, self.code, self.message_fr, self.message_en)
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_fr)
    }
}

impl std::error::Error for Invalid {}

/// Result of one rule.
pub type Check = Result<(), Invalid>;

/// Removes the separators people type inside numbers: spaces (also non-breaking ones).
fn compact(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect()
}

fn digit_values(s: &str) -> Option<Vec<u8>> {
    s.chars().map(|c| c.to_digit(10).map(|d| d as u8)).collect()
}

/// Luhn sum of `digits` (most significant first), the last digit being the check digit.
fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum()
}

/// True when `digits` (most significant first, check digit last) passes the Luhn test.
pub fn luhn_ok(digits: &[u8]) -> bool {
    luhn_sum(digits).is_multiple_of(10)
}

/// The Luhn check digit to append to `digits` (most significant first).
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let mut with_zero = digits.to_vec();
    with_zero.push(0);
    ((10 - luhn_sum(&with_zero) % 10) % 10) as u8
}

/// SIREN, the 9-digit INSEE number of a company or public body (Luhn key).
pub fn siren(s: &str) -> Check {
    let c = compact(s);
    let digits = match digit_values(&c) {
        Some(d) if d.len() == 9 => d,
        _ => {
            return Err(Invalid::new(
                "siren_format",
                format!(
                    "Le SIREN doit comporter exactement 9 chiffres (les espaces sont acceptés) ; \
                     la valeur saisie en compte {}. Il figure sur l'avis de situation INSEE ou \
                     sur un extrait Kbis.",
                    c.chars().filter(char::is_ascii_digit).count()
                ),
                format!(
                    "A SIREN has exactly 9 digits (spaces are allowed); the value entered has {}. \
                     It is printed on the INSEE notice (avis de situation) or on a Kbis extract.",
                    c.chars().filter(char::is_ascii_digit).count()
                ),
            ));
        }
    };
    if !luhn_ok(&digits) {
        return Err(Invalid::new(
            "siren_checksum",
            "Ce SIREN a bien 9 chiffres mais sa clé de contrôle est fausse : un chiffre a \
             probablement été mal recopié. Vérifiez-le sur votre avis de situation INSEE.",
            "This SIREN has 9 digits but its check key is wrong: a digit was probably \
             mistyped. Check it against your INSEE notice (avis de situation).",
        ));
    }
    Ok(())
}

/// SIREN of La Poste, whose establishments do not follow the Luhn key.
const LA_POSTE_SIREN: &str = "356000000";

/// SIRET, the 14-digit number of one establishment: SIREN + 5-digit NIC, Luhn key over the
/// 14 digits. La Poste's establishments (SIREN 356000000) use another rule: the sum of the
/// digits is a multiple of 5.
pub fn siret(s: &str) -> Check {
    let c = compact(s);
    let digits = match digit_values(&c) {
        Some(d) if d.len() == 14 => d,
        _ => {
            let n = c.chars().filter(char::is_ascii_digit).count();
            return Err(Invalid::new(
                "siret_format",
                format!(
                    "Le SIRET doit comporter exactement 14 chiffres (le SIREN suivi des 5 \
                     chiffres de l'établissement) ; la valeur saisie en compte {n}."
                ),
                format!(
                    "A SIRET has exactly 14 digits (the SIREN followed by the 5 digits of the \
                     establishment); the value entered has {n}."
                ),
            ));
        }
    };
    let la_poste = c.starts_with(LA_POSTE_SIREN) && digits.iter().map(|&d| u32::from(d)).sum::<u32>().is_multiple_of(5);
    if !(luhn_ok(&digits) || la_poste) {
        return Err(Invalid::new(
            "siret_checksum",
            "Ce SIRET a bien 14 chiffres mais sa clé de contrôle est fausse : un chiffre a \
             probablement été mal recopié. Vérifiez-le sur l'avis de situation INSEE de \
             l'établissement.",
            "This SIRET has 14 digits but its check key is wrong: a digit was probably \
             mistyped. Check it against the establishment's INSEE notice.",
        ));
    }
    if !luhn_ok(&digits[..9]) {
        return Err(Invalid::new(
            "siret_checksum",
            "Les 9 premiers chiffres de ce SIRET ne forment pas un SIREN valide : vérifiez \
             le numéro sur l'avis de situation INSEE.",
            "The first 9 digits of this SIRET are not a valid SIREN: check the number against \
             the INSEE notice.",
        ));
    }
    Ok(())
}

/// The 9-digit SIREN a SIRET starts with (spaces removed), if it has 14 digits.
pub fn siren_of_siret(s: &str) -> Option<String> {
    let c = compact(s);
    (c.len() == 14 && c.chars().all(|ch| ch.is_ascii_digit())).then(|| c[..9].to_string())
}

/// The SIREN or SIRET without its spaces.
pub fn normalize_digits(s: &str) -> String {
    compact(s.trim())
}

/// NAF/APE code in its canonical form `NN.NNX` (`10.71C`), from `10.71C`, `1071C`,
/// `10.71c` or the same with surrounding spaces; `None` when it is not a NAF code.
pub fn normalize_naf(s: &str) -> Option<String> {
    let t: Vec<char> = s.trim().chars().filter(|&c| c != '.').collect();
    let dotted = s.trim().contains('.');
    if dotted && s.trim().chars().nth(2) != Some('.') {
        return None;
    }
    if s.trim().matches('.').count() > 1 {
        return None;
    }
    match t.as_slice() {
        [a, b, c, d, l] if [a, b, c, d].iter().all(|x| x.is_ascii_digit()) && l.is_ascii_alphabetic() => {
            Some(format!("{a}{b}.{c}{d}{}", l.to_ascii_uppercase()))
        }
        _ => None,
    }
}

/// NAF/APE code: two digits, a dot, two digits and a letter (`10.71C`); the dot may be
/// omitted.
pub fn naf(s: &str) -> Check {
    match normalize_naf(s) {
        Some(_) => Ok(()),
        None => Err(Invalid::new(
            "naf_format",
            "Le code NAF (ou APE) s'écrit avec 4 chiffres et une lettre, par exemple 10.71C \
             pour une boulangerie ou 84.11Z pour une mairie. Il figure sur l'avis de situation \
             INSEE.",
            "A NAF (APE) code is 4 digits and a letter, e.g. 10.71C for a bakery or 84.11Z for \
             a town hall. It is printed on the INSEE notice.",
        )),
    }
}

/// E-mail address, pragmatic check: one `@`, something before it, a domain with a dot
/// after it, no spaces.
pub fn email(s: &str) -> Check {
    let bad = || {
        Invalid::new(
            "email_format",
            "Cette adresse e-mail n'est pas valide : elle doit ressembler à nom@domaine.fr, \
             avec un seul @ et sans espace.",
            "This e-mail address is not valid: it should look like name@domain.fr, with a \
             single @ and no space.",
        )
    };
    if s.is_empty() || s.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let mut parts = s.split('@');
    let (local, domain) = match (parts.next(), parts.next(), parts.next()) {
        (Some(l), Some(d), None) => (l, d),
        _ => return Err(bad()),
    };
    if local.is_empty()
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(bad());
    }
    Ok(())
}

/// Phone number: French national (10 digits starting with 0, e.g. `01 23 45 67 89`) or
/// international (`+` then 8 to 15 digits, e.g. `+33 1 23 45 67 89`). Spaces, dots and
/// hyphens between digits are accepted.
pub fn phone(s: &str) -> Check {
    let bad = || {
        Invalid::new(
            "phone_format",
            "Ce numéro de téléphone n'est pas valide : saisissez 10 chiffres commençant par 0 \
             (01 23 45 67 89) ou un numéro international commençant par + (+33 1 23 45 67 89).",
            "This phone number is not valid: enter 10 digits starting with 0 (01 23 45 67 89) \
             or an international number starting with + (+33 1 23 45 67 89).",
        )
    };
    let t = s.trim();
    let (international, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut digits = 0usize;
    let mut first = None;
    for c in rest.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            first.get_or_insert(c);
        } else if !matches!(c, ' ' | '.' | '-' | '\u{a0}') {
            return Err(bad());
        }
    }
    let ok = if international {
        (8..=15).contains(&digits) && rest.starts_with(|c: char| c.is_ascii_digit())
    } else {
        digits == 10 && first == Some('0')
    };
    if ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Postcode: 5 digits when `country` is `FR` (the default), otherwise any non-empty text of
/// at most 12 characters.
pub fn postcode(s: &str, country: &str) -> Check {
    if country.is_empty() || country == "FR" {
        if s.len() == 5 && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(())
        } else {
            Err(Invalid::new(
                "postcode_format",
                "Un code postal français comporte 5 chiffres, sans espace (par exemple 30000). \
                 Si l'adresse est à l'étranger, changez d'abord le pays.",
                "A French postcode has 5 digits, with no space (e.g. 30000). If the address is \
                 abroad, change the country first.",
            ))
        }
    } else if s.trim().is_empty() || s.chars().count() > 12 {
        Err(Invalid::new(
            "postcode_format",
            "Ce code postal est vide ou trop long (12 caractères au plus).",
            "This postcode is empty or too long (12 characters at most).",
        ))
    } else {
        Ok(())
    }
}

/// Country: ISO 3166-1 alpha-2 code, two capital letters (`FR`, `DE`, `US`).
pub fn country_code(s: &str) -> Check {
    if s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Invalid::new(
            "country_format",
            "Le pays s'indique par son code international à 2 lettres majuscules : FR pour la \
             France, DE pour l'Allemagne, US pour les États-Unis…",
            "A country is given by its 2-capital-letter international code: FR for France, DE \
             for Germany, US for the United States…",
        ))
    }
}

/// Web address starting with `http://` or `https://`, with a host and no space.
pub fn url(s: &str) -> Check {
    let bad = || {
        Invalid::new(
            "url_format",
            "Cette adresse web n'est pas valide : elle doit commencer par https:// (ou \
             http://), être suivie du nom du site et ne contenir aucune espace.",
            "This web address is not valid: it must start with https:// (or http://), followed \
             by the site name, with no space.",
        )
    };
    let lower = s.to_ascii_lowercase();
    let rest = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(r) => r,
        None => return Err(bad()),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || s.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    Ok(())
}

fn year_problem(year: i32) -> Invalid {
    Invalid::new(
        "date_range",
        format!(
            "L'année {year} n'est pas plausible : une date doit se situer entre {MIN_YEAR} et \
             {MAX_YEAR}. Vérifiez qu'elle n'a pas été mal saisie."
        ),
        format!(
            "The year {year} is not plausible: a date must be between {MIN_YEAR} and \
             {MAX_YEAR}. Check it was not mistyped."
        ),
    )
}

/// A calendar date between 1900 and 2200.
pub fn date(d: NaiveDate) -> Check {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(())
    } else {
        Err(year_problem(d.year()))
    }
}

/// A timestamp between 1900 and 2200.
pub fn timestamp(t: DateTime<Utc>) -> Check {
    date(t.date_naive())
}

/// Collects the problems of one value, with paths relative to it.
///
/// Model types build one, feed it their fields, and return [`Checker::finish`].
#[derive(Debug, Default)]
pub struct Checker {
    pub problems: Vec<Problem>,
}

impl Checker {
    pub fn new() -> Self {
        Checker::default()
    }

    /// Records `result` at `path` when it is an error.
    pub fn check(&mut self, path: impl Into<String>, result: Check) {
        if let Err(e) = result {
            self.problems.push(e.at(path));
        }
    }

    /// A name that must not be empty; `what_fr`/`what_en` complete « Le nom … est obligatoire ».
    pub fn required(&mut self, path: &str, value: &str, what_fr: &str, what_en: &str) {
        if value.trim().is_empty() {
            self.problems.push(Problem::new(
                path,
                "required",
                format!("{what_fr} est obligatoire : saisissez au moins quelques mots."),
                format!("{what_en} is required: enter at least a few words."),
            ));
        }
    }

    /// Applies `rule` to `value` unless it is absent or blank.
    pub fn optional(&mut self, path: &str, value: &Option<String>, rule: fn(&str) -> Check) {
        if let Some(v) = value {
            self.text(path, v, rule);
        }
    }

    /// Applies `rule` to `value` unless it is blank (blank meaning « not filled in »).
    pub fn text(&mut self, path: &str, value: &str, rule: fn(&str) -> Check) {
        if !value.trim().is_empty() {
            self.check(path, rule(value));
        }
    }

    pub fn date(&mut self, path: &str, value: Option<NaiveDate>) {
        if let Some(d) = value {
            self.check(path, date(d));
        }
    }

    pub fn timestamp(&mut self, path: &str, value: DateTime<Utc>) {
        self.check(path, timestamp(value));
    }

    /// Adds the problems of a nested value, found relative to it, under `prefix`.
    pub fn nested(&mut self, prefix: &str, problems: Vec<Problem>) {
        self.problems.extend(problems.into_iter().map(|p| p.under(prefix)));
    }

    pub fn finish(self) -> Vec<Problem> {
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siren_valid_and_invalid() {
        assert_eq!(siren("732829320"), Ok(()));
        assert_eq!(siren("732 829 320"), Ok(()));
        assert_eq!(siren("356000000"), Ok(()));
        assert_eq!(siren("552100554"), Ok(()));
        assert_eq!(siren("732829321").unwrap_err().code, "siren_checksum");
        assert_eq!(siren("73282932").unwrap_err().code, "siren_format");
        assert_eq!(siren("7328293200").unwrap_err().code, "siren_format");
        assert_eq!(siren("73282932A").unwrap_err().code, "siren_format");
        assert_eq!(siren("").unwrap_err().code, "siren_format");
    }

    #[test]
    fn siret_valid_and_invalid() {
        assert_eq!(siret("73282932000074"), Ok(()));
        assert_eq!(siret("732 829 320 00074"), Ok(()));
        // La Poste head office: passes the Luhn test.
        assert_eq!(siret("35600000000048"), Ok(()));
        // La Poste establishment: Luhn fails, but the sum of digits is a multiple of 5.
        let poste = "35600000049837";
        assert!(!luhn_ok(&digit_values(poste).unwrap()));
        assert_eq!(siret(poste), Ok(()));
        assert_eq!(siret("35600000049838").unwrap_err().code, "siret_checksum");
        assert_eq!(siret("73282932000075").unwrap_err().code, "siret_checksum");
        assert_eq!(siret("7328293200007").unwrap_err().code, "siret_format");
        // Luhn over 14 digits holds but the SIREN part is wrong.
        let bad_siren = "73282932100007";
        assert!(luhn_ok(&digit_values(bad_siren).unwrap()));
        assert_eq!(siret(bad_siren).unwrap_err().code, "siret_checksum");
        assert_eq!(siren_of_siret("732 829 320 00074").as_deref(), Some("732829320"));
    }

    #[test]
    fn luhn_key_computation() {
        assert_eq!(luhn_check_digit(&[7, 3, 2, 8, 2, 9, 3, 2]), 0);
        assert_eq!(luhn_check_digit(&[7, 3, 2, 8, 2, 9, 3, 2, 0, 0, 0, 0, 7]), 4);
    }

    #[test]
    fn naf_forms() {
        assert_eq!(normalize_naf("10.71C").as_deref(), Some("10.71C"));
        assert_eq!(normalize_naf("1071C").as_deref(), Some("10.71C"));
        assert_eq!(normalize_naf(" 84.11z ").as_deref(), Some("84.11Z"));
        assert_eq!(normalize_naf("107.1C"), None);
        assert_eq!(normalize_naf("10.71"), None);
        assert_eq!(normalize_naf("10..71C"), None);
        assert_eq!(normalize_naf("1O.71C"), None);
        assert!(naf("10.71C").is_ok());
        assert_eq!(naf("10-71C").unwrap_err().code, "naf_format");
    }

    #[test]
    fn emails() {
        for ok in ["a@b.fr", "contact@boulangerie-martin.fr", "dpo+mairie@exemple.gouv.fr"] {
            assert_eq!(email(ok), Ok(()), "{ok}");
        }
        for bad in ["", "a", "@b.fr", "a@b", "a@@b.fr", "a@b@c.fr", "a b@c.fr", "a@.fr", "a@b.", "a@b..fr"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in
            ["0123456789", "01 23 45 67 89", "01.23.45.67.89", "+33 1 23 45 67 89", "+4930123456", "06-12-34-56-78"]
        {
            assert_eq!(phone(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "123456789",
            "1123456789",
            "01 23 45 67 8",
            "012345678901",
            "+1234567",
            "+1234567890123456",
            "01 23 45 67 8a",
            "++33123456789",
            "+ 33123456789",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postcodes_and_countries() {
        assert!(postcode("30000", "FR").is_ok());
        assert!(postcode("3000", "FR").is_err());
        assert!(postcode("30 000", "FR").is_err());
        assert!(postcode("SW1A 1AA", "GB").is_ok());
        assert!(postcode("", "GB").is_err());
        assert!(postcode("1234567890123", "DE").is_err());
        assert!(country_code("FR").is_ok());
        for bad in ["fr", "F", "FRA", "", "F1"] {
            assert!(country_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for ok in ["https://www.boulangerie-martin.fr", "http://exemple.fr/contact?x=1", "HTTPS://A.FR"] {
            assert_eq!(url(ok), Ok(()), "{ok}");
        }
        for bad in ["", "www.exemple.fr", "ftp://exemple.fr", "https://", "https:///chemin", "https://a b.fr"] {
            assert!(url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(date(d(1900, 1, 1)).is_ok());
        assert!(date(d(2200, 12, 31)).is_ok());
        assert_eq!(date(d(1899, 12, 31)).unwrap_err().code, "date_range");
        assert!(date(d(2201, 1, 1)).is_err());
    }

    #[test]
    fn checker_collects_with_paths() {
        let mut c = Checker::new();
        c.required("/name", "  ", "Le nom", "The name");
        c.optional("/email", &Some("nope".into()), email);
        c.optional("/phone", &Some(String::new()), phone);
        c.optional("/siren", &None, siren);
        c.nested("/address", vec![Invalid::new("x", "fr", "en").at("/postcode")]);
        let p = c.finish();
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/name", "/email", "/address/postcode"]);
    }
}
