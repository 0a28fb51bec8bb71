//! The JSON exchange format: lossless round trip (property test over random dossiers),
//! every kind of bad file refused with a located message and nothing written, and the
//! committed JSON Schema kept in step with the types.

mod support;

use arbitrary::{Arbitrary, Unstructured};
use greffier::documents::json::{self, ImportError};
use greffier::model::{OrganisationBundle, Record};
use greffier::store::Dossier;
use proptest::prelude::*;
use serde_json::{json, Value};
use support::*;
use uuid::Uuid;

/// Makes random bundles internally consistent: unique ids, references that point to
/// records of the right kind in the same organisation.
fn consistent(mut bundles: Vec<OrganisationBundle>) -> Vec<OrganisationBundle> {
    let mut n = 0u128;
    let mut fresh = || {
        n += 1;
        Uuid::from_u128(0x6772_6566_0000_0000_0000_0000_0000_0000 | n)
    };
    for b in &mut bundles {
        b.organisation.id = fresh();
        b.measures.iter_mut().for_each(|r| r.id = fresh());
        b.third_parties.iter_mut().for_each(|r| r.id = fresh());
        b.processings.iter_mut().for_each(|r| r.id = fresh());
        b.processor_activities.iter_mut().for_each(|r| r.id = fresh());
        // screenings and analyses follow their processings, measures and earlier versions
        let old_aipds: Vec<Uuid> = b.aipds.iter().map(|a| a.id).collect();
        b.aipd_screenings.iter_mut().for_each(|r| r.id = fresh());
        b.aipds.iter_mut().for_each(|r| r.id = fresh());
        let new_aipds: Vec<Uuid> = b.aipds.iter().map(|a| a.id).collect();
        let ps: Vec<Uuid> = b.processings.iter().map(|p| p.id).collect();
        let ms: Vec<Uuid> = b.measures.iter().map(|m| m.id).collect();
        for (i, s) in b.aipd_screenings.iter_mut().enumerate() {
            s.processing = ps[i % ps.len().max(1)]; // the generator keeps none without processings
        }
        for a in &mut b.aipds {
            let n = a.processings.len().min(ps.len());
            a.processings = ps.iter().copied().take(n).collect();
            let before = a.previous_version.and_then(|id| old_aipds.iter().position(|x| *x == id));
            a.previous_version = before.map(|i| new_aipds[i]);
            for (i, m) in a.measures.iter_mut().enumerate() {
                if let greffier::model::MeasureOrigin::Measure { measure_id } = &mut m.origin {
                    *measure_id = ms[i % ms.len().max(1)]; // the generator keeps none without measures
                }
            }
        }
        // breaches involve processings of the bundle
        for br in &mut b.breaches {
            br.id = fresh();
            let n = br.processings.len().min(ps.len());
            br.processings = ps.iter().copied().take(n).collect();
        }
        let tps: Vec<Uuid> = b.third_parties.iter().map(|t| t.id).collect();
        let take = |v: &Vec<Uuid>, k: usize| v.iter().copied().take(k).collect::<Vec<_>>();
        let pick = |v: &Vec<Uuid>, i: usize| if v.is_empty() { None } else { Some(v[i % v.len()]) };
        for p in &mut b.processings {
            p.security.measures = take(&ms, p.security.measures.len());
            for (i, r) in p.recipients.iter_mut().enumerate() {
                r.third_party = r.third_party.and_then(|_| pick(&tps, i));
            }
        }
        for a in &mut b.processor_activities {
            a.security.measures = take(&ms, a.security.measures.len());
            a.sub_processors = take(&tps, a.sub_processors.len());
            for (i, c) in a.clients.iter_mut().enumerate() {
                c.third_party = c.third_party.and_then(|_| pick(&tps, i));
            }
        }
    }
    bundles
}

