//! Register documents over a large register: 1,000 processings made from the 32 library
//! templates (new ids, numbered names). Budget: the full register PDF in ≤ 3 s.
//!
//! `cargo bench --bench register_documents -- --warm-up-time 1 --measurement-time 10`

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use greffier::documents::register_pdf::{register_pdf, RegisterPdfOptions};
use greffier::model::{Organisation, OrganisationBundle, Processing};
use uuid::Uuid;

#[path = "register_documents/sheets.rs"]
mod sheets;

const LIBRARY: &str = include_str!("../assets/register/library.json");

/// Number of processings in the benchmark's register.
const PROCESSINGS: usize = 1_000;

/// The library's templates as processings.
fn templates() -> Vec<Processing> {
    let library: serde_json::Value = serde_json::from_str(LIBRARY).expect("library.json parses");
    let entries = library["entries"].as_array().expect("library.json has entries");
    entries.iter().map(|e| serde_json::from_value(e["template"].clone()).expect("a template is a Processing")).collect()
}

/// An organisation with `n` processings cloned from the templates, each with its own id,
/// a numbered name and reference, some marked public.
fn large_bundle(n: usize) -> OrganisationBundle {
    let templates = templates();
    let mut org = Organisation::new("Communauté de communes du Piémont Cévenol");
    org.public_body = true;
    let mut bundle = OrganisationBundle::new(org);
    bundle.processings = (0..n)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::from_u128(0x6772_6566_0000_0000_0000_0000_0001_0000 | i as u128);
            p.name = format!("{} n° {}", p.name, i + 1);
            p.reference = format!("REG-{:04}", i + 1);
            p.public_register = i % 3 != 0;
            p
        })
        .collect();
    bundle
}

fn pdf_benches(c: &mut Criterion) {
    let bundle = large_bundle(PROCESSINGS);
    let opts = RegisterPdfOptions {
        public: false,
        include_archived: false,
        generated_on: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date"),
        version_label: "Version du 23/11/2026".to_string(),
    };
    let mut group = c.benchmark_group("register_pdf");
    group.sample_size(10);
    group.bench_function("full_1000_processings", |b| {
        b.iter(|| register_pdf(black_box(&bundle), black_box(&opts)).expect("register_pdf"))
    });
    let public = RegisterPdfOptions { public: true, ..opts.clone() };
    group.bench_function("public_1000_processings", |b| {
        b.iter(|| register_pdf(black_box(&bundle), black_box(&public)).expect("register_pdf"))
    });
    group.finish();
}

criterion_group!(benches, pdf_benches, sheets::sheet_benches);
criterion_main!(benches);
