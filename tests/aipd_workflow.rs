//! The AIPD workflow through the store: every status transition allowed and refused, the
//! progress of an empty analysis against the demo's validated one, a validated analysis
//! frozen by the store (save and autosave), the follow-up of its corrective actions, new
//! versions archiving the old one, the AIPD actions in the security action plan, the demo's
//! screenings, garbage transitions refused without a trace, and random dossiers holding
//! screenings and analyses through the store and the JSON format unchanged.

mod support;

use std::collections::HashMap;

use arbitrary::{Arbitrary, Unstructured};
use chrono::NaiveDate;
use greffier::aipd::screening::{verdict, ScreeningOutcome};
use greffier::aipd::workflow::{
    apply, dashboard, new_version, next_version, progress, transition, versions, Section, Transition,
};
use greffier::documents::json;
use greffier::model::{
    ActionStatus, Aipd, AipdCriterion, AipdStatus, Art35Case, FearedEvent, Level, MeasureOrigin, Organisation,
    OrganisationBundle, Rating, Record, Refusal, ScreeningConclusion, Validation,
};
use greffier::security::guide::guide;
use greffier::security::plan::{action_plan, mark_done, ActionSource, ActionState, SourceKind};
use greffier::store::{Dossier, StoreError};
use proptest::prelude::*;
use serde_json::{json, Value};
use support::Env;
use uuid::Uuid;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 1, 15)
}

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo.json parses")
}

fn commune() -> OrganisationBundle {
    demo().remove(1)
}

/// The demo's validated analysis of the commune's vidéoprotection (the commune also has
/// the telecare one, left with a high residual risk).
fn demo_aipd() -> Aipd {
    let c = commune();
    assert_eq!(c.aipds.len(), 2);
    c.aipds.iter().find(|a| a.title.contains("Vidéoprotection")).expect("the vidéoprotection AIPD").clone()
}

fn validation() -> Validation {
    Validation {
        validator: "Alain Roussel".into(),
        role: "Maire".into(),
        validated_on: day(2026, 1, 12),
        context_accurate: true,
        risks_known: true,
        measures_approved: true,
        commitment: true,
        comment: String::new(),
    }
}

fn refusal(reason: &str) -> Refusal {
    Refusal { by: "Alain Roussel".into(), refused_on: day(2026, 1, 10), reason: reason.into(), changes: String::new() }
}

fn codes(problems: &[greffier::model::Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.code.as_str()).collect()
}

/// The demo's content in a given status (complete and evaluated, so every transition's
/// own rules are what is tested).
fn in_status(status: AipdStatus) -> Aipd {
    let mut a = demo_aipd();
    a.status = status;
    a.validation = (status == AipdStatus::Validated).then(validation);
    if status == AipdStatus::Refused {
        a.refusals
            .push(Refusal { changes: "Durées revues avec la gendarmerie".into(), ..refusal("Préciser les durées") });
    }
    a
}

// ------------------------------------------------------------------------- status machine

#[test]
fn every_transition_from_every_status() {
    use AipdStatus::*;
    let ts = [
        ("submit", Transition::Submit),
        ("reopen", Transition::Reopen),
        ("validate", Transition::Validate { validation: validation() }),
        ("refuse", Transition::Refuse { refusal: refusal("Revoir les risques") }),
        ("archive", Transition::Archive),
    ];
    // expected status after each transition of `ts`, `None` = refused
    let table: [(AipdStatus, [Option<AipdStatus>; 5]); 5] = [
        (InProgress, [Some(AwaitingValidation), None, None, None, Some(Archived)]),
        (AwaitingValidation, [None, Some(InProgress), Some(Validated), Some(Refused), Some(Archived)]),
        (Refused, [Some(AwaitingValidation), None, None, None, Some(Archived)]),
        (Validated, [None, None, None, None, Some(Archived)]),
        (Archived, [None, None, None, None, None]),
    ];
    let mut allowed = 0;
    for (from, expected) in table {
        let a = in_status(from);
        for ((name, t), want) in ts.iter().zip(expected) {
            match (apply(&a, t), want) {
                (Ok(next), Some(want)) => {
                    allowed += 1;
                    assert_eq!(next.status, want, "{from:?} + {name}");
                    assert!(greffier::model::Record::validate(&next).is_empty(), "{from:?} + {name}: stays valid");
                    assert_eq!(next.id, a.id);
                    assert_eq!(next.risks, a.risks, "{from:?} + {name}: the content is kept");
                }
                (Err(p), None) => {
                    assert_eq!(codes(&p), ["transition_not_allowed"], "{from:?} + {name}");
                    assert_eq!(p[0].path, "/status");
                    assert!(p[0].message_fr.starts_with("Impossible de"), "{}", p[0].message_fr);
                    assert!(p[0].message_fr.contains(from.label_fr()), "{}", p[0].message_fr);
                    assert!(p[0].message_en.starts_with("Cannot"), "{}", p[0].message_en);
                }
                (got, want) => panic!("{from:?} + {name}: expected {want:?}, got {got:?}"),
            }
        }
    }
    assert_eq!(allowed, 9);
    // what a refused transition says to do
    let validated = in_status(Validated);
    let p = apply(&validated, &Transition::Submit).unwrap_err();
    assert!(p[0].message_fr.contains("créez une nouvelle version"), "{}", p[0].message_fr);
}