/// Random bundles from a seed; derived generators give up on nested values when the
/// bytes run out, so the buffer grows until they fit.
fn random_bundles(seed: u64, mut len: usize) -> Vec<OrganisationBundle> {
    let mut state = seed | 1;
    loop {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        match Vec::<OrganisationBundle>::arbitrary(&mut Unstructured::new(&bytes)) {
            Ok(v) => return v,
            Err(arbitrary::Error::NotEnoughData) if len < 1 << 22 => len *= 2,
            Err(e) => panic!("generator: {e}"),
        }
    }
}

/// The order the store lists records in.
fn store_order(mut b: OrganisationBundle) -> OrganisationBundle {
    fn sort<R: Record>(v: &mut [R]) {
        v.sort_by_key(|r| (r.created_at(), r.id()));
    }
    sort(&mut b.processings);
    sort(&mut b.processor_activities);
    sort(&mut b.third_parties);
    sort(&mut b.measures);
    sort(&mut b.aipd_screenings);
    sort(&mut b.aipds);
    sort(&mut b.breaches);
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_dossier_survives_export_and_import_unchanged(seed in any::<u64>(), len in 512usize..16384) {
        let bundles = consistent(random_bundles(seed, len));
        for b in &bundles {
            let problems = b.validate();
            prop_assert!(problems.is_empty(), "generator made an invalid bundle: {:?}", problems);
        }
        let env = Env::new();
        let (mut a, _) = env.create("a.greffier");
        a.insert_bundles(&bundles, &[]).unwrap();
        let exported = json::export(&a).unwrap();
        let expected: Vec<OrganisationBundle> = bundles.into_iter().map(store_order).collect();
        prop_assert_eq!(&exported.organisations, &expected);

        let text = json::to_string(&exported);
        let parsed = json::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(&parsed, &exported);
        let (mut b, _) = env.create("b.greffier");
        json::import_into(&mut b, &parsed).unwrap();
        let again = json::export(&b).unwrap();
        prop_assert_eq!(&again.organisations, &exported.organisations);
        // the history travels too, followed by one import entry per organisation
        prop_assert_eq!(again.audit.len(), exported.audit.len() + exported.organisations.len());
        for (x, y) in exported.audit.iter().zip(&again.audit) {
            prop_assert_eq!((&x.record_id, &x.action, &x.changes, &x.actor), (&y.record_id, &y.action, &y.changes, &y.actor));
        }
    }
}

fn demo_export() -> (Env, Dossier, Value) {
    let env = Env::new();
    let (mut d, _) = env.create("demo.greffier");
    let bundles: Vec<OrganisationBundle> = serde_json::from_str(greffier::cli::DEMO_JSON).unwrap();
    d.insert_bundles(&bundles, &[]).unwrap();
    let v = serde_json::to_value(json::export(&d).unwrap()).unwrap();
    (env, d, v)
}

