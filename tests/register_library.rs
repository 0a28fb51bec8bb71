//! The register's library, guided start, country list and list queries
//! (`greffier::register::{library, starter, adequacy, query}`).

use std::collections::HashSet;

use chrono::{NaiveDate, TimeZone, Utc};
use greffier::model::validate::country_code;
use greffier::model::{
    Art9Exception, CriminalData, LegalBasis, Processing, ProcessingRole, ProcessingStatus, Purpose, Recipient,
    RecipientKind, Record, Safeguard, SensitiveData, SpecialCategory, Transfer,
};
use greffier::register::adequacy::{
    check_transfer, check_transfers, countries, country, international_organisations, list_date, sources, Zone,
};
use greffier::register::library::{
    entry, instantiate, library, library_date, present_keys, Audience, LibraryError, Reliability,
};
use greffier::register::query::{fold, RegisterIndex, RegisterQuery, RegisterRow, SortKey};
use greffier::register::starter::{propose, questions, questions_for};

// ---------------------------------------------------------------- library

#[test]
fn library_loads_32_entries() {
    assert_eq!(library().len(), 32);
    assert_eq!(library_date(), "2026-11-23");
    let keys: HashSet<&str> = library().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), 32, "keys are unique");
    assert_eq!(library().iter().filter(|e| e.audience.contains(&Audience::Business)).count(), 16);
    assert_eq!(library().iter().filter(|e| e.audience.contains(&Audience::Commune)).count(), 16);
    assert_eq!(entry("paie").map(|e| e.title_fr.as_str()), Some("Gestion de la paie"));
    assert!(entry("PAIE").is_none());
    assert!(entry("").is_none());
}

#[test]
fn every_key_instantiates_into_a_valid_fresh_processing() {
    let before = Utc::now() - chrono::Duration::seconds(1);
    let mut ids = HashSet::new();
    for e in library() {
        let p = instantiate(&e.key).unwrap();
        assert!(p.validate().is_empty(), "{}: {:?}", e.key, p.validate());
        assert_ne!(p.id, e.template.id, "{}: new id", e.key);
        assert!(ids.insert(p.id), "{}: ids are unique", e.key);
        assert_eq!(p.status, ProcessingStatus::Draft);
        assert!(!p.archived);
        assert!(p.created_at >= before && p.created_at <= Utc::now(), "{}: now() timestamps", e.key);
        assert_eq!(p.created_at, p.updated_at);
        assert_eq!(p.name, e.title_fr);
        // everything else is the template's
        let mut same = p.clone();
        same.id = e.template.id;
        same.created_at = e.template.created_at;
        same.updated_at = e.template.updated_at;
        assert_eq!(same, e.template, "{}", e.key);
        // a second copy gets another id
        assert_ne!(instantiate(&e.key).unwrap().id, p.id);
    }
}

#[test]
fn unknown_key_is_an_error_with_messages() {
    for key in ["nope", "", "PAIE", " paie", "paie\0", "🙂"] {
        let err = instantiate(key).unwrap_err();
        assert_eq!(err, LibraryError::UnknownKey(key.to_string()));
        assert_eq!(err.code(), "library_unknown_key");
        assert!(err.message_fr().contains(&format!("« {key} »")), "{}", err.message_fr());
        assert!(err.message_en().contains("does not exist"));
        assert_eq!(err.to_string(), err.message_fr());
    }
}

