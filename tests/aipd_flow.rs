//! The AIPD report, the screening, the breach documents and the prior consultation's cover
//! letter as flow documents (for DOCX/ODT): they hold the texts their PDFs hold, the risk
//! map's fallback table puts each point in its cell, the letter reads as a letter, and the
//! demo dossier has what the breach and consultation documents need.

mod support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use greffier::aipd::risk::{high_residual_risks, risk_label, HighRiskRule};
use greffier::documents::aipd_pdf::{aipd_flow, aipd_pdf, screening_flow, screening_pdf};
use greffier::documents::breach_pdf::{
    breach_register_flow, breach_register_pdf, information_letter_flow, information_letter_pdf, letter_advice_fr,
    notification_sheet_flow, notification_sheet_pdf,
};
use greffier::documents::consultation::{
    consultation_missing, consultation_pack, cover_letter_flow, COVER_FILE, COVER_HEADINGS,
};
use greffier::documents::flow::{Block, FlowDoc, ParaStyle};
use greffier::documents::office::{render, RenderError, TextFormat};
use greffier::model::{Aipd, BreachStatus, Decision, Level, OrganisationBundle};
use support::{office, pdf};

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo.json parses")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn commune(bundles: &[OrganisationBundle]) -> &OrganisationBundle {
    bundles.iter().find(|b| b.organisation.legal_name.contains("Commune")).expect("the commune in the demo")
}

fn bakery(bundles: &[OrganisationBundle]) -> &OrganisationBundle {
    bundles.iter().find(|b| b.organisation.legal_name.contains("Boulangerie")).expect("the bakery in the demo")
}

/// The demo AIPD left with a high residual risk.
fn high_aipd(b: &OrganisationBundle) -> &Aipd {
    b.aipds
        .iter()
        .find(|a| !high_residual_risks(a, &HighRiskRule::default()).is_empty())
        .expect("an AIPD with a high residual risk in the commune")
}

fn norm(s: &str) -> String {
    pdf::collapse(s)
}

/// The PDF's text, whitespace (non-breaking included) collapsed.
fn pdf_text(bytes: &[u8], name: &str) -> String {
    let w = pdf::write(bytes, name);
    pdf::text(&w.path, "-raw")
}

/// The texts every rendering must show: headings and short paragraphs as phrases; the keys
/// of key-value rows and table headers (which wrap in their narrow column, where `-raw`
/// interleaves them with their neighbours) word by word. The map's table is the flow's own.
fn key_texts(doc: &FlowDoc) -> (Vec<String>, Vec<String>) {
    let (mut phrases, mut words) = (Vec::new(), Vec::new());
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } => phrases.push(norm(text)),
            Block::Paragraph { text, .. } if text.chars().count() < 60 => phrases.push(norm(text)),
            Block::KeyValues { rows } => words.extend(rows.iter().map(|(k, _)| k.clone())),
            Block::Table { headers, .. } if !headers[0].starts_with("Gravité (lignes)") => {
                words.extend(headers.iter().cloned())
            }
            _ => {}
        }
    }
    let words = words.iter().flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect();
    (phrases.into_iter().filter(|t| !t.is_empty()).collect(), words)
}

fn assert_flow_in_pdf(doc: &FlowDoc, pdf_words: &str, what: &str) {
    let (phrases, words) = key_texts(doc);
    assert!(phrases.len() + words.len() >= 8, "{what}: too few key texts");
    let missing: Vec<&String> = phrases.iter().filter(|t| !pdf_words.contains(t.as_str())).collect();
    assert!(missing.is_empty(), "{what}: texts of the flow missing from the PDF: {missing:?}");
    let in_pdf: std::collections::HashSet<&str> = pdf_words.split(' ').collect();
    let missing: Vec<&String> = words.iter().filter(|w| !in_pdf.contains(w.as_str())).collect();
    assert!(missing.is_empty(), "{what}: words of the flow missing from the PDF: {missing:?}");
}

