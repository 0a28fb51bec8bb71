//! The breach register (Arts. 33–34): validation rules, the 72-hour countdown, our
//! suggestion, the notification sheet, both PDFs read back, JSON round trip, the store.

mod support;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use greffier::breach::{
    countdown, deadline, notification_sheet_at, open_breaches, risk_level, suggestion, CountdownState, RiskLevel,
    SuggestedAction,
};
use greffier::documents::breach_pdf::{breach_register_pdf, notification_sheet_pdf};
use greffier::documents::json::{self, ImportError};
use greffier::model::{
    Breach, BreachCause, BreachNature, BreachOrigin, BreachStatus, DataCategory, Decision, InformationException, Level,
    Notification, NotificationKind, Organisation, OrganisationBundle, Processing, Record, SpecialCategory,
};
use greffier::store::StoreError;
use serde_json::json;
use support::*;
use uuid::Uuid;

fn aware() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 9, 30, 0).unwrap()
}

fn hours(h: i64) -> DateTime<Utc> {
    aware() + TimeDelta::hours(h)
}

fn notification(kind: NotificationKind, at: DateTime<Utc>) -> Notification {
    Notification { kind, sent_at: at, reference: String::new(), note: String::new() }
}

fn codes(b: &Breach) -> Vec<(String, String)> {
    b.validate().into_iter().map(|p| (p.path, p.code)).collect()
}

/// A complete breach: a stolen laptop with the payroll files.
fn laptop() -> Breach {
    let mut b = Breach::new("Vol d'un ordinateur portable", aware());
    b.started_on = NaiveDate::from_ymd_opt(2026, 3, 9);
    b.started_time = NaiveTime::from_hms_opt(18, 0, 0);
    b.natures = vec![BreachNature::Confidentiality, BreachNature::Availability];
    b.origin = Some(BreachOrigin::External);
    b.cause = Some(BreachCause::Malicious);
    b.origin_details = "Vol dans un véhicule".into();
    b.circumstances = "L'ordinateur de la comptable a été volé dans sa voiture.".into();
    b.data_categories = vec![DataCategory::Identity, DataCategory::EconomicFinancial];
    b.special_categories = vec![SpecialCategory::Health];
    b.person_categories = "Salariés".into();
    b.persons_count = Some(12_500);
    b.records_count = Some(40_000);
    b.consequences = "Usurpation d'identité possible.".into();
    b.risk.severity = Some(Level::Limited);
    b.risk.likelihood = Some(Level::Limited);
    b.measures_taken = vec!["Mots de passe changés".into()];
    b.measures_planned = vec!["Chiffrer les disques".into()];
    b.notify_cnil = Decision::Yes;
    b
}