#[test]
fn memory_sources_read_a_verifier() {
    let mut memory = 0;
    for e in library() {
        for s in &e.sources {
            let label = s.label_fr();
            match s.reliability {
                Reliability::Memory => {
                    memory += 1;
                    assert!(label.ends_with(" (à vérifier)"), "{label}");
                }
                Reliability::Sourced => assert_eq!(label, s.r#ref),
            }
        }
    }
    assert!(memory > 0, "the library has memory items to flag");
}

#[test]
fn present_keys_follow_non_archived_titles() {
    assert!(present_keys(&[]).is_empty());
    let paie = instantiate("paie").unwrap();
    let mut renamed = instantiate("clients").unwrap();
    renamed.name = "GESTION des clients 2026".into();
    let mut archived = instantiate("etat_civil").unwrap();
    archived.archived = true;
    let unrelated = Processing::new("Gestion de la paierie");
    let keys = present_keys(&[archived, unrelated.clone(), renamed, paie]);
    assert_eq!(keys, ["paie", "clients"], "library order, archived and look-alikes left out");
    assert!(present_keys(&[unrelated]).is_empty());
}

// ---------------------------------------------------------------- starter

#[test]
fn starter_questions_are_well_formed() {
    let qs = questions();
    assert!(qs.len() >= 26, "{}", qs.len());
    let mut keys = HashSet::new();
    for q in qs {
        assert!(keys.insert(q.key.as_str()), "duplicate question {}", q.key);
        for t in [&q.text_fr, &q.text_en, &q.help_fr, &q.help_en] {
            assert!(!t.trim().is_empty() && !t.contains('\n'), "{}: {t:?}", q.key);
        }
        assert!(q.text_fr.ends_with(" ?"), "{}: French question mark after a space", q.key);
        assert!(q.text_en.ends_with('?') && !q.text_en.ends_with(" ?"), "{}", q.key);
        assert!(!q.audience.is_empty() && !q.proposes.is_empty(), "{}", q.key);
        for k in &q.proposes {
            let e = entry(k).unwrap_or_else(|| panic!("{}: unknown library key {k}", q.key));
            assert!(
                e.audience.iter().any(|a| q.audience.contains(a)),
                "{}: proposes {k}, which is for another audience",
                q.key
            );
        }
    }
}

#[test]
fn every_library_key_is_reachable() {
    let reachable: HashSet<&str> = questions().iter().flat_map(|q| q.proposes.iter().map(String::as_str)).collect();
    for e in library() {
        assert!(reachable.contains(e.key.as_str()), "{} is proposed by no question", e.key);
    }
    // and through the questions each kind of organisation is actually asked
    for (public_body, audience) in [(false, Audience::Business), (true, Audience::Commune)] {
        let answers: Vec<String> = questions_for(public_body).iter().map(|q| q.key.clone()).collect();
        let proposed = propose(&answers, public_body, &[]);
        let expected: Vec<String> =
            library().iter().filter(|e| e.audience.contains(&audience)).map(|e| e.key.clone()).collect();
        assert_eq!(proposed, expected, "all yes for public_body={public_body}");
    }
}

#[test]
fn questions_for_split_by_audience() {
    let business = questions_for(false);
    let commune = questions_for(true);
    assert!(business.iter().all(|q| q.audience.contains(&Audience::Business)));
    assert!(commune.iter().all(|q| q.audience.contains(&Audience::Commune)));
    assert!(business.iter().any(|q| q.key == "salaries"));
    assert!(commune.len() >= 16, "one question per commune service");
}

#[test]
fn propose_dedups_orders_and_skips_present() {
    let ans = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // library order, not answer order
    assert_eq!(
        propose(&ans(&["site_web", "salaries"]), false, &[]),
        ["paie", "personnel", "site_web", "messagerie", "temps_travail"]
    );
    // the same answer twice proposes each key once
    assert_eq!(
        propose(&ans(&["clients", "clients", "salaries"]), false, &[]),
        ["paie", "personnel", "clients", "fournisseurs", "comptabilite", "messagerie", "caisse", "temps_travail"]
    );
    // present entries are skipped, archived ones are proposed again
    let paie = instantiate("paie").unwrap();
    let mut archived = instantiate("messagerie").unwrap();
    archived.archived = true;
    assert_eq!(propose(&ans(&["salaries"]), false, &[paie, archived]), ["personnel", "messagerie", "temps_travail"]);
    // commune answers count only for a public body, and the other way round
    assert!(propose(&ans(&["commune_etat_civil"]), false, &[]).is_empty());
    assert!(propose(&ans(&["salaries"]), true, &[]).is_empty());
    assert_eq!(propose(&ans(&["commune_etat_civil", "commune_rh"]), true, &[]), ["etat_civil", "rh_collectivite"]);
    // nothing, garbage
    assert!(propose(&[], false, &[]).is_empty());
    assert!(propose(&ans(&["", "nope", "🙂", "PAIE"]), false, &[]).is_empty());
}

// ---------------------------------------------------------------- countries

const EU27: [&str; 27] = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

#[test]
fn country_list_is_complete_and_sorted() {
    let all = countries();
    assert_eq!(all.len(), 249, "every ISO 3166-1 alpha-2 code");
    assert_eq!(list_date(), "2026-11-23");
    let mut codes = HashSet::new();
    for c in all {
        assert!(codes.insert(c.code.as_str()), "duplicate {}", c.code);
        assert!(country_code(&c.code).is_ok(), "{}", c.code);
        assert!(!c.name_fr.trim().is_empty() && !c.name_en.trim().is_empty(), "{}", c.code);
        assert!(sources().iter().any(|s| s.r#ref == c.source), "{}: source {:?} not in the list", c.code, c.source);
        if !c.part_of.is_empty() {
            assert!(country(&c.part_of).is_some(), "{}", c.code);
        }
    }
    let names: Vec<String> = all.iter().map(|c| fold(&c.name_fr)).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "sorted by French name");
    assert_eq!(all.first().map(|c| c.code.as_str()), Some("AF"));
}

#[test]
fn country_zones() {
    let members: HashSet<&str> =
        countries().iter().filter(|c| c.zone == Zone::Eu && c.part_of.is_empty()).map(|c| c.code.as_str()).collect();
    assert_eq!(members, EU27.into_iter().collect());
    let eea: HashSet<&str> = countries().iter().filter(|c| c.zone == Zone::Eea).map(|c| c.code.as_str()).collect();
    assert_eq!(eea, ["IS", "LI", "NO"].into_iter().collect());
    let zone = |code: &str| country(code).map(|c| c.zone);
    assert_eq!(zone("FR"), Some(Zone::Eu));
    assert_eq!(zone("DE"), Some(Zone::Eu));
    assert_eq!(zone("GP"), Some(Zone::Eu), "outermost region");
    for c in ["US", "CA", "JP"] {
        assert_eq!(zone(c), Some(Zone::PartiallyAdequate), "{c}");
    }
    let adequate: HashSet<&str> =
        countries().iter().filter(|c| c.zone == Zone::Adequate).map(|c| c.code.as_str()).collect();
    let expected = ["AD", "AR", "FO", "GG", "IM", "IL", "JE", "NZ", "KR", "CH", "GB", "UY", "BR"];
    assert_eq!(adequate, expected.into_iter().collect());
    for c in ["CN", "IN", "RU", "NC", "GI", "MA"] {
        assert_eq!(zone(c), Some(Zone::ThirdCountry), "{c}");
    }
    assert!(country("GB").unwrap().decision.contains("27/12/2031"));
    assert!(country("US").unwrap().decision.contains("10/07/2023"));
    assert!(country("BR").unwrap().decision.contains("27/01/2026"));
    assert!(country("US").unwrap().note_fr.contains("Data Privacy Framework"));
    assert!(country("CA").unwrap().note_fr.contains("PIPEDA"));
    assert!(country("JP").unwrap().note_fr.contains("secteur privé"));
    assert!(country("fr").is_none() && country("").is_none() && country("XX").is_none());
    let orgs = international_organisations();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].name_en, "European Patent Organisation");
    assert_eq!(orgs[0].zone, Zone::Adequate);
}

