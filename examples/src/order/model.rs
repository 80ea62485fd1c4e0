//! What flows between the order's workflows and activities: the inputs and results, encoded as
//! JSON in the history.
//!
//! These types are the contract between the decider and the workers, which are deployed
//! separately, and between today's code and the histories of executions started by yesterday's.
//! Change them compatibly: add fields with `#[serde(default)]`, never rename or retype one.

use serde::{Deserialize, Serialize};

/// Orders of at least this many cents wait for an `approve` or `reject` signal.
pub const APPROVAL_THRESHOLD_CENTS: u64 = 100_000;

/// An order, the input of the `order` workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The order's id; the execution's workflow id is usually the same.
    pub id: String,
    /// Who ordered.
    pub customer: String,
    /// What was ordered.
    pub items: Vec<Item>,
    /// How to pay. The simulated gateway of [`ChargePayment`](super::ChargePayment) understands
    /// three cards: `flaky` (the first attempt fails with `GatewayTimeout`), `declined` (fails
    /// with `CardDeclined`), and any other (accepted).
    pub card: String,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The stock-keeping unit.
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// The price of one, in cents.
    pub unit_cents: u64,
}

impl Order {
    /// An order of `quantity` × `sku` at `unit_cents` each, paid with `card`.
    pub fn new(id: &str, sku: &str, quantity: u32, unit_cents: u64, card: &str) -> Order {
        Order {
            id: id.to_owned(),
            customer: "ada@example.com".to_owned(),
            items: vec![Item {
                sku: sku.to_owned(),
                quantity,
                unit_cents,
            }],
            card: card.to_owned(),
        }
    }

    /// What the order costs, in cents.
    pub fn total_cents(&self) -> u64 {
        self.items
            .iter()
            .map(|i| u64::from(i.quantity) * i.unit_cents)
            .sum()
    }

    /// Whether someone must approve the order before it is charged:
    /// [`APPROVAL_THRESHOLD_CENTS`] or more.
    pub fn needs_approval(&self) -> bool {
        self.total_cents() >= APPROVAL_THRESHOLD_CENTS
    }

    /// How many parcels it ships in: one per unit.
    pub fn parcels(&self) -> u32 {
        self.items.iter().map(|i| i.quantity).sum()
    }
}

/// Stock set aside for an order by `reserve-inventory`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reservation {
    /// The reservation's id, to release it by.
    pub reservation_id: String,
}

/// A charge to a card, the input of `charge-payment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Charge {
    /// The order charged for.
    pub order_id: String,
    /// The card.
    pub card: String,
    /// How much, in cents.
    pub cents: u64,
}

/// What `charge-payment` returns, and `refund-payment` takes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The payment gateway's id for the charge.
    pub charge_id: String,
    /// How much was charged, in cents.
    pub cents: u64,
}

/// The input of the `shipment` child workflow and of its `pack-and-ship` activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// The order shipped.
    pub order_id: String,
    /// How many parcels to pack.
    pub parcels: u32,
}

/// How far `pack-and-ship` got: its heartbeat details, and its details when canceled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Parcels packed so far.
    pub packed: u32,
    /// Parcels in all.
    pub of: u32,
}

/// What a shipment returns: the carrier's tracking number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    /// The tracking number.
    pub number: String,
}

/// A message to a person, the input of `send-reminder` and `send-confirmation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Who it goes to.
    pub to: String,
    /// What it says.
    pub text: String,
}

/// The input of the `reject` signal (and, optionally, of `approve`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Verdict {
    /// Who decided.
    #[serde(default)]
    pub by: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// How an order ended, the result of the `order` workflow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderOutcome {
    /// The order.
    pub order_id: String,
    /// Shipped or rejected.
    pub status: OrderStatus,
    /// The charge, for a shipped order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// The tracking number, for a shipped order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking: Option<String>,
    /// Why, for a rejected order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Where an order ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrderStatus {
    /// Paid for and shipped.
    Shipped,
    /// Rejected by its approver; the stock was released and nothing was charged.
    Rejected,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_from_the_threshold_up_need_approval() {
        let just_under = Order::new("o", "SKU", 4, 24_999, "visa");
        assert_eq!(just_under.total_cents(), 99_996);
        assert!(!just_under.needs_approval());
        let at = Order::new("o", "SKU", 2, 50_000, "visa");
        assert!(at.needs_approval());
        assert_eq!(at.parcels(), 2);
    }

    #[test]
    fn outcomes_leave_out_what_does_not_apply() {
        let rejected = OrderOutcome {
            order_id: "o-1".into(),
            status: OrderStatus::Rejected,
            charge_id: None,
            tracking: None,
            reason: Some("over budget".into()),
        };
        let json = serde_json::to_string(&rejected).unwrap();
        assert_eq!(
            json,
            r#"{"order_id":"o-1","status":"rejected","reason":"over budget"}"#
        );
        assert_eq!(
            serde_json::from_str::<OrderOutcome>(&json).unwrap(),
            rejected
        );
    }
}
