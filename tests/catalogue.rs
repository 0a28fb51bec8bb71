//! The documents catalogue from the demo dossier (both organisations): the keys it lists,
//! every entry generated in every format it offers and read back (PDF with pdftotext, DOCX
//! and ODT through LibreOffice once per kind and format, spreadsheets with calamine, zips
//! opened), its answers to bad keys and formats, and the generation log kept in the dossier.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use greffier::aipd::risk::{high_residual_risks, HighRiskRule};
use greffier::documents::catalogue::{
    catalogue, generate, DocumentEntry, DocumentGroup, Generated, Generation, OutputFormat,
};
use greffier::model::{AipdStatus, Decision, OrganisationBundle, RecipientKind, ThirdPartyKind};
use support::{office, pdf, Env};
use uuid::Uuid;

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo parses")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).single().expect("a valid instant")
}

fn entries(b: &OrganisationBundle) -> Vec<DocumentEntry> {
    catalogue(b, &HashMap::new(), now().date_naive())
}

/// The keys the catalogue must list, computed from the bundle on its own.
fn expected_keys(b: &OrganisationBundle) -> BTreeSet<String> {
    let mut k: BTreeSet<String> = ["register", "register-public", "security", "annual-report", "dpo-designation"]
        .into_iter()
        .chain(["breach-register", "undertaking"])
        .map(String::from)
        .collect();
    let rule = HighRiskRule::default();
    for a in b.aipds.iter().filter(|a| a.status != AipdStatus::Archived) {
        k.insert(format!("aipd:{}", a.id));
        if !high_residual_risks(a, &rule).is_empty() {
            k.insert(format!("consultation:{}", a.id));
        }
    }
    for s in &b.aipd_screenings {
        k.insert(format!("screening:{}", s.processing));
    }
    for p in b.processings.iter().filter(|p| !p.archived) {
        k.insert(format!("notice:{}", p.id));
    }
    for t in &b.third_parties {
        let named_processor = b
            .processings
            .iter()
            .any(|p| p.recipients.iter().any(|r| r.third_party == Some(t.id) && r.kind == RecipientKind::Processor));
        if t.kind == Some(ThirdPartyKind::Processor) || named_processor {
            k.insert(format!("processor-checklist:{}", t.id));
        }
    }
    for br in &b.breaches {
        k.insert(format!("breach-letter:{}", br.id));
        let relevant = !br.notifications.is_empty()
            || br.notify_cnil == Decision::Yes
            || (br.notify_cnil == Decision::Undecided && greffier::breach::suggestion(br).notify_cnil);
        if relevant {
            k.insert(format!("breach-sheet:{}", br.id));
        }
    }
    k
}

fn group_rank(g: DocumentGroup) -> usize {
    [
        DocumentGroup::Compliance,
        DocumentGroup::Teleservices,
        DocumentGroup::Aipd,
        DocumentGroup::Breaches,
        DocumentGroup::HandOver,
    ]
    .iter()
    .position(|x| *x == g)
    .expect("a known group")
}

