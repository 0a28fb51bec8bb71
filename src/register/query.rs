//! The register list: full-text search, filters and sort over the processings of an
//! organisation.
//!
//! The list is queried on every keystroke of the search box, so the costly part — turning each
//! processing into folded searchable text — is done once in [`RegisterIndex::new`]; a query
//! only scans prepared strings and sorts precomputed keys (budget: 100 ms for 1,000 entries,
//! measured by `benches/register_query.rs`).
//!
//! Search is case- and accent-insensitive ([`fold`]): a bakery owner types « securite » or
//! « ETAT CIVIL » and finds « sécurité » and « État civil ».

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::model::{Organisation, Processing, ProcessingRole, ProcessingStatus, Retention, ThirdParty};

use super::adequacy;
use super::completeness::{completeness, Context};

/// Search words beyond this many are ignored: a real search has a few words, and the cap keeps
/// a pasted page of text from costing one scan per word.
const MAX_WORDS: usize = 32;

/// Lowercases `s` and takes the accents off, so that comparisons ignore both: « Sécurité » and
/// « SECURITE » both give « securite ». Covers the Latin-1 letters, French ligatures
/// (œ → oe, æ → ae), the Latin Extended-A letters of EU languages and combining accents;
/// typographic apostrophes become `'` and non-breaking spaces plain spaces, so text pasted from
/// a word processor matches text typed on a keyboard. Other characters are only lowercased.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let plain = match c {
            'À'..='Å' | 'à'..='å' | 'Ā'..='ą' => "a",
            'Æ' | 'æ' => "ae",
            'Ç' | 'ç' | 'Ć'..='č' => "c",
            'Ð' | 'ð' | 'Ď'..='đ' => "d",
            'È'..='Ë' | 'è'..='ë' | 'Ē'..='ě' => "e",
            'Ĝ'..='ģ' => "g",
            'Ĥ'..='ħ' => "h",
            'Ì'..='Ï' | 'ì'..='ï' | 'Ĩ'..='ı' => "i",
            'Ĳ' | 'ĳ' => "ij",
            'Ĵ' | 'ĵ' => "j",
            'Ķ' | 'ķ' => "k",
            'Ĺ'..='ł' => "l",
            'Ñ' | 'ñ' | 'Ń'..='ň' => "n",
            'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō'..='ő' => "o",
            'Œ' | 'œ' => "oe",
            'Ŕ'..='ř' => "r",
            'Ś'..='š' => "s",
            'ß' => "ss",
            'Ţ'..='ŧ' => "t",
            'Þ' | 'þ' => "th",
            'Ù'..='Ü' | 'ù'..='ü' | 'Ũ'..='ų' => "u",
            'Ŵ' | 'ŵ' => "w",
            'Ý' | 'ý' | 'ÿ' | 'Ŷ' | 'ŷ' | 'Ÿ' => "y",
            'Ź'..='ž' => "z",
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => "'",
            '\u{00A0}' | '\u{202F}' | '\u{2007}' => " ",
            '\u{0300}'..='\u{036F}' => "",
            _ => {
                out.extend(c.to_lowercase());
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

/// Compares two folded texts the way a person sorts a list: letter by letter, but numbers by
/// value, so « Traitement 2 » comes before « Traitement 10 ».
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (trim_zeros(&a[..da]), trim_zeros(&b[..db]));
                let o = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb)).then_with(|| da.cmp(&db));
                if o != Ordering::Equal {
                    return o;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let n = d.iter().take_while(|&&c| c == b'0').count();
    &d[n..]
}

