//! The database's schema version (`PRAGMA user_version`): a new file records version 2, a file
//! from before versions were recorded (0) or of version 1 (no `clock` table) is read and brought
//! to version 2, and any other version is refused at start, by the library and by the binary,
//! without the file being read or changed.

use crate::binary_cli::PROCESS_DEADLINE;
use crate::common::*;
use crate::durability_restart::TempDb;
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;
use swf_core::types::{ListDomainsInput, RegistrationStatus};
use swf_local::{Server, StartError};

/// The version this service writes. Written out rather than taken from the crate, so that a bump
/// of the layout's version is a deliberate change here too.
const EXPECTED: i64 = 2;

/// A version no swf-local has written.
const FUTURE: i64 = 7;

fn user_version(db: &Path) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

fn set_user_version(db: &Path, version: i64) {
    Connection::open(db)
        .unwrap()
        .pragma_update(None, "user_version", version)
        .unwrap();
}

/// Starts the service on `db`, registers `domain` and stops it, leaving a database with one
/// domain in it.
async fn database_with_domain(db: &Path, domain: &str) {
    let server = Server::builder().database(db).start().await.unwrap();
    register_domain(&client_for(&server.endpoint_url()).await, domain).await;
    server.shutdown().await;
}

/// The names of the registered domains of the service started on `db`.
async fn domains_in(db: &Path) -> Vec<String> {
    let server = Server::builder().database(db).start().await.unwrap();
    let list = client_for(&server.endpoint_url())
        .await
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
        .unwrap();
    server.shutdown().await;
    list.domain_infos.into_iter().map(|d| d.name).collect()
}

#[tokio::test]
async fn a_new_database_records_its_schema_version() {
    let db = TempDb::new("schema-new");
    database_with_domain(db.path(), "kept").await;
    assert_eq!(user_version(db.path()), EXPECTED);
}

#[tokio::test]
async fn an_unversioned_database_is_read_and_stamped() {
    // A database from before versions were recorded: the same tables, user_version 0.
    let db = TempDb::new("schema-unversioned");
    database_with_domain(db.path(), "kept").await;
    set_user_version(db.path(), 0);

    assert_eq!(domains_in(db.path()).await, ["kept"]);
    assert_eq!(user_version(db.path()), EXPECTED);
}

#[tokio::test]
async fn a_version_1_database_is_read_and_upgraded() {
    // Version 1: the same tables but the virtual clock's.
    let db = TempDb::new("schema-v1");
    database_with_domain(db.path(), "kept").await;
    {
        let conn = Connection::open(db.path()).unwrap();
        conn.execute_batch("DROP TABLE clock").unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }

    assert_eq!(domains_in(db.path()).await, ["kept"]);
    assert_eq!(user_version(db.path()), EXPECTED);
    let clocks: i64 = Connection::open(db.path())
        .unwrap()
        .query_row("SELECT count(*) FROM clock", [], |row| row.get(0))
        .unwrap();
    assert_eq!(
        clocks, 0,
        "a file that never ran on a virtual clock saves no time"
    );
}

#[tokio::test]
async fn the_library_refuses_a_database_of_another_version() {
    let db = TempDb::new("schema-library");
    database_with_domain(db.path(), "kept").await;
    set_user_version(db.path(), FUTURE);

    match Server::builder().database(db.path()).start().await {
        Err(StartError::SchemaVersion {
            path,
            found,
            expected,
        }) => {
            assert_eq!(path, db.path().display().to_string());
            assert_eq!((found, expected), (FUTURE, EXPECTED));
        }
        Ok(server) => {
            server.shutdown().await;
            panic!("a database of version {FUTURE} was opened");
        }
        Err(other) => panic!("refused for another reason: {other}"),
    }
    // Refused untouched: its version is still the one it had, and its contents are all there
    // once it has the version this service reads.
    assert_eq!(user_version(db.path()), FUTURE);
    set_user_version(db.path(), EXPECTED);
    assert_eq!(domains_in(db.path()).await, ["kept"]);
}

#[tokio::test]
async fn the_binary_refuses_a_database_of_another_version_naming_both_versions() {
    let db = TempDb::new("schema-binary");
    database_with_domain(db.path(), "kept").await;
    set_user_version(db.path(), FUTURE);

    let out = swf_testkit::run_with_deadline(
        Command::new(env!("CARGO_BIN_EXE_swf-local"))
            .args(["--bind", "127.0.0.1:0", "--db"])
            .arg(db.path())
            // Nothing but the error on stderr, whatever the environment asks to log.
            .env_remove("RUST_LOG"),
        PROCESS_DEADLINE,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(stdout.is_empty(), "it announced an endpoint: {stdout}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "swf-local: cannot open the database {}: its schema version is {FUTURE}, and this \
             swf-local reads version {EXPECTED} only (a newer swf-local wrote it, or it is not \
             swf-local's)",
            db.path().display()
        )
    );
    assert_eq!(user_version(db.path()), FUTURE);
}
