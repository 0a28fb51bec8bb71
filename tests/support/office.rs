//! Checking the editable documents (DOCX, ODT): their zip structure, the well-formedness of
//! their XML parts, and what LibreOffice makes of them.
//!
//! LibreOffice (`soffice`) converts a file to PDF, whose text `pdftotext` reads back. When
//! `soffice` is not installed, [`soffice`] returns `None` with a message and the tests that
//! need it skip that part — unless `GREFFIER_REQUIRE_SOFFICE=1` is set (CI sets it): then a
//! missing `soffice` is a failure, so that a CI image without LibreOffice cannot pass silently.
//! `$GREFFIER_SOFFICE` may name the program (default: `soffice` on the `PATH`).

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::pdf;

/// How long one conversion may take (LibreOffice's first start in a fresh profile is slow).
pub const CONVERT_TIMEOUT: Duration = Duration::from_secs(120);

/// LibreOffice's program, or `None` (with a message) when it is not installed. Panics
/// instead when `GREFFIER_REQUIRE_SOFFICE=1`.
pub fn soffice() -> Option<PathBuf> {
    let name = std::env::var_os("GREFFIER_SOFFICE").unwrap_or_else(|| "soffice".into());
    let found = Command::new(&name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if found {
        return Some(PathBuf::from(name));
    }
    let msg = format!(
        "LibreOffice (`{}`) is missing: DOCX/ODT rendering checks skipped (apt-get install libreoffice-writer)",
        name.to_string_lossy()
    );
    if std::env::var("GREFFIER_REQUIRE_SOFFICE").as_deref() == Ok("1") {
        panic!("{msg}, and GREFFIER_REQUIRE_SOFFICE=1 requires it");
    }
    eprintln!("{msg}");
    None
}

fn unique() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst), nanos)
}

/// Converts `input` (DOCX, ODT…) to a PDF next to it with LibreOffice, in a private
/// profile (tests run in parallel); panics with LibreOffice's messages when the conversion
/// fails, times out, reports an error or gives no PDF. Call only when [`soffice`] is `Some`.
pub fn convert_to_pdf(input: &Path) -> PathBuf {
    let program = soffice().expect("LibreOffice is required here (check soffice() first)");
    let outdir = input.parent().expect("input in a directory").to_path_buf();
    let profile = std::env::temp_dir().join(format!("greffier-lo-{}", unique()));
    let mut child = Command::new(program)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&outdir)
        .arg(input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("soffice starts");
    // read both pipes on threads: a full pipe would block LibreOffice
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for soffice") {
            break status;
        }
        if start.elapsed() > CONVERT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&profile);
            panic!("soffice took more than {CONVERT_TIMEOUT:?} to convert {}", input.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    let _ = std::fs::remove_dir_all(&profile);
    let report = format!("soffice on {}: {status}\nstdout:\n{stdout}\nstderr:\n{stderr}", input.display());
    assert!(status.success(), "{report}");
    assert!(
        !stderr.lines().any(|l| l.contains("Error") || l.contains("error:")),
        "LibreOffice reported an error: {report}"
    );
    let stem = input.file_stem().expect("input file name").to_string_lossy().to_string();
    let pdf_path = outdir.join(format!("{stem}.pdf"));
    let len = std::fs::metadata(&pdf_path).map(|m| m.len()).unwrap_or(0);
    assert!(len > 0, "no PDF from LibreOffice ({}): {report}", pdf_path.display());
    if let Some(out) = std::env::var_os("GREFFIER_PDF_OUT") {
        let _ = std::fs::create_dir_all(&out);
        let name = input.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let _ = std::fs::copy(&pdf_path, Path::new(&out).join(format!("{name}.pdf")));
    }
    pdf_path
}

/// The text LibreOffice prints of `input`: converted to PDF, then `pdftotext -raw`,
/// whitespace collapsed.
pub fn text_of(input: &Path) -> String {
    pdf::text(&convert_to_pdf(input), "-raw")
}

/// The page count `pdfinfo` reads in a PDF.
pub fn pages_of(pdf_path: &Path) -> usize {
    let info = pdf::collapse(&pdf::run("pdfinfo", &[pdf_path.to_str().expect("UTF-8 path")]));
    info.split_once("Pages: ")
        .and_then(|(_, v)| v.split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"))
}

/// The entries of a zip, in archive order.
pub fn zip_entries(bytes: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    (0..z.len()).map(|i| z.by_index(i).expect("zip entry").name().expect("UTF-8 entry name").to_string()).collect()
}

/// One entry of a zip as text (panics when missing or not UTF-8).
pub fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut f = z.by_name(name).unwrap_or_else(|e| panic!("no {name} in the zip: {e}"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{name} is not UTF-8 text: {e}"));
    s
}

/// Every XML part of a zip (`.xml`, `.rels`) is well-formed; the error names the part.
pub fn check_zip_xml(bytes: &[u8]) -> Result<usize, String> {
    let mut n = 0;
    for name in zip_entries(bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            check_xml(&zip_text(bytes, &name)).map_err(|e| format!("{name}: {e}"))?;
            n += 1;
        }
    }
    Ok(n)
}

fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')
}

