//! Passphrases: how strong one is, and a generator of French word passphrases.
//!
//! - [`assess`] scores a passphrase with zxcvbn (whose dictionaries are English) plus our
//!   own rules: at least [`MIN_CHARS`] characters, and a passphrase that is only one common
//!   French word (`assets/passphrase/common-fr.txt`), with or without digits and symbols
//!   around it, is weak. The verdict and its advice are in French and English, written by
//!   us (zxcvbn's own sentences are mapped to our texts, not translated).
//! - [`generate`] draws words from our list `assets/passphrase/mots.txt` with the operating
//!   system's CSPRNG and joins them with `-`.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Serialize;
use zxcvbn::feedback::{Suggestion, Warning};

/// The fewest characters an acceptable passphrase has (the store refuses shorter ones).
pub const MIN_CHARS: usize = crate::store::crypto::Passphrase::MIN_CHARS;

/// Number of words [`generate`] is called with by default: 6 words from our list give
/// more than 70 bits of entropy (see [`entropy_bits`]).
pub const DEFAULT_WORDS: usize = 6;

/// Only the beginning of a passphrase is analysed: zxcvbn's cost grows quickly with the
/// length, and 256 characters are far beyond what any attack would try anyway.
const ANALYSED_CHARS: usize = 256;

/// The zxcvbn score from which a passphrase is acceptable (10¹⁰ guesses and more).
const ACCEPTABLE_SCORE: u8 = 3;

const WORDS_TXT: &str = include_str!("../assets/passphrase/mots.txt");
const COMMON_FR_TXT: &str = include_str!("../assets/passphrase/common-fr.txt");

/// How strong a passphrase is. `score` is zxcvbn's 0–4 scale after our own caps, `bits`
/// the estimated entropy (log₂ of the guesses zxcvbn estimates, one decimal; it saturates
/// near 64 because zxcvbn counts guesses in a `u64`), `acceptable` what the app requires
/// to create a dossier or change its passphrase. The feedback lists are parallel: the same
/// advice in French and in English, empty for a very strong passphrase.
#[derive(Debug, Clone, Serialize)]
pub struct Strength {
    pub score: u8,
    pub bits: f64,
    pub acceptable: bool,
    pub min_chars: usize,
    pub label_fr: String,
    pub label_en: String,
    pub feedback_fr: Vec<String>,
    pub feedback_en: Vec<String>,
}

/// Our advice, each with its French and English text. The same advice is never given
/// twice in one assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Advice {
    TooShort,
    CommonFrenchWord,
    CommonPassword,
    SingleWord,
    Names,
    KeyboardPattern,
    Repeats,
    Sequences,
    Dates,
    Substitutions,
    Capitals,
    Reversed,
    AddWords,
    OneMoreWord,
    UseGenerator,
}

