//! The window's autosave path: an organisation edit is saved when valid and otherwise
//! kept as an encrypted draft, which survives closing the dossier.

mod support;

use greffier::model::organisation::HeadcountBand;
use greffier::model::Organisation;
use greffier::store::AuditAction;
use serde_json::json;
use support::*;

#[test]
fn valid_edit_is_saved_and_audited_invalid_one_is_kept_as_a_draft() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(Organisation::new("Boulangerie Martin")).unwrap();

    let mut v = serde_json::to_value(&org).unwrap();
    v["siren"] = json!("732829320");
    let up = d.update_organisation(&v).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(up.organisation.siren.as_deref(), Some("732829320"));
    assert!(d.organisation_draft(org.id).unwrap().is_none());
    let audit = d.audit_for(org.id).unwrap();
    assert_eq!(audit.last().unwrap().action, AuditAction::Update);

    // Invalid: wrong checksum and an unreadable population.
    v["siren"] = json!("123456789");
    v["naf"] = json!("boulangerie");
    let up = d.update_organisation(&v).unwrap();
    assert!(!up.saved);
    let paths: Vec<&str> = up.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"/siren") && paths.contains(&"/naf"), "{paths:?}");
    assert_eq!(d.organisation(org.id).unwrap().siren.as_deref(), Some("732829320"), "stored value unchanged");
    let audit_len = d.audit_for(org.id).unwrap().len();

    v["population"] = json!("beaucoup");
    let up = d.update_organisation(&v).unwrap();
    assert!(!up.saved);
    assert_eq!(up.problems.len(), 1);
    assert_eq!(up.problems[0].path, "/population");
    assert_eq!(d.audit_for(org.id).unwrap().len(), audit_len, "drafts are not audited");

    // The draft survives closing and reopening, with its problems.
    d.close().unwrap();
    let mut d = env.open(&path);
    let (draft, problems) = d.organisation_draft(org.id).unwrap().expect("draft kept");
    assert_eq!(draft["population"], "beaucoup");
    assert_eq!(problems[0].path, "/population");
    // Drafts are not part of exports.
    let exported = serde_json::to_string(&d.bundle(org.id).unwrap()).unwrap();
    assert!(!exported.contains("beaucoup"));

    // Correcting the value saves it and drops the draft.
    v["population"] = json!(1200);
    v["siren"] = json!("732829320");
    v["naf"] = json!("10.71C");
    v["headcount"] = serde_json::to_value(HeadcountBand::From1To9).unwrap();
    let up = d.update_organisation(&v).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(up.organisation.population, Some(1200));
    assert!(d.organisation_draft(org.id).unwrap().is_none());
}

#[test]
fn garbage_is_refused_without_touching_anything() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap();
    for bad in [json!(null), json!("texte"), json!({}), json!({"id": "pas-un-uuid"}), json!([1, 2])] {
        let e = d.update_organisation(&bad).unwrap_err();
        assert_eq!(e.code(), "invalid", "{bad}");
    }
    let unknown = json!({"id": uuid::Uuid::new_v4().to_string(), "legal_name": "X"});
    assert_eq!(d.update_organisation(&unknown).unwrap_err().code(), "unknown_organisation");
    assert_eq!(d.organisation(org.id).unwrap(), org);
    assert!(d.organisation_draft(org.id).unwrap().is_none());
}

#[test]
fn discarding_a_draft_and_read_only_dossiers() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap();
    let mut v = serde_json::to_value(&org).unwrap();
    v["email"] = json!("pas un courriel");
    assert!(!d.update_organisation(&v).unwrap().saved);
    assert!(d.organisation_draft(org.id).unwrap().is_some());
    d.discard_organisation_draft(org.id).unwrap();
    assert!(d.organisation_draft(org.id).unwrap().is_none());
    d.close().unwrap();

    let mut ro = greffier::store::Dossier::open(&path, &pass(), env.opts().read_only()).unwrap();
    assert_eq!(ro.update_organisation(&v).unwrap_err().code(), "read_only");
    assert_eq!(ro.save_draft("x", "y").unwrap_err().code(), "read_only");
}

#[test]
fn enum_options_carry_the_stored_value_and_both_labels() {
    let opts = HeadcountBand::options();
    assert_eq!(opts.len(), HeadcountBand::ALL.len());
    assert_eq!(opts[1].value, "1_9");
    assert_eq!(opts[1].label_fr, "1 à 9");
    for o in &opts {
        let back: HeadcountBand = serde_json::from_value(json!(o.value)).unwrap();
        assert_eq!(back.label_en(), o.label_en);
    }
}
