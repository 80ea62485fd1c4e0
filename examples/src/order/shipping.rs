//! Shipping: the `shipment` child workflow and its one activity, `pack-and-ship`, the slow one,
//! on the `shipping` task list.
//!
//! Packing takes a while, so `pack-and-ship` shows the two things long activities need. It
//! records its progress as heartbeat details ([`Progress`]): the worker sends them with its
//! automatic heartbeats, so the history has them if the task times out, and a person can see how
//! far it got. And it honours cancellation: SWF answers a heartbeat with `cancelRequested` once
//! the workflow asks for the activity to be canceled, the worker fires the task's cancellation
//! signal, and the activity stops between two parcels and reports how far it got.
//!
//! Shipping is a child workflow rather than an activity of the order so that it can be canceled,
//! timed and watched on its own (it has its own history, `{order id}-shipment`), and so that
//! packing could grow more steps without the order workflow changing.

use std::time::Duration;

use swf_decider::state::ActivityStatus;
use swf_decider::{ActivityOptions, Exit, Registration, Workflow, WorkflowContext, WorkflowResult};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
};

use super::model::{Progress, Shipment, Tracking};

/// The heartbeat timeout of `pack-and-ship`: SWF times the task out if the worker is silent this
/// long, and the worker heartbeats at 0.8 of it, which is how quickly a cancellation reaches it.
pub const PACKING_HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(2);

/// Packs an order's parcels one after the other and hands them to the carrier. Heartbeats with
/// its [`Progress`]; stops when canceled.
#[derive(Debug, Clone, Copy)]
pub struct PackAndShip {
    /// How long packing one parcel takes.
    pub per_parcel: Duration,
}

impl Default for PackAndShip {
    /// Half a second a parcel.
    fn default() -> Self {
        PackAndShip {
            per_parcel: Duration::from_millis(500),
        }
    }
}

impl ActivityDeclaration for PackAndShip {
    const NAME: &'static str = "pack-and-ship";
    const VERSION: &'static str = "1";
    type Input = Shipment;
    type Output = Tracking;
}

impl Activity for PackAndShip {
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
            .heartbeat_timeout(PACKING_HEARTBEAT_TIMEOUT)
            .schedule_to_start_timeout(Duration::from_secs(300))
            .start_to_close_timeout(Duration::from_secs(3600))
            .schedule_to_close_timeout(Timeout::Unlimited)
            .description("Packs an order's parcels and hands them to the carrier.")
    }

    async fn run(
        &self,
        ctx: &ActivityContext,
        shipment: Shipment,
    ) -> Result<Tracking, ActivityError> {
        for packed in 0..shipment.parcels {
            let progress = Progress {
                packed,
                of: shipment.parcels,
            };
            ctx.heartbeat(&progress)?;
            tokio::select! {
                () = ctx.cancelled() => {
                    tracing::info!(order = %shipment.order_id, packed, "packing canceled");
                    let details = serde_json::to_string(&progress)?;
                    return Err(ActivityError::cancelled().with_details(details));
                }
                () = tokio::time::sleep(self.per_parcel) => {}
            }
        }
        tracing::info!(order = %shipment.order_id, parcels = shipment.parcels, "shipped");
        Ok(Tracking {
            number: format!("TRACK-{}", shipment.order_id),
        })
    }
}

/// The activity id of the shipment's one activity, named after its type.
const PACK: &str = PackAndShip::NAME;

/// Ships an order: runs `pack-and-ship` on the `shipping` task list and completes with its
/// tracking number. When asked to cancel while packing, it asks the activity to stop, waits for
/// it to acknowledge, and cancels with the activity's last [`Progress`] as details.
#[derive(Debug, Clone, Copy, Default)]
pub struct ShipmentWorkflow;

impl Workflow for ShipmentWorkflow {
    const NAME: &'static str = "shipment";
    const VERSION: &'static str = "1";
    type Input = Shipment;
    type Output = Tracking;

    fn run(&self, ctx: &mut WorkflowContext<'_>, shipment: Shipment) -> WorkflowResult<Tracking> {
        if ctx.cancel_requested().is_some() {
            match ctx.state().activities().get(PACK) {
                None => return Err(Exit::cancel()),
                Some(packing) if packing.is_open() => {
                    let _ = ctx.request_cancel_activity(PACK);
                    return Err(Exit::Pending);
                }
                Some(packing) => {
                    if let ActivityStatus::Canceled { details } = &packing.status {
                        return Err(Exit::Cancel {
                            details: details.clone(),
                        });
                    }
                    // It ended some other way before the request reached it: report that below.
                }
            }
        }
        let options = ActivityOptions::of::<PackAndShip>().task_list(super::SHIPPING);
        ctx.activity(PACK, &options, &shipment).result()
    }

    fn registration() -> Registration {
        super::workflow_registration("Ships an order: packs its parcels and hands them over.")
    }
}
