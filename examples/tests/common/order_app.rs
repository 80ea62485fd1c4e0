//! The order application on [`App`]: its two workers and its decider.

use std::time::Duration;

use examples::order::{
    self, ChargePayment, OrderWorkflow, PackAndShip, RefundPayment, ReleaseInventory,
    ReserveInventory, SendConfirmation, SendReminder,
};

/// How the order application is configured for a test.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How long packing one parcel takes.
    pub per_parcel: Duration,
    /// How long a large order waits before the approver is reminded.
    pub remind_after: Duration,
}

impl Default for Settings {
    /// Quick packing; a reminder no test waits for.
    fn default() -> Self {
        Settings {
            per_parcel: Duration::from_millis(10),
            remind_after: Duration::from_secs(600),
        }
    }
}

use super::App;

impl App {
    /// The order application: starts the service, registers everything, and runs the workers of
    /// the `orders` and `shipping` task lists and the decider.
    pub async fn order(settings: Settings) -> App {
        let mut app = App::start(order::DOMAIN).await;
        let mut orders = app.worker(order::ORDERS, "test-orders");
        orders
            .activity(app.observed(ReserveInventory))
            .activity(app.observed(ReleaseInventory))
            .activity(app.observed(ChargePayment))
            .activity(app.observed(RefundPayment))
            .activity(app.observed(SendReminder))
            .activity(app.observed(SendConfirmation));
        app.run_worker(orders.build().expect("orders worker builds"))
            .await;
        let pack = PackAndShip {
            per_parcel: settings.per_parcel,
        };
        let mut shipping = app.worker(order::SHIPPING, "test-shipping");
        shipping.activity(app.observed(pack));
        app.run_worker(shipping.build().expect("shipping worker builds"))
            .await;

        let mut decider = app.decider(order::DECISIONS, "test-decider");
        let workflow = OrderWorkflow {
            remind_after: settings.remind_after,
        };
        let decider = order::workflows(&mut decider, workflow).build();
        app.run_decider(decider.expect("decider builds")).await;
        app
    }
}
