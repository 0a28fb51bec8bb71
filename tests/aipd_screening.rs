//! The AIPD screening (« Dois-je faire une AIPD ? »): the CNIL decision flow, the register's
//! suggestions on the demo dossier, the pre-filled analysis and the measures to pick from,
//! and saving a screening in a real dossier (one per processing, drafts, garbage input).

mod support;

use greffier::aipd::prefill::{measure_choices, prefill};
use greffier::aipd::screening::{
    overview, save_screening, state_of, suggestions, verdict, view, ScreeningOutcome, ScreeningState,
};
use greffier::model::{
    Aipd, AipdCriterion, AipdScreening, AipdStatus, AnswerStatus, Art35Case, ContextKey, CriterionAnswer,
    MeasureOrigin, MeasurePhase, OrganisationBundle, PrincipleKey, Processing, Record, ScreeningConclusion,
};
use greffier::store::StoreError;
use serde_json::{json, Value};
use uuid::Uuid;

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo.json parses")
}

fn bakery() -> OrganisationBundle {
    demo().remove(0)
}

fn commune() -> OrganisationBundle {
    demo().remove(1)
}

/// A demo organisation as if nothing had been screened or analysed yet.
fn fresh(mut b: OrganisationBundle) -> OrganisationBundle {
    b.aipd_screenings.clear();
    b.aipds.clear();
    b
}

fn processing<'a>(b: &'a OrganisationBundle, name: &str) -> &'a Processing {
    b.processings.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no processing « {name} »"))
}

fn answer(c: AipdCriterion, met: bool) -> CriterionAnswer {
    CriterionAnswer { criterion: c, met, comment: String::new() }
}

fn screening() -> AipdScreening {
    AipdScreening::new(Uuid::new_v4())
}

// ------------------------------------------------------------------- the flow

#[test]
fn nothing_answered_is_undecided() {
    let v = verdict(&screening());
    assert_eq!(v.outcome, ScreeningOutcome::Undecided);
    assert_eq!(v.required, None);
    assert_eq!(v.criteria_met, 0);
    assert_eq!(v.unanswered.len(), 9);
    assert!(v.reasons_fr.is_empty());
    assert!(v.note_fr.contains("Répondez"), "{}", v.note_fr);
    assert!(!v.note_en.is_empty());
}

#[test]
fn no_criterion_met_is_not_required_and_keeps_the_reasoning() {
    let mut s = screening();
    s.criteria = AipdCriterion::ALL.iter().map(|&c| answer(c, false)).collect();
    let v = verdict(&s);
    assert_eq!((v.outcome, v.required), (ScreeningOutcome::NoCriterion, Some(false)));
    assert!(v.unanswered.is_empty());
    assert_eq!(v.reasons_fr, ["Aucun des 9 critères examinés n'est rempli."]);
    assert!(v.note_fr.contains("Gardez cette analyse"), "{}", v.note_fr);
    // a partial answer says what is left
    s.criteria.truncate(3);
    let v = verdict(&s);
    assert_eq!(v.outcome, ScreeningOutcome::NoCriterion);
    assert_eq!(v.unanswered.len(), 6);
    assert!(v.note_fr.contains("6 critères restent sans réponse"), "{}", v.note_fr);
}

#[test]
fn one_criterion_leaves_the_judgement_to_the_user() {
    let mut s = screening();
    s.criteria.push(answer(AipdCriterion::Vulnerable, true));
    s.criteria.push(answer(AipdCriterion::LargeScale, false));
    let v = verdict(&s);
    assert_eq!((v.outcome, v.required, v.criteria_met), (ScreeningOutcome::OneCriterion, None, 1));
    assert!(v.note_fr.contains("un seul critère peut suffire"), "{}", v.note_fr);
    assert!(v.reasons_fr.iter().any(|r| r.contains("n° 7")), "{:?}", v.reasons_fr);
    // either conclusion is the user's call: no agreement verdict, no justification demanded
    s.conclusion = Some(ScreeningConclusion::NotRequired);
    let v = verdict(&s);
    assert_eq!((v.conclusion_agrees, v.needs_justification), (None, false));
}