/// One line of the register list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    pub id: Uuid,
    /// « Nom du traitement ».
    pub name: String,
    /// « N° / RÉF ».
    pub reference: String,
    /// Description of the main purpose (or the first one); empty when there is none.
    pub main_purpose: String,
    pub role: ProcessingRole,
    pub status: ProcessingStatus,
    /// Art. 9 data, Art. 10 data or the NIR are processed.
    pub sensitive: bool,
    pub archived: bool,
    pub updated_at: DateTime<Utc>,
    pub next_review: Option<NaiveDate>,
    /// The review date is past (never for an archived entry, which is no longer reviewed).
    pub review_overdue: bool,
    /// Completeness in percent, as computed by the caller.
    pub completeness: u8,
    /// Ready for the register, as decided by the caller.
    pub ready: bool,
    /// State of the AIPD; `None` until the AIPD module fills it.
    pub aipd_status: Option<String>,
}

/// Column the list is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    /// Entries without a reference come last, whatever the direction.
    Reference,
    /// Draft, then complete, then validated by the DPO.
    Status,
    Completeness,
    UpdatedAt,
    /// Entries without a review date come last, whatever the direction.
    NextReview,
}

/// What the list shows: every field may be left out of the JSON and takes its default, so the
/// window sends only what the user changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegisterQuery {
    /// Words to find; all must appear, each in any field.
    pub text: String,
    pub status: Option<ProcessingStatus>,
    pub role: Option<ProcessingRole>,
    /// Only entries with (true) or without (false) sensitive data.
    pub sensitive: Option<bool>,
    /// Only entries not ready for the register.
    pub incomplete_only: bool,
    /// Only entries whose review date is past.
    pub overdue_only: bool,
    /// Also show archived entries (hidden by default: they are no longer carried out).
    pub include_archived: bool,
    pub sort: SortKey,
    pub descending: bool,
}

/// Figures for the list header and the dashboard.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterCounts {
    /// Every entry, archived ones included.
    pub total: usize,
    /// Archived entries. The counts below are over the other ones, the live register.
    pub archived: usize,
    pub drafts: usize,
    pub complete: usize,
    pub validated: usize,
    pub overdue: usize,
    pub sensitive: usize,
    /// Not ready for the register.
    pub incomplete: usize,
}

struct Item {
    row: RegisterRow,
    /// Every searchable text of the processing, folded, separated by newlines (a search word
    /// never holds one, so it cannot match across two fields).
    haystack: String,
    name_key: String,
    reference_key: String,
}

/// The register prepared for searching: build it once when the list opens or changes, then
/// query it on every keystroke.
pub struct RegisterIndex {
    items: Vec<Item>,
}

/// JSON keys whose values are not words a person would search for: ids, timestamps and links.
const SKIPPED_KEYS: &[&str] = &["id", "created_at", "updated_at", "next_review", "third_party", "measures"];