#[test]
fn the_catalogue_lists_what_the_dossier_holds_in_the_screens_order() {
    let bundles = demo();
    assert_eq!(bundles.len(), 2);
    for b in &bundles {
        let list = entries(b);
        let keys: Vec<String> = list.iter().map(|e| e.key.clone()).collect();
        let unique: BTreeSet<String> = keys.iter().cloned().collect();
        assert_eq!(unique.len(), keys.len(), "no key twice: {keys:?}");
        assert_eq!(unique, expected_keys(b), "{}", b.organisation.legal_name);
        // groups in the screen's order, never interleaved
        let ranks: Vec<usize> = list.iter().map(|e| group_rank(e.group)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        for e in &list {
            assert!(!e.title_fr.trim().is_empty() && !e.title_en.trim().is_empty(), "{}", e.key);
            assert!(!e.description_fr.trim().is_empty() && !e.description_en.trim().is_empty(), "{}", e.key);
            assert!(!e.formats.is_empty(), "{}", e.key);
            assert_eq!(e.last_generated, None);
            assert_eq!(e.destination_fr.is_some(), e.destination_en.is_some(), "{}", e.key);
            // the subject is the id after the colon
            let subject = e.key.split_once(':').map(|(_, id)| Uuid::parse_str(id).expect("uuid"));
            assert_eq!(e.subject, subject, "{}", e.key);
            // not ready always says why
            assert!(e.ready || !e.missing.is_empty(), "{}", e.key);
            for m in &e.missing {
                assert!(!m.label_fr.is_empty() && !m.label_en.is_empty() && !m.where_fr.is_empty(), "{}", e.key);
            }
        }
        let dpo = list.iter().find(|e| e.key == "dpo-designation").expect("dpo entry");
        assert_eq!(dpo.formats, [OutputFormat::Pdf]);
        assert!(dpo.destination_fr.as_deref().is_some_and(|d| d.contains("cnil.fr")));
        let sheet = greffier::dpo::designation_sheet(&b.organisation, &b.processings);
        let says_required = dpo.description_fr.contains("est obligatoire");
        assert_eq!(says_required, sheet.obligation.required, "{}", dpo.description_fr);
        let register = list.iter().find(|e| e.key == "register").expect("register");
        assert_eq!(register.formats.len(), 6);
    }
    // the commune is a public body: its public register says it is communicable
    let commune = bundles.iter().find(|b| b.organisation.public_body).expect("a public body in the demo");
    let public = entries(commune).into_iter().find(|e| e.key == "register-public").expect("public register");
    assert!(public.description_fr.contains("communicable"), "{}", public.description_fr);
    // the demo has what the packs need
    let all: Vec<DocumentEntry> = bundles.iter().flat_map(entries).collect();
    for kind in ["consultation:", "breach-sheet:", "breach-letter:", "aipd:", "screening:", "notice:"] {
        assert!(all.iter().any(|e| e.key.starts_with(kind)), "the demo lists a {kind} document");
    }
}

#[test]
fn the_last_generation_comes_from_the_log() {
    let b = &demo()[0];
    let at = now();
    let log = HashMap::from([("security".to_string(), Generation { at, format: OutputFormat::Csv })]);
    let list = catalogue(b, &log, at.date_naive());
    for e in &list {
        let expected = (e.key == "security").then_some(Generation { at, format: OutputFormat::Csv });
        assert_eq!(e.last_generated, expected, "{}", e.key);
    }
}

/// Text of a DOCX or ODT's XML parts (body, footers, styles), tags removed and entities
/// decoded.
fn xml_text(bytes: &[u8]) -> String {
    let xml: String = office::zip_entries(bytes)
        .iter()
        .filter(|n| n.ends_with(".xml"))
        .map(|n| office::zip_text(bytes, n))
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    pdf::collapse(&out)
}

/// The words that must be in the document: the record's name, or the organisation's (its
/// first four words, as long names wrap and may be clipped).
fn needle(b: &OrganisationBundle, e: &DocumentEntry) -> String {
    let id = e.subject;
    let name = id
        .and_then(|id| {
            b.processings
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .or_else(|| b.aipds.iter().find(|a| a.id == id).map(|a| a.title.clone()))
                .or_else(|| b.breaches.iter().find(|x| x.id == id).map(|x| x.title.clone()))
                .or_else(|| b.third_parties.iter().find(|t| t.id == id).map(|t| t.name.clone()))
        })
        .unwrap_or_else(|| b.organisation.legal_name.clone());
    // up to the first punctuation a layout may break at, at most four words
    let cut: String = name.chars().take_while(|c| !matches!(c, '«' | '»' | '(' | '–' | ',')).collect();
    cut.split_whitespace().take(4).collect::<Vec<_>>().join(" ")
}

fn kind(key: &str) -> &str {
    key.split(':').next().unwrap_or(key)
}

fn check_pdf(bytes: &[u8], name: &str, needle: &str, what: &str) {
    let w = pdf::write(bytes, name);
    assert!(w.pages >= 1, "{what}");
    let text = pdf::text(&w.path, "-raw");
    assert!(text.contains(needle), "{what}: « {needle} » not in the PDF text:\n{}", &text[..text.len().min(1500)]);
}

#[test]
fn every_entry_is_generated_in_every_format_and_reads_back() {
    let bundles = demo();
    let dir = tempfile::tempdir().expect("tempdir");
    // (kind, format) → one file for LibreOffice, with what it must show
    let mut to_convert: HashMap<(String, OutputFormat), (PathBuf, String)> = HashMap::new();
    let mut counted = 0;
    for (bi, b) in bundles.iter().enumerate() {
        for e in entries(b) {
            let needle = needle(b, &e);
            for &f in &e.formats {
                let what = format!("{} as {}", e.key, f.as_str());
                let got = generate(b, &e.key, f, now());
                if !e.ready {
                    let err = got.err().unwrap_or_else(|| panic!("{what}: not ready yet generated"));
                    assert_eq!(err.code(), "document_not_ready", "{what}");
                    assert!(!err.message_en().is_empty() && err.message_fr() != err.message_en(), "{what}");
                    continue;
                }
                let got = got.unwrap_or_else(|e| panic!("{what}: {} ({})", e.message_en(), e.code()));
                counted += 1;
                match got {
                    Generated::File { file_name, bytes } => {
                        assert!(!file_name.chars().any(|c| "/\\:*?\"<>|".contains(c)), "{file_name}");
                        if let Some(ext) = f.extension() {
                            assert!(file_name.ends_with(&format!(".{ext}")), "{what}: {file_name}");
                        }
                        match f {
                            OutputFormat::Pdf => check_pdf(&bytes, &file_name, &needle, &what),
                            OutputFormat::Docx | OutputFormat::Odt => {
                                office::check_zip_xml(&bytes).unwrap_or_else(|m| panic!("{what}: {m}"));
                                let text = xml_text(&bytes);
                                assert!(text.contains(&needle), "{what}: « {needle} » not in the XML text");
                                let slot = (kind(&e.key).to_string(), f);
                                if let std::collections::hash_map::Entry::Vacant(v) = to_convert.entry(slot) {
                                    let path = dir.path().join(format!("{bi}-{}-{f:?}.{}", kind(&e.key), f.as_str()));
                                    std::fs::write(&path, &bytes).expect("write");
                                    v.insert((path, needle.clone()));
                                }
                            }
                            OutputFormat::Ods | OutputFormat::Xlsx => {
                                use calamine::Reader;
                                let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
                                    .unwrap_or_else(|e| panic!("{what}: calamine: {e}"));
                                let mut cells = String::new();
                                for name in wb.sheet_names() {
                                    let range = wb.worksheet_range(&name).expect("sheet reads");
                                    cells.extend(range.cells().map(|(_, _, c)| format!("{c} ")));
                                }
                                let p = b.processings.first().expect("a processing");
                                assert!(cells.contains(p.name.trim()), "{what}: {} not in the sheet", p.name);
                            }
                            OutputFormat::Csv => {
                                let text = String::from_utf8(bytes).expect("UTF-8 CSV");
                                assert!(text.lines().count() >= 2, "{what}: a header and rows");
                            }
                            OutputFormat::PiaJson => {
                                let v: serde_json::Value = serde_json::from_slice(&bytes).expect("PIA JSON parses");
                                assert!(v.is_object(), "{what}");
                            }
                            OutputFormat::Zip => {
                                let names = office::zip_entries(&bytes);
                                assert_eq!(names.len(), 4, "{what}: {names:?}");
                                assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), 3, "{names:?}");
                                assert!(names.iter().any(|n| n.ends_with(".docx")), "{names:?}");
                                let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
                                for n in names.iter().filter(|n| n.ends_with(".pdf")) {
                                    let mut inner = Vec::new();
                                    std::io::Read::read_to_end(&mut z.by_name(n).expect("entry"), &mut inner)
                                        .expect("read");
                                    let w = pdf::write(&inner, n);
                                    assert!(!pdf::text(&w.path, "-raw").is_empty(), "{what}: {n} has text");
                                }
                            }
                            OutputFormat::Folder => panic!("{what}: a folder comes as a pack"),
                        }
                    }
                    Generated::Pack { name, files } => {
                        assert_eq!(f, OutputFormat::Folder, "{what}");
                        assert!(!name.is_empty() && !name.contains('/'), "{name}");
                        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                        assert!(names.contains(&greffier::documents::consultation::COVER_FILE), "{names:?}");
                        for (n, bytes) in files.iter().filter(|(n, _)| n.ends_with(".pdf")) {
                            assert!(bytes.starts_with(b"%PDF-"), "{what}: {n}");
                        }
                    }
                }
            }
        }
    }
    assert!(counted > 60, "{counted} documents generated");
    // LibreOffice: once per kind and format, a few at a time
    let soffice = office::soffice();
    if soffice.is_none() {
        return;
    }
    let jobs: Vec<((String, OutputFormat), (PathBuf, String))> = to_convert.into_iter().collect();
    assert!(jobs.len() >= 20, "{} kinds × formats", jobs.len());
    for chunk in jobs.chunks(3) {
        std::thread::scope(|s| {
            for ((k, f), (path, needle)) in chunk {
                s.spawn(move || {
                    let text = office::text_of(path);
                    assert!(text.contains(needle.as_str()), "{k} {f:?}: « {needle} » not in LibreOffice's text");
                });
            }
        });
    }
}