#[test]
fn two_criteria_require_and_ruling_out_needs_justification() {
    let mut s = screening();
    s.criteria.push(answer(AipdCriterion::SystematicMonitoring, true));
    s.criteria.push(answer(AipdCriterion::LargeScale, true));
    // the same criterion answered twice counts once
    s.criteria.push(answer(AipdCriterion::LargeScale, true));
    let v = verdict(&s);
    assert_eq!((v.outcome, v.required, v.criteria_met), (ScreeningOutcome::RequiredByCriteria, Some(true), 2));
    assert!(v.reasons_fr.iter().any(|r| r.contains("2 critères") && r.contains("n° 3") && r.contains("n° 5")));
    assert!(!v.needs_justification);
    s.conclusion = Some(ScreeningConclusion::NotRequired);
    let v = verdict(&s);
    assert!(v.needs_justification);
    assert_eq!(v.conclusion_agrees, Some(false));
    assert!(v.note_fr.contains("avis du délégué"), "{}", v.note_fr);
    s.justification = "Caméras filmant seulement la caisse, images gardées 48 heures.".into();
    s.dpo_view = "Favorable sous réserve de l'affichage.".into();
    let v = verdict(&s);
    assert!(v.needs_justification, "still flagged: the record's validate checks the texts");
    assert!(v.note_fr.contains("conservez-les"), "{}", v.note_fr);
    s.conclusion = Some(ScreeningConclusion::Required);
    let v = verdict(&s);
    assert_eq!((v.needs_justification, v.conclusion_agrees), (false, Some(true)));
}

#[test]
fn not_required_list_wins_over_criteria() {
    let mut s = screening();
    s.not_required_type = Some("nr-03".into());
    s.criteria.push(answer(AipdCriterion::LargeScale, true));
    s.criteria.push(answer(AipdCriterion::SensitiveData, true));
    let v = verdict(&s);
    assert_eq!((v.outcome, v.required), (ScreeningOutcome::NotRequiredByList, Some(false)));
    assert!(v.reasons_fr[0].contains("type n° 3") && v.reasons_fr[0].contains("2019-118"), "{:?}", v.reasons_fr);
    assert!(v.reasons_en[0].contains("type no. 3"), "{:?}", v.reasons_en);
    // the criteria stay in the reasoning
    assert!(v.reasons_fr.iter().any(|r| r.contains("2 critères")));
    // nr-11 is known from memory: the verdict says so
    s.not_required_type = Some("nr-11".into());
    assert!(verdict(&s).reasons_fr.iter().any(|r| r.contains("à vérifier")));
}

#[test]
fn required_list_and_art35_take_precedence_over_the_not_required_list() {
    let mut s = screening();
    s.not_required_type = Some("nr-10".into());
    s.required_type = Some("r-11".into());
    let v = verdict(&s);
    assert_eq!((v.outcome, v.required), (ScreeningOutcome::RequiredByList, Some(true)));
    assert!(v.reasons_fr[0].contains("type n° 10") && v.reasons_fr[0].contains("type n° 11"), "{:?}", v.reasons_fr);
    assert!(v.reasons_fr[0].contains("l'emporte"));
    assert!(v.reasons_fr[1].contains("2018-327"));

    let mut s = screening();
    s.not_required_type = Some("nr-01".into());
    s.art35_cases = vec![Art35Case::AutomatedEvaluation, Art35Case::AutomatedEvaluation];
    let v = verdict(&s);
    assert_eq!(v.outcome, ScreeningOutcome::RequiredArt35);
    assert!(v.reasons_fr[0].contains("article 35(3)"), "{:?}", v.reasons_fr);
    assert_eq!(v.reasons_fr.iter().filter(|r| r.starts_with("Cas de l'article 35(3)")).count(), 1, "case counted once");

    // required list alone; concluding « non requise » contradicts it
    let mut s = screening();
    s.required_type = Some("r-06".into());
    s.conclusion = Some(ScreeningConclusion::NotRequired);
    let v = verdict(&s);
    assert_eq!(v.outcome, ScreeningOutcome::RequiredByList);
    assert_eq!((v.conclusion_agrees, v.needs_justification), (Some(false), false));
    assert!(v.note_fr.contains("contredit"), "{}", v.note_fr);
}

