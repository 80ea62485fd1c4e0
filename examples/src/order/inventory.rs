//! Stock: `reserve-inventory` sets it aside for an order, `release-inventory` gives it back when
//! the order is rejected or canceled. Both run on the `orders` task list.

use swf_worker::{Activity, ActivityContext, ActivityError, ActivityRegistration};

use super::model::{Order, Reservation};

/// Sets stock aside for an order. A simulation: it always succeeds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReserveInventory;

impl Activity for ReserveInventory {
    const NAME: &'static str = "reserve-inventory";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = Reservation;

    fn registration(&self) -> ActivityRegistration {
        super::quick_activity("Sets stock aside for an order.")
    }

    async fn run(&self, _: &ActivityContext, order: Order) -> Result<Reservation, ActivityError> {
        tracing::info!(order = %order.id, parcels = order.parcels(), "stock reserved");
        Ok(Reservation {
            reservation_id: format!("res-{}", order.id),
        })
    }
}

/// Gives reserved stock back.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReleaseInventory;

impl Activity for ReleaseInventory {
    const NAME: &'static str = "release-inventory";
    const VERSION: &'static str = "1";
    type Input = Reservation;
    type Output = ();

    fn registration(&self) -> ActivityRegistration {
        super::quick_activity("Gives reserved stock back.")
    }

    async fn run(
        &self,
        _: &ActivityContext,
        reservation: Reservation,
    ) -> Result<(), ActivityError> {
        tracing::info!(reservation = %reservation.reservation_id, "stock released");
        Ok(())
    }
}
