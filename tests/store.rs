//! The encrypted dossier store: creation, opening, bad files, migrations, lock,
//! passphrase change, backups, organisations, audit trail, validation.

mod support;

use std::fs;

use greffier::model::{Measure, Organisation, Processing, Recipient, RecipientKind, ThirdParty};
use greffier::store::schema::{Migration, MIGRATIONS};
use greffier::store::{BackupReason, Dossier, KdfParams, Options, Passphrase, StoreError};
use support::*;

fn bakery() -> Organisation {
    let mut o = Organisation::new("Boulangerie Sentinelle-Plaintext");
    o.siren = Some("732829320".into());
    o
}

#[test]
fn create_write_reopen_and_nothing_readable_on_disk() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    let p = d.save(org.id, Processing::new("Gestion de la paie SENTINELLE")).unwrap();
    // With the dossier still open, the WAL holds the changes: it must be encrypted too.
    for (file, bytes) in all_files(env.dir.path()) {
        assert!(!contains(&bytes, b"SENTINELLE"), "plaintext in {}", file.display());
        assert!(!contains(&bytes, b"Sentinelle-Plaintext"), "plaintext in {}", file.display());
    }
    let temp_store: i64 = d.connection().query_row("PRAGMA temp_store", [], |r| r.get(0)).unwrap();
    assert_eq!(temp_store, 2, "temporary tables and indices in memory only");
    d.close().unwrap();

    let bytes = fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"GRF");
    assert_eq!(bytes.len() % 4096, 0);
    let d = env.open(&path);
    let orgs = d.organisations().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0].siren.as_deref(), Some("732829320"));
    let list: Vec<Processing> = d.list(org.id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, p.id);
    assert_eq!(list[0].name, "Gestion de la paie SENTINELLE");
    assert!(d.check().unwrap().is_ok());
}

#[test]
fn create_refuses_existing_file_and_short_passphrase() {
    let env = Env::new();
    let path = env.path("exists.greffier");
    fs::write(&path, b"precious").unwrap();
    let err = Dossier::create(&path, &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyExists(_)), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), b"precious");
    let err = Dossier::create(&env.path("b.greffier"), &Passphrase::new("court"), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::PassphraseTooShort { min: 8 }));
    assert!(!env.path("b.greffier").exists());
}

#[test]
fn wrong_passphrase_is_typed_and_leaves_file_identical() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    d.save_organisation(bakery()).unwrap();
    d.close().unwrap();
    let before = fs::read(&path).unwrap();
    let err = Dossier::open(&path, &Passphrase::new("mauvaise phrase de passe"), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase), "{err:?}");
    assert!(err.to_string().starts_with("Phrase de passe incorrecte"));
    assert_eq!(err.code(), "wrong_passphrase");
    assert!(err.message_en().starts_with("Wrong passphrase"));
    assert_eq!(fs::read(&path).unwrap(), before, "byte-identical after a wrong passphrase");
    assert!(!env.path("a.greffier-wal").exists());
    // read-only too
    let err = Dossier::open(&path, &Passphrase::new("mauvaise phrase de passe"), env.opts().read_only()).unwrap_err();
    assert!(matches!(err, StoreError::WrongPassphrase));
    // and the right one still works, the lock having been released
    let d = env.open(&path);
    assert_eq!(d.organisations().unwrap().len(), 1);
}

#[test]
fn foreign_files_are_refused_without_any_write() {
    let env = Env::new();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec()),
        ("json", b"  {\"format\": \"greffier-dossier\"}".to_vec()),
        ("zip", b"PK\x03\x04\x14\x00\x00\x00".repeat(600)),
        ("random", (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect()),
        ("sqlite", {
            let p = env.path("plain.sqlite");
            let c = rusqlite::Connection::open(&p).unwrap();
            c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
            drop(c);
            fs::read(&p).unwrap()
        }),
    ];
    for (name, bytes) in cases {
        let path = env.path(&format!("{name}.greffier"));
        fs::write(&path, &bytes).unwrap();
        let err = Dossier::open(&path, &pass(), env.opts()).unwrap_err();
        assert!(matches!(err, StoreError::NotADossier { .. }), "{name}: {err:?}");
        assert!(err.to_string().contains("n'est pas un dossier Greffier"), "{name}: {err}");
        assert_eq!(fs::read(&path).unwrap(), bytes, "{name} unchanged");
    }
    let err = Dossier::open(&env.path("absent.greffier"), &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)));
}

