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
//! have been applied; it has been, in memory. So the writer keeps what failed and writes it again
//! with the next batch, or after [`RETRY_AFTER`] when no batch comes: the file catches up with
//! memory instead of missing those changes for good (a history with a gap in its event ids,
//! which the next event after a restart would reuse).
//!
//! # Reads wait for the commit too
//! Memory runs ahead of the file: an operation is applied, then committed. A read answered from
//! memory in between could show a client an event that a crash then discards. So every answer
//! waits for the commit of everything submitted before it looked at the state ([`Store::barrier`],
//! taken under the domain lock): batches are numbered in the order the writer receives them and
//! the writer publishes how far it has committed (`committed`). Nothing pending: no wait. A
//! failed commit of something a read saw fails the read with a 500, as it failed the writes.
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

mod committed;
mod lock;
mod schema;

pub(crate) use committed::Ack;

use crate::engine::state::{DomainMeta, DomainState, Execution};
use crate::error::StartError;
use committed::{Committed, Publisher};
use lock::{DbLock, LockError};
use rusqlite::{Connection, OptionalExtension, params};
use schema::SchemaError;
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// The most calls one transaction takes, so a flood still gets acknowledgements steadily.
const MAX_BATCH: usize = 1024;

/// How long the writer waits for new writes before it retries a failed commit on its own, so
/// the file catches up (and reads waiting on it go on) without another write coming.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// A handle to the writer thread.
#[derive(Debug)]
pub(crate) struct Store {
    /// The writer's queue and the number of the last batch put on it: numbered and queued under
    /// one lock, so the writer receives batches in the order of their numbers.
    queue: Mutex<(u64, mpsc::Sender<Message>)>,
    /// How far the writer has committed.
    committed: watch::Receiver<Committed>,
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

/// What one call changed, and its number in the writer's order.
#[derive(Debug)]
struct Job {
    seq: u64,
    writes: Writes,
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
        let publisher = Publisher::new();
        let committed = publisher.subscribe();
        std::thread::Builder::new()
            .name("swf-local-store".into())
            .spawn(move || {
                let closed = write_loop(&mut conn, rx, publisher);
                // The lock goes last: no other service may open the file while this one has it.
                drop(conn);
                drop(lock);
                if let Some(closed) = closed {
                    let _ = closed.send(());
                }
            })
            .map_err(|e| err(&e))?;
        let store = Store {
            queue: Mutex::new((0, jobs)),
            committed,
            saved_clock,
        };
        Ok((store, loaded))
    }

    /// Writes what was sent before, then closes the file and releases its lock; resolves once
    /// it is released, so another service may open the file at once. Writes sent afterwards
    /// fail with "storage stopped".
    pub(crate) async fn close(&self) {
        let (closed, rx) = oneshot::channel();
        let sent = self.queue().1.send(Message::Close(closed));
        if sent.is_ok() {
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

    /// Hands writes to the writer thread. (If the writer stopped, they are dropped, and the
    /// acknowledgement answers "storage stopped".)
    fn send(&self, writes: Writes) -> Ack {
        let mut queue = self.queue();
        queue.0 += 1;
        let seq = queue.0;
        let _ = queue.1.send(Message::Write(Job { seq, writes }));
        Ack::new(seq, self.committed.clone())
    }

    /// The acknowledgement of everything submitted so far: what an answer that changed nothing
    /// waits for. Taken under the domain lock after reading, it covers every change the read
    /// could have seen, since each was submitted under that lock before it was released.
    pub(crate) fn barrier(&self) -> Ack {
        Ack::new(self.queue().0, self.committed.clone())
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, (u64, mpsc::Sender<Message>)> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Commits batches until every sender is gone or a [`Message::Close`] comes, publishing how far
/// it has committed; returns the latter's reply, to send once the file is closed.
fn write_loop(
    conn: &mut Connection,
    rx: mpsc::Receiver<Message>,
    publisher: Publisher,
) -> Option<oneshot::Sender<()>> {
    // The writes of failed commits, in order, followed by the batch being committed, and the
    // number of the last of them.
    let mut unwritten: Vec<Writes> = Vec::new();
    let mut last = 0;
    let mut closing = None;
    while closing.is_none() {
        let first = if unwritten.is_empty() {
            let Ok(first) = rx.recv() else { break };
            Some(first)
        } else {
            match rx.recv_timeout(RETRY_AFTER) {
                Ok(first) => Some(first),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        };
        let mut taken = 0;
        for message in first
            .into_iter()
            .chain(std::iter::from_fn(|| rx.try_recv().ok()))
        {
            match message {
                Message::Write(job) => {
                    unwritten.push(job.writes);
                    last = job.seq;
                    taken += 1;
                }
                Message::Close(closed) => {
                    closing = Some(closed);
                    break;
                }
            }
            if taken == MAX_BATCH {
                break;
            }
        }
        if unwritten.is_empty() {
            continue;
        }
        match write_batch(conn, &unwritten) {
            Ok(()) => {
                unwritten.clear();
                publisher.committed(last);
            }
            Err(e) => {
                tracing::error!(
                    error = %e,
                    "committing to the database failed; the next commit retries it"
                );
                publisher.failed(last, e.to_string());
            }
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