#[test]
fn memory_facts_of_the_list_are_flagged() {
    let memory: Vec<&str> =
        sources().iter().filter(|s| s.reliability == Reliability::Memory).map(|s| s.r#ref.as_str()).collect();
    assert!(!memory.is_empty());
    for c in countries().iter().filter(|c| memory.contains(&c.source.as_str())) {
        assert!(c.note_fr.contains("(à vérifier)"), "{}", c.code);
        assert!(c.note_en.contains("(to be checked)"), "{}", c.code);
    }
}

fn transfer(country: &str, safeguard: Option<Safeguard>) -> Transfer {
    Transfer { recipient: "Hébergeur".into(), country: country.into(), safeguard, documentation: String::new() }
}

fn codes(t: &Transfer) -> Vec<String> {
    check_transfer(t).into_iter().map(|w| format!("{} {}", w.path, w.code)).collect()
}

#[test]
fn transfer_checks() {
    use Safeguard::*;
    assert_eq!(codes(&transfer("DE", None)), ["/country transfer_within_eea"]);
    assert_eq!(codes(&transfer("NO", Some(StandardContractualClauses))), ["/country transfer_within_eea"]);
    assert_eq!(codes(&transfer("", None)), ["/country transfer_country_missing"]);
    assert_eq!(codes(&transfer("  ", None)), ["/country transfer_country_missing"]);
    for bad in ["XX", "usa", "fr", "🙂", "ÉÉ"] {
        assert_eq!(codes(&transfer(bad, None)), ["/country transfer_country_unknown"], "{bad}");
    }
    assert_eq!(codes(&transfer("CN", None)), ["/safeguard transfer_no_safeguard"]);
    assert_eq!(codes(&transfer("CN", Some(NoSafeguard))), ["/safeguard transfer_no_safeguard"]);
    assert_eq!(codes(&transfer("CN", Some(AdequacyDecision))), ["/safeguard transfer_adequacy_inconsistent"]);
    assert!(codes(&transfer("CN", Some(StandardContractualClauses))).is_empty());
    assert!(codes(&transfer("IN", Some(BindingCorporateRules))).is_empty());
    assert_eq!(codes(&transfer("CN", Some(Art49Derogation))), ["/safeguard transfer_derogation"]);
    assert_eq!(codes(&transfer("US", Some(AdequacyDecision))), ["/safeguard transfer_partial_adequacy"]);
    assert_eq!(codes(&transfer("US", None)), ["/safeguard transfer_no_safeguard"]);
    assert!(codes(&transfer("US", Some(StandardContractualClauses))).is_empty());
    assert_eq!(codes(&transfer("CH", None)), ["/safeguard transfer_choose_adequacy"]);
    assert_eq!(codes(&transfer("CH", Some(NoSafeguard))), ["/safeguard transfer_choose_adequacy"]);
    assert!(codes(&transfer("CH", Some(AdequacyDecision))).is_empty());
    assert!(codes(&transfer("GB", Some(AdequacyDecision))).is_empty());

    // messages: bilingual, name the country, say how recent the list is
    let w = &check_transfer(&transfer("US", Some(AdequacyDecision)))[0];
    assert!(w.message_fr.contains("Data Privacy Framework") && w.message_fr.contains("23/11/2026"));
    assert!(w.message_en.contains("Data Privacy Framework"));
    let w = &check_transfer(&transfer("CA", Some(AdequacyDecision)))[0];
    assert!(w.message_fr.contains("PIPEDA"));
    let w = &check_transfer(&transfer("JP", Some(AdequacyDecision)))[0];
    assert!(w.message_fr.contains("secteur privé"));
    let w = &check_transfer(&transfer("CN", None))[0];
    assert!(w.message_fr.contains("Chine") && w.message_fr.contains("liste à jour au 23/11/2026"));
    assert!(w.message_en.contains("China"));
    let w = &check_transfer(&transfer("IT", None))[0];
    assert!(w.message_fr.contains("Italie") && w.message_fr.contains("pas un transfert"));
}

#[test]
fn transfer_checks_of_a_processing() {
    let mut p = Processing::new("Hébergement");
    assert!(check_transfers(&p).is_empty());
    p.recipients.push(Recipient {
        kind: RecipientKind::ThirdCountry,
        label: "Prestataire".into(),
        third_party: None,
        details: String::new(),
    });
    let w = check_transfers(&p);
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].path.as_str(), w[0].code.as_str()), ("/transfers", "transfer_missing"));
    p.transfers = vec![transfer("CH", Some(Safeguard::AdequacyDecision)), transfer("CN", None), transfer("BE", None)];
    let got: Vec<(String, String)> = check_transfers(&p).into_iter().map(|w| (w.path, w.code)).collect();
    assert_eq!(
        got,
        [
            ("/transfers/1/safeguard".to_string(), "transfer_no_safeguard".to_string()),
            ("/transfers/2/country".to_string(), "transfer_within_eea".to_string()),
        ]
    );
    for e in library() {
        assert!(check_transfers(&e.template).is_empty(), "{}", e.key);
    }
}