#[test]
fn unknown_or_crossed_list_ids_are_ignored_with_a_reason() {
    let mut s = screening();
    s.not_required_type = Some("r-13".into()); // an id of the other list
    s.required_type = Some("r-99".into());
    let v = verdict(&s);
    assert_eq!(v.outcome, ScreeningOutcome::Undecided);
    assert_eq!(v.reasons_fr.len(), 2, "{:?}", v.reasons_fr);
    assert!(v.reasons_fr[0].contains("« r-13 »") && v.reasons_fr[1].contains("« r-99 »"));
    s.not_required_type = Some("   ".into());
    s.required_type = None;
    assert!(verdict(&s).reasons_fr.is_empty(), "blank ids are no answer");
}

// ------------------------------------------------------------------- the demo dossier

#[test]
fn commune_video_protection_is_required() {
    // as stored in the demo dossier
    let demo = commune();
    let p = processing(&demo, "Vidéoprotection de la voie publique");
    let stored = view(&demo, p.id).expect("view");
    if stored.stored {
        assert_eq!(stored.verdict.required, Some(true), "{:?}", stored.verdict);
    }
    // screened for the first time, from the register alone
    let b = fresh(commune());
    let p = processing(&b, "Vidéoprotection de la voie publique");
    let v = view(&b, p.id).expect("view");
    assert!(!v.stored);
    assert_eq!(v.processing_name, "Vidéoprotection de la voie publique");
    let detected: Vec<AipdCriterion> = v.detected.iter().map(|h| h.criterion).collect();
    assert!(detected.contains(&AipdCriterion::SystematicMonitoring), "{detected:?}");
    assert!(detected.contains(&AipdCriterion::LargeScale), "{detected:?}");
    assert_eq!(v.suggested_art35, [Art35Case::PublicAreaMonitoring]);
    // pre-ticked from the register, with the reason as comment
    assert_eq!(v.screening.criteria.len(), v.detected.len());
    assert!(v.screening.criteria.iter().all(|c| c.met && !c.comment.is_empty()));
    assert_eq!(v.screening.processing, p.id);
    assert_eq!(v.verdict.required, Some(true));
    assert_eq!(v.verdict.outcome, ScreeningOutcome::RequiredArt35);
    assert!(v.verdict.criteria_met >= 2);
    // without the Art. 35(3) case, the criteria alone require it
    let mut s = v.screening.clone();
    s.art35_cases.clear();
    assert_eq!(verdict(&s).outcome, ScreeningOutcome::RequiredByCriteria);
}

#[test]
fn electoral_rolls_suggest_the_not_required_type_3() {
    let b = fresh(commune());
    let p = processing(&b, "Listes électorales");
    let v = view(&b, p.id).unwrap();
    assert_eq!(v.suggested_not_required, ["nr-03"]);
    assert!(v.suggested_required.is_empty());
    assert_eq!(v.screening.not_required_type.as_deref(), Some("nr-03"));
    assert_eq!(v.verdict.outcome, ScreeningOutcome::NotRequiredByList);
    // nr-03 is for a commune's file: a private body's « électeurs » do not match it
    let mut b2 = b.clone();
    b2.organisation.public_body = false;
    let (nr, _, _) = suggestions(processing(&b2, "Listes électorales"), &b2.organisation);
    assert!(!nr.contains(&"nr-03".to_string()), "{nr:?}");
}

/// The screenings stored in the demo dossier use known list types and agree with the flow.
#[test]
fn demo_screenings_agree_with_the_flow() {
    for b in demo() {
        for s in &b.aipd_screenings {
            let v = view(&b, s.processing).expect("screened processing exists");
            assert!(v.stored);
            assert!(!v.verdict.reasons_fr.iter().any(|r| r.contains("n'existe pas")), "{:?}", v.verdict.reasons_fr);
            // disagreeing is only allowed against the rule of two, justified and with the DPO's view
            if v.verdict.conclusion_agrees == Some(false) {
                assert!(v.verdict.needs_justification, "{}: {:?}", v.processing_name, v.verdict);
                assert!(!s.justification.trim().is_empty() && !s.dpo_view.trim().is_empty());
                assert!(v.verdict.note_fr.contains("conservez-les"), "{}", v.verdict.note_fr);
            }
            if v.processing_name == "Vidéoprotection de la voie publique" {
                assert_eq!(v.verdict.required, Some(true));
            }
            if v.processing_name == "Listes électorales" {
                assert_eq!(v.verdict.outcome, ScreeningOutcome::NotRequiredByList);
            }
        }
    }
}

