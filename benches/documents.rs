//! The documents catalogue and its editable formats: the catalogue of each demo
//! organisation (what the Documents screen computes on every visit), the register as DOCX
//! and ODT for 1,000 processings (made from the 32 library templates, like
//! `register_documents`), and the demo commune's annual report as PDF, DOCX and ODT, all
//! through `catalogue::generate` as the window and the CLI call it. No budget in the issue.
//!
//! `cargo bench --bench documents -- --warm-up-time 1 --measurement-time 5`

use std::collections::HashMap;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use greffier::documents::catalogue::{catalogue, generate, OutputFormat};
use greffier::model::{Organisation, OrganisationBundle, Processing};
use uuid::Uuid;

const LIBRARY: &str = include_str!("../assets/register/library.json");

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo.json parses")
}

/// An organisation with `n` processings cloned from the library's templates.
fn large_bundle(n: usize) -> OrganisationBundle {
    let library: serde_json::Value = serde_json::from_str(LIBRARY).expect("library.json parses");
    let templates: Vec<Processing> = library["entries"]
        .as_array()
        .expect("library.json has entries")
        .iter()
        .map(|e| serde_json::from_value(e["template"].clone()).expect("a template is a Processing"))
        .collect();
    let mut org = Organisation::new("Communauté de communes du Piémont Cévenol");
    org.public_body = true;
    let mut bundle = OrganisationBundle::new(org);
    bundle.processings = (0..n)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::from_u128(0x6772_6566_0000_0000_0000_0000_0002_0000 | i as u128);
            p.name = format!("{} n° {}", p.name, i + 1);
            p.reference = format!("REG-{:04}", i + 1);
            p
        })
        .collect();
    bundle
}

fn benches(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).single().expect("a valid instant");
    let today = now.date_naive();
    let bundles = demo();
    let log = HashMap::new();
    let mut g = c.benchmark_group("documents");
    g.sample_size(10);
    for b in &bundles {
        let name = if b.organisation.public_body { "catalogue_demo_commune" } else { "catalogue_demo_bakery" };
        g.bench_function(name, |bn| bn.iter(|| catalogue(black_box(b), &log, today)));
    }
    let big = large_bundle(1_000);
    g.bench_function("catalogue_1000_processings", |bn| bn.iter(|| catalogue(black_box(&big), &log, today)));
    for f in [OutputFormat::Docx, OutputFormat::Odt] {
        g.bench_function(format!("register_{}_1000_processings", f.as_str()), |bn| {
            bn.iter(|| generate(black_box(&big), "register", f, now).expect("register"))
        });
    }
    let commune = bundles.iter().find(|b| b.organisation.public_body).expect("the demo commune");
    for f in [OutputFormat::Pdf, OutputFormat::Docx, OutputFormat::Odt] {
        g.bench_function(format!("annual_report_{}_demo_commune", f.as_str()), |bn| {
            bn.iter(|| generate(black_box(commune), "annual-report", f, now).expect("annual report"))
        });
    }
    g.finish();
}

criterion_group!(documents, benches);
criterion_main!(documents);
