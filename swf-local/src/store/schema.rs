//! The database's layout and its version, kept in SQLite's `PRAGMA user_version`.
//!
//! A file written in another layout is refused before anything in it is read or changed: loaded
//! anyway, its records would fail to parse at best and be misread at worst. The version covers
//! the tables and the JSON records in them (each domain's `meta`, each run's `state`, each
//! history `event`): bump [`VERSION`] when either changes.
//!
//! Version 0 is what SQLite reports for a file that never set one: a new, empty file, or one
//! written before the version was recorded. Those files have exactly version 1's tables (they
//! have not changed since the first store), so they are read as version 1.
//!
//! Version 2 adds the `clock` table (the virtual clock's time, one row). A version 1 file is
//! brought to version 2 by creating it, empty: such a file never ran on a virtual clock. Any
//! other version is refused.

use rusqlite::{Connection, TransactionBehavior};

/// The layout this service reads and writes.
pub(super) const VERSION: i64 = 2;

/// The versions this service brings to [`VERSION`] by creating the tables they lack.
const UPGRADABLE: [i64; 2] = [0, 1];

/// The tables of version 2 (version 1's, and `clock`).
const TABLES: &str = "
    CREATE TABLE IF NOT EXISTS domains (name TEXT PRIMARY KEY, meta TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS runs (
        domain TEXT NOT NULL, run_id TEXT NOT NULL, state TEXT NOT NULL,
        PRIMARY KEY (domain, run_id));
    CREATE TABLE IF NOT EXISTS events (
        domain TEXT NOT NULL, run_id TEXT NOT NULL, event_id INTEGER NOT NULL,
        event TEXT NOT NULL, PRIMARY KEY (domain, run_id, event_id));
    CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 0), now_ms INTEGER NOT NULL);";

/// Why a database could not be prepared.
#[derive(Debug)]
pub(super) enum SchemaError {
    /// The file records a version this service does not read.
    Version(i64),
    /// SQLite failed.
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for SchemaError {
    fn from(e: rusqlite::Error) -> SchemaError {
        SchemaError::Sqlite(e)
    }
}

/// Checks the file's version, then creates the tables and records the version if they are new.
///
/// Nothing is written to a refused file, not even its journal mode. The check and the creation
/// share one transaction, so a crash leaves either no tables or the tables with their version,
/// and two services opening one new file at once cannot both find it unversioned.
pub(super) fn prepare(conn: &mut Connection) -> Result<(), SchemaError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found != VERSION && !UPGRADABLE.contains(&found) {
        return Err(SchemaError::Version(found));
    }
    tx.execute_batch(TABLES)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    // Outside the transaction: SQLite cannot change the journal mode within one.
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")?;
    Ok(())
}
