//! The register rules through the public API: what an entry lacks
//! (`register::completeness`), and whether a register, a DPO and an AIPD are called for
//! (`register::obligations`), on hand-made entries and on every template of
//! `assets/register/library.json`.

use chrono::NaiveDate;
use greffier::model::{
    Art9Exception, ContractStatus, CriminalData, DataCategory, DataSubjectCategory, HeadcountBand, JointController,
    LegalBasis, Organisation, Processing, ProcessingRole, ProcessingStatus, PublicBodyKind, Recipient, RecipientKind,
    Retention, Safeguard, ThirdParty, TimeUnit, Transfer,
};
use greffier::register::completeness::{completeness, Completeness, Context, GapLevel, Step};
use greffier::register::obligations::{aipd_criteria, dpo_required, register_required, AipdCriterion};
use serde_json::Value;

const LIBRARY: &str = include_str!("../assets/register/library.json");

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).expect("valid date")
}

/// Every template of the library, as `(key, Processing)`.
fn templates() -> Vec<(String, Processing)> {
    let lib: Value = serde_json::from_str(LIBRARY).expect("library.json parses");
    lib["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let key = e["key"].as_str().expect("key").to_string();
            let p: Processing = serde_json::from_value(e["template"].clone()).expect("template is a Processing");
            (key, p)
        })
        .collect()
}

fn template(key: &str) -> Processing {
    templates().into_iter().find(|(k, _)| k == key).map(|(_, p)| p).expect("template exists")
}

/// A bakery of 6 people with its contact details.
fn bakery() -> Organisation {
    let mut o = Organisation::new("Boulangerie Martin");
    o.headcount = Some(HeadcountBand::From1To9);
    o.email = Some("contact@boulangerie-martin.fr".into());
    o.address.lines = vec!["12 rue Haute".into()];
    o.address.postcode = "30000".into();
    o.address.city = "Nîmes".into();
    o
}

fn commune() -> Organisation {
    let mut o = Organisation::new("Commune de Saint-Clair");
    o.public_body = true;
    o.public_body_kind = Some(PublicBodyKind::Commune);
    o.headcount = Some(HeadcountBand::From10To49);
    o.phone = Some("04 66 00 00 00".into());
    o
}

fn check_with(p: &Processing, org: &Organisation, third_parties: &[ThirdParty]) -> Completeness {
    let c = completeness(p, &Context { organisation: org, third_parties, today: today() });
    assert_paths_resolve(p, org, &c);
    c
}

fn check(p: &Processing, org: &Organisation) -> Completeness {
    check_with(p, org, &[])
}

/// The step a field belongs to in the guided form.
fn step_of(path: &str) -> Step {
    let first = path.split('/').nth(1).unwrap_or_default();
    match first {
        "name" | "reference" | "role" | "joint_controllers" | "department" | "owner" | "software" | "paper"
        | "organisation" => Step::Identity,
        "purposes" => Step::Purposes,
        "persons_concerned" => Step::Persons,
        "data_categories" => Step::Data,
        "sensitive_data" | "criminal_data" | "nir_used" | "nir_justification" => Step::Sensitive,
        "data_origins"
        | "data_origin_details"
        | "collection_means"
        | "collection_details"
        | "information_of_persons"
        | "rights_exercise"
        | "automated_decision"
        | "automated_decision_details" => Step::Origin,
        "recipients" => Step::Recipients,
        "transfers" => Step::Transfers,
        "security" => Step::Security,
        _ => Step::Review,
    }
}

