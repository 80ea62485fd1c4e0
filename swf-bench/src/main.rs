//! `swf-bench all | <workload> [--size tiny|default|N] [--out PATH]`, the workloads being calls,
//! history, replay, worker, service, cache, sticky and heartbeat.
//!
//! Runs the workloads on one swf-local started for the run, prints each table, and, for `all`
//! (or with `--out`), writes them to `BENCHMARKS.md` at the workspace root (or `PATH`).
//! `swf-bench serve-local` is not a workload: it is how the heartbeat workload runs swf-local in
//! a process of its own ([`local_process`]).

use std::path::PathBuf;
use std::process::ExitCode;

use swf_bench::report::{Table, document};
use swf_bench::rig::Rig;
use swf_bench::size::Size;
use swf_bench::{
    Error, Peers, boto3, cache, calls, heartbeat, history, local_process, replay, service, sticky,
    worker,
};
use swf_testkit::moto::Moto;

/// The workloads, in the order `all` runs them.
const WORKLOADS: [&str; 8] = [
    "calls",
    "history",
    "replay",
    "worker",
    "service",
    "cache",
    "sticky",
    "heartbeat",
];

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("swf-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), Error> {
    let usage = format!(
        "usage: swf-bench all|{} [--size tiny|default|N] [--out PATH]",
        WORKLOADS.join("|")
    );
    let mut args = args.into_iter();
    let workload = args.next().ok_or_else(|| usage.clone())?;
    if workload == local_process::SERVE {
        return local_process::serve();
    }
    let (mut size, mut out) = (Size::Default, None);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {usage}"))?;
        match flag.as_str() {
            "--size" => size = value.parse()?,
            "--out" => out = Some(PathBuf::from(value)),
            _ => return Err(format!("{flag}: not a flag; {usage}").into()),
        }
    }
    let chosen: Vec<&str> = match workload.as_str() {
        "all" => WORKLOADS.to_vec(),
        w if WORKLOADS.contains(&w) => vec![w],
        w => return Err(format!("{w:?} is not a workload; {usage}").into()),
    };
    if workload == "all" && out.is_none() {
        out = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../BENCHMARKS.md"));
    }
    let peers = Peers {
        boto3: match boto3::available() {
            Ok(()) => true,
            Err(why) => {
                eprintln!("swf-bench: boto3 left out: {why}");
                false
            }
        },
    };
    let rig = Rig::start()?;
    let mut tables: Vec<Table> = Vec::new();
    for name in chosen {
        eprintln!("swf-bench: running {name}");
        let table = match name {
            "calls" => calls::run(&rig, size, peers)?,
            "history" => history::run(&rig, size, peers)?,
            "replay" => replay::run(size)?,
            "worker" => worker::run(&rig, size, peers)?,
            "cache" => cache::run(&rig, size)?,
            "sticky" => sticky::run(&rig, size)?,
            "heartbeat" => heartbeat::run(size, &std::env::current_exe()?)?,
            _ => {
                // Started for this workload only: moto's state grows with every call.
                let moto = Moto::start("swf-bench service");
                service::run(&rig, size, moto.as_ref().map(|m| m.endpoint.as_str()))?
            }
        };
        println!("{}", table.markdown());
        tables.push(table);
    }
    drop(rig);
    if let Some(out) = out {
        let command = format!("cargo run --release -p swf-bench -- {workload}");
        std::fs::write(&out, document(&tables, &command))
            .map_err(|e| format!("writing {}: {e}", out.display()))?;
        eprintln!("swf-bench: wrote {}", out.display());
    }
    Ok(())
}