#[test]
fn validation_table() {
    assert!(laptop().validate().is_empty(), "{:?}", laptop().validate());
    type Case = (&'static str, fn(&mut Breach), &'static [&'static str]);
    let cases: &[Case] = &[
        ("title", |b| b.title = " ".into(), &["required"]),
        ("start after awareness", |b| b.started_on = NaiveDate::from_ymd_opt(2026, 3, 12), &["start_after_awareness"]),
        ("start the day after (time zones)", |b| b.started_on = NaiveDate::from_ymd_opt(2026, 3, 11), &[]),
        ("end before start", |b| b.ended_on = NaiveDate::from_ymd_opt(2026, 3, 8), &["end_before_start"]),
        ("end same day", |b| b.ended_on = NaiveDate::from_ymd_opt(2026, 3, 9), &[]),
        (
            "time without date",
            |b| {
                b.started_on = None;
            },
            &["time_without_date"],
        ),
        (
            "notification before awareness",
            |b| b.notifications.push(notification(NotificationKind::Initial, hours(-1))),
            &["notification_before_awareness"],
        ),
        ("notification at awareness", |b| b.notifications.push(notification(NotificationKind::Initial, hours(0))), &[]),
        (
            "complementary alone",
            |b| b.notifications.push(notification(NotificationKind::Complementary, hours(5))),
            &["complementary_without_initial"],
        ),
        (
            "complementary before the initial",
            |b| {
                b.notifications.push(notification(NotificationKind::Initial, hours(10)));
                b.notifications.push(notification(NotificationKind::Complementary, hours(5)));
            },
            &["complementary_without_initial"],
        ),
        (
            "initial then complementary (listed in any order)",
            |b| {
                b.notifications.push(notification(NotificationKind::Complementary, hours(50)));
                b.notifications.push(notification(NotificationKind::Initial, hours(10)));
            },
            &[],
        ),
        (
            "two initial",
            |b| {
                b.notifications.push(notification(NotificationKind::Initial, hours(1)));
                b.notifications.push(notification(NotificationKind::Initial, hours(2)));
            },
            &["second_initial"],
        ),
        ("no to notifying without reasoning", |b| b.notify_cnil = Decision::No, &["required"]),
        (
            "no to notifying with reasoning",
            |b| {
                b.notify_cnil = Decision::No;
                b.notify_reasoning = "Données chiffrées, clé non compromise.".into();
            },
            &[],
        ),
        (
            "no to notifying but notified",
            |b| {
                b.notify_cnil = Decision::No;
                b.notify_reasoning = "x".into();
                b.notifications.push(notification(NotificationKind::Initial, hours(1)));
            },
            &["notified_but_no"],
        ),
        ("no to informing without reasoning", |b| b.inform_persons = Decision::No, &["required"]),
        (
            "no to informing with reasoning",
            |b| {
                b.inform_persons = Decision::No;
                b.inform_reasoning = "Risque faible.".into();
            },
            &[],
        ),
        ("zero persons", |b| b.persons_count = Some(0), &["number_range"]),
        ("more persons than the world", |b| b.persons_count = Some(20_000_000_000), &["number_range"]),
        ("absurd records", |b| b.records_count = Some(u64::MAX), &["number_range"]),
        ("unknown numbers", |b| (b.persons_count, b.records_count) = (None, None), &[]),
        ("nature twice", |b| b.natures.push(BreachNature::Confidentiality), &["duplicate_value"]),
        (
            "processing twice",
            |b| {
                let id = Uuid::new_v4();
                b.processings = vec![id, id];
            },
            &["duplicate_processing"],
        ),
        (
            "awareness in year 2500",
            |b| b.aware_at = Utc.with_ymd_and_hms(2500, 1, 1, 0, 0, 0).unwrap(),
            &["date_range"],
        ),
    ];
    for (name, change, want) in cases {
        let mut b = laptop();
        change(&mut b);
        let got: Vec<String> = codes(&b).into_iter().map(|(_, c)| c).collect();
        assert_eq!(got, want.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "{name}");
    }
    // the problem is located on the offending notification
    let mut b = laptop();
    b.notifications.push(notification(NotificationKind::Initial, hours(10)));
    b.notifications.push(notification(NotificationKind::Complementary, hours(5)));
    assert_eq!(codes(&b)[0].0, "/notifications/1/kind");
}

#[test]
fn countdown_runs_72_hours_from_awareness() {
    let b = laptop();
    assert_eq!(deadline(&b), hours(72));
    let at0 = countdown(&b, hours(0));
    assert_eq!(at0.state, CountdownState::ToNotify);
    assert_eq!(at0.remaining, Some(TimeDelta::hours(72)));
    assert!(!at0.overdue);
    let at71 = countdown(&b, hours(71));
    assert_eq!((at71.state, at71.remaining), (CountdownState::ToNotify, Some(TimeDelta::hours(1))));
    assert!(at71.text_fr().contains("il reste 1 h 00 min"), "{}", at71.text_fr());
    let at72 = countdown(&b, hours(72));
    assert_eq!(at72.state, CountdownState::ToNotify, "the 72nd hour itself is still in time");
    let at73 = countdown(&b, hours(73));
    assert_eq!(at73.state, CountdownState::Late);
    assert!(at73.overdue && at73.remaining.is_none());
    assert!(at73.delay_reasons_missing, "late without reasons is a gap");

    // undecided counts down too (in doubt, notify); « Non » stops the clock
    let mut undecided = laptop();
    undecided.notify_cnil = Decision::Undecided;
    assert_eq!(countdown(&undecided, hours(73)).state, CountdownState::Late);
    let mut no = laptop();
    no.notify_cnil = Decision::No;
    no.notify_reasoning = "Aucun risque".into();
    let c = countdown(&no, hours(100));
    assert_eq!((c.state, c.overdue, c.delay_reasons_missing), (CountdownState::NotNeeded, false, false));

    // notified in time, whatever the clock says afterwards
    let mut b = laptop();
    b.notifications.push(notification(NotificationKind::Initial, hours(70)));
    b.notifications.push(notification(NotificationKind::Complementary, hours(100)));
    let c = countdown(&b, hours(200));
    assert_eq!((c.state, c.notified_in_time, c.overdue), (CountdownState::NotifiedInTime, Some(true), false));
    assert!(!c.delay_reasons_missing);

    // notified late: without then with its reasons
    let mut b = laptop();
    b.notifications.push(notification(NotificationKind::Initial, hours(80)));
    let c = countdown(&b, hours(90));
    assert_eq!((c.state, c.notified_in_time), (CountdownState::NotifiedLate, Some(false)));
    assert!(c.delay_reasons_missing);
    b.delay_reasons = "Vol découvert un week-end, enquête interne nécessaire.".into();
    assert!(!countdown(&b, hours(90)).delay_reasons_missing);
    assert!(b.validate().is_empty(), "a late notification is a gap, not an error");
}

#[test]
fn suggestion_for_each_level() {
    let with = |s: Option<Level>, l: Option<Level>, e: Option<InformationException>| {
        let mut b = laptop();
        b.risk.severity = s;
        b.risk.likelihood = l;
        b.inform_exception = e;
        b
    };
    use Level::*;
    let cases = [
        (None, Some(Maximum), None, RiskLevel::Unrated, SuggestedAction::NotifyInDoubt, true, None),
        (
            Some(Negligible),
            Some(Negligible),
            None,
            RiskLevel::NoRisk,
            SuggestedAction::DocumentOnly,
            false,
            Some(false),
        ),
        (Some(Negligible), Some(Limited), None, RiskLevel::NoRisk, SuggestedAction::DocumentOnly, false, Some(false)),
        (Some(Limited), Some(Negligible), None, RiskLevel::NoRisk, SuggestedAction::DocumentOnly, false, Some(false)),
        (Some(Limited), Some(Limited), None, RiskLevel::Risk, SuggestedAction::NotifyCnil, true, Some(false)),
        (Some(Negligible), Some(Maximum), None, RiskLevel::Risk, SuggestedAction::NotifyCnil, true, Some(false)),
        (Some(Significant), Some(Limited), None, RiskLevel::Risk, SuggestedAction::NotifyCnil, true, Some(false)),
        (
            Some(Significant),
            Some(Significant),
            None,
            RiskLevel::HighRisk,
            SuggestedAction::NotifyAndInform,
            true,
            Some(true),
        ),
        (
            Some(Maximum),
            Some(Negligible),
            None,
            RiskLevel::HighRisk,
            SuggestedAction::NotifyAndInform,
            true,
            Some(true),
        ),
        (
            Some(Maximum),
            Some(Maximum),
            Some(InformationException::UnintelligibleData),
            RiskLevel::HighRisk,
            SuggestedAction::NotifyWithoutInforming,
            true,
            Some(false),
        ),
        (
            Some(Maximum),
            Some(Maximum),
            Some(InformationException::RiskRemoved),
            RiskLevel::HighRisk,
            SuggestedAction::NotifyWithoutInforming,
            true,
            Some(false),
        ),
        (
            Some(Maximum),
            Some(Maximum),
            Some(InformationException::DisproportionateEffort),
            RiskLevel::HighRisk,
            SuggestedAction::NotifyAndCommunicatePublicly,
            true,
            Some(false),
        ),
    ];
    for (s, l, e, level, action, notify, inform) in cases {
        let b = with(s, l, e);
        let sug = suggestion(&b);
        assert_eq!(risk_level(&b), level, "{s:?} {l:?}");
        assert_eq!(
            (sug.level, sug.action, sug.notify_cnil, sug.inform_persons),
            (level, action, notify, inform),
            "{s:?} {l:?} {e:?}"
        );
        assert_eq!(sug.reasons_fr.len(), sug.reasons_en.len());
        assert!(!sug.reasons_fr.is_empty());
    }
    // high risk says which rule, and warns when the decision goes against it
    let mut b = with(Some(Maximum), Some(Significant), None);
    b.inform_persons = Decision::No;
    b.inform_reasoning = "Pas le temps".into();
    let sug = suggestion(&b);
    assert!(sug.reasons_fr.iter().any(|r| r.contains("Importante")), "{:?}", sug.reasons_fr);
    assert!(sug.reasons_fr.iter().any(|r| r.contains("article 34")), "{:?}", sug.reasons_fr);
    assert!(sug.differs_from_decisions);
    assert!(!suggestion(&laptop()).differs_from_decisions);
}

fn organisation() -> Organisation {
    let mut o = Organisation::new("Boulangerie Martin");
    o.dpo.designated = true;
    o.dpo.person.first_name = "Claire".into();
    o.dpo.person.last_name = "Durand".into();
    o.dpo.public_contact.email = Some("dpo@boulangerie-martin.fr".into());
    o
}

#[test]
fn sheet_follows_article_33_3_and_flags_what_is_missing() {
    let sheet = notification_sheet_at(&laptop(), &organisation(), hours(10));
    let articles: Vec<&str> = sheet.iter().map(|s| s.article.as_str()).collect();
    assert_eq!(articles, ["art. 33(1)", "art. 33(3)(a)", "art. 33(3)(b)", "art. 33(3)(c)", "art. 33(3)(d)", "art. 34"]);
    let labels: Vec<&str> = sheet[1].items.iter().map(|i| i.label_fr.as_str()).collect();
    let pos = |l: &str| labels.iter().position(|x| *x == l).unwrap_or_else(|| panic!("{l} in {labels:?}"));
    assert!(pos("Nature de la violation") < pos("Catégories de données concernées"));
    assert!(pos("Catégories de données concernées") < pos("Nombre approximatif de personnes"));
    assert!(pos("Nombre approximatif de personnes") < pos("Nombre approximatif d'enregistrements"));
    let persons = &sheet[1].items[pos("Nombre approximatif de personnes")];
    assert_eq!(persons.value_fr, "environ 12\u{202f}500");
    assert_eq!(sheet[2].items[0].value_fr, "Claire Durand");
    assert_eq!(sheet[2].items[1].value_fr, "dpo@boulangerie-martin.fr");
    // complete except the decision to inform the persons
    let missing: Vec<&str> =
        sheet.iter().flat_map(|s| s.items.iter()).filter(|i| i.missing).map(|i| i.label_fr.as_str()).collect();
    assert_eq!(missing, ["Décision d'informer les personnes"]);

    // an empty breach, no DPO and no contact, late: everything asked is flagged
    let bare = Breach::new("Courriel envoyé au mauvais destinataire", aware());
    let sheet = notification_sheet_at(&bare, &Organisation::new("Mairie"), hours(80));
    let missing: Vec<&str> =
        sheet.iter().flat_map(|s| s.items.iter()).filter(|i| i.missing).map(|i| i.label_fr.as_str()).collect();
    for want in [
        "Début de la violation",
        "Motifs du retard",
        "Nature de la violation",
        "Origine et cause",
        "Catégories de données concernées",
        "Nombre approximatif de personnes",
        "Nombre approximatif d'enregistrements",
        "Point de contact (pas de délégué désigné)",
        "Courriel",
        "Conséquences probables pour les personnes",
        "Gravité",
        "Mesures prises",
    ] {
        assert!(missing.contains(&want), "{want} not flagged in {missing:?}");
    }
    assert!(!missing.contains(&"Fin de la violation"), "no end date means « en cours »");
    assert!(!missing.contains(&"Intitulé"));
    // in time: no delay item at all
    let sheet = notification_sheet_at(&bare, &Organisation::new("Mairie"), hours(10));
    assert!(!sheet[0].items.iter().any(|i| i.label_fr == "Motifs du retard"));
}

fn bundle_with_breaches() -> OrganisationBundle {
    let mut b = OrganisationBundle::new(organisation());
    let p = Processing::new("Gestion de la paie");
    let mut first = laptop();
    first.processings.push(p.id);
    first.notifications.push(Notification {
        kind: NotificationKind::Initial,
        sent_at: hours(20),
        reference: "2026-0042".into(),
        note: String::new(),
    });
    let mut second = Breach::new("Rançongiciel sur le serveur de fichiers", aware() + TimeDelta::days(30));
    second.natures = vec![BreachNature::Availability];
    second.status = BreachStatus::Open;
    let mut old = Breach::new("Courrier égaré", aware() - TimeDelta::days(200));
    old.status = BreachStatus::Closed;
    old.notify_cnil = Decision::No;
    old.notify_reasoning = "Un seul courrier, retrouvé fermé le lendemain.".into();
    old.risk.severity = Some(Level::Negligible);
    old.risk.likelihood = Some(Level::Negligible);
    b.processings.push(p);
    // listed out of date order on purpose
    b.breaches = vec![second, first, old];
    b
}

#[test]
fn open_breaches_most_urgent_first() {
    let b = bundle_with_breaches();
    let open = open_breaches(&b, aware() + TimeDelta::days(30) + TimeDelta::hours(2));
    let titles: Vec<&str> = open.iter().map(|o| o.title.as_str()).collect();
    assert_eq!(titles, ["Vol d'un ordinateur portable", "Rançongiciel sur le serveur de fichiers"]);
    assert_eq!(open[0].countdown.state, CountdownState::NotifiedInTime);
    assert_eq!(open[1].countdown.remaining, Some(TimeDelta::hours(70)));
}

#[test]
fn notification_sheet_pdf_reads_back() {
    let b = bundle_with_breaches();
    let bare = b.breaches[0].id;
    let bytes = notification_sheet_pdf(&b, bare, aware() + TimeDelta::days(30) + TimeDelta::hours(80)).unwrap();
    let w = pdf::write(&bytes, "fiche-notification.pdf");
    let text = pdf::text(&w.path, "-raw");
    for want in [
        "Fiche de notification d'une violation de données",
        "Rançongiciel sur le serveur de fichiers",
        "Boulangerie Martin",
        "Délai de 72 heures dépassé",
        "art. 33(3)(a)",
        "art. 33(3)(d)",
        "Motifs du retard",
        "À compléter",
        "Claire Durand",
        "à vérifier",
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    let order = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}"));
    assert!(order("Dates et délai") < order("Nature de la violation, données"));
    assert!(order("Nature de la violation, données") < order("Délégué à la protection des données ou point"));
    assert!(order("Délégué à la protection des données ou point") < order("Conséquences probables ("));
    assert!(order("Conséquences probables (") < order("Mesures prises ou envisagées"));

    let complete = b.breaches[1].id;
    let bytes = notification_sheet_pdf(&b, complete, hours(30)).unwrap();
    let text = pdf::text(&pdf::write(&bytes, "fiche-complete.pdf").path, "-raw");
    assert!(text.contains("Notifiée dans les 72 heures"), "{text}");
    assert!(text.contains("2026-0042") && text.contains("environ 12"), "{text}");
    assert!(text.contains("Gestion de la paie"), "{text}");

    let e = notification_sheet_pdf(&b, Uuid::new_v4(), hours(1)).unwrap_err();
    assert_eq!(e.code(), "breach_not_found");
}

#[test]
fn register_pdf_in_date_order() {
    let b = bundle_with_breaches();
    let bytes = breach_register_pdf(&b, aware() + TimeDelta::days(31)).unwrap();
    let w = pdf::write(&bytes, "registre-violations.pdf");
    let text = pdf::text(&w.path, "-raw");
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} missing in:\n{text}"));
    assert!(at("Registre des violations de données") < at("1. Courrier égaré"));
    assert!(at("1. Courrier égaré") < at("2. Vol d'un ordinateur portable"));
    assert!(at("2. Vol d'un ordinateur portable") < at("3. Rançongiciel"));
    for want in ["Clôturée", "Un seul courrier", "Notification non retenue", "3 (dont 2 ouvertes)", "En cours"] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    // empty register
    let empty = OrganisationBundle::new(Organisation::new("Mairie"));
    let text = pdf::text(&pdf::write(&breach_register_pdf(&empty, hours(0)).unwrap(), "vide.pdf").path, "-raw");
    assert!(text.contains("Aucune violation"), "{text}");
}

#[test]
fn json_round_trip_with_breaches() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    let bundle = bundle_with_breaches();
    assert!(bundle.validate().is_empty(), "{:?}", bundle.validate());
    d.insert_bundles(std::slice::from_ref(&bundle), &[]).unwrap();
    let exported = json::export(&d).unwrap();
    assert_eq!(exported.organisations[0].breaches.len(), 3);
    let text = json::to_string(&exported);
    assert!(text.contains("\"breaches\"") && text.contains("\"aware_at\""));
    let parsed = json::parse(text.as_bytes()).unwrap();
    assert_eq!(parsed, exported);
    let (mut other, _) = env.create("b.greffier");
    json::import_into(&mut other, &parsed).unwrap();
    assert_eq!(json::export(&other).unwrap().organisations, exported.organisations);
    assert!(d.check().unwrap().is_ok());

    // a breach pointing to a processing missing from the bundle is refused
    let mut broken = bundle.clone();
    broken.processings.clear();
    assert!(broken.validate().iter().any(|p| p.path == "/breaches/1" && p.code == "dangling_reference"));
}