// ---------------------------------------------------------------- query

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 6, 1);

/// Five entries: a = paie, b = état civil, c = vidéosurveillance, d = archived, e = œuvres.
fn fixture() -> Vec<Processing> {
    let at = |m: u32| Utc.with_ymd_and_hms(2026, m, 1, 0, 0, 0).unwrap();
    let purpose = |d: &str, b: LegalBasis| Purpose {
        description: d.into(),
        is_main: true,
        legal_basis: b,
        justification: String::new(),
    };

    let mut a = Processing::new("Gestion de la paie");
    a.reference = "T-2".into();
    a.status = ProcessingStatus::Complete;
    a.next_review = Some(day(2026, 1, 1));
    a.software = vec!["Logiciel Sécurité+".into()];
    a.purposes = vec![purpose("Calculer les salaires", LegalBasis::Contract)];
    a.updated_at = at(1);

    let mut b = Processing::new("État civil");
    b.reference = "T-10".into();
    b.status = ProcessingStatus::ValidatedByDpo;
    b.next_review = Some(day(2027, 1, 1));
    b.dpo_notes = "Vérifier la durée".into();
    b.sensitive_data = vec![SensitiveData {
        category: SpecialCategory::Health,
        exception: Some(Art9Exception::SubstantialPublicInterest),
        description: String::new(),
        retention: None,
    }];
    b.purposes = vec![purpose("Tenir les registres", LegalBasis::LegalObligation)];
    b.updated_at = at(2);

    let mut c = Processing::new("Vidéosurveillance");
    c.role = ProcessingRole::Processor;
    c.criminal_data = Some(CriminalData::default());
    c.updated_at = at(3);

    let mut d = Processing::new("Ancienne carte de fidélité");
    d.archived = true;
    d.nir_used = true;
    d.next_review = Some(day(2025, 1, 1));
    d.status = ProcessingStatus::Complete;

    let mut e = Processing::new("Œuvres sociales");
    e.purposes = vec![purpose("Offrir des chèques cadeaux", LegalBasis::Consent)];
    e.transfers = vec![transfer("IN", Some(Safeguard::StandardContractualClauses))];
    e.dpo_notes = "Soirée 🎉".into();
    e.updated_at = at(4);

    vec![a, b, c, d, e]
}