#[test]
fn suggestions_on_the_demo_register() {
    let c = commune();
    let s = |b: &OrganisationBundle, name: &str| suggestions(processing(b, name), &b.organisation);
    let (nr, r, _) = s(&c, "Restauration scolaire et accueil périscolaire");
    assert_eq!((nr, r), (vec!["nr-10".to_string()], vec![]));
    let (_, r, _) = s(&c, "CCAS – aides sociales facultatives");
    assert_eq!(r, ["r-13"]);
    // the commune's HR entry mentions « évaluation » (criterion 1): type 1 excludes profiling,
    // so it is not suggested; without that word it is
    let (nr, _, _) = s(&c, "Gestion des ressources humaines");
    assert!(nr.is_empty(), "{nr:?}");
    let mut c2 = c.clone();
    let hr = c2.processings.iter_mut().find(|p| p.name == "Gestion des ressources humaines").unwrap();
    for x in &mut hr.purposes {
        x.description = x.description.replace(", évaluation", "");
    }
    let (nr, _, _) = s(&c2, "Gestion des ressources humaines");
    assert_eq!(nr, ["nr-01"], "a commune of 50 to 249 agents, no profiling");
    let (nr, r, art35) = s(&c, "État civil");
    assert!(nr.is_empty() && r.is_empty() && art35.is_empty());

    let b = bakery();
    let (nr, _, _) = s(&b, "Gestion des fournisseurs");
    assert_eq!(nr, ["nr-02"]);
    let (nr, _, _) = s(&b, "Gestion de la paie");
    assert_eq!(nr, ["nr-01"]);
    let (nr, r, art35) = s(&b, "Clients et carte de fidélité");
    assert!(nr.is_empty() && r.is_empty() && art35.is_empty(), "customers are on neither list");
    let (_, _, art35) = s(&b, "Vidéosurveillance du magasin");
    assert!(art35.is_empty(), "a shop's cameras are not large scale");

    // 250 people or more: the HR exemption does not apply
    let mut big = b.clone();
    big.organisation.headcount = Some(greffier::model::HeadcountBand::From250);
    let (nr, _, _) = s(&big, "Gestion de la paie");
    assert!(nr.is_empty(), "{nr:?}");
}

#[test]
fn suggestion_rules_on_made_up_entries() {
    use greffier::model::{DataCategory, DataCategoryEntry, FinalDisposal, Purpose};
    let org = commune().organisation;
    let mut p = Processing::new("Dispositif d'alerte professionnelle");
    assert_eq!(suggestions(&p, &org).1, ["r-06"]);
    p.name = "Attribution des logements sociaux".into();
    assert_eq!(suggestions(&p, &org).1, ["r-12"]);
    // large-scale location data: the category triggers, the scale is required
    p.name = "Suivi des bus".into();
    p.data_categories.push(DataCategoryEntry {
        category: DataCategory::Location,
        description: String::new(),
        retention: None,
        final_disposal: FinalDisposal::Destruction,
    });
    assert!(!suggestions(&p, &org).1.contains(&"r-14".to_string()));
    p.large_scale = true;
    assert!(suggestions(&p, &org).1.contains(&"r-14".to_string()));
    // keywords only match at the start of a word
    let mut q = Processing::new("Approvisionnement");
    q.purposes.push(Purpose { description: "Recse des bons".into(), ..Purpose::default() });
    assert_eq!(suggestions(&q, &org), (vec![], vec![], vec![]));
    // members of a non-profit body: type 5, unless sensitive data are kept
    let mut club = greffier::model::Organisation::new("Club de randonnée");
    let mut members = Processing::new("Fichier des adhérents");
    assert!(suggestions(&members, &club).0.is_empty(), "not known to be a non-profit body");
    club.legal_form = "Association loi 1901".into();
    assert_eq!(suggestions(&members, &club).0, ["nr-05"]);
    club.legal_form.clear();
    club.naf = Some("94.99Z".into());
    assert_eq!(suggestions(&members, &club).0, ["nr-05"]);
    members.sensitive_data.push(greffier::model::SensitiveData {
        category: greffier::model::SpecialCategory::Health,
        exception: None,
        description: "Certificat médical".into(),
        retention: None,
    });
    assert!(suggestions(&members, &club).0.is_empty());
    // an empty entry suggests nothing and does not panic
    assert_eq!(suggestions(&Processing::new(""), &org), (vec![], vec![], vec![]));
}

