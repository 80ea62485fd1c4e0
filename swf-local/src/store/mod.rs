//! Durable storage in SQLite (WAL), with group commit.
//!
//! # Why group commit
//! A durable commit costs an fsync, about a millisecond or more. One transaction per call would
//! cap the service at a few hundred calls per second on any disk. Instead, operations hand their
//! changes to one writer thread through a channel; the writer takes everything waiting, writes
//! it in one transaction, commits once and then acknowledges each call, which only then answers
//! its client. Under load, many calls share one fsync; alone, a call waits for one commit.
//!
//! # When a commit fails
//! The calls of a failed commit are answered with a 500, which tells their clients the call may
//! have been applied; it has been, in memory, where other calls may already see it. So the
//! writer keeps what failed and writes it again with the next batch: the file catches up with
//! memory instead of missing those changes for good (a history with a gap in its event ids,
//! which the next event after a restart would reuse).
//!
//! # What is stored
//! Three tables: each domain's registration and types as one JSON record, each run's state (all
//! but its history) as one JSON record rewritten when it changes, and each history event as a
//! row written once. A fourth holds the virtual clock's time, when the service runs on one. Rows are keyed by their natural ids and written with `INSERT OR REPLACE`,
//! so nothing can be stored twice. Queued tasks, started tasks and deadlines are not stored
//! apart: they are all implied by the runs' states and rebuilt from them on load.
//!
//! The file records the version of this layout, and a file of another version is refused at
//! start (see `schema`).
//!
//! # One service per file
//! A service answers from memory and only writes to the file, so two on one file would lose
//! each other's writes. Opening takes an exclusive lock first (see `lock`), and a file another
//! service holds is refused. The writer thread owns the lock with the connection and lets go of
//! both only when it stops: at [`Store::close`], or when the store is dropped.

mod lock;
mod schema;

use crate::engine::state::{DomainMeta, DomainState, Execution};
use crate::error::{Fault, FaultKind, StartError};
use lock::{DbLock, LockError};
use rusqlite::{Connection, OptionalExtension, params};
use schema::SchemaError;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use tokio::sync::oneshot;

/// The most calls one transaction takes, so a flood still gets acknowledgements steadily.
const MAX_BATCH: usize = 1024;

/// A handle to the writer thread.
#[derive(Debug)]
pub(crate) struct Store {
    jobs: mpsc::Sender<Message>,
    /// The virtual clock's time the file held when it was opened.
    saved_clock: Option<i64>,
}

/// What the writer thread is asked to do.
#[derive(Debug)]
enum Message {
    /// Write a call's changes.
    Write(Job),
    /// Write what was sent before, then close the file and release its lock, and say so.
    Close(oneshot::Sender<()>),
}

/// What one call changed, and who waits for it to be committed.
#[derive(Debug)]
struct Job {
    writes: Writes,
    ack: oneshot::Sender<Result<(), String>>,
}

/// What one call changed, ready to write.
#[derive(Debug)]
struct Writes {
    domain: String,
    meta: Option<String>,
    runs: Vec<RunRow>,
    deleted: Vec<String>,
    /// The virtual clock's new time.
    clock: Option<i64>,
}

#[derive(Debug)]
struct RunRow {
    run_id: String,
    state: String,
    events: Vec<(i64, String)>,
}

/// The promise that a call's changes are committed.
#[derive(Debug)]
pub(crate) struct Ack(oneshot::Receiver<Result<(), String>>);

impl Ack {
    pub(crate) async fn wait(self) -> Result<(), Fault> {
        match self.0.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Fault::new(
                FaultKind::InternalFailure,
                format!("storage failed: {e}"),
            )),
            Err(_) => Err(Fault::new(FaultKind::InternalFailure, "storage stopped")),
        }
    }
}

/// Everything a database holds: each domain with its runs (histories included).
pub(crate) type Loaded = Vec<(DomainMeta, Vec<Execution>)>;