/// The table replacing the map: (header row, body rows).
fn map_table(doc: &FlowDoc) -> (&Vec<String>, &Vec<Vec<String>>) {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Table { headers, rows, .. } if headers[0].starts_with("Gravité") => Some((headers, rows)),
            _ => None,
        })
        .expect("the risk map's table in the flow")
}

#[test]
fn the_aipd_flows_hold_the_pdf_texts_and_the_map_becomes_a_table() {
    let bundles = demo();
    let mut seen = 0;
    for b in &bundles {
        for a in &b.aipds {
            let flow = aipd_flow(b, a.id, today()).unwrap();
            let text = pdf_text(&aipd_pdf(b, a.id, today()).unwrap(), "aipd.pdf");
            assert_flow_in_pdf(&flow, &text, &a.title);
            assert_eq!(flow.title, format!("AIPD « {} » — {}", a.title, b.organisation.legal_name));
            // every risk and measure title is in both
            let plain = norm(&flow.plain_text().join(" "));
            for t in a.risks.iter().map(|r| &r.title).chain(a.measures.iter().map(|m| &m.title)) {
                assert!(plain.contains(&norm(t)) && text.contains(&norm(t)), "« {t} » missing");
            }
            // no drawing in the flow: the map is a 4×4 table whose cells name the points
            let (headers, rows) = map_table(&flow);
            assert_eq!(headers.len(), 5);
            assert_eq!(rows.len(), 4);
            assert!(rows[0][0].starts_with("Maximale") && rows[3][0].starts_with("Négligeable"));
            assert!(headers[1].starts_with("Négligeable") && headers[4].starts_with("Maximale"));
            let rule = HighRiskRule::default();
            for (row, sev) in [Level::Maximum, Level::Significant, Level::Limited, Level::Negligible].iter().enumerate()
            {
                for (col, lik) in Level::ALL.iter().enumerate() {
                    let cell = &rows[row][col + 1];
                    assert_eq!(cell.contains("zone élevée"), rule.is_high_cell(*sev, *lik), "cell {row},{col}");
                }
            }
            for r in &a.risks {
                let label = risk_label(a, r);
                for (est, word) in [(&r.initial, "initial"), (&r.residual, "résiduel"), (&r.inherent, "brut")] {
                    let name = format!("{label} {word}");
                    let holding: Vec<(usize, usize)> = (0..4)
                        .flat_map(|row| (0..4).map(move |col| (row, col)))
                        .filter(|&(row, col)| rows[row][col + 1].lines().any(|l| l == name))
                        .collect();
                    match (est.severity, est.likelihood) {
                        (Some(s), Some(l)) => {
                            let at = (usize::from(4 - s.value()), usize::from(l.value() - 1));
                            assert_eq!(holding, vec![at], "{name} ({s:?}, {l:?}) in the wrong cell");
                        }
                        _ => assert!(holding.is_empty(), "{name} is not estimated but placed"),
                    }
                }
            }
            assert!(plain.contains("Un risque résiduel est considéré comme élevé"), "the high-zone rule in words");
            assert!(plain.contains("Les points de la carte"));
            assert!(!plain.contains("Zone hachurée"), "no hatching in the editable formats");
            seen += 1;
        }
    }
    assert!(seen >= 2, "the demo has at least two AIPDs");
}

#[test]
fn the_screening_flow_holds_the_pdf_texts() {
    let bundles = demo();
    let b = commune(&bundles);
    let p = b.processings.iter().find(|p| b.aipd_screenings.iter().any(|s| s.processing == p.id)).unwrap();
    let flow = screening_flow(b, p.id, today()).unwrap();
    let text = pdf_text(&screening_pdf(b, p.id, today()).unwrap(), "screening.pdf");
    assert_flow_in_pdf(&flow, &text, &p.name);
    assert!(matches!(&flow.blocks[0], Block::Heading { level: 1, .. }));
}

