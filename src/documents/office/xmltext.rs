//! Text going into XML parts: characters XML 1.0 cannot carry are dropped, line ends are
//! normalised, and markup characters are escaped.

/// Whether XML 1.0 allows `c` in a document (tab, line feed and carriage return are the
/// only control characters it accepts; U+FFFE and U+FFFF are not characters).
pub(crate) fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// `s` without the characters XML cannot carry, with `\r\n` and lone `\r` as `\n`.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// `s` cleaned and escaped for element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// One piece of a text: a run of characters, a line break or a tab.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Break,
    Tab,
}

/// A cleaned text (see [`clean`]) cut into pieces at line breaks and tabs.
pub(crate) fn pieces(cleaned: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in cleaned.char_indices() {
        if c == '\n' || c == '\t' {
            if start < i {
                out.push(Piece::Text(&cleaned[start..i]));
            }
            out.push(if c == '\n' { Piece::Break } else { Piece::Tab });
            start = i + 1;
        }
    }
    if start < cleaned.len() {
        out.push(Piece::Text(&cleaned[start..]));
    }
    out
}

/// Relative column widths as parts of `total`, one per column (equal parts when the
/// widths are missing, negative or not numbers). The parts add up to `total`.
pub(crate) fn split_widths(widths: &[f32], columns: usize, total: u32) -> Vec<u32> {
    let columns = columns.max(1);
    let w: Vec<f64> = (0..columns)
        .map(|i| widths.get(i).copied().filter(|v| v.is_finite() && *v > 0.0).map_or(0.0, f64::from))
        .collect();
    let sum: f64 = w.iter().sum();
    let w: Vec<f64> = if sum > 0.0 && w.iter().all(|v| *v > 0.0) { w } else { vec![1.0; columns] };
    let sum: f64 = w.iter().sum();
    let mut out: Vec<u32> = w.iter().map(|v| ((v / sum) * f64::from(total)).floor() as u32).collect();
    let used: u32 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += total.saturating_sub(used);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped_and_line_ends_normalised() {
        assert_eq!(clean("a\u{0}b\u{1b}c\r\nd\re\u{FFFE}\u{FFFF}f\tg"), "abc\nd\nef\tg");
        assert_eq!(escape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    }

    #[test]
    fn texts_are_cut_at_breaks_and_tabs() {
        assert_eq!(
            pieces("a\nb\tc\n"),
            vec![Piece::Text("a"), Piece::Break, Piece::Text("b"), Piece::Tab, Piece::Text("c"), Piece::Break]
        );
        assert!(pieces("").is_empty());
    }

    #[test]
    fn widths_always_fill_the_total() {
        assert_eq!(split_widths(&[1.0, 3.0], 2, 100), vec![25, 75]);
        assert_eq!(split_widths(&[f32::NAN, 1.0], 2, 100), vec![50, 50]);
        assert_eq!(split_widths(&[], 3, 100).iter().sum::<u32>(), 100);
        assert_eq!(split_widths(&[1.0], 0, 100), vec![100]);
    }
}
