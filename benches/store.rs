//! Budgets (issue « Foundation »), on a 2-core machine, KDF excluded:
//! open + load 1,000 processings ≤ 50 ms; JSON export of 1,000 ≤ 100 ms.
//! Run: `cargo bench --bench store`. Figures go in the README.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use greffier::documents::json;
use greffier::model::{Organisation, OrganisationBundle, Processing};
use greffier::store::crypto::Header;
use greffier::store::{Dossier, KdfParams, Options, Passphrase};
use uuid::Uuid;

const PASS: &str = "cheval agrafe batterie correcte";

fn opts() -> Options {
    Options::default().with_kdf(KdfParams::INSECURE_FAST_FOR_TESTS).without_backups()
}

/// 1,000 realistic processings: copies of the demo's, with fresh ids.
fn thousand() -> OrganisationBundle {
    let demo: Vec<OrganisationBundle> = serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo content");
    let templates: Vec<Processing> = demo
        .iter()
        .flat_map(|b| b.processings.iter().cloned())
        .map(|mut p| {
            // keep the bench self-contained: no links to measures or third parties
            p.security.measures.clear();
            p.recipients.iter_mut().for_each(|r| r.third_party = None);
            p
        })
        .collect();
    assert!(!templates.is_empty());
    let processings = (0..1000)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::new_v4();
            p.name = format!("{} n° {i}", p.name);
            p
        })
        .collect();
    OrganisationBundle {
        organisation: Organisation::new("Organisme de test"),
        processings,
        processor_activities: vec![],
        third_parties: vec![],
        measures: vec![],
        security_assessments: vec![],
        aipd_screenings: vec![],
        aipds: vec![],
        breaches: vec![],
    }
}

fn filled(dir: &Path, bundle: &OrganisationBundle) -> std::path::PathBuf {
    let path = dir.join(format!("{}.greffier", Uuid::new_v4()));
    let mut d = Dossier::create(&path, &Passphrase::new(PASS), opts()).unwrap();
    d.insert_bundles(std::slice::from_ref(bundle), &[]).unwrap();
    d.close().unwrap();
    path
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let bundle = thousand();
    let org = bundle.organisation.id;
    let path = filled(dir.path(), &bundle);
    let pass = Passphrase::new(PASS);

    let mut g = c.benchmark_group("kdf");
    g.sample_size(10);
    let header = Header::new(KdfParams::INTERACTIVE);
    g.bench_function("argon2id_default_derive_key", |b| b.iter(|| header.derive_key(&pass)));
    g.finish();

    let mut g = c.benchmark_group("store");
    g.sample_size(20);
    g.bench_function("create_empty_dossier", |b| {
        b.iter_batched(
            || dir.path().join(format!("{}.greffier", Uuid::new_v4())),
            |p| Dossier::create(&p, &pass, opts()).unwrap().close().unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("open_1000", |b| b.iter(|| Dossier::open(&path, &pass, opts()).unwrap()));
    g.bench_function("open_and_load_1000_processings", |b| {
        b.iter(|| {
            let d = Dossier::open(&path, &pass, opts()).unwrap();
            let all: Vec<Processing> = d.list(org).unwrap();
            assert_eq!(all.len(), 1000);
            all
        })
    });
    g.bench_function("open_with_backup_and_load_1000_processings", |b| {
        let root = dir.path().join("backups");
        b.iter(|| {
            let d = Dossier::open(&path, &pass, opts().with_backups_root(&root)).unwrap();
            let all: Vec<Processing> = d.list(org).unwrap();
            all
        })
    });
    {
        let d = Dossier::open(&path, &pass, opts()).unwrap();
        g.bench_function("load_1000_processings", |b| b.iter(|| d.list::<Processing>(org).unwrap()));
        g.bench_function("json_export_1000", |b| b.iter(|| json::to_string(&json::export(&d).unwrap())));
        let text = json::to_string(&json::export(&d).unwrap());
        g.bench_function("json_parse_and_check_1000", |b| b.iter(|| json::parse(text.as_bytes()).unwrap()));
        g.bench_function("json_import_1000_into_new_dossier", |b| {
            b.iter_batched(
                || dir.path().join(format!("{}.greffier", Uuid::new_v4())),
                |p| {
                    let export = json::parse(text.as_bytes()).unwrap();
                    let mut d = Dossier::create(&p, &pass, opts()).unwrap();
                    json::import_into(&mut d, &export).unwrap();
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.sample_size(10);
    g.bench_function("insert_1000_processings_one_transaction", |b| {
        b.iter_batched(
            || {
                let p = dir.path().join(format!("{}.greffier", Uuid::new_v4()));
                Dossier::create(&p, &pass, opts()).unwrap()
            },
            |mut d| d.insert_bundles(std::slice::from_ref(&bundle), &[]).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("save_1000_processings_one_transaction_each", |b| {
        b.iter_batched(
            || {
                let p = dir.path().join(format!("{}.greffier", Uuid::new_v4()));
                let mut d = Dossier::create(&p, &pass, opts()).unwrap();
                let o = d.save_organisation(Organisation::new("Autre")).unwrap();
                (d, o.id)
            },
            |(mut d, o)| {
                for p in &bundle.processings {
                    d.save(o, p.clone()).unwrap();
                }
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(store, benches);
criterion_main!(store);
