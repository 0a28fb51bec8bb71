//! Prints every sheet of a spreadsheet (ODS, XLSX…) as text, one `== name` line per sheet
//! then one tab-separated line per row: the e2e tests read exported registers back with it
//! (calamine, the same reader as the import).
//!
//! `cargo run --example sheet_dump -- Registre.ods`

use calamine::{open_workbook_auto, Data, Reader};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sheet_dump FILE");
        std::process::exit(2);
    };
    let mut book = match open_workbook_auto(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for name in book.sheet_names() {
        println!("== {name}");
        match book.worksheet_range(&name) {
            Ok(range) => {
                for row in range.rows() {
                    let cells: Vec<String> = row
                        .iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            other => other.to_string().replace(['\t', '\n'], " "),
                        })
                        .collect();
                    println!("{}", cells.join("\t").trim_end());
                }
            }
            Err(e) => {
                eprintln!("{name}: {e}");
                std::process::exit(1);
            }
        }
    }
}
