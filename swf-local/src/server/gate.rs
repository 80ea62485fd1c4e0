//! What a call passes on its way to the engine and back: injected latency and faults, SWF's
//! rate limits, and its limit on pollers.
//!
//! The order is SWF's as a client sees it: a front end that refuses a call (an injected fault,
//! a throttle, too many pollers) refuses it before anything is applied; a dropped connection
//! loses the answer of a call that was applied.

use crate::error::Fault;
use crate::server::faults::{FaultConfig, Faults, Injected};
use crate::server::pollers::Pollers;
use crate::server::severable::Severance;
use crate::server::throttle::Throttle;
use crate::server::throttle_config::{SettingError, ThrottleConfig};
use std::future::Future;
use swf_core::Operation;

/// The limits and faults of a running service.
#[derive(Debug)]
pub(crate) struct Gate {
    throttle: Option<Throttle>,
    pollers: Pollers,
    pub(crate) faults: Faults,
}

impl Gate {
    pub(crate) fn new(
        throttle: Option<ThrottleConfig>,
        max_pollers: usize,
        faults: FaultConfig,
    ) -> Result<Gate, SettingError> {
        Ok(Gate {
            throttle: throttle.map(Throttle::new),
            pollers: Pollers::new(max_pollers),
            faults: Faults::new(faults)?,
        })
    }

    /// How many task lists have polls counted, and how many throttle buckets are kept, for
    /// [`crate::Server::keyed_entries`].
    pub(crate) fn keyed_entries(&self) -> (usize, usize) {
        let buckets = self.throttle.as_ref().map_or(0, Throttle::bucket_count);
        (self.pollers.list_count(), buckets)
    }

    /// Runs `call`, the handling of one call of `op` with this `body`, behind the gate.
    pub(crate) async fn pass(
        &self,
        op: Operation,
        body: &[u8],
        connection: &Severance,
        call: impl Future<Output = Result<Vec<u8>, Fault>>,
    ) -> Result<Vec<u8>, Fault> {
        let (delay, injected) = self.faults.draw(op);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if let Injected::Refuse(fault) = injected {
            return Err(fault.fault());
        }
        if let Some(throttle) = &self.throttle {
            throttle.admit(op, body)?;
        }
        let slot = self.pollers.admit(op, body)?;
        let result = call.await;
        drop(slot);
        if injected == Injected::DropAfterApply {
            connection.sever();
        }
        result
    }
}