#[test]
fn truncated_or_damaged_files_are_named_as_such() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    for i in 0..200 {
        let mut p = Processing::new(format!("Traitement {i}"));
        p.dpo_notes = "note ".repeat(100);
        d.save(org.id, p).unwrap();
    }
    d.close().unwrap();
    let good = fs::read(&path).unwrap();
    assert!(good.len() > 10 * 4096);

    // 1. cut in the middle of a page
    let cut = env.path("cut.greffier");
    fs::write(&cut, &good[..good.len() / 2 + 100]).unwrap();
    let err = Dossier::open(&cut, &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupted { .. }), "{err:?}");
    assert!(err.to_string().contains("tronqué"));

    // 2. cut on a page boundary: the b-tree misses pages
    let cut2 = env.path("cut2.greffier");
    let n = (good.len() / 4096 / 2) * 4096;
    fs::write(&cut2, &good[..n]).unwrap();
    let err = Dossier::open(&cut2, &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupted { .. }), "{err:?}");
    assert_eq!(fs::read(&cut2).unwrap(), &good[..n]);

    // 3. one flipped byte in a data page: its authentication code fails
    let flipped = env.path("flip.greffier");
    let mut bytes = good.clone();
    let at = 5 * 4096 + 1000;
    bytes[at] ^= 0x55;
    fs::write(&flipped, &bytes).unwrap();
    let err = Dossier::open(&flipped, &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupted { .. }), "{err:?}");
    assert_eq!(fs::read(&flipped).unwrap(), bytes, "never written to");
}

#[test]
fn newer_format_is_refused_and_file_untouched() {
    let env = Env::new();
    let (d, path) = env.create("a.greffier");
    // Simulate a newer Greffier having written the file.
    d.connection().execute_batch("PRAGMA user_version = 99;").unwrap();
    d.close().unwrap();
    let before = fs::read(&path).unwrap();
    let err = Dossier::open(&path, &pass(), env.opts()).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found: 99, supported: 1 }), "{err:?}");
    assert!(err.to_string().contains("version plus récente"));
    assert_eq!(fs::read(&path).unwrap(), before, "never downgraded, never wiped");
}

#[test]
fn migration_backs_up_first_and_is_all_or_nothing() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    d.close().unwrap();

    // A failing migration: nothing applied, version unchanged, data intact.
    let bad: Vec<Migration> = MIGRATIONS
        .iter()
        .copied()
        .chain([Migration { to_version: 2, sql: "CREATE TABLE extra (x); INSERT INTO nowhere VALUES (1);" }])
        .collect();
    let err = Dossier::open_with_migrations(&path, &pass(), env.opts(), &bad).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    let d = env.open(&path);
    let v: i64 = d.connection().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
    let extra: i64 =
        d.connection().query_row("SELECT count(*) FROM sqlite_master WHERE name = 'extra'", [], |r| r.get(0)).unwrap();
    assert_eq!(extra, 0, "rolled back");
    let id = d.id();
    d.close().unwrap();

    // A good one: backup first, then applied.
    let good: Vec<Migration> = MIGRATIONS
        .iter()
        .copied()
        .chain([Migration { to_version: 2, sql: "CREATE TABLE extra (x); INSERT INTO extra VALUES (42);" }])
        .collect();
    let d = Dossier::open_with_migrations(&path, &pass(), env.opts(), &good).unwrap();
    let v: i64 = d.connection().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 2);
    assert_eq!(d.organisation(org.id).unwrap().legal_name, org.legal_name);
    let backups = d.backups().unwrap().list();
    let pre = backups.iter().find(|b| b.reason == BackupReason::BeforeMigration).expect("backup before migration");
    drop(d);
    // The pre-migration copy is a version-1 dossier with the data.
    let old = Dossier::open(&pre.path, &pass(), env.opts().read_only()).unwrap();
    assert_eq!(old.id(), id);
    assert_eq!(old.organisations().unwrap().len(), 1);
    let v: i64 = old.connection().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, 1);
}