impl Advice {
    fn fr(self) -> &'static str {
        match self {
            Advice::TooShort => "Trop courte : il faut au moins 8 caractères.",
            Advice::CommonFrenchWord => "C'est un mot courant : il se devine en quelques essais.",
            Advice::CommonPassword => "C'est un mot de passe très répandu : il figure dans toutes les listes.",
            Advice::SingleWord => "Un mot seul se devine facilement, même avec des chiffres autour.",
            Advice::Names => "Les prénoms et les noms de famille se devinent facilement.",
            Advice::KeyboardPattern => "Les suites de touches du clavier (azerty, qsdf…) se devinent facilement.",
            Advice::Repeats => "Les répétitions (aaa, abcabc) n'ajoutent presque rien.",
            Advice::Sequences => "Les suites (abc, 1234, 9876) se devinent facilement.",
            Advice::Dates => "Les dates et les années se devinent facilement, surtout les vôtres.",
            Advice::Substitutions => "Remplacer des lettres (@ pour a, 3 pour e) n'aide presque pas.",
            Advice::Capitals => "Les majuscules n'aident pas beaucoup : ajoutez plutôt un mot.",
            Advice::Reversed => "Un mot écrit à l'envers n'est guère plus difficile à deviner.",
            Advice::AddWords => "Ajoutez deux ou trois mots sans lien entre eux.",
            Advice::OneMoreWord => "Un mot de plus la rendrait très forte.",
            Advice::UseGenerator => "Le plus simple : utilisez le générateur de phrase de passe.",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Advice::TooShort => "Too short: at least 8 characters are needed.",
            Advice::CommonFrenchWord => "This is a common word: it is guessed in a few tries.",
            Advice::CommonPassword => "This is a very common password: it is on every list.",
            Advice::SingleWord => "A single word is easy to guess, even with digits around it.",
            Advice::Names => "First names and surnames are easy to guess.",
            Advice::KeyboardPattern => "Rows of keyboard keys (qwerty, asdf…) are easy to guess.",
            Advice::Repeats => "Repeats (aaa, abcabc) add almost nothing.",
            Advice::Sequences => "Sequences (abc, 1234, 9876) are easy to guess.",
            Advice::Dates => "Dates and years are easy to guess, especially your own.",
            Advice::Substitutions => "Swapping letters (@ for a, 3 for e) barely helps.",
            Advice::Capitals => "Capital letters don't help much: add a word instead.",
            Advice::Reversed => "A word spelt backwards is hardly harder to guess.",
            Advice::AddWords => "Add two or three unrelated words.",
            Advice::OneMoreWord => "One more word would make it very strong.",
            Advice::UseGenerator => "Easiest: use the passphrase generator.",
        }
    }

    fn from_warning(w: Warning) -> Advice {
        match w {
            Warning::StraightRowsOfKeysAreEasyToGuess | Warning::ShortKeyboardPatternsAreEasyToGuess => {
                Advice::KeyboardPattern
            }
            Warning::RepeatsLikeAaaAreEasyToGuess | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
                Advice::Repeats
            }
            Warning::ThisIsATop10Password
            | Warning::ThisIsATop100Password
            | Warning::ThisIsACommonPassword
            | Warning::ThisIsSimilarToACommonlyUsedPassword => Advice::CommonPassword,
            Warning::SequencesLikeAbcAreEasyToGuess => Advice::Sequences,
            Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess => Advice::Dates,
            Warning::AWordByItselfIsEasyToGuess => Advice::SingleWord,
            Warning::NamesAndSurnamesByThemselvesAreEasyToGuess | Warning::CommonNamesAndSurnamesAreEasyToGuess => {
                Advice::Names
            }
        }
    }

    fn from_suggestion(s: Suggestion) -> Option<Advice> {
        Some(match s {
            Suggestion::UseAFewWordsAvoidCommonPhrases | Suggestion::AddAnotherWordOrTwo => Advice::AddWords,
            Suggestion::CapitalizationDoesntHelpVeryMuch
            | Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => Advice::Capitals,
            Suggestion::ReversedWordsArentMuchHarderToGuess => Advice::Reversed,
            Suggestion::PredictableSubstitutionsDontHelpVeryMuch => Advice::Substitutions,
            Suggestion::UseALongerKeyboardPatternWithMoreTurns => Advice::KeyboardPattern,
            Suggestion::AvoidRepeatedWordsAndCharacters => Advice::Repeats,
            Suggestion::AvoidSequences => Advice::Sequences,
            Suggestion::AvoidRecentYears
            | Suggestion::AvoidYearsThatAreAssociatedWithYou
            | Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => Advice::Dates,
            // zxcvbn's reassurance for an empty input: ours is the generator.
            Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => return None,
        })
    }
}

fn label(score: u8) -> (&'static str, &'static str) {
    match score {
        0 => ("Très faible", "Very weak"),
        1 => ("Faible", "Weak"),
        2 => ("Moyenne", "Fair"),
        3 => ("Forte", "Strong"),
        _ => ("Très forte", "Very strong"),
    }
}

fn list_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Our list of words for [`generate`]: lowercase ASCII French words, 4 to 8 letters,
/// all distinct.
pub fn words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| list_lines(WORDS_TXT).collect())
}

/// Our list of common French words and passwords (lowercase, without accents).
pub fn common_french_words() -> &'static [&'static str] {
    static COMMON: OnceLock<Vec<&'static str>> = OnceLock::new();
    COMMON.get_or_init(|| list_lines(COMMON_FR_TXT).collect())
}

