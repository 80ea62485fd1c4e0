//! Messages to people: `send-reminder` to an approver who has not decided yet,
//! `send-confirmation` to a customer whose order shipped. Both run on the `orders` task list; both
//! only log here.

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
};

use super::model::Notice;

/// Reminds an approver that an order waits for them.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendReminder;

impl ActivityDeclaration for SendReminder {
    const NAME: &'static str = "send-reminder";
    const VERSION: &'static str = "1";
    type Input = Notice;
    type Output = ();
}

impl Activity for SendReminder {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Reminds an approver that an order waits for them.")
    }

    async fn run(&self, _: &ActivityContext, notice: Notice) -> Result<(), ActivityError> {
        tracing::info!(to = %notice.to, text = %notice.text, "reminder sent");
        Ok(())
    }
}

/// Tells a customer that their order shipped.
#[derive(Debug, Clone, Copy, Default)]
pub struct SendConfirmation;

impl ActivityDeclaration for SendConfirmation {
    const NAME: &'static str = "send-confirmation";
    const VERSION: &'static str = "1";
    type Input = Notice;
    type Output = ();
}

impl Activity for SendConfirmation {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Tells a customer that their order shipped.")
    }

    async fn run(&self, _: &ActivityContext, notice: Notice) -> Result<(), ActivityError> {
        tracing::info!(to = %notice.to, text = %notice.text, "confirmation sent");
        Ok(())
    }
}