#[test]
fn stored_screening_is_returned_untouched() {
    let mut b = fresh(commune());
    let p = processing(&b, "Vidéoprotection de la voie publique").clone();
    let mut s = AipdScreening::new(p.id);
    s.criteria.push(answer(AipdCriterion::Innovative, true));
    s.conclusion = Some(ScreeningConclusion::NotRequired);
    b.aipd_screenings.push(s.clone());
    let v = view(&b, p.id).unwrap();
    assert!(v.stored);
    assert_eq!(v.screening, s, "not re-filled from the register");
    assert!(v.detected.len() >= 2, "detections alongside");
    assert_eq!(v.verdict.outcome, ScreeningOutcome::OneCriterion);
    assert!(view(&b, Uuid::new_v4()).is_none());
}

#[test]
fn overview_lists_processings_with_their_state_and_live_analyses() {
    let mut b = fresh(commune());
    let rows = overview(&b);
    assert_eq!(rows.len(), b.processings.iter().filter(|p| !p.archived).count());
    assert!(rows.iter().all(|r| r.state == ScreeningState::NotScreened && r.aipds.is_empty()));
    let video = processing(&b, "Vidéoprotection de la voie publique").id;
    let rolls = processing(&b, "Listes électorales").id;
    let hr = processing(&b, "Gestion des ressources humaines").id;

    let mut s = AipdScreening::new(video);
    s.criteria.push(answer(AipdCriterion::LargeScale, true));
    s.criteria.push(answer(AipdCriterion::SystematicMonitoring, true));
    b.aipd_screenings.push(s); // no conclusion: the flow decides
    let mut s = AipdScreening::new(rolls);
    s.required_type = Some("r-06".into());
    s.conclusion = Some(ScreeningConclusion::NotRequired); // the user's conclusion first
    b.aipd_screenings.push(s);
    b.aipd_screenings.push(AipdScreening::new(hr));
    let mut live = Aipd::new("AIPD vidéoprotection");
    live.processings.push(video);
    let mut old = Aipd::new("Ancienne version");
    old.processings.push(video);
    old.status = AipdStatus::Archived;
    b.aipds.extend([live.clone(), old]);
    let archived = b.processings.iter().position(|p| p.name == "État civil").unwrap();
    b.processings[archived].archived = true;

    let rows = overview(&b);
    assert_eq!(rows.len(), b.processings.len() - 1, "archived entries are left out");
    assert!(rows.iter().all(|r| r.processing_name != "État civil"));
    let row = |id: Uuid| rows.iter().find(|r| r.processing_id == id).unwrap();
    assert_eq!(row(video).state, ScreeningState::Required);
    assert_eq!(row(video).aipds.len(), 1);
    assert_eq!((row(video).aipds[0].id, row(video).aipds[0].version), (live.id, 1));
    assert!(row(video).criteria_detected >= 2);
    assert!(row(video).screening_id.is_some());
    assert_eq!(row(rolls).state, ScreeningState::NotRequired);
    assert_eq!(row(hr).state, ScreeningState::Undecided);
    assert_eq!(state_of(None), ScreeningState::NotScreened);
    assert_eq!(serde_json::to_value(ScreeningState::NotScreened).unwrap(), "not_screened");
    assert_eq!(serde_json::to_value(ScreeningOutcome::RequiredArt35).unwrap(), "required_art35");
}

// ------------------------------------------------------------------- prefill

