//! Interop with the CNIL's PIA software « logiciel PIA »: import of the `.json` it exports
//! (« Analyse à importer dans l'outil PIA ») into a new analysis, and export of an analysis
//! as a `.json` the PIA software imports.
//!
//! The file has five parts (`pia`, `answers`, `measures`, `evaluations`, `comments`, see
//! `docs/pia-tool-interop.md` for the field-by-field mapping). What we read:
//! - answers by question id (111…346) into the context, the principles and the three
//!   feared events; measures by title and id; evaluations by their dotted reference
//!   (`1.1`, `2.1.211`, `3.1.<measure id>`, `3.2`…) with their action plan and the
//!   evaluator's residual gauges; the DPO's and the data subjects' opinions; a refusal.
//! - Anything else (comments, questions added by a custom template, unknown fields, the
//!   original status and dates) becomes an [`ImportNote`]: never dropped silently.
//! - The imported analysis is always « En cours »: a validation given in another tool is
//!   done again here, by the people responsible in Greffier.
//!
//! HTML from the PIA software's rich-text editor becomes plain text through
//! [`html_to_text`], which keeps no tag, no attribute and no script text; our text goes back
//! as HTML through [`text_to_html`], escaped. The two are each other's inverse on plain text
//! in normal form, which makes import → export → import stable.
//!
//! A file that is not a PIA export (a ZIP, a PDF, a Greffier export, broken JSON…) gets an
//! error saying what it is and what to do; an item with wrong types is skipped with a
//! warning, and the import fails only when nothing usable remains.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use serde::Serialize;
use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::model::{
    Aipd, AipdMeasure, AipdStatus, ContextAnswer, ContextKey, ContextPart, CorrectiveAction, Estimate, Evaluation,
    FearedEvent, ImportNote, Level, MeasurePhase, Opinion, OrganisationBundle, PartRef, PrincipleAnswer, PrincipleKey,
    Rating, Record, Refusal, Risk,
};
use crate::register::query::fold;
use crate::store::{Dossier, StoreError};

/// The largest file accepted: a PIA export is text only (attachments are not in it), a few
/// hundred kilobytes at most; 20 MB leaves room and keeps a wrong file from filling memory.
pub const MAX_SIZE: usize = 20 * 1024 * 1024;

/// Put before the name of an imported analysis, so that it is told apart from one written here.
pub const IMPORT_PREFIX: &str = "(Import) ";

/// First line of a comment that carries one of our import notes back and forth through the
/// PIA software (see [`export`]); the note's origin follows, then `)`.
const NOTE_MARKER: &str = "Greffier — note d'import (origine : ";

/// First paragraph of a measure's content that says the measure is already in place: the
/// PIA software has no such field, so the phase travels in the text.
const EXISTING_MARKER: &str = "Mesure existante.";

/// A field of our own in the exported `pia`: the date of the last refusal, which the PIA
/// software does not keep (it ignores fields it does not know).
const REFUSAL_DATE_KEY: &str = "greffier_rejection_date";

/// Where the comments that have no question of their own are attached in the PIA software
/// (question 1.1.1, the first one, always present).
const GENERAL_QUESTION: u32 = 111;

/// The feared events in the order of the PIA software's items 3.2, 3.3, 3.4.
const EVENTS: [FearedEvent; 3] =
    [FearedEvent::IllegitimateAccess, FearedEvent::UnwantedModification, FearedEvent::Disappearance];

/// What [`import`] read, for the preview and the summary after saving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PiaImport {
    /// The analysis built from the file (not saved by [`import`]).
    pub aipd: Aipd,
    /// How many items of the file were placed in a field: answers, measures, evaluations and
    /// the filled fields of `pia` (names, opinions, refusal).
    pub mapped: usize,
    /// How many import notes the analysis carries (what has no field here).
    pub notes: usize,
    /// The status the analysis had in the PIA software « Validation simple », « Refusée »…
    pub original_status_fr: String,
    pub original_status_en: String,
    /// What was skipped or needs a look, one sentence each, French and English in the same order.
    pub warnings_fr: Vec<String>,
    pub warnings_en: Vec<String>,
}

/// Why a file cannot be imported at all; `code` is stable for the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message_fr}")]
pub struct PiaImportError {
    pub code: &'static str,
    pub message_fr: String,
    pub message_en: String,
}

impl PiaImportError {
    fn new(code: &'static str, fr: impl Into<String>, en: impl Into<String>) -> Self {
        PiaImportError { code, message_fr: fr.into(), message_en: en.into() }
    }
}

/// Why [`import_into`] saved nothing: the file, or the dossier.
#[derive(Debug, thiserror::Error)]
pub enum PiaImportFailure {
    #[error("{}", .0.message_fr)]
    File(#[from] PiaImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl PiaImportFailure {
    pub fn code(&self) -> &'static str {
        match self {
            PiaImportFailure::File(e) => e.code,
            PiaImportFailure::Store(e) => e.code(),
        }
    }

    pub fn message_fr(&self) -> String {
        match self {
            PiaImportFailure::File(e) => e.message_fr.clone(),
            PiaImportFailure::Store(e) => e.to_string(),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PiaImportFailure::File(e) => e.message_en.clone(),
            PiaImportFailure::Store(e) => e.message_en(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// HTML ↔ text
// ---------------------------------------------------------------------------------------

/// Elements whose content is never text: dropped whole, up to their closing tag (or to the
/// end when it is missing).
const RAW_ELEMENTS: [&str; 11] =
    ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "title"];

/// Elements that start and end a paragraph.
#[rustfmt::skip]
const BLOCK_ELEMENTS: [&str; 31] = [
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr", "blockquote", "pre", "section",
    "article", "header", "footer", "hr", "dl", "dt", "dd", "figure", "figcaption", "address", "main", "nav", "aside",
    "details", "summary", "caption",
];

/// The plain text of an HTML fragment from a rich-text editor. Safe by construction: every
/// tag is removed with its attributes, the content of `<script>`, `<style>` and the like is
/// dropped (to the end when not closed), comments too, and entities are decoded into
/// characters that stay text (`&lt;b&gt;` gives the four characters `<b>`).
///
/// Layout is kept as plain text: a paragraph or block is separated by a blank line, `<br>`
/// gives a line break, a list item gives a line starting with `- `. Runs of spaces and line
/// breaks of the source collapse into one space, as a browser shows them; lines are trimmed
/// and blank lines never repeat. A link to a web or e-mail address keeps its address in
/// brackets after its text.
pub fn html_to_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut w = TextWriter::default();
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '<' => match parse_tag(rest) {
                Markup::Literal => {
                    w.push('<');
                    i += 1;
                }
                Markup::Skip(len) => i += len,
                Markup::Tag { name, closing, attrs, len } => {
                    i += len;
                    if !closing && RAW_ELEMENTS.contains(&name.as_str()) {
                        let close = format!("</{name}");
                        i = match lower[i..].find(&close) {
                            Some(at) => {
                                let after = i + at + close.len();
                                lower[after..].find('>').map_or(html.len(), |gt| after + gt + 1)
                            }
                            None => html.len(),
                        };
                        continue;
                    }
                    match name.as_str() {
                        "br" => w.line_break(),
                        "li" if !closing => w.list_item(),
                        "li" => w.soft_break(),
                        "td" | "th" => w.space(),
                        // Nesting is capped, so that hostile input stays linear.
                        "a" if !closing && links.len() < 16 => links.push((safe_href(&attrs), w.out.len())),
                        "a" => {
                            if let Some((href, start)) = links.pop() {
                                if !href.is_empty() && !w.out.get(start..).unwrap_or("").contains(&href) {
                                    w.space();
                                    for ch in format!("({href})").chars() {
                                        w.push(ch);
                                    }
                                }
                            }
                        }
                        n if BLOCK_ELEMENTS.contains(&n) => w.paragraph(),
                        _ => {}
                    }
                }
            },
            '&' => {
                let (decoded, len) = decode_entity(rest);
                w.push(decoded);
                i += len;
            }
            _ => {
                w.push(c);
                i += c.len_utf8();
            }
        }
    }
    normalise_lines(&w.out)
}

/// HTML for a plain text, every character escaped: paragraphs (separated by a blank line)
/// become `<p>`, line breaks `<br>`, and a paragraph whose lines all start with `- ` a `<ul>`
/// list. [`html_to_text`] gives back the text, in normal form.
pub fn text_to_html(text: &str) -> String {
    let text = normalise_lines(&text.replace("\r\n", "\n").replace('\r', "\n"));
    let mut out = String::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if paragraph.is_empty() {
            return;
        }
        if paragraph.iter().all(|l| l.len() > 2 && l.starts_with("- ")) {
            out.push_str("<ul>");
            for l in paragraph.iter() {
                out.push_str("<li>");
                out.push_str(&escape_html(&l[2..]));
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        } else {
            out.push_str("<p>");
            let lines: Vec<String> = paragraph.iter().map(|l| escape_html(l)).collect();
            out.push_str(&lines.join("<br>"));
            out.push_str("</p>");
        }
        paragraph.clear();
    };
    for line in text.split('\n') {
        if line.is_empty() {
            flush(&mut paragraph, &mut out);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Builds the text of [`html_to_text`]: whitespace collapses, breaks wait for the next
/// visible character so that none is left at the start or the end.
#[derive(Default)]
struct TextWriter {
    out: String,
    /// 0 nothing, 1 line break, 2 blank line.
    pending_break: u8,
    pending_space: bool,
    pending_bullet: bool,
}

impl TextWriter {
    fn push(&mut self, c: char) {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            self.pending_space = true;
            return;
        }
        if c.is_control() {
            return;
        }
        if !self.out.is_empty() {
            if self.pending_break > 0 {
                for _ in 0..self.pending_break {
                    self.out.push('\n');
                }
            } else if self.pending_space && !self.out.ends_with('\n') {
                self.out.push(' ');
            }
        }
        if self.pending_bullet {
            self.out.push_str("- ");
        }
        self.pending_break = 0;
        self.pending_space = false;
        self.pending_bullet = false;
        self.out.push(c);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    /// `<br>`: each one adds a line break (two make a blank line).
    fn line_break(&mut self) {
        self.pending_break = (self.pending_break + 1).min(2);
        self.pending_space = false;
    }

    /// A break that does not add to one already pending (end of a list item).
    fn soft_break(&mut self) {
        self.pending_break = self.pending_break.max(1);
        self.pending_space = false;
    }

    fn paragraph(&mut self) {
        self.pending_break = 2;
        self.pending_space = false;
        self.pending_bullet = false;
    }

    fn list_item(&mut self) {
        self.soft_break();
        self.pending_bullet = true;
    }
}

/// Lines trimmed, no blank line at the start or the end, never two in a row.
fn normalise_lines(s: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in s.split('\n') {
        let line = line.trim();
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

enum Markup {
    /// A `<` that opens no tag (`a < b`): text.
    Literal,
    /// A comment, a declaration or an unfinished tag: nothing to show.
    Skip(usize),
    Tag {
        name: String,
        closing: bool,
        attrs: String,
        len: usize,
    },
}

/// The markup at the start of `s` (which starts with `<`).
fn parse_tag(s: &str) -> Markup {
    if let Some(body) = s.strip_prefix("<!--") {
        return Markup::Skip(body.find("-->").map_or(s.len(), |at| 4 + at + 3));
    }
    let bytes = s.as_bytes();
    let (closing, start) = match bytes.get(1) {
        Some(b'/') => (true, 2),
        Some(b'!') | Some(b'?') => return Markup::Skip(s.find('>').map_or(s.len(), |at| at + 1)),
        Some(b) if b.is_ascii_alphabetic() => (false, 1),
        _ => return Markup::Literal,
    };
    if closing && !bytes.get(2).is_some_and(|b| b.is_ascii_alphabetic()) {
        // `</ >` and the like: a bogus comment for a browser, up to `>` or the end (so that
        // many of them never make the scan quadratic).
        return Markup::Skip(s.find('>').map_or(s.len(), |at| at + 1));
    }
    let name_end = s[start..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(s.len(), |at| start + at);
    let name = s[start..name_end].to_ascii_lowercase();
    // The end of the tag, skipping `>` inside quoted attribute values.
    let mut quote: Option<char> = None;
    for (at, c) in s[name_end..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"') | (None, '\'') => quote = Some(c),
            (None, '>') => {
                let attrs = s[name_end..name_end + at].to_string();
                return Markup::Tag { name, closing, attrs, len: name_end + at + 1 };
            }
            _ => {}
        }
    }
    // Never closed: whatever follows is inside the tag (e.g. `<img src=x onerror=…`).
    Markup::Skip(s.len())
}

/// The `href` of a link when it is a web or e-mail address (nothing else is kept, so no
/// `javascript:` or `data:` URL can come through), entity-decoded.
fn safe_href(attrs: &str) -> String {
    for (name, value) in parse_attrs(attrs) {
        if name != "href" {
            continue;
        }
        let mut decoded = String::new();
        let mut i = 0;
        while i < value.len() {
            let rest = &value[i..];
            let Some(c) = rest.chars().next() else { break };
            if c == '&' {
                let (d, len) = decode_entity(rest);
                decoded.push(d);
                i += len;
            } else {
                decoded.push(c);
                i += c.len_utf8();
            }
        }
        let url = decoded.trim();
        let l = url.to_ascii_lowercase();
        let allowed = l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:");
        if allowed && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>') {
            return url.to_string();
        }
    }
    String::new()
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' && chars[i] != '/' {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let q = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != q {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        }
        if i == start {
            i += 1;
        }
    }
    out
}

/// The character of the entity at the start of `s` (which starts with `&`) and its length;
/// a `&` that starts no known entity is itself.
fn decode_entity(s: &str) -> (char, usize) {
    // Entities are short: look for `;` in the next 32 bytes only (a long text of `&` never
    // makes the scan quadratic).
    let Some(end) = s.bytes().take(33).position(|b| b == b';').filter(|&at| at > 1) else { return ('&', 1) };
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()
            }
            Some(_) => None,
            None if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) => num.parse::<u32>().ok(),
            None => None,
        };
        match value {
            Some(0) => '\u{fffd}',
            Some(v) => char::from_u32(v).unwrap_or('\u{fffd}'),
            None => return ('&', 1),
        }
    } else {
        match named_entity(body) {
            Some(c) => c,
            None => return ('&', 1),
        }
    };
    (c, end + 1)
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "bull" => '•',
        "middot" => '·',
        "euro" => '€',
        "pound" => '£',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "shy" => '\u{ad}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "ordm" => 'º',
        "ordf" => 'ª',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "auml" => 'ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "oelig" => 'œ',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "Ocirc" => 'Ô',
        "Ouml" => 'Ö',
        "OElig" => 'Œ',
        "Ugrave" => 'Ù',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yuml" => 'Ÿ',
        _ => return None,
    })
}