#[test]
fn store_refuses_an_invalid_breach_and_keeps_a_draft() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(organisation()).unwrap().id;
    let mut bad = laptop();
    bad.notify_cnil = Decision::No;
    match d.save(org, bad) {
        Err(StoreError::Invalid(p)) => assert_eq!(p[0].path, "/notify_reasoning"),
        other => panic!("{other:?}"),
    }
    // a link to a processing of nowhere is refused too
    let mut dangling = laptop();
    dangling.processings.push(Uuid::new_v4());
    assert!(d.save(org, dangling).is_err());

    let saved = d.save(org, laptop()).unwrap();
    let mut v = serde_json::to_value(&saved).unwrap();
    v["ended_on"] = json!("2026-03-01");
    let up = d.update_record::<Breach>(org, &v).unwrap();
    assert!(!up.saved);
    assert_eq!(up.problems[0].code, "end_before_start");
    assert_eq!(d.get::<Breach>(saved.id).unwrap().ended_on, None, "stored value unchanged");
    d.close().unwrap();
    let mut d = env.open(&path);
    let (draft, problems) = d.record_draft::<Breach>(saved.id).unwrap().expect("draft kept");
    assert_eq!(draft["ended_on"], "2026-03-01");
    assert_eq!(problems[0].code, "end_before_start");
    v["ended_on"] = json!("2026-03-11");
    let up = d.update_record::<Breach>(org, &v).unwrap();
    assert!(up.saved, "{:?}", up.problems);
    assert!(d.record_draft::<Breach>(saved.id).unwrap().is_none());
    assert_eq!(d.list::<Breach>(org).unwrap().len(), 1);
}

