//! One process per database file: an exclusive lock on `<db>.lock`, held while the file is open.
//!
//! # Why
//! Each service keeps its state in memory and only writes to the file, never reads it back. Two
//! services on one file would each answer from their own memory and overwrite each other's
//! rows: two open runs of one workflow id, a registration acknowledged and gone after a restart.
//! So the second must refuse to start.
//!
//! # Why a sidecar file with an OS lock
//! An OS lock (`flock` on Unix, `LockFileEx` on Windows, through `std::fs::File::try_lock`)
//! belongs to the open file, so the kernel releases it when the process ends in any way,
//! SIGKILL included: a crash never leaves a stale lock that blocks the restart. It conflicts
//! between two opens in one process too, so two servers started in one test process on one
//! file are refused as two processes are. The lock is on a file of its own rather than on the
//! database, so that it can hold the holder's process id for the refusal to name, and so that it
//! never meets SQLite's own byte-range locks on the database.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The exclusive lock on a database file; released when dropped (or when the process ends).
#[derive(Debug)]
pub(crate) struct DbLock {
    /// Held open for the lock's sake only.
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another process (or another server in this one) holds it.
    Held {
        /// The lock file.
        lock_file: PathBuf,
        /// The holder's process id, as it wrote it; `None` when it has not written it yet.
        holder: Option<u32>,
    },
    /// The lock file could not be created, read or written.
    Io {
        /// The lock file.
        lock_file: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl DbLock {
    /// Takes the lock of the database at `db`, without waiting: fails at once if it is held.
    pub(crate) fn acquire(db: &Path) -> Result<DbLock, LockError> {
        let lock_file = lock_path(db);
        let io = |source| LockError::Io {
            lock_file: lock_file.clone(),
            source,
        };
        // Not truncated on open: the holder's pid must still be there for a refused process.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_file)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    holder: read_pid(&mut file),
                    lock_file,
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        // For the refusal message of whoever comes next; the lock, not this text, is what counts.
        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        Ok(DbLock { _file: file })
    }
}

/// `<db>.lock`, next to the database and its `-wal` and `-shm` files.
pub(crate) fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The process id the holder wrote, if it has written one yet.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!(
            "swf-local-lock-{name}-{}.sqlite",
            std::process::id()
        ))
    }

    #[test]
    fn a_second_lock_on_one_file_is_refused_and_names_the_holder() {
        let db = temp_db("second");
        let first = DbLock::acquire(&db).unwrap();
        match DbLock::acquire(&db) {
            Err(LockError::Held { lock_file, holder }) => {
                assert_eq!(lock_file, lock_path(&db));
                assert_eq!(holder, Some(std::process::id()));
            }
            other => panic!("expected the lock to be held, got {other:?}"),
        }
        drop(first);
        // Released with its holder: the next one takes it.
        let again = DbLock::acquire(&db).unwrap();
        drop(again);
        let _ = std::fs::remove_file(lock_path(&db));
    }
}
