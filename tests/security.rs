//! The security checklist through the store and the documents: applicability that keeps
//! answers, scores (edge cases), history, the action plan with measures, garbage refused
//! through the autosave, the PDF report read back with pdftotext, the CSV parsed back, the
//! `greffier export security` command, and a new user's whole path.
//!
//! To look at the report: `GREFFIER_PDF_OUT=/some/dir cargo test --test security`.

mod support;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use greffier::documents::json;
use greffier::documents::security_pdf::{
    export_security, security_csv, security_pdf, SecurityFormat, SecurityReportOptions, PLAN_CSV_COLUMNS,
};
use greffier::model::{
    AnswerStatus, ItemAnswer, Measure, MeasureStatus, Organisation, OrganisationBundle, Priority, ProfileAnswer,
    ProfileKey, SecurityAssessment, SnapshotReason,
};
use greffier::security::assessment::{update_answer, update_dont, update_profile};
use greffier::security::guide::{guide, Guide, ItemKind};
use greffier::security::history::{progression, record_snapshot};
use greffier::security::plan::{action_plan, mark_done, ActionSource, ActionState, PlanFilter};
use greffier::security::{checklist, dashboard, scores, ItemStatus};
use greffier::store::StoreError;
use serde_json::{json as j, Value};
use support::Env;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 11, 23)
}