fn score(p: &Processing) -> (u8, bool) {
    match p.name.as_str() {
        "Gestion de la paie" | "Œuvres sociales" => (100, true),
        "État civil" => (80, false),
        "Vidéosurveillance" => (20, false),
        _ => (50, false),
    }
}

fn index() -> RegisterIndex {
    let (y, m, d) = TODAY;
    RegisterIndex::new(&fixture(), score, day(y, m, d))
}

/// Letters of the fixture entries a query returns, in order.
fn run(ix: &RegisterIndex, q: &RegisterQuery) -> String {
    ix.query(q)
        .iter()
        .map(|r| match r.name.as_str() {
            "Gestion de la paie" => 'a',
            "État civil" => 'b',
            "Vidéosurveillance" => 'c',
            "Ancienne carte de fidélité" => 'd',
            "Œuvres sociales" => 'e',
            _ => '?',
        })
        .collect()
}

fn text(t: &str) -> RegisterQuery {
    RegisterQuery { text: t.into(), ..RegisterQuery::default() }
}

#[test]
fn default_query_lists_live_entries_by_name() {
    let ix = index();
    assert_eq!(ix.len(), 5);
    assert!(!ix.is_empty());
    assert_eq!(run(&ix, &RegisterQuery::default()), "baec", "archived left out, É and Œ sorted as E and OE");
    assert_eq!(run(&ix, &RegisterQuery { include_archived: true, ..RegisterQuery::default() }), "dbaec");
}