fn problems_of(v: &Value) -> Vec<greffier::model::Problem> {
    match json::parse(v.to_string().as_bytes()) {
        Err(ImportError::Invalid(p)) => p,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn unreadable_or_foreign_files_are_named() {
    let cases: Vec<(&[u8], &str)> = vec![
        (b"\xff\xfe\x00garbage", "json_syntax"),
        (b"{\"format\": \"greffier-dossier\", \"organisations\": [", "json_syntax"),
        (b"", "json_syntax"),
        (b"[1, 2, 3]", "json_not_ours"),
        (b"{\"format\": \"pia\", \"answers\": []}", "json_not_ours"),
        (b"{\"format\": \"greffier-dossier\", \"format_version\": 7, \"organisations\": []}", "json_too_new"),
        (b"{\"format\": \"greffier-dossier\", \"format_version\": \"un\"}", "json_invalid"),
    ];
    for (bytes, code) in cases {
        let e = json::parse(bytes).unwrap_err();
        assert_eq!(e.code(), code, "{:?}: {e}", String::from_utf8_lossy(bytes));
        assert!(!e.to_string().is_empty());
    }
    let e = json::parse(b"{\"format\": \"greffier-dossier\", \"organisations\": [").unwrap_err();
    assert!(e.to_string().contains("ligne 1"), "{e}");
}

#[test]
fn every_problem_is_listed_with_its_place() {
    let (_env, _d, v) = demo_export();
    let mut bad = v.clone();
    // an impossible date, an invalid SIREN, a broken link, a duplicated id, a missing envelope field
    bad["organisations"][0]["processings"][0]["next_review"] = json!("2025-02-30");
    bad["organisations"][1]["organisation"]["siren"] = json!("123456789");
    bad["organisations"][1]["processings"][0]["security"]["measures"] = json!([Uuid::new_v4()]);
    let dup = bad["organisations"][0]["processings"][1]["id"].clone();
    bad["organisations"][1]["processings"][1]["id"] = dup;
    bad.as_object_mut().unwrap().remove("dossier_id");
    let problems = problems_of(&bad);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.iter().any(|p| p.starts_with("/organisations/0/processings/0/next_review")), "{paths:?}");
    assert!(paths.iter().any(|p| p.starts_with("/organisations/1") && p.ends_with("/siren")), "{paths:?}");
    assert!(problems.iter().any(|p| p.code == "duplicate_id"), "{problems:?}");
    assert!(paths.iter().any(|p| p.contains("dossier_id")), "{paths:?}");
    assert!(problems.len() >= 5, "{problems:#?}");
    let text = ImportError::Invalid(problems.clone()).to_string();
    assert!(text.contains("rien n'a été écrit"), "{text}");
    for p in &problems {
        assert!(!p.message_fr.is_empty() && !p.message_en.is_empty());
    }
}

#[test]
fn a_refused_import_writes_nothing() {
    let (env, mut d, v) = demo_export();
    let before = json::export(&d).unwrap();
    // same ids as what is already there
    let e = json::import_into(&mut d, &json::parse(v.to_string().as_bytes()).unwrap()).unwrap_err();
    assert_eq!(e.code(), "duplicate_id");
    assert_eq!(json::export(&d).unwrap().organisations, before.organisations);
    assert_eq!(d.audit_all().unwrap().len(), before.audit.len());
    // into an empty dossier: fine
    let (mut other, _) = env.create("other.greffier");
    json::import_into(&mut other, &json::parse(v.to_string().as_bytes()).unwrap()).unwrap();
    assert_eq!(json::export(&other).unwrap().organisations, before.organisations);
}

#[test]
fn mutated_exports_never_panic() {
    let (_env, _d, v) = demo_export();
    let good = v.to_string().into_bytes();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..300 {
        let mut bytes = good.clone();
        match next() % 3 {
            0 => {
                let at = (next() as usize) % bytes.len();
                bytes[at] = (next() & 0xff) as u8;
            }
            1 => bytes.truncate((next() as usize) % bytes.len()),
            _ => {
                let at = (next() as usize) % bytes.len();
                let len = ((next() as usize) % 40).min(bytes.len() - at);
                bytes.drain(at..at + len);
            }
        }
        match json::parse(&bytes) {
            Ok(_) => ok += 1,
            Err(e) => {
                refused += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert!(refused > 200, "most mutations must be refused ({ok} accepted)");
}

#[test]
fn committed_schema_matches_the_types_and_validates_exports() {
    let generated = json::schema();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/schema/dossier-v1.schema.json");
    if std::env::var_os("GREFFIER_UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path)
        .expect("assets/schema/dossier-v1.schema.json (GREFFIER_UPDATE_SCHEMA=1 writes it)");
    assert_eq!(committed, generated, "schema out of date: run the tests with GREFFIER_UPDATE_SCHEMA=1 and commit it");

    let schema: Value = serde_json::from_str(&committed).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (_env, _d, v) = demo_export();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut wrong = v.clone();
    wrong["organisations"][0]["processings"][0]["purposes"] = json!("pas une liste");
    assert!(!validator.is_valid(&wrong), "the schema constrains the content");
}