fn single_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| common_french_words().iter().chain(words()).copied().collect())
}

/// Lowercase, without the accents French uses (é → e, œ → oe…).
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the passphrase is one common (or listed) French word, possibly surrounded by
/// digits and symbols: « Boulangerie2024! », « soleil », « 123motdepasse ».
fn is_single_common_word(p: &str) -> bool {
    let core = p.trim_matches(|c: char| !c.is_alphabetic());
    if core.is_empty() || !core.chars().all(char::is_alphabetic) {
        return false;
    }
    single_words().contains(fold(core).as_str())
}

/// How strong `p` is. Never panics, and stays fast on any input: only the first 256
/// characters are analysed.
pub fn assess(p: &str) -> Strength {
    let analysed: String = p.chars().take(ANALYSED_CHARS).collect();
    let long_enough = analysed.chars().take(MIN_CHARS).count() >= MIN_CHARS;
    let mut advice: Vec<Advice> = Vec::new();

    let (mut score, bits) = if analysed.is_empty() {
        (0u8, 0.0)
    } else {
        let entropy = zxcvbn::zxcvbn(&analysed, common_french_words());
        let score = u8::from(entropy.score());
        let bits = entropy.guesses_log10() * std::f64::consts::LOG2_10;
        let bits = if bits.is_finite() && bits > 0.0 { (bits * 10.0).round() / 10.0 } else { 0.0 };
        if score < ACCEPTABLE_SCORE {
            if let Some(fb) = entropy.feedback() {
                advice.extend(fb.warning().map(Advice::from_warning));
                advice.extend(fb.suggestions().iter().filter_map(|s| Advice::from_suggestion(*s)));
            }
        }
        (score, bits)
    };

    if !analysed.is_empty() && is_single_common_word(&analysed) {
        score = score.min(1);
        advice.retain(|a| !matches!(a, Advice::SingleWord | Advice::CommonPassword));
        advice.insert(0, Advice::CommonFrenchWord);
    }
    if !long_enough {
        score = score.min(2);
        advice.insert(0, Advice::TooShort);
    }
    let acceptable = long_enough && score >= ACCEPTABLE_SCORE;
    if acceptable {
        if score == ACCEPTABLE_SCORE {
            advice.push(Advice::OneMoreWord);
        }
    } else {
        advice.push(Advice::AddWords);
        advice.push(Advice::UseGenerator);
    }
    let mut seen = Vec::new();
    advice.retain(|a| {
        let new = !seen.contains(a);
        seen.push(*a);
        new
    });

    let (label_fr, label_en) = label(score);
    Strength {
        score,
        bits,
        acceptable,
        min_chars: MIN_CHARS,
        label_fr: label_fr.to_string(),
        label_en: label_en.to_string(),
        feedback_fr: advice.iter().map(|a| a.fr().to_string()).collect(),
        feedback_en: advice.iter().map(|a| a.en().to_string()).collect(),
    }
}

/// A uniformly random index below `n` from the operating system's CSPRNG (rejection
/// sampling: no modulo bias).
fn random_below(n: usize) -> usize {
    let n = u32::try_from(n).expect("word list fits in u32");
    assert!(n > 0);
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let mut buf = [0u8; 4];
        getrandom::fill(&mut buf).expect("the operating system's random generator is unavailable");
        let x = u32::from_le_bytes(buf);
        if x < zone {
            return (x % n) as usize;
        }
    }
}

/// A passphrase of `words` words drawn from our list with the operating system's CSPRNG,
/// joined with `-`, e.g. « lagune-semer-bocal-toupie-mauve-nacre ». Panics only if the
/// operating system cannot give random bytes.
pub fn generate(words: usize) -> String {
    let list = self::words();
    (0..words).map(|_| list[random_below(list.len())]).collect::<Vec<_>>().join("-")
}

/// Entropy in bits of a passphrase of `words` words from [`generate`]: `words × log₂(list
/// length)`.
pub fn entropy_bits(words: usize) -> f64 {
    words as f64 * (self::words().len() as f64).log2()
}