#[test]
fn garbage_breach_values_are_located_problems() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    d.insert_bundles(&[bundle_with_breaches()], &[]).unwrap();
    let mut v = serde_json::to_value(json::export(&d).unwrap()).unwrap();
    v["organisations"][0]["breaches"][0]["aware_at"] = json!("hier soir");
    v["organisations"][0]["breaches"][1]["natures"] = json!(["fuite"]);
    v["organisations"][0]["breaches"][2].as_object_mut().unwrap().remove("aware_at");
    match json::parse(v.to_string().as_bytes()) {
        Err(ImportError::Invalid(problems)) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(paths.contains(&"/organisations/0/breaches/0/aware_at"), "{paths:?}");
            assert!(paths.iter().any(|p| p.starts_with("/organisations/0/breaches/1/natures")), "{paths:?}");
            assert!(paths.contains(&"/organisations/0/breaches/2/aware_at"), "{paths:?}");
            assert!(problems.iter().all(|p| !p.message_fr.is_empty() && !p.message_en.is_empty()));
        }
        other => panic!("{other:?}"),
    }
    // a value that parses but breaks a rule is a problem too
    let mut v = serde_json::to_value(json::export(&d).unwrap()).unwrap();
    v["organisations"][0]["breaches"][0]["persons_count"] = json!(0);
    match json::parse(v.to_string().as_bytes()) {
        Err(ImportError::Invalid(problems)) => {
            assert!(problems.iter().any(|p| p.path == "/organisations/0/breaches/0/persons_count"), "{problems:?}")
        }
        other => panic!("{other:?}"),
    }
    // and the store's record kind is known
    assert_eq!(greffier::model::RecordKind::parse("breach"), Some(greffier::model::RecordKind::Breach));
}