/// A small XML 1.0 well-formedness check: one root element, balanced and properly nested
/// tags, quoted attributes without duplicates, known or numeric entities, allowed
/// characters only, no `<` in attribute values, no `]]>` in text.
pub fn check_xml(xml: &str) -> Result<(), String> {
    if let Some(c) = xml.chars().find(|c| !xml_char(*c)) {
        return Err(format!("character U+{:04X} not allowed in XML", c as u32));
    }
    let b = xml.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let at =
        |i: usize| format!("at byte {i}: «{}»", &xml[i.saturating_sub(30)..(i + 30).min(xml.len())].escape_debug());
    let check_refs = |s: &str, start: usize| -> Result<(), String> {
        let mut rest = s;
        while let Some(p) = rest.find('&') {
            let after = &rest[p + 1..];
            let end = after.find(';').ok_or_else(|| format!("unterminated entity {}", at(start)))?;
            let ent = &after[..end];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || ent
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32)
                    .is_some_and(xml_char);
            if !ok {
                return Err(format!("bad entity &{ent}; {}", at(start)));
            }
            rest = &after[end + 1..];
        }
        Ok(())
    };
    while i < b.len() {
        if b[i] != b'<' {
            let end = xml[i..].find('<').map_or(b.len(), |p| i + p);
            let text = &xml[i..end];
            if text.contains("]]>") {
                return Err(format!("« ]]> » in text {}", at(i)));
            }
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root {}", at(i)));
            }
            check_refs(text, i)?;
            i = end;
            continue;
        }
        let rest = &xml[i..];
        if rest.starts_with("<?") {
            let end = rest.find("?>").ok_or_else(|| format!("unterminated <? {}", at(i)))?;
            i += end + 2;
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").ok_or_else(|| format!("unterminated comment {}", at(i)))?;
            i += 4 + end + 3;
        } else if rest.starts_with("<![CDATA[") {
            if stack.is_empty() {
                return Err(format!("CDATA outside the root {}", at(i)));
            }
            let end = rest.find("]]>").ok_or_else(|| format!("unterminated CDATA {}", at(i)))?;
            i += end + 3;
        } else if rest.starts_with("<!") {
            let end = rest.find('>').ok_or_else(|| format!("unterminated <! {}", at(i)))?;
            i += end + 1;
        } else if let Some(close) = rest.strip_prefix("</") {
            let end = close.find('>').ok_or_else(|| format!("unterminated end tag {}", at(i)))?;
            let name = close[..end].trim_end();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?} {}", at(i))),
            }
            i += 2 + end + 1;
        } else {
            // start tag: name, attributes, `>` or `/>`
            let mut j = i + 1;
            let name_start = j;
            while j < b.len() && name_char(xml[j..].chars().next().unwrap_or(' ')) {
                j += xml[j..].chars().next().map_or(1, char::len_utf8);
            }
            let name = &xml[name_start..j];
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') {
                return Err(format!("bad tag name {}", at(i)));
            }
            let mut attrs: Vec<&str> = Vec::new();
            loop {
                let ws = xml[j..].len() - xml[j..].trim_start().len();
                j += ws;
                if j >= b.len() {
                    return Err(format!("unterminated tag <{name} {}", at(i)));
                }
                if xml[j..].starts_with("/>") {
                    j += 2;
                    if stack.is_empty() {
                        roots += 1;
                    }
                    break;
                }
                if b[j] == b'>' {
                    j += 1;
                    if stack.is_empty() {
                        roots += 1;
                    }
                    stack.push(name);
                    break;
                }
                if ws == 0 {
                    return Err(format!("no space before an attribute in <{name} {}", at(j)));
                }
                let a_start = j;
                while j < b.len() && name_char(xml[j..].chars().next().unwrap_or(' ')) {
                    j += xml[j..].chars().next().map_or(1, char::len_utf8);
                }
                let a = &xml[a_start..j];
                if a.is_empty() {
                    return Err(format!("bad attribute in <{name} {}", at(j)));
                }
                if attrs.contains(&a) {
                    return Err(format!("duplicate attribute {a} in <{name} {}", at(j)));
                }
                attrs.push(a);
                let t = xml[j..].trim_start();
                j = xml.len() - t.len();
                if !t.starts_with('=') {
                    return Err(format!("attribute {a} without value {}", at(j)));
                }
                j += 1;
                let t = xml[j..].trim_start();
                j = xml.len() - t.len();
                let q = match t.chars().next() {
                    Some(q @ ('"' | '\'')) => q,
                    _ => return Err(format!("unquoted attribute {a} {}", at(j))),
                };
                let end = t[1..].find(q).ok_or_else(|| format!("unterminated attribute {a} {}", at(j)))?;
                let value = &t[1..1 + end];
                if value.contains('<') {
                    return Err(format!("« < » in attribute {a} {}", at(j)));
                }
                check_refs(value, j)?;
                j += 1 + end + 1;
            }
            if roots > 1 {
                return Err(format!("a second root element <{name}> {}", at(i)));
            }
            i = j;
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{open}> never closed"));
    }
    if roots != 1 {
        return Err("no root element".to_string());
    }
    Ok(())
}
