//! Durability: a writer killed with SIGKILL in the middle of a stream of writes loses no
//! acknowledged write, and the file stays intact. Also: the write lock across processes.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use greffier::model::{Measure, Organisation, Processing};
use greffier::store::{Dossier, StoreError};
use support::*;
use uuid::Uuid;

fn writer_exe() -> PathBuf {
    // tests run from target/<profile>/deps; cargo builds examples into target/<profile>/examples
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().unwrap().parent().unwrap().join("examples");
    let p = dir.join(format!("crash_writer{}", std::env::consts::EXE_SUFFIX));
    assert!(p.exists(), "build the example first: cargo test builds it ({})", p.display());
    p
}

struct Writer {
    child: Child,
    acks: Arc<Mutex<Vec<Uuid>>>,
    ready: Arc<Mutex<Option<u32>>>,
    reader: std::thread::JoinHandle<()>,
}

fn spawn(path: &Path, org: Uuid) -> Writer {
    let mut child = Command::new(writer_exe())
        .arg(path)
        .arg(org.to_string())
        .env("GREFFIER_PASSPHRASE", PASS)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let acks = Arc::new(Mutex::new(Vec::new()));
    let ready = Arc::new(Mutex::new(None));
    let (a, r) = (acks.clone(), ready.clone());
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(id) = line.strip_prefix("ack ") {
                a.lock().unwrap().push(id.parse().unwrap());
            } else if let Some(pid) = line.strip_prefix("ready ") {
                *r.lock().unwrap() = pid.parse().ok();
            }
        }
    });
    Writer { child, acks, ready, reader }
}

fn wait_for(cond: impl Fn() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(start.elapsed() < Duration::from_secs(30), "child did not start writing");
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn sigkill_during_writes_loses_no_acknowledged_write() {
    let env = Env::new();
    let (mut d, path) = env.create("crash.greffier");
    let org = d.save_organisation(Organisation::new("Boulangerie")).unwrap().id;
    d.close().unwrap();

    let mut acked: Vec<Uuid> = Vec::new();
    let rounds = 25;
    for round in 0..rounds {
        let mut w = spawn(&path, org);
        wait_for(|| !w.acks.lock().unwrap().is_empty());
        // Let it run a varying time, then kill it without warning (SIGKILL on Unix).
        std::thread::sleep(Duration::from_millis(5 + (round * 37 % 120) as u64));
        w.child.kill().unwrap();
        let status = w.child.wait().unwrap();
        assert!(!status.success());
        w.reader.join().unwrap();
        let acks = w.acks.lock().unwrap().clone();
        assert!(!acks.is_empty());
        acked.extend(acks);

        let d = Dossier::open(&path, &pass(), env.opts().without_backups())
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let ok: String = d.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok", "round {round}");
        let mut present: std::collections::HashSet<Uuid> =
            d.list::<Measure>(org).unwrap().into_iter().map(|m| m.id).collect();
        present.extend(d.list::<Processing>(org).unwrap().into_iter().map(|p| p.id));
        let missing: Vec<&Uuid> = acked.iter().filter(|id| !present.contains(id)).collect();
        assert!(missing.is_empty(), "round {round}: {} acknowledged writes lost", missing.len());
        // every write has its audit entry (same transaction)
        let audited = d.audit_of_organisation(org).unwrap().len();
        assert!(audited > present.len(), "round {round}: audit {audited} < records {}", present.len());
        assert!(d.check().unwrap().is_ok(), "round {round}");
    }
    assert!(acked.len() >= rounds * 2, "the writer really wrote ({} acks)", acked.len());
}

#[test]
fn another_process_holding_the_dossier_blocks_writers_not_readers() {
    let env = Env::new();
    let (mut d, path) = env.create("held.greffier");
    let org = d.save_organisation(Organisation::new("Mairie")).unwrap().id;
    d.close().unwrap();
    let mut w = spawn(&path, org);
    wait_for(|| w.ready.lock().unwrap().is_some());
    let child_pid = w.ready.lock().unwrap().unwrap();
    match Dossier::open(&path, &pass(), env.opts()) {
        Err(StoreError::AlreadyOpen { holder }) => {
            assert_eq!(holder.pid, child_pid);
            assert!(!holder.host.is_empty());
        }
        other => panic!("expected AlreadyOpen, got {other:?}"),
    }
    wait_for(|| w.acks.lock().unwrap().len() > 3);
    let ro = Dossier::open(&path, &pass(), env.opts().read_only()).unwrap();
    assert!(!ro.list::<Measure>(org).unwrap().is_empty(), "reader sees committed writes");
    drop(ro);
    w.child.kill().unwrap();
    w.child.wait().unwrap();
    w.reader.join().unwrap();
    // right after the crash, a reader (as `greffier info` is) sees every committed write
    let ro = Dossier::open(&path, &pass(), env.opts().read_only()).unwrap();
    assert!(
        ro.list::<Measure>(org).unwrap().len() + ro.list::<Processing>(org).unwrap().len()
            >= w.acks.lock().unwrap().len()
    );
    drop(ro);
    // the dead holder's lock is gone with it
    Dossier::open(&path, &pass(), env.opts()).unwrap();
}