// ------------------------------------------------------------- the letter (Art. 34)

fn letter_text(bundle: &OrganisationBundle, id: Uuid, name: &str) -> String {
    let today = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
    let bytes = greffier::documents::breach_pdf::information_letter_pdf(bundle, id, today).unwrap();
    let w = pdf::write(&bytes, name);
    pdf::text(&w.path, "-raw")
}

#[test]
fn information_letter_in_plain_french_with_its_parts_in_order() {
    let mut bundle = bundle_with_breaches();
    bundle.organisation.address.city = "Nîmes".into();
    bundle.organisation.legal_representative.first_name = "Paul".into();
    bundle.organisation.legal_representative.last_name = "Martin".into();
    bundle.organisation.legal_representative.role = "gérant".into();
    let mut b = laptop();
    b.data_categories.push(DataCategory::ConnectionData);
    b.risk.severity = Some(Level::Maximum);
    b.risk.likelihood = Some(Level::Significant);
    b.inform_persons = Decision::Yes;
    let id = b.id;
    bundle.breaches.push(b);
    let text = letter_text(&bundle, id, "lettre-complete.pdf");
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} missing in:\n{text}"));
    assert!(at("Projet de lettre — à relire avant envoi") < at("Boulangerie Martin"));
    assert!(at("Nîmes, le 12 mars 2026") < at("Madame, Monsieur,"));
    assert!(at("Madame, Monsieur,") < at("Ce qui s'est passé"));
    assert!(at("Ce qui s'est passé") < at("Les données concernées"));
    assert!(at("Les données concernées") < at("Les conséquences possibles pour vous"));
    assert!(at("Les conséquences possibles pour vous") < at("Ce que nous avons fait"));
    assert!(at("Ce que nous avons fait") < at("Ce que vous pouvez faire"));
    assert!(at("Ce que vous pouvez faire") < at("Pour nous contacter"));
    assert!(at("Pour nous contacter") < at("Paul Martin, gérant"));
    for want in [
        "des personnes non autorisées ont pu voir",
        "9 mars 2026",
        "10 mars 2026",
        "L'ordinateur de la comptable a été volé",
        "votre identité",
        "données sensibles",
        "Usurpation d'identité possible.",
        "Mots de passe changés",
        "Chiffrer les disques",
        "Changez votre mot de passe",
        "hameçonnage",
        "relevés bancaires",
        "opposition",
        "usurpation d'identité",
        "cybermalveillance.gouv.fr",
        "Claire Durand",
        "dpo@boulangerie-martin.fr",
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    assert_eq!(text.matches("[À compléter :").count(), 1, "only the banner's « [À compléter : …] »:\n{text}");
    assert!(text.contains("[Nom et adresse de la personne]"), "{text}");
    assert!(!text.contains("non exigée"), "high risk, no exception: no banner:\n{text}");
    // availability only: no phishing or bank advice, but the copy advice
    let mut lost = Breach::new("Disque dur en panne", aware());
    lost.natures = vec![BreachNature::Availability];
    lost.data_categories = vec![DataCategory::EconomicFinancial];
    let lost_id = lost.id;
    bundle.breaches.push(lost);
    let text = letter_text(&bundle, lost_id, "lettre-perte.pdf");
    assert!(text.contains("perdues ou sont devenues inaccessibles"), "{text}");
    assert!(text.contains("conservez-la"), "{text}");
    assert!(!text.contains("hameçonnage") && !text.contains("relevés bancaires"), "{text}");
    assert!(!text.contains("Changez votre mot de passe"), "{text}");
    assert!(text.contains("cybermalveillance.gouv.fr"), "{text}");
    let e = greffier::documents::breach_pdf::information_letter_pdf(
        &bundle,
        Uuid::new_v4(),
        NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "breach_not_found");
}

