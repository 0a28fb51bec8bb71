//! Reading a retention period written in French « durée de conservation », as people type
//! it in a spreadsheet: « 5 ans à compter du versement de la paie », « un an », « 13 mois
//! (15 en débit différé) », « durée de la relation commerciale ».
//!
//! The reader is deliberately narrow: a text is a fixed period only when it *starts* with a
//! number (digits or a French number word) followed by a unit; everything after the unit
//! is kept word for word as the starting point. Anything else is a criterion holding the
//! whole text, so nothing typed is ever lost — a wrong guess would silently change a legal
//! commitment, a criterion merely asks the user to look at it.

use crate::model::{Retention, TimeUnit};

/// Reads a retention period typed in French (English units are accepted too).
///
/// Returns `None` for an empty (or blank) text, a [`Retention::Duration`] when the text
/// starts with « nombre + unité », and a [`Retention::Criterion`] with the trimmed text
/// otherwise. The legal source is always left empty: the text does not say it.
pub fn parse_retention(text: &str) -> Option<Retention> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(
        parse_duration(t)
            .unwrap_or_else(|| Retention::Criterion { criterion: t.to_string(), legal_source: String::new() }),
    )
}

/// « nombre + unité + point de départ », or `None`.
fn parse_duration(t: &str) -> Option<Retention> {
    let (amount, rest) = leading_number(t)?;
    if amount == 0 {
        // « 0 jour » makes no sense as a period (the model refuses it): keep the text.
        return None;
    }
    let (unit, rest) = leading_unit(rest.trim_start())?;
    Some(Retention::Duration { amount, unit, starting_point: rest.trim().to_string(), legal_source: String::new() })
}

/// French number words people write for the usual periods.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("douze", 12),
    ("quinze", 15),
    ("vingt", 20),
    ("trente", 30),
    ("cinquante", 50),
];

/// Unit words, singular, plural, abbreviated, with and without accents; English too.
const UNIT_WORDS: &[(&str, TimeUnit)] = &[
    ("an", TimeUnit::Years),
    ("ans", TimeUnit::Years),
    ("année", TimeUnit::Years),
    ("années", TimeUnit::Years),
    ("annee", TimeUnit::Years),
    ("annees", TimeUnit::Years),
    ("year", TimeUnit::Years),
    ("years", TimeUnit::Years),
    ("mois", TimeUnit::Months),
    ("month", TimeUnit::Months),
    ("months", TimeUnit::Months),
    ("j", TimeUnit::Days),
    ("jr", TimeUnit::Days),
    ("jrs", TimeUnit::Days),
    ("jour", TimeUnit::Days),
    ("jours", TimeUnit::Days),
    ("day", TimeUnit::Days),
    ("days", TimeUnit::Days),
    ("sem", TimeUnit::Weeks),
    ("semaine", TimeUnit::Weeks),
    ("semaines", TimeUnit::Weeks),
    ("week", TimeUnit::Weeks),
    ("weeks", TimeUnit::Weeks),
];

/// Abbreviations that may carry a full stop (« 30 j. », « 2 sem. »).
const ABBREVIATIONS: &[&str] = &["j", "jr", "jrs", "sem"];

/// The number at the start of `t` (digits or a number word) and what follows it.
fn leading_number(t: &str) -> Option<(u32, &str)> {
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 {
        let amount = t[..digits].parse::<u32>().ok()?;
        return Some((amount, &t[digits..]));
    }
    let (word, rest) = leading_word(t);
    if word.is_empty() || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let word = word.to_lowercase();
    NUMBER_WORDS.iter().find(|(w, _)| *w == word).map(|&(_, n)| (n, rest))
}

/// The unit at the start of `t` and what follows it; the unit must end the word (« 5 ans »,
/// not « 5 anciens »).
fn leading_unit(t: &str) -> Option<(TimeUnit, &str)> {
    let (word, mut rest) = leading_word(t);
    let lower = word.to_lowercase();
    let &(_, unit) = UNIT_WORDS.iter().find(|(w, _)| *w == lower)?;
    if ABBREVIATIONS.contains(&lower.as_str()) {
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    if rest.starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((unit, rest))
}

/// The run of letters at the start of `t`, and the rest.
fn leading_word(t: &str) -> (&str, &str) {
    let end = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
    t.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn duration(amount: u32, unit: TimeUnit, from: &str) -> Option<Retention> {
        Some(Retention::Duration { amount, unit, starting_point: from.to_string(), legal_source: String::new() })
    }

    fn criterion(text: &str) -> Option<Retention> {
        Some(Retention::Criterion { criterion: text.to_string(), legal_source: String::new() })
    }

    #[test]
    fn periods_people_type() {
        use TimeUnit::*;
        let cases = [
            ("5 ans à compter du versement de la paie", duration(5, Years, "à compter du versement de la paie")),
            ("6 mois", duration(6, Months, "")),
            ("1 an", duration(1, Years, "")),
            ("un an", duration(1, Years, "")),
            ("Une année", duration(1, Years, "")),
            ("trois ans", duration(3, Years, "")),
            ("30 jours", duration(30, Days, "")),
            ("30 j.", duration(30, Days, "")),
            ("2 semaines", duration(2, Weeks, "")),
            ("2 sem. après l'envoi", duration(2, Weeks, "après l'envoi")),
            ("10 ans après la clôture de l'exercice", duration(10, Years, "après la clôture de l'exercice")),
            ("5 years", duration(5, Years, "")),
            ("13 mois (15 en débit différé)", duration(13, Months, "(15 en débit différé)")),
            ("  5ans, en archive  ", duration(5, Years, ", en archive")),
            ("Cinquante ans", duration(50, Years, "")),
            ("quinze jours", duration(15, Days, "")),
            ("durée de la relation commerciale", criterion("durée de la relation commerciale")),
            ("jusqu'à la fin du contrat", criterion("jusqu'à la fin du contrat")),
            ("5 anciens dossiers", criterion("5 anciens dossiers")),
            ("2 à 5 ans", criterion("2 à 5 ans")),
            ("0 jour", criterion("0 jour")),
            ("99999999999 ans", criterion("99999999999 ans")),
            ("unan", criterion("unan")),
            ("5", criterion("5")),
            ("", None),
            ("   \n", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_retention(text), want, "{text:?}");
        }
    }

    fn unit() -> impl Strategy<Value = TimeUnit> {
        prop::sample::select(TimeUnit::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn never_panics(s in ".*") {
            let _ = parse_retention(&s);
        }

        #[test]
        fn criterion_keeps_the_text(s in ".*") {
            if let Some(Retention::Criterion { criterion, .. }) = parse_retention(&s) {
                prop_assert_eq!(criterion, s.trim());
            }
        }

        #[test]
        fn reads_back_its_own_french(amount in 1u32..=u32::MAX, unit in unit(), from in "[^\\s][^\\n]{0,40}") {
            let from = from.trim().to_string();
            let r = Retention::Duration { amount, unit, starting_point: from, legal_source: String::new() };
            prop_assert_eq!(parse_retention(&r.to_french()), Some(r));
        }
    }
}