/// Every gap's path points to an existing node of the entry (or of the organisation for
/// `/organisation/…`), belongs to the gap's step, and the list is sorted by step then level.
fn assert_paths_resolve(p: &Processing, org: &Organisation, c: &Completeness) {
    let pj = serde_json::to_value(p).expect("processing serializes");
    let oj = serde_json::to_value(org).expect("organisation serializes");
    for g in &c.gaps {
        let node = match g.path.strip_prefix("/organisation") {
            Some(rest) => oj.pointer(rest),
            None => pj.pointer(&g.path),
        };
        assert!(node.is_some(), "gap {} points nowhere: {}", g.code, g.path);
        assert_eq!(g.step, step_of(&g.path), "gap {} at {}", g.code, g.path);
        assert!(!g.message_fr.trim().is_empty() && !g.message_en.trim().is_empty(), "{}", g.code);
        assert!(!g.code.is_empty());
    }
    let keys: Vec<(Step, GapLevel)> = c.gaps.iter().map(|g| (g.step, g.level)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "gaps sorted by step, then level");
    let count = |l| c.gaps.iter().filter(|g| g.level == l).count();
    assert_eq!(c.mandatory_missing, count(GapLevel::Mandatory));
    assert_eq!(c.where_possible_missing, count(GapLevel::WherePossible));
    assert_eq!(c.recommended_missing, count(GapLevel::Recommended));
    assert_eq!(c.inconsistencies, count(GapLevel::Inconsistency));
    assert_eq!(c.ready, c.mandatory_missing == 0 && c.inconsistencies == 0);
    assert!(c.percent <= 100);
    assert_eq!(c.percent == 100, c.gaps.is_empty(), "100 % exactly when nothing is missing");
}

fn codes(c: &Completeness) -> Vec<&str> {
    c.gaps.iter().map(|g| g.code.as_str()).collect()
}

/// Gap codes of `changed` that `base` does not have.
fn new_codes(base: &Completeness, changed: &Completeness) -> Vec<String> {
    let before = codes(base);
    changed.gaps.iter().map(|g| g.code.clone()).filter(|c| !before.contains(&c.as_str())).collect()
}

/// The `paie` template plus what the library leaves for the user: the owner and the next
/// review date. The organisation has its contact details.
fn complete_payroll() -> Processing {
    let mut p = template("paie");
    p.owner = "Mme Martin, gérante".into();
    p.next_review = NaiveDate::from_ymd_opt(2027, 11, 1);
    p
}

#[test]
fn empty_entry_lacks_every_mandatory_item_at_the_right_step() {
    let c = check(&Processing::new(""), &Organisation::new(""));
    assert!(!c.ready);
    let mandatory: Vec<(&str, Step)> =
        c.gaps.iter().filter(|g| g.level == GapLevel::Mandatory).map(|g| (g.path.as_str(), g.step)).collect();
    assert_eq!(
        mandatory,
        [
            ("/name", Step::Identity),
            ("/organisation/legal_name", Step::Identity),
            ("/organisation/address", Step::Identity),
            ("/purposes", Step::Purposes),
            ("/persons_concerned", Step::Persons),
            ("/data_categories", Step::Data),
            ("/recipients", Step::Recipients),
        ]
    );
    let purposes = c.gaps.iter().find(|g| g.code == "purposes_missing").expect("purposes gap");
    assert_eq!(purposes.article, "30(1)(b)");
    assert!(purposes.message_fr.contains("finalité"), "{}", purposes.message_fr);
    // Where possible: security; recommended: owner, origin, information, rights, review date.
    assert_eq!(c.where_possible_missing, 1);
    assert_eq!(c.recommended_missing, 5);
    assert_eq!(c.inconsistencies, 0);
    assert_eq!(c.percent, 0);
    // With the organisation's details filled in, the organisation gaps go away.
    let c = check(&Processing::new("Paie"), &bakery());
    assert_eq!(c.mandatory_missing, 4);
    assert!(c.percent > 0 && c.percent < 50, "{}", c.percent);
}

#[test]
fn whitespace_counts_as_empty() {
    let mut p = complete_payroll();
    p.name = "   ".into();
    p.owner = "\t".into();
    p.purposes[0].justification = " \n ".into();
    let c = check(&p, &bakery());
    assert_eq!(codes(&c), ["name_missing", "owner_missing", "legal_basis_justification_missing"]);
    assert!(!c.ready);
}

#[test]
fn payroll_template_completed_is_ready() {
    let p = complete_payroll();
    let c = check(&p, &bakery());
    assert!(c.ready, "{:#?}", c.gaps);
    // Every retention of the payroll template has its starting point and its source: with
    // the owner and the review date filled in, nothing is left.
    assert!(c.gaps.is_empty(), "{:#?}", c.gaps);
    assert_eq!(c.percent, 100);
    // Filling it gives 100 %.
    let mut p = p;
    if let Some(Retention::Duration { starting_point, .. }) = &mut p.data_categories[3].retention {
        *starting_point = "à compter de leur date d'exigibilité".into();
    }
    let c = check(&p, &bakery());
    assert_eq!((c.percent, c.gaps.len(), c.ready), (100, 0, true));
    // Deterministic.
    assert_eq!(check(&p, &bakery()), c);
}

