//! AIPD work on the demo commune's validated analysis and on a large one (40 custom risks
//! added to it): the PDF report with its vector risk map, the PIA-software JSON export and
//! import, progress and risk map computed for each autosave, and the screening list of a
//! 1,000-entry register. Figures in the README.
//!
//! `cargo bench --bench aipd -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use greffier::aipd::{pia_tool, risk, screening, workflow};
use greffier::documents::aipd_pdf::aipd_pdf;
use greffier::model::{Estimate, Level, OrganisationBundle, Processing, Risk};
use uuid::Uuid;

const DEMO: &str = include_str!("../assets/demo/demo.json");

/// The demo commune (the bundle holding a validated AIPD).
fn commune() -> OrganisationBundle {
    let bundles: Vec<OrganisationBundle> = serde_json::from_str(DEMO).expect("demo.json parses");
    bundles.into_iter().find(|b| !b.aipds.is_empty()).expect("the demo has an AIPD")
}

/// The commune with `extra` custom risks rated on every cell of the grid.
fn large(extra: usize) -> OrganisationBundle {
    let mut b = commune();
    let levels = Level::ALL;
    for i in 0..extra {
        let mut r = Risk::custom(format!("Risque spécifique n° {}", i + 1));
        r.impacts = vec!["Atteinte à la vie privée".into(), "Perte de confiance".into()];
        r.threats = vec!["Consultation abusive".into()];
        r.sources = vec!["Agent malveillant".into()];
        r.initial = Estimate {
            severity: Some(levels[i % 4]),
            severity_justification: "Justification de la gravité, sur plusieurs lignes pour le rapport.".into(),
            likelihood: Some(levels[(i / 4) % 4]),
            likelihood_justification: "Justification de la vraisemblance.".into(),
        };
        b.aipds[0].risks.push(r);
    }
    b
}

fn benches(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");
    let demo = commune();
    let big = large(40);
    let id = demo.aipds[0].id;
    let rule = risk::HighRiskRule::default();
    let mut g = c.benchmark_group("aipd");
    g.sample_size(10);
    g.bench_function("pdf_demo", |b| b.iter(|| aipd_pdf(black_box(&demo), id, today).expect("pdf")));
    g.bench_function("pdf_44_risks", |b| b.iter(|| aipd_pdf(black_box(&big), id, today).expect("pdf")));
    let exported = pia_tool::export(&big.aipds[0], &big);
    g.bench_function("pia_export_44_risks", |b| b.iter(|| pia_tool::export(black_box(&big.aipds[0]), &big)));
    g.bench_function("pia_import_44_risks", |b| {
        b.iter(|| pia_tool::import(black_box(&exported), &big).expect("import"))
    });
    g.bench_function("progress_and_map_44_risks", |b| {
        b.iter(|| {
            let a = black_box(&big.aipds[0]);
            (workflow::progress(a), risk::risk_map(a, &rule))
        })
    });
    // the screening list over a large register
    let mut reg = demo.clone();
    let templates: Vec<Processing> = reg.processings.clone();
    reg.processings = (0..1_000)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::from_u128(0x6772_6566_0000_0000_0000_0000_0002_0000 | i as u128);
            p.name = format!("{} n° {}", p.name, i + 1);
            p
        })
        .collect();
    reg.aipds.clear();
    reg.aipd_screenings.clear();
    g.bench_function("screening_overview_1000_processings", |b| b.iter(|| screening::overview(black_box(&reg))));
    g.finish();
}

criterion_group!(aipd, benches);
criterion_main!(aipd);
