//! Times the spreadsheet exports of a register of 1,000 processings once each, with
//! `std::time` (budget: ODS and XLSX ≤ 1 s each), and reading them back.
//!
//! Run: `cargo run --release --example sheets_timing`.

use std::time::{Duration, Instant};

use greffier::documents::sheets::{preview_spreadsheet, register_csv, register_ods, register_xlsx, SheetOptions};
use greffier::model::{OrganisationBundle, Processing};
use uuid::Uuid;

const DEMO: &str = include_str!("../assets/demo/demo.json");
const LIBRARY: &str = include_str!("../assets/register/library.json");

/// The demo bakery with 1,000 processings: the 32 library templates cloned with new ids.
fn thousand_processings() -> Result<OrganisationBundle, Box<dyn std::error::Error>> {
    let demo: Vec<OrganisationBundle> = serde_json::from_str(DEMO)?;
    let library: serde_json::Value = serde_json::from_str(LIBRARY)?;
    let templates: Vec<Processing> = library["entries"]
        .as_array()
        .ok_or("library.json has no entries")?
        .iter()
        .map(|e| serde_json::from_value(e["template"].clone()))
        .collect::<Result<_, _>>()?;
    let org = demo.first().ok_or("demo.json is empty")?.organisation.clone();
    let mut bundle = OrganisationBundle::new(org);
    bundle.processings = (0..1000)
        .map(|i| {
            let mut p = templates[i % templates.len()].clone();
            p.id = Uuid::new_v4();
            p.name = format!("{} n° {i}", p.name);
            p
        })
        .collect();
    Ok(bundle)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bundle = thousand_processings()?;
    let opts = SheetOptions::default();
    let (ods, t_ods) = timed(|| register_ods(&bundle, &opts));
    let ods = ods?;
    let (xlsx, t_xlsx) = timed(|| register_xlsx(&bundle, &opts));
    let xlsx = xlsx?;
    let (csv, t_csv) = timed(|| register_csv(&bundle, &opts));
    let csv = csv?;
    println!("1,000 processings (budget: ODS and XLSX ≤ 1 s each)");
    println!("  register_ods   {:>8.1} ms  {:>6} kB", t_ods.as_secs_f64() * 1e3, ods.len() / 1024);
    println!("  register_xlsx  {:>8.1} ms  {:>6} kB", t_xlsx.as_secs_f64() * 1e3, xlsx.len() / 1024);
    println!("  register_csv   {:>8.1} ms  {:>6} kB", t_csv.as_secs_f64() * 1e3, csv.len() / 1024);
    for (name, bytes) in [("registre.ods", &ods), ("registre.xlsx", &xlsx), ("registre.csv", &csv)] {
        let (preview, t) = timed(|| preview_spreadsheet(bytes, name));
        let preview = preview?;
        println!(
            "  preview {name:<14} {:>8.1} ms  {} processings, {} issues",
            t.as_secs_f64() * 1e3,
            preview.processings.len(),
            preview.issues.len()
        );
    }
    let over = [t_ods, t_xlsx].iter().any(|t| *t > Duration::from_secs(1));
    println!("{}", if over { "OVER BUDGET" } else { "within budget" });
    Ok(())
}
