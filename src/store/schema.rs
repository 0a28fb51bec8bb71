//! The dossier's SQL schema and its migrations.
//!
//! The schema version is SQLite's `user_version`. Each migration moves from version N-1 to
//! N; all pending ones run in one transaction, after a backup copy of the file. A file with
//! a version above [`FORMAT_VERSION`] is refused before anything is written.

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// The newest format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One step of the schema's history.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    pub to_version: u32,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[Migration { to_version: 1, sql: V1 }];

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE records (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX records_by_org_kind ON records(org_id, kind);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    org_id    TEXT,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    title     TEXT NOT NULL,
    changes   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_record ON audit(record_id, seq);
"#;

pub fn version(conn: &Connection) -> Result<u32> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(u32::try_from(v).unwrap_or(u32::MAX))
}

/// What `plan` decided for a file at some version.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    UpToDate,
    Migrate { from: u32, to: u32 },
}

pub fn plan(found: u32, migrations: &[Migration]) -> Result<Plan> {
    let newest = migrations.last().map_or(0, |m| m.to_version);
    if found > newest {
        return Err(StoreError::TooNew { found, supported: newest });
    }
    Ok(if found == newest { Plan::UpToDate } else { Plan::Migrate { from: found, to: newest } })
}

/// Applies every migration above the current version, in one transaction.
pub fn apply(conn: &mut Connection, migrations: &[Migration]) -> Result<()> {
    let from = version(conn)?;
    let tx = conn.transaction()?;
    for m in migrations.iter().filter(|m| m.to_version > from) {
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "user_version", m.to_version)?;
    }
    tx.commit()?;
    Ok(())
}