fn demo_bakery() -> OrganisationBundle {
    let organisations: Value = serde_json::from_str(greffier::cli::DEMO_JSON).unwrap();
    let file = j!({
        "format": json::FORMAT,
        "format_version": json::FORMAT_VERSION,
        "exported_at": "2026-11-23T10:00:00Z",
        "generator": "tests/security.rs",
        "dossier_id": "00000000-0000-4000-8000-0000000000aa",
        "organisations": organisations,
    });
    json::parse(file.to_string().as_bytes()).expect("the demo is a valid export").organisations.remove(0)
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{tool}` ({e}): install poppler-utils (apt-get install poppler-utils) to run these tests")
    });
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The text of a PDF (`pdftotext -raw`, whitespace collapsed) and its page count.
fn pdf_text(bytes: &[u8], name: &str) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Some(out) = std::env::var_os("GREFFIER_PDF_OUT") {
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(Path::new(&out).join(name), bytes).unwrap();
    }
    let p = path.to_str().unwrap();
    let text = run("pdftotext", &["-raw", p, "-"]);
    let info = run("pdfinfo", &[p]);
    let pages = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    (text.split_whitespace().collect::<Vec<_>>().join(" "), pages)
}

fn precaution_ids(g: &Guide, sheet: u8) -> Vec<String> {
    g.sheet(sheet).unwrap().items.iter().filter(|i| i.kind == ItemKind::Precaution).map(|i| i.id.clone()).collect()
}

// ------------------------------------------------------------------------- applicability

#[test]
fn changing_the_profile_keeps_the_answers() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    let org = d.save_organisation(Organisation::new("Boulangerie")).unwrap().id;
    assert!(d.security_assessment(org).unwrap().is_none());

    let mut ans = ItemAnswer::new("s10-p02", AnswerStatus::Partial);
    ans.comment = "Le site est en HTTPS, pas encore en TLS 1.3".into();
    ans.owner = "Claire".into();
    let up = update_answer(&mut d, org, ans.clone()).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    let g = guide();

    // « non » to the website question: the item becomes « Non applicable », with a reason
    let up = update_profile(&mut d, org, ProfileKey::Website, Some(false)).unwrap();
    assert!(up.saved);
    // one item of sheet 10 also concerns custom software: the sheet goes only once both are « non »
    let a = d.security_assessment(org).unwrap().unwrap();
    assert!(checklist(g, &a).sheets[9].applies);
    update_profile(&mut d, org, ProfileKey::SoftwareDev, Some(false)).unwrap();
    let a = d.security_assessment(org).unwrap().unwrap();
    let view = checklist(g, &a);
    let s10 = &view.sheets[9];
    assert!(!s10.applies);
    let item = s10.items.iter().find(|i| i.id == "s10-p02").unwrap();
    assert_eq!(item.status, ItemStatus::NotApplicable);
    assert_eq!(
        item.not_applicable.as_ref().unwrap().reason_fr,
        "Vous avez indiqué ne pas avoir de site web ni de service en ligne."
    );
    assert_eq!(item.answer.as_ref(), Some(&ans), "the answer is kept while hidden");
    assert_eq!(s10.score.per_mille, None);

    // back to « oui »: the answer is there again, as it was
    update_profile(&mut d, org, ProfileKey::Website, Some(true)).unwrap();
    let a = d.security_assessment(org).unwrap().unwrap();
    let item = checklist(g, &a).sheets[9].items.iter().find(|i| i.id == "s10-p02").unwrap().clone();
    assert_eq!(item.status, ItemStatus::Partial);
    assert_eq!(
        a.profile,
        [
            ProfileAnswer { key: ProfileKey::Website, answer: Some(true) },
            ProfileAnswer { key: ProfileKey::SoftwareDev, answer: Some(false) }
        ]
    );

    // every change is in the audit trail, under the assessment
    let audit = d.audit_for(a.id).unwrap();
    assert_eq!(audit.len(), 5, "created, answered, two profile « non », one « oui »");
    assert!(audit.iter().all(|e| e.kind == "security_assessment"));
    assert!(audit[2].changes.iter().any(|c| c.field.starts_with("/profile")), "{:?}", audit[2].changes);
}

#[test]
fn a_small_business_sees_a_short_list() {
    let g = guide();
    let mut a = SecurityAssessment::new();
    for k in ProfileKey::ALL {
        a.set_profile(*k, Some(false));
    }
    for k in [ProfileKey::Employees, ProfileKey::Premises, ProfileKey::Paper, ProfileKey::Cloud, ProfileKey::Processors]
    {
        a.set_profile(k, Some(true));
    }
    let small = scores(g, &a).overall.precautions.applicable;
    let everyone = scores(g, &SecurityAssessment::new()).overall.precautions.applicable;
    assert_eq!(everyone, 282);
    assert!(small < 200, "{small} precautions for a shop with staff, paper files and online tools");
    let view = checklist(g, &a);
    for n in [10, 11, 23, 24, 25] {
        assert!(!view.sheets[n - 1].applies, "sheet {n} should not apply");
    }
}

// ------------------------------------------------------------------------- scores

#[test]
fn scoring_edge_cases() {
    let g = guide();
    // empty assessment: everything applies and nothing is done → 0, not « no score »
    let empty = scores(g, &SecurityAssessment::new());
    assert_eq!(empty.overall.per_mille, Some(0));
    assert_eq!(empty.overall.precautions.unanswered, 282);
    // empty guide: nothing to score
    assert_eq!(scores(&Guide::default(), &SecurityAssessment::new()).overall.per_mille, None);

    // one sheet: partials count half, optional items are apart
    let mut a = SecurityAssessment::new();
    let ids = precaution_ids(g, 12);
    let n = ids.len() as u32;
    a.set_status(g, &ids[0], AnswerStatus::Done).unwrap();
    a.set_status(g, &ids[1], AnswerStatus::Partial).unwrap();
    a.set_status(g, &ids[2], AnswerStatus::Todo).unwrap();
    let optional: Vec<String> =
        g.sheet(12).unwrap().items.iter().filter(|i| i.kind == ItemKind::Optional).map(|i| i.id.clone()).collect();
    for o in &optional {
        a.set_status(g, o, AnswerStatus::Done).unwrap();
    }
    let s = scores(g, &a);
    let s12 = &s.sheet(12).unwrap().score;
    let expected = ((3 * 1000 + n) / (2 * n)) as u16; // (2 + 1) / 2n, rounded
    assert_eq!(s12.per_mille, Some(expected));
    assert_eq!((s12.precautions.done, s12.precautions.partial, s12.precautions.todo), (1, 1, 1));
    assert_eq!(s12.optional.done as usize, optional.len());
    assert_eq!(s12.optional_per_mille, Some(1000));
    assert_eq!(s.overall.precautions.done, 1, "optional items never enter the score");

    // all precautions of a sheet answered « Non applicable »: no score for it, nor change elsewhere
    let mut na = SecurityAssessment::new();
    for id in precaution_ids(g, 12) {
        let mut x = ItemAnswer::new(id, AnswerStatus::NotApplicable);
        x.na_reason = "Travail à domicile, pas de locaux".into();
        na.set_answer(g, x).unwrap();
    }
    let s = scores(g, &na);
    assert_eq!(s.sheet(12).unwrap().score.per_mille, None);
    assert_eq!(s.overall.precautions.applicable, 282 - n as u16);

    // everything non applicable (profile « non » everywhere, the rest answered N/A): no score at all
    let mut all_na = SecurityAssessment::new();
    for k in ProfileKey::ALL {
        all_na.set_profile(*k, Some(false));
    }
    for (_, item) in g.items() {
        let mut x = ItemAnswer::new(item.id.clone(), AnswerStatus::NotApplicable);
        x.na_reason = "Hors sujet".into();
        all_na.set_answer(g, x).unwrap();
    }
    let s = scores(g, &all_na);
    assert_eq!(s.overall.per_mille, None);
    assert!(s.chapters.iter().all(|c| c.score.per_mille.is_none()));
    assert_eq!(s.overall.precautions.not_applicable, 282);

    // everything done: exactly 1000; one partial left: below 1000
    let mut full = SecurityAssessment::new();
    for (_, item) in g.items() {
        full.set_status(g, &item.id, AnswerStatus::Done).unwrap();
    }
    assert_eq!(scores(g, &full).overall.per_mille, Some(1000));
    full.set_status(g, "s01-p01", AnswerStatus::Partial).unwrap();
    assert_eq!(scores(g, &full).overall.per_mille, Some(998)); // 563 / 564 = 998.2
    assert!(full.validate_is_empty());
}

trait ValidateIsEmpty {
    fn validate_is_empty(&self) -> bool;
}

impl ValidateIsEmpty for SecurityAssessment {
    fn validate_is_empty(&self) -> bool {
        greffier::model::Record::validate(self).is_empty()
    }
}

// ------------------------------------------------------------------------- history

#[test]
fn snapshots_on_validation_and_on_demand_show_progress() {
    let env = Env::new();
    let (mut d, path) = env.create("h.greffier");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap().id;
    let first = record_snapshot(&mut d, org, SnapshotReason::Validation, "Première évaluation").unwrap();
    assert_eq!(first.snapshots.len(), 1);
    assert_eq!(first.snapshots[0].overall, Some(0));
    for id in precaution_ids(guide(), 4) {
        update_answer(&mut d, org, ItemAnswer::new(id, AnswerStatus::Done)).unwrap();
    }
    let second = record_snapshot(&mut d, org, SnapshotReason::OnDemand, "").unwrap();
    assert_eq!(second.snapshots.len(), 2);
    assert_eq!(second.snapshots[0], first.snapshots[0], "the past is not rewritten");
    d.close().unwrap();

    let d = env.open(&path);
    let a = d.security_assessment(org).unwrap().unwrap();
    let p = progression(guide(), &a);
    assert_eq!(p.points.len(), 2);
    assert_eq!(p.points[0].reason, SnapshotReason::Validation);
    assert!(p.first_to_last.unwrap() > 0);
    let users = p.chapters.iter().find(|c| c.chapter == "utilisateurs").unwrap();
    assert!(users.values[1] > users.values[0]);
    let dash = dashboard(&d.bundle(org).unwrap(), today());
    assert_eq!(dash.last_snapshot_overall, a.snapshots[1].overall);
    assert!(dash.started);
}

// ------------------------------------------------------------------------- plan

#[test]
fn the_plan_joins_measures_flags_overdue_and_marks_done() {
    let env = Env::new();
    let (mut d, _) = env.create("p.greffier");
    let org = d.save_organisation(Organisation::new("Cabinet")).unwrap().id;
    let mut late = ItemAnswer::new("s17-p03", AnswerStatus::Todo);
    late.due_date = Some(day(2026, 6, 30));
    late.owner = "Claire".into();
    late.priority = Some(Priority::High);
    update_answer(&mut d, org, late).unwrap();
    update_answer(&mut d, org, ItemAnswer::new("s02-p01", AnswerStatus::Partial)).unwrap();
    update_answer(&mut d, org, ItemAnswer::new("s02-p02", AnswerStatus::Done)).unwrap();
    let mut m = Measure::new("Avenant de sous-traitance avec l'installateur vidéo");
    m.due_date = Some(day(2027, 1, 31));
    m.sheet = Some(14);
    let m = d.save(org, m).unwrap();
    let mut kept = Measure::new("Armoire fermée à clé");
    kept.status = MeasureStatus::InPlace;
    d.save(org, kept).unwrap();

    let b = d.bundle(org).unwrap();
    let plan = action_plan(guide(), b.security_assessments.first(), &b.measures, &b.aipds, today());
    assert_eq!(plan.actions.len(), 3);
    assert_eq!(plan.actions[0].source, ActionSource::SecurityItem { item_id: "s17-p03".into() });
    assert!(plan.actions[0].overdue);
    assert_eq!(plan.actions[0].days_late, Some(146));
    assert_eq!(plan.overdue, 1);
    assert_eq!(plan.actions[1].source, ActionSource::Measure { measure_id: m.id });
    assert_eq!(plan.actions[1].state, ActionState::Planned);
    assert_eq!(plan.filtered(&PlanFilter { overdue_only: true, ..Default::default() }).len(), 1);
    let dash = dashboard(&b, today());
    assert_eq!((dash.open_actions, dash.overdue_actions), (3, 1));

    // marking done from the plan sets the item's status, keeps the rest, and is audited
    mark_done(&mut d, org, &plan.actions[0].source, today()).unwrap();
    let a = d.security_assessment(org).unwrap().unwrap();
    let ans = a.answer("s17-p03").unwrap();
    assert_eq!(ans.status, AnswerStatus::Done);
    assert_eq!(ans.owner, "Claire");
    mark_done(&mut d, org, &plan.actions[1].source, today()).unwrap();
    assert_eq!(d.get::<Measure>(m.id).unwrap().status, MeasureStatus::InPlace);
    let b = d.bundle(org).unwrap();
    let plan = action_plan(guide(), b.security_assessments.first(), &b.measures, &b.aipds, today());
    assert_eq!(plan.actions.len(), 1);
    assert_eq!(plan.overdue, 0);

    // a measure of another organisation or an unknown one is refused
    let other = d.save_organisation(Organisation::new("Autre")).unwrap().id;
    let foreign = d.save(other, Measure::new("Ailleurs")).unwrap();
    let err = mark_done(&mut d, org, &ActionSource::Measure { measure_id: foreign.id }, today()).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(d.get::<Measure>(foreign.id).unwrap().status, MeasureStatus::Planned);
    assert!(mark_done(&mut d, org, &ActionSource::SecurityItem { item_id: "s99-p01".into() }, today()).is_err());
}

// ------------------------------------------------------------------------- garbage

#[test]
fn garbage_is_refused_and_kept_as_a_draft() {
    let env = Env::new();
    let (mut d, _) = env.create("g.greffier");
    let org = d.save_organisation(Organisation::new("Asso")).unwrap().id;
    let stored = d.ensure_security_assessment(org).unwrap();
    let base = serde_json::to_value(&stored).unwrap();
    let problems_of = |d: &mut greffier::store::Dossier, v: Value| {
        let up = d.update_record::<SecurityAssessment>(org, &v).unwrap();
        assert!(!up.saved);
        assert_eq!(up.record, stored, "the stored assessment is untouched");
        up.problems.into_iter().map(|p| (p.path, p.code)).collect::<Vec<_>>()
    };
    let with_answers = |answers: Value| {
        let mut v = base.clone();
        v["answers"] = answers;
        v
    };
    let p = problems_of(&mut d, with_answers(j!([{"item_id": "s42-p01", "status": "done"}])));
    assert_eq!(p, [("/answers/0/item_id".to_string(), "unknown_item".to_string())]);
    let p = problems_of(&mut d, with_answers(j!([{"item_id": "s05-p01", "status": "not_applicable"}])));
    assert_eq!(p, [("/answers/0/na_reason".to_string(), "na_reason_required".to_string())]);
    let p = problems_of(&mut d, with_answers(j!([{"item_id": "s05-p01", "status": "todo", "due_date": "2026-02-30"}])));
    assert_eq!(p[0].0, "/answers/0/due_date");
    assert_eq!(p[0].1, "unreadable");
    let p = problems_of(&mut d, with_answers(j!([{"item_id": "s05-p01", "status": "peut-être"}])));
    assert_eq!(p[0].0, "/answers/0/status");
    let p = problems_of(&mut d, with_answers(j!("pas une liste")));
    assert_eq!(p[0].0, "/answers");
    let mut v = base.clone();
    v["donts_present"] = j!(["s01-x01", "s01-p01"]);
    assert_eq!(problems_of(&mut d, v), [("/donts_present/1".to_string(), "unknown_dont".to_string())]);
    let mut v = base.clone();
    v["profile"] = j!([{"key": "jetpack", "answer": true}]);
    assert_eq!(problems_of(&mut d, v)[0].0, "/profile/0/key");

    // the last invalid value is kept as the draft, with its problems
    let (draft, problems) = d.record_draft::<SecurityAssessment>(stored.id).unwrap().unwrap();
    assert_eq!(draft["profile"][0]["key"], "jetpack");
    assert!(!problems.is_empty());
    assert_eq!(d.audit_for(stored.id).unwrap().len(), 1, "only the creation is audited");

    // a valid value saves and clears the draft
    let good =
        with_answers(j!([{"item_id": "s05-p01", "status": "not_applicable", "na_reason": "Une seule personne"}]));
    let up = d.update_record::<SecurityAssessment>(org, &good).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert!(d.record_draft::<SecurityAssessment>(stored.id).unwrap().is_none());

    // an unknown id through the helpers changes nothing
    let err = update_answer(&mut d, org, ItemAnswer::new("s05-p99", AnswerStatus::Done)).unwrap_err();
    match err {
        StoreError::Invalid(p) => assert_eq!(p[0].code, "unknown_item"),
        other => panic!("{other:?}"),
    }
    assert!(update_dont(&mut d, org, "s05-x99", true).is_err());
    assert!(update_dont(&mut d, org, "s05-x01", true).unwrap().saved);

    // a « Non applicable » whose reason is still to type stays a draft; later edits go on
    // top of it, and all is stored once the reason is there
    let up = update_answer(&mut d, org, ItemAnswer::new("s06-p01", AnswerStatus::NotApplicable)).unwrap();
    assert!(!up.saved);
    assert_eq!(up.problems[0].code, "na_reason_required");
    let up = update_answer(&mut d, org, ItemAnswer::new("s06-p02", AnswerStatus::Done)).unwrap();
    assert!(!up.saved, "the pending answer is not lost");
    let mut na = ItemAnswer::new("s06-p01", AnswerStatus::NotApplicable);
    na.na_reason = "Pas de poste fixe, seulement une caisse enregistreuse".into();
    let up = update_answer(&mut d, org, na).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(up.record.answer("s06-p02").unwrap().status, AnswerStatus::Done);
    assert!(up.record.answer("s06-p01").is_some());

    // one assessment per organisation
    let err = d.save(org, SecurityAssessment::new()).unwrap_err();
    match err {
        StoreError::Invalid(p) => assert_eq!(p[0].code, "one_per_organisation", "{p:?}"),
        other => panic!("{other:?}"),
    }
    let mut two = d.bundle(org).unwrap();
    two.organisation = Organisation::new("Copie");
    two.security_assessments[0].id = uuid::Uuid::new_v4();
    two.security_assessments.push(SecurityAssessment::new());
    let codes: Vec<String> = two.validate().into_iter().map(|p| p.code).collect();
    assert_eq!(codes, ["one_per_organisation"]);
    assert!(d.insert_bundles(&[two], &[]).is_err());
    assert!(d.check().unwrap().is_ok());
}

// ------------------------------------------------------------------------- documents

#[test]
fn the_demo_report_reads_back() {
    let b = demo_bakery();
    let a = b.security_assessments.first().expect("the demo bakery has an assessment");
    // the last validation of the demo matches its answers
    let s = scores(guide(), a);
    let last = a.snapshots.last().unwrap();
    assert_eq!(last.overall, s.overall.per_mille);
    assert_eq!(
        (last.applicable, last.done, last.partial),
        (s.overall.precautions.applicable, s.overall.precautions.done, s.overall.precautions.partial)
    );

    let opts = SecurityReportOptions { generated_on: today(), version_label: "Version du 23/11/2026".into() };
    let bytes = security_pdf(&b, &opts).unwrap();
    let (text, pages) = pdf_text(&bytes, "securite-boulangerie.pdf");
    assert!(pages >= 8, "{pages} pages");
    for want in [
        "Évaluation de la sécurité des données personnelles",
        "Boulangerie Martin",
        "Rapport édité le 23/11/2026",
        "Score global",
        &greffier::security::score::percent_fr(s.overall.per_mille).replace('\u{a0}', " "),
        "Score par chapitre",
        "Les utilisateurs",
        "Se préparer à un incident",
        "Progression",
        "Revue annuelle.",
        "Profil de l'organisme",
        "Avez-vous un site web ou un service en ligne",
        "Scores par fiche",
        "Pratiques à éviter constatées",
        "Attention — fiche 4 « Authentifier les utilisateurs »",
        "Plan d'action",
        "EN RETARD",
        "Fiche 17 — Sauvegarder",
        "Restauration testée le 02/10/2026",
        "Pas d'ordinateur portable",
        "Fiche 24 — Intelligence artificielle : conception et apprentissage",
        "Vous avez indiqué ne pas concevoir, entraîner ni intégrer de système d'intelligence artificielle.",
        "Page 1 /",
    ] {
        assert!(text.contains(want), "missing {want:?} in the report");
    }
    // the chart writes every chapter's value (never shades alone)
    for c in &s.chapters {
        let v = greffier::security::score::percent_fr(c.score.per_mille).replace('\u{a0}', " ");
        assert!(text.contains(&format!("{} ", c.title_fr)) && text.contains(&v), "{} {v}", c.title_fr);
    }
    assert!(text.contains("0 % 25 % 50 % 75 % 100 %"), "chart scale");
}

#[test]
fn the_plan_csv_parses_back() {
    let b = demo_bakery();
    let bytes = security_csv(&b, today()).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.contains("\r\n"));
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, PLAN_CSV_COLUMNS.iter().map(|(h, _)| h.to_string()).collect::<Vec<_>>());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let plan = action_plan(guide(), b.security_assessments.first(), &b.measures, &b.aipds, today());
    assert_eq!(rows.len(), plan.actions.len());
    assert!(rows.len() > 10);
    let first = &rows[0];
    assert_eq!(&first[8], "Oui", "overdue first");
    assert!(first[9].parse::<u32>().unwrap() > 0);
    assert!(rows.iter().any(|r| &r[0] == "measure" && r[3].contains("Double authentification")));
    assert!(rows.iter().any(|r| &r[1] == "s17-p03" && &r[5] == "Haute" && &r[6] == "Claire Martin"));
    assert!(rows.iter().all(|r| r[7].is_empty() || r[7].len() == 10 && r[7].as_bytes()[2] == b'/'));
    // the same through the shared entry point
    let opts = SecurityReportOptions { generated_on: today(), version_label: String::new() };
    assert_eq!(export_security(&b, SecurityFormat::Csv, &opts).unwrap(), bytes);
}

// ------------------------------------------------------------------------- a new user

#[test]
fn a_new_user_answers_the_profile_ticks_items_and_exports_the_report() {
    let env = Env::new();
    let (mut d, _) = env.create("nouveau.greffier");
    let org = d.save_organisation(Organisation::new("Fleuriste Dupont")).unwrap().id;
    let g = guide();
    // the profile: a shop with two employees, paper invoices, online accounting
    for (k, v) in [
        (ProfileKey::Employees, true),
        (ProfileKey::Premises, true),
        (ProfileKey::Paper, true),
        (ProfileKey::Cloud, true),
        (ProfileKey::Processors, true),
        (ProfileKey::Website, false),
        (ProfileKey::SoftwareDev, false),
        (ProfileKey::MobileApps, false),
        (ProfileKey::Ai, false),
        (ProfileKey::Apis, false),
        (ProfileKey::OwnServers, false),
        (ProfileKey::ServerRoom, false),
        (ProfileKey::Fax, false),
    ] {
        assert!(update_profile(&mut d, org, k, Some(v)).unwrap().saved);
    }
    // ticks: authentication done, backups partly
    for id in precaution_ids(g, 4).into_iter().take(5) {
        update_answer(&mut d, org, ItemAnswer::new(id, AnswerStatus::Done)).unwrap();
    }
    let mut backup = ItemAnswer::new("s17-p01", AnswerStatus::Partial);
    backup.evidence = "Sauvegarde sur clé USB le vendredi".into();
    backup.owner = "M. Dupont".into();
    backup.due_date = Some(day(2027, 1, 15));
    update_answer(&mut d, org, backup).unwrap();
    record_snapshot(&mut d, org, SnapshotReason::Validation, "").unwrap();

    let b = d.bundle(org).unwrap();
    let a = b.security_assessments.first().unwrap();
    let s = scores(g, a);
    assert!(s.overall.per_mille.unwrap() > 0);
    assert_eq!(s.overall.precautions.done, 5);
    assert_eq!(s.overall.precautions.partial, 1);
    assert!(!s.sheet(10).unwrap().applies);

    let opts = SecurityReportOptions { generated_on: today(), version_label: String::new() };
    let bytes = export_security(&b, SecurityFormat::Pdf, &opts).unwrap();
    let (text, _) = pdf_text(&bytes, "securite-fleuriste.pdf");
    let overall = greffier::security::score::percent_fr(s.overall.per_mille).replace('\u{a0}', " ");
    assert!(text.contains(&format!("Score global {overall}")), "{overall}");
    assert!(text.contains("Fleuriste Dupont"));
    assert!(text.contains("Sauvegarde sur clé USB le vendredi"));
    assert!(text.contains("Aucune pratique « à ne pas faire » du guide n'a été déclarée."));
    assert!(
        text.contains("Fiche 10 — Sécuriser les sites web Non applicable. Vous avez indiqué ne pas avoir de site web")
    );
}

// ------------------------------------------------------------------------- CLI

#[test]
fn cli_exports_security() {
    let dir = tempfile::tempdir().unwrap();
    let cmd = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_greffier"));
        c.current_dir(dir.path())
            .env("GREFFIER_PASSPHRASE", support::PASS)
            .env("GREFFIER_DATA_DIR", dir.path().join("data"))
            .env("GREFFIER_USER", "Testeur")
            .env_remove("GREFFIER_LANG");
        c
    };
    let run = |args: &[&str]| cmd().args(args).output().unwrap();
    let demo = run(&["demo", "demo.greffier"]);
    assert!(demo.status.success(), "{}", String::from_utf8_lossy(&demo.stderr));

    let out =
        run(&["export", "security", "demo.greffier", "--format", "pdf", "-o", "s.pdf", "--org", "Boulangerie Martin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Rapport de sécurité écrit"));
    let bytes = std::fs::read(dir.path().join("s.pdf")).unwrap();
    let (text, _) = pdf_text(&bytes, "cli.pdf");
    assert!(text.contains("Boulangerie Martin") && text.contains("Plan d'action"));

    // CSV on standard output
    let out = run(&["export", "security", "demo.greffier", "--format", "csv", "--org", "boulangerie martin"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with("\u{feff}Origine;".as_bytes()));

    // the commune has no assessment: a warning, an empty-based report
    let out =
        run(&["export", "security", "demo.greffier", "--format", "csv", "--org", "Commune de Saint-Aubin-sur-Gard"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("pas encore d'évaluation"), "{stderr}");
    assert!(out.stdout.starts_with("\u{feff}Origine;".as_bytes()));

    // usage errors: exit 2, nothing written
    for (args, needle) in [
        (vec!["export", "security", "demo.greffier", "--format", "pdf", "-o", "x.pdf"], "--org"),
        (vec!["export", "security", "demo.greffier", "--format", "docx", "--org", "Boulangerie Martin"], "docx"),
        (vec!["export", "security", "demo.greffier", "--org", "Boulangerie Martin"], "--format"),
        (vec!["export", "security", "demo.greffier", "--format", "pdf", "--org", "Boulangerie Martin"], "-o"),
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
    assert!(!dir.path().join("x.pdf").exists());
    // an existing file is never overwritten
    let out =
        run(&["export", "security", "demo.greffier", "--format", "pdf", "-o", "s.pdf", "--org", "Boulangerie Martin"]);
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stderr));
    // English messages
    let out = cmd().args(["--lang", "en", "export", "security", "demo.greffier", "--format", "odt"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format"));
}
