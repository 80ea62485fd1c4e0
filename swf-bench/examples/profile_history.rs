//! The history workload's reads alone, for a profiler: builds one history, then reads it with
//! one peer again and again, printing the ms per history of each read.
//!
//! `cargo run --release -p swf-bench --example profile_history -- [core|sdk] [reads] [events]`
//!
//! It prints `reading` on stderr once the history is built, so that a profiler attached then
//! (`perf record -p <pid>`) sees the reads and not the signals that built the history. The
//! server's threads are named `swf-bench-srv`, the client's `swf-bench`: `perf report --comm`
//! splits the two.

use std::time::Instant;

use swf_bench::history::{build, core, sdk};
use swf_bench::rig::Rig;

fn main() -> Result<(), swf_bench::Error> {
    let mut args = std::env::args().skip(1);
    let peer = args.next().unwrap_or_else(|| "core".into());
    let reads: usize = args.next().map_or(Ok(200), |n| n.parse())?;
    let events: usize = args.next().map_or(Ok(20_000), |n| n.parse())?;
    let rig = Rig::start()?;
    let execution = rig.runtime.block_on(build(&rig, events))?;
    eprintln!("reading");
    let started = Instant::now();
    let cpu = swf_bench::cpu::client_cpu_seconds();
    let mut fastest = f64::INFINITY;
    for _ in 0..reads {
        let read = Instant::now();
        let got = match peer.as_str() {
            "core" => rig.runtime.block_on(core(&rig, &execution))?,
            "sdk" => rig.runtime.block_on(sdk(&rig, &execution))?,
            other => return Err(format!("{other:?}: not a peer (core or sdk)").into()),
        };
        if got != events {
            return Err(format!("read {got} events of {events}").into());
        }
        fastest = fastest.min(read.elapsed().as_secs_f64());
    }
    let per = started.elapsed().as_secs_f64() / reads as f64;
    let cpu_per = (swf_bench::cpu::client_cpu_seconds() - cpu) / reads as f64;
    println!(
        "{peer}: {reads} reads, mean {:.1} ms, fastest {:.1} ms, client CPU {:.1} ms per history",
        per * 1e3,
        fastest * 1e3,
        cpu_per * 1e3
    );
    Ok(())
}
