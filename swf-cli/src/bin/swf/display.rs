//! SWF values as people read them in tables and details, where more than one command shows them.

use std::time::Duration;

use swf_core::Timeout;
use swf_core::types::WorkflowExecutionInfo;

/// An SWF timeout for people: `300` as `300s (5m00s)`, `NONE` (or anything not a timeout) as is.
pub(crate) fn seconds(value: &str) -> String {
    match value.parse::<Timeout>() {
        Ok(Timeout::Seconds(secs)) if secs >= 60 => {
            let pretty = crate::duration::format(Duration::from_secs(u64::from(secs)));
            format!("{secs}s ({pretty})")
        }
        Ok(Timeout::Seconds(secs)) => format!("{secs}s"),
        Ok(Timeout::Unlimited) | Err(_) => value.to_string(),
    }
}

/// An execution's status: `OPEN`, `OPEN (cancel requested)`, or how it closed.
pub(crate) fn status(info: &WorkflowExecutionInfo) -> String {
    match &info.close_status {
        Some(status) => status.to_string(),
        None if info.cancel_requested == Some(true) => "OPEN (cancel requested)".to_string(),
        None => info.execution_status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timeouts_read_as_durations() {
        assert_eq!(super::seconds("30"), "30s");
        assert_eq!(super::seconds("300"), "300s (5m00s)");
        assert_eq!(super::seconds("NONE"), "NONE");
    }
}