#[test]
fn bad_keys_formats_and_records_get_the_right_error() {
    let bundles = demo();
    let (bakery, commune) = (&bundles[0], &bundles[1]);
    let code = |b: &OrganisationBundle, key: &str, f: OutputFormat| match generate(b, key, f, now()) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.code().to_string(),
    };
    assert_eq!(code(bakery, "registre", OutputFormat::Pdf), "unknown_document");
    assert_eq!(code(bakery, "aipd:not-a-uuid", OutputFormat::Pdf), "unknown_document");
    assert_eq!(code(bakery, &format!("aipd:{}", Uuid::new_v4()), OutputFormat::Pdf), "unknown_document");
    // a record of the other organisation is not found here
    let other = commune.processings[0].id;
    assert_eq!(code(bakery, &format!("notice:{other}"), OutputFormat::Pdf), "unknown_document");
    assert_eq!(code(commune, &format!("notice:{other}"), OutputFormat::Pdf), "ok");
    let aipd = commune.aipds[0].id;
    assert_eq!(code(bakery, &format!("aipd:{aipd}"), OutputFormat::Pdf), "unknown_document");
    // formats not offered
    assert_eq!(code(bakery, "register-public", OutputFormat::Ods), "unsupported_format");
    assert_eq!(code(bakery, "dpo-designation", OutputFormat::Docx), "unsupported_format");
    assert_eq!(code(bakery, "register", OutputFormat::Zip), "unsupported_format");
    assert_eq!(code(commune, &format!("consultation:{aipd}"), OutputFormat::Pdf), "unsupported_format");
    let err = generate(bakery, "undertaking", OutputFormat::Xlsx, now()).expect_err("refused");
    assert!(err.message_fr().contains("pdf, docx, odt"), "{}", err.message_fr());
    assert!(err.message_en().contains("possible formats"), "{}", err.message_en());
    // no consultation for an analysis without a high residual risk
    let mut calm = commune.clone();
    calm.aipds[0].risks.clear();
    let calm_id = calm.aipds[0].id;
    assert!(high_residual_risks(&calm.aipds[0], &HighRiskRule::default()).is_empty());
    assert!(!entries(&calm).iter().any(|e| e.key == format!("consultation:{calm_id}")));
    assert_eq!(code(&calm, &format!("consultation:{calm_id}"), OutputFormat::Zip), "document_not_ready");
    // an archived processing gets no notice
    let mut archived = bakery.clone();
    archived.processings[0].archived = true;
    let pid = archived.processings[0].id;
    assert!(!entries(&archived).iter().any(|e| e.key == format!("notice:{pid}")));
    assert_eq!(code(&archived, &format!("notice:{pid}"), OutputFormat::Pdf), "document_not_ready");
    // the letter waits while the decision is not to inform
    let mut letter = bakery.clone();
    letter.breaches[0].inform_persons = Decision::No;
    let key = format!("breach-letter:{}", letter.breaches[0].id);
    assert_eq!(code(&letter, &key, OutputFormat::Pdf), "document_not_ready");
    letter.breaches[0].inform_persons = Decision::Undecided;
    assert_eq!(code(&letter, &key, OutputFormat::Pdf), "ok");
}