#[test]
fn search_ignores_case_and_accents_and_covers_every_field() {
    let ix = index();
    assert_eq!(run(&ix, &text("securite")), "a", "software field");
    assert_eq!(run(&ix, &text("SÉCURITÉ")), "a");
    assert_eq!(run(&ix, &text("etat")), "b");
    assert_eq!(run(&ix, &text("œuvres")), "e");
    assert_eq!(run(&ix, &text("oeuvres")), "e");
    assert_eq!(run(&ix, &text("calculer")), "a", "purpose");
    assert_eq!(run(&ix, &text("verifier duree")), "b", "DPO notes");
    assert_eq!(run(&ix, &text("consentement")), "e", "French label of the legal basis");
    assert_eq!(run(&ix, &text("consent")), "e", "English label too");
    assert_eq!(run(&ix, &text("sous-traitant")), "c", "French label of the role");
    assert_eq!(run(&ix, &text("inde")), "e", "name of a transfer's country");
    assert_eq!(run(&ix, &text("clauses contractuelles")), "e", "label of the safeguard");
    assert_eq!(run(&ix, &text("santé")), "b", "label of the special category");
    assert_eq!(run(&ix, &text("infraction")), "c", "flag of offence data");
    assert_eq!(run(&ix, &text("T-10")), "b", "reference");
    assert_eq!(run(&ix, &text("« paie »,")), "a", "punctuation around words");
    assert_eq!(run(&ix, &text("🎉")), "e", "emoji");
    assert_eq!(run(&ix, &text("zzzz")), "");
    let fidelite = RegisterQuery { include_archived: true, ..text("fidelite") };
    assert_eq!(run(&ix, &fidelite), "d");
    assert_eq!(run(&ix, &text("fidelite")), "", "archived not searched by default");
}

#[test]
fn several_words_must_all_match() {
    let ix = index();
    assert_eq!(run(&ix, &text("paie calculer")), "a", "name + purpose");
    assert_eq!(run(&ix, &text("calculer paie")), "a", "any order");
    assert_eq!(run(&ix, &text("civil paie")), "", "words of two different entries");
    assert_eq!(run(&ix, &text("paie  paie   PAIE")), "a");
}

#[test]
fn ids_and_dates_are_not_searched() {
    let ps = fixture();
    let (y, m, d) = TODAY;
    let ix = RegisterIndex::new(&ps, score, day(y, m, d));
    let id = ps[0].id.to_string();
    assert_eq!(run(&ix, &text(&id[..8])), "");
    assert_eq!(run(&ix, &text("2026-01-01")), "");
}