impl Store {
    /// Opens (or creates) the database, loads its contents and starts the writer thread.
    pub(crate) fn open(path: &Path) -> Result<(Store, Loaded), StartError> {
        let err = |e: &dyn std::fmt::Display| StartError::Database {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        // Before the file is even read: what another service holds may be mid-write.
        let lock = DbLock::acquire(path).map_err(|e| match e {
            LockError::Held { lock_file, holder } => StartError::DatabaseInUse {
                path: path.display().to_string(),
                lock_file: lock_file.display().to_string(),
                holder,
            },
            LockError::Io { lock_file, source } => err(&format_args!(
                "cannot lock it through {}: {source}",
                lock_file.display()
            )),
        })?;
        let mut conn = Connection::open(path).map_err(|e| err(&e))?;
        schema::prepare(&mut conn).map_err(|e| match e {
            SchemaError::Version(found) => StartError::SchemaVersion {
                path: path.display().to_string(),
                found,
                expected: schema::VERSION,
            },
            SchemaError::Sqlite(e) => err(&e),
        })?;
        let loaded = load(&conn).map_err(|e| err(&e))?;
        let saved_clock = conn
            .query_row("SELECT now_ms FROM clock WHERE id = 0", [], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|e| err(&e))?;
        let (jobs, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("swf-local-store".into())
            .spawn(move || {
                let closed = write_loop(&mut conn, rx);
                // The lock goes last: no other service may open the file while this one has it.
                drop(conn);
                drop(lock);
                if let Some(closed) = closed {
                    let _ = closed.send(());
                }
            })
            .map_err(|e| err(&e))?;
        Ok((Store { jobs, saved_clock }, loaded))
    }

    /// Writes what was sent before, then closes the file and releases its lock; resolves once
    /// it is released, so another service may open the file at once. Writes sent afterwards
    /// fail with "storage stopped".
    pub(crate) async fn close(&self) {
        let (closed, rx) = oneshot::channel();
        if self.jobs.send(Message::Close(closed)).is_ok() {
            // An error means the thread has already stopped, and let go of the lock.
            let _ = rx.await;
        }
    }

    /// The virtual clock's time the file held when it was opened, if it ever ran on one.
    pub(crate) fn saved_clock(&self) -> Option<i64> {
        self.saved_clock
    }

    /// Queues the virtual clock's new time and returns the acknowledgement of its commit.
    pub(crate) fn save_clock(&self, now_ms: i64) -> Ack {
        self.send(Writes {
            domain: String::new(),
            meta: None,
            runs: Vec::new(),
            deleted: Vec::new(),
            clock: Some(now_ms),
        })
    }

    /// Queues what an operation changed in `state` and returns the acknowledgement of its
    /// commit. Called under the domain lock, so the writer sees changes in the order they
    /// happened.
    pub(crate) fn submit(
        &self,
        state: &mut DomainState,
        meta: bool,
        runs: Vec<Arc<str>>,
        deleted: Vec<String>,
    ) -> Ack {
        let meta = meta.then(|| serde_json::to_string(&state.meta).expect("serializable"));
        let mut rows = Vec::with_capacity(runs.len());
        let mut seen = Vec::with_capacity(runs.len());
        for run in runs {
            if seen.contains(&run) {
                continue;
            }
            let Some(exec) = state.runs.get_mut(&run) else {
                continue;
            };
            let first_id = exec.persisted_events as i64 + 1;
            let events = exec.history[exec.persisted_events..]
                .iter()
                .zip(first_id..)
                .map(|(json, id)| (id, json.to_string()))
                .collect();
            exec.persisted_events = exec.history.len();
            rows.push(RunRow {
                run_id: run.to_string(),
                state: serde_json::to_string(exec).expect("serializable"),
                events,
            });
            seen.push(run);
        }
        self.send(Writes {
            domain: state.name.to_string(),
            meta,
            runs: rows,
            deleted,
            clock: None,
        })
    }

    /// Hands writes to the writer thread.
    fn send(&self, writes: Writes) -> Ack {
        let (ack, rx) = oneshot::channel();
        let job = Job { writes, ack };
        if let Err(mpsc::SendError(Message::Write(job))) = self.jobs.send(Message::Write(job)) {
            let _ = job.ack.send(Err("the writer thread stopped".into()));
        }
        Ack(rx)
    }
}

/// Commits batches until every sender is gone or a [`Message::Close`] comes; returns the
/// latter's reply, to send once the file is closed.
fn write_loop(conn: &mut Connection, rx: mpsc::Receiver<Message>) -> Option<oneshot::Sender<()>> {
    // The writes of failed commits, in order, followed by the batch being committed.
    let mut unwritten: Vec<Writes> = Vec::new();
    let mut closing = None;
    while closing.is_none() {
        let Ok(first) = rx.recv() else { break };
        let mut acks = Vec::new();
        for message in std::iter::once(first).chain(std::iter::from_fn(|| rx.try_recv().ok())) {
            match message {
                Message::Write(job) => {
                    unwritten.push(job.writes);
                    acks.push(job.ack);
                }
                Message::Close(closed) => {
                    closing = Some(closed);
                    break;
                }
            }
            if acks.len() == MAX_BATCH {
                break;
            }
        }
        if unwritten.is_empty() {
            continue;
        }
        let result = write_batch(conn, &unwritten).map_err(|e| e.to_string());
        match &result {
            Ok(()) => unwritten.clear(),
            Err(e) => tracing::error!(
                error = %e,
                "committing to the database failed; the next commit retries it"
            ),
        }
        for ack in acks {
            let _ = ack.send(result.clone());
        }
    }
    closing
}

fn write_batch(conn: &mut Connection, batch: &[Writes]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut put_domain =
            tx.prepare_cached("INSERT OR REPLACE INTO domains (name, meta) VALUES (?1, ?2)")?;
        let mut put_run = tx.prepare_cached(
            "INSERT OR REPLACE INTO runs (domain, run_id, state) VALUES (?1, ?2, ?3)",
        )?;
        let mut put_event = tx.prepare_cached(
            "INSERT OR REPLACE INTO events (domain, run_id, event_id, event) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut delete_run =
            tx.prepare_cached("DELETE FROM runs WHERE domain = ?1 AND run_id = ?2")?;
        let mut delete_events =
            tx.prepare_cached("DELETE FROM events WHERE domain = ?1 AND run_id = ?2")?;
        let mut put_clock =
            tx.prepare_cached("INSERT OR REPLACE INTO clock (id, now_ms) VALUES (0, ?1)")?;
        for job in batch {
            if let Some(now_ms) = job.clock {
                put_clock.execute(params![now_ms])?;
            }
            if let Some(meta) = &job.meta {
                put_domain.execute(params![job.domain, meta])?;
            }
            for run_id in &job.deleted {
                delete_run.execute(params![job.domain, run_id])?;
                delete_events.execute(params![job.domain, run_id])?;
            }
            for run in &job.runs {
                put_run.execute(params![job.domain, run.run_id, run.state])?;
                for (id, event) in &run.events {
                    put_event.execute(params![job.domain, run.run_id, id, event])?;
                }
            }
        }
    }
    tx.commit()
}

fn load(conn: &Connection) -> Result<Loaded, Box<dyn std::error::Error>> {
    let mut domains: Vec<(DomainMeta, Vec<Execution>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut stmt = conn.prepare("SELECT name, meta FROM domains ORDER BY name")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (name, meta) = row?;
        index.insert(name, domains.len());
        domains.push((serde_json::from_str(&meta)?, Vec::new()));
    }
    let mut histories: HashMap<(String, String), Vec<Box<str>>> = HashMap::new();
    let sql = "SELECT domain, run_id, event FROM events ORDER BY domain, run_id, event_id";
    for_each_run_row(conn, sql, |domain, run, event| {
        histories
            .entry((domain, run))
            .or_default()
            .push(event.into_boxed_str());
        Ok(())
    })?;
    for_each_run_row(
        conn,
        "SELECT domain, run_id, state FROM runs",
        |domain, run, state| {
            let Some(&i) = index.get(&domain) else {
                return Ok(());
            };
            let mut exec: Execution = serde_json::from_str(&state)?;
            exec.history = histories.remove(&(domain, run)).unwrap_or_default();
            domains[i].1.push(exec);
            Ok(())
        },
    )?;
    Ok(domains)
}

/// Calls `each` with the domain, the run id and the stored text of every row `sql` selects, in
/// the query's order: the events and the runs tables are both read that way.
fn for_each_run_row(
    conn: &Connection,
    sql: &str,
    mut each: impl FnMut(String, String, String) -> Result<(), Box<dyn std::error::Error>>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r.get(2)?)?;
    }
    Ok(())
}