#[test]
fn second_writer_is_refused_reader_is_allowed() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    let err = Dossier::open(&path, &pass(), env.opts()).unwrap_err();
    match &err {
        StoreError::AlreadyOpen { holder } => assert_eq!(holder.pid, std::process::id()),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().starts_with("Ce dossier est déjà ouvert"));
    let ro = Dossier::open(&path, &pass(), env.opts().read_only()).unwrap();
    assert_eq!(ro.organisations().unwrap()[0].id, org.id);
    assert!(Dossier::open(&path, &pass(), env.opts().read_only()).is_ok());
    let mut ro = ro;
    assert!(matches!(ro.save_organisation(bakery()), Err(StoreError::ReadOnly)));
    drop(d);
    env.open(&path);
}

#[test]
fn change_passphrase_rekeys_and_keeps_old_copy() {
    let env = Env::new();
    let (mut d, path) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    let header_before = fs::read(&path).unwrap()[..16].to_vec();
    let new = Passphrase::new("une toute nouvelle phrase");
    assert!(matches!(
        d.change_passphrase(&Passphrase::new("pas la bonne du tout"), &new),
        Err(StoreError::WrongPassphrase)
    ));
    assert!(matches!(
        d.change_passphrase(&pass(), &Passphrase::new("court")),
        Err(StoreError::PassphraseTooShort { .. })
    ));
    d.change_passphrase(&pass(), &new).unwrap();
    // still usable after the change
    d.save(org.id, Measure::new("Sauvegardes chiffrées")).unwrap();
    let kept =
        d.backups().unwrap().list().into_iter().find(|b| b.reason == BackupReason::BeforePassphraseChange).unwrap();
    d.close().unwrap();
    assert_ne!(fs::read(&path).unwrap()[..16], header_before[..], "fresh header and salt");
    assert!(matches!(Dossier::open(&path, &pass(), env.opts()), Err(StoreError::WrongPassphrase)));
    let d = Dossier::open(&path, &new, env.opts()).unwrap();
    assert_eq!(d.list::<Measure>(org.id).unwrap().len(), 1);
    assert!(d.check().unwrap().is_ok());
    // the copy taken before opens with the old passphrase
    let old = Dossier::open(&kept.path, &pass(), env.opts().read_only()).unwrap();
    assert_eq!(old.organisations().unwrap().len(), 1);
    assert!(!env.path("a.greffier.rekey-partial").exists());
}