fn collect_strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => push_text(out, s),
        Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                if !SKIPPED_KEYS.contains(&k.as_str()) {
                    collect_strings(v, out);
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn push_text(out: &mut String, s: &str) {
    if !s.trim().is_empty() {
        out.push_str(&fold(s));
        out.push('\n');
    }
}

fn retention(r: &Option<Retention>, l: &mut Vec<String>) {
    if let Some(r) = r {
        l.push(r.to_french());
        l.push(r.to_english());
    }
}

/// The words a list shows for the processing's choices and flags, in French and English, so
/// that « consentement », « sous-traitant » or « vidéo » written as a label is found too.
fn labels(p: &Processing) -> Vec<String> {
    let mut l: Vec<String> = Vec::new();
    let mut both = |fr: &str, en: &str| {
        l.push(fr.to_string());
        l.push(en.to_string());
    };
    both(p.role.label_fr(), p.role.label_en());
    both(p.status.label_fr(), p.status.label_en());
    for x in &p.purposes {
        both(x.legal_basis.label_fr(), x.legal_basis.label_en());
    }
    for x in &p.persons_concerned {
        both(x.category.label_fr(), x.category.label_en());
        if x.vulnerable {
            both("Personnes vulnérables", "Vulnerable persons");
        }
    }
    for x in &p.data_categories {
        both(x.category.label_fr(), x.category.label_en());
        both(x.final_disposal.label_fr(), x.final_disposal.label_en());
    }
    for x in &p.sensitive_data {
        both(x.category.label_fr(), x.category.label_en());
        if let Some(e) = x.exception {
            both(e.label_fr(), e.label_en());
        }
    }
    for x in &p.data_origins {
        both(x.label_fr(), x.label_en());
    }
    for x in &p.collection_means {
        both(x.label_fr(), x.label_en());
    }
    for x in &p.recipients {
        both(x.kind.label_fr(), x.kind.label_en());
    }
    for x in &p.transfers {
        if let Some(s) = x.safeguard {
            both(s.label_fr(), s.label_en());
        }
        if let Some(c) = adequacy::country(&x.country) {
            both(&c.name_fr, &c.name_en);
        }
    }
    for x in &p.security.categories {
        both(x.label_fr(), x.label_en());
    }
    let flags = [
        (!p.joint_controllers.is_empty(), "Responsables conjoints", "Joint controllers"),
        (p.paper, "Traitement papier", "Paper processing"),
        (!p.sensitive_data.is_empty(), "Données sensibles", "Sensitive data"),
        (p.criminal_data.is_some(), "Données d'infraction", "Offence data"),
        (p.nir_used, "NIR numéro de sécurité sociale", "NIR social security number"),
        (p.automated_decision, "Décision automatisée", "Automated decision"),
        (!p.transfers.is_empty(), "Transfert hors UE", "Transfer outside the EU"),
        (p.archived, "Archivé", "Archived"),
        (p.public_register, "Registre public", "Public register"),
        (p.large_scale, "Grande échelle", "Large scale"),
    ];
    for (on, fr, en) in flags {
        if on {
            both(fr, en);
        }
    }
    for x in &p.data_categories {
        retention(&x.retention, &mut l);
    }
    for x in &p.sensitive_data {
        retention(&x.retention, &mut l);
    }
    if let Some(c) = &p.criminal_data {
        retention(&c.retention, &mut l);
    }
    l
}

fn haystack(p: &Processing) -> String {
    let mut out = String::new();
    // Serialising a model value cannot fail (no maps with non-string keys, no floats); should
    // it ever, the typed labels below still make the entry findable by its choices.
    if let Ok(v) = serde_json::to_value(p) {
        collect_strings(&v, &mut out);
    }
    for l in labels(p) {
        push_text(&mut out, &l);
    }
    out
}

/// Art. 9 data, Art. 10 data or the NIR: what the list flags as « sensible ».
fn is_sensitive(p: &Processing) -> bool {
    !p.sensitive_data.is_empty() || p.criminal_data.is_some() || p.nir_used
}

/// Punctuation a search word may be wrapped in, which never belongs to it.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '«' | '»' | '–' | '—' | '…' | '“' | '”' | '„' | '·' | '•')
}

/// The search words of `text`, folded: split on spaces, with punctuation around a word
/// dropped (« « paie », » finds « paie »); a word of punctuation only is no word. Symbols and
/// emoji are kept: a user may search for one.
/// Duplicates and words contained in a longer one add nothing and are dropped; the longest
/// come first since they reject a non-matching entry soonest.
fn search_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> =
        fold(text).split_whitespace().map(|w| w.trim_matches(is_punct).to_string()).filter(|w| !w.is_empty()).collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    words.dedup();
    let mut kept: Vec<String> = Vec::new();
    for w in words {
        if kept.len() == MAX_WORDS {
            break;
        }
        if !kept.iter().any(|k| k.contains(w.as_str())) {
            kept.push(w);
        }
    }
    kept
}

