//! Budget (issue « Registre »): the ODS and XLSX registers of 1,000 processings are written
//! in ≤ 1 s each on a 2-core machine. Also timed: the CSV export and reading our own XLSX
//! back (import preview).
//!
//! This file is a module of `benches/register_documents.rs` (a sub-folder, so Cargo does
//! not take it for a bench target of its own).

use std::hint::black_box;

use criterion::Criterion;
use greffier::documents::sheets::{preview_spreadsheet, register_csv, register_ods, register_xlsx, SheetOptions};
use greffier::model::{OrganisationBundle, Processing};
use uuid::Uuid;

const DEMO: &str = include_str!("../../assets/demo/demo.json");
const LIBRARY: &str = include_str!("../../assets/register/library.json");

/// The demo bakery with 1,000 processings: the 32 library templates cloned with new ids
/// and numbered names.
pub fn thousand_processings() -> OrganisationBundle {
    let demo: Vec<OrganisationBundle> = serde_json::from_str(DEMO).expect("demo.json parses");
    let library: serde_json::Value = serde_json::from_str(LIBRARY).expect("library.json parses");
    let templates: Vec<Processing> = library["entries"]
        .as_array()
        .expect("library entries")
        .iter()
        .map(|e| serde_json::from_value(e["template"].clone()).expect("template"))
        .collect();
    assert_eq!(templates.len(), 32, "library.json loads");
    let mut bundle = OrganisationBundle::new(demo[0].organisation.clone());
    bundle.processings = (0..1000)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::new_v4();
            p.name = format!("{} n° {i}", p.name);
            p.reference = format!("T-{i:04}");
            p
        })
        .collect();
    bundle
}

pub fn sheet_benches(c: &mut Criterion) {
    let bundle = thousand_processings();
    let opts = SheetOptions::default();
    let mut g = c.benchmark_group("register sheets (1,000 processings)");
    g.sample_size(10);
    g.bench_function("register_ods", |b| b.iter(|| register_ods(black_box(&bundle), &opts)));
    g.bench_function("register_xlsx", |b| b.iter(|| register_xlsx(black_box(&bundle), &opts)));
    g.bench_function("register_csv", |b| b.iter(|| register_csv(black_box(&bundle), &opts)));
    let xlsx = register_xlsx(&bundle, &opts).expect("xlsx export");
    g.bench_function("preview_spreadsheet (our xlsx)", |b| {
        b.iter(|| preview_spreadsheet(black_box(&xlsx), "registre.xlsx"))
    });
    g.finish();
}
