//! The register's storage paths: autosave of a processing (saved when valid, otherwise an
//! encrypted draft), and adding many entries at once (library, import) all or nothing.

mod support;

use greffier::model::processing::{LegalBasis, Purpose};
use greffier::model::{Organisation, Processing, RecordKind};
use greffier::store::{AuditAction, StoreError};
use serde_json::json;
use support::*;

#[test]
fn processing_edit_is_saved_when_valid_and_kept_as_draft_otherwise() {
    let env = Env::new();
    let (mut d, path) = env.create("r.greffier");
    let org = d.save_organisation(Organisation::new("Boulangerie Martin")).unwrap();
    let p = d.save(org.id, Processing::new("Gestion de la paie")).unwrap();

    let mut v = serde_json::to_value(&p).unwrap();
    v["purposes"] = json!([{ "description": "Établir les bulletins", "is_main": true, "legal_basis": "contract", "justification": "" }]);
    let up = d.update_record::<Processing>(org.id, &v).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(up.record.purposes[0].legal_basis, LegalBasis::Contract);
    assert!(d.record_draft::<Processing>(p.id).unwrap().is_none());

    // An impossible date and an empty name: kept as a draft, stored entry unchanged.
    v["name"] = json!("");
    v["next_review"] = json!("2026-02-30");
    let audit_len = d.audit_for(p.id).unwrap().len();
    let up = d.update_record::<Processing>(org.id, &v).unwrap();
    assert!(!up.saved);
    assert!(!up.problems.is_empty());
    assert_eq!(d.get::<Processing>(p.id).unwrap().name, "Gestion de la paie");
    assert_eq!(d.audit_for(p.id).unwrap().len(), audit_len, "drafts are not audited");

    // Survives closing; discarded on demand; deleted with its record.
    d.close().unwrap();
    let mut d = env.open(&path);
    let (draft, _) = d.record_draft::<Processing>(p.id).unwrap().expect("draft kept");
    assert_eq!(draft["next_review"], "2026-02-30");
    d.delete::<Processing>(p.id).unwrap();
    assert!(d.record_draft::<Processing>(p.id).unwrap().is_none(), "draft removed with the record");
}

#[test]
fn update_refuses_garbage_ids_and_other_organisations() {
    let env = Env::new();
    let (mut d, _) = env.create("r.greffier");
    let a = d.save_organisation(Organisation::new("A")).unwrap();
    let b = d.save_organisation(Organisation::new("B")).unwrap();
    let p = d.save(a.id, Processing::new("Clients")).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    assert!(matches!(d.update_record::<Processing>(b.id, &v), Err(StoreError::UnknownRecord(_))));
    assert!(matches!(d.update_record::<Processing>(a.id, &json!({"name": "x"})), Err(StoreError::Invalid(_))));
    assert!(matches!(d.update_record::<Processing>(a.id, &json!("not an object")), Err(StoreError::Invalid(_))));
    assert_eq!(d.get::<Processing>(p.id).unwrap(), p);
}

#[test]
fn insert_many_is_all_or_nothing() {
    let env = Env::new();
    let (mut d, _) = env.create("r.greffier");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap();
    let mut good: Vec<Processing> = (1..=3).map(|i| Processing::new(format!("Traitement {i}"))).collect();
    good[0].purposes.push(Purpose { description: "x".into(), is_main: true, ..Purpose::default() });
    let mut bad = good.clone();
    for p in &mut bad {
        p.id = uuid::Uuid::new_v4();
    }
    bad[2].name = String::new();
    let err = d.insert_many(org.id, bad).unwrap_err();
    match err {
        StoreError::Invalid(problems) => assert_eq!(problems[0].path, "/2/name"),
        other => panic!("{other:?}"),
    }
    assert_eq!(d.count(org.id, RecordKind::Processing).unwrap(), 0, "nothing written");

    let saved = d.insert_many(org.id, good.clone()).unwrap();
    assert_eq!(saved.len(), 3);
    assert_eq!(d.count(org.id, RecordKind::Processing).unwrap(), 3);
    let audit = d.audit_for(good[1].id).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, AuditAction::Create);
    // The same ids again: refused, still 3.
    assert!(matches!(d.insert_many(org.id, good), Err(StoreError::DuplicateId(_))));
    assert_eq!(d.count(org.id, RecordKind::Processing).unwrap(), 3);
}

#[test]
fn links_to_missing_records_or_other_organisations_are_refused() {
    use greffier::model::processing::{Recipient, RecipientKind};
    use greffier::model::ThirdParty;
    let env = Env::new();
    let (mut d, _) = env.create("r.greffier");
    let a = d.save_organisation(Organisation::new("A")).unwrap();
    let b = d.save_organisation(Organisation::new("B")).unwrap();
    let elsewhere = d.save(b.id, ThirdParty::new("Cabinet de B")).unwrap();
    let mut p = Processing::new("Paie");
    p.recipients.push(Recipient {
        kind: RecipientKind::Processor,
        label: "Cabinet".into(),
        third_party: Some(uuid::Uuid::new_v4()),
        details: String::new(),
    });
    p.recipients.push(Recipient {
        kind: RecipientKind::Processor,
        label: "Cabinet de B".into(),
        third_party: Some(elsewhere.id),
        details: String::new(),
    });
    let paths = |e: StoreError| match e {
        StoreError::Invalid(problems) => {
            assert!(problems.iter().all(|p| p.code == "dangling_reference"), "{problems:?}");
            problems.into_iter().map(|p| p.path).collect::<Vec<_>>()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(paths(d.save(a.id, p.clone()).unwrap_err()), ["/references/0", "/references/1"]);
    assert_eq!(paths(d.insert_many(a.id, vec![p]).unwrap_err()), ["/0/references/0", "/0/references/1"]);
    assert_eq!(d.count(a.id, RecordKind::Processing).unwrap(), 0, "nothing written");
}