/// A text typed in a plain field of the PIA software (names, opinions, comments): line
/// breaks unified, control characters removed, lines right-trimmed, no blank line at the
/// start or the end. It stays as typed (`a < b` is text); only a value that is plainly the
/// output of a rich-text editor (starts with a tag and closes one) goes through
/// [`html_to_text`].
fn plain_text(s: &str) -> String {
    let t = s.trim_start();
    let editor_html = t.starts_with('<')
        && t.as_bytes().get(1).is_some_and(|b| b.is_ascii_alphabetic())
        && (t.contains("</") || t.to_ascii_lowercase().contains("<br"));
    if editor_html {
        return html_to_text(s);
    }
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let cleaned: String = unified.chars().filter(|&c| c == '\n' || c == '\t' || !c.is_control()).collect();
    let lines: Vec<&str> = cleaned.split('\n').map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// A one-line value (a tag of a list, a name).
fn one_line(s: &str) -> String {
    plain_text(s).split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// Reads a file's bytes: refuses what is too big, a ZIP, a PDF, a Greffier dossier or text
/// that is not UTF-8 with a message that says what the file is, then [`import`]s it.
pub fn import_bytes(bytes: &[u8], bundle: &OrganisationBundle) -> Result<PiaImport, PiaImportError> {
    if bytes.len() > MAX_SIZE {
        return Err(too_large(bytes.len()));
    }
    if bytes.starts_with(crate::store::crypto::MAGIC) && bytes.len() >= 16 {
        return Err(PiaImportError::new(
            "pia_greffier_dossier",
            "Ce fichier est un dossier Greffier chiffré, pas une analyse du logiciel PIA. Ouvrez-le avec « Ouvrir un \
             dossier » ; pour importer une analyse du logiciel PIA, choisissez le fichier .json qu'il a exporté.",
            "This file is an encrypted Greffier dossier, not an analysis from the PIA software. Open it with « Open a \
             dossier »; to import an analysis from the PIA software, choose the .json file it exported.",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"PK") || bytes.starts_with(b"%PDF") {
        return import(&String::from_utf8_lossy(&bytes[..bytes.len().min(8)]), bundle);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => import(text, bundle),
        Err(_) => Err(PiaImportError::new(
            "pia_not_text",
            "Ce fichier n'est pas un fichier texte JSON (son contenu est binaire ou dans un autre encodage que \
             UTF-8). Choisissez le fichier .json exporté par le logiciel PIA, sans l'ouvrir ni le réenregistrer \
             dans un traitement de texte.",
            "This file is not a JSON text file (its content is binary or in an encoding other than UTF-8). Choose \
             the .json file exported by the PIA software, without opening or saving it in a word processor.",
        )),
    }
}

fn too_large(len: usize) -> PiaImportError {
    let mb = len.div_ceil(1024 * 1024);
    PiaImportError::new(
        "pia_too_large",
        format!(
            "Ce fichier est trop gros ({mb} Mo) pour être une analyse exportée du logiciel PIA (20 Mo au plus). \
             Vérifiez que vous avez choisi le fichier .json de l'analyse, et non une archive ou un autre document."
        ),
        format!(
            "This file is too large ({mb} MB) to be an analysis exported by the PIA software (20 MB at most). Check \
             that you chose the analysis' .json file, not an archive or another document."
        ),
    )
}

fn not_pia(detail_fr: &str, detail_en: &str) -> PiaImportError {
    PiaImportError::new(
        "pia_not_pia",
        format!(
            "Ce fichier n'est pas une analyse exportée du logiciel PIA de la CNIL ({detail_fr}). Dans le logiciel \
             PIA, ouvrez l'analyse, choisissez « Exporter », puis « Analyse à importer dans l'outil PIA » (.json), \
             et importez ce fichier-là."
        ),
        format!(
            "This file is not an analysis exported by the CNIL's PIA software ({detail_en}). In the PIA software, \
             open the analysis, choose « Export », then « Analysis to import into the PIA tool » (.json), and import \
             that file."
        ),
    )
}

/// Reads the `.json` exported by the PIA software into a new analysis « En cours » (not
/// saved). See the module's documentation for what goes where.
pub fn import(text: &str, bundle: &OrganisationBundle) -> Result<PiaImport, PiaImportError> {
    if text.len() > MAX_SIZE {
        return Err(too_large(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(PiaImportError::new(
            "pia_empty",
            "Ce fichier est vide. Exportez à nouveau l'analyse depuis le logiciel PIA (« Exporter », puis « Analyse \
             à importer dans l'outil PIA ») et choisissez le fichier .json obtenu.",
            "This file is empty. Export the analysis again from the PIA software (« Export », then « Analysis to \
             import into the PIA tool ») and choose the .json file you get.",
        ));
    }
    if trimmed.starts_with("PK") {
        return Err(PiaImportError::new(
            "pia_zip",
            "Ce fichier est une archive ZIP (l'export complet du logiciel PIA). Décompressez-la d'abord (clic droit, \
             « Extraire tout »), puis importez le fichier pia.json qu'elle contient. Les pièces jointes ne sont pas \
             reprises : gardez-les à part.",
            "This file is a ZIP archive (the PIA software's full export). Unzip it first (right click, « Extract \
             all »), then import the pia.json file it contains. Attachments are not imported: keep them aside.",
        ));
    }
    if trimmed.starts_with("%PDF") {
        return Err(PiaImportError::new(
            "pia_pdf",
            "Ce fichier est un PDF : c'est le rapport de l'analyse, qui ne peut pas être relu. Dans le logiciel PIA, \
             exportez l'analyse au format « Analyse à importer dans l'outil PIA » (.json) et importez ce fichier.",
            "This file is a PDF: it is the analysis' report, which cannot be read back. In the PIA software, export \
             the analysis as « Analysis to import into the PIA tool » (.json) and import that file.",
        ));
    }
    if trimmed.starts_with('<') {
        return Err(PiaImportError::new(
            "pia_html",
            "Ce fichier est une page HTML ou un document .doc : c'est le rapport de l'analyse, qui ne peut pas être \
             relu. Dans le logiciel PIA, exportez l'analyse au format « Analyse à importer dans l'outil PIA » (.json) \
             et importez ce fichier.",
            "This file is an HTML page or a .doc document: it is the analysis' report, which cannot be read back. In \
             the PIA software, export the analysis as « Analysis to import into the PIA tool » (.json) and import \
             that file.",
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            PiaImportError::new(
                "pia_truncated",
                format!(
                    "Ce fichier JSON est incomplet : il s'arrête avant la fin (ligne {}). Il a sans doute été mal \
                     copié ou téléchargé : exportez à nouveau l'analyse depuis le logiciel PIA.",
                    e.line()
                ),
                format!(
                    "This JSON file is incomplete: it stops before its end (line {}). It was probably badly copied \
                     or downloaded: export the analysis again from the PIA software.",
                    e.line()
                ),
            )
        } else {
            PiaImportError::new(
                "pia_not_json",
                format!(
                    "Ce fichier n'est pas du JSON lisible (ligne {}, colonne {}). Choisissez le fichier .json exporté \
                     par le logiciel PIA, sans l'avoir modifié.",
                    e.line(),
                    e.column()
                ),
                format!(
                    "This file is not readable JSON (line {}, column {}). Choose the .json file exported by the PIA \
                     software, unmodified.",
                    e.line(),
                    e.column()
                ),
            )
        }
    })?;
    let Some(root) = value.as_object() else {
        return Err(not_pia("le contenu n'est pas un objet JSON", "the content is not a JSON object"));
    };
    if root.get("format").and_then(Value::as_str) == Some(crate::documents::json::FORMAT) {
        return Err(PiaImportError::new(
            "pia_greffier_export",
            "Ce fichier est un export de dossier Greffier, pas une analyse du logiciel PIA. Il se reprend avec \
             l'import d'un dossier Greffier ; ici, choisissez le fichier .json exporté par le logiciel PIA.",
            "This file is a Greffier dossier export, not an analysis from the PIA software. It is read back with the \
             Greffier dossier import; here, choose the .json file exported by the PIA software.",
        ));
    }
    if root.get("structure").is_some_and(Value::is_object) && !root.contains_key("pia") {
        return Err(PiaImportError::new(
            "pia_template",
            "Ce fichier est un modèle (« structure ») du logiciel PIA, pas une analyse. Importez une analyse exportée \
             (« Exporter », puis « Analyse à importer dans l'outil PIA »).",
            "This file is a template (« structure ») of the PIA software, not an analysis. Import an exported \
             analysis (« Export », then « Analysis to import into the PIA tool »).",
        ));
    }
    if !root.contains_key("pia") && (root.contains_key("knowledges") || root.contains_key("knowledge_base")) {
        return Err(PiaImportError::new(
            "pia_knowledge_base",
            "Ce fichier est une base de connaissances du logiciel PIA, pas une analyse. Importez une analyse \
             exportée (« Exporter », puis « Analyse à importer dans l'outil PIA »).",
            "This file is a knowledge base of the PIA software, not an analysis. Import an exported analysis \
             (« Export », then « Analysis to import into the PIA tool »).",
        ));
    }
    let Some(pia) = root.get("pia").and_then(Value::as_object) else {
        return Err(not_pia("l'objet « pia » manque", "the « pia » object is missing"));
    };
    let Some(answers) = root.get("answers").and_then(Value::as_array) else {
        return Err(not_pia("la liste « answers » des réponses manque", "the « answers » list is missing"));
    };
    let mut im = Importer::new(bundle);
    im.read_pia(pia);
    im.read_answers(answers);
    let measures = im.list(root, "measures", "mesures", "measures");
    im.read_measures(&measures);
    im.link_risk_measures();
    let evaluations = im.list(root, "evaluations", "évaluations", "evaluations");
    im.read_evaluations(&evaluations);
    let comments = im.list(root, "comments", "commentaires", "comments");
    im.read_comments(&comments);
    im.read_other_keys(root);
    im.finish()
}

/// Reads the file and saves it as a new analysis of `org` « En cours » (title prefixed
/// « (Import) »), in one transaction; on any error nothing is written.
pub fn import_into(d: &mut Dossier, org: Uuid, text: &str) -> Result<(Aipd, PiaImport), PiaImportFailure> {
    let bundle = d.bundle(org)?;
    let import = import(text, &bundle)?;
    let mut aipd = import.aipd.clone();
    aipd.status = AipdStatus::InProgress;
    aipd.validation = None;
    aipd.previous_version = None;
    let saved = d.save(org, aipd)?;
    Ok((saved, import))
}

/// What an answer's `data` holds.
#[derive(Default)]
struct AnswerData {
    text: Option<String>,
    gauge: Option<u64>,
    list: Option<Vec<String>>,
}

impl AnswerData {
    fn text(&self) -> &str {
        self.text.as_deref().unwrap_or("")
    }

    fn list(&self) -> &[String] {
        self.list.as_deref().unwrap_or(&[])
    }

    fn has_gauge(&self) -> bool {
        self.gauge.is_some_and(|g| g > 0)
    }

    fn is_empty(&self) -> bool {
        self.text().is_empty() && self.list().is_empty() && !self.has_gauge()
    }

    /// Everything it holds, as text for a note.
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.text().is_empty() {
            parts.push(self.text().to_string());
        }
        if !self.list().is_empty() {
            parts.push(self.list().iter().map(|t| format!("- {t}")).collect::<Vec<_>>().join("\n"));
        }
        if let Some(g) = self.gauge.filter(|&g| g > 0) {
            parts.push(match Level::from_value(g.min(255) as u8) {
                Some(l) => format!("Niveau : {} ({g})", l.label_fr()),
                None => format!("Niveau : {g}"),
            });
        }
        parts.join("\n\n")
    }
}

/// Where an evaluation of the PIA software belongs here.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Context(ContextPart),
    Principle(PrincipleKey),
    Measure(Uuid),
    Risk(usize),
}

struct Importer<'a> {
    bundle: &'a OrganisationBundle,
    aipd: Aipd,
    mapped: usize,
    warnings_fr: Vec<String>,
    warnings_en: Vec<String>,
    original_status_fr: String,
    original_status_en: String,
    /// Ids of the PIA's measures (as text) and ours.
    measure_ids: Vec<(String, Uuid)>,
    /// Measure titles cited by 3x4, per risk index, with the question id.
    risk_measure_titles: Vec<(usize, u32, Vec<String>)>,
    /// Questions of a custom template (`structure_data`): id and title.
    structure_questions: Vec<(u32, String)>,
    /// The PIA's evaluator, who made its evaluations.
    evaluator: String,
    /// The date of the PIA's last change (its refusal has no date of its own).
    updated_on: Option<NaiveDate>,
    /// Parts already evaluated (a second evaluation of the same part becomes a note).
    evaluated: Vec<Target>,
}

impl<'a> Importer<'a> {
    fn new(bundle: &'a OrganisationBundle) -> Self {
        let mut aipd = Aipd::new("");
        aipd.risks = EVENTS.iter().map(|&e| Risk::feared(e)).collect();
        Importer {
            bundle,
            aipd,
            mapped: 0,
            warnings_fr: Vec::new(),
            warnings_en: Vec::new(),
            original_status_fr: "inconnu".into(),
            original_status_en: "unknown".into(),
            measure_ids: Vec::new(),
            risk_measure_titles: Vec::new(),
            structure_questions: Vec::new(),
            evaluator: String::new(),
            updated_on: None,
            evaluated: Vec::new(),
        }
    }

    fn warn(&mut self, fr: impl Into<String>, en: impl Into<String>) {
        self.warnings_fr.push(fr.into());
        self.warnings_en.push(en.into());
    }

    fn note(&mut self, source: impl Into<String>, text: impl Into<String>) {
        let text = text.into();
        if !text.trim().is_empty() {
            self.aipd.import_notes.push(ImportNote { source: source.into(), text });
        }
    }

    /// A top-level list; missing or null is empty, anything else is skipped with a warning.
    fn list(&mut self, root: &Map<String, Value>, key: &str, what_fr: &str, what_en: &str) -> Vec<Value> {
        match root.get(key) {
            Some(Value::Array(items)) => items.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => {
                self.warn(
                    format!("La liste des {what_fr} (« {key} ») est illisible (ce n'est pas une liste) : aucune n'a été reprise."),
                    format!("The list of {what_en} (« {key} ») is unreadable (not a list): none was imported."),
                );
                Vec::new()
            }
        }
    }

    /// A text field of `obj`: `None` when missing or null; a number or a boolean is read as
    /// text; anything else is skipped with a warning.
    fn text_field(&mut self, obj: &Map<String, Value>, key: &str, place: &str) -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.warn(
                    format!("{place} : le champ « {key} » n'est pas un texte, il a été ignoré."),
                    format!("{place}: the field « {key} » is not text; it was ignored."),
                );
                None
            }
        }
    }

    fn plain_field(&mut self, obj: &Map<String, Value>, key: &str, place: &str) -> String {
        self.text_field(obj, key, place).map(|s| plain_text(&s)).unwrap_or_default()
    }

    fn html_field(&mut self, obj: &Map<String, Value>, key: &str, place: &str) -> String {
        self.text_field(obj, key, place).map(|s| html_to_text(&s)).unwrap_or_default()
    }

    /// A whole number (a numeric string is accepted, as the PIA software does).
    fn int_field(&mut self, obj: &Map<String, Value>, key: &str, place: &str) -> Option<i64> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => match as_int(v) {
                Some(n) => Some(n),
                None => {
                    self.warn(
                        format!(
                            "{place} : le champ « {key} » n'est pas un nombre entier ({}), il a été ignoré.",
                            short(v)
                        ),
                        format!("{place}: the field « {key} » is not a whole number ({}); it was ignored.", short(v)),
                    );
                    None
                }
            },
        }
    }

    fn date_field(&mut self, obj: &Map<String, Value>, key: &str, place: &str) -> Option<NaiveDate> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(v) => match parse_timestamp(v) {
                Some(t) => Some(t.date_naive()),
                None => {
                    self.warn(
                        format!("{place} : la date « {key} » est illisible ({}), elle a été ignorée.", short(v)),
                        format!("{place}: the date « {key} » is unreadable ({}); it was ignored.", short(v)),
                    );
                    None
                }
            },
        }
    }

    fn read_pia(&mut self, pia: &Map<String, Value>) {
        const PLACE: &str = "Analyse";
        let name = self.text_field(pia, "name", PLACE).map(|s| one_line(&s)).unwrap_or_default();
        if name.is_empty() {
            self.aipd.title = format!("{IMPORT_PREFIX}Analyse du logiciel PIA");
            self.warn(
                "L'analyse n'a pas de nom dans le fichier : nommez-la.",
                "The analysis has no name in the file: give it one.",
            );
        } else {
            self.mapped += 1;
            self.aipd.title =
                if fold(&name).starts_with("(import)") { name.clone() } else { format!("{IMPORT_PREFIX}{name}") };
        }
        let category = self.text_field(pia, "category", PLACE).map(|s| one_line(&s)).unwrap_or_default();
        let category_is_link = self.link_processings(&name, &category);
        for (key, field) in [("author_name", 0), ("evaluator_name", 1), ("validator_name", 2)] {
            let v = self.text_field(pia, key, PLACE).map(|s| one_line(&s)).unwrap_or_default();
            if v.is_empty() {
                continue;
            }
            self.mapped += 1;
            match field {
                0 => self.aipd.author = v,
                1 => self.aipd.evaluator = v,
                _ => self.aipd.validator = v,
            }
        }
        self.evaluator = self.aipd.evaluator.clone();

        let created = pia.get("created_at").and_then(parse_timestamp);
        let updated = pia.get("updated_at").and_then(parse_timestamp);
        if let Some(t) = created {
            self.aipd.created_at = t;
        }
        if let Some(t) = updated.or(created) {
            self.aipd.updated_at = t;
        }
        self.updated_on = updated.or(created).map(|t| t.date_naive());

        // DPO: the opinion counts only next to a name or a text (a server may store 0 by default).
        let dpo_names = self.plain_field(pia, "dpos_names", PLACE);
        let dpo_text = self.plain_field(pia, "dpo_opinion", PLACE);
        let dpo_status = self.int_field(pia, "dpo_status", PLACE);
        if !dpo_names.is_empty() || !dpo_text.is_empty() {
            self.mapped += 1;
            self.aipd.dpo.name = one_line(&dpo_names);
            self.aipd.dpo.text = dpo_text;
            self.aipd.dpo.opinion = opinion(dpo_status);
        }

        // Data subjects.
        let searched = pia.get("concerned_people_searched_opinion").and_then(as_bool);
        let searched_content = self.plain_field(pia, "concerned_people_searched_content", PLACE);
        let people_names = self.plain_field(pia, "people_names", PLACE);
        let people_text = self.plain_field(pia, "concerned_people_opinion", PLACE);
        let people_status = self.int_field(pia, "concerned_people_status", PLACE);
        match searched {
            Some(true) => {
                self.mapped += 1;
                let ds = &mut self.aipd.data_subjects;
                ds.sought = Some(true);
                ds.names = one_line(&people_names);
                ds.text = people_text;
                ds.opinion = if ds.names.is_empty() && ds.text.is_empty() { None } else { opinion(people_status) };
                self.note(
                    "pia/concerned_people_searched_content",
                    if searched_content.is_empty() {
                        String::new()
                    } else {
                        format!("Précisions sur la recherche de l'avis des personnes concernées : {searched_content}")
                    },
                );
            }
            Some(false) if !searched_content.is_empty() => {
                self.mapped += 1;
                self.aipd.data_subjects.sought = Some(false);
                self.aipd.data_subjects.not_sought_reason = searched_content;
            }
            _ => {
                // Not answered: whatever was typed is kept as a note.
                let mut parts = Vec::new();
                if !people_names.is_empty() {
                    parts.push(format!("personnes consultées : {people_names}"));
                }
                if !people_text.is_empty() {
                    parts.push(format!("avis : {people_text}"));
                }
                if !searched_content.is_empty() {
                    parts.push(format!("justification : {searched_content}"));
                }
                if !parts.is_empty() {
                    self.note(
                        "pia/concerned_people",
                        format!(
                            "Avis des personnes concernées (sans indication de sa recherche) — {}",
                            parts.join(" ; ")
                        ),
                    );
                }
            }
        }

        // Refusal (two spellings exist across versions of the software).
        let reason = self.either(pia, "rejection_reason", "rejected_reason");
        let changes = self.either(pia, "applied_adjustments", "applied_adjustements");
        if !reason.is_empty() {
            self.mapped += 1;
            // Our own export dates the refusal; the PIA software's file does not.
            let dated = pia.get(REFUSAL_DATE_KEY).and_then(parse_timestamp).map(|t| t.date_naive());
            let refused_on = dated.or(self.updated_on).unwrap_or_else(|| Utc::now().date_naive());
            self.aipd.refusals.push(Refusal { by: self.aipd.validator.clone(), refused_on, reason, changes });
        } else if !changes.is_empty() {
            self.note("pia/applied_adjustments", format!("Modifications apportées (sans motif de refus) : {changes}"));
        }

        // Category: no field here, unless it named the processings the analysis is now linked to.
        if !category.is_empty() && !category_is_link {
            self.note("pia/category", format!("Catégorie dans le logiciel PIA : {category}"));
        }

        self.read_status(pia, created, updated);
        self.read_structure(pia);

        if pia.get("is_example").and_then(as_int) == Some(1) {
            self.warn(
                "Ce fichier est l'exemple fourni avec le logiciel PIA, pas une analyse de votre organisme.",
                "This file is the example shipped with the PIA software, not an analysis of your organisation.",
            );
        }
        for key in ["user_pias", "authors", "evaluators", "validators", "guests"] {
            if let Some(v) = pia.get(key).filter(|v| !is_blank(v)) {
                self.note(
                    format!("pia/{key}"),
                    format!(
                        "Comptes du serveur PIA (« {key} ») : {}. Les comptes ne sont pas repris : indiquez le \
                         rédacteur, l'évaluateur et le valideur dans l'analyse.",
                        short(v)
                    ),
                );
            }
        }
        #[rustfmt::skip]
        const KNOWN: [&str; 38] = [
            "id", "name", "category", "status", "author_name", "evaluator_name", "validator_name", "dpo_status",
            "dpo_opinion", "dpos_names", "concerned_people_searched_opinion", "concerned_people_searched_content",
            "people_names", "concerned_people_status", "concerned_people_opinion", "rejection_reason",
            "rejected_reason", "applied_adjustments", "applied_adjustements", "progress", "is_example", "is_archive",
            "structure_id", "structure_name", "structure_sector_name", "structure_data", "created_at", "updated_at",
            "user_pias", "authors", "evaluators", "validators", "guests", "lock_version", "dbVersion", "tableName",
            "serverUrl", REFUSAL_DATE_KEY,
        ];
        for (key, value) in pia {
            if KNOWN.contains(&key.as_str()) || key == "objectStore" || is_blank(value) {
                continue;
            }
            self.note(
                format!("pia/{key}"),
                format!("Champ « {key} » de l'analyse, inconnu de Greffier : {}", short(value)),
            );
        }
    }

    fn either(&mut self, obj: &Map<String, Value>, a: &str, b: &str) -> String {
        let first = self.html_field(obj, a, "Analyse");
        if first.is_empty() {
            self.html_field(obj, b, "Analyse")
        } else {
            first
        }
    }

    fn read_status(
        &mut self,
        pia: &Map<String, Value>,
        created: Option<DateTime<Utc>>,
        updated: Option<DateTime<Utc>>,
    ) {
        let status = pia.get("status").and_then(as_int);
        let archived = pia.get("is_archive").and_then(as_int) == Some(1);
        let (fr, en) = match status {
            Some(0) | None if pia.get("status").is_none_or(Value::is_null) => {
                ("En cours".to_string(), "In progress".to_string())
            }
            Some(0) => ("En cours".into(), "In progress".into()),
            Some(1) => ("Refusée".into(), "Rejected".into()),
            Some(2) => ("Validée (validation simple)".into(), "Validated (simple validation)".into()),
            Some(3) => ("Validée (validation signée)".into(), "Validated (signed validation)".into()),
            Some(4) => ("Abandonnée".into(), "Abandoned".into()),
            Some(5) => ("En attente de validation".into(), "Awaiting validation".into()),
            Some(n) => (format!("statut inconnu ({n})"), format!("unknown status ({n})")),
            None => {
                let raw = pia.get("status").map(short).unwrap_or_default();
                (format!("statut illisible ({raw})"), format!("unreadable status ({raw})"))
            }
        };
        let (fr, en) = if archived { (format!("{fr}, archivée"), format!("{en}, archived")) } else { (fr, en) };
        let mut dates = Vec::new();
        if let Some(t) = created {
            dates.push(format!("créée le {}", t.format("%d/%m/%Y")));
        }
        if let Some(t) = updated {
            dates.push(format!("modifiée le {}", t.format("%d/%m/%Y")));
        }
        let dates = if dates.is_empty() { String::new() } else { format!(" ({})", dates.join(", ")) };
        let redo = matches!(status, Some(2) | Some(3) | Some(5));
        let text = if redo {
            format!(
                "Statut dans le logiciel PIA : {fr}{dates}. Une validation donnée dans un autre outil n'est pas \
                 reprise : l'analyse importée est « En cours » et doit être évaluée et validée à nouveau dans Greffier."
            )
        } else {
            format!("Statut dans le logiciel PIA : {fr}{dates}. L'analyse importée est « En cours ».")
        };
        self.note("pia/status", text);
        if redo {
            self.warn(
                format!("L'analyse était « {fr} » dans le logiciel PIA : sa validation est à refaire dans Greffier."),
                format!("The analysis was « {en} » in the PIA software: it must be validated again in Greffier."),
            );
        }
        self.original_status_fr = fr;
        self.original_status_en = en;
    }

    /// A custom template: its name and the questions it added, kept for the notes.
    fn read_structure(&mut self, pia: &Map<String, Value>) {
        let name = pia.get("structure_name").and_then(Value::as_str).map(one_line).unwrap_or_default();
        let sector = pia.get("structure_sector_name").and_then(Value::as_str).map(one_line).unwrap_or_default();
        let Some(data) = pia.get("structure_data").filter(|v| !v.is_null()) else {
            if !name.is_empty() {
                self.note("pia/structure", format!("Analyse créée depuis le modèle « {name} » du logiciel PIA."));
            }
            return;
        };
        let mut added = Vec::new();
        for section in data.get("sections").and_then(Value::as_array).into_iter().flatten() {
            for item in section.get("items").and_then(Value::as_array).into_iter().flatten() {
                for q in item.get("questions").and_then(Value::as_array).into_iter().flatten() {
                    let Some(id) = q.get("id").and_then(as_int).and_then(|n| u32::try_from(n).ok()) else { continue };
                    let title = q.get("title").and_then(Value::as_str).map(one_line).unwrap_or_default();
                    if question_label(id).is_none() {
                        added.push(format!("{id} « {title} »"));
                    }
                    self.structure_questions.push((id, title));
                }
            }
        }
        let mut text = if name.is_empty() {
            "Analyse créée depuis un modèle du logiciel PIA".to_string()
        } else {
            format!("Analyse créée depuis le modèle « {name} » du logiciel PIA")
        };
        if !sector.is_empty() {
            text.push_str(&format!(" (secteur « {sector} »)"));
        }
        text.push('.');
        if !added.is_empty() {
            text.push_str(&format!(
                " Questions ajoutées par ce modèle (leurs réponses sont dans les notes) : {}.",
                added.join(" ; ")
            ));
        }
        self.note("pia/structure", text);
    }

    /// Links the analysis to the processings of the register it names: the one processing
    /// with the analysis' name, else those named by the category (our export writes the
    /// processings' names there, separated by commas). True when the category was entirely
    /// made of processing names.
    fn link_processings(&mut self, name: &str, category: &str) -> bool {
        let find = |wanted: &str| -> Option<(Uuid, String)> {
            let wanted = fold(wanted.trim());
            if wanted.is_empty() {
                return None;
            }
            let matching: Vec<_> =
                self.bundle.processings.iter().filter(|p| !p.archived && fold(p.name.trim()) == wanted).collect();
            match matching.as_slice() {
                [p] => Some((p.id, p.name.clone())),
                _ => None,
            }
        };
        let unprefixed = if fold(name).starts_with("(import)") { name.get(8..).unwrap_or("") } else { name };
        // (id, name, found through the category)
        let mut found: Vec<(Uuid, String, bool)> = Vec::new();
        if let Some((id, n)) = find(unprefixed) {
            found.push((id, n, false));
        }
        let by_category: Vec<(Uuid, String)> = match find(category) {
            Some(p) => vec![p],
            None if !category.trim().is_empty() => {
                let parts: Vec<Option<(Uuid, String)>> = category.split(", ").map(find).collect();
                if parts.iter().all(Option::is_some) {
                    parts.into_iter().flatten().collect()
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        };
        let category_is_link = !by_category.is_empty();
        for (id, n) in by_category {
            if !found.iter().any(|(f, _, _)| *f == id) {
                found.push((id, n, true));
            }
        }
        for (id, pname, through_category) in found {
            self.aipd.processings.push(id);
            if through_category {
                self.warn(
                    format!(
                        "L'analyse a été rattachée au traitement « {pname} » du registre, nommé dans sa catégorie."
                    ),
                    format!(
                        "The analysis was linked to the processing « {pname} » of the register, named in its category."
                    ),
                );
            } else {
                self.warn(
                    format!("L'analyse a été rattachée au traitement « {pname} » du registre, qui porte le même nom."),
                    format!("The analysis was linked to the processing « {pname} » of the register, which has the same name."),
                );
            }
        }
        category_is_link
    }

    fn read_answers(&mut self, answers: &[Value]) {
        for (i, v) in answers.iter().enumerate() {
            let place = format!("Réponse n° {}", i + 1);
            let place_en = format!("Answer no. {}", i + 1);
            let Some(obj) = v.as_object() else {
                self.warn(
                    format!("{place} : ce n'est pas un objet, elle a été ignorée."),
                    format!("{place_en}: not an object; it was ignored."),
                );
                continue;
            };
            let Some(q) = obj.get("reference_to").and_then(as_int).and_then(|n| u32::try_from(n).ok()) else {
                let raw = obj.get("reference_to").map(short).unwrap_or_else(|| "absente".into());
                let data = obj.get("data").map(short).unwrap_or_default();
                self.warn(
                    format!("{place} : la question (« reference_to ») est illisible ({raw}) ; son contenu est gardé en note."),
                    format!("{place_en}: its question (« reference_to ») is unreadable ({raw}); its content is kept as a note."),
                );
                self.note(format!("answers/{}", i + 1), format!("Réponse à une question illisible ({raw}) : {data}"));
                continue;
            };
            let data = match obj.get("data") {
                Some(Value::Object(d)) => self.answer_data(d, &place, &place_en),
                None | Some(Value::Null) => continue,
                Some(other) => {
                    self.warn(
                        format!("{place} (question {q}) : son contenu (« data ») n'est pas un objet, il a été ignoré."),
                        format!("{place_en} (question {q}): its content (« data ») is not an object; it was ignored."),
                    );
                    self.note(
                        format!("answers/{q}"),
                        format!("Contenu illisible de la réponse à la question {q} : {}", short(other)),
                    );
                    continue;
                }
            };
            if data.is_empty() {
                continue;
            }
            self.place_answer(q, data);
        }
    }

    fn answer_data(&mut self, d: &Map<String, Value>, place: &str, place_en: &str) -> AnswerData {
        let mut out = AnswerData::default();
        match d.get("text") {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => out.text = Some(html_to_text(s)),
            Some(other) => self.warn(
                format!("{place} : le texte n'est pas une chaîne ({}), il a été ignoré.", short(other)),
                format!("{place_en}: the text is not a string ({}); it was ignored.", short(other)),
            ),
        }
        match d.get("gauge") {
            None | Some(Value::Null) => {}
            Some(v) => match as_int(v).and_then(|n| u64::try_from(n).ok()) {
                Some(g) => out.gauge = Some(g),
                None => self.warn(
                    format!("{place} : le niveau (« gauge ») n'est pas un nombre ({}), il a été ignoré.", short(v)),
                    format!("{place_en}: the level (« gauge ») is not a number ({}); it was ignored.", short(v)),
                ),
            },
        }
        match d.get("list") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                let mut list: Vec<String> = Vec::new();
                for item in items {
                    let tag = match item {
                        Value::String(s) => one_line(s),
                        Value::Number(n) => n.to_string(),
                        other => {
                            self.warn(
                                format!(
                                    "{place} : un élément de la liste n'est pas un texte ({}), il a été ignoré.",
                                    short(other)
                                ),
                                format!(
                                    "{place_en}: an item of the list is not text ({}); it was ignored.",
                                    short(other)
                                ),
                            );
                            continue;
                        }
                    };
                    if !tag.is_empty() && !list.contains(&tag) {
                        list.push(tag);
                    }
                }
                out.list = Some(list);
            }
            Some(other) => self.warn(
                format!("{place} : la liste n'en est pas une ({}), elle a été ignorée.", short(other)),
                format!("{place_en}: the list is not a list ({}); it was ignored.", short(other)),
            ),
        }
        out
    }

    fn place_answer(&mut self, q: u32, data: AnswerData) {
        if let Some(&key) = ContextKey::ALL.iter().find(|k| u32::from(k.pia_question()) == q) {
            if !data.list().is_empty() || data.has_gauge() {
                self.note(format!("answers/{q}"), format!("{} {}", answer_prefix(q), data.describe()));
                return;
            }
            if self.aipd.context.answers.iter().any(|a| a.key == key) {
                self.note(format!("answers/{q}"), format!("Autre réponse à la question {q} : {}", data.text()));
                return;
            }
            self.mapped += 1;
            self.aipd.context.answers.push(ContextAnswer { key, text: data.text().to_string() });
            return;
        }
        if let Some(&key) = PrincipleKey::ALL.iter().find(|k| u32::from(k.pia_question()) == q) {
            if !data.list().is_empty() || data.has_gauge() {
                self.note(format!("answers/{q}"), format!("{} {}", answer_prefix(q), data.describe()));
                return;
            }
            if self.aipd.principles.iter().any(|p| p.key == key) {
                self.note(format!("answers/{q}"), format!("Autre réponse à la question {q} : {}", data.text()));
                return;
            }
            self.mapped += 1;
            self.aipd.principles.push(PrincipleAnswer {
                key,
                text: data.text().to_string(),
                not_applicable: false,
                evaluation: None,
            });
            return;
        }
        if let Some((event, k)) = risk_question(q) {
            let r = self.risk_index(event);
            let text = data.text().to_string();
            match k {
                1..=4 => {
                    if !text.is_empty() || data.has_gauge() {
                        let extra = AnswerData { text: data.text.clone(), gauge: data.gauge, list: None };
                        self.note(format!("answers/{q}"), format!("{} {}", answer_prefix(q), extra.describe()));
                    }
                    let list = data.list.unwrap_or_default();
                    if list.is_empty() {
                        return;
                    }
                    self.mapped += 1;
                    let risk = &mut self.aipd.risks[r];
                    let target = match k {
                        1 => &mut risk.impacts,
                        2 => &mut risk.threats,
                        3 => &mut risk.sources,
                        _ => {
                            self.risk_measure_titles.push((r, q, list));
                            return;
                        }
                    };
                    for t in list {
                        if !target.contains(&t) {
                            target.push(t);
                        }
                    }
                }
                _ => {
                    if !data.list().is_empty() {
                        let extra = AnswerData { text: None, gauge: None, list: data.list.clone() };
                        self.note(format!("answers/{q}"), format!("{} {}", answer_prefix(q), extra.describe()));
                    }
                    let level = match data.gauge {
                        None | Some(0) => None,
                        Some(g) => match u8::try_from(g).ok().and_then(Level::from_value) {
                            Some(l) => Some(l),
                            None => {
                                self.warn(
                                    format!("Question {q} : le niveau {g} n'existe pas (1 à 4), il a été ignoré."),
                                    format!("Question {q}: level {g} does not exist (1 to 4); it was ignored."),
                                );
                                None
                            }
                        },
                    };
                    if level.is_none() && text.is_empty() {
                        return;
                    }
                    self.mapped += 1;
                    let e = &mut self.aipd.risks[r].initial;
                    if k == 5 {
                        e.severity = level;
                        e.severity_justification = text;
                    } else {
                        e.likelihood = level;
                        e.likelihood_justification = text;
                    }
                }
            }
            return;
        }
        // A question we do not know: from a custom template, or a newer software.
        let title = self.structure_questions.iter().find(|(id, _)| *id == q).map(|(_, t)| t.clone());
        let text = match title {
            Some(t) if !t.is_empty() => {
                format!("Réponse à la question « {t} » (n° {q}) du logiciel PIA : {}", data.describe())
            }
            _ => format!("Réponse à la question n° {q} du logiciel PIA, inconnue de Greffier : {}", data.describe()),
        };
        self.note(format!("answers/{q}"), text);
    }

    fn risk_index(&mut self, event: FearedEvent) -> usize {
        if let Some(i) = self.aipd.risks.iter().position(|r| r.event == Some(event)) {
            return i;
        }
        self.aipd.risks.push(Risk::feared(event));
        self.aipd.risks.len() - 1
    }

    fn read_measures(&mut self, measures: &[Value]) {
        for (i, v) in measures.iter().enumerate() {
            let place = format!("Mesure n° {}", i + 1);
            let place_en = format!("Measure no. {}", i + 1);
            let Some(obj) = v.as_object() else {
                self.warn(
                    format!("{place} : ce n'est pas un objet, elle a été ignorée."),
                    format!("{place_en}: not an object; it was ignored."),
                );
                continue;
            };
            let mut title = self.text_field(obj, "title", &place).map(|s| one_line(&s)).unwrap_or_default();
            let mut description = self.html_field(obj, "content", &place);
            if title.is_empty() && description.is_empty() {
                continue;
            }
            if title.is_empty() {
                title = format!("Mesure n° {} (sans intitulé)", i + 1);
                self.warn(
                    format!("{place} n'a pas d'intitulé : elle s'appelle « {title} », renommez-la."),
                    format!("{place_en} has no title: it is called « {title} », rename it."),
                );
            }
            let mut m = AipdMeasure::new(title);
            if let Some(rest) = description.strip_prefix(EXISTING_MARKER) {
                if rest.is_empty() || rest.starts_with("\n\n") {
                    m.phase = MeasurePhase::Existing;
                    description = rest.trim_start().to_string();
                }
            }
            m.description = description;
            match obj.get("id").and_then(id_key) {
                Some(key) if self.measure_ids.iter().any(|(k, _)| *k == key) => self.warn(
                    format!("{place} : son identifiant {key} est déjà pris par une autre mesure ; ses évaluations vont à la première."),
                    format!("{place_en}: its id {key} is already used by another measure; its evaluations go to the first."),
                ),
                Some(key) => self.measure_ids.push((key, m.id)),
                None => {}
            }
            self.mapped += 1;
            self.aipd.measures.push(m);
        }
    }

    /// 3x4: the measures of each risk, by title (the PIA software links them by title).
    fn link_risk_measures(&mut self) {
        for (r, q, titles) in std::mem::take(&mut self.risk_measure_titles) {
            for title in titles {
                let exact: Vec<Uuid> =
                    self.aipd.measures.iter().filter(|m| m.title.trim() == title).map(|m| m.id).collect();
                let found = if exact.is_empty() {
                    let f = fold(&title);
                    self.aipd.measures.iter().filter(|m| fold(m.title.trim()) == f).map(|m| m.id).collect()
                } else {
                    exact
                };
                if found.is_empty() {
                    let risk = self.aipd.risks[r].title.clone();
                    self.note(
                        format!("answers/{q}"),
                        format!(
                            "Mesure « {title} » citée pour le risque « {risk} », mais absente de la liste des mesures \
                             du fichier : ajoutez-la et reliez-la au risque."
                        ),
                    );
                    continue;
                }
                let risk = &mut self.aipd.risks[r];
                for id in found {
                    if !risk.measures.contains(&id) {
                        risk.measures.push(id);
                    }
                }
            }
        }
    }

    fn target(&self, reference: &str) -> Option<Target> {
        match reference {
            "1.1" => return Some(Target::Context(ContextPart::Overview)),
            "1.2" => return Some(Target::Context(ContextPart::DataProcessesSupports)),
            "3.2" => return Some(Target::Risk(self.risk_of(EVENTS[0])?)),
            "3.3" => return Some(Target::Risk(self.risk_of(EVENTS[1])?)),
            "3.4" => return Some(Target::Risk(self.risk_of(EVENTS[2])?)),
            _ => {}
        }
        if let Some(id) = reference.strip_prefix("3.1.") {
            let id = id.trim();
            return self.measure_ids.iter().find(|(k, _)| k == id).map(|&(_, m)| Target::Measure(m));
        }
        let q: u32 = reference.strip_prefix("2.1.").or_else(|| reference.strip_prefix("2.2."))?.trim().parse().ok()?;
        PrincipleKey::ALL.iter().find(|k| u32::from(k.pia_question()) == q).map(|&k| Target::Principle(k))
    }

    fn risk_of(&self, event: FearedEvent) -> Option<usize> {
        self.aipd.risks.iter().position(|r| r.event == Some(event))
    }

    fn read_evaluations(&mut self, evaluations: &[Value]) {
        for (i, v) in evaluations.iter().enumerate() {
            let place = format!("Évaluation n° {}", i + 1);
            let place_en = format!("Evaluation no. {}", i + 1);
            let Some(obj) = v.as_object() else {
                self.warn(
                    format!("{place} : ce n'est pas un objet, elle a été ignorée."),
                    format!("{place_en}: not an object; it was ignored."),
                );
                continue;
            };
            let reference = match obj.get("reference_to") {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let status = match self.int_field(obj, "status", &place) {
                Some(s @ 0..=3) => s,
                Some(other) => {
                    self.warn(
                        format!("{place} : le statut {other} n'existe pas (0 à 3) ; l'évaluation est reprise comme « en attente »."),
                        format!("{place_en}: status {other} does not exist (0 to 3); the evaluation is read as « pending »."),
                    );
                    0
                }
                None => 0,
            };
            let comment = self.html_field(obj, "evaluation_comment", &place);
            let plan = self.html_field(obj, "action_plan_comment", &place);
            let owner = self.text_field(obj, "person_in_charge", &place).map(|s| one_line(&s)).unwrap_or_default();
            let due = self.date_field(obj, "estimated_implementation_date", &place);
            let on = self.date_field(obj, "evaluation_date", &place);
            let gauges = self.gauges(obj, &place, &place_en);
            let rating = match status {
                1 => Some(Rating::ToCorrect),
                2 => Some(Rating::Improvable),
                3 => Some(Rating::Acceptable),
                _ => None,
            };

            let target = self.target(&reference);
            let Some(target) = target.filter(|t| !self.evaluated.contains(t)) else {
                let what = if target.is_some() { "en double" } else { "d'une partie inconnue de Greffier" };
                let mut parts = Vec::new();
                if let Some(r) = rating {
                    parts.push(format!("évaluation « {} »", r.label_fr()));
                }
                if !comment.is_empty() {
                    parts.push(format!("commentaire : {comment}"));
                }
                if !plan.is_empty() {
                    parts.push(format!("plan d'action : {plan}"));
                }
                if !owner.is_empty() {
                    parts.push(format!("responsable : {owner}"));
                }
                if let Some(d) = due {
                    parts.push(format!("date prévue : {}", d.format("%d/%m/%Y")));
                }
                if gauges != (0, 0) {
                    parts.push(format!("niveaux résiduels : gravité {}, vraisemblance {}", gauges.0, gauges.1));
                }
                if !parts.is_empty() {
                    let shown = if reference.is_empty() { "?".to_string() } else { reference.clone() };
                    self.note(
                        format!("evaluations/{shown}"),
                        format!("Évaluation {what} (référence « {shown} ») : {}", parts.join(" ; ")),
                    );
                }
                continue;
            };

            let part = match target {
                Target::Context(p) => PartRef::Context { part: p },
                Target::Principle(k) => PartRef::Principle { key: k },
                Target::Measure(id) => PartRef::Measure { id },
                Target::Risk(r) => PartRef::Risk { id: self.aipd.risks[r].id },
            };
            let label = part_label(&self.aipd, &part);

            // Residual levels (risks only).
            if let Target::Risk(r) = target {
                let severity = self.gauge_level(gauges.0, &place, &place_en);
                let likelihood = self.gauge_level(gauges.1, &place, &place_en);
                let residual = &mut self.aipd.risks[r].residual;
                residual.severity = severity;
                residual.likelihood = likelihood;
            } else if gauges != (0, 0) {
                self.note(
                    format!("evaluations/{reference}"),
                    format!(
                        "Niveaux sur l'évaluation de « {label} » : gravité {}, vraisemblance {}",
                        gauges.0, gauges.1
                    ),
                );
            }

            // The action plan: one corrective action on that part.
            if !plan.is_empty() || rating == Some(Rating::Improvable) {
                let (title, details) = if plan.is_empty() {
                    self.warn(
                        format!("« {label} » est « Améliorable » sans plan d'action dans le fichier : précisez l'action corrective."),
                        format!("« {label} » is « Improvable » with no action plan in the file: specify the corrective action."),
                    );
                    (
                        "Action corrective à préciser (évaluation « Améliorable » importée sans plan d'action)"
                            .to_string(),
                        String::new(),
                    )
                } else {
                    split_action(&plan)
                };
                let mut a = CorrectiveAction::new(part.clone(), title);
                a.details = details;
                a.owner = owner;
                a.due_date = due;
                self.aipd.actions.push(a);
            } else if !owner.is_empty() || due.is_some() {
                let mut parts = Vec::new();
                if !owner.is_empty() {
                    parts.push(format!("responsable : {owner}"));
                }
                if let Some(d) = due {
                    parts.push(format!("date prévue : {}", d.format("%d/%m/%Y")));
                }
                self.note(
                    format!("evaluations/{reference}"),
                    format!("Mise en œuvre prévue pour « {label} », sans action : {}", parts.join(" ; ")),
                );
            }

            let Some(rating) = rating else {
                if !comment.is_empty() {
                    self.note(
                        format!("evaluations/{reference}"),
                        format!("Commentaire d'une évaluation en attente sur « {label} » : {comment}"),
                    );
                }
                continue;
            };
            let comment = if rating == Rating::ToCorrect && comment.is_empty() {
                self.warn(
                    format!("« {label} » est « À corriger » sans commentaire dans le fichier : dites ce qu'il faut corriger."),
                    format!("« {label} » is « To correct » with no comment in the file: say what to correct."),
                );
                "Commentaire absent du fichier importé : précisez ce qu'il faut corriger.".to_string()
            } else {
                comment
            };
            let e = Evaluation { rating, comment, evaluator: self.evaluator.clone(), evaluated_on: on };
            self.evaluated.push(target);
            self.mapped += 1;
            match target {
                Target::Context(ContextPart::Overview) => self.aipd.context.overview_evaluation = Some(e),
                Target::Context(ContextPart::DataProcessesSupports) => self.aipd.context.data_evaluation = Some(e),
                Target::Principle(key) => {
                    if let Some(p) = self.aipd.principles.iter_mut().find(|p| p.key == key) {
                        p.evaluation = Some(e);
                    } else {
                        self.aipd.principles.push(PrincipleAnswer {
                            key,
                            text: String::new(),
                            not_applicable: false,
                            evaluation: Some(e),
                        });
                    }
                }
                Target::Measure(id) => {
                    if let Some(m) = self.aipd.measures.iter_mut().find(|m| m.id == id) {
                        m.evaluation = Some(e);
                    }
                }
                Target::Risk(r) => self.aipd.risks[r].evaluation = Some(e),
            }
        }
    }

    /// The evaluator's gauges `{x: severity, y: likelihood}`; (0, 0) when absent.
    fn gauges(&mut self, obj: &Map<String, Value>, place: &str, place_en: &str) -> (i64, i64) {
        match obj.get("gauges") {
            None | Some(Value::Null) => (0, 0),
            Some(Value::Object(g)) => {
                let x = g.get("x").and_then(as_int).unwrap_or(0);
                let y = g.get("y").and_then(as_int).unwrap_or(0);
                (x, y)
            }
            Some(other) => {
                self.warn(
                    format!(
                        "{place} : les niveaux résiduels (« gauges ») sont illisibles ({}), ils ont été ignorés.",
                        short(other)
                    ),
                    format!(
                        "{place_en}: the residual levels (« gauges ») are unreadable ({}); they were ignored.",
                        short(other)
                    ),
                );
                (0, 0)
            }
        }
    }

    fn gauge_level(&mut self, v: i64, place: &str, place_en: &str) -> Option<Level> {
        if v == 0 {
            return None;
        }
        let level = u8::try_from(v).ok().and_then(Level::from_value);
        if level.is_none() {
            self.warn(
                format!("{place} : le niveau résiduel {v} n'existe pas (1 à 4), il a été ignoré."),
                format!("{place_en}: residual level {v} does not exist (1 to 4); it was ignored."),
            );
        }
        level
    }

    fn read_comments(&mut self, comments: &[Value]) {
        for (i, v) in comments.iter().enumerate() {
            let place = format!("Commentaire n° {}", i + 1);
            let place_en = format!("Comment no. {}", i + 1);
            let Some(obj) = v.as_object() else {
                self.warn(
                    format!("{place} : ce n'est pas un objet, il a été ignoré."),
                    format!("{place_en}: not an object; it was ignored."),
                );
                continue;
            };
            let description = self.plain_field(obj, "description", &place);
            if description.is_empty() {
                continue;
            }
            // One of our notes coming back: restored as it was.
            if let Some((first, rest)) = description.split_once('\n') {
                if let Some(source) = first.strip_prefix(NOTE_MARKER).and_then(|s| s.strip_suffix(')')) {
                    self.note(source.to_string(), rest.trim_start_matches('\n').to_string());
                    continue;
                }
            }
            let for_measure = obj.get("for_measure").and_then(as_bool).unwrap_or(false);
            let reference = obj.get("reference_to").and_then(id_key).unwrap_or_default();
            if for_measure {
                let measure = self
                    .measure_ids
                    .iter()
                    .find(|(k, _)| *k == reference)
                    .and_then(|&(_, id)| self.aipd.measure(id))
                    .map(|m| m.title.clone());
                let text = match measure {
                    Some(title) => format!("{}{description}", measure_comment_prefix(&title)),
                    None => format!("Commentaire sur une mesure absente du fichier (n° {reference}) : {description}"),
                };
                self.note("comments/measure", text);
            } else if let Some(q) = reference.parse::<u32>().ok().filter(|_| !reference.is_empty()) {
                self.note(format!("comments/{q}"), format!("{}{description}", question_comment_prefix(q)));
            } else {
                self.note("comments/?", format!("Commentaire (référence « {reference} ») : {description}"));
            }
        }
    }

    /// Top-level keys other than the five parts (attachments from a variant, etc.).
    fn read_other_keys(&mut self, root: &Map<String, Value>) {
        for (key, value) in root {
            if ["pia", "answers", "measures", "evaluations", "comments"].contains(&key.as_str()) || is_blank(value) {
                continue;
            }
            if key == "attachments" {
                let n = value.as_array().map_or(1, Vec::len);
                self.note(
                    "attachments",
                    format!(
                        "{n} pièce(s) jointe(s) dans le fichier : elles ne sont pas reprises. Gardez-les à part avec \
                         l'analyse (schéma des flux, rapport signé…)."
                    ),
                );
                continue;
            }
            self.note(key.clone(), format!("Partie « {key} » du fichier, inconnue de Greffier : {}", short(value)));
        }
    }

    fn finish(mut self) -> Result<PiaImport, PiaImportError> {
        let nothing = self.mapped == 0 && self.aipd.import_notes.iter().all(|n| n.source == "pia/status");
        if nothing && self.aipd.title == format!("{IMPORT_PREFIX}Analyse du logiciel PIA") {
            return Err(PiaImportError::new(
                "pia_nothing_usable",
                format!(
                    "Ce fichier a la forme d'un export du logiciel PIA, mais rien n'a pu en être lu ({}). Vérifiez \
                     qu'il n'a pas été modifié, ou exportez l'analyse à nouveau depuis le logiciel PIA.",
                    if self.warnings_fr.is_empty() { "il est vide".to_string() } else { self.warnings_fr.join(" ") }
                ),
                format!(
                    "This file looks like a PIA software export, but nothing could be read from it ({}). Check that \
                     it was not modified, or export the analysis again from the PIA software.",
                    if self.warnings_en.is_empty() { "it is empty".to_string() } else { self.warnings_en.join(" ") }
                ),
            ));
        }
        // A canonical order, whatever the file's.
        let a = &mut self.aipd;
        a.context.answers.sort_by_key(|x| ContextKey::ALL.iter().position(|k| *k == x.key));
        a.principles.sort_by_key(|x| PrincipleKey::ALL.iter().position(|k| *k == x.key));
        let ranks: Vec<PartRef> = a.evaluations().into_iter().map(|(p, _, _)| p).collect();
        a.actions.sort_by_key(|x| ranks.iter().position(|p| *p == x.part).unwrap_or(usize::MAX));
        a.status = AipdStatus::InProgress;
        for p in a.validate() {
            self.warnings_fr.push(format!("{} : {}", p.path, p.message_fr));
            self.warnings_en.push(format!("{}: {}", p.path, p.message_en));
        }
        Ok(PiaImport {
            notes: self.aipd.import_notes.len(),
            aipd: self.aipd,
            mapped: self.mapped,
            original_status_fr: self.original_status_fr,
            original_status_en: self.original_status_en,
            warnings_fr: self.warnings_fr,
            warnings_en: self.warnings_en,
        })
    }
}

