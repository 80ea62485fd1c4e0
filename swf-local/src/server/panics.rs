//! A panic while answering a call becomes SWF's `InternalFailure` (500) instead of a connection
//! closed with no answer. No input should panic the service (bad input gets a fault); this is
//! the net under that rule, so a bug costs one call a 500 and not the client its answer.
//!
//! The domain it happened in keeps serving: every lock in the engine takes its state back from a
//! poisoned mutex (`Domain::lock`), so a panic under a lock does not take the domain down.

use crate::error::{Fault, FaultKind};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::task::{Context, Poll};

/// `call`, answering a panic in it with `InternalFailure`. Polled in place (not spawned), so a
/// call whose client goes away is still dropped with its connection, as before.
pub(crate) fn answer_panics<F>(call: F) -> impl Future<Output = Result<Vec<u8>, Fault>>
where
    F: Future<Output = Result<Vec<u8>, Fault>>,
{
    let mut call = Box::pin(call);
    std::future::poll_fn(move |cx: &mut Context<'_>| poll_caught(call.as_mut(), cx))
}

fn poll_caught<F>(call: Pin<&mut F>, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, Fault>>
where
    F: Future<Output = Result<Vec<u8>, Fault>>,
{
    // Unwind safety: what the call shared is the engine's state, which stays usable after a
    // panic by design (see the module's docs); the call itself is never polled again.
    match catch_unwind(AssertUnwindSafe(|| call.poll(cx))) {
        Ok(poll) => poll,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(panic = %what, "a call panicked; answered with InternalFailure");
            Poll::Ready(Err(Fault::new(
                FaultKind::InternalFailure,
                "Internal failure: the service hit a bug answering this call",
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;
    use crate::server::dispatch::dispatch;
    use swf_core::Operation;

    /// A call that panics under its domain's lock is answered with a 500, and the domain
    /// keeps serving reads and writes afterwards.
    #[tokio::test]
    async fn a_panic_is_a_500_and_the_domain_keeps_serving() {
        let engine = Engine::new(
            std::time::Duration::from_secs(1),
            None,
            tokio_util::sync::CancellationToken::new(),
        );
        let register = br#"{"name":"d","workflowExecutionRetentionPeriodInDays":"1"}"#;
        dispatch(&engine, Operation::RegisterDomain, register)
            .await
            .unwrap();
        let domain = engine.domain("d").unwrap();
        let bug = answer_panics(async {
            engine
                .mutate(&domain, |_| -> Result<Vec<u8>, Fault> {
                    panic!("a bug under the domain lock")
                })
                .await
        });
        let fault = bug.await.unwrap_err();
        assert_eq!(fault.http_status(), 500);
        assert!(fault.message().contains("Internal failure"), "{fault:?}");

        let describe = br#"{"name":"d"}"#;
        dispatch(&engine, Operation::DescribeDomain, describe)
            .await
            .unwrap();
        let tag = br#"{"name":"d"}"#;
        dispatch(&engine, Operation::DeprecateDomain, tag)
            .await
            .unwrap();
    }
}