#[test]
fn every_library_template_is_ready_for_its_audience() {
    let lib: Value = serde_json::from_str(LIBRARY).expect("parses");
    for (entry, (key, p)) in lib["entries"].as_array().expect("entries").iter().zip(templates()) {
        let is_commune = entry["audience"].as_array().expect("audience").iter().any(|a| a == "commune");
        let org = if is_commune { commune() } else { bakery() };
        let c = check(&p, &org);
        assert!(c.ready, "{key}: {:#?}", c.gaps);
        // What the library leaves to the user, and nothing else.
        for g in &c.gaps {
            assert!(
                ["owner_missing", "next_review_missing", "retention_starting_point_missing"].contains(&g.code.as_str()),
                "{key}: unexpected {} at {}",
                g.code,
                g.path
            );
        }
        assert!(c.percent >= 85, "{key}: {}", c.percent);
    }
}

#[test]
fn inconsistency_sensitive_without_exception() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.sensitive_data[0].exception = None;
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["sensitive_without_exception"]);
    let g = c.gaps.iter().find(|g| g.code == "sensitive_without_exception").expect("gap");
    assert_eq!(
        (g.path.as_str(), g.step, g.level, g.article.as_str()),
        ("/sensitive_data/0/exception", Step::Sensitive, GapLevel::Inconsistency, "9(2)")
    );
    assert!(!c.ready && c.percent < base.percent);
}

#[test]
fn inconsistency_criminal_data_without_ground() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.criminal_data =
        Some(CriminalData { description: "Extrait de casier judiciaire".into(), ..CriminalData::default() });
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["retention_missing", "criminal_without_ground"]);
    assert!(!c.ready);
    p.criminal_data = Some(CriminalData {
        description: "Extrait de casier judiciaire".into(),
        legal_ground: "Texte imposant le contrôle d'honorabilité".into(),
        retention: Some(Retention::Criterion { criterion: "jusqu'à l'embauche".into(), legal_source: String::new() }),
    });
    assert_eq!(check(&p, &bakery()), base, "with a ground and a retention, nothing new");
}

#[test]
fn inconsistency_nir_without_justification_or_flag() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.nir_justification.clear();
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["nir_without_justification"]);
    assert_eq!(c.gaps.iter().find(|g| g.level == GapLevel::Inconsistency).map(|g| g.article.as_str()), Some("87"));

    let mut p = complete_payroll();
    p.nir_used = false;
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["nir_not_declared"], "the NIR is in the data categories");
    assert!(!c.ready);

    let mut p = complete_payroll();
    p.data_categories.retain(|d| d.category != DataCategory::Nir);
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["nir_category_missing"]);
    assert!(c.ready, "advice only");
}

#[test]
fn inconsistency_public_body_relying_on_legitimate_interests() {
    let mut p = template("etat_civil");
    assert!(check(&p, &commune()).ready);
    p.purposes[1].legal_basis = LegalBasis::LegitimateInterests;
    let c = check(&p, &commune());
    let g = c.gaps.iter().find(|g| g.code == "public_body_legitimate_interests").expect("gap");
    assert_eq!(
        (g.path.as_str(), g.level, g.article.as_str()),
        ("/purposes/1/legal_basis", GapLevel::Inconsistency, "6(1)(f)")
    );
    assert!(g.message_fr.contains("6.1 c") && g.message_fr.contains("6.1 e"), "{}", g.message_fr);
    assert!(!c.ready);
    // The same basis is fine for a business.
    let c = check(&template("videosurveillance"), &bakery());
    assert!(!codes(&c).contains(&"public_body_legitimate_interests"));
    let c = check(&template("videosurveillance"), &commune());
    assert!(codes(&c).contains(&"public_body_legitimate_interests"));
}