#[test]
fn each_filter() {
    let ix = index();
    let q = |f: fn(&mut RegisterQuery)| {
        let mut q = RegisterQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(run(&ix, &q(|q| q.status = Some(ProcessingStatus::Complete))), "a");
    assert_eq!(run(&ix, &q(|q| q.status = Some(ProcessingStatus::Draft))), "ec");
    assert_eq!(run(&ix, &q(|q| q.role = Some(ProcessingRole::Processor))), "c");
    assert_eq!(run(&ix, &q(|q| q.role = Some(ProcessingRole::JointController))), "");
    assert_eq!(run(&ix, &q(|q| q.sensitive = Some(true))), "bc");
    assert_eq!(run(&ix, &q(|q| q.sensitive = Some(false))), "ae");
    assert_eq!(run(&ix, &q(|q| q.incomplete_only = true)), "bc");
    assert_eq!(run(&ix, &q(|q| q.overdue_only = true)), "a");
    assert_eq!(
        run(
            &ix,
            &q(|q| {
                q.overdue_only = true;
                q.include_archived = true
            })
        ),
        "a",
        "an archived entry is never overdue"
    );
    assert_eq!(
        run(
            &ix,
            &q(|q| {
                q.sensitive = Some(true);
                q.include_archived = true
            })
        ),
        "dbc",
        "NIR counts as sensitive"
    );
    assert_eq!(
        run(
            &ix,
            &q(|q| {
                q.status = Some(ProcessingStatus::Complete);
                q.sensitive = Some(true)
            })
        ),
        ""
    );
}

#[test]
fn each_sort_key_both_ways() {
    let ix = index();
    let cases = [
        (SortKey::Name, "baec", "ceab"),
        (SortKey::Reference, "abec", "baec"),
        (SortKey::Status, "ecab", "baec"),
        (SortKey::Completeness, "cbae", "aebc"),
        (SortKey::UpdatedAt, "abce", "ecba"),
        (SortKey::NextReview, "abec", "baec"),
    ];
    for (sort, up, down) in cases {
        let q = RegisterQuery { sort, ..RegisterQuery::default() };
        assert_eq!(run(&ix, &q), up, "{sort:?} ascending");
        let q = RegisterQuery { sort, descending: true, ..RegisterQuery::default() };
        assert_eq!(run(&ix, &q), down, "{sort:?} descending");
    }
}

#[test]
fn numbers_in_names_sort_by_value_and_ties_are_stable() {
    let ps: Vec<Processing> = ["Traitement 10", "traitement 2", "Traitement 1", "Traitement 2"]
        .into_iter()
        .map(|n| {
            let mut p = Processing::new(n);
            p.updated_at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
            p
        })
        .collect();
    let ix = RegisterIndex::new(&ps, |_| (0, false), day(2026, 1, 1));
    let names = |q: &RegisterQuery| ix.query(q).into_iter().map(|r| r.name).collect::<Vec<_>>();
    assert_eq!(names(&RegisterQuery::default()), ["Traitement 1", "Traitement 2", "traitement 2", "Traitement 10"]);
    // equal keys: name A→Z whatever the direction
    let q = RegisterQuery { sort: SortKey::UpdatedAt, descending: true, ..RegisterQuery::default() };
    assert_eq!(names(&q), ["Traitement 1", "Traitement 2", "traitement 2", "Traitement 10"]);
    // the input order does not matter
    let mut rev = ps.clone();
    rev.reverse();
    let ix2 = RegisterIndex::new(&rev, |_| (0, false), day(2026, 1, 1));
    let a: Vec<_> = ix.query(&RegisterQuery::default()).into_iter().map(|r| r.id).collect();
    let b: Vec<_> = ix2.query(&RegisterQuery::default()).into_iter().map(|r| r.id).collect();
    assert_eq!(a, b);
}

#[test]
fn rows_carry_the_list_columns() {
    let ix = index();
    let rows = ix.query(&RegisterQuery { include_archived: true, ..RegisterQuery::default() });
    let get = |n: &str| rows.iter().find(|r| r.name == n).unwrap();
    let a = get("Gestion de la paie");
    assert!(a.review_overdue);
    assert_eq!((a.completeness, a.ready), (100, true));
    assert_eq!(a.main_purpose, "Calculer les salaires");
    assert_eq!(a.reference, "T-2");
    assert_eq!(a.aipd_status, None);
    assert!(!a.sensitive);
    let b = get("État civil");
    assert!(!b.review_overdue, "review date still ahead");
    assert!(b.sensitive);
    let d = get("Ancienne carte de fidélité");
    assert!(d.archived && !d.review_overdue && d.sensitive);
    let c = get("Vidéosurveillance");
    assert_eq!(c.main_purpose, "");
    assert_eq!(c.next_review, None);
    // the review date is compared with the day given, not the clock
    let late = RegisterIndex::new(&fixture(), score, day(2027, 1, 2));
    let overdue = RegisterQuery { overdue_only: true, ..RegisterQuery::default() };
    assert_eq!(run(&late, &overdue), "ba");
    let early = RegisterIndex::new(&fixture(), score, day(2026, 1, 1));
    assert_eq!(run(&early, &overdue), "", "due today is not overdue");
}

#[test]
fn counts() {
    let c = index().counts();
    assert_eq!(c.total, 5);
    assert_eq!(c.archived, 1);
    assert_eq!((c.drafts, c.complete, c.validated), (2, 1, 1));
    assert_eq!(c.overdue, 1);
    assert_eq!(c.sensitive, 2);
    assert_eq!(c.incomplete, 2);
    let empty = RegisterIndex::new(&[], score, day(2026, 1, 1));
    assert_eq!(empty.counts().total, 0);
    assert!(empty.is_empty());
    assert!(empty.query(&text("paie")).is_empty());
}

#[test]
fn garbage_queries_do_not_panic() {
    let ix = index();
    assert_eq!(run(&ix, &text("")), "baec");
    assert_eq!(run(&ix, &text("   \t\n ")), "baec");
    assert_eq!(run(&ix, &text("« » , ; !")), "baec", "punctuation only is no word");
    let long = "sécurité ".repeat(50_000);
    assert_eq!(run(&ix, &text(&long)), "a");
    let words: String = (0..5_000).map(|i| format!("mot{i} ")).collect();
    assert_eq!(run(&ix, &text(&words)), "");
    for t in ["🙂", "👨‍👩‍👧", "\0", "\u{FEFF}", "İ", "ﬁ", "\u{0301}", "a\u{0301}", "%_*", "' OR 1=1 --"]
    {
        let _ = ix.query(&text(t));
    }
    let one = "x".repeat(1_000_000);
    assert_eq!(run(&ix, &text(&one)), "");
}

#[test]
fn query_json_shape() {
    let q: RegisterQuery = serde_json::from_str("{}").unwrap();
    assert_eq!(q, RegisterQuery::default());
    assert_eq!(q.sort, SortKey::Name);
    let q: RegisterQuery = serde_json::from_str(
        r#"{"text":"paie","status":"validated_by_dpo","role":"joint_controller","sensitive":true,
            "sort":"next_review","descending":true,"unknown":1}"#,
    )
    .unwrap();
    assert_eq!(q.status, Some(ProcessingStatus::ValidatedByDpo));
    assert_eq!(q.role, Some(ProcessingRole::JointController));
    assert_eq!(q.sort, SortKey::NextReview);
    assert!(q.descending && q.sensitive == Some(true) && !q.include_archived);
    for (k, s) in [
        (SortKey::Name, "name"),
        (SortKey::Reference, "reference"),
        (SortKey::Status, "status"),
        (SortKey::Completeness, "completeness"),
        (SortKey::UpdatedAt, "updated_at"),
        (SortKey::NextReview, "next_review"),
    ] {
        assert_eq!(serde_json::to_value(k).unwrap(), s);
    }
    assert!(serde_json::from_str::<RegisterQuery>(r#"{"sort":"size"}"#).is_err());
    let row = &index().query(&text("paie"))[0];
    let j = serde_json::to_value(row).unwrap();
    assert_eq!(j["review_overdue"], true);
    assert_eq!(j["aipd_status"], serde_json::Value::Null);
    assert_eq!(j["status"], "complete");
    let back: RegisterRow = serde_json::from_value(j).unwrap();
    assert_eq!(&back, row);
}

#[test]
fn library_as_a_register() {
    let ps: Vec<Processing> = library().iter().map(|e| e.template.clone()).collect();
    let ix = RegisterIndex::new(&ps, |_| (50, false), day(2026, 12, 1));
    assert_eq!(ix.query(&RegisterQuery::default()).len(), 32);
    let names = |t: &str| ix.query(&text(t)).into_iter().map(|r| r.name).collect::<Vec<_>>();
    let civil = names("etat civil deces");
    assert!(civil.contains(&"État civil".to_string()), "{civil:?}");
    assert!(!civil.contains(&"Gestion de la paie".to_string()), "{civil:?}");
    assert!(names("etat civil deces paie salaire").is_empty());
    let video = names("video");
    assert!(video.contains(&"Vidéosurveillance des locaux".to_string()), "{video:?}");
    assert!(video.contains(&"Vidéoprotection de la voie publique".to_string()), "{video:?}");
    assert!(ix.counts().sensitive > 0);
}
