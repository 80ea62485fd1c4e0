//! Full replays: the decider folding a whole history and deciding on its last task.
//!
//! The histories are swf-decider's example `StepsWorkflow` (one activity after the other, six
//! events a step), built in memory by its `steps_history`: replay needs no service. Each input is
//! copied before the clock starts, as the decider gets its events from the poll already decoded.

// The example workflows and their histories, shared with swf-decider's own tests and examples.
#[path = "../../swf-decider/examples/workflows/mod.rs"]
mod workflows;

use std::time::Instant;

use swf_decider::ReplayCheck;
use swf_decider::testing::Replay;
use workflows::{StepsWorkflow, steps_history};

use crate::Error;
use crate::cpu::{reset_peak, resident_kib};
use crate::report::{Table, figure};
use crate::size::Size;

/// Runs the workload at 1,000, 10,000 and 25,000 events (at `N` alone with a count, at 100 for
/// the tiny size), the best of 5 replays each.
pub fn run(size: Size) -> Result<Table, Error> {
    let sizes = match size {
        Size::Tiny => vec![100],
        Size::Default => vec![1_000, 10_000, 25_000],
        Size::Count(n) => vec![n],
    };
    let runs = if size == Size::Tiny { 1 } else { 5 };
    let peaks_reset = reset_peak();
    let mut table = Table::new(
        "Full replay",
        format!(
            "`StepsWorkflow` (swf-decider's example: one activity after another) replayed from its \
             first event, deciding on its last decision task with the decider's default check \
             (`ReplayCheck::LastTask`): the best of {runs}. Peak memory is the growth of the \
             process's peak resident set over its resident set before the history's copy was made \
             ({}), so it counts the decoded history and everything the replay holds at once.",
            if peaks_reset {
                "the peak reset by /proc/self/clear_refs before each replay"
            } else {
                "the kernel refused to reset the peak, so it is the process's whole life's"
            }
        ),
        &[
            "events",
            "ms per replay",
            "µs per event",
            "peak memory growth (MiB)",
        ],
    );
    for target in sizes {
        let history = steps_history(target).into_events();
        let (mut fastest, mut peak_kib) = (f64::INFINITY, 0);
        for _ in 0..runs {
            let (before, _) = resident_kib();
            reset_peak();
            let copy = history.clone();
            let started = Instant::now();
            let decided = Replay::new(StepsWorkflow)
                .check(ReplayCheck::LastTask)
                .run(copy)
                .map_err(|e| format!("replaying {} events: {e}", history.len()))?;
            fastest = fastest.min(started.elapsed().as_secs_f64());
            drop(std::hint::black_box(decided));
            let (_, peak) = resident_kib();
            peak_kib = peak_kib.max(peak.saturating_sub(before));
        }
        table.row(vec![
            history.len().to_string(),
            figure(fastest * 1000.0),
            figure(fastest * 1e6 / history.len() as f64),
            figure(peak_kib as f64 / 1024.0),
        ]);
    }
    Ok(table)
}