#[test]
fn advice_consent_for_employees_is_recommended_only() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.purposes[0].legal_basis = LegalBasis::Consent;
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["consent_employees"]);
    let g = c.gaps.iter().find(|g| g.code == "consent_employees").expect("gap");
    assert_eq!(g.level, GapLevel::Recommended);
    assert!(c.ready, "advice does not block");
    assert!(c.percent < base.percent);
    // Consent from customers is not flagged.
    let mut p = template("fidelite");
    p.purposes[0].legal_basis = LegalBasis::Consent;
    assert!(!codes(&check(&p, &bakery())).contains(&"consent_employees"));
}

#[test]
fn inconsistency_automated_decision_without_details() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.automated_decision = true;
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["automated_decision_without_details"]);
    assert!(!c.ready);
    p.automated_decision_details = "Aucune : exemple".into();
    assert!(check(&p, &bakery()).ready);
}

#[test]
fn joint_controller_role_and_list_must_agree() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.role = ProcessingRole::JointController;
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["joint_controllers_missing"]);
    assert_eq!(c.gaps[0].path, "/joint_controllers");
    assert_eq!(c.gaps[0].level, GapLevel::Mandatory);
    assert!(!c.ready);

    let jc = JointController { name: "Groupement d'employeurs".into(), ..JointController::default() };
    p.joint_controllers.push(jc);
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["joint_controller_contact_missing", "joint_arrangement_missing"]);

    p.role = ProcessingRole::Controller;
    let c = check(&p, &bakery());
    assert!(new_codes(&base, &c).contains(&"joint_controllers_without_role".to_string()));
    assert!(!c.ready);
}

#[test]
fn inconsistency_transfers() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.transfers.push(Transfer::default());
    let c = check(&p, &bakery());
    assert_eq!(
        new_codes(&base, &c),
        ["transfer_country_missing", "transfer_safeguard_missing", "transfer_recipient_missing"]
    );
    assert_eq!(c.mandatory_missing, 2);
    p.transfers[0] = Transfer {
        recipient: "Hébergeur du logiciel".into(),
        country: "IN".into(),
        safeguard: Some(Safeguard::NoSafeguard),
        documentation: String::new(),
    };
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["transfer_without_safeguard"]);
    assert!(c.gaps.iter().any(|g| g.message_fr.contains("IN")));
    assert!(!c.ready);
    p.transfers[0].safeguard = Some(Safeguard::StandardContractualClauses);
    assert_eq!(new_codes(&base, &check(&p, &bakery())), Vec::<String>::new());

    let mut p = complete_payroll();
    p.recipients.push(Recipient {
        kind: RecipientKind::ThirdCountry,
        label: "Filiale au Maroc".into(),
        third_party: None,
        details: String::new(),
    });
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["third_country_recipient_without_transfer"]);
    assert_eq!(c.gaps.iter().find(|g| g.level == GapLevel::Inconsistency).map(|g| g.step), Some(Step::Transfers));
}

#[test]
fn inconsistency_processor_without_contract() {
    let base = check(&complete_payroll(), &bakery());
    let mut tp = ThirdParty::new("Cabinet Dupont");
    let mut p = complete_payroll();
    p.recipients[1].third_party = Some(tp.id);
    let run = |tp: &ThirdParty| check_with(&p, &bakery(), std::slice::from_ref(tp));

    tp.contract_status = Some(ContractStatus::NoContract);
    let c = run(&tp);
    assert_eq!(new_codes(&base, &c), ["processor_without_contract"]);
    let g = c.gaps.iter().find(|g| g.code == "processor_without_contract").expect("gap");
    assert_eq!((g.path.as_str(), g.article.as_str()), ("/recipients/1/third_party", "28(3)"));
    assert!(g.message_fr.contains("Cabinet Dupont"));
    assert!(!c.ready);

    tp.contract_status = Some(ContractStatus::ToReview);
    let c = run(&tp);
    assert_eq!(new_codes(&base, &c), ["processor_contract_to_review"]);
    assert!(c.ready);

    tp.contract_status = None;
    assert_eq!(new_codes(&base, &run(&tp)), ["processor_contract_unknown"]);

    tp.contract_status = Some(ContractStatus::Art28Signed);
    let c = run(&tp);
    assert_eq!(codes(&c), codes(&base));
    assert_eq!(c.percent, base.percent, "a passed check");

    // A link to a third party that is not given (deleted): no gap, no panic.
    let c = check_with(&p, &bakery(), &[]);
    assert_eq!(codes(&c), codes(&base));
    // The same third party linked as a simple recipient is not checked for a contract.
    tp.contract_status = Some(ContractStatus::NoContract);
    p.recipients[1].kind = RecipientKind::Partner;
    assert_eq!(codes(&check_with(&p, &bakery(), &[tp])), codes(&base));
}