#[test]
fn information_letter_marks_what_is_missing_and_the_exceptions() {
    // a bare breach, no address, no DPO and no contact: every gap is « À compléter »
    let mut bundle = OrganisationBundle::new(Organisation::new("Mairie de Valbonne"));
    let bare = Breach::new("Courriel envoyé au mauvais destinataire", aware());
    let id = bare.id;
    bundle.breaches.push(bare);
    let text = letter_text(&bundle, id, "lettre-vide.pdf");
    for want in [
        "[À compléter : adresse de l'organisme]",
        "[À compléter : ville], le 12 mars 2026",
        "[À compléter : date de début]",
        "[À compléter : les circonstances",
        "[À compléter : les données vous concernant",
        "[À compléter : ce qui pourrait arriver",
        "[À compléter : les mesures prises",
        "[À compléter : nom de la personne à contacter]",
        "[À compléter : un moyen de nous joindre]",
        "[À compléter : nom et fonction du signataire]",
        "hameçonnage",
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    assert!(!text.contains("non exigée"), "{text}");

    // Art. 34(3)(a): the exception is said at the top, before the letter itself
    bundle.breaches[0].inform_exception = Some(InformationException::UnintelligibleData);
    let text = letter_text(&bundle, id, "lettre-exception.pdf");
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} missing in:\n{text}"));
    assert!(at("Information des personnes non exigée") < at("Madame, Monsieur,"));
    assert!(text.contains("art. 34(3)(a)"), "{text}");
    // Art. 34(3)(c): a public communication instead
    bundle.breaches[0].inform_exception = Some(InformationException::DisproportionateEffort);
    let text = letter_text(&bundle, id, "lettre-publique.pdf");
    assert!(text.contains("communication publique"), "{text}");
    // a « Non » decision with its reasoning
    bundle.breaches[0].inform_exception = None;
    bundle.breaches[0].inform_persons = Decision::No;
    bundle.breaches[0].inform_reasoning = "Le destinataire a supprimé le courriel.".into();
    let text = letter_text(&bundle, id, "lettre-non.pdf");
    assert!(text.contains("ne pas informer") && text.contains("Le destinataire a supprimé"), "{text}");
    // our suggestion: unlikely to result in a risk
    bundle.breaches[0].inform_persons = Decision::Undecided;
    bundle.breaches[0].risk.severity = Some(Level::Negligible);
    bundle.breaches[0].risk.likelihood = Some(Level::Negligible);
    let text = letter_text(&bundle, id, "lettre-sans-risque.pdf");
    assert!(text.contains("peu susceptible d'engendrer un risque"), "{text}");
}
