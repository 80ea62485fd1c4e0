//! Money: `charge-payment` charges the card through a simulated gateway, `refund-payment` gives a
//! charge back. Both run on the `orders` task list.
//!
//! The gateway is where retries earn their keep. The activity only reports what happened; whether
//! a failure is worth another attempt is the workflow's call (its [`RetryPolicy`] retries
//! `GatewayTimeout` and gives up at once on `CardDeclined`), so every attempt and every wait is in
//! the history.
//!
//! [`RetryPolicy`]: swf_decider::RetryPolicy

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
};

use super::model::{Charge, Receipt};

/// The failure reason of a card the gateway refuses: not worth retrying.
pub const CARD_DECLINED: &str = "CardDeclined";
/// The failure reason of a gateway that did not answer in time: worth retrying.
pub const GATEWAY_TIMEOUT: &str = "GatewayTimeout";

/// Charges a card. The simulated gateway fails the first attempt for card `flaky` (with
/// [`GATEWAY_TIMEOUT`]), every attempt for card `declined` (with [`CARD_DECLINED`]), and accepts
/// any other card.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChargePayment;

impl ActivityDeclaration for ChargePayment {
    const NAME: &'static str = "charge-payment";
    const VERSION: &'static str = "1";
    type Input = Charge;
    type Output = Receipt;
}

impl Activity for ChargePayment {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Charges a card.")
    }

    async fn run(&self, ctx: &ActivityContext, charge: Charge) -> Result<Receipt, ActivityError> {
        // Retried attempts have their own activity ids: `charge-payment#2`, `#3`, ...
        let first_attempt = !ctx.activity_id().contains('#');
        match charge.card.as_str() {
            "declined" => Err(ActivityError::new(CARD_DECLINED)
                .with_details(format!("the issuer refused {} cents", charge.cents))),
            "flaky" if first_attempt => Err(ActivityError::new(GATEWAY_TIMEOUT)
                .with_details("the payment gateway did not answer within 5 s")),
            _ => {
                tracing::info!(order = %charge.order_id, cents = charge.cents, "card charged");
                Ok(Receipt {
                    charge_id: format!("ch-{}", charge.order_id),
                    cents: charge.cents,
                })
            }
        }
    }
}

/// Gives a charge back.
#[derive(Debug, Clone, Copy, Default)]
pub struct RefundPayment;

impl ActivityDeclaration for RefundPayment {
    const NAME: &'static str = "refund-payment";
    const VERSION: &'static str = "1";
    type Input = Receipt;
    type Output = ();
}

impl Activity for RefundPayment {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Gives a charge back.")
    }

    async fn run(&self, _: &ActivityContext, receipt: Receipt) -> Result<(), ActivityError> {
        tracing::info!(charge = %receipt.charge_id, cents = receipt.cents, "charge refunded");
        Ok(())
    }
}