/// Title on the first line, details after (the PIA software has one text per action plan).
fn split_action(plan: &str) -> (String, String) {
    match plan.split_once('\n') {
        Some((first, rest)) => (first.trim().to_string(), rest.trim().to_string()),
        None => (plan.trim().to_string(), String::new()),
    }
}

fn opinion(status: Option<i64>) -> Option<Opinion> {
    match status {
        Some(1) => Some(Opinion::Favourable),
        Some(0) => Some(Opinion::Unfavourable),
        _ => None,
    }
}

fn as_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An id of the PIA software as text (`12`, `"12"`).
fn id_key(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A value as short JSON text, for a message or a note.
fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    const MAX: usize = 2000;
    if s.chars().count() > MAX {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    } else {
        s
    }
}

/// A date or timestamp of the PIA software: ISO 8601 with or without time and zone, or
/// milliseconds since 1970; `None` when unreadable or outside the years we accept.
fn parse_timestamp(v: &Value) -> Option<DateTime<Utc>> {
    use chrono::SubsecRound;
    let t = match v {
        Value::String(s) => {
            let s = s.trim();
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok().map(|n| n.and_utc()))
                .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok().map(|n| n.and_utc()))
                .or_else(|| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|n| n.and_utc())
                })
        }
        Value::Number(n) => n.as_i64().and_then(|ms| Utc.timestamp_millis_opt(ms).single()),
        _ => None,
    }?;
    crate::model::validate::timestamp(t).ok()?;
    Some(t.trunc_subsecs(3))
}