#[test]
fn prefill_writes_the_video_protection_analysis_from_the_register() {
    let mut b = fresh(commune());
    let p = processing(&b, "Vidéoprotection de la voie publique").clone();
    let a = prefill(&b, &[p.id], "AIPD – vidéoprotection");
    assert_eq!(a.title, "AIPD – vidéoprotection");
    assert_eq!(a.status, AipdStatus::InProgress);
    assert_eq!(a.processings, [p.id]);
    assert_eq!(a.risks.len(), 3, "the three feared events");
    // every context question answered, each with facts of the register entry
    let facts: [(ContextKey, &[&str]); 6] = [
        (ContextKey::Overview, &["Vidéoprotection de la voie publique", "Protéger les bâtiments publics", "SASG-06"]),
        (
            ContextKey::Responsibilities,
            &["Commune de Saint-Aubin-sur-Gard", "Alain Roussel", "Sophie Lambert", "Mainteneur du système"],
        ),
        (ContextKey::Standards, &["Code de la sécurité intérieure", "fiche 16"]),
        (ContextKey::Data, &["Images des personnes", "15 jours", "Gendarmerie nationale"]),
        (ContextKey::LifeCycle, &["Captées par les caméras", "Enregistrement continu", "destruction"]),
        (ContextKey::Supports, &["14 caméras", "documents papier", "Poste de visionnage"]),
    ];
    assert_eq!(a.context.answers.len(), ContextKey::ALL.len());
    for (key, words) in facts {
        let text = a.context_answer(key);
        for w in words {
            assert!(text.contains(w), "{key:?} lacks « {w} »:\n{text}");
        }
    }
    // principles: every one answered; consent and transfers do not apply
    assert_eq!(a.principles.len(), PrincipleKey::ALL.len());
    for pr in &a.principles {
        assert!(!pr.text.trim().is_empty(), "{:?}", pr.key);
    }
    let pr = |k: PrincipleKey| a.principle(k).unwrap();
    assert!(pr(PrincipleKey::Consent).not_applicable);
    assert!(pr(PrincipleKey::Transfers).not_applicable);
    assert!(!pr(PrincipleKey::LegalBasis).not_applicable);
    assert!(pr(PrincipleKey::LegalBasis).text.contains("6(1)(e)"), "{}", pr(PrincipleKey::LegalBasis).text);
    assert!(pr(PrincipleKey::Information).text.contains("Panneaux"));
    assert!(pr(PrincipleKey::Retention).text.contains("15 jours"));
    assert!(pr(PrincipleKey::Processors).text.contains("Contrat à revoir"), "{}", pr(PrincipleKey::Processors).text);
    assert!(pr(PrincipleKey::RestrictionObjection).text.contains("art. 21"));
    assert!(pr(PrincipleKey::AccessPortability).text.contains("ne s'applique donc pas"));
    // the entry's linked measures, by id, existing since they are in place
    assert_eq!(a.measures.len(), p.security.measures.len());
    for (m, id) in a.measures.iter().zip(&p.security.measures) {
        assert_eq!(m.origin, MeasureOrigin::Measure { measure_id: *id });
    }
    assert!(a.measures.iter().any(|m| m.title.starts_with("Journalisation") && m.phase == MeasurePhase::Existing));
    // valid, and its links resolve inside the organisation
    assert!(a.validate().is_empty(), "{:?}", a.validate());
    b.aipds.push(a);
    assert_eq!(b.validate(), vec![]);
}

#[test]
fn prefill_of_several_processings_heads_each_block() {
    let b = commune();
    let ids = [processing(&b, "Listes électorales").id, processing(&b, "État civil").id];
    let a = prefill(&b, &ids, "Fichiers de la population");
    assert_eq!(a.processings, ids);
    let overview = a.context_answer(ContextKey::Overview);
    assert!(
        overview.contains("Traitement « Listes électorales » :") && overview.contains("Traitement « État civil » :")
    );
    let data = a.context_answer(ContextKey::Data);
    let (first, second) = (data.find("« Listes électorales »").unwrap(), data.find("« État civil »").unwrap());
    assert!(first < second, "in the order given");
    // measures shared by both entries appear once
    let origins: std::collections::HashSet<_> = a.measures.iter().map(|m| m.origin.clone()).collect();
    assert_eq!(origins.len(), a.measures.len());
    assert!(!a.measures.is_empty());
    // nothing found: still a valid empty analysis
    let empty = prefill(&b, &[Uuid::new_v4()], "");
    assert!(empty.processings.is_empty() && empty.context.answers.is_empty());
    assert_eq!(empty.title, "Analyse d'impact");
    assert!(empty.validate().is_empty());
}

