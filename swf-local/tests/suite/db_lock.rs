//! One service per database file. A service answers from memory and only writes to its file, so
//! a second on the same file would lose the first's writes (and the first the second's); it must
//! refuse to start, naming the file and the process that holds it. The lock dies with its
//! holder: a SIGKILLed service does not block its restart.

use crate::binary_cli::{LocalBinary, PROCESS_DEADLINE};
use crate::common::*;
use crate::durability_restart::TempDb;
use swf_core::types::*;
use swf_local::{Server, StartError};
use swf_testkit::process::run_with_deadline;

/// The registered domains' names, as `client`'s service lists them.
async fn domains(client: &swf_core::Client) -> Vec<String> {
    client
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
        .unwrap()
        .domain_infos
        .into_iter()
        .map(|d| d.name)
        .collect()
}

#[tokio::test]
async fn a_second_server_in_one_process_is_refused_until_the_first_stops() {
    let db = TempDb::new("db-lock-in-process");
    let first = Server::builder().database(db.path()).start().await.unwrap();
    register_domain(&client_for(&first.endpoint_url()).await, "kept").await;

    let refusal = match Server::builder().database(db.path()).start().await {
        Err(e) => e,
        Ok(second) => panic!(
            "a second server started on {} at {}",
            db.path().display(),
            second.endpoint_url()
        ),
    };
    let path = db.path().display().to_string();
    match &refusal {
        StartError::DatabaseInUse {
            path: refused,
            lock_file,
            holder,
        } => {
            assert_eq!(*refused, path);
            assert_eq!(*lock_file, format!("{path}.lock"));
            assert_eq!(*holder, Some(std::process::id()));
        }
        other => panic!("expected DatabaseInUse, got {other:?}"),
    }
    let message = refusal.to_string();
    assert!(message.contains(&path), "{message}");
    assert!(
        message.contains(&format!("pid {}", std::process::id())),
        "{message}"
    );

    // The refused start changed nothing: the first still serves what it was told.
    let client = client_for(&first.endpoint_url()).await;
    assert_eq!(domains(&client).await, ["kept"]);

    // A stopped server lets go of the file at once: the next starts on it and finds its writes.
    first.shutdown().await;
    let next = Server::builder().database(db.path()).start().await.unwrap();
    assert_eq!(
        domains(&client_for(&next.endpoint_url()).await).await,
        ["kept"]
    );
    next.shutdown().await;
}

#[tokio::test]
async fn a_second_process_on_one_database_refuses_to_start_and_names_the_holder() {
    let db = TempDb::new("db-lock-binary");
    let first = LocalBinary::start(Some(db.path()));
    register_domain(&client_for(&first.url).await, "first").await;

    let second = run_with_deadline(
        &mut LocalBinary::command(Some(db.path()), &[]),
        PROCESS_DEADLINE,
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        !second.status.success(),
        "the second process served: {stderr}"
    );
    assert!(
        second.stdout.is_empty(),
        "the second process announced an endpoint: {}",
        String::from_utf8_lossy(&second.stdout)
    );
    assert!(
        stderr.contains(&db.path().display().to_string()),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("pid {}", first.process.id())),
        "{stderr}"
    );
    assert!(stderr.contains("in use"), "{stderr}");

    // The first serves on, with its writes intact.
    let client = client_for(&first.url).await;
    register_domain(&client, "second").await;
    assert_eq!(domains(&client).await, ["first", "second"]);
    first.kill();
}

#[tokio::test]
async fn a_sigkilled_process_does_not_block_the_restart() {
    let db = TempDb::new("db-lock-sigkill");
    let first = LocalBinary::start(Some(db.path()));
    register_domain(&client_for(&first.url).await, "before-the-kill").await;
    first.kill();

    // The kernel released the lock with the process: the restart serves, with what was stored.
    let restarted = LocalBinary::start(Some(db.path()));
    let client = client_for(&restarted.url).await;
    assert_eq!(domains(&client).await, ["before-the-kill"]);
    register_domain(&client, "after").await;
    assert_eq!(domains(&client).await, ["after", "before-the-kill"]);
    restarted.kill();
}
