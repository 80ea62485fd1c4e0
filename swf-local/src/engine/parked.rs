//! A count of the long polls parked right now, so tests can wait until a poll is really waiting
//! for a task instead of sleeping and hoping it is.

use tokio::sync::watch;

/// The number of long polls waiting for a task, over every domain and task list.
///
/// A watch channel rather than an atomic: waiters are woken by the change itself, and a poll
/// that finds a task at once never touches it, so only parking and unparking pay for it.
#[derive(Debug)]
pub(crate) struct ParkedPolls {
    count: watch::Sender<usize>,
}

impl Default for ParkedPolls {
    fn default() -> ParkedPolls {
        ParkedPolls {
            count: watch::Sender::new(0),
        }
    }
}

impl ParkedPolls {
    /// Counts one poll as parked until the returned guard drops. A guard rather than a pair of
    /// calls, so a poll whose future is dropped (its client hung up) is uncounted too.
    pub(crate) fn park(&self) -> Parked<'_> {
        self.count.send_modify(|n| *n += 1);
        Parked { polls: self }
    }

    /// How many polls are parked now.
    pub(crate) fn count(&self) -> usize {
        *self.count.borrow()
    }

    /// Resolves once at least `count` polls are parked.
    pub(crate) async fn wait_for(&self, count: usize) {
        let mut changes = self.count.subscribe();
        // The sender lives as long as `self`, so the channel cannot close while we wait.
        let _ = changes.wait_for(|&parked| parked >= count).await;
    }
}

/// One parked poll, counted while this lives.
#[derive(Debug)]
pub(crate) struct Parked<'a> {
    polls: &'a ParkedPolls,
}

impl Drop for Parked<'_> {
    fn drop(&mut self) {
        self.polls.count.send_modify(|n| *n -= 1);
    }
}