/// The risk question `q` (3x1…3x6): its feared event and its number 1…6.
fn risk_question(q: u32) -> Option<(FearedEvent, u32)> {
    let (item, k) = (q / 10, q % 10);
    let event = match item {
        32 => EVENTS[0],
        33 => EVENTS[1],
        34 => EVENTS[2],
        _ => return None,
    };
    (1..=6).contains(&k).then_some((event, k))
}

/// What the PIA software's question `q` is about, in French; `None` for an unknown question.
fn question_label(q: u32) -> Option<String> {
    if let Some(k) = ContextKey::ALL.iter().find(|k| u32::from(k.pia_question()) == q) {
        return Some(format!("« {} » (question {q})", k.label_fr()));
    }
    if let Some(k) = PrincipleKey::ALL.iter().find(|k| u32::from(k.pia_question()) == q) {
        return Some(format!("« {} » (question {q})", k.label_fr()));
    }
    let (event, k) = risk_question(q)?;
    let what = match k {
        1 => "impacts potentiels",
        2 => "menaces",
        3 => "sources de risques",
        4 => "mesures",
        5 => "gravité",
        _ => "vraisemblance",
    };
    Some(format!("« {} » — {what} (question {q})", event.label_fr()))
}

fn answer_prefix(q: u32) -> String {
    match question_label(q) {
        Some(l) => format!("Contenu sans place dans Greffier, réponse à {l} :"),
        None => format!("Réponse à la question {q} :"),
    }
}