#[test]
fn advice_retention_without_starting_point_and_empty_criterion() {
    let mut p = complete_payroll();
    p.data_categories[0].retention = Some(Retention::Duration {
        amount: 2,
        unit: TimeUnit::Years,
        starting_point: " ".into(),
        legal_source: String::new(),
    });
    p.data_categories[1].retention =
        Some(Retention::Criterion { criterion: String::new(), legal_source: String::new() });
    p.data_categories[2].retention = None;
    let c = check(&p, &bakery());
    let got: Vec<(&str, &str)> = c.gaps.iter().map(|g| (g.code.as_str(), g.path.as_str())).collect();
    assert_eq!(
        got,
        [
            ("retention_starting_point_missing", "/data_categories/0/retention/starting_point"),
            ("retention_criterion_missing", "/data_categories/1/retention/criterion"),
            ("retention_missing", "/data_categories/2/retention"),
        ]
    );
    assert!(c.gaps.iter().all(|g| g.level == GapLevel::WherePossible && g.article == "30(1)(f)"));
    assert!(c.gaps[0].message_fr.contains("2 ans"), "{}", c.gaps[0].message_fr);
    assert!(c.ready);
}

#[test]
fn review_overdue_and_status_ahead_of_content() {
    let base = check(&complete_payroll(), &bakery());
    let mut p = complete_payroll();
    p.next_review = NaiveDate::from_ymd_opt(2026, 11, 30);
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["review_overdue"]);
    assert_eq!(c.gaps.iter().find(|g| g.code == "review_overdue").map(|g| g.level), Some(GapLevel::Recommended));

    let mut p = complete_payroll();
    p.status = ProcessingStatus::ValidatedByDpo;
    assert_eq!(check(&p, &bakery()), base, "validated and complete: fine");
    p.recipients.clear();
    let c = check(&p, &bakery());
    assert_eq!(new_codes(&base, &c), ["recipients_missing", "validated_while_incomplete"]);
    assert_eq!(c.gaps.last().map(|g| (g.path.as_str(), g.step)), Some(("/status", Step::Review)));
    p.status = ProcessingStatus::Complete;
    assert!(new_codes(&base, &check(&p, &bakery())).contains(&"complete_while_incomplete".to_string()));
    p.status = ProcessingStatus::Draft;
    assert_eq!(new_codes(&base, &check(&p, &bakery())), ["recipients_missing"]);
}

#[test]
fn dpo_designated_needs_contact_details() {
    let p = complete_payroll();
    let mut org = bakery();
    org.dpo.designated = true;
    let c = check(&p, &org);
    let g = c.gaps.iter().find(|g| g.code == "dpo_contact_missing").expect("gap");
    assert_eq!((g.path.as_str(), g.level), ("/organisation/dpo", GapLevel::Mandatory));
    org.dpo.person.last_name = "Durand".into();
    org.dpo.public_contact.email = Some("dpo@exemple.fr".into());
    assert!(check(&p, &org).ready);
}

