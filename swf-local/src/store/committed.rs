//! How far the file has caught up with memory: every batch of writes handed to the writer gets a
//! sequence number, in the order the writer receives them, and the writer publishes the highest
//! number it has committed. An [`Ack`] is a wait for one number: a call's own writes, or (for a
//! read, or a call that changed nothing) the last writes submitted before it looked at the
//! state, so that nothing it answers from can still be lost by a crash.

use crate::error::{Fault, FaultKind};
use tokio::sync::watch;

/// What the writer has done so far, as it publishes it.
#[derive(Debug, Clone, Default)]
pub(super) struct Committed {
    /// Every batch numbered up to this one is in the file.
    pub(super) through: u64,
    /// The last failed commit: the highest number it held and why it failed. Those writes are
    /// retried with the next commit; until then, a wait for any of them fails as they did.
    pub(super) failed: Option<(u64, String)>,
}

/// The writer's side: publishes commits and failures.
#[derive(Debug)]
pub(super) struct Publisher(watch::Sender<Committed>);

impl Publisher {
    pub(super) fn new() -> Publisher {
        Publisher(watch::Sender::new(Committed::default()))
    }

    /// What acknowledgements watch. When the writer (and this publisher with it) is gone, they
    /// answer "storage stopped".
    pub(super) fn subscribe(&self) -> watch::Receiver<Committed> {
        self.0.subscribe()
    }

    /// Everything up to `seq` is in the file.
    pub(super) fn committed(&self, seq: u64) {
        self.0.send_modify(|c| c.through = c.through.max(seq));
    }

    /// The commit of everything up to `seq` failed with `error`.
    pub(super) fn failed(&self, seq: u64, error: String) {
        self.0.send_modify(|c| c.failed = Some((seq, error)));
    }
}

/// The promise that writes up to one sequence number are committed.
#[derive(Debug)]
pub(crate) struct Ack {
    seq: u64,
    committed: watch::Receiver<Committed>,
}

impl Ack {
    /// A wait for every batch up to `seq` (none when 0) to be committed.
    pub(super) fn new(seq: u64, committed: watch::Receiver<Committed>) -> Ack {
        Ack { seq, committed }
    }

    /// Waits until the writes are in the file. A failed commit of them is an `InternalFailure`
    /// (the call may have been applied in memory, as a 500 tells a client); a writer that
    /// stopped is one too.
    pub(crate) async fn wait(mut self) -> Result<(), Fault> {
        loop {
            {
                let now = self.committed.borrow_and_update();
                if now.through >= self.seq {
                    return Ok(());
                }
                if let Some((upto, error)) = &now.failed
                    && *upto >= self.seq
                {
                    return Err(Fault::new(
                        FaultKind::InternalFailure,
                        format!("storage failed: {error}"),
                    ));
                }
            }
            if self.committed.changed().await.is_err() {
                return Err(Fault::new(FaultKind::InternalFailure, "storage stopped"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Store;
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Waker};

    /// Polls a future once: whether it has answered yet, without waiting.
    fn answered<F: Future>(f: std::pin::Pin<&mut F>) -> bool {
        f.poll(&mut Context::from_waker(Waker::noop())).is_ready()
    }

    /// A barrier taken after a write answers only once that write is in the file, however long
    /// its commit takes (here: as long as another connection holds the file's write lock).
    #[tokio::test]
    async fn a_barrier_waits_for_the_writes_submitted_before_it() {
        let dir = std::env::temp_dir().join(format!(
            "swf-local-barrier-{}-{:?}",
            std::process::id(),
            std::time::Instant::now()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("db.sqlite");
        let (store, _) = Store::open(&path).unwrap();
        assert!(answered(pin!(store.barrier().wait())), "nothing pending");

        let other = rusqlite::Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let write = store.save_clock(42);
        let mut barrier = pin!(store.barrier().wait());
        assert!(!answered(barrier.as_mut()), "answered before the commit");
        other.execute_batch("ROLLBACK").unwrap();
        barrier.await.unwrap();
        let now: i64 = other
            .query_row("SELECT now_ms FROM clock WHERE id = 0", [], |r| r.get(0))
            .unwrap();
        assert_eq!(now, 42, "the write is in the file when the barrier answers");
        write.wait().await.unwrap();
        store.close().await;
        drop(other);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