/// The start of the note made from a comment on question `q`; [`export`] takes it off to
/// give the comment back as it was.
fn question_comment_prefix(q: u32) -> String {
    match question_label(q) {
        Some(l) => format!("Commentaire sur {l} : "),
        None => format!("Commentaire sur la question n° {q} : "),
    }
}

fn measure_comment_prefix(title: &str) -> String {
    format!("Commentaire sur la mesure « {title} » : ")
}

/// The name of a part of the analysis, for messages and notes.
fn part_label(a: &Aipd, part: &PartRef) -> String {
    match part {
        PartRef::Context { part } => part.label_fr().to_string(),
        PartRef::Principle { key } => key.label_fr().to_string(),
        PartRef::Measure { id } => a.measure(*id).map_or_else(|| "mesure".to_string(), |m| m.title.clone()),
        PartRef::Risk { id } => a.risk(*id).map_or_else(|| "risque".to_string(), |r| r.title.clone()),
        PartRef::General => "l'analyse".to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------

/// The analysis as the `.json` the PIA software imports (« Analyse à importer dans l'outil
/// PIA »), pretty-printed. What has no place there (custom risks, the inherent level, the
/// follow-up of actions, the validation's details, import notes…) goes as comments on the
/// closest question, in plain French; `docs/pia-tool-interop.md` lists it all.
pub fn export(aipd: &Aipd, bundle: &OrganisationBundle) -> String {
    let value = Exporter::new(aipd, bundle).build();
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

struct Exporter<'a> {
    aipd: &'a Aipd,
    bundle: &'a OrganisationBundle,
    created: String,
    updated: String,
    answers: Vec<Value>,
    evaluations: Vec<Value>,
    comments: Vec<Value>,
    /// Our measure ids and their number in the file.
    measure_numbers: Vec<(Uuid, u64)>,
    exported_actions: HashSet<Uuid>,
}

impl<'a> Exporter<'a> {
    fn new(aipd: &'a Aipd, bundle: &'a OrganisationBundle) -> Self {
        Exporter {
            aipd,
            bundle,
            created: iso(aipd.created_at),
            updated: iso(aipd.updated_at),
            answers: Vec::new(),
            evaluations: Vec::new(),
            comments: Vec::new(),
            measure_numbers: aipd.measures.iter().enumerate().map(|(i, m)| (m.id, i as u64 + 1)).collect(),
            exported_actions: HashSet::new(),
        }
    }

    fn measure_number(&self, id: Uuid) -> Option<u64> {
        self.measure_numbers.iter().find(|(m, _)| *m == id).map(|&(_, n)| n)
    }

    fn build(mut self) -> Value {
        let a = self.aipd;
        for answer in &a.context.answers {
            if !answer.text.trim().is_empty() {
                self.text_answer(answer.key.pia_question(), &answer.text);
            }
        }
        for p in &a.principles {
            let text = if p.not_applicable {
                let note = "Sans objet pour ce traitement.";
                if p.text.trim().is_empty() {
                    note.to_string()
                } else {
                    format!("{note}\n\n{}", p.text)
                }
            } else {
                p.text.clone()
            };
            if !text.trim().is_empty() {
                self.text_answer(p.key.pia_question(), &text);
            }
        }
        let mut seen_events = Vec::new();
        for r in &a.risks {
            match r.event {
                Some(e) if !seen_events.contains(&e) => {
                    seen_events.push(e);
                    self.feared_risk(e, r);
                }
                _ => self.custom_risk(r),
            }
        }
        let measures: Vec<Value> = a
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let mut text = m.description.clone();
                if m.phase == MeasurePhase::Existing {
                    text = if text.trim().is_empty() {
                        EXISTING_MARKER.to_string()
                    } else {
                        format!("{EXISTING_MARKER}\n\n{text}")
                    };
                }
                json!({
                    "id": i as u64 + 1,
                    "pia_id": 1,
                    "title": m.title,
                    "content": text_to_html(&text),
                    "placeholder": "measures.default_placeholder",
                    "created_at": self.created,
                    "updated_at": self.updated,
                })
            })
            .collect();
        self.evaluations_and_actions();
        self.leftover_actions();
        self.history();
        self.notes();
        for (i, v) in self.answers.iter_mut().enumerate() {
            v["id"] = json!(i as u64 + 1);
        }
        for (i, v) in self.evaluations.iter_mut().enumerate() {
            v["id"] = json!(i as u64 + 1);
        }
        for (i, v) in self.comments.iter_mut().enumerate() {
            v["id"] = json!(i as u64 + 1);
        }
        json!({
            "pia": self.pia(),
            "answers": self.answers,
            "measures": measures,
            "evaluations": self.evaluations,
            "comments": self.comments,
        })
    }

    fn pia(&self) -> Value {
        let a = self.aipd;
        let (status, is_archive) = match a.status {
            AipdStatus::Validated => (2, 0),
            AipdStatus::Refused => (1, 0),
            AipdStatus::Archived => (if a.validation.is_some() { 2 } else { 0 }, 1),
            AipdStatus::InProgress | AipdStatus::AwaitingValidation => (0, 0),
        };
        let category: Vec<&str> = a
            .processings
            .iter()
            .filter_map(|id| self.bundle.processings.iter().find(|p| p.id == *id))
            .map(|p| p.name.as_str())
            .collect();
        let opinion_code = |o: Option<Opinion>| match o {
            Some(Opinion::Favourable) => json!(1),
            Some(Opinion::Unfavourable) => json!(0),
            None => Value::Null,
        };
        let ds = &a.data_subjects;
        let (searched, searched_content) = match ds.sought {
            Some(true) => (json!(true), String::new()),
            Some(false) => (json!(false), ds.not_sought_reason.clone()),
            None => (Value::Null, String::new()),
        };
        let refusal = a.refusals.last();
        let reason = refusal.map(|r| text_to_html(&r.reason)).unwrap_or_default();
        let changes = refusal.map(|r| text_to_html(&r.changes)).unwrap_or_default();
        json!({
            "id": 1,
            "name": a.title,
            "category": category.join(", "),
            "status": status,
            "author_name": a.author,
            "evaluator_name": a.evaluator,
            "validator_name": a.validator,
            "dpo_status": opinion_code(a.dpo.opinion),
            "dpo_opinion": a.dpo.text,
            "dpos_names": a.dpo.name,
            "concerned_people_searched_opinion": searched,
            "concerned_people_searched_content": searched_content,
            "people_names": ds.names,
            "concerned_people_status": opinion_code(ds.opinion),
            "concerned_people_opinion": ds.text,
            "rejection_reason": reason,
            "applied_adjustments": changes,
            "rejected_reason": reason,
            "applied_adjustements": changes,
            REFUSAL_DATE_KEY: refusal.map(|r| date_iso(r.refused_on)),
            "progress": 0,
            "is_example": 0,
            "is_archive": is_archive,
            "structure_id": Value::Null,
            "structure_name": Value::Null,
            "structure_sector_name": Value::Null,
            "structure_data": Value::Null,
            "created_at": self.created,
            "updated_at": self.updated,
        })
    }

    fn answer(&mut self, q: u16, data: Value) {
        self.answers.push(json!({
            "id": 0,
            "pia_id": 1,
            "reference_to": q,
            "data": data,
            "created_at": self.created,
            "updated_at": self.updated,
        }));
    }

    fn text_answer(&mut self, q: u16, text: &str) {
        self.answer(q, json!({ "text": text_to_html(text), "gauge": Value::Null, "list": Value::Null }));
    }

    fn comment(&mut self, reference: u64, for_measure: bool, text: &str) {
        self.comments.push(json!({
            "id": 0,
            "pia_id": 1,
            "reference_to": reference,
            "description": text,
            "for_measure": for_measure,
            "created_at": self.created,
            "updated_at": self.updated,
        }));
    }

    fn feared_risk(&mut self, e: FearedEvent, r: &Risk) {
        let x = 2 + EVENTS.iter().position(|&v| v == e).unwrap_or(0) as u16;
        let base = 300 + x * 10;
        for (k, list) in [(1, &r.impacts), (2, &r.threats), (3, &r.sources)] {
            if !list.is_empty() {
                self.answer(base + k, json!({ "text": Value::Null, "gauge": Value::Null, "list": list }));
            }
        }
        let titles: Vec<&str> =
            r.measures.iter().filter_map(|id| self.aipd.measure(*id)).map(|m| m.title.as_str()).collect();
        if !titles.is_empty() {
            self.answer(base + 4, json!({ "text": Value::Null, "gauge": Value::Null, "list": titles }));
        }
        for (k, level, text) in [
            (5, r.initial.severity, &r.initial.severity_justification),
            (6, r.initial.likelihood, &r.initial.likelihood_justification),
        ] {
            if level.is_some() || !text.trim().is_empty() {
                self.answer(
                    base + k,
                    json!({ "text": text_to_html(text), "gauge": level.map_or(0, Level::value), "list": Value::Null }),
                );
            }
        }
        let q5 = u64::from(base + 5);
        if !r.inherent.is_empty() {
            let text = format!(
                "Risque brut (avant toute mesure), noté dans Greffier — le logiciel PIA n'a pas de champ pour ce \
                 niveau.\n{}",
                estimate_text(&r.inherent)
            );
            self.comment(q5, false, &text);
        }
        if !r.residual.severity_justification.trim().is_empty() {
            let text = format!(
                "Justification de la gravité résiduelle (après les actions correctives), notée dans Greffier :\n{}",
                r.residual.severity_justification
            );
            self.comment(q5, false, &text);
        }
        if !r.residual.likelihood_justification.trim().is_empty() {
            let text = format!(
                "Justification de la vraisemblance résiduelle (après les actions correctives), notée dans Greffier :\n{}",
                r.residual.likelihood_justification
            );
            self.comment(q5 + 1, false, &text);
        }
    }

    /// A custom risk (or a second risk of the same event): a comment on 3.2.1, the first
    /// question of the risks, with everything about it.
    fn custom_risk(&mut self, r: &Risk) {
        let a = self.aipd;
        let mut lines = vec![format!(
            "Risque spécifique ajouté dans Greffier (le logiciel PIA ne connaît que les trois risques de la \
             méthode) : « {} »{}.",
            r.title,
            if r.label.is_empty() { String::new() } else { format!(" (repère {})", r.label) }
        )];
        for (what, list) in
            [("Impacts potentiels", &r.impacts), ("Menaces", &r.threats), ("Sources de risques", &r.sources)]
        {
            if !list.is_empty() {
                lines.push(format!("{what} : {}", list.join(" ; ")));
            }
        }
        let titles: Vec<String> =
            r.measures.iter().filter_map(|id| a.measure(*id)).map(|m| format!("« {} »", m.title)).collect();
        if !titles.is_empty() {
            lines.push(format!("Mesures : {}", titles.join(", ")));
        }
        for (what, e) in [
            ("Risque brut (avant mesures)", &r.inherent),
            ("Avec les mesures prévues", &r.initial),
            ("Risque résiduel", &r.residual),
        ] {
            if !e.is_empty() {
                lines.push(format!("{what} — {}", estimate_text(e).replace('\n', " ; ")));
            }
        }
        if let Some(e) = &r.evaluation {
            lines.push(evaluation_text(e));
        }
        for act in a.actions.iter().filter(|x| x.part == (PartRef::Risk { id: r.id })) {
            lines.push(action_text(act));
            self.exported_actions.insert(act.id);
        }
        self.comment(u64::from(GENERAL_RISK_QUESTION), false, &lines.join("\n"));
    }

    fn evaluations_and_actions(&mut self) {
        let a = self.aipd;
        let mut seen_events = Vec::new();
        for (part, _, e) in a.evaluations() {
            let reference = match &part {
                PartRef::Context { part: ContextPart::Overview } => "1.1".to_string(),
                PartRef::Context { part: ContextPart::DataProcessesSupports } => "1.2".to_string(),
                PartRef::Principle { key } => {
                    format!("{}.{}", if key.is_proportionality() { "2.1" } else { "2.2" }, key.pia_question())
                }
                PartRef::Measure { id } => match self.measure_number(*id) {
                    Some(n) => format!("3.1.{n}"),
                    None => continue,
                },
                PartRef::Risk { id } => {
                    let Some(event) = a.risk(*id).and_then(|r| r.event) else { continue };
                    if seen_events.contains(&event) {
                        continue;
                    }
                    seen_events.push(event);
                    format!("3.{}", 2 + EVENTS.iter().position(|&v| v == event).unwrap_or(0))
                }
                PartRef::General => continue,
            };
            let actions: Vec<&CorrectiveAction> = a.actions.iter().filter(|x| x.part == part).collect();
            let residual = match &part {
                PartRef::Risk { id } => a.risk(*id).map(|r| r.residual.clone()).unwrap_or_default(),
                _ => Estimate::default(),
            };
            let has_residual = residual.severity.is_some() || residual.likelihood.is_some();
            if e.is_none() && actions.is_empty() && !has_residual {
                continue;
            }
            let plan =
                actions
                    .iter()
                    .map(|x| {
                        if x.details.trim().is_empty() {
                            x.title.clone()
                        } else {
                            format!("{}\n{}", x.title, x.details)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n\n");
            let mut owners: Vec<&str> = Vec::new();
            for x in &actions {
                if !x.owner.trim().is_empty() && !owners.contains(&x.owner.as_str()) {
                    owners.push(&x.owner);
                }
            }
            let due = actions.iter().filter_map(|x| x.due_date).min();
            for x in &actions {
                self.exported_actions.insert(x.id);
            }
            let gauges = if matches!(part, PartRef::Risk { .. }) {
                json!({
                    "x": residual.severity.map_or(0, Level::value),
                    "y": residual.likelihood.map_or(0, Level::value),
                })
            } else {
                Value::Null
            };
            let status = match e.map(|e| e.rating) {
                Some(Rating::ToCorrect) => 1,
                Some(Rating::Improvable) => 2,
                Some(Rating::Acceptable) => 3,
                None => 0,
            };
            self.evaluations.push(json!({
                "id": 0,
                "pia_id": 1,
                "reference_to": reference,
                "status": status,
                "global_status": if status > 0 { 2 } else { 0 },
                "evaluation_comment": e.map(|e| text_to_html(&e.comment)).unwrap_or_default(),
                "action_plan_comment": text_to_html(&plan),
                "evaluation_date": e.and_then(|e| e.evaluated_on).map(date_iso),
                "gauges": gauges,
                "estimated_implementation_date": due.map(date_iso),
                "person_in_charge": owners.join(" ; "),
                "created_at": self.created,
                "updated_at": self.updated,
            }));
        }
    }

    /// Actions with no evaluation to carry them (general ones, on a missing part).
    fn leftover_actions(&mut self) {
        let a = self.aipd;
        for act in &a.actions {
            if self.exported_actions.contains(&act.id) {
                continue;
            }
            let text = if act.part == PartRef::General {
                format!(
                    "Action corrective sur l'ensemble de l'analyse (plan d'action Greffier) :\n{}",
                    action_text(act)
                )
            } else {
                format!(
                    "Action corrective sur « {} » (plan d'action Greffier) :\n{}",
                    part_label(a, &act.part),
                    action_text(act)
                )
            };
            self.comment(u64::from(GENERAL_QUESTION), false, &text);
        }
    }

    /// The validation's details and older refusals, which the PIA software cannot hold.
    fn history(&mut self) {
        let a = self.aipd;
        let count = a.refusals.len();
        for r in a.refusals.iter().take(count.saturating_sub(1)) {
            let mut text =
                format!("Refus précédent, le {}{} : {}", r.refused_on.format("%d/%m/%Y"), by(&r.by), r.reason);
            if !r.changes.trim().is_empty() {
                text.push_str(&format!("\nModifications apportées : {}", r.changes));
            }
            self.comment(u64::from(GENERAL_QUESTION), false, &text);
        }
        if let Some(v) = &a.validation {
            let mut text = format!(
                "Validée dans Greffier le {}{}{}, avec les quatre engagements (contexte conforme, risques connus, \
                 mesures correctives approuvées, engagement à les mettre en œuvre).",
                v.validated_on.format("%d/%m/%Y"),
                by(&v.validator),
                if v.role.trim().is_empty() { String::new() } else { format!(" ({})", v.role) }
            );
            if !v.comment.trim().is_empty() {
                text.push_str(&format!("\nObservations : {}", v.comment));
            }
            self.comment(u64::from(GENERAL_QUESTION), false, &text);
        }
        if a.version > 1 {
            self.comment(
                u64::from(GENERAL_QUESTION),
                false,
                &format!("Version {} de l'analyse dans Greffier.", a.version),
            );
        }
    }

    /// Import notes: a comment read from the PIA software goes back as it was; any other
    /// note goes as a comment whose first line says where it came from, so that importing
    /// the file again restores it.
    fn notes(&mut self) {
        let a = self.aipd;
        for n in &a.import_notes {
            if n.source == "comments/measure" {
                let found = a.measures.iter().find_map(|m| {
                    n.text.strip_prefix(&measure_comment_prefix(&m.title)).map(|rest| (m.id, rest.to_string()))
                });
                if let Some((id, rest)) = found {
                    if let Some(num) = self.measure_number(id) {
                        self.comment(num, true, &rest);
                        continue;
                    }
                }
            } else if let Some(q) = n.source.strip_prefix("comments/").and_then(|s| s.parse::<u32>().ok()) {
                if let Some(rest) = n.text.strip_prefix(&question_comment_prefix(q)) {
                    self.comment(u64::from(q), false, rest);
                    continue;
                }
            }
            let q = n
                .source
                .strip_prefix("answers/")
                .and_then(|s| s.parse::<u32>().ok())
                .filter(|&q| question_label(q).is_some())
                .unwrap_or(GENERAL_QUESTION);
            self.comment(u64::from(q), false, &format!("{NOTE_MARKER}{})\n{}", n.source, n.text));
        }
    }
}

/// The first question of the risks, where custom risks are described.
const GENERAL_RISK_QUESTION: u32 = 321;

fn by(name: &str) -> String {
    if name.trim().is_empty() {
        String::new()
    } else {
        format!(" par {name}")
    }
}

fn estimate_text(e: &Estimate) -> String {
    let level = |l: Option<Level>| l.map_or("non définie", Level::label_fr);
    let mut s = format!("Gravité : {}", level(e.severity));
    if !e.severity_justification.trim().is_empty() {
        s.push_str(&format!(" — {}", e.severity_justification));
    }
    s.push_str(&format!("\nVraisemblance : {}", level(e.likelihood)));
    if !e.likelihood_justification.trim().is_empty() {
        s.push_str(&format!(" — {}", e.likelihood_justification));
    }
    s
}

fn evaluation_text(e: &Evaluation) -> String {
    if e.comment.trim().is_empty() {
        format!("Évaluation : {}", e.rating.label_fr())
    } else {
        format!("Évaluation : {} — {}", e.rating.label_fr(), e.comment)
    }
}

fn action_text(a: &CorrectiveAction) -> String {
    let mut s = format!("Action : {}", a.title);
    if !a.details.trim().is_empty() {
        s.push_str(&format!(" — {}", a.details));
    }
    let mut meta = vec![format!("état : {}", a.status.label_fr())];
    if !a.owner.trim().is_empty() {
        meta.push(format!("responsable : {}", a.owner));
    }
    if let Some(d) = a.due_date {
        meta.push(format!("prévue pour le {}", d.format("%d/%m/%Y")));
    }
    if let Some(d) = a.done_on {
        meta.push(format!("faite le {}", d.format("%d/%m/%Y")));
    }
    s.push_str(&format!(" ({})", meta.join(", ")));
    s
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A date as the PIA software writes its dates (a JavaScript `Date` at midnight UTC).
fn date_iso(d: NaiveDate) -> String {
    format!("{}T00:00:00.000Z", d.format("%Y-%m-%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_to_text_layout() {
        assert_eq!(html_to_text("<p>Un</p><p>Deux<br>trois</p>"), "Un\n\nDeux\ntrois");
        assert_eq!(html_to_text("<ul><li>a</li><li> b </li></ul><p>fin</p>"), "- a\n- b\n\nfin");
        assert_eq!(html_to_text("  a \n\t b  "), "a b");
        assert_eq!(html_to_text("<p>&nbsp;</p><p>x</p><p></p>"), "x");
        assert_eq!(html_to_text("a<br><br><br>b"), "a\n\nb");
        assert_eq!(html_to_text(""), "");
    }

    #[test]
    fn entities_stay_text() {
        assert_eq!(html_to_text("&lt;script&gt;alert(1)&lt;/script&gt;"), "<script>alert(1)</script>");
        assert_eq!(
            html_to_text("&eacute;t&#233; &#xE9;t&#xe9; &amp;amp; &unknown; &#0; & seul"),
            "été été &amp; &unknown; \u{fffd} & seul"
        );
        assert_eq!(html_to_text("&#x110000;"), "\u{fffd}");
        assert_eq!(html_to_text("a &lt; b"), "a < b");
    }

    #[test]
    fn no_markup_survives() {
        let nasty = [
            ("<script>alert(1)</script>ok", "ok"),
            ("<SCRIPT type=x>alert(1)</SCRIPT >ok", "ok"),
            ("<script>never closed", ""),
            ("<img src=x onerror=alert(1)>ok", "ok"),
            ("<img src=x onerror=alert(1)", ""),
            ("<a href=\"javascript:alert(1)\">clic</a>", "clic"),
            ("<a href='data:text/html,x'>clic</a>", "clic"),
            ("<div title='a>b'>x</div>", "x"),
            ("<!-- <script>alert(1)</script> -->ok", "ok"),
            ("<!-- never closed <b>", ""),
            ("<style>body{}</style><b>gras</b>", "gras"),
            ("<p><b><i>nested</p></b>", "nested"),
            ("<iframe src=x></iframe><svg><script>x</script></svg>ok", "ok"),
            ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
            ("<scr<script>ipt>alert(1)</script>", "ipt>alert(1)"),
            ("</ >x", "x"),
        ];
        for (input, want) in nasty {
            assert_eq!(html_to_text(input), want, "{input}");
        }
    }

    #[test]
    fn links_keep_web_addresses_only() {
        assert_eq!(
            html_to_text("<a href=\"https://cnil.fr/a?b=1&amp;c=2\">CNIL</a>"),
            "CNIL (https://cnil.fr/a?b=1&c=2)"
        );
        assert_eq!(html_to_text("<a href=\"https://cnil.fr\">https://cnil.fr</a>"), "https://cnil.fr");
        assert_eq!(html_to_text("<a href=\"mailto:dpo@mairie.fr\">le DPO</a>"), "le DPO (mailto:dpo@mairie.fr)");
    }

    #[test]
    fn text_html_round_trip() {
        let texts = [
            "Un paragraphe.",
            "Ligne 1\nLigne 2\n\nParagraphe 2",
            "- un\n- deux\n\nSuite « entre guillemets » & <balise> 'x' \"y\"",
            "- un\npas une liste",
            "Espace\u{a0}insécable : oui",
            "-",
        ];
        for t in texts {
            assert_eq!(html_to_text(&text_to_html(t)), t, "{t}");
        }
        assert_eq!(text_to_html("<b>"), "<p>&lt;b&gt;</p>");
        assert_eq!(text_to_html(""), "");
        assert_eq!(text_to_html("a\r\n\r\n\r\nb"), "<p>a</p><p>b</p>");
    }

    #[test]
    fn plain_fields_stay_as_typed() {
        assert_eq!(plain_text("a < b & c\r\n  suite  \n\n"), "a < b & c\n  suite");
        assert_eq!(plain_text("<p>Avis <b>favorable</b></p>"), "Avis favorable");
        assert_eq!(plain_text("x\u{0}y"), "xy");
        assert_eq!(one_line("  a\n b "), "a b");
    }

    #[test]
    fn timestamps_and_questions() {
        let d = |s: &str| parse_timestamp(&json!(s)).map(|t| t.date_naive().to_string());
        assert_eq!(d("2026-03-02T10:20:30.123456Z").as_deref(), Some("2026-03-02"));
        assert_eq!(d("2026-03-02").as_deref(), Some("2026-03-02"));
        assert_eq!(d("2026-03-02T10:20:30").as_deref(), Some("2026-03-02"));
        assert_eq!(d("hier"), None);
        assert_eq!(d("1066-10-14"), None);
        assert_eq!(parse_timestamp(&json!(0)).map(|t| t.date_naive().to_string()).as_deref(), Some("1970-01-01"));
        assert_eq!(parse_timestamp(&json!(-9_000_000_000_000_i64)), None);
        assert_eq!(risk_question(345), Some((FearedEvent::Disappearance, 5)));
        assert_eq!(risk_question(327), None);
        assert_eq!(risk_question(311), None);
        assert!(question_label(999).is_none());
        assert_eq!(split_action("Chiffrer\n\ndétails\nsuite"), ("Chiffrer".into(), "détails\nsuite".into()));
    }
}