#[test]
fn measure_choices_are_unique_and_from_three_sources() {
    let mut b = commune();
    let choices = measure_choices(&b);
    let kb = greffier::aipd::assets::assets().knowledge.len();
    let active = b.measures.iter().filter(|m| m.status != greffier::model::MeasureStatus::Abandoned).count();
    let security = choices.iter().filter(|c| matches!(c.origin, MeasureOrigin::SecurityItem { .. })).count();
    assert_eq!(choices.len(), kb + active + security);
    let mut seen = std::collections::HashSet::new();
    assert!(choices.iter().all(|c| seen.insert(c.origin.clone())), "each once");

    // an item done in the checklist becomes an existing measure
    let mut assessment = b.security_assessments.pop().unwrap_or_default();
    let g = greffier::security::guide::guide();
    assessment.set_status(g, "s17-p01", AnswerStatus::Done).unwrap();
    b.security_assessments.push(assessment);
    let choices = measure_choices(&b);
    let item = choices
        .iter()
        .find(|c| c.origin == MeasureOrigin::SecurityItem { item_id: "s17-p01".into() })
        .expect("checklist item offered");
    assert_eq!((item.phase, item.sheet), (MeasurePhase::Existing, Some(17)));
    assert!(item.description_fr.contains("fiche 17"));
    let m = item.to_measure();
    assert_eq!((m.title.as_str(), m.origin.clone()), (item.title_fr.as_str(), item.origin.clone()));
    let kb_choice = choices
        .iter()
        .find(|c| matches!(&c.origin, MeasureOrigin::KnowledgeBase { entry_id } if entry_id == "kb-chiffrement"))
        .unwrap();
    assert_eq!(kb_choice.phase, MeasurePhase::Planned);
    assert_ne!(kb_choice.to_measure().id, kb_choice.to_measure().id, "a fresh id each time");
}

// ------------------------------------------------------------------- saving

fn dossier_with_demo(env: &support::Env) -> (greffier::store::Dossier, Uuid, Uuid) {
    let (mut d, _) = env.create("aipd.grf");
    let bundles: Vec<OrganisationBundle> = demo().into_iter().map(fresh).collect();
    d.insert_bundles(&bundles, &[]).unwrap();
    (d, bundles[1].organisation.id, bundles[0].organisation.id)
}