#[test]
fn transitions_check_their_own_conditions() {
    // submit: only when ready, with every gap said
    let empty = Aipd::new("Brouillon");
    let p = apply(&empty, &Transition::Submit).unwrap_err();
    assert_eq!(p[0].code, "not_ready");
    assert!(p[0].message_fr.contains(&format!("{} points restent", p.len() - 1)), "{}", p[0].message_fr);
    assert_eq!(p.len() - 1, progress(&empty).gaps.len());
    assert!(p.iter().any(|x| x.path == "/dpo/opinion"));

    // resubmitting after a refusal needs the changes described
    let mut refused = in_status(AipdStatus::Refused);
    refused.refusals.last_mut().unwrap().changes = "  ".into();
    let p = apply(&refused, &Transition::Submit).unwrap_err();
    assert_eq!(codes(&p), ["changes_required"]);
    assert_eq!(p[0].path, "/refusals/0/changes");

    // validation: name, real date, the four commitments; still ready
    let waiting = in_status(AipdStatus::AwaitingValidation);
    let bad = Validation {
        validator: " ".into(),
        validated_on: day(1789, 7, 14),
        risks_known: false,
        commitment: false,
        ..validation()
    };
    let p = apply(&waiting, &Transition::Validate { validation: bad }).unwrap_err();
    let paths: Vec<&str> = p.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(paths, ["/validation/validator", "/validation/validated_on", "/validation"]);
    assert!(p[2].message_fr.contains("les risques sont connus ; l'engagement"), "{}", p[2].message_fr);
    let mut edited = waiting.clone();
    edited.dpo.opinion = None;
    let p = apply(&edited, &Transition::Validate { validation: validation() }).unwrap_err();
    assert_eq!(codes(&p), ["not_ready", "missing_dpo_opinion"]);
    // a validation in the future is only a date: accepted
    let later = Validation { validated_on: day(2030, 1, 1), ..validation() };
    let v = apply(&waiting, &Transition::Validate { validation: later.clone() }).unwrap();
    assert_eq!(v.validation, Some(later));

    // refusal: a reason; evaluations and the DPO's opinion stay
    let p = apply(&waiting, &Transition::Refuse { refusal: refusal("") }).unwrap_err();
    assert_eq!(p[0].path, "/refusal/reason");
    let r = apply(&waiting, &Transition::Refuse { refusal: refusal("Préciser les durées") }).unwrap();
    assert_eq!(r.refusals.len(), 1);
    assert_eq!(r.dpo, waiting.dpo);
    assert_eq!(r.context, waiting.context);
    assert!(r.validation.is_none());
    // then corrected and submitted again
    let mut r = r;
    r.refusals[0].changes = "Durées précisées".into();
    assert_eq!(apply(&r, &Transition::Submit).unwrap().status, AipdStatus::AwaitingValidation);
}

