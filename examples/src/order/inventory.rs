//! Stock: `reserve-inventory` sets it aside for an order, `release-inventory` gives it back when
//! the order is rejected or canceled. Both run on the `orders` task list.

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
};

use super::model::{Order, Reservation};

/// Sets stock aside for an order. A simulation: it always succeeds.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReserveInventory;

impl ActivityDeclaration for ReserveInventory {
    const NAME: &'static str = "reserve-inventory";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = Reservation;
}

impl Activity for ReserveInventory {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Sets stock aside for an order.")
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

impl ActivityDeclaration for ReleaseInventory {
    const NAME: &'static str = "release-inventory";
    const VERSION: &'static str = "1";
    type Input = Reservation;
    type Output = ();
}

impl Activity for ReleaseInventory {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Gives reserved stock back.")
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