#[test]
fn the_demo_has_a_high_residual_aipd_ready_for_prior_consultation() {
    let bundles = demo();
    let b = commune(&bundles);
    let a = high_aipd(b);
    assert_eq!(a.status, greffier::model::AipdStatus::Validated);
    assert!(a.processings.iter().all(|id| b.processings.iter().any(|p| p.id == *id)));
    let missing = consultation_missing(b, a.id);
    // one gap on purpose, to show the list: the processor's contract; nothing else
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing.iter().all(|m| m.where_fr.starts_with("Tiers")), "a blocking gap: {missing:?}");
    let files = consultation_pack(b, a.id, today()).unwrap();
    assert_eq!(files.len(), 3);

    // the cover letter as a flow: (a)–(f) in order, and the same texts as its PDF
    let flow = cover_letter_flow(b, a.id, today()).unwrap();
    let sections: Vec<&String> = flow
        .blocks
        .iter()
        .filter_map(|x| match x {
            Block::Heading { level: 2, text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(sections, COVER_HEADINGS.iter().collect::<Vec<_>>());
    let cover = &files.iter().find(|(n, _)| n == COVER_FILE).unwrap().1;
    let text = pdf_text(cover, "cover.pdf");
    assert_flow_in_pdf(&flow, &text, "cover letter");
    let plain = flow.plain_text().join("\n");
    assert!(plain.contains(&a.title) && plain.contains("Téléveille Sud SAS"));
    assert!(plain.contains("Sophie Lambert"), "the DPO's contact (d)");
    let e = cover_letter_flow(b, uuid::Uuid::new_v4(), today()).unwrap_err();
    assert_eq!(e.code(), "aipd_not_found");
}

#[test]
fn the_demo_breaches_one_closed_and_notified_one_open_and_pending() {
    let bundles = demo();
    let closed = &bakery(&bundles).breaches;
    assert_eq!(closed.len(), 1);
    let c = &closed[0];
    assert_eq!(c.status, BreachStatus::Closed);
    assert_eq!(c.inform_persons, Decision::No);
    let cd = greffier::breach::countdown(c, now());
    assert_eq!(cd.state, greffier::breach::CountdownState::NotifiedInTime);

    let open = &commune(&bundles).breaches;
    assert_eq!(open.len(), 1);
    let o = &open[0];
    assert_eq!(o.status, BreachStatus::Open);
    assert_eq!(o.notify_cnil, Decision::Undecided);
    // a static demo: 72 hours after awareness the countdown says late
    let before = o.aware_at + chrono::TimeDelta::hours(24);
    assert_eq!(greffier::breach::countdown(o, before).state, greffier::breach::CountdownState::ToNotify);
    assert_eq!(greffier::breach::countdown(o, now()).state, greffier::breach::CountdownState::Late);
    assert!(greffier::breach::open_breaches(commune(&bundles), now()).iter().any(|x| x.id == o.id));
}

#[test]
fn the_breach_flows_hold_the_pdf_texts() {
    let bundles = demo();
    for b in &bundles {
        let reg = breach_register_flow(b, now()).unwrap();
        let text = pdf_text(&breach_register_pdf(b, now()).unwrap(), "register.pdf");
        assert_flow_in_pdf(&reg, &text, "breach register");
        for x in &b.breaches {
            assert!(reg.plain_text().iter().any(|t| t.contains(&x.title) || norm(t).contains(&norm(&x.title))));
            let sheet = notification_sheet_flow(b, x.id, now()).unwrap();
            let text = pdf_text(&notification_sheet_pdf(b, x.id, now()).unwrap(), "sheet.pdf");
            assert_flow_in_pdf(&sheet, &text, "notification sheet");
            let state = greffier::breach::countdown(x, now()).state.label_fr();
            assert!(sheet.plain_text().iter().any(|t| t.contains(state)), "72-hour state « {state} »");
        }
    }
}

#[test]
fn the_letter_flow_reads_as_a_letter_with_the_advice() {
    let bundles = demo();
    for b in &bundles {
        for x in &b.breaches {
            let flow = information_letter_flow(b, x.id, today()).unwrap();
            let text = pdf_text(&information_letter_pdf(b, x.id, today()).unwrap(), "letter.pdf");
            assert_flow_in_pdf(&flow, &text, "letter");
            let plain: Vec<String> = flow.plain_text().iter().map(|t| norm(t)).collect();
            for advice in letter_advice_fr(x) {
                assert!(plain.iter().any(|t| t.contains(&norm(&advice))), "advice missing: {advice}");
            }
            // the order of a letter: sender, date, object, greeting, body, signature
            let at = |pred: &dyn Fn(&Block) -> bool| flow.blocks.iter().position(pred).expect("part of the letter");
            let org = norm(&b.organisation.legal_name);
            let sender = at(&|x| matches!(x, Block::Paragraph { text, style: ParaStyle::Strong } if norm(text) == org));
            let date = at(&|x| matches!(x, Block::Paragraph { text, .. } if text.contains(", le ")));
            let object = at(&|x| matches!(x, Block::Paragraph { text, .. } if text.starts_with("Objet")));
            let greeting = at(&|x| matches!(x, Block::Paragraph { text, .. } if text == "Madame, Monsieur,"));
            let closing = at(&|x| matches!(x, Block::Paragraph { text, .. } if text.contains("salutations")));
            let rep = b.organisation.legal_representative.full_name();
            let signature = flow.blocks.len() - 1;
            assert!(matches!(&flow.blocks[signature], Block::Paragraph { text, .. } if text.contains(&rep)));
            assert!(sender < date && date < object && object < greeting && greeting < closing && closing < signature);
            // the advice boxes are boxes, before the letter itself; nothing else is boxed
            let boxes: Vec<usize> = flow
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, x)| matches!(x, Block::Boxed { .. }))
                .map(|(i, _)| i)
                .collect();
            assert!(!boxes.is_empty() && boxes.iter().all(|&i| i < sender), "boxes: {boxes:?}");
            assert!(!flow.blocks.iter().any(|x| matches!(x, Block::Table { .. } | Block::KeyValues { .. })));
            if x.inform_persons == Decision::No {
                assert!(plain.iter().any(|t| t.contains("Information des personnes non exigée")));
            }
        }
    }
}