#[test]
fn the_generation_log_is_kept_in_the_dossier() {
    let env = Env::new();
    let (mut d, path) = env.create("log.greffier");
    d.insert_bundles(&demo(), &[]).expect("demo inserted");
    let orgs = d.organisation_summaries().expect("orgs");
    let (a, b) = (orgs[0].id, orgs[1].id);
    let at = now();
    d.record_generation(a, "register", Generation { at, format: OutputFormat::Docx }).expect("recorded");
    d.record_generation(a, "register", Generation { at, format: OutputFormat::Odt }).expect("replaced");
    d.record_generation(b, "security", Generation { at, format: OutputFormat::Pdf }).expect("recorded");
    d.close().expect("closed");

    let mut d = env.open(&path);
    let log = d.generations(a).expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log["register"], Generation { at, format: OutputFormat::Odt });
    let bundle = d.bundle(a).expect("bundle");
    let list = catalogue(&bundle, &log, at.date_naive());
    let reg = list.iter().find(|e| e.key == "register").expect("register");
    assert_eq!(reg.last_generated, Some(Generation { at, format: OutputFormat::Odt }));
    // deleting an organisation removes its log, not the other's
    d.delete_organisation(b).expect("deleted");
    assert!(d.generations(b).expect("log").is_empty());
    assert_eq!(d.generations(a).expect("log").len(), 1);
    d.close().expect("closed");

    // a read-only dossier refuses to record
    let mut ro = greffier::store::Dossier::open(&path, &support::pass(), env.opts().read_only()).expect("opened");
    let e = ro.record_generation(a, "security", Generation { at, format: OutputFormat::Pdf }).expect_err("refused");
    assert_eq!(e.code(), "read_only");
    assert_eq!(ro.generations(a).expect("log").len(), 1);
}
