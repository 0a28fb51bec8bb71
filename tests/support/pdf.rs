//! Reading our PDFs back with poppler's tools (`poppler-utils`: pdfinfo, pdftotext), shared
//! by the report tests: write the bytes (and a copy to `$GREFFIER_PDF_OUT` to look at
//! them), count pages, extract text, place words, check the margins.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs a poppler tool and returns its standard output.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (apt-get install poppler-utils) to run these tests")
    });
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every run of whitespace as one space.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A PDF written to a temporary directory (kept while this lives), with `pdfinfo`'s page
/// count and collapsed report.
pub struct Written {
    pub path: PathBuf,
    pub pages: usize,
    pub info: String,
    pub dir: tempfile::TempDir,
}

/// Writes `bytes` as `name`, checks it is a PDF, reads its page count, copies it to
/// `$GREFFIER_PDF_OUT` when set, and checks every word lies inside the margins.
pub fn write(bytes: &[u8], name: &str) -> Written {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Some(out) = std::env::var_os("GREFFIER_PDF_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(name), bytes).unwrap();
    }
    let info = collapse(&run("pdfinfo", &[path.to_str().unwrap()]));
    let pages = info
        .split_once("Pages: ")
        .and_then(|(_, v)| v.split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no page count in:\n{info}"));
    check_inside_margins(&path);
    Written { path, pages, info, dir }
}

/// `pdftotext` of the whole file (`-raw`: content-stream order, or `-layout`), collapsed.
pub fn text(path: &Path, mode: &str) -> String {
    collapse(&run("pdftotext", &[mode, path.to_str().unwrap(), "-"]))
}

/// A word as poppler places it (`pdftotext -bbox`: points from the top left).
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

pub fn words(path: &Path) -> Vec<Word> {
    let html = run("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut out = Vec::new();
    for (page, chunk) in html.split("<page ").skip(1).enumerate() {
        for tag in chunk.split("<word ").skip(1) {
            let text = tag.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("");
            out.push(Word {
                page: page + 1,
                text: text.replace("&apos;", "'").replace("&amp;", "&"),
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            });
        }
    }
    out
}

/// Every word lies within the A4 page's side margins and above the footer zone.
pub fn check_inside_margins(path: &Path) {
    let (left, right, page_height) = (56.69 - 1.0, 595.276 - 56.69 + 1.0, 841.89);
    let all = words(path);
    for w in &all {
        assert!(
            w.x0 >= left && w.x1 <= right,
            "« {} » overflows sideways ({}–{}) in {}",
            w.text,
            w.x0,
            w.x1,
            path.display()
        );
        assert!(w.y1 <= page_height - 20.0, "« {} » below the footer zone ({}) in {}", w.text, w.y1, path.display());
    }
    assert!(all.len() > 20, "too few words in {}", path.display());
}