impl RegisterIndex {
    /// The index of an organisation's register, each entry with its real completeness
    /// (`register::completeness`): what the window's list and the dashboard show.
    pub fn of_organisation(
        processings: &[Processing],
        organisation: &Organisation,
        third_parties: &[ThirdParty],
        today: NaiveDate,
    ) -> Self {
        let ctx = Context { organisation, third_parties, today };
        RegisterIndex::new(
            processings,
            |p| {
                let c = completeness(p, &ctx);
                (c.percent, c.ready)
            },
            today,
        )
    }

    /// Prepares `processings` for searching. `completeness` gives each entry's percentage and
    /// whether it is ready (the rule lives in `register::completeness`); `today` decides which
    /// review dates are past.
    pub fn new(processings: &[Processing], completeness: impl Fn(&Processing) -> (u8, bool), today: NaiveDate) -> Self {
        let items = processings
            .iter()
            .map(|p| {
                let (percent, ready) = completeness(p);
                let row = RegisterRow {
                    id: p.id,
                    name: p.name.clone(),
                    reference: p.reference.clone(),
                    main_purpose: p.main_purpose().map(|x| x.description.clone()).unwrap_or_default(),
                    role: p.role,
                    status: p.status,
                    sensitive: is_sensitive(p),
                    archived: p.archived,
                    updated_at: p.updated_at,
                    next_review: p.next_review,
                    review_overdue: !p.archived && p.next_review.is_some_and(|d| d < today),
                    completeness: percent.min(100),
                    ready,
                    aipd_status: None,
                };
                Item {
                    name_key: fold(p.name.trim()),
                    reference_key: fold(p.reference.trim()),
                    haystack: haystack(p),
                    row,
                }
            })
            .collect();
        RegisterIndex { items }
    }

    /// Number of entries, archived ones included.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The rows that match `q`, in its order.
    pub fn query(&self, q: &RegisterQuery) -> Vec<RegisterRow> {
        let words = search_words(&q.text);
        let mut hits: Vec<&Item> = self.items.iter().filter(|it| matches(it, q, &words)).collect();
        hits.sort_by(|a, b| compare(a, b, q.sort, q.descending));
        hits.into_iter().map(|it| it.row.clone()).collect()
    }

    /// Figures over the whole register, whatever the query.
    pub fn counts(&self) -> RegisterCounts {
        let mut c = RegisterCounts { total: self.items.len(), ..RegisterCounts::default() };
        for r in self.items.iter().map(|it| &it.row) {
            if r.archived {
                c.archived += 1;
                continue;
            }
            match r.status {
                ProcessingStatus::Draft => c.drafts += 1,
                ProcessingStatus::Complete => c.complete += 1,
                ProcessingStatus::ValidatedByDpo => c.validated += 1,
            }
            c.overdue += usize::from(r.review_overdue);
            c.sensitive += usize::from(r.sensitive);
            c.incomplete += usize::from(!r.ready);
        }
        c
    }
}

fn matches(it: &Item, q: &RegisterQuery, words: &[String]) -> bool {
    let r = &it.row;
    (q.include_archived || !r.archived)
        && q.status.is_none_or(|s| r.status == s)
        && q.role.is_none_or(|x| r.role == x)
        && q.sensitive.is_none_or(|s| r.sensitive == s)
        && (!q.incomplete_only || !r.ready)
        && (!q.overdue_only || r.review_overdue)
        && words.iter().all(|w| it.haystack.contains(w.as_str()))
}

/// Orders two optional values; an absent one comes last in both directions.
fn absent_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => directed(x.cmp(&y), descending),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => Ordering::Equal,
    }
}

fn directed(o: Ordering, descending: bool) -> Ordering {
    if descending {
        o.reverse()
    } else {
        o
    }
}

fn status_rank(s: ProcessingStatus) -> usize {
    ProcessingStatus::ALL.iter().position(|&x| x == s).unwrap_or(usize::MAX)
}

