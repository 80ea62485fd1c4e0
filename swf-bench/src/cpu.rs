//! CPU time of this process's client threads, leaving out the in-process server's.
//!
//! swf-local runs in the bench's process (on a runtime whose threads are named
//! [`SERVER_THREAD`]), so the process's own `getrusage` would charge the server's work to the
//! client. Linux reports each thread's user and system time in `/proc/self/task/<tid>/stat`;
//! summing the threads with other names gives the clients' share. The unit is the clock tick
//! (`USER_HZ`, 100 on every Linux architecture the bench runs on), so a figure is only as good as
//! the run is long: a run of a second or more keeps the error around 1 %.

/// The name of the in-process server's threads (at most 15 bytes: Linux truncates longer names).
pub const SERVER_THREAD: &str = "swf-bench-srv";

/// Clock ticks per second in `/proc` (Linux's `USER_HZ`).
const TICKS_PER_SECOND: f64 = 100.0;

/// CPU seconds used so far by this process's threads other than the server's (0 off Linux).
pub fn client_cpu_seconds() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let ticks: u64 = tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("stat")).ok())
        .filter_map(|stat| client_ticks(&stat))
        .sum();
    ticks as f64 / TICKS_PER_SECOND
}

/// User plus system ticks from one thread's `stat` line, or `None` for a server thread.
fn client_ticks(stat: &str) -> Option<u64> {
    // The name is in parentheses and may itself hold spaces or parentheses: split at the last ')'.
    let (head, rest) = stat.rsplit_once(')')?;
    let name = head.split_once('(')?.1;
    if name == SERVER_THREAD {
        return None;
    }
    // After the name: state (field 3) ... utime (field 14), stime (field 15).
    let mut fields = rest.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// The process's resident memory and its peak since the last [`reset_peak`], in KiB.
pub fn resident_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident memory to the current figure (Linux's `clear_refs` value 5).
///
/// Returns false where the kernel refuses it; the peak then covers the process's whole life.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stat_line_gives_user_plus_system_ticks_and_skips_the_server() {
        let line = "12 (tokio (rt) x) S 1 2 3 4 5 6 7 8 9 10 250 31 0 0";
        assert_eq!(client_ticks(line), Some(281));
        let server = format!("12 ({SERVER_THREAD}) S 1 2 3 4 5 6 7 8 9 10 250 31 0 0");
        assert_eq!(client_ticks(&server), None);
    }
}
