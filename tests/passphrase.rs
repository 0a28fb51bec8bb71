//! Passphrase strength (zxcvbn + our rules) and the French word generator.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use greffier::passphrase::{
    assess, common_french_words, entropy_bits, generate, words, Strength, DEFAULT_WORDS, MIN_CHARS,
};

fn is_simple_word(w: &str) -> bool {
    (4..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase())
}

#[test]
fn word_list_is_big_distinct_and_simple() {
    let list = words();
    assert!(list.len() >= 3300, "only {} words", list.len());
    let distinct: HashSet<_> = list.iter().collect();
    assert_eq!(distinct.len(), list.len(), "duplicated words in mots.txt");
    for w in list {
        assert!(is_simple_word(w), "{w:?} is not 4–8 lowercase ASCII letters");
    }
    // our own file, with its header
    let raw = include_str!("../assets/passphrase/mots.txt");
    assert!(raw.starts_with('#') && raw.lines().next().unwrap().contains("Greffier"));
}

#[test]
fn common_list_is_lowercase_and_contains_the_classics() {
    let list = common_french_words();
    assert!(list.len() >= 200, "only {} words", list.len());
    for w in list {
        assert!(!w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{w:?}");
    }
    for w in ["motdepasse", "soleil", "bonjour", "azerty", "marseille", "boulangerie", "chocolat"] {
        assert!(list.contains(&w), "{w} missing");
    }
}

#[test]
fn entropy_of_the_default_generator_is_at_least_70_bits() {
    assert!(entropy_bits(DEFAULT_WORDS) >= 70.0, "{}", entropy_bits(DEFAULT_WORDS));
    assert_eq!(entropy_bits(0), 0.0);
    let per_word = (words().len() as f64).log2();
    assert!((entropy_bits(7) - 7.0 * per_word).abs() < 1e-9);
}

#[test]
fn generated_passphrases_are_acceptable_and_made_of_listed_words() {
    let list: HashSet<&str> = words().iter().copied().collect();
    for _ in 0..50 {
        let p = generate(DEFAULT_WORDS);
        let parts: Vec<&str> = p.split('-').collect();
        assert_eq!(parts.len(), DEFAULT_WORDS, "{p}");
        for w in &parts {
            assert!(list.contains(w), "{w} is not in the list ({p})");
        }
        let s = assess(&p);
        assert!(s.acceptable, "{p}: {s:?}");
        assert!(s.score >= 3, "{p}: {s:?}");
    }
    assert_eq!(generate(0), "");
    assert_eq!(generate(1).split('-').count(), 1);
}

#[test]
fn two_generations_differ() {
    assert_ne!(generate(DEFAULT_WORDS), generate(DEFAULT_WORDS));
}

#[test]
fn weak_passphrases_are_refused_with_advice() {
    for p in [
        "",
        "azerty",
        "motdepasse123",
        "boulangerie",
        "Boulangerie2024!",
        "soleil",
        "12345678",
        "aaaaaaaaaa",
        "papillon",
    ] {
        let s = assess(p);
        assert!(!s.acceptable, "{p:?} should not be acceptable: {s:?}");
        assert!(s.score <= 2, "{p:?}: {s:?}");
        assert!(!s.feedback_fr.is_empty(), "{p:?}: no advice");
        assert_eq!(s.feedback_fr.len(), s.feedback_en.len(), "{p:?}");
        assert!(!s.label_fr.contains("orte"), "{p:?} labelled {}", s.label_fr);
    }
}

#[test]
fn empty_passphrase_is_very_weak() {
    let s = assess("");
    assert_eq!(s.score, 0);
    assert_eq!(s.bits, 0.0);
    assert_eq!(s.label_fr, "Très faible");
    assert_eq!(s.label_en, "Very weak");
    assert_eq!(s.min_chars, MIN_CHARS);
    assert!(s.feedback_fr.iter().any(|f| f.contains("8 caractères")));
    assert!(s.feedback_en.iter().any(|f| f.contains("8 characters")));
}

#[test]
fn common_french_word_is_capped_and_says_so() {
    for p in ["boulangerie", "Boulangerie2024", "MARSEILLE13", "Chocolat!", "motdepasse"] {
        let s = assess(p);
        assert!(s.score <= 1, "{p}: {s:?}");
        assert!(s.feedback_fr.iter().any(|f| f.contains("mot courant")), "{p}: {:?}", s.feedback_fr);
        assert!(s.feedback_en.iter().any(|f| f.contains("common word")), "{p}: {:?}", s.feedback_en);
    }
    // accents are folded
    let s = assess("Fraternité1789");
    assert!(s.score <= 1, "{s:?}");
}

#[test]
fn short_passphrase_is_never_acceptable() {
    let s = assess("Xk7#qZ!");
    assert!(!s.acceptable, "{s:?}");
    assert!(s.score <= 2);
    assert!(s.feedback_fr[0].contains("Trop courte"), "{:?}", s.feedback_fr);
}

#[test]
fn long_word_passphrase_is_strong() {
    let s: Strength = assess("lagune-semer-bocal-toupie-mauve-nacre");
    assert!(s.acceptable, "{s:?}");
    assert!(s.label_fr == "Forte" || s.label_fr == "Très forte", "{s:?}");
    assert!(s.label_en == "Strong" || s.label_en == "Very strong", "{s:?}");
    assert!(s.bits >= 40.0, "{s:?}");
    // one decimal at most
    assert!(((s.bits * 10.0).round() - s.bits * 10.0).abs() < 1e-6);
    assert_eq!(s.feedback_fr.len(), s.feedback_en.len());
}

#[test]
fn labels_follow_scores() {
    let cases = [("", "Très faible"), ("lagune-semer-bocal-toupie-mauve-nacre", "Très forte")];
    for (p, label) in cases {
        assert_eq!(assess(p).label_fr, label, "{p}");
    }
    for p in ["azerty", "soleil12", "Tr0ub4dor&3", "correct horse battery staple", &generate(DEFAULT_WORDS)] {
        let s = assess(p);
        let expected = ["Très faible", "Faible", "Moyenne", "Forte", "Très forte"][s.score as usize];
        assert_eq!(s.label_fr, expected, "{p}");
        assert_eq!(s.acceptable, s.score >= 3 && p.chars().count() >= MIN_CHARS, "{p}");
    }
}

#[test]
fn very_long_input_is_quick() {
    let long: String = "lagune-semer-bocal-toupie-mauve-nacre-".repeat(300);
    assert!(long.chars().count() >= 10_000);
    let start = Instant::now();
    let s = assess(&long);
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert!(s.acceptable);

    let same: String = "a".repeat(10_000);
    let start = Instant::now();
    let s = assess(&same);
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert!(!s.acceptable);

    let accents: String = "é".repeat(10_000);
    let s = assess(&accents);
    assert!(!s.acceptable);
}

#[test]
fn strength_serializes_for_the_window() {
    let v = serde_json::to_value(assess("azerty")).unwrap();
    for key in ["score", "bits", "acceptable", "min_chars", "label_fr", "label_en", "feedback_fr", "feedback_en"] {
        assert!(v.get(key).is_some(), "{key} missing in {v}");
    }
}
