//! Each workload at its tiny size against one swf-local, so the bench code keeps working.
//!
//! No timing is asserted: only that each table has the rows it should and that its figures are
//! positive numbers. boto3's rows need `python3` with boto3; where it is missing the test runs
//! without them after a counted skip (a failure when `SWF_TEST_REQUIRE_PYTHON` is set).

use swf_bench::report::Table;
use swf_bench::rig::Rig;
use swf_bench::size::Size;
use swf_bench::{Peers, boto3, cache, calls, heartbeat, history, replay, service, sticky, worker};
use swf_decider::{DecidedFrom, Fallback};
use swf_testkit::skip::Requirement;

/// The peers to run: boto3 when it is installed, or after a counted skip when not required.
fn peers(test: &str) -> Peers {
    // Asked once for the whole binary: each asking starts Python and imports boto3.
    static BOTO3: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let boto3 = match BOTO3.get_or_init(boto3::available) {
        Ok(()) => true,
        Err(why) => {
            Requirement::PYTHON.skip(test, why);
            false
        }
    };
    Peers { boto3 }
}

/// The number at the start of `cell` (figures and ratios such as `2.35×`).
fn number(cell: &str) -> f64 {
    cell.trim_end_matches('×')
        .parse()
        .unwrap_or_else(|e| panic!("{cell:?} is not a figure: {e}"))
}

/// Asserts that the row keyed `key` exists and that the cells at `columns` are positive.
fn positive(table: &Table, key: &[&str], columns: &[usize]) {
    let row = table
        .find(key)
        .unwrap_or_else(|| panic!("no row {key:?} in\n{}", table.markdown()));
    for &c in columns {
        assert!(
            number(&row[c]) > 0.0,
            "column {:?} of row {key:?} is not positive in\n{}",
            table.header[c],
            table.markdown()
        );
    }
}

#[test]
fn calls_has_a_row_per_operation_and_client() {
    let peers = peers("calls_has_a_row_per_operation_and_client");
    let rig = Rig::start().expect("swf-local starts");
    let table = calls::run(&rig, Size::Tiny, peers).expect("the workload runs");
    let clients = if peers.boto3 { 3 } else { 2 };
    assert_eq!(table.rows.len(), 2 * clients, "{}", table.markdown());
    for operation in calls::OPERATIONS {
        for client in &calls::CLIENTS[..clients] {
            // CPU per call is left out: a tiny run may take less than a clock tick of CPU.
            positive(&table, &[operation, client], &[2, 3, 5]);
        }
    }
}

#[test]
fn history_reads_every_event_with_every_client() {
    let peers = peers("history_reads_every_event_with_every_client");
    let rig = Rig::start().expect("swf-local starts");
    let table = history::run(&rig, Size::Tiny, peers).expect("the workload runs");
    let clients = if peers.boto3 { 3 } else { 2 };
    assert_eq!(table.rows.len(), clients, "{}", table.markdown());
    for client in &history::CLIENTS[..clients] {
        positive(&table, &[client], &[1, 2, 3, 4]);
    }
}

#[test]
fn replay_has_a_row_with_a_time() {
    let table = replay::run(Size::Tiny).expect("the workload runs");
    assert_eq!(table.rows.len(), 1, "{}", table.markdown());
    // Peak memory is left out: a tiny replay can fit in pages the process already holds.
    positive(&table, &[], &[0, 1, 2]);
}

#[test]
fn service_has_a_row_per_service() {
    // Moto::start skips by Requirement::MOTO's rule when moto_server is missing.
    let moto = swf_testkit::moto::Moto::start("service_has_a_row_per_service");
    let rig = Rig::start().expect("swf-local starts");
    let table = service::run(&rig, Size::Tiny, moto.as_ref().map(|m| m.endpoint.as_str()))
        .expect("the workload runs");
    let services = if moto.is_some() { 3 } else { 2 };
    assert_eq!(table.rows.len(), services, "{}", table.markdown());
    for name in &service::SERVICES[..services] {
        positive(&table, &[name], &[1, 2, 3, 4, 5]);
    }
}

