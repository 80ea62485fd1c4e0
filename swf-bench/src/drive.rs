//! Many concurrent callers sharing one count of calls, timed with the clients' CPU.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::Error;
use crate::cpu::client_cpu_seconds;

/// What a timed run of calls cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// Calls made.
    pub calls: usize,
    /// Wall-clock seconds from the first call to the last answer.
    pub seconds: f64,
    /// CPU seconds of the caller (the client threads, or the peer's own process).
    pub cpu_seconds: f64,
}

impl Measured {
    /// Calls per second.
    pub fn rate(&self) -> f64 {
        self.calls as f64 / self.seconds
    }

    /// CPU microseconds per call.
    pub fn cpu_micros_per_call(&self) -> f64 {
        self.cpu_seconds * 1e6 / self.calls as f64
    }
}

/// Makes `calls` calls of `call(i)` (`i` from 0), `callers` at a time, and times them.
///
/// The first error stops the run and is returned with the index of the call that failed.
pub async fn concurrently<F, Fut>(calls: usize, callers: usize, call: F) -> Result<Measured, Error>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Error>> + Send,
{
    let call = Arc::new(call);
    let next = Arc::new(AtomicUsize::new(0));
    let cpu = client_cpu_seconds();
    let started = Instant::now();
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= calls {
                        return Ok::<(), Error>(());
                    }
                    call(i).await.map_err(|e| format!("call {i}: {e}"))?;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    Ok(Measured {
        calls,
        seconds: started.elapsed().as_secs_f64(),
        cpu_seconds: client_cpu_seconds() - cpu,
    })
}