#[test]
fn backups_are_taken_encrypted_listed_and_restored() {
    let env = Env::new();
    let mut o = env.opts();
    o.retention.change_interval = std::time::Duration::ZERO;
    let path = env.path("a.greffier");
    let mut d = Dossier::create(&path, &pass(), o.clone()).unwrap();
    let org = d.save_organisation(bakery()).unwrap();
    d.save(org.id, Processing::new("Version 1 SENTINELLE")).unwrap();
    let list = d.backups().unwrap().list();
    assert!(list.iter().any(|b| b.reason == BackupReason::Open));
    assert!(list.iter().any(|b| b.reason == BackupReason::Change));
    let v1 = list[0].clone(); // newest: after "Version 1"
    d.save(org.id, Processing::new("Version 2")).unwrap();
    d.close().unwrap();
    // With the default interval, changes right after opening wait for the closing backup.
    let mut d = Dossier::open(&path, &pass(), env.opts()).unwrap();
    let n = d.backups().unwrap().list().len();
    d.save(org.id, Processing::new("Version 3")).unwrap();
    assert_eq!(d.backups().unwrap().list().len(), n, "throttled");
    d.close().unwrap();
    let list = Dossier::open(&path, &pass(), o.clone().read_only()).unwrap().backups().unwrap().list();
    assert_eq!(list[0].reason, BackupReason::Close);
    for b in &list {
        let bytes = fs::read(&b.path).unwrap();
        assert_eq!(&bytes[..3], b"GRF", "snapshot is a dossier");
        assert!(!contains(&bytes, b"SENTINELLE"), "snapshot is encrypted");
    }
    // Found from the dossier's path alone, without a passphrase.
    let found = greffier::store::Backups::find_for_path(&env.path("backups"), &path);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].list().len(), list.len());

    // Damage the live file, then restore v1: the damaged file is kept first.
    let mut bytes = fs::read(&path).unwrap();
    let n = bytes.len();
    bytes.truncate(n - 100);
    fs::write(&path, &bytes).unwrap();
    assert!(matches!(Dossier::open(&path, &pass(), o.clone()), Err(StoreError::Corrupted { .. })));
    let kept = Dossier::restore(&v1.path, &path, &pass(), o.clone()).unwrap().expect("current file kept");
    assert_eq!(fs::read(&kept.path).unwrap(), bytes, "damaged file kept byte for byte");
    let d = Dossier::open(&path, &pass(), o.clone()).unwrap();
    let names: Vec<String> = d.list::<Processing>(org.id).unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, ["Version 1 SENTINELLE"]);
    // Restoring over an open dossier is refused.
    assert!(matches!(Dossier::restore(&v1.path, &path, &pass(), o.clone()), Err(StoreError::AlreadyOpen { .. })));
    // A wrong passphrase for the snapshot touches nothing.
    drop(d);
    let before = fs::read(&path).unwrap();
    assert!(matches!(
        Dossier::restore(&v1.path, &path, &Passphrase::new("pas la bonne du tout"), o.clone()),
        Err(StoreError::WrongPassphrase)
    ));
    assert_eq!(fs::read(&path).unwrap(), before);
    // Something that is not a backup at all: refused, target untouched, no copy made.
    let n = d_backups_len(&env, &path);
    let junk = env.path("notes.pdf");
    fs::write(&junk, b"%PDF-1.7 pas une sauvegarde").unwrap();
    assert!(matches!(Dossier::restore(&junk, &path, &pass(), o), Err(StoreError::NotADossier { .. })));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(d_backups_len(&env, &path), n);
}

#[test]
fn closing_without_backups_or_with_an_unwritable_backup_dir_still_closes() {
    let env = Env::new();
    let path = env.path("a.greffier");
    let mut d = Dossier::create(&path, &pass(), env.opts().without_backups()).unwrap();
    d.save_organisation(bakery()).unwrap();
    d.close().unwrap();
    // A file where the backup directory should be: backups fail, work goes on, and says so.
    let blocked = env.path("not-a-dir");
    fs::write(&blocked, b"x").unwrap();
    let mut d = Dossier::open(&path, &pass(), env.opts().with_backups_root(&blocked)).unwrap();
    assert!(d.backup_warning().is_some_and(|w| w.starts_with("Sauvegarde impossible")), "{:?}", d.backup_warning());
    let org = d.organisations().unwrap()[0].id;
    d.save(org, Measure::new("Verrouillage de session")).unwrap();
    d.close().unwrap();
    let d = env.open(&path);
    assert_eq!(d.list::<Measure>(org).unwrap().len(), 1);
}

fn d_backups_len(env: &Env, path: &std::path::Path) -> usize {
    greffier::store::Backups::find_for_path(&env.path("backups"), path).iter().map(|b| b.list().len()).sum()
}

#[test]
fn backups_rotate() {
    let env = Env::new();
    let mut o = env.opts();
    o.retention.change_interval = std::time::Duration::ZERO;
    o.retention.keep_last = 3;
    let path = env.path("a.greffier");
    let mut d = Dossier::create(&path, &pass(), o).unwrap();
    let org = d.save_organisation(bakery()).unwrap();
    for i in 0..8 {
        d.save(org.id, Measure::new(format!("m{i}"))).unwrap();
    }
    let n = d.backups().unwrap().list().len();
    // 3 newest + the newest of today (among them) and nothing else
    assert_eq!(n, 3, "rotation keeps the newest only within one day");
}