fn codes(e: StoreError) -> Vec<String> {
    match e {
        StoreError::Invalid(p) => p.into_iter().map(|p| format!("{} {}", p.path, p.code)).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn save_screening_stores_once_per_processing() {
    let env = support::Env::new();
    let (mut d, commune_id, bakery_id) = dossier_with_demo(&env);
    let b = d.bundle(commune_id).unwrap();
    let video = processing(&b, "Vidéoprotection de la voie publique").id;
    let fresh = view(&b, video).unwrap().screening;
    let value = serde_json::to_value(&fresh).unwrap();

    let up = save_screening(&mut d, commune_id, &value).unwrap();
    assert!(up.saved && up.problems.is_empty());
    assert_eq!(up.record.id, fresh.id);
    let b = d.bundle(commune_id).unwrap();
    assert_eq!(b.aipd_screenings.len(), 1);
    let v = view(&b, video).unwrap();
    assert!(v.stored);
    assert_eq!(v.screening.criteria, fresh.criteria);

    // a second screening of the same processing is refused, nothing written
    let other = serde_json::to_value(AipdScreening::new(video)).unwrap();
    assert_eq!(codes(save_screening(&mut d, commune_id, &other).unwrap_err()), ["/processing one_per_processing"]);
    assert_eq!(d.bundle(commune_id).unwrap().aipd_screenings.len(), 1);

    // editing the stored one works
    let mut edited = up.record.clone();
    edited.conclusion = Some(ScreeningConclusion::Required);
    edited.decided_by = "Alain Roussel".into();
    let up = save_screening(&mut d, commune_id, &serde_json::to_value(&edited).unwrap()).unwrap();
    assert!(up.saved);
    assert_eq!(up.record.conclusion, Some(ScreeningConclusion::Required));

    // ruling it out without justification: kept as a draft, stored record unchanged
    let mut out = up.record.clone();
    out.conclusion = Some(ScreeningConclusion::NotRequired);
    let up2 = save_screening(&mut d, commune_id, &serde_json::to_value(&out).unwrap()).unwrap();
    assert!(!up2.saved);
    let paths: Vec<&str> = up2.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["/justification", "/dpo_view"]);
    assert_eq!(up2.record.conclusion, Some(ScreeningConclusion::Required));
    let (draft, problems) = d.record_draft::<AipdScreening>(out.id).unwrap().expect("draft kept");
    assert_eq!(draft["conclusion"], "not_required");
    assert_eq!(problems.len(), 2);

    // a processing of another organisation is refused
    let bakery = d.bundle(bakery_id).unwrap();
    let shop = processing(&bakery, "Vidéosurveillance du magasin").id;
    let foreign = serde_json::to_value(AipdScreening::new(shop)).unwrap();
    assert_eq!(codes(save_screening(&mut d, commune_id, &foreign).unwrap_err()), ["/processing unknown_processing"]);
    assert!(save_screening(&mut d, bakery_id, &foreign).unwrap().saved);
}

#[test]
fn save_screening_answers_garbage_with_problems() {
    let env = support::Env::new();
    let (mut d, org, _) = dossier_with_demo(&env);
    let b = d.bundle(org).unwrap();
    let rolls = processing(&b, "Listes électorales").id;
    let canteen = processing(&b, "Restauration scolaire et accueil périscolaire").id;

    for garbage in [json!("garbage"), json!(42), json!(null), json!([1, 2])] {
        assert_eq!(codes(save_screening(&mut d, org, &garbage).unwrap_err()), [" unreadable"], "{garbage}");
    }
    assert_eq!(codes(save_screening(&mut d, org, &json!({})).unwrap_err()), ["/id required"]);
    let id = Uuid::new_v4().to_string();
    assert_eq!(codes(save_screening(&mut d, org, &json!({"id": "nope"})).unwrap_err()), ["/id required"]);
    assert_eq!(codes(save_screening(&mut d, org, &json!({"id": id})).unwrap_err()), ["/processing required"]);
    let unknown_processing = json!({"id": id, "processing": Uuid::new_v4().to_string()});
    assert_eq!(
        codes(save_screening(&mut d, org, &unknown_processing).unwrap_err()),
        ["/processing unknown_processing"]
    );

    // an unknown list type is refused before anything is written
    let mut s = serde_json::to_value(AipdScreening::new(rolls)).unwrap();
    s["not_required_type"] = json!("nr-42");
    s["required_type"] = json!("nr-03");
    assert_eq!(
        codes(save_screening(&mut d, org, &s).unwrap_err()),
        ["/not_required_type unknown_list_type", "/required_type unknown_list_type"]
    );
    assert!(d.bundle(org).unwrap().aipd_screenings.is_empty());

    // a first value that does not read: an empty screening is stored, the value kept as draft
    let mut bad = serde_json::to_value(AipdScreening::new(canteen)).unwrap();
    bad["criteria"] = json!("oops");
    bad["justification"] = json!("Texte tapé par l'agent");
    let up = save_screening(&mut d, org, &bad).unwrap();
    assert!(!up.saved);
    assert_eq!(up.problems.len(), 1);
    assert!(up.problems[0].path.starts_with("/criteria"), "{:?}", up.problems);
    assert_eq!(up.record.processing, canteen);
    assert!(up.record.criteria.is_empty() && up.record.justification.is_empty());
    let (draft, _) = d.record_draft::<AipdScreening>(up.record.id).unwrap().expect("typed text kept");
    assert_eq!(draft["justification"], "Texte tapé par l'agent");
    // fixing it saves it over the empty one
    bad["criteria"] = json!([]);
    let up = save_screening(&mut d, org, &bad).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert_eq!(up.record.justification, "Texte tapé par l'agent");
    assert!(d.record_draft::<AipdScreening>(up.record.id).unwrap().is_none(), "draft discarded");
    assert_eq!(d.bundle(org).unwrap().aipd_screenings.len(), 1);
    let _: Value = serde_json::to_value(&up.record).unwrap();
}
