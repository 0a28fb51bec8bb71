//! Budget (issue « Registre »), on a 2-core machine: with 1,000 realistic processings, a query
//! of the register list answers in ≤ 100 ms. The index is built once per list opening;
//! queries run on every keystroke.
//!
//! Run: `cargo bench --bench register_query -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use greffier::model::{Organisation, Processing, ProcessingStatus};
use greffier::register::library::library;
use greffier::register::query::{RegisterIndex, RegisterQuery, SortKey};
use uuid::Uuid;

/// 1,000 processings: the 32 library templates cloned with numbered names, varied statuses,
/// references and review dates, so that filters and sorts have real work to do.
fn thousand() -> Vec<Processing> {
    let templates: Vec<&Processing> = library().iter().map(|e| &e.template).collect();
    assert_eq!(templates.len(), 32, "library.json loads");
    (0..1000)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::new_v4();
            p.name = format!("{} n° {i}", p.name);
            p.reference = format!("T-{}", 1000 - i);
            p.status = ProcessingStatus::ALL[i % ProcessingStatus::ALL.len()];
            p.next_review = NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
            p.archived = i % 17 == 0;
            p
        })
        .collect()
}

/// A stand-in for the completeness rule: cheap and deterministic, so the bench measures the
/// index alone.
fn score(p: &Processing) -> (u8, bool) {
    let n = (p.purposes.len() * 20 + p.data_categories.len() * 10).min(100) as u8;
    (n, n == 100)
}

fn bench(c: &mut Criterion) {
    let processings = thousand();
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap_or_default();

    c.bench_function("register index new (1,000)", |b| {
        b.iter(|| RegisterIndex::new(black_box(&processings), score, today))
    });

    let index = RegisterIndex::new(&processings, score, today);
    let search = RegisterQuery { text: "securite donnees".into(), ..RegisterQuery::default() };
    assert!(!index.query(&search).is_empty());
    c.bench_function("register query text 2 words (1,000)", |b| b.iter(|| index.query(black_box(&search))));

    let filter =
        RegisterQuery { status: Some(ProcessingStatus::Complete), sensitive: Some(true), ..RegisterQuery::default() };
    assert!(!index.query(&filter).is_empty());
    c.bench_function("register query status + sensitive (1,000)", |b| b.iter(|| index.query(black_box(&filter))));

    let by_name = RegisterQuery { sort: SortKey::Name, include_archived: true, ..RegisterQuery::default() };
    assert_eq!(index.query(&by_name).len(), 1000);
    c.bench_function("register query sort by name (1,000)", |b| b.iter(|| index.query(black_box(&by_name))));

    // What the window's `register_list` does on every search: the real completeness of each
    // entry, a fresh index, then the query (loading from the dossier is in benches/store.rs).
    let org = Organisation::new("Boulangerie");
    c.bench_function("register list as the window asks it (1,000)", |b| {
        b.iter(|| {
            let index = RegisterIndex::of_organisation(black_box(&processings), &org, &[], today);
            index.query(black_box(&search))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