#[test]
fn completeness_serializes_for_the_window() {
    let c = check(&Processing::new(""), &bakery());
    let j = serde_json::to_value(&c).expect("serializes");
    for key in [
        "gaps",
        "percent",
        "mandatory_missing",
        "where_possible_missing",
        "recommended_missing",
        "inconsistencies",
        "ready",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    let g = &j["gaps"][0];
    assert_eq!(g["step"], "identity");
    assert_eq!(g["level"], "mandatory");
    for key in ["path", "code", "article", "message_fr", "message_en"] {
        assert!(g[key].is_string(), "{key}");
    }
}

// ---------------------------------------------------------------------------------------
// Obligations
// ---------------------------------------------------------------------------------------

#[test]
fn bakery_with_payroll_needs_a_register_but_no_dpo() {
    let org = bakery();
    let list = [template("paie"), template("clients")];
    let v = register_required(&org, &list);
    assert!(v.required);
    let reasons: Vec<&str> = v.reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(reasons, ["regular_processing", "special_categories", "likely_risk"]);
    assert!(v.reasons.iter().all(|r| r.article == "30(5)"));
    assert!(v.reasons[0].text_fr.contains("« Gestion de la paie »"), "{}", v.reasons[0].text_fr);
    assert!(v.reasons[0].text_fr.contains("« Gestion des clients »"));
    assert_eq!(v.reasons[1].processings, [list[0].id], "health data in payroll only");
    assert!(!v.reasons[1].text_fr.contains("clients"));

    let d = dpo_required(&org, &list);
    assert!(!d.required);
    assert!(d.reasons.is_empty());
    assert!(d.note_fr.contains("volontairement"), "{}", d.note_fr);
}

#[test]
fn register_without_processings() {
    let mut org = Organisation::new("Nouvelle SAS");
    let v = register_required(&org, &[]);
    assert!(!v.required);
    assert!(v.note_fr.contains("paie du personnel") && v.note_fr.contains("250"), "{}", v.note_fr);
    assert!(v.note_en.contains("pays staff"));

    org.headcount = Some(HeadcountBand::From1To9);
    let v = register_required(&org, &[]);
    assert!(v.required);
    assert_eq!(v.reasons[0].code, "employs_staff");

    org.headcount = Some(HeadcountBand::From250);
    let v = register_required(&org, &[]);
    assert_eq!(v.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["headcount_250", "employs_staff"]);

    let mut old = template("clients");
    old.archived = true;
    org.headcount = Some(HeadcountBand::Zero);
    assert!(!register_required(&org, &[old]).required, "archived entries are not carried out any more");
}

#[test]
fn commune_needs_a_dpo() {
    let org = commune();
    let list = [template("etat_civil"), template("listes_electorales")];
    let d = dpo_required(&org, &list);
    assert!(d.required);
    assert_eq!(d.reasons[0].code, "public_body");
    assert_eq!(d.reasons[0].article, "37(1)(a)");
    assert!(d.note_fr.contains("CNIL"));
    let mut designated = org.clone();
    designated.dpo.designated = true;
    assert_ne!(dpo_required(&designated, &list).note_fr, d.note_fr);
    assert!(register_required(&org, &list).required);
    // Even with no processing yet, a public body needs a DPO.
    assert!(dpo_required(&org, &[]).required);
}

#[test]
fn large_scale_cctv_needs_a_dpo_and_meets_criteria_3_and_5() {
    let org = bakery();
    let mut p = template("videosurveillance");
    assert!(!dpo_required(&org, std::slice::from_ref(&p)).required, "small CCTV: no DPO");
    p.large_scale = true;
    let d = dpo_required(&org, std::slice::from_ref(&p));
    assert!(d.required);
    assert_eq!(d.reasons.len(), 1);
    assert_eq!((d.reasons[0].code.as_str(), d.reasons[0].article.as_str()), ("large_scale_monitoring", "37(1)(b)"));
    assert_eq!(d.reasons[0].processings, [p.id]);
    assert!(d.reasons[0].text_fr.contains("Vidéosurveillance des locaux"));

    let hits = aipd_criteria(&p, &org);
    let numbers: Vec<u8> = hits.iter().map(|h| h.number).collect();
    assert!(numbers.contains(&3) && numbers.contains(&5), "{numbers:?}");
    let monitoring = hits.iter().find(|h| h.criterion == AipdCriterion::SystematicMonitoring).expect("criterion 3");
    assert!(monitoring.paths.contains(&"/collection_means/0".to_string()), "{:?}", monitoring.paths);
    assert!(monitoring.reason_fr.contains("Collecte automatique"), "{}", monitoring.reason_fr);

    // Large-scale health data: Art. 37(1)(c).
    let mut q = template("paie");
    q.large_scale = true;
    let d = dpo_required(&org, &[q]);
    assert_eq!(d.reasons.iter().map(|r| r.article.as_str()).collect::<Vec<_>>(), ["37(1)(c)"]);
}

#[test]
fn criteria_on_every_library_template() {
    // Pre-ticked WP248 criteria per template, with the organisation of its audience.
    let expected: &[(&str, &[u8])] = &[
        ("paie", &[4, 7]),
        ("personnel", &[4, 7]),
        ("recrutement", &[7]),
        ("clients", &[]),
        ("prospection", &[]),
        ("fournisseurs", &[]),
        ("comptabilite", &[7]),
        ("videosurveillance", &[3, 7]),
        ("badges", &[3, 4, 7]),
        ("geolocalisation", &[3, 4, 7]),
        ("site_web", &[3]),
        ("messagerie", &[3, 7]),
        ("appels", &[3, 7]),
        ("fidelite", &[]),
        ("caisse", &[3]),
        ("temps_travail", &[7]),
        ("etat_civil", &[7]),
        ("listes_electorales", &[]),
        ("urbanisme", &[]),
        ("cimetiere", &[]),
        ("cantine_periscolaire", &[4, 7]),
        ("ccas", &[4, 7]),
        ("recensement_citoyen", &[7]),
        ("police_municipale", &[4]),
        ("videoprotection", &[3]),
        ("deliberations", &[]),
        ("location_salles", &[]),
        ("associations", &[]),
        ("logement", &[4, 7]),
        ("communication", &[7]),
        ("rh_collectivite", &[1, 4, 7]),
        ("courriers", &[]),
    ];
    let all = templates();
    assert_eq!(all.len(), expected.len(), "a template was added: add its expected criteria");
    let mut got_table = Vec::new();
    for ((key, p), (want_key, want)) in all.iter().zip(expected) {
        assert_eq!(key, want_key);
        let org = if p.public_register { commune() } else { bakery() };
        let hits = aipd_criteria(p, &org);
        let got: Vec<u8> = hits.iter().map(|h| h.number).collect();
        got_table.push((key.clone(), got.clone()));
        assert_eq!(&got, want, "{key}");
        let pj = serde_json::to_value(p).expect("serializes");
        for h in &hits {
            assert_eq!(h.number, h.criterion.number());
            assert!(h.criterion.detectable(), "{key}: {:?} is user-only", h.criterion);
            assert!(!h.reason_fr.is_empty() && !h.reason_en.is_empty());
            assert!(!h.paths.is_empty());
            for path in &h.paths {
                assert!(pj.pointer(path).is_some(), "{key}: {path}");
            }
        }
    }
    let videoprotection = aipd_criteria(&template("videoprotection"), &commune());
    assert_eq!(videoprotection[0].criterion, AipdCriterion::SystematicMonitoring);
}

#[test]
fn vulnerable_by_nature_even_when_not_ticked() {
    let mut p = template("temps_travail");
    for c in &mut p.persons_concerned {
        c.vulnerable = false;
    }
    let hits = aipd_criteria(&p, &bakery());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].criterion, AipdCriterion::Vulnerable);
    assert!(hits[0].reason_fr.contains("subordination"), "{}", hits[0].reason_fr);
    p.persons_concerned[0].category = DataSubjectCategory::Customers;
    assert!(aipd_criteria(&p, &bakery()).is_empty());
}

#[test]
fn sensitive_data_from_nir_and_art9() {
    let mut p = Processing::new("Suivi médical");
    assert!(aipd_criteria(&p, &bakery()).is_empty(), "an empty entry meets no criterion");
    p.nir_used = true;
    let hits = aipd_criteria(&p, &bakery());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].paths, ["/nir_used"]);
    p.nir_used = false;
    p.sensitive_data.push(greffier::model::SensitiveData {
        category: greffier::model::SpecialCategory::Health,
        exception: Some(Art9Exception::HealthSocialCare),
        description: String::new(),
        retention: None,
    });
    let hits = aipd_criteria(&p, &bakery());
    assert_eq!(hits[0].criterion, AipdCriterion::SensitiveData);
    assert!(hits[0].reason_fr.contains("Données de santé"), "{}", hits[0].reason_fr);
}
