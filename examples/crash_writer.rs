//! Test helper (used by `tests/crash.rs`): opens a dossier and writes records in a loop,
//! printing `ack <id>` after each committed transaction, until it is killed.
//!
//! Usage: crash_writer <dossier> <organisation id>   (passphrase in GREFFIER_PASSPHRASE)

use std::io::Write;

use greffier::model::{Measure, Processing};
use greffier::store::{Dossier, KdfParams, Options, Passphrase};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (path, org) = (std::path::PathBuf::from(&args[1]), args[2].parse().expect("organisation id"));
    let pass = Passphrase::new(std::env::var("GREFFIER_PASSPHRASE").expect("GREFFIER_PASSPHRASE"));
    let opts = Options::default().with_kdf(KdfParams::INSECURE_FAST_FOR_TESTS).without_backups();
    let mut d = Dossier::open(&path, &pass, opts).expect("open");
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {}", std::process::id()).unwrap();
    out.flush().unwrap();
    for i in 0u64.. {
        let id = if i % 3 == 0 {
            let mut p = Processing::new(format!("Traitement {i}"));
            p.dpo_notes = "x".repeat((i % 50) as usize * 40);
            d.save(org, p).expect("save").id
        } else {
            d.save(org, Measure::new(format!("Mesure {i}"))).expect("save").id
        };
        writeln!(out, "ack {id}").unwrap();
        out.flush().unwrap();
    }
}