/// The sort key first, then the name (always A→Z, so ties read naturally), then the exact name
/// and the id, so the order never depends on the order of the input.
fn compare(a: &Item, b: &Item, key: SortKey, descending: bool) -> Ordering {
    let (x, y) = (&a.row, &b.row);
    let primary = match key {
        SortKey::Name => directed(natural_cmp(&a.name_key, &b.name_key), descending),
        SortKey::Reference => {
            let some = |k: &str| (!k.is_empty()).then_some(k.to_string());
            match (some(&a.reference_key), some(&b.reference_key)) {
                (Some(p), Some(q)) => directed(natural_cmp(&p, &q), descending),
                (p, q) => absent_last(p, q, descending),
            }
        }
        SortKey::Status => directed(status_rank(x.status).cmp(&status_rank(y.status)), descending),
        SortKey::Completeness => directed(x.completeness.cmp(&y.completeness), descending),
        SortKey::UpdatedAt => directed(x.updated_at.cmp(&y.updated_at), descending),
        SortKey::NextReview => absent_last(x.next_review, y.next_review, descending),
    };
    primary
        .then_with(|| natural_cmp(&a.name_key, &b.name_key))
        .then_with(|| x.name.cmp(&y.name))
        .then_with(|| x.id.cmp(&y.id))
}

/// The names of `incoming` entries already used in `existing` (case and surrounding spaces
/// ignored): an import warns about them before adding them a second time.
pub fn names_already_used(existing: &[Processing], incoming: &[Processing]) -> Vec<String> {
    let used: Vec<String> = existing.iter().map(|p| p.name.trim().to_lowercase()).collect();
    incoming.iter().filter(|p| used.contains(&p.name.trim().to_lowercase())).map(|p| p.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_already_used_ignores_case_and_spaces() {
        let existing = [Processing::new("Gestion de la paie"), Processing::new("Clients")];
        let incoming = [Processing::new(" gestion de la PAIE "), Processing::new("Fournisseurs")];
        assert_eq!(super::names_already_used(&existing, &incoming), [" gestion de la PAIE "]);
        assert!(super::names_already_used(&[], &incoming).is_empty());
    }

    use super::*;

    #[test]
    fn fold_french_and_latin() {
        assert_eq!(fold("Sécurité"), "securite");
        assert_eq!(fold("ÉTAT CIVIL"), "etat civil");
        assert_eq!(fold("Œuvre cœur Ægir"), "oeuvre coeur aegir");
        assert_eq!(fold("ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸàâäçèéêëîïôöùûüÿ"), "aaaceeeeiioouuuyaaaceeeeiioouuuy");
        assert_eq!(fold("Łódź Škoda Straße"), "lodz skoda strasse");
        assert_eq!(fold("l\u{2019}école\u{00A0}A"), "l'ecole a");
        assert_eq!(fold("e\u{0301}te\u{0301}"), "ete");
        assert_eq!(fold("🙂 ΔΣ"), "🙂 δσ");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn natural_order() {
        assert_eq!(natural_cmp("t 2", "t 10"), Ordering::Less);
        assert_eq!(natural_cmp("t 10", "t 2"), Ordering::Greater);
        assert_eq!(natural_cmp("t 02", "t 2"), Ordering::Greater);
        assert_eq!(natural_cmp("abc", "abd"), Ordering::Less);
        assert_eq!(natural_cmp("ab", "abc"), Ordering::Less);
        assert_eq!(natural_cmp("", ""), Ordering::Equal);
        assert_eq!(natural_cmp("99999999999999999999999", "100000000000000000000000"), Ordering::Less);
    }

    #[test]
    fn words() {
        assert_eq!(search_words("  Paie  paie, « PAI »"), ["paie"]);
        assert_eq!(search_words("sécurité données"), ["securite", "donnees"]);
        assert!(search_words("   ").is_empty());
        assert_eq!(search_words("🙂"), ["🙂"]);
        let many: String = (0..100).map(|i| format!("mot{i:03} ")).collect();
        assert_eq!(search_words(&many).len(), MAX_WORDS);
    }
}