#[test]
fn several_organisations_and_export_of_one_to_its_own_dossier() {
    let env = Env::new();
    let (mut d, _) = env.create("dpo.greffier");
    let a = d.save_organisation(bakery()).unwrap();
    let mut commune = Organisation::new("Commune de Saint-Exemple");
    commune.public_body = true;
    let b = d.save_organisation(commune).unwrap();
    let tp = d.save(b.id, ThirdParty::new("Éditeur du logiciel d'état civil")).unwrap();
    let mut p = Processing::new("État civil");
    p.recipients.push(Recipient {
        kind: RecipientKind::Processor,
        label: "Éditeur".into(),
        third_party: Some(tp.id),
        details: String::new(),
    });
    d.save(b.id, p).unwrap();
    d.save(a.id, Processing::new("Paie")).unwrap();
    assert_eq!(d.organisations().unwrap().iter().map(|o| o.id).collect::<Vec<_>>(), [a.id, b.id]);

    let client_pass = Passphrase::new("phrase du client de la mairie");
    let dest = env.path("commune.greffier");
    d.export_organisation(b.id, &dest, &client_pass, env.opts()).unwrap();
    let c = Dossier::open(&dest, &client_pass, env.opts()).unwrap();
    assert_eq!(c.bundles().unwrap(), vec![d.bundle(b.id).unwrap()], "same content, ids kept");
    assert!(!c.audit_of_organisation(b.id).unwrap().is_empty(), "history travels with it");
    drop(c);
    // exporting to an existing file is refused
    assert!(matches!(d.export_organisation(b.id, &dest, &client_pass, env.opts()), Err(StoreError::AlreadyExists(_))));

    // import it back into another dossier; importing twice is refused (same ids)
    let (mut other, _) = env.create("other.greffier");
    other.import_organisations_from(&dest, &client_pass, None).unwrap();
    assert_eq!(other.bundle(b.id).unwrap(), d.bundle(b.id).unwrap());
    let before = other.bundles().unwrap();
    assert!(matches!(other.import_organisations_from(&dest, &client_pass, None), Err(StoreError::DuplicateId(_))));
    assert_eq!(other.bundles().unwrap(), before);
    assert!(matches!(
        other.import_organisations_from(&dest, &Passphrase::new("mauvaise phrase"), None),
        Err(StoreError::WrongPassphrase)
    ));

    // deleting an organisation removes its records and says so in the trail
    d.delete_organisation(a.id).unwrap();
    assert_eq!(d.organisations().unwrap().len(), 1);
    assert_eq!(d.count(a.id, greffier::model::RecordKind::Processing).unwrap(), 0);
    let trail = d.audit_for(a.id).unwrap();
    assert_eq!(trail.last().unwrap().action, greffier::store::AuditAction::Delete);
}

#[test]
fn audit_trail_records_who_when_what() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    d.set_actor("Marie Martin");
    let mut p = d.save(org.id, Processing::new("Paie")).unwrap();
    p.name = "Gestion de la paie".into();
    p.dpo_notes = "Vérifier la durée".into();
    let before = chrono::Utc::now();
    d.set_actor("DPO externe");
    let p = d.save(org.id, p).unwrap();
    // saving the same value again writes nothing
    d.save(org.id, p.clone()).unwrap();
    let trail = d.audit_for(p.id).unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!(trail[0].action, greffier::store::AuditAction::Create);
    assert_eq!(trail[0].actor, "Marie Martin");
    let upd = &trail[1];
    assert_eq!(upd.actor, "DPO externe");
    assert!(upd.at >= before - chrono::Duration::seconds(1));
    assert_eq!(upd.title, "Gestion de la paie");
    let mut fields: Vec<&str> = upd.changes.iter().map(|c| c.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, ["/dpo_notes", "/name"]);
    let name = upd.changes.iter().find(|c| c.field == "/name").unwrap();
    assert_eq!(name.old, Some(serde_json::json!("Paie")));
    assert_eq!(name.new, Some(serde_json::json!("Gestion de la paie")));
    // created_at is kept by the store whatever the caller sends
    assert_eq!(p.created_at, trail[0].at.min(p.created_at).max(p.created_at));
    d.delete::<Processing>(p.id).unwrap();
    assert_eq!(d.audit_for(p.id).unwrap().last().unwrap().action, greffier::store::AuditAction::Delete);
}