#[test]
fn garbage_transitions_are_refused() {
    for text in [
        "",
        "null",
        "\"submit\"",
        "[1, 2]",
        "{}",
        r#"{"type": "explode"}"#,
        r#"{"type": "SUBMIT"}"#,
        r#"{"type": "validate"}"#,
        r#"{"type": "refuse", "refusal": {"reason": "x"}}"#,
        r#"{"type": "validate", "validation": {"validator": "A", "validated_on": "2025-13-40", "context_accurate": true, "risks_known": true, "measures_approved": true, "commitment": true}}"#,
        r#"{"type": "validate", "validation": {"validator": 3, "validated_on": "2025-01-01"}}"#,
        "{\"type\": \"submit\"",
    ] {
        assert!(serde_json::from_str::<Transition>(text).is_err(), "{text:?} should not parse");
    }
    let t: Transition = serde_json::from_str(r#"{"type": "archive"}"#).unwrap();
    assert_eq!(t, Transition::Archive);
    let v = serde_json::to_value(Transition::Refuse { refusal: refusal("Non") }).unwrap();
    assert_eq!(v["type"], "refuse");
    assert_eq!(v["refusal"]["reason"], "Non");
}

// ------------------------------------------------------------------------- progress

#[test]
fn progress_of_an_empty_analysis_and_of_the_demo() {
    let empty = progress(&Aipd::new("Vidéoprotection"));
    assert_eq!(empty.percent, 0);
    assert!(!empty.ready_for_validation);
    let sections: Vec<Section> = empty.sections.iter().map(|s| s.section).collect();
    assert_eq!(sections, Section::ALL);
    // every section has something missing, with a path and a plain message
    for s in Section::ALL {
        assert!(empty.gaps.iter().any(|g| g.section == s), "{s:?}");
    }
    assert!(empty.gaps.iter().all(|g| g.path.starts_with('/') && !g.message_fr.is_empty() && !g.message_en.is_empty()));
    let json = serde_json::to_value(&empty).unwrap();
    assert_eq!(json["sections"][3]["section"], "risks");
    assert_eq!(json["gaps"][0]["section"], "context");

    let demo = demo_aipd();
    let p = progress(&demo);
    assert!(p.gaps.is_empty(), "{:#?}", p.gaps);
    assert_eq!(p.percent, 100);
    assert!(p.ready_for_validation);
    let risks = &p.sections[3];
    // 4 risks × 6 items + the residual estimates of the two « Améliorable » ones
    assert_eq!((risks.done, risks.total, risks.evaluated, risks.to_evaluate), (28, 28, 4, 4));

    // one justification removed: one gap, in plain words, where to type it
    let mut a = demo.clone();
    a.risks[0].initial.likelihood_justification.clear();
    let p = progress(&a);
    assert_eq!(p.gaps.len(), 1);
    assert_eq!(p.gaps[0].path, "/risks/0/initial/likelihood_justification");
    assert_eq!(p.gaps[0].message_fr, "Justifiez la vraisemblance du risque « Accès illégitime à des données ».");
    assert!(p.percent < 100);
    assert!(!p.ready_for_validation);

    // an « Améliorable » risk without its residual estimate
    let mut a = demo.clone();
    a.risks[3].residual = Default::default();
    let gaps: Vec<String> = progress(&a).gaps.into_iter().map(|g| g.path).collect();
    assert_eq!(gaps, ["/risks/3/residual/severity", "/risks/3/residual/likelihood"]);

    // « À corriger » blocks the validation even when everything is filled
    let mut a = demo.clone();
    a.measures[2].evaluation.as_mut().unwrap().rating = Rating::ToCorrect;
    let p = progress(&a);
    assert!(!p.ready_for_validation);
    assert_eq!(p.sections[2].to_correct, 1);
    assert_eq!(p.gaps[0].path, "/measures/2/evaluation");

    // data subjects consulted: their opinion is then needed
    let mut a = demo;
    a.data_subjects.sought = Some(true);
    assert_eq!(progress(&a).gaps[0].path, "/data_subjects/opinion");
}

// ------------------------------------------------------------------------- the store

/// A dossier holding the demo commune; returns it with the commune's id.
fn dossier(env: &Env) -> (Dossier, Uuid) {
    let (mut d, _) = env.create("aipd.greffier");
    let c = commune();
    let org = c.organisation.id;
    d.insert_bundles(&[c], &[]).unwrap();
    (d, org)
}

#[test]
fn a_validated_analysis_is_frozen_except_its_follow_up() {
    let env = Env::new();
    let (mut d, org) = dossier(&env);
    let a = demo_aipd();
    let stored: Aipd = d.get(a.id).unwrap();
    assert_eq!(stored.status, AipdStatus::Validated);

    // a direct save of a changed content is refused
    let mut changed = stored.clone();
    changed.risks[1].initial.severity = Some(Level::Maximum);
    let err = d.save(org, changed.clone()).unwrap_err();
    let StoreError::Invalid(p) = &err else { panic!("{err:?}") };
    assert_eq!(codes(p), ["read_only"]);
    assert!(p[0].message_fr.contains("nouvelle version"), "{}", p[0].message_fr);
    // the autosave refuses it too, and keeps no draft of it
    let value = serde_json::to_value(&changed).unwrap();
    let err = d.update_record::<Aipd>(org, &value).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert!(d.record_draft::<Aipd>(a.id).unwrap().is_none(), "no draft for a read-only analysis");
    assert_eq!(d.get::<Aipd>(a.id).unwrap(), stored, "nothing changed");

    // following up its actions is allowed: status, date, owner
    let mut follow = stored.clone();
    follow.actions[1].status = ActionStatus::Done;
    follow.actions[1].done_on = Some(today());
    follow.actions[2].owner = "Brigadier-chef".into();
    let saved = d.update_record::<Aipd>(org, &serde_json::to_value(&follow).unwrap()).unwrap();
    assert!(saved.saved, "{:?}", saved.problems);
    let back: Aipd = d.get(a.id).unwrap();
    assert_eq!(back.actions[1].status, ActionStatus::Done);
    assert_eq!(back.actions[2].owner, "Brigadier-chef");
    assert_eq!(back.status, AipdStatus::Validated);
    assert!(!d.audit_for(a.id).unwrap().is_empty(), "the follow-up is audited");

    // no transition but archiving
    for t in [Transition::Submit, Transition::Reopen, Transition::Validate { validation: validation() }] {
        let err = transition(&mut d, org, a.id, &t).unwrap_err();
        let StoreError::Invalid(p) = err else { panic!() };
        assert_eq!(codes(&p), ["transition_not_allowed"]);
    }
    // an unknown analysis, or one of another organisation
    assert!(matches!(transition(&mut d, org, Uuid::new_v4(), &Transition::Archive), Err(StoreError::UnknownRecord(_))));
    let other = d.save_organisation(Organisation::new("Autre commune")).unwrap().id;
    assert!(matches!(transition(&mut d, other, a.id, &Transition::Archive), Err(StoreError::UnknownRecord(_))));
    assert_eq!(d.get::<Aipd>(a.id).unwrap().status, AipdStatus::Validated);
}

#[test]
fn a_new_version_is_validated_and_archives_the_first() {
    let env = Env::new();
    let (mut d, org) = dossier(&env);
    let v1 = demo_aipd();

    // only a validated (or archived) analysis starts a new version
    let draft = d.save(org, Aipd::new("Brouillon")).unwrap();
    let StoreError::Invalid(p) = new_version(&mut d, org, draft.id).unwrap_err() else { panic!() };
    assert_eq!(codes(&p), ["not_validated"]);

    let v2 = new_version(&mut d, org, v1.id).unwrap();
    assert_ne!(v2.id, v1.id);
    assert_eq!((v2.version, v2.previous_version, v2.status), (2, Some(v1.id), AipdStatus::InProgress));
    assert_eq!(
        v2.measures.iter().map(|m| m.id).collect::<Vec<_>>(),
        v1.measures.iter().map(|m| m.id).collect::<Vec<_>>()
    );
    assert_eq!(v2.actions, v1.actions, "actions kept, done ones as history");
    assert!(v2.validation.is_none() && v2.refusals.is_empty() && v2.dpo.opinion.is_none());
    assert!(v2.risks.iter().all(|r| r.evaluation.is_none()));
    assert_eq!(d.get::<Aipd>(v1.id).unwrap().status, AipdStatus::Validated, "v1 in force until v2 is validated");
    // no second branch from v1
    let StoreError::Invalid(p) = new_version(&mut d, org, v1.id).unwrap_err() else { panic!() };
    assert_eq!(codes(&p), ["version_exists"]);
    assert!(p[0].message_fr.contains("version 2"), "{}", p[0].message_fr);

    // v2 cannot be submitted before its review
    let StoreError::Invalid(p) = transition(&mut d, org, v2.id, &Transition::Submit).unwrap_err() else { panic!() };
    assert_eq!(p[0].code, "not_ready");
    let gaps = progress(&v2).gaps;
    assert!(gaps.iter().any(|g| g.code == "not_evaluated") && gaps.iter().any(|g| g.code == "missing_dpo_opinion"));

    // review again (the same evaluations and opinions as v1), with one more camera
    let mut review = d.get::<Aipd>(v2.id).unwrap();
    review.context.answers[0].text.push_str("\n\nVersion 2 : une 15e caméra au stade municipal.");
    review.context.overview_evaluation = v1.context.overview_evaluation.clone();
    review.context.data_evaluation = v1.context.data_evaluation.clone();
    for (r, o) in review.principles.iter_mut().zip(&v1.principles) {
        r.evaluation = o.evaluation.clone();
    }
    for (r, o) in review.measures.iter_mut().zip(&v1.measures) {
        r.evaluation = o.evaluation.clone();
    }
    for (r, o) in review.risks.iter_mut().zip(&v1.risks) {
        r.evaluation = o.evaluation.clone();
    }
    review.dpo = v1.dpo.clone();
    review.data_subjects = v1.data_subjects.clone();
    let up = d.update_record::<Aipd>(org, &serde_json::to_value(&review).unwrap()).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(transition(&mut d, org, v2.id, &Transition::Submit).unwrap().status, AipdStatus::AwaitingValidation);
    let done = transition(&mut d, org, v2.id, &Transition::Validate { validation: validation() }).unwrap();
    assert_eq!(done.status, AipdStatus::Validated);
    assert_eq!(d.get::<Aipd>(v1.id).unwrap().status, AipdStatus::Archived, "validating v2 archives v1");
    assert_eq!(d.get::<Aipd>(v2.id).unwrap(), done);

    // the history, from either end, oldest first
    let b = d.bundle(org).unwrap();
    let rows = versions(&b, v2.id);
    let summary: Vec<(u32, AipdStatus, Option<NaiveDate>)> =
        rows.iter().map(|r| (r.version, r.status, r.validated_on)).collect();
    assert_eq!(
        summary,
        [(1, AipdStatus::Archived, Some(day(2025, 9, 22))), (2, AipdStatus::Validated, Some(day(2026, 1, 12)))]
    );
    assert_eq!(versions(&b, v1.id), rows);
    assert!(versions(&b, Uuid::new_v4()).is_empty());
    let dash = dashboard(&b);
    assert_eq!(
        (dash.validated, dash.in_progress),
        (2, 1),
        "v2 validated (v1 archived) and the demo's telecare analysis; the draft in progress"
    );
    // a v3 starts from v2, not from the archived v1 (the line has one end)
    let StoreError::Invalid(p) = new_version(&mut d, org, v1.id).unwrap_err() else { panic!() };
    assert_eq!(codes(&p), ["version_exists"]);
    let v3 = new_version(&mut d, org, v2.id).unwrap();
    assert_eq!(v3.version, 3);
    assert_eq!(versions(&d.bundle(org).unwrap(), v1.id).len(), 3);
}

#[test]
fn a_refused_analysis_goes_back_and_forth_through_the_store() {
    let env = Env::new();
    let (mut d, org) = dossier(&env);
    let mut a = in_status(AipdStatus::InProgress);
    a.id = Uuid::new_v4();
    a.title = "AIPD – Vidéoprotection (copie de travail)".into();
    let a = d.save(org, a).unwrap();
    assert_eq!(transition(&mut d, org, a.id, &Transition::Submit).unwrap().status, AipdStatus::AwaitingValidation);
    assert_eq!(transition(&mut d, org, a.id, &Transition::Reopen).unwrap().status, AipdStatus::InProgress);
    transition(&mut d, org, a.id, &Transition::Submit).unwrap();
    let r = transition(&mut d, org, a.id, &Transition::Refuse { refusal: refusal("Revoir le risque R1") }).unwrap();
    assert_eq!(r.status, AipdStatus::Refused);
    // refused: the changes first, then it goes back
    assert!(transition(&mut d, org, a.id, &Transition::Submit).is_err());
    assert_eq!(d.get::<Aipd>(a.id).unwrap().status, AipdStatus::Refused, "nothing saved on a refusal");
    let mut fixed = d.get::<Aipd>(a.id).unwrap();
    fixed.refusals[0].changes = "Règlement d'usage ajouté au plan d'action".into();
    d.save(org, fixed).unwrap();
    assert_eq!(transition(&mut d, org, a.id, &Transition::Submit).unwrap().status, AipdStatus::AwaitingValidation);
    // abandoned: archived, then nothing more
    assert_eq!(transition(&mut d, org, a.id, &Transition::Archive).unwrap().status, AipdStatus::Archived);
    assert!(transition(&mut d, org, a.id, &Transition::Archive).is_err());
    let mut back = d.get::<Aipd>(a.id).unwrap();
    back.status = AipdStatus::InProgress;
    assert!(d.save(org, back).is_err(), "an archived analysis stays archived");
    // a garbage-shaped transition from the window never reaches the store
    let raw: Value = json!({"type": "validate", "validation": {"validator": "X"}});
    assert!(serde_json::from_value::<Transition>(raw).is_err());
}

// ------------------------------------------------------------------------- action plan

#[test]
fn the_action_plan_shows_aipd_actions_and_marks_them_done() {
    let env = Env::new();
    let (mut d, org) = dossier(&env);
    let a = demo_aipd();
    let b = d.bundle(org).unwrap();
    let plan = action_plan(guide(), None, &b.measures, &b.aipds, today());
    // the actions of this analysis (the demo's telecare analysis has its own two)
    let of_a = |s: &ActionSource| matches!(s, ActionSource::AipdAction { aipd_id, .. } if *aipd_id == a.id);
    let aipd_actions: Vec<_> = plan.actions.iter().filter(|x| of_a(&x.source)).collect();
    assert_eq!(plan.actions.iter().filter(|x| x.source.kind() == SourceKind::AipdAction).count(), 4);
    // the done action (avenant signed) is not in the plan
    assert_eq!(aipd_actions.len(), 2);
    let remote = aipd_actions.iter().find(|x| x.title_fr.starts_with("Couper l'accès")).unwrap();
    assert_eq!(remote.state, ActionState::InProgress);
    assert_eq!(remote.owner, "Chef de la police municipale");
    assert_eq!(remote.due_date, Some(day(2026, 3, 31)));
    assert!(!remote.overdue);
    assert!(
        remote.comment.starts_with("AIPD « AIPD – Vidéoprotection de la voie publique » — Risque « Accès illégitime"),
        "{}",
        remote.comment
    );
    let rules = aipd_actions.iter().find(|x| x.title_fr.starts_with("Rédiger un règlement")).unwrap();
    assert_eq!(rules.state, ActionState::Todo);
    // later in the year, both are late
    let late = action_plan(guide(), None, &b.measures, &b.aipds, day(2026, 7, 1));
    assert_eq!(late.actions.iter().filter(|x| x.overdue && of_a(&x.source)).count(), 2);
    // the security dashboard counts them
    let dash = greffier::security::dashboard(&b, today());
    assert_eq!(dash.open_actions, plan.actions.len());

    // marking done goes back to the validated analysis, which stays validated
    let source = remote.source.clone();
    mark_done(&mut d, org, &source, today()).unwrap();
    let back: Aipd = d.get(a.id).unwrap();
    let x = back.actions.iter().find(|x| x.title.starts_with("Couper l'accès")).unwrap();
    assert_eq!((x.status, x.done_on), (ActionStatus::Done, Some(today())));
    assert_eq!(back.status, AipdStatus::Validated);
    let b = d.bundle(org).unwrap();
    let plan = action_plan(guide(), None, &b.measures, &b.aipds, today());
    assert_eq!(plan.actions.iter().filter(|x| of_a(&x.source)).count(), 1);
    // done twice: still done, first date kept
    mark_done(&mut d, org, &source, day(2026, 2, 1)).unwrap();
    let again: Aipd = d.get(a.id).unwrap();
    assert_eq!(again.actions.iter().find(|x| x.id == x_id(&source)).unwrap().done_on, Some(today()));

    // refused sources: unknown action, unknown analysis, another organisation's analysis
    let ActionSource::AipdAction { aipd_id, .. } = source else { panic!() };
    for bad in [
        ActionSource::AipdAction { aipd_id, action_id: Uuid::new_v4() },
        ActionSource::AipdAction { aipd_id: Uuid::new_v4(), action_id: x_id(&source) },
    ] {
        let err = mark_done(&mut d, org, &bad, today()).unwrap_err();
        assert_eq!(err.code(), "invalid", "{bad:?}");
    }
    let other = d.save_organisation(Organisation::new("Autre")).unwrap().id;
    let StoreError::Invalid(p) = mark_done(&mut d, other, &source, today()).unwrap_err() else { panic!() };
    assert_eq!(codes(&p), ["unknown_aipd"]);

    // once a new version is started, its actions replace the old ones in the plan
    let v2 = new_version(&mut d, org, a.id).unwrap();
    let b = d.bundle(org).unwrap();
    let plan = action_plan(guide(), None, &b.measures, &b.aipds, today());
    let from: Vec<Uuid> = plan
        .actions
        .iter()
        .filter_map(|x| match x.source {
            ActionSource::AipdAction { aipd_id, .. } => Some(aipd_id),
            _ => None,
        })
        .filter(|id| *id == a.id || *id == v2.id)
        .collect();
    assert_eq!(from, [v2.id]);
}

fn x_id(source: &ActionSource) -> Uuid {
    match source {
        ActionSource::AipdAction { action_id, .. } => *action_id,
        _ => panic!("not an AIPD action"),
    }
}

// ------------------------------------------------------------------------- the demo

#[test]
fn the_demo_screens_and_carries_out_an_aipd() {
    let bundles = demo();
    let (bakery, commune) = (&bundles[0], &bundles[1]);
    let name_of = |b: &OrganisationBundle, id: Uuid| b.processings.iter().find(|p| p.id == id).unwrap().name.clone();

    let video =
        commune.aipd_screenings.iter().find(|s| name_of(commune, s.processing).starts_with("Vidéoprotection")).unwrap();
    assert_eq!(video.conclusion, Some(ScreeningConclusion::Required));
    assert_eq!(video.art35_cases, [Art35Case::PublicAreaMonitoring]);
    let met: Vec<AipdCriterion> = video.criteria.iter().filter(|c| c.met).map(|c| c.criterion).collect();
    assert_eq!(met, [AipdCriterion::SystematicMonitoring, AipdCriterion::LargeScale]);
    let voters =
        commune.aipd_screenings.iter().find(|s| name_of(commune, s.processing) == "Listes électorales").unwrap();
    assert_eq!(
        (voters.not_required_type.as_deref(), voters.conclusion),
        (Some("nr-03"), Some(ScreeningConclusion::NotRequired))
    );
    let shop = &bakery.aipd_screenings[0];
    assert_eq!(name_of(bakery, shop.processing), "Vidéosurveillance du magasin");
    assert_eq!(shop.conclusion, Some(ScreeningConclusion::NotRequired));
    assert!(shop.criteria_met() >= 2 && !shop.justification.is_empty() && !shop.dpo_view.is_empty());
    // the screening rules read them as the demo means them
    assert_eq!(verdict(video).outcome, ScreeningOutcome::RequiredArt35);
    assert_eq!(verdict(voters).outcome, ScreeningOutcome::NotRequiredByList);
    let shop_verdict = verdict(shop);
    assert_eq!(shop_verdict.outcome, ScreeningOutcome::RequiredByCriteria);
    assert!(shop_verdict.needs_justification, "ruled out despite two criteria: justified");

    let a = commune.aipds.iter().find(|a| a.processings == [video.processing]).unwrap();
    assert_eq!((a.status, a.version), (AipdStatus::Validated, 1));
    assert!((4..=6).contains(&a.measures.len()));
    let events: Vec<Option<FearedEvent>> = a.risks.iter().map(|r| r.event).collect();
    assert_eq!(
        events,
        [
            Some(FearedEvent::IllegitimateAccess),
            Some(FearedEvent::UnwantedModification),
            Some(FearedEvent::Disappearance),
            None
        ]
    );
    assert!(a.risks.iter().all(|r| !r.measures.is_empty() && r.initial.is_rated()));
    assert!((2..=3).contains(&a.actions.len()));
    assert!(a.actions.iter().all(|x| !x.owner.is_empty() && x.due_date.is_some()));
    assert_eq!(a.data_subjects.sought, Some(false));
    let v = a.validation.as_ref().unwrap();
    assert!(v.context_accurate && v.risks_known && v.measures_approved && v.commitment);
    assert!(a.dpo.given_on.unwrap() <= v.validated_on, "the DPO's opinion comes before the validation");

    // the dashboard: the commune's other entries still to screen (video, voters and telecare
    // are screened); the telecare AIPD, validated with a risk left high, calls for the prior
    // consultation, the vidéoprotection one does not
    let dash = dashboard(commune);
    let active = commune.processings.iter().filter(|p| !p.archived).count();
    assert_eq!(dash.to_screen, active - 3);
    assert_eq!((dash.required_without_aipd, dash.validated, dash.in_progress), (0, 2, 0));
    let telecare = commune.aipds.iter().find(|x| x.id != a.id).unwrap();
    assert_eq!(dash.prior_consultation, std::slice::from_ref(&telecare.title));
    let mut without = commune.clone();
    without.aipds.clear();
    assert_eq!(dashboard(&without).required_without_aipd, 2);
    // a residual risk left high calls for the prior consultation
    let mut high = commune.clone();
    high.aipds.retain(|x| x.id == a.id);
    assert!(dashboard(&high).prior_consultation.is_empty());
    high.aipds[0].risks[0].residual.likelihood = Some(Level::Significant);
    assert_eq!(dashboard(&high).prior_consultation, std::slice::from_ref(&a.title));
    // an abandoned new version does not hide the validated one
    let mut v2 = next_version(a);
    v2.status = AipdStatus::Archived;
    high.aipds.push(v2);
    assert_eq!(dashboard(&high).prior_consultation.len(), 1);
}

// ------------------------------------------------------------------------- random dossiers

/// One to three random bundles from a seed, each from its own bytes (the buffer grows
/// until the generators have enough).
fn random_bundles(seed: u64, len: usize) -> Vec<OrganisationBundle> {
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let count = 1 + (next() % 3) as usize;
    (0..count)
        .map(|_| {
            let mut len = len;
            loop {
                let bytes: Vec<u8> = (0..len).map(|_| (next() >> 24) as u8).collect();
                match OrganisationBundle::arbitrary(&mut Unstructured::new(&bytes)) {
                    Ok(b) => return b,
                    Err(arbitrary::Error::NotEnoughData) if len < 1 << 22 => len *= 2,
                    Err(e) => panic!("generator: {e}"),
                }
            }
        })
        .collect()
}

/// Ids unique across the bundles of one file (the generator makes them unique within a
/// bundle only), every link following its target.
fn renumbered(mut bundles: Vec<OrganisationBundle>) -> Vec<OrganisationBundle> {
    let mut n = 0u128;
    for b in &mut bundles {
        let mut map: HashMap<Uuid, Uuid> = HashMap::new();
        let mut fresh = |old: Uuid| {
            n += 1;
            let new = Uuid::from_u128(0x6169_7064_0000_0000_0000_0000_0000_0000 | n);
            map.insert(old, new);
            new
        };
        b.organisation.id = fresh(b.organisation.id);
        b.processings.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.processor_activities.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.third_parties.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.measures.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.security_assessments.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.aipd_screenings.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.aipds.iter_mut().for_each(|r| r.id = fresh(r.id));
        b.breaches.iter_mut().for_each(|r| r.id = fresh(r.id));
        let to = |id: &mut Uuid| *id = map[id];
        for p in &mut b.processings {
            p.security.measures.iter_mut().for_each(to);
            p.recipients.iter_mut().filter_map(|r| r.third_party.as_mut()).for_each(to);
        }
        for a in &mut b.processor_activities {
            a.security.measures.iter_mut().for_each(to);
            a.sub_processors.iter_mut().for_each(to);
            a.clients.iter_mut().filter_map(|c| c.third_party.as_mut()).for_each(to);
        }
        b.aipd_screenings.iter_mut().for_each(|s| to(&mut s.processing));
        b.breaches.iter_mut().for_each(|br| br.processings.iter_mut().for_each(to));
        for a in &mut b.aipds {
            a.processings.iter_mut().for_each(to);
            a.previous_version.iter_mut().for_each(to);
            for m in &mut a.measures {
                if let MeasureOrigin::Measure { measure_id } = &mut m.origin {
                    to(measure_id);
                }
            }
        }
    }
    bundles
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
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Screenings and analyses (every status, versions, links to processings and
    /// measures) go into the store, out as JSON and into another dossier unchanged.
    #[test]
    fn random_dossiers_with_aipds_survive_the_store_and_json(seed in any::<u64>(), len in 512usize..8192) {
        let bundles = renumbered(random_bundles(seed, len));
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
        let parsed = json::parse(json::to_string(&exported).as_bytes()).unwrap();
        let (mut b, _) = env.create("b.greffier");
        json::import_into(&mut b, &parsed).unwrap();
        prop_assert_eq!(&json::export(&b).unwrap().organisations, &expected);
        // the workflow reads every stored analysis without panicking
        for bundle in &expected {
            let dash = dashboard(bundle);
            prop_assert!(dash.to_screen <= bundle.processings.len());
            for x in &bundle.aipds {
                prop_assert!(!versions(bundle, x.id).is_empty());
                prop_assert!(progress(x).percent <= 100);
            }
        }
    }
}

/// The generator does put screenings and analyses in the bundles the property test uses.
#[test]
fn random_dossiers_do_hold_screenings_and_analyses() {
    let mut with = (0, 0, 0);
    for seed in 0..40u64 {
        for b in renumbered(random_bundles(seed, 4096)) {
            with.0 += usize::from(!b.aipd_screenings.is_empty());
            with.1 += usize::from(!b.aipds.is_empty());
            with.2 += b.aipds.iter().filter(|a| a.previous_version.is_some() || !a.processings.is_empty()).count();
        }
    }
    assert!(with.0 > 15 && with.1 > 15 && with.2 > 10, "{with:?}");
}