#[test]
fn worker_has_a_row_per_client() {
    let peers = peers("worker_has_a_row_per_client");
    let rig = Rig::start().expect("swf-local starts");
    let table = worker::run(&rig, Size::Tiny, peers).expect("the workload runs");
    let clients = if peers.boto3 { 4 } else { 3 };
    assert_eq!(table.rows.len(), clients, "{}", table.markdown());
    for client in &worker::CLIENTS[..clients] {
        positive(&table, &[client], &[1, 2, 3]);
    }
}

#[test]
fn cache_has_a_row_per_history_length_and_its_warm_tasks_came_from_the_cache() {
    let rig = Rig::start().expect("swf-local starts");
    let lengths = cache::measure(&rig, Size::Tiny).expect("the workload runs");
    let table = cache::table(&lengths);
    assert_eq!(table.rows.len(), 4, "{}", table.markdown());
    for workflow in cache::WORKFLOWS {
        for events in ["100", "1000"] {
            positive(&table, &[workflow, events], &[2, 3, 4, 5]);
        }
    }
    for length in &lengths {
        assert_eq!(length.warm.millis.len(), 3, "{length:?}");
        assert!(
            length
                .warm
                .decided_from
                .iter()
                .all(|d| *d == DecidedFrom::Cache),
            "{length:?}"
        );
        assert!(
            length
                .cold
                .decided_from
                .iter()
                .all(|d| *d == DecidedFrom::FullReplay(Fallback::Disabled)),
            "{length:?}"
        );
        // A warm task brings the events since the previous task's start; a cold one the whole
        // history, which holds at least the signals sent before the first task.
        assert!(length.warm.events.iter().all(|&e| e < 10), "{length:?}");
        assert!(
            length.cold.events.iter().all(|&e| e >= length.events),
            "{length:?}"
        );
    }
}

#[test]
fn sticky_sends_every_task_to_the_decider_holding_its_state() {
    let rig = Rig::start().expect("swf-local starts");
    let modes = sticky::measure(&rig, Size::Tiny).expect("the workload runs");
    let table = sticky::table(&modes);
    assert_eq!(table.rows.len(), 2, "{}", table.markdown());
    let [shared, sticky] = [&modes[0], &modes[1]];
    // Three executions, two rounds: two tasks each after the first, at least.
    assert!(shared.tasks >= 6 && sticky.tasks >= 6, "{modes:?}");
    // With sticky lists every task comes back to its decider: none reads the whole history.
    assert_eq!(sticky.from_cache, sticky.tasks, "{modes:?}");
    assert_eq!(sticky.history_pages, 0, "{modes:?}");
    // Each brings only the events since its execution's previous task: a signal, the previous
    // task's completion and this one's scheduling and start, and no more than a few others.
    assert!(sticky.events <= 10 * sticky.tasks, "{modes:?}");
    // Without, most tasks miss, and a miss costs the whole history (100 events): polled, or read
    // with `GetWorkflowExecutionHistory` when the poll brought part of it.
    let misses = shared.tasks - shared.from_cache;
    assert!(misses >= 2, "{modes:?}");
    assert!(
        shared.events + 100 * shared.history_pages >= 90 * misses,
        "{modes:?}"
    );
}

#[test]
fn heartbeat_keeps_every_task_alive_while_all_run_at_once() {
    // swf-local runs as this package's binary in a process of its own.
    let program = std::path::Path::new(env!("CARGO_BIN_EXE_swf-bench"));
    let measured = heartbeat::measure(Size::Tiny, program).expect("the workload runs");
    // Every task ran at once and every one completed: the worker heartbeated each by the
    // timeout it was scheduled with, not the far longer one its type was registered with.
    assert_eq!(measured.timed_out, 0, "{measured:?}");
    assert_eq!(measured.completed, measured.tasks, "{measured:?}");
    assert_eq!(measured.in_flight, measured.tasks, "{measured:?}");
    let table = heartbeat::table(&measured);
    assert_eq!(table.rows.len(), 1, "{}", table.markdown());
    // Memory is left out: a tiny run can fit in pages the process already holds.
    positive(&table, &[heartbeat::CLIENT], &[1, 2, 3]);
}