#[test]
fn invalid_values_and_broken_links_are_refused_and_nothing_written() {
    let env = Env::new();
    let (mut d, _) = env.create("a.greffier");
    let org = d.save_organisation(bakery()).unwrap();
    let mut bad = d.organisation(org.id).unwrap();
    bad.siren = Some("732829321".into()); // wrong check digit
    bad.legal_name = "   ".into();
    match d.save_organisation(bad) {
        Err(StoreError::Invalid(problems)) => {
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            assert!(paths.contains(&"/siren"), "{paths:?}");
            assert!(paths.contains(&"/legal_name"), "{paths:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(d.organisation(org.id).unwrap().siren.as_deref(), Some("732829320"));

    let mut p = Processing::new("Vidéosurveillance");
    p.security.measures.push(uuid::Uuid::new_v4());
    assert!(matches!(d.save(org.id, p), Err(StoreError::Invalid(_))));
    assert_eq!(d.list::<Processing>(org.id).unwrap().len(), 0);
    assert!(matches!(d.save(uuid::Uuid::new_v4(), Processing::new("x")), Err(StoreError::UnknownOrganisation(_))));

    let m = d.save(org.id, Measure::new("Caméras : accès restreint aux images")).unwrap();
    let mut p = Processing::new("Vidéosurveillance");
    p.security.measures.push(m.id);
    let p = d.save(org.id, p).unwrap();
    match d.delete::<Measure>(m.id) {
        Err(StoreError::InUse { count: 1, users, .. }) => assert!(users.contains("Vidéosurveillance")),
        other => panic!("{other:?}"),
    }
    d.delete::<Processing>(p.id).unwrap();
    d.delete::<Measure>(m.id).unwrap();
    assert!(matches!(d.get::<Measure>(m.id), Err(StoreError::UnknownRecord(_))));
}

#[test]
fn interactive_kdf_parameters_are_recorded_in_the_header() {
    let env = Env::new();
    let path = env.path("real.greffier");
    let d =
        Dossier::create(&path, &pass(), Options::default().without_backups().with_kdf(KdfParams::INTERACTIVE)).unwrap();
    let info = d.info().unwrap();
    assert_eq!(info.kdf_memory_kib, 128 * 1024);
    assert_eq!(info.kdf_passes, 4);
    d.close().unwrap();
    let h = fs::read(&path).unwrap();
    assert_eq!(&h[..8], &[b'G', b'R', b'F', 1, 1, 17, 4, 1]);
    Dossier::open(&path, &pass(), Options::default().without_backups()).unwrap();
}

#[test]
fn deleting_an_organisation_takes_a_backup_first_that_still_holds_it() {
    let env = Env::new();
    let path = env.path("cabinet.greffier");
    let mut d = Dossier::create(&path, &pass(), env.opts()).unwrap();
    let keep = d.save_organisation(bakery()).unwrap();
    let mut other = bakery();
    other.id = uuid::Uuid::new_v4();
    other.legal_name = "Client supprimé".into();
    let gone = d.save_organisation(other).unwrap();
    let before = d.backups().unwrap().list().len();
    d.delete_organisation(gone.id).unwrap();
    let list = d.backups().unwrap().list();
    assert_eq!(list.len(), before + 1, "one backup taken by the deletion");
    assert_eq!(list[0].reason, BackupReason::Change);
    d.close().unwrap();
    let snap = Dossier::open(&list[0].path, &pass(), env.opts().without_backups().read_only()).unwrap();
    let names: Vec<String> = snap.organisations().unwrap().into_iter().map(|o| o.legal_name).collect();
    assert!(names.contains(&"Client supprimé".to_string()), "{names:?}");
    let mut live = Dossier::open(&path, &pass(), env.opts()).unwrap();
    assert_eq!(live.organisations().unwrap().iter().map(|o| o.id).collect::<Vec<_>>(), vec![keep.id]);
    // The last organisation stays: a dossier always has one.
    let n = live.backups().unwrap().list().len();
    let err = live.delete_organisation(keep.id).unwrap_err();
    assert!(matches!(err, StoreError::LastOrganisation), "{err}");
    assert!(err.to_string().contains("au moins un organisme"));
    assert_eq!(live.organisations().unwrap().len(), 1);
    assert_eq!(live.backups().unwrap().list().len(), n, "nothing done, not even a backup");
}