/// DOCX and ODT of the AIPD report and the letter: real files that LibreOffice opens and
/// whose text it prints (skipped, with a message, while the writers are not there).
#[test]
fn the_aipd_report_and_the_letter_render_as_docx_and_odt() {
    let bundles = demo();
    let b = commune(&bundles);
    let a = high_aipd(b);
    let aipd = aipd_flow(b, a.id, today()).unwrap();
    let letter = information_letter_flow(b, b.breaches[0].id, today()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (doc, format, name, needles) in [
        (&aipd, TextFormat::Docx, "aipd.docx", vec![a.risks[2].title.as_str(), "Cartographie des risques"]),
        (&aipd, TextFormat::Odt, "aipd.odt", vec![a.risks[2].title.as_str(), "Cartographie des risques"]),
        (&letter, TextFormat::Docx, "lettre.docx", vec!["Madame, Monsieur,", "Ce que vous pouvez faire"]),
    ] {
        let bytes = match render(doc, format) {
            Ok(bytes) => bytes,
            Err(RenderError::Office { detail, .. }) => {
                eprintln!("{name}: the {} writer is not ready ({detail}): skipped", format.as_str());
                continue;
            }
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(bytes.starts_with(b"PK"), "{name} is a zip");
        office::check_zip_xml(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        if office::soffice().is_none() {
            continue;
        }
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let text = office::text_of(&path);
        for n in needles {
            assert!(text.contains(&norm(n)), "{name}: « {n} » not found in LibreOffice's rendering");
        }
        if name.starts_with("aipd") {
            // the map's table is there, with its points
            assert!(text.contains("R1 résiduel"), "{name}: the map's table");
        }
    }
}
